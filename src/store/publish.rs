//! Draft plans, publications and the per-session change history feeds rely on.

use super::{Result, Store, StoreError, audit, parse_ts, ts};
use crate::model::*;
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use std::collections::BTreeMap;

/// Whether a session differs in anything a subscriber sees.
pub fn session_changed(old: &Session, new: &Session) -> bool {
    old != new
}

impl Store {
    /// Saves a plan as the week's newest draft; returns its version.
    pub fn save_draft(&mut self, plan: &Plan, actor: &str, at: NaiveDateTime) -> Result<u32> {
        let tx = self.write()?;
        let week = plan.week.to_string();
        let version: u32 = tx.query_row(
            "SELECT COALESCE(MAX(version), 0) + 1 FROM plan_versions WHERE week = ?1",
            [&week],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO plan_versions (week, version, status, created_at, plan_json) VALUES (?1, ?2, 'draft', ?3, ?4)",
            params![week, version, ts(at), serde_json::to_string(plan)?],
        )?;
        audit(
            &tx,
            at,
            actor,
            "plan",
            &week,
            &serde_json::json!({"version": version, "sessions": plan.sessions.len(), "unplaced": plan.unplaced.len()}),
        )?;
        tx.commit()?;
        Ok(version)
    }

    /// The newest plan version of a week (draft or published).
    pub fn latest_plan(&self, week: WeekId) -> Result<Option<(u32, String, Plan)>> {
        let row: Option<(u32, String, String)> = self
            .conn
            .query_row(
                "SELECT version, status, plan_json FROM plan_versions WHERE week = ?1 ORDER BY version DESC LIMIT 1",
                [week.to_string()],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(v, s, j)| Ok((v, s, serde_json::from_str(&j)?)))
            .transpose()
    }

    /// Publishes the newest draft of a week: every session keeps its SEQUENCE and
    /// LAST-MODIFIED unless it changed; sessions that disappeared stay, cancelled.
    /// All in one transaction: the published version is wholly old or wholly new.
    pub fn publish(&mut self, week: WeekId, actor: &str, at: NaiveDateTime) -> Result<Publication> {
        let tx = self.write()?;
        let wk = week.to_string();
        let (version, status, plan_json): (u32, String, String) = tx
            .query_row(
                "SELECT version, status, plan_json FROM plan_versions WHERE week = ?1 ORDER BY version DESC LIMIT 1",
                [&wk],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .ok_or_else(|| StoreError::State(format!("no plan for {wk}: run `pinhui plan --week {wk}` first")))?;
        if status == "published" {
            return Err(StoreError::State(format!(
                "{wk} version {version} is already published; re-plan first"
            )));
        }
        let plan: Plan = serde_json::from_str(&plan_json)?;
        let previous = load_publication(&tx, &wk)?;
        let mut before: BTreeMap<String, PublishedSession> = previous
            .map(|p| {
                p.sessions
                    .into_iter()
                    .map(|s| (s.session.id.clone(), s))
                    .collect()
            })
            .unwrap_or_default();
        let mut sessions = Vec::new();
        for s in plan.sessions {
            let ps = match before.remove(&s.id) {
                Some(old) if !old.cancelled && !session_changed(&old.session, &s) => {
                    PublishedSession { session: s, ..old }
                }
                Some(old) => PublishedSession {
                    session: s,
                    sequence: old.sequence + 1,
                    last_modified: at,
                    cancelled: false,
                },
                None => PublishedSession {
                    session: s,
                    sequence: 0,
                    last_modified: at,
                    cancelled: false,
                },
            };
            sessions.push(ps);
        }
        for (_, old) in before {
            sessions.push(if old.cancelled {
                old
            } else {
                PublishedSession {
                    sequence: old.sequence + 1,
                    last_modified: at,
                    cancelled: true,
                    ..old
                }
            });
        }
        sessions.sort_by(|a, b| {
            a.session
                .start
                .cmp(&b.session.start)
                .then(a.session.id.cmp(&b.session.id))
        });
        tx.execute(
            "UPDATE plan_versions SET status = 'published' WHERE week = ?1 AND version = ?2",
            params![wk, version],
        )?;
        for s in &sessions {
            tx.execute(
                "INSERT INTO published_sessions (week, version, session_id, sequence, last_modified, cancelled, session_json) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![wk, version, s.session.id, s.sequence, ts(s.last_modified), s.cancelled, serde_json::to_string(&s.session)?],
            )?;
        }
        let changed = sessions.iter().filter(|s| s.last_modified == at).count();
        audit(
            &tx,
            at,
            actor,
            "publish",
            &wk,
            &serde_json::json!({"version": version, "sessions": sessions.len(), "changed": changed}),
        )?;
        tx.commit()?;
        Ok(Publication {
            week,
            version,
            published_at: at,
            sessions,
        })
    }

    /// The newest publication of a week.
    pub fn latest_publication(&self, week: WeekId) -> Result<Option<Publication>> {
        load_publication(&self.conn, &week.to_string())
    }
}

fn load_publication(conn: &rusqlite::Connection, wk: &str) -> Result<Option<Publication>> {
    let head: Option<(u32, String)> = conn
        .query_row(
            "SELECT v.version, MAX(a.at) FROM plan_versions v JOIN audit_log a ON a.action = 'publish' AND a.subject = v.week
             WHERE v.week = ?1 AND v.status = 'published' GROUP BY v.version ORDER BY v.version DESC LIMIT 1",
            [wk],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((version, at)) = head else {
        return Ok(None);
    };
    let mut st = conn.prepare(
        "SELECT sequence, last_modified, cancelled, session_json FROM published_sessions WHERE week = ?1 AND version = ?2",
    )?;
    let mut sessions = Vec::new();
    for row in st.query_map(params![wk, version], |r| {
        Ok((
            r.get::<_, u32>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, String>(3)?,
        ))
    })? {
        let (sequence, lm, cancelled, json) = row?;
        sessions.push(PublishedSession {
            session: serde_json::from_str(&json)?,
            sequence,
            last_modified: parse_ts(&lm)?,
            cancelled,
        });
    }
    sessions.sort_by(|a, b| {
        a.session
            .start
            .cmp(&b.session.start)
            .then(a.session.id.cmp(&b.session.id))
    });
    let week = WeekId::parse(wk).ok_or_else(|| StoreError::State(format!("bad week {wk}")))?;
    Ok(Some(Publication {
        week,
        version,
        published_at: parse_ts(&at)?,
        sessions,
    }))
}

impl Store {
    /// Every session of every earlier published version of a week, oldest
    /// version first (for people dropped from a session since).
    pub fn published_history(&self, week: WeekId) -> Result<Vec<Session>> {
        let mut st = self.conn.prepare(
            "SELECT s.session_json FROM published_sessions s JOIN plan_versions v ON v.week = s.week AND v.version = s.version
             WHERE s.week = ?1 AND s.cancelled = 0 ORDER BY s.version, s.session_id",
        )?;
        let rows = st.query_map([week.to_string()], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            out.push(serde_json::from_str(&row?)?);
        }
        Ok(out)
    }
}
