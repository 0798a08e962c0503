//! Conditional GET (RFC 9110 §13): If-None-Match, then If-Modified-Since.

use axum::http::{HeaderMap, header};
use chrono::NaiveDateTime;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn system_time(utc: NaiveDateTime) -> SystemTime {
    let secs = utc.and_utc().timestamp().max(0) as u64;
    UNIX_EPOCH + Duration::from_secs(secs)
}

/// An HTTP date (IMF-fixdate) of a UTC time.
pub(crate) fn http_date(utc: NaiveDateTime) -> String {
    httpdate::fmt_http_date(system_time(utc))
}

/// Whether an If-None-Match value matches `etag` (weak comparison, as
/// RFC 9110 §13.1.2 asks for If-None-Match; `*` matches any).
fn none_match(value: &str, etag: &str) -> bool {
    value
        .split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
}

/// True when the request's validators say the client's copy is current.
/// If-None-Match, when present, decides alone; If-Modified-Since is used only
/// without it, and only when the resource has a Last-Modified.
pub(crate) fn not_modified(
    headers: &HeaderMap,
    etag: &str,
    last_modified: Option<NaiveDateTime>,
) -> bool {
    let inm: Vec<&str> = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    if headers.contains_key(header::IF_NONE_MATCH) {
        return inm.iter().any(|v| none_match(v, etag));
    }
    let (Some(lm), Some(ims)) = (
        last_modified,
        headers
            .get(header::IF_MODIFIED_SINCE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok()),
    ) else {
        return false;
    };
    system_time(lm) <= ims
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;
    use chrono::NaiveDate;

    fn at() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, 27)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default()
    }

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(k.clone(), HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn http_dates_are_imf_fixdate() {
        assert_eq!(http_date(at()), "Fri, 27 Nov 2026 09:00:00 GMT");
    }

    #[test]
    fn if_none_match_takes_precedence() {
        let e = "\"abc\"";
        let lm = Some(at());
        let date = http_date(at());
        assert!(not_modified(&headers(&[(header::IF_NONE_MATCH, e)]), e, lm));
        assert!(not_modified(
            &headers(&[(header::IF_NONE_MATCH, "\"x\", W/\"abc\"")]),
            e,
            lm
        ));
        assert!(not_modified(
            &headers(&[(header::IF_NONE_MATCH, "*")]),
            e,
            lm
        ));
        // A non-matching ETag wins over a matching date.
        let h = headers(&[
            (header::IF_NONE_MATCH, "\"old\""),
            (header::IF_MODIFIED_SINCE, &date),
        ]);
        assert!(!not_modified(&h, e, lm));
        assert!(not_modified(
            &headers(&[(header::IF_MODIFIED_SINCE, &date)]),
            e,
            lm
        ));
        let earlier = http_date(at() - chrono::Duration::seconds(1));
        assert!(!not_modified(
            &headers(&[(header::IF_MODIFIED_SINCE, &earlier)]),
            e,
            lm
        ));
        assert!(!not_modified(
            &headers(&[(header::IF_MODIFIED_SINCE, "garbage")]),
            e,
            lm
        ));
        assert!(!not_modified(
            &headers(&[(header::IF_MODIFIED_SINCE, &date)]),
            e,
            None
        ));
        assert!(!not_modified(&HeaderMap::new(), e, lm));
    }
}
