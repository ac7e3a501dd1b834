//! What a file's bytes are: the image format by its magic bytes, and its displayed
//! dimensions from its headers, without decoding a pixel.

use std::fs::File;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;

use image::{ImageDecoder, ImageError, ImageFormat, ImageReader, Limits};

use super::svg::{is_svg, may_be_svg, svg_dimensions};
use super::{EmbeddedImage, Refusal, MAX_DECODE_BYTES, MAX_DIMENSION, MAX_FILE_BYTES};

/// How much of a file is read before deciding whether it can be an image at all.
const SNIFF_BYTES: u64 = 1024;

/// Image formats recognised by their bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
    pub(super) fn mime(self) -> &'static str {
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
    pub(super) fn sniff(b: &[u8]) -> Option<Kind> {
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

    /// The format the `image` crate decodes, for the kinds this build decodes.
    pub(super) fn decoded_format(self) -> Option<ImageFormat> {
        match self {
            Kind::Png => Some(ImageFormat::Png),
            Kind::Jpeg => Some(ImageFormat::Jpeg),
            Kind::Gif => Some(ImageFormat::Gif),
            Kind::WebP => Some(ImageFormat::WebP),
            Kind::Bmp | Kind::Ico | Kind::Avif | Kind::Svg => None,
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

/// The metadata of `path` if it may be embedded: a regular file of at most
/// [`MAX_FILE_BYTES`].
pub(super) fn embeddable_metadata(path: &Path) -> Result<std::fs::Metadata, Refusal> {
    let meta = std::fs::metadata(path).map_err(|e| Refusal::Unreadable(e.to_string()))?;
    if !meta.is_file() {
        return Err(Refusal::NotImage);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Refusal::FileTooLarge(meta.len()));
    }
    Ok(meta)
}

/// The format and bytes of the image file at `path` (`len` bytes according to its
/// metadata); the rest of the file is read only if its first bytes may be an image.
pub(super) fn read_image(path: &Path, len: u64) -> Result<(Kind, Vec<u8>), Refusal> {
    let unreadable = |e: std::io::Error| Refusal::Unreadable(e.to_string());
    let mut file = File::open(path).map_err(unreadable)?;
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
    Ok((kind, bytes))
}

/// What an image's headers say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Header {
    /// Displayed width (EXIF orientation applied); 0 when unknown.
    pub(super) width: u32,
    /// Displayed height; 0 when unknown.
    pub(super) height: u32,
    /// Wider than the maximum width and of a kind that may be re-encoded (JPEG, PNG that is
    /// not animated), within [`MAX_DECODE_BYTES`]: worth decoding and downscaling.
    pub(super) shrinkable: bool,
}

/// The headers of an image of `kind`, checked against the decoding limits (an image over
/// them is refused here, before any pixel is decoded).
pub(super) fn header(kind: Kind, bytes: &[u8], max_width: u32) -> Result<Header, Refusal> {
    let as_is = |(width, height)| Header {
        width,
        height,
        shrinkable: false,
    };
    let Some(format) = kind.decoded_format() else {
        if kind == Kind::Svg {
            return Ok(as_is(svg_dimensions(bytes)));
        }
        let (w, h) = other_dimensions(kind, bytes);
        if w > MAX_DIMENSION || h > MAX_DIMENSION {
            return Err(Refusal::ImageTooLarge);
        }
        return Ok(as_is((w, h)));
    };
    let mut decoder = decoder(format, bytes)?;
    let (width, height) = displayed_dimensions(&mut decoder);
    let reencodable = match kind {
        Kind::Jpeg => true,
        Kind::Png => !is_animated_png(bytes),
        _ => false,
    };
    if width <= max_width || !reencodable || max_width == 0 {
        return Ok(as_is((width, height)));
    }
    if decoder.total_bytes() > MAX_DECODE_BYTES {
        return Err(Refusal::ImageTooLarge);
    }
    Ok(Header {
        width,
        height,
        shrinkable: true,
    })
}

/// The file at canonical `path` as [`ImageCache`](super::ImageCache) would embed it, from its
/// headers only: the same checks and refusals, no decoding, no encoding, an empty data URI
/// and the dimensions before any downscaling.
pub(super) fn probe_file(path: &Path, max_width: u32) -> Result<EmbeddedImage, Refusal> {
    let meta = embeddable_metadata(path)?;
    let (kind, bytes) = read_image(path, meta.len())?;
    let Header { width, height, .. } = header(kind, &bytes, max_width)?;
    Ok(EmbeddedImage {
        data_uri: Arc::from(""),
        width,
        height,
    })
}

/// A decoder of `bytes` in `format`, within [`MAX_DIMENSION`] and [`MAX_DECODE_BYTES`]; it
/// has read the headers only.
pub(super) fn decoder(
    format: ImageFormat,
    bytes: &[u8],
) -> Result<impl ImageDecoder + '_, Refusal> {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_DIMENSION);
    limits.max_image_height = Some(MAX_DIMENSION);
    limits.max_alloc = Some(MAX_DECODE_BYTES);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    reader.into_decoder().map_err(refusal_of)
}

pub(super) fn refusal_of(error: ImageError) -> Refusal {
    match error {
        ImageError::Limits(_) => Refusal::ImageTooLarge,
        other => Refusal::Corrupt(other.to_string()),
    }
}

/// Width and height as displayed: swapped when the EXIF orientation turns the image.
pub(super) fn displayed_dimensions(decoder: &mut impl ImageDecoder) -> (u32, u32) {
    use image::metadata::Orientation::*;
    let orientation = decoder.orientation().unwrap_or(NoTransforms);
    let (w, h) = decoder.dimensions();
    match orientation {
        Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH => (h, w),
        _ => (w, h),
    }
}

/// Whether a PNG is animated (APNG: an `acTL` chunk before its image data).
fn is_animated_png(b: &[u8]) -> bool {
    image::codecs::png::PngDecoder::new(Cursor::new(b))
        .and_then(|decoder| decoder.is_apng())
        .unwrap_or(false)
}

/// Dimensions of formats this build does not decode, from their headers (0 when unknown).
pub(super) fn other_dimensions(kind: Kind, b: &[u8]) -> (u32, u32) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::test_support::*;
    use crate::assets::Asset;

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

    /// `png` with `chunks` (type, data) inserted after its IHDR.
    fn with_chunks(png: &[u8], chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut out = png[..33].to_vec();
        for (kind, data) in chunks {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let start = out.len();
            out.extend_from_slice(*kind);
            out.extend_from_slice(data);
            let crc = crc32(&out[start..]);
            out.extend_from_slice(&crc.to_be_bytes());
        }
        out.extend_from_slice(&png[33..]);
        out
    }

    #[test]
    fn an_animated_png_is_never_shrunk() {
        let png = png_bytes(2400, 4);
        let actl = [1u32.to_be_bytes(), 0u32.to_be_bytes()].concat();
        let mut fctl = [0u32, 2400, 4, 0, 0]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect::<Vec<u8>>();
        fctl.extend_from_slice(&[0, 1, 0, 10, 0, 0]);
        let apng = with_chunks(&png, &[(b"acTL", actl), (b"fcTL", fctl)]);
        // A chunk the decoder skips, before the image data: still a still image.
        let still = with_chunks(&png, &[(b"tEXt", b"Comment\0acTL".to_vec())]);
        let shrinkable = |bytes: &[u8]| header(Kind::Png, bytes, 1920).map(|h| h.shrinkable);
        assert_eq!(shrinkable(&png), Ok(true));
        assert_eq!(shrinkable(&still), Ok(true));
        assert_eq!(shrinkable(&apng), Ok(false));
        assert_eq!(
            header(Kind::Png, &apng, 1920).map(|h| (h.width, h.height)),
            Ok((2400, 4))
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
}
