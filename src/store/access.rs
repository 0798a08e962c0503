//! API access tokens (department, approver, admin), stored as SHA-256 hashes
//! like feed tokens: the token itself is never stored or audited.

use super::{Result, Store, StoreError, audit, parse_ts, ts};
use crate::model::{PersonId, UnitId};
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};
use subtle::ConstantTimeEq;

/// Who an access token speaks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Principal {
    /// A department (unit): submits, edits and withdraws its own proposals.
    Department(UnitId),
    /// A leader: decides the approvals designated to them.
    Approver(PersonId),
    /// The general office: plans, publishes, sees everything.
    Admin,
}

impl Principal {
    fn parts(&self) -> (&'static str, &str) {
        match self {
            Principal::Department(u) => ("department", u.as_str()),
            Principal::Approver(p) => ("approver", p.as_str()),
            Principal::Admin => ("admin", ""),
        }
    }

    fn from_parts(role: &str, subject: &str) -> Result<Principal> {
        let bad =
            |e: String| StoreError::State(format!("bad access subject {role}:{subject}: {e}"));
        match role {
            "department" => Ok(Principal::Department(
                UnitId::parse(subject).map_err(|e| bad(e.to_string()))?,
            )),
            "approver" => Ok(Principal::Approver(
                PersonId::parse(subject).map_err(|e| bad(e.to_string()))?,
            )),
            "admin" => Ok(Principal::Admin),
            other => Err(bad(format!("unknown role {other}"))),
        }
    }

    /// `department:zzb`, `approver:p0001`, `admin`: the audit log's actor.
    pub fn label(&self) -> String {
        match self.parts() {
            (role, "") => role.to_string(),
            (role, id) => format!("{role}:{id}"),
        }
    }
}

/// A stored access token, without the token itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessToken {
    pub id: i64,
    pub prefix: String,
    pub principal: Principal,
    pub created_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

impl Store {
    /// Stores a new access token by its hash. Returns its id.
    pub fn add_access_token(
        &mut self,
        hash: &[u8; 32],
        prefix: &str,
        principal: &Principal,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<i64> {
        let tx = self.write()?;
        let (role, subject) = principal.parts();
        tx.execute(
            "INSERT INTO access_tokens (token_hash, prefix, role, subject, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![&hash[..], prefix, role, subject, ts(at)],
        )?;
        let row = tx.last_insert_rowid();
        audit(
            &tx,
            at,
            actor,
            "access.issue",
            &principal.label(),
            &serde_json::json!({"token_id": row}),
        )?;
        tx.commit()?;
        Ok(row)
    }

    /// Every access token, oldest first.
    pub fn access_tokens(&self) -> Result<Vec<AccessToken>> {
        let mut st = self.conn.prepare(
            "SELECT id, prefix, role, subject, created_at, revoked_at FROM access_tokens ORDER BY id",
        )?;
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
            let (id, prefix, role, subject, created, revoked) = row?;
            out.push(AccessToken {
                id,
                prefix,
                principal: Principal::from_parts(&role, &subject)?,
                created_at: parse_ts(&created)?,
                revoked_at: revoked.as_deref().map(parse_ts).transpose()?,
            });
        }
        Ok(out)
    }

    /// Revokes the active access token with this id or (≥ 4 characters) this
    /// prefix; an ambiguous prefix is an error, no match is None.
    pub fn revoke_access_token(
        &mut self,
        key: &str,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<Option<AccessToken>> {
        let active: Vec<AccessToken> = self
            .access_tokens()?
            .into_iter()
            .filter(|t| t.revoked_at.is_none())
            .collect();
        let by_id = key.parse::<i64>().ok();
        let mut matches: Vec<&AccessToken> =
            active.iter().filter(|t| Some(t.id) == by_id).collect();
        if matches.is_empty() && key.chars().count() >= 4 {
            matches = active
                .iter()
                .filter(|t| t.prefix.starts_with(key) || key.starts_with(t.prefix.as_str()))
                .collect();
        }
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
            "UPDATE access_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
            params![token.id, ts(at)],
        )?;
        audit(
            &tx,
            at,
            actor,
            "access.revoke",
            &token.principal.label(),
            &serde_json::json!({"token_id": token.id}),
        )?;
        tx.commit()?;
        Ok(Some(AccessToken {
            revoked_at: Some(at),
            ..token
        }))
    }

    /// The principal and token id of the active access token whose hash is
    /// `hash` (compared in constant time).
    pub fn principal_by_hash(&self, hash: &[u8; 32]) -> Result<Option<(i64, Principal)>> {
        let row: Option<(i64, Vec<u8>, String, String)> = self
            .conn
            .query_row(
                "SELECT id, token_hash, role, subject FROM access_tokens WHERE token_hash = ?1 AND revoked_at IS NULL",
                [&hash[..]],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        match row {
            Some((id, stored, role, subject)) if bool::from(stored.ct_eq(&hash[..])) => {
                Ok(Some((id, Principal::from_parts(&role, &subject)?)))
            }
            _ => Ok(None),
        }
    }
}
