//! The district folder: district.toml, people.csv, rules.toml, holidays/*.toml.

use super::locate::Path;
use super::{Ctx, InputError, InputErrors, Syntax, parse_raw, read_text};
use crate::calendar::HolidayYear;
use crate::model::*;
use crate::rules::Rules;
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
    let org = Org::new(df.district, df.units, people, df.rooms)
        .map_err(|e| InputErrors::one(&dpath.display().to_string(), None, "", e.0))?;
    let rpath = name("rules.toml");
    let rules = super::rules::parse_rules(&rpath.display().to_string(), &read_text(&rpath)?, &org)?;
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
        holidays.push(super::holidays::parse_holidays(
            &f.display().to_string(),
            &read_text(&f)?,
        )?);
    }
    Ok(DistrictData {
        org,
        rules,
        holidays,
    })
}
