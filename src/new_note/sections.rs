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
    let mut headed = 0;
    for section in sections(latest.body()) {
        let Some(heading) = section.heading else {
            // Text before the first heading: kept when it is fixed text; else its labelled
            // metadata lines are.
            if !section.body.trim().is_empty() && is_fixed(&section, &previous_sections) {
                out.push_str(&replace_all(section.body.trim_start(), old, new));
            } else {
                let meta = meta_lines(&section.body);
                if !meta.is_empty() {
                    out.push_str(&replace_all(&meta, old, new));
                    out.push('\n');
                }
            }
            continue;
        };
        headed += 1;
        // The title counts the meetings: the next is one more.
        let heading = match super::ordinal::next_count(heading) {
            Some(next) if headed == 1 => next,
            _ => heading.to_string(),
        };
        let heading = heading.as_str();
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
        } else if headed <= META_SECTIONS || crate::meeting::is_overview_heading(&key) {
            // Where notes write the meeting's metadata: its labelled lines stay.
            let meta = meta_lines(&section.body);
            if !meta.is_empty() {
                out.push('\n');
                out.push_str(&replace_all(&meta, old, new));
            }
        }
    }
    out
}

/// How many of a note's first sections may hold labelled metadata lines under its title (as
/// `meeting` reads them).
const META_SECTIONS: usize = 2;

/// The labelled metadata lines of a section's text (`- 本次会议时间：…`, `- **When**: …`),
/// each with the lines nested under it (`  - 腾讯会议：…`), one a line.
fn meta_lines(body: &str) -> String {
    let mut out = String::new();
    let mut under: Option<usize> = None;
    for line in body.lines() {
        let indent = line.len() - line.trim_start().len();
        if line.trim().is_empty() {
            under = None;
            continue;
        }
        if under.is_some_and(|k| indent > k) {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        under = None;
        if crate::meeting::is_meta_line(line.trim_start()) {
            out.push_str(line);
            out.push('\n');
            under = Some(indent);
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
