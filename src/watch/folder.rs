//! `meetdeck watch DIR`: every note of a folder served from memory at its path (as
//! `meetdeck build DIR` would write it), the index page at `/`, and a save rebuilding only
//! the decks it concerns.
//!
//! The folder is watched with its subfolders. An event is first [`classify`]'d: a note of
//! the folder (rebuilt, or added when new), a folder appearing or going (the notes are
//! looked for again), or something else; then every note whose deck depends on the path (an
//! image, a theme file, `meetdeck.toml`) is rebuilt too. Each note keeps its own
//! [`Rebuilder`], so an edit reloads the browsers showing that deck and no other; the index
//! is rendered again after every rebuild and published only when it changed.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use axum::body::Bytes;
use notify::event::{ModifyKind, RemoveKind};
use notify::EventKind;
use rayon::prelude::*;

use super::arm::{is_relevant, Watches};
use super::rebuild::{client_html, fingerprint, new_nonce, IndexPlace, Rebuilder};
use super::{Target, WatchOptions};
use crate::assets::ImageCache;
use crate::batch;
use crate::build::BuildOptions;
use crate::error::{Error, Result};
use crate::index::{self, IndexEntry};
use crate::render;
use crate::serve::{self, DeckState, Site};

/// What an event's path means for the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Touch {
    /// A note of the folder (relative path): rebuilt, or added when it is new.
    Note(PathBuf),
    /// A folder inside appeared, went or moved (or the folder itself): look for notes again.
    Folder,
    /// Nothing the folder's notes are found by (it may still be one of their images).
    Other,
}

/// What a change at `path` (canonical-folder form) means for the folder `dir` (canonical).
/// `is_dir` is what the path is now: `Some(true)` a folder, `Some(false)` a file, `None`
/// gone. Hidden entries (`.git`, `.note.md.swp`) and editor droppings are never notes, as
/// in folder builds.
pub(super) fn classify(path: &Path, kind: &EventKind, dir: &Path, is_dir: Option<bool>) -> Touch {
    let Ok(rel) = path.strip_prefix(dir) else {
        return Touch::Other;
    };
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy()),
            _ => return Touch::Other,
        }
    }
    let Some(name) = parts.last() else {
        // The folder itself was deleted or moved.
        return Touch::Folder;
    };
    if parts.iter().any(|part| part.starts_with('.')) {
        return Touch::Other;
    }
    if is_dir == Some(true) || matches!(kind, EventKind::Remove(RemoveKind::Folder)) {
        return Touch::Folder;
    }
    if crate::discover::is_note_name(name) {
        return Touch::Note(rel.to_path_buf());
    }
    // A folder renamed away is reported as a rename of a path that no longer exists; a
    // file renamed away (an editor's backup) almost always has an extension.
    let renamed = matches!(kind, EventKind::Modify(ModifyKind::Name(_)));
    if renamed && is_dir.is_none() && Path::new(name.as_ref()).extension().is_none() {
        return Touch::Folder;
    }
    Touch::Other
}

/// The index page as served: its build id changes only when its content does.
struct IndexPage {
    nonce: String,
    counter: u64,
    /// Of the page without the client (which carries the build id).
    fingerprint: Option<u64>,
    state: Arc<DeckState>,
}

/// `meetdeck watch DIR`.
pub(super) struct FolderTarget {
    /// The folder as given (messages name notes under it).
    dir: PathBuf,
    /// Canonical: what events name.
    canonical: PathBuf,
    options: BuildOptions,
    follow: bool,
    /// The index page's title (the folder's name).
    title: String,
    /// Every note, by its path relative to the folder.
    notes: BTreeMap<PathBuf, Rebuilder>,
    /// Notes to rebuild on the next [`Target::rebuild`].
    pending: BTreeSet<PathBuf>,
    /// Look for notes again on the next rebuild (a note or folder appeared or went).
    rescan: bool,
    images_changed: bool,
    /// The folder was gone at the last rebuild: when it is back, everything is read again.
    was_gone: bool,
    /// The first build is done (it prints one summary line, not one line per deck).
    started: bool,
    /// Shared by every note: an image used by many notes is read and encoded once.
    cache: ImageCache,
    /// Problems of the folder itself (unreadable subfolder, two notes for one deck).
    problems: Vec<String>,
    index: IndexPage,
    site: Arc<Site>,
}

impl FolderTarget {
    pub(super) fn new(options: &WatchOptions) -> Result<FolderTarget> {
        let dir = options.input.clone();
        let canonical = dir.canonicalize().map_err(|e| Error::io(&dir, e))?;
        let mut build_options = options.build.clone();
        if build_options.root.is_none() {
            // As in folder builds: images may come from anywhere in the folder being served
            // (or in the repository around it).
            build_options.root = Some(crate::settings::notes_root(&dir.join(batch::INDEX_FILE)));
        }
        let index = IndexPage {
            nonce: new_nonce(),
            counter: 0,
            fingerprint: None,
            state: Arc::new(DeckState {
                build: String::new(),
                html: Bytes::new(),
                error: None,
                line: None,
                live: None,
            }),
        };
        Ok(FolderTarget {
            title: batch::index_title(&canonical),
            dir,
            canonical,
            options: build_options,
            follow: !options.no_follow,
            notes: BTreeMap::new(),
            pending: BTreeSet::new(),
            rescan: true,
            images_changed: false,
            was_gone: false,
            started: false,
            cache: ImageCache::default(),
            problems: Vec::new(),
            index,
            site: Arc::new(Site::default()),
        })
    }

    /// Looks for the folder's notes again: new ones are added (and built next), gone ones
    /// dropped. Returns whether a note went.
    fn rescan_notes(&mut self) -> bool {
        let crate::discover::Found {
            notes: found,
            mut problems,
        } = crate::discover::notes_in(&self.dir, crate::discover::Depth::Recursive, None);
        let found_set: HashSet<&PathBuf> = found.iter().collect();
        let before = self.notes.len();
        self.notes.retain(|rel, _| found_set.contains(rel));
        let removed = self.notes.len() != before;
        // Two notes cannot share a deck (`a.md`, `a.markdown`), nor take the index's place.
        let mut taken: HashSet<String> = INDEX_PAGES.iter().map(|p| p.to_string()).collect();
        for rel in &found {
            let key = deck_page(rel);
            if !taken.insert(key.clone()) {
                problems.push(format!(
                    "{}: its deck {} is another page's; rename the note",
                    crate::error::shown_path(&self.dir.join(rel)),
                    key.trim_start_matches('/')
                ));
                self.notes.remove(rel);
                continue;
            }
            if self.notes.contains_key(rel) {
                continue;
            }
            let place = IndexPlace {
                rel: rel.clone(),
                deck_rel: rel.with_extension("html"),
            };
            let path = self.dir.join(rel);
            match Rebuilder::new(&path, &self.options, self.follow, &key, Some(place)) {
                Ok(mut rebuilder) => {
                    rebuilder.quiet = !self.started;
                    self.notes.insert(rel.clone(), rebuilder);
                    self.pending.insert(rel.clone());
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
        self.problems = problems;
        removed
    }

    /// Renders the index from the notes' last good builds; returns whether it changed.
    fn update_index(&mut self) -> bool {
        let entries: Vec<IndexEntry> = self
            .notes
            .values()
            .filter_map(|note| note.entry.clone())
            .collect();
        let mut errors = self.problems.clone();
        errors.extend(self.notes.values().filter_map(|n| n.current.error.clone()));
        let html = match index::render_index_with(&self.title, &entries, render::Policy::Served) {
            Ok(html) => html,
            Err(e) => {
                errors.push(e.to_string());
                String::new()
            }
        };
        let error = (!errors.is_empty()).then(|| errors.join("\n"));
        let page = &mut self.index;
        // The page carries no build id yet (the client goes in below): hash all of it.
        let print = fingerprint(&html, "");
        if page.fingerprint == Some(print) || html.is_empty() {
            if page.state.error == error {
                return false;
            }
            let mut state = (*page.state).clone();
            state.error = error;
            page.state = Arc::new(state);
            return true;
        }
        page.counter += 1;
        let build = format!("{}-{}", page.nonce, page.counter);
        let client = client_html(&build, false, &serve::events_url("/"));
        page.fingerprint = Some(print);
        page.state = Arc::new(DeckState {
            html: Bytes::from(render::inject_before_body_end(&html, &client)),
            build,
            error,
            line: None,
            live: None,
        });
        true
    }
}

/// The index page's paths.
const INDEX_PAGES: [&str; 2] = ["/", "/index.html"];

/// The page a note's deck is served at: `/` and its path, with `.html`.
fn deck_page(rel: &Path) -> String {
    format!("/{}", index::slash_path(&rel.with_extension("html")))
}

impl Target for FolderTarget {
    fn event(&mut self, event: &notify::Event) -> bool {
        if event.need_rescan() {
            self.lost_events();
            return true;
        }
        let mut relevant = false;
        for path in &event.paths {
            let is_dir = std::fs::metadata(path).ok().map(|m| m.is_dir());
            match classify(path, &event.kind, &self.canonical, is_dir) {
                Touch::Note(rel) => {
                    if self.notes.contains_key(&rel) {
                        self.pending.insert(rel);
                    } else {
                        self.rescan = true;
                    }
                    // A note renamed or deleted: the folder's list changes.
                    if is_dir.is_none() {
                        self.rescan = true;
                    }
                    relevant = true;
                }
                Touch::Folder => {
                    self.rescan = true;
                    relevant = true;
                }
                Touch::Other => {}
            }
            // Whatever else a deck is made of: images, theme files, `meetdeck.toml`.
            for (rel, note) in &self.notes {
                if is_relevant(path, &note.wanted) {
                    self.pending.insert(rel.clone());
                    relevant = true;
                    if note.wanted.images.contains(path) {
                        self.images_changed = true;
                    }
                }
            }
        }
        relevant
    }

    fn lost_events(&mut self) {
        self.rescan = true;
        self.images_changed = true;
        self.pending.extend(self.notes.keys().cloned());
    }

    fn rebuild(&mut self) -> bool {
        let started = std::time::Instant::now();
        let gone = !self.canonical.is_dir();
        if std::mem::replace(&mut self.was_gone, gone) && !gone {
            // Deleted and created again (a checkout of another branch): a new folder.
            self.lost_events();
        }
        if std::mem::take(&mut self.images_changed) {
            self.cache = ImageCache::default();
        }
        let mut changed = false;
        if std::mem::take(&mut self.rescan) {
            changed |= self.rescan_notes();
        }
        let pending = std::mem::take(&mut self.pending);
        let cache = &self.cache;
        let mut due: Vec<&mut Rebuilder> = self
            .notes
            .iter_mut()
            .filter(|(rel, _)| pending.contains(*rel))
            .map(|(_, note)| note)
            .collect();
        // The first build of a big folder uses every core; a save rebuilds one deck.
        let rebuilt: Vec<bool> = if due.len() > 1 {
            due.par_iter_mut().map(|note| note.rebuild(cache)).collect()
        } else {
            due.iter_mut().map(|note| note.rebuild(cache)).collect()
        };
        changed |= rebuilt.contains(&true);
        // A note that vanished between the event and the rebuild is dropped; it comes back
        // with the event of its return.
        let before = self.notes.len();
        self.notes.retain(|_, note| !note.missing);
        changed |= self.notes.len() != before;
        changed |= self.update_index();
        if !self.started {
            self.started = true;
            let slides: usize = self
                .notes
                .values()
                .filter_map(|n| n.entry.as_ref())
                .map(|e| e.slides)
                .sum();
            let failed = self
                .notes
                .values()
                .filter(|n| n.current.error.is_some())
                .count();
            eprintln!(
                "built {} decks ({slides} slides, {failed} failed) in {:.0} ms",
                self.notes.len(),
                started.elapsed().as_secs_f64() * 1000.0
            );
            for note in self.notes.values_mut() {
                note.quiet = false;
            }
        }
        if changed {
            let mut pages: BTreeMap<String, Arc<DeckState>> = INDEX_PAGES
                .iter()
                .map(|p| (p.to_string(), Arc::clone(&self.index.state)))
                .collect();
            for (rel, note) in &self.notes {
                pages.insert(deck_page(rel), Arc::clone(&note.current));
            }
            self.site = Arc::new(Site { pages });
        }
        changed
    }

    fn site(&self) -> Arc<Site> {
        Arc::clone(&self.site)
    }

    fn watches(&self) -> Watches {
        let mut watches = Watches::from([(self.canonical.clone(), true)]);
        // Images or a theme outside the folder: their own folders, without subfolders.
        for note in self.notes.values() {
            for dir in &note.wanted.dirs {
                if !dir.starts_with(&self.canonical) {
                    watches.entry(dir.clone()).or_insert(false);
                }
            }
        }
        watches
    }

    fn waiting(&self) -> bool {
        self.was_gone
    }

    fn is_back(&self) -> bool {
        self.canonical.is_dir()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RenameMode};

    #[test]
    fn events_are_notes_folders_or_other() {
        let dir = Path::new("/m");
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let renamed = EventKind::Modify(ModifyKind::Name(RenameMode::From));
        let at = |p: &str, kind: &EventKind, is_dir: Option<bool>| {
            classify(Path::new(p), kind, dir, is_dir)
        };
        let note = |p: &str| Touch::Note(PathBuf::from(p));
        assert_eq!(at("/m/a.md", &write, Some(false)), note("a.md"));
        assert_eq!(
            at("/m/2023/b 会议.MD", &write, Some(false)),
            note("2023/b 会议.MD")
        );
        assert_eq!(
            at("/m/2023/c.markdown", &renamed, None),
            note("2023/c.markdown")
        );
        // Deleted notes are still notes (the rescan drops them).
        let removed = EventKind::Remove(RemoveKind::File);
        assert_eq!(at("/m/a.md", &removed, None), note("a.md"));
        // Folders appearing, going, moving; the folder itself.
        let created = EventKind::Create(CreateKind::Folder);
        assert_eq!(at("/m/2024", &created, Some(true)), Touch::Folder);
        let gone = EventKind::Remove(RemoveKind::Folder);
        assert_eq!(at("/m/2024", &gone, None), Touch::Folder);
        assert_eq!(at("/m/2024", &renamed, None), Touch::Folder);
        assert_eq!(at("/m", &gone, None), Touch::Folder);
        // Not notes: README, other files, hidden entries, editor droppings, outside.
        for other in [
            "/m/README.md",
            "/m/2023/readme.md",
            "/m/a.html",
            "/m/a.md~",
            "/m/.a.md.swp",
            "/m/4913",
            "/m/a.md___jb_tmp___",
            "/m/.git/index",
            "/m/.obsidian/x.md",
            "/m/images/a.png",
            "/elsewhere/a.md",
            "/mm/a.md",
        ] {
            assert_eq!(at(other, &write, Some(false)), Touch::Other, "{other}");
        }
        // A backup renamed away is not taken for a folder.
        assert_eq!(at("/m/a.md___jb_old___", &renamed, None), Touch::Other);
        assert_eq!(at("/m/.git", &created, Some(true)), Touch::Other);
    }

    #[test]
    fn decks_are_served_at_their_paths() {
        assert_eq!(deck_page(Path::new("a.md")), "/a.html");
        assert_eq!(
            deck_page(Path::new("2023/会议 a.markdown")),
            "/2023/会议 a.html"
        );
        assert_eq!(deck_page(Path::new("index.md")), "/index.html");
        assert_eq!(deck_page(Path::new("2023/index.md")), "/2023/index.html");
    }
}
