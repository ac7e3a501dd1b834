//! `meetdeck check NOTE|DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::DeckArgs;

#[derive(Args)]
pub struct CheckArgs {
    /// A note, or a folder of notes.
    input: PathBuf,
    #[command(flatten)]
    deck: DeckArgs,
}

/// Prints every finding of every note; `--strict` exits 1 when anything is reported.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    // `--strict` means "exit 1 when anything is reported" here, not "fail on the first".
    let mut options = args.deck.options();
    options.strict = false;
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
    eprintln!("{findings} findings in {} notes", found.notes.len());
    Ok(if failed || (args.deck.strict && findings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
