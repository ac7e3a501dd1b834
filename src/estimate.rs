//! How many slides a section takes once the runtime has fitted it (`themes/runtime/fit.js`),
//! estimated ahead of time at the default theme's metrics on a 1280×720 slide: what
//! `meetdeck check` reports, what the index counts, and how a build decides whether a deck
//! carries the fitting code only long decks need (`fit-more.js`).
//!
//! The runtime measures; this counts lines. It follows the runtime's rules: a slide too long
//! is continued on slides that each hold about [`LINES_PER_SLIDE`] lines; a long list of
//! short items goes to columns; a slide that needs more than [`MANY`] continuation slides is
//! broken at its deeper headings (`####`, `#####`), each starting a slide.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::assets::{Asset, Assets};
use crate::html_refs;
use crate::slides::{self, Slide};

/// Lines of body text a 1280×720 slide of the default theme holds (28 px text, 1.45 line
/// height, ~560 px below the title).
pub const LINES_PER_SLIDE: f32 = 13.5;
/// Lines of body text a continuation slide holds, on average.
pub const LINES_PER_CONTINUATION: f32 = 12.0;
/// Full-width (CJK) characters per line of body text.
const WIDE_CHARS_PER_LINE: f32 = 38.0;
/// Narrow (Latin) characters per line.
const NARROW_CHARS_PER_LINE: f32 = 70.0;
/// An image takes about this many lines unless it is small.
const IMAGE_LINES: f32 = 8.0;
/// A missing or remote image is one line: a placeholder or a link.
const NOT_EMBEDDED_IMAGE_LINES: f32 = 1.0;
/// The runtime breaks a slide needing more continuation slides than this at its deeper
/// headings (fit.js's `MANY`).
pub const MANY: usize = 6;
/// The lines past which the runtime breaks a slide at its deeper headings: more than
/// [`MANY`] + 1 slides' worth.
pub const TOPICS_LINES: f32 = LINES_PER_SLIDE * (MANY + 1) as f32;
/// A list of at least this many items, each of one short line, may go to columns
/// (fit-more.js's `lists`), up to [`MAX_COLUMNS`].
const COLUMN_ITEMS: usize = 8;
const MAX_COLUMNS: usize = 6;

/// What the runtime will make of one section.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Estimate {
    /// Lines of body text the section needs on one tall slide.
    pub lines: f32,
    /// The slides it takes once fitted (1 when it fits).
    pub slides: usize,
    /// The deeper headings it is broken at (0 when it is not).
    pub topics: usize,
    /// Table rows too tall for a slide even in the smallest font (20 px): a row is never
    /// split, so the end of such a row is cut off.
    pub tall_rows: usize,
}

impl Estimate {
    /// Whether the runtime continues the section on further slides.
    pub fn continued(&self) -> bool {
        self.slides > 1
    }
}

/// The estimate of every slide of `deck`, in order (stack by stack).
pub fn of_deck(deck: &crate::deck::Deck, assets: &Assets) -> Vec<Estimate> {
    deck.stacks
        .iter()
        .flat_map(|s| &s.slides)
        .map(|slide| estimate(slide, assets))
        .collect()
}

/// The estimate for `slide`, whose images are `assets`.
pub fn estimate(slide: &Slide, assets: &Assets) -> Estimate {
    let (chunks, tall_rows) = chunks(slide, assets);
    let lines: f32 = chunks.iter().sum();
    // The first slide holds a slide's lines; each continuation slide fewer (measured over
    // the real notes: cuts keep a heading with what follows it, a question with its answer,
    // an item with its first sub-item, and a balanced run leaves room on each part).
    // A title that wraps takes body lines off every slide (44 px bold titles: about 47
    // characters a line, each line 1.2 body lines; a part marker "(2/7)" adds about 4).
    let title = slide.heading.as_ref().map_or(0.0, |h| width_of(&h.text));
    let extra = |marker: f32| {
        ((title + marker) * NARROW_CHARS_PER_LINE / 47.0 - 1e-4)
            .floor()
            .max(0.0)
            * 1.2
    };
    let (first, next) = (
        LINES_PER_SLIDE - extra(4.0 / NARROW_CHARS_PER_LINE),
        LINES_PER_CONTINUATION - extra(4.0 / NARROW_CHARS_PER_LINE),
    );
    let slides_of = |lines: f32| {
        if lines <= LINES_PER_SLIDE - extra(0.0) {
            1
        } else {
            1 + ((lines - first).max(0.0) / next).ceil().max(1.0) as usize
        }
    };
    // Broken at deeper headings when its content is more than MANY + 1 slides' worth: what
    // comes before the first (if anything) and each heading with what follows it start
    // slides of their own.
    if lines > TOPICS_LINES && chunks.len() > 1 {
        let before = usize::from(chunks[0] > 0.0);
        let topics = chunks.len() - 1;
        let slides = before * slides_of(chunks[0])
            + chunks[1..].iter().map(|&c| slides_of(c)).sum::<usize>();
        return Estimate {
            lines,
            slides,
            topics,
            tall_rows,
        };
    }
    Estimate {
        lines,
        slides: slides_of(lines),
        topics: 0,
        tall_rows,
    }
}

/// Lines the image `src` takes on a slide.
fn image_lines(assets: &Assets, src: &str) -> f32 {
    match assets.get(src) {
        Some(Asset::Missing { .. } | Asset::Remote) => NOT_EMBEDDED_IMAGE_LINES,
        _ => IMAGE_LINES,
    }
}

/// A top-level list being counted: where its lines start, its items, the widest piece of
/// text in it (in lines of the slide's width), and whether any item is more than one short
/// line of text.
#[derive(Default)]
struct List {
    start: f32,
    items: usize,
    widest: f32,
    complex: bool,
}

/// The lines and width (in lines of the slide's width) of the text gathered, emptied; at
/// `depth` lists or quotes in, each of which takes its indent (1.3 em) off the line.
fn flush(text: &mut String, depth: usize) -> (f32, f32) {
    let out = if text.trim().is_empty() {
        (0.0, 0.0)
    } else {
        let w = width_of(text) / (1.0 - 0.035 * depth.min(8) as f32);
        ((w - 1e-4).ceil().max(1.0), w)
    };
    text.clear();
    out
}

/// Text ends here: its lines counted, a list's widest piece noted.
fn end_text(text: &mut String, lines: &mut f32, list: &mut Option<List>, depth: usize) {
    let (n, w) = flush(text, depth);
    *lines += n;
    if let Some(l) = list {
        l.widest = l.widest.max(w);
        l.complex |= n > 1.0;
    }
}

/// Estimated lines of body text of `slide`, in chunks: what comes before its first deeper
/// heading (`####`, `#####` at the top level), then each such heading with what follows it;
/// and the number of its table rows too tall for a slide (see [`Estimate::tall_rows`]).
pub fn chunks(slide: &Slide, assets: &Assets) -> (Vec<f32>, usize) {
    let mut chunks = vec![0.0f32];
    // Tables: the columns of the one being read, where the current cell's text starts, the
    // tallest cell of the row (in lines at 20 px), the rows too tall.
    let (mut columns, mut cell_start, mut tallest, mut tall_rows) = (1usize, 0usize, 0.0f32, 0);
    let mut text = String::new();
    let mut in_code = false;
    // Inside a Markdown image: its alt text is not shown beside it (the image's own lines
    // account for it, and for the link or placeholder of one not embedded).
    let mut in_image = 0usize;
    // Nesting of lists and block quotes; the top-level list being counted.
    let mut depth = 0usize;
    let mut list: Option<List> = None;
    for event in &slide.body {
        let lines = chunks.last_mut().expect("a chunk");
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                if in_image == 0 {
                    *lines += image_lines(assets, dest_url);
                    if let Some(l) = &mut list {
                        l.complex = true;
                    }
                }
                in_image += 1;
            }
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            _ if in_image > 0 => {}
            Event::Start(Tag::Heading {
                level: HeadingLevel::H4 | HeadingLevel::H5,
                ..
            }) if depth == 0 => {
                end_text(&mut text, lines, &mut list, depth);
                chunks.push(0.0);
            }
            Event::Start(Tag::List(_)) => {
                end_text(&mut text, lines, &mut list, depth);
                if depth == 0 {
                    list = Some(List {
                        start: *lines,
                        ..List::default()
                    });
                } else if let Some(l) = &mut list {
                    l.complex = true;
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => {
                end_text(&mut text, lines, &mut list, depth);
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some(l) = list.take() {
                        *lines += in_columns(&l, *lines - l.start);
                    }
                }
            }
            Event::Start(Tag::Table(aligns)) => columns = aligns.len().max(1),
            Event::Start(Tag::TableCell) => cell_start = text.len(),
            Event::End(TagEnd::TableCell) => {
                // A cell is about a column's share of the width; at 20 px a line holds 1.5
                // times the characters of the body's 30 px.
                let cell = width_of(text.get(cell_start..).unwrap_or("")) * columns as f32 / 1.5;
                tallest = tallest.max((cell - 1e-4).ceil());
            }
            Event::End(TagEnd::TableRow | TagEnd::TableHead) if tallest > 0.0 => {
                // A slide holds about 1.6 times its body lines of 20 px table text.
                if tallest > LINES_PER_SLIDE * 1.6 {
                    tall_rows += 1;
                }
                tallest = 0.0;
                end_text(&mut text, lines, &mut list, depth);
                *lines += 0.3;
            }
            Event::Start(Tag::BlockQuote(_)) => depth += 1,
            Event::End(TagEnd::BlockQuote(_)) => depth = depth.saturating_sub(1),
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                if let Some(l) = &mut list {
                    l.complex = true;
                }
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code => *lines += t.lines().count() as f32 * 0.85,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak => text.push(' '),
            Event::HardBreak => {
                end_text(&mut text, lines, &mut list, depth);
                if let Some(l) = &mut list {
                    l.complex = true;
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead) => {
                end_text(&mut text, lines, &mut list, depth);
                // The space between blocks; less between the items of a nested list.
                let item = event_end(event) == TagEnd::Item;
                *lines += if item && depth > 1 { 0.1 } else { 0.3 };
                if let (true, Some(l), 1) = (item, &mut list, depth) {
                    l.items += 1;
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                end_text(&mut text, lines, &mut list, depth);
                *lines += 0.5;
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                for src in html_refs::img_srcs(h) {
                    *lines += image_lines(assets, &src);
                }
            }
            _ => {}
        }
    }
    let lines = chunks.last_mut().expect("a chunk");
    *lines += flush(&mut text, depth).0;
    (chunks, tall_rows)
}

/// The end tag of an `Event::End`.
fn event_end(event: &Event) -> TagEnd {
    match event {
        Event::End(end) => *end,
        _ => TagEnd::Paragraph,
    }
}

/// The change to the `lines` of a finished top-level list when the runtime lays it in
/// columns (0 or less): a list of [`COLUMN_ITEMS`] or more, each of one short line, longer
/// than half a slide, goes to the fewest columns (as wide as its widest item, with gaps) in
/// which it fits a slide, in a smaller font if need be (three quarters of its own at least);
/// else it stays as it is.
fn in_columns(list: &List, lines: f32) -> f32 {
    if list.complex || list.items < COLUMN_ITEMS || lines <= LINES_PER_SLIDE * 0.5 {
        return 0.0;
    }
    let per_item = lines / list.items as f32;
    // The gap between columns: 1.2 em, about 2.2 characters.
    let gap = 2.2 / NARROW_CHARS_PER_LINE;
    let mut best = (0usize, 0.0f32);
    for n in 2..=MAX_COLUMNS {
        let rows = list.items.div_ceil(n) as f32;
        let across = n as f32 * list.widest + (n - 1) as f32 * gap;
        let scale = (1.0 / across)
            .min(LINES_PER_SLIDE / (rows * per_item))
            .min(1.0);
        if scale > best.1 {
            best = (n, scale);
        }
    }
    let (n, scale) = best;
    if scale <= 0.75 {
        return 0.0;
    }
    list.items.div_ceil(n) as f32 * per_item * scale - lines
}

/// The width of `text` in lines of a slide's width.
fn width_of(text: &str) -> f32 {
    text.chars()
        .map(|c| {
            if slides::is_cjk(c) {
                1.0 / WIDE_CHARS_PER_LINE
            } else {
                1.0 / NARROW_CHARS_PER_LINE
            }
        })
        .sum()
}

/// Lines `text` wraps to on a slide.
pub fn wrapped_lines(text: &str) -> f32 {
    // The epsilon keeps 76 characters at 38 a line at 2 lines despite float rounding.
    (width_of(text) - 1e-4).ceil().max(1.0)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::path::Path;

    /// The first slide of `markdown` (tests of `estimate` and `check`).
    pub(crate) fn slide_of(markdown: &str) -> Slide {
        let deck = crate::deck::Deck::from_text(
            Path::new("t.md"),
            markdown,
            &crate::deck::DeckOptions::default(),
        )
        .unwrap();
        deck.stacks[0].slides[0].clone()
    }

    #[test]
    fn a_roll_call_goes_to_columns_and_fits() {
        let names: String = (1..=40).map(|i| format!("- Person {i}\n")).collect();
        let e = estimate(
            &slide_of(&format!("## Roll call\n\n{names}")),
            &Assets::default(),
        );
        assert_eq!(e.slides, 1, "{e:?}");
        let long: String = (1..=40)
            .map(|i| format!("- {i} {}\n", "a long item of many words ".repeat(2)))
            .collect();
        let e = estimate(
            &slide_of(&format!("## Items\n\n{long}")),
            &Assets::default(),
        );
        assert!(e.slides >= 3, "{e:?}");
    }

    #[test]
    fn a_table_row_too_tall_for_a_slide_is_counted() {
        let long = "word ".repeat(900);
        let md = format!("## T\n\n| a | b |\n|---|---|\n| {long} | x |\n| short | y |\n");
        assert_eq!(estimate(&slide_of(&md), &Assets::default()).tall_rows, 1);
        let md = format!("## T\n\n| a |\n|---|\n| {} |\n", "word ".repeat(100));
        assert_eq!(estimate(&slide_of(&md), &Assets::default()).tall_rows, 0);
    }

    #[test]
    fn a_very_long_slide_breaks_at_its_deeper_headings() {
        let para = "A sentence of some length to fill a line or so. ".repeat(6);
        let mut md = String::from("## Long\n\n");
        for i in 0..12 {
            md.push_str(&format!("#### Topic {i}\n\n{para}\n\n{para}\n\n"));
        }
        let e = estimate(&slide_of(&md), &Assets::default());
        assert_eq!(e.topics, 12, "{e:?}");
        assert!(e.slides >= 12, "{e:?}");
        let short = estimate(
            &slide_of("## S\n\n#### A\n\ntext\n\n#### B\n\ntext\n"),
            &Assets::default(),
        );
        assert_eq!((short.slides, short.topics), (1, 0));
    }
}
