//! The title slide's labels, in the deck's language.

use serde::Serialize;

/// Labels of the title slide, in the deck's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct Labels {
    service: &'static str,
    link: &'static str,
    meeting_id: &'static str,
    passcode: &'static str,
}

/// The labels of each language, keyed by the start of a language tag (`zh` for `zh-CN`,
/// `zh-TW`...). The first row is the fallback for any other language.
const LABELS: &[(&str, Labels)] = &[
    (
        "en",
        Labels {
            service: "Service",
            link: "Join",
            meeting_id: "Meeting ID",
            passcode: "Passcode",
        },
    ),
    (
        "zh",
        Labels {
            service: "会议平台",
            link: "入会链接",
            meeting_id: "会议号",
            passcode: "密码",
        },
    ),
];

impl Labels {
    /// The labels for the language tag `lang`; English when it has none of its own.
    pub(super) fn for_lang(lang: &str) -> Labels {
        LABELS
            .iter()
            .find(|(prefix, _)| lang.starts_with(prefix))
            .unwrap_or(&LABELS[0])
            .1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_by_language_with_english_as_fallback() {
        assert_eq!(Labels::for_lang("zh-CN").meeting_id, "会议号");
        assert_eq!(Labels::for_lang("zh").passcode, "密码");
        for lang in ["en", "en-GB", "fr", ""] {
            assert_eq!(Labels::for_lang(lang), LABELS[0].1, "{lang}");
        }
    }
}
