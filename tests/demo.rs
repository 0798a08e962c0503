//! `pinhui demo` end to end, through the binary.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().display().to_string();
                if !rel.starts_with("pinhui.db") {
                    out.insert(rel, std::fs::read(&p).unwrap());
                }
            }
        }
    }
    out
}

#[test]
fn demo_writes_everything_identically_twice_and_prints_the_report_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let data = common::repo().join("data");
    let mut runs = Vec::new();
    for name in ["a", "b"] {
        let out = tmp.path().join(name);
        let (code, stdout, stderr) = common::run(
            tmp.path(),
            &[
                "demo",
                "--data",
                data.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
            ],
        );
        assert_eq!(code, 0, "{stderr}");
        runs.push((out, stdout));
    }
    let (a, b) = (files(&runs[0].0), files(&runs[1].0));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(b[k] == *v, "{k} differs between two demo runs");
    }
    for f in [
        "ics/district.ics",
        "plan.html",
        "plan.csv",
        "plan.xlsx",
        "plan.json",
        "report.json",
        "report.html",
        "report.md",
        "report.csv",
        "summary.json",
    ] {
        assert!(a.contains_key(f), "demo did not write {f}");
    }
    let people = a
        .keys()
        .filter(|k| k.starts_with("ics/people/") && k.ends_with(".ics"))
        .count();
    let units = a
        .keys()
        .filter(|k| k.starts_with("ics/units/") && k.ends_with(".ics"))
        .count();
    assert!(people > 50, "one feed per person concerned, got {people}");
    assert!(units > 10, "one feed per unit concerned, got {units}");

    // The printed summary equals the report's figures.
    let plan: serde_json::Value = serde_json::from_slice(&a["plan.json"]).unwrap();
    let cost = &plan["cost"];
    let stdout = &runs[0].1;
    for (label, key, base) in [
        ("参会人次", "attendances", "baseline_attendances"),
        ("往返行程", "trips", "baseline_trips"),
        ("干部耗时", "cadre_minutes", "baseline_cadre_minutes"),
    ] {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(label))
            .unwrap_or_else(|| panic!("no {label} line in:\n{stdout}"));
        assert!(
            line.contains(&cost[key].to_string()) && line.contains(&format!("基线 {}", cost[base])),
            "{line} vs {cost}"
        );
    }
    let spared = stdout
        .lines()
        .find(|l| l.starts_with("精准通知免陪会"))
        .unwrap();
    assert!(spared.contains(&cost["spared"].to_string()));
    let report: serde_json::Value = serde_json::from_slice(&a["report.json"]).unwrap();
    let report_text = report.to_string();
    for key in ["attendances", "trips", "cadre_minutes"] {
        assert!(
            report_text.contains(&cost[key].to_string()),
            "report lacks {key}"
        );
    }
    assert!(stdout.contains("全部通过"), "{stdout}");

    // 一开到底: the sample rules drop the relay of a city video conference.
    assert!(stdout.contains("取消传达会议    1 个"), "{stdout}");
    assert_eq!(plan["dropped_relays"][0]["proposal"], "w49-yjj-1");
    let relay = &report["relays"][0];
    assert_eq!(relay["dropped"], true);
    assert_eq!(
        relay["cadre_minutes"],
        plan["dropped_relays"][0]["saved_minutes"]
    );
    let district = String::from_utf8(a["ics/district.ics"].clone()).unwrap();
    assert!(!district.contains("传达全市安全生产"));

    // Governance: approvals with who and how long, quotas against last year, documents.
    let g = &report["governance"];
    let approvals = g["approvals"].as_array().unwrap();
    assert!(!approvals.is_empty());
    let zzb = approvals
        .iter()
        .find(|a| a["proposal"] == "w49-zzb-1")
        .expect("zzb needed approval");
    assert_eq!(zzb["state"], "approved");
    let d0 = &zzb["decisions"][0];
    assert!(d0["approver_name"].as_str().unwrap().chars().count() >= 2);
    assert!(d0["turnaround_minutes"].as_i64().unwrap() >= 0);
    let q = g["quotas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["unit"] == "zzb")
        .unwrap();
    assert_eq!(q["previous_meetings"], 28);
    assert_eq!(
        q["change_meetings"].as_i64().unwrap(),
        q["meetings"].as_i64().unwrap() - 28
    );
    assert_eq!(g["documents"]["forms_sent"], 12);
    assert!(g["video"]["reaching_grassroots"].as_u64().unwrap() > 0);
    let html = String::from_utf8(a["report.html"].clone()).unwrap();
    assert!(html.contains("id=\"approvals-table\"") && html.contains("id=\"quotas-table\""));
}
