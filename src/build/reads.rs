//! What a build read or probed: the one list of what a deck depends on.
//!
//! Folder builds keep it in their manifest (a deck is rebuilt when one of these files
//! changes, appears or goes) and watch mode watches it (a save of any of them rebuilds).

use std::path::{Path, PathBuf};

/// What a file was to the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ReadKind {
    /// The note itself.
    Note,
    /// A `meetdeck.toml`, found or looked for.
    Config,
    /// A file of a theme folder, found or looked for.
    Theme,
    /// An image file (of the note, or the logo), as tried: a changed image may be cached.
    Image,
}

/// One file read or probed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Read {
    /// The file, as the build named it (it may not exist).
    pub path: PathBuf,
    /// What the file was to the build.
    pub kind: ReadKind,
}

/// Every file a build read or probed, in order, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reads {
    files: Vec<Read>,
}

impl Reads {
    /// Records `path` (once).
    pub fn push(&mut self, path: impl Into<PathBuf>, kind: ReadKind) {
        let path = path.into();
        if !self.files.iter().any(|r| r.path == path) {
            self.files.push(Read { path, kind });
        }
    }

    /// Records every path of `paths` as `kind`.
    pub fn extend<P: AsRef<Path>>(&mut self, paths: impl IntoIterator<Item = P>, kind: ReadKind) {
        for path in paths {
            self.push(path.as_ref(), kind);
        }
    }

    /// The files, in the order they were read.
    pub fn iter(&self) -> impl Iterator<Item = &Read> {
        self.files.iter()
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_file_once_in_order() {
        let mut reads = Reads::default();
        reads.push("a.md", ReadKind::Note);
        reads.extend(["x.png", "a.md", "y.png"], ReadKind::Image);
        let paths: Vec<_> = reads.iter().map(|r| r.path.to_str().unwrap()).collect();
        assert_eq!(paths, ["a.md", "x.png", "y.png"]);
        assert_eq!(reads.iter().next().unwrap().kind, ReadKind::Note);
    }
}
