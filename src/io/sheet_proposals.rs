//! Proposals in a spreadsheet (docs/formats.md, "Spreadsheets"): one row per
//! proposal under Chinese column headers. A row is turned into the same raw
//! struct a week file deserialises into and checked by the same code
//! (`week::proposal`), so rules and messages are identical; errors are then
//! re-located to sheet, row and column.

use super::audience::{audience_cell, parse_audience};
use super::locate::Path;
use super::sheet::{Table, columns, list_item, rows_by_week};
use super::week::{RawProposal, duplicate_proposal, proposal};
use super::{Ctx, InputErrors, Syntax, TimeText};
use crate::model::*;
use std::collections::BTreeSet;

/// The columns, in template order.
pub const PROPOSAL_COLUMNS: [&str; 19] = [
    "周次",
    "编号",
    "会议名称",
    "主办单位",
    "会议类型",
    "主持人",
    "时长（分钟）",
    "最早开始",
    "最晚结束",
    "建议开始",
    "形式",
    "可合并",
    "密级",
    "紧急",
    "报送日期",
    "传达会议",
    "传达会议为视频",
    "检查对象",
    "参会范围",
];

/// Column widths of the template, in characters.
pub const PROPOSAL_WIDTHS: [f64; 19] = [
    10.0, 14.0, 32.0, 12.0, 12.0, 10.0, 8.0, 17.0, 17.0, 17.0, 8.0, 7.0, 7.0, 6.0, 11.0, 24.0, 8.0,
    12.0, 60.0,
];

const REQUIRED: [&str; 10] = [
    "编号",
    "会议名称",
    "主办单位",
    "会议类型",
    "主持人",
    "时长（分钟）",
    "最早开始",
    "最晚结束",
    "报送日期",
    "参会范围",
];

/// Reads the proposals of a table. `week` (the `--week` flag) applies to rows
/// whose 周次 is empty; a row naming another week is refused. Returns one
/// `WeekInput` per week, proposals in row order, or every error found.
pub fn parse_proposals(
    t: &Table,
    week: Option<WeekId>,
    org: &Org,
) -> Result<Vec<WeekInput>, InputErrors> {
    let cols = columns(t, &PROPOSAL_COLUMNS, &REQUIRED)?;
    let mut seen = BTreeSet::new();
    let weeks = rows_by_week(t, &cols, week, "会议申请", |row| {
        let mut bad: Vec<(&'static str, String)> = Vec::new();
        let raw = raw_proposal(org, &|c| row.get(c), &mut bad);
        let mut cx = Ctx::new(&t.source, "", Syntax::Json);
        let placeholder = WeekId::parse("2026-W01").expect("valid week");
        let span = row.week.unwrap_or(placeholder).span();
        let built = proposal(&mut cx, org, &Path::default(), &raw, &span);
        let failed: BTreeSet<&str> = bad.iter().map(|(c, _)| *c).collect();
        let mut errors: Vec<(String, String)> = bad
            .iter()
            .map(|(c, m)| (c.to_string(), m.clone()))
            .collect();
        for e in cx.errors {
            let col = column_of(&e.field);
            // Without a week the window cannot be checked against it.
            let window_without_week = row.week.is_none() && col.0 == "最早开始、最晚结束";
            if !failed.contains(col.0) && !window_without_week {
                errors.push((col.1, e.message));
            }
        }
        if let Some(p) = &built
            && row.week.is_some()
            && !seen.insert(p.id.clone())
        {
            errors.push(("编号".into(), duplicate_proposal(&p.id)));
        }
        (built, errors)
    })?;
    Ok(weeks
        .into_iter()
        .map(|(week, proposals)| WeekInput {
            week,
            busy: Vec::new(),
            proposals,
            documents: Vec::new(),
            reported: Vec::new(),
        })
        .collect())
}

/// The column (and, for the audience, which selector) a field path refers to.
fn column_of(field: &str) -> (&'static str, String) {
    let key = field.split(['.', '[']).next().unwrap_or("");
    let col = match key {
        "id" => "编号",
        "title" => "会议名称",
        "organiser" => "主办单位",
        "kind" => "会议类型",
        "presider" => "主持人",
        "duration_minutes" => "时长（分钟）",
        "window" => "最早开始、最晚结束",
        "preferred" => "建议开始",
        "mode" => "形式",
        "confidentiality" => "密级",
        "filed" => "报送日期",
        "target" => "检查对象",
        "audience" => "参会范围",
        _ => "",
    };
    let detail = list_item(field, "audience", col, "条");
    (col, detail.unwrap_or_else(|| col.to_string()))
}

fn raw_proposal<'a>(
    org: &Org,
    get: &dyn Fn(&str) -> &'a str,
    bad: &mut Vec<(&'static str, String)>,
) -> RawProposal {
    let text = |s: &str| TimeText::Text(s.to_string());
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let mut flag = |col: &'static str, default: bool| match yes_no(get(col)) {
        Some(v) => v.unwrap_or(default),
        None => {
            bad.push((col, format!("“{}” 无法识别，应填 是 或 否", get(col))));
            default
        }
    };
    let mergeable = flag("可合并", true);
    let urgent = flag("紧急", false);
    let relay_is_video = flag("传达会议为视频", false);
    let duration = get("时长（分钟）");
    let duration_minutes = duration.parse::<i64>().unwrap_or_else(|_| {
        bad.push((
            "时长（分钟）",
            format!("时长 “{duration}” 不是整数，应为 5 到 480 之间的整数"),
        ));
        60
    });
    let audience = parse_audience(org, get("参会范围")).unwrap_or_else(|m| {
        bad.push(("参会范围", m));
        Vec::new()
    });
    RawProposal {
        id: get("编号").to_string(),
        title: get("会议名称").to_string(),
        organiser: unit_id(org, get("主办单位")),
        kind: alias(get("会议类型"), KIND_ALIASES),
        presider: person_id(org, get("主持人")),
        duration_minutes,
        window: vec![text(get("最早开始")), text(get("最晚结束"))],
        preferred: opt(get("建议开始")).map(TimeText::Text),
        mode: match get("形式") {
            "" => "in_person".into(),
            s => alias(s, MODE_ALIASES),
        },
        mergeable,
        confidentiality: match get("密级") {
            "" => "public".into(),
            s => alias(s, SECRECY_ALIASES),
        },
        urgent,
        filed: text(get("报送日期")),
        relays: opt(get("传达会议")),
        relay_is_video,
        target: opt(get("检查对象")).map(|s| unit_id(org, &s)),
        audience,
    }
}

const KIND_ALIASES: &[(&str, &str)] = &[
    ("全区性会议", "district_wide"),
    ("部门工作会", "department"),
    ("常委会/常务会", "standing_committee"),
    ("常委会", "standing_committee"),
    ("常务会", "standing_committee"),
    ("街道科室会议", "street_section"),
    ("督查检查考核", "inspection"),
    ("培训", "training"),
];
const MODE_ALIASES: &[(&str, &str)] = &[
    ("现场", "in_person"),
    ("现场会议", "in_person"),
    ("视频", "video"),
    ("视频会议", "video"),
];
const SECRECY_ALIASES: &[(&str, &str)] = &[
    ("公开", "public"),
    ("内部", "internal"),
    ("涉密", "confidential"),
];

/// The code for a Chinese alias; anything else unchanged (the validator names
/// the valid values).
pub(crate) fn alias(s: &str, table: &[(&str, &str)]) -> String {
    table
        .iter()
        .find(|(cn, _)| *cn == s)
        .map_or(s, |(_, code)| code)
        .to_string()
}

/// `Some(None)` for an empty cell (use the default), `None` when unreadable.
fn yes_no(s: &str) -> Option<Option<bool>> {
    match s.to_lowercase().as_str() {
        "" => Some(None),
        "是" | "true" | "1" | "y" | "yes" => Some(Some(true)),
        "否" | "false" | "0" | "n" | "no" => Some(Some(false)),
        _ => None,
    }
}

/// A unit id, or the id of the only unit with this exact name.
pub(crate) fn unit_id(org: &Org, s: &str) -> String {
    if UnitId::parse(s).is_ok_and(|id| org.unit(&id).is_some()) {
        return s.to_string();
    }
    let mut hits = org.units().filter(|u| u.name == s);
    match (hits.next(), hits.next()) {
        (Some(u), None) => u.id.to_string(),
        _ => s.to_string(),
    }
}

/// A person id, or the id of the only person with this exact name.
pub(crate) fn person_id(org: &Org, s: &str) -> String {
    if PersonId::parse(s).is_ok_and(|id| org.person(&id).is_some()) {
        return s.to_string();
    }
    let mut hits = org.people().filter(|p| p.name == s);
    match (hits.next(), hits.next()) {
        (Some(p), None) => p.id.to_string(),
        _ => s.to_string(),
    }
}

fn time_text(t: chrono::NaiveDateTime) -> String {
    use chrono::Timelike;
    if t.second() == 0 {
        t.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    }
}

fn yes(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

/// One proposal as a template row (ids for units and people, Chinese labels for
/// kinds, modes and 密级); importing the row gives the proposal back.
pub fn proposal_cells(week: WeekId, p: &Proposal) -> Vec<String> {
    vec![
        week.to_string(),
        p.id.to_string(),
        p.title.clone(),
        p.organiser.to_string(),
        p.kind.label().to_string(),
        p.presider.to_string(),
        p.duration.get().to_string(),
        time_text(p.window.start()),
        time_text(p.window.end()),
        p.preferred.map(time_text).unwrap_or_default(),
        match p.mode {
            Mode::InPerson => "现场",
            Mode::Video => "视频",
        }
        .to_string(),
        yes(p.mergeable),
        p.confidentiality.label().to_string(),
        yes(p.urgent),
        p.filed.format("%Y-%m-%d").to_string(),
        p.relays
            .as_ref()
            .map(|r| r.meeting.clone())
            .unwrap_or_default(),
        yes(p.relays.as_ref().is_some_and(|r| r.is_video)),
        p.target.as_ref().map(|u| u.to_string()).unwrap_or_default(),
        audience_cell(&p.audience),
    ]
}
