//! Feed subscription tokens (hashed) and what the feed server reads: every
//! published week's newest publication.

use super::tokens::{TokenRow, TokenTable};
use super::{Result, Store, StoreError};
use crate::model::{PersonId, Publication, UnitId, WeekId};
use chrono::NaiveDateTime;

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

const TABLE: TokenTable = TokenTable {
    table: "feed_tokens",
    kind: "scope",
    audit: "feed",
};

fn token_from(r: TokenRow) -> Result<FeedToken> {
    Ok(FeedToken {
        subject: FeedSubject::from_parts(&r.kind, &r.subject)?,
        id: r.id,
        prefix: r.prefix,
        created_at: r.created_at,
        revoked_at: r.revoked_at,
    })
}

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
        self.insert_token(&TABLE, hash, prefix, subject.parts(), actor, at)
    }

    /// Every token, oldest first.
    pub fn feed_tokens(&self) -> Result<Vec<FeedToken>> {
        self.token_rows(&TABLE)?
            .into_iter()
            .map(token_from)
            .collect()
    }

    /// Revokes the active token matching `key`: a numeric id, or a prefix of
    /// the token at least 4 characters long matching exactly one active token.
    /// Returns the revoked token, or None when nothing matched; an ambiguous
    /// prefix is an error.
    pub fn revoke_feed_token(
        &mut self,
        key: &str,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<Option<FeedToken>> {
        self.revoke_token(&TABLE, key, actor, at)?
            .map(token_from)
            .transpose()
    }

    /// The subject of the active token whose SHA-256 hash is `hash`. The stored
    /// hash is compared with `hash` in constant time.
    pub fn feed_subject_by_hash(&self, hash: &[u8; 32]) -> Result<Option<FeedSubject>> {
        self.token_by_hash(&TABLE, hash)?
            .map(|(_, scope, subject)| FeedSubject::from_parts(&scope, &subject))
            .transpose()
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
