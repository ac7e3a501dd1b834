//! `meetdeck check NOTE|DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::{count, DeckArgs};

#[derive(Args)]
pub struct CheckArgs {
    /// A note, or a folder of notes.
    input: PathBuf,
    /// Exit 1 when anything is reported (check never writes a deck).
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    deck: DeckArgs,
}

/// Prints every finding of every note; `--strict` exits 1 when anything is reported.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    // `--strict` means "exit 1 when anything is reported" here, not "fail on the first".
    let options = args.deck.options(false);
    let found = meetdeck::check::notes_in(&args.input)?;
    let mut findings = 0;
    let mut failed = !found.problems.is_empty();
    for problem in &found.problems {
        eprintln!("meetdeck: {problem}");
    }
    for note in &found.notes {
        match meetdeck::check::check_note(note, &options) {
            Ok(warnings) => {
                for warning in &warnings {
                    println!("{warning}");
                }
                findings += warnings.len();
            }
            Err(error) => {
                eprintln!("meetdeck: {error}");
                failed = true;
            }
        }
    }
    eprintln!(
        "{} in {}",
        count(findings, "finding", "findings"),
        count(found.notes.len(), "note", "notes")
    );
    Ok(if failed || (args.strict && findings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
