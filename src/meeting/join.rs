//! How to join the call: the link, its service, the meeting ID, topic and passcode, as
//! invitations (Tencent Meeting, Zoom, Google Meet, Teams, Feishu, Webex...) write them.

use super::{labelled, JoinInfo};

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
    ("feishu.cn", "Feishu"),
    ("dingtalk.com", "DingTalk"),
    ("jitsi", "Jitsi Meet"),
    ("meet.jit.si", "Jitsi Meet"),
    ("whereby.com", "Whereby"),
    ("bigbluebutton", "BigBlueButton"),
    ("bbb.", "BigBlueButton"),
    ("discord.gg", "Discord"),
    ("discord.com", "Discord"),
];

/// Services as the text names them (lower-case), for a meeting ID written next to the name
/// (`【腾讯会议 250-563-655】`, `Zoom 851 2345 6789`).
const SERVICE_NAMES: &[(&str, &str)] = &[
    ("腾讯会议", "Tencent Meeting"),
    ("tencent meeting", "Tencent Meeting"),
    ("voov", "VooV Meeting"),
    ("zoom", "Zoom"),
    ("google meet", "Google Meet"),
    ("microsoft teams", "Microsoft Teams"),
    ("teams", "Microsoft Teams"),
    ("webex", "Webex"),
    ("飞书", "Feishu"),
    ("feishu", "Feishu"),
    ("lark", "Lark"),
    ("钉钉", "DingTalk"),
    ("dingtalk", "DingTalk"),
    ("jitsi", "Jitsi Meet"),
    ("bigbluebutton", "BigBlueButton"),
];

/// Words of a line that holds a recording, not a way to join (`录制文件：https://…`).
const RECORDING_WORDS: &[&str] = &["录制", "录屏", "回放", "recording", "recorded", "video of"];

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
    "飞书会议",
    "钉钉会议",
    "zoom meeting id",
    "webex meeting number",
    "access code",
];

const TOPIC_LABELS: &[&str] = &["会议主题", "主题", "topic", "meeting topic", "subject"];
const PASSCODE_LABELS: &[&str] = &["会议密码", "密码", "passcode", "password"];

/// Labels of a meeting ID written on the line after a join link, where a bare `ID` or
/// `Code` can only mean the call's (lower-case; `ID_LABELS` are read there too).
const ID_AFTER_LINK_LABELS: &[&str] = &[
    "id",
    "meeting-id",
    "meeting code",
    "code",
    "conference code",
    "会议 id",
    "会议代码",
    "会议号码",
];

/// The meeting ID of a line written after a join link: `Meeting ID: 851 2345 6789`,
/// `(ID 851 2345 6789)`, `#腾讯会议：341-233-112`, or the ID alone (`851 2345 6789`).
pub(super) fn meeting_id_after_link(line: &str) -> Option<String> {
    let lower = line
        .trim()
        .trim_start_matches(['-', '*', '+', '#', '>', '(', '（', '【', '[', ' '])
        .trim_end_matches([')', '）', '】', ']', '.', '。', ' '])
        .replace('*', "")
        .to_lowercase();
    let mut rest = lower.as_str();
    for label in ID_AFTER_LINK_LABELS.iter().chain(ID_LABELS) {
        if let Some(after) = rest.strip_prefix(label) {
            if after.starts_with([':', '：', ' ', '\u{3000}']) || after.is_empty() {
                rest = after;
                break;
            }
        }
    }
    let rest = rest.trim_start_matches([':', '：', ' ', '\u{3000}']);
    if !rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let id = meeting_id_in(rest)?;
    // Nothing but the ID (and a passcode or punctuation after it) on the line.
    let after = rest[id.len()..].trim_start_matches([',', '，', ';', ' ', ')', '）']);
    (after.is_empty() || PASSCODE_LABELS.iter().any(|p| after.starts_with(p))).then_some(id)
}

/// Reads join info from an invitation text (a fenced block or a list); `None` when the text
/// has no meeting link and no meeting ID.
pub fn parse_join_info(text: &str) -> Option<JoinInfo> {
    let mut info = JoinInfo::default();
    let mut fallback_link = None;
    // The line before gave the join link (the meeting ID is often written next).
    let mut after_link = false;
    for line in text.lines() {
        let line = line.trim().trim_start_matches(['-', '*', '#', '>']).trim();
        if line.is_empty() {
            continue;
        }
        if after_link && info.meeting_id.is_none() {
            if let Some(id) = meeting_id_after_link(line) {
                info.meeting_id = Some(id);
                continue;
            }
        }
        let had_link = info.link.is_some();
        let lower = line.to_lowercase();
        if RECORDING_WORDS.iter().any(|w| lower.contains(w)) {
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
        // A meeting ID right after the service's name: `【腾讯会议 250-563-655】`.
        if info.meeting_id.is_none() {
            for (name, service) in SERVICE_NAMES {
                let Some(at) = lower.find(name) else {
                    continue;
                };
                let after = &lower[at + name.len()..];
                let after = after.trim_start_matches([' ', ':', '：', '\u{3000}']);
                if after.starts_with(|c: char| c.is_ascii_digit()) {
                    if let Some(id) = meeting_id_in(after) {
                        info.meeting_id = Some(id);
                        info.service.get_or_insert_with(|| service.to_string());
                    }
                }
                break;
            }
        }
        after_link = !had_link && info.link.is_some();
    }
    // A generic link counts only when the text otherwise looks like an invitation.
    if info.link.is_none() && (info.meeting_id.is_some() || info.topic.is_some()) {
        info.link = fallback_link;
    }
    (info.link.is_some() || info.meeting_id.is_some()).then_some(info)
}

/// Whether `link` is a web address (`http://` or `https://`, without spaces or control
/// characters): the only links the title slide shows as a link and a QR code.
pub fn is_web_link(link: &str) -> bool {
    let lower = link.get(..8).unwrap_or(link).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && !link.chars().any(|c| c.is_whitespace() || c.is_control())
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn every_common_service_by_its_link() {
        for (line, service) in [
            (
                "会议链接：https://meeting.tencent.com/dm/AbCdEf12",
                "Tencent Meeting",
            ),
            (
                "Join: https://us06web.zoom.us/j/81234567890?pwd=xyz",
                "Zoom",
            ),
            ("Join: https://meet.google.com/abc-defg-hij", "Google Meet"),
            (
                "Join: https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc",
                "Microsoft Teams",
            ),
            ("Join: https://example.webex.com/meet/alice", "Webex"),
            ("会议链接：https://vc.feishu.cn/j/123456789", "Feishu"),
            ("Join: https://vc.larksuite.com/j/123456789", "Lark"),
            (
                "会议链接：https://meeting.dingtalk.com/j/abcDEF",
                "DingTalk",
            ),
            ("Join: https://meet.jit.si/ExampleWeeklySync", "Jitsi Meet"),
            (
                "Join: https://bbb.example.org/b/ali-x2a-7kq",
                "BigBlueButton",
            ),
            ("Where: Discord (https://discord.gg/AbCdEf)", "Discord"),
        ] {
            let info = parse_join_info(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(info.service.as_deref(), Some(service), "{line}");
            assert!(info.link.is_some(), "{line}");
        }
    }

    #[test]
    fn meeting_ids_and_passcodes_next_to_the_service() {
        let info =
            parse_join_info("本次会议接入方式：【腾讯会议 250-563-655】\n会议密码：无").unwrap();
        assert_eq!(info.meeting_id.as_deref(), Some("250-563-655"));
        assert_eq!(info.service.as_deref(), Some("Tencent Meeting"));
        assert_eq!(info.passcode.as_deref(), Some("无"));
        let info = parse_join_info("腾讯会议：383-5276-3788").unwrap();
        assert_eq!(info.meeting_id.as_deref(), Some("383-5276-3788"));
        let info = parse_join_info("Zoom 851 2345 6789, passcode: 424242").unwrap();
        assert_eq!(info.meeting_id.as_deref(), Some("851 2345 6789"));
        let info = parse_join_info("飞书会议：123 456 789").unwrap();
        assert_eq!(info.meeting_id.as_deref(), Some("123 456 789"));
        // A service named without a number is no join info.
        assert_eq!(parse_join_info("本次会议接入方式：【腾讯会议】"), None);
    }

    #[test]
    fn a_meeting_id_on_the_line_after_the_link() {
        for (text, id) in [
            (
                "Join: https://us02web.zoom.us/j/85123456789\nID: 851 2345 6789",
                "851 2345 6789",
            ),
            (
                "https://meeting.tencent.com/dm/AbCdEf12\n#腾讯会议：341-233-112",
                "341-233-112",
            ),
            (
                "Join Zoom: https://zoom.us/j/85123456789\n(Meeting-ID 851 2345 6789, passcode 42)",
                "851 2345 6789",
            ),
            (
                "会议链接：https://meeting.tencent.com/dm/AbCdEf12\n\n341-233-112",
                "341-233-112",
            ),
        ] {
            let info = parse_join_info(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(info.meeting_id.as_deref(), Some(id), "{text}");
        }
        // Digits far from a link, or in a sentence, are no meeting ID.
        let info = parse_join_info("Join: https://zoom.us/j/1\nWe have 123456789 users").unwrap();
        assert_eq!(info.meeting_id, None);
        assert_eq!(
            meeting_id_after_link("Code: 424 242 424"),
            Some("424 242 424".into())
        );
        assert_eq!(meeting_id_after_link("Budget: 1234567"), None);
    }

    #[test]
    fn a_recording_link_is_not_the_join_link() {
        assert_eq!(
            parse_join_info("录制文件：https://meeting.tencent.com/crm/2MjLzA8j93"),
            None
        );
    }

    #[test]
    fn plain_links_are_not_join_info() {
        assert_eq!(parse_join_info("see https://github.com/x/y/pull/1"), None);
    }
}
