//! Display names resolved from the org chart, falling back to the id when a
//! reference does not resolve (a plan read back against a changed org chart).

use crate::model::{Org, PersonId, Proposal, ProposalId, Site, Unit, UnitId, Venue};
use std::collections::BTreeMap;

pub(crate) fn unit_name(org: &Org, id: &UnitId) -> String {
    org.unit(id)
        .map_or_else(|| id.to_string(), |u| u.name.clone())
}

pub(crate) fn person_name(org: &Org, id: &PersonId) -> String {
    org.person(id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// Room name; for a visit without a room, the visited unit's name marked 实地.
pub(crate) fn venue_name(org: &Org, venue: &Venue) -> String {
    if let Some(room) = venue.room.as_ref().and_then(|r| org.room(r)) {
        return room.name.clone();
    }
    match (&venue.room, &venue.site) {
        (Some(r), _) => r.to_string(),
        (None, Site::Unit(u)) => format!("{}（实地）", unit_name(org, u)),
        (None, Site::Seat) => "区行政中心".to_string(),
    }
}

/// The township or street a person belongs to: their home unit when it is one,
/// its parent when the home unit is a community or village, else `None`.
pub(crate) fn grassroots_of<'a>(org: &'a Org, person: &PersonId) -> Option<&'a Unit> {
    let home = org.unit(org.person(person)?.home_unit())?;
    if home.kind.is_grassroots() {
        return Some(home);
    }
    if home.kind.is_village_level() {
        return org
            .unit(home.parent.as_ref()?)
            .filter(|u| u.kind.is_grassroots());
    }
    None
}

/// Proposals by id.
pub(crate) fn index(proposals: &[Proposal]) -> BTreeMap<&ProposalId, &Proposal> {
    proposals.iter().map(|p| (&p.id, p)).collect()
}

/// A proposal's title, or its id when the proposal is not in the list.
pub(crate) fn title(index: &BTreeMap<&ProposalId, &Proposal>, id: &ProposalId) -> String {
    index
        .get(id)
        .map_or_else(|| id.to_string(), |p| p.title.clone())
}
