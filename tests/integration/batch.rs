//! Folder builds (`meetdeck build DIR`), the index page and `meetdeck new`, with the real
//! binary, on the project's fixtures (`tests/fixtures/batch/`) and on the real notes in
//! `../shared/notes/` (skipped when absent). Inputs are always copied into a temp folder
//! first: the fixtures and the shared notes are never written.
//!
//! The index is checked as data (every note listed with its date, title and slide count,
//! newest first) and in Chromium: every link opens its deck (`window.meetdeck.ready`
//! resolves), also from a copy of the output folder elsewhere (a chat download), and the
//! search box filters as you type.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use serde_json::Value;

use crate::cdp::{self, file_url, Page};

/// The shared real notes, relative to the crate.
const SHARED_SERIES: &str = "../shared/notes/2023/Double Week Meetings";

fn meetdeck(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meetdeck"))
        .args(args)
        .output()
        .expect("run meetdeck")
}

fn build(dir: &Path, out: &Path, extra: &[&str]) -> (bool, String) {
    let mut args: Vec<&std::ffi::OsStr> = vec!["build".as_ref(), dir.as_ref(), "-o".as_ref()];
    args.push(out.as_ref());
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    let output = meetdeck(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create copy folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
            // The shared notes are read-only; the copies must not be.
            let mut perms = std::fs::metadata(&target).expect("stat copy").permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            perms.set_readonly(false);
            std::fs::set_permissions(&target, perms).expect("chmod copy");
        }
    }
}

/// The shared series copied into `tmp/notes/2023/` with its `../images`, and a
/// `meetdeck.toml` marking `tmp/notes` as the notes' root. `None` when absent.
fn shared_copy(tmp: &Path) -> Option<PathBuf> {
    let series = crate::shared::shared_or_skip(SHARED_SERIES.trim_start_matches("../shared/"))?;
    let year = tmp.join("notes/2023");
    copy_dir(&series, &year.join("Double Week Meetings"));
    copy_dir(&series.join("../images"), &year.join("images"));
    std::fs::write(tmp.join("notes/meetdeck.toml"), "").expect("write meetdeck.toml");
    Some(year.join("Double Week Meetings"))
}

/// The fixtures' series copied into `tmp/`, with a `meetdeck.toml` at `tmp/`.
fn fixture_copy(tmp: &Path) -> PathBuf {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/batch");
    copy_dir(&fixtures, tmp);
    std::fs::write(tmp.join("meetdeck.toml"), "").expect("write meetdeck.toml");
    tmp.join("series")
}

/// One meeting as the index page lists it.
#[derive(Debug, Clone, PartialEq)]
struct Listed {
    href: String,
    date: Option<String>,
    title: String,
    slides: usize,
}

/// The meetings of an index page, in page order (read from its HTML, not from a browser).
fn listed(index_html: &str) -> Vec<Listed> {
    let between = |s: &str, start: &str, end: &str| -> Option<String> {
        let from = s.find(start)? + start.len();
        let to = s[from..].find(end)? + from;
        Some(s[from..to].to_string())
    };
    index_html
        .split(r#"<li class="meeting""#)
        .skip(1)
        .map(|item| Listed {
            href: between(item, r#"href=""#, "\"").expect("href"),
            date: between(item, r#"<time datetime=""#, "\""),
            title: between(item, r#"<span class="meeting-title">"#, "</span>").expect("title"),
            // "12 slides", or "≈ 12 slides" (a narrow space) when continuations are estimated.
            slides: between(item, r#"<span class="meeting-slides">"#, " ")
                .and_then(|n| n.trim_start_matches("≈&#8239;").parse().ok())
                .expect("slide count"),
        })
        .collect()
}

fn decoded(href: &str) -> String {
    percent_encoding::percent_decode_str(href)
        .decode_utf8()
        .expect("UTF-8 href")
        .into_owned()
}

/// Opens the index at `index` and every deck it links to; returns each deck's slide total.
fn open_every_link(page: &Page, index: &Path) -> Vec<u64> {
    page.goto(&file_url(index)).expect("open the index");
    let links = page
        .eval("[...document.querySelectorAll('a.meeting-link')].map(a => a.href)")
        .expect("links");
    let links: Vec<String> = links
        .as_array()
        .expect("an array of links")
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    let mut totals = Vec::new();
    for link in &links {
        assert!(link.starts_with("file://"), "{link}");
        page.goto("about:blank").expect("blank");
        page.goto(link)
            .unwrap_or_else(|e| panic!("{link} does not open: {e}"));
        let total = page
            .eval_timeout(
                "window.meetdeck.ready.then(() => window.meetdeck.total())",
                Duration::from_secs(20),
            )
            .unwrap_or_else(|e| panic!("{link}: window.meetdeck.ready did not resolve: {e}"));
        totals.push(
            total
                .as_u64()
                .unwrap_or_else(|| panic!("{link}: total {total}")),
        );
    }
    totals
}

/// Types `query` into the search box (as an input event) and counts the meetings shown.
fn search(page: &Page, query: &str) -> (u64, bool) {
    let js = format!(
        "(() => {{ const box = document.getElementById('search'); box.value = {}; \
         box.dispatchEvent(new Event('input', {{ bubbles: true }})); \
         return [document.querySelectorAll('.meeting:not([hidden])').length, \
                 !document.getElementById('no-match').hidden]; }})()",
        Value::String(query.to_string())
    );
    let v = page.eval(&js).expect("search");
    (
        v[0].as_u64().expect("count"),
        v[1].as_bool().expect("no-match flag"),
    )
}

#[test]
fn fixtures_folder_build_index_links_search_and_failures() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let series = fixture_copy(tmp.path());
    // A symlink loop inside the folder must not hang or duplicate anything.
    #[cfg(unix)]
    std::os::unix::fs::symlink(&series, series.join("2024/loop")).expect("symlink");
    // Two broken notes among the good ones.
    std::fs::write(
        series.join("2024/broken.md"),
        b"# Broken\n\nok line\n\xff\xfe bad\n",
    )
    .expect("write broken");
    std::fs::write(series.join("front.md"), "---\ntitle: [\n---\n# x\n").expect("write front");
    let out = tmp.path().join("site");

    let (ok, stderr) = build(&series, &out, &["-j", "2"]);
    assert!(!ok, "a broken note must fail the run:\n{stderr}");
    assert!(
        stderr.contains("broken.md:4: ") && stderr.contains("UTF-8"),
        "{stderr}"
    );
    assert!(
        stderr.contains("front.md:2: invalid YAML front matter"),
        "{stderr}"
    );
    assert!(
        stderr.contains("6 notes (4 built, 0 unchanged)"),
        "{stderr}"
    );
    // Piped (not a terminal): no progress bar, no terminal control codes; a line a note.
    assert!(
        !stderr.contains('\r') && !stderr.contains('\x1b'),
        "progress drawn into a pipe: {stderr:?}"
    );
    for deck in [
        "2023-12-14.html",
        "2024/2024-01-11.html",
        "2024/2024-01-25.html",
        "2024/2024-02-08 小组会.html",
    ] {
        assert!(out.join(deck).is_file(), "{deck} not written:\n{stderr}");
    }
    assert!(
        !out.join("README.html").exists(),
        "README.md is not a meeting"
    );
    assert!(!out.join(".drafts").exists(), "hidden folders are skipped");
    assert!(!out.join("2024/broken.html").exists() && !out.join("front.html").exists());

    let index_path = out.join("index.html");
    let html = std::fs::read_to_string(&index_path).expect("index.html");
    assert!(html.contains(r#"<html lang="en">"#), "page language");
    let expected = [
        (
            "2024/2024-02-08%20%E5%B0%8F%E7%BB%84%E4%BC%9A.html",
            "2024-02-08",
            "园艺小组会 2024-02-08",
            5,
        ),
        (
            "2024/2024-01-25.html",
            "2024-01-25",
            "Garden club sync 2024-01-25",
            3,
        ),
        (
            "2024/2024-01-11.html",
            "2024-01-11",
            "Garden club sync 2024-01-11",
            4,
        ),
        ("2023-12-14.html", "2023-12-14", "Year-end planning", 3),
    ];
    let got = listed(&html);
    let want: Vec<Listed> = expected
        .iter()
        .map(|(href, date, title, slides)| Listed {
            href: href.to_string(),
            date: Some(date.to_string()),
            title: title.to_string(),
            slides: *slides,
        })
        .collect();
    assert_eq!(got, want, "index entries, newest first");
    assert_eq!(
        html.matches(r#"<section class="year""#).count(),
        2,
        "grouped by year"
    );
    assert!(
        html.contains("Seeds") && html.contains("温室"),
        "agenda items shown"
    );

    // Fix the broken notes away: the good ones were kept as built, nothing is rebuilt.
    std::fs::remove_file(series.join("2024/broken.md")).expect("rm");
    std::fs::remove_file(series.join("front.md")).expect("rm");
    let (ok, stderr) = build(&series, &out, &[]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("4 notes (0 built, 4 unchanged)"),
        "{stderr}"
    );
    // A changed image rebuilds the one note that shows it.
    let later = std::time::SystemTime::now() + Duration::from_secs(5);
    std::fs::File::options()
        .write(true)
        .open(tmp.path().join("images/tray.png"))
        .and_then(|f| f.set_modified(later))
        .expect("touch png");
    let (ok, stderr) = build(&series, &out, &[]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("4 notes (1 built, 3 unchanged)"),
        "{stderr}"
    );

    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let page = browser.new_page(1280, 800).expect("page");
    let totals = open_every_link(&page, &index_path);
    assert_eq!(totals.len(), 4);
    for (total, (_, _, _, slides)) in totals.iter().zip(expected) {
        assert!(*total >= slides as u64, "deck total {total} < {slides}");
    }

    page.goto(&file_url(&index_path)).expect("index");
    assert_eq!(search(&page, ""), (4, false));
    assert_eq!(search(&page, "tomato"), (2, false), "case-insensitive");
    assert_eq!(search(&page, "番茄"), (1, false), "CJK substring");
    assert_eq!(search(&page, "幼苗"), (1, false), "CJK inside a word");
    assert_eq!(search(&page, "TOMATO greenhouse"), (1, false), "all terms");
    assert_eq!(
        search(&page, "ｔｏｍａｔｏ"),
        (2, false),
        "full-width folds"
    );
    assert_eq!(search(&page, "zucchini"), (0, true), "no match message");
    assert_eq!(search(&page, ""), (4, false));
    let requests = page.requests();
    assert!(
        requests
            .iter()
            .all(|r| r.starts_with("file://") || r.starts_with("data:") || r == "about:blank"),
        "the index and decks load nothing from the network: {requests:?}"
    );
}

#[test]
fn shared_notes_index_links_search_incremental_and_new() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let Some(series) = shared_copy(tmp.path()) else {
        return;
    };
    let out = tmp.path().join("site");
    let (ok, stderr) = build(&series, &out, &[]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("14 notes (14 built, 0 unchanged)"),
        "{stderr}"
    );

    // Every note listed with the date of its file name and the slide count of its deck.
    let html = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    assert!(html.contains(r#"<html lang="zh-CN">"#), "page language");
    let got = listed(&html);
    assert_eq!(got.len(), 14, "{got:#?}");
    let cache = meetdeck::assets::ImageCache::default();
    let mut dates = Vec::new();
    for item in &got {
        let deck_rel = decoded(&item.href);
        let note = series.join(&deck_rel).with_extension("md");
        assert!(note.is_file(), "{} links to no note's deck", item.href);
        assert!(out.join(&deck_rel).is_file(), "{deck_rel} not written");
        let stem = note
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        assert_eq!(
            item.date,
            meetdeck::meeting::find_date(&stem).map(|d| d.iso()),
            "{stem}"
        );
        let built =
            meetdeck::build::build_note(&note, &Default::default(), &cache).expect("builds alone");
        assert_eq!(item.slides, built.summary.slides, "{stem}: slide count");
        dates.push(item.date.clone().expect("dated"));
    }
    let mut newest_first = dates.clone();
    newest_first.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, newest_first);
    assert_eq!(dates[0], "2023-08-24");
    assert!(
        !html.contains("src=\"http") && !html.contains("<link"),
        "no remote assets"
    );

    // A second run rebuilds nothing and writes nothing.
    let index_mtime = std::fs::metadata(out.join("index.html"))
        .and_then(|m| m.modified())
        .expect("mtime");
    let (ok, stderr) = build(&series, &out, &[]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("14 notes (0 built, 14 unchanged)"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::metadata(out.join("index.html"))
            .and_then(|m| m.modified())
            .expect("mtime"),
        index_mtime
    );
    let (ok, stderr) = build(&series, &out, &["--force"]);
    assert!(ok && stderr.contains("(14 built, 0 unchanged)"), "{stderr}");

    if let Some(browser) = cdp::browser_or_skip() {
        // As downloaded from a chat: the output folder alone, somewhere else.
        let download = tmp.path().join("下载/会议 archive");
        copy_dir(&out, &download);
        let page = browser.new_page(1280, 800).expect("page");
        let totals = open_every_link(&page, &download.join("index.html"));
        assert_eq!(totals.len(), 14);
        page.goto(&file_url(&download.join("index.html")))
            .expect("index");
        assert_eq!(search(&page, ""), (14, false));
        let count = |term: &str| {
            std::fs::read_dir(&series)
                .expect("series")
                .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
                .filter(|text| text.to_lowercase().contains(term))
                .count() as u64
        };
        for term in ["快照", "rdma"] {
            let (shown, _) = search(&page, term);
            assert_eq!(shown, count(term), "search {term}");
            assert!(
                shown > 0 && shown < 14,
                "{term} should narrow the list: {shown}"
            );
        }
        assert_eq!(search(&page, "不存在的词语"), (0, true));
    }

    // `meetdeck new`: two weeks after the last meeting (the series' 每两周), not the 21
    // days between the last two notes.
    let output = meetdeck(&["new".as_ref(), series.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let next = series.join("2023-09-07.md");
    let text = std::fs::read_to_string(&next).expect("the new note");
    assert!(text.contains("2023/09/07 19:00~19:30"), "{text}");
    assert!(text.contains("会议时间：2023/09/07 19:00-19:30"), "{text}");
    assert!(
        text.contains("#腾讯会议：446-419-646"),
        "join block carried over"
    );
    assert!(
        text.contains("### 一、近期工作") && !text.contains("HDFS"),
        "{text}"
    );
    let output = meetdeck(&["new".as_ref(), series.as_os_str()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a second `new` must refuse");
    assert!(stderr.contains("2023-09-07.md: already exists"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&next).expect("still there"), text);
}

/// Each community folder of `../shared/notes-world/` built with `meetdeck build DIR`: every
/// note of its index is dated (each states its date, in its text or its path: none is
/// "undated"), with the day a person reads in it.
#[test]
fn notes_world_indexes_date_every_meeting() {
    let Some(world) = crate::shared::shared_or_skip("notes-world") else {
        return;
    };
    // (community, notes, hand-read dates, newest first)
    let communities: [(&str, &[&str]); 5] = [
        (
            "nodejs-tsc",
            &[
                "2026-02-11",
                "2022-08-03",
                "2018-10-24",
                "2016-05-19",
                "2015-02-19",
                "2014-10-29",
            ],
        ),
        (
            "wasm",
            &[
                "2025-10-07",
                "2022-10-26",
                "2021-03-22",
                "2020-10-19",
                "2020-04-02",
                "2017-08-22",
            ],
        ),
        (
            "rust-council",
            &[
                "2026-05-08",
                "2025-07-18",
                "2024-12-06",
                "2024-08-30",
                "2023-12-08",
                "2023-06-22",
            ],
        ),
        (
            "sklearn",
            &[
                "2026-03-02",
                "2024-04-29",
                "2022-11-28",
                "2022-01-14",
                "2021-07-26",
                "2020-11-30",
                "2019-08-26",
            ],
        ),
        (
            "paddle",
            &[
                "2025-12-11",
                "2025-06-04",
                "2024-01-31",
                "2024-01-25",
                "2023-11-16",
                "2023-03-07",
                "2022-05-12",
            ],
        ),
    ];
    let tmp = tempfile::tempdir().expect("temp dir");
    for (community, dates) in communities {
        let out = tmp.path().join(community);
        let (ok, stderr) = build(&world.join(community), &out, &[]);
        assert!(ok, "{community}: {stderr}");
        let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
        assert!(
            !index.contains("data-year=\"Undated\""),
            "{community}: an undated meeting"
        );
        let shown: Vec<&str> = index
            .split("<time datetime=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        // wasm's SIMD-12-03 is titled with 2012-12-03 in a 2021 folder: its date is not
        // asserted, only that it has one.
        let shown: Vec<&str> = shown
            .into_iter()
            .filter(|d| !["2012-12-03", "2021-12-03"].contains(d))
            .collect();
        assert_eq!(shown, dates, "{community}");
    }
}

/// `meetdeck new` on copies of the series folders of `../shared/notes-world/`: the next date
/// from the series' cadence (its name, the weekday of its months, a quarter), the file named
/// and the date written as the community writes them, the labelled metadata lines carried
/// over with the date moved. The dates below are worked out by hand from the notes read.
#[test]
fn new_notes_for_the_notes_world_series() {
    let Some(world) = crate::shared::shared_or_skip("notes-world") else {
        return;
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    // (series folder, the new note's name, lines it must hold)
    let series: [(&str, &str, &[&str]); 8] = [
        // Last Mondays of their months (2022-11-28, 2024-04-29) in `monthly_meetings/`.
        (
            "sklearn/monthly_meetings",
            "2024-05-27.md",
            &["## May 27th 4pm CEST, 11am ET"],
        ),
        // `scikit-learn bi-weekly update — 2026-03-02`.
        (
            "sklearn/biweekly_meetings",
            "2026-03-16.md",
            &["# scikit-learn bi-weekly update — 2026-03-16"],
        ),
        // One note in `main/2025/`, named `CG-10-07.md`; nothing tells the cadence: a week.
        (
            "wasm/main/2025",
            "CG-10-14.md",
            &[
                "## Agenda for the October 14 video call of WebAssembly's Community Group",
                "- **When**: October 14, 16:00-17:00 UTC (9am-10am PDT, 18:00-19:00 CEST)",
            ],
        ),
        // `sg-3-22.md`: month and day unpadded.
        (
            "wasm/stack/2021",
            "sg-3-29.md",
            &["- **When**:  March 29th, 16:00-17:00 UTC ( March 29th, 9am-10am Pacific Standard Time)"],
        ),
        (
            "paddle/pfcc/meetings/2025",
            "2025-12-18-meeting-minutes.md",
            &[
                "# Paddle Framework Contributor Club 六十四次会议纪要",
                "- 本次会议时间：2025/12/18 20:00-21:00 (GMT+08:00) 中国标准时间 - 北京",
                "- 本次会议接入方式：【腾讯会议 250-563-655】",
                "  - [点击链接入会](https://meeting.tencent.com/dm/SVtKS8pvF6wf)，或添加至会议列表",
            ],
        ),
        // A quarter: 2024-01-31 → the last day of April.
        (
            "paddle/pposdwg",
            "2024-Q2-meeting-agenda.md",
            &["- 本次会议时间：2024/04/30 20:00-21:00", "# 飞桨社区开源发展工作组 2024-Q2 会议议程"],
        ),
        // `## 第二十一次 PaddleOCR 开源共建研讨会`, `* 会议时间：2025-06-04 19:30`.
        (
            "paddle/ppsigs/meetings/2025",
            "2025-06-11-meeting-agenda.md",
            &["## 第二十二次 PaddleOCR 开源共建研讨会", "* 会议时间：2025-06-11 19:30"],
        ),
        // Years apart in this archive: no cadence from the gaps; a week.
        ("nodejs-tsc/meetings", "2026-02-18.md", &[]),
    ];
    for (folder, name, lines) in series {
        let copy = tmp.path().join(folder);
        copy_dir(&world.join(folder), &copy);
        let output = meetdeck(&["new".as_ref(), copy.as_os_str()]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{folder}: {stderr}");
        let text = std::fs::read_to_string(copy.join(name))
            .unwrap_or_else(|e| panic!("{folder}: no {name} ({e}); {stderr}"));
        for line in lines {
            assert!(
                text.lines().any(|l| l == *line),
                "{folder}/{name}: no line {line:?} in\n{text}"
            );
        }
    }
}
