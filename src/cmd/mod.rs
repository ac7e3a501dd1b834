//! The subcommands of the `meetdeck` binary: each parses nothing itself (clap does) and
//! prints what the library returns. One file a command; `DeckArgs` are the options every
//! command that builds decks shares.

pub mod build;
pub mod check;
pub mod help;
pub mod new;
pub mod pdf;
pub mod theme;
pub mod watch;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU8, Ordering};

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
    /// Folder images must lie in (default: nearest folder with .git or meetdeck.toml).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Remove scripts, event handlers and javascript: URLs from the note's HTML.
    #[arg(long)]
    sanitize: bool,
}

impl DeckArgs {
    /// The library's build options these flags set; `strict` is each command's own flag
    /// (its meaning differs: no deck written, no PDF written, exit 1 after checking).
    pub fn options(&self, strict: bool) -> BuildOptions {
        BuildOptions {
            slide_level: self.slide_level,
            theme: self.theme.clone(),
            strict,
            root: self.root.clone(),
            max_image_width: None,
            sanitize: self.sanitize,
        }
    }
}

/// How much the commands print besides warnings and errors (`-q`, `-v`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Warnings and errors only.
    Quiet = 0,
    /// Also what was written, and summaries.
    Normal = 1,
    /// Also what was used.
    Verbose = 2,
}

static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

/// Sets how much the commands print (once, from the command line).
pub fn set_verbosity(level: Verbosity) {
    VERBOSITY.store(level as u8, Ordering::Relaxed);
}

/// Prints an informational line on stderr ("wrote …", summaries), unless `-q`.
pub fn info(line: &str) {
    if VERBOSITY.load(Ordering::Relaxed) >= Verbosity::Normal as u8 {
        eprintln!("{line}");
    }
}

/// Prints a detail on stderr, with `-v` only.
pub fn detail(line: &str) {
    if VERBOSITY.load(Ordering::Relaxed) >= Verbosity::Verbose as u8 {
        eprintln!("{line}");
    }
}

/// Prints a deck's warnings, one line each.
pub fn print_warnings(warnings: &[meetdeck::Warning]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

/// `1 note`, `2 notes`: `n` and the word, singular for one (English, the CLI's language).
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", if n == 1 { singular } else { plural })
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_are_singular_for_one_only() {
        assert_eq!(super::count(1, "note", "notes"), "1 note");
        assert_eq!(super::count(0, "note", "notes"), "0 notes");
        assert_eq!(super::count(2, "page", "pages"), "2 pages");
    }
}
