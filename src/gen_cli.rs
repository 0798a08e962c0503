//! `pinhui gen`: synthetic districts written as ordinary input folders.

use crate::WeekArg;
use pinhui::app::{self, AppError, GenOptions};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct GenArgs {
    /// Folder to write; must not exist or be empty.
    #[arg(long)]
    out: PathBuf,
    /// Number of districts: 1 (a district), 10 (a city), 100 (a province).
    #[arg(long, default_value_t = 1)]
    districts: usize,
    /// Seed; the same seed gives the same files (the benchmark uses 42).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Week of the generated proposals.
    #[arg(long, default_value = "2026-W49")]
    week: WeekArg,
    /// Every non-inspection meeting summons every township's leaders (worst case).
    #[arg(long)]
    dense: bool,
}

pub fn gen_districts(a: GenArgs) -> Result<(), AppError> {
    let s = app::generate(&GenOptions {
        out: a.out.clone(),
        districts: a.districts,
        seed: a.seed,
        week: a.week.0,
        dense: a.dense,
    })?;
    println!(
        "已生成 {} 个模拟区：{} 项会议申请、{} 名干部，写入 {}",
        s.folders.len(),
        s.proposals,
        s.cadres,
        a.out.display()
    );
    if let Some(first) = s.folders.first() {
        let d = first.display();
        let w = a.week.0;
        println!(
            "试一试：pinhui --store gen.db init --data {d} && pinhui --store gen.db import {d}/weeks/{w}.toml && pinhui --store gen.db plan --week {w}"
        );
    }
    Ok(())
}
