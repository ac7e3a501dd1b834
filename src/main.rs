//! The `meetdeck` command: parses arguments and prints errors; the work is in the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use meetdeck::assets::ImageCache;
use meetdeck::build::{self, BuildOptions};

#[derive(Parser)]
#[command(
    name = "meetdeck",
    version,
    about = "Markdown meeting notes → one self-contained HTML slide deck"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the deck of a note (NOTE.html beside it, or -o).
    Build(BuildArgs),
}

#[derive(Args)]
struct BuildArgs {
    /// The meeting note (Markdown).
    input: PathBuf,
    /// Output file (default: the note's name with .html, beside it).
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    deck: DeckArgs,
}

/// Options shared by every command that builds decks.
#[derive(Args, Clone)]
struct DeckArgs {
    /// Heading level that starts a slide (one level down starts vertical slides).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=6))]
    slide_level: Option<u8>,
    /// A built-in theme name or a theme folder.
    #[arg(long, value_name = "NAME|DIR")]
    theme: Option<String>,
    /// Fail (exit 1, no deck written) on any warning, e.g. a missing image.
    #[arg(long)]
    strict: bool,
    /// Folder images must lie in (default: nearest folder with .git or meetdeck.toml).
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

impl DeckArgs {
    fn options(&self) -> BuildOptions {
        BuildOptions {
            slide_level: self.slide_level,
            theme: self.theme.clone(),
            strict: self.strict,
            root: self.root.clone(),
            max_image_width: None,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => build_command(&args),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // One line: the error and its causes, `meetdeck: a.md:3: what is wrong`.
            eprintln!("meetdeck: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn build_command(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let input = &args.input;
    let metadata = std::fs::metadata(input).with_context(|| format!("{}", input.display()))?;
    if metadata.is_dir() {
        anyhow::bail!(
            "{}: building a folder is not supported yet",
            input.display()
        );
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| build::default_output(input));
    build::check_output_is_not_input(input, &output)?;
    let cache = ImageCache::default();
    let deck = build::build_note(input, &args.deck.options(), &cache)?;
    print_warnings(&deck.warnings);
    meetdeck::write::write_atomic(&output, deck.html.as_bytes())?;
    eprintln!(
        "wrote {} ({} slides, {} KB)",
        display_path(&output),
        deck.slides,
        deck.html.len().div_ceil(1024)
    );
    Ok(ExitCode::SUCCESS)
}

fn print_warnings(warnings: &[meetdeck::Warning]) {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
}

fn display_path(path: &Path) -> String {
    path.display().to_string()
}
