//! An independent checker of the planner's hard constraints. It shares no code with
//! `plan/` beyond the domain types and the calendar: audiences, presence and travel
//! are recomputed here from the inputs.

mod relays;

use crate::calendar::WorkCalendar;
use crate::model::*;
use chrono::{Duration, NaiveDateTime};
use std::collections::{BTreeMap, BTreeSet};

/// A broken hard constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub session: String,
    pub rule: &'static str,
    pub detail: String,
}

/// A person's presence: from, to, site when in person, session id.
type Stay<'a> = (NaiveDateTime, NaiveDateTime, Option<&'a Site>, &'a str);

/// Everything the checker reads.
pub struct CheckInput<'a> {
    pub org: &'a Org,
    pub calendar: &'a WorkCalendar,
    pub proposals: &'a [Proposal],
    pub busy: &'a [Busy],
}

fn audience_of(org: &Org, p: &Proposal) -> BTreeMap<PersonId, Attendance> {
    let mut out: BTreeMap<PersonId, Attendance> = BTreeMap::new();
    let mut add = |pid: &PersonId, a: Attendance| {
        let e = out.entry(pid.clone()).or_insert(a);
        if a > *e {
            *e = a;
        }
    };
    for s in &p.audience {
        for person in org.people() {
            let hit = person.positions.iter().any(|pos| {
                let Some(u) = org.unit(&pos.unit) else {
                    return false;
                };
                let by_kind = s.kinds.contains(&u.kind)
                    && (s.within.is_empty()
                        || u.parent.as_ref().is_some_and(|x| s.within.contains(x)));
                let unit_ok = by_kind || s.units.contains(&u.id);
                let tag_ok = s.tags.is_empty() || s.tags.iter().any(|t| u.tags.contains(t));
                let role_ok = s.roles.is_empty() || s.roles.contains(&pos.role);
                unit_ok && tag_ok && role_ok
            });
            if hit || s.people.contains(&person.id) {
                add(&person.id, s.attendance);
            }
        }
    }
    add(&p.presider, Attendance::Required);
    out
}

fn distance(org: &Org, a: &Site, b: &Site) -> i64 {
    let t = |u: &UnitId| i64::from(org.unit(u).map(|u| u.travel.get()).unwrap_or(0));
    match (a, b) {
        (Site::Seat, Site::Seat) => 0,
        (Site::Unit(u), Site::Unit(v)) if u == v => 0,
        (Site::Unit(u), Site::Unit(v)) => t(u) + t(v),
        (Site::Seat, Site::Unit(u)) | (Site::Unit(u), Site::Seat) => t(u),
    }
}

/// Checks every hard constraint of DESIGN.md §5 on a plan.
pub fn check_plan(input: &CheckInput, plan: &Plan) -> Vec<Violation> {
    let org = input.org;
    let cal = input.calendar;
    let rules = cal.rules();
    let mut v = Vec::new();
    let mut bad = |s: &str, rule: &'static str, detail: String| {
        v.push(Violation {
            session: s.to_string(),
            rule,
            detail,
        })
    };
    let by_id: BTreeMap<&ProposalId, &Proposal> =
        input.proposals.iter().map(|p| (&p.id, p)).collect();
    let mut placed: BTreeMap<&ProposalId, usize> = BTreeMap::new();
    // (person) -> [(from, to, site if in person, session)]
    let mut presence: BTreeMap<&PersonId, Vec<Stay>> = BTreeMap::new();
    let mut rooms: BTreeMap<String, Vec<(NaiveDateTime, NaiveDateTime, &str)>> = BTreeMap::new();

    for s in &plan.sessions {
        let sid = s.id.as_str();
        if s.segments.is_empty() {
            bad(sid, "empty", "会议没有议程".into());
            continue;
        }
        let props: Vec<&Proposal> = s
            .segments
            .iter()
            .filter_map(|g| by_id.get(&g.proposal).copied())
            .collect();
        if props.len() != s.segments.len() {
            bad(sid, "unknown_proposal", "议程引用了不存在的申请".into());
            continue;
        }
        // Time: contiguous segments, working hours, windows, caps.
        let mut t = s.start;
        for (g, p) in s.segments.iter().zip(&props) {
            *placed.entry(&p.id).or_default() += 1;
            if g.start != t || g.end - g.start != p.duration.duration() {
                bad(sid, "segment_times", format!("{} 的时段与时长不符", p.id));
            }
            if !(p.window.start() <= g.start && g.end <= p.window.end()) {
                bad(sid, "window", format!("{} 不在其时间窗口内", p.id));
            }
            t = g.end;
        }
        if s.end != t {
            bad(sid, "session_end", "会议结束时间与议程不符".into());
        }
        if !cal.within_working_hours(s.start, s.end) {
            bad(
                sid,
                "working_hours",
                format!("{} – {} 不在工作日工作时段内", s.start, s.end),
            );
        }
        let all_urgent = props.iter().all(|p| p.urgent);
        if cal.is_meeting_free(s.start.date()) && !all_urgent {
            bad(
                sid,
                "meeting_free",
                format!("{} 是无会日，且并非全部议程紧急", s.start.date()),
            );
        }
        let cap = props
            .iter()
            .map(|p| rules.max_minutes_for(p.kind))
            .min()
            .unwrap_or(0);
        if (s.end - s.start).num_minutes() > i64::from(cap) {
            bad(sid, "too_long", format!("会议时长超过上限 {cap} 分钟"));
        }
        // Merging rules.
        if props.len() > 1 {
            if props.iter().any(|p| !p.mergeable) {
                bad(sid, "not_mergeable", "合并了不可合并的申请".into());
            }
            if props
                .iter()
                .any(|p| p.confidentiality != props[0].confidentiality)
            {
                bad(sid, "confidentiality", "合并了密级不同的申请".into());
            }
            if props.iter().any(|p| p.mode != props[0].mode) {
                bad(sid, "mode", "合并了形式不同的申请".into());
            }
        }
        if props.iter().any(|p| p.mode != s.mode) {
            bad(sid, "mode", "会议形式与申请不符".into());
        }
        // Attendees: exactly the audience, presence spanning own segments.
        let mut expected: BTreeMap<PersonId, (Attendance, Vec<usize>)> = BTreeMap::new();
        for (k, p) in props.iter().enumerate() {
            for (pid, a) in audience_of(org, p) {
                let e = expected.entry(pid).or_insert((a, Vec::new()));
                e.0 = e.0.max(a);
                e.1.push(k);
            }
        }
        let got: BTreeSet<&PersonId> = s.attendees.iter().map(|a| &a.person).collect();
        if got.len() != expected.len() || expected.keys().any(|p| !got.contains(p)) {
            bad(
                sid,
                "audience",
                format!("参会人员应为 {} 人，实际 {} 人", expected.len(), got.len()),
            );
        }
        let presiders: BTreeSet<&PersonId> = props.iter().map(|p| &p.presider).collect();
        for a in &s.attendees {
            if let Some((_, segs)) = expected.get(&a.person) {
                let from = s.segments[*segs.iter().min().expect("non-empty")].start;
                let to = s.segments[*segs.iter().max().expect("non-empty")].end;
                if a.from != from || a.to != to {
                    bad(
                        sid,
                        "presence",
                        format!("{} 的在场时间应为 {from} – {to}", a.person),
                    );
                }
            }
            if presiders.contains(&a.person) && a.video {
                bad(
                    sid,
                    "presider_video",
                    format!("主持人 {} 不在会场", a.person),
                );
            }
            if s.mode == Mode::InPerson && a.video {
                bad(
                    sid,
                    "video",
                    format!("{} 在现场会议中被记为视频参会", a.person),
                );
            }
            presence.entry(&a.person).or_default().push((
                a.from,
                a.to,
                (!a.video).then_some(&s.venue.site),
                sid,
            ));
        }
        // Venue.
        let in_person = s.attendees.iter().filter(|a| !a.video).count() as u32;
        match &s.venue.room {
            Some(rid) => match org.room(rid) {
                None => bad(sid, "room", format!("会议室 {rid} 不存在")),
                Some(r) => {
                    if r.capacity < in_person {
                        bad(
                            sid,
                            "capacity",
                            format!("{} 容量 {} 少于现场人数 {in_person}", r.name, r.capacity),
                        );
                    }
                    if s.mode == Mode::Video && !r.video {
                        bad(sid, "video_room", format!("{} 没有视频会议条件", r.name));
                    }
                    if r.site != s.venue.site {
                        bad(sid, "room_site", "会议室位置与会场不符".into());
                    }
                    rooms
                        .entry(format!("room:{rid}"))
                        .or_default()
                        .push((s.start, s.end, sid));
                }
            },
            None => match &s.venue.site {
                Site::Unit(u) if org.rooms().all(|r| r.site != Site::Unit(u.clone())) => {
                    rooms
                        .entry(format!("site:{u}"))
                        .or_default()
                        .push((s.start, s.end, sid));
                }
                _ => bad(sid, "room", "会场缺少会议室".into()),
            },
        }
        for p in &props {
            let expected_site = match (&p.kind, &p.target) {
                (MeetingKind::Inspection, Some(t)) => Site::Unit(t.clone()),
                _ => Site::Seat,
            };
            if expected_site != s.venue.site {
                bad(sid, "site", format!("{} 的举行地点不对", p.id));
            }
        }
    }

    for (pid, n) in &placed {
        if *n > 1 {
            bad("-", "placed_twice", format!("{pid} 被安排了 {n} 次"));
        }
    }
    let unplaced: BTreeSet<&ProposalId> = plan.unplaced.iter().map(|u| &u.proposal).collect();
    let (dropped, relay_violations) = relays::check_dropped(input, plan);
    for x in relay_violations {
        bad(&x.session, x.rule, x.detail);
    }
    for p in input.proposals {
        let lists = [
            placed.contains_key(&p.id),
            unplaced.contains(&p.id),
            dropped.contains(&p.id),
        ];
        if lists.iter().filter(|&&x| x).count() != 1 {
            bad(
                "-",
                "accounting",
                format!(
                    "{} 必须恰好出现在会议、未安排清单或取消的传达会议之一",
                    p.id
                ),
            );
        }
    }
    // No person in two places at once, counting busy blocks and travel.
    for b in input.busy {
        if let Some(list) = presence.get(&b.person) {
            for (f, t, _, sid) in list {
                if *f < b.window.end() && b.window.start() < *t {
                    v.push(Violation {
                        session: sid.to_string(),
                        rule: "busy",
                        detail: format!("{} 此时另有安排：{}", b.person, b.reason),
                    });
                }
            }
        }
    }
    for (pid, list) in &presence {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                let gap = match (a.2, b.2) {
                    (Some(x), Some(y)) => distance(org, x, y),
                    _ => 0,
                };
                let g = Duration::minutes(gap);
                if a.0 < b.1 + g && b.0 < a.1 + g {
                    v.push(Violation {
                        session: a.3.to_string(),
                        rule: "double_booked",
                        detail: format!("{pid} 同时出现在 {} 和 {}（含路程 {gap} 分钟）", a.3, b.3),
                    });
                }
            }
        }
    }
    for (key, list) in &rooms {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                if a.0 < b.1 && b.0 < a.1 {
                    v.push(Violation {
                        session: a.2.to_string(),
                        rule: "room_clash",
                        detail: format!("{key} 同时安排了 {} 和 {}", a.2, b.2),
                    });
                }
            }
        }
    }
    // Reported totals add up.
    let sum_att: u32 = plan.sessions.iter().map(|s| s.attendees.len() as u32).sum();
    let sum_min: u64 = plan
        .sessions
        .iter()
        .flat_map(|s| &s.attendees)
        .map(|a| (a.to - a.from).num_minutes() as u64 + u64::from(a.trip_minutes))
        .sum();
    if plan.cost.attendances != sum_att
        || plan.cost.cadre_minutes != sum_min
        || plan.cost.sessions as usize != plan.sessions.len()
    {
        v.push(Violation {
            session: "-".into(),
            rule: "totals",
            detail: "汇总数字与会议明细不符".into(),
        });
    }
    v
}
