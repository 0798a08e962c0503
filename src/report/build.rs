//! Builds the report model from the org chart, the week's proposals and a plan.

use super::agenda::sorted_sessions;
use super::model::*;
use super::names::{self, grassroots_of, person_name, unit_name, venue_name};
use crate::model::{
    Attendee, DroppedRelay, MeetingKind, Org, PersonId, Plan, Proposal, ProposalId, Session, Site,
    UnitId,
};
use std::collections::{BTreeMap, BTreeSet};

/// Build the report of `plan`. Pure: same inputs, same report.
pub fn build_report(org: &Org, proposals: &[Proposal], plan: &Plan) -> Report {
    let index = names::index(proposals);
    // Canonical order, whatever order the plan lists things in.
    let sessions = sorted_sessions(plan);
    let mut non_merges: Vec<_> = plan.non_merges.iter().collect();
    non_merges.sort_by(|x, y| (&x.a, &x.b, x.reason).cmp(&(&y.a, &y.b, y.reason)));
    let mut unplaced: Vec<_> = plan.unplaced.iter().collect();
    unplaced.sort_by(|x, y| (&x.proposal, x.reason).cmp(&(&y.proposal, y.reason)));
    Report {
        format: REPORT_FORMAT,
        week: plan.week,
        district: org.district.name.clone(),
        planner: plan.planner.clone(),
        cost: cost(plan),
        sessions: sessions.iter().map(|s| session(org, s)).collect(),
        non_merges: non_merges
            .into_iter()
            .map(|n| NonMergeReport {
                a: n.a.clone(),
                a_title: names::title(&index, &n.a),
                b: n.b.clone(),
                b_title: names::title(&index, &n.b),
                shared_people: n.shared_people,
                reason: n.reason,
                reason_label: n.reason.label().to_string(),
            })
            .collect(),
        unplaced: unplaced
            .into_iter()
            .map(|u| {
                let organiser = index.get(&u.proposal).map(|p| p.organiser.clone());
                UnplacedReport {
                    proposal: u.proposal.clone(),
                    title: names::title(&index, &u.proposal),
                    organiser_name: organiser
                        .as_ref()
                        .map(|o| unit_name(org, o))
                        .unwrap_or_default(),
                    organiser,
                    reason: u.reason,
                    reason_label: u.reason.label().to_string(),
                    alternative: u.alternative.clone(),
                    alternative_label: u
                        .alternative
                        .as_ref()
                        .map(crate::model::Alternative::describe)
                        .unwrap_or_default(),
                }
            })
            .collect(),
        departments: departments(org, proposals, &sessions),
        grassroots: grassroots(org, &sessions),
        relays: relays(proposals, &sessions, &plan.dropped_relays),
        inspections: inspections(org, &sessions),
        governance: Default::default(),
    }
}

fn cost(plan: &Plan) -> CostFigures {
    let c = &plan.cost;
    CostFigures {
        proposals: c.proposals,
        placed_proposals: c.placed_proposals,
        unplaced_proposals: c
            .proposals
            .saturating_sub(c.placed_proposals)
            .saturating_sub(c.dropped_relays),
        sessions: c.sessions,
        attendances: Figure::new(c.baseline_attendances.into(), c.attendances.into()),
        trips: Figure::new(c.baseline_trips.into(), c.trips.into()),
        cadre_minutes: Figure::new(c.baseline_cadre_minutes, c.cadre_minutes),
        spared: c.spared,
        dropped_relays: c.dropped_relays,
        dropped_relay_minutes: c.dropped_relay_minutes,
    }
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn in_segment(a: &Attendee, i: usize) -> bool {
    a.segments.contains(&i)
}

fn session(org: &Org, s: &Session) -> SessionReport {
    let video = count(s.attendees.iter().filter(|a| a.video).count());
    SessionReport {
        id: s.id.clone(),
        start: s.start,
        end: s.end,
        venue: VenueReport {
            room: s.venue.room.clone(),
            site: s.venue.site.clone(),
            name: venue_name(org, &s.venue),
        },
        mode: s.mode,
        confidentiality: s.confidentiality,
        on_meeting_free_day: s.on_meeting_free_day,
        segments: s
            .segments
            .iter()
            .enumerate()
            .map(|(i, g)| SegmentReport {
                proposal: g.proposal.clone(),
                title: g.title.clone(),
                kind: g.kind,
                organiser: g.organiser.clone(),
                organiser_name: unit_name(org, &g.organiser),
                presider: g.presider.clone(),
                presider_name: person_name(org, &g.presider),
                start: g.start,
                end: g.end,
                urgent: g.urgent,
                attendees: count(s.attendees.iter().filter(|a| in_segment(a, i)).count()),
            })
            .collect(),
        attendees: count(s.attendees.len()),
        in_person: count(s.attendees.len()) - video,
        video,
        trips: s.cost.trips,
        cadre_minutes: s.cost.cadre_minutes,
        merge: s.merge.as_ref().map(|m| MergeReport {
            proposals: s.segments.iter().map(|g| g.proposal.clone()).collect(),
            shared_people: m.shared_people,
            saved_minutes: m.saved_minutes,
        }),
    }
}

fn departments(org: &Org, proposals: &[Proposal], sessions: &[&Session]) -> Vec<DepartmentReport> {
    #[derive(Default)]
    struct Acc<'a> {
        proposals: BTreeSet<&'a ProposalId>,
        placed: BTreeSet<&'a ProposalId>,
        merged: u32,
        sessions: BTreeSet<&'a str>,
        before: u64,
        after: u64,
    }
    let mut by: BTreeMap<&UnitId, Acc> = BTreeMap::new();
    for p in proposals {
        by.entry(&p.organiser).or_default().proposals.insert(&p.id);
    }
    for s in sessions {
        for g in &s.segments {
            let acc = by.entry(&g.organiser).or_default();
            acc.proposals.insert(&g.proposal);
            if acc.placed.insert(&g.proposal) && s.segments.len() > 1 {
                acc.merged += 1;
            }
            acc.sessions.insert(&s.id);
        }
        for a in &s.attendees {
            let segs: BTreeSet<usize> = a
                .segments
                .iter()
                .copied()
                .filter(|&i| i < s.segments.len())
                .collect();
            let n = segs.len() as u64;
            let trip = u64::from(a.trip_minutes);
            for (k, &i) in segs.iter().enumerate() {
                let g = &s.segments[i];
                let len = u64::try_from((g.end - g.start).num_minutes()).unwrap_or(0);
                let acc = by.entry(&g.organiser).or_default();
                acc.before += len + trip;
                acc.after += len + trip / n + if k == 0 { trip % n } else { 0 };
            }
        }
    }
    by.into_iter()
        .map(|(unit, acc)| DepartmentReport {
            unit: unit.clone(),
            name: unit_name(org, unit),
            proposals: count(acc.proposals.len()),
            placed: count(acc.placed.len()),
            merged: acc.merged,
            sessions: count(acc.sessions.len()),
            cadre_minutes: Figure::new(acc.before, acc.after),
        })
        .collect()
}

/// Trips per township/street. After: attendances with a trip. Baseline: every
/// segment held alone, so one trip per segment a person attends in person (at the
/// same venue, hence only where this attendance has a trip: on-site people have none).
fn grassroots(org: &Org, sessions: &[&Session]) -> Vec<GrassrootsTrips> {
    let mut before: BTreeMap<&UnitId, u32> = BTreeMap::new();
    let mut after: BTreeMap<&UnitId, u32> = BTreeMap::new();
    // Per unit: cadres, meetings with every segment alone, meetings in the plan.
    let mut meetings: BTreeMap<&UnitId, (BTreeSet<&PersonId>, u32, u32)> = BTreeMap::new();
    for s in sessions {
        for a in &s.attendees {
            let Some(unit) = grassroots_of(org, &a.person) else {
                continue;
            };
            let segs: BTreeSet<usize> = a
                .segments
                .iter()
                .copied()
                .filter(|&i| i < s.segments.len())
                .collect();
            let m = meetings.entry(&unit.id).or_default();
            m.0.insert(&a.person);
            m.1 += count(segs.len());
            m.2 += 1;
            if a.video || a.trip_minutes == 0 {
                continue;
            }
            *after.entry(&unit.id).or_default() += 1;
            *before.entry(&unit.id).or_default() += count(segs.len());
        }
    }
    org.units()
        .filter(|u| u.kind.is_grassroots())
        .map(|u| {
            let b = before.get(&u.id).copied().unwrap_or(0);
            let t = after.get(&u.id).copied().unwrap_or(0);
            GrassrootsTrips {
                unit: u.id.clone(),
                name: u.name.clone(),
                kind: u.kind,
                baseline_trips: b,
                trips: t,
                saved: i64::from(b) - i64::from(t),
                cadres: meetings.get(&u.id).map_or(0, |m| count(m.0.len())),
                baseline_meetings: meetings.get(&u.id).map_or(0, |m| m.1),
                meetings: meetings.get(&u.id).map_or(0, |m| m.2),
            }
        })
        .collect()
}

fn relays(
    proposals: &[Proposal],
    sessions: &[&Session],
    dropped: &[DroppedRelay],
) -> Vec<RelayReport> {
    let mut out: Vec<RelayReport> = proposals
        .iter()
        .filter_map(|p| {
            let relay = p.relays.as_ref()?;
            if let Some(d) = dropped.iter().find(|d| d.proposal == p.id) {
                return Some(RelayReport {
                    proposal: p.id.clone(),
                    title: p.title.clone(),
                    meeting: relay.meeting.clone(),
                    is_video: relay.is_video,
                    dropped: true,
                    session: None,
                    attendees: d.attendees,
                    cadre_minutes: d.saved_minutes,
                    message: format!(
                        "已取消传达会议，参会人员直接参加上级视频会议“{}”（一开到底），节省 {} 干部·分钟",
                        relay.meeting, d.saved_minutes
                    ),
                });
            }
            let found = sessions.iter().find_map(|s| {
                let i = s.segments.iter().position(|g| g.proposal == p.id)?;
                Some((*s, i))
            });
            let (session, attendees, minutes) = match found {
                Some((s, i)) => {
                    let (n, m) = relay_cost(s, i);
                    (Some(s.id.clone()), n, m)
                }
                None => (None, 0, 0),
            };
            let message = match (relay.is_video, &session) {
                (true, Some(_)) => format!(
                    "上级会议“{}”为视频会议，基层可直接参加（一开到底），建议取消本次传达，可节省约 {} 干部·分钟",
                    relay.meeting, minutes
                ),
                (true, None) => format!(
                    "上级会议“{}”为视频会议，基层可直接参加（一开到底），无需另行传达",
                    relay.meeting
                ),
                (false, _) => format!("上级会议“{}”不是视频会议，仍需传达", relay.meeting),
            };
            Some(RelayReport {
                proposal: p.id.clone(),
                title: p.title.clone(),
                meeting: relay.meeting.clone(),
                is_video: relay.is_video,
                dropped: false,
                session,
                attendees,
                cadre_minutes: minutes,
                message,
            })
        })
        .collect();
    out.sort_by(|a, b| a.proposal.cmp(&b.proposal));
    out
}

/// People in segment `i` and the cadre-minutes it costs them: the segment's
/// minutes, plus the round trip when it is their only segment in the session.
fn relay_cost(s: &Session, i: usize) -> (u32, u64) {
    let g = &s.segments[i];
    let len = u64::try_from((g.end - g.start).num_minutes()).unwrap_or(0);
    let mut n = 0;
    let mut minutes = 0;
    for a in s.attendees.iter().filter(|a| in_segment(a, i)) {
        n += 1;
        minutes += len;
        if a.segments.iter().all(|&j| j == i) {
            minutes += u64::from(a.trip_minutes);
        }
    }
    (n, minutes)
}

fn inspections(org: &Org, sessions: &[&Session]) -> Vec<InspectionReport> {
    sessions
        .iter()
        .filter(|s| {
            s.segments.len() > 1 && s.segments.iter().all(|g| g.kind == MeetingKind::Inspection)
        })
        .map(|s| {
            let target = match &s.venue.site {
                Site::Unit(u) => Some(u.clone()),
                Site::Seat => None,
            };
            let organisers: BTreeSet<&UnitId> = s.segments.iter().map(|g| &g.organiser).collect();
            InspectionReport {
                session: s.id.clone(),
                start: s.start,
                target_name: target
                    .as_ref()
                    .map_or_else(|| venue_name(org, &s.venue), |u| unit_name(org, u)),
                target,
                proposals: s.segments.iter().map(|g| g.proposal.clone()).collect(),
                organisers: organisers.into_iter().map(|u| unit_name(org, u)).collect(),
                visits_before: count(s.segments.len()),
                visits_after: 1,
                saved_minutes: s.merge.as_ref().map_or(0, |m| m.saved_minutes),
            }
        })
        .collect()
}
