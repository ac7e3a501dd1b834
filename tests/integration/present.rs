//! Presenting and reading (issue 7), in headless Chromium: speaker notes hidden on the
//! slides and shown in the speaker view, the speaker window (key S) in step with the deck
//! in both directions, the meeting countdown under a fixed clock, the reading view on a
//! phone-sized window, `meetdeck pdf` printing one page per slide, and the accessibility
//! basics (announcements, visible focus, alt text, contrast of the default theme).
//!
//! Decks: `meetings/2026-11-19-storage-sig.md` (notes, a time range with a time zone) and
//! `tests/fixtures/present/long-notes.md` (a long section with notes, split over slides;
//! a time range without a zone, so local time).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::{json, Value};

use crate::browser::{build_deck, isolate};
use crate::cdp::{self, file_url, Page};

const WAIT: Duration = Duration::from_secs(3);

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds `note` (relative to the crate) and copies the deck alone into an empty folder.
fn deck(note: &str) -> (tempfile::TempDir, PathBuf) {
    let build = tempfile::tempdir().expect("temp dir");
    let out = build.path().join("deck.html");
    build_deck(&manifest_dir().join(note), &out, &[]).unwrap_or_else(|e| panic!("{e}"));
    isolate(&out)
}

/// Loads `url` afresh and waits for `meetdeck.ready`.
fn open(page: &Page, url: &str) {
    page.goto("about:blank").expect("blank");
    page.goto(url).expect("load the deck");
    page.eval_timeout(
        "Promise.race([meetdeck.ready.then(() => true), new Promise((_, no) => \
         setTimeout(() => no(new Error('meetdeck.ready did not settle')), 5000))])",
        Duration::from_secs(8),
    )
    .expect("meetdeck.ready");
}

fn eval(page: &Page, js: &str) -> Value {
    page.eval(js)
        .unwrap_or_else(|e| panic!("{e}\nwhile evaluating: {js}"))
}

fn page_targets(browser: &cdp::Browser) -> Vec<Value> {
    let t = browser
        .call("Target.getTargets", json!({}))
        .expect("Target.getTargets");
    t["targetInfos"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|t| t["type"] == "page")
        .collect()
}

/// What the deck and its speaker view show: the main window's current slide, the
/// speaker's current and next slides and notes (as text), checked against the DOM.
const STEP_JS: &str = r#"(() => {
  const sv = meetdeck.speakerView();
  if (!sv) return { open: false };
  const d = sv.document;
  const leaves = [...document.querySelectorAll('.reveal > .slides section')]
    .filter((s) => !s.querySelector('section'));
  const i = leaves.findIndex((s) => s.classList.contains('present'));
  const text = (e) => (e ? e.textContent.replace(/\s+/g, ' ').trim() : '');
  const notes = (s) => s && s.querySelector(':scope > aside.notes');
  return {
    open: true,
    index: i,
    now: text(d.querySelector('.md-svnow section')) === text(leaves[i]),
    next: text(d.querySelector('.md-svnext section')) === text(leaves[i + 1]),
    notes: text(d.querySelector('.md-svnotes')),
    expectedNotes: notes(leaves[i]) ? text(notes(leaves[i])) : null,
    times: [...d.querySelectorAll('.md-svtime span')].map((s) => [s.textContent, s.className]),
  };
})()"#;

/// Sends a key press to the speaker window (a synthetic event: the harness drives one tab).
fn speaker_key(page: &Page, key: &str) {
    eval(
        page,
        &format!(
            "(() => {{ const w = meetdeck.speakerView(); \
             w.document.body.dispatchEvent(new w.KeyboardEvent('keydown', \
             {{ key: '{key}', bubbles: true, cancelable: true }})); return true; }})()"
        ),
    );
}

/// Sets the test clock (ms since the epoch, computed in the page by `js`) and lets the
/// speaker view redraw; returns the four time fields [position, clock, elapsed, left].
fn times_at(page: &Page, js: &str) -> Vec<(String, String)> {
    eval(
        page,
        &format!(
            "(() => {{ const t = {js}; window.__meetdeckNow = () => t; \
             const c = meetdeck.current(); meetdeck.go(c.h, c.v); return t; }})()"
        ),
    );
    let v = eval(page, STEP_JS);
    v["times"]
        .as_array()
        .expect("time fields")
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap_or("").to_string(),
                p[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// Notes never show on a slide; S opens a real second window; both windows move each
/// other; the countdown follows a fixed clock, in the meeting's time zone.
#[test]
fn speaker_view_follows_the_deck_both_ways() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, path) = deck("meetings/2026-11-19-storage-sig.md");
    let page = browser.new_page(1280, 720).expect("new page");
    open(&page, &file_url(&path));

    // Notes: in the DOM, never visible, in no view.
    for view in ["", "?view=scroll", "?print-pdf"] {
        if !view.is_empty() {
            open(&page, &format!("{}{view}", file_url(&path)));
        }
        let v = eval(
            &page,
            "(() => { const n = [...document.querySelectorAll('aside.notes')]; \
             const c = meetdeck.current(); meetdeck.go(c.h, c.v); \
             return { count: n.length, shown: n.filter((e) => e.checkVisibility() || \
             e.getClientRects().length).length, \
             inText: n.some((e) => document.body.innerText.includes(e.innerText.trim().slice(0, 12)) \
             && e.innerText.trim().length > 0) }; })()",
        );
        assert!(
            v["count"].as_u64().unwrap_or(0) >= 2,
            "notes in the deck: {v}"
        );
        assert_eq!(v["shown"], json!(0), "notes visible with {view:?}: {v}");
        assert_eq!(
            v["inText"],
            json!(false),
            "notes text shown with {view:?}: {v}"
        );
    }
    open(&page, &file_url(&path));

    // Meeting: 2026-11-19 19:00-19:45 GMT+08:00. The clock is fixed at 19:40 there.
    let before = page_targets(&browser).len();
    eval(
        &page,
        "window.__meetdeckNow = () => Date.parse('2026-11-19T19:40:00+08:00')",
    );
    page.press("s").expect("press S");
    page.wait_for("!!meetdeck.speakerView()", WAIT)
        .expect("S opens the speaker view");
    let after = page_targets(&browser);
    assert_eq!(
        after.len(),
        before + 1,
        "S should open one more window: {after:?}"
    );

    let v = eval(&page, STEP_JS);
    assert_eq!(v["index"], json!(0), "{v}");
    assert_eq!(v["now"], json!(true), "speaker's current slide: {v}");
    assert_eq!(v["next"], json!(true), "speaker's next slide: {v}");
    let times = times_at(&page, "Date.parse('2026-11-19T19:40:00+08:00')");
    eprintln!("speaker view at 19:40 (GMT+08:00): {times:?}");
    assert!(times[0].0.starts_with("1 / "), "{times:?}");
    assert!(
        regex_like_clock(&times[1].0),
        "the clock should read HH:MM:SS: {times:?}"
    );
    assert_eq!(times[2].0, "已用 0:00", "{times:?}");
    assert_eq!(
        times[3],
        ("剩余 5:00".into(), "md-amber".into()),
        "{times:?}"
    );

    // The deck moves the speaker view: to the first slide with notes, by keys.
    let mut guard = 0;
    loop {
        let v = eval(&page, STEP_JS);
        assert_eq!(v["now"], json!(true), "{v}");
        assert_eq!(v["next"], json!(true), "{v}");
        match v["expectedNotes"].as_str() {
            Some(n) => {
                assert_eq!(v["notes"].as_str(), Some(n), "speaker notes: {v}");
                break;
            }
            None => assert_eq!(v["notes"], json!("无备注。"), "{v}"),
        }
        let i = v["index"].as_i64().unwrap_or(-1);
        page.press("ArrowRight").expect("press");
        page.wait_for(&format!("({STEP_JS}).index === {}", i + 1), WAIT)
            .expect("the speaker view follows ArrowRight in the deck");
        guard += 1;
        assert!(guard < 20, "no slide with notes found");
    }

    // The speaker window moves the deck, both ways, and its next-slide pane too.
    let i = eval(&page, STEP_JS)["index"].as_i64().unwrap();
    speaker_key(&page, "ArrowRight");
    let v = eval(&page, STEP_JS);
    assert_eq!(
        v["index"],
        json!(i + 1),
        "ArrowRight in the speaker view: {v}"
    );
    assert_eq!(v["now"], json!(true), "{v}");
    speaker_key(&page, "ArrowLeft");
    assert_eq!(eval(&page, STEP_JS)["index"], json!(i));
    eval(
        &page,
        "meetdeck.speakerView().document.querySelector('.md-svnext').click()",
    );
    assert_eq!(eval(&page, STEP_JS)["index"], json!(i + 1));
    speaker_key(&page, "Home");
    let hash = eval(&page, "location.hash");
    assert_eq!(eval(&page, STEP_JS)["index"], json!(0), "Home: {hash}");

    // The countdown (in the deck's language): amber at 5 minutes, red at 1 minute and after
    // the end; only while the meeting is on (an hour around it), else the planned length.
    for (at, left, class) in [
        ("19:30:00", "剩余 15:00", ""),
        ("19:40:01", "剩余 4:59", "md-amber"),
        ("19:44:00", "剩余 1:00", "md-red"),
        ("19:45:00", "剩余 0:00", "md-red"),
        ("19:47:30", "超时 2:30", "md-red"),
        ("18:10:00", "剩余 1:35:00", ""),
        ("20:44:00", "超时 59:00", "md-red"),
        ("20:46:00", "计划 45:00", ""),
        ("17:59:00", "计划 45:00", ""),
    ] {
        let t = times_at(&page, &format!("Date.parse('2026-11-19T{at}+08:00')"));
        assert_eq!(
            (t[3].0.as_str(), t[3].1.as_str()),
            (left, class),
            "at {at}: {t:?}"
        );
    }
    let t = times_at(&page, "Date.parse('2026-11-19T19:47:30+08:00')");
    assert_eq!(t[2].0, "已用 7:30", "{t:?}");

    // S again focuses the same window; closing it is noticed.
    page.press("s").expect("press S");
    assert_eq!(page_targets(&browser).len(), before + 1);
    eval(&page, "meetdeck.speakerView().close()");
    page.wait_for("!meetdeck.speakerView()", WAIT)
        .expect("a closed speaker view is gone");
    let errors = page.js_errors();
    assert!(errors.is_empty(), "JS errors: {errors:?}");
}

fn regex_like_clock(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[2] == b':'
        && b[5] == b':'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 2 || i == 5 || c.is_ascii_digit())
}

/// A section split over slides keeps its notes on every part, and the speaker view shows
/// them on each; a time range without a zone counts in local time.
#[test]
fn notes_stay_with_every_part_of_a_split_slide() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, path) = deck("tests/fixtures/present/long-notes.md");
    let page = browser.new_page(1280, 720).expect("new page");
    open(&page, &file_url(&path));
    let parts = eval(
        &page,
        "meetdeck.slides().filter((s) => s.title.startsWith('A long list with notes'))\
         .map((s) => [s.h, s.v, s.title])",
    );
    let parts = parts.as_array().cloned().unwrap_or_default();
    assert!(
        parts.len() >= 2,
        "the long section should be split: {parts:?}"
    );
    eval(&page, "!!meetdeck.openSpeakerView()");
    for p in &parts {
        eval(&page, &format!("meetdeck.go({}, {})", p[0], p[1]));
        let v = eval(&page, STEP_JS);
        assert_eq!(
            v["notes"],
            json!("Only read the first three items aloud; the rest are for reference."),
            "{p}: {v}"
        );
        assert_eq!(v["now"], json!(true), "{v}");
    }
    // 2025-03-06 10:00-10:30, no zone: local time.
    let t = times_at(&page, "new Date(2025, 2, 6, 10, 29, 30).getTime()");
    assert_eq!(t[3], ("0:30 left".into(), "md-red".into()), "{t:?}");
    // Notes are Markdown: rendered, not shown as source.
    eval(&page, "meetdeck.go(1, 0)");
    let html = eval(
        &page,
        "meetdeck.speakerView().document.querySelector('.md-svnotes').innerHTML",
    );
    assert!(
        html.as_str()
            .unwrap_or("")
            .contains("<strong>check</strong>"),
        "{html}"
    );
    eval(&page, "meetdeck.speakerView().close()");
}

/// Every leaf slide, in order, laid out down the page; nothing wider than the window.
const SCROLL_JS: &str = r#"(() => {
  const root = document.documentElement;
  const leaves = [...document.querySelectorAll('.reveal > .slides section')]
    .filter((s) => !s.querySelector('section'));
  const tops = leaves.map((s) => s.getBoundingClientRect().top + scrollY);
  const shown = leaves.filter((s) => s.checkVisibility() && s.getBoundingClientRect().height > 20);
  const widths = leaves.map((s) => s.getBoundingClientRect().width);
  const toc = [...document.querySelectorAll('.md-toc a')];
  const links = [...document.querySelectorAll('.slide-body a[href^="http"]')];
  const p = document.querySelector('.slide-body p');
  const r = document.createRange();
  r.selectNodeContents(p);
  return {
    scroll: root.classList.contains('md-scroll'),
    scrollWidth: root.scrollWidth,
    innerWidth,
    total: meetdeck.total(),
    leaves: leaves.length,
    shown: shown.length,
    ordered: tops.every((t, i) => i === 0 || t > tops[i - 1]),
    minWidth: Math.min(...widths),
    maxWidth: Math.max(...widths),
    toc: toc.map((a) => [a.getAttribute('href'), a.textContent]),
    tocVisible: toc.length > 0 && toc[0].checkVisibility(),
    titles: meetdeck.slides().filter((s, i) => s.title && !leaves[i].classList.contains('continued'))
      // Each section once, without its part "(1/n)" (issue 15).
      .map((s) => [s.v ? `#/${s.h}/${s.v}` : `#/${s.h}`, s.title.replace(/ \(1\/\d+\)$/, '')]),
    blankLinks: links.filter((a) => a.target === '_blank').length,
    links: links.length,
    lineHeightPx: r.getClientRects()[0].height,
  };
})()"#;

/// The reading view at 390×844: every slide in order, no horizontal scrolling, a table of
/// contents linking to the slides, real links; the default on a narrow portrait window;
/// R toggles it on a desktop window.
#[test]
fn reading_view_on_a_phone() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let mut failures = Vec::new();
    for note in [
        "meetings/2026-11-19-storage-sig.md",
        "tests/fixtures/present/long-notes.md",
        "tests/fixtures/fit/hostile.md",
    ] {
        let (_dir, path) = deck(note);
        let page = browser.new_page(390, 844).expect("new page");
        for url in [format!("{}?view=scroll", file_url(&path)), file_url(&path)] {
            open(&page, &url);
            let v = eval(&page, SCROLL_JS);
            eprintln!(
                "{note} {}: {} slides, scrollWidth {}, slide widths {}..{}, text line {} px, \
                 {} toc links",
                &url[url.len().min(url.rfind('/').unwrap_or(0))..],
                v["total"],
                v["scrollWidth"],
                v["minWidth"],
                v["maxWidth"],
                v["lineHeightPx"],
                v["toc"].as_array().map_or(0, Vec::len)
            );
            let mut check = |ok: bool, what: &str| {
                if !ok {
                    failures.push(format!("{note} ({url}): {what}: {v}"));
                }
            };
            check(v["scroll"] == json!(true), "not in the reading view");
            check(
                v["scrollWidth"].as_f64().unwrap_or(1e9) <= 390.0,
                "scrolls horizontally",
            );
            check(
                v["shown"] == v["leaves"] && v["leaves"] == v["total"],
                "not every slide shown",
            );
            check(v["ordered"] == json!(true), "slides out of order");
            check(
                v["minWidth"].as_f64().unwrap_or(0.0) >= 370.0,
                "slides narrower than the phone",
            );
            check(v["toc"] == v["titles"], "table of contents != slide titles");
            check(
                v["tocVisible"] == json!(true),
                "no visible table of contents",
            );
            check(v["blankLinks"] == v["links"], "links not opening a new tab");
            check(
                v["lineHeightPx"].as_f64().unwrap_or(0.0) >= 15.0,
                "body text too small to read",
            );
        }
        // ?view=slides wins over the narrow screen.
        open(&page, &format!("{}?view=slides", file_url(&path)));
        if eval(
            &page,
            "document.documentElement.classList.contains('md-scroll')",
        ) != json!(false)
        {
            failures.push(format!("{note}: ?view=slides still shows the reading view"));
        }
        // A table-of-contents link goes to its slide.
        open(&page, &format!("{}?view=scroll", file_url(&path)));
        let last = eval(
            &page,
            "[...document.querySelectorAll('.md-toc a')].pop().getAttribute('href')",
        );
        eval(
            &page,
            "[...document.querySelectorAll('.md-toc a')].pop().click()",
        );
        let want = last.as_str().unwrap_or("").to_string();
        if page
            .wait_for(&format!("location.hash === {want:?}"), WAIT)
            .is_err()
        {
            failures.push(format!("{note}: the toc link {want} did not go there"));
        }
    }

    // R toggles the reading view on a desktop window, on the same slide, and back.
    let (_dir, path) = deck("meetings/2026-11-19-storage-sig.md");
    let page = browser.new_page(1280, 720).expect("new page");
    open(&page, &format!("{}#/2/3", file_url(&path)));
    page.press("r").expect("press R");
    let v = eval(
        &page,
        "({ scroll: document.documentElement.classList.contains('md-scroll'), \
         search: location.search, c: meetdeck.current(), \
         top: Math.round(document.querySelector('.reveal .slides section.present').getBoundingClientRect().top) })",
    );
    assert_eq!(v["scroll"], json!(true), "{v}");
    assert_eq!(v["search"], json!("?view=scroll"), "{v}");
    assert_eq!(v["c"], json!({"h": 2, "v": 3}), "{v}");
    assert!(
        v["top"].as_i64().unwrap_or(999).abs() < 5,
        "slide (2, 3) at the top: {v}"
    );
    page.press("r").expect("press R");
    let v = eval(
        &page,
        "({ scroll: document.documentElement.classList.contains('md-scroll'), \
         search: location.search, c: meetdeck.current() })",
    );
    assert_eq!(v["scroll"], json!(false), "{v}");
    assert_eq!(v["search"], json!("?view=slides"), "{v}");
    assert_eq!(v["c"], json!({"h": 2, "v": 3}), "{v}");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// `meetdeck pdf` writes one page per slide.
#[test]
fn meetdeck_pdf_prints_one_page_per_slide() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let page = browser.new_page(1280, 720).expect("new page");
    for note in [
        "meetings/2026-11-19-storage-sig.md",
        "tests/fixtures/present/long-notes.md",
    ] {
        let dir = tempfile::tempdir().expect("temp dir");
        let pdf = dir.path().join("out.pdf");
        let chromium = cdp::chromium_path();
        let out = Command::new(env!("CARGO_BIN_EXE_meetdeck"))
            .arg("pdf")
            .arg(manifest_dir().join(note))
            .arg("-o")
            .arg(&pdf)
            .env("MEETDECK_CHROME", &chromium)
            .output()
            .expect("run meetdeck pdf");
        assert!(
            out.status.success(),
            "meetdeck pdf {note}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        );
        let bytes = std::fs::read(&pdf).expect("the PDF");
        let pages = cdp::pdf_page_count(&bytes);
        // The count printed is the PDF's pages (a long slide is continued on more pages).
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("({pages} pages)")),
            "{note}: {pages} pages: {stderr}"
        );
        let (_d, deck_path) = deck(note);
        open(&page, &file_url(&deck_path));
        let total = eval(&page, "meetdeck.total()").as_u64().unwrap_or(0) as usize;
        let pdfinfo = pdfinfo_pages(&pdf);
        eprintln!("{note}: total() {total}, PDF pages {pages}, pdfinfo {pdfinfo:?}");
        assert_eq!(pages, total, "{note}: PDF pages vs total()");
        if let Some(n) = pdfinfo {
            assert_eq!(n, total, "{note}: pdfinfo pages vs total()");
        }
    }
}

/// Pages according to `pdfinfo`, when it is installed.
fn pdfinfo_pages(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

/// Contrast of every text run of every slide against its background, WCAG 2 formula.
const CONTRAST_JS: &str = r#"(() => {
  const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const bg = (e) => {
    for (; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] > 0.9) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const s of meetdeck.slides()) {
    meetdeck.go(s.h, s.v);
    const sec = document.querySelector('.reveal .slides section.present:not(.stack)');
    const w = document.createTreeWalker(sec, NodeFilter.SHOW_TEXT);
    for (let n = w.nextNode(); n; n = w.nextNode()) {
      const p = n.parentElement;
      if (!n.data.trim() || !p.checkVisibility() || p.closest('aside')) continue;
      const cs = getComputedStyle(p);
      const L1 = lum(rgb(cs.color));
      const L2 = lum(bg(p));
      const ratio = (Math.max(L1, L2) + 0.05) / (Math.min(L1, L2) + 0.05);
      const size = parseFloat(cs.fontSize);
      const large = size >= 24 || (size >= 18.66 && +cs.fontWeight >= 700);
      const need = large ? 3 : 4.5;
      if (ratio < need) worst.push([s.h, s.v, p.tagName, n.data.trim().slice(0, 30), +ratio.toFixed(2), need]);
    }
  }
  return worst;
})()"#;

/// Slide changes announced, focus visible, `alt` kept, default theme contrast ≥ AA.
#[test]
fn accessibility_basics() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, path) = deck("meetings/2026-11-19-storage-sig.md");
    let page = browser.new_page(1280, 720).expect("new page");
    open(&page, &file_url(&path));

    page.press("ArrowRight").expect("press");
    let live = eval(
        &page,
        "(() => { const l = document.querySelector('[aria-live]'); \
         return l && [l.getAttribute('aria-live'), l.textContent]; })()",
    );
    assert_eq!(live[0], json!("polite"), "{live}");
    assert!(
        live[1].as_str().unwrap_or("").starts_with("第 2 页，共"),
        "{live}"
    );

    // Tab reaches a control with a visible focus outline.
    page.press("Tab").expect("press Tab");
    let focus = eval(
        &page,
        "(() => { const e = document.activeElement; const s = getComputedStyle(e); \
         return [e.tagName, e.className, s.outlineStyle, parseFloat(s.outlineWidth), \
         e.matches(':focus-visible')]; })()",
    );
    assert_ne!(focus[0], json!("BODY"), "Tab focuses nothing: {focus}");
    assert_ne!(focus[2], json!("none"), "no visible focus: {focus}");
    assert!(focus[3].as_f64().unwrap_or(0.0) >= 2.0, "{focus}");

    // The note's image keeps its alt text.
    let alts = eval(
        &page,
        "[...document.images].map((i) => i.getAttribute('alt'))",
    );
    assert!(
        alts.as_array()
            .is_some_and(|a| a.contains(&json!("缓存层数据流"))),
        "{alts}"
    );
    assert!(
        alts.as_array()
            .is_some_and(|a| a.iter().all(|x| x.is_string())),
        "every image has an alt attribute: {alts}"
    );

    // Contrast, over the example and the hostile fixture.
    for note in [
        "meetings/2026-11-19-storage-sig.md",
        "tests/fixtures/present/long-notes.md",
    ] {
        let (_d, p) = deck(note);
        open(&page, &file_url(&p));
        let worst = eval(&page, CONTRAST_JS);
        assert_eq!(worst, json!([]), "{note}: text under WCAG AA contrast");
    }
}

/// Without a browser, `meetdeck pdf` says how to install one, in one line, and writes
/// nothing; a `MEETDECK_CHROME` that is not a file is named.
#[test]
fn meetdeck_pdf_without_a_browser_says_how_to_get_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let note = dir.path().join("n.md");
    std::fs::write(&note, "# T\n\n## A\n\ntext\n").expect("note");
    let empty_path = dir.path().join("no-browsers-here");
    std::fs::create_dir(&empty_path).expect("empty PATH folder");
    let run = |chrome: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_meetdeck"));
        command
            .arg("pdf")
            .arg(&note)
            .current_dir(dir.path())
            .env("PATH", &empty_path)
            .env_remove("MEETDECK_CHROME");
        if let Some(chrome) = chrome {
            command.env("MEETDECK_CHROME", chrome);
        }
        let output = command.output().expect("run meetdeck pdf");
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        (output.status.code(), stderr)
    };
    let (code, stderr) = run(None);
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("no Chromium or Chrome found"), "{stderr}");
    assert!(stderr.contains("apt-get install chromium"), "{stderr}");
    assert!(stderr.contains("MEETDECK_CHROME"), "{stderr}");
    let (code, stderr) = run(Some("/nonexistent/chrome"));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("MEETDECK_CHROME=/nonexistent/chrome is not a file"),
        "{stderr}"
    );
    let mut left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["n.md", "no-browsers-here"], "nothing written");
}

/// The countdown also knows the meeting's end from front matter alone (`date` + `time`, no
/// `## 时间` section), and from `end:` with a start time in the body.
#[test]
fn countdown_from_front_matter() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        (
            "time.md",
            "---\ndate: 2025-04-01\ntime: 14:00-14:45\n---\n# Planning\n\n## A\n\ntext\n",
            "new Date(2025, 3, 1, 14, 40, 0).getTime()",
            ("5:00 left", "md-amber"),
        ),
        (
            "end.md",
            "---\nend: \"16:30\"\n---\n# Sync\n\n## 时间\n\n2025/04/02 16:00\n\n## A\n\ntext\n",
            "new Date(2025, 3, 2, 16, 10, 0).getTime()",
            // The `## 时间` section makes it a Chinese deck: its words are Chinese.
            ("剩余 20:00", ""),
        ),
    ];
    let page = browser.new_page(1280, 720).expect("new page");
    for (name, text, now, (left, class)) in cases {
        let note = dir.path().join(name);
        std::fs::write(&note, text).expect("note");
        let out = dir.path().join(format!("{name}.html"));
        build_deck(&note, &out, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
        open(&page, &file_url(&out));
        eval(&page, "!!meetdeck.openSpeakerView()");
        let t = times_at(&page, now);
        assert_eq!(
            (t[3].0.as_str(), t[3].1.as_str()),
            (left, class),
            "{name}: {t:?}"
        );
        eval(&page, "meetdeck.speakerView().close()");
    }
}

/// An old meeting's speaker view (clock mocked years later) shows the time elapsed and the
/// planned length, never a countdown or "over by"; the same deck on its day counts down.
#[test]
fn old_meeting_shows_elapsed_and_planned_not_over_by() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, path) = deck("tests/fixtures/present/old-meeting.md");
    let page = browser.new_page(1280, 720).expect("new page");
    open(&page, &file_url(&path));
    eval(
        &page,
        "window.__meetdeckNow = () => Date.parse('2026-12-02T10:00:00Z')",
    );
    eval(&page, "!!meetdeck.openSpeakerView()");
    let t = times_at(&page, "Date.parse('2026-12-02T10:00:00Z')");
    assert_eq!(t[2].0, "0:00 elapsed", "{t:?}");
    assert_eq!(
        (t[3].0.as_str(), t[3].1.as_str()),
        ("planned 45:00", ""),
        "{t:?}"
    );
    let t = times_at(&page, "Date.parse('2026-12-02T11:02:03Z')");
    assert_eq!(t[2].0, "1:02:03 elapsed", "{t:?}");
    let text = eval(&page, "meetdeck.speakerView().document.body.textContent");
    assert!(!text.as_str().unwrap_or("").contains("over by"), "{text}");
    // On the meeting's day (14:00-14:45, local time), ten minutes before its end.
    let t = times_at(&page, "new Date(2023, 2, 2, 14, 35).getTime()");
    assert_eq!(
        (t[3].0.as_str(), t[3].1.as_str()),
        ("10:00 left", ""),
        "{t:?}"
    );
    eval(&page, "meetdeck.speakerView().close()");
    let errors = page.js_errors();
    assert!(errors.is_empty(), "JS errors: {errors:?}");
}

/// The words every view shows in a deck in each language, and words it must not show.
const VIEW_WORDS_JS: &str = r#"(async () => {
  const seen = [];
  const text = (d) => [d.body.innerText, d.title,
    ...[...d.querySelectorAll('[aria-label],[title],[placeholder]')].map((e) =>
      (e.getAttribute('aria-label') || '') + ' ' + (e.getAttribute('placeholder') || ''))].join(' ');
  meetdeck.go(1, 0);
  seen.push(text(document), document.querySelector('.md-live').textContent);
  meetdeck.toggleView();
  seen.push(text(document));
  meetdeck.toggleView();
  const sv = meetdeck.openSpeakerView();
  meetdeck.go(0, 0);
  seen.push(text(sv.document));
  sv.close();
  return seen.join('\n');
})()"#;

/// A zh-CN and a ja deck show no English interface word in the slide, reading and speaker
/// views (a missing image's placeholder too); an en deck shows no CJK interface word.
#[test]
fn interface_words_follow_the_deck_language() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let english = [
        "Contents",
        "Read (R)",
        "Slides (R)",
        "Slide 2",
        "No notes",
        "elapsed",
        "left",
        "over by",
        "planned",
        "Speaker",
        "image not",
        "Image not",
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let page = browser.new_page(1280, 720).expect("new page");
    let body = "# T\n\n## A\n\nx\n\n## B\n\n![](gone.png)\n";
    let cases = [
        (
            "zh-CN",
            vec![
                "目录",
                "阅读 (R)",
                "幻灯片 (R)",
                "无备注。",
                "计划 45:00",
                "图片无法显示",
            ],
        ),
        (
            "zh-TW",
            vec!["目錄", "閱讀 (R)", "投影片 (R)", "無備註。", "圖片無法顯示"],
        ),
        (
            "ja",
            vec![
                "目次",
                "読む (R)",
                "スライド (R)",
                "ノートはありません。",
                "画像を表示できません",
            ],
        ),
        (
            "en",
            vec![
                "Contents",
                "Read (R)",
                "Slides (R)",
                "No notes.",
                "planned 45:00",
                "Image not available",
            ],
        ),
    ];
    for (lang, want) in cases {
        let note = dir.path().join(format!("{lang}.md"));
        std::fs::write(
            &note,
            format!("---\nlang: {lang}\ndate: 2020-01-01\ntime: 10:00-10:45\n---\n{body}"),
        )
        .expect("note");
        let out = dir.path().join(format!("{lang}.html"));
        build_deck(&note, &out, &[]).unwrap_or_else(|e| panic!("{lang}: {e}"));
        open(&page, &file_url(&out));
        let seen = page
            .eval_timeout(VIEW_WORDS_JS, Duration::from_secs(5))
            .expect("views");
        let seen = seen.as_str().unwrap_or("").to_string();
        for word in &want {
            assert!(seen.contains(word), "{lang}: {word:?} not shown in\n{seen}");
        }
        if lang == "en" {
            let cjk: String = seen
                .chars()
                .filter(|c| ('\u{3000}'..='\u{9fff}').contains(c) || *c >= '\u{ff00}')
                .collect();
            assert!(cjk.is_empty(), "en deck shows {cjk:?}:\n{seen}");
        } else {
            for word in english {
                assert!(!seen.contains(word), "{lang}: {word:?} in\n{seen}");
            }
        }
    }
    let errors = page.js_errors();
    assert!(errors.is_empty(), "JS errors: {errors:?}");
}

/// An agenda template's empty sections are plain slides with their heading, a section of
/// sub-sections only is a divider, and a logo written before the first section shows on the
/// title slide (loaded, no bigger than a logo).
#[test]
fn empty_sections_are_plain_slides_and_the_logo_is_on_the_title_slide() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        manifest_dir().join("tests/fixtures/batch/images/tray.png"),
        dir.path().join("logo.png"),
    )
    .expect("copy the logo");
    let note = dir.path().join("2024-05-02.md");
    std::fs::write(
        &note,
        "![Group logo](logo.png)\n\n# Monthly sync\n\n## Reports\n\n### Build\n\ngreen\n\n\
         ### Need attention\n\n## Action items\n\n## Next meeting\n\nJune 6\n",
    )
    .expect("write the note");
    let out = dir.path().join("deck.html");
    build_deck(&note, &out, &[]).unwrap_or_else(|e| panic!("{e}"));
    let page = browser.new_page(1280, 720).expect("new page");
    open(&page, &file_url(&out));
    let slides = eval(
        &page,
        "[...document.querySelectorAll('section[data-title]')]\
         .map(s => [s.dataset.title, s.classList.contains('md-divider')])",
    );
    assert_eq!(
        slides,
        json!([
            ["Reports", true],
            ["Build", false],
            ["Need attention", false],
            ["Action items", false],
            ["Next meeting", false]
        ])
    );
    let logo = eval(
        &page,
        "(() => { const i = document.querySelector('.title-slide .deck-logo img'); \
         return i && [i.naturalWidth > 0, i.getBoundingClientRect().height <= 100]; })()",
    );
    assert_eq!(logo, json!([true, true]));
}
