//! rules.toml: hours, meeting-free days, session caps, notice, approvals, quotas,
//! documents, relays.

use super::locate::Path;
use super::{Ctx, InputErrors, Syntax, parse_raw, parse_time};
use crate::model::*;
use crate::rules::quota::{DeptCaps, DeptCounts};
use crate::rules::{
    ApprovalRule, ApproverRef, Block, Condition, Hours, MeetingFree, Quotas, Rules, Summer, Summons,
};
use chrono::Weekday;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    hours: RawHours,
    #[serde(default)]
    meeting_free: RawMeetingFree,
    sessions: RawSessions,
    #[serde(default)]
    caps: RawCaps,
    #[serde(default)]
    notice: RawNotice,
    #[serde(default)]
    approvals: Vec<RawApproval>,
    #[serde(default)]
    quotas: RawQuotas,
    #[serde(default)]
    documents: RawDocRules,
    #[serde(default)]
    relays: RawRelays,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawRelays {
    /// Any TOML value, so a wrong one is reported with its key.
    drop_when_video: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocRules {
    #[serde(default = "max_chars")]
    max_chars: u32,
    #[serde(default = "merge_due_days")]
    merge_due_days: u32,
    #[serde(default)]
    ledger_types: Vec<String>,
    #[serde(default)]
    pass_down_tasks: Vec<String>,
    #[serde(default)]
    duties: BTreeMap<String, Vec<String>>,
    #[serde(default = "yes")]
    bundle_notices: bool,
}

impl Default for RawDocRules {
    fn default() -> Self {
        let d = crate::rules::DocRules::default();
        RawDocRules {
            max_chars: d.max_chars,
            merge_due_days: d.merge_due_days,
            ledger_types: vec![],
            pass_down_tasks: vec![],
            duties: BTreeMap::new(),
            bundle_notices: d.bundle_notices,
        }
    }
}

fn max_chars() -> u32 {
    5000
}
fn merge_due_days() -> u32 {
    7
}
fn yes() -> bool {
    true
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawApproval {
    id: String,
    name: String,
    approver: String,
    when: RawWhen,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWhen {
    summons: Option<RawSummons>,
    #[serde(default)]
    meeting_kinds: Vec<String>,
    #[serde(default)]
    organiser_kinds: Vec<String>,
    filed_late: Option<bool>,
    over_quota: Option<bool>,
    meeting_free: Option<bool>,
    over_duration_cap: Option<bool>,
    over_attendance_cap: Option<bool>,
    #[serde(default)]
    document_kinds: Vec<String>,
    outside_duties: Option<bool>,
    over_length: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSummons {
    #[serde(default)]
    kinds: Vec<String>,
    #[serde(default)]
    roles: Vec<String>,
    #[serde(default)]
    attendance: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawQuotas {
    meetings_per_department: Option<u32>,
    district_wide_per_department: Option<u32>,
    documents_per_department: Option<u32>,
    grassroots_meetings_per_month: Option<u32>,
    min_video_share_percent: Option<u32>,
    #[serde(default)]
    departments: BTreeMap<String, RawDeptCaps>,
    #[serde(default)]
    previous_year: BTreeMap<String, RawDeptCounts>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDeptCaps {
    meetings: Option<u32>,
    district_wide: Option<u32>,
    documents: Option<u32>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawDeptCounts {
    #[serde(default)]
    meetings: u32,
    #[serde(default)]
    district_wide: u32,
    #[serde(default)]
    documents: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    morning: Vec<String>,
    afternoon: Vec<String>,
    summer: Option<RawSummer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSummer {
    from: String,
    to: String,
    afternoon: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMeetingFree {
    #[serde(default)]
    weekdays: Vec<String>,
    #[serde(default)]
    week_of_month: Vec<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSessions {
    max_minutes: u32,
    #[serde(default = "grid")]
    grid_minutes: u32,
    #[serde(default)]
    max_minutes_by_kind: BTreeMap<String, u32>,
}

fn grid() -> u32 {
    15
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCaps {
    #[serde(default)]
    attendance_by_kind: BTreeMap<String, u32>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    #[serde(default)]
    min_working_days: u32,
}

/// Parses rules.toml; approvers and departments are checked against the org chart.
pub fn parse_rules(file: &str, text: &str, org: &Org) -> Result<Rules, InputErrors> {
    let raw: RawRules = parse_raw(file, text, Syntax::Toml)?;
    let mut cx = Ctx::new(file, text, Syntax::Toml);
    let root = Path::default();
    let hours = root.key("hours");
    let morning = block(&mut cx, &hours.key("morning"), &raw.hours.morning);
    let afternoon = block(&mut cx, &hours.key("afternoon"), &raw.hours.afternoon);
    let summer = raw.hours.summer.as_ref().and_then(|s| {
        let p = hours.key("summer");
        let from = month_day(&mut cx, &p.key("from"), &s.from);
        let to = month_day(&mut cx, &p.key("to"), &s.to);
        let afternoon = block(&mut cx, &p.key("afternoon"), &s.afternoon);
        Some(Summer {
            from: from?,
            to: to?,
            afternoon: afternoon?,
        })
    });
    if let (Some(m), Some(a)) = (morning, afternoon)
        && m.end > a.start
    {
        cx.err(
            &hours.key("afternoon"),
            "下午时段必须在上午时段结束之后开始",
        );
    }
    let mut weekdays = Vec::new();
    for (i, w) in raw.meeting_free.weekdays.iter().enumerate() {
        match w.parse::<Weekday>() {
            Ok(d) => weekdays.push(d),
            Err(_) => cx.err(
                &root.key("meeting_free").key("weekdays").index(i),
                format!("星期 “{w}” 无效，可选值：mon、tue、wed、thu、fri、sat、sun"),
            ),
        }
    }
    for (i, n) in raw.meeting_free.week_of_month.iter().enumerate() {
        if !(1..=5).contains(n) {
            cx.err(
                &root.key("meeting_free").key("week_of_month").index(i),
                format!("第 {n} 周无效，应为 1 到 5"),
            );
        }
    }
    let sp = root.key("sessions");
    if !(15..=480).contains(&raw.sessions.max_minutes) {
        cx.err(
            &sp.key("max_minutes"),
            "单场会议时长上限应为 15 到 480 分钟",
        );
    }
    if ![5, 10, 15, 30, 60].contains(&raw.sessions.grid_minutes) {
        cx.err(
            &sp.key("grid_minutes"),
            "开始时间网格应为 5、10、15、30 或 60 分钟",
        );
    }
    let max_minutes_by_kind = kind_map(
        &mut cx,
        &sp.key("max_minutes_by_kind"),
        &raw.sessions.max_minutes_by_kind,
    );
    let attendance_cap_by_kind = kind_map(
        &mut cx,
        &root.key("caps").key("attendance_by_kind"),
        &raw.caps.attendance_by_kind,
    );
    let rules = Rules {
        hours: Hours {
            morning: morning.unwrap_or(FALLBACK),
            afternoon: afternoon.unwrap_or(FALLBACK),
            summer,
        },
        meeting_free: MeetingFree {
            weekdays,
            week_of_month: raw.meeting_free.week_of_month.clone(),
        },
        max_session_minutes: raw.sessions.max_minutes,
        max_minutes_by_kind,
        grid_minutes: raw.sessions.grid_minutes,
        attendance_cap_by_kind,
        min_notice_working_days: raw.notice.min_working_days,
        approvals: approvals(&mut cx, org, &raw.approvals),
        documents: doc_rules(&mut cx, &raw.documents),
        quotas: quotas(&mut cx, org, &raw.quotas),
        relays: relay_rules(&mut cx, &raw.relays),
    };
    cx.finish(rules)
}

const FALLBACK: Block = Block {
    start: chrono::NaiveTime::MIN,
    end: chrono::NaiveTime::MIN,
};

fn kind_map(cx: &mut Ctx, p: &Path, m: &BTreeMap<String, u32>) -> BTreeMap<MeetingKind, u32> {
    let mut out = BTreeMap::new();
    for (k, v) in m {
        match MeetingKind::parse(k) {
            Some(kind) => {
                out.insert(kind, *v);
            }
            None => {
                let valid: Vec<_> = MeetingKind::ALL.iter().map(|k| k.code()).collect();
                cx.err(
                    p,
                    format!("未知会议类型 “{k}”，可选值：{}", valid.join("、")),
                );
            }
        }
    }
    out
}

fn block(cx: &mut Ctx, p: &Path, v: &[String]) -> Option<Block> {
    if v.len() != 2 {
        cx.err(p, "时段应为 [\"08:30\", \"12:00\"] 这样的两个时间");
        return None;
    }
    match (parse_time(&v[0]), parse_time(&v[1])) {
        (Some(start), Some(end)) if start < end => Some(Block { start, end }),
        (Some(_), Some(_)) => {
            cx.err(p, "时段结束必须晚于开始");
            None
        }
        _ => {
            cx.err(p, "时间应为 08:30 这样的 时:分");
            None
        }
    }
}

fn month_day(cx: &mut Ctx, p: &Path, s: &str) -> Option<(u32, u32)> {
    let parsed = s
        .split_once('-')
        .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)));
    match parsed {
        Some((m, d)) if chrono::NaiveDate::from_ymd_opt(2024, m, d).is_some() => Some((m, d)),
        _ => {
            cx.err(p, format!("日期 “{s}” 无效，应为 05-01 这样的 月-日"));
            None
        }
    }
}

fn approvals(cx: &mut Ctx, org: &Org, raw: &[RawApproval]) -> Vec<ApprovalRule> {
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (i, r) in raw.iter().enumerate() {
        let p = Path::default().key("approvals").index(i);
        if r.id.trim().is_empty() || !seen.insert(r.id.clone()) {
            cx.err(&p.key("id"), format!("审批规则编号 “{}” 为空或重复", r.id));
        }
        let approver = approver(cx, org, &p.key("approver"), &r.approver);
        let when = condition(cx, &p.key("when"), &r.when);
        if let (Some(approver), Some(when)) = (approver, when) {
            out.push(ApprovalRule {
                id: r.id.clone(),
                name: r.name.clone(),
                approver,
                when,
            });
        }
    }
    out
}

const APPROVER_HINT: &str = "应为 “单位编号:职务”（如 qw:secretary 即区委书记）或 “organiser:职务”（主办单位的该职务，如街道主要领导）";

fn approver(cx: &mut Ctx, org: &Org, p: &Path, s: &str) -> Option<ApproverRef> {
    let Some((unit, role)) = s.split_once(':') else {
        cx.err(p, format!("审批人 “{s}” 格式不对，{APPROVER_HINT}"));
        return None;
    };
    let Some(role) = Role::parse(role) else {
        cx.err(
            p,
            format!("审批人 “{s}” 中的职务未知，可选值：{}", Role::choices()),
        );
        return None;
    };
    if unit == "organiser" {
        return Some(ApproverRef::Organiser { role });
    }
    let Some(uid) = UnitId::parse(unit).ok().filter(|u| org.unit(u).is_some()) else {
        cx.err(
            p,
            format!("审批人 “{s}” 中的单位 “{unit}” 不存在，{APPROVER_HINT}"),
        );
        return None;
    };
    if crate::rules::approval::holder(org, &uid, role).is_none() {
        cx.err(
            p,
            format!(
                "审批人 “{s}”：{unit} 没有人担任 {}（{}）",
                role.code(),
                role.label()
            ),
        );
        return None;
    }
    Some(ApproverRef::Position { unit: uid, role })
}

fn condition(cx: &mut Ctx, p: &Path, w: &RawWhen) -> Option<Condition> {
    let before = cx.errors.len();
    let unit_kinds = |cx: &mut Ctx, path: Path, v: &[String]| -> Vec<UnitKind> {
        v.iter()
            .enumerate()
            .filter_map(|(i, k)| {
                let got = UnitKind::parse(k);
                if got.is_none() {
                    let valid: Vec<_> = UnitKind::ALL.iter().map(|k| k.code()).collect();
                    cx.err(
                        &path.index(i),
                        format!("未知单位类型 “{k}”，可选值：{}", valid.join("、")),
                    );
                }
                got
            })
            .collect()
    };
    let summons = w.summons.as_ref().map(|s| {
        let sp = p.key("summons");
        let kinds = unit_kinds(cx, sp.key("kinds"), &s.kinds);
        let roles = s
            .roles
            .iter()
            .enumerate()
            .filter_map(|(i, r)| {
                let got = Role::parse(r);
                if got.is_none() {
                    cx.err(
                        &sp.key("roles").index(i),
                        format!("未知职务 “{r}”，可选值：{}", Role::choices()),
                    );
                }
                got
            })
            .collect();
        let attendance = s
            .attendance
            .iter()
            .enumerate()
            .filter_map(|(i, a)| {
                let got = match a.as_str() {
                    "required" => Some(Attendance::Required),
                    "observer" => Some(Attendance::Observer),
                    "optional" => Some(Attendance::Optional),
                    _ => None,
                };
                if got.is_none() {
                    cx.err(
                        &sp.key("attendance").index(i),
                        format!("未知参会方式 “{a}”，可选值：required、observer、optional"),
                    );
                }
                got
            })
            .collect();
        Summons {
            kinds,
            roles,
            attendance,
        }
    });
    let meeting_kinds = w
        .meeting_kinds
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            let got = MeetingKind::parse(k);
            if got.is_none() {
                let valid: Vec<_> = MeetingKind::ALL.iter().map(|k| k.code()).collect();
                cx.err(
                    &p.key("meeting_kinds").index(i),
                    format!("未知会议类型 “{k}”，可选值：{}", valid.join("、")),
                );
            }
            got
        })
        .collect();
    let organiser_kinds = unit_kinds(cx, p.key("organiser_kinds"), &w.organiser_kinds);
    let document_kinds = w
        .document_kinds
        .iter()
        .enumerate()
        .filter_map(|(i, k)| {
            let got = DocumentKind::parse(k);
            if got.is_none() {
                cx.err(
                    &p.key("document_kinds").index(i),
                    format!("未知发文类型 “{k}”，可选值：notice、data_request、ledger、letter"),
                );
            }
            got
        })
        .collect();
    let c = Condition {
        summons,
        meeting_kinds,
        organiser_kinds,
        filed_late: w.filed_late,
        over_quota: w.over_quota,
        meeting_free: w.meeting_free,
        over_duration_cap: w.over_duration_cap,
        over_attendance_cap: w.over_attendance_cap,
        document_kinds,
        outside_duties: w.outside_duties,
        over_length: w.over_length,
    };
    if c == Condition::default() {
        cx.err(p, "审批条件不能为空：至少填写 summons、meeting_kinds、organiser_kinds、filed_late、over_quota、meeting_free、over_duration_cap、over_attendance_cap、document_kinds、outside_duties、over_length 之一");
    }
    (cx.errors.len() == before).then_some(c)
}

fn quotas(cx: &mut Ctx, org: &Org, q: &RawQuotas) -> Quotas {
    let root = Path::default().key("quotas");
    let dept = |cx: &mut Ctx, key: &'static str, id: &str| -> Option<UnitId> {
        let got = UnitId::parse(id).ok().filter(|u| org.unit(u).is_some());
        if got.is_none() {
            cx.err(
                &root.key(key),
                format!("未知单位 “{id}”，请填写 district.toml 中的单位编号"),
            );
        }
        got
    };
    let mut departments = BTreeMap::new();
    for (id, c) in &q.departments {
        if let Some(u) = dept(cx, "departments", id) {
            departments.insert(
                u,
                DeptCaps {
                    meetings: c.meetings,
                    district_wide: c.district_wide,
                    documents: c.documents,
                },
            );
        }
    }
    let mut previous_year = BTreeMap::new();
    for (id, c) in &q.previous_year {
        if let Some(u) = dept(cx, "previous_year", id) {
            previous_year.insert(
                u,
                DeptCounts {
                    meetings: c.meetings,
                    district_wide: c.district_wide,
                    documents: c.documents,
                },
            );
        }
    }
    if q.min_video_share_percent.is_some_and(|v| v > 100) {
        cx.err(
            &root.key("min_video_share_percent"),
            "视频会议比例应为 0 到 100",
        );
    }
    Quotas {
        per_department: DeptCaps {
            meetings: q.meetings_per_department,
            district_wide: q.district_wide_per_department,
            documents: q.documents_per_department,
        },
        departments,
        grassroots_meetings_per_month: q.grassroots_meetings_per_month,
        min_video_share_percent: q.min_video_share_percent,
        previous_year,
    }
}

fn relay_rules(cx: &mut Ctx, r: &RawRelays) -> crate::rules::RelayRules {
    let drop_when_video = match &r.drop_when_video {
        None => false,
        Some(toml::Value::Boolean(b)) => *b,
        Some(v) => {
            cx.err(
                &Path::default().key("relays").key("drop_when_video"),
                format!("应为 true 或 false，收到 {v}"),
            );
            false
        }
    };
    crate::rules::RelayRules { drop_when_video }
}

fn doc_rules(cx: &mut Ctx, r: &RawDocRules) -> crate::rules::DocRules {
    let p = Path::default().key("documents");
    if r.max_chars == 0 {
        cx.err(&p.key("max_chars"), "发文字数上限必须大于 0");
    }
    let mut duties = BTreeMap::new();
    for (k, v) in &r.duties {
        match UnitKind::parse(k) {
            Some(kind) => {
                duties.insert(
                    kind,
                    v.iter()
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                );
            }
            None => {
                let valid: Vec<_> = UnitKind::ALL.iter().map(|k| k.code()).collect();
                cx.err(
                    &p.key("duties"),
                    format!("未知单位类型 “{k}”，可选值：{}", valid.join("、")),
                );
            }
        }
    }
    crate::rules::DocRules {
        max_chars: r.max_chars,
        merge_due_days: r.merge_due_days,
        ledger_types: r.ledger_types.clone(),
        pass_down_tasks: r.pass_down_tasks.clone(),
        duties,
        bundle_notices: r.bundle_notices,
    }
}
