//! The report's governance section: approvals and how long they took, quota use
//! against caps and last year (只减不增), the video share, and documents. It is
//! filled by the caller (it needs the store); renderers here are pure.

use super::escape::{escape_html, escape_markdown};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Governance {
    pub approvals: Vec<ApprovalReport>,
    pub quotas: Vec<QuotaReport>,
    pub video: VideoShare,
    pub documents: Option<crate::docs::DocFigures>,
}

/// One proposal that needed approval.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ApprovalReport {
    pub proposal: String,
    pub title: String,
    /// `approved`, `pending`, `rejected`.
    pub state: String,
    pub state_label: String,
    pub decisions: Vec<DecisionReport>,
    /// Positions still to decide.
    pub waiting: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DecisionReport {
    pub rule: String,
    pub approver: String,
    pub approver_name: String,
    pub decision: String,
    pub reason: String,
    /// UTC, `YYYY-MM-DDTHH:MM:SS`.
    pub decided_at: String,
    /// Minutes from the proposal (version) reaching the store to the decision.
    pub turnaround_minutes: i64,
}

/// Quota use of one department this year (published weeks plus this plan).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct QuotaReport {
    pub unit: String,
    pub name: String,
    pub meetings: u32,
    pub meetings_cap: Option<u32>,
    pub district_wide: u32,
    pub district_wide_cap: Option<u32>,
    pub documents: u32,
    pub documents_cap: Option<u32>,
    /// Last year's meetings, when known, and the change (negative = fewer).
    pub previous_meetings: Option<u32>,
    pub change_meetings: Option<i64>,
}

/// Sessions that reach townships/streets (or their villages), and how many by video.
#[derive(Serialize, Deserialize, Debug, Clone, Default, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct VideoShare {
    pub reaching_grassroots: u32,
    pub by_video: u32,
    pub percent: f64,
    pub min_percent: Option<u32>,
}

fn cap(c: Option<u32>) -> String {
    c.map(|c| c.to_string()).unwrap_or_else(|| "—".into())
}

/// HTML for the section (appended to the report page).
pub(crate) fn html(b: &mut String, g: &Governance) {
    b.push_str("<h2 id=\"approvals\">审批（报批）</h2>\n");
    if g.approvals.is_empty() {
        b.push_str("<p>本周没有需要审批的会议申请。</p>\n");
    } else {
        b.push_str("<table id=\"approvals-table\"><tr><th>申请</th><th>状态</th><th>审批人</th><th>决定</th><th>理由</th><th>用时（分钟）</th><th>待审批</th></tr>\n");
        for a in &g.approvals {
            let rows = a.decisions.len().max(1);
            for i in 0..rows {
                b.push_str("<tr>");
                if i == 0 {
                    b.push_str(&format!(
                        "<td rowspan=\"{rows}\">{}</td><td rowspan=\"{rows}\" data-state=\"{}\">{}</td>",
                        escape_html(&a.title),
                        escape_html(&a.state),
                        escape_html(&a.state_label)
                    ));
                }
                match a.decisions.get(i) {
                    Some(d) => b.push_str(&format!(
                        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
                        escape_html(&d.approver_name),
                        escape_html(&d.decision),
                        escape_html(&d.reason),
                        d.turnaround_minutes
                    )),
                    None => b.push_str("<td>—</td><td>—</td><td></td><td></td>"),
                }
                if i == 0 {
                    b.push_str(&format!(
                        "<td rowspan=\"{rows}\">{}</td>",
                        escape_html(&a.waiting.join("、"))
                    ));
                }
                b.push_str("</tr>\n");
            }
        }
        b.push_str("</table>\n");
    }
    b.push_str("<h2 id=\"quotas\">精文减会：年度计划使用情况</h2>\n");
    b.push_str("<table id=\"quotas-table\"><tr><th>单位</th><th>会议（已用/上限）</th><th>全区性会议</th><th>发文</th><th>上年会议</th><th>同比</th></tr>\n");
    for q in &g.quotas {
        let over = q.meetings_cap.is_some_and(|c| q.meetings > c);
        b.push_str(&format!(
            "<tr{}><td>{}</td><td>{} / {}</td><td>{} / {}</td><td>{} / {}</td><td>{}</td><td>{}</td></tr>\n",
            if over { " class=\"over\"" } else { "" },
            escape_html(&q.name),
            q.meetings,
            cap(q.meetings_cap),
            q.district_wide,
            cap(q.district_wide_cap),
            q.documents,
            cap(q.documents_cap),
            q.previous_meetings.map(|p| p.to_string()).unwrap_or_else(|| "—".into()),
            q.change_meetings.map(|c| format!("{c:+}")).unwrap_or_else(|| "—".into())
        ));
    }
    b.push_str("</table>\n");
    let v = &g.video;
    b.push_str(&format!(
        "<p id=\"video-share\">涉及乡镇（街道）的会议 {} 场，其中视频会议 {} 场，占 {:.1}%{}。</p>\n",
        v.reaching_grassroots,
        v.by_video,
        v.percent,
        v.min_percent.map(|m| format!("（要求不低于 {m}%{}）", if v.percent + 1e-9 < f64::from(m) { "，未达标" } else { "，已达标" })).unwrap_or_default()
    ));
    if let Some(d) = &g.documents {
        b.push_str("<h2 id=\"documents\">发文（一口对下）</h2>\n<table id=\"documents-table\">\n");
        for (k, label, v) in doc_rows(d) {
            b.push_str(&format!(
                "<tr><th>{label}</th><td data-key=\"{k}\">{v}</td></tr>\n"
            ));
        }
        b.push_str("</table>\n");
    }
}

fn doc_rows(d: &crate::docs::DocFigures) -> [(&'static str, &'static str, u32); 10] {
    [
        (
            "requests_received",
            "收到报表需求（份次）",
            d.requests_received,
        ),
        ("forms_sent", "合并后下发表格（张）", d.forms_sent),
        ("fields_asked", "原需填报字段（项次）", d.fields_asked),
        (
            "fields_after_merge",
            "合并后需填字段（项）",
            d.fields_after_merge,
        ),
        ("fields_reused", "复用已报送字段（项）", d.fields_reused),
        ("ledgers_refused", "不予准入台账（件）", d.ledgers_refused),
        (
            "letters_flagged",
            "超出权责清单的责任状（件）",
            d.letters_flagged,
        ),
        ("over_length", "超长发文（件）", d.over_length),
        ("notices_before", "通知（合并前，份次）", d.notices_before),
        ("notices_after", "通知（合并后，份次）", d.notices_after),
    ]
}

/// Markdown for the section.
pub(crate) fn markdown(b: &mut String, g: &Governance) {
    b.push_str("\n## 审批（报批）\n\n");
    if g.approvals.is_empty() {
        b.push_str("本周没有需要审批的会议申请。\n");
    } else {
        b.push_str(
            "| 申请 | 状态 | 审批人 | 决定 | 理由 | 用时（分钟） |\n|---|---|---|---|---|---|\n",
        );
        for a in &g.approvals {
            if a.decisions.is_empty() {
                b.push_str(&format!(
                    "| {} | {} | 待：{} | | | |\n",
                    escape_markdown(&a.title),
                    escape_markdown(&a.state_label),
                    escape_markdown(&a.waiting.join("、"))
                ));
            }
            for d in &a.decisions {
                b.push_str(&format!(
                    "| {} | {} | {} | {} | {} | {} |\n",
                    escape_markdown(&a.title),
                    escape_markdown(&a.state_label),
                    escape_markdown(&d.approver_name),
                    escape_markdown(&d.decision),
                    escape_markdown(&d.reason),
                    d.turnaround_minutes
                ));
            }
        }
    }
    b.push_str("\n## 精文减会：年度计划使用情况\n\n| 单位 | 会议 | 全区性会议 | 发文 | 上年会议 | 同比 |\n|---|---|---|---|---|---|\n");
    for q in &g.quotas {
        b.push_str(&format!(
            "| {} | {}/{} | {}/{} | {}/{} | {} | {} |\n",
            escape_markdown(&q.name),
            q.meetings,
            cap(q.meetings_cap),
            q.district_wide,
            cap(q.district_wide_cap),
            q.documents,
            cap(q.documents_cap),
            q.previous_meetings
                .map(|p| p.to_string())
                .unwrap_or_else(|| "—".into()),
            q.change_meetings
                .map(|c| format!("{c:+}"))
                .unwrap_or_else(|| "—".into())
        ));
    }
    b.push_str(&format!(
        "\n涉及乡镇（街道）的会议 {} 场，其中视频 {} 场（{:.1}%）。\n",
        g.video.reaching_grassroots, g.video.by_video, g.video.percent
    ));
    if let Some(d) = &g.documents {
        b.push_str("\n## 发文（一口对下）\n\n");
        for (_, label, v) in doc_rows(d) {
            b.push_str(&format!("- {label}：{v}\n"));
        }
    }
}
