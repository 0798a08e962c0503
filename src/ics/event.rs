//! One VEVENT per published session: which time span a scope sees, and the
//! Chinese summary, location and agenda description.

use super::FeedScope;
use super::escape::{one_line, truncate_chars, uri_value};
use super::props;
use super::vtimezone::TZID;
use crate::model::{
    Mode, Org, PersonId, Proposal, ProposalId, PublishedSession, Session, Site, UnitId,
};
use chrono::{Duration, NaiveDateTime};
use icalendar::{Alarm, Component, Event, EventLike, Trigger};
use std::collections::BTreeMap;

/// Longest SUMMARY, in characters.
const SUMMARY_MAX_CHARS: usize = 120;

/// A local (Beijing) time span `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Span {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

impl Span {
    fn cover(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

fn cover(a: Option<Span>, b: Span) -> Option<Span> {
    Some(a.map_or(b, |a| a.cover(b)))
}

/// The person's own presence in the session: their attendance, extended to
/// the segments they preside. `None` when the session does not concern them.
pub(crate) fn person_span(s: &Session, person: &PersonId) -> Option<Span> {
    let attending = s
        .attendees
        .iter()
        .filter(|a| &a.person == person)
        .map(|a| Span {
            start: a.from,
            end: a.to,
        });
    let presiding = s
        .segments
        .iter()
        .filter(|seg| &seg.presider == person)
        .map(|seg| Span {
            start: seg.start,
            end: seg.end,
        });
    attending.chain(presiding).fold(None, cover)
}

/// The span the scope sees; `None` when the session does not concern it.
pub(crate) fn scope_span(org: &Org, s: &Session, scope: &FeedScope) -> Option<Span> {
    match scope {
        FeedScope::Person(p) => person_span(s, p),
        FeedScope::Unit(u) => org
            .members_of(u)
            .iter()
            .filter_map(|p| person_span(s, p))
            .fold(None, cover),
        FeedScope::District => Some(Span {
            start: s.start,
            end: s.end,
        }),
    }
}

/// What one VEVENT needs besides the session itself.
pub(crate) struct EventCtx<'a> {
    pub org: &'a Org,
    pub proposals: &'a BTreeMap<ProposalId, Proposal>,
    pub scope: &'a FeedScope<'a>,
    pub reminder_minutes: Option<u32>,
}

/// `{session id}@{district id}.pinhui`: the same in every feed.
pub(crate) fn uid(org: &Org, s: &Session) -> String {
    format!("{}@{}.pinhui", s.id, org.district.id)
}

/// `alarm-{session id}@{district id}.pinhui`: the reminder's fixed UID (the
/// crate would otherwise write a random one).
fn alarm_uid(org: &Org, s: &Session) -> String {
    format!("alarm-{}", uid(org, s))
}

/// The VEVENT of a published session as the scope sees it. Every property the
/// crate would otherwise fill in (UID, DTSTAMP, also in the VALARM) is set
/// here, so the same input gives the same bytes.
pub(crate) fn build(ctx: &EventCtx, ps: &PublishedSession, span: Span) -> Event {
    let s = &ps.session;
    let stamp = utc_stamp(ps.last_modified);
    let summary = summary(s, ps.cancelled);
    let (status, transp) = if ps.cancelled {
        ("CANCELLED", "TRANSPARENT")
    } else {
        ("CONFIRMED", "OPAQUE")
    };
    let mut ev = Event::new();
    ev.append_property(props::text("UID", &uid(ctx.org, s)))
        .append_property(props::raw("DTSTAMP", &stamp))
        .append_property(props::raw("LAST-MODIFIED", &stamp))
        .append_property(props::raw("SEQUENCE", &ps.sequence.to_string()))
        .append_property(props::raw("STATUS", status))
        .append_property(props::raw("TRANSP", transp))
        .append_property(local_time("DTSTART", span.start));
    // RFC 5545 wants DTEND after DTSTART; an empty span is an instant.
    if span.end > span.start {
        ev.append_property(local_time("DTEND", span.end));
    }
    ev.append_property(props::text("SUMMARY", &summary))
        .append_property(props::text("LOCATION", &location(ctx.org, s)))
        .append_property(props::text("DESCRIPTION", &description(ctx, ps)));
    if let Some(o) = organizer(ctx.org) {
        ev.append_property(o);
    }
    if let (Some(minutes), false) = (ctx.reminder_minutes, ps.cancelled) {
        let mut alarm = Alarm::display(
            &super::escape::clean_text(&format!("会议提醒：{summary}")),
            Trigger::before_start(Duration::minutes(i64::from(minutes))),
        );
        alarm
            .append_property(props::text("UID", &alarm_uid(ctx.org, s)))
            .append_property(props::raw("DTSTAMP", &stamp));
        ev.alarm(alarm);
    }
    ev.done()
}

fn local_time(key: &str, t: NaiveDateTime) -> icalendar::Property {
    props::with_param(props::raw(key, &local_stamp(t)), "TZID", TZID)
}

fn organizer(org: &Org) -> Option<icalendar::Property> {
    let email = uri_value(org.district.organizer_email.trim());
    if email.is_empty() {
        return None;
    }
    let p = props::raw("ORGANIZER", &format!("mailto:{email}"));
    let cn = one_line(&org.district.general_office);
    Some(if cn.is_empty() {
        p
    } else {
        props::with_param(p, "CN", &cn)
    })
}

fn utc_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn local_stamp(t: NaiveDateTime) -> String {
    t.format("%Y%m%dT%H%M%S").to_string()
}

fn hm(t: NaiveDateTime) -> String {
    t.format("%H:%M").to_string()
}

/// “【已取消】【紧急】【拼会】甲；乙”, at most [`SUMMARY_MAX_CHARS`] characters.
pub(crate) fn summary(s: &Session, cancelled: bool) -> String {
    let mut prefix = String::new();
    if cancelled {
        prefix.push_str("【已取消】");
    }
    if s.segments.iter().any(|seg| seg.urgent) {
        prefix.push_str("【紧急】");
    }
    if s.segments.len() > 1 {
        prefix.push_str("【拼会】");
    }
    let titles = s
        .segments
        .iter()
        .map(|seg| title(&seg.title))
        .collect::<Vec<_>>()
        .join("；");
    let room = SUMMARY_MAX_CHARS.saturating_sub(prefix.chars().count());
    prefix + &truncate_chars(&titles, room)
}

fn title(t: &str) -> String {
    let t = one_line(t);
    if t.is_empty() {
        "（无标题）".to_string()
    } else {
        t
    }
}

pub(crate) fn unit_name(org: &Org, id: &UnitId) -> String {
    org.unit(id)
        .map_or_else(|| id.to_string(), |u| one_line(&u.name))
}

pub(crate) fn person_name(org: &Org, id: &PersonId) -> String {
    org.person(id)
        .map_or_else(|| id.to_string(), |p| one_line(&p.name))
}

/// Room name, or the visited unit “（现场）”; “（视频会议）” for video sessions.
pub(crate) fn location(org: &Org, s: &Session) -> String {
    let mut loc = match (&s.venue.room, &s.venue.site) {
        (Some(room), _) => org
            .room(room)
            .map_or_else(|| room.to_string(), |r| one_line(&r.name)),
        (None, Site::Unit(u)) => format!("{}（现场）", unit_name(org, u)),
        (None, Site::Seat) => one_line(&org.district.name),
    };
    if s.mode == Mode::Video {
        loc.push_str("（视频会议）");
    }
    loc
}

/// “第 1、2 项”.
fn items(indexes: impl IntoIterator<Item = usize>) -> String {
    let list = indexes
        .into_iter()
        .map(|i| (i + 1).to_string())
        .collect::<Vec<_>>()
        .join("、");
    format!("第 {list} 项")
}

/// What the person does in the session: attendance, e.g. “第 1、2 项
/// （09:00–10:20），必须参加，现场参会”, and the segments they preside, e.g.
/// “第 3 项”. Both `None` when the session does not concern them.
fn own_part(s: &Session, person: &PersonId) -> (Option<String>, Option<String>) {
    let attends = s.attendees.iter().find(|a| &a.person == person).map(|a| {
        format!(
            "{}（{}–{}），{}，{}",
            items(a.segments.iter().copied()),
            hm(a.from),
            hm(a.to),
            a.attendance.label(),
            if a.video {
                "视频参会"
            } else {
                "现场参会"
            }
        )
    });
    let presided: Vec<usize> = s
        .segments
        .iter()
        .enumerate()
        .filter(|(_, seg)| &seg.presider == person)
        .map(|(i, _)| i)
        .collect();
    let presides = (!presided.is_empty()).then(|| items(presided));
    (attends, presides)
}

/// The full agenda, then what concerns the scope, then mode and confidentiality.
pub(crate) fn description(ctx: &EventCtx, ps: &PublishedSession) -> String {
    let s = &ps.session;
    let org = ctx.org;
    let mut out: Vec<String> = Vec::new();
    if ps.cancelled {
        out.push("本次会议已取消。".to_string());
    }
    if s.on_meeting_free_day {
        out.push("无会日紧急会议。".to_string());
    }
    out.push("议程：".to_string());
    for (i, seg) in s.segments.iter().enumerate() {
        let mut notes = vec![
            format!("主办：{}", unit_name(org, &seg.organiser)),
            format!("主持：{}", person_name(org, &seg.presider)),
        ];
        if let Some(p) = ctx.proposals.get(&seg.proposal) {
            if let Some(relay) = &p.relays {
                notes.push(format!("传达：{}", one_line(&relay.meeting)));
            }
            if let Some(target) = &p.target {
                notes.push(format!("检查对象：{}", unit_name(org, target)));
            }
        }
        out.push(format!(
            "{}. {}–{} {}{}（{}）",
            i + 1,
            hm(seg.start),
            hm(seg.end),
            title(&seg.title),
            if seg.urgent { "【紧急】" } else { "" },
            notes.join("；")
        ));
    }
    match ctx.scope {
        FeedScope::Person(p) => {
            let (attends, presides) = own_part(s, p);
            out.extend(attends.map(|a| format!("您参加：{a}")));
            out.extend(presides.map(|pr| format!("您主持：{pr}")));
        }
        FeedScope::Unit(u) => {
            let parts: Vec<String> = org
                .members_of(u)
                .iter()
                .filter_map(|p| {
                    let (attends, presides) = own_part(s, p);
                    let part = [attends, presides.map(|x| format!("主持{x}"))]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>();
                    (!part.is_empty())
                        .then(|| format!("{}：{}", person_name(org, p), part.join("；")))
                })
                .collect();
            if !parts.is_empty() {
                out.push("本单位参会：".to_string());
                out.extend(parts);
            }
        }
        FeedScope::District => {
            out.push(format!("参会人数：{}", s.attendees.len()));
        }
    }
    out.push(format!(
        "会议形式：{}；密级：{}",
        s.mode.label(),
        s.confidentiality.label()
    ));
    out.join("\n")
}
