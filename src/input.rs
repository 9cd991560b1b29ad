//! What the files and folders given on the command line hold: the one place that decides.
//!
//! A file named explicitly is taken whatever its extension (a bad one is then answered as not
//! being what was expected). A folder is searched recursively, in name order, and contributes
//! the files of the kind asked for; the other files in it are returned as passed over, so that
//! a command can say so. Some files are skipped and named as such, never silently: hidden files
//! and folders (`.git`, `.DS_Store`, LibreOffice's `.~lock…#`) and the lock files office suites
//! leave beside an open workbook (`~$…`). Symbolic links are followed, each folder and file
//! once: a link back to a folder already searched (a loop) or to a file already found is
//! skipped and named.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// Extensions of definition files.
pub const DEFINITION_EXTENSIONS: &[&str] = &["yaml", "yml", "json"];
/// Extensions of workbooks.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xls", "ods"];

/// What a command reads from folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Definition files (.yaml, .yml, .json).
    Definitions,
    /// Workbooks (.xlsx, .xlsm, .xls, .ods).
    Workbooks,
    /// Either: definitions and returned workbooks (check, diff).
    Forms,
}

impl Kind {
    /// Whether a file found in a folder is of this kind, by its extension.
    pub fn takes(self, p: &Path) -> bool {
        let Some(ext) = ext_lower(p) else {
            return false;
        };
        let (d, w) = (
            DEFINITION_EXTENSIONS.contains(&ext.as_str()),
            WORKBOOK_EXTENSIONS.contains(&ext.as_str()),
        );
        match self {
            Kind::Definitions => d,
            Kind::Workbooks => w,
            Kind::Forms => d || w,
        }
    }
}

/// Why a file was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// A hidden file or folder (its name starts with a dot).
    Hidden,
    /// The lock file of a workbook open in an office suite (`~$…`).
    LockFile,
    /// A link back to a folder already being searched.
    Loop,
    /// The same file found again through a link.
    Repeated,
}

impl Skip {
    /// The reason in a few words.
    pub fn reason(self) -> String {
        match self {
            Skip::Hidden => crate::t!("skip-hidden"),
            Skip::LockFile => crate::t!("skip-lock-file"),
            Skip::Loop => crate::t!("skip-loop"),
            Skip::Repeated => crate::t!("skip-repeated"),
        }
    }
}

/// Everything found under the inputs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The files to read: named explicitly, or of the kind asked for in a folder; in order.
    pub files: Vec<PathBuf>,
    /// Files in folders that are not of the kind asked for.
    pub passed_over: Vec<PathBuf>,
    /// Files and folders skipped, each with why.
    pub skipped: Vec<(PathBuf, Skip)>,
}

impl Found {
    /// `files` and `passed_over` together, in path order: for jobs where nothing found may be
    /// left out (collect answers a file that is not a workbook as such).
    pub fn everything(&self) -> Vec<PathBuf> {
        let mut all: Vec<PathBuf> = self
            .files
            .iter()
            .chain(&self.passed_over)
            .cloned()
            .collect();
        all.sort();
        all
    }
}

/// Expand files and folders into what they hold of `kind`. Fails when an input does not exist
/// or cannot be read, and when a folder holds nothing of the kind.
pub fn expand(inputs: &[PathBuf], kind: Kind) -> Result<Found> {
    let mut walk = Walk {
        kind,
        found: Found::default(),
        dirs: HashSet::new(),
        files: HashSet::new(),
    };
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|source| Error::Read {
            path: input.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = walk.found.files.len();
            walk.dir(input)?;
            if walk.found.files.len() == before {
                return Err(Error::NothingFound {
                    path: input.clone(),
                    wanted: kind,
                });
            }
        } else if walk.first_time_file(input) {
            walk.found.files.push(input.clone());
        }
    }
    Ok(walk.found)
}

/// Lower-case extension of a path.
pub fn ext_lower(p: &Path) -> Option<String> {
    p.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// Whether a path names a workbook, by its extension.
pub fn is_workbook(p: &Path) -> bool {
    ext_lower(p).is_some_and(|e| WORKBOOK_EXTENSIONS.contains(&e.as_str()))
}

struct Walk {
    kind: Kind,
    found: Found,
    /// Folders searched so far, as the file system resolves them.
    dirs: HashSet<PathBuf>,
    /// Files found so far, as the file system resolves them.
    files: HashSet<PathBuf>,
}

impl Walk {
    fn first_time_file(&mut self, p: &Path) -> bool {
        let key = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        self.files.insert(key)
    }

    fn dir(&mut self, dir: &Path) -> Result<()> {
        let key = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
        if !self.dirs.insert(key) {
            self.found.skipped.push((dir.to_path_buf(), Skip::Loop));
            return Ok(());
        }
        let read_err = |source| Error::Read {
            path: dir.to_path_buf(),
            source,
        };
        let mut entries: Vec<PathBuf> = Vec::new();
        for e in std::fs::read_dir(dir).map_err(read_err)? {
            entries.push(e.map_err(read_err)?.path());
        }
        entries.sort();
        for p in entries {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') {
                self.found.skipped.push((p, Skip::Hidden));
                continue;
            }
            if name.starts_with("~$") {
                self.found.skipped.push((p, Skip::LockFile));
                continue;
            }
            if p.is_dir() {
                self.dir(&p)?;
            } else if !self.first_time_file(&p) {
                self.found.skipped.push((p, Skip::Repeated));
            } else if self.kind.takes(&p) {
                self.found.files.push(p);
            } else {
                self.found.passed_over.push(p);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_filtered_by_kind_and_skips_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = |s: &str| dir.path().join(s);
        std::fs::create_dir_all(p("sub/.git")).unwrap();
        for f in [
            "a.yaml",
            "b.xlsx",
            "c.txt",
            "~$b.xlsx",
            ".hidden.xlsx",
            "sub/d.XLS",
            "sub/.git/config",
        ] {
            std::fs::write(p(f), "x").unwrap();
        }
        let found = expand(&[dir.path().to_path_buf()], Kind::Workbooks).unwrap();
        assert_eq!(found.files, vec![p("b.xlsx"), p("sub/d.XLS")]);
        assert_eq!(found.passed_over, vec![p("a.yaml"), p("c.txt")]);
        assert_eq!(
            found.skipped,
            vec![
                (p(".hidden.xlsx"), Skip::Hidden),
                (p("sub/.git"), Skip::Hidden),
                (p("~$b.xlsx"), Skip::LockFile),
            ]
        );
        let found = expand(&[dir.path().to_path_buf()], Kind::Forms).unwrap();
        assert_eq!(found.files.len(), 3);
        // An explicit file is taken whatever its extension; a folder without the kind fails.
        let found = expand(&[p("c.txt")], Kind::Definitions).unwrap();
        assert_eq!(found.files, vec![p("c.txt")]);
        let e = expand(&[p("sub")], Kind::Definitions).unwrap_err();
        assert!(matches!(e, Error::NothingFound { .. }), "{e}");
        assert!(expand(&[p("nosuch")], Kind::Workbooks).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_repeats_are_followed_once() {
        let dir = tempfile::tempdir().unwrap();
        let p = |s: &str| dir.path().join(s);
        std::fs::create_dir_all(p("r/sub")).unwrap();
        std::fs::write(p("r/a.xlsx"), "x").unwrap();
        std::os::unix::fs::symlink(p("r"), p("r/sub/back")).unwrap();
        std::os::unix::fs::symlink(p("r/a.xlsx"), p("r/sub/again.xlsx")).unwrap();
        let found = expand(&[p("r")], Kind::Workbooks).unwrap();
        assert_eq!(found.files, vec![p("r/a.xlsx")]);
        assert_eq!(
            found.skipped,
            vec![
                (p("r/sub/again.xlsx"), Skip::Repeated),
                (p("r/sub/back"), Skip::Loop),
            ]
        );
        // The same file named twice is read once.
        let found = expand(&[p("r/a.xlsx"), p("r/sub/again.xlsx")], Kind::Workbooks).unwrap();
        assert_eq!(found.files, vec![p("r/a.xlsx")]);
    }
}
