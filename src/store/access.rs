//! API access tokens (department, approver, admin), stored as SHA-256 hashes
//! like feed tokens: the token itself is never stored or audited.

use super::tokens::{TokenRow, TokenTable, holder_label};
use super::{Result, Store, StoreError};
use crate::model::{PersonId, UnitId};
use chrono::NaiveDateTime;

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
        let (role, id) = self.parts();
        holder_label(role, id)
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

const TABLE: TokenTable = TokenTable {
    table: "access_tokens",
    kind: "role",
    audit: "access",
};

fn token_from(r: TokenRow) -> Result<AccessToken> {
    Ok(AccessToken {
        principal: Principal::from_parts(&r.kind, &r.subject)?,
        id: r.id,
        prefix: r.prefix,
        created_at: r.created_at,
        revoked_at: r.revoked_at,
    })
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
        self.insert_token(&TABLE, hash, prefix, principal.parts(), actor, at)
    }

    /// Every access token, oldest first.
    pub fn access_tokens(&self) -> Result<Vec<AccessToken>> {
        self.token_rows(&TABLE)?
            .into_iter()
            .map(token_from)
            .collect()
    }

    /// Revokes the active access token with this id or (≥ 4 characters) this
    /// prefix; an ambiguous prefix is an error, no match is None.
    pub fn revoke_access_token(
        &mut self,
        key: &str,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<Option<AccessToken>> {
        self.revoke_token(&TABLE, key, actor, at)?
            .map(token_from)
            .transpose()
    }

    /// The principal and token id of the active access token whose hash is
    /// `hash` (compared in constant time).
    pub fn principal_by_hash(&self, hash: &[u8; 32]) -> Result<Option<(i64, Principal)>> {
        self.token_by_hash(&TABLE, hash)?
            .map(|(id, role, subject)| Ok((id, Principal::from_parts(&role, &subject)?)))
            .transpose()
    }
}
