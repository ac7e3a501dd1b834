//! One note to one deck: the pipeline note → slides → assets → render, without writing.

use std::path::{Path, PathBuf};

use crate::assets::{self, AssetOptions, ImageCache};
use crate::error::{Error, Result, Warning};
use crate::note::Note;
use crate::render::{self, Injections};
use crate::slides::{self, SplitOptions};
use crate::theme::Theme;

/// Options of `meetdeck build` that change the deck.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `--slide-level`; else the note's front matter; else `##`.
    pub slide_level: Option<u8>,
    /// `--theme NAME|DIR`; else the note's front matter; else `default`.
    pub theme: Option<String>,
    /// `--strict`: a warning (missing image...) fails the build.
    pub strict: bool,
    /// `--root`: the folder images must lie in; else found from the note (see [`notes_root`]).
    pub root: Option<PathBuf>,
    /// Widest image kept as is.
    pub max_image_width: Option<u32>,
}

/// A built deck, not yet written.
#[derive(Debug, Clone)]
pub struct BuiltDeck {
    pub html: String,
    pub warnings: Vec<Warning>,
    /// Slides as built (title slide included; the runtime may add continuations).
    pub slides: usize,
    pub title: String,
    pub date: Option<String>,
}

/// Builds the deck of the note at `path`.
pub fn build_note(path: &Path, options: &BuildOptions, cache: &ImageCache) -> Result<BuiltDeck> {
    let note = Note::read(path)?;
    build_from_note(note, options, cache, &Injections::default())
}

/// Builds the deck of an already read note (watch mode re-reads and injects its client).
pub fn build_from_note(
    note: Note,
    options: &BuildOptions,
    cache: &ImageCache,
    injections: &Injections,
) -> Result<BuiltDeck> {
    let front = &note.front_matter;
    let split_options = SplitOptions {
        slide_level: options
            .slide_level
            .or(front.slide_level)
            .unwrap_or(slides::DEFAULT_SLIDE_LEVEL),
    };
    let theme = match options.theme.as_deref().or(front.theme.as_deref()) {
        Some(spec) => Theme::load(spec)?,
        None => Theme::default_theme(),
    };
    let deck = slides::split(&note, &split_options);

    let root = match &options.root {
        Some(root) => root.clone(),
        None => notes_root(&note.path),
    };
    let asset_options = AssetOptions {
        root,
        max_width: options.max_image_width.unwrap_or(assets::DEFAULT_MAX_WIDTH),
    };
    let (assets, asset_warnings) =
        assets::embed_images(&note.path, &deck.images, &asset_options, cache);

    let mut warnings = note.warnings;
    warnings.extend(asset_warnings);
    if options.strict {
        if let Some(first) = warnings.first() {
            return Err(first.clone().into_strict_error());
        }
    }
    let html = render::render(&deck, &assets, &theme, injections)?;
    Ok(BuiltDeck {
        html,
        warnings,
        slides: deck.slide_count(),
        title: deck.title,
        date: deck.meeting.date,
    })
}

/// The notes' root: images may only be embedded from inside it. The nearest folder up from
/// the note holding `.git` or `meetdeck.toml`; else the current folder when the note lies in
/// it; else the note's own folder.
pub fn notes_root(note_path: &Path) -> PathBuf {
    let absolute = std::path::absolute(note_path).unwrap_or_else(|_| note_path.to_path_buf());
    let note_dir = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
    for dir in note_dir.ancestors() {
        if dir.join(".git").exists() || dir.join("meetdeck.toml").is_file() {
            return dir.to_path_buf();
        }
    }
    if let Ok(cwd) = std::env::current_dir() {
        if note_dir.starts_with(&cwd) {
            return cwd;
        }
    }
    note_dir
}

/// `NOTE.html` beside `NOTE.md`.
pub fn default_output(note_path: &Path) -> PathBuf {
    note_path.with_extension("html")
}

/// Refuses an output path that is the note itself (the source is never written).
pub fn check_output_is_not_input(input: &Path, output: &Path) -> Result<()> {
    let same = output == input
        || match (input.canonicalize(), output.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
    if same {
        return Err(Error::Usage(format!(
            "{}: the output would overwrite the note itself; choose another -o",
            output.display()
        )));
    }
    Ok(())
}
