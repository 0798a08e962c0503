//! The org chart: units, roles, people and rooms.

use super::ids::{PersonId, RoomId, UnitId};
use super::time::Minutes;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// What kind of unit this is; decides its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Leadership,
    Office,
    Department,
    Township,
    Street,
    Community,
    Village,
}

impl UnitKind {
    pub const ALL: [UnitKind; 7] = [
        UnitKind::Leadership,
        UnitKind::Office,
        UnitKind::Department,
        UnitKind::Township,
        UnitKind::Street,
        UnitKind::Community,
        UnitKind::Village,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Leadership => "leadership",
            UnitKind::Office => "office",
            UnitKind::Department => "department",
            UnitKind::Township => "township",
            UnitKind::Street => "street",
            UnitKind::Community => "community",
            UnitKind::Village => "village",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            UnitKind::Leadership => "领导班子",
            UnitKind::Office => "办公室",
            UnitKind::Department => "职能部门",
            UnitKind::Township => "乡镇",
            UnitKind::Street => "街道",
            UnitKind::Community => "社区",
            UnitKind::Village => "行政村",
        }
    }

    /// Accepts the code or the Chinese label.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == s || k.label() == s)
    }

    /// Township or street (乡镇街道).
    pub fn is_grassroots(self) -> bool {
        matches!(self, UnitKind::Township | UnitKind::Street)
    }

    /// Community or village (村社区).
    pub fn is_village_level(self) -> bool {
        matches!(self, UnitKind::Community | UnitKind::Village)
    }
}

/// A position's role within its unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Secretary,
    Head,
    DeputySecretary,
    DeputyHead,
    Member,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Secretary,
        Role::Head,
        Role::DeputySecretary,
        Role::DeputyHead,
        Role::Member,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Secretary => "secretary",
            Role::Head => "head",
            Role::DeputySecretary => "deputy_secretary",
            Role::DeputyHead => "deputy_head",
            Role::Member => "member",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Secretary => "书记",
            Role::Head => "正职",
            Role::DeputySecretary => "副书记",
            Role::DeputyHead => "副职",
            Role::Member => "成员",
        }
    }

    /// Accepts the code or the Chinese label.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|r| r.code() == s || r.label() == s)
    }

    /// "secretary（书记）、head（正职）…" for error messages.
    pub fn choices() -> String {
        Self::ALL
            .iter()
            .map(|r| format!("{}（{}）", r.code(), r.label()))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// A word describing a unit (farmland, river …): `a-z0-9_`, 1–32 chars.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tag(String);

impl Tag {
    pub fn parse(s: &str) -> Option<Self> {
        let ok = !s.is_empty()
            && s.len() <= 32
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        ok.then(|| Tag(s.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
impl TryFrom<String> for Tag {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Tag::parse(&s).ok_or_else(|| format!("标签只能含小写字母、数字和下划线：“{s}”"))
    }
}
impl From<Tag> for String {
    fn from(t: Tag) -> String {
        t.0
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    pub name: String,
    pub kind: UnitKind,
    pub parent: Option<UnitId>,
    pub tags: BTreeSet<Tag>,
    /// One-way travel to the district seat.
    pub travel: Minutes,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Position {
    pub unit: UnitId,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    /// In input order; the first one is the person's home unit (travel is counted from it).
    pub positions: Vec<Position>,
}

impl Person {
    pub fn home_unit(&self) -> &UnitId {
        &self.positions[0].unit
    }
}

/// Where a room is: at the district seat or at a unit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Site {
    Seat,
    Unit(UnitId),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Room {
    pub id: RoomId,
    pub name: String,
    pub site: Site,
    pub capacity: u32,
    pub video: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    pub id: UnitId,
    pub name: String,
    pub general_office: String,
    pub organizer_email: String,
}

/// A consistent org chart: every reference resolves. Build it with [`Org::new`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub district: District,
    units: BTreeMap<UnitId, Unit>,
    people: BTreeMap<PersonId, Person>,
    rooms: BTreeMap<RoomId, Room>,
    /// Person ids holding positions in each unit.
    #[serde(skip)]
    members: BTreeMap<UnitId, Vec<PersonId>>,
}

/// A reference in the org chart that does not resolve (message in Chinese).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct OrgError(pub String);

impl Org {
    pub fn new(
        district: District,
        units: Vec<Unit>,
        people: Vec<Person>,
        rooms: Vec<Room>,
    ) -> Result<Self, OrgError> {
        let mut umap = BTreeMap::new();
        for u in units {
            let id = u.id.clone();
            if umap.insert(id.clone(), u).is_some() {
                return Err(OrgError(format!("单位 {id} 重复")));
            }
        }
        for u in umap.values() {
            match (&u.parent, u.kind.is_village_level()) {
                (Some(p), _) => match umap.get(p) {
                    Some(pu) if pu.kind.is_grassroots() => {}
                    Some(_) => {
                        return Err(OrgError(format!("单位 {} 的上级 {p} 不是乡镇或街道", u.id)));
                    }
                    None => return Err(OrgError(format!("单位 {} 的上级 {p} 不存在", u.id))),
                },
                (None, true) => {
                    return Err(OrgError(format!(
                        "社区/行政村 {} 必须填写上级乡镇或街道（parent）",
                        u.id
                    )));
                }
                (None, false) => {}
            }
        }
        let mut pmap = BTreeMap::new();
        for p in people {
            if p.positions.is_empty() {
                return Err(OrgError(format!("干部 {} 没有任何职务", p.id)));
            }
            for pos in &p.positions {
                if !umap.contains_key(&pos.unit) {
                    return Err(OrgError(format!(
                        "干部 {} 的单位 {} 不存在",
                        p.id, pos.unit
                    )));
                }
            }
            let id = p.id.clone();
            if pmap.insert(id.clone(), p).is_some() {
                return Err(OrgError(format!("干部 {id} 重复")));
            }
        }
        let mut rmap = BTreeMap::new();
        for r in rooms {
            if let Site::Unit(u) = &r.site
                && !umap.contains_key(u)
            {
                return Err(OrgError(format!("会议室 {} 所在单位 {u} 不存在", r.id)));
            }
            if r.capacity == 0 {
                return Err(OrgError(format!("会议室 {} 的容量必须大于 0", r.id)));
            }
            let id = r.id.clone();
            if rmap.insert(id.clone(), r).is_some() {
                return Err(OrgError(format!("会议室 {id} 重复")));
            }
        }
        let mut org = Org {
            district,
            units: umap,
            people: pmap,
            rooms: rmap,
            members: BTreeMap::new(),
        };
        org.index();
        Ok(org)
    }

    fn index(&mut self) {
        self.members.clear();
        for p in self.people.values() {
            for pos in &p.positions {
                let m = self.members.entry(pos.unit.clone()).or_default();
                if !m.contains(&p.id) {
                    m.push(p.id.clone());
                }
            }
        }
    }

    /// Rebuild derived indexes after deserialising.
    pub fn reindexed(mut self) -> Self {
        self.index();
        self
    }

    pub fn unit(&self, id: &UnitId) -> Option<&Unit> {
        self.units.get(id)
    }
    pub fn person(&self, id: &PersonId) -> Option<&Person> {
        self.people.get(id)
    }
    pub fn room(&self, id: &RoomId) -> Option<&Room> {
        self.rooms.get(id)
    }
    pub fn units(&self) -> impl Iterator<Item = &Unit> {
        self.units.values()
    }
    pub fn people(&self) -> impl Iterator<Item = &Person> {
        self.people.values()
    }
    pub fn rooms(&self) -> impl Iterator<Item = &Room> {
        self.rooms.values()
    }
    /// People holding any position in the unit, in id order.
    pub fn members_of(&self, unit: &UnitId) -> &[PersonId] {
        self.members.get(unit).map(Vec::as_slice).unwrap_or(&[])
    }

    /// One-way travel minutes from the person's home unit to the district seat.
    pub fn travel_of(&self, person: &PersonId) -> Minutes {
        self.people
            .get(person)
            .and_then(|p| self.units.get(p.home_unit()))
            .map(|u| u.travel)
            .unwrap_or(Minutes::ZERO)
    }

    /// Whether the person's home unit is the site unit or lies within it.
    pub fn is_local_to(&self, person: &PersonId, site: &UnitId) -> bool {
        let Some(p) = self.people.get(person) else {
            return false;
        };
        p.positions.iter().any(|pos| {
            &pos.unit == site
                || self
                    .units
                    .get(&pos.unit)
                    .and_then(|u| u.parent.as_ref())
                    .is_some_and(|parent| parent == site)
        })
    }
}
