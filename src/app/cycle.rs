//! init, import, plan, publish.

use super::{AppError, AppResult};
use crate::calendar::WorkCalendar;
use crate::check::{CheckInput, Violation, check_plan};
use crate::io::org::{DistrictData, load_district_dir};
use crate::io::{InputErrors, read_text, syntax_of, week::parse_week};
use crate::model::{Plan, Publication, WeekId};
use crate::plan::{PlanInput, plan_week};
use crate::store::{ImportSummary, Store};
use chrono::{Datelike, NaiveDateTime};
use std::path::{Path, PathBuf};

/// Creates a store from a district folder (district.toml, people.csv, rules.toml,
/// holidays/). Refuses an existing store that already holds a district.
pub fn init_store(store: &Path, data: &Path, at: NaiveDateTime) -> AppResult<DistrictData> {
    let d = load_district_dir(data)?;
    let mut s = Store::open(store)?;
    if s.is_initialised()? {
        return Err(AppError::Usage(format!(
            "{} 已经初始化过；如需重建，请换一个 --store 路径或先删除该文件",
            store.display()
        )));
    }
    s.init_district(&d, "clerk", at)?;
    Ok(d)
}

/// Validates every file first; stores them all in one transaction only if every
/// file is valid.
pub fn import_files(
    store: &Path,
    files: &[PathBuf],
    at: NaiveDateTime,
) -> AppResult<ImportSummary> {
    let mut s = open_initialised(store)?;
    let d = s.load_district()?;
    let mut weeks = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        let name = f.display().to_string();
        let parsed = read_text(f).and_then(|text| {
            let syntax = syntax_of(f)?;
            parse_week(&name, &text, syntax, &d.org)
        });
        match parsed {
            Ok(w) => weeks.push((w, name)),
            Err(e) => errors.extend(e.0),
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors).into());
    }
    Ok(s.import_weeks(&weeks, "clerk", at)?)
}

pub(crate) fn open_initialised(store: &Path) -> AppResult<Store> {
    if !store.exists() {
        return Err(AppError::Usage(format!(
            "找不到数据库 {}，请先运行 pinhui init",
            store.display()
        )));
    }
    let s = Store::open(store)?;
    if !s.is_initialised()? {
        return Err(AppError::Usage(format!(
            "{} 尚未初始化，请先运行 pinhui init",
            store.display()
        )));
    }
    Ok(s)
}

/// Loads the district of an initialised store.
pub fn open_district(store: &Path) -> AppResult<DistrictData> {
    Ok(open_initialised(store)?.load_district()?)
}

/// The working calendar of a district, with warnings for years without holiday data.
pub fn load_calendar(d: &DistrictData) -> WorkCalendar {
    WorkCalendar::new(&d.holidays, &d.rules)
}

/// A draft plan and what the independent checker found in it.
pub struct PlanOutcome {
    pub version: u32,
    pub plan: Plan,
    pub violations: Vec<Violation>,
    /// Years the week touches that have no official holiday data.
    pub missing_years: Vec<i32>,
}

/// Plans a week from the store and saves it as a new draft version.
pub fn plan_store(store: &Path, week: WeekId, at: NaiveDateTime) -> AppResult<PlanOutcome> {
    let mut s = open_initialised(store)?;
    let d = s.load_district()?;
    let cal = load_calendar(&d);
    let w = s.load_week(week)?;
    let input = PlanInput {
        org: &d.org,
        calendar: &cal,
        week,
        proposals: &w.proposals,
        busy: &w.busy,
        previous: None,
    };
    let plan = plan_week(&input);
    let violations = check_plan(
        &CheckInput {
            org: &d.org,
            calendar: &cal,
            proposals: &w.proposals,
            busy: &w.busy,
        },
        &plan,
    );
    let mut missing_years: Vec<i32> = week
        .days()
        .map(|d| d.year())
        .filter(|y| !cal.has_year(*y))
        .collect();
    missing_years.dedup();
    for y in &missing_years {
        tracing::warn!(
            year = y,
            "no official holiday data; treating Monday–Friday as working days"
        );
    }
    let version = s.save_draft(&plan, "clerk", at)?;
    Ok(PlanOutcome {
        version,
        plan,
        violations,
        missing_years,
    })
}

/// Publishes the newest draft of a week, after the independent checker passes it.
pub fn publish_store(store: &Path, week: WeekId, at: NaiveDateTime) -> AppResult<Publication> {
    let mut s = open_initialised(store)?;
    let d = s.load_district()?;
    let cal = load_calendar(&d);
    let w = s.load_week(week)?;
    if let Some((_, _, plan)) = s.latest_plan(week)? {
        let violations = check_plan(
            &CheckInput {
                org: &d.org,
                calendar: &cal,
                proposals: &w.proposals,
                busy: &w.busy,
            },
            &plan,
        );
        if !violations.is_empty() {
            let list: Vec<String> = violations
                .iter()
                .map(|v| format!("{}：{}", v.session, v.detail))
                .collect();
            return Err(AppError::Usage(format!(
                "方案违反硬约束，不能发布（请重新排会）：\n{}",
                list.join("\n")
            )));
        }
    }
    Ok(s.publish(week, "clerk", at)?)
}
