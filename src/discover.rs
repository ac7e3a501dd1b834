//! What a note is, and where the notes of a folder are: the one rule `build DIR`, `check DIR`,
//! `watch DIR` and `new DIR` share.
//!
//! A note is a regular file named `*.md` or `*.markdown` (any case) that is not a folder's
//! `README`. Hidden entries (`.git`, `.obsidian`, editor backups) are skipped; symbolic links
//! are followed, each real folder visited once (a link loop ends). An entry that is named like
//! a note but is not a regular file (a FIFO, a socket, a device) is skipped with a problem
//! line: reading it could hang the build.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::error::Error;

/// Whether a file name is a note's: `*.md` / `*.markdown`, any case, but not `README.md`
/// (a folder's description, not a meeting).
pub fn is_note_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    (lower.ends_with(".md") || lower.ends_with(".markdown"))
        && lower != "readme.md"
        && lower != "readme.markdown"
}

/// The notes found in a folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// Every note, relative to the folder searched, sorted.
    pub notes: Vec<PathBuf>,
    /// One line per entry that could not be searched or read as a note (`path: why`).
    pub problems: Vec<String>,
}

/// How deep a search goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// The folder and every folder below it.
    Recursive,
    /// The folder's own entries only (`meetdeck new`: one series is one folder).
    Flat,
}

/// Every note under `dir`; `skip` is a canonical folder not to enter (a build's output
/// folder inside its input).
pub fn notes_in(dir: &Path, depth: Depth, skip: Option<&Path>) -> Found {
    let mut found = Found::default();
    // The folder itself must be readable (walkdir's errors at depth 0 are not yielded
    // under `min_depth(1)`).
    if let Err(e) = std::fs::read_dir(dir) {
        found.problems.push(Error::io(dir, e).to_string());
        return found;
    }
    let mut visited: HashSet<PathBuf> = HashSet::new();
    let walker = WalkDir::new(dir)
        .follow_links(true)
        .min_depth(1)
        .max_depth(match depth {
            Depth::Recursive => usize::MAX,
            Depth::Flat => 1,
        })
        .into_iter()
        .filter_entry(|entry| {
            if entry.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            if !entry.file_type().is_dir() {
                return true;
            }
            // Each real folder once: a second link to a folder ends here.
            match entry.path().canonicalize() {
                Ok(canonical) => skip != Some(canonical.as_path()) && visited.insert(canonical),
                Err(_) => false,
            }
        });
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            // A link loop, or a dangling link: nothing to build there, nothing to say.
            Err(e) if e.loop_ancestor().is_some() => continue,
            Err(e)
                if e.io_error().map(std::io::Error::kind) == Some(std::io::ErrorKind::NotFound) =>
            {
                continue
            }
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let error = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot be searched"));
                found.problems.push(Error::io(path, error).to_string());
                continue;
            }
        };
        if entry.file_type().is_dir() || !is_note_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        if !entry.file_type().is_file() {
            found.problems.push(format!(
                "{}: not a regular file (a pipe, socket or device?); skipped",
                crate::error::shown_path(entry.path())
            ));
            continue;
        }
        found.notes.push(rel.to_path_buf());
    }
    found.notes.sort();
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(path: &Path) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "# x\n").unwrap();
    }

    #[test]
    fn note_names() {
        for name in ["a.md", "B.MD", "c.markdown", "2023-04- 13.md"] {
            assert!(is_note_name(name), "{name}");
        }
        for name in ["README.md", "readme.markdown", "a.txt", "a.md~", "a.html"] {
            assert!(!is_note_name(name), "{name}");
        }
    }

    #[test]
    fn finds_notes_recursively_skipping_hidden_readme_and_output() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for rel in [
            "a.md",
            "2024/b.markdown",
            "2024/README.md",
            ".git/c.md",
            "2024/.hidden/d.md",
            "site/e.md",
            "notes.txt",
        ] {
            touch(&root.join(rel));
        }
        let out = root.join("site").canonicalize().unwrap();
        let found = notes_in(root, Depth::Recursive, Some(&out));
        assert_eq!(
            found.notes,
            vec![PathBuf::from("2024/b.markdown"), PathBuf::from("a.md")]
        );
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        let flat = notes_in(root, Depth::Flat, None);
        assert_eq!(flat.notes, vec![PathBuf::from("a.md")]);
    }

    #[cfg(unix)]
    #[test]
    fn link_loops_end_and_linked_folders_count_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        touch(&root.join("series/a.md"));
        std::os::unix::fs::symlink(root.join("series"), root.join("series/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("series"), root.join("again")).unwrap();
        std::os::unix::fs::symlink(root.join("gone"), root.join("dangling.md")).unwrap();
        let found = notes_in(root, Depth::Recursive, None);
        assert_eq!(found.notes.len(), 1, "{:?}", found.notes);
        assert!(found.problems.is_empty(), "{:?}", found.problems);
    }

    #[test]
    fn a_missing_folder_is_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        let found = notes_in(&dir.path().join("gone"), Depth::Recursive, None);
        assert!(found.notes.is_empty());
        assert_eq!(found.problems.len(), 1, "{:?}", found.problems);
        assert!(found.problems[0].contains("gone"), "{:?}", found.problems);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_named_like_a_note_is_skipped_with_a_problem() {
        let dir = tempfile::tempdir().unwrap();
        touch(&dir.path().join("a.md"));
        let fifo = dir.path().join("pipe.md");
        let c_path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
        let found = notes_in(dir.path(), Depth::Recursive, None);
        assert_eq!(found.notes, vec![PathBuf::from("a.md")]);
        assert_eq!(found.problems.len(), 1);
        assert!(found.problems[0].contains("pipe.md: not a regular file"));
    }
}
