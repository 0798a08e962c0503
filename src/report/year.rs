//! Year to date: the cost figures of the newest plan of every week of a year,
//! with totals and a weekly trend chart.

use super::escape::{escape_html, escape_markdown};
use super::page::page;
use super::svg::{Bar, bar_chart};
use crate::model::{CostSummary, WeekId};
use serde::{Deserialize, Serialize};

/// Version of the year report JSON.
pub const YEAR_REPORT_FORMAT: u32 = 1;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct YearReport {
    pub format: u32,
    pub year: i32,
    pub district: String,
    /// Weeks in order, each with its newest plan version's figures.
    pub weeks: Vec<WeekFigures>,
    /// Sums over the weeks.
    pub total: CostSummary,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct WeekFigures {
    pub week: WeekId,
    pub version: u32,
    /// `draft` or `published`.
    pub status: String,
    pub cost: CostSummary,
}

pub fn build_year_report(district: &str, year: i32, mut weeks: Vec<WeekFigures>) -> YearReport {
    weeks.sort_by_key(|w| w.week);
    let mut t = CostSummary::default();
    for w in &weeks {
        let c = &w.cost;
        t.proposals += c.proposals;
        t.placed_proposals += c.placed_proposals;
        t.sessions += c.sessions;
        t.attendances += c.attendances;
        t.baseline_attendances += c.baseline_attendances;
        t.trips += c.trips;
        t.baseline_trips += c.baseline_trips;
        t.cadre_minutes += c.cadre_minutes;
        t.baseline_cadre_minutes += c.baseline_cadre_minutes;
        t.spared += c.spared;
        t.dropped_relays += c.dropped_relays;
        t.dropped_relay_minutes += c.dropped_relay_minutes;
    }
    YearReport {
        format: YEAR_REPORT_FORMAT,
        year,
        district: district.to_string(),
        weeks,
        total: t,
    }
}

pub fn year_report_json(r: &YearReport) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("report serialises");
    s.push('\n');
    s
}

fn rows(r: &YearReport) -> Vec<(String, [String; 7])> {
    let mut out: Vec<(String, [String; 7])> = r
        .weeks
        .iter()
        .map(|w| {
            let c = &w.cost;
            (
                w.week.to_string(),
                [
                    if w.status == "published" {
                        "已发布".into()
                    } else {
                        "草案".into()
                    },
                    c.proposals.to_string(),
                    c.sessions.to_string(),
                    format!("{} / {}", c.attendances, c.baseline_attendances),
                    format!("{} / {}", c.trips, c.baseline_trips),
                    format!("{} / {}", c.cadre_minutes, c.baseline_cadre_minutes),
                    c.spared.to_string(),
                ],
            )
        })
        .collect();
    let t = &r.total;
    out.push((
        "合计".into(),
        [
            String::new(),
            t.proposals.to_string(),
            t.sessions.to_string(),
            format!("{} / {}", t.attendances, t.baseline_attendances),
            format!("{} / {}", t.trips, t.baseline_trips),
            format!("{} / {}", t.cadre_minutes, t.baseline_cadre_minutes),
            t.spared.to_string(),
        ],
    ));
    out
}

const HEAD: [&str; 8] = [
    "周次",
    "状态",
    "申请",
    "会议",
    "参会人次（合并后/基线）",
    "往返（合并后/基线）",
    "干部用时（分钟）",
    "免陪会人次",
];

pub fn year_report_html(r: &YearReport) -> String {
    let title = format!("{} {} 年拼会成效（年初至今）", r.district, r.year);
    let mut b = format!(
        "<h1 id=\"title\">{}</h1>\n<table id=\"year-weeks\"><tr>",
        escape_html(&title)
    );
    for h in HEAD {
        b.push_str(&format!("<th>{h}</th>"));
    }
    b.push_str("</tr>\n");
    for (week, cells) in rows(r) {
        b.push_str(&format!("<tr><td>{}</td>", escape_html(&week)));
        for c in cells {
            b.push_str(&format!("<td>{}</td>", escape_html(&c)));
        }
        b.push_str("</tr>\n");
    }
    b.push_str("</table>\n");
    let labels: Vec<String> = r.weeks.iter().map(|w| w.week.to_string()).collect();
    let minutes: Vec<Bar> = r
        .weeks
        .iter()
        .zip(&labels)
        .map(|(w, l)| Bar {
            label: l,
            before: w.cost.baseline_cadre_minutes as f64,
            after: w.cost.cadre_minutes as f64,
        })
        .collect();
    b.push_str(&bar_chart(
        "chart-weekly-trend",
        "每周干部用时趋势",
        "干部·分钟",
        &minutes,
    ));
    let trips: Vec<Bar> = r
        .weeks
        .iter()
        .zip(&labels)
        .map(|(w, l)| Bar {
            label: l,
            before: f64::from(w.cost.baseline_trips),
            after: f64::from(w.cost.trips),
        })
        .collect();
    b.push_str(&bar_chart(
        "chart-weekly-trips",
        "每周往返趟次趋势",
        "趟",
        &trips,
    ));
    page(&title, "", &b)
}

pub fn year_report_markdown(r: &YearReport) -> String {
    let mut s = format!(
        "# {} {} 年拼会成效（年初至今）\n\n|",
        escape_markdown(&r.district),
        r.year
    );
    for h in HEAD {
        s.push_str(&format!(" {h} |"));
    }
    s.push_str("\n|");
    s.push_str(&"---|".repeat(HEAD.len()));
    s.push('\n');
    for (week, cells) in rows(r) {
        s.push_str(&format!("| {} |", escape_markdown(&week)));
        for c in cells {
            s.push_str(&format!(" {} |", escape_markdown(&c)));
        }
        s.push('\n');
    }
    s
}
