//! `evalsheet rollover`: last year's filled definitions become next year's blank ones.

use std::collections::HashSet;
use std::path::PathBuf;

use evalsheet::emit::{self, Style};
use evalsheet::{Definition, Error, names};

use std::process::ExitCode;

use super::{OK, Outcome, TROUBLE, exit, print, refuse_outputs, report};

#[derive(clap::Args)]
#[command(
    about = "Turn last year's definitions into next year's blank ones",
    long_about = "Turn last year's definitions (or imported returns) into next year's blank \
definitions, ready to edit and issue: the year is set, and everything the unit fills in is \
cleared (负责人及电话, every 全年执行数, 全年实际完成情况, each 全年完成值 and 未完成原因和改进措施, \
说明). What the issuing office decides — project, departments, unit, budgets, targets and \
indicators — is kept, to be edited for the new year.\n\n\
One YAML file per definition is written to OUTDIR, named YEAR-PROJECT-UNIT.yaml. Every \
definition is read before anything is written: if one is wrong, or its year is not earlier \
than --year, nothing is written. Existing \
files are never overwritten unless --force is given; files are written atomically.",
    after_help = "Example:\n  evalsheet rollover examples/2021 --year 2022 -o defs/2022"
)]
pub struct Args {
    /// Last year's definition files or folders.
    #[arg(required = true, value_name = "DEFS")]
    defs: Vec<PathBuf>,
    /// The new year (年度).
    #[arg(long, value_parser = clap::value_parser!(i32).range(1949..=2100))]
    year: i32,
    /// Folder to write the new definitions to (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    out: PathBuf,
    /// Replace files that already exist.
    #[arg(long)]
    force: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// Next year's blank definition made from this one.
pub fn roll(d: &Definition, year: i32) -> Definition {
    let mut n = d.clone();
    n.clear_unit_fields();
    n.source = None;
    n.year = year;
    n
}

/// The file name of a rolled-over definition: `YEAR-PROJECT-UNIT.yaml`, safe and unique.
fn file_name(d: &Definition, taken: &mut HashSet<String>) -> String {
    format!("{}.yaml", names::definition_stem(d, taken))
}

pub fn run(a: Args) -> Outcome {
    let loaded = match super::load_definitions(&a.defs)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    if let Some(code) = refuse_past_years(&loaded, a.year) {
        return Ok(code);
    }
    let mut taken = HashSet::new();
    let planned: Vec<(PathBuf, Definition)> = loaded
        .iter()
        .map(|l| {
            let d = roll(&l.def, a.year);
            (a.out.join(file_name(&d, &mut taken)), d)
        })
        .collect();
    let paths: Vec<PathBuf> = planned.iter().map(|(p, _)| p.clone()).collect();
    if let Some(code) = refuse_outputs(&a.out, &paths, a.force, &evalsheet::t!("cmd-what-files")) {
        return Ok(code);
    }
    let mut failed = 0;
    for (path, d) in &planned {
        let yaml = emit::to_yaml(d, Style::default());
        match evalsheet::output::write_atomic(path, yaml.as_bytes(), a.force) {
            Ok(()) if !a.quiet => print(&format!("{}\n", path.display()))?,
            Ok(()) => {}
            Err(e) => {
                failed += 1;
                report(&e);
            }
        }
    }
    if !a.quiet {
        report(&evalsheet::t!(
            "rollover-done",
            count = planned.len() - failed,
            year = a.year,
            folder = a.out.display().to_string()
        ));
    }
    Ok(exit(if failed > 0 { TROUBLE } else { OK }))
}

/// Rollover makes a later year's definitions from an earlier year's: a target year that is
/// not later than a definition's own year is a mistake (a year typed wrong, or the wrong
/// folder), refused before anything is written.
fn refuse_past_years(loaded: &[evalsheet::load::Loaded], year: i32) -> Option<ExitCode> {
    let not_earlier: Vec<_> = loaded.iter().filter(|l| l.def.year >= year).collect();
    if not_earlier.is_empty() {
        return None;
    }
    for l in not_earlier.iter().take(10) {
        report(&Error::Invalid {
            path: l.from.file.clone(),
            what: l.what(),
            message: evalsheet::t!(
                "rollover-not-earlier",
                year = l.def.year,
                target = year.to_string()
            ),
        });
    }
    if not_earlier.len() > 10 {
        report(&evalsheet::t!(
            "cmd-and-more",
            count = not_earlier.len() - 10
        ));
    }
    let latest = not_earlier.iter().map(|l| l.def.year).max().unwrap_or(year);
    report(&evalsheet::t!(
        "rollover-nothing-written",
        latest = latest.to_string()
    ));
    Some(exit(TROUBLE))
}
