//! The real notes beside the project (`../shared/notes/`, `../shared/notes-world/`): tests
//! that read them skip with a message where the folder is absent, and fail under `CI=true`,
//! where it must be there.

use std::path::{Path, PathBuf};

/// `../shared/REL`, or `None` after saying the test is skipped. Panics under `CI=true`.
pub fn shared_or_skip(rel: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        !crate::cdp::on_ci(),
        "../shared/{rel} is missing, and CI=true needs it ({})",
        dir.display()
    );
    eprintln!("skipped: ../shared/{rel} not found ({})", dir.display());
    None
}
