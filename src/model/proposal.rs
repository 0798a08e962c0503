//! Meeting proposals, audience selectors, busy blocks and the week's input.

use super::document::Document;
use super::ids::{PersonId, ProposalId, UnitId};
use super::org::{Role, Tag, UnitKind};
use super::time::{Minutes, WeekId, Window};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// How a person is summoned. Ordered from weakest to strongest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Optional,
    Observer,
    Required,
}

impl Attendance {
    pub fn label(self) -> &'static str {
        match self {
            Attendance::Required => "必须参加",
            Attendance::Observer => "列席",
            Attendance::Optional => "自愿参加",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    InPerson,
    Video,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::InPerson => "现场会议",
            Mode::Video => "视频会议",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidentiality {
    Public,
    Internal,
    Confidential,
}

impl Confidentiality {
    pub fn label(self) -> &'static str {
        match self {
            Confidentiality::Public => "公开",
            Confidentiality::Internal => "内部",
            Confidentiality::Confidential => "涉密",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    DistrictWide,
    Department,
    StandingCommittee,
    StreetSection,
    Inspection,
    Training,
}

impl MeetingKind {
    pub const ALL: [MeetingKind; 6] = [
        MeetingKind::DistrictWide,
        MeetingKind::Department,
        MeetingKind::StandingCommittee,
        MeetingKind::StreetSection,
        MeetingKind::Inspection,
        MeetingKind::Training,
    ];
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::DistrictWide => "district_wide",
            MeetingKind::Department => "department",
            MeetingKind::StandingCommittee => "standing_committee",
            MeetingKind::StreetSection => "street_section",
            MeetingKind::Inspection => "inspection",
            MeetingKind::Training => "training",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::DistrictWide => "全区性会议",
            MeetingKind::Department => "部门工作会",
            MeetingKind::StandingCommittee => "常委会/常务会",
            MeetingKind::StreetSection => "街道科室会议",
            MeetingKind::Inspection => "督查检查考核",
            MeetingKind::Training => "培训",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// Who is summoned: (units by kind, optionally within parents) ∪ units, filtered by
/// tags, × roles, plus named people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selector {
    pub kinds: Vec<UnitKind>,
    pub within: Vec<UnitId>,
    pub units: Vec<UnitId>,
    pub tags: Vec<Tag>,
    pub roles: Vec<Role>,
    pub people: Vec<PersonId>,
    pub attendance: Attendance,
}

/// A higher-level meeting that a proposal relays (传达).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relay {
    pub meeting: String,
    /// The higher-level meeting is a video conference grassroots can join directly.
    pub is_video: bool,
}

/// A department's request for a meeting item. Valid by construction: the importer
/// checks every field and reference before building one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub id: ProposalId,
    pub title: String,
    pub organiser: UnitId,
    pub kind: MeetingKind,
    pub presider: PersonId,
    pub duration: Minutes,
    pub window: Window,
    pub preferred: Option<NaiveDateTime>,
    pub mode: Mode,
    pub mergeable: bool,
    pub confidentiality: Confidentiality,
    pub urgent: bool,
    pub filed: NaiveDate,
    pub relays: Option<Relay>,
    /// Inspections: the unit visited; the session is held there.
    pub target: Option<UnitId>,
    pub audience: Vec<Selector>,
}

/// A fixed busy block of a person (higher-level meeting, leave).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Busy {
    pub person: PersonId,
    pub window: Window,
    pub reason: String,
}

/// Everything one week file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeekInput {
    pub week: WeekId,
    pub busy: Vec<Busy>,
    pub proposals: Vec<Proposal>,
    pub documents: Vec<Document>,
    /// Figures units already reported (材料共享), reused instead of asked again.
    #[serde(default)]
    pub reported: Vec<super::document::Reported>,
}
