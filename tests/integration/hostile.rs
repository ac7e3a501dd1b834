//! Hostile and broken input (issue 8), with the real binary: text encodings, a batch of
//! weird notes, image confinement (and a search of the deck's bytes for every refused file),
//! `--sanitize`, size limits measured in time and peak memory, and output failures.
//!
//! Every run goes through [`run`], which fails the test if meetdeck panicked (exit 101, or 70
//! from its panic hook), was killed by a signal (an out-of-memory kill) or ran past its time
//! limit. Big inputs are generated here, in a temp folder, never committed.

/// The way out the warning of an image outside the notes' root names.
const HINT: &str = " (to allow it, widen the notes' root: --root DIR, or a meetdeck.toml in a folder above both the note and the image)";

use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;

use crate::cdp;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
const IMAGES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/images");

/// Time limit of an ordinary run.
const QUICK: Duration = Duration::from_secs(20);
/// A run on a huge or hostile input is killed after this long...
const KILL_AFTER: Duration = Duration::from_secs(90);
/// ...and must take less time and memory than this (a debug build, tests in parallel).
const SLOW: Duration = Duration::from_secs(40);
const MAX_RSS_MIB: f64 = 1024.0;

/// What one run of meetdeck did.
struct Run {
    args: String,
    code: i32,
    stderr: String,
    elapsed: Duration,
    peak_rss_mib: f64,
}

/// Runs meetdeck in `dir`, killing it after `limit`. Panics on a panic, a signal or a timeout.
// The child is reaped by `wait4` (which also gives its peak memory), not `Child::wait`.
#[allow(clippy::zombie_processes)]
fn run(dir: &Path, args: &[&OsStr], limit: Duration) -> Run {
    let shown = args
        .iter()
        .map(|a| a.to_string_lossy())
        .collect::<Vec<_>>()
        .join(" ");
    let mut child = Command::new(env!("CARGO_BIN_EXE_meetdeck"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start meetdeck");
    let mut pipe = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        pipe.read_to_end(&mut bytes).unwrap();
        bytes
    });
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let mut status = 0;
    // SAFETY: plain system calls on our own child, with valid pointers.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let reaped = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            break;
        }
        assert_eq!(reaped, 0, "wait4: {}", std::io::Error::last_os_error());
        if start.elapsed() > limit {
            unsafe {
                libc::kill(pid, libc::SIGKILL);
                libc::wait4(pid, &mut status, 0, &mut usage);
            }
            panic!("`meetdeck {shown}` still running after {limit:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    assert!(
        libc::WIFEXITED(status),
        "`meetdeck {shown}` killed by signal {} (out of memory?):\n{stderr}",
        libc::WTERMSIG(status)
    );
    let code = libc::WEXITSTATUS(status);
    assert!(
        code != 101 && code != 70,
        "`meetdeck {shown}` panicked (exit {code}):\n{stderr}"
    );
    Run {
        args: shown,
        code,
        stderr,
        elapsed,
        peak_rss_mib: usage.ru_maxrss as f64 / 1024.0,
    }
}

fn os<'a>(args: &[&'a str]) -> Vec<&'a OsStr> {
    args.iter().map(|a| OsStr::new(*a)).collect()
}

/// `meetdeck ARGS...` in `dir` with the ordinary time limit.
fn meetdeck(dir: &Path, args: &[&str]) -> Run {
    run(dir, &os(args), QUICK)
}

impl Run {
    /// A successful run; returns its warning lines.
    fn ok(&self) -> Vec<&str> {
        assert_eq!(
            self.code, 0,
            "`meetdeck {}` failed:\n{}",
            self.args, self.stderr
        );
        self.stderr
            .lines()
            .filter(|l| l.starts_with("warning: "))
            .collect()
    }

    /// A failed run: exit 1 (2 for an impossible command line) and exactly one line,
    /// `meetdeck: ...`. Returns it.
    fn error_line(&self) -> &str {
        assert!(
            matches!(self.code, 1 | 2),
            "`meetdeck {}` should fail:\n{}",
            self.args,
            self.stderr
        );
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "`meetdeck {}`: one line expected:\n{}",
            self.args,
            self.stderr
        );
        assert!(lines[0].starts_with("meetdeck: "), "{}", lines[0]);
        lines[0]
    }

    /// Asserts the run stayed within the limits of a huge input; prints what it took.
    fn bounded(&self, what: &str) {
        self.bounded_by(what, MAX_RSS_MIB);
    }

    fn bounded_by(&self, what: &str, max_rss_mib: f64) {
        eprintln!(
            "{what}: exit {}, {:.2} s, peak RSS {:.0} MiB",
            self.code,
            self.elapsed.as_secs_f64(),
            self.peak_rss_mib
        );
        assert!(
            self.peak_rss_mib < max_rss_mib,
            "{what}: peak RSS {:.0} MiB",
            self.peak_rss_mib
        );
        assert!(self.elapsed < SLOW, "{what}: {:?}", self.elapsed);
    }
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The slides of a deck: from `<div class="slides">` to the runtime script.
fn slides_html(deck: &str) -> &str {
    let start = deck
        .find("<div class=\"slides\">")
        .expect("slides container");
    let end = deck[start..]
        .find("<script id=\"meetdeck-runtime\">")
        .map_or(deck.len(), |i| start + i);
    &deck[start..end]
}

/// Asserts `deck` is a whole page: doctype to `</html>`, the slides container, the runtime.
fn assert_whole_deck(deck: &str, what: &str) {
    assert!(
        deck.trim_start()
            .to_ascii_lowercase()
            .starts_with("<!doctype html"),
        "{what}: no doctype"
    );
    assert!(deck.trim_end().ends_with("</html>"), "{what}: cut short");
    assert!(deck.contains("<div class=\"slides\">"), "{what}: no slides");
    assert!(deck.contains("meetdeck-runtime"), "{what}: no runtime");
}

fn copy_fixture(name: &str, dir: &Path) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(Path::new(FIXTURES).join(name), &to).unwrap();
    to
}

// ---------------------------------------------------------------------------------------
// Text encodings

#[test]
fn every_encoding_with_a_bom_and_every_line_ending_reads_the_same_text() {
    let tmp = tempfile::tempdir().unwrap();
    for name in [
        "weekly-utf8-bom.md",
        "weekly-utf16le.md",
        "weekly-utf16be.md",
        "weekly-crlf.md",
        "weekly-cr.md",
    ] {
        copy_fixture(name, tmp.path());
        let result = meetdeck(tmp.path(), &["build", name]);
        assert_eq!(result.ok(), Vec::<&str>::new(), "{name}: no warning");
        assert!(
            result.stderr.contains("(3 slides,"),
            "{name}: {}",
            result.stderr
        );
        let deck = std::fs::read_to_string(tmp.path().join(name).with_extension("html")).unwrap();
        assert_whole_deck(&deck, name);
        let slides = slides_html(&deck);
        for expected in [
            "<h1 class=\"deck-title\">周会 Weekly</h1>",
            "<h2 class=\"slide-title\" id=\"议程-agenda\">议程 Agenda</h2>",
            "<li>第一项 first</li>",
            "<li>第二项 second</li>",
            "<h2 class=\"slide-title\" id=\"决定-decisions\">决定 Decisions</h2>",
            "<p>文本 text ✓</p>",
        ] {
            assert!(
                slides.contains(expected),
                "{name}: {expected} missing:\n{slides}"
            );
        }
        for bad in ['\u{feff}', '\r', '\0', '\u{fffd}'] {
            assert!(!deck.contains(bad), "{name}: {bad:?} in the deck");
        }
        assert!(
            !deck.contains("ï»¿") && !deck.contains("å"),
            "{name}: mojibake"
        );
    }
}

#[test]
fn other_encodings_are_refused_by_name_with_file_and_line() {
    let tmp = tempfile::tempdir().unwrap();
    for (name, message) in [
        (
            "weekly-gbk.md",
            "weekly-gbk.md:1: the note is not valid UTF-8 (it looks like GBK/GB18030); \
             save it as UTF-8",
        ),
        (
            "weekly-utf16le-no-bom.md",
            "weekly-utf16le-no-bom.md:1: the note looks like UTF-16LE without a byte order \
             mark; save it as UTF-8",
        ),
        (
            // Invalid UTF-8 that is not GBK either (Latin-1 "é"): the line and that guess.
            "latin1.md",
            "latin1.md:5: the note is not valid UTF-8 (it looks like Latin-1/Windows-1252); \
             save it as UTF-8",
        ),
    ] {
        copy_fixture(name, tmp.path());
        let result = meetdeck(tmp.path(), &["build", name]);
        assert_eq!(result.error_line(), format!("meetdeck: {message}"));
        assert_eq!(listing(tmp.path()), [name], "{name}: nothing written");
        std::fs::remove_file(tmp.path().join(name)).unwrap();
        // `check` reports the same error.
        copy_fixture(name, tmp.path());
        let check = Command::new(env!("CARGO_BIN_EXE_meetdeck"))
            .args(["check", name])
            .current_dir(tmp.path())
            .output()
            .expect("run meetdeck check");
        assert_eq!(check.status.code(), Some(1));
        // As a finding of kind `unreadable` on stdout, at the same file and line.
        let stdout = String::from_utf8_lossy(&check.stdout);
        let (place, what) = message.split_once(": ").unwrap();
        assert!(
            stdout.contains(&format!("{place}: error: {what} [unreadable]")),
            "{stdout}"
        );
        std::fs::remove_file(tmp.path().join(name)).unwrap();
    }
}

// ---------------------------------------------------------------------------------------
// Weird inputs: never a panic; an error is one line naming the note; a deck is whole.

fn weird_notes() -> Vec<(&'static str, Vec<u8>)> {
    let mut notes: Vec<(&'static str, Vec<u8>)> = vec![
        ("empty", b"".to_vec()),
        ("only-bom", b"\xef\xbb\xbf".to_vec()),
        ("half-bom", b"\xef\xbb# T\n".to_vec()),
        ("utf16-empty", b"\xff\xfe".to_vec()),
        ("utf16-odd", b"\xff\xfe#\x00 ".to_vec()),
        ("utf16-lone-surrogate", b"\xff\xfe#\x00\x00\xd8\n\x00".to_vec()),
        ("utf8-surrogate", b"# T\n\xed\xa0\x80\n".to_vec()),
        ("utf8-overlong", b"# T\n\xc0\xaf\n".to_vec()),
        ("nul-bytes", b"# a\0b\n\n\0\0\0 text \0\n".to_vec()),
        ("whitespace-only", b"\n\n \t \n\x0b\x0c\n".to_vec()),
        ("cr-only-mess", b"\r\r\r# T\r\r\n\n\r## S\r- a\r\r\n".to_vec()),
        ("front-unclosed", b"---\ntitle: x\n".to_vec()),
        ("front-empty", b"---\n---\n# T\n".to_vec()),
        ("front-level-99", b"---\nslide-level: 99\n---\n# T\n## S\n".to_vec()),
        ("front-level-0", b"---\nslide-level: 0\n---\n# T\n## S\n".to_vec()),
        ("front-level-300", b"---\nslide-level: 300\n---\n# T\n".to_vec()),
        ("front-level-neg", b"---\nslide-level: -1\n---\n# T\n".to_vec()),
        ("front-title-list", b"---\ntitle: [1, 2]\n---\n".to_vec()),
        ("front-binary-tag", b"---\ntitle: !!binary aGVsbG8=\n---\n".to_vec()),
        (
            "front-bad-values",
            "---\ndate: 0000-99-99\ntime: 25:99-99:99\nend: \"99:99\"\nlink: \"\"\n\
             theme: default\nlang: \"\\u0000\"\nmeeting-id: 💥\n---\n# T\n"
                .as_bytes()
                .to_vec(),
        ),
        ("toml-bad", b"+++\ntitle = \n+++\n".to_vec()),
        ("toml-array-table", b"+++\n[[a]]\nb = 1\n+++\n# T\n".to_vec()),
        ("toml-deep", {
            let mut t = b"+++\nx = ".to_vec();
            t.extend(std::iter::repeat_n(b'[', 5000));
            t.extend(std::iter::repeat_n(b']', 5000));
            t.extend(b"\n+++\n# T\n");
            t
        }),
        ("comment-unclosed", b"<!--\n * @Author: x\n# T\n".to_vec()),
        ("notes-unclosed", b"# T\n## S\n<!-- notes: unclosed\n".to_vec()),
        // Found by cargo-fuzz: `<!-->` panicked (subtract with overflow) in debug builds.
        ("abrupt-comments", b"# T\n\n<!-->\n\ntext <!---> more\n<!-->".to_vec()),
        // Found by proptest: `<!-->` first panicked in release builds too.
        ("abrupt-comment-first", b"<!-->\n# T\n".to_vec()),
        ("abrupt-comment-after-front", b"---\ntitle: x\n---\n<!--->\n## S\n".to_vec()),
        ("notes-with-script", b"# T\n## S\n<!-- notes: <script>x</script> -->\n".to_vec()),
        ("seven-hashes", b"####### seven\n# \n##\n### \n".to_vec()),
        ("handlebars", b"# {{title}}\n## {{#each stacks}}\n{{{body}}} {{> partial}} {{/if}}\n".to_vec()),
        (
            "join-garbage",
            "## 时间\n\n```\n会议主题：\n会议时间：2023/13/45 25:99-99:99 (GMT+99:00)\n\
             点击链接入会：javascript:alert(1)\n#腾讯会议：\n```\n"
                .as_bytes()
                .to_vec(),
        ),
        (
            "join-huge-link",
            format!(
                "## Join\n\n```\n会议主题：x\n点击链接入会：https://m.example/{}\n```\n",
                "a".repeat(10_000)
            )
            .into_bytes(),
        ),
        (
            "odd-images",
            b"# T\n## S\n![](<>) ![]() ![a](/) ![b](.) ![c](..) ![d](%ff%fe.png) ![e](~/.ssh/id_rsa)\n\
              ![f](\\\\server\\share\\x.png) ![g](C:\\x.png) ![h](data:) ![i](data:image/png;base64,!!!)\n\
              <img src> <img src=\"\"> <img src='%00.png'> <img src=\"a.png\" src=\"b.png\">\n\
              ![j](a.png?x=1#y) ![k](./././a.png) ![l](//evil/x.png) ![m](FILE:///etc/passwd)\n"
                .to_vec(),
        ),
        (
            "long-src",
            format!("# T\n![x]({}.png)\n![y]({}.png)\n", "a".repeat(5000), "b/".repeat(3000))
                .into_bytes(),
        ),
        (
            "bidi-zero-width",
            "# \u{202e}evil\u{200b}\u{2066}\n## \u{200d}\u{fe0f}\n\u{0301}\u{0301}\n".as_bytes().to_vec(),
        ),
        ("footnote-loop", b"# T\n## S\nx[^1] y[^2]\n\n[^1]: [^2]\n[^2]: [^1]\n".to_vec()),
        ("raw-html-breakout", b"# T\n## S\n</section></div></div><section>\n\n## Next\n".to_vec()),
    ];
    // Pathological nesting and repetition (kept small: the limits test has the big ones).
    let mut blockquotes = "> ".repeat(5000);
    blockquotes.push_str("deep\n");
    notes.push(("blockquotes-5000", blockquotes.into_bytes()));
    notes.push(("brackets", "[".repeat(50_000).into_bytes()));
    notes.push(("emphasis", "*_".repeat(30_000).into_bytes()));
    notes.push(("backticks", "`".repeat(20_000).into_bytes()));
    notes.push(("links", "[a](".repeat(20_000).into_bytes()));
    let mut table = "|a".repeat(1000);
    table.push_str("|\n");
    table.push_str(&"|-".repeat(1000));
    table.push_str("|\n");
    table.push_str(&"|1".repeat(1000));
    table.push_str("|\n");
    notes.push(("table-1000-cols", table.into_bytes()));
    notes.push(("long-line", "word ".repeat(200_000).into_bytes()));
    notes.push((
        "headings-only",
        "## a\n### b\n#### c\n".repeat(300).into_bytes(),
    ));
    notes
}

#[test]
fn weird_inputs_never_panic_and_fail_in_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    std::fs::create_dir(&dir).unwrap();
    let mut summary = String::new();
    for (name, bytes) in weird_notes() {
        let file = format!("{name}.md");
        std::fs::write(dir.join(&file), &bytes).unwrap();
        let deck_path = dir.join(format!("{name}.html"));
        for extra in [&[][..], &["--sanitize", "--slide-level", "1"][..]] {
            let mut args = vec!["build", file.as_str()];
            args.extend_from_slice(extra);
            let result = meetdeck(&dir, &args);
            match result.code {
                0 => {
                    let deck = std::fs::read_to_string(&deck_path).unwrap();
                    assert_whole_deck(&deck, name);
                    std::fs::remove_file(&deck_path).unwrap();
                }
                1 => {
                    let line = result.error_line();
                    assert!(
                        line.starts_with(&format!("meetdeck: {file}")),
                        "{name}: the error names the note: {line}"
                    );
                    assert!(!deck_path.exists(), "{name}: a deck after an error");
                }
                code => panic!("{name}: exit {code}:\n{}", result.stderr),
            }
            if extra.is_empty() {
                let outcome = match result.code {
                    0 => "ok".to_string(),
                    _ => result.error_line().to_string(),
                };
                writeln!(summary, "  {name}: {outcome}").unwrap();
            }
        }
        let check = meetdeck(&dir, &["check", &file]);
        assert!(check.code <= 1, "check {name}: exit {}", check.code);
    }
    eprintln!("weird inputs:\n{summary}");
    // The whole folder at once (notes in parallel), then `new` on it.
    let out = tmp.path().join("out");
    let batch = run(
        tmp.path(),
        &[
            OsStr::new("build"),
            dir.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
        ],
        SLOW,
    );
    assert!(batch.code <= 1, "{}", batch.stderr);
    assert!(batch.stderr.contains("failed in"), "{}", batch.stderr);
    let new = meetdeck(&dir, &["new"]);
    // 2: `new` in a folder without a dated note is refused as a usage error; never a panic.
    assert!(new.code <= 2, "{}", new.stderr);
}

// ---------------------------------------------------------------------------------------
// Confinement: nothing from outside the notes' root, nothing that is not an image.

const FAKE_KEY: &str = "-----BEGIN OPENSSH PRIVATE KEY-----\n\
    b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ-meetdeck-test-fake-key-0123456789\n\
    -----END OPENSSH PRIVATE KEY-----\n";

/// A notes repo `root/` (with `meetdeck.toml`) beside an `outside/` folder of secrets.
struct Repo {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    /// Bytes that must never appear in a deck, by name.
    secrets: Vec<(&'static str, Vec<u8>)>,
    /// An image inside the root, which must be embedded.
    ok_png: Vec<u8>,
}

/// `(line, src, reason)` of every refused image of [`CONFINEMENT_NOTE`].
fn refusals(outside: &Path) -> Vec<(usize, String, &'static str)> {
    let o = outside.display();
    vec![
        (
            6,
            "../../outside/real.png".into(),
            "outside the notes' root",
        ),
        (7, format!("{o}/real.png"), "outside the notes' root"),
        (8, "../images/link.png".into(), "outside the notes' root"),
        (
            9,
            "../images/dirlink/real.png".into(),
            "outside the notes' root",
        ),
        (
            10,
            "%2e%2e/%2e%2e/outside/real.png".into(),
            "outside the notes' root",
        ),
        (11, "../images/fake.png".into(), "not an image"),
        (12, "../images/id_rsa.png".into(), "not an image"),
        (13, "/etc/passwd".into(), "outside the notes' root"),
        (14, "file:///etc/passwd".into(), "image URL not supported"),
        (
            15,
            "../../outside/id_rsa.png".into(),
            "outside the notes' root",
        ),
        (
            16,
            "../images/../../outside/real.png".into(),
            "outside the notes' root",
        ),
    ]
}

const CONFINEMENT_NOTE: &str = "# Confinement

## Images

![ok](../images/ok.png)
![up](../../outside/real.png)
![abs](OUTSIDE/real.png)
![symlink](../images/link.png)
![dirlink](../images/dirlink/real.png)
![encoded](%2e%2e/%2e%2e/outside/real.png)
![text](../images/fake.png)
![key](../images/id_rsa.png)
![passwd](/etc/passwd)
![url](file:///etc/passwd)
<img src=\"../../outside/id_rsa.png\" width=\"100\">
<img src='../images/../../outside/real.png'>
";

fn repo() -> Repo {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    let outside = tmp.path().join("outside");
    for dir in [root.join("notes"), root.join("images"), outside.clone()] {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(root.join("meetdeck.toml"), "").unwrap();
    let real_png = std::fs::read(Path::new(IMAGES).join("Chart.PNG")).unwrap();
    let ok_png = std::fs::read(Path::new(IMAGES).join("team photo.png")).unwrap();
    assert_ne!(real_png, ok_png);
    let fake_png = b"This is not a PNG at all, it is text: SECRET-TEXT-6d1f\n".to_vec();
    std::fs::write(outside.join("real.png"), &real_png).unwrap();
    std::fs::write(outside.join("id_rsa.png"), FAKE_KEY).unwrap();
    std::fs::write(root.join("images/ok.png"), &ok_png).unwrap();
    std::fs::write(root.join("images/fake.png"), &fake_png).unwrap();
    std::fs::write(root.join("images/id_rsa.png"), FAKE_KEY).unwrap();
    std::os::unix::fs::symlink(outside.join("real.png"), root.join("images/link.png")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("images/dirlink")).unwrap();
    let note = CONFINEMENT_NOTE.replace("OUTSIDE", &outside.display().to_string());
    std::fs::write(root.join("notes/note.md"), note).unwrap();
    let passwd = std::fs::read("/etc/passwd").unwrap_or_default();
    Repo {
        _tmp: tmp,
        root,
        secrets: vec![
            ("real.png outside the root", real_png),
            ("fake.png (text)", fake_png),
            ("id_rsa.png (a private key)", FAKE_KEY.as_bytes().to_vec()),
            ("/etc/passwd", passwd),
        ],
        ok_png,
    }
}

/// Every `base64,` payload of `html`, decoded.
fn data_uri_payloads(html: &str) -> Vec<Vec<u8>> {
    let engine = base64::engine::general_purpose::STANDARD;
    html.match_indices("base64,")
        .filter_map(|(at, tag)| {
            let rest = &html[at + tag.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=')))
                .unwrap_or(rest.len());
            engine.decode(&rest[..end]).ok()
        })
        .collect()
}

/// The base64 text of `bytes` as it would appear at any of the three alignments.
fn base64_forms(bytes: &[u8]) -> Vec<String> {
    let engine = base64::engine::general_purpose::STANDARD;
    (0..3.min(bytes.len()))
        .map(|skip| {
            let text = engine.encode(&bytes[skip..]);
            // Drop the last block, whose padding depends on what follows.
            text[..text.len().saturating_sub(4).min(64)].to_string()
        })
        .filter(|t| t.len() >= 16)
        .collect()
}

/// Asserts none of `secrets` is in `deck`: raw, base64 at any alignment, or inside a
/// decoded data URI.
fn assert_no_secret(deck: &[u8], secrets: &[(&str, Vec<u8>)]) {
    let html = String::from_utf8_lossy(deck);
    let payloads = data_uri_payloads(&html);
    for (name, secret) in secrets {
        if secret.is_empty() {
            continue;
        }
        let probe = &secret[..secret.len().min(48)];
        assert!(
            !deck.windows(probe.len()).any(|w| w == probe),
            "{name} is in the deck as it is"
        );
        for form in base64_forms(secret) {
            assert!(!html.contains(&form), "{name} is in the deck as base64");
        }
        for payload in &payloads {
            assert!(
                !payload.windows(probe.len()).any(|w| w == probe),
                "{name} is inside a data URI"
            );
        }
    }
    assert!(!html.contains("PRIVATE KEY"));
    assert!(!html.contains("root:x:0:0"));
}

#[test]
fn images_from_outside_the_root_or_not_images_are_refused_and_absent_from_the_deck() {
    let repo = repo();
    let outside = repo.root.parent().unwrap().join("outside");
    let result = meetdeck(&repo.root, &["build", "notes/note.md", "-o", "deck.html"]);
    let warnings = result.ok();
    let expected = refusals(&outside);
    for (line, src, reason) in &expected {
        let prefix = format!("warning: notes/note.md:{line}: ");
        let warning = warnings
            .iter()
            .find(|w| w.starts_with(&prefix))
            .unwrap_or_else(|| panic!("no warning for line {line}:\n{}", result.stderr));
        assert!(
            warning.contains(reason)
                && (warning.ends_with(src.as_str()) || warning.ends_with(&format!("{src}{HINT}"))),
            "line {line}: {warning}"
        );
    }
    assert_eq!(warnings.len(), expected.len(), "{}", result.stderr);

    let deck = std::fs::read(repo.root.join("deck.html")).unwrap();
    let html = String::from_utf8_lossy(&deck);
    assert_whole_deck(&html, "confinement");
    // The placeholders are visible, and the image inside the root is embedded: the search
    // below would find an embedded file.
    let placeholders = html.matches("class=\"missing-image\"").count();
    assert_eq!(placeholders, expected.len(), "one placeholder per refusal");
    assert!(
        data_uri_payloads(&html).contains(&repo.ok_png),
        "ok.png embedded"
    );
    assert_no_secret(&deck, &repo.secrets);
}

#[test]
fn root_option_narrows_the_confinement() {
    let repo = repo();
    let result = meetdeck(
        &repo.root,
        &[
            "build",
            "notes/note.md",
            "-o",
            "deck.html",
            "--root",
            "notes",
        ],
    );
    let warnings = result.ok();
    assert!(
        warnings.iter().any(|w| {
            w == &format!(
                "warning: notes/note.md:5: image outside the notes' root refused: \
                 ../images/ok.png{HINT}"
            )
        }),
        "{}",
        result.stderr
    );
    let deck = std::fs::read(repo.root.join("deck.html")).unwrap();
    let mut secrets = repo.secrets.clone();
    secrets.push(("ok.png, outside --root", repo.ok_png.clone()));
    assert_no_secret(&deck, &secrets);
}

#[test]
fn strict_fails_on_the_first_refusal_and_writes_no_deck() {
    let repo = repo();
    // An older deck stays as it was.
    std::fs::write(repo.root.join("deck.html"), "old deck").unwrap();
    let result = meetdeck(
        &repo.root,
        &["build", "notes/note.md", "-o", "deck.html", "--strict"],
    );
    assert_eq!(
        result.error_line(),
        format!(
            "meetdeck: notes/note.md:6: image outside the notes' root refused: \
             ../../outside/real.png{HINT} (--strict)"
        )
    );
    assert_eq!(
        std::fs::read_to_string(repo.root.join("deck.html")).unwrap(),
        "old deck"
    );
    assert_eq!(
        listing(&repo.root),
        ["deck.html", "images", "meetdeck.toml", "notes"]
    );
    let fresh = meetdeck(&repo.root, &["build", "notes/note.md", "--strict"]);
    fresh.error_line();
    assert!(!repo.root.join("notes/note.html").exists());
}

// ---------------------------------------------------------------------------------------
// --sanitize

#[test]
fn sanitize_removes_scripts_handlers_and_javascript_urls_and_the_deck_still_works() {
    let tmp = tempfile::tempdir().unwrap();
    copy_fixture("xss.md", tmp.path());
    let raw = meetdeck(tmp.path(), &["build", "xss.md", "-o", "raw.html"]);
    raw.ok();
    let clean = meetdeck(
        tmp.path(),
        &["build", "xss.md", "-o", "clean.html", "--sanitize"],
    );
    clean.ok();
    let raw_deck = std::fs::read_to_string(tmp.path().join("raw.html")).unwrap();
    let deck = std::fs::read_to_string(tmp.path().join("clean.html")).unwrap();
    // By default the note's HTML passes through (the test would see a payload)...
    assert!(raw_deck.contains("__pwned"));
    // ...with --sanitize none is left, the content around them is.
    assert_whole_deck(&deck, "sanitized");
    assert!(!deck.contains("__pwned"), "{}", slides_html(&deck));
    let slides = slides_html(&deck).to_ascii_lowercase();
    for bad in [
        "<script",
        "javascript:",
        "onerror",
        "onclick",
        "onload",
        "ontoggle",
        "<iframe",
        "<object",
        "formaction",
    ] {
        assert!(!slides.contains(bad), "{bad} left in the slides");
    }
    for kept in [
        "hover me",
        "mixed case",
        "The last slide, <strong>kept</strong>.",
    ] {
        assert!(deck.contains(kept), "{kept} missing");
    }
    assert!(clean.stderr.contains("(3 slides,"), "{}", clean.stderr);

    // In a browser: the unsanitized deck runs a payload, the sanitized one none, and works.
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let page = browser.new_page(1280, 720).unwrap();
    page.goto(&cdp::file_url(&tmp.path().join("raw.html")))
        .unwrap();
    page.eval("window.meetdeck.ready").unwrap();
    let pwned = page.eval("window.__pwned || null").unwrap();
    assert!(pwned.is_string(), "the raw deck runs its script: {pwned}");

    let page = browser.new_page(1280, 720).unwrap();
    page.goto(&cdp::file_url(&tmp.path().join("clean.html")))
        .unwrap();
    let total = page
        .eval("window.meetdeck.ready.then(() => meetdeck.total())")
        .unwrap();
    assert!(total.as_u64().unwrap() >= 3, "total {total}");
    // Walk every slide (and hover and click everything) so handlers would have fired.
    page.eval(
        "(async () => { for (let h = 0; h < meetdeck.total(); h++) { meetdeck.go(h, 0); \
         await new Promise(r => setTimeout(r, 30)); } \
         document.querySelectorAll('.slides *').forEach(e => { \
         e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); \
         if (e.tagName !== 'A') e.click(); }); \
         await new Promise(r => setTimeout(r, 100)); })()",
    )
    .unwrap();
    assert_eq!(
        page.eval("window.__pwned || null").unwrap(),
        serde_json::Value::Null
    );
    assert_eq!(page.js_errors(), Vec::<String>::new());
}

// ---------------------------------------------------------------------------------------
// Limits: huge notes and image bombs take bounded time and memory.

fn build_bounded(dir: &Path, note: &str, what: &str) -> Run {
    let result = run(dir, &os(&["build", note, "-o", "deck.html"]), KILL_AFTER);
    result.bounded(what);
    result
}

#[test]
fn a_50_mb_note_is_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut note = String::with_capacity(51 << 20);
    note.push_str("# Fifty megabytes\n\n");
    let paragraph = "A paragraph with **bold**, `code`, a [link](https://example.org/) and \
                     中文文本，没有空格。 More words to make the line long enough to wrap.\n";
    let mut section = 0;
    while note.len() < 50 << 20 {
        section += 1;
        writeln!(note, "## Section {section}\n").unwrap();
        for _ in 0..10 {
            note.push_str(paragraph);
            note.push('\n');
        }
        note.push_str("- one\n- two\n  - nested\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n");
    }
    std::fs::write(tmp.path().join("big.md"), &note).unwrap();
    drop(note);
    // Dense markup: ~6 million Markdown events, held by the slides (~100 bytes each) while
    // the parser's tree of the note is alive: about 0.9 GiB at the peak, 83 MB of deck.
    let result = run(
        tmp.path(),
        &os(&["build", "big.md", "-o", "deck.html"]),
        KILL_AFTER,
    );
    result.bounded_by("50 MB note", 1280.0);
    result.ok();
    assert!(
        result.stderr.contains(&format!("({} slides,", section + 1)),
        "{}",
        result.stderr
    );
}

#[test]
fn a_hundred_thousand_headings_are_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut note = String::from("# Headings\n\n");
    for i in 0..100_000 {
        let level = if i % 3 == 2 { "###" } else { "##" };
        writeln!(note, "{level} Heading {i}").unwrap();
    }
    std::fs::write(tmp.path().join("headings.md"), &note).unwrap();
    let result = build_bounded(tmp.path(), "headings.md", "100,000 headings");
    result.ok();
    assert!(
        result.stderr.contains("(100001 slides,"),
        "{}",
        result.stderr
    );
}

#[test]
fn lists_and_quotes_nested_a_thousand_deep_are_bounded_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let mut note = String::from("# Deep\n\n## List\n\n");
    for depth in 0..1000 {
        writeln!(note, "{}- level {depth}", "  ".repeat(depth)).unwrap();
    }
    note.push_str("\n## Quote\n\n");
    note.push_str(&"> ".repeat(1000));
    note.push_str("bottom\n");
    std::fs::write(tmp.path().join("deep.md"), &note).unwrap();
    let result = build_bounded(tmp.path(), "deep.md", "1,000-deep list and quote");
    result.ok();
    let deck = std::fs::read_to_string(tmp.path().join("deck.html")).unwrap();
    let slides = slides_html(&deck);
    assert!(slides.contains("level 999"));
    assert_eq!(slides.matches("<ul>").count(), 1000, "the nesting is kept");
    assert_eq!(slides.matches("<blockquote>").count(), 1000);
}

/// CRC-32 (IEEE) of `bytes`, bit by bit (PNG chunks).
fn crc32(parts: &[&[u8]]) -> u32 {
    let mut crc = !0u32;
    for &byte in parts.iter().flat_map(|p| p.iter()) {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zlib stream of `len` zero bytes, deflated with fixed Huffman codes: a literal 0, then
/// matches of 258 bytes at distance 1 (13 bits each), then literals.
fn zlib_zeros(len: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u32, count: u32) {
            self.acc |= u64::from(value) << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// A Huffman code, most significant bit first.
        fn code(&mut self, code: u32, count: u32) {
            let reversed = code.reverse_bits() >> (32 - count);
            self.put(reversed, count);
        }
    }
    let mut bits = Bits {
        out: vec![0x78, 0x01],
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE = fixed Huffman
    let literal_zero = |bits: &mut Bits| bits.code(0x30, 8);
    let mut left = len;
    if left > 0 {
        literal_zero(&mut bits);
        left -= 1;
    }
    while left >= 258 {
        bits.code(0xC5, 8); // length 258 (symbol 285)
        bits.code(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        literal_zero(&mut bits);
    }
    bits.code(0, 7); // end of block
    if bits.n > 0 {
        bits.out.push(bits.acc as u8);
    }
    // Adler-32 of zeros: a stays 1, b counts the bytes.
    let adler = (((len % 65521) as u32) << 16) | 1;
    bits.out.extend(adler.to_be_bytes());
    bits.out
}

/// A black 1-bit PNG of `width` x `height`: tiny on disk, huge once decoded.
fn png_bomb(width: u32, height: u32) -> Vec<u8> {
    let row = 1 + (width as usize).div_ceil(8);
    let idat = zlib_zeros(row * height as usize);
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([1, 0, 0, 0, 0]); // 1-bit greyscale, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(&b"IHDR"[..], &ihdr[..]), (b"IDAT", &idat), (b"IEND", &[])] {
        png.extend((data.len() as u32).to_be_bytes());
        png.extend(kind);
        png.extend(data);
        png.extend(crc32(&[kind, data]).to_be_bytes());
    }
    png
}

/// A GIF of `frames` 1x1 frames on a `width` x `height` screen.
fn gif_of_frames(width: u16, height: u16, frames: usize) -> Vec<u8> {
    let mut gif = b"GIF89a".to_vec();
    gif.extend(width.to_le_bytes());
    gif.extend(height.to_le_bytes());
    gif.extend([0x80, 0, 0]); // global colour table of 2 colours
    gif.extend([0, 0, 0, 255, 255, 255]);
    gif.extend(b"\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00"); // loop forever
    for i in 0..frames {
        gif.extend([0x21, 0xf9, 4, 0, 1, 0, 0, 0]); // 10 ms a frame
        gif.push(0x2c);
        gif.extend(((i % usize::from(width.max(1))) as u16).to_le_bytes());
        gif.extend(0u16.to_le_bytes());
        gif.extend(1u16.to_le_bytes());
        gif.extend(1u16.to_le_bytes());
        gif.push(0);
        gif.extend([2, 2, 0x44, 0x01, 0]); // LZW: clear, pixel 0, end
    }
    gif.push(0x3b);
    gif
}

#[test]
fn image_bombs_are_refused_or_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("meetdeck.toml"), "").unwrap();
    let bomb = png_bomb(20_000, 20_000);
    assert!(bomb.len() < 400_000, "{} bytes", bomb.len());
    // Within the dimension limit but 256 MB decoded: the biggest image meetdeck will decode.
    let big = png_bomb(16_000, 16_000);
    let gif = gif_of_frames(640, 480, 1000);
    let gif_bomb = gif_of_frames(20_000, 20_000, 1000);
    std::fs::write(tmp.path().join("bomb.png"), &bomb).unwrap();
    std::fs::write(tmp.path().join("big.png"), &big).unwrap();
    std::fs::write(tmp.path().join("anim.gif"), &gif).unwrap();
    std::fs::write(tmp.path().join("gif-bomb.gif"), &gif_bomb).unwrap();
    for (name, what, refused) in [
        ("bomb.png", "20,000 x 20,000 PNG", true),
        ("big.png", "16,000 x 16,000 PNG", false),
        ("anim.gif", "GIF of 1,000 frames", false),
        ("gif-bomb.gif", "20,000 x 20,000 GIF of 1,000 frames", true),
    ] {
        let note = format!("n-{name}.md");
        std::fs::write(
            tmp.path().join(&note),
            format!("# Bomb\n\n## Image\n\n![x]({name})\n"),
        )
        .unwrap();
        let result = build_bounded(tmp.path(), &note, what);
        let warnings = result.ok();
        let deck = std::fs::read(tmp.path().join("deck.html")).unwrap();
        let bytes = std::fs::read(tmp.path().join(name)).unwrap();
        if refused {
            assert_eq!(
                warnings,
                [format!(
                    "warning: {note}:5: image too large to decode (limit 16384x16384 px, \
                     256 MiB): {name}"
                )],
                "{what}"
            );
            assert_no_secret(&deck, &[(what, bytes)]);
        } else {
            assert_eq!(warnings, Vec::<&str>::new(), "{what}");
            let html = String::from_utf8_lossy(&deck);
            assert!(!slides_html(&html).contains("missing-image"), "{what}");
            assert!(slides_html(&html).contains("src=\"data:image/"), "{what}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Inputs that are not files: refused in one line, never a hang.

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o644) }, 0);
}

#[test]
fn fifos_sockets_and_devices_are_refused_in_one_line_without_hanging() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    mkfifo(&dir.join("pipe.md"));
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("sock.md")).unwrap();
    for (name, kind) in [
        ("pipe.md", "a FIFO"),
        ("sock.md", "a socket"),
        ("/dev/zero", "a device"),
        ("/dev/null", "a device"),
    ] {
        let expected = format!("meetdeck: {name}: not a regular file ({kind}); a note must be one");
        for command in ["build", "check", "pdf", "watch"] {
            let mut args = vec![command, name];
            if command == "watch" {
                args.extend(["--port", "0"]);
            }
            let result = meetdeck(dir, &args);
            if command == "check" {
                // `check` reports an unreadable note as an error finding on stdout (with the
                // same message) and ends with its count of findings; exit 1.
                assert_eq!(result.code, 1, "{}", result.stderr);
                let lines: Vec<&str> = result.stderr.lines().collect();
                assert_eq!(lines, ["1 finding in 1 note"], "{name}");
            } else {
                assert_eq!(result.error_line(), expected, "{command} {name}");
            }
        }
    }
    assert_eq!(listing(dir), ["pipe.md", "sock.md"], "nothing written");
}

#[test]
fn a_folder_with_a_fifo_still_builds_its_other_decks_and_index() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("2024-01-04.md"), "# Weekly\n\n## One\n\ntext\n").unwrap();
    mkfifo(&dir.join("2024-01-11.md"));
    let out = tmp.path().join("out");
    let result = run(
        tmp.path(),
        &[
            OsStr::new("build"),
            dir.as_os_str(),
            OsStr::new("-o"),
            out.as_os_str(),
        ],
        QUICK,
    );
    assert!(result.stderr.contains("2024-01-11.md"), "{}", result.stderr);
    assert!(
        result.stderr.lines().all(|l| !l.is_empty()),
        "{}",
        result.stderr
    );
    let written = listing(&out);
    assert!(
        written.contains(&"2024-01-04.html".to_string()),
        "{written:?}"
    );
    assert!(written.contains(&"index.html".to_string()), "{written:?}");
    assert!(
        !written.contains(&"2024-01-11.html".to_string()),
        "{written:?}"
    );
}

#[test]
fn a_note_over_64_mb_is_refused_before_it_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let file = std::fs::File::create(tmp.path().join("huge.md")).unwrap();
    // Sparse: 64 MB and one byte of zeros without writing them.
    file.set_len((64 << 20) + 1).unwrap();
    let result = run(tmp.path(), &os(&["build", "huge.md"]), QUICK);
    assert_eq!(
        result.error_line(),
        "meetdeck: huge.md: the note is larger than 64 MB; a note may be at most that"
    );
    // No memory bound here: a child's peak RSS from wait4 includes the test process's own
    // peak (posix_spawn shares its memory until exec), which the other tests of this harness
    // raise far above 64 MB. That the size is checked before reading is `note`'s unit test.
    eprintln!(
        "64 MB + 1 note: refused in {:.2} s",
        result.elapsed.as_secs_f64()
    );
    assert_eq!(listing(tmp.path()), ["huge.md"]);
}

// ---------------------------------------------------------------------------------------
// Output: a clear line, no partial or temporary file, an older deck kept.

#[test]
fn unwritable_output_paths_fail_in_one_line_and_leave_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::write(dir.join("note.md"), "# T\n\n## S\n\ntext\n").unwrap();
    std::fs::write(dir.join("afile"), "a regular file").unwrap();
    std::fs::create_dir(dir.join("adir")).unwrap();
    std::os::unix::fs::symlink("note.md", dir.join("alias.md")).unwrap();
    let before = listing(dir);

    // A folder that cannot exist (its "parent" is a regular file): running as root, a
    // chmod 555 folder would still be writable.
    let result = meetdeck(dir, &["build", "note.md", "-o", "afile/deck.html"]);
    assert_eq!(
        result.error_line(),
        "meetdeck: afile: Not a directory (os error 20)"
    );
    // A missing folder.
    let result = meetdeck(dir, &["build", "note.md", "-o", "nowhere/deck.html"]);
    assert_eq!(
        result.error_line(),
        "meetdeck: nowhere: No such file or directory (os error 2)"
    );
    // A directory.
    let result = meetdeck(dir, &["build", "note.md", "-o", "adir"]);
    assert_eq!(
        result.error_line(),
        "meetdeck: adir: the output path is a directory"
    );
    assert_eq!(listing(&dir.join("adir")), Vec::<String>::new());
    // The note itself, however it is spelt.
    for spelling in ["note.md", "./note.md", "adir/../note.md", "alias.md"] {
        let result = meetdeck(dir, &["build", "note.md", "-o", spelling]);
        assert_eq!(result.code, 2, "a usage error: {}", result.stderr);
        assert_eq!(
            result.error_line(),
            format!(
                "meetdeck: {spelling}: the output would overwrite the note itself; \
                 choose another -o"
            )
        );
    }
    assert_eq!(
        std::fs::read_to_string(dir.join("note.md")).unwrap(),
        "# T\n\n## S\n\ntext\n"
    );
    assert_eq!(listing(dir), before, "no deck, no temporary file");
}

/// A copy of `/dev/full` in a temp folder (mknod needs root; skipped otherwise).
#[test]
fn a_full_device_as_output_is_an_error_and_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("note.md"), "# T\n").unwrap();
    let full = tmp.path().join("full");
    let c_path = std::ffi::CString::new(full.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string; makes a character device node like /dev/full (1, 7).
    let made = unsafe { libc::mknod(c_path.as_ptr(), libc::S_IFCHR | 0o666, libc::makedev(1, 7)) };
    if made != 0 {
        eprintln!("skipped: mknod: {}", std::io::Error::last_os_error());
        return;
    }
    let result = meetdeck(tmp.path(), &["build", "note.md", "-o", "full"]);
    assert_eq!(
        result.error_line(),
        "meetdeck: full: No space left on device (os error 28)"
    );
    let kind = std::fs::symlink_metadata(&full).unwrap().file_type();
    assert!(kind.is_char_device(), "the device was replaced");
    assert_eq!(listing(tmp.path()), ["full", "note.md"]);
}

/// A 64 KiB tmpfs (mount needs root; skipped otherwise).
struct SmallDisk(PathBuf);

impl SmallDisk {
    fn mount(dir: &Path) -> Option<SmallDisk> {
        std::fs::create_dir(dir).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=64k", "meetdeck-test"])
            .arg(dir)
            .stderr(Stdio::piped())
            .output();
        match status {
            Ok(out) if out.status.success() => Some(SmallDisk(dir.to_path_buf())),
            Ok(out) => {
                eprintln!(
                    "skipped: mount tmpfs: {}",
                    String::from_utf8_lossy(&out.stderr).trim()
                );
                None
            }
            Err(e) => {
                eprintln!("skipped: mount: {e}");
                None
            }
        }
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_in_one_line_and_keeps_the_older_deck() {
    let tmp = tempfile::tempdir().unwrap();
    let Some(disk) = SmallDisk::mount(&tmp.path().join("disk")) else {
        return;
    };
    let mut note = String::from("# Full disk\n\n## Text\n\n");
    while note.len() < 300_000 {
        note.push_str("Words that will not fit on a 64 KiB disk, whatever the deck adds.\n\n");
    }
    std::fs::write(tmp.path().join("note.md"), &note).unwrap();
    std::fs::write(disk.0.join("deck.html"), "old deck").unwrap();
    let result = meetdeck(tmp.path(), &["build", "note.md", "-o", "disk/deck.html"]);
    assert_eq!(
        result.error_line(),
        "meetdeck: disk/deck.html: No space left on device (os error 28)"
    );
    assert_eq!(listing(&disk.0), ["deck.html"], "no temporary file left");
    assert_eq!(
        std::fs::read_to_string(disk.0.join("deck.html")).unwrap(),
        "old deck"
    );
}

// ---------------------------------------------------------------------------------------
// Names: control characters in a file name are printed escaped, every message one line.

#[test]
fn a_name_with_a_newline_is_printed_escaped_on_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("notes");
    std::fs::create_dir(&dir).unwrap();
    let name = "evil\nname\u{1b}[31m.md";
    std::fs::write(dir.join(name), "# T\n\n## S\n\n![gone](missing.png)\n").unwrap();
    let shown = "evil\\nname\\u{1b}[31m";
    // One note: its warning and the line naming the deck.
    let result = run(&dir, &[OsStr::new("build"), OsStr::new(name)], QUICK);
    let warnings = result.ok();
    assert_eq!(warnings.len(), 1, "{}", result.stderr);
    assert!(
        warnings[0].starts_with(&format!("warning: {shown}.md:5: ")),
        "{}",
        warnings[0]
    );
    let wrote: Vec<&str> = result
        .stderr
        .lines()
        .filter(|l| l.starts_with("wrote "))
        .collect();
    assert_eq!(wrote.len(), 1, "{}", result.stderr);
    assert!(
        wrote[0].starts_with(&format!("wrote {shown}.html (")),
        "{}",
        wrote[0]
    );
    assert_eq!(result.stderr.lines().count(), 2, "{}", result.stderr);
    assert!(!result.stderr.contains('\u{1b}'), "{:?}", result.stderr);
    // An error about it.
    let result = run(
        &dir,
        &[
            OsStr::new("build"),
            OsStr::new(name),
            OsStr::new("--strict"),
        ],
        QUICK,
    );
    assert!(
        result
            .error_line()
            .starts_with(&format!("meetdeck: {shown}.md:5: ")),
        "{}",
        result.stderr
    );
    // A folder build: every line of its report is whole.
    let result = run(
        tmp.path(),
        &[OsStr::new("build"), OsStr::new("notes")],
        QUICK,
    );
    for line in result.stderr.lines() {
        assert!(
            line.starts_with("warning: ") || line.contains(" note (") || line.contains(" notes ("),
            "a line cut by the name: {line:?}\n{}",
            result.stderr
        );
    }
    assert!(!result.stderr.contains('\u{1b}'), "{:?}", result.stderr);
}
