//! Quotas (精文减会): yearly caps per department and monthly caps on meetings that
//! summon grassroots leaders, with usage counted from published plans.

use crate::model::{MeetingKind, Org, Proposal, UnitId};
use crate::plan::expand;
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Caps for one department (a `None` field means no cap).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeptCaps {
    pub meetings: Option<u32>,
    pub district_wide: Option<u32>,
    pub documents: Option<u32>,
}

/// Counts for one department in one year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeptCounts {
    pub meetings: u32,
    pub district_wide: u32,
    pub documents: u32,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quotas {
    /// Default caps for every department per year.
    pub per_department: DeptCaps,
    /// Overrides for named departments.
    pub departments: BTreeMap<UnitId, DeptCaps>,
    /// Meetings per month (whole district) that summon township/street leaders.
    pub grassroots_meetings_per_month: Option<u32>,
    /// Minimum share (percent) of meetings reaching townships held by video.
    pub min_video_share_percent: Option<u32>,
    /// Last year's counts per department, for the 只减不增 comparison.
    pub previous_year: BTreeMap<UnitId, DeptCounts>,
}

impl Quotas {
    pub fn caps_for(&self, dept: &UnitId) -> DeptCaps {
        let d = self.departments.get(dept).copied().unwrap_or_default();
        DeptCaps {
            meetings: d.meetings.or(self.per_department.meetings),
            district_wide: d.district_wide.or(self.per_department.district_wide),
            documents: d.documents.or(self.per_department.documents),
        }
    }
}

/// What has been used so far in a year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub by_department: BTreeMap<UnitId, DeptCounts>,
    /// Month (1–12) → meetings summoning township/street leaders.
    pub grassroots_by_month: BTreeMap<u32, u32>,
}

/// Whether a proposal summons township or street leaders (secretary or head).
pub fn summons_grassroots(org: &Org, p: &Proposal) -> bool {
    expand(org, p).members.keys().any(|pid| {
        org.person(pid).is_some_and(|person| {
            person.positions.iter().any(|pos| {
                org.unit(&pos.unit).is_some_and(|u| u.kind.is_grassroots())
                    && matches!(
                        pos.role,
                        crate::model::Role::Secretary | crate::model::Role::Head
                    )
            })
        })
    })
}

impl Usage {
    /// Counts one held meeting item.
    pub fn add(&mut self, org: &Org, p: &Proposal) {
        let c = self.by_department.entry(p.organiser.clone()).or_default();
        c.meetings += 1;
        if p.kind == MeetingKind::DistrictWide {
            c.district_wide += 1;
        }
        if summons_grassroots(org, p) {
            *self
                .grassroots_by_month
                .entry(p.window.start().month())
                .or_default() += 1;
        }
    }

    /// Whether holding `p` on top of this usage exceeds a cap.
    pub fn would_exceed(&self, q: &Quotas, org: &Org, p: &Proposal) -> bool {
        let caps = q.caps_for(&p.organiser);
        let used = self
            .by_department
            .get(&p.organiser)
            .copied()
            .unwrap_or_default();
        caps.meetings.is_some_and(|c| used.meetings + 1 > c)
            || (p.kind == MeetingKind::DistrictWide
                && caps
                    .district_wide
                    .is_some_and(|c| used.district_wide + 1 > c))
            || (q.grassroots_meetings_per_month.is_some_and(|c| {
                summons_grassroots(org, p)
                    && self
                        .grassroots_by_month
                        .get(&p.window.start().month())
                        .copied()
                        .unwrap_or(0)
                        + 1
                        > c
            }))
    }
}
