//! Documents of a week: consolidation, refusals, flags and their approvals.

use super::cycle::open_initialised;
use super::{AppError, AppResult};
use crate::docs::{DocOutcome, DocReview, consolidate};
use crate::io::org::DistrictData;
use crate::model::*;
use crate::rules::approval::{Required, required_document_approvals};
use crate::rules::workflow::{ApprovalState, evaluate};
use crate::store::Store;
use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Approval state of one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocApproval {
    pub document: DocumentId,
    pub required: Vec<Required>,
    pub state: ApprovalState,
    pub over_quota: bool,
}

/// The week's documents, consolidated, with approval states.
#[derive(Debug, Clone, Serialize)]
pub struct DocWeek {
    pub week: WeekId,
    pub outcome: DocOutcome,
    pub approvals: Vec<DocApproval>,
}

pub(crate) fn doc_week(s: &Store, d: &DistrictData, week: WeekId) -> AppResult<DocWeek> {
    let w = s.load_week(week)?;
    let outcome = consolidate(&d.org, &d.rules.documents, &w.documents, &w.reported);
    let reviews: BTreeMap<&DocumentId, &DocReview> =
        outcome.reviews.iter().map(|r| (&r.document, r)).collect();
    let decisions = s.document_decisions(week)?;
    // Yearly document quota per issuer: earlier weeks, then this week in id order.
    let mut used: BTreeMap<UnitId, u32> = BTreeMap::new();
    for doc in s.documents_before(week.monday().year(), week)? {
        *used.entry(doc.issuer).or_default() += 1;
    }
    let mut docs = w.documents.clone();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let mut approvals = Vec::new();
    for doc in &docs {
        let n = used.entry(doc.issuer.clone()).or_default();
        *n += 1;
        let over_quota = d
            .rules
            .quotas
            .caps_for(&doc.issuer)
            .documents
            .is_some_and(|c| *n > c);
        let required =
            required_document_approvals(&d.org, &d.rules, doc, reviews[&doc.id], over_quota);
        let mine: Vec<DecisionRecord> = decisions
            .iter()
            .filter(|(id, _)| id == &doc.id)
            .map(|(_, r)| r.clone())
            .collect();
        let (state, _) = evaluate(&required, &mine);
        approvals.push(DocApproval {
            document: doc.id.clone(),
            required,
            state,
            over_quota,
        });
    }
    Ok(DocWeek {
        week,
        outcome,
        approvals,
    })
}

/// Consolidates the documents of a week in the store.
pub fn documents_week(store: &Path, week: WeekId) -> AppResult<DocWeek> {
    let s = open_initialised(store)?;
    let d = s.load_district()?;
    doc_week(&s, &d, week)
}

/// Records a decision on a document by one of its designated approvers.
pub(crate) fn decide_document(
    mut s: Store,
    d: &DistrictData,
    id: &DocumentId,
    approver: &PersonId,
    decision: Decision,
    reason: &str,
    at: NaiveDateTime,
) -> AppResult<Vec<Required>> {
    let week = s
        .document_week(id)?
        .ok_or_else(|| AppError::Usage(format!("没有编号为 “{id}” 的会议申请或发文")))?;
    let dw = doc_week(&s, d, week)?;
    let a = dw
        .approvals
        .iter()
        .find(|a| &a.document == id)
        .expect("document of its week");
    let mine: Vec<Required> = a
        .required
        .iter()
        .filter(|r| r.approver.as_ref() == Some(approver))
        .cloned()
        .collect();
    if mine.is_empty() {
        return Err(AppError::Usage(format!(
            "{approver} 不是发文 {id} 的审批人"
        )));
    }
    if matches!(decision, Decision::Substitute { .. }) {
        return Err(AppError::Usage(
            "发文不能改由副职参加；请用 approve 或 reject".into(),
        ));
    }
    let records: Vec<DecisionRecord> = mine
        .iter()
        .map(|r| DecisionRecord {
            proposal: ProposalId::parse(id.as_str()).expect("same id syntax"),
            proposal_version: 1,
            rule: r.rule.clone(),
            approver: approver.clone(),
            decision: decision.clone(),
            reason: reason.trim().to_string(),
            decided_at: at,
        })
        .collect();
    s.record_document_decisions(id, &records)?;
    Ok(mine)
}
