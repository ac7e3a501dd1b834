//! `meetdeck new [DIR]`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

#[derive(Args)]
pub struct NewArgs {
    /// Folder of the series' notes (default: the current folder).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

/// Writes the next meeting's note.
pub fn run(args: &NewArgs) -> anyhow::Result<ExitCode> {
    let path = meetdeck::new_note::create_next(&args.dir)?;
    super::info(&format!("wrote {}", meetdeck::error::shown_path(&path)));
    Ok(ExitCode::SUCCESS)
}
