//! Agenda layout of a group of proposals, its cost, and the final session record.

use super::geo::trip_minutes;
use super::prep::Prep;
use crate::model::*;
use chrono::{Duration, NaiveDateTime};
use std::collections::{BTreeMap, BTreeSet};

/// A group of proposals laid out as one session, relative to its start.
pub(crate) struct Layout {
    /// Item indexes in agenda order.
    pub order: Vec<usize>,
    /// Per segment: minutes from the session start `[from, to)`.
    pub offsets: Vec<(u32, u32)>,
    pub total: u32,
    /// Per person: presence `[from, to)` in minutes, strongest attendance, own segments.
    pub presence: BTreeMap<PersonId, (u32, u32, Attendance, Vec<usize>)>,
    pub mode: Mode,
    pub site: Site,
}

/// Largest group whose agenda order is found exactly (DP over subsets).
const EXACT_ORDER_MAX: usize = 10;

/// Agenda order that minimises Σ presence (each person stays from their first
/// segment to their last). Up to `EXACT_ORDER_MAX` segments: exact DP over the
/// set of segments already held — while segment j runs, present are j's people
/// and those with a segment held before and another still to come. Larger
/// groups: broadest audience first. Ties go to the smaller item index.
pub(crate) fn agenda_order(prep: &Prep, group: &[usize]) -> Vec<usize> {
    let mut order = group.to_vec();
    order.sort_unstable();
    let k = order.len();
    if k <= 2 || k > EXACT_ORDER_MAX {
        order.sort_by(|&a, &b| {
            prep.items[b]
                .size()
                .cmp(&prep.items[a].size())
                .then(a.cmp(&b))
        });
        return order;
    }
    let mut pm: Vec<(u32, u32)> = order
        .iter()
        .enumerate()
        .flat_map(|(j, &i)| prep.items[i].idx.iter().map(move |&p| (p, 1u32 << j)))
        .collect();
    pm.sort_unstable();
    let mut masks: Vec<u32> = Vec::new();
    let mut last = u32::MAX;
    for (p, bit) in pm {
        if p == last {
            *masks.last_mut().expect("pushed") |= bit;
        } else {
            masks.push(bit);
            last = p;
        }
    }
    masks.sort_unstable();
    let mut count: Vec<(u32, u64)> = Vec::new();
    for m in masks {
        match count.last_mut() {
            Some((x, c)) if *x == m => *c += 1,
            _ => count.push((m, 1)),
        }
    }
    let full = (1usize << k) - 1;
    let mut dp = vec![(u64::MAX, 0usize); full + 1];
    dp[0] = (0, 0);
    for s in 0..full {
        let base = dp[s].0;
        if base == u64::MAX {
            continue;
        }
        for (j, &i) in order.iter().enumerate() {
            let bit = 1usize << j;
            if s & bit != 0 {
                continue;
            }
            let t = s | bit;
            let present: u64 = count
                .iter()
                .filter(|&&(m, _)| {
                    let m = m as usize;
                    m & bit != 0 || (m & s != 0 && m & !t != 0)
                })
                .map(|&(_, c)| c)
                .sum();
            let v = base + present * u64::from(prep.items[i].p.duration.get());
            if v < dp[t].0 {
                dp[t] = (v, j);
            }
        }
    }
    let mut rev = Vec::with_capacity(k);
    let mut s = full;
    while s != 0 {
        let j = dp[s].1;
        rev.push(order[j]);
        s &= !(1 << j);
    }
    rev.reverse();
    rev
}

/// Cadre-minutes of a group laid out in its agenda order, without building the
/// session: the hot path of merging.
pub(crate) fn group_cost(prep: &Prep, group: &[usize]) -> u64 {
    let key = Prep::key(group);
    if let Some(&c) = prep.memo.borrow().cost.get(&key) {
        return c;
    }
    let c = group_cost_uncached(prep, &key);
    prep.memo.borrow_mut().cost.insert(key, c);
    c
}

fn group_cost_uncached(prep: &Prep, group: &[usize]) -> u64 {
    let order = agenda_order(prep, group);
    let first = &prep.items[order[0]];
    let video = first.p.mode == Mode::Video;
    let presiders: Vec<u32> = order.iter().map(|&i| prep.items[i].presider).collect();
    // (person, from, to, trip)
    let mut e: Vec<(u32, u32, u32, u32)> = Vec::new();
    let mut t = 0u32;
    for &i in &order {
        let it = &prep.items[i];
        let d = it.p.duration.get();
        e.extend(
            it.idx
                .iter()
                .zip(&it.trip)
                .map(|(&p, &trip)| (p, t, t + d, trip)),
        );
        t += d;
    }
    e.sort_unstable();
    let mut total = 0u64;
    let mut k = 0;
    while k < e.len() {
        let (p, from, _, trip) = e[k];
        let mut to = e[k].2;
        while k < e.len() && e[k].0 == p {
            to = to.max(e[k].2);
            k += 1;
        }
        let by_video = video && !presiders.contains(&p);
        total += u64::from(to - from) + if by_video { 0 } else { u64::from(trip) };
    }
    total
}

/// People in a group (everyone) and people in the room (not by video).
pub(crate) fn head_counts(prep: &Prep, group: &[usize]) -> (usize, usize) {
    let mut all: Vec<u32> = group
        .iter()
        .flat_map(|&i| prep.items[i].idx.iter().copied())
        .collect();
    all.sort_unstable();
    all.dedup();
    let first = &prep.items[group[0]];
    let in_person = if first.p.mode == Mode::Video {
        let mut pres: Vec<u32> = group.iter().map(|&i| prep.items[i].presider).collect();
        pres.sort_unstable();
        pres.dedup();
        pres.len()
    } else {
        all.len()
    };
    (all.len(), in_person)
}

pub(crate) fn layout(prep: &Prep, group: &[usize]) -> Layout {
    layout_ordered(prep, agenda_order(prep, group))
}

/// The layout of items in the given agenda order (a kept session keeps the
/// order it was published with).
pub(crate) fn layout_ordered(prep: &Prep, order: Vec<usize>) -> Layout {
    let mut offsets = Vec::with_capacity(order.len());
    let mut t = 0u32;
    let mut presence: BTreeMap<PersonId, (u32, u32, Attendance, Vec<usize>)> = BTreeMap::new();
    for (seg, &i) in order.iter().enumerate() {
        let d = prep.items[i].p.duration.get();
        offsets.push((t, t + d));
        for (pid, &att) in prep.items[i].people() {
            let e = presence
                .entry(pid.clone())
                .or_insert((t, t + d, att, Vec::new()));
            e.0 = e.0.min(t);
            e.1 = e.1.max(t + d);
            e.2 = e.2.max(att);
            e.3.push(seg);
        }
        t += d;
    }
    let first = &prep.items[order[0]];
    Layout {
        order,
        offsets,
        total: t,
        presence,
        mode: first.p.mode,
        site: first.site.clone(),
    }
}

impl Layout {
    pub fn presiders<'p>(&self, prep: &'p Prep) -> BTreeSet<&'p PersonId> {
        self.order
            .iter()
            .map(|&i| &prep.items[i].p.presider)
            .collect()
    }

    /// Cadre-minutes of this layout: presence plus round trips.
    pub fn cost(&self, prep: &Prep) -> u64 {
        let presiders = self.presiders(prep);
        self.presence
            .iter()
            .map(|(pid, (from, to, _, _))| {
                let video = prep.is_video(self.mode, &presiders, pid);
                u64::from(to - from)
                    + u64::from(trip_minutes(prep.input.org, pid, &self.site, video))
            })
            .sum()
    }

    /// People present in the room (not by video).
    pub fn in_person(&self, prep: &Prep) -> usize {
        let presiders = self.presiders(prep);
        self.presence
            .keys()
            .filter(|pid| !prep.is_video(self.mode, &presiders, pid))
            .count()
    }

    pub fn all_urgent(&self, prep: &Prep) -> bool {
        self.order.iter().all(|&i| prep.items[i].p.urgent)
    }

    /// Absolute presence of each person for a session starting at `start`.
    pub fn intervals(
        &self,
        start: NaiveDateTime,
    ) -> impl Iterator<Item = (&PersonId, NaiveDateTime, NaiveDateTime)> {
        self.presence
            .iter()
            .map(move |(pid, (f, t, _, _))| (pid, start + mins(*f), start + mins(*t)))
    }

    /// Builds the session record; `id` is `s-` + the smallest proposal id.
    pub fn session(
        &self,
        prep: &Prep,
        start: NaiveDateTime,
        venue: Venue,
        on_meeting_free_day: bool,
    ) -> Session {
        let org = prep.input.org;
        let presiders = self.presiders(prep);
        let segments: Vec<Segment> = self
            .order
            .iter()
            .zip(&self.offsets)
            .map(|(&i, &(f, t))| {
                let p = prep.items[i].p;
                Segment {
                    proposal: p.id.clone(),
                    title: p.title.clone(),
                    organiser: p.organiser.clone(),
                    kind: p.kind,
                    presider: p.presider.clone(),
                    start: start + mins(f),
                    end: start + mins(t),
                    urgent: p.urgent,
                    pending_approval: false,
                }
            })
            .collect();
        let attendees: Vec<Attendee> = self
            .presence
            .iter()
            .map(|(pid, (f, t, att, segs))| {
                let video = prep.is_video(self.mode, &presiders, pid);
                Attendee {
                    person: pid.clone(),
                    attendance: *att,
                    video,
                    segments: segs.clone(),
                    from: start + mins(*f),
                    to: start + mins(*t),
                    trip_minutes: trip_minutes(org, pid, &venue.site, video),
                }
            })
            .collect();
        let cost = SessionCost {
            attendances: attendees.len() as u32,
            trips: attendees.iter().filter(|a| a.trip_minutes > 0).count() as u32,
            cadre_minutes: attendees
                .iter()
                .map(|a| (a.to - a.from).num_minutes() as u64 + u64::from(a.trip_minutes))
                .sum(),
        };
        let merge = (self.order.len() > 1).then(|| {
            let alone: u64 = self
                .order
                .iter()
                .map(|&i| layout(prep, &[i]).cost(prep))
                .sum();
            MergeWhy {
                shared_people: attendees.iter().filter(|a| a.segments.len() > 1).count() as u32,
                saved_minutes: alone as i64 - cost.cadre_minutes as i64,
            }
        });
        let anchor = self
            .order
            .iter()
            .map(|&i| &prep.items[i].p.id)
            .min()
            .expect("non-empty");
        Session {
            id: format!("s-{anchor}"),
            start,
            end: start + mins(self.total),
            venue,
            mode: self.mode,
            confidentiality: prep.items[self.order[0]].p.confidentiality,
            on_meeting_free_day,
            segments,
            attendees,
            merge,
            cost,
        }
    }
}

pub(crate) fn mins(m: u32) -> Duration {
    Duration::minutes(i64::from(m))
}
