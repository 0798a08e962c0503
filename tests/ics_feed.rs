//! iCalendar feeds: scope, timing, content, escaping and serialisation.

mod common;

use chrono::{Duration, NaiveDateTime};
use common::feeds::*;
use pinhui::ics::{FeedOptions, FeedScope, concerns, render_feed};
use pinhui::model::Mode;
use proptest::prelude::*;

#[test]
fn hostile_text_cannot_inject_properties_or_break_lines() {
    let names = Names {
        office: "区委\"办\r\nATTENDEE:x;y,z".into(),
        email: "evil\r\nATTENDEE:mailto:x@y".into(),
        room: HOSTILE.into(),
        head: HOSTILE.into(),
    };
    for scope in [
        FeedScope::Person(&pid("p-head")),
        FeedScope::Unit(&uid("jd1")),
        FeedScope::District,
    ] {
        let ics = render_feed(
            &org_with(&names),
            &proposals(),
            &sessions_with(HOSTILE),
            scope,
            &FeedOptions::default(),
            now(),
        );
        assert_well_formed(&ics);
        assert!(!unfold(&ics).iter().any(|l| l.starts_with("ATTENDEE")));
        let evs = events(&ics);
        let a1 = event_by_uid(&evs, "s-a1");
        assert_eq!(
            prop(a1, "SUMMARY"),
            "【拼会】党建工作会议；a ATTENDEE:evil\\;x\\,y\\\\z 中文"
        );
        assert_eq!(prop(a1, "LOCATION"), "a ATTENDEE:evil\\;x\\,y\\\\z 中文");
        // DQUOTE and the line break are gone, the value is quoted for its ':;,'
        // and the address is percent-encoded.
        assert!(
            a1.contains(
                &"ORGANIZER;CN=\"区委办 ATTENDEE:x;y,z\":mailto:evil%0D%0AATTENDEE:mailto:x@y"
                    .to_string()
            )
        );
        // The agenda keeps its own line structure as escaped \n only.
        let desc = prop(a1, "DESCRIPTION");
        assert!(desc.contains("\\n2. 10:00–11:00 a ATTENDEE:evil\\;x\\,y\\\\z 中文（"));
    }
}

#[test]
fn long_chinese_text_folds_within_75_octets_without_splitting_characters() {
    let long = "关于进一步加强基层社会治理和推进城市更新行动的专题部署会议".repeat(12);
    let names = Names {
        room: "区政务服务中心".repeat(20),
        ..Names::default()
    };
    let ics = render_feed(
        &org_with(&names),
        &proposals(),
        &sessions_with(&long),
        FeedScope::Person(&pid("p-head")),
        &FeedOptions::default(),
        now(),
    );
    assert_well_formed(&ics);
    let folded = ics.split("\r\n").filter(|l| l.starts_with(' ')).count();
    assert!(
        folded > 10,
        "expected many continuation lines, got {folded}"
    );
    let evs = events(&ics);
    let summary = prop(event_by_uid(&evs, "s-a1"), "SUMMARY");
    assert_eq!(summary.chars().count(), 120);
    assert!(summary.starts_with("【拼会】党建工作会议；关于"));
    assert!(summary.ends_with('…'));
    // The description keeps the whole title.
    assert!(prop(event_by_uid(&evs, "s-a1"), "DESCRIPTION").contains(&long));
}

#[test]
fn output_is_byte_identical_and_independent_of_input_order() {
    let a = feed(FeedScope::District);
    assert_eq!(a, feed(FeedScope::District));
    let mut reversed = sessions();
    reversed.reverse();
    let b = render_feed(
        &org(),
        &proposals(),
        &reversed,
        FeedScope::District,
        &FeedOptions::default(),
        now(),
    );
    assert_eq!(a, b);
    assert_eq!(
        uids(&a),
        ["s-a1@dc.pinhui", "s-b1@dc.pinhui", "s-c1@dc.pinhui"]
    );
}

#[test]
fn events_with_the_same_start_are_ordered_by_uid() {
    let mut ss = sessions();
    let mut twin = ss[0].clone();
    twin.session.id = "s-a0".into();
    ss.push(twin);
    let ics = render_feed(
        &org(),
        &proposals(),
        &ss,
        FeedScope::District,
        &FeedOptions::default(),
        now(),
    );
    assert_eq!(
        uids(&ics),
        [
            "s-a0@dc.pinhui",
            "s-a1@dc.pinhui",
            "s-b1@dc.pinhui",
            "s-c1@dc.pinhui"
        ]
    );
}

#[test]
fn person_feed_holds_only_their_sessions_timed_to_their_presence() {
    let ics = feed(FeedScope::Person(&pid("p-head")));
    assert_well_formed(&ics);
    assert_eq!(uids(&ics), ["s-a1@dc.pinhui", "s-b1@dc.pinhui"]);
    let evs = events(&ics);
    // Attends segment 2 only: the event starts at their own `from`, not at 09:00.
    let a1 = event_by_uid(&evs, "s-a1");
    assert!(a1.contains(&"DTSTART;TZID=Asia/Shanghai:20261201T100000".to_string()));
    assert!(a1.contains(&"DTEND;TZID=Asia/Shanghai:20261201T110000".to_string()));
    let desc = prop(a1, "DESCRIPTION");
    assert!(desc.contains("您参加：第 2 项（10:00–11:00），必须参加，视频参会"));
    assert!(desc.contains(
        "1. 09:00–10:00 党建工作会议（主办：区委组织部；主持：组织部部长；传达：市委组织工作会议）"
    ));
    assert!(desc.contains("会议形式：现场会议；密级：内部"));
    // Other attendees are not named in a personal feed.
    assert!(!ics.contains("王书记") && !ics.contains("赵社区主任"));
    // Presides the inspection without being an attendee.
    let b1 = event_by_uid(&evs, "s-b1");
    assert_eq!(prop(b1, "DTSTART"), "20261202T143000");
    assert!(prop(b1, "DESCRIPTION").contains("您主持：第 1 项"));
    assert!(!prop(b1, "DESCRIPTION").contains("您参加"));

    let sq = feed(FeedScope::Person(&pid("p-sq")));
    let a1 = events(&sq);
    let a1 = event_by_uid(&a1, "s-a1");
    assert_eq!(prop(a1, "DTSTART"), "20261201T090000");
    assert_eq!(prop(a1, "DTEND"), "20261201T100000");
}

#[test]
fn presiding_extends_a_persons_event() {
    let mut ss = sessions();
    // p-head attends segment 2 (10:00–11:00) and now presides segment 1.
    ss[0].session.segments[0].presider = pid("p-head");
    let ics = render_feed(
        &org(),
        &proposals(),
        &ss,
        FeedScope::Person(&pid("p-head")),
        &FeedOptions::default(),
        now(),
    );
    let evs = events(&ics);
    let a1 = event_by_uid(&evs, "s-a1");
    assert_eq!(prop(a1, "DTSTART"), "20261201T090000");
    assert_eq!(prop(a1, "DTEND"), "20261201T110000");
    assert!(prop(a1, "DESCRIPTION").contains("您主持：第 1 项"));
}

#[test]
fn concerns_follows_attendance_and_presiding() {
    let org = org();
    let ss = sessions();
    let (a1, b1, c1) = (&ss[0].session, &ss[1].session, &ss[2].session);
    let zzb = pid("p-zzb");
    assert!(concerns(&org, a1, &FeedScope::Person(&zzb)));
    assert!(!concerns(&org, b1, &FeedScope::Person(&zzb)));
    assert!(!concerns(&org, c1, &FeedScope::Person(&pid("p-head"))));
    assert!(concerns(&org, b1, &FeedScope::Unit(&uid("jd1"))));
    assert!(!concerns(&org, b1, &FeedScope::Unit(&uid("zzb"))));
    assert!(!concerns(&org, a1, &FeedScope::Person(&pid("nobody"))));
    assert!(concerns(&org, c1, &FeedScope::District));
}

#[test]
fn unit_feed_spans_its_peoples_presence() {
    let ics = feed(FeedScope::Unit(&uid("jd1")));
    assert_well_formed(&ics);
    assert!(unfold(&ics).contains(&"X-WR-CALNAME:东华门街道会议安排".to_string()));
    assert_eq!(
        uids(&ics),
        ["s-a1@dc.pinhui", "s-b1@dc.pinhui", "s-c1@dc.pinhui"]
    );
    let evs = events(&ics);
    let a1 = event_by_uid(&evs, "s-a1");
    assert_eq!(prop(a1, "DTSTART"), "20261201T090000");
    assert_eq!(prop(a1, "DTEND"), "20261201T110000");
    let desc = prop(a1, "DESCRIPTION");
    assert!(desc.contains("王书记：第 1、2 项（09:00–11:00）"));
    assert!(desc.contains("李主任：第 2 项（10:00–11:00），必须参加，视频参会"));
    assert!(!desc.contains("赵社区主任"), "another unit's attendee");

    // The organising department's head presides s-a1 and s-c1, not the
    // inspection; the community is in s-a1 (09:00–10:00) and s-b1.
    assert_eq!(
        uids(&feed(FeedScope::Unit(&uid("zzb")))),
        ["s-a1@dc.pinhui", "s-c1@dc.pinhui"]
    );
    let sq = feed(FeedScope::Unit(&uid("sq1")));
    let evs = events(&sq);
    assert_eq!(prop(event_by_uid(&evs, "s-a1"), "DTEND"), "20261201T100000");
    assert_eq!(evs.len(), 2);
}

#[test]
fn district_feed_uses_session_times_and_summaries() {
    let ics = feed(FeedScope::District);
    assert_well_formed(&ics);
    let evs = events(&ics);
    let a1 = event_by_uid(&evs, "s-a1");
    assert_eq!(prop(a1, "SUMMARY"), "【拼会】党建工作会议；宣传工作会议");
    assert_eq!(prop(a1, "LOCATION"), "区委第一会议室");
    assert_eq!(prop(a1, "DTSTART"), "20261201T090000");
    assert_eq!(prop(a1, "SEQUENCE"), "2");
    assert_eq!(prop(a1, "STATUS"), "CONFIRMED");
    assert_eq!(prop(a1, "DTSTAMP"), "20261127T083005Z");
    assert_eq!(prop(a1, "LAST-MODIFIED"), "20261127T083005Z");
    let b1 = event_by_uid(&evs, "s-b1");
    assert_eq!(prop(b1, "SUMMARY"), "【紧急】安全生产督查");
    assert_eq!(prop(b1, "LOCATION"), "多福巷社区（现场）");
    assert!(prop(b1, "DESCRIPTION").contains("检查对象：多福巷社区"));
    assert_eq!(
        prop(a1, "ORGANIZER"),
        "mailto:office@dc.gov.cn",
        "general office is the organizer"
    );
    assert!(a1.contains(&"ORGANIZER;CN=东城区委办公室:mailto:office@dc.gov.cn".to_string()));
}

#[test]
fn video_sessions_say_so_in_the_location() {
    let mut ss = sessions();
    ss[0].session.mode = Mode::Video;
    let ics = render_feed(
        &org(),
        &proposals(),
        &ss,
        FeedScope::District,
        &FeedOptions::default(),
        now(),
    );
    let evs = events(&ics);
    assert_eq!(
        prop(event_by_uid(&evs, "s-a1"), "LOCATION"),
        "区委第一会议室（视频会议）"
    );
}

#[test]
fn cancelled_sessions_are_marked_then_dropped_after_keep_days() {
    let scope = FeedScope::Person(&pid("p-sec"));
    let render = |now: NaiveDateTime| {
        render_feed(
            &org(),
            &proposals(),
            &sessions(),
            scope,
            &FeedOptions::default(),
            now,
        )
    };
    let ics = render(now());
    let evs = events(&ics);
    let c1 = event_by_uid(&evs, "s-c1");
    assert_eq!(prop(c1, "STATUS"), "CANCELLED");
    assert_eq!(prop(c1, "SEQUENCE"), "3");
    assert!(prop(c1, "SUMMARY").starts_with("【已取消】"));
    assert!(!c1.iter().any(|l| l == "BEGIN:VALARM"), "no reminder");
    assert_eq!(prop(event_by_uid(&evs, "s-a1"), "STATUS"), "CONFIRMED");

    // s-c1 ends Thu 10:00 Beijing = 02:00 UTC; kept for exactly 30 days.
    let end_utc = t(3, 2, 0);
    let kept = render(end_utc + Duration::days(30));
    assert!(uids(&kept).contains(&"s-c1@dc.pinhui".to_string()));
    let dropped = render(end_utc + Duration::days(30) + Duration::minutes(1));
    assert_eq!(uids(&dropped), ["s-a1@dc.pinhui"], "confirmed ones stay");
}

#[test]
fn calendar_header_and_vtimezone() {
    let ics = feed(FeedScope::Person(&pid("p-head")));
    let lines = unfold(&ics);
    let header: Vec<&str> = lines.iter().take(10).map(String::as_str).collect();
    assert_eq!(
        header,
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//pinhui//拼会 1.0//ZH",
            "CALSCALE:GREGORIAN",
            "NAME:李主任的会议",
            "X-WR-CALNAME:李主任的会议",
            "X-WR-TIMEZONE:Asia/Shanghai",
            "REFRESH-INTERVAL;VALUE=DURATION:PT60M",
            "X-PUBLISHED-TTL:PT60M",
            "BEGIN:VTIMEZONE",
        ]
    );
    let tz = ics
        .split("BEGIN:VTIMEZONE\r\n")
        .nth(1)
        .and_then(|r| r.split("END:VTIMEZONE").next())
        .unwrap();
    assert_eq!(
        tz,
        "TZID:Asia/Shanghai\r\nX-LIC-LOCATION:Asia/Shanghai\r\nBEGIN:STANDARD\r\n\
         DTSTART:19700101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\n\
         TZNAME:CST\r\nEND:STANDARD\r\n"
    );
    assert_eq!(ics.matches("BEGIN:VTIMEZONE").count(), 1);
    // Every TZID parameter refers to it.
    for l in &lines {
        if let Some(i) = l.find(";TZID=") {
            assert!(l[i..].starts_with(";TZID=Asia/Shanghai:"), "{l}");
        }
    }
    assert!(unfold(&feed(FeedScope::District)).contains(&"NAME:东城区一周会议安排".to_string()));
}

#[test]
fn no_attendees_method_or_other_contact_details() {
    for scope in [
        FeedScope::Person(&pid("p-sq")),
        FeedScope::Unit(&uid("jd1")),
        FeedScope::District,
    ] {
        let ics = feed(scope);
        for l in unfold(&ics) {
            assert!(!l.starts_with("ATTENDEE"), "{l}");
            assert!(!l.starts_with("METHOD"), "{l}");
            assert!(!l.starts_with("CONTACT"), "{l}");
            if l.contains('@') {
                assert!(l.starts_with("UID:") || l.starts_with("ORGANIZER"), "{l}");
            }
        }
    }
}

#[test]
fn uids_are_the_same_in_every_feed() {
    let person = events(&feed(FeedScope::Person(&pid("p-sq"))));
    let unit = events(&feed(FeedScope::Unit(&uid("sq1"))));
    let district = events(&feed(FeedScope::District));
    for e in [&person, &unit, &district] {
        let a1 = event_by_uid(e, "s-a1");
        assert_eq!(prop(a1, "UID"), "s-a1@dc.pinhui");
    }
    // Same session, different spans: the UID does not depend on the scope.
    assert_ne!(
        prop(event_by_uid(&person, "s-a1"), "DTEND"),
        prop(event_by_uid(&district, "s-a1"), "DTEND")
    );
}

#[test]
fn reminders_are_deterministic_and_optional() {
    let ics = feed(FeedScope::District);
    let alarm = ics
        .split("BEGIN:VALARM\r\n")
        .nth(1)
        .and_then(|r| r.split("END:VALARM").next())
        .unwrap();
    // Built with the crate, which would write a random UID and the current
    // time as DTSTAMP into a VALARM that lacks them: both are fixed here.
    let alarm_lines = unfold(alarm);
    assert_eq!(
        alarm_lines,
        [
            "ACTION:DISPLAY",
            "DESCRIPTION:会议提醒：【拼会】党建工作会议；宣传工作会议",
            "DTSTAMP:20261127T083005Z",
            "TRIGGER;RELATED=START:-PT1800S",
            "UID:alarm-s-a1@dc.pinhui",
        ]
    );
    assert_eq!(
        ics.matches("BEGIN:VALARM").count(),
        2,
        "not on the cancelled one"
    );

    let opts = FeedOptions {
        reminder_minutes: None,
        refresh_minutes: 15,
        ..FeedOptions::default()
    };
    let quiet = render_feed(
        &org(),
        &proposals(),
        &sessions(),
        FeedScope::District,
        &opts,
        now(),
    );
    assert!(!quiet.contains("VALARM"));
    assert!(quiet.contains("REFRESH-INTERVAL;VALUE=DURATION:PT15M\r\nX-PUBLISHED-TTL:PT15M\r\n"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn any_title_and_name_keep_the_feed_well_formed(
        title in any::<String>(),
        name in any::<String>(),
        office in any::<String>(),
    ) {
        let names = Names { office, head: name, room: title.clone(), ..Names::default() };
        for scope in [FeedScope::Person(&pid("p-head")), FeedScope::District] {
            let ics = render_feed(
                &org_with(&names),
                &proposals(),
                &sessions_with(&title),
                scope,
                &FeedOptions::default(),
                now(),
            );
            assert_well_formed(&ics);
            let expected = if matches!(scope, FeedScope::District) { 3 } else { 2 };
            prop_assert_eq!(events(&ics).len(), expected);
        }
    }
}
