//! Feed subscription tokens (hashed) and what the feed server reads: every
//! published week's newest publication.

use super::{Result, Store, StoreError, audit, parse_ts, ts};
use crate::model::{PersonId, Publication, UnitId, WeekId};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use subtle::ConstantTimeEq;

/// Whose feed a token opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FeedSubject {
    Person(PersonId),
    Unit(UnitId),
}

impl FeedSubject {
    fn parts(&self) -> (&'static str, &str) {
        match self {
            FeedSubject::Person(p) => ("person", p.as_str()),
            FeedSubject::Unit(u) => ("unit", u.as_str()),
        }
    }

    fn from_parts(scope: &str, subject: &str) -> Result<FeedSubject> {
        let bad = |e: String| StoreError::State(format!("bad feed subject {scope}:{subject}: {e}"));
        match scope {
            "person" => Ok(FeedSubject::Person(
                PersonId::parse(subject).map_err(|e| bad(e.to_string()))?,
            )),
            "unit" => Ok(FeedSubject::Unit(
                UnitId::parse(subject).map_err(|e| bad(e.to_string()))?,
            )),
            other => Err(bad(format!("unknown scope {other}"))),
        }
    }
}

/// A stored token, without the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedToken {
    pub id: i64,
    /// The token's first characters, shown to tell tokens apart.
    pub prefix: String,
    pub subject: FeedSubject,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

type Row = (i64, String, String, String, String, Option<String>);

fn token_from(row: Row) -> Result<FeedToken> {
    let (id, prefix, scope, subject, created, revoked) = row;
    Ok(FeedToken {
        id,
        prefix,
        subject: FeedSubject::from_parts(&scope, &subject)?,
        created_at: parse_ts(&created)?,
        revoked_at: revoked.as_deref().map(parse_ts).transpose()?,
    })
}

const COLUMNS: &str = "id, prefix, scope, subject, created_at, revoked_at";

impl Store {
    /// Stores a new token by its SHA-256 hash; the token itself is never stored
    /// or audited. Returns the new token's id.
    pub fn add_feed_token(
        &mut self,
        hash: &[u8; 32],
        prefix: &str,
        subject: &FeedSubject,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<i64> {
        let tx = self.write()?;
        let (scope, id) = subject.parts();
        tx.execute(
            "INSERT INTO feed_tokens (token_hash, prefix, scope, subject, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![&hash[..], prefix, scope, id, ts(at)],
        )?;
        let row = tx.last_insert_rowid();
        audit(
            &tx,
            at,
            actor,
            "feed.issue",
            &format!("{scope}:{id}"),
            &serde_json::json!({"token_id": row}),
        )?;
        tx.commit()?;
        Ok(row)
    }

    /// Every token, oldest first.
    pub fn feed_tokens(&self) -> Result<Vec<FeedToken>> {
        let mut st = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} FROM feed_tokens ORDER BY id"))?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
            ))
        })?;
        rows.map(|r| token_from(r?)).collect()
    }

    /// Revokes the active tokens matching `key`: a numeric id, or a prefix of
    /// the token at least 4 characters long matching exactly one active token.
    /// Returns the revoked token, or None when nothing matched; an ambiguous
    /// prefix is an error.
    pub fn revoke_feed_token(
        &mut self,
        key: &str,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<Option<FeedToken>> {
        let active: Vec<FeedToken> = self
            .feed_tokens()?
            .into_iter()
            .filter(|t| t.revoked_at.is_none())
            .collect();
        let by_id: Vec<&FeedToken> = key
            .parse::<i64>()
            .ok()
            .map(|id| active.iter().filter(|t| t.id == id).collect())
            .unwrap_or_default();
        let matches: Vec<&FeedToken> = if !by_id.is_empty() {
            by_id
        } else if key.chars().count() >= 4 {
            active
                .iter()
                .filter(|t| t.prefix.starts_with(key) || key.starts_with(t.prefix.as_str()))
                .collect()
        } else {
            Vec::new()
        };
        let token = match matches.as_slice() {
            [] => return Ok(None),
            [one] => (*one).clone(),
            _ => {
                return Err(StoreError::State(format!(
                    "{} tokens match {key}; give the id",
                    matches.len()
                )));
            }
        };
        let tx = self.write()?;
        tx.execute(
            "UPDATE feed_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![token.id, ts(at)],
        )?;
        let (scope, id) = token.subject.parts();
        audit(
            &tx,
            at,
            actor,
            "feed.revoke",
            &format!("{scope}:{id}"),
            &serde_json::json!({"token_id": token.id}),
        )?;
        tx.commit()?;
        Ok(Some(FeedToken {
            revoked_at: Some(at),
            ..token
        }))
    }

    /// The subject of the active token whose SHA-256 hash is `hash`. The stored
    /// hash is compared with `hash` in constant time.
    pub fn feed_subject_by_hash(&self, hash: &[u8; 32]) -> Result<Option<FeedSubject>> {
        let row: Option<(Vec<u8>, String, String)> = self
            .conn
            .query_row(
                "SELECT token_hash, scope, subject FROM feed_tokens WHERE token_hash = ?1 AND revoked_at IS NULL",
                [&hash[..]],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        match row {
            Some((stored, scope, subject)) if bool::from(stored.ct_eq(&hash[..])) => {
                Ok(Some(FeedSubject::from_parts(&scope, &subject)?))
            }
            _ => Ok(None),
        }
    }

    /// The newest publication of every published week, in week order.
    pub fn published_weeks(&self) -> Result<Vec<Publication>> {
        let mut st = self.conn.prepare(
            "SELECT DISTINCT week FROM plan_versions WHERE status = 'published' ORDER BY week",
        )?;
        let weeks: Vec<String> = st
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        let mut out = Vec::new();
        for wk in weeks {
            let week =
                WeekId::parse(&wk).ok_or_else(|| StoreError::State(format!("bad week {wk}")))?;
            out.extend(self.latest_publication(week)?);
        }
        Ok(out)
    }
}
