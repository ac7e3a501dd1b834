//! `meetdeck check`: what in a note will not present well, per note and line.
//!
//! The deck's runtime fits every slide in the browser that shows it (fonts and windows
//! differ between machines); this lint estimates ahead of time, at the default theme's
//! metrics, which slides it will continue on further slides, so a writer can shorten or
//! split a section before the meeting. It also reports images that will not be embedded and
//! skipped heading levels.

use std::path::Path;

use pulldown_cmark::{Event, Tag};
use serde::Serialize;

use crate::assets;
use crate::build::{BuildOptions, Reads};
use crate::deck::Deck;
use crate::error::{Result, Warning};
use crate::estimate;
use crate::html_refs;
use crate::markdown::new_cmark_parser;
use crate::note::Note;
use crate::settings::Settings;

/// How much a finding matters: `--strict` fails on warnings, never on information.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing, nothing to fix: a slide the runtime will continue on more slides.
    Info,
    /// The deck will not show what the note means: a missing image, ignored metadata.
    Warning,
    /// The note could not be checked at all (unreadable, invalid front matter).
    Error,
}

impl Severity {
    /// The word printed and written in JSON: `info`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a finding is about; `--allow KIND` silences one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A slide too long for one slide: the runtime continues it (info).
    Continued,
    /// A heading that skips a level (warning).
    SkippedHeading,
    /// An image not embedded: not found, outside the notes' root, not an image (warning).
    MissingImage,
    /// A remote image, shown as a link: the deck is not self-contained (warning).
    RemoteImage,
    /// Front matter or metadata meetdeck cannot use, such as an unknown key or a date not
    /// on the calendar (warning).
    Metadata,
    /// A file raw HTML references that is never embedded (a video, a frame, a stylesheet):
    /// removed or shown as a link (warning).
    NotEmbedded,
    /// A date, time or join line the note labels (`Time: …`, `## 时间`) that meetdeck could
    /// not read, so the title slide does not show it (warning).
    UnreadMetadata,
    /// Words in angle brackets that are no HTML element (`<BREAK>`): shown as typed (info).
    PseudoTag,
    /// The note could not be checked (error; cannot be allowed).
    Unreadable,
    /// Something the runtime cannot fit on a slide, even in the smallest font: a table row
    /// too tall for one (a row is never split), whose end is cut off (warning).
    TooTall,
}

impl Kind {
    /// Every kind, in the order the help lists them.
    pub const ALL: [Kind; 10] = [
        Kind::Continued,
        Kind::TooTall,
        Kind::SkippedHeading,
        Kind::MissingImage,
        Kind::RemoteImage,
        Kind::NotEmbedded,
        Kind::Metadata,
        Kind::UnreadMetadata,
        Kind::PseudoTag,
        Kind::Unreadable,
    ];

    /// The kind's name, as `--allow` takes it and the reports print it.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Continued => "continued",
            Kind::SkippedHeading => "skipped-heading",
            Kind::MissingImage => "missing-image",
            Kind::RemoteImage => "remote-image",
            Kind::NotEmbedded => "not-embedded",
            Kind::Metadata => "metadata",
            Kind::UnreadMetadata => "unread-metadata",
            Kind::PseudoTag => "pseudo-tag",
            Kind::Unreadable => "unreadable",
            Kind::TooTall => "too-tall",
        }
    }

    /// The kind named `name` (as [`Kind::as_str`] prints it).
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// How much a finding of this kind matters.
    pub fn severity(self) -> Severity {
        match self {
            Kind::Continued | Kind::PseudoTag => Severity::Info,
            Kind::SkippedHeading
            | Kind::MissingImage
            | Kind::RemoteImage
            | Kind::NotEmbedded
            | Kind::Metadata
            | Kind::UnreadMetadata
            | Kind::TooTall => Severity::Warning,
            Kind::Unreadable => Severity::Error,
        }
    }
}

/// One thing `check` reports: where, what kind, how much it matters, and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What it is about.
    pub kind: Kind,
    /// The note, the line and the message.
    pub warning: Warning,
}

impl Finding {
    /// A finding of `kind` from a warning.
    pub fn new(kind: Kind, warning: Warning) -> Self {
        Finding { kind, warning }
    }

    /// How much it matters (from its kind).
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }

    /// `NOTE.md:LINE: SEVERITY: message [KIND]`, one line.
    pub fn to_text(&self) -> String {
        let w = &self.warning;
        format!(
            "{}: {}: {} [{}]",
            w.location,
            self.severity().as_str(),
            w.message,
            self.kind.as_str()
        )
    }

    /// The finding as a GitHub Actions workflow command, which annotates the file and line
    /// in a pull request: `::warning file=NOTE.md,line=8,title=meetdeck missing-image::…`.
    pub fn to_github(&self) -> String {
        let level = match self.severity() {
            Severity::Info => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let w = &self.warning;
        let mut props = format!(
            "file={}",
            github_escape(&w.location.path.to_string_lossy(), true)
        );
        if let Some(line) = w.location.line {
            props.push_str(&format!(",line={line}"));
        }
        props.push_str(&format!(",title=meetdeck {}", self.kind.as_str()));
        format!("::{level} {props}::{}", github_escape(&w.message, false))
    }

    /// The finding as a JSON object: `file`, `line` (or null), `severity`, `kind`, `message`.
    pub fn to_json(&self) -> serde_json::Value {
        let w = &self.warning;
        serde_json::json!({
            "file": w.location.path.to_string_lossy(),
            "line": w.location.line,
            "severity": self.severity(),
            "kind": self.kind,
            "message": w.message,
        })
    }
}

/// Escapes text for a GitHub workflow command (`%`, CR, LF; in a property also `:` and `,`).
fn github_escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

/// Checks the note at `path`; returns its findings in line order.
pub fn check_note(path: &Path, options: &BuildOptions) -> Result<Vec<Finding>> {
    let note = Note::read(path)?;
    let mut findings: Vec<Finding> = note
        .warnings
        .iter()
        .map(|w| Finding::new(Kind::Metadata, w.clone()))
        .collect();
    let settings = Settings::resolve(&note, options, &mut Reads::default())?;
    let deck = Deck::of(&note, &settings.deck_options());
    for warning in &deck.warnings {
        let kind = if warning.message.starts_with(html_refs::NOT_EMBEDDED) {
            Kind::NotEmbedded
        } else {
            Kind::Metadata
        };
        findings.push(Finding::new(kind, warning.clone()));
    }
    findings.extend(
        deck.unread
            .iter()
            .map(|w| Finding::new(Kind::UnreadMetadata, w.clone())),
    );
    let asset_options = assets::AssetOptions {
        root: settings.root.clone(),
        max_width: settings.max_image_width,
    };
    // Whether each image will be embedded, from its headers: no decoding or encoding.
    let assets::Embedded {
        assets,
        warnings: image_warnings,
        ..
    } = assets::probe_images(path, &deck.images, &asset_options);
    findings.extend(image_warnings.into_iter().map(|w| {
        let kind = if w.message.starts_with(assets::REMOTE_IMAGE) {
            Kind::RemoteImage
        } else {
            Kind::MissingImage
        };
        Finding::new(kind, w)
    }));

    for (slide, e) in estimates_of(&deck, &assets) {
        if e.tall_rows > 0 {
            let rows = e.tall_rows;
            findings.push(Finding::new(
                Kind::TooTall,
                Warning::new(
                    path,
                    Some(slide.line),
                    format!(
                        "{rows} table row(s) too tall for one slide even in the smallest font: a row is never split, so its end will be cut off; shorten the cells or make them paragraphs"
                    ),
                ),
            ));
        }
        if e.continued() {
            let title = slide
                .heading
                .as_ref()
                .map_or("(untitled)", |h| h.text.as_str());
            let (lines, slides) = (e.lines, e.slides);
            let how = if e.topics > 0 {
                format!(
                    "it will be broken at its {} deeper headings (####, #####) and take about {slides} slides",
                    e.topics
                )
            } else {
                format!("it will be continued on about {slides} slides")
            };
            findings.push(Finding::new(
                Kind::Continued,
                Warning::new(
                    path,
                    Some(slide.line),
                    format!("slide \"{title}\" is long (about {lines:.0} lines): {how}"),
                ),
            ));
        }
    }
    findings.extend(
        skipped_headings(&note, settings.slide_level)
            .into_iter()
            .map(|w| Finding::new(Kind::SkippedHeading, w)),
    );
    findings.extend(
        pseudo_tags(&note)
            .into_iter()
            .map(|w| Finding::new(Kind::PseudoTag, w)),
    );
    findings.sort_by_key(|f| f.warning.location.line.unwrap_or(0));
    Ok(findings)
}

/// Each slide of `deck` with the estimate of what the runtime makes of it.
fn estimates_of<'a>(
    deck: &'a Deck,
    assets: &'a assets::Assets,
) -> impl Iterator<Item = (&'a crate::slides::Slide, estimate::Estimate)> + 'a {
    deck.stacks
        .iter()
        .flat_map(|s| &s.slides)
        .map(move |slide| (slide, estimate::estimate(slide, assets)))
}

/// The line where each slide of the note at `path` starts, with the estimate of the slides
/// the runtime makes of it at 1280×720 (what `check` reports; tested against the runtime).
pub fn slide_estimates(
    path: &Path,
    options: &BuildOptions,
) -> Result<Vec<(usize, estimate::Estimate)>> {
    let note = Note::read(path)?;
    let settings = Settings::resolve(&note, options, &mut Reads::default())?;
    let deck = Deck::of(&note, &settings.deck_options());
    let asset_options = assets::AssetOptions {
        root: settings.root.clone(),
        max_width: settings.max_image_width,
    };
    let probed = assets::probe_images(path, &deck.images, &asset_options);
    Ok(estimates_of(&deck, &probed.assets)
        .map(|(slide, e)| (slide.line, e))
        .collect())
}

/// What `check` found in every note `input` names.
#[derive(Debug, Default)]
pub struct Report {
    /// The notes checked.
    pub notes: usize,
    /// Every finding not allowed, note by note (in path order), each note's in line order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether the report fails the run: an error always; a warning under `strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.findings.iter().any(|f| match f.severity() {
            Severity::Error => true,
            Severity::Warning => strict,
            Severity::Info => false,
        })
    }

    /// The findings as one JSON array of [`Finding::to_json`] objects.
    pub fn to_json(&self) -> String {
        let all: Vec<serde_json::Value> = self.findings.iter().map(Finding::to_json).collect();
        serde_json::Value::Array(all).to_string()
    }
}

/// Checks every note `input` names (a note, or a folder's notes), reporting every finding
/// of every note, without the kinds in `allow`. A note that cannot be read or whose front
/// matter is invalid is an `unreadable` finding (an error), and the others are still checked.
pub fn check_all(input: &Path, options: &BuildOptions, allow: &[Kind]) -> Result<Report> {
    let found = notes_in(input)?;
    let mut report = Report {
        notes: found.notes.len(),
        findings: Vec::new(),
    };
    for problem in found.problems {
        report.findings.push(Finding::new(
            Kind::Unreadable,
            Warning::new(input, None, problem),
        ));
    }
    for note in &found.notes {
        match check_note(note, options) {
            Ok(findings) => report.findings.extend(findings),
            Err(error) => report.findings.push(finding_of_error(note, error)),
        }
    }
    report.findings.retain(|f| !allow.contains(&f.kind));
    Ok(report)
}

/// An error that stopped checking `note`, as an `unreadable` finding at its file and line.
fn finding_of_error(note: &Path, error: crate::Error) -> Finding {
    let warning = match error {
        crate::Error::Input { location, message } => Warning { location, message },
        crate::Error::Io { path, error } => Warning::new(&path, None, error.to_string()),
        other => Warning::new(note, None, other.to_string()),
    };
    Finding::new(Kind::Unreadable, warning)
}

/// The notes `input` names: itself when it is a file, else every note below it (the rule
/// of [`crate::discover`], the same as `build DIR`), sorted; and the problems met searching.
pub fn notes_in(input: &Path) -> Result<crate::discover::Found> {
    let metadata = std::fs::metadata(input).map_err(|e| crate::Error::io(input, e))?;
    if !metadata.is_dir() {
        return Ok(crate::discover::Found {
            notes: vec![input.to_path_buf()],
            problems: Vec::new(),
        });
    }
    let mut found = crate::discover::notes_in(input, crate::discover::Depth::Recursive, None);
    for note in &mut found.notes {
        *note = input.join(&*note);
    }
    Ok(found)
}

/// Headings that skip a level (`##` then `####`): the deck's outline loses a step.
/// Pseudo-tags (`<BREAK>`, `<No questions>`): angle brackets around what is no HTML element.
/// The deck shows them as the text typed; listed so a writer who meant HTML knows.
fn pseudo_tags(note: &Note) -> Vec<Warning> {
    crate::markdown::pseudo_tags(note.body())
        .into_iter()
        .map(|t| {
            Warning::new(
                &note.path,
                Some(note.line_of(note.body_start + t.offset)),
                format!(
                    "{} is not an HTML element: shown as the text written",
                    t.tag
                ),
            )
        })
        .collect()
}

fn skipped_headings(note: &Note, slide_level: u8) -> Vec<Warning> {
    let mut findings = Vec::new();
    let mut previous: Option<u8> = None;
    for (event, range) in new_cmark_parser(note.body()).into_offset_iter() {
        if let Event::Start(Tag::Heading { level, .. }) = event {
            let level = level as u8;
            if let Some(prev) = previous {
                if level > prev + 1 {
                    findings.push(Warning::new(
                        &note.path,
                        Some(note.line_of(note.body_start + range.start)),
                        format!(
                            "heading level skipped: h{prev} is followed by h{level} (slides start at h{slide_level}, vertical slides at h{})",
                            slide_level + 1
                        ),
                    ));
                }
            }
            previous = Some(level);
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::{Asset, Assets};
    use crate::estimate::{wrapped_lines, LINES_PER_SLIDE};
    use crate::slides::Slide;

    fn estimated_lines(slide: &Slide, assets: &Assets) -> f32 {
        estimate::estimate(slide, assets).lines
    }

    use crate::estimate::tests::slide_of;

    #[test]
    fn short_slide_fits_long_slide_does_not() {
        assert!(
            estimated_lines(&slide_of("## A\n\n- one\n- two\n"), &Assets::default())
                < LINES_PER_SLIDE
        );
        let long: String = (0..30)
            .map(|i| format!("- item {i} of a list that is not short\n"))
            .collect();
        assert!(
            estimated_lines(&slide_of(&format!("## A\n\n{long}")), &Assets::default())
                > LINES_PER_SLIDE
        );
    }

    #[test]
    fn missing_and_remote_images_take_one_line() {
        let slide = slide_of(
            "## A\n\n![a](https://example.com/a.png)\n\n<img src=\"//cdn.example.com/b.png\">\n\n![c](gone.png)\n",
        );
        let mut assets = Assets::default();
        for src in ["https://example.com/a.png", "//cdn.example.com/b.png"] {
            assets.by_src.insert(src.to_string(), Asset::Remote);
        }
        let missing = Asset::Missing {
            reason: "image not found: gone.png".to_string(),
        };
        assets.by_src.insert("gone.png".to_string(), missing);
        assert!(estimated_lines(&slide, &assets) < 5.0);
        // Embedded (here: not resolved), three images do not fit on one slide.
        assert!(estimated_lines(&slide, &Assets::default()) > LINES_PER_SLIDE);
    }

    #[test]
    fn cjk_text_wraps_sooner_than_latin() {
        let cjk = "会".repeat(76);
        let latin = "a".repeat(76);
        assert_eq!(wrapped_lines(&cjk), 2.0);
        assert_eq!(wrapped_lines(&latin), 2.0);
        assert_eq!(wrapped_lines(&"a".repeat(60)), 1.0);
    }

    #[test]
    fn reports_long_slides_and_skipped_levels_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        let long: String = (0..40)
            .map(|i| format!("- item {i} of a list that is not short\n"))
            .collect();
        std::fs::write(&path, format!("## Short\n\n#### Deep\n\n## Long\n\n{long}")).unwrap();
        let findings = check_note(&path, &BuildOptions::default()).unwrap();
        let lines: Vec<String> = findings.iter().map(|f| f.warning.to_string()).collect();
        let kinds: Vec<Kind> = findings.iter().map(|f| f.kind).collect();
        assert_eq!(kinds, [Kind::SkippedHeading, Kind::Continued]);
        assert_eq!(findings[1].severity(), Severity::Info);
        assert_eq!(findings.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("n.md:3: heading level skipped"),
            "{lines:?}"
        );
        assert!(
            lines[1].contains("n.md:5: slide \"Long\" is long"),
            "{lines:?}"
        );
    }

    #[test]
    fn kinds_have_severities_and_names() {
        assert_eq!(Kind::Continued.severity(), Severity::Info);
        assert_eq!(Kind::MissingImage.severity(), Severity::Warning);
        assert_eq!(Kind::Metadata.severity(), Severity::Warning);
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(Kind::parse("nope"), None);
    }

    #[test]
    fn findings_as_text_github_and_json() {
        let finding = Finding::new(
            Kind::MissingImage,
            Warning::new(
                Path::new("a, b:c.md"),
                Some(8),
                "image not found: 50%\nx.png",
            ),
        );
        assert_eq!(
            finding.to_text(),
            "a, b:c.md:8: warning: image not found: 50%\nx.png [missing-image]"
        );
        assert_eq!(
            finding.to_github(),
            "::warning file=a%2C b%3Ac.md,line=8,title=meetdeck missing-image::image not found: 50%25%0Ax.png"
        );
        let json = finding.to_json();
        assert_eq!(json["file"], "a, b:c.md");
        assert_eq!(json["line"], 8);
        assert_eq!(json["severity"], "warning");
        assert_eq!(json["kind"], "missing-image");
        let info = Finding::new(Kind::Continued, Warning::new(Path::new("n.md"), None, "x"));
        assert_eq!(
            info.to_github(),
            "::notice file=n.md,title=meetdeck continued::x"
        );
    }

    #[test]
    fn remote_and_unknown_keys_are_classified() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        std::fs::write(
            &path,
            "---\nwhatever: 1\n---\n## A\n\n![r](https://example.com/a.png)\n\n![m](gone.png)\n",
        )
        .unwrap();
        let findings = check_note(&path, &BuildOptions::default()).unwrap();
        let kinds: Vec<Kind> = findings.iter().map(|f| f.kind).collect();
        assert_eq!(
            kinds,
            [Kind::Metadata, Kind::RemoteImage, Kind::MissingImage],
            "{findings:?}"
        );
    }

    #[test]
    fn lists_pseudo_tags_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("n.md");
        std::fs::write(
            &path,
            "---\ntitle: T\n---\n## A\n\n<BREAK>\n\nok <No questions> <br> `<code>`\n",
        )
        .unwrap();
        let findings = check_note(&path, &BuildOptions::default()).unwrap();
        let lines: Vec<String> = findings.iter().map(Finding::to_text).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0].contains("n.md:6: info: <BREAK> is not an HTML element"),
            "{lines:?}"
        );
        assert!(
            lines[1].contains("n.md:8: info: <No questions> is not"),
            "{lines:?}"
        );
    }
}
