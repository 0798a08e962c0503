//! `io::write` and `pinhui gen`: districts and weeks written as the documented
//! input files read back as the same values, plan the same, and go through
//! `init`, `import` and `plan` on the command line.

mod common;

use chrono::NaiveTime;
use pinhui::io::org::{DistrictData, load_district_dir};
use pinhui::io::write::{rules_toml, write_district_dir, write_week_file};
use pinhui::io::{Syntax, week::parse_week};
use pinhui::model::*;
use pinhui::synth::{Size, district, region_district, week_focused};
use std::path::Path;

fn assert_same_district(a: &DistrictData, b: &DistrictData) {
    assert_eq!(a.org, b.org);
    assert_eq!(a.rules, b.rules);
    assert_eq!(a.holidays, b.holidays);
}

/// Writes the district and the week into `dir` and reads both back.
fn round_trip(dir: &Path, d: &DistrictData, w: &WeekInput) -> (DistrictData, WeekInput) {
    write_district_dir(dir, d).unwrap();
    let path = write_week_file(dir, w).unwrap();
    assert_eq!(path, dir.join("weeks").join(format!("{}.toml", w.week)));
    let back = load_district_dir(dir).unwrap_or_else(|e| panic!("district: {e}"));
    let text = std::fs::read_to_string(&path).unwrap();
    let wk = parse_week("week", &text, Syntax::Toml, &back.org)
        .unwrap_or_else(|e| panic!("week: {e}\n{text}"));
    (back, wk)
}

fn plan_json(d: &DistrictData, w: &WeekInput) -> String {
    let (plan, violations) = common::plan(d, w);
    assert!(violations.is_empty(), "{violations:#?}");
    serde_json::to_string(&plan).unwrap()
}

#[test]
fn generated_districts_and_weeks_read_back_equal_and_plan_the_same() {
    let wk = WeekId::parse("2026-W49").unwrap();
    let cases = [
        (1, Size::small(6)),
        (2, Size::small(12)),
        (3, Size::small(20)),
        (4, Size::DISTRICT),
        (5, Size::DISTRICT),
        (
            6,
            Size {
                focused_percent: 0,
                ..Size::DISTRICT
            },
        ),
    ];
    for (seed, size) in cases {
        let d = district(seed, size);
        let w = week_focused(seed, &d, wk, size.proposals, size.focused_percent);
        let dir = tempfile::tempdir().unwrap();
        let (back, wback) = round_trip(dir.path(), &d, &w);
        assert_same_district(&d, &back);
        assert!(back.holidays.is_empty());
        assert_eq!(w, wback, "seed {seed}");
        assert_eq!(
            plan_json(&d, &w),
            plan_json(&back, &wback),
            "seed {seed}: the read-back week plans differently"
        );
    }
}

#[test]
fn the_sample_district_and_its_weeks_read_back_equal() {
    // Everything the generator leaves out: approvals, quotas, document rules,
    // summer hours, holidays, preferred starts, relays, documents, reported.
    let d = common::sample();
    let dir = tempfile::tempdir().unwrap();
    write_district_dir(dir.path(), &d).unwrap();
    let back = load_district_dir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert_same_district(&d, &back);
    assert!(!back.rules.approvals.is_empty() && back.holidays.len() == 2);
    for name in ["2026-W41", "2026-W49", "2026-W50"] {
        let w = common::sample_week(&d, name);
        let path = write_week_file(dir.path(), &w).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let wback = parse_week(name, &text, Syntax::Toml, &back.org)
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(w, wback, "{name}");
    }
}

#[test]
fn awkward_text_is_quoted_and_reads_back() {
    let wk = WeekId::parse("2026-W50").unwrap();
    let d = district(9, Size::small(5));
    let nasty = [
        "引号\"和'单引号'",
        "逗号,分隔，全角",
        "换行\n第二行",
        "反斜杠\\n不是换行",
        "# 井号 = 等号 [方括号]",
        "制表\t符",
        "\"\"\"三引号\"\"\"",
    ];
    let org = &d.org;
    let units: Vec<Unit> = org
        .units()
        .enumerate()
        .map(|(i, u)| Unit {
            name: format!("{}{i}", nasty[i % nasty.len()]),
            ..u.clone()
        })
        .collect();
    let people: Vec<Person> = org
        .people()
        .enumerate()
        .map(|(i, p)| Person {
            name: format!("{}{i}", nasty[(i + 3) % nasty.len()]),
            ..p.clone()
        })
        .collect();
    let rooms: Vec<Room> = org
        .rooms()
        .enumerate()
        .map(|(i, r)| Room {
            name: nasty[i % nasty.len()].to_string(),
            ..r.clone()
        })
        .collect();
    let mut district = org.district.clone();
    district.name = nasty[0].into();
    district.general_office = nasty[2].into();
    let d = DistrictData {
        org: Org::new(district, units, people, rooms).unwrap(),
        rules: d.rules,
        holidays: d.holidays,
    };
    let mut w = week_focused(9, &d, wk, 5, 0);
    for (i, p) in w.proposals.iter_mut().enumerate() {
        p.title = nasty[i % nasty.len()].into();
        p.relays = Some(Relay {
            meeting: nasty[(i + 1) % nasty.len()].into(),
            is_video: i % 2 == 0,
        });
    }
    for (i, b) in w.busy.iter_mut().enumerate() {
        b.reason = nasty[i % nasty.len()].into();
    }
    let dir = tempfile::tempdir().unwrap();
    let (back, wback) = round_trip(dir.path(), &d, &w);
    assert_same_district(&d, &back);
    assert_eq!(w, wback);
}

#[test]
fn what_the_formats_cannot_say_is_refused_not_written() {
    let mut d = district(1, Size::small(3));
    d.rules.hours.morning.start = NaiveTime::from_hms_opt(8, 30, 15).unwrap();
    let e = rules_toml(&d.rules).unwrap_err().to_string();
    assert!(e.contains("rules.toml") && e.contains("含秒"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let e = write_district_dir(dir.path(), &d).unwrap_err().to_string();
    assert!(e.contains("含秒"), "{e}");
    // Nothing is written when a file cannot be generated.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn gen_writes_a_city_that_init_import_and_plan_accept() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, out, err) = common::run(
        tmp.path(),
        &["gen", "--out", "city", "--districts", "2", "--seed", "7"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("已生成 2 个模拟区：400 项会议申请、") && out.contains("写入 city"),
        "{out}"
    );
    let city = tmp.path().join("city");
    let mut folders: Vec<String> = std::fs::read_dir(&city)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    folders.sort();
    assert_eq!(folders, ["d001", "d002"]);
    // The folders hold the districts the benchmark's region holds.
    let wk = WeekId::parse("2026-W49").unwrap();
    let g = region_district(7, 1, wk, Size::DISTRICT);
    let back = load_district_dir(&city.join("d002")).unwrap();
    assert_eq!(back.org, g.data.org);
    assert_eq!(back.rules, g.data.rules);
    assert_eq!(back.holidays.len(), 1, "an explicit empty 2026");
    assert!(back.holidays[0].days_off.is_empty());

    for args in [
        &["--store", "c.db", "init", "--data", "city/d001"][..],
        &["--store", "c.db", "import", "city/d001/weeks/2026-W49.toml"],
        &["--store", "c.db", "plan", "--week", "2026-W49"],
    ] {
        let (code, out, err) = common::run(tmp.path(), args);
        assert_eq!(code, 0, "{args:?}: {out}{err}");
        assert!(!err.contains("警告"), "{args:?}: {err}");
        if args[2] == "plan" {
            assert!(out.contains("200 项申请"), "{out}");
        }
    }
}

#[test]
fn gen_of_one_district_writes_the_folder_itself_and_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    for out in ["a", "b"] {
        let (code, stdout, err) = common::run(
            tmp.path(),
            &["gen", "--out", out, "--week", "2026-W50", "--dense"],
        );
        assert_eq!(code, 0, "{err}");
        assert!(
            stdout.contains("已生成 1 个模拟区：200 项会议申请"),
            "{stdout}"
        );
    }
    for f in [
        "district.toml",
        "people.csv",
        "rules.toml",
        "holidays/2026.toml",
        "weeks/2026-W50.toml",
    ] {
        let a = std::fs::read(tmp.path().join("a").join(f)).unwrap();
        let b = std::fs::read(tmp.path().join("b").join(f)).unwrap();
        assert_eq!(a, b, "{f}");
    }
    // --dense: every non-inspection meeting summons every township.
    let d = load_district_dir(&tmp.path().join("a")).unwrap();
    let text = std::fs::read_to_string(tmp.path().join("a/weeks/2026-W50.toml")).unwrap();
    let w = parse_week("w", &text, Syntax::Toml, &d.org).unwrap();
    assert!(w.proposals.iter().all(|p| {
        p.kind == MeetingKind::Inspection
            || p.audience[0].kinds == [UnitKind::Township, UnitKind::Street]
    }));
}

#[test]
fn gen_refuses_a_non_empty_folder_and_bad_counts() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("full")).unwrap();
    std::fs::write(tmp.path().join("full/keep.txt"), "x").unwrap();
    let (code, _, err) = common::run(tmp.path(), &["gen", "--out", "full"]);
    assert_eq!(code, 2);
    assert!(err.contains("输出目录 full 不为空"), "{err}");
    assert_eq!(
        std::fs::read_dir(tmp.path().join("full")).unwrap().count(),
        1
    );

    std::fs::write(tmp.path().join("file"), "x").unwrap();
    let (code, _, err) = common::run(tmp.path(), &["gen", "--out", "file"]);
    assert_eq!(code, 2);
    assert!(err.contains("不是目录"), "{err}");

    let (code, _, err) = common::run(tmp.path(), &["gen", "--out", "x", "--districts", "0"]);
    assert_eq!(code, 2);
    assert!(err.contains("模拟区个数应为 1 到 999"), "{err}");
    assert!(!tmp.path().join("x").exists());

    // An empty folder is fine.
    std::fs::create_dir(tmp.path().join("empty")).unwrap();
    let (code, _, err) = common::run(tmp.path(), &["gen", "--out", "empty"]);
    assert_eq!(code, 0, "{err}");
    assert!(tmp.path().join("empty/district.toml").exists());
}
