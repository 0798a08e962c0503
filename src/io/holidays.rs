//! holidays/YYYY.toml: the State Council holiday notice of one year.

use super::locate::Path;
use super::{Ctx, DATE_HINT, InputErrors, Syntax, TimeText, parse_date, parse_raw};
use crate::calendar::{DaysOff, HolidayYear};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHolidayYear {
    year: i32,
    source: String,
    #[serde(default)]
    days_off: Vec<RawDaysOff>,
    #[serde(default)]
    makeup_workdays: Vec<TimeText>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDaysOff {
    name: String,
    from: TimeText,
    to: TimeText,
}

pub fn parse_holidays(file: &str, text: &str) -> Result<HolidayYear, InputErrors> {
    let raw: RawHolidayYear = parse_raw(file, text, Syntax::Toml)?;
    let mut cx = Ctx::new(file, text, Syntax::Toml);
    let root = Path::default();
    let mut days_off = Vec::new();
    for (i, d) in raw.days_off.iter().enumerate() {
        let p = root.key("days_off").index(i);
        let from = hdate(&mut cx, &p.key("from"), &d.from, raw.year);
        let to = hdate(&mut cx, &p.key("to"), &d.to, raw.year);
        if let (Some(from), Some(to)) = (from, to) {
            if from > to {
                cx.err(&p.key("to"), "假期结束日期早于开始日期");
            } else {
                days_off.push(DaysOff {
                    name: d.name.clone(),
                    from,
                    to,
                });
            }
        }
    }
    let makeup_workdays = raw
        .makeup_workdays
        .iter()
        .enumerate()
        .filter_map(|(i, d)| hdate(&mut cx, &root.key("makeup_workdays").index(i), d, raw.year))
        .collect();
    cx.finish(HolidayYear {
        year: raw.year,
        source: raw.source,
        days_off,
        makeup_workdays,
    })
}

fn hdate(cx: &mut Ctx, p: &Path, t: &TimeText, year: i32) -> Option<chrono::NaiveDate> {
    let s = t.text();
    match parse_date(&s) {
        Some(d) if chrono::Datelike::year(&d) == year || chrono::Datelike::year(&d) == year + 1 => {
            Some(d)
        }
        Some(_) => {
            cx.err(p, format!("日期 “{s}” 不在 {year} 年"));
            None
        }
        None => {
            cx.err(p, format!("日期 “{s}” 无效，{DATE_HINT}"));
            None
        }
    }
}
