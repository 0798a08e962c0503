//! The JSON API's operations, shared with the CLI's rules: who may do what,
//! submission through the week-file importer, optimistic updates, what a
//! department sees of its proposals, approvers' pending decisions and
//! decisions, planning and publishing. HTTP lives in `server/`.

use super::access::Caller;
use super::approvals::{decide, week_approvals};
use super::cycle::{load_calendar, open_initialised, plan_store_as, publish_store_as};
use super::{AppError, AppResult};
use crate::io::InputErrors;
use crate::io::api::{json_object, parse_decision, parse_submission};
use crate::model::{ProposalId, UnitId, WeekId};
use crate::rules::approval::Required;
use crate::rules::workflow::ApprovalState;
use crate::store::{Principal, ProposalRow, StoreError, WriteOutcome};
use chrono::NaiveDateTime;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// Why an API call was refused.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{message}")]
    Conflict {
        message: String,
        current: Option<u32>,
    },
    /// The body is not a JSON object (syntax, encoding, nesting).
    #[error("{0}")]
    Malformed(InputErrors),
    #[error("{0}")]
    Invalid(#[from] InputErrors),
    #[error("{0}")]
    App(#[from] AppError),
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        ApiError::App(e.into())
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Where a proposal sits in the newest plan of its week.
#[derive(Debug, Clone, Serialize)]
pub struct PlannedView {
    pub plan_version: u32,
    /// `draft` or `published`.
    pub plan_status: String,
    pub session: String,
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
}

/// A proposal as its department sees it: content version, approval, plan.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalView {
    pub id: ProposalId,
    pub week: String,
    pub title: String,
    pub organiser: UnitId,
    /// `active` or `withdrawn`.
    pub status: String,
    pub version: u32,
    pub updated_at: NaiveDateTime,
    pub approval: Option<ApprovalState>,
    pub planned: Option<PlannedView>,
}

/// A proposal waiting on an approver.
#[derive(Debug, Clone, Serialize)]
pub struct PendingView {
    pub id: ProposalId,
    pub week: String,
    pub title: String,
    pub organiser: UnitId,
    pub version: u32,
    pub urgent: bool,
    pub late: bool,
    pub over_quota: bool,
    pub waiting: Vec<Required>,
}

fn forbidden(what: &str) -> ApiError {
    ApiError::Forbidden(format!("此令牌无权{what}"))
}

fn not_found(id: &str) -> ApiError {
    ApiError::NotFound(format!("没有编号为 “{id}” 的有效会议申请"))
}

/// The unit a write is limited to: a department's own; admin any.
fn writer(caller: &Caller) -> ApiResult<Option<&UnitId>> {
    match &caller.principal {
        Principal::Department(u) => Ok(Some(u)),
        Principal::Admin => Ok(None),
        Principal::Approver(_) => Err(forbidden("提交、修改或撤回会议申请")),
    }
}

fn outcome(id: &ProposalId, o: WriteOutcome) -> ApiResult<u32> {
    match o {
        WriteOutcome::Done(v) => Ok(v),
        WriteOutcome::Missing => Err(not_found(id.as_str())),
        WriteOutcome::NotOwner => Err(forbidden("修改其他单位的会议申请")),
        WriteOutcome::Stale(v) => Err(ApiError::Conflict {
            message: format!("会议申请 {id} 已被修改（当前版本 {v}），请重新读取后再提交"),
            current: Some(v),
        }),
        WriteOutcome::Exists => Err(ApiError::Conflict {
            message: format!("编号 “{id}” 已被使用；修改请用 PUT /api/v1/proposals/{id}"),
            current: None,
        }),
    }
}

/// `POST /api/v1/proposals`: a new proposal (version 1).
pub fn api_submit(
    store: &Path,
    caller: &Caller,
    body: &[u8],
    at: NaiveDateTime,
) -> ApiResult<ProposalView> {
    let owner = writer(caller)?;
    let mut s = open_initialised(store)?;
    let d = s.load_district()?;
    json_object(body).map_err(ApiError::Malformed)?;
    let sub = parse_submission(body, &d.org, false)?;
    if owner.is_some_and(|u| u != &sub.proposal.organiser) {
        return Err(forbidden("以其他单位名义提交会议申请"));
    }
    let id = sub.proposal.id.clone();
    outcome(
        &id,
        s.submit_proposal(sub.week, &sub.proposal, &caller.actor(), at)?,
    )?;
    view_one(store, &id)
}

/// `PUT /api/v1/proposals/{id}`: replaces a proposal if `version` is current.
pub fn api_update(
    store: &Path,
    caller: &Caller,
    id: &str,
    body: &[u8],
    at: NaiveDateTime,
) -> ApiResult<ProposalView> {
    let owner = writer(caller)?;
    let pid = ProposalId::parse(id).map_err(|_| not_found(id))?;
    let mut s = open_initialised(store)?;
    let d = s.load_district()?;
    json_object(body).map_err(ApiError::Malformed)?;
    let sub = parse_submission(body, &d.org, true)?;
    if sub.proposal.id != pid {
        return Err(ApiError::Invalid(InputErrors::one(
            crate::io::api::BODY,
            None,
            "proposals[0].id",
            format!(
                "请求体中的编号 “{}” 与地址中的 “{id}” 不一致",
                sub.proposal.id
            ),
        )));
    }
    if owner.is_some_and(|u| u != &sub.proposal.organiser) {
        return Err(forbidden("以其他单位名义提交会议申请"));
    }
    let version = sub.version.unwrap_or(0);
    let o = s.update_proposal(sub.week, &sub.proposal, version, owner, &caller.actor(), at)?;
    outcome(&pid, o)?;
    view_one(store, &pid)
}

/// `DELETE /api/v1/proposals/{id}`: withdraws a proposal.
pub fn api_withdraw(
    store: &Path,
    caller: &Caller,
    id: &str,
    at: NaiveDateTime,
) -> ApiResult<ProposalView> {
    let owner = writer(caller)?;
    let pid = ProposalId::parse(id).map_err(|_| not_found(id))?;
    let mut s = open_initialised(store)?;
    outcome(
        &pid,
        s.withdraw_owned(&pid, owner, None, &caller.actor(), at)?,
    )?;
    view_one(store, &pid)
}

fn view_one(store: &Path, id: &ProposalId) -> ApiResult<ProposalView> {
    views(store, None, None)?
        .into_iter()
        .find(|v| &v.id == id)
        .ok_or_else(|| not_found(id.as_str()))
}

fn views(
    store: &Path,
    week: Option<WeekId>,
    organiser: Option<&UnitId>,
) -> ApiResult<Vec<ProposalView>> {
    let s = open_initialised(store)?;
    let rows: Vec<ProposalRow> = s.proposal_rows(week, organiser)?;
    let d = s.load_district()?;
    let cal = load_calendar(&d);
    let mut states: BTreeMap<ProposalId, ApprovalState> = BTreeMap::new();
    let mut planned: BTreeMap<ProposalId, PlannedView> = BTreeMap::new();
    let mut weeks: Vec<WeekId> = rows.iter().map(|r| r.week).collect();
    weeks.sort();
    weeks.dedup();
    for w in weeks {
        for a in week_approvals(&s, &d, &cal, w)? {
            states.insert(a.proposal.id.clone(), a.state);
        }
        if let Some((version, status, plan)) = s.latest_plan(w)? {
            for session in &plan.sessions {
                for g in &session.segments {
                    planned.insert(
                        g.proposal.clone(),
                        PlannedView {
                            plan_version: version,
                            plan_status: status.clone(),
                            session: session.id.clone(),
                            start: g.start,
                            end: g.end,
                        },
                    );
                }
            }
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let active = r.status == "active";
            let id = r.proposal.id.clone();
            ProposalView {
                approval: states.get(&id).filter(|_| active).cloned(),
                planned: planned.get(&id).filter(|_| active).cloned(),
                id,
                week: r.week.to_string(),
                title: r.proposal.title,
                organiser: r.proposal.organiser,
                status: r.status,
                version: r.version,
                updated_at: r.updated_at,
            }
        })
        .collect())
}

/// `GET /api/v1/proposals?week=`: a department's own proposals (admin: all).
pub fn api_proposals(
    store: &Path,
    caller: &Caller,
    week: Option<WeekId>,
) -> ApiResult<Vec<ProposalView>> {
    match &caller.principal {
        Principal::Department(u) => views(store, week, Some(u)),
        Principal::Admin => views(store, week, None),
        Principal::Approver(_) => Err(forbidden("查看各单位的会议申请")),
    }
}

/// `GET /api/v1/approvals`: what waits on this approver (admin: everything).
pub fn api_pending(store: &Path, caller: &Caller) -> ApiResult<Vec<PendingView>> {
    let me = match &caller.principal {
        Principal::Approver(p) => Some(p),
        Principal::Admin => None,
        Principal::Department(_) => return Err(forbidden("查看待审批事项")),
    };
    let s = open_initialised(store)?;
    let d = s.load_district()?;
    let cal = load_calendar(&d);
    let mut out = Vec::new();
    for w in s.weeks()?.iter().filter_map(|w| WeekId::parse(w)) {
        for a in week_approvals(&s, &d, &cal, w)? {
            let ApprovalState::Pending { waiting } = &a.state else {
                continue;
            };
            let waiting: Vec<Required> = waiting
                .iter()
                .filter(|r| me.is_none_or(|me| r.approver.as_ref() == Some(me)))
                .cloned()
                .collect();
            if waiting.is_empty() {
                continue;
            }
            out.push(PendingView {
                id: a.proposal.id.clone(),
                week: w.to_string(),
                title: a.proposal.title.clone(),
                organiser: a.proposal.organiser.clone(),
                version: a.version,
                urgent: a.proposal.urgent,
                late: a.late,
                over_quota: a.over_quota,
                waiting,
            });
        }
    }
    Ok(out)
}

/// `POST /api/v1/proposals/{id}/decision`: only a designated approver.
pub fn api_decide(
    store: &Path,
    caller: &Caller,
    id: &str,
    body: &[u8],
    at: NaiveDateTime,
) -> ApiResult<Vec<Required>> {
    let Principal::Approver(me) = &caller.principal else {
        return Err(forbidden("审批（只有指定的审批人可以）"));
    };
    let pid = ProposalId::parse(id).map_err(|_| not_found(id))?;
    if open_initialised(store)?.proposal(&pid)?.is_none() {
        return Err(not_found(id));
    }
    json_object(body).map_err(ApiError::Malformed)?;
    let (decision, reason) = parse_decision(body)?;
    Ok(decide(store, &pid, me, decision, &reason, at)?)
}

fn admin(caller: &Caller) -> ApiResult<()> {
    match caller.principal {
        Principal::Admin => Ok(()),
        _ => Err(forbidden("排会或发布（仅限办公室管理员）")),
    }
}

fn week_of(week: &str) -> ApiResult<WeekId> {
    WeekId::parse(week).ok_or_else(|| ApiError::NotFound(format!("周次 “{week}” 无效")))
}

/// What planning a week produced.
#[derive(Debug, Clone, Serialize)]
pub struct PlanSummary {
    pub week: String,
    pub version: u32,
    pub sessions: usize,
    pub unplaced: usize,
    pub violations: usize,
    /// Relays not held because the rules drop them (一开到底).
    pub dropped_relays: usize,
    /// Re-planning a published week: what happened to the published sessions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stability: Option<crate::model::Stability>,
}

/// `POST /api/v1/weeks/{week}/plan` (admin).
pub fn api_plan(
    store: &Path,
    caller: &Caller,
    week: &str,
    at: NaiveDateTime,
) -> ApiResult<PlanSummary> {
    admin(caller)?;
    let w = week_of(week)?;
    let o = plan_store_as(store, w, &caller.actor(), at)?;
    Ok(PlanSummary {
        week: w.to_string(),
        version: o.version,
        sessions: o.plan.sessions.len(),
        unplaced: o.plan.unplaced.len(),
        violations: o.violations.len(),
        dropped_relays: o.plan.dropped_relays.len(),
        stability: o.plan.stability,
    })
}

/// What publishing a week produced.
#[derive(Debug, Clone, Serialize)]
pub struct PublishSummary {
    pub week: String,
    pub version: u32,
    pub published_at: NaiveDateTime,
    pub sessions: usize,
}

/// `POST /api/v1/weeks/{week}/publish` (admin).
pub fn api_publish(
    store: &Path,
    caller: &Caller,
    week: &str,
    at: NaiveDateTime,
) -> ApiResult<PublishSummary> {
    admin(caller)?;
    let w = week_of(week)?;
    match open_initialised(store)?.latest_plan(w)? {
        None => {
            return Err(ApiError::Conflict {
                message: format!("{w} 还没有草案，请先排会"),
                current: None,
            });
        }
        Some((v, status, _)) if status == "published" => {
            return Err(ApiError::Conflict {
                message: format!("{w} 第 {v} 版已发布；如有变动请重新排会"),
                current: Some(v),
            });
        }
        _ => {}
    }
    let p = publish_store_as(store, w, &caller.actor(), at).map_err(|e| match e {
        AppError::Usage(m) => ApiError::Conflict {
            message: m,
            current: None,
        },
        e => e.into(),
    })?;
    Ok(PublishSummary {
        week: w.to_string(),
        version: p.version,
        published_at: p.published_at,
        sessions: p.sessions.len(),
    })
}

/// Convenience for the server: the week query parameter.
pub fn parse_week_param(week: Option<&str>) -> AppResult<Option<WeekId>> {
    week.map(|w| {
        WeekId::parse(w)
            .ok_or_else(|| AppError::Usage(format!("周次应为 2026-W49 这样的 ISO 周，收到 “{w}”")))
    })
    .transpose()
}
