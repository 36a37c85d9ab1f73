//! Stage and counts on a terminal while a crate generates (a large spec takes seconds); off a
//! terminal, or with `--quiet`, nothing: the summary line says it all.

use std::io::IsTerminal;
use std::time::Duration;

use generator::Stage;
use indicatif::{ProgressBar, ProgressStyle};

/// A spinner on stderr, or nothing.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    pub fn new(quiet: bool) -> Progress {
        if quiet || !std::io::stderr().is_terminal() {
            return Progress(None);
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
            bar.set_style(style);
        }
        bar.set_message("loading and resolving the spec...");
        bar.enable_steady_tick(Duration::from_millis(100));
        Progress(Some(bar))
    }

    /// Shows where the generation is: what just ended, and what runs now.
    pub fn stage(&self, stage: Stage) {
        let Some(bar) = &self.0 else { return };
        bar.set_message(match stage {
            Stage::Resolved { spec, operations, types } => {
                format!("{spec}: {operations} operations, {types} types resolved; rendering...")
            }
            Stage::Rendered { files } => format!("{files} files rendered; formatting..."),
            Stage::Formatted { files, formatted } => {
                format!("{files} files ready ({formatted} formatted, the rest cached); writing...")
            }
        });
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
