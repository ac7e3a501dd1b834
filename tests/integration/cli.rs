//! The binary's habits, run as a user would: where files go (nothing for an empty folder,
//! `-o -` is stdout, `pdf -o DIR` refused before a browser starts).

use std::path::Path;
use std::process::{Command, Output};

/// `meetdeck ARGS` in `dir`, with `MEETDECK_CHROME` pointing nowhere (no browser runs).
fn meetdeck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_meetdeck"))
        .args(args)
        .current_dir(dir)
        .env("MEETDECK_CHROME", "/nonexistent/chrome")
        .output()
        .expect("run meetdeck")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir`, relative, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut all: Vec<String> = walk(dir)
        .iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    all.sort();
    all
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("list") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        }
        out.push(path);
    }
    out
}

#[test]
fn build_of_a_folder_without_notes_says_so_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("meetings")).expect("folder");
    std::fs::write(dir.path().join("meetings/README.md"), "# readme\n").expect("readme");
    let out = meetdeck(dir.path(), &["build", "meetings"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("no notes found"), "{}", stderr(&out));
    let out = meetdeck(dir.path(), &["build", "meetings", "-o", "site"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(files(dir.path()), ["meetings", "meetings/README.md"]);
}

#[test]
fn build_dash_o_dash_writes_the_deck_to_stdout() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("n.md"), "# T\n\n## A\n\ntext\n").expect("note");
    let out = meetdeck(dir.path(), &["build", "n.md", "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let html = String::from_utf8(out.stdout.clone()).expect("UTF-8");
    assert!(
        html.starts_with("<!DOCTYPE html>"),
        "{}",
        &html[..80.min(html.len())]
    );
    assert!(html.trim_end().ends_with("</html>"));
    assert!(
        stderr(&out).contains("wrote stdout (2 slides"),
        "{}",
        stderr(&out)
    );
    assert_eq!(files(dir.path()), ["n.md"], "no file named -");
    // A folder's decks cannot all go to stdout: a usage error, nothing written.
    let out = meetdeck(dir.path(), &["build", ".", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(files(dir.path()), ["n.md"]);
}

#[test]
fn pdf_to_a_folder_is_refused_before_a_browser_is_looked_for() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("n.md"), "# T\n\n## A\n\ntext\n").expect("note");
    std::fs::create_dir(dir.path().join("out")).expect("folder");
    for target in ["out", "out/", "missing/x.pdf"] {
        let out = meetdeck(dir.path(), &["pdf", "n.md", "-o", target]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "a usage error, {target}: {err}");
        // MEETDECK_CHROME names no file: reaching the browser would say so.
        assert!(!err.contains("MEETDECK_CHROME"), "{target}: {err}");
        assert!(
            err.contains("is a folder") || err.contains("no such folder"),
            "{err}"
        );
        assert!(!err.contains("/tmp/") && !err.contains(".tmp"), "{err}");
    }
    assert_eq!(files(dir.path()), ["n.md", "out"]);
}

/// `-q` prints nothing but warnings and errors; `theme list` and `themes` list the same.
#[test]
fn quiet_and_theme_list() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("n.md"), "# T\n\n## A\n\n![](gone.png)\n").expect("note");
    let out = meetdeck(dir.path(), &["-q", "build", "n.md"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stderr(&out).lines().collect::<Vec<_>>(),
        ["warning: n.md:5: image not found: gone.png"]
    );
    let out = meetdeck(dir.path(), &["build", "n.md", "--quiet"]);
    let quiet = stderr(&out);
    assert!(
        quiet.contains("warning:") && !quiet.contains("wrote"),
        "{quiet}"
    );
    let out = meetdeck(dir.path(), &["build", "n.md"]);
    assert!(stderr(&out).contains("wrote n.html"), "{}", stderr(&out));
    let list = meetdeck(dir.path(), &["theme", "list"]);
    let alias = meetdeck(dir.path(), &["themes"]);
    assert!(list.status.success());
    assert_eq!(list.stdout, alias.stdout);
    assert!(String::from_utf8_lossy(&list.stdout)
        .lines()
        .any(|l| l == "default"));
}

/// Without Chromium, skipped browser tests pass but the run ends with one line saying how
/// many were skipped and why (this test runs the test binary itself on two browser tests).
#[test]
fn skipped_browser_tests_are_counted_at_the_end() {
    if std::env::var_os("MEETDECK_SKIP_SUMMARY_CHILD").is_some() {
        return; // The child run: do not recurse.
    }
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "controls::blackout_turns_the_screen_black_and_back",
            "controls::slides_scale_to_fit_and_centre",
            "--test-threads=1",
        ])
        .env("MEETDECK_CHROME", "/nonexistent/chromium")
        .env("MEETDECK_SKIP_SUMMARY_CHILD", "1")
        .env_remove("CI")
        .output()
        .expect("run the test binary");
    let err = stderr(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}\n{err}");
    let summary: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("browser tests skipped"))
        .collect();
    assert_eq!(summary.len(), 1, "{err}");
    assert!(
        summary[0].starts_with("meetdeck: 2 browser tests skipped"),
        "{err}"
    );
    assert!(summary[0].contains("/nonexistent/chromium"), "{err}");
    // With CI=true a missing Chromium fails instead.
    let ci = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", "controls::slides_scale_to_fit_and_centre"])
        .env("MEETDECK_CHROME", "/nonexistent/chromium")
        .env("MEETDECK_SKIP_SUMMARY_CHILD", "1")
        .env("CI", "true")
        .output()
        .expect("run the test binary");
    assert!(!ci.status.success(), "CI=true must fail without Chromium");
}

/// The declared licence has its files; release builds carry no debug info while test and
/// debug builds keep line tables.
#[test]
fn licence_files_and_a_lean_release_profile() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .expect("Cargo.toml")
        .parse()
        .expect("TOML");
    assert_eq!(
        manifest["package"]["license"].as_str(),
        Some("MIT OR Apache-2.0")
    );
    let mit = std::fs::read_to_string(root.join("LICENSE-MIT")).expect("LICENSE-MIT");
    assert!(mit.contains("Permission is hereby granted, free of charge"));
    let apache = std::fs::read_to_string(root.join("LICENSE-APACHE")).expect("LICENSE-APACHE");
    assert!(apache.contains("Apache License") && apache.contains("Version 2.0"));
    let profile = &manifest["profile"];
    assert_eq!(profile["release"]["debug"].as_bool(), Some(false));
    assert_eq!(profile["release"]["strip"].as_str(), Some("debuginfo"));
    assert_eq!(profile["dev"]["debug"].as_str(), Some("line-tables-only"));
}

/// The publishing recipe in `docs/publish-decks.yml`: its `meetdeck` commands, exactly as
/// written, check and build a notes repository (the example note in `notes/`) into `site/`
/// with the index, and leave nothing beside the notes.
#[test]
fn publish_workflow_commands_build_the_archive() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let workflow =
        std::fs::read_to_string(root.join("docs/publish-decks.yml")).expect("the workflow");
    let commands: Vec<Vec<&str>> = workflow
        .lines()
        .filter_map(|l| l.trim().strip_prefix("run: meetdeck "))
        .map(|c| c.split_whitespace().collect())
        .collect();
    assert_eq!(commands.len(), 2, "check and build: {commands:?}");
    assert_eq!(commands[1][..2], ["build", "notes/"], "{commands:?}");

    let repo = tempfile::tempdir().expect("temp dir");
    let notes = repo.path().join("notes");
    std::fs::create_dir_all(notes.join("images")).expect("notes/");
    for entry in std::fs::read_dir(root.join("meetings/images")).expect("images") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, notes.join("images").join(path.file_name().unwrap())).expect("copy");
    }
    let note = "2026-11-19-storage-sig.md";
    std::fs::copy(root.join("meetings").join(note), notes.join(note)).expect("copy");
    std::fs::create_dir(repo.path().join(".git")).expect(".git");
    let before = files(&notes);
    for command in &commands {
        let out = meetdeck(repo.path(), command);
        assert!(
            out.status.success(),
            "meetdeck {}: {}",
            command.join(" "),
            stderr(&out)
        );
    }
    assert!(repo.path().join("site/index.html").is_file());
    let deck = std::fs::read_to_string(repo.path().join("site/2026-11-19-storage-sig.html"))
        .expect("the deck");
    assert!(deck.contains("meetdeck-runtime"));
    assert_eq!(files(&notes), before, "nothing written beside the notes");
}

/// Completions for bash, zsh and fish from the clap definition (`bash -n` checks the bash
/// one), and a man page naming every subcommand.
#[test]
fn completions_and_man_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    for shell in ["bash", "zsh", "fish"] {
        let out = meetdeck(dir.path(), &["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = String::from_utf8(out.stdout).expect("UTF-8");
        for word in ["build", "check", "pdf", "strict", "format"] {
            assert!(script.contains(word), "{shell}: no {word}");
        }
        if shell == "bash" {
            let path = dir.path().join("meetdeck.bash");
            std::fs::write(&path, &script).expect("write");
            if let Ok(check) = Command::new("bash").arg("-n").arg(&path).output() {
                assert!(check.status.success(), "{}", stderr(&check));
            }
        }
    }
    let out = meetdeck(dir.path(), &["completions", "nushell-or-so"]);
    assert_eq!(out.status.code(), Some(2));
    let out = meetdeck(dir.path(), &["man"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let man = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(
        man.starts_with(".ie") || man.contains(".TH meetdeck 1"),
        "{man}"
    );
    for sub in ["build", "watch", "check", "pdf", "theme", "completions"] {
        assert!(man.contains(sub), "man page without {sub}");
    }
}

/// meetdeck prints no colour: no escape sequence with NO_COLOR, nor without it when not on a
/// terminal (a warning, an error and a summary line are checked).
#[test]
fn no_colour_escapes() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("n.md"), "# T\n\n## A\n\n![](gone.png)\n").expect("note");
    for no_color in [true, false] {
        for args in [
            &["build", "n.md"][..],
            &["check", "n.md"],
            &["build", "nope.md"],
        ] {
            let mut command = Command::new(env!("CARGO_BIN_EXE_meetdeck"));
            command.args(args).current_dir(dir.path());
            if no_color {
                command.env("NO_COLOR", "1");
            } else {
                command.env_remove("NO_COLOR");
            }
            let out = command.output().expect("run meetdeck");
            assert!(!out.stderr.is_empty() || !out.stdout.is_empty(), "{args:?}");
            assert!(
                !out.stderr.contains(&0x1b) && !out.stdout.contains(&0x1b),
                "{args:?}: an escape sequence"
            );
        }
    }
}
