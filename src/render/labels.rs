//! Every word a deck or an index page shows that is not the note's: one table per language
//! (English, Simplified and Traditional Chinese, Japanese), picked by the page's `lang`,
//! English for any other language.
//!
//! The templates get the whole table (`labels.service`...); the runtime, the speaker view,
//! the reading view and watch mode's overlay get [`RuntimeWords`], serialised into the page
//! as a small JSON object, only
//! the deck's own language. `{0}` and `{1}` in a runtime word are filled in by the runtime.
//! The object is set as `window.meetdeckWords` at the start of the runtime's `<script>` (a
//! JSON object is a JS expression; this costs fewer bytes than a JSON `<script>` to parse).

use pulldown_cmark::BlockQuoteKind;
use serde::Serialize;

/// The words of one language.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Labels {
    /// Title slide: the meeting's service (Zoom, Tencent Meeting...).
    pub service: &'static str,
    /// Title slide: the join link.
    pub link: &'static str,
    /// Title slide: the meeting ID.
    pub meeting_id: &'static str,
    /// Title slide: the passcode.
    pub passcode: &'static str,
    /// The placeholder of an image that could not be embedded (followed by its path).
    pub missing_image: &'static str,
    /// Index page: the search box's placeholder.
    pub search: &'static str,
    /// Index page: after a meeting's slide count.
    pub slides: &'static str,
    /// Index page: after the count of meetings.
    pub meetings: &'static str,
    /// Index page: shown when the search matches nothing.
    pub no_match: &'static str,
    /// Index page: the group of meetings without a date.
    pub undated: &'static str,
    /// The heading of the slide of attendees written before a note's first section.
    pub attendees: &'static str,
    /// Index page: a note that is its meeting's agenda (beside minutes of the same day).
    pub agenda: &'static str,
    /// Index page: a note that is its meeting's minutes (beside an agenda of the same day).
    pub minutes: &'static str,
    /// The titles of GitHub's alerts (`> [!NOTE]`...).
    pub alerts: Alerts,
    /// What the runtime shows.
    pub runtime: RuntimeWords,
}

/// The titles of GitHub's five alerts.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Alerts {
    /// `> [!NOTE]`.
    pub note: &'static str,
    /// `> [!TIP]`.
    pub tip: &'static str,
    /// `> [!IMPORTANT]`.
    pub important: &'static str,
    /// `> [!WARNING]`.
    pub warning: &'static str,
    /// `> [!CAUTION]`.
    pub caution: &'static str,
}

/// The words the deck's scripts show, sent to the page as JSON (short keys: every deck
/// carries them).
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct RuntimeWords {
    /// Reading view: the table of contents' heading.
    pub toc: &'static str,
    /// The button to the reading view.
    pub read: &'static str,
    /// The button back to the slides.
    pub slides: &'static str,
    /// Announced to screen readers: `{0}` the slide's number, `{1}` the total.
    pub slide: &'static str,
    /// The speaker view's window title, before the deck's.
    pub speaker: &'static str,
    /// Speaker view: a slide without speaker notes.
    pub notes: &'static str,
    /// Speaker view: `{0}` the time since presenting began.
    pub elapsed: &'static str,
    /// Speaker view: `{0}` the time left until the meeting's end.
    pub left: &'static str,
    /// Speaker view: `{0}` the time past the meeting's end.
    pub over: &'static str,
    /// Speaker view: `{0}` the meeting's planned length.
    pub planned: &'static str,
    /// Watch mode: the heading of the overlay shown when the note does not build.
    pub watch: &'static str,
}

const EN: Labels = Labels {
    service: "Service",
    link: "Join",
    meeting_id: "Meeting ID",
    passcode: "Passcode",
    missing_image: "Image not available",
    search: "Search titles and text…",
    slides: "slides",
    meetings: "meetings",
    no_match: "No meeting matches",
    undated: "Undated",
    attendees: "Attendees",
    agenda: "Agenda",
    minutes: "Minutes",
    alerts: Alerts {
        note: "Note",
        tip: "Tip",
        important: "Important",
        warning: "Warning",
        caution: "Caution",
    },
    runtime: RuntimeWords {
        toc: "Contents",
        read: "Read (R)",
        slides: "Slides (R)",
        slide: "Slide {0} of {1}",
        speaker: "Speaker",
        notes: "No notes.",
        elapsed: "{0} elapsed",
        left: "{0} left",
        over: "over by {0}",
        planned: "planned {0}",
        watch: "meetdeck: the note does not build; showing the last good deck",
    },
};

const ZH_CN: Labels = Labels {
    service: "会议平台",
    link: "入会链接",
    meeting_id: "会议号",
    passcode: "密码",
    missing_image: "图片无法显示",
    search: "搜索标题和内容…",
    slides: "页",
    meetings: "场会议",
    no_match: "没有匹配的会议",
    undated: "无日期",
    attendees: "参会人员",
    agenda: "议程",
    minutes: "纪要",
    alerts: Alerts {
        note: "备注",
        tip: "提示",
        important: "重要",
        warning: "警告",
        caution: "注意",
    },
    runtime: RuntimeWords {
        toc: "目录",
        read: "阅读 (R)",
        slides: "幻灯片 (R)",
        slide: "第 {0} 页，共 {1} 页",
        speaker: "演讲者",
        notes: "无备注。",
        elapsed: "已用 {0}",
        left: "剩余 {0}",
        over: "超时 {0}",
        planned: "计划 {0}",
        watch: "meetdeck：笔记无法生成，显示的是上一次成功的版本",
    },
};

const ZH_TW: Labels = Labels {
    service: "會議平台",
    link: "入會連結",
    meeting_id: "會議號碼",
    passcode: "密碼",
    missing_image: "圖片無法顯示",
    search: "搜尋標題和內容…",
    slides: "頁",
    meetings: "場會議",
    no_match: "沒有符合的會議",
    undated: "無日期",
    attendees: "與會人員",
    agenda: "議程",
    minutes: "紀要",
    alerts: Alerts {
        note: "備註",
        tip: "提示",
        important: "重要",
        warning: "警告",
        caution: "注意",
    },
    runtime: RuntimeWords {
        toc: "目錄",
        read: "閱讀 (R)",
        slides: "投影片 (R)",
        slide: "第 {0} 頁，共 {1} 頁",
        speaker: "講者",
        notes: "無備註。",
        elapsed: "已用 {0}",
        left: "剩餘 {0}",
        over: "超時 {0}",
        planned: "預計 {0}",
        watch: "meetdeck：筆記無法產生，顯示的是上一次成功的版本",
    },
};

const JA: Labels = Labels {
    service: "会議サービス",
    link: "参加リンク",
    meeting_id: "ミーティング番号",
    passcode: "パスコード",
    missing_image: "画像を表示できません",
    search: "タイトルと本文を検索…",
    slides: "枚",
    meetings: "件の会議",
    no_match: "一致する会議はありません",
    undated: "日付なし",
    attendees: "出席者",
    agenda: "議題",
    minutes: "議事録",
    alerts: Alerts {
        note: "注記",
        tip: "ヒント",
        important: "重要",
        warning: "警告",
        caution: "注意",
    },
    runtime: RuntimeWords {
        toc: "目次",
        read: "読む (R)",
        slides: "スライド (R)",
        slide: "スライド {0} / {1}",
        speaker: "発表者",
        notes: "ノートはありません。",
        elapsed: "経過 {0}",
        left: "残り {0}",
        over: "{0} 超過",
        planned: "予定 {0}",
        watch: "meetdeck：ノートをビルドできません。最後に成功したデッキを表示しています",
    },
};

/// The tables, by the language tags they are for (`en` first: the fallback).
pub const LANGUAGES: [(&str, &Labels); 4] = [
    ("en", &EN),
    ("zh-CN", &ZH_CN),
    ("zh-TW", &ZH_TW),
    ("ja", &JA),
];

impl Labels {
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

    /// The table for the language tag `lang` (`zh-CN`, `zh_TW`, `zh-Hant-HK`, `ja-JP`...):
    /// Traditional Chinese for `Hant`, Taiwan, Hong Kong and Macau, Simplified for any
    /// other Chinese; English for a language without a table of its own.
    pub fn for_lang(lang: &str) -> &'static Labels {
        let lang = lang.trim().to_ascii_lowercase().replace('_', "-");
        let mut subtags = lang.split('-');
        match subtags.next().unwrap_or("") {
            "zh" => {
                if subtags.any(|s| matches!(s, "hant" | "tw" | "hk" | "mo")) {
                    &ZH_TW
                } else {
                    &ZH_CN
                }
            }
            "ja" => &JA,
            _ => &EN,
        }
    }

    /// [`Labels::runtime`] as the JSON the page carries, safe inside a `<script>` element;
    /// without watch mode's word unless `watch` (a built deck has no watch overlay).
    pub fn runtime_json(&self, watch: bool) -> String {
        let mut value = serde_json::to_value(&self.runtime).unwrap_or_default();
        if let (false, Some(map)) = (watch, value.as_object_mut()) {
            map.remove("watch");
        }
        value.to_string().replace("</", "<\\/")
    }
}

/// The statement that gives the runtime its words: `window.meetdeckWords={...};`.
pub fn words_script(words_json: &str) -> String {
    format!("window.meetdeckWords={words_json};")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_by_language_with_english_as_fallback() {
        assert_eq!(Labels::for_lang("zh-CN").meeting_id, "会议号");
        assert_eq!(Labels::for_lang("zh").passcode, "密码");
        assert_eq!(Labels::for_lang("zh-Hans-CN").runtime.toc, "目录");
        for lang in ["zh-TW", "zh_tw", "zh-HK", "zh-Hant", "ZH-hant-TW"] {
            assert_eq!(Labels::for_lang(lang), &ZH_TW, "{lang}");
        }
        assert_eq!(Labels::for_lang("ja-JP"), &JA);
        for lang in ["en", "en-GB", "fr", "", "jav", "zhx"] {
            assert_eq!(Labels::for_lang(lang), &EN, "{lang}");
        }
    }

    /// Every table fills every word, with the same `{0}`/`{1}` the runtime fills in.
    #[test]
    fn every_table_is_complete_with_the_same_placeholders() {
        let words = |labels: &Labels| -> Vec<(String, String)> {
            let value = serde_json::to_value(labels).unwrap();
            let mut out = Vec::new();
            let mut walk = vec![(String::new(), value)];
            while let Some((key, value)) = walk.pop() {
                match value {
                    serde_json::Value::Object(map) => {
                        walk.extend(map.into_iter().map(|(k, v)| (format!("{key}.{k}"), v)))
                    }
                    serde_json::Value::String(s) => out.push((key, s)),
                    other => panic!("{key}: {other}"),
                }
            }
            out.sort();
            out
        };
        let placeholders =
            |s: &str| -> Vec<bool> { ["{0}", "{1}"].iter().map(|p| s.contains(p)).collect() };
        let english = words(&EN);
        for (tag, labels) in LANGUAGES {
            let these = words(labels);
            assert_eq!(these.len(), english.len(), "{tag}");
            for ((key, word), (_, en)) in these.iter().zip(&english) {
                assert!(!word.trim().is_empty(), "{tag}: {key} is empty");
                assert_eq!(
                    placeholders(word),
                    placeholders(en),
                    "{tag}: {key} = {word}"
                );
            }
        }
    }

    /// The CJK tables hold no English word, the English one no CJK character (the words
    /// that must differ, that is: `meetdeck`, `(R)` and placeholders are the same in all).
    #[test]
    fn tables_speak_their_language() {
        let is_cjk = |c: char| ('\u{3000}'..='\u{9fff}').contains(&c) || c >= '\u{ff00}';
        let english_word = |s: &str| {
            s.replace("meetdeck", "")
                .replace("(R)", "")
                .chars()
                .any(|c| c.is_ascii_alphabetic())
        };
        let json = |l: &Labels| serde_json::to_value(l).unwrap().to_string();
        assert!(!json(&EN).chars().any(is_cjk), "{}", json(&EN));
        for labels in [&ZH_CN, &ZH_TW, &JA] {
            let value = serde_json::to_value(labels).unwrap();
            let mut strings = vec![];
            for (_, v) in value.as_object().unwrap() {
                match v {
                    serde_json::Value::Object(m) => strings.extend(m.values().cloned()),
                    v => strings.push(v.clone()),
                }
            }
            for s in strings {
                let s = s.as_str().unwrap();
                assert!(!english_word(s), "{s}");
            }
        }
    }

    #[test]
    fn runtime_json_is_safe_in_a_script() {
        let json = EN.runtime_json(true);
        assert!(json.contains("\"toc\":\"Contents\""), "{json}");
        assert!(json.contains("\"watch\":"), "{json}");
        assert!(!EN.runtime_json(false).contains("\"watch\":"));
        assert!(!json.contains("</"));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["slide"], "Slide {0} of {1}");
    }
}
