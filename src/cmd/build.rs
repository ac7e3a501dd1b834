//! `meetdeck build NOTE|DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use meetdeck::assets::ImageCache;
use meetdeck::build;

use super::{print_warnings, DeckArgs};

#[derive(Args)]
pub struct BuildArgs {
    /// The meeting note (Markdown).
    input: PathBuf,
    /// Output file, or output folder for a folder (default: beside each note).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Folder builds: rebuild every note, even unchanged ones.
    #[arg(long)]
    force: bool,
    /// Folder builds: worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    #[command(flatten)]
    deck: DeckArgs,
}

/// Builds one note's deck, or every deck of a folder.
pub fn run(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    let input = &args.input;
    let metadata =
        std::fs::metadata(input).with_context(|| meetdeck::error::shown_path(input).to_string())?;
    if metadata.is_dir() {
        return folder(args);
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
        meetdeck::error::shown_path(&output),
        deck.summary.slides,
        deck.html.len().div_ceil(1024)
    );
    Ok(ExitCode::SUCCESS)
}

fn folder(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    let options = meetdeck::batch::BatchOptions {
        input_dir: args.input.clone(),
        output_dir: args.output.clone(),
        build: args.deck.options(),
        force: args.force,
        jobs: args.jobs,
        progress: std::io::stderr().is_terminal(),
    };
    let report = meetdeck::batch::build_dir(&options)?;
    for warning in &report.warning_messages {
        eprintln!("warning: {warning}");
    }
    for failure in &report.failures {
        eprintln!("meetdeck: {failure}");
    }
    eprintln!(
        "{} notes ({} built, {} unchanged), {} slides, {} warnings, {} failed in {:.0?}",
        report.notes,
        report.built,
        report.unchanged,
        report.slides,
        report.warnings,
        report.failures.len(),
        report.elapsed
    );
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
