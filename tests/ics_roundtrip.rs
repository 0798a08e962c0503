//! Our feeds read back by the `icalendar` crate's own parser, and no value
//! the crate would generate by itself (random UID, current DTSTAMP) leaks.

mod common;

use common::feeds::*;
use pinhui::ics::{FeedOptions, FeedScope, render_feed};

/// Our output parses back with the `icalendar` crate's own parser, with the
/// same summaries, UIDs and sequences, hostile text included.
#[test]
fn the_icalendar_parser_reads_back_what_we_wrote() {
    use icalendar::{Calendar, Component};
    let long = "关于进一步加强基层社会治理和推进城市更新行动的专题部署会议".repeat(6);
    for title in [HOSTILE, long.as_str(), "宣传工作会议"] {
        let ics = render_feed(
            &org_with(&hostile_names()),
            &proposals(),
            &sessions_with(title),
            FeedScope::District,
            &FeedOptions::default(),
            now(),
        );
        let cal: Calendar = ics.parse().expect("icalendar parses our feed");
        let got: Vec<(String, String, u32)> = cal
            .events()
            .map(|e| {
                (
                    e.get_uid().unwrap_or_default().to_string(),
                    e.get_summary().unwrap_or_default().to_string(),
                    e.get_sequence().unwrap_or(u32::MAX),
                )
            })
            .collect();
        let ours: Vec<(String, String, u32)> = events(&ics)
            .iter()
            .map(|e| {
                (
                    prop(e, "UID").to_string(),
                    unescape(prop(e, "SUMMARY")),
                    prop(e, "SEQUENCE").parse().unwrap(),
                )
            })
            .collect();
        assert_eq!(got, ours);
        assert_eq!(got.len(), 3);
        if title == HOSTILE {
            assert_eq!(
                got[0].1,
                "【拼会】党建工作会议；a ATTENDEE:evil;x,y\\z 中文"
            );
        }
        for e in cal.events() {
            assert!(
                e.get_description()
                    .is_some_and(|d| d.contains("议程：\n1. "))
            );
            assert!(!e.properties().contains_key("ATTENDEE"));
        }
    }
}

/// No value the crate fills in by itself (random UID, the current DTSTAMP)
/// leaks: every UID and DTSTAMP line is one we set.
#[test]
fn no_generated_uid_or_dtstamp_leaks() {
    let ics = feed(FeedScope::District);
    let lines = unfold(&ics);
    let uids: Vec<&String> = lines.iter().filter(|l| l.starts_with("UID")).collect();
    assert_eq!(
        uids,
        [
            "UID:s-a1@dc.pinhui",
            "UID:alarm-s-a1@dc.pinhui",
            "UID:s-b1@dc.pinhui",
            "UID:alarm-s-b1@dc.pinhui",
            "UID:s-c1@dc.pinhui"
        ]
    );
    let stamps = lines.iter().filter(|l| l.starts_with("DTSTAMP")).count();
    assert_eq!(stamps, 5);
    assert_eq!(
        lines
            .iter()
            .filter(|l| *l == "DTSTAMP:20261127T083005Z")
            .count(),
        5
    );
}
