//! `meetdeck check`: what in a note will not present well, per note and line.
//!
//! The deck's runtime fits every slide in the browser that shows it (fonts and windows
//! differ between machines); this lint estimates ahead of time, at the default theme's
//! metrics, which slides it will continue on further slides, so a writer can shorten or
//! split a section before the meeting. It also reports images that will not be embedded and
//! skipped heading levels.

use std::path::Path;

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::assets::{self, Asset, Assets};
use crate::build::{BuildOptions, Reads};
use crate::deck::Deck;
use crate::error::{Result, Warning};
use crate::html_img;
use crate::markdown::new_cmark_parser;
use crate::note::Note;
use crate::settings::Settings;
use crate::slides::{self, Slide};

/// Lines of body text a 1280×720 slide of the default theme holds (28 px text, 1.45 line
/// height, ~560 px below the title).
const LINES_PER_SLIDE: f32 = 13.5;
/// Full-width (CJK) characters per line of body text.
const WIDE_CHARS_PER_LINE: f32 = 38.0;
/// Narrow (Latin) characters per line.
const NARROW_CHARS_PER_LINE: f32 = 70.0;
/// An image takes about this many lines unless it is small.
const IMAGE_LINES: f32 = 8.0;
/// A missing or remote image is one line: a placeholder or a link.
const NOT_EMBEDDED_IMAGE_LINES: f32 = 1.0;

/// Checks the note at `path`; returns its findings in line order.
pub fn check_note(path: &Path, options: &BuildOptions) -> Result<Vec<Warning>> {
    let note = Note::read(path)?;
    let mut findings = note.warnings.clone();
    let settings = Settings::resolve(&note, options, &mut Reads::default())?;
    let deck = Deck::of(&note, &settings.deck_options());
    let asset_options = assets::AssetOptions {
        root: settings.root.clone(),
        max_width: settings.max_image_width,
    };
    // Whether each image will be embedded, from its headers: no decoding or encoding.
    let assets::Embedded {
        assets,
        warnings: image_warnings,
        ..
    } = assets::probe_images(path, &deck.images, &asset_options);
    findings.extend(image_warnings);

    for slide in deck.stacks.iter().flat_map(|s| &s.slides) {
        let lines = estimated_lines(slide, &assets);
        if lines > LINES_PER_SLIDE {
            let parts = (lines / LINES_PER_SLIDE).ceil() as usize;
            let title = slide
                .heading
                .as_ref()
                .map_or("(untitled)", |h| h.text.as_str());
            findings.push(Warning::new(
                path,
                Some(slide.line),
                format!(
                    "slide \"{title}\" is long (about {lines:.0} lines): it will be continued on about {parts} slides"
                ),
            ));
        }
    }
    findings.extend(skipped_headings(&note, settings.slide_level));
    findings.extend(pseudo_tags(&note));
    findings.sort_by_key(|w| w.location.line.unwrap_or(0));
    Ok(findings)
}

/// The notes `input` names: itself when it is a file, else every note below it (the rule
/// of [`crate::discover`], the same as `build DIR`), sorted; and the problems met searching.
pub fn notes_in(input: &Path) -> Result<crate::discover::Found> {
    let metadata = std::fs::metadata(input).map_err(|e| crate::Error::io(input, e))?;
    if !metadata.is_dir() {
        return Ok(crate::discover::Found {
            notes: vec![input.to_path_buf()],
            problems: Vec::new(),
        });
    }
    let mut found = crate::discover::notes_in(input, crate::discover::Depth::Recursive, None);
    for note in &mut found.notes {
        *note = input.join(&*note);
    }
    Ok(found)
}

/// Lines the image `src` takes on a slide.
fn image_lines(assets: &Assets, src: &str) -> f32 {
    match assets.get(src) {
        Some(Asset::Missing { .. } | Asset::Remote) => NOT_EMBEDDED_IMAGE_LINES,
        _ => IMAGE_LINES,
    }
}

/// Estimated lines of body text a slide needs at the default theme's metrics.
fn estimated_lines(slide: &Slide, assets: &Assets) -> f32 {
    let mut lines = 0.0;
    let mut text = String::new();
    let mut in_code = false;
    // Inside a Markdown image: its alt text is not shown beside it (the image's own lines
    // account for it, and for the link or placeholder of one not embedded).
    let mut in_image = 0usize;
    let flush = |text: &mut String, lines: &mut f32| {
        if !text.trim().is_empty() {
            *lines += wrapped_lines(text);
        }
        text.clear();
    };
    for event in &slide.body {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if in_image == 0 {
                    lines += image_lines(assets, dest_url);
                }
                in_image += 1;
            }
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code => lines += t.lines().count() as f32 * 0.85,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => flush(&mut text, &mut lines),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => {
                flush(&mut text, &mut lines);
                lines += 0.3;
            }
            Event::End(TagEnd::Heading(_)) => {
                flush(&mut text, &mut lines);
                lines += 0.5;
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                for src in html_img::img_srcs(h) {
                    lines += image_lines(assets, &src);
                }
            }
            _ => {}
        }
    }
    flush(&mut text, &mut lines);
    lines
}

/// Lines `text` wraps to on a slide.
fn wrapped_lines(text: &str) -> f32 {
    let width: f32 = text
        .chars()
        .map(|c| {
            if slides::is_cjk(c) {
                1.0 / WIDE_CHARS_PER_LINE
            } else {
                1.0 / NARROW_CHARS_PER_LINE
            }
        })
        .sum();
    // The epsilon keeps 76 characters at 38 a line at 2 lines despite float rounding.
    (width - 1e-4).ceil().max(1.0)
}

/// Headings that skip a level (`##` then `####`): the deck's outline loses a step.
/// Pseudo-tags (`<BREAK>`, `<No questions>`): angle brackets around what is no HTML element.
/// The deck shows them as the text typed; listed so a writer who meant HTML knows.
fn pseudo_tags(note: &Note) -> Vec<Warning> {
    crate::markdown::pseudo_tags(note.body())
        .into_iter()
        .map(|t| {
            Warning::new(
                &note.path,
                Some(note.line_of(note.body_start + t.offset)),
                format!(
                    "{} is not an HTML element: shown as the text written",
                    t.tag
                ),
            )
        })
        .collect()
}

fn skipped_headings(note: &Note, slide_level: u8) -> Vec<Warning> {
    let mut findings = Vec::new();
    let mut previous: Option<u8> = None;
    for (event, range) in new_cmark_parser(note.body()).into_offset_iter() {
        if let Event::Start(Tag::Heading { level, .. }) = event {
            let level = level as u8;
            if let Some(prev) = previous {
                if level > prev + 1 {
                    findings.push(Warning::new(
                        &note.path,
                        Some(note.line_of(note.body_start + range.start)),
                        format!(
                            "heading level skipped: h{prev} is followed by h{level} (slides start at h{slide_level}, vertical slides at h{})",
                            slide_level + 1
                        ),
                    ));
                }
            }
            previous = Some(level);
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slide_of(markdown: &str) -> Slide {
        let deck = Deck::from_text(
            Path::new("t.md"),
            markdown,
            &crate::deck::DeckOptions::default(),
        )
        .unwrap();
        deck.stacks[0].slides[0].clone()
    }

    #[test]
    fn short_slide_fits_long_slide_does_not() {
        assert!(
            estimated_lines(&slide_of("## A\n\n- one\n- two\n"), &Assets::default())
                < LINES_PER_SLIDE
        );
        let long: String = (0..30).map(|i| format!("- item {i}\n")).collect();
        assert!(
            estimated_lines(&slide_of(&format!("## A\n\n{long}")), &Assets::default())
                > LINES_PER_SLIDE
        );
    }

    #[test]
    fn missing_and_remote_images_take_one_line() {
        let slide = slide_of(
            "## A\n\n![a](https://example.com/a.png)\n\n<img src=\"//cdn.example.com/b.png\">\n\n![c](gone.png)\n",
        );
        let mut assets = Assets::default();
        for src in ["https://example.com/a.png", "//cdn.example.com/b.png"] {
            assets.by_src.insert(src.to_string(), Asset::Remote);
        }
        let missing = Asset::Missing {
            reason: "image not found: gone.png".to_string(),
        };
        assets.by_src.insert("gone.png".to_string(), missing);
        assert!(estimated_lines(&slide, &assets) < 5.0);
        // Embedded (here: not resolved), three images do not fit on one slide.
        assert!(estimated_lines(&slide, &Assets::default()) > LINES_PER_SLIDE);
    }

    #[test]
    fn cjk_text_wraps_sooner_than_latin() {
        let cjk = "会".repeat(76);
        let latin = "a".repeat(76);
        assert_eq!(wrapped_lines(&cjk), 2.0);
        assert_eq!(wrapped_lines(&latin), 2.0);
        assert_eq!(wrapped_lines(&"a".repeat(60)), 1.0);
    }

    #[test]
    fn reports_long_slides_and_skipped_levels_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        let long: String = (0..40).map(|i| format!("- item {i}\n")).collect();
        std::fs::write(&path, format!("## Short\n\n#### Deep\n\n## Long\n\n{long}")).unwrap();
        let findings = check_note(&path, &BuildOptions::default()).unwrap();
        let lines: Vec<String> = findings.iter().map(ToString::to_string).collect();
        assert_eq!(findings.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("n.md:3: heading level skipped"),
            "{lines:?}"
        );
        assert!(
            lines[1].contains("n.md:5: slide \"Long\" is long"),
            "{lines:?}"
        );
    }

    #[test]
    fn lists_pseudo_tags_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        std::fs::write(
            &path,
            "---\ntitle: T\n---\n## A\n\n<BREAK>\n\nok <No questions> <br> `<code>`\n",
        )
        .unwrap();
        let findings = check_note(&path, &BuildOptions::default()).unwrap();
        let lines: Vec<String> = findings.iter().map(ToString::to_string).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("n.md:6: <BREAK> is not an HTML element"),
            "{lines:?}"
        );
        assert!(
            lines[1].contains("n.md:8: <No questions> is not"),
            "{lines:?}"
        );
    }
}
