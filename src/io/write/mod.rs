//! The inverse of the importers: a district and a week written back as the
//! documented input files (docs/formats.md), so that `pinhui init` and
//! `pinhui import` read them. Used by `pinhui gen` for synthetic districts.
//!
//! Files are built with serde structs that mirror the formats (the `toml`
//! serializer does the quoting and escaping, the `csv` writer the quoting of
//! people.csv). What reads back exactly and what the importers normalise:
//!
//! - Exact: every id, kind, role, tag, number, flag, date and list of the org
//!   chart, rules, holiday years, proposals, busy blocks, documents and
//!   reported figures, and every text without leading or trailing spaces.
//! - Normalised by the importers: unit, person and proposal names, document
//!   titles, field names and units and duty keywords are trimmed; an empty
//!   relay title or ledger type reads back as none; a duty keyword that is
//!   empty after trimming is dropped.
//! - Refused here (the format cannot say it): a working-hour time with
//!   seconds, a time with a fraction of a second, two holiday files for one
//!   year, an approval rule without any condition.

mod rules;
mod week;

pub use rules::rules_toml;
pub use week::week_toml;

use super::org::DistrictData;
use crate::calendar::HolidayYear;
use crate::model::{Org, Site, WeekInput};
use chrono::{NaiveDateTime, Timelike};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Why a file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A value the file format cannot express, or a serializer failure.
    #[error("无法生成 {file}：{message}")]
    Format { file: String, message: String },
    #[error("写入 {path} 失败：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl WriteError {
    pub(crate) fn format(file: &str, message: impl Into<String>) -> Self {
        WriteError::Format {
            file: file.to_string(),
            message: message.into(),
        }
    }
}

pub(crate) fn to_toml<T: Serialize>(file: &str, value: &T) -> Result<String, WriteError> {
    toml::to_string(value).map_err(|e| WriteError::format(file, e.to_string()))
}

/// `2026-12-01T08:30`, with `:ss` only when the seconds are not zero.
pub(crate) fn datetime_text(file: &str, t: NaiveDateTime) -> Result<String, WriteError> {
    if t.nanosecond() != 0 {
        return Err(WriteError::format(
            file,
            format!("时间 {t} 含不足一秒的部分，文件中只能写到秒"),
        ));
    }
    Ok(if t.second() == 0 {
        t.format("%Y-%m-%dT%H:%M").to_string()
    } else {
        t.format("%Y-%m-%dT%H:%M:%S").to_string()
    })
}

#[derive(Serialize)]
struct OutDistrictFile<'a> {
    district: OutDistrict<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rooms: Vec<OutRoom<'a>>,
    units: Vec<OutUnit<'a>>,
}

#[derive(Serialize)]
struct OutDistrict<'a> {
    id: &'a str,
    name: &'a str,
    general_office: &'a str,
    organizer_email: &'a str,
}

#[derive(Serialize)]
struct OutRoom<'a> {
    id: &'a str,
    name: &'a str,
    site: &'a str,
    capacity: u32,
    video: bool,
}

#[derive(Serialize)]
struct OutUnit<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    parent: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    travel_minutes: u32,
}

/// district.toml: the district, its rooms and units (in id order).
pub fn district_toml(org: &Org) -> Result<String, WriteError> {
    let d = &org.district;
    let file = OutDistrictFile {
        district: OutDistrict {
            id: d.id.as_str(),
            name: &d.name,
            general_office: &d.general_office,
            organizer_email: &d.organizer_email,
        },
        rooms: org
            .rooms()
            .map(|r| OutRoom {
                id: r.id.as_str(),
                name: &r.name,
                site: match &r.site {
                    Site::Seat => "seat",
                    Site::Unit(u) => u.as_str(),
                },
                capacity: r.capacity,
                video: r.video,
            })
            .collect(),
        units: org
            .units()
            .map(|u| OutUnit {
                id: u.id.as_str(),
                name: &u.name,
                kind: u.kind.code(),
                parent: u.parent.as_ref().map_or("", |p| p.as_str()),
                tags: u.tags.iter().map(|t| t.as_str()).collect(),
                travel_minutes: u.travel.get(),
            })
            .collect(),
    };
    to_toml("district.toml", &file)
}

/// people.csv: `id,name,unit,role`, one row per position, people in id order
/// and each person's positions in their order (the first is the home unit).
pub fn people_csv(org: &Org) -> Result<String, WriteError> {
    let fail = |e: &dyn std::fmt::Display| WriteError::format("people.csv", e.to_string());
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["id", "name", "unit", "role"])
        .map_err(|e| fail(&e))?;
    for p in org.people() {
        for pos in &p.positions {
            w.write_record([
                p.id.as_str(),
                p.name.as_str(),
                pos.unit.as_str(),
                pos.role.code(),
            ])
            .map_err(|e| fail(&e))?;
        }
    }
    let bytes = w.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

#[derive(Serialize)]
struct OutHolidayYear<'a> {
    year: i32,
    source: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    makeup_workdays: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    days_off: Vec<OutDaysOff<'a>>,
}

#[derive(Serialize)]
struct OutDaysOff<'a> {
    name: &'a str,
    from: String,
    to: String,
}

/// holidays/YYYY.toml for one year.
pub fn holidays_toml(h: &HolidayYear) -> Result<String, WriteError> {
    let file = format!("holidays/{}.toml", h.year);
    let out = OutHolidayYear {
        year: h.year,
        source: &h.source,
        makeup_workdays: h.makeup_workdays.iter().map(|d| d.to_string()).collect(),
        days_off: h
            .days_off
            .iter()
            .map(|d| OutDaysOff {
                name: &d.name,
                from: d.from.to_string(),
                to: d.to.to_string(),
            })
            .collect(),
    };
    to_toml(&file, &out)
}

fn write_file(path: &Path, text: &str) -> Result<(), WriteError> {
    std::fs::write(path, text).map_err(|source| WriteError::Io {
        path: path.display().to_string(),
        source,
    })
}

fn create_dir(path: &Path) -> Result<(), WriteError> {
    std::fs::create_dir_all(path).map_err(|source| WriteError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// Writes `district.toml`, `people.csv`, `rules.toml` and `holidays/` (one file
/// per year; the folder is created even when there are none, as `init` needs
/// it) into `dir`, creating it. Existing files of those names are replaced.
/// Every file is generated before the first is written.
pub fn write_district_dir(dir: &Path, d: &DistrictData) -> Result<(), WriteError> {
    let mut years = std::collections::BTreeSet::new();
    let mut holidays = Vec::new();
    for h in &d.holidays {
        if !years.insert(h.year) {
            return Err(WriteError::format(
                &format!("holidays/{}.toml", h.year),
                format!("{} 年有两份节假日数据，每年只能有一个文件", h.year),
            ));
        }
        holidays.push((format!("{}.toml", h.year), holidays_toml(h)?));
    }
    let files = [
        ("district.toml", district_toml(&d.org)?),
        ("people.csv", people_csv(&d.org)?),
        ("rules.toml", rules_toml(&d.rules)?),
    ];
    let hdir = dir.join("holidays");
    create_dir(&hdir)?;
    for (name, text) in &files {
        write_file(&dir.join(name), text)?;
    }
    for (name, text) in &holidays {
        write_file(&hdir.join(name), text)?;
    }
    Ok(())
}

/// Writes `dir/weeks/<week>.toml`, creating `weeks/`; returns the file's path.
pub fn write_week_file(dir: &Path, w: &WeekInput) -> Result<PathBuf, WriteError> {
    let text = week_toml(w)?;
    let wdir = dir.join("weeks");
    create_dir(&wdir)?;
    let path = wdir.join(format!("{}.toml", w.week));
    write_file(&path, &text)?;
    Ok(path)
}
