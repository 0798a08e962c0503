//! The report model built from a plan: figures, explanations, counts, JSON.

#[path = "fixtures/report.rs"]
mod fixture;

use fixture::*;
use pinhui::model::*;
use pinhui::report::*;

#[test]
fn report_json_round_trips_and_carries_the_plan_cost() {
    let (org, ps, plan) = fixture();
    let r = build_report(&org, &ps, &plan);
    let json = report_json(&r);
    assert!(json.starts_with("{\n  \"format\": 4,\n  \"week\": \"2026-W49\","));
    assert!(json.ends_with("}\n"));
    let back: Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);

    let c = &plan.cost;
    assert_eq!(r.cost.proposals, c.proposals);
    assert_eq!(r.cost.placed_proposals, c.placed_proposals);
    assert_eq!(r.cost.unplaced_proposals, 1);
    assert_eq!(r.cost.sessions, c.sessions);
    assert_eq!(r.cost.spared, c.spared);
    assert_eq!(r.cost.attendances.actual, u64::from(c.attendances));
    assert_eq!(
        r.cost.attendances.baseline,
        u64::from(c.baseline_attendances)
    );
    assert_eq!(r.cost.trips.actual, u64::from(c.trips));
    assert_eq!(r.cost.trips.baseline, u64::from(c.baseline_trips));
    assert_eq!(r.cost.cadre_minutes.actual, c.cadre_minutes);
    assert_eq!(r.cost.cadre_minutes.baseline, c.baseline_cadre_minutes);
    assert_eq!(r.cost.cadre_minutes.saved, 300);
    assert_eq!(r.cost.cadre_minutes.saved_percent, 20.0);
    assert_eq!(r.cost.trips.saved_percent, 28.6);
    assert_eq!(r.cost.attendances.saved_percent, 25.0);
}

#[test]
fn report_explains_sessions_merges_and_non_merges() {
    let (org, ps, plan) = fixture();
    let r = build_report(&org, &ps, &plan);
    let ids: Vec<&str> = r.sessions.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["s-p3", "s-p1", "s-p4"], "sessions in time order");

    let s1 = &r.sessions[1];
    assert_eq!(s1.venue.name, "区行政中心第一会议室");
    assert_eq!((s1.attendees, s1.in_person, s1.video), (5, 4, 1));
    assert_eq!(s1.segments[0].organiser_name, "农业农村局");
    assert_eq!(s1.segments[1].presider_name, "王局长");
    assert_eq!(s1.segments[1].attendees, 4);
    let m = s1.merge.as_ref().unwrap();
    assert_eq!((m.shared_people, m.saved_minutes), (2, 110));
    assert_eq!(m.proposals, [prid("p1"), prid("p2")]);
    assert_eq!(r.sessions[2].venue.name, "青石镇（实地）");

    assert_eq!(r.non_merges.len(), 2);
    assert_eq!(r.non_merges[0].a, prid("p1"), "sorted by proposal ids");
    assert_eq!(r.non_merges[0].reason_label, "时间窗口没有交集");
    assert_eq!(r.non_merges[0].a_title, HOSTILE);
    assert_eq!(r.non_merges[1].b_title, "周末业务培训");
    assert_eq!(r.unplaced.len(), 1);
    assert_eq!(r.unplaced[0].organiser_name, "区政府办");
    assert_eq!(
        r.unplaced[0].reason_label,
        UnplacedReason::NoWorkingSlot.label()
    );
}

#[test]
fn report_counts_departments_grassroots_trips_relays_and_inspections() {
    let (org, ps, plan) = fixture();
    let r = build_report(&org, &ps, &plan);

    let d: Vec<(&str, u32, u32, u32, u32)> = r
        .departments
        .iter()
        .map(|d| (d.unit.as_str(), d.proposals, d.placed, d.merged, d.sessions))
        .collect();
    assert_eq!(
        d,
        [
            ("agri", 2, 2, 2, 2),
            ("gov", 2, 1, 0, 1),
            ("water", 2, 2, 2, 2)
        ]
    );

    // 东城: s-p1 two segments in person + s-p3 one → 3 before, 2 sessions after.
    // 青石: qs1 in s-p1 (2 → 1); by video in s-p3; on site at s-p4 (no trip);
    // 石门村 rolls up into 青石镇 but attends by video / on site.
    let g: Vec<(&str, u32, u32, i64)> = r
        .grassroots
        .iter()
        .map(|g| (g.unit.as_str(), g.baseline_trips, g.trips, g.saved))
        .collect();
    assert_eq!(g, [("dongcheng", 3, 2, 1), ("qingshi", 2, 1, 1)]);
    let m: Vec<(&str, u32, u32, u32)> = r
        .grassroots
        .iter()
        .map(|g| (g.unit.as_str(), g.cadres, g.baseline_meetings, g.meetings))
        .collect();
    // 东城's one cadre: three segments alone, two sessions merged.
    assert_eq!(m, [("dongcheng", 1, 3, 2), ("qingshi", 2, 8, 5)]);
    let dm: Vec<(&str, u64, u64)> = r
        .departments
        .iter()
        .map(|d| {
            (
                d.unit.as_str(),
                d.cadre_minutes.baseline,
                d.cadre_minutes.actual,
            )
        })
        .collect();
    // 区政府办's item was held alone: no change; the merged departments save.
    assert_eq!(
        dm,
        [("agri", 550, 495), ("gov", 210, 210), ("water", 610, 555)]
    );

    assert_eq!(r.relays.len(), 1);
    let relay = &r.relays[0];
    assert!(relay.is_video);
    assert_eq!(relay.session.as_deref(), Some("s-p3"));
    // 3 people × 60 min, plus 东城主任's 30-minute round trip made for it alone.
    assert_eq!((relay.attendees, relay.cadre_minutes), (3, 210));
    assert!(relay.message.contains("建议取消本次传达"));
    assert!(relay.message.contains("210"));

    assert_eq!(r.inspections.len(), 1);
    let i = &r.inspections[0];
    assert_eq!(i.session, "s-p4");
    assert_eq!(i.target, Some(uid("qingshi")));
    assert_eq!(i.target_name, "青石镇");
    assert_eq!(i.organisers, ["农业农村局", "水务局"]);
    assert_eq!(
        (i.visits_before, i.visits_after, i.saved_minutes),
        (2, 1, 40)
    );
}
