//! `meetdeck pdf NOTE`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use meetdeck::assets::ImageCache;
use meetdeck::build;

use super::{print_warnings, DeckArgs};

#[derive(Args)]
pub struct PdfArgs {
    /// The meeting note.
    input: PathBuf,
    /// Output file (default: the note's name with .pdf, beside it).
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    deck: DeckArgs,
}

/// Builds the deck and prints it to PDF with an installed Chromium.
pub fn run(args: &PdfArgs) -> anyhow::Result<ExitCode> {
    let input = &args.input;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| input.with_extension("pdf"));
    build::check_output_is_not_input(input, &output)?;
    let browser = meetdeck::pdf::find_browser()?;
    let deck = build::build_note(input, &args.deck.options(), &ImageCache::default())?;
    print_warnings(&deck.warnings);
    meetdeck::pdf::print_to_pdf(&browser, &deck.html, &output)?;
    eprintln!(
        "wrote {} ({} slides)",
        meetdeck::error::shown_path(&output),
        deck.summary.slides
    );
    Ok(ExitCode::SUCCESS)
}
