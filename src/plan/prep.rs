//! Per-proposal facts the planner computes once.

use super::PlanInput;
use super::audience::{Audience, expand};
use crate::model::{Attendance, MeetingKind, Mode, PersonId, Proposal, Site};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) struct Item<'a> {
    pub p: &'a Proposal,
    pub audience: Audience,
    pub site: Site,
}

impl Item<'_> {
    pub fn size(&self) -> usize {
        self.audience.members.len()
    }
    pub fn people(&self) -> impl Iterator<Item = (&PersonId, &Attendance)> {
        self.audience.members.iter()
    }
}

pub(crate) struct Prep<'a> {
    pub input: &'a PlanInput<'a>,
    /// Sorted by proposal id.
    pub items: Vec<Item<'a>>,
    /// Items that summon each person.
    pub by_person: BTreeMap<PersonId, Vec<usize>>,
}

impl<'a> Prep<'a> {
    pub fn new(input: &'a PlanInput<'a>) -> Self {
        let mut props: Vec<&Proposal> = input.proposals.iter().collect();
        props.sort_by(|a, b| a.id.cmp(&b.id));
        let items: Vec<Item> = props
            .into_iter()
            .map(|p| Item {
                p,
                audience: expand(input.org, p),
                site: match (&p.kind, &p.target) {
                    (MeetingKind::Inspection, Some(t)) => Site::Unit(t.clone()),
                    _ => Site::Seat,
                },
            })
            .collect();
        let mut by_person: BTreeMap<PersonId, Vec<usize>> = BTreeMap::new();
        for (i, it) in items.iter().enumerate() {
            for pid in it.audience.members.keys() {
                by_person.entry(pid.clone()).or_default().push(i);
            }
        }
        Prep {
            input,
            items,
            by_person,
        }
    }

    /// Pairs of items that summon at least one common person, with the count.
    pub fn sharing_pairs(&self) -> BTreeMap<(usize, usize), u32> {
        let mut pairs = BTreeMap::new();
        for list in self.by_person.values() {
            for (k, &i) in list.iter().enumerate() {
                for &j in &list[k + 1..] {
                    *pairs.entry((i.min(j), i.max(j))).or_insert(0) += 1;
                }
            }
        }
        pairs
    }

    /// Whether a person attends by video in a session of this mode.
    pub fn is_video(&self, mode: Mode, presiders: &BTreeSet<&PersonId>, person: &PersonId) -> bool {
        mode == Mode::Video && !presiders.contains(person)
    }
}
