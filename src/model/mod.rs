//! Domain types. Constructors refuse invalid values, so code downstream never re-checks.

pub mod approval;
pub mod document;
pub mod ids;
pub mod org;
pub mod proposal;
pub mod publication;
pub mod session;
pub mod time;

pub use approval::{Decision, DecisionRecord};
pub use document::{Document, DocumentKind, Field, Reported};
pub use ids::{BadId, DocumentId, PersonId, ProposalId, RoomId, UnitId};
pub use org::{District, Org, OrgError, Person, Position, Role, Room, Site, Tag, Unit, UnitKind};
pub use proposal::{
    Attendance, Busy, Confidentiality, MeetingKind, Mode, Proposal, Relay, Selector, WeekInput,
};
pub use publication::{Publication, PublishedSession};
pub use session::*;
pub use time::{Minutes, WeekId, Window};
