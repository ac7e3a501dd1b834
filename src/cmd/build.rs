//! `meetdeck build NOTE|DIR`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;
use meetdeck::assets::ImageCache;
use meetdeck::build;

use super::{count, detail, info, print_warnings, DeckArgs};

#[derive(Args)]
pub struct BuildArgs {
    /// The meeting note (Markdown).
    input: PathBuf,
    /// Output file (`-`: stdout), or output folder for a folder (default: beside each
    /// note; the folder's build state goes in `.meetdeck/` there, ignored by git).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Folder builds: rebuild every note, even unchanged ones.
    #[arg(long)]
    force: bool,
    /// Folder builds: worker threads (default: one per core).
    #[arg(long, short = 'j', value_name = "N")]
    jobs: Option<usize>,
    /// Fail (exit 1, no deck written) on any warning, e.g. a missing image.
    #[arg(long)]
    strict: bool,
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
    let deck = build::build_note(input, &args.deck.options(args.strict), &cache)?;
    print_warnings(&deck.warnings);
    let to_stdout = output == Path::new("-");
    if to_stdout {
        // `-o -`: the deck on stdout, as Unix tools do.
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(deck.html.as_bytes())
            .and_then(|()| stdout.flush())
            .context("writing the deck to stdout")?;
    } else {
        meetdeck::write::write_atomic(&output, deck.html.as_bytes())?;
    }
    // The slides as built, and the estimate of the slides once fitted when it differs.
    let summary = &deck.summary;
    let fitted = if summary.estimated {
        format!(", about {} once fitted", summary.slides)
    } else {
        String::new()
    };
    info(&format!(
        "wrote {} ({}{fitted}, {} KB)",
        if to_stdout {
            "stdout".to_string()
        } else {
            meetdeck::error::shown_path(&output)
        },
        count(summary.built_slides, "slide", "slides"),
        deck.html.len().div_ceil(1024)
    ));
    Ok(ExitCode::SUCCESS)
}

fn folder(args: &BuildArgs) -> anyhow::Result<ExitCode> {
    use std::io::IsTerminal;
    if args.output.as_deref() == Some(Path::new("-")) {
        return Err(meetdeck::Error::Usage(format!(
            "{}: a folder's decks cannot go to stdout; give -o an output folder",
            args.input.display()
        ))
        .into());
    }
    let options = meetdeck::batch::BatchOptions {
        input_dir: args.input.clone(),
        output_dir: args.output.clone(),
        build: args.deck.options(args.strict),
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
    info(&format!(
        "{} ({} built, {} unchanged), {}, {}, {} failed in {:.0?}",
        count(report.notes, "note", "notes"),
        report.built,
        report.unchanged,
        count(report.slides, "slide", "slides"),
        count(report.warnings, "warning", "warnings"),
        report.failures.len(),
        report.elapsed
    ));
    detail(&format!("index: {}", report.index.display()));
    Ok(if report.failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
