//! Stability after publishing: which published sessions to hold where they
//! are, merging the proposals that are free, and carrying session ids on so
//! that calendars see a changed event rather than a new one.

use super::PlanInput;
use super::build::{layout_ordered, mins};
use super::greedy::Schedule;
use super::merge::merge_groups;
use super::prep::Prep;
use crate::model::*;
use std::collections::{BTreeMap, BTreeSet};

/// A published session to hold: its items still in the input, in the
/// published agenda order.
pub(crate) struct Pin<'a> {
    pub prev: &'a Session,
    pub order: Vec<usize>,
}

/// The live published sessions with at least one proposal still to plan, in
/// published order (start, then id).
pub(crate) fn pins<'a>(prep: &Prep, previous: &'a [PublishedSession]) -> Vec<Pin<'a>> {
    let index: BTreeMap<&ProposalId, usize> = prep
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (&it.p.id, i))
        .collect();
    let mut live: Vec<&Session> = previous
        .iter()
        .filter(|p| !p.cancelled)
        .map(|p| &p.session)
        .collect();
    live.sort_by(|a, b| a.start.cmp(&b.start).then(a.id.cmp(&b.id)));
    let mut taken = vec![false; prep.items.len()];
    let mut out = Vec::new();
    for s in live {
        let order: Vec<usize> = s
            .segments
            .iter()
            .filter_map(|g| index.get(&g.proposal).copied())
            .filter(|&i| !std::mem::replace(&mut taken[i], true))
            .collect();
        if !order.is_empty() {
            out.push(Pin { prev: s, order });
        }
    }
    out
}

/// What holding the published sessions gave: which items are held, the ids
/// kept and the sessions that could not stay, both in published order.
pub(crate) struct Held<'a> {
    pub items: Vec<bool>,
    pub kept: Vec<String>,
    pub moves: Vec<(&'a Session, MoveReason)>,
}

impl Schedule<'_> {
    /// Places the published sessions that still fit where they were: those
    /// unchanged since publishing first (they fitted together before, so a
    /// changed one cannot push them out), then changed ones, and last those
    /// that lost proposals to changed windows, held without them.
    pub(super) fn hold_published<'a>(&mut self, previous: &'a [PublishedSession]) -> Held<'a> {
        let prep = self.prep;
        let mut pins: Vec<(usize, Pin)> = pins(prep, previous).into_iter().enumerate().collect();
        pins.sort_by_key(|(k, pin)| (!unchanged(prep, pin), *k));
        let mut items = vec![false; prep.items.len()];
        let mut kept = Vec::new();
        let mut moves = Vec::new();
        let mut retry = Vec::new();
        let mut hold = |k: usize, order: &[usize], prev: &Session| {
            for &i in order {
                items[i] = true;
            }
            kept.push((k, prev.id.clone()));
        };
        for (k, pin) in pins {
            match self.pin(pin.order.clone(), pin.prev) {
                Ok(()) => hold(k, &pin.order, pin.prev),
                Err(MoveReason::Window) => retry.push((k, pin)),
                Err(reason) => moves.push((k, pin.prev, reason)),
            }
        }
        for (k, pin) in retry {
            let fitting = fitting_windows(prep, &pin);
            let partial = !fitting.is_empty() && fitting.len() < pin.order.len();
            if partial && self.pin(fitting.clone(), pin.prev).is_ok() {
                hold(k, &fitting, pin.prev);
            } else {
                moves.push((k, pin.prev, MoveReason::Window));
            }
        }
        kept.sort();
        moves.sort_by_key(|m| m.0);
        Held {
            items,
            kept: kept.into_iter().map(|(_, id)| id).collect(),
            moves: moves.into_iter().map(|(_, s, r)| (s, r)).collect(),
        }
    }
}

/// Whether a pin, laid out now, is the published session: same segments at
/// the same times and the same people present at the same times.
pub(crate) fn unchanged(prep: &Prep, pin: &Pin) -> bool {
    let prev = pin.prev;
    if pin.order.len() != prev.segments.len() {
        return false;
    }
    let l = layout_ordered(prep, pin.order.clone());
    let at = |m: u32| prev.start + mins(m);
    let segments_same =
        pin.order
            .iter()
            .zip(&l.offsets)
            .zip(&prev.segments)
            .all(|((&i, &(f, t)), g)| {
                prep.items[i].p.id == g.proposal && at(f) == g.start && at(t) == g.end
            });
    segments_same
        && l.presence.len() == prev.attendees.len()
        && l.presence
            .iter()
            .zip(&prev.attendees)
            .all(|((pid, (f, t, _, _)), a)| *pid == a.person && at(*f) == a.from && at(*t) == a.to)
}

/// The pin's items whose window still holds the whole session as laid out
/// now from the published start (so it holds it without the others too), in
/// agenda order.
pub(crate) fn fitting_windows(prep: &Prep, pin: &Pin) -> Vec<usize> {
    let total: u32 = pin
        .order
        .iter()
        .map(|&i| prep.items[i].p.duration.get())
        .sum();
    let (start, end) = (pin.prev.start, pin.prev.start + mins(total));
    pin.order
        .iter()
        .copied()
        .filter(|&i| {
            let w = prep.items[i].p.window;
            w.start() <= start && end <= w.end()
        })
        .collect()
}

/// Merge groups of the items not held, as the merge step would form them for
/// a week of only those proposals; indexes are the full week's.
pub(crate) fn merge_free(prep: &Prep, held: &[bool]) -> Vec<Vec<usize>> {
    let free: Vec<Proposal> = prep
        .items
        .iter()
        .zip(held)
        .filter(|&(_, &h)| !h)
        .map(|(it, _)| it.p.clone())
        .collect();
    if free.is_empty() {
        return Vec::new();
    }
    let input = PlanInput {
        proposals: &free,
        previous: None,
        ..*prep.input
    };
    let sub = Prep::new(&input);
    let index: BTreeMap<&ProposalId, usize> = prep
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| (&it.p.id, i))
        .collect();
    merge_groups(&sub)
        .into_iter()
        .map(|g| g.into_iter().map(|i| index[&sub.items[i].p.id]).collect())
        .collect()
}

/// Settles session ids and says what happened to each published session.
/// `sessions[..held.kept.len()]` are the held ones (placed first, already
/// under their ids); `held.moves` are the published sessions that could not
/// be held, in order.
pub(crate) fn finish(
    previous: &[PublishedSession],
    sessions: &mut [Session],
    held: Held,
    dropped: &[DroppedRelay],
) -> Stability {
    let Held { kept, moves, .. } = held;
    let held = kept.len();
    let mut taken: BTreeSet<String> = previous.iter().map(|p| p.session.id.clone()).collect();
    let mut claimed = vec![false; sessions.len()];
    let mut moved = Vec::new();
    let mut cancelled = Vec::new();
    for (prev, reason) in moves {
        let mine: BTreeSet<&ProposalId> = prev.segments.iter().map(|g| &g.proposal).collect();
        let placed_anywhere = sessions
            .iter()
            .flat_map(|s| &s.segments)
            .any(|g| mine.contains(&g.proposal));
        if !placed_anywhere {
            cancelled.push(CancelledSession {
                session: prev.id.clone(),
                start: prev.start,
                reason: CancelReason::NotPlaced,
            });
            continue;
        }
        // The unclaimed new session holding most of its proposals carries the id.
        let heir = (held..sessions.len())
            .filter(|&k| !claimed[k])
            .map(|k| {
                let shared = sessions[k]
                    .segments
                    .iter()
                    .filter(|g| mine.contains(&g.proposal))
                    .count();
                (shared, std::cmp::Reverse(k))
            })
            .filter(|&(shared, _)| shared > 0)
            .max()
            .map(|(_, std::cmp::Reverse(k))| k);
        let to = heir.map(|k| {
            claimed[k] = true;
            sessions[k].id = prev.id.clone();
            sessions[k].start
        });
        moved.push(MovedSession {
            session: prev.id.clone(),
            from: prev.start,
            to,
            reason,
        });
    }
    let accounted: BTreeSet<&str> = kept
        .iter()
        .map(String::as_str)
        .chain(moved.iter().map(|m| m.session.as_str()))
        .chain(cancelled.iter().map(|c| c.session.as_str()))
        .collect();
    let mut gone: Vec<CancelledSession> = previous
        .iter()
        .filter(|p| !p.cancelled && !accounted.contains(p.session.id.as_str()))
        .map(|p| CancelledSession {
            session: p.session.id.clone(),
            start: p.session.start,
            reason: if p
                .session
                .segments
                .iter()
                .all(|g| dropped.iter().any(|d| d.proposal == g.proposal))
            {
                CancelReason::RelayDropped
            } else {
                CancelReason::ProposalsGone
            },
        })
        .collect();
    cancelled.append(&mut gone);
    // Fresh sessions: their own id, unless a published session used it.
    for (k, s) in sessions.iter_mut().enumerate().skip(held) {
        if claimed[k] {
            continue;
        }
        let base = s.id.clone();
        let mut n = 2;
        while taken.contains(&s.id) {
            s.id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(s.id.clone());
    }
    cancelled.sort_by(|a, b| a.start.cmp(&b.start).then(a.session.cmp(&b.session)));
    Stability {
        kept,
        moved,
        cancelled,
    }
}
