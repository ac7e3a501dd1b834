//! What GitHub (and HackMD) make of plain text that pulldown-cmark leaves as text: bare URLs
//! (GFM autolink literals), emoji shortcodes (`:tada:`) and HackMD author tags
//! (`[name=Olivier]`).
//!
//! Applied by the event pass ([`super::html`]) to the text of a slide outside code, links and
//! raw HTML: never to HTML, which is never searched with a pattern.

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event};

/// The class of a HackMD author tag's name (styled by the runtime's CSS as an attribution).
pub(super) const AUTHOR_CLASS: &str = "md-author";

/// Pushes `text` onto `out` as events: text, with bare URLs as links (opening in a new tab,
/// as every link of a deck), shortcodes as their emoji and author tags as the name.
pub(super) fn push_rich_text(text: &str, out: &mut Vec<Event<'static>>) {
    // Most text has no URL, address, shortcode or tag: as it is (a 50 MB note has millions
    // of pieces of text).
    if !text.contains([':', '@', '[']) && !text.contains("www.") {
        out.push(Event::Text(CowStr::from(text.to_string())));
        return;
    }
    let mut finder = LinkFinder::new();
    // `www.example.org` is linked as GitHub links it; other schemeless domains are not
    // (see `gfm_href`).
    finder.url_must_have_scheme(false);
    let mut plain_start = 0;
    for link in finder.links(text) {
        // CJK punctuation (`，` `。` `）`) ends a link: a Chinese sentence goes on right after a
        // URL, with no space (GitHub would link `https://x.org/a，谢谢。` whole).
        let found = link.as_str();
        let found = &found[..found.find(is_cjk_punctuation).unwrap_or(found.len())];
        // GFM never ends a link with these (linkify keeps `*`, `_` and `~`).
        let found = found.trim_end_matches(['?', '!', '.', ',', ':', '*', '_', '~']);
        let Some(href) = gfm_href(found, link.kind()) else {
            continue;
        };
        push_decorated(&text[plain_start..link.start()], out);
        let mut tag = String::from("<a href=\"");
        super::html::escape_attr(&mut tag, &href);
        tag.push_str("\" target=\"_blank\" rel=\"noopener\">");
        out.push(Event::InlineHtml(tag.into()));
        out.push(Event::Text(CowStr::from(found.to_string())));
        out.push(Event::InlineHtml("</a>".into()));
        plain_start = link.start() + found.len();
    }
    push_decorated(&text[plain_start..], out);
}

/// Full-width and ideographic punctuation, which no URL carries unencoded.
fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// The `href` of a link linkify found, when GitHub links it too: `http://`, `https://`,
/// `www.` (as `http://www.`) and e-mail addresses; `None` for anything else
/// (`example.org`, `ftp://`, `file://`).
fn gfm_href(found: &str, kind: &LinkKind) -> Option<String> {
    let lower = found.get(..8).unwrap_or(found).to_ascii_lowercase();
    match kind {
        LinkKind::Email => Some(format!("mailto:{found}")),
        LinkKind::Url if lower.starts_with("http://") || lower.starts_with("https://") => {
            Some(found.to_string())
        }
        LinkKind::Url if lower.starts_with("www.") && found.len() > 4 => {
            Some(format!("http://{found}"))
        }
        _ => None,
    }
}

/// Pushes text with its emoji shortcodes and author tags replaced.
fn push_decorated(text: &str, out: &mut Vec<Event<'static>>) {
    let mut plain = String::new();
    let mut rest = text;
    while let Some(at) = rest.find([':', '[']) {
        plain.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((emoji, len)) = shortcode(rest) {
            plain.push_str(emoji);
            rest = &rest[len..];
        } else if let Some((name, len)) = author_tag(rest) {
            if !plain.is_empty() {
                out.push(Event::Text(std::mem::take(&mut plain).into()));
            }
            let mut html = format!("<cite class=\"{AUTHOR_CLASS}\">");
            super::html::escape_attr(&mut html, name);
            html.push_str("</cite>");
            out.push(Event::InlineHtml(html.into()));
            rest = &rest[len..];
        } else {
            plain.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push(Event::Text(plain.into()));
    }
}

/// The emoji of a `:shortcode:` at the start of `text` (GitHub's gemoji names) and the bytes
/// it takes.
fn shortcode(text: &str) -> Option<(&'static str, usize)> {
    let inner = text.strip_prefix(':')?;
    let end = inner.find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))?;
    if end == 0 || !inner[end..].starts_with(':') {
        return None;
    }
    let emoji = emojis::get_by_shortcode(&inner[..end])?;
    Some((emoji.as_str(), end + 2))
}

/// The name of a HackMD author tag `[name=Olivier]` at the start of `text` and the bytes it
/// takes.
fn author_tag(text: &str) -> Option<(&str, usize)> {
    let inner = text.strip_prefix("[name=")?;
    let end = inner.find([']', '[', '\n'])?;
    let name = inner[..end].trim();
    if name.is_empty() || !inner[end..].starts_with(']') {
        return None;
    }
    Some((name, "[name=".len() + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` as HTML, as the event pass writes it.
    fn html(text: &str) -> String {
        let mut events = Vec::new();
        push_rich_text(text, &mut events);
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, events.into_iter());
        out
    }

    fn link(url: &str) -> String {
        format!("<a href=\"{url}\" target=\"_blank\" rel=\"noopener\">{url}</a>")
    }

    #[test]
    fn bare_urls_are_linked_as_github_links_them() {
        let issue = "https://github.com/org/repo/issues/107";
        assert_eq!(
            html(&format!("see {issue}")),
            format!("see {}", link(issue))
        );
        // Trailing punctuation is not part of the link (GFM's `?, !, ., ,, :, *, _, ~`).
        for end in [".", ",", ":", "!", "?", "*", "_", "~"] {
            assert_eq!(
                html(&format!("see {issue}{end}")),
                format!("see {}{end}", link(issue)),
                "{end}"
            );
        }
        // Balanced parentheses belong to the URL; an unbalanced closing one does not.
        let wiki = "https://en.wikipedia.org/wiki/Rust_(programming_language)";
        assert_eq!(html(&format!("({wiki})")), format!("({})", link(wiki)));
        assert_eq!(html(wiki), link(wiki));
        // `www.` gets `http://`; e-mail addresses `mailto:`.
        assert_eq!(
            html("go to www.example.org."),
            "go to <a href=\"http://www.example.org\" target=\"_blank\" rel=\"noopener\">www.example.org</a>."
        );
        assert_eq!(
            html("mail ops@example.org"),
            "mail <a href=\"mailto:ops@example.org\" target=\"_blank\" rel=\"noopener\">ops@example.org</a>"
        );
        // CJK neighbours: the link stops at full-width punctuation.
        let url = "https://example.org/a";
        // (Ideographs are part of a path: `https://example.org/设计`.)
        let chinese = "https://example.org/设计";
        assert_eq!(
            html(&format!("{chinese} 文档")),
            format!("{} 文档", link(chinese))
        );
        assert_eq!(
            html(&format!("见{url}，谢谢。")),
            format!("见{}，谢谢。", link(url))
        );
        assert_eq!(html(&format!("（{url}）")), format!("（{}）", link(url)));
        // Not linked, as on GitHub: bare domains, other schemes.
        for text in [
            "example.org",
            "ftp://example.org/x",
            "file:///etc/passwd",
            "a.b",
        ] {
            assert_eq!(html(text), text, "{text}");
        }
        // Escaped in the attribute and the text.
        assert_eq!(
            html("https://e.org/?a=1&b=2"),
            "<a href=\"https://e.org/?a=1&amp;b=2\" target=\"_blank\" rel=\"noopener\">https://e.org/?a=1&amp;b=2</a>"
        );
    }

    #[test]
    fn shortcodes_are_emoji() {
        assert_eq!(html("done :tada: :+1: :-1:"), "done 🎉 👍 👎");
        assert_eq!(html(":smile::heart:"), "😄❤️");
        // Not a gemoji name, or not a shortcode: as written.
        for text in [":nope:", "10:30:45", "a : b", ":tada", "std::vec", "::"] {
            assert_eq!(html(text), text, "{text}");
        }
    }

    #[test]
    fn author_tags_are_attributions() {
        assert_eq!(
            html("Agreed [name=Olivier] ok"),
            "Agreed <cite class=\"md-author\">Olivier</cite> ok"
        );
        assert_eq!(
            html("[name=Ana <b>]"),
            "<cite class=\"md-author\">Ana &lt;b&gt;</cite>"
        );
        for text in ["[name=]", "[name=x", "[names=x]", "[time=Tue]"] {
            assert_eq!(html(text), text, "{text}");
        }
    }
}
