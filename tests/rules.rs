//! The rules issue: official calendar, approval rules and workflow, quotas.

mod common;

use chrono::{NaiveDate, NaiveDateTime};
use pinhui::app;
use pinhui::calendar::{DayKind, WorkCalendar};
use pinhui::model::{Decision, PersonId, ProposalId, Role, WeekId};
use pinhui::rules::workflow::ApprovalState;
use std::path::{Path, PathBuf};

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
}
fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}
fn w49() -> WeekId {
    WeekId::parse("2026-W49").unwrap()
}
fn pid(s: &str) -> PersonId {
    PersonId::parse(s).unwrap()
}
fn prid(s: &str) -> ProposalId {
    ProposalId::parse(s).unwrap()
}

/// A store with the sample district and the W49 sample week.
fn store_with_w49(dir: &Path) -> PathBuf {
    let store = dir.join("s.db");
    app::init_store(&store, &common::repo().join("data"), at("2026-11-20T09:00")).unwrap();
    app::import_files(
        &store,
        &[common::repo().join("data/weeks/2026-W49.toml")],
        at("2026-11-20T09:00"),
    )
    .unwrap();
    store
}

fn state_of(store: &Path, id: &str) -> app::ProposalApproval {
    let s = pinhui::store::Store::open(store).unwrap();
    let d = s.load_district().unwrap();
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    app::week_approvals(&s, &d, &cal, w49())
        .unwrap()
        .into_iter()
        .find(|a| a.proposal.id.as_str() == id)
        .unwrap()
}

fn waiting_rules(a: &app::ProposalApproval) -> Vec<String> {
    match &a.state {
        ApprovalState::Pending { waiting } => waiting.iter().map(|r| r.rule.clone()).collect(),
        _ => vec![],
    }
}

#[test]
fn official_calendar_with_real_dates() {
    let d = common::sample();
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    assert_eq!(cal.day_kind(day("2026-02-14")), DayKind::MakeupWorkday);
    assert_eq!(cal.day_kind(day("2026-02-28")), DayKind::MakeupWorkday);
    assert_eq!(cal.day_kind(day("2026-02-16")), DayKind::Holiday);
    assert_eq!(cal.day_kind(day("2026-10-10")), DayKind::MakeupWorkday);
    assert_eq!(cal.day_kind(day("2025-10-08")), DayKind::Holiday);
    assert_eq!(
        cal.day_kind(day("2026-02-21")),
        DayKind::Holiday,
        "Saturday inside 春节 is a holiday"
    );
    assert_eq!(cal.day_kind(day("2026-03-07")), DayKind::Weekend);
    assert!(WeekId::parse("2026-W53").is_some());
    assert!(!cal.has_year(2027));
    // Meeting-free: every Monday, and the week of the second Monday (2026-12-14).
    assert!(cal.is_meeting_free(day("2026-11-30")));
    assert!(cal.is_meeting_free(day("2026-12-16")));
    assert!(!cal.is_meeting_free(day("2026-12-02")));
    // Summer afternoons start later.
    assert_eq!(
        cal.blocks(day("2026-07-01"))[1].start,
        chrono::NaiveTime::from_hms_opt(14, 30, 0).unwrap()
    );
    assert_eq!(
        cal.blocks(day("2026-12-01"))[1].start,
        chrono::NaiveTime::from_hms_opt(14, 0, 0).unwrap()
    );
}

#[test]
fn calendar_command_prints_kinds_and_warns_for_a_year_without_data() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    app::init_store(&store, &common::repo().join("data"), at("2026-11-20T09:00")).unwrap();
    let s = store.to_str().unwrap();
    let (code, out, _) = common::run(dir.path(), &["--store", s, "calendar", "2026-02", "--json"]);
    assert_eq!(code, 0);
    let days: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d14 = days
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == "2026-02-14")
        .unwrap();
    assert_eq!(d14["kind"], "makeup_workday");
    assert_eq!(
        d14["meeting_free"], true,
        "the week of the second Monday (02-09) is meeting-free"
    );
    let d28 = days
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == "2026-02-28")
        .unwrap();
    assert_eq!(d28["kind"], "makeup_workday");
    assert_eq!(d28["meeting_free"], false);
    let d16 = days
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["date"] == "2026-02-16")
        .unwrap();
    assert_eq!(d16["kind"], "holiday");
    assert_eq!(days.as_array().unwrap().len(), 28);
    let (code, out, err) = common::run(dir.path(), &["--store", s, "calendar", "2027-01"]);
    assert_eq!(code, 0);
    assert!(err.contains("2027 年没有法定节假日数据"), "{err}");
    assert!(out.contains("2027-01-01"));
}

#[test]
fn each_sample_rule_names_its_approver() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_w49(dir.path());
    // Township/street secretaries and heads summoned: district secretary and head.
    let zzb = state_of(&store, "w49-zzb-1");
    let rules = waiting_rules(&zzb);
    assert!(
        rules.contains(&"summon-grassroots-secretaries".to_string()),
        "{rules:?}"
    );
    let ApprovalState::Pending { waiting } = &zzb.state else {
        panic!()
    };
    let sec = waiting
        .iter()
        .find(|r| r.rule == "summon-grassroots-secretaries")
        .unwrap();
    assert_eq!(sec.approver, Some(pid("p0001")), "区委书记");
    let heads = state_of(&store, "w49-sthj-1");
    assert!(waiting_rules(&heads).contains(&"summon-grassroots-heads".to_string()));
    // A street section summoning community leaders: that street's secretary.
    let nanhu = state_of(&store, "w49-nanhu-1");
    let ApprovalState::Pending { waiting } = &nanhu.state else {
        panic!("{:?}", nanhu.state)
    };
    let r = waiting
        .iter()
        .find(|r| r.rule == "street-section-summons-community")
        .unwrap();
    let d = common::sample();
    let nanhu_unit = pinhui::model::UnitId::parse("nanhu").unwrap();
    let person = d.org.person(r.approver.as_ref().unwrap()).unwrap();
    assert!(
        person
            .positions
            .iter()
            .any(|p| p.unit == nanhu_unit && p.role == Role::Secretary)
    );
    // Grassroots leaders sitting in the standing committee: the secretary's review.
    let cwh = state_of(&store, "w49-qwb-cwh");
    assert!(waiting_rules(&cwh).contains(&"grassroots-sit-in-standing-committee".to_string()));
    // Late filing: the general office director.
    let late = state_of(&store, "w49-swj-1");
    assert!(late.late);
    let ApprovalState::Pending { waiting } = &late.state else {
        panic!()
    };
    let r = waiting.iter().find(|r| r.rule == "late-filing").unwrap();
    let director = d.org.person(r.approver.as_ref().unwrap()).unwrap();
    assert!(
        director
            .positions
            .iter()
            .any(|p| p.unit.as_str() == "qwb" && p.role == Role::Head)
    );
    assert!(!state_of(&store, "w49-zzb-1").late);
}

#[test]
fn nothing_pending_is_planned_except_urgent_items_which_are_marked() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_w49(dir.path());
    let o = app::plan_store(&store, w49(), at("2026-11-27T09:00")).unwrap();
    assert!(o.violations.is_empty());
    let planned: Vec<_> = o.plan.sessions.iter().flat_map(|s| &s.segments).collect();
    assert!(
        !planned.iter().any(|g| g.proposal == prid("w49-zzb-1")),
        "pending, not urgent: not planned"
    );
    let urgent = planned
        .iter()
        .find(|g| g.proposal == prid("w49-qzfb-urgent"))
        .expect("urgent planned before decision");
    assert!(urgent.pending_approval);
    assert!(planned.iter().all(
        |g| g.pending_approval == (g.proposal == prid("w49-qzfb-urgent")) || !g.pending_approval
    ));
    // Held back for approval, w49-zzb-1 still shares people with planned
    // proposals: those pairs are explained as approval_pending.
    let held: std::collections::BTreeSet<&ProposalId> = o
        .approvals
        .iter()
        .filter(|a| !a.plannable())
        .map(|a| &a.proposal.id)
        .collect();
    let pending_pairs: Vec<_> = o
        .plan
        .non_merges
        .iter()
        .filter(|n| n.reason == pinhui::model::NonMergeReason::ApprovalPending)
        .collect();
    assert!(
        pending_pairs
            .iter()
            .any(|n| n.a == prid("w49-zzb-1") || n.b == prid("w49-zzb-1")),
        "{pending_pairs:#?}"
    );
    for n in &o.plan.non_merges {
        assert!(n.a < n.b && n.shared_people > 0);
        let involves_held = held.contains(&n.a) || held.contains(&n.b);
        assert_eq!(
            n.reason == pinhui::model::NonMergeReason::ApprovalPending,
            involves_held,
            "{n:?}"
        );
    }
}

#[test]
fn only_the_designated_approver_decides_and_rejection_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_w49(dir.path());
    let t = at("2026-11-21T10:00");
    let err = app::decide(
        &store,
        &prid("w49-zzb-1"),
        &pid("p0005"),
        Decision::Approve,
        "",
        t,
    )
    .unwrap_err();
    assert!(err.to_string().contains("不是"), "{err}");
    let err = app::decide(
        &store,
        &prid("w49-zzb-1"),
        &pid("p0001"),
        Decision::Reject,
        " ",
        t,
    )
    .unwrap_err();
    assert!(err.to_string().contains("理由"), "{err}");
    app::decide(
        &store,
        &prid("w49-zzb-1"),
        &pid("p0001"),
        Decision::Approve,
        "",
        t,
    )
    .unwrap();
    // Still waiting on the district head for the heads it summons (if it does).
    let a = state_of(&store, "w49-zzb-1");
    assert!(!waiting_rules(&a).contains(&"summon-grassroots-secretaries".to_string()));
    // The decision is in the audit log with who and why.
    let log = pinhui::store::Store::open(&store)
        .unwrap()
        .audit_log()
        .unwrap();
    let e = log
        .iter()
        .find(|e| e.action == "decision" && e.subject == "w49-zzb-1")
        .unwrap();
    assert_eq!(e.actor, "p0001");
    assert_eq!(e.at, "2026-11-21T10:00:00");
}

#[test]
fn substitution_changes_the_audience_the_plan_and_the_feeds() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_w49(dir.path());
    let t = at("2026-11-21T10:00");
    app::decide(
        &store,
        &prid("w49-qwb-cwh"),
        &pid("p0001"),
        Decision::Substitute {
            roles: vec![Role::Secretary],
        },
        "由副书记列席",
        t,
    )
    .unwrap();
    common::approve_all(&store, w49(), t);
    let o = app::plan_store(&store, w49(), t).unwrap();
    assert!(o.violations.is_empty(), "{:#?}", o.violations);
    let d = common::sample();
    let s = o
        .plan
        .sessions
        .iter()
        .find(|s| s.segments.iter().any(|g| g.proposal == prid("w49-qwb-cwh")))
        .unwrap();
    let grassroots_roles: Vec<Role> = s
        .attendees
        .iter()
        .flat_map(|a| d.org.person(&a.person).unwrap().positions.clone())
        .filter(|p| d.org.unit(&p.unit).unwrap().kind.is_grassroots())
        .map(|p| p.role)
        .collect();
    assert!(!grassroots_roles.is_empty(), "deputies sit in");
    assert!(
        grassroots_roles.iter().all(|r| *r != Role::Secretary),
        "{grassroots_roles:?}"
    );
    assert!(grassroots_roles.contains(&Role::DeputySecretary));
    // Feeds follow: a deputy secretary sitting in has the session, no township secretary does.
    app::publish_store(&store, w49(), t).unwrap();
    let out = dir.path().join("out");
    app::export_week(&store, w49(), &out).unwrap();
    let deputy = s
        .attendees
        .iter()
        .find(|a| {
            d.org.person(&a.person).unwrap().positions.iter().any(|p| {
                p.role == Role::DeputySecretary && d.org.unit(&p.unit).unwrap().kind.is_grassroots()
            })
        })
        .unwrap();
    let feed =
        std::fs::read_to_string(out.join(format!("ics/people/{}.ics", deputy.person))).unwrap();
    assert!(
        feed.contains(&format!("UID:{}@", s.id)),
        "deputy's feed holds the standing committee"
    );
}

#[test]
fn meeting_free_day_refused_for_non_urgent_and_accepted_for_urgent() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("s.db");
    app::init_store(&store, &common::repo().join("data"), at("2026-11-10T09:00")).unwrap();
    let week = r#"week = "2026-W49"
[[proposals]]
id = "mf-normal"
title = "周一例会"
organiser = "jyj"
kind = "department"
presider = "p0001"
duration_minutes = 60
window = ["2026-11-30T08:30", "2026-11-30T17:30"]
filed = "2026-11-10"
[[proposals.audience]]
units = ["jyj"]

[[proposals]]
id = "mf-urgent"
title = "紧急调度会"
organiser = "yjj"
kind = "department"
presider = "p0002"
duration_minutes = 60
window = ["2026-11-30T08:30", "2026-11-30T17:30"]
urgent = true
filed = "2026-11-10"
[[proposals.audience]]
units = ["yjj"]
"#;
    let f = dir.path().join("mf.toml");
    std::fs::write(&f, week).unwrap();
    app::import_files(&store, &[f], at("2026-11-10T09:00")).unwrap();
    let normal = state_of(&store, "mf-normal");
    assert!(waiting_rules(&normal).contains(&"meeting-free-day".to_string()));
    common::approve_all(&store, w49(), at("2026-11-11T09:00"));
    let o = app::plan_store(&store, w49(), at("2026-11-11T09:00")).unwrap();
    assert!(o.violations.is_empty());
    let un = o
        .plan
        .unplaced
        .iter()
        .find(|u| u.proposal == prid("mf-normal"))
        .expect("non-urgent refused");
    assert_eq!(un.reason, pinhui::model::UnplacedReason::NoWorkingSlot);
    let s = o
        .plan
        .sessions
        .iter()
        .find(|s| s.segments.iter().any(|g| g.proposal == prid("mf-urgent")))
        .expect("urgent accepted");
    assert!(s.on_meeting_free_day);
    assert_eq!(s.start.date(), day("2026-11-30"));
}

#[test]
fn quota_overrun_needs_approval() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&common::repo().join("data"), &data);
    let rules = std::fs::read_to_string(data.join("rules.toml")).unwrap();
    std::fs::write(
        data.join("rules.toml"),
        rules.replace(
            "meetings_per_department = 24",
            "meetings_per_department = 1",
        ),
    )
    .unwrap();
    let store = dir.path().join("s.db");
    app::init_store(&store, &data, at("2026-11-10T09:00")).unwrap();
    let two = r#"week = "2026-W49"
[[proposals]]
id = "q-1"
title = "第一次会议"
organiser = "jyj"
kind = "department"
presider = "p0001"
duration_minutes = 60
window = ["2026-12-01T08:30", "2026-12-04T17:30"]
filed = "2026-11-10"
[[proposals.audience]]
units = ["jyj"]

[[proposals]]
id = "q-2"
title = "第二次会议"
organiser = "jyj"
kind = "department"
presider = "p0001"
duration_minutes = 60
window = ["2026-12-01T08:30", "2026-12-04T17:30"]
filed = "2026-11-11"
[[proposals.audience]]
units = ["jyj"]
"#;
    let f = dir.path().join("q.toml");
    std::fs::write(&f, two).unwrap();
    app::import_files(&store, &[f], at("2026-11-11T09:00")).unwrap();
    let first = state_of(&store, "q-1");
    let second = state_of(&store, "q-2");
    assert!(!first.over_quota);
    assert_eq!(first.state, ApprovalState::NotRequired);
    assert!(second.over_quota);
    assert_eq!(waiting_rules(&second), vec!["over-quota".to_string()]);
}

#[test]
fn later_rejection_cancels_an_urgent_segment() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_with_w49(dir.path());
    let t = at("2026-11-27T09:00");
    common::approve_all(&store, w49(), t);
    // Un-decide the urgent one: it is pending only if a rule applies to it.
    let o = app::plan_store(&store, w49(), t).unwrap();
    let s = o
        .plan
        .sessions
        .iter()
        .find(|s| {
            s.segments
                .iter()
                .any(|g| g.proposal == prid("w49-qzfb-urgent"))
        })
        .unwrap()
        .id
        .clone();
    app::publish_store(&store, w49(), t).unwrap();
    let urgent = state_of(&store, "w49-qzfb-urgent");
    let approvers: Vec<PersonId> = urgent
        .required
        .iter()
        .filter_map(|r| r.approver.clone())
        .collect();
    assert!(
        !approvers.is_empty(),
        "the urgent Monday meeting needs approval"
    );
    app::decide(
        &store,
        &prid("w49-qzfb-urgent"),
        &approvers[0],
        Decision::Reject,
        "改为书面部署",
        at("2026-11-30T08:00"),
    )
    .unwrap();
    let o = app::plan_store(&store, w49(), at("2026-11-30T08:10")).unwrap();
    assert!(!o.plan.sessions.iter().any(|x| x.id == s));
    let p = app::publish_store(&store, w49(), at("2026-11-30T08:15")).unwrap();
    let cancelled = p
        .sessions
        .iter()
        .find(|x| x.session.id == s)
        .expect("kept, cancelled");
    assert!(cancelled.cancelled);
    assert_eq!(cancelled.sequence, 1);
}

#[test]
fn bad_rules_files_give_located_errors_and_store_nothing() {
    for (from, to, expect) in [
        (
            "drop_when_video = true",
            "drop_when_video = 1",
            "relays.drop_when_video：应为 true 或 false",
        ),
        (
            "approver = \"qwb:head\"\nwhen.filed_late",
            "approver = \"nosuch:head\"\nwhen.filed_late",
            "单位 “nosuch” 不存在",
        ),
        (
            "approver = \"qzf:head\"",
            "approver = \"qzf:boss\"",
            "职务未知",
        ),
        (
            "when.filed_late = true",
            "when.filed_lat = true",
            "未知字段",
        ),
        (
            "when.meeting_free = true",
            "when.meeting_free = \"yes\"",
            "类型不对",
        ),
        (
            "roles = [\"secretary\"], attendance = [\"required\"] }\n\n[[approvals]]\nid = \"summon-grassroots-heads\"",
            "roles = [\"书计\"], attendance = [\"required\"] }\n\n[[approvals]]\nid = \"summon-grassroots-heads\"",
            "未知职务",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        copy_dir(&common::repo().join("data"), &data);
        let rules = std::fs::read_to_string(data.join("rules.toml")).unwrap();
        assert!(rules.contains(from), "fixture: {from}");
        std::fs::write(data.join("rules.toml"), rules.replacen(from, to, 1)).unwrap();
        let store = dir.path().join("s.db");
        let (code, _, err) = common::run(
            dir.path(),
            &[
                "--store",
                store.to_str().unwrap(),
                "init",
                "--data",
                data.to_str().unwrap(),
            ],
        );
        assert_ne!(code, 0);
        assert!(
            err.contains("rules.toml 第 ") && err.contains(expect),
            "{expect}: {err}"
        );
        assert!(
            !store.exists()
                || !pinhui::store::Store::open(&store)
                    .unwrap()
                    .is_initialised()
                    .unwrap()
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}
