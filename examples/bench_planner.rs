//! Planner benchmark: the sample week, and generated districts (1, 10, 100)
//! planned in parallel. Run with
//! `cargo run --release --example bench_planner [-- --districts N] [--dense] [--digest]`.
//! Numbers and targets: docs/planner.md.

use pinhui::calendar::WorkCalendar;
use pinhui::io::org::load_district_dir;
use pinhui::io::{Syntax, week::parse_week};
use pinhui::model::WeekId;
use pinhui::plan::{PlanInput, plan_week};
use pinhui::synth::{Region, Size, region_sized};
use std::path::Path;
use std::time::Instant;

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

/// User + system CPU seconds of this process (from /proc/self/stat, 100 Hz ticks).
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1;
            let f: Vec<&str> = rest.split_whitespace().collect();
            let u: f64 = f.get(11)?.parse().ok()?;
            let k: f64 = f.get(12)?.parse().ok()?;
            Some((u + k) / 100.0)
        })
        .unwrap_or(0.0)
}

fn sample_week_ms() -> f64 {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let d = load_district_dir(&root.join("data")).expect("sample district");
    let text = std::fs::read_to_string(root.join("data/weeks/2026-W49.toml")).expect("week");
    let w = parse_week("2026-W49", &text, Syntax::Toml, &d.org).expect("week parses");
    let cal = WorkCalendar::new(&d.holidays, &d.rules);
    let input = PlanInput {
        org: &d.org,
        calendar: &cal,
        week: w.week,
        proposals: &w.proposals,
        busy: &w.busy,
        previous: None,
    };
    let _ = plan_week(&input); // warm-up
    let runs = 20;
    let t = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(plan_week(&input));
    }
    t.elapsed().as_secs_f64() * 1000.0 / runs as f64
}

/// Plans every district of a region in parallel; returns (wall seconds, CPU
/// seconds, sessions, proposals, placed proposals).
fn plan_region(r: &Region, threads: usize) -> (f64, f64, usize, usize, usize) {
    let t = Instant::now();
    let c = cpu_secs();
    let results = pinhui::plan::plan_many(&r.inputs(), threads);
    let secs = t.elapsed().as_secs_f64();
    let cpu = cpu_secs() - c;
    if std::env::args().any(|a| a == "--digest") {
        // Fingerprint of every plan, to show that a speed-up changed no plan.
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut h = DefaultHasher::new();
        for p in &results {
            serde_json::to_string(p)
                .expect("plan serialises")
                .hash(&mut h);
        }
        println!("plans digest {:016x}", h.finish());
    }
    let sessions = results.iter().map(|p| p.sessions.len()).sum();
    let proposals = results.iter().map(|p| p.cost.proposals as usize).sum();
    let placed = results
        .iter()
        .map(|p| p.cost.placed_proposals as usize)
        .sum();
    (secs, cpu, sessions, proposals, placed)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let only: Option<usize> = args
        .iter()
        .position(|a| a == "--districts")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok());
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let wk = WeekId::parse("2026-W49").expect("week");
    if only.is_none() {
        println!("sample week 2026-W49: {:.2} ms per plan", sample_week_ms());
    }
    // --dense: every non-inspection meeting summons the leaders of every
    // township (the worst case for merging and scheduling).
    let size = if args.iter().any(|a| a == "--dense") {
        Size {
            focused_percent: 0,
            ..Size::DISTRICT
        }
    } else {
        Size::DISTRICT
    };
    let sizes: Vec<usize> = only.map_or(vec![1, 10, 100], |n| vec![n]);
    let mut per_district = Vec::new();
    for n in sizes {
        let t = Instant::now();
        let r = region_sized(42, n, wk, size);
        let gen_secs = t.elapsed().as_secs_f64();
        // Small regions take a fraction of a second: best of several runs, so
        // that one noisy run does not decide the growth ratio.
        let reps = if n >= 100 { 1 } else { 5 };
        let (mut secs, mut cpu, sessions, proposals, placed) = plan_region(&r, threads);
        for _ in 1..reps {
            let again = plan_region(&r, threads);
            secs = secs.min(again.0);
            cpu = cpu.min(again.1);
        }
        println!(
            "{n:>3} districts: {proposals} proposals ({placed} placed), {} cadres -> {sessions} sessions; \
             planned in {secs:.3} s wall, {cpu:.2} s CPU on {threads} threads (best of {reps}) \
             ({:.1} ms CPU/district); generated in {gen_secs:.2} s; peak RSS so far {} MiB",
            r.cadres(),
            cpu * 1000.0 / n as f64,
            peak_rss_kib() / 1024
        );
        per_district.push((n, cpu / n as f64));
    }
    if let (Some(&(a, ta)), Some(&(b, tb))) = (
        per_district.iter().find(|x| x.0 == 10),
        per_district.iter().find(|x| x.0 == 100),
    ) {
        println!(
            "CPU time per district, {b} vs {a} districts: {:.2}× (target ≤ 1.2×)",
            tb / ta
        );
    }
}
