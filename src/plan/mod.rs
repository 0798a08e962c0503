//! The planner: audience expansion, merging, scheduling, agenda order, cost and
//! explanations. Pure: no I/O, no clock, no randomness; same input, same plan.

mod alternative;
pub mod audience;
mod build;
mod explain;
pub use explain::approval_pending_pairs;
pub mod geo;
mod greedy;
mod merge;
mod prep;
mod relay;
mod repartition;
mod stable;

pub use audience::{Audience, expand, target_units};
pub use greedy::GreedyPlanner;

use crate::calendar::WorkCalendar;
use crate::model::{Busy, Org, Plan, Proposal, PublishedSession, WeekId};

/// Everything a planner may look at.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub org: &'a Org,
    pub calendar: &'a WorkCalendar,
    pub week: WeekId,
    /// The proposals to plan (already filtered to those that may be planned).
    pub proposals: &'a [Proposal],
    pub busy: &'a [Busy],
    /// The sessions of the week's latest publication (cancelled ones
    /// included), when re-planning a published week: they are kept where they
    /// are unless a hard constraint forces a move (docs/planner.md).
    pub previous: Option<&'a [PublishedSession]>,
}

/// A planning strategy. The rest of pinhui only talks to this trait.
pub trait Planner {
    fn name(&self) -> &'static str;
    fn plan(&self, input: &PlanInput) -> Plan;
}

/// Plans a week with the default planner.
pub fn plan_week(input: &PlanInput) -> Plan {
    GreedyPlanner.plan(input)
}

/// Plans independent weeks (e.g. the districts of a city or province) on up to
/// `threads` threads. The result is in input order and does not depend on
/// `threads`.
pub fn plan_many(inputs: &[PlanInput], threads: usize) -> Vec<Plan> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let out: Mutex<Vec<Option<Plan>>> = Mutex::new(vec![None; inputs.len()]);
    std::thread::scope(|s| {
        for _ in 0..threads.clamp(1, inputs.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(input) = inputs.get(i) else { break };
                    let plan = plan_week(input);
                    out.lock().expect("no panic while holding the lock")[i] = Some(plan);
                }
            });
        }
    });
    out.into_inner()
        .expect("threads joined")
        .into_iter()
        .map(|p| p.expect("every input planned"))
        .collect()
}

/// Diagnostics for tests: the planner's own cost of a group of proposals (by
/// id) laid out in its agenda order, and why it may not be one session.
#[doc(hidden)]
pub fn group_cost_of(
    input: &PlanInput,
    ids: &[&str],
) -> (u64, Option<crate::model::NonMergeReason>) {
    let prep = prep::Prep::new(input);
    let g: Vec<usize> = ids
        .iter()
        .filter_map(|id| prep.items.iter().position(|it| it.p.id.as_str() == *id))
        .collect();
    (
        build::group_cost(&prep, &g),
        merge::incompatibility(&prep, &g),
    )
}

/// Diagnostics for tests: the groups the merge step forms, before scheduling.
#[doc(hidden)]
pub fn merge_partition(input: &PlanInput) -> Vec<Vec<String>> {
    let (kept, _) = relay::split(input);
    let input = &PlanInput {
        proposals: &kept,
        ..*input
    };
    let prep = prep::Prep::new(input);
    merge::merge_groups(&prep)
        .into_iter()
        .map(|g| g.iter().map(|&i| prep.items[i].p.id.to_string()).collect())
        .collect()
}
