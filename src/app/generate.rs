//! `pinhui gen`: synthetic districts and weeks (`synth`) written as ordinary
//! district folders and week files, so that `init`, `import` and `plan` can be
//! tried at the scale of a district, a city or a province.

use super::{AppError, AppResult};
use crate::calendar::HolidayYear;
use crate::io::write::{WriteError, write_district_dir, write_week_file};
use crate::model::WeekId;
use crate::synth::{Size, region_district};
use std::path::{Path, PathBuf};

/// Most districts one `gen` writes (district `i` uses seed `seed * 1000 + i`).
pub const MAX_DISTRICTS: usize = 999;

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenOptions {
    /// Must not exist or be an empty folder.
    pub out: PathBuf,
    pub districts: usize,
    pub seed: u64,
    pub week: WeekId,
    /// Every non-inspection meeting summons every township's leaders
    /// (`focused_percent: 0`, the planner's worst case).
    pub dense: bool,
}

/// What was written.
#[derive(Debug, Clone)]
pub struct GenSummary {
    /// One district folder per district (`out` itself when there is one).
    pub folders: Vec<PathBuf>,
    pub proposals: usize,
    pub cadres: usize,
}

/// Writes `districts` generated districts of `Size::DISTRICT` (the districts
/// of `synth::region_sized(seed, n, week, size)`, as the planner benchmark
/// plans them): with one, `out/district.toml` … and `out/weeks/<week>.toml`;
/// with more, one folder per district (`out/d001/` …). Refuses a non-empty
/// `out`.
pub fn generate(o: &GenOptions) -> AppResult<GenSummary> {
    if !(1..=MAX_DISTRICTS).contains(&o.districts) {
        return Err(AppError::Usage(format!(
            "模拟区个数应为 1 到 {MAX_DISTRICTS}，收到 {}",
            o.districts
        )));
    }
    check_out(&o.out)?;
    let size = if o.dense {
        Size {
            focused_percent: 0,
            ..Size::DISTRICT
        }
    } else {
        Size::DISTRICT
    };
    let pb = super::progress::bar(o.districts as u64, "生成");
    let mut summary = GenSummary {
        folders: Vec::new(),
        proposals: 0,
        cadres: 0,
    };
    for i in 0..o.districts {
        let dir = if o.districts == 1 {
            o.out.clone()
        } else {
            o.out.join(format!("d{:03}", i + 1))
        };
        let mut g = region_district(o.seed, i, o.week, size);
        g.data.holidays = synthetic_holidays(o.week);
        write_district_dir(&dir, &g.data).map_err(write_error)?;
        write_week_file(&dir, &g.week).map_err(write_error)?;
        summary.proposals += g.week.proposals.len();
        summary.cadres += g.data.org.people().count();
        summary.folders.push(dir);
        pb.inc(1);
    }
    pb.finish_and_clear();
    Ok(summary)
}

/// An explicit empty holiday year for each year the week touches: generated
/// districts have no holidays (every weekday works), and saying so in
/// `holidays/` spares the warning for years without holiday data.
fn synthetic_holidays(week: WeekId) -> Vec<HolidayYear> {
    let mut years: Vec<i32> = week.days().map(|d| chrono::Datelike::year(&d)).collect();
    years.dedup();
    years
        .into_iter()
        .map(|year| HolidayYear {
            year,
            source: "模拟数据（pinhui gen）：不含法定节假日，周一至周五均为工作日".into(),
            days_off: Vec::new(),
            makeup_workdays: Vec::new(),
        })
        .collect()
}

/// `out` must not exist, or be an empty folder.
fn check_out(out: &Path) -> AppResult<()> {
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                return Err(AppError::Usage(format!(
                    "输出目录 {} 不为空：为免覆盖已有文件，请指定一个不存在的目录或空目录",
                    out.display()
                )));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if out.exists() && !out.is_dir() => Err(AppError::Usage(format!(
            "输出路径 {} 已存在且不是目录",
            out.display()
        ))),
        Err(e) => Err(AppError::Write {
            path: out.display().to_string(),
            source: e,
        }),
    }
}

fn write_error(e: WriteError) -> AppError {
    match e {
        WriteError::Io { path, source } => AppError::Write { path, source },
        WriteError::Format { file, message } => AppError::Write {
            path: file,
            source: std::io::Error::other(message),
        },
    }
}
