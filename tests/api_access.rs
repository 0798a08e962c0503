//! The access matrix: (department, other department, approver, admin, cadre
//! feed token, no token) × (every API route) → expected status. Every cell
//! runs on its own copy of the base store, through the router in-process.

mod common;

use common::api::{PID, Tokens, WEEK, app_for, base_store, call, proposal};
use serde_json::json;

#[derive(Clone, Copy, Debug)]
enum Who {
    Department,
    Other,
    Approver,
    Admin,
    Feed,
    Nobody,
}

const WHO: [Who; 6] = [
    Who::Department,
    Who::Other,
    Who::Approver,
    Who::Admin,
    Who::Feed,
    Who::Nobody,
];

fn token(t: &Tokens, w: Who) -> Option<&str> {
    match w {
        Who::Department => Some(&t.department),
        Who::Other => Some(&t.other),
        Who::Approver => Some(&t.approver),
        Who::Admin => Some(&t.admin),
        Who::Feed => Some(&t.feed),
        Who::Nobody => None,
    }
}

struct Route {
    method: &'static str,
    path: String,
    body: Option<String>,
    /// Expected status for department, other, approver, admin, feed, nobody.
    expect: [u16; 6],
}

fn routes() -> Vec<Route> {
    let new = proposal("api-zzb-2", "zzb", "新提交").to_string();
    let mut edit = proposal(PID, "zzb", "改过的标题");
    edit["version"] = json!(1);
    let p = format!("/api/v1/proposals/{PID}");
    vec![
        Route {
            method: "POST",
            path: "/api/v1/proposals".into(),
            body: Some(new),
            expect: [201, 403, 403, 201, 401, 401],
        },
        Route {
            method: "PUT",
            path: p.clone(),
            body: Some(edit.to_string()),
            expect: [200, 403, 403, 200, 401, 401],
        },
        Route {
            method: "DELETE",
            path: p.clone(),
            body: None,
            expect: [200, 403, 403, 200, 401, 401],
        },
        Route {
            method: "GET",
            path: format!("/api/v1/proposals?week={WEEK}"),
            body: None,
            expect: [200, 200, 403, 200, 401, 401],
        },
        Route {
            method: "GET",
            path: "/api/v1/approvals".into(),
            body: None,
            expect: [403, 403, 200, 200, 401, 401],
        },
        Route {
            method: "POST",
            path: format!("{p}/decision"),
            body: Some(json!({"decision": "approve"}).to_string()),
            expect: [403, 403, 200, 403, 401, 401],
        },
        Route {
            method: "POST",
            path: format!("/api/v1/weeks/{WEEK}/plan"),
            body: None,
            expect: [403, 403, 403, 200, 401, 401],
        },
        Route {
            method: "POST",
            path: format!("/api/v1/weeks/{WEEK}/publish"),
            body: None,
            expect: [403, 403, 403, 200, 401, 401],
        },
        Route {
            method: "PATCH",
            path: "/api/v1/approvals".into(),
            body: None,
            expect: [405; 6],
        },
        Route {
            method: "GET",
            path: "/api/v1/nothing-here".into(),
            body: None,
            expect: [404; 6],
        },
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let (base, tokens) = base_store(dir.path());
    let mut failures = Vec::new();
    let mut cells = 0;
    for (r, route) in routes().iter().enumerate() {
        for (i, who) in WHO.iter().enumerate() {
            let copy = dir.path().join(format!("cell-{r}-{i}.db"));
            std::fs::copy(&base, &copy).unwrap();
            let app = app_for(&copy);
            let (status, body, _) = call(
                &app,
                route.method,
                &route.path,
                token(&tokens, *who),
                route.body.as_deref(),
            )
            .await;
            cells += 1;
            if status != route.expect[i] {
                failures.push(format!(
                    "{} {} as {who:?}: {status}, expected {} ({body})",
                    route.method, route.path, route.expect[i]
                ));
            }
            if status >= 400 {
                assert!(
                    body["errors"][0]["message"].is_string(),
                    "{} {} as {who:?}: error body {body}",
                    route.method,
                    route.path
                );
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(cells, 60);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn departments_see_only_their_own_and_what_became_of_them() {
    let dir = tempfile::tempdir().unwrap();
    let (store, t) = base_store(dir.path());
    let app = app_for(&store);
    let path = format!("/api/v1/proposals?week={WEEK}");
    let (_, mine, _) = call(&app, "GET", &path, Some(&t.department), None).await;
    let mine = mine.as_array().unwrap();
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|p| p["organiser"] == "zzb"));
    let p = mine.iter().find(|p| p["id"] == PID).unwrap();
    assert_eq!(p["version"], 1);
    assert_eq!(p["approval"]["state"], "pending");
    let (_, theirs, _) = call(&app, "GET", &path, Some(&t.other), None).await;
    assert!(
        theirs
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["organiser"] == "xcb")
    );
    // The approver sees it waiting, decides, then the department sees it approved.
    let (_, pending, _) = call(&app, "GET", "/api/v1/approvals", Some(&t.approver), None).await;
    assert!(pending.as_array().unwrap().iter().any(|p| p["id"] == PID));
    let decision = format!("/api/v1/proposals/{PID}/decision");
    let (s, _, _) = call(
        &app,
        "POST",
        &decision,
        Some(&t.approver),
        Some("{\"decision\":\"approve\"}"),
    )
    .await;
    assert_eq!(s, 200);
    let (s, _, _) = call(
        &app,
        "POST",
        &format!("/api/v1/weeks/{WEEK}/plan"),
        Some(&t.admin),
        None,
    )
    .await;
    assert_eq!(s, 200);
    // Publish, re-plan: the summary says every published session was kept.
    let publish = format!("/api/v1/weeks/{WEEK}/publish");
    let (s, _, _) = call(&app, "POST", &publish, Some(&t.admin), None).await;
    assert_eq!(s, 200);
    let (s, replan, _) = call(
        &app,
        "POST",
        &format!("/api/v1/weeks/{WEEK}/plan"),
        Some(&t.admin),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let kept = replan["stability"]["kept"].as_array().expect("stability");
    assert_eq!(
        kept.len() as u64,
        replan["sessions"].as_u64().unwrap(),
        "{replan}"
    );
    assert_eq!(replan["stability"]["moved"], serde_json::json!([]));
    assert!(replan["dropped_relays"].is_u64());
    let (_, mine, _) = call(&app, "GET", &path, Some(&t.department), None).await;
    let p = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == PID)
        .unwrap()
        .clone();
    assert_eq!(p["approval"]["state"], "approved", "{p}");
    assert_eq!(p["planned"]["plan_status"], "draft", "{p}");
    assert!(p["planned"]["session"].is_string());
    // Another department may not submit in zzb's name (403), nor edit it.
    let forged = proposal("api-xcb-9", "zzb", "冒名").to_string();
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/proposals",
        Some(&t.other),
        Some(&forged),
    )
    .await;
    assert_eq!(s, 403);
    // Every write is in the audit log with the caller, never the token.
    let log = pinhui::store::Store::open(&store)
        .unwrap()
        .audit_log()
        .unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "decision" && e.subject == PID)
    );
    assert!(
        log.iter()
            .any(|e| e.action == "proposal.add" && e.actor.starts_with("api department:zzb"))
    );
    assert!(
        log.iter()
            .any(|e| e.action == "plan" && e.actor.starts_with("api admin token#"))
    );
    for e in &log {
        for tok in [&t.department, &t.other, &t.approver, &t.admin] {
            assert!(!e.detail_json.contains(tok.as_str()) && !e.actor.contains(tok.as_str()));
        }
    }
}

/// Every route of the matrix is described in docs/openapi.yaml, with its method.
#[test]
fn openapi_describes_every_route() {
    let yaml = std::fs::read_to_string(common::repo().join("docs/openapi.yaml")).unwrap();
    for (path, method) in [
        ("/api/v1/proposals:", "post:"),
        ("/api/v1/proposals:", "get:"),
        ("/api/v1/proposals/{id}:", "put:"),
        ("/api/v1/proposals/{id}:", "delete:"),
        ("/api/v1/proposals/{id}/decision:", "post:"),
        ("/api/v1/approvals:", "get:"),
        ("/api/v1/weeks/{week}/plan:", "post:"),
        ("/api/v1/weeks/{week}/publish:", "post:"),
    ] {
        let at = yaml
            .find(&format!("  {path}\n"))
            .unwrap_or_else(|| panic!("{path} missing"));
        let rest = &yaml[at + path.len() + 2..];
        let section = &rest[..rest.find("\n  /").unwrap_or(rest.len())];
        assert!(
            section.contains(&format!("\n    {method}")),
            "{method} {path}"
        );
    }
}
