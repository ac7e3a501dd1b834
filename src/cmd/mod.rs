//! The subcommands of the `meetdeck` binary: each parses nothing itself (clap does) and
//! prints what the library returns. One file a command; `DeckArgs` are the options every
//! command that builds decks shares.

pub mod build;
pub mod check;
pub mod new;
pub mod pdf;
pub mod theme;
pub mod watch;

use std::path::PathBuf;

use clap::Args;
use meetdeck::build::BuildOptions;

/// Options shared by every command that builds decks.
#[derive(Args, Clone)]
pub struct DeckArgs {
    /// Heading level that starts a slide (one level down starts vertical slides).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=6))]
    slide_level: Option<u8>,
    /// A built-in theme name or a theme folder.
    #[arg(long, value_name = "NAME|DIR")]
    theme: Option<String>,
    /// Fail (exit 1, no deck written) on any warning, e.g. a missing image.
    #[arg(long)]
    pub strict: bool,
    /// Folder images must lie in (default: nearest folder with .git or meetdeck.toml).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Remove scripts, event handlers and javascript: URLs from the note's HTML.
    #[arg(long)]
    sanitize: bool,
}

impl DeckArgs {
    /// The library's build options these flags set.
    pub fn options(&self) -> BuildOptions {
        BuildOptions {
            slide_level: self.slide_level,
            theme: self.theme.clone(),
            strict: self.strict,
            root: self.root.clone(),
            max_image_width: None,
            sanitize: self.sanitize,
        }
    }
}

/// Prints a deck's warnings, one line each.
pub fn print_warnings(warnings: &[meetdeck::Warning]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}
