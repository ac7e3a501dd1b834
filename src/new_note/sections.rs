//! The next note's text from the latest: its sections, which are carried over and which are
//! emptied to their heading.

use super::rewrite::replace_all;
use crate::meeting::Date;
use crate::note::Note;

/// A section of a note: an ATX heading line (none for text before the first heading) and the
/// lines up to the next heading.
#[derive(Debug)]
struct Section<'a> {
    heading: Option<&'a str>,
    body: String,
}

impl Section<'_> {
    /// The heading's text without `#`s, ordinals and punctuation, lower-cased.
    fn key(&self) -> Option<String> {
        let text = self.heading?.trim_start().trim_start_matches('#').trim();
        let text = text.trim_end_matches('#').trim();
        let key = text
            .trim_start_matches(|c: char| {
                c.is_ascii_digit() || "一二三四五六七八九十、.．:：)） ".contains(c)
            })
            .to_lowercase();
        Some(key.trim().to_string())
    }

    fn level(&self) -> usize {
        self.heading.map_or(0, |h| {
            h.trim_start().bytes().take_while(|&b| b == b'#').count()
        })
    }
}

fn sections(body: &str) -> Vec<Section<'_>> {
    let mut sections = vec![Section {
        heading: None,
        body: String::new(),
    }];
    let mut fence: Option<String> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(open) = &fence {
            let closing = trimmed.trim_end();
            if closing.starts_with(open.as_str()) && closing.chars().all(|c| open.starts_with(c)) {
                fence = None;
            }
        } else if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let marker = trimmed.chars().next().unwrap_or('`');
            fence = Some(trimmed.chars().take_while(|&c| c == marker).collect());
        } else if indent < 4 && is_atx_heading(trimmed) {
            sections.push(Section {
                heading: Some(line.trim_end()),
                body: String::new(),
            });
            continue;
        }
        if let Some(last) = sections.last_mut() {
            last.body.push_str(line);
        }
    }
    sections
}

fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && line[hashes..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r')
}

/// The text of the next note; see the module documentation.
pub(super) fn next_text(latest: &Note, previous: Option<&Note>, old: Date, new: Date) -> String {
    let mut out = String::new();
    // Front matter is kept (with its date moved); the editor's header comment is not.
    let preamble = &latest.text[..latest.body_start];
    let preamble = strip_comments(preamble);
    if !preamble.trim().is_empty() {
        out.push_str(&replace_all(preamble.trim_start(), old, new));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    let previous_sections = previous.map(|p| sections(p.body())).unwrap_or_default();
    for section in sections(latest.body()) {
        let Some(heading) = section.heading else {
            // Text before the first heading: kept only when it is fixed text.
            if !section.body.trim().is_empty() && is_fixed(&section, &previous_sections) {
                out.push_str(&replace_all(section.body.trim_start(), old, new));
            }
            continue;
        };
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&replace_all(heading, old, new));
        out.push('\n');
        let key = section.key().unwrap_or_default();
        let carry = crate::meeting::is_meta_heading(&key)
            || (!section.body.trim().is_empty() && is_fixed(&section, &previous_sections));
        if carry {
            let body = section.body.trim_end();
            if !body.trim().is_empty() {
                if !body.starts_with('\n') {
                    out.push('\n');
                }
                out.push_str(&replace_all(body, old, new));
                out.push('\n');
            }
        }
    }
    out
}

/// A section whose text is the same in the previous note (under the same heading, at the same
/// level): boilerplate of the series, not the meeting's content.
fn is_fixed(section: &Section<'_>, previous: &[Section<'_>]) -> bool {
    let key = section.key();
    previous.iter().any(|p| {
        p.key() == key && p.level() == section.level() && p.body.trim() == section.body.trim()
    })
}

/// `text` without `<!-- ... -->` comments.
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}
