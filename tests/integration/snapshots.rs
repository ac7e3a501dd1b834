//! Snapshots of rendered HTML (insta): the slides of the example note and an index page.
//!
//! Any change to the HTML meetdeck writes shows up here as a diff to review. The snapshots
//! live in `tests/snapshots/`. To accept a change on purpose, run
//! `INSTA_UPDATE=always cargo test --test integration snapshots` and review the `.snap`
//! files in the diff; under `CI=true` a mismatch fails and nothing is written.
//!
//! What may differ between machines or builds is normalised first: data URIs (the image
//! encoder's bytes), the inlined stylesheet and script (they have tests of their own), and
//! the version in `generator`. The slides snapshot is of the default features (code
//! highlighted at build time).

use std::path::Path;

use meetdeck::build::{build_note, BuildOptions};
use meetdeck::index::{render_index, IndexEntry};

/// Runs `check` with snapshots written to `tests/snapshots/`, named by their name alone.
fn with_snapshot_settings(check: impl FnOnce()) {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path("../snapshots");
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(check);
}

/// The `<div class="slides">...</div>` element of a deck, up to its matching `</div>`.
fn slides_div(page: &str) -> &str {
    let start = page
        .find("<div class=\"slides\">")
        .expect("the deck has a <div class=\"slides\">");
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let open = page[at..].find("<div").map(|i| at + i);
        let close = page[at..]
            .find("</div>")
            .map(|i| at + i)
            .expect("the slides <div> is closed");
        match open {
            Some(open) if open < close => {
                depth += 1;
                at = open + "<div".len();
            }
            _ => {
                depth -= 1;
                at = close + "</div>".len();
                if depth == 0 {
                    return &page[start..at];
                }
            }
        }
    }
}

/// `html` with each image's `data:` URI payload replaced by `…` (its media type kept).
fn without_data_uris(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("data:image/") {
        let uri = &rest[at..];
        let end = uri
            .find(|c: char| c == '"' || c == '\'' || c == ')' || c.is_whitespace())
            .unwrap_or(uri.len());
        let head = match uri[..end].find(',') {
            Some(comma) => &uri[..=comma],
            None => &uri[..end],
        };
        out.push_str(&rest[..at]);
        out.push_str(head);
        if head.len() < end {
            out.push('…');
        }
        rest = &uri[end..];
    }
    out.push_str(rest);
    out
}

/// `html` with the text of each `<tag ...>...</tag>` replaced by `…`.
fn without_element_text(html: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let body = at + rest[at..].find('>').expect("tag closed") + 1;
        let end = body + rest[body..].find(&close).expect("element closed");
        out.push_str(&rest[..body]);
        out.push('…');
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[test]
fn slides_of_the_example_note() {
    let note = Path::new(env!("CARGO_MANIFEST_DIR")).join("meetings/2026-11-19-storage-sig.md");
    let cache = meetdeck::assets::ImageCache::default();
    let deck = build_note(&note, &BuildOptions::default(), &cache).expect("the example builds");
    assert!(
        deck.warnings.is_empty(),
        "the example builds cleanly: {:?}",
        deck.warnings
    );
    let slides = without_data_uris(slides_div(&deck.html));
    with_snapshot_settings(|| insta::assert_snapshot!("storage_sig_slides", slides));
}

fn entry(note: &str, title: &str, date: Option<&str>, agenda: &[&str], lang: &str) -> IndexEntry {
    IndexEntry {
        note: note.to_string(),
        href: Path::new(note)
            .with_extension("html")
            .to_string_lossy()
            .into_owned(),
        title: title.to_string(),
        subtitle: None,
        date: date.and_then(meetdeck::meeting::Date::parse_iso),
        slides: agenda.len() + 2,
        estimated: false,
        agenda: agenda.iter().map(|a| a.to_string()).collect(),
        text: format!("{title} {}", agenda.join(" ")),
        lang: lang.to_string(),
        kind: None,
    }
}

#[test]
fn an_index_page() {
    let entries = [
        entry(
            "2025/2025-12-04-weekly.md",
            "Weekly sync 2025-12-04",
            Some("2025-12-04"),
            &["Release 1.2", "Q&A <open floor>"],
            "en",
        ),
        entry(
            "2026/storage-sig.md",
            "Storage SIG \"kick-off\"",
            Some("2026-01-15"),
            &["Caching", "Snapshots", "Roadmap"],
            "en",
        ),
    ];
    let page = render_index("Meetings", &entries).expect("the index renders");
    let page = without_element_text(&page, "style");
    let page = without_element_text(&page, "script");
    let page = page.replace(env!("CARGO_PKG_VERSION"), "VERSION");
    with_snapshot_settings(|| insta::assert_snapshot!("index_page", page));
}
