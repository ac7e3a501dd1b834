//! `meetdeck watch`, driven for real: a `meetdeck watch` process on a free port, the note
//! edited the ways editors save it, and headless Chromium showing the deck.
//!
//! Every child is killed on drop and every wait has a deadline. The latency benchmark and
//! the soak run are `#[ignore]`d (they take minutes); run them with
//! `cargo test --release --test integration watch_ -- --ignored --nocapture`.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::cdp::{self, Page};

mod live;

/// A way of saving a note, as an editor does it.
type Save = fn(&Path, &str);

/// The note every test starts from. Slides: 0 title, 1 One, 2/0 Two, 2/1 Two-sub, 3 Three.
const NOTE: &str =
    "# Demo\n\n## One\nalpha\n\n## Two\nbeta\n\n### Two-sub\ngamma\n\n## Three\ndelta\n";

/// A running `meetdeck watch`, killed when dropped.
struct Watch {
    child: Option<Child>,
    url: String,
    port: u16,
    stderr_path: PathBuf,
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local addr").port()
}

/// A temporary folder holding `note.md` with `text`.
fn note_dir(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::Builder::new()
        .prefix("meetdeck-watch-")
        .tempdir()
        .expect("temp dir");
    let note = dir.path().join("note.md");
    fs::write(&note, text).expect("write the note");
    (dir, note)
}

impl Watch {
    /// Starts `meetdeck watch NOTE --port PORT EXTRA...` and waits for its URL line.
    fn start(note: &Path, port: u16, extra: &[&str]) -> Watch {
        Watch::start_with_path(note, port, extra, None)
    }

    /// [`Watch::start`] with `PATH` set to `path` (where it finds `xdg-open`).
    fn start_with_path(note: &Path, port: u16, extra: &[&str], path: Option<&str>) -> Watch {
        let dir = note.parent().expect("note folder").to_path_buf();
        let stderr_path = dir.join(format!("watch-stderr-{port}-{}.log", unique()));
        let stderr = File::create(&stderr_path).expect("stderr log");
        let mut child = Command::new(env!("CARGO_BIN_EXE_meetdeck"))
            .arg("watch")
            .arg(note)
            .arg("--port")
            .arg(port.to_string())
            .args(extra)
            .env(
                "PATH",
                path.map_or_else(|| std::env::var("PATH").unwrap_or_default(), String::from),
            )
            // `--open` would run `$BROWSER` rather than the `xdg-open` on `PATH`.
            .env_remove("BROWSER")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // A file, not a pipe: a pipe nobody reads would fill and block the rebuilds.
            .stderr(stderr)
            .spawn()
            .expect("run meetdeck watch");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut watch = Watch {
            child: Some(child),
            url: String::new(),
            port: 0,
            stderr_path,
        };
        let line = match rx.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => line,
            Err(_) => panic!(
                "no URL line from meetdeck watch; stderr:\n{}",
                watch.stderr()
            ),
        };
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no port in {url}"));
        watch.url = url;
        watch.port = port;
        watch
    }

    fn stderr(&self) -> String {
        fs::read_to_string(&self.stderr_path).unwrap_or_default()
    }

    /// Builds attempted so far (each logs one `rebuilt` or `build failed` line).
    fn builds(&self) -> usize {
        self.stderr()
            .lines()
            .filter(|l| l.starts_with("rebuilt") || l.starts_with("build failed"))
            .count()
    }

    /// Builds so far, once the rebuild thread is idle: no build ended for 300 ms (a rebuild
    /// still due comes at most 130 ms after the last: 30 ms of quiet, 100 ms of gap).
    fn settled_builds(&self) -> usize {
        let quiet = Duration::from_millis(300);
        let mut count = self.builds();
        let mut since = Instant::now();
        let settled = wait_until(Instant::now() + Duration::from_secs(10), || {
            let now = self.builds();
            if now != count {
                count = now;
                since = Instant::now();
            }
            since.elapsed() >= quiet
        });
        assert!(
            settled,
            "the rebuilds never stopped; stderr:\n{}",
            self.stderr()
        );
        count
    }

    /// Sends `signal` and waits (bounded) for the exit; SIGKILL if it does not come.
    fn stop_with(&mut self, signal: i32) -> Option<ExitStatus> {
        let mut child = self.child.take()?;
        // SAFETY: plain kill(2) on our own child's pid.
        unsafe {
            libc::kill(child.id() as i32, signal);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// The server's current state, from the first event of a fresh event stream.
    fn state(&self) -> Value {
        self.state_at("/__meetdeck/events")
    }

    /// The state of the page at `page` (a folder's deck, `/2023/a.html`).
    fn page_state(&self, page: &str) -> Value {
        let page = percent_encoding::utf8_percent_encode(page, percent_encoding::NON_ALPHANUMERIC);
        self.state_at(&format!("/__meetdeck/events?page={page}"))
    }

    /// The first event of the event stream at `path`.
    fn state_at(&self, path: &str) -> Value {
        let mut stream = connect(self.port);
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => panic!("event stream ended before the first event"),
                Ok(_) => {}
            }
            if let Some(data) = line.strip_prefix("data: ") {
                return serde_json::from_str(data.trim()).expect("state JSON");
            }
        }
    }

    /// Polls the state until `pred` holds.
    fn wait_state(&self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        self.wait_page_state("/", what, pred)
    }

    /// Polls the state of the page at `page` until `pred` holds.
    fn wait_page_state(&self, page: &str, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let state = self.page_state(page);
            if pred(&state) {
                return state;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; last state {state}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Polls `cond` every 10 ms until it holds (`true`) or `deadline` passes (`false`). The
/// tests wait with it and then assert, rather than sleep a fixed time and hope: a loaded
/// machine only makes them slower, not wrong. A check that nothing happens polls over a
/// window (`deadline`) for the thing that must not happen, and fails as soon as it does.
fn wait_until(deadline: Instant, mut cond: impl FnMut() -> bool) -> bool {
    loop {
        if cond() {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn unique() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos())
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).expect("connect to meetdeck watch");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout");
    stream
}

/// A raw HTTP/1.1 request (the path is sent exactly as given, never normalised).
/// Returns the status code and the body.
fn http(port: u16, path: &str, host: &str) -> (u16, String) {
    let mut stream = connect(port);
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or(String::new(), |(_, b)| b.to_string());
    (status, body)
}

// ---- the ways editors save -------------------------------------------------------------

/// Overwrites the file's bytes where it is (same inode), then cuts it to length.
fn save_in_place(note: &Path, text: &str) {
    let mut file = OpenOptions::new().write(true).open(note).expect("open");
    file.write_all(text.as_bytes()).expect("write");
    file.set_len(text.len() as u64).expect("set_len");
}

/// Truncates, then writes (in two steps, as `>` in a shell or most editors do).
fn save_truncate_write(note: &Path, text: &str) {
    let mut file = File::create(note).expect("truncate");
    file.flush().expect("flush");
    std::thread::sleep(Duration::from_millis(3));
    file.write_all(text.as_bytes()).expect("write");
}

/// Writes a temporary file beside the note and renames it over the note (VS Code,
/// JetBrains, vim with `backupcopy=no`).
fn save_by_rename(note: &Path, text: &str) {
    let tmp = note.with_file_name(format!(".note.md.{}.tmp", unique()));
    fs::write(&tmp, text).expect("write temp");
    fs::rename(&tmp, note).expect("rename over the note");
}

/// vim's dance: probe file `4913`, swap file, note renamed to `note.md~`, new note written,
/// backup removed.
fn save_like_vim(note: &Path, text: &str) {
    let dir = note.parent().expect("dir");
    fs::write(dir.join("4913"), "").expect("4913");
    fs::remove_file(dir.join("4913")).expect("rm 4913");
    fs::write(dir.join(".note.md.swp"), "swap").expect("swp");
    let backup = dir.join("note.md~");
    fs::rename(note, &backup).expect("backup");
    fs::write(note, text).expect("write");
    fs::remove_file(&backup).expect("rm backup");
}

// ---- the browser side ------------------------------------------------------------------

/// Polls `js` (errors while the page reloads count as "not yet") until it is truthy.
fn poll(page: &Page, js: &str, timeout: Duration) -> Result<Value, String> {
    let deadline = Instant::now() + timeout;
    loop {
        let last = match page.eval(js) {
            Ok(v) if truthy(&v) => return Ok(v),
            Ok(v) => v.to_string(),
            Err(e) => e.to_string(),
        };
        if Instant::now() >= deadline {
            return Err(format!(
                "timed out after {timeout:?} on `{js}` (last: {last})"
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        _ => true,
    }
}

/// JS: the current slide as `"h/v"` once the deck is ready and `text` is in it.
fn shown_js(text: &str) -> String {
    format!(
        "(async () => {{ if (!window.meetdeck) return ''; await window.meetdeck.ready; \
         const s = document.querySelector('.reveal .slides'); \
         if (!s || !s.textContent.includes({text:?})) return ''; \
         const c = window.meetdeck.current(); return c.h + '/' + c.v; }})()"
    )
}

/// Waits until `text` is in the deck; returns the slide shown then, `"h/v"`.
fn wait_shown(page: &Page, watch: &Watch, text: &str) -> String {
    match poll(page, &shown_js(text), Duration::from_secs(10)) {
        Ok(v) => v.as_str().unwrap_or_default().to_string(),
        Err(e) => panic!("{text:?} never showed: {e}\nstderr:\n{}", watch.stderr()),
    }
}

fn open(page: &Page, watch: &Watch, hash: &str) {
    page.goto(&format!("{}{hash}", watch.url))
        .expect("open the deck");
    poll(
        page,
        "window.meetdeck && window.meetdeck.ready.then(() => true)",
        Duration::from_secs(10),
    )
    .expect("deck ready");
}

fn overlay_text(page: &Page) -> String {
    page.eval(
        "(() => { const e = document.getElementById('meetdeck-watch-error'); \
         return e ? e.textContent : ''; })()",
    )
    .ok()
    .and_then(|v| v.as_str().map(String::from))
    .unwrap_or_default()
}

// ---- the tests -------------------------------------------------------------------------

#[test]
fn watch_serves_only_the_deck_and_stops_cleanly() {
    let (_dir, note) = note_dir(NOTE);
    // Something else holds the asked port: the next one is used, and said so.
    let taken = TcpListener::bind("127.0.0.1:0").expect("bind");
    let asked = taken.local_addr().expect("addr").port();
    let mut watch = Watch::start(&note, asked, &[]);
    assert_ne!(watch.port, asked);
    assert!(
        watch
            .stderr()
            .contains(&format!("port {asked} is busy; using {}", watch.port)),
        "{}",
        watch.stderr()
    );

    let (status, body) = http(watch.port, "/", "127.0.0.1");
    assert_eq!(status, 200);
    assert!(body.contains("alpha") && body.contains("id=\"meetdeck-watch\""));
    // A query string is still the deck.
    assert_eq!(http(watch.port, "/?x=1", "localhost").0, 200);
    for path in [
        "/../Cargo.toml",
        "/Cargo.toml",
        "/note.md",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "//etc/passwd",
        "/etc/passwd",
        "/__meetdeck/",
        "/__meetdeck/deck",
        "/index.html",
        "/./",
        "/tmp/",
    ] {
        assert_eq!(http(watch.port, path, "127.0.0.1").0, 404, "{path}");
    }
    // DNS rebinding: a foreign host name pointed at 127.0.0.1 gets nothing.
    assert_eq!(http(watch.port, "/", "evil.example").0, 421);

    // The event stream starts with the current state.
    let state = watch.state();
    assert!(state["build"].as_str().is_some_and(|b| !b.is_empty()));
    assert!(state["error"].is_null());

    // Idle and slow clients: half a request that never ends, event streams never read.
    let mut idle = Vec::new();
    for i in 0..40 {
        let mut s = connect(watch.port);
        if i % 2 == 0 {
            s.write_all(b"GET / HTTP/1.1\r\nHo").expect("partial");
        } else {
            s.write_all(b"GET /__meetdeck/events HTTP/1.1\r\nHost: localhost\r\n\r\n")
                .expect("events");
        }
        idle.push(s);
    }
    fs::write(&note, NOTE.replace("alpha", "alpha-2")).expect("save");
    let t0 = Instant::now();
    watch.wait_state("a rebuild despite idle clients", |s| {
        s["build"] != state["build"]
    });
    assert!(http(watch.port, "/", "127.0.0.1").1.contains("alpha-2"));
    assert!(t0.elapsed() < Duration::from_secs(2), "{:?}", t0.elapsed());

    // Ctrl-C with event streams open: a clean, prompt exit.
    let t0 = Instant::now();
    let status = watch.stop_with(libc::SIGINT).expect("exits after Ctrl-C");
    assert!(status.success(), "{status:?}\n{}", watch.stderr());
    assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
    assert!(watch.stderr().contains("stopped"));
    drop(idle);
    drop(taken);
}

/// `--open` hands the URL it serves to the desktop's opener (`xdg-open` here: a stand-in
/// on `PATH` that records what it was given).
#[test]
fn watch_open_opens_the_served_url() {
    let (dir, note) = note_dir(NOTE);
    let bin = dir.path().join("bin");
    fs::create_dir(&bin).expect("bin folder");
    let opener = bin.join("xdg-open");
    let opened = dir.path().join("opened.txt");
    fs::write(
        &opener,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .expect("write the opener");
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&opener, fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let watch = Watch::start_with_path(&note, free_port(), &["--open"], Some(&path));
    // The stand-in may still be writing when the file appears: wait for the whole URL.
    wait_until(Instant::now() + Duration::from_secs(5), || {
        fs::read_to_string(&opened).is_ok_and(|url| url == watch.url)
    });
    let url = fs::read_to_string(&opened).unwrap_or_default();
    assert_eq!(url, watch.url, "the opener got {url:?}\n{}", watch.stderr());
    assert_eq!(http(watch.port, "/", "127.0.0.1").0, 200);
}

#[test]
fn watch_warns_about_a_non_loopback_host() {
    let (_dir, note) = note_dir(NOTE);
    let mut watch = Watch::start(&note, free_port(), &["--host", "0.0.0.0"]);
    assert!(
        watch.stderr().contains("warning: listening on 0.0.0.0"),
        "{}",
        watch.stderr()
    );
    assert!(watch.url.starts_with("http://127.0.0.1:"), "{}", watch.url);
    // Exposed on purpose: other host names are answered.
    assert_eq!(http(watch.port, "/", "deck.lan").0, 200);
    let status = watch.stop_with(libc::SIGTERM).expect("exits on SIGTERM");
    assert!(status.success());
}

#[test]
fn watch_coalesces_bursts_and_picks_up_a_deleted_note() {
    let (_dir, note) = note_dir(NOTE);
    let watch = Watch::start(&note, free_port(), &[]);
    let first = watch.state();
    assert_eq!(watch.builds(), 1);

    // Twenty saves in a tight loop, every save pattern: one rebuild showing the last text
    // (typically; see the bound below).
    let savers: [Save; 4] = [
        save_in_place,
        save_truncate_write,
        save_by_rename,
        save_like_vim,
    ];
    let t0 = Instant::now();
    for i in 0..20 {
        savers[i % 4](&note, &NOTE.replace("alpha", &format!("burst-{i}")));
    }
    let span = t0.elapsed();
    let state = watch.wait_state("the burst's rebuild", |s| s["build"] != first["build"]);
    // The burst may take more than one rebuild to reach its last save: wait for that one,
    // then for the rebuild thread to go idle, before counting.
    wait_until(Instant::now() + Duration::from_secs(5), || {
        http(watch.port, "/", "127.0.0.1").1.contains("burst-19")
    });
    let burst_builds = watch.settled_builds() - 1;
    // On a loaded machine the loop itself may stall past the 30 ms quiet window once, or
    // outlast the 250 ms cap: allow one more, plus one per 100 ms the loop really took.
    let bound = 2 + (span.as_millis() / 100) as usize;
    assert!(
        (1..=bound).contains(&burst_builds),
        "{burst_builds} rebuilds for 20 saves in {span:?}\n{}",
        watch.stderr()
    );
    assert!(http(watch.port, "/", "127.0.0.1").1.contains("burst-19"));
    assert!(state["error"].is_null());

    // Twenty saves spread over one second: merged, never more than one rebuild per 100 ms
    // (about ten; the bound follows the time the saves really took on a loaded machine).
    let before = watch.builds();
    let t0 = Instant::now();
    for i in 0..20 {
        save_by_rename(&note, &NOTE.replace("alpha", &format!("spread-{i}")));
        std::thread::sleep(Duration::from_millis(50));
    }
    let span = t0.elapsed();
    wait_until(Instant::now() + Duration::from_secs(5), || {
        http(watch.port, "/", "127.0.0.1").1.contains("spread-19")
    });
    let spread_builds = watch.settled_builds() - before;
    let bound = (span.as_millis() / 100) as usize + 2;
    assert!(
        spread_builds <= bound.min(19),
        "{spread_builds} rebuilds for 20 saves in {span:?}\n{}",
        watch.stderr()
    );
    assert!(http(watch.port, "/", "127.0.0.1").1.contains("spread-19"));

    // Editors' droppings alone rebuild nothing.
    let before = watch.builds();
    let dir = note.parent().expect("dir");
    for name in [
        "note.md~",
        ".note.md.swp",
        ".note.md.swx",
        "4913",
        "#note.md#",
        "note.md.tmp",
    ] {
        fs::write(dir.join(name), "x").expect("dropping");
        fs::remove_file(dir.join(name)).expect("rm dropping");
    }
    // Nothing may happen: watched over a window well past the debounce (30 ms + 100 ms).
    wait_until(Instant::now() + Duration::from_millis(300), || {
        watch.builds() != before
    });
    assert_eq!(watch.builds(), before, "{}", watch.stderr());

    // Deleted: the error shows, the last good deck stays served.
    fs::remove_file(&note).expect("delete the note");
    let gone = watch.wait_state("the missing-note error", |s| !s["error"].is_null());
    assert!(
        gone["error"].as_str().unwrap_or("").contains("note.md"),
        "{gone}"
    );
    assert!(http(watch.port, "/", "127.0.0.1").1.contains("spread-19"));
    // ...and back: picked up again.
    fs::write(&note, NOTE.replace("alpha", "reborn")).expect("recreate");
    watch.wait_state("the note coming back", |s| s["error"].is_null());
    assert!(http(watch.port, "/", "127.0.0.1").1.contains("reborn"));
}

#[test]
fn watch_reloads_on_the_same_slide_in_chromium() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, note) = note_dir(NOTE);
    let watch = Watch::start(&note, free_port(), &[]);
    let page = browser.new_page(1280, 720).expect("page");

    // On the vertical slide "Two-sub" (2/1), each save pattern edits it: the new text
    // shows, on the same slide.
    open(&page, &watch, "#/2/1");
    assert_eq!(wait_shown(&page, &watch, "gamma"), "2/1");
    let savers: [(&str, Save); 4] = [
        ("in place", save_in_place),
        ("truncate + write", save_truncate_write),
        ("temp + rename", save_by_rename),
        ("vim", save_like_vim),
    ];
    for (i, (name, save)) in savers.iter().enumerate() {
        let marker = format!("gamma-{i}");
        save(&note, &NOTE.replace("gamma", &marker));
        let at = wait_shown(&page, &watch, &marker);
        assert_eq!(at, "2/1", "after saving {name}");
    }

    // The client's line → slide mapping, on this deck (lines of NOTE: One 3, Two 6,
    // Two-sub 9, Three 12; the title slide covers the lines before).
    let starts = page
        .eval("JSON.stringify(__meetdeckWatch.slideStarts().map(s => [s.h, s.v, s.line]))")
        .expect("slideStarts");
    assert_eq!(
        starts.as_str().unwrap_or(""),
        "[[0,0,1],[1,0,3],[2,0,6],[2,1,9],[3,0,12]]"
    );
    let mapped = page
        .eval(
            "JSON.stringify([1, 2, 3, 5, 6, 8, 9, 11, 12, 99].map(l => { \
             const s = __meetdeckWatch.slideForLine(l); return s.h + '/' + s.v; }))",
        )
        .expect("slideForLine");
    assert_eq!(
        mapped.as_str().unwrap_or(""),
        r#"["0/0","0/0","1/0","1/0","2/0","2/0","2/1","2/1","3/0","3/0"]"#
    );

    // Follow the edit: from slide One, a save changing slide Three lands on Three...
    open(&page, &watch, "#/1");
    let text = fs::read_to_string(&note).expect("read");
    save_by_rename(&note, &text.replace("delta", "delta-followed"));
    assert_eq!(wait_shown(&page, &watch, "delta-followed"), "3/0");
    // ...and an edit adding a slide right at the changed line lands on the new slide.
    let text = fs::read_to_string(&note).expect("read");
    save_by_rename(
        &note,
        &text.replace("## Three", "## Inserted\nnew-slide\n\n## Three"),
    );
    assert_eq!(wait_shown(&page, &watch, "new-slide"), "3/0");
    assert!(page.js_errors().is_empty(), "{:?}", page.js_errors());
}

#[test]
fn watch_shows_build_errors_over_the_last_good_deck_in_chromium() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, note) = note_dir(NOTE);
    let watch = Watch::start(&note, free_port(), &["--strict", "--no-follow"]);
    let page = browser.new_page(1280, 720).expect("page");
    open(&page, &watch, "#/1");
    assert_eq!(wait_shown(&page, &watch, "alpha"), "1/0");

    // Invalid UTF-8 on line 7: the overlay names file and line; the deck stays.
    let mut bytes = NOTE.as_bytes().to_vec();
    let at = NOTE.find("beta").expect("beta");
    bytes.splice(at..at, b"\xff\xfe".iter().copied());
    fs::write(&note, &bytes).expect("break the note");
    poll(
        &page,
        "(() => { const e = document.getElementById('meetdeck-watch-error'); \
         return e && e.textContent.includes('note.md:7:'); })()",
        Duration::from_secs(10),
    )
    .unwrap_or_else(|e| panic!("{e}\n{}", watch.stderr()));
    assert!(
        overlay_text(&page).contains("UTF-8"),
        "{}",
        overlay_text(&page)
    );
    // Its heading is the deck's table's word (an English deck here).
    assert!(
        overlay_text(&page).starts_with("meetdeck: the note does not build"),
        "{}",
        overlay_text(&page)
    );
    assert_eq!(wait_shown(&page, &watch, "alpha"), "1/0");

    // Fixed: the overlay goes, the new text comes, in place.
    page.eval("window.__liveMark = 'kept'").expect("mark");
    fs::write(&note, NOTE.replace("alpha", "alpha-fixed")).expect("fix");
    assert_eq!(wait_shown(&page, &watch, "alpha-fixed"), "1/0");
    poll(
        &page,
        "!document.getElementById('meetdeck-watch-error')",
        Duration::from_secs(5),
    )
    .expect("overlay gone");
    assert_eq!(
        page.eval("window.__liveMark").expect("mark"),
        Value::from("kept")
    );

    // --strict and a missing image on line 5.
    let broken = NOTE.replace("alpha\n", "alpha-fixed\n![chart](missing.png)\n");
    fs::write(&note, broken).expect("missing image");
    poll(
        &page,
        "(() => { const e = document.getElementById('meetdeck-watch-error'); \
         return e && e.textContent.includes('note.md:5:'); })()",
        Duration::from_secs(10),
    )
    .unwrap_or_else(|e| panic!("{e}\n{}", watch.stderr()));
    assert!(overlay_text(&page).contains("missing.png"));

    // Fixed by going back to the deck already shown: no reload needed, overlay gone.
    fs::write(&note, NOTE.replace("alpha", "alpha-fixed")).expect("fix again");
    poll(
        &page,
        "!document.getElementById('meetdeck-watch-error')",
        Duration::from_secs(5),
    )
    .expect("overlay gone again");

    // --no-follow: an edit to slide Three leaves us on slide One.
    fs::write(
        &note,
        NOTE.replace("alpha", "alpha-fixed")
            .replace("delta", "delta-2"),
    )
    .expect("edit three");
    assert_eq!(wait_shown(&page, &watch, "delta-2"), "1/0");
    assert!(page.js_errors().is_empty(), "{:?}", page.js_errors());
}

/// A note of 12 sections of long paragraphs: far taller than a phone's window in the
/// reading view.
fn reading_note() -> String {
    let mut text = String::from("# Reading\n\n");
    for i in 1..=12 {
        text.push_str(&format!("## Part {i}\n\n"));
        for _ in 0..4 {
            text.push_str("A paragraph long enough to wrap over a few lines on a phone screen, ");
            text.push_str("so that the page is much taller than the window.\n\n");
        }
    }
    text
}

/// In the reading view, a save keeps the same scroll position (not just the same slide): the
/// page is patched in place, and the reader keeps their place while the writer saves.
#[test]
fn watch_reload_keeps_the_reading_views_scroll_position() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let text = reading_note();
    let (_dir, note) = note_dir(&text);
    let watch = Watch::start(&note, free_port(), &["--no-follow"]);
    let page = browser.new_page(390, 844).expect("page");
    page.goto(&format!("{}?view=scroll", watch.url))
        .expect("open");
    poll(
        &page,
        "window.meetdeck && meetdeck.ready.then(() => document.documentElement.classList.contains('md-scroll'))",
        Duration::from_secs(10),
    )
    .expect("the reading view");
    let height = page
        .eval("document.documentElement.scrollHeight")
        .expect("height");
    assert!(
        height.as_f64().unwrap_or(0.0) > 4000.0,
        "page too short: {height}"
    );
    // Somewhere in the middle of a slide, not at a slide's top.
    page.eval("window.scrollTo(0, 2345)").expect("scroll");
    let scroll_y = || {
        page.eval("scrollY")
            .ok()
            .and_then(|y| y.as_f64())
            .unwrap_or(0.0)
    };
    wait_until(Instant::now() + Duration::from_secs(5), || {
        (scroll_y() - 2345.0).abs() < 1.0
    });
    let before = page
        .eval("scrollY")
        .expect("scrollY")
        .as_f64()
        .unwrap_or(0.0);
    assert!((before - 2345.0).abs() < 1.0, "scrolled to {before}");

    page.eval("window.__liveMark = 'kept'").expect("mark");
    save_by_rename(&note, &text.replace("## Part 12", "## Part 12 edited"));
    wait_shown(&page, &watch, "Part 12 edited");
    assert_eq!(
        page.eval("window.__liveMark").expect("mark"),
        Value::from("kept"),
        "the reading view reloaded"
    );
    // The client restores the position once the new deck is ready.
    let at = poll(
        &page,
        &format!("Math.abs(scrollY - {before}) < 2 ? scrollY : 0"),
        Duration::from_secs(5),
    );
    let now = page.eval("scrollY").ok();
    assert!(at.is_ok(), "scroll position {before} became {now:?}");
    assert!(page.js_errors().is_empty(), "{:?}", page.js_errors());
}

#[test]
fn watch_browser_reconnects_to_a_restarted_server() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, note) = note_dir(NOTE);
    let port = free_port();
    let mut first = Watch::start(&note, port, &[]);
    let page = browser.new_page(1280, 720).expect("page");
    open(&page, &first, "#/3");
    assert_eq!(wait_shown(&page, &first, "delta"), "3/0");
    page.eval("window.__liveMark = 'kept'").expect("mark");
    first.stop_with(libc::SIGTERM).expect("first server stops");
    // The page sees the server go (no fixed sleep: its client says so).
    poll(&page, "!__meetdeckWatch.online", Duration::from_secs(10)).expect("offline");

    // Edited while no server runs; a new server on the same port: the page comes back
    // with the new text by itself, on the same slide, patched in place (the same binary
    // and flags serve the same runtime and client).
    fs::write(&note, NOTE.replace("delta", "delta-restarted")).expect("edit");
    let second = Watch::start(&note, port, &[]);
    assert_eq!(second.port, port);
    assert_eq!(wait_shown(&page, &second, "delta-restarted"), "3/0");
    assert_eq!(
        page.eval("window.__liveMark").expect("mark"),
        Value::from("kept")
    );
}

/// The links of an index page, as written (`href="..."` of its meeting links).
fn index_links(index_html: &str) -> Vec<String> {
    index_html
        .split("class=\"meeting-link\" href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(String::from)
        .collect()
}

#[test]
fn watch_folder_serves_the_index_and_rebuilds_only_the_changed_deck() {
    let dir = tempfile::Builder::new()
        .prefix("meetdeck-watch-dir-")
        .tempdir()
        .expect("temp dir");
    let notes = dir.path().join("meetings");
    fs::create_dir_all(notes.join("2023")).expect("folders");
    fs::create_dir_all(notes.join("images")).expect("folders");
    let png = Path::new(env!("CARGO_MANIFEST_DIR")).join("meetings/images/cache pipeline.png");
    let image = notes.join("images/shared.png");
    fs::copy(&png, &image).expect("copy an image");
    let a = notes.join("2023/a.md");
    let b = notes.join("2023/b 会议.md");
    let note = |title: &str, text: &str| {
        format!("# {title}\n\n## One\n{text}\n\n![shared](../images/shared.png)\n\n## Two\nmore\n")
    };
    fs::write(&a, note("Alpha", "alpha-text")).expect("a");
    fs::write(&b, note("Beta", "beta-text")).expect("b");
    fs::write(notes.join("README.md"), "# Not a meeting\n").expect("readme");
    let mut watch = Watch::start(&notes, free_port(), &[]);
    let (a_page, b_page) = ("/2023/a.html", "/2023/b 会议.html");

    // The index at `/`, listing both notes (not the README), with links to their decks.
    let (status, index) = http(watch.port, "/", "127.0.0.1");
    assert_eq!(status, 200);
    let links = index_links(&index);
    assert_eq!(links.len(), 2, "{links:?}");
    assert!(links.contains(&"2023/a.html".to_string()), "{links:?}");
    assert!(
        links.contains(&"2023/b%20%E4%BC%9A%E8%AE%AE.html".to_string()),
        "{links:?}"
    );
    assert!(index.contains("id=\"meetdeck-watch\""));
    assert_eq!(http(watch.port, "/index.html", "127.0.0.1").0, 200);
    for link in &links {
        let (status, deck) = http(watch.port, &format!("/{link}"), "127.0.0.1");
        assert_eq!(status, 200, "{link}");
        assert!(
            deck.contains("data:image/png;base64,"),
            "{link}: image not embedded"
        );
    }
    // Nothing else: no note, image, folder listing or file outside.
    for path in [
        "/2023/",
        "/2023/a.md",
        "/images/shared.png",
        "/README.html",
        "/../Cargo.toml",
        "/2023/../../Cargo.toml",
        "/%2e%2e/Cargo.toml",
    ] {
        assert_eq!(http(watch.port, path, "127.0.0.1").0, 404, "{path}");
    }

    // Saving one note rebuilds its deck alone: the other deck's build id stays.
    let a_before = watch.page_state(a_page);
    let b_before = watch.page_state(b_page);
    save_by_rename(&b, &note("Beta", "beta-edited"));
    watch.wait_page_state(b_page, "b rebuilt", |s| s["build"] != b_before["build"]);
    // Nothing may happen to a: watched over a window past the debounce.
    wait_until(Instant::now() + Duration::from_millis(200), || {
        watch.page_state(a_page)["build"] != a_before["build"]
    });
    assert_eq!(
        watch.page_state(a_page)["build"],
        a_before["build"],
        "{}",
        watch.stderr()
    );
    let b_link = format!(
        "/{}",
        links.iter().find(|l| l.contains("b%20")).expect("b link")
    );
    assert!(http(watch.port, &b_link, "127.0.0.1")
        .1
        .contains("beta-edited"));

    // The shared image changed: both decks are rebuilt.
    let a_before = watch.page_state(a_page);
    let b_before = watch.page_state(b_page);
    let mut bytes = fs::read(&image).expect("read image");
    // Bytes after IEND are ignored by decoders but change the file (and the data URI).
    bytes.extend_from_slice(b"changed");
    fs::write(&image, bytes).expect("rewrite image");
    watch.wait_page_state(a_page, "a rebuilt", |s| s["build"] != a_before["build"]);
    watch.wait_page_state(b_page, "b rebuilt", |s| s["build"] != b_before["build"]);

    // A new note in a new folder is picked up and listed.
    fs::create_dir_all(notes.join("2024")).expect("new folder");
    fs::write(notes.join("2024/c.md"), note("Gamma", "gamma-text")).expect("c");
    watch.wait_page_state("/2024/c.html", "c built", |s| s["build"].is_string());
    let index = http(watch.port, "/", "127.0.0.1").1;
    assert!(
        index_links(&index).contains(&"2024/c.html".to_string()),
        "{index}"
    );

    // A broken note: its page and the index carry the error (file and line); fixed, it goes.
    fs::write(&b, "---\ntitle: [unclosed\n---\n# Beta\n").expect("break b");
    let broken = watch.wait_page_state(b_page, "b's error", |s| s["error"].is_string());
    let message = broken["error"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("b 会议.md:"), "{message}");
    let index_state = watch.wait_page_state("/", "the index's error", |s| s["error"].is_string());
    assert!(index_state["error"]
        .as_str()
        .unwrap_or_default()
        .contains("b 会议.md:"));
    // The last good deck stays served meanwhile.
    assert!(http(watch.port, &b_link, "127.0.0.1")
        .1
        .contains("beta-edited"));
    fs::write(&b, note("Beta", "beta-fixed")).expect("fix b");
    watch.wait_page_state(b_page, "b fixed", |s| s["error"].is_null());
    watch.wait_page_state("/", "the index fixed", |s| s["error"].is_null());

    // A deleted note: gone from the index, its page a 404, its event stream says so.
    fs::remove_file(&a).expect("delete a");
    watch.wait_page_state(a_page, "a gone", |s| s["error"].is_string());
    assert_eq!(http(watch.port, a_page, "127.0.0.1").0, 404);
    let index = http(watch.port, "/", "127.0.0.1").1;
    assert!(
        !index_links(&index).contains(&"2023/a.html".to_string()),
        "{index}"
    );

    // In the browser: the index opens its decks, and an edit reloads the deck on its slide.
    if let Some(browser) = cdp::browser_or_skip() {
        let page = browser.new_page(1280, 720).expect("page");
        page.goto(&format!("{}2024/c.html#/2", watch.url))
            .expect("open c");
        assert_eq!(wait_shown(&page, &watch, "gamma-text"), "2/0");
        page.eval("window.__liveMark = 'kept'").expect("mark");
        let c = notes.join("2024/c.md");
        save_by_rename(
            &c,
            &note("Gamma", "gamma-text").replace("more", "more-edited"),
        );
        assert_eq!(wait_shown(&page, &watch, "more-edited"), "2/0");
        // Patched in place, as a single note's deck.
        assert_eq!(
            page.eval("window.__liveMark").expect("mark"),
            Value::from("kept")
        );
        assert!(page.js_errors().is_empty(), "{:?}", page.js_errors());
        let requests = page.requests();
        assert!(
            requests
                .iter()
                .all(|r| r.starts_with(&watch.url) || r.starts_with("data:")),
            "{requests:?}"
        );
    }

    // The whole folder deleted and created again (another branch checked out): the new
    // folder's notes are found and built.
    fs::remove_dir_all(&notes).expect("delete the folder");
    watch.wait_page_state("/", "the folder's error", |s| s["error"].is_string());
    fs::create_dir_all(notes.join("2025")).expect("the folder again");
    fs::write(notes.join("2025/d.md"), note("Delta", "delta-text")).expect("d");
    watch.wait_page_state("/2025/d.html", "d built", |s| s["build"].is_string());
    let index = http(watch.port, "/", "127.0.0.1").1;
    assert_eq!(index_links(&index), ["2025/d.html"], "{index}");

    let status = watch.stop_with(libc::SIGINT).expect("exits after Ctrl-C");
    assert!(status.success(), "{status:?}\n{}", watch.stderr());
}

// ---- measurements (ignored: minutes long) ----------------------------------------------

/// Epoch milliseconds, the clock `performance.timeOrigin + performance.now()` uses.
fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Saves `text` (with `marker`) with `save` and times it, in ms: from the start of the save
/// to the new content on screen (debounce, rebuild, event, then the page patched or
/// reloaded and painted: the page's client records when, `shownAt`).
fn timed_save(
    page: &Page,
    watch: &Watch,
    note: &Path,
    text: &str,
    marker: &str,
    save: Save,
) -> f64 {
    let t0 = epoch_ms();
    save(note, text);
    let js = format!(
        "(() => {{ const w = window.__meetdeckWatch; const s = document.querySelector('.reveal .slides'); \
         return w && w.shownAt && s && s.textContent.includes({marker:?}) ? w.shownAt : 0; }})()"
    );
    let shown = poll(page, &js, Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("{e}\n{}", watch.stderr()));
    shown.as_f64().unwrap_or(0.0) - t0
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The page's JS heap in use (KiB), after a garbage collection when the browser allows one.
fn heap_kib(page: &Page) -> u64 {
    let _ = page.call("HeapProfiler.collectGarbage", serde_json::json!({}));
    page.eval("performance.memory ? performance.memory.usedJSHeapSize : 0")
        .ok()
        .and_then(|v| v.as_u64())
        .map_or(0, |b| b / 1024)
}

/// Open descriptors and resident memory (KiB) of `pid`.
fn fds_and_rss(pid: u32) -> (usize, u64) {
    let fds = fs::read_dir(format!("/proc/{pid}/fd")).map_or(0, |d| d.count());
    let rss = fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0);
    (fds, rss)
}

#[test]
#[ignore = "benchmark: 50 saves of each kind in Chromium"]
fn watch_latency() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    // MEETDECK_BENCH_NOTE: a real note instead (its folder copied; the copy is edited).
    let real = std::env::var_os("MEETDECK_BENCH_NOTE")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from);
    let (_dir, note, base, edited) = match &real {
        Some(path) => bench_copy(path),
        None => {
            let (dir, note) = note_dir(NOTE);
            (dir, note, NOTE.to_string(), "gamma".to_string())
        }
    };
    let watch = Watch::start(&note, free_port(), &[]);
    let page = browser.new_page(1280, 720).expect("page");
    open(&page, &watch, "#/2/1");
    let savers: [(&str, Save); 4] = [
        ("in place", save_in_place),
        ("truncate + write", save_truncate_write),
        ("temp + rename", save_by_rename),
        ("vim", save_like_vim),
    ];
    println!(
        "save -> new text on screen, 50 saves of each kind (ms), {}",
        real.as_ref()
            .map_or("the test note".into(), |p| p.display().to_string())
    );
    println!(
        "{:<18} {:>8} {:>8} {:>8} {:>8}",
        "save", "median", "p95", "min", "max"
    );
    let mut all = Vec::new();
    for (kind, (name, save)) in savers.iter().enumerate() {
        let mut times = Vec::new();
        let mut patches = Vec::new();
        for i in 0..50 {
            let marker = format!("latency-{kind}-{i}");
            let text = base.replacen(&edited, &format!("{edited} {marker}"), 1);
            let shown = timed_save(&page, &watch, &note, &text, &marker, *save);
            times.push(shown);
            let patch = page.eval("(window.__meetdeckWatch || {}).patchMs || 0");
            patches.push(patch.ok().and_then(|v| v.as_f64()).unwrap_or(0.0));
            // A writer does not save twice within the rebuild gap.
            std::thread::sleep(Duration::from_millis(150));
        }
        times.sort_by(f64::total_cmp);
        patches.sort_by(f64::total_cmp);
        println!(
            "{name:<18} {:>8.1} {:>8.1} {:>8.1} {:>8.1}   (of which patching in the page: median {:.1})",
            percentile(&times, 0.5),
            percentile(&times, 0.95),
            times[0],
            times[times.len() - 1],
            percentile(&patches, 0.5)
        );
        all.extend(times);
    }
    all.sort_by(f64::total_cmp);
    println!(
        "{:<18} {:>8.1} {:>8.1} {:>8.1} {:>8.1}",
        "all",
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        all[0],
        all[all.len() - 1]
    );
    let position = page
        .eval("(() => { const c = meetdeck.current(); return c.h + '/' + c.v; })()")
        .expect("position");
    if real.is_none() {
        assert_eq!(position.as_str(), Some("2/1"));
    }
}

/// A copy of the folder of the note at `path`; returns it, the copied note, its text and
/// the line the benchmark edits (a line of text in the middle of the note).
fn bench_copy(path: &Path) -> (tempfile::TempDir, PathBuf, String, String) {
    let dir = tempfile::Builder::new()
        .prefix("meetdeck-bench-")
        .tempdir()
        .expect("temp dir");
    let from = path.parent().expect("the note's folder");
    let status = Command::new("cp")
        .arg("-r")
        .arg(format!("{}/.", from.display()))
        .arg(dir.path())
        .status()
        .expect("cp");
    assert!(status.success());
    let note = dir.path().join(path.file_name().expect("a file"));
    let text = fs::read_to_string(&note).expect("read the note");
    let lines: Vec<&str> = text.lines().collect();
    let edited = lines[lines.len() / 2..]
        .iter()
        .find(|l| {
            let l = l.trim();
            l.len() > 10 && !l.starts_with(['#', '|', '!', '<', '-', '`', '>'])
        })
        .expect("a line of text")
        .to_string();
    (dir, note, text, edited)
}

#[test]
#[ignore = "soak: 1,000 saves with a browser connected"]
fn watch_soak() {
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let (_dir, note) = note_dir(NOTE);
    let watch = Watch::start(&note, free_port(), &[]);
    let page = browser.new_page(1280, 720).expect("page");
    open(&page, &watch, "#/2/1");
    // Warm up (allocator pools, first reloads), then measure.
    for i in 0..20 {
        let marker = format!("warm-{i}");
        timed_save(
            &page,
            &watch,
            &note,
            &NOTE.replace("gamma", &marker),
            &marker,
            save_by_rename,
        );
    }
    let (fds0, rss0) = fds_and_rss(watch.pid());
    println!(
        "soak start: {fds0} fds, RSS {rss0} KiB; page: {} KiB of JS heap, {} nodes",
        heap_kib(&page),
        page.eval("document.getElementsByTagName('*').length")
            .expect("nodes")
    );
    let savers: [Save; 4] = [
        save_in_place,
        save_truncate_write,
        save_by_rename,
        save_like_vim,
    ];
    let mut times = Vec::new();
    for i in 0..1000 {
        let marker = format!("soak-{i}");
        let text = NOTE.replace("gamma", &marker);
        let shown = timed_save(&page, &watch, &note, &text, &marker, savers[i % 4]);
        times.push(shown);
        if i % 250 == 249 {
            let (fds, rss) = fds_and_rss(watch.pid());
            println!(
                "after {} saves: {fds} fds, RSS {rss} KiB; page: {} KiB of JS heap",
                i + 1,
                heap_kib(&page)
            );
        }
        std::thread::sleep(Duration::from_millis(110));
    }
    let (fds1, rss1) = fds_and_rss(watch.pid());
    times.sort_by(f64::total_cmp);
    println!(
        "soak end: {fds1} fds, RSS {rss1} KiB; latency median {:.1} ms, p95 {:.1} ms",
        percentile(&times, 0.5),
        percentile(&times, 0.95)
    );
    assert!(fds1 <= fds0 + 4, "fds {fds0} -> {fds1}");
    assert!(rss1 < rss0 + 8 * 1024, "RSS {rss0} -> {rss1} KiB");
}

#[test]
fn watch_rebuilds_when_an_image_or_the_theme_changes() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images");
    let (dir, note) = note_dir(&NOTE.replace("alpha", "![a](img/a%20b.png)"));
    let img = dir.path().join("img");
    fs::create_dir(&img).expect("img dir");
    fs::copy(fixtures.join("team photo.png"), img.join("a b.png")).expect("image");
    let theme = dir.path().join("theme");
    fs::create_dir(&theme).expect("theme dir");
    fs::write(theme.join("theme.css"), "body { color: #123456 }\n").expect("css");
    let theme_arg = theme.display().to_string();
    let watch = Watch::start(&note, free_port(), &["--strict", "--theme", &theme_arg]);
    let first = watch.state();
    assert!(first["error"].is_null(), "{first}\n{}", watch.stderr());
    let deck = http(watch.port, "/", "127.0.0.1").1;
    assert!(deck.contains("#123456"));

    // Another picture under the same name: the deck embeds the new bytes.
    fs::copy(fixtures.join("Chart.PNG"), img.join("a b.png")).expect("new image");
    let second = watch.wait_state("the image's rebuild", |s| s["build"] != first["build"]);
    assert_ne!(http(watch.port, "/", "127.0.0.1").1, deck);

    // The theme's stylesheet, saved by rename as editors do.
    let tmp = theme.join(".theme.css.tmp");
    fs::write(&tmp, "body { color: #654321 }\n").expect("css tmp");
    fs::rename(&tmp, theme.join("theme.css")).expect("rename css");
    watch.wait_state("the theme's rebuild", |s| s["build"] != second["build"]);
    assert!(http(watch.port, "/", "127.0.0.1").1.contains("#654321"));

    // The image removed under --strict: an error naming the note's line 4; restored: gone.
    fs::remove_file(img.join("a b.png")).expect("rm image");
    let broken = watch.wait_state("the missing image", |s| !s["error"].is_null());
    assert!(
        broken["error"]
            .as_str()
            .unwrap_or("")
            .contains("note.md:4:"),
        "{broken}"
    );
    fs::copy(fixtures.join("Chart.PNG"), img.join("a b.png")).expect("image back");
    watch.wait_state("the image back", |s| s["error"].is_null());
}

/// The theme folder and the logo named in `meetdeck.toml` are part of what the deck is made
/// of: editing either rebuilds it (the build records every file it reads, and watch mode
/// watches that list), as does editing `meetdeck.toml` itself.
#[test]
fn watch_rebuilds_when_the_configured_theme_or_logo_changes() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images");
    let (dir, note) = note_dir(NOTE);
    let look = dir.path().join("look");
    fs::create_dir(&look).expect("theme dir");
    // The brand theme's template shows the logo.
    fs::write(look.join("theme.toml"), "extends = \"brand\"\n").expect("theme.toml");
    fs::write(look.join("theme.css"), ".reveal { color: #123456 }\n").expect("css");
    fs::copy(fixtures.join("team photo.png"), dir.path().join("logo.png")).expect("logo");
    fs::write(
        dir.path().join("meetdeck.toml"),
        "theme = \"look\"\nlogo = \"logo.png\"\n",
    )
    .expect("meetdeck.toml");
    let watch = Watch::start(&note, free_port(), &[]);
    let first = watch.state();
    assert!(first["error"].is_null(), "{first}\n{}", watch.stderr());
    let deck = http(watch.port, "/", "127.0.0.1").1;
    assert!(deck.contains("#123456"));

    fs::write(look.join("theme.css"), ".reveal { color: #654321 }\n").expect("css");
    let second = watch.wait_state("the theme's rebuild", |s| s["build"] != first["build"]);
    let restyled = http(watch.port, "/", "127.0.0.1").1;
    assert!(restyled.contains("#654321"));

    fs::copy(fixtures.join("Chart.PNG"), dir.path().join("logo.png")).expect("new logo");
    let third = watch.wait_state("the logo's rebuild", |s| s["build"] != second["build"]);
    assert_ne!(http(watch.port, "/", "127.0.0.1").1, restyled);

    fs::write(dir.path().join("meetdeck.toml"), "theme = \"dark\"\n").expect("toml");
    watch.wait_state("the configuration's rebuild", |s| {
        s["build"] != third["build"]
    });
    assert!(http(watch.port, "/", "127.0.0.1")
        .1
        .contains("color-scheme:dark"));
}
