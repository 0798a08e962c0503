//! The re-plan story: a week is published, one proposal changes and another
//! is withdrawn, the week is re-planned and re-published, and a subscriber's
//! feed shows the update (SEQUENCE + 1, new DTSTAMP/LAST-MODIFIED) and the
//! cancellation (the event stays, STATUS:CANCELLED).

mod common;

use common::feeds::{events, prop, unescape};
use common::{published_sample, repo, utc, w49};
use pinhui::app;
use pinhui::model::ProposalId;
use pinhui::store::{FeedSubject, Store};

const PERSON: &str = "p0170";
const CHANGED: &str = "s-w49-fgw-1@dq.pinhui";
const CANCELLED: &str = "s-w49-scjgj-insp@dq.pinhui";

fn event<'a>(evs: &'a [Vec<String>], uid: &str) -> &'a [String] {
    evs.iter()
        .find(|e| prop(e, "UID") == uid)
        .unwrap_or_else(|| panic!("no event {uid}"))
}

#[test]
fn a_replanned_week_shows_the_update_and_the_cancellation() {
    let dir = tempfile::tempdir().unwrap();
    let t0 = utc(27, 9, 0);
    let store = published_sample(dir.path(), t0);
    let district = Store::open(&store).unwrap().load_district().unwrap();
    let did = district.org.district.id.to_string();
    let uid = |u: &str| u.replace("dq", &did);
    let person = pinhui::model::PersonId::parse(PERSON).unwrap();
    let issued = app::issue_feed(&store, FeedSubject::Person(person), t0).unwrap();
    let feed = |now| {
        app::feed_for_token(&store, &issued.token, now)
            .unwrap()
            .expect("token is valid")
    };

    let before = feed(t0);
    assert_eq!(before.last_modified, Some(t0));
    let evs = events(&before.body);
    let changed = event(&evs, &uid(CHANGED));
    assert_eq!(prop(changed, "SEQUENCE"), "0");
    assert_eq!(prop(changed, "DTSTAMP"), "20261127T090000Z");
    let dur_before = (
        prop(changed, "DTSTART").to_string(),
        prop(changed, "DTEND").to_string(),
    );
    let gone = event(&evs, &uid(CANCELLED));
    assert_eq!(prop(gone, "STATUS"), "CONFIRMED");

    // Change w49-fgw-1 (90 → 45 minutes) by re-importing a modified copy of
    // the week file, and withdraw w49-scjgj-insp.
    let t1 = utc(28, 2, 30);
    let text = std::fs::read_to_string(repo().join("data/weeks/2026-W49.toml")).unwrap();
    let at = text.find("id = \"w49-fgw-1\"").unwrap();
    let rel = text[at..].find("duration_minutes = 90").unwrap();
    let mut modified = text.clone();
    modified.replace_range(at + rel..at + rel + 21, "duration_minutes = 45");
    let copy = dir.path().join("2026-W49.toml");
    std::fs::write(&copy, modified).unwrap();
    let sum = app::import_files(&store, &[copy], t1).unwrap();
    assert_eq!(sum.updated, 1);
    let withdrawn = ProposalId::parse("w49-scjgj-insp").unwrap();
    assert!(
        Store::open(&store)
            .unwrap()
            .withdraw(&withdrawn, "clerk", t1)
            .unwrap()
    );
    // A changed proposal is a new version: it needs its approvals again.
    common::approve_all(&store, w49(), t1);
    let o = app::plan_store(&store, w49(), t1).unwrap();
    // Stability: the shortened session stays at its published start under
    // its id; the withdrawn inspection's session is listed as cancelled.
    let st = o
        .plan
        .stability
        .as_ref()
        .expect("a published week reports stability");
    let published = Store::open(&store)
        .unwrap()
        .latest_publication(w49())
        .unwrap()
        .unwrap();
    assert!(st.kept.iter().any(|id| id == "s-w49-fgw-1"));
    assert_eq!(st.cancelled.len(), 1);
    assert_eq!(st.cancelled[0].session, "s-w49-scjgj-insp");
    assert_eq!(
        st.cancelled[0].reason,
        pinhui::model::CancelReason::ProposalsGone
    );
    assert_eq!(st.kept.len() + st.moved.len() + 1, published.sessions.len());
    for id in &st.kept {
        let old = published
            .sessions
            .iter()
            .find(|p| &p.session.id == id)
            .unwrap();
        let now = o.plan.sessions.iter().find(|s| &s.id == id).unwrap();
        assert_eq!(old.session.start, now.start, "{id} kept at its start");
    }
    app::publish_store(&store, w49(), t1).unwrap();

    let after = feed(t1);
    assert_eq!(after.last_modified, Some(t1));
    let evs = events(&after.body);
    let changed = event(&evs, &uid(CHANGED));
    assert_eq!(prop(changed, "SEQUENCE"), "1", "SEQUENCE grew by one");
    assert_eq!(prop(changed, "DTSTAMP"), "20261128T023000Z");
    assert_eq!(prop(changed, "LAST-MODIFIED"), "20261128T023000Z");
    assert_eq!(prop(changed, "STATUS"), "CONFIRMED");
    let dur_after = (
        prop(changed, "DTSTART").to_string(),
        prop(changed, "DTEND").to_string(),
    );
    assert_ne!(dur_before, dur_after, "the new duration shows");
    let gone = event(&evs, &uid(CANCELLED));
    assert_eq!(prop(gone, "STATUS"), "CANCELLED");
    assert_eq!(prop(gone, "SEQUENCE"), "1");
    assert_eq!(prop(gone, "DTSTAMP"), "20261128T023000Z");
    assert!(unescape(prop(gone, "SUMMARY")).starts_with("【已取消】"));
    assert!(!gone.iter().any(|l| l == "BEGIN:VALARM"));

    // Every session p0170 saw before is still in their feed: those they were
    // dropped from (the merge changed) show as cancelled for them, with a
    // SEQUENCE above the one they had.
    let before_evs = events(&before.body);
    for old in &before_evs {
        let uid = prop(old, "UID");
        let now = evs
            .iter()
            .find(|e| prop(e, "UID") == uid)
            .unwrap_or_else(|| panic!("{uid} vanished from the feed"));
        if prop(now, "STATUS") == "CANCELLED" {
            assert!(
                prop(now, "SEQUENCE").parse::<u32>().unwrap()
                    > prop(old, "SEQUENCE").parse::<u32>().unwrap(),
                "{uid}"
            );
        }
    }

    // Same data, same bytes; the audit log records the token without it.
    assert_eq!(feed(t1), after);
    let log = Store::open(&store).unwrap().audit_log().unwrap();
    assert!(
        log.iter()
            .any(|e| e.action == "feed.issue" && e.subject == "person:p0170")
    );
    assert!(log.iter().all(|e| !e.detail_json.contains(&issued.token)));
}
