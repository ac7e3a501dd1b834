//! Stage 3: images. Every image a deck references is resolved relative to the note, confined
//! to the notes' root, sniffed by its bytes, downscaled when too wide, and embedded once as a
//! data URI.
//!
//! What happens to one `src`:
//!
//! - `http://`, `https://`, `//host/...`: [`Asset::Remote`] and a warning (the deck is not
//!   self-contained).
//! - `data:...`: kept as written (already self-contained).
//! - any other `scheme:` (`file:`, `ftp:`, `javascript:`...): refused.
//! - a local path: resolved against the note's folder, first as written, then without
//!   `?query`/`#fragment` and percent-decoded (`a%20b.png`, `%E8%B4%A1.png`); canonicalized
//!   (symlinks resolved) and refused unless it lies inside [`AssetOptions::root`]; read once
//!   (≤ 50 MB), embedded only if its bytes are an image (PNG, JPEG, GIF, WebP, SVG, BMP, ICO,
//!   AVIF). Dimensions come from the headers; a PNG or JPEG wider than
//!   [`AssetOptions::max_width`] is decoded (with limits), downscaled and re-encoded, and the
//!   result kept only if smaller. GIF, WebP, animated PNG and SVG are never re-encoded.
//!
//! Every refusal is a warning `note.md:LINE: reason` and an [`Asset::Missing`] whose `reason`
//! is the same text, for the renderer's placeholder.
//!
//! [`embed_images`] does all of it; [`probe_images`] (for `meetdeck check`) takes the same
//! path up to the headers and stops there: no pixel is decoded, nothing re-encoded or
//! base64-encoded.
//!
//! The files, one concern each: `resolve` (a `src` to a confined canonical path), `cache`
//! (files read once per version across a run), `sniff` (what the bytes are, their header
//! dimensions), `svg` (SVG recognition and size), `shrink` (decoding, downscaling,
//! re-encoding and the data URI).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{shown_text, Warning};
use crate::slides::ImageRef;

mod cache;
mod resolve;
mod shrink;
mod sniff;
mod svg;
#[cfg(test)]
mod test_support;

pub use cache::ImageCache;
pub use resolve::{local_candidates, note_link, OUTSIDE_ROOT_HINT};

use resolve::{Load, Resolver};

/// Default widest image kept as is (px); wider ones are downscaled when that is smaller.
pub const DEFAULT_MAX_WIDTH: u32 = 1920;

/// Files larger than this are never embedded.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Images larger than this in either direction are refused (decompression bombs).
pub const MAX_DIMENSION: u32 = 16384;

/// Most memory one decode may allocate.
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// How images are found and embedded.
#[derive(Debug, Clone)]
pub struct AssetOptions {
    /// Images must lie inside this folder (after resolving symlinks).
    pub root: PathBuf,
    /// Wider images are downscaled to this width when that makes the deck smaller.
    pub max_width: u32,
}

impl AssetOptions {
    /// Options confining images to `root`, with the default maximum width.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        AssetOptions {
            root: root.into(),
            max_width: DEFAULT_MAX_WIDTH,
        }
    }
}

/// An image ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedImage {
    /// `data:image/...;base64,...`. Safe to write into an HTML attribute as it is: it never
    /// holds `"`, `&`, `<` or `>` (base64 has none; a note's own `data:` URI has them
    /// percent-encoded), so megabytes of it are never scanned for escaping. Empty when the
    /// image was only probed ([`probe_images`]).
    pub data_uri: Arc<str>,
    /// Width in pixels as displayed (EXIF orientation applied), after any downscaling; 0
    /// when unknown (`data:` URIs, some SVGs). Probed images have their headers' width.
    pub width: u32,
    /// Height in pixels, as [`EmbeddedImage::width`].
    pub height: u32,
}

/// What became of one `src`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asset {
    /// Found and embedded (or, when probed, found and embeddable).
    Embedded(EmbeddedImage),
    /// Not embedded; the reason is shown in the placeholder (`image not found: a.png`).
    Missing {
        /// The warning's text, without its `note.md:LINE:` location.
        reason: String,
    },
    /// An `http(s)` image: kept as a link, reported as not self-contained.
    Remote,
}

/// The images of one deck, by `src` as written in the note, and its links to other notes.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Each distinct `src` as written, and what became of it.
    pub by_src: HashMap<String, Asset>,
    /// Root-absolute links to other notes, as written, and where they point from the deck
    /// (see [`note_link`]); links not here stay as written.
    pub links: HashMap<String, String>,
}

impl Assets {
    /// Where the link `href` (as written in the note) points, when it must change.
    pub fn link(&self, href: &str) -> Option<&str> {
        self.links.get(href).map(String::as_str)
    }

    /// Resolves the root-absolute links of `deck` to other notes (see [`note_link`]).
    pub fn resolve_note_links(&mut self, note: &Path, deck: &crate::deck::Deck, root: &Path) {
        let note_dir = note.parent().unwrap_or(Path::new("."));
        let slides = deck.stacks.iter().flat_map(|stack| &stack.slides);
        let events = slides.flat_map(|slide| {
            let heading = slide.heading.iter().flat_map(|h| &h.events);
            heading.chain(&slide.body)
        });
        for event in events {
            if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) = event
            {
                if dest_url.starts_with('/') && !self.links.contains_key(dest_url.as_ref()) {
                    if let Some(to) = note_link(note_dir, root, dest_url.as_ref()) {
                        self.links.insert(dest_url.to_string(), to);
                    }
                }
            }
        }
    }

    /// What became of `src` (as written in the note), if the note uses it.
    pub fn get(&self, src: &str) -> Option<&Asset> {
        self.by_src.get(src)
    }
}

/// The images of one note as [`embed_images`] or [`probe_images`] left them.
#[derive(Debug, Clone, Default)]
pub struct Embedded {
    /// What became of each `src`.
    pub assets: Assets,
    /// One warning per refused or remote `src`, at its first line.
    pub warnings: Vec<Warning>,
    /// Every file a local `src` may name, in the order the resolver tries them (all
    /// [`local_candidates`] of each distinct `src`, in the note's order): the files the deck
    /// depends on, whether they exist or not.
    pub probed: Vec<PathBuf>,
}

/// Why a local file was not embedded; turned into a message naming the `src` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Refusal {
    NotImage,
    FileTooLarge(u64),
    /// Over [`MAX_DIMENSION`] or [`MAX_DECODE_BYTES`].
    ImageTooLarge,
    /// Image magic bytes but a header that cannot be read.
    Corrupt(String),
    Unreadable(String),
}

impl Refusal {
    fn message(&self, src: &str) -> String {
        let src = shown_text(src);
        match self {
            Refusal::NotImage => format!("not an image: {src}"),
            Refusal::FileTooLarge(len) => format!(
                "image too large to embed ({} MB, limit {} MB): {src}",
                len.div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            Refusal::ImageTooLarge => format!(
                "image too large to decode (limit {MAX_DIMENSION}x{MAX_DIMENSION} px, {} MiB): {src}",
                MAX_DECODE_BYTES / (1024 * 1024)
            ),
            Refusal::Corrupt(e) => format!("image could not be read ({e}): {src}"),
            Refusal::Unreadable(e) => format!("image could not be read ({e}): {src}"),
        }
    }
}

/// Resolves and embeds the images of the note at `note_path`.
///
/// Each distinct `src` is handled once (one entry in [`Assets::by_src`], one warning at its
/// first line), however often the note uses it.
pub fn embed_images(
    note_path: &Path,
    images: &[ImageRef],
    options: &AssetOptions,
    cache: &ImageCache,
) -> Embedded {
    resolve_all(note_path, images, options, Load::Embed(cache))
}

/// What [`embed_images`] would make of the images of the note at `note_path`, without
/// decoding, re-encoding or base64-encoding any: each `src` is resolved, confined to the
/// root, size-checked and sniffed as the build does (the same warnings for missing, refused
/// and remote images), and a found image is an [`Asset::Embedded`] with an empty
/// [`EmbeddedImage::data_uri`] and its headers' dimensions (before any downscaling).
pub fn probe_images(note_path: &Path, images: &[ImageRef], options: &AssetOptions) -> Embedded {
    resolve_all(note_path, images, options, Load::Probe)
}

/// The one resolution path of [`embed_images`] and [`probe_images`].
fn resolve_all(
    note_path: &Path,
    images: &[ImageRef],
    options: &AssetOptions,
    load: Load<'_>,
) -> Embedded {
    let mut out = Embedded::default();
    let note_dir = match note_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut resolver = Resolver::new(note_dir, options, load);
    for image in images {
        if out.assets.by_src.contains_key(&image.src) {
            continue;
        }
        let asset = resolver.resolve(&image.src, &mut out.probed);
        match &asset {
            Asset::Remote => out.warnings.push(Warning::new(
                note_path,
                Some(image.line),
                format!(
                    "{REMOTE_IMAGE} (shown as a link; the deck is not self-contained): {}",
                    shown_text(image.src.trim())
                ),
            )),
            Asset::Missing { reason } => {
                out.warnings
                    .push(Warning::new(note_path, Some(image.line), reason.clone()))
            }
            Asset::Embedded(_) => {}
        }
        out.assets.by_src.insert(image.src.clone(), asset);
    }
    out
}

/// How the warning of a remote image starts (`check` tells it from a missing one by it).
pub const REMOTE_IMAGE: &str = "remote image not embedded";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::test_support::*;
    use std::path::Path;
    use std::time::Instant;

    #[test]
    fn fixture_images_embed() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let note = fixtures.join("images-names.md");
        let options = AssetOptions::new(&fixtures);
        let srcs = [
            "images/photo.jpg",
            "images/team photo.png",
            "images/team%20photo.png",
            "images/贡献者.png",
            "images/Chart.PNG",
            "images/anim.gif",
            "images/icon.svg",
            "images/pixel.webp",
        ];
        let (assets, warnings) = embed(&note, &options, &srcs);
        assert!(warnings.is_empty(), "{warnings:?}");
        for src in srcs {
            let image = embedded(&assets, src);
            assert!(image.width > 0 && image.height > 0, "{src}: {image:?}");
        }
        assert!(embedded(&assets, "images/icon.svg")
            .data_uri
            .starts_with("data:image/svg+xml;base64,"));
        assert!(embedded(&assets, "images/photo.jpg")
            .data_uri
            .starts_with("data:image/jpeg;base64,"));
        assert!(embedded(&assets, "images/pixel.webp")
            .data_uri
            .starts_with("data:image/webp;base64,"));
        let refused = [
            "images/not-really.png",
            "images/nope.png",
            "/etc/passwd",
            "../../../../../../../../../../etc/passwd",
        ];
        let (assets, warnings) = embed(&note, &options, &refused);
        assert_eq!(
            messages(&warnings),
            [
                "not an image: images/not-really.png".to_string(),
                "image not found: images/nope.png".to_string(),
                format!("image outside the notes' root refused: /etc/passwd{OUTSIDE_ROOT_HINT}"),
                format!(
                    "image outside the notes' root refused: ../../../../../../../../../../etc/passwd{OUTSIDE_ROOT_HINT}"
                ),
            ]
        );
        assert!(matches!(
            assets.get("images/not-really.png"),
            Some(Asset::Missing { .. })
        ));
    }

    /// A PNG whose IHDR says `width` x `height` (8-bit RGB) and whose IDAT is not zlib
    /// data: every header is valid, no pixel can be decoded.
    fn png_with_corrupt_pixels(width: u32, height: u32) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let start = out.len();
            out.extend_from_slice(kind);
            out.extend_from_slice(data);
            let crc = crc32(&out[start..]);
            out.extend_from_slice(&crc.to_be_bytes());
        }
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&width.to_be_bytes());
        ihdr.extend_from_slice(&height.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        chunk(&mut png, b"IHDR", &ihdr);
        chunk(&mut png, b"IDAT", &[0xAB; 4096]);
        chunk(&mut png, b"IEND", &[]);
        png
    }

    #[test]
    fn probe_reads_headers_only() {
        let png = png_with_corrupt_pixels(4000, 3000);
        let (_dir, note, options) = setup(&[("big.png", &png)]);
        let probed = probe_images(&note, &refs(&["big.png"]), &options);
        assert!(probed.warnings.is_empty(), "{:?}", probed.warnings);
        assert_eq!(
            probed.assets.get("big.png"),
            Some(&Asset::Embedded(EmbeddedImage {
                data_uri: Arc::from(""),
                width: 4000,
                height: 3000,
            }))
        );
        assert_eq!(probed.probed, [note.with_file_name("big.png")]);
        // The build tries to decode it (4000 px is over the 1920 px maximum), fails, and
        // embeds the file unchanged.
        let (assets, warnings) = embed(&note, &options, &["big.png"]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let built = embedded(&assets, "big.png");
        assert_eq!((built.width, built.height), (4000, 3000));
        assert_eq!(decode_uri(&built.data_uri).1, png);
    }

    #[test]
    fn probe_never_downscales() {
        // The build re-encodes this at 1920 x 384 (see `shrink`); the probe only reads the
        // header.
        let png = png_bytes(3000, 600);
        let (_dir, note, options) = setup(&[("wide.png", &png)]);
        let probed = probe_images(&note, &refs(&["wide.png"]), &options);
        let image = embedded(&probed.assets, "wide.png");
        assert_eq!((image.width, image.height), (3000, 600));
        assert!(image.data_uri.is_empty());
    }

    #[test]
    fn probe_gives_the_builds_warnings_and_refusals() {
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let note = fixtures.join("images-names.md");
        let options = AssetOptions::new(&fixtures);
        let mut bomb = png_with_corrupt_pixels(1, 1);
        bomb[16..20].copy_from_slice(&60000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&60000u32.to_be_bytes());
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        let srcs = [
            "images/photo.jpg",
            "images/team%20photo.png",
            "images/anim.gif",
            "images/icon.svg",
            "images/pixel.webp",
            "images/not-really.png",
            "images/nope.png",
            "/etc/passwd",
            "../../../../../../../../../../etc/passwd",
            "https://example.com/a.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "javascript:alert(1)",
            "",
        ];
        let built = embed_images(&note, &refs(&srcs), &options, &ImageCache::new());
        let probed = probe_images(&note, &refs(&srcs), &options);
        assert_eq!(probed.warnings, built.warnings);
        assert_eq!(probed.probed, built.probed);
        assert_eq!(probed.warnings.len(), 7, "{:?}", probed.warnings);
        for src in srcs {
            match (built.assets.get(src), probed.assets.get(src)) {
                (Some(Asset::Embedded(built)), Some(Asset::Embedded(probed))) => {
                    assert!(src.starts_with("data:") || probed.data_uri.is_empty());
                    // None of these is wider than 1920 px: the same dimensions.
                    assert_eq!((probed.width, probed.height), (built.width, built.height));
                }
                (built, probed) => assert_eq!(built, probed, "{src}"),
            }
        }
        // Refusals from the headers and the size.
        let (_dir, note, options) = setup(&[("bomb.png", &bomb)]);
        std::fs::File::create(options.root.join("big.png"))
            .and_then(|f| f.set_len(MAX_FILE_BYTES + 1))
            .unwrap();
        let srcs = refs(&["bomb.png", "big.png", "images"]);
        let built = embed_images(&note, &srcs, &options, &ImageCache::new());
        let probed = probe_images(&note, &srcs, &options);
        assert_eq!(probed.warnings, built.warnings);
        assert_eq!(probed.warnings.len(), 3);
    }

    /// The three images of the real 2023 notes (skipped when the shared notes are absent,
    /// except under `CI=true`).
    #[test]
    fn real_note_images_timing() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/notes");
        if !shared.join("2023/images").is_dir() {
            assert!(
                std::env::var("CI").map_or(true, |v| v.is_empty() || v == "false"),
                "../shared/notes is missing, and CI=true needs it"
            );
            eprintln!("skipped: ../shared/notes not found");
            return;
        }
        let note = shared.join("2023/Double Week Meetings/2023-08-03.md");
        let note = note.as_path();
        let options = AssetOptions::new(&shared);
        let srcs = refs(&[
            "../images/贡献者.png",
            "../images/curve-doc.jpg",
            "../images/curve-wechat.jpeg",
        ]);
        let cache = ImageCache::new();
        let start = Instant::now();
        let Embedded {
            assets, warnings, ..
        } = embed_images(note, &srcs, &options, &cache);
        let cold = start.elapsed();
        let start = Instant::now();
        let _ = embed_images(note, &srcs, &options, &cache);
        let warm = start.elapsed();
        eprintln!("3 real images: cold {cold:?}, cached {warm:?}");
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            (
                embedded(&assets, "../images/贡献者.png").width,
                embedded(&assets, "../images/curve-doc.jpg").width,
                embedded(&assets, "../images/curve-wechat.jpeg").width
            ),
            (1251, 1640, 430)
        );
    }
}
