//! `meetdeck watch NOTE`: one deck, served at `/`.

use std::sync::Arc;

use super::arm::{is_relevant, Watches};
use super::rebuild::Rebuilder;
use super::{Target, WatchOptions};
use crate::assets::ImageCache;
use crate::error::Result;
use crate::serve::Site;

/// `meetdeck watch NOTE`: one deck, served at `/`.
pub(super) struct NoteTarget {
    rebuilder: Rebuilder,
    cache: ImageCache,
    /// An image file changed since the last rebuild: nothing cached may be reused.
    images_changed: bool,
}

impl NoteTarget {
    pub(super) fn new(options: &WatchOptions) -> Result<NoteTarget> {
        let rebuilder = Rebuilder::new(
            &options.input,
            &options.build,
            !options.no_follow,
            "/",
            None,
        )?;
        Ok(NoteTarget {
            rebuilder,
            cache: ImageCache::default(),
            images_changed: false,
        })
    }
}

impl Target for NoteTarget {
    fn event(&mut self, event: &notify::Event) -> bool {
        let wanted = &self.rebuilder.wanted;
        if event.paths.iter().any(|p| wanted.images.contains(p)) {
            self.images_changed = true;
        }
        event.need_rescan() || event.paths.iter().any(|p| is_relevant(p, wanted))
    }

    fn lost_events(&mut self) {
        self.images_changed = true;
    }

    fn rebuild(&mut self) -> bool {
        if std::mem::take(&mut self.images_changed) {
            // The cache checks size and mtime, but a same-size rewrite within the mtime's
            // granularity would slip through; a fresh cache is certain.
            self.cache = ImageCache::default();
        }
        self.rebuilder.rebuild(&self.cache)
    }

    fn site(&self) -> Arc<Site> {
        Arc::new(Site::single(Arc::clone(&self.rebuilder.current)))
    }

    fn watches(&self) -> Watches {
        let dirs = self.rebuilder.wanted.dirs.iter();
        dirs.map(|dir| (dir.clone(), false)).collect()
    }

    fn waiting(&self) -> bool {
        self.rebuilder.missing
    }

    fn is_back(&self) -> bool {
        self.rebuilder.note.exists()
    }
}
