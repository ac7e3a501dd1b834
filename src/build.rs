//! One note to one deck: the pipeline note → slides → assets → render, without writing.

use std::path::{Path, PathBuf};

use crate::assets::{self, AssetOptions, ImageCache};
use crate::config::Config;
use crate::error::{Error, Result, Warning};
use crate::note::Note;
use crate::render::{self, Injections, RenderOptions};
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
    /// `--sanitize`: clean the note's raw HTML (for notes written by others).
    pub sanitize: bool,
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
    let settings = Settings::resolve(&note, options)?;
    let theme = settings.theme()?;
    let deck = slides::split(&note, &settings.split);
    let assets::Embedded {
        assets,
        warnings: asset_warnings,
        ..
    } = assets::embed_images(&note.path, &deck.images, &settings.assets, cache);

    let (brand, brand_warnings) =
        render::Brand::resolve(&settings.config, &note, &settings.assets, cache)?;

    let mut warnings = note.warnings;
    warnings.extend(asset_warnings);
    warnings.extend(brand_warnings);
    if options.strict {
        if let Some(first) = warnings.first() {
            return Err(first.clone().into_strict_error());
        }
    }
    let render_options = RenderOptions {
        sanitize: options.sanitize,
    };
    let html = render::render(&deck, &assets, &theme, &brand, render_options, injections)?;
    Ok(BuiltDeck {
        html,
        warnings,
        slides: deck.slide_count(),
        title: deck.title,
        date: deck.meeting.date,
    })
}

/// The settings of one note's build, each from the first of: command line, the note's front
/// matter, `meetdeck.toml`, the default.
#[derive(Debug, Clone)]
pub struct Settings {
    pub split: SplitOptions,
    pub assets: AssetOptions,
    /// Theme name or folder; `None` is the default theme.
    pub theme: Option<String>,
    /// The `meetdeck.toml` that applies, if any.
    pub config: Config,
}

impl Settings {
    /// Resolves the settings of `note` under `options`.
    pub fn resolve(note: &Note, options: &BuildOptions) -> Result<Settings> {
        let (config, _) = Config::for_note(&note.path)?;
        let front = &note.front_matter;
        let split = SplitOptions {
            slide_level: options
                .slide_level
                .or(front.slide_level)
                .or(config.slide_level)
                .unwrap_or(slides::DEFAULT_SLIDE_LEVEL),
            lang: config.lang.clone(),
        };
        let assets = AssetOptions {
            root: match &options.root {
                Some(root) => root.clone(),
                None => notes_root(&note.path),
            },
            max_width: options
                .max_image_width
                .or(front.max_image_width)
                .or(config.max_image_width)
                .unwrap_or(assets::DEFAULT_MAX_WIDTH),
        };
        let theme = options
            .theme
            .clone()
            .or_else(|| front.theme.clone())
            .or_else(|| config.theme.clone());
        Ok(Settings {
            split,
            assets,
            theme,
            config,
        })
    }

    /// Loads the theme these settings name.
    pub fn theme(&self) -> Result<Theme> {
        match &self.theme {
            Some(spec) => Theme::load(spec),
            None => Ok(Theme::default_theme()),
        }
    }
}

/// The notes' root: images may only be embedded from inside it. The nearest folder up from
/// the note holding `.git` or `meetdeck.toml`; else the current folder when the note lies in
/// it; else the note's own folder.
pub fn notes_root(note_path: &Path) -> PathBuf {
    // Canonical, not just absolute: the ancestors of `/work/x/../notes` include `/work/x`.
    let absolute = std::path::absolute(note_path).unwrap_or_else(|_| note_path.to_path_buf());
    let parent = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
    let note_dir = parent.canonicalize().unwrap_or(parent);
    for dir in note_dir.ancestors() {
        if dir.join(".git").exists() || dir.join("meetdeck.toml").is_file() {
            return dir.to_path_buf();
        }
    }
    if let Ok(cwd) = std::env::current_dir().and_then(|cwd| cwd.canonicalize()) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_root_is_not_fooled_by_dot_dot() {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(repo.path().join("code/.git")).unwrap();
        std::fs::create_dir_all(repo.path().join("notes/2023")).unwrap();
        std::fs::write(repo.path().join("notes/meetdeck.toml"), "").unwrap();
        // From inside `code/`, the note is reached through `..`: its root is `notes/`,
        // never `code/` (whose .git is not above the note).
        let note = repo.path().join("code/../notes/2023/a.md");
        let root = notes_root(&note);
        assert_eq!(root, repo.path().join("notes").canonicalize().unwrap());
    }
}
