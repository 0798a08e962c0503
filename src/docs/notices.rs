//! One meeting notice per merged session, generated from its segments, as plain
//! text, Markdown and HTML.

use crate::model::{Org, PersonId, Session, Site};
use std::collections::BTreeSet;

/// The notice of a session: (title, body lines). Plain text; callers escape for
/// their destination.
pub fn session_notice(
    org: &Org,
    s: &Session,
    spared: usize,
    approvers: &[PersonId],
) -> (String, Vec<String>) {
    let name = |p: &PersonId| {
        org.person(p)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| p.to_string())
    };
    let unit_name = |u: &crate::model::UnitId| {
        org.unit(u)
            .map(|x| x.name.clone())
            .unwrap_or_else(|| u.to_string())
    };
    let title = if s.segments.len() > 1 {
        format!(
            "关于召开{}等{}项工作合并会议的通知",
            s.segments[0].title,
            s.segments.len()
        )
    } else {
        format!("关于召开{}的通知", s.segments[0].title)
    };
    let venue = match (&s.venue.room, &s.venue.site) {
        (Some(r), _) => org
            .room(r)
            .map(|r| r.name.clone())
            .unwrap_or_else(|| r.to_string()),
        (None, Site::Unit(u)) => format!("{}（现场）", unit_name(u)),
        (None, Site::Seat) => org.district.name.clone(),
    };
    let mut lines = vec![
        format!(
            "时间：{} {}—{}",
            s.start.format("%Y年%m月%d日"),
            s.start.format("%H:%M"),
            s.end.format("%H:%M")
        ),
        format!("地点：{venue}（{}）", s.mode.label()),
        "议程：".to_string(),
    ];
    for (i, g) in s.segments.iter().enumerate() {
        let people: BTreeSet<&PersonId> = s
            .attendees
            .iter()
            .filter(|a| a.segments.contains(&i))
            .map(|a| &a.person)
            .collect();
        let units: BTreeSet<String> = people
            .iter()
            .filter_map(|p| org.person(p))
            .map(|p| unit_name(p.home_unit()))
            .collect();
        let units: Vec<String> = units.into_iter().collect();
        let shown = if units.len() > 8 {
            format!("{}等{}个单位", units[..8].join("、"), units.len())
        } else {
            units.join("、")
        };
        lines.push(format!(
            "{}. {}—{} {}（{}主办，{}主持）；参会：{}（{}人）",
            i + 1,
            g.start.format("%H:%M"),
            g.end.format("%H:%M"),
            g.title,
            unit_name(&g.organiser),
            name(&g.presider),
            shown,
            people.len()
        ));
    }
    lines.push(
        "请参会人员按本人议程时间到会，议程结束即可离会；未列入参会范围的同志不必参会。"
            .to_string(),
    );
    if spared > 0 {
        lines.push(format!(
            "本次会议按参会范围精准通知，{spared} 人次不必陪会。"
        ));
    }
    if !approvers.is_empty() {
        let names: Vec<String> = approvers.iter().map(name).collect();
        lines.push(format!("本会已经{}审批。", names.join("、")));
    }
    (title, lines)
}

/// The notice as Markdown.
pub fn to_markdown(title: &str, lines: &[String]) -> String {
    let esc = crate::report::escape_markdown;
    let mut out = format!("# {}\n\n", esc(title));
    for l in lines {
        out.push_str(&esc(l));
        out.push_str("\n\n");
    }
    out
}

/// The notice as plain text.
pub fn to_text(title: &str, lines: &[String]) -> String {
    let mut out = format!("{title}\n\n");
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out
}

/// The notice as a standalone HTML page (escaped).
pub fn to_html(title: &str, lines: &[String]) -> String {
    let esc = crate::report::escape_html;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n<h1>{}</h1>\n",
        esc(title),
        esc(title)
    );
    for l in lines {
        out.push_str(&format!("<p>{}</p>\n", esc(l)));
    }
    out.push_str("</body></html>\n");
    out
}
