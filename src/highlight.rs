//! Syntax highlighting of fenced code blocks, done at build time: the deck carries coloured
//! `<span>`s and a little CSS, and no JavaScript highlighter runs when it is opened.
//!
//! The spans carry classes, not colours (`ClassStyle::SpacedPrefixed { prefix: "hl-" }`:
//! a string literal becomes `<span class="hl-string hl-quoted hl-double hl-shell">`), so each
//! theme colours them with its own `highlight.css`. The grammars are syntect's bundled
//! Sublime Text set, loaded once per process and only when a deck has a fenced block with a
//! language (a deck without code pays nothing).
//!
//! Built only with the `highlight` cargo feature (on by default); without it, [`highlight`]
//! returns `None` and code blocks stay plain.

/// A fence's language, as the first word of its info string, lower-cased, without the
/// `{...}` attributes some editors add (` ```bash {.numberLines}`, ` ```rust,ignore`).
pub fn fence_language(info: &str) -> Option<String> {
    let word = info
        .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
        .trim();
    (!word.is_empty()).then(|| word.to_ascii_lowercase())
}

/// The inner HTML (escaped text in `<span class="hl-...">`s) of `code` highlighted as
/// `lang`, or `None` when the language is unknown (or the feature is off): the caller then
/// renders the block as plain text.
#[cfg(any(feature = "highlight", feature = "highlight-pure-rust"))]
pub fn highlight(lang: &str, code: &str) -> Option<String> {
    use syntect::html::{ClassStyle, ClassedHTMLGenerator};
    use syntect::util::LinesWithEndings;

    let syntaxes = imp::syntaxes_if_known(lang)?;
    let syntax = imp::find_syntax(syntaxes, lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(
        syntax,
        syntaxes,
        ClassStyle::SpacedPrefixed { prefix: "hl-" },
    );
    for line in LinesWithEndings::from(code) {
        // A grammar error leaves the block plain rather than half coloured.
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

/// Without the `highlight` feature every block stays plain.
#[cfg(not(any(feature = "highlight", feature = "highlight-pure-rust")))]
pub fn highlight(_lang: &str, _code: &str) -> Option<String> {
    None
}

/// Whether this build highlights code (the `highlight` feature).
pub const ENABLED: bool = cfg!(any(feature = "highlight", feature = "highlight-pure-rust"));

#[cfg(any(feature = "highlight", feature = "highlight-pure-rust"))]
mod imp {
    use std::sync::OnceLock;

    use syntect::parsing::{SyntaxReference, SyntaxSet};

    /// Names people write after the fence that the bundled grammars do not list.
    const ALIASES: &[(&str, &str)] = &[
        ("shell", "bash"),
        ("console", "bash"),
        ("shell-session", "bash"),
        ("shellsession", "bash"),
        ("zsh", "bash"),
        ("golang", "go"),
        ("py", "python"),
        ("python3", "python"),
        ("javascript", "js"),
        ("node", "js"),
        ("jsonc", "json"),
        ("yml", "yaml"),
        ("c++", "cpp"),
        ("patch", "diff"),
        ("text", ""),
        ("plain", ""),
        ("plaintext", ""),
        ("txt", ""),
    ];

    /// The bundled grammars, decompressed once per process (a few milliseconds; each
    /// grammar's regexes are compiled lazily on first use).
    fn syntaxes() -> &'static SyntaxSet {
        static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
        SYNTAXES.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// The syntax set, unless `lang` is one the caller must render plain anyway (so a
    /// ` ```text ` block never loads the grammars).
    pub(super) fn syntaxes_if_known(lang: &str) -> Option<&'static SyntaxSet> {
        let lang = canonical(lang);
        (!lang.is_empty()).then(syntaxes)
    }

    fn canonical(lang: &str) -> &str {
        ALIASES
            .iter()
            .find(|(alias, _)| *alias == lang)
            .map_or(lang, |(_, name)| name)
    }

    /// The grammar for `lang`: by file extension or name (`rs`, `rust`, `Rust`), after the
    /// aliases above. Plain Text is not a language worth colouring.
    pub(super) fn find_syntax<'a>(set: &'a SyntaxSet, lang: &str) -> Option<&'a SyntaxReference> {
        let syntax = set.find_syntax_by_token(canonical(lang))?;
        (syntax.name != "Plain Text").then_some(syntax)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fence_language_is_the_first_word() {
        assert_eq!(fence_language("bash"), Some("bash".into()));
        assert_eq!(fence_language("Rust,ignore"), Some("rust".into()));
        assert_eq!(fence_language("bash {.numberLines}"), Some("bash".into()));
        assert_eq!(fence_language("  "), None);
        assert_eq!(fence_language(""), None);
    }

    #[cfg(any(feature = "highlight", feature = "highlight-pure-rust"))]
    #[test]
    fn known_language_gets_classed_spans_and_escaped_text() {
        let html = highlight("bash", "echo \"<b>&\" # hi\n").expect("bash is known");
        assert!(html.contains("<span class=\"hl-"), "{html}");
        assert!(html.contains("hl-comment"), "{html}");
        assert!(html.contains("&lt;b&gt;&amp;"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        // Every span is closed.
        assert_eq!(
            html.matches("<span").count(),
            html.matches("</span>").count()
        );
    }

    #[cfg(any(feature = "highlight", feature = "highlight-pure-rust"))]
    #[test]
    fn aliases_and_unknown_languages() {
        assert!(highlight("shell", "ls -l\n").is_some());
        assert!(highlight("console", "ls -l\n").is_some());
        assert!(highlight("RUST", "fn main() {}\n").is_some());
        assert!(highlight("no-such-language", "x\n").is_none());
        assert!(highlight("text", "x\n").is_none());
    }
}
