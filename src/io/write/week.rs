//! Week files (`weeks/2026-W49.toml`) from [`WeekInput`]: busy blocks,
//! proposals, documents and reported figures.

use super::rules::attendance;
use super::{WriteError, datetime_text, to_toml};
use crate::model::*;
use serde::Serialize;

#[derive(Serialize)]
struct OutWeek<'a> {
    week: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    busy: Vec<OutBusy<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    proposals: Vec<OutProposal<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    documents: Vec<OutDocument<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    reported: Vec<OutReported<'a>>,
}

#[derive(Serialize)]
struct OutBusy<'a> {
    person: &'a str,
    from: String,
    to: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    reason: &'a str,
}

#[derive(Serialize)]
struct OutProposal<'a> {
    id: &'a str,
    title: &'a str,
    organiser: &'a str,
    kind: &'static str,
    presider: &'a str,
    duration_minutes: u32,
    window: [String; 2],
    #[serde(skip_serializing_if = "Option::is_none")]
    preferred: Option<String>,
    mode: &'static str,
    mergeable: bool,
    confidentiality: &'static str,
    urgent: bool,
    filed: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    relays: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    relay_is_video: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    target: Option<&'a str>,
    audience: Vec<OutSelector<'a>>,
}

#[derive(Serialize)]
struct OutSelector<'a> {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    kinds: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    within: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    units: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<&'static str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    people: Vec<&'a str>,
    attendance: &'static str,
}

#[derive(Serialize)]
struct OutDocument<'a> {
    id: &'a str,
    title: &'a str,
    issuer: &'a str,
    kind: &'static str,
    due: String,
    chars: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fields: Vec<OutField<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tasks: &'a Vec<String>,
    audience: Vec<OutSelector<'a>>,
}

#[derive(Serialize)]
struct OutField<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    unit: &'a str,
}

#[derive(Serialize)]
struct OutReported<'a> {
    unit: &'a str,
    field: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    measure: &'a str,
    period: &'a str,
}

fn selector(s: &Selector) -> OutSelector<'_> {
    OutSelector {
        kinds: s.kinds.iter().map(|k| k.code()).collect(),
        within: s.within.iter().map(|u| u.as_str()).collect(),
        units: s.units.iter().map(|u| u.as_str()).collect(),
        tags: s.tags.iter().map(|t| t.as_str()).collect(),
        roles: s.roles.iter().map(|r| r.code()).collect(),
        people: s.people.iter().map(|p| p.as_str()).collect(),
        attendance: attendance(s.attendance),
    }
}

fn proposal<'a>(file: &str, p: &'a Proposal) -> Result<OutProposal<'a>, WriteError> {
    Ok(OutProposal {
        id: p.id.as_str(),
        title: &p.title,
        organiser: p.organiser.as_str(),
        kind: p.kind.code(),
        presider: p.presider.as_str(),
        duration_minutes: p.duration.get(),
        window: [
            datetime_text(file, p.window.start())?,
            datetime_text(file, p.window.end())?,
        ],
        preferred: p.preferred.map(|t| datetime_text(file, t)).transpose()?,
        mode: match p.mode {
            Mode::InPerson => "in_person",
            Mode::Video => "video",
        },
        mergeable: p.mergeable,
        confidentiality: match p.confidentiality {
            Confidentiality::Public => "public",
            Confidentiality::Internal => "internal",
            Confidentiality::Confidential => "confidential",
        },
        urgent: p.urgent,
        filed: p.filed.to_string(),
        relays: p.relays.as_ref().map(|r| r.meeting.as_str()),
        relay_is_video: p.relays.as_ref().map(|r| r.is_video),
        target: p.target.as_ref().map(|t| t.as_str()),
        audience: p.audience.iter().map(selector).collect(),
    })
}

fn document(d: &Document) -> OutDocument<'_> {
    OutDocument {
        id: d.id.as_str(),
        title: &d.title,
        issuer: d.issuer.as_str(),
        kind: d.kind.code(),
        due: d.due.to_string(),
        chars: d.chars,
        fields: d
            .fields
            .iter()
            .map(|f| OutField {
                name: &f.name,
                unit: &f.unit,
            })
            .collect(),
        ledger_type: d.ledger_type.as_deref(),
        tasks: &d.tasks,
        audience: d.audience.iter().map(selector).collect(),
    }
}

/// A week file in the order of its tables: busy blocks, proposals, documents,
/// reported figures, each in the week's order.
pub fn week_toml(w: &WeekInput) -> Result<String, WriteError> {
    let file = format!("weeks/{}.toml", w.week);
    let busy = w
        .busy
        .iter()
        .map(|b| {
            Ok(OutBusy {
                person: b.person.as_str(),
                from: datetime_text(&file, b.window.start())?,
                to: datetime_text(&file, b.window.end())?,
                reason: &b.reason,
            })
        })
        .collect::<Result<_, WriteError>>()?;
    let out = OutWeek {
        week: w.week.to_string(),
        busy,
        proposals: w
            .proposals
            .iter()
            .map(|p| proposal(&file, p))
            .collect::<Result<_, _>>()?,
        documents: w.documents.iter().map(document).collect(),
        reported: w
            .reported
            .iter()
            .map(|r| OutReported {
                unit: r.unit.as_str(),
                field: &r.field.name,
                measure: &r.field.unit,
                period: &r.period,
            })
            .collect(),
    };
    to_toml(&file, &out)
}
