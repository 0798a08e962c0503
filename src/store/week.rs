//! Proposals, busy blocks and documents of a week.

use super::{Result, Store, audit, ts};
use crate::model::*;
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// What an import changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct ImportSummary {
    pub added: u32,
    pub updated: u32,
    pub unchanged: u32,
    pub busy: u32,
    pub documents: u32,
}

impl Store {
    /// Upserts a validated week in one transaction: a proposal with a known id is
    /// replaced (its version grows) when its content changed.
    pub fn import_weeks(
        &mut self,
        weeks: &[(WeekInput, String)],
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<ImportSummary> {
        let tx = self.write()?;
        let mut sum = ImportSummary::default();
        for (w, source) in weeks {
            import_one(&tx, w, source, actor, at, &mut sum)?;
        }
        tx.commit()?;
        Ok(sum)
    }
}

fn import_one(
    tx: &rusqlite::Transaction,
    w: &WeekInput,
    source: &str,
    actor: &str,
    at: NaiveDateTime,
    sum: &mut ImportSummary,
) -> Result<()> {
    let week = w.week.to_string();
    for p in &w.proposals {
        let body = serde_json::to_string(p)?;
        let existing: Option<(String, i64, String, String)> = tx
            .query_row(
                "SELECT body_json, version, status, week FROM proposals WHERE id = ?1",
                [p.id.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        match existing {
            Some((old, _, status, old_week))
                if old == body && status == "active" && old_week == week =>
            {
                sum.unchanged += 1
            }
            Some((_, version, _, _)) => {
                tx.execute(
                        "UPDATE proposals SET week = ?2, organiser = ?3, status = 'active', version = ?4, body_json = ?5, source = ?6, updated_at = ?7 WHERE id = ?1",
                        params![p.id.as_str(), week, p.organiser.as_str(), version + 1, body, source, ts(at)],
                    )?;
                audit(
                    tx,
                    at,
                    actor,
                    "proposal.update",
                    p.id.as_str(),
                    &serde_json::json!({"version": version + 1, "source": source}),
                )?;
                sum.updated += 1;
            }
            None => {
                tx.execute(
                        "INSERT INTO proposals (id, week, organiser, status, version, body_json, source, updated_at) VALUES (?1, ?2, ?3, 'active', 1, ?4, ?5, ?6)",
                        params![p.id.as_str(), week, p.organiser.as_str(), body, source, ts(at)],
                    )?;
                audit(
                    tx,
                    at,
                    actor,
                    "proposal.add",
                    p.id.as_str(),
                    &serde_json::json!({"version": 1, "source": source}),
                )?;
                sum.added += 1;
            }
        }
    }
    for b in &w.busy {
        sum.busy += tx.execute(
            "INSERT INTO busy (week, person_id, start, end, reason) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (week, person_id, start, end) DO UPDATE SET reason = excluded.reason",
            params![
                week,
                b.person.as_str(),
                ts(b.window.start()),
                ts(b.window.end()),
                b.reason
            ],
        )? as u32;
    }
    for r in &w.reported {
        tx.execute(
            "INSERT OR IGNORE INTO reported (unit_id, field, measure, period) VALUES (?1, ?2, ?3, ?4)",
            params![r.unit.as_str(), r.field.name, r.field.unit, r.period],
        )?;
    }
    for d in &w.documents {
        tx.execute(
                "INSERT INTO documents (id, week, issuer, body_json, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (id) DO UPDATE SET week = excluded.week, issuer = excluded.issuer, body_json = excluded.body_json, updated_at = excluded.updated_at",
                params![d.id.as_str(), week, d.issuer.as_str(), serde_json::to_string(d)?, ts(at)],
            )?;
        sum.documents += 1;
    }
    audit(
        tx,
        at,
        actor,
        "import",
        &week,
        &serde_json::json!({"source": source}),
    )?;
    Ok(())
}

impl Store {
    /// Withdraws a proposal (kept, marked withdrawn). Returns false if unknown.
    pub fn withdraw(&mut self, id: &ProposalId, actor: &str, at: NaiveDateTime) -> Result<bool> {
        let tx = self.write()?;
        let n = tx.execute(
            "UPDATE proposals SET status = 'withdrawn', version = version + 1, updated_at = ?2 WHERE id = ?1 AND status = 'active'",
            params![id.as_str(), ts(at)],
        )?;
        if n > 0 {
            audit(
                &tx,
                at,
                actor,
                "proposal.withdraw",
                id.as_str(),
                &serde_json::json!({}),
            )?;
        }
        tx.commit()?;
        Ok(n > 0)
    }

    /// The active proposals, busy blocks and documents of a week, in id order.
    pub fn load_week(&self, week: WeekId) -> Result<WeekInput> {
        let wk = week.to_string();
        let mut st = self.conn.prepare(
            "SELECT body_json FROM proposals WHERE week = ?1 AND status = 'active' ORDER BY id",
        )?;
        let proposals = st
            .query_map([&wk], |r| r.get::<_, String>(0))?
            .map(|s| Ok(serde_json::from_str(&s?)?))
            .collect::<Result<Vec<Proposal>>>()?;
        let mut st = self.conn.prepare("SELECT person_id, start, end, reason FROM busy WHERE week = ?1 ORDER BY person_id, start, end")?;
        let mut busy = Vec::new();
        for row in st.query_map([&wk], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })? {
            let (person, start, end, reason) = row?;
            let window = Window::new(super::parse_ts(&start)?, super::parse_ts(&end)?)
                .ok_or_else(|| super::StoreError::State("empty busy block".into()))?;
            busy.push(Busy {
                person: PersonId::parse(&person)
                    .map_err(|e| super::StoreError::State(e.to_string()))?,
                window,
                reason,
            });
        }
        let mut st = self
            .conn
            .prepare("SELECT body_json FROM documents WHERE week = ?1 ORDER BY id")?;
        let documents = st
            .query_map([&wk], |r| r.get::<_, String>(0))?
            .map(|s| Ok(serde_json::from_str(&s?)?))
            .collect::<Result<Vec<Document>>>()?;
        let mut st = self.conn.prepare("SELECT unit_id, field, measure, period FROM reported ORDER BY unit_id, field, measure, period")?;
        let mut reported = Vec::new();
        for row in st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })? {
            let (unit, name, measure, period) = row?;
            reported.push(Reported {
                unit: UnitId::parse(&unit).map_err(|e| super::StoreError::State(e.to_string()))?,
                field: Field {
                    name,
                    unit: measure,
                },
                period,
            });
        }
        Ok(WeekInput {
            week,
            busy,
            proposals,
            documents,
            reported,
        })
    }

    /// Weeks that have proposals, in order.
    pub fn weeks(&self) -> Result<Vec<String>> {
        let mut st = self
            .conn
            .prepare("SELECT DISTINCT week FROM proposals ORDER BY week")?;
        Ok(st
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?)
    }
}
