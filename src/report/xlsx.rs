//! Spreadsheets for clerks: one function that writes a table (bold frozen
//! Chinese header, column widths, A4 landscape printing) as XLSX, and one that
//! writes the same table as CSV with a BOM. Every text cell is neutralised
//! against formula injection (`csv_cell`), and text is always written as a
//! string cell, never as a formula. Output is deterministic: the document's
//! creation time is fixed.

use super::escape::csv_cell;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

/// One cell: text, or a number shown as a number.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
        }
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}

/// A sheet: name, header, column widths (in characters) and rows.
pub struct SheetSpec<'a> {
    pub name: &'a str,
    pub header: &'a [&'a str],
    pub widths: &'a [f64],
    pub rows: &'a [Vec<Cell>],
}

/// Longest text an XLSX cell holds.
const MAX_CELL_CHARS: usize = 32_767;

/// The sheets as an XLSX workbook.
pub fn table_xlsx(sheets: &[SheetSpec]) -> Vec<u8> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1).expect("valid date");
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let bold = Format::new().set_bold();
    for spec in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(spec.name)
            .expect("sheet names are static and valid");
        ws.set_landscape();
        ws.set_paper_size(9); // A4
        ws.set_print_fit_to_pages(1, 0);
        ws.set_repeat_rows(0, 0).expect("row 0 exists");
        for (c, h) in spec.header.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &bold)
                .expect("header fits");
        }
        for (c, w) in spec.widths.iter().enumerate() {
            ws.set_column_width(c as u16, *w).expect("column exists");
        }
        ws.set_freeze_panes(1, 0).expect("row 1 exists");
        for (r, row) in spec.rows.iter().enumerate() {
            let r = r as u32 + 1;
            for (c, cell) in row.iter().enumerate() {
                let c = c as u16;
                let res = match cell {
                    Cell::Number(n) => ws.write_number(r, c, *n).map(|_| ()),
                    Cell::Text(s) if s.is_empty() => Ok(()),
                    Cell::Text(s) => {
                        let s: String = csv_cell(s).chars().take(MAX_CELL_CHARS).collect();
                        ws.write_string(r, c, s).map(|_| ())
                    }
                };
                res.expect("cell within the sheet's limits");
            }
        }
    }
    wb.save_to_buffer()
        .expect("writing a workbook to memory cannot fail")
}

/// The table as CSV: UTF-8 BOM, CRLF, every cell neutralised.
pub fn table_csv(header: &[&str], rows: &[Vec<Cell>]) -> String {
    let mut out = Vec::from("\u{feff}".as_bytes());
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let head: Vec<String> = header.iter().map(|h| csv_cell(h)).collect();
        w.write_record(&head)
            .expect("writing to memory cannot fail");
        for row in rows {
            let cells: Vec<String> = row.iter().map(|c| csv_cell(&c.text())).collect();
            w.write_record(&cells)
                .expect("writing to memory cannot fail");
        }
        w.flush().expect("writing to memory cannot fail");
    }
    String::from_utf8(out).expect("csv of UTF-8 strings is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_without_a_fraction_and_formulas_are_neutralised() {
        let csv = table_csv(
            &["a", "b"],
            &[vec![Cell::Number(60.0), Cell::Text("=1+1".into())]],
        );
        assert_eq!(csv, "\u{feff}a,b\r\n60,'=1+1\r\n");
    }

    #[test]
    fn workbooks_are_byte_identical_from_run_to_run() {
        let rows = vec![vec![Cell::Text("青川".into()), Cell::Number(3.0)]];
        let spec = || SheetSpec {
            name: "表",
            header: &["名称", "数"],
            widths: &[10.0, 6.0],
            rows: &rows,
        };
        assert_eq!(table_xlsx(&[spec()]), table_xlsx(&[spec()]));
    }
}
