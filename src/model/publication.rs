//! A published week: the sessions of a plan version with their publication history,
//! as feeds and pages need it.

use super::session::Session;
use super::time::WeekId;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// A session as published, with what subscription clients need to track changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedSession {
    pub session: Session,
    /// 0 when first published; +1 on every change, including cancellation.
    pub sequence: u32,
    /// UTC time of the publication in which this session last changed.
    pub last_modified: NaiveDateTime,
    /// The session was published earlier and is no longer in the plan.
    pub cancelled: bool,
}

/// One published version of a week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub week: WeekId,
    pub version: u32,
    /// UTC.
    pub published_at: NaiveDateTime,
    pub sessions: Vec<PublishedSession>,
}
