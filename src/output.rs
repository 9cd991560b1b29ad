//! Writing files the user gets: whole or not at all, never over an existing file unless told
//! to.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Write `bytes` to `path` atomically: a temporary file in the same folder, then a rename. An
/// existing file is replaced only with `force`; a missing folder is made.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The error as the system gave it, without the temporary file's name that tempfile adds.
    let werr = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        source: match e.raw_os_error() {
            Some(code) => std::io::Error::from_raw_os_error(code),
            None => std::io::Error::from(e.kind()),
        },
    };
    // The folder a named output file goes into is made when missing.
    if !dir.is_dir() {
        std::fs::create_dir_all(&dir).map_err(werr)?;
    }
    #[cfg(target_os = "linux")]
    if !force {
        match create_linked(&dir, path, bytes) {
            Some(Ok(())) => return Ok(()),
            Some(Err(e)) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                return Err(Error::Exists {
                    path: path.to_path_buf(),
                });
            }
            Some(Err(e)) => return Err(werr(e)),
            None => {}
        }
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".evalsheet-").suffix(".tmp");
    // A temporary file is private to its owner; the workbook it becomes is an ordinary file,
    // readable as the user's umask allows, like any file the user saves.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(&dir).map_err(werr)?;
    // No fsync: the rename is what makes the write atomic for readers, and an fsync per form
    // would cost more than drawing it.
    tmp.write_all(bytes).map_err(werr)?;
    if force {
        tmp.persist(path).map_err(|e| in_use(werr(e.error)))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                in_use(werr(e.error))
            }
        })?;
    }
    Ok(())
}

/// On Windows, a file that Excel or WPS holds open cannot be replaced, and Windows may say only
/// "access denied": the error then says what to do. ("Being used by another process" says it
/// itself: see [`crate::error::io_reason`].)
fn in_use(e: Error) -> Error {
    #[cfg(windows)]
    if let Error::Write { path, source } = &e
        && source.raw_os_error() == Some(5)
    {
        return Error::Write {
            path: path.clone(),
            source: std::io::Error::new(
                source.kind(),
                crate::t!("io-in-use-office", reason = crate::error::io_reason(source)),
            ),
        };
    }
    e
}

/// A new file written whole before it gets its name: an unnamed file in `dir` (O_TMPFILE),
/// then linked as `path`, which fails if `path` exists. One change to the folder instead of a
/// create and a rename, and the new file's inode is found without holding the folder's lock,
/// so parallel writers into one folder do not queue. `None` when the file system or kernel
/// cannot (the caller then uses a named temporary file).
#[cfg(target_os = "linux")]
fn create_linked(dir: &Path, path: &Path, bytes: &[u8]) -> Option<std::io::Result<()>> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .mode(0o666)
        .custom_flags(libc::O_TMPFILE)
        .open(dir)
        .ok()?;
    if let Err(e) = file.write_all(bytes) {
        return Some(Err(e));
    }
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()?;
    let to = CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: both arguments are valid NUL-terminated strings that outlive the call; linkat
    // reads them and touches no other memory of this process.
    let r = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if r == 0 {
        return Some(Ok(()));
    }
    let e = std::io::Error::last_os_error();
    if e.kind() == std::io::ErrorKind::AlreadyExists {
        return Some(Err(e));
    }
    // No /proc, or a file system that cannot link an unnamed file: the named temporary file
    // does the job (and reports a real problem, such as a full disk, itself).
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.xlsx");
        write_atomic(&p, b"one", false).unwrap();
        let e = write_atomic(&p, b"two", false).unwrap_err();
        assert!(matches!(e, Error::Exists { .. }));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode();
            // The umask, read without changing it (Linux shows it in /proc).
            let umask = std::fs::read_to_string("/proc/self/status")
                .ok()
                .and_then(|s| {
                    let line = s.lines().find(|l| l.starts_with("Umask:"))?.to_string();
                    u32::from_str_radix(line.split_whitespace().nth(1)?, 8).ok()
                });
            if let Some(umask) = umask {
                assert_eq!(
                    mode & 0o777,
                    0o666 & !umask,
                    "{mode:o} under umask {umask:o}"
                );
            }
        }
    }
}
