//! `meetdeck pdf NOTE`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use meetdeck::assets::ImageCache;
use meetdeck::build;

use super::{count, detail, info, print_warnings, DeckArgs};

#[derive(Args)]
pub struct PdfArgs {
    /// The meeting note.
    input: PathBuf,
    /// Output file (default: the note's name with .pdf, beside it); `-` for stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Fail (exit 1, no PDF written) on any warning, e.g. a missing image.
    #[arg(long)]
    strict: bool,
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
    // A bad -o is refused before the deck is built or a browser started.
    meetdeck::pdf::check_output(&output)?;
    let browser = meetdeck::pdf::find_browser()?;
    detail(&format!("printing with {}", browser.display()));
    let deck = build::build_note(
        input,
        &args.deck.options(args.strict),
        &ImageCache::default(),
    )?;
    print_warnings(&deck.warnings);
    let pages = meetdeck::pdf::print_to_pdf(&browser, &deck.html, &output)?;
    // The pages printed, not the note's slides: the runtime continues a long slide on more.
    let shown = if output == Path::new("-") {
        "stdout".to_string()
    } else {
        meetdeck::error::shown_path(&output)
    };
    info(&format!(
        "wrote {shown} ({})",
        count(pages, "page", "pages")
    ));
    Ok(ExitCode::SUCCESS)
}
