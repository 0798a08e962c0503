//! Approval decisions (报批) recorded against proposals.

use super::ids::{PersonId, ProposalId};
use super::org::Role;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// What an approver decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Reject,
    /// Approve, with people in these roles at grassroots and village level
    /// replaced by their deputies (secretary → deputy_secretary, head → deputy_head).
    Substitute {
        roles: Vec<Role>,
    },
}

impl Decision {
    pub fn label(&self) -> &'static str {
        match self {
            Decision::Approve => "同意",
            Decision::Reject => "不同意",
            Decision::Substitute { .. } => "同意（改由副职参加）",
        }
    }
}

/// One recorded decision, for one approval rule of one proposal version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecord {
    pub proposal: ProposalId,
    pub proposal_version: u32,
    pub rule: String,
    pub approver: PersonId,
    pub decision: Decision,
    pub reason: String,
    /// UTC.
    pub decided_at: NaiveDateTime,
}
