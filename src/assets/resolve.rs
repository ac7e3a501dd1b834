//! From a `src` as written to a confined, canonical file (or a remote link, a `data:` URI, a
//! refusal).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::shown_text;

use super::{sniff, Asset, AssetOptions, EmbeddedImage, ImageCache};

/// What the resolver does with a file it found and confined.
#[derive(Debug, Clone, Copy)]
pub(super) enum Load<'a> {
    /// Read, shrink and encode it (once per version, through the cache).
    Embed(&'a ImageCache),
    /// Read and sniff its headers only.
    Probe,
}

pub(super) struct Resolver<'a> {
    note_dir: &'a Path,
    options: &'a AssetOptions,
    load: Load<'a>,
    /// The canonical root, computed on first use.
    root: Option<PathBuf>,
}

impl<'a> Resolver<'a> {
    pub(super) fn new(note_dir: &'a Path, options: &'a AssetOptions, load: Load<'a>) -> Self {
        Resolver {
            note_dir,
            options,
            load,
            root: None,
        }
    }

    /// What `written` names; the files it may name are appended to `probed`.
    pub(super) fn resolve(&mut self, written: &str, probed: &mut Vec<PathBuf>) -> Asset {
        let src = written.trim();
        let missing = |reason: String| Asset::Missing { reason };
        if src.is_empty() {
            return missing("image without a src".to_string());
        }
        if is_remote(src) {
            return Asset::Remote;
        }
        if starts_with_ignore_case(src, "data:") {
            return Asset::Embedded(EmbeddedImage {
                data_uri: Arc::from(attribute_safe_uri(src)),
                width: 0,
                height: 0,
            });
        }
        if has_url_scheme(src) {
            return missing(format!(
                "image URL not supported (only local files, http(s) and data:): {}",
                shown_text(src)
            ));
        }
        let candidates = local_candidates(self.note_dir, &self.options.root, src);
        // The first candidate that exists, canonical (symlinks resolved).
        let found = candidates
            .iter()
            .find_map(|candidate| std::fs::canonicalize(candidate).ok());
        probed.extend(candidates);
        let Some(path) = found else {
            return missing(format!("image not found: {}", shown_text(src)));
        };
        let root = self.root.get_or_insert_with(|| {
            let root = &self.options.root;
            std::fs::canonicalize(root)
                .or_else(|_| std::path::absolute(root))
                .unwrap_or_else(|_| root.clone())
        });
        if !path.starts_with(root) {
            return missing(format!(
                "image outside the notes' root refused: {}{OUTSIDE_ROOT_HINT}",
                shown_text(src)
            ));
        }
        let max_width = self.options.max_width;
        let loaded = match self.load {
            Load::Embed(cache) => cache.load(&path, max_width),
            Load::Probe => sniff::probe_file(&path, max_width),
        };
        match loaded {
            Ok(image) => Asset::Embedded(image),
            Err(refusal) => missing(refusal.message(src)),
        }
    }
}

/// The files an image `src` may name, in the order the resolver tries them: as written, then
/// without `?query`/`#fragment` and percent-decoded. A root-absolute `src` (`/images/a.png`)
/// names a file of the notes' `root` first, as GitHub resolves `/...` against the
/// repository's root, then the file system's path as written. None for remote, `data:` and
/// other URLs. The resolver finds files through it; watch mode and folder builds use it to
/// know which files a deck depends on.
pub fn local_candidates(note_dir: &Path, root: &Path, src: &str) -> Vec<PathBuf> {
    let src = src.trim();
    if src.is_empty() || is_remote(src) || has_url_scheme(src) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut push = |path: &Path| {
        if let Ok(in_root) = path.strip_prefix("/") {
            out.push(root.join(in_root));
        }
        out.push(note_dir.join(path));
    };
    push(Path::new(src));
    let stripped = src.find(['?', '#']).map_or(src, |end| &src[..end]);
    let decoded = decoded_path(percent_encoding::percent_decode_str(stripped));
    if let Some(decoded) = decoded {
        if !decoded.as_os_str().is_empty() && decoded.as_os_str() != src {
            push(&decoded);
        }
    }
    out
}

/// Where a root-absolute link to another note (`/2023/a.md#item`, as GitHub resolves `/...`
/// against the repository's root) points from a deck beside the note in `note_dir`:
/// `../2023/a.md#item`. `None` (the link stays as written) for anything else: not
/// root-absolute, not a note's name, no such file, or a note outside `root`.
pub fn note_link(note_dir: &Path, root: &Path, href: &str) -> Option<String> {
    let href = href.trim();
    if !href.starts_with('/') || href.starts_with("//") {
        return None;
    }
    let end = href.find(['?', '#']).unwrap_or(href.len());
    let (path, rest) = href.split_at(end);
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8()
        .ok()?;
    let name = decoded.rsplit('/').next()?;
    if !crate::discover::is_note_name(name) {
        return None;
    }
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let root = canonical(root)?;
    let target = canonical(&root.join(decoded.trim_start_matches('/')))?;
    if !target.starts_with(&root) || !target.is_file() {
        return None;
    }
    let below_root = canonical(note_dir)?
        .strip_prefix(&root)
        .ok()?
        .components()
        .count();
    // The note's own path below the root (`/2024/../2023/a.md` is `2023/a.md`), as a URL
    // path, encoded as the index page encodes its links.
    let in_root = crate::index::href_for(target.strip_prefix(&root).ok()?);
    Some(format!("{}{in_root}{rest}", "../".repeat(below_root)))
}

/// A percent-decoded path: any bytes on Unix, UTF-8 elsewhere.
#[cfg(unix)]
fn decoded_path(decoded: percent_encoding::PercentDecode<'_>) -> Option<PathBuf> {
    use std::os::unix::ffi::OsStrExt;
    let bytes: std::borrow::Cow<'_, [u8]> = decoded.into();
    Some(PathBuf::from(std::ffi::OsStr::from_bytes(&bytes)))
}

#[cfg(not(unix))]
fn decoded_path(decoded: percent_encoding::PercentDecode<'_>) -> Option<PathBuf> {
    decoded.decode_utf8().ok().map(|s| PathBuf::from(&*s))
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

fn is_remote(src: &str) -> bool {
    starts_with_ignore_case(src, "http://")
        || starts_with_ignore_case(src, "https://")
        || src.starts_with("//")
}

/// `scheme:` per RFC 3986, at least two letters long (so `C:\x.png` is a path).
fn has_url_scheme(src: &str) -> bool {
    let Some(colon) = src.find(':') else {
        return false;
    };
    let scheme = &src.as_bytes()[..colon];
    scheme.len() >= 2
        && scheme[0].is_ascii_alphabetic()
        && scheme
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// `uri` with the characters HTML attributes must escape percent-encoded instead (the same
/// URI to a browser): `data:image/svg+xml,<svg ...>` as a note may write it.
fn attribute_safe_uri(uri: &str) -> std::borrow::Cow<'_, str> {
    if !uri.contains(['"', '&', '<', '>']) {
        return uri.into();
    }
    let mut out = String::with_capacity(uri.len() + 16);
    for c in uri.chars() {
        match c {
            '"' => out.push_str("%22"),
            '&' => out.push_str("%26"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            c => out.push(c),
        }
    }
    out.into()
}

/// What the warning of an image outside the notes' root adds: the way to allow it.
pub const OUTSIDE_ROOT_HINT: &str = " (to allow it, widen the notes' root: --root DIR, or a meetdeck.toml in a folder above both the note and the image)";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::test_support::*;
    use crate::assets::{embed_images, probe_images};
    use std::fs;
    #[cfg(unix)]
    use std::os::unix::ffi::OsStrExt as _;

    #[test]
    fn local_candidates_as_the_resolver_tries_them() {
        let dir = Path::new("/n");
        assert_eq!(
            local_candidates(dir, Path::new("/root"), "team%20photo.png?v=2"),
            vec![
                PathBuf::from("/n/team%20photo.png?v=2"),
                PathBuf::from("/n/team photo.png")
            ]
        );
        assert_eq!(
            local_candidates(dir, Path::new("/root"), " img/a.png "),
            vec![PathBuf::from("/n/img/a.png")]
        );
        for none in [
            "https://x/a.png",
            "//x/a.png",
            "data:image/png;base64,AA",
            "",
        ] {
            assert!(
                local_candidates(dir, Path::new("/root"), none).is_empty(),
                "{none}"
            );
        }
    }

    #[test]
    fn a_notes_own_data_uri_is_made_attribute_safe() {
        let svg = r#"data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" a='1&2'></svg>"#;
        let safe = attribute_safe_uri(svg);
        assert_eq!(
            safe,
            "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 a='1%262'%3E%3C/svg%3E"
        );
        assert!(!safe.contains(['"', '&', '<', '>']));
        let base64 = "data:image/png;base64,iVBORw0KGgo=";
        assert!(matches!(
            attribute_safe_uri(base64),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn relative_percent_encoded_chinese_and_upper_case_names() {
        let png = png_bytes(40, 30);
        let (_dir, note, options) = setup(&[
            ("images/a.png", &png),
            ("images/team photo.png", &png),
            ("images/贡献者.png", &png),
            ("images/A.PNG", &png),
        ]);
        let srcs = [
            "images/a.png",
            "./images/a.png?v=2#top",
            "images/team%20photo.png",
            "images/team photo.png",
            "images/贡献者.png",
            "images/%E8%B4%A1%E7%8C%AE%E8%80%85.png",
            "images/A.PNG",
        ];
        let (assets, warnings) = embed(&note, &options, &srcs);
        assert!(warnings.is_empty(), "{warnings:?}");
        for src in srcs {
            let image = embedded(&assets, src);
            assert_eq!((image.width, image.height), (40, 30), "{src}");
            let (mime, bytes) = decode_uri(&image.data_uri);
            assert_eq!(mime, "image/png");
            assert_eq!(bytes, png, "{src}: embedded unchanged");
        }
    }

    #[test]
    fn missing_image() {
        let (_dir, note, options) = setup(&[]);
        let (assets, warnings) = embed(&note, &options, &["images/nope.png"]);
        assert_eq!(
            assets.get("images/nope.png"),
            Some(&Asset::Missing {
                reason: "image not found: images/nope.png".into()
            })
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location.line, Some(1));
        assert_eq!(warnings[0].location.path, note);
        assert!(warnings[0]
            .to_string()
            .ends_with("note.md:1: image not found: images/nope.png"));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_escaping_root_refused() {
        let png = png_bytes(4, 4);
        let (dir, note, options) = setup(&[]);
        let outside = dir.path().join("secret.png");
        fs::write(&outside, &png).unwrap();
        std::os::unix::fs::symlink(&outside, options.root.join("images/link.png")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", options.root.join("passwd.png")).unwrap();
        // A symlink inside the root to a file inside the root is fine.
        fs::write(options.root.join("images/real.png"), &png).unwrap();
        std::os::unix::fs::symlink("real.png", options.root.join("images/alias.png")).unwrap();
        let (assets, warnings) = embed(
            &note,
            &options,
            &["images/link.png", "passwd.png", "images/alias.png"],
        );
        assert_eq!(
            messages(&warnings),
            [
                format!(
                    "image outside the notes' root refused: images/link.png{OUTSIDE_ROOT_HINT}"
                ),
                format!("image outside the notes' root refused: passwd.png{OUTSIDE_ROOT_HINT}"),
            ]
        );
        embedded(&assets, "images/alias.png");
    }

    #[test]
    fn root_absolute_paths_name_files_of_the_notes_root() {
        assert_eq!(
            local_candidates(Path::new("/n/2023"), Path::new("/n"), "/images/a%20b.png"),
            [
                "/n/images/a%20b.png",
                "/images/a%20b.png",
                "/n/images/a b.png",
                "/images/a b.png"
            ]
            .map(PathBuf::from)
        );
        let png = png_bytes(4, 4);
        let (dir, _, options) = setup(&[("images/logo.png", &png), ("2023/note.md", b"# n\n")]);
        fs::write(dir.path().join("out.png"), &png).unwrap();
        let note = options.root.join("2023/note.md");
        let (assets, warnings) = embed(
            &note,
            &options,
            &["/images/logo.png", "/images/gone.png", "/../out.png"],
        );
        embedded(&assets, "/images/logo.png");
        assert_eq!(
            messages(&warnings),
            [
                "image not found: /images/gone.png",
                "image outside the notes' root refused: /../out.png (to allow it, widen the notes' root: --root DIR, or a meetdeck.toml in a folder above both the note and the image)"
            ]
        );
    }

    #[test]
    fn root_absolute_links_to_notes_are_relative_to_the_deck() {
        let (dir, _, options) = setup(&[
            ("2023/a.md", b"# a\n"),
            ("2024/q1/b.md", b"# b\n"),
            ("docs/guide.pdf", b"%PDF"),
        ]);
        fs::write(dir.path().join("outside.md"), "# o\n").unwrap();
        let root = &options.root;
        let in_2024 = root.join("2024/q1");
        // The same note however it is spelt: `..` resolved, percent-encoding decoded.
        assert_eq!(
            note_link(&in_2024, root, "/2024/../2023/%61.md?plain").as_deref(),
            Some("../../2023/a.md?plain")
        );
        assert_eq!(
            note_link(&in_2024, root, "/2023/a.md#item-1").as_deref(),
            Some("../../2023/a.md#item-1")
        );
        assert_eq!(
            note_link(root, root, "/2024/q1/b.md").as_deref(),
            Some("2024/q1/b.md")
        );
        // Left as written: not a note, no such note, not root-absolute, outside the root.
        for href in [
            "/docs/guide.pdf",
            "/2023/gone.md",
            "2023/a.md",
            "//host/a.md",
            "/../outside.md",
            "https://x/a.md",
        ] {
            assert_eq!(note_link(&in_2024, root, href), None, "{href}");
        }
    }

    #[test]
    fn dot_dot_and_absolute_paths_confined() {
        let png = png_bytes(4, 4);
        let (dir, note, options) = setup(&[("images/in.png", &png)]);
        fs::write(dir.path().join("out.png"), &png).unwrap();
        let inside_abs = options.root.join("images/in.png");
        let outside_abs = dir.path().join("out.png");
        let inside_abs = inside_abs.to_str().unwrap();
        let outside_abs = outside_abs.to_str().unwrap();
        let srcs = [
            "../out.png",
            "images/../../out.png",
            "%2E%2E/out.png",
            outside_abs,
            inside_abs,
            "images/../images/in.png",
        ];
        let (assets, warnings) = embed(&note, &options, &srcs);
        let expected: Vec<String> = srcs[..4]
            .iter()
            .map(|s| format!("image outside the notes' root refused: {s}{OUTSIDE_ROOT_HINT}"))
            .collect();
        assert_eq!(messages(&warnings), expected);
        embedded(&assets, inside_abs);
        embedded(&assets, "images/../images/in.png");
    }

    #[test]
    fn remote_data_and_other_schemes() {
        let (_dir, note, options) = setup(&[]);
        let data = "data:image/png;base64,iVBORw0KGgo=";
        let srcs = [
            "https://example.com/a.png",
            "HTTP://example.com/b.png",
            "//cdn.example.com/c.png",
            data,
            "file:///etc/passwd",
            "javascript:alert(1)",
        ];
        let (assets, warnings) = embed(&note, &options, &srcs);
        for src in &srcs[..3] {
            assert_eq!(assets.get(src), Some(&Asset::Remote));
        }
        assert_eq!(embedded(&assets, data).data_uri.as_ref(), data);
        let messages = messages(&warnings);
        assert_eq!(
            messages[..3],
            [
                "remote image not embedded (shown as a link; the deck is not self-contained): https://example.com/a.png",
                "remote image not embedded (shown as a link; the deck is not self-contained): HTTP://example.com/b.png",
                "remote image not embedded (shown as a link; the deck is not self-contained): //cdn.example.com/c.png",
            ]
        );
        assert!(messages[3].starts_with("image URL not supported"));
        assert!(messages[3].ends_with(": file:///etc/passwd"));
        assert!(messages[4].ends_with(": javascript:alert(1)"));
        assert_eq!(messages.len(), 5);
    }

    #[test]
    fn same_src_is_one_entry_and_one_warning() {
        let png = png_bytes(8, 8);
        let (_dir, note, options) = setup(&[("a.png", &png)]);
        let (assets, warnings) = embed(
            &note,
            &options,
            &["a.png", "gone.png", "a.png", "gone.png", "./a.png"],
        );
        assert_eq!(assets.by_src.len(), 3);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].location.line, Some(2));
        // Two spellings of one file share one encoding.
        assert!(Arc::ptr_eq(
            &embedded(&assets, "a.png").data_uri,
            &embedded(&assets, "./a.png").data_uri
        ));
    }

    #[test]
    fn probed_are_the_candidates_of_each_local_src_in_the_order_tried() {
        let png = png_bytes(4, 4);
        let (_dir, note, options) = setup(&[("images/team photo.png", &png), ("a.png", &png)]);
        let dir = note.parent().unwrap();
        let srcs = [
            "images/team%20photo.png?v=2",
            "https://example.com/x.png",
            "a.png",
            "gone.png",
            "../outside.png",
            "data:image/png;base64,AA",
            "a.png",
            "ftp://x/y.png",
        ];
        let embedded = embed_images(&note, &refs(&srcs), &options, &ImageCache::new());
        let mut expected = Vec::new();
        for src in [
            "images/team%20photo.png?v=2",
            "a.png",
            "gone.png",
            "../outside.png",
        ] {
            expected.extend(local_candidates(dir, &options.root, src));
        }
        assert_eq!(embedded.probed, expected);
        assert_eq!(embedded.probed[1], dir.join("images/team photo.png"));
        // The probe tries the same files.
        assert_eq!(probe_images(&note, &refs(&srcs), &options).probed, expected);
    }

    #[cfg(unix)]
    #[test]
    fn a_percent_encoded_name_that_is_not_utf8_is_a_candidate() {
        let (_dir, note, options) = setup(&[]);
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.png");
        fs::write(options.root.join(name), png_bytes(4, 4)).unwrap();
        let dir = note.parent().unwrap();
        assert_eq!(
            local_candidates(dir, Path::new("/root"), "caf%E9.png"),
            vec![dir.join("caf%E9.png"), dir.join(name)]
        );
        let (assets, warnings) = embed(&note, &options, &["caf%E9.png"]);
        assert!(warnings.is_empty(), "{warnings:?}");
        embedded(&assets, "caf%E9.png");
    }

    #[test]
    fn url_schemes() {
        assert!(has_url_scheme("file:///x"));
        assert!(has_url_scheme("ftp://x"));
        assert!(!has_url_scheme("C:\\x.png"));
        assert!(!has_url_scheme("images/a:b.png"));
        assert!(!has_url_scheme("a.png"));
    }
}
