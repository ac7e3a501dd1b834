//! Times of day, time ranges and time zones as invitations write them.

/// The digits at `start` as a number, when there are `min..=max` of them.
fn number_at(chars: &[char], start: usize, min: usize, max: usize) -> Option<(u32, usize)> {
    let digits: String = chars[start.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    if digits.len() < min || digits.len() > max {
        return None;
    }
    Some((digits.parse().ok()?, start + digits.len()))
}

/// `am`/`pm` (any case, with or without dots, after an optional space) at `i`: whether it
/// is `pm`, and where it ends.
fn meridiem_at(chars: &[char], i: usize) -> Option<(bool, usize)> {
    let mut j = i;
    if chars.get(j) == Some(&' ') {
        j += 1;
    }
    let first = chars.get(j)?.to_ascii_lowercase();
    if first != 'a' && first != 'p' {
        return None;
    }
    let mut k = j + 1;
    if chars.get(k) == Some(&'.') {
        k += 1;
    }
    if !chars.get(k)?.eq_ignore_ascii_case(&'m') {
        return None;
    }
    k += 1;
    if chars.get(k) == Some(&'.') {
        k += 1;
    }
    if chars.get(k).is_some_and(|c| c.is_alphanumeric()) {
        return None;
    }
    Some((first == 'p', k))
}

/// A time of day at `start`: `19:00`, `19：00` (full-width colon), `9:00am`, `4pm`,
/// `7:00 PM`, as `HH:MM`, and where it ends.
fn time_at(chars: &[char], start: usize) -> Option<(String, usize)> {
    if start > 0 && (chars[start - 1].is_ascii_digit() || matches!(chars[start - 1], ':' | '：')) {
        return None;
    }
    let (mut hour, i) = number_at(chars, start, 1, 2)?;
    let (minute, j) = if matches!(chars.get(i), Some(':' | '：')) {
        number_at(chars, i + 1, 2, 2)?
    } else {
        (0, i)
    };
    let meridiem = meridiem_at(chars, j);
    if j == i && meridiem.is_none() {
        return None;
    }
    let end = match meridiem {
        Some((pm, end)) => {
            if !(1..=12).contains(&hour) {
                return None;
            }
            hour = hour % 12 + if pm { 12 } else { 0 };
            end
        }
        None => j,
    };
    (hour < 24 && minute < 60).then(|| (format!("{hour:02}:{minute:02}"), end))
}

/// The first time of day in `text` (`19:00`, `4pm`, `9:00am`, `7:00 PM`) and, when a range
/// follows (`-`, `~`, `–`, `至`, `to`), its end.
pub fn find_time_range(text: &str) -> Option<(String, Option<String>)> {
    let chars: Vec<char> = text.chars().collect();
    for start in 0..chars.len() {
        let Some((from, mut i)) = time_at(&chars, start) else {
            continue;
        };
        // Skip seconds (`10:44:12` is a timestamp, not a meeting time).
        if chars.get(i) == Some(&':') {
            return None;
        }
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
        let mut to = None;
        if let Some(sep) = chars.get(i) {
            let mut j = i;
            if matches!(sep, '-' | '~' | '–' | '—' | '至' | '到' | '～') {
                j += 1;
            } else if chars[i..].starts_with(&['t', 'o']) {
                j += 2;
            }
            if j > i {
                while chars.get(j) == Some(&' ') {
                    j += 1;
                }
                to = time_at(&chars, j).map(|(t, _)| t);
            }
        }
        return Some((from, to));
    }
    None
}

/// Time zones as notes write them after a time; `GMT` and `UTC` may carry an offset.
const TIMEZONES: &[&str] = &[
    "GMT",
    "UTC",
    "Pacific Daylight Time",
    "Pacific Standard Time",
    "Pacific Time",
    "Eastern Time",
    "Central European Time",
    "PT",
    "PDT",
    "PST",
    "ET",
    "EDT",
    "EST",
    "CET",
    "CEST",
    "BST",
    "JST",
    "KST",
    "AEST",
    "北京时间",
    "中国标准时间",
];

/// The first time zone in `text` (`GMT+08:00`, `UTC`, `PT`, `Pacific Time`), as written.
pub(super) fn find_timezone(text: &str) -> Option<String> {
    let bounded = |i: usize, len: usize| {
        let before = text[..i].chars().next_back();
        let after = text[i + len..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphabetic())
    };
    let (start, zone) = TIMEZONES
        .iter()
        .filter_map(|zone| {
            text.match_indices(zone)
                .find(|(i, _)| bounded(*i, zone.len()))
                .map(|(i, _)| (i, *zone))
        })
        // The earliest; at one place the longest (`PDT` rather than `PT`... `EST`).
        .min_by_key(|(i, zone)| (*i, std::cmp::Reverse(zone.len())))?;
    if zone == "GMT" || zone == "UTC" {
        let tz: String = text[start..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | ':'))
            .collect();
        return Some(tz.trim_end_matches(['-', ':']).to_string());
    }
    Some(zone.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_shapes() {
        let range = |s| find_time_range(s);
        assert_eq!(
            range("19:00 ~ 19:30"),
            Some(("19:00".into(), Some("19:30".into())))
        );
        assert_eq!(
            range("9:05至10:00"),
            Some(("09:05".into(), Some("10:00".into())))
        );
        assert_eq!(range("at 19:00"), Some(("19:00".into(), None)));
        assert_eq!(range("10:44:12"), None);
        let both = |a: &str, b: &str| Some((a.to_string(), Some(b.to_string())));
        assert_eq!(
            range("本次会议时间：2025/12/11 20:00-21:00 (GMT+08:00)"),
            both("20:00", "21:00")
        );
        assert_eq!(
            range("本次会议时间：2022-5-12 19：00"),
            Some(("19:00".into(), None))
        );
        assert_eq!(range("April 2nd, 4pm-5pm UTC"), both("16:00", "17:00"));
        assert_eq!(
            range("October 19th, 16:00–17:00 UTC"),
            both("16:00", "17:00")
        );
        assert_eq!(
            range("Times: 9:00am–10:00am Pacific Time"),
            both("09:00", "10:00")
        );
        assert_eq!(range("Wednesday - 9:30am - 5:00pm"), both("09:30", "17:00"));
        assert_eq!(range("Starts 7:00 PM PT"), Some(("19:00".into(), None)));
        assert_eq!(range("12am to 12:30 a.m."), both("00:00", "00:30"));
        assert_eq!(range("version 4 people"), None);
        assert_eq!(range("13pm"), None);
        assert_eq!(range("no time"), None);
    }

    #[test]
    fn timezones() {
        assert_eq!(
            find_timezone("(GMT+08:00) 中国标准时间").as_deref(),
            Some("GMT+08:00")
        );
        assert_eq!(find_timezone("19:00 UTC").as_deref(), Some("UTC"));
        assert_eq!(find_timezone("19:00"), None);
        assert_eq!(find_timezone("7:00 PM PT").as_deref(), Some("PT"));
        assert_eq!(
            find_timezone("10:00 PT / 13:00 ET / 18:00 UTC").as_deref(),
            Some("PT"),
            "the first zone written"
        );
        assert_eq!(
            find_timezone("4pm-5pm UTC (9am-10am Pacific Daylight Time)").as_deref(),
            Some("UTC")
        );
        assert_eq!(
            find_timezone("9:00am–10:00am Pacific Time").as_deref(),
            Some("Pacific Time")
        );
        assert_eq!(
            find_timezone("Meet the team at 10:00"),
            None,
            "no zone inside a word"
        );
    }
}
