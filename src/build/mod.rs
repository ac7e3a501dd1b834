//! One note to one deck: the pipeline note → settings → slides → assets → render, without
//! writing. The build returns what it learned of the deck ([`Summary`]) and records every
//! file it read or probed ([`Reads`]): folder builds and watch mode take what a deck depends
//! on from there, and nobody splits a note twice.

mod brand;
mod reads;

use std::path::{Path, PathBuf};

pub use reads::{Read, ReadKind, Reads};

use crate::assets::{self, AssetOptions, ImageCache};
use crate::deck::Deck;
use crate::error::{Error, Result, Warning};
use crate::index;
use crate::meeting::Date;
use crate::note::Note;
use crate::render::{self, Injections, RenderOptions};
use crate::settings::Settings;

/// Options of `meetdeck build` that change the deck.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// `--slide-level`; else the note's front matter; else `##`.
    pub slide_level: Option<u8>,
    /// `--theme NAME|DIR`; else the note's front matter; else `default`.
    pub theme: Option<String>,
    /// `--strict`: a warning (missing image...) fails the build.
    pub strict: bool,
    /// `--root`: the folder images must lie in; else found from the note (see
    /// [`crate::settings::notes_root`]).
    pub root: Option<PathBuf>,
    /// Widest image kept as is.
    pub max_image_width: Option<u32>,
    /// `--sanitize`: clean the note's raw HTML (for notes written by others).
    pub sanitize: bool,
}

/// A built deck, not yet written.
#[derive(Debug, Clone)]
pub struct Built {
    /// The whole page: one self-contained HTML file.
    pub html: String,
    /// What did not stop the build (missing images...), in note order.
    pub warnings: Vec<Warning>,
    /// What the index and the messages say of the deck.
    pub summary: Summary,
}

/// What a deck is about, for its line in an index and for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The deck's title (front matter, `#` heading or file name).
    pub title: String,
    /// The call's topic when it differs from the title.
    pub subtitle: Option<String>,
    /// The meeting's date, when the note has one.
    pub date: Option<Date>,
    /// The deck's language (`zh-CN`, `en`...).
    pub lang: String,
    /// The slides a viewer sees at 1280×720: the title slide, every slide as built, and the
    /// continuation slides the runtime is estimated to add ([`crate::estimate`]).
    pub slides: usize,
    /// Whether `slides` counts estimated continuation slides (it is then about right, not
    /// exact).
    pub estimated: bool,
    /// The slides as built, before the runtime continues any (title slide included).
    pub built_slides: usize,
    /// The first agenda items: the note's first section headings.
    pub agenda: Vec<String>,
    /// The note's text, whitespace collapsed and cut, for search.
    pub text: String,
    /// Whether the note is its meeting's agenda or its minutes, when it says.
    pub kind: Option<crate::meeting::NoteKind>,
}

impl Summary {
    /// The summary of a split deck, whose slides are estimated as `estimates` (see
    /// [`crate::estimate::of_deck`]).
    pub fn of(deck: &Deck, estimates: &[crate::estimate::Estimate]) -> Summary {
        let slides = 1 + estimates.iter().map(|e| e.slides).sum::<usize>();
        Summary {
            title: deck.title.clone(),
            subtitle: deck.subtitle.clone(),
            date: deck.meeting.date,
            lang: deck.lang.clone(),
            slides,
            estimated: slides != deck.slide_count(),
            built_slides: deck.slide_count(),
            agenda: index::agenda(deck, index::AGENDA_ITEMS),
            text: index::search_text(deck, index::SEARCH_TEXT_CHARS),
            kind: deck.kind,
        }
    }
}

/// Builds the deck of the note at `path`.
pub fn build_note(path: &Path, options: &BuildOptions, cache: &ImageCache) -> Result<Built> {
    let note = Note::read(path)?;
    build_from_note(
        note,
        options,
        cache,
        &Injections::default(),
        &mut Reads::default(),
    )
}

/// Builds the deck of an already read note (folder builds hash its bytes first; watch mode
/// injects its client). Every file read or probed is recorded in `reads`, also when the
/// build fails, so that a fix of any of them is noticed.
pub fn build_from_note(
    note: Note,
    options: &BuildOptions,
    cache: &ImageCache,
    injections: &Injections,
    reads: &mut Reads,
) -> Result<Built> {
    reads.push(&note.path, ReadKind::Note);
    let settings = Settings::resolve(&note, options, reads)?;
    let theme = settings.load_theme()?;
    let deck = Deck::of(&note, &settings.deck_options());
    let asset_options = AssetOptions {
        root: settings.root.clone(),
        max_width: settings.max_image_width,
    };
    let assets::Embedded {
        mut assets,
        warnings: asset_warnings,
        probed,
    } = assets::embed_images(&note.path, &deck.images, &asset_options, cache);
    assets.resolve_note_links(&note.path, &deck, &settings.root);
    reads.extend(probed, ReadKind::Image);
    let (brand, brand_warnings) = brand::resolve(&settings, &asset_options, cache, reads)?;

    let mut warnings = note.warnings;
    warnings.extend(deck.warnings.iter().cloned());
    warnings.extend(asset_warnings);
    warnings.extend(brand_warnings);
    if options.strict {
        if let Some(first) = warnings.first() {
            return Err(first.clone().into_strict_error());
        }
    }
    let render_options = RenderOptions {
        sanitize: options.sanitize,
    };
    // Each slide estimated once: for the page (fit-more.js, data-topics) and the summary.
    let estimates = crate::estimate::of_deck(&deck, &assets);
    let html = render::render_estimated(
        &deck,
        &assets,
        &estimates,
        &theme,
        &brand,
        render_options,
        injections,
    )?;
    Ok(Built {
        html,
        warnings,
        summary: Summary::of(&deck, &estimates),
    })
}

/// `NOTE.html` beside `NOTE.md`.
pub fn default_output(note_path: &Path) -> PathBuf {
    note_path.with_extension("html")
}

/// Refuses an output path that is the note itself (the source is never written).
pub fn check_output_is_not_input(input: &Path, output: &Path) -> Result<()> {
    let same = output == input
        || match (input.canonicalize(), output.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
    if same {
        return Err(Error::Usage(format!(
            "{}: the output would overwrite the note itself; choose another -o",
            crate::error::shown_path(output)
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_absolute_links_to_notes_point_to_them_from_the_deck() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join(crate::settings::CONFIG_FILE), "").unwrap();
        std::fs::create_dir_all(root.join("2023")).unwrap();
        std::fs::create_dir_all(root.join("2024")).unwrap();
        std::fs::write(root.join("2023/a.md"), "# a\n").unwrap();
        let note = root.join("2024/b.md");
        std::fs::write(
            &note,
            "# B\n\n## S\n\n[previous](/2023/a.md#decisions) and [a file](/docs/x.pdf)\n",
        )
        .unwrap();
        let built = build_note(&note, &BuildOptions::default(), &ImageCache::new()).unwrap();
        assert!(
            built
                .html
                .contains("<a href=\"../2023/a.md#decisions\" target=\"_blank\""),
            "{}",
            built.html
        );
        assert!(built.html.contains("<a href=\"/docs/x.pdf\""));
    }
}
