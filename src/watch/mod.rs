//! `meetdeck watch`: build, serve from memory, rebuild on save, reload the browsers.
//!
//! Three parts, each on its own thread(s):
//!
//! - **notify** watches *folders*, not files (editors save by writing a temporary file and
//!   renaming it over the note, which a watch on the file itself would lose), and sends raw
//!   events to the rebuild thread. `is_relevant` and `is_change` keep only changes to the
//!   files the deck is made of: the note, every image it embeds, the theme folder's files,
//!   `meetdeck.toml`. Editor droppings (`note.md~`, `.note.md.swp`, `4913`...) never match.
//! - **the rebuild thread** coalesces a burst of events into one rebuild (`Burst`: at once
//!   when the save is complete — the file closed after writing, or renamed onto the note —
//!   else after 30 ms of quiet; never more than 250 ms after the first event; see
//!   `debounce`), builds the deck in memory and
//!   publishes the new [`DeckState`](crate::serve::DeckState) in a `tokio::sync::watch`
//!   channel. A failed build keeps the last good deck and publishes the error (the browser
//!   shows it as an overlay).
//! - **the server** ([`crate::serve`]) answers `/` with the current deck and streams every
//!   new state to the browsers, whose client (`themes/runtime/livereload.js`, injected before
//!   `</body>`, never part of a theme) patches the page in place from the slides the state
//!   carries: the changed slides replaced and fitted again, the page on the same slide — or
//!   on the part of the slide holding the edit. It reloads only when the theme or the
//!   runtime changed (the state's `shell` hash). The runtime served here carries a hook for
//!   it, `meetdeck.refresh` (`themes/runtime/live-hook.js`, see `theme::runtime_js_of`).
//!
//! `meetdeck watch DIR` (`watch::folder`) runs the same loop over a folder: every note's deck at
//! its path, the index at `/`, and a save rebuilds only the decks it concerns.
//!
//! The debounce is ours rather than notify-debouncer-mini's: the mini debouncer reports a
//! path as "continuous" once its first event is older than the timeout, which splits one
//! save (a few events spread over a millisecond) into two batches and two rebuilds.
//!
//! The files: this one starts the three parts; `arm` says what a deck is made of and keeps
//! the watcher on its folders; `debounce` is the rebuild thread's loop; `rebuild` builds one
//! note's deck again and again; `note` and `folder` are the two things served.

mod arm;
mod debounce;
mod folder;
mod note;
mod rebuild;

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::build::BuildOptions;
use crate::error::{Error, Result};
use crate::serve::{self, Site};
use arm::{Armed, Watches};
use note::NoteTarget;

/// Options of `meetdeck watch`.
#[derive(Debug, Clone)]
pub struct WatchOptions {
    /// The note, or a folder of notes (served with an index page).
    pub input: PathBuf,
    /// Address to listen on (`--host`); anything but loopback is warned about.
    pub host: String,
    /// Port to listen on; the next free one when it is busy, any free one when 0.
    pub port: u16,
    /// Open the default browser on the deck.
    pub open: bool,
    /// Do not jump to the slide that an edit changed.
    pub no_follow: bool,
    /// How the deck is built (`--theme`, `--strict`, `--slide-level`, `--root`).
    pub build: BuildOptions,
}

/// Runs until Ctrl-C (or SIGTERM): builds the deck (or a folder's decks and index), serves
/// it, rebuilds on every save.
pub fn run(options: &WatchOptions) -> Result<()> {
    let input = &options.input;
    let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
    if meta.is_dir() {
        serve_target(folder::FolderTarget::new(options)?, options)
    } else {
        // A FIFO or a device is refused before anything is served (a rebuild would fail
        // on it forever).
        crate::note::check_readable(input, &meta)?;
        serve_target(NoteTarget::new(options)?, options)
    }
}

/// Binds, builds `target` once, serves it and keeps it rebuilt until shutdown.
fn serve_target<T: Target + Send + 'static>(mut target: T, options: &WatchOptions) -> Result<()> {
    let ip = serve::resolve_host(&options.host)
        .map_err(|e| Error::Usage(format!("--host {}: {e}", options.host)))?;
    let address = serve::url_for((ip, options.port).into());
    let listener = serve::bind(ip, options.port).map_err(|error| Error::Listen {
        address: address.clone(),
        error,
    })?;
    let addr = listener
        .local_addr()
        .map_err(|error| Error::Listen { address, error })?;
    if options.port != 0 && addr.port() != options.port {
        eprintln!("port {} is busy; using {}", options.port, addr.port());
    }
    if !ip.is_loopback() {
        eprintln!(
            "warning: listening on {ip}: anyone who can reach this machine can read the deck"
        );
    }

    let (events_tx, events_rx) = mpsc::channel();
    let fs_tx = events_tx.clone();
    let watcher = notify::recommended_watcher(move |event| {
        // The receiver only goes away on shutdown; nothing to do then.
        let _ = fs_tx.send(Msg::Fs(event));
    })
    .map_err(|e| Error::Watch {
        what: "cannot watch files",
        error: e.to_string(),
    })?;
    let mut armed = Armed::new(watcher);
    // Watch first, build second: a save landing during the first build is not lost.
    armed.apply(&target.watches(), false);
    target.rebuild();
    armed.apply(&target.watches(), false);

    let (state_tx, state_rx) = watch::channel(target.site());
    let url = serve::url_for(addr);
    println!(
        "meetdeck watch: serving {} at {url} (Ctrl-C to stop)",
        crate::error::shown_path(&options.input)
    );
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&url);
    }

    let worker = std::thread::Builder::new()
        .name("meetdeck-rebuild".into())
        .spawn(move || debounce::rebuild_loop(target, armed, events_rx, state_tx))
        .map_err(|e| Error::Thread {
            what: "the rebuild thread",
            error: e.to_string(),
        })?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Thread {
            what: "the server",
            error: e.to_string(),
        })?;
    let served = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        serve::serve(listener, state_rx, ip.is_loopback(), shutdown_signal()).await
    });
    let _ = events_tx.send(Msg::Stop);
    let _ = worker.join();
    runtime.shutdown_timeout(Duration::from_millis(500));
    eprintln!("meetdeck watch: stopped");
    served.map_err(|e| Error::Watch {
        what: "server error",
        error: e.to_string(),
    })
}

/// What the rebuild loop keeps up to date: one note's deck, or a folder's decks and index.
trait Target {
    /// Takes note of a file event that may have changed a file; returns whether it calls for
    /// a rebuild.
    fn event(&mut self, event: &notify::Event) -> bool;
    /// File events were lost (queue overflow...): the next rebuild re-reads everything.
    fn lost_events(&mut self);
    /// Rebuilds what the events since the last rebuild concern; returns whether
    /// [`Target::site`] changed.
    fn rebuild(&mut self) -> bool;
    /// What the server shows now.
    fn site(&self) -> Arc<Site>;
    /// The folders to watch; `true`: with their subfolders.
    fn watches(&self) -> Watches;
    /// Whether something is missing that no event may announce (a note deleted with its
    /// folder: a folder created again is not the folder being watched), so it is polled.
    fn waiting(&self) -> bool;
    /// While [`Target::waiting`]: whether what is missing is back.
    fn is_back(&self) -> bool;
}

/// Resolves on Ctrl-C or SIGTERM. If no handler can be installed, never resolves (better
/// than stopping at once).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                result = tokio::signal::ctrl_c() => {
                    if result.is_err() {
                        term.recv().await;
                    }
                }
                _ = term.recv() => {}
            }
            return;
        }
    }
    if tokio::signal::ctrl_c().await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Opens `url` in the default browser, without waiting for it (`opener` reaps the child).
fn open_browser(url: &str) {
    if let Err(e) = opener::open_browser(url) {
        eprintln!("warning: cannot open a browser ({e}); open {url} yourself");
    }
}

/// What the rebuild thread receives.
enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}
