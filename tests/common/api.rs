//! Helpers for the JSON API tests: a base store with one pending proposal
//! and tokens for every kind of caller, requests in-process or on loopback.

use super::{published_sample, utc};
use axum::body::Body;
use axum::http::Request;
use pinhui::app;
use pinhui::model::{PersonId, UnitId};
use pinhui::server::{ServerConfig, router};
use pinhui::store::{FeedSubject, Principal};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use tower::ServiceExt;

pub const WEEK: &str = "2026-W50";
/// The proposal of the base store: zzb summons township and street
/// secretaries, so 区委书记 p0001 must approve it.
pub const PID: &str = "api-zzb-1";

pub fn proposal(id: &str, organiser: &str, title: &str) -> Value {
    json!({
        "week": WEEK,
        "id": id,
        "title": title,
        "organiser": organiser,
        "kind": "department",
        "presider": if organiser == "zzb" { "p0017" } else { "p0020" },
        "duration_minutes": 60,
        "window": ["2026-12-09T08:30", "2026-12-10T17:30"],
        "filed": "2026-11-20",
        "audience": [{"kinds": ["township", "street"], "roles": ["secretary"]}]
    })
}

/// Tokens of the base store, by caller.
#[derive(Clone)]
pub struct Tokens {
    pub department: String,
    pub other: String,
    pub approver: String,
    pub admin: String,
    pub feed: String,
}

pub fn clock() -> chrono::NaiveDateTime {
    utc(28, 0, 0)
}

/// W49 published, W50 imported and planned (draft), PID submitted by zzb.
pub fn base_store(dir: &Path) -> (PathBuf, Tokens) {
    let at = utc(27, 9, 0);
    let store = published_sample(dir, at);
    let issue = |p: Principal| app::issue_access(&store, p, at).unwrap().token;
    let tokens = Tokens {
        department: issue(Principal::Department(UnitId::parse("zzb").unwrap())),
        other: issue(Principal::Department(UnitId::parse("xcb").unwrap())),
        approver: issue(Principal::Approver(PersonId::parse("p0001").unwrap())),
        admin: issue(Principal::Admin),
        feed: app::issue_feed(&store, FeedSubject::Unit(UnitId::parse("zzb").unwrap()), at)
            .unwrap()
            .token,
    };
    let caller = app::authenticate(&store, &tokens.department)
        .unwrap()
        .unwrap();
    let body = proposal(PID, "zzb", "接口提交的测试会议").to_string();
    app::api_submit(&store, &caller, body.as_bytes(), at).unwrap();
    app::plan_store(&store, pinhui::model::WeekId::parse(WEEK).unwrap(), at).unwrap();
    (store, tokens)
}

pub fn config(store: &Path) -> ServerConfig {
    ServerConfig::new(store.to_path_buf(), clock)
}

pub fn app_for(store: &Path) -> axum::Router {
    router(config(store))
}

/// One request through the router in-process: (status, JSON body or Null).
pub async fn call(
    app: &axum::Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (u16, Value, axum::http::HeaderMap) {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    let req = req
        .body(Body::from(body.unwrap_or("").to_string()))
        .unwrap();
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status().as_u16();
    let headers = resp.headers().clone();
    let bytes = axum::body::to_bytes(resp.into_body(), 4 << 20)
        .await
        .unwrap();
    let value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (status, value, headers)
}
