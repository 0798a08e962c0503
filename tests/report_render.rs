//! Rendered outputs: report HTML and Markdown, weekly plan HTML and CSV.

#[path = "fixtures/report.rs"]
mod fixture;

use fixture::*;
use pinhui::model::*;
use pinhui::report::*;

#[test]
fn report_html_is_standalone_escaped_and_tagged() {
    let (org, ps, plan) = fixture();
    let html = report_html(&build_report(&org, &ps, &plan));
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    for bad in ["src=", "<link", "@import", "url("] {
        assert!(!html.contains(bad), "external resource marker {bad}");
    }
    for id in ["s-p1", "s-p3", "s-p4"] {
        assert!(html.contains(&format!("<section class=\"session\" id=\"session-{id}\"")));
    }
    assert!(html.contains("<table id=\"summary\">"));
    assert!(html.contains("data-key=\"cadre_minutes.baseline\">1500<"));
    assert!(html.contains("data-key=\"cadre_minutes.actual\">1200<"));
    assert!(html.contains("data-key=\"trips.saved_percent\">28.6%<"));
    assert!(html.contains("data-key=\"spared\">4<"));
    assert!(html.contains("id=\"chart-cadre-minutes\""));
    assert!(html.contains("id=\"chart-grassroots-trips\""));
    assert!(html.contains("id=\"chart-meetings-per-cadre\""));
    assert!(html.contains("id=\"chart-department-cadre-minutes\""));
    assert_eq!(html.matches("<svg ").count(), 6);
    assert!(html.contains("时间窗口没有交集"));
    assert!(html.contains("【无会日紧急】"));
    assert!(html.contains("<table id=\"inspections\">"));
    assert!(html.contains("<table id=\"relays\">"));
}

#[test]
fn report_markdown_escapes_and_lists_everything() {
    let (org, ps, plan) = fixture();
    let md = report_markdown(&build_report(&org, &ps, &plan));
    assert!(md.starts_with("# 青川区 2026-W49 会议合并（拼会）报告"));
    assert!(!md.contains("<script"));
    assert!(md.contains("&lt;script&gt;"));
    assert!(md.contains("| 干部用时（干部·分钟） | 1500 | 1200 | 300 | 20.0% |"));
    assert!(md.contains("| 东城街道 | 街道 | 3 | 2 | 1 |"));
    assert!(md.contains("其中一项未能安排"));
    assert!(md.ends_with('\n') && !md.ends_with("\n\n"));
    assert!(md.contains("## 审批（报批）"));
}

/// The `<td>` of the weekly grid for a date and half day.
fn grid_cell<'a>(html: &'a str, date: &str, half: &str) -> &'a str {
    let open = format!("<td class=\"slot\" data-date=\"{date}\" data-half=\"{half}\">");
    let start = html.find(&open).expect("cell exists") + open.len();
    let len = html[start..].find("</td>").unwrap();
    &html[start..start + len]
}

#[test]
fn weekly_page_places_every_session_in_its_half_day() {
    let (org, ps, plan) = fixture();
    let html = weekly_plan_html(&org, &ps, &plan);
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("@page { size: A4 landscape;"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
    for s in &plan.sessions {
        assert!(
            html.contains(&format!("id=\"session-{}\"", s.id)),
            "{}",
            s.id
        );
    }
    assert!(html.contains("<th data-date=\"2026-11-30\">周一<br>11月30日</th>"));
    assert!(html.contains("<th data-date=\"2026-12-06\">周日<br>12月6日</th>"));

    let tue_am = grid_cell(&html, "2026-12-01", "am");
    assert!(tue_am.contains("session-s-p1"));
    assert!(tue_am.contains("09:00–11:00"));
    assert!(
        tue_am.contains(
            "农业农村局、水务局、青石镇（含 1 个村社区）、东城街道；共 5 人，其中视频 1 人"
        )
    );
    assert!(grid_cell(&html, "2026-12-01", "pm").is_empty());
    let mon_pm = grid_cell(&html, "2026-11-30", "pm");
    assert!(mon_pm.contains("session-s-p3") && mon_pm.contains("【无会日紧急】"));
    assert!(mon_pm.contains("【紧急】</span>传达全市安全生产会议精神"));
    assert!(grid_cell(&html, "2026-12-02", "pm").contains("session-s-p4"));
    assert!(html.contains("<ul id=\"unplaced\">"));

    // Per-unit section: 青石镇 attends all three sessions; 东城街道 two.
    let qs = html
        .split("<section class=\"unit\" id=\"unit-qingshi\">")
        .nth(1)
        .unwrap();
    let qs = &qs[..qs.find("</section>").unwrap()];
    assert_eq!(qs.matches("<tr data-session=").count(), 3);
    assert!(qs.contains("石门村书记（视频）"));
    let dc = html
        .split("<section class=\"unit\" id=\"unit-dongcheng\">")
        .nth(1)
        .unwrap();
    let dc = &dc[..dc.find("</section>").unwrap()];
    assert_eq!(dc.matches("<tr data-session=").count(), 2);
}

#[test]
fn weekly_csv_has_bom_header_one_row_per_segment_and_no_formulas() {
    let (org, ps, plan) = fixture();
    let csv_text = weekly_plan_csv(&org, &ps, &plan);
    assert!(csv_text.starts_with('\u{feff}'));
    let body = &csv_text['\u{feff}'.len_utf8()..];
    assert!(body.starts_with(
        "日期,星期,时段,开始,结束,会议,议程,主办单位,主持人,会场,形式,参会单位,参会人数,紧急\r\n"
    ));
    assert_eq!(body.matches("\r\n").count(), 6, "header + 5 segments, CRLF");
    assert!(!body.replace("\r\n", "").contains('\n'));

    let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(body.as_bytes())
        .records()
        .map(Result::unwrap)
        .collect();
    assert_eq!(rows.len(), 5);
    for r in &rows {
        for cell in r {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell}");
        }
    }
    let formula_row = rows.iter().find(|r| r[6] == format!("'{FORMULA}")).unwrap();
    assert_eq!(&formula_row[0], "2026-12-01");
    assert_eq!(&formula_row[1], "周二");
    assert_eq!(&formula_row[2], "上午");
    assert_eq!((&formula_row[3], &formula_row[4]), ("10:00", "11:00"));
    assert_eq!(&formula_row[5], format!("{HOSTILE}等2项议程合并召开"));
    assert_eq!(&formula_row[12], "4");
    // First row: Monday's urgent relay on the meeting-free day.
    assert_eq!(&rows[0][6], "传达全市安全生产会议精神");
    assert_eq!(&rows[0][10], "视频会议");
    assert_eq!(&rows[0][13], "无会日紧急");
    assert_eq!(&rows[4][9], "青石镇（实地）");
}

#[test]
fn outputs_are_deterministic_and_independent_of_plan_list_order() {
    let (org, ps, plan) = fixture();
    let render = |plan: &Plan| {
        let r = build_report(&org, &ps, plan);
        [
            report_json(&r),
            report_html(&r),
            report_markdown(&r),
            weekly_plan_html(&org, &ps, plan),
            weekly_plan_csv(&org, &ps, plan),
        ]
    };
    let first = render(&plan);
    assert_eq!(first, render(&plan));
    let mut shuffled = plan.clone();
    shuffled.sessions.reverse();
    shuffled.non_merges.reverse();
    shuffled.unplaced.reverse();
    assert_eq!(first, render(&shuffled));
}
