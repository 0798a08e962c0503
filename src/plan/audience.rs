//! Audience expansion: selectors become concrete people; people left out by tags are
//! counted as 陪会 avoided.

use crate::model::{Attendance, Org, PersonId, Proposal, Selector, Unit, UnitId};
use std::collections::{BTreeMap, BTreeSet};

/// The concrete audience of one proposal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Audience {
    /// Everyone summoned, with the strongest attendance any selector gives them.
    /// The presider is always included as required.
    pub members: BTreeMap<PersonId, Attendance>,
    /// People the selectors would reach without their tags but do not reach with them.
    pub spared: BTreeSet<PersonId>,
}

fn selected_units<'a>(org: &'a Org, s: &Selector) -> Vec<&'a Unit> {
    let mut out: Vec<&Unit> = org
        .units()
        .filter(|u| {
            (s.kinds.contains(&u.kind)
                && (s.within.is_empty() || u.parent.as_ref().is_some_and(|p| s.within.contains(p))))
                || s.units.contains(&u.id)
        })
        .collect();
    out.dedup_by(|a, b| a.id == b.id);
    out
}

fn people_in(org: &Org, unit: &UnitId, s: &Selector, out: &mut BTreeSet<PersonId>) {
    for pid in org.members_of(unit) {
        let Some(p) = org.person(pid) else { continue };
        let hit = p
            .positions
            .iter()
            .any(|pos| &pos.unit == unit && (s.roles.is_empty() || s.roles.contains(&pos.role)));
        if hit {
            out.insert(pid.clone());
        }
    }
}

/// Expands one selector into (reached, reached-without-tags).
pub fn expand_selector(org: &Org, s: &Selector) -> (BTreeSet<PersonId>, BTreeSet<PersonId>) {
    let mut reached = BTreeSet::new();
    let mut untagged = BTreeSet::new();
    for u in selected_units(org, s) {
        people_in(org, &u.id, s, &mut untagged);
        if s.tags.is_empty() || s.tags.iter().any(|t| u.tags.contains(t)) {
            people_in(org, &u.id, s, &mut reached);
        }
    }
    for p in &s.people {
        if org.person(p).is_some() {
            reached.insert(p.clone());
            untagged.insert(p.clone());
        }
    }
    (reached, untagged)
}

/// Expands every selector of a proposal and adds its presider.
pub fn expand(org: &Org, p: &Proposal) -> Audience {
    let mut members: BTreeMap<PersonId, Attendance> = BTreeMap::new();
    let mut untagged_all = BTreeSet::new();
    for s in &p.audience {
        let (reached, untagged) = expand_selector(org, s);
        for pid in reached {
            let e = members.entry(pid).or_insert(s.attendance);
            *e = (*e).max(s.attendance);
        }
        untagged_all.extend(untagged);
    }
    members.insert(p.presider.clone(), Attendance::Required);
    let spared = untagged_all
        .into_iter()
        .filter(|pid| !members.contains_key(pid))
        .collect();
    Audience { members, spared }
}

/// Units a set of selectors addresses (kinds/within/units, then tags); named
/// people add their home units. Documents are addressed to these units.
pub fn target_units(org: &Org, selectors: &[Selector]) -> BTreeSet<UnitId> {
    let mut out = BTreeSet::new();
    for s in selectors {
        for u in selected_units(org, s) {
            if s.tags.is_empty() || s.tags.iter().any(|t| u.tags.contains(t)) {
                out.insert(u.id.clone());
            }
        }
        for p in &s.people {
            if let Some(person) = org.person(p) {
                out.insert(person.home_unit().clone());
            }
        }
    }
    out
}
