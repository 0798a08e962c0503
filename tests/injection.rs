//! Hostile titles submitted through the API: CR/LF and iCalendar property
//! injection end up escaped in the feed, HTML and script escaped in the plan
//! page, formula cells neutralised in CSV exports.

mod common;

use common::api::{WEEK, app_for, base_store, call, clock, proposal};
use pinhui::app;
use pinhui::model::WeekId;

const ICS_EVIL: &str = "注入\r\nATTENDEE:mailto:evil@example.com\r\nEND:VEVENT\nBEGIN:VEVENT;X=1:";
const HTML_EVIL: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>";
const CSV_EVIL: &str = "=HYPERLINK(\"http://evil.example\",\"点我\")";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_titles_are_escaped_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let (store, t) = base_store(dir.path());
    let app = app_for(&store);
    let title = format!("{CSV_EVIL}{ICS_EVIL}{HTML_EVIL}");
    let body = proposal("inj-zzb-1", "zzb", &title).to_string();
    let (s, v, _) = call(
        &app,
        "POST",
        "/api/v1/proposals",
        Some(&t.department),
        Some(&body),
    )
    .await;
    assert_eq!(s, 201, "{v}");
    let (s, _, _) = call(
        &app,
        "POST",
        "/api/v1/proposals/inj-zzb-1/decision",
        Some(&t.approver),
        Some("{\"decision\":\"approve\"}"),
    )
    .await;
    assert_eq!(s, 200);
    for step in ["plan", "publish"] {
        let path = format!("/api/v1/weeks/{WEEK}/{step}");
        let (s, v, _) = call(&app, "POST", &path, Some(&t.admin), None).await;
        assert_eq!(s, 200, "{step}: {v}");
    }
    let (_, list, _) = call(&app, "GET", "/api/v1/proposals", Some(&t.department), None).await;
    let p = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "inj-zzb-1")
        .unwrap()
        .clone();
    assert_eq!(p["planned"]["plan_status"], "published", "{p}");

    // iCalendar: unfold, then no injected line and balanced components.
    let feed = app::feed_for_token(&store, &t.feed, clock())
        .unwrap()
        .unwrap()
        .body;
    let unfolded = feed.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").collect();
    assert!(lines.iter().all(|l| !l.starts_with("ATTENDEE:mailto:evil")));
    assert!(lines.iter().all(|l| !l.starts_with("BEGIN:VEVENT;")));
    let begins = lines.iter().filter(|l| **l == "BEGIN:VEVENT").count();
    let ends = lines.iter().filter(|l| **l == "END:VEVENT").count();
    assert_eq!(begins, ends);
    // Line breaks in a title become spaces; `;` and `,` are escaped.
    assert!(
        lines.iter().any(|l| l.starts_with("SUMMARY:")
            && l.contains("注入 ATTENDEE:mailto:evil@example.com END:VEVENT BEGIN:VEVENT\\;X=1:")),
        "{unfolded}"
    );
    for l in feed.split("\r\n") {
        assert!(
            !l.contains('\n') && !l.contains('\r'),
            "bare line break in {l:?}"
        );
    }

    // HTML: the plan page escapes the title.
    let out = dir.path().join("out");
    app::export_week(&store, WeekId::parse(WEEK).unwrap(), &out).unwrap();
    let html = std::fs::read_to_string(out.join("plan.html")).unwrap();
    assert!(!html.contains("<script>alert") && !html.contains("<img src=x"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    // CSV: a cell that starts like a formula is neutralised with an apostrophe.
    let csv = std::fs::read_to_string(out.join("plan.csv")).unwrap();
    assert!(csv.contains("'=HYPERLINK("), "plan.csv");
    assert!(!csv.contains(",=HYPERLINK(") && !csv.contains(",\"=HYPERLINK("));
    let files = app::export_proposals(&store, WeekId::parse(WEEK).unwrap(), &out).unwrap();
    let csv = std::fs::read_to_string(
        files
            .iter()
            .find(|f| f.extension().is_some_and(|e| e == "csv"))
            .unwrap(),
    )
    .unwrap();
    assert!(csv.contains("'=HYPERLINK("));
    // Every file written stays inside the chosen folder.
    for f in walk(&out) {
        assert!(f.starts_with(&out), "{}", f.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p.canonicalize().unwrap());
        }
    }
    out
}
