//! Stage 2: a [`Note`] becomes a [`Deck`]: the title, the meeting's metadata and the slides.
//!
//! One pass over pulldown-cmark's events does everything that must change in the content:
//! soft breaks between CJK characters are dropped, speaker-note comments are taken out,
//! image references are collected with their lines. The slides keep Markdown events, not
//! HTML: only `render` writes HTML.

use std::path::Path;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use crate::html_img;
use crate::markdown::new_cmark_parser;
use crate::meeting::{self, Meeting};
use crate::note::Note;

/// The default heading level that starts a slide (`##`).
pub const DEFAULT_SLIDE_LEVEL: u8 = 2;

/// A deck before rendering.
#[derive(Debug, Clone)]
pub struct Deck {
    pub title: String,
    /// The call's topic when it differs from the title (e.g. the file name gave the title).
    pub subtitle: Option<String>,
    /// BCP 47 language of the page (`zh-CN`, `ja`, `en`...), for fonts and line breaking.
    pub lang: String,
    pub meeting: Meeting,
    /// Horizontal slides; each holds its vertical slides.
    pub stacks: Vec<Stack>,
    /// Every image the slides reference, in order, with its line.
    pub images: Vec<ImageRef>,
}

impl Deck {
    /// Slides in the deck as built: the title slide plus every content slide. (The runtime
    /// may add continuation slides when a slide does not fit the window.)
    pub fn slide_count(&self) -> usize {
        1 + self.stacks.iter().map(|s| s.slides.len()).sum::<usize>()
    }
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

/// What changes how a note is split.
#[derive(Debug, Clone)]
pub struct SplitOptions {
    /// Headings of this level (and above) start horizontal slides; one level down, vertical.
    pub slide_level: u8,
    /// The page language when the note's front matter does not say (else detected).
    pub lang: Option<String>,
}

impl Default for SplitOptions {
    fn default() -> Self {
        SplitOptions {
            slide_level: DEFAULT_SLIDE_LEVEL,
            lang: None,
        }
    }
}

/// Splits a note into a deck.
///
/// The parser's events are consumed as they come (a 50 MB note has millions of them): only
/// the slides hold them, never a second list of the whole note.
pub fn split(note: &Note, options: &SplitOptions) -> Deck {
    let slide_level = options.slide_level.clamp(1, 6);
    // Pseudo-tags (`<BREAK>`) as literal text: they must not change the structure.
    let body = crate::markdown::literal_pseudo_tags(note.body());
    let mut events = LinedEvents::new(note, &body);
    let mut images = Vec::new();
    let mut builder = DeckBuilder::default();
    let mut title: Option<Heading> = None;
    let mut seen_heading = false;

    while let Some((event, line)) = events.next() {
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_level(*level);
                let (inner, end) = take_element(&mut events);
                collect_images(&inner, &mut images);
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
                if let Some(note_text) = speaker_note(&html) {
                    builder.current(line).notes.push(note_text);
                    continue;
                }
                if is_comment_only(&html) {
                    continue;
                }
                for src in html_img::img_srcs(&html) {
                    images.push(ImageRef { src, line });
                }
                let body = &mut builder.current(line).body;
                body.push(Event::Start(Tag::HtmlBlock));
                body.push(Event::Html(html.into()));
                body.push(Event::End(TagEnd::HtmlBlock));
                continue;
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if let Some(note_text) = speaker_note(html) {
                    builder.current(line).notes.push(note_text);
                    continue;
                }
                if is_comment_only(html) {
                    continue;
                }
                for src in html_img::img_srcs(html) {
                    images.push(ImageRef { src, line });
                }
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                images.push(ImageRef {
                    src: dest_url.to_string(),
                    line,
                });
            }
            _ => {}
        }
        builder.current(line).body.push(event);
    }
    for stack in &mut builder.stacks {
        for slide in &mut stack.slides {
            remove_cjk_soft_breaks(&mut slide.body);
        }
    }

    let mut stacks = builder.finish();
    let mut meeting = Meeting::default();
    take_meeting_sections(&mut stacks, &mut meeting);
    fill_meeting(note, title.as_ref(), &stacks, &mut meeting);

    let front = &note.front_matter;
    let file_title = note
        .path
        .file_stem()
        .map(|s| meeting::title_from_file_name(&s.to_string_lossy()))
        .unwrap_or_default();
    let title_text = front
        .title
        .clone()
        .or_else(|| title.map(|h| h.text))
        .unwrap_or(file_title);
    let subtitle = meeting
        .join
        .as_ref()
        .and_then(|j| j.topic.clone())
        .filter(|topic| !title_text.contains(topic.as_str()));

    Deck {
        lang: front
            .lang
            .clone()
            .or_else(|| options.lang.clone())
            .unwrap_or_else(|| detect_lang(note.body())),
        title: title_text,
        subtitle,
        meeting,
        stacks,
        images,
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

fn collect_images(events: &[(Event<'static>, usize)], images: &mut Vec<ImageRef>) {
    for (event, line) in events {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => images.push(ImageRef {
                src: dest_url.to_string(),
                line: *line,
            }),
            Event::InlineHtml(html) | Event::Html(html) => {
                for src in html_img::img_srcs(html) {
                    images.push(ImageRef { src, line: *line });
                }
            }
            _ => {}
        }
    }
}

/// The Markdown of a `<!-- notes: ... -->` / `<!-- note: ... -->` comment.
fn speaker_note(html: &str) -> Option<String> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?;
    let trimmed = inner.trim_start();
    let lower = trimmed.get(..6).unwrap_or(trimmed).to_ascii_lowercase();
    let rest = if lower.starts_with("notes:") {
        &trimmed[6..]
    } else if lower.starts_with("note:") {
        &trimmed[5..]
    } else {
        return None;
    };
    Some(dedent(rest))
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

/// What a section's heading says it holds.
#[derive(Debug, PartialEq, Eq)]
enum MetaSection {
    Time,
    Join,
}

/// Whether a heading's section holds the meeting's own metadata (time or join info): the
/// sections the title slide is made from, and that `meetdeck new` carries over.
pub(crate) fn is_meta_heading(heading: &str) -> bool {
    meta_section(heading).is_some()
}

/// Recognises the sections that hold the meeting's own metadata (`## 时间`, `## 加入会议`,
/// `## Time`, `## Join`...). They become the title slide instead of slides of their own.
fn meta_section(heading: &str) -> Option<MetaSection> {
    let key: String = heading
        .trim()
        .trim_start_matches(|c: char| {
            c.is_ascii_digit() || "一二三四五六七八九十、.．:：)） ".contains(c)
        })
        .to_lowercase();
    let key = key.trim();
    const TIME: &[&str] = &[
        "时间",
        "会议时间",
        "時間",
        "time",
        "date",
        "when",
        "date & time",
        "date and time",
    ];
    const JOIN: &[&str] = &[
        "加入会议",
        "入会方式",
        "会议链接",
        "会议信息",
        "参会方式",
        "加入會議",
        "join",
        "join info",
        "join the call",
        "join the meeting",
        "how to join",
        "meeting link",
        "call link",
    ];
    if TIME.contains(&key) {
        Some(MetaSection::Time)
    } else if JOIN.contains(&key) {
        Some(MetaSection::Join)
    } else {
        None
    }
}

/// Removes the time and join sections from the slides, reading the meeting from them.
fn take_meeting_sections(stacks: &mut Vec<Stack>, meeting: &mut Meeting) {
    stacks.retain(|stack| {
        let top = &stack.slides[0];
        let Some(kind) = top.heading.as_ref().and_then(|h| meta_section(&h.text)) else {
            return true;
        };
        if stack.slides.len() > 1 {
            return true;
        }
        let text = plain_text(&top.body);
        let when = meeting::parse_when(&text);
        meeting.merge_missing(when);
        if kind == MetaSection::Join {
            if let Some(join) = meeting::parse_join_info(&text) {
                meeting.join.get_or_insert(join);
            }
        }
        false
    });
}

/// Fills the rest of the meeting from the front matter, code blocks, title, file name and
/// editor header, in that order of trust.
fn fill_meeting(note: &Note, title: Option<&Heading>, stacks: &[Stack], meeting: &mut Meeting) {
    let front = &note.front_matter;
    if let Some(date) = front.date.as_deref().and_then(meeting::find_date) {
        meeting.date = Some(date);
    }
    if let Some((start, end)) = front.time.as_deref().and_then(meeting::find_time_range) {
        meeting.start = Some(start);
        meeting.end = end;
    }
    if let Some((end, _)) = front.end.as_deref().and_then(meeting::find_time_range) {
        meeting.end = Some(end);
    }
    if front.link.is_some() || front.meeting_id.is_some() {
        let join = meeting.join.get_or_insert_with(Default::default);
        if let Some(link) = &front.link {
            join.link = Some(link.clone());
        }
        if let Some(id) = &front.meeting_id {
            join.meeting_id = Some(id.clone());
        }
    }
    if meeting.join.is_none() {
        // An invitation pasted in a fenced block anywhere (not under a join heading).
        'search: for slide in stacks.iter().flat_map(|s| &s.slides) {
            let mut in_code = false;
            let mut code = String::new();
            for event in &slide.body {
                match event {
                    Event::Start(Tag::CodeBlock(
                        CodeBlockKind::Fenced(_) | CodeBlockKind::Indented,
                    )) => {
                        in_code = true;
                        code.clear();
                    }
                    Event::Text(t) if in_code => code.push_str(t),
                    Event::End(TagEnd::CodeBlock) => {
                        in_code = false;
                        if let Some(join) = meeting::parse_join_info(&code) {
                            if join.link.is_some() && join.meeting_id.is_some() {
                                meeting.merge_missing(meeting::parse_when(&code));
                                meeting.join = Some(join);
                                break 'search;
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    if meeting.date.is_none() {
        meeting.date = title
            .and_then(|h| meeting::find_date(&h.text))
            .or_else(|| {
                note.path
                    .file_stem()
                    .and_then(|s| meeting::find_date(&s.to_string_lossy()))
            })
            .or_else(|| note.header.get("Date").and_then(|d| meeting::find_date(d)));
    }
}

/// Guesses the page language from the text: browsers pick CJK fonts and line breaking by it.
pub fn detect_lang(text: &str) -> String {
    let (mut han, mut kana, mut hangul, mut latin) = (0usize, 0usize, 0usize, 0usize);
    let (mut simplified, mut traditional) = (0usize, 0usize);
    for c in text.chars().take(20_000) {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0xAC00..=0xD7AF => hangul += 1,
            0x4E00..=0x9FFF => {
                han += 1;
                if "们这会与为个时间来说发对开关门东车么".contains(c) {
                    simplified += 1;
                } else if "們這會與為個時間來說發對開關門東車麼".contains(c) {
                    traditional += 1;
                }
            }
            _ if c.is_ascii_alphabetic() => latin += 1,
            _ => {}
        }
    }
    // A few CJK characters among English words do not make a Chinese page; a tenth of
    // the letters does (CJK characters carry far more per character than Latin letters).
    let cjk = han + kana + hangul;
    if cjk * 10 < latin || cjk < 2 {
        "en".into()
    } else if kana * 10 >= han.max(1) {
        "ja".into()
    } else if hangul > han {
        "ko".into()
    } else if traditional > simplified {
        "zh-TW".into()
    } else {
        "zh-CN".into()
    }
}

/// Extracts headings of the deck for outlines (used by `check` and the index page).
pub fn outline(deck: &Deck) -> Vec<String> {
    deck.stacks
        .iter()
        .flat_map(|s| &s.slides)
        .filter_map(|s| s.heading.as_ref().map(|h| h.text.clone()))
        .collect()
}

/// Convenience for tests and tools: split the note at `path` text.
pub fn split_text(path: &Path, text: &str, options: &SplitOptions) -> crate::error::Result<Deck> {
    let note = Note::from_text(path, text.to_string())?;
    Ok(split(&note, options))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abrupt_comments_do_not_panic() {
        // Fuzzer crash: `<!-->` made `is_comment_only` subtract with overflow.
        for text in ["# T\n\n<!-->\n", "# T\n\ntext <!---> more\n", "<!---->\n"] {
            let note = Note::from_text(Path::new("c.md"), text.to_string()).unwrap();
            split(&note, &SplitOptions::default());
        }
        assert!(is_comment_only("<!---->"));
        assert!(!is_comment_only("<!-->") && !is_comment_only("<!--->"));
    }

    fn deck(text: &str) -> Deck {
        deck_at("notes/2024-05-02.md", text, DEFAULT_SLIDE_LEVEL)
    }

    /// The meeting's date as `YYYY-MM-DD`.
    fn iso(deck: &Deck) -> Option<String> {
        deck.meeting.date.map(|d| d.iso())
    }

    fn deck_at(path: &str, text: &str, slide_level: u8) -> Deck {
        let options = SplitOptions {
            slide_level,
            lang: None,
        };
        split_text(Path::new(path), text, &options).unwrap()
    }

    /// The deck's shape: each stack as its slides' titles.
    fn shape(deck: &Deck) -> Vec<Vec<String>> {
        deck.stacks
            .iter()
            .map(|s| {
                s.slides
                    .iter()
                    .map(|sl| sl.heading.as_ref().map_or("-".into(), |h| h.text.clone()))
                    .collect()
            })
            .collect()
    }

    const MEETING: &str = "<!--\n * @Date: 2024-04-30 10:00:00\n-->\n## 时间\n\n2024/05/02 19:00 ~ 19:30\n\n\
        ## 加入会议\n\n```text\n会议主题：社区周会\nhttps://meeting.tencent.com/dm/abc123\n#腾讯会议：341-233-112\n```\n\n\
        ## 会议内容\n\n### 一、近期工作\n\n#### 子项\n\n正文\n\n### 二、答疑\n\nQ?\n";

    #[test]
    fn level_two_slides_level_three_vertical() {
        let d = deck(MEETING);
        assert_eq!(
            shape(&d),
            vec![vec!["会议内容", "一、近期工作", "二、答疑"]],
            "time and join sections become the title slide"
        );
        assert_eq!(d.slide_count(), 4);
        // `####` stays inside its slide.
        let inner = plain_text(&d.stacks[0].slides[1].body);
        assert!(inner.contains("子项") && inner.contains("正文"), "{inner}");
    }

    #[test]
    fn meeting_metadata_from_sections() {
        let d = deck(MEETING);
        assert_eq!(iso(&d).as_deref(), Some("2024-05-02"));
        assert_eq!(d.meeting.time_range().as_deref(), Some("19:00–19:30"));
        let join = d.meeting.join.unwrap();
        assert_eq!(join.meeting_id.as_deref(), Some("341-233-112"));
        assert_eq!(
            join.link.as_deref(),
            Some("https://meeting.tencent.com/dm/abc123")
        );
        assert_eq!(d.title, "2024-05-02", "no `#`: title from the file name");
        assert_eq!(d.subtitle.as_deref(), Some("社区周会"));
        assert_eq!(d.lang, "zh-CN");
    }

    #[test]
    fn slide_level_three() {
        let d = deck_at("a.md", MEETING, 3);
        assert_eq!(
            shape(&d),
            vec![
                vec!["会议内容"],
                vec!["一、近期工作", "子项"],
                vec!["二、答疑"]
            ]
        );
    }

    #[test]
    fn hash_title_and_content_before_headings() {
        let d = deck("# Weekly sync\n\nIntro text.\n\n## One\n\nbody\n");
        assert_eq!(d.title, "Weekly sync");
        assert_eq!(shape(&d), vec![vec!["-"], vec!["One"]]);
        assert_eq!(d.lang, "en");
    }

    #[test]
    fn file_name_with_space_gives_clean_title() {
        let d = deck_at("2023-04- 13.md", "## A\n", 2);
        assert_eq!(d.title, "2023-04-13");
        assert_eq!(iso(&d).as_deref(), Some("2023-04-13"));
    }

    #[test]
    fn impossible_dates_are_never_the_meeting_date() {
        for title in ["2023-02-30", "2023-13-01", "2023-02-29", "2023年2月30日"] {
            let text = format!("# Weekly {title}\n\n## A\n\nx\n");
            let d = deck_at("notes/weekly.md", &text, 2);
            assert_eq!(d.meeting.date, None, "{title}");
            assert_eq!(d.title, format!("Weekly {title}"));
            // The next source that has a real date is used instead.
            let d = deck_at("notes/2023-03-02.md", &text, 2);
            assert_eq!(iso(&d).as_deref(), Some("2023-03-02"), "{title}");
            let front = format!("---\ndate: {title}\n---\n{text}");
            assert_eq!(deck_at("notes/x.md", &front, 2).meeting.date, None);
        }
        let d = deck_at("notes/weekly.md", "# Weekly 2024-02-29\n\n## A\n", 2);
        assert_eq!(iso(&d).as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn front_matter_overrides() {
        let d = deck("---\ntitle: Release review\ndate: 2024-06-01\ntime: 10:00-11:00\nlang: en\n---\n## 时间\n\n2024/05/02 19:00 ~ 19:30\n");
        assert_eq!(d.title, "Release review");
        assert_eq!(iso(&d).as_deref(), Some("2024-06-01"));
        assert_eq!(d.meeting.time_range().as_deref(), Some("10:00–11:00"));
        assert_eq!(d.lang, "en");
    }

    #[test]
    fn cjk_soft_breaks_join_without_space_latin_keeps_it() {
        let d = deck("## A\n\n第一行\n第二行\nword\nnext\n");
        let html_text: Vec<String> = d.stacks[0].slides[0]
            .body
            .iter()
            .map(|e| format!("{e:?}"))
            .collect();
        let softbreaks = d.stacks[0].slides[0]
            .body
            .iter()
            .filter(|e| matches!(e, Event::SoftBreak))
            .count();
        assert_eq!(softbreaks, 2, "only CJK|CJK breaks dropped: {html_text:?}");
    }

    #[test]
    fn cjk_soft_breaks_join_through_inline_formatting() {
        let breaks = |md: &str| {
            let d = deck(md);
            d.stacks[0].slides[0]
                .body
                .iter()
                .filter(|e| matches!(e, Event::SoftBreak))
                .count()
        };
        // Bold, emphasis, links, strikethrough and code at either side of the break.
        assert_eq!(breaks("## A\n\n第一行**重点**\n第二行\n"), 0);
        assert_eq!(breaks("## A\n\n第一行\n*强调*第二行\n"), 0);
        assert_eq!(breaks("## A\n\n见[链接](https://x.org)\n第二行\n"), 0);
        assert_eq!(breaks("## A\n\n~~删除~~\n**_重点_**\n"), 0);
        assert_eq!(breaks("## A\n\n运行`命令`\n继续\n"), 0);
        // Latin on either side keeps its space, formatted or not.
        assert_eq!(breaks("## A\n\nsee **this**\nnext\n"), 1);
        assert_eq!(breaks("## A\n\n中文**bold**\n中文\n"), 1);
        // An image or raw HTML beside the break is not text: the break stays.
        assert_eq!(breaks("## A\n\n中文![图](a.png)\n中文\n"), 1);
    }

    #[test]
    fn configured_language_applies_unless_the_note_says_otherwise() {
        let note = Note::from_text(Path::new("n.md"), "## A\n\n中文内容\n".to_string()).unwrap();
        let options = SplitOptions {
            lang: Some("ja".to_string()),
            ..SplitOptions::default()
        };
        assert_eq!(split(&note, &options).lang, "ja");
        assert_eq!(split(&note, &SplitOptions::default()).lang, "zh-CN");
        let text = "---\nlang: en\n---\n## A\n\n中文内容\n".to_string();
        let note = Note::from_text(Path::new("n.md"), text).unwrap();
        assert_eq!(split(&note, &options).lang, "en");
    }

    #[test]
    fn speaker_notes_leave_the_slide() {
        let d =
            deck("## A\n\nvisible\n\n<!--\nnotes:\n- say this\n-->\n\n<!-- note: and this -->\n");
        let slide = &d.stacks[0].slides[0];
        assert_eq!(slide.notes, vec!["- say this", "and this"]);
        assert!(!format!("{:?}", slide.body).contains("say this"));
    }

    #[test]
    fn images_collected_with_lines() {
        let d = deck("## A\n\n![x](a%20b.png)\n\n<img src=\"../images/q.jpeg\" width=\"300\">\n\ntext <img src='c.png'> inline\n");
        let got: Vec<(&str, usize)> = d.images.iter().map(|i| (i.src.as_str(), i.line)).collect();
        assert_eq!(
            got,
            vec![("a%20b.png", 3), ("../images/q.jpeg", 5), ("c.png", 7)]
        );
    }

    #[test]
    fn join_block_outside_a_join_heading_is_found() {
        let d = deck("## Agenda\n\n```\nTopic: SIG\nhttps://zoom.us/j/123456789\nMeeting ID: 123 456 789\n```\n");
        assert_eq!(
            d.meeting.join.clone().unwrap().service.as_deref(),
            Some("Zoom")
        );
        assert_eq!(
            shape(&d),
            vec![vec!["Agenda"]],
            "not under a join heading: kept"
        );
    }

    #[test]
    fn empty_and_odd_notes_do_not_panic() {
        for text in [
            "",
            "#",
            "## \n",
            "###### deep\n",
            "---\n",
            "<!--",
            "<!-- -->",
            "# A\n# B\n",
        ] {
            let d = deck(text);
            assert!(d.slide_count() >= 1);
        }
    }

    #[test]
    fn detects_languages() {
        assert_eq!(detect_lang("这是我们的会议记录"), "zh-CN");
        assert_eq!(detect_lang("這是我們的會議記錄"), "zh-TW");
        assert_eq!(detect_lang("これは会議のメモです"), "ja");
        assert_eq!(detect_lang("Meeting notes with one 字"), "en");
    }
}
