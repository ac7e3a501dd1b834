//! Brand settings resolved for one note: the accent validated, the logo found and embedded.
//!
//! This reads files (the `meetdeck.toml` that applies, to name a key's line in messages; the
//! logo), so it belongs to the build, not to [`crate::render`], which only turns the resolved
//! [`Brand`] into HTML.

use std::path::{Path, PathBuf};

use crate::assets::{self, Asset, AssetOptions, ImageCache};
use crate::config::{self, Config};
use crate::error::{Error, Result, Warning};
use crate::note::Note;
use crate::render::{Brand, Rgb};
use crate::slides::ImageRef;

/// The brand settings of `config` for the note at `note_path`: the accent validated (an
/// invalid one is an error naming `meetdeck.toml` and its line), the logo resolved,
/// confined to the notes' root, sniffed and embedded as any image of the note (a missing
/// or refused logo is a warning at its line in `meetdeck.toml`).
pub(crate) fn resolve_brand(
    config: &Config,
    note: &Note,
    options: &AssetOptions,
    cache: &ImageCache,
) -> Result<(Brand, Vec<Warning>)> {
    let front = &note.front_matter;
    let mut brand = Brand {
        footer: front.footer.clone().or_else(|| config.footer.clone()),
        ..Brand::default()
    };
    if front.accent.is_none()
        && front.logo.is_none()
        && config.accent.is_none()
        && config.logo.is_none()
    {
        return Ok((brand, Vec::new()));
    }
    // Each setting comes from the note's front matter, else from `meetdeck.toml` (found
    // again: the build does not keep its text); messages name that file and line.
    let config_origin = || {
        let path = config::find_upward(&note.path)
            .unwrap_or_else(|| Path::new(config::CONFIG_FILE).to_path_buf());
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        Origin { path, text }
    };
    let note_origin = || Origin {
        path: note.path.clone(),
        text: note.text[..note.body_start.min(note.text.len())].to_string(),
    };
    let accent = match (&front.accent, &config.accent) {
        (Some(accent), _) => Some((accent, note_origin())),
        (None, Some(accent)) => Some((accent, config_origin())),
        (None, None) => None,
    };
    if let Some((accent, origin)) = accent {
        brand.accent = Some(Rgb::parse(accent).ok_or_else(|| {
            Error::input(
                &origin.path,
                key_line(&origin.text, "accent"),
                format!(
                    "invalid accent {accent:?}: use a hex colour (#0b6bcb, #06c) \
                     or rgb(11, 107, 203)"
                ),
            )
        })?);
    }
    let logo = match (&front.logo, &config.logo) {
        (Some(logo), _) => Some((logo, note_origin())),
        (None, Some(logo)) => Some((logo, config_origin())),
        (None, None) => None,
    };
    let mut warnings = Vec::new();
    if let Some((logo, origin)) = logo {
        // Relative to the file that names it, like any image of that file.
        let image = ImageRef {
            src: logo.clone(),
            line: key_line(&origin.text, "logo").unwrap_or(1),
        };
        let (found, logo_warnings) = assets::embed_images(&origin.path, &[image], options, cache);
        warnings = logo_warnings;
        if let Some(Asset::Embedded(image)) = found.get(logo) {
            brand.logo = Some(image.clone());
        }
    }
    Ok((brand, warnings))
}

/// A file that sets brand settings, for messages: its path and the text to find keys in.
struct Origin {
    path: PathBuf,
    text: String,
}

/// The 1-based line of `key = ...` (TOML) or `key: ...` (YAML front matter) in `text`, for
/// messages.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            line.trim_start()
                .strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(['=', ':']))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_lines() {
        let text = "theme = \"brand\"\n\n  accent=\"#fff\"\nlogo_x = 1\nlogo = \"a.png\"\n";
        assert_eq!(key_line(text, "accent"), Some(3));
        assert_eq!(key_line(text, "logo"), Some(5));
        assert_eq!(key_line(text, "footer"), None);
        let yaml = "---\ntitle: x\naccent: \"#fff\"\n---\n";
        assert_eq!(key_line(yaml, "accent"), Some(3));
    }
}
