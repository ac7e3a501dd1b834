//! Stage 5: writing a deck atomically.
//!
//! The deck is written to a temporary file in the destination folder and renamed over the
//! destination, so a reader (a browser, a sync client, watch mode) never sees half a file,
//! and a failure (full disk, unwritable folder) leaves nothing behind.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Writes `bytes` to `path` atomically (temp file + rename in the same folder).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.is_dir() {
        return Err(Error::io(
            path,
            std::io::Error::other("the output path is a directory"),
        ));
    }
    // A device or pipe (`-o /dev/stdout`, `/dev/null`) is written into: renaming a file over
    // it would replace the device node itself (as root, `/dev/null` would become a file).
    if let Ok(meta) = std::fs::metadata(path) {
        if !meta.is_file() {
            let mut out = std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| Error::io(path, e))?;
            return out.write_all(bytes).map_err(|e| Error::io(path, e));
        }
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut temp = tempfile::Builder::new()
        .prefix(".meetdeck-")
        .suffix(".tmp")
        .tempfile_in(parent)
        .map_err(|e| Error::io(parent, without_temp_path(e)))?;
    // No fsync: the rename already guarantees that readers see the old file or the whole new
    // one; syncing would cost more than the rest of a build (batch builds write hundreds).
    temp.write_all(bytes)
        .map_err(|e| Error::io(path, without_temp_path(e)))?;
    // The temporary file is private (0600); the deck gets the mode of any new file the user
    // writes (0644 under the usual umask 022, 0600 under 077).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = temp
            .as_file()
            .set_permissions(std::fs::Permissions::from_mode(new_file_mode()));
    }
    temp.persist(path)
        .map_err(|e| Error::io(path, without_temp_path(e.error)))?;
    Ok(())
}

/// The mode a new file gets from the process's umask (`0o666 & !umask`), read once. The
/// umask is read from `/proc/self/status`, not by setting it (`umask(2)` changes it for
/// every thread while a batch build writes in parallel); 022 where it cannot be read.
#[cfg(unix)]
fn new_file_mode() -> u32 {
    static MODE: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *MODE.get_or_init(|| {
        let umask = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| {
                let line = status.lines().find(|l| l.starts_with("Umask:"))?;
                u32::from_str_radix(line["Umask:".len()..].trim(), 8).ok()
            })
            .unwrap_or(0o022);
        0o666 & !umask
    })
}

/// tempfile adds ` at path "DIR/.meetdeck-XXXX.tmp"` to its errors: a file that no longer
/// exists, which would only make the user look for a partial deck. Keep the OS error.
fn without_temp_path(error: std::io::Error) -> std::io::Error {
    if error.get_ref().is_none() {
        return error;
    }
    let message = error.to_string();
    match message.find(" at path \"") {
        Some(end) => std::io::Error::new(error.kind(), &message[..end]),
        None => error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("deck.html");
        write_atomic(&out, b"one").unwrap();
        write_atomic(&out, b"two").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temp file left behind");
    }

    #[test]
    fn directory_output_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_atomic(dir.path(), b"x").unwrap_err().to_string();
        assert!(err.contains("is a directory"), "{err}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_is_written_into_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || std::fs::read(fifo).unwrap())
        };
        write_atomic(&fifo, b"deck").unwrap();
        assert_eq!(reader.join().unwrap(), b"deck");
        use std::os::unix::fs::FileTypeExt;
        let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
        assert!(kind.is_fifo(), "the pipe was replaced by a file");
    }

    /// A copy of `/dev/full` (made with mknod, so a regression replaces only the copy).
    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_device_is_a_clear_error_and_stays_a_device() {
        let dir = tempfile::tempdir().unwrap();
        let full = dir.path().join("full");
        let c = std::ffi::CString::new(full.to_str().unwrap()).unwrap();
        let made = unsafe { libc::mknod(c.as_ptr(), libc::S_IFCHR | 0o600, libc::makedev(1, 7)) };
        if made != 0 {
            eprintln!("skipped: mknod needs root");
            return;
        }
        let err = write_atomic(&full, b"deck").unwrap_err().to_string();
        assert!(
            err.ends_with("full: No space left on device (os error 28)"),
            "{err}"
        );
        assert!(!std::fs::metadata(&full).unwrap().is_file());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file"
        );
    }

    #[test]
    fn missing_folder_is_an_error_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("nope/deck.html");
        let err = write_atomic(&out, b"x").unwrap_err().to_string();
        assert!(
            err.ends_with("nope: No such file or directory (os error 2)"),
            "no temp file named: {err}"
        );
        assert!(!out.exists());
    }
}
