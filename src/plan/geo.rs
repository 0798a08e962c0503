//! Distances between sites and the round trips the cost model counts.
//!
//! Every unit has a one-way travel time to the district seat. Travel between two
//! different units goes through the seat; a unit is at distance 0 from itself and
//! from the township/street it belongs to.

use crate::model::{Org, PersonId, Site, UnitId};

fn unit_travel(org: &Org, u: &UnitId) -> u32 {
    org.unit(u).map(|u| u.travel.get()).unwrap_or(0)
}

/// One-way minutes between two venues' sites (for back-to-back sessions).
pub fn site_distance(org: &Org, a: &Site, b: &Site) -> u32 {
    match (a, b) {
        (Site::Seat, Site::Seat) => 0,
        (Site::Seat, Site::Unit(u)) | (Site::Unit(u), Site::Seat) => unit_travel(org, u),
        (Site::Unit(u), Site::Unit(v)) if u == v => 0,
        (Site::Unit(u), Site::Unit(v)) => unit_travel(org, u) + unit_travel(org, v),
    }
}

/// One-way minutes from a person's home unit to a site.
pub fn home_distance(org: &Org, person: &PersonId, site: &Site) -> u32 {
    let Some(p) = org.person(person) else {
        return 0;
    };
    let home = p.home_unit();
    match site {
        Site::Seat => unit_travel(org, home),
        Site::Unit(u) if org.is_local_to(person, u) => 0,
        Site::Unit(u) => unit_travel(org, home) + unit_travel(org, u),
    }
}

/// Round-trip minutes counted for one attendance (0 by video).
pub fn trip_minutes(org: &Org, person: &PersonId, site: &Site, video: bool) -> u32 {
    if video {
        0
    } else {
        2 * home_distance(org, person, site)
    }
}
