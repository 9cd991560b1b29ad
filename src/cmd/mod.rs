//! Command-line interface: one file per subcommand, each with its own help text.

use clap::{FromArgMatches, Parser, Subcommand};
use std::io::IsTerminal;
use std::process::ExitCode;

mod check;
mod cli;
mod collect;
mod diff;
mod feedback;
mod generate;
mod import;
mod init;
pub mod launch;
mod list;
mod new;
mod receive;
mod review;
mod rollover;
mod serve;
mod status;

/// Exit status: success.
pub const OK: u8 = 0;
/// Exit status: differences or findings.
pub const FINDINGS: u8 = 1;
/// Exit status: trouble (bad input, unreadable file, refused overwrite).
pub const TROUBLE: u8 = 2;

/// What a command ends with: its exit status, or the one error that stopped it, which
/// [`main`] prints and answers with [`TROUBLE`]. A command that meets several problems (files
/// that cannot be read) prints each with [`report`] and returns `Ok` of [`TROUBLE`].
pub type Outcome = evalsheet::Result<ExitCode>;

/// The exit status `code` (one of [`OK`], [`FINDINGS`], [`TROUBLE`]).
pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}

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
    /// Language of messages and help: zh (default) or en.
    #[arg(long, global = true, value_name = "zh|en")]
    lang: Option<String>,
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
    List(list::Args),
    // The year at the desk, in the order a clerk meets them.
    Init(init::Args),
    Receive(receive::Args),
    Status(status::Args),
    Review(review::Args),
    Feedback(feedback::Args),
    Serve(serve::Args),
}

/// The language asked for: `--lang X` or `--lang=X` anywhere among the arguments (read before
/// the arguments are parsed, so that help and parse errors speak it too), else the locale.
fn language(args: &[std::ffi::OsString]) -> evalsheet::i18n::Lang {
    let mut asked = None;
    let mut it = args.iter().skip(1);
    while let Some(a) = it.next() {
        let a = a.to_string_lossy();
        if a == "--" {
            break;
        }
        if a == "--lang" {
            asked = it.next().map(|v| v.to_string_lossy().into_owned());
        } else if let Some(v) = a.strip_prefix("--lang=") {
            asked = Some(v.to_string());
        }
    }
    asked
        .and_then(|v| evalsheet::i18n::Lang::parse(&v))
        .unwrap_or_else(evalsheet::i18n::from_env)
}

pub fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    evalsheet::i18n::set(language(&args));
    let cli = match parse(&args) {
        Ok(c) => c,
        Err(code) => return code,
    };
    let outcome = match cli.command {
        Command::Generate(a) => generate::run(a),
        Command::Import(a) => import::run(a),
        Command::Diff(a) => diff::run(a),
        Command::Check(a) => check::run(a),
        Command::Collect(a) => collect::run(a),
        Command::Rollover(a) => rollover::run(a),
        Command::New(a) => new::run(a),
        Command::Init(a) => init::run(a),
        Command::Feedback(a) => feedback::run(a),
        Command::Receive(a) => receive::run(a),
        Command::Review(a) => review::run(a),
        Command::Status(a) => status::run(a),
        Command::List(a) => list::run(a),
        Command::Serve(a) => serve::run(a),
    };
    // The one place an error becomes an exit status.
    outcome.unwrap_or_else(|e| {
        report(&e);
        exit(TROUBLE)
    })
}

/// The arguments parsed with the help and the errors in the user's language (src/cmd/cli.rs);
/// `Err` with the exit status once help was shown or an error told.
fn parse(args: &[std::ffi::OsString]) -> Result<Cli, ExitCode> {
    let told = |e: clap::Error| match e.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
            let _ = e.print();
            exit(OK)
        }
        clap::error::ErrorKind::MissingSubcommand
        | clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            if args.len() <= 1 =>
        {
            // `evalsheet` alone: what it does and its commands, as a start.
            say(&cli::command().render_help().ansi());
            exit(TROUBLE)
        }
        _ => {
            report(&cli::explain(&e, args));
            exit(TROUBLE)
        }
    };
    let mut matches = cli::command().try_get_matches_from(args).map_err(told)?;
    if let Some((cli::HELP, sub)) = matches.subcommand() {
        let mut root = cli::command();
        let help = match sub.get_one::<String>("command") {
            None => root.render_long_help(),
            Some(name) => match root.find_subcommand_mut(name) {
                Some(c) if name != cli::HELP => c.render_long_help(),
                _ => {
                    let e =
                        clap::Error::new(clap::error::ErrorKind::InvalidSubcommand).with_cmd(&root);
                    let mut e = e;
                    e.insert(
                        clap::error::ContextKind::InvalidSubcommand,
                        clap::error::ContextValue::String(name.clone()),
                    );
                    return Err(told(e));
                }
            },
        };
        let _ = print_coloured(&help.ansi().to_string());
        return Err(exit(OK));
    }
    Cli::from_arg_matches_mut(&mut matches).map_err(told)
}

/// Every definition under the given files and folders; `Err` with the exit status when any
/// file cannot be read (each reported, nothing written).
pub fn load_definitions(
    inputs: &[std::path::PathBuf],
) -> evalsheet::Result<Result<Vec<evalsheet::load::Loaded>, ExitCode>> {
    let (loaded, errors) = evalsheet::load::load_all(inputs)?;
    if !errors.is_empty() {
        return Ok(Err(report_unreadable(&errors)));
    }
    Ok(Ok(loaded))
}

/// Report every definition file that could not be read; the exit status to return.
pub fn report_unreadable(errors: &[evalsheet::Error]) -> ExitCode {
    for e in errors {
        report(e);
    }
    report(&evalsheet::t!(
        "cmd-definitions-unreadable",
        count = errors.len()
    ));
    exit(TROUBLE)
}

/// Before anything of a batch is written: every planned file must have a name the file system
/// takes, the output folder must exist (it is made), and no planned file may exist already
/// unless `force`. `None` when all is well; else each problem is reported and the exit status
/// to return, with nothing written. `what` names the files (`workbooks`).
pub fn refuse_outputs(
    out: &std::path::Path,
    planned: &[std::path::PathBuf],
    force: bool,
    what: &str,
) -> Option<ExitCode> {
    let bad: Vec<(&std::path::PathBuf, String)> = planned
        .iter()
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            evalsheet::names::file_name_problem(&name).map(|m| (p, m))
        })
        .collect();
    if !bad.is_empty() {
        for (p, message) in bad {
            report(&evalsheet::Error::Write {
                path: p.clone(),
                source: std::io::Error::other(message),
            });
        }
        report(&evalsheet::t!("cmd-nothing-written"));
        return Some(exit(TROUBLE));
    }
    if let Err(source) = std::fs::create_dir_all(out) {
        report(&evalsheet::Error::Write {
            path: out.to_path_buf(),
            source,
        });
        return Some(exit(TROUBLE));
    }
    if force {
        return None;
    }
    let existing: Vec<&std::path::PathBuf> = planned.iter().filter(|p| p.exists()).collect();
    if existing.is_empty() {
        return None;
    }
    for p in existing.iter().take(10) {
        report(&evalsheet::Error::Exists { path: (*p).clone() });
    }
    if existing.len() > 10 {
        report(&evalsheet::t!("cmd-and-more", count = existing.len() - 10));
    }
    report(&evalsheet::t!("cmd-nothing-written-force", what = what));
    Some(exit(TROUBLE))
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
        .map(|(p, why)| {
            evalsheet::t!(
                "cmd-skipped-item",
                file = p.display().to_string(),
                reason = why.reason()
            )
        })
        .collect();
    let list = list.join(&evalsheet::t!("list-separator"));
    report(&if found.skipped.len() > 10 {
        evalsheet::t!(
            "cmd-skipped-more",
            count = found.skipped.len(),
            list = list,
            more = found.skipped.len() - 10
        )
    } else {
        evalsheet::t!("cmd-skipped", count = found.skipped.len(), list = list)
    });
}

/// Print a problem or a note to standard error as one line, `evalsheet: …`: the one way the
/// commands speak on standard error (colour and console handling through anstream).
pub fn report(e: &dyn std::fmt::Display) {
    anstream::eprintln!("{}{e}", evalsheet::t!("cmd-prefix"));
}

/// Print a line to standard error as it is (a closing line that speaks for itself).
pub fn say(line: &dyn std::fmt::Display) {
    anstream::eprintln!("{line}");
}

/// Write data to standard output (YAML, JSON, findings) as it is. The one rule for a reader
/// that goes away (`evalsheet check … | head`): the command stops quietly. On Unix the
/// restored SIGPIPE ends the process; elsewhere a broken pipe ends it here with [`OK`]. Any
/// other failure is an error.
pub fn print(text: &str) -> evalsheet::Result<()> {
    written(write_to(&mut std::io::stdout().lock(), text))
}

/// Write text that may carry colour to standard output: through anstream, which drops the
/// colour when the output is not a terminal (or `NO_COLOR` is set) and speaks to Windows
/// consoles. Same rule for a reader that goes away.
pub fn print_coloured(text: &str) -> evalsheet::Result<()> {
    written(write_to(&mut anstream::stdout().lock(), text))
}

/// The reader of our output went away: a broken pipe, or on Windows a pipe that is being
/// closed (ERROR_NO_DATA, 232) or no longer connected (ERROR_PIPE_NOT_CONNECTED, 233).
fn reader_gone(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::BrokenPipe
        || (cfg!(windows) && matches!(e.raw_os_error(), Some(232 | 233)))
}

fn write_to(out: &mut impl std::io::Write, text: &str) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

fn written(r: std::io::Result<()>) -> evalsheet::Result<()> {
    match r {
        Ok(()) => Ok(()),
        Err(e) if reader_gone(&e) => std::process::exit(OK.into()),
        Err(source) => Err(evalsheet::Error::Write {
            path: std::path::PathBuf::from(evalsheet::t!("cmd-standard-output")),
            source,
        }),
    }
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
