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
    /// Build the deck of a note (NOTE.html beside it, or -o), or of every note in a folder.
    Build(BuildArgs),
    /// Serve a note's deck (or a folder's decks and index) on 127.0.0.1 and reload the
    /// browser on every save.
    Watch(WatchArgs),
    /// Start the next meeting's note from the latest one in a folder.
    New(NewArgs),
    /// Report what will not present well: missing or remote images, slides that will be
    /// continued, skipped heading levels.
    Check(CheckArgs),
    /// List the built-in themes.
    Themes,
    /// Work with themes.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// Print a note's deck to PDF (one slide a page) with an installed Chromium or Chrome.
    Pdf(PdfArgs),
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Write a built-in theme's files to DIR for editing; use it with `--theme DIR`.
    Eject {
        /// Built-in theme name (see `meetdeck themes`).
        name: String,
        /// Folder to write into.
        dir: PathBuf,
    },
}

#[derive(Args)]
struct PdfArgs {
    /// The meeting note.
    input: PathBuf,
    /// Output file (default: the note's name with .pdf, beside it).
    #[arg(short, long)]
    output: Option<PathBuf>,
    #[command(flatten)]
    deck: DeckArgs,
}

#[derive(Args)]
struct CheckArgs {
    /// A note, or a folder of notes.
    input: PathBuf,
    #[command(flatten)]
    deck: DeckArgs,
}

#[derive(Args)]
struct WatchArgs {
    /// The meeting note to watch, or a folder of notes (served with an index page).
    input: PathBuf,
    /// Port to listen on (the next free one is used when it is busy).
    #[arg(long, default_value_t = 8000)]
    port: u16,
    /// Address to listen on; anything but loopback exposes the deck to the network.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Open the deck in the default browser.
    #[arg(long)]
    open: bool,
    /// Stay on the current slide even when an edit changed another one.
    #[arg(long)]
    no_follow: bool,
    #[command(flatten)]
    deck: DeckArgs,
}

#[derive(Args)]
struct NewArgs {
    /// Folder of the series' notes (default: the current folder).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

#[derive(Args)]
struct BuildArgs {
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
    /// Remove scripts, event handlers and javascript: URLs from the note's HTML.
    #[arg(long)]
    sanitize: bool,
}

impl DeckArgs {
    fn options(&self) -> BuildOptions {
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

/// Exit code of an internal error (a panic): EX_SOFTWARE, never Rust's 101.
const EXIT_INTERNAL_ERROR: u8 = 70;

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
    let result = match cli.command {
        Command::Build(args) => build_command(&args),
        Command::Watch(args) => watch_command(&args),
        Command::New(args) => new_command(&args),
        Command::Check(args) => check_command(&args),
        Command::Pdf(args) => pdf_command(&args),
        Command::Themes => {
            for name in meetdeck::theme::builtin_names() {
                println!("{name}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Theme(ThemeCommand::Eject { name, dir }) => meetdeck::theme::eject(&name, &dir)
            .map_err(anyhow::Error::from)
            .map(|files| {
                for file in files {
                    eprintln!("wrote {}", file.display());
                }
                ExitCode::SUCCESS
            }),
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
        return batch_command(args);
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

fn batch_command(args: &BuildArgs) -> anyhow::Result<ExitCode> {
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

fn watch_command(args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let options = meetdeck::watch::WatchOptions {
        input: args.input.clone(),
        host: args.host.clone(),
        port: args.port,
        open: args.open,
        no_follow: args.no_follow,
        build: args.deck.options(),
    };
    meetdeck::watch::run(&options)?;
    Ok(ExitCode::SUCCESS)
}

fn check_command(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    // `--strict` means "exit 1 when anything is reported" here, not "fail on the first".
    let mut options = args.deck.options();
    options.strict = false;
    let found = meetdeck::check::notes_in(&args.input)?;
    let notes = found.notes;
    let mut findings = 0;
    let mut failed = !found.problems.is_empty();
    for problem in &found.problems {
        eprintln!("meetdeck: {problem}");
    }
    for note in &notes {
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
    eprintln!("{findings} findings in {} notes", notes.len());
    Ok(if failed || (args.deck.strict && findings > 0) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn pdf_command(args: &PdfArgs) -> anyhow::Result<ExitCode> {
    let input = &args.input;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| input.with_extension("pdf"));
    build::check_output_is_not_input(input, &output)?;
    let browser = meetdeck::pdf::find_browser()?;
    let deck = build::build_note(input, &args.deck.options(), &ImageCache::default())?;
    print_warnings(&deck.warnings);
    let dir = tempfile::tempdir().context("creating a temporary folder")?;
    let html = dir.path().join("deck.html");
    meetdeck::write::write_atomic(&html, deck.html.as_bytes())?;
    meetdeck::pdf::print_to_pdf(&browser, &html, &output)?;
    eprintln!("wrote {} ({} slides)", output.display(), deck.slides);
    Ok(ExitCode::SUCCESS)
}

fn new_command(args: &NewArgs) -> anyhow::Result<ExitCode> {
    let path = meetdeck::new_note::create_next(&args.dir)?;
    eprintln!("wrote {}", path.display());
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
