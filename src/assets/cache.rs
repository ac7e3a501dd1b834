//! Images read and encoded once across a whole run, while their files are unchanged.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use super::{shrink, sniff, EmbeddedImage, Refusal};

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
    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of files held.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether no file is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<CacheEntry>>> {
        // A panic elsewhere cannot leave the map half-updated: keep using it.
        self.encoded.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The embedded form of the file at canonical `path`, read at most once per version.
    pub(super) fn load(&self, path: &Path, max_width: u32) -> Result<EmbeddedImage, Refusal> {
        let meta = sniff::embeddable_metadata(path)?;
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
            .get_or_init(|| shrink::encode_file(path, meta.len(), max_width))
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::embed_images;
    use crate::assets::test_support::*;
    use std::fs;

    #[test]
    fn cache_hit_across_calls_and_refresh_on_change() {
        let png = png_bytes(16, 16);
        let (_dir, note, options) = setup(&[("a.png", &png)]);
        let cache = ImageCache::new();
        let first = embed_images(&note, &refs(&["a.png"]), &options, &cache).assets;
        let second = embed_images(&note, &refs(&["./a.png"]), &options, &cache).assets;
        assert_eq!(cache.len(), 1);
        assert!(Arc::ptr_eq(
            &embedded(&first, "a.png").data_uri,
            &embedded(&second, "./a.png").data_uri
        ));
        // A changed file is read again.
        fs::write(options.root.join("a.png"), png_bytes(16, 17)).unwrap();
        let third = embed_images(&note, &refs(&["a.png"]), &options, &cache).assets;
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
                        let assets =
                            embed_images(&note, &refs(&["a.png"]), &options, &cache).assets;
                        embedded(&assets, "a.png").data_uri.clone()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(uris.windows(2).all(|w| Arc::ptr_eq(&w[0], &w[1])));
    }
}
