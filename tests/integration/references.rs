//! Every reference a note's raw HTML makes (issue 16): each local image (`srcset`,
//! `<picture>` sources, `<video poster>`, `style` `url()`, speaker notes) embedded under the
//! rules of `<img src>`; everything else (media, frames, objects, stylesheets, remote URLs)
//! neutralised at build time and reported `NOTE.md:LINE: not embedded: ...`. In Chromium the
//! deck then makes no request and opens no connection, and the embedded images show.

use std::path::Path;

use serde_json::json;

use crate::browser::{build_deck, isolate};
use crate::cdp::{self, file_url};
use crate::share::{every_reference, open_and_settle, Trap};

/// The images of the note, by name, each a different width (so the one shown is known).
const IMAGES: &[(&str, u32)] = &[
    ("small.png", 12),
    ("large.png", 24),
    ("pic.png", 30),
    ("poster.png", 40),
    ("bg.png", 50),
    ("notes.png", 60),
    ("my photo.png", 70),
    ("照片 1.png", 80),
];

/// A note using every kind of reference, its remote ones to `base`; the line of each is
/// what its warning names.
fn every_kind_note(base: &str) -> String {
    format!(
        r#"# Every reference

## Images

<img srcset="small.png 1x, large.png 2x" alt="srcset">
<picture><source srcset="pic.png" type="image/png"><img alt="picture"></picture>
<video src="{base}/video.mp4" poster="poster.png" width="200"></video>
<div class="styled" style="background-image: url('bg.png'); width: 40px; height: 40px">x</div>

## Others

<audio src="{base}/audio.mp3" controls></audio>
<object data="{base}/object"></object>
<embed src="{base}/embed">
<iframe src="{base}/iframe"></iframe>
<link rel="stylesheet" href="{base}/link.css">
<video src="clip.mp4"><source src="{base}/source.webm"></video>
<img srcset="{base}/remote-srcset.png 2x" alt="remote">
<style>@import url("{base}/import.css"); .z {{ background: url("bg.png"); width: 30px; height: 30px }}</style>
<div class="z">z</div>
<meta http-equiv="refresh" content="1; url={base}/refresh">

<!-- notes: ![in notes](notes.png) -->
"#
    )
}

/// Writes the images and `note.md` (with `text`) into a fresh notes' root.
fn notes_root(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("meetdeck.toml"), "").unwrap();
    for (name, width) in IMAGES {
        let img = image::RgbImage::from_pixel(*width, 10, image::Rgb([200, 40, 40]));
        img.save(dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("note.md"), text).unwrap();
    dir
}

fn build(dir: &Path, extra: &[&str]) -> (String, String) {
    let out = dir.join("note.html");
    let stderr = build_deck(&dir.join("note.md"), &out, extra).unwrap_or_else(|e| panic!("{e}"));
    (std::fs::read_to_string(out).unwrap(), stderr)
}

#[test]
fn every_kind_of_reference_is_embedded_or_reported_at_its_line() {
    let base = "https://files.example";
    let dir = notes_root(&every_kind_note(base));
    let (html, stderr) = build(dir.path(), &[]);
    for (line, what) in [
        (7, format!("<video src> {base}/video.mp4 (shown as a link;")),
        (
            12,
            format!("<audio src> {base}/audio.mp3 (shown as a link;"),
        ),
        (13, format!("<object data> {base}/object (shown as a link;")),
        (14, format!("<embed src> {base}/embed (shown as a link;")),
        (15, format!("<iframe src> {base}/iframe (shown as a link;")),
        (16, format!("<link href> {base}/link.css (removed;")),
        (17, "<video src> clip.mp4 (shown as a link;".to_string()),
        (
            17,
            format!("<source src> {base}/source.webm (shown as a link;"),
        ),
    ] {
        let want = format!("note.md:{line}: not embedded: {what}");
        assert!(stderr.contains(&want), "no {want:?} in\n{stderr}");
    }
    let remote = format!("note.md:18: remote image not embedded (shown as a link; the deck is not self-contained): {base}/remote-srcset.png");
    assert!(stderr.contains(&remote), "{stderr}");
    assert_eq!(stderr.matches("warning: ").count(), 11, "{stderr}");
    assert!(!html.contains("http-equiv=\"refresh\""));

    // Nothing left to fetch: every remote URL is a link's href or its text.
    for attr in ["src", "srcset", "data", "poster"] {
        for value in [format!("{attr}=\"{base}"), format!("{attr}=\"clip")] {
            assert!(!html.contains(&value), "{value} left");
        }
    }
    assert!(!html.contains("link.css\""), "the stylesheet is gone");
    assert!(!html.contains("url('bg.png')"));
    for kind in [
        "video.mp4",
        "audio.mp3",
        "object",
        "embed",
        "iframe",
        "source.webm",
    ] {
        let link = format!(
            "<a class=\"not-embedded\" href=\"{base}/{kind}\" target=\"_blank\" rel=\"noopener\">"
        );
        assert!(html.contains(&link), "no {link}");
    }
    assert!(html.contains("<a class=\"not-embedded\" href=\"clip.mp4\""));
    for hidden in [
        "<iframe hidden>",
        "<embed hidden>",
        "<object hidden>",
        "<audio hidden controls>",
    ] {
        assert!(html.contains(hidden), "no {hidden}");
    }
    // The local images embedded: srcset's largest, the picture's source, poster, url(), the
    // speaker notes' image; each once.
    assert!(html.contains("poster=\"data:image/png;base64,"));
    assert!(html.contains("style=\"background-image: url(data:image/png;base64,"));
    assert!(!html.contains("srcset="), "every srcset resolved");
    // (`bg.png` twice: a `url()` carries its own copy.)
    assert_eq!(html.matches("data:image/png;base64,").count(), 6);
    assert!(html.contains("<style> .z { background: url(data:image/png;base64,"));
    assert!(!html.contains("import.css\""));
    assert!(!html.contains("small.png"));
    let notes = &html[html.find("<aside class=\"notes\">").expect("speaker notes")..];
    assert!(notes.starts_with("<aside class=\"notes\"><p><img src=\"data:image/png;base64,"));
}

#[test]
fn the_build_reads_every_image_reference() {
    use meetdeck::build::{build_from_note, BuildOptions, Reads};
    let dir = notes_root(&every_kind_note("https://files.example"));
    let note = meetdeck::note::Note::read(&dir.path().join("note.md")).unwrap();
    let mut reads = Reads::default();
    build_from_note(
        note,
        &BuildOptions::default(),
        &meetdeck::assets::ImageCache::new(),
        &meetdeck::render::Injections::default(),
        &mut reads,
    )
    .unwrap();
    let read: Vec<String> = reads
        .iter()
        .filter_map(|r| r.path.file_name()?.to_str().map(String::from))
        .collect();
    for name in [
        "small.png",
        "large.png",
        "pic.png",
        "poster.png",
        "bg.png",
        "notes.png",
    ] {
        assert!(read.iter().any(|r| r == name), "{name} not in {read:?}");
    }
}

#[test]
fn sanitize_embeds_images_with_spaces_cjk_and_percent_encoded_names() {
    let md = "# Names\n\n## Photos\n\n\
              ![a](<my photo.png>) ![b](my%20photo.png)\n\n\
              ![c](<照片 1.png>) ![d](%E7%85%A7%E7%89%87%201.png)\n\n\
              <img src=\"照片 1.png\" alt=\"e\"> <img srcset=\"my%20photo.png 2x\" alt=\"f\">\n";
    let dir = notes_root(md);
    for extra in [&[][..], &["--sanitize"][..]] {
        let (html, stderr) = build(dir.path(), extra);
        assert!(!stderr.contains("warning"), "{extra:?}: {stderr}");
        // Two images, each embedded once, six uses.
        assert_eq!(
            html.matches("data:image/png;base64,").count(),
            2,
            "{extra:?}"
        );
        // Each used more than once: its copy in the stylesheet, every use a reference.
        let in_css = html.matches("img[data-meetdeck-same=").count();
        assert_eq!(in_css, 2, "{extra:?}");
        assert_eq!(
            html.matches("data-meetdeck-same=").count() - in_css,
            6,
            "{extra:?}"
        );
        for alt in ["a", "b", "c", "d", "e", "f"] {
            assert!(html.contains(&format!("alt=\"{alt}\"")), "{extra:?}: {alt}");
        }
        assert!(!html.contains("photo.png\""), "{extra:?}: a reference left");
    }
}

#[test]
fn a_join_link_that_is_not_a_web_address_is_no_link_and_no_qr() {
    for (link, shown) in [
        ("javascript:alert(document.domain)", false),
        ("JAVASCRIPT:alert(1)", false),
        ("file:///etc/passwd", false),
        ("data:text/html,<script>alert(1)</script>", false),
        ("https://zoom.us/j/123456789", true),
    ] {
        let md = format!(
            "---\ntitle: Sync\nlink: \"{link}\"\nmeeting-id: 123 456 789\n---\n\n## A\n\nx\n"
        );
        let dir = notes_root(&md);
        for extra in [&[][..], &["--sanitize"][..]] {
            let (html, stderr) = build(dir.path(), extra);
            assert_eq!(
                html.contains("class=\"meeting-qr\""),
                shown,
                "{link} {extra:?}"
            );
            assert_eq!(
                html.contains("class=\"meeting-link\""),
                shown,
                "{link} {extra:?}"
            );
            let lower = html.to_ascii_lowercase();
            if !shown {
                assert!(
                    !lower.contains(&link.to_ascii_lowercase()[..10]),
                    "{link} in the deck"
                );
                let want = format!("note.md:3: join link not shown (only http:// and https:// links become a link and a QR code): {link}");
                assert!(stderr.contains(&want), "{extra:?}: {stderr}");
                // The meeting ID is still shown.
                assert!(html.contains("123 456 789"));
            } else {
                assert!(
                    stderr.is_empty() || !stderr.contains("join link"),
                    "{stderr}"
                );
            }
        }
    }
}

/// What the every-kind deck shows in Chromium, once settled.
const SHOWN_JS: &str = r#"(async () => {
  await meetdeck.ready;
  const img = alt => document.querySelector(`img[alt="${alt}"]`);
  const natural = async i => { if (!i) return -1; await i.decode().catch(() => {}); return i.naturalWidth; };
  const video = document.querySelector('video[poster]');
  const poster = new Image();
  poster.src = video ? video.poster : '';
  const styled = getComputedStyle(document.querySelector('.styled')).backgroundImage;
  const z = getComputedStyle(document.querySelector('.z')).backgroundImage;
  return {
    srcset: await natural(img('srcset')),
    picture: await natural(img('picture')),
    notes: await natural(img('in notes')),
    poster: video && video.poster.startsWith('data:image/png') ? await natural(poster) : -1,
    style: styled.slice(0, 19),
    styleElement: z.slice(0, 19),
  };
})()"#;

#[test]
fn a_note_with_every_kind_makes_no_request_and_no_connection() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let trap = Trap::start();
    let base = format!("http://127.0.0.1:{}", trap.port);
    let dir = notes_root(&every_kind_note(&base));
    let (_, stderr) = build(dir.path(), &[]);
    assert!(stderr.contains("not embedded"), "{stderr}");
    let (_alone, deck) = isolate(&dir.path().join("note.html"));
    let mut page = browser.new_page(1280, 720).expect("page");
    open_and_settle(&mut page, &deck);
    let deck_url = file_url(&deck);
    let sent: Vec<String> = page
        .requests()
        .into_iter()
        .filter(|u| *u != deck_url && !u.starts_with("data:") && u != "about:blank")
        .collect();
    let shown = page.eval(SHOWN_JS).expect("what the deck shows");
    eprintln!(
        "built deck: {} requests {sent:?}, {} connections; shown {shown}",
        sent.len(),
        trap.connections()
    );
    assert!(sent.is_empty(), "requests: {sent:?}");
    assert_eq!(trap.connections(), 0, "connections: {:?}", trap.hits());
    assert_eq!(
        shown,
        json!({"srcset": 24, "picture": 30, "notes": 60, "poster": 40,
               "style": "url(\"data:image/png", "styleElement": "url(\"data:image/png"})
    );
    let errors = page.js_errors();
    assert!(errors.is_empty(), "JS errors: {errors:?}");

    // The same references pasted into a deck past the build (the policy alone stands in
    // their way, as before the build neutralised them): Chromium does connect.
    let before = Trap::start();
    let base = format!("http://127.0.0.1:{}", before.port);
    let html = std::fs::read_to_string(&deck).unwrap();
    let slides = html.find("<div class=\"slides\">").unwrap() + "<div class=\"slides\">".len();
    let pasted = format!(
        "{}<section>{}</section>{}",
        &html[..slides],
        every_reference(&base, "x.html"),
        &html[slides..]
    );
    std::fs::write(&deck, pasted).unwrap();
    open_and_settle(&mut page, &deck);
    let attempts = page
        .requests()
        .into_iter()
        .filter(|u| u.starts_with(&base))
        .count();
    eprintln!(
        "references left as written: {attempts} requests attempted (blocked by the policy), \
         {} connections {:?}",
        before.connections(),
        before.hits()
    );
    assert!(attempts > 0, "the pasted references were seen");
    // The listener does count connections without a request (the remote `<iframe>`'s).
    assert!(before.connections() >= 1, "{:?}", before.hits());
}

#[test]
fn check_reports_what_is_not_embedded_at_its_line() {
    let dir = notes_root(&every_kind_note("https://files.example"));
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_meetdeck"))
        .args(["check", "note.md"])
        .current_dir(dir.path())
        .output()
        .expect("run meetdeck check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let not_embedded: Vec<&str> = stdout
        .lines()
        .filter(|l| l.ends_with("[not-embedded]"))
        .collect();
    assert_eq!(not_embedded.len(), 10, "{stdout}");
    assert!(
        not_embedded[0].starts_with("note.md:7: warning: not embedded: <video src>"),
        "{stdout}"
    );
    assert!(stdout.contains("note.md:18: warning: remote image not embedded"));
    // `--allow not-embedded` silences them.
    let allowed = std::process::Command::new(env!("CARGO_BIN_EXE_meetdeck"))
        .args(["check", "note.md", "--allow", "not-embedded"])
        .current_dir(dir.path())
        .output()
        .expect("run meetdeck check");
    assert!(!String::from_utf8_lossy(&allowed.stdout).contains("[not-embedded]"));
}
