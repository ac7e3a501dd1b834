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

/// The notes below `dir`, at any depth, sorted: `*.md` files but READMEs.
pub fn notes_below(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|x| x == "md")
                && path.file_name().is_some_and(|n| n != "README.md")
            {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}
