//! `meetdeck new`: the next meeting's note, started from the latest one.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Writes the next meeting's note in `dir`; returns its path.
pub fn create_next(dir: &Path) -> Result<PathBuf> {
    Err(Error::Usage(format!(
        "{}: `meetdeck new` is not implemented yet",
        dir.display()
    )))
}
