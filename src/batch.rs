//! `meetdeck build DIR`: every note of a folder in parallel, with an index page.

use std::path::PathBuf;
use std::time::Duration;

use crate::build::BuildOptions;
use crate::error::{Error, Result};

/// Options of a folder build.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub input_dir: PathBuf,
    /// Where decks go, mirroring the input's folders (default: beside each note).
    pub output_dir: Option<PathBuf>,
    pub build: BuildOptions,
    /// Rebuild even unchanged notes.
    pub force: bool,
    /// Worker threads (default: all cores).
    pub jobs: Option<usize>,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
}

/// What a folder build did.
#[derive(Debug, Clone, Default)]
pub struct BatchReport {
    pub notes: usize,
    pub built: usize,
    pub unchanged: usize,
    pub slides: usize,
    pub warnings: usize,
    /// One line per failed note (`file:line: message`).
    pub failures: Vec<String>,
    pub elapsed: Duration,
}

/// Builds every note under `options.input_dir`.
pub fn build_dir(options: &BatchOptions) -> Result<BatchReport> {
    Err(Error::Usage(format!(
        "{}: building a folder is not implemented yet",
        options.input_dir.display()
    )))
}
