//! What a date is: one calendar date type, and the one parser of dates written in text.
//!
//! [`Date`] is always a day of the (proleptic Gregorian) calendar with a four-digit year: no
//! constructor yields `2023-02-30`. Dates written in notes (`2023/02/23`, `2023-04- 13`,
//! `2023年1月12日`, `2023 Jun 01`) are read by one scanner, which also remembers how each was
//! written so that `meetdeck new` can write the next date the same way.

mod named;
mod paths;
mod written;

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use named::*;
pub use paths::*;
pub(crate) use written::*;

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
/// `2023年1月12日`, `2024 08 30` (a year of 1900 to 2999, then month and day), or with an
/// English month name: `April 13, 2023`, `13 April 2023`, `6th Feb 2024`,
/// `26 September, 2023`, `Tuesday August 22, 2017`, `October 26-27 2022` (weekday names and
/// a day range around them). A written date that is not on the calendar (`2023-02-30`) is
/// skipped.
pub fn find_date(text: &str) -> Option<Date> {
    find_date_in(text, None)
}

/// [`find_date`], and when `year` is given (the year a note's folder names), also dates
/// written without a year: `October 19th`, `April 2nd`, `November 28`.
pub fn find_date_in(text: &str, year: Option<i64>) -> Option<Date> {
    find_date_span(text, year).map(|(_, date)| date)
}

/// [`find_date_in`], with where the date is written in `text` (byte offsets).
pub fn find_date_span(text: &str, year: Option<i64>) -> Option<(std::ops::Range<usize>, Date)> {
    let numeric = scan(text, true)
        .find(|written| MEETING_YEARS.contains(&written.date.year))
        .map(|w| (w.start..w.end, w.date));
    let named = named_dates(text)
        .into_iter()
        .filter_map(|n| {
            let year = n.year.or(year).filter(|y| MEETING_YEARS.contains(y))?;
            Some((n.start..n.end, Date::new(year, n.month, n.day)?))
        })
        .next();
    match (numeric, named) {
        (Some(a), Some(b)) => Some(if a.0.start <= b.0.start { a } else { b }),
        (a, b) => a.or(b),
    }
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
        // A space-separated date needs two digits for month and day.
        assert_eq!(
            found("Council meeting 2024 08 30").as_deref(),
            Some("2024-08-30")
        );
        assert_eq!(found("in 2023 12 people came"), None);
    }

    #[test]
    fn dates_with_month_names_as_notes_write_them() {
        for (line, want) in [
            ("- **Dates**: Tuesday August 22, 2017", "2017-08-22"),
            ("会议时间：2023年4月13日 19:00", "2023-04-13"),
            ("Date: 2023/4/13", "2023-04-13"),
            ("Meeting on April 13, 2023 at 10am", "2023-04-13"),
            ("Thursday 13 April 2023", "2023-04-13"),
            ("## Sync, 6th Feb 2024", "2024-02-06"),
            ("Date: 26 September, 2023 (Tuesday)", "2023-09-26"),
            (
                "- **Dates**: Wednesday-Thursday, October 26-27 2022",
                "2022-10-26",
            ),
            ("# *July 26th 2021*", "2021-07-26"),
            ("## November 30th 2020", "2020-11-30"),
            ("Date & time: Tuesday, Oct 25th 2022", "2022-10-25"),
            ("The dates are 14-15th April 2026.", "2026-04-14"),
            ("2023 Jun 01", "2023-06-01"),
        ] {
            assert_eq!(found(line).as_deref(), Some(want), "{line}");
        }
        // Not dates: no year without a context, lower-case words, times after a month.
        assert_eq!(found("October 19th, 16:00-17:00 UTC"), None);
        assert_eq!(found("you may 3 times"), None);
        assert_eq!(found("February 30, 2023"), None);
    }

    #[test]
    fn dates_without_a_year_take_the_folder_year() {
        let in_2020 = |s| find_date_in(s, Some(2020)).map(Date::iso);
        assert_eq!(
            in_2020("**When**: October 19th, 16:00-17:00 UTC").as_deref(),
            Some("2020-10-19")
        );
        assert_eq!(
            in_2020("April 2nd, 4pm-5pm UTC").as_deref(),
            Some("2020-04-02")
        );
        assert_eq!(
            in_2020("### November 28 @ 15:00 UTC").as_deref(),
            Some("2020-11-28")
        );
        // A written year wins over the folder's.
        assert_eq!(in_2020("April 13, 2023").as_deref(), Some("2023-04-13"));
        assert_eq!(in_2020("no date"), None);
    }

    #[test]
    fn dates_from_paths() {
        let of = |p: &str| date_from_path(std::path::Path::new(p)).map(Date::iso);
        assert_eq!(of("main/2017/CG-08-22.md").as_deref(), Some("2017-08-22"));
        assert_eq!(of("stack/2021/sg-3-22.md").as_deref(), Some("2021-03-22"));
        assert_eq!(
            of("main/2020/CG-04-02-Subtyping.md").as_deref(),
            Some("2020-04-02")
        );
        assert_eq!(
            of("tvm/2023/2023-03-07-meeting-minutes.md").as_deref(),
            Some("2023-03-07")
        );
        assert_eq!(of("main/2022/CG-10.md"), None, "a month is not a day");
        assert_eq!(of("pposdwg/2024-Q1-meeting-agenda.md"), None, "a quarter");
        assert_eq!(of("notes/team-sync.md"), None);
        assert_eq!(of("2023/CG-02-30.md"), None, "not on the calendar");
        let year = |p: &str| year_of_path(std::path::Path::new(p));
        assert_eq!(year("pposdwg/2024-Q1-meeting-agenda.md"), Some(2024));
        assert_eq!(year("stack/2020/SG-10-19.md"), Some(2020));
        assert_eq!(year("notes/x.md"), None);
    }

    #[test]
    fn readable_titles_from_paths() {
        let title = |p: &str| title_from_path(std::path::Path::new(p));
        assert_eq!(title("main/2017/CG-08-22.md"), "CG 2017-08-22");
        assert_eq!(
            title("main/2020/CG-04-02-Subtyping.md"),
            "CG 2020-04-02 Subtyping"
        );
        assert_eq!(title("stack/2021/sg-3-22.md"), "sg 2021-03-22");
        assert_eq!(title("main/2022/CG-10.md"), "CG-10");
        assert_eq!(title("notes/2023-04- 13.md"), "2023-04-13");
    }

    #[test]
    fn impossible_dates_are_reported_as_written() {
        assert_eq!(
            impossible_dates("会议时间：2023/02/30 19:00"),
            ["2023/02/30"]
        );
        assert_eq!(
            impossible_dates("Date: February 30, 2023"),
            ["February 30, 2023"]
        );
        assert!(impossible_dates("2024-02-29, v2.5.0, 2023 12 people").is_empty());
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
