//! iCalendar feeds: scope, timing, content, escaping and serialisation.

use chrono::{Duration, NaiveDate, NaiveDateTime};
use pinhui::ics::{FeedOptions, FeedScope, concerns, render_feed};
use pinhui::model::{
    Attendance, Attendee, Confidentiality, District, MeetingKind, Minutes, Mode, Org, Person,
    PersonId, Position, Proposal, ProposalId, PublishedSession, Relay, Role, Room, RoomId, Segment,
    Session, SessionCost, Site, Unit, UnitId, UnitKind, Venue, Window,
};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const HOSTILE: &str = "a\r\nATTENDEE:evil;x,y\\z 中文";

fn t(day: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

fn pid(s: &str) -> PersonId {
    PersonId::parse(s).unwrap()
}

fn uid(s: &str) -> UnitId {
    UnitId::parse(s).unwrap()
}

fn unit(id: &str, name: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
    Unit {
        id: uid(id),
        name: name.to_string(),
        kind,
        parent: parent.map(uid),
        tags: BTreeSet::new(),
        travel: Minutes(20),
    }
}

fn person(id: &str, name: &str, unit: &str, role: Role) -> Person {
    Person {
        id: pid(id),
        name: name.to_string(),
        positions: vec![Position {
            unit: uid(unit),
            role,
        }],
    }
}

/// Names are parameters so tests can make them hostile.
struct Names {
    office: String,
    email: String,
    room: String,
    head: String,
}

impl Default for Names {
    fn default() -> Self {
        Names {
            office: "东城区委办公室".into(),
            email: "office@dc.gov.cn".into(),
            room: "区委第一会议室".into(),
            head: "李主任".into(),
        }
    }
}

fn org_with(n: &Names) -> Org {
    Org::new(
        District {
            id: uid("dc"),
            name: "东城区".into(),
            general_office: n.office.clone(),
            organizer_email: n.email.clone(),
        },
        vec![
            unit("zzb", "区委组织部", UnitKind::Department, None),
            unit("jd1", "东华门街道", UnitKind::Street, None),
            unit("sq1", "多福巷社区", UnitKind::Community, Some("jd1")),
        ],
        vec![
            person("p-zzb", "组织部部长", "zzb", Role::Head),
            person("p-sec", "王书记", "jd1", Role::Secretary),
            person("p-head", &n.head, "jd1", Role::Head),
            person("p-sq", "赵社区主任", "sq1", Role::Head),
        ],
        vec![Room {
            id: RoomId::parse("r1").unwrap(),
            name: n.room.clone(),
            site: Site::Seat,
            capacity: 80,
            video: true,
        }],
    )
    .unwrap()
}

fn org() -> Org {
    org_with(&Names::default())
}

fn segment(
    proposal: &str,
    title: &str,
    presider: &str,
    start: NaiveDateTime,
    end: NaiveDateTime,
) -> Segment {
    Segment {
        proposal: ProposalId::parse(proposal).unwrap(),
        title: title.to_string(),
        organiser: uid("zzb"),
        kind: MeetingKind::Department,
        presider: pid(presider),
        start,
        end,
        urgent: false,
        pending_approval: false,
    }
}

fn attendee(
    person: &str,
    segments: &[usize],
    from: NaiveDateTime,
    to: NaiveDateTime,
    video: bool,
) -> Attendee {
    Attendee {
        person: pid(person),
        attendance: Attendance::Required,
        video,
        segments: segments.to_vec(),
        from,
        to,
        trip_minutes: 0,
    }
}

fn session(id: &str, venue: Venue, segments: Vec<Segment>, attendees: Vec<Attendee>) -> Session {
    Session {
        id: id.to_string(),
        start: segments.first().unwrap().start,
        end: segments.last().unwrap().end,
        venue,
        mode: Mode::InPerson,
        confidentiality: Confidentiality::Internal,
        on_meeting_free_day: false,
        segments,
        attendees,
        merge: None,
        cost: SessionCost::default(),
    }
}

fn seat() -> Venue {
    Venue {
        room: Some(RoomId::parse("r1").unwrap()),
        site: Site::Seat,
    }
}

fn published(session: Session, sequence: u32, cancelled: bool) -> PublishedSession {
    PublishedSession {
        session,
        sequence,
        last_modified: NaiveDate::from_ymd_opt(2026, 11, 27)
            .unwrap()
            .and_hms_opt(8, 30, 5)
            .unwrap(),
        cancelled,
    }
}

/// s-a1: merged session (two segments) at the seat, Tue 09:00–11:00;
/// s-b1: urgent inspection at the community (no room), Wed 14:30–15:30,
///       presided by p-head;
/// s-c1: cancelled, Thu 09:00–10:00, only p-sec.
fn sessions_with(second_title: &str) -> Vec<PublishedSession> {
    let a1 = session(
        "s-a1",
        seat(),
        vec![
            segment("a1", "党建工作会议", "p-zzb", t(1, 9, 0), t(1, 10, 0)),
            segment("a2", second_title, "p-zzb", t(1, 10, 0), t(1, 11, 0)),
        ],
        vec![
            attendee("p-sec", &[0, 1], t(1, 9, 0), t(1, 11, 0), false),
            attendee("p-head", &[1], t(1, 10, 0), t(1, 11, 0), true),
            attendee("p-sq", &[0], t(1, 9, 0), t(1, 10, 0), false),
        ],
    );
    let mut inspection = segment("b1", "安全生产督查", "p-head", t(2, 14, 30), t(2, 15, 30));
    inspection.urgent = true;
    inspection.kind = MeetingKind::Inspection;
    let b1 = session(
        "s-b1",
        Venue {
            room: None,
            site: Site::Unit(uid("sq1")),
        },
        vec![inspection],
        vec![attendee("p-sq", &[0], t(2, 14, 30), t(2, 15, 30), false)],
    );
    let c1 = session(
        "s-c1",
        seat(),
        vec![segment(
            "c1",
            "已撤回的会议",
            "p-zzb",
            t(3, 9, 0),
            t(3, 10, 0),
        )],
        vec![attendee("p-sec", &[0], t(3, 9, 0), t(3, 10, 0), false)],
    );
    vec![
        published(a1, 2, false),
        published(b1, 0, false),
        published(c1, 3, true),
    ]
}

fn sessions() -> Vec<PublishedSession> {
    sessions_with("宣传工作会议")
}

fn proposals() -> BTreeMap<ProposalId, Proposal> {
    let p = Proposal {
        id: ProposalId::parse("a1").unwrap(),
        title: "党建工作会议".into(),
        organiser: uid("zzb"),
        kind: MeetingKind::Department,
        presider: pid("p-zzb"),
        duration: Minutes(60),
        window: Window::new(t(1, 8, 0), t(5, 18, 0)).unwrap(),
        preferred: None,
        mode: Mode::InPerson,
        mergeable: true,
        confidentiality: Confidentiality::Internal,
        urgent: false,
        filed: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
        relays: Some(Relay {
            meeting: "市委组织工作会议".into(),
            is_video: false,
        }),
        target: None,
        audience: vec![],
    };
    let mut b = p.clone();
    b.id = ProposalId::parse("b1").unwrap();
    b.relays = None;
    b.target = Some(uid("sq1"));
    [(p.id.clone(), p), (b.id.clone(), b)].into_iter().collect()
}

/// Shortly after publication (UTC).
fn now() -> NaiveDateTime {
    t(1, 0, 0)
}

fn feed(scope: FeedScope) -> String {
    render_feed(
        &org(),
        &proposals(),
        &sessions(),
        scope,
        &FeedOptions::default(),
        now(),
    )
}

fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split_terminator("\r\n")
        .map(str::to_string)
        .collect()
}

/// The unfolded lines of each VEVENT (VALARM included).
fn events(ics: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut cur: Option<Vec<String>> = None;
    for l in unfold(ics) {
        match l.as_str() {
            "BEGIN:VEVENT" => cur = Some(Vec::new()),
            "END:VEVENT" => out.push(cur.take().unwrap()),
            _ => {
                if let Some(c) = cur.as_mut() {
                    c.push(l);
                }
            }
        }
    }
    out
}

/// The value of the first property `name` (with any parameters) of an event.
fn prop<'a>(event: &'a [String], name: &str) -> &'a str {
    event
        .iter()
        .find_map(|l| {
            let rest = l.strip_prefix(name)?;
            let rest = rest.strip_prefix(':').or_else(|| {
                rest.strip_prefix(';')
                    .and_then(|r| r.split_once(':').map(|x| x.1))
            })?;
            Some(rest)
        })
        .unwrap_or_else(|| panic!("no {name} in {event:#?}"))
}

fn event_by_uid<'a>(evs: &'a [Vec<String>], session: &str) -> &'a [String] {
    let want = format!("{session}@dc.pinhui");
    evs.iter()
        .find(|e| prop(e, "UID") == want)
        .unwrap_or_else(|| panic!("no event {session}"))
}

fn uids(ics: &str) -> Vec<String> {
    events(ics)
        .iter()
        .map(|e| prop(e, "UID").to_string())
        .collect()
}

/// Serialisation rules every feed must keep.
fn assert_well_formed(ics: &str) {
    let bytes = ics.as_bytes();
    assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "BOM");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\n' {
            assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at byte {i}");
        }
        if b == b'\r' {
            assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at byte {i}");
        }
    }
    // Physical lines as raw bytes: a fold that split a character would leave
    // an invalid UTF-8 sequence at the end or start of a line.
    let body = &bytes[..bytes.len() - 2];
    for line in body.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(!line.is_empty(), "blank line");
        assert!(line.len() <= 75, "line of {} octets", line.len());
        std::str::from_utf8(line).expect("each physical line is valid UTF-8");
    }
    // Every logical line is a property of a known shape: NAME followed by ':'
    // or ';' — nothing in a value may start a line of its own.
    for l in unfold(ics) {
        let name_end = l
            .find([':', ';'])
            .unwrap_or_else(|| panic!("no ':' in {l:?}"));
        let name = &l[..name_end];
        assert!(
            !name.is_empty() && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'-'),
            "bad property name in {l:?}"
        );
        assert!(
            ALLOWED.contains(&name),
            "unexpected property {name} in {l:?}"
        );
    }
}

const ALLOWED: &[&str] = &[
    "BEGIN",
    "END",
    "VERSION",
    "PRODID",
    "CALSCALE",
    "NAME",
    "X-WR-CALNAME",
    "X-WR-TIMEZONE",
    "REFRESH-INTERVAL",
    "X-PUBLISHED-TTL",
    "TZID",
    "X-LIC-LOCATION",
    "DTSTART",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "TZNAME",
    "UID",
    "DTSTAMP",
    "LAST-MODIFIED",
    "SEQUENCE",
    "STATUS",
    "TRANSP",
    "DTEND",
    "SUMMARY",
    "LOCATION",
    "DESCRIPTION",
    "ORGANIZER",
    "ACTION",
    "TRIGGER",
];

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
    assert!(alarm.starts_with("ACTION:DISPLAY\r\nTRIGGER:-PT30M\r\nDESCRIPTION:会议提醒："));
    assert!(!alarm.contains("UID") && !alarm.contains("DTSTAMP"));
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

/// Writes sample feeds for the external validators:
/// `PINHUI_ICS_OUT=/tmp/feeds cargo test --test ics_feed -- --ignored`
/// then `python3 tests/tools/validate_ics.py /tmp/feeds`.
#[test]
#[ignore = "writes files; run with PINHUI_ICS_OUT=DIR"]
fn write_sample_feeds() {
    let dir = std::path::PathBuf::from(
        std::env::var("PINHUI_ICS_OUT").expect("set PINHUI_ICS_OUT to a directory"),
    );
    std::fs::create_dir_all(dir.join("people")).unwrap();
    std::fs::create_dir_all(dir.join("units")).unwrap();
    let long = "关于进一步加强基层社会治理和推进城市更新行动的专题部署会议".repeat(6);
    let samples: [(&str, Vec<PublishedSession>, Names); 3] = [
        ("plain", sessions(), Names::default()),
        ("long", sessions_with(&long), Names::default()),
        (
            "hostile",
            sessions_with(HOSTILE),
            Names {
                office: "区委\"办\r\nATTENDEE:x;y,z".into(),
                email: "evil\r\nATTENDEE:mailto:x@y".into(),
                room: HOSTILE.into(),
                head: HOSTILE.into(),
            },
        ),
    ];
    for (tag, ss, names) in samples {
        let org = org_with(&names);
        let write = |path: std::path::PathBuf, scope: FeedScope| {
            let ics = render_feed(
                &org,
                &proposals(),
                &ss,
                scope,
                &FeedOptions::default(),
                now(),
            );
            std::fs::write(path, ics).unwrap();
        };
        write(dir.join(format!("district-{tag}.ics")), FeedScope::District);
        for p in org.people() {
            write(
                dir.join("people").join(format!("{}-{tag}.ics", p.id)),
                FeedScope::Person(&p.id),
            );
        }
        for u in org.units() {
            write(
                dir.join("units").join(format!("{}-{tag}.ics", u.id)),
                FeedScope::Unit(&u.id),
            );
        }
    }
}
