//! `meetdeck new`: the next meeting's note, started from the latest one.
//!
//! - **Latest note**: the `*.md` of the folder (not `README.md`) with the latest date, read
//!   from its file name, else from its content.
//! - **Next date**: the latest date moved by the series' cadence: the invitation's
//!   recurrence (`每两周 (周四)`, `every 2 weeks`, `weekly`...) of the latest note or, when
//!   it has none, of the most recent earlier note that has one; else a quarter in the file
//!   name (`2024-Q1-…`: three months); else the most common gap (up to five weeks: an
//!   archive keeping a few notes years apart tells no cadence) between the last few notes'
//!   dates; else the cadence the series' folder or title names (`monthly_meetings/`,
//!   `bi-weekly update`, `双周会`); else 7 days. A monthly series held on one weekday keeps
//!   it (the last Monday of the month, the second Tuesday).
//! - **File name**: the latest's, with its date replaced in the same format
//!   (`2023-08-24.md` → `2023-09-07.md`, `周会 2023年8月24日.md` → `周会 2023年9月7日.md`,
//!   `2025/CG-10-07.md` → `2025/CG-10-14.md`, `2024-Q1-….md` → `2024-Q2-….md`); a series in
//!   year folders goes on in the next year's folder.
//! - **Content**: the title (its count of meetings moved on: `第三次会议` → `第四次会议`),
//!   the time and join sections, the labelled metadata lines under
//!   the title (`- 本次会议时间：…`, `- **When**: …`) (the meeting's date replaced wherever it
//!   appears in any format, `April 29th` and `October 07` included; other dates, like a
//!   recurrence's range, kept), and
//!   the *fixed* sections (the same text in the last two notes, e.g. a group QR code) are
//!   carried over; every other section is emptied to its heading. The editor's header
//!   comment (`@Date`, `@FilePath` of the old file) is dropped.
//! - An existing file is never overwritten.

mod cadence;
mod ordinal;
mod rewrite;
mod sections;

use std::io::Write;
use std::path::{Path, PathBuf};

pub use cadence::{parse_cadence, Cadence};

use crate::deck::{Deck, DeckOptions};
use crate::discover;
use crate::error::{Error, Result};
use crate::meeting::{self, Date};
use crate::note::Note;
use sections::next_text;

/// How many of the newest notes are searched for a recurrence line, or used for gaps.
const LOOK_BACK: usize = 8;

/// The cadence used when nothing tells it.
const DEFAULT_CADENCE: Cadence = Cadence::Days(7);

/// Writes the next meeting's note in `dir`; returns its path.
pub fn create_next(dir: &Path) -> Result<PathBuf> {
    let plan = plan_next(dir)?;
    if let Some(folder) = plan.path.parent() {
        std::fs::create_dir_all(folder).map_err(|e| Error::io(folder, e))?;
    }
    write_new(&plan.path, &plan.text)?;
    Ok(plan.path)
}

/// The next note, not yet written.
#[derive(Debug, Clone)]
pub struct NextNote {
    /// Where it goes: beside the latest note, named like it.
    pub path: PathBuf,
    /// Its Markdown.
    pub text: String,
    /// The next meeting's date.
    pub date: Date,
    /// The note it was started from.
    pub from: PathBuf,
    /// The cadence that gave the date.
    pub cadence: Cadence,
}

/// Works out the next note of the series in `dir` without writing it.
pub fn plan_next(dir: &Path) -> Result<NextNote> {
    let mut dated = dated_notes(dir)?;
    dated.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.path.cmp(&b.path)));
    let Some(latest) = dated.last() else {
        return Err(Error::Usage(format!(
            "{}: no dated meeting note found (a date in the file name or the note, \
             e.g. 2024-05-02.md)",
            crate::error::shown_path(dir)
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
                crate::error::shown_path(&latest.path)
            )));
        }
    }
    let cadence = cadence_of(&dated, &latest_note);
    let next = cadence.after(latest.date).ok_or_else(|| {
        Error::Usage(format!(
            "{}: the meeting after {} would be past the year 9999",
            crate::error::shown_path(&latest.path),
            latest.date
        ))
    })?;

    let file_name = latest
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = rewrite::next_file_name(&file_name, latest.date, next)
        .unwrap_or_else(|| format!("{}.md", next.iso()));
    let text = next_text(&latest_note, previous.as_ref(), latest.date, next);
    // A series kept in year folders (`2025/CG-10-07.md`) goes on in the next year's.
    let year_folder = dir
        .file_name()
        .is_some_and(|n| n.to_str() == Some(format!("{:04}", latest.date.year()).as_str()));
    let dir = match dir.parent() {
        Some(parent) if year_folder && next.year() != latest.date.year() => {
            parent.join(format!("{:04}", next.year()))
        }
        _ => dir.to_path_buf(),
    };
    Ok(NextNote {
        path: dir.join(name),
        text,
        date: next,
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
    // One series is one folder: its own notes, by the rule every command uses.
    std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let found = discover::notes_in(dir, discover::Depth::Flat, None);
    let mut notes = Vec::new();
    for rel in found.notes {
        let path = dir.join(&rel);
        let stem = rel
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let date = meeting::find_date(&stem).or_else(|| {
            // Undated name: the note's own date (front matter, time section, title...).
            let note = Note::read(&path).ok()?;
            Deck::of(&note, &DeckOptions::default()).meeting.date
        });
        if let Some(date) = date {
            notes.push(Dated { path, date });
        }
    }
    Ok(notes)
}

/// The longest gap between two notes that is a series' cadence: longer ones are meetings
/// missing from the folder (an archive keeping a few), not how often the series meets.
const LONGEST_GAP: i64 = 35;

/// The series' cadence: a recurrence line in the latest note or a recent one; a quarter in
/// its file name (`2024-Q1-…`); the commonest recent gap (a month kept on its weekday);
/// a cadence the series' name says (`monthly_meetings/`, `bi-weekly update`, `双周会`);
/// else a week.
fn cadence_of(dated: &[Dated], latest: &Note) -> Cadence {
    let monthly = |cadence: Cadence| match cadence {
        Cadence::Months(1) => {
            let recent: Vec<Date> = dated
                .iter()
                .rev()
                .take(LOOK_BACK)
                .rev()
                .map(|d| d.date)
                .collect();
            Cadence::monthly_like(&recent)
        }
        other => other,
    };
    if let Some(cadence) = recurrence_cadence(latest) {
        return cadence;
    }
    let stem = latest
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    if rewrite::quarter_of(&stem).is_some() {
        return Cadence::Months(3);
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
        .filter(|&gap| gap > 0 && gap <= LONGEST_GAP)
        .collect();
    let mut best: Option<(usize, i64)> = None;
    for &gap in gaps.iter().rev() {
        let count = gaps.iter().filter(|&&g| g == gap).count();
        if best.is_none_or(|(c, _)| count > c) {
            best = Some((count, gap));
        }
    }
    match best.and_then(|(_, gap)| u32::try_from(gap).ok()) {
        Some(days @ 28..) => return monthly(Cadence::Months(1)).min_days(days),
        Some(days) => return Cadence::Days(days),
        None => {}
    }
    // The series' name: its folder's, its title's.
    let folder = latest
        .path
        .parent()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = Deck::of(latest, &DeckOptions::default()).title;
    [folder, title]
        .iter()
        .find_map(|name| parse_cadence(name))
        .map_or(DEFAULT_CADENCE, monthly)
}

fn recurrence_cadence(note: &Note) -> Option<Cadence> {
    let deck = Deck::of(note, &DeckOptions::default());
    deck.meeting.recurrence.as_deref().and_then(parse_cadence)
}

/// Writes `text` to `path`, refusing to replace an existing file (checked atomically: the
/// note is written to a temporary file and linked into place only if the name is free).
fn write_new(path: &Path, text: &str) -> Result<()> {
    let exists = || {
        Error::Usage(format!(
            "{}: already exists; `meetdeck new` never overwrites a note (edit it, or remove it \
             first)",
            crate::error::shown_path(path)
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
        let deck = Deck::of(&note, &DeckOptions::default());
        assert_eq!(
            deck.meeting.date.map(Date::iso).as_deref(),
            Some("2024-05-16")
        );

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
        assert_eq!(plan.date.iso(), "2024-03-07");
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
        assert_eq!(plan.date.iso(), "2024-03-08");
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
