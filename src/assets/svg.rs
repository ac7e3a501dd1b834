//! SVG documents: recognised by their root element, sized by its `width`/`height` or
//! `viewBox`. They are embedded as written, never re-encoded.

/// The text after an optional UTF-8 byte order mark and leading whitespace.
fn skip_bom_and_space(b: &[u8]) -> &[u8] {
    let b = b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(b);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[start..]
}

/// Whether the first bytes could start an SVG document (worth reading the rest).
pub(super) fn may_be_svg(head: &[u8]) -> bool {
    skip_bom_and_space(head).first() == Some(&b'<')
}

/// Whether `b` is an XML document whose root element is `<svg>`: only an XML declaration,
/// processing instructions, comments and a doctype may come first.
pub(super) fn is_svg(b: &[u8]) -> bool {
    svg_root_tag(b).is_some()
}

/// The bytes from the root `<svg` start tag on, if the document is an SVG.
fn svg_root_tag(b: &[u8]) -> Option<&[u8]> {
    let mut rest = b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(b);
    loop {
        rest = skip_bom_and_space(rest);
        let after = |rest: &[u8], open: usize, close: &[u8]| -> Option<usize> {
            find(&rest[open..], close).map(|at| open + at + close.len())
        };
        if rest.starts_with(b"<?") {
            rest = &rest[after(rest, 2, b"?>")?..];
        } else if rest.starts_with(b"<!--") {
            rest = &rest[after(rest, 4, b"-->")?..];
        } else if rest.len() >= 9 && rest[..9].eq_ignore_ascii_case(b"<!DOCTYPE") {
            // An internal subset `[...]` may hold `>`.
            let gt = find(rest, b">")?;
            let end = match find(rest, b"[") {
                Some(bracket) if bracket < gt => after(rest, bracket, b"]")?,
                _ => 0,
            };
            rest = &rest[after(rest, end, b">")?..];
        } else {
            let tag = rest.strip_prefix(b"<svg")?;
            return match tag.first() {
                Some(c) if c.is_ascii_whitespace() || *c == b'>' || *c == b'/' => Some(tag),
                _ => None,
            };
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// An SVG's size from its root `width`/`height` (plain or `px` numbers), else its `viewBox`.
pub(super) fn svg_dimensions(b: &[u8]) -> (u32, u32) {
    let Some(tag) = svg_root_tag(b) else {
        return (0, 0);
    };
    let attrs = parse_attributes(tag);
    let get = |name: &str| attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let length = |v: &str| -> Option<u32> {
        let v = v.trim();
        let v = v.strip_suffix("px").unwrap_or(v).trim();
        let n: f64 = v.parse().ok()?;
        (n.is_finite() && n > 0.0 && n < f64::from(u32::MAX)).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (
        get("width").and_then(length),
        get("height").and_then(length),
    ) {
        return (w, h);
    }
    if let Some(view_box) = get("viewBox") {
        let numbers: Vec<f64> = view_box
            .split(|c: char| c.is_ascii_whitespace() || c == ',')
            .filter(|s| !s.is_empty())
            .filter_map(|s| s.parse().ok())
            .collect();
        if let [_, _, w, h] = numbers[..] {
            if let (Some(w), Some(h)) = (length(&w.to_string()), length(&h.to_string())) {
                return (w, h);
            }
        }
    }
    (0, 0)
}

/// `name="value"` pairs of a start tag's attributes, up to its closing `>`.
fn parse_attributes(tag: &[u8]) -> Vec<(&str, &str)> {
    let mut attrs = Vec::new();
    let mut i = 0;
    fn text(r: &[u8]) -> &str {
        std::str::from_utf8(r).unwrap_or("")
    }
    while i < tag.len() {
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= tag.len() || tag[i] == b'>' || tag[i] == b'/' {
            break;
        }
        let name_start = i;
        while i < tag.len() && !tag[i].is_ascii_whitespace() && !matches!(tag[i], b'=' | b'>') {
            i += 1;
        }
        let name = text(&tag[name_start..i]);
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        if tag.get(i) != Some(&b'=') {
            attrs.push((name, ""));
            continue;
        }
        i += 1;
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match tag.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let start = i + 1;
                let end = tag[start..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(tag.len(), |e| start + e);
                i = end + 1;
                &tag[start..end]
            }
            _ => {
                let start = i;
                while i < tag.len() && !tag[i].is_ascii_whitespace() && tag[i] != b'>' {
                    i += 1;
                }
                &tag[start..i]
            }
        };
        attrs.push((name, text(value)));
    }
    attrs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::test_support::*;

    #[test]
    fn svg_is_recognised_by_its_root_element() {
        let svg = br#"<?xml version="1.0"?>
<!-- (c) someone -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" width="120px" height='80'><script>alert(1)</script></svg>"#;
        assert!(is_svg(svg));
        assert_eq!(svg_dimensions(svg), (120, 80));
        assert_eq!(
            svg_dimensions(b"\xef\xbb\xbf <svg viewBox=\"0 0 64.4 32\" xmlns=\"x\"/>"),
            (64, 32)
        );
        assert!(is_svg(b"<svg>"));
        assert!(!is_svg(b"<svgx>"));
        assert!(!is_svg(b"<html><svg></svg></html>"));
        assert!(!is_svg(b"<?xml version=\"1.0\"?><note><svg/></note>"));
        assert!(!is_svg(b"<!-- unterminated <svg>"));
        let (_dir, note, options) = setup(&[("s.svg", svg)]);
        let (assets, _) = embed(&note, &options, &["s.svg"]);
        let image = embedded(&assets, "s.svg");
        assert!(image.data_uri.starts_with("data:image/svg+xml;base64,"));
        assert_eq!(decode_uri(&image.data_uri).1, svg);
    }
}
