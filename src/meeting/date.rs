//! What a date is: one calendar date type, and the one parser of dates written in text.
//!
//! [`Date`] is always a day of the (proleptic Gregorian) calendar with a four-digit year: no
//! constructor yields `2023-02-30`. Dates written in notes (`2023/02/23`, `2023-04- 13`,
//! `2023年1月12日`, `2023 Jun 01`) are read by one scanner, which also remembers how each was
//! written so that `meetdeck new` can write the next date the same way.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar date (proleptic Gregorian), year `0000` to `9999`.
///
/// Ordered chronologically; shown (`Display`) and serialized as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: i64,
    month: u32,
    day: u32,
}

/// The years a [`Date`] can have: those written with four digits.
const YEARS: std::ops::RangeInclusive<i64> = 0..=9999;

/// [`Date::days`] of `0000-01-01` and of `9999-12-31`.
const DAYS: std::ops::RangeInclusive<i64> = -719_528..=2_932_896;

/// The years [`find_date`] takes as a meeting's date (others are version numbers, IDs...).
const MEETING_YEARS: std::ops::RangeInclusive<i64> = 1900..=2999;

impl Date {
    /// The date `year-month-day`; `None` when there is no such day (`2023-02-30`,
    /// `2023-13-01`) or the year is not one of four digits.
    pub fn new(year: i64, month: u32, day: u32) -> Option<Date> {
        let valid = YEARS.contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Exactly `YYYY-MM-DD` (as [`Date::iso`] writes it), when it is a calendar date.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        let shape = bytes.len() == 10
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
        if !shape {
            return None;
        }
        Date::new(
            text[..4].parse().ok()?,
            text[5..7].parse().ok()?,
            text[8..].parse().ok()?,
        )
    }

    /// The year, `0..=9999`.
    pub fn year(self) -> i64 {
        self.year
    }

    /// The month, `1..=12`.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The day of the month, from 1.
    pub fn day(self) -> u32 {
        self.day
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        self.to_string()
    }

    /// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (`civil_from_days`); `None` outside the years
    /// `0000..=9999`.
    pub fn from_days(days: i64) -> Option<Date> {
        if !DAYS.contains(&days) {
            return None;
        }
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date::new(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
    }

    /// The date `n` days later (earlier when negative); `None` past the year range.
    pub fn add_days(self, n: i64) -> Option<Date> {
        Date::from_days(self.days().checked_add(n)?)
    }

    /// The same day `n` months later, or the month's last day when it is shorter
    /// (`2024-01-31` + 1 month is `2024-02-29`); `None` past the year range.
    pub fn add_months(self, n: u32) -> Option<Date> {
        let months = i64::from(self.month) - 1 + i64::from(n);
        let year = self.year.checked_add(months.div_euclid(12))?;
        let month = u32::try_from(months.rem_euclid(12) + 1).ok()?;
        if !YEARS.contains(&year) {
            return None;
        }
        Date::new(year, month, self.day.min(days_in_month(year, month)))
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse_iso(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a calendar date (YYYY-MM-DD)"))
        })
    }
}

/// How many days `month` (`1..=12`) of `year` has.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

/// The first meeting date in `text`: `2023/02/23`, `2023-04- 13`, `2023.1.5`,
/// `2023年1月12日` (a year of 1900 to 2999, then month and day with `-`, `/`, `.`, `年`, `月`
/// between them). A written date that is not on the calendar (`2023-02-30`) is skipped.
pub fn find_date(text: &str) -> Option<Date> {
    scan(text, false)
        .map(|written| written.date)
        .find(|date| MEETING_YEARS.contains(&date.year))
}

/// A deck title from a file name: `2023-04- 13.md` → `2023-04-13`; other names are kept
/// as they are (trimmed).
pub fn title_from_file_name(stem: &str) -> String {
    if let Some(date) = find_date(stem) {
        let date = date.iso();
        let rest = stem.trim();
        // The whole name is the date (possibly with stray spaces): show it cleanly.
        let squeezed: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.len() <= 10 || squeezed.replace(['/', '.'], "-") == date {
            return date;
        }
    }
    stem.trim().to_string()
}

/// English month names, lower-case; the first three letters are the short name.
const MONTH_NAMES: [&str; 12] = [
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

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Every calendar date written in `text`, in order, numeric or with a month name.
pub(crate) fn find_written(text: &str) -> Vec<Written> {
    scan(text, true).collect()
}

/// The dates written in `text`, in order: each starts with a four-digit year (not preceded by
/// a digit); with `month_names`, `2023 Jun 01` and `2023, June 1` count too.
fn scan(text: &str, month_names: bool) -> impl Iterator<Item = Written> + '_ {
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
fn written_at(text: &str, start: usize, month_names: bool) -> Option<Written> {
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

/// `-MM-DD`, `/M/D`, `年M月D日` (spaces around separators allowed and dropped).
fn numeric_after_year(text: &str, year: i64) -> Option<(usize, Date, Format)> {
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
    let date = Date::new(year, numbers[0].0, numbers[1].0)?;
    // Zero-padded or not, as written: a leading zero says padded, a single digit says not;
    // `2023/10/24` does not say, and is taken as padded (but `2023年10月24日` as not).
    let leading_zero = numbers.iter().any(|&(n, two)| two && n < 10);
    let single = numbers.iter().any(|&(_, two)| !two);
    let pad = leading_zero || (!single && !matches!(seps[0], '年' | '月'));
    Some((
        pos,
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
fn month_name_after_year(text: &str, year: i64) -> Option<(usize, Date, Format)> {
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

fn spaces(text: &str) -> usize {
    text.bytes().take_while(|&b| b == b' ').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).expect("a calendar date")
    }

    fn found(text: &str) -> Option<String> {
        find_date(text).map(Date::iso)
    }

    #[test]
    fn only_calendar_dates() {
        assert_eq!(
            Date::new(2024, 2, 29).map(Date::iso).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Date::new(2023, 2, 29), None);
        assert_eq!(Date::new(2023, 2, 30), None);
        assert_eq!(Date::new(2023, 13, 1), None);
        assert_eq!(Date::new(2023, 0, 1), None);
        assert_eq!(Date::new(2023, 4, 31), None);
        assert_eq!(Date::new(10_000, 1, 1), None);
        assert_eq!(Date::new(2000, 2, 29).map(Date::day), Some(29));
        assert_eq!(Date::new(1900, 2, 29), None);
        assert_eq!(Date::parse_iso("2023-02-29"), None);
        assert_eq!(Date::parse_iso("2023-1-05"), None, "exactly YYYY-MM-DD");
        assert_eq!(Date::parse_iso("+023-01-05"), None);
        assert_eq!(Date::parse_iso("2023-01-05 "), None);
    }

    #[test]
    fn find_date_never_yields_an_impossible_day() {
        for text in [
            "2023-02-30",
            "# Weekly 2023-02-30",
            "2023-13-01",
            "2023-02-29",
            "2023年2月30日",
            "2023/04/31",
            "0000-99-99",
        ] {
            assert_eq!(found(text), None, "{text}");
        }
        assert_eq!(found("2024-02-29").as_deref(), Some("2024-02-29"));
        // An impossible date is skipped, not the end of the search.
        assert_eq!(
            found("2023-02-30, moved to 2023-03-02").as_deref(),
            Some("2023-03-02")
        );
    }

    #[test]
    fn date_shapes() {
        assert_eq!(found("2023/02/23 19:00").as_deref(), Some("2023-02-23"));
        assert_eq!(found("2023-04- 13").as_deref(), Some("2023-04-13"));
        assert_eq!(found("2023年1月5日").as_deref(), Some("2023-01-05"));
        assert_eq!(found("2023.1.5").as_deref(), Some("2023-01-05"));
        assert_eq!(found("v2.5.0"), None);
        assert_eq!(found("12023-01-01"), None);
        assert_eq!(
            found("1850-01-01 then 2023-01-02").as_deref(),
            Some("2023-01-02")
        );
        assert_eq!(found("2023-01-123"), None);
        // Month names are for rewriting dates, not for finding the meeting's.
        assert_eq!(found("2023 Aug 24"), None);
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_file_name("2023-04- 13"), "2023-04-13");
        assert_eq!(title_from_file_name("2023-01-12"), "2023-01-12");
        assert_eq!(title_from_file_name("team sync"), "team sync");
        assert_eq!(title_from_file_name("2023-02-30"), "2023-02-30");
    }

    #[test]
    fn arithmetic() {
        assert_eq!(date("1970-01-01").days(), 0);
        for s in ["2023-08-24", "2024-02-29", "2000-03-01", "1999-12-31"] {
            assert_eq!(Date::from_days(date(s).days()), Some(date(s)));
        }
        assert_eq!(date("0000-01-01").days(), *DAYS.start());
        assert_eq!(date("9999-12-31").days(), *DAYS.end());
        assert_eq!(Date::from_days(*DAYS.end() + 1), None);
        assert_eq!(Date::from_days(i64::MAX), None);
        assert_eq!(date("2023-12-28").add_days(7), Some(date("2024-01-04")));
        assert_eq!(date("9999-12-31").add_days(1), None);
        assert_eq!(date("2024-01-31").add_months(1), Some(date("2024-02-29")));
        assert_eq!(date("2023-12-15").add_months(1), Some(date("2024-01-15")));
        assert_eq!(date("2023-01-31").add_months(13), Some(date("2024-02-29")));
        assert_eq!(date("9999-12-01").add_months(1), None);
        assert!(date("2023-12-31") < date("2024-01-01"));
    }

    #[test]
    fn serde_as_iso_string() {
        let json = serde_json::to_string(&date("2024-03-07")).expect("serializes");
        assert_eq!(json, "\"2024-03-07\"");
        let back: Date = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, date("2024-03-07"));
        assert!(serde_json::from_str::<Date>("\"2023-02-30\"").is_err());
        assert_eq!(date("2024-03-07").to_string(), "2024-03-07");
    }

    #[test]
    fn written_dates_and_their_formats() {
        let text = "2023/08/24, 2023年8月24日, 2023 Aug 24, 2023-02-30, 2023, June 1";
        let got: Vec<String> = find_written(text)
            .iter()
            .map(|w| {
                format!(
                    "{}={}",
                    &text[w.start..w.end],
                    w.format.write(date("2024-01-05"))
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "2023/08/24=2024/01/05",
                "2023年8月24日=2024年1月5日",
                "2023 Aug 24=2024 Jan 05",
                "2023, June 1=2024, January 5",
            ]
        );
    }
}
