//! The title slide's labels, in the deck's language.

use serde::Serialize;

/// Labels of the title slide, in the deck's language.
#[derive(Serialize)]
pub(super) struct Labels {
    service: &'static str,
    link: &'static str,
    meeting_id: &'static str,
    passcode: &'static str,
}

impl Labels {
    pub(super) fn for_lang(lang: &str) -> Labels {
        if lang.starts_with("zh") {
            Labels {
                service: "会议平台",
                link: "入会链接",
                meeting_id: "会议号",
                passcode: "密码",
            }
        } else {
            Labels {
                service: "Service",
                link: "Join",
                meeting_id: "Meeting ID",
                passcode: "Passcode",
            }
        }
    }
}
