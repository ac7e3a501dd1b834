//! How far apart a series' meetings are: read from an invitation's recurrence line, and
//! applied to a date.

use crate::meeting::Date;

/// How far apart the meetings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    /// Every `n` days (a week is 7).
    Days(u32),
    /// Every `n` months, on the same day of the month (or the month's last day).
    Months(u32),
    /// Every month on the same weekday: the `nth` of the month (1 to 4), or its last
    /// (`nth` 0): `the last Monday`, `the second Tuesday`.
    MonthWeekday {
        /// 1 to 4, or 0 for the month's last such weekday.
        nth: u8,
    },
}

impl Cadence {
    /// The date one cadence after `date`; `None` past the year 9999.
    pub fn after(self, date: Date) -> Option<Date> {
        match self {
            Cadence::Days(n) => date.add_days(i64::from(n)),
            Cadence::Months(n) => date.add_months(n),
            Cadence::MonthWeekday { nth } => {
                let first = Date::new(date.year(), date.month(), 1)?.add_months(1)?;
                let shift = (weekday(date) - weekday(first)).rem_euclid(7);
                let first_same = first.add_days(shift)?;
                if nth == 0 {
                    // The last: the fourth, or the fifth when the month has one.
                    let fifth = first_same.add_days(28)?;
                    if fifth.month() == first.month() {
                        Some(fifth)
                    } else {
                        first_same.add_days(21)
                    }
                } else {
                    first_same.add_days(7 * i64::from(nth.min(4) - 1))
                }
            }
        }
    }

    /// `self`, unless it is a monthly cadence and the gap that gave it (`days`) is not about
    /// a month (a four-week gap kept as four weeks).
    pub(super) fn min_days(self, days: u32) -> Cadence {
        if days < 28 || days > 31 && !matches!(self, Cadence::MonthWeekday { .. }) {
            Cadence::Days(days)
        } else {
            self
        }
    }

    /// The monthly cadence of meetings held on the weekday of `dates` (all the same): the
    /// last such weekday of the month when each was, else the same `nth` when each was; else
    /// the same day of the month.
    pub fn monthly_like(dates: &[Date]) -> Cadence {
        let Some(&latest) = dates.last() else {
            return Cadence::Months(1);
        };
        if dates.iter().any(|d| weekday(*d) != weekday(latest)) {
            return Cadence::Months(1);
        }
        let is_last = |d: &Date| d.add_days(7).is_some_and(|n| n.month() != d.month());
        let nth = |d: &Date| ((d.day() - 1) / 7 + 1) as u8;
        if dates.iter().all(is_last) {
            Cadence::MonthWeekday { nth: 0 }
        } else if nth(&latest) <= 4 && dates.iter().all(|d| nth(d) == nth(&latest)) {
            Cadence::MonthWeekday { nth: nth(&latest) }
        } else {
            Cadence::Months(1)
        }
    }
}

/// Monday 0 to Sunday 6.
fn weekday(date: Date) -> i64 {
    // 1970-01-01 was a Thursday.
    (date.days() + 3).rem_euclid(7)
}

/// Reads a cadence from a recurrence text: `每两周 (周四)`, `每周`, `双周`, `每月`,
/// `every 2 weeks`, `every other week`, `biweekly`, `weekly`, `monthly`, `daily`.
pub fn parse_cadence(text: &str) -> Option<Cadence> {
    let lower = text.to_lowercase();
    if lower.contains("双周") || lower.contains("隔周") {
        return Some(Cadence::Days(14));
    }
    // A series named by its cadence: `周会`, `月会`, `季度会`.
    for (name, cadence) in [
        ("周会", Cadence::Days(7)),
        ("周例会", Cadence::Days(7)),
        ("月会", Cadence::Months(1)),
        ("月度会议", Cadence::Months(1)),
        ("季度会", Cadence::Months(3)),
        ("quarterly", Cadence::Months(3)),
    ] {
        if lower.contains(name) {
            return Some(cadence);
        }
    }
    // 每 [N] 周 / 星期 / 月 / 天
    let chars: Vec<char> = lower.chars().collect();
    for (i, _) in chars.iter().enumerate().filter(|(_, &c)| c == '每') {
        let mut j = i + 1;
        let mut n = 0u32;
        while let Some(d) = chars.get(j).and_then(|&c| chinese_digit(c)) {
            n = n.saturating_mul(10).saturating_add(d);
            j += 1;
        }
        let n = n.max(1);
        if chars.get(j) == Some(&'个') {
            j += 1;
        }
        let rest: String = chars[j.min(chars.len())..].iter().take(2).collect();
        if rest.starts_with('周') || rest.starts_with("星期") || rest.starts_with("礼拜") {
            return Some(Cadence::Days(n.saturating_mul(7)));
        }
        if rest.starts_with('月') {
            return Some(Cadence::Months(n));
        }
        if rest.starts_with('天') || rest.starts_with('日') {
            return Some(Cadence::Days(n));
        }
    }
    for (needle, cadence) in [
        ("biweekly", Cadence::Days(14)),
        ("bi-weekly", Cadence::Days(14)),
        ("fortnight", Cadence::Days(14)),
        ("every other week", Cadence::Days(14)),
        ("every other month", Cadence::Months(2)),
    ] {
        if lower.contains(needle) {
            return Some(cadence);
        }
    }
    // every [N] day(s) / week(s) / month(s)
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        if *word != "every" {
            continue;
        }
        let (n, unit) = match words.get(i + 1).and_then(|w| english_number(w)) {
            Some(n) => (n, words.get(i + 2)),
            None => (1, words.get(i + 1)),
        };
        match unit.map(|u| u.trim_end_matches('s')) {
            Some("week") => return Some(Cadence::Days(n.saturating_mul(7))),
            Some("month") => return Some(Cadence::Months(n)),
            Some("day") => return Some(Cadence::Days(n)),
            _ => {}
        }
    }
    if lower.contains("weekly") {
        return Some(Cadence::Days(7));
    }
    if lower.contains("monthly") {
        return Some(Cadence::Months(1));
    }
    if lower.contains("daily") {
        return Some(Cadence::Days(1));
    }
    None
}

fn chinese_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        _ => None,
    }
}

fn english_number(word: &str) -> Option<u32> {
    match word {
        "one" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        _ => word.parse().ok().filter(|&n| n > 0 && n < 1000),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn cadence_after() {
        let after = |cadence: Cadence, s| cadence.after(date(s)).map(Date::iso);
        assert_eq!(
            after(Cadence::Days(14), "2023-08-24").as_deref(),
            Some("2023-09-07")
        );
        assert_eq!(
            after(Cadence::Days(7), "2023-12-28").as_deref(),
            Some("2024-01-04")
        );
        assert_eq!(
            after(Cadence::Months(1), "2024-01-31").as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            after(Cadence::Months(1), "2023-12-15").as_deref(),
            Some("2024-01-15")
        );
        assert_eq!(after(Cadence::Days(7), "9999-12-30"), None);
    }

    #[test]
    fn cadences() {
        let days = |n| Some(Cadence::Days(n));
        assert_eq!(
            parse_cadence("2022/10/20-2023/07/27 19:00-19:30, 每两周 (周四)"),
            days(14)
        );
        assert_eq!(parse_cadence("每周 (周二)"), days(7));
        assert_eq!(parse_cadence("每3周"), days(21));
        assert_eq!(parse_cadence("双周例会"), days(14));
        assert_eq!(parse_cadence("每月"), Some(Cadence::Months(1)));
        assert_eq!(parse_cadence("Every 2 weeks on Thursday"), days(14));
        assert_eq!(parse_cadence("every other week"), days(14));
        assert_eq!(parse_cadence("Biweekly"), days(14));
        assert_eq!(parse_cadence("Weekly on Monday"), days(7));
        assert_eq!(parse_cadence("every week"), days(7));
        assert_eq!(parse_cadence("monthly"), Some(Cadence::Months(1)));
        assert_eq!(parse_cadence("now and then"), None);
        assert_eq!(parse_cadence("monthly_meetings"), Some(Cadence::Months(1)));
        assert_eq!(parse_cadence("biweekly_meetings"), days(14));
        assert_eq!(parse_cadence("社区月会"), Some(Cadence::Months(1)));
        assert_eq!(parse_cadence("Curve 社区双周会"), days(14));
    }

    #[test]
    fn monthly_on_the_same_weekday() {
        // Last Mondays of their months.
        let last_mondays = [date("2022-11-28"), date("2024-04-29")];
        let cadence = Cadence::monthly_like(&last_mondays);
        assert_eq!(cadence, Cadence::MonthWeekday { nth: 0 });
        assert_eq!(cadence.after(date("2024-04-29")), Some(date("2024-05-27")));
        assert_eq!(cadence.after(date("2024-05-27")), Some(date("2024-06-24")));
        assert_eq!(cadence.after(date("2024-12-30")), Some(date("2025-01-27")));
        // Second Tuesdays.
        let cadence = Cadence::monthly_like(&[date("2024-01-09"), date("2024-02-13")]);
        assert_eq!(cadence, Cadence::MonthWeekday { nth: 2 });
        assert_eq!(cadence.after(date("2024-02-13")), Some(date("2024-03-12")));
        // Different weekdays: the same day of the month.
        let cadence = Cadence::monthly_like(&[date("2024-01-09"), date("2024-02-14")]);
        assert_eq!(cadence, Cadence::Months(1));
    }
}
