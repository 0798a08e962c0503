//! Fixtures for iCalendar feed tests and the CI's hard-fixture feeds
//! (examples/ics_fixtures.rs includes this file): a small org, three published
//! sessions (merged and changed, urgent inspection, cancelled), hostile and
//! long names, and helpers that read a feed back line by line.
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use pinhui::ics::{FeedOptions, FeedScope, render_feed};
use pinhui::model::{
    Attendance, Attendee, Confidentiality, District, MeetingKind, Minutes, Mode, Org, Person,
    PersonId, Position, Proposal, ProposalId, PublishedSession, Relay, Role, Room, RoomId, Segment,
    Session, SessionCost, Site, Unit, UnitId, UnitKind, Venue, Window,
};
use std::collections::{BTreeMap, BTreeSet};

pub const HOSTILE: &str = "a\r\nATTENDEE:evil;x,y\\z 中文";

pub fn t(day: u32, h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, day)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

pub fn pid(s: &str) -> PersonId {
    PersonId::parse(s).unwrap()
}

pub fn uid(s: &str) -> UnitId {
    UnitId::parse(s).unwrap()
}

pub fn unit(id: &str, name: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
    Unit {
        id: uid(id),
        name: name.to_string(),
        kind,
        parent: parent.map(uid),
        tags: BTreeSet::new(),
        travel: Minutes(20),
    }
}

pub fn person(id: &str, name: &str, unit: &str, role: Role) -> Person {
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
pub struct Names {
    pub office: String,
    pub email: String,
    pub room: String,
    pub head: String,
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

pub fn org_with(n: &Names) -> Org {
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

pub fn org() -> Org {
    org_with(&Names::default())
}

pub fn segment(
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

pub fn attendee(
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

pub fn session(
    id: &str,
    venue: Venue,
    segments: Vec<Segment>,
    attendees: Vec<Attendee>,
) -> Session {
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

pub fn seat() -> Venue {
    Venue {
        room: Some(RoomId::parse("r1").unwrap()),
        site: Site::Seat,
    }
}

pub fn published(session: Session, sequence: u32, cancelled: bool) -> PublishedSession {
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
pub fn sessions_with(second_title: &str) -> Vec<PublishedSession> {
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

pub fn sessions() -> Vec<PublishedSession> {
    sessions_with("宣传工作会议")
}

pub fn proposals() -> BTreeMap<ProposalId, Proposal> {
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
pub fn now() -> NaiveDateTime {
    t(1, 0, 0)
}

pub fn feed(scope: FeedScope) -> String {
    render_feed(
        &org(),
        &proposals(),
        &sessions(),
        scope,
        &FeedOptions::default(),
        now(),
    )
}

pub fn unfold(ics: &str) -> Vec<String> {
    ics.replace("\r\n ", "")
        .split_terminator("\r\n")
        .map(str::to_string)
        .collect()
}

/// The unfolded lines of each VEVENT (VALARM included).
pub fn events(ics: &str) -> Vec<Vec<String>> {
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
pub fn prop<'a>(event: &'a [String], name: &str) -> &'a str {
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

pub fn event_by_uid<'a>(evs: &'a [Vec<String>], session: &str) -> &'a [String] {
    let want = format!("{session}@dc.pinhui");
    evs.iter()
        .find(|e| prop(e, "UID") == want)
        .unwrap_or_else(|| panic!("no event {session}"))
}

pub fn uids(ics: &str) -> Vec<String> {
    events(ics)
        .iter()
        .map(|e| prop(e, "UID").to_string())
        .collect()
}

/// Serialisation rules every feed must keep.
pub fn assert_well_formed(ics: &str) {
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

pub const ALLOWED: &[&str] = &[
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

/// Names that try to inject properties and break lines.
pub fn hostile_names() -> Names {
    Names {
        office: "区委\"办\r\nATTENDEE:x;y,z".into(),
        email: "evil\r\nATTENDEE:mailto:x@y".into(),
        room: HOSTILE.into(),
        head: HOSTILE.into(),
    }
}

/// RFC 5545 TEXT unescaping.
pub fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut it = s.chars();
    while let Some(c) = it.next() {
        if c == '\\' {
            match it.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(o) => out.push(o),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}
