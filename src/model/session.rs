//! What the planner produces: sessions with agenda segments, explanations and costs.
//! Serialised, this is the documented plan JSON (docs/plan-json.md).

use super::ids::{PersonId, ProposalId, RoomId, UnitId};
use super::org::Site;
use super::proposal::{Attendance, Confidentiality, MeetingKind, Mode};
use super::time::WeekId;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Version of the plan JSON layout.
pub const PLAN_FORMAT: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub format: u32,
    pub week: WeekId,
    pub planner: String,
    pub sessions: Vec<Session>,
    pub unplaced: Vec<Unplaced>,
    pub non_merges: Vec<NonMerge>,
    pub cost: CostSummary,
    /// Relays not held (rules `[relays]`): neither placed nor unplaced.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped_relays: Vec<DroppedRelay>,
}

/// Where a session is held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Venue {
    /// `None` for a visit held at a unit that has no registered room.
    pub room: Option<RoomId>,
    pub site: Site,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// Stable id: `s-` followed by the id of the session's anchor proposal.
    pub id: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub venue: Venue,
    pub mode: Mode,
    pub confidentiality: Confidentiality,
    /// Held on a meeting-free day: allowed only because every segment is urgent.
    pub on_meeting_free_day: bool,
    pub segments: Vec<Segment>,
    pub attendees: Vec<Attendee>,
    pub merge: Option<MergeWhy>,
    pub cost: SessionCost,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub proposal: ProposalId,
    pub title: String,
    pub organiser: UnitId,
    pub kind: MeetingKind,
    pub presider: PersonId,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub urgent: bool,
    /// Planned before every required approval was given (urgent items only).
    #[serde(default)]
    pub pending_approval: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attendee {
    pub person: PersonId,
    pub attendance: Attendance,
    pub video: bool,
    /// Indexes into `segments` of the segments this person is summoned to.
    pub segments: Vec<usize>,
    /// Presence: from the start of the first own segment to the end of the last.
    pub from: NaiveDateTime,
    pub to: NaiveDateTime,
    /// Round trip counted for this attendance (0 by video or on site).
    pub trip_minutes: u32,
}

/// Why the segments of a session were merged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeWhy {
    /// People summoned by at least two of the segments.
    pub shared_people: u32,
    /// Cadre-minutes of the segments held alone minus the session's cadre-minutes.
    pub saved_minutes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SessionCost {
    pub attendances: u32,
    pub trips: u32,
    pub cadre_minutes: u64,
}

/// Why two proposals that share people were not merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NonMergeReason {
    NotMergeable,
    Confidentiality,
    ModeClash,
    DifferentVenue,
    WindowsDoNotMeet,
    TooLongTogether,
    TooManyPeople,
    PresiderClash,
    NotPlaced,
    CheaperApart,
}

impl NonMergeReason {
    pub fn label(self) -> &'static str {
        match self {
            NonMergeReason::NotMergeable => "至少一方标记为不可合并",
            NonMergeReason::Confidentiality => "密级不同",
            NonMergeReason::ModeClash => "会议形式不同（现场/视频）",
            NonMergeReason::DifferentVenue => "举行地点不同（如在不同单位现场检查）",
            NonMergeReason::WindowsDoNotMeet => "时间窗口没有交集",
            NonMergeReason::TooLongTogether => "合并后超过单场会议时长上限",
            NonMergeReason::TooManyPeople => "合并后人数超过会场容量或人数上限",
            NonMergeReason::PresiderClash => "主持人时间冲突",
            NonMergeReason::NotPlaced => "其中一项未能安排",
            NonMergeReason::CheaperApart => "分开开更省时（或已与其他会议合并）",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NonMerge {
    pub a: ProposalId,
    pub b: ProposalId,
    pub shared_people: u32,
    pub reason: NonMergeReason,
}

/// The constraint that stopped a proposal from being placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnplacedReason {
    /// No working time of a working day (not meeting-free) inside the window fits.
    NoWorkingSlot,
    /// Longer than the session cap for its kind.
    TooLong,
    /// Every fitting slot clashes with the presider's other commitments.
    PresiderBusy,
    /// Every fitting slot clashes with some attendee's commitments.
    AttendeeBusy,
    /// No room holds the attendees (or has video when needed) at any fitting slot.
    NoRoom,
}

impl UnplacedReason {
    pub fn label(self) -> &'static str {
        match self {
            UnplacedReason::NoWorkingSlot => "时间窗口内没有可用的工作时段（含无会日限制）",
            UnplacedReason::TooLong => "时长超过该类会议的上限",
            UnplacedReason::PresiderBusy => "主持人在所有可用时段均有冲突",
            UnplacedReason::AttendeeBusy => "参会人员在所有可用时段均有冲突",
            UnplacedReason::NoRoom => "没有容量或视频条件合适的空闲会议室",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    pub proposal: ProposalId,
    pub reason: UnplacedReason,
}

/// The cost model of DESIGN.md §5 against the no-merge baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CostSummary {
    pub proposals: u32,
    pub placed_proposals: u32,
    pub sessions: u32,
    pub attendances: u32,
    pub baseline_attendances: u32,
    pub trips: u32,
    pub baseline_trips: u32,
    pub cadre_minutes: u64,
    pub baseline_cadre_minutes: u64,
    /// Person × proposal pairs left out by tag targeting (陪会 avoided).
    pub spared: u32,
    /// Relays dropped (一开到底); counted in `proposals`, not in `placed_proposals`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dropped_relays: u32,
    /// Cadre-minutes those relays would have cost, each held alone.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub dropped_relay_minutes: u64,
}

fn is_zero<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

/// A proposal relaying a higher-level video conference that is not held: its
/// audience joins the higher-level meeting directly (一开到底). Only when the
/// rules say so (`[relays] drop_when_video`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DroppedRelay {
    pub proposal: ProposalId,
    /// The higher-level meeting the audience joins instead.
    pub meeting: String,
    /// People the relay would have summoned (presider included).
    pub attendees: u32,
    /// Cadre-minutes the relay would have cost held alone (presence + round trips).
    pub saved_minutes: u64,
}
