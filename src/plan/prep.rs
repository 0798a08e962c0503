//! Per-proposal facts the planner computes once. People are interned to dense
//! indexes (in person-id order) so the hot paths compare integers.

use super::PlanInput;
use super::audience::{Audience, expand};
use super::geo::trip_minutes;
use crate::model::{Attendance, MeetingKind, Mode, NonMergeReason, PersonId, Proposal, Site};
use chrono::NaiveDateTime;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

/// Results of the pure group functions, keyed by the sorted group. The local
/// search asks for the same groups again and again; a lookup replaces the
/// agenda DP and the cost sweep. Only looked up, never iterated, so the hash
/// order cannot leak into the plan.
#[derive(Default)]
pub(crate) struct Memo {
    pub cost: FxHashMap<Vec<usize>, u64>,
    pub incompatibility: FxHashMap<Vec<usize>, Option<NonMergeReason>>,
}

pub(crate) struct Item<'a> {
    pub p: &'a Proposal,
    pub audience: Audience,
    pub site: Site,
    /// The audience as person indexes, ascending.
    pub idx: Vec<u32>,
    /// In-person round trip to `site` of each person in `idx`.
    pub trip: Vec<u32>,
    /// Index of the presider.
    pub presider: u32,
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
    /// Pairs of items that summon at least one common person, with the count.
    pub pairs: BTreeMap<(usize, usize), u32>,
    /// Items sharing at least one person with each item, ascending.
    pub neighbours: Vec<Vec<usize>>,
    /// Fixed busy blocks of people who are in some audience, by person index.
    pub busy: FxHashMap<u32, Vec<(NaiveDateTime, NaiveDateTime)>>,
    pub memo: RefCell<Memo>,
}

impl<'a> Prep<'a> {
    pub fn new(input: &'a PlanInput<'a>) -> Self {
        let mut props: Vec<&Proposal> = input.proposals.iter().collect();
        props.sort_by(|a, b| a.id.cmp(&b.id));
        let audiences: Vec<(&Proposal, Audience)> = props
            .into_iter()
            .map(|p| (p, expand(input.org, p)))
            .collect();
        let everyone: BTreeSet<&PersonId> = audiences
            .iter()
            .flat_map(|(_, a)| a.members.keys())
            .collect();
        let index: BTreeMap<&PersonId, u32> = everyone
            .iter()
            .enumerate()
            .map(|(k, &pid)| (pid, k as u32))
            .collect();
        let mut by_person: Vec<Vec<usize>> = vec![Vec::new(); index.len()];
        let mut items = Vec::with_capacity(audiences.len());
        for (i, (p, audience)) in audiences.iter().enumerate() {
            let site = match (&p.kind, &p.target) {
                (MeetingKind::Inspection, Some(t)) => Site::Unit(t.clone()),
                _ => Site::Seat,
            };
            let idx: Vec<u32> = audience.members.keys().map(|pid| index[pid]).collect();
            let trip = audience
                .members
                .keys()
                .map(|pid| trip_minutes(input.org, pid, &site, false))
                .collect();
            for &k in &idx {
                by_person[k as usize].push(i);
            }
            items.push(Item {
                p,
                audience: audience.clone(),
                site,
                idx,
                trip,
                presider: index[&p.presider],
            });
        }
        let n = items.len();
        let mut pairs = BTreeMap::new();
        let mut count = vec![0u32; n];
        for (i, item) in items.iter().enumerate() {
            let mut touched = Vec::new();
            for &k in &item.idx {
                for &j in &by_person[k as usize] {
                    if j > i {
                        if count[j] == 0 {
                            touched.push(j);
                        }
                        count[j] += 1;
                    }
                }
            }
            touched.sort_unstable();
            for j in touched {
                pairs.insert((i, j), count[j]);
                count[j] = 0;
            }
        }
        let mut neighbours = vec![Vec::new(); n];
        for &(i, j) in pairs.keys() {
            neighbours[i].push(j);
            neighbours[j].push(i);
        }
        for v in &mut neighbours {
            v.sort_unstable();
        }
        let mut busy: FxHashMap<u32, Vec<(NaiveDateTime, NaiveDateTime)>> = FxHashMap::default();
        for b in input.busy {
            if let Some(&k) = index.get(&b.person) {
                busy.entry(k)
                    .or_default()
                    .push((b.window.start(), b.window.end()));
            }
        }
        Prep {
            input,
            items,
            pairs,
            neighbours,
            busy,
            memo: RefCell::default(),
        }
    }

    /// Sorted copy of a group: the memo key.
    pub fn key(group: &[usize]) -> Vec<usize> {
        let mut k = group.to_vec();
        k.sort_unstable();
        k
    }

    /// Pairs of items that summon at least one common person, with the count.
    pub fn sharing_pairs(&self) -> &BTreeMap<(usize, usize), u32> {
        &self.pairs
    }

    /// Whether a person attends by video in a session of this mode.
    pub fn is_video(&self, mode: Mode, presiders: &BTreeSet<&PersonId>, person: &PersonId) -> bool {
        mode == Mode::Video && !presiders.contains(person)
    }
}
