//! `meetdeck watch`: build, serve from memory, rebuild on save, reload the browsers.

use std::path::PathBuf;

use crate::build::BuildOptions;
use crate::error::{Error, Result};

/// Options of `meetdeck watch`.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The note (or, later, a folder of notes).
    pub input: PathBuf,
    pub host: String,
    pub port: u16,
    /// Open the default browser on the deck.
    pub open: bool,
    /// Do not jump to the slide that an edit changed.
    pub no_follow: bool,
    pub build: BuildOptions,
}

/// Runs until Ctrl-C.
pub fn run(options: &WatchOptions) -> Result<()> {
    Err(Error::Usage(format!(
        "{}: watch mode is not implemented yet",
        options.input.display()
    )))
}
