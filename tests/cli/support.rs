//! Running the real binary in a temporary folder, and reading workbooks back.

#![allow(dead_code)]

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary folder the binary runs in; removed when dropped.
pub struct Run {
    pub dir: tempfile::TempDir,
}

/// What one run of the binary did.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn new() -> Run {
        Run {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Run `evalsheet ARGS...` with the temp folder as the working directory.
    pub fn evalsheet(&self, args: &[&str]) -> Outcome {
        let out: Output = Command::new(env!("CARGO_BIN_EXE_evalsheet"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .expect("run evalsheet");
        outcome(out)
    }

    /// Run `evalsheet ARGS...` with extra environment variables.
    pub fn evalsheet_env(&self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_evalsheet"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1");
        for (k, v) in env {
            cmd.env(k, v);
        }
        outcome(cmd.output().expect("run evalsheet"))
    }

    /// Run `evalsheet ARGS...` with its address space (and its workers') limited to `mb` MB,
    /// as `prlimit --as` or `ulimit -v` would (Unix; elsewhere unlimited).
    pub fn evalsheet_limited(&self, args: &[&str], mb: u64) -> Outcome {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_evalsheet"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1");
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            let bytes = (mb * 1024 * 1024) as libc::rlim_t;
            // SAFETY: the closure runs in the child between fork and exec and only calls
            // setrlimit, which is async-signal-safe, on a struct on its own stack.
            unsafe {
                cmd.pre_exec(move || {
                    let lim = libc::rlimit {
                        rlim_cur: bytes,
                        rlim_max: bytes,
                    };
                    if libc::setrlimit(libc::RLIMIT_AS, &lim) != 0 {
                        return Err(std::io::Error::last_os_error());
                    }
                    Ok(())
                });
            }
        }
        #[cfg(not(unix))]
        let _ = mb;
        outcome(cmd.output().expect("run evalsheet"))
    }

    pub fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.path(rel);
        if let Some(d) = p.parent() {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }
}

fn outcome(out: Output) -> Outcome {
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The project's folder (examples/, tests/fixtures/).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn examples(year: &str) -> String {
    root().join("examples").join(year).display().to_string()
}

/// Files in a folder, sorted by name.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// A sheet read back: values, formulas and merges.
pub struct Sheet {
    pub cells: calamine::Range<Data>,
    pub formulas: calamine::Range<String>,
    pub merges: Vec<((u32, u32), (u32, u32))>,
}

impl Sheet {
    /// Text at zero-based (row, col), numbers rendered plainly, empty for blank.
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.cells.get_value((row, col)) {
            Some(Data::String(s)) => s.clone(),
            Some(Data::Float(f)) => f.to_string(),
            Some(Data::Int(i)) => i.to_string(),
            Some(Data::Empty) | None => String::new(),
            Some(other) => other.to_string(),
        }
    }

    pub fn number(&self, row: u32, col: u32) -> Option<f64> {
        match self.cells.get_value((row, col)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            _ => None,
        }
    }

    pub fn formula(&self, row: u32, col: u32) -> String {
        self.formulas
            .get_value((row, col))
            .cloned()
            .unwrap_or_default()
    }

    pub fn has_merge(&self, first: (u32, u32), last: (u32, u32)) -> bool {
        self.merges.contains(&(first, last))
    }

    /// The merge whose top-left is `first`, if any.
    pub fn merge_at(&self, first: (u32, u32)) -> Option<(u32, u32)> {
        self.merges.iter().find(|m| m.0 == first).map(|m| m.1)
    }

    /// Zero-based (row, col) of the first cell holding exactly `text`.
    pub fn find(&self, text: &str) -> Option<(u32, u32)> {
        self.cells
            .used_cells()
            .find(|(_, _, v)| matches!(v, Data::String(s) if s == text))
            .map(|(r, c, _)| {
                let (r0, c0) = self.cells.start().unwrap_or((0, 0));
                (r as u32 + r0, c as u32 + c0)
            })
    }
}

pub fn sheet_names(path: &Path) -> Vec<String> {
    let wb: Xlsx<_> = open_workbook(path).expect("open workbook");
    wb.sheet_names()
}

pub fn read_sheet(path: &Path, name: &str) -> Sheet {
    let mut wb: Xlsx<_> = open_workbook(path).expect("open workbook");
    let cells = wb.worksheet_range(name).expect("sheet");
    let formulas = wb.worksheet_formula(name).expect("formulas");
    let merges = wb
        .merge_cells_by_sheet_name(name)
        .expect("merges")
        .into_iter()
        .map(|d| (d.start, d.end))
        .collect();
    Sheet {
        cells,
        formulas,
        merges,
    }
}

/// The first sheet of a workbook.
pub fn first_sheet(path: &Path) -> Sheet {
    let name = sheet_names(path).remove(0);
    read_sheet(path, &name)
}

/// One part of the workbook's zip, as text (`xl/worksheets/sheet1.xml`, `xl/styles.xml`).
pub fn part(path: &Path, name: &str) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut z = zip::ZipArchive::new(f).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The definitions under a path, keyed by project and unit, without their source.
pub fn defs_by_project(
    path: &Path,
) -> std::collections::BTreeMap<(String, String), evalsheet::Definition> {
    let (defs, errors) = evalsheet::load::load_all(&[path.to_path_buf()]).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    defs.into_iter()
        .map(|l| {
            let mut d = l.def;
            d.source = None;
            ((d.project.clone(), d.unit.clone()), d)
        })
        .collect()
}

/// Assert that the definitions under `got` are exactly those under `want` (`count` of them),
/// matched by project and unit, sources aside.
pub fn assert_same_definitions(want: &Path, got: &Path, count: usize) {
    let want = defs_by_project(want);
    let got = defs_by_project(got);
    assert_eq!(want.len(), count);
    for (k, w) in &want {
        assert_eq!(got.get(k), Some(w), "{k:?}");
    }
}

/// Whether each cell of a workbook's first sheet is locked, read through calamine's styles
/// (a cell without a style is locked, as in Excel).
pub fn locked_cells(book: &Path) -> impl Fn(u32, u32) -> bool {
    let mut wb: Xlsx<_> = open_workbook(book).expect("open workbook");
    let name = wb.sheet_names()[0].clone();
    let styles = wb.worksheet_style(&name).expect("styles");
    move |r, c| {
        styles
            .get((r, c))
            .and_then(|s| s.protection.as_ref())
            .is_none_or(|p| p.locked)
    }
}
