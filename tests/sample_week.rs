//! Acceptance on the sample district's weeks.

mod common;

use chrono::{Datelike, Weekday};
use pinhui::calendar::WorkCalendar;
use pinhui::model::{ProposalId, Session, UnitKind};
use pinhui::plan::expand;

fn session_of<'a>(sessions: &'a [Session], id: &str) -> &'a Session {
    let pid = ProposalId::parse(id).unwrap();
    sessions
        .iter()
        .find(|s| s.segments.iter().any(|g| g.proposal == pid))
        .unwrap_or_else(|| panic!("{id} not placed"))
}

#[test]
fn organisation_propaganda_and_united_front_become_one_session() {
    let d = common::sample();
    let w = common::sample_week(&d, "2026-W49");
    let (plan, violations) = common::plan(&d, &w);
    assert!(violations.is_empty(), "{violations:#?}");
    let a = session_of(&plan.sessions, "w49-zzb-1");
    let b = session_of(&plan.sessions, "w49-xcb-1");
    let c = session_of(&plan.sessions, "w49-tzb-1");
    assert_eq!(a.id, b.id);
    assert_eq!(a.id, c.id);
    let why = a.merge.as_ref().expect("merged session explains itself");
    assert!(why.shared_people > 0 && why.saved_minutes > 0, "{why:?}");
}

#[test]
fn straw_burning_reaches_only_farmland_units() {
    let d = common::sample();
    let w = common::sample_week(&d, "2026-W49");
    let p = w
        .proposals
        .iter()
        .find(|p| p.id.as_str() == "w49-sthj-1")
        .unwrap();
    let aud = expand(&d.org, p);
    assert!(!aud.spared.is_empty(), "tags must leave someone out");
    let farmland = pinhui::model::Tag::parse("farmland").unwrap();
    for pid in aud.members.keys() {
        if pid == &p.presider {
            continue;
        }
        let person = d.org.person(pid).unwrap();
        let reached_by_farmland_unit = person.positions.iter().any(|pos| {
            let u = d.org.unit(&pos.unit).unwrap();
            u.tags.contains(&farmland) && (u.kind.is_grassroots() || u.kind.is_village_level())
        });
        assert!(
            reached_by_farmland_unit,
            "{pid} attends the straw-burning meeting without farmland"
        );
    }
    // The plan's attendees are exactly that audience.
    let (plan, _) = common::plan(&d, &w);
    let s = session_of(&plan.sessions, "w49-sthj-1");
    let seg = s.segments.iter().position(|g| g.proposal == p.id).unwrap();
    let in_seg: Vec<_> = s
        .attendees
        .iter()
        .filter(|a| a.segments.contains(&seg))
        .map(|a| &a.person)
        .collect();
    assert_eq!(in_seg.len(), aud.members.len());
    // An urban street without farmland has nobody there.
    let dongcheng = pinhui::model::UnitId::parse("dongcheng").unwrap();
    assert_eq!(d.org.unit(&dongcheng).unwrap().kind, UnitKind::Street);
    assert!(
        d.org
            .members_of(&dongcheng)
            .iter()
            .all(|m| !aud.members.contains_key(m))
    );
    assert_eq!(
        plan.cost.spared as usize,
        w.proposals
            .iter()
            .map(|p| expand(&d.org, p).spared.len())
            .sum::<usize>()
    );
}

#[test]
fn no_session_on_rest_days_or_outside_hours_and_nobody_double_booked() {
    let d = common::sample();
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    for week in ["2026-W49", "2026-W50", "2026-W41"] {
        let w = common::sample_week(&d, week);
        let (plan, violations) = common::plan(&d, &w);
        assert!(violations.is_empty(), "{week}: {violations:#?}");
        assert!(!plan.sessions.is_empty());
        for s in &plan.sessions {
            assert!(
                cal.is_working_day(s.start.date()),
                "{week} {} on a rest day",
                s.id
            );
            assert!(
                cal.within_working_hours(s.start, s.end),
                "{week} {} outside hours",
                s.id
            );
            let weekend = matches!(s.start.weekday(), Weekday::Sat | Weekday::Sun);
            assert!(
                !weekend
                    || cal.day_kind(s.start.date()) == pinhui::calendar::DayKind::MakeupWorkday
            );
        }
        // Independent double-booking check on the attendee lists.
        let mut by_person: std::collections::BTreeMap<_, Vec<_>> = Default::default();
        for s in &plan.sessions {
            for a in &s.attendees {
                by_person
                    .entry(a.person.clone())
                    .or_insert_with(Vec::new)
                    .push((a.from, a.to));
            }
        }
        for (p, mut v) in by_person {
            v.sort();
            for pair in v.windows(2) {
                assert!(pair[0].1 <= pair[1].0, "{week}: {p} double-booked");
            }
        }
    }
}

#[test]
fn inspections_of_one_township_become_one_joint_visit() {
    let d = common::sample();
    let w = common::sample_week(&d, "2026-W49");
    let (plan, _) = common::plan(&d, &w);
    let a = session_of(&plan.sessions, "w49-nyncj-insp");
    for id in ["w49-slj-insp", "w49-zjj-insp"] {
        assert_eq!(session_of(&plan.sessions, id).id, a.id);
    }
    assert_eq!(
        a.venue.site,
        pinhui::model::Site::Unit(pinhui::model::UnitId::parse("qingshi").unwrap())
    );
}

#[test]
fn planning_twice_gives_identical_plans() {
    let d = common::sample();
    for week in ["2026-W49", "2026-W50", "2026-W41"] {
        let w = common::sample_week(&d, week);
        let a = serde_json::to_string(&common::plan(&d, &w).0).unwrap();
        let b = serde_json::to_string(&common::plan(&d, &w).0).unwrap();
        assert_eq!(a, b);
    }
}

#[test]
fn every_pair_sharing_people_and_not_merged_has_a_reason() {
    let d = common::sample();
    let w = common::sample_week(&d, "2026-W49");
    let (plan, _) = common::plan(&d, &w);
    // The standing committee is not mergeable; every pair it shares people with says so.
    let cwh = ProposalId::parse("w49-qwb-cwh").unwrap();
    let pairs: Vec<_> = plan
        .non_merges
        .iter()
        .filter(|n| n.a == cwh || n.b == cwh)
        .collect();
    assert!(!pairs.is_empty());
    assert!(
        pairs
            .iter()
            .all(|n| n.reason == pinhui::model::NonMergeReason::NotMergeable)
    );
}
