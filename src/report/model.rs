//! The report model: everything the merge report shows, with names already
//! resolved, so the renderers need neither the org chart nor the proposals.
//! Serialised, this is the documented report JSON (docs/report-json.md).
//!
//! Field order is the JSON key order; `Option`s serialise as `null` (never
//! skipped) so every key is always present.

use crate::model::{
    Alternative, Confidentiality, MeetingKind, Mode, NonMergeReason, PersonId, ProposalId, RoomId,
    Site, UnitId, UnitKind, UnplacedReason, WeekId,
};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// Version of the report JSON layout.
pub const REPORT_FORMAT: u32 = 4;

/// Report model, serialisable as the documented report JSON (format 4).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Report {
    pub format: u32,
    pub week: WeekId,
    pub district: String,
    pub planner: String,
    pub cost: CostFigures,
    pub sessions: Vec<SessionReport>,
    pub non_merges: Vec<NonMergeReport>,
    pub unplaced: Vec<UnplacedReport>,
    pub departments: Vec<DepartmentReport>,
    pub grassroots: Vec<GrassrootsTrips>,
    pub relays: Vec<RelayReport>,
    pub inspections: Vec<InspectionReport>,
    /// Approvals, quotas, video share and documents; filled from the store by
    /// the caller (empty when built from a plan alone).
    pub governance: super::governance::Governance,
}

/// The cost model's figures (copied from `Plan::cost`).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CostFigures {
    pub proposals: u32,
    pub placed_proposals: u32,
    pub unplaced_proposals: u32,
    pub sessions: u32,
    pub attendances: Figure,
    pub trips: Figure,
    pub cadre_minutes: Figure,
    /// Person × proposal pairs left out by tag targeting (陪会 avoided).
    pub spared: u32,
    /// Relays dropped by the rules (一开到底) and what they would have cost alone.
    pub dropped_relays: u32,
    pub dropped_relay_minutes: u64,
}

/// One figure before (baseline: every proposal held alone) and after merging.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub baseline: u64,
    pub actual: u64,
    /// `baseline - actual`; negative when merging made it worse.
    pub saved: i64,
    /// `saved / baseline × 100`, rounded to one decimal; 0 when the baseline is 0.
    pub saved_percent: f64,
}

impl Figure {
    pub fn new(baseline: u64, actual: u64) -> Self {
        let saved = baseline as i64 - actual as i64;
        let saved_percent = if baseline == 0 {
            0.0
        } else {
            (saved as f64 * 1000.0 / baseline as f64).round() / 10.0
        };
        Figure {
            baseline,
            actual,
            saved,
            saved_percent,
        }
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SessionReport {
    pub id: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub venue: VenueReport,
    pub mode: Mode,
    pub confidentiality: Confidentiality,
    pub on_meeting_free_day: bool,
    pub segments: Vec<SegmentReport>,
    /// People attending (any segment).
    pub attendees: u32,
    pub in_person: u32,
    pub video: u32,
    pub trips: u32,
    pub cadre_minutes: u64,
    pub merge: Option<MergeReport>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VenueReport {
    pub room: Option<RoomId>,
    pub site: Site,
    /// Room name, or the visited unit's name (实地) when there is no room.
    pub name: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SegmentReport {
    pub proposal: ProposalId,
    pub title: String,
    pub kind: MeetingKind,
    pub organiser: UnitId,
    pub organiser_name: String,
    pub presider: PersonId,
    pub presider_name: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    pub urgent: bool,
    /// People summoned to this segment.
    pub attendees: u32,
}

/// Why a session's segments were merged.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MergeReport {
    pub proposals: Vec<ProposalId>,
    pub shared_people: u32,
    pub saved_minutes: i64,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NonMergeReport {
    pub a: ProposalId,
    pub a_title: String,
    pub b: ProposalId,
    pub b_title: String,
    pub shared_people: u32,
    pub reason: NonMergeReason,
    pub reason_label: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnplacedReport {
    pub proposal: ProposalId,
    pub title: String,
    pub organiser: Option<UnitId>,
    pub organiser_name: String,
    pub reason: UnplacedReason,
    pub reason_label: String,
    /// The planner's nearest feasible alternative, if any, and its sentence.
    #[serde(default)]
    pub alternative: Option<Alternative>,
    #[serde(default)]
    pub alternative_label: String,
}

/// Per organising unit.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DepartmentReport {
    pub unit: UnitId,
    pub name: String,
    pub proposals: u32,
    pub placed: u32,
    /// Placed proposals sharing a session with another proposal.
    pub merged: u32,
    /// Distinct sessions holding at least one of the unit's proposals.
    pub sessions: u32,
    /// Cadre-minutes the unit's meetings cost the people summoned: baseline,
    /// every segment held alone (its minutes plus a round trip); actual, the
    /// segment's minutes plus the person's round trip shared equally among
    /// their segments in the session.
    pub cadre_minutes: Figure,
}

/// Trips to meetings by the cadres of one township or street (incl. its communities/villages).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GrassrootsTrips {
    pub unit: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub baseline_trips: u32,
    pub trips: u32,
    pub saved: i64,
    /// Distinct cadres of the unit (and its communities/villages) attending.
    pub cadres: u32,
    /// Meetings they attend with every segment held alone (one per segment).
    pub baseline_meetings: u32,
    /// Meetings (sessions) they attend in the plan.
    pub meetings: u32,
}

/// A proposal relaying a higher-level meeting (传达).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RelayReport {
    pub proposal: ProposalId,
    pub title: String,
    pub meeting: String,
    /// The higher-level meeting is a video conference the audience can join directly.
    pub is_video: bool,
    /// Not held: the audience joins the higher-level meeting directly.
    pub dropped: bool,
    pub session: Option<String>,
    pub attendees: u32,
    /// Cadre-minutes the relay costs in the plan (its time, plus trips made only
    /// for it); when dropped, what it would have cost held alone (the saving).
    pub cadre_minutes: u64,
    pub message: String,
}

/// A session joining several inspection visits into one (多头考核变一个考核).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct InspectionReport {
    pub session: String,
    pub start: NaiveDateTime,
    pub target: Option<UnitId>,
    pub target_name: String,
    pub proposals: Vec<ProposalId>,
    pub organisers: Vec<String>,
    /// Visits before (one per inspection) and after (one).
    pub visits_before: u32,
    pub visits_after: u32,
    pub saved_minutes: i64,
}
