//! Grouping proposals into sessions: the merge rules, greedy pairwise merging
//! by cadre-minutes saved, then local search (move one proposal to another
//! group or out on its own) while it lowers the total cost.

use super::build::{agenda_order, group_cost, head_counts, mins};
use super::prep::Prep;
use crate::model::*;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::collections::BTreeMap;

/// Why a set of items cannot share a session, if it cannot.
pub(crate) fn incompatibility(prep: &Prep, group: &[usize]) -> Option<NonMergeReason> {
    let key = Prep::key(group);
    if let Some(&r) = prep.memo.borrow().incompatibility.get(&key) {
        return r;
    }
    let r = incompatibility_uncached(prep, &key);
    prep.memo.borrow_mut().incompatibility.insert(key, r);
    r
}

fn incompatibility_uncached(prep: &Prep, group: &[usize]) -> Option<NonMergeReason> {
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
        Some(w) if !has_start(prep, &w, total, urgent) => {
            return Some(if !has_start(prep, &w, longest, urgent) {
                NonMergeReason::WindowsDoNotMeet
            } else {
                NonMergeReason::TooLongTogether
            });
        }
        Some(_) => {}
    }
    let (everyone, in_person) = head_counts(prep, group);
    let head_cap = items
        .iter()
        .filter_map(|it| rules.attendance_cap_for(it.p.kind))
        .min();
    let room_cap = max_room(prep, &first.site, first.p.mode);
    if head_cap.is_some_and(|c| everyone as u32 > c)
        || room_cap.is_some_and(|c| in_person as u32 > c)
    {
        return Some(NonMergeReason::TooManyPeople);
    }
    if items.len() > 1
        && let Some(w) = window
        && !presiders_free_somewhere(prep, group, &w, total, urgent)
    {
        return Some(NonMergeReason::PresiderClash);
    }
    None
}

/// Whether the group, in its agenda order, has a start in `window` at which no
/// presider's own part of the session meets one of their fixed busy blocks
/// (meetings called by the city or province).
fn presiders_free_somewhere(
    prep: &Prep,
    group: &[usize],
    window: &Window,
    total: u32,
    urgent: bool,
) -> bool {
    let order = agenda_order(prep, group);
    let mut spans: Vec<(u32, u32, u32)> = Vec::new(); // (presider, from, to)
    for &i in &order {
        let p = prep.items[i].presider;
        if !prep.busy.contains_key(&p) || spans.iter().any(|s| s.0 == p) {
            continue;
        }
        let (mut from, mut to, mut t) = (u32::MAX, 0, 0);
        for &j in &order {
            let d = prep.items[j].p.duration.get();
            if prep.items[j].idx.binary_search(&p).is_ok() {
                from = from.min(t);
                to = t + d;
            }
            t += d;
        }
        spans.push((p, from, to));
    }
    if spans.is_empty() {
        return true;
    }
    starts(prep, window, total, urgent)
        .into_iter()
        .any(|(s, _)| {
            spans.iter().all(|&(p, f, t)| {
                let (a, b) = (s + mins(f), s + mins(t));
                prep.busy[&p].iter().all(|&(x, y)| b <= x || y <= a)
            })
        })
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

/// Whether any start fits: the same days and blocks as [`starts`], but only the
/// first grid point of each block needs checking.
pub(crate) fn has_start(prep: &Prep, window: &Window, total: u32, urgent: bool) -> bool {
    let cal = prep.input.calendar;
    let grid = cal.rules().grid_minutes.max(1);
    let mut day: NaiveDate = window.start().date();
    while day <= window.end().date() {
        if urgent || !cal.is_meeting_free(day) {
            for b in cal.blocks(day) {
                let lo = day.and_time(b.start).max(window.start());
                let hi = day.and_time(b.end).min(window.end());
                if round_up(lo, grid) + mins(total) <= hi {
                    return true;
                }
            }
        }
        day = day.succ_opt().expect("date in range");
    }
    false
}

/// Joint inspections: visits to one unit merge even at no cadre-minute saving.
fn all_inspections(prep: &Prep, g: &[usize]) -> bool {
    g.iter()
        .all(|&i| prep.items[i].p.kind == MeetingKind::Inspection)
}

fn union(a: &[usize], b: &[usize]) -> Vec<usize> {
    let mut g = a.to_vec();
    g.extend_from_slice(b);
    g.sort_unstable();
    g
}

/// Greedy merging: repeatedly merge the compatible pair of groups that saves the
/// most cadre-minutes, until no merge saves anything.
pub(crate) fn merge_groups(prep: &Prep) -> Vec<Vec<usize>> {
    let n = prep.items.len();
    let mut groups: Vec<Option<Vec<usize>>> = (0..n).map(|i| Some(vec![i])).collect();
    let mut group_of: Vec<usize> = (0..n).collect();
    let mut cost: Vec<u64> = (0..n).map(|i| group_cost(prep, &[i])).collect();
    let saving = |groups: &Vec<Option<Vec<usize>>>,
                  cost: &Vec<u64>,
                  a: usize,
                  b: usize|
     -> Option<(i64, u64)> {
        let g = union(groups[a].as_ref()?, groups[b].as_ref()?);
        if incompatibility(prep, &g).is_some() {
            return None;
        }
        let c = group_cost(prep, &g);
        let s = cost[a] as i64 + cost[b] as i64 - c as i64;
        (s > 0 || (all_inspections(prep, &g) && s == 0)).then_some((s, c))
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
        let live = groups[a].as_mut().expect("live group");
        live.extend(moved);
        live.sort_unstable();
        cost[a] = c;
        pairs.retain(|&(x, y), _| x != a && y != a && x != b && y != b);
        for g in neighbour_groups(prep, live, &group_of, a) {
            if let Some(v) = saving(&groups, &cost, a.min(g), a.max(g)) {
                pairs.insert((a.min(g), a.max(g)), v);
            }
        }
    }
    let groups: Vec<Vec<usize>> = groups.into_iter().flatten().collect();
    let groups = improve(prep, groups);
    let groups = super::repartition::repartition_pairs(prep, groups);
    let mut groups = improve(prep, groups);
    for g in &mut groups {
        g.sort_unstable();
    }
    groups.sort();
    groups
}

/// Groups (other than `own`) holding an item that shares a person with `members`,
/// ascending.
fn neighbour_groups(prep: &Prep, members: &[usize], group_of: &[usize], own: usize) -> Vec<usize> {
    let mut out: Vec<usize> = members
        .iter()
        .flat_map(|&i| prep.neighbours[i].iter().map(|&j| group_of[j]))
        .filter(|&g| g != own)
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Local search: move one proposal to another group sharing people with it, or
/// out on its own, taking the best strictly improving move, until none is left
/// (or a generous round limit). Deterministic: ties go to the first move found.
fn improve(prep: &Prep, mut groups: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
    let n = prep.items.len();
    let mut group_of = vec![0usize; n];
    for (g, members) in groups.iter().enumerate() {
        for &i in members {
            group_of[i] = g;
        }
    }
    let mut cost: Vec<u64> = groups.iter().map(|g| group_cost(prep, g)).collect();
    for _round in 0..4 * n {
        // (gain, item, to (None = alone), new cost of from, new cost of to)
        let mut best: Option<(i64, usize, Option<usize>, u64, u64)> = None;
        for i in 0..n {
            let from = group_of[i];
            if groups[from].len() < 2 {
                continue;
            }
            let rest: Vec<usize> = groups[from].iter().copied().filter(|&j| j != i).collect();
            let rest_cost = group_cost(prep, &rest);
            let alone = group_cost(prep, &[i]);
            let mut consider = |gain: i64, to: Option<usize>, to_cost: u64| {
                if gain > 0 && best.as_ref().is_none_or(|b| gain > b.0) {
                    best = Some((gain, i, to, rest_cost, to_cost));
                }
            };
            if !all_inspections(prep, &groups[from]) {
                consider(
                    cost[from] as i64 - rest_cost as i64 - alone as i64,
                    None,
                    alone,
                );
            }
            for to in neighbour_groups(prep, &[i], &group_of, from) {
                if groups[to].is_empty() {
                    continue;
                }
                let g = union(&groups[to], &[i]);
                if incompatibility(prep, &g).is_some() {
                    continue;
                }
                let c = group_cost(prep, &g);
                let gain = (cost[from] + cost[to]) as i64 - (rest_cost + c) as i64;
                consider(gain, Some(to), c);
            }
        }
        let Some((_, i, to, from_cost, to_cost)) = best else {
            break;
        };
        let from = group_of[i];
        groups[from].retain(|&j| j != i);
        cost[from] = from_cost;
        let to = to.unwrap_or_else(|| {
            groups.push(Vec::new());
            cost.push(0);
            groups.len() - 1
        });
        groups[to] = union(&groups[to], &[i]);
        cost[to] = to_cost;
        group_of[i] = to;
    }
    groups.retain(|g| !g.is_empty());
    groups
}
