//! The meeting's own metadata, read from plain text: date, time range, join link, meeting ID.
//!
//! These are pure functions over strings so they can be tested on every shape of invitation
//! text (Tencent Meeting, Zoom, Google Meet, Teams, Feishu, Webex...) without any Markdown.

use serde::Serialize;

/// What the title slide shows about the meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Meeting {
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `HH:MM`.
    pub start: Option<String>,
    /// `HH:MM`.
    pub end: Option<String>,
    /// As written, e.g. `GMT+08:00`.
    pub timezone: Option<String>,
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
    pub topic: Option<String>,
    pub link: Option<String>,
    pub meeting_id: Option<String>,
    pub passcode: Option<String>,
}

/// Video-call services recognised by host (and by name in the text).
const SERVICES: &[(&str, &str)] = &[
    ("meeting.tencent.com", "Tencent Meeting"),
    ("voovmeeting.com", "VooV Meeting"),
    ("zoom.us", "Zoom"),
    ("zoom.com", "Zoom"),
    ("meet.google.com", "Google Meet"),
    ("teams.microsoft.com", "Microsoft Teams"),
    ("teams.live.com", "Microsoft Teams"),
    ("webex.com", "Webex"),
    ("meeting.feishu.cn", "Feishu"),
    ("vc.feishu.cn", "Feishu"),
    ("larksuite.com", "Lark"),
    ("meeting.dingtalk.com", "DingTalk"),
    ("jitsi", "Jitsi Meet"),
    ("whereby.com", "Whereby"),
    ("bigbluebutton", "BigBlueButton"),
];

/// Labels that introduce a meeting ID in invitations.
const ID_LABELS: &[&str] = &[
    "腾讯会议",
    "会议号",
    "会议 id",
    "会议id",
    "meeting id",
    "meeting number",
    "conference id",
    "webinar id",
    "voov meeting",
];

const TOPIC_LABELS: &[&str] = &["会议主题", "主题", "topic", "meeting topic", "subject"];
const PASSCODE_LABELS: &[&str] = &["会议密码", "密码", "passcode", "password"];
const RECURRENCE_LABELS: &[&str] = &["重复周期", "recurrence", "repeats", "recurring"];

/// Reads join info from an invitation text (a fenced block or a list); `None` when the text
/// has no meeting link and no meeting ID.
pub fn parse_join_info(text: &str) -> Option<JoinInfo> {
    let mut info = JoinInfo::default();
    let mut fallback_link = None;
    for line in text.lines() {
        let line = line.trim().trim_start_matches(['-', '*', '#', '>']).trim();
        if line.is_empty() {
            continue;
        }
        for url in find_urls(line) {
            if let Some(service) = service_of(url) {
                if info.link.is_none() {
                    info.link = Some(url.to_string());
                    info.service = Some(service.to_string());
                }
            } else if fallback_link.is_none() {
                fallback_link = Some(url.to_string());
            }
        }
        if let Some(value) = labelled(line, TOPIC_LABELS) {
            info.topic.get_or_insert(value);
        }
        if let Some(value) = labelled(line, PASSCODE_LABELS) {
            info.passcode.get_or_insert(value);
        }
        if let Some(value) = labelled(line, ID_LABELS) {
            if let Some(id) = meeting_id_in(&value) {
                info.meeting_id.get_or_insert(id);
                if info.service.is_none() && line.contains("腾讯会议") {
                    info.service = Some("Tencent Meeting".into());
                }
            }
        }
    }
    // A generic link counts only when the text otherwise looks like an invitation.
    if info.link.is_none() && (info.meeting_id.is_some() || info.topic.is_some()) {
        info.link = fallback_link;
    }
    (info.link.is_some() || info.meeting_id.is_some()).then_some(info)
}

fn service_of(url: &str) -> Option<&'static str> {
    let host = url.split("://").nth(1)?.split(['/', '?', '#']).next()?;
    let host = host.to_ascii_lowercase();
    SERVICES
        .iter()
        .find(|(needle, _)| host.contains(needle))
        .map(|(_, name)| *name)
}

/// The `http(s)://` URLs in a line, without trailing punctuation.
fn find_urls(line: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = line;
    while let Some(start) = rest.find("http") {
        let candidate = &rest[start..];
        if candidate.starts_with("http://") || candidate.starts_with("https://") {
            let end = candidate
                .find(|c: char| c.is_whitespace() || "<>\"'）)，。】]".contains(c))
                .unwrap_or(candidate.len());
            let url = candidate[..end].trim_end_matches(['.', ',', ';', ':']);
            if url.len() > "https://".len() {
                urls.push(url);
            }
            rest = &candidate[end..];
        } else {
            rest = &candidate[4..];
        }
    }
    urls
}

/// `label: value` or `label：value` (full-width colon) with a label from `labels`.
fn labelled(line: &str, labels: &[&str]) -> Option<String> {
    let (key, value) = line.split_once([':', '：'])?;
    let key = key.trim().to_lowercase();
    let known = labels
        .iter()
        .any(|label| key == *label || key.ends_with(label));
    let value = value.trim();
    (known && !value.is_empty()).then(|| value.to_string())
}

/// The digits (with `-` or space groups) of a meeting ID: `341-233-112`, `703 9861 0542`.
fn meeting_id_in(value: &str) -> Option<String> {
    let start = value.find(|c: char| c.is_ascii_digit())?;
    let id: String = value[start..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-' || *c == ' ')
        .collect();
    let id = id.trim().trim_end_matches('-').to_string();
    (id.chars().filter(char::is_ascii_digit).count() >= 6).then_some(id)
}

/// Reads a date, a time range, a time zone and a recurrence from text such as
/// `2023/02/23 19:00 ~ 19:30` or `会议时间：2023/02/23 19:00-19:30 (GMT+08:00) 中国标准时间`.
pub fn parse_when(text: &str) -> Meeting {
    let mut meeting = Meeting::default();
    for line in text.lines() {
        // The recurrence line has dates and times of its own: read it, but not as the date.
        if let Some(value) = labelled(line.trim(), RECURRENCE_LABELS) {
            meeting.recurrence.get_or_insert(value);
            continue;
        }
        if meeting.date.is_none() {
            meeting.date = find_date(line);
        }
        if meeting.start.is_none() {
            if let Some((start, end)) = find_time_range(line) {
                meeting.start = Some(start);
                meeting.end = end;
            }
        }
        if meeting.timezone.is_none() {
            meeting.timezone = find_timezone(line);
        }
    }
    meeting
}

/// The first date in `text` as `YYYY-MM-DD`: `2023/02/23`, `2023-04- 13`, `2023.1.5`,
/// `2023年1月12日`.
pub fn find_date(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if let Some((date, _)) = date_at(&chars, i) {
            return Some(date);
        }
        i += 1;
    }
    None
}

fn date_at(chars: &[char], start: usize) -> Option<(String, usize)> {
    if start > 0 && chars[start - 1].is_ascii_digit() {
        return None;
    }
    let (year, mut i) = number_at(chars, start, 4, 4)?;
    let mut parts = [0u32; 2];
    for part in &mut parts {
        // separator, optionally surrounded by spaces
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
        match chars.get(i) {
            Some('-' | '/' | '.' | '年' | '月') => i += 1,
            _ => return None,
        }
        while chars.get(i) == Some(&' ') {
            i += 1;
        }
        let (n, next) = number_at(chars, i, 1, 2)?;
        *part = n;
        i = next;
    }
    let [month, day] = parts;
    let valid =
        (1900..=2999).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day);
    valid.then(|| (format!("{year:04}-{month:02}-{day:02}"), i))
}

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

fn find_timezone(text: &str) -> Option<String> {
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

/// A deck title from a file name: `2023-04- 13.md` → `2023-04-13`; other names are kept
/// with `_`/`-` runs turned into spaces only when they are not dates.
pub fn title_from_file_name(stem: &str) -> String {
    if let Some(date) = find_date(stem) {
        let rest = stem.trim();
        // The whole name is the date (possibly with stray spaces): show it cleanly.
        let squeezed: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed.len() <= 10 || squeezed.replace(['/', '.'], "-") == date {
            return date;
        }
    }
    stem.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TENCENT: &str = "8毛 邀请您参加腾讯会议\n会议主题：Curve 社区双周会\n\
        会议时间：2023/02/23 19:00-19:30 (GMT+08:00) 中国标准时间 - 北京\n\n\
        点击链接入会，或添加至会议列表：\nhttps://meeting.tencent.com/dm/abcDEF123\n\n\
        #腾讯会议：341-233-112\n\n复制该信息，打开手机腾讯会议即可参与\n";

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
        assert_eq!(when.date.as_deref(), Some("2023-02-23"));
        assert_eq!(when.start.as_deref(), Some("19:00"));
        assert_eq!(when.end.as_deref(), Some("19:30"));
        assert_eq!(when.timezone.as_deref(), Some("GMT+08:00"));
    }

    #[test]
    fn zoom_invitation_as_a_list() {
        let text = "- Topic: Storage SIG\n- Join: https://us02web.zoom.us/j/8512345678?pwd=abc\n\
                    - Meeting ID: 851 2345 6789\n- Passcode: 424242\n";
        let info = parse_join_info(text).unwrap();
        assert_eq!(info.service.as_deref(), Some("Zoom"));
        assert_eq!(info.meeting_id.as_deref(), Some("851 2345 6789"));
        assert_eq!(info.passcode.as_deref(), Some("424242"));
        assert_eq!(info.topic.as_deref(), Some("Storage SIG"));
    }

    #[test]
    fn google_meet_link_alone() {
        let info = parse_join_info("Join: https://meet.google.com/abc-defg-hij.").unwrap();
        assert_eq!(
            info.link.as_deref(),
            Some("https://meet.google.com/abc-defg-hij")
        );
        assert_eq!(info.service.as_deref(), Some("Google Meet"));
    }

    #[test]
    fn plain_links_are_not_join_info() {
        assert_eq!(parse_join_info("see https://github.com/x/y/pull/1"), None);
    }

    #[test]
    fn recurrence_is_not_the_date() {
        let m = parse_when(
            "重复周期：2022/10/20-2023/07/27 19:00-19:30, 每两周 (周四)\n\
                            会议时间：2023/04/13 19:00-19:30",
        );
        assert_eq!(m.date.as_deref(), Some("2023-04-13"));
        assert!(m.recurrence.unwrap().contains("每两周"));
    }

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
    fn date_shapes() {
        assert_eq!(find_date("2023/02/23 19:00").as_deref(), Some("2023-02-23"));
        assert_eq!(find_date("2023-04- 13").as_deref(), Some("2023-04-13"));
        assert_eq!(find_date("2023年1月5日").as_deref(), Some("2023-01-05"));
        assert_eq!(find_date("v2.5.0"), None);
        assert_eq!(find_date("12023-01-01"), None);
    }

    #[test]
    fn titles_from_file_names() {
        assert_eq!(title_from_file_name("2023-04- 13"), "2023-04-13");
        assert_eq!(title_from_file_name("2023-01-12"), "2023-01-12");
        assert_eq!(title_from_file_name("team sync"), "team sync");
    }
}
