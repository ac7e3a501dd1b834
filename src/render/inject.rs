//! The runtime's CSS and JS, and any injected HTML (watch mode's client), put into a rendered
//! page (as zola's `inject_livereload`), so templates stay free of them.

use super::{labels, Injections};
use crate::theme;

/// Puts the runtime CSS first in `<head>` (so the theme's CSS overrides it) and the runtime
/// JS, then any injected HTML, before `</body>`. With `shared_images`, the runtime's
/// `<script>` starts with the one that gives the later uses of an image their source (see
/// [`DeckImages`](super::html::DeckImages)). `words_json` is the runtime's words in the
/// deck's language (see [`super::labels`]), set first in the runtime's `<script>`.
pub(super) fn inject(
    page: &str,
    injections: &Injections,
    shared_images: bool,
    words_json: &str,
) -> String {
    let css = theme::runtime_css();
    let js = theme::runtime_js();
    let images_js = if shared_images {
        theme::shared_images_js()
    } else {
        ""
    };
    let mut out = String::with_capacity(
        page.len() + css.len() + images_js.len() + js.len() + words_json.len() + 128,
    );
    let head_end = find_tag_end(page, "<head");
    match head_end {
        Some(at) => {
            out.push_str(&page[..at]);
            out.push_str("\n<style id=\"meetdeck-runtime-css\">\n");
            out.push_str(css);
            out.push_str("</style>");
        }
        None => {
            out.push_str("<style id=\"meetdeck-runtime-css\">\n");
            out.push_str(css);
            out.push_str("</style>\n");
        }
    }
    let rest = &page[head_end.unwrap_or(0)..];
    let body_close = rest.rfind("</body>").unwrap_or(rest.len());
    out.push_str(&rest[..body_close]);
    out.push_str("<script id=\"meetdeck-runtime\">\n");
    if shared_images {
        out.push_str(images_js);
        out.push('\n');
    }
    out.push_str(&labels::words_script(words_json));
    out.push('\n');
    out.push_str(js);
    out.push_str("</script>\n");
    out.push_str(&injections.body_end_html);
    out.push_str(&rest[body_close..]);
    out
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

/// Byte offset right after the `>` of the first `<tag ...>`.
fn find_tag_end(page: &str, tag: &str) -> Option<usize> {
    let start = page.find(tag)?;
    let close = page[start..].find('>')?;
    Some(start + close + 1)
}
