//! Documents in week files (`[[documents]]`, docs/formats.md): the raw
//! table, its check (shared with the documents spreadsheet) and the messages
//! about document ids.

use super::locate::Path;
use super::refs::unit_ref;
use super::week::{RawSelector, audience, code_of, date, id_of};
use super::{Ctx, TimeText};
use crate::model::*;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDocument {
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) issuer: String,
    pub(crate) kind: String,
    pub(crate) due: TimeText,
    #[serde(default)]
    pub(crate) chars: u32,
    #[serde(default)]
    pub(crate) fields: Vec<RawField>,
    pub(crate) ledger_type: Option<String>,
    #[serde(default)]
    pub(crate) tasks: Vec<String>,
    #[serde(default)]
    pub(crate) audience: Vec<RawSelector>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawField {
    pub(crate) name: String,
    #[serde(default)]
    pub(crate) unit: String,
}

pub(crate) fn duplicate_document(id: &DocumentId) -> String {
    format!("发文编号 “{id}” 重复")
}

/// A document and a proposal may not share an id: decisions (`pinhui decide`)
/// name either by id alone.
pub fn document_is_proposal(id: &str) -> String {
    format!("发文编号 “{id}” 已被会议申请使用，发文与会议申请的编号不能相同（审批时按编号区分）")
}

/// The other side of [`document_is_proposal`].
pub fn proposal_is_document(id: &str) -> String {
    format!("会议申请编号 “{id}” 已被发文使用，发文与会议申请的编号不能相同（审批时按编号区分）")
}

/// Checks one raw document (every field and reference) and builds it; errors go
/// to `cx` under `p`. Shared by week files and spreadsheets.
pub(crate) fn document(cx: &mut Ctx, org: &Org, p: &Path, r: &RawDocument) -> Option<Document> {
    let id = id_of(cx, &p.key("id"), DocumentId::parse(&r.id));
    if r.title.trim().is_empty() {
        cx.err(&p.key("title"), "发文标题不能为空");
    }
    let issuer = unit_ref(cx, org, &p.key("issuer"), &r.issuer);
    let kind = code_of(
        cx,
        &p.key("kind"),
        "发文类型",
        DocumentKind::parse(&r.kind),
        &r.kind,
        DocumentKind::ALL.iter().map(|k| (k.code(), k.label())),
    );
    let due = date(cx, &p.key("due"), &r.due);
    if kind == Some(DocumentKind::DataRequest) && r.fields.is_empty() {
        cx.err(&p.key("fields"), "报表类发文至少需要一个填报字段");
    }
    if kind == Some(DocumentKind::Ledger)
        && r.ledger_type.as_deref().is_none_or(|t| t.trim().is_empty())
    {
        cx.err(
            &p.key("ledger_type"),
            "台账类发文必须填写台账类型（ledger_type）",
        );
    }
    if kind == Some(DocumentKind::Letter) && r.tasks.is_empty() {
        cx.err(&p.key("tasks"), "责任状/任务书至少需要一项任务（tasks）");
    }
    for (i, f) in r.fields.iter().enumerate() {
        if f.name.trim().is_empty() {
            cx.err(&p.key("fields").index(i).key("name"), "字段名称不能为空");
        }
    }
    let audience = audience(
        cx,
        org,
        p,
        &r.audience,
        "至少需要一条发送范围（[[documents.audience]]）",
    );
    Some(Document {
        id: id?,
        title: r.title.trim().to_string(),
        issuer: issuer?,
        kind: kind?,
        due: due?,
        chars: r.chars,
        fields: r
            .fields
            .iter()
            .map(|f| Field {
                name: f.name.trim().to_string(),
                unit: f.unit.trim().to_string(),
            })
            .collect(),
        ledger_type: r.ledger_type.clone().filter(|t| !t.trim().is_empty()),
        tasks: r.tasks.clone(),
        audience: audience?,
    })
}
