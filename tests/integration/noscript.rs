//! Decks opened where scripts do not run (mail clients, chat previews, readers), in headless
//! Chromium with script execution disabled: the deck is then a readable document, every
//! slide's content in order, at a phone's width and a laptop's, with no sideways scrolling,
//! all text rendered inside the window and every image shown (issue 16, "Without scripts").
//!
//! Decks: the example meeting, the fit and present fixtures (long sections, code, tables), a
//! note using the same images on several slides (stored once, every use shown),
//! and every real note of `../shared/notes/` and `../shared/notes-world/` (skipped with a
//! message where absent, a failure under `CI=true`).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::browser::build_deck;
use crate::cdp::{self, file_url, Page};
use crate::shared::{notes_below, shared_or_skip};

/// What a reader sees, measured in the page (devtools evaluation runs with page scripts
/// off). Text: every text node of the slides outside speaker notes, closed `<details>` and
/// elements hidden on purpose (`[hidden]`: a neutralised video), must have boxes of real
/// size inside the window horizontally, visible, not clipped by an ancestor that hides
/// overflow; text in a box that scrolls sideways (a table wider than the window) needs only
/// to be rendered and visible, the reader scrolls that box. Images: loaded, drawn, inside the window. Order: slides top to bottom in
/// document order.
const MEASURE_JS: &str = r#"(async () => {
  const W = innerWidth;
  const skip = (el) => el.closest('aside.notes, script, style, template, [hidden], details:not([open]) > :not(summary)');
  const clippers = (el) => {
    const out = [];
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') out.push(a.getBoundingClientRect());
    }
    return out;
  };
  const inside = (r, c) => r.left >= c.left - 1 && r.right <= c.right + 1 && r.top >= c.top - 1 && r.bottom <= c.bottom + 1;
  const scrolls = (el) => {
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX) && a.scrollWidth > a.clientWidth) return true;
    }
    return false;
  };
  let scrolled = 0;
  const sections = [...document.querySelectorAll('.slides section')].filter((s) => !s.classList.contains('stack'));
  const lost = [];
  let texts = 0;
  for (const s of sections) {
    const walker = document.createTreeWalker(s, NodeFilter.SHOW_TEXT);
    for (let n; (n = walker.nextNode()); ) {
      const el = n.parentElement;
      if (!n.data.trim() || skip(el)) continue;
      texts++;
      const range = document.createRange();
      range.selectNodeContents(n);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0 || r.height > 0);
      const cs = getComputedStyle(el);
      let why = null;
      if (!rects.length) why = 'no box';
      else if (cs.visibility !== 'visible') why = 'invisible';
      else if (scrolls(el)) scrolled++;
      else if (rects.some((r) => r.left < -1 || r.right > W + 1)) why = 'outside the window';
      else {
        const cs2 = clippers(el);
        if (rects.some((r) => cs2.some((c) => !inside(r, c)))) why = 'clipped';
      }
      for (let a = el; a && !why; a = a.parentElement) if (getComputedStyle(a).opacity === '0') why = 'transparent';
      if (why) lost.push(`${why}: ${n.data.trim().slice(0, 50)}`);
    }
  }
  const images = [...document.querySelectorAll('.slides img')].filter((i) => !skip(i));
  // Drawn: a box of real size inside the window, showing its own source, or (an image the
  // deck uses more than once: no src) the data: URI its CSS `content` names, at that
  // image's proportions (an <img> showing its alt text instead would not have them).
  const drawn = async (i) => {
    const r = i.getBoundingClientRect();
    if (!(r.width > 0 && r.height > 0 && r.left >= -1 && r.right <= W + 1)) return false;
    if (i.complete && i.naturalWidth > 0) return true;
    const url = /^url\("?(data:.*?)"?\)$/.exec(getComputedStyle(i).content);
    if (!url) return false;
    const probe = new Image();
    probe.src = url[1];
    try { await probe.decode(); } catch (e) { return false; }
    return Math.abs(r.width / r.height - probe.naturalWidth / probe.naturalHeight) < 0.05;
  };
  const badImages = [];
  let byCss = 0;
  for (const i of images) {
    if (!(await drawn(i))) badImages.push(i.getAttribute('alt') || i.src.slice(0, 40));
    else if (!i.naturalWidth) byCss++;
  }
  const tops = sections.map((s) => s.getBoundingClientRect().top);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    slides: sections.length,
    shown: sections.filter((s) => s.getBoundingClientRect().height > 0).length,
    ordered: tops.every((t, i) => i === 0 || t >= tops[i - 1]),
    texts,
    scrolled,
    lost: lost.slice(0, 8),
    lostCount: lost.length,
    images: images.length,
    byCss,
    badImages,
    scripted: document.documentElement.classList.contains('md-js'),
  };
})()"#;

/// A page of `browser` with page scripts off at `width`×`height`.
fn scriptless_page(browser: &cdp::Browser, width: u32, height: u32) -> Page {
    let page = browser.new_page(width, height).expect("new page");
    page.call(
        "Emulation.setScriptExecutionDisabled",
        json!({ "value": true }),
    )
    .expect("disable scripts");
    page
}

/// The decks this test reads: built from the crate's own notes and every real note.
fn notes() -> Vec<PathBuf> {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut notes: Vec<PathBuf> = [
        "meetings/2026-11-19-storage-sig.md",
        "tests/fixtures/present/long-notes.md",
        "tests/fixtures/fit/hostile.md",
        "tests/fixtures/fit/cjk-long.md",
        "tests/fixtures/images-repeated.md",
    ]
    .iter()
    .map(|n| crate_dir.join(n))
    .collect();
    for folder in ["notes", "notes-world"] {
        let Some(dir) = shared_or_skip(folder) else {
            continue;
        };
        notes.extend(notes_below(&dir));
    }
    notes
}

/// With scripts off, at 390×844 and 1280×720, every deck is a readable document: no
/// sideways scrolling, every slide shown in order, all its text inside the window and
/// unclipped, every image drawn.
#[test]
fn decks_read_as_documents_without_scripts() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let out = tempfile::tempdir().expect("temp dir");
    let mut failures = Vec::new();
    let mut decks = 0;
    let mut texts = 0u64;
    let mut images = 0u64;
    let mut scrolled = 0u64;
    let mut by_css = 0u64;
    for (i, note) in notes().iter().enumerate() {
        let deck = out.path().join(format!("deck-{i}.html"));
        if let Err(e) = build_deck(note, &deck, &[]) {
            failures.push(e);
            continue;
        }
        decks += 1;
        for (width, height) in [(390, 844), (1280, 720)] {
            let page = scriptless_page(&browser, width, height);
            page.goto(&file_url(&deck)).expect("load the deck");
            let v: Value = page.eval(MEASURE_JS).expect("measure");
            // To look at them: MEETDECK_NOSCRIPT_SHOTS=DIR saves each page's first screen.
            if let Some(dir) = std::env::var_os("MEETDECK_NOSCRIPT_SHOTS") {
                let shot = Path::new(&dir).join(format!("{i}-{width}.png"));
                page.screenshot(&shot).expect("screenshot");
            }
            let name = format!("{} at {width}×{height}", note.display());
            let mut check = |ok: bool, what: &str| {
                if !ok {
                    failures.push(format!("{name}: {what}: {v}"));
                }
            };
            check(v["scripted"] == json!(false), "the runtime ran");
            check(
                v["scrollWidth"].as_f64().unwrap_or(1e9) <= f64::from(width),
                "scrolls sideways",
            );
            check(
                v["slides"].as_u64().unwrap_or(0) > 0 && v["shown"] == v["slides"],
                "a slide not shown",
            );
            check(v["ordered"] == json!(true), "slides out of order");
            check(v["lostCount"] == json!(0), "text not visibly rendered");
            check(
                v["badImages"].as_array().is_some_and(Vec::is_empty),
                "an image not shown",
            );
            if width == 390 {
                texts += v["texts"].as_u64().unwrap_or(0);
                images += v["images"].as_u64().unwrap_or(0);
                scrolled += v["scrolled"].as_u64().unwrap_or(0);
                by_css += v["byCss"].as_u64().unwrap_or(0);
            }
        }
    }
    eprintln!(
        "without scripts: {decks} decks, {texts} text pieces ({scrolled} at 390 px in a table \
         wider than the window, scrolling in its box) and {images} images ({by_css} of them \
         used more than once, shown by the page's CSS) checked at each size"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
