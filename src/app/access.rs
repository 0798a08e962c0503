//! API access tokens (department, approver, admin): issue, list, revoke,
//! authenticate; and `pinhui backup`. Tokens are made and hashed like feed
//! tokens (32 random bytes, base64url; only SHA-256 and a prefix are stored).

use super::cycle::open_initialised;
use super::feeds::{PREFIX_CHARS, new_token, token_hash};
use super::{AppError, AppResult};
use crate::model::{PersonId, UnitId};
use crate::store::{AccessToken, Principal};
use chrono::NaiveDateTime;
use std::path::Path;

/// A freshly issued access token; `token` is shown once and never stored.
#[derive(Debug, Clone)]
pub struct IssuedAccess {
    pub id: i64,
    pub token: String,
    pub principal: Principal,
}

/// An authenticated API caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub token_id: i64,
    pub principal: Principal,
}

impl Caller {
    /// The audit log's actor: role, subject and token id (never the token).
    pub fn actor(&self) -> String {
        format!("api {} token#{}", self.principal.label(), self.token_id)
    }
}

/// The principal named on the command line, checked against the org chart.
pub fn parse_principal(
    store: &Path,
    department: Option<&str>,
    approver: Option<&str>,
    admin: bool,
) -> AppResult<Principal> {
    let d = open_initialised(store)?.load_district()?;
    match (department, approver, admin) {
        (Some(u), None, false) => UnitId::parse(u)
            .ok()
            .filter(|id| d.org.unit(id).is_some())
            .map(Principal::Department)
            .ok_or_else(|| {
                AppError::Usage(format!("找不到单位 “{u}”（请用 district.toml 中的 id）"))
            }),
        (None, Some(p), false) => PersonId::parse(p)
            .ok()
            .filter(|id| d.org.person(id).is_some())
            .map(Principal::Approver)
            .ok_or_else(|| AppError::Usage(format!("找不到干部 “{p}”（请用 people.csv 中的 id）"))),
        (None, None, true) => Ok(Principal::Admin),
        _ => Err(AppError::Usage(
            "请给出 --department、--approver 或 --admin 之一".into(),
        )),
    }
}

/// Issues a new access token.
pub fn issue_access(
    store: &Path,
    principal: Principal,
    at: NaiveDateTime,
) -> AppResult<IssuedAccess> {
    let mut s = open_initialised(store)?;
    let token = new_token()?;
    let prefix: String = token.chars().take(PREFIX_CHARS).collect();
    let id = s.add_access_token(&token_hash(&token), &prefix, &principal, "clerk", at)?;
    Ok(IssuedAccess {
        id,
        token,
        principal,
    })
}

/// Every access token ever issued (without the tokens).
pub fn list_access(store: &Path) -> AppResult<Vec<AccessToken>> {
    Ok(open_initialised(store)?.access_tokens()?)
}

/// Revokes an access token by id or prefix.
pub fn revoke_access(store: &Path, key: &str, at: NaiveDateTime) -> AppResult<AccessToken> {
    open_initialised(store)?
        .revoke_access_token(key, "clerk", at)?
        .ok_or_else(|| AppError::Usage(format!("没有与 “{key}” 对应的有效令牌")))
}

/// The caller an access token identifies; None for unknown or revoked.
pub fn authenticate(store: &Path, token: &str) -> AppResult<Option<Caller>> {
    let s = open_initialised(store)?;
    Ok(s.principal_by_hash(&token_hash(token))?
        .map(|(token_id, principal)| Caller {
            token_id,
            principal,
        }))
}

/// `pinhui backup FILE`: an online copy of the store (SQLite backup API; the
/// server may keep running). Refuses to overwrite an existing file.
pub fn backup_store(store: &Path, dest: &Path) -> AppResult<()> {
    if dest.exists() {
        return Err(AppError::Usage(format!(
            "{} 已存在；为免覆盖，请换一个文件名",
            dest.display()
        )));
    }
    let s = open_initialised(store)?;
    let check = s.backup_to(dest)?;
    if check != "ok" {
        return Err(AppError::Usage(format!(
            "备份文件完整性检查未通过：{check}"
        )));
    }
    Ok(())
}
