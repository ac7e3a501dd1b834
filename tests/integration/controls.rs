//! The presenter controls, driven for real in headless Chromium: the overview (Esc, O,
//! Enter, a click on a thumbnail), blackout (B and `.`), fullscreen (F, only on a user
//! gesture), touch swipes (real `Input.dispatchTouchEvent` touches), the progress bar
//! and slide number, and the scaling of the 1280x720 slide to windows of other sizes.
//!
//! The deck is built with the real binary from a small note written here: a title slide,
//! two `##` slides, a `##` with two `###` vertical slides, and two more `##` slides.
//! Its slides in order (`meetdeck.slides()`), 8 in all:
//! 0 (0,0) title, 1 (1,0) One, 2 (2,0) Two, 3 (3,0) Stack, 4 (3,1) Stack down one,
//! 5 (3,2) Stack down two, 6 (4,0) Three, 7 (5,0) Four. The scrolling overview uses a
//! second note of 24 slides, more than the window holds as thumbnails.

use std::path::PathBuf;
use std::time::Duration;

use serde_json::{json, Value};

use crate::browser::build_deck;
use crate::cdp::{self, file_url, Page};

const WAIT: Duration = Duration::from_secs(3);

const NOTE: &str = "\
# Controls fixture

## One

First slide.

## Two

Second slide.

## Stack

Top of the stack.

### Stack down one

First vertical slide.

### Stack down two

Second vertical slide.

## Three

Third slide.

## Four

Fourth slide.
";

/// The fixture's slides in order, as `(h, v)`.
const SLIDES: [(i64, i64); 8] = [
    (0, 0),
    (1, 0),
    (2, 0),
    (3, 0),
    (3, 1),
    (3, 2),
    (4, 0),
    (5, 0),
];

/// Writes the note into a temp dir and builds `deck.html` beside it.
fn deck() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("meetdeck-controls-")
        .tempdir()
        .expect("temp dir");
    let note = dir.path().join("note.md");
    std::fs::write(&note, NOTE).expect("write the note");
    let out = dir.path().join("deck.html");
    build_deck(&note, &out, &[]).unwrap_or_else(|e| panic!("{e}"));
    (dir, out)
}

/// Chromium (or `None`, after saying it is absent) with the fixture deck opened in a
/// 1280×720 tab: the browser, the deck's folder and the tab.
fn opened_deck() -> Option<(cdp::Browser, tempfile::TempDir, Page)> {
    let browser = cdp::browser_or_skip()?;
    let (dir, path) = deck();
    let page = browser.new_page(1280, 720).expect("new page");
    open(&page, &file_url(&path));
    Some((browser, dir, page))
}

/// `Runtime.evaluate` without a user gesture (`Page::eval` always sends one).
fn eval_no_gesture(page: &Page, js: &str) -> Value {
    let r = page
        .call(
            "Runtime.evaluate",
            json!({ "expression": js, "awaitPromise": true, "returnByValue": true,
                    "userGesture": false }),
        )
        .unwrap_or_else(|e| panic!("{e}\nwhile evaluating: {js}"));
    if let Some(ex) = r.get("exceptionDetails") {
        panic!("JS exception evaluating {js}: {ex}");
    }
    r["result"].get("value").cloned().unwrap_or(Value::Null)
}

/// Loads `url` afresh and waits for `meetdeck.ready`, without giving the page a user
/// gesture (so that the fullscreen test starts without user activation).
fn open(page: &Page, url: &str) {
    page.goto("about:blank").expect("blank");
    page.goto(url).expect("load the deck");
    let ok = eval_no_gesture(
        page,
        "Promise.race([meetdeck.ready.then(() => true), \
         new Promise((r) => setTimeout(() => r(false), 5000))])",
    );
    assert_eq!(ok, json!(true), "meetdeck.ready did not settle");
}

fn eval(page: &Page, js: &str) -> Value {
    page.eval(js)
        .unwrap_or_else(|e| panic!("{e}\nwhile evaluating: {js}"))
}

fn press(page: &Page, key: &str) {
    page.press(key)
        .unwrap_or_else(|e| panic!("pressing {key}: {e}"));
}

/// Presses `.` (which `Page::press` does not know) as a real key event.
fn press_period(page: &Page) {
    let down = json!({ "type": "keyDown", "key": ".", "code": "Period", "text": ".",
        "unmodifiedText": ".", "windowsVirtualKeyCode": 190, "nativeVirtualKeyCode": 190 });
    let up = json!({ "type": "keyUp", "key": ".", "code": "Period",
        "windowsVirtualKeyCode": 190, "nativeVirtualKeyCode": 190 });
    page.call("Input.dispatchKeyEvent", down).expect("key down");
    page.call("Input.dispatchKeyEvent", up).expect("key up");
}

/// `meetdeck.current()` as `(h, v)`.
fn current(page: &Page) -> (i64, i64) {
    let c = eval(page, "meetdeck.current()");
    (
        c["h"].as_i64().expect("current().h"),
        c["v"].as_i64().expect("current().v"),
    )
}

/// What the runtime shows: the overview and blackout classes on <html>, the current slide,
/// the hash, and for each leaf slide its box (zero when hidden) and its `present` class.
const STATE_JS: &str = r#"(() => {
  const root = document.documentElement;
  const leaves = [...document.querySelectorAll('.reveal > .slides section')]
    .filter((s) => !s.classList.contains('stack'));
  const box = (e) => {
    const r = e.getBoundingClientRect();
    return { left: r.left, top: r.top, width: r.width, height: r.height };
  };
  return {
    overview: root.classList.contains('md-overview'),
    blackout: root.classList.contains('md-blackout'),
    current: meetdeck.current(),
    hash: location.hash,
    boxes: leaves.map(box),
    present: leaves.map((s) => s.classList.contains('present')),
  };
})()"#;

/// A box from `STATE_JS`.
#[derive(Debug, Clone, Copy)]
struct Rect {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
}

impl Rect {
    fn from(v: &Value) -> Rect {
        let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
        Rect {
            left: f("left"),
            top: f("top"),
            width: f("width"),
            height: f("height"),
        }
    }
    fn right(&self) -> f64 {
        self.left + self.width
    }
    fn bottom(&self) -> f64 {
        self.top + self.height
    }
    fn shown(&self) -> bool {
        self.width > 0.0 && self.height > 0.0
    }
    fn inside(&self, w: f64, h: f64) -> bool {
        let eps = 0.5;
        self.left >= -eps && self.top >= -eps && self.right() <= w + eps && self.bottom() <= h + eps
    }
    fn overlaps(&self, o: &Rect) -> bool {
        self.left < o.right() - 0.5
            && o.left < self.right() - 0.5
            && self.top < o.bottom() - 0.5
            && o.top < self.bottom() - 0.5
    }
    fn centre(&self) -> (f64, f64) {
        (self.left + self.width / 2.0, self.top + self.height / 2.0)
    }
}

fn boxes(state: &Value) -> Vec<Rect> {
    state["boxes"]
        .as_array()
        .expect("boxes")
        .iter()
        .map(Rect::from)
        .collect()
}

/// A left click at (x, y), as real mouse input.
fn click(page: &Page, x: f64, y: f64) {
    for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
        let mut e = json!({ "type": kind, "x": x, "y": y });
        if kind != "mouseMoved" {
            e["button"] = json!("left");
            e["clickCount"] = json!(1);
        }
        page.call("Input.dispatchMouseEvent", e)
            .unwrap_or_else(|err| panic!("{kind} at ({x}, {y}): {err}"));
    }
}

/// Slide `target` alone shows in `state`, at 0,0 and 1280×720 (a 1280×720 window).
fn assert_only_slide_fills_window(state: &Value, target: usize, what: &str) {
    let b = boxes(state);
    let shown: Vec<usize> = (0..b.len()).filter(|&i| b[i].shown()).collect();
    assert_eq!(
        shown,
        vec![target],
        "only the clicked slide should show: {state}"
    );
    let r = b[target];
    assert!(
        r.left.abs() < 0.5
            && r.top.abs() < 0.5
            && (r.width - 1280.0).abs() < 0.5
            && (r.height - 720.0).abs() < 0.5,
        "{what}: {r:?}"
    );
}

fn assert_no_js_errors(page: &Page) {
    let errors = page.js_errors();
    assert!(errors.is_empty(), "JS errors: {errors:?}");
}

/// Esc and O toggle the overview; in it every slide shows at once as a thumbnail; a
/// click on one, or Enter after moving with the arrows, presents that slide.
#[test]
fn overview_shows_every_slide_and_picks_one() {
    let Some((_browser, _dir, page)) = opened_deck() else {
        return;
    };
    assert_eq!(eval(&page, "meetdeck.total()"), json!(SLIDES.len()));

    // Presenting: only the current slide has a box, and it fills the window.
    let s = eval(&page, STATE_JS);
    assert_eq!(s["overview"], json!(false), "{s}");
    let shown: Vec<usize> = (0..SLIDES.len())
        .filter(|&i| boxes(&s)[i].shown())
        .collect();
    assert_eq!(shown, vec![0], "only the first slide should show: {s}");

    for key in ["Escape", "o"] {
        press(&page, key);
        let s = eval(&page, STATE_JS);
        assert_eq!(
            s["overview"],
            json!(true),
            "{key} should open the overview: {s}"
        );
        let b = boxes(&s);
        for (i, r) in b.iter().enumerate() {
            assert!(
                r.shown() && r.inside(1280.0, 720.0),
                "{key}: slide {i} should show inside the window in the overview: {r:?}"
            );
            assert!(
                r.width < 640.0 && r.height < 360.0,
                "{key}: slide {i} should be a thumbnail: {r:?}"
            );
            let aspect = r.width / r.height;
            assert!(
                (aspect - 16.0 / 9.0).abs() < 0.02,
                "{key}: thumbnail {i} is not 16:9: {r:?}"
            );
            for (j, o) in b.iter().enumerate().skip(i + 1) {
                assert!(
                    !r.overlaps(o),
                    "{key}: thumbnails {i} and {j} overlap: {r:?} {o:?}"
                );
            }
        }
        // In document order: left to right, then row by row.
        for i in 1..b.len() {
            let (p, r) = (b[i - 1], b[i]);
            assert!(
                r.top > p.top + 1.0 || ((r.top - p.top).abs() < 1.0 && r.left > p.left),
                "{key}: thumbnail {i} is not after thumbnail {}: {p:?} {r:?}",
                i - 1
            );
        }
        let hidden = eval(
            &page,
            "[...document.querySelectorAll('.progress, .slide-number')]\
             .map((e) => e.getBoundingClientRect().width)",
        );
        assert_eq!(
            hidden,
            json!([0, 0]),
            "{key}: progress and number hidden in the overview"
        );
        // The same key closes it again, on the same slide.
        press(&page, key);
        let s = eval(&page, STATE_JS);
        assert_eq!(
            s["overview"],
            json!(false),
            "{key} should close the overview: {s}"
        );
        assert_eq!(current(&page), (0, 0));
        let shown: Vec<usize> = (0..SLIDES.len())
            .filter(|&i| boxes(&s)[i].shown())
            .collect();
        assert_eq!(
            shown,
            vec![0],
            "{key}: after the overview only slide 0: {s}"
        );
    }

    // A click on a thumbnail (a vertical slide) presents it and leaves the overview.
    press(&page, "o");
    let s = eval(&page, STATE_JS);
    let target = 4; // (3, 1)
    let (x, y) = boxes(&s)[target].centre();
    click(&page, x, y);
    let s = page
        .wait_for(
            &format!("(() => {{ const s = {STATE_JS}; return s.overview ? null : s; }})()"),
            WAIT,
        )
        .unwrap_or_else(|e| panic!("a click on a thumbnail should leave the overview: {e}"));
    assert_eq!(current(&page), SLIDES[target], "after the click: {s}");
    assert_eq!(s["hash"], json!("#/3/1"), "{s}");
    assert_only_slide_fills_window(&s, target, "the clicked slide should fill the window");

    // A click while presenting does not navigate.
    click(&page, 640.0, 360.0);
    assert_eq!(
        current(&page),
        SLIDES[target],
        "a click while presenting moved the deck"
    );

    // Arrows move the highlight in the overview; Enter presents the highlighted slide.
    press(&page, "Escape");
    press(&page, "ArrowRight");
    press(&page, "ArrowRight");
    let s = eval(&page, STATE_JS);
    assert_eq!(
        s["overview"],
        json!(true),
        "arrows should keep the overview: {s}"
    );
    let present: Vec<bool> = serde_json::from_value(s["present"].clone()).expect("present");
    assert_eq!(
        present.iter().position(|&p| p),
        Some(6),
        "the highlight should be on slide 6: {s}"
    );
    assert_eq!(
        present.iter().filter(|&&p| p).count(),
        1,
        "one highlighted slide: {s}"
    );
    press(&page, "Enter");
    let s = eval(&page, STATE_JS);
    assert_eq!(
        s["overview"],
        json!(false),
        "Enter should leave the overview: {s}"
    );
    assert_eq!(current(&page), SLIDES[6]);
    let shown: Vec<usize> = (0..SLIDES.len())
        .filter(|&i| boxes(&s)[i].shown())
        .collect();
    assert_eq!(shown, vec![6], "after Enter only slide 6 shows: {s}");
    // Enter outside the overview does nothing.
    press(&page, "Enter");
    assert_eq!(current(&page), SLIDES[6]);
    assert_eq!(eval(&page, STATE_JS)["overview"], json!(false));
    assert_no_js_errors(&page);
}

/// The overview of a deck longer than the window scrolls: the thumbnail the keys move to
/// is in view with the gap around it (so its highlight is not cut off at the edge), and a
/// click on a thumbnail of the scrolled overview presents that slide, full size.
#[test]
fn overview_of_a_long_deck_scrolls_to_the_highlight() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let dir = tempfile::Builder::new()
        .prefix("meetdeck-controls-long-")
        .tempdir()
        .expect("temp dir");
    let mut note = String::from("# A long deck\n\n");
    for i in 1..=23 {
        note.push_str(&format!("## Slide {i}\n\nText of slide {i}.\n\n"));
    }
    let md = dir.path().join("long.md");
    std::fs::write(&md, note).expect("write the note");
    let out = dir.path().join("long.html");
    build_deck(&md, &out, &[]).unwrap_or_else(|e| panic!("{e}"));
    let page = browser.new_page(1280, 720).expect("new page");
    open(&page, &file_url(&out));
    assert_eq!(eval(&page, "meetdeck.total()"), json!(24));

    // The highlighted thumbnail and how many thumbnails are wholly in the window.
    let highlight = |how: &str| -> (Rect, usize) {
        let s = eval(&page, STATE_JS);
        assert_eq!(s["overview"], json!(true), "{how}: in the overview: {s}");
        let b = boxes(&s);
        let present: Vec<bool> = serde_json::from_value(s["present"].clone()).expect("present");
        let i = present
            .iter()
            .position(|&p| p)
            .expect("a highlighted slide");
        let c = current(&page);
        assert_eq!(
            c,
            (i as i64, 0),
            "{how}: the highlight is on the current slide"
        );
        (b[i], b.iter().filter(|r| r.inside(1280.0, 720.0)).count())
    };
    let in_view_with_gap = |r: &Rect, how: &str| {
        assert!(
            r.left >= 20.0 && r.top >= 20.0 && r.right() <= 1260.0 && r.bottom() <= 700.0,
            "{how}: the highlighted thumbnail should be in view with the gap around it: {r:?}"
        );
    };

    press(&page, "o");
    let (r, whole) = highlight("O");
    in_view_with_gap(&r, "O on the first slide");
    assert!(
        whole >= 8,
        "several thumbnails should show at once, not {whole}"
    );
    assert!(
        whole < 24,
        "24 thumbnails cannot all fit in 1280x720: {whole}"
    );
    press(&page, "End");
    let (r, _) = highlight("End");
    in_view_with_gap(&r, "End in the overview");
    press(&page, "Home");
    let (r, _) = highlight("Home");
    in_view_with_gap(&r, "Home in the overview");
    for _ in 0..17 {
        press(&page, "ArrowRight");
    }
    let (r, _) = highlight("ArrowRight x17");
    in_view_with_gap(&r, "ArrowRight to slide 17");
    assert!(
        eval(
            &page,
            "document.querySelector('.reveal > .slides').scrollTop"
        )
        .as_f64()
        .unwrap_or(0.0)
            > 100.0,
        "the overview should have scrolled down to slide 17"
    );

    // A click on a thumbnail of the scrolled overview.
    let s = eval(&page, STATE_JS);
    let target = 19;
    let r = boxes(&s)[target];
    assert!(
        r.inside(1280.0, 720.0),
        "thumbnail {target} should be in view: {r:?}"
    );
    let (x, y) = r.centre();
    click(&page, x, y);
    let _ = page.wait_for(
        "!document.documentElement.classList.contains('md-overview')",
        WAIT,
    );
    let s = eval(&page, STATE_JS);
    assert_eq!(
        s["overview"],
        json!(false),
        "the click should leave the overview: {s}"
    );
    assert_eq!(current(&page), (target as i64, 0), "the clicked slide: {s}");
    assert_only_slide_fills_window(
        &s,
        target,
        "the overview's scrolling should not shift the presented slide",
    );
    assert_no_js_errors(&page);
}

/// The share of black pixels (each channel below 8) in a screenshot of the viewport.
fn black_share(page: &Page, dir: &std::path::Path, name: &str) -> f64 {
    let file = dir.join(format!("{name}.png"));
    page.screenshot(&file).expect("screenshot");
    let img = image::open(&file)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        .to_rgb8();
    let total = img.pixels().len();
    let black = img.pixels().filter(|p| p.0.iter().all(|&c| c < 8)).count();
    black as f64 / total as f64
}

/// B and `.` black the screen out (every pixel of a screenshot black) and back.
#[test]
fn blackout_turns_the_screen_black_and_back() {
    let Some((_browser, dir, page)) = opened_deck() else {
        return;
    };
    press(&page, "ArrowRight");

    let before = black_share(&page, dir.path(), "before");
    assert!(
        before < 0.5,
        "the default theme's slide should not be mostly black: {before}"
    );
    for (name, key) in [("b", Some("b")), ("B", Some("B")), ("period", None)] {
        match key {
            Some(k) => press(&page, k),
            None => press_period(&page),
        }
        let s = eval(&page, STATE_JS);
        assert_eq!(s["blackout"], json!(true), "{name} should black out: {s}");
        let share = black_share(&page, dir.path(), &format!("{name}-on"));
        assert!(
            share > 0.999,
            "{name}: the screen should be black, but only {:.1}% of it is",
            share * 100.0
        );
        // What is at the centre is the overlay of .reveal, not the slide's content.
        let hit = eval(
            &page,
            "(() => { const e = document.elementFromPoint(640, 360); \
             const a = getComputedStyle(document.querySelector('.reveal'), '::after'); \
             return { reveal: e === document.querySelector('.reveal'), bg: a.backgroundColor }; })()",
        );
        assert_eq!(
            hit,
            json!({ "reveal": true, "bg": "rgb(0, 0, 0)" }),
            "{name}: the black overlay should cover the slide"
        );
        match key {
            Some(k) => press(&page, k),
            None => press_period(&page),
        }
        let s = eval(&page, STATE_JS);
        assert_eq!(
            s["blackout"],
            json!(false),
            "{name} again should end it: {s}"
        );
        let share = black_share(&page, dir.path(), &format!("{name}-off"));
        assert!(
            (share - before).abs() < 0.01,
            "{name}: after the blackout the slide should look as before ({before} vs {share})"
        );
        assert_eq!(current(&page), (1, 0), "{name} moved the deck");
    }
    assert_no_js_errors(&page);
}

/// F asks for fullscreen on the whole page, only with a user gesture; F in fullscreen
/// leaves it. The page's fullscreen API is replaced by spies (headless may refuse).
#[test]
fn f_requests_fullscreen_on_a_user_gesture() {
    let Some((_browser, _dir, page)) = opened_deck() else {
        return;
    };
    eval_no_gesture(
        &page,
        "(() => { window.__fs = []; const el = document.documentElement; \
         el.requestFullscreen = function (o) { __fs.push(['request', this === el]); \
           return Promise.resolve(); }; \
         document.exitFullscreen = function () { __fs.push(['exit', this === document]); \
           return Promise.resolve(); }; return true; })()",
    );

    // A synthetic key without user activation: the runtime does not even try.
    let active = eval_no_gesture(&page, "navigator.userActivation.isActive");
    assert_eq!(
        active,
        json!(false),
        "the page should have no user activation yet"
    );
    eval_no_gesture(
        &page,
        "document.dispatchEvent(new KeyboardEvent('keydown', \
         { key: 'f', bubbles: true, cancelable: true }))",
    );
    assert_eq!(
        eval_no_gesture(&page, "__fs"),
        json!([]),
        "no fullscreen request without a user gesture"
    );

    // A real key press is a user gesture.
    press(&page, "F");
    assert_eq!(
        eval_no_gesture(&page, "__fs"),
        json!([["request", true]]),
        "F should call document.documentElement.requestFullscreen()"
    );

    // In fullscreen, F leaves it.
    eval_no_gesture(
        &page,
        "Object.defineProperty(document, 'fullscreenElement', \
         { configurable: true, get: () => document.documentElement })",
    );
    press(&page, "f");
    assert_eq!(
        eval_no_gesture(&page, "__fs"),
        json!([["request", true], ["exit", true]]),
        "F in fullscreen should call document.exitFullscreen()"
    );
    assert_eq!(current(&page), (0, 0), "F moved the deck");

    // A refusal (a rejected promise) reaches no console.
    eval_no_gesture(
        &page,
        "(() => { delete document.fullscreenElement; \
         document.documentElement.requestFullscreen = () => { __fs.push(['refused']); \
           return Promise.reject(new TypeError('Permissions check failed')); }; })()",
    );
    press(&page, "f");
    assert_eq!(eval_no_gesture(&page, "__fs[2]"), json!(["refused"]));
    // Let an unhandled rejection, if any, be reported.
    eval_no_gesture(&page, "new Promise((r) => setTimeout(r, 100))");
    assert_no_js_errors(&page);
}

/// One finger from `from` to `to` in a few moves, as real touch input.
fn swipe(page: &Page, from: (f64, f64), to: (f64, f64)) {
    let point = |x: f64, y: f64| json!([{ "x": x, "y": y, "id": 1 }]);
    page.call(
        "Input.dispatchTouchEvent",
        json!({ "type": "touchStart", "touchPoints": point(from.0, from.1) }),
    )
    .expect("touchStart");
    for k in 1..=4 {
        let t = f64::from(k) / 4.0;
        let (x, y) = (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
        page.call(
            "Input.dispatchTouchEvent",
            json!({ "type": "touchMove", "touchPoints": point(x, y) }),
        )
        .expect("touchMove");
    }
    page.call(
        "Input.dispatchTouchEvent",
        json!({ "type": "touchEnd", "touchPoints": [] }),
    )
    .expect("touchEnd");
}

/// Swipes left and right walk the slides; up and down move within a stack only; short
/// moves and taps do nothing; the overview ignores swipes.
#[test]
fn touch_swipes_navigate() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, path) = deck();
    let page = browser.new_page(1280, 720).expect("new page");
    page.call(
        "Emulation.setTouchEmulationEnabled",
        json!({ "enabled": true, "maxTouchPoints": 5 }),
    )
    .expect("touch emulation");
    open(&page, &file_url(&path));
    eval_no_gesture(
        &page,
        "(() => { window.__touches = []; for (const t of ['touchstart', 'touchend']) \
         addEventListener(t, (e) => __touches.push(`${t}:${e.changedTouches[0].clientX},` \
         + e.changedTouches[0].clientY), { passive: true }); })()",
    );
    let (l, r, c) = ((300.0, 400.0), (1000.0, 400.0), (640.0, 360.0));

    // Right to left: next slide, through the stack too (navigation is linear).
    swipe(&page, r, l);
    assert_eq!(
        eval(&page, "__touches"),
        json!(["touchstart:1000,400", "touchend:300,400"]),
        "the page should see real touch events"
    );
    assert_eq!(
        current(&page),
        (1, 0),
        "a swipe to the left should go to the next slide"
    );
    for want in &SLIDES[2..] {
        swipe(&page, r, l);
        assert_eq!(current(&page), *want, "swipe left");
    }
    swipe(&page, r, l);
    assert_eq!(
        current(&page),
        (5, 0),
        "a swipe past the last slide stays there"
    );

    // Left to right: the previous slide.
    swipe(&page, l, r);
    assert_eq!(
        current(&page),
        (4, 0),
        "a swipe to the right should go back"
    );
    swipe(&page, l, r);
    assert_eq!(current(&page), (3, 2), "swipe right");

    // Moves shorter than 40 px and a tap do nothing.
    swipe(&page, c, (c.0 - 35.0, c.1));
    swipe(&page, c, (c.0 - 35.0, c.1 + 10.0));
    swipe(&page, c, c);
    assert_eq!(
        current(&page),
        (3, 2),
        "a short move or a tap moved the deck"
    );

    // Up and down: within the stack.
    let (top, bottom) = ((640.0, 100.0), (640.0, 650.0));
    swipe(&page, top, bottom);
    assert_eq!(current(&page), (3, 1), "a swipe down goes up the stack");
    swipe(&page, top, bottom);
    assert_eq!(current(&page), (3, 0), "a swipe down goes up the stack");
    swipe(&page, top, bottom);
    assert_eq!(
        current(&page),
        (3, 0),
        "no slide above the top of the stack"
    );
    swipe(&page, bottom, top);
    assert_eq!(current(&page), (3, 1), "a swipe up goes down the stack");
    swipe(&page, c, (c.0, c.1 - 35.0));
    assert_eq!(current(&page), (3, 1), "a short move up moved the deck");
    // A mostly vertical swipe with some sideways drift is still vertical.
    swipe(&page, (600.0, 650.0), (700.0, 100.0));
    assert_eq!(current(&page), (3, 2), "a swipe up goes down the stack");
    swipe(&page, bottom, top);
    assert_eq!(
        current(&page),
        (3, 2),
        "no slide below the bottom of the stack"
    );
    // Outside a stack, vertical swipes do nothing.
    swipe(&page, r, l);
    assert_eq!(current(&page), (4, 0));
    swipe(&page, bottom, top);
    swipe(&page, top, bottom);
    assert_eq!(
        current(&page),
        (4, 0),
        "a vertical swipe outside a stack moved the deck"
    );
    assert_eq!(eval(&page, "location.hash"), json!("#/4"));

    // The overview ignores swipes.
    press(&page, "o");
    swipe(&page, r, l);
    assert_eq!(
        current(&page),
        (4, 0),
        "a swipe in the overview moved the deck"
    );
    press(&page, "o");
    swipe(&page, r, l);
    assert_eq!(
        current(&page),
        (5, 0),
        "swipes should work again after the overview"
    );
    assert_no_js_errors(&page);
}

/// The progress bar's fill is k/(n-1) of its width on slide k of n (0-based), and the
/// slide number reads "k+1 / n".
#[test]
fn progress_bar_and_slide_number_follow_the_slide() {
    let Some((_browser, _dir, page)) = opened_deck() else {
        return;
    };
    let n = SLIDES.len();

    const BAR_JS: &str = r#"(async () => {
      const bar = document.querySelector('.reveal > .progress');
      const fill = bar && bar.firstElementChild;
      const num = document.querySelector('.reveal > .slide-number');
      if (!fill || !num) return { missing: true };
      // Let the width transition finish.
      await Promise.all(fill.getAnimations().map((a) => a.finished.catch(() => {})));
      const b = bar.getBoundingClientRect();
      const f = fill.getBoundingClientRect();
      const r = num.getBoundingClientRect();
      return {
        fraction: f.width / b.width, barWidth: b.width, barBottom: b.bottom,
        fillLeft: f.left - b.left, fillHeight: f.height,
        number: num.textContent.trim(),
        numberShown: r.width > 0 && r.height > 0 && r.right <= innerWidth && r.bottom <= innerHeight,
      };
    })()"#;

    let check = |k: usize, how: &str| {
        assert_eq!(current(&page), SLIDES[k], "{how}");
        let v = eval(&page, BAR_JS);
        assert_ne!(v["missing"], json!(true), "no progress bar or slide number");
        let frac = v["fraction"].as_f64().unwrap_or(f64::NAN);
        let want = k as f64 / (n - 1) as f64;
        assert!(
            (frac - want).abs() < 0.005,
            "{how}: on slide {k} of {n} the progress bar should be {want:.3} full: {v}"
        );
        assert!(
            (v["barWidth"].as_f64().unwrap_or(0.0) - 1280.0).abs() < 0.5
                && (v["barBottom"].as_f64().unwrap_or(0.0) - 720.0).abs() < 0.5
                && v["fillLeft"].as_f64().unwrap_or(1.0).abs() < 0.5
                && v["fillHeight"].as_f64().unwrap_or(0.0) >= 3.0,
            "{how}: the bar should run along the bottom of the window: {v}"
        );
        assert_eq!(v["number"], json!(format!("{} / {n}", k + 1)), "{how}: {v}");
        assert_eq!(
            v["numberShown"],
            json!(true),
            "{how}: slide number shown: {v}"
        );
    };

    check(0, "opened");
    press(&page, "ArrowRight");
    check(1, "ArrowRight");
    press(&page, "Space");
    press(&page, "PageDown");
    check(3, "Space, PageDown");
    press(&page, "ArrowDown");
    check(4, "ArrowDown into the stack");
    press(&page, "End");
    check(7, "End");
    press(&page, "ArrowLeft");
    check(6, "ArrowLeft");
    eval(&page, "meetdeck.go(3, 2)");
    check(5, "meetdeck.go(3, 2)");
    eval(&page, "location.hash = '#/2'");
    page.wait_for("meetdeck.current().h === 2", WAIT)
        .expect("the hash should move the deck");
    check(2, "#/2");
    press(&page, "Home");
    check(0, "Home");
    assert_no_js_errors(&page);
}

/// The slide's box at `width`×`height`: inside the window, 16:9, scaled by
/// min(width/1280, height/720), centred, touching two opposite edges.
fn check_scaled(page: &Page, width: f64, height: f64, how: &str) {
    let v = eval(
        page,
        "(() => { const s = [...document.querySelectorAll('.reveal > .slides section')]\
         .filter((e) => e.classList.contains('present') && !e.classList.contains('stack')); \
         const r = s.length === 1 && s[0].getBoundingClientRect(); \
         const all = document.querySelector('.reveal > .slides').getBoundingClientRect(); \
         return { n: s.length, w: innerWidth, h: innerHeight, \
           slide: r && { left: r.left, top: r.top, width: r.width, height: r.height }, \
           slides: { left: all.left, top: all.top, width: all.width, height: all.height } }; })()",
    );
    assert_eq!(v["n"], json!(1), "{how}: one present leaf slide: {v}");
    assert_eq!(
        (v["w"].as_f64(), v["h"].as_f64()),
        (Some(width), Some(height)),
        "{how}: window size"
    );
    let r = Rect::from(&v["slide"]);
    let all = Rect::from(&v["slides"]);
    let eps = 1.0;
    assert!(
        r.inside(width, height),
        "{how}: the slide leaves the window: {r:?}"
    );
    assert!(
        (r.width / r.height - 16.0 / 9.0).abs() < 0.005,
        "{how}: the slide is not 16:9: {r:?}"
    );
    let scale = (width / 1280.0).min(height / 720.0);
    assert!(
        (r.width - 1280.0 * scale).abs() < eps && (r.height - 720.0 * scale).abs() < eps,
        "{how}: the slide should be scaled by {scale}: {r:?}"
    );
    let sides = (r.left.abs() < eps && (r.right() - width).abs() < eps)
        || (r.top.abs() < eps && (r.bottom() - height).abs() < eps);
    assert!(
        sides,
        "{how}: the slide should touch two opposite edges: {r:?}"
    );
    assert!(
        (r.left - (width - r.right())).abs() < eps && (r.top - (height - r.bottom())).abs() < eps,
        "{how}: the slide should be centred: {r:?}"
    );
    assert!(
        (all.left - r.left).abs() < eps
            && (all.top - r.top).abs() < eps
            && (all.width - r.width).abs() < eps
            && (all.height - r.height).abs() < eps,
        "{how}: .slides and the slide should coincide: {all:?} vs {r:?}"
    );
}

const SIZES: [(u32, u32); 5] = [
    (1280, 720),
    (800, 600),
    (1920, 1080),
    (1600, 600),
    (700, 900),
];

/// The 1280x720 slide is scaled to fit and letterboxed at any window size: when the deck
/// opens at that size, and when the window is resized under it.
#[test]
fn slides_scale_to_fit_and_centre() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, path) = deck();
    let url = format!("{}#/3/1", file_url(&path));

    // Opened at each size (a vertical slide, deep-linked).
    for (w, h) in SIZES {
        let page = browser.new_page(w, h).expect("new page");
        open(&page, &url);
        assert_eq!(current(&page), (3, 1));
        check_scaled(
            &page,
            f64::from(w),
            f64::from(h),
            &format!("opened at {w}x{h}"),
        );
        assert_no_js_errors(&page);
    }

    // One page, resized: the runtime follows the window.
    let page = browser.new_page(1280, 720).expect("new page");
    open(&page, &url);
    for (w, h) in SIZES.iter().rev().chain(SIZES.iter()) {
        page.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": w, "height": h, "deviceScaleFactor": 1, "mobile": false }),
        )
        .expect("resize");
        page.wait_for(
            &format!(
                "innerWidth === {w} && innerHeight === {h} && \
                 new Promise((r) => requestAnimationFrame(() => r(true)))"
            ),
            WAIT,
        )
        .expect("the window should take the new size");
        check_scaled(
            &page,
            f64::from(*w),
            f64::from(*h),
            &format!("resized to {w}x{h}"),
        );
    }
    // Navigation after a resize still shows one slide, the same size.
    press(&page, "ArrowRight");
    assert_eq!(current(&page), (3, 2));
    check_scaled(&page, 700.0, 900.0, "700x900 after ArrowRight");
    assert_no_js_errors(&page);
}

/// The view button's opacity and whether it is laid out at all.
const VIEW_BUTTON_JS: &str = "(() => { const b = document.querySelector('.md-view'); \
    const s = getComputedStyle(b); return [Number(s.opacity), s.display, \
    document.documentElement.classList.contains('md-active')]; })()";

fn mouse_move(page: &Page, x: f64, y: f64) {
    page.call(
        "Input.dispatchMouseEvent",
        json!({ "type": "mouseMoved", "x": x, "y": y }),
    )
    .expect("mouse move");
}

/// Controls are hidden until the mouse moves, shown while it does, faded again after it
/// rests (as reveal.js does); in `?print-pdf` and print media they are not there at all.
#[test]
fn controls_fade_when_the_mouse_rests_and_never_print() {
    let Some((_browser, _dir, page)) = opened_deck() else {
        return;
    };
    let hidden = eval(&page, VIEW_BUTTON_JS);
    assert_eq!(
        hidden[0].as_f64(),
        Some(0.0),
        "no mouse yet: hidden {hidden}"
    );
    mouse_move(&page, 600.0, 300.0);
    page.wait_for(
        "Number(getComputedStyle(document.querySelector('.md-view')).opacity) === 1",
        Duration::from_secs(2),
    )
    .expect("the mouse moved: the button shows");
    page.wait_for(
        "Number(getComputedStyle(document.querySelector('.md-view')).opacity) === 0",
        Duration::from_secs(6),
    )
    .expect("the mouse rests: the button fades");
    assert_eq!(eval(&page, VIEW_BUTTON_JS)[2], json!(false));

    // Printed: the button is not laid out, even while the mouse moves.
    let url = eval(&page, "location.href.split('#')[0]");
    open(&page, &format!("{}?print-pdf", url.as_str().unwrap_or("")));
    mouse_move(&page, 600.0, 300.0);
    let printed = eval(&page, VIEW_BUTTON_JS);
    assert_eq!(printed[1], json!("none"), "?print-pdf: {printed}");
    // The browser's own print (its beforeprint event) after the mouse moved.
    open(&page, url.as_str().unwrap_or(""));
    mouse_move(&page, 600.0, 300.0);
    eval(&page, "dispatchEvent(new Event('beforeprint'))");
    let printed = eval(&page, VIEW_BUTTON_JS);
    assert_eq!(printed[1], json!("none"), "printing: {printed}");
    assert_no_js_errors(&page);
}
