//! The VTIMEZONE for Asia/Shanghai. China has kept UTC+8 without daylight
//! saving since 1991, so one STANDARD observance describes every date a feed
//! can hold.

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

/// The VTIMEZONE block, as logical content lines. The `icalendar` crate has
/// no VTIMEZONE builder (and would add a random UID and the current DTSTAMP
/// to any component built with it), so the block is inserted as text.
pub(crate) const LINES: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Asia/Shanghai",
    "X-LIC-LOCATION:Asia/Shanghai",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0800",
    "TZOFFSETTO:+0800",
    "TZNAME:CST",
    "END:STANDARD",
    "END:VTIMEZONE",
];
