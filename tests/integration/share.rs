//! Sharing a deck without surprises (issue 16): the Content-Security-Policy of every page
//! (no request, whatever a note's HTML references), every reference of raw HTML embedded or
//! reported, `meetdeck pdf` confined to the deck.

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::browser::{build_deck, isolate};
use crate::cdp::{self, file_url, Page};

/// What [`Trap`] records for a connection on which no request came.
const NO_REQUEST: &str = "(a connection, no request)";

/// A loopback HTTP listener that records the path of every request it receives (and
/// answers none): what a reference that escaped the policy would reach. Every connection
/// accepted is recorded, with or without a request.
pub(crate) struct Trap {
    pub(crate) port: u16,
    hits: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Trap {
    pub(crate) fn start() -> Trap {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the trap");
        listener.set_nonblocking(true).expect("non-blocking trap");
        let port = listener.local_addr().expect("trap address").port();
        let hits = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (seen, done) = (Arc::clone(&hits), Arc::clone(&stop));
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((mut stream, _)) => {
                        stream.set_nonblocking(false).ok();
                        stream
                            .set_read_timeout(Some(Duration::from_millis(500)))
                            .ok();
                        let mut head = [0u8; 512];
                        let n = stream.read(&mut head).unwrap_or(0);
                        let line = String::from_utf8_lossy(&head[..n]);
                        let path = line
                            .split_whitespace()
                            .nth(1)
                            .unwrap_or(NO_REQUEST)
                            .to_string();
                        seen.lock().unwrap().push(path);
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Trap { port, hits, stop }
    }

    /// The connections accepted so far, with or without a request.
    pub(crate) fn connections(&self) -> usize {
        self.hits.lock().unwrap().len()
    }

    /// The distinct paths requested (and [`NO_REQUEST`] for connections without one).
    pub(crate) fn hits(&self) -> Vec<String> {
        let mut hits = self.hits.lock().unwrap().clone();
        hits.sort();
        hits.dedup();
        hits
    }
}

impl Drop for Trap {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Raw HTML with every kind of reference a note may hold, each to `base` + its kind, and a
/// frame of the local file `file`.
pub(crate) fn every_reference(base: &str, file: &str) -> String {
    format!(
        r#"<img src="{base}/img" alt="img">
<img srcset="{base}/srcset 1x" alt="srcset">
<picture><source srcset="{base}/picture"><img alt="picture"></picture>
<video src="{base}/video" poster="{base}/poster" preload="auto"></video>
<audio src="{base}/audio" preload="auto"></audio>
<object data="{base}/object"></object>
<embed src="{base}/embed">
<iframe src="{base}/iframe"></iframe>
<iframe src="{file}"></iframe>
<link rel="stylesheet" href="{base}/link">
<div style="background-image: url('{base}/style'); width: 10px; height: 10px">x</div>
<style>@import url("{base}/import"); .z {{ background: url("{base}/css") }}</style>
<div class="z">z</div>
"#
    )
}

/// Opens `deck` and lets it settle: the load event, then time for late loads.
pub(crate) fn open_and_settle(page: &mut Page, deck: &Path) {
    page.clear_events();
    page.goto("about:blank").expect("blank");
    page.goto(&file_url(deck)).expect("open the deck");
    std::thread::sleep(Duration::from_millis(1500));
}

#[test]
fn the_content_security_policy_stops_every_kind_of_reference() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let trap = Trap::start();
    let base = format!("http://127.0.0.1:{}", trap.port);
    let tmp = tempfile::tempdir().unwrap();
    let note = tmp.path().join("note.md");
    std::fs::write(&note, "# Refs\n\n## Slide\n\nHOOK\n").unwrap();
    let built = tmp.path().join("built.html");
    build_deck(&note, &built, &[]).expect("build");
    // The references go into the built page itself, past anything the build would do
    // about them: only the policy stands in their way.
    let html = std::fs::read_to_string(&built).unwrap();
    let policy = html
        .find("<meta http-equiv=\"Content-Security-Policy\"")
        .expect("the deck carries a policy");
    assert!(
        policy < html.find("<style").unwrap(),
        "the policy comes first"
    );
    let with_refs = html.replace("HOOK", &every_reference(&base, &file_url(&note)));
    assert_ne!(with_refs, html);
    let (_alone, deck) = isolate(&built);
    let mut page = browser.new_page(1280, 720).expect("page");

    // With the policy first, in a fresh browser (no connection learnt from before).
    std::fs::write(&deck, &with_refs).unwrap();
    open_and_settle(&mut page, &deck);
    // Not one request. (Chromium opens a connection for an `<iframe>` of a remote page
    // before its policy check refuses the navigation, and sends nothing on it: the build
    // never leaves such a frame in a deck, see `references::a_note_with_every_kind_...`.)
    let hits = trap.hits();
    assert!(
        hits.iter().all(|h| h == NO_REQUEST),
        "requests reached the network: {hits:?}"
    );
    // Chromium reports each blocked attempt; none was sent (the deck's own URL aside).
    let deck_url = file_url(&deck);
    let sent: Vec<String> = page
        .requests()
        .into_iter()
        .filter(|u| *u != deck_url && !u.starts_with("data:"))
        .collect();
    let blocked = page
        .events()
        .iter()
        .filter(|e| e.method == "Network.loadingFailed" && e.params["blockedReason"] == "csp")
        .count();
    eprintln!("with the policy: attempts {sent:?}, blocked by CSP: {blocked}");
    assert_eq!(blocked, sent.len(), "every attempt blocked: {sent:?}");
    assert!(sent.len() >= 6, "the references were seen: {sent:?}");
    // The deck itself still works under its policy.
    let ok = page
        .eval("typeof window.meetdeck === 'object' && window.meetdeck.total() >= 2")
        .expect("eval");
    assert_eq!(ok, serde_json::Value::Bool(true));

    // Without the policy the same page then does reach the trap: the test can fail.
    let meta_end = policy + with_refs[policy..].find('>').unwrap() + 1;
    let unprotected = format!("{}{}", &with_refs[..policy], &with_refs[meta_end..]);
    std::fs::write(&deck, unprotected).unwrap();
    open_and_settle(&mut page, &deck);
    let reached = trap.hits();
    eprintln!("without the policy: {reached:?}");
    for kind in ["/img", "/srcset", "/iframe", "/link", "/style", "/import"] {
        assert!(
            reached.iter().any(|h| h == kind),
            "{kind} not reached: {reached:?}"
        );
    }
}

/// The text of `pdf`, by `pdftotext` (poppler-utils); `None` when it is not installed.
fn pdf_text(pdf: &Path) -> Option<String> {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn meetdeck_pdf_never_prints_a_file_from_outside_the_deck() {
    let chromium = cdp::chromium_path();
    if !chromium.is_file() {
        eprintln!("skipped: no Chromium");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    let root = tmp.path().join("root");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("meetdeck.toml"), "").unwrap();
    let secret = outside.join("secret.txt");
    std::fs::write(&secret, "MEETDECKSECRETTOKEN\n").unwrap();
    let secret_url = file_url(&secret);
    let frames = format!(
        "<iframe src=\"{secret_url}\" width=\"600\" height=\"100\"></iframe>\n\
         <object data=\"{secret_url}\" type=\"text/plain\" width=\"600\" height=\"100\"></object>\n\
         <embed src=\"{secret_url}\" type=\"text/plain\" width=\"600\" height=\"100\">\n"
    );
    std::fs::write(
        root.join("note.md"),
        format!("# Secret\n\n## Frames\n\nVisible words.\n\n{frames}\n"),
    )
    .unwrap();
    let pdf = root.join("note.pdf");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_meetdeck"))
        .args(["pdf", "note.md"])
        .current_dir(&root)
        .env("MEETDECK_CHROME", &chromium)
        .output()
        .expect("run meetdeck pdf");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let Some(text) = pdf_text(&pdf) else {
        eprintln!("skipped: no pdftotext");
        return;
    };
    assert!(text.contains("Visible words."), "the deck printed: {text}");
    assert!(
        !text.contains("MEETDECKSECRETTOKEN"),
        "the secret was printed:\n{text}"
    );

    // The same frames in a page Chromium prints from file:// without a policy do print the
    // secret: the check above can fail.
    let page = tmp.path().join("plain.html");
    std::fs::write(&page, format!("<!DOCTYPE html><p>Plain.</p>{frames}")).unwrap();
    let plain_pdf = tmp.path().join("plain.pdf");
    let profile = tempfile::tempdir().unwrap();
    let status = std::process::Command::new(&chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", plain_pdf.display()))
        .arg(file_url(&page))
        .output()
        .expect("run chromium");
    assert!(status.status.success(), "chromium printed the plain page");
    let plain = pdf_text(&plain_pdf).unwrap_or_default();
    assert!(
        plain.contains("MEETDECKSECRETTOKEN"),
        "from file:// the secret prints:\n{plain}"
    );
}

/// Every file meetdeck writes (a deck, a folder's decks and index page, an ejected theme, a
/// PDF) gets the mode of any new file under the user's umask: 0644 under 022, 0600 under
/// 077 (the PDF was 0600 whatever the umask; decks were 0644 whatever it).
#[test]
fn written_files_get_the_mode_of_new_files_under_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let chromium = cdp::chromium_path();
    for (umask, want) in [("077", 0o600), ("022", 0o644), ("027", 0o640)] {
        let tmp = tempfile::tempdir().unwrap();
        let notes = tmp.path().join("notes");
        std::fs::create_dir_all(&notes).unwrap();
        std::fs::write(
            notes.join("2024-01-04.md"),
            "# Sync\n\n## Agenda\n\n- one\n",
        )
        .unwrap();
        let run = |args: &[&str]| {
            // `sh -c 'umask U; exec meetdeck ARGS'`: the umask of a user's shell.
            let out = std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("umask {umask}; exec \"$0\" \"$@\""))
                .arg(env!("CARGO_BIN_EXE_meetdeck"))
                .args(args)
                .current_dir(tmp.path())
                .env("MEETDECK_CHROME", &chromium)
                .output()
                .expect("run meetdeck");
            assert!(
                out.status.success(),
                "meetdeck {args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        };
        run(&["build", "notes/2024-01-04.md", "-o", "deck.html"]);
        run(&["build", "notes", "-o", "site"]);
        run(&["theme", "eject", "dark", "mytheme"]);
        let mut files = vec![
            tmp.path().join("deck.html"),
            tmp.path().join("site/index.html"),
            tmp.path().join("site/2024-01-04.html"),
        ];
        files.extend(
            std::fs::read_dir(tmp.path().join("mytheme"))
                .unwrap()
                .map(|e| e.unwrap().path()),
        );
        if chromium.is_file() {
            run(&["pdf", "notes/2024-01-04.md", "-o", "deck.pdf"]);
            files.push(tmp.path().join("deck.pdf"));
        } else {
            eprintln!("no Chromium: the PDF's mode is not checked");
        }
        for file in files {
            let mode = std::fs::metadata(&file)
                .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, want, "umask {umask}: {} is {mode:o}", file.display());
        }
    }
}
