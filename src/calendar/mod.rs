//! The working calendar as the rules see it: official holidays and 调休, weekends,
//! meeting-free days, working-hour blocks.

use crate::rules::{Block, Rules};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// One year of the State Council holiday notice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayYear {
    pub year: i32,
    pub source: String,
    pub days_off: Vec<DaysOff>,
    pub makeup_workdays: Vec<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DaysOff {
    pub name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DayKind {
    Workday,
    Weekend,
    Holiday,
    MakeupWorkday,
}

impl DayKind {
    pub fn is_working(self) -> bool {
        matches!(self, DayKind::Workday | DayKind::MakeupWorkday)
    }
    pub fn label(self) -> &'static str {
        match self {
            DayKind::Workday => "工作日",
            DayKind::Weekend => "周末",
            DayKind::Holiday => "法定节假日",
            DayKind::MakeupWorkday => "调休上班",
        }
    }
}

/// Official calendar plus the district's hours and meeting-free rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkCalendar {
    holidays: BTreeMap<NaiveDate, String>,
    makeup: BTreeSet<NaiveDate>,
    years: BTreeSet<i32>,
    rules: Rules,
}

impl WorkCalendar {
    pub fn new(years: &[HolidayYear], rules: &Rules) -> Self {
        let mut holidays = BTreeMap::new();
        let mut makeup = BTreeSet::new();
        let mut ys = BTreeSet::new();
        for y in years {
            ys.insert(y.year);
            for d in &y.days_off {
                let mut day = d.from;
                while day <= d.to {
                    holidays.insert(day, d.name.clone());
                    day = day.succ_opt().expect("date in range");
                }
            }
            makeup.extend(y.makeup_workdays.iter().copied());
        }
        WorkCalendar {
            holidays,
            makeup,
            years: ys,
            rules: rules.clone(),
        }
    }

    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// Whether official holiday data covers this date's year.
    pub fn has_year(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn day_kind(&self, date: NaiveDate) -> DayKind {
        if self.makeup.contains(&date) {
            DayKind::MakeupWorkday
        } else if self.holidays.contains_key(&date) {
            DayKind::Holiday
        } else if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            DayKind::Weekend
        } else {
            DayKind::Workday
        }
    }

    pub fn holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.holidays.get(&date).map(String::as_str)
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.day_kind(date).is_working()
    }

    /// A working day on which the rules allow no meetings unless urgent.
    pub fn is_meeting_free(&self, date: NaiveDate) -> bool {
        self.is_working_day(date) && self.rules.meeting_free.is_meeting_free(date)
    }

    /// Working-hour blocks of `date` (empty when it is not a working day).
    pub fn blocks(&self, date: NaiveDate) -> Vec<Block> {
        if self.is_working_day(date) {
            self.rules.hours.blocks(date).to_vec()
        } else {
            Vec::new()
        }
    }

    /// Whether `[start, end)` lies inside one working block of a working day.
    pub fn within_working_hours(&self, start: NaiveDateTime, end: NaiveDateTime) -> bool {
        start.date() == end.date()
            && self.blocks(start.date()).iter().any(|b| {
                b.start <= start.time() && end.time() <= b.end && start.time() < end.time()
            })
    }

    /// Working days strictly after `filed` up to and including the day before `day`.
    pub fn working_days_between(&self, filed: NaiveDate, day: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = filed.succ_opt().expect("date in range");
        while d < day {
            if self.is_working_day(d) {
                n += 1;
            }
            d = d.succ_opt().expect("date in range");
        }
        n
    }
}

/// One day as `pinhui calendar` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DayInfo {
    pub date: NaiveDate,
    pub kind: DayKind,
    pub meeting_free: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub holiday: Option<String>,
}

impl WorkCalendar {
    /// Every day of a month; `None` for an invalid month.
    pub fn month(&self, year: i32, month: u32) -> Option<Vec<DayInfo>> {
        let mut d = NaiveDate::from_ymd_opt(year, month, 1)?;
        let mut out = Vec::new();
        while d.month() == month {
            out.push(DayInfo {
                date: d,
                kind: self.day_kind(d),
                meeting_free: self.is_meeting_free(d),
                holiday: self.holiday_name(d).map(str::to_string),
            });
            d = d.succ_opt()?;
        }
        Some(out)
    }
}
