//! Live editing in place, in Chromium: a save patches the page (no reload), keeps the slides
//! that did not change (their images are not decoded again), stays on the slide shown, and
//! follows an edit to the part of a split slide that holds it. A change of theme reloads.

use std::fs;
use std::path::Path;
use std::time::Duration;

use super::*;

/// JS: the text of the slide shown, once the deck is ready.
const SHOWN_TEXT: &str = "(() => { const c = meetdeck.current(); \
     const top = [...document.querySelectorAll('.reveal .slides > section')][c.h]; \
     if (!top) return ''; const kids = [...top.children].filter(e => e.tagName === 'SECTION'); \
     const s = kids.length ? kids[c.v] : top; return s ? s.textContent : ''; })()";

/// JS: the title of the slide shown (`Long (2/3)`).
const SHOWN_TITLE: &str = "(() => { const c = meetdeck.current(); \
     const s = meetdeck.slides().find(s => s.h === c.h && s.v === c.v); \
     return s ? s.title : ''; })()";

fn eval_str(page: &Page, js: &str) -> String {
    page.eval(js)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Sets a marker in the page that a reload would lose.
fn mark(page: &Page) {
    page.eval("window.__liveMark = 'kept'").expect("mark");
}

fn marked(page: &Page) -> bool {
    page.eval("window.__liveMark === 'kept'")
        .ok()
        .is_some_and(|v| v == Value::Bool(true))
}

/// How many requests for the deck itself the page made (one per load).
fn deck_loads(page: &Page, watch: &Watch) -> usize {
    page.requests()
        .iter()
        .filter(|r| r.trim_end_matches('/') == watch.url.trim_end_matches('/'))
        .count()
}

#[test]
fn watch_patches_the_page_in_place_on_every_save() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images");
    // The photo on slide One, and again on slide Three (a later use: no source of its own).
    let text = NOTE
        .replace("alpha", "alpha\n\n![photo](photo.jpg)")
        .replace("delta", "delta\n\n![again](photo.jpg)");
    let (dir, note) = note_dir(&text);
    fs::copy(fixtures.join("photo.jpg"), dir.path().join("photo.jpg")).expect("image");
    let theme = dir.path().join("theme");
    fs::create_dir(&theme).expect("theme dir");
    fs::write(theme.join("theme.css"), ".reveal { color: #123456 }\n").expect("css");
    let theme_arg = theme.display().to_string();
    let watch = Watch::start(&note, free_port(), &["--theme", &theme_arg]);
    let page = browser.new_page(1280, 720).expect("page");
    open(&page, &watch, "#/2/1");
    assert_eq!(wait_shown(&page, &watch, "gamma"), "2/1");
    mark(&page);
    // The image of slide One: the same element, never decoded again.
    page.eval("window.__liveImg = document.querySelector('.reveal img'); __liveImg.__liveMark = 1")
        .expect("mark the image");
    let loads = deck_loads(&page, &watch);
    assert_eq!(loads, 1);

    // Twenty saves, five of each kind, each editing the slide shown (Two-sub, 2/1).
    let savers: [(&str, Save); 4] = [
        ("in place", save_in_place),
        ("truncate + write", save_truncate_write),
        ("temp + rename", save_by_rename),
        ("vim", save_like_vim),
    ];
    for i in 0..20 {
        let (name, save) = savers[i % 4];
        let marker = format!("gamma-live-{i}");
        save(&note, &text.replace("gamma", &marker));
        assert_eq!(
            wait_shown(&page, &watch, &marker),
            "2/1",
            "save {i} ({name})"
        );
        assert!(marked(&page), "save {i} ({name}) reloaded the page");
    }
    assert_eq!(
        deck_loads(&page, &watch),
        loads,
        "the deck was loaded again"
    );
    let patches = page.eval("__meetdeckWatch.patches").expect("patches");
    assert!(patches.as_u64().unwrap_or(0) >= 20, "{patches}");
    let same_img = page
        .eval(
            "__liveImg.isConnected && __liveImg.__liveMark === 1 \
             && document.querySelector('.reveal img') === __liveImg",
        )
        .expect("image");
    assert_eq!(
        same_img,
        Value::Bool(true),
        "the image element was replaced"
    );
    // Data URIs are no resources: none was fetched either.
    let resources = page
        .eval("performance.getEntriesByType('resource').filter(r => !r.name.includes('/__meetdeck/')).length")
        .expect("resources");
    assert_eq!(resources, Value::from(0));

    // Slide Three replaced: its later use of the photo gets the first use's source.
    let now = fs::read_to_string(&note).expect("read");
    save_by_rename(&note, &now.replace("delta", "delta-again"));
    wait_shown(&page, &watch, "delta-again");
    poll(
        &page,
        "(() => { const i = document.querySelector('.reveal img[alt=\"again\"]'); \
         return i && i.complete && i.naturalWidth > 0; })()",
        Duration::from_secs(5),
    )
    .expect("the later use shows the photo");
    assert!(marked(&page));

    // A slide added above the one shown: followed to it (2/0), in place.
    let now = fs::read_to_string(&note).expect("read");
    save_by_rename(
        &note,
        &now.replace("## Two\n", "## Added\nnew-above\n\n## Two\n"),
    );
    assert_eq!(wait_shown(&page, &watch, "new-above"), "2/0");
    assert!(marked(&page));
    // The contents (reading view's table) follow the new slides.
    let toc = eval_str(&page, "document.querySelector('.md-toc').textContent");
    assert!(toc.contains("Added"), "{toc}");
    assert_eq!(
        page.eval("document.querySelectorAll('.md-toc, .progress, .slide-number').length")
            .expect("controls"),
        Value::from(3),
        "the controls are built once"
    );
    // Keys still work on the patched slides: Two comes after Added.
    page.press("ArrowRight").expect("key");
    assert_eq!(
        eval_str(
            &page,
            "(() => { const c = meetdeck.current(); return c.h + '/' + c.v; })()"
        ),
        "3/0"
    );

    // The speaker view stays connected and shows the new text; the overview stays on.
    page.eval("!!meetdeck.openSpeakerView()")
        .expect("speaker view");
    page.press("o").expect("overview");
    let now = fs::read_to_string(&note).expect("read");
    save_by_rename(&note, &now.replace("beta", "beta-speaker"));
    wait_shown(&page, &watch, "beta-speaker");
    poll(
        &page,
        "(() => { const w = meetdeck.speakerView(); \
         return w && w.document.querySelector('.md-svnow').textContent.includes('beta-speaker'); })()",
        Duration::from_secs(5),
    )
    .expect("the speaker view follows");
    assert_eq!(
        page.eval("document.documentElement.classList.contains('md-overview')")
            .expect("overview"),
        Value::Bool(true)
    );
    page.press("o").expect("overview off");
    let _ = page.eval("meetdeck.speakerView().close()");
    assert!(marked(&page));

    // The title follows in place.
    let now = fs::read_to_string(&note).expect("read");
    save_by_rename(&note, &now.replace("# Demo", "# Demo renamed"));
    poll(
        &page,
        "document.title.includes('Demo renamed')",
        Duration::from_secs(10),
    )
    .expect("title");
    assert!(marked(&page));

    // The theme changed: the page reloads (the marker goes) and shows it.
    fs::write(theme.join("theme.css"), ".reveal { color: #654321 }\n").expect("css");
    poll(
        &page,
        "window.__liveMark === undefined && window.meetdeck \
         && getComputedStyle(document.querySelector('.reveal')).color === 'rgb(101, 67, 33)'",
        Duration::from_secs(10),
    )
    .unwrap_or_else(|e| panic!("{e}\n{}", watch.stderr()));
    assert!(page.js_errors().is_empty(), "{:?}", page.js_errors());
}

/// A section of `items` list items, long enough to be split in parts; `edits`: the items
/// whose first word is another.
fn long_note(items: usize, edits: &[(usize, &str)]) -> String {
    let mut text = String::from("# Long deck\n\n## Short\nshort-text\n\n## Long\n");
    for i in 1..=items {
        let word = match edits.iter().find(|(at, _)| *at == i) {
            Some((_, word)) => word.to_string(),
            None => format!("item-{i}"),
        };
        text.push_str(&format!("- {word} with a few words to fill the line\n"));
    }
    text.push_str("\n## After\nafter-text\n");
    text
}

#[test]
fn watch_stays_on_the_part_holding_the_edit() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, note) = note_dir(&long_note(8, &[]));
    let watch = Watch::start(&note, free_port(), &[]);
    let page = browser.new_page(1280, 720).expect("page");
    open(&page, &watch, "#/2");
    assert_eq!(wait_shown(&page, &watch, "item-8"), "2/0");
    assert_eq!(eval_str(&page, SHOWN_TITLE), "Long");
    mark(&page);

    // The section grows past one slide from an edit at its top: the page stays on its
    // first part, which holds the edit.
    save_by_rename(&note, &long_note(30, &[(1, "grown-1")]));
    assert_eq!(wait_shown(&page, &watch, "item-30"), "2/0");
    let title = eval_str(&page, SHOWN_TITLE);
    assert!(title.starts_with("Long (1/"), "{title}");
    assert!(eval_str(&page, SHOWN_TEXT).contains("grown-1"));
    let parts = page
        .eval("meetdeck.slides().filter(s => s.title.startsWith('Long (')).length")
        .expect("parts");
    assert_eq!(parts, Value::from(3), "30 items make 3 parts");

    // On part 2 of 3, an edit to an item on it: the page stays there.
    page.eval("meetdeck.go(2, 1)").expect("go");
    let on_two = eval_str(&page, SHOWN_TEXT);
    let item = (1..=30)
        .rev()
        .find(|i| on_two.contains(&format!("item-{i} ")))
        .expect("an item on part 2");
    save_by_rename(
        &note,
        &long_note(30, &[(1, "grown-1"), (item, "edited-on-two")]),
    );
    assert_eq!(wait_shown(&page, &watch, "edited-on-two"), "2/1");
    assert!(eval_str(&page, SHOWN_TEXT).contains("edited-on-two"));
    assert!(eval_str(&page, SHOWN_TITLE).starts_with("Long (2/3)"));

    // From another slide, an edit on part 2 is followed to part 2, not to the first part.
    page.eval("meetdeck.go(1, 0)").expect("go");
    save_by_rename(
        &note,
        &long_note(30, &[(1, "grown-1"), (item, "followed-to-two")]),
    );
    assert_eq!(wait_shown(&page, &watch, "followed-to-two"), "2/1");
    assert!(eval_str(&page, SHOWN_TEXT).contains("followed-to-two"));

    // ...and from part 2, an edit on part 3 lands on part 3.
    let edits = [(1, "grown-1"), (item, "followed-to-two"), (30, "last-item")];
    save_by_rename(&note, &long_note(30, &edits));
    assert_eq!(wait_shown(&page, &watch, "last-item"), "2/2");
    assert!(marked(&page), "a save reloaded the page");
    assert!(page.js_errors().is_empty(), "{:?}", page.js_errors());
}

/// The reading view, following edits: an edit in sight keeps the scroll position; an edit
/// out of sight is scrolled to. In place, both.
#[test]
fn watch_reading_view_scrolls_to_an_edit_out_of_sight() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let text = reading_note();
    let (_dir, note) = note_dir(&text);
    let watch = Watch::start(&note, free_port(), &[]);
    let page = browser.new_page(390, 844).expect("page");
    page.goto(&format!("{}?view=scroll", watch.url))
        .expect("open");
    poll(
        &page,
        "window.meetdeck && meetdeck.ready.then(() => document.documentElement.classList.contains('md-scroll'))",
        Duration::from_secs(10),
    )
    .expect("the reading view");
    mark(&page);
    // In sight (Part 1, at the top): the page stays at the top.
    let text = text.replace("## Part 1\n", "## Part 1 edited\n");
    save_by_rename(&note, &text);
    wait_shown(&page, &watch, "Part 1 edited");
    assert_eq!(page.eval("scrollY").expect("scrollY"), Value::from(0));
    // Out of sight (Part 12, at the end): scrolled to.
    save_by_rename(&note, &text.replace("## Part 12", "## Part 12 edited"));
    wait_shown(&page, &watch, "Part 12 edited");
    poll(
        &page,
        "(() => { const h = [...document.querySelectorAll('.slide-title')]\
         .find(e => e.textContent.includes('Part 12 edited')); \
         if (!h) return false; const r = h.getBoundingClientRect(); \
         return scrollY > 0 && r.bottom > 0 && r.top < innerHeight; })()",
        Duration::from_secs(5),
    )
    .expect("the edit scrolled into view");
    assert!(marked(&page), "the reading view reloaded");
    assert!(page.js_errors().is_empty(), "{:?}", page.js_errors());
}
