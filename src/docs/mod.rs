//! Document consolidation (一口对下, 台账准入, 权责清单, 精文减会). Pure: takes a
//! week's documents and the rules, returns what goes out and what is refused or
//! flagged. No I/O.

mod forms;
pub mod notices;

pub use forms::{ConsolidatedForm, FormField, consolidate_forms};

use crate::model::{Document, DocumentId, DocumentKind, Org, Reported, UnitId, UnitKind};
use crate::plan::target_units;
use crate::rules::DocRules;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why a document is refused or needs approval.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "flag", rename_all = "snake_case")]
pub enum DocFlag {
    /// 台账准入: the ledger type is not admitted; the request is refused.
    LedgerNotAdmitted { ledger_type: String },
    /// 责任甩锅: a task outside the target's duties and not on the pass-down list.
    OutsideDuties { unit: UnitId, task: String },
    /// Longer than the cap.
    OverLength { chars: u32, max: u32 },
}

impl DocFlag {
    /// Chinese explanation.
    pub fn describe(&self, org: &Org) -> String {
        match self {
            DocFlag::LedgerNotAdmitted { ledger_type } => {
                format!("台账类型“{ledger_type}”不在台账准入目录内，不予下发")
            }
            DocFlag::OutsideDuties { unit, task } => {
                let name = org
                    .unit(unit)
                    .map(|u| u.name.as_str())
                    .unwrap_or(unit.as_str());
                format!(
                    "任务“{task}”不在{name}的权责清单内，也不在可下放事项清单内（责任甩锅），须审批"
                )
            }
            DocFlag::OverLength { chars, max } => {
                format!("正文 {chars} 字，超过 {max} 字上限，须审批")
            }
        }
    }

    /// A refused document is not sent at all; other flags need approval.
    pub fn refuses(&self) -> bool {
        matches!(self, DocFlag::LedgerNotAdmitted { .. })
    }
}

/// The review of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocReview {
    pub document: DocumentId,
    pub kind: DocumentKind,
    pub targets: Vec<UnitId>,
    pub flags: Vec<DocFlag>,
}

impl DocReview {
    pub fn refused(&self) -> bool {
        self.flags.iter().any(DocFlag::refuses)
    }
    pub fn outside_duties(&self) -> bool {
        self.flags
            .iter()
            .any(|f| matches!(f, DocFlag::OutsideDuties { .. }))
    }
    pub fn over_length(&self) -> bool {
        self.flags
            .iter()
            .any(|f| matches!(f, DocFlag::OverLength { .. }))
    }
}

/// Notices to the same units in the same week, sent as one joint notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeBundle {
    pub targets: Vec<UnitId>,
    pub notices: Vec<DocumentId>,
}

/// Summary figures for the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocFigures {
    /// Data requests × target units received.
    pub requests_received: u32,
    /// Consolidated forms sent (one per unit per merged group).
    pub forms_sent: u32,
    /// Fields asked, summed over requests × targets.
    pub fields_asked: u32,
    /// Fields on the consolidated forms that the units still fill in.
    pub fields_after_merge: u32,
    /// Fields reused from what units already reported.
    pub fields_reused: u32,
    pub ledgers_refused: u32,
    pub letters_flagged: u32,
    pub over_length: u32,
    /// Notices received by units before bundling (notices × targets) and after.
    pub notices_before: u32,
    pub notices_after: u32,
}

/// Everything the document consolidation produces for a week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocOutcome {
    pub reviews: Vec<DocReview>,
    pub forms: Vec<ConsolidatedForm>,
    pub notice_bundles: Vec<NoticeBundle>,
    pub figures: DocFigures,
    /// Per unit: letters received and how many of them were flagged.
    pub letters_per_unit: BTreeMap<UnitId, (u32, u32)>,
    /// Per unit: admitted ledgers received.
    pub ledgers_per_unit: BTreeMap<UnitId, u32>,
}

fn in_remit(rules: &DocRules, kind: UnitKind, task: &str) -> bool {
    let hit = |keys: &[String]| {
        keys.iter()
            .any(|k| !k.is_empty() && task.contains(k.as_str()))
    };
    rules.duties.get(&kind).is_some_and(|d| hit(d)) || hit(&rules.pass_down_tasks)
}

/// Reviews one document against the rules.
pub fn review(org: &Org, rules: &DocRules, d: &Document) -> DocReview {
    let targets: Vec<UnitId> = target_units(org, &d.audience).into_iter().collect();
    let mut flags = Vec::new();
    if d.kind == DocumentKind::Ledger {
        let t = d.ledger_type.clone().unwrap_or_default();
        if !rules.ledger_types.contains(&t) {
            flags.push(DocFlag::LedgerNotAdmitted { ledger_type: t });
        }
    }
    if d.kind == DocumentKind::Letter {
        for u in &targets {
            let Some(kind) = org.unit(u).map(|u| u.kind) else {
                continue;
            };
            for task in &d.tasks {
                if !in_remit(rules, kind, task) {
                    flags.push(DocFlag::OutsideDuties {
                        unit: u.clone(),
                        task: task.clone(),
                    });
                }
            }
        }
    }
    if d.chars > rules.max_chars {
        flags.push(DocFlag::OverLength {
            chars: d.chars,
            max: rules.max_chars,
        });
    }
    DocReview {
        document: d.id.clone(),
        kind: d.kind,
        targets,
        flags,
    }
}

/// Consolidates a week's documents. `reported` is the registry of figures units
/// already submitted.
pub fn consolidate(
    org: &Org,
    rules: &DocRules,
    docs: &[Document],
    reported: &[Reported],
) -> DocOutcome {
    let mut docs: Vec<&Document> = docs.iter().collect();
    docs.sort_by(|a, b| a.id.cmp(&b.id));
    let reviews: Vec<DocReview> = docs.iter().map(|d| review(org, rules, d)).collect();
    let by_id: BTreeMap<&DocumentId, &DocReview> =
        reviews.iter().map(|r| (&r.document, r)).collect();
    let requests: Vec<(&Document, &DocReview)> = docs
        .iter()
        .filter(|d| d.kind == DocumentKind::DataRequest)
        .map(|d| (*d, by_id[&d.id]))
        .collect();
    let forms = consolidate_forms(&requests, reported, rules.merge_due_days);
    let mut f = DocFigures::default();
    for (d, r) in &requests {
        f.requests_received += r.targets.len() as u32;
        f.fields_asked += (r.targets.len() * d.fields.len()) as u32;
    }
    f.forms_sent = forms.len() as u32;
    for form in &forms {
        f.fields_after_merge += form.fields.iter().filter(|x| x.reused.is_none()).count() as u32;
        f.fields_reused += form.fields.iter().filter(|x| x.reused.is_some()).count() as u32;
    }
    let mut letters_per_unit: BTreeMap<UnitId, (u32, u32)> = BTreeMap::new();
    let mut ledgers_per_unit: BTreeMap<UnitId, u32> = BTreeMap::new();
    for r in &reviews {
        match r.kind {
            DocumentKind::Ledger if r.refused() => f.ledgers_refused += 1,
            DocumentKind::Ledger => {
                for u in &r.targets {
                    *ledgers_per_unit.entry(u.clone()).or_default() += 1;
                }
            }
            DocumentKind::Letter => {
                if r.outside_duties() {
                    f.letters_flagged += 1;
                }
                for u in &r.targets {
                    let e = letters_per_unit.entry(u.clone()).or_default();
                    e.0 += 1;
                    if r.flags
                        .iter()
                        .any(|x| matches!(x, DocFlag::OutsideDuties { unit, .. } if unit == u))
                    {
                        e.1 += 1;
                    }
                }
            }
            _ => {}
        }
        if r.over_length() {
            f.over_length += 1;
        }
    }
    // Notices: those sent to exactly the same units go out as one joint notice.
    let notices: Vec<&DocReview> = reviews
        .iter()
        .filter(|r| r.kind == DocumentKind::Notice && !r.targets.is_empty())
        .collect();
    f.notices_before = notices.iter().map(|r| r.targets.len() as u32).sum();
    let notice_bundles: Vec<NoticeBundle> = if rules.bundle_notices {
        let mut groups: BTreeMap<&Vec<UnitId>, Vec<DocumentId>> = BTreeMap::new();
        for r in &notices {
            groups
                .entry(&r.targets)
                .or_default()
                .push(r.document.clone());
        }
        groups
            .into_iter()
            .map(|(t, n)| NoticeBundle {
                targets: t.clone(),
                notices: n,
            })
            .collect()
    } else {
        notices
            .iter()
            .map(|r| NoticeBundle {
                targets: r.targets.clone(),
                notices: vec![r.document.clone()],
            })
            .collect()
    };
    f.notices_after = notice_bundles.iter().map(|b| b.targets.len() as u32).sum();
    DocOutcome {
        reviews,
        forms,
        notice_bundles,
        figures: f,
        letters_per_unit,
        ledgers_per_unit,
    }
}
