//! export (feeds, weekly plan) and report files. Every file is written to a
//! temporary name and renamed, so a reader never sees half a file.

use super::cycle::open_initialised;
use super::{AppError, AppResult};
use crate::ics::{FeedOptions, FeedScope, concerns, render_feed};
use crate::io::sheet::{DOCUMENTS_SHEET, PROPOSALS_SHEET};
use crate::io::sheet_documents::{DOCUMENT_COLUMNS, DOCUMENT_WIDTHS, document_cells};
use crate::io::sheet_proposals::{PROPOSAL_COLUMNS, PROPOSAL_WIDTHS, proposal_cells};
use crate::model::{Document, PersonId, Plan, Proposal, ProposalId, Publication, UnitId, WeekId};
use crate::report;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Counts of what `export` wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ExportSummary {
    pub person_feeds: usize,
    pub unit_feeds: usize,
    pub files: usize,
}

pub(crate) fn write_file(path: &Path, content: &[u8]) -> AppResult<()> {
    let err = |source| AppError::Write {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let tmp = path.with_extension("tmp~");
    std::fs::write(&tmp, content).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(err)
}

fn published(
    store: &Path,
    week: WeekId,
) -> AppResult<(
    crate::io::org::DistrictData,
    Vec<Proposal>,
    Publication,
    Plan,
)> {
    let s = open_initialised(store)?;
    let d = s.load_district()?;
    let publication = s.latest_publication(week)?.ok_or_else(|| {
        AppError::Usage(format!(
            "{week} 尚未发布，请先运行 pinhui publish --week {week}"
        ))
    })?;
    let plan = s
        .latest_plan(week)?
        .filter(|(v, _, _)| *v == publication.version)
        .map(|(_, _, p)| p)
        .ok_or_else(|| AppError::Usage(format!("{week} 的已发布方案缺失")))?;
    let proposals = s.load_week(week)?.proposals;
    Ok((d, proposals, publication, plan))
}

/// Writes feeds (`ics/people/*.ics`, `ics/units/*.ics`, `ics/district.ics`), the
/// weekly plan (`plan.html`, `plan.csv`, `plan.xlsx`) and the plan JSON (`plan.json`) of the
/// week's newest publication.
pub fn export_week(store: &Path, week: WeekId, out: &Path) -> AppResult<ExportSummary> {
    let (d, proposals, publication, plan) = published(store, week)?;
    let org = &d.org;
    let by_id: BTreeMap<ProposalId, Proposal> = proposals
        .iter()
        .map(|p| (p.id.clone(), p.clone()))
        .collect();
    let opts = FeedOptions::default();
    let now = publication.published_at;
    let mut sum = ExportSummary::default();
    // Everyone concerned now or in an earlier publication of the week (so that
    // people dropped from a session see it cancelled).
    let history = open_initialised(store)?.published_history(week)?;
    let mut people: BTreeSet<&PersonId> = BTreeSet::new();
    let mut units: BTreeSet<UnitId> = BTreeSet::new();
    for s in publication
        .sessions
        .iter()
        .map(|p| &p.session)
        .chain(&history)
    {
        for a in &s.attendees {
            people.insert(&a.person);
        }
        for g in &s.segments {
            people.insert(&g.presider);
        }
    }
    for pid in &people {
        if let Some(p) = org.person(pid) {
            units.extend(p.positions.iter().map(|pos| pos.unit.clone()));
        }
    }
    let pb = super::progress::bar((people.len() + units.len()) as u64, "日历");
    for pid in people {
        pb.inc(1);
        let scope = FeedScope::Person(pid);
        let sessions = super::dropped::with_dropped(org, &scope, &publication.sessions, &history);
        let text = render_feed(org, &by_id, &sessions, scope, &opts, now);
        write_file(
            &out.join("ics/people").join(format!("{pid}.ics")),
            text.as_bytes(),
        )?;
        sum.person_feeds += 1;
    }
    for uid in &units {
        pb.inc(1);
        let scope = FeedScope::Unit(uid);
        let sessions = super::dropped::with_dropped(org, &scope, &publication.sessions, &history);
        if !sessions.iter().any(|s| concerns(org, &s.session, &scope)) {
            continue;
        }
        let text = render_feed(org, &by_id, &sessions, scope, &opts, now);
        write_file(
            &out.join("ics/units").join(format!("{uid}.ics")),
            text.as_bytes(),
        )?;
        sum.unit_feeds += 1;
    }
    let text = render_feed(
        org,
        &by_id,
        &publication.sessions,
        FeedScope::District,
        &opts,
        now,
    );
    write_file(&out.join("ics/district.ics"), text.as_bytes())?;
    pb.finish_and_clear();
    write_file(
        &out.join("plan.html"),
        report::weekly_plan_html(org, &proposals, &plan).as_bytes(),
    )?;
    write_file(
        &out.join("plan.csv"),
        report::weekly_plan_csv(org, &proposals, &plan).as_bytes(),
    )?;
    write_file(
        &out.join("plan.xlsx"),
        &report::weekly_plan_xlsx(org, &proposals, &plan),
    )?;
    let mut json =
        serde_json::to_string_pretty(&plan).map_err(|e| AppError::Usage(e.to_string()))?;
    json.push('\n');
    write_file(&out.join("plan.json"), json.as_bytes())?;
    sum.files = sum.person_feeds + sum.unit_feeds + 5;
    sum.files += export_documents(store, &d, week, &publication, out)?;
    Ok(sum)
}

/// Writes the active proposals of a week in the spreadsheet template layout
/// (docs/formats.md, "Spreadsheets") as `proposals-<week>.csv` and
/// `proposals-<week>.xlsx`; importing either gives the same proposals back.
/// Returns the paths written.
pub fn export_proposals(store: &Path, week: WeekId, out: &Path) -> AppResult<Vec<PathBuf>> {
    let s = open_initialised(store)?;
    let proposals = s.load_week(week)?.proposals;
    if proposals.is_empty() {
        return Err(AppError::Usage(format!("{week} 没有会议申请")));
    }
    let rows = proposal_rows(week, &proposals);
    let csv = out.join(format!("proposals-{week}.csv"));
    let xlsx = out.join(format!("proposals-{week}.xlsx"));
    write_file(&csv, report::table_csv(&PROPOSAL_COLUMNS, &rows).as_bytes())?;
    write_file(&xlsx, &proposals_xlsx(&rows))?;
    Ok(vec![csv, xlsx])
}

/// Template rows for proposals: 时长（分钟） as a number, the rest as text.
pub fn proposal_rows(week: WeekId, proposals: &[Proposal]) -> Vec<Vec<report::Cell>> {
    proposals
        .iter()
        .map(|p| {
            proposal_cells(week, p)
                .into_iter()
                .enumerate()
                .map(|(i, c)| match c.parse::<f64>() {
                    Ok(n) if PROPOSAL_COLUMNS[i] == "时长（分钟）" => report::Cell::Number(n),
                    _ => report::Cell::Text(c),
                })
                .collect()
        })
        .collect()
}

/// The proposals workbook: one sheet, 会议申请, in the template layout.
pub fn proposals_xlsx(rows: &[Vec<report::Cell>]) -> Vec<u8> {
    report::table_xlsx(&[report::SheetSpec {
        name: PROPOSALS_SHEET,
        header: &PROPOSAL_COLUMNS,
        widths: &PROPOSAL_WIDTHS,
        rows,
    }])
}

/// Writes the documents of a week in the spreadsheet template layout
/// (docs/formats.md, "Spreadsheets: documents") as `documents-<week>.csv` and
/// `documents-<week>.xlsx`; importing either gives the same documents back.
/// Returns the paths written.
pub fn export_document_sheets(store: &Path, week: WeekId, out: &Path) -> AppResult<Vec<PathBuf>> {
    let s = open_initialised(store)?;
    let documents = s.load_week(week)?.documents;
    if documents.is_empty() {
        return Err(AppError::Usage(format!("{week} 没有发文")));
    }
    let rows = document_rows(week, &documents);
    let csv = out.join(format!("documents-{week}.csv"));
    let xlsx = out.join(format!("documents-{week}.xlsx"));
    write_file(&csv, report::table_csv(&DOCUMENT_COLUMNS, &rows).as_bytes())?;
    write_file(&xlsx, &documents_xlsx(&rows))?;
    Ok(vec![csv, xlsx])
}

/// Template rows for documents: 字数 as a number, the rest as text.
pub fn document_rows(week: WeekId, documents: &[Document]) -> Vec<Vec<report::Cell>> {
    documents
        .iter()
        .map(|d| {
            document_cells(week, d)
                .into_iter()
                .enumerate()
                .map(|(i, c)| match c.parse::<f64>() {
                    Ok(n) if DOCUMENT_COLUMNS[i] == "字数" => report::Cell::Number(n),
                    _ => report::Cell::Text(c),
                })
                .collect()
        })
        .collect()
}

/// The documents workbook: one sheet, 文件申请, in the template layout.
pub fn documents_xlsx(rows: &[Vec<report::Cell>]) -> Vec<u8> {
    report::table_xlsx(&[report::SheetSpec {
        name: DOCUMENTS_SHEET,
        header: &DOCUMENT_COLUMNS,
        widths: &DOCUMENT_WIDTHS,
        rows,
    }])
}

/// Writes the merge report (`report.json`, `report.html`, `report.md`, `report.csv`) of the
/// week's newest plan version and returns it.
pub fn write_report(store: &Path, week: WeekId, out: &Path) -> AppResult<report::Report> {
    let s = open_initialised(store)?;
    let d = s.load_district()?;
    let (_, _, plan) = s.latest_plan(week)?.ok_or_else(|| {
        AppError::Usage(format!(
            "{week} 还没有排会方案，请先运行 pinhui plan --week {week}"
        ))
    })?;
    let proposals = s.load_week(week)?.proposals;
    let mut r = report::build_report(&d.org, &proposals, &plan);
    r.governance = super::governance::governance(&s, &d, week, &plan)?;
    write_file(&out.join("report.json"), report::report_json(&r).as_bytes())?;
    write_file(&out.join("report.csv"), report::report_csv(&r).as_bytes())?;
    write_file(&out.join("report.html"), report::report_html(&r).as_bytes())?;
    write_file(
        &out.join("report.md"),
        report::report_markdown(&r).as_bytes(),
    )?;
    Ok(r)
}

fn export_documents(
    store: &Path,
    d: &crate::io::org::DistrictData,
    week: WeekId,
    publication: &Publication,
    out: &Path,
) -> AppResult<usize> {
    let s = open_initialised(store)?;
    let cal = crate::calendar::WorkCalendar::new(&d.holidays, &d.rules);
    let dw = super::documents::doc_week(&s, d, week)?;
    let approvals = super::approvals::week_approvals(&s, d, &cal, week)?;
    let approvers: BTreeMap<ProposalId, Vec<PersonId>> = approvals
        .iter()
        .map(|a| {
            let who = a
                .decisions
                .iter()
                .filter(|x| x.decision != crate::model::Decision::Reject)
                .map(|x| x.approver.clone())
                .collect();
            (a.proposal.id.clone(), who)
        })
        .collect();
    let spared: BTreeMap<ProposalId, usize> = approvals
        .iter()
        .map(|a| {
            (
                a.proposal.id.clone(),
                crate::plan::expand(&d.org, &a.effective(&d.org))
                    .spared
                    .len(),
            )
        })
        .collect();
    let sessions: Vec<&crate::model::Session> = publication
        .sessions
        .iter()
        .filter(|p| !p.cancelled)
        .map(|p| &p.session)
        .collect();
    super::doc_outputs::write_documents(d, &dw, &sessions, &approvers, &spared, out)
}

/// Writes the year-to-date report (`report-YYYY.json`, `.html`, `.md`): the
/// newest plan of every week of `year` in the store.
pub fn write_year_report(
    store: &Path,
    year: i32,
    out: &Path,
) -> AppResult<report::year::YearReport> {
    use chrono::Datelike;
    let s = open_initialised(store)?;
    let d = s.load_district()?;
    let mut weeks = Vec::new();
    for w in s.weeks()? {
        let Some(week) = WeekId::parse(&w) else {
            continue;
        };
        if week.monday().year() != year {
            continue;
        }
        if let Some((version, status, plan)) = s.latest_plan(week)? {
            weeks.push(report::year::WeekFigures {
                week,
                version,
                status,
                cost: plan.cost,
            });
        }
    }
    if weeks.is_empty() {
        return Err(AppError::Usage(format!(
            "{year} 年还没有任何排会方案，请先运行 pinhui plan"
        )));
    }
    let r = report::year::build_year_report(&d.org.district.name, year, weeks);
    write_file(
        &out.join(format!("report-{year}.json")),
        report::year::year_report_json(&r).as_bytes(),
    )?;
    write_file(
        &out.join(format!("report-{year}.html")),
        report::year::year_report_html(&r).as_bytes(),
    )?;
    write_file(
        &out.join(format!("report-{year}.md")),
        report::year::year_report_markdown(&r).as_bytes(),
    )?;
    Ok(r)
}
