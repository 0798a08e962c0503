//! The compact audience syntax of the spreadsheet column 参会范围
//! (docs/formats.md, "Spreadsheets"):
//!
//! ```text
//! township,street|roles=secretary,head|tags=farmland; units=qingshi|roles=书记|attendance=列席
//! ```
//!
//! Selectors are separated by `;` (or `；`, or a line break inside the cell);
//! a selector's parts by `|`; values by `,`, `，` or `、`. A first part without
//! `=` lists unit kinds. Keys and values may be written in Chinese. The result
//! is the raw selector a week file deserialises into, so validation is shared.

use super::sheet_proposals::{alias, person_id, unit_id};
use super::week::RawSelector;
use crate::model::{Attendance, Org, Selector};

const KEYS: &[(&str, &str)] = &[
    ("kinds", "kinds"),
    ("类型", "kinds"),
    ("单位类型", "kinds"),
    ("within", "within"),
    ("所属", "within"),
    ("units", "units"),
    ("单位", "units"),
    ("tags", "tags"),
    ("标签", "tags"),
    ("roles", "roles"),
    ("职务", "roles"),
    ("people", "people"),
    ("人员", "people"),
    ("attendance", "attendance"),
    ("参会方式", "attendance"),
    ("方式", "attendance"),
];

const ATTENDANCE: &[(&str, &str)] = &[
    ("必须参加", "required"),
    ("必须", "required"),
    ("列席", "observer"),
    ("自愿参加", "optional"),
    ("自愿", "optional"),
];

/// Parses the cell into raw selectors; an `Err` names the selector (1-based)
/// and what is wrong with its syntax.
pub(crate) fn parse_audience(org: &Org, cell: &str) -> Result<Vec<RawSelector>, String> {
    let mut out = Vec::new();
    for (n, sel) in cell
        .split([';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .enumerate()
    {
        let n = n + 1;
        let mut r = RawSelector {
            kinds: Vec::new(),
            within: Vec::new(),
            units: Vec::new(),
            tags: Vec::new(),
            roles: Vec::new(),
            people: Vec::new(),
            attendance: "required".into(),
        };
        let mut attendance_seen = false;
        for (i, part) in sel.split(['|', '｜']).map(str::trim).enumerate() {
            if part.is_empty() {
                continue;
            }
            let (key, value) = match part.split_once(['=', '＝']) {
                Some((k, v)) => (k.trim(), v.trim()),
                None if i == 0 => ("kinds", part),
                None => {
                    return Err(format!(
                        "第 {n} 条 “{part}” 缺少 “键=”：只有第一段可以省略键（表示单位类型），其余应写成 roles=secretary 这样"
                    ));
                }
            };
            let Some((_, key)) = KEYS.iter().find(|(k, _)| *k == key) else {
                return Err(format!(
                    "第 {n} 条 未知的键 “{key}”，可用：kinds（类型）、within（所属）、units（单位）、tags（标签）、roles（职务）、people（人员）、attendance（参会方式）"
                ));
            };
            let values: Vec<String> = value
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
                .collect();
            match *key {
                "kinds" => r.kinds.extend(values),
                "within" => r.within.extend(values.iter().map(|v| unit_id(org, v))),
                "units" => r.units.extend(values.iter().map(|v| unit_id(org, v))),
                "tags" => r.tags.extend(values),
                "roles" => r.roles.extend(values),
                "people" => r.people.extend(values.iter().map(|v| person_id(org, v))),
                _ => {
                    if attendance_seen || values.len() != 1 {
                        return Err(format!(
                            "第 {n} 条 参会方式只能写一个：required（必须参加）、observer（列席）或 optional（自愿参加）"
                        ));
                    }
                    attendance_seen = true;
                    r.attendance = alias(&values[0], ATTENDANCE);
                }
            }
        }
        out.push(r);
    }
    Ok(out)
}

/// Selectors in the canonical written form (codes and ids, explicit keys), so
/// that parsing the cell gives the same selectors back.
pub(crate) fn audience_cell(selectors: &[Selector]) -> String {
    selectors
        .iter()
        .map(|s| {
            let mut parts = Vec::new();
            let mut push = |key: &str, vals: Vec<&str>| {
                if !vals.is_empty() {
                    parts.push(format!("{key}={}", vals.join(",")));
                }
            };
            push("kinds", s.kinds.iter().map(|k| k.code()).collect());
            push("within", s.within.iter().map(|u| u.as_str()).collect());
            push("units", s.units.iter().map(|u| u.as_str()).collect());
            push("tags", s.tags.iter().map(|t| t.as_str()).collect());
            push("roles", s.roles.iter().map(|r| r.code()).collect());
            push("people", s.people.iter().map(|p| p.as_str()).collect());
            match s.attendance {
                Attendance::Required => {}
                Attendance::Observer => parts.push("attendance=observer".into()),
                Attendance::Optional => parts.push("attendance=optional".into()),
            }
            parts.join("|")
        })
        .collect::<Vec<_>>()
        .join("; ")
}
