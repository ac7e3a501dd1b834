//! Helpers of the image tests: notes with image files in a temp root, and what became of them.

use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use image::ImageFormat;

use super::{embed_images, Asset, AssetOptions, Assets, Embedded, EmbeddedImage, ImageCache};
use crate::error::Warning;
use crate::slides::ImageRef;

pub(super) fn refs(srcs: &[&str]) -> Vec<ImageRef> {
    srcs.iter()
        .enumerate()
        .map(|(i, src)| ImageRef {
            src: src.to_string(),
            line: i + 1,
        })
        .collect()
}

pub(super) fn png_bytes(w: u32, h: u32) -> Vec<u8> {
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

pub(super) fn gif_bytes(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([(x % 256) as u8, 0, 0, 255]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Gif).unwrap();
    out.into_inner()
}

/// A temp notes root with `note.md` and the given files.
pub(super) fn setup(files: &[(&str, &[u8])]) -> (tempfile::TempDir, PathBuf, AssetOptions) {
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

pub(super) fn embed(note: &Path, options: &AssetOptions, srcs: &[&str]) -> (Assets, Vec<Warning>) {
    let Embedded {
        assets, warnings, ..
    } = embed_images(note, &refs(srcs), options, &ImageCache::new());
    (assets, warnings)
}

pub(super) fn embedded<'a>(assets: &'a Assets, src: &str) -> &'a EmbeddedImage {
    match assets.get(src) {
        Some(Asset::Embedded(image)) => image,
        other => panic!("{src}: {other:?}"),
    }
}

pub(super) fn messages(warnings: &[Warning]) -> Vec<String> {
    warnings.iter().map(|w| w.message.clone()).collect()
}

pub(super) fn decode_uri(uri: &str) -> (String, Vec<u8>) {
    let (head, data) = uri.split_once(";base64,").unwrap();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(data)
        .unwrap();
    (head.trim_start_matches("data:").to_string(), bytes)
}

/// CRC-32 of a PNG chunk's type and data.
pub(super) fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}
