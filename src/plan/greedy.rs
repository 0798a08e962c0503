//! The first planner: greedy pairwise merging by cadre-minutes saved, then
//! slot-by-slot scheduling of the merged groups, largest first.

use super::build::{Layout, layout, mins};
use super::explain::non_merges;
use super::geo::site_distance;
use super::prep::Prep;
use super::{PlanInput, Planner};
use crate::model::*;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::collections::{BTreeMap, BTreeSet};

/// Greedy merge-then-schedule planner.
#[derive(Debug, Clone, Copy, Default)]
pub struct GreedyPlanner;

impl Planner for GreedyPlanner {
    fn name(&self) -> &'static str {
        "greedy-1"
    }

    fn plan(&self, input: &PlanInput) -> Plan {
        let prep = Prep::new(input);
        let groups = merge_groups(&prep);
        let mut sched = Schedule::new(&prep);
        let mut queue: Vec<Vec<usize>> = groups;
        queue.sort_by_key(|g| {
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
                Err(reason) => unplaced.push(Unplaced {
                    proposal: prep.items[g[0]].p.id.clone(),
                    reason,
                }),
            }
        }
        let mut sessions = sched.sessions;
        sessions.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));
        unplaced.sort_by(|a, b| a.proposal.cmp(&b.proposal));
        let non_merges = non_merges(&prep, &sessions, &unplaced);
        let cost = summary(&prep, &sessions);
        Plan {
            format: PLAN_FORMAT,
            week: input.week,
            planner: self.name().to_string(),
            sessions,
            unplaced,
            non_merges,
            cost,
        }
    }
}

/// Why a set of items cannot share a session, if it cannot.
pub(crate) fn incompatibility(prep: &Prep, group: &[usize]) -> Option<NonMergeReason> {
    let items: Vec<_> = group.iter().map(|&i| &prep.items[i]).collect();
    let first = items[0];
    if items.len() > 1 && items.iter().any(|it| !it.p.mergeable) {
        return Some(NonMergeReason::NotMergeable);
    }
    if items
        .iter()
        .any(|it| it.p.confidentiality != first.p.confidentiality)
    {
        return Some(NonMergeReason::Confidentiality);
    }
    if items.iter().any(|it| it.p.mode != first.p.mode) {
        return Some(NonMergeReason::ModeClash);
    }
    if items.iter().any(|it| it.site != first.site) {
        return Some(NonMergeReason::DifferentVenue);
    }
    let rules = prep.input.calendar.rules();
    let total: u32 = items.iter().map(|it| it.p.duration.get()).sum();
    let cap = items
        .iter()
        .map(|it| rules.max_minutes_for(it.p.kind))
        .min()
        .unwrap_or(0);
    if total > cap {
        return Some(NonMergeReason::TooLongTogether);
    }
    let mut window = Some(first.p.window);
    for it in &items[1..] {
        window = window.and_then(|w| w.intersect(&it.p.window));
    }
    let urgent = items.iter().all(|it| it.p.urgent);
    let longest = items
        .iter()
        .map(|it| it.p.duration.get())
        .max()
        .unwrap_or(0);
    match window {
        None => return Some(NonMergeReason::WindowsDoNotMeet),
        Some(w) if starts(prep, &w, total, urgent).is_empty() => {
            return Some(if starts(prep, &w, longest, urgent).is_empty() {
                NonMergeReason::WindowsDoNotMeet
            } else {
                NonMergeReason::TooLongTogether
            });
        }
        Some(_) => {}
    }
    let l = layout(prep, group);
    let head_cap = items
        .iter()
        .filter_map(|it| rules.attendance_cap_for(it.p.kind))
        .min();
    let room_cap = max_room(prep, &first.site, first.p.mode);
    if head_cap.is_some_and(|c| l.presence.len() as u32 > c)
        || room_cap.is_some_and(|c| l.in_person(prep) as u32 > c)
    {
        return Some(NonMergeReason::TooManyPeople);
    }
    None
}

fn max_room(prep: &Prep, site: &Site, mode: Mode) -> Option<u32> {
    let rooms: Vec<_> = prep
        .input
        .org
        .rooms()
        .filter(|r| &r.site == site && (mode == Mode::InPerson || r.video))
        .collect();
    match site {
        // A unit without a registered room receives visits in its offices.
        Site::Unit(_) if rooms.is_empty() => None,
        _ => Some(rooms.iter().map(|r| r.capacity).max().unwrap_or(0)),
    }
}

/// Candidate start times for a session of `total` minutes inside `window`.
pub(crate) fn starts(
    prep: &Prep,
    window: &Window,
    total: u32,
    urgent: bool,
) -> Vec<(NaiveDateTime, bool)> {
    let cal = prep.input.calendar;
    let grid = cal.rules().grid_minutes.max(1);
    let mut out = Vec::new();
    let mut day: NaiveDate = window.start().date();
    while day <= window.end().date() {
        let mf = cal.is_meeting_free(day);
        if !mf || urgent {
            for b in cal.blocks(day) {
                let lo = day.and_time(b.start).max(window.start());
                let hi = day.and_time(b.end).min(window.end());
                let mut s = round_up(lo, grid);
                while s + mins(total) <= hi {
                    out.push((s, mf));
                    s += mins(grid);
                }
            }
        }
        day = day.succ_opt().expect("date in range");
    }
    out
}

fn round_up(t: NaiveDateTime, grid: u32) -> NaiveDateTime {
    let m = t.time().hour() * 60 + t.time().minute();
    let r = m.div_ceil(grid) * grid;
    let base = t.date().and_time(NaiveTime::MIN);
    if t.time().second() == 0 && r == m {
        t
    } else {
        base + mins(r)
    }
}

/// Greedy merging: repeatedly merge the compatible pair of groups that saves the
/// most cadre-minutes, until no merge saves anything.
fn merge_groups(prep: &Prep) -> Vec<Vec<usize>> {
    let n = prep.items.len();
    let mut groups: Vec<Option<Vec<usize>>> = (0..n).map(|i| Some(vec![i])).collect();
    let mut group_of: Vec<usize> = (0..n).collect();
    let mut cost: Vec<u64> = (0..n).map(|i| layout(prep, &[i]).cost(prep)).collect();
    let saving = |groups: &Vec<Option<Vec<usize>>>,
                  cost: &Vec<u64>,
                  a: usize,
                  b: usize|
     -> Option<(i64, u64)> {
        let mut g = groups[a].clone()?;
        g.extend(groups[b].clone()?);
        g.sort_unstable();
        if incompatibility(prep, &g).is_some() {
            return None;
        }
        let c = layout(prep, &g).cost(prep);
        let s = cost[a] as i64 + cost[b] as i64 - c as i64;
        // Visits to the same unit always become one joint inspection
        // (多头考核变一个考核) when nothing forbids it, even at no cadre-minute saving.
        let joint = g
            .iter()
            .all(|&i| prep.items[i].p.kind == MeetingKind::Inspection);
        (s > 0 || (joint && s == 0)).then_some((s, c))
    };
    let mut pairs: BTreeMap<(usize, usize), (i64, u64)> = BTreeMap::new();
    for &(a, b) in prep.sharing_pairs().keys() {
        if let Some(v) = saving(&groups, &cost, a, b) {
            pairs.insert((a, b), v);
        }
    }
    while let Some((&(a, b), &(_, c))) = pairs
        .iter()
        .max_by(|x, y| x.1.0.cmp(&y.1.0).then(y.0.cmp(x.0)))
    {
        let moved = groups[b].take().expect("live group");
        for &i in &moved {
            group_of[i] = a;
        }
        groups[a].as_mut().expect("live group").extend(moved);
        groups[a].as_mut().expect("live group").sort_unstable();
        cost[a] = c;
        pairs.retain(|&(x, y), _| x != a && y != a && x != b && y != b);
        let neighbours: BTreeSet<usize> = groups[a]
            .as_ref()
            .expect("live group")
            .iter()
            .flat_map(|&i| prep.items[i].audience.members.keys())
            .flat_map(|pid| prep.by_person[pid].iter().map(|&j| group_of[j]))
            .filter(|&g| g != a)
            .collect();
        for g in neighbours {
            if let Some(v) = saving(&groups, &cost, a.min(g), a.max(g)) {
                pairs.insert((a.min(g), a.max(g)), v);
            }
        }
    }
    groups.into_iter().flatten().collect()
}

/// A feasible start: its score, start, whether on a meeting-free day, and venue.
type Candidate = ((usize, i64, NaiveDateTime), NaiveDateTime, bool, Venue);

#[derive(Clone)]
struct Booking {
    from: NaiveDateTime,
    to: NaiveDateTime,
    site: Option<Site>,
}

struct Schedule<'a> {
    prep: &'a Prep<'a>,
    people: BTreeMap<PersonId, Vec<Booking>>,
    rooms: BTreeMap<String, Vec<(NaiveDateTime, NaiveDateTime)>>,
    sessions: Vec<Session>,
}

impl<'a> Schedule<'a> {
    fn new(prep: &'a Prep<'a>) -> Self {
        let mut people: BTreeMap<PersonId, Vec<Booking>> = BTreeMap::new();
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

    fn person_free(
        &self,
        pid: &PersonId,
        from: NaiveDateTime,
        to: NaiveDateTime,
        site: Option<&Site>,
    ) -> bool {
        let org = self.prep.input.org;
        self.people.get(pid).is_none_or(|bs| {
            bs.iter().all(|b| {
                let gap = match (site, &b.site) {
                    (Some(x), Some(y)) => i64::from(site_distance(org, x, y)),
                    _ => 0,
                };
                to + chrono::Duration::minutes(gap) <= b.from
                    || b.to + chrono::Duration::minutes(gap) <= from
            })
        })
    }

    fn room_free(&self, key: &str, from: NaiveDateTime, to: NaiveDateTime) -> bool {
        self.rooms
            .get(key)
            .is_none_or(|v| v.iter().all(|&(f, t)| to <= f || t <= from))
    }

    /// Smallest free room that fits, or the on-site venue of a unit without rooms.
    fn venue(&self, l: &Layout, from: NaiveDateTime, to: NaiveDateTime) -> Option<Venue> {
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
        rooms
            .into_iter()
            .find(|r| r.capacity >= need && self.room_free(&format!("room:{}", r.id), from, to))
            .map(|r| Venue {
                room: Some(r.id.clone()),
                site: r.site.clone(),
            })
    }

    fn place(&mut self, group: &[usize]) -> Result<(), UnplacedReason> {
        let prep = self.prep;
        let rules = prep.input.calendar.rules();
        let l = layout(prep, group);
        let items: Vec<_> = group.iter().map(|&i| &prep.items[i]).collect();
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
            let Some(venue) = self.venue(&l, start, start + mins(l.total)) else {
                worst = UnplacedReason::NoRoom;
                continue;
            };
            let score = self.score(&l, start);
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
