//! Org chart, rules and holidays.

use super::{Result, Store, StoreError, audit};
use crate::calendar::HolidayYear;
use crate::io::org::DistrictData;
use crate::model::*;
use crate::rules::Rules;
use chrono::NaiveDateTime;
use rusqlite::{OptionalExtension, params};

impl Store {
    /// Whether a district has been initialised.
    pub fn is_initialised(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT 1 FROM district WHERE id = 1", [], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// Stores the org chart, rules and holidays in one transaction. Refuses to
    /// replace an existing district (make a new store instead).
    pub fn init_district(
        &mut self,
        d: &DistrictData,
        actor: &str,
        at: NaiveDateTime,
    ) -> Result<()> {
        if self.is_initialised()? {
            return Err(StoreError::State("store already holds a district".into()));
        }
        let tx = self.write()?;
        tx.execute(
            "INSERT INTO district (id, info_json, rules_json) VALUES (1, ?1, ?2)",
            params![
                serde_json::to_string(&d.org.district)?,
                serde_json::to_string(&d.rules)?
            ],
        )?;
        // Parents first, so the foreign key holds.
        let mut units: Vec<&Unit> = d.org.units().collect();
        units.sort_by_key(|u| (u.parent.is_some(), u.id.clone()));
        for u in units {
            tx.execute(
                "INSERT INTO units (id, name, kind, parent, tags_json, travel_minutes) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![u.id.as_str(), u.name, u.kind.code(), u.parent.as_ref().map(|p| p.as_str()), serde_json::to_string(&u.tags)?, u.travel.get()],
            )?;
        }
        for p in d.org.people() {
            tx.execute(
                "INSERT INTO people (id, name) VALUES (?1, ?2)",
                params![p.id.as_str(), p.name],
            )?;
            for (k, pos) in p.positions.iter().enumerate() {
                tx.execute(
                    "INSERT INTO positions (person_id, ord, unit_id, role) VALUES (?1, ?2, ?3, ?4)",
                    params![p.id.as_str(), k as i64, pos.unit.as_str(), pos.role.code()],
                )?;
            }
        }
        for r in d.org.rooms() {
            tx.execute(
                "INSERT INTO rooms (id, name, site_json, capacity, video) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![r.id.as_str(), r.name, serde_json::to_string(&r.site)?, r.capacity, r.video],
            )?;
        }
        for h in &d.holidays {
            tx.execute(
                "INSERT INTO holiday_years (year, data_json) VALUES (?1, ?2)",
                params![h.year, serde_json::to_string(h)?],
            )?;
        }
        let detail = serde_json::json!({
            "units": d.org.units().count(),
            "people": d.org.people().count(),
            "rooms": d.org.rooms().count(),
            "holiday_years": d.holidays.iter().map(|h| h.year).collect::<Vec<_>>(),
        });
        audit(&tx, at, actor, "init", d.org.district.id.as_str(), &detail)?;
        tx.commit()?;
        Ok(())
    }

    /// Loads the org chart, rules and holidays.
    pub fn load_district(&self) -> Result<DistrictData> {
        let (info, rules): (String, String) = self
            .conn
            .query_row(
                "SELECT info_json, rules_json FROM district WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or_else(|| {
                StoreError::State("store holds no district: run `pinhui init` first".into())
            })?;
        let district: District = serde_json::from_str(&info)?;
        let rules: Rules = serde_json::from_str(&rules)?;
        let mut units = Vec::new();
        let mut st = self.conn.prepare(
            "SELECT id, name, kind, parent, tags_json, travel_minutes FROM units ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, u32>(5)?,
            ))
        })?;
        for row in rows {
            let (id, name, kind, parent, tags, travel) = row?;
            units.push(Unit {
                id: UnitId::parse(&id).map_err(|e| StoreError::State(e.to_string()))?,
                name,
                kind: UnitKind::parse(&kind)
                    .ok_or_else(|| StoreError::State(format!("bad unit kind {kind}")))?,
                parent: parent
                    .map(|p| UnitId::parse(&p))
                    .transpose()
                    .map_err(|e| StoreError::State(e.to_string()))?,
                tags: serde_json::from_str(&tags)?,
                travel: Minutes(travel),
            });
        }
        let mut people: Vec<Person> = Vec::new();
        let mut st = self.conn.prepare(
            "SELECT p.id, p.name, pos.unit_id, pos.role FROM people p JOIN positions pos ON pos.person_id = p.id ORDER BY p.id, pos.ord",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (id, name, unit, role) = row?;
            let pos = Position {
                unit: UnitId::parse(&unit).map_err(|e| StoreError::State(e.to_string()))?,
                role: Role::parse(&role)
                    .ok_or_else(|| StoreError::State(format!("bad role {role}")))?,
            };
            match people.last_mut() {
                Some(p) if p.id.as_str() == id => p.positions.push(pos),
                _ => people.push(Person {
                    id: PersonId::parse(&id).map_err(|e| StoreError::State(e.to_string()))?,
                    name,
                    positions: vec![pos],
                }),
            }
        }
        let mut rooms = Vec::new();
        let mut st = self
            .conn
            .prepare("SELECT id, name, site_json, capacity, video FROM rooms ORDER BY id")?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, u32>(3)?,
                r.get::<_, bool>(4)?,
            ))
        })?;
        for row in rows {
            let (id, name, site, capacity, video) = row?;
            rooms.push(Room {
                id: RoomId::parse(&id).map_err(|e| StoreError::State(e.to_string()))?,
                name,
                site: serde_json::from_str(&site)?,
                capacity,
                video,
            });
        }
        let org = Org::new(district, units, people, rooms).map_err(|e| StoreError::State(e.0))?;
        let mut holidays: Vec<HolidayYear> = Vec::new();
        let mut st = self
            .conn
            .prepare("SELECT data_json FROM holiday_years ORDER BY year")?;
        for row in st.query_map([], |r| r.get::<_, String>(0))? {
            holidays.push(serde_json::from_str(&row?)?);
        }
        Ok(DistrictData {
            org,
            rules,
            holidays,
        })
    }
}
