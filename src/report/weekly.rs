//! The printable weekly plan (一周会议安排): a Monday–Sunday × 上午/下午 grid,
//! then what each township/street's people attend. Every interpolated string
//! goes through `escape_html`.

use super::agenda::{presiders, sorted_sessions, units_summary};
use super::escape::escape_html as e;
use super::names::{self, grassroots_of, person_name, venue_name};
use super::page::{date_cn, hm, is_afternoon, page, span_cn, weekday_cn};
use crate::model::{Org, Plan, Proposal, Session, Unit};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::fmt::Write;

const WEEKLY_CSS: &str = "\
@page { size: A4 landscape; margin: 10mm; }\
table.grid{table-layout:fixed}\
table.grid th.half{width:4em;text-align:center}\
table.grid td{font-size:12px;height:6em}\
td.slot .session{border-left:3px solid #2b6cb0;padding:2px 4px;margin:0 0 6px;background:#f7fafc}\
td.slot .session .time{font-weight:bold}\
td.slot ol{margin:2px 0;padding-left:1.4em}\
.sid{color:#718096;font-size:11px}\
nav.unit-index{font-size:13px;line-height:1.9}nav.unit-index a{margin-right:.8em;white-space:nowrap}\
@media print{body{margin:0;font-size:10px;-webkit-print-color-adjust:exact;print-color-adjust:exact}\
nav.unit-index{display:none}table.grid td{font-size:9px;height:auto}.sid{font-size:8px}\
thead{display:table-header-group}table:not(.grid) tr{break-inside:avoid}\
section.unit{break-inside:avoid}td.slot .session{break-inside:avoid}\
h2{break-before:page}a{color:inherit;text-decoration:none}}";

pub fn weekly_plan_html(org: &Org, proposals: &[Proposal], plan: &Plan) -> String {
    let days: Vec<NaiveDate> = plan.week.days().collect();
    let title = format!("{} {} 一周会议安排", org.district.name, plan.week);
    let sessions = sorted_sessions(plan);
    let mut b = String::new();
    let _ = writeln!(b, "<h1 id=\"title\">{}</h1>", e(&title));
    let _ = writeln!(
        b,
        "<p class=\"muted\">{} 至 {}；共 {} 场会议；发布单位：{}</p>",
        e(&date_cn(days[0])),
        e(&date_cn(days[6])),
        sessions.len(),
        e(&org.district.general_office)
    );

    b.push_str("<table class=\"grid\" id=\"week-grid\">\n<thead><tr><th class=\"half\"></th>");
    for d in &days {
        let _ = write!(
            b,
            "<th data-date=\"{d}\">{}<br>{}</th>",
            weekday_cn(*d),
            e(&date_cn(*d))
        );
    }
    b.push_str("</tr></thead>\n<tbody>\n");
    for (afternoon, label, code) in [(false, "上午", "am"), (true, "下午", "pm")] {
        let _ = write!(b, "<tr><th class=\"half\">{label}</th>");
        for d in &days {
            let _ = write!(
                b,
                "<td class=\"slot\" data-date=\"{d}\" data-half=\"{code}\">"
            );
            for s in sessions
                .iter()
                .filter(|s| s.start.date() == *d && is_afternoon(s.start) == afternoon)
            {
                session_card(&mut b, org, s, false);
            }
            b.push_str("</td>");
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</tbody></table>\n");

    let outside: Vec<&&Session> = sessions
        .iter()
        .filter(|s| !days.contains(&s.start.date()))
        .collect();
    if !outside.is_empty() {
        b.push_str("<h2>本周以外的会议</h2>\n<div id=\"outside-week\">\n");
        for s in outside {
            session_card(&mut b, org, s, true);
        }
        b.push_str("</div>\n");
    }

    unplaced(&mut b, proposals, plan);
    dropped_relays(&mut b, proposals, plan);
    by_unit(&mut b, org, &sessions);
    page(&title, WEEKLY_CSS, &b)
}

fn session_card(b: &mut String, org: &Org, s: &Session, with_date: bool) {
    let _ = writeln!(
        b,
        "<div class=\"session\" id=\"session-{id}\" data-session=\"{id}\">",
        id = e(&s.id)
    );
    let when = if with_date {
        span_cn(s.start, s.end)
    } else {
        format!("{}–{}", hm(s.start), hm(s.end))
    };
    let free = if s.on_meeting_free_day {
        " <span class=\"urgent\">【无会日紧急】</span>"
    } else {
        ""
    };
    let _ = writeln!(b, "<div class=\"time\">{}{free}</div>", e(&when));
    b.push_str("<ol class=\"agenda\">");
    for g in &s.segments {
        let urgent = if g.urgent {
            "<span class=\"urgent\">【紧急】</span>"
        } else {
            ""
        };
        let _ = write!(
            b,
            "<li>{urgent}{}（{}–{}）</li>",
            e(&g.title),
            hm(g.start),
            hm(g.end)
        );
    }
    b.push_str("</ol>\n");
    let video = s.attendees.iter().filter(|a| a.video).count();
    let _ = writeln!(
        b,
        "<div>会场：{}（{}）</div>\n<div>主持：{}</div>\n<div>参会：{}；共 {} 人{}</div>",
        e(&venue_name(org, &s.venue)),
        e(s.mode.label()),
        e(&presiders(org, s).join("、")),
        e(&units_summary(org, s.attendees.iter().map(|a| &a.person))),
        s.attendees.len(),
        if video > 0 {
            format!("，其中视频 {video} 人")
        } else {
            String::new()
        }
    );
    let _ = writeln!(b, "<div class=\"sid\">编号 {}</div>\n</div>", e(&s.id));
}

fn unplaced(b: &mut String, proposals: &[Proposal], plan: &Plan) {
    if plan.unplaced.is_empty() {
        return;
    }
    let index = names::index(proposals);
    let mut list: Vec<_> = plan.unplaced.iter().collect();
    list.sort_by(|a, b| a.proposal.cmp(&b.proposal));
    b.push_str("<h2>未能安排的事项</h2>\n<ul id=\"unplaced\">\n");
    for u in list {
        let _ = writeln!(
            b,
            "<li data-proposal=\"{}\">{}：{}{}</li>",
            e(u.proposal.as_str()),
            e(&names::title(&index, &u.proposal)),
            e(u.reason.label()),
            e(&u.alternative
                .as_ref()
                .map(|a| format!("；最近的可行安排：{}", a.describe()))
                .unwrap_or_default())
        );
    }
    b.push_str("</ul>\n");
}

/// Relays not held: their audience joins the higher-level video conference.
fn dropped_relays(b: &mut String, proposals: &[Proposal], plan: &Plan) {
    if plan.dropped_relays.is_empty() {
        return;
    }
    let index = names::index(proposals);
    let mut list: Vec<_> = plan.dropped_relays.iter().collect();
    list.sort_by(|a, b| a.proposal.cmp(&b.proposal));
    b.push_str("<h2>不再召开的传达会议（一开到底）</h2>\n<ul id=\"dropped-relays\">\n");
    for d in list {
        let _ = writeln!(
            b,
            "<li data-proposal=\"{}\">{}：参会人员直接参加上级视频会议“{}”</li>",
            e(d.proposal.as_str()),
            e(&names::title(&index, &d.proposal)),
            e(&d.meeting)
        );
    }
    b.push_str("</ul>\n");
}

/// Which people of a unit a section shows.
enum Scope {
    /// A township/street: its own people and its communities'/villages'.
    Grassroots,
    /// A district-level unit: people whose home unit it is.
    Home,
}

/// What each unit attends: first every township/street (with its
/// communities and villages), then every district-level unit; an index of
/// links first. Every unit has a section, "本周无参会安排" when nothing.
fn by_unit(b: &mut String, org: &Org, sessions: &[&Session]) {
    let grassroots: Vec<&Unit> = org.units().filter(|u| u.kind.is_grassroots()).collect();
    let district: Vec<&Unit> = org
        .units()
        .filter(|u| !u.kind.is_grassroots() && !u.kind.is_village_level())
        .collect();
    for (heading, id, units, scope) in [
        (
            "各乡镇街道参会安排",
            "by-unit",
            &grassroots,
            Scope::Grassroots,
        ),
        (
            "区直单位参会安排",
            "by-district-unit",
            &district,
            Scope::Home,
        ),
    ] {
        let _ = writeln!(b, "<h2>{heading}</h2>\n<nav class=\"unit-index\">");
        for u in units.iter() {
            let _ = write!(
                b,
                "<a href=\"#unit-{}\">{}</a> ",
                e(u.id.as_str()),
                e(&u.name)
            );
        }
        let _ = writeln!(b, "</nav>\n<div id=\"{id}\">");
        for unit in units.iter() {
            unit_section(b, org, sessions, unit, &scope);
        }
        b.push_str("</div>\n");
    }
}

fn unit_section(b: &mut String, org: &Org, sessions: &[&Session], unit: &Unit, scope: &Scope) {
    let _ = writeln!(
        b,
        "<section class=\"unit\" id=\"unit-{}\"><h3>{}</h3>",
        e(unit.id.as_str()),
        e(&unit.name)
    );
    let mut rows = String::new();
    for s in sessions {
        let mut mine: Vec<_> = s
            .attendees
            .iter()
            .filter(|a| match scope {
                Scope::Grassroots => grassroots_of(org, &a.person).is_some_and(|g| g.id == unit.id),
                Scope::Home => org
                    .person(&a.person)
                    .is_some_and(|p| *p.home_unit() == unit.id),
            })
            .collect();
        mine.sort_by(|a, b| a.person.cmp(&b.person));
        let (Some(from), Some(to)) = (
            mine.iter().map(|a| a.from).min(),
            mine.iter().map(|a| a.to).max(),
        ) else {
            continue;
        };
        let segs: BTreeSet<usize> = mine
            .iter()
            .flat_map(|a| a.segments.iter().copied())
            .collect();
        let titles: Vec<&str> = segs
            .iter()
            .filter_map(|&i| s.segments.get(i))
            .map(|g| g.title.as_str())
            .collect();
        let people: Vec<String> = mine
            .iter()
            .map(|a| {
                let name = person_name(org, &a.person);
                if a.video {
                    format!("{name}（视频）")
                } else {
                    name
                }
            })
            .collect();
        let _ = writeln!(
            rows,
            "<tr data-session=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e(&s.id),
            e(&span_cn(from, to)),
            e(&titles.join("；")),
            e(&venue_name(org, &s.venue)),
            e(&s.id),
            e(&people.join("、"))
        );
    }
    if rows.is_empty() {
        b.push_str("<p class=\"muted\">本周无参会安排。</p>\n");
    } else {
        b.push_str("<table>\n<thead><tr><th>时间</th><th>议程</th><th>会场</th><th>会议编号</th><th>参会人员</th></tr></thead>\n<tbody>\n");
        b.push_str(&rows);
        b.push_str("</tbody></table>\n");
    }
    b.push_str("</section>\n");
}
