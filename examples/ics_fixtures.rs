//! Writes hard-fixture feeds for the CI's independent iCalendar parsers:
//! long Chinese text; `,` `;` `\` and newlines in titles, names and the
//! organizer; a cancelled and a changed event (SEQUENCE > 0); every scope.
//!
//! `cargo run --example ics_fixtures -- DIR`, then
//! `python3 tests/tools/validate_ics.py DIR` (and validate_ics.mjs).

#[path = "../tests/common/feeds.rs"]
mod feeds;

use feeds::*;
use pinhui::ics::{FeedOptions, FeedScope, render_feed};
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: ics_fixtures DIR");
        std::process::exit(2);
    };
    std::fs::create_dir_all(dir.join("people"))?;
    std::fs::create_dir_all(dir.join("units"))?;
    let long = "关于进一步加强基层社会治理和推进城市更新行动的专题部署会议".repeat(6);
    let multiline = "第一行,逗号;分号\\反斜杠\n第二行\r\n第三行\rEND:VEVENT";
    let samples = [
        ("plain", sessions(), Names::default()),
        ("long", sessions_with(&long), Names::default()),
        ("hostile", sessions_with(HOSTILE), hostile_names()),
        ("multiline", sessions_with(multiline), hostile_names()),
    ];
    let mut files = 0;
    for (tag, ss, names) in samples {
        let org = org_with(&names);
        for opts in [
            FeedOptions::default(),
            FeedOptions {
                reminder_minutes: None,
                ..FeedOptions::default()
            },
        ] {
            let suffix = if opts.reminder_minutes.is_some() {
                tag.to_string()
            } else {
                format!("{tag}-noalarm")
            };
            let mut write = |path: PathBuf, scope: FeedScope| -> std::io::Result<()> {
                files += 1;
                let ics = render_feed(&org, &proposals(), &ss, scope, &opts, now());
                std::fs::write(path, ics)
            };
            write(
                dir.join(format!("district-{suffix}.ics")),
                FeedScope::District,
            )?;
            for p in org.people() {
                let path = dir.join("people").join(format!("{}-{suffix}.ics", p.id));
                write(path, FeedScope::Person(&p.id))?;
            }
            for u in org.units() {
                let path = dir.join("units").join(format!("{}-{suffix}.ics", u.id));
                write(path, FeedScope::Unit(&u.id))?;
            }
        }
    }
    println!("wrote {files} fixture feeds to {}", dir.display());
    Ok(())
}
