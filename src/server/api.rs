//! The JSON API under `/api/v1/` (docs/api.md, docs/openapi.yaml): bearer
//! tokens, per-token rate limits, body limits, JSON errors in Chinese.
//! Handlers only translate HTTP to `app::api_*` calls on a blocking thread.

use super::AppState;
use crate::app::{self, ApiError, ApiResult, Caller};
use crate::io::InputErrors;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use chrono::NaiveDateTime;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// The `/api/v1` routes.
pub(crate) fn routes(state: Arc<AppState>) -> Router {
    let limit = state.cfg.limits.body_bytes;
    Router::new()
        .route("/api/v1/proposals", post(submit).get(list))
        .route("/api/v1/proposals/{id}", put(update).delete(withdraw))
        .route("/api/v1/proposals/{id}/decision", post(decision))
        .route("/api/v1/approvals", get(approvals))
        .route("/api/v1/weeks/{week}/plan", post(plan))
        .route("/api/v1/weeks/{week}/publish", post(publish))
        .route("/plan/{week}", get(plan_page))
        .route("/reports/{week}", get(report_page))
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(limit))
        .with_state(state)
}

#[derive(Serialize)]
struct FieldError<'a> {
    field: &'a str,
    message: &'a str,
}

/// `{"errors":[{"field":…,"message":…}]}` with `status`.
pub(crate) fn errors(status: StatusCode, list: &[(&str, &str)], extra: Option<u32>) -> Response {
    let errs: Vec<FieldError> = list
        .iter()
        .map(|(field, message)| FieldError { field, message })
        .collect();
    let mut body = serde_json::json!({ "errors": errs });
    if let Some(v) = extra {
        body["current_version"] = v.into();
    }
    json(status, &body)
}

fn one(status: StatusCode, message: &str) -> Response {
    errors(status, &[("", message)], None)
}

fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    match serde_json::to_string(value) {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "serialising a response failed");
            one(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误")
        }
    }
}

fn input(status: StatusCode, e: &InputErrors) -> Response {
    let list: Vec<(&str, &str)> =
        e.0.iter()
            .map(|x| (x.field.as_str(), x.message.as_str()))
            .collect();
    errors(status, &list, None)
}

fn refusal(e: ApiError) -> Response {
    match e {
        ApiError::Forbidden(m) => one(StatusCode::FORBIDDEN, &m),
        ApiError::NotFound(m) => one(StatusCode::NOT_FOUND, &m),
        ApiError::Conflict { message, current } => {
            errors(StatusCode::CONFLICT, &[("version", &message)], current)
        }
        ApiError::Malformed(e) => input(StatusCode::BAD_REQUEST, &e),
        ApiError::Invalid(e) | ApiError::App(app::AppError::Input(e)) => {
            input(StatusCode::UNPROCESSABLE_ENTITY, &e)
        }
        ApiError::App(app::AppError::Forbidden(m)) => one(StatusCode::FORBIDDEN, &m),
        ApiError::App(app::AppError::Usage(m)) => one(StatusCode::UNPROCESSABLE_ENTITY, &m),
        ApiError::App(e) => {
            tracing::error!(error = %e, "api call failed");
            one(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误")
        }
    }
}

pub(crate) fn api_not_found() -> Response {
    one(StatusCode::NOT_FOUND, "没有这个接口")
}

async fn method_not_allowed() -> Response {
    one(StatusCode::METHOD_NOT_ALLOWED, "此接口不支持该请求方法")
}

fn unauthorized() -> Response {
    let mut r = one(
        StatusCode::UNAUTHORIZED,
        "缺少或无效的访问令牌（请在 Authorization 头中给出 Bearer 令牌）",
    );
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

/// The bearer token of a request, if it looks like one we issue.
fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && super::plausible_token(token))
        .then(|| token.to_string())
}

/// Authenticates and rate-limits a request.
async fn caller(state: &AppState, headers: &HeaderMap) -> Result<Caller, Response> {
    let Some(token) = bearer(headers) else {
        return Err(unauthorized());
    };
    let store = state.cfg.store.clone();
    let found = tokio::task::spawn_blocking(move || app::authenticate(&store, &token)).await;
    let caller = match found {
        Ok(Ok(Some(c))) => c,
        Ok(Ok(None)) => return Err(unauthorized()),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "authentication failed");
            return Err(one(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误"));
        }
        Err(e) => {
            tracing::error!(error = %e, "authentication task failed");
            return Err(one(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误"));
        }
    };
    if let Err(wait) = state.limiter.take(
        caller.token_id,
        &state.cfg.limits,
        std::time::Instant::now(),
    ) {
        let secs = wait.as_secs_f64().ceil().max(1.0) as u64;
        let mut r = one(
            StatusCode::TOO_MANY_REQUESTS,
            &format!("请求过于频繁，请 {secs} 秒后再试"),
        );
        if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        return Err(r);
    }
    Ok(caller)
}

fn body_bytes(body: Result<Bytes, BytesRejection>) -> Result<Bytes, (StatusCode, &'static str)> {
    body.map_err(|rej| {
        if rej.status() == StatusCode::PAYLOAD_TOO_LARGE {
            (StatusCode::PAYLOAD_TOO_LARGE, "请求体过大")
        } else {
            (StatusCode::BAD_REQUEST, "无法读取请求体")
        }
    })
}

/// Authenticates, then runs `f` on a blocking thread and answers `ok` with its
/// JSON value, or the refusal.
async fn call<T, F>(state: Arc<AppState>, headers: HeaderMap, ok: StatusCode, f: F) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Path, &Caller, NaiveDateTime) -> ApiResult<T> + Send + 'static,
{
    let c = match caller(&state, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let now = (state.cfg.clock)();
    let store = state.cfg.store.clone();
    match tokio::task::spawn_blocking(move || f(&store, &c, now)).await {
        Ok(Ok(v)) => json(ok, &v),
        Ok(Err(e)) => refusal(e),
        Err(e) => {
            tracing::error!(error = %e, "api task failed");
            one(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误")
        }
    }
}

/// [`call`] for a route with a JSON body: a body that cannot be read (too
/// large, broken) is refused before authentication work is done.
async fn call_with_body<T, F>(
    state: Arc<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
    ok: StatusCode,
    f: F,
) -> Response
where
    T: Serialize + Send + 'static,
    F: FnOnce(&Path, &Caller, &[u8], NaiveDateTime) -> ApiResult<T> + Send + 'static,
{
    let body = match body_bytes(body) {
        Ok(b) => b,
        Err((status, message)) => return one(status, message),
    };
    call(state, headers, ok, move |s, c, now| f(s, c, &body, now)).await
}

async fn submit(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    call_with_body(st, headers, body, StatusCode::CREATED, app::api_submit).await
}

async fn update(
    State(st): State<Arc<AppState>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    call_with_body(st, headers, body, StatusCode::OK, move |s, c, b, now| {
        app::api_update(s, c, &id, b, now)
    })
    .await
}

async fn withdraw(
    State(st): State<Arc<AppState>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    call(st, headers, StatusCode::OK, move |s, c, now| {
        app::api_withdraw(s, c, &id, now)
    })
    .await
}

/// The value of `name=` in the query string, as given.
fn query_param(uri: &Uri, name: &str) -> Option<String> {
    uri.query()?
        .split('&')
        .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        .map(str::to_string)
}

async fn list(State(st): State<Arc<AppState>>, uri: Uri, headers: HeaderMap) -> Response {
    let week = query_param(&uri, "week");
    call(st, headers, StatusCode::OK, move |s, c, _| {
        let week = app::parse_week_param(week.as_deref())?;
        app::api_proposals(s, c, week)
    })
    .await
}

async fn approvals(State(st): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    call(st, headers, StatusCode::OK, move |s, c, _| {
        app::api_pending(s, c)
    })
    .await
}

async fn decision(
    State(st): State<Arc<AppState>>,
    UrlPath(id): UrlPath<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    call_with_body(st, headers, body, StatusCode::OK, move |s, c, b, now| {
        app::api_decide(s, c, &id, b, now)
    })
    .await
}

async fn plan(
    State(st): State<Arc<AppState>>,
    UrlPath(week): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    call(st, headers, StatusCode::OK, move |s, c, now| {
        app::api_plan(s, c, &week, now)
    })
    .await
}

async fn publish(
    State(st): State<Arc<AppState>>,
    UrlPath(week): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    call(st, headers, StatusCode::OK, move |s, c, now| {
        app::api_publish(s, c, &week, now)
    })
    .await
}

/// The weekly plan or the report of a week (admin token; `?format=json|csv`).
async fn page(
    st: Arc<AppState>,
    headers: HeaderMap,
    which: app::Page,
    week: String,
    uri: Uri,
) -> Response {
    let c = match caller(&st, &headers).await {
        Ok(c) => c,
        Err(r) => return r,
    };
    let store = st.cfg.store.clone();
    let format = query_param(&uri, "format");
    match tokio::task::spawn_blocking(move || {
        app::admin_page(&store, &c, which, &week, format.as_deref())
    })
    .await
    {
        Ok(Ok(p)) => {
            let mut r = (StatusCode::OK, p.body).into_response();
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(p.content_type),
            );
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-cache"),
            );
            r
        }
        Ok(Err(e)) => refusal(e),
        Err(e) => {
            tracing::error!(error = %e, "page task failed");
            one(StatusCode::INTERNAL_SERVER_ERROR, "服务器内部错误")
        }
    }
}

async fn plan_page(
    State(st): State<Arc<AppState>>,
    UrlPath(week): UrlPath<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    page(st, headers, app::Page::Plan, week, uri).await
}

async fn report_page(
    State(st): State<Arc<AppState>>,
    UrlPath(week): UrlPath<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    page(st, headers, app::Page::Report, week, uri).await
}
