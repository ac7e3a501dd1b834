//! Dates written with a month name (`April 13, 2023`, `13 April 2023`, `6th Feb 2024`).

use super::*;

/// A date written with a month name: where, and its parts (the day may not exist).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Named {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) year: Option<i64>,
    pub(super) month: u32,
    pub(super) day: u32,
}

/// The month a word names (`Feb`, `february`, `Sept`), 1-based.
pub(super) fn month_of_word(word: &str) -> Option<u32> {
    let lower = word.to_ascii_lowercase();
    if lower.len() < 3 {
        return None;
    }
    let index = MONTH_NAMES
        .iter()
        .position(|m| *m == lower || (lower.len() == 3 && m.starts_with(&lower)))
        .or_else(|| (lower == "sept").then_some(8))?;
    u32::try_from(index + 1).ok()
}

/// A day number at the start of `text` (`22`, `2nd`, `26-27`, `14-15th`): the (first) day and
/// the length written.
pub(super) fn day_at(text: &str) -> Option<(u32, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let day: u32 = text[..digits].parse().ok()?;
    let mut pos = digits;
    pos += ordinal_len(&text[pos..]);
    // A range of days: the first is the meeting's.
    if let Some(rest) = text[pos..].strip_prefix(['-', '–']) {
        let more = rest.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&more) {
            pos += 1 + more;
            pos += ordinal_len(&text[pos..]);
        }
    }
    let after = text[pos..].chars().next();
    if after.is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    Some((day, pos))
}

/// `st`, `nd`, `rd`, `th` at the start of `text`: its length, or 0.
pub(super) fn ordinal_len(text: &str) -> usize {
    let lower = text.get(..2).map(str::to_ascii_lowercase);
    match lower.as_deref() {
        Some("st" | "nd" | "rd" | "th") => 2,
        _ => 0,
    }
}

/// A four-digit year at the start of `text` (after a comma and spaces), not followed by a
/// digit or `:` (`16:00` is a time): the year and the length written.
pub(super) fn year_at(text: &str) -> Option<(i64, usize)> {
    let mut pos = usize::from(text.starts_with(','));
    pos += spaces(&text[pos..]);
    let digits = text[pos..].bytes().take_while(u8::is_ascii_digit).count();
    if digits != 4 || text[pos + 4..].starts_with(':') {
        return None;
    }
    Some((text[pos..pos + 4].parse().ok()?, pos + 4))
}

/// The dates written with a capitalized English month name, in order: `April 13, 2023`,
/// `13 April 2023`, `6th Feb 2024`, `October 19th` (no year).
pub(super) fn named_dates(text: &str) -> Vec<Named> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let word_start =
            bytes[i].is_ascii_uppercase() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if !word_start {
            i += 1;
            continue;
        }
        let len = bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let word = &text[i..i + len];
        let Some(month) = month_of_word(word) else {
            i += len;
            continue;
        };
        let mut after = i + len;
        if text[after..].starts_with('.') {
            after += 1;
        }
        // Month first: `April 13, 2023`, `October 26-27 2022`, `October 19th`.
        let gap = spaces(&text[after..]);
        if gap > 0 {
            if let Some((day, day_len)) = day_at(&text[after + gap..]) {
                let end = after + gap + day_len;
                let (year, end) = match year_at(&text[end..]) {
                    Some((year, n)) => (Some(year), end + n),
                    None => (None, end),
                };
                out.push(Named {
                    start: i,
                    end,
                    year,
                    month,
                    day,
                });
                i = end;
                continue;
            }
        }
        // Day first: `13 April 2023`, `6th Feb 2024`, `26 September, 2023`.
        let before = text[..i].trim_end_matches(' ');
        let before = before
            .strip_suffix(" of")
            .unwrap_or(before)
            .trim_end_matches(' ');
        let day_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '-')
            .last()
            .map(|(k, _)| k);
        if let Some(start) = day_start {
            if let Some((day, n)) = day_at(&before[start..]) {
                if start + n == before.len() && i > before.len() {
                    let (year, end) = match year_at(&text[after..]) {
                        Some((year, n)) if text[after..].starts_with([' ', ',']) => {
                            (Some(year), after + n)
                        }
                        _ => (None, after),
                    };
                    out.push(Named {
                        start,
                        end,
                        year,
                        month,
                        day,
                    });
                    i = end;
                    continue;
                }
            }
        }
        i = after;
    }
    out
}
