//! People dropped from a session that still takes place (a changed audience, a
//! substitution) must see it cancelled in their own feed, not vanish.

use crate::ics::{FeedScope, concerns};
use crate::model::{Org, PublishedSession, Session};

/// Adds, for a person or unit scope, a cancelled copy of every live session that
/// concerned the scope in an earlier publication but no longer does. The copy
/// keeps the earlier content (so the times are the ones the subscriber saw) and
/// the session's current SEQUENCE and LAST-MODIFIED, which grew with the change.
pub(crate) fn with_dropped(
    org: &Org,
    scope: &FeedScope,
    latest: &[PublishedSession],
    history: &[Session],
) -> Vec<PublishedSession> {
    let mut out = latest.to_vec();
    if matches!(scope, FeedScope::District) {
        return out;
    }
    for ps in latest
        .iter()
        .filter(|p| !p.cancelled && !concerns(org, &p.session, scope))
    {
        if let Some(old) = history
            .iter()
            .rev()
            .find(|s| s.id == ps.session.id && concerns(org, s, scope))
        {
            out.push(PublishedSession {
                session: old.clone(),
                sequence: ps.sequence,
                last_modified: ps.last_modified,
                cancelled: true,
            });
        }
    }
    out
}
