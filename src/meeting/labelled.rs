//! Labelled metadata lines (`- 会议时间：2023/11/16 19:00`, `**When**: October 19th,
//! 16:00-17:00 UTC`, `| Meeting ID | 851 2345 6789 |`) before the first content section or in
//! an overview section (`## 会议概况`, `## Logistics`): read for the title slide and taken out
//! of the slides they were written on.
//!
//! The labels and the overview headings are tables; the scanning only walks the top-level
//! blocks of a slide (list items with what is nested in them, paragraph lines, table rows),
//! cut by `pieces`.

use std::ops::Range;

use pulldown_cmark::Event;

use super::pieces::{drop_empty_containers, pieces};
use super::{Context, JoinInfo, Meeting};
use crate::slides::Stack;

/// What a label says its line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    /// The day and time of the meeting.
    When,
    /// How to join: the place, link, service, meeting ID or passcode.
    Join,
    /// The meeting's topic.
    Topic,
}

/// Labels (lower-case, as written before the colon) and what their line holds.
pub(super) const LABELS: &[(&str, Label)] = &[
    ("时间", Label::When),
    ("会议时间", Label::When),
    ("本次会议时间", Label::When),
    ("开会时间", Label::When),
    ("日期", Label::When),
    ("会议日期", Label::When),
    ("時間", Label::When),
    ("when", Label::When),
    ("date", Label::When),
    ("dates", Label::When),
    ("time", Label::When),
    ("times", Label::When),
    ("date & time", Label::When),
    ("date and time", Label::When),
    ("meeting time", Label::When),
    ("接入方式", Label::Join),
    ("会议接入方式", Label::Join),
    ("本次会议接入方式", Label::Join),
    ("入会方式", Label::Join),
    ("参会方式", Label::Join),
    ("加入会议", Label::Join),
    ("会议链接", Label::Join),
    ("会议地点", Label::Join),
    ("地点", Label::Join),
    ("腾讯会议", Label::Join),
    ("会议号", Label::Join),
    ("会议id", Label::Join),
    ("会议 id", Label::Join),
    ("密码", Label::Join),
    ("会议密码", Label::Join),
    ("飞书会议", Label::Join),
    ("钉钉会议", Label::Join),
    ("where", Label::Join),
    ("location", Label::Join),
    ("join", Label::Join),
    ("join link", Label::Join),
    ("how to join", Label::Join),
    ("meeting link", Label::Join),
    ("video meeting", Label::Join),
    ("video call", Label::Join),
    ("call link", Label::Join),
    ("link", Label::Join),
    ("zoom", Label::Join),
    ("google meet", Label::Join),
    ("teams", Label::Join),
    ("webex", Label::Join),
    ("jitsi", Label::Join),
    ("meeting id", Label::Join),
    ("passcode", Label::Join),
    ("password", Label::Join),
    ("会议主题", Label::Topic),
    ("topic", Label::Topic),
    ("meeting topic", Label::Topic),
];

/// Headings of the sections that give an overview of the meeting (lower-case).
pub(super) const OVERVIEW_HEADINGS: &[&str] = &[
    "会议概况",
    "会议概要",
    "基本信息",
    "会议基本信息",
    "meeting info",
    "meeting information",
    "meeting details",
    "details",
    "logistics",
    "overview",
];

/// How many of a note's first sections may hold its metadata under its title.
const FIRST_SECTIONS: usize = 2;

/// Words of a heading that names the meeting itself (`Agenda for the August 22nd video call
/// of …`, `第二十一次 PaddleOCR 开源共建研讨会`), lower-case.
pub(super) const MEETING_WORDS: &[&str] = &[
    "meeting",
    "video call",
    "call of",
    "sync",
    "standup",
    "次会议",
    "研讨会",
    "例会",
    "周会",
    "双周会",
    "月会",
];

/// Whether a heading names the meeting (and so may be its title).
pub(super) fn names_meeting(heading: &str) -> bool {
    let key = heading.to_lowercase();
    MEETING_WORDS.iter().any(|w| key.contains(w))
}

/// The heading of one of the note's first sections that names the meeting, if any: the
/// title of a note without a `#` title.
pub(super) fn meeting_heading(stacks: &[Stack]) -> Option<String> {
    stacks
        .iter()
        .filter_map(|s| s.slides[0].heading.as_ref())
        .take(FIRST_SECTIONS)
        .find(|h| names_meeting(&h.text))
        .map(|h| h.text.clone())
}

/// Whether a section's heading says it is the meeting's overview.
pub(super) fn is_overview_heading(heading: &str) -> bool {
    let key = heading.trim().to_lowercase();
    OVERVIEW_HEADINGS.contains(&key.as_str())
}

/// The label of a line (`**When**: …`, `- 会议时间：…`, `Meeting ID　851…`), when it has one.
pub(super) fn label_of(line: &str) -> Option<Label> {
    let key = key_of(line)?;
    LABELS
        .iter()
        .find(|(label, _)| *label == key)
        .map(|(_, kind)| *kind)
}

/// What a line writes before its colon, lower-case, when that is short enough to be a label.
fn key_of(line: &str) -> Option<String> {
    let line = line.trim_start_matches(['-', '*', '+', '#', '>', ' ', '\u{3000}']);
    let (key, _) = line.split_once([':', '：'])?;
    let key = key
        .trim_matches(|c: char| c.is_whitespace() || c == '*' || c == '_')
        .to_lowercase();
    (key.chars().count() <= 24).then_some(key)
}

/// Words of a value that tells how often the meeting recurs, not its day (lower-case).
const RECURRENCE_WORDS: &[&str] = &[
    "every",
    "weekly",
    "biweekly",
    "bi-weekly",
    "monthly",
    "fortnightly",
    "每周",
    "每两周",
    "双周",
    "隔周",
    "每月",
];

/// Whether a `When` value tells a recurrence (`biweekly (every two weeks on Friday)`).
fn is_recurrence(value: &str) -> bool {
    let lower = value.to_lowercase();
    RECURRENCE_WORDS.iter().any(|w| lower.contains(w))
}

/// Labels of a day without a time (lower-case): a line under one that says nothing readable
/// is a date not understood, under the other `When` labels a time.
const DATE_LABELS: &[&str] = &["日期", "会议日期", "date", "dates"];

/// What the labelled lines of a note said.
#[derive(Debug, Default)]
pub(super) struct Found {
    pub(super) meeting: Meeting,
    pub(super) topic: Option<String>,
    /// The text of every line labelled as a date or time, read or not (for warnings).
    pub(super) date_texts: Vec<String>,
    /// Labelled lines that were not understood: what they should have held (`date`, `time`,
    /// `join info`) and the value as written.
    pub(super) unread: Vec<(&'static str, String)>,
}

/// Reads the labelled lines of `stacks` where the meeting's metadata is written (slides
/// without a heading, the note's first section, overview sections) and removes those that
/// gave something to the title slide.
pub(super) fn take_labelled_lines(stacks: &mut Vec<Stack>, context: &Context) -> Found {
    let mut found = Found::default();
    // The first sections, up to the one that names the meeting (a table of contents may
    // come first): where notes write the meeting's metadata under their title.
    let mut first_sections = Vec::new();
    for (s, stack) in stacks.iter().enumerate() {
        let Some(heading) = &stack.slides[0].heading else {
            continue;
        };
        first_sections.push(s);
        if first_sections.len() == FIRST_SECTIONS || names_meeting(&heading.text) {
            break;
        }
    }
    for (s, stack) in stacks.iter_mut().enumerate() {
        for (i, slide) in stack.slides.iter_mut().enumerate() {
            let scanned = match &slide.heading {
                None => true,
                Some(h) => (i == 0 && first_sections.contains(&s)) || is_overview_heading(&h.text),
            };
            if scanned {
                take_from_body(&mut slide.body, context, &mut found);
            }
        }
    }
    // A slide without a heading left with nothing is no slide; nor is an overview section
    // left with nothing and nothing below it.
    for stack in stacks.iter_mut() {
        stack.slides.retain(|slide| {
            let overview = slide
                .heading
                .as_ref()
                .is_some_and(|h| is_overview_heading(&h.text));
            !((slide.heading.is_none() || overview)
                && is_empty(&slide.body)
                && slide.notes.is_empty())
        });
    }
    stacks.retain(|stack| !stack.slides.is_empty());
    found
}

/// Whether a slide's body shows nothing.
fn is_empty(body: &[Event<'_>]) -> bool {
    body.iter()
        .all(|e| matches!(e, Event::Html(h) if h.trim().is_empty()))
}

/// Reads and removes the labelled pieces of one slide's body.
fn take_from_body(body: &mut Vec<Event<'static>>, context: &Context, found: &mut Found) {
    let mut remove: Vec<Range<usize>> = Vec::new();
    // The piece before gave the join link and no meeting ID: the ID may follow, unlabelled.
    let mut after_link = false;
    for piece in pieces(body) {
        let first = piece.text.lines().next().unwrap_or_default();
        if label_of(first).is_none() {
            if after_link {
                if let Some(id) = super::join::meeting_id_after_link(&piece.text) {
                    if let Some(join) = found.meeting.join.as_mut() {
                        join.meeting_id = Some(id);
                        remove.push(piece.range);
                    }
                }
            }
            after_link = false;
            continue;
        }
        let had_link = found
            .meeting
            .join
            .as_ref()
            .is_some_and(|j| j.link.is_some());
        if read_piece(&piece.text, context, found) {
            remove.push(piece.range);
        }
        after_link = !had_link
            && found
                .meeting
                .join
                .as_ref()
                .is_some_and(|j| j.link.is_some() && j.meeting_id.is_none());
    }
    if remove.is_empty() {
        return;
    }
    let mut kept = Vec::with_capacity(body.len());
    for (i, event) in body.drain(..).enumerate() {
        if !remove.iter().any(|r| r.contains(&i)) {
            kept.push(event);
        }
    }
    *body = drop_empty_containers(kept);
}

/// Reads one labelled piece; true when it gave something to the title slide.
fn read_piece(text: &str, context: &Context, found: &mut Found) -> bool {
    let first = text.lines().next().unwrap_or_default();
    let Some(label) = label_of(first) else {
        return false;
    };
    let value = first
        .split_once([':', '：'])
        .map(|(_, v)| v.trim())
        .unwrap_or_default();
    match label {
        Label::When => {
            found.date_texts.push(text.to_string());
            let when = super::parse_when_in(text, context);
            let used = when.date.is_some() || when.start.is_some();
            if used {
                found.meeting.merge_missing(when);
            } else if is_recurrence(value) {
                // `Date: biweekly (every two weeks on Friday)`: a slot, not a day.
                found.meeting.recurrence.get_or_insert(value.to_string());
            } else if !value.is_empty() && when.recurrence.is_none() {
                let key = key_of(first).unwrap_or_default();
                let what = if DATE_LABELS.contains(&key.as_str()) {
                    "date"
                } else {
                    "time"
                };
                found.unread.push((what, value.to_string()));
            }
            used
        }
        Label::Join => match super::parse_join_info(text) {
            Some(join) => {
                merge_join(&mut found.meeting.join, join);
                true
            }
            None => {
                // A link or a number that should have been the call's: worth saying.
                let words = value.split_whitespace().filter(|w| !w.contains("://"));
                let digits = words.flat_map(str::chars).filter(char::is_ascii_digit);
                if digits.count() >= 6 {
                    found.unread.push(("join info", value.to_string()));
                }
                false
            }
        },
        Label::Topic => {
            let topic = value.trim_matches(|c: char| c.is_whitespace() || c == '*');
            if topic.is_empty() || found.topic.is_some() {
                return false;
            }
            found.topic = Some(topic.to_string());
            true
        }
    }
}

/// Fills what `into` lacks from `join`.
pub(super) fn merge_join(into: &mut Option<JoinInfo>, join: JoinInfo) {
    let Some(have) = into else {
        *into = Some(join);
        return;
    };
    if have.link.is_none() {
        have.link = join.link;
        have.service = join.service.or(have.service.take());
    } else if have.service.is_none() {
        have.service = join.service;
    }
    have.meeting_id = have.meeting_id.take().or(join.meeting_id);
    have.passcode = have.passcode.take().or(join.passcode);
    have.topic = have.topic.take().or(join.topic);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Deck, DeckOptions};
    use crate::slides::plain_text;
    use std::path::Path;

    fn deck(path: &str, text: &str) -> Deck {
        Deck::from_text(Path::new(path), text, &DeckOptions::default()).expect("a deck")
    }

    /// Every slide's text, headings included.
    fn slides_text(deck: &Deck) -> String {
        deck.stacks
            .iter()
            .flat_map(|s| &s.slides)
            .map(|s| {
                let heading = s
                    .heading
                    .as_ref()
                    .map(|h| h.text.clone())
                    .unwrap_or_default();
                format!("{heading}\n{}\n", plain_text(&s.body))
            })
            .collect()
    }

    #[test]
    fn list_after_the_title_with_a_nested_join_item() {
        let d = deck(
            "club/2022-05-12-agenda.md",
            "# 开源贡献者俱乐部 第三次会议\n\n\
             - 本次会议时间：2022-05-12 19:00-20:00\n\
             - 本次会议接入方式：\n  - 腾讯会议：123-456-789\n  - 会议密码：1234\n  \
               - [点击链接入会](https://meeting.tencent.com/dm/AbCdEf)，或添加至会议列表\n\
             - 本次会议主席：某某\n\n## 会议议程\n\n1. 新人介绍\n",
        );
        assert_eq!(
            d.meeting.date.map(|d| d.iso()).as_deref(),
            Some("2022-05-12")
        );
        assert_eq!(d.meeting.time_range().as_deref(), Some("19:00–20:00"));
        let join = d.meeting.join.clone().expect("join info");
        assert_eq!(
            join.link.as_deref(),
            Some("https://meeting.tencent.com/dm/AbCdEf")
        );
        assert_eq!(join.meeting_id.as_deref(), Some("123-456-789"));
        assert_eq!(join.passcode.as_deref(), Some("1234"));
        let text = slides_text(&d);
        assert!(
            !text.contains("本次会议时间") && !text.contains("腾讯会议"),
            "{text}"
        );
        assert!(text.contains("本次会议主席"), "other lines stay: {text}");
    }

    #[test]
    fn bold_labels_under_the_first_section() {
        let d = deck(
            "group/2024/video-call.md",
            "## Agenda for the video call of the Example Group\n\n\
             - **Where**: zoom.us\n\
             - **When**: 2024-03-05, 16:00-17:00 UTC\n\
             - **Location**: https://zoom.us/j/91234567890?pwd=abc\n\n## Agenda items\n\n1. Opening\n",
        );
        assert_eq!(
            d.meeting.date.map(|d| d.iso()).as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(d.meeting.time_range().as_deref(), Some("16:00–17:00"));
        assert_eq!(d.meeting.timezone.as_deref(), Some("UTC"));
        let join = d.meeting.join.clone().expect("join info");
        assert_eq!(join.service.as_deref(), Some("Zoom"));
        let text = slides_text(&d);
        assert!(
            !text.contains("When") && !text.contains("zoom.us/j"),
            "{text}"
        );
        assert!(
            text.contains("Where: zoom.us"),
            "a line that gave nothing stays: {text}"
        );
    }

    #[test]
    fn paragraph_lines_and_two_column_tables_in_an_overview_section() {
        let d = deck(
            "n.md",
            "# Sync\n\n## Meeting info\n\n\
             | | |\n|---|---|\n| Date | 2024-06-06 |\n| Meeting ID | 851 2345 6789 |\n\n\
             ## Notes\n\nText\n",
        );
        assert_eq!(
            d.meeting.date.map(|d| d.iso()).as_deref(),
            Some("2024-06-06")
        );
        let join = d.meeting.join.clone().expect("join info");
        assert_eq!(join.meeting_id.as_deref(), Some("851 2345 6789"));
        let headings: Vec<String> = d
            .stacks
            .iter()
            .filter_map(|s| s.slides[0].heading.as_ref().map(|h| h.text.clone()))
            .collect();
        assert_eq!(headings, ["Notes"], "the emptied overview section goes");

        let d = deck(
            "n.md",
            "# Sync\n\n会议时间：2024/06/06 10:00\n会议地点：线上会议\n欢迎参加\n\n## A\n\nx\n",
        );
        assert_eq!(d.meeting.start.as_deref(), Some("10:00"));
        let text = slides_text(&d);
        assert!(
            !text.contains("会议时间") && text.contains("欢迎参加"),
            "{text}"
        );
    }

    #[test]
    fn a_date_not_on_the_calendar_is_never_shown_and_warned_with_its_line() {
        let d = deck(
            "notes/sync.md",
            "# Sync\n\n- 会议时间：2023/02/30 19:00-19:30\n\n## A\n\nx\n",
        );
        assert_eq!(d.meeting.date, None);
        assert_eq!(d.meeting.start.as_deref(), Some("19:00"));
        let warnings: Vec<String> = d.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("sync.md:3") && warnings[0].contains("2023/02/30"),
            "{warnings:?}"
        );
        let d = deck("notes/sync.md", "---\ndate: 2023-02-29\n---\n# Sync\n");
        assert_eq!(d.meeting.date, None);
        assert!(
            d.warnings[0].to_string().contains("sync.md:2"),
            "{:?}",
            d.warnings
        );
    }

    #[test]
    fn dates_from_the_folder_and_file_name() {
        let d = deck(
            "wasm/stack/2020/SG-10-19.md",
            "## Agenda for the October 19th video call of the Stack Subgroup\n\n\
             - **When**: October 19th, 16:00-17:00 UTC\n",
        );
        assert_eq!(
            d.meeting.date.map(|d| d.iso()).as_deref(),
            Some("2020-10-19")
        );
        let d = deck(
            "wasm/main/2017/CG-08-22.md",
            "## Agenda items\n\n1. Opening\n",
        );
        assert_eq!(
            d.meeting.date.map(|d| d.iso()).as_deref(),
            Some("2017-08-22")
        );
        let d = deck(
            "paddle/pposdwg/2024-Q1-meeting-agenda.md",
            "# 2024-Q1 会议议程\n",
        );
        assert_eq!(d.meeting.date, None, "a quarter is not a day");
    }

    #[test]
    fn titles_from_a_heading_naming_the_meeting_or_the_path() {
        let d = deck(
            "wasm/main/2017/CG-08-22.md",
            "![logo](/images/logo.png)\n\n## Agenda for the August 22nd video call of the Group\n\n\
             - **Dates**: Tuesday August 22, 2017\n\n## Agenda items\n\n1. Opening\n",
        );
        assert_eq!(
            d.title,
            "Agenda for the August 22nd video call of the Group"
        );
        assert_eq!(
            d.meeting.date.map(|d| d.iso()).as_deref(),
            Some("2017-08-22")
        );
        assert_eq!(
            d.title_date.clone().map(|r| &d.title[r]),
            Some("August 22nd")
        );
        let d = deck(
            "wasm/main/2017/CG-08-22.md",
            "## Agenda items\n\n1. Opening\n",
        );
        assert_eq!(d.title, "CG 2017-08-22");
        assert_eq!(
            d.title_date.clone().map(|r| &d.title[r]),
            Some("2017-08-22")
        );
        let d = deck("n/2024-05-02.md", "## 会议内容\n\nx\n");
        assert_eq!(d.title, "2024-05-02", "a content heading is no title");
    }

    #[test]
    fn topic_line_is_the_title_when_nothing_else_is() {
        let d = deck(
            "x/2023-11-16-meeting-agenda.md",
            "## 基本信息\n\n- 会议主题：工作组成立仪式\n- 会议时间：2023/11/16 19:00-21:00\n\n## 会议议程\n\n- 介绍\n",
        );
        assert_eq!(d.title, "工作组成立仪式");
        assert_eq!(d.subtitle, None);
    }

    #[test]
    fn a_meeting_id_after_the_join_link() {
        for text in [
            "# Sync\n\nJoin: https://zoom.us/j/85123456789\nID: 851 2345 6789\n\n## A\n\nx\n",
            "# Sync\n\n- **Join**: [Zoom](https://zoom.us/j/85123456789)\n- Meeting-ID 851 2345 6789\n\n## A\n\nx\n",
            "# Sync\n\n会议链接：https://zoom.us/j/85123456789\n\n851 2345 6789\n\n## A\n\nx\n",
        ] {
            let d = deck("n.md", text);
            let join = d.meeting.join.clone().expect("join info");
            assert_eq!(join.meeting_id.as_deref(), Some("851 2345 6789"), "{text}");
            let left = slides_text(&d);
            assert!(!left.contains("851 2345"), "the ID line leaves: {left}");
        }
        // Not after a link: an unlabelled number stays where it is.
        let d = deck("n.md", "# Sync\n\n851 2345 6789\n\n## A\n\nx\n");
        assert_eq!(d.meeting.join, None);
    }

    #[test]
    fn labelled_metadata_not_understood_is_reported_with_its_line() {
        let d = deck(
            "n/sync.md",
            "# Sync\n\n- Time: after lunch, probably\n- 日期：下周某天\n\
             - Meeting ID: 85 12 34 56 78 9x\n- Date: biweekly (every two weeks on Friday)\n\n\
             ## A\n\nx\n",
        );
        let unread: Vec<String> = d.unread.iter().map(ToString::to_string).collect();
        assert_eq!(
            unread,
            [
                "n/sync.md:3: time not understood: after lunch, probably",
                "n/sync.md:4: date not understood: 下周某天",
            ],
        );
        assert_eq!(
            d.meeting.recurrence.as_deref(),
            Some("biweekly (every two weeks on Friday)"),
            "a recurrence is understood"
        );
        assert!(slides_text(&d).contains("after lunch"), "the line stays");
        let d = deck(
            "n/sync.md",
            "# Sync\n\n## Time\n\nafter lunch\n\n## A\n\nx\n",
        );
        assert_eq!(
            d.unread[0].to_string(),
            "n/sync.md:5: time not understood: after lunch"
        );
        let d = deck(
            "n/sync.md",
            "# Sync\n\n- Where: the usual room, ext. 1234 5678\n\n## A\n\nx\n",
        );
        assert_eq!(
            d.unread[0].to_string(),
            "n/sync.md:3: join info not understood: the usual room, ext. 1234 5678"
        );
    }

    #[test]
    fn labels_in_both_languages_and_with_full_width_colons() {
        assert_eq!(
            label_of("- 本次会议时间：2022-5-12 19：00"),
            Some(Label::When)
        );
        assert_eq!(label_of("**When**: October 19th"), Some(Label::When));
        assert_eq!(label_of("* Date: 2023-04-13"), Some(Label::When));
        assert_eq!(label_of("会议地点：线上会议"), Some(Label::Join));
        assert_eq!(label_of("Meeting ID: 851 2345 6789"), Some(Label::Join));
        assert_eq!(label_of("会议主题：飞桨社区特别会议"), Some(Label::Topic));
        assert_eq!(label_of("　会议时间　：　2023/4/13"), Some(Label::When));
        assert_eq!(label_of("本次会议主席：某人"), None);
        assert_eq!(label_of("Note: this is not metadata"), None);
        assert_eq!(label_of("no colon here"), None);
    }
}
