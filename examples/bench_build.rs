//! Benchmark of `meetdeck build`, whole process, as a user runs it.
//!
//! ```sh
//! cargo build --release && cargo run --release --example bench_build
//! ```
//!
//! Runs the release binary on: an empty note, the example meeting, every note of
//! `../shared/notes/` (when present) one by one, and prints a table of median and p95 wall
//! time, peak RSS (from `wait4`'s rusage) and deck size. Targets (DESIGN.md): one note with
//! its images < 10 ms, peak RSS < 30 MiB, deck of an empty note ≤ 30 KB.

use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 30;

struct Sample {
    wall: Duration,
    max_rss_kib: i64,
}

/// Runs `meetdeck build` once; returns wall time and peak RSS of the child.
fn run_once(binary: &Path, args: &[&str]) -> Sample {
    let start = Instant::now();
    let child = Command::new(binary)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn meetdeck");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data, zero is a valid bit pattern; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: pid is our own child, status and usage point to live locals.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(waited, pid, "wait4 failed");
    let status = std::process::ExitStatus::from_raw(status);
    assert!(status.success(), "meetdeck {args:?} failed: {status}");
    std::mem::forget(child);
    Sample {
        wall,
        max_rss_kib: usage.ru_maxrss,
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index]
}

fn main() {
    let exe = std::env::current_exe().expect("current exe");
    // target/release/examples/bench_build → target/release/meetdeck
    let binary = exe
        .parent()
        .and_then(Path::parent)
        .map(|dir| dir.join("meetdeck"))
        .filter(|p| p.is_file())
        .expect("build the binary first: cargo build --release");
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let out_dir = tempfile::tempdir().expect("temp dir");
    let empty = out_dir.path().join("empty.md");
    std::fs::write(&empty, "").expect("write empty note");

    let mut cases: Vec<(String, PathBuf, Option<PathBuf>)> = vec![
        ("empty note".into(), empty, None),
        (
            "example meeting".into(),
            manifest.join("meetings/2026-11-19-storage-sig.md"),
            None,
        ),
    ];
    let shared = manifest.join("../shared/notes");
    let meetings = shared.join("2023/Double Week Meetings");
    match std::fs::read_dir(&meetings) {
        Ok(entries) => {
            let mut notes: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
            notes.sort();
            for note in notes {
                let name = note
                    .file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned();
                cases.push((name, note, Some(shared.clone())));
            }
        }
        Err(_) => eprintln!("skipped the real notes: {} not found", meetings.display()),
    }

    println!(
        "{:<28} {:>6} {:>10} {:>10} {:>12} {:>10}",
        "note", "runs", "median ms", "p95 ms", "peak RSS MiB", "deck KB"
    );
    let mut total_median = Duration::ZERO;
    let mut worst_rss = 0;
    for (name, note, root) in &cases {
        let output = out_dir.path().join("deck.html");
        let mut args: Vec<String> = vec!["build".into(), note.display().to_string()];
        args.extend(["-o".into(), output.display().to_string()]);
        if let Some(root) = root {
            args.extend(["--root".into(), root.display().to_string()]);
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_once(&binary, &args); // warm the page cache
        let mut samples: Vec<Sample> = (0..RUNS).map(|_| run_once(&binary, &args)).collect();
        samples.sort_by_key(|s| s.wall);
        let walls: Vec<Duration> = samples.iter().map(|s| s.wall).collect();
        let rss = samples.iter().map(|s| s.max_rss_kib).max().unwrap_or(0);
        let size = std::fs::metadata(&output).map(|m| m.len()).unwrap_or(0);
        let median = percentile(&walls, 0.5);
        total_median += median;
        worst_rss = worst_rss.max(rss);
        println!(
            "{:<28} {:>6} {:>10.2} {:>10.2} {:>12.1} {:>10.1}",
            name,
            RUNS,
            median.as_secs_f64() * 1e3,
            percentile(&walls, 0.95).as_secs_f64() * 1e3,
            rss as f64 / 1024.0,
            size as f64 / 1024.0
        );
    }
    println!(
        "all {} notes one process each: {:.1} ms (sum of medians); worst peak RSS {:.1} MiB",
        cases.len(),
        total_median.as_secs_f64() * 1e3,
        worst_rss as f64 / 1024.0
    );
}
