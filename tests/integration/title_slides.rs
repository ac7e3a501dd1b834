//! Issue 13, as the reader sees it: every real note of `../shared/notes-world/` and
//! `../shared/notes/` built with `meetdeck build` and opened in headless Chromium at
//! 1280×720; its title slide (the first slide) shows the meeting's date, its start (and end)
//! time, the join link with its QR code and the meeting ID wherever the note writes them,
//! and no time, link, QR code or ID where it writes none. The expected values are the
//! hand-read table of `real_notes_table.rs` (shared with the extraction's unit test), not
//! meetdeck's output.
//!
//! The date: the title slide prints it as `YYYY-MM-DD` under the title, or leaves it in the
//! title as the note writes it (`<span class="title-date">`): there, the day and the month
//! (as a number or an English or Chinese month) must be shown. The year is always on the
//! slide: a title writing `November 28` in a `2022/` folder gets the full date beneath it.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::build_deck;
use crate::cdp::{self, file_url, Page};
use crate::real_notes_table::{Expected, AMBIGUOUS, CURVE, WORLD};
use crate::shared::shared_or_skip;

/// What the title slide shows, read from the rendered page: visible text (`innerText`) and
/// elements with a size on screen.
const TITLE_SLIDE_JS: &str = r#"(() => {
  const s = document.querySelector('.reveal .slides > section');
  if (!s) return { found: false };
  const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const text = (e) => (e && shown(e) ? e.innerText.replace(/\s+/g, ' ').trim() : null);
  const times = [...s.querySelectorAll('time[datetime]')];
  return {
    found: true,
    present: s.classList.contains('present'),
    title_slide: s.classList.contains('title-slide'),
    text: s.innerText.replace(/\s+/g, ' ').trim(),
    title_date: text(s.querySelector('.title-date')),
    when: text(s.querySelector('.meeting-when')),
    datetime: times.map((t) => t.getAttribute('datetime')),
    links: [...s.querySelectorAll('a[href]')].filter(shown).map((a) => a.href),
    qr: [...s.querySelectorAll('svg, img')].filter((e) => shown(e) && (
      e.closest('.meeting-qr') || /qr/i.test(e.getAttribute('aria-label') || e.getAttribute('alt') || '')
    )).length,
    ids: [...s.querySelectorAll('.meeting-id')].map(text),
  };
})()"#;

/// Loads `url` afresh and waits for `meetdeck.ready` (as `present.rs` does).
fn open(page: &Page, url: &str) -> Result<(), String> {
    page.goto("about:blank").map_err(|e| e.to_string())?;
    page.goto(url).map_err(|e| e.to_string())?;
    page.eval_timeout(
        "Promise.race([meetdeck.ready.then(() => true), new Promise((_, no) => \
         setTimeout(() => no(new Error('meetdeck.ready did not settle')), 5000))])",
        Duration::from_secs(8),
    )
    .map_err(|e| format!("meetdeck.ready: {e}"))?;
    Ok(())
}

/// The title slide of `note`, built into a temporary folder and opened in `page`.
fn title_slide_of(page: &Page, note: &Path) -> Result<Value, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let out = dir.path().join("deck.html");
    build_deck(note, &out, &[])?;
    open(page, &file_url(&out))?;
    page.eval(TITLE_SLIDE_JS).map_err(|e| e.to_string())
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// The numbers written in `text` (`2022/5/12` → 2022, 5, 12).
fn numbers(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse().ok())
        .collect()
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Whether `shown`, a date written in a title, names `iso` (`YYYY-MM-DD`): the day as a
/// number; the month as a number or an English month; the year, where it writes a 4-digit
/// one.
fn names_date(shown: &str, iso: &str) -> bool {
    let want = numbers(iso);
    let [year, month, day] = want[..] else {
        return false;
    };
    let got = numbers(shown);
    let lower = shown.to_lowercase();
    let month_named = MONTHS
        .get(month as usize - 1)
        .is_some_and(|m| lower.contains(m));
    let years: Vec<u32> = got.iter().copied().filter(|n| *n >= 1000).collect();
    let rest: Vec<u32> = got.iter().copied().filter(|n| *n < 1000).collect();
    let year_ok = years.is_empty() || years == [year];
    let month_ok = month_named || rest.contains(&month);
    let day_ok = if month_named {
        rest == [day]
    } else {
        rest.len() == 2 && rest.contains(&day)
    };
    year_ok && month_ok && day_ok
}

/// What a title slide shows, per field, over a set of notes.
#[derive(Default)]
struct Shown {
    notes: usize,
    date: usize,
    /// The date's year is on the slide (a title may write `October 19th` alone).
    year: usize,
    time: usize,
    join: usize,
    id: usize,
}

/// Checks the title slide `got` against `want`; the mismatches go to `wrong`.
fn check(want: &Expected, got: &Value, shown: &mut Shown, wrong: &mut Vec<String>) {
    let mut bad = |what: String| wrong.push(format!("{}: {what}", want.path));
    shown.notes += 1;
    if got["found"] != true || got["title_slide"] != true || got["present"] != true {
        bad(format!("the first slide is not a shown title slide: {got}"));
        return;
    }
    let text = got["text"].as_str().unwrap_or_default();
    let when = got["when"].as_str().unwrap_or_default();

    // The date: `YYYY-MM-DD` under the title, or in the title as written.
    let date_shown = when.contains(want.date)
        || got["title_date"]
            .as_str()
            .is_some_and(|d| names_date(d, want.date));
    if date_shown {
        shown.date += 1;
        if text.contains(&want.date[..4]) {
            shown.year += 1;
        } else {
            bad(format!(
                "the year of {} is not on the slide: {text:?}",
                want.date
            ));
        }
    } else {
        bad(format!(
            "date {} not shown (title date {}, under the title {when:?})",
            want.date, got["title_date"]
        ));
    }
    if !strings(&got["datetime"]).contains(&want.date) {
        bad(format!(
            "no <time datetime=\"{}\">: {}",
            want.date, got["datetime"]
        ));
    }

    // The time: start and end as read, or no time at all.
    let clock = |s: &str| {
        s.as_bytes().windows(5).any(|w| {
            w[2] == b':'
                && w[..2].iter().all(u8::is_ascii_digit)
                && w[3..].iter().all(u8::is_ascii_digit)
        })
    };
    match want.start {
        Some(start) => {
            let end_ok = want.end.is_none_or(|end| when.contains(end));
            if when.contains(start) && end_ok {
                shown.time += 1;
            } else {
                bad(format!(
                    "time {start}–{} not shown: {when:?}",
                    want.end.unwrap_or("")
                ));
            }
        }
        None if clock(when) => bad(format!("a time where none is written: {when:?}")),
        None => {}
    }

    // The join link and its QR code.
    let links = strings(&got["links"]);
    let web = links
        .iter()
        .filter(|l| l.starts_with("https://") || l.starts_with("http://"))
        .count();
    let qr = got["qr"].as_u64().unwrap_or(0);
    match (want.join, web > 0, qr > 0) {
        (true, true, true) => shown.join += 1,
        (false, false, false) => {}
        (true, link, qr) => bad(format!("join link shown {link}, QR code shown {qr}")),
        (false, _, _) => bad(format!(
            "a join link or QR code where none is written: {links:?}, {qr} QR"
        )),
    }

    // The meeting ID.
    let ids = got["ids"].as_array().cloned().unwrap_or_default();
    match want.meeting_id {
        Some(id) if text.contains(id) && ids.iter().any(|i| i == id) => shown.id += 1,
        Some(id) => bad(format!("meeting ID {id} not shown: {ids:?}")),
        None if !ids.is_empty() => bad(format!("a meeting ID where none is written: {ids:?}")),
        None => {}
    }
}

/// Every note of notes-world and notes: the title slide as Chromium shows it, against the
/// hand-read table. All mismatches are listed in one failure.
#[test]
fn title_slides_of_the_real_notes_show_their_meeting() {
    let (Some(world), Some(notes)) = (shared_or_skip("notes-world"), shared_or_skip("notes"))
    else {
        return;
    };
    let Some(browser) = cdp::browser_or_skip() else {
        return;
    };
    let started = Instant::now();
    let page = browser.new_page(1280, 720).expect("new page");
    let mut wrong = Vec::new();
    let mut counts = Vec::new();
    for (name, dir, table) in [("notes-world", &world, WORLD), ("notes", &notes, CURVE)] {
        let mut shown = Shown::default();
        for want in table {
            match title_slide_of(&page, &dir.join(want.path)) {
                Ok(got) => check(want, &got, &mut shown, &mut wrong),
                Err(e) => wrong.push(format!("{}: {e}", want.path)),
            }
        }
        counts.push((name, shown));
    }
    // The note whose date a reader cannot settle: some date is shown.
    for path in AMBIGUOUS {
        match title_slide_of(&page, &world.join(path)) {
            Ok(got) if strings(&got["datetime"]).len() == 1 => {}
            Ok(got) => wrong.push(format!("{path}: no date: {}", got["datetime"])),
            Err(e) => wrong.push(format!("{path}: {e}")),
        }
    }
    for (name, s) in &counts {
        eprintln!(
            "{name}: of {} title slides, {} show the date ({} with its year), {} a time, {} a \
             join link and QR code, {} a meeting ID",
            s.notes, s.date, s.year, s.time, s.join, s.id
        );
    }
    eprintln!(
        "title slides of {} notes checked in {:.1?}",
        WORLD.len() + CURVE.len() + AMBIGUOUS.len(),
        started.elapsed()
    );
    assert!(
        wrong.is_empty(),
        "{} mismatches between the title slides and the notes as read:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn a_date_in_a_title_is_read_by_its_numbers_and_month() {
    assert!(names_date("2022/5/12", "2022-05-12"));
    assert!(names_date("November 28", "2022-11-28"));
    assert!(names_date("Tuesday August 22, 2017", "2017-08-22"));
    assert!(names_date("2023-06-22", "2023-06-22"));
    assert!(!names_date("2023-06-22", "2023-06-23"));
    assert!(!names_date("November 28", "2022-10-28"));
    assert!(!names_date("2021/12/03", "2022-12-03"));
}
