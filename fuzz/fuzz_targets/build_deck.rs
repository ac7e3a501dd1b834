//! Arbitrary bytes → note → slides → HTML, with no images and the default theme.
//!
//! Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run build_deck` from the repository root.
//! Any input is allowed to be refused (`Err`: bad encoding, bad front matter); none may panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use meetdeck::assets::Assets;
use meetdeck::note::Note;
use meetdeck::render::{self, Brand, Injections, RenderOptions};
use meetdeck::deck::{Deck, DeckOptions};
use meetdeck::theme::Theme;

fuzz_target!(|data: &[u8]| {
    // The first byte picks the slide level and --sanitize, so both paths are explored.
    let (options, bytes) = match data.split_first() {
        Some((&b, rest)) => (b, rest),
        None => (0, data),
    };
    let Ok(note) = Note::from_bytes(Path::new("fuzz.md"), bytes) else {
        return;
    };
    let deck_options = DeckOptions {
        slide_level: 1 + (options & 0x07) % 6,
        lang: None,
    };
    let deck = Deck::of(&note, &deck_options);
    let render_options = RenderOptions {
        sanitize: options & 0x80 != 0,
    };
    let html = render::render(
        &deck,
        &Assets::default(),
        &Theme::default_theme(),
        &Brand::default(),
        render_options,
        &Injections::default(),
    )
    .expect("the default theme always renders");
    assert!(
        html.contains("<div class=\"slides\">"),
        "deck without slides container"
    );
});
