//! What a deck is made of, and the folders the watcher is armed on to see it change.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::build::{ReadKind, Reads};

/// Folders to watch, each with whether its subfolders are watched too.
pub(super) type Watches = BTreeMap<PathBuf, bool>;

/// The files a deck is made of, and the folders watched to see them change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct WatchSet {
    /// Folders watched (non-recursively), canonical.
    pub(super) dirs: BTreeSet<PathBuf>,
    /// The note, the theme's files, `meetdeck.toml`: canonical folder + file name.
    pub(super) files: BTreeSet<PathBuf>,
    /// The images the note refers to (a change re-reads them, bypassing the image cache).
    pub(super) images: BTreeSet<PathBuf>,
}

/// Whether an event about `path` concerns the deck: only the exact files it is made of (a
/// watched folder itself, e.g. deleted, counts too). Editors' backup, swap and temporary
/// files (`note.md~`, `.note.md.swp`, `.swx`, `4913`, `#note.md#`, `note.md.tmp`...) are
/// other names, so they never match.
pub(super) fn is_relevant(path: &Path, watched: &WatchSet) -> bool {
    watched.files.contains(path) || watched.images.contains(path) || watched.dirs.contains(path)
}

/// `path` with its folder made canonical (the file itself may not exist, or be replaced at
/// any moment): the form notify reports events in for a canonical watched folder.
pub(super) fn in_canonical_dir(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    Some(std::fs::canonicalize(dir).ok()?.join(name))
}

/// What to watch for the note at `note_path` (canonical-dir form): the note (and, when it is
/// a symbolic link, its target) and every file its last build read or probed.
pub(super) fn watch_set(note_path: &Path, reads: &Reads) -> WatchSet {
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
pub(super) struct Armed {
    watcher: RecommendedWatcher,
    dirs: Watches,
}

impl Armed {
    /// Wraps `watcher`, watching nothing yet.
    pub(super) fn new(watcher: RecommendedWatcher) -> Armed {
        Armed {
            watcher,
            dirs: Watches::new(),
        }
    }

    /// Watches exactly `wanted`; `force` re-watches all (a folder that was deleted and
    /// created again is a new folder: its old watch is gone).
    pub(super) fn apply(&mut self, wanted: &Watches, force: bool) {
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
                Err(e) => eprintln!(
                    "warning: cannot watch {}: {e}",
                    crate::error::shown_path(dir)
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::ImageCache;
    use crate::build::{self, BuildOptions};
    use crate::note::Note;
    use crate::render::Injections;

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
}
