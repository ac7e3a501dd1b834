//! One note's settings, from the first of: the command line, the note's front matter, the
//! nearest `meetdeck.toml` (as mdBook's `book.toml`), the default.
//!
//! Every relative path is resolved against the file that declared it: a `meetdeck.toml` path
//! against that file's folder, a front-matter path against the note's folder, a flag against
//! the current folder. So the same note builds the same from any folder. Every value keeps
//! where it was declared ([`Declared`]), from the TOML/YAML parsers' spans, so a message
//! names that file and line without reading it again.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::build::{BuildOptions, ReadKind, Reads};
use crate::deck::DeckOptions;
use crate::error::{Error, Location, Result};
use crate::note::Note;
use crate::theme::{self, Theme};

/// The configuration file's name.
pub const CONFIG_FILE: &str = "meetdeck.toml";

pub use crate::slides::DEFAULT_SLIDE_LEVEL;

pub use crate::assets::DEFAULT_MAX_WIDTH;

/// A setting's value and where it was declared: a file and line, or `None` for the command
/// line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared<T> {
    pub value: T,
    pub at: Option<Location>,
}

impl<T> Declared<T> {
    /// The folder relative paths in this value are resolved against.
    fn base(&self) -> PathBuf {
        match &self.at {
            Some(at) => folder_of(&at.path).to_path_buf(),
            None => PathBuf::from("."),
        }
    }

    /// An error about this value, at the place it was declared.
    pub fn error(&self, flag: &str, message: impl std::fmt::Display) -> Error {
        match &self.at {
            Some(at) => Error::input(&at.path, at.line, message.to_string()),
            None => Error::Usage(format!("{flag}: {message}")),
        }
    }
}

/// Which theme a deck uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeChoice {
    /// A built-in theme, by name.
    Builtin(String),
    /// A theme folder (each file it lacks comes from the theme it extends).
    Folder(PathBuf),
}

/// The settings of one note's build.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Headings of this level (and above) start slides; one level down, vertical slides.
    pub slide_level: u8,
    /// The deck's language when the note or `meetdeck.toml` says it; else it is detected.
    pub lang: Option<String>,
    /// The theme; `None` is the default theme.
    pub theme: Option<Declared<ThemeChoice>>,
    /// Images must lie inside this folder (see [`notes_root`]).
    pub root: PathBuf,
    /// Wider images are downscaled to this width when that makes the deck smaller.
    pub max_image_width: u32,
    /// Brand accent colour, as written (validated by the build).
    pub accent: Option<Declared<String>>,
    /// Brand logo, as written: relative to the file that declared it.
    pub logo: Option<Declared<String>>,
    /// Brand footer text.
    pub footer: Option<String>,
}

impl Settings {
    /// Resolves the settings of `note` under the command line's `options`. Every
    /// `meetdeck.toml` looked for (found or not: one appearing changes the settings) and the
    /// theme folder's files are recorded in `reads`, also when resolving fails.
    pub fn resolve(note: &Note, options: &BuildOptions, reads: &mut Reads) -> Result<Settings> {
        let root = match &options.root {
            Some(root) => root.clone(),
            None => notes_root(&note.path),
        };
        let config = Config::for_note(&note.path, &root, reads)?;
        let front = &note.front_matter;
        let in_note = |key: &str| Some(Location::new(&note.path, front.line_of(key)));

        let theme = match (&options.theme, &front.theme, config.theme) {
            (Some(spec), _, _) => Some(theme_choice(Declared {
                value: spec.clone(),
                at: None,
            })?),
            (None, Some(spec), _) => Some(theme_choice(Declared {
                value: spec.clone(),
                at: in_note("theme"),
            })?),
            (None, None, Some(choice)) => Some(choice),
            (None, None, None) => None,
        };
        let from_note = |value: &Option<String>, key: &str| {
            value.clone().map(|value| Declared {
                value,
                at: in_note(key),
            })
        };
        if let Some(ThemeChoice::Folder(dir)) = theme.as_ref().map(|t| &t.value) {
            reads.extend(
                theme::FOLDER_FILES.iter().map(|file| dir.join(file)),
                ReadKind::Theme,
            );
        }
        Ok(Settings {
            slide_level: options
                .slide_level
                .or(front.slide_level)
                .or(config.slide_level)
                .unwrap_or(DEFAULT_SLIDE_LEVEL)
                .clamp(1, 6),
            lang: front.lang.clone().or(config.lang),
            theme,
            max_image_width: options
                .max_image_width
                .or(front.max_image_width)
                .or(config.max_image_width)
                .unwrap_or(DEFAULT_MAX_WIDTH),
            accent: from_note(&front.accent, "accent").or(config.accent),
            logo: from_note(&front.logo, "logo").or(config.logo),
            footer: front.footer.clone().or(config.footer),
            root,
        })
    }

    /// How the note becomes a deck under these settings.
    pub fn deck_options(&self) -> DeckOptions {
        DeckOptions {
            slide_level: self.slide_level,
            lang: self.lang.clone(),
        }
    }

    /// Loads the theme these settings name.
    pub fn load_theme(&self) -> Result<Theme> {
        match &self.theme {
            None => Ok(Theme::default_theme()),
            Some(declared) => match &declared.value {
                ThemeChoice::Folder(dir) => Theme::from_dir(dir),
                ThemeChoice::Builtin(name) => Theme::builtin(name)
                    .ok_or_else(|| declared.error("--theme", format!("unknown theme `{name}`"))),
            },
        }
    }
}

/// A theme `spec`: a folder relative to the file that names it (or the current folder, for
/// `--theme`), else a built-in name; anything else is an error at the place it was written.
fn theme_choice(spec: Declared<String>) -> Result<Declared<ThemeChoice>> {
    let dir = spec.base().join(&spec.value);
    let value = if dir.is_dir() {
        ThemeChoice::Folder(dir)
    } else if Theme::builtin(&spec.value).is_some() {
        ThemeChoice::Builtin(spec.value.clone())
    } else {
        let known: Vec<&str> = theme::builtin_names().collect();
        return Err(spec.error(
            "--theme",
            format!(
                "unknown theme `{}`: not a folder (relative to {}) and not one of {}",
                spec.value,
                match &spec.at {
                    Some(at) => format!("{}'s folder", crate::error::shown_path(&at.path)),
                    None => "the current folder".to_string(),
                },
                known.join(", ")
            ),
        ));
    };
    Ok(Declared { value, at: spec.at })
}

/// `meetdeck.toml` as written. Unknown keys are an error (a typo must not be silently
/// ignored).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ConfigFile {
    /// A built-in theme name, or a theme folder relative to the file.
    theme: Option<toml::Spanned<String>>,
    slide_level: Option<u8>,
    /// Language of the decks (`zh-CN`, `en`...), instead of detecting it from each note.
    lang: Option<String>,
    /// Widest image kept as is, in pixels.
    max_image_width: Option<u32>,
    /// Logo image for themes that show one (relative to the file).
    logo: Option<toml::Spanned<String>>,
    /// Accent colour for themes that use one, e.g. `#0b6bcb`.
    accent: Option<toml::Spanned<String>>,
    /// Footer text for themes that show one (e.g. the meeting series' name).
    footer: Option<String>,
}

/// The `meetdeck.toml` that applies to a note, its paths resolved.
#[derive(Debug, Default)]
struct Config {
    theme: Option<Declared<ThemeChoice>>,
    slide_level: Option<u8>,
    lang: Option<String>,
    max_image_width: Option<u32>,
    logo: Option<Declared<String>>,
    accent: Option<Declared<String>>,
    footer: Option<String>,
}

impl Config {
    /// The nearest `meetdeck.toml` up from the note (the defaults when there is none).
    /// Every place looked at is recorded: from the note's folder up to the notes' `root`,
    /// or to the file found.
    fn for_note(note_path: &Path, root: &Path, reads: &mut Reads) -> Result<Config> {
        let Ok(absolute) = std::path::absolute(note_path) else {
            return Ok(Config::default());
        };
        // The root is canonical (see `notes_root`); the note's folders may not be.
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let mut dirs = folder_of(&absolute).ancestors();
        for dir in dirs.by_ref() {
            let candidate = dir.join(CONFIG_FILE);
            reads.push(&candidate, ReadKind::Config);
            if candidate.is_file() {
                return Config::load(&candidate);
            }
            if dir == root || dir.canonicalize().is_ok_and(|dir| dir == root) {
                break;
            }
        }
        // Above the root: the file may still be further up.
        match dirs
            .map(|dir| dir.join(CONFIG_FILE))
            .find(|candidate| candidate.is_file())
        {
            Some(path) => {
                reads.push(&path, ReadKind::Config);
                Config::load(&path)
            }
            None => Ok(Config::default()),
        }
    }

    /// Reads one configuration file.
    fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let line_at = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
        let file: ConfigFile = toml::from_str(&text).map_err(|e| {
            // toml's message spans lines (it quotes the source); keep it to one line.
            let line = e.span().map(|span| line_at(span.start));
            Error::input(
                path,
                line,
                format!("invalid {CONFIG_FILE}: {}", e.message()),
            )
        })?;
        let declared = |value: toml::Spanned<String>| Declared {
            at: Some(Location::new(path, Some(line_at(value.span().start)))),
            value: value.into_inner(),
        };
        Ok(Config {
            theme: file.theme.map(declared).map(theme_choice).transpose()?,
            slide_level: file.slide_level,
            lang: file.lang,
            max_image_width: file.max_image_width,
            logo: file.logo.map(declared),
            accent: file.accent.map(declared),
            footer: file.footer,
        })
    }
}

/// The folder of a file (`.` for a bare file name).
pub(crate) fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
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
        if dir.join(".git").exists() || dir.join(CONFIG_FILE).is_file() {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn note(path: &Path, text: &str) -> Note {
        Note::from_text(path, text.to_string()).unwrap()
    }

    #[test]
    fn notes_root_is_not_fooled_by_dot_dot() {
        let repo = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(repo.path().join("code/.git")).unwrap();
        std::fs::create_dir_all(repo.path().join("notes/2023")).unwrap();
        std::fs::write(repo.path().join("notes/meetdeck.toml"), "").unwrap();
        // From inside `code/`, the note is reached through `..`: its root is `notes/`,
        // never `code/` (whose .git is not above the note).
        let path = repo.path().join("code/../notes/2023/a.md");
        let root = notes_root(&path);
        assert_eq!(root, repo.path().join("notes").canonicalize().unwrap());
    }

    #[test]
    fn config_found_upward_its_paths_against_itself() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("look")).unwrap();
        std::fs::create_dir_all(dir.path().join("2024")).unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "slide-level = 3\ntheme = \"look\"\nlogo = \"logo.png\"\n",
        )
        .unwrap();
        let path = dir.path().join("2024/a.md");
        let mut reads = Reads::default();
        let settings =
            Settings::resolve(&note(&path, "# A\n"), &BuildOptions::default(), &mut reads).unwrap();
        assert_eq!(settings.slide_level, 3);
        let theme = settings.theme.unwrap();
        assert_eq!(theme.value, ThemeChoice::Folder(dir.path().join("look")));
        assert_eq!(theme.at.unwrap().line, Some(2));
        let logo = settings.logo.unwrap();
        assert_eq!(logo.value, "logo.png");
        assert_eq!(
            logo.at,
            Some(Location::new(&dir.path().join(CONFIG_FILE), Some(3)))
        );
        let probed: Vec<_> = reads.iter().map(|r| (r.path.clone(), r.kind)).collect();
        let look = dir.path().join("look");
        assert_eq!(
            probed,
            [
                (dir.path().join("2024").join(CONFIG_FILE), ReadKind::Config),
                (dir.path().join(CONFIG_FILE), ReadKind::Config),
                (look.join("deck.hbs"), ReadKind::Theme),
                (look.join("theme.css"), ReadKind::Theme),
                (look.join("highlight.css"), ReadKind::Theme),
                (look.join("theme.toml"), ReadKind::Theme),
            ]
        );
    }

    #[test]
    fn front_matter_theme_is_relative_to_the_note_not_the_current_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("notes/look")).unwrap();
        let path = dir.path().join("notes/a.md");
        let text = "---\ntitle: A\ntheme: look\n---\n# A\n";
        let settings = Settings::resolve(
            &note(&path, text),
            &BuildOptions::default(),
            &mut Reads::default(),
        )
        .unwrap();
        let theme = settings.theme.unwrap();
        assert_eq!(
            theme.value,
            ThemeChoice::Folder(dir.path().join("notes/look"))
        );
        assert_eq!(theme.at.unwrap().line, Some(3));
    }

    #[test]
    fn unknown_theme_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        let text = "---\ntitle: A\ntheme: nosuch\n---\n# A\n";
        let err = Settings::resolve(
            &note(&path, text),
            &BuildOptions::default(),
            &mut Reads::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("a.md:3: unknown theme `nosuch`"), "{err}");
    }

    #[test]
    fn unknown_key_names_key_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(CONFIG_FILE);
        std::fs::write(&path, "theme = \"default\"\nslide_levle = 3\n").unwrap();
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(err.contains("meetdeck.toml:2:"), "{err}");
        assert!(err.contains("slide_levle"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
    }
}
