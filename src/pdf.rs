//! `meetdeck pdf`: the deck printed to PDF by an installed Chromium/Chrome, one slide a page.
//!
//! The deck's `?print-pdf` mode lays every slide (after the fitting pass) on its own
//! 1280×720 page; headless Chromium prints it. No browser is downloaded: meetdeck uses the
//! one installed, and says how to install one when there is none.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// Environment variable naming the browser binary to use.
pub const BROWSER_ENV: &str = "MEETDECK_CHROME";

/// Browser binaries tried in order, on the `PATH` or as absolute paths.
const CANDIDATES: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    r"C:\Program Files\Google\Chrome\Application\chrome.exe",
    r"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
];

/// Finds an installed Chromium-based browser.
pub fn find_browser() -> Result<PathBuf> {
    if let Some(path) = std::env::var_os(BROWSER_ENV) {
        let path = PathBuf::from(path);
        return if path.is_file() {
            Ok(path)
        } else {
            Err(Error::Browser(format!(
                "{BROWSER_ENV}={} is not a file",
                path.display()
            )))
        };
    }
    CANDIDATES
        .iter()
        .find_map(|name| which(name))
        .ok_or_else(|| {
            Error::Browser(format!(
                "no Chromium or Chrome found to print the PDF; install one \
                 (Debian/Ubuntu: `sudo apt-get install chromium`, macOS: \
                 `brew install --cask chromium`) or set {BROWSER_ENV} to its path"
            ))
        })
}

fn which(name: &str) -> Option<PathBuf> {
    let path = Path::new(name);
    if path.is_absolute() {
        return path.is_file().then(|| path.to_path_buf());
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// Where a PDF may be written: refused before any browser runs when `output` is a folder
/// (or names one, ending in `/`) or its folder does not exist. `-` (stdout) is always fine.
pub fn check_output(output: &Path) -> Result<()> {
    if output == Path::new("-") {
        return Ok(());
    }
    let text = output.as_os_str().to_string_lossy();
    if output.is_dir() || text.ends_with('/') || text.ends_with(std::path::MAIN_SEPARATOR) {
        return Err(Error::Usage(format!(
            "{}: is a folder; -o takes the PDF's file name (e.g. -o {}/deck.pdf)",
            crate::error::shown_path(output),
            text.trim_end_matches(['/', std::path::MAIN_SEPARATOR])
        )));
    }
    if let Some(parent) = output.parent().filter(|p| !p.as_os_str().is_empty()) {
        if !parent.is_dir() {
            return Err(Error::Usage(format!(
                "{}: no such folder to write {} into",
                crate::error::shown_path(parent),
                crate::error::shown_path(output)
            )));
        }
    }
    Ok(())
}

/// Prints the deck `html` to `output` (`-`: stdout) with `browser`; returns the pages of the
/// PDF written. The deck is printed from a private temporary folder into a temporary file
/// beside `output` (so an unwritable folder fails before the browser runs), then written as
/// a deck is ([`crate::write::write_atomic`]: atomically, with the mode of a new file), so a
/// failed print leaves nothing behind. No message names a temporary path: they name
/// `output` and the browser.
pub fn print_to_pdf(browser: &Path, html: &str, output: &Path) -> Result<usize> {
    check_output(output)?;
    let work = tempfile::tempdir()
        .map_err(|e| Error::Browser(format!("creating a temporary folder to print from: {e}")))?;
    // The browser opens the deck from an origin that holds nothing but it: a one-page HTTP
    // server on loopback, for the length of the print, at a path no other page knows. So a
    // note's `<iframe src="file:///…">` or `<object>` cannot print a file of the disk (an
    // `http:` page may not load `file:` URLs), besides the deck's Content-Security-Policy.
    let server = OnePage::start(html.as_bytes().to_vec())
        .map_err(|e| Error::Browser(format!("cannot serve the deck to print it: {e}")))?;
    let to_stdout = output == Path::new("-");
    let parent = match output.parent() {
        _ if to_stdout => work.path().to_path_buf(),
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let temp = tempfile::Builder::new()
        .prefix(".meetdeck-")
        .suffix(".pdf")
        .tempfile_in(&parent)
        .map_err(|e| Error::io(&parent, e))?;
    let profile = work.path().join("profile");
    let url = format!("{}?print-pdf", server.url);
    let result = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
            // Let the deck's fitting pass run before printing.
            "--virtual-time-budget=10000",
            "--run-all-compositor-stages-before-draw",
        ])
        .args(running_as_root().then_some("--no-sandbox"))
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", temp.path().display()))
        .arg(&url)
        .output()
        .map_err(|e| Error::io(browser, e))?;
    let printed = std::fs::metadata(temp.path()).map(|m| m.len()).unwrap_or(0);
    if !result.status.success() || printed == 0 {
        let stderr = String::from_utf8_lossy(&result.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let last = hide_paths(
            last,
            &[(temp.path(), output), (work.path(), Path::new("…"))],
        );
        return Err(Error::Browser(format!(
            "{}: printing with {} failed ({}): {last}",
            crate::error::shown_path(output),
            browser.display(),
            result.status
        )));
    }
    let bytes = std::fs::read(temp.path()).map_err(|e| Error::io(output, e))?;
    let pages = page_count(&bytes);
    if to_stdout {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        stdout
            .write_all(&bytes)
            .and_then(|()| stdout.flush())
            .map_err(|e| Error::io("stdout", e))?;
    } else {
        // Written as a deck is: atomically, with the mode of any new file (the printed
        // temporary file is private).
        crate::write::write_atomic(output, &bytes)?;
    }
    Ok(pages)
}

/// `text` with each temporary path replaced by what messages call it instead.
fn hide_paths(text: &str, paths: &[(&Path, &Path)]) -> String {
    let mut text = text.to_string();
    for (temp, shown) in paths {
        text = text.replace(&*temp.to_string_lossy(), &shown.to_string_lossy());
    }
    text
}

/// The pages of a PDF as Chromium writes it: the largest `/Count` of its page tree (the
/// root's), else the `/Type /Page` objects.
pub fn page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let counts = text.match_indices("/Count ").filter_map(|(i, m)| {
        let digits: String = text[i + m.len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        digits.parse::<usize>().ok()
    });
    counts.max().unwrap_or_else(|| {
        text.match_indices("/Type /Page")
            .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
            .count()
    })
}

/// Chromium refuses to start its sandbox as root (CI containers); only then is it turned off.
fn running_as_root() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: geteuid has no preconditions and cannot fail.
        unsafe { libc::geteuid() == 0 }
    }
    #[cfg(not(unix))]
    {
        false
    }
}

/// A loopback HTTP server answering `GET` of one path with one page (anything else: 404),
/// until dropped.
struct OnePage {
    /// `http://127.0.0.1:PORT/TOKEN/deck.html`.
    url: String,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl OnePage {
    fn start(page: Vec<u8>) -> std::io::Result<OnePage> {
        use std::sync::atomic::{AtomicBool, Ordering};
        let listener = std::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, 0))?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let path = format!("/{:016x}/deck.html", random_token());
        let url = format!("http://127.0.0.1:{port}{path}");
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let stopped = std::sync::Arc::clone(&stop);
        let thread = std::thread::Builder::new()
            .name("meetdeck-pdf-page".into())
            .spawn(move || {
                while !stopped.load(Ordering::Relaxed) {
                    match listener.accept() {
                        Ok((stream, _)) => answer(stream, &path, &page),
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                            std::thread::sleep(std::time::Duration::from_millis(5));
                        }
                        Err(_) => std::thread::sleep(std::time::Duration::from_millis(5)),
                    }
                }
            })?;
        Ok(OnePage {
            url,
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for OnePage {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            // The thread only ever loops, sleeps and answers; it sees the flag within 5 ms.
            let _ = thread.join();
        }
    }
}

/// Answers one connection: `page` for `GET path` (the query ignored), else 404.
fn answer(mut stream: std::net::TcpStream, path: &str, page: &[u8]) {
    use std::io::{Read, Write};
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(std::time::Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut words = head.split_whitespace();
    let wanted = words.next() == Some("GET")
        && words
            .next()
            .is_some_and(|target| target.split('?').next() == Some(path));
    let (status, body): (&str, &[u8]) = if wanted {
        ("200 OK", page)
    } else {
        ("404 Not Found", b"")
    };
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    let _ = stream.write_all(body);
}

/// 64 bits no other page guesses: the standard library's per-process random hash keys.
fn random_token() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_folders_are_refused_before_printing() {
        let dir = tempfile::tempdir().unwrap();
        let error = check_output(dir.path()).unwrap_err().to_string();
        assert!(error.contains("is a folder"), "{error}");
        let error = check_output(Path::new("out/")).unwrap_err().to_string();
        assert!(error.contains("is a folder"), "{error}");
        let missing = dir.path().join("nope/x.pdf");
        let error = check_output(&missing).unwrap_err().to_string();
        assert!(error.contains("no such folder"), "{error}");
        check_output(&dir.path().join("x.pdf")).unwrap();
        check_output(Path::new("x.pdf")).unwrap();
        check_output(Path::new("-")).unwrap();
    }

    #[test]
    fn temporary_paths_are_hidden() {
        let shown = hide_paths(
            "cannot write /tmp/.tmpAB12/.meetdeck-x.pdf in /tmp/.tmpAB12",
            &[
                (
                    Path::new("/tmp/.tmpAB12/.meetdeck-x.pdf"),
                    Path::new("out.pdf"),
                ),
                (Path::new("/tmp/.tmpAB12"), Path::new("…")),
            ],
        );
        assert_eq!(shown, "cannot write out.pdf in …");
    }

    #[test]
    fn page_count_reads_the_page_tree() {
        let pdf = b"%PDF-1.4\n1 0 obj <</Type /Pages /Kids [2 0 R 3 0 R 4 0 R] /Count 3>>\n\
            2 0 obj <</Type /Page /Parent 1 0 R>>\n";
        assert_eq!(page_count(pdf), 3);
        let no_tree = b"<</Type /Page>> <</Type /Page>> <</Type /Pages>>";
        assert_eq!(page_count(no_tree), 2);
        assert_eq!(page_count(b""), 0);
    }

    #[test]
    fn the_print_server_serves_the_deck_and_nothing_else() {
        use std::io::{Read, Write};
        let server = OnePage::start(b"<p>deck</p>".to_vec()).unwrap();
        let rest = server.url.strip_prefix("http://").unwrap();
        let (host, path) = rest.split_at(rest.find('/').unwrap());
        let get = |target: &str| {
            let mut stream = std::net::TcpStream::connect(host).unwrap();
            write!(stream, "GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).unwrap();
            response
        };
        let deck = get(&format!("{path}?print-pdf"));
        assert!(deck.starts_with("HTTP/1.1 200 OK") && deck.ends_with("<p>deck</p>"));
        for other in ["/", "/deck.html", "/etc/passwd", "/favicon.ico"] {
            assert!(get(other).starts_with("HTTP/1.1 404"), "{other}");
        }
        let token = &path[1..17];
        let other = OnePage::start(Vec::new()).unwrap();
        assert!(!other.url.contains(token), "a fresh token each time");
    }
}
