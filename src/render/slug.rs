//! Heading ids as GitHub makes them (github-slugger), so that a note's `[x](#slug)` links,
//! written against GitHub's rendering, work in the deck.

use std::collections::HashMap;

/// Gives the headings of one document their ids, in document order: a repeated slug gets
/// `-1`, `-2`...
#[derive(Debug, Default)]
pub(super) struct Slugger {
    /// For each slug given: how many times its base was repeated.
    occurrences: HashMap<String, usize>,
    /// Gives no id (an empty slug): speaker notes' headings, which GitHub never shows.
    off: bool,
}

impl Slugger {
    /// A slugger that gives no heading an id.
    pub(super) fn off() -> Slugger {
        Slugger {
            off: true,
            ..Slugger::default()
        }
    }

    /// The id of the next heading, whose plain text is `text` (empty when ids are off).
    pub(super) fn slug(&mut self, text: &str) -> String {
        if self.off {
            return String::new();
        }
        let base = slug_of(text);
        let mut result = base.clone();
        while self.occurrences.contains_key(&result) {
            let count = self.occurrences.entry(base.clone()).or_insert(0);
            *count += 1;
            result = format!("{base}-{count}");
        }
        self.occurrences.insert(result.clone(), 0);
        result
    }
}

/// GitHub's slug of a heading's text: lower case, every character dropped but letters,
/// numbers, combining marks, `-`, `_` and spaces, each space a `-`. (github-slugger removes
/// Unicode punctuation and symbols; `char::is_alphanumeric` and the combining mark blocks
/// keep the same characters in practice: CJK ideographs and kana are letters, `，` `：`
/// and emoji are not.)
fn slug_of(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() || is_combining_mark(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Combining marks (Unicode `M`) of the common blocks: they belong to the letter before.
fn is_combining_mark(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F       // Combining diacritical marks
        | 0x0483..=0x0489     // Cyrillic
        | 0x0591..=0x05C7     // Hebrew points
        | 0x0610..=0x061A | 0x064B..=0x065F | 0x0670 // Arabic
        | 0x0900..=0x0903 | 0x093A..=0x094F // Devanagari signs
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E // Thai
        | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0x3099..=0x309A     // Kana voicing marks
        | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn githubs_own_examples() {
        // From github-slugger's test fixtures.
        let cases = [
            ("Hello World", "hello-world"),
            ("Hello, World!", "hello-world"),
            ("foo bar", "foo-bar"),
            ("foo  bar", "foo--bar"),
            ("Foo-Bar", "foo-bar"),
            ("snake_case", "snake_case"),
            ("  Trimmed  ", "trimmed"),
            ("Привет non-latin 你好", "привет-non-latin-你好"),
            ("😄 emoji", "-emoji"),
            ("Café crème", "café-crème"),
            ("a.b/c?d", "abcd"),
            ("`code` and *emphasis*", "code-and-emphasis"),
            ("Logistics", "logistics"),
            ("1. Introduction", "1-introduction"),
            ("会议纪要：下一步", "会议纪要下一步"),
            ("議題（案）", "議題案"),
            ("C++ & Rust", "c--rust"),
        ];
        for (text, slug) in cases {
            assert_eq!(Slugger::default().slug(text), slug, "{text}");
        }
    }

    #[test]
    fn repeats_are_numbered() {
        let mut slugger = Slugger::default();
        let slugs: Vec<String> = ["Notes", "Notes", "notes", "Notes-1", "Other"]
            .iter()
            .map(|t| slugger.slug(t))
            .collect();
        assert_eq!(slugs, ["notes", "notes-1", "notes-2", "notes-1-1", "other"]);
    }
}
