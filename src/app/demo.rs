//! `pinhui demo`: the whole weekly cycle on a district folder, into an output folder.

use super::outputs::{ExportSummary, export_week, write_file};
use super::{AppError, AppResult, import_files, init_store, plan_store, publish_store};
use crate::model::{CostSummary, Decision, PersonId, Role, WeekId};
use crate::rules::workflow::ApprovalState;
use chrono::{Duration, NaiveDateTime, NaiveTime};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What the demo did, as printed at the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoSummary {
    pub week: String,
    pub imported_files: usize,
    pub cost: CostSummary,
    pub unplaced: usize,
    pub violations: usize,
    /// Approval decisions the demo made as the designated approvers.
    pub decisions: usize,
    pub export: ExportSummary,
}

/// The demo's clock: the Friday before the week, 17:00 Beijing time (09:00 UTC), so
/// that two runs give byte-identical files.
pub fn demo_time(week: WeekId) -> NaiveDateTime {
    (week.monday() - Duration::days(3)).and_time(NaiveTime::from_hms_opt(9, 0, 0).expect("valid"))
}

/// Runs init → import → plan → publish → export → report into `out`.
pub fn run_demo(data: &Path, out: &Path, week: WeekId) -> AppResult<DemoSummary> {
    let at = demo_time(week);
    std::fs::create_dir_all(out).map_err(|source| AppError::Write {
        path: out.display().to_string(),
        source,
    })?;
    let store = out.join("pinhui.db");
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", store.display()));
        if p.exists() {
            std::fs::remove_file(&p).map_err(|source| AppError::Write {
                path: p.display().to_string(),
                source,
            })?;
        }
    }
    let pb = super::progress::bar(6, "演示");
    tracing::info!(data = %data.display(), "init");
    init_store(&store, data, at)?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(data.join("weeks"))
        .map_err(|e| AppError::Usage(format!("无法读取 {}：{e}", data.join("weeks").display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml" || x == "json"))
        .collect();
    files.sort();
    pb.inc(1);
    tracing::info!(files = files.len(), "import");
    import_files(&store, &files, at)?;
    tracing::info!(%week, "approvals");
    let decisions = demo_decisions(&store, week, at)?;
    pb.inc(1);
    tracing::info!(%week, "plan");
    let outcome = plan_store(&store, week, at)?;
    pb.inc(1);
    tracing::info!(%week, "publish");
    publish_store(&store, week, at)?;
    pb.inc(1);
    tracing::info!(out = %out.display(), "export");
    let export = export_week(&store, week, out)?;
    pb.inc(1);
    super::write_report(&store, week, out)?;
    pb.inc(1);
    pb.finish_and_clear();
    let summary = DemoSummary {
        week: week.to_string(),
        imported_files: files.len(),
        cost: outcome.plan.cost,
        unplaced: outcome.plan.unplaced.len(),
        violations: outcome.violations.len(),
        decisions,
        export,
    };
    let mut json =
        serde_json::to_string_pretty(&summary).map_err(|e| AppError::Usage(e.to_string()))?;
    json.push('\n');
    write_file(&out.join("summary.json"), json.as_bytes())?;
    Ok(summary)
}

/// The demo's approvers decide every pending proposal of the week: grassroots
/// leaders sitting in a standing committee are replaced by deputies, everything
/// else is approved.
fn demo_decisions(store: &Path, week: WeekId, at: NaiveDateTime) -> AppResult<usize> {
    let mut n = 0;
    for a in super::pending(store, Some(week), None)? {
        let ApprovalState::Pending { waiting } = &a.state else {
            continue;
        };
        let mut approvers: Vec<&PersonId> =
            waiting.iter().filter_map(|r| r.approver.as_ref()).collect();
        approvers.dedup();
        for who in approvers {
            let sits_in = waiting.iter().any(|r| {
                r.approver.as_ref() == Some(who) && r.rule == "grassroots-sit-in-standing-committee"
            });
            let decision = if sits_in {
                Decision::Substitute {
                    roles: vec![Role::Secretary],
                }
            } else {
                Decision::Approve
            };
            n += super::decide(store, &a.proposal.id, who, decision, "演示：按规则审批", at)?.len();
        }
    }
    Ok(n)
}

fn pct(now: u64, base: u64) -> String {
    if base == 0 {
        "—".into()
    } else {
        format!("{:+.1}%", (now as f64 - base as f64) * 100.0 / base as f64)
    }
}

impl DemoSummary {
    /// The short summary printed by `pinhui demo` (Chinese, for the clerk).
    pub fn render(&self) -> String {
        let c = &self.cost;
        let mut s = String::new();
        s.push_str(&format!("拼会演示：{} 周\n", self.week));
        s.push_str(&format!(
            "会议申请        {} 项（已安排 {} 项，未安排 {} 项）\n",
            c.proposals, c.placed_proposals, self.unplaced
        ));
        s.push_str(&format!(
            "实际召开        {} 场（不拼会需 {} 场）\n",
            c.sessions, c.placed_proposals
        ));
        s.push_str(&format!(
            "参会人次        {} （基线 {}，{}）\n",
            c.attendances,
            c.baseline_attendances,
            pct(c.attendances.into(), c.baseline_attendances.into())
        ));
        s.push_str(&format!(
            "往返行程        {} 趟（基线 {}，{}）\n",
            c.trips,
            c.baseline_trips,
            pct(c.trips.into(), c.baseline_trips.into())
        ));
        s.push_str(&format!(
            "干部耗时        {} 分钟（基线 {}，{}）\n",
            c.cadre_minutes,
            c.baseline_cadre_minutes,
            pct(c.cadre_minutes, c.baseline_cadre_minutes)
        ));
        if c.dropped_relays > 0 {
            s.push_str(&format!(
                "取消传达会议    {} 个（一开到底，节省 {} 分钟）\n",
                c.dropped_relays, c.dropped_relay_minutes
            ));
        }
        s.push_str(&format!("精准通知免陪会  {} 人次\n", c.spared));
        s.push_str(&format!(
            "审批决定        {} 项（演示中由各审批人作出）\n",
            self.decisions
        ));
        s.push_str(&format!(
            "硬约束检查      {}\n",
            if self.violations == 0 {
                "全部通过".to_string()
            } else {
                format!("{} 处违反", self.violations)
            }
        ));
        s.push_str(&format!(
            "输出            {} 个个人日历、{} 个单位日历、全区日历、一周会议安排、拼会报告\n",
            self.export.person_feeds, self.export.unit_feeds
        ));
        s
    }
}
