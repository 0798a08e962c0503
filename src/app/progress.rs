//! Progress bars for long steps (demo steps, writing many feeds): drawn on
//! stderr only when it is a terminal, hidden when piped or under test, so
//! output files and stdout never depend on them.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A bar of `len` steps labelled `msg`; hidden unless stderr is a terminal.
pub(crate) fn bar(len: u64, msg: &'static str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(len);
    pb.set_style(
        ProgressStyle::with_template("{msg:>8} [{bar:30}] {pos}/{len}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    pb.set_message(msg);
    pb
}
