//! Files for documents: consolidated forms (CSV and XLSX), one notice per session (text,
//! Markdown, HTML), and the documents summary (JSON).

use super::AppResult;
use super::documents::DocWeek;
use super::outputs::write_file;
use crate::docs::notices::{session_notice, to_html, to_markdown, to_text};
use crate::io::org::DistrictData;
use crate::model::{PersonId, ProposalId, Session};
use crate::report::{Cell, SheetSpec, table_csv, table_xlsx};
use std::collections::BTreeMap;
use std::path::Path;

/// Writes `docs/forms/*.csv` and `.xlsx`, `docs/notices/*` and `docs/documents.json`.
/// `approvers` maps each proposal to the people who approved it.
pub(crate) fn write_documents(
    d: &DistrictData,
    dw: &DocWeek,
    sessions: &[&Session],
    approvers: &BTreeMap<ProposalId, Vec<PersonId>>,
    spared: &BTreeMap<ProposalId, usize>,
    out: &Path,
) -> AppResult<usize> {
    let org = &d.org;
    let mut n = 0;
    const HEADER: [&str; 6] = [
        "填报单位",
        "截止日期",
        "字段",
        "计量单位",
        "提出部门",
        "已报送（复用期间）",
    ];
    for (i, form) in dw.outcome.forms.iter().enumerate() {
        let unit = org
            .unit(&form.unit)
            .map(|u| u.name.as_str())
            .unwrap_or(form.unit.as_str());
        let issuers = |ids: &[crate::model::UnitId]| {
            ids.iter()
                .map(|u| {
                    org.unit(u)
                        .map(|u| u.name.clone())
                        .unwrap_or_else(|| u.to_string())
                })
                .collect::<Vec<_>>()
                .join("、")
        };
        let rows: Vec<Vec<Cell>> = form
            .fields
            .iter()
            .map(|f| {
                [
                    unit,
                    &form.due.to_string(),
                    &f.field.name,
                    &f.field.unit,
                    &issuers(&f.requested_by),
                    f.reused.as_deref().unwrap_or(""),
                ]
                .iter()
                .map(|c| Cell::Text(c.to_string()))
                .collect()
            })
            .collect();
        let base = out.join(format!("docs/forms/{}-{:02}", form.unit, i + 1));
        write_file(
            &base.with_extension("csv"),
            table_csv(&HEADER, &rows).as_bytes(),
        )?;
        let sheet = SheetSpec {
            name: "合并报表",
            header: &HEADER,
            widths: &[14.0, 12.0, 24.0, 10.0, 36.0, 18.0],
            rows: &rows,
        };
        write_file(&base.with_extension("xlsx"), &table_xlsx(&[sheet]))?;
        n += 2;
    }
    for s in sessions {
        let mut who: Vec<PersonId> = s
            .segments
            .iter()
            .flat_map(|g| approvers.get(&g.proposal).cloned().unwrap_or_default())
            .collect();
        who.sort();
        who.dedup();
        let spared: usize = s
            .segments
            .iter()
            .map(|g| spared.get(&g.proposal).copied().unwrap_or(0))
            .sum();
        let (title, lines) = session_notice(org, s, spared, &who);
        let base = out.join("docs/notices").join(&s.id);
        write_file(
            &base.with_extension("txt"),
            to_text(&title, &lines).as_bytes(),
        )?;
        write_file(
            &base.with_extension("md"),
            to_markdown(&title, &lines).as_bytes(),
        )?;
        write_file(
            &base.with_extension("html"),
            to_html(&title, &lines).as_bytes(),
        )?;
        n += 3;
    }
    let mut json =
        serde_json::to_string_pretty(dw).map_err(|e| super::AppError::Usage(e.to_string()))?;
    json.push('\n');
    write_file(&out.join("docs/documents.json"), json.as_bytes())?;
    Ok(n + 1)
}
