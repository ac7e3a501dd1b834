//! The one place where pulldown-cmark is configured (as mdBook's `new_cmark_parser`).

use std::borrow::Cow;

use pulldown_cmark::{Event, Options, Parser, Tag};

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

/// The element names of HTML (WHATWG's element index), the obsolete ones browsers still
/// parse (`center`, `font`...), and the SVG and MathML roots. Anything else written in angle
/// brackets is a note-taker's pseudo-tag (`<BREAK>`, `<No questions>`).
const HTML_ELEMENTS: &[&str] = &[
    "a",
    "abbr",
    "acronym",
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "audio",
    "b",
    "base",
    "basefont",
    "bdi",
    "bdo",
    "bgsound",
    "big",
    "blink",
    "blockquote",
    "body",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "i",
    "iframe",
    "image",
    "img",
    "input",
    "ins",
    "isindex",
    "kbd",
    "keygen",
    "label",
    "legend",
    "li",
    "link",
    "listing",
    "main",
    "map",
    "mark",
    "marquee",
    "math",
    "menu",
    "menuitem",
    "meta",
    "meter",
    "multicol",
    "nav",
    "nextid",
    "nobr",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "param",
    "picture",
    "plaintext",
    "pre",
    "progress",
    "q",
    "rb",
    "rp",
    "rt",
    "rtc",
    "ruby",
    "s",
    "samp",
    "script",
    "search",
    "section",
    "select",
    "slot",
    "small",
    "source",
    "spacer",
    "span",
    "strike",
    "strong",
    "style",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "time",
    "title",
    "tr",
    "track",
    "tt",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "xmp",
];

/// The name of the tag `html` starts with (`<BREAK>` and `</BREAK>` give `BREAK`), or `None`
/// for comments, declarations and anything else.
fn tag_name(html: &str) -> Option<&str> {
    let rest = html.trim_start().strip_prefix('<')?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .unwrap_or(rest.len());
    let name = &rest[..end];
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(name)
}

/// Whether the raw HTML `html` starts with a pseudo-tag: a tag whose name is no HTML element
/// (custom elements, which have a `-`, are elements).
pub fn is_pseudo_tag(html: &str) -> bool {
    tag_name(html).is_some_and(|name| {
        !name.contains('-')
            && !HTML_ELEMENTS
                .iter()
                .any(|element| element.eq_ignore_ascii_case(name))
    })
}

/// A pseudo-tag of a note: where its `<` is (a byte offset in the text given) and the tag as
/// written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PseudoTag {
    /// Byte offset of the `<`.
    pub offset: usize,
    /// The tag, `<` to `>`.
    pub tag: String,
}

/// The pseudo-tags of `text` that pulldown-cmark takes for raw HTML (inline, or the start of
/// an HTML block), outside code, in order.
pub fn pseudo_tags(text: &str) -> Vec<PseudoTag> {
    literal_pseudo_tags_with_offsets(text).1
}

/// `text` with each pseudo-tag escaped (`\<BREAK>`), so that it shows as the literal text
/// the writer typed and never changes the structure of what follows: a line starting with
/// `<BREAK>` would otherwise open an HTML block swallowing the lines after it, and inline an
/// unknown element would wrap the rest of its paragraph. Backslashes add no line: lines
/// counted in the result are the note's.
pub fn literal_pseudo_tags(text: &str) -> Cow<'_, str> {
    let (escaped, found) = literal_pseudo_tags_with_offsets(text);
    if found.is_empty() {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(escaped)
    }
}

/// Escapes pseudo-tags until none is left (escaping one may turn the lines after it back
/// into Markdown, with pseudo-tags of their own); the offsets are the original text's.
fn literal_pseudo_tags_with_offsets(text: &str) -> (String, Vec<PseudoTag>) {
    // Most notes have none: no parse unless some `<name` is not an element.
    let maybe = text
        .match_indices('<')
        .any(|(at, _)| is_pseudo_tag(&text[at..]));
    if !maybe {
        return (String::new(), Vec::new());
    }
    // Original offsets of the `<` escaped so far, sorted.
    let mut escaped: Vec<usize> = Vec::new();
    let mut current = text.to_string();
    // Each round escapes at least one more; a bound for safety.
    for _ in 0..64 {
        let mut new = Vec::new();
        let mut block_start = false;
        for (event, range) in new_cmark_parser(&current).into_offset_iter() {
            let html = match &event {
                Event::Start(Tag::HtmlBlock) => {
                    block_start = true;
                    continue;
                }
                Event::Html(html) if block_start => html,
                Event::InlineHtml(html) => html,
                _ => {
                    block_start = false;
                    continue;
                }
            };
            block_start = false;
            if !is_pseudo_tag(html) {
                continue;
            }
            let Some(at) = current[range.start..].find('<').map(|i| range.start + i) else {
                continue;
            };
            // Back to the original text: minus the backslashes inserted before it.
            let before = escaped
                .iter()
                .enumerate()
                .filter(|(i, o)| *o + i < at)
                .count();
            new.push(at - before);
        }
        if new.is_empty() {
            break;
        }
        escaped.extend(new);
        escaped.sort_unstable();
        escaped.dedup();
        current = String::with_capacity(text.len() + escaped.len());
        let mut from = 0;
        for &at in &escaped {
            current.push_str(&text[from..at]);
            current.push('\\');
            from = at;
        }
        current.push_str(&text[from..]);
    }
    let found = escaped
        .iter()
        .map(|&offset| {
            let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
            let end = text[offset..line_end]
                .find('>')
                .map_or(line_end, |i| offset + i + 1);
            PseudoTag {
                offset,
                tag: text[offset..end].to_string(),
            }
        })
        .collect();
    (current, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, new_cmark_parser(&literal_pseudo_tags(markdown)));
        out
    }

    #[test]
    fn pseudo_tags_are_names_that_are_no_element() {
        for pseudo in [
            "<BREAK>",
            "<No questions>",
            "<slide on casting>",
            "</BREAK>",
            "<TBD>",
        ] {
            assert!(is_pseudo_tag(pseudo), "{pseudo}");
        }
        for real in [
            "<br>",
            "<BR/>",
            "<div class=x>",
            "</details>",
            "<summary>",
            "<my-widget>",
            "<!-- c -->",
            "<![CDATA[",
            "<?php",
            "<center>",
            "<svg>",
            "< x>",
            "<1>",
        ] {
            assert!(!is_pseudo_tag(real), "{real}");
        }
    }

    #[test]
    fn pseudo_tags_are_literal_text_and_keep_the_structure() {
        // A line of its own would open an HTML block that swallows the heading after it.
        let md =
            "<BREAK>\n## After\n\ntext <No questions> and *more*\n\n<slide on casting>\n- item\n";
        let out = html(md);
        assert_eq!(
            out,
            "<p>&lt;BREAK&gt;</p>\n<h2>After</h2>\n<p>text &lt;No questions&gt; and <em>more</em></p>\n\
             <p>&lt;slide on casting&gt;</p>\n<ul>\n<li>item</li>\n</ul>\n"
        );
        assert_eq!(
            pseudo_tags(md),
            [
                PseudoTag {
                    offset: 0,
                    tag: "<BREAK>".into()
                },
                PseudoTag {
                    offset: md.find("<No").unwrap(),
                    tag: "<No questions>".into()
                },
                PseudoTag {
                    offset: md.find("<slide").unwrap(),
                    tag: "<slide on casting>".into()
                },
            ]
        );
        // Real HTML and code stay as they are.
        let md = "<details>\n<summary>S</summary>\n\nx\n</details>\n\n`<BREAK>`\n\n    <BREAK>\n";
        assert!(matches!(literal_pseudo_tags(md), Cow::Borrowed(_)));
        assert!(pseudo_tags(md).is_empty());
    }

    #[test]
    fn a_pseudo_tag_revealed_by_escaping_another_is_escaped_too() {
        // `<Y>` is inside the HTML block `<X>` opens until that one is escaped.
        let md = "<X>\n<Y>\n\nend\n";
        assert_eq!(html(md), "<p>&lt;X&gt;\n&lt;Y&gt;</p>\n<p>end</p>\n");
        let offsets: Vec<usize> = pseudo_tags(md).iter().map(|t| t.offset).collect();
        assert_eq!(offsets, [0, 4]);
    }
}
