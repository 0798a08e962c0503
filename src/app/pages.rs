//! The weekly plan and the merge report as the server serves them (admin only):
//! HTML by default, or JSON / CSV.

use super::AppError;
use super::access::Caller;
use super::api::{ApiError, ApiResult};
use super::cycle::open_initialised;
use crate::model::WeekId;
use crate::report;
use crate::store::Principal;
use std::path::Path;

/// Which page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Plan,
    Report,
}

/// A rendered page: content type and body.
pub struct PageBody {
    pub content_type: &'static str,
    pub body: String,
}

const HTML: &str = "text/html; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";
const CSV: &str = "text/csv; charset=utf-8";

/// Renders the newest plan of a week, or its report, for an admin caller.
pub fn admin_page(
    store: &Path,
    caller: &Caller,
    page: Page,
    week: &str,
    format: Option<&str>,
) -> ApiResult<PageBody> {
    if !matches!(caller.principal, Principal::Admin) {
        return Err(ApiError::Forbidden(
            "一周会议安排和拼会报告仅限办公室管理员查看".into(),
        ));
    }
    let w = WeekId::parse(week).ok_or_else(|| ApiError::NotFound(format!("周次 “{week}” 无效")))?;
    let s = open_initialised(store)?;
    let d = s.load_district()?;
    let (_, _, plan) = s
        .latest_plan(w)?
        .ok_or_else(|| ApiError::NotFound(format!("{w} 还没有排会方案")))?;
    let proposals = s.load_week(w)?.proposals;
    let page_of = |content_type, body| Ok(PageBody { content_type, body });
    match (page, format.unwrap_or("html")) {
        (Page::Plan, "html") => page_of(HTML, report::weekly_plan_html(&d.org, &proposals, &plan)),
        (Page::Plan, "csv") => page_of(CSV, report::weekly_plan_csv(&d.org, &proposals, &plan)),
        (Page::Plan, "json") => page_of(
            JSON,
            serde_json::to_string_pretty(&plan)
                .map_err(|e| ApiError::App(AppError::Usage(e.to_string())))?,
        ),
        (Page::Report, f) if ["html", "csv", "json"].contains(&f) => {
            let mut r = report::build_report(&d.org, &proposals, &plan);
            r.governance = super::governance::governance(&s, &d, w, &plan)?;
            match f {
                "html" => page_of(HTML, report::report_html(&r)),
                "csv" => page_of(CSV, report::report_csv(&r)),
                _ => page_of(JSON, report::report_json(&r)),
            }
        }
        (_, other) => Err(ApiError::NotFound(format!(
            "不支持的格式 “{other}”，可选：html、json、csv"
        ))),
    }
}
