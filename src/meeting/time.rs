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

/// `H:MM` or `HH:MM` (or with a full-width colon) at `start`, as `HH:MM`, and where it ends.
fn time_at(chars: &[char], start: usize) -> Option<(String, usize)> {
    if start > 0 && (chars[start - 1].is_ascii_digit() || chars[start - 1] == ':') {
        return None;
    }
    let (hour, i) = number_at(chars, start, 1, 2)?;
    if !matches!(chars.get(i), Some(':' | '：')) {
        return None;
    }
    let (minute, j) = number_at(chars, i + 1, 2, 2)?;
    (hour < 24 && minute < 60).then(|| (format!("{hour:02}:{minute:02}"), j))
}

/// The first `HH:MM` in `text` and, when a range follows (`-`, `~`, `–`, `至`, `to`), its end.
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

/// The first `GMT…` or `UTC…` zone in `text`, as written (`GMT+08:00`).
pub(super) fn find_timezone(text: &str) -> Option<String> {
    for marker in ["GMT", "UTC"] {
        if let Some(start) = text.find(marker) {
            let tz: String = text[start..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | ':'))
                .collect();
            return Some(tz);
        }
    }
    None
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
    }
}
