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
    /// Re-planning a published week: what happened to the published sessions.
    /// Absent when the week had not been published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stability: Option<Stability>,
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
    /// At least one of them is still waiting for approval, so it was not planned.
    ApprovalPending,
    /// At least one of them is in a published session that was kept as it was.
    Published,
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
            NonMergeReason::ApprovalPending => "其中一项尚待审批，未参与本次安排",
            NonMergeReason::Published => "其中一项所在会议已发布，保持原安排不再合并",
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
    /// The nearest slot at which it could be held, and what would have to give.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alternative: Option<Alternative>,
}

/// The nearest feasible alternative for a proposal that was not placed: the
/// slot of the week (its window relaxed) at which the fewest of its attendees
/// are busy, nearest to its window, earliest. The presider is always free and
/// a room is free at that slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alternative {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub venue: Venue,
    /// Minutes between the slot and the proposal's window (0: inside it).
    pub outside_window_minutes: u32,
    /// Attendees busy at that slot (empty: the slot is feasible as it stands).
    pub busy: Vec<PersonId>,
}

impl Alternative {
    /// One Chinese sentence for pages and reports.
    pub fn describe(&self) -> String {
        const WEEKDAYS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
        use chrono::Datelike;
        let wd = WEEKDAYS[self.start.weekday().num_days_from_monday() as usize];
        let mut s = format!(
            "{}（周{}）{}–{}",
            self.start.format("%m月%d日"),
            wd,
            self.start.format("%H:%M"),
            self.end.format("%H:%M")
        );
        if self.outside_window_minutes > 0 {
            s.push_str("（超出申请的时间窗口）");
        }
        if self.busy.is_empty() {
            s.push_str("可以安排");
        } else {
            s.push_str(&format!("，但有 {} 名参会人员另有安排", self.busy.len()));
        }
        s
    }
}

/// What a re-plan did to the sessions of the week's latest publication.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Stability {
    /// Published sessions still held at their published start, under their id.
    pub kept: Vec<String>,
    /// Published sessions whose proposals are still planned, but not at the
    /// published start.
    pub moved: Vec<MovedSession>,
    /// Published sessions none of whose proposals is planned any more.
    pub cancelled: Vec<CancelledSession>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedSession {
    /// The published session's id; the session that now holds most of its
    /// proposals carries it on, so calendars see a change, not a new event.
    pub session: String,
    pub from: NaiveDateTime,
    /// Start of the session carrying the id on, if one does.
    pub to: Option<NaiveDateTime>,
    pub reason: MoveReason,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CancelledSession {
    pub session: String,
    pub start: NaiveDateTime,
    pub reason: CancelReason,
}

/// The hard constraint that stopped a published session from staying put.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveReason {
    /// The published start is outside a proposal's (changed) window.
    Window,
    /// The published time is no longer working time (holiday, meeting-free
    /// day), or the session grew past its working block.
    NotWorkingTime,
    /// The session is now longer than its kind allows.
    TooLong,
    /// Its proposals may no longer share a session (e.g. confidentiality changed).
    Incompatible,
    PresiderBusy,
    AttendeeBusy,
    NoRoom,
}

impl MoveReason {
    pub fn label(self) -> &'static str {
        match self {
            MoveReason::Window => "原时间已不在会议申请的时间窗口内",
            MoveReason::NotWorkingTime => {
                "原时间已不是可开会的工作时间（节假日、无会日或超出时段）"
            }
            MoveReason::TooLong => "会议时长超过上限",
            MoveReason::Incompatible => "议题已不能合并在同一场会议",
            MoveReason::PresiderBusy => "主持人在原时间有冲突",
            MoveReason::AttendeeBusy => "参会人员在原时间有冲突",
            MoveReason::NoRoom => "原时间没有合适的会议室",
        }
    }
}

impl From<UnplacedReason> for MoveReason {
    fn from(r: UnplacedReason) -> Self {
        match r {
            UnplacedReason::NoWorkingSlot => MoveReason::NotWorkingTime,
            UnplacedReason::TooLong => MoveReason::TooLong,
            UnplacedReason::PresiderBusy => MoveReason::PresiderBusy,
            UnplacedReason::AttendeeBusy => MoveReason::AttendeeBusy,
            UnplacedReason::NoRoom => MoveReason::NoRoom,
        }
    }
}

/// Why a published session is cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// Its proposals were withdrawn, rejected or are no longer approved.
    ProposalsGone,
    /// Its proposals remain but none could be placed (see `unplaced`).
    NotPlaced,
    /// Its proposals are relays the rules now drop (see `dropped_relays`).
    RelayDropped,
}

impl CancelReason {
    pub fn label(self) -> &'static str {
        match self {
            CancelReason::ProposalsGone => "会议申请已撤回或未获批准",
            CancelReason::NotPlaced => "会议申请无法安排",
            CancelReason::RelayDropped => "传达会议不再召开，参会人员直接参加上级视频会议",
        }
    }
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
