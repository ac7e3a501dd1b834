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
}

impl Cadence {
    /// The date one cadence after `date`; `None` past the year 9999.
    pub fn after(self, date: Date) -> Option<Date> {
        match self {
            Cadence::Days(n) => date.add_days(i64::from(n)),
            Cadence::Months(n) => date.add_months(n),
        }
    }
}

/// Reads a cadence from a recurrence text: `每两周 (周四)`, `每周`, `双周`, `每月`,
/// `every 2 weeks`, `every other week`, `biweekly`, `weekly`, `monthly`, `daily`.
pub fn parse_cadence(text: &str) -> Option<Cadence> {
    let lower = text.to_lowercase();
    if lower.contains("双周") || lower.contains("隔周") {
        return Some(Cadence::Days(14));
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
    }
}
