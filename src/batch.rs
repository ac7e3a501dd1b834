//! `meetdeck build DIR`: every note of a folder in parallel, with an index page.
//!
//! 1. **Find** every `*.md` under the folder (`README.md`, hidden entries and the output
//!    folder skipped; symlinked folders followed once each, so a link loop ends).
//! 2. **Build** each note on a rayon pool, sharing one [`ImageCache`] so an image used by
//!    a hundred notes is read and encoded once. A failing note is reported
//!    (`file:line: message`) and the others go on.
//! 3. **Skip** what has not changed: `OUTDIR/.meetdeck/manifest.json` keeps, per note, a hash
//!    of its bytes and the size and modification time of every file its deck depends on
//!    (images, theme files), under a key of meetdeck's version, its built-in theme and the
//!    options. An unchanged note whose deck still exists is not rebuilt.
//! 4. **Index**: `OUTDIR/index.html` from the index data of every note; the manifest keeps
//!    the data of unchanged notes, so they are not re-read either.

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, UNIX_EPOCH};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::assets::ImageCache;
use crate::build::{self, BuildOptions, ReadKind, Reads};
use crate::discover;
use crate::error::{Error, Result};
use crate::index::{self, IndexEntry};
use crate::note::Note;
use crate::render::Injections;
use crate::theme::{self, Theme};

/// The build-state folder inside the output folder: hidden (never searched for notes), and
/// it ignores itself in git (its own `.gitignore` says `*`), so a folder built in place
/// (`build meetings/`, decks beside the notes) never gets build state to commit.
pub const CACHE_DIR: &str = ".meetdeck";
/// The manifest's path in the output folder.
pub const MANIFEST_FILE: &str = ".meetdeck/manifest.json";
/// Where older versions kept the manifest (removed when found).
const OLD_MANIFEST_FILE: &str = ".meetdeck-manifest.json";
/// The index page's file name in the output folder.
pub const INDEX_FILE: &str = "index.html";

/// Bumped when the manifest's shape changes: an old manifest is then ignored (full rebuild).
const MANIFEST_FORMAT: u32 = 4;

/// Options of a folder build.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// The folder of notes.
    pub input_dir: PathBuf,
    /// Where decks go, mirroring the input's folders (default: beside each note).
    pub output_dir: Option<PathBuf>,
    /// Options of every deck. When `root` is unset, images may come from the nearest folder
    /// up from `input_dir` holding `.git` or `meetdeck.toml`, else from `input_dir`.
    pub build: BuildOptions,
    /// Rebuild even unchanged notes.
    pub force: bool,
    /// Worker threads (default: all cores).
    pub jobs: Option<usize>,
    /// Show a progress bar (only on a terminal).
    pub progress: bool,
}

/// What a folder build did.
#[derive(Debug, Clone, Default)]
pub struct BatchReport {
    /// Notes found.
    pub notes: usize,
    /// Decks written this run.
    pub built: usize,
    /// Notes skipped because nothing they depend on changed.
    pub unchanged: usize,
    /// Slides of every deck (built or unchanged) as a viewer sees them, continuation slides
    /// estimated (see [`crate::build::Summary`]).
    pub slides: usize,
    /// Warnings of the decks built this run.
    pub warnings: usize,
    /// The warnings of the decks built this run (`file:line: message`), in note order.
    pub warning_messages: Vec<String>,
    /// One line per failed note (`file:line: message`).
    pub failures: Vec<String>,
    /// The index page written (or kept, when nothing changed).
    pub index: PathBuf,
    /// How long the run took.
    pub elapsed: Duration,
}

/// Builds every note under `options.input_dir`; see the module documentation.
///
/// An error is returned only when the run as a whole cannot proceed (the input is not a
/// folder, the output folder cannot be created, the index cannot be written); a note that
/// fails is a line in [`BatchReport::failures`].
pub fn build_dir(options: &BatchOptions) -> Result<BatchReport> {
    let started = Instant::now();
    let input_dir = &options.input_dir;
    let meta = std::fs::metadata(input_dir).map_err(|e| Error::io(input_dir, e))?;
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "{}: not a folder",
            crate::error::shown_path(input_dir)
        )));
    }
    let out_root = options
        .output_dir
        .clone()
        .unwrap_or_else(|| input_dir.clone());

    // The output folder (when it exists already) is skipped while searching, unless it is
    // the input folder itself.
    let canonical_input = input_dir
        .canonicalize()
        .map_err(|e| Error::io(input_dir, e))?;
    let canonical_out = out_root.canonicalize().ok();
    let skip_dir = canonical_out
        .as_deref()
        .filter(|out| *out != canonical_input);

    let found = discover::notes_in(input_dir, discover::Depth::Recursive, skip_dir);
    let mut failures = found.problems;
    let notes = found.notes;
    if notes.is_empty() {
        // Nothing to build: nothing is written, not even an empty index.
        let mut message =
            "no notes found (*.md or *.markdown files, README.md excepted)".to_string();
        if !failures.is_empty() {
            message.push_str(&format!("; {}", failures.join("; ")));
        }
        return Err(Error::input(input_dir, None, message));
    }
    std::fs::create_dir_all(&out_root).map_err(|e| Error::io(&out_root, e))?;

    let mut build_options = options.build.clone();
    if build_options.root.is_none() {
        // The folder being built is the archive: its images may come from anywhere in it
        // (or in the repository around it), not only from each note's own folder.
        build_options.root = Some(crate::settings::notes_root(&input_dir.join(INDEX_FILE)));
    }
    let config = config_key(&build_options);

    let manifest_path = out_root.join(MANIFEST_FILE);
    let old = Manifest::load(&manifest_path)
        .filter(|m| m.format == MANIFEST_FORMAT && m.config == config)
        .unwrap_or_default();

    let jobs: Vec<Job> = notes
        .into_iter()
        .map(|rel| {
            let deck_rel = rel.with_extension("html");
            Job {
                path: input_dir.join(&rel),
                key: index::slash_path(&rel),
                output: out_root.join(&deck_rel),
                rel,
                deck_rel,
            }
        })
        .collect();

    // Two notes cannot share a deck (`a.md` and `a.markdown`), nor take the index's place
    // (`index.md` at the top): the later one fails rather than overwrite.
    let found = jobs.len();
    let mut taken: HashMap<PathBuf, String> =
        HashMap::from([(PathBuf::from(INDEX_FILE), "the index page".to_string())]);
    let jobs: Vec<Job> = jobs
        .into_iter()
        .filter(|job| match taken.get(&job.deck_rel) {
            Some(owner) => {
                failures.push(format!(
                    "{}: its deck {} would overwrite {owner}; rename the note",
                    crate::error::shown_path(&job.path),
                    crate::error::shown_path(&job.output)
                ));
                false
            }
            None => {
                taken.insert(
                    job.deck_rel.clone(),
                    format!("the deck of {}", crate::error::shown_path(&job.path)),
                );
                true
            }
        })
        .collect();

    let progress = options.progress.then(|| progress_bar(jobs.len()));
    let context = Context {
        options: &build_options,
        force: options.force,
        old: &old,
        cache: ImageCache::default(),
        progress: progress.as_ref(),
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| Error::Thread {
            what: "the worker threads",
            error: e.to_string(),
        })?;
    let outcomes: Vec<Outcome> = pool.install(|| jobs.par_iter().map(|j| context.run(j)).collect());
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }

    let mut report = BatchReport {
        notes: found,
        index: out_root.join(INDEX_FILE),
        ..BatchReport::default()
    };
    let mut manifest = Manifest {
        format: MANIFEST_FORMAT,
        config,
        index_template: index::template_key(),
        notes: BTreeMap::new(),
    };
    for (job, outcome) in jobs.iter().zip(outcomes) {
        match outcome {
            Outcome::Unchanged(entry) => {
                report.unchanged += 1;
                report.slides += entry.index.slides;
                manifest.notes.insert(job.key.clone(), entry);
            }
            Outcome::Built(entry, warnings) => {
                report.built += 1;
                report.slides += entry.index.slides;
                report.warnings += warnings.len();
                report.warning_messages.extend(warnings);
                manifest.notes.insert(job.key.clone(), entry);
            }
            Outcome::Failed(message) => failures.push(message),
        }
    }
    report.failures = failures;

    // The index and the manifest are rewritten only when something changed: an unchanged
    // run reads, hashes and compares, and writes nothing.
    let changed = report.built > 0
        || old.config != manifest.config
        || old.index_template != manifest.index_template
        || old.notes.len() != manifest.notes.len()
        || !old.notes.keys().eq(manifest.notes.keys());
    if changed || !report.index.is_file() {
        let entries: Vec<IndexEntry> = manifest.notes.values().map(|e| e.index.clone()).collect();
        let html = index::render_index(&index_title(&canonical_input), &entries)?;
        crate::write::write_atomic(&report.index, html.as_bytes())?;
    }
    if changed || !manifest_path.is_file() {
        let json = serde_json::to_vec(&manifest)
            .map_err(|e| Error::io(&manifest_path, std::io::Error::other(e.to_string())))?;
        create_cache_dir(&out_root.join(CACHE_DIR))?;
        crate::write::write_atomic(&manifest_path, &json)?;
    }
    // The manifest of older versions, beside the decks: build state that is gone now.
    let _ = std::fs::remove_file(out_root.join(OLD_MANIFEST_FILE));
    report.elapsed = started.elapsed();
    Ok(report)
}

/// Creates the build-state folder with a `.gitignore` of `*` (git then ignores the folder,
/// as pytest does with `.pytest_cache`) and a `CACHEDIR.TAG` (backup tools skip it).
fn create_cache_dir(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let files: [(&str, &[u8]); 2] = [
        (
            ".gitignore",
            b"# meetdeck's build state (the manifest of folder builds); safe to delete.\n*\n",
        ),
        (
            "CACHEDIR.TAG",
            b"Signature: 8a477f597d28d172789f06886806bc55\n# meetdeck's build state.\n",
        ),
    ];
    for (name, bytes) in files {
        let path = dir.join(name);
        if !path.is_file() {
            crate::write::write_atomic(&path, bytes)?;
        }
    }
    Ok(())
}

/// One note to build.
struct Job {
    /// The note as found (`input_dir/rel`), as messages show it.
    path: PathBuf,
    /// Relative to the input folder.
    rel: PathBuf,
    /// `rel`, `/`-separated: the note's key in the manifest.
    key: String,
    /// Where its deck goes.
    output: PathBuf,
    /// The deck relative to the output folder (where the index is).
    deck_rel: PathBuf,
}

enum Outcome {
    Unchanged(ManifestEntry),
    /// The new entry and the deck's warnings.
    Built(ManifestEntry, Vec<String>),
    /// `file:line: message`.
    Failed(String),
}

/// What every worker shares.
struct Context<'a> {
    options: &'a BuildOptions,
    force: bool,
    old: &'a Manifest,
    cache: ImageCache,
    progress: Option<&'a indicatif::ProgressBar>,
}

impl Context<'_> {
    fn run(&self, job: &Job) -> Outcome {
        let outcome = match self.process(job) {
            Ok(outcome) => outcome,
            Err(error) => Outcome::Failed(error.to_string()),
        };
        if let Some(bar) = self.progress {
            bar.inc(1);
        }
        outcome
    }

    fn process(&self, job: &Job) -> Result<Outcome> {
        let bytes = crate::note::read_bytes(&job.path)?;
        let note_hash = format!("{:016x}", hash_bytes(&bytes));
        if !self.force {
            if let Some(previous) = self.old.notes.get(&job.key) {
                if previous.note_hash == note_hash
                    && previous.deps.iter().all(Dep::is_current)
                    && job.output.is_file()
                {
                    return Ok(Outcome::Unchanged(previous.clone()));
                }
            }
        }

        let note = Note::from_bytes(&job.path, &bytes)?;
        let mut reads = Reads::default();
        let built = build::build_from_note(
            note,
            self.options,
            &self.cache,
            &Injections::default(),
            &mut reads,
        )?;
        // Stamps are taken before writing: a file changed meanwhile is seen as changed on the
        // next run. The note itself is known by its hash.
        // The manifest is JSON: a path whose name is not UTF-8 (`caf%E9.png` decoded) cannot
        // be recorded in it and stays untracked.
        let deps = reads
            .iter()
            .filter(|read| read.kind != ReadKind::Note && read.path.to_str().is_some())
            .map(|read| Dep::of(read.path.clone()))
            .collect();
        if let Some(parent) = job.output.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        crate::write::write_atomic(&job.output, built.html.as_bytes())?;

        let warnings: Vec<String> = built.warnings.iter().map(ToString::to_string).collect();
        Ok(Outcome::Built(
            ManifestEntry {
                note_hash,
                deps,
                warnings: warnings.len(),
                index: IndexEntry::new(built.summary, &job.rel, &job.deck_rel),
            },
            warnings,
        ))
    }
}

/// The manifest of a folder build (`OUTDIR/.meetdeck/manifest.json`).
#[derive(Debug, Default, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    /// meetdeck's version and a hash of its built-in theme and of the options: when it
    /// differs, every deck is rebuilt.
    config: String,
    /// [`index::template_key`] of the index page written.
    #[serde(default)]
    index_template: String,
    /// By note path relative to the input folder.
    notes: BTreeMap<String, ManifestEntry>,
}

impl Manifest {
    /// The manifest at `path`; `None` when absent or unreadable (then everything is built).
    fn load(path: &Path) -> Option<Manifest> {
        let bytes = std::fs::read(path).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// What was built for one note, and from what.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ManifestEntry {
    /// Hash of the note's bytes.
    note_hash: String,
    /// Every other file the deck depends on, as it was when built.
    deps: Vec<Dep>,
    /// Warnings when built.
    warnings: usize,
    /// The note's line in the index.
    index: IndexEntry,
}

/// A file a deck depends on and its stamp when the deck was built (`None`: it was absent, so
/// its appearance also triggers a rebuild).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Dep {
    path: PathBuf,
    stamp: Option<Stamp>,
}

impl Dep {
    fn of(path: PathBuf) -> Dep {
        let stamp = Stamp::of(&path);
        Dep { path, stamp }
    }

    fn is_current(&self) -> bool {
        Stamp::of(&self.path) == self.stamp
    }
}

/// Size and modification time: what identifies a version of a file without reading it (as
/// the image cache does).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
struct Stamp {
    len: u64,
    secs: u64,
    nanos: u32,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = meta.modified().ok()?.duration_since(UNIX_EPOCH).ok()?;
        Some(Stamp {
            len: meta.len(),
            secs: modified.as_secs(),
            nanos: modified.subsec_nanos(),
        })
    }
}

/// The manifest's `config`: meetdeck's version, plus a hash of everything else that changes
/// every deck: the built-in theme and runtime, the index template, the options.
fn config_key(options: &BuildOptions) -> String {
    let mut hasher = Fnv64::default();
    let default_theme = Theme::default_theme();
    for part in [
        default_theme.template.as_str(),
        default_theme.css.as_str(),
        theme::runtime_js(),
        theme::runtime_js_of(true, false),
        theme::shared_images_js(),
        theme::runtime_css(),
    ] {
        hasher.write(part.as_bytes());
        hasher.write_u8(0xff);
    }
    // The options' Debug form names every field: a new option changes the key by itself.
    hasher.write(format!("{options:?}").as_bytes());
    format!(
        "meetdeck {} {:016x}",
        env!("CARGO_PKG_VERSION"),
        hasher.finish()
    )
}

/// FNV-1a, 64 bits: stable across Rust releases and platforms (std's hasher is not
/// guaranteed to be), and fast enough for a few megabytes of notes.
type Fnv64 = fnv::FnvHasher;

fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = Fnv64::default();
    hasher.write(bytes);
    hasher.finish()
}

/// The index page's title: the folder's name (`Double Week Meetings`).
pub(crate) fn index_title(canonical_input: &Path) -> String {
    canonical_input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "Meetings".to_string())
}

fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} notes {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn write(path: &Path, text: &str) {
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    #[test]
    fn folder_without_notes_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("meetings");
        write(&input.join("README.md"), "# not a note\n");
        write(&input.join("a.txt"), "text\n");
        let out = dir.path().join("site");
        for output in [None, Some(out.as_path())] {
            let error = build_dir(&options(&input, output)).unwrap_err().to_string();
            assert!(error.contains("no notes found"), "{error}");
        }
        assert!(!out.exists(), "the output folder is not created");
        let mut left: Vec<_> = fs::read_dir(&input)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        left.sort();
        assert_eq!(
            left,
            ["README.md", "a.txt"],
            "nothing written beside the notes"
        );
    }

    #[test]
    fn build_state_is_in_a_self_ignoring_cache_folder() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("meetings");
        write(&input.join("a.md"), "# A\n\n## S\n\ntext\n");
        write(&input.join(OLD_MANIFEST_FILE), "{}");
        build_dir(&options(&input, None)).unwrap();
        let mut left: Vec<_> = fs::read_dir(&input)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, [CACHE_DIR, "a.html", "a.md", "index.html"]);
        assert!(input.join(MANIFEST_FILE).is_file());
        let ignore = fs::read_to_string(input.join(CACHE_DIR).join(".gitignore")).unwrap();
        assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
        // A second run finds the manifest there: nothing rebuilt.
        let again = build_dir(&options(&input, None)).unwrap();
        assert_eq!((again.built, again.unchanged), (0, 1));
        // git ignores it (when git is installed).
        let git = |args: &[&str]| {
            std::process::Command::new("git")
                .args(args)
                .current_dir(&input)
                .output()
        };
        if git(&["init", "-q"]).is_ok_and(|o| o.status.success()) {
            let status = git(&["status", "--porcelain", "--untracked-files=all"]).unwrap();
            let status = String::from_utf8_lossy(&status.stdout);
            assert!(!status.contains(CACHE_DIR), "{status}");
            assert!(status.contains("a.md"), "{status}");
        }
    }

    fn options(input: &Path, output: Option<&Path>) -> BatchOptions {
        BatchOptions {
            input_dir: input.to_path_buf(),
            output_dir: output.map(Path::to_path_buf),
            build: BuildOptions::default(),
            force: false,
            jobs: Some(2),
            progress: false,
        }
    }

    #[test]
    fn builds_skips_unchanged_and_rebuilds_changed() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        let output = dir.path().join("out");
        write(&input.join("2024-01-04.md"), "# One\n\n## Plan\n\ntext\n");
        write(&input.join("y/2024-01-18.md"), "# Two\n\n## Plan\n\nmore\n");
        let opts = options(&input, Some(&output));

        let first = build_dir(&opts).unwrap();
        assert_eq!((first.notes, first.built, first.unchanged), (2, 2, 0));
        assert!(first.failures.is_empty(), "{:?}", first.failures);
        assert!(output.join("y/2024-01-18.html").is_file());
        assert!(output.join(INDEX_FILE).is_file());
        assert!(output.join(MANIFEST_FILE).is_file());

        let second = build_dir(&opts).unwrap();
        assert_eq!((second.built, second.unchanged), (0, 2));
        assert_eq!(second.slides, first.slides);

        write(
            &input.join("2024-01-04.md"),
            "# One\n\n## Plan\n\nchanged\n",
        );
        let third = build_dir(&opts).unwrap();
        assert_eq!((third.built, third.unchanged), (1, 1));

        // A deleted deck is rebuilt; --force rebuilds everything.
        fs::remove_file(output.join("y/2024-01-18.html")).unwrap();
        assert_eq!(build_dir(&opts).unwrap().built, 1);
        let forced = build_dir(&BatchOptions {
            force: true,
            ..opts.clone()
        })
        .unwrap();
        assert_eq!(forced.built, 2);

        // Other options: other decks.
        let mut other = opts.clone();
        other.build.slide_level = Some(1);
        assert_eq!(build_dir(&other).unwrap().built, 2);
    }

    #[test]
    fn an_image_that_appears_or_changes_triggers_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path();
        fs::write(input.join("meetdeck.toml"), "").unwrap();
        write(&input.join("n.md"), "# N\n\n## S\n\n![x](img/a%20b.png)\n");
        let opts = options(input, None);
        let first = build_dir(&opts).unwrap();
        assert_eq!(first.warnings, 1, "missing image warned");
        assert_eq!(build_dir(&opts).unwrap().built, 0);
        // A 1x1 PNG appears under the decoded name.
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";
        fs::create_dir_all(input.join("img")).unwrap();
        fs::write(input.join("img/a b.png"), png).unwrap();
        let again = build_dir(&opts).unwrap();
        assert_eq!((again.built, again.warnings), (1, 0));
    }

    #[test]
    fn one_bad_note_does_not_stop_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path();
        write(&input.join("good.md"), "# Good\n");
        fs::write(input.join("bad.md"), b"# Bad\n\xff\xfe\x00oops").unwrap();
        write(&input.join("front.md"), "---\ntitle: [\n---\n# x\n");
        let report = build_dir(&options(input, None)).unwrap();
        assert_eq!(report.built, 1);
        assert_eq!(report.failures.len(), 2, "{:?}", report.failures);
        assert!(
            report.failures[0].contains("bad.md:2: "),
            "{:?}",
            report.failures
        );
        assert!(
            report.failures[1].contains("front.md:2: "),
            "{:?}",
            report.failures
        );
        assert!(input.join("good.html").is_file());
        assert!(!input.join("bad.html").exists());
        // A failed note is tried again next time (and still fails).
        let again = build_dir(&options(input, None)).unwrap();
        assert_eq!((again.unchanged, again.failures.len()), (1, 2));
    }

    #[test]
    fn decks_never_collide() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path();
        write(&input.join("a.markdown"), "# A1");
        write(&input.join("a.md"), "# A2");
        write(&input.join("index.md"), "# Not the index");
        write(&input.join("sub/index.md"), "# Fine below");
        let report = build_dir(&options(input, None)).unwrap();
        assert_eq!(
            (report.notes, report.built),
            (4, 2),
            "{:?}",
            report.failures
        );
        assert_eq!(report.failures.len(), 2, "{:?}", report.failures);
        assert!(
            report.failures[0].contains("a.md: its deck"),
            "{:?}",
            report.failures
        );
        assert!(
            report.failures[1].contains("index.md: its deck"),
            "{:?}",
            report.failures
        );
        assert!(input.join("sub/index.html").is_file());
        let index = fs::read_to_string(input.join(INDEX_FILE)).unwrap();
        assert!(index.contains("Fine below"));
    }

    #[test]
    fn a_file_is_not_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        write(&file, "# A");
        let err = build_dir(&options(&file, None)).unwrap_err().to_string();
        assert!(err.ends_with("a.md: not a folder"), "{err}");
    }

    #[test]
    fn fnv_is_stable() {
        // Published FNV-1a 64 test vectors.
        assert_eq!(hash_bytes(b""), 0xcbf29ce484222325);
        assert_eq!(hash_bytes(b"a"), 0xaf63dc4c8601ec8c);
    }
}
