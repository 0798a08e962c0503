//! Shared helpers for integration tests.
#![allow(dead_code)]

use pinhui::calendar::WorkCalendar;
use pinhui::check::{CheckInput, Violation, check_plan};
use pinhui::io::org::{DistrictData, load_district_dir};
use pinhui::io::{Syntax, week::parse_week};
use pinhui::model::{Plan, WeekInput};
use pinhui::plan::{PlanInput, plan_week};
use std::path::{Path, PathBuf};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample() -> DistrictData {
    load_district_dir(&repo().join("data")).unwrap_or_else(|e| panic!("sample district: {e}"))
}

pub fn sample_week(d: &DistrictData, name: &str) -> WeekInput {
    let path = repo().join("data/weeks").join(format!("{name}.toml"));
    let text = std::fs::read_to_string(&path).expect("week file");
    parse_week(name, &text, Syntax::Toml, &d.org).unwrap_or_else(|e| panic!("{e}"))
}

pub fn plan(d: &DistrictData, w: &WeekInput) -> (Plan, Vec<Violation>) {
    plan_after(d, w, None)
}

/// [`plan`] re-planning around a publication (`previous`).
pub fn plan_after(
    d: &DistrictData,
    w: &WeekInput,
    previous: Option<&[pinhui::model::PublishedSession]>,
) -> (Plan, Vec<Violation>) {
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let input = PlanInput {
        org: &d.org,
        calendar: &cal,
        week: w.week,
        proposals: &w.proposals,
        busy: &w.busy,
        previous,
    };
    let plan = plan_week(&input);
    let v = check_plan(
        &CheckInput {
            org: &d.org,
            calendar: &cal,
            proposals: &w.proposals,
            busy: &w.busy,
        },
        &plan,
    );
    (plan, v)
}

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_pinhui"))
}

/// Runs the binary; returns (exit code, stdout, stderr).
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(bin())
        .args(args)
        .current_dir(dir)
        .env_remove("PINHUI_STORE")
        .output()
        .expect("run pinhui");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Approves every pending proposal of a week as its designated approvers.
pub fn approve_all(store: &Path, week: pinhui::model::WeekId, at: chrono::NaiveDateTime) {
    for a in pinhui::app::pending(store, Some(week), None).unwrap() {
        let pinhui::rules::workflow::ApprovalState::Pending { waiting } = &a.state else {
            continue;
        };
        let mut who: Vec<_> = waiting.iter().filter_map(|r| r.approver.clone()).collect();
        who.sort();
        who.dedup();
        for p in who {
            pinhui::app::decide(
                store,
                &a.proposal.id,
                &p,
                pinhui::model::Decision::Approve,
                "",
                at,
            )
            .unwrap();
        }
    }
}

pub mod feeds;

/// A store in `dir` with the sample district, every sample week imported and
/// 2026-W49 planned and published at `at` (UTC). Returns the store path.
pub fn published_sample(dir: &Path, at: chrono::NaiveDateTime) -> PathBuf {
    use pinhui::app;
    let store = dir.join("pinhui.db");
    app::init_store(&store, &repo().join("data"), at).expect("init");
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("data/weeks"))
        .expect("weeks")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    app::import_files(&store, &files, at).expect("import");
    let week = w49();
    approve_all(&store, week, at);
    app::plan_store(&store, week, at).expect("plan");
    app::publish_store(&store, week, at).expect("publish");
    store
}

pub fn w49() -> pinhui::model::WeekId {
    pinhui::model::WeekId::parse("2026-W49").expect("week")
}

/// A UTC time on 2026-11-`day`.
pub fn utc(day: u32, h: u32, m: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, day)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .expect("valid time")
}
pub mod api;
