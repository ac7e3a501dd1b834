//! The meeting metadata of every real note in `../shared/notes-world/` and
//! `../shared/notes/`, against values written down by reading the notes (their text, their
//! file and folder names, and the folder's README), never from this code's output.
//!
//! Skipped with a message when `../shared/` is absent; a failure under `CI=true`.

use std::path::{Path, PathBuf};

use crate::deck::{Deck, DeckOptions};
use crate::note::Note;

// `Expected`, `note`, `invite`, `WORLD`, `AMBIGUOUS`, `CURVE`: the hand-read table, shared
// with the integration test of the rendered title slides.
include!("../../tests/integration/real_notes_table.rs");

/// The titles of the notes that have no `#` title and no heading naming the meeting, as a
/// person would name them from the folder (the series) and the file (the date): the
/// community READMEs place each series in a folder of its own (`io.js/`,
/// `monthly_meetings/`), under `meetings/` in nodejs/TSC.
const PATH_TITLES: &[(&str, &str)] = &[
    (
        "nodejs-tsc/meetings/io.js/2014-10-29.md",
        "io.js meeting 2014-10-29",
    ),
    (
        "nodejs-tsc/meetings/2016-05-19.md",
        "nodejs-tsc meeting 2016-05-19",
    ),
    (
        "sklearn/monthly_meetings/2019-08-26.md",
        "Monthly meeting 2019-08-26",
    ),
    // The first heading, `## November 30th 2020`, dates the meeting but does not name it.
    (
        "sklearn/monthly_meetings/2020-11-30.md",
        "Monthly meeting 2020-11-30",
    ),
    // `## April 29th 4pm CEST, 11am ET`: likewise.
    (
        "sklearn/monthly_meetings/2024-04-29.md",
        "Monthly meeting 2024-04-29",
    ),
];

/// `../shared/REL`, or `None` after saying so (a failure under `CI=true`).
fn shared(rel: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if dir.is_dir() {
        return Some(dir);
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false");
    assert!(!ci, "../shared/{rel} is missing, and CI=true needs it");
    eprintln!("skipped: ../shared/{rel} not found");
    None
}

fn deck_of(path: &Path) -> Deck {
    let note = Note::read(path).unwrap_or_else(|e| panic!("{e}"));
    Deck::of(&note, &DeckOptions::default())
}

#[test]
fn notes_world_metadata_as_read_by_a_person() {
    let Some(world) = shared("notes-world") else {
        return;
    };
    assert_eq!(
        WORLD.len() + AMBIGUOUS.len(),
        33,
        "the README lists 33 notes"
    );
    let mut wrong = Vec::new();
    for want in WORLD {
        let deck = deck_of(&world.join(want.path));
        let m = &deck.meeting;
        let got = (
            m.date.map(|d| d.iso()),
            m.start.as_deref(),
            m.end.as_deref(),
            m.join.as_ref().is_some_and(|j| j.link.is_some()),
        );
        let expected = (Some(want.date.to_string()), want.start, want.end, want.join);
        if got != expected {
            wrong.push(format!("{}: got {got:?}, read {expected:?}", want.path));
        }
        if let Some(id) = want.meeting_id {
            let found = m.join.as_ref().and_then(|j| j.meeting_id.as_deref());
            if found != Some(id) {
                wrong.push(format!("{}: meeting ID {found:?}, read {id}", want.path));
            }
        }
        // A title is never a file stem with words (`2023-03-07-meeting-minutes`); a date
        // alone may be the title (`# 2023-06-22` is the note's own).
        let stem = Path::new(want.path).file_stem().unwrap_or_default();
        let stem = stem.to_string_lossy();
        if deck.title == stem && stem.contains(|c: char| c.is_alphabetic()) {
            wrong.push(format!("{}: title is the file stem", want.path));
        }
    }
    // Every labelled date, time and join line of these notes is one a person reads (or a
    // recurrence, `Date: biweekly …`): `check` has nothing unread to report.
    for want in WORLD {
        let deck = deck_of(&world.join(want.path));
        for unread in &deck.unread {
            wrong.push(format!("{}: unread {unread}", want.path));
        }
    }
    for (path, title) in PATH_TITLES {
        let deck = deck_of(&world.join(path));
        if deck.title != *title {
            wrong.push(format!("{path}: title {:?}, read {title:?}", deck.title));
        }
    }
    for path in AMBIGUOUS {
        if deck_of(&world.join(path)).meeting.date.is_none() {
            wrong.push(format!("{path}: no date"));
        }
    }
    // Every note of the folder is in one of the two lists.
    let listed = WORLD.len() + AMBIGUOUS.len();
    assert_eq!(listed, 33, "the README lists 33 notes");
    assert!(
        wrong.is_empty(),
        "{} of {listed}:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The Curve notes: each is named by its meeting's date and carries a `## 时间` section and
/// a pasted Tencent Meeting invitation (the table's `CURVE`, every note of the folder).
#[test]
fn curve_notes_metadata() {
    let Some(notes) = shared("notes") else {
        return;
    };
    let mut on_disk: Vec<PathBuf> = std::fs::read_dir(notes.join("2023/Double Week Meetings"))
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    on_disk.retain(|p| p.extension().is_some_and(|x| x == "md"));
    assert_eq!(on_disk.len(), CURVE.len(), "every Curve note is in CURVE");
    let mut wrong = Vec::new();
    for want in CURVE {
        let deck = deck_of(&notes.join(want.path));
        let m = &deck.meeting;
        let join = m.join.as_ref();
        let got = (
            m.date.map(|d| d.iso()),
            m.start.as_deref(),
            m.end.as_deref(),
            join.is_some_and(|j| j.link.is_some()),
            join.and_then(|j| j.meeting_id.as_deref()),
        );
        let expected = (
            Some(want.date.to_string()),
            want.start,
            want.end,
            want.join,
            want.meeting_id,
        );
        if got != expected {
            wrong.push(format!("{}: got {got:?}, read {expected:?}", want.path));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
