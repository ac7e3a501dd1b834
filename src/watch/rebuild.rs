//! Building one note's deck again and again, and what the browser client needs of it.

use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Instant, SystemTime};

use axum::body::Bytes;

use super::arm::{in_canonical_dir, watch_set, WatchSet};
use crate::assets::ImageCache;
use crate::build::{self, BuildOptions, Reads};
use crate::error::{Error, Result, Warning};
use crate::index::IndexEntry;
use crate::note::Note;
use crate::render::{self, Injections};
use crate::serve::{self, DeckState, LivePage};

/// The browser client, injected into every page served by `watch` (and only there): the
/// patching in place, then the client that uses it.
const CLIENT_JS: [&str; 2] = [
    include_str!("../../themes/runtime/livepatch.js"),
    include_str!("../../themes/runtime/livereload.js"),
];

/// The last good build: its note text (to find what the next save changed) and content.
struct Good {
    text: String,
    fingerprint: u64,
}

/// Builds one note's deck again and again, keeping what the server shows of it.
pub(super) struct Rebuilder {
    pub(super) note: PathBuf,
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
    pub(super) quiet: bool,
    /// The deck's line in the index, from the last good build (with [`Rebuilder::place`]).
    pub(super) entry: Option<IndexEntry>,
    /// Distinguishes this process's build ids from a previous run's (a browser that
    /// reconnects to a restarted server reloads).
    nonce: String,
    counter: u64,
    last_good: Option<Good>,
    /// What the server shows now.
    pub(super) current: Arc<DeckState>,
    /// What should be watched (from the last note read).
    pub(super) wanted: WatchSet,
    /// The note could not be read because it is not there (deleted, or mid-replacement).
    pub(super) missing: bool,
    /// Warnings last printed (printed again only when they change).
    warnings: Vec<Warning>,
}

/// Where a deck sits in a folder: what its index line is made from.
#[derive(Debug, Clone)]
pub(super) struct IndexPlace {
    /// The note, relative to the folder.
    pub(super) rel: PathBuf,
    /// The deck, relative to the index page.
    pub(super) deck_rel: PathBuf,
}

impl Rebuilder {
    /// The rebuilder of the note at `input`, served at `page` (a [`Site`](crate::serve::Site) key).
    pub(super) fn new(
        input: &Path,
        options: &BuildOptions,
        follow: bool,
        page: &str,
        place: Option<IndexPlace>,
    ) -> Result<Rebuilder> {
        let note_path = in_canonical_dir(input).ok_or_else(|| {
            Error::Usage(format!("{}: not a note", crate::error::shown_path(input)))
        })?;
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
                live: None,
            }),
            wanted,
            missing: false,
            warnings: Vec::new(),
        })
    }

    /// Rebuilds with images from `cache`; returns whether [`Rebuilder::current`] changed
    /// (and must be published).
    pub(super) fn rebuild(&mut self, cache: &ImageCache) -> bool {
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
            policy: render::Policy::Served,
            live: true,
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
                deck.summary.built_slides,
                deck.html.len().div_ceil(1024),
                line.map_or(String::new(), |l| format!(", changed from line {l}"))
            );
        }
        self.last_good = Some(Good { text, fingerprint });
        let live = live_page(&deck.html, &build).map(Arc::new);
        self.current = Arc::new(DeckState {
            build,
            html: Bytes::from(deck.html),
            error: None,
            line,
            live,
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
pub(super) fn new_nonce() -> String {
    static PAGES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let page = PAGES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let now = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}{page:x}", now ^ u128::from(std::process::id()))
}

/// A hash of the deck without its build id: equal for two builds of the same content.
pub(super) fn fingerprint(html: &str, build: &str) -> u64 {
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

/// What the live client patches a deck served as `html` (build id `build`) with: its slides,
/// the hash of the rest, its title. `None` for a page without the runtime.
fn live_page(html: &str, build: &str) -> Option<LivePage> {
    let parts = render::page_parts(html)?;
    // The title is sent on its own (the client sets it); the shell is all the rest.
    let (head, title) = match (parts.head.find("<title>"), parts.head.find("</title>")) {
        (Some(open), Some(close)) if open < close => (
            format!("{}{}", &parts.head[..open], &parts.head[close..]),
            &parts.head[open + "<title>".len()..close],
        ),
        _ => (parts.head.to_string(), ""),
    };
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    head.hash(&mut hasher);
    fingerprint(parts.tail, build).hash(&mut hasher);
    Some(LivePage {
        body: parts.body.to_string(),
        shell: format!("{:016x}", hasher.finish()),
        title: title.to_string(),
    })
}

/// The client script, carrying the build id of the page it is injected into and the URL of
/// that page's event stream.
pub(super) fn client_html(build: &str, follow: bool, events_url: &str) -> String {
    format!(
        "<script id=\"meetdeck-watch\" data-build=\"{build}\" data-follow=\"{}\" \
         data-events=\"{events_url}\">\n{}{}</script>\n",
        u8::from(follow),
        CLIENT_JS[0],
        CLIENT_JS[1],
    )
}

/// The page served before the first good build: the client shows the error over it.
fn error_page(client: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html><head>{}<meta charset=\"utf-8\">\
         <title>meetdeck: build failed</title></head>\n<body>\n\
         <p style=\"font:16px sans-serif;margin:8em 2em;color:#555\">No deck yet: the note \
         does not build. It appears here on the next good save.</p>\n{client}</body></html>\n",
        render::Policy::Served.meta()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn fingerprint_ignores_the_build_id() {
        let a = fingerprint("<p>x</p><script data-build=\"n-1\">", "n-1");
        let b = fingerprint("<p>x</p><script data-build=\"n-22\">", "n-22");
        let c = fingerprint("<p>y</p><script data-build=\"n-3\">", "n-3");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn live_pages_carry_the_slides_and_hash_the_rest() {
        let page = |title: &str, css: &str, slides: &str, build: &str| {
            format!(
                "<html><head><title>{title}</title><style>{css}</style></head>\n<body class=\"x\">\n\
                 {slides}<script id=\"meetdeck-runtime\">\nrun();</script>\n\
                 <script id=\"meetdeck-watch\" data-build=\"{build}\"></script>\n</body></html>"
            )
        };
        let a = live_page(&page("T", "a{}", "<section>1</section>", "n-1"), "n-1").unwrap();
        assert_eq!(a.body, "\n<section>1</section>");
        assert_eq!(a.title, "T");
        // Other slides, another title, another build id: the same shell.
        let b = live_page(
            &page("U &amp; V", "a{}", "<section>2</section>", "n-22"),
            "n-22",
        );
        let b = b.unwrap();
        assert_eq!(b.shell, a.shell);
        assert_eq!(b.title, "U &amp; V");
        // Another style: another shell (the client reloads).
        let c = live_page(&page("T", "b{}", "<section>1</section>", "n-3"), "n-3").unwrap();
        assert_ne!(c.shell, a.shell);
        // A page without the runtime (the index) is not patched.
        assert!(live_page("<html><body><p>index</p></body></html>", "n-4").is_none());
    }

    #[test]
    fn client_carries_its_build() {
        let html = client_html("abc-3", false, "/__meetdeck/events?page=%2Fa%2Ehtml");
        assert!(html.contains("data-build=\"abc-3\""));
        assert!(html.contains("data-follow=\"0\""));
        assert!(html.contains("data-events=\"/__meetdeck/events?page=%2Fa%2Ehtml\""));
        assert!(CLIENT_JS.iter().all(|js| !js.contains("</script")));
        assert!(error_page(&html).contains(&html));
    }
}
