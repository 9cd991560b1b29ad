//! Command-line interface: one file per subcommand, each with its own help text.

use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::process::ExitCode;

mod check;
mod collect;
mod diff;
mod generate;
mod import;
pub mod launch;
mod new;
mod rollover;

/// Exit status: success.
pub const OK: u8 = 0;
/// Exit status: differences or findings.
pub const FINDINGS: u8 = 1;
/// Exit status: trouble (bad input, unreadable file, refused overwrite).
pub const TROUBLE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "evalsheet",
    version,
    about = "项目支出绩效自评表: generate the forms from YAML, read returned forms back, compare and check them.",
    long_about = "evalsheet turns project definitions (YAML) into the official 项目支出绩效自评表 \
workbooks, reads returned forms back into definitions, compares them, and checks them for \
mistakes.\n\nExit status: 0 success, 1 differences or findings, 2 trouble.",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Generate(generate::Args),
    Import(import::Args),
    Diff(diff::Args),
    Check(check::Args),
    Collect(collect::Args),
    Rollover(rollover::Args),
    New(new::Args),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => OK,
                _ => TROUBLE,
            });
        }
    };
    let code = match cli.command {
        Command::Generate(a) => generate::run(a),
        Command::Import(a) => import::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Check(a) => check::run(a),
        Command::Collect(a) => collect::run(a),
        Command::Rollover(a) => rollover::run(a),
        Command::New(a) => new::run(a),
    };
    ExitCode::from(code)
}

/// Every definition under the given files and folders, or — when any file cannot be read —
/// each error reported and the exit status to return, with nothing written.
pub fn load_definitions(inputs: &[std::path::PathBuf]) -> Result<Vec<evalsheet::load::Loaded>, u8> {
    let (loaded, errors) = match evalsheet::load::load_all(inputs) {
        Ok(x) => x,
        Err(e) => {
            report(&e);
            return Err(TROUBLE);
        }
    };
    if !errors.is_empty() {
        return Err(report_unreadable(&errors));
    }
    Ok(loaded)
}

/// Report every definition file that could not be read; the exit status to return.
pub fn report_unreadable(errors: &[evalsheet::Error]) -> u8 {
    for e in errors {
        report(e);
    }
    report(&format!(
        "{} definition file(s) could not be read; nothing was written.",
        errors.len()
    ));
    TROUBLE
}

/// Say which files in the folders were skipped (hidden files, lock files, links seen before),
/// so that nothing is passed over silently.
pub fn report_skipped(found: &evalsheet::input::Found, quiet: bool) {
    if quiet || found.skipped.is_empty() {
        return;
    }
    let list: Vec<String> = found
        .skipped
        .iter()
        .take(10)
        .map(|(p, why)| format!("{} ({})", p.display(), why.reason()))
        .collect();
    let more = if found.skipped.len() > 10 {
        format!(", and {} more", found.skipped.len() - 10)
    } else {
        String::new()
    };
    report(&format!(
        "skipped {} file(s) or folder(s) in the folders: {}{more}.",
        found.skipped.len(),
        list.join(", ")
    ));
}

/// Print an error to stderr as one line.
pub fn report(e: &dyn std::fmt::Display) {
    anstream::eprintln!("evalsheet: {e}");
}

/// A progress bar on stderr when it is a terminal, hidden otherwise.
pub fn progress(len: usize, what: &str) -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() || len < 2 {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{prefix} [{bar:40}] {pos}/{len} {elapsed_precise}")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(what.to_string());
    bar
}
