//! The weekly cycle as library calls shared by the CLI (and later the server):
//! init, import, plan, publish, export, report, demo. Thin glue over `io`, `store`,
//! `plan`, `ics` and `report`.

mod access;
mod api;
mod approvals;
mod cycle;
mod demo;
mod doc_outputs;
mod documents;
mod dropped;
mod feeds;
mod generate;
mod governance;
mod outputs;
mod pages;
mod progress;

pub use access::{
    Caller, IssuedAccess, authenticate, backup_store, issue_access, list_access, parse_principal,
    revoke_access,
};
pub use api::{
    ApiError, ApiResult, PendingView, PlanSummary, PlannedView, ProposalView, PublishSummary,
    api_decide, api_pending, api_plan, api_proposals, api_publish, api_submit, api_update,
    api_withdraw, parse_week_param,
};
pub use approvals::{ProposalApproval, decide, pending, week_approvals};
pub use cycle::{
    PlanOutcome, import_files, import_files_for, init_store, load_calendar, open_district,
    parse_file, plan_store, publish_store, withdraw_proposal,
};
pub use demo::{DemoSummary, demo_time, run_demo};
pub use documents::{DocApproval, DocWeek, documents_week};
pub use feeds::{
    IssuedFeed, PREFIX_CHARS, RenderedFeed, feed_for_token, feed_urls, issue_feed, list_feeds,
    parse_subject, revoke_feed, token_hash,
};
pub use generate::{GenOptions, GenSummary, MAX_DISTRICTS, generate};
pub use outputs::{
    ExportSummary, document_rows, documents_xlsx, export_document_sheets, export_proposals,
    export_week, proposal_rows, proposals_xlsx, write_report, write_year_report,
};

use crate::io::InputErrors;
use crate::store::StoreError;

/// What can go wrong in a command. Input errors are for the clerk (Chinese);
/// the rest are operational.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Input(#[from] InputErrors),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Usage(String),
    /// Not allowed for this caller (an approver who is not designated…).
    #[error("{0}")]
    Forbidden(String),
    #[error("写入 {path} 失败：{source}")]
    Write {
        path: String,
        source: std::io::Error,
    },
}

pub type AppResult<T> = Result<T, AppError>;
pub use pages::{Page, PageBody, admin_page};
