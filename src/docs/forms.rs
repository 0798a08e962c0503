//! Data requests (一口对下, 材料共享): requests to the same unit with overlapping
//! fields and close due dates become one form; each field appears once,
//! attributed to every requester; figures already reported are reused.

use super::DocReview;
use crate::model::{Document, DocumentId, Field, Reported, UnitId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormField {
    pub field: Field,
    /// Issuers asking for it.
    pub requested_by: Vec<UnitId>,
    /// The period in which the unit already reported it (then it is not asked).
    pub reused: Option<String>,
}

/// One consolidated form a unit receives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsolidatedForm {
    pub unit: UnitId,
    /// The earliest due date of the merged requests: it satisfies every requester.
    pub due: NaiveDate,
    pub requests: Vec<DocumentId>,
    pub fields: Vec<FormField>,
}

fn shares_field(a: &Document, b: &Document) -> bool {
    a.fields.iter().any(|f| b.fields.contains(f))
}

/// Groups, per target unit, requests linked by a shared field and due dates at
/// most `due_days` apart (transitively), into forms.
pub fn consolidate_forms(
    requests: &[(&Document, &DocReview)],
    reported: &[Reported],
    due_days: u32,
) -> Vec<ConsolidatedForm> {
    let mut per_unit: BTreeMap<&UnitId, Vec<&Document>> = BTreeMap::new();
    for (d, r) in requests {
        for u in &r.targets {
            per_unit.entry(u).or_default().push(d);
        }
    }
    let mut forms = Vec::new();
    for (unit, docs) in per_unit {
        // Union-find over this unit's requests.
        let mut parent: Vec<usize> = (0..docs.len()).collect();
        fn find(p: &mut [usize], i: usize) -> usize {
            let mut i = i;
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        for i in 0..docs.len() {
            for j in i + 1..docs.len() {
                let close =
                    (docs[i].due - docs[j].due).num_days().unsigned_abs() <= u64::from(due_days);
                if close && shares_field(docs[i], docs[j]) {
                    let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut groups: BTreeMap<usize, Vec<&Document>> = BTreeMap::new();
        for (i, d) in docs.iter().enumerate() {
            let root = find(&mut parent, i);
            groups.entry(root).or_default().push(d);
        }
        for group in groups.into_values() {
            let due = group.iter().map(|d| d.due).min().expect("non-empty group");
            let mut fields: BTreeMap<&Field, BTreeSet<&UnitId>> = BTreeMap::new();
            let mut order: Vec<&Field> = Vec::new();
            for d in &group {
                for f in &d.fields {
                    if !fields.contains_key(f) {
                        order.push(f);
                    }
                    fields.entry(f).or_default().insert(&d.issuer);
                }
            }
            let fields = order
                .into_iter()
                .map(|f| FormField {
                    field: f.clone(),
                    requested_by: fields[f].iter().map(|u| (*u).clone()).collect(),
                    reused: reported
                        .iter()
                        .find(|r| &r.unit == unit && &r.field == f && r.covers(due))
                        .map(|r| r.period.clone()),
                })
                .collect();
            forms.push(ConsolidatedForm {
                unit: unit.clone(),
                due,
                requests: group.iter().map(|d| d.id.clone()).collect(),
                fields,
            });
        }
    }
    forms
}
