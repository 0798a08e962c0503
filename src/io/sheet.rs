//! Reading spreadsheets into rows of text: CSV in UTF-8 (with or without BOM)
//! or GB18030/GBK, and XLSX (calamine). Only decoding and the header/周次
//! handling every layout shares happen here; what the columns mean is up to
//! the caller (see `sheet_proposals`, `sheet_documents`).

use super::week::bad_week;
use super::{InputError, InputErrors};
use crate::model::WeekId;
use calamine::{Data, Reader, Xlsx};
use chrono::Timelike;
use std::collections::BTreeMap;
use std::io::Cursor;

/// One spreadsheet table: its header and data rows, with the numbers a clerk
/// sees in a spreadsheet (header = row 1 in a CSV; XLSX rows as Excel shows them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// How errors name the table: `w49.csv` or `w49.xlsx 工作表“会议申请”`.
    pub source: String,
    pub header_row: usize,
    pub header: Vec<String>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based row number.
    pub number: usize,
    pub cells: Vec<String>,
}

impl Row {
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.is_empty())
    }
}

/// The sheet of a workbook holding proposals.
pub const PROPOSALS_SHEET: &str = "会议申请";
/// The sheet of a workbook holding documents.
pub const DOCUMENTS_SHEET: &str = "文件申请";

/// Decodes CSV bytes: valid UTF-8 (a BOM is dropped) is read as UTF-8,
/// anything else as GB18030 (a superset of GBK and GB2312).
pub fn decode_text(file: &str, bytes: &[u8]) -> Result<String, InputErrors> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or_else(|| {
            InputErrors::one(
                file,
                None,
                "",
                "文件编码无法识别：既不是 UTF-8，也不是 GB18030/GBK，请另存为 UTF-8 的 CSV",
            )
        })
}

/// Reads CSV bytes (comma-separated, quotes as in RFC 4180).
pub fn read_csv(file: &str, bytes: &[u8]) -> Result<Table, InputErrors> {
    let text = decode_text(file, bytes)?;
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map(|p| p.line() as usize);
            InputErrors::one(file, line, "", format!("CSV 格式错误：{e}"))
        })?;
        // A record's byte offset may point at line ends before it (CRLF files,
        // skipped blank lines): its first character is the next one that is not.
        let number = rec.position().map_or(rows.len() + 1, |p| {
            let bytes = text.as_bytes();
            let mut at = (p.byte() as usize).min(bytes.len());
            while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                at += 1;
            }
            bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
        });
        rows.push(Row {
            number,
            cells: rec.iter().map(clean).collect(),
        });
    }
    table(file.to_string(), rows, file)
}

/// Reads the proposals sheet of an XLSX workbook (`会议申请`, or the first
/// sheet when there is none).
pub fn read_xlsx(file: &str, bytes: Vec<u8>) -> Result<Table, InputErrors> {
    let bad = |e: String| InputErrors::one(file, None, "", format!("无法读取 XLSX 文件：{e}"));
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let names = wb.sheet_names();
    let name = names
        .iter()
        .find(|n| n.as_str() == PROPOSALS_SHEET)
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| bad("工作簿中没有工作表".into()))?;
    read_sheet(&mut wb, file, &name)
}

/// Reads the sheets of an XLSX workbook that hold input, with their names:
/// `会议申请` and `文件申请` when either exists (both when both do), otherwise
/// the first sheet.
pub fn read_xlsx_sheets(file: &str, bytes: Vec<u8>) -> Result<Vec<(String, Table)>, InputErrors> {
    let bad = |e: String| InputErrors::one(file, None, "", format!("无法读取 XLSX 文件：{e}"));
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let names = wb.sheet_names();
    let mut wanted: Vec<String> = [PROPOSALS_SHEET, DOCUMENTS_SHEET]
        .into_iter()
        .filter(|w| names.iter().any(|n| n == w))
        .map(str::to_string)
        .collect();
    if wanted.is_empty() {
        let first = names
            .first()
            .cloned()
            .ok_or_else(|| bad("工作簿中没有工作表".into()))?;
        wanted.push(first);
    }
    wanted
        .iter()
        .map(|name| Ok((name.clone(), read_sheet(&mut wb, file, name)?)))
        .collect()
}

fn read_sheet(
    wb: &mut Xlsx<Cursor<Vec<u8>>>,
    file: &str,
    name: &str,
) -> Result<Table, InputErrors> {
    let bad = |e: String| InputErrors::one(file, None, "", format!("无法读取 XLSX 文件：{e}"));
    let range = wb.worksheet_range(name).map_err(|e| bad(e.to_string()))?;
    let (row0, col0) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, r)| {
            let mut cells: Vec<String> = vec![String::new(); col0 as usize];
            cells.extend(r.iter().map(cell_text));
            Row {
                number: row0 as usize + i + 1,
                cells,
            }
        })
        .collect();
    table(format!("{file} 工作表“{name}”"), rows, file)
}

/// A header cell as compared with column names: trimmed, half-width
/// parentheses made full-width (`时长(分钟)` is `时长（分钟）`).
pub(crate) fn header_name(h: &str) -> String {
    h.trim().replace('(', "（").replace(')', "）")
}

/// Maps the header to the known columns (name -> cell index). Unknown,
/// repeated and missing required columns are located errors on the header row.
pub(crate) fn columns(
    t: &Table,
    known: &[&'static str],
    required: &[&'static str],
) -> Result<BTreeMap<&'static str, usize>, InputErrors> {
    let mut errors = Vec::new();
    let mut at = |col: &str, message: String| {
        errors.push(InputError {
            file: t.source.clone(),
            line: Some(t.header_row),
            field: col.to_string(),
            message,
        })
    };
    let mut cols: BTreeMap<&'static str, usize> = BTreeMap::new();
    for (i, h) in t.header.iter().enumerate() {
        let norm = header_name(h);
        if norm.is_empty() {
            continue;
        }
        match known.iter().find(|c| **c == norm) {
            Some(c) if cols.insert(c, i).is_some() => at(h, "列重复".into()),
            Some(_) => {}
            None => at(h, format!("未知列 “{h}”，可用列：{}", known.join("、"))),
        }
    }
    for c in required {
        if !cols.contains_key(c) {
            at(c, format!("缺少必填列 “{c}”"));
        }
    }
    if errors.is_empty() {
        Ok(cols)
    } else {
        Err(InputErrors(errors))
    }
}

/// The week of a row: its 周次 cell, or `flag` (the `--week` flag) when the
/// cell is empty. A row naming another week than the flag is refused.
pub(crate) fn row_week(cell: &str, flag: Option<WeekId>) -> Result<WeekId, String> {
    match (cell, flag) {
        ("", Some(w)) => Ok(w),
        ("", None) => Err("缺少周次：请填写 周次 列，或在命令中用 --week 指定".into()),
        (s, flag) => match (WeekId::parse(s), flag) {
            (None, _) => Err(bad_week(s)),
            (Some(w), Some(f)) if f != w => Err(format!("周次 {w} 与命令指定的 --week {f} 不一致")),
            (Some(w), _) => Ok(w),
        },
    }
}

/// Splits off the header: the first non-blank row.
fn table(source: String, rows: Vec<Row>, file: &str) -> Result<Table, InputErrors> {
    let mut it = rows.into_iter().skip_while(Row::is_blank);
    let Some(head) = it.next() else {
        return Err(InputErrors::one(file, None, "", "表格是空的：缺少表头行"));
    };
    Ok(Table {
        source,
        header_row: head.number,
        header: head.cells,
        rows: it.filter(|r| !r.is_blank()).collect(),
    })
}

/// Trims a cell and removes the apostrophe that neutralises a formula-like
/// cell (`'=…`, `'+…`, `'-…`, `'@…`) on export.
fn clean(s: &str) -> String {
    let s = s.trim();
    let mut chars = s.chars();
    if chars.next() == Some('\'') && matches!(chars.next(), Some('=' | '+' | '-' | '@')) {
        return s[1..].to_string();
    }
    s.to_string()
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => clean(s),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(dt) => match dt.as_datetime() {
            // A date typed into Excel is midnight: show it as a date.
            Some(t) if t.time() == chrono::NaiveTime::MIN => t.format("%Y-%m-%d").to_string(),
            Some(t) if t.second() == 0 => t.format("%Y-%m-%dT%H:%M").to_string(),
            Some(t) => t.format("%Y-%m-%dT%H:%M:%S").to_string(),
            None => dt.as_f64().to_string(),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A list cell's item named by an error's field path: for `audience[2].roles`
/// and `key` = `audience`, "参会范围（第 3 条 roles）" with `col` = 参会范围
/// and `counter` = 条; without a sub-field, "参会范围（第 3 条）". None when
/// the path is not an item of `key`.
pub(crate) fn list_item(field: &str, key: &str, col: &str, counter: &str) -> Option<String> {
    let (i, rest) = field
        .strip_prefix(key)?
        .strip_prefix('[')?
        .split_once(']')?;
    let n = i.parse::<usize>().ok()? + 1;
    let sub = rest.trim_start_matches('.').split('[').next().unwrap_or("");
    Some(if sub.is_empty() {
        format!("{col}（第 {n} {counter}）")
    } else {
        format!("{col}（第 {n} {counter} {sub}）")
    })
}

/// One row as a layout parser sees it.
pub(crate) struct RowView<'a> {
    cols: &'a BTreeMap<&'static str, usize>,
    row: &'a Row,
    /// The row's week, when its 周次 (or the --week flag) gives one.
    pub week: Option<WeekId>,
}

impl RowView<'_> {
    /// The text of a column of this row ("" when absent or empty).
    pub fn get(&self, col: &str) -> &str {
        self.cols
            .get(col)
            .and_then(|&i| self.row.cells.get(i))
            .map_or("", |s| s.as_str())
    }
}

/// The loop every spreadsheet layout shares: each non-blank row gets its
/// week (周次 or `flag`) and is built by `build`, which returns the item (if
/// valid) and its errors as (column, message); errors are located at the
/// row. Items are grouped by week in row order. `what` names the items in the
/// message for an empty table (e.g. 会议申请).
pub(crate) fn rows_by_week<T>(
    t: &Table,
    cols: &BTreeMap<&'static str, usize>,
    flag: Option<WeekId>,
    what: &str,
    mut build: impl FnMut(&RowView) -> (Option<T>, Vec<(String, String)>),
) -> Result<BTreeMap<WeekId, Vec<T>>, InputErrors> {
    let mut errors = Vec::new();
    let mut weeks: BTreeMap<WeekId, Vec<T>> = BTreeMap::new();
    for row in &t.rows {
        let mut bad = Vec::new();
        let mut view = RowView {
            cols,
            row,
            week: None,
        };
        view.week = row_week(view.get("周次"), flag)
            .map_err(|m| bad.push(("周次".to_string(), m)))
            .ok();
        let (item, mut more) = build(&view);
        bad.append(&mut more);
        errors.extend(bad.into_iter().map(|(field, message)| InputError {
            file: t.source.clone(),
            line: Some(row.number),
            field,
            message,
        }));
        if let (Some(item), Some(w)) = (item, view.week) {
            weeks.entry(w).or_default().push(item);
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    if weeks.is_empty() {
        return Err(InputErrors::one(
            &t.source,
            None,
            "",
            format!("表格中没有{what}"),
        ));
    }
    Ok(weeks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_bom_utf8_and_gb18030_all_decode() {
        let s = "编号,会议名称\r\nw1,东城街道\r\n";
        let (gbk, _, _) = encoding_rs::GB18030.encode(s);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(s.as_bytes());
        for bytes in [s.as_bytes().to_vec(), bom, gbk.into_owned()] {
            assert_eq!(decode_text("x.csv", &bytes).unwrap(), s);
        }
    }

    #[test]
    fn csv_rows_keep_their_numbers_and_skip_blank_lines() {
        for text in [
            "a,b\r\nc,d\r\n\r\ne,f\r\n",
            "a,b\nc,d\n\ne,f\n",
            "\u{feff}a,b\r\nc,d\r\n\r\ne,f",
        ] {
            let t = read_csv("x.csv", text.as_bytes()).unwrap();
            assert_eq!(t.header_row, 1);
            let numbers: Vec<usize> = t.rows.iter().map(|r| r.number).collect();
            assert_eq!(numbers, [2, 4], "{text:?}");
        }
        let t = read_csv("x.csv", "\n编号,名称\n,\nw1,'=1+1\n".as_bytes()).unwrap();
        assert_eq!(t.header, ["编号", "名称"]);
        assert_eq!(t.header_row, 2);
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0].number, 4);
        assert_eq!(t.rows[0].cells, ["w1", "=1+1"]);
    }
}
