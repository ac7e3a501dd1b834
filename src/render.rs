//! Stage 4: a [`Deck`] and its [`Assets`] become one HTML page.
//!
//! This is the only place that writes HTML. Slides are rendered from their Markdown events
//! (images swapped for data URIs on the way), passed to the theme's handlebars template as
//! plain arrays, and the runtime CSS/JS are injected into the rendered page afterwards
//! (as zola's `inject_livereload`), so templates stay free of them.
//!
//! Images, Markdown and raw `<img>` alike:
//!
//! - embedded: the data URI is written once per deck, into the image's first `<img>`,
//!   marked `data-meetdeck-img="N"`; each later use is an `<img data-meetdeck-same="N">`
//!   without `src`, which a script ahead of the runtime (`images.js`) gives the first
//!   one's source, before anything is measured (see `DeckImages`);
//! - missing or refused: a visible placeholder naming the reason;
//! - remote (`http:`, `https:`, `//host`): a link to it, `<a class="remote-image">`, never
//!   an `<img>`, so the deck makes no request (a `<span>` inside another link).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use handlebars::Handlebars;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use serde::Serialize;

use crate::assets::{self, Asset, AssetOptions, Assets, EmbeddedImage, ImageCache};
use crate::config::{self, Config};
use crate::error::{Error, Result, Warning};
use crate::highlight;
use crate::html_img::{self, ImgRewrite};
use crate::markdown::new_cmark_parser;
use crate::note::Note;
use crate::sanitize;
use crate::slides::{Deck, ImageRef, Slide};
use crate::theme::{self, Theme};

/// Extra scripts and styles to put into the page (e.g. watch mode's live-reload client).
#[derive(Debug, Clone, Default)]
pub struct Injections {
    /// Inserted before `</body>`, after the runtime.
    pub body_end_html: String,
}

/// How slides are rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Clean the note's HTML with [`crate::sanitize`] (scripts, handlers, `javascript:`).
    pub sanitize: bool,
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    lang: &'a str,
    generator: String,
    theme_css: String,
    /// The theme's code colours; empty when the deck has no highlighted code (so a deck
    /// without code does not carry them).
    highlight_css: String,
    brand: BrandContext,
    meeting: MeetingContext<'a>,
    qr_svg: Option<String>,
    labels: Labels,
    stacks: Vec<StackContext>,
    slide_count: usize,
}

#[derive(Serialize)]
struct MeetingContext<'a> {
    date: Option<&'a str>,
    time: Option<String>,
    start: Option<&'a str>,
    end: Option<&'a str>,
    timezone: Option<&'a str>,
    join: Option<&'a crate::meeting::JoinInfo>,
}

#[derive(Serialize)]
struct StackContext {
    /// True when the stack has vertical slides (rendered as a nested `<section>`).
    vertical: bool,
    slides: Vec<SlideContext>,
}

#[derive(Serialize)]
struct SlideContext {
    line: usize,
    title: Option<String>,
    heading: Option<String>,
    body: String,
    notes: Option<String>,
}

/// Labels of the title slide, in the deck's language.
#[derive(Serialize)]
struct Labels {
    service: &'static str,
    link: &'static str,
    meeting_id: &'static str,
    passcode: &'static str,
}

impl Labels {
    fn for_lang(lang: &str) -> Labels {
        if lang.starts_with("zh") {
            Labels {
                service: "会议平台",
                link: "入会链接",
                meeting_id: "会议号",
                passcode: "密码",
            }
        } else {
            Labels {
                service: "Service",
                link: "Join",
                meeting_id: "Meeting ID",
                passcode: "Passcode",
            }
        }
    }
}

/// Renders the deck with `theme` and `brand`; the runtime and `injections` are added to the
/// page.
pub fn render(
    deck: &Deck,
    assets: &Assets,
    theme: &Theme,
    brand: &Brand,
    options: RenderOptions,
    injections: &Injections,
) -> Result<String> {
    let join = deck.meeting.join.as_ref();
    let mut images = DeckImages::new(assets);
    let stacks: Vec<StackContext> = deck
        .stacks
        .iter()
        .map(|stack| StackContext {
            vertical: stack.slides.len() > 1,
            slides: stack
                .slides
                .iter()
                .map(|s| slide_context(s, &mut images, options))
                .collect(),
        })
        .collect();
    // Only highlighted blocks carry these spans (a note's own HTML rarely does, and then the
    // CSS is merely unused).
    let has_highlighted_code = stacks
        .iter()
        .flat_map(|stack| &stack.slides)
        .any(|slide| slide.body.contains("<span class=\"hl-"));
    let highlight_css = match &theme.highlight_css {
        Some(css) if has_highlighted_code => theme::compact_css(css),
        _ => String::new(),
    };
    let context = PageContext {
        title: &deck.title,
        subtitle: deck.subtitle.as_deref(),
        lang: &deck.lang,
        generator: format!("meetdeck {}", env!("CARGO_PKG_VERSION")),
        theme_css: theme::compact_css(&theme.css),
        highlight_css,
        brand: brand.context(&deck.title, deck.meeting.date.as_deref()),
        meeting: MeetingContext {
            date: deck.meeting.date.as_deref(),
            time: deck.meeting.time_range(),
            start: deck.meeting.start.as_deref(),
            end: deck.meeting.end.as_deref(),
            timezone: deck.meeting.timezone.as_deref(),
            join,
        },
        qr_svg: join.and_then(|j| j.link.as_deref()).and_then(qr_svg),
        labels: Labels::for_lang(&deck.lang),
        stacks,
        slide_count: deck.slide_count(),
    };

    let mut registry = Handlebars::new();
    registry.set_strict_mode(false);
    let theme_error = |message: String| Error::Theme {
        path: theme.template_path.clone(),
        message,
    };
    registry
        .register_template_string("deck", &theme.template)
        .map_err(|e| theme_error(format!("template error: {e}")))?;
    let page = registry
        .render("deck", &context)
        .map_err(|e| theme_error(format!("render error: {e}")))?;
    Ok(inject(&page, injections, images.shared))
}

/// Puts the runtime CSS first in `<head>` (so the theme's CSS overrides it) and the runtime
/// JS, then any injected HTML, before `</body>`.
pub fn inject_runtime(page: &str, injections: &Injections) -> String {
    inject(page, injections, page.contains(SHARED_IMAGE_ATTR))
}

/// [`inject_runtime`]; with `shared_images`, the runtime's `<script>` starts with the one
/// that gives the later uses of an image their source (see [`DeckImages`]).
fn inject(page: &str, injections: &Injections, shared_images: bool) -> String {
    let css = theme::runtime_css();
    let js = theme::runtime_js();
    let images_js = if shared_images {
        theme::shared_images_js()
    } else {
        ""
    };
    let mut out = String::with_capacity(page.len() + css.len() + images_js.len() + js.len() + 64);
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

fn slide_context(slide: &Slide, images: &mut DeckImages, options: RenderOptions) -> SlideContext {
    let heading = slide
        .heading
        .as_ref()
        .map(|h| html_of(&h.events, images, options));
    let notes = (!slide.notes.is_empty()).then(|| {
        let mut html = String::new();
        for note in &slide.notes {
            html::push_html(&mut html, new_cmark_parser(note));
        }
        if options.sanitize {
            html = sanitize::sanitize_html(&html);
        }
        html
    });
    SlideContext {
        line: slide.line,
        title: slide.heading.as_ref().map(|h| h.text.clone()),
        heading,
        body: html_of(&slide.body, images, options),
        notes,
    }
}

/// Renders events; with `--sanitize`, the HTML is cleaned before images are embedded (the
/// sanitizer would strip `data:` URLs), then `<img>` sources are swapped in the clean HTML.
/// Highlighted code is put in after cleaning too (the sanitizer would strip its classes):
/// it is meetdeck's own markup around text syntect has escaped.
fn html_of(events: &[Event<'static>], images: &mut DeckImages, options: RenderOptions) -> String {
    if !options.sanitize {
        return events_to_html(events, images, &mut CodeBlocks::Inline);
    }
    let mut blocks = Vec::new();
    // Images stay as written (`<img src="a.png">`) until the HTML is clean.
    let no_assets = Assets::default();
    let rendered = events_to_html(
        events,
        &mut DeckImages::new(&no_assets),
        &mut CodeBlocks::Deferred(&mut blocks),
    );
    let clean = sanitize::sanitize_html(&rendered);
    let mut html =
        html_img::rewrite_imgs(&clean, |src, tag| img_rewrite(images, src, tag)).into_owned();
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
/// DESIGN: each image is embedded once per deck, however often it is used. The first
/// `<img>` of an image carries its data URI and `data-meetdeck-img="N"`; every later one
/// carries `data-meetdeck-same="N"` and no `src` at all (an empty `src` would be an error
/// event, and in old browsers a request for the page itself). `themes/runtime/images.js`,
/// put at the start of the runtime's script in such decks only, copies the source over
/// before the runtime starts: before slides are fitted, printed or cloned into the speaker
/// view. Alt text, title and width stay on each `<img>`.
///
/// "The same image" is the same encoding: [`crate::assets`] reads a file once per deck (or
/// run), so `a.png`, `./a.png` and `a%2Epng` share one data URI, compared by address.
struct DeckImages<'a> {
    assets: &'a Assets,
    /// The id of each data URI written so far, by its address.
    ids: HashMap<*const u8, usize>,
    /// Whether some image was used again: the deck needs `themes/runtime/images.js`.
    shared: bool,
}

/// The attribute of an image's later uses (see [`DeckImages`]).
const SHARED_IMAGE_ATTR: &str = "data-meetdeck-same=";

impl<'a> DeckImages<'a> {
    fn new(assets: &'a Assets) -> Self {
        DeckImages {
            assets,
            ids: HashMap::new(),
            shared: false,
        }
    }

    fn get(&self, src: &str) -> Option<&'a Asset> {
        self.assets.get(src)
    }

    /// The attributes that stand for `src="..."` in this use of `image`: the data URI and
    /// a new id the first time, a reference to that id afterwards.
    fn src_attrs(&mut self, image: &EmbeddedImage) -> String {
        let next = self.ids.len() + 1;
        let key = std::sync::Arc::as_ptr(&image.data_uri).cast::<u8>();
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

/// What becomes of an `<img src>` in raw HTML (and, with `--sanitize`, of every image).
fn img_rewrite(images: &mut DeckImages, src: &str, tag: &html_img::ImgTag) -> ImgRewrite {
    match images.get(src) {
        Some(Asset::Embedded(image)) => ImgRewrite::SrcAttr(images.src_attrs(image)),
        Some(Asset::Missing { reason }) => ImgRewrite::Tag(missing_image_html(reason)),
        Some(Asset::Remote) => ImgRewrite::Tag(remote_image_html(
            src,
            tag.alt.as_deref().unwrap_or(""),
            tag.title.as_deref().unwrap_or(""),
            tag.in_link,
        )),
        None => ImgRewrite::Keep,
    }
}

/// A Markdown image's alt text: the plain text of the events after its start, up to its
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
fn remote_image_html(src: &str, alt: &str, title: &str, in_link: bool) -> String {
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
    code: &mut CodeBlocks,
) -> String {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    // Events up to this index are an image's alt text, already written.
    let mut skip_until: Option<usize> = None;
    // Open links, Markdown or raw `<a>` (a remote image inside one cannot be a link).
    let mut link_depth = 0usize;
    // A fenced block being collected: its start index, info string and text so far.
    let mut fence: Option<(usize, &str, String)> = None;
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
                        missing_image_html(reason)
                    }
                    Some(Asset::Remote) => {
                        let (alt, end) = image_alt(events, index);
                        skip_until = Some(end);
                        remote_image_html(dest_url, &alt, title, link_depth > 0)
                    }
                    // Not resolved (the first pass of `--sanitize`): as written.
                    None => {
                        out.push(event.clone());
                        continue;
                    }
                };
                out.push(Event::InlineHtml(html.into()));
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let (rewritten, depth) = html_img::rewrite_imgs_in(raw, link_depth, |src, tag| {
                    img_rewrite(images, src, tag)
                });
                link_depth = depth;
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
                link_depth += 1;
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
                link_depth = link_depth.saturating_sub(1);
                out.push(Event::InlineHtml("</a>".into()));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if highlight::ENABLED && !info.trim().is_empty() =>
            {
                fence = Some((index, info.as_ref(), String::new()));
            }
            _ => out.push(event.clone()),
        }
    }
    if let Some((start, _, _)) = fence {
        // An unclosed block (pulldown-cmark always closes them; kept for safety): plain.
        out.extend(events[start..].iter().cloned());
    }
    let mut html_out = String::new();
    html::push_html(&mut html_out, out.into_iter());
    html_out
}

fn escape_attr(out: &mut String, value: &str) {
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

/// The visible placeholder of an image that could not be embedded.
fn missing_image_html(reason: &str) -> String {
    let mut text = String::new();
    escape_attr(&mut text, reason);
    format!("<span class=\"missing-image\" role=\"img\" aria-label=\"{text}\">{text}</span>")
}

/// The join link as a QR code, inline SVG (scannable from a shared screen).
///
/// Drawn as one path of horizontal runs of dark modules: a fifth of the size of the
/// `qrcode` crate's SVG renderer (one rectangle per module), which matters for a deck that
/// must stay small.
fn qr_svg(link: &str) -> Option<String> {
    let code = qrcode::QrCode::new(link.as_bytes()).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    const QUIET: usize = 4;
    let size = width + 2 * QUIET;
    let mut path = String::with_capacity(width * width / 2);
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] == qrcode::Color::Dark {
                let run = row[x..]
                    .iter()
                    .take_while(|c| **c == qrcode::Color::Dark)
                    .count();
                path.push_str(&format!("M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET));
                x += run;
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

/// What themes that show a brand take from `meetdeck.toml`: an accent colour, a logo and a
/// footer text. Resolved once per deck by [`Brand::resolve`]; every template gets it as
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
struct BrandContext {
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
    /// The brand settings of `config` for the note at `note_path`: the accent validated (an
    /// invalid one is an error naming `meetdeck.toml` and its line), the logo resolved,
    /// confined to the notes' root, sniffed and embedded as any image of the note (a missing
    /// or refused logo is a warning at its line in `meetdeck.toml`).
    pub fn resolve(
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
            let assets::Embedded {
                assets: found,
                warnings: logo_warnings,
                ..
            } = assets::embed_images(&origin.path, &[image], options, cache);
            warnings = logo_warnings;
            if let Some(Asset::Embedded(image)) = found.get(logo) {
                brand.logo = Some(image.clone());
            }
        }
        Ok((brand, warnings))
    }

    fn context(&self, title: &str, date: Option<&str>) -> BrandContext {
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

/// An opaque sRGB colour: the accent, as validated from the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// Parses `#rgb`, `#rrggbb`, `rgb(r, g, b)` or `rgb(r g b)` (0–255 or percentages).
    /// Nothing else is accepted: the value ends up in the deck's CSS, and a colour must not
    /// be able to carry anything but a colour.
    pub fn parse(text: &str) -> Option<Rgb> {
        let text = text.trim();
        if let Some(hex) = text.strip_prefix('#') {
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            let digit = |i: usize| u8::from_str_radix(&hex[i..=i], 16).ok();
            let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
            return match hex.len() {
                3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
                6 => Some(Rgb(pair(0)?, pair(2)?, pair(4)?)),
                _ => None,
            };
        }
        let lower = text.to_ascii_lowercase();
        let inner = lower.strip_prefix("rgb(")?.strip_suffix(')')?;
        let parts: Vec<&str> = if inner.contains(',') {
            inner.split(',').map(str::trim).collect()
        } else {
            inner.split_whitespace().collect()
        };
        let [r, g, b] = parts.as_slice() else {
            return None;
        };
        let channel = |part: &str| -> Option<u8> {
            let value = match part.strip_suffix('%') {
                Some(percent) => percent.parse::<f64>().ok()? / 100.0 * 255.0,
                None => part.parse::<f64>().ok()?,
            };
            (value.is_finite() && (0.0..=255.0).contains(&value)).then(|| value.round() as u8)
        };
        Some(Rgb(channel(r)?, channel(g)?, channel(b)?))
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// Contrast ratio with `other` (WCAG 2), from 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// This colour, darkened just enough to be read as text on white (≥ 4.5:1): a light
    /// brand colour still gives readable links and dates.
    pub fn ink_on_white(self) -> Rgb {
        const WHITE: Rgb = Rgb(255, 255, 255);
        let mut colour = self;
        let mut step = 0u8;
        while colour.contrast(WHITE) < 4.6 && step < 20 {
            step += 1;
            let keep = 1.0 - f64::from(step) * 0.05;
            let scale = |c: u8| (f64::from(c) * keep).round() as u8;
            colour = Rgb(scale(self.0), scale(self.1), scale(self.2));
        }
        colour
    }

    /// Black or white, whichever contrasts more with this colour.
    pub fn text_on(self) -> Rgb {
        let (white, black) = (Rgb(255, 255, 255), Rgb(0, 0, 0));
        if self.contrast(white) >= self.contrast(black) {
            white
        } else {
            black
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_only_as_colours() {
        assert_eq!(Rgb::parse("#0b6bcb"), Some(Rgb(11, 107, 203)));
        assert_eq!(Rgb::parse(" #06C "), Some(Rgb(0, 102, 204)));
        assert_eq!(Rgb::parse("rgb(11, 107, 203)"), Some(Rgb(11, 107, 203)));
        assert_eq!(Rgb::parse("RGB(11 107 203)"), Some(Rgb(11, 107, 203)));
        assert_eq!(Rgb::parse("rgb(100%, 0%, 50%)"), Some(Rgb(255, 0, 128)));
        for bad in [
            "red",
            "#12345",
            "#0b6bcb;}body{display:none",
            "#ggg",
            "rgb(1,2)",
            "rgb(1,2,3,4)",
            "rgb(300,0,0)",
            "rgb(1,2,3);x:y",
            "</style><script>",
            "#é12",
            "",
        ] {
            assert_eq!(Rgb::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn derived_colours_are_readable() {
        let white = Rgb(255, 255, 255);
        for accent in [
            "#ffd400", "#e8590c", "#0f766e", "#000000", "#ffffff", "#7fdbff",
        ] {
            let c = Rgb::parse(accent).unwrap();
            assert!(c.ink_on_white().contrast(white) >= 4.5, "{accent}");
            assert!(c.text_on().contrast(c) >= 4.5, "{accent}");
        }
        // A dark enough accent is kept as is.
        assert_eq!(Rgb(11, 92, 173).ink_on_white(), Rgb(11, 92, 173));
    }

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(css_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        let s = css_string("x</style><script>alert(1)</script>\n");
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('\n'),
            "{s}"
        );
    }

    #[test]
    fn key_lines() {
        let text = "theme = \"brand\"\n\n  accent=\"#fff\"\nlogo_x = 1\nlogo = \"a.png\"\n";
        assert_eq!(key_line(text, "accent"), Some(3));
        assert_eq!(key_line(text, "logo"), Some(5));
        assert_eq!(key_line(text, "footer"), None);
        let yaml = "---\ntitle: x\naccent: \"#fff\"\n---\n";
        assert_eq!(key_line(yaml, "accent"), Some(3));
    }

    fn render_note(markdown: &str, sanitize: bool) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        std::fs::write(&path, markdown).unwrap();
        let note = crate::note::Note::read(&path).unwrap();
        let deck = crate::slides::split(&note, &crate::slides::SplitOptions::default());
        render(
            &deck,
            &Assets::default(),
            &Theme::default_theme(),
            &Brand::default(),
            RenderOptions { sanitize },
            &Injections::default(),
        )
        .unwrap()
    }

    /// Renders `markdown` as the note `n.md` beside `files`, with its images resolved.
    fn render_with_images(
        markdown: &str,
        files: &[(&str, &[u8])],
        sanitize: bool,
    ) -> (String, Vec<Warning>) {
        let dir = tempfile::tempdir().unwrap();
        for (name, bytes) in files {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        let path = dir.path().join("n.md");
        std::fs::write(&path, markdown).unwrap();
        let note = crate::note::Note::read(&path).unwrap();
        let deck = crate::slides::split(&note, &crate::slides::SplitOptions::default());
        let assets::Embedded {
            assets, warnings, ..
        } = assets::embed_images(
            &path,
            &deck.images,
            &AssetOptions::new(dir.path()),
            &ImageCache::new(),
        );
        let page = render(
            &deck,
            &assets,
            &Theme::default_theme(),
            &Brand::default(),
            RenderOptions { sanitize },
            &Injections::default(),
        )
        .unwrap();
        (page, warnings)
    }

    fn png(width: u32, height: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([(x * 40) as u8, (y * 40) as u8, 90])
        });
        let mut bytes = Vec::new();
        img.write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
        bytes
    }

    #[test]
    fn remote_images_are_links_never_imgs() {
        let md = "# T\n\n## S\n\n\
                  ![logo](https://example.com/a.png)\n\n\
                  ![](HTTP://example.com/b.png \"Tip\")\n\n\
                  <img src=\"//cdn.example.com/c.png\" alt=\"cdn\" width=\"300\">\n\n\
                  text <IMG SRC=https://e.example/e.png> more\n\n\
                  [![ci](https://badge.example/b.svg)](https://ci.example/)\n\n\
                  <a href=\"https://ci.example/\"><img src=\"https://badge.example/r.svg\" alt=\"r\"></a>\n";
        for sanitize in [false, true] {
            let (page, warnings) = render_with_images(md, &[], sanitize);
            assert_eq!(warnings.len(), 6, "{warnings:?}");
            assert!(warnings[0].message.starts_with("remote image not embedded"));
            for bad in ["<img", "src=\"http", "src=\"//", "src=http", "SRC="] {
                assert!(!page.contains(bad), "sanitize={sanitize}: {bad} in\n{page}");
            }
            for link in [
                r#"<a class="remote-image" href="https://example.com/a.png" target="_blank" rel="noopener">logo</a>"#,
                r#"<a class="remote-image" href="HTTP://example.com/b.png" title="Tip" target="_blank" rel="noopener">HTTP://example.com/b.png</a>"#,
                // Protocol-relative: https, or it would mean file://cdn.example.com/ here.
                r#"<a class="remote-image" href="https://cdn.example.com/c.png" target="_blank" rel="noopener">cdn</a>"#,
                r#"<a class="remote-image" href="https://e.example/e.png" target="_blank" rel="noopener">https://e.example/e.png</a>"#,
                // Inside a link (a badge), a link cannot nest: the outer link stays.
                r#"<span class="remote-image" title="https://badge.example/b.svg">ci</span></a>"#,
                r#"<span class="remote-image" title="https://badge.example/r.svg">r</span></a>"#,
            ] {
                assert!(
                    page.contains(link),
                    "sanitize={sanitize}: no {link} in\n{page}"
                );
            }
        }
    }

    #[test]
    fn an_image_used_three_times_is_embedded_once() {
        let a = png(6, 4);
        let b = png(3, 3);
        let md = "# T\n\n## One\n\n![first](a.png)\n\n\
                  ## Two\n\n![second *use*](./a.png \"T\") and ![other](b.png)\n\n\
                  ## Three\n\n<img src=\"a%2Epng\" width=\"300\" alt=\"third\">\n";
        let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
        use base64::Engine as _;
        // (`--sanitize` writes `<img ...>` where pulldown-cmark writes `<img ... />`.)
        for sanitize in [false, true] {
            let (page, warnings) =
                render_with_images(md, &[("a.png", &a), ("b.png", &b)], sanitize);
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(page.matches(&b64(&a)).count(), 1, "sanitize={sanitize}");
            assert_eq!(page.matches(&b64(&b)).count(), 1);
            let first = format!(
                "<img src=\"data:image/png;base64,{}\" data-meetdeck-img=\"1\" alt=\"first\"",
                b64(&a)
            );
            assert!(page.contains(&first), "sanitize={sanitize}:\n{page}");
            assert!(
                page.contains(r#"<img data-meetdeck-same="1" alt="second use" title="T""#),
                "{page}"
            );
            assert!(
                page.contains("data-meetdeck-img=\"2\" alt=\"other\""),
                "{page}"
            );
            assert!(
                page.contains(r#"<img data-meetdeck-same="1" width="300" alt="third">"#),
                "{page}"
            );
            assert_eq!(page.matches("<img ").count(), 4);
            // The script that gives them their source, ahead of the runtime.
            let runtime = page.find("<script id=\"meetdeck-runtime\">\n").unwrap();
            assert!(page[runtime..]
                .split_once('\n')
                .unwrap()
                .1
                .starts_with(theme::shared_images_js()));
        }
        // No image used twice: no such script.
        for md in ["# T\n\n## S\n\n![a](a.png)\n", "# T\n"] {
            let (page, _) = render_with_images(md, &[("a.png", &a)], false);
            assert!(page.contains("data-meetdeck-img=") == md.contains("!["));
            assert!(!page.contains(theme::shared_images_js()));
        }
    }

    #[test]
    fn fenced_code_is_highlighted_at_build_time() {
        let md = "# T\n\n## S\n\n```bash\necho \"<hi>\" # c\n```\n\n```nolang\n<x>\n```\n";
        for sanitize in [false, true] {
            let page = render_note(md, sanitize);
            // Unknown language: plain, escaped.
            assert!(
                page.contains("<code class=\"language-nolang\">&lt;x&gt;"),
                "{page}"
            );
            assert!(!page.contains('\u{E000}'), "placeholder left");
            if highlight::ENABLED {
                assert!(page.contains("<pre><code class=\"language-bash\"><span class=\"hl-"));
                assert!(page.contains(".hl-comment{"), "highlight CSS included");
                assert!(page.contains("&lt;hi&gt;"));
            }
        }
        // No code: no highlight CSS.
        let page = render_note("# T\n\n## S\n\ntext\n", false);
        assert!(!page.contains(".hl-comment"));
    }
}
