//! A small Chrome DevTools Protocol client over `--remote-debugging-pipe`.
//!
//! Chromium reads NUL-terminated JSON commands on its fd 3 and writes NUL-terminated JSON
//! messages on its fd 4. A reader thread turns fd 4 into an mpsc channel; commands get ids
//! and wait (with a timeout) for their response; events are kept for inspection.
//!
//! Every wait here has a deadline: a broken browser or page makes a test fail, never hang.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{FromRawFd, OwnedFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::rc::Rc;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{json, Value};

/// Default deadline for one protocol command.
pub const COMMAND_TIMEOUT: Duration = Duration::from_secs(15);
/// Default deadline for a navigation to reach its `load` event.
pub const LOAD_TIMEOUT: Duration = Duration::from_secs(15);

pub type Result<T, E = CdpError> = std::result::Result<T, E>;

/// Everything that can go wrong talking to Chromium, as one readable message.
#[derive(Debug)]
pub struct CdpError(pub String);

impl fmt::Display for CdpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CdpError {}

fn err<T>(msg: impl Into<String>) -> Result<T> {
    Err(CdpError(msg.into()))
}

/// Why a browser could not be launched.
#[derive(Debug)]
pub enum LaunchError {
    /// No Chromium binary: tests may skip (unless on CI).
    NotFound(String),
    /// Chromium is there but did not start or answer: always a failure.
    Failed(String),
}

impl fmt::Display for LaunchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LaunchError::NotFound(m) => write!(f, "chromium not found: {m}"),
            LaunchError::Failed(m) => write!(f, "chromium failed to start: {m}"),
        }
    }
}

/// True when running on CI (`CI` set to anything but empty, `0` or `false`).
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// The Chromium to use: `$MEETDECK_CHROME` (the variable `meetdeck pdf` reads too), else
/// `/usr/bin/chromium`.
pub fn chromium_path() -> PathBuf {
    std::env::var_os("MEETDECK_CHROME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// Launches Chromium, or `None` after printing `skipped: chromium not found` when it is
/// absent and not on CI. Any other launch problem (or a missing Chromium on CI) panics.
/// A skipped test still shows as `ok`: the run ends with one line counting them (see
/// [`note_skipped`]).
pub fn browser_or_skip() -> Option<Browser> {
    match Browser::launch() {
        Ok(b) => Some(b),
        Err(LaunchError::NotFound(m)) if !on_ci() => {
            eprintln!("skipped: chromium not found ({m})");
            note_skipped(&m);
            None
        }
        Err(e) => panic!("{e}"),
    }
}

/// Browser tests skipped in this run, and why (the first reason).
static SKIPPED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
static SKIPPED_WHY: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Counts a skipped browser test; the first one registers the summary printed when the
/// test binary exits: `N browser tests skipped: chromium not found (...)`.
fn note_skipped(why: &str) {
    SKIPPED.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    if SKIPPED_WHY.set(why.to_string()).is_ok() {
        extern "C" fn summary() {
            let n = SKIPPED.load(std::sync::atomic::Ordering::SeqCst);
            let why = SKIPPED_WHY.get().map_or("", String::as_str);
            let tests = if n == 1 { "test" } else { "tests" };
            eprintln!(
                "meetdeck: {n} browser {tests} skipped (passed without running): chromium not \
                 found ({why}); install chromium or set MEETDECK_CHROME; with CI=true they fail"
            );
        }
        // SAFETY: `summary` is a plain function that only reads statics and prints.
        unsafe {
            libc::atexit(summary);
        }
    }
}

/// One protocol message from Chromium: a response (has `id`) or an event (has `method`).
#[derive(Debug, Clone)]
pub struct Event {
    pub method: String,
    pub session_id: Option<String>,
    pub params: Value,
}

/// The connection: the write end of fd 3, the channel fed from fd 4, the event log.
struct Conn {
    to_browser: File,
    from_browser: Receiver<Value>,
    next_id: u64,
    /// Responses that arrived while waiting for something else.
    responses: HashMap<u64, Value>,
    /// Every event, in arrival order.
    events: Vec<Event>,
    /// Set once the pipe from Chromium is closed.
    closed: bool,
    stderr_path: PathBuf,
}

impl Conn {
    fn stderr_tail(&self) -> String {
        tail_of(&self.stderr_path)
    }

    /// Takes one message off the channel (waiting until `deadline`) and files it.
    /// Returns false on timeout.
    fn pump(&mut self, deadline: Instant) -> Result<bool> {
        if self.closed {
            return err(format!(
                "chromium closed the DevTools pipe (crashed or exited); stderr: {}",
                self.stderr_tail()
            ));
        }
        let left = deadline.saturating_duration_since(Instant::now());
        match self.from_browser.recv_timeout(left) {
            Ok(msg) => {
                self.file(msg);
                Ok(true)
            }
            Err(RecvTimeoutError::Timeout) => Ok(false),
            Err(RecvTimeoutError::Disconnected) => {
                self.closed = true;
                err(format!(
                    "chromium closed the DevTools pipe (crashed or exited); stderr: {}",
                    self.stderr_tail()
                ))
            }
        }
    }

    /// Files everything already waiting on the channel, without blocking.
    fn drain(&mut self) {
        while let Ok(msg) = self.from_browser.try_recv() {
            self.file(msg);
        }
    }

    fn file(&mut self, msg: Value) {
        if let Some(id) = msg.get("id").and_then(Value::as_u64) {
            self.responses.insert(id, msg);
        } else if let Some(method) = msg.get("method").and_then(Value::as_str) {
            self.events.push(Event {
                method: method.to_string(),
                session_id: msg
                    .get("sessionId")
                    .and_then(Value::as_str)
                    .map(String::from),
                params: msg.get("params").cloned().unwrap_or(Value::Null),
            });
        }
    }

    fn call(
        &mut self,
        method: &str,
        params: Value,
        session: Option<&str>,
        timeout: Duration,
    ) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut cmd = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            cmd["sessionId"] = json!(s);
        }
        let mut bytes = serde_json::to_vec(&cmd).expect("a JSON value serialises");
        bytes.push(0);
        if let Err(e) = self.to_browser.write_all(&bytes) {
            return err(format!(
                "{method}: cannot write to chromium ({e}); stderr: {}",
                self.stderr_tail()
            ));
        }
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(resp) = self.responses.remove(&id) {
                if let Some(e) = resp.get("error") {
                    return err(format!("{method} failed: {e}"));
                }
                return Ok(resp.get("result").cloned().unwrap_or(Value::Null));
            }
            if !self.pump(deadline)? {
                return err(format!(
                    "{method}: no answer from chromium within {timeout:?}"
                ));
            }
        }
    }

    /// Waits for the first event from index `from` on that matches `pred`.
    fn wait_event(
        &mut self,
        from: usize,
        what: &str,
        timeout: Duration,
        pred: &dyn Fn(&Event) -> bool,
    ) -> Result<Event> {
        let deadline = Instant::now() + timeout;
        let mut seen = from;
        loop {
            if let Some(e) = self.events[seen..].iter().find(|e| pred(e)) {
                return Ok(e.clone());
            }
            seen = self.events.len();
            if !self.pump(deadline)? {
                return err(format!("timed out after {timeout:?} waiting for {what}"));
            }
        }
    }
}

fn tail_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(15);
    let tail = lines[start..].join("\n");
    if tail.is_empty() {
        "(empty)".into()
    } else {
        tail
    }
}

/// Creates a pipe whose two ends are close-on-exec and numbered at least 10, so that
/// `dup2` onto fds 3 and 4 in the child can never clobber the other end.
fn high_cloexec_pipe() -> std::io::Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0 as RawFd; 2];
    // SAFETY: `fds` is a valid array of two ints.
    if unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // SAFETY: pipe2 just returned these two fresh descriptors; we own them.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    let high = |fd: &OwnedFd| -> std::io::Result<OwnedFd> {
        use std::os::fd::AsRawFd;
        // SAFETY: F_DUPFD_CLOEXEC on a valid fd returns a new fd we own (or -1).
        let n = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 10) };
        if n < 0 {
            return Err(std::io::Error::last_os_error());
        }
        // SAFETY: as above, `n` is a fresh descriptor.
        Ok(unsafe { OwnedFd::from_raw_fd(n) })
    };
    Ok((high(&r)?, high(&w)?))
}

/// A headless Chromium driven over the DevTools pipe. Killed (its whole process group)
/// on drop.
pub struct Browser {
    conn: Rc<RefCell<Conn>>,
    child: Option<Child>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts a fresh headless Chromium with its own throw-away profile.
    pub fn launch() -> Result<Browser, LaunchError> {
        let exe = chromium_path();
        if !exe.is_file() {
            return Err(LaunchError::NotFound(format!(
                "{} does not exist",
                exe.display()
            )));
        }
        let fail = |m: String| LaunchError::Failed(m);
        let profile = tempfile::Builder::new()
            .prefix("meetdeck-chromium-")
            .tempdir()
            .map_err(|e| fail(format!("temp dir: {e}")))?;
        let stderr_path = profile.path().join("chromium-stderr.log");
        let stderr = File::create(&stderr_path).map_err(|e| fail(format!("stderr log: {e}")))?;

        let (cmd_r, cmd_w) = high_cloexec_pipe().map_err(|e| fail(format!("pipe: {e}")))?;
        let (msg_r, msg_w) = high_cloexec_pipe().map_err(|e| fail(format!("pipe: {e}")))?;
        let (child_in, child_out) = {
            use std::os::fd::AsRawFd;
            (cmd_r.as_raw_fd(), msg_w.as_raw_fd())
        };

        let mut cmd = Command::new(&exe);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-breakpad",
            "--disable-crash-reporter",
            "--disable-extensions",
            "--disable-dev-shm-usage",
            "--mute-audio",
            "--hide-scrollbars",
            "--remote-debugging-pipe",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("about:blank")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        // Own process group: Drop kills the renderers and helpers too.
        .process_group(0);
        // SAFETY: only async-signal-safe calls (dup2) between fork and exec. Both source
        // fds are >= 10, so neither dup2 overwrites the other; dup2 clears FD_CLOEXEC on
        // the new descriptors 3 and 4, and the originals close on exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(child_in, 3) < 0 || libc::dup2(child_out, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd
            .spawn()
            .map_err(|e| fail(format!("cannot run {}: {e}", exe.display())))?;
        // The child's ends belong to the child now; closing ours lets EOF through.
        drop(cmd_r);
        drop(msg_w);

        let (tx, rx) = mpsc::channel();
        let reader = File::from(msg_r);
        std::thread::Builder::new()
            .name("cdp-reader".into())
            .spawn(move || {
                let mut reader = BufReader::new(reader);
                let mut buf = Vec::new();
                loop {
                    buf.clear();
                    match reader.read_until(0, &mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(_) => {}
                    }
                    if buf.last() == Some(&0) {
                        buf.pop();
                    }
                    let Ok(msg) = serde_json::from_slice::<Value>(&buf) else {
                        continue;
                    };
                    if tx.send(msg).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| fail(format!("reader thread: {e}")))?;

        let browser = Browser {
            conn: Rc::new(RefCell::new(Conn {
                to_browser: File::from(cmd_w),
                from_browser: rx,
                next_id: 0,
                responses: HashMap::new(),
                events: Vec::new(),
                closed: false,
                stderr_path,
            })),
            child: Some(child),
            _profile: profile,
        };
        // First contact doubles as the start-up check.
        browser
            .call("Browser.getVersion", json!({}))
            .map_err(|e| fail(e.0))?;
        Ok(browser)
    }

    /// Process id of the browser (also its process-group id).
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map_or(0, Child::id)
    }

    /// Sends a browser-level command.
    pub fn call(&self, method: &str, params: Value) -> Result<Value> {
        self.conn
            .borrow_mut()
            .call(method, params, None, COMMAND_TIMEOUT)
    }

    /// The product and version string, e.g. `Chrome/156.0.8078.79`.
    pub fn version(&self) -> Result<String> {
        let v = self.call("Browser.getVersion", json!({}))?;
        Ok(v["product"].as_str().unwrap_or_default().to_string())
    }

    /// Opens a new tab of `width`×`height` CSS pixels, with Page, Runtime, Network and Log
    /// events enabled (so requests and errors are recorded from the first navigation on).
    pub fn new_page(&self, width: u32, height: u32) -> Result<Page> {
        let target = self.call("Target.createTarget", json!({ "url": "about:blank" }))?;
        let target_id = target["targetId"]
            .as_str()
            .ok_or_else(|| CdpError(format!("Target.createTarget: no targetId in {target}")))?
            .to_string();
        let attached = self.call(
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        )?;
        let session_id = attached["sessionId"]
            .as_str()
            .ok_or_else(|| CdpError(format!("Target.attachToTarget: no sessionId in {attached}")))?
            .to_string();
        let page = Page {
            conn: Rc::clone(&self.conn),
            target_id,
            session_id,
            events_from: self.conn.borrow().events.len(),
        };
        page.call(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        )?;
        for domain in ["Page", "Runtime", "Network", "Log"] {
            page.call(&format!("{domain}.enable"), json!({}))?;
        }
        page.call("Page.setLifecycleEventsEnabled", json!({ "enabled": true }))?;
        Ok(page)
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let Some(mut child) = self.child.take() else {
            return;
        };
        // Ask politely (short deadline), then make sure: SIGKILL the whole process group
        // while the leader is not yet reaped, so its group id cannot have been reused.
        let _ = self.conn.borrow_mut().call(
            "Browser.close",
            json!({}),
            None,
            Duration::from_millis(1500),
        );
        let pid = child.id() as libc::pid_t;
        let deadline = Instant::now() + Duration::from_secs(3);
        while Instant::now() < deadline {
            // SAFETY: waitid with WNOWAIT only observes the state of our own child.
            let exited = unsafe {
                let mut info: libc::siginfo_t = std::mem::zeroed();
                libc::waitid(
                    libc::P_PID,
                    pid as libc::id_t,
                    &mut info,
                    libc::WEXITED | libc::WNOHANG | libc::WNOWAIT,
                ) == 0
                    && info.si_pid() != 0
            };
            if exited {
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        // SAFETY: signalling the process group we created for this child.
        unsafe {
            libc::kill(-pid, libc::SIGKILL);
        }
        let _ = child.wait();
        self.conn.borrow_mut().closed = true;
    }
}

/// What a keyboard key needs in `Input.dispatchKeyEvent`.
struct KeyDef {
    key: String,
    code: String,
    vk: i64,
    text: Option<String>,
}

fn key_def(name: &str) -> Result<KeyDef> {
    let named = |key: &str, code: &str, vk: i64, text: Option<&str>| KeyDef {
        key: key.into(),
        code: code.into(),
        vk,
        text: text.map(String::from),
    };
    Ok(match name {
        "ArrowLeft" => named("ArrowLeft", "ArrowLeft", 37, None),
        "ArrowUp" => named("ArrowUp", "ArrowUp", 38, None),
        "ArrowRight" => named("ArrowRight", "ArrowRight", 39, None),
        "ArrowDown" => named("ArrowDown", "ArrowDown", 40, None),
        "Space" | " " => named(" ", "Space", 32, Some(" ")),
        "PageUp" => named("PageUp", "PageUp", 33, None),
        "PageDown" => named("PageDown", "PageDown", 34, None),
        "End" => named("End", "End", 35, None),
        "Home" => named("Home", "Home", 36, None),
        "Escape" => named("Escape", "Escape", 27, None),
        "Enter" => named("Enter", "Enter", 13, Some("\r")),
        "Tab" => named("Tab", "Tab", 9, None),
        "Backspace" => named("Backspace", "Backspace", 8, None),
        s if s.chars().count() == 1 && s.chars().all(|c| c.is_ascii_alphanumeric()) => {
            let c = s.chars().next().unwrap_or_default();
            let upper = c.to_ascii_uppercase();
            let code = if c.is_ascii_digit() {
                format!("Digit{c}")
            } else {
                format!("Key{upper}")
            };
            named(s, &code, upper as i64, Some(s))
        }
        other => return err(format!("press: unknown key {other:?}")),
    })
}

/// One tab, attached with a flat session: every command carries its `sessionId`.
pub struct Page {
    conn: Rc<RefCell<Conn>>,
    target_id: String,
    session_id: String,
    /// Events before this index belong to earlier pages.
    events_from: usize,
}

impl Page {
    /// Sends a command to this page's session.
    pub fn call(&self, method: &str, params: Value) -> Result<Value> {
        self.call_timeout(method, params, COMMAND_TIMEOUT)
    }

    pub fn call_timeout(&self, method: &str, params: Value, timeout: Duration) -> Result<Value> {
        self.conn
            .borrow_mut()
            .call(method, params, Some(&self.session_id), timeout)
    }

    /// This page's events so far (after filing whatever already arrived).
    pub fn events(&self) -> Vec<Event> {
        let mut conn = self.conn.borrow_mut();
        conn.drain();
        conn.events[self.events_from..]
            .iter()
            .filter(|e| e.session_id.as_deref() == Some(&self.session_id))
            .cloned()
            .collect()
    }

    /// Forgets the events seen so far (requests, errors), e.g. between two decks.
    pub fn clear_events(&mut self) {
        let mut conn = self.conn.borrow_mut();
        conn.drain();
        self.events_from = conn.events.len();
    }

    /// Navigates and waits for the new document's `load` event. A same-document navigation
    /// (only the `#fragment` changes) fires no load and returns at once: to load a hash URL
    /// afresh, `goto("about:blank")` first.
    pub fn goto(&self, url: &str) -> Result<()> {
        let started = self.conn.borrow().events.len();
        let nav = self.call("Page.navigate", json!({ "url": url }))?;
        if let Some(e) = nav.get("errorText").and_then(Value::as_str) {
            return err(format!("navigating to {url}: {e}"));
        }
        let Some(loader) = nav
            .get("loaderId")
            .and_then(Value::as_str)
            .map(String::from)
        else {
            return Ok(()); // same-document navigation
        };
        let frame = nav["frameId"].as_str().unwrap_or_default().to_string();
        let session = self.session_id.clone();
        self.conn.borrow_mut().wait_event(
            started,
            &format!("the load event of {url}"),
            LOAD_TIMEOUT,
            &|e| {
                e.session_id.as_deref() == Some(&session)
                    && e.method == "Page.lifecycleEvent"
                    && e.params["name"] == "load"
                    && e.params["loaderId"] == loader.as_str()
                    && e.params["frameId"] == frame.as_str()
            },
        )?;
        Ok(())
    }

    /// Evaluates `js` (awaiting a returned promise) and returns its value as JSON.
    /// A thrown exception or rejected promise is an error carrying its message.
    pub fn eval(&self, js: &str) -> Result<Value> {
        self.eval_timeout(js, COMMAND_TIMEOUT)
    }

    pub fn eval_timeout(&self, js: &str, timeout: Duration) -> Result<Value> {
        let r = self.call_timeout(
            "Runtime.evaluate",
            json!({
                "expression": js,
                "awaitPromise": true,
                "returnByValue": true,
                "userGesture": true,
            }),
            timeout,
        )?;
        if let Some(ex) = r.get("exceptionDetails") {
            let msg = ex["exception"]["description"]
                .as_str()
                .or_else(|| ex["exception"]["value"].as_str())
                .or_else(|| ex["text"].as_str())
                .unwrap_or("(no message)");
            // The first line is the message; the rest is a stack inside `js`.
            let msg = msg.lines().next().unwrap_or_default();
            return err(format!("JS exception evaluating `{}`: {msg}", short(js)));
        }
        Ok(r["result"].get("value").cloned().unwrap_or(Value::Null))
    }

    /// Polls `js` until it evaluates to something truthy; returns that value.
    pub fn wait_for(&self, js: &str, timeout: Duration) -> Result<Value> {
        let deadline = Instant::now() + timeout;
        loop {
            let v = self.eval(js)?;
            let truthy = match &v {
                Value::Null => false,
                Value::Bool(b) => *b,
                Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return Ok(v);
            }
            if Instant::now() >= deadline {
                return err(format!(
                    "timed out after {timeout:?} waiting for `{}`",
                    short(js)
                ));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Presses and releases a key: `ArrowRight`, `ArrowLeft`, `ArrowUp`, `ArrowDown`,
    /// `Space`, `PageUp`, `PageDown`, `Home`, `End`, `Escape`, `Enter`, `Tab`,
    /// `Backspace`, or a single letter/digit (`o`, `F`, `3`).
    pub fn press(&self, key: &str) -> Result<()> {
        let k = key_def(key)?;
        let mut down = json!({
            "type": if k.text.is_some() { "keyDown" } else { "rawKeyDown" },
            "key": k.key,
            "code": k.code,
            "windowsVirtualKeyCode": k.vk,
            "nativeVirtualKeyCode": k.vk,
        });
        if let Some(t) = &k.text {
            down["text"] = json!(t);
            down["unmodifiedText"] = json!(t);
        }
        self.call("Input.dispatchKeyEvent", down)?;
        self.call(
            "Input.dispatchKeyEvent",
            json!({
                "type": "keyUp",
                "key": k.key,
                "code": k.code,
                "windowsVirtualKeyCode": k.vk,
                "nativeVirtualKeyCode": k.vk,
            }),
        )?;
        Ok(())
    }

    /// URL of every request this page sent (`Network.requestWillBeSent`), in order, with
    /// the `#fragment` (which is never sent) left off as Chromium reports it.
    pub fn requests(&self) -> Vec<String> {
        self.events()
            .iter()
            .filter(|e| e.method == "Network.requestWillBeSent")
            .filter_map(|e| e.params["request"]["url"].as_str().map(String::from))
            .collect()
    }

    /// Uncaught exceptions, `console.error` calls and error-level log entries (failed
    /// loads, blocked requests, CSP violations), one readable line each.
    pub fn js_errors(&self) -> Vec<String> {
        let mut out = Vec::new();
        for e in self.events() {
            match e.method.as_str() {
                "Runtime.exceptionThrown" => {
                    let d = &e.params["exceptionDetails"];
                    let msg = d["exception"]["description"]
                        .as_str()
                        .or_else(|| d["text"].as_str())
                        .unwrap_or("(no message)");
                    out.push(format!(
                        "exception: {msg} (at {}:{})",
                        d["url"].as_str().unwrap_or("?"),
                        d["lineNumber"]
                    ));
                }
                "Runtime.consoleAPICalled" if e.params["type"] == "error" => {
                    let args: Vec<String> = e.params["args"]
                        .as_array()
                        .map(|a| {
                            a.iter()
                                .map(|v| {
                                    v.get("value")
                                        .map(|x| x.as_str().map_or(x.to_string(), String::from))
                                        .or_else(|| v["description"].as_str().map(String::from))
                                        .unwrap_or_default()
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    out.push(format!("console.error: {}", args.join(" ")));
                }
                "Log.entryAdded" if e.params["entry"]["level"] == "error" => {
                    let entry = &e.params["entry"];
                    out.push(format!(
                        "log ({}): {} {}",
                        entry["source"].as_str().unwrap_or("?"),
                        entry["text"].as_str().unwrap_or(""),
                        entry["url"].as_str().unwrap_or("")
                    ));
                }
                _ => {}
            }
        }
        out
    }

    /// Writes a PNG of the viewport to `path`.
    pub fn screenshot(&self, path: &Path) -> Result<()> {
        let r = self.call("Page.captureScreenshot", json!({ "format": "png" }))?;
        let png = decode_data(&r, "Page.captureScreenshot")?;
        std::fs::write(path, png).map_err(|e| CdpError(format!("{}: {e}", path.display())))
    }

    /// Prints the page to PDF honouring the page's CSS `@page` size.
    pub fn print_pdf(&self) -> Result<Vec<u8>> {
        let r = self.call_timeout(
            "Page.printToPDF",
            json!({ "preferCSSPageSize": true, "printBackground": true }),
            Duration::from_secs(30),
        )?;
        decode_data(&r, "Page.printToPDF")
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        let mut conn = self.conn.borrow_mut();
        if !conn.closed {
            let _ = conn.call(
                "Target.closeTarget",
                json!({ "targetId": self.target_id }),
                None,
                Duration::from_secs(2),
            );
        }
    }
}

fn decode_data(r: &Value, what: &str) -> Result<Vec<u8>> {
    let data = r["data"]
        .as_str()
        .ok_or_else(|| CdpError(format!("{what}: no data in the answer")))?;
    base64::engine::general_purpose::STANDARD
        .decode(data)
        .map_err(|e| CdpError(format!("{what}: bad base64: {e}")))
}

fn short(js: &str) -> String {
    let one_line = js.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 60 {
        format!("{}…", one_line.chars().take(60).collect::<String>())
    } else {
        one_line
    }
}

/// `file://` URL for an absolute path, percent-encoding what a URL cannot hold.
pub fn file_url(path: &Path) -> String {
    use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS};
    const PATH: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    format!(
        "file://{}",
        utf8_percent_encode(&abs.to_string_lossy(), PATH)
    )
}

/// Number of pages in a PDF written by Chromium: the page tree's root `/Count` (the
/// largest), else the number of `/Type /Page` objects.
pub fn pdf_page_count(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    let counts = text.match_indices("/Count ").filter_map(|(i, m)| {
        let rest = &text[i + m.len()..];
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        digits.parse::<usize>().ok()
    });
    counts.max().unwrap_or_else(|| {
        text.match_indices("/Type /Page")
            .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
            .count()
    })
}

/// Every page's `/MediaBox [x0 y0 x1 y1]` in a PDF written by Chromium (points).
pub fn pdf_media_boxes(pdf: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/MediaBox [")
        .filter_map(|(i, m)| {
            let rest = &text[i + m.len()..];
            rest.find(']').map(|end| rest[..end].trim().to_string())
        })
        .collect()
}

/// A 3×2 red PNG, for pages that need a real image.
pub const TINY_PNG_BASE64: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGM4IScHQQxwFgBBAAYZPEVBlgAAAABJRU5ErkJggg==";

/// Self-tests of the client against a small page written to a temp dir: each check here
/// is one the deck tests rely on, shown to report what it should.
#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><meta charset="utf-8"><title>cdp test</title>
<body>
<img id="inline" src="data:image/png;base64,TINY">
<img id="sibling" src="dot.png">
<script>
window.keys = [];
addEventListener('keydown', e => keys.push(e.key + '/' + e.code + '/' + e.keyCode));
window.ready = new Promise(r => setTimeout(() => r(42), 30));
console.error('boom-console', 7);
setTimeout(() => { throw new Error('boom-uncaught'); }, 0);
</script>"#;

    fn tiny_png() -> Vec<u8> {
        base64::engine::general_purpose::STANDARD
            .decode(TINY_PNG_BASE64)
            .expect("valid base64")
    }

    #[test]
    fn cdp_client_against_a_test_page() {
        let t0 = Instant::now();
        let Some(browser) = browser_or_skip() else {
            return;
        };
        let launched = t0.elapsed();
        assert!(browser.version().expect("version").contains("Chrome"));
        let dir = tempfile::tempdir().expect("temp dir");
        let html = dir.path().join("page with space.html");
        std::fs::write(&html, PAGE.replace("TINY", TINY_PNG_BASE64)).expect("write page");
        std::fs::write(dir.path().join("dot.png"), tiny_png()).expect("write png");
        let url = file_url(&html);
        assert!(url.contains("page%20with%20space.html"), "{url}");

        let page = browser.new_page(800, 600).expect("new page");
        let t1 = Instant::now();
        page.goto(&url).expect("goto");
        let loaded = t1.elapsed();

        // eval: values, awaited promises, exceptions and rejections as errors.
        assert_eq!(page.eval("1 + 1").expect("eval"), json!(2));
        assert_eq!(page.eval("window.ready").expect("await"), json!(42));
        assert_eq!(
            page.eval("({a: [1, 'x']})").expect("object"),
            json!({"a": [1, "x"]})
        );
        assert_eq!(page.eval("undefined").expect("undefined"), Value::Null);
        assert_eq!(
            page.eval("innerWidth + 'x' + innerHeight").unwrap(),
            json!("800x600")
        );
        let e = page.eval("throw new Error('thrown-here')").unwrap_err();
        assert!(e.0.contains("thrown-here"), "{e}");
        let e = page
            .eval("Promise.reject(new Error('rejected-here'))")
            .unwrap_err();
        assert!(e.0.contains("rejected-here"), "{e}");

        // Deadlines: a promise that never settles fails in time, and the page still works.
        let t = Instant::now();
        let e = page
            .eval_timeout("new Promise(() => {})", Duration::from_millis(300))
            .unwrap_err();
        assert!(e.0.contains("no answer"), "{e}");
        assert!(t.elapsed() < Duration::from_secs(2));
        let e = page
            .wait_for("false", Duration::from_millis(100))
            .unwrap_err();
        assert!(e.0.contains("timed out"), "{e}");
        assert_eq!(page.eval("2 * 21").unwrap(), json!(42));

        // Images: both loaded.
        let imgs = page
            .eval("[...document.images].map(i => i.complete && i.naturalWidth)")
            .unwrap();
        assert_eq!(imgs, json!([3, 3]));

        // Keys arrive with the right key, code and keyCode.
        for k in [
            "ArrowRight",
            "ArrowLeft",
            "ArrowUp",
            "ArrowDown",
            "Space",
            "PageDown",
        ] {
            page.press(k).expect("press");
        }
        for k in ["PageUp", "Home", "End", "Escape", "o", "F"] {
            page.press(k).expect("press");
        }
        assert!(page.press("NoSuchKey").is_err());
        assert_eq!(
            page.eval("keys").unwrap(),
            json!([
                "ArrowRight/ArrowRight/39",
                "ArrowLeft/ArrowLeft/37",
                "ArrowUp/ArrowUp/38",
                "ArrowDown/ArrowDown/40",
                " /Space/32",
                "PageDown/PageDown/34",
                "PageUp/PageUp/33",
                "Home/Home/36",
                "End/End/35",
                "Escape/Escape/27",
                "o/KeyO/79",
                "F/KeyF/70",
            ])
        );

        // Requests: the page itself and its sibling file are recorded.
        let reqs = page.requests();
        assert!(reqs.contains(&url), "{reqs:?}");
        let sibling = file_url(&dir.path().join("dot.png"));
        assert!(reqs.contains(&sibling), "{reqs:?}");

        // Errors: both the console error and the uncaught exception.
        let errors = page.js_errors();
        assert!(
            errors.iter().any(|e| e.contains("boom-console 7")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|e| e.contains("boom-uncaught")),
            "{errors:?}"
        );

        // Screenshot: a PNG of the viewport size.
        let shot = dir.path().join("shot.png");
        page.screenshot(&shot).expect("screenshot");
        let png = std::fs::read(&shot).unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((w, h), (800, 600));

        // PDF.
        let pdf = page.print_pdf().expect("pdf");
        assert!(pdf.starts_with(b"%PDF"), "not a PDF");
        assert_eq!(pdf_page_count(&pdf), 1);
        assert_eq!(pdf_media_boxes(&pdf).len(), 1);

        // A hash-only navigation returns at once and changes the hash.
        page.goto(&format!("{url}#/2/1"))
            .expect("same-document goto");
        assert_eq!(page.eval("location.hash").unwrap(), json!("#/2/1"));

        // A missing file is an error, not a hang.
        let missing = file_url(&dir.path().join("missing.html"));
        assert!(page.goto(&missing).is_err());

        // clear_events forgets requests and errors.
        let mut page = page;
        page.clear_events();
        assert!(page.requests().is_empty());
        assert!(page.js_errors().is_empty());
        page.goto("about:blank").unwrap();
        page.goto(&url).unwrap();
        assert!(page.requests().contains(&url));

        eprintln!(
            "cdp self-test: launch {launched:?}, first load {loaded:?}, total {:?}",
            t0.elapsed()
        );
    }

    #[test]
    fn browser_drop_kills_its_process_group() {
        let Some(browser) = browser_or_skip() else {
            return;
        };
        let _page = browser.new_page(320, 200).expect("new page");
        let pid = browser.pid() as libc::pid_t;
        assert!(pid > 0);
        // SAFETY: signal 0 only checks that the group exists.
        assert_eq!(unsafe { libc::kill(-pid, 0) }, 0, "group should exist");
        drop(_page);
        drop(browser);
        // Killed children may linger a moment as zombies until init reaps them.
        let deadline = Instant::now() + Duration::from_secs(2);
        // SAFETY: as above.
        while unsafe { libc::kill(-pid, 0) } == 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let ps = Command::new("ps")
            .args(["-o", "pid,stat,args", "-g", &pid.to_string()])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
            .unwrap_or_default();
        // SAFETY: as above.
        let alive = unsafe { libc::kill(-pid, 0) } == 0;
        assert!(
            !alive,
            "chromium's process group {pid} survived Drop:\n{ps}"
        );
    }
}
