//! The text `pinhui plan` prints: the cost summary and, for a published week,
//! what the re-plan did to the published sessions (Chinese, one line each).

use pinhui::model::{Plan, Stability, WeekId};

pub fn summary(week: WeekId, version: u32, plan: &Plan) -> String {
    let c = &plan.cost;
    let mut out = format!(
        "{} 草案 v{}：{} 项申请 → {} 场会议，未安排 {} 项；参会 {} 人次（基线 {}），往返 {} 趟（基线 {}），干部耗时 {} 分钟（基线 {}）\n",
        week,
        version,
        c.proposals,
        c.sessions,
        plan.unplaced.len(),
        c.attendances,
        c.baseline_attendances,
        c.trips,
        c.baseline_trips,
        c.cadre_minutes,
        c.baseline_cadre_minutes
    );
    if c.dropped_relays > 0 {
        out.push_str(&format!(
            "取消传达会议 {} 个（参会人员直接参加上级视频会议），节省 {} 干部·分钟\n",
            c.dropped_relays, c.dropped_relay_minutes
        ));
    }
    if let Some(st) = &plan.stability {
        out.push_str(&stability(st));
    }
    out
}

/// What a re-plan did to the published sessions, one line each (Chinese).
fn stability(st: &Stability) -> String {
    let hm = |t: chrono::NaiveDateTime| t.format("%m-%d %H:%M").to_string();
    let mut out = format!(
        "已发布会议：保持 {} 场，调整 {} 场，取消 {} 场\n",
        st.kept.len(),
        st.moved.len(),
        st.cancelled.len()
    );
    for m in &st.moved {
        let to =
            m.to.map_or_else(|| "并入其他会议".to_string(), |t| format!("改到 {}", hm(t)));
        out.push_str(&format!(
            "  调整 {}：原定 {}，{}（{}）\n",
            m.session,
            hm(m.from),
            to,
            m.reason.label()
        ));
    }
    for c in &st.cancelled {
        out.push_str(&format!(
            "  取消 {}：原定 {}（{}）\n",
            c.session,
            hm(c.start),
            c.reason.label()
        ));
    }
    out
}
