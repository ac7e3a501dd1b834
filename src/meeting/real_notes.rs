//! The meeting metadata of every real note in `../shared/notes-world/` and
//! `../shared/notes/`, against values written down by reading the notes (their text, their
//! file and folder names, and the folder's README), never from this code's output.
//!
//! Skipped with a message when `../shared/` is absent; a failure under `CI=true`.

use std::path::{Path, PathBuf};

use crate::deck::{Deck, DeckOptions};
use crate::note::Note;

/// One note as read by a person: the meeting's date, its start and end, whether a join link
/// is written in it, and a meeting ID where one is written. `None` for start/end: no time is
/// written (or it is not this meeting's). A `"?"` is "not asserted" (see the comment).
struct Expected {
    path: &'static str,
    date: &'static str,
    start: Option<&'static str>,
    end: Option<&'static str>,
    join: bool,
    meeting_id: Option<&'static str>,
}

const fn note(
    path: &'static str,
    date: &'static str,
    start: Option<&'static str>,
    end: Option<&'static str>,
    join: bool,
) -> Expected {
    Expected {
        path,
        date,
        start,
        end,
        join,
        meeting_id: None,
    }
}

/// notes-world: dates from the `本次会议时间` / `**When**` / `**Dates**` lines, else the
/// file and folder names; times from the same lines (the first zone written); join links
/// only where a URL to join is written (`*link on calendar invite*` is none).
const WORLD: &[Expected] = &[
    note(
        "nodejs-tsc/meetings/io.js/2014-10-29.md",
        "2014-10-29",
        None,
        None,
        false,
    ),
    note(
        "nodejs-tsc/meetings/node.js/2015-02-19.md",
        "2015-02-19",
        None,
        None,
        false,
    ),
    note(
        "nodejs-tsc/meetings/2016-05-19.md",
        "2016-05-19",
        None,
        None,
        false,
    ),
    note(
        "nodejs-tsc/meetings/2018-10-24.md",
        "2018-10-24",
        None,
        None,
        false,
    ),
    note(
        "nodejs-tsc/meetings/2022-08-03.md",
        "2022-08-03",
        None,
        None,
        false,
    ),
    note(
        "nodejs-tsc/meetings/2026-02-11.md",
        "2026-02-11",
        None,
        None,
        false,
    ),
    // `- **Dates**: Tuesday August 22, 2017`, `- **Times**: 9:00am–10:00am Pacific Time`,
    // `*same Google Hangouts link as before*`.
    note(
        "wasm/main/2017/CG-08-22.md",
        "2017-08-22",
        Some("09:00"),
        Some("10:00"),
        false,
    ),
    // `October 19th, 16:00-17:00 UTC`, the year from `stack/2020/`; a bare Zoom URL.
    note(
        "wasm/stack/2020/SG-10-19.md",
        "2020-10-19",
        Some("16:00"),
        Some("17:00"),
        true,
    ),
    // `4pm-5pm UTC (April 2nd, ...)`, `*link on calendar invite*`.
    note(
        "wasm/main/2020/CG-04-02-Subtyping.md",
        "2020-04-02",
        Some("16:00"),
        Some("17:00"),
        false,
    ),
    // `March 22nd, 16:00-17:00 UTC`, `[Zoom call](https://zoom.us/j/...)`.
    note(
        "wasm/stack/2021/sg-3-22.md",
        "2021-03-22",
        Some("16:00"),
        Some("17:00"),
        true,
    ),
    // The first day, and its hours: `- **Times**:` over `Wednesday - 9:30am - 5:00pm`, ....
    note(
        "wasm/main/2022/CG-10.md",
        "2022-10-26",
        Some("09:30"),
        Some("17:00"),
        false,
    ),
    // `October 07, 16:00-17:00 UTC`, the year from `main/2025/`; the link is on a calendar.
    note(
        "wasm/main/2025/CG-10-07.md",
        "2025-10-07",
        Some("16:00"),
        Some("17:00"),
        false,
    ),
    note(
        "rust-council/minutes/sync-meeting/2023-06-22.md",
        "2023-06-22",
        None,
        None,
        false,
    ),
    note(
        "rust-council/minutes/sync-meeting/2023-12-08.md",
        "2023-12-08",
        None,
        None,
        false,
    ),
    note(
        "rust-council/minutes/sync-meeting/2024-08-30.md",
        "2024-08-30",
        None,
        None,
        false,
    ),
    note(
        "rust-council/minutes/sync-meeting/2024-12-06.md",
        "2024-12-06",
        None,
        None,
        false,
    ),
    note(
        "rust-council/minutes/sync-meeting/2025-07-18.md",
        "2025-07-18",
        None,
        None,
        false,
    ),
    note(
        "rust-council/minutes/sync-meeting/2026-05-08.md",
        "2026-05-08",
        None,
        None,
        false,
    ),
    note(
        "sklearn/monthly_meetings/2019-08-26.md",
        "2019-08-26",
        None,
        None,
        false,
    ),
    note(
        "sklearn/monthly_meetings/2020-11-30.md",
        "2020-11-30",
        None,
        None,
        false,
    ),
    note(
        "sklearn/monthly_meetings/2021-07-26.md",
        "2021-07-26",
        None,
        None,
        false,
    ),
    // `### November 28 @ 15:00 UTC` under the `#` title.
    note(
        "sklearn/monthly_meetings/2022-11-28.md",
        "2022-11-28",
        Some("15:00"),
        None,
        false,
    ),
    // `## April 29th 4pm CEST, 11am ET`.
    note(
        "sklearn/monthly_meetings/2024-04-29.md",
        "2024-04-29",
        Some("16:00"),
        None,
        false,
    ),
    // `- Time: 10:00 PT / 13:00 ET / ...`, `- Where: Discord (https://discord.gg/...)`.
    note(
        "sklearn/triage_meetings/2022-01-14.md",
        "2022-01-14",
        Some("10:00"),
        None,
        true,
    ),
    note(
        "sklearn/biweekly_meetings/2026-03-02.md",
        "2026-03-02",
        None,
        None,
        false,
    ),
    // `- 本次会议时间：2022-5-12 19：00`, a Tencent link, `腾讯会议：156-404-342`.
    Expected {
        meeting_id: Some("156-404-342"),
        ..note(
            "paddle/pfcc/meetings/2022/2022-05-12-meeting-agenda.md",
            "2022-05-12",
            Some("19:00"),
            None,
            true,
        )
    },
    // `- 会议时间：2023/11/16 19:00-21:00` under `## 基本信息`, a Tencent link.
    note(
        "paddle/pfcc/meetings/2023/2023-11-16-meeting-agenda.md",
        "2023-11-16",
        Some("19:00"),
        Some("21:00"),
        true,
    ),
    // `- 本次会议时间：2023-03-07 19:00`; no link.
    note(
        "paddle/working_groups/01_TVM/meetings/2023/2023-03-07-meeting-minutes.md",
        "2023-03-07",
        Some("19:00"),
        None,
        false,
    ),
    // `- 本次会议时间：2024/01/25 20:00-21:00 (GMT+08:00)`, `会议地点：线上会议`.
    note(
        "paddle/pfcc/meetings/2024/2024-01-25-meeting-minutes.md",
        "2024-01-25",
        Some("20:00"),
        Some("21:00"),
        false,
    ),
    // A quarter in the name; the day in `- 本次会议时间：2024/01/31 20:00-21:00`; `【腾讯会议】`
    // without a number or link.
    note(
        "paddle/pposdwg/2024-Q1-meeting-agenda.md",
        "2024-01-31",
        Some("20:00"),
        Some("21:00"),
        false,
    ),
    // `* 会议时间：2025-06-04 19:30`, a Tencent link, `腾讯会议：383-5276-3788`.
    Expected {
        meeting_id: Some("383-5276-3788"),
        ..note(
            "paddle/ppsigs/meetings/2025/2025-06-04-meeting-agenda.md",
            "2025-06-04",
            Some("19:30"),
            None,
            true,
        )
    },
    // `- 本次会议时间：2025/12/11 20:00-21:00 (GMT+08:00)`, a Tencent link (the recording
    // link at the end is not one), `【腾讯会议 250-563-655】` on the `本次会议接入方式` line.
    Expected {
        meeting_id: Some("250-563-655"),
        ..note(
            "paddle/pfcc/meetings/2025/2025-12-11-meeting-minutes.md",
            "2025-12-11",
            Some("20:00"),
            Some("21:00"),
            true,
        )
    },
];

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

/// Notes whose date a person cannot settle from the note alone: `simd/2021/SIMD-12-03.md`
/// is titled `... on 2012-12-03` in a `2021/` folder. Only "has a date" is checked.
const AMBIGUOUS: &[&str] = &["wasm/simd/2021/SIMD-12-03.md"];

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
/// a pasted Tencent Meeting invitation.
#[test]
fn curve_notes_metadata() {
    let Some(dir) = shared("notes/2023/Double Week Meetings") else {
        return;
    };
    let mut notes: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    notes.retain(|p| p.extension().is_some_and(|x| x == "md"));
    assert_eq!(notes.len(), 14);
    for path in notes {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        let date = stem.replace(' ', "");
        let deck = deck_of(&path);
        let m = &deck.meeting;
        assert_eq!(m.date.map(|d| d.iso()), Some(date), "{}", path.display());
        assert!(m.start.is_some(), "{}: no time", path.display());
        assert!(
            m.join.as_ref().is_some_and(|j| j.link.is_some()),
            "{}: no join link",
            path.display()
        );
    }
}
