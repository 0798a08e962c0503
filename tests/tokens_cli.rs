//! `pinhui tokens issue|list|revoke` and `pinhui backup` through the binary.

mod common;

use common::{published_sample, run, utc};
use pinhui::app;

#[test]
fn tokens_are_shown_once_listed_by_prefix_and_revocable() {
    let dir = tempfile::tempdir().unwrap();
    let store = published_sample(dir.path(), utc(27, 9, 0));
    let s = store.to_str().unwrap();
    let (code, out, err) = run(
        dir.path(),
        &["--store", s, "tokens", "issue", "--department", "zzb"],
    );
    assert_eq!(code, 0, "{err}");
    let token = out
        .lines()
        .find_map(|l| l.strip_prefix("  "))
        .unwrap()
        .trim()
        .to_string();
    assert_eq!(token.len(), 43);
    let caller = app::authenticate(&store, &token).unwrap().unwrap();
    assert_eq!(caller.principal.label(), "department:zzb");
    for args in [
        vec!["tokens", "issue", "--approver", "p0001"],
        vec!["tokens", "issue", "--admin"],
    ] {
        let mut a = vec!["--store", s];
        a.extend(args);
        assert_eq!(run(dir.path(), &a).0, 0);
    }
    let (code, _, err) = run(
        dir.path(),
        &["--store", s, "tokens", "issue", "--department", "nope"],
    );
    assert_eq!(code, 2);
    assert!(err.contains("找不到单位"), "{err}");
    let (code, _, _) = run(
        dir.path(),
        &[
            "--store",
            s,
            "tokens",
            "issue",
            "--admin",
            "--approver",
            "p0001",
        ],
    );
    assert_eq!(code, 2);
    let (_, list, _) = run(dir.path(), &["--store", s, "tokens", "list"]);
    assert!(list.contains(&token[..8]) && !list.contains(&token));
    assert!(list.contains("单位 zzb") && list.contains("审批人 p0001") && list.contains("管理员"));
    let (code, out, err) = run(dir.path(), &["--store", s, "tokens", "revoke", &token[..8]]);
    assert_eq!(code, 0, "{err}");
    // A token may start with '-' (base64url): such a prefix is a value, not a flag.
    let (code, _, err) = run(dir.path(), &["--store", s, "tokens", "revoke", "-Uzz9"]);
    assert_eq!(code, 2);
    assert!(err.contains("没有与 “-Uzz9” 对应的有效令牌"), "{err}");
    assert!(out.contains("已吊销"));
    assert!(app::authenticate(&store, &token).unwrap().is_none());
    let log = pinhui::store::Store::open(&store)
        .unwrap()
        .audit_log()
        .unwrap();
    assert!(log.iter().any(|e| e.action == "access.revoke"));
    assert!(
        log.iter()
            .all(|e| !e.detail_json.contains(&token) && !e.subject.contains(&token))
    );
}

#[test]
fn backup_writes_a_checked_copy_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let store = published_sample(dir.path(), utc(27, 9, 0));
    let s = store.to_str().unwrap();
    let (code, out, err) = run(dir.path(), &["--store", s, "backup", "copy.db"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("已备份"));
    let copy = pinhui::store::Store::open(&dir.path().join("copy.db")).unwrap();
    assert_eq!(copy.integrity_check().unwrap(), "ok");
    assert_eq!(copy.published_weeks().unwrap().len(), 1);
    let (code, _, err) = run(dir.path(), &["--store", s, "backup", "copy.db"]);
    assert_eq!(code, 2);
    assert!(err.contains("已存在"), "{err}");
}
