//! The weekly plan as CSV for spreadsheets: UTF-8 BOM, Chinese header, one row
//! per agenda segment (session columns repeated), CRLF line ends, every cell
//! neutralised against formula injection.

use super::agenda::{session_label, sorted_sessions, units_summary};
use super::escape::csv_cell;
use super::names::{person_name, unit_name, venue_name};
use super::page::{half_day_cn, hm, weekday_cn};
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

/// The weekly plan CSV. `proposals` is accepted for symmetry with the other
/// weekly outputs; every field needed is already in the plan.
pub fn weekly_plan_csv(org: &Org, _proposals: &[Proposal], plan: &Plan) -> String {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        write_row(&mut w, WEEKLY_CSV_HEADER.iter().map(|s| s.to_string()));
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
                write_row(
                    &mut w,
                    [
                        date.format("%Y-%m-%d").to_string(),
                        weekday_cn(date).to_string(),
                        half_day_cn(s.start).to_string(),
                        hm(g.start),
                        hm(g.end),
                        label.clone(),
                        g.title.clone(),
                        unit_name(org, &g.organiser),
                        person_name(org, &g.presider),
                        venue.clone(),
                        s.mode.label().to_string(),
                        units_summary(org, people.iter().copied()),
                        people.len().to_string(),
                        urgent.to_string(),
                    ],
                );
            }
        }
        w.flush().expect("writing to memory cannot fail");
    }
    String::from_utf8(out).expect("csv of UTF-8 strings is UTF-8")
}

fn write_row<W: std::io::Write>(w: &mut csv::Writer<W>, cells: impl IntoIterator<Item = String>) {
    let row: Vec<String> = cells.into_iter().map(|c| csv_cell(&c)).collect();
    w.write_record(&row).expect("writing to memory cannot fail");
}
