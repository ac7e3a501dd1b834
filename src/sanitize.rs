//! `--sanitize`: the note's own HTML made safe, for decks built from notes of others.
//!
//! Raw HTML passes through by default (notes are their authors' own). With `--sanitize`,
//! scripts, event handlers, `javascript:` URLs, iframes and styles are removed by ammonia.
//! It runs on each slide's HTML *before* images are embedded and before meetdeck adds its
//! own markup (QR code, runtime), since ammonia rightly strips `data:` URLs and `<svg>`.

use std::sync::OnceLock;

/// Cleans an HTML fragment rendered from a note.
pub fn sanitize_html(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut builder = ammonia::Builder::default();
            builder
                // Links open in a new tab (see render); ammonia adds rel="noopener noreferrer".
                .add_tag_attributes("a", &["target"])
                // Task lists and code languages.
                .add_tags(&["input"])
                .add_tag_attributes("input", &["type", "checked", "disabled"])
                .add_tag_attributes("code", &["class"])
                // A `srcset` becomes the `<img>`'s one embedded source after cleaning (see
                // render's `refs`).
                .add_tag_attributes("img", &["srcset"])
                .add_tag_attributes("ol", &["start"])
                .add_tag_attributes("td", &["align", "style"])
                .add_tag_attributes("th", &["align", "style"])
                .filter_style_properties(["text-align"].into())
                // Heading ids: GitHub's slugs, which in-note links go to.
                .add_tag_attributes("h1", &["id"])
                .add_tag_attributes("h2", &["id"])
                .add_tag_attributes("h3", &["id"])
                .add_tag_attributes("h4", &["id"])
                .add_tag_attributes("h5", &["id"])
                .add_tag_attributes("h6", &["id"])
                // GitHub's alerts.
                .add_allowed_classes(
                    "div",
                    &[
                        "markdown-alert",
                        "markdown-alert-note",
                        "markdown-alert-tip",
                        "markdown-alert-important",
                        "markdown-alert-warning",
                        "markdown-alert-caution",
                    ],
                )
                .add_allowed_classes("p", &["markdown-alert-title"])
                // HackMD author tags (see render's `inline`).
                .add_tags(&["cite"])
                .add_allowed_classes("cite", &["md-author"]);
            builder
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_scripts_handlers_and_javascript_urls() {
        let html = r#"<p onclick="steal()">hi<script>alert(1)</script></p><a href="javascript:alert(1)">x</a><img src="a.png" onerror="x()" width="300"><iframe src="https://evil"></iframe>"#;
        let clean = sanitize_html(html);
        for bad in [
            "onclick",
            "<script",
            "alert",
            "javascript:",
            "onerror",
            "<iframe",
        ] {
            assert!(!clean.contains(bad), "{bad} left in {clean}");
        }
        assert!(
            clean.contains(r#"<img src="a.png" width="300">"#),
            "{clean}"
        );
    }

    #[test]
    fn keeps_what_decks_need() {
        let html = r#"<a href="https://example.org" target="_blank">x</a><ol start="3"><li><input type="checkbox" checked="" disabled=""> done</li></ol><pre><code class="language-rust">fn</code></pre><table><tr><td style="text-align: right">1</td></tr></table>"#;
        let clean = sanitize_html(html);
        for good in [
            r#"target="_blank""#,
            r#"start="3""#,
            r#"type="checkbox""#,
            "language-rust",
            "text-align:right",
        ] {
            assert!(clean.contains(good), "{good} missing in {clean}");
        }
    }
}
