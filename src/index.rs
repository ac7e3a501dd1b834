//! The index page of a folder build: one self-contained `index.html` listing every meeting,
//! newest first, grouped by year, with a search box that filters as you type.
//!
//! The data of one meeting is an [`IndexEntry`]; a batch build keeps the entries of unchanged
//! notes in its manifest, so the index is rebuilt without re-reading them.
//!
//! Search is plain substring matching over lower-cased, NFKC-normalised text (done in the
//! page's script): Chinese and Japanese have no spaces between words, so any tokenizer would
//! need a dictionary, while a substring match finds `快照` in `本地快照和克隆` for free.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use handlebars::Handlebars;
use serde::{Deserialize, Serialize};

use crate::build::Summary;
use crate::deck::Deck;
use crate::error::{Error, Result};
use crate::meeting::{Date, NoteKind};
use crate::render::labels::Labels;
use crate::render::{with_policy, Policy};
use crate::slides;

/// The index page template (handlebars; its script is written without `{{`).
const TEMPLATE: &str = include_str!("../themes/index/index.hbs");
/// The index page stylesheet, inlined into the page.
const CSS: &str = include_str!("../themes/index/index.css");

/// How many agenda items the index shows per meeting.
pub const AGENDA_ITEMS: usize = 4;

/// Most characters of a note's text kept for search (bounds the page size of big archives).
pub const SEARCH_TEXT_CHARS: usize = 6000;

/// One meeting in the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// The note's path relative to the folder built, `/`-separated.
    pub note: String,
    /// The deck's URL relative to the index page (percent-encoded where needed).
    pub href: String,
    /// The deck's title.
    pub title: String,
    /// The call's topic when it differs from the title.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// The meeting's date, when the note has one (serialized as `YYYY-MM-DD`).
    pub date: Option<Date>,
    /// The slides a viewer sees at 1280×720 (title slide included), continuation slides
    /// estimated (see [`crate::build::Summary`]).
    pub slides: usize,
    /// Whether `slides` counts estimated continuation slides: shown as "≈ 12 slides".
    #[serde(default)]
    pub estimated: bool,
    /// The first agenda items: the note's first section headings.
    pub agenda: Vec<String>,
    /// The note's text, whitespace collapsed, for search.
    pub text: String,
    /// The deck's language (`zh-CN`, `en`...).
    pub lang: String,
    /// Whether the note is its meeting's agenda or its minutes, when it says.
    #[serde(default)]
    pub kind: Option<NoteKind>,
}

impl IndexEntry {
    /// The index line of a deck summed up as `summary`: `note` is its path relative to the
    /// folder built, `deck_rel` the deck's path relative to the index page.
    pub fn new(summary: Summary, note: &Path, deck_rel: &Path) -> Self {
        IndexEntry {
            note: slash_path(note),
            href: href_for(deck_rel),
            title: summary.title,
            subtitle: summary.subtitle,
            date: summary.date,
            slides: summary.slides,
            estimated: summary.estimated,
            agenda: summary.agenda,
            text: summary.text,
            lang: summary.lang,
            kind: summary.kind,
        }
    }
}

/// The first `max` agenda items of a deck: its sections' headings. A section that is only a
/// container (an empty top slide over vertical slides, like `## 会议内容` over `### 一、...`)
/// is replaced by its vertical slides' headings, which are the real agenda.
pub fn agenda(deck: &Deck, max: usize) -> Vec<String> {
    let mut items = Vec::new();
    for stack in &deck.stacks {
        let Some(top) = stack.slides.first() else {
            continue;
        };
        let top_is_container = stack.slides.len() > 1 && slides::plain_text(&top.body).is_empty();
        let slides = if top_is_container {
            &stack.slides[1..]
        } else {
            &stack.slides[..1]
        };
        for slide in slides {
            if let Some(heading) = &slide.heading {
                let text = collapse_whitespace(&heading.text, usize::MAX);
                if !text.is_empty() && !items.contains(&text) {
                    items.push(text);
                }
            }
            if items.len() >= max {
                return items;
            }
        }
    }
    items
}

/// The deck's text for search: title, subtitle, then every slide's heading and body, with
/// whitespace collapsed and at most `max_chars` characters.
pub fn search_text(deck: &Deck, max_chars: usize) -> String {
    let mut text = String::new();
    text.push_str(&deck.title);
    if let Some(subtitle) = &deck.subtitle {
        text.push(' ');
        text.push_str(subtitle);
    }
    for slide in deck.stacks.iter().flat_map(|s| &s.slides) {
        if let Some(heading) = &slide.heading {
            text.push(' ');
            text.push_str(&heading.text);
        }
        text.push(' ');
        text.push_str(&slides::plain_text(&slide.body));
        if text.len() > max_chars.saturating_mul(4) {
            // Plenty already (a char is at most 4 bytes): stop converting.
            break;
        }
    }
    collapse_whitespace(&text, max_chars)
}

/// Runs of whitespace become one space; at most `max_chars` characters are kept.
fn collapse_whitespace(text: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max_chars.saturating_mul(4)));
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars >= max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars >= max_chars {
                break;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

/// A relative path with `/` separators (the manifest and the page use it on every system).
pub fn slash_path(path: &Path) -> String {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".to_string()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The relative URL of `path` (relative to the index): each segment percent-encoded where a
/// URL needs it, non-ASCII included (as UTF-8), so the link resolves the same from `file://`
/// on any system and from any web server.
pub fn href_for(path: &Path) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    // Space, quotes, `#` and `?` (which would end the path), `%` itself, and what a relative
    // URL could misread (`:` in a first segment looks like a scheme, `\` is a separator).
    const SEGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}')
        .add(b':')
        .add(b'\\')
        .add(b'|')
        .add(b'^')
        .add(b'[')
        .add(b']')
        .add(b'\'');
    slash_path(path)
        .split('/')
        .map(|segment| utf8_percent_encode(segment, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

#[derive(Serialize)]
struct PageContext<'a> {
    title: &'a str,
    lang: String,
    generator: String,
    css: &'static str,
    count: usize,
    /// The page's words, from the decks' one table per language.
    labels: &'static Labels,
    /// The runtime words (watch mode's overlay reads them), as JSON.
    words: String,
    years: Vec<YearContext<'a>>,
}

#[derive(Serialize)]
struct YearContext<'a> {
    year: String,
    meetings: Vec<MeetingContext<'a>>,
}

#[derive(Serialize)]
struct MeetingContext<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    date: Option<Date>,
    href: &'a str,
    slides: usize,
    estimated: bool,
    agenda: &'a [String],
    lang: &'a str,
    /// `Agenda` or `Minutes` (in the page's language), when another note has the same date:
    /// an agenda and the minutes of one meeting told apart.
    kind: Option<&'static str>,
    /// Lower-cased title, date, agenda and text: what the search box matches against.
    search: String,
}

/// Newest first: by date (undated last), then by note path, the later name first.
fn newest_first(a: &IndexEntry, b: &IndexEntry) -> std::cmp::Ordering {
    // `None < Some`, so comparing b to a puts dated notes first, newest first.
    b.date
        .cmp(&a.date)
        .then_with(|| b.note.cmp(&a.note))
        .then_with(|| a.title.cmp(&b.title))
}

/// A hash of the page's template and stylesheet: an index made with others is rebuilt.
pub fn template_key() -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in TEMPLATE.bytes().chain([0xff]).chain(CSS.bytes()) {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

/// Renders the index page of `entries` (in any order) under the page title `title`, with the
/// Content-Security-Policy of a page written to disk.
pub fn render_index(title: &str, entries: &[IndexEntry]) -> Result<String> {
    render_index_with(title, entries, Policy::Offline)
}

/// [`render_index`] with the Content-Security-Policy `policy` (watch mode serves the page).
pub fn render_index_with(title: &str, entries: &[IndexEntry], policy: Policy) -> Result<String> {
    let mut sorted: Vec<&IndexEntry> = entries.iter().collect();
    sorted.sort_by(|a, b| newest_first(a, b));
    let lang = page_lang(entries);
    let labels = Labels::for_lang(&lang);
    let words = crate::render::labels::words_script(&labels.runtime_json(true));
    let mut years: Vec<YearContext<'_>> = Vec::new();
    for entry in sorted.iter().copied() {
        let same_day = entry.date.is_some()
            && sorted
                .iter()
                .filter(|other| other.date == entry.date)
                .count()
                > 1;
        let kind = entry.kind.filter(|_| same_day).map(|kind| match kind {
            NoteKind::Agenda => labels.agenda,
            NoteKind::Minutes => labels.minutes,
        });
        let year = entry.date.map_or_else(
            || labels.undated.to_string(),
            |d| format!("{:04}", d.year()),
        );
        // A note without a title of its own is titled by its date, which the line already
        // shows: the call's topic takes the title's place instead of following it.
        let (title, subtitle) = match (entry.date, entry.subtitle.as_deref()) {
            (Some(date), Some(topic)) if entry.title.trim() == date.iso() => (topic, None),
            _ => (entry.title.as_str(), entry.subtitle.as_deref()),
        };
        let meeting = MeetingContext {
            title,
            subtitle,
            date: entry.date,
            href: &entry.href,
            slides: entry.slides,
            estimated: entry.estimated,
            agenda: &entry.agenda,
            lang: &entry.lang,
            kind,
            search: search_haystack(entry),
        };
        match years.last_mut() {
            Some(group) if group.year == year => group.meetings.push(meeting),
            _ => years.push(YearContext {
                year,
                meetings: vec![meeting],
            }),
        }
    }
    let context = PageContext {
        title,
        lang,
        generator: format!("meetdeck {}", env!("CARGO_PKG_VERSION")),
        css: CSS,
        count: entries.len(),
        labels,
        words,
        years,
    };
    let mut registry = Handlebars::new();
    registry.set_strict_mode(false);
    let template_error = |message: String| Error::Theme {
        path: "themes/index/index.hbs".into(),
        message,
    };
    registry
        .register_template_string("index", TEMPLATE)
        .map_err(|e| template_error(format!("template error: {e}")))?;
    let page = registry
        .render("index", &context)
        .map_err(|e| template_error(format!("render error: {e}")))?;
    Ok(with_policy(&page, policy))
}

fn search_haystack(entry: &IndexEntry) -> String {
    let mut text = String::with_capacity(entry.title.len() + entry.text.len() + 64);
    text.push_str(&entry.title);
    if let Some(subtitle) = &entry.subtitle {
        text.push(' ');
        text.push_str(subtitle);
    }
    if let Some(date) = &entry.date {
        text.push(' ');
        text.push_str(&date.iso());
    }
    for item in &entry.agenda {
        text.push(' ');
        text.push_str(item);
    }
    text.push(' ');
    text.push_str(&entry.text);
    text.to_lowercase()
}

/// The page's language: the most common among the meetings (ties: the first seen), `en`
/// for an empty index.
fn page_lang(entries: &[IndexEntry]) -> String {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let count = counts.entry(entry.lang.as_str()).or_insert((0, i));
        count.0 += 1;
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1 .0.cmp(&b.1 .0).then(b.1 .1.cmp(&a.1 .1)))
        .map_or_else(|| "en".to_string(), |(lang, _)| lang.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Deck, DeckOptions};

    fn deck(text: &str) -> Deck {
        Deck::from_text(Path::new("2024-03-07.md"), text, &DeckOptions::default()).unwrap()
    }

    fn entry(note: &str, date: Option<&str>, title: &str, text: &str) -> IndexEntry {
        IndexEntry {
            note: note.into(),
            href: href_for(&Path::new(note).with_extension("html")),
            title: title.into(),
            subtitle: None,
            date: date.and_then(Date::parse_iso),
            slides: 3,
            estimated: false,
            agenda: vec!["Roadmap".into()],
            text: text.into(),
            lang: "en".into(),
            kind: None,
        }
    }

    #[test]
    fn agenda_skips_container_sections() {
        let d = deck(
            "# Sync\n\n## Time\n\n2024/03/07 10:00-10:30\n\n## Content\n\n### One\n\nx\n\n\
             ### Two\n\ny\n\n## Q & A\n\nz\n",
        );
        assert_eq!(agenda(&d, 4), ["One", "Two", "Q & A"]);
        assert_eq!(agenda(&d, 2), ["One", "Two"]);
    }

    #[test]
    fn search_text_collapses_and_caps() {
        let d = deck("# 周会\n\n## 进展\n\n本地快照\n和克隆\n\n- a\n- b\n");
        let text = search_text(&d, 1000);
        assert!(text.contains("本地快照和克隆"), "{text}");
        assert!(!text.contains('\n'));
        assert_eq!(search_text(&d, 3).chars().count(), 3);
    }

    #[test]
    fn hrefs_are_relative_and_encoded() {
        assert_eq!(
            href_for(Path::new("2023/Double Week/2023-04- 13.html")),
            "2023/Double%20Week/2023-04-%2013.html"
        );
        assert_eq!(
            href_for(Path::new("会议/a#1?.html")),
            "%E4%BC%9A%E8%AE%AE/a%231%3F.html"
        );
        assert_eq!(href_for(Path::new("c:d.html")), "c%3Ad.html");
    }

    #[test]
    fn newest_first_grouped_by_year_and_escaped() {
        let entries = [
            entry("a.md", Some("2023-12-28"), "Old <b>", "alpha"),
            entry("b.md", Some("2024-01-11"), "New", "beta"),
            entry("c.md", None, "No date", "gamma"),
        ];
        let html = render_index("Team & co", &entries).unwrap();
        let new = html.find(">New<").unwrap();
        let old = html.find("Old &lt;b&gt;").unwrap();
        let undated = html.find(">No date<").unwrap();
        assert!(new < old && old < undated, "order");
        assert!(html.contains("Team &amp; co"));
        assert!(html.contains(r#"<html lang="en">"#));
        assert_eq!(html.matches(r#"class="year""#).count(), 3);
        assert!(!html.contains("<link") && !html.contains("src=\"http"));
    }

    #[test]
    fn a_note_titled_by_its_date_shows_its_topic_as_the_title() {
        let mut dated = entry("a.md", Some("2023-08-24"), "2023-08-24", "");
        dated.subtitle = Some("Storage SIG weekly".into());
        let mut titled = entry("b.md", Some("2023-08-10"), "Release review", "");
        titled.subtitle = Some("Storage SIG weekly".into());
        let html = render_index("Notes", &[dated, titled]).unwrap();
        let title = |t: &str| format!("<span class=\"meeting-title\">{t}</span>");
        assert!(html.contains(&title("Storage SIG weekly")), "{html}");
        assert!(!html.contains(&title("2023-08-24")), "the date twice");
        // A real title keeps the topic beside it.
        assert!(html.contains(&title("Release review")));
        assert_eq!(html.matches("class=\"meeting-subtitle\"").count(), 1);
    }

    #[test]
    fn an_agenda_and_the_minutes_of_one_day_are_told_apart() {
        let mut agenda = entry(
            "2024-01-25-meeting-agenda.md",
            Some("2024-01-25"),
            "例会",
            "",
        );
        agenda.kind = Some(NoteKind::Agenda);
        let mut minutes = entry(
            "2024-01-25-meeting-minutes.md",
            Some("2024-01-25"),
            "例会",
            "",
        );
        minutes.kind = Some(NoteKind::Minutes);
        let mut other = entry(
            "2024-01-11-meeting-minutes.md",
            Some("2024-01-11"),
            "例会",
            "",
        );
        other.kind = Some(NoteKind::Minutes);
        let html = render_index("Notes", &[agenda, minutes.clone(), other]).unwrap();
        assert!(
            html.contains("<span class=\"meeting-kind\">Agenda</span>"),
            "{html}"
        );
        assert!(html.contains("<span class=\"meeting-kind\">Minutes</span>"));
        assert_eq!(
            html.matches("class=\"meeting-kind\"").count(),
            2,
            "a note alone on its day needs no kind word"
        );
        minutes.lang = "zh-CN".into();
        let html = render_index("Notes", &[minutes.clone(), minutes]).unwrap();
        assert!(
            html.contains("<span class=\"meeting-kind\">纪要</span>"),
            "{html}"
        );
    }

    #[test]
    fn entries_carry_the_kind_the_note_says() {
        let note = Path::new("pfcc/2024-01-25-meeting-minutes.md");
        let deck = Deck::from_text(note, "# 例会\n\n## A\n", &DeckOptions::default()).unwrap();
        let estimates = crate::estimate::of_deck(&deck, &Default::default());
        let entry = IndexEntry::new(crate::build::Summary::of(&deck, &estimates), note, note);
        assert_eq!(entry.kind, Some(NoteKind::Minutes));
    }

    #[test]
    fn the_index_carries_its_policy() {
        let entries = [entry("a.md", Some("2024-01-04"), "A", "")];
        let page = render_index("Notes", &entries).unwrap();
        let meta = Policy::Offline.meta();
        assert!(page.contains(&format!("<head>{meta}")), "{page}");
        let served = render_index_with("Notes", &entries, Policy::Served).unwrap();
        assert!(served.contains("connect-src 'self'") && !page.contains("connect-src"));
    }

    #[test]
    fn page_lang_is_the_majority() {
        let mut a = entry("a.md", None, "a", "");
        a.lang = "zh-CN".into();
        let b = entry("b.md", None, "b", "");
        assert_eq!(page_lang(&[a.clone(), a, b]), "zh-CN");
        assert_eq!(page_lang(&[]), "en");
    }

    /// The index speaks the decks' table: Japanese and Traditional Chinese words, not the
    /// Simplified ones; and it carries the runtime words watch mode's overlay reads.
    #[test]
    fn index_words_come_from_the_deck_table() {
        for (lang, words) in [
            (
                "ja",
                [
                    "タイトルと本文を検索…",
                    "件の会議",
                    "一致する会議はありません",
                ],
            ),
            ("zh-TW", ["搜尋標題和內容…", "場會議", "沒有符合的會議"]),
            (
                "en",
                ["Search titles and text…", "meetings", "No meeting matches"],
            ),
        ] {
            let mut a = entry("a.md", None, "a", "");
            a.lang = lang.into();
            let html = render_index("Notes", &[a]).unwrap();
            for word in words {
                assert!(html.contains(word), "{lang}: {word}");
            }
            let labels = Labels::for_lang(lang);
            assert!(html.contains(&format!(
                "<script>{}</script>",
                crate::render::labels::words_script(&labels.runtime_json(true))
            )));
            if lang != "zh-CN" {
                assert!(!html.contains("搜索标题和内容"), "{lang}");
            }
        }
    }
}
