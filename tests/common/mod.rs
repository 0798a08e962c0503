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
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let input = PlanInput {
        org: &d.org,
        calendar: &cal,
        week: w.week,
        proposals: &w.proposals,
        busy: &w.busy,
        previous: None,
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
