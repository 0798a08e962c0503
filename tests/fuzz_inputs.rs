//! Fuzzing every importer and the API body parsers with proptest: arbitrary
//! bytes, arbitrary strings and random mutations of valid inputs. Each must
//! return a value or located errors (file set, message non-empty), never
//! panic. The number of cases run is printed (`--nocapture`).

mod common;

use common::repo;
use pinhui::io::api::{parse_decision, parse_submission};
use pinhui::io::holidays::parse_holidays;
use pinhui::io::org::DistrictData;
use pinhui::io::org::{parse_district, parse_people};
use pinhui::io::rules::parse_rules;
use pinhui::io::sheet::read_csv;
use pinhui::io::sheet_documents::parse_documents;
use pinhui::io::sheet_proposals::parse_proposals;
use pinhui::io::{InputErrors, Syntax, week::parse_week};
use proptest::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

static CASES: AtomicUsize = AtomicUsize::new(0);
const PER_TARGET: u32 = 300;

fn sample() -> &'static DistrictData {
    static D: std::sync::OnceLock<DistrictData> = std::sync::OnceLock::new();
    D.get_or_init(common::sample)
}

fn text(path: &str) -> &'static str {
    static T: std::sync::OnceLock<
        std::sync::Mutex<std::collections::HashMap<String, &'static str>>,
    > = std::sync::OnceLock::new();
    let mut m = T.get_or_init(Default::default).lock().unwrap();
    m.entry(path.to_string()).or_insert_with(|| {
        Box::leak(
            std::fs::read_to_string(repo().join(path))
                .unwrap()
                .into_boxed_str(),
        )
    })
}

fn located<T>(r: Result<T, InputErrors>) {
    CASES.fetch_add(1, Ordering::Relaxed);
    if let Err(e) = r {
        assert!(!e.0.is_empty());
        for x in &e.0 {
            assert!(!x.file.is_empty() && !x.message.trim().is_empty(), "{x:?}");
        }
    }
}

/// A valid input with a random edit: delete, insert or replace a byte range.
fn mutate(base: &[u8], at: usize, len: usize, insert: &[u8], how: u8) -> Vec<u8> {
    let mut v = base.to_vec();
    let at = at % (v.len() + 1);
    let end = (at + len).min(v.len());
    match how % 3 {
        0 => {
            v.drain(at..end);
        }
        1 => {
            v.splice(at..at, insert.iter().copied());
        }
        _ => {
            v.splice(at..end, insert.iter().copied());
        }
    }
    v
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn api_body() -> Vec<u8> {
    common::api::proposal("fz-zzb-1", "zzb", "模糊测试")
        .to_string()
        .into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: PER_TARGET, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn week_files(s in any::<String>(), at in any::<usize>(), len in 0usize..64,
                  ins in proptest::collection::vec(any::<u8>(), 0..32), how in any::<u8>()) {
        let d = sample();
        located(parse_week("f.toml", &s, Syntax::Toml, &d.org));
        located(parse_week("f.json", &s, Syntax::Json, &d.org));
        let toml = text("data/weeks/2026-W49.toml");
        located(parse_week("w.toml", &lossy(&mutate(toml.as_bytes(), at, len, &ins, how)), Syntax::Toml, &d.org));
        let json = String::from_utf8(api_body()).unwrap();
        let week_json = format!("{{\"week\":\"2026-W50\",\"proposals\":[{json}]}}");
        located(parse_week("w.json", &lossy(&mutate(week_json.as_bytes(), at, len, &ins, how)), Syntax::Json, &d.org));
    }

    #[test]
    fn org_rules_holidays(s in any::<String>(), at in any::<usize>(), len in 0usize..64,
                          ins in proptest::collection::vec(any::<u8>(), 0..32), how in any::<u8>()) {
        let d = sample();
        located(parse_district("d.toml", &s));
        let units: Vec<_> = d.org.units().cloned().collect();
        located(parse_people("p.csv", &s, &units));
        located(parse_rules("r.toml", &s, &d.org));
        located(parse_holidays("h.toml", &s));
        located(parse_district("d.toml", &lossy(&mutate(text("data/district.toml").as_bytes(), at, len, &ins, how))));
        located(parse_people("p.csv", &lossy(&mutate(text("data/people.csv").as_bytes(), at, len, &ins, how)), &units));
        located(parse_rules("r.toml", &lossy(&mutate(text("data/rules.toml").as_bytes(), at, len, &ins, how)), &d.org));
        located(parse_holidays("h.toml", &lossy(&mutate(text("data/holidays/2026.toml").as_bytes(), at, len, &ins, how))));
    }

    #[test]
    fn spreadsheets(b in proptest::collection::vec(any::<u8>(), 0..512), at in any::<usize>(), len in 0usize..64,
                    ins in proptest::collection::vec(any::<u8>(), 0..32), how in any::<u8>()) {
        let d = sample();
        let tpl = text("data/templates/proposals-template.csv").as_bytes();
        let docs = text("data/templates/documents-template.csv").as_bytes();
        for bytes in [b.clone(), mutate(tpl, at, len, &ins, how), mutate(docs, at, len, &ins, how)] {
            let t = read_csv("s.csv", &bytes);
            if let Ok(t) = &t {
                located(parse_proposals(t, None, &d.org));
                located(parse_documents(t, None, &d.org));
            }
            located(t);
        }
    }

    #[test]
    fn api_bodies(b in proptest::collection::vec(any::<u8>(), 0..512), at in any::<usize>(), len in 0usize..64,
                  ins in proptest::collection::vec(any::<u8>(), 0..32), how in any::<u8>(), version in any::<bool>()) {
        let d = sample();
        located(parse_submission(&b, &d.org, version));
        located(parse_decision(&b).map(|_| ()));
        located(parse_submission(&mutate(&api_body(), at, len, &ins, how), &d.org, version));
        let decision = br#"{"decision":"substitute","reason":"r","roles":["secretary"]}"#;
        located(parse_decision(&mutate(decision, at, len, &ins, how)).map(|_| ()));
    }

    #[test]
    fn ids_never_leave_the_output_folder(s in "[ -~]{0,12}") {
        CASES.fetch_add(1, Ordering::Relaxed);
        let out = std::path::Path::new("/srv/out/ics/people");
        if let Ok(id) = pinhui::model::PersonId::parse(&s) {
            let p = out.join(format!("{id}.ics"));
            prop_assert_eq!(p.parent(), Some(out));
            prop_assert!(p.components().all(|c| !matches!(c, std::path::Component::ParentDir)));
        }
    }
}

#[test]
fn deeply_nested_files_are_refused_cleanly() {
    let d = sample();
    let deep_toml = format!("week = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let deep_table = format!("week = {}1{}\n", "{a=".repeat(50_000), "}".repeat(50_000));
    for (text, syntax) in [(deep_toml, Syntax::Toml), (deep_table, Syntax::Toml)] {
        let e = parse_week("deep", &text, syntax, &d.org).unwrap_err();
        assert!(e.to_string().contains("嵌套层数过多"), "{e}");
    }
    let deep_json = format!(
        "{{\"week\":\"2026-W49\",\"proposals\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    // Refused by shape before depth matters; what counts is no stack overflow.
    let e = parse_week("deep", &deep_json, Syntax::Json, &d.org).unwrap_err();
    assert!(!e.0.is_empty() && e.0[0].line == Some(1), "{e}");
}

#[test]
fn ids_refuse_path_tricks() {
    for bad in [
        "..", ".", "../etc", "a/b", "a\\b", ".hidden", "", "x\0y", "a b",
    ] {
        assert!(pinhui::model::ProposalId::parse(bad).is_err(), "{bad:?}");
        assert!(pinhui::model::UnitId::parse(bad).is_err(), "{bad:?}");
        assert!(pinhui::model::PersonId::parse(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn zz_report_case_count() {
    // Runs last by name when tests run single-threaded; otherwise a lower bound.
    eprintln!(
        "fuzz_inputs: {} inputs checked so far",
        CASES.load(Ordering::Relaxed)
    );
}
