//! Fills the report's governance section from the store: approvals and their
//! turnaround, quota use against caps and last year, video share, documents.

use super::AppResult;
use super::approvals::week_approvals;
use crate::calendar::WorkCalendar;
use crate::io::org::DistrictData;
use crate::model::{Mode, Plan, UnitKind, WeekId};
use crate::report::governance::{
    ApprovalReport, DecisionReport, Governance, QuotaReport, VideoShare,
};
use crate::rules::quota::Usage;
use crate::rules::workflow::ApprovalState;
use crate::store::Store;
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn governance(
    s: &Store,
    d: &DistrictData,
    week: WeekId,
    plan: &Plan,
) -> AppResult<Governance> {
    let org = &d.org;
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let approvals = week_approvals(s, d, &cal, week)?;
    let submitted = s.proposal_submitted(week)?;
    let name = |p: &crate::model::PersonId| {
        org.person(p)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| p.to_string())
    };
    let approvals_out = approvals
        .iter()
        .filter(|a| !a.required.is_empty())
        .map(|a| {
            let (state, waiting) = match &a.state {
                ApprovalState::Pending { waiting } => (
                    "pending",
                    waiting.iter().map(|r| r.position.clone()).collect(),
                ),
                ApprovalState::Rejected { .. } => ("rejected", vec![]),
                _ => ("approved", vec![]),
            };
            let since = submitted.get(&a.proposal.id).copied();
            ApprovalReport {
                proposal: a.proposal.id.to_string(),
                title: a.proposal.title.clone(),
                state: state.into(),
                state_label: a.state.label().into(),
                decisions: a
                    .decisions
                    .iter()
                    .map(|x| DecisionReport {
                        rule: x.rule.clone(),
                        approver: x.approver.to_string(),
                        approver_name: name(&x.approver),
                        decision: x.decision.label().into(),
                        reason: x.reason.clone(),
                        decided_at: x.decided_at.format("%Y-%m-%dT%H:%M:%S").to_string(),
                        turnaround_minutes: since
                            .map(|t| (x.decided_at - t).num_minutes())
                            .unwrap_or(0),
                    })
                    .collect(),
                waiting,
            }
        })
        .collect();
    // Quota use: published weeks of the year, then this plan.
    let mut usage = Usage::default();
    for p in s.published_proposals(week.monday().year(), Some(week))? {
        usage.add(org, &p);
    }
    let placed: BTreeSet<_> = plan
        .sessions
        .iter()
        .flat_map(|x| x.segments.iter().map(|g| &g.proposal))
        .collect();
    for a in approvals.iter().filter(|a| placed.contains(&a.proposal.id)) {
        usage.add(org, &a.effective(org));
    }
    let mut docs_used: BTreeMap<crate::model::UnitId, u32> = BTreeMap::new();
    for doc in s.documents_before(week.monday().year(), week)? {
        *docs_used.entry(doc.issuer).or_default() += 1;
    }
    for doc in s.load_week(week)?.documents {
        *docs_used.entry(doc.issuer).or_default() += 1;
    }
    let q = &d.rules.quotas;
    let mut units: BTreeSet<crate::model::UnitId> = usage.by_department.keys().cloned().collect();
    units.extend(docs_used.keys().cloned());
    units.extend(q.previous_year.keys().cloned());
    let quotas = units
        .into_iter()
        .map(|u| {
            let used = usage.by_department.get(&u).copied().unwrap_or_default();
            let caps = q.caps_for(&u);
            let prev = q.previous_year.get(&u).map(|p| p.meetings);
            QuotaReport {
                name: org
                    .unit(&u)
                    .map(|x| x.name.clone())
                    .unwrap_or_else(|| u.to_string()),
                unit: u.to_string(),
                meetings: used.meetings,
                meetings_cap: caps.meetings,
                district_wide: used.district_wide,
                district_wide_cap: caps.district_wide,
                documents: docs_used.get(&u).copied().unwrap_or(0),
                documents_cap: caps.documents,
                previous_meetings: prev,
                change_meetings: prev.map(|p| i64::from(used.meetings) - i64::from(p)),
            }
        })
        .collect();
    let local = |k: UnitKind| k.is_grassroots() || k.is_village_level();
    let reaching: Vec<_> = plan
        .sessions
        .iter()
        .filter(|x| {
            x.attendees.iter().any(|a| {
                org.person(&a.person).is_some_and(|p| {
                    p.positions
                        .iter()
                        .any(|pos| org.unit(&pos.unit).is_some_and(|u| local(u.kind)))
                })
            })
        })
        .collect();
    let by_video = reaching.iter().filter(|x| x.mode == Mode::Video).count() as u32;
    let n = reaching.len() as u32;
    let video = VideoShare {
        reaching_grassroots: n,
        by_video,
        percent: if n == 0 {
            0.0
        } else {
            (f64::from(by_video) * 1000.0 / f64::from(n)).round() / 10.0
        },
        min_percent: q.min_video_share_percent,
    };
    let documents = Some(super::documents::doc_week(s, d, week)?.outcome.figures);
    Ok(Governance {
        approvals: approvals_out,
        quotas,
        video,
        documents,
    })
}
