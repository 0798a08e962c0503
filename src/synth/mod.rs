//! Synthetic districts and weeks for property tests and benchmarks. Seeded and
//! deterministic: the same seed and size give the same instance.

mod region;

pub use region::{GenDistrict, Region, region, region_district, region_sized};

use crate::calendar::HolidayYear;
use crate::io::org::DistrictData;
use crate::model::*;
use crate::rules::{Block, Hours, MeetingFree, Rules};
use chrono::{Duration, NaiveDate, NaiveTime};
use std::collections::{BTreeMap, BTreeSet};

/// SplitMix64: tiny, seeded, good enough for test instances.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
}

/// How big a generated district is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub departments: usize,
    pub townships: usize,
    pub villages_per_township: usize,
    pub proposals: usize,
    /// Percent of the non-inspection meetings that summon the leaders of a few
    /// townships (a project, a river section) or of a few departments, rather
    /// than of every township.
    /// Small instances use 0 so that they are dense in shared people.
    pub focused_percent: u64,
}

impl Size {
    /// About the size of a real district (DESIGN.md §8).
    pub const DISTRICT: Size = Size {
        departments: 30,
        townships: 20,
        villages_per_township: 18,
        proposals: 200,
        focused_percent: 90,
    };
    /// Small instances for exhaustive checks.
    pub fn small(proposals: usize) -> Size {
        Size {
            departments: 6,
            townships: 4,
            villages_per_township: 3,
            proposals,
            focused_percent: 0,
        }
    }
}

const SURNAMES: [&str; 24] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋",
];
const GIVEN: [&str; 20] = [
    "建国", "秀兰", "志强", "海燕", "卫东", "丽华", "国庆", "春梅", "伟", "静", "明", "芳", "军",
    "磊", "洋", "艳", "勇", "娟", "涛", "超",
];
const TAGS: [&str; 4] = ["farmland", "river", "industrial_park", "urban"];

fn id<T: TryFrom<String>>(s: String) -> T
where
    T::Error: std::fmt::Debug,
{
    T::try_from(s).expect("generated ids are valid")
}

/// A district of the given size, with the default sample rules and no holidays
/// (so every weekday is a working day).
pub fn district(seed: u64, size: Size) -> DistrictData {
    let mut rng = Rng::new(seed);
    let mut units = vec![Unit {
        id: id("qw".into()),
        name: "区委".into(),
        kind: UnitKind::Leadership,
        parent: None,
        tags: BTreeSet::new(),
        travel: Minutes(0),
    }];
    for d in 0..size.departments {
        units.push(Unit {
            id: id(format!("d{d:03}")),
            name: format!("部门{d}"),
            kind: UnitKind::Department,
            parent: None,
            tags: BTreeSet::new(),
            travel: Minutes(rng.below(10) as u32),
        });
    }
    for t in 0..size.townships {
        let tid: UnitId = id(format!("t{t:03}"));
        let tags: BTreeSet<Tag> = TAGS
            .iter()
            .filter(|_| rng.chance(40))
            .map(|t| Tag::parse(t).expect("valid"))
            .collect();
        let travel = 10 + rng.below(50) as u32;
        let kind = if rng.chance(50) {
            UnitKind::Township
        } else {
            UnitKind::Street
        };
        units.push(Unit {
            id: tid.clone(),
            name: format!("乡镇{t}"),
            kind,
            parent: None,
            tags: tags.clone(),
            travel: Minutes(travel),
        });
        for v in 0..size.villages_per_township {
            let vtags: BTreeSet<Tag> = tags.iter().filter(|_| rng.chance(70)).cloned().collect();
            units.push(Unit {
                id: id(format!("t{t:03}-v{v:02}")),
                name: format!("村{t}-{v}"),
                kind: if kind == UnitKind::Township {
                    UnitKind::Village
                } else {
                    UnitKind::Community
                },
                parent: Some(tid.clone()),
                tags: vtags,
                travel: Minutes(travel + rng.below(20) as u32),
            });
        }
    }
    let mut people = Vec::new();
    let mut n = 0;
    for u in &units {
        let roles: &[Role] = match u.kind {
            UnitKind::Community | UnitKind::Village => &[Role::Secretary, Role::Head],
            _ => &[Role::Secretary, Role::Head, Role::DeputyHead],
        };
        let mut shared_head = u.kind.is_village_level() && rng.chance(50);
        for &role in roles {
            if role == Role::Head && shared_head {
                if let Some(last) = people.last_mut() {
                    let p: &mut Person = last;
                    p.positions.push(Position {
                        unit: u.id.clone(),
                        role,
                    });
                }
                shared_head = false;
                continue;
            }
            n += 1;
            let name = format!("{}{}", rng.pick(&SURNAMES), rng.pick(&GIVEN));
            people.push(Person {
                id: id(format!("p{n:05}")),
                name,
                positions: vec![Position {
                    unit: u.id.clone(),
                    role,
                }],
            });
        }
    }
    let mut rooms = vec![
        Room {
            id: id("big".into()),
            name: "大会议室".into(),
            site: Site::Seat,
            capacity: 400,
            video: true,
        },
        Room {
            id: id("mid".into()),
            name: "中会议室".into(),
            site: Site::Seat,
            capacity: 80,
            video: true,
        },
        Room {
            id: id("small".into()),
            name: "小会议室".into(),
            site: Site::Seat,
            capacity: 30,
            video: false,
        },
    ];
    // A district-size hall has more rooms than the three small instances use
    // (a district of 200 meetings a week would not fit into three).
    if size.proposals > 100 {
        for k in 0..6 {
            rooms.push(Room {
                id: id(format!("r{k}")),
                name: format!("第{}会议室", k + 1),
                site: Site::Seat,
                capacity: 40,
                video: k < 2,
            });
        }
    }
    let district = District {
        id: id(format!("gen{seed}")),
        name: format!("模拟区{seed}"),
        general_office: "区委办公室".into(),
        organizer_email: "office@example.cn".into(),
    };
    let org = Org::new(district, units, people, rooms).expect("generated org is consistent");
    DistrictData {
        org,
        rules: default_rules(),
        holidays: Vec::<HolidayYear>::new(),
    }
}

/// The sample district's rules (docs/formats.md).
pub fn default_rules() -> Rules {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).expect("valid");
    Rules {
        hours: Hours {
            morning: Block {
                start: t(8, 30),
                end: t(12, 0),
            },
            afternoon: Block {
                start: t(14, 0),
                end: t(17, 30),
            },
            summer: None,
        },
        meeting_free: MeetingFree {
            weekdays: vec![chrono::Weekday::Mon],
            week_of_month: vec![],
        },
        max_session_minutes: 210,
        max_minutes_by_kind: BTreeMap::from([(MeetingKind::DistrictWide, 120)]),
        grid_minutes: 15,
        attendance_cap_by_kind: BTreeMap::new(),
        min_notice_working_days: 5,
        approvals: Vec::new(),
        quotas: Default::default(),
        documents: Default::default(),
        relays: Default::default(),
    }
}

/// A week of proposals for a generated district.
pub fn week(seed: u64, d: &DistrictData, week: WeekId, count: usize) -> WeekInput {
    week_focused(seed, d, week, count, 0)
}

/// Like [`week`], with `focused_percent` of the non-inspection meetings
/// summoning a few townships only (see [`Size::focused_percent`]).
pub fn week_focused(
    seed: u64,
    d: &DistrictData,
    week: WeekId,
    count: usize,
    focused_percent: u64,
) -> WeekInput {
    let mut rng = Rng::new(seed.wrapping_mul(31).wrapping_add(7));
    let org = &d.org;
    let depts: Vec<&Unit> = org
        .units()
        .filter(|u| u.kind == UnitKind::Department)
        .collect();
    let towns: Vec<&Unit> = org.units().filter(|u| u.kind.is_grassroots()).collect();
    let monday: NaiveDate = week.monday();
    let mut proposals = Vec::new();
    for i in 0..count {
        let dept = *rng.pick(&depts);
        let presider = org.members_of(&dept.id)[0].clone();
        let inspection = rng.chance(15);
        let duration = [30u32, 45, 60, 60, 90, 120][rng.below(6) as usize];
        let first = 1 + rng.below(4) as i64;
        let last = (first + rng.below(3) as i64).min(4);
        let start = (monday + Duration::days(first))
            .and_time(NaiveTime::from_hms_opt(8, 30, 0).expect("valid"));
        let end = (monday + Duration::days(last))
            .and_time(NaiveTime::from_hms_opt(17, 30, 0).expect("valid"));
        let window = Window::new(start, end).expect("non-empty");
        let mut audience = Vec::new();
        let target = if inspection {
            let t = *rng.pick(&towns);
            audience.push(Selector {
                kinds: vec![],
                within: vec![],
                units: vec![t.id.clone()],
                tags: vec![],
                roles: vec![Role::Secretary, Role::Head],
                people: vec![],
                attendance: Attendance::Required,
            });
            Some(t.id.clone())
        } else if focused_percent > 0 && rng.chance(focused_percent) {
            // Half of them coordinate a few departments instead.
            let pool = if rng.chance(50) { &towns } else { &depts };
            let mut units: Vec<UnitId> = (0..1 + rng.below(4))
                .map(|_| rng.pick(pool).id.clone())
                .collect();
            units.sort();
            units.dedup();
            let roles = match rng.below(4) {
                0 => vec![Role::Secretary],
                1 => vec![Role::Head],
                2 => vec![Role::DeputyHead],
                _ => vec![Role::Head, Role::DeputyHead],
            };
            audience.push(Selector {
                kinds: vec![],
                within: vec![],
                units,
                tags: vec![],
                roles,
                people: vec![],
                attendance: Attendance::Required,
            });
            None
        } else {
            let roles = match rng.below(3) {
                0 => vec![Role::Secretary],
                1 => vec![Role::Head],
                _ => vec![Role::Secretary, Role::Head],
            };
            let tags = if rng.chance(25) {
                {
                    let tag: &str = rng.pick::<&str>(&TAGS);
                    vec![Tag::parse(tag).expect("valid")]
                }
            } else {
                vec![]
            };
            audience.push(Selector {
                kinds: vec![UnitKind::Township, UnitKind::Street],
                within: vec![],
                units: vec![],
                tags: tags.clone(),
                roles,
                people: vec![],
                attendance: Attendance::Required,
            });
            if rng.chance(20) {
                let t = *rng.pick(&towns);
                audience.push(Selector {
                    kinds: vec![UnitKind::Village, UnitKind::Community],
                    within: vec![t.id.clone()],
                    units: vec![],
                    tags,
                    roles: vec![Role::Secretary],
                    people: vec![],
                    attendance: if rng.chance(50) {
                        Attendance::Required
                    } else {
                        Attendance::Observer
                    },
                });
            }
            None
        };
        proposals.push(Proposal {
            id: id(format!("g{i:05}")),
            title: format!("模拟会议{i}"),
            organiser: dept.id.clone(),
            kind: if inspection {
                MeetingKind::Inspection
            } else if rng.chance(15) {
                MeetingKind::DistrictWide
            } else {
                MeetingKind::Department
            },
            presider,
            duration: Minutes(duration),
            window,
            preferred: None,
            mode: if !inspection && rng.chance(15) {
                Mode::Video
            } else {
                Mode::InPerson
            },
            mergeable: rng.chance(90),
            confidentiality: if rng.chance(10) {
                Confidentiality::Internal
            } else {
                Confidentiality::Public
            },
            urgent: rng.chance(5),
            filed: monday - Duration::days(14),
            relays: None,
            target,
            audience,
        });
    }
    let mut busy = Vec::new();
    let people: Vec<&Person> = org.people().collect();
    for _ in 0..(count / 10) {
        let p = *rng.pick(&people);
        let day = monday + Duration::days(1 + rng.below(4) as i64);
        let from = day.and_time(NaiveTime::from_hms_opt(8, 30, 0).expect("valid"));
        busy.push(Busy {
            person: p.id.clone(),
            window: Window::new(from, from + Duration::hours(3)).expect("non-empty"),
            reason: "上级会议".into(),
        });
    }
    WeekInput {
        reported: vec![],
        week,
        busy,
        proposals,
        documents: vec![],
    }
}
