//! The first planner: greedy pairwise merging by cadre-minutes saved, then
//! slot-by-slot scheduling of the merged groups, largest first.

use super::build::{Layout, layout, layout_ordered, mins};
use super::explain::non_merges;
use super::geo::site_distance;
use super::merge::{incompatibility, merge_groups, starts};
use super::prep::Prep;
use super::stable;
use super::{PlanInput, Planner};
use crate::model::*;
use chrono::NaiveDateTime;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// Greedy merge-then-schedule planner.
#[derive(Debug, Clone, Copy, Default)]
pub struct GreedyPlanner;

impl Planner for GreedyPlanner {
    fn name(&self) -> &'static str {
        "greedy-1"
    }

    fn plan(&self, input: &PlanInput) -> Plan {
        let (to_plan, dropped_relays) = super::relay::split(input);
        let input = &PlanInput {
            proposals: &to_plan,
            ..*input
        };
        let prep = Prep::new(input);
        let mut sched = Schedule::new(&prep);
        // Stability: published sessions are held first, where they were.
        let held = sched.hold_published(input.previous.unwrap_or(&[]));
        let groups = if held.items.iter().any(|&h| h) {
            stable::merge_free(&prep, &held.items)
        } else {
            merge_groups(&prep)
        };
        let mut queue: Vec<Vec<usize>> = groups;
        queue.sort_by_cached_key(|g| {
            let l = layout(&prep, g);
            (
                std::cmp::Reverse(l.presence.len()),
                std::cmp::Reverse(l.total),
                g[0],
            )
        });
        let mut unplaced = Vec::new();
        let mut k = 0;
        while k < queue.len() {
            let g = queue[k].clone();
            k += 1;
            match sched.place(&g) {
                Ok(()) => {}
                Err(_) if g.len() > 1 => {
                    // Could not hold them together: try each on its own.
                    for &i in g.iter().rev() {
                        queue.insert(k, vec![i]);
                    }
                }
                Err(reason) => unplaced.push((g[0], reason)),
            }
        }
        // Alternatives are looked for once everything else is in place.
        let mut unplaced: Vec<Unplaced> = unplaced
            .into_iter()
            .map(|(i, reason)| Unplaced {
                proposal: prep.items[i].p.id.clone(),
                reason,
                alternative: sched.alternative(i, reason),
            })
            .collect();
        let mut sessions = sched.sessions;
        let stability = input
            .previous
            .map(|prev| stable::finish(prev, &mut sessions, held, &dropped_relays));
        sessions.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));
        unplaced.sort_by(|a, b| a.proposal.cmp(&b.proposal));
        let non_merges = non_merges(&prep, &sessions, &unplaced, stability.as_ref());
        let mut cost = summary(&prep, &sessions);
        super::relay::account(&mut cost, &dropped_relays);
        Plan {
            format: PLAN_FORMAT,
            week: input.week,
            planner: self.name().to_string(),
            sessions,
            unplaced,
            non_merges,
            cost,
            stability,
            dropped_relays,
        }
    }
}

/// A feasible start: its score, start, whether on a meeting-free day, and venue.
type Candidate = ((usize, i64, NaiveDateTime), NaiveDateTime, bool, Venue);

#[derive(Clone)]
struct Booking {
    from: NaiveDateTime,
    to: NaiveDateTime,
    site: Option<Site>,
}

pub(super) struct Schedule<'a> {
    pub(super) prep: &'a Prep<'a>,
    people: FxHashMap<PersonId, Vec<Booking>>,
    rooms: BTreeMap<String, Vec<(NaiveDateTime, NaiveDateTime)>>,
    sessions: Vec<Session>,
}

impl<'a> Schedule<'a> {
    fn new(prep: &'a Prep<'a>) -> Self {
        let mut people: FxHashMap<PersonId, Vec<Booking>> = FxHashMap::default();
        for b in prep.input.busy {
            people.entry(b.person.clone()).or_default().push(Booking {
                from: b.window.start(),
                to: b.window.end(),
                site: None,
            });
        }
        Schedule {
            prep,
            people,
            rooms: BTreeMap::new(),
            sessions: Vec::new(),
        }
    }

    pub(super) fn person_free(
        &self,
        pid: &PersonId,
        from: NaiveDateTime,
        to: NaiveDateTime,
        site: Option<&Site>,
    ) -> bool {
        let org = self.prep.input.org;
        self.people.get(pid).is_none_or(|bs| {
            bs.iter().all(|b| {
                if !(to <= b.from || b.to <= from) {
                    return false; // overlap
                }
                // Disjoint: between two in-person sessions the person also
                // needs the travel time from one site to the other.
                let (Some(x), Some(y)) = (site, &b.site) else {
                    return true;
                };
                let gap = mins(site_distance(org, x, y));
                to + gap <= b.from || b.to + gap <= from
            })
        })
    }

    fn room_free(&self, key: &str, from: NaiveDateTime, to: NaiveDateTime) -> bool {
        self.rooms
            .get(key)
            .is_none_or(|v| v.iter().all(|&(f, t)| to <= f || t <= from))
    }

    /// Smallest free room that fits, or the on-site venue of a unit without rooms.
    pub(super) fn venue(
        &self,
        l: &Layout,
        from: NaiveDateTime,
        to: NaiveDateTime,
        prefer: Option<&Venue>,
    ) -> Option<Venue> {
        let need = l.in_person(self.prep) as u32;
        let mut rooms: Vec<&Room> = self
            .prep
            .input
            .org
            .rooms()
            .filter(|r| r.site == l.site && (l.mode == Mode::InPerson || r.video))
            .collect();
        if rooms.is_empty()
            && let Site::Unit(u) = &l.site
        {
            let key = format!("site:{u}");
            return self.room_free(&key, from, to).then(|| Venue {
                room: None,
                site: l.site.clone(),
            });
        }
        rooms.sort_by(|a, b| a.capacity.cmp(&b.capacity).then(a.id.cmp(&b.id)));
        if let Some(room) = prefer.and_then(|v| v.room.as_ref()) {
            // The published room first, if it still fits and is free.
            rooms.sort_by_key(|r| &r.id != room);
        }
        rooms
            .into_iter()
            .find(|r| r.capacity >= need && self.room_free(&format!("room:{}", r.id), from, to))
            .map(|r| Venue {
                room: Some(r.id.clone()),
                site: r.site.clone(),
            })
    }

    fn place(&mut self, group: &[usize]) -> Result<(), UnplacedReason> {
        let l = layout(self.prep, group);
        let cands = self.starts_for(&l)?;
        self.place_layout(&l, cands, None)
    }

    /// Keeps a published session: its remaining items in the published order,
    /// at the published start, preferably in the published room.
    pub(super) fn pin(&mut self, order: Vec<usize>, prev: &Session) -> Result<(), MoveReason> {
        let l = layout_ordered(self.prep, order);
        if l.order.len() > 1 {
            match incompatibility(self.prep, &l.order) {
                None => {}
                // A presider's new busy block: say that, not "incompatible".
                Some(NonMergeReason::PresiderClash) => return Err(MoveReason::PresiderBusy),
                Some(_) => return Err(MoveReason::Incompatible),
            }
        }
        let end = prev.start + mins(l.total);
        if l.order.iter().any(|&i| {
            let w = self.prep.items[i].p.window;
            prev.start < w.start() || w.end() < end
        }) {
            return Err(MoveReason::Window);
        }
        let cands: Vec<_> = self
            .starts_for(&l)?
            .into_iter()
            .filter(|&(s, _)| s == prev.start)
            .collect();
        if cands.is_empty() {
            return Err(MoveReason::NotWorkingTime);
        }
        self.place_layout(&l, cands, Some(&prev.venue))?;
        self.sessions.last_mut().expect("just placed").id = prev.id.clone();
        Ok(())
    }

    /// Every start at which the layout fits its kinds' caps, the joint window
    /// and working time.
    fn starts_for(&self, l: &Layout) -> Result<Vec<(NaiveDateTime, bool)>, UnplacedReason> {
        let prep = self.prep;
        let rules = prep.input.calendar.rules();
        let items: Vec<_> = l.order.iter().map(|&i| &prep.items[i]).collect();
        if items
            .iter()
            .any(|it| l.total > rules.max_minutes_for(it.p.kind))
        {
            return Err(UnplacedReason::TooLong);
        }
        let mut window = Some(items[0].p.window);
        for it in &items[1..] {
            window = window.and_then(|w| w.intersect(&it.p.window));
        }
        let Some(window) = window else {
            return Err(UnplacedReason::NoWorkingSlot);
        };
        let cands = starts(prep, &window, l.total, l.all_urgent(prep));
        if cands.is_empty() {
            return Err(UnplacedReason::NoWorkingSlot);
        }
        Ok(cands)
    }

    /// Places a layout at the best of `cands` (in `prefer`'s room if it is free).
    fn place_layout(
        &mut self,
        l: &Layout,
        cands: Vec<(NaiveDateTime, bool)>,
        prefer: Option<&Venue>,
    ) -> Result<(), UnplacedReason> {
        let prep = self.prep;
        let presiders = l.presiders(prep);
        let mut worst = UnplacedReason::PresiderBusy;
        let mut best: Option<Candidate> = None;
        for (start, mf) in cands {
            let mut presider_ok = true;
            let mut all_ok = true;
            for (pid, from, to) in l.intervals(start) {
                let video = prep.is_video(l.mode, &presiders, pid);
                let site = (!video).then_some(&l.site);
                if !self.person_free(pid, from, to, site) {
                    all_ok = false;
                    if presiders.contains(pid) {
                        presider_ok = false;
                    }
                    break;
                }
            }
            if !presider_ok {
                continue;
            }
            if !all_ok {
                worst = worst.max(UnplacedReason::AttendeeBusy);
                continue;
            }
            let Some(venue) = self.venue(l, start, start + mins(l.total), prefer) else {
                worst = UnplacedReason::NoRoom;
                continue;
            };
            let score = self.score(l, start);
            if best.as_ref().is_none_or(|b| score < b.0) {
                best = Some((score, start, mf, venue));
            }
        }
        let Some((_, start, mf, venue)) = best else {
            return Err(worst);
        };
        let end = start + mins(l.total);
        for (pid, from, to) in l.intervals(start) {
            let video = prep.is_video(l.mode, &presiders, pid);
            self.people.entry(pid.clone()).or_default().push(Booking {
                from,
                to,
                site: (!video).then(|| l.site.clone()),
            });
        }
        let key = match &venue.room {
            Some(r) => format!("room:{r}"),
            None => match &venue.site {
                Site::Unit(u) => format!("site:{u}"),
                Site::Seat => "seat".to_string(),
            },
        };
        self.rooms.entry(key).or_default().push((start, end));
        self.sessions.push(l.session(prep, start, venue, mf));
        Ok(())
    }

    /// Lower is better: people already summoned that day, distance from preferred
    /// starts, then earliest.
    fn score(&self, l: &Layout, start: NaiveDateTime) -> (usize, i64, NaiveDateTime) {
        let day = start.date();
        let load = l
            .presence
            .keys()
            .filter(|pid| {
                self.people
                    .get(*pid)
                    .is_some_and(|bs| bs.iter().any(|b| b.site.is_some() && b.from.date() == day))
            })
            .count();
        let pref: i64 = l
            .order
            .iter()
            .zip(&l.offsets)
            .filter_map(|(&i, &(f, _))| {
                self.prep.items[i]
                    .p
                    .preferred
                    .map(|p| ((start + mins(f)) - p).num_minutes().abs())
            })
            .sum();
        (load, pref, start)
    }
}

fn summary(prep: &Prep, sessions: &[Session]) -> CostSummary {
    let placed: BTreeSet<&ProposalId> = sessions
        .iter()
        .flat_map(|s| s.segments.iter().map(|g| &g.proposal))
        .collect();
    let mut c = CostSummary {
        proposals: prep.items.len() as u32,
        placed_proposals: placed.len() as u32,
        sessions: sessions.len() as u32,
        ..Default::default()
    };
    for s in sessions {
        c.attendances += s.cost.attendances;
        c.trips += s.cost.trips;
        c.cadre_minutes += s.cost.cadre_minutes;
    }
    for (i, it) in prep.items.iter().enumerate() {
        c.spared += it.audience.spared.len() as u32;
        if !placed.contains(&it.p.id) {
            continue;
        }
        let alone = layout(prep, &[i]);
        let presiders = alone.presiders(prep);
        c.baseline_attendances += alone.presence.len() as u32;
        c.baseline_trips += alone
            .presence
            .keys()
            .filter(|pid| {
                super::geo::trip_minutes(
                    prep.input.org,
                    pid,
                    &it.site,
                    prep.is_video(alone.mode, &presiders, pid),
                ) > 0
            })
            .count() as u32;
        c.baseline_cadre_minutes += alone.cost(prep);
    }
    c
}
