//! References to files in raw HTML fragments (pulldown-cmark's `Html`/`InlineHtml` events).
//!
//! Notes embed images as raw HTML to set a width (`<img src="../images/qr.jpeg"
//! width="300">`), and sometimes reference other files: `srcset`, `<picture>` sources,
//! `<video poster>`, CSS `url()` in a `style` attribute, media, frames, objects, stylesheets.
//! This is a small tag scanner, not a regex: it honours quoting, so a `>` inside an attribute
//! value or an `<img` inside a comment does not confuse it; the contents of `<script>` and
//! `<style>` are skipped. [`ref_kind`] is the one table of which attribute references what.
//!
//! One concern a file: this one scans tags and classifies attributes; `srcset` parses
//! candidate lists; `css` finds `url()` in CSS text.

use std::ops::Range;

mod css;
mod srcset;

pub use css::css_urls;
pub use srcset::{best_candidate, srcset_candidates};

/// One attribute of a tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// The name, lower-case.
    pub name: String,
    /// The whole attribute, from its name to the end of its value (quotes included).
    pub range: Range<usize>,
    /// The value with its entities decoded; empty for an attribute without a value.
    pub value: String,
}

/// One start tag of a fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag {
    /// The element's name, lower-case.
    pub name: String,
    /// The whole tag, `<` to `>`.
    pub range: Range<usize>,
    /// The attributes, in order.
    pub attrs: Vec<Attr>,
    /// Inside an `<a>` element (opened earlier in the fragment, or before it: see [`State`]).
    pub in_link: bool,
    /// Inside a `<picture>` element.
    pub in_picture: bool,
    /// Where the `<video>`, `<audio>` or `<object>` this tag is inside starts, when it starts
    /// in the same fragment: what it shows instead of its content goes before it.
    pub outer_start: Option<usize>,
    /// A `<style>`'s CSS, up to its end tag (or the fragment's end).
    pub text: Option<Range<usize>>,
}

impl Tag {
    /// The first attribute named `name` (lower-case).
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        self.attrs.iter().find(|a| a.name == name)
    }
}

/// The elements open at the end of a fragment. Raw HTML comes as many fragments (one per
/// inline tag), so a caller walking them carries the state from one to the next.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct State {
    /// Open `<a>` elements (a caller adds Markdown links it is inside).
    pub link_depth: usize,
    /// Open `<picture>` elements.
    pub picture_depth: usize,
}

/// What an attribute's value references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `<img src>`: the image the tag shows.
    ImgSrc,
    /// A `srcset` (of `<img>`, or of a `<picture>`'s `<source>`): candidate images.
    SrcSet,
    /// One image: `<video poster>`, `<input type=image src>`, SVG's `<image href>`, a
    /// `background` attribute.
    Image,
    /// A `style` attribute: CSS whose `url()`s are images.
    Style,
    /// A file that is never embedded: media, frames, objects, stylesheets, scripts.
    Other,
}

/// What the attribute `attr` of a `<tag>` references (both lower-case), if anything.
pub fn ref_kind(tag: &str, attr: &str) -> Option<RefKind> {
    Some(match (tag, attr) {
        (_, "style") => RefKind::Style,
        ("img", "src") => RefKind::ImgSrc,
        ("img" | "source", "srcset") => RefKind::SrcSet,
        ("video", "poster")
        | ("input", "src")
        | ("image", "href" | "xlink:href")
        | ("body" | "table" | "td" | "th", "background") => RefKind::Image,
        (
            "video" | "audio" | "source" | "track" | "embed" | "iframe" | "frame" | "script",
            "src",
        )
        | ("object", "data")
        | ("link", "href") => RefKind::Other,
        _ => return None,
    })
}

/// Whether a `<tag>` whose reference is not embedded shows a link to it instead (media,
/// frames, objects); a stylesheet, a script or a text track is only removed.
pub fn shown_as_link(tag: &str) -> bool {
    matches!(
        tag,
        "video" | "audio" | "source" | "iframe" | "frame" | "embed" | "object"
    )
}

/// Where a `<meta http-equiv="refresh" content="0; url=...">` sends the page (a navigation
/// no Content-Security-Policy stops), if `tag` is one that leaves it.
pub fn meta_refresh_url(tag: &Tag) -> Option<String> {
    if tag.name != "meta"
        || !tag
            .attr("http-equiv")
            .is_some_and(|a| a.value.trim().eq_ignore_ascii_case("refresh"))
    {
        return None;
    }
    let content = &tag.attr("content")?.value;
    let (_, rest) = content.split_once([';', ','])?;
    let rest = rest.trim_start();
    let rest = match rest.get(..4) {
        Some(url) if url.eq_ignore_ascii_case("url=") => &rest[4..],
        _ => rest,
    };
    let url = rest.trim().trim_matches(['"', '\'']).trim();
    (!url.is_empty()).then(|| url.to_string())
}

/// Whether an [`RefKind::Other`] value references nothing to fetch: empty, an in-page
/// anchor, `about:blank`.
pub fn is_no_reference(url: &str) -> bool {
    let url = url.trim();
    url.is_empty() || url.starts_with('#') || url.eq_ignore_ascii_case("about:blank")
}

/// How the warning of a reference that is never embedded starts (`check` tells it by it).
pub const NOT_EMBEDDED: &str = "not embedded:";

/// One reference of a fragment, for the build to resolve or report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The URL or path as written (entities decoded).
    pub url: String,
    /// An image to embed; else a file never embedded.
    pub image: bool,
    /// The element and attribute, lower-case (`video`, `src`).
    pub tag: String,
    /// See [`Reference::tag`].
    pub attr: String,
    /// Lines of the fragment before its tag (an HTML block spans lines).
    pub line_offset: usize,
}

impl Reference {
    /// The warning's text for a reference that is not an image (see [`shown_as_link`]).
    pub fn not_embedded_message(&self) -> String {
        let url = crate::error::shown_text(self.url.trim());
        let instead = if shown_as_link(&self.tag) {
            "shown as a link"
        } else {
            "removed"
        };
        format!(
            "{NOT_EMBEDDED} <{} {}> {url} ({instead}; only images are embedded)",
            self.tag, self.attr
        )
    }
}

/// Every reference of `html`, in order: each `<img src>` (also an empty one), each candidate
/// of a `srcset`, each `url()` of a `style`, each other image, and each file never embedded.
pub fn references(html: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut lines = 0;
    let mut counted = 0;
    for tag in scan(html, &mut State::default()) {
        lines += html[counted..tag.range.start].matches('\n').count();
        counted = tag.range.start;
        if let Some(url) = meta_refresh_url(&tag) {
            out.push(Reference {
                url,
                image: false,
                tag: tag.name.clone(),
                attr: "content".to_string(),
                line_offset: lines,
            });
        }
        if let Some(text) = &tag.text {
            let css = &html[text.clone()];
            for url in css_urls(css) {
                out.push(Reference {
                    image: url.import.is_none(),
                    attr: if url.import.is_some() {
                        "@import"
                    } else {
                        "url()"
                    }
                    .to_string(),
                    url: url.url,
                    tag: tag.name.clone(),
                    line_offset: lines
                        + html[tag.range.start..text.start + url.range.start]
                            .matches('\n')
                            .count(),
                });
            }
        }
        for attr in &tag.attrs {
            let Some(kind) = ref_kind(&tag.name, &attr.name) else {
                continue;
            };
            let mut push = |url: &str, image: bool| {
                out.push(Reference {
                    url: url.to_string(),
                    image,
                    tag: tag.name.clone(),
                    attr: attr.name.clone(),
                    line_offset: lines,
                })
            };
            match kind {
                RefKind::ImgSrc => push(&attr.value, true),
                RefKind::Image if !attr.value.trim().is_empty() => push(&attr.value, true),
                RefKind::Image => {}
                RefKind::SrcSet => {
                    for candidate in srcset_candidates(&attr.value) {
                        push(&candidate.url, true);
                    }
                }
                RefKind::Style => {
                    for url in css_urls(&attr.value) {
                        push(&url.url, true);
                    }
                }
                RefKind::Other if is_no_reference(&attr.value) => {}
                RefKind::Other => push(&attr.value, false),
            }
        }
    }
    out
}

/// The `src` values of the `<img>` tags in `html`.
pub fn img_srcs(html: &str) -> Vec<String> {
    scan(html, &mut State::default())
        .into_iter()
        .filter(|tag| tag.name == "img")
        .filter_map(|tag| tag.attr("src").map(|a| a.value.clone()))
        .collect()
}

/// The start tags of `html`, in order, for a fragment that starts in `state` (updated to the
/// state at its end).
pub fn scan(html: &str, state: &mut State) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut tags = Vec::new();
    // Where the media elements opened in this fragment start.
    let mut outer: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < len {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        if bytes[i..].starts_with(b"<!--") {
            i = html[i + 4..].find("-->").map_or(len, |e| i + 4 + e + 3);
            continue;
        }
        let close = bytes.get(i + 1) == Some(&b'/');
        let name_start = i + 1 + usize::from(close);
        if !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let mut j = name_start;
        while j < len && !bytes[j].is_ascii_whitespace() && !matches!(bytes[j], b'/' | b'>') {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        if close {
            match name.as_str() {
                "a" => state.link_depth = state.link_depth.saturating_sub(1),
                "picture" => state.picture_depth = state.picture_depth.saturating_sub(1),
                "video" | "audio" | "object" => {
                    outer.pop();
                }
                _ => {}
            }
            i = html[j..].find('>').map_or(len, |e| j + e + 1);
            continue;
        }
        let (attrs, end) = attributes(html, j);
        let start = i;
        i = end;
        // Raw text: nothing in a script or a style is a tag.
        let mut text = None;
        if name == "script" || name == "style" {
            let closing = format!("</{name}");
            i = bytes[i..]
                .windows(closing.len())
                .position(|w| w.eq_ignore_ascii_case(closing.as_bytes()))
                .map_or(len, |e| i + e);
            text = (name == "style").then_some(end..i);
        }
        tags.push(Tag {
            name: name.clone(),
            range: start..end,
            attrs,
            in_link: state.link_depth > 0,
            in_picture: state.picture_depth > 0,
            outer_start: outer.last().copied(),
            text,
        });
        match name.as_str() {
            "a" => state.link_depth += 1,
            "picture" => state.picture_depth += 1,
            "video" | "audio" | "object" => outer.push(start),
            _ => {}
        }
    }
    tags
}

/// The attributes of a tag whose name ends at `j`, and the offset after its `>`.
fn attributes(html: &str, mut j: usize) -> (Vec<Attr>, usize) {
    let bytes = html.as_bytes();
    let len = bytes.len();
    let mut attrs = Vec::new();
    // Attributes: name, optional `=` and a quoted or bare value.
    loop {
        while j < len && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
            j += 1;
        }
        if j >= len || bytes[j] == b'>' {
            break;
        }
        let name_start = j;
        while j < len && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j]) {
            j += 1;
        }
        let name = html[name_start..j].to_ascii_lowercase();
        let name_end = j;
        while j < len && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if j < len && bytes[j] == b'=' {
            j += 1;
            while j < len && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (value_range, next) = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => {
                    let end = html[j + 1..].find(q as char).map_or(len, |e| j + 1 + e);
                    (j + 1..end, (end + 1).min(len))
                }
                _ => {
                    let end = html[j..]
                        .find(|c: char| c.is_ascii_whitespace() || c == '>')
                        .map_or(len, |e| j + e);
                    (j..end, end)
                }
            };
            attrs.push(Attr {
                name,
                range: name_start..next,
                value: decode_entities(&html[value_range]),
            });
            j = next;
        } else if j == name_start {
            j += 1;
        } else {
            attrs.push(Attr {
                name,
                range: name_start..name_end,
                value: String::new(),
            });
        }
    }
    (attrs, (j + 1).min(len))
}

/// Decodes the few entities that appear in attribute values of hand-written HTML.
fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests;
