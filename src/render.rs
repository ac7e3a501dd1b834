//! Stage 4: a [`Deck`] and its [`Assets`] become one HTML page.
//!
//! This is the only place that writes HTML. Slides are rendered from their Markdown events
//! (images swapped for data URIs on the way), passed to the theme's handlebars template as
//! plain arrays, and the runtime CSS/JS are injected into the rendered page afterwards
//! (as zola's `inject_livereload`), so templates stay free of them.

use handlebars::Handlebars;
use pulldown_cmark::{html, CowStr, Event, LinkType, Tag, TagEnd};
use serde::Serialize;

use crate::assets::{Asset, Assets};
use crate::error::{Error, Result};
use crate::html_img::{self, ImgRewrite};
use crate::markdown::new_cmark_parser;
use crate::sanitize;
use crate::slides::{Deck, Slide};
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

/// Renders the deck with `theme`; the runtime and `injections` are added to the page.
pub fn render(
    deck: &Deck,
    assets: &Assets,
    theme: &Theme,
    options: RenderOptions,
    injections: &Injections,
) -> Result<String> {
    let join = deck.meeting.join.as_ref();
    let context = PageContext {
        title: &deck.title,
        subtitle: deck.subtitle.as_deref(),
        lang: &deck.lang,
        generator: format!("meetdeck {}", env!("CARGO_PKG_VERSION")),
        theme_css: theme::compact_css(&theme.css),
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
        stacks: deck
            .stacks
            .iter()
            .map(|stack| StackContext {
                vertical: stack.slides.len() > 1,
                slides: stack
                    .slides
                    .iter()
                    .map(|s| slide_context(s, assets, options))
                    .collect(),
            })
            .collect(),
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
    Ok(inject_runtime(&page, injections))
}

/// Puts the runtime CSS first in `<head>` (so the theme's CSS overrides it) and the runtime
/// JS, then any injected HTML, before `</body>`.
pub fn inject_runtime(page: &str, injections: &Injections) -> String {
    let css = theme::runtime_css();
    let js = theme::runtime_js();
    let mut out = String::with_capacity(page.len() + css.len() + js.len() + 64);
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
    out.push_str(js);
    out.push_str("</script>\n");
    out.push_str(&injections.body_end_html);
    out.push_str(&rest[body_close..]);
    out
}

/// Byte offset right after the `>` of the first `<tag ...>`.
fn find_tag_end(page: &str, tag: &str) -> Option<usize> {
    let start = page.find(tag)?;
    let close = page[start..].find('>')?;
    Some(start + close + 1)
}

fn slide_context(slide: &Slide, assets: &Assets, options: RenderOptions) -> SlideContext {
    let heading = slide
        .heading
        .as_ref()
        .map(|h| html_of(&h.events, assets, options));
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
        body: html_of(&slide.body, assets, options),
        notes,
    }
}

/// Renders events; with `--sanitize`, the HTML is cleaned before images are embedded (the
/// sanitizer would strip `data:` URLs), then `<img>` sources are swapped in the clean HTML.
fn html_of(events: &[Event<'static>], assets: &Assets, options: RenderOptions) -> String {
    if !options.sanitize {
        return events_to_html(events, assets);
    }
    let clean = sanitize::sanitize_html(&events_to_html(events, &Assets::default()));
    html_img::rewrite_imgs(&clean, |src| img_rewrite(assets, src)).into_owned()
}

/// What becomes of an `<img src>` in raw HTML.
fn img_rewrite(assets: &Assets, src: &str) -> ImgRewrite {
    match assets.get(src) {
        Some(Asset::Embedded(image)) => ImgRewrite::Src(image.data_uri.to_string()),
        Some(Asset::Missing { reason }) => ImgRewrite::Tag(missing_image_html(reason)),
        _ => ImgRewrite::Keep,
    }
}

/// Renders events to HTML with images embedded and links opening in a new tab (clicking a
/// link while presenting must not navigate the deck away).
fn events_to_html(events: &[Event<'static>], assets: &Assets) -> String {
    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut skip_image_depth = 0usize;
    for event in events {
        if skip_image_depth > 0 {
            match event {
                Event::Start(Tag::Image { .. }) => skip_image_depth += 1,
                Event::End(TagEnd::Image) => skip_image_depth -= 1,
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => match assets.get(dest_url) {
                Some(Asset::Embedded(image)) => out.push(Event::Start(Tag::Image {
                    link_type: *link_type,
                    dest_url: CowStr::from(image.data_uri.to_string()),
                    title: title.clone(),
                    id: id.clone(),
                })),
                Some(Asset::Missing { reason }) => {
                    out.push(Event::InlineHtml(missing_image_html(reason).into()));
                    skip_image_depth = 1;
                }
                _ => out.push(event.clone()),
            },
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let rewritten = html_img::rewrite_imgs(raw, |src| img_rewrite(assets, src));
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
            Event::End(TagEnd::Link) => out.push(Event::InlineHtml("</a>".into())),
            _ => out.push(event.clone()),
        }
    }
    let mut html_out = String::new();
    html::push_html(&mut html_out, out.into_iter());
    html_out
}

fn escape_attr(out: &mut String, value: &str) {
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
