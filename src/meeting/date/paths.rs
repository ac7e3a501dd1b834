//! Dates and titles from a note's path, and dates written that are not on the calendar.

use super::*;

/// A title made from a note's path: `CG-08-22` in `2017/` → `CG 2017-08-22`,
/// `CG-04-02-Subtyping` in `2020/` → `CG 2020-04-02 Subtyping`; a name that is a date, or
/// holds no month and day, as [`title_from_file_name`] makes it.
pub fn title_from_path(path: &std::path::Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some((span, date)) = find_date_span(&stem, None) {
        // `2023-03-07-meeting-minutes` → `Meeting minutes 2023-03-07`.
        let words = words_of(&format!("{} {}", &stem[..span.start], &stem[span.end..]));
        if find_date(&words).is_none() && words.chars().any(char::is_alphabetic) {
            return format!("{} {}", capitalized(&words), date.iso());
        }
        return title_from_file_name(&stem);
    }
    let Some(date) = date_from_path(path) else {
        return title_from_file_name(&stem);
    };
    let tokens: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let short = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
    let Some(at) = tokens.windows(2).position(|p| short(p[0]) && short(p[1])) else {
        return title_from_file_name(&stem);
    };
    let mut words: Vec<String> = tokens[..at].iter().map(|t| t.to_string()).collect();
    words.push(date.iso());
    words.extend(tokens[at + 2..].iter().map(|t| t.to_string()));
    words.join(" ")
}

/// The dates written in `text` that are not calendar dates (`2023-02-30`,
/// `February 30, 2023`), as written: never a meeting's date, worth a warning.
pub fn impossible_dates(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for start in 0..bytes.len() {
        let starts_number =
            bytes[start].is_ascii_digit() && (start == 0 || !bytes[start - 1].is_ascii_digit());
        if !starts_number || !text.is_char_boundary(start) {
            continue;
        }
        let rest = &text[start..];
        if rest.bytes().take_while(u8::is_ascii_digit).count() != 4 {
            continue;
        }
        let Ok(year) = rest[..4].parse::<i64>() else {
            continue;
        };
        if !MEETING_YEARS.contains(&year) {
            continue;
        }
        if let Some(parts) = numeric_parts(&rest[4..]) {
            let [(month, _), (day, _)] = parts.numbers;
            if Date::new(year, month, day).is_none() && month <= 12 && day <= 31 {
                out.push(rest[..4 + parts.len].to_string());
            }
        }
    }
    for named in named_dates(text) {
        let year = named.year.unwrap_or(2000);
        if Date::new(year, named.month, named.day).is_none() {
            out.push(text[named.start..named.end].to_string());
        }
    }
    out
}

/// The date a note's path names: its file name (`2023-03-07-meeting-minutes.md`), else the
/// year of its folder with the month and day of its file name (`2017/CG-08-22.md`,
/// `2021/sg-3-22.md`). `2024-Q1-…` names a quarter, not a day.
pub fn date_from_path(path: &std::path::Path) -> Option<Date> {
    let stem = path.file_stem()?.to_string_lossy();
    if let Some(date) = find_date(&stem) {
        return Some(date);
    }
    let year = year_of_path(path)?;
    let numbers: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    numbers.windows(2).find_map(|pair| {
        let short = |t: &str| (1..=2).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit());
        if !(short(pair[0]) && short(pair[1])) {
            return None;
        }
        Date::new(year, pair[0].parse().ok()?, pair[1].parse().ok()?)
    })
}

/// The year a note's path names: a folder named as a year (`2017/`), else a file name that
/// starts with one (`2024-Q1-meeting-agenda.md`).
pub fn year_of_path(path: &std::path::Path) -> Option<i64> {
    let is_year = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    let from_folder = path
        .parent()?
        .components()
        .rev()
        .filter_map(|c| c.as_os_str().to_str())
        .find(|name| is_year(name))
        .and_then(|name| name.parse().ok());
    let from_stem = || {
        let stem = path.file_stem()?.to_str()?;
        let head = stem.get(..4)?;
        let after = stem[4..].chars().next();
        (is_year(head) && !after.is_some_and(|c| c.is_ascii_digit()))
            .then(|| head.parse().ok())
            .flatten()
    };
    from_folder
        .or_else(from_stem)
        .filter(|y| MEETING_YEARS.contains(y))
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

/// Folder names that say nothing of which meeting a note is (lower-case): the series is
/// named by a folder above them, or not at all.
const GENERIC_FOLDERS: &[&str] = &[
    "meetings",
    "meeting",
    "minutes",
    "notes",
    "meeting-notes",
    "meeting_notes",
    "meeting notes",
    "agenda",
    "agendas",
    "docs",
    "doc",
    "archive",
    "会议",
    "会议纪要",
    "纪要",
    "会议记录",
    "记录",
    "home",
    "users",
    "tmp",
    "src",
    "documents",
    "desktop",
    "downloads",
];

/// How many folders above a note (year folders not counted) may name its series.
const SERIES_FOLDERS: usize = 2;

/// The meeting series a note's folders name, as a title's words: `io.js/2014-10-29.md` →
/// `io.js meeting`, `monthly_meetings/2019-08-26.md` → `Monthly meeting`,
/// `sync-meeting/2023/…` → `Sync meeting`. Year folders and generic names (`meetings/`,
/// `notes/`) are passed over; `None` when no folder near the note names a series.
pub fn series_of_path(path: &std::path::Path) -> Option<String> {
    let is_year = |s: &str| s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit());
    let folders = path
        .parent()?
        .components()
        .rev()
        .filter_map(|c| match c {
            std::path::Component::Normal(name) => name.to_str(),
            _ => None,
        })
        .filter(|name| !is_year(name))
        .take(SERIES_FOLDERS);
    for name in folders {
        // `sync-meeting` → `sync meeting`, but `nodejs-tsc` stays one name.
        let words = words_of(&name.replace('_', " "));
        let words = if crate::meeting::labelled::names_meeting(&words) {
            words
        } else {
            name.replace('_', " ")
        };
        let key = words.to_lowercase();
        if key.chars().count() < 2
            || GENERIC_FOLDERS.contains(&key.as_str())
            || GENERIC_FOLDERS.contains(&name.to_lowercase().as_str())
            || find_date(&words).is_some()
        {
            continue;
        }
        let mut words = words;
        if let Some(singular) = words.strip_suffix("meetings") {
            words = format!("{singular}meeting");
        } else if !crate::meeting::labelled::names_meeting(&words) {
            words.push_str(" meeting");
        }
        return Some(capitalized(&words));
    }
    None
}

/// A file or folder name's words: `_` and `-` as spaces, spaces squeezed.
fn words_of(name: &str) -> String {
    name.split(|c: char| c == '_' || c == '-' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `monthly meeting` → `Monthly meeting`; a first word written otherwise (`io.js`, `TSC`,
/// `sg`) is kept as written.
fn capitalized(words: &str) -> String {
    let first = words.split(' ').next().unwrap_or_default();
    if first.len() < 3 || !first.bytes().all(|b| b.is_ascii_lowercase()) {
        return words.to_string();
    }
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn series_from_folders() {
        let series = |p: &str| series_of_path(Path::new(p));
        assert_eq!(
            series("meetings/io.js/2014-10-29.md").as_deref(),
            Some("io.js meeting")
        );
        assert_eq!(
            series("admin/monthly_meetings/2019-08-26.md").as_deref(),
            Some("Monthly meeting")
        );
        assert_eq!(
            series("minutes/sync-meeting/2023/2023-06-22.md").as_deref(),
            Some("Sync meeting")
        );
        assert_eq!(
            series("TSC/meetings/2016-05-19.md").as_deref(),
            Some("TSC meeting")
        );
        assert_eq!(
            series("team-x/meetings/2016-05-19.md").as_deref(),
            Some("team-x meeting")
        );
        assert_eq!(series("notes/2024-05-02.md"), None, "a generic folder");
        assert_eq!(series("2024-05-02.md"), None);
        assert_eq!(series("/home/notes/2024-05-02.md"), None);
    }

    #[test]
    fn file_names_with_words_and_a_date() {
        let title = |p: &str| title_from_path(Path::new(p));
        assert_eq!(
            title("wg/2023-03-07-meeting-minutes.md"),
            "Meeting minutes 2023-03-07"
        );
        assert_eq!(title("wg/2023-03-07_sync.md"), "Sync 2023-03-07");
        assert_eq!(title("2024-Q1-meeting-agenda.md"), "2024-Q1-meeting-agenda");
    }
}
