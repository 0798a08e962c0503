//! Explanations the planner gives (issue 4): why two proposals sharing people
//! were not merged, and for a proposal not placed, what stopped it and the
//! nearest feasible alternative.

mod common;

use pinhui::io::{Syntax, week::parse_week};
use pinhui::model::*;

const HEAD: &str = r#"
week = "2026-W49"
"#;

fn proposal(id: &str, presider: &str, window: (&str, &str), minutes: u32) -> String {
    format!(
        r#"
[[proposals]]
id = "{id}"
title = "测试会议{id}"
organiser = "zzb"
kind = "department"
presider = "{presider}"
duration_minutes = {minutes}
window = ["{}", "{}"]
mode = "in_person"
mergeable = true
confidentiality = "public"
urgent = false
filed = "2026-11-18"

[[proposals.audience]]
kinds = ["township", "street"]
roles = ["secretary"]
attendance = "required"
"#,
        window.0, window.1
    )
}

fn busy(person: &str, from: &str, to: &str) -> String {
    format!(
        "\n[[busy]]\nperson = \"{person}\"\nfrom = \"{from}\"\nto = \"{to}\"\nreason = \"参加市里会议\"\n"
    )
}

fn plan_text(text: &str) -> Plan {
    let d = common::sample();
    let w = parse_week("test.toml", text, Syntax::Toml, &d.org).unwrap_or_else(|e| panic!("{e}"));
    let (plan, violations) = common::plan(&d, &w);
    assert!(violations.is_empty(), "{violations:#?}");
    plan
}

const TUESDAY: (&str, &str) = ("2026-12-01T08:30", "2026-12-01T17:30");

#[test]
fn presiders_busy_in_turn_keep_two_meetings_apart_as_presider_clash() {
    // Each presider is away for one half of Tuesday: alone each meeting fits
    // the other half, together (120 min in one block) they never do.
    let text = [
        HEAD.to_string(),
        busy("p0017", "2026-12-01T08:30", "2026-12-01T12:00"),
        busy("p0020", "2026-12-01T14:00", "2026-12-01T17:30"),
        proposal("t-a", "p0017", TUESDAY, 60),
        proposal("t-b", "p0020", TUESDAY, 60),
    ]
    .concat();
    let plan = plan_text(&text);
    assert_eq!(plan.sessions.len(), 2, "{:#?}", plan.sessions);
    assert!(plan.unplaced.is_empty());
    let nm = plan
        .non_merges
        .iter()
        .find(|n| n.a.as_str() == "t-a" && n.b.as_str() == "t-b")
        .expect("the pair is explained");
    assert_eq!(nm.reason, NonMergeReason::PresiderClash);
    assert_eq!(nm.reason.label(), "主持人时间冲突");
}

#[test]
fn presiders_free_at_some_joint_time_are_merged() {
    // Same two meetings, but the second presider is away on Wednesday only.
    let text = [
        HEAD.to_string(),
        busy("p0017", "2026-12-01T08:30", "2026-12-01T12:00"),
        busy("p0020", "2026-12-02T14:00", "2026-12-02T17:30"),
        proposal("t-a", "p0017", TUESDAY, 60),
        proposal("t-b", "p0020", TUESDAY, 60),
    ]
    .concat();
    let plan = plan_text(&text);
    assert_eq!(plan.sessions.len(), 1, "{:#?}", plan.non_merges);
    assert!(plan.sessions[0].start.format("%H:%M").to_string().as_str() >= "14:00");
}

fn alternative_of<'a>(plan: &'a Plan, id: &str) -> (&'a Unplaced, &'a Alternative) {
    let u = plan
        .unplaced
        .iter()
        .find(|u| u.proposal.as_str() == id)
        .unwrap_or_else(|| panic!("{id} placed: {:#?}", plan.sessions));
    (
        u,
        u.alternative.as_ref().expect("an alternative is offered"),
    )
}

#[test]
fn a_proposal_whose_presider_is_away_all_window_gets_the_nearest_free_slot() {
    // Tuesday only, presider away all Tuesday; Monday is meeting-free, so the
    // nearest slot is Wednesday 08:30, just outside the window.
    let text = [
        HEAD.to_string(),
        busy("p0017", "2026-12-01T08:30", "2026-12-01T17:30"),
        proposal("t-a", "p0017", TUESDAY, 60),
    ]
    .concat();
    let plan = plan_text(&text);
    let (u, alt) = alternative_of(&plan, "t-a");
    assert_eq!(u.reason, UnplacedReason::PresiderBusy);
    assert_eq!(alt.start.to_string(), "2026-12-02 08:30:00");
    assert_eq!(alt.end.to_string(), "2026-12-02 09:30:00");
    assert!(alt.busy.is_empty());
    assert_eq!(alt.outside_window_minutes, 16 * 60);
    assert!(alt.venue.room.is_some());
    assert_eq!(
        alt.describe(),
        "12月02日（周三）08:30–09:30（超出申请的时间窗口）可以安排"
    );
}

#[test]
fn when_someone_is_away_all_week_the_alternative_names_who_would_miss_it() {
    // A township secretary is away the whole week: no slot has everyone, so
    // the slot inside the window with the fewest absent is offered.
    let text = [
        HEAD.to_string(),
        busy("p0162", "2026-11-30T00:00", "2026-12-07T00:00"),
        proposal("t-a", "p0017", TUESDAY, 60),
    ]
    .concat();
    let plan = plan_text(&text);
    let (u, alt) = alternative_of(&plan, "t-a");
    assert_eq!(u.reason, UnplacedReason::AttendeeBusy);
    assert_eq!(alt.outside_window_minutes, 0);
    assert_eq!(alt.start.to_string(), "2026-12-01 08:30:00");
    assert_eq!(
        alt.busy.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
        ["p0162"]
    );
    assert!(alt.describe().ends_with("但有 1 名参会人员另有安排"));
    // The plan JSON carries it for independent checking.
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["unplaced"][0]["alternative"]["busy"][0], "p0162");
}

#[test]
fn a_proposal_too_long_for_its_kind_has_no_alternative() {
    let text = [HEAD.to_string(), proposal("t-a", "p0017", TUESDAY, 400)].concat();
    let plan = plan_text(&text);
    let u = &plan.unplaced[0];
    assert_eq!(u.reason, UnplacedReason::TooLong);
    assert!(u.alternative.is_none());
}
