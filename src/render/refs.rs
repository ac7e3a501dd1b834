//! Raw HTML's references rewritten (see [`crate::html_refs`]): every local image embedded
//! under the rules of `<img src>`, everything else neutralised so that nothing can fetch it.
//!
//! - `<img srcset>`: the largest embedded candidate becomes the `<img>`'s source (stored as
//!   any `<img>`'s: see `html::DeckImages` for an image used more than once); the
//!   `srcset` goes. In a `<picture>`, the first `<source>` with an embedded candidate is
//!   what its `<img>` shows; every `<source>` loses its `srcset`.
//! - `<video poster>`, SVG's `<image href>`, `background`, `style`'s `url()`: the data URI
//!   (a copy each use: only `<img>` shares one); a missing image is dropped (`url()` becomes
//!   `none`), a remote one too, with a link to it before the element.
//! - a `<style>` element: its image `url()`s as a `style`'s, its `@import` rules removed
//!   (when its CSS is in the fragment: a `<style>` block; one inside a paragraph gets its
//!   CSS as Markdown text, left to the page's Content-Security-Policy).
//! - media, frames, objects, stylesheets: the attribute goes (`hidden` in its place where
//!   the element would show an empty box); media, frames and objects get a link to the file
//!   before them. A `<script src>` becomes an inert `<script type="text/plain">`; a
//!   `<meta http-equiv="refresh">` that leaves the page goes.
//!
//! The build reports each of them (`not embedded: ...`, or the image's own warning).

use std::borrow::Cow;
use std::ops::Range;

use super::html::{escape_attr, img_rewrite, remote_image_html, DeckImages, ImgRewrite};
use crate::assets::Asset;
use crate::html_refs::{self, RefKind, State, Tag};

/// What one fragment leaves to the next of the same slide.
#[derive(Debug, Default)]
pub(super) struct Refs {
    /// The elements open (links, pictures).
    pub(super) state: State,
    /// In a `<picture>`: what its `<img>` shows (an embedded candidate of a `<source>`), and
    /// the first candidate of its sources (shown, or reported, when none is embedded).
    picture_pick: Option<String>,
    picture_first: Option<String>,
}

/// `html` with its references rewritten; `refs` carries what is open to the next fragment.
pub(super) fn rewrite<'a>(html: &'a str, refs: &mut Refs, images: &mut DeckImages) -> Cow<'a, str> {
    let tags = html_refs::scan(html, &mut refs.state);
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    for tag in &tags {
        if tag.name == "picture" {
            refs.picture_pick = None;
            refs.picture_first = None;
        }
        if tag.name == "img" && img_edits(tag, refs, images, &mut edits) {
            continue;
        }
        let script_src = tag
            .attr("src")
            .is_some_and(|a| !html_refs::is_no_reference(&a.value));
        if html_refs::meta_refresh_url(tag).is_some() {
            edits.push((tag.range.clone(), String::new()));
            continue;
        }
        if tag.name == "script" && script_src {
            edits.push((tag.range.clone(), "<script type=\"text/plain\">".into()));
            continue;
        }
        tag_edits(tag, refs, images, &mut edits);
        if let Some(text) = &tag.text {
            let mut before = String::new();
            let css = &html[text.clone()];
            if let Some(new) =
                css_rewritten(css, images, &mut before, tag.in_link, String::push_str)
            {
                edits.push((text.clone(), new));
            }
            if !before.is_empty() {
                edits.push((tag.range.start..tag.range.start, before));
            }
        }
    }
    if edits.is_empty() {
        return Cow::Borrowed(html);
    }
    // Insertions (empty ranges) go before what replaces the text at the same place.
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for (range, text) in edits {
        if range.start < copied {
            continue;
        }
        out.push_str(&html[copied..range.start]);
        out.push_str(&text);
        copied = range.end;
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

/// The `<img>`'s source (`src`, `srcset`, its `<picture>`); true when the whole tag was
/// replaced (a placeholder, a link).
fn img_edits(
    tag: &Tag,
    refs: &mut Refs,
    images: &mut DeckImages,
    edits: &mut Vec<(Range<usize>, String)>,
) -> bool {
    let src = tag.attr("src");
    let srcset = tag.attr("srcset");
    let candidates = srcset.map_or_else(Vec::new, |a| html_refs::srcset_candidates(&a.value));
    let best = html_refs::best_candidate(&candidates, |url| images.is_embedded(url));
    let picture = |pick: &Option<String>| pick.clone().filter(|_| tag.in_picture);
    let Some(shown) = picture(&refs.picture_pick)
        .or_else(|| best.map(|c| c.url.clone()))
        .or_else(|| src.map(|a| a.value.clone()))
        .or_else(|| picture(&refs.picture_first))
        .or_else(|| candidates.first().map(|c| c.url.clone()))
    else {
        return false;
    };
    let attr = |name: &str| tag.attr(name).map(|a| a.value.as_str()).unwrap_or("");
    match img_rewrite(images, &shown, attr("alt"), attr("title"), tag.in_link) {
        ImgRewrite::Keep => false,
        ImgRewrite::SrcAttr(attrs) => {
            match src.or(srcset) {
                Some(at) => edits.push((at.range.clone(), attrs)),
                None => {
                    // `<img>` in a `<picture>`, with no source of its own.
                    let at = tag.range.start + "<img".len();
                    edits.push((at..at, format!(" {attrs}")));
                }
            }
            if let (Some(src), Some(srcset)) = (src, srcset) {
                if src.range != srcset.range {
                    edits.push((srcset.range.clone(), String::new()));
                }
            }
            false
        }
        ImgRewrite::Tag(html) => {
            edits.push((tag.range.clone(), html));
            true
        }
    }
}

/// Every other reference of `tag`.
fn tag_edits(
    tag: &Tag,
    refs: &mut Refs,
    images: &mut DeckImages,
    edits: &mut Vec<(Range<usize>, String)>,
) {
    // Links shown before the tag (or before the media element it is inside).
    let mut before = String::new();
    let mut hidden = false;
    for attr in &tag.attrs {
        let Some(kind) = html_refs::ref_kind(&tag.name, &attr.name) else {
            continue;
        };
        match kind {
            RefKind::ImgSrc => {}
            RefKind::SrcSet if tag.name == "img" => {}
            RefKind::SrcSet => {
                // A `<source>`: what its `<picture>` shows is decided here, shown by its
                // `<img>`.
                let candidates = html_refs::srcset_candidates(&attr.value);
                if refs.picture_pick.is_none() {
                    refs.picture_pick =
                        html_refs::best_candidate(&candidates, |url| images.is_embedded(url))
                            .map(|c| c.url.clone());
                }
                if refs.picture_first.is_none() {
                    refs.picture_first = candidates.first().map(|c| c.url.clone());
                }
                edits.push((attr.range.clone(), String::new()));
            }
            RefKind::Image => match images.get(&attr.value) {
                Some(Asset::Embedded(image)) => {
                    edits.push((
                        attr.range.clone(),
                        format!("{}=\"{}\"", attr.name, image.data_uri),
                    ));
                }
                Some(Asset::Missing { .. }) => edits.push((attr.range.clone(), String::new())),
                Some(Asset::Remote) => {
                    before.push_str(&remote_image_html(&attr.value, "", "", tag.in_link));
                    edits.push((attr.range.clone(), String::new()));
                }
                None => {}
            },
            RefKind::Style => {
                if let Some(style) = style_attr(&attr.value, images, &mut before, tag.in_link) {
                    edits.push((attr.range.clone(), style));
                }
            }
            RefKind::Other => {
                if html_refs::is_no_reference(&attr.value) {
                    continue;
                }
                // An element that is nothing without its source is hidden; a video keeps
                // showing its poster.
                let keeps_showing = matches!(tag.name.as_str(), "source" | "track" | "link")
                    || (tag.name == "video" && tag.attr("poster").is_some());
                let replacement = if keeps_showing || hidden {
                    String::new()
                } else {
                    hidden = true;
                    "hidden".to_string()
                };
                edits.push((attr.range.clone(), replacement));
                if html_refs::shown_as_link(&tag.name) {
                    before.push_str(&file_link(&attr.value, tag.in_link));
                }
            }
        }
    }
    if !before.is_empty() {
        let at = if matches!(tag.name.as_str(), "source" | "track") {
            tag.outer_start.unwrap_or(tag.range.start)
        } else {
            tag.range.start
        };
        edits.push((at..at, before));
    }
}

/// The `style` attribute with each `url()` embedded or dropped; `None` when it has none.
fn style_attr(
    css: &str,
    images: &mut DeckImages,
    before: &mut String,
    in_link: bool,
) -> Option<String> {
    let rewritten = css_rewritten(css, images, before, in_link, escape_attr)?;
    Some(format!("style=\"{rewritten}\""))
}

/// CSS with each image `url()` embedded (or `none` when it is missing or remote: a link to
/// a remote one goes into `before`) and each `@import` rule removed; each piece of the CSS
/// written by `push` (escaped for an attribute, or as is in a `<style>`). `None` when it
/// has no `url()`.
fn css_rewritten(
    css: &str,
    images: &mut DeckImages,
    before: &mut String,
    in_link: bool,
    push: fn(&mut String, &str),
) -> Option<String> {
    let urls = html_refs::css_urls(css);
    if urls.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut copied = 0;
    for url in urls {
        if let Some(rule) = url.import {
            if rule.start >= copied {
                push(&mut out, &css[copied..rule.start]);
                copied = rule.end;
            }
            continue;
        }
        if url.range.start < copied {
            continue;
        }
        push(&mut out, &css[copied..url.range.start]);
        copied = url.range.end;
        let written = &css[url.range.clone()];
        let own_data = url
            .url
            .trim_start()
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("data:"));
        match images.get(&url.url) {
            Some(Asset::Embedded(image)) if !own_data => {
                // Attribute-safe, no quote, space or parenthesis: base64.
                out.push_str("url(");
                out.push_str(&image.data_uri);
                out.push(')');
            }
            Some(Asset::Missing { .. }) => out.push_str("none"),
            Some(Asset::Remote) => {
                before.push_str(&remote_image_html(&url.url, "", "", in_link));
                out.push_str("none");
            }
            _ => push(&mut out, written),
        }
    }
    push(&mut out, &css[copied..]);
    Some(out)
}

/// A link to a file that is not embedded: a web address or a path beside the deck opens in
/// a new tab (inside another link, it is the address as text); any other scheme
/// (`javascript:`, `file:`...) shows nothing (the warning names it).
fn file_link(url: &str, in_link: bool) -> String {
    let url = url.trim();
    let href = match url.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None if is_web_or_path(url) => url.to_string(),
        None => return String::new(),
    };
    let mut out = String::new();
    if in_link {
        out.push_str("<span class=\"not-embedded\">");
        escape_attr(&mut out, url);
        out.push_str("</span>");
        return out;
    }
    out.push_str("<a class=\"not-embedded\" href=\"");
    escape_attr(&mut out, &href);
    out.push_str("\" target=\"_blank\" rel=\"noopener\">");
    escape_attr(&mut out, url);
    out.push_str("</a>");
    out
}

/// `http(s):` or a path (no scheme).
fn is_web_or_path(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return true;
    }
    match url.find(':') {
        // `C:\x.mp4` is a path; `javascript:`, `file:` are not.
        Some(colon) => colon == 1 || url[..colon].contains(['/', '?', '#']),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_addresses_and_paths_are_links() {
        for yes in [
            "a.mp4",
            "dir/a b.mp4",
            "https://x/v",
            "HTTP://x",
            "C:\\v.mp4",
            "a/b:c.mp4",
        ] {
            assert!(is_web_or_path(yes), "{yes}");
        }
        for no in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "data:video/mp4,x",
        ] {
            assert!(!is_web_or_path(no), "{no}");
            assert_eq!(file_link(no, false), "");
        }
        assert_eq!(
            file_link("//x.example/v", false),
            "<a class=\"not-embedded\" href=\"https://x.example/v\" target=\"_blank\" rel=\"noopener\">//x.example/v</a>"
        );
    }
}
