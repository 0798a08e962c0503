//! What a spreadsheet file holds: proposals, documents or (a workbook) both.
//! An XLSX sheet is told by its name (`会议申请`, `文件申请`); a CSV, or a
//! workbook with neither sheet, by its header row.

use super::sheet::{
    DOCUMENTS_SHEET, PROPOSALS_SHEET, Table, header_name, read_csv, read_xlsx_sheets,
};
use super::sheet_documents::{DOCUMENT_COLUMNS, parse_documents_beside};
use super::sheet_proposals::{PROPOSAL_COLUMNS, parse_proposals};
use super::{InputError, InputErrors};
use crate::model::{Org, WeekId, WeekInput};
use std::collections::{BTreeMap, BTreeSet};

/// The layout of one table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Proposals,
    Documents,
}

/// Documents when more of the header's names are document-only columns
/// (文件名称, 发文单位 …) than proposal-only ones; proposals otherwise.
pub fn kind_by_header(header: &[String]) -> SheetKind {
    let only = |mine: &[&str], other: &[&str]| {
        header
            .iter()
            .map(|h| header_name(h))
            .filter(|h| mine.contains(&h.as_str()) && !other.contains(&h.as_str()))
            .count()
    };
    if only(&DOCUMENT_COLUMNS, &PROPOSAL_COLUMNS) > only(&PROPOSAL_COLUMNS, &DOCUMENT_COLUMNS) {
        SheetKind::Documents
    } else {
        SheetKind::Proposals
    }
}

/// Reads and validates a CSV file of proposals or documents.
pub fn parse_csv_file(
    file: &str,
    bytes: &[u8],
    week: Option<WeekId>,
    org: &Org,
) -> Result<Vec<WeekInput>, InputErrors> {
    let t = read_csv(file, bytes)?;
    let kind = kind_by_header(&t.header);
    parse_tables(vec![(kind, t)], week, org)
}

/// Reads and validates the sheets of an XLSX workbook: `会议申请`
/// (proposals) and `文件申请` (documents), or else the first sheet.
pub fn parse_xlsx_file(
    file: &str,
    bytes: Vec<u8>,
    week: Option<WeekId>,
    org: &Org,
) -> Result<Vec<WeekInput>, InputErrors> {
    let tables = read_xlsx_sheets(file, bytes)?
        .into_iter()
        .map(|(name, t)| {
            let kind = match name.as_str() {
                PROPOSALS_SHEET => SheetKind::Proposals,
                DOCUMENTS_SHEET => SheetKind::Documents,
                _ => kind_by_header(&t.header),
            };
            (kind, t)
        })
        .collect();
    parse_tables(tables, week, org)
}

/// Parses tables of one file, proposals first: a document may not reuse the
/// id of a proposal of the same file. In a workbook with several input sheets,
/// a sheet with no data rows is skipped; the weeks found are merged.
fn parse_tables(
    mut tables: Vec<(SheetKind, Table)>,
    week: Option<WeekId>,
    org: &Org,
) -> Result<Vec<WeekInput>, InputErrors> {
    if tables.iter().any(|(_, t)| !t.rows.is_empty()) {
        tables.retain(|(_, t)| !t.rows.is_empty());
    }
    tables.sort_by_key(|(k, _)| *k == SheetKind::Documents);
    let mut errors: Vec<InputError> = Vec::new();
    let mut weeks: BTreeMap<WeekId, WeekInput> = BTreeMap::new();
    let mut proposal_ids = BTreeSet::new();
    for (kind, t) in &tables {
        let parsed = match kind {
            SheetKind::Proposals => parse_proposals(t, week, org),
            SheetKind::Documents => parse_documents_beside(t, week, org, &proposal_ids),
        };
        match parsed {
            Ok(ws) => {
                for w in ws {
                    proposal_ids.extend(w.proposals.iter().map(|p| p.id.to_string()));
                    let into = weeks.entry(w.week).or_insert_with(|| WeekInput {
                        week: w.week,
                        busy: Vec::new(),
                        proposals: Vec::new(),
                        documents: Vec::new(),
                        reported: Vec::new(),
                    });
                    into.proposals.extend(w.proposals);
                    into.documents.extend(w.documents);
                }
            }
            Err(e) => errors.extend(e.0),
        }
    }
    if errors.is_empty() {
        Ok(weeks.into_values().collect())
    } else {
        Err(InputErrors(errors))
    }
}
