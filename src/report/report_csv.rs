//! The merge report as CSV (UTF-8 with BOM, formula cells neutralised): the
//! cost figures, then one row per session.

use super::model::Report;
use super::xlsx::{Cell, table_csv};

const HEADER: [&str; 9] = [
    "类别",
    "项目",
    "合并前（基线）",
    "合并后",
    "减少",
    "会议编号",
    "时间",
    "议程数",
    "参会人数",
];

pub fn report_csv(r: &Report) -> String {
    let t = |s: &str| Cell::Text(s.to_string());
    let n = |v: f64| Cell::Number(v);
    let mut rows = Vec::new();
    for (label, f) in [
        ("参会人次", &r.cost.attendances),
        ("往返趟次", &r.cost.trips),
        ("干部用时（分钟）", &r.cost.cadre_minutes),
    ] {
        rows.push(vec![
            t("成效"),
            t(label),
            n(f.baseline as f64),
            n(f.actual as f64),
            n(f.saved as f64),
            t(""),
            t(""),
            t(""),
            t(""),
        ]);
    }
    rows.push(vec![
        t("成效"),
        t("精准通知免陪会（人次）"),
        t(""),
        n(f64::from(r.cost.spared)),
        t(""),
        t(""),
        t(""),
        t(""),
        t(""),
    ]);
    if r.cost.dropped_relays > 0 {
        let m = r.cost.dropped_relay_minutes as f64;
        rows.push(vec![
            t("成效"),
            t(&format!(
                "取消传达会议 {} 个（干部·分钟，一开到底）",
                r.cost.dropped_relays
            )),
            n(m),
            n(0.0),
            n(m),
            t(""),
            t(""),
            t(""),
            t(""),
        ]);
    }
    for s in &r.sessions {
        let titles: Vec<&str> = s.segments.iter().map(|g| g.title.as_str()).collect();
        rows.push(vec![
            t("会议"),
            t(&titles.join("；")),
            t(""),
            n(s.cadre_minutes as f64),
            n(s.merge
                .as_ref()
                .map(|m| m.saved_minutes as f64)
                .unwrap_or(0.0)),
            t(&s.id),
            t(&format!(
                "{}–{}",
                s.start.format("%Y-%m-%d %H:%M"),
                s.end.format("%H:%M")
            )),
            n(s.segments.len() as f64),
            n(f64::from(s.attendees)),
        ]);
    }
    table_csv(&HEADER, &rows)
}
