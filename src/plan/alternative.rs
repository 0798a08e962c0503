//! The nearest feasible alternative for a proposal the schedule could not
//! place: every start of the week (its window relaxed) is tried against the
//! final schedule; the presider must be free and a room available; fewest
//! busy attendees first, then nearest to the window, then earliest.

use super::build::{layout, mins};
use super::greedy::Schedule;
use super::merge::starts;
use crate::model::*;
use chrono::{Duration, NaiveDateTime};

impl Schedule<'_> {
    pub(super) fn alternative(&self, item: usize, reason: UnplacedReason) -> Option<Alternative> {
        if reason == UnplacedReason::TooLong {
            return None; // no slot helps: the item itself must be shortened
        }
        let prep = self.prep;
        let l = layout(prep, &[item]);
        let p = prep.items[item].p;
        let monday = prep.input.week.monday().and_hms_opt(0, 0, 0)?;
        let week = Window::new(monday, monday + Duration::days(7))?;
        let presider = &p.presider;
        let video = |pid: &PersonId| p.mode == Mode::Video && pid != presider;
        let mut best: Option<((usize, u32, NaiveDateTime), Alternative)> = None;
        for (start, _) in starts(prep, &week, l.total, p.urgent) {
            let end = start + mins(l.total);
            let mut busy = Vec::new();
            let mut presider_free = true;
            for (pid, from, to) in l.intervals(start) {
                let site = (!video(pid)).then_some(&l.site);
                if !self.person_free(pid, from, to, site) {
                    if pid == presider {
                        presider_free = false;
                        break;
                    }
                    busy.push(pid.clone());
                    if best.as_ref().is_some_and(|(k, _)| busy.len() > k.0) {
                        break; // cannot beat the best slot found so far
                    }
                }
            }
            if !presider_free {
                continue;
            }
            let outside = distance(&p.window, start, end);
            let key = (busy.len(), outside, start);
            if best.as_ref().is_some_and(|(k, _)| *k <= key) {
                continue;
            }
            let Some(venue) = self.venue(&l, start, end, None) else {
                continue;
            };
            best = Some((
                key,
                Alternative {
                    start,
                    end,
                    venue,
                    outside_window_minutes: outside,
                    busy,
                },
            ));
        }
        best.map(|(_, a)| a)
    }
}

/// Minutes from `[start, end)` to the window (0 when inside it).
fn distance(w: &Window, start: NaiveDateTime, end: NaiveDateTime) -> u32 {
    let before = (w.start() - start).num_minutes().max(0);
    let after = (end - w.end()).num_minutes().max(0);
    (before + after) as u32
}
