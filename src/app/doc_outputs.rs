//! Files for documents: consolidated forms (CSV), one notice per session (text,
//! Markdown, HTML), and the documents summary (JSON).

use super::AppResult;
use super::documents::DocWeek;
use super::outputs::write_file;
use crate::docs::notices::{session_notice, to_html, to_markdown, to_text};
use crate::io::org::DistrictData;
use crate::model::{PersonId, ProposalId, Session};
use crate::report::csv_cell;
use std::collections::BTreeMap;
use std::path::Path;

/// Writes `docs/forms/*.csv`, `docs/notices/*` and `docs/documents.json`.
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
    for (i, form) in dw.outcome.forms.iter().enumerate() {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(vec![0xEF, 0xBB, 0xBF]);
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
        let row = |w: &mut csv::Writer<Vec<u8>>, cells: &[&str]| {
            w.write_record(cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>())
        };
        let _ = row(
            &mut w,
            &["填报单位", unit, "截止日期", &form.due.to_string()],
        );
        let _ = row(&mut w, &["字段", "计量单位", "提出部门", "已报送（复用）"]);
        for f in &form.fields {
            let _ = row(
                &mut w,
                &[
                    &f.field.name,
                    &f.field.unit,
                    &issuers(&f.requested_by),
                    f.reused.as_deref().unwrap_or(""),
                ],
            );
        }
        let bytes = w.into_inner().unwrap_or_default();
        write_file(
            &out.join(format!("docs/forms/{}-{:02}.csv", form.unit, i + 1)),
            &bytes,
        )?;
        n += 1;
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
