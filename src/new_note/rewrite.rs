//! The old meeting date rewritten as the new one, wherever and however it is written.

use crate::meeting::date::{find_named_in, find_written, write_named_like, Date};

/// `text` with every written `old` date replaced by `new` in the same format (numeric, or
/// with a month name: `April 29th`, `October 07`, read in `old`'s year when written without
/// one); `None` when `old` does not appear. With `only_first`, just the first occurrence.
pub(super) fn replace_date(text: &str, old: Date, new: Date, only_first: bool) -> Option<String> {
    // Each place `old` is written, and what to write there instead.
    let mut places: Vec<(usize, usize, String)> = find_written(text)
        .into_iter()
        .filter(|w| w.date == old)
        .map(|w| (w.start, w.end, w.format.write(new)))
        .collect();
    for (range, date) in find_named_in(text, old.year()) {
        let overlaps = places
            .iter()
            .any(|(s, e, _)| range.start < *e && *s < range.end);
        if date == old && !overlaps {
            places.push((
                range.start,
                range.end,
                write_named_like(&text[range.clone()], new),
            ));
        }
    }
    places.sort_by_key(|p| p.0);
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut replaced = false;
    for (start, end, with) in places {
        if only_first && replaced || start < copied {
            continue;
        }
        out.push_str(&text[copied..start]);
        out.push_str(&with);
        copied = end;
        replaced = true;
    }
    replaced.then(|| {
        out.push_str(&text[copied..]);
        out
    })
}

/// The next note's file name from the latest's, its date written the same way: a full date
/// (`2024-05-02.md`, `周会 2023年8月24日.md`), a month and day under a year folder
/// (`CG-10-07.md` → `CG-10-21.md`, `sg-3-22.md` → `sg-4-5.md`), or a quarter
/// (`2024-Q1-meeting-agenda.md` → `2024-Q2-meeting-agenda.md`); `None` when it writes none.
pub(super) fn next_file_name(name: &str, old: Date, new: Date) -> Option<String> {
    if let Some(renamed) = replace_date(name, old, new, true) {
        return Some(renamed);
    }
    if let Some((_, quarter, range)) = quarter_of(name) {
        let written = &name[range.clone()];
        let new_quarter = (new.month() - 1) / 3 + 1;
        let year_text = format!("{:04}", new.year());
        let rest = written[4..].replacen(&quarter.to_string(), &new_quarter.to_string(), 1);
        return Some(format!(
            "{}{year_text}{rest}{}",
            &name[..range.start],
            &name[range.end..]
        ));
    }
    month_day_renamed(name, old, new)
}

/// `name` with the month and day it writes as two short numbers (`CG-10-07`, `sg-3-22`)
/// moved from `old` to `new`, each padded as written.
fn month_day_renamed(name: &str, old: Date, new: Date) -> Option<String> {
    let bytes = name.as_bytes();
    // Runs of digits: (start, end).
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            runs.push((start, i));
        } else {
            i += 1;
        }
    }
    let number = |(a, b): (usize, usize)| name[a..b].parse::<u32>().ok();
    let pair = runs.windows(2).find(|w| {
        let (m, d) = (w[0], w[1]);
        m.1 - m.0 <= 2
            && d.1 - d.0 <= 2
            && name[m.1..d.0].chars().all(|c| !c.is_alphanumeric())
            && number(m) == Some(old.month())
            && number(d) == Some(old.day())
    })?;
    let (m, d) = (pair[0], pair[1]);
    // Zero-padded unless a number was written with one digit (`sg-3-22`).
    let padded = m.1 - m.0 == 2 && d.1 - d.0 == 2;
    let write = |_: (usize, usize), value: u32| {
        if padded {
            format!("{value:02}")
        } else {
            value.to_string()
        }
    };
    Some(format!(
        "{}{}{}{}{}",
        &name[..m.0],
        write(m, new.month()),
        &name[m.1..d.0],
        write(d, new.day()),
        &name[d.1..]
    ))
}

/// The year and quarter a name writes (`2024-Q1-meeting-agenda` → 2024, 1) and where.
pub(super) fn quarter_of(name: &str) -> Option<(i64, u32, std::ops::Range<usize>)> {
    let bytes = name.as_bytes();
    for start in 0..bytes.len().saturating_sub(5) {
        if start > 0 && bytes[start - 1].is_ascii_digit() {
            continue;
        }
        let year = name.get(start..start + 4)?;
        if !year.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        let mut at = start + 4;
        if matches!(bytes.get(at), Some(b'-' | b'_' | b' ')) {
            at += 1;
        }
        if !matches!(bytes.get(at), Some(b'Q' | b'q')) {
            continue;
        }
        let quarter = bytes.get(at + 1).and_then(|b| (*b as char).to_digit(10));
        let ends = !bytes.get(at + 2).is_some_and(u8::is_ascii_digit);
        if let (Some(q @ 1..=4), true) = (quarter, ends) {
            return Some((year.parse().ok()?, q, start..at + 2));
        }
    }
    None
}

/// `text` with every written `old` date replaced by `new` (see [`replace_date`]), and its
/// quarter too when the meeting moves to the next (`2024-Q1 会议议程` → `2024-Q2 会议议程`).
pub(super) fn replace_all(text: &str, old: Date, new: Date) -> String {
    let text = replace_date(text, old, new, false).unwrap_or_else(|| text.to_string());
    let quarter = |d: Date| (d.year(), (d.month() - 1) / 3 + 1);
    if quarter(old) == quarter(new) {
        return text;
    }
    let (old_year, old_q) = quarter(old);
    let (new_year, new_q) = quarter(new);
    let mut out = text;
    for sep in ["-", "_", " ", ""] {
        for q in ["Q", "q"] {
            out = out.replace(
                &format!("{old_year:04}{sep}{q}{old_q}"),
                &format!("{new_year:04}{sep}{q}{new_q}"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn dates_replaced_in_their_own_format() {
        let (old, new) = (date("2023-08-24"), date("2023-09-07"));
        let r = |s: &str| replace_all(s, old, new);
        assert_eq!(r("2023/08/24 19:00~19:30"), "2023/09/07 19:00~19:30");
        assert_eq!(r("2023-08- 24.md"), "2023-09-07.md");
        assert_eq!(r("2023年8月24日"), "2023年9月7日");
        assert_eq!(r("2023 Aug 24, 19:00"), "2023 Sep 07, 19:00");
        assert_eq!(r("2023, August 24"), "2023, September 07");
        // Other dates (a recurrence's range) stay.
        assert_eq!(
            r("重复周期：2023/06/15-2024/05/02, 会议 2023/08/24"),
            "重复周期：2023/06/15-2024/05/02, 会议 2023/09/07"
        );
        assert_eq!(r("v2023.8.24x"), "v2023.9.7x");
        assert_eq!(r("12023-08-24"), "12023-08-24");
    }

    #[test]
    fn dates_with_month_names_keep_their_form() {
        let r = |s: &str, old: &str, new: &str| replace_all(s, date(old), date(new));
        assert_eq!(
            r(
                "## April 29th 4pm CEST, 11am ET",
                "2024-04-29",
                "2024-05-27"
            ),
            "## May 27th 4pm CEST, 11am ET"
        );
        assert_eq!(
            r(
                "Agenda for the October 07 video call",
                "2025-10-07",
                "2025-10-21"
            ),
            "Agenda for the October 21 video call"
        );
        assert_eq!(
            r(
                "- **When**: March 22nd, 16:00-17:00 UTC",
                "2021-03-22",
                "2021-04-01"
            ),
            "- **When**: April 1st, 16:00-17:00 UTC"
        );
        assert_eq!(
            r(
                "- **Dates**: Tuesday August 22, 2017",
                "2017-08-22",
                "2017-09-05"
            ),
            "- **Dates**: Tuesday September 5, 2017"
        );
        assert_eq!(
            r(
                "### November 28 @ 15:00 UTC, next: Dec 19",
                "2022-11-28",
                "2022-12-19"
            ),
            "### December 19 @ 15:00 UTC, next: Dec 19"
        );
        // Another day, or the same day of another year, stays.
        assert_eq!(
            r("April 30th; April 29, 2023", "2024-04-29", "2024-05-27"),
            "April 30th; April 29, 2023"
        );
    }

    #[test]
    fn file_names_keep_their_own_form() {
        let name = |n: &str, old: &str, new: &str| next_file_name(n, date(old), date(new));
        assert_eq!(
            name("2024-05-02.md", "2024-05-02", "2024-05-16").as_deref(),
            Some("2024-05-16.md")
        );
        assert_eq!(
            name("CG-10-07.md", "2025-10-07", "2025-10-21").as_deref(),
            Some("CG-10-21.md")
        );
        assert_eq!(
            name("sg-3-22.md", "2021-03-22", "2021-04-05").as_deref(),
            Some("sg-4-5.md")
        );
        assert_eq!(
            name("2025-12-11-meeting-minutes.md", "2025-12-11", "2025-12-18").as_deref(),
            Some("2025-12-18-meeting-minutes.md")
        );
        assert_eq!(
            name("2024-Q1-meeting-agenda.md", "2024-01-31", "2024-04-30").as_deref(),
            Some("2024-Q2-meeting-agenda.md")
        );
        assert_eq!(
            name("2024-Q4-meeting-agenda.md", "2024-10-31", "2025-01-31").as_deref(),
            Some("2025-Q1-meeting-agenda.md")
        );
        assert_eq!(name("kickoff.md", "2024-03-01", "2024-03-08"), None);
        assert_eq!(
            replace_all(
                "# 工作组 2024-Q1 会议议程",
                date("2024-01-31"),
                date("2024-04-30")
            ),
            "# 工作组 2024-Q2 会议议程"
        );
        assert_eq!(
            replace_all("# Sync 2024-Q1", date("2024-01-04"), date("2024-01-11")),
            "# Sync 2024-Q1"
        );
    }

    #[test]
    fn only_first_and_absent() {
        let (old, new) = (date("2023-08-24"), date("2023-09-07"));
        assert_eq!(
            replace_date("2023-08-24 2023/08/24", old, new, true).as_deref(),
            Some("2023-09-07 2023/08/24")
        );
        assert_eq!(replace_date("2023-08-25", old, new, true), None);
    }
}
