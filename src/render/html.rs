//! The one pass over a slide's Markdown events that rewrites what must change: images
//! (embedded once per deck, missing, remote), links (a new tab), fenced code (highlighted),
//! and `<img>` in raw HTML; with `--sanitize`, the clean-then-rewrite order of [`html_of`].

use std::collections::HashMap;

use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use super::labels::Labels;
use super::refs::Refs;
use super::slug::Slugger;
use super::{inline, RenderOptions};
use crate::assets::{Asset, Assets, EmbeddedImage};
use crate::highlight;
use crate::sanitize;

/// Renders events; with `--sanitize`, the HTML is cleaned before images are embedded (the
/// sanitizer would strip `data:` URLs), then `<img>` sources are swapped in the clean HTML.
/// Highlighted code is put in after cleaning too (the sanitizer would strip its classes):
/// it is meetdeck's own markup around text syntect has escaped.
pub(super) fn html_of(
    events: &[Event<'static>],
    images: &mut DeckImages,
    slugs: &mut Slugger,
    labels: &Labels,
    options: RenderOptions,
) -> String {
    if !options.sanitize {
        return events_to_html(events, images, slugs, labels, &mut CodeBlocks::Inline);
    }
    let mut blocks = Vec::new();
    // Images stay as written (`<img src="a.png">`) until the HTML is clean.
    let no_assets = Assets::default();
    let rendered = events_to_html(
        events,
        &mut DeckImages::new(&no_assets),
        slugs,
        labels,
        &mut CodeBlocks::Deferred(&mut blocks),
    );
    let clean = sanitize::sanitize_html(&rendered);
    let mut html = super::refs::rewrite(&clean, &mut Refs::default(), images).into_owned();
    for (i, block) in blocks.iter().enumerate() {
        html = html.replacen(&code_placeholder(i), block, 1);
    }
    html
}

/// Where highlighted code blocks go.
enum CodeBlocks<'a> {
    /// Into the HTML, in place.
    Inline,
    /// Aside, with a placeholder in the HTML (see [`html_of`]).
    Deferred(&'a mut Vec<String>),
}

/// Stands for highlighted block `i` while the HTML is sanitized: private-use characters, which
/// the sanitizer keeps as text and no note contains in practice.
fn code_placeholder(i: usize) -> String {
    format!("\u{E000}meetdeck-code-{i}\u{E000}")
}

/// A fenced block with a known language as highlighted HTML, or `None` to render it plain.
fn highlighted_block(info: &str, code: &str) -> Option<String> {
    let lang = highlight::fence_language(info)?;
    let spans = highlight::highlight(&lang, code)?;
    let mut html = String::from("<pre><code class=\"language-");
    escape_attr(&mut html, &lang);
    html.push_str("\">");
    html.push_str(&spans);
    html.push_str("</code></pre>\n");
    Some(html)
}

/// The embedded images of one deck, as they are written into it in document order.
///
/// DESIGN: each image is embedded once per deck, however often it is used. An image the
/// deck references more than once ([`DeckImages::expect`]) has its data URI in the page's
/// stylesheet, in a rule of `@media (scripting:none)` (`img[data-meetdeck-same="N"]
/// {content:url(…)}`), so that every use shows it where scripts do not run (a mail client);
/// each use is an `<img data-meetdeck-same="N">` without `src` (an empty `src` would be an
/// error event, and in old browsers a request for the page itself). Where scripts run,
/// `themes/runtime/images.js`, at the start of the runtime's script in such decks only,
/// gives each use that source before the runtime starts: before slides are fitted, printed
/// or cloned into the speaker view. An image found to repeat only while rendering keeps the
/// first form: its first `<img>` carries the data URI and `data-meetdeck-img="N"`. Alt
/// text, title and width stay on each `<img>`.
///
/// "The same image" is the same encoding: [`crate::assets`] reads a file once per deck (or
/// run), so `a.png`, `./a.png` and `a%2Epng` share one data URI, compared by address.
pub(super) struct DeckImages<'a> {
    assets: &'a Assets,
    /// The id of each data URI written so far, by its address.
    ids: HashMap<*const u8, usize>,
    /// The data URIs the deck references more than once (see [`DeckImages::expect`]): every
    /// use of them is an `<img data-meetdeck-same>`, their source is in [`Self::css`] once.
    repeated: std::collections::HashSet<*const u8>,
    /// For each image of `repeated`, a rule showing it with `content:url(…)` where scripts
    /// do not run (`images.js` gives the `<img>`s their `src` from it where they do).
    pub(super) css: String,
    /// Whether some image was used again: the deck needs `themes/runtime/images.js`.
    pub(super) shared: bool,
    /// The placeholder's words for an image not embedded, in the deck's language.
    pub(super) missing_label: &'static str,
}

/// The attribute of an image's later uses (see [`DeckImages`]).
const SHARED_IMAGE_ATTR: &str = "data-meetdeck-same=";

impl<'a> DeckImages<'a> {
    pub(super) fn new(assets: &'a Assets) -> Self {
        DeckImages {
            missing_label: super::labels::Labels::for_lang("en").missing_image,
            assets,
            ids: HashMap::new(),
            repeated: std::collections::HashSet::new(),
            css: String::new(),
            shared: false,
        }
    }

    /// Notes the images the deck references (`srcs`, as written, with repeats): one used
    /// more than once keeps its data URI in the page's CSS, shown by every use even where
    /// scripts do not run (a mail client), rather than in its first `<img>`.
    pub(super) fn expect<'s>(&mut self, srcs: impl IntoIterator<Item = &'s str>) {
        let mut seen = std::collections::HashSet::new();
        for src in srcs {
            if let Some(Asset::Embedded(image)) = self.assets.get(src) {
                // A CSS string holds it as it is (no `"`, `\` or line break: base64).
                if image.data_uri.contains(['"', '\\', '\n', '\r']) {
                    continue;
                }
                let key = std::sync::Arc::as_ptr(&image.data_uri).cast::<u8>();
                if !seen.insert(key) {
                    self.repeated.insert(key);
                }
            }
        }
    }

    /// What became of `src` (as written).
    pub(super) fn get(&self, src: &str) -> Option<&'a Asset> {
        self.assets.get(src)
    }

    /// Whether `src` (as written) was embedded.
    pub(super) fn is_embedded(&self, src: &str) -> bool {
        matches!(self.get(src), Some(Asset::Embedded(_)))
    }

    /// Where a link written `href` points instead (a root-absolute link to another note).
    fn link(&self, href: &str) -> Option<&'a str> {
        self.assets.link(href)
    }

    /// The attributes that stand for `src="..."` in this use of `image`: the data URI and
    /// a new id the first time, a reference to that id afterwards.
    fn src_attrs(&mut self, image: &EmbeddedImage) -> String {
        let next = self.ids.len() + 1;
        let key = std::sync::Arc::as_ptr(&image.data_uri).cast::<u8>();
        if self.repeated.contains(&key) {
            self.shared = true;
            let id = *self.ids.entry(key).or_insert_with(|| {
                self.css.push_str(&format!(
                    "img[{SHARED_IMAGE_ATTR}\"{next}\"]{{content:url(\"{}\")}}",
                    image.data_uri
                ));
                next
            });
            return format!("{SHARED_IMAGE_ATTR}\"{id}\"");
        }
        match self.ids.get(&key) {
            Some(id) => {
                self.shared = true;
                format!("{SHARED_IMAGE_ATTR}\"{id}\"")
            }
            None => {
                self.ids.insert(key, next);
                let mut attrs = String::with_capacity(image.data_uri.len() + 40);
                attrs.push_str("src=\"");
                // Attribute-safe by construction (see `EmbeddedImage::data_uri`).
                attrs.push_str(&image.data_uri);
                attrs.push_str(&format!("\" data-meetdeck-img=\"{next}\""));
                attrs
            }
        }
    }
}

/// What to do with one `<img>` tag of raw HTML.
pub(super) enum ImgRewrite {
    /// Leave it as it is.
    Keep,
    /// Replace its source attribute with these attributes (attribute-safe).
    SrcAttr(String),
    /// Replace the whole tag with this HTML.
    Tag(String),
}

/// What becomes of an `<img>` showing `src` in raw HTML (and, with `--sanitize`, of every
/// image): its `alt`, `title`, and whether it is inside a link.
pub(super) fn img_rewrite(
    images: &mut DeckImages,
    src: &str,
    alt: &str,
    title: &str,
    in_link: bool,
) -> ImgRewrite {
    match images.get(src) {
        Some(Asset::Embedded(image)) => ImgRewrite::SrcAttr(images.src_attrs(image)),
        Some(Asset::Missing { reason }) => {
            ImgRewrite::Tag(missing_image_html(images.missing_label, src, reason))
        }
        Some(Asset::Remote) => ImgRewrite::Tag(remote_image_html(src, alt, title, in_link)),
        None => ImgRewrite::Keep,
    }
}

/// A Markdown image's alt text (or a heading's text): the plain text of the events after its start, up to its
/// end (as pulldown-cmark writes it), and the index of that end.
fn image_alt(events: &[Event<'_>], start: usize) -> (String, usize) {
    let mut alt = String::new();
    let mut depth = 0usize;
    for (i, event) in events.iter().enumerate().skip(start + 1) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return (alt, i),
            Event::End(_) => depth -= 1,
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => alt.push_str(t),
            Event::InlineMath(t) => {
                alt.push('$');
                alt.push_str(t);
                alt.push('$');
            }
            Event::DisplayMath(t) => {
                alt.push_str("$$");
                alt.push_str(t);
                alt.push_str("$$");
            }
            Event::SoftBreak | Event::HardBreak | Event::Rule => alt.push(' '),
            _ => {}
        }
    }
    (alt, events.len())
}

/// A Markdown image as an `<img>` whose source is `src_attrs` (see [`DeckImages`]).
fn img_html(src_attrs: &str, alt: &str, title: &str) -> String {
    let mut tag = String::with_capacity(src_attrs.len() + alt.len() + title.len() + 24);
    tag.push_str("<img ");
    tag.push_str(src_attrs);
    tag.push_str(" alt=\"");
    escape_attr(&mut tag, alt);
    if !title.is_empty() {
        tag.push_str("\" title=\"");
        escape_attr(&mut tag, title);
    }
    tag.push_str("\" />");
    tag
}

/// A remote image, which is never fetched: a link to it that opens in a new tab, showing
/// its alt text (or its URL). Inside another link (a badge linking somewhere) a link cannot
/// nest, so it is a `<span>` with the URL as its title, and the outer link still works.
pub(super) fn remote_image_html(src: &str, alt: &str, title: &str, in_link: bool) -> String {
    let src = src.trim();
    // `//host/a.png` would resolve to `file://host/a.png` in a deck opened from disk.
    let href = match src.strip_prefix("//") {
        Some(rest) => format!("https://{rest}"),
        None => src.to_string(),
    };
    let alt = alt.trim();
    let text = if alt.is_empty() { src } else { alt };
    let mut out = String::with_capacity(href.len() * 2 + text.len() + 80);
    if in_link {
        out.push_str("<span class=\"remote-image\" title=\"");
        escape_attr(&mut out, &href);
        out.push_str("\">");
        escape_attr(&mut out, text);
        out.push_str("</span>");
        return out;
    }
    out.push_str("<a class=\"remote-image\" href=\"");
    escape_attr(&mut out, &href);
    if !title.is_empty() {
        out.push_str("\" title=\"");
        escape_attr(&mut out, title);
    }
    out.push_str("\" target=\"_blank\" rel=\"noopener\">");
    escape_attr(&mut out, text);
    out.push_str("</a>");
    out
}

/// Renders events to HTML with images embedded and links opening in a new tab (clicking a
/// link while presenting must not navigate the deck away).
fn events_to_html(
    events: &[Event<'static>],
    images: &mut DeckImages,
    slugs: &mut Slugger,
    labels: &Labels,
    code: &mut CodeBlocks,
) -> String {
    let mut out: Vec<Event<'static>> = Vec::with_capacity(events.len());
    // Events up to this index are an image's alt text, already written.
    let mut skip_until: Option<usize> = None;
    // Open links, Markdown or raw `<a>` (a remote image inside one cannot be a link), and
    // raw HTML's open pictures.
    let mut refs = Refs::default();
    // A fenced block being collected: its start index, info string and text so far.
    let mut fence: Option<(usize, &str, String)> = None;
    // Inside a code block not highlighted (indented, or of an unknown language).
    let mut in_code_block = false;
    // Text outside code and links, gathered until the next other event (pulldown-cmark
    // splits text at `[`, `_`...): bare URLs, shortcodes and author tags may span pieces.
    let mut text = String::new();
    for (index, event) in events.iter().enumerate() {
        if let Some((start, info, text)) = &mut fence {
            match event {
                Event::Text(t) => text.push_str(t),
                Event::End(TagEnd::CodeBlock) => {
                    match highlighted_block(info, text) {
                        Some(html) => match code {
                            CodeBlocks::Inline => out.push(Event::Html(html.into())),
                            CodeBlocks::Deferred(blocks) => {
                                out.push(Event::Html(code_placeholder(blocks.len()).into()));
                                blocks.push(html);
                            }
                        },
                        // Unknown language: the block's own events, rendered plain.
                        None => out.extend(events[*start..=index].iter().cloned()),
                    }
                    fence = None;
                }
                _ => {}
            }
            continue;
        }
        if let Some(end) = skip_until {
            if index <= end {
                continue;
            }
            skip_until = None;
        }
        if let Event::Text(t) = event {
            if !in_code_block && refs.state.link_depth == 0 {
                text.push_str(t);
                continue;
            }
        }
        if !text.is_empty() {
            inline::push_rich_text(&std::mem::take(&mut text), &mut out);
        }
        match event {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let html = match images.get(dest_url) {
                    Some(Asset::Embedded(image)) => {
                        let (alt, end) = image_alt(events, index);
                        skip_until = Some(end);
                        img_html(&images.src_attrs(image), &alt, title)
                    }
                    Some(Asset::Missing { reason }) => {
                        skip_until = Some(image_alt(events, index).1);
                        missing_image_html(images.missing_label, dest_url, reason)
                    }
                    Some(Asset::Remote) => {
                        let (alt, end) = image_alt(events, index);
                        skip_until = Some(end);
                        remote_image_html(dest_url, &alt, title, refs.state.link_depth > 0)
                    }
                    // Not resolved (the first pass of `--sanitize`): as written, the `src` not
                    // percent-encoded (`照片 1.png`), so the second pass finds it by the same
                    // text the assets stage resolved.
                    None => {
                        let (alt, end) = image_alt(events, index);
                        skip_until = Some(end);
                        let mut src = String::from("src=\"");
                        escape_attr(&mut src, dest_url);
                        src.push('"');
                        img_html(&src, &alt, title)
                    }
                };
                out.push(Event::InlineHtml(html.into()));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let rewritten = super::refs::rewrite(raw, &mut refs, images);
                let rewritten = CowStr::from(rewritten.into_owned());
                out.push(match event {
                    Event::Html(_) => Event::Html(rewritten),
                    _ => Event::InlineHtml(rewritten),
                });
            }
            // Links are written by hand so they can open in a new tab: clicking one while
            // presenting must not navigate the deck away. In-page anchors stay in the tab.
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) => {
                refs.state.link_depth += 1;
                let dest_url = images.link(dest_url).unwrap_or(dest_url);
                let mut tag = String::from("<a href=\"");
                if *link_type == LinkType::Email && !dest_url.starts_with("mailto:") {
                    tag.push_str("mailto:");
                }
                escape_attr(&mut tag, dest_url);
                if !title.is_empty() {
                    tag.push_str("\" title=\"");
                    escape_attr(&mut tag, title);
                }
                if dest_url.starts_with('#') {
                    tag.push_str("\">");
                } else {
                    tag.push_str("\" target=\"_blank\" rel=\"noopener\">");
                }
                out.push(Event::InlineHtml(tag.into()));
            }
            Event::End(TagEnd::Link) => {
                refs.state.link_depth = refs.state.link_depth.saturating_sub(1);
                out.push(Event::InlineHtml("</a>".into()));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if highlight::ENABLED && !info.trim().is_empty() =>
            {
                fence = Some((index, info.as_ref(), String::new()));
            }
            // Headings inside a slide get their GitHub slug too (in document order: the
            // slide's own heading was given its id before its body).
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let (text, _) = image_alt(events, index);
                let slug = slugs.slug(&text);
                out.push(Event::Start(Tag::Heading {
                    level: *level,
                    id: (!slug.is_empty()).then(|| slug.into()),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }));
            }
            // GitHub's alerts (`> [!NOTE]`), as GitHub writes them: a titled `<div>`.
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (title, name) = labels.alert(*kind);
                out.push(Event::Html(
                    format!(
                        "<div class=\"markdown-alert markdown-alert-{name}\">\n\
                         <p class=\"markdown-alert-title\">{title}</p>\n"
                    )
                    .into(),
                ));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => out.push(Event::Html("</div>\n".into())),
            Event::Start(Tag::CodeBlock(_)) => {
                in_code_block = true;
                out.push(event.clone());
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                out.push(event.clone());
            }
            _ => out.push(event.clone()),
        }
    }
    if !text.is_empty() {
        inline::push_rich_text(&text, &mut out);
    }
    if let Some((start, _, _)) = fence {
        // An unclosed block (pulldown-cmark always closes them; kept for safety): plain.
        out.extend(events[start..].iter().cloned());
    }
    let mut html_out = String::new();
    html::push_html(&mut html_out, out.into_iter());
    html_out
}

/// Writes `value` escaped for a double-quoted attribute (or text): `"`, `&`, `<` and `>`, and
/// nothing else.
///
/// Not `pulldown_cmark_escape`, whose output differs for values decks do carry:
/// `escape_html` also writes `'` as `&#39;` (alt text and titles such as "it's"), and
/// `escape_href` percent-encodes spaces, `"`, `<` and every non-ASCII byte of a link
/// (`https://example.org/设计` would become `.../%E8%AE%BE%E8%AE%A1`). Both mean the same to
/// a browser, but every deck's bytes would change.
pub(super) fn escape_attr(out: &mut String, value: &str) {
    // Most values have nothing to escape. (Data URIs, megabytes, never come here: they are
    // attribute-safe by construction, see `EmbeddedImage::data_uri`.)
    if !value.contains(['"', '&', '<', '>']) {
        out.push_str(value);
        return;
    }
    for c in value.chars() {
        match c {
            '"' => out.push_str("&quot;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// The visible placeholder of an image that could not be embedded: `label: src` in the
/// deck's language; the build's reason (English, as the CLI prints it) is its tooltip.
fn missing_image_html(label: &str, src: &str, reason: &str) -> String {
    let mut text = String::new();
    escape_attr(&mut text, label);
    let src = src.trim();
    if !src.is_empty() {
        text.push_str(": ");
        escape_attr(&mut text, src);
    }
    let mut title = String::new();
    escape_attr(&mut title, reason);
    format!(
        "<span class=\"missing-image\" role=\"img\" aria-label=\"{text}\" title=\"{title}\">{text}</span>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_escape_only_what_ends_them() {
        let mut out = String::new();
        escape_attr(&mut out, "it's https://example.org/设计 文档?a=1&b=\"<x>\"");
        assert_eq!(
            out,
            "it's https://example.org/设计 文档?a=1&amp;b=&quot;&lt;x&gt;&quot;"
        );
    }
}
