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
}

/// The `<img>` tags of `html`, in order.
pub fn img_tags(html: &str) -> Vec<ImgTag> {
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
        let is_img = bytes[i] == b'<'
            && html
                .get(i + 1..i + 4)
                .is_some_and(|name| name.eq_ignore_ascii_case("img"))
            && bytes
                .get(i + 4)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>');
        if !is_img {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i + 4;
        let mut src = None;
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
        });
        i = end;
    }
    tags
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
    /// Replace the `src` value (the new value is inserted as is, so it must be attribute-safe).
    Src(String),
    /// Replace the whole tag with this HTML.
    Tag(String),
}

/// Rewrites each `<img>` tag of `html` by `f(src)`.
pub fn rewrite_imgs<'a>(html: &'a str, mut f: impl FnMut(&str) -> ImgRewrite) -> Cow<'a, str> {
    let tags = img_tags(html);
    if tags.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut copied = 0;
    for tag in tags {
        let Some((src_range, src)) = tag.src else {
            continue;
        };
        match f(&src) {
            ImgRewrite::Keep => {}
            ImgRewrite::Src(new_src) => {
                out.push_str(&html[copied..src_range.start]);
                out.push_str(&new_src);
                copied = src_range.end;
            }
            ImgRewrite::Tag(new_tag) => {
                out.push_str(&html[copied..tag.range.start]);
                out.push_str(&new_tag);
                copied = tag.range.end;
            }
        }
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
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
        let out = rewrite_imgs(html, |src| {
            if src == "a.png" {
                ImgRewrite::Src("data:image/png;base64,AAAA".into())
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
