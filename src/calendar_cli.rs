//! `pinhui calendar MONTH`: working days, holidays and meeting-free days.

use chrono::Datelike;
use pinhui::app::{self, AppError};

pub fn calendar(store: &std::path::Path, month: &str, json: bool) -> Result<(), AppError> {
    let bad = || AppError::Usage(format!("月份应为 2026-02 这样的 年-月，收到 “{month}”"));
    let (y, m) = month.split_once('-').ok_or_else(bad)?;
    let (y, m): (i32, u32) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    let d = app::open_district(store)?;
    let cal = app::load_calendar(&d);
    let days = cal.month(y, m).ok_or_else(bad)?;
    if !cal.has_year(y) {
        eprintln!("警告：{y} 年没有法定节假日数据，按周一至周五上班处理");
    }
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&days).map_err(|e| AppError::Usage(e.to_string()))?
        );
        return Ok(());
    }
    const WD: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
    println!("{y} 年 {m} 月");
    for d in days {
        let wd = WD[d.date.weekday().num_days_from_monday() as usize];
        let extra = match (&d.holiday, d.meeting_free) {
            (Some(h), _) => format!("  {h}"),
            (None, true) => "  无会日".to_string(),
            _ => String::new(),
        };
        println!("{}  周{wd}  {}{extra}", d.date, d.kind.label());
    }
    Ok(())
}
