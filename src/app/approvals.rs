//! The approval workflow (报批): who must decide what, decisions, and which
//! proposals may be planned.

use super::cycle::open_initialised;
use super::{AppError, AppResult};
use crate::calendar::WorkCalendar;
use crate::io::org::DistrictData;
use crate::model::*;
use crate::rules::approval::{Context, Required, filed_late, required_approvals};
use crate::rules::quota::Usage;
use crate::rules::workflow::{ApprovalState, evaluate, substitute};
use crate::store::Store;
use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;
use std::path::Path;

/// Where one proposal stands.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalApproval {
    pub proposal: Proposal,
    pub version: u32,
    pub required: Vec<Required>,
    pub decisions: Vec<DecisionRecord>,
    pub state: ApprovalState,
    /// Roles replaced by deputies through a substitution decision.
    pub deputies_for: Vec<Role>,
    pub late: bool,
    pub over_quota: bool,
}

impl ProposalApproval {
    pub fn plannable(&self) -> bool {
        self.state.plannable(self.proposal.urgent)
    }

    /// The proposal as it is planned: substitutions applied.
    pub fn effective(&self, org: &Org) -> Proposal {
        substitute(org, &self.proposal, &self.deputies_for)
    }
}

/// Approval state of every active proposal of a week, in id order.
pub fn week_approvals(
    s: &Store,
    d: &DistrictData,
    cal: &WorkCalendar,
    week: WeekId,
) -> AppResult<Vec<ProposalApproval>> {
    let mut proposals = s.load_week(week)?.proposals;
    let versions = s.proposal_versions(week)?;
    let decisions = s.decisions(week)?;
    let year = week.monday().year();
    let mut usage = Usage::default();
    for p in s.published_proposals(year, Some(week))? {
        usage.add(&d.org, &p);
    }
    // Quota use accrues in filing order within the week.
    proposals.sort_by(|a, b| a.filed.cmp(&b.filed).then(a.id.cmp(&b.id)));
    let mut out = Vec::new();
    for p in proposals {
        let over_quota = usage.would_exceed(&d.rules.quotas, &d.org, &p);
        usage.add(&d.org, &p);
        let version = versions.get(&p.id).copied().unwrap_or(1);
        let required = required_approvals(&d.org, cal, &p, Context { over_quota });
        let mine: Vec<DecisionRecord> = decisions
            .iter()
            .filter(|x| x.proposal == p.id && x.proposal_version == version)
            .cloned()
            .collect();
        let (state, deputies_for) = evaluate(&required, &mine);
        out.push(ProposalApproval {
            late: filed_late(cal, &p),
            proposal: p,
            version,
            required,
            decisions: mine,
            state,
            deputies_for,
            over_quota,
        });
    }
    out.sort_by(|a, b| a.proposal.id.cmp(&b.proposal.id));
    Ok(out)
}

/// Proposals waiting for a decision, optionally only those waiting on `approver`,
/// over the given week or every week in the store.
pub fn pending(
    store: &Path,
    week: Option<WeekId>,
    approver: Option<&PersonId>,
) -> AppResult<Vec<ProposalApproval>> {
    let s = open_initialised(store)?;
    let d = s.load_district()?;
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let weeks: Vec<WeekId> = match week {
        Some(w) => vec![w],
        None => s.weeks()?.iter().filter_map(|w| WeekId::parse(w)).collect(),
    };
    let mut out = Vec::new();
    for w in weeks {
        for a in week_approvals(&s, &d, &cal, w)? {
            if let ApprovalState::Pending { waiting } = &a.state
                && approver.is_none_or(|me| waiting.iter().any(|r| r.approver.as_ref() == Some(me)))
            {
                out.push(a);
            }
        }
    }
    Ok(out)
}

/// Records `decision` by `approver` on every rule of the proposal that names
/// them. Refuses anyone who is not a designated approver of the proposal.
pub fn decide(
    store: &Path,
    id: &ProposalId,
    approver: &PersonId,
    decision: Decision,
    reason: &str,
    at: NaiveDateTime,
) -> AppResult<Vec<Required>> {
    let mut s = open_initialised(store)?;
    let d = s.load_district()?;
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let Some((week, _, _)) = s.proposal(id)? else {
        let doc = DocumentId::parse(id.as_str()).map_err(|e| AppError::Usage(e.to_string()))?;
        return super::documents::decide_document(s, &d, &doc, approver, decision, reason, at);
    };
    let a = week_approvals(&s, &d, &cal, week)?
        .into_iter()
        .find(|a| &a.proposal.id == id)
        .ok_or_else(|| AppError::Usage(format!("没有编号为 “{id}” 的有效会议申请")))?;
    let mine: Vec<Required> = a
        .required
        .iter()
        .filter(|r| r.approver.as_ref() == Some(approver))
        .cloned()
        .collect();
    if mine.is_empty() {
        let who: Vec<String> = a
            .required
            .iter()
            .map(|r| {
                format!(
                    "{}（{}）",
                    r.position,
                    r.approver
                        .as_ref()
                        .map(|p| p.to_string())
                        .unwrap_or_else(|| "无人担任".into())
                )
            })
            .collect();
        return Err(if who.is_empty() {
            AppError::Usage(format!("{id} 无需审批"))
        } else {
            AppError::Forbidden(format!(
                "{approver} 不是 {id} 的审批人；审批人：{}",
                who.join("、")
            ))
        });
    }
    match &decision {
        Decision::Reject if reason.trim().is_empty() => {
            return Err(AppError::Usage("不同意时必须填写理由（--reason）".into()));
        }
        Decision::Substitute { roles }
            if roles.is_empty()
                || roles
                    .iter()
                    .any(|r| !matches!(r, Role::Secretary | Role::Head)) =>
        {
            return Err(AppError::Usage(
                "改由副职参加时，--roles 只能是 secretary（书记）和/或 head（正职）".into(),
            ));
        }
        _ => {}
    }
    let records: Vec<DecisionRecord> = mine
        .iter()
        .map(|r| DecisionRecord {
            proposal: id.clone(),
            proposal_version: a.version,
            rule: r.rule.clone(),
            approver: approver.clone(),
            decision: decision.clone(),
            reason: reason.trim().to_string(),
            decided_at: at,
        })
        .collect();
    s.record_decisions(&records)?;
    Ok(mine)
}
