//! Proposal writes from the API, each one IMMEDIATE transaction that checks
//! ownership and the optimistic version inside it; a department's view of
//! its proposals; online backup.

use super::{Result, Store, StoreError, audit, parse_ts, ts};
use crate::model::{Proposal, ProposalId, UnitId, WeekId};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use std::path::Path;

/// What a guarded write did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    /// Written; the proposal's new version.
    Done(u32),
    /// No active proposal with that id.
    Missing,
    /// The proposal belongs to another unit.
    NotOwner,
    /// The caller's version is not the current one (carried here).
    Stale(u32),
    /// A proposal with that id already exists (submit only).
    Exists,
}

/// A stored proposal with its status and version.
#[derive(Debug, Clone)]
pub struct ProposalRow {
    pub week: WeekId,
    pub status: String,
    pub version: u32,
    pub updated_at: NaiveDateTime,
    pub proposal: Proposal,
}

type Current = Option<(String, u32, String)>;

fn current(tx: &rusqlite::Transaction, id: &ProposalId) -> Result<Current> {
    Ok(tx
        .query_row(
            "SELECT organiser, version, status FROM proposals WHERE id = ?1",
            [id.as_str()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

fn guard(cur: &Current, owner: Option<&UnitId>, expected: Option<u32>) -> Option<WriteOutcome> {
    match cur {
        None => Some(WriteOutcome::Missing),
        Some((_, _, status)) if status != "active" => Some(WriteOutcome::Missing),
        Some((org, _, _)) if owner.is_some_and(|o| o.as_str() != org) => {
            Some(WriteOutcome::NotOwner)
        }
        Some((_, v, _)) if expected.is_some_and(|e| e != *v) => Some(WriteOutcome::Stale(*v)),
        _ => None,
    }
}

impl Store {
    /// Adds a new proposal (version 1); refuses an id already used.
    pub fn submit_proposal(
        &mut self,
        week: WeekId,
        p: &Proposal,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<WriteOutcome> {
        let tx = self.write()?;
        if current(&tx, &p.id)?.is_some() {
            return Ok(WriteOutcome::Exists);
        }
        tx.execute(
            "INSERT INTO proposals (id, week, organiser, status, version, body_json, source, updated_at) VALUES (?1, ?2, ?3, 'active', 1, ?4, 'api', ?5)",
            params![p.id.as_str(), week.to_string(), p.organiser.as_str(), serde_json::to_string(p)?, ts(at)],
        )?;
        audit(
            &tx,
            at,
            actor,
            "proposal.add",
            p.id.as_str(),
            &serde_json::json!({"version": 1, "source": "api"}),
        )?;
        tx.commit()?;
        Ok(WriteOutcome::Done(1))
    }

    /// Replaces an active proposal if its stored version is `expected` and
    /// (when `owner` is given) its stored organiser is `owner`.
    pub fn update_proposal(
        &mut self,
        week: WeekId,
        p: &Proposal,
        expected: u32,
        owner: Option<&UnitId>,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<WriteOutcome> {
        let tx = self.write()?;
        if let Some(refused) = guard(&current(&tx, &p.id)?, owner, Some(expected)) {
            return Ok(refused);
        }
        let version = expected + 1;
        tx.execute(
            "UPDATE proposals SET week = ?2, organiser = ?3, version = ?4, body_json = ?5, source = 'api', updated_at = ?6 WHERE id = ?1",
            params![p.id.as_str(), week.to_string(), p.organiser.as_str(), version, serde_json::to_string(p)?, ts(at)],
        )?;
        audit(
            &tx,
            at,
            actor,
            "proposal.update",
            p.id.as_str(),
            &serde_json::json!({"version": version, "source": "api"}),
        )?;
        tx.commit()?;
        Ok(WriteOutcome::Done(version))
    }

    /// Withdraws an active proposal owned by `owner` (any when None),
    /// optionally only at version `expected`.
    pub fn withdraw_owned(
        &mut self,
        id: &ProposalId,
        owner: Option<&UnitId>,
        expected: Option<u32>,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<WriteOutcome> {
        let tx = self.write()?;
        let cur = current(&tx, id)?;
        if let Some(refused) = guard(&cur, owner, expected) {
            return Ok(refused);
        }
        let version = cur.map(|c| c.1).unwrap_or(0) + 1;
        tx.execute(
            "UPDATE proposals SET status = 'withdrawn', version = ?2, updated_at = ?3 WHERE id = ?1",
            params![id.as_str(), version, ts(at)],
        )?;
        audit(
            &tx,
            at,
            actor,
            "proposal.withdraw",
            id.as_str(),
            &serde_json::json!({"version": version, "source": "api"}),
        )?;
        tx.commit()?;
        Ok(WriteOutcome::Done(version))
    }

    /// Stored proposals (active and withdrawn), optionally of one week and
    /// one organiser, in id order.
    pub fn proposal_rows(
        &self,
        week: Option<WeekId>,
        organiser: Option<&UnitId>,
    ) -> Result<Vec<ProposalRow>> {
        let mut st = self.conn.prepare(
            "SELECT week, status, version, updated_at, body_json FROM proposals
             WHERE (?1 IS NULL OR week = ?1) AND (?2 IS NULL OR organiser = ?2) ORDER BY id",
        )?;
        let rows = st.query_map(
            params![week.map(|w| w.to_string()), organiser.map(|u| u.as_str())],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, u32>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, String>(4)?,
                ))
            },
        )?;
        let mut out = Vec::new();
        for row in rows {
            let (w, status, version, updated, body) = row?;
            out.push(ProposalRow {
                week: WeekId::parse(&w)
                    .ok_or_else(|| StoreError::State(format!("bad week {w}")))?,
                status,
                version,
                updated_at: parse_ts(&updated)?,
                proposal: serde_json::from_str(&body)?,
            });
        }
        Ok(out)
    }

    /// Copies the whole store into a new file at `dest` with SQLite's online
    /// backup API (other connections may keep writing), then returns the
    /// copy's `PRAGMA integrity_check`.
    pub fn backup_to(&self, dest: &Path) -> Result<String> {
        let mut to = rusqlite::Connection::open(dest)?;
        {
            use rusqlite::backup::{Backup, StepResult};
            let b = Backup::new(&self.conn, &mut to)?;
            // All pages in one step: a consistent snapshot even while other
            // connections write (WAL readers are not blocked).
            loop {
                match b.step(-1)? {
                    StepResult::Done => break,
                    _ => std::thread::sleep(std::time::Duration::from_millis(10)),
                }
            }
        }
        Ok(to.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }
}
