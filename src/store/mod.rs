//! The SQLite store: the only module with SQL. Ground truth for the org chart,
//! rules, proposals, plan versions, publications and the audit log.

mod access;
mod approvals;
mod feeds;
mod org;
mod publish;
mod schema;
mod submit;
mod tokens;
mod week;

pub use access::{AccessToken, Principal};
pub use feeds::{FeedSubject, FeedToken};
pub use publish::session_changed;
pub use submit::{ProposalRow, WriteOutcome};
pub use week::ImportSummary;

use chrono::NaiveDateTime;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior, params};
use std::path::Path;

/// Errors from the store. Messages are for developers and logs.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("sqlite: {0}")]
    Sql(#[from] rusqlite::Error),
    #[error("migration: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    #[error("corrupt row: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{0}")]
    State(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// One row of the append-only audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail_json: String,
}

/// An open store.
pub struct Store {
    conn: Connection,
}

/// Timestamp format for stored times (UTC, second precision).
pub(crate) fn ts(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

pub(crate) fn parse_ts(s: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .map_err(|e| StoreError::State(format!("bad timestamp {s}: {e}")))
}

impl Store {
    /// Opens (creating if needed) and migrates the store.
    pub fn open(path: &Path) -> Result<Store> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        Self::setup(conn)
    }

    /// An in-memory store, for tests.
    pub fn open_in_memory() -> Result<Store> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Store> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        schema::migrations().to_latest(&mut conn)?;
        Ok(Store { conn })
    }

    pub(crate) fn write(&mut self) -> Result<Transaction<'_>> {
        Ok(self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?)
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Audit entries, oldest first: (at, actor, action, subject, detail JSON).
    pub fn audit_log(&self) -> Result<Vec<AuditEntry>> {
        let mut st = self.conn.prepare(
            "SELECT at, actor, action, subject, detail_json FROM audit_log ORDER BY seq",
        )?;
        let rows = st.query_map([], |r| {
            Ok(AuditEntry {
                at: r.get(0)?,
                actor: r.get(1)?,
                action: r.get(2)?,
                subject: r.get(3)?,
                detail_json: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}

pub(crate) fn audit(
    tx: &Transaction,
    at: NaiveDateTime,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &serde_json::Value,
) -> Result<()> {
    tx.execute(
        "INSERT INTO audit_log (at, actor, action, subject, detail_json) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![ts(at), actor, action, subject, detail.to_string()],
    )?;
    Ok(())
}
