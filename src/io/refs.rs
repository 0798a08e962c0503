//! Audience selectors and references into the org chart, shared by every
//! importer that builds proposals or documents (week files, spreadsheets).

use super::Ctx;
use super::locate::Path;
use super::week::RawSelector;
use crate::model::*;

pub(crate) fn selector(cx: &mut Ctx, org: &Org, p: &Path, r: &RawSelector) -> Option<Selector> {
    let before = cx.errors.len();
    let mut kinds = Vec::new();
    for (i, k) in r.kinds.iter().enumerate() {
        match UnitKind::parse(k) {
            Some(k) => kinds.push(k),
            None => cx.err(
                &p.key("kinds").index(i),
                format!(
                    "未知单位类型 “{k}”，可选值：{}",
                    choices(UnitKind::ALL.iter().map(|k| (k.code(), k.label())))
                ),
            ),
        }
    }
    let within: Vec<_> = r
        .within
        .iter()
        .enumerate()
        .filter_map(|(i, u)| unit_ref(cx, org, &p.key("within").index(i), u))
        .collect();
    let units: Vec<_> = r
        .units
        .iter()
        .enumerate()
        .filter_map(|(i, u)| unit_ref(cx, org, &p.key("units").index(i), u))
        .collect();
    let mut tags = Vec::new();
    for (i, t) in r.tags.iter().enumerate() {
        match Tag::parse(t) {
            Some(t) => tags.push(t),
            None => cx.err(
                &p.key("tags").index(i),
                format!("标签 “{t}” 无效，只能含小写字母、数字和下划线"),
            ),
        }
    }
    let mut roles = Vec::new();
    for (i, r) in r.roles.iter().enumerate() {
        match Role::parse(r) {
            Some(r) => roles.push(r),
            None => cx.err(
                &p.key("roles").index(i),
                format!("未知职务 “{r}”，可选值：{}", Role::choices()),
            ),
        }
    }
    let people: Vec<_> = r
        .people
        .iter()
        .enumerate()
        .filter_map(|(i, x)| person_ref(cx, org, &p.key("people").index(i), x))
        .collect();
    let attendance = match r.attendance.as_str() {
        "required" => Some(Attendance::Required),
        "observer" => Some(Attendance::Observer),
        "optional" => Some(Attendance::Optional),
        other => {
            cx.err(&p.key("attendance"), format!("未知参会方式 “{other}”，可选值：required（必须参加）、observer（列席）、optional（自愿参加）"));
            None
        }
    };
    if r.kinds.is_empty() && r.units.is_empty() && r.people.is_empty() {
        cx.err(p, "参会范围至少要填写 kinds、units 或 people 之一");
    }
    if cx.errors.len() > before {
        return None;
    }
    Some(Selector {
        kinds,
        within,
        units,
        tags,
        roles,
        people,
        attendance: attendance?,
    })
}

pub(crate) fn choices<'a>(it: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    it.map(|(c, l)| format!("{c}（{l}）"))
        .collect::<Vec<_>>()
        .join("、")
}

pub(crate) fn unit_ref(cx: &mut Ctx, org: &Org, p: &Path, s: &str) -> Option<UnitId> {
    match UnitId::parse(s) {
        Ok(id) if org.unit(&id).is_some() => Some(id),
        _ => {
            cx.err(
                p,
                format!("未知单位 “{s}”，请填写组织架构（district.toml）中的单位编号"),
            );
            None
        }
    }
}

pub(crate) fn person_ref(cx: &mut Ctx, org: &Org, p: &Path, s: &str) -> Option<PersonId> {
    match PersonId::parse(s) {
        Ok(id) if org.person(&id).is_some() => Some(id),
        _ => {
            cx.err(
                p,
                format!("未知干部 “{s}”，请填写干部名册（people.csv）中的编号"),
            );
            None
        }
    }
}
