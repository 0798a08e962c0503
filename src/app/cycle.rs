//! init, import, plan, publish.

use super::approvals::{ProposalApproval, week_approvals};
use super::{AppError, AppResult};
use crate::calendar::WorkCalendar;
use crate::check::{CheckInput, Violation, check_plan};
use crate::io::org::{DistrictData, load_district_dir};
use crate::io::spreadsheet::{parse_csv_file, parse_xlsx_file};
use crate::io::week::{document_is_proposal, parse_week, proposal_is_document};
use crate::io::{InputError, InputErrors, read_text, syntax_of};
use crate::model::{
    Busy, DocumentId, Org, Plan, Proposal, ProposalId, Publication, WeekId, WeekInput,
};
use crate::plan::{PlanInput, approval_pending_pairs, plan_week};
use crate::rules::workflow::ApprovalState;
use crate::store::{ImportSummary, Store};
use chrono::{Datelike, NaiveDateTime};
use std::collections::BTreeSet;
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
/// file is valid. Week files (`.toml`, `.json`) and spreadsheets of proposals
/// or documents (`.csv`, `.xlsx`) are told apart by extension.
pub fn import_files(
    store: &Path,
    files: &[PathBuf],
    at: NaiveDateTime,
) -> AppResult<ImportSummary> {
    import_files_for(store, files, None, at)
}

/// Like [`import_files`]; `week` applies to spreadsheet rows without a 周次.
pub fn import_files_for(
    store: &Path,
    files: &[PathBuf],
    week: Option<WeekId>,
    at: NaiveDateTime,
) -> AppResult<ImportSummary> {
    let mut s = open_initialised(store)?;
    let d = s.load_district()?;
    let mut weeks = Vec::new();
    let mut errors = Vec::new();
    for f in files {
        match parse_file(f, week, &d.org) {
            Ok(ws) => weeks.extend(ws.into_iter().map(|w| (w, f.display().to_string()))),
            Err(e) => errors.extend(e.0),
        }
    }
    if errors.is_empty() {
        errors = id_clashes(&s, &weeks)?;
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors).into());
    }
    Ok(s.import_weeks(&weeks, "clerk", at)?)
}

/// Documents and proposals share one id space (a decision names either by id):
/// a document may not take the id of a proposal of this import or of an active
/// one in the store, nor a proposal the id of a stored or imported document.
fn id_clashes(s: &Store, weeks: &[(WeekInput, String)]) -> AppResult<Vec<InputError>> {
    let clash = |file: &str, message: String| InputError {
        file: file.to_string(),
        line: None,
        field: String::new(),
        message,
    };
    let proposals: BTreeSet<&str> = weeks
        .iter()
        .flat_map(|(w, _)| w.proposals.iter().map(|p| p.id.as_str()))
        .collect();
    let documents: BTreeSet<&str> = weeks
        .iter()
        .flat_map(|(w, _)| w.documents.iter().map(|d| d.id.as_str()))
        .collect();
    let mut errors = Vec::new();
    for (w, file) in weeks {
        for d in &w.documents {
            let stored = match ProposalId::parse(d.id.as_str()) {
                Ok(id) => s.proposal(&id)?.is_some(),
                Err(_) => false,
            };
            if proposals.contains(d.id.as_str()) || stored {
                errors.push(clash(file, document_is_proposal(d.id.as_str())));
            }
        }
        for p in &w.proposals {
            if documents.contains(p.id.as_str()) {
                continue; // reported once, as the document's clash
            }
            if let Ok(id) = DocumentId::parse(p.id.as_str())
                && s.document_week(&id)?.is_some()
            {
                errors.push(clash(file, proposal_is_document(p.id.as_str())));
            }
        }
    }
    Ok(errors)
}

/// Reads and validates one input file of any supported kind.
pub fn parse_file(
    f: &Path,
    week: Option<WeekId>,
    org: &Org,
) -> Result<Vec<WeekInput>, InputErrors> {
    let name = f.display().to_string();
    let ext = f
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = || {
        std::fs::read(f)
            .map_err(|e| InputErrors::one(&name, None, "", format!("无法读取文件：{e}")))
    };
    match ext.as_deref() {
        Some("csv") => parse_csv_file(&name, &bytes()?, week, org),
        Some("xlsx") => parse_xlsx_file(&name, bytes()?, week, org),
        Some("toml" | "json") => {
            let text = read_text(f)?;
            Ok(vec![parse_week(&name, &text, syntax_of(f)?, org)?])
        }
        _ => Err(InputErrors::one(
            &name,
            None,
            "",
            "无法识别的文件类型，应为 .toml、.json、.csv 或 .xlsx",
        )),
    }
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
    /// Approval state of every proposal of the week.
    pub approvals: Vec<ProposalApproval>,
}

/// What may be planned in a week: approved (or urgent and pending) proposals
/// with substitutions applied, and the busy blocks.
fn plannable(
    s: &Store,
    d: &DistrictData,
    cal: &WorkCalendar,
    week: WeekId,
) -> AppResult<(Vec<ProposalApproval>, Vec<Proposal>, Vec<Busy>)> {
    let approvals = week_approvals(s, d, cal, week)?;
    let proposals = approvals
        .iter()
        .filter(|a| a.plannable())
        .map(|a| a.effective(&d.org))
        .collect();
    Ok((approvals, proposals, s.load_week(week)?.busy))
}

/// Plans a week from the store and saves it as a new draft version. Urgent
/// proposals still waiting for approval are planned and marked.
pub fn plan_store(store: &Path, week: WeekId, at: NaiveDateTime) -> AppResult<PlanOutcome> {
    plan_store_as(store, week, "clerk", at)
}

/// [`plan_store`] with the audit log's actor named (the API's caller).
pub fn plan_store_as(
    store: &Path,
    week: WeekId,
    actor: &str,
    at: NaiveDateTime,
) -> AppResult<PlanOutcome> {
    let mut s = open_initialised(store)?;
    let d = s.load_district()?;
    let cal = load_calendar(&d);
    let (approvals, proposals, busy) = plannable(&s, &d, &cal, week)?;
    // A published week is re-planned around what was published.
    let published = s.latest_publication(week)?;
    let input = PlanInput {
        org: &d.org,
        calendar: &cal,
        week,
        proposals: &proposals,
        busy: &busy,
        previous: published.as_ref().map(|p| p.sessions.as_slice()),
    };
    let mut plan = plan_week(&input);
    let pending: BTreeSet<&ProposalId> = approvals
        .iter()
        .filter(|a| matches!(a.state, ApprovalState::Pending { .. }))
        .map(|a| &a.proposal.id)
        .collect();
    for g in plan.sessions.iter_mut().flat_map(|s| s.segments.iter_mut()) {
        g.pending_approval = pending.contains(&g.proposal);
    }
    // Proposals held back for approval share people with others too: say so.
    let waiting: Vec<Proposal> = approvals
        .iter()
        .filter(|a| !a.plannable() && matches!(a.state, ApprovalState::Pending { .. }))
        .map(|a| a.effective(&d.org))
        .collect();
    plan.non_merges
        .extend(approval_pending_pairs(&d.org, &proposals, &waiting));
    plan.non_merges
        .sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    let violations = check_plan(
        &CheckInput {
            org: &d.org,
            calendar: &cal,
            proposals: &proposals,
            busy: &busy,
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
    let version = s.save_draft(&plan, actor, at)?;
    Ok(PlanOutcome {
        version,
        plan,
        violations,
        missing_years,
        approvals,
    })
}

/// Withdraws a proposal (it stays in the store, marked withdrawn); the next
/// plan leaves it out and the next publication cancels its session.
pub fn withdraw_proposal(store: &Path, id: &str, at: NaiveDateTime) -> AppResult<()> {
    let mut s = open_initialised(store)?;
    let bad = || AppError::Usage(format!("没有可撤回的会议申请 “{id}”"));
    let pid = crate::model::ProposalId::parse(id).map_err(|_| bad())?;
    if s.withdraw(&pid, "clerk", at)? {
        Ok(())
    } else {
        Err(bad())
    }
}

/// Publishes the newest draft of a week, after the independent checker passes it
/// against the current proposals and approvals.
pub fn publish_store(store: &Path, week: WeekId, at: NaiveDateTime) -> AppResult<Publication> {
    publish_store_as(store, week, "clerk", at)
}

/// [`publish_store`] with the audit log's actor named (the API's caller).
pub fn publish_store_as(
    store: &Path,
    week: WeekId,
    actor: &str,
    at: NaiveDateTime,
) -> AppResult<Publication> {
    let mut s = open_initialised(store)?;
    let d = s.load_district()?;
    let cal = load_calendar(&d);
    let (_, proposals, busy) = plannable(&s, &d, &cal, week)?;
    if let Some((_, _, plan)) = s.latest_plan(week)? {
        let violations = check_plan(
            &CheckInput {
                org: &d.org,
                calendar: &cal,
                proposals: &proposals,
                busy: &busy,
            },
            &plan,
        );
        if !violations.is_empty() {
            let list: Vec<String> = violations
                .iter()
                .map(|v| format!("{}：{}", v.session, v.detail))
                .collect();
            return Err(AppError::Usage(format!(
                "草案与当前申请或审批不符，或违反硬约束，不能发布（请重新排会）：\n{}",
                list.join("\n")
            )));
        }
    }
    Ok(s.publish(week, actor, at)?)
}
