//! Documents in a spreadsheet (docs/formats.md, "Spreadsheets: documents"):
//! one row per document (notice, data request, ledger, responsibility letter)
//! under Chinese column headers. Like `sheet_proposals`, a row becomes the raw
//! struct a week file's `[[documents]]` table deserialises into and is checked
//! by the same code (`week::document`), so rules and messages are identical;
//! errors are re-located to sheet, row and column.
//!
//! List cells (填报字段, 责任事项) hold items separated by `;`, `；` or a line
//! break. A 填报字段 item is a field name with its unit of measure in trailing
//! parentheses, full- or half-width: `耕地面积（亩）`, `常住人口(人)`,
//! `乡镇数` (no unit); `GDP（现价）（）` keeps `（现价）` in the name.

use super::audience::{audience_cell, parse_audience};
use super::locate::Path;
use super::sheet::{Table, columns, list_item, rows_by_week};
use super::sheet_proposals::{alias, unit_id};
use super::week::{RawDocument, RawField, document, document_is_proposal, duplicate_document};
use super::{Ctx, InputErrors, Syntax, TimeText};
use crate::model::*;
use std::collections::BTreeSet;

/// The columns, in template order.
pub const DOCUMENT_COLUMNS: [&str; 11] = [
    "周次",
    "编号",
    "文件名称",
    "发文单位",
    "文件类型",
    "截止日期",
    "字数",
    "填报字段",
    "台账类型",
    "责任事项",
    "发送范围",
];

/// Column widths of the template, in characters.
pub const DOCUMENT_WIDTHS: [f64; 11] = [
    10.0, 16.0, 36.0, 14.0, 14.0, 11.0, 7.0, 48.0, 20.0, 30.0, 50.0,
];

const REQUIRED: [&str; 6] = [
    "编号",
    "文件名称",
    "发文单位",
    "文件类型",
    "截止日期",
    "发送范围",
];

/// Reads the documents of a table. `week` (the `--week` flag) applies to rows
/// whose 周次 is empty; a row naming another week is refused. Returns one
/// `WeekInput` per week, documents in row order, or every error found.
pub fn parse_documents(
    t: &Table,
    week: Option<WeekId>,
    org: &Org,
) -> Result<Vec<WeekInput>, InputErrors> {
    parse_documents_beside(t, week, org, &BTreeSet::new())
}

/// [`parse_documents`], refusing documents whose id is one of `proposals`
/// (the proposal ids of the same workbook).
pub(crate) fn parse_documents_beside(
    t: &Table,
    week: Option<WeekId>,
    org: &Org,
    proposals: &BTreeSet<String>,
) -> Result<Vec<WeekInput>, InputErrors> {
    let cols = columns(t, &DOCUMENT_COLUMNS, &REQUIRED)?;
    let mut seen = BTreeSet::new();
    let weeks = rows_by_week(t, &cols, week, "文件申请", |row| {
        let mut bad: Vec<(&'static str, String)> = Vec::new();
        let raw = raw_document(org, &|c| row.get(c), &mut bad);
        let mut cx = Ctx::new(&t.source, "", Syntax::Json);
        let built = document(&mut cx, org, &Path::default(), &raw);
        let failed: BTreeSet<&str> = bad.iter().map(|(c, _)| *c).collect();
        let mut errors: Vec<(String, String)> = bad
            .iter()
            .map(|(c, m)| (c.to_string(), m.clone()))
            .collect();
        for e in cx.errors {
            let (col, detail) = column_of(&e.field);
            if !failed.contains(col) {
                errors.push((detail, e.message));
            }
        }
        if let Some(d) = &built
            && row.week.is_some()
        {
            if !seen.insert(d.id.clone()) {
                errors.push(("编号".into(), duplicate_document(&d.id)));
            } else if proposals.contains(d.id.as_str()) {
                errors.push(("编号".into(), document_is_proposal(d.id.as_str())));
            }
        }
        (built, errors)
    })?;
    Ok(weeks
        .into_iter()
        .map(|(week, documents)| WeekInput {
            week,
            busy: Vec::new(),
            proposals: Vec::new(),
            documents,
            reported: Vec::new(),
        })
        .collect())
}

/// The column a field path refers to, and how to name it (with the item or
/// selector for list cells).
fn column_of(field: &str) -> (&'static str, String) {
    let key = field.split(['.', '[']).next().unwrap_or("");
    let col = match key {
        "id" => "编号",
        "title" => "文件名称",
        "issuer" => "发文单位",
        "kind" => "文件类型",
        "due" => "截止日期",
        "chars" => "字数",
        "fields" => "填报字段",
        "ledger_type" => "台账类型",
        "tasks" => "责任事项",
        "audience" => "发送范围",
        _ => "",
    };
    let detail = match col {
        // A field item is named by its number only (its sub-field is `name`).
        "填报字段" => list_item(field.split('.').next().unwrap_or(""), "fields", col, "项"),
        "发送范围" => list_item(field, "audience", col, "条"),
        _ => None,
    };
    (col, detail.unwrap_or_else(|| col.to_string()))
}

fn raw_document<'a>(
    org: &Org,
    get: &dyn Fn(&str) -> &'a str,
    bad: &mut Vec<(&'static str, String)>,
) -> RawDocument {
    let chars = match get("字数") {
        "" => 0,
        s => s.parse::<u32>().unwrap_or_else(|_| {
            bad.push(("字数", format!("字数 “{s}” 无效，应为 0 或正整数")));
            0
        }),
    };
    let audience = parse_audience(org, get("发送范围")).unwrap_or_else(|m| {
        bad.push(("发送范围", m));
        Vec::new()
    });
    RawDocument {
        id: get("编号").to_string(),
        title: get("文件名称").to_string(),
        issuer: unit_id(org, get("发文单位")),
        kind: alias(get("文件类型"), KIND_ALIASES),
        due: TimeText::Text(get("截止日期").to_string()),
        chars,
        fields: items(get("填报字段"))
            .map(|s| {
                let (name, unit) = split_unit(s);
                RawField {
                    name: name.to_string(),
                    unit: unit.to_string(),
                }
            })
            .collect(),
        ledger_type: Some(get("台账类型").to_string()).filter(|s| !s.is_empty()),
        tasks: items(get("责任事项")).map(str::to_string).collect(),
        audience,
    }
}

const KIND_ALIASES: &[(&str, &str)] = &[
    ("通知", "notice"),
    ("报表/材料", "data_request"),
    ("报表", "data_request"),
    ("材料", "data_request"),
    ("台账", "ledger"),
    ("责任状/任务书", "letter"),
    ("责任状", "letter"),
    ("任务书", "letter"),
];

/// The items of a list cell: separated by `;`, `；` or line breaks, trimmed,
/// empty ones dropped.
fn items(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// `耕地面积（亩）` -> (`耕地面积`, `亩`): the unit is the balanced group of
/// parentheses (full- or half-width) that ends the item; without one the
/// unit is empty.
fn split_unit(item: &str) -> (&str, &str) {
    if !item.ends_with(['）', ')']) {
        return (item, "");
    }
    let mut depth = 0usize;
    for (i, c) in item.char_indices().rev() {
        match c {
            '）' | ')' => depth += 1,
            '（' | '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let close = item.len() - item.chars().next_back().map_or(0, char::len_utf8);
                    let unit = &item[i + c.len_utf8()..close];
                    return (item[..i].trim_end(), unit.trim());
                }
            }
            _ => {}
        }
    }
    (item, "")
}

/// A field as a 填报字段 item; `split_unit` gives it back.
fn field_item(f: &Field) -> String {
    if !f.unit.is_empty() {
        format!("{}（{}）", f.name, f.unit)
    } else if f.name.ends_with(['）', ')']) {
        format!("{}（）", f.name)
    } else {
        f.name.clone()
    }
}

/// One document as a template row (unit ids, kinds in Chinese, the audience in
/// the canonical form); importing the row gives the document back, unless a
/// field name or task itself contains `;`, `；` or a line break.
pub fn document_cells(week: WeekId, d: &Document) -> Vec<String> {
    vec![
        week.to_string(),
        d.id.to_string(),
        d.title.clone(),
        d.issuer.to_string(),
        d.kind.label().to_string(),
        d.due.format("%Y-%m-%d").to_string(),
        d.chars.to_string(),
        d.fields
            .iter()
            .map(field_item)
            .collect::<Vec<_>>()
            .join("；"),
        d.ledger_type.clone().unwrap_or_default(),
        d.tasks.join("；"),
        audience_cell(&d.audience),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_come_from_the_trailing_parentheses() {
        assert_eq!(split_unit("耕地面积（亩）"), ("耕地面积", "亩"));
        assert_eq!(split_unit("常住人口(人)"), ("常住人口", "人"));
        assert_eq!(split_unit("乡镇数"), ("乡镇数", ""));
        assert_eq!(split_unit("GDP（现价）（）"), ("GDP（现价）", ""));
        assert_eq!(
            split_unit("投资额（万元（现价））"),
            ("投资额", "万元（现价）")
        );
        assert_eq!(split_unit("产量 （吨）"), ("产量", "吨"));
        assert_eq!(split_unit("产量吨）"), ("产量吨）", ""));
        assert_eq!(split_unit("（亩）"), ("", "亩"));
        let items: Vec<_> = items("耕地面积（亩）；粮食产量（吨）;\n 人口(人)；；").collect();
        assert_eq!(items, ["耕地面积（亩）", "粮食产量（吨）", "人口(人)"]);
    }

    #[test]
    fn field_items_read_back_to_the_same_field() {
        for (name, unit) in [
            ("耕地面积", "亩"),
            ("乡镇数", ""),
            ("GDP（现价）", ""),
            ("GDP（现价）", "亿元"),
        ] {
            let f = Field {
                name: name.into(),
                unit: unit.into(),
            };
            assert_eq!(split_unit(&field_item(&f)), (name, unit), "{f:?}");
        }
    }

    #[test]
    fn error_paths_name_columns_and_items() {
        assert_eq!(column_of("kind").1, "文件类型");
        assert_eq!(column_of("fields[1].name").1, "填报字段（第 2 项）");
        assert_eq!(
            column_of("audience[0].roles[1]").1,
            "发送范围（第 1 条 roles）"
        );
        assert_eq!(column_of("audience").1, "发送范围");
    }
}
