//! Dates as written in a text, with their format, so that `meetdeck new` can write the
//! next date the same way.

use super::*;

/// English month names, lower-case; the first three letters are the short name.
pub(super) const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// One date as written in a text: where (byte offsets), which date, and in which format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Written {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) date: Date,
    pub(crate) format: Format,
}

/// How a date was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Format {
    /// `2023/08/24`, `2023-8-24`, `2023年8月24日`, `2023.08.24`: separators and whether month
    /// and day were zero-padded.
    Numeric {
        sep1: char,
        sep2: char,
        suffix: Option<char>,
        pad: bool,
    },
    /// `2023 Jun 01`: the month name as written (its length and case kept).
    YearMonthName {
        month: String,
        pad_day: bool,
        comma: bool,
    },
}

impl Format {
    /// `date` written in this format.
    pub(crate) fn write(&self, date: Date) -> String {
        match self {
            Format::Numeric {
                sep1,
                sep2,
                suffix,
                pad,
            } => {
                let (month, day) = if *pad {
                    (format!("{:02}", date.month), format!("{:02}", date.day))
                } else {
                    (date.month.to_string(), date.day.to_string())
                };
                let suffix = suffix.map(String::from).unwrap_or_default();
                format!("{:04}{sep1}{month}{sep2}{day}{suffix}", date.year)
            }
            Format::YearMonthName {
                month,
                pad_day,
                comma,
            } => {
                let full = MONTH_NAMES[(date.month - 1) as usize];
                // Same length (`Jun` vs `June`) and case as written.
                let mut name: String = if month.chars().count() <= 3 {
                    full.chars().take(3).collect()
                } else {
                    full.to_string()
                };
                if month.chars().all(|c| c.is_uppercase()) && month.len() > 1 {
                    name = name.to_uppercase();
                } else if month.chars().next().is_some_and(char::is_uppercase) {
                    name = capitalize(&name);
                }
                let day = if *pad_day {
                    format!("{:02}", date.day)
                } else {
                    date.day.to_string()
                };
                let comma = if *comma { "," } else { "" };
                format!("{:04}{comma} {name} {day}", date.year)
            }
        }
    }
}

pub(super) fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The calendar dates written with an English month name (`April 29th`, `October 07`,
/// `Tuesday August 22, 2017`), read in `year` when written without one: where each is
/// written (byte offsets) and its date, in order.
pub(crate) fn find_named_in(text: &str, year: i64) -> Vec<(std::ops::Range<usize>, Date)> {
    named_dates(text)
        .into_iter()
        .filter_map(|n| {
            Some((
                n.start..n.end,
                Date::new(n.year.unwrap_or(year), n.month, n.day)?,
            ))
        })
        .collect()
}

/// `date` written as `written` writes its date with a month name: the month's name as long
/// and in the case written, the day padded and with an ordinal as written (`April 29th` →
/// `May 27th`, `October 07` → `October 21`), the year when one is written.
pub(crate) fn write_named_like(written: &str, date: Date) -> String {
    let mut out = String::with_capacity(written.len() + 4);
    let mut rest = written;
    let mut day_done = false;
    while let Some(c) = rest.chars().next() {
        let run = |pred: fn(&char) -> bool| {
            rest.chars()
                .take_while(pred)
                .map(char::len_utf8)
                .sum::<usize>()
        };
        if c.is_ascii_alphabetic() {
            let len = run(char::is_ascii_alphabetic);
            let word = &rest[..len];
            match month_of_word(word) {
                Some(_) => {
                    let full = MONTH_NAMES[(date.month - 1) as usize];
                    let mut name: String = if len <= 3 {
                        full.chars().take(3).collect()
                    } else {
                        full.to_string()
                    };
                    if word.len() > 1 && word.chars().all(|c| c.is_ascii_uppercase()) {
                        name = name.to_uppercase();
                    } else if c.is_ascii_uppercase() {
                        name = capitalize(&name);
                    }
                    out.push_str(&name);
                }
                None => out.push_str(word),
            }
            rest = &rest[len..];
        } else if c.is_ascii_digit() {
            let len = run(char::is_ascii_digit);
            let digits = &rest[..len];
            rest = &rest[len..];
            if len == 4 {
                out.push_str(&format!("{:04}", date.year));
            } else if !day_done && len <= 2 {
                day_done = true;
                if len == 2 && digits.starts_with('0') {
                    out.push_str(&format!("{:02}", date.day));
                } else {
                    out.push_str(&date.day.to_string());
                }
                let suffix_len = rest.chars().take_while(char::is_ascii_alphabetic).count();
                let suffix = &rest[..suffix_len];
                if ["st", "nd", "rd", "th"].contains(&suffix.to_ascii_lowercase().as_str()) {
                    let ordinal = ordinal_suffix(date.day);
                    if suffix.chars().all(|c| c.is_ascii_uppercase()) {
                        out.push_str(&ordinal.to_uppercase());
                    } else {
                        out.push_str(ordinal);
                    }
                    rest = &rest[suffix_len..];
                }
            } else {
                out.push_str(digits);
            }
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// `st`, `nd`, `rd` or `th`.
fn ordinal_suffix(day: u32) -> &'static str {
    match (day % 100, day % 10) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    }
}

/// Every calendar date written in `text`, in order, numeric or with a month name.
pub(crate) fn find_written(text: &str) -> Vec<Written> {
    scan(text, true).collect()
}

/// The dates written in `text`, in order: each starts with a four-digit year (not preceded by
/// a digit); with `month_names`, `2023 Jun 01` and `2023, June 1` count too.
pub(super) fn scan(text: &str, month_names: bool) -> impl Iterator<Item = Written> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        while i + 4 <= bytes.len() {
            let start = i;
            let starts_number =
                bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit());
            if starts_number {
                if let Some(written) = written_at(text, start, month_names) {
                    i = written.end;
                    return Some(written);
                }
            }
            i += 1;
        }
        None
    })
}

/// A date starting at byte `start` (a digit after a non-digit).
pub(super) fn written_at(text: &str, start: usize, month_names: bool) -> Option<Written> {
    let rest = &text[start..];
    let year_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if year_len != 4 {
        return None;
    }
    let year: i64 = rest[..4].parse().ok()?;
    let after_year = &rest[4..];
    numeric_after_year(after_year, year)
        .or_else(|| {
            month_names
                .then(|| month_name_after_year(after_year, year))
                .flatten()
        })
        .map(|(len, date, format)| Written {
            start,
            end: start + 4 + len,
            date,
            format,
        })
}

/// The month and day after a year, as written: their numbers (and whether each had two
/// digits), the separators, the `日` suffix and the length written.
pub(super) struct NumericParts {
    pub(super) len: usize,
    pub(super) numbers: [(u32, bool); 2],
    pub(super) seps: [char; 2],
    pub(super) suffix: Option<char>,
}

/// `-MM-DD`, `/M/D`, `年M月D日` (spaces around separators allowed and dropped), or ` MM DD`
/// (single spaces, two digits each: `2024 08 30`), whether or not it is a calendar day.
pub(super) fn numeric_parts(text: &str) -> Option<NumericParts> {
    if let Some(parts) = spaced_parts(text) {
        return Some(parts);
    }
    let mut pos = 0;
    let mut seps = ['-'; 2];
    let mut numbers = [(0u32, false); 2];
    for k in 0..2 {
        pos += spaces(&text[pos..]);
        let sep = text[pos..].chars().next()?;
        if !matches!(sep, '-' | '/' | '.' | '年' | '月') {
            return None;
        }
        seps[k] = sep;
        pos += sep.len_utf8();
        pos += spaces(&text[pos..]);
        let digits = text[pos..].bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=2).contains(&digits) {
            return None;
        }
        numbers[k] = (text[pos..pos + digits].parse().ok()?, digits == 2);
        pos += digits;
    }
    let suffix = text[pos..].starts_with('日').then_some('日');
    if suffix.is_some() {
        pos += '日'.len_utf8();
    }
    if text[pos..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(NumericParts {
        len: pos,
        numbers,
        seps,
        suffix,
    })
}

/// ` 08 30`: two two-digit numbers after single spaces, nothing numeric after.
pub(super) fn spaced_parts(text: &str) -> Option<NumericParts> {
    let b = text.as_bytes();
    let shape = b.len() >= 6
        && b[0] == b' '
        && b[1].is_ascii_digit()
        && b[2].is_ascii_digit()
        && b[3] == b' '
        && b[4].is_ascii_digit()
        && b[5].is_ascii_digit()
        && !b.get(6).is_some_and(|c| c.is_ascii_digit() || *c == b':');
    if !shape {
        return None;
    }
    Some(NumericParts {
        len: 6,
        numbers: [
            (text[1..3].parse().ok()?, true),
            (text[4..6].parse().ok()?, true),
        ],
        seps: [' ', ' '],
        suffix: None,
    })
}

/// `-MM-DD`, `/M/D`, `年M月D日`, ` MM DD` when it is a calendar day.
pub(super) fn numeric_after_year(text: &str, year: i64) -> Option<(usize, Date, Format)> {
    let NumericParts {
        len,
        numbers,
        seps,
        suffix,
    } = numeric_parts(text)?;
    let date = Date::new(year, numbers[0].0, numbers[1].0)?;
    // Zero-padded or not, as written: a leading zero says padded, a single digit says not;
    // `2023/10/24` does not say, and is taken as padded (but `2023年10月24日` as not).
    let leading_zero = numbers.iter().any(|&(n, two)| two && n < 10);
    let single = numbers.iter().any(|&(_, two)| !two);
    let pad = leading_zero || (!single && !matches!(seps[0], '年' | '月'));
    Some((
        len,
        date,
        Format::Numeric {
            sep1: seps[0],
            sep2: seps[1],
            suffix,
            pad,
        },
    ))
}

/// ` Jun 01`, `, June 1`.
pub(super) fn month_name_after_year(text: &str, year: i64) -> Option<(usize, Date, Format)> {
    let comma = text.starts_with(',');
    let mut pos = usize::from(comma);
    let space = spaces(&text[pos..]);
    if space == 0 {
        return None;
    }
    pos += space;
    let word_len = text[pos..]
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let word = &text[pos..pos + word_len];
    let lower = word.to_ascii_lowercase();
    let month = MONTH_NAMES
        .iter()
        .position(|m| word_len >= 3 && (lower == *m || (word_len == 3 && m.starts_with(&lower))))?;
    pos += word_len;
    let space = spaces(&text[pos..]);
    if space == 0 {
        return None;
    }
    pos += space;
    let digits = text[pos..].bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&digits) {
        return None;
    }
    let day: u32 = text[pos..pos + digits].parse().ok()?;
    let date = Date::new(year, u32::try_from(month + 1).ok()?, day)?;
    Some((
        pos + digits,
        date,
        Format::YearMonthName {
            month: word.to_string(),
            pad_day: digits == 2,
            comma,
        },
    ))
}

pub(super) fn spaces(text: &str) -> usize {
    text.bytes().take_while(|&b| b == b' ').count()
}
