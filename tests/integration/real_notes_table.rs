// The meeting metadata of every real note in `../shared/notes-world/` and
// `../shared/notes/`, written down by reading the notes (their text, their file and folder
// names, and the folders' READMEs), never from meetdeck's output: the one home of these
// facts. `include!`d by `src/meeting/real_notes.rs` (the extraction, a unit test) and a
// module of the integration tests (`title_slides`: the title slide as Chromium shows it).
// Plain comments only: an `include!`d file cannot carry inner doc comments.

/// One note as read by a person: the meeting's date, its start and end, whether a join link
/// is written in it, and a meeting ID where one is written. `None` for start/end: no time is
/// written (or it is not this meeting's).
pub struct Expected {
    pub path: &'static str,
    pub date: &'static str,
    pub start: Option<&'static str>,
    pub end: Option<&'static str>,
    pub join: bool,
    pub meeting_id: Option<&'static str>,
}

pub const fn note(
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

/// A note with a pasted invitation: a join link and the meeting ID `id`.
pub const fn invite(
    path: &'static str,
    date: &'static str,
    start: &'static str,
    end: &'static str,
    id: &'static str,
) -> Expected {
    Expected {
        meeting_id: Some(id),
        ..note(path, date, Some(start), Some(end), true)
    }
}

/// notes-world: dates from the `本次会议时间` / `**When**` / `**Dates**` lines, else the
/// file and folder names; times from the same lines (the first zone written); join links
/// only where a URL to join is written (`*link on calendar invite*` is none).
pub const WORLD: &[Expected] = &[
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

/// Notes whose date a person cannot settle from the note alone: `simd/2021/SIMD-12-03.md`
/// is titled `... on 2012-12-03` in a `2021/` folder. Only "has a date" is checked.
pub const AMBIGUOUS: &[&str] = &["wasm/simd/2021/SIMD-12-03.md"];

/// notes (Curve, `2023/Double Week Meetings/`): the date and times from the `## 时间`
/// section (`2023/01/12 19:00-19:30`, `2023 Jun 01, 19:00~19:30`), which the pasted Tencent
/// Meeting invitation repeats with its link and `#腾讯会议：` number.
pub const CURVE: &[Expected] = &[
    invite(
        "2023/Double Week Meetings/2023-01-12.md",
        "2023-01-12",
        "19:00",
        "19:30",
        "493-3764-3146",
    ),
    invite(
        "2023/Double Week Meetings/2023-02-09.md",
        "2023-02-09",
        "19:00",
        "20:00",
        "792-313-318",
    ),
    invite(
        "2023/Double Week Meetings/2023-02-23.md",
        "2023-02-23",
        "19:00",
        "19:30",
        "341-233-112",
    ),
    invite(
        "2023/Double Week Meetings/2023-03-09.md",
        "2023-03-09",
        "19:00",
        "19:30",
        "493-3764-3146",
    ),
    invite(
        "2023/Double Week Meetings/2023-03-23.md",
        "2023-03-23",
        "19:00",
        "19:30",
        "493-3764-3146",
    ),
    invite(
        "2023/Double Week Meetings/2023-04- 13.md",
        "2023-04-13",
        "19:00",
        "19:30",
        "703-9861-0542",
    ),
    invite(
        "2023/Double Week Meetings/2023-04-27.md",
        "2023-04-27",
        "19:00",
        "19:30",
        "548-7440-7396",
    ),
    invite(
        "2023/Double Week Meetings/2023-05-18.md",
        "2023-05-18",
        "19:00",
        "19:30",
        "911-103-973",
    ),
    invite(
        "2023/Double Week Meetings/2023-06-01.md",
        "2023-06-01",
        "19:00",
        "19:30",
        "467-801-402",
    ),
    invite(
        "2023/Double Week Meetings/2023-06-15.md",
        "2023-06-15",
        "19:00",
        "19:30",
        "718-2692-7827",
    ),
    invite(
        "2023/Double Week Meetings/2023-06-29.md",
        "2023-06-29",
        "19:00",
        "19:30",
        "733-301-403",
    ),
    invite(
        "2023/Double Week Meetings/2023-07-13.md",
        "2023-07-13",
        "19:00",
        "20:00",
        "653-606-758",
    ),
    invite(
        "2023/Double Week Meetings/2023-08-03.md",
        "2023-08-03",
        "19:00",
        "19:40",
        "653-606-758",
    ),
    invite(
        "2023/Double Week Meetings/2023-08-24.md",
        "2023-08-24",
        "19:00",
        "19:30",
        "446-419-646",
    ),
];
