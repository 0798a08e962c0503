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

/// A figure a unit already submitted in a period (材料共享 registry).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Reported {
    pub unit: UnitId,
    pub field: Field,
    /// `YYYY`, `YYYY-Qn` or `YYYY-MM`.
    pub period: String,
}

impl Reported {
    /// Whether a request due on `due` falls in this entry's period.
    pub fn covers(&self, due: NaiveDate) -> bool {
        use chrono::Datelike;
        let p = self.period.as_str();
        if let Some((y, q)) = p.split_once("-Q") {
            return y.parse() == Ok(due.year())
                && q.parse::<u32>().ok() == Some((due.month() - 1) / 3 + 1);
        }
        if let Some((y, m)) = p.split_once('-') {
            return y.parse() == Ok(due.year()) && m.parse::<u32>().ok() == Some(due.month());
        }
        p.parse() == Ok(due.year())
    }

    /// Whether a period string is valid.
    pub fn valid_period(p: &str) -> bool {
        let year = |y: &str| y.len() == 4 && y.parse::<i32>().is_ok();
        if let Some((y, q)) = p.split_once("-Q") {
            return year(y) && matches!(q, "1" | "2" | "3" | "4");
        }
        if let Some((y, m)) = p.split_once('-') {
            return year(y)
                && m.len() == 2
                && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
        }
        year(p)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rep(period: &str) -> Reported {
        Reported {
            unit: UnitId::parse("u").unwrap(),
            field: Field {
                name: "常住人口".into(),
                unit: "人".into(),
            },
            period: period.into(),
        }
    }

    #[test]
    fn periods_cover_their_dates_only() {
        let d = NaiveDate::from_ymd_opt(2026, 12, 8).unwrap();
        assert!(rep("2026").covers(d));
        assert!(rep("2026-Q4").covers(d));
        assert!(rep("2026-12").covers(d));
        assert!(!rep("2026-Q3").covers(d));
        assert!(!rep("2026-11").covers(d));
        assert!(!rep("2025").covers(d));
        assert!(Reported::valid_period("2026-Q4") && Reported::valid_period("2026-01"));
        assert!(
            !Reported::valid_period("2026-Q5")
                && !Reported::valid_period("2026-13")
                && !Reported::valid_period("26")
        );
    }
}
