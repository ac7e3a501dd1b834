//! `meetdeck watch NOTE|DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::DeckArgs;

#[derive(Args)]
pub struct WatchArgs {
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
    /// Treat any warning as an error: the browser shows the error, not the deck.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    deck: DeckArgs,
}

/// Serves the deck(s) until Ctrl-C, rebuilding on every save.
pub fn run(args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let options = meetdeck::watch::WatchOptions {
        input: args.input.clone(),
        host: args.host.clone(),
        port: args.port,
        open: args.open,
        no_follow: args.no_follow,
        build: args.deck.options(args.strict),
    };
    meetdeck::watch::run(&options)?;
    Ok(ExitCode::SUCCESS)
}
