//! The pieces of a slide's body where labelled metadata lines are written: each item of a
//! top-level list (with what is nested in it), each line of a top-level paragraph, each row
//! of a two-column table; and the body tidied once some were taken out.

use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::labelled::label_of;

/// One labelled piece of a body: the events it spans and its text.
pub(super) struct Piece {
    pub(super) range: Range<usize>,
    pub(super) text: String,
}

/// The pieces of a body's top-level blocks that may be labelled: each item of a top-level
/// list (with its nested lists), each line of a top-level paragraph, each row of a
/// two-column table. Only the labelled ones are read (and the one after a join link).
pub(super) fn pieces(body: &[Event<'_>]) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let end = block_end(body, i);
        match &body[i] {
            Event::Start(Tag::List(_)) => {
                let mut j = i + 1;
                while j < end {
                    let item_end = block_end(body, j);
                    if matches!(body[j], Event::Start(Tag::Item)) {
                        out.push(Piece {
                            range: j..item_end + 1,
                            text: text_of(&body[j + 1..item_end]),
                        });
                    }
                    j = item_end + 1;
                }
            }
            Event::Start(Tag::Paragraph) => {
                // Lines: the events between line breaks (a break goes with the line before).
                let mut start = i + 1;
                for j in i + 1..end {
                    if matches!(body[j], Event::SoftBreak | Event::HardBreak) {
                        out.push(Piece {
                            range: start..j + 1,
                            text: text_of(&body[start..j]),
                        });
                        start = j + 1;
                    }
                }
                if start < end {
                    out.push(Piece {
                        range: start..end,
                        text: text_of(&body[start..end]),
                    });
                }
            }
            Event::Start(Tag::Table(alignments)) if alignments.len() == 2 => {
                let mut j = i + 1;
                while j < end {
                    let row_end = block_end(body, j);
                    if matches!(body[j], Event::Start(Tag::TableRow)) {
                        out.push(Piece {
                            range: j..row_end + 1,
                            text: row_text(&body[j + 1..row_end]),
                        });
                    } else if matches!(body[j], Event::Start(Tag::TableHead)) {
                        // The head row is kept (a table needs one), but can be read.
                        let text = row_text(&body[j + 1..row_end]);
                        if label_of(&text).is_some() {
                            out.push(Piece {
                                range: j + 1..row_end,
                                text,
                            });
                        }
                    }
                    j = row_end + 1;
                }
            }
            _ => {}
        }
        i = end + 1;
    }
    out
}

/// The index of the event that closes the block opened at `start` (itself when it opens
/// nothing).
pub(super) fn block_end(body: &[Event<'_>], start: usize) -> usize {
    if !matches!(body[start], Event::Start(_)) {
        return start;
    }
    let mut depth = 0usize;
    for (j, event) in body.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    body.len() - 1
}

/// A row's cells as `label: value`.
fn row_text(events: &[Event<'_>]) -> String {
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::TableCell) => cells.push(std::mem::take(&mut cell)),
            Event::Start(Tag::TableCell) => cell.clear(),
            other => cell.push_str(&text_of(std::slice::from_ref(other))),
        }
    }
    let cells: Vec<&str> = cells.iter().map(|c| c.trim()).collect();
    match cells.as_slice() {
        [label, value] => format!("{}: {value}", label.trim_end_matches([':', '：'])),
        _ => cells.join(" "),
    }
}

/// The text of events: list items and nested lists on lines of their own, link targets kept
/// (join links are often written as Markdown links).
fn text_of(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) | Event::InlineHtml(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Item | Tag::List(_)) | Event::End(TagEnd::Paragraph) => {
                text.push('\n')
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                text.push(' ');
                text.push_str(dest_url);
                text.push(' ');
            }
            _ => {}
        }
    }
    text.trim().to_string()
}

/// `body` without the lists, paragraphs and tables its removals left empty.
pub(super) fn drop_empty_containers(mut body: Vec<Event<'static>>) -> Vec<Event<'static>> {
    loop {
        let empty = body.windows(2).position(|pair| {
            matches!(
                pair,
                [Event::Start(Tag::List(_)), Event::End(TagEnd::List(_))]
                    | [Event::Start(Tag::Paragraph), Event::End(TagEnd::Paragraph)]
                    | [Event::Start(Tag::TableHead), Event::End(TagEnd::TableHead)]
                    | [Event::Start(Tag::Table(_)), Event::End(TagEnd::Table)]
            )
        });
        match empty {
            Some(i) => {
                body.drain(i..i + 2);
            }
            None => break,
        }
    }
    // A table left with a head row that says nothing (or was a label row) goes too.
    let mut i = 0;
    while i < body.len() {
        if matches!(body[i], Event::Start(Tag::Table(_))) {
            let end = block_end(&body, i);
            let rows = body[i..end]
                .iter()
                .any(|e| matches!(e, Event::Start(Tag::TableRow)));
            let head = row_text(&body[i + 1..end]);
            let blank = head
                .trim_matches(|c: char| c.is_whitespace() || c == ':')
                .is_empty();
            if !rows && (blank || label_of(&head).is_some()) {
                body.drain(i..=end);
                continue;
            }
        }
        i += 1;
    }
    body
}
