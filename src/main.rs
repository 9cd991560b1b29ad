//! The `evalsheet` command. Each subcommand lives in `src/cmd/`; this file only starts them.

mod cmd;

fn main() -> std::process::ExitCode {
    restore_sigpipe();
    if std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == evalsheet::isolate::WORKER_ARG)
    {
        return evalsheet::isolate::worker_main();
    }
    evalsheet::install_panic_hook();
    // Double-clicked in Explorer (Windows): a page that says what to do, not a console that
    // flashes and vanishes. See src/cmd/launch.rs.
    if std::env::args_os().len() <= 1
        && let Some(code) = cmd::launch::without_arguments()
    {
        return code;
    }
    if let Ok(exe) = std::env::current_exe() {
        evalsheet::isolate::enable(exe);
    }
    cmd::main()
}

/// Like other command-line tools, stop quietly when the reader of our output goes away
/// (`evalsheet check … | head`) instead of failing on a broken pipe. Rust ignores SIGPIPE by
/// default; this puts back the system's default action.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; setting a signal's
    // disposition to its default has no other effect on this process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
