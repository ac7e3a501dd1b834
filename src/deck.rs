//! A deck before rendering: a note's slides, its meeting (the title slide) and the page's
//! language — what `assets` and `render` take.
//!
//! [`Deck::of`] splits the note (`slides`), takes the meeting's sections out for the title
//! slide (`meeting`) and settles the language: the note's front matter, else the setting,
//! else guessed from the text.

use std::path::Path;

use crate::meeting::{self, Meeting};
use crate::note::Note;
use crate::slides::{self, ImageRef, Stack, DEFAULT_SLIDE_LEVEL};

/// A deck before rendering.
#[derive(Debug, Clone)]
pub struct Deck {
    /// The deck's title (front matter, `#` heading or file name).
    pub title: String,
    /// The call's topic when it differs from the title (e.g. the file name gave the title).
    pub subtitle: Option<String>,
    /// BCP 47 language of the page (`zh-CN`, `ja`, `en`...), for fonts and line breaking.
    pub lang: String,
    /// What the title slide shows about the meeting.
    pub meeting: Meeting,
    /// Horizontal slides; each holds its vertical slides.
    pub stacks: Vec<Stack>,
    /// Every image the slides reference, in order, with its line.
    pub images: Vec<ImageRef>,
    /// Where `title` writes the meeting's date (byte offsets): the title slide shows it
    /// once, unbroken.
    pub title_date: Option<std::ops::Range<usize>>,
    /// Whether that date writes its year; a date without one is shown again in full beneath.
    pub title_date_has_year: bool,
    /// What the deck found but does not show (a date that is not on the calendar...).
    pub warnings: Vec<crate::error::Warning>,
    /// Metadata the note writes under a label or heading that was not understood, with its
    /// line (`time not understood: …`); `meetdeck check` reports them.
    pub unread: Vec<crate::error::Warning>,
    /// Whether the note is its meeting's agenda or its minutes, when it says.
    pub kind: Option<meeting::NoteKind>,
    /// A logo written before the note's first section (an image alone in a paragraph): the
    /// paragraph's inline events, shown on the title slide; empty when there is none.
    pub logo: Vec<pulldown_cmark::Event<'static>>,
}

/// What changes how a note becomes a deck.
#[derive(Debug, Clone)]
pub struct DeckOptions {
    /// Headings of this level (and above) start horizontal slides; one level down, vertical.
    pub slide_level: u8,
    /// The page language when the note's front matter does not say (else detected).
    pub lang: Option<String>,
}

impl Default for DeckOptions {
    fn default() -> Self {
        DeckOptions {
            slide_level: DEFAULT_SLIDE_LEVEL,
            lang: None,
        }
    }
}

impl Deck {
    /// The deck of `note`.
    pub fn of(note: &Note, options: &DeckOptions) -> Deck {
        let mut split = slides::split(note, options.slide_level);
        let about = meeting::extract(note, &mut split);
        let mut warnings = about.warnings;
        warnings.extend(split.not_embedded.iter().map(|(message, line)| {
            crate::error::Warning::new(&note.path, Some(*line), message.clone())
        }));
        let lang = note
            .front_matter
            .lang
            .clone()
            .or_else(|| options.lang.clone())
            .unwrap_or_else(|| meeting::detect_lang(note.body()));
        let logo = crate::opening::settle(&mut split.stacks, &about.title, &lang);
        Deck {
            lang,
            logo,
            title: about.title,
            subtitle: about.subtitle,
            meeting: about.meeting,
            stacks: split.stacks,
            images: split.images,
            title_date: about.title_date,
            title_date_has_year: about.title_date_has_year,
            warnings,
            unread: about.unread,
            kind: about.kind,
        }
    }

    /// The deck of a note's `text` (for tests and tools); `path` names it in messages.
    pub fn from_text(path: &Path, text: &str, options: &DeckOptions) -> crate::error::Result<Deck> {
        let note = Note::from_text(path, text.to_string())?;
        Ok(Deck::of(&note, options))
    }

    /// Slides in the deck as built: the title slide plus every content slide. (The runtime
    /// may add continuation slides when a slide does not fit the window.)
    pub fn slide_count(&self) -> usize {
        1 + self.stacks.iter().map(|s| s.slides.len()).sum::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slides::{plain_text, DEFAULT_SLIDE_LEVEL};
    use pulldown_cmark::Event;
    use std::path::Path;

    fn deck(text: &str) -> Deck {
        deck_at("notes/2024-05-02.md", text, DEFAULT_SLIDE_LEVEL)
    }

    /// The meeting's date as `YYYY-MM-DD`.
    fn iso(deck: &Deck) -> Option<String> {
        deck.meeting.date.map(|d| d.iso())
    }

    fn deck_at(path: &str, text: &str, slide_level: u8) -> Deck {
        let options = DeckOptions {
            slide_level,
            lang: None,
        };
        Deck::from_text(Path::new(path), text, &options).unwrap()
    }

    /// The deck's shape: each stack as its slides' titles.
    fn shape(deck: &Deck) -> Vec<Vec<String>> {
        deck.stacks
            .iter()
            .map(|s| {
                s.slides
                    .iter()
                    .map(|sl| sl.heading.as_ref().map_or("-".into(), |h| h.text.clone()))
                    .collect()
            })
            .collect()
    }

    const MEETING: &str = "<!--\n * @Date: 2024-04-30 10:00:00\n-->\n## 时间\n\n2024/05/02 19:00 ~ 19:30\n\n\
        ## 加入会议\n\n```text\n会议主题：社区周会\nhttps://meeting.tencent.com/dm/abc123\n#腾讯会议：341-233-112\n```\n\n\
        ## 会议内容\n\n### 一、近期工作\n\n#### 子项\n\n正文\n\n### 二、答疑\n\nQ?\n";

    #[test]
    fn level_two_slides_level_three_vertical() {
        let d = deck(MEETING);
        assert_eq!(
            shape(&d),
            vec![vec!["会议内容", "一、近期工作", "二、答疑"]],
            "time and join sections become the title slide"
        );
        assert_eq!(d.slide_count(), 4);
        // `####` stays inside its slide.
        let inner = plain_text(&d.stacks[0].slides[1].body);
        assert!(inner.contains("子项") && inner.contains("正文"), "{inner}");
    }

    #[test]
    fn meeting_metadata_from_sections() {
        let d = deck(MEETING);
        assert_eq!(iso(&d).as_deref(), Some("2024-05-02"));
        assert_eq!(d.meeting.time_range().as_deref(), Some("19:00–19:30"));
        let join = d.meeting.join.unwrap();
        assert_eq!(join.meeting_id.as_deref(), Some("341-233-112"));
        assert_eq!(
            join.link.as_deref(),
            Some("https://meeting.tencent.com/dm/abc123")
        );
        assert_eq!(d.title, "2024-05-02", "no `#`: title from the file name");
        assert_eq!(d.subtitle.as_deref(), Some("社区周会"));
        assert_eq!(d.lang, "zh-CN");
    }

    #[test]
    fn slide_level_three() {
        let d = deck_at("a.md", MEETING, 3);
        assert_eq!(
            shape(&d),
            vec![
                vec!["会议内容"],
                vec!["一、近期工作", "子项"],
                vec!["二、答疑"]
            ]
        );
    }

    #[test]
    fn hash_title_and_content_before_headings() {
        let d = deck("# Weekly sync\n\nIntro text.\n\n## One\n\nbody\n");
        assert_eq!(d.title, "Weekly sync");
        assert_eq!(
            shape(&d),
            vec![vec!["Weekly sync"], vec!["One"]],
            "content before the first section is headed with the title"
        );
        assert_eq!(d.lang, "en");
    }

    #[test]
    fn file_name_with_space_gives_clean_title() {
        let d = deck_at("2023-04- 13.md", "## A\n", 2);
        assert_eq!(d.title, "2023-04-13");
        assert_eq!(iso(&d).as_deref(), Some("2023-04-13"));
    }

    #[test]
    fn impossible_dates_are_never_the_meeting_date() {
        for title in ["2023-02-30", "2023-13-01", "2023-02-29", "2023年2月30日"] {
            let text = format!("# Weekly {title}\n\n## A\n\nx\n");
            let d = deck_at("notes/weekly.md", &text, 2);
            assert_eq!(d.meeting.date, None, "{title}");
            assert_eq!(d.title, format!("Weekly {title}"));
            // The next source that has a real date is used instead.
            let d = deck_at("notes/2023-03-02.md", &text, 2);
            assert_eq!(iso(&d).as_deref(), Some("2023-03-02"), "{title}");
            let front = format!("---\ndate: {title}\n---\n{text}");
            assert_eq!(deck_at("notes/x.md", &front, 2).meeting.date, None);
        }
        let d = deck_at("notes/weekly.md", "# Weekly 2024-02-29\n\n## A\n", 2);
        assert_eq!(iso(&d).as_deref(), Some("2024-02-29"));
    }

    #[test]
    fn front_matter_overrides() {
        let d = deck("---\ntitle: Release review\ndate: 2024-06-01\ntime: 10:00-11:00\nlang: en\n---\n## 时间\n\n2024/05/02 19:00 ~ 19:30\n");
        assert_eq!(d.title, "Release review");
        assert_eq!(iso(&d).as_deref(), Some("2024-06-01"));
        assert_eq!(d.meeting.time_range().as_deref(), Some("10:00–11:00"));
        assert_eq!(d.lang, "en");
    }

    #[test]
    fn cjk_soft_breaks_join_without_space_latin_keeps_it() {
        let d = deck("## A\n\n第一行\n第二行\nword\nnext\n");
        let html_text: Vec<String> = d.stacks[0].slides[0]
            .body
            .iter()
            .map(|e| format!("{e:?}"))
            .collect();
        let softbreaks = d.stacks[0].slides[0]
            .body
            .iter()
            .filter(|e| matches!(e, Event::SoftBreak))
            .count();
        assert_eq!(softbreaks, 2, "only CJK|CJK breaks dropped: {html_text:?}");
    }

    #[test]
    fn cjk_soft_breaks_join_through_inline_formatting() {
        let breaks = |md: &str| {
            let d = deck(md);
            d.stacks[0].slides[0]
                .body
                .iter()
                .filter(|e| matches!(e, Event::SoftBreak))
                .count()
        };
        // Bold, emphasis, links, strikethrough and code at either side of the break.
        assert_eq!(breaks("## A\n\n第一行**重点**\n第二行\n"), 0);
        assert_eq!(breaks("## A\n\n第一行\n*强调*第二行\n"), 0);
        assert_eq!(breaks("## A\n\n见[链接](https://x.org)\n第二行\n"), 0);
        assert_eq!(breaks("## A\n\n~~删除~~\n**_重点_**\n"), 0);
        assert_eq!(breaks("## A\n\n运行`命令`\n继续\n"), 0);
        // Latin on either side keeps its space, formatted or not.
        assert_eq!(breaks("## A\n\nsee **this**\nnext\n"), 1);
        assert_eq!(breaks("## A\n\n中文**bold**\n中文\n"), 1);
        // An image or raw HTML beside the break is not text: the break stays.
        assert_eq!(breaks("## A\n\n中文![图](a.png)\n中文\n"), 1);
    }

    #[test]
    fn configured_language_applies_unless_the_note_says_otherwise() {
        let note = Note::from_text(Path::new("n.md"), "## A\n\n中文内容\n".to_string()).unwrap();
        let options = DeckOptions {
            lang: Some("ja".to_string()),
            ..DeckOptions::default()
        };
        assert_eq!(Deck::of(&note, &options).lang, "ja");
        assert_eq!(Deck::of(&note, &DeckOptions::default()).lang, "zh-CN");
        let text = "---\nlang: en\n---\n## A\n\n中文内容\n".to_string();
        let note = Note::from_text(Path::new("n.md"), text).unwrap();
        assert_eq!(Deck::of(&note, &options).lang, "en");
    }

    #[test]
    fn speaker_notes_leave_the_slide() {
        let d =
            deck("## A\n\nvisible\n\n<!--\nnotes:\n- say this\n-->\n\n<!-- note: and this -->\n");
        let slide = &d.stacks[0].slides[0];
        assert_eq!(slide.notes, vec!["- say this", "and this"]);
        assert!(!format!("{:?}", slide.body).contains("say this"));
    }

    #[test]
    fn images_collected_with_lines() {
        let d = deck("## A\n\n![x](a%20b.png)\n\n<img src=\"../images/q.jpeg\" width=\"300\">\n\ntext <img src='c.png'> inline\n");
        let got: Vec<(&str, usize)> = d.images.iter().map(|i| (i.src.as_str(), i.line)).collect();
        assert_eq!(
            got,
            vec![("a%20b.png", 3), ("../images/q.jpeg", 5), ("c.png", 7)]
        );
    }

    #[test]
    fn join_block_outside_a_join_heading_is_found() {
        let d = deck("## Agenda\n\n```\nTopic: SIG\nhttps://zoom.us/j/123456789\nMeeting ID: 123 456 789\n```\n");
        assert_eq!(
            d.meeting.join.clone().unwrap().service.as_deref(),
            Some("Zoom")
        );
        assert_eq!(
            shape(&d),
            vec![vec!["Agenda"]],
            "not under a join heading: kept"
        );
    }

    #[test]
    fn empty_and_odd_notes_do_not_panic() {
        for text in [
            "",
            "#",
            "## \n",
            "###### deep\n",
            "---\n",
            "<!--",
            "<!-- -->",
            "# A\n# B\n",
        ] {
            let d = deck(text);
            assert!(d.slide_count() >= 1);
        }
    }
}
