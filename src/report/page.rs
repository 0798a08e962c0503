//! Shared pieces of the HTML pages: the standalone page shell, inline CSS and
//! Chinese date/time formatting.

use super::escape::escape_html;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike, Weekday};

const BASE_CSS: &str = "\
body{font-family:\"PingFang SC\",\"Microsoft YaHei\",\"Noto Sans CJK SC\",\"Source Han Sans SC\",sans-serif;\
margin:24px;color:#1a202c;font-size:14px;line-height:1.5}\
h1{font-size:22px;margin:0 0 8px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #2b6cb0;padding-bottom:4px}\
h3{font-size:15px;margin:12px 0 6px}\
table{border-collapse:collapse;margin:8px 0;width:100%}\
th,td{border:1px solid #a0aec0;padding:4px 6px;text-align:left;vertical-align:top}\
th{background:#edf2f7}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}\
.muted{color:#4a5568}.urgent{color:#c53030;font-weight:bold}\
.note{background:#fffbea;border-left:4px solid #d69e2e;padding:6px 10px;margin:6px 0}\
section.session{border:1px solid #cbd5e0;border-radius:4px;padding:8px 12px;margin:10px 0}\
figure{margin:12px 0}figcaption{font-weight:bold;margin-bottom:4px}\
svg text{font-size:12px;fill:#1a202c}\
";

/// A standalone UTF-8 page: no scripts, no external resources.
pub(crate) fn page(title: &str, extra_css: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 2048);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(&format!("<title>{}</title>\n", escape_html(title)));
    out.push_str("<style>\n");
    out.push_str(BASE_CSS);
    out.push('\n');
    out.push_str(extra_css);
    out.push_str("\n</style>\n</head>\n<body>\n");
    out.push_str(body);
    out.push_str("</body>\n</html>\n");
    out
}

pub(crate) fn weekday_cn(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "周一",
        Weekday::Tue => "周二",
        Weekday::Wed => "周三",
        Weekday::Thu => "周四",
        Weekday::Fri => "周五",
        Weekday::Sat => "周六",
        Weekday::Sun => "周日",
    }
}

/// `12月1日`
pub(crate) fn date_cn(d: NaiveDate) -> String {
    format!("{}月{}日", d.month(), d.day())
}

/// `09:00`
pub(crate) fn hm(t: NaiveDateTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// `12月1日（周二）09:00–11:00`
pub(crate) fn span_cn(start: NaiveDateTime, end: NaiveDateTime) -> String {
    let d = start.date();
    let end_part = if end.date() == d {
        hm(end)
    } else {
        format!("{} {}", date_cn(end.date()), hm(end))
    };
    format!(
        "{}（{}）{}–{}",
        date_cn(d),
        weekday_cn(d),
        hm(start),
        end_part
    )
}

/// Afternoon: starts at or after 13:00.
pub(crate) fn is_afternoon(t: NaiveDateTime) -> bool {
    t.hour() >= 13
}

pub(crate) fn half_day_cn(t: NaiveDateTime) -> &'static str {
    if is_afternoon(t) { "下午" } else { "上午" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, 1)
            .unwrap()
            .and_hms_opt(h, m, 0)
            .unwrap()
    }

    #[test]
    fn afternoon_starts_at_one_pm() {
        assert_eq!(half_day_cn(at(12, 59)), "上午");
        assert_eq!(half_day_cn(at(13, 0)), "下午");
    }

    #[test]
    fn spans_read_in_chinese() {
        assert_eq!(span_cn(at(9, 0), at(11, 30)), "12月1日（周二）09:00–11:30");
    }
}
