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

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use base64::Engine as _;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use crate::error::Warning;
use crate::slides::ImageRef;

/// Default widest image kept as is (px); wider ones are downscaled when that is smaller.
pub const DEFAULT_MAX_WIDTH: u32 = 1920;

/// Files larger than this are never embedded.
pub const MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// Images larger than this in either direction are refused (decompression bombs).
pub const MAX_DIMENSION: u32 = 16384;

/// Most memory one decode may allocate.
pub const MAX_DECODE_BYTES: u64 = 256 * 1024 * 1024;

/// JPEG quality of downscaled photos.
const JPEG_QUALITY: u8 = 85;

/// How much of a file is read before deciding whether it can be an image at all.
const SNIFF_BYTES: u64 = 1024;

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

/// An image ready to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedImage {
    /// `data:image/...;base64,...`. Safe to write into an HTML attribute as it is: it never
    /// holds `"`, `&`, `<` or `>` (base64 has none; a note's own `data:` URI has them
    /// percent-encoded), so megabytes of it are never scanned for escaping.
    pub data_uri: Arc<str>,
    /// Width and height in pixels as displayed (EXIF orientation applied), after any
    /// downscaling; 0 when unknown (`data:` URIs, some SVGs).
    pub width: u32,
    pub height: u32,
}

/// What became of one `src`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Asset {
    Embedded(EmbeddedImage),
    /// Not embedded; the reason is shown in the placeholder (`image not found: a.png`).
    Missing {
        reason: String,
    },
    /// An `http(s)` image: kept as a link, reported as not self-contained.
    Remote,
}

/// The images of one deck, by `src` as written in the note.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    pub by_src: HashMap<String, Asset>,
}

impl Assets {
    pub fn get(&self, src: &str) -> Option<&Asset> {
        self.by_src.get(src)
    }
}

/// Images read and encoded once across a whole run (a batch shares one cache between notes).
///
/// Keyed by canonical path; an entry is reused only while the file's size and modification
/// time are unchanged (so a watch loop sees edited images). Reading and encoding happen
/// outside the map's lock; threads asking for the same file at once wait for one read.
#[derive(Debug, Default)]
pub struct ImageCache {
    encoded: Mutex<HashMap<PathBuf, Arc<CacheEntry>>>,
}

#[derive(Debug)]
struct CacheEntry {
    stamp: Stamp,
    result: OnceLock<Result<EmbeddedImage, Refusal>>,
}

/// What identifies one version of a file (and the width it was encoded for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    max_width: u32,
}

impl ImageCache {
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of files held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<CacheEntry>>> {
        // A panic elsewhere cannot leave the map half-updated: keep using it.
        self.encoded.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The embedded form of the file at canonical `path`, read at most once per version.
    fn load(&self, path: &Path, max_width: u32) -> Result<EmbeddedImage, Refusal> {
        let meta = std::fs::metadata(path).map_err(|e| Refusal::Unreadable(e.to_string()))?;
        if !meta.is_file() {
            return Err(Refusal::NotImage);
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(Refusal::FileTooLarge(meta.len()));
        }
        let stamp = Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            max_width,
        };
        let entry = {
            let mut map = self.lock();
            match map.get(path) {
                Some(entry) if entry.stamp == stamp => Arc::clone(entry),
                _ => {
                    let entry = Arc::new(CacheEntry {
                        stamp,
                        result: OnceLock::new(),
                    });
                    map.insert(path.to_path_buf(), Arc::clone(&entry));
                    entry
                }
            }
        };
        entry
            .result
            .get_or_init(|| encode_file(path, meta.len(), max_width))
            .clone()
    }
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
        let src = Shown(src);
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

/// A `src` in a message: control characters escaped so a hostile `src` cannot forge lines.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                write!(f, "{}", c.escape_default())?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
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
) -> (Assets, Vec<Warning>) {
    let mut assets = Assets::default();
    let mut warnings = Vec::new();
    let note_dir = match note_path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut resolver = Resolver {
        note_dir,
        options,
        cache,
        root: None,
    };
    for image in images {
        if assets.by_src.contains_key(&image.src) {
            continue;
        }
        let asset = resolver.resolve(&image.src);
        match &asset {
            Asset::Remote => warnings.push(Warning::new(
                note_path,
                Some(image.line),
                format!(
                    "remote image not embedded (shown as a link; the deck is not self-contained): {}",
                    Shown(image.src.trim())
                ),
            )),
            Asset::Missing { reason } => {
                warnings.push(Warning::new(note_path, Some(image.line), reason.clone()))
            }
            Asset::Embedded(_) => {}
        }
        assets.by_src.insert(image.src.clone(), asset);
    }
    (assets, warnings)
}

struct Resolver<'a> {
    note_dir: &'a Path,
    options: &'a AssetOptions,
    cache: &'a ImageCache,
    /// The canonical root, computed on first use.
    root: Option<PathBuf>,
}

impl Resolver<'_> {
    fn resolve(&mut self, written: &str) -> Asset {
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
                Shown(src)
            ));
        }
        let Some(path) = self.find(src) else {
            return missing(format!("image not found: {}", Shown(src)));
        };
        let root = self.root.get_or_insert_with(|| {
            let root = &self.options.root;
            std::fs::canonicalize(root)
                .or_else(|_| std::path::absolute(root))
                .unwrap_or_else(|_| root.clone())
        });
        if !path.starts_with(root) {
            return missing(format!(
                "image outside the notes' root refused: {}",
                Shown(src)
            ));
        }
        match self.cache.load(&path, self.options.max_width) {
            Ok(image) => Asset::Embedded(image),
            Err(refusal) => missing(refusal.message(src)),
        }
    }

    /// The canonical path `src` names: the literal path if it exists, else the path without
    /// query/fragment, percent-decoded.
    fn find(&self, src: &str) -> Option<PathBuf> {
        if let Ok(path) = std::fs::canonicalize(self.note_dir.join(src)) {
            return Some(path);
        }
        let stripped = src.find(['?', '#']).map_or(src, |end| &src[..end]);
        let decoded = percent_encoding::percent_decode_str(stripped);
        let decoded = decoded_path(decoded)?;
        if decoded.as_os_str().is_empty() || decoded.as_os_str() == src {
            return None;
        }
        std::fs::canonicalize(self.note_dir.join(decoded)).ok()
    }
}

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

/// The files an image `src` may name, in the order the resolver tries them: as written, then
/// without `?query`/`#fragment` and percent-decoded. None for remote, `data:` and other
/// URLs. Watch mode and folder builds use it to know which files a deck depends on.
pub fn local_candidates(note_dir: &Path, src: &str) -> Vec<PathBuf> {
    let src = src.trim();
    if src.is_empty() || is_remote(src) || has_url_scheme(src) {
        return Vec::new();
    }
    let mut out = vec![note_dir.join(src)];
    let stripped = src.find(['?', '#']).map_or(src, |end| &src[..end]);
    if let Ok(decoded) = percent_encoding::percent_decode_str(stripped).decode_utf8() {
        if !decoded.is_empty() && decoded != src {
            out.push(note_dir.join(decoded.as_ref()));
        }
    }
    out
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

/// Image formats recognised by their bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Png,
    Jpeg,
    Gif,
    WebP,
    Bmp,
    Ico,
    Avif,
    Svg,
}

impl Kind {
    fn mime(self) -> &'static str {
        match self {
            Kind::Png => "image/png",
            Kind::Jpeg => "image/jpeg",
            Kind::Gif => "image/gif",
            Kind::WebP => "image/webp",
            Kind::Bmp => "image/bmp",
            Kind::Ico => "image/x-icon",
            Kind::Avif => "image/avif",
            Kind::Svg => "image/svg+xml",
        }
    }

    /// The raster format, by magic bytes (SVG is recognised separately).
    fn sniff(b: &[u8]) -> Option<Kind> {
        let le16 = |i: usize| u16::from_le_bytes([b[i], b[i + 1]]);
        let le32 = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        if b.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Kind::Png)
        } else if b.starts_with(b"\xff\xd8\xff") {
            Some(Kind::Jpeg)
        } else if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") {
            Some(Kind::Gif)
        } else if b.len() >= 16 && b.starts_with(b"RIFF") && &b[8..12] == b"WEBP" {
            Some(Kind::WebP)
        } else if b.len() >= 26
            && b.starts_with(b"BM")
            && matches!(le32(14), 12 | 40 | 52 | 56 | 64 | 108 | 124)
        {
            Some(Kind::Bmp)
        } else if b.len() >= 22
            && b.starts_with(b"\0\0\x01\0")
            && le16(4) > 0
            && b[9] == 0
            && le16(10) <= 1
        {
            Some(Kind::Ico)
        } else if b.len() >= 16 && &b[4..8] == b"ftyp" && is_avif_ftyp(b) {
            Some(Kind::Avif)
        } else {
            None
        }
    }
}

fn is_avif_ftyp(b: &[u8]) -> bool {
    let size = u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize;
    let end = size.clamp(16, b.len());
    // Major brand at 8..12, minor version at 12..16, compatible brands after.
    std::iter::once(&b[8..12])
        .chain(b[16..end].chunks_exact(4))
        .any(|brand| brand == b"avif" || brand == b"avis")
}

/// Reads, checks and encodes one file (`len` bytes according to its metadata).
fn encode_file(path: &Path, len: u64, max_width: u32) -> Result<EmbeddedImage, Refusal> {
    let unreadable = |e: std::io::Error| Refusal::Unreadable(e.to_string());
    let mut file = File::open(path).map_err(unreadable)?;
    // Decide from the first bytes whether to read the rest at all.
    let mut bytes = Vec::with_capacity(SNIFF_BYTES as usize);
    (&mut file)
        .take(SNIFF_BYTES)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    let raster = Kind::sniff(&bytes);
    if raster.is_none() && !may_be_svg(&bytes) {
        return Err(Refusal::NotImage);
    }
    // One allocation for the whole file (plus one byte to notice it grew past the limit).
    bytes.reserve_exact(len.min(MAX_FILE_BYTES).saturating_sub(bytes.len() as u64) as usize + 1);
    file.take(MAX_FILE_BYTES + 1 - bytes.len() as u64)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Refusal::FileTooLarge(bytes.len() as u64));
    }
    let kind = match raster {
        Some(kind) => kind,
        None if is_svg(&bytes) => Kind::Svg,
        None => return Err(Refusal::NotImage),
    };
    let (bytes, width, height) = measure_and_shrink(kind, bytes, max_width)?;
    Ok(EmbeddedImage {
        data_uri: data_uri(kind.mime(), &bytes),
        width,
        height,
    })
}

fn data_uri(mime: &str, bytes: &[u8]) -> Arc<str> {
    let engine = base64::engine::general_purpose::STANDARD;
    let mut uri = String::with_capacity(
        "data:;base64,".len() + mime.len() + base64::encoded_len(bytes.len(), true).unwrap_or(0),
    );
    uri.push_str("data:");
    uri.push_str(mime);
    uri.push_str(";base64,");
    engine.encode_string(bytes, &mut uri);
    Arc::from(uri)
}

fn decode_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    limits
}

fn refusal_of(error: ImageError) -> Refusal {
    match error {
        ImageError::Limits(_) => Refusal::ImageTooLarge,
        other => Refusal::Corrupt(other.to_string()),
    }
}

/// The bytes to embed and their displayed dimensions: `bytes` as they are unless a PNG or
/// JPEG wider than `max_width` re-encodes smaller.
fn measure_and_shrink(
    kind: Kind,
    bytes: Vec<u8>,
    max_width: u32,
) -> Result<(Vec<u8>, u32, u32), Refusal> {
    let (smaller, width, height) = measure(kind, &bytes, max_width)?;
    Ok((smaller.unwrap_or(bytes), width, height))
}

/// Displayed dimensions of `bytes`, and smaller re-encoded bytes when the image is wider than
/// `max_width` and may be re-encoded (then the dimensions are those of the smaller version).
fn measure(
    kind: Kind,
    bytes: &[u8],
    max_width: u32,
) -> Result<(Option<Vec<u8>>, u32, u32), Refusal> {
    let format = match kind {
        Kind::Png => ImageFormat::Png,
        Kind::Jpeg => ImageFormat::Jpeg,
        Kind::Gif => ImageFormat::Gif,
        Kind::WebP => ImageFormat::WebP,
        Kind::Svg => {
            let (w, h) = svg_dimensions(bytes);
            return Ok((None, w, h));
        }
        Kind::Bmp | Kind::Ico | Kind::Avif => {
            let (w, h) = other_dimensions(kind, bytes);
            if w > MAX_DIMENSION || h > MAX_DIMENSION {
                return Err(Refusal::ImageTooLarge);
            }
            return Ok((None, w, h));
        }
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decode_limits());
    let mut decoder = reader.into_decoder().map_err(refusal_of)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let (w, h) = decoder.dimensions();
    let (w, h) = if orientation_swaps(orientation) {
        (h, w)
    } else {
        (w, h)
    };
    let reencodable = match kind {
        Kind::Jpeg => true,
        Kind::Png => !is_animated_png(bytes),
        _ => false,
    };
    if w <= max_width || !reencodable || max_width == 0 {
        return Ok((None, w, h));
    }
    if decoder.total_bytes() > MAX_DECODE_BYTES {
        return Err(Refusal::ImageTooLarge);
    }
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = match DynamicImage::from_decoder(decoder) {
        Ok(img) => img,
        Err(ImageError::Limits(_)) => return Err(Refusal::ImageTooLarge),
        // A damaged body: browsers show what they can, so embed it unchanged.
        Err(_) => return Ok((None, w, h)),
    };
    img.apply_orientation(orientation);
    let new_h = ((u64::from(h) * u64::from(max_width) + u64::from(w) / 2) / u64::from(w))
        .clamp(1, u64::from(u32::MAX)) as u32;
    let small = img.resize_exact(max_width, new_h, image::imageops::FilterType::Triangle);
    drop(img);
    match reencode(kind, &small, icc, bytes.len()) {
        Some(out) => Ok((Some(out), max_width, new_h)),
        None => Ok((None, w, h)),
    }
}

fn orientation_swaps(orientation: image::metadata::Orientation) -> bool {
    use image::metadata::Orientation::*;
    matches!(
        orientation,
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH
    )
}

/// `img` encoded as `kind`, if that is smaller than `limit` bytes.
fn reencode(kind: Kind, img: &DynamicImage, icc: Option<Vec<u8>>, limit: usize) -> Option<Vec<u8>> {
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    use image::ImageEncoder as _;
    let smaller = |out: Vec<u8>| (out.len() < limit).then_some(out);
    match kind {
        Kind::Jpeg => {
            let mut out = Vec::with_capacity(limit / 2);
            let mut encoder =
                image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
            if let Some(icc) = icc {
                let _ = encoder.set_icc_profile(icc);
            }
            let rgb;
            let img = match img {
                DynamicImage::ImageRgb8(_) | DynamicImage::ImageLuma8(_) => img,
                other => {
                    rgb = DynamicImage::ImageRgb8(other.to_rgb8());
                    &rgb
                }
            };
            img.write_with_encoder(encoder).ok()?;
            smaller(out)
        }
        Kind::Png => {
            // `Fast` is ~20x quicker than `Default` on a detailed 3000 px screenshot and ~13%
            // larger; `Default` only when that loses to a well-compressed original (flat
            // images, where `Default` is quick too).
            [CompressionType::Fast, CompressionType::Default]
                .into_iter()
                .find_map(|compression| {
                    let mut out = Vec::with_capacity(limit / 2);
                    let mut encoder =
                        PngEncoder::new_with_quality(&mut out, compression, FilterType::Adaptive);
                    if let Some(icc) = &icc {
                        let _ = encoder.set_icc_profile(icc.clone());
                    }
                    img.write_with_encoder(encoder).ok()?;
                    smaller(out)
                })
        }
        _ => None,
    }
}

/// Whether a PNG has an `acTL` chunk before its image data (APNG).
fn is_animated_png(b: &[u8]) -> bool {
    let mut i = 8;
    while i + 8 <= b.len() {
        let len = u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]) as usize;
        match &b[i + 4..i + 8] {
            b"acTL" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => {}
        }
        i = i.saturating_add(12).saturating_add(len);
    }
    false
}

/// Dimensions of formats this build does not decode, from their headers (0 when unknown).
fn other_dimensions(kind: Kind, b: &[u8]) -> (u32, u32) {
    match kind {
        Kind::Bmp => {
            if u32::from_le_bytes([b[14], b[15], b[16], b[17]]) == 12 {
                (
                    u32::from(u16::from_le_bytes([b[18], b[19]])),
                    u32::from(u16::from_le_bytes([b[20], b[21]])),
                )
            } else {
                let w = i32::from_le_bytes([b[18], b[19], b[20], b[21]]);
                let h = i32::from_le_bytes([b[22], b[23], b[24], b[25]]);
                (w.unsigned_abs(), h.unsigned_abs())
            }
        }
        Kind::Ico => {
            let side = |v: u8| if v == 0 { 256 } else { u32::from(v) };
            (side(b[6]), side(b[7]))
        }
        Kind::Avif => {
            // The first `ispe` (image spatial extents) property: version/flags, width, height.
            let head = &b[..b.len().min(64 * 1024)];
            head.windows(4)
                .position(|w| w == b"ispe")
                .and_then(|at| head.get(at + 8..at + 16))
                .map_or((0, 0), |d| {
                    (
                        u32::from_be_bytes([d[0], d[1], d[2], d[3]]),
                        u32::from_be_bytes([d[4], d[5], d[6], d[7]]),
                    )
                })
        }
        _ => (0, 0),
    }
}

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
fn may_be_svg(head: &[u8]) -> bool {
    skip_bom_and_space(head).first() == Some(&b'<')
}

/// Whether `b` is an XML document whose root element is `<svg>`: only an XML declaration,
/// processing instructions, comments and a doctype may come first.
fn is_svg(b: &[u8]) -> bool {
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
fn svg_dimensions(b: &[u8]) -> (u32, u32) {
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

    use std::fs;
    use std::time::Instant;

    #[test]
    fn local_candidates_as_the_resolver_tries_them() {
        let dir = Path::new("/n");
        assert_eq!(
            local_candidates(dir, "team%20photo.png?v=2"),
            vec![
                PathBuf::from("/n/team%20photo.png?v=2"),
                PathBuf::from("/n/team photo.png")
            ]
        );
        assert_eq!(
            local_candidates(dir, " img/a.png "),
            vec![PathBuf::from("/n/img/a.png")]
        );
        for none in [
            "https://x/a.png",
            "//x/a.png",
            "data:image/png;base64,AA",
            "",
        ] {
            assert!(local_candidates(dir, none).is_empty(), "{none}");
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

    fn refs(srcs: &[&str]) -> Vec<ImageRef> {
        srcs.iter()
            .enumerate()
            .map(|(i, src)| ImageRef {
                src: src.to_string(),
                line: i + 1,
            })
            .collect()
    }

    fn png_bytes(w: u32, h: u32) -> Vec<u8> {
        // A gradient: compresses, but not to nothing.
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([
                (x % 251) as u8,
                (y % 241) as u8,
                ((x / 7 + y / 5) % 256) as u8,
            ])
        });
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    fn gif_bytes(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([(x % 256) as u8, 0, 0, 255]));
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Gif).unwrap();
        out.into_inner()
    }

    /// A temp notes root with `note.md` and the given files.
    fn setup(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf, AssetOptions) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("notes");
        fs::create_dir_all(root.join("images")).unwrap();
        for (name, bytes) in files {
            let path = root.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        let note = root.join("note.md");
        fs::write(&note, "# note\n").unwrap();
        let options = AssetOptions::new(&root);
        (dir, note, options)
    }

    fn embed(note: &Path, options: &AssetOptions, srcs: &[&str]) -> (Assets, Vec<Warning>) {
        embed_images(note, &refs(srcs), options, &ImageCache::new())
    }

    fn embedded<'a>(assets: &'a Assets, src: &str) -> &'a EmbeddedImage {
        match assets.get(src) {
            Some(Asset::Embedded(image)) => image,
            other => panic!("{src}: {other:?}"),
        }
    }

    fn messages(warnings: &[Warning]) -> Vec<String> {
        warnings.iter().map(|w| w.message.clone()).collect()
    }

    fn decode_uri(uri: &str) -> (String, Vec<u8>) {
        let (head, data) = uri.split_once(";base64,").unwrap();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(data)
            .unwrap();
        (head.trim_start_matches("data:").to_string(), bytes)
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
                "not an image: images/not-really.png",
                "image not found: images/nope.png",
                "image outside the notes' root refused: /etc/passwd",
                "image outside the notes' root refused: ../../../../../../../../../../etc/passwd",
            ]
        );
        assert!(matches!(
            assets.get("images/not-really.png"),
            Some(Asset::Missing { .. })
        ));
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

    #[test]
    fn text_named_png_and_secrets_are_not_images() {
        let (_dir, note, options) = setup(&[
            ("images/fake.png", b"hello, I am text\n"),
            (
                "id_rsa",
                b"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n",
            ),
            (
                "page.svg",
                b"<!DOCTYPE html><html><body><svg></svg></body></html>",
            ),
            ("empty.png", b""),
            ("images/truncated.png", b"\x89PNG\r\n\x1a\n\0\0"),
        ]);
        let srcs = [
            "images/fake.png",
            "id_rsa",
            "page.svg",
            "empty.png",
            "images",
        ];
        let (assets, warnings) = embed(&note, &options, &srcs);
        assert_eq!(
            messages(&warnings),
            srcs.iter()
                .map(|s| format!("not an image: {s}"))
                .collect::<Vec<_>>()
        );
        assert!(assets
            .by_src
            .values()
            .all(|a| matches!(a, Asset::Missing { .. })));
        let (_, warnings) = embed(&note, &options, &["images/truncated.png"]);
        assert!(
            warnings[0].message.starts_with("image could not be read ("),
            "{warnings:?}"
        );
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
                "image outside the notes' root refused: images/link.png",
                "image outside the notes' root refused: passwd.png",
            ]
        );
        embedded(&assets, "images/alias.png");
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
            .map(|s| format!("image outside the notes' root refused: {s}"))
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
    fn wide_png_downscaled() {
        use image::ImageEncoder as _;
        // Photo-like detail (hashed noise), written with the best compression: a 1920 px
        // version has 41% of the pixels and wins whatever the encoder.
        let img = image::RgbImage::from_fn(3000, 600, |x, y| {
            let h = (x.wrapping_mul(374_761_393) ^ y.wrapping_mul(668_265_263))
                .wrapping_mul(2_246_822_519);
            image::Rgb([(h >> 24) as u8, (h >> 16) as u8, (x / 12) as u8])
        });
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(&img, 3000, 600, image::ExtendedColorType::Rgb8)
        .unwrap();
        let (_dir, note, options) = setup(&[("wide.png", &png)]);
        let start = Instant::now();
        let (assets, warnings) = embed(&note, &options, &["wide.png"]);
        eprintln!("3000x600 PNG downscaled in {:?}", start.elapsed());
        assert!(warnings.is_empty());
        let image = embedded(&assets, "wide.png");
        assert_eq!((image.width, image.height), (1920, 384));
        let (mime, bytes) = decode_uri(&image.data_uri);
        assert_eq!(mime, "image/png");
        assert!(bytes.len() < png.len());
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (1920, 384));
    }

    #[test]
    fn wide_flat_png_downscaled() {
        use image::ImageEncoder as _;
        // Screenshot-like flat boxes, best compression: `Fast` loses, `Default` wins.
        let img = image::RgbImage::from_fn(3000, 600, |x, y| {
            let cell = (x / 120 + y / 40 * 25) as u8;
            image::Rgb([cell.wrapping_mul(37), cell.wrapping_mul(11), 200])
        });
        let mut png = Vec::new();
        image::codecs::png::PngEncoder::new_with_quality(
            &mut png,
            image::codecs::png::CompressionType::Best,
            image::codecs::png::FilterType::Adaptive,
        )
        .write_image(&img, 3000, 600, image::ExtendedColorType::Rgb8)
        .unwrap();
        let (_dir, note, options) = setup(&[("flat.png", &png)]);
        let (assets, _) = embed(&note, &options, &["flat.png"]);
        let image = embedded(&assets, "flat.png");
        assert_eq!((image.width, image.height), (1920, 384));
        assert!(decode_uri(&image.data_uri).1.len() < png.len());
    }

    #[test]
    fn reencoding_kept_only_when_smaller() {
        // Per-pixel noise: the re-encoded 1920 px version may come out larger.
        let png = png_bytes(3000, 300);
        let (_dir, note, options) = setup(&[("noise.png", &png)]);
        let (assets, _) = embed(&note, &options, &["noise.png"]);
        let image = embedded(&assets, "noise.png");
        let (_, bytes) = decode_uri(&image.data_uri);
        assert!(bytes.len() <= png.len());
        if bytes == png {
            assert_eq!((image.width, image.height), (3000, 300));
        } else {
            assert_eq!((image.width, image.height), (1920, 192));
        }
    }

    #[test]
    fn wide_jpeg_downscaled_as_jpeg() {
        let img = image::RgbImage::from_fn(2500, 1000, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x * y) % 256) as u8])
        });
        let mut jpeg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 95)
            .encode_image(&img)
            .unwrap();
        let (_dir, note, options) = setup(&[("wide.jpg", &jpeg)]);
        let (assets, _) = embed(&note, &options, &["wide.jpg"]);
        let image = embedded(&assets, "wide.jpg");
        assert_eq!((image.width, image.height), (1920, 768));
        let (mime, bytes) = decode_uri(&image.data_uri);
        assert_eq!(mime, "image/jpeg");
        assert!(bytes.starts_with(b"\xff\xd8\xff") && bytes.len() < jpeg.len());
    }

    #[test]
    fn narrow_enough_images_are_not_touched() {
        let png = png_bytes(1920, 10);
        let (_dir, note, options) = setup(&[("edge.png", &png)]);
        let (assets, _) = embed(&note, &options, &["edge.png"]);
        let image = embedded(&assets, "edge.png");
        assert_eq!((image.width, image.height), (1920, 10));
        assert_eq!(decode_uri(&image.data_uri).1, png);
    }

    #[test]
    fn wide_gif_never_reencoded() {
        let gif = gif_bytes(2400, 2);
        let (_dir, note, options) = setup(&[("wide.gif", &gif)]);
        let (assets, warnings) = embed(&note, &options, &["wide.gif"]);
        assert!(warnings.is_empty());
        let image = embedded(&assets, "wide.gif");
        assert_eq!((image.width, image.height), (2400, 2));
        let (mime, bytes) = decode_uri(&image.data_uri);
        assert_eq!(mime, "image/gif");
        assert_eq!(bytes, gif);
    }

    #[test]
    fn decompression_bomb_refused() {
        // A valid PNG header claiming 60000 x 60000 pixels.
        let mut png = png_bytes(1, 1);
        png[16..20].copy_from_slice(&60000u32.to_be_bytes());
        png[20..24].copy_from_slice(&60000u32.to_be_bytes());
        let crc = crc32(&png[12..29]);
        png[29..33].copy_from_slice(&crc.to_be_bytes());
        let (_dir, note, options) = setup(&[("bomb.png", &png)]);
        let (assets, warnings) = embed(&note, &options, &["bomb.png"]);
        assert!(
            warnings[0].message.starts_with("image too large to decode"),
            "{warnings:?}"
        );
        assert!(matches!(
            assets.get("bomb.png"),
            Some(Asset::Missing { .. })
        ));
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

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

    #[test]
    fn cache_hit_across_calls_and_refresh_on_change() {
        let png = png_bytes(16, 16);
        let (_dir, note, options) = setup(&[("a.png", &png)]);
        let cache = ImageCache::new();
        let (first, _) = embed_images(&note, &refs(&["a.png"]), &options, &cache);
        let (second, _) = embed_images(&note, &refs(&["./a.png"]), &options, &cache);
        assert_eq!(cache.len(), 1);
        assert!(Arc::ptr_eq(
            &embedded(&first, "a.png").data_uri,
            &embedded(&second, "./a.png").data_uri
        ));
        // A changed file is read again.
        fs::write(options.root.join("a.png"), png_bytes(16, 17)).unwrap();
        let (third, _) = embed_images(&note, &refs(&["a.png"]), &options, &cache);
        assert_eq!(embedded(&third, "a.png").height, 17);
    }

    #[test]
    fn cache_is_shared_between_threads() {
        fn assert_sync<T: Send + Sync>() {}
        assert_sync::<ImageCache>();
        let png = png_bytes(64, 64);
        let (_dir, note, options) = setup(&[("a.png", &png)]);
        let cache = ImageCache::new();
        let uris: Vec<Arc<str>> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    s.spawn(|| {
                        let (assets, _) = embed_images(&note, &refs(&["a.png"]), &options, &cache);
                        embedded(&assets, "a.png").data_uri.clone()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(uris.windows(2).all(|w| Arc::ptr_eq(&w[0], &w[1])));
    }

    #[test]
    fn file_size_limit() {
        let (_dir, note, options) = setup(&[]);
        let big = options.root.join("big.png");
        let file = File::create(&big).unwrap();
        file.set_len(MAX_FILE_BYTES + 1).unwrap();
        let (_, warnings) = embed(&note, &options, &["big.png"]);
        assert_eq!(
            messages(&warnings),
            ["image too large to embed (51 MB, limit 50 MB): big.png"]
        );
    }

    #[test]
    fn sniffing_other_formats() {
        let mut bmp = vec![0u8; 54];
        bmp[..2].copy_from_slice(b"BM");
        bmp[14..18].copy_from_slice(&40u32.to_le_bytes());
        bmp[18..22].copy_from_slice(&7i32.to_le_bytes());
        bmp[22..26].copy_from_slice(&(-5i32).to_le_bytes());
        assert_eq!(Kind::sniff(&bmp), Some(Kind::Bmp));
        assert_eq!(other_dimensions(Kind::Bmp, &bmp), (7, 5));
        let mut ico = vec![0u8, 0, 1, 0, 1, 0, 32, 0, 0, 0, 1, 0];
        ico.resize(40, 0);
        assert_eq!(Kind::sniff(&ico), Some(Kind::Ico));
        assert_eq!(other_dimensions(Kind::Ico, &ico), (32, 256));
        let avif =
            b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf\0\0\0\x14ispe\0\0\0\0\0\0\x01\x00\0\0\0\x80";
        assert_eq!(Kind::sniff(avif), Some(Kind::Avif));
        assert_eq!(other_dimensions(Kind::Avif, avif), (256, 128));
        assert_eq!(Kind::sniff(b"BM not a bitmap, just text......"), None);
        assert_eq!(Kind::sniff(b"\0\0\0\x18ftypmp42\0\0\0\0mp42isom"), None);
    }

    #[test]
    fn url_schemes() {
        assert!(has_url_scheme("file:///x"));
        assert!(has_url_scheme("ftp://x"));
        assert!(!has_url_scheme("C:\\x.png"));
        assert!(!has_url_scheme("images/a:b.png"));
        assert!(!has_url_scheme("a.png"));
    }

    /// The three images of the real 2023 notes (skipped when the shared notes are absent).
    #[test]
    fn real_note_images_timing() {
        let images = Path::new("/work/shared/notes/2023/images");
        if !images.is_dir() {
            return;
        }
        let note = Path::new("/work/shared/notes/2023/Double Week Meetings/2023-08-03.md");
        let options = AssetOptions::new("/work/shared/notes");
        let srcs = refs(&[
            "../images/贡献者.png",
            "../images/curve-doc.jpg",
            "../images/curve-wechat.jpeg",
        ]);
        let cache = ImageCache::new();
        let start = Instant::now();
        let (assets, warnings) = embed_images(note, &srcs, &options, &cache);
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
