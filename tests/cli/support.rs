//! Running the real binary in a temporary folder, and reading workbooks back.

#![allow(dead_code)]

use calamine::{Data, Reader, Xlsx, open_workbook};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// A temporary folder the binary runs in; removed when dropped.
pub struct Run {
    pub dir: tempfile::TempDir,
}

/// What one run of the binary did. Against a Windows exe ([`windows`]), [`Run::evalsheet`] and
/// the others give `stdout` and `stderr` with their path separators normalised to `/`
/// ([`unwindows`]), so that tests written for the Linux build compare the same text;
/// [`Run::evalsheet_raw`] gives what it printed.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Which build of evalsheet the tests run.
///
/// By default the binary cargo built for them. With `EVALSHEET_TEST_EXE=/path/evalsheet.exe`
/// another build of it — in practice the Windows `evalsheet.exe` of `dist/windows.sh` — and
/// with `EVALSHEET_TEST_RUNNER=wine` through that program: `wine /path/evalsheet.exe ARGS`, in
/// the same working directory (Wine maps `/` as drive Z:, so absolute and relative paths both
/// work). Under Wine, `WINEDEBUG=-all` keeps Wine's own messages out of the output, a private
/// prefix under the target folder (`target/wine-prefix`, or `EVALSHEET_TEST_WINEPREFIX`) is
/// created once, quietly, and the locale is UTF-8 so that Chinese arguments and file names
/// pass unchanged between Linux and Windows.
pub struct Target {
    pub exe: PathBuf,
    pub runner: Option<PathBuf>,
}

static TARGET: OnceLock<Target> = OnceLock::new();

pub fn target() -> &'static Target {
    TARGET.get_or_init(|| {
        let exe = std::env::var_os("EVALSHEET_TEST_EXE")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        let runner = std::env::var_os("EVALSHEET_TEST_RUNNER")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        match exe {
            Some(exe) => {
                let exe = std::path::absolute(&exe).unwrap_or(exe);
                assert!(
                    exe.is_file(),
                    "EVALSHEET_TEST_EXE={} is not a file",
                    exe.display()
                );
                let t = Target { exe, runner };
                if t.is_wine() {
                    ensure_wine_prefix();
                }
                t
            }
            None => Target {
                exe: PathBuf::from(env!("CARGO_BIN_EXE_evalsheet")),
                runner: None,
            },
        }
    })
}

impl Target {
    /// Whether the exe is run through Wine.
    pub fn is_wine(&self) -> bool {
        self.runner.as_ref().is_some_and(|r| {
            r.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("wine"))
        })
    }
}

/// Whether the evalsheet under test is a Windows program (`EVALSHEET_TEST_EXE` names an .exe).
pub fn windows() -> bool {
    target()
        .exe
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("exe"))
}

/// The Wine prefix the tests use: private to this checkout's target folder.
pub fn wine_prefix() -> PathBuf {
    if let Some(p) = std::env::var_os("EVALSHEET_TEST_WINEPREFIX").filter(|v| !v.is_empty()) {
        return std::path::absolute(PathBuf::from(&p)).unwrap_or_else(|_| PathBuf::from(p));
    }
    // CARGO_BIN_EXE_evalsheet is TARGET/PROFILE/evalsheet.
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_evalsheet"));
    let target = bin
        .parent()
        .and_then(Path::parent)
        .map_or_else(|| root().join("target"), Path::to_path_buf);
    target.join("wine-prefix")
}

/// The environment every Wine command of the tests gets.
pub fn wine_env(cmd: &mut Command) {
    cmd.env("WINEPREFIX", wine_prefix())
        .env("WINEDEBUG", "-all")
        // No Mono or Gecko installer dialogs; the stub bcryptprimitives.dll beside the exe
        // (tests only) is preferred to any Wine might have.
        .env("WINEDLLOVERRIDES", "mscoree,mshtml=;bcryptprimitives=n,b")
        .env("LC_ALL", "C.UTF-8")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY");
}

/// Create the Wine prefix once (about 10 seconds the first time, nothing after).
fn ensure_wine_prefix() {
    let prefix = wine_prefix();
    if prefix.join("system.reg").is_file() {
        return;
    }
    let mut boot = Command::new("wineboot");
    boot.arg("-i")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    wine_env(&mut boot);
    let status = boot.status().expect("run wineboot: is Wine installed?");
    assert!(
        status.success(),
        "wineboot -i failed in {}",
        prefix.display()
    );
}

/// `evalsheet` as a command, without arguments: the build under test ([`target`]), with
/// `NO_COLOR=1`.
pub fn evalsheet_command() -> Command {
    let t = target();
    let mut cmd = match &t.runner {
        Some(runner) => {
            let mut c = Command::new(runner);
            c.arg(&t.exe);
            if t.is_wine() {
                wine_env(&mut c);
            }
            c
        }
        None => Command::new(&t.exe),
    };
    cmd.env("NO_COLOR", "1");
    // The default language (Chinese) whatever the locale of the machine running the tests;
    // the English tests ask for it with --lang en or LANG.
    if !target().is_wine() {
        cmd.env("LANG", "C.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES");
    }
    cmd
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
        let out: Output = evalsheet_command()
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run evalsheet");
        outcome(out)
    }

    /// Like [`Run::evalsheet`], with the output exactly as printed, path separators and all.
    pub fn evalsheet_raw(&self, args: &[&str]) -> Outcome {
        let out = evalsheet_command()
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run evalsheet");
        raw_outcome(out)
    }

    /// Run `evalsheet ARGS...` with extra environment variables.
    pub fn evalsheet_env(&self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let mut cmd = evalsheet_command();
        cmd.args(args).current_dir(self.dir.path());
        for (k, v) in env {
            cmd.env(k, v);
        }
        outcome(cmd.output().expect("run evalsheet"))
    }

    /// Run `evalsheet ARGS...` with its address space (and its workers') limited to `mb` MB,
    /// as `prlimit --as` or `ulimit -v` would (Unix; elsewhere unlimited). A Windows exe under
    /// Wine is run without the limit: Wine itself reserves more address space than such a
    /// limit allows, and Windows has no rlimits; the tests still check its answers and times.
    pub fn evalsheet_limited(&self, args: &[&str], mb: u64) -> Outcome {
        if windows() {
            return self.evalsheet(args);
        }
        let mut cmd = evalsheet_command();
        cmd.args(args).current_dir(self.dir.path());
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

/// What the run did, with a Windows exe's path separators normalised ([`unwindows`]).
pub fn outcome(out: Output) -> Outcome {
    let o = raw_outcome(out);
    if !windows() {
        return o;
    }
    Outcome {
        code: o.code,
        stdout: unwindows(&o.stdout),
        stderr: unwindows(&o.stderr),
    }
}

/// What the run did, as printed.
pub fn raw_outcome(out: Output) -> Outcome {
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// What a Windows build printed, with its path separators as the Linux build prints them, so
/// that one expectation serves both: every `\` becomes `/`, except in JSON and in the YAML
/// evalsheet writes (output that starts with `{`, `[`, `-` or `#`), whose strings are
/// double-quoted with escapes: there an escaped backslash (`\\`) becomes `/` and the other
/// escapes (`\n`, `\"`, `\u0041`) stay. Windows writes `\n` line ends through Rust as
/// Linux does, so line ends are left alone: a `\r\n` would be a difference worth seeing.
pub fn unwindows(text: &str) -> String {
    let quoted = matches!(
        text.trim_start().chars().next(),
        Some('{' | '[' | '-' | '#')
    );
    if !quoted {
        return text.replace('\\', "/");
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('\\') => out.push('/'),
            Some(next) => {
                out.push('\\');
                out.push(next);
            }
            None => out.push('\\'),
        }
    }
    out
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

/// The definitions under a path, keyed by project and unit, without their source. Two
/// definitions of the same project and unit fail the test: a map would keep only one.
pub fn defs_by_project(
    path: &Path,
) -> std::collections::BTreeMap<(String, String), evalsheet::Definition> {
    let (defs, errors) = evalsheet::load::load_all(&[path.to_path_buf()]).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    let mut out = std::collections::BTreeMap::new();
    for l in defs {
        let mut d = l.def;
        d.source = None;
        let key = (d.project.clone(), d.unit.clone());
        assert!(
            out.insert(key.clone(), d).is_none(),
            "{key:?} twice under {}",
            path.display()
        );
    }
    out
}

/// Assert that the definitions under `got` are exactly those under `want` (`count` of them),
/// matched by project and unit, sources aside: none missing, none different, none more.
pub fn assert_same_definitions(want: &Path, got: &Path, count: usize) {
    let want = defs_by_project(want);
    let got = defs_by_project(got);
    assert_eq!(want.len(), count);
    for (k, w) in &want {
        assert_eq!(got.get(k), Some(w), "{k:?}");
    }
    let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
    assert!(
        extra.is_empty(),
        "definitions that should not be there: {extra:?}"
    );
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
