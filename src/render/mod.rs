//! Stage 4: a [`Deck`] and its [`Assets`] become one HTML page.
//!
//! This is the only place that writes HTML. Slides are rendered from their Markdown events
//! (images swapped for data URIs on the way), passed to the theme's handlebars template as
//! plain arrays, and the runtime CSS/JS are injected into the rendered page afterwards
//! (as zola's `inject_livereload`), so templates stay free of them.
//!
//! Images, Markdown and raw `<img>` alike:
//!
//! - embedded: the data URI is written once per deck: into the `<img>` of an image used
//!   once; for an image used more than once, into the stylesheet, shown by CSS where scripts
//!   do not run, and every use an `<img data-meetdeck-same="N">` without `src`, which a
//!   script ahead of the runtime (`images.js`) gives that source, before anything is
//!   measured (see `DeckImages`);
//! - missing or refused: a visible placeholder naming the reason;
//! - remote (`http:`, `https:`, `//host`): a link to it, `<a class="remote-image">`, never
//!   an `<img>`, so the deck makes no request (a `<span>` inside another link).
//!
//! One concern a file:
//!
//! - this file: [`render`], the template's context and the options;
//! - `html`: the one pass over a slide's (and its speaker notes') Markdown events that
//!   rewrites what must change (images, links, highlighted code; `--sanitize`);
//! - `refs`: raw HTML's references (`srcset`, `<picture>`, `poster`, `style` `url()`,
//!   media, frames, objects, stylesheets) embedded or neutralised, fragment by fragment;
//! - `inject`: the runtime's CSS and JS (and watch mode's client) put into the page;
//! - `csp`: the Content-Security-Policy of every page, which allows no request;
//! - `brand`, `color`: the resolved [`Brand`] as the template sees it, and its [`Rgb`];
//! - `footnotes`: each footnote on the slide that references it;
//! - `labels`: every word of the page that is not the note's (title slide, alerts, runtime),
//!   by language;
//! - `qr`: the join link's QR code as SVG.
//!
//! Rendering reads no file: the build resolves the brand (`resolve_brand`) and embeds the
//! images ([`crate::assets`]) before.

mod brand;
mod color;
mod csp;
mod footnotes;
mod html;
mod inject;
mod inline;
pub mod labels;
mod qr;
mod refs;
mod slug;

use handlebars::Handlebars;
use serde::Serialize;

use crate::assets::Assets;
use crate::deck::Deck;
use crate::error::{Error, Result};
use crate::markdown::new_cmark_parser;
use crate::slides::Slide;
use crate::theme::{self, Theme};

pub use brand::Brand;
use brand::BrandContext;
pub use color::Rgb;
pub use csp::{with_policy, Policy};
use footnotes::Footnotes;
use html::{html_of, DeckImages};
pub use inject::{inject_before_body_end, page_parts, PageParts};
use labels::Labels;
use slug::Slugger;

/// Extra scripts and styles to put into the page (e.g. watch mode's live-reload client).
#[derive(Debug, Clone, Default)]
pub struct Injections {
    /// Inserted before `</body>`, after the runtime.
    pub body_end_html: String,
    /// The Content-Security-Policy the page carries.
    pub policy: Policy,
    /// `meetdeck watch`: the runtime carries the live client's hook
    /// ([`theme::runtime_js_of`]), so that slides are patched in place.
    pub live: bool,
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
    /// The note's logo (written before its first section) as HTML, for the title slide.
    logo: Option<String>,
    /// The title around the meeting's date it writes (the date kept on one line).
    title_parts: Option<TitleParts<'a>>,
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
    labels: &'static Labels,
    stacks: Vec<StackContext>,
    slide_count: usize,
}

/// A title split around the date it writes.
#[derive(Serialize)]
struct TitleParts<'a> {
    before: &'a str,
    date: &'a str,
    after: &'a str,
}

#[derive(Serialize)]
struct MeetingContext<'a> {
    date: Option<&'a str>,
    /// The title already shows the date: it is not shown again beneath it.
    date_in_title: bool,
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
    /// The heading's id: GitHub's slug of its text (see `slug`).
    heading_id: Option<String>,
    body: String,
    /// A section with nothing under it (an agenda template's empty heading): a slide with
    /// its heading and no body, so the runtime does not take it for a section divider (a
    /// stack's top slide whose section holds only sub-sections keeps its empty body).
    bare: bool,
    notes: Option<String>,
    /// Far longer than the runtime breaks at its deeper headings (twice the estimate): the
    /// runtime breaks it before measuring anything (`data-topics`; it measures the others).
    topics: bool,
    /// Estimated over half full: the deck carries `fit-more.js`.
    #[serde(skip)]
    half_full: bool,
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
    let estimates = crate::estimate::of_deck(deck, assets);
    render_estimated(deck, assets, &estimates, theme, brand, options, injections)
}

/// [`render`] with the estimate of every slide of `deck` (in order; see
/// [`crate::estimate::of_deck`]), which a build also sums up for the index.
pub fn render_estimated(
    deck: &Deck,
    assets: &Assets,
    estimates: &[crate::estimate::Estimate],
    theme: &Theme,
    brand: &Brand,
    options: RenderOptions,
    injections: &Injections,
) -> Result<String> {
    let mut estimates = estimates.iter();
    let join = deck.meeting.join.as_ref();
    let labels = Labels::for_lang(&deck.lang);
    let mut images = DeckImages::new(assets);
    images.missing_label = labels.missing_image;
    images.expect(deck.images.iter().map(|image| image.src.as_str()));
    // Heading ids are unique in the deck, numbered in document order as GitHub numbers them.
    let mut slugs = Slugger::default();
    let footnotes = Footnotes::of(deck);
    // The title slide comes first in the page: its logo is the first use of its image.
    let logo = (!deck.logo.is_empty())
        .then(|| html_of(&deck.logo, &mut images, &mut slugs, labels, options));
    let stacks: Vec<StackContext> = deck
        .stacks
        .iter()
        .map(|stack| StackContext {
            vertical: stack.slides.len() > 1,
            slides: stack
                .slides
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let mut slide =
                        slide_context(s, &mut images, &mut slugs, labels, &footnotes, options);
                    let divider = i == 0 && stack.slides.len() > 1;
                    slide.bare =
                        !divider && slide.heading.is_some() && slide.body.trim().is_empty();
                    let e = estimates.next().copied().unwrap_or_default();
                    slide.half_full = e.lines > crate::estimate::LINES_PER_SLIDE / 2.0;
                    slide.topics = e.topics > 0 && e.lines > 2.0 * crate::estimate::TOPICS_LINES;
                    slide
                })
                .collect(),
        })
        .collect();
    // Only highlighted blocks carry these spans (a note's own HTML rarely does, and then the
    // CSS is merely unused).
    // Alerts and author tags are styled by CSS only the decks that have them carry.
    let uses_gfm_css = stacks.iter().flat_map(|stack| &stack.slides).any(|slide| {
        slide.body.contains("class=\"markdown-alert")
            || slide.body.contains(inline::AUTHOR_CLASS)
            || slide
                .heading
                .as_ref()
                .is_some_and(|h| h.contains(inline::AUTHOR_CLASS))
    });
    // Fonts by language: a CJK page, or a note's own `lang` attributes.
    let lang_css = ["zh", "ja", "ko"]
        .iter()
        .any(|cjk| deck.lang.starts_with(cjk))
        || stacks
            .iter()
            .flat_map(|stack| &stack.slides)
            .any(|slide| slide.body.contains(" lang=\""));
    let anchors = stacks.iter().flat_map(|stack| &stack.slides).any(|slide| {
        slide.heading_id.as_ref().is_some_and(|id| !id.is_empty()) || slide.body.contains(" id=\"")
    });
    // The fitting code only some decks need: a slide that may run past one slide (half of
    // one, estimated, or a long body: raw HTML is not estimated), or a table.
    let fit_more = stacks
        .iter()
        .flat_map(|stack| &stack.slides)
        .any(|c| c.half_full || c.body.len() > 2000 || c.body.contains("<table"));
    let has_highlighted_code = stacks
        .iter()
        .flat_map(|stack| &stack.slides)
        .any(|slide| slide.body.contains("<span class=\"hl-"));
    let highlight_css = match &theme.highlight_css {
        Some(css) if has_highlighted_code => theme::compact_css(css),
        _ => String::new(),
    };
    let date = deck.meeting.date.map(|d| d.iso());
    let title_parts = deck.title_date.as_ref().and_then(|span| {
        Some(TitleParts {
            before: deck.title.get(..span.start)?,
            date: deck.title.get(span.clone())?,
            after: deck.title.get(span.end..)?,
        })
    });
    let context = PageContext {
        title: &deck.title,
        logo,
        title_parts,
        subtitle: deck.subtitle.as_deref(),
        lang: &deck.lang,
        generator: format!("meetdeck {}", env!("CARGO_PKG_VERSION")),
        theme_css: theme::compact_css(&theme.css),
        highlight_css,
        brand: brand.context(&deck.title, date.as_deref()),
        meeting: MeetingContext {
            date: date.as_deref(),
            date_in_title: deck.title_date.is_some() && deck.title_date_has_year,
            time: deck.meeting.time_range(),
            start: deck.meeting.start.as_deref(),
            end: deck.meeting.end.as_deref(),
            timezone: deck.meeting.timezone.as_deref(),
            join,
        },
        qr_svg: join.and_then(|j| j.link.as_deref()).and_then(qr::qr_svg),
        labels,
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
    let optional = inject::Optional {
        shared_images: images.shared,
        images_css: &images.css,
        gfm_css: uses_gfm_css,
        lang_css,
        anchors,
        fit_more,
    };
    Ok(inject::inject(
        &page,
        injections,
        optional,
        &labels.runtime_json(!injections.body_end_html.is_empty()),
    ))
}

fn slide_context(
    slide: &Slide,
    images: &mut DeckImages,
    slugs: &mut Slugger,
    labels: &Labels,
    footnotes: &Footnotes,
    options: RenderOptions,
) -> SlideContext {
    let heading = slide
        .heading
        .as_ref()
        .map(|h| html_of(&h.events, images, slugs, labels, options));
    let heading_id = slide.heading.as_ref().map(|h| slugs.slug(&h.text));
    let body = html_of(&footnotes.body(&slide.body), images, slugs, labels, options);
    // Speaker notes go through the same pass as the slide (their images embedded the same
    // way); their headings get no id (GitHub never shows them: the slides' ids stay its).
    let notes = (!slide.notes.is_empty()).then(|| {
        let mut html = String::new();
        for note in &slide.notes {
            let events: Vec<_> = new_cmark_parser(note).map(|e| e.into_static()).collect();
            html.push_str(&html_of(
                &events,
                images,
                &mut Slugger::off(),
                labels,
                options,
            ));
        }
        html
    });
    SlideContext {
        line: slide.line,
        title: slide.heading.as_ref().map(|h| h.text.clone()),
        heading,
        heading_id,
        body,
        bare: false,
        notes,
        topics: false,
        half_full: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::{Asset, EmbeddedImage};
    use crate::highlight;

    /// The deck of `markdown`, split as a build splits it (no file is read).
    fn deck_of(markdown: &str) -> Deck {
        let path = std::path::Path::new("n.md");
        let note = crate::note::Note::from_text(path, markdown.to_string()).unwrap();
        Deck::of(&note, &crate::deck::DeckOptions::default())
    }

    fn render_deck(deck: &Deck, assets: &Assets, sanitize: bool) -> String {
        render(
            deck,
            assets,
            &Theme::default_theme(),
            &Brand::default(),
            RenderOptions { sanitize },
            &Injections::default(),
        )
        .unwrap()
    }

    fn render_note(markdown: &str, sanitize: bool) -> String {
        render_deck(&deck_of(markdown), &Assets::default(), sanitize)
    }

    /// Renders `markdown` with its images resolved as `assets` says, by `src` as written (as
    /// the assets stage resolves them: every image of the note has an entry).
    fn render_with_assets(markdown: &str, assets: &[(&str, &Asset)], sanitize: bool) -> String {
        let deck = deck_of(markdown);
        let assets = Assets {
            by_src: assets
                .iter()
                .map(|(src, asset)| (src.to_string(), (*asset).clone()))
                .collect(),
            ..Assets::default()
        };
        for image in &deck.images {
            assert!(assets.get(&image.src).is_some(), "{} unresolved", image.src);
        }
        render_deck(&deck, &assets, sanitize)
    }

    /// An embedded PNG whose base64 is `base64` (two spellings of one file share it, as
    /// the assets stage shares one encoding: cloning the asset keeps its address).
    fn embedded(base64: &str) -> Asset {
        Asset::Embedded(EmbeddedImage {
            data_uri: format!("data:image/png;base64,{base64}").into(),
            width: 6,
            height: 4,
        })
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
        let remote = Asset::Remote;
        let assets = [
            "https://example.com/a.png",
            "HTTP://example.com/b.png",
            "//cdn.example.com/c.png",
            "https://e.example/e.png",
            "https://badge.example/b.svg",
            "https://badge.example/r.svg",
        ]
        .map(|src| (src, &remote));
        for sanitize in [false, true] {
            let page = render_with_assets(md, &assets, sanitize);
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
        let (a, b) = ("cGl4ZWxzIG9mIGE", "cGl4ZWxzIG9mIGI");
        let (image_a, image_b) = (embedded(a), embedded(b));
        let assets = [
            ("a.png", &image_a),
            ("./a.png", &image_a),
            ("a%2Epng", &image_a),
            ("b.png", &image_b),
        ];
        let md = "# T\n\n## One\n\n![first](a.png)\n\n\
                  ## Two\n\n![second *use*](./a.png \"T\") and ![other](b.png)\n\n\
                  ## Three\n\n<img src=\"a%2Epng\" width=\"300\" alt=\"third\">\n";
        // (`--sanitize` writes `<img ...>` where pulldown-cmark writes `<img ... />`.)
        for sanitize in [false, true] {
            let page = render_with_assets(md, &assets, sanitize);
            assert_eq!(page.matches(a).count(), 1, "sanitize={sanitize}");
            assert_eq!(page.matches(b).count(), 1);
            // Used three times: its data URI once, in the stylesheet (shown by CSS where
            // scripts do not run), and every use a reference to it.
            let rule = format!(
                "@media (scripting:none){{img[data-meetdeck-same=\"1\"]{{content:url(\"data:image/png;base64,{a}\")}}}}"
            );
            assert!(page.contains(&rule), "sanitize={sanitize}:\n{page}");
            assert!(
                page.contains(r#"<img data-meetdeck-same="1" alt="first""#),
                "{page}"
            );
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
            let page = render_with_assets(md, &assets[..1], false);
            assert!(page.contains("data-meetdeck-img=") == md.contains("!["));
            assert!(!page.contains(theme::shared_images_js()));
        }
    }

    #[test]
    fn speaker_notes_images_are_embedded_like_the_slides() {
        let a = "cGl4ZWxzIG9mIGE";
        let image = embedded(a);
        let md = "# T\n\n## Notes\n\n![first](a.png)\n\n\
                  <!-- notes:\n### Notes\n\n![again](a.png) <img srcset=\"a.png 2x\" alt=\"s\"> -->\n";
        for sanitize in [false, true] {
            let page = render_with_assets(md, &[("a.png", &image)], sanitize);
            assert_eq!(page.matches(a).count(), 1, "sanitize={sanitize}");
            let notes = &page[page.find("<aside class=\"notes\">").unwrap()..];
            let notes = &notes[..notes.find("</aside>").unwrap()];
            assert!(notes.contains("<h3>Notes</h3>"), "no id in notes: {notes}");
            assert!(
                notes.contains(r#"<img data-meetdeck-same="1" alt="again""#),
                "sanitize={sanitize}: {notes}"
            );
            assert!(
                notes.contains(r#"<img data-meetdeck-same="1" alt="s">"#),
                "{notes}"
            );
            assert!(page.contains("<h2 class=\"slide-title\" id=\"notes\">"));
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

    #[test]
    fn bare_urls_shortcodes_and_authors_outside_code_links_and_html() {
        let md = "# T\n\n## S\n\n\
                  see https://example.org/a_b_(c) :tada: [name=Olivier]\n\n\
                  `https://code.example/ :tada:`\n\n\
                  ```\nhttps://block.example/ :tada:\n```\n\n\
                  [https://shown.example/](https://target.example/)\n\n\
                  <a href=\"https://raw.example/\">https://inner.example/</a>\n\n\
                  <div>\nhttps://html-block.example/\n</div>\n";
        for sanitize in [false, true] {
            let page = render_note(md, sanitize);
            assert!(
                page.contains(
                    ">https://example.org/a_b_(c)</a> 🎉 <cite class=\"md-author\">Olivier</cite>"
                ),
                "sanitize={sanitize}: {page}"
            );
            for literal in [
                "<code>https://code.example/ :tada:</code>",
                "<code>https://block.example/ :tada:\n</code>",
                ">https://shown.example/</a>",
                ">https://inner.example/</a>",
                "\nhttps://html-block.example/\n",
            ] {
                assert!(page.contains(literal), "sanitize={sanitize}: no {literal}");
            }
            for linked in [
                "href=\"https://code.example",
                "href=\"https://block.example",
                "href=\"https://shown.example",
                "href=\"https://inner.example",
                "href=\"https://html-block.example",
            ] {
                assert!(!page.contains(linked), "sanitize={sanitize}: {linked}");
            }
        }
    }

    #[test]
    fn headings_carry_githubs_slugs_numbered_in_document_order() {
        // Only decks with ids carry the script that follows them.
        assert!(!render_note("", false).contains(theme::anchors_js()));
        assert!(render_note("# T\n\n## S\n", false).contains(theme::anchors_js()));
        let md = "# T\n\n## Notes\n\n#### Next steps\n\n## Notes\n\n### Next steps\n\n## 会议纪要：下一步\n";
        for sanitize in [false, true] {
            let page = render_note(md, sanitize);
            for tag in [
                "<h2 class=\"slide-title\" id=\"notes\">",
                "<h4 id=\"next-steps\">",
                "<h2 class=\"slide-title\" id=\"notes-1\">",
                "<h2 class=\"slide-title\" id=\"next-steps-1\">",
                "<h2 class=\"slide-title\" id=\"会议纪要下一步\">",
            ] {
                assert!(
                    page.contains(tag),
                    "sanitize={sanitize}: no {tag} in\n{page}"
                );
            }
        }
    }

    #[test]
    fn github_alerts_are_titled_callouts_in_the_decks_language() {
        let md =
            "# T\n\n## S\n\n> [!NOTE]\n> Read *this*.\n\n> [!CAUTION]\n> Hot.\n\n> plain quote\n";
        for sanitize in [false, true] {
            let page = render_note(md, sanitize);
            assert!(
                page.contains("<div class=\"markdown-alert markdown-alert-note\">\n<p class=\"markdown-alert-title\">Note</p>\n<p>Read <em>this</em>.</p>\n</div>"),
                "sanitize={sanitize}: {page}"
            );
            assert!(page.contains("<p class=\"markdown-alert-title\">Caution</p>"));
            assert!(page.contains(theme::gfm_css()), "the alerts' styles");
            assert!(!page.contains(theme::lang_css()), "an English deck");
            assert!(page.contains("<blockquote>\n<p>plain quote</p>\n</blockquote>"));
            assert!(!page.contains("[!NOTE]"));
        }
        assert!(!render_note("# T\n\n## S\n\n> quote\n", false).contains(theme::gfm_css()));
        let page = render_note(&format!("---\nlang: zh-CN\n---\n{md}"), false);
        assert!(
            page.contains("<p class=\"markdown-alert-title\">备注</p>"),
            "{page}"
        );
    }

    #[test]
    fn empty_sections_are_plain_slides_and_sections_of_sub_sections_dividers() {
        let md = "# T\n\n## Part one\n\n### Reviews\n\ntext\n\n### Need attention\n\n\
                  ## Action items\n\n## Next\n\n<!-- note: say it -->\n";
        for sanitize in [false, true] {
            let page = render_note(md, sanitize);
            let slide = |title: &str| {
                let start = page.find(&format!("data-title=\"{title}\"")).unwrap();
                let end = page[start..].find("</section>").unwrap();
                page[start..start + end].to_string()
            };
            // A section holding only sub-sections: its empty body marks it a divider.
            assert!(slide("Part one").contains("<div class=\"slide-body\">"));
            assert!(slide("Reviews").contains("<p>text</p>"));
            // Empty sections, a vertical one and a horizontal one, and one with only
            // speaker notes: headings without a body.
            for empty in ["Need attention", "Action items", "Next"] {
                let html = slide(empty);
                assert!(html.contains("class=\"slide-title\""), "{html}");
                assert!(!html.contains("slide-body"), "sanitize={sanitize}: {html}");
            }
            assert!(slide("Next").contains("<aside class=\"notes\">"));
        }
    }

    #[test]
    fn gfm_features_notes_use() {
        let md = "# T\n\n## Tasks\n\n- [x] done\n- [ ] open\n\n~~dropped~~ and ~also~\n\n\
                  | left | centre | right |\n|:-----|:------:|------:|\n| a | b | c |\n\n\
                  Raised $118,672 and $5 more, $x$ stays.\n\n\
                  <details>\n<summary>More</summary>\n\nhidden *text*\n\n</details>\n\n\
                  ## Refs\n\nA claim[^src] and another[^b].\n\n## Other\n\nno notes here\n\n\
                  [^src]: The source.\n[^b]: Second *one*.\n";
        for sanitize in [false, true] {
            let page = render_note(md, sanitize);
            let slide = |title: &str| {
                let start = page.find(&format!(">{title}</h2>")).unwrap();
                let end = page[start..].find("</section>").unwrap();
                page[start..start + end].to_string()
            };
            let tasks = slide("Tasks");
            for good in [
                "checked",
                "type=\"checkbox\"",
                "<del>dropped</del>",
                "<del>also</del>",
                "Raised $118,672 and $5 more, $x$ stays.",
                "<summary>More</summary>",
                "<em>text</em>",
            ] {
                assert!(
                    tasks.contains(good),
                    "sanitize={sanitize}: no {good} in\n{tasks}"
                );
            }
            assert_eq!(tasks.matches("<input").count(), 2);
            assert!(!tasks.contains("math"), "{tasks}");
            for align in ["text-align: center", "text-align: right"] {
                let align_css = align.replace(": ", ":");
                assert!(
                    tasks.contains(align) || tasks.contains(&align_css),
                    "sanitize={sanitize}: no {align} in\n{tasks}"
                );
            }
            // Footnotes on the slide that references them, not on the last one.
            let refs = slide("Refs");
            assert!(refs.contains("The source."), "sanitize={sanitize}:\n{refs}");
            assert!(refs.contains("Second <em>one</em>."), "{refs}");
            assert!(!slide("Other").contains("The source."));
            assert_eq!(page.matches("The source.").count(), 1);
        }
    }
}
