//! Approval rules (报批) as data: a condition on a proposal → an approver position.

use crate::calendar::WorkCalendar;
use crate::model::{
    Attendance, DocumentKind, MeetingKind, Org, PersonId, Proposal, Role, UnitId, UnitKind,
};
use crate::plan::expand;
use serde::{Deserialize, Serialize};

/// Who decides: a fixed position (`qw:secretary`) or a role in the organising
/// unit (`organiser:secretary`, e.g. a street's principal leader).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApproverRef {
    Position { unit: UnitId, role: Role },
    Organiser { role: Role },
}

/// The audience part of a condition: someone holding one of `roles` in a unit of
/// one of `kinds` is summoned with one of `attendance`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summons {
    pub kinds: Vec<UnitKind>,
    pub roles: Vec<Role>,
    pub attendance: Vec<Attendance>,
}

/// Every condition given must hold for the rule to apply.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub summons: Option<Summons>,
    pub meeting_kinds: Vec<MeetingKind>,
    pub organiser_kinds: Vec<UnitKind>,
    pub filed_late: Option<bool>,
    pub over_quota: Option<bool>,
    pub meeting_free: Option<bool>,
    pub over_duration_cap: Option<bool>,
    pub over_attendance_cap: Option<bool>,
    /// Document rules: the document's kind is listed.
    #[serde(default)]
    pub document_kinds: Vec<DocumentKind>,
    /// Document rules: a letter gives a task outside the target's duties.
    #[serde(default)]
    pub outside_duties: Option<bool>,
    /// Document rules: longer than `documents.max_chars`.
    #[serde(default)]
    pub over_length: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalRule {
    pub id: String,
    /// Chinese description shown to clerks and approvers.
    pub name: String,
    pub approver: ApproverRef,
    pub when: Condition,
}

/// Facts about a proposal that rules look at but that depend on more than the
/// proposal itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// Using this proposal would exceed one of the organiser's quotas.
    pub over_quota: bool,
}

/// One approval a proposal needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Required {
    pub rule: String,
    pub rule_name: String,
    /// `None` when no person holds the approver position (the proposal cannot be
    /// approved until the org chart says who does).
    pub approver: Option<PersonId>,
    pub position: String,
}

/// The person holding a role in a unit (smallest id first).
pub fn holder(org: &Org, unit: &UnitId, role: Role) -> Option<PersonId> {
    org.members_of(unit)
        .iter()
        .find(|pid| {
            org.person(pid).is_some_and(|p| {
                p.positions
                    .iter()
                    .any(|pos| &pos.unit == unit && pos.role == role)
            })
        })
        .cloned()
}

/// Whether the proposal was filed later than the notice period allows.
pub fn filed_late(cal: &WorkCalendar, p: &Proposal) -> bool {
    cal.working_days_between(p.filed, p.window.start().date()) < cal.rules().min_notice_working_days
}

/// Whether every working day in the window is meeting-free, so the proposal can
/// only be held by breaking the meeting-free rule.
pub fn only_on_meeting_free_days(cal: &WorkCalendar, p: &Proposal) -> bool {
    let mut day = p.window.start().date();
    let mut any_working = false;
    while day <= p.window.end().date() {
        if cal.is_working_day(day) {
            any_working = true;
            if !cal.is_meeting_free(day) {
                return false;
            }
        }
        day = day.succ_opt().expect("date in range");
    }
    any_working
}

fn summons_match(org: &Org, p: &Proposal, s: &Summons) -> bool {
    let audience = expand(org, p);
    audience.members.iter().any(|(pid, att)| {
        (s.attendance.is_empty() || s.attendance.contains(att))
            && org.person(pid).is_some_and(|person| {
                person.positions.iter().any(|pos| {
                    org.unit(&pos.unit).is_some_and(|u| {
                        (s.kinds.is_empty() || s.kinds.contains(&u.kind))
                            && (s.roles.is_empty() || s.roles.contains(&pos.role))
                    })
                })
            })
            && pid != &p.presider
    })
}

impl Condition {
    /// A rule about documents rather than meetings.
    pub fn is_document_rule(&self) -> bool {
        !self.document_kinds.is_empty()
            || self.outside_duties.is_some()
            || self.over_length.is_some()
    }

    pub fn matches(&self, org: &Org, cal: &WorkCalendar, p: &Proposal, cx: Context) -> bool {
        let rules = cal.rules();
        let flag = |want: Option<bool>, actual: bool| want.is_none_or(|w| w == actual);
        let organiser_kind = org.unit(&p.organiser).map(|u| u.kind);
        !self.is_document_rule()
            && (self.meeting_kinds.is_empty() || self.meeting_kinds.contains(&p.kind))
            && (self.organiser_kinds.is_empty()
                || organiser_kind.is_some_and(|k| self.organiser_kinds.contains(&k)))
            && flag(self.filed_late, filed_late(cal, p))
            && flag(self.over_quota, cx.over_quota)
            && flag(self.meeting_free, only_on_meeting_free_days(cal, p))
            && flag(
                self.over_duration_cap,
                p.duration.get() > rules.max_minutes_for(p.kind),
            )
            && flag(
                self.over_attendance_cap,
                rules
                    .attendance_cap_for(p.kind)
                    .is_some_and(|c| expand(org, p).members.len() as u32 > c),
            )
            && self
                .summons
                .as_ref()
                .is_none_or(|s| summons_match(org, p, s))
    }
}

/// The approvals a proposal needs, one per matching rule, in rule order.
pub fn required_approvals(
    org: &Org,
    cal: &WorkCalendar,
    p: &Proposal,
    cx: Context,
) -> Vec<Required> {
    cal.rules()
        .approvals
        .iter()
        .filter(|r| r.when.matches(org, cal, p, cx))
        .map(|r| required(org, r, &p.organiser))
        .collect()
}

impl Condition {
    /// Whether a document rule applies to a reviewed document.
    pub fn matches_document(
        &self,
        org: &Org,
        d: &crate::model::Document,
        review: &crate::docs::DocReview,
        over_quota: bool,
    ) -> bool {
        let flag = |want: Option<bool>, actual: bool| want.is_none_or(|w| w == actual);
        let meeting_only = self.summons.is_some()
            || !self.meeting_kinds.is_empty()
            || self.filed_late.is_some()
            || self.meeting_free.is_some()
            || self.over_duration_cap.is_some()
            || self.over_attendance_cap.is_some();
        self.is_document_rule()
            && !meeting_only
            && (self.document_kinds.is_empty() || self.document_kinds.contains(&d.kind))
            && (self.organiser_kinds.is_empty()
                || org
                    .unit(&d.issuer)
                    .is_some_and(|u| self.organiser_kinds.contains(&u.kind)))
            && flag(self.outside_duties, review.outside_duties())
            && flag(self.over_length, review.over_length())
            && flag(self.over_quota, over_quota)
    }
}

/// The approvals a document needs, one per matching document rule.
pub fn required_document_approvals(
    org: &Org,
    rules: &super::Rules,
    d: &crate::model::Document,
    review: &crate::docs::DocReview,
    over_quota: bool,
) -> Vec<Required> {
    rules
        .approvals
        .iter()
        .filter(|r| r.when.matches_document(org, d, review, over_quota))
        .map(|r| required(org, r, &d.issuer))
        .collect()
}

fn required(org: &Org, r: &ApprovalRule, organiser: &UnitId) -> Required {
    let (unit, role) = match &r.approver {
        ApproverRef::Position { unit, role } => (unit.clone(), *role),
        ApproverRef::Organiser { role } => (organiser.clone(), *role),
    };
    let unit_name = org
        .unit(&unit)
        .map(|u| u.name.clone())
        .unwrap_or_else(|| unit.to_string());
    Required {
        rule: r.id.clone(),
        rule_name: r.name.clone(),
        approver: holder(org, &unit, role),
        position: format!("{unit_name}{}", role.label()),
    }
}
