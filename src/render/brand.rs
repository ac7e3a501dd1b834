//! The brand as the template sees it: [`Brand`] is plain data (resolved by the build), its
//! [`BrandContext`] the values ready to paste into HTML and CSS.

use serde::Serialize;

use super::Rgb;
use crate::assets::EmbeddedImage;

/// What themes that show a brand take from `meetdeck.toml`: an accent colour, a logo and a
/// footer text. Resolved once per deck by the build (`resolve_brand`); every template gets it as
/// `brand` (the `brand` theme uses it, the others may ignore it).
#[derive(Debug, Clone, Default)]
pub struct Brand {
    /// The accent colour, validated.
    pub accent: Option<Rgb>,
    /// The logo, embedded through the same pipeline as the note's images.
    pub logo: Option<EmbeddedImage>,
    /// Footer text; the deck's title when not set.
    pub footer: Option<String>,
}

/// The `brand` object of the template context.
///
/// Values meant for CSS come ready to paste into a `<style>` (`*_css`, `accent*`, `on_accent`):
/// they are validated or escaped here, because handlebars' HTML escaping does not apply
/// inside `<style>` and would corrupt them anyway.
#[derive(Debug, Serialize)]
pub(super) struct BrandContext {
    /// `#rrggbb` as configured, for decoration (bars, borders, backgrounds).
    accent: Option<String>,
    /// The accent, darkened when needed to read as text on white (contrast ≥ 4.5:1).
    accent_ink: Option<String>,
    /// Black or white, whichever reads better on the accent (≥ 4.58:1 either way).
    on_accent: Option<String>,
    /// `data:image/...` for an `<img src>` (HTML-escaped by `{{...}}`).
    logo_data_uri: Option<String>,
    /// The logo as a CSS `url("...")` value.
    logo_css: Option<String>,
    /// Width over height of the logo (1 when unknown), to size it by its height.
    logo_ratio: String,
    /// The footer text (HTML-escaped by `{{...}}`).
    footer: String,
    /// The footer text and the meeting's date as one CSS string literal, for `content:`.
    footer_css: String,
}

impl Brand {
    /// The template's `brand` for a deck titled `title`, held on `date`.
    pub(super) fn context(&self, title: &str, date: Option<&str>) -> BrandContext {
        let footer = self
            .footer
            .as_deref()
            .map(str::trim)
            .filter(|f| !f.is_empty())
            .unwrap_or(title)
            .to_string();
        // Titles often carry the date already ("Weekly 2026-11-19"): not twice.
        let footer_line = match date {
            Some(date) if !footer.contains(date) => format!("{footer} · {date}"),
            _ => footer.clone(),
        };
        let ratio = self
            .logo
            .as_ref()
            .filter(|logo| logo.width > 0 && logo.height > 0)
            // Very wide or tall logos are clamped; `contain` keeps their proportions.
            .map_or(1.0, |logo| {
                (f64::from(logo.width) / f64::from(logo.height)).clamp(0.5, 6.0)
            });
        BrandContext {
            accent: self.accent.map(|c| c.hex()),
            accent_ink: self.accent.map(|c| c.ink_on_white().hex()),
            on_accent: self.accent.map(|c| c.text_on().hex()),
            logo_data_uri: self.logo.as_ref().map(|l| l.data_uri.to_string()),
            logo_css: self
                .logo
                .as_ref()
                .map(|l| format!("url({})", css_string(&l.data_uri))),
            logo_ratio: format!("{ratio:.3}"),
            footer,
            footer_css: css_string(&footer_line),
        }
    }
}

/// `text` as a double-quoted CSS string that cannot end the string, the rule or the
/// `<style>` element it is pasted into.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // `<` and `>` as escapes: no `</style>` can appear.
            '<' => out.push_str("\\3c "),
            '>' => out.push_str("\\3e "),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(css_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        let s = css_string("x</style><script>alert(1)</script>\n");
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('\n'),
            "{s}"
        );
    }
}
