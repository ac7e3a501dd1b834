//! Decks opened in headless Chromium: the deck contract of DESIGN.md, checked for real.
//!
//! Each deck is built with the real binary, copied ALONE into an empty folder, opened via
//! `file://`, and then checked: no request beyond `data:` and the deck itself, no JS error,
//! every image decoded, `window.meetdeck` consistent with the DOM, keyboard navigation
//! linear through every slide with `#/h/v` hashes, hash deep links and `go()`.
//!
//! Set `MEETDECK_SCREENSHOTS=DIR` to also save a PNG of each deck's first slide.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::cdp::{self, file_url, Page};

/// The logical slide size of the contract; decks are opened in a window of this size.
const WIDTH: u32 = 1280;
const HEIGHT: u32 = 720;

/// Builds `note` into `out` with the real binary. Returns its stderr (warnings) or a
/// message with the exit status and stderr.
pub fn build_deck(note: &Path, out: &Path, extra: &[&str]) -> Result<String, String> {
    let output = Command::new(env!("CARGO_BIN_EXE_meetdeck"))
        .arg("build")
        .arg(note)
        .arg("-o")
        .arg(out)
        .args(extra)
        .output()
        .map_err(|e| format!("cannot run meetdeck: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if !output.status.success() {
        return Err(format!(
            "meetdeck build {} failed ({}):\n{stderr}",
            note.display(),
            output.status
        ));
    }
    if !out.is_file() {
        return Err(format!(
            "meetdeck build succeeded but wrote no {}",
            out.display()
        ));
    }
    Ok(stderr)
}

/// Copies the deck alone into a fresh empty folder (so nothing beside it can be loaded).
pub fn isolate(deck: &Path) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("meetdeck-alone-")
        .tempdir()
        .expect("temp dir");
    let alone = dir.path().join("deck.html");
    std::fs::copy(deck, &alone).expect("copy the deck");
    (dir, alone)
}

/// A note's lines outside fenced code (and without the fences).
fn lines_outside_code(markdown: &str) -> impl Iterator<Item = &str> {
    let mut in_fence = false;
    markdown.lines().filter(move |line| {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            return false;
        }
        !in_fence
    })
}

/// Image references written in a note (`![..](..)` and `<img`), outside fenced code.
pub fn image_refs_in_note(markdown: &str) -> usize {
    lines_outside_code(markdown)
        .map(|line| line.matches("![").count() + line.to_ascii_lowercase().matches("<img").count())
        .sum()
}

/// The slides a note should give, counted from its text alone (not by meetdeck's code): the
/// title slide, plus one per `##` or `###` heading outside fenced code, except the sections
/// that hold the meeting's time or join info (they go to the title slide). For notes at the
/// default slide level whose sections all have content, as the example and the real notes.
/// The list of meeting headings is the test's own, on purpose: an oracle that called
/// `slides::meta_section` would agree with any bug in it.
pub fn slides_in_note(markdown: &str) -> usize {
    const META: &[&str] = &[
        "时间",
        "会议时间",
        "時間",
        "time",
        "date",
        "when",
        "加入会议",
        "入会方式",
        "会议链接",
        "会议信息",
        "参会方式",
        "join",
        "join info",
        "how to join",
        "meeting link",
    ];
    let mut slides = 1;
    for line in lines_outside_code(markdown) {
        let heading = line
            .strip_prefix("### ")
            .or_else(|| line.strip_prefix("## "));
        let Some(text) = heading else {
            continue;
        };
        let key = text
            .trim()
            .trim_start_matches(|c: char| {
                c.is_ascii_digit() || "一二三四五六七八九十、.．:：)） ".contains(c)
            })
            .to_lowercase();
        if !META.contains(&key.trim()) {
            slides += 1;
        }
    }
    slides
}

/// JS: the leaf slides that are not continuations the runtime added.
const BUILT_SLIDES_JS: &str = "[...document.querySelectorAll('.reveal > .slides section')]\
    .filter((s) => !s.querySelector('section') && !s.classList.contains('continued')).length";

/// What one deck did in the browser. `problems` empty means it met the contract.
#[derive(Debug, Default)]
pub struct DeckReport {
    pub name: String,
    pub total: usize,
    pub leaves: usize,
    pub images: usize,
    pub requests: usize,
    pub foreign_requests: Vec<String>,
    pub errors: Vec<String>,
    pub problems: Vec<String>,
    pub elapsed: Duration,
}

impl DeckReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }

    /// All problems, one per line, prefixed by the deck's name.
    pub fn describe(&self) -> String {
        let mut s = String::new();
        for p in &self.problems {
            let _ = writeln!(s, "{}: {p}", self.name);
        }
        s
    }
}

/// A slide position `{h, v}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Pos(i64, i64);

impl std::fmt::Display for Pos {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "({}, {})", self.0, self.1)
    }
}

/// Parses `#/h/v` (also `#/h` and `#/` meaning v = 0, h = 0).
fn parse_hash(hash: &str) -> Option<Pos> {
    let rest = hash.strip_prefix("#/")?;
    let mut parts = rest.split('/');
    let num = |p: Option<&str>| -> Option<i64> {
        match p {
            None | Some("") => Some(0),
            Some(s) => s.parse().ok(),
        }
    };
    let h = num(parts.next())?;
    let v = num(parts.next())?;
    if parts.next().is_some() {
        return None;
    }
    Some(Pos(h, v))
}

const READY_JS: &str = r#"(async () => {
  if (typeof window.meetdeck !== 'object' || window.meetdeck === null)
    throw new Error('window.meetdeck is missing');
  if (!(meetdeck.ready instanceof Promise)) throw new Error('meetdeck.ready is not a Promise');
  for (const f of ['go', 'current', 'total'])
    if (typeof meetdeck[f] !== 'function') throw new Error('meetdeck.' + f + ' is not a function');
  await Promise.race([meetdeck.ready, new Promise((_, no) =>
    setTimeout(() => no(new Error('meetdeck.ready did not settle within 3 s')), 3000))]);
  return true;
})()"#;

const IMAGES_JS: &str = r#"(async () => {
  const imgs = [...document.images];
  await Promise.race([
    Promise.all(imgs.map(i => i.complete ? 0 :
      new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); }))),
    new Promise(r => setTimeout(r, 3000))]);
  return imgs.map(i => ({ src: (i.getAttribute('src') || '').slice(0, 60),
                          complete: i.complete, w: i.naturalWidth }));
})()"#;

const DOM_JS: &str = r#"(() => {
  const slides = document.querySelector('.reveal > .slides');
  if (!slides) return { structure: false };
  const all = [...slides.querySelectorAll('section')];
  const top = [...slides.children].filter(e => e.tagName === 'SECTION');
  return { structure: true,
           leaves: all.filter(s => !s.querySelector('section')).length,
           stacks: top.map(s => s.querySelectorAll(':scope > section').length) };
})()"#;

const WHERE_JS: &str = "({ c: meetdeck.current(), hash: location.hash })";

/// Reads `current()` and the hash; the hash, when a `#/` one, must agree with `current()`.
fn where_am_i(page: &Page) -> Result<(Pos, String), String> {
    let v = page.eval(WHERE_JS).map_err(|e| e.to_string())?;
    let pos = pos_of(&v["c"]).ok_or_else(|| format!("meetdeck.current() returned {}", v["c"]))?;
    Ok((pos, v["hash"].as_str().unwrap_or_default().to_string()))
}

fn pos_of(v: &Value) -> Option<Pos> {
    Some(Pos(v["h"].as_i64()?, v["v"].as_i64()?))
}

/// Presses `key` and waits until `current()` differs from `from`; returns the new place.
fn press_and_move(page: &Page, key: &str, from: Pos) -> Result<(Pos, String), String> {
    page.press(key).map_err(|e| e.to_string())?;
    let moved = format!(
        "(c => c.h !== {} || c.v !== {})(meetdeck.current())",
        from.0, from.1
    );
    page.wait_for(&moved, Duration::from_secs(2))
        .map_err(|_| format!("{key} at {from} did not change meetdeck.current()"))?;
    where_am_i(page)
}

/// Opens the (isolated) deck at `deck` in `page` and checks it against the contract.
/// `expected_images`: how many images the note refers to (each must be an `<img>`).
pub fn check_deck(page: &mut Page, name: &str, deck: &Path, expected_images: usize) -> DeckReport {
    let start = Instant::now();
    let mut r = DeckReport {
        name: name.to_string(),
        ..DeckReport::default()
    };
    page.clear_events();
    let url = file_url(deck);
    if let Err(e) = page.goto("about:blank").and_then(|_| page.goto(&url)) {
        r.problems.push(format!("load: {e}"));
    } else if let Err(e) = page.eval(READY_JS) {
        r.problems.push(format!("ready: {e}"));
    } else {
        if std::env::var_os("MEETDECK_TEST_VERBOSE").is_some() {
            eprintln!("{name}: loaded and ready in {:?}", start.elapsed());
        }
        check_loaded_deck(page, &url, expected_images, &mut r);
    }
    if std::env::var_os("MEETDECK_TEST_VERBOSE").is_some() {
        eprintln!("{name}: checked in {:?}; requests:", start.elapsed());
        for u in page.requests() {
            eprintln!("  {}", u.chars().take(100).collect::<String>());
        }
    }
    if let Ok(dir) = std::env::var("MEETDECK_SCREENSHOTS") {
        let _ = std::fs::create_dir_all(&dir);
        let _ = page.eval("window.meetdeck && meetdeck.go(0, 0)");
        let file = Path::new(&dir).join(format!("{}.png", name.replace(['/', ' '], "_")));
        if let Err(e) = page.screenshot(&file) {
            r.problems.push(format!("screenshot: {e}"));
        }
    }

    // Requests and errors over the whole visit (first load, navigation, deep link).
    let reqs = page.requests();
    r.requests = reqs.len();
    r.foreign_requests = reqs
        .into_iter()
        .filter(|u| !u.starts_with("data:") && *u != url)
        .collect();
    if !r.foreign_requests.is_empty() {
        r.problems.push(format!(
            "{} request(s) beyond data: and the deck itself: {:?}",
            r.foreign_requests.len(),
            r.foreign_requests
        ));
    }
    r.errors = page.js_errors();
    if !r.errors.is_empty() {
        r.problems
            .push(format!("{} JS error(s): {:?}", r.errors.len(), r.errors));
    }
    r.elapsed = start.elapsed();
    r
}

fn check_loaded_deck(page: &Page, url: &str, expected_images: usize, r: &mut DeckReport) {
    // Images: every one decoded, and at least as many as the note refers to.
    match page.eval(IMAGES_JS) {
        Ok(Value::Array(imgs)) => {
            r.images = imgs.len();
            for i in &imgs {
                if i["complete"] != json!(true) || i["w"].as_u64().unwrap_or(0) == 0 {
                    r.problems.push(format!(
                        "image not shown (complete={}, naturalWidth={}): {}",
                        i["complete"], i["w"], i["src"]
                    ));
                }
            }
            if imgs.len() < expected_images {
                r.problems.push(format!(
                    "the note refers to {expected_images} image(s) but the deck has {} <img>",
                    imgs.len()
                ));
            }
        }
        other => r.problems.push(format!("images: {other:?}")),
    }

    // DOM vs API.
    let dom = match page.eval(DOM_JS) {
        Ok(d) if d["structure"] == json!(true) => d,
        other => {
            r.problems
                .push(format!("no `.reveal > .slides` in the DOM ({other:?})"));
            return;
        }
    };
    r.leaves = dom["leaves"].as_u64().unwrap_or(0) as usize;
    let stacks: Vec<u64> = dom["stacks"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    match page.eval("meetdeck.total()").map(|v| v.as_u64()) {
        Ok(Some(t)) => r.total = t as usize,
        other => {
            r.problems
                .push(format!("meetdeck.total() returned {other:?}"));
            return;
        }
    }
    if r.leaves == 0 {
        r.problems.push("no slide <section> in the DOM".into());
        return;
    }
    if r.total < r.leaves {
        r.problems.push(format!(
            "meetdeck.total() = {} but the DOM holds {} leaf slides",
            r.total, r.leaves
        ));
    }

    if let Err(e) = check_navigation(page, url, &stacks, r.total) {
        r.problems.push(e);
    }
}

/// Keyboard, hash and `go()` navigation. Stops at the first failure (later steps would
/// only repeat it).
fn check_navigation(page: &Page, url: &str, stacks: &[u64], total: usize) -> Result<(), String> {
    let (first, hash) = where_am_i(page)?;
    if first != Pos(0, 0) {
        return Err(format!(
            "a deck opened without a hash starts at {first}, not (0, 0)"
        ));
    }
    if !(hash.is_empty() || parse_hash(&hash) == Some(first)) {
        return Err(format!("at (0, 0) the hash is {hash:?}"));
    }

    // ArrowRight walks every slide, in order, each once, hash following.
    let mut visited = vec![first];
    let mut here = first;
    for _ in 1..total {
        let (next, hash) = press_and_move(page, "ArrowRight", here)?;
        if parse_hash(&hash) != Some(next) {
            return Err(format!(
                "after ArrowRight current() is {next} but location.hash is {hash:?} (want #/{}/{})",
                next.0, next.1
            ));
        }
        if next <= here {
            return Err(format!(
                "ArrowRight went backwards/sideways from {here} to {next}"
            ));
        }
        visited.push(next);
        here = next;
    }
    page.press("ArrowRight").map_err(|e| e.to_string())?;
    let (after_end, _) = where_am_i(page)?;
    if after_end != here {
        return Err(format!(
            "ArrowRight on the last of total() = {total} slides ({here}) moved to {after_end}"
        ));
    }
    // Every visited place is a slide of the DOM, and every DOM slide was visited.
    let dom_places: Vec<Pos> = stacks
        .iter()
        .enumerate()
        .flat_map(|(h, &n)| (0..n.max(1)).map(move |v| Pos(h as i64, v as i64)))
        .collect();
    if visited != dom_places {
        return Err(format!(
            "ArrowRight visited {visited:?}, the DOM's slides are {dom_places:?}"
        ));
    }

    // The other keys of the contract, between known places.
    let last = *visited.last().unwrap_or(&first);
    if total > 1 {
        let (p, _) = press_and_move(page, "ArrowLeft", last)?;
        if p != visited[visited.len() - 2] {
            return Err(format!("ArrowLeft from {last} went to {p}"));
        }
        let (p, _) = press_and_move(page, "Home", p)?;
        if p != first {
            return Err(format!("Home went to {p}"));
        }
        let (p, _) = press_and_move(page, "Space", p)?;
        if p != visited[1] {
            return Err(format!("Space from (0, 0) went to {p}, not {}", visited[1]));
        }
        if p.0 != last.0 {
            let (p, _) = press_and_move(page, "End", p)?;
            if p.0 != last.0 {
                return Err(format!("End went to {p}, not the last slide {last}"));
            }
        }
    }
    if let Some(h) = stacks.iter().position(|&n| n >= 2) {
        page.eval(&format!("meetdeck.go({h}, 0)"))
            .map_err(|e| e.to_string())?;
        let top = Pos(h as i64, 0);
        let (p, _) = where_am_i(page)?;
        if p != top {
            return Err(format!("go({h}, 0) landed on {p}"));
        }
        let (p, _) = press_and_move(page, "ArrowDown", top)?;
        if p != Pos(h as i64, 1) {
            return Err(format!("ArrowDown from {top} went to {p}"));
        }
        let (p, _) = press_and_move(page, "ArrowUp", p)?;
        if p != top {
            return Err(format!("ArrowUp from ({h}, 1) went to {p}"));
        }
    }

    // A deep link, loaded afresh, lands on its slide: a vertical one if there is one.
    let target = visited
        .iter()
        .copied()
        .find(|p| p.1 > 0)
        .unwrap_or(visited[visited.len().min(3) - 1]);
    let deep = format!("{url}#/{}/{}", target.0, target.1);
    page.goto("about:blank")
        .and_then(|_| page.goto(&deep))
        .map_err(|e| format!("loading {deep}: {e}"))?;
    page.eval(READY_JS)
        .map_err(|e| format!("ready after loading #/{}/{}: {e}", target.0, target.1))?;
    let (p, hash) = where_am_i(page)?;
    if p != target {
        return Err(format!(
            "loading deck.html#/{}/{} landed on {p} (hash {hash:?})",
            target.0, target.1
        ));
    }

    // go(0, 0) comes back.
    page.eval("meetdeck.go(0, 0)").map_err(|e| e.to_string())?;
    let (p, hash) = where_am_i(page)?;
    if p != Pos(0, 0) {
        return Err(format!("go(0, 0) landed on {p}"));
    }
    if !(hash.is_empty() || parse_hash(&hash) == Some(Pos(0, 0))) {
        return Err(format!("after go(0, 0) the hash is {hash:?}"));
    }
    Ok(())
}

/// Builds, isolates and checks one note; build failures are reported as problems.
fn build_and_check(page: &mut Page, note: &Path, name: &str, extra: &[&str]) -> DeckReport {
    let build_dir = tempfile::tempdir().expect("temp dir");
    let out = build_dir.path().join("deck.html");
    let markdown = std::fs::read_to_string(note).unwrap_or_default();
    match build_deck(note, &out, extra) {
        Err(e) => DeckReport {
            name: name.to_string(),
            problems: vec![e],
            ..DeckReport::default()
        },
        Ok(_warnings) => {
            let (_alone_dir, alone) = isolate(&out);
            let mut report = check_deck(page, name, &alone, image_refs_in_note(&markdown));
            let expected = slides_in_note(&markdown);
            match page.eval(BUILT_SLIDES_JS).map(|v| v.as_u64()) {
                Ok(Some(n)) if n as usize == expected => {}
                other => report.problems.push(format!(
                    "the note's headings make {expected} slides, the deck has {other:?} \
                     (continuations aside)"
                )),
            }
            report
        }
    }
}

fn table(reports: &[DeckReport]) -> String {
    let mut s = format!(
        "{:<20} {:>6} {:>6} {:>6} {:>8} {:>7} {:>6} {:>8}\n",
        "note", "total", "leaves", "images", "requests", "foreign", "errors", "ms"
    );
    for r in reports {
        let _ = writeln!(
            s,
            "{:<20} {:>6} {:>6} {:>6} {:>8} {:>7} {:>6} {:>8} {}",
            r.name,
            r.total,
            r.leaves,
            r.images,
            r.requests,
            r.foreign_requests.len(),
            r.errors.len(),
            r.elapsed.as_millis(),
            if r.ok() { "ok" } else { "FAIL" }
        );
    }
    s
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The example note in `meetings/`.
fn example_note() -> PathBuf {
    let dir = manifest_dir().join("meetings");
    let mut notes: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    notes.sort();
    notes
        .pop()
        .unwrap_or_else(|| panic!("no example note (*.md) in {}", dir.display()))
}

#[test]
fn example_deck_in_chromium() {
    let t0 = Instant::now();
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let mut page = browser.new_page(WIDTH, HEIGHT).expect("new page");
    let note = example_note();
    let name = note.file_name().unwrap().to_string_lossy().into_owned();
    let report = build_and_check(&mut page, &note, &name, &[]);
    eprintln!("{}", table(std::slice::from_ref(&report)));
    eprintln!("example deck: {:?} including browser start", t0.elapsed());
    assert!(report.ok(), "\n{}", report.describe());
    assert!(
        report.total >= 2,
        "the example deck should have several slides"
    );
}

#[test]
fn shared_notes_in_chromium() {
    let t0 = Instant::now();
    let Some(dir) = crate::shared::shared_or_skip("notes/2023/Double Week Meetings") else {
        return;
    };
    let root = manifest_dir().join("../shared/notes");
    let mut notes: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read the notes folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    notes.sort();
    assert!(!notes.is_empty(), "no notes in {}", dir.display());
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let mut page = browser.new_page(WIDTH, HEIGHT).expect("new page");
    let root_arg = root.to_string_lossy().into_owned();
    let reports: Vec<DeckReport> = notes
        .iter()
        .map(|note| {
            let name = note.file_name().unwrap().to_string_lossy().into_owned();
            build_and_check(&mut page, note, &name, &["--root", &root_arg])
        })
        .collect();
    eprintln!("{}", table(&reports));
    eprintln!(
        "{} shared notes: {:?} including browser start",
        reports.len(),
        t0.elapsed()
    );
    let failures: String = reports.iter().map(DeckReport::describe).collect();
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn example_deck_prints_one_page_per_slide() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let page = browser.new_page(WIDTH, HEIGHT).expect("new page");
    let build_dir = tempfile::tempdir().expect("temp dir");
    let out = build_dir.path().join("deck.html");
    build_deck(&example_note(), &out, &[]).unwrap_or_else(|e| panic!("{e}"));
    let (_dir, alone) = isolate(&out);
    page.goto(&format!("{}?print-pdf", file_url(&alone)))
        .expect("load ?print-pdf");
    page.eval(READY_JS).expect("ready in ?print-pdf");
    let total = page
        .eval("meetdeck.total()")
        .expect("total")
        .as_u64()
        .expect("total() is a number") as usize;
    let t = Instant::now();
    let pdf = page.print_pdf().expect("print to PDF");
    let pages = cdp::pdf_page_count(&pdf);
    let mut boxes = cdp::pdf_media_boxes(&pdf);
    boxes.dedup();
    eprintln!(
        "?print-pdf: {total} slides, {pages} PDF pages {:?}, {} KB, printed in {:?}",
        boxes.first(),
        pdf.len() / 1024,
        t.elapsed()
    );
    assert_eq!(
        pages, total,
        "?print-pdf should print one page per slide (page boxes {boxes:?} pt)"
    );
    let errors = page.js_errors();
    assert!(errors.is_empty(), "JS errors in ?print-pdf: {errors:?}");
}

/// The checker itself, against hand-written decks: a tiny correct one must pass, and each
/// kind of breakage must be reported (so a green deck test means something).
mod checker {
    use super::*;

    /// A minimal implementation of the deck contract: 3 horizontal slides, the second a
    /// stack of 2, linear keyboard navigation, `#/h/v` hashes.
    const GOOD: &str = r#"<!doctype html><meta charset="utf-8"><title>fake</title>
<div class="reveal"><div class="slides">
<section>one IMG</section>
<section class="stack"><section>two</section><section>two b</section></section>
<section>three</section>
</div></div>
<script>
(() => {
  const top = [...document.querySelectorAll('.reveal > .slides > section')];
  const flat = [];
  top.forEach((s, h) => {
    const kids = s.querySelectorAll(':scope > section');
    if (kids.length) kids.forEach((_, v) => flat.push({h, v})); else flat.push({h, v: 0});
  });
  let i = 0;
  const show = () => { history.replaceState(null, '', '#/' + flat[i].h + '/' + flat[i].v); };
  const go = (h, v) => { const j = flat.findIndex(p => p.h === h && p.v === (v || 0));
                         if (j >= 0) { i = j; show(); } };
  const m = /^#\/(\d+)(?:\/(\d+))?/.exec(location.hash);
  if (m) go(+m[1], +(m[2] || 0));
  addEventListener('keydown', e => {
    const c = flat[i];
    if (['ArrowRight', ' ', 'PageDown'].includes(e.key)) i = Math.min(i + 1, flat.length - 1);
    else if (['ArrowLeft', 'PageUp'].includes(e.key)) i = Math.max(i - 1, 0);
    else if (e.key === 'Home') i = 0;
    else if (e.key === 'End') i = flat.length - 1;
    else if (e.key === 'ArrowDown') { go(c.h, c.v + 1); return; }
    else if (e.key === 'ArrowUp') { go(c.h, c.v - 1); return; }
    else return;
    show();
  });
  window.meetdeck = { ready: Promise.resolve(), go, current: () => ({...flat[i]}),
                      total: () => flat.length, slides: () => flat.slice() };
})();
</script>"#;

    const IMG: &str = r#"<img src="data:image/png;base64,PNG">"#;

    fn good() -> String {
        GOOD.replace("IMG", &IMG.replace("PNG", cdp::TINY_PNG_BASE64))
    }

    fn check(page: &mut Page, html: &str, images: usize) -> DeckReport {
        let dir = tempfile::tempdir().expect("temp dir");
        let deck = dir.path().join("deck.html");
        std::fs::write(&deck, html).expect("write fake deck");
        check_deck(page, "fake", &deck, images)
    }

    fn assert_caught(r: &DeckReport, needle: &str) {
        assert!(
            !r.ok() && r.problems.iter().any(|p| p.contains(needle)),
            "expected a problem mentioning {needle:?}, got {:?}",
            r.problems
        );
    }

    #[test]
    fn deck_checker_passes_a_good_deck_and_catches_broken_ones() {
        let Some(browser) = cdp::browser_or_skip() else {
            return;
        };
        let mut page = browser.new_page(WIDTH, HEIGHT).expect("new page");

        let r = check(&mut page, &good(), 1);
        assert!(r.ok(), "the fake good deck failed:\n{}", r.describe());
        assert_eq!((r.total, r.leaves, r.images), (4, 4, 1));

        // An external request (the machine has no network; the request is still seen).
        let bad = good().replace("three", "<img src=\"http://example.invalid/x.png\">");
        assert_caught(&check(&mut page, &bad, 1), "beyond data:");
        // A file beside the deck is a request too, and the image is not shown.
        let bad = good().replace("three", "<img src=\"missing.png\">");
        let r = check(&mut page, &bad, 1);
        assert_caught(&r, "missing.png");
        assert_caught(&r, "image not shown");
        // A JS error.
        let bad = good().replace("</script>", "</script><script>null.x</script>");
        assert_caught(&check(&mut page, &bad, 1), "JS error");
        // Fewer images than the note refers to (e.g. a placeholder instead of an image).
        assert_caught(&check(&mut page, &good(), 2), "refers to 2 image");
        // No API.
        let bad = good().replace("window.meetdeck =", "window.other =");
        assert_caught(&check(&mut page, &bad, 1), "window.meetdeck is missing");
        // A ready that never settles.
        let bad = good().replace("ready: Promise.resolve()", "ready: new Promise(() => {})");
        assert_caught(&check(&mut page, &bad, 1), "did not settle");
        // total() too small.
        let bad = good().replace("total: () => flat.length", "total: () => 2");
        assert_caught(&check(&mut page, &bad, 1), "leaf slides");
        // Keys that skip the vertical slide.
        let bad = good().replace("i = Math.min(i + 1,", "i = Math.min(i + (i === 1 ? 2 : 1),");
        assert_caught(&check(&mut page, &bad, 1), "ArrowRight");
        // A hash that does not follow.
        let bad = good().replace("'/' + flat[i].v", "'/0'");
        assert_caught(&check(&mut page, &bad, 1), "location.hash");
        // Deep links ignored.
        let bad = good().replace("if (m) go(", "if (false) go(");
        assert_caught(&check(&mut page, &bad, 1), "landed on");
    }

    #[test]
    fn hash_parsing() {
        assert_eq!(parse_hash("#/2/1"), Some(Pos(2, 1)));
        assert_eq!(parse_hash("#/2"), Some(Pos(2, 0)));
        assert_eq!(parse_hash("#/"), Some(Pos(0, 0)));
        assert_eq!(parse_hash("#/a/1"), None);
        assert_eq!(parse_hash("#2/1"), None);
        assert_eq!(parse_hash("#/1/2/3"), None);
        assert_eq!(
            image_refs_in_note("![a](b.png) <IMG src=x>\n```\n![no](c)\n```\n"),
            2
        );
    }
}
