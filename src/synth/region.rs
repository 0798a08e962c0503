//! Many generated districts at once: a city (10 districts) or a province (100
//! districts, about 20,000 proposals and 70,000 cadres a week).

use super::{Size, district, week_focused};
use crate::calendar::WorkCalendar;
use crate::io::org::DistrictData;
use crate::model::{WeekId, WeekInput};
use crate::plan::PlanInput;

/// One generated district with its calendar and week.
pub struct GenDistrict {
    pub data: DistrictData,
    pub calendar: WorkCalendar,
    pub week: WeekInput,
}

/// Independent districts, each planned on its own.
pub struct Region {
    pub districts: Vec<GenDistrict>,
}

impl Region {
    /// Planner inputs, one per district, in district order.
    pub fn inputs(&self) -> Vec<PlanInput<'_>> {
        self.districts
            .iter()
            .map(|d| PlanInput {
                org: &d.data.org,
                calendar: &d.calendar,
                week: d.week.week,
                proposals: &d.week.proposals,
                busy: &d.week.busy,
                previous: None,
            })
            .collect()
    }

    /// People in all the districts' org charts.
    pub fn cadres(&self) -> usize {
        self.districts
            .iter()
            .map(|d| d.data.org.people().count())
            .sum()
    }

    pub fn proposals(&self) -> usize {
        self.districts.iter().map(|d| d.week.proposals.len()).sum()
    }
}

/// `n` districts of `Size::DISTRICT`; district `i` uses seed `seed * 1000 + i`.
pub fn region(seed: u64, n: usize, wk: WeekId) -> Region {
    region_sized(seed, n, wk, Size::DISTRICT)
}

/// `n` districts of the given size.
pub fn region_sized(seed: u64, n: usize, wk: WeekId, size: Size) -> Region {
    let districts = (0..n).map(|i| region_district(seed, i, wk, size)).collect();
    Region { districts }
}

/// District `i` of [`region_sized`]`(seed, n, wk, size)` (any `n > i`), on its
/// own: seed `seed * 1000 + i`.
pub fn region_district(seed: u64, i: usize, wk: WeekId, size: Size) -> GenDistrict {
    let s = seed.wrapping_mul(1000).wrapping_add(i as u64);
    let data = district(s, size);
    let calendar = WorkCalendar::new(&data.holidays, &data.rules);
    let week = week_focused(s, &data, wk, size.proposals, size.focused_percent);
    GenDistrict {
        data,
        calendar,
        week,
    }
}
