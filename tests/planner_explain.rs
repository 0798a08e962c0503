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
