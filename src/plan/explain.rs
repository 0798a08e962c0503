//! Why proposals that share people were not merged.

use super::merge::incompatibility;
use super::prep::Prep;
use crate::model::{NonMerge, NonMergeReason, ProposalId, Session, Stability, Unplaced};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) fn non_merges(
    prep: &Prep,
    sessions: &[Session],
    unplaced: &[Unplaced],
    stability: Option<&Stability>,
) -> Vec<NonMerge> {
    let kept: BTreeSet<&str> = stability
        .map(|s| s.kept.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let session_of: BTreeMap<&ProposalId, &str> = sessions
        .iter()
        .flat_map(|s| s.segments.iter().map(move |g| (&g.proposal, s.id.as_str())))
        .collect();
    let not_placed: BTreeSet<&ProposalId> = unplaced.iter().map(|u| &u.proposal).collect();
    let mut out = Vec::new();
    for (&(i, j), &shared) in prep.sharing_pairs() {
        let (a, b) = (&prep.items[i].p.id, &prep.items[j].p.id);
        if session_of.contains_key(a) && session_of.get(a) == session_of.get(b) {
            continue;
        }
        let reason = if not_placed.contains(a) || not_placed.contains(b) {
            NonMergeReason::NotPlaced
        } else {
            let in_kept = |p: &ProposalId| session_of.get(p).is_some_and(|s| kept.contains(s));
            match incompatibility(prep, &[i, j]) {
                Some(r) => r,
                None if in_kept(a) || in_kept(b) => NonMergeReason::Published,
                None => NonMergeReason::CheaperApart,
            }
        };
        out.push(NonMerge {
            a: a.clone(),
            b: b.clone(),
            shared_people: shared,
            reason,
        });
    }
    out
}

/// Pairs sharing people where at least one proposal is still waiting for
/// approval and so was not planned (`waiting`): reason `approval_pending`.
/// `planned` are the proposals given to the planner. Sorted by (a, b).
pub fn approval_pending_pairs(
    org: &crate::model::Org,
    planned: &[crate::model::Proposal],
    waiting: &[crate::model::Proposal],
) -> Vec<NonMerge> {
    use super::audience::expand;
    let people = |p: &crate::model::Proposal| -> BTreeSet<crate::model::PersonId> {
        expand(org, p).members.into_keys().collect()
    };
    let planned: Vec<_> = planned.iter().map(|p| (&p.id, people(p))).collect();
    let waiting: Vec<_> = waiting.iter().map(|p| (&p.id, people(p))).collect();
    let mut out = Vec::new();
    for (k, (w, wp)) in waiting.iter().enumerate() {
        let others = planned.iter().chain(&waiting[k + 1..]);
        for (o, op) in others {
            let shared = wp.intersection(op).count() as u32;
            if shared > 0 && w != o {
                let (a, b) = if w < o { (*w, *o) } else { (*o, *w) };
                out.push(NonMerge {
                    a: a.clone(),
                    b: b.clone(),
                    shared_people: shared,
                    reason: NonMergeReason::ApprovalPending,
                });
            }
        }
    }
    out.sort_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
    out
}
