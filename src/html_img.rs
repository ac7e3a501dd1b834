//! `<img>` tags inside raw HTML fragments (pulldown-cmark's `Html`/`InlineHtml` events).
//!
//! Notes embed images as raw HTML to set a width (`<img src="../images/qr.jpeg"
//! width="300">`). This is a small tag scanner, not a regex: it honours quoting, so a `>`
//! inside an attribute value or an `<img` inside a comment does not confuse it.

use std::borrow::Cow;
use std::ops::Range;

/// One `<img ...>` tag in a fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImgTag {
    /// The whole tag, `<img` to `>`.
    pub range: Range<usize>,
    /// The `src` value's byte range (without quotes) and its decoded value.
    pub src: Option<(Range<usize>, String)>,
    /// The whole `src` attribute, from its name to the end of its value (quotes included).
    pub src_attr: Option<Range<usize>>,
    /// The decoded `alt` and `title` values.
    pub alt: Option<String>,
    pub title: Option<String>,
    /// Inside an `<a>` element: opened earlier in the fragment (or before it, see
    /// [`img_tags_in`]) and not closed yet.
    pub in_link: bool,
}

/// The `<img>` tags of `html`, in order.
pub fn img_tags(html: &str) -> Vec<ImgTag> {
    img_tags_in(html, 0).0
}

/// Whether `bytes[i..]` starts the tag `<name` or `</name` (by `close`), case-insensitively,
/// followed by whitespace, `/` or `>` (so `<abbr>` is not `<a>`).
fn starts_tag(bytes: &[u8], i: usize, name: &[u8], close: bool) -> bool {
    let at = i + 1 + usize::from(close);
    bytes[i] == b'<'
        && (!close || bytes.get(i + 1) == Some(&b'/'))
        && bytes
            .get(at..at + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
        && bytes
            .get(at + name.len())
            .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
}

/// The `<img>` tags of `html`, in order, for a fragment that starts inside `link_depth`
/// open `<a>` elements; also the depth at its end. Raw HTML comes as many fragments (one
/// per inline tag), so a caller walking them carries the depth from one to the next.
pub fn img_tags_in(html: &str, mut link_depth: usize) -> (Vec<ImgTag>, usize) {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"<!--") {
            i = html[i + 4..]
                .find("-->")
                .map_or(bytes.len(), |e| i + 4 + e + 3);
            continue;
        }
        if starts_tag(bytes, i, b"a", false) {
            link_depth += 1;
            i += 2;
            continue;
        }
        if starts_tag(bytes, i, b"a", true) {
            link_depth = link_depth.saturating_sub(1);
            i += 3;
            continue;
        }
        if !starts_tag(bytes, i, b"img", false) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 4;
        let mut src = None;
        let mut src_attr = None;
        let mut alt = None;
        let mut title = None;
        // Attributes: name, optional `=` and a quoted or bare value.
        loop {
            while j < bytes.len() && (bytes[j].is_ascii_whitespace() || bytes[j] == b'/') {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] == b'>' {
                break;
            }
            let name_start = j;
            while j < bytes.len() && !bytes[j].is_ascii_whitespace() && !b"=>/".contains(&bytes[j])
            {
                j += 1;
            }
            let name = &html[name_start..j];
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < bytes.len() && bytes[j] == b'=' {
                j += 1;
                while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                    j += 1;
                }
                let (value_range, next) = match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[j + 1..]
                            .find(q as char)
                            .map_or(bytes.len(), |e| j + 1 + e);
                        (j + 1..end, (end + 1).min(bytes.len()))
                    }
                    _ => {
                        let end = html[j..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(bytes.len(), |e| j + e);
                        (j..end, end)
                    }
                };
                if name.eq_ignore_ascii_case("src") && src.is_none() {
                    let value = decode_entities(&html[value_range.clone()]).into_owned();
                    src = Some((value_range, value));
                    src_attr = Some(name_start..next);
                } else if name.eq_ignore_ascii_case("alt") && alt.is_none() {
                    alt = Some(decode_entities(&html[value_range]).into_owned());
                } else if name.eq_ignore_ascii_case("title") && title.is_none() {
                    title = Some(decode_entities(&html[value_range]).into_owned());
                }
                j = next;
            } else if j == name_start {
                j += 1;
            }
        }
        let end = (j + 1).min(bytes.len());
        tags.push(ImgTag {
            range: start..end,
            src,
            src_attr,
            alt,
            title,
            in_link: link_depth > 0,
        });
        i = end;
    }
    (tags, link_depth)
}

/// The `src` values of the `<img>` tags in `html`.
pub fn img_srcs(html: &str) -> Vec<String> {
    img_tags(html)
        .into_iter()
        .filter_map(|tag| tag.src.map(|(_, src)| src))
        .collect()
}

/// What to do with one `<img>` tag.
pub enum ImgRewrite {
    /// Leave it as it is.
    Keep,
    /// Replace the whole `src="..."` attribute with these attributes (inserted as is, so
    /// they must be attribute-safe), e.g. `data-x="1"` for an image that gets its source
    /// at run time.
    SrcAttr(String),
    /// Replace the whole tag with this HTML.
    Tag(String),
}

/// Rewrites each `<img>` tag of `html` that has a `src` by `f(src, tag)`.
pub fn rewrite_imgs<'a>(html: &'a str, f: impl FnMut(&str, &ImgTag) -> ImgRewrite) -> Cow<'a, str> {
    rewrite_imgs_in(html, 0, f).0
}

/// [`rewrite_imgs`] for a fragment that starts inside `link_depth` open `<a>` elements
/// (see [`img_tags_in`]); also returns the depth at its end.
pub fn rewrite_imgs_in<'a>(
    html: &'a str,
    link_depth: usize,
    mut f: impl FnMut(&str, &ImgTag) -> ImgRewrite,
) -> (Cow<'a, str>, usize) {
    let (tags, end_depth) = img_tags_in(html, link_depth);
    if tags.is_empty() {
        return (Cow::Borrowed(html), end_depth);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for tag in &tags {
        let (Some((_, src)), Some(src_attr)) = (&tag.src, &tag.src_attr) else {
            continue;
        };
        match f(src, tag) {
            ImgRewrite::Keep => {}
            ImgRewrite::SrcAttr(attrs) => {
                out.push_str(&html[copied..src_attr.start]);
                out.push_str(&attrs);
                copied = src_attr.end;
            }
            ImgRewrite::Tag(new_tag) => {
                out.push_str(&html[copied..tag.range.start]);
                out.push_str(&new_tag);
                copied = tag.range.end;
            }
        }
    }
    out.push_str(&html[copied..]);
    (Cow::Owned(out), end_depth)
}

/// Decodes the few entities that appear in attribute values of hand-written HTML.
fn decode_entities(value: &str) -> Cow<'_, str> {
    if !value.contains('&') {
        return Cow::Borrowed(value);
    }
    Cow::Owned(
        value
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_src_with_quotes_and_width() {
        let html = r#"<p><img src="../images/curve wechat.jpeg" alt="a > b" width="300"></p>"#;
        assert_eq!(img_srcs(html), vec!["../images/curve wechat.jpeg"]);
    }

    #[test]
    fn bare_and_single_quoted_values() {
        assert_eq!(img_srcs("<IMG SRC=a.png>"), vec!["a.png"]);
        assert_eq!(img_srcs("<img width=3 src='b c.png'/>"), vec!["b c.png"]);
        assert_eq!(img_srcs("<img alt=x>"), Vec::<String>::new());
    }

    #[test]
    fn ignores_comments_and_lookalikes() {
        assert!(img_srcs("<!-- <img src=x.png> --><imgx src=y.png>").is_empty());
    }

    #[test]
    fn rewrite_keeps_other_attributes() {
        let html = r#"<img src="a.png" width="300"> and <img src='b.png'>"#;
        let out = rewrite_imgs(html, |src, _| {
            if src == "a.png" {
                ImgRewrite::SrcAttr(r#"src="data:image/png;base64,AAAA""#.into())
            } else {
                ImgRewrite::Tag("<span>missing</span>".into())
            }
        });
        assert_eq!(
            out,
            r#"<img src="data:image/png;base64,AAAA" width="300"> and <span>missing</span>"#
        );
    }

    #[test]
    fn alt_title_src_attribute_and_links() {
        let html = r#"<a href="x"><img alt="a &amp; b" src=y.png title='t'></a><img src="z.png">"#;
        let tags = img_tags(html);
        assert_eq!(tags.len(), 2);
        assert_eq!(tags[0].alt.as_deref(), Some("a & b"));
        assert_eq!(tags[0].title.as_deref(), Some("t"));
        assert_eq!(&html[tags[0].src_attr.clone().unwrap()], "src=y.png");
        assert!(tags[0].in_link);
        assert_eq!(&html[tags[1].src_attr.clone().unwrap()], r#"src="z.png""#);
        assert!(!tags[1].in_link, "the link was closed");
        // A fragment that starts inside a link, opened by an earlier fragment.
        let (tags, depth) = img_tags_in("<img src=a.png></A><abbr><img src=b.png>", 1);
        assert!(tags[0].in_link && !tags[1].in_link);
        assert_eq!(depth, 0);
        assert_eq!(img_tags_in("<A HREF=x>", 0).1, 1);
        assert_eq!(img_tags_in("<!-- <a href=x> -->", 0).1, 0);
    }

    #[test]
    fn rewrite_whole_src_attribute() {
        let html = r#"<img width=3 src='a.png' alt="x"><img src=b.png>"#;
        let out = rewrite_imgs(html, |src, _| {
            ImgRewrite::SrcAttr(format!("data-same=\"{}\"", src.len()))
        });
        assert_eq!(
            out,
            r#"<img width=3 data-same="5" alt="x"><img data-same="5">"#
        );
    }

    #[test]
    fn multibyte_text_does_not_panic() {
        assert!(img_srcs("- 混合<读写 <!-- 注 -->").is_empty());
        assert_eq!(img_srcs("图：<img src=\"二维码.png\">"), vec!["二维码.png"]);
    }

    #[test]
    fn unterminated_tag_does_not_panic() {
        assert_eq!(img_srcs("<img src=\"a.png"), vec!["a.png"]);
        assert!(img_srcs("<img").is_empty());
    }
}
