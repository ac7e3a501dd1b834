//! The `meetdeck` command: parses arguments and prints errors; each subcommand is a file of
//! `cmd/`, and the work is in the library.

mod cmd;

use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "meetdeck",
    version,
    about = "Markdown meeting notes → one self-contained HTML slide deck"
)]
struct Cli {
    /// Print only warnings and errors (no "wrote …" or summary lines).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print what each command used (the browser, the notes' folder, timings).
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the deck of a note (NOTE.html beside it, or -o), or of every note in a folder.
    Build(cmd::build::BuildArgs),
    /// Serve a note's deck (or a folder's decks and index) on 127.0.0.1 and reload the
    /// browser on every save.
    Watch(cmd::watch::WatchArgs),
    /// Start the next meeting's note from the latest one in a folder.
    New(cmd::new::NewArgs),
    /// Report what will not present well: missing or remote images, slides that will be
    /// continued, skipped heading levels.
    Check(cmd::check::CheckArgs),
    /// List the built-in themes (the same as `theme list`).
    Themes,
    /// Work with themes: list the built-in ones, eject one to edit.
    #[command(subcommand)]
    Theme(cmd::theme::ThemeCommand),
    /// Print a note's deck to PDF (one slide a page) with an installed Chromium or Chrome.
    Pdf(cmd::pdf::PdfArgs),
    /// Print a shell completion script (e.g. `meetdeck completions bash`).
    Completions {
        /// The shell (bash, zsh, fish, elvish, powershell).
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `meetdeck man > meetdeck.1; man ./meetdeck.1`.
    Man,
}

/// Exit code of an internal error (a panic): EX_SOFTWARE, never Rust's 101.
const EXIT_INTERNAL_ERROR: u8 = 70;
/// Exit code of a command line that asks for something impossible, as clap's own errors.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    // A panic is a bug, but the user still gets one line and a documented exit code.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let location = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        eprintln!(
            "meetdeck: internal error{location}: {message} (this is a bug; please report it)"
        );
    }));
    std::panic::catch_unwind(run).unwrap_or(ExitCode::from(EXIT_INTERNAL_ERROR))
}

fn run() -> ExitCode {
    let cli = Cli::parse();
    cmd::set_verbosity(if cli.quiet {
        cmd::Verbosity::Quiet
    } else if cli.verbose {
        cmd::Verbosity::Verbose
    } else {
        cmd::Verbosity::Normal
    });
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Watch(args) => cmd::watch::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Pdf(args) => cmd::pdf::run(args),
        Command::Themes => cmd::theme::list(),
        Command::Theme(command) => cmd::theme::run(command),
        Command::Completions { shell } => cmd::help::completions(*shell, Cli::command()),
        Command::Man => cmd::help::man(Cli::command()),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            // One line: the error and its causes, `meetdeck: a.md:3: what is wrong`.
            eprintln!("meetdeck: {error:#}");
            match error.downcast_ref::<meetdeck::Error>() {
                Some(meetdeck::Error::Usage(_)) => ExitCode::from(EXIT_USAGE),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    /// clap's own consistency checks of the command line (conflicting flags, bad defaults...).
    #[test]
    fn command_line_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
