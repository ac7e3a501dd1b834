//! Images in built decks, with the real binary and in headless Chromium:
//!
//! - remote images (`http:`, `https:`, `//host`) are links, never an `<img>`, so a deck
//!   makes no request for them (DESIGN: "kept as links and reported as not self-contained");
//! - an image used several times is embedded once per deck (DESIGN), and every use of it
//!   is still shown: on its slide, in `?print-pdf`, in the reading view and in the speaker
//!   view.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::{json, Value};

use crate::browser::{build_deck, check_deck, isolate};
use crate::cdp::{self, file_url, Page};

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 720;

/// Remote images of every spelling: Markdown and raw, block and inline, in and out of links.
const REMOTE_NOTE: &str = "# Remote images\n\
\n\
## Markdown\n\
\n\
![the logo](https://example.com/logo.png)\n\
\n\
![](http://example.com/plain.png)\n\
\n\
[![build](https://badge.example.com/ci.svg)](https://ci.example.com/)\n\
\n\
## Raw HTML\n\
\n\
<img src=\"//cdn.example.com/diagram.png\" alt=\"diagram\" width=\"300\">\n\
\n\
Inline <IMG SRC='HTTPS://example.com/inline.png'> in text.\n";

/// A 300×300 picture of noise: about 270 KB that no compression makes small, so one copy
/// more or less shows in the deck's size.
fn write_noise_png(path: &Path) -> usize {
    let img = image::RgbImage::from_fn(300, 300, |x, y| {
        let h =
            (x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263)).wrapping_mul(2_246_822_519);
        image::Rgb([(h >> 24) as u8, (h >> 16) as u8, (h >> 8) as u8])
    });
    img.save(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    std::fs::metadata(path).expect("png written").len() as usize
}

/// The same picture used once, and three times (Markdown, another spelling of its path
/// with a title, raw HTML with a width) on three slides.
const ONCE_NOTE: &str = "# Repeated image\n\n## One\n\n![the picture](pic.png)\n";
const THRICE_NOTE: &str = "# Repeated image\n\n## One\n\n![the picture](pic.png)\n\n\
    ## Two\n\n![again](./pic.png \"once more\")\n\n\
    ## Three\n\n<img src=\"pic.png\" alt=\"raw\" width=\"300\">\n";

/// Writes `notes` (name, text) into a fresh folder with `pic.png`; builds each to
/// `NAME.html`. Returns the folder, the decks and the PNG's size.
fn build_notes(notes: &[(&str, &str)]) -> (tempfile::TempDir, Vec<(PathBuf, String)>, usize) {
    let dir = tempfile::tempdir().expect("temp dir");
    let png = write_noise_png(&dir.path().join("pic.png"));
    let decks = notes
        .iter()
        .map(|(name, text)| {
            let note = dir.path().join(format!("{name}.md"));
            std::fs::write(&note, text).expect("write note");
            let deck = dir.path().join(format!("{name}.html"));
            let stderr = build_deck(&note, &deck, &[]).unwrap_or_else(|e| panic!("{e}"));
            (deck, stderr)
        })
        .collect();
    (dir, decks, png)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn remote_images_are_links_and_warnings() {
    let (_dir, decks, _) = build_notes(&[("remote", REMOTE_NOTE)]);
    let (deck, stderr) = &decks[0];
    let html = read(deck);
    let lower = html.to_ascii_lowercase();
    for bad in [
        "src=\"http",
        "src=\"//",
        "src='http",
        "src='//",
        "src=http",
        "src=//",
    ] {
        assert!(!lower.contains(bad), "the deck still has {bad}");
    }
    assert_eq!(lower.matches("<img").count(), 0, "no <img> at all");
    for link in [
        r#"<a class="remote-image" href="https://example.com/logo.png" target="_blank" rel="noopener">the logo</a>"#,
        r#"<a class="remote-image" href="http://example.com/plain.png" target="_blank" rel="noopener">http://example.com/plain.png</a>"#,
        r#"<span class="remote-image" title="https://badge.example.com/ci.svg">build</span>"#,
        r#"<a class="remote-image" href="https://cdn.example.com/diagram.png" target="_blank" rel="noopener">diagram</a>"#,
        r#"<a class="remote-image" href="HTTPS://example.com/inline.png" target="_blank" rel="noopener">HTTPS://example.com/inline.png</a>"#,
    ] {
        assert!(html.contains(link), "no {link}");
    }
    // Still reported, each at its line.
    for (line, url) in [
        (5, "https://example.com/logo.png"),
        (7, "http://example.com/plain.png"),
        (9, "https://badge.example.com/ci.svg"),
        (13, "//cdn.example.com/diagram.png"),
        (15, "HTTPS://example.com/inline.png"),
    ] {
        let want = format!(
            "remote.md:{line}: remote image not embedded (shown as a link; the deck is not \
             self-contained): {url}"
        );
        assert!(stderr.contains(&want), "no {want:?} in\n{stderr}");
    }
}

#[test]
fn an_image_used_three_times_costs_one_copy() {
    let (_dir, decks, png) = build_notes(&[("once", ONCE_NOTE), ("thrice", THRICE_NOTE)]);
    let once = read(&decks[0].0);
    let thrice = read(&decks[1].0);
    let copy = png.div_ceil(3) * 4; // the base64 of one copy
    eprintln!(
        "picture {png} B ({copy} B as base64): deck using it once {} B, three times {} B",
        once.len(),
        thrice.len()
    );
    assert!(
        thrice.len() < once.len() + 2048,
        "two more uses should cost a few bytes, not {} B",
        thrice.len() - once.len()
    );
    assert!(once.len() > copy, "the picture is in the deck");
    assert_eq!(thrice.matches("data:image/png;base64,").count(), 1);
    // The copy is in the stylesheet (shown by CSS where scripts do not run); every use of
    // it is a reference.
    assert_eq!(
        thrice
            .matches("img[data-meetdeck-same=\"1\"]{content:url(\"data:image/png;base64,")
            .count(),
        1
    );
    assert_eq!(thrice.matches("<img data-meetdeck-same=\"1\"").count(), 3);
    assert!(
        thrice.contains(r#"<img data-meetdeck-same="1" alt="raw" width="300">"#),
        "alt and width stay on each use"
    );
}

/// Every `<img>` of the page: alt, naturalWidth, rendered width, whether it has a `src`.
const IMGS_JS: &str = r#"(async () => {
  await meetdeck.ready;
  const imgs = [...document.querySelectorAll('.reveal img')];
  await Promise.all(imgs.map(i => i.decode().catch(() => {})));
  return imgs.map(i => ({alt: i.alt, natural: i.naturalWidth, width: i.width,
                         src: (i.getAttribute('src') || '').slice(0, 22)}));
})()"#;

/// The three images of the thrice deck, all shown (naturalWidth 300), alt and width kept.
fn assert_three_shown(page: &Page, what: &str) {
    let imgs = page.eval(IMGS_JS).unwrap_or_else(|e| panic!("{what}: {e}"));
    let imgs = imgs.as_array().cloned().unwrap_or_default();
    let alts: Vec<&str> = imgs.iter().filter_map(|i| i["alt"].as_str()).collect();
    assert_eq!(alts, ["the picture", "again", "raw"], "{what}: {imgs:?}");
    for i in &imgs {
        assert_eq!(i["natural"], json!(300), "{what}: not shown: {i}");
        assert_eq!(i["src"], json!("data:image/png;base64,"), "{what}: {i}");
    }
    assert_eq!(
        imgs[2]["width"],
        json!(300),
        "{what}: the raw one keeps its width"
    );
}

fn open(page: &Page, url: &str) {
    page.goto("about:blank")
        .and_then(|_| page.goto(url))
        .unwrap_or_else(|e| panic!("{url}: {e}"));
}

#[test]
fn repeated_image_is_shown_everywhere_without_requests() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, decks, _) = build_notes(&[("thrice", THRICE_NOTE)]);
    let (_alone_dir, alone) = isolate(&decks[0].0);
    let mut page = browser.new_page(WIDTH, HEIGHT).expect("new page");
    // The deck contract: no request beyond data: and the deck, no JS error, 3 images shown.
    let report = check_deck(&mut page, "thrice", &alone, 3);
    assert!(report.ok(), "\n{}", report.describe());
    assert_eq!(report.images, 3);

    let url = file_url(&alone);
    open(&page, &url);
    assert_three_shown(&page, "slides");
    open(&page, &format!("{url}?print-pdf"));
    assert_three_shown(&page, "?print-pdf");
    open(&page, &format!("{url}?view=scroll"));
    assert_three_shown(&page, "?view=scroll");

    // The speaker view clones the slides: the third slide's image is there too.
    open(&page, &format!("{url}#/3"));
    page.eval("meetdeck.ready.then(() => !!meetdeck.openSpeakerView())")
        .expect("open the speaker view");
    let shown = page
        .wait_for(
            "(() => { const i = meetdeck.speakerView().document.querySelector('.md-svnow img');\
             return i && i.complete && i.naturalWidth; })()",
            Duration::from_secs(5),
        )
        .expect("the image in the speaker view");
    assert_eq!(shown, json!(300));
    let _ = page.eval("meetdeck.speakerView().close()");

    let foreign: Vec<String> = page
        .requests()
        .into_iter()
        .filter(|u| !u.starts_with("data:") && !u.starts_with(&url) && u != "about:blank")
        .collect();
    assert!(foreign.is_empty(), "requests: {foreign:?}");
    let errors = page.js_errors();
    assert!(errors.is_empty(), "JS errors: {errors:?}");
}

#[test]
fn remote_images_make_no_request_in_chromium() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, decks, _) = build_notes(&[("remote", REMOTE_NOTE)]);
    let (_alone_dir, alone) = isolate(&decks[0].0);
    let mut page = browser.new_page(WIDTH, HEIGHT).expect("new page");
    let report = check_deck(&mut page, "remote", &alone, 0);
    assert!(report.ok(), "\n{}", report.describe());
    let links: Value = page
        .eval(
            "[...document.querySelectorAll('.remote-image')].map(a => \
             [a.tagName, a.href || a.title, a.target || ''])",
        )
        .expect("links");
    assert_eq!(
        links,
        json!([
            ["A", "https://example.com/logo.png", "_blank"],
            ["A", "http://example.com/plain.png", "_blank"],
            ["SPAN", "https://badge.example.com/ci.svg", ""],
            ["A", "https://cdn.example.com/diagram.png", "_blank"],
            ["A", "https://example.com/inline.png", "_blank"],
        ])
    );
    // The badge's own link is intact around it.
    let outer = page
        .eval("document.querySelector('span.remote-image').closest('a').href")
        .expect("outer link");
    assert_eq!(outer, json!("https://ci.example.com/"));
}
