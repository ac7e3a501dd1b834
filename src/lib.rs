//! meetdeck turns Markdown meeting notes into one self-contained HTML slide deck.
//!
//! The pipeline, one module a stage, plain data flowing one way:
//!
//! ```text
//! note.md ─note─▶ Note ─slides─▶ Deck ─assets─▶ Assets ─render─▶ HTML ─write─▶ deck.html
//! ```
//!
//! [`build::build_note`] runs it for one note.

pub mod assets;
pub mod deck;
pub mod error;
pub mod html_img;
pub mod markdown;
pub mod meeting;
pub mod note;
pub mod slides;

pub use error::{Error, Result, Warning};
pub mod batch;
pub mod build;
pub mod check;
pub mod discover;
pub mod highlight;
pub mod index;
pub mod new_note;
pub mod pdf;
pub mod render;
pub mod sanitize;
pub mod serve;
pub mod settings;
pub mod theme;
pub mod watch;
pub mod write;
