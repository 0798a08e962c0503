//! Per-token rate limiting: a token bucket per access-token id, in memory.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Request limits of the API.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest accepted request body, in bytes (larger: 413).
    pub body_bytes: usize,
    /// Requests a token may make at once.
    pub burst: u32,
    /// Requests per second a token regains.
    pub per_second: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            body_bytes: 256 * 1024,
            burst: 60,
            per_second: 10.0,
        }
    }
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Buckets by access-token id.
#[derive(Default)]
pub(crate) struct RateLimiter {
    buckets: Mutex<HashMap<i64, Bucket>>,
}

impl RateLimiter {
    /// Takes one request from `key`'s bucket; `Err(wait)` when empty.
    pub(crate) fn take(&self, key: i64, limits: &Limits, now: Instant) -> Result<(), Duration> {
        let mut map = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let burst = f64::from(limits.burst.max(1));
        let b = map.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        let elapsed = now.saturating_duration_since(b.at).as_secs_f64();
        b.tokens = (b.tokens + elapsed * limits.per_second).min(burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else if limits.per_second > 0.0 {
            Err(Duration::from_secs_f64(
                (1.0 - b.tokens) / limits.per_second,
            ))
        } else {
            Err(Duration::from_secs(3600))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_empties_then_refills() {
        let l = Limits {
            body_bytes: 1,
            burst: 3,
            per_second: 2.0,
        };
        let r = RateLimiter::default();
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(r.take(1, &l, t0).is_ok());
        }
        let wait = r.take(1, &l, t0).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(500));
        // Another token has its own bucket.
        assert!(r.take(2, &l, t0).is_ok());
        assert!(r.take(1, &l, t0 + Duration::from_millis(600)).is_ok());
    }
}
