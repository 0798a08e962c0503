//! Bad input: located Chinese messages, non-zero exit, store unchanged.

mod common;

use pinhui::store::Store;
use std::path::Path;

const GOOD: &str = r#"week = "2026-W49"

[[proposals]]
id = "t-1"
title = "测试会议"
organiser = "zzb"
kind = "department"
presider = "p0001"
duration_minutes = 60
window = ["2026-12-01T08:30", "2026-12-04T17:30"]
filed = "2026-11-16"

[[proposals.audience]]
kinds = ["township"]
roles = ["secretary"]
attendance = "required"
"#;

fn fresh_store(dir: &Path) -> std::path::PathBuf {
    let store = dir.join("s.db");
    let (code, _, err) = common::run(
        dir,
        &[
            "--store",
            store.to_str().unwrap(),
            "init",
            "--data",
            common::repo().join("data").to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    store
}

fn snapshot(store: &Path) -> (Vec<String>, usize) {
    let s = Store::open(store).unwrap();
    let w = pinhui::model::WeekId::parse("2026-W49").unwrap();
    let ids = s
        .load_week(w)
        .unwrap()
        .proposals
        .iter()
        .map(|p| p.id.to_string())
        .collect();
    (ids, s.audit_log().unwrap().len())
}

/// Imports `text` as a file; asserts failure with every `expected` fragment in stderr.
fn refused(name: &str, text: &str, expected: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path());
    let before = snapshot(&store);
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let (code, _, err) = common::run(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ],
    );
    assert_ne!(code, 0, "import of {name} must fail");
    for e in expected {
        assert!(err.contains(e), "stderr lacks {e:?}:\n{err}");
    }
    assert!(err.contains(name), "message names the file:\n{err}");
    assert_eq!(
        snapshot(&store),
        before,
        "store changed after a refused import"
    );
}

#[test]
fn good_file_imports() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path());
    let file = dir.path().join("ok.toml");
    std::fs::write(&file, GOOD).unwrap();
    let (code, out, err) = common::run(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("新增 1 项"), "{out}");
    assert_eq!(snapshot(&store).0, vec!["t-1".to_string()]);
}

#[test]
fn unknown_department() {
    refused(
        "dept.toml",
        &GOOD.replace("organiser = \"zzb\"", "organiser = \"nosuch\""),
        &["第 6 行", "proposals[0].organiser", "未知单位", "nosuch"],
    );
}

#[test]
fn unknown_role_lists_valid_roles() {
    refused(
        "role.toml",
        &GOOD.replace("roles = [\"secretary\"]", "roles = [\"书计\"]"),
        &[
            "第 15 行",
            "proposals[0].audience[0].roles[0]",
            "未知职务",
            "书计",
            "secretary（书记）",
        ],
    );
}

#[test]
fn window_ending_before_it_starts() {
    refused(
        "window.toml",
        &GOOD.replace(
            "[\"2026-12-01T08:30\", \"2026-12-04T17:30\"]",
            "[\"2026-12-04T08:30\", \"2026-12-01T17:30\"]",
        ),
        &["第 10 行", "proposals[0].window", "结束必须晚于开始"],
    );
}

#[test]
fn zero_duration() {
    refused(
        "zero.toml",
        &GOOD.replace("duration_minutes = 60", "duration_minutes = 0"),
        &["第 9 行", "proposals[0].duration_minutes", "5 到 480"],
    );
}

#[test]
fn malformed_toml_line() {
    refused(
        "broken.toml",
        &GOOD.replace("title = \"测试会议\"", "title = \"测试会议"),
        &["第 5 行"],
    );
}

#[test]
fn unknown_field_is_named() {
    refused(
        "typo.toml",
        &GOOD.replace("title =", "titel ="),
        &["未知字段", "titel"],
    );
}

#[test]
fn one_bad_file_among_good_ones_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path());
    let before = snapshot(&store);
    let good = dir.path().join("good.toml");
    let bad = dir.path().join("bad.json");
    std::fs::write(&good, GOOD).unwrap();
    std::fs::write(&bad, r#"{"week": "2026-W49", "proposals": [{"id": "j-1", "title": "x", "organiser": "zzb", "kind": "department",
 "presider": "p0001", "duration_minutes": 0, "window": ["2026-12-01", "2026-12-02"], "filed": "2026-11-16",
 "audience": [{"kinds": ["township"]}]}]}"#).unwrap();
    let (code, _, err) = common::run(
        dir.path(),
        &[
            "--store",
            store.to_str().unwrap(),
            "import",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
        ],
    );
    assert_ne!(code, 0);
    assert!(
        err.contains("bad.json 第 2 行 proposals[0].duration_minutes"),
        "{err}"
    );
    assert_eq!(snapshot(&store), before);
}

#[test]
fn sample_weeks_import_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let store = fresh_store(dir.path());
    let mut args = vec![
        "--store".to_string(),
        store.display().to_string(),
        "import".into(),
    ];
    for w in ["2026-W41", "2026-W49", "2026-W50"] {
        args.push(
            common::repo()
                .join(format!("data/weeks/{w}.toml"))
                .display()
                .to_string(),
        );
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = common::run(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("导入完成"), "{out}");
}
