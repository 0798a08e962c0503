//! Where a proposal stands given the approvals it needs and the decisions made,
//! and how a substitution changes its audience.

use super::approval::Required;
use crate::model::{Decision, DecisionRecord, Org, PersonId, Proposal, Role, Selector, UnitKind};
use serde::Serialize;

/// The approval state of one proposal version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ApprovalState {
    /// No rule applies.
    NotRequired,
    /// Every required approver approved.
    Approved,
    /// Some approvers have not decided yet.
    Pending { waiting: Vec<Required> },
    /// An approver refused.
    Rejected { by: PersonId, reason: String },
}

impl ApprovalState {
    /// May be planned: approved, not required, or pending but urgent.
    pub fn plannable(&self, urgent: bool) -> bool {
        match self {
            ApprovalState::NotRequired | ApprovalState::Approved => true,
            ApprovalState::Pending { .. } => urgent,
            ApprovalState::Rejected { .. } => false,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            ApprovalState::NotRequired => "无需审批",
            ApprovalState::Approved => "已审批",
            ApprovalState::Pending { .. } => "待审批",
            ApprovalState::Rejected { .. } => "未获批准",
        }
    }
}

/// Combines required approvals with the decisions on the current version (the
/// newest decision per rule counts). Returns the state and the roles to replace
/// by deputies.
pub fn evaluate(required: &[Required], decisions: &[DecisionRecord]) -> (ApprovalState, Vec<Role>) {
    if required.is_empty() {
        return (ApprovalState::NotRequired, Vec::new());
    }
    let mut waiting = Vec::new();
    let mut roles: Vec<Role> = Vec::new();
    for r in required {
        let d = decisions
            .iter()
            .filter(|d| d.rule == r.rule && Some(&d.approver) == r.approver.as_ref())
            .max_by_key(|d| d.decided_at);
        match d.map(|d| (&d.decision, d)) {
            Some((Decision::Reject, d)) => {
                return (
                    ApprovalState::Rejected {
                        by: d.approver.clone(),
                        reason: d.reason.clone(),
                    },
                    Vec::new(),
                );
            }
            Some((Decision::Substitute { roles: rs }, _)) => roles.extend(rs.iter().copied()),
            Some((Decision::Approve, _)) => {}
            None => waiting.push(r.clone()),
        }
    }
    roles.sort();
    roles.dedup();
    if waiting.is_empty() {
        (ApprovalState::Approved, roles)
    } else {
        (ApprovalState::Pending { waiting }, roles)
    }
}

fn deputy(role: Role) -> Role {
    match role {
        Role::Secretary => Role::DeputySecretary,
        Role::Head => Role::DeputyHead,
        other => other,
    }
}

const LOCAL: [UnitKind; 4] = [
    UnitKind::Township,
    UnitKind::Street,
    UnitKind::Community,
    UnitKind::Village,
];

/// The proposal with grassroots and village-level holders of `roles` replaced by
/// their deputies: every selector that names one of those roles is split into a
/// part for grassroots/village units (deputy roles) and a part for the rest.
pub fn substitute(org: &Org, p: &Proposal, roles: &[Role]) -> Proposal {
    if roles.is_empty() {
        return p.clone();
    }
    let is_local = |u: &crate::model::UnitId| org.unit(u).is_some_and(|u| LOCAL.contains(&u.kind));
    let mut audience = Vec::new();
    for s in &p.audience {
        if !s.roles.iter().any(|r| roles.contains(r)) {
            audience.push(s.clone());
            continue;
        }
        let local = Selector {
            kinds: s
                .kinds
                .iter()
                .copied()
                .filter(|k| LOCAL.contains(k))
                .collect(),
            units: s.units.iter().filter(|u| is_local(u)).cloned().collect(),
            roles: s
                .roles
                .iter()
                .map(|r| if roles.contains(r) { deputy(*r) } else { *r })
                .collect(),
            people: Vec::new(),
            ..s.clone()
        };
        let rest = Selector {
            kinds: s
                .kinds
                .iter()
                .copied()
                .filter(|k| !LOCAL.contains(k))
                .collect(),
            units: s.units.iter().filter(|u| !is_local(u)).cloned().collect(),
            ..s.clone()
        };
        for part in [local, rest] {
            if !(part.kinds.is_empty() && part.units.is_empty() && part.people.is_empty()) {
                audience.push(part);
            }
        }
    }
    Proposal {
        audience,
        ..p.clone()
    }
}
