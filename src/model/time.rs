//! Time values: minutes, windows, ISO weeks.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A non-negative number of minutes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Minutes(pub u32);

impl Minutes {
    pub const ZERO: Minutes = Minutes(0);
    pub fn get(self) -> u32 {
        self.0
    }
    pub fn duration(self) -> Duration {
        Duration::minutes(i64::from(self.0))
    }
}

impl fmt::Display for Minutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} 分钟", self.0)
    }
}

/// A half-open interval `[start, end)` of local time with `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "WindowRaw", into = "WindowRaw")]
pub struct Window {
    start: NaiveDateTime,
    end: NaiveDateTime,
}

#[derive(Serialize, Deserialize)]
struct WindowRaw {
    start: NaiveDateTime,
    end: NaiveDateTime,
}

impl TryFrom<WindowRaw> for Window {
    type Error = String;
    fn try_from(r: WindowRaw) -> Result<Self, String> {
        Window::new(r.start, r.end).ok_or_else(|| "结束时间必须晚于开始时间".to_string())
    }
}
impl From<Window> for WindowRaw {
    fn from(w: Window) -> Self {
        WindowRaw {
            start: w.start,
            end: w.end,
        }
    }
}

impl Window {
    /// `None` unless `start < end`.
    pub fn new(start: NaiveDateTime, end: NaiveDateTime) -> Option<Self> {
        (start < end).then_some(Window { start, end })
    }
    pub fn start(&self) -> NaiveDateTime {
        self.start
    }
    pub fn end(&self) -> NaiveDateTime {
        self.end
    }
    pub fn contains(&self, other: &Window) -> bool {
        self.start <= other.start && other.end <= self.end
    }
    pub fn overlaps(&self, other: &Window) -> bool {
        self.start < other.end && other.start < self.end
    }
    pub fn intersect(&self, other: &Window) -> Option<Window> {
        Window::new(self.start.max(other.start), self.end.min(other.end))
    }
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }
}

/// An ISO week such as `2026-W49`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WeekId {
    year: i32,
    week: u32,
}

impl WeekId {
    /// Parses `YYYY-Www`; refuses weeks the ISO year does not have (W53 only in long years).
    pub fn parse(s: &str) -> Option<Self> {
        let (y, w) = s.split_once("-W")?;
        if y.len() != 4 || w.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let week: u32 = w.parse().ok()?;
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
        Some(WeekId { year, week })
    }
    pub fn of(date: NaiveDate) -> Self {
        let iso = date.iso_week();
        WeekId {
            year: iso.year(),
            week: iso.week(),
        }
    }
    pub fn monday(&self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon).expect("validated week")
    }
    /// Monday to Sunday.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let m = self.monday();
        (0..7).map(move |i| m + Duration::days(i))
    }
    /// `[Monday 00:00, next Monday 00:00)`.
    pub fn span(&self) -> Window {
        let start = self.monday().and_hms_opt(0, 0, 0).expect("midnight");
        Window::new(start, start + Duration::days(7)).expect("a week is not empty")
    }
}

impl fmt::Display for WeekId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}
impl TryFrom<String> for WeekId {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        WeekId::parse(&s).ok_or_else(|| format!("周次格式应为 2026-W49，收到 “{s}”"))
    }
}
impl From<WeekId> for String {
    fn from(w: WeekId) -> String {
        w.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_parse_and_w53_exists_only_in_long_years() {
        let w = WeekId::parse("2026-W49").unwrap();
        assert_eq!(w.monday(), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        assert_eq!(w.to_string(), "2026-W49");
        assert!(WeekId::parse("2026-W53").is_some());
        assert!(WeekId::parse("2025-W53").is_none());
        assert!(WeekId::parse("2026-49").is_none());
        let w53 = WeekId::parse("2026-W53").unwrap();
        assert_eq!(w53.days().last().unwrap().year(), 2027);
    }

    #[test]
    fn windows_refuse_empty_intervals() {
        let a = NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert!(Window::new(a, a).is_none());
        assert!(Window::new(a, a - Duration::minutes(1)).is_none());
        assert!(Window::new(a, a + Duration::minutes(1)).is_some());
    }
}
