//! `meetdeck check NOTE|DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use meetdeck::check::{self, Kind};

use super::{count, info, DeckArgs};

/// How the findings are printed on stdout.
#[derive(Clone, Copy, Default, ValueEnum)]
pub enum Format {
    /// `NOTE.md:LINE: SEVERITY: message [KIND]`, one a line.
    #[default]
    Text,
    /// One JSON array of objects with file, line, severity, kind and message.
    Json,
    /// GitHub Actions annotations: `::warning file=NOTE.md,line=LINE,title=…::message`.
    Github,
}

#[derive(Args)]
pub struct CheckArgs {
    /// A note, or a folder of notes.
    input: PathBuf,
    /// Exit 1 when a warning is found (info findings, such as a continued slide, never
    /// fail); every finding is still reported. Errors always exit 1.
    #[arg(long)]
    strict: bool,
    /// Do not report findings of this kind (repeat, or separate with commas).
    #[arg(long, value_name = "KIND", value_delimiter = ',', value_parser = parse_kind)]
    allow: Vec<Kind>,
    /// How findings are printed.
    #[arg(long, value_enum, default_value_t)]
    format: Format,
    #[command(flatten)]
    deck: DeckArgs,
}

/// A `--allow` value: one of the kinds `check` reports.
fn parse_kind(name: &str) -> Result<Kind, String> {
    Kind::parse(name).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind `{name}`; kinds: {}", names.join(", "))
    })
}

/// Prints every finding of every note; exits 1 on an error, or on a warning with `--strict`.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    // `--strict` decides the exit code here; the checks themselves never stop on a warning.
    let report = check::check_all(&args.input, &args.deck.options(false), &args.allow)?;
    match args.format {
        Format::Text => {
            for finding in &report.findings {
                println!("{}", finding.to_text());
            }
        }
        Format::Json => println!("{}", report.to_json()),
        Format::Github => {
            for finding in &report.findings {
                println!("{}", finding.to_github());
            }
        }
    }
    info(&format!(
        "{} in {}",
        count(report.findings.len(), "finding", "findings"),
        count(report.notes, "note", "notes")
    ));
    Ok(if report.fails(args.strict) {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
