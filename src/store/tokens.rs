//! Hashed bearer tokens, shared by feed tokens (`feeds.rs`) and API access
//! tokens (`access.rs`): both tables have the same shape (id, token_hash,
//! prefix, a holder kind and subject, created_at, revoked_at). The token
//! itself is never stored or audited; lookups compare hashes in constant time.

use super::{Result, Store, StoreError, audit, parse_ts, ts};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use subtle::ConstantTimeEq;

/// Where one kind of token lives.
pub(super) struct TokenTable {
    pub table: &'static str,
    /// The column naming the holder's kind (`scope` for feeds, `role` for API).
    pub kind: &'static str,
    /// Audit actions are `<audit>.issue` and `<audit>.revoke`.
    pub audit: &'static str,
}

/// A stored token, its holder not yet parsed.
pub(super) struct TokenRow {
    pub id: i64,
    pub prefix: String,
    pub kind: String,
    pub subject: String,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

impl TokenRow {
    /// `kind:subject`, or `kind` alone when the subject is empty (admin).
    pub fn label(&self) -> String {
        holder_label(&self.kind, &self.subject)
    }
}

pub(super) fn holder_label(kind: &str, subject: &str) -> String {
    if subject.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}:{subject}")
    }
}

impl Store {
    /// Stores a new token by its hash and audits the issue. Returns its id.
    pub(super) fn insert_token(
        &mut self,
        t: &TokenTable,
        hash: &[u8; 32],
        prefix: &str,
        (kind, subject): (&str, &str),
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<i64> {
        let tx = self.write()?;
        tx.execute(
            &format!(
                "INSERT INTO {} (token_hash, prefix, {}, subject, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                t.table, t.kind
            ),
            params![&hash[..], prefix, kind, subject, ts(at)],
        )?;
        let row = tx.last_insert_rowid();
        audit(
            &tx,
            at,
            actor,
            &format!("{}.issue", t.audit),
            &holder_label(kind, subject),
            &serde_json::json!({"token_id": row}),
        )?;
        tx.commit()?;
        Ok(row)
    }

    /// Every token of the table, oldest first.
    pub(super) fn token_rows(&self, t: &TokenTable) -> Result<Vec<TokenRow>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT id, prefix, {}, subject, created_at, revoked_at FROM {} ORDER BY id",
            t.kind, t.table
        ))?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, prefix, kind, subject, created, revoked) = row?;
            out.push(TokenRow {
                id,
                prefix,
                kind,
                subject,
                created_at: parse_ts(&created)?,
                revoked_at: revoked.as_deref().map(parse_ts).transpose()?,
            });
        }
        Ok(out)
    }

    /// Revokes the active token with this id or (≥ 4 characters) this
    /// prefix, and audits it. None when nothing matches; an ambiguous prefix
    /// is an error. Returns the row as revoked.
    pub(super) fn revoke_token(
        &mut self,
        t: &TokenTable,
        key: &str,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<Option<TokenRow>> {
        let active: Vec<TokenRow> = self
            .token_rows(t)?
            .into_iter()
            .filter(|r| r.revoked_at.is_none())
            .collect();
        let by_id = key.parse::<i64>().ok();
        let mut matches: Vec<usize> = (0..active.len())
            .filter(|&k| Some(active[k].id) == by_id)
            .collect();
        if matches.is_empty() && key.chars().count() >= 4 {
            matches = (0..active.len())
                .filter(|&k| {
                    let p = active[k].prefix.as_str();
                    p.starts_with(key) || key.starts_with(p)
                })
                .collect();
        }
        let k = match matches.as_slice() {
            [] => return Ok(None),
            [one] => *one,
            _ => {
                return Err(StoreError::State(format!(
                    "{} tokens match {key}; give the id",
                    matches.len()
                )));
            }
        };
        let mut row = active.into_iter().nth(k).expect("index from the list");
        let tx = self.write()?;
        tx.execute(
            &format!(
                "UPDATE {} SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                t.table
            ),
            params![row.id, ts(at)],
        )?;
        audit(
            &tx,
            at,
            actor,
            &format!("{}.revoke", t.audit),
            &row.label(),
            &serde_json::json!({"token_id": row.id}),
        )?;
        tx.commit()?;
        row.revoked_at = Some(at);
        Ok(Some(row))
    }

    /// The active token whose hash is `hash` (compared in constant time):
    /// (id, kind, subject).
    pub(super) fn token_by_hash(
        &self,
        t: &TokenTable,
        hash: &[u8; 32],
    ) -> Result<Option<(i64, String, String)>> {
        let row: Option<(i64, Vec<u8>, String, String)> = self
            .conn
            .query_row(
                &format!(
                    "SELECT id, token_hash, {}, subject FROM {} WHERE token_hash = ?1 AND revoked_at IS NULL",
                    t.kind, t.table
                ),
                [&hash[..]],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        Ok(match row {
            Some((id, stored, kind, subject)) if bool::from(stored.ct_eq(&hash[..])) => {
                Some((id, kind, subject))
            }
            _ => None,
        })
    }
}
