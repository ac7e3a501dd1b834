//! `url()` in CSS text (a `style` attribute, a `<style>` element): comments and strings are
//! skipped, the URL is read quoted or bare, with CSS escapes (`\(`, `\20 `) decoded; an
//! `@import`'s URL (`url()` or a string) is marked with its whole rule; the strings of an
//! `image-set()` are URLs too.

use std::ops::Range;

/// One `url(...)` of CSS text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CssUrl {
    /// The whole `url(...)`, closing parenthesis included (to the end when it has none).
    pub range: Range<usize>,
    /// The URL, unquoted and unescaped.
    pub url: String,
    /// The whole `@import` rule (to its `;`) when this is the stylesheet it imports.
    pub import: Option<Range<usize>>,
}

/// The `url()`s of `css`, in order.
pub fn css_urls(css: &str) -> Vec<CssUrl> {
    let bytes = css.as_bytes();
    let len = bytes.len();
    let mut out = Vec::new();
    // Where the `@import` being read starts.
    let mut import: Option<usize> = None;
    // Parentheses open from an `image-set(` on: its own strings (depth 1) are URLs too.
    let mut image_set = 0usize;
    let rule =
        |start: usize, from: usize| start..css[from..].find(';').map_or(len, |e| from + e + 1);
    let mut i = 0;
    while i < len {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = css[i + 2..].find("*/").map_or(len, |e| i + 2 + e + 2);
            }
            b'@' if bytes
                .get(i + 1..i + 7)
                .is_some_and(|b| b.eq_ignore_ascii_case(b"import")) =>
            {
                import = Some(i);
                i += 7;
            }
            b';' | b'{' | b'}' => {
                import = None;
                i += 1;
            }
            q @ (b'"' | b'\'') => {
                let (end, next) = string_end(bytes, i + 1, q);
                let import = import.take();
                if import.is_some() || image_set == 1 {
                    out.push(CssUrl {
                        range: i..next,
                        url: unescape(&css[i + 1..end]),
                        import: import.map(|start| rule(start, next)),
                    });
                }
                i = next;
            }
            b'i' | b'I'
                if bytes
                    .get(i..i + 10)
                    .is_some_and(|b| b.eq_ignore_ascii_case(b"image-set("))
                    && (i == 0 || !is_ident(bytes[i - 1]) || css[..i].ends_with("-webkit-")) =>
            {
                image_set += 1;
                i += 10;
            }
            b'(' if image_set > 0 => {
                image_set += 1;
                i += 1;
            }
            b')' if image_set > 0 => {
                image_set -= 1;
                i += 1;
            }
            b'u' | b'U'
                if bytes
                    .get(i..i + 4)
                    .is_some_and(|b| b.eq_ignore_ascii_case(b"url("))
                    && (i == 0 || !is_ident(bytes[i - 1])) =>
            {
                let mut j = skip_space(bytes, i + 4);
                let url = match bytes.get(j) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let (end, next) = string_end(bytes, j + 1, q);
                        let url = unescape(&css[j + 1..end]);
                        j = next;
                        url
                    }
                    _ => {
                        let start = j;
                        while j < len && bytes[j] != b')' && !bytes[j].is_ascii_whitespace() {
                            j = if bytes[j] == b'\\' {
                                escape_end(bytes, j)
                            } else {
                                j + 1
                            };
                        }
                        j = j.min(len);
                        // An escape may end in the middle of a character: on to the next one.
                        while !css.is_char_boundary(j) {
                            j += 1;
                        }
                        unescape(&css[start..j])
                    }
                };
                j = skip_space(bytes, j);
                if bytes.get(j) == Some(&b')') {
                    j += 1;
                }
                out.push(CssUrl {
                    range: i..j,
                    url,
                    import: import.take().map(|start| rule(start, j)),
                });
                i = j;
            }
            _ => i += 1,
        }
    }
    out
}

/// The end of the escape starting with the `\\` at `i`: up to six hex digits and one
/// whitespace after them, or one other byte.
fn escape_end(bytes: &[u8], i: usize) -> usize {
    let mut j = i + 1;
    while j < bytes.len() && j < i + 7 && bytes[j].is_ascii_hexdigit() {
        j += 1;
    }
    if j == i + 1 {
        return j + 1;
    }
    if j < bytes.len() && bytes[j].is_ascii_whitespace() {
        j += 1;
    }
    j
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b >= 0x80
}

fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && bytes[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// The end of a string opened by `quote` before `from`, and the offset after its closing
/// quote (both the text's end when unterminated).
fn string_end(bytes: &[u8], from: usize, quote: u8) -> (usize, usize) {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return (i, i + 1),
            _ => i += 1,
        }
    }
    (bytes.len(), bytes.len())
}

/// CSS escapes decoded: `\` and up to six hex digits (one space after them is theirs), or
/// `\` and any other character.
fn unescape(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.extend(chars.next());
        }
        if hex.is_empty() {
            out.extend(chars.next());
            continue;
        }
        if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
            chars.next();
        }
        let code = u32::from_str_radix(&hex, 16).unwrap_or(0xFFFD);
        out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
    }
    out
}
