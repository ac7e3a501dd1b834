//! The old meeting date rewritten as the new one, wherever and however it is written.

use crate::meeting::date::{find_written, Date};

/// `text` with every written `old` date replaced by `new` in the same format; `None` when
/// `old` does not appear. With `only_first`, just the first occurrence.
pub(super) fn replace_date(text: &str, old: Date, new: Date, only_first: bool) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut replaced = false;
    for written in find_written(text) {
        if written.date != old || (only_first && replaced) {
            continue;
        }
        out.push_str(&text[copied..written.start]);
        out.push_str(&written.format.write(new));
        copied = written.end;
        replaced = true;
    }
    replaced.then(|| {
        out.push_str(&text[copied..]);
        out
    })
}

pub(super) fn replace_all(text: &str, old: Date, new: Date) -> String {
    replace_date(text, old, new, false).unwrap_or_else(|| text.to_string())
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
    fn only_first_and_absent() {
        let (old, new) = (date("2023-08-24"), date("2023-09-07"));
        assert_eq!(
            replace_date("2023-08-24 2023/08/24", old, new, true).as_deref(),
            Some("2023-09-07 2023/08/24")
        );
        assert_eq!(replace_date("2023-08-25", old, new, true), None);
    }
}
