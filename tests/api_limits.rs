//! Limits and robustness of the API: stale versions (409, not lost), field
//! errors (422), malformed and deeply nested JSON (400), oversized bodies
//! (413), per-token rate limits (429 + Retry-After), and online backup.

mod common;

use common::api::{PID, WEEK, app_for, base_store, call, config, proposal};
use pinhui::server::{Limits, router};
use proptest::prelude::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stale_updates_are_refused_not_lost() {
    let dir = tempfile::tempdir().unwrap();
    let (store, t) = base_store(dir.path());
    let app = app_for(&store);
    let path = format!("/api/v1/proposals/{PID}");
    let mut a = proposal(PID, "zzb", "第一次修改");
    a["version"] = json!(1);
    let mut b = proposal(PID, "zzb", "基于旧版本的修改");
    b["version"] = json!(1);
    let (s, v, _) = call(
        &app,
        "PUT",
        &path,
        Some(&t.department),
        Some(&a.to_string()),
    )
    .await;
    assert_eq!((s, v["version"].clone()), (200, json!(2)), "{v}");
    let (s, v, _) = call(
        &app,
        "PUT",
        &path,
        Some(&t.department),
        Some(&b.to_string()),
    )
    .await;
    assert_eq!(s, 409, "{v}");
    assert_eq!(v["current_version"], 2);
    assert!(
        v["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("已被修改")
    );
    let (_, list, _) = call(&app, "GET", "/api/v1/proposals", Some(&t.department), None).await;
    let p = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == PID)
        .unwrap()
        .clone();
    assert_eq!(
        (p["title"].clone(), p["version"].clone()),
        (json!("第一次修改"), json!(2))
    );
    // Submitting an id twice is a conflict too; withdrawing twice is 404.
    let again = proposal(PID, "zzb", "重复").to_string();
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/proposals",
        Some(&t.department),
        Some(&again),
    )
    .await;
    assert_eq!(s, 409);
    let (s, _, _) = call(&app, "DELETE", &path, Some(&t.department), None).await;
    assert_eq!(s, 200);
    let (s, _, _) = call(&app, "DELETE", &path, Some(&t.department), None).await;
    assert_eq!(s, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_bodies_get_json_errors_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (store, t) = base_store(dir.path());
    let app = app_for(&store);
    let post = |body: String| {
        let app = app.clone();
        let tok = t.department.clone();
        async move { call(&app, "POST", "/api/v1/proposals", Some(&tok), Some(&body)).await }
    };
    // Unknown unit: 422 with the week-file field path.
    let mut p = proposal("api-zzb-7", "zzb", "x");
    p["presider"] = json!("p9999");
    p["window"] = json!(["2026-12-09T08:30", "bad"]);
    let (s, v, _) = post(p.to_string()).await;
    assert_eq!(s, 422, "{v}");
    let fields: Vec<&str> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert!(fields.contains(&"proposals[0].presider"), "{v}");
    assert!(
        fields.iter().any(|f| f.starts_with("proposals[0].window")),
        "{v}"
    );
    // Malformed JSON, not an object, not UTF-8, empty: 400.
    let nested = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let deep_obj = format!("{{\"week\":{}1{}}}", "{\"a\":".repeat(200), "}".repeat(200));
    for (body, what) in [
        ("{\"week\": ".to_string(), "语法"),
        ("[1,2]".to_string(), "JSON 对象"),
        (String::new(), "为空"),
        (nested, "嵌套"),
        (deep_obj, "嵌套"),
    ] {
        let (s, v, _) = post(body.clone()).await;
        assert_eq!(s, 400, "{} → {v}", &body[..body.len().min(40)]);
        let m = v["errors"][0]["message"].as_str().unwrap();
        assert!(m.contains(what), "{m}");
    }
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/proposals",
        Some(&t.department),
        Some("\u{0}\u{1}{{{"),
    )
    .await;
    assert_eq!(s, 400);
    // Unknown field in a decision: 422 naming it.
    let (s, v, _) = call(
        &app,
        "POST",
        &format!("/api/v1/proposals/{PID}/decision"),
        Some(&t.approver),
        Some("{\"decision\":\"approve\",\"evil\":1}"),
    )
    .await;
    assert_eq!(
        (s, v["errors"][0]["field"].clone()),
        (422, json!("evil")),
        "{v}"
    );
    // Oversized: 413 with a JSON error.
    let big = format!(
        "{{\"week\":\"{WEEK}\",\"title\":\"{}\"}}",
        "长".repeat(100_000)
    );
    let (s, v, _) = post(big).await;
    assert_eq!(s, 413);
    assert_eq!(v["errors"][0]["message"], "请求体过大");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_token_has_its_own_rate_limit() {
    let dir = tempfile::tempdir().unwrap();
    let (store, t) = base_store(dir.path());
    let mut cfg = config(&store);
    cfg.limits = Limits {
        burst: 5,
        per_second: 0.05,
        ..Limits::default()
    };
    let app = router(cfg);
    let mut statuses = Vec::new();
    let mut retry = None;
    for _ in 0..8 {
        let (s, _, h) = call(&app, "GET", "/api/v1/proposals", Some(&t.department), None).await;
        statuses.push(s);
        if s == 429 {
            retry = h
                .get("retry-after")
                .map(|v| v.to_str().unwrap().to_string());
        }
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429, 429, 429]);
    let secs: u64 = retry.unwrap().parse().unwrap();
    assert!((1..=20).contains(&secs), "{secs}");
    // Another token is unaffected.
    let (s, _, _) = call(&app, "GET", "/api/v1/proposals", Some(&t.other), None).await;
    assert_eq!(s, 200);
}

#[test]
fn backup_while_another_connection_writes() {
    let dir = tempfile::tempdir().unwrap();
    let (store, t) = base_store(dir.path());
    let before = pinhui::store::Store::open(&store)
        .unwrap()
        .proposal_rows(None, None)
        .unwrap()
        .len();
    let writer_store = store.clone();
    let caller = pinhui::app::authenticate(&store, &t.department)
        .unwrap()
        .unwrap();
    let writer = std::thread::spawn(move || {
        for i in 0..40 {
            let body = proposal(&format!("bk-zzb-{i}"), "zzb", "备份期间写入").to_string();
            pinhui::app::api_submit(
                &writer_store,
                &caller,
                body.as_bytes(),
                common::utc(27, 10, 0),
            )
            .unwrap();
        }
    });
    let mut copies = Vec::new();
    for i in 0..5 {
        let dest = dir.path().join(format!("backup-{i}.db"));
        pinhui::app::backup_store(&store, &dest).unwrap();
        copies.push(dest);
    }
    writer.join().unwrap();
    // Refuses to overwrite.
    assert!(pinhui::app::backup_store(&store, &copies[0]).is_err());
    for c in &copies {
        let s = pinhui::store::Store::open(c).unwrap();
        assert_eq!(s.integrity_check().unwrap(), "ok");
        let n = s.proposal_rows(None, None).unwrap().len();
        assert!((before..=before + 40).contains(&n), "{n}");
    }
    // A backup after the writes holds exactly the same proposals.
    let last = dir.path().join("backup-final.db");
    pinhui::app::backup_store(&store, &last).unwrap();
    let ids = |p: &std::path::Path| -> Vec<(String, u32)> {
        pinhui::store::Store::open(p)
            .unwrap()
            .proposal_rows(None, None)
            .unwrap()
            .into_iter()
            .map(|r| (r.proposal.id.to_string(), r.version))
            .collect()
    };
    assert_eq!(ids(&last), ids(&store));
    assert_eq!(ids(&last).len(), before + 40);
}

/// Arbitrary bytes as bodies of every route that takes one: always a JSON
/// answer below 500, never a panic.
#[test]
fn arbitrary_bodies_never_fail_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let (store, t) = base_store(dir.path());
    let app = app_for(&store);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let decision = format!("/api/v1/proposals/{PID}/decision");
    let put = format!("/api/v1/proposals/{PID}");
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&proptest::collection::vec(any::<u8>(), 0..400), |bytes| {
            let body = String::from_utf8_lossy(&bytes).into_owned();
            for (method, path, tok) in [
                ("POST", "/api/v1/proposals", &t.department),
                ("PUT", put.as_str(), &t.department),
                ("POST", decision.as_str(), &t.approver),
            ] {
                let (s, v, _) = rt.block_on(call(&app, method, path, Some(tok), Some(&body)));
                prop_assert!((400..500).contains(&s), "{method} {path}: {s} {v}");
                prop_assert!(v["errors"][0]["message"].is_string());
            }
            Ok(())
        })
        .unwrap();
    eprintln!("arbitrary bodies: 48 cases × 3 routes = 144 requests, all 4xx with JSON errors");
}
