//! `pinhui serve`: the feed server (tokio + axum), the only module that knows
//! HTTP. Handlers are thin: the feed comes from `app::feed_for_token`, which
//! reads the store on a blocking thread.
//!
//! `GET /feeds/{token}.ics` answers with `text/calendar; charset=utf-8`, a
//! strong ETag (quoted hex SHA-256 of the body), Last-Modified (the newest
//! publication) and `Cache-Control: private, max-age=300`; If-None-Match
//! (which takes precedence) and If-Modified-Since give 304. Any other path,
//! an unknown or a revoked token give the same plain 404. Tokens never reach
//! the logs: request spans carry a redacted path.

mod api;
mod conditional;
mod limit;

pub use limit::Limits;

use crate::app;
use axum::Router;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::net::TcpListener;
use tracing::Instrument;

/// What the server needs: the store and a clock (UTC), injected so tests can
/// fix it; only `main.rs` passes the real one.
#[derive(Clone)]
pub struct ServerConfig {
    pub store: PathBuf,
    pub clock: fn() -> NaiveDateTime,
    /// Body size and per-token rate limits of the API.
    pub limits: Limits,
}

impl ServerConfig {
    /// A config with the default limits.
    pub fn new(store: PathBuf, clock: fn() -> NaiveDateTime) -> Self {
        ServerConfig {
            store,
            clock,
            limits: Limits::default(),
        }
    }
}

/// Shared by the handlers: the config and the rate limiter.
pub(crate) struct AppState {
    pub(crate) cfg: ServerConfig,
    pub(crate) limiter: limit::RateLimiter,
}

/// The server's routes: feeds and the JSON API.
pub fn router(cfg: ServerConfig) -> Router {
    let state = Arc::new(AppState {
        cfg: cfg.clone(),
        limiter: limit::RateLimiter::default(),
    });
    Router::new()
        .route("/feeds/{file}", get(feed))
        .fallback(fallback)
        .with_state(Arc::new(cfg))
        .merge(api::routes(state))
        .layer(middleware::from_fn(trace_request))
}

/// Serves until `shutdown` completes, then lets open requests finish.
pub async fn serve(
    listener: TcpListener,
    cfg: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(cfg))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Completes on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

/// The path as logs may show it: the token segment is replaced.
pub fn redacted_path(path: &str) -> String {
    match path.strip_prefix("/feeds/") {
        Some(_) => "/feeds/<redacted>".to_string(),
        None if path.len() > 64 => format!("{}…", &path[..path.floor_char_boundary(64)]),
        None => path.to_string(),
    }
}

async fn trace_request(req: Request, next: Next) -> Response {
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = %redacted_path(req.uri().path()),
    );
    async move {
        let started = std::time::Instant::now();
        let resp = next.run(req).await;
        tracing::info!(
            status = resp.status().as_u16(),
            ms = started.elapsed().as_millis() as u64,
            "served"
        );
        resp
    }
    .instrument(span)
    .await
}

async fn fallback(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        return api::api_not_found();
    }
    not_found().await
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not Found\n",
    )
        .into_response()
}

fn internal_error() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Internal Server Error\n",
    )
        .into_response()
}

/// A token as issued: base64url, 16 to 128 characters.
pub(crate) fn plausible_token(t: &str) -> bool {
    (16..=128).contains(&t.len())
        && t.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn feed(
    State(cfg): State<Arc<ServerConfig>>,
    UrlPath(file): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = file.strip_suffix(".ics").filter(|t| plausible_token(t)) else {
        return not_found().await;
    };
    let token = token.to_string();
    let now = (cfg.clock)();
    let store = cfg.store.clone();
    let rendered =
        tokio::task::spawn_blocking(move || app::feed_for_token(&store, &token, now)).await;
    let feed = match rendered {
        Ok(Ok(Some(feed))) => feed,
        Ok(Ok(None)) => return not_found().await,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "feed rendering failed");
            return internal_error();
        }
        Err(e) => {
            tracing::error!(error = %e, "feed task failed");
            return internal_error();
        }
    };
    let etag = format!("\"{:x}\"", Sha256::digest(feed.body.as_bytes()));
    let last_modified = feed.last_modified.map(conditional::http_date);
    let mut common = HeaderMap::new();
    if let Ok(v) = HeaderValue::from_str(&etag) {
        common.insert(header::ETAG, v);
    }
    if let Some(v) = last_modified.and_then(|d| HeaderValue::from_str(&d).ok()) {
        common.insert(header::LAST_MODIFIED, v);
    }
    common.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=300"),
    );
    if conditional::not_modified(&headers, &etag, feed.last_modified) {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    common.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    (StatusCode::OK, common, feed.body).into_response()
}
