//! meetdeck turns Markdown meeting notes into one self-contained HTML slide deck.
//!
//! The pipeline, one module a stage, plain data flowing one way:
//!
//! ```text
//! note.md ─note─▶ Note ─settings─▶ Settings ─deck─▶ Deck ─assets─▶ Assets ─render─▶ HTML ─write─▶ deck.html
//! ```
//!
//! [`build::build_note`] runs it for one note; `ARCHITECTURE.md` is the map of the modules.

#![warn(missing_docs)]

// The API of the binary, the examples, the fuzz target and the tests.
pub mod assets;
pub mod batch;
pub mod build;
pub mod check;
pub mod deck;
pub mod error;
pub mod estimate;
pub mod index;
pub mod meeting;
pub mod new_note;
pub mod note;
pub mod pdf;
pub mod render;
pub mod theme;
pub mod watch;
pub mod write;

pub use error::{Error, Result, Warning};

// The rest is the library's own: the compiler sees what is dead.
pub(crate) mod discover;
pub(crate) mod highlight;
pub(crate) mod html_refs;
pub(crate) mod markdown;
pub(crate) mod opening;
pub(crate) mod sanitize;
pub(crate) mod serve;
pub(crate) mod settings;
pub(crate) mod slides;
