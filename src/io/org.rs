//! The district folder: district.toml, people.csv, rules.toml, holidays/*.toml.

use super::locate::Path;
use super::{
    Ctx, DATE_HINT, InputError, InputErrors, Syntax, TimeText, parse_date, parse_raw, parse_time,
    read_text,
};
use crate::calendar::{DaysOff, HolidayYear};
use crate::model::*;
use crate::rules::{Block, Hours, MeetingFree, Rules, Summer};
use chrono::Weekday;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistrictFile {
    district: RawDistrict,
    #[serde(default)]
    rooms: Vec<RawRoom>,
    units: Vec<RawUnit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDistrict {
    id: String,
    name: String,
    general_office: String,
    organizer_email: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoom {
    id: String,
    name: String,
    site: String,
    capacity: i64,
    #[serde(default)]
    video: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    id: String,
    name: String,
    kind: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    travel_minutes: i64,
}

/// Units, rooms and district settings, before people are attached.
pub struct DistrictFile {
    pub district: District,
    pub units: Vec<Unit>,
    pub rooms: Vec<Room>,
}

pub fn parse_district(file: &str, text: &str) -> Result<DistrictFile, InputErrors> {
    let raw: RawDistrictFile = parse_raw(file, text, Syntax::Toml)?;
    let mut cx = Ctx::new(file, text, Syntax::Toml);
    let root = Path::default();
    let district_id = UnitId::parse(&raw.district.id)
        .map_err(|e| cx.err(&root.key("district").key("id"), e.to_string()))
        .ok();
    let known: BTreeMap<&str, &RawUnit> = raw.units.iter().map(|u| (u.id.as_str(), u)).collect();
    let mut units = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, u) in raw.units.iter().enumerate() {
        let p = root.key("units").index(i);
        let id = UnitId::parse(&u.id)
            .map_err(|e| cx.err(&p.key("id"), e.to_string()))
            .ok();
        if !seen.insert(u.id.as_str()) {
            cx.err(&p.key("id"), format!("单位编号 “{}” 重复", u.id));
        }
        let kind = UnitKind::parse(&u.kind);
        if kind.is_none() {
            let valid: Vec<_> = UnitKind::ALL
                .iter()
                .map(|k| format!("{}（{}）", k.code(), k.label()))
                .collect();
            cx.err(
                &p.key("kind"),
                format!("未知单位类型 “{}”，可选值：{}", u.kind, valid.join("、")),
            );
        }
        let parent = if u.parent.is_empty() {
            None
        } else {
            match known.get(u.parent.as_str()) {
                Some(pu) if matches!(UnitKind::parse(&pu.kind), Some(k) if k.is_grassroots()) => {
                    UnitId::parse(&u.parent).ok()
                }
                Some(_) => {
                    cx.err(
                        &p.key("parent"),
                        format!(
                            "上级单位 “{}” 不是乡镇（township）或街道（street）",
                            u.parent
                        ),
                    );
                    None
                }
                None => {
                    cx.err(&p.key("parent"), format!("上级单位 “{}” 不存在", u.parent));
                    None
                }
            }
        };
        if kind.is_some_and(UnitKind::is_village_level) && u.parent.is_empty() {
            cx.err(
                &p.key("parent"),
                "社区（community）和行政村（village）必须填写上级乡镇或街道（parent）",
            );
        }
        let mut tags = BTreeSet::new();
        for (j, t) in u.tags.iter().enumerate() {
            match Tag::parse(t) {
                Some(t) => {
                    tags.insert(t);
                }
                None => cx.err(
                    &p.key("tags").index(j),
                    format!("标签 “{t}” 无效，只能含小写字母、数字和下划线"),
                ),
            }
        }
        if !(0..=300).contains(&u.travel_minutes) {
            cx.err(
                &p.key("travel_minutes"),
                format!("路程 {} 分钟无效，应为 0 到 300", u.travel_minutes),
            );
        }
        if u.name.trim().is_empty() {
            cx.err(&p.key("name"), "单位名称不能为空");
        }
        if let (Some(id), Some(kind)) = (id, kind) {
            units.push(Unit {
                id,
                name: u.name.trim().to_string(),
                kind,
                parent,
                tags,
                travel: Minutes(u.travel_minutes.clamp(0, 300) as u32),
            });
        }
    }
    let mut rooms = Vec::new();
    let mut seen_rooms = BTreeSet::new();
    for (i, r) in raw.rooms.iter().enumerate() {
        let p = root.key("rooms").index(i);
        let id = RoomId::parse(&r.id)
            .map_err(|e| cx.err(&p.key("id"), e.to_string()))
            .ok();
        if !seen_rooms.insert(r.id.as_str()) {
            cx.err(&p.key("id"), format!("会议室编号 “{}” 重复", r.id));
        }
        let site = if r.site == "seat" {
            Some(Site::Seat)
        } else if known.contains_key(r.site.as_str()) {
            UnitId::parse(&r.site).ok().map(Site::Unit)
        } else {
            cx.err(
                &p.key("site"),
                format!(
                    "会议室位置 “{}” 无效，应为 seat（区行政中心）或单位编号",
                    r.site
                ),
            );
            None
        };
        if !(1..=10_000).contains(&r.capacity) {
            cx.err(
                &p.key("capacity"),
                format!("容量 {} 无效，应为 1 到 10000", r.capacity),
            );
        }
        if let (Some(id), Some(site)) = (id, site) {
            rooms.push(Room {
                id,
                name: r.name.clone(),
                site,
                capacity: r.capacity.clamp(1, 10_000) as u32,
                video: r.video,
            });
        }
    }
    let district = District {
        id: district_id.unwrap_or_else(|| UnitId::parse("district").expect("valid")),
        name: raw.district.name,
        general_office: raw.district.general_office,
        organizer_email: raw.district.organizer_email,
    };
    cx.finish(DistrictFile {
        district,
        units,
        rooms,
    })
}

/// people.csv: `id,name,unit,role`, one row per position.
pub fn parse_people(file: &str, text: &str, units: &[Unit]) -> Result<Vec<Person>, InputErrors> {
    let unit_ids: BTreeSet<&str> = units.iter().map(|u| u.id.as_str()).collect();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let mut errors = Vec::new();
    let err = |errors: &mut Vec<InputError>, row: usize, field: &str, msg: String| {
        errors.push(InputError {
            file: file.to_string(),
            line: Some(row),
            field: field.to_string(),
            message: msg,
        });
    };
    let headers = match rdr.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            return Err(InputErrors::one(
                file,
                Some(1),
                "",
                format!("CSV 格式错误：{e}"),
            ));
        }
    };
    let want = ["id", "name", "unit", "role"];
    let col: Vec<Option<usize>> = want
        .iter()
        .map(|w| headers.iter().position(|h| h.trim() == *w))
        .collect();
    if col.iter().any(Option::is_none) {
        return Err(InputErrors::one(
            file,
            Some(1),
            "",
            format!(
                "表头应为 id,name,unit,role，收到 {}",
                headers.iter().collect::<Vec<_>>().join(",")
            ),
        ));
    }
    let mut people: BTreeMap<String, Person> = BTreeMap::new();
    let mut order = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let row = i + 2;
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                err(&mut errors, row, "", format!("CSV 格式错误：{e}"));
                continue;
            }
        };
        let get = |c: usize| {
            rec.get(col[c].expect("checked"))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let (id, name, unit, role) = (get(0), get(1), get(2), get(3));
        let pid = PersonId::parse(&id)
            .map_err(|e| err(&mut errors, row, "id", e.to_string()))
            .ok();
        if name.is_empty() {
            err(&mut errors, row, "name", "姓名不能为空".into());
        }
        if !unit_ids.contains(unit.as_str()) {
            err(
                &mut errors,
                row,
                "unit",
                format!("未知单位 “{unit}”，请填写 district.toml 中的单位编号"),
            );
        }
        let r = Role::parse(&role);
        if r.is_none() {
            err(
                &mut errors,
                row,
                "role",
                format!("未知职务 “{role}”，可选值：{}", Role::choices()),
            );
        }
        let (Some(pid), Some(r), true) = (pid, r, unit_ids.contains(unit.as_str())) else {
            continue;
        };
        let position = Position {
            unit: UnitId::parse(&unit).expect("known unit"),
            role: r,
        };
        match people.get_mut(&id) {
            Some(p) => {
                if p.name != name {
                    err(
                        &mut errors,
                        row,
                        "name",
                        format!("编号 {id} 已用于 “{}”，同一人的多个职务必须同名", p.name),
                    );
                }
                if p.positions.contains(&position) {
                    err(&mut errors, row, "role", "同一职务重复".into());
                } else {
                    p.positions.push(position);
                }
            }
            None => {
                order.push(id.clone());
                people.insert(
                    id,
                    Person {
                        id: pid,
                        name,
                        positions: vec![position],
                    },
                );
            }
        }
    }
    if errors.is_empty() {
        Ok(people.into_values().collect())
    } else {
        Err(InputErrors(errors))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRules {
    hours: RawHours,
    #[serde(default)]
    meeting_free: RawMeetingFree,
    sessions: RawSessions,
    #[serde(default)]
    caps: RawCaps,
    #[serde(default)]
    notice: RawNotice,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    morning: Vec<String>,
    afternoon: Vec<String>,
    summer: Option<RawSummer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSummer {
    from: String,
    to: String,
    afternoon: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawMeetingFree {
    #[serde(default)]
    weekdays: Vec<String>,
    #[serde(default)]
    week_of_month: Vec<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSessions {
    max_minutes: u32,
    #[serde(default = "grid")]
    grid_minutes: u32,
    #[serde(default)]
    max_minutes_by_kind: BTreeMap<String, u32>,
}

fn grid() -> u32 {
    15
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawCaps {
    #[serde(default)]
    attendance_by_kind: BTreeMap<String, u32>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    #[serde(default)]
    min_working_days: u32,
}

pub fn parse_rules(file: &str, text: &str) -> Result<Rules, InputErrors> {
    let raw: RawRules = parse_raw(file, text, Syntax::Toml)?;
    let mut cx = Ctx::new(file, text, Syntax::Toml);
    let root = Path::default();
    let hours = root.key("hours");
    let morning = block(&mut cx, &hours.key("morning"), &raw.hours.morning);
    let afternoon = block(&mut cx, &hours.key("afternoon"), &raw.hours.afternoon);
    let summer = raw.hours.summer.as_ref().and_then(|s| {
        let p = hours.key("summer");
        let from = month_day(&mut cx, &p.key("from"), &s.from);
        let to = month_day(&mut cx, &p.key("to"), &s.to);
        let afternoon = block(&mut cx, &p.key("afternoon"), &s.afternoon);
        Some(Summer {
            from: from?,
            to: to?,
            afternoon: afternoon?,
        })
    });
    if let (Some(m), Some(a)) = (morning, afternoon)
        && m.end > a.start
    {
        cx.err(
            &hours.key("afternoon"),
            "下午时段必须在上午时段结束之后开始",
        );
    }
    let mut weekdays = Vec::new();
    for (i, w) in raw.meeting_free.weekdays.iter().enumerate() {
        match w.parse::<Weekday>() {
            Ok(d) => weekdays.push(d),
            Err(_) => cx.err(
                &root.key("meeting_free").key("weekdays").index(i),
                format!("星期 “{w}” 无效，可选值：mon、tue、wed、thu、fri、sat、sun"),
            ),
        }
    }
    for (i, n) in raw.meeting_free.week_of_month.iter().enumerate() {
        if !(1..=5).contains(n) {
            cx.err(
                &root.key("meeting_free").key("week_of_month").index(i),
                format!("第 {n} 周无效，应为 1 到 5"),
            );
        }
    }
    let sp = root.key("sessions");
    if !(15..=480).contains(&raw.sessions.max_minutes) {
        cx.err(
            &sp.key("max_minutes"),
            "单场会议时长上限应为 15 到 480 分钟",
        );
    }
    if ![5, 10, 15, 30, 60].contains(&raw.sessions.grid_minutes) {
        cx.err(
            &sp.key("grid_minutes"),
            "开始时间网格应为 5、10、15、30 或 60 分钟",
        );
    }
    let max_minutes_by_kind = kind_map(
        &mut cx,
        &sp.key("max_minutes_by_kind"),
        &raw.sessions.max_minutes_by_kind,
    );
    let attendance_cap_by_kind = kind_map(
        &mut cx,
        &root.key("caps").key("attendance_by_kind"),
        &raw.caps.attendance_by_kind,
    );
    let rules = Rules {
        hours: Hours {
            morning: morning.unwrap_or(FALLBACK),
            afternoon: afternoon.unwrap_or(FALLBACK),
            summer,
        },
        meeting_free: MeetingFree {
            weekdays,
            week_of_month: raw.meeting_free.week_of_month.clone(),
        },
        max_session_minutes: raw.sessions.max_minutes,
        max_minutes_by_kind,
        grid_minutes: raw.sessions.grid_minutes,
        attendance_cap_by_kind,
        min_notice_working_days: raw.notice.min_working_days,
    };
    cx.finish(rules)
}

const FALLBACK: Block = Block {
    start: chrono::NaiveTime::MIN,
    end: chrono::NaiveTime::MIN,
};

fn kind_map(cx: &mut Ctx, p: &Path, m: &BTreeMap<String, u32>) -> BTreeMap<MeetingKind, u32> {
    let mut out = BTreeMap::new();
    for (k, v) in m {
        match MeetingKind::parse(k) {
            Some(kind) => {
                out.insert(kind, *v);
            }
            None => {
                let valid: Vec<_> = MeetingKind::ALL.iter().map(|k| k.code()).collect();
                cx.err(
                    p,
                    format!("未知会议类型 “{k}”，可选值：{}", valid.join("、")),
                );
            }
        }
    }
    out
}

fn block(cx: &mut Ctx, p: &Path, v: &[String]) -> Option<Block> {
    if v.len() != 2 {
        cx.err(p, "时段应为 [\"08:30\", \"12:00\"] 这样的两个时间");
        return None;
    }
    match (parse_time(&v[0]), parse_time(&v[1])) {
        (Some(start), Some(end)) if start < end => Some(Block { start, end }),
        (Some(_), Some(_)) => {
            cx.err(p, "时段结束必须晚于开始");
            None
        }
        _ => {
            cx.err(p, "时间应为 08:30 这样的 时:分");
            None
        }
    }
}

fn month_day(cx: &mut Ctx, p: &Path, s: &str) -> Option<(u32, u32)> {
    let parsed = s
        .split_once('-')
        .and_then(|(m, d)| Some((m.parse::<u32>().ok()?, d.parse::<u32>().ok()?)));
    match parsed {
        Some((m, d)) if chrono::NaiveDate::from_ymd_opt(2024, m, d).is_some() => Some((m, d)),
        _ => {
            cx.err(p, format!("日期 “{s}” 无效，应为 05-01 这样的 月-日"));
            None
        }
    }
}

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

/// Everything `init` reads from a district folder.
pub struct DistrictData {
    pub org: Org,
    pub rules: Rules,
    pub holidays: Vec<HolidayYear>,
}

/// Reads `district.toml`, `people.csv`, `rules.toml` and `holidays/*.toml`.
pub fn load_district_dir(dir: &std::path::Path) -> Result<DistrictData, InputErrors> {
    let name = |f: &str| dir.join(f);
    let dpath = name("district.toml");
    let df = parse_district(&dpath.display().to_string(), &read_text(&dpath)?)?;
    let ppath = name("people.csv");
    let people = parse_people(&ppath.display().to_string(), &read_text(&ppath)?, &df.units)?;
    let rpath = name("rules.toml");
    let rules = parse_rules(&rpath.display().to_string(), &read_text(&rpath)?)?;
    let org = Org::new(df.district, df.units, people, df.rooms)
        .map_err(|e| InputErrors::one(&dpath.display().to_string(), None, "", e.0))?;
    let hdir = name("holidays");
    let mut files: Vec<_> = std::fs::read_dir(&hdir)
        .map_err(|e| {
            InputErrors::one(
                &hdir.display().to_string(),
                None,
                "",
                format!("无法读取节假日目录：{e}"),
            )
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut holidays = Vec::new();
    for f in files {
        holidays.push(parse_holidays(&f.display().to_string(), &read_text(&f)?)?);
    }
    Ok(DistrictData {
        org,
        rules,
        holidays,
    })
}
