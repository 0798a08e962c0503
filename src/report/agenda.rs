//! Helpers shared by the weekly plan page and CSV: session order, labels and
//! the summary of attending units.

use super::names::unit_name;
use crate::model::{Org, Person, PersonId, Plan, Session, Unit, UnitId};
use std::collections::{BTreeMap, BTreeSet};

/// How many units a summary names before it says "等 N 个单位".
const MAX_UNITS: usize = 12;

/// Sessions by start time, then id.
pub(crate) fn sorted_sessions(plan: &Plan) -> Vec<&Session> {
    let mut v: Vec<&Session> = plan.sessions.iter().collect();
    v.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
    v
}

/// What a clerk calls the session: its only item, or the first item and a count.
pub(crate) fn session_label(s: &Session) -> String {
    match s.segments.as_slice() {
        [] => s.id.clone(),
        [one] => one.title.clone(),
        [first, rest @ ..] => format!("{}等{}项议程合并召开", first.title, rest.len() + 1),
    }
}

/// Distinct presider names in agenda order.
pub(crate) fn presiders(org: &Org, s: &Session) -> Vec<String> {
    let mut seen = BTreeSet::new();
    s.segments
        .iter()
        .filter(|g| seen.insert(&g.presider))
        .map(|g| super::names::person_name(org, &g.presider))
        .collect()
}

/// Attending units by name: communities and villages are rolled up into their
/// township or street ("东城街道（含 3 个村社区）"); units ordered by kind, then id.
pub(crate) fn units_summary<'a>(
    org: &Org,
    people: impl IntoIterator<Item = &'a PersonId>,
) -> String {
    let mut tops: BTreeMap<(u8, &UnitId), BTreeSet<&UnitId>> = BTreeMap::new();
    let mut unknown = 0usize;
    for id in people {
        let Some((home, unit)) = org
            .person(id)
            .map(Person::home_unit)
            .and_then(|h| Some((h, org.unit(h)?)))
        else {
            unknown += 1;
            continue;
        };
        let (top, sub) = match (&unit.parent, unit.kind.is_village_level()) {
            (Some(parent), true) => (top_key(org, parent), Some(home)),
            _ => (top_key(org, home), None),
        };
        let subs = tops.entry(top).or_default();
        subs.extend(sub);
    }
    let mut parts: Vec<String> = tops
        .iter()
        .map(|((_, id), subs)| {
            let name = unit_name(org, id);
            if subs.is_empty() {
                name
            } else {
                format!("{name}（含 {} 个村社区）", subs.len())
            }
        })
        .collect();
    let total = parts.len();
    if total > MAX_UNITS {
        parts.truncate(MAX_UNITS);
        parts.push(format!("等 {total} 个单位"));
    }
    if unknown > 0 {
        parts.push(format!("其他人员 {unknown} 人"));
    }
    parts.join("、")
}

fn top_key<'a>(org: &Org, id: &'a UnitId) -> (u8, &'a UnitId) {
    (org.unit(id).map_or(u8::MAX, |u: &Unit| u.kind as u8), id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Minutes;
    use crate::model::{District, Position, Role, UnitKind};

    fn unit(id: &str, name: &str, kind: UnitKind, parent: Option<&str>) -> Unit {
        Unit {
            id: UnitId::parse(id).unwrap(),
            name: name.into(),
            kind,
            parent: parent.map(|p| UnitId::parse(p).unwrap()),
            tags: Default::default(),
            travel: Minutes(10),
        }
    }

    fn person(id: &str, unit: &str) -> Person {
        Person {
            id: PersonId::parse(id).unwrap(),
            name: id.into(),
            positions: vec![Position {
                unit: UnitId::parse(unit).unwrap(),
                role: Role::Head,
            }],
        }
    }

    #[test]
    fn communities_roll_up_into_their_street_and_departments_come_first() {
        let org = Org::new(
            District {
                id: UnitId::parse("d").unwrap(),
                name: "区".into(),
                general_office: "办".into(),
                organizer_email: "a@b".into(),
            },
            vec![
                unit("st", "东城街道", UnitKind::Street, None),
                unit("c1", "一社区", UnitKind::Community, Some("st")),
                unit("c2", "二社区", UnitKind::Community, Some("st")),
                unit("zz", "农业局", UnitKind::Department, None),
            ],
            vec![person("p1", "c1"), person("p2", "c2"), person("p3", "zz")],
            vec![],
        )
        .unwrap();
        let ids: Vec<PersonId> = ["p1", "p2", "p3", "p9"]
            .iter()
            .map(|s| PersonId::parse(s).unwrap())
            .collect();
        assert_eq!(
            units_summary(&org, &ids),
            "农业局、东城街道（含 2 个村社区）、其他人员 1 人"
        );
    }
}
