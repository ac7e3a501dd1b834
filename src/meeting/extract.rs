//! The meeting's metadata in a split note: the sections that hold it (`## 时间`,
//! `## 加入会议`, `## Time`...) leave the slides for the title slide; then front matter, a
//! pasted invitation, the title, the file name and the editor's header fill what is missing.

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::{Context, Meeting};
use crate::error::Warning;
use crate::note::Note;
use crate::slides::{plain_text, Heading, Split, Stack};

/// What the title slide says of a note: its title, the call's topic and the meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// The note's title: front matter, else its `#` heading, else made from the file name.
    pub title: String,
    /// The call's topic when it differs from the title (e.g. the file name gave the title).
    pub subtitle: Option<String>,
    /// Date, time, join info.
    pub meeting: Meeting,
    /// Where `title` writes the meeting's date (byte offsets), when it does.
    pub title_date: Option<std::ops::Range<usize>>,
    /// Whether that date in the title writes its year (`2024-04-29`, not `October 19th` in a
    /// note whose year comes from its folder): only then is the date not shown again.
    pub title_date_has_year: bool,
    /// What was found but not shown: dates that are not on the calendar, with their line.
    pub warnings: Vec<Warning>,
    /// Metadata written under a label or heading that was not understood, with its line
    /// (`time not understood: …`): what `meetdeck check` reports.
    pub unread: Vec<Warning>,
    /// Whether the note is its meeting's agenda or its minutes, when it says.
    pub kind: Option<super::NoteKind>,
}

/// Reads the meeting of `note` from its `split` slides, taking the metadata sections out of
/// them.
pub fn extract(note: &Note, split: &mut Split) -> Extracted {
    let context = Context {
        year: super::year_of_path(&note.path),
    };
    // Labelled lines first (they are trusted more than `## 时间`-style sections).
    let found = super::labelled::take_labelled_lines(&mut split.stacks, &context);
    let mut meeting = found.meeting;
    let mut date_texts = found.date_texts;
    let mut unread = found.unread;
    take_meeting_sections(
        &mut split.stacks,
        &mut meeting,
        &context,
        &mut date_texts,
        &mut unread,
    );
    fill_meeting(
        note,
        split.title.as_ref(),
        &split.stacks,
        &mut meeting,
        &context,
    );
    if let Some(title) = &split.title {
        date_texts.push(title.text.clone());
    }
    let mut warnings = date_warnings(note, &date_texts);
    warnings.extend(web_join_link_only(note, &mut meeting));
    let unread = unread
        .into_iter()
        .map(|(what, value)| {
            let first = value.lines().next().unwrap_or_default().trim();
            let line = note
                .text
                .lines()
                .position(|l| !first.is_empty() && l.contains(first))
                .map(|i| i + 1);
            let shown: String = first.chars().take(80).collect();
            Warning::new(&note.path, line, format!("{what} not understood: {shown}"))
        })
        .collect();
    let title = note
        .front_matter
        .title
        .clone()
        .or_else(|| split.title.as_ref().map(|h| h.text.clone()))
        .or_else(|| super::labelled::meeting_heading(&split.stacks))
        .or_else(|| found.topic.clone())
        .unwrap_or_else(|| title_from_path(note, &meeting));
    if meeting.date.is_none() {
        meeting.date = super::find_date_in(&title, context.year);
    }
    // The section whose heading became the title, left with nothing once its metadata went
    // to the title slide, would only repeat the title.
    split.stacks.retain(|stack| {
        let top = &stack.slides[0];
        let repeats_title = top.heading.as_ref().is_some_and(|h| h.text == title);
        let empty = top
            .body
            .iter()
            .all(|e| matches!(e, Event::Html(h) if h.trim().is_empty()));
        !(repeats_title && empty && top.notes.is_empty() && stack.slides.len() == 1)
    });
    // Where the title shows the meeting's date (not shown again beneath it, never wrapped).
    let title_date = super::find_date_span(&title, context.year)
        .filter(|(_, date)| Some(*date) == meeting.date)
        .map(|(span, _)| span);
    let title_date_has_year = title_date.as_ref().is_some_and(|span| {
        let year = meeting.date.map(|d| d.year().to_string());
        year.is_some_and(|y| title.get(span.clone()).is_some_and(|t| t.contains(&y)))
    });
    let subtitle = found
        .topic
        .or_else(|| meeting.join.as_ref().and_then(|j| j.topic.clone()))
        .filter(|topic| !title.contains(topic.as_str()));
    Extracted {
        kind: super::note_kind(&note.path, &title),
        title,
        subtitle,
        meeting,
        title_date,
        title_date_has_year,
        warnings,
        unread,
    }
}

/// The title a note's path gives: its file name made readable, with the series its folders
/// name before a bare date (`io.js/2014-10-29.md` → `io.js meeting 2014-10-29`) unless an
/// invitation names the call (its topic is then the subtitle under the date).
fn title_from_path(note: &Note, meeting: &Meeting) -> String {
    let title = super::title_from_path(&note.path);
    let bare_date = super::Date::parse_iso(&title).is_some();
    let invited = meeting.join.as_ref().is_some_and(|j| j.topic.is_some());
    match super::series_of_path(&note.path) {
        Some(series) if bare_date && !invited => format!("{series} {title}"),
        _ => title,
    }
}

/// How the warning of a join link that is not a web address starts (`check` tells it by it).
pub const JOIN_LINK_NOT_SHOWN: &str = "join link not shown";

/// Takes a join link that is not a web address (`javascript:`, `file:`, `data:`... which only
/// the front matter can set: links found in the text are `http(s)`) out of `meeting`: it
/// would become a clickable link and a QR code. The warning names the front matter's line.
fn web_join_link_only(note: &Note, meeting: &mut Meeting) -> Option<Warning> {
    let join = meeting.join.as_mut()?;
    let link = join.link.take_if(|link| !super::is_web_link(link))?;
    if join == &super::JoinInfo::default() {
        meeting.join = None;
    }
    let front = &note.front_matter;
    let line = front.line_of("link").or_else(|| front.line_of("join"));
    let shown = crate::error::shown_text(&link);
    Some(Warning::new(
        &note.path,
        line,
        format!(
            "{JOIN_LINK_NOT_SHOWN} (only http:// and https:// links become a link and a QR \
             code): {shown}"
        ),
    ))
}

/// A warning for each date written in the note's metadata (front matter, labelled lines,
/// time sections, title) that is not a calendar date, naming its line.
fn date_warnings(note: &Note, texts: &[String]) -> Vec<Warning> {
    let mut warnings: Vec<Warning> = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let front = note.front_matter.date.iter().map(|d| (d, true));
    for (text, in_front) in front.chain(texts.iter().map(|t| (t, false))) {
        for written in super::impossible_dates(text) {
            if seen.contains(&written) {
                continue;
            }
            let line = if in_front {
                note.front_matter.line_of("date")
            } else {
                note.text
                    .lines()
                    .position(|l| l.contains(written.as_str()))
                    .map(|i| i + 1)
            };
            warnings.push(Warning::new(
                &note.path,
                line,
                format!("`{written}` is not a calendar date; the title slide does not show it"),
            ));
            seen.push(written);
        }
    }
    warnings
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
fn take_meeting_sections(
    stacks: &mut Vec<Stack>,
    meeting: &mut Meeting,
    context: &Context,
    date_texts: &mut Vec<String>,
    unread: &mut Vec<(&'static str, String)>,
) {
    stacks.retain(|stack| {
        let top = &stack.slides[0];
        let Some(kind) = top.heading.as_ref().and_then(|h| meta_section(&h.text)) else {
            return true;
        };
        if stack.slides.len() > 1 {
            return true;
        }
        let text = plain_text(&top.body);
        let when = super::parse_when_in(&text, context);
        date_texts.push(text.clone());
        let read = when.date.is_some() || when.start.is_some();
        meeting.merge_missing(when);
        let joined = match kind {
            MetaSection::Join => match super::parse_join_info(&text) {
                Some(join) => {
                    super::labelled::merge_join(&mut meeting.join, join);
                    true
                }
                None => false,
            },
            MetaSection::Time => false,
        };
        // A section that gave nothing stays a slide (its text is not lost), and is reported.
        if read || joined || text.trim().is_empty() {
            return false;
        }
        let what = match kind {
            MetaSection::Time => "time",
            MetaSection::Join => "join info",
        };
        unread.push((what, text.clone()));
        true
    });
}

/// Fills the rest of the meeting from the front matter, code blocks, title, file name and
/// editor header, in that order of trust.
fn fill_meeting(
    note: &Note,
    title: Option<&Heading>,
    stacks: &[Stack],
    meeting: &mut Meeting,
    context: &Context,
) {
    let front = &note.front_matter;
    if let Some(date) = front.date.as_deref().and_then(super::find_date) {
        meeting.date = Some(date);
    }
    if let Some((start, end)) = front.time.as_deref().and_then(super::find_time_range) {
        meeting.start = Some(start);
        meeting.end = end;
    }
    if let Some((end, _)) = front.end.as_deref().and_then(super::find_time_range) {
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
                        if let Some(join) = super::parse_join_info(&code) {
                            if join.link.is_some() && join.meeting_id.is_some() {
                                meeting.merge_missing(super::parse_when_in(&code, context));
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
            .and_then(|h| super::find_date_in(&h.text, context.year))
            .or_else(|| super::date_from_path(&note.path))
            .or_else(|| note.header.get("Date").and_then(|d| super::find_date(d)));
    }
    if meeting.start.is_none() {
        // A heading that dates the meeting may time it too: `## April 29th 4pm CEST`,
        // `### November 28 @ 15:00 UTC` under the title.
        let headings = title.into_iter().chain(
            stacks
                .iter()
                .take(HEADINGS_THAT_MAY_DATE)
                .flat_map(|s| &s.slides)
                .filter_map(|slide| slide.heading.as_ref()),
        );
        for heading in headings {
            let dated = super::find_date_in(&heading.text, context.year);
            if dated.is_none() || (meeting.date.is_some() && dated != meeting.date) {
                continue;
            }
            if let Some((start, end)) = super::find_time_range(&heading.text) {
                meeting.start = Some(start);
                meeting.end = end;
                meeting.timezone = meeting
                    .timezone
                    .take()
                    .or_else(|| super::time::find_timezone(&heading.text));
                break;
            }
        }
    }
}

/// How many of the first sections' headings may date and time the meeting.
const HEADINGS_THAT_MAY_DATE: usize = 3;
