//! Feed subscriptions: issuing, listing and revoking tokens, and rendering the
//! feed a token opens (for `pinhui serve`).
//!
//! A token is 32 bytes from the operating system's secure RNG, base64url
//! without padding (43 characters). The store keeps only its SHA-256 hash and
//! its first [`PREFIX_CHARS`] characters (to tell tokens apart in `feeds list`).

use super::cycle::open_initialised;
use super::{AppError, AppResult};
use crate::ics::{FeedOptions, FeedScope, render_feed};
use crate::model::{PersonId, Proposal, ProposalId, PublishedSession, UnitId};
use crate::store::{FeedSubject, FeedToken};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::NaiveDateTime;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Characters of a token kept in the store to identify it.
pub const PREFIX_CHARS: usize = 8;

/// A freshly issued token. `token` is shown once and never stored.
#[derive(Debug, Clone)]
pub struct IssuedFeed {
    pub id: i64,
    pub token: String,
    pub subject: FeedSubject,
}

impl IssuedFeed {
    /// `{base}/feeds/{token}.ics` with an https (or the base's) scheme, and the
    /// same as `webcal://`.
    pub fn urls(&self, base_url: &str) -> (String, String) {
        feed_urls(base_url, &self.token)
    }
}

/// The http(s) and webcal URLs of a token's feed under `base_url`.
pub fn feed_urls(base_url: &str, token: &str) -> (String, String) {
    let base = base_url.trim_end_matches('/');
    let http = format!("{base}/feeds/{token}.ics");
    let rest = base
        .strip_prefix("https://")
        .or_else(|| base.strip_prefix("http://"))
        .unwrap_or(base);
    (http, format!("webcal://{rest}/feeds/{token}.ics"))
}

/// SHA-256 of a token.
pub fn token_hash(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

pub(crate) fn new_token() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Usage(format!("无法从系统获取安全随机数：{e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

/// The subject named on the command line, checked against the org chart.
pub fn parse_subject(
    store: &Path,
    person: Option<&str>,
    unit: Option<&str>,
) -> AppResult<FeedSubject> {
    let d = open_initialised(store)?.load_district()?;
    match (person, unit) {
        (Some(p), None) => {
            let id = PersonId::parse(p)
                .ok()
                .filter(|id| d.org.person(id).is_some())
                .ok_or_else(|| {
                    AppError::Usage(format!("找不到干部 “{p}”（请用 people.csv 中的 id）"))
                })?;
            Ok(FeedSubject::Person(id))
        }
        (None, Some(u)) => {
            let id = UnitId::parse(u)
                .ok()
                .filter(|id| d.org.unit(id).is_some())
                .ok_or_else(|| {
                    AppError::Usage(format!("找不到单位 “{u}”（请用 district.toml 中的 id）"))
                })?;
            Ok(FeedSubject::Unit(id))
        }
        _ => Err(AppError::Usage("请给出 --person 或 --unit 之一".into())),
    }
}

/// Issues a new token for a subject (rotation = revoke + issue).
pub fn issue_feed(store: &Path, subject: FeedSubject, at: NaiveDateTime) -> AppResult<IssuedFeed> {
    let mut s = open_initialised(store)?;
    let token = new_token()?;
    let prefix: String = token.chars().take(PREFIX_CHARS).collect();
    let id = s.add_feed_token(&token_hash(&token), &prefix, &subject, "clerk", at)?;
    Ok(IssuedFeed { id, token, subject })
}

/// Every token ever issued (without the tokens themselves).
pub fn list_feeds(store: &Path) -> AppResult<Vec<FeedToken>> {
    Ok(open_initialised(store)?.feed_tokens()?)
}

/// Revokes a token by id or token prefix.
pub fn revoke_feed(store: &Path, key: &str, at: NaiveDateTime) -> AppResult<FeedToken> {
    let mut s = open_initialised(store)?;
    s.revoke_feed_token(key, "clerk", at)?
        .ok_or_else(|| AppError::Usage(format!("没有与 “{key}” 对应的有效订阅")))
}

/// A rendered subscription feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedFeed {
    pub body: String,
    /// The newest publication time (UTC) among the published weeks.
    pub last_modified: Option<NaiveDateTime>,
}

/// The feed a token opens: every published week's newest publication, for
/// the token's person or unit. `None` for an unknown or revoked token.
/// `now` (UTC) only decides which cancelled sessions have expired.
pub fn feed_for_token(
    store: &Path,
    token: &str,
    now: NaiveDateTime,
) -> AppResult<Option<RenderedFeed>> {
    let store = open_initialised(store)?;
    let Some(subject) = store.feed_subject_by_hash(&token_hash(token))? else {
        return Ok(None);
    };
    let d = store.load_district()?;
    let publications = store.published_weeks()?;
    let scope = match &subject {
        FeedSubject::Person(p) => FeedScope::Person(p),
        FeedSubject::Unit(u) => FeedScope::Unit(u),
    };
    let mut sessions: Vec<PublishedSession> = Vec::new();
    let mut proposals: BTreeMap<ProposalId, Proposal> = BTreeMap::new();
    for p in &publications {
        let history = store.published_history(p.week)?;
        sessions.extend(super::dropped::with_dropped(
            &d.org,
            &scope,
            &p.sessions,
            &history,
        ));
        for prop in store.load_week(p.week)?.proposals {
            proposals.insert(prop.id.clone(), prop);
        }
    }
    let body = render_feed(
        &d.org,
        &proposals,
        &sessions,
        scope,
        &FeedOptions::default(),
        now,
    );
    let last_modified = publications.iter().map(|p| p.published_at).max();
    Ok(Some(RenderedFeed {
        body,
        last_modified,
    }))
}
