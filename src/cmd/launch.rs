//! What `evalsheet.exe` does when it is double-clicked in Explorer.
//!
//! A console program started from Explorer gets a console window of its own, which closes the
//! moment the program ends: run as from a terminal, evalsheet would print clap's help and
//! vanish before it could be read. So on Windows, when evalsheet is started without arguments
//! and the console it is attached to was made for it alone, it does what a person who
//! double-clicked it needs instead ([`on_double_click`]). Started from cmd.exe, PowerShell or
//! Windows Terminal, or with its input or output redirected, it behaves as everywhere else.
//!
//! The test is Windows' own: `GetConsoleProcessList` lists the processes attached to the
//! console. From cmd.exe or PowerShell the shell is attached too; after a double-click only
//! evalsheet is. ([`decide`] holds the rule, so that it is tested on every system.)
//!
//! On other systems, and whenever arguments are given, nothing here happens.

use std::process::ExitCode;

/// How evalsheet was started, as far as it matters without arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// From a shell, a script, or with redirected input or output: print the usage as always.
    Shell,
    /// By a double-click: a console was made for evalsheet alone.
    DoubleClick,
}

/// The rule: a double-click is a console with exactly one process attached (evalsheet itself)
/// whose input and output are that console. Zero processes means there is no console at all
/// (a program started detached, or Wine with pipes); two or more means a shell shares it.
pub fn decide(processes_on_console: u32, stdin_is_console: bool, stdout_is_console: bool) -> Start {
    if processes_on_console == 1 && stdin_is_console && stdout_is_console {
        Start::DoubleClick
    } else {
        Start::Shell
    }
}

/// How this process was started.
pub fn start() -> Start {
    #[cfg(windows)]
    {
        use std::io::IsTerminal;
        use windows_sys::Win32::System::Console::GetConsoleProcessList;
        let mut list = [0u32; 4];
        // SAFETY: the buffer is valid for `list.len()` process ids for the whole call, which
        // writes at most that many and returns how many processes the console has (0 on
        // failure, e.g. no console).
        let count = unsafe { GetConsoleProcessList(list.as_mut_ptr(), list.len() as u32) };
        decide(
            count,
            std::io::stdin().is_terminal(),
            std::io::stdout().is_terminal(),
        )
    }
    // Elsewhere there is no console process list: as if there were no console.
    #[cfg(not(windows))]
    decide(0, false, false)
}

/// Called by `main` when evalsheet is started without arguments: `Some(exit status)` when it
/// was double-clicked and has done what a double-click does, `None` to go on as usual
/// (clap's usage).
pub fn without_arguments() -> Option<ExitCode> {
    match start() {
        Start::DoubleClick => Some(on_double_click()),
        Start::Shell => None,
    }
}

/// What a double-click does: open the desk in the browser.
///
/// The desk's home is the folder `evalsheet` in the user's Documents (the known folder
/// FOLDERID_Documents, which follows a Documents moved to OneDrive or another drive), made
/// when missing. The latest year's desk in it is served, or, with none yet, the page that
/// starts one (新建收表台, src/web/setup.rs); the next year's desk is started from the same
/// page. The console stays as the server's window, with a line saying that closing it stops
/// the desk. When the home cannot be found or made, or the server cannot start, the console
/// says so with the way to use evalsheet from a command prompt ([`welcome`]) and waits for
/// Enter, so that the window stays until it has been read.
fn on_double_click() -> ExitCode {
    let folder = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(std::path::Path::to_path_buf));
    let served = match home() {
        Some(home) => {
            super::say(&evalsheet::t!(
                "launch-home",
                folder = home.display().to_string()
            ));
            let latest = evalsheet::web::setup::latest_desk(&home);
            let options = super::serve::Options {
                listen: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
                no_browser: false,
                public: false,
                last_year: None,
                double_clicked: true,
            };
            match super::serve::serve(
                evalsheet::web::setup::Place::Home { home, latest },
                &options,
            ) {
                Ok(code) => code == ExitCode::SUCCESS,
                Err(e) => {
                    super::report(&e);
                    false
                }
            }
        }
        None => false,
    };
    if served {
        return ExitCode::SUCCESS;
    }
    wait_with(&welcome(folder.as_deref()))
}

/// Print `text` and wait for Enter.
fn wait_with(text: &str) -> ExitCode {
    use std::io::{BufRead, Write};
    let mut out = std::io::stdout();
    let _ = out.write_all(text.as_bytes());
    let _ = out.flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    ExitCode::FAILURE
}

/// The desks' home: `EVALSHEET_HOME` when set (an office that keeps its desks elsewhere, on a
/// shared drive say), else `evalsheet` in the user's Documents; made when missing. `None`, with
/// the reason said, when it cannot be made.
fn home() -> Option<std::path::PathBuf> {
    let home = match std::env::var_os("EVALSHEET_HOME").filter(|v| !v.is_empty()) {
        Some(h) => std::path::PathBuf::from(h),
        None => documents()?.join("evalsheet"),
    };
    if let Err(source) = std::fs::create_dir_all(&home) {
        super::report(&evalsheet::Error::Write { path: home, source });
        return None;
    }
    Some(home)
}

/// The user's Documents folder, where Windows says it is.
#[cfg(windows)]
fn documents() -> Option<std::path::PathBuf> {
    use std::os::windows::ffi::OsStringExt;
    use windows_sys::Win32::UI::Shell::{FOLDERID_Documents, KF_FLAG_CREATE, SHGetKnownFolderPath};
    // From ole32.dll, where every Windows has it (windows-sys links it from combase.dll).
    #[link(name = "ole32")]
    unsafe extern "system" {
        fn CoTaskMemFree(pv: *const core::ffi::c_void);
    }
    let mut path: windows_sys::core::PWSTR = std::ptr::null_mut();
    // SAFETY: FOLDERID_Documents is a valid GUID for the call; `path` receives a string
    // allocated by the shell (or null on failure), read up to its terminating NUL and then
    // freed with CoTaskMemFree, as the API requires, whether or not the call succeeded.
    unsafe {
        let hr = SHGetKnownFolderPath(
            &FOLDERID_Documents,
            KF_FLAG_CREATE as u32,
            std::ptr::null_mut(),
            &mut path,
        );
        let found = if hr >= 0 && !path.is_null() {
            let mut len = 0usize;
            while *path.add(len) != 0 {
                len += 1;
            }
            let wide = std::slice::from_raw_parts(path, len);
            Some(std::path::PathBuf::from(std::ffi::OsString::from_wide(
                wide,
            )))
        } else {
            None
        };
        CoTaskMemFree(path as *const core::ffi::c_void);
        found
    }
}

/// Elsewhere (never called: a double-click is Windows' only): `~/Documents`.
#[cfg(not(windows))]
fn documents() -> Option<std::path::PathBuf> {
    std::env::var_os("HOME").map(|h| std::path::PathBuf::from(h).join("Documents"))
}

/// The page shown after a double-click when the desk could not be opened, for the program in
/// `folder`.
pub fn welcome(folder: Option<&std::path::Path>) -> String {
    use evalsheet::t;
    let guide = folder
        .map(|f| {
            ["使用手册.md", "README.md"]
                .iter()
                .filter(|g| f.join(g).is_file())
                .map(|g| format!("“{g}”"))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let guide = if guide.is_empty() {
        t!("launch-guide-help")
    } else {
        t!(
            "launch-guide-files",
            files = guide.join(&t!("launch-guide-and"))
        )
    };
    let here = folder
        .map(|f| t!("launch-here", folder = f.display().to_string()))
        .unwrap_or_default();
    t!(
        "launch-welcome",
        version = env!("CARGO_PKG_VERSION"),
        here = here,
        guide = guide
    ) + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_console_of_our_own_is_a_double_click() {
        assert_eq!(decide(1, true, true), Start::DoubleClick);
        // From cmd.exe or PowerShell: the shell shares the console.
        assert_eq!(decide(2, true, true), Start::Shell);
        assert_eq!(decide(3, true, true), Start::Shell);
        // No console at all (GetConsoleProcessList failed).
        assert_eq!(decide(0, false, false), Start::Shell);
        // A console of our own, but input or output redirected: a script, not a person.
        assert_eq!(decide(1, false, true), Start::Shell);
        assert_eq!(decide(1, true, false), Start::Shell);
    }

    #[test]
    fn other_systems_keep_the_usage() {
        #[cfg(not(windows))]
        {
            assert_eq!(start(), Start::Shell);
            assert!(without_arguments().is_none());
        }
    }

    #[test]
    fn the_page_names_the_commands_and_the_guide() {
        let dir = tempfile::tempdir().unwrap();
        let page = welcome(Some(dir.path()));
        assert!(page.contains("evalsheet.exe help"), "{page}");
        assert!(
            page.contains("evalsheet.exe generate examples\\2022 -o 表格"),
            "{page}"
        );
        assert!(page.contains("按回车键"), "{page}");
        assert!(
            page.contains(
                "\n  2. 在地址栏中输入 cmd 并按回车（或在文件夹空白处按住 Shift 点右键，\n     选择"
            ),
            "the indentation kept: {page}"
        );
        assert!(page.ends_with("按回车键关闭此窗口。\n"), "{page}");
        assert!(page.contains("evalsheet.exe help"), "{page}");
        std::fs::write(dir.path().join("使用手册.md"), "#").unwrap();
        std::fs::write(dir.path().join("README.md"), "#").unwrap();
        let page = welcome(Some(dir.path()));
        assert!(page.contains("“使用手册.md” 和 “README.md”"), "{page}");
    }
}
