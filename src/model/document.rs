//! Document proposals (notices, data requests, ledgers, responsibility letters).

use super::ids::{DocumentId, UnitId};
use super::proposal::Selector;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Notice,
    DataRequest,
    Ledger,
    Letter,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 4] = [
        DocumentKind::Notice,
        DocumentKind::DataRequest,
        DocumentKind::Ledger,
        DocumentKind::Letter,
    ];
    pub fn code(self) -> &'static str {
        match self {
            DocumentKind::Notice => "notice",
            DocumentKind::DataRequest => "data_request",
            DocumentKind::Ledger => "ledger",
            DocumentKind::Letter => "letter",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Notice => "通知",
            DocumentKind::DataRequest => "报表/材料",
            DocumentKind::Ledger => "台账",
            DocumentKind::Letter => "责任状/任务书",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// A named figure asked for, with its unit of measure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Field {
    pub name: String,
    pub unit: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: DocumentId,
    pub title: String,
    pub issuer: UnitId,
    pub kind: DocumentKind,
    pub due: NaiveDate,
    pub chars: u32,
    pub fields: Vec<Field>,
    pub ledger_type: Option<String>,
    pub tasks: Vec<String>,
    pub audience: Vec<Selector>,
}
