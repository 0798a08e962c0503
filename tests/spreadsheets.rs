//! Proposal spreadsheets: CSV (UTF-8, BOM, GB18030) and XLSX import, the
//! template in data/templates, export → import round trips, located errors.

mod common;

use pinhui::app::{
    export_proposals, import_files, import_files_for, init_store, parse_file, proposal_rows,
    proposals_xlsx,
};
use pinhui::io::sheet::{read_csv, read_xlsx};
use pinhui::io::sheet_proposals::parse_proposals;
use pinhui::model::{Attendance, Proposal, Role, UnitKind, WeekId};
use pinhui::store::Store;
use std::path::{Path, PathBuf};

fn at() -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn w49() -> WeekId {
    WeekId::parse("2026-W49").unwrap()
}

/// A store initialised from the sample district.
fn store(dir: &Path, name: &str) -> PathBuf {
    let s = dir.join(name);
    init_store(&s, &common::repo().join("data"), at()).unwrap();
    s
}

fn stored(store: &Path) -> Vec<Proposal> {
    Store::open(store)
        .unwrap()
        .load_week(w49())
        .unwrap()
        .proposals
}

#[test]
fn exported_csv_and_xlsx_import_back_to_the_same_proposals() {
    let tmp = tempfile::tempdir().unwrap();
    let a = store(tmp.path(), "a.db");
    import_files(&a, &[common::repo().join("data/weeks/2026-W49.toml")], at()).unwrap();
    let original = stored(&a);
    assert!(original.len() > 10);
    let files = export_proposals(&a, w49(), &tmp.path().join("out")).unwrap();
    let org = common::sample().org;
    for f in &files {
        let weeks = parse_file(f, None, &org).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(weeks.len(), 1);
        assert_eq!(weeks[0].week, w49());
        let mut back = weeks[0].proposals.clone();
        back.sort_by(|x, y| x.id.cmp(&y.id));
        assert_eq!(back, original, "{} does not round-trip", f.display());
    }
    // Through the store as well: a fresh store importing the XLSX holds the same.
    let b = store(tmp.path(), "b.db");
    import_files(&b, &files[1..], at()).unwrap();
    assert_eq!(stored(&b), original);
}

#[test]
fn a_gb18030_csv_imports_like_its_utf8_original() {
    let tmp = tempfile::tempdir().unwrap();
    let a = store(tmp.path(), "a.db");
    import_files(&a, &[common::repo().join("data/weeks/2026-W49.toml")], at()).unwrap();
    let files = export_proposals(&a, w49(), tmp.path()).unwrap();
    let utf8 = std::fs::read_to_string(&files[0]).unwrap();
    let (gbk, _, lossy) = encoding_rs::GB18030.encode(utf8.trim_start_matches('\u{feff}'));
    assert!(!lossy);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    let gb_file = tmp.path().join("gbk.csv");
    std::fs::write(&gb_file, &gbk).unwrap();
    let org = common::sample().org;
    let from_gbk = parse_file(&gb_file, None, &org).unwrap();
    let from_utf8 = parse_file(&files[0], None, &org).unwrap();
    assert_eq!(from_gbk, from_utf8);
}

#[test]
fn a_bad_row_gives_a_located_chinese_error_and_stores_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let s = store(tmp.path(), "pinhui.db");
    let template =
        std::fs::read_to_string(common::repo().join("data/templates/proposals-template.csv"))
            .unwrap();
    // Row 3 (the second proposal) names an organiser that does not exist.
    let bad = template.replace(",区应急管理局,", ",区不存在局,");
    let file = tmp.path().join("w49.csv");
    std::fs::write(&file, bad).unwrap();
    let (code, _, stderr) = common::run(
        tmp.path(),
        &[
            "--store",
            s.to_str().unwrap(),
            "import",
            file.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("w49.csv 第 3 行 主办单位：未知单位 “区不存在局”"),
        "{stderr}"
    );
    assert!(
        stored(&s).is_empty(),
        "nothing stored (the good row neither)"
    );
}

#[test]
fn xlsx_errors_name_the_sheet_row_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let org = common::sample().org;
    let t = read_csv(
        "t.csv",
        &std::fs::read(common::repo().join("data/templates/proposals-template.csv")).unwrap(),
    )
    .unwrap();
    let mut rows = template_rows(&t);
    rows[0][19 - 1] = pinhui::report::Cell::Text("乡镇|职务=书计".into());
    rows[1][6] = pinhui::report::Cell::Text("一小时".into());
    let file = tmp.path().join("w49.xlsx");
    std::fs::write(&file, proposals_xlsx(&rows)).unwrap();
    let e = parse_file(&file, None, &org).unwrap_err().to_string();
    let name = file.display().to_string();
    assert!(
        e.contains(&format!(
            "{name} 工作表“会议申请” 第 2 行 参会范围（第 1 条 roles）：未知职务 “书计”"
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "{name} 工作表“会议申请” 第 3 行 时长（分钟）：时长 “一小时” 不是整数"
        )),
        "{e}"
    );
}

fn template_rows(t: &pinhui::io::sheet::Table) -> Vec<Vec<pinhui::report::Cell>> {
    t.rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .enumerate()
                .map(|(i, c)| match c.parse::<f64>() {
                    Ok(n) if t.header[i] == "时长（分钟）" => pinhui::report::Cell::Number(n),
                    _ => pinhui::report::Cell::Text(c.clone()),
                })
                .collect()
        })
        .collect()
}

/// The XLSX template is the CSV template's rows in a workbook. Run with
/// `PINHUI_WRITE_TEMPLATES=1` to regenerate it after editing the CSV.
#[test]
fn the_templates_agree_and_import_against_the_sample_district() {
    let dir = common::repo().join("data/templates");
    let csv = read_csv(
        "t.csv",
        &std::fs::read(dir.join("proposals-template.csv")).unwrap(),
    )
    .unwrap();
    let xlsx_path = dir.join("proposals-template.xlsx");
    if std::env::var_os("PINHUI_WRITE_TEMPLATES").is_some() {
        std::fs::write(&xlsx_path, proposals_xlsx(&template_rows(&csv))).unwrap();
    }
    let xlsx = read_xlsx("t.xlsx", std::fs::read(&xlsx_path).unwrap()).unwrap();
    assert_eq!(xlsx.header, csv.header);
    let cells =
        |t: &pinhui::io::sheet::Table| t.rows.iter().map(|r| r.cells.clone()).collect::<Vec<_>>();
    assert_eq!(cells(&xlsx), cells(&csv));

    let org = common::sample().org;
    let weeks = parse_proposals(&csv, None, &org).unwrap_or_else(|e| panic!("{e}"));
    let p = &weeks[0].proposals[0];
    assert_eq!(p.organiser.as_str(), "nyncj", "unit names resolve to ids");
    assert_eq!(p.presider.as_str(), "p0067", "person names resolve to ids");
    let sel = &p.audience;
    assert_eq!(sel.len(), 2);
    assert_eq!(sel[0].kinds, [UnitKind::Township, UnitKind::Street]);
    assert_eq!(sel[0].roles, [Role::Secretary, Role::Head]);
    assert_eq!(sel[0].tags[0].as_str(), "farmland");
    assert_eq!(sel[1].units[0].as_str(), "slj");
    assert_eq!(sel[1].attendance, Attendance::Observer);
    assert_eq!(
        weeks[0].proposals[1].target.as_ref().unwrap().as_str(),
        "qingshi"
    );
}

#[test]
fn the_week_comes_from_the_flag_or_the_column_and_they_must_agree() {
    let tmp = tempfile::tempdir().unwrap();
    let template =
        std::fs::read_to_string(common::repo().join("data/templates/proposals-template.csv"))
            .unwrap();
    let no_week = template.replace("\r\n2026-W49,", "\r\n,");
    let file = tmp.path().join("no-week.csv");
    std::fs::write(&file, &no_week).unwrap();
    let s = store(tmp.path(), "pinhui.db");
    let err = import_files(&s, std::slice::from_ref(&file), at())
        .unwrap_err()
        .to_string();
    assert!(err.contains("第 2 行 周次：缺少周次"), "{err}");
    let sum = import_files_for(&s, std::slice::from_ref(&file), Some(w49()), at()).unwrap();
    assert_eq!(sum.added, 2);
    let w50 = WeekId::parse("2026-W50").unwrap();
    let org = common::sample().org;
    let e = parse_file(
        &common::repo().join("data/templates/proposals-template.csv"),
        Some(w50),
        &org,
    )
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("周次 2026-W49 与命令指定的 --week 2026-W50 不一致"),
        "{e}"
    );
    // proposal_rows is what export writes: 时长 is a number cell.
    let rows = proposal_rows(w49(), &stored(&s));
    assert!(matches!(rows[0][6], pinhui::report::Cell::Number(_)));
}
