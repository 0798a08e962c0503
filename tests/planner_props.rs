//! Property tests: generated weeks are planned with no hard-constraint violation
//! (per the independent checker) and deterministically.

use pinhui::calendar::WorkCalendar;
use pinhui::check::{CheckInput, check_plan};
use pinhui::model::WeekId;
use pinhui::plan::{PlanInput, plan_week};
use pinhui::synth::{Size, district, week, week_focused};
use proptest::prelude::*;

fn plan_and_check(seed: u64, size: Size) {
    let d = district(seed, size);
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let wk = WeekId::parse("2026-W49").unwrap();
    let w = week_focused(seed, &d, wk, size.proposals, size.focused_percent);
    let input = PlanInput {
        org: &d.org,
        calendar: &cal,
        week: wk,
        proposals: &w.proposals,
        busy: &w.busy,
        previous: None,
    };
    let plan = plan_week(&input);
    let v = check_plan(
        &CheckInput {
            org: &d.org,
            calendar: &cal,
            proposals: &w.proposals,
            busy: &w.busy,
        },
        &plan,
    );
    assert!(v.is_empty(), "seed {seed}: {v:#?}");
    let again = plan_week(&input);
    assert_eq!(
        serde_json::to_string(&plan).unwrap(),
        serde_json::to_string(&again).unwrap()
    );
    // Merging never costs more than holding every placed proposal alone.
    assert!(
        plan.cost.cadre_minutes <= plan.cost.baseline_cadre_minutes,
        "seed {seed}"
    );
    assert!(plan.cost.attendances <= plan.cost.baseline_attendances);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn small_generated_weeks_have_no_violations(seed in any::<u64>(), n in 1usize..16) {
        plan_and_check(seed, Size::small(n));
    }

    #[test]
    fn crowded_generated_weeks_have_no_violations(seed in any::<u64>()) {
        plan_and_check(seed, Size { departments: 10, townships: 8, villages_per_township: 4, proposals: 60, focused_percent: 50 });
    }
}

#[test]
fn checker_catches_a_double_booking() {
    let d = district(7, Size::small(6));
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let wk = WeekId::parse("2026-W49").unwrap();
    let w = week(7, &d, wk, 6);
    let input = PlanInput {
        org: &d.org,
        calendar: &cal,
        week: wk,
        proposals: &w.proposals,
        busy: &w.busy,
        previous: None,
    };
    let mut plan = plan_week(&input);
    assert!(plan.sessions.len() >= 2, "need two sessions");
    // Move the second session onto the first one's time: shared people clash,
    // or at least the room does.
    let (start, end) = (plan.sessions[0].start, plan.sessions[0].end);
    let s = &mut plan.sessions[1];
    let shift = start - s.start;
    s.start += shift;
    s.end += shift;
    for g in &mut s.segments {
        g.start += shift;
        g.end += shift;
    }
    for a in &mut s.attendees {
        a.from += shift;
        a.to += shift;
    }
    let _ = end;
    let v = check_plan(
        &CheckInput {
            org: &d.org,
            calendar: &cal,
            proposals: &w.proposals,
            busy: &w.busy,
        },
        &plan,
    );
    assert!(!v.is_empty(), "moving a session must break something");
}

#[test]
fn checker_catches_a_weekend_session() {
    let d = district(3, Size::small(4));
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let wk = WeekId::parse("2026-W49").unwrap();
    let w = week(3, &d, wk, 4);
    let input = PlanInput {
        org: &d.org,
        calendar: &cal,
        week: wk,
        proposals: &w.proposals,
        busy: &w.busy,
        previous: None,
    };
    let mut plan = plan_week(&input);
    let s = &mut plan.sessions[0];
    let shift = chrono::Duration::days(
        7 - i64::from(chrono::Datelike::weekday(&s.start.date()).num_days_from_monday()) - 1,
    );
    s.start += shift;
    s.end += shift;
    let v = check_plan(
        &CheckInput {
            org: &d.org,
            calendar: &cal,
            proposals: &w.proposals,
            busy: &w.busy,
        },
        &plan,
    );
    assert!(v.iter().any(|v| v.rule == "working_hours"), "{v:#?}");
}
