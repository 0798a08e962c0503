//! Acceptance in a real browser: the sample week's plan page and report are
//! rendered by headless Chromium; the DOM it builds is checked (every session
//! present, Chinese intact, a hostile title shown as text) and screenshots are
//! saved to target/screenshots/ (plan.png, report.png) for a reader to open.
//!
//! Skips (with a message) when /usr/bin/chromium is absent, unless
//! PINHUI_REQUIRE_CHROMIUM is set (.ci/run installs Chromium and sets it).

mod common;

use pinhui::app::{export_week, import_files, init_store, plan_store, publish_store, write_report};
use pinhui::model::{Plan, WeekId};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHROMIUM: &str = "/usr/bin/chromium";
const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>";

fn chromium() -> Option<PathBuf> {
    let p = PathBuf::from(CHROMIUM);
    if p.exists() {
        Some(p)
    } else {
        assert!(
            std::env::var_os("PINHUI_REQUIRE_CHROMIUM").is_none(),
            "{CHROMIUM} is required (PINHUI_REQUIRE_CHROMIUM is set) but missing"
        );
        eprintln!(
            "SKIPPED: {CHROMIUM} not found; install the Debian package `chromium` (and `fonts-noto-cjk`) to run the browser acceptance test"
        );
        None
    }
}

/// Runs Chromium headless on a file with extra flags; returns stdout.
fn run_chromium(bin: &Path, page: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(extra)
    .arg(format!("file://{}", page.display()))
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    let mut child = cmd.spawn().expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).unwrap();
        s
    });
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "chromium failed on {}", page.display());
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium timed out on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().unwrap()
}

fn at() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

/// Runs the weekly cycle on the sample district plus `extra` week files;
/// returns the output folder's plan and the folder.
fn cycle(dir: &Path, extra: &[PathBuf]) -> (Plan, PathBuf) {
    let week = WeekId::parse("2026-W49").unwrap();
    let store = dir.join("pinhui.db");
    init_store(&store, &common::repo().join("data"), at()).unwrap();
    let mut files = vec![common::repo().join("data/weeks/2026-W49.toml")];
    files.extend_from_slice(extra);
    import_files(&store, &files, at()).unwrap_or_else(|e| panic!("{e}"));
    common::approve_all(&store, week, at());
    let outcome = plan_store(&store, week, at()).unwrap();
    assert!(outcome.violations.is_empty());
    publish_store(&store, week, at()).unwrap();
    let out = dir.join("out");
    export_week(&store, week, &out).unwrap();
    write_report(&store, week, &out).unwrap();
    (outcome.plan, out)
}

fn hostile_week(dir: &Path) -> PathBuf {
    let title = HOSTILE.replace('"', "\\\"");
    let text = format!(
        r#"week = "2026-W49"

[[proposals]]
id = "w49-hostile"
title = "{title}"
organiser = "yjj"
kind = "department"
presider = "p0081"
duration_minutes = 30
window = ["2026-12-01T08:30", "2026-12-04T17:30"]
filed = "2026-11-18"

[[proposals.audience]]
units = ["qingshi"]
roles = ["head"]
"#
    );
    let f = dir.join("hostile.toml");
    std::fs::write(&f, text).unwrap();
    f
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join("target"));
    let d = target.join("screenshots");
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn the_sample_week_renders_in_chromium_with_every_session_and_intact_chinese() {
    let Some(bin) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (plan, out) = cycle(tmp.path(), &[]);
    assert!(!plan.sessions.is_empty());
    let shots = screenshot_dir();
    for (page, png, must) in [
        (
            "plan.html",
            "plan.png",
            [
                "一周会议安排",
                "各乡镇街道参会安排",
                "区直单位参会安排",
                "id=\"unit-dongcheng\"",
                "size: A4 landscape",
            ],
        ),
        (
            "report.html",
            "report.png",
            [
                "会议合并（拼会）报告",
                "成效汇总",
                "干部用时",
                "chart-cadre-minutes",
                "chart-grassroots-trips",
            ],
        ),
    ] {
        let file = out.join(page);
        let dom = run_chromium(&bin, &file, &["--dump-dom".to_string()]);
        assert!(dom.contains("</html>"), "{page}: no DOM dumped");
        for s in &plan.sessions {
            assert!(
                dom.contains(&format!("id=\"session-{}\"", s.id)),
                "{page}: session {} missing from the DOM",
                s.id
            );
            for g in &s.segments {
                assert!(
                    dom.contains(&g.title),
                    "{page}: title {} not intact",
                    g.title
                );
            }
        }
        for text in must {
            assert!(dom.contains(text), "{page}: {text} missing");
        }
        let target = shots.join(png);
        let _ = std::fs::remove_file(&target);
        run_chromium(
            &bin,
            &file,
            &[
                format!("--screenshot={}", target.display()),
                "--window-size=1600,1200".to_string(),
            ],
        );
        let bytes = std::fs::read(&target).expect("screenshot written");
        assert!(bytes.starts_with(b"\x89PNG"), "{png} is a PNG");
        eprintln!("screenshot: {}", target.display());
    }
}

#[test]
fn a_hostile_title_is_rendered_as_text_not_markup() {
    let Some(bin) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let extra = hostile_week(tmp.path());
    let (plan, out) = cycle(tmp.path(), &[extra]);
    assert!(
        plan.sessions
            .iter()
            .any(|s| s.segments.iter().any(|g| g.title == HOSTILE)),
        "the hostile proposal is placed"
    );
    let escaped = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;";
    for page in ["plan.html", "report.html"] {
        let dom = run_chromium(&bin, &out.join(page), &["--dump-dom".to_string()]);
        assert!(dom.contains("</html>"), "{page}: no DOM dumped");
        let lower = dom.to_lowercase();
        assert!(
            !lower.contains("<script"),
            "{page}: a script element reached the DOM"
        );
        assert!(
            !lower.contains("<img"),
            "{page}: an img element reached the DOM"
        );
        assert!(
            !lower.contains("onerror=alert(2)>"),
            "{page}: markup from input"
        );
        assert!(
            dom.contains(escaped),
            "{page}: the title is not shown as text"
        );
    }
}
