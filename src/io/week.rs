//! Week files: busy blocks, meeting proposals and documents (docs/formats.md).

use super::locate::Path;
use super::refs::{choices, person_ref, selector, unit_ref};
use super::{
    Ctx, DATE_HINT, DATETIME_HINT, InputErrors, Syntax, TimeText, parse_date, parse_datetime,
    parse_raw,
};
use crate::model::*;
use chrono::{Duration, NaiveDateTime};
use serde::Deserialize;
use std::collections::BTreeSet;

pub(crate) use super::week_documents::{RawDocument, RawField, document, duplicate_document};
pub use super::week_documents::{document_is_proposal, proposal_is_document};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWeek {
    week: String,
    #[serde(default)]
    busy: Vec<RawBusy>,
    #[serde(default)]
    proposals: Vec<RawProposal>,
    #[serde(default)]
    documents: Vec<RawDocument>,
    #[serde(default)]
    reported: Vec<RawReported>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReported {
    unit: String,
    field: String,
    #[serde(default)]
    measure: String,
    period: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBusy {
    person: String,
    from: TimeText,
    to: TimeText,
    #[serde(default)]
    reason: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProposal {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) organiser: String,
    pub(crate) kind: String,
    pub(crate) presider: String,
    pub(crate) duration_minutes: i64,
    pub(crate) window: Vec<TimeText>,
    pub(crate) preferred: Option<TimeText>,
    #[serde(default = "in_person")]
    pub(crate) mode: String,
    #[serde(default = "yes")]
    pub(crate) mergeable: bool,
    #[serde(default = "public")]
    pub(crate) confidentiality: String,
    #[serde(default)]
    pub(crate) urgent: bool,
    pub(crate) filed: TimeText,
    pub(crate) relays: Option<String>,
    #[serde(default)]
    pub(crate) relay_is_video: bool,
    pub(crate) target: Option<String>,
    #[serde(default)]
    pub(crate) audience: Vec<RawSelector>,
}

fn in_person() -> String {
    "in_person".into()
}
fn public() -> String {
    "public".into()
}
fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSelector {
    #[serde(default)]
    pub(crate) kinds: Vec<String>,
    #[serde(default)]
    pub(crate) within: Vec<String>,
    #[serde(default)]
    pub(crate) units: Vec<String>,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    #[serde(default)]
    pub(crate) roles: Vec<String>,
    #[serde(default)]
    pub(crate) people: Vec<String>,
    #[serde(default = "required")]
    pub(crate) attendance: String,
}

fn required() -> String {
    "required".into()
}

/// Parses and validates a week file against the org chart. All errors are
/// collected; the week is returned only when there are none.
pub fn parse_week(
    file: &str,
    text: &str,
    syntax: Syntax,
    org: &Org,
) -> Result<WeekInput, InputErrors> {
    let raw: RawWeek = parse_raw(file, text, syntax)?;
    let mut cx = Ctx::new(file, text, syntax);
    let root = Path::default();
    let Some(week) = WeekId::parse(&raw.week) else {
        cx.err(&root.key("week"), bad_week(&raw.week));
        return Err(InputErrors(cx.errors));
    };
    let span = week.span();

    let mut busy = Vec::new();
    for (i, b) in raw.busy.iter().enumerate() {
        let p = root.key("busy").index(i);
        let person = person_ref(&mut cx, org, &p.key("person"), &b.person);
        let from = datetime(&mut cx, &p.key("from"), &b.from);
        let to = datetime(&mut cx, &p.key("to"), &b.to);
        if let (Some(person), Some(from), Some(to)) = (person, from, to) {
            match Window::new(from, to) {
                Some(window) => busy.push(Busy {
                    person,
                    window,
                    reason: b.reason.clone(),
                }),
                None => cx.err(&p.key("to"), "结束时间必须晚于开始时间"),
            }
        }
    }

    let mut seen = BTreeSet::new();
    let mut proposals = Vec::new();
    for (i, rp) in raw.proposals.iter().enumerate() {
        let p = root.key("proposals").index(i);
        if let Some(prop) = proposal(&mut cx, org, &p, rp, &span) {
            if !seen.insert(prop.id.clone()) {
                cx.err(&p.key("id"), duplicate_proposal(&prop.id));
            }
            proposals.push(prop);
        }
    }

    let mut documents = Vec::new();
    let mut seen_docs = BTreeSet::new();
    for (i, rd) in raw.documents.iter().enumerate() {
        let p = root.key("documents").index(i);
        if let Some(doc) = document(&mut cx, org, &p, rd) {
            if !seen_docs.insert(doc.id.clone()) {
                cx.err(&p.key("id"), duplicate_document(&doc.id));
            }
            documents.push(doc);
        }
    }
    let mut reported = Vec::new();
    for (i, r) in raw.reported.iter().enumerate() {
        let p = root.key("reported").index(i);
        let unit = unit_ref(&mut cx, org, &p.key("unit"), &r.unit);
        if r.field.trim().is_empty() {
            cx.err(&p.key("field"), "字段名称不能为空");
        }
        if !Reported::valid_period(&r.period) {
            cx.err(
                &p.key("period"),
                format!("期间 “{}” 无效，应为 2026、2026-Q4 或 2026-12", r.period),
            );
        }
        if let Some(unit) = unit {
            reported.push(Reported {
                unit,
                field: Field {
                    name: r.field.trim().to_string(),
                    unit: r.measure.trim().to_string(),
                },
                period: r.period.clone(),
            });
        }
    }
    cx.finish(WeekInput {
        week,
        busy,
        proposals,
        documents,
        reported,
    })
}

pub(crate) fn bad_week(s: &str) -> String {
    format!("周次 “{s}” 无效，应为 2026-W49 这样的 ISO 周")
}

pub(crate) fn duplicate_proposal(id: &ProposalId) -> String {
    format!("会议申请编号 “{id}” 重复")
}

/// Checks one raw proposal (every field and reference) and builds it; errors go
/// to `cx` under `p` (`p.key("organiser")` …). Shared by week files and spreadsheets.
pub(crate) fn proposal(
    cx: &mut Ctx,
    org: &Org,
    p: &Path,
    r: &RawProposal,
    week: &Window,
) -> Option<Proposal> {
    let id = id_of(cx, &p.key("id"), ProposalId::parse(&r.id));
    if r.title.trim().is_empty() {
        cx.err(&p.key("title"), "会议名称不能为空");
    }
    let organiser = unit_ref(cx, org, &p.key("organiser"), &r.organiser);
    let kind = code_of(
        cx,
        &p.key("kind"),
        "会议类型",
        MeetingKind::parse(&r.kind),
        &r.kind,
        MeetingKind::ALL.iter().map(|k| (k.code(), k.label())),
    );
    let presider = person_ref(cx, org, &p.key("presider"), &r.presider);
    let duration = if (5..=480).contains(&r.duration_minutes) {
        Some(Minutes(r.duration_minutes as u32))
    } else {
        cx.err(
            &p.key("duration_minutes"),
            format!(
                "时长 {} 分钟无效，应为 5 到 480 之间的整数",
                r.duration_minutes
            ),
        );
        None
    };
    let window = window(cx, &p.key("window"), &r.window);
    if let Some(w) = &window
        && !week.contains(w)
    {
        cx.err(
            &p.key("window"),
            format!(
                "时间窗口不在本周（{} 至 {}）内",
                week.start().date(),
                (week.end() - Duration::days(1)).date()
            ),
        );
    }
    if let (Some(w), Some(d)) = (&window, duration)
        && w.minutes() < i64::from(d.get())
    {
        cx.err(
            &p.key("duration_minutes"),
            format!(
                "时长 {} 分钟超过了时间窗口（{} 分钟）",
                d.get(),
                w.minutes()
            ),
        );
    }
    let preferred = r
        .preferred
        .as_ref()
        .and_then(|t| datetime(cx, &p.key("preferred"), t));
    if let (Some(pref), Some(w)) = (preferred, &window)
        && !(w.start() <= pref && pref < w.end())
    {
        cx.err(&p.key("preferred"), "建议开始时间必须在时间窗口内");
    }
    let mode = match r.mode.as_str() {
        "in_person" => Some(Mode::InPerson),
        "video" => Some(Mode::Video),
        other => {
            cx.err(
                &p.key("mode"),
                format!("未知会议形式 “{other}”，可选值：in_person（现场）、video（视频）"),
            );
            None
        }
    };
    let confidentiality = match r.confidentiality.as_str() {
        "public" => Some(Confidentiality::Public),
        "internal" => Some(Confidentiality::Internal),
        "confidential" => Some(Confidentiality::Confidential),
        other => {
            cx.err(&p.key("confidentiality"), format!("未知密级 “{other}”，可选值：public（公开）、internal（内部）、confidential（涉密）"));
            None
        }
    };
    let filed = date(cx, &p.key("filed"), &r.filed);
    let target = match &r.target {
        Some(t) => unit_ref(cx, org, &p.key("target"), t),
        None => None,
    };
    if kind == Some(MeetingKind::Inspection) && r.target.is_none() {
        cx.err(&p.key("target"), "督查检查考核必须填写被检查单位（target）");
    }
    if kind.is_some_and(|k| k != MeetingKind::Inspection) && r.target.is_some() {
        cx.err(
            &p.key("target"),
            "只有 kind = \"inspection\" 的申请可以填写 target",
        );
    }
    let audience = audience(
        cx,
        org,
        p,
        &r.audience,
        "至少需要一条参会范围（[[proposals.audience]]）",
    );
    let relays = r
        .relays
        .as_ref()
        .filter(|s| !s.trim().is_empty())
        .map(|m| Relay {
            meeting: m.clone(),
            is_video: r.relay_is_video,
        });
    Some(Proposal {
        id: id?,
        title: r.title.trim().to_string(),
        organiser: organiser?,
        kind: kind?,
        presider: presider?,
        duration: duration?,
        window: window?,
        preferred,
        mode: mode?,
        mergeable: r.mergeable,
        confidentiality: confidentiality?,
        urgent: r.urgent,
        filed: filed?,
        relays,
        target,
        audience: audience?,
    })
}

/// The `audience` selectors of a proposal or document under `p`: every one
/// checked; None unless there is at least one (else `empty` is reported at
/// `p.audience`) and all are valid.
pub(super) fn audience(
    cx: &mut Ctx,
    org: &Org,
    p: &Path,
    raw: &[RawSelector],
    empty: &str,
) -> Option<Vec<Selector>> {
    if raw.is_empty() {
        cx.err(&p.key("audience"), empty);
    }
    let checked: Vec<_> = raw
        .iter()
        .enumerate()
        .filter_map(|(i, s)| selector(cx, org, &p.key("audience").index(i), s))
        .collect();
    (checked.len() == raw.len() && !checked.is_empty()).then_some(checked)
}

fn datetime(cx: &mut Ctx, p: &Path, t: &TimeText) -> Option<NaiveDateTime> {
    let s = t.text();
    let v = parse_datetime(&s);
    if v.is_none() {
        cx.err(p, format!("时间 “{s}” 无效，{DATETIME_HINT}"));
    }
    v
}

pub(super) fn date(cx: &mut Ctx, p: &Path, t: &TimeText) -> Option<chrono::NaiveDate> {
    let s = t.text();
    let v = parse_date(&s);
    if v.is_none() {
        cx.err(p, format!("日期 “{s}” 无效，{DATE_HINT}"));
    }
    v
}

/// `[from, to]`: two datetimes, or two dates meaning whole days.
fn window(cx: &mut Ctx, p: &Path, w: &[TimeText]) -> Option<Window> {
    if w.len() != 2 {
        cx.err(
            p,
            "时间窗口应为两个值：[开始, 结束]，如 [\"2026-12-01T08:30\", \"2026-12-04T17:30\"]",
        );
        return None;
    }
    let (a, b) = (w[0].text(), w[1].text());
    let start = parse_datetime(&a).or_else(|| parse_date(&a).and_then(|d| d.and_hms_opt(0, 0, 0)));
    let end = parse_datetime(&b)
        .or_else(|| parse_date(&b).and_then(|d| (d + Duration::days(1)).and_hms_opt(0, 0, 0)));
    match (start, end) {
        (Some(s), Some(e)) => {
            let win = Window::new(s, e);
            if win.is_none() {
                cx.err(
                    p,
                    format!("时间窗口结束（{b}）早于或等于开始（{a}），结束必须晚于开始"),
                );
            }
            win
        }
        _ => {
            let bad = if start.is_none() { a } else { b };
            cx.err(
                p,
                format!("时间 “{bad}” 无效，{DATETIME_HINT}或 2026-12-01 这样的日期"),
            );
            None
        }
    }
}

/// A parsed id, or its error recorded at `p`.
pub(super) fn id_of<T, E: std::fmt::Display>(cx: &mut Ctx, p: &Path, r: Result<T, E>) -> Option<T> {
    r.map_err(|e| cx.err(p, e.to_string())).ok()
}

/// A code from a fixed list (`parsed` from `text`), or an error at `p` naming
/// `what` and every valid code with its label.
pub(super) fn code_of<'a, K>(
    cx: &mut Ctx,
    p: &Path,
    what: &str,
    parsed: Option<K>,
    text: &str,
    all: impl Iterator<Item = (&'a str, &'a str)>,
) -> Option<K> {
    if parsed.is_none() {
        cx.err(p, format!("未知{what} “{text}”，可选值：{}", choices(all)));
    }
    parsed
}
