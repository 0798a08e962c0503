//! The VTIMEZONE for Asia/Shanghai. China has kept UTC+8 without daylight
//! saving since 1991, so one STANDARD observance describes every date a feed
//! can hold.

use super::fold::Lines;
use chrono::{Duration, NaiveDateTime};

/// The TZID every local time in a feed refers to.
pub const TZID: &str = "Asia/Shanghai";

/// Offset of Beijing time from UTC.
pub(crate) fn utc_offset() -> Duration {
    Duration::hours(8)
}

/// A local Beijing time as UTC.
pub(crate) fn local_to_utc(local: NaiveDateTime) -> NaiveDateTime {
    local - utc_offset()
}

pub(crate) fn write(lines: &mut Lines) {
    lines.begin("VTIMEZONE");
    lines.raw("TZID", TZID);
    lines.raw("X-LIC-LOCATION", TZID);
    lines.begin("STANDARD");
    lines.raw("DTSTART", "19700101T000000");
    lines.raw("TZOFFSETFROM", "+0800");
    lines.raw("TZOFFSETTO", "+0800");
    lines.raw("TZNAME", "CST");
    lines.end("STANDARD");
    lines.end("VTIMEZONE");
}
