//! From a file to its data URI: wide photos and screenshots decoded (within limits),
//! downscaled and re-encoded when that is smaller; everything else embedded as it is.

use std::path::Path;
use std::sync::Arc;

use base64::Engine as _;
use image::{DynamicImage, ImageDecoder, ImageError};

use super::sniff::{self, Kind};
use super::{EmbeddedImage, Refusal};

/// JPEG quality of downscaled photos.
const JPEG_QUALITY: u8 = 85;

/// Reads, checks and encodes one file (`len` bytes according to its metadata).
pub(super) fn encode_file(path: &Path, len: u64, max_width: u32) -> Result<EmbeddedImage, Refusal> {
    let (kind, bytes) = sniff::read_image(path, len)?;
    let (bytes, width, height) = measure_and_shrink(kind, bytes, max_width)?;
    Ok(EmbeddedImage {
        data_uri: data_uri(kind.mime(), &bytes),
        width,
        height,
    })
}

/// `data:MIME;base64,...`.
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

/// The bytes to embed and their displayed dimensions: `bytes` as they are unless a PNG or
/// JPEG wider than `max_width` re-encodes smaller.
fn measure_and_shrink(
    kind: Kind,
    bytes: Vec<u8>,
    max_width: u32,
) -> Result<(Vec<u8>, u32, u32), Refusal> {
    let header = sniff::header(kind, &bytes, max_width)?;
    let (w, h) = (header.width, header.height);
    if !header.shrinkable {
        return Ok((bytes, w, h));
    }
    match shrink(kind, &bytes, max_width)? {
        Some((smaller, new_h)) => Ok((smaller, max_width, new_h)),
        None => Ok((bytes, w, h)),
    }
}

/// `bytes` (a [`Header::shrinkable`](sniff::Header) image) decoded, downscaled to
/// `max_width` and re-encoded, with the new height, if that is smaller; `None` when it is
/// not, or when the body is damaged (browsers show what they can: it is embedded as it is).
fn shrink(kind: Kind, bytes: &[u8], max_width: u32) -> Result<Option<(Vec<u8>, u32)>, Refusal> {
    let Some(format) = kind.decoded_format() else {
        return Ok(None);
    };
    let mut decoder = sniff::decoder(format, bytes)?;
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let (w, h) = sniff::displayed_dimensions(&mut decoder);
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = match DynamicImage::from_decoder(decoder) {
        Ok(img) => img,
        Err(ImageError::Limits(_)) => return Err(Refusal::ImageTooLarge),
        Err(_) => return Ok(None),
    };
    img.apply_orientation(orientation);
    let new_h = ((u64::from(h) * u64::from(max_width) + u64::from(w) / 2) / u64::from(w))
        .clamp(1, u64::from(u32::MAX)) as u32;
    let small = img.resize_exact(max_width, new_h, image::imageops::FilterType::Triangle);
    drop(img);
    Ok(reencode(kind, &small, icc, bytes.len()).map(|out| (out, new_h)))
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

#[cfg(test)]
mod tests {
    use crate::assets::test_support::*;
    use std::time::Instant;

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
}
