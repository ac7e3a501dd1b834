//! Stage 2: a [`Note`] is split into slides ([`Split`]). The meeting's own sections and the
//! title slide are `meeting`'s; the assembled deck is `deck`'s.
//!
//! One pass over pulldown-cmark's events does everything that must change in the content:
//! soft breaks between CJK characters are dropped, speaker-note comments are taken out,
//! image references are collected with their lines. The slides keep Markdown events, not
//! HTML: only `render` writes HTML.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use crate::html_refs;
use crate::markdown::new_cmark_parser;
use crate::note::Note;

/// The default heading level that starts a slide (`##`).
pub const DEFAULT_SLIDE_LEVEL: u8 = 2;

/// A note split into slides, before the meeting's own sections are taken out.
#[derive(Debug, Clone, Default)]
pub struct Split {
    /// The note's `#` title, when it starts the note (and slides start below `#`).
    pub title: Option<Heading>,
    /// Horizontal slides; each holds its vertical slides.
    pub stacks: Vec<Stack>,
    /// Every image the slides (and their speaker notes) reference, in order, with its line.
    pub images: Vec<ImageRef>,
    /// Every reference of raw HTML that is never embedded (media, frames, stylesheets...):
    /// the warning's text and its line.
    pub not_embedded: Vec<(String, usize)>,
}

/// A horizontal slide and the vertical slides below it (the first element is the top one).
#[derive(Debug, Clone, Default)]
pub struct Stack {
    pub slides: Vec<Slide>,
}

/// One slide: an optional heading and Markdown events.
#[derive(Debug, Clone, Default)]
pub struct Slide {
    pub heading: Option<Heading>,
    pub body: Vec<Event<'static>>,
    /// Speaker notes, as Markdown.
    pub notes: Vec<String>,
    /// The 1-based line where the slide starts in the note.
    pub line: usize,
}

impl Slide {
    fn has_content(&self) -> bool {
        self.heading.is_some()
            || !self.notes.is_empty()
            || self
                .body
                .iter()
                .any(|e| !matches!(e, Event::Html(h) if h.trim().is_empty()))
    }
}

/// A slide's heading.
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    /// The inline events inside the heading.
    pub events: Vec<Event<'static>>,
    /// The heading as plain text.
    pub text: String,
}

/// An image used by the note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImageRef {
    /// The `src`/destination as written in the note.
    pub src: String,
    /// 1-based line in the note.
    pub line: usize,
}

/// Splits a note into slides: headings of `slide_level` (and above) start horizontal slides,
/// one level down vertical slides.
///
/// The parser's events are consumed as they come (a 50 MB note has millions of them): only
/// the slides hold them, never a second list of the whole note.
pub fn split(note: &Note, slide_level: u8) -> Split {
    let slide_level = slide_level.clamp(1, 6);
    // Pseudo-tags (`<BREAK>`) as literal text: they must not change the structure.
    let body = crate::markdown::literal_pseudo_tags(note.body());
    let mut events = LinedEvents::new(note, &body);
    let mut refs = Refs::default();
    let mut builder = DeckBuilder::default();
    let mut title: Option<Heading> = None;
    let mut seen_heading = false;

    while let Some((event, line)) = events.next() {
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_level(*level);
                let (inner, end) = take_element(&mut events);
                collect_images(&inner, &mut refs);
                let mut inner: Vec<Event<'static>> = inner.into_iter().map(|(e, _)| e).collect();
                remove_cjk_soft_breaks(&mut inner);
                let heading = Heading {
                    level,
                    text: plain_text(&inner),
                    events: inner,
                };
                if level == 1 && slide_level >= 2 && title.is_none() && !seen_heading {
                    title = Some(heading);
                    seen_heading = true;
                    continue;
                }
                seen_heading = true;
                if level <= slide_level {
                    builder.start_stack(heading, line);
                } else if level == slide_level + 1 {
                    builder.start_vertical(heading, line);
                } else {
                    // Deeper headings stay inside the slide, as they were written.
                    let slide = builder.current(line);
                    slide.body.push(event);
                    slide.body.extend(heading.events);
                    slide.body.extend(end);
                }
                continue;
            }
            Event::Start(Tag::HtmlBlock) => {
                // pulldown-cmark gives an HTML block line by line: join it so a multi-line
                // `<!-- notes: ... -->` comment is seen whole.
                let (inner, _) = take_element(&mut events);
                let html: String = inner
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Html(h) => Some(h.as_ref()),
                        _ => None,
                    })
                    .collect();
                if let Some((note_text, skipped)) = speaker_note(&html) {
                    refs.markdown(&note_text, line + skipped);
                    builder.current(line).notes.push(note_text);
                    continue;
                }
                if is_comment_only(&html) {
                    continue;
                }
                refs.html(&html, line);
                let body = &mut builder.current(line).body;
                body.push(Event::Start(Tag::HtmlBlock));
                body.push(Event::Html(html.into()));
                body.push(Event::End(TagEnd::HtmlBlock));
                continue;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some((note_text, skipped)) = speaker_note(html) {
                    refs.markdown(&note_text, line + skipped);
                    builder.current(line).notes.push(note_text);
                    continue;
                }
                if is_comment_only(html) {
                    continue;
                }
                refs.html(html, line);
            }
            Event::Start(Tag::Image { dest_url, .. }) => refs.image(dest_url, line),
            _ => {}
        }
        builder.current(line).body.push(event);
    }
    for stack in &mut builder.stacks {
        for slide in &mut stack.slides {
            remove_cjk_soft_breaks(&mut slide.body);
        }
    }

    Split {
        title,
        stacks: builder.finish(),
        images: refs.images,
        not_embedded: refs.not_embedded,
    }
}

/// The note body's events, each with the 1-based line where it starts, as the parser gives
/// them.
struct LinedEvents<'a> {
    parser: pulldown_cmark::OffsetIter<'a>,
    body: &'a str,
    line: usize,
    counted_to: usize,
}

impl<'a> LinedEvents<'a> {
    fn new(note: &'a Note, body: &'a str) -> LinedEvents<'a> {
        LinedEvents {
            parser: new_cmark_parser(body).into_offset_iter(),
            body,
            line: note.line_of(note.body_start),
            counted_to: 0,
        }
    }
}

impl Iterator for LinedEvents<'_> {
    type Item = (Event<'static>, usize);

    fn next(&mut self) -> Option<Self::Item> {
        let (event, range) = self.parser.next()?;
        // Lines are counted incrementally: offsets only grow for block starts.
        if range.start > self.counted_to {
            self.line += self.body.as_bytes()[self.counted_to..range.start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.counted_to = range.start;
        }
        Some((event.into_static(), self.line))
    }
}

/// The rest of the element whose `Start` was just taken from `events`: its inner events
/// (with their lines) and its `End` (`None` if the events ran out first).
fn take_element(
    events: &mut impl Iterator<Item = (Event<'static>, usize)>,
) -> (Vec<(Event<'static>, usize)>, Option<Event<'static>>) {
    let mut inner = Vec::new();
    let mut depth = 0usize;
    for (event, line) in events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return (inner, Some(event)),
            Event::End(_) => depth -= 1,
            _ => {}
        }
        inner.push((event, line));
    }
    (inner, None)
}

/// Drops a soft line break between two CJK characters: Chinese and Japanese have no spaces
/// between words, so a line wrapped in the source must not show a space on the slide.
/// Applied to each slide's (and heading's) events: a paragraph never spans two slides.
fn remove_cjk_soft_breaks(events: &mut Vec<Event<'static>>) {
    let mut keep = vec![true; events.len()];
    for i in 1..events.len().saturating_sub(1) {
        if !matches!(events[i], Event::SoftBreak) {
            continue;
        }
        let before = char_beside(events, i, false);
        let after = char_beside(events, i, true);
        if let (Some(b), Some(a)) = (before, after) {
            if is_cjk(b) && is_cjk(a) {
                keep[i] = false;
            }
        }
    }
    let mut index = 0;
    events.retain(|_| {
        index += 1;
        keep[index - 1]
    });
}

/// The character of text right before (or after) the event at `at`, looking through inline
/// formatting (`第一行**重点**⏎第二行`: the break sits between `End(Strong)` and `Text`),
/// but not through anything else (an image, raw HTML, a block).
fn char_beside(events: &[Event<'static>], at: usize, forward: bool) -> Option<char> {
    // Formatting nests a few levels at most; the bound keeps `*****…` linear.
    const MAX_STEPS: usize = 8;
    let mut k = at;
    for _ in 0..MAX_STEPS {
        k = if forward { k + 1 } else { k.checked_sub(1)? };
        match events.get(k)? {
            Event::Text(t) | Event::Code(t) => {
                return if forward {
                    t.chars().next()
                } else {
                    t.chars().next_back()
                };
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. })
            | Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            _ => return None,
        }
    }
    None
}

/// Han, kana and CJK punctuation: scripts written without spaces between words. (Hangul is
/// written with spaces, so it is not joined.)
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x303F   // CJK symbols and punctuation
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xF900..=0xFAFF // CJK Compatibility Ideographs
        | 0xFF00..=0xFF60 // Full-width forms
        | 0x20000..=0x2FFFF)
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn collect_images(events: &[(Event<'static>, usize)], refs: &mut Refs) {
    for (event, line) in events {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => refs.image(dest_url, *line),
            Event::InlineHtml(html) | Event::Html(html) => refs.html(html, *line),
            _ => {}
        }
    }
}

/// The references of a note, as the split finds them.
#[derive(Default)]
struct Refs {
    images: Vec<ImageRef>,
    not_embedded: Vec<(String, usize)>,
}

impl Refs {
    fn image(&mut self, src: &str, line: usize) {
        self.images.push(ImageRef {
            src: src.to_string(),
            line,
        });
    }

    /// The references of raw HTML at `line` (see [`html_refs::references`]).
    fn html(&mut self, html: &str, line: usize) {
        for reference in html_refs::references(html) {
            let line = line + reference.line_offset;
            if reference.image {
                self.image(&reference.url, line);
            } else {
                self.not_embedded
                    .push((reference.not_embedded_message(), line));
            }
        }
    }

    /// The references of speaker notes' Markdown starting at `line`: rendered through the
    /// same pass as slides, their images are embedded the same way.
    fn markdown(&mut self, text: &str, line: usize) {
        let mut counted = 0;
        let mut at = line;
        for (event, range) in new_cmark_parser(text).into_offset_iter() {
            at += text.as_bytes()[counted.min(range.start)..range.start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            counted = counted.max(range.start);
            match event {
                Event::Start(Tag::Image { dest_url, .. }) => self.image(&dest_url, at),
                Event::Html(html) | Event::InlineHtml(html) => self.html(&html, at),
                _ => {}
            }
        }
    }
}

/// The Markdown of a `<!-- notes: ... -->` / `<!-- note: ... -->` comment, and how many
/// lines below the comment's first it starts.
fn speaker_note(html: &str) -> Option<(String, usize)> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
    let trimmed = inner.trim_start();
    let skipped = inner[..inner.len() - trimmed.len()].matches('\n').count()
        + html[..html.len() - html.trim_start().len()]
            .matches('\n')
            .count();
    let lower = trimmed.get(..6).unwrap_or(trimmed).to_ascii_lowercase();
    let rest = if lower.starts_with("notes:") {
        &trimmed[6..]
    } else if lower.starts_with("note:") {
        &trimmed[5..]
    } else {
        return None;
    };
    let rest_trimmed = rest.trim_start();
    let skipped = skipped
        + rest[..rest.len() - rest_trimmed.len()]
            .matches('\n')
            .count();
    Some((dedent(rest), skipped))
}

fn is_comment_only(html: &str) -> bool {
    let t = html.trim();
    // `<!---->` is the shortest; `<!-->` and `<!--->` overlap their ends (found by fuzzing).
    t.len() >= 7
        && t.starts_with("<!--")
        && t.ends_with("-->")
        && t[4..].find("-->") == Some(t.len() - 7)
}

fn dedent(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent = lines
        .iter()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    let mut out = String::new();
    for (n, line) in lines.iter().enumerate() {
        let line = if n == 0 {
            line.trim()
        } else {
            line.get(indent..).unwrap_or(line.trim_start())
        };
        out.push_str(line);
        out.push('\n');
    }
    out.trim().to_string()
}

/// The plain text of events (headings, sections), lines kept.
pub fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                text.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock | TagEnd::Heading(_),
            ) => text.push('\n'),
            Event::Start(Tag::Link { dest_url, .. }) => {
                // Keep link targets: join links are often written as Markdown links.
                text.push_str(dest_url);
                text.push(' ');
            }
            _ => {}
        }
    }
    text.trim().to_string()
}

/// Builds stacks as headings arrive.
#[derive(Default)]
struct DeckBuilder {
    stacks: Vec<Stack>,
}

impl DeckBuilder {
    /// The slide being filled is complete: its events lose the spare room their vector grew
    /// (up to half of it; a 50 MB note holds millions of events).
    fn close_slide(&mut self) {
        if let Some(slide) = self.stacks.last_mut().and_then(|s| s.slides.last_mut()) {
            slide.body.shrink_to_fit();
        }
    }

    fn start_stack(&mut self, heading: Heading, line: usize) {
        self.close_slide();
        self.stacks.push(Stack {
            slides: vec![Slide {
                heading: Some(heading),
                line,
                ..Slide::default()
            }],
        });
    }

    fn start_vertical(&mut self, heading: Heading, line: usize) {
        self.close_slide();
        let slide = Slide {
            heading: Some(heading),
            line,
            ..Slide::default()
        };
        match self.stacks.last_mut() {
            Some(stack) => stack.slides.push(slide),
            None => self.stacks.push(Stack {
                slides: vec![slide],
            }),
        }
    }

    /// The slide content goes to; content before any heading gets an untitled slide.
    fn current(&mut self, line: usize) -> &mut Slide {
        if self.stacks.is_empty() {
            self.stacks.push(Stack {
                slides: vec![Slide {
                    line,
                    ..Slide::default()
                }],
            });
        }
        let stack = self.stacks.last_mut().expect("a stack was just pushed");
        stack.slides.last_mut().expect("stacks are never empty")
    }

    fn finish(self) -> Vec<Stack> {
        self.stacks
            .into_iter()
            .filter_map(|mut stack| {
                stack.slides.retain(Slide::has_content);
                (!stack.slides.is_empty()).then_some(stack)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn abrupt_comments_do_not_panic() {
        // Fuzzer crash: `<!-->` made `is_comment_only` subtract with overflow.
        for text in ["# T\n\n<!-->\n", "# T\n\ntext <!---> more\n", "<!---->\n"] {
            let note = Note::from_text(Path::new("c.md"), text.to_string()).unwrap();
            split(&note, DEFAULT_SLIDE_LEVEL);
        }
        assert!(is_comment_only("<!---->"));
        assert!(!is_comment_only("<!-->") && !is_comment_only("<!--->"));
    }
}
