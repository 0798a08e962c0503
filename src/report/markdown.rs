//! The merge report as Markdown (GitHub-flavoured tables). Every interpolated
//! string goes through `escape_markdown`.

use super::escape::escape_markdown as m;
use super::model::Report;
use super::page::span_cn;
use std::fmt::Write;

fn table(out: &mut String, header: &[&str], rows: Vec<Vec<String>>) {
    if rows.is_empty() {
        out.push_str("无\n\n");
        return;
    }
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for r in rows {
        let _ = writeln!(out, "| {} |", r.join(" | "));
    }
    out.push('\n');
}

pub fn report_markdown(r: &Report) -> String {
    let c = &r.cost;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {} {} 会议合并（拼会）报告\n\n排程器：{}；格式版本 {}\n",
        m(&r.district),
        r.week,
        m(&r.planner),
        r.format
    );
    out.push_str("## 成效汇总\n\n");
    let mut rows = vec![vec![
        "会议场次".to_string(),
        c.placed_proposals.to_string(),
        c.sessions.to_string(),
        (i64::from(c.placed_proposals) - i64::from(c.sessions)).to_string(),
        String::new(),
    ]];
    for (label, f) in [
        ("参会人次", &c.attendances),
        ("往返行程（次）", &c.trips),
        ("干部用时（干部·分钟）", &c.cadre_minutes),
    ] {
        rows.push(vec![
            label.to_string(),
            f.baseline.to_string(),
            f.actual.to_string(),
            f.saved.to_string(),
            format!("{:.1}%", f.saved_percent),
        ]);
    }
    table(
        &mut out,
        &["指标", "合并前（逐项单开）", "合并后", "减少", "降幅"],
        rows,
    );
    let _ = writeln!(
        out,
        "申报事项 {} 项，未能安排 {} 项，免于陪会 {} 人·项。\n",
        c.proposals, c.unplaced_proposals, c.spared
    );
    if c.dropped_relays > 0 {
        let _ = writeln!(
            out,
            "取消传达会议 {} 个（上级视频会议由参会人员直接参加，一开到底），另节省 {} 干部·分钟。\n",
            c.dropped_relays, c.dropped_relay_minutes
        );
    }

    out.push_str("## 会议安排与合并理由\n\n");
    if r.sessions.is_empty() {
        out.push_str("无\n\n");
    }
    for s in &r.sessions {
        let free = if s.on_meeting_free_day {
            " 【无会日紧急】"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "### {} · {} · {}{free}\n",
            m(&span_cn(s.start, s.end)),
            m(&s.venue.name),
            s.mode.label()
        );
        let _ = writeln!(
            out,
            "会议编号 `{}`；参会 {} 人（现场 {} 人，视频 {} 人）；往返 {} 次；干部用时 {} 干部·分钟\n",
            s.id.replace('`', ""),
            s.attendees,
            s.in_person,
            s.video,
            s.trips,
            s.cadre_minutes
        );
        let rows = s
            .segments
            .iter()
            .map(|g| {
                vec![
                    format!("{}{}", if g.urgent { "【紧急】" } else { "" }, m(&g.title)),
                    format!("{}–{}", g.start.format("%H:%M"), g.end.format("%H:%M")),
                    m(&g.organiser_name),
                    m(&g.presider_name),
                    g.attendees.to_string(),
                ]
            })
            .collect();
        table(
            &mut out,
            &["议程", "时间", "主办单位", "主持人", "参会人数"],
            rows,
        );
        match &s.merge {
            Some(x) => {
                let _ = writeln!(
                    out,
                    "合并理由：{} 人同时被 {} 项议程召集，合并召开节省 {} 干部·分钟。\n",
                    x.shared_people,
                    x.proposals.len(),
                    x.saved_minutes
                );
            }
            None => out.push_str("单独召开。\n\n"),
        }
    }

    out.push_str("## 有共同参会人员但未合并的事项\n\n");
    let rows = r
        .non_merges
        .iter()
        .map(|n| {
            vec![
                m(&format!("{}（{}）", n.a_title, n.a)),
                m(&format!("{}（{}）", n.b_title, n.b)),
                n.shared_people.to_string(),
                m(&n.reason_label),
            ]
        })
        .collect();
    table(
        &mut out,
        &["事项一", "事项二", "共同人员", "未合并原因"],
        rows,
    );

    out.push_str("## 未能安排的事项\n\n");
    let rows = r
        .unplaced
        .iter()
        .map(|u| {
            vec![
                m(&format!("{}（{}）", u.title, u.proposal)),
                m(&u.organiser_name),
                m(&u.reason_label),
                m(if u.alternative_label.is_empty() {
                    "—"
                } else {
                    &u.alternative_label
                }),
            ]
        })
        .collect();
    table(
        &mut out,
        &["事项", "主办单位", "原因", "最近的可行安排"],
        rows,
    );

    out.push_str("## 传达上级会议（一开到底）\n\n");
    let rows = r
        .relays
        .iter()
        .map(|x| {
            vec![
                m(&x.title),
                m(&x.meeting),
                x.attendees.to_string(),
                x.cadre_minutes.to_string(),
                m(&x.message),
            ]
        })
        .collect();
    table(
        &mut out,
        &["事项", "上级会议", "参会人数", "干部·分钟", "建议"],
        rows,
    );

    out.push_str("## 合并的督查检查（多头考核变一个考核）\n\n");
    let rows = r
        .inspections
        .iter()
        .map(|x| {
            vec![
                m(&x.session),
                x.start.format("%m-%d %H:%M").to_string(),
                m(&x.target_name),
                m(&x.organisers.join("、")),
                format!("{} → {}", x.visits_before, x.visits_after),
                x.saved_minutes.to_string(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            "会议",
            "时间",
            "被检查单位",
            "检查单位",
            "检查次数（前→后）",
            "节省干部·分钟",
        ],
        rows,
    );

    out.push_str("## 各主办单位\n\n");
    let rows = r
        .departments
        .iter()
        .map(|d| {
            vec![
                m(&d.name),
                d.proposals.to_string(),
                d.placed.to_string(),
                d.merged.to_string(),
                d.sessions.to_string(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            "主办单位",
            "申报事项",
            "已安排",
            "与其他事项合并",
            "涉及场次",
        ],
        rows,
    );

    out.push_str("## 各乡镇街道干部往返次数\n\n");
    let rows = r
        .grassroots
        .iter()
        .map(|g| {
            vec![
                m(&g.name),
                g.kind.label().to_string(),
                g.baseline_trips.to_string(),
                g.trips.to_string(),
                g.saved.to_string(),
            ]
        })
        .collect();
    table(
        &mut out,
        &["乡镇街道", "类型", "合并前往返", "合并后往返", "减少"],
        rows,
    );
    super::governance::markdown(&mut out, &r.governance);
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
