//! Benchmark of folder builds: `cargo run --release --example batch_bench [-- RUNS]`.
//!
//! Runs the release `meetdeck` binary (built beside this example) as a child process and
//! reads its wall time and peak RSS (`wait4` rusage), on:
//!
//! - the 14 real notes of `../shared/notes/2023/Double Week Meetings` (copied, with their
//!   `../images`, into a temp folder);
//! - 1,000 notes generated from them: copies with their meeting dates moved (one a week from
//!   2005 on, in a folder per year), each referencing at least the group's QR code image
//!   and the images its original uses; built with 1 and 2 threads, then again unchanged.
//!
//! Each row is the median of RUNS runs (default 5); min and max are shown too.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use meetdeck::meeting::Date;

const SHARED_SERIES: &str = "../shared/notes/2023/Double Week Meetings";
const GENERATED: usize = 1000;

fn main() {
    if let Err(message) = run() {
        eprintln!("batch_bench: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let runs: usize = std::env::args()
        .nth(1)
        .map(|a| {
            a.parse()
                .map_err(|_| format!("RUNS must be a number, not {a}"))
        })
        .transpose()?
        .unwrap_or(5)
        .max(1);
    let binary = meetdeck_binary()?;
    let series = Path::new(env!("CARGO_MANIFEST_DIR")).join(SHARED_SERIES);
    if !series.is_dir() {
        return Err(format!("{} not found", series.display()));
    }
    let tmp = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;

    // The 14 notes, as in a notes repository (a meetdeck.toml marks its root).
    let shared = tmp.path().join("shared");
    let shared_series = shared.join("2023/Double Week Meetings");
    copy_dir(&series, &shared_series)?;
    copy_dir(&series.join("../images"), &shared.join("2023/images"))?;
    write(&shared.join("meetdeck.toml"), b"")?;

    // 1,000 generated notes.
    let big = tmp.path().join("big");
    let started = Instant::now();
    let (bytes, with_big_images) = generate(&series, &big, GENERATED)?;
    println!(
        "generated {GENERATED} notes ({} KB of Markdown, {with_big_images} using the 450-700 KB \
         images) in {:.0?}",
        bytes / 1024,
        started.elapsed()
    );
    println!(
        "machine: {} cores; binary: {}\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        binary.display()
    );

    let shared_out = tmp.path().join("shared-site");
    let big_out = tmp.path().join("big-site");
    let dir = |p: &Path| p.to_string_lossy().into_owned();
    // The note edited before each run of the "one note changed" row.
    let edited = big.join("2023/2023-12-28.md");
    let rows: Vec<(String, Vec<String>, Option<Duration>)> = vec![
        (
            "14 shared notes, full build (-j 2)".into(),
            args(
                &dir(&shared_series),
                &dir(&shared_out),
                &["--force", "-j", "2"],
            ),
            Some(Duration::from_millis(50)),
        ),
        (
            "14 shared notes, unchanged".into(),
            args(&dir(&shared_series), &dir(&shared_out), &["-j", "2"]),
            Some(Duration::from_millis(100)),
        ),
        (
            "1,000 notes, full build, 1 thread".into(),
            args(&dir(&big), &dir(&big_out), &["--force", "-j", "1"]),
            None,
        ),
        (
            "1,000 notes, full build, 2 threads".into(),
            args(&dir(&big), &dir(&big_out), &["--force", "-j", "2"]),
            Some(Duration::from_secs(2)),
        ),
        (
            "1,000 notes, unchanged (incremental)".into(),
            args(&dir(&big), &dir(&big_out), &["-j", "2"]),
            Some(Duration::from_millis(100)),
        ),
        (
            "1,000 notes, one note changed".into(),
            args(&dir(&big), &dir(&big_out), &["-j", "2"]),
            None,
        ),
    ];

    println!(
        "| {:<38} | {:>9} | {:>9} | {:>9} | {:>12} | {:>12} | {:<38} |",
        "run", "median", "min", "max", "peak RSS", "target", "meetdeck's summary"
    );
    println!(
        "|{:-<40}|{:->11}|{:->11}|{:->11}|{:->14}|{:->14}|{:-<40}|",
        "", "", "", "", "", "", ""
    );
    for (name, arguments, target) in rows {
        // One untimed run first: it creates the output (and warms the page cache), so the
        // "unchanged" rows measure what they say.
        child(&binary, &arguments)?;
        let mut times = Vec::new();
        let mut peak = 0;
        let mut summary = String::new();
        for i in 0..runs {
            if name.contains("one note changed") {
                let mut text = std::fs::read_to_string(&edited).map_err(|e| e.to_string())?;
                text.push_str(&format!("\n- edit {i}\n"));
                write(&edited, text.as_bytes())?;
            }
            let run = child(&binary, &arguments)?;
            times.push(run.wall);
            peak = peak.max(run.max_rss_kib);
            summary = run.summary;
        }
        times.sort();
        let median = times[times.len() / 2];
        let verdict = match target {
            Some(t) if median <= t => format!("ok <{}", target_text(t)),
            Some(t) => format!("MISS <{}", target_text(t)),
            None => "-".into(),
        };
        println!(
            "| {:<38} | {:>9} | {:>9} | {:>9} | {:>8.1} MiB | {:>12} | {:<38} |",
            name,
            short(median),
            short(times[0]),
            short(times[times.len() - 1]),
            peak as f64 / 1024.0,
            verdict,
            summary
        );
    }
    let (decks, deck_bytes) = dir_size(&big_out)?;
    let index_kib = std::fs::metadata(big_out.join("index.html")).map_or(0, |m| m.len() / 1024);
    let manifest_kib = std::fs::metadata(big_out.join(meetdeck::batch::MANIFEST_FILE))
        .map_or(0, |m| m.len() / 1024);
    println!(
        "\n1,000-note output: {decks} files, {} MiB; index.html {index_kib} KiB; manifest \
         {manifest_kib} KiB",
        deck_bytes / (1024 * 1024)
    );
    Ok(())
}

fn args(input: &str, output: &str, extra: &[&str]) -> Vec<String> {
    let mut v = vec![
        "build".to_string(),
        input.to_string(),
        "-o".into(),
        output.to_string(),
    ];
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

fn target_text(d: Duration) -> String {
    if d >= Duration::from_secs(1) {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

fn short(d: Duration) -> String {
    if d >= Duration::from_secs(1) {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        format!("{:.1} ms", d.as_secs_f64() * 1000.0)
    }
}

struct Run {
    wall: Duration,
    max_rss_kib: i64,
    /// meetdeck's last stderr line, shortened.
    summary: String,
}

/// Runs the binary and reaps it with `wait4`, which gives that one child's peak RSS.
fn child(binary: &Path, args: &[String]) -> Result<Run, String> {
    let started = Instant::now();
    let mut child = Command::new(binary)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    // meetdeck prints a few lines at most: reading them after exit cannot block it.
    let mut stderr = child.stderr.take().ok_or("no stderr pipe")?;
    let pid = libc::pid_t::try_from(child.id()).map_err(|e| e.to_string())?;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    if reaped != pid {
        return Err(format!("wait4 failed: {}", std::io::Error::last_os_error()));
    }
    let mut text = String::new();
    std::io::Read::read_to_string(&mut stderr, &mut text).map_err(|e| e.to_string())?;
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        return Err(format!("meetdeck {} failed:\n{text}", args.join(" ")));
    }
    let summary = text
        .lines()
        .last()
        .unwrap_or_default()
        .split(", ")
        .take(2)
        .collect::<Vec<_>>()
        .join(", ");
    Ok(Run {
        wall,
        max_rss_kib: usage.ru_maxrss,
        summary,
    })
}

/// The release `meetdeck` beside this example (`target/release/examples/..` → `target/release`).
fn meetdeck_binary() -> Result<PathBuf, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let profile_dir = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot locate the target folder")?;
    let binary = profile_dir.join("meetdeck");
    if !binary.is_file() {
        return Err(format!(
            "{} not found: run `cargo build --release` first (or `cargo run --release --bin \
             meetdeck -- --help` once)",
            binary.display()
        ));
    }
    Ok(binary)
}

/// Writes `count` notes under `out/YEAR/`, from the real notes in turn, one a week from
/// 2005-01-06, with every date of the original meeting moved; the images go to `out/images`.
/// Returns the Markdown bytes and how many notes use the big images.
fn generate(series: &Path, out: &Path, count: usize) -> Result<(usize, usize), String> {
    copy_dir(&series.join("../images"), &out.join("images"))?;
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(series).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "md") {
            let stem = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let date = meetdeck::meeting::find_date(&stem)
                .ok_or(format!("{stem}: no date"))?
                .iso();
            let text = std::fs::read_to_string(&path).map_err(|e| e.to_string())?;
            sources.push((date, text));
        }
    }
    sources.sort();
    let start = Date::new(2005, 1, 6).ok_or("a calendar date")?;
    let mut bytes = 0;
    let mut with_big = 0;
    for i in 0..count {
        let (old, text) = &sources[i % sources.len()];
        let day = start.add_days(7 * i as i64).ok_or("past the year 9999")?;
        let new = day.iso();
        let y = day.year();
        let mut text = text
            .replace(old.as_str(), &new)
            .replace(&old.replace('-', "/"), &new.replace('-', "/"));
        if !text.contains("curve-wechat.jpeg") {
            text.push_str(
                "\n\n<img src=\"../images/curve-wechat.jpeg\" alt=\"QR\" width=\"300\">\n",
            );
        }
        if text.contains("curve-doc.jpg") || text.contains("贡献者.png") {
            with_big += 1;
        }
        bytes += text.len();
        write(&out.join(format!("{y:04}/{new}.md")), text.as_bytes())?;
    }
    Ok((bytes, with_big))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.file_type().map_err(|e| e.to_string())?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
            write(&target, &bytes)?;
        }
    }
    Ok(())
}

/// Files and bytes under `dir`.
fn dir_size(dir: &Path) -> Result<(usize, u64), String> {
    let mut files = 0;
    let mut bytes = 0;
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let entry = entry.map_err(|e| e.to_string())?;
        let meta = entry.metadata().map_err(|e| e.to_string())?;
        if meta.is_dir() {
            let (f, b) = dir_size(&entry.path())?;
            files += f;
            bytes += b;
        } else {
            files += 1;
            bytes += meta.len();
        }
    }
    Ok((files, bytes))
}
