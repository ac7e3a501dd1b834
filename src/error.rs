//! Errors and warnings of the library.
//!
//! Every error names the file it is about (and the line where known), so the binary can print
//! it as one line: `meetdeck: notes/2023-01-12.md:14: image not found: a.png`.

use std::fmt;
use std::path::{Path, PathBuf};

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a deck from being built.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading or writing a file failed.
    /// (The I/O error is part of the message, not a separate source, so the one-line
    /// `meetdeck: PATH: error` never repeats itself.)
    #[error("{}: {error}", shown_path(path))]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        error: std::io::Error,
    },
    /// The input is wrong in a way the user must fix (bad front matter, bad encoding...).
    #[error("{location}: {message}")]
    Input {
        /// Where.
        location: Location,
        /// What is wrong, one line.
        message: String,
    },
    /// `--strict` turned warnings into an error.
    #[error("{location}: {message} (--strict)")]
    Strict {
        /// Where.
        location: Location,
        /// The warning, one line.
        message: String,
    },
    /// A theme's template does not compile or render.
    #[error("{}: {message}", shown_path(path))]
    Theme {
        /// The theme's file.
        path: PathBuf,
        /// What is wrong, one line.
        message: String,
    },
    /// The command line asked for something impossible (e.g. `-o` equal to the input).
    #[error("{0}")]
    Usage(String),
    /// No browser to print with, or printing failed.
    #[error("{0}")]
    Browser(String),
    /// Watch mode could not listen on its address.
    #[error("cannot listen on {address}: {error}")]
    Listen {
        /// The address asked for.
        address: String,
        /// What the system said.
        error: std::io::Error,
    },
    /// Watch mode's server or file watcher failed.
    #[error("{what}: {error}")]
    Watch {
        /// What failed.
        what: &'static str,
        /// Why.
        error: String,
    },
    /// A thread (a worker pool, the rebuild loop) could not be started.
    #[error("cannot start {what}: {error}")]
    Thread {
        /// Which thread.
        what: &'static str,
        /// Why.
        error: String,
    },
}

impl Error {
    /// An I/O error about `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            error: source,
        }
    }

    /// An input error at `path` (and `line`, when known).
    pub fn input(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Error::Input {
            location: Location::new(path, line),
            message: message.into(),
        }
    }
}

/// A place in a note: a file and, where known, a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Location {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line, where known.
    pub line: Option<usize>,
}

impl Location {
    /// The place `path:line`.
    pub fn new(path: &Path, line: Option<usize>) -> Self {
        Location {
            path: path.to_path_buf(),
            line,
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = shown_path(&self.path);
        match self.line {
            Some(line) => write!(f, "{path}:{line}"),
            None => write!(f, "{path}"),
        }
    }
}

/// A path as messages show it: control characters (a newline in a file name) escaped, so an
/// error or a warning is always one line.
pub fn shown_path(path: &Path) -> String {
    shown_text(&path.display().to_string())
}

/// Text from a note or a file name as messages show it (a `src`, a link): control characters
/// escaped, so that it cannot break a message into lines or forge one.
pub fn shown_text(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A problem that does not stop the build (a missing image, a remote image...).
///
/// Printed as `NOTE.md:LINE: message`; `--strict` turns the first one into an error.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Warning {
    /// Where the problem is.
    pub location: Location,
    /// What is wrong, one line.
    pub message: String,
}

impl Warning {
    /// A warning at `path:line`.
    pub fn new(path: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        Warning {
            location: Location::new(path, line),
            message: message.into(),
        }
    }

    /// This warning as the error `--strict` makes of it.
    pub fn into_strict_error(self) -> Error {
        Error::Strict {
            location: self.location,
            message: self.message,
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}
