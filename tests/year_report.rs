//! Year to date: every planned week of the year, totals and the weekly trend.

mod common;

use pinhui::app;
use pinhui::model::WeekId;
use pinhui::report::year::YearReport;

#[test]
fn year_report_sums_every_planned_week() {
    let dir = tempfile::tempdir().unwrap();
    let at = common::utc(20, 9, 0);
    let store = dir.path().join("s.db");
    app::init_store(&store, &common::repo().join("data"), at).unwrap();
    let files: Vec<_> = ["2026-W41", "2026-W49", "2026-W50"]
        .iter()
        .map(|w| common::repo().join(format!("data/weeks/{w}.toml")))
        .collect();
    app::import_files(&store, &files, at).unwrap();
    let mut attendances = 0;
    let mut minutes = 0;
    for w in ["2026-W41", "2026-W49", "2026-W50"] {
        let week = WeekId::parse(w).unwrap();
        common::approve_all(&store, week, at);
        let o = app::plan_store(&store, week, at).unwrap();
        attendances += o.plan.cost.attendances;
        minutes += o.plan.cost.cadre_minutes;
    }
    app::publish_store(&store, common::w49(), at).unwrap();
    let out = dir.path().join("out");
    let r = app::write_year_report(&store, 2026, &out).unwrap();
    let weeks: Vec<String> = r.weeks.iter().map(|w| w.week.to_string()).collect();
    assert_eq!(weeks, ["2026-W41", "2026-W49", "2026-W50"]);
    assert_eq!(r.weeks[1].status, "published");
    assert_eq!(r.weeks[0].status, "draft");
    assert_eq!(r.total.attendances, attendances);
    assert_eq!(r.total.cadre_minutes, minutes);
    assert!(r.total.cadre_minutes <= r.total.baseline_cadre_minutes);
    let json = std::fs::read_to_string(out.join("report-2026.json")).unwrap();
    let back: YearReport = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
    let html = std::fs::read_to_string(out.join("report-2026.html")).unwrap();
    assert!(html.contains("id=\"chart-weekly-trend\"") && html.contains("2026-W50"));
    assert!(
        app::write_year_report(&store, 2025, &out).is_err(),
        "no plan in 2025"
    );
    // The CLI needs a week or a year.
    let (code, _, err) = common::run(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "report",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_ne!(code, 0, "{err}");
    let (code, out_text, err) = common::run(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "report",
            "--year",
            "2026",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out_text.contains("（3 周）"), "{out_text}");
}
