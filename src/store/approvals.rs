//! Approval decisions and what published plans used (for quotas).

use super::{Result, Store, StoreError, audit, parse_ts, ts};
use crate::model::*;
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;

impl Store {
    /// Current version of every active proposal of a week.
    pub fn proposal_versions(&self, week: WeekId) -> Result<BTreeMap<ProposalId, u32>> {
        let mut st = self
            .conn
            .prepare("SELECT id, version FROM proposals WHERE week = ?1 AND status = 'active'")?;
        let rows = st.query_map([week.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (id, v) = row?;
            out.insert(
                ProposalId::parse(&id).map_err(|e| StoreError::State(e.to_string()))?,
                v,
            );
        }
        Ok(out)
    }

    /// Active proposal by id with its week and version.
    pub fn proposal(&self, id: &ProposalId) -> Result<Option<(WeekId, u32, Proposal)>> {
        let row: Option<(String, u32, String)> = self
            .conn
            .query_row(
                "SELECT week, version, body_json FROM proposals WHERE id = ?1 AND status = 'active'",
                [id.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(w, v, b)| {
            let week =
                WeekId::parse(&w).ok_or_else(|| StoreError::State(format!("bad week {w}")))?;
            Ok((week, v, serde_json::from_str(&b)?))
        })
        .transpose()
    }

    /// Records decisions (one per rule) in one transaction, with an audit entry.
    pub fn record_decisions(&mut self, records: &[DecisionRecord]) -> Result<()> {
        let tx = self.write()?;
        for d in records {
            tx.execute(
                "INSERT INTO decisions (proposal_id, proposal_version, rule, approver, decision_json, reason, decided_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![d.proposal.as_str(), d.proposal_version, d.rule, d.approver.as_str(), serde_json::to_string(&d.decision)?, d.reason, ts(d.decided_at)],
            )?;
            audit(
                &tx,
                d.decided_at,
                d.approver.as_str(),
                "decision",
                d.proposal.as_str(),
                &serde_json::json!({"rule": d.rule, "version": d.proposal_version, "decision": d.decision, "reason": d.reason}),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Every decision on the proposals of a week, oldest first.
    pub fn decisions(&self, week: WeekId) -> Result<Vec<DecisionRecord>> {
        read_decisions(
            &self.conn,
            "SELECT d.proposal_id, d.proposal_version, d.rule, d.approver, d.decision_json, d.reason, d.decided_at
             FROM decisions d JOIN proposals p ON p.id = d.proposal_id WHERE p.week = ?1 ORDER BY d.seq",
            week,
        )
    }

    /// Proposals held in the newest publication of every published week whose
    /// Monday falls in `year`, except `skip` (for quota usage).
    pub fn published_proposals(&self, year: i32, skip: Option<WeekId>) -> Result<Vec<Proposal>> {
        let mut st = self.conn.prepare(
            "SELECT DISTINCT week FROM plan_versions WHERE status = 'published' ORDER BY week",
        )?;
        let weeks: Vec<String> = st
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::new();
        for w in weeks {
            let Some(week) = WeekId::parse(&w) else {
                continue;
            };
            if Some(week) == skip || chrono::Datelike::year(&week.monday()) != year {
                continue;
            }
            let Some(publication) = self.latest_publication(week)? else {
                continue;
            };
            for s in publication.sessions.iter().filter(|s| !s.cancelled) {
                for g in &s.session.segments {
                    let body: Option<String> = self
                        .conn
                        .query_row(
                            "SELECT body_json FROM proposals WHERE id = ?1",
                            [g.proposal.as_str()],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if let Some(b) = body {
                        out.push(serde_json::from_str(&b)?);
                    }
                }
            }
        }
        Ok(out)
    }
}

impl Store {
    /// Records decisions on a document (one per rule) in one transaction.
    pub fn record_document_decisions(
        &mut self,
        document: &DocumentId,
        records: &[DecisionRecord],
    ) -> Result<()> {
        let tx = self.write()?;
        for d in records {
            tx.execute(
                "INSERT INTO document_decisions (document_id, rule, approver, decision_json, reason, decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![document.as_str(), d.rule, d.approver.as_str(), serde_json::to_string(&d.decision)?, d.reason, ts(d.decided_at)],
            )?;
            audit(
                &tx,
                d.decided_at,
                d.approver.as_str(),
                "document.decision",
                document.as_str(),
                &serde_json::json!({"rule": d.rule, "decision": d.decision, "reason": d.reason}),
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Decisions on the documents of a week, oldest first; the record's
    /// `proposal` holds the document id (same syntax) and version 1.
    pub fn document_decisions(&self, week: WeekId) -> Result<Vec<(DocumentId, DecisionRecord)>> {
        let records = read_decisions(
            &self.conn,
            "SELECT d.document_id, 1, d.rule, d.approver, d.decision_json, d.reason, d.decided_at
             FROM document_decisions d JOIN documents x ON x.id = d.document_id WHERE x.week = ?1 ORDER BY d.seq",
            week,
        )?;
        records
            .into_iter()
            .map(|r| {
                let doc = DocumentId::parse(r.proposal.as_str())
                    .map_err(|e| StoreError::State(e.to_string()))?;
                Ok((doc, r))
            })
            .collect()
    }

    /// The week of a document, if it exists.
    pub fn document_week(&self, id: &DocumentId) -> Result<Option<WeekId>> {
        let w: Option<String> = self
            .conn
            .query_row(
                "SELECT week FROM documents WHERE id = ?1",
                [id.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        Ok(w.and_then(|w| WeekId::parse(&w)))
    }

    /// Documents issued in weeks of `year` before `week`, for yearly counts.
    pub fn documents_before(&self, year: i32, week: WeekId) -> Result<Vec<Document>> {
        let mut st = self
            .conn
            .prepare("SELECT week, body_json FROM documents ORDER BY week, id")?;
        let rows = st.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = Vec::new();
        for row in rows {
            let (w, body) = row?;
            let Some(w) = WeekId::parse(&w) else { continue };
            if w < week && chrono::Datelike::year(&w.monday()) == year {
                out.push(serde_json::from_str(&body)?);
            }
        }
        Ok(out)
    }
}

impl Store {
    /// When the current version of each active proposal of a week reached the store (UTC).
    pub fn proposal_submitted(
        &self,
        week: WeekId,
    ) -> Result<BTreeMap<ProposalId, chrono::NaiveDateTime>> {
        let mut st = self.conn.prepare(
            "SELECT id, updated_at FROM proposals WHERE week = ?1 AND status = 'active'",
        )?;
        let rows = st.query_map([week.to_string()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = BTreeMap::new();
        for row in rows {
            let (id, at) = row?;
            out.insert(
                ProposalId::parse(&id).map_err(|e| StoreError::State(e.to_string()))?,
                parse_ts(&at)?,
            );
        }
        Ok(out)
    }
}

/// Reads decision rows selected as (subject id, version, rule, approver,
/// decision JSON, reason, decided_at) for one week.
fn read_decisions(
    conn: &rusqlite::Connection,
    sql: &str,
    week: WeekId,
) -> Result<Vec<DecisionRecord>> {
    let mut st = conn.prepare(sql)?;
    let rows = st.query_map([week.to_string()], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, u32>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let bad = |e: BadId| StoreError::State(e.to_string());
    let mut out = Vec::new();
    for row in rows {
        let (p, v, rule, a, d, reason, at) = row?;
        out.push(DecisionRecord {
            proposal: ProposalId::parse(&p).map_err(bad)?,
            proposal_version: v,
            rule,
            approver: PersonId::parse(&a).map_err(bad)?,
            decision: serde_json::from_str(&d)?,
            reason,
            decided_at: parse_ts(&at)?,
        });
    }
    Ok(out)
}
