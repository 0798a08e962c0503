//! Versioned schema migrations. Append new migrations; never edit a released one.

use rusqlite_migration::{M, Migrations};

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(vec![
        // 1: org, rules, proposals, plan versions, publications, audit log.
        M::up(
            r#"
CREATE TABLE district (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    info_json TEXT NOT NULL,
    rules_json TEXT NOT NULL
);
CREATE TABLE holiday_years (
    year INTEGER PRIMARY KEY,
    data_json TEXT NOT NULL
);
CREATE TABLE units (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    parent TEXT REFERENCES units(id),
    tags_json TEXT NOT NULL,
    travel_minutes INTEGER NOT NULL CHECK (travel_minutes >= 0)
);
CREATE TABLE people (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL
);
CREATE TABLE positions (
    person_id TEXT NOT NULL REFERENCES people(id),
    ord INTEGER NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    role TEXT NOT NULL,
    PRIMARY KEY (person_id, ord)
);
CREATE TABLE rooms (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    site_json TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    video INTEGER NOT NULL
);
CREATE TABLE proposals (
    id TEXT PRIMARY KEY,
    week TEXT NOT NULL,
    organiser TEXT NOT NULL REFERENCES units(id),
    status TEXT NOT NULL CHECK (status IN ('active', 'withdrawn')),
    version INTEGER NOT NULL,
    body_json TEXT NOT NULL,
    source TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX proposals_week ON proposals(week);
CREATE TABLE busy (
    week TEXT NOT NULL,
    person_id TEXT NOT NULL REFERENCES people(id),
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (week, person_id, start, end)
);
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    week TEXT NOT NULL,
    issuer TEXT NOT NULL REFERENCES units(id),
    body_json TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE plan_versions (
    week TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    created_at TEXT NOT NULL,
    plan_json TEXT NOT NULL,
    PRIMARY KEY (week, version)
);
CREATE TABLE published_sessions (
    week TEXT NOT NULL,
    version INTEGER NOT NULL,
    session_id TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    last_modified TEXT NOT NULL,
    cancelled INTEGER NOT NULL,
    session_json TEXT NOT NULL,
    PRIMARY KEY (week, version, session_id),
    FOREIGN KEY (week, version) REFERENCES plan_versions(week, version)
);
CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail_json TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"#,
        ),
        // 2: approval decisions (报批), one row per rule decided.
        M::up(
            r#"
CREATE TABLE decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    proposal_id TEXT NOT NULL REFERENCES proposals(id),
    proposal_version INTEGER NOT NULL,
    rule TEXT NOT NULL,
    approver TEXT NOT NULL REFERENCES people(id),
    decision_json TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE INDEX decisions_proposal ON decisions(proposal_id);
"#,
        ),
        // 3: documents: reported-figures registry and decisions on documents.
        M::up(
            r#"
CREATE TABLE reported (
    unit_id TEXT NOT NULL REFERENCES units(id),
    field TEXT NOT NULL,
    measure TEXT NOT NULL,
    period TEXT NOT NULL,
    PRIMARY KEY (unit_id, field, measure, period)
);
CREATE TABLE document_decisions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id TEXT NOT NULL REFERENCES documents(id),
    rule TEXT NOT NULL,
    approver TEXT NOT NULL REFERENCES people(id),
    decision_json TEXT NOT NULL,
    reason TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
"#,
        ),
        // 4: feed subscription tokens: only a SHA-256 hash of each token is kept.
        M::up(
            r#"
CREATE TABLE feed_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    prefix TEXT NOT NULL,
    scope TEXT NOT NULL CHECK (scope IN ('person', 'unit')),
    subject TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX feed_tokens_prefix ON feed_tokens(prefix);
"#,
        ),
        // 5: API access tokens (department, approver, admin): only a SHA-256 hash.
        M::up(
            r#"
CREATE TABLE access_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash BLOB NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    prefix TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('department', 'approver', 'admin')),
    subject TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
"#,
        ),
    ])
}
