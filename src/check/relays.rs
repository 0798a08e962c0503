//! Dropped relays (一开到底), re-derived from the proposals and the rules alone:
//! a proposal may be left out of the plan only when it relays a higher-level
//! video conference and the rules drop such relays; and then it must be.

use super::{CheckInput, Violation, audience_of};
use crate::model::*;
use std::collections::BTreeSet;

/// The proposals the plan drops, and what is wrong with the list.
pub(super) fn check_dropped<'a>(
    input: &CheckInput,
    plan: &'a Plan,
) -> (BTreeSet<&'a ProposalId>, Vec<Violation>) {
    let rules = &input.calendar.rules().relays;
    let mut v = Vec::new();
    let mut bad = |rule: &'static str, detail: String| {
        v.push(Violation {
            session: "-".into(),
            rule,
            detail,
        })
    };
    let mut dropped = BTreeSet::new();
    for d in &plan.dropped_relays {
        let id = &d.proposal;
        if !dropped.insert(id) {
            bad("dropped_twice", format!("{id} 被重复列为取消的传达会议"));
            continue;
        }
        let Some(p) = input.proposals.iter().find(|p| &p.id == id) else {
            bad(
                "dropped_relay",
                format!("取消的传达会议 {id} 不是本周的申请"),
            );
            continue;
        };
        let why_not = match &p.relays {
            _ if !rules.drop_when_video => Some("规则未要求取消传达视频会议的会议"),
            None => Some("该申请不是传达会议"),
            Some(r) if !r.is_video => Some("所传达的上级会议不是视频会议，基层无法直接参加"),
            Some(_) => None,
        };
        if let Some(why) = why_not {
            bad("dropped_relay", format!("{id} 不应取消：{why}"));
            continue;
        }
        let meeting = p.relays.as_ref().map(|r| r.meeting.as_str());
        if meeting != Some(d.meeting.as_str()) {
            bad("dropped_relay", format!("{id} 所传达的上级会议名称不符"));
        }
        let (people, minutes) = alone(input.org, p);
        if d.attendees != people || d.saved_minutes != minutes {
            bad(
                "dropped_relay_saving",
                format!(
                    "{id} 应为 {people} 人、{minutes} 干部·分钟，方案为 {} 人、{} 干部·分钟",
                    d.attendees, d.saved_minutes
                ),
            );
        }
    }
    if rules.drop_when_video {
        for p in input.proposals {
            if p.relays.as_ref().is_some_and(|r| r.is_video) && !dropped.contains(&p.id) {
                bad(
                    "relay_not_dropped",
                    format!(
                        "{} 传达的上级会议为视频会议，按规则应取消、由参会人员直接参加",
                        p.id
                    ),
                );
            }
        }
    }
    let minutes: u64 = plan.dropped_relays.iter().map(|d| d.saved_minutes).sum();
    if plan.cost.dropped_relays as usize != plan.dropped_relays.len()
        || plan.cost.dropped_relay_minutes != minutes
    {
        bad("totals", "取消的传达会议汇总数字与明细不符".into());
    }
    (dropped, v)
}

/// People and cadre-minutes of a proposal held alone: everyone present for its
/// whole duration, plus a round trip unless joining by video.
fn alone(org: &Org, p: &Proposal) -> (u32, u64) {
    let site = match (&p.kind, &p.target) {
        (MeetingKind::Inspection, Some(t)) => Site::Unit(t.clone()),
        _ => Site::Seat,
    };
    let travel = |u: &UnitId| u64::from(org.unit(u).map_or(0, |u| u.travel.get()));
    let audience = audience_of(org, p);
    let minutes = audience
        .keys()
        .map(|pid| {
            let by_video = p.mode == Mode::Video && *pid != p.presider;
            let one_way = match (org.person(pid), &site) {
                _ if by_video => 0,
                (None, _) => 0,
                (Some(person), Site::Seat) => travel(person.home_unit()),
                (Some(_), Site::Unit(u)) if org.is_local_to(pid, u) => 0,
                (Some(person), Site::Unit(u)) => travel(person.home_unit()) + travel(u),
            };
            u64::from(p.duration.get()) + 2 * one_way
        })
        .sum();
    (audience.len() as u32, minutes)
}
