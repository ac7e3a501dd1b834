//! The deck's labels (the title slide's, the alerts' titles), in the deck's language.

use pulldown_cmark::BlockQuoteKind;
use serde::Serialize;

/// Labels of the title slide, in the deck's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct Labels {
    service: &'static str,
    link: &'static str,
    meeting_id: &'static str,
    passcode: &'static str,
    /// The titles of GitHub's alerts (`> [!NOTE]`...).
    alerts: Alerts,
}

/// The titles of GitHub's five alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct Alerts {
    note: &'static str,
    tip: &'static str,
    important: &'static str,
    warning: &'static str,
    caution: &'static str,
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
            alerts: Alerts {
                note: "Note",
                tip: "Tip",
                important: "Important",
                warning: "Warning",
                caution: "Caution",
            },
        },
    ),
    (
        "zh",
        Labels {
            service: "会议平台",
            link: "入会链接",
            meeting_id: "会议号",
            passcode: "密码",
            alerts: Alerts {
                note: "备注",
                tip: "提示",
                important: "重要",
                warning: "警告",
                caution: "注意",
            },
        },
    ),
    (
        "ja",
        Labels {
            service: "会議サービス",
            link: "参加リンク",
            meeting_id: "会議 ID",
            passcode: "パスコード",
            alerts: Alerts {
                note: "注記",
                tip: "ヒント",
                important: "重要",
                warning: "警告",
                caution: "注意",
            },
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

    /// The title of an alert of `kind`, and its name in class names (`note`...).
    pub(super) fn alert(&self, kind: BlockQuoteKind) -> (&'static str, &'static str) {
        let a = &self.alerts;
        match kind {
            BlockQuoteKind::Note => (a.note, "note"),
            BlockQuoteKind::Tip => (a.tip, "tip"),
            BlockQuoteKind::Important => (a.important, "important"),
            BlockQuoteKind::Warning => (a.warning, "warning"),
            BlockQuoteKind::Caution => (a.caution, "caution"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_by_language_with_english_as_fallback() {
        assert_eq!(Labels::for_lang("zh-CN").meeting_id, "会议号");
        assert_eq!(Labels::for_lang("zh").passcode, "密码");
        assert_eq!(
            Labels::for_lang("zh-TW").alert(BlockQuoteKind::Tip),
            ("提示", "tip")
        );
        assert_eq!(Labels::for_lang("ja").alert(BlockQuoteKind::Note).0, "注記");
        assert_eq!(
            Labels::for_lang("de").alert(BlockQuoteKind::Caution).0,
            "Caution"
        );
        for lang in ["en", "en-GB", "fr", ""] {
            assert_eq!(Labels::for_lang(lang), LABELS[0].1, "{lang}");
        }
    }
}
