//! `meetdeck new`: the next meeting's note, started from the latest one.
//!
//! - **Latest note**: the `*.md` of the folder (not `README.md`) with the latest date, read
//!   from its file name, else from its content.
//! - **Next date**: the latest date moved by the series' cadence: the invitation's
//!   recurrence (`每两周 (周四)`, `every 2 weeks`, `weekly`...) of the latest note or, when
//!   it has none, of the most recent earlier note that has one; else the most common gap
//!   between the last few notes' dates; else 7 days.
//! - **File name**: the latest's, with its date replaced in the same format
//!   (`2023-08-24.md` → `2023-09-07.md`, `周会 2023年8月24日.md` → `周会 2023年9月7日.md`).
//! - **Content**: the title, the time and join sections (the meeting's date replaced
//!   wherever it appears in any format; other dates, like a recurrence's range, kept), and
//!   the *fixed* sections (the same text in the last two notes, e.g. a group QR code) are
//!   carried over; every other section is emptied to its heading. The editor's header
//!   comment (`@Date`, `@FilePath` of the old file) is dropped.
//! - An existing file is never overwritten.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::meeting;
use crate::note::Note;
use crate::slides::{self, SplitOptions};

/// How many of the newest notes are searched for a recurrence line, or used for gaps.
const LOOK_BACK: usize = 8;

/// The cadence used when nothing tells it.
const DEFAULT_CADENCE: Cadence = Cadence::Days(7);

/// Writes the next meeting's note in `dir`; returns its path.
pub fn create_next(dir: &Path) -> Result<PathBuf> {
    let plan = plan_next(dir)?;
    write_new(&plan.path, &plan.text)?;
    Ok(plan.path)
}

/// The next note, not yet written.
#[derive(Debug, Clone)]
pub struct NextNote {
    pub path: PathBuf,
    pub text: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The note it was started from.
    pub from: PathBuf,
    pub cadence: Cadence,
}

/// How far apart the meetings are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Days(u32),
    Months(u32),
}

/// Works out the next note of the series in `dir` without writing it.
pub fn plan_next(dir: &Path) -> Result<NextNote> {
    let mut dated = dated_notes(dir)?;
    dated.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path)));
    let Some(latest) = dated.last() else {
        return Err(Error::Usage(format!(
            "{}: no dated meeting note found (a date in the file name or the note, \
             e.g. 2024-05-02.md)",
            dir.display()
        )));
    };
    let latest_note = Note::read(&latest.path)?;
    let read_back = |back: usize| {
        dated
            .len()
            .checked_sub(back)
            .and_then(|i| Note::read(&dated[i].path).ok())
    };
    let previous = read_back(2);
    if let (Some(prev_note), Some(prev)) = (&previous, dated.len().checked_sub(2)) {
        // Run twice, `new` would start yet another meeting after the one it just started:
        // the latest note being exactly what `new` writes means it is the next one already.
        let started = next_text(
            prev_note,
            read_back(3).as_ref(),
            dated[prev].date,
            latest.date,
        );
        if started.trim_end() == latest_note.text.trim_end() {
            return Err(Error::Usage(format!(
                "{}: already exists, started by `meetdeck new` and not filled in yet; \
                 not overwriting it nor starting another",
                latest.path.display()
            )));
        }
    }
    let cadence = cadence_of(&dated, &latest_note);
    let next = cadence.after(latest.date);

    let file_name = latest
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = replace_date(&file_name, latest.date, next, true)
        .unwrap_or_else(|| format!("{}.md", next.iso()));
    let text = next_text(&latest_note, previous.as_ref(), latest.date, next);
    Ok(NextNote {
        path: dir.join(name),
        text,
        date: next.iso(),
        from: latest.path.clone(),
        cadence,
    })
}

/// A note and its meeting's date.
#[derive(Debug, Clone)]
struct Dated {
    path: PathBuf,
    date: Date,
}

/// The notes of `dir` (not recursive) that have a date, from the name or else the content.
fn dated_notes(dir: &Path) -> Result<Vec<Dated>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut notes = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let lower = name.to_ascii_lowercase();
        if name.starts_with('.') || lower == "readme.md" || !lower.ends_with(".md") {
            continue;
        }
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let stem = name[..name.len() - 3].to_string();
        let date = meeting::find_date(&stem).or_else(|| {
            // Undated name: the note's own date (front matter, time section, title...).
            let note = Note::read(&path).ok()?;
            slides::split(&note, &SplitOptions::default()).meeting.date
        });
        if let Some(date) = date.as_deref().and_then(Date::parse_iso) {
            notes.push(Dated { path, date });
        }
    }
    Ok(notes)
}

/// The series' cadence: a recurrence line in the latest note or a recent one, else the
/// commonest recent gap, else a week.
fn cadence_of(dated: &[Dated], latest: &Note) -> Cadence {
    if let Some(cadence) = recurrence_cadence(latest) {
        return cadence;
    }
    // Invitations are often pasted only when the series is (re)created: look back.
    for older in dated.iter().rev().skip(1).take(LOOK_BACK) {
        if let Some(cadence) = Note::read(&older.path)
            .ok()
            .and_then(|n| recurrence_cadence(&n))
        {
            return cadence;
        }
    }
    // The commonest gap, not the last one: one skipped meeting (a holiday) should not
    // double the cadence. Ties go to the most recent gap.
    let recent = &dated[dated.len().saturating_sub(LOOK_BACK)..];
    let gaps: Vec<i64> = recent
        .windows(2)
        .map(|w| w[1].date.days() - w[0].date.days())
        .filter(|&gap| gap > 0)
        .collect();
    let mut best: Option<(usize, i64)> = None;
    for &gap in gaps.iter().rev() {
        let count = gaps.iter().filter(|&&g| g == gap).count();
        if best.is_none_or(|(c, _)| count > c) {
            best = Some((count, gap));
        }
    }
    match best.and_then(|(_, gap)| u32::try_from(gap).ok()) {
        Some(days) => Cadence::Days(days),
        None => DEFAULT_CADENCE,
    }
}

fn recurrence_cadence(note: &Note) -> Option<Cadence> {
    let deck = slides::split(note, &SplitOptions::default());
    deck.meeting.recurrence.as_deref().and_then(parse_cadence)
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

impl Cadence {
    /// The date one cadence after `date`.
    pub fn after(self, date: Date) -> Date {
        match self {
            Cadence::Days(n) => Date::from_days(date.days() + i64::from(n)),
            Cadence::Months(n) => {
                let months = i64::from(date.month) - 1 + i64::from(n);
                let year = date.year + months.div_euclid(12);
                let month = u32::try_from(months.rem_euclid(12) + 1).unwrap_or(1);
                let day = date.day.min(days_in_month(year, month));
                Date { year, month, day }
            }
        }
    }
}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// `YYYY-MM-DD` (as [`meeting::find_date`] gives it).
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
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

    /// The date `days` after 1970-01-01 (`civil_from_days`).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Date {
            year,
            month: u32::try_from(month).unwrap_or(1),
            day: u32::try_from(day).unwrap_or(1),
        }
    }
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

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

/// One date as written in the text: where, and in which format.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Written {
    start: usize,
    end: usize,
    date: Date,
    format: Format,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Format {
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

impl Written {
    fn render(&self, date: Date) -> String {
        match &self.format {
            Format::Numeric {
                sep1,
                sep2,
                suffix,
                pad,
            } => {
                let month = if *pad {
                    format!("{:02}", date.month)
                } else {
                    date.month.to_string()
                };
                let day = if *pad {
                    format!("{:02}", date.day)
                } else {
                    date.day.to_string()
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

/// Every date written in `text`, in order.
fn find_written_dates(text: &str) -> Vec<Written> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 4 <= bytes.len() {
        let starts_number = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_digit());
        if starts_number {
            if let Some(written) = written_date_at(text, i) {
                i = written.end;
                found.push(written);
                continue;
            }
        }
        i += 1;
    }
    found
}

/// A date starting at byte `start` (a digit after a non-digit).
fn written_date_at(text: &str, start: usize) -> Option<Written> {
    let rest = &text[start..];
    let year_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if year_len != 4 {
        return None;
    }
    let year: i64 = rest[..4].parse().ok()?;
    let after_year = &rest[4..];
    numeric_after_year(after_year, year)
        .or_else(|| month_name_after_year(after_year, year))
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
    let date = Date::parse_iso(&format!("{year}-{}-{}", numbers[0].0, numbers[1].0))?;
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
    let date = Date::parse_iso(&format!("{year}-{}-{day}", month + 1))?;
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

/// `text` with every written `old` date replaced by `new` in the same format; `None` when
/// `old` does not appear. With `only_first`, just the first occurrence.
fn replace_date(text: &str, old: Date, new: Date, only_first: bool) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut replaced = false;
    for written in find_written_dates(text) {
        if written.date != old || (only_first && replaced) {
            continue;
        }
        out.push_str(&text[copied..written.start]);
        out.push_str(&written.render(new));
        copied = written.end;
        replaced = true;
    }
    replaced.then(|| {
        out.push_str(&text[copied..]);
        out
    })
}

fn replace_all(text: &str, old: Date, new: Date) -> String {
    replace_date(text, old, new, false).unwrap_or_else(|| text.to_string())
}

/// A section of a note: an ATX heading line (none for text before the first heading) and the
/// lines up to the next heading.
#[derive(Debug)]
struct Section<'a> {
    heading: Option<&'a str>,
    body: String,
}

impl Section<'_> {
    /// The heading's text without `#`s, ordinals and punctuation, lower-cased.
    fn key(&self) -> Option<String> {
        let text = self.heading?.trim_start().trim_start_matches('#').trim();
        let text = text.trim_end_matches('#').trim();
        let key = text
            .trim_start_matches(|c: char| {
                c.is_ascii_digit() || "一二三四五六七八九十、.．:：)） ".contains(c)
            })
            .to_lowercase();
        Some(key.trim().to_string())
    }

    fn level(&self) -> usize {
        self.heading.map_or(0, |h| {
            h.trim_start().bytes().take_while(|&b| b == b'#').count()
        })
    }
}

fn sections(body: &str) -> Vec<Section<'_>> {
    let mut sections = vec![Section {
        heading: None,
        body: String::new(),
    }];
    let mut fence: Option<String> = None;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(open) = &fence {
            let closing = trimmed.trim_end();
            if closing.starts_with(open.as_str()) && closing.chars().all(|c| open.starts_with(c)) {
                fence = None;
            }
        } else if indent < 4 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let marker = trimmed.chars().next().unwrap_or('`');
            fence = Some(trimmed.chars().take_while(|&c| c == marker).collect());
        } else if indent < 4 && is_atx_heading(trimmed) {
            sections.push(Section {
                heading: Some(line.trim_end()),
                body: String::new(),
            });
            continue;
        }
        if let Some(last) = sections.last_mut() {
            last.body.push_str(line);
        }
    }
    sections
}

fn is_atx_heading(line: &str) -> bool {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && line[hashes..]
            .chars()
            .next()
            .is_none_or(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r')
}

/// The text of the next note; see the module documentation.
fn next_text(latest: &Note, previous: Option<&Note>, old: Date, new: Date) -> String {
    let mut out = String::new();
    // Front matter is kept (with its date moved); the editor's header comment is not.
    let preamble = &latest.text[..latest.body_start];
    let preamble = strip_comments(preamble);
    if !preamble.trim().is_empty() {
        out.push_str(&replace_all(preamble.trim_start(), old, new));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    let previous_sections = previous.map(|p| sections(p.body())).unwrap_or_default();
    for section in sections(latest.body()) {
        let Some(heading) = section.heading else {
            // Text before the first heading: kept only when it is fixed text.
            if !section.body.trim().is_empty() && is_fixed(&section, &previous_sections) {
                out.push_str(&replace_all(section.body.trim_start(), old, new));
            }
            continue;
        };
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&replace_all(heading, old, new));
        out.push('\n');
        let key = section.key().unwrap_or_default();
        let carry = crate::slides::is_meta_heading(&key)
            || (!section.body.trim().is_empty() && is_fixed(&section, &previous_sections));
        if carry {
            let body = section.body.trim_end();
            if !body.trim().is_empty() {
                if !body.starts_with('\n') {
                    out.push('\n');
                }
                out.push_str(&replace_all(body, old, new));
                out.push('\n');
            }
        }
    }
    out
}

/// A section whose text is the same in the previous note (under the same heading, at the same
/// level): boilerplate of the series, not the meeting's content.
fn is_fixed(section: &Section<'_>, previous: &[Section<'_>]) -> bool {
    let key = section.key();
    previous.iter().any(|p| {
        p.key() == key && p.level() == section.level() && p.body.trim() == section.body.trim()
    })
}

/// `text` without `<!-- ... -->` comments.
fn strip_comments(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => rest = &rest[start + end + 3..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Writes `text` to `path`, refusing to replace an existing file (checked atomically: the
/// note is written to a temporary file and linked into place only if the name is free).
fn write_new(path: &Path, text: &str) -> Result<()> {
    let exists = || {
        Error::Usage(format!(
            "{}: already exists; `meetdeck new` never overwrites a note (edit it, or remove it \
             first)",
            path.display()
        ))
    };
    if path.exists() {
        return Err(exists());
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".meetdeck-new-")
        .suffix(".tmp")
        .tempfile_in(parent)
        .map_err(|e| Error::io(parent, e))?;
    temp.write_all(text.as_bytes())
        .map_err(|e| Error::io(path, e))?;
    match temp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(exists()),
        Err(e) => Err(Error::io(path, e.error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn date_arithmetic() {
        assert_eq!(date("1970-01-01").days(), 0);
        for s in ["2023-08-24", "2024-02-29", "2000-03-01", "1999-12-31"] {
            assert_eq!(Date::from_days(date(s).days()), date(s));
        }
        assert_eq!(
            Cadence::Days(14).after(date("2023-08-24")).iso(),
            "2023-09-07"
        );
        assert_eq!(
            Cadence::Days(7).after(date("2023-12-28")).iso(),
            "2024-01-04"
        );
        assert_eq!(
            Cadence::Months(1).after(date("2024-01-31")).iso(),
            "2024-02-29"
        );
        assert_eq!(
            Cadence::Months(1).after(date("2023-12-15")).iso(),
            "2024-01-15"
        );
        assert_eq!(Date::parse_iso("2023-02-29"), None);
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

    const LATEST: &str = "<!--\n * @Date: 2024-05-02 10:00:00\n * @FilePath: /x/2024-05-02.md\n-->\n\
        # Storage sync 2024-05-02\n\n## Time\n\n2024/05/02 19:00-19:30\n\n## Join\n\n```\n\
        Topic: Storage sync\nTime: 2024/05/02 19:00-19:30 (GMT+08:00)\n\
        Recurrence: every 2 weeks (Thursday)\nhttps://zoom.us/j/123456789\nMeeting ID: 123 456 789\n```\n\n\
        ## Updates\n\n### Block layer\n\n- finished the cache rewrite\n\n### Tooling\n\n- new CLI\n\n\
        ## Community\n\nJoin the chat group: scan the code.\n\n<img src=\"qr.png\" width=\"200\">\n";

    const PREVIOUS: &str = "# Storage sync 2024-04-18\n\n## Time\n\n2024/04/18 19:00-19:30\n\n\
        ## Updates\n\n### Block layer\n\n- started the cache rewrite\n\n\
        ## Community\n\nJoin the chat group: scan the code.\n\n<img src=\"qr.png\" width=\"200\">\n";

    #[test]
    fn next_note_carries_meta_and_fixed_sections_and_empties_content() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("2024-04-18.md"), PREVIOUS).unwrap();
        fs::write(dir.path().join("2024-05-02.md"), LATEST).unwrap();
        fs::write(dir.path().join("README.md"), "# 2099-01-01 not a note").unwrap();
        let path = create_next(dir.path()).unwrap();
        assert_eq!(path, dir.path().join("2024-05-16.md"));
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("# Storage sync 2024-05-16\n"), "{text}");
        assert!(!text.contains("@FilePath"), "{text}");
        assert!(
            text.contains("## Time\n\n2024/05/16 19:00-19:30\n"),
            "{text}"
        );
        assert!(
            text.contains("Time: 2024/05/16 19:00-19:30 (GMT+08:00)"),
            "{text}"
        );
        assert!(text.contains("Meeting ID: 123 456 789"), "{text}");
        assert!(
            text.contains("## Updates\n\n### Block layer\n\n### Tooling\n"),
            "{text}"
        );
        assert!(
            !text.contains("cache rewrite") && !text.contains("new CLI"),
            "{text}"
        );
        assert!(
            text.contains("## Community\n\nJoin the chat group"),
            "{text}"
        );
        // The new note is itself a valid start for the one after.
        let note = Note::from_text(&path, text.clone()).unwrap();
        let deck = slides::split(&note, &SplitOptions::default());
        assert_eq!(deck.meeting.date.as_deref(), Some("2024-05-16"));

        // Asked again, it neither overwrites nor starts one more.
        let err = create_next(dir.path()).unwrap_err().to_string();
        assert!(err.contains("2024-05-16.md: already exists"), "{err}");
        assert!(!dir.path().join("2024-05-30.md").exists());
        // Filled in, the next one can be started; an existing file is never replaced.
        fs::write(&path, format!("{text}\n- done\n")).unwrap();
        let target = plan_next(dir.path()).unwrap().path;
        assert_eq!(target, dir.path().join("2024-05-30.md"));
        write_new(&target, "x").unwrap();
        let err = write_new(&target, "y").unwrap_err().to_string();
        assert!(err.contains("2024-05-30.md: already exists"), "{err}");
        assert_eq!(fs::read_to_string(&target).unwrap(), "x");
    }

    #[test]
    fn cadence_from_gaps_when_no_recurrence() {
        let dir = tempfile::tempdir().unwrap();
        for d in ["2024-01-04", "2024-01-18", "2024-02-08", "2024-02-22"] {
            fs::write(
                dir.path().join(format!("{d}.md")),
                format!("## Notes\n\n{d}\n"),
            )
            .unwrap();
        }
        let plan = plan_next(dir.path()).unwrap();
        assert_eq!(
            plan.cadence,
            Cadence::Days(14),
            "a skipped meeting is not the cadence"
        );
        assert_eq!(plan.date, "2024-03-07");
        assert_eq!(plan.text, "## Notes\n");
    }

    #[test]
    fn single_undated_name_uses_content_date_and_a_week() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(
            dir.path().join("kickoff.md"),
            "---\ntitle: Kickoff\ndate: 2024-03-01\n---\n## Agenda\n\n- a\n",
        )
        .unwrap();
        let plan = plan_next(dir.path()).unwrap();
        assert_eq!(plan.date, "2024-03-08");
        assert_eq!(plan.path, dir.path().join("2024-03-08.md"));
        assert!(
            plan.text
                .starts_with("---\ntitle: Kickoff\ndate: 2024-03-08\n---\n"),
            "{}",
            plan.text
        );
    }

    #[test]
    fn empty_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = create_next(dir.path()).unwrap_err().to_string();
        assert!(err.contains("no dated meeting note"), "{err}");
    }
}
