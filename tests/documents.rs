//! Documents (文山): consolidated data requests, ledgers, letters, length caps, notices.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use pinhui::app;
use pinhui::docs::{DocFlag, consolidate};
use pinhui::model::{DocumentId, UnitId, WeekId};
use pinhui::rules::workflow::ApprovalState;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}

#[test]
fn three_overlapping_requests_become_one_form_per_township() {
    let d = common::sample();
    let w = common::sample_week(&d, "2026-W49");
    let out = consolidate(&d.org, &d.rules.documents, &w.documents, &w.reported);
    let qingshi = UnitId::parse("qingshi").unwrap();
    let forms: Vec<_> = out.forms.iter().filter(|f| f.unit == qingshi).collect();
    assert_eq!(forms.len(), 1, "one consolidated form for 青石镇");
    let f = forms[0];
    let ids: Vec<&str> = f.requests.iter().map(|r| r.as_str()).collect();
    assert_eq!(ids, ["w49-fgw-form", "w49-swj-form", "w49-tjj-form"]);
    // The merged due date satisfies every requester: the earliest.
    assert_eq!(f.due, NaiveDate::from_ymd_opt(2026, 12, 8).unwrap());
    // A field asked by several departments appears once, attributed to each.
    let fixed = f
        .fields
        .iter()
        .filter(|x| x.field.name == "固定资产投资额")
        .collect::<Vec<_>>();
    assert_eq!(fixed.len(), 1);
    let by: Vec<&str> = fixed[0].requested_by.iter().map(|u| u.as_str()).collect();
    assert_eq!(by, ["fgw", "tjj"]);
    // 常住人口 was reported by 青石镇 this quarter: reused, not asked again.
    let pop = f
        .fields
        .iter()
        .find(|x| x.field.name == "常住人口")
        .unwrap();
    assert_eq!(pop.reused.as_deref(), Some("2026-Q4"));
    let names: std::collections::BTreeSet<_> = f.fields.iter().map(|x| &x.field).collect();
    assert_eq!(names.len(), f.fields.len());
    // Figures: every township/street received 3 requests, now 1 form.
    assert_eq!(out.figures.requests_received, 36);
    assert_eq!(out.figures.forms_sent, 12);
    assert!(out.figures.fields_after_merge + out.figures.fields_reused < out.figures.fields_asked);
    assert_eq!(out.figures.fields_reused, 2);
}

#[test]
fn ledger_off_the_admission_list_is_refused_and_an_admitted_one_is_counted() {
    let d = common::sample();
    let w = common::sample_week(&d, "2026-W49");
    let out = consolidate(&d.org, &d.rules.documents, &w.documents, &w.reported);
    let review = |id: &str| {
        out.reviews
            .iter()
            .find(|r| r.document.as_str() == id)
            .unwrap()
    };
    assert!(review("w49-sthj-ledger").refused());
    assert!(
        matches!(&review("w49-sthj-ledger").flags[0], DocFlag::LedgerNotAdmitted { ledger_type } if ledger_type == "秸秆禁烧巡查台账")
    );
    assert!(!review("w49-yjj-ledger").refused());
    assert_eq!(out.figures.ledgers_refused, 1);
    assert_eq!(out.ledgers_per_unit[&UnitId::parse("qingshi").unwrap()], 1);
}

#[test]
fn letter_outside_remit_is_flagged_and_needs_approval() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    app::init_store(&store, &common::repo().join("data"), at("2026-11-20T09:00")).unwrap();
    app::import_files(
        &store,
        &[common::repo().join("data/weeks/2026-W49.toml")],
        at("2026-11-20T09:00"),
    )
    .unwrap();
    let dw = app::documents_week(&store, WeekId::parse("2026-W49").unwrap()).unwrap();
    let letter = dw
        .outcome
        .reviews
        .iter()
        .find(|r| r.document.as_str() == "w49-cgj-letter")
        .unwrap();
    assert!(letter.outside_duties());
    assert_eq!(dw.outcome.figures.letters_flagged, 1);
    assert_eq!(
        dw.outcome.letters_per_unit[&UnitId::parse("liuhe").unwrap()],
        (1, 1)
    );
    let a = dw
        .approvals
        .iter()
        .find(|a| a.document.as_str() == "w49-cgj-letter")
        .unwrap();
    let ApprovalState::Pending { waiting } = &a.state else {
        panic!("{:?}", a.state)
    };
    assert_eq!(waiting[0].rule, "letter-outside-duties");
    // Over-long notice needs approval too; an ordinary one does not.
    let long = dw
        .approvals
        .iter()
        .find(|a| a.document.as_str() == "w49-wlj-notice")
        .unwrap();
    assert!(
        matches!(&long.state, ApprovalState::Pending { waiting } if waiting.iter().any(|r| r.rule == "document-over-length"))
    );
    let plain = dw
        .approvals
        .iter()
        .find(|a| a.document.as_str() == "w49-jyj-notice")
        .unwrap();
    assert_eq!(plain.state, ApprovalState::NotRequired);
    // The designated approver decides on the letter.
    let approver = waiting[0].approver.clone().unwrap();
    let id = pinhui::model::ProposalId::parse("w49-cgj-letter").unwrap();
    app::decide(
        &store,
        &id,
        &approver,
        pinhui::model::Decision::Reject,
        "不属于乡镇职责",
        at("2026-11-21T09:00"),
    )
    .unwrap();
    let dw = app::documents_week(&store, WeekId::parse("2026-W49").unwrap()).unwrap();
    let a = dw
        .approvals
        .iter()
        .find(|a| a.document == DocumentId::parse("w49-cgj-letter").unwrap())
        .unwrap();
    assert!(matches!(a.state, ApprovalState::Rejected { .. }));
}

#[test]
fn notices_one_per_session_and_joint_notices() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("demo");
    let (code, _, err) = common::run(
        tmp.path(),
        &[
            "demo",
            "--data",
            common::repo().join("data").to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("plan.json")).unwrap()).unwrap();
    let sessions = plan["sessions"].as_array().unwrap();
    for s in sessions {
        let id = s["id"].as_str().unwrap();
        let text = std::fs::read_to_string(out.join(format!("docs/notices/{id}.txt"))).unwrap();
        for g in s["segments"].as_array().unwrap() {
            assert!(
                text.contains(g["title"].as_str().unwrap()),
                "notice of {id} lists every segment"
            );
        }
        let html = std::fs::read_to_string(out.join(format!("docs/notices/{id}.html"))).unwrap();
        assert!(html.contains("<h1>") && !html.contains("<script"));
    }
    let merged = sessions
        .iter()
        .find(|s| s["segments"].as_array().unwrap().len() > 1)
        .unwrap();
    let text = std::fs::read_to_string(out.join(format!(
        "docs/notices/{}.txt",
        merged["id"].as_str().unwrap()
    )))
    .unwrap();
    assert!(text.contains("合并会议"), "{text}");
    let docs: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("docs/documents.json")).unwrap()).unwrap();
    let bundles = docs["outcome"]["notice_bundles"].as_array().unwrap();
    assert!(
        bundles
            .iter()
            .any(|b| b["notices"].as_array().unwrap().len() > 1),
        "two notices to the same units are bundled"
    );
    assert!(
        out.join("docs/forms").read_dir().unwrap().count() >= 24,
        "12 forms as CSV and XLSX"
    );
    let csv = std::fs::read_to_string(out.join("docs/forms/qingshi-01.csv")).unwrap_or_else(|_| {
        let name = std::fs::read_dir(out.join("docs/forms"))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .find(|n| n.starts_with("qingshi-") && n.ends_with(".csv"))
            .unwrap();
        std::fs::read_to_string(out.join("docs/forms").join(name)).unwrap()
    });
    assert!(csv.starts_with('\u{feff}') && csv.contains("填报单位,截止日期,字段"));
    assert_eq!(
        csv.matches("固定资产投资额").count(),
        1,
        "a field asked twice appears once"
    );
    assert!(csv.contains("2026-12-08"), "earliest due date");
    let xlsx = std::fs::read_dir(out.join("docs/forms"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .unwrap();
    assert!(
        std::fs::read(xlsx).unwrap().starts_with(b"PK"),
        "XLSX is a zip"
    );
}

#[test]
fn bad_document_input_is_located_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    app::init_store(&store, &common::repo().join("data"), at("2026-11-20T09:00")).unwrap();
    let bad = r#"week = "2026-W49"

[[documents]]
id = "d-1"
title = "报表"
issuer = "tjj"
kind = "data_request"
due = "2026-12-40"
fields = []

[[documents.audience]]
kinds = ["township"]

[[reported]]
unit = "qingshi"
field = "常住人口"
period = "2026-13"
"#;
    let f = dir.path().join("docs.toml");
    std::fs::write(&f, bad).unwrap();
    let err = app::import_files(&store, &[f], at("2026-11-20T09:00"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("docs.toml 第 8 行 documents[0].due"), "{err}");
    assert!(err.contains("第 9 行 documents[0].fields"), "{err}");
    assert!(err.contains("reported[0].period"), "{err}");
    let dw = app::documents_week(&store, WeekId::parse("2026-W49").unwrap()).unwrap();
    assert!(dw.outcome.reviews.is_empty(), "nothing stored");
}
