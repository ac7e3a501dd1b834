//! `meetdeck check` with the real binary, on `tests/fixtures/check/`: one line per finding
//! on stdout, each naming the note and line; a folder covers every note in it (README.md and
//! hidden folders skipped); the exit code is 0 unless a note is unreadable, or `--strict` and a
//! warning (not an info finding) was reported; `--format json|github`, `--allow KIND`.
//!
//! The commands run in `tests/fixtures/`, so the paths they print are the relative ones
//! given (`check/findings.md:8: ...`). `check` writes nothing.

use std::path::PathBuf;
use std::process::Command;

/// `meetdeck check ARGS` in `tests/fixtures/`: (exit code, stdout lines, stderr).
fn check(args: &[&str]) -> (i32, Vec<String>, String) {
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let output = Command::new(env!("CARGO_BIN_EXE_meetdeck"))
        .arg("check")
        .args(args)
        .current_dir(&fixtures)
        .output()
        .expect("run meetdeck check");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let lines = stdout.lines().map(String::from).collect();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), lines, stderr)
}

/// The findings of `check/findings.md`, in line order: a missing image, a remote image, a
/// skipped heading level and a section too long for one slide.
fn expected_findings(path: &str) -> Vec<String> {
    vec![
        format!("{path}:8: warning: image not found: images/nope.png [missing-image]"),
        format!(
            "{path}:10: warning: remote image not embedded (shown as a link; the deck is not \
             self-contained): https://example.com/logo.png [remote-image]"
        ),
        format!(
            "{path}:14: warning: heading level skipped: h2 is followed by h4 (slides start at h2, \
             vertical slides at h3) [skipped-heading]"
        ),
    ]
}

fn assert_long_slide(line: &str, path: &str) {
    let prefix = format!("{path}:16: info: slide \"Long\" is long (about ");
    assert!(
        line.starts_with(&prefix)
            && line.contains("lines): it will be continued on about ")
            && line.ends_with(" [continued]"),
        "{line:?} is not the long-slide finding at {path}:16"
    );
}

#[test]
fn check_note_prints_one_line_per_finding_with_file_and_line() {
    let (code, lines, stderr) = check(&["check/findings.md"]);
    assert_eq!(code, 0, "without --strict findings do not fail: {stderr}");
    assert_eq!(
        lines.len(),
        4,
        "one line per finding, nothing else: {lines:#?}"
    );
    assert_eq!(lines[..3], expected_findings("check/findings.md")[..]);
    assert_long_slide(&lines[3], "check/findings.md");
    // The two images are a placeholder and a link: the "Images" slide is not long.
    assert!(
        !lines.iter().any(|l| l.contains("\"Images\"")),
        "{lines:#?}"
    );
    assert!(stderr.contains("4 findings in 1 note"), "{stderr}");
}

#[test]
fn check_dir_covers_every_note_in_the_folder() {
    let (code, lines, stderr) = check(&["check"]);
    assert_eq!(code, 0, "{stderr}");
    // Sorted by path: clean.md has none, sub/ is searched; README.md and .drafts/ are not.
    let mut want = expected_findings("check/findings.md");
    want.push(String::new()); // the long slide, checked below
    want.push(
        "check/sub/nested.md:5: warning: image not found: ../images/gone.png [missing-image]"
            .to_string(),
    );
    assert_eq!(lines.len(), want.len(), "{lines:#?}");
    for (i, (got, want)) in lines.iter().zip(&want).enumerate() {
        if i == 3 {
            assert_long_slide(got, "check/findings.md");
        } else {
            assert_eq!(got, want);
        }
    }
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("README") || l.contains(".drafts")),
        "{lines:#?}"
    );
    assert!(stderr.contains("5 findings in 3 notes"), "{stderr}");
}

#[test]
fn strict_exits_1_on_a_warning_and_0_on_a_clean_note() {
    let (code, lines, stderr) = check(&["--strict", "check/findings.md"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        lines.len(),
        4,
        "--strict still reports every finding: {lines:#?}"
    );

    let (code, lines, stderr) = check(&["check/sub/nested.md", "--strict"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        lines,
        ["check/sub/nested.md:5: warning: image not found: ../images/gone.png [missing-image]"]
    );

    let (code, lines, stderr) = check(&["--strict", "check/clean.md"]);
    assert_eq!((code, lines.len()), (0, 0), "{lines:#?} {stderr}");
    assert!(stderr.contains("0 findings in 1 note"), "{stderr}");
    let (code, lines, _) = check(&["check/clean.md"]);
    assert_eq!((code, lines.len()), (0, 0));

    // A folder with findings fails as a whole under --strict.
    let (code, _, stderr) = check(&["--strict", "check"]);
    assert_eq!(code, 1, "{stderr}");
}

/// `check DIR` and `build DIR` find the same notes (one rule, `meetdeck::discover`):
/// `*.md` and `*.markdown` in any case, not README, not hidden folders.
#[test]
fn check_and_build_agree_on_what_a_note_is() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for rel in [
        "a.md",
        "b.markdown",
        "sub/c.MD",
        "README.md",
        ".drafts/d.md",
    ] {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "# Note\n\n## A\n\ntext\n").unwrap();
    }
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_meetdeck"))
            .args(args)
            .current_dir(root)
            .output()
            .expect("run meetdeck");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let checked = run(&["check", "."]);
    assert!(checked.contains("in 3 notes"), "{checked}");
    let out = tempfile::tempdir().unwrap();
    let built = run(&["build", ".", "-o", out.path().to_str().unwrap()]);
    assert!(built.starts_with("3 notes"), "{built}");
}

/// `check` learns from a 4000×3000 PNG's header that it will be embedded; the build decodes,
/// downscales and re-encodes it. Both times are printed (`--nocapture`), not compared: the
/// machine may be busy. The unit tests of `assets` show that the probe decodes nothing.
#[test]
fn check_reads_a_large_images_header_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    // Noise: about 36 MB that no compression shrinks, the worst case for a build.
    let img = image::RgbImage::from_fn(4000, 3000, |x, y| {
        let h =
            (x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263)).wrapping_mul(2_246_822_519);
        image::Rgb([(h >> 24) as u8, (h >> 16) as u8, (h >> 8) as u8])
    });
    img.save(dir.path().join("big.png")).expect("write big.png");
    let note = dir.path().join("note.md");
    std::fs::write(&note, "# Big\n\n## Photo\n\n![photo](big.png)\n").expect("write note");
    let run = |args: &[&str]| {
        let start = std::time::Instant::now();
        let output = Command::new(env!("CARGO_BIN_EXE_meetdeck"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("run meetdeck");
        let elapsed = start.elapsed();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{args:?}: {stdout}{stderr}");
        (elapsed, stdout, stderr)
    };
    let (checked, stdout, stderr) = run(&["check", "--strict", "note.md"]);
    assert!(
        stdout.is_empty(),
        "the image is found and embeddable: {stdout}{stderr}"
    );
    let (built, _, stderr) = run(&["build", "--strict", "note.md", "-o", "note.html"]);
    let deck = std::fs::read_to_string(dir.path().join("note.html")).expect("deck");
    assert!(deck.contains("data:image/png;base64,"), "{stderr}");
    eprintln!("4000x3000 PNG: check {checked:?}, build {built:?}");
}

/// Each command's `--strict` help says what it does there: check and pdf never claim "no
/// deck written"; build does.
#[test]
fn strict_help_is_true_for_each_command() {
    let help = |command: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_meetdeck"))
            .args([command, "--help"])
            .output()
            .expect("run meetdeck --help");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let strict = text
            .lines()
            .skip_while(|l| !l.contains("--strict"))
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(!strict.is_empty(), "{command}: no --strict in\n{text}");
        strict
    };
    assert!(help("build").contains("no deck written"));
    let pdf = help("pdf");
    assert!(
        pdf.contains("no PDF written") && !pdf.contains("deck written"),
        "{pdf}"
    );
    let check = help("check");
    assert!(!check.contains("no deck written"), "{check}");
    assert!(check.contains("Exit 1"), "{check}");
}

/// A note whose only finding is a continued slide (info) passes `--strict`; with a missing
/// image too it fails, unless `--allow missing-image`; every finding is reported.
#[test]
fn strict_fails_on_warnings_not_on_continuations() {
    let dir = tempfile::tempdir().expect("temp dir");
    let long: String = (0..40)
        .map(|i| format!("- item {i} of a list that is not short\n"))
        .collect();
    let only_long = dir.path().join("long.md");
    std::fs::write(&only_long, format!("# T\n\n## Long\n\n{long}")).expect("note");
    let (code, lines, stderr) = check(&["--strict", only_long.to_str().unwrap()]);
    assert_eq!(code, 0, "{lines:?} {stderr}");
    assert_eq!(
        lines.len(),
        1,
        "the continuation is still reported: {lines:?}"
    );
    assert!(lines[0].contains(": info: "), "{lines:?}");

    let both = dir.path().join("both.md");
    std::fs::write(
        &both,
        format!("# T\n\n## Long\n\n{long}\n## Img\n\n![a](gone.png)\n\n![b](gone2.png)\n"),
    )
    .expect("note");
    let both = both.to_str().unwrap();
    let (code, lines, _) = check(&["--strict", both]);
    assert_eq!(
        (code, lines.len()),
        (1, 3),
        "all findings reported: {lines:?}"
    );
    let (code, lines, _) = check(&["--strict", "--allow", "missing-image", both]);
    assert_eq!((code, lines.len()), (0, 1), "{lines:?}");
    let (code, lines, _) = check(&["--allow", "missing-image,continued", both]);
    assert_eq!((code, lines.len()), (0, 0), "{lines:?}");
    let (code, _, stderr) = check(&["--allow", "nonsense", both]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("missing-image"),
        "the kinds are listed: {stderr}"
    );
}

/// `--format json`: one valid JSON array with file, line, severity, kind and message.
#[test]
fn format_json_is_valid_with_file_line_severity() {
    let (code, lines, stderr) = check(&["--format", "json", "check/findings.md"]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&lines.join("\n")).expect("valid JSON on stdout");
    let all = json.as_array().expect("an array");
    assert_eq!(all.len(), 4, "{json}");
    assert_eq!(all[0]["file"], "check/findings.md");
    assert_eq!(all[0]["line"], 8);
    assert_eq!(all[0]["severity"], "warning");
    assert_eq!(all[0]["kind"], "missing-image");
    assert_eq!(all[3]["severity"], "info");
    assert_eq!(all[3]["kind"], "continued");
    assert!(all.iter().all(|f| f["message"].is_string()), "{json}");
}

/// `--format github`: one workflow command a finding, in the annotation syntax.
#[test]
fn format_github_writes_annotations() {
    let (code, lines, stderr) = check(&["--format", "github", "check/findings.md"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines.len(), 4, "{lines:?}");
    assert_eq!(
        lines[0],
        "::warning file=check/findings.md,line=8,title=meetdeck missing-image::image not found: images/nope.png"
    );
    assert!(
        lines[3].starts_with("::notice file=check/findings.md,line=16,title=meetdeck continued::"),
        "{lines:?}"
    );
}

/// A note whose front matter cannot be read is an error finding; the other notes of the
/// folder are still checked and reported.
#[test]
fn unreadable_note_is_reported_and_the_others_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.md"), "---\ndate: [\n---\n# A\n").expect("note");
    std::fs::write(dir.path().join("b.md"), "# B\n\n## S\n\n![x](gone.png)\n").expect("note");
    let (code, lines, stderr) = check(&["--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&lines.join("\n")).expect("JSON");
    let kinds: Vec<&str> = json
        .as_array()
        .expect("array")
        .iter()
        .map(|f| f["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["unreadable", "missing-image"], "{json}");
    assert_eq!(json[0]["severity"], "error");
}

/// Metadata a note labels but meetdeck cannot read (`Time: after lunch`) is a finding of its
/// own kind, with its line, in every format, and `--allow unread-metadata` drops it.
#[test]
fn metadata_not_understood_is_reported_with_its_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let note = dir.path().join("sync.md");
    std::fs::write(
        &note,
        "# Sync\n\n- Time: after lunch, probably\n- Where: room 4, ext. 1234 5678\n\n## A\n\nx\n",
    )
    .expect("write note");
    let note = note.to_string_lossy().into_owned();
    let (code, lines, stderr) = check(&[&note]);
    assert_eq!(code, 0, "a warning fails only with --strict: {stderr}");
    assert_eq!(
        lines,
        [
            format!("{note}:3: warning: time not understood: after lunch, probably [unread-metadata]"),
            format!(
                "{note}:4: warning: join info not understood: room 4, ext. 1234 5678 [unread-metadata]"
            ),
        ]
    );
    let (code, _, _) = check(&["--strict", &note]);
    assert_eq!(code, 1);
    let (_, lines, _) = check(&["--format", "github", &note]);
    assert!(
        lines[0].starts_with(&format!(
            "::warning file={note},line=3,title=meetdeck unread-metadata::time not understood"
        )),
        "{lines:?}"
    );
    let (code, lines, stderr) = check(&["--allow", "unread-metadata", &note]);
    assert_eq!((code, lines.len()), (0, 0), "{lines:?} {stderr}");
}
