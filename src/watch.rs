//! `meetdeck watch`: build, serve from memory, rebuild on save, reload the browsers.
//!
//! Three parts, each on its own thread(s):
//!
//! - **notify** watches *folders*, not files (editors save by writing a temporary file and
//!   renaming it over the note, which a watch on the file itself would lose), and sends raw
//!   events to the rebuild thread. `is_relevant` and `is_change` keep only changes to the
//!   files the deck is made of: the note, every image it embeds, the theme folder's files,
//!   `meetdeck.toml`. Editor droppings (`note.md~`, `.note.md.swp`, `4913`...) never match.
//! - **the rebuild thread** coalesces a burst of events into one rebuild (`Burst`: 30 ms
//!   of quiet, never more than 250 ms after the first event), builds the deck in memory and
//!   publishes the new [`DeckState`] in a `tokio::sync::watch` channel. A failed build keeps
//!   the last good deck and publishes the error (the browser shows it as an overlay).
//! - **the server** ([`crate::serve`]) answers `/` with the current deck and streams every
//!   new state to the browsers, whose client (`themes/runtime/livereload.js`, injected before
//!   `</body>`, never part of a theme) reloads on the same slide — or on the slide the edit
//!   changed, from the first changed line the state carries.
//!
//! `meetdeck watch DIR` (`watch::folder`) runs the same loop over a folder: every note's deck at
//! its path, the index at `/`, and a save rebuilds only the decks it concerns.
//!
//! The debounce is ours rather than notify-debouncer-mini's: the mini debouncer reports a
//! path as "continuous" once its first event is older than the timeout, which splits one
//! save (a few events spread over a millisecond) into two batches and two rebuilds.

mod folder;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use axum::body::Bytes;
use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::watch;

use crate::assets::ImageCache;
use crate::build::{self, BuildOptions, ReadKind, Reads};
use crate::error::{Error, Result, Warning};
use crate::index::IndexEntry;
use crate::note::Note;
use crate::render::Injections;
use crate::serve::{self, DeckState, Site};

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

/// The browser client, injected into every deck served by `watch` (and only there).
const CLIENT_JS: &str = include_str!("../themes/runtime/livereload.js");

/// A burst is over once no event came for this long. Editors' save patterns (truncate +
/// write, temp + rename, backup + write) span a few milliseconds; 30 ms covers them with
/// room to spare while keeping save → reload well under 100 ms.
const QUIET: Duration = Duration::from_millis(30);
/// A stream of events that never goes quiet (an autosave storm) still rebuilds this often.
const MAX_WAIT: Duration = Duration::from_millis(250);
/// Rebuilds closer than this are merged: twenty saves in a second give a handful of
/// rebuilds, not twenty reloads. Never felt by a human saving by hand.
const MIN_GAP: Duration = Duration::from_millis(100);
/// While the note is missing (deleted, or its folder replaced), look for it this often.
const MISSING_POLL: Duration = Duration::from_millis(500);

/// Runs until Ctrl-C (or SIGTERM): builds the deck (or a folder's decks and index), serves
/// it, rebuilds on every save.
pub fn run(options: &WatchOptions) -> Result<()> {
    let input = &options.input;
    let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
    if meta.is_dir() {
        serve_target(folder::FolderTarget::new(options)?, options)
    } else {
        serve_target(NoteTarget::new(options)?, options)
    }
}

/// Binds, builds `target` once, serves it and keeps it rebuilt until shutdown.
fn serve_target<T: Target + Send + 'static>(mut target: T, options: &WatchOptions) -> Result<()> {
    let ip = serve::resolve_host(&options.host)
        .map_err(|e| Error::Usage(format!("--host {}: {e}", options.host)))?;
    let listener = serve::bind(ip, options.port).map_err(|e| {
        Error::Usage(format!(
            "cannot listen on {}: {e}",
            serve::url_for((ip, options.port).into())
        ))
    })?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("cannot listen: {e}")))?;
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
    .map_err(|e| Error::Usage(format!("cannot watch files: {e}")))?;
    let mut armed = Armed {
        watcher,
        dirs: BTreeMap::new(),
    };
    // Watch first, build second: a save landing during the first build is not lost.
    armed.apply(&target.watches(), false);
    target.rebuild();
    armed.apply(&target.watches(), false);

    let (state_tx, state_rx) = watch::channel(target.site());
    let url = serve::url_for(addr);
    println!(
        "meetdeck watch: serving {} at {url} (Ctrl-C to stop)",
        options.input.display()
    );
    let _ = std::io::stdout().flush();
    if options.open {
        open_browser(&url);
    }

    let worker = std::thread::Builder::new()
        .name("meetdeck-rebuild".into())
        .spawn(move || rebuild_loop(target, armed, events_rx, state_tx))
        .map_err(|e| Error::Usage(format!("cannot start the rebuild thread: {e}")))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    let served = runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?;
        serve::serve(listener, state_rx, ip.is_loopback(), shutdown_signal()).await
    });
    let _ = events_tx.send(Msg::Stop);
    let _ = worker.join();
    runtime.shutdown_timeout(Duration::from_millis(500));
    eprintln!("meetdeck watch: stopped");
    served.map_err(|e| Error::Usage(format!("server error: {e}")))
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

/// Folders to watch, each with whether its subfolders are watched too.
type Watches = BTreeMap<PathBuf, bool>;

/// `meetdeck watch NOTE`: one deck, served at `/`.
struct NoteTarget {
    rebuilder: Rebuilder,
    cache: ImageCache,
    /// An image file changed since the last rebuild: nothing cached may be reused.
    images_changed: bool,
}

impl NoteTarget {
    fn new(options: &WatchOptions) -> Result<NoteTarget> {
        let rebuilder = Rebuilder::new(
            &options.input,
            &options.build,
            !options.no_follow,
            "/",
            None,
        )?;
        Ok(NoteTarget {
            rebuilder,
            cache: ImageCache::default(),
            images_changed: false,
        })
    }
}

impl Target for NoteTarget {
    fn event(&mut self, event: &notify::Event) -> bool {
        let wanted = &self.rebuilder.wanted;
        if event.paths.iter().any(|p| wanted.images.contains(p)) {
            self.images_changed = true;
        }
        event.need_rescan() || event.paths.iter().any(|p| is_relevant(p, wanted))
    }

    fn lost_events(&mut self) {
        self.images_changed = true;
    }

    fn rebuild(&mut self) -> bool {
        if std::mem::take(&mut self.images_changed) {
            // The cache checks size and mtime, but a same-size rewrite within the mtime's
            // granularity would slip through; a fresh cache is certain.
            self.cache = ImageCache::default();
        }
        self.rebuilder.rebuild(&self.cache)
    }

    fn site(&self) -> Arc<Site> {
        Arc::new(Site::single(Arc::clone(&self.rebuilder.current)))
    }

    fn watches(&self) -> Watches {
        let dirs = self.rebuilder.wanted.dirs.iter();
        dirs.map(|dir| (dir.clone(), false)).collect()
    }

    fn waiting(&self) -> bool {
        self.rebuilder.missing
    }

    fn is_back(&self) -> bool {
        self.rebuilder.note.exists()
    }
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

/// Opens `url` in the default browser, without waiting for it.
fn open_browser(url: &str) {
    #[cfg(target_os = "macos")]
    let mut command = {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    };
    #[cfg(windows)]
    let mut command = {
        let mut c = std::process::Command::new("cmd");
        // `start`'s first quoted argument is a window title.
        c.args(["/C", "start", "", url]);
        c
    };
    #[cfg(all(unix, not(target_os = "macos")))]
    let mut command = {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    command
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        // Reap it in the background so no zombie is left behind.
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("warning: cannot open a browser ({e}); open {url} yourself"),
    }
}

/// What the rebuild thread receives.
enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// The files a deck is made of, and the folders watched to see them change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct WatchSet {
    /// Folders watched (non-recursively), canonical.
    dirs: BTreeSet<PathBuf>,
    /// The note, the theme's files, `meetdeck.toml`: canonical folder + file name.
    files: BTreeSet<PathBuf>,
    /// The images the note refers to (a change re-reads them, bypassing the image cache).
    images: BTreeSet<PathBuf>,
}

/// Whether an event about `path` concerns the deck: only the exact files it is made of (a
/// watched folder itself, e.g. deleted, counts too). Editors' backup, swap and temporary
/// files (`note.md~`, `.note.md.swp`, `.swx`, `4913`, `#note.md#`, `note.md.tmp`...) are
/// other names, so they never match.
fn is_relevant(path: &Path, watched: &WatchSet) -> bool {
    watched.files.contains(path) || watched.images.contains(path) || watched.dirs.contains(path)
}

/// Whether an event kind may change a file's content. inotify also reports opens and
/// reads — including the rebuild's own read of the note, which must not trigger another.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// A burst of relevant events, rebuilt once when it is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Burst {
    first: Instant,
    last: Instant,
}

impl Burst {
    fn new(at: Instant) -> Burst {
        Burst {
            first: at,
            last: at,
        }
    }

    /// When to rebuild: after [`QUIET`] without events, at most [`MAX_WAIT`] after the
    /// first, and not within [`MIN_GAP`] of the end of the previous rebuild.
    fn due(&self, previous_end: Option<Instant>) -> Instant {
        let settled = (self.last + QUIET).min(self.first + MAX_WAIT);
        match previous_end {
            Some(end) => settled.max(end + MIN_GAP),
            None => settled,
        }
    }
}

/// The 1-based first line where `new` differs from `old` (clamped to `new`'s last line, for
/// deletions at the end), or `None` when they are equal. The lines before it are the same in
/// both texts, so slides starting before it keep their place.
fn first_changed_line(old: &str, new: &str) -> Option<usize> {
    if old == new {
        return None;
    }
    let mut line = 1;
    let mut old_lines = old.split('\n');
    let mut new_lines = new.split('\n');
    loop {
        match (old_lines.next(), new_lines.next()) {
            (Some(a), Some(b)) if a == b => line += 1,
            (None, None) => return None,
            _ => break,
        }
    }
    Some(line.min(new.split('\n').count()))
}

/// What makes this process's build ids differ from a previous run's (a browser that
/// reconnects to a restarted server reloads) and from another page's.
fn new_nonce() -> String {
    static PAGES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let page = PAGES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}{page:x}", now ^ u128::from(std::process::id()))
}

/// A hash of the deck without its build id: equal for two builds of the same content.
fn fingerprint(html: &str, build: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    match html.rfind(build) {
        Some(at) => {
            html[..at].hash(&mut hasher);
            html[at + build.len()..].hash(&mut hasher);
        }
        None => html.hash(&mut hasher),
    }
    hasher.finish()
}

/// The client script, carrying the build id of the page it is injected into and the URL of
/// that page's event stream.
fn client_html(build: &str, follow: bool, events_url: &str) -> String {
    format!(
        "<script id=\"meetdeck-watch\" data-build=\"{build}\" data-follow=\"{}\" \
         data-events=\"{events_url}\">\n{CLIENT_JS}</script>\n",
        u8::from(follow),
    )
}

/// The page served before the first good build: the client shows the error over it.
fn error_page(client: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
         <title>meetdeck: build failed</title></head>\n<body>\n\
         <p style=\"font:16px sans-serif;margin:8em 2em;color:#555\">No deck yet: the note \
         does not build. It appears here on the next good save.</p>\n{client}</body></html>\n"
    )
}

/// `path` with its folder made canonical (the file itself may not exist, or be replaced at
/// any moment): the form notify reports events in for a canonical watched folder.
fn in_canonical_dir(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(name))
}

/// What to watch for the note at `note_path` (canonical-dir form): the note (and, when it is
/// a symbolic link, its target) and every file its last build read or probed.
fn watch_set(note_path: &Path, reads: &Reads) -> WatchSet {
    let mut set = WatchSet::default();
    let add = |set: &mut WatchSet, path: &Path, image: bool| {
        if let Some(path) = in_canonical_dir(path) {
            if let Some(dir) = path.parent() {
                set.dirs.insert(dir.to_path_buf());
            }
            if image {
                set.images.insert(path);
            } else {
                set.files.insert(path);
            }
        }
    };
    add(&mut set, note_path, false);
    // A note that is a symbolic link: edits in place happen to its target.
    if let Ok(target) = std::fs::canonicalize(note_path) {
        add(&mut set, &target, false);
    }
    for read in reads.iter() {
        add(&mut set, &read.path, read.kind == ReadKind::Image);
    }
    set
}

/// The notify watcher and the folders it currently watches.
struct Armed {
    watcher: RecommendedWatcher,
    dirs: Watches,
}

impl Armed {
    /// Watches exactly `wanted`; `force` re-watches all (a folder that was deleted and
    /// created again is a new folder: its old watch is gone).
    fn apply(&mut self, wanted: &Watches, force: bool) {
        let stale: Vec<PathBuf> = self
            .dirs
            .iter()
            .filter(|(dir, recursive)| force || wanted.get(*dir) != Some(*recursive))
            .map(|(dir, _)| dir.clone())
            .collect();
        for dir in stale {
            let _ = self.watcher.unwatch(&dir);
            self.dirs.remove(&dir);
        }
        for (dir, &recursive) in wanted {
            if self.dirs.contains_key(dir) {
                continue;
            }
            let mode = if recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            match self.watcher.watch(dir, mode) {
                Ok(()) => {
                    self.dirs.insert(dir.clone(), recursive);
                }
                // Retried on the next rebuild.
                Err(e) => eprintln!("warning: cannot watch {}: {e}", dir.display()),
            }
        }
    }
}

/// The last good build: its note text (to find what the next save changed) and content.
struct Good {
    text: String,
    fingerprint: u64,
}

/// Builds one note's deck again and again, keeping what the server shows of it.
struct Rebuilder {
    note: PathBuf,
    /// The note in canonical-folder form (what events name).
    note_path: PathBuf,
    options: BuildOptions,
    follow: bool,
    /// The URL of the page's event stream (the client listens to it).
    events_url: String,
    /// Put before log lines: empty for one note, the note's path in a folder.
    label: String,
    /// Where the deck sits in a folder's index; `None` for one note.
    place: Option<IndexPlace>,
    /// Say nothing of successful builds (a folder's first build prints one summary).
    quiet: bool,
    /// The deck's line in the index, from the last good build (with [`Rebuilder::place`]).
    entry: Option<IndexEntry>,
    /// Distinguishes this process's build ids from a previous run's (a browser that
    /// reconnects to a restarted server reloads).
    nonce: String,
    counter: u64,
    last_good: Option<Good>,
    /// What the server shows now.
    current: Arc<DeckState>,
    /// What should be watched (from the last note read).
    wanted: WatchSet,
    /// The note could not be read because it is not there (deleted, or mid-replacement).
    missing: bool,
    /// Warnings last printed (printed again only when they change).
    warnings: Vec<Warning>,
}

/// Where a deck sits in a folder: what its index line is made from.
#[derive(Debug, Clone)]
struct IndexPlace {
    /// The note, relative to the folder.
    rel: PathBuf,
    /// The deck, relative to the index page.
    deck_rel: PathBuf,
}

impl Rebuilder {
    /// The rebuilder of the note at `input`, served at `page` (a [`Site`] key).
    fn new(
        input: &Path,
        options: &BuildOptions,
        follow: bool,
        page: &str,
        place: Option<IndexPlace>,
    ) -> Result<Rebuilder> {
        let note_path = in_canonical_dir(input)
            .ok_or_else(|| Error::Usage(format!("{}: not a note", input.display())))?;
        let nonce = new_nonce();
        let build = format!("{nonce}-0");
        let events_url = serve::events_url(page);
        let client = client_html(&build, follow, &events_url);
        let mut wanted = WatchSet::default();
        if let Some(dir) = note_path.parent() {
            wanted.dirs.insert(dir.to_path_buf());
        }
        wanted.files.insert(note_path.clone());
        let label = match &place {
            Some(place) => format!("{} ", crate::index::slash_path(&place.rel)),
            None => String::new(),
        };
        Ok(Rebuilder {
            note: input.to_path_buf(),
            note_path,
            options: options.clone(),
            follow,
            events_url,
            label,
            place,
            quiet: false,
            entry: None,
            nonce,
            counter: 0,
            last_good: None,
            current: Arc::new(DeckState {
                build,
                html: Bytes::from(error_page(&client)),
                error: None,
                line: None,
            }),
            wanted,
            missing: false,
            warnings: Vec::new(),
        })
    }

    /// Rebuilds with images from `cache`; returns whether [`Rebuilder::current`] changed
    /// (and must be published).
    fn rebuild(&mut self, cache: &ImageCache) -> bool {
        let started = Instant::now();
        let note = match Note::read(&self.note) {
            Ok(note) => note,
            Err(e) => {
                self.missing = matches!(&e, Error::Io { error, .. }
                    if error.kind() == std::io::ErrorKind::NotFound);
                return self.failed(e);
            }
        };
        self.missing = false;
        self.counter += 1;
        let build = format!("{}-{}", self.nonce, self.counter);
        let injections = Injections {
            body_end_html: client_html(&build, self.follow, &self.events_url),
        };
        let text = note.text.clone();
        let mut reads = Reads::default();
        let built = build::build_from_note(note, &self.options, cache, &injections, &mut reads);
        // Whatever the outcome: a fix of any file the build read is a save to rebuild on.
        self.wanted = watch_set(&self.note_path, &reads);
        let deck = match built {
            Ok(deck) => deck,
            Err(e) => return self.failed(e),
        };
        if let Some(place) = &self.place {
            self.entry = Some(IndexEntry::new(
                deck.summary.clone(),
                &place.rel,
                &place.deck_rel,
            ));
        }
        if deck.warnings != self.warnings {
            for warning in &deck.warnings {
                eprintln!("warning: {warning}");
            }
            self.warnings = deck.warnings.clone();
        }
        let elapsed = started.elapsed().as_secs_f64() * 1000.0;
        let fingerprint = fingerprint(&deck.html, &build);
        if let Some(good) = &self.last_good {
            if good.fingerprint == fingerprint {
                eprintln!("rebuilt {}in {elapsed:.1} ms: no change", self.label);
                if self.current.error.is_none() {
                    return false;
                }
                // Back to the deck being shown: only the error goes.
                let mut state = (*self.current).clone();
                state.error = None;
                state.line = None;
                self.current = Arc::new(state);
                return true;
            }
        }
        let line = self
            .last_good
            .as_ref()
            .and_then(|good| first_changed_line(&good.text, &text));
        if !self.quiet {
            eprintln!(
                "rebuilt {}in {elapsed:.1} ms: {} slides, {} KB{}",
                self.label,
                deck.summary.slides,
                deck.html.len().div_ceil(1024),
                line.map_or(String::new(), |l| format!(", changed from line {l}"))
            );
        }
        self.last_good = Some(Good { text, fingerprint });
        self.current = Arc::new(DeckState {
            build,
            html: Bytes::from(deck.html),
            error: None,
            line,
        });
        true
    }

    /// Keeps the deck shown and adds the error to it.
    fn failed(&mut self, error: Error) -> bool {
        let message = error.to_string();
        eprintln!("build failed: {message}");
        if self.current.error.as_deref() == Some(message.as_str()) {
            return false;
        }
        let mut state = (*self.current).clone();
        state.error = Some(message);
        state.line = None;
        self.current = Arc::new(state);
        true
    }
}

/// The rebuild thread: events in, coalesced into bursts, one rebuild each, sites out.
fn rebuild_loop<T: Target>(
    mut target: T,
    mut armed: Armed,
    events: Receiver<Msg>,
    publish: watch::Sender<Arc<Site>>,
) {
    let mut burst: Option<Burst> = None;
    let mut previous_end: Option<Instant> = None;
    let mut last_poll = Instant::now();
    loop {
        let now = Instant::now();
        if let Some(due) = burst.map(|b| b.due(previous_end)) {
            if now >= due {
                burst = None;
                let was_waiting = target.waiting();
                if target.rebuild() {
                    publish.send_replace(target.site());
                }
                armed.apply(&target.watches(), was_waiting && !target.waiting());
                previous_end = Some(Instant::now());
                continue;
            }
        }
        if target.waiting() && now.duration_since(last_poll) >= MISSING_POLL {
            // What is missing may be back without an event reaching us: a folder deleted
            // and created again is not the folder we were watching.
            last_poll = now;
            if target.is_back() {
                burst.get_or_insert(Burst::new(now));
                continue;
            }
        }
        let wait = match burst {
            Some(b) => b.due(previous_end).saturating_duration_since(now),
            None if target.waiting() => MISSING_POLL,
            None => Duration::from_secs(3600),
        };
        match events.recv_timeout(wait) {
            Ok(Msg::Fs(Ok(event))) => {
                if (event.need_rescan() || is_change(&event.kind)) && target.event(&event) {
                    let now = Instant::now();
                    burst.get_or_insert(Burst::new(now)).last = now;
                }
            }
            Ok(Msg::Fs(Err(e))) => {
                // Lost events (queue overflow...): rebuild to be sure.
                eprintln!("warning: file watching: {e}");
                target.lost_events();
                let now = Instant::now();
                burst.get_or_insert(Burst::new(now)).last = now;
            }
            Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
            Err(RecvTimeoutError::Timeout) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};

    fn set(files: &[&str]) -> WatchSet {
        let mut set = WatchSet::default();
        for f in files {
            let path = PathBuf::from(f);
            set.dirs.insert(path.parent().unwrap().to_path_buf());
            set.files.insert(path);
        }
        set
    }

    #[test]
    fn only_the_note_and_its_files_are_relevant() {
        let mut watched = set(&["/n/note.md", "/t/theme.css"]);
        watched.images.insert(PathBuf::from("/n/img/a b.png"));
        for yes in [
            "/n/note.md",
            "/t/theme.css",
            "/n/img/a b.png",
            // The watched folder itself (deleted, moved).
            "/n",
        ] {
            assert!(is_relevant(Path::new(yes), &watched), "{yes}");
        }
        for no in [
            "/n/note.md~",
            "/n/.note.md.swp",
            "/n/.note.md.swx",
            "/n/.note.md.swpx",
            "/n/4913",
            "/n/#note.md#",
            "/n/.#note.md",
            "/n/note.md.tmp",
            "/n/.note.md.tmp",
            "/n/note.md.crswap",
            "/n/note.md___jb_tmp___",
            "/n/note.md___jb_old___",
            "/n/.note.md.kate-swp",
            "/n/note.html",
            "/n/other.md",
            "/n/NOTE.md",
            "/n/img/a.png",
            "/t/deck.hbs",
            "/other/note.md",
        ] {
            assert!(!is_relevant(Path::new(no), &watched), "{no}");
        }
    }

    #[test]
    fn opens_and_reads_are_not_changes() {
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Name(
            RenameMode::To
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Remove(RemoveKind::File)));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Any));
        // The rebuild reads the note: that must not trigger the next rebuild.
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Read)));
    }

    #[test]
    fn first_changed_line_of_edits() {
        let old = "# T\n\n## A\none\n\n## B\ntwo\n";
        assert_eq!(first_changed_line(old, old), None);
        // Edit inside slide B.
        assert_eq!(
            first_changed_line(old, "# T\n\n## A\none\n\n## B\ntwo!\n"),
            Some(7)
        );
        // Insert a line in A: everything after moves, the first change is line 5.
        assert_eq!(
            first_changed_line(old, "# T\n\n## A\none\nmore\n\n## B\ntwo\n"),
            Some(5)
        );
        // Append at the end.
        assert_eq!(first_changed_line(old, &format!("{old}## C\n")), Some(8));
        // Text added to the last line without a newline.
        assert_eq!(first_changed_line("a\nb", "a\nbc"), Some(2));
        // Delete the end: clamped to the new text's last line.
        assert_eq!(first_changed_line(old, "# T\n"), Some(2));
        assert_eq!(first_changed_line("a\nb\nc", "a"), Some(1));
        // Change the title.
        assert_eq!(first_changed_line(old, "# U\n\n## A\none\n"), Some(1));
        assert_eq!(first_changed_line("", "x"), Some(1));
    }

    #[test]
    fn bursts_wait_for_quiet_but_not_forever() {
        let t0 = Instant::now();
        let ms = |n: u64| Duration::from_millis(n);
        // One save: rebuild 30 ms after its last event.
        let mut b = Burst::new(t0);
        b.last = t0 + ms(2);
        assert_eq!(b.due(None), t0 + ms(32));
        // Events every 10 ms forever: still a rebuild 250 ms after the first.
        b.last = t0 + ms(240);
        assert_eq!(b.due(None), t0 + MAX_WAIT);
        // Right after a rebuild, the next waits for the gap.
        let b = Burst::new(t0);
        assert_eq!(b.due(Some(t0 - ms(10))), t0 - ms(10) + MIN_GAP);
        // Long after one, it does not.
        assert_eq!(b.due(Some(t0 - ms(1000))), t0 + QUIET);
    }

    #[test]
    fn fingerprint_ignores_the_build_id() {
        let a = fingerprint("<p>x</p><script data-build=\"n-1\">", "n-1");
        let b = fingerprint("<p>x</p><script data-build=\"n-22\">", "n-22");
        let c = fingerprint("<p>y</p><script data-build=\"n-3\">", "n-3");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn watch_set_of_a_note() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(root.join("img")).unwrap();
        std::fs::create_dir(root.join("theme")).unwrap();
        let note_path = root.join("note.md");
        let text = "# T\n\n## A\n![a](img/a.png)\n<img src=\"b%20c.png\">\n![r](https://x/r.png)\n";
        std::fs::write(&note_path, text).unwrap();
        let note = Note::from_text(&note_path, text.to_string()).unwrap();
        let options = BuildOptions {
            theme: Some(root.join("theme").display().to_string()),
            ..BuildOptions::default()
        };
        let mut reads = Reads::default();
        let cache = ImageCache::default();
        build::build_from_note(note, &options, &cache, &Injections::default(), &mut reads).unwrap();
        let set = watch_set(&note_path, &reads);
        assert!(set.files.contains(&note_path));
        assert!(set.files.contains(&root.join("theme/theme.css")));
        assert!(set.files.contains(&root.join("theme/deck.hbs")));
        assert!(set.images.contains(&root.join("img/a.png")));
        assert!(set.images.contains(&root.join("b c.png")));
        assert!(set.dirs.contains(&root));
        assert!(set.dirs.contains(&root.join("img")));
        assert!(set.dirs.contains(&root.join("theme")));
        assert!(!is_relevant(&root.join("note.md~"), &set));
    }

    #[test]
    fn client_carries_its_build() {
        let html = client_html("abc-3", false, "/__meetdeck/events?page=%2Fa%2Ehtml");
        assert!(html.contains("data-build=\"abc-3\""));
        assert!(html.contains("data-follow=\"0\""));
        assert!(html.contains("data-events=\"/__meetdeck/events?page=%2Fa%2Ehtml\""));
        assert!(!CLIENT_JS.contains("</script"));
        assert!(error_page(&html).contains(&html));
    }
}
