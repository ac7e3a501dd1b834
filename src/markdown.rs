//! The one place where pulldown-cmark is configured (as mdBook's `new_cmark_parser`).

use pulldown_cmark::{Options, Parser};

/// The Markdown dialect of meeting notes: CommonMark plus the GFM extensions.
///
/// Options are switched on one by one: `Options::all()` would also turn on math,
/// sub/superscript and wikilinks, which change the meaning of ordinary notes
/// (`$5`, `~approx~`, `[[x]]`).
pub fn cmark_options() -> Options {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_GFM);
    options
}

/// A parser over `text` with meetdeck's options.
pub fn new_cmark_parser(text: &str) -> Parser<'_> {
    Parser::new_ext(text, cmark_options())
}
