//! The district's rules as data: working hours, meeting-free days, session caps,
//! notice, approval rules and quotas.

pub mod approval;
pub mod quota;
pub mod workflow;

pub use approval::{ApprovalRule, ApproverRef, Condition, Summons};
pub use quota::Quotas;

use crate::model::{MeetingKind, UnitKind};
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A block of working time within a day, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Block {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Afternoon hours used in summer (from..=to, month-day, same year).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summer {
    pub from: (u32, u32),
    pub to: (u32, u32),
    pub afternoon: Block,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hours {
    pub morning: Block,
    pub afternoon: Block,
    pub summer: Option<Summer>,
}

impl Hours {
    /// Morning and afternoon blocks that apply on `date`.
    pub fn blocks(&self, date: NaiveDate) -> [Block; 2] {
        let afternoon = match &self.summer {
            Some(s) if (s.from..=s.to).contains(&(date.month(), date.day())) => s.afternoon,
            _ => self.afternoon,
        };
        [self.morning, afternoon]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingFree {
    pub weekdays: Vec<Weekday>,
    /// n-th Monday of a month: the Monday–Sunday week that starts there is meeting-free.
    pub week_of_month: Vec<u32>,
}

impl MeetingFree {
    pub fn is_meeting_free(&self, date: NaiveDate) -> bool {
        if self.weekdays.contains(&date.weekday()) {
            return true;
        }
        let monday =
            date - chrono::Duration::days(i64::from(date.weekday().num_days_from_monday()));
        let nth_monday = (monday.day() - 1) / 7 + 1;
        self.week_of_month.contains(&nth_monday)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rules {
    pub hours: Hours,
    pub meeting_free: MeetingFree,
    pub max_session_minutes: u32,
    pub max_minutes_by_kind: BTreeMap<MeetingKind, u32>,
    pub grid_minutes: u32,
    pub attendance_cap_by_kind: BTreeMap<MeetingKind, u32>,
    pub min_notice_working_days: u32,
    pub approvals: Vec<ApprovalRule>,
    pub quotas: Quotas,
    pub documents: DocRules,
    /// Absent from rules stored before `[relays]` existed: off.
    #[serde(default)]
    pub relays: RelayRules,
}

/// Relays of higher-level meetings (传达, docs/formats.md `[relays]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RelayRules {
    /// A proposal relaying a higher-level video conference is not held: its
    /// audience joins the higher-level meeting directly (一开到底).
    #[serde(default)]
    pub drop_when_video: bool,
}

impl RelayRules {
    /// Whether these rules drop `p` instead of planning it.
    pub fn drops(&self, p: &crate::model::Proposal) -> bool {
        self.drop_when_video && p.relays.as_ref().is_some_and(|r| r.is_video)
    }
}

/// Document rules: length cap, ledger admission, duty lists (docs/formats.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRules {
    pub max_chars: u32,
    /// Data requests to a unit whose due dates lie at most this far apart merge.
    pub merge_due_days: u32,
    /// 台账准入: admitted ledger types.
    pub ledger_types: Vec<String>,
    /// Tasks that may be passed down to any unit.
    pub pass_down_tasks: Vec<String>,
    /// Duty keywords per unit kind (权责清单): a task containing one is in remit.
    pub duties: BTreeMap<UnitKind, Vec<String>>,
    /// Bundle notices to the same audience in the same week into one.
    pub bundle_notices: bool,
}

impl Default for DocRules {
    fn default() -> Self {
        DocRules {
            max_chars: 5000,
            merge_due_days: 7,
            ledger_types: Vec::new(),
            pass_down_tasks: Vec::new(),
            duties: BTreeMap::new(),
            bundle_notices: true,
        }
    }
}

impl Rules {
    /// Longest session allowed when a session holds a segment of this kind.
    pub fn max_minutes_for(&self, kind: MeetingKind) -> u32 {
        self.max_minutes_by_kind
            .get(&kind)
            .copied()
            .unwrap_or(self.max_session_minutes)
            .min(self.max_session_minutes)
    }

    /// Most people a session holding a segment of this kind may gather.
    pub fn attendance_cap_for(&self, kind: MeetingKind) -> Option<u32> {
        self.attendance_cap_by_kind.get(&kind).copied()
    }
}
