//! The meeting's own metadata, read from plain text: date, time range, join link, meeting ID.
//!
//! These are pure functions over strings so they can be tested on every shape of invitation
//! text (Tencent Meeting, Zoom, Google Meet, Teams, Feishu, Webex...) without any Markdown.
//!
//! - [`date`]: what a date is ([`Date`]) and how dates are found in text;
//! - `time`: times of day, time ranges and time zones;
//! - `join`: how to join the call ([`JoinInfo`]);
//! - `extract`: the meeting of a split note ([`extract`]): its metadata sections taken out of
//!   the slides, the rest filled from front matter, invitations, title and file name;
//! - `labelled`, `pieces`: labelled lines (`- 会议时间：…`, `**When**: …`) and the body's
//!   pieces they are written in;
//! - `kind`: whether a note is its meeting's agenda or its minutes;
//! - `lang`: the page language guessed from the text.

pub mod date;
mod extract;
mod join;
mod kind;
mod labelled;
mod lang;
mod pieces;
#[cfg(test)]
mod real_notes;
mod time;

use serde::Serialize;

pub use date::{
    date_from_path, find_date, find_date_in, find_date_span, impossible_dates, series_of_path,
    title_from_file_name, title_from_path, year_of_path, Date,
};
pub(crate) use extract::is_meta_heading;

/// Whether a line is a labelled metadata line (`- 本次会议时间：…`, `**When**: …`): what
/// `meetdeck new` carries over with the date moved.
pub(crate) fn is_meta_line(line: &str) -> bool {
    labelled::label_of(line).is_some()
}

/// Whether a heading names an overview of the meeting (`## 会议概况`, `## Logistics`).
pub(crate) fn is_overview_heading(heading: &str) -> bool {
    labelled::is_overview_heading(heading)
}
pub use extract::{extract, Extracted, JOIN_LINK_NOT_SHOWN};
pub use join::{is_web_link, parse_join_info};
pub use kind::{note_kind, NoteKind};
pub use lang::detect_lang;
pub use time::find_time_range;

/// What the title slide shows about the meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// The meeting's day (serialized as `YYYY-MM-DD`).
    pub date: Option<Date>,
    /// `HH:MM`.
    pub start: Option<String>,
    /// `HH:MM`.
    pub end: Option<String>,
    /// As written, e.g. `GMT+08:00`.
    pub timezone: Option<String>,
    /// How to join the call.
    pub join: Option<JoinInfo>,
    /// The invitation's recurrence line, e.g. `每两周 (周四)` or `every 2 weeks`.
    pub recurrence: Option<String>,
}

impl Meeting {
    /// `19:00–19:30`, `19:00` or nothing.
    pub fn time_range(&self) -> Option<String> {
        match (&self.start, &self.end) {
            (Some(s), Some(e)) => Some(format!("{s}–{e}")),
            (Some(s), None) => Some(s.clone()),
            _ => None,
        }
    }

    /// Fills what `self` lacks from `other`.
    pub fn merge_missing(&mut self, other: Meeting) {
        self.date = self.date.take().or(other.date);
        if self.start.is_none() {
            self.start = other.start;
            self.end = self.end.take().or(other.end);
        }
        self.timezone = self.timezone.take().or(other.timezone);
        self.join = self.join.take().or(other.join);
        self.recurrence = self.recurrence.take().or(other.recurrence);
    }
}

/// How to join the call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct JoinInfo {
    /// E.g. `Tencent Meeting`, `Zoom`; from the link's host or the text.
    pub service: Option<String>,
    /// The meeting's topic as the invitation names it.
    pub topic: Option<String>,
    /// The link to join.
    pub link: Option<String>,
    /// As written, e.g. `341-233-112`.
    pub meeting_id: Option<String>,
    /// The passcode, as written.
    pub passcode: Option<String>,
}

const RECURRENCE_LABELS: &[&str] = &["重复周期", "recurrence", "repeats", "recurring"];

/// Reads a date, a time range, a time zone and a recurrence from text such as
/// `2023/02/23 19:00 ~ 19:30` or `会议时间：2023/02/23 19:00-19:30 (GMT+08:00) 中国标准时间`.
pub fn parse_when(text: &str) -> Meeting {
    parse_when_in(text, &Context::default())
}

/// What the note around a text tells about its dates: the year its folder names
/// (`2017/CG-08-22.md`), for dates written without one (`October 19th`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Context {
    /// The year the note's path names, if any.
    pub year: Option<i64>,
}

/// [`parse_when`], with dates written without a year read in `context`'s year.
pub fn parse_when_in(text: &str, context: &Context) -> Meeting {
    let mut meeting = Meeting::default();
    for line in text.lines() {
        // The recurrence line has dates and times of its own: read it, but not as the date.
        if let Some(value) = labelled(line.trim(), RECURRENCE_LABELS) {
            meeting.recurrence.get_or_insert(value);
            continue;
        }
        if meeting.date.is_none() {
            meeting.date = find_date_in(line, context.year);
        }
        if meeting.start.is_none() {
            if let Some((start, end)) = find_time_range(line) {
                meeting.start = Some(start);
                meeting.end = end;
            }
        }
        if meeting.timezone.is_none() {
            meeting.timezone = time::find_timezone(line);
        }
    }
    meeting
}

/// `label: value` or `label：value` (full-width colon) with a label from `labels`.
pub(super) fn labelled(line: &str, labels: &[&str]) -> Option<String> {
    let (key, value) = line.split_once([':', '：'])?;
    let key = key.trim().to_lowercase();
    let known = labels
        .iter()
        .any(|label| key == *label || key.ends_with(label));
    let value = value.trim();
    (known && !value.is_empty()).then(|| value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TENCENT: &str = "8毛 邀请您参加腾讯会议\n会议主题：Curve 社区双周会\n\
        会议时间：2023/02/23 19:00-19:30 (GMT+08:00) 中国标准时间 - 北京\n\n\
        点击链接入会，或添加至会议列表：\nhttps://meeting.tencent.com/dm/abcDEF123\n\n\
        #腾讯会议：341-233-112\n\n复制该信息，打开手机腾讯会议即可参与\n";

    fn iso(date: Option<Date>) -> Option<String> {
        date.map(Date::iso)
    }

    #[test]
    fn tencent_invitation() {
        let info = parse_join_info(TENCENT).unwrap();
        assert_eq!(
            info.link.as_deref(),
            Some("https://meeting.tencent.com/dm/abcDEF123")
        );
        assert_eq!(info.meeting_id.as_deref(), Some("341-233-112"));
        assert_eq!(info.topic.as_deref(), Some("Curve 社区双周会"));
        assert_eq!(info.service.as_deref(), Some("Tencent Meeting"));
        let when = parse_when(TENCENT);
        assert_eq!(iso(when.date).as_deref(), Some("2023-02-23"));
        assert_eq!(when.start.as_deref(), Some("19:00"));
        assert_eq!(when.end.as_deref(), Some("19:30"));
        assert_eq!(when.timezone.as_deref(), Some("GMT+08:00"));
    }

    #[test]
    fn recurrence_is_not_the_date() {
        let m = parse_when(
            "重复周期：2022/10/20-2023/07/27 19:00-19:30, 每两周 (周四)\n\
                            会议时间：2023/04/13 19:00-19:30",
        );
        assert_eq!(iso(m.date).as_deref(), Some("2023-04-13"));
        assert!(m.recurrence.unwrap().contains("每两周"));
    }

    #[test]
    fn impossible_date_line_is_not_the_date() {
        let m = parse_when("会议时间：2023/02/30 19:00-19:30\n改到 2023/03/02");
        assert_eq!(iso(m.date).as_deref(), Some("2023-03-02"));
        assert_eq!(m.start.as_deref(), Some("19:00"));
    }
}
