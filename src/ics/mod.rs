//! iCalendar (RFC 5545) feeds of published sessions: one per person, per unit
//! and for the whole district.
//!
//! Events and the calendar are built with the `icalendar` crate's types
//! ([`props`] makes every value safe first: the crate escapes `\` `;` `,` LF
//! in known TEXT properties only, and passes CR through). UID and DTSTAMP are
//! always set explicitly, in VALARM too, since the crate writes a random UID
//! and the current time wherever they are missing. Its text output is then
//! post-processed ([`fold`]): unfolded and refolded at 75 octets without
//! splitting a character, the fixed Asia/Shanghai VTIMEZONE inserted, CRLF
//! and no blank line. The output is a pure function of the inputs.
//!
//! Invariants:
//! - the UID of a session is `{session id}@{district id}.pinhui` in every feed;
//! - DTSTAMP and LAST-MODIFIED are the publication time that last changed the
//!   session, so an unchanged session serialises to the same bytes;
//! - a feed names no person other than the presiders and, in a unit feed, the
//!   unit's own attendees; it carries no phone or e-mail address other than
//!   the general office's ORGANIZER address, and no ATTENDEE.

mod escape;
mod event;
mod fold;
mod props;
mod vtimezone;

pub use vtimezone::TZID;

use crate::model::{Org, PersonId, Proposal, ProposalId, PublishedSession, Session, UnitId};
use chrono::{Duration, NaiveDateTime};
use icalendar::Calendar;
use std::collections::BTreeMap;

/// Whose feed to render.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedScope<'a> {
    /// Sessions the person attends or presides, timed to their own presence.
    Person(&'a PersonId),
    /// Sessions any person holding a position in the unit attends or presides.
    Unit(&'a UnitId),
    /// Every session.
    District,
}

/// Feed settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedOptions {
    /// Suggested polling interval for subscription clients.
    pub refresh_minutes: u32,
    /// How long a cancelled session stays in feeds after its end.
    pub cancelled_keep_days: u32,
    /// A display reminder this many minutes before each (non-cancelled) event.
    pub reminder_minutes: Option<u32>,
}

impl Default for FeedOptions {
    fn default() -> Self {
        Self {
            refresh_minutes: 60,
            cancelled_keep_days: 30,
            reminder_minutes: Some(30),
        }
    }
}

/// True if the session concerns the scope (person: attendee or presider of a
/// segment; unit: any person holding a position in the unit attends or
/// presides; district: always).
pub fn concerns(org: &Org, s: &Session, scope: &FeedScope) -> bool {
    event::scope_span(org, s, scope).is_some()
}

/// Renders one feed. `proposals` gives relay and inspection details by id;
/// `now` (UTC) is used only to drop cancelled sessions that ended more than
/// `cancelled_keep_days` ago. Byte-identical output for identical input.
pub fn render_feed(
    org: &Org,
    proposals: &BTreeMap<ProposalId, Proposal>,
    sessions: &[PublishedSession],
    scope: FeedScope,
    opts: &FeedOptions,
    now: NaiveDateTime,
) -> String {
    let cutoff = now - Duration::days(i64::from(opts.cancelled_keep_days));
    let mut events: Vec<(event::Span, String, &PublishedSession)> = sessions
        .iter()
        .filter(|ps| !(ps.cancelled && vtimezone::local_to_utc(ps.session.end) < cutoff))
        .filter_map(|ps| {
            let span = event::scope_span(org, &ps.session, &scope)?;
            Some((span, event::uid(org, &ps.session), ps))
        })
        .collect();
    events.sort_by(|a, b| (a.0.start, &a.1).cmp(&(b.0.start, &b.1)));

    let mut cal = Calendar::empty();
    let name = calendar_name(org, &scope);
    let refresh = format!("PT{}M", opts.refresh_minutes.max(1));
    for p in [
        props::raw("VERSION", "2.0"),
        props::text("PRODID", "-//pinhui//拼会 1.0//ZH"),
        props::raw("CALSCALE", "GREGORIAN"),
        props::text("NAME", &name),
        props::text("X-WR-CALNAME", &name),
        props::text("X-WR-TIMEZONE", TZID),
        props::with_param(
            props::raw("REFRESH-INTERVAL", &refresh),
            "VALUE",
            "DURATION",
        ),
        props::raw("X-PUBLISHED-TTL", &refresh),
    ] {
        cal.append_property(p);
    }
    let ctx = event::EventCtx {
        org,
        proposals,
        scope: &scope,
        reminder_minutes: opts.reminder_minutes,
    };
    for (span, _, ps) in events {
        cal.push(event::build(&ctx, ps, span));
    }
    fold::normalise(&cal.to_string(), vtimezone::LINES)
}

/// “张三的会议”, “某某局会议安排”, “某某区一周会议安排”.
fn calendar_name(org: &Org, scope: &FeedScope) -> String {
    match scope {
        FeedScope::Person(p) => format!("{}的会议", event::person_name(org, p)),
        FeedScope::Unit(u) => format!("{}会议安排", event::unit_name(org, u)),
        FeedScope::District => format!("{}一周会议安排", escape::one_line(&org.district.name)),
    }
}
