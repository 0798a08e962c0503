//! Relays of a higher-level video conference (一开到底). When the rules say so
//! (`[relays] drop_when_video`), such a proposal is not planned: its audience
//! joins the higher-level meeting directly, so its people stay free for other
//! sessions. The plan lists it with what it would have cost held alone.

use super::PlanInput;
use super::build::layout;
use super::prep::Prep;
use crate::model::{CostSummary, DroppedRelay, Proposal};
use std::borrow::Cow;

/// The proposals left to plan and the relays dropped, by proposal id. Borrows
/// the input unchanged when nothing is dropped.
pub(crate) fn split<'a>(input: &PlanInput<'a>) -> (Cow<'a, [Proposal]>, Vec<DroppedRelay>) {
    let rules = &input.calendar.rules().relays;
    if !input.proposals.iter().any(|p| rules.drops(p)) {
        return (Cow::Borrowed(input.proposals), Vec::new());
    }
    let (dropped, kept): (Vec<Proposal>, Vec<Proposal>) = input
        .proposals
        .iter()
        .cloned()
        .partition(|p| rules.drops(p));
    // Each dropped relay costed alone with the planner's own model.
    let alone = PlanInput {
        proposals: &dropped,
        ..*input
    };
    let prep = Prep::new(&alone);
    let list = prep
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| DroppedRelay {
            proposal: it.p.id.clone(),
            meeting: it
                .p
                .relays
                .as_ref()
                .map(|r| r.meeting.clone())
                .unwrap_or_default(),
            attendees: it.size() as u32,
            saved_minutes: layout(&prep, &[i]).cost(&prep),
        })
        .collect();
    (Cow::Owned(kept), list)
}

/// Counts the dropped relays in the cost summary: as proposals of the week,
/// not as placed ones.
pub(crate) fn account(cost: &mut CostSummary, dropped: &[DroppedRelay]) {
    cost.proposals += dropped.len() as u32;
    cost.dropped_relays = dropped.len() as u32;
    cost.dropped_relay_minutes = dropped.iter().map(|d| d.saved_minutes).sum();
}
