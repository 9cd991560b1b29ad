//! `evalsheet diff`: what a unit filled in and changed, or what changed since last year.

use std::path::{Path, PathBuf};

use evalsheet::diff::{self, Mode, Options};

use super::{FINDINGS, OK, Outcome, TROUBLE, exit, print, print_coloured, progress, report};

#[derive(clap::Args)]
#[command(
    about = "Compare definitions or returned forms: what a unit filled in and changed, or what changed since last year",
    long_about = "Compare two sets of project definitions or returned forms.\n\n\
OLD and NEW are each a YAML (or JSON) definition file, a returned workbook (.xlsx, .xlsm, .xls, \
.ods) or a folder of either, searched recursively. Projects are matched by 项目资金名称 and \
实施单位; a project whose name changed a little is reported as renamed, with both names.\n\n\
When both sides are of the same year the comparison is issued vs returned: OLD is what the \
finance office issued, NEW what the unit returned. The report lists what the unit filled in \
(全年执行数 with the recomputed 执行率, 全年完成值, reasons, 说明, contact) and, marked !!, \
what it changed that it should not have (a budget, a target, the goal, an indicator's name or \
level, the project name, departments, the unit, indicators added or removed).\n\n\
When the years differ the comparison is year over year: projects added, removed and renamed; \
budget changes in 万元 and in percent; indicators added, removed, renamed and changed; text \
changes shown inline ([-deleted][+inserted], or in colour on a terminal). The fields the unit \
fills in are left out unless --all is given.\n\n\
Exit status: 0 no differences, 1 differences, 2 trouble.",
    after_help = "Examples:\n  evalsheet diff examples/2021 examples/2022\n  \
evalsheet diff issued/2022 returned/ --xlsx 对比报告.xlsx\n  \
evalsheet diff 2021/ 2022/ --format json > changes.json"
)]
pub struct Args {
    /// Last year's or the issued definitions: a file or folder.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// This year's definitions or the returned forms: a file or folder. Without it, OLD is a
    /// desk: each form's latest return against what was issued and against its previous one.
    #[arg(value_name = "NEW")]
    new: Option<PathBuf>,
    /// Force the comparison: issued vs returned, or year over year (default: from the years).
    #[arg(long, value_enum)]
    mode: Option<ModeArg>,
    /// Year over year: compare the fields the unit fills in too.
    #[arg(long)]
    all: bool,
    /// Output format on standard output.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Also write the report as a workbook (summary sheet and every change).
    #[arg(long, value_name = "REPORT.xlsx")]
    xlsx: Option<PathBuf>,
    /// Replace the --xlsx report if it exists.
    #[arg(long)]
    force: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ModeArg {
    Issued,
    Yearly,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

type Side = diff::SideDefs;

/// The files of one side, or `None` (reported) when there are none to read.
fn files_of(path: &Path) -> Option<Vec<std::path::PathBuf>> {
    match diff::side_files(path) {
        Ok(found) => {
            super::report_skipped(&found, false);
            Some(found.files)
        }
        Err(e) => {
            report(&e);
            None
        }
    }
}

/// Read one side, reporting every file that cannot be read.
fn load(files: &[std::path::PathBuf], bar: &indicatif::ProgressBar) -> Option<Side> {
    let (defs, errors) = diff::read_side(files, &|| bar.inc(1));
    if errors.is_empty() {
        return Some(defs);
    }
    bar.suspend(|| {
        for e in &errors {
            report(e);
        }
    });
    None
}

pub fn run(a: Args) -> Outcome {
    let Some(new_path) = a.new.clone() else {
        return desk_diff(&a);
    };
    let (old_files, new_files) = (files_of(&a.old), files_of(&new_path));
    let (Some(old_files), Some(new_files)) = (old_files, new_files) else {
        report(&"some files could not be read; nothing was compared.");
        return Ok(exit(TROUBLE));
    };
    let bar = progress(old_files.len() + new_files.len(), "diff");
    let (old, new) = (load(&old_files, &bar), load(&new_files, &bar));
    bar.finish_and_clear();
    let (Some(old), Some(new)) = (old, new) else {
        report(&"some files could not be read; nothing was compared.");
        return Ok(exit(TROUBLE));
    };
    let opts = Options {
        mode: a.mode.map(|m| match m {
            ModeArg::Issued => Mode::Issued,
            ModeArg::Yearly => Mode::Yearly,
        }),
        all: a.all,
    };
    let (old_name, new_name) = (a.old.display().to_string(), new_path.display().to_string());
    let r = diff::compare(&old, &new, &old_name, &new_name, &opts)?;
    if let Some(path) = &a.xlsx {
        diff::write_xlsx(&r, path, a.force)?;
    }
    match a.format {
        Format::Json => print(&diff::to_json(&r))?,
        Format::Text => {
            let colour =
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
            print_coloured(&diff::render_text(&r, colour))?;
        }
    }
    if let Some(path) = &a.xlsx {
        report(&format!("wrote the report to {}.", path.display()));
    }
    Ok(exit(if r.changes.is_empty() { OK } else { FINDINGS }))
}

/// `diff DESK`: each returned form's latest version against what was issued (mode issued:
/// what the unit filled in, and `!!` what it changed of the office's) and against its
/// previous version.
fn desk_diff(a: &Args) -> Outcome {
    use evalsheet::t;
    if !evalsheet::desk::is_desk(&a.old) {
        return Err(evalsheet::Error::Desk {
            path: a.old.clone(),
            message: t!("desk-not-a-desk"),
        });
    }
    let desk = evalsheet::desk::Desk::open(&a.old)?;
    let diffs = desk.diff()?;
    let any = diffs.iter().any(|d| {
        !d.vs_issued.is_empty() || d.vs_previous.as_ref().is_some_and(|p| !p.1.is_empty())
    });
    match a.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&diffs).unwrap_or_default();
            s.push('\n');
            print(&s)?;
        }
        Format::Text => {
            let mut out = String::new();
            for d in &diffs {
                out.push_str(&t!(
                    "desk-diff-form",
                    unit = d.unit.clone(),
                    project = d.project.clone(),
                    state = d.state.label(),
                    versions = i64::from(d.versions)
                ));
                out.push('\n');
                if d.versions == 0 {
                    continue;
                }
                out.push_str("  ");
                out.push_str(&t!("desk-diff-vs-issued"));
                out.push('\n');
                push_changes(&mut out, &d.vs_issued);
                if let Some((when, changes)) = &d.vs_previous {
                    out.push_str("  ");
                    out.push_str(&t!("desk-diff-vs-previous", when = when.clone()));
                    out.push('\n');
                    push_changes(&mut out, changes);
                }
            }
            print(&out)?;
        }
    }
    Ok(exit(if any { FINDINGS } else { OK }))
}

fn push_changes(out: &mut String, changes: &[diff::Change]) {
    use evalsheet::t;
    if changes.is_empty() {
        out.push_str("    ");
        out.push_str(&t!("desk-diff-none"));
        out.push('\n');
    }
    for c in changes {
        out.push_str("    ");
        out.push_str(&t!(
            "desk-diff-change",
            mark = if c.forbidden { "!! " } else { "" },
            label = c.label.clone(),
            old = c.old.clone().unwrap_or_default(),
            new = c.new.clone().unwrap_or_default()
        ));
        out.push('\n');
    }
}
