//! The weekly plan for spreadsheets, as CSV (UTF-8 BOM, CRLF) and XLSX (bold
//! frozen header, column widths, A4 landscape): Chinese header, one row per
//! agenda segment (session columns repeated), every cell neutralised against
//! formula injection.

use super::agenda::{session_label, sorted_sessions, units_summary};
use super::names::{person_name, unit_name, venue_name};
use super::page::{half_day_cn, hm, weekday_cn};
use super::xlsx::{Cell, SheetSpec, table_csv, table_xlsx};
use crate::model::{Org, Plan, Proposal};

pub const WEEKLY_CSV_HEADER: [&str; 14] = [
    "日期",
    "星期",
    "时段",
    "开始",
    "结束",
    "会议",
    "议程",
    "主办单位",
    "主持人",
    "会场",
    "形式",
    "参会单位",
    "参会人数",
    "紧急",
];

/// Column widths of the XLSX, in characters.
const WIDTHS: [f64; 14] = [
    11.0, 5.0, 5.0, 6.0, 6.0, 36.0, 30.0, 16.0, 8.0, 26.0, 9.0, 40.0, 8.0, 10.0,
];

/// The name of the weekly plan's sheet.
pub const WEEKLY_SHEET: &str = "一周会议安排";

/// The weekly plan CSV. `proposals` is accepted for symmetry with the other
/// weekly outputs; every field needed is already in the plan.
pub fn weekly_plan_csv(org: &Org, _proposals: &[Proposal], plan: &Plan) -> String {
    table_csv(&WEEKLY_CSV_HEADER, &rows(org, plan))
}

/// The weekly plan XLSX: the CSV's layout on one sheet, 参会人数 as a number.
pub fn weekly_plan_xlsx(org: &Org, _proposals: &[Proposal], plan: &Plan) -> Vec<u8> {
    table_xlsx(&[SheetSpec {
        name: WEEKLY_SHEET,
        header: &WEEKLY_CSV_HEADER,
        widths: &WIDTHS,
        rows: &rows(org, plan),
    }])
}

fn rows(org: &Org, plan: &Plan) -> Vec<Vec<Cell>> {
    let mut out = Vec::new();
    for s in sorted_sessions(plan) {
        let date = s.start.date();
        let label = session_label(s);
        let venue = venue_name(org, &s.venue);
        for (i, g) in s.segments.iter().enumerate() {
            let people: Vec<_> = s
                .attendees
                .iter()
                .filter(|a| a.segments.contains(&i))
                .map(|a| &a.person)
                .collect();
            let urgent = match (g.urgent, s.on_meeting_free_day) {
                (true, true) => "无会日紧急",
                (true, false) => "紧急",
                (false, _) => "",
            };
            let text = |s: String| Cell::Text(s);
            out.push(vec![
                text(date.format("%Y-%m-%d").to_string()),
                text(weekday_cn(date).to_string()),
                text(half_day_cn(s.start).to_string()),
                text(hm(g.start)),
                text(hm(g.end)),
                text(label.clone()),
                text(g.title.clone()),
                text(unit_name(org, &g.organiser)),
                text(person_name(org, &g.presider)),
                text(venue.clone()),
                text(s.mode.label().to_string()),
                text(units_summary(org, people.iter().copied())),
                Cell::Number(people.len() as f64),
                text(urgent.to_string()),
            ]);
        }
    }
    out
}
