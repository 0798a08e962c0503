//! The weekly plan and the merge report served at /plan/{week} and
//! /reports/{week} (HTML, ?format=json|csv), behind an admin token.

mod common;

use axum::body::Body;
use axum::http::Request;
use common::api::{app_for, base_store};
use tower::ServiceExt;

async fn get(app: &axum::Router, path: &str, token: Option<&str>) -> (u16, String, String) {
    let mut req = Request::builder().method("GET").uri(path);
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    let resp = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let ct = resp
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
        .await
        .unwrap();
    (status, ct, String::from_utf8(bytes.to_vec()).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_reads_plan_and_report_in_three_formats_others_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let (store, tokens) = base_store(dir.path());
    let app = app_for(&store);
    let admin = Some(tokens.admin.as_str());

    let (s, ct, json) = get(&app, "/plan/2026-W49?format=json", admin).await;
    assert_eq!((s, ct.as_str()), (200, "application/json; charset=utf-8"));
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let ids: Vec<String> = plan["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect();
    assert!(!ids.is_empty());

    let (s, ct, html) = get(&app, "/plan/2026-W49", admin).await;
    assert_eq!((s, ct.as_str()), (200, "text/html; charset=utf-8"));
    for id in &ids {
        assert!(
            html.contains(&format!("id=\"session-{id}\"")),
            "{id} on the page"
        );
    }
    let (s, _, csv) = get(&app, "/plan/2026-W49?format=csv", admin).await;
    assert_eq!(s, 200);
    assert!(csv.starts_with('\u{feff}'));

    let (s, _, html) = get(&app, "/reports/2026-W49", admin).await;
    assert_eq!(s, 200);
    assert!(html.contains("id=\"approvals-table\""));
    let (s, _, json) = get(&app, "/reports/2026-W49?format=json", admin).await;
    assert_eq!(s, 200);
    let r: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(r["cost"]["sessions"], plan["cost"]["sessions"]);
    let (s, ct, csv) = get(&app, "/reports/2026-W49?format=csv", admin).await;
    assert_eq!((s, ct.as_str()), (200, "text/csv; charset=utf-8"));
    assert!(csv.starts_with('\u{feff}') && csv.contains("干部用时（分钟）"));
    for id in &ids {
        assert!(csv.contains(id.as_str()));
    }

    // Only the admin: departments and approvers are refused, no token is 401.
    for t in [&tokens.department, &tokens.approver] {
        assert_eq!(get(&app, "/reports/2026-W49", Some(t)).await.0, 403);
        assert_eq!(get(&app, "/plan/2026-W49", Some(t)).await.0, 403);
    }
    assert_eq!(get(&app, "/plan/2026-W49", Some(&tokens.feed)).await.0, 401);
    assert_eq!(get(&app, "/plan/2026-W49", None).await.0, 401);
    assert_eq!(get(&app, "/plan/2026-W49?format=pdf", admin).await.0, 404);
    assert_eq!(get(&app, "/plan/2027-W01", admin).await.0, 404);
    assert_eq!(get(&app, "/plan/not-a-week", admin).await.0, 404);
}
