//! The runtime's CSS and JS, and any injected HTML (watch mode's client), put into a rendered
//! page (as zola's `inject_livereload`), so templates stay free of them.

use std::borrow::Cow;

use super::{labels, Injections};
use crate::theme;

/// Puts the page's Content-Security-Policy first in `<head>`, then the runtime CSS (so the
/// theme's CSS overrides it); the runtime JS, then any injected HTML, before `</body>`. With `shared_images`, the runtime's
/// `<script>` starts with the one that gives the later uses of an image their source (see
/// [`DeckImages`](super::html::DeckImages)). The optional parts of the runtime follow its CSS
/// and JS in the decks that need them (see [`Optional`]). `words_json` is the runtime's words
/// in the deck's language (see [`super::labels`]), set first in the runtime's `<script>`.
pub(super) fn inject(
    page: &str,
    injections: &Injections,
    optional: Optional,
    words_json: &str,
) -> String {
    let shared_images = optional.shared_images;
    let mut css = Cow::Borrowed(theme::runtime_css());
    if optional.gfm_css {
        css.to_mut().push_str(theme::gfm_css());
    }
    if optional.lang_css {
        css.to_mut().push_str(theme::lang_css());
    }
    if !optional.images_css.is_empty() {
        let css = css.to_mut();
        css.push_str("@media (scripting:none){");
        css.push_str(optional.images_css);
        css.push_str("}\n");
    }
    // Watch mode always carries `fit-more.js`: an edit may need it, and patching in place
    // needs the same runtime whatever the note becomes.
    let mut js = Cow::Borrowed(theme::runtime_js_of(
        optional.fit_more || injections.live,
        injections.live,
    ));
    if optional.anchors {
        js.to_mut().push('\n');
        js.to_mut().push_str(theme::anchors_js());
    }
    let images_js = if shared_images {
        theme::shared_images_js()
    } else {
        ""
    };
    let csp = injections.policy.meta();
    let mut out = String::with_capacity(
        page.len() + csp.len() + css.len() + images_js.len() + js.len() + words_json.len() + 128,
    );
    let head_end = super::csp::head_end(page);
    match head_end {
        Some(at) => {
            out.push_str(&page[..at]);
            out.push_str(&csp);
            out.push_str("\n<style id=\"meetdeck-runtime-css\">\n");
            out.push_str(&css);
            out.push_str("</style>");
        }
        None => {
            out.push_str(&csp);
            out.push_str("<style id=\"meetdeck-runtime-css\">\n");
            out.push_str(&css);
            out.push_str("</style>\n");
        }
    }
    let rest = &page[head_end.unwrap_or(0)..];
    let body_close = rest.rfind("</body>").unwrap_or(rest.len());
    out.push_str(&rest[..body_close]);
    out.push_str(RUNTIME_SCRIPT);
    out.push('\n');
    if shared_images {
        out.push_str(images_js);
        out.push('\n');
    }
    out.push_str(&labels::words_script(words_json));
    out.push('\n');
    out.push_str(&js);
    out.push_str("</script>\n");
    out.push_str(&injections.body_end_html);
    out.push_str(&rest[body_close..]);
    out
}

/// The parts of the runtime only some decks carry.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Optional<'a> {
    /// Some image is used more than once: `images.js` ahead of the runtime's script.
    pub(super) shared_images: bool,
    /// The sources of the images used more than once, as CSS rules (see
    /// `html::DeckImages`): applied where scripts do not run, read by `images.js` where
    /// they do.
    pub(super) images_css: &'a str,
    /// Alerts or author tags: `gfm.css`.
    pub(super) gfm_css: bool,
    /// A CJK language or `lang` attributes: `lang.css`, the fonts by language.
    pub(super) lang_css: bool,
    /// Elements with ids (headings): `anchors.js`, after the runtime's script.
    pub(super) anchors: bool,
    /// A slide that may not fit, a long list or a table: `fit-more.js`, between `fit.js`
    /// and `meetdeck.js`.
    pub(super) fit_more: bool,
}

/// Inserts `html` before the page's `</body>` (at the end when it has none): how watch mode
/// adds its client to a page that carries no runtime, such as the index.
pub fn inject_before_body_end(page: &str, html: &str) -> String {
    let at = page.rfind("</body>").unwrap_or(page.len());
    let mut out = String::with_capacity(page.len() + html.len());
    out.push_str(&page[..at]);
    out.push_str(html);
    out.push_str(&page[at..]);
    out
}

/// A rendered deck cut where watch mode's live client patches it: `body`, what the theme's
/// template put into `<body>` (the slides); `head`, everything before it; `tail`, the
/// runtime's script and everything after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageParts<'a> {
    /// Up to and including the `<body>` tag.
    pub head: &'a str,
    /// The template's body, up to the runtime's `<script>`.
    pub body: &'a str,
    /// From the runtime's `<script>` to the end.
    pub tail: &'a str,
}

/// Cuts a rendered page (its runtime injected) into its [`PageParts`]; `None` for a page
/// without the runtime (the index) or without a `<body>` tag.
pub fn page_parts(page: &str) -> Option<PageParts<'_>> {
    let end = page.rfind(RUNTIME_SCRIPT)?;
    let open = page[..end].find("<body")?;
    let start = open + page[open..end].find('>')? + 1;
    Some(PageParts {
        head: &page[..start],
        body: &page[start..end],
        tail: &page[end..],
    })
}

/// The runtime's `<script>` tag, as `inject` writes it.
const RUNTIME_SCRIPT: &str = "<script id=\"meetdeck-runtime\">";
