//! `meetdeck.toml`: defaults for every note below it (as mdBook's `book.toml`).
//!
//! Precedence, lowest first: `meetdeck.toml` < the note's front matter < command-line flags.
//! The file also marks the notes' root: images may be embedded from anywhere below it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result};

/// The configuration file's name.
pub const CONFIG_FILE: &str = "meetdeck.toml";

/// Keys of `meetdeck.toml`. Unknown keys are an error (a typo must not be silently ignored).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Config {
    /// A built-in theme name, or a theme folder relative to the config file.
    pub theme: Option<String>,
    pub slide_level: Option<u8>,
    /// Language of the decks (`zh-CN`, `en`...), instead of detecting it from each note.
    pub lang: Option<String>,
    /// Widest image kept as is, in pixels.
    pub max_image_width: Option<u32>,
    /// Logo image for themes that show one (path relative to the config file).
    pub logo: Option<String>,
    /// Accent colour for themes that use one, e.g. `#0b6bcb`.
    pub accent: Option<String>,
    /// Footer text for themes that show one (e.g. the meeting series' name).
    pub footer: Option<String>,
}

impl Config {
    /// The configuration that applies to `note_path`: the nearest `meetdeck.toml` up from the
    /// note, or the defaults when there is none. Returns the file's path too.
    pub fn for_note(note_path: &Path) -> Result<(Config, Option<PathBuf>)> {
        match find_upward(note_path) {
            Some(path) => Ok((Config::load(&path)?, Some(path))),
            None => Ok((Config::default(), None)),
        }
    }

    /// Reads one configuration file.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            // toml's message spans lines (it quotes the source); keep it to one line.
            let message = e.message().to_string();
            let line = e
                .span()
                .map(|span| text[..span.start].matches('\n').count() + 1);
            Error::input(path, line, format!("invalid {CONFIG_FILE}: {message}"))
        })?;
        // Relative paths in the file are relative to the file, not to the current folder.
        let base = path.parent().unwrap_or(Path::new("."));
        if let Some(theme) = &config.theme {
            let candidate = base.join(theme);
            if candidate.is_dir() {
                config.theme = Some(candidate.display().to_string());
            }
        }
        if let Some(logo) = &config.logo {
            config.logo = Some(base.join(logo).display().to_string());
        }
        Ok(config)
    }
}

/// The nearest `meetdeck.toml` in the note's folder or above.
pub fn find_upward(note_path: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(note_path).ok()?;
    absolute
        .parent()?
        .ancestors()
        .map(|dir| dir.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn found_upward_and_read() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            "theme = \"default\"\nslide-level = 3\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("2024")).unwrap();
        let note = dir.path().join("2024/a.md");
        let (config, path) = Config::for_note(&note).unwrap();
        assert_eq!(config.slide_level, Some(3));
        assert_eq!(path.unwrap(), dir.path().join(CONFIG_FILE));
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
