//! The planner: audience expansion, merging, scheduling, agenda order, cost and
//! explanations. Pure: no I/O, no clock, no randomness; same input, same plan.

pub mod audience;
mod build;
mod explain;
pub mod geo;
mod greedy;
mod prep;

pub use audience::{Audience, expand, target_units};
pub use greedy::GreedyPlanner;

use crate::calendar::WorkCalendar;
use crate::model::{Busy, Org, Plan, Proposal, WeekId};

/// Everything a planner may look at.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub org: &'a Org,
    pub calendar: &'a WorkCalendar,
    pub week: WeekId,
    /// The proposals to plan (already filtered to those that may be planned).
    pub proposals: &'a [Proposal],
    pub busy: &'a [Busy],
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
