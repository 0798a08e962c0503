//! An exact solver for small weeks (≤ 12 proposals), written apart from the
//! planner: its own compatibility rules, trip model and agenda-order search.
//!
//! What it computes (docs/planner.md, "What optimum means"): the minimum over
//! every partition of the proposals into *compatible* groups of Σ group cost,
//! where a group's cost is the cadre-minutes (presence + round trips) of its
//! best agenda order. Compatible = the merge rules (mergeable, same
//! confidentiality, mode and site, within the session cap, a working slot in the
//! common window, attendance cap and room capacity). Clashes *between* groups
//! (a person or room needed by two groups at once, fixed busy blocks) are not
//! modelled, so the value is a lower bound on every feasible plan's cost; when
//! the optimal partition also schedules without violation the bound is the
//! exact optimum (`Exact::partition` lets a test check that).
#![allow(dead_code)]

use chrono::{Duration, NaiveDateTime, NaiveTime, Timelike};
use pinhui::calendar::WorkCalendar;
use pinhui::model::{MeetingKind, Mode, Org, PersonId, Proposal, Site, UnitId};
use pinhui::plan::expand;
use std::collections::BTreeMap;

pub struct Exact {
    /// Minimal Σ group cost over partitions into compatible groups.
    pub cost: u64,
    /// One optimal partition, as indexes into the proposals given.
    pub partition: Vec<Vec<usize>>,
}

struct Item<'a> {
    p: &'a Proposal,
    site: Site,
    people: Vec<PersonId>,
}

fn site_of(p: &Proposal) -> Site {
    match (&p.kind, &p.target) {
        (MeetingKind::Inspection, Some(t)) => Site::Unit(t.clone()),
        _ => Site::Seat,
    }
}

fn travel(org: &Org, u: &UnitId) -> u64 {
    org.unit(u).map(|u| u64::from(u.travel.get())).unwrap_or(0)
}

/// Round trip of an in-person attendance, on this module's own reading of the
/// cost model (docs/plan-json.md).
fn round_trip(org: &Org, pid: &PersonId, site: &Site) -> u64 {
    let person = org.person(pid).expect("known person");
    let home = &person.positions[0].unit;
    match site {
        Site::Seat => 2 * travel(org, home),
        Site::Unit(u) => {
            let local = person.positions.iter().any(|pos| {
                &pos.unit == u
                    || org
                        .unit(&pos.unit)
                        .and_then(|x| x.parent.as_ref())
                        .is_some_and(|p| p == u)
            });
            if local {
                0
            } else {
                2 * (travel(org, home) + travel(org, u))
            }
        }
    }
}

fn has_slot(cal: &WorkCalendar, items: &[&Item], total: u32) -> bool {
    let mut lo = items[0].p.window.start();
    let mut hi = items[0].p.window.end();
    for it in items {
        lo = lo.max(it.p.window.start());
        hi = hi.min(it.p.window.end());
    }
    if lo >= hi {
        return false;
    }
    let urgent = items.iter().all(|it| it.p.urgent);
    let grid = i64::from(cal.rules().grid_minutes.max(1));
    let mut day = lo.date();
    while day <= hi.date() {
        if urgent || !cal.is_meeting_free(day) {
            for b in cal.blocks(day) {
                let a: NaiveDateTime = day.and_time(b.start).max(lo);
                let z: NaiveDateTime = day.and_time(b.end).min(hi);
                let m = i64::from(a.time().hour() * 60 + a.time().minute());
                let mut s =
                    day.and_time(NaiveTime::MIN) + Duration::minutes((m + grid - 1) / grid * grid);
                if s < a {
                    s += Duration::minutes(grid);
                }
                if s + Duration::minutes(i64::from(total)) <= z {
                    return true;
                }
            }
        }
        day = day.succ_opt().expect("date");
    }
    false
}

fn compatible(org: &Org, cal: &WorkCalendar, items: &[&Item]) -> bool {
    let first = items[0];
    if items.len() > 1 && items.iter().any(|it| !it.p.mergeable) {
        return false;
    }
    if items.iter().any(|it| {
        it.p.confidentiality != first.p.confidentiality
            || it.p.mode != first.p.mode
            || it.site != first.site
    }) {
        return false;
    }
    let rules = cal.rules();
    let total: u32 = items.iter().map(|it| it.p.duration.get()).sum();
    if items
        .iter()
        .any(|it| total > rules.max_minutes_for(it.p.kind))
    {
        return false;
    }
    if !has_slot(cal, items, total) {
        return false;
    }
    let mut people: Vec<&PersonId> = items.iter().flat_map(|it| &it.people).collect();
    people.sort();
    people.dedup();
    let head_cap = items
        .iter()
        .filter_map(|it| rules.attendance_cap_for(it.p.kind))
        .min();
    if head_cap.is_some_and(|c| people.len() as u32 > c) {
        return false;
    }
    let in_person = if first.p.mode == Mode::Video {
        let mut pres: Vec<_> = items.iter().map(|it| &it.p.presider).collect();
        pres.sort();
        pres.dedup();
        pres.len()
    } else {
        people.len()
    };
    let rooms: Vec<_> = org
        .rooms()
        .filter(|r| r.site == first.site && (first.p.mode == Mode::InPerson || r.video))
        .collect();
    let unit_without_rooms = matches!(first.site, Site::Unit(_)) && rooms.is_empty();
    unit_without_rooms || rooms.iter().any(|r| r.capacity as usize >= in_person)
}

/// Cadre-minutes of a group under its best agenda order: DP over the set of
/// segments already held. While segment j runs, present are the people of j and
/// those with a segment already held and another still to come.
fn group_cost(org: &Org, items: &[&Item]) -> u64 {
    let k = items.len();
    let mut masks: BTreeMap<&PersonId, u32> = BTreeMap::new();
    for (j, it) in items.iter().enumerate() {
        for pid in &it.people {
            *masks.entry(pid).or_default() |= 1 << j;
        }
    }
    let presiders: Vec<&PersonId> = items.iter().map(|it| &it.p.presider).collect();
    let video = items[0].p.mode == Mode::Video;
    let trips: u64 = masks
        .keys()
        .filter(|pid| !video || presiders.contains(pid))
        .map(|pid| round_trip(org, pid, &items[0].site))
        .sum();
    let mut count: BTreeMap<u32, u64> = BTreeMap::new();
    for &m in masks.values() {
        *count.entry(m).or_default() += 1;
    }
    let full = (1u32 << k) - 1;
    let mut dp = vec![u64::MAX; 1 << k];
    dp[0] = 0;
    for s in 0..full {
        if dp[s as usize] == u64::MAX {
            continue;
        }
        for (j, it) in items.iter().enumerate() {
            let bit = 1 << j;
            if s & bit != 0 {
                continue;
            }
            let t = s | bit;
            let present: u64 = count
                .iter()
                .filter(|&(&m, _)| m & bit != 0 || (m & s != 0 && m & !t != 0))
                .map(|(_, &c)| c)
                .sum();
            let v = dp[s as usize] + present * u64::from(it.p.duration.get());
            dp[t as usize] = dp[t as usize].min(v);
        }
    }
    dp[full as usize] + trips
}

/// The exact optimum (see the module doc) over `proposals`.
pub fn solve(org: &Org, cal: &WorkCalendar, proposals: &[&Proposal]) -> Exact {
    let n = proposals.len();
    assert!(n <= 14, "exact search is for small instances");
    let items: Vec<Item> = proposals
        .iter()
        .map(|p| Item {
            p,
            site: site_of(p),
            people: expand(org, p).members.into_keys().collect(),
        })
        .collect();
    let size = 1usize << n;
    // cost[m]: group cost when the set m is compatible.
    let mut cost: Vec<Option<u64>> = vec![None; size];
    for m in 1..size {
        let hi = usize::BITS - 1 - m.leading_zeros();
        let rest = m & !(1 << hi);
        if rest != 0 && cost[rest].is_none() {
            continue; // a subset is incompatible, so is m
        }
        let group: Vec<&Item> = (0..n)
            .filter(|&i| m & (1 << i) != 0)
            .map(|i| &items[i])
            .collect();
        if compatible(org, cal, &group) {
            cost[m] = Some(group_cost(org, &group));
        }
    }
    // best[m]: cheapest partition of m; the group holding m's lowest element is
    // chosen among m's subsets.
    let mut best: Vec<u64> = vec![u64::MAX; size];
    let mut choice: Vec<usize> = vec![0; size];
    best[0] = 0;
    for m in 1..size {
        let low = m & m.wrapping_neg();
        let rest = m & !low;
        let mut sub = rest;
        loop {
            let g = sub | low;
            if let Some(c) = cost[g] {
                let v = c.saturating_add(best[m & !g]);
                if v < best[m] {
                    best[m] = v;
                    choice[m] = g;
                }
            }
            if sub == 0 {
                break;
            }
            sub = (sub - 1) & rest;
        }
    }
    let mut partition = Vec::new();
    let mut m = size - 1;
    while m != 0 {
        let g = choice[m];
        partition.push((0..n).filter(|&i| g & (1 << i) != 0).collect());
        m &= !g;
    }
    Exact {
        cost: best[size - 1],
        partition,
    }
}
