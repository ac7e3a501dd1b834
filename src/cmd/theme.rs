//! `meetdeck theme list` (or `meetdeck themes`) and `meetdeck theme eject NAME DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

#[derive(Subcommand)]
pub enum ThemeCommand {
    /// List the built-in themes.
    List,
    /// Write a built-in theme's files to DIR for editing; use it with `--theme DIR`.
    Eject {
        /// Built-in theme name (see `meetdeck themes`).
        name: String,
        /// Folder to write into.
        dir: PathBuf,
    },
}

/// Lists the built-in themes.
pub fn list() -> anyhow::Result<ExitCode> {
    for name in meetdeck::theme::builtin_names() {
        println!("{name}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs a `theme` subcommand.
pub fn run(command: &ThemeCommand) -> anyhow::Result<ExitCode> {
    match command {
        ThemeCommand::List => list(),
        ThemeCommand::Eject { name, dir } => {
            for file in meetdeck::theme::eject(name, dir)? {
                super::info(&format!("wrote {}", meetdeck::error::shown_path(&file)));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
