//! Relays of a higher-level video conference (一开到底): dropped in favour of
//! direct attendance when the rules say so (`[relays] drop_when_video`).

mod common;

use pinhui::calendar::WorkCalendar;
use pinhui::check::{CheckInput, Violation, check_plan};
use pinhui::io::org::DistrictData;
use pinhui::model::{Plan, ProposalId, WeekInput};
use pinhui::plan::{PlanInput, group_cost_of};
use pinhui::report::{build_report, report_html, report_markdown};

const VIDEO_RELAY: &str = "w49-yjj-1";
const PLAIN_RELAY: &str = "w50-fgw-relay";

fn district(drop_when_video: bool) -> DistrictData {
    let mut d = common::sample();
    d.rules.relays.drop_when_video = drop_when_video;
    d
}

fn prid(s: &str) -> ProposalId {
    ProposalId::parse(s).unwrap()
}

fn placed(plan: &Plan, id: &str) -> bool {
    plan.sessions
        .iter()
        .any(|s| s.segments.iter().any(|g| g.proposal.as_str() == id))
}

fn mentioned(plan: &Plan, id: &str) -> bool {
    placed(plan, id)
        || plan.unplaced.iter().any(|u| u.proposal.as_str() == id)
        || plan
            .non_merges
            .iter()
            .any(|n| n.a.as_str() == id || n.b.as_str() == id)
}

fn check(d: &DistrictData, w: &WeekInput, plan: &Plan) -> Vec<Violation> {
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    check_plan(
        &CheckInput {
            org: &d.org,
            calendar: &cal,
            proposals: &w.proposals,
            busy: &w.busy,
        },
        plan,
    )
}

fn rules_of(v: &[Violation]) -> Vec<&str> {
    v.iter().map(|x| x.rule).collect()
}

#[test]
fn the_sample_rules_drop_the_sample_video_relays() {
    let d = common::sample();
    assert!(d.rules.relays.drop_when_video);
    for (week, dropped) in [
        ("2026-W49", vec![VIDEO_RELAY]),
        ("2026-W50", vec![]),
        ("2026-W41", vec!["w41-yjj-relay"]),
    ] {
        let w = common::sample_week(&d, week);
        let (plan, v) = common::plan(&d, &w);
        assert!(v.is_empty(), "{week}: {v:#?}");
        let got: Vec<&str> = plan
            .dropped_relays
            .iter()
            .map(|x| x.proposal.as_str())
            .collect();
        assert_eq!(got, dropped, "{week}");
    }
}

#[test]
fn with_the_rule_off_a_video_relay_is_planned_as_before() {
    let d = district(false);
    let w = common::sample_week(&d, "2026-W49");
    let (plan, v) = common::plan(&d, &w);
    assert!(v.is_empty(), "{v:#?}");
    assert!(placed(&plan, VIDEO_RELAY));
    assert!(plan.dropped_relays.is_empty());
    assert_eq!(plan.cost.dropped_relays, 0);
    assert_eq!(plan.cost.placed_proposals, plan.cost.proposals);
    // Plan JSON of such a week has no trace of the feature.
    let json = serde_json::to_string(&plan).unwrap();
    assert!(!json.contains("dropped_relay"), "{json}");
}

#[test]
fn with_the_rule_on_a_video_relay_is_dropped_with_its_saving() {
    let d = district(true);
    let w = common::sample_week(&d, "2026-W49");
    let (plan, v) = common::plan(&d, &w);
    assert!(v.is_empty(), "{v:#?}");

    assert_eq!(plan.dropped_relays.len(), 1);
    let dr = &plan.dropped_relays[0];
    assert_eq!(dr.proposal, prid(VIDEO_RELAY));
    assert_eq!(dr.meeting, "全市安全生产工作电视电话会议");
    assert!(dr.attendees > 1, "{dr:?}");
    assert!(dr.saved_minutes > 0, "{dr:?}");
    // The saving is the planner's own cost of the relay held alone.
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let input = PlanInput {
        org: &d.org,
        calendar: &cal,
        week: w.week,
        proposals: &w.proposals,
        busy: &w.busy,
        previous: None,
    };
    assert_eq!(group_cost_of(&input, &[VIDEO_RELAY]).0, dr.saved_minutes);

    // Not held, not unplaced, not explained as a non-merge.
    assert!(!mentioned(&plan, VIDEO_RELAY));
    let c = &plan.cost;
    assert_eq!(c.proposals as usize, w.proposals.len());
    assert_eq!(c.placed_proposals as usize, w.proposals.len() - 1);
    assert_eq!(
        (c.dropped_relays, c.dropped_relay_minutes),
        (1, dr.saved_minutes)
    );

    // Its people are summoned only to what else they attend: no session
    // carries its title, and every other proposal is still placed.
    let title = &w
        .proposals
        .iter()
        .find(|p| p.id == dr.proposal)
        .unwrap()
        .title;
    assert!(
        plan.sessions
            .iter()
            .flat_map(|s| &s.segments)
            .all(|g| &g.title != title)
    );
    for p in w.proposals.iter().filter(|p| p.id != dr.proposal) {
        assert!(placed(&plan, p.id.as_str()), "{} not placed", p.id);
    }

    // Dropping is deterministic.
    assert_eq!(common::plan(&d, &w).0, plan);
}

#[test]
fn a_relay_of_a_meeting_that_is_not_by_video_is_never_dropped() {
    let d = district(true);
    let w = common::sample_week(&d, "2026-W50");
    let relay = w.proposals.iter().find(|p| p.id == prid(PLAIN_RELAY));
    assert!(relay.unwrap().relays.as_ref().is_some_and(|r| !r.is_video));
    let (plan, v) = common::plan(&d, &w);
    assert!(v.is_empty(), "{v:#?}");
    assert!(plan.dropped_relays.is_empty());
    assert!(placed(&plan, PLAIN_RELAY));
}

#[test]
fn the_checker_refuses_a_drop_the_rules_do_not_allow() {
    let on = district(true);
    let w = common::sample_week(&on, "2026-W49");
    let (plan, v) = common::plan(&on, &w);
    assert!(v.is_empty(), "{v:#?}");

    // The same plan, checked under rules that do not drop relays.
    let off = district(false);
    let v = check(&off, &w, &plan);
    assert_eq!(rules_of(&v), ["dropped_relay"], "{v:#?}");
    assert!(v[0].detail.contains("规则未要求"), "{v:#?}");

    // The relayed meeting is not a video conference after all.
    let mut not_video = w.clone();
    for p in &mut not_video.proposals {
        if p.id == prid(VIDEO_RELAY) {
            p.relays.as_mut().unwrap().is_video = false;
        }
    }
    let v = check(&on, &not_video, &plan);
    assert_eq!(rules_of(&v), ["dropped_relay"], "{v:#?}");
    assert!(v[0].detail.contains("不是视频会议"), "{v:#?}");

    // Not a relay at all.
    let mut no_relay = w.clone();
    for p in &mut no_relay.proposals {
        if p.id == prid(VIDEO_RELAY) {
            p.relays = None;
        }
    }
    let v = check(&on, &no_relay, &plan);
    assert_eq!(rules_of(&v), ["dropped_relay"], "{v:#?}");

    // A proposal that is no relay, dropped by hand instead of being planned.
    let mut forged = plan.clone();
    let alone = forged
        .sessions
        .iter()
        .position(|s| s.segments.len() == 1)
        .expect("a session of one segment");
    let gone = forged.sessions.remove(alone);
    let mut fake = forged.dropped_relays[0].clone();
    fake.proposal = gone.segments[0].proposal.clone();
    forged.dropped_relays.push(fake);
    let v = check(&on, &w, &forged);
    assert!(
        v.iter()
            .any(|x| x.rule == "dropped_relay" && x.detail.contains("不是传达会议")),
        "{v:#?}"
    );

    // A wrong saving.
    let mut inflated = plan.clone();
    inflated.dropped_relays[0].saved_minutes += 1;
    inflated.cost.dropped_relay_minutes += 1;
    let v = check(&on, &w, &inflated);
    assert_eq!(rules_of(&v), ["dropped_relay_saving"], "{v:#?}");

    // The rule is on but the relay was held anyway.
    let (held, _) = common::plan(&off, &w);
    let v = check(&on, &w, &held);
    assert_eq!(rules_of(&v), ["relay_not_dropped"], "{v:#?}");
}

#[test]
fn the_report_says_the_relay_was_dropped_and_what_it_saved() {
    let d = district(true);
    let w = common::sample_week(&d, "2026-W49");
    let (plan, _) = common::plan(&d, &w);
    let saved = plan.dropped_relays[0].saved_minutes;
    let r = build_report(&d.org, &w.proposals, &plan);
    assert_eq!(r.cost.dropped_relays, 1);
    assert_eq!(r.cost.dropped_relay_minutes, saved);
    assert_eq!(r.cost.unplaced_proposals, 0);
    assert_eq!(r.relays.len(), 1);
    let x = &r.relays[0];
    assert!(x.dropped && x.is_video && x.session.is_none());
    assert_eq!(x.cadre_minutes, saved);
    assert_eq!(
        x.message,
        format!(
            "已取消传达会议，参会人员直接参加上级视频会议“全市安全生产工作电视电话会议”（一开到底），节省 {saved} 干部·分钟"
        )
    );
    let html = report_html(&r);
    assert!(html.contains(&format!(
        "<tr data-proposal=\"{VIDEO_RELAY}\" data-dropped=\"true\">"
    )));
    assert!(html.contains("data-key=\"dropped_relays\">1<"));
    let md = report_markdown(&r);
    assert!(md.contains(&format!(
        "取消传达会议 1 个（上级视频会议由参会人员直接参加，一开到底），另节省 {saved} 干部·分钟"
    )));

    // Rule off: the relay is held and the report only advises dropping it.
    let d = district(false);
    let (plan, _) = common::plan(&d, &w);
    let r = build_report(&d.org, &w.proposals, &plan);
    assert!(!r.relays[0].dropped && r.relays[0].session.is_some());
    assert!(r.relays[0].message.contains("建议取消本次传达"));
    assert_eq!(r.cost.dropped_relays, 0);
}

#[test]
fn a_bad_relays_table_is_refused_with_file_line_and_field() {
    let d = common::sample();
    let text = std::fs::read_to_string(common::repo().join("data/rules.toml")).unwrap();
    let from = "drop_when_video = true";
    let line = text.lines().position(|l| l.starts_with(from)).unwrap() + 1;
    let parse = |t: &str| pinhui::io::rules::parse_rules("rules.toml", t, &d.org);

    let err = parse(&text.replacen(from, "drop_when_video = \"是\"", 1))
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        format!("rules.toml 第 {line} 行 relays.drop_when_video：应为 true 或 false，收到 \"是\"")
    );

    let err = parse(&text.replacen(from, "drop_when_vidoe = true", 1))
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(&format!("rules.toml 第 {line} 行"))
            && err.contains("未知字段 drop_when_vidoe")
            && err.contains("drop_when_video"),
        "{err}"
    );

    // Absent table or key: off.
    let without = text.replacen(from, "", 1);
    assert!(!parse(&without).unwrap().relays.drop_when_video);
    let false_ = text.replacen(from, "drop_when_video = false", 1);
    assert!(!parse(&false_).unwrap().relays.drop_when_video);
}

#[test]
fn rules_stored_before_relays_existed_still_load() {
    let rules = common::sample().rules;
    let mut json: serde_json::Value = serde_json::to_value(&rules).unwrap();
    json.as_object_mut().unwrap().remove("relays").unwrap();
    let back: pinhui::rules::Rules = serde_json::from_value(json).unwrap();
    assert!(!back.relays.drop_when_video);
    // And a plan stored before dropped relays existed.
    let d = district(false);
    let w = common::sample_week(&d, "2026-W49");
    let (plan, _) = common::plan(&d, &w);
    let json = serde_json::to_string(&plan).unwrap();
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan);
}
