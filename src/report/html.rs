//! The merge report as a standalone HTML page with inline SVG charts.
//! Every interpolated string goes through `escape_html` (via `td`/`e`).

use super::escape::escape_html as e;
use super::model::{Figure, Report, SessionReport};
use super::page::{page, span_cn};
use super::svg::{Bar, bar_chart};
use std::fmt::Write;

const REPORT_CSS: &str = "\
.headline{font-size:16px;margin:8px 0 16px}\
@media print{section.session{break-inside:avoid}figure{break-inside:avoid}}";

/// Full standalone page.
pub fn report_html(r: &Report) -> String {
    let title = format!("{} {} 会议合并（拼会）报告", r.district, r.week);
    let mut b = String::new();
    let _ = writeln!(b, "<h1 id=\"title\">{}</h1>", e(&title));
    let _ = writeln!(
        b,
        "<p class=\"muted\">周次 {}；排程器 {}；格式版本 {}</p>",
        e(&r.week.to_string()),
        e(&r.planner),
        r.format
    );
    summary(&mut b, r);
    charts(&mut b, r);
    sessions(&mut b, r);
    non_merges(&mut b, r);
    unplaced(&mut b, r);
    relays(&mut b, r);
    inspections(&mut b, r);
    departments(&mut b, r);
    grassroots(&mut b, r);
    super::governance::html(&mut b, &r.governance);
    page(&title, REPORT_CSS, &b)
}

fn td(text: &str) -> String {
    format!("<td>{}</td>", e(text))
}

fn num(key: &str, value: impl std::fmt::Display) -> String {
    format!("<td class=\"num\" data-key=\"{}\">{value}</td>", e(key))
}

fn head(b: &mut String, cols: &[&str]) {
    b.push_str("<thead><tr>");
    for c in cols {
        let _ = write!(b, "<th>{}</th>", e(c));
    }
    b.push_str("</tr></thead>\n<tbody>\n");
}

fn none(b: &mut String) {
    b.push_str("<p class=\"muted\">无</p>\n");
}

fn summary(b: &mut String, r: &Report) {
    let c = &r.cost;
    let _ = writeln!(
        b,
        "<p class=\"headline\">本周申报 {} 项会议，安排 {} 项，合并为 {} 场；干部用时减少 {} 干部·分钟（{:.1}%，约合 {:.1} 个工作日），往返减少 {} 次，免于陪会 {} 人·项。</p>",
        c.proposals,
        c.placed_proposals,
        c.sessions,
        c.cadre_minutes.saved,
        c.cadre_minutes.saved_percent,
        c.cadre_minutes.saved as f64 / 480.0,
        c.trips.saved,
        c.spared
    );
    if c.dropped_relays > 0 {
        let _ = writeln!(
            b,
            "<p class=\"headline\">取消传达会议 {} 个（上级视频会议由参会人员直接参加，一开到底），另节省 {} 干部·分钟。</p>",
            c.dropped_relays, c.dropped_relay_minutes
        );
    }
    b.push_str("<h2>成效汇总</h2>\n<table id=\"summary\">\n");
    head(b, &["指标", "合并前（逐项单开）", "合并后", "减少", "降幅"]);
    let _ = writeln!(
        b,
        "<tr><th>会议场次</th>{}{}{}<td></td></tr>",
        num("placed_proposals", c.placed_proposals),
        num("sessions", c.sessions),
        num(
            "sessions.saved",
            i64::from(c.placed_proposals) - i64::from(c.sessions)
        ),
    );
    for (key, label, f) in [
        ("attendances", "参会人次", &c.attendances),
        ("trips", "往返行程（次）", &c.trips),
        ("cadre_minutes", "干部用时（干部·分钟）", &c.cadre_minutes),
    ] {
        figure_row(b, key, label, f);
    }
    for (key, label, v) in [
        ("proposals", "申报事项", c.proposals),
        ("unplaced_proposals", "未能安排事项", c.unplaced_proposals),
        ("dropped_relays", "取消的传达会议", c.dropped_relays),
        ("spared", "免于陪会（人·项）", c.spared),
    ] {
        let _ = writeln!(
            b,
            "<tr><th>{}</th><td class=\"num\" colspan=\"4\" data-key=\"{}\">{v}</td></tr>",
            e(label),
            e(key)
        );
    }
    if c.dropped_relays > 0 {
        let _ = writeln!(
            b,
            "<tr><th>取消传达会议节省（干部·分钟）</th><td class=\"num\" colspan=\"4\" data-key=\"dropped_relay_minutes\">{}</td></tr>",
            c.dropped_relay_minutes
        );
    }
    b.push_str("</tbody></table>\n");
}

fn figure_row(b: &mut String, key: &str, label: &str, f: &Figure) {
    let _ = writeln!(
        b,
        "<tr><th>{}</th>{}{}{}{}</tr>",
        e(label),
        num(&format!("{key}.baseline"), f.baseline),
        num(&format!("{key}.actual"), f.actual),
        num(&format!("{key}.saved"), f.saved),
        num(
            &format!("{key}.saved_percent"),
            format!("{:.1}%", f.saved_percent)
        ),
    );
}

fn charts(b: &mut String, r: &Report) {
    let c = &r.cost;
    b.push_str("<h2>图表</h2>\n");
    for (id, label, unit, f) in [
        ("chart-attendances", "参会人次", "人次", &c.attendances),
        ("chart-trips", "往返行程", "次", &c.trips),
        (
            "chart-cadre-minutes",
            "干部用时",
            "干部·分钟",
            &c.cadre_minutes,
        ),
    ] {
        let bars = [Bar {
            label,
            before: f.baseline as f64,
            after: f.actual as f64,
        }];
        b.push_str(&bar_chart(
            id,
            &format!("{label}：合并前后对比"),
            unit,
            &bars,
        ));
    }
    let bars: Vec<Bar> = r
        .grassroots
        .iter()
        .map(|g| Bar {
            label: &g.name,
            before: g.baseline_trips.into(),
            after: g.trips.into(),
        })
        .collect();
    b.push_str(&bar_chart(
        "chart-grassroots-trips",
        "各乡镇街道干部往返次数：合并前后对比",
        "次",
        &bars,
    ));
    let per_cadre = |n: u32, cadres: u32| f64::from(n) / f64::from(cadres.max(1));
    let round1 = |v: f64| (v * 10.0).round() / 10.0;
    let bars: Vec<Bar> = r
        .grassroots
        .iter()
        .map(|g| Bar {
            label: &g.name,
            before: round1(per_cadre(g.baseline_meetings, g.cadres)),
            after: round1(per_cadre(g.meetings, g.cadres)),
        })
        .collect();
    b.push_str(&bar_chart(
        "chart-meetings-per-cadre",
        "各乡镇街道每名参会干部本周参会次数：合并前后对比",
        "次/人",
        &bars,
    ));
    let bars: Vec<Bar> = r
        .departments
        .iter()
        .map(|d| Bar {
            label: &d.name,
            before: d.cadre_minutes.baseline as f64,
            after: d.cadre_minutes.actual as f64,
        })
        .collect();
    b.push_str(&bar_chart(
        "chart-department-cadre-minutes",
        "各主办单位会议占用干部用时：合并前后对比",
        "干部·分钟",
        &bars,
    ));
}

fn sessions(b: &mut String, r: &Report) {
    b.push_str("<h2>会议安排与合并理由</h2>\n");
    if r.sessions.is_empty() {
        none(b);
    }
    for s in &r.sessions {
        session(b, s);
    }
}

fn session(b: &mut String, s: &SessionReport) {
    let _ = writeln!(
        b,
        "<section class=\"session\" id=\"session-{id}\" data-session=\"{id}\">",
        id = e(&s.id)
    );
    let free_day = if s.on_meeting_free_day {
        " <span class=\"urgent\">【无会日紧急】</span>"
    } else {
        ""
    };
    let _ = writeln!(
        b,
        "<h3>{} · {} · {}{free_day}</h3>",
        e(&span_cn(s.start, s.end)),
        e(&s.venue.name),
        e(s.mode.label())
    );
    let _ = writeln!(
        b,
        "<p class=\"muted\">会议编号 <code>{}</code>；密级 {}；参会 <span data-key=\"attendees\">{}</span> 人（现场 <span data-key=\"in_person\">{}</span> 人，视频 <span data-key=\"video\">{}</span> 人）；往返 {} 次；干部用时 {} 干部·分钟</p>",
        e(&s.id),
        e(s.confidentiality.label()),
        s.attendees,
        s.in_person,
        s.video,
        s.trips,
        s.cadre_minutes
    );
    b.push_str("<table class=\"segments\">\n");
    head(
        b,
        &["议程", "时间", "类型", "主办单位", "主持人", "参会人数"],
    );
    for g in &s.segments {
        let urgent = if g.urgent {
            "<span class=\"urgent\">【紧急】</span>"
        } else {
            ""
        };
        let _ = writeln!(
            b,
            "<tr data-proposal=\"{}\"><td>{urgent}{}</td>{}{}{}{}<td class=\"num\">{}</td></tr>",
            e(g.proposal.as_str()),
            e(&g.title),
            td(&format!(
                "{}–{}",
                g.start.format("%H:%M"),
                g.end.format("%H:%M")
            )),
            td(g.kind.label()),
            td(&g.organiser_name),
            td(&g.presider_name),
            g.attendees
        );
    }
    b.push_str("</tbody></table>\n");
    match &s.merge {
        Some(m) => {
            let _ = writeln!(
                b,
                "<p class=\"merge\">合并理由：<span data-key=\"shared_people\">{}</span> 人同时被 {} 项议程召集，合并召开节省 <span data-key=\"saved_minutes\">{}</span> 干部·分钟。</p>",
                m.shared_people,
                m.proposals.len(),
                m.saved_minutes
            );
        }
        None => b.push_str("<p class=\"muted\">单独召开。</p>\n"),
    }
    b.push_str("</section>\n");
}

fn non_merges(b: &mut String, r: &Report) {
    b.push_str("<h2>有共同参会人员但未合并的事项</h2>\n");
    if r.non_merges.is_empty() {
        return none(b);
    }
    b.push_str("<table id=\"non-merges\">\n");
    head(b, &["事项一", "事项二", "共同人员", "未合并原因"]);
    for n in &r.non_merges {
        let _ = writeln!(
            b,
            "<tr data-reason=\"{}\">{}{}<td class=\"num\">{}</td>{}</tr>",
            e(&reason_code(&n.reason)),
            td(&format!("{}（{}）", n.a_title, n.a)),
            td(&format!("{}（{}）", n.b_title, n.b)),
            n.shared_people,
            td(&n.reason_label)
        );
    }
    b.push_str("</tbody></table>\n");
}

/// The snake_case code of a serialisable enum.
fn reason_code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn unplaced(b: &mut String, r: &Report) {
    b.push_str("<h2>未能安排的事项</h2>\n");
    if r.unplaced.is_empty() {
        return none(b);
    }
    b.push_str("<table id=\"unplaced\">\n");
    head(b, &["事项", "主办单位", "原因", "最近的可行安排"]);
    for u in &r.unplaced {
        let _ = writeln!(
            b,
            "<tr data-reason=\"{}\">{}{}{}{}</tr>",
            e(&reason_code(&u.reason)),
            td(&format!("{}（{}）", u.title, u.proposal)),
            td(&u.organiser_name),
            td(&u.reason_label),
            td(or_dash(&u.alternative_label))
        );
    }
    b.push_str("</tbody></table>\n");
}

fn relays(b: &mut String, r: &Report) {
    b.push_str("<h2>传达上级会议（一开到底）</h2>\n");
    if r.relays.is_empty() {
        return none(b);
    }
    b.push_str("<table id=\"relays\">\n");
    head(b, &["事项", "上级会议", "参会人数", "干部·分钟", "建议"]);
    for x in &r.relays {
        let class = if x.is_video { " class=\"note\"" } else { "" };
        let _ = writeln!(
            b,
            "<tr data-proposal=\"{}\" data-dropped=\"{}\">{}{}<td class=\"num\">{}</td><td class=\"num\">{}</td><td{class}>{}</td></tr>",
            e(x.proposal.as_str()),
            x.dropped,
            td(&x.title),
            td(&x.meeting),
            x.attendees,
            x.cadre_minutes,
            e(&x.message)
        );
    }
    b.push_str("</tbody></table>\n");
}

fn inspections(b: &mut String, r: &Report) {
    b.push_str("<h2>合并的督查检查（多头考核变一个考核）</h2>\n");
    if r.inspections.is_empty() {
        return none(b);
    }
    b.push_str("<table id=\"inspections\">\n");
    head(
        b,
        &[
            "会议",
            "时间",
            "被检查单位",
            "检查单位",
            "检查次数（前→后）",
            "节省干部·分钟",
        ],
    );
    for x in &r.inspections {
        let _ = writeln!(
            b,
            "<tr data-session=\"{}\">{}{}{}{}<td class=\"num\">{} → {}</td><td class=\"num\">{}</td></tr>",
            e(&x.session),
            td(&x.session),
            td(&x.start.format("%m-%d %H:%M").to_string()),
            td(&x.target_name),
            td(&x.organisers.join("、")),
            x.visits_before,
            x.visits_after,
            x.saved_minutes
        );
    }
    b.push_str("</tbody></table>\n");
}

fn departments(b: &mut String, r: &Report) {
    b.push_str("<h2>各主办单位</h2>\n");
    if r.departments.is_empty() {
        return none(b);
    }
    b.push_str("<table id=\"departments\">\n");
    head(
        b,
        &[
            "主办单位",
            "申报事项",
            "已安排",
            "与其他事项合并",
            "涉及场次",
            "干部用时（合并前）",
            "干部用时（合并后）",
        ],
    );
    for d in &r.departments {
        let _ = writeln!(
            b,
            "<tr data-unit=\"{}\">{}<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            e(d.unit.as_str()),
            td(&d.name),
            d.proposals,
            d.placed,
            d.merged,
            d.sessions,
            d.cadre_minutes.baseline,
            d.cadre_minutes.actual
        );
    }
    b.push_str("</tbody></table>\n");
}

fn grassroots(b: &mut String, r: &Report) {
    b.push_str("<h2>各乡镇街道干部往返次数</h2>\n");
    if r.grassroots.is_empty() {
        return none(b);
    }
    b.push_str("<table id=\"grassroots\">\n");
    head(
        b,
        &[
            "乡镇街道",
            "类型",
            "合并前往返",
            "合并后往返",
            "减少",
            "参会干部",
            "合并前参会次数",
            "合并后参会次数",
        ],
    );
    for g in &r.grassroots {
        let _ = writeln!(
            b,
            "<tr data-unit=\"{}\">{}{}<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            e(g.unit.as_str()),
            td(&g.name),
            td(g.kind.label()),
            g.baseline_trips,
            g.trips,
            g.saved,
            g.cadres,
            g.baseline_meetings,
            g.meetings
        );
    }
    b.push_str("</tbody></table>\n");
}

/// "—" for an empty cell.
fn or_dash(s: &str) -> &str {
    if s.is_empty() { "—" } else { s }
}
