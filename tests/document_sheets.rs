//! Document spreadsheets: CSV (UTF-8, GB18030) and XLSX import of notices,
//! data requests, ledgers and letters; the template; export → import round
//! trips; workbooks with both sheets; located errors that store nothing.

mod common;

use pinhui::app::{
    document_rows, documents_xlsx, export_document_sheets, import_files, import_files_for,
    init_store, parse_file, proposal_rows,
};
use pinhui::io::sheet::{DOCUMENTS_SHEET, PROPOSALS_SHEET, read_csv, read_xlsx_sheets};
use pinhui::io::sheet_documents::{DOCUMENT_COLUMNS, DOCUMENT_WIDTHS};
use pinhui::io::sheet_proposals::{PROPOSAL_COLUMNS, PROPOSAL_WIDTHS};
use pinhui::io::{Syntax, week::parse_week};
use pinhui::model::{Document, WeekId};
use pinhui::report::{Cell, SheetSpec, table_xlsx};
use pinhui::store::Store;
use std::path::{Path, PathBuf};

fn at() -> chrono::NaiveDateTime {
    common::utc(27, 9, 0)
}

fn w49() -> WeekId {
    common::w49()
}

fn store(dir: &Path, name: &str) -> PathBuf {
    let s = dir.join(name);
    init_store(&s, &common::repo().join("data"), at()).unwrap();
    s
}

fn stored(store: &Path) -> Vec<Document> {
    Store::open(store)
        .unwrap()
        .load_week(w49())
        .unwrap()
        .documents
}

fn template_path() -> PathBuf {
    common::repo().join("data/templates/documents-template.csv")
}

fn sorted(mut docs: Vec<Document>) -> Vec<Document> {
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    docs
}

/// The template's rows written as a week file: ids and codes where the
/// template has names and Chinese labels.
const TEMPLATE_AS_TOML: &str = r#"week = "2026-W49"

[[documents]]
id = "tpl-tjj-1"
title = "2026年度农业生产情况统计"
issuer = "tjj"
kind = "data_request"
due = "2026-12-10"
chars = 1500
fields = [{ name = "耕地面积", unit = "亩" }, { name = "粮食产量", unit = "吨" }, { name = "农业从业人员", unit = "人" }]

[[documents.audience]]
kinds = ["township"]
roles = ["head"]
tags = ["farmland"]

[[documents]]
id = "tpl-yjj-1"
title = "关于建立冬季安全生产检查台账的通知"
issuer = "yjj"
kind = "ledger"
due = "2026-12-18"
chars = 1600
ledger_type = "安全生产检查台账"

[[documents.audience]]
kinds = ["township", "street"]
roles = ["head"]

[[documents]]
id = "tpl-slj-1"
title = "2027年度河长制工作目标责任书"
issuer = "slj"
kind = "letter"
due = "2026-12-15"
chars = 2000
tasks = ["河长制工作", "河道日常巡查"]

[[documents.audience]]
units = ["qingshi"]
roles = ["secretary", "head"]

[[documents]]
id = "tpl-jyj-1"
title = "关于做好寒假学生安全教育工作的通知"
issuer = "jyj"
kind = "notice"
due = "2026-12-11"
chars = 1800

[[documents.audience]]
kinds = ["township", "street"]
roles = ["deputy_head"]

[[documents.audience]]
kinds = ["community"]
within = ["dongcheng"]
roles = ["secretary"]
attendance = "optional"
"#;

/// The CSV template's rows as XLSX cells (字数 as a number).
fn template_rows(t: &pinhui::io::sheet::Table) -> Vec<Vec<Cell>> {
    t.rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .enumerate()
                .map(|(i, c)| match c.parse::<f64>() {
                    Ok(n) if t.header[i] == "字数" => Cell::Number(n),
                    _ => Cell::Text(c.clone()),
                })
                .collect()
        })
        .collect()
}

/// The XLSX template is the CSV template's rows in a workbook. Run with
/// `PINHUI_WRITE_TEMPLATES=1` to regenerate it after editing the CSV.
#[test]
fn the_templates_agree_and_import_like_the_equivalent_week_file() {
    let csv = read_csv("t.csv", &std::fs::read(template_path()).unwrap()).unwrap();
    let xlsx_path = common::repo().join("data/templates/documents-template.xlsx");
    if std::env::var_os("PINHUI_WRITE_TEMPLATES").is_some() {
        std::fs::write(&xlsx_path, documents_xlsx(&template_rows(&csv))).unwrap();
    }
    let sheets = read_xlsx_sheets("t.xlsx", std::fs::read(&xlsx_path).unwrap()).unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].0, DOCUMENTS_SHEET);
    assert_eq!(sheets[0].1.header, csv.header);
    let cells =
        |t: &pinhui::io::sheet::Table| t.rows.iter().map(|r| r.cells.clone()).collect::<Vec<_>>();
    assert_eq!(cells(&sheets[0].1), cells(&csv));

    let org = common::sample().org;
    let toml = parse_week("t.toml", TEMPLATE_AS_TOML, Syntax::Toml, &org)
        .unwrap_or_else(|e| panic!("{e}"));
    for f in [template_path(), xlsx_path] {
        let weeks = parse_file(&f, None, &org).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(weeks.len(), 1);
        assert_eq!(weeks[0].week, w49());
        assert!(weeks[0].proposals.is_empty(), "{}", f.display());
        assert_eq!(weeks[0].documents, toml.documents, "{}", f.display());
    }
}

#[test]
fn exported_csv_and_xlsx_import_back_to_the_documents_of_the_week_file() {
    let tmp = tempfile::tempdir().unwrap();
    let a = store(tmp.path(), "a.db");
    let week_file = common::repo().join("data/weeks/2026-W49.toml");
    import_files(&a, std::slice::from_ref(&week_file), at()).unwrap();
    let original = stored(&a);
    assert_eq!(original.len(), 9);
    let d = common::sample();
    assert_eq!(
        sorted(common::sample_week(&d, "2026-W49").documents),
        original
    );
    // Through the CLI flag, which also writes the proposals when asked.
    let out = tmp.path().join("out");
    let (code, stdout, stderr) = common::run(
        tmp.path(),
        &[
            "--store",
            a.to_str().unwrap(),
            "export",
            "--week",
            "2026-W49",
            "--documents",
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("已导出发文"), "{stdout}");
    let files = [
        out.join("documents-2026-W49.csv"),
        out.join("documents-2026-W49.xlsx"),
    ];
    assert!(!out.join("proposals-2026-W49.csv").exists());
    for f in &files {
        let weeks = parse_file(f, None, &d.org).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(weeks.len(), 1);
        assert_eq!(
            sorted(weeks[0].documents.clone()),
            original,
            "{} does not round-trip",
            f.display()
        );
    }
    // A fresh store importing either file holds the same documents.
    for (i, f) in files.iter().enumerate() {
        let b = store(tmp.path(), &format!("b{i}.db"));
        let sum = import_files(&b, std::slice::from_ref(f), at()).unwrap();
        assert_eq!((sum.added, sum.documents), (0, 9));
        assert_eq!(stored(&b), original);
    }
    // The library export writes the same two files.
    let again = export_document_sheets(&a, w49(), &tmp.path().join("again")).unwrap();
    assert_eq!(
        std::fs::read(&again[0]).unwrap(),
        std::fs::read(&files[0]).unwrap()
    );
}

#[test]
fn a_gb18030_csv_imports_like_its_utf8_original() {
    let tmp = tempfile::tempdir().unwrap();
    let utf8 = std::fs::read_to_string(template_path()).unwrap();
    let (gbk, _, lossy) = encoding_rs::GB18030.encode(utf8.trim_start_matches('\u{feff}'));
    assert!(!lossy);
    assert!(std::str::from_utf8(&gbk).is_err(), "really not UTF-8");
    let gb_file = tmp.path().join("gbk.csv");
    std::fs::write(&gb_file, &gbk).unwrap();
    let org = common::sample().org;
    let from_gbk = parse_file(&gb_file, None, &org).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(from_gbk, parse_file(&template_path(), None, &org).unwrap());
    assert_eq!(from_gbk[0].documents.len(), 4);
}

#[test]
fn bad_rows_give_located_chinese_errors_and_store_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let s = store(tmp.path(), "pinhui.db");
    let template = std::fs::read_to_string(template_path()).unwrap();
    let bad = template
        // row 2: data request without fields, and a due date that does not exist
        .replace(
            "2026-12-10,1500,耕地面积（亩）；粮食产量（吨）；农业从业人员(人),",
            "2026-12-40,1500,,",
        )
        // row 3: ledger without its type
        .replace(",安全生产检查台账,", ",,")
        // row 4: unknown kind, unknown unit in the audience
        .replace(",责任状/任务书,", ",公函,")
        .replace("单位=青石镇", "单位=不存在镇")
        // row 5: 字数 not a number, audience key misspelt
        .replace("2026-12-11,1800,", "2026-12-11,一千八,")
        .replace("参会方式=自愿参加", "参会方法=自愿参加");
    assert_ne!(bad, template);
    let file = tmp.path().join("docs.csv");
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
    for want in [
        "docs.csv 第 2 行 截止日期：日期 “2026-12-40” 无效，应为 2026-12-01 这样的日期",
        "docs.csv 第 2 行 填报字段：报表类发文至少需要一个填报字段",
        "docs.csv 第 3 行 台账类型：台账类发文必须填写台账类型",
        "docs.csv 第 4 行 文件类型：未知发文类型 “公函”，可选值：notice（通知）、data_request（报表/材料）、ledger（台账）、letter（责任状/任务书）",
        "docs.csv 第 4 行 发送范围（第 1 条 units）：未知单位 “不存在镇”",
        "docs.csv 第 5 行 字数：字数 “一千八” 无效，应为 0 或正整数",
        "docs.csv 第 5 行 发送范围：第 2 条 未知的键 “参会方法”",
    ] {
        assert!(stderr.contains(want), "missing {want:?} in\n{stderr}");
    }
    assert_eq!(
        stderr.lines().count(),
        7,
        "one error per problem:\n{stderr}"
    );
    assert!(
        stored(&s).is_empty(),
        "nothing stored (the good rows neither)"
    );

    // Unknown and missing columns are refused on the header row.
    let renamed = template.replace(",文件类型,", ",文件种类,");
    std::fs::write(&file, renamed).unwrap();
    let e = import_files(&s, std::slice::from_ref(&file), at())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("docs.csv 第 1 行 文件种类：未知列 “文件种类”，可用列：周次、编号、文件名称"),
        "{e}"
    );
    assert!(
        e.contains("docs.csv 第 1 行 文件类型：缺少必填列 “文件类型”"),
        "{e}"
    );
    assert!(stored(&s).is_empty());
}

#[test]
fn duplicate_ids_and_ids_of_proposals_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let s = store(tmp.path(), "pinhui.db");
    let template = std::fs::read_to_string(template_path()).unwrap();
    let file = tmp.path().join("docs.csv");
    std::fs::write(&file, template.replace("tpl-jyj-1", "tpl-tjj-1")).unwrap();
    let e = import_files(&s, std::slice::from_ref(&file), at())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("docs.csv 第 5 行 编号：发文编号 “tpl-tjj-1” 重复"),
        "{e}"
    );

    // A document may not take the id of a proposal in the store …
    import_files(
        &s,
        &[common::repo().join("data/templates/proposals-template.csv")],
        at(),
    )
    .unwrap();
    std::fs::write(&file, template.replace("tpl-jyj-1", "tpl-nyncj-1")).unwrap();
    let e = import_files(&s, std::slice::from_ref(&file), at())
        .unwrap_err()
        .to_string();
    assert!(e.contains("发文编号 “tpl-nyncj-1” 已被会议申请使用"), "{e}");
    assert!(stored(&s).is_empty());
    // … nor of a proposal in the same workbook (located on its row).
    let org = common::sample().org;
    let proposals = parse_file(
        &common::repo().join("data/templates/proposals-template.csv"),
        None,
        &org,
    )
    .unwrap();
    let docs = read_csv("d.csv", template.as_bytes()).unwrap();
    let mut doc_rows = template_rows(&docs);
    doc_rows[3][1] = Cell::Text("tpl-yjj-1".into());
    doc_rows[2][1] = Cell::Text("tpl-nyncj-1".into());
    let prop_rows = proposal_rows(w49(), &proposals[0].proposals);
    let book = both_sheets(&prop_rows, &doc_rows);
    let f = tmp.path().join("both.xlsx");
    std::fs::write(&f, book).unwrap();
    let e = parse_file(&f, None, &org).unwrap_err().to_string();
    let name = f.display().to_string();
    assert!(
        e.contains(&format!(
            "{name} 工作表“文件申请” 第 4 行 编号：发文编号 “tpl-nyncj-1” 已被会议申请使用"
        )),
        "{e}"
    );
    assert!(
        e.contains(&format!(
            "{name} 工作表“文件申请” 第 5 行 编号：发文编号 “tpl-yjj-1” 重复"
        )),
        "{e}"
    );
}

fn both_sheets(proposals: &[Vec<Cell>], documents: &[Vec<Cell>]) -> Vec<u8> {
    table_xlsx(&[
        SheetSpec {
            name: "说明",
            header: &["填写说明"],
            widths: &[40.0],
            rows: &[],
        },
        SheetSpec {
            name: PROPOSALS_SHEET,
            header: &PROPOSAL_COLUMNS,
            widths: &PROPOSAL_WIDTHS,
            rows: proposals,
        },
        SheetSpec {
            name: DOCUMENTS_SHEET,
            header: &DOCUMENT_COLUMNS,
            widths: &DOCUMENT_WIDTHS,
            rows: documents,
        },
    ])
}

#[test]
fn a_workbook_with_both_sheets_imports_proposals_and_documents() {
    let tmp = tempfile::tempdir().unwrap();
    let a = store(tmp.path(), "a.db");
    import_files(&a, &[common::repo().join("data/weeks/2026-W49.toml")], at()).unwrap();
    let before = Store::open(&a).unwrap().load_week(w49()).unwrap();
    let book = both_sheets(
        &proposal_rows(w49(), &before.proposals),
        &document_rows(w49(), &before.documents),
    );
    let f = tmp.path().join("w49.xlsx");
    std::fs::write(&f, book).unwrap();
    let b = store(tmp.path(), "b.db");
    let sum = import_files(&b, std::slice::from_ref(&f), at()).unwrap();
    assert_eq!(
        (sum.added as usize, sum.documents as usize),
        (before.proposals.len(), 9)
    );
    let after = Store::open(&b).unwrap().load_week(w49()).unwrap();
    assert_eq!(after.proposals, before.proposals);
    assert_eq!(after.documents, before.documents);
    // An empty sheet beside a filled one is skipped.
    let only_docs = both_sheets(&[], &document_rows(w49(), &before.documents));
    std::fs::write(&f, only_docs).unwrap();
    let weeks = parse_file(&f, None, &common::sample().org).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((weeks[0].proposals.len(), weeks[0].documents.len()), (0, 9));
    // A workbook without either sheet name is read by its first sheet's header.
    let plain = table_xlsx(&[SheetSpec {
        name: "Sheet1",
        header: &DOCUMENT_COLUMNS,
        widths: &DOCUMENT_WIDTHS,
        rows: &document_rows(w49(), &before.documents),
    }]);
    std::fs::write(&f, plain).unwrap();
    let weeks = parse_file(&f, None, &common::sample().org).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(weeks[0].documents, before.documents);
}

#[test]
fn formula_like_cells_are_text_and_the_week_may_come_from_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let s = store(tmp.path(), "pinhui.db");
    let template = std::fs::read_to_string(template_path()).unwrap();
    let tricky = template
        .replace("\r\n2026-W49,", "\r\n,")
        .replace(
            "2026年度农业生产情况统计",
            "\"=HYPERLINK(\"\"http://x\"\",\"\"点击\"\")\"",
        )
        .replace("耕地面积（亩）", "+耕地面积（亩）")
        .replace("河长制工作；", "-河长制工作；")
        .replace(",安全生产检查台账,", ",'@安全生产检查台账,");
    let file = tmp.path().join("tricky.csv");
    std::fs::write(&file, tricky).unwrap();
    let e = import_files(&s, std::slice::from_ref(&file), at())
        .unwrap_err()
        .to_string();
    assert!(e.contains("第 2 行 周次：缺少周次"), "{e}");
    let sum = import_files_for(&s, std::slice::from_ref(&file), Some(w49()), at()).unwrap();
    assert_eq!(sum.documents, 4);
    let docs = stored(&s);
    let get = |id: &str| docs.iter().find(|d| d.id.as_str() == id).unwrap();
    assert_eq!(get("tpl-tjj-1").title, "=HYPERLINK(\"http://x\",\"点击\")");
    assert_eq!(get("tpl-tjj-1").fields[0].name, "+耕地面积");
    assert_eq!(get("tpl-slj-1").tasks, ["-河长制工作", "河道日常巡查"]);
    assert_eq!(
        get("tpl-yjj-1").ledger_type.as_deref(),
        Some("@安全生产检查台账")
    );
    // Exported, they are neutralised and still read back as the same text.
    let files = export_document_sheets(&s, w49(), tmp.path()).unwrap();
    let csv = std::fs::read_to_string(&files[0]).unwrap();
    assert!(csv.contains("'=HYPERLINK("), "{csv}");
    assert!(csv.contains("'-河长制工作"), "{csv}");
    for f in &files {
        let back = parse_file(f, None, &common::sample().org).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(back[0].documents, docs, "{}", f.display());
    }
}
