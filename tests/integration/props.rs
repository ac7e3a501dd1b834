//! Property tests (proptest) of the converter, in process: arbitrary bytes and arbitrary
//! Markdown never panic, and always give a deck whose slides are whole.
//!
//! The Markdown generator writes notes out of the blocks real notes use (headings of every
//! level, paragraphs with inline markup, nested lists, tables, fenced code, speaker notes,
//! raw HTML, images, front matter), each heading carrying a unique marker, then checks:
//! - the deck renders, and every heading's marker is in it (nothing is lost);
//! - `<section>`s are balanced and there is one per slide and one per vertical stack;
//! - every slide's `data-line` is a line of the note, in order;
//! - the same note with CRLF or CR line endings, a UTF-8 BOM or as UTF-16 gives the same deck;
//! - with `--sanitize`, no script, event handler or `javascript:` URL is left in the slides.

use std::path::Path;

use meetdeck::assets::ImageCache;
use meetdeck::build::{self, BuildOptions};
use meetdeck::deck::{Deck, DeckOptions};
use meetdeck::note::Note;
use meetdeck::render::Injections;
use proptest::prelude::*;

/// Builds the deck of `bytes` as the binary would (no file is read but `meetdeck.toml`
/// lookups and images, which do not exist here).
fn build_bytes(bytes: &[u8], sanitize: bool) -> Result<(Note, String), String> {
    let note = Note::from_bytes(Path::new("prop.md"), bytes).map_err(|e| e.to_string())?;
    let options = BuildOptions {
        sanitize,
        ..BuildOptions::default()
    };
    let built = build::build_from_note(
        note.clone(),
        &options,
        &ImageCache::default(),
        &Injections::default(),
        &mut Default::default(),
    )
    .map_err(|e| e.to_string())?;
    Ok((note, built.html))
}

fn slides_html(deck: &str) -> &str {
    let start = deck
        .find("<div class=\"slides\">")
        .expect("slides container");
    let end = deck[start..]
        .find("<script id=\"meetdeck-runtime\">")
        .map_or(deck.len(), |i| start + i);
    &deck[start..end]
}

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "alpha",
        "beta",
        "会议",
        "纪要",
        "データ",
        "x",
        "1.",
        "2)",
        "*",
        "_",
        "`",
        "[",
        "]",
        "(",
        ")",
        "<",
        ">",
        "&",
        "\\",
        "|",
        "#",
        "~~",
        "**",
        "---",
        "http://a.example/b",
        "👍",
        "\u{200b}",
        "\t",
        "{{title}}",
        "www.example.com",
    ])
    .prop_map(str::to_string)
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 0..max).prop_map(|w| w.join(" "))
}

/// One block of Markdown (without the heading marker, added later).
#[derive(Debug, Clone)]
enum Block {
    Heading(usize, String),
    Paragraph(String),
    List(Vec<(usize, String)>),
    Table(usize, Vec<String>),
    Code(String, String),
    Notes(String),
    Html(String),
    Image(String),
    Quote(usize, String),
    Rule,
}

fn block() -> impl Strategy<Value = Block> {
    prop_oneof![
        3 => (1usize..=7, words(6)).prop_map(|(l, w)| Block::Heading(l, w)),
        3 => words(20).prop_map(Block::Paragraph),
        2 => prop::collection::vec((0usize..6, words(5)), 1..8).prop_map(Block::List),
        1 => (1usize..5, prop::collection::vec(words(3), 0..4))
            .prop_map(|(c, r)| Block::Table(c, r)),
        1 => (prop::sample::select(vec!["", "rust", "yaml", "bash", "nope"]), words(10))
            .prop_map(|(lang, body)| Block::Code(lang.to_string(), body)),
        1 => words(8).prop_map(Block::Notes),
        1 => prop::sample::select(vec![
            "<img src=\"a.png\" width=\"300\">",
            "<div><b>bold</b></div>",
            "<script>window.x = 1</script>",
            "<img src=x onerror=\"window.x = 2\">",
            "<a href=\"javascript:alert(1)\">j</a>",
            "<details open ontoggle=\"window.x = 3\"><summary>s</summary></details>",
            "<br>",
            "</div>",
            "<!-- a comment -->",
            "<!-->",
            "x <!---> y",
        ])
        .prop_map(|h| Block::Html(h.to_string())),
        1 => prop::sample::select(vec![
            "a.png", "b c.png", "%E4%B8%AD.png", "../x.png", "/etc/passwd",
            "http://example.org/a.png", "data:image/png;base64,AAAA", "javascript:alert(1)",
        ])
        .prop_map(|s| Block::Image(s.to_string())),
        1 => (1usize..6, words(6)).prop_map(|(d, w)| Block::Quote(d, w)),
        1 => Just(Block::Rule),
    ]
}

/// A generated note: its Markdown and the markers of its headings.
#[derive(Debug, Clone)]
struct GenNote {
    text: String,
    markers: Vec<String>,
    /// The marker of a leading `#` heading that the front matter's title replaces.
    title_replaced: Option<usize>,
}

impl GenNote {
    /// The markers that must be in the deck: all but that of a leading `#` heading when the
    /// front matter gives the title (the front matter wins).
    fn kept_markers(&self) -> Vec<&String> {
        (0..self.markers.len())
            .filter(|&i| Some(i) != self.title_replaced)
            .map(|i| &self.markers[i])
            .collect()
    }
}

fn note() -> impl Strategy<Value = GenNote> {
    (
        prop::option::of(words(3)),
        prop::collection::vec(block(), 0..30),
    )
        .prop_map(|(front, blocks)| {
            let mut text = String::new();
            let front_title = front.is_some();
            if let Some(title) = front {
                // Quoted YAML, so any word is a valid title.
                let title = title.replace('\\', "\\\\").replace('"', "\\\"");
                text.push_str(&format!("---\ntitle: \"{title}\"\n---\n\n"));
            }
            let mut markers = Vec::new();
            // Index (among the markers) of the first real heading, if a `#` and the front
            // matter has a title: that heading is replaced by it.
            let title_replaced = blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Heading(level, _) => Some(*level),
                    _ => None,
                })
                .enumerate()
                .find(|(_, level)| *level <= 6)
                .filter(|(_, level)| front_title && *level == 1)
                .map(|(index, _)| index);
            for block in blocks {
                match block {
                    Block::Heading(level, words) => {
                        let marker = format!("Hx{:04}x", markers.len());
                        let hashes = "#".repeat(level);
                        text.push_str(&format!("{hashes} {marker} {words}\n"));
                        // A 7th-level `#` is a paragraph: still its text must show.
                        markers.push(marker);
                    }
                    Block::Paragraph(p) => text.push_str(&format!("text {p}\n")),
                    Block::List(items) => {
                        let mut depth = 0;
                        for (want, item) in items {
                            depth = want.min(depth + 1);
                            text.push_str(&format!("{}- item {item}\n", "  ".repeat(depth)));
                        }
                    }
                    Block::Table(cols, rows) => {
                        text.push_str(&format!("{}|\n", "| h ".repeat(cols)));
                        text.push_str(&format!("{}|\n", "|---".repeat(cols)));
                        for row in rows {
                            let cell = row.replace('|', "\\|");
                            text.push_str(&format!("{}|\n", format!("| {cell} ").repeat(cols)));
                        }
                    }
                    Block::Code(lang, body) => {
                        let body = body.replace('`', "'");
                        text.push_str(&format!("```{lang}\n{body}\n```\n"));
                    }
                    Block::Notes(n) => {
                        let n = n.replace("--", "");
                        text.push_str(&format!("<!-- notes: {n} -->\n"));
                    }
                    Block::Html(h) => text.push_str(&format!("{h}\n")),
                    Block::Image(src) => text.push_str(&format!("![an image]({src})\n")),
                    Block::Quote(depth, w) => {
                        text.push_str(&format!("{}quote {w}\n", "> ".repeat(depth)))
                    }
                    Block::Rule => text.push_str("***\n"),
                }
                text.push('\n');
            }
            GenNote {
                text,
                markers,
                title_replaced,
            }
        })
}

/// `<section` count expected for `deck`: the title slide, one per slide, one more per
/// vertical stack.
fn expected_sections(note: &Note) -> usize {
    let deck = Deck::of(note, &DeckOptions::default());
    1 + deck
        .stacks
        .iter()
        .map(|s| {
            if s.slides.len() > 1 {
                s.slides.len() + 1
            } else {
                s.slides.len()
            }
        })
        .sum::<usize>()
}

fn data_lines(slides: &str) -> Vec<usize> {
    slides
        .match_indices("data-line=\"")
        .filter_map(|(at, m)| {
            let rest = &slides[at + m.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

/// The fuzz target's corpus (`fuzz/corpus/build_deck/`, crash reproducers included once
/// found) replayed as the target runs it: the first byte picks the slide level and
/// `--sanitize`. Runs with every `cargo test`, no nightly needed.
#[test]
fn fuzz_corpus_replays_without_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/build_deck");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let (options, bytes) = data.split_first().map_or((0, &data[..]), |(&b, r)| (b, r));
        let Ok(note) = Note::from_bytes(Path::new("fuzz.md"), bytes) else {
            continue;
        };
        let build = BuildOptions {
            slide_level: Some(1 + (options & 0x07) % 6),
            sanitize: options & 0x80 != 0,
            ..BuildOptions::default()
        };
        let built = build::build_from_note(
            note,
            &build,
            &ImageCache::default(),
            &Injections::default(),
            &mut Default::default(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            built.html.contains("<div class=\"slides\">"),
            "{}",
            path.display()
        );
        replayed += 1;
    }
    assert!(replayed >= 30, "only {replayed} inputs replayed");
}

proptest! {
    #![proptest_config(ProptestConfig {
        // PROPTEST_CASES=5000 for a longer hunt.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(96),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        if let Ok((_, html)) = build_bytes(&bytes, false) {
            prop_assert!(html.contains("<div class=\"slides\">"));
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}", sanitize in any::<bool>()) {
        if let Ok((_, html)) = build_bytes(text.as_bytes(), sanitize) {
            prop_assert!(html.contains("<div class=\"slides\">"));
        }
    }

    #[test]
    fn markdown_gives_whole_slides(generated in note()) {
        let (note, html) = build_bytes(generated.text.as_bytes(), false)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", generated.text)))?;
        let slides = slides_html(&html);
        for marker in generated.kept_markers() {
            prop_assert!(slides.contains(marker.as_str()), "{marker} lost:\n{}", generated.text);
        }
        let opened = slides.matches("<section").count();
        prop_assert_eq!(opened, slides.matches("</section>").count());
        prop_assert_eq!(opened, expected_sections(&note), "{}", generated.text);
        let lines = data_lines(slides);
        let last_line = generated.text.lines().count().max(1);
        prop_assert!(lines.iter().all(|&l| (1..=last_line).contains(&l)), "{:?}", lines);
        prop_assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{:?}", lines);
    }

    #[test]
    fn line_endings_and_encodings_do_not_change_the_deck(generated in note()) {
        let text = &generated.text;
        let (_, html) = build_bytes(text.as_bytes(), false)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend(text.as_bytes());
        let mut utf16 = vec![0xff, 0xfe];
        utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        for variant in [
            text.replace('\n', "\r\n").into_bytes(),
            text.replace('\n', "\r").into_bytes(),
            bom,
            utf16,
        ] {
            let (_, other) = build_bytes(&variant, false)
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(other == html, "the deck changed:\n{}", text);
        }
    }

    #[test]
    fn raw_html_references_leave_nothing_to_fetch(
        tags in prop::collection::vec(reference_tag(), 1..8),
        sanitize in any::<bool>(),
    ) {
        let text = format!("# T\n\n## S\n\n{}\n\ntext {}\n", tags.concat(), tags.concat());
        let (_, html) = build_bytes(text.as_bytes(), sanitize)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        let slides = slides_html(&html).to_ascii_lowercase();
        // A remote address is only ever a link's href (clicked, never fetched), a title or
        // text.
        for (at, _) in slides.match_indices("r.example") {
            let before = &slides[..at];
            let fine = [
                "href=\"https://", "href=\"http://", "href=\"//", "title=\"https://", "title=\"http://",
                ">https://", ">//", ">http://",
            ]
                .iter()
                .any(|ok| before.ends_with(ok));
            prop_assert!(fine, "a reference left: {}\n{text}", &slides[at.saturating_sub(40)..at + 9]);
        }
    }

    #[test]
    fn sanitized_slides_hold_no_script(generated in note()) {
        let (_, html) = build_bytes(generated.text.as_bytes(), true)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        let slides = slides_html(&html).to_ascii_lowercase();
        // (`javascript:` may be text: the placeholder of a refused `![](javascript:...)`.)
        for bad in ["<script", "\"javascript:", "=javascript:", "onerror", "ontoggle", "window.x"] {
            prop_assert!(!slides.contains(bad), "{bad} in:\n{}", generated.text);
        }
    }
}

/// One raw HTML tag of the kinds that reference files, with local and remote values.
fn reference_tag() -> impl Strategy<Value = String> {
    let url = prop::sample::select(vec![
        "https://r.example/a.png",
        "//r.example/b",
        "HTTP://r.example/c.mp4",
        "a.png",
        "v.mp4",
        "",
        "javascript:x()",
    ]);
    let tag = prop::sample::select(vec![
        ("img", "src"),
        ("img", "srcset"),
        ("source", "srcset"),
        ("source", "src"),
        ("video", "src"),
        ("video", "poster"),
        ("audio", "src"),
        ("iframe", "src"),
        ("object", "data"),
        ("embed", "src"),
        ("link", "href"),
        ("div", "style"),
        ("picture", "class"),
        ("a", "class"),
        ("style", ""),
    ]);
    (tag, url, any::<bool>()).prop_map(|((tag, attr), url, single)| {
        if tag == "style" {
            // A block of its own (a `<style>` inside a paragraph gets its CSS as text events:
            // not rewritten, see render's `refs`).
            return format!(
                "\n\n<style>@import '{url}'; .q {{ background: url({url}) }} \
                 .r {{ background: image-set(\"{url}\" 1x) }}</style>\n\n"
            );
        }
        let url = if single {
            format!(" {url} ")
        } else {
            url.to_string()
        };
        let value = if attr == "class" {
            "p".to_string()
        } else if attr == "style" {
            format!("background: url({url})")
        } else if attr == "srcset" {
            format!("{url} 2x, {url} 1x")
        } else {
            url
        };
        let q = if single { '\'' } else { '"' };
        let close = if matches!(tag, "img" | "source" | "embed" | "link") {
            String::new()
        } else {
            format!("</{tag}>")
        };
        format!("<{tag} {attr}={q}{value}{q}>x{close}")
    })
}
