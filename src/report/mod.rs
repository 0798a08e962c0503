//! Rendering of plans for people: the merge report (JSON, HTML with SVG charts,
//! Markdown) and the weekly plan (printable HTML, CSV for spreadsheets).
//!
//! Everything here is a pure function of its inputs: no clock, no I/O, and
//! iteration only over sorted collections, so outputs are byte-identical
//! from run to run. User-facing text is Simplified Chinese.
//!
//! `build_report` resolves names once into a [`Report`]; the report renderers
//! need nothing else. The weekly outputs read the org chart and plan directly.

mod agenda;
mod build;
mod escape;
pub mod governance;
mod html;
mod markdown;
mod model;
mod names;
mod page;
mod report_csv;
mod svg;
mod weekly;
mod weekly_csv;
mod xlsx;
pub mod year;

pub use build::build_report;
pub use escape::{csv_cell, escape_html, escape_markdown};
pub use html::report_html;
pub use markdown::report_markdown;
pub use model::*;
pub use report_csv::report_csv;
pub use weekly::weekly_plan_html;
pub use weekly_csv::{WEEKLY_CSV_HEADER, WEEKLY_SHEET, weekly_plan_csv, weekly_plan_xlsx};
pub use xlsx::{Cell, SheetSpec, table_csv, table_xlsx};

/// The report as pretty JSON (keys in declaration order) with a trailing newline.
pub fn report_json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).expect("report serialises");
    s.push('\n');
    s
}
