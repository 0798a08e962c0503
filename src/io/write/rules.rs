//! rules.toml from [`Rules`]: every table the importer reads (docs/formats.md).

use super::{WriteError, to_toml};
use crate::model::{Attendance, MeetingKind};
use crate::rules::{ApprovalRule, ApproverRef, Block, Condition, Rules};
use chrono::{NaiveTime, Timelike, Weekday};
use serde::Serialize;
use std::collections::BTreeMap;

const FILE: &str = "rules.toml";

#[derive(Serialize)]
struct OutRules<'a> {
    hours: OutHours,
    meeting_free: OutMeetingFree<'a>,
    sessions: OutSessions,
    #[serde(skip_serializing_if = "OutCaps::is_empty")]
    caps: OutCaps,
    notice: OutNotice,
    relays: OutRelays,
    quotas: OutQuotas<'a>,
    documents: OutDocRules<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    approvals: Vec<OutApproval<'a>>,
}

#[derive(Serialize)]
struct OutHours {
    morning: [String; 2],
    afternoon: [String; 2],
    #[serde(skip_serializing_if = "Option::is_none")]
    summer: Option<OutSummer>,
}

#[derive(Serialize)]
struct OutSummer {
    from: String,
    to: String,
    afternoon: [String; 2],
}

#[derive(Serialize)]
struct OutMeetingFree<'a> {
    weekdays: Vec<&'static str>,
    week_of_month: &'a [u32],
}

#[derive(Serialize)]
struct OutSessions {
    max_minutes: u32,
    grid_minutes: u32,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    max_minutes_by_kind: BTreeMap<&'static str, u32>,
}

#[derive(Serialize)]
struct OutCaps {
    attendance_by_kind: BTreeMap<&'static str, u32>,
}

impl OutCaps {
    fn is_empty(&self) -> bool {
        self.attendance_by_kind.is_empty()
    }
}

#[derive(Serialize)]
struct OutNotice {
    min_working_days: u32,
}

#[derive(Serialize)]
struct OutRelays {
    drop_when_video: bool,
}

#[derive(Serialize)]
struct OutQuotas<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    meetings_per_department: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    district_wide_per_department: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documents_per_department: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grassroots_meetings_per_month: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    min_video_share_percent: Option<u32>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    departments: BTreeMap<&'a str, OutDeptCaps>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    previous_year: BTreeMap<&'a str, OutDeptCounts>,
}

#[derive(Serialize)]
struct OutDeptCaps {
    #[serde(skip_serializing_if = "Option::is_none")]
    meetings: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    district_wide: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    documents: Option<u32>,
}

#[derive(Serialize)]
struct OutDeptCounts {
    meetings: u32,
    district_wide: u32,
    documents: u32,
}

#[derive(Serialize)]
struct OutDocRules<'a> {
    max_chars: u32,
    merge_due_days: u32,
    bundle_notices: bool,
    ledger_types: &'a [String],
    pass_down_tasks: &'a [String],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    duties: BTreeMap<&'static str, &'a [String]>,
}

#[derive(Serialize)]
struct OutApproval<'a> {
    id: &'a str,
    name: &'a str,
    approver: String,
    when: OutWhen,
}

#[derive(Serialize)]
struct OutWhen {
    #[serde(skip_serializing_if = "Option::is_none")]
    summons: Option<OutSummons>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    meeting_kinds: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    organiser_kinds: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    filed_late: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    over_quota: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meeting_free: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    over_duration_cap: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    over_attendance_cap: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    document_kinds: Vec<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outside_duties: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    over_length: Option<bool>,
}

#[derive(Serialize)]
struct OutSummons {
    kinds: Vec<&'static str>,
    roles: Vec<&'static str>,
    attendance: Vec<&'static str>,
}

/// `mon` … `sun`, as rules.toml writes weekdays.
fn weekday(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// The week-file code of an attendance (`required`, `observer`, `optional`).
pub(super) fn attendance(a: Attendance) -> &'static str {
    match a {
        Attendance::Required => "required",
        Attendance::Observer => "observer",
        Attendance::Optional => "optional",
    }
}

/// `08:30`; rules.toml has no seconds.
fn time(t: NaiveTime) -> Result<String, WriteError> {
    if t.second() != 0 || t.nanosecond() != 0 {
        return Err(WriteError::format(
            FILE,
            format!("工作时间 {t} 含秒，rules.toml 只能写到分钟（08:30）"),
        ));
    }
    Ok(t.format("%H:%M").to_string())
}

fn block(b: &Block) -> Result<[String; 2], WriteError> {
    Ok([time(b.start)?, time(b.end)?])
}

fn kind_map(m: &BTreeMap<MeetingKind, u32>) -> BTreeMap<&'static str, u32> {
    m.iter().map(|(k, v)| (k.code(), *v)).collect()
}

fn approval(r: &ApprovalRule) -> Result<OutApproval<'_>, WriteError> {
    if r.when == Condition::default() {
        return Err(WriteError::format(
            FILE,
            format!("审批规则 “{}” 没有任何条件", r.id),
        ));
    }
    let approver = match &r.approver {
        ApproverRef::Position { unit, role } => format!("{unit}:{}", role.code()),
        ApproverRef::Organiser { role } => format!("organiser:{}", role.code()),
    };
    let w = &r.when;
    Ok(OutApproval {
        id: &r.id,
        name: &r.name,
        approver,
        when: OutWhen {
            summons: w.summons.as_ref().map(|s| OutSummons {
                kinds: s.kinds.iter().map(|k| k.code()).collect(),
                roles: s.roles.iter().map(|r| r.code()).collect(),
                attendance: s.attendance.iter().map(|a| attendance(*a)).collect(),
            }),
            meeting_kinds: w.meeting_kinds.iter().map(|k| k.code()).collect(),
            organiser_kinds: w.organiser_kinds.iter().map(|k| k.code()).collect(),
            filed_late: w.filed_late,
            over_quota: w.over_quota,
            meeting_free: w.meeting_free,
            over_duration_cap: w.over_duration_cap,
            over_attendance_cap: w.over_attendance_cap,
            document_kinds: w.document_kinds.iter().map(|k| k.code()).collect(),
            outside_duties: w.outside_duties,
            over_length: w.over_length,
        },
    })
}

/// rules.toml: hours, meeting-free days, session and attendance caps, notice,
/// relays, quotas, document rules and approval rules.
pub fn rules_toml(r: &Rules) -> Result<String, WriteError> {
    let summer = match &r.hours.summer {
        Some(s) => Some(OutSummer {
            from: format!("{:02}-{:02}", s.from.0, s.from.1),
            to: format!("{:02}-{:02}", s.to.0, s.to.1),
            afternoon: block(&s.afternoon)?,
        }),
        None => None,
    };
    let q = &r.quotas;
    let d = &r.documents;
    let out = OutRules {
        hours: OutHours {
            morning: block(&r.hours.morning)?,
            afternoon: block(&r.hours.afternoon)?,
            summer,
        },
        meeting_free: OutMeetingFree {
            weekdays: r
                .meeting_free
                .weekdays
                .iter()
                .map(|d| weekday(*d))
                .collect(),
            week_of_month: &r.meeting_free.week_of_month,
        },
        sessions: OutSessions {
            max_minutes: r.max_session_minutes,
            grid_minutes: r.grid_minutes,
            max_minutes_by_kind: kind_map(&r.max_minutes_by_kind),
        },
        caps: OutCaps {
            attendance_by_kind: kind_map(&r.attendance_cap_by_kind),
        },
        notice: OutNotice {
            min_working_days: r.min_notice_working_days,
        },
        relays: OutRelays {
            drop_when_video: r.relays.drop_when_video,
        },
        quotas: OutQuotas {
            meetings_per_department: q.per_department.meetings,
            district_wide_per_department: q.per_department.district_wide,
            documents_per_department: q.per_department.documents,
            grassroots_meetings_per_month: q.grassroots_meetings_per_month,
            min_video_share_percent: q.min_video_share_percent,
            departments: q
                .departments
                .iter()
                .map(|(u, c)| {
                    let caps = OutDeptCaps {
                        meetings: c.meetings,
                        district_wide: c.district_wide,
                        documents: c.documents,
                    };
                    (u.as_str(), caps)
                })
                .collect(),
            previous_year: q
                .previous_year
                .iter()
                .map(|(u, c)| {
                    let counts = OutDeptCounts {
                        meetings: c.meetings,
                        district_wide: c.district_wide,
                        documents: c.documents,
                    };
                    (u.as_str(), counts)
                })
                .collect(),
        },
        documents: OutDocRules {
            max_chars: d.max_chars,
            merge_due_days: d.merge_due_days,
            bundle_notices: d.bundle_notices,
            ledger_types: &d.ledger_types,
            pass_down_tasks: &d.pass_down_tasks,
            duties: d
                .duties
                .iter()
                .map(|(k, v)| (k.code(), v.as_slice()))
                .collect(),
        },
        approvals: r.approvals.iter().map(approval).collect::<Result<_, _>>()?,
    };
    to_toml(FILE, &out)
}
