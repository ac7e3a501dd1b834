//! GitHub's rendering of a note, checked in Chromium (issue 14): in-note `#slug` links go to
//! the slide holding the heading, in the slide view and the reading view; pseudo-tags are
//! text and change no structure; alerts are titled and coloured in every theme.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use crate::browser::{build_deck, isolate};
use crate::cdp::{self, file_url, Page};

const WAIT: Duration = Duration::from_secs(10);

/// Builds `markdown` (written as `note.md` in a temp folder) alone in a folder, and returns
/// that folder (kept alive) and the deck.
fn deck_of(markdown: &str) -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    deck_with(markdown, &[])
}

/// As [`deck_of`], built with `extra` arguments.
fn deck_with(
    markdown: &str,
    extra: &[&str],
) -> (tempfile::TempDir, tempfile::TempDir, std::path::PathBuf) {
    let src = tempfile::tempdir().expect("temp dir");
    let note = src.path().join("note.md");
    std::fs::write(&note, markdown).expect("write the note");
    let out = src.path().join("note.html");
    build_deck(&note, &out, extra).expect("build");
    let (dir, alone) = isolate(&out);
    (src, dir, alone)
}

/// Opens `deck` at `suffix` (`?view=scroll#x`) afresh and waits for the runtime.
fn open(page: &Page, deck: &Path, suffix: &str) {
    page.goto("about:blank").expect("blank");
    page.goto(&format!("{}{suffix}", file_url(deck)))
        .expect("open the deck");
    page.wait_for("window.meetdeck && meetdeck.ready.then(() => true)", WAIT)
        .expect("runtime ready");
}

/// JS: whether the element `id` is in the current slide, and that slide is shown (slide
/// view: the present leaf; reading view: the slide at the top of the window).
fn shown_js(id: &str) -> String {
    format!(
        "(() => {{ const el = document.getElementById({id:?}); if (!el) return 'no element';\
         const c = meetdeck.current(); const leaves = [...document.querySelectorAll('.slides section')]\
         .filter(s => !s.querySelector('section'));\
         const sec = leaves.find(s => s.contains(el));\
         const cur = leaves.filter(s => s.classList.contains('present'));\
         const r = sec.getBoundingClientRect();\
         return {{present: cur.length === 1 && cur[0] === sec, top: el.getBoundingClientRect().top, width: r.width,\
         continued: sec.classList.contains('continued'), h: c.h, v: c.v}}; }})()"
    )
}

/// A long note: a table of contents, a section long enough to be continued with a heading
/// that ends up on a continuation slide, and repeated headings.
fn anchors_note() -> String {
    let mut md = String::from(
        "# Weekly sync\n\n## Contents\n\n- [Logistics](#logistics)\n- [Late item](#late-item)\n\
         - [Notes again](#notes-1)\n- [Über uns](#über-uns)\n\n## Notes\n\nfirst\n\n## Long\n\n",
    );
    for i in 0..40 {
        md.push_str(&format!(
            "Paragraph {i} of a long section that goes on and on.\n\n"
        ));
    }
    md.push_str("#### Late item\n\nat the end\n\n## Logistics\n\nroom 4\n\n## Notes\n\nsecond\n\n## Über uns\n\nwe\n");
    md
}

#[test]
fn in_note_links_show_the_slide_holding_the_heading() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let page = browser.new_page(1280, 720).expect("page");
    let (_src, _dir, deck) = deck_of(&anchors_note());
    for id in ["logistics", "late-item", "notes-1", "über-uns"] {
        // Deep link, slide view and reading view.
        for view in ["", "?view=scroll"] {
            let hash = if id.is_ascii() {
                id.to_string()
            } else {
                percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC)
                    .to_string()
            };
            open(&page, &deck, &format!("{view}#{hash}"));
            let r = page.eval(&shown_js(id)).expect("eval");
            assert_eq!(r["present"], Value::Bool(true), "{view}#{id}: {r}");
            if view.is_empty() {
                assert!(r["width"].as_f64() > Some(100.0), "#{id} not visible: {r}");
            } else {
                // The heading in the window: at its top, or as near as the end of the page
                // lets it be (without the runtime: thousands of pixels below).
                let top = r["top"].as_f64().unwrap();
                assert!(
                    (-2.0..680.0).contains(&top),
                    "{view}#{id}: heading at {top}: {r}"
                );
            }
            if id == "late-item" {
                // The heading was moved to a continuation slide by fitting.
                assert_eq!(r["continued"], Value::Bool(true), "{r}");
            }
        }
        // Following the link of the contents slide.
        open(&page, &deck, "#/1");
        page.eval(&format!(
            "document.querySelector('a[href=\"#{id}\"]').click()"
        ))
        .expect("click");
        let r = page
            .wait_for(
                &format!(
                    "(() => {{ const r = {}; return r.present && r; }})()",
                    shown_js(id)
                ),
                WAIT,
            )
            .unwrap_or_else(|e| panic!("#{id} after a click: {e}"));
        assert!(r["h"].as_u64() > Some(1), "#{id}: {r}");
    }
    // The ids themselves: GitHub's slugs, a repeat numbered. (Continuation slides repeat
    // their slide's title, id included: the first one, the slide's own, is the target.)
    let ids = page
        .eval("[...document.querySelectorAll('[id]')].map(e => e.id).filter(i => !i.startsWith('meetdeck')).filter((i, k, all) => all.indexOf(i) === k).join(' ')")
        .unwrap();
    assert_eq!(
        ids,
        "contents notes long late-item logistics notes-1 über-uns"
    );
}

/// JS: for each of `needles`, whether some slide, once shown, displays it (`innerText`).
fn shown_texts_js(needles: &[&str]) -> String {
    format!(
        "(() => {{ const out = {{}}; for (const n of {needles:?}) {{ out[n] = false;\
         for (const s of meetdeck.slides()) {{ meetdeck.go(s.h, s.v);\
         const leaf = [...document.querySelectorAll('.slides section.present')]\
         .find(x => !x.querySelector('section'));\
         if (leaf && leaf.innerText.includes(n)) {{ out[n] = true; break; }} }} }}\
         return out; }})()"
    )
}

#[test]
fn pseudo_tags_are_visible_text_and_the_text_after_them_is_on_a_slide() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let page = browser.new_page(1280, 720).expect("page");
    let md = "# T\n\n## Break\n\nbefore\n<BREAK>\nafter the break\n\n<No questions>\n\n\
              ## Casting\n\n<slide on casting>\nrest of the section\n## Next\n\nlast words\n";
    let (_src, _dir, deck) = deck_of(md);
    open(&page, &deck, "");
    let needles = [
        "<BREAK>",
        "after the break",
        "<No questions>",
        "<slide on casting>",
        "rest of the section",
        "last words",
    ];
    let shown = page.eval(&shown_texts_js(&needles)).expect("eval");
    for needle in needles {
        assert_eq!(shown[needle], Value::Bool(true), "{needle}: {shown}");
    }
    // `## Next` is a slide of its own, not swallowed by an HTML block.
    let titles = page
        .eval("meetdeck.slides().map(s => s.title).join('|')")
        .unwrap();
    assert_eq!(titles, "T|Break|Casting|Next");
}

#[test]
fn alerts_are_titled_and_coloured_in_every_theme() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let page = browser.new_page(1280, 720).expect("page");
    let md =
        "# T\n\n## Alerts\n\n> [!NOTE]\n> Read this.\n\n> [!WARNING]\n> Mind the gap.\n\n> quote\n";
    let js = "(() => { const q = s => document.querySelector(s); meetdeck.go(1, 0);\
              const t = q('.markdown-alert-warning .markdown-alert-title');\
              const w = q('.markdown-alert-warning'), n = q('.markdown-alert-note'),\
              b = q('blockquote');\
              return {title: t.innerText, note: q('.markdown-alert-note .markdown-alert-title').innerText,\
              warn: getComputedStyle(w).borderLeftColor, noteColor: getComputedStyle(n).borderLeftColor,\
              titleColor: getComputedStyle(t).color, quote: getComputedStyle(b).borderLeftColor,\
              width: getComputedStyle(w).borderLeftWidth}; })()";
    for (theme, warn) in [
        ("default", "rgb(154, 103, 0)"),
        ("brand", "rgb(154, 103, 0)"),
        ("dark", "rgb(210, 153, 34)"),
    ] {
        let (_src, _dir, deck) = deck_with(md, &["--theme", theme]);
        open(&page, &deck, "");
        let r = page.eval(js).expect("eval");
        assert_eq!(r["title"], "Warning", "{theme}: {r}");
        assert_eq!(r["note"], "Note", "{theme}: {r}");
        assert_eq!(r["warn"], warn, "{theme}: {r}");
        assert_eq!(r["titleColor"], warn, "{theme}: {r}");
        assert_ne!(r["noteColor"], r["warn"], "{theme}: {r}");
        assert_ne!(r["width"], "0px", "{theme}: {r}");
    }
}

/// JS: the drawn width of the `i`th character of the text of `selector`, and the font size.
fn glyph_width_js(selector: &str, ch: char) -> String {
    format!(
        "(() => {{ meetdeck.go(1, 0); const el = document.querySelector({selector:?});\
         const node = [...el.childNodes].find(n => n.nodeType === 3 && n.data.includes({ch:?}));\
         const i = node.data.indexOf({ch:?}); const r = document.createRange();\
         r.setStart(node, i); r.setEnd(node, i + 1);\
         return {{width: r.getBoundingClientRect().width, size: parseFloat(getComputedStyle(el).fontSize),\
         family: getComputedStyle(document.body).fontFamily}}; }})()"
    )
}

#[test]
fn latin_decks_draw_the_apostrophe_narrow_cjk_decks_keep_cjk_fonts() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let page = browser.new_page(1280, 720).expect("page");
    for theme in ["default", "dark", "brand"] {
        let md = "---\nlang: en\n---\n# T\n\n## S\n\nwe’re here\n\nit's ok\n";
        let (_src, _dir, deck) = deck_with(md, &["--theme", theme]);
        open(&page, &deck, "");
        let curly = page
            .eval(&glyph_width_js(".slide-body p", '’'))
            .expect("eval");
        let straight = page
            .eval(&glyph_width_js(".slide-body p:nth-child(2)", '\''))
            .expect("eval");
        let (w, size) = (
            curly["width"].as_f64().unwrap(),
            curly["size"].as_f64().unwrap(),
        );
        let latin = straight["width"].as_f64().unwrap();
        eprintln!(
            "{theme}: ’ {w:.1} px, ' {latin:.1} px, font {size} px; {}",
            curly["family"]
        );
        // Full width would be one em.
        assert!(
            w > 0.0 && w < 0.5 * size,
            "{theme}: ’ is {w} px at {size} px"
        );
        assert!(w < 2.5 * latin, "{theme}: ’ {w} px vs ' {latin} px");
        // A Chinese deck keeps its CJK fonts first.
        let (_src, _dir, deck) = deck_with(
            "---\nlang: zh-CN\n---\n# T\n\n## S\n\n我们’好\n",
            &["--theme", theme],
        );
        open(&page, &deck, "");
        let family = page
            .eval("getComputedStyle(document.body).fontFamily")
            .unwrap();
        assert!(
            family.as_str().unwrap().starts_with("\"PingFang SC\""),
            "{theme}: {family}"
        );
    }
}

/// JS: what of GitHub's rendering a deck misses: text with a bare URL outside links and code,
/// unknown elements (pseudo-tags taken for HTML), missing images, and each in-note `#id`
/// link with no element of that id or whose slide is not shown once followed.
const NOTES_WORLD_JS: &str = r##"(async () => {
  const slides = document.querySelector('.reveal .slides');
  const walker = document.createTreeWalker(slides, NodeFilter.SHOW_TEXT);
  const bare = [];
  for (let n; (n = walker.nextNode()); ) {
    if (/https?:\/\/\w/.test(n.data) && !n.parentElement.closest('a, code, pre, .remote-image')) {
      bare.push(n.data.trim().slice(0, 80));
    }
  }
  const unknown = [...slides.querySelectorAll('*')]
    .filter(e => e instanceof HTMLUnknownElement).map(e => e.tagName);
  const missing = [...slides.querySelectorAll('.missing-image')].map(e => e.textContent);
  const links = [...new Set([...slides.querySelectorAll('a[href^="#"]')]
    .map(a => a.getAttribute('href')).filter(h => !h.startsWith('#/') && h.length > 1))];
  const broken = [];
  for (const href of links) {
    const id = decodeURIComponent(href.slice(1));
    const el = document.getElementById(id) || document.getElementById(id.toLowerCase());
    if (!el) { broken.push(href + ' (no such id)'); continue; }
    meetdeck.go(0, 0);
    location.hash = href;
    await new Promise(r => setTimeout(r, 30));
    const leaf = [...slides.querySelectorAll('section.present')].find(s => !s.querySelector('section'));
    if (!leaf || !leaf.contains(el)) broken.push(href + ' (not shown)');
    history.replaceState(null, '', '#/0');
  }
  return {bare, unknown, missing, links: links.length, broken,
          images: slides.querySelectorAll('img[src^="data:"]').length};
})()"##;

#[test]
fn notes_world_shows_what_github_shows() {
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/notes-world");
    if !root.is_dir() {
        assert!(!cdp::on_ci(), "CI: {} not found", root.display());
        eprintln!(
            "skipped: ../shared/notes-world not found ({})",
            root.display()
        );
        return;
    }
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let page = browser.new_page(1280, 720).expect("page");
    let notes: Vec<std::path::PathBuf> = walkdir::WalkDir::new(&root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md"))
        .collect();
    assert!(notes.len() >= 30, "{} notes", notes.len());
    let out_dir = tempfile::tempdir().unwrap();
    let (mut links, mut images, mut problems) = (0, 0, Vec::new());
    for note in &notes {
        let name = note.strip_prefix(&root).unwrap().display().to_string();
        let out = out_dir.path().join("deck.html");
        build_deck(note, &out, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (_dir, deck) = isolate(&out);
        open(&page, &deck, "");
        let r = page
            .eval_timeout(NOTES_WORLD_JS, Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        links += r["links"].as_u64().unwrap();
        images += r["images"].as_u64().unwrap();
        for key in ["bare", "unknown", "missing", "broken"] {
            if r[key].as_array().is_some_and(|a| !a.is_empty()) {
                problems.push(format!("{name}: {key}: {}", r[key]));
            }
        }
    }
    eprintln!(
        "{} notes: {links} in-note links followed, {images} images embedded",
        notes.len()
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
    // The wasm notes' `/images/WebAssembly.png` (root-absolute) and CG-10's table of contents.
    assert!(images >= 1 && links >= 4, "{images} images, {links} links");
}
