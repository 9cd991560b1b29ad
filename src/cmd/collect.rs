//! `evalsheet collect`: a year's returned forms consolidated into one 汇总表 workbook.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use evalsheet::Error;
use evalsheet::collect::{self, Failure};

use super::{OK, Outcome, TROUBLE, exit, progress, report, say};

#[derive(clap::Args)]
#[command(
    about = "Consolidate the returned forms into one summary workbook (汇总表)",
    long_about = "Consolidate the returned forms into one summary workbook.\n\n\
DIRS are folders (searched recursively) or workbook files; or one desk (see evalsheet init), whose issued forms are consolidated: the latest return of each, counted once, with the fields the office filled as issued (sheets 汇总表 with subtotals by 主管部门 and 实施单位, 未交回, 问题清单 with whose each finding is, 收表情况). \
Every form in every workbook is read (a workbook may hold several forms, one per sheet) and \
checked as `evalsheet check` would. SUMMARY.xlsx gets three sheets:\n\n  \
汇总表    one row per form, sorted by 实施单位 then 项目资金名称: 全年预算数（A）, \
全年执行数（B） and 执行率（B/A） (a formula) of 年度资金总额; the indicators and how many \
are 已完成 / 未完成 / 未填写 / 待核实 (a 全年完成值 that says neither, e.g. a figure); \
the number of errors and warnings found; the source file and sheet; and a 合计 row.\n  \
问题清单  one row per finding: file, sheet, cell, project, field, rule, severity, message.\n  \
未能读取  one row per workbook that could not be read, and why.\n\n\
Nothing is left out: every file found is either in 汇总表 or in 未能读取 (a file that is not a \
workbook, such as a scan or a CSV, is listed there as such). The summary is \
written atomically; an existing SUMMARY.xlsx is never overwritten unless --force is given.\n\n\
Exit status: 0 when every workbook was read (findings do not change it: they are listed in \
问题清单); 2 when any workbook could not be read (the summary is still written, listing it \
under 未能读取), and 2 on trouble that stops the summary being written, such as an existing \
SUMMARY.xlsx without --force.",
    after_help = "Examples:\n  evalsheet collect returned/2021 -o 2021汇总表.xlsx\n  \
evalsheet collect 科信支队/ 特巡警支队/ -o 汇总表.xlsx --force"
)]
pub struct Args {
    /// Folders of returned workbooks, or workbook files.
    #[arg(required = true, value_name = "DIRS")]
    inputs: Vec<PathBuf>,
    /// The summary workbook to write.
    #[arg(short, long, value_name = "SUMMARY.xlsx")]
    out: PathBuf,
    /// Replace SUMMARY.xlsx if it exists.
    #[arg(long)]
    force: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
    /// An office's audit rules (YAML), checked on every form after the built-in ones.
    #[arg(long, value_name = "RULES.yaml")]
    rules: Option<PathBuf>,
}

pub fn run(a: Args) -> Outcome {
    let a = &a;
    let out = &a.out;
    if out.is_dir() {
        return Err(Error::Workbook {
            path: out.clone(),
            message: evalsheet::t!("collect-out-is-folder"),
        });
    }
    if !out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return Err(Error::Workbook {
            path: out.clone(),
            message: evalsheet::t!("collect-out-not-xlsx"),
        });
    }
    // The rules are checked before any workbook is read.
    let rules = match &a.rules {
        Some(p) => Some(evalsheet::rules::RuleSet::load(p)?),
        None => None,
    };
    // Refuse before doing the work; write_atomic refuses again, in case of a race.
    if !a.force && out.exists() {
        return Err(Error::Exists { path: out.clone() });
    }

    // A desk: the counting version of each issued form.
    if let [one] = a.inputs.as_slice()
        && evalsheet::desk::is_desk(one)
    {
        let desk = evalsheet::desk::Desk::open(one)?;
        let r = desk.collect(out, a.force)?;
        if !a.quiet {
            say(&evalsheet::t!(
                "desk-collect-done",
                file = out.display().to_string(),
                counted = r.counted as i64,
                missing = r.missing as i64
            ));
        }
        return Ok(exit(OK));
    }

    // The workbooks, each once, without the summary itself (it may sit among the returns).
    let skip = std::fs::canonicalize(out).ok();
    let mut seen = HashSet::new();
    let mut files = Vec::new();
    let mut failures: Vec<Failure> = Vec::new();
    let mut skipped = Vec::new();
    for input in &a.inputs {
        match evalsheet::input::expand(
            std::slice::from_ref(input),
            evalsheet::input::Kind::Workbooks,
        ) {
            Ok(found) => {
                skipped.extend(found.skipped.iter().cloned());
                for f in found.everything() {
                    let key = std::fs::canonicalize(&f).unwrap_or_else(|_| f.clone());
                    if skip.as_ref() == Some(&key) || !seen.insert(key) {
                        continue;
                    }
                    files.push(f);
                }
            }
            // An input that does not exist, or a folder without workbooks, stops the job
            // before anything is written.
            Err(e) => return Err(e),
        }
    }
    if files.is_empty() && failures.is_empty() {
        return Err(Error::Workbook {
            path: a.inputs.first().cloned().unwrap_or_default(),
            message: evalsheet::t!("collect-nothing"),
        });
    }

    let bar = progress(files.len(), &evalsheet::t!("progress-collect"));
    let mut summary = collect::collect_with(&files, rules.as_ref(), &|| bar.inc(1));
    bar.finish_and_clear();
    summary.failures.append(&mut failures);
    summary.skipped = skipped
        .iter()
        .map(|(p, why)| collect::Skipped::new(p, *why))
        .collect();
    summary.sort();

    let bytes = collect::workbook_bytes(&summary, out)?;
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    evalsheet::output::write_atomic(out, &bytes, a.force)?;

    for f in &summary.failures {
        report(&f.reason);
    }
    if !a.quiet {
        say(&summary_line(&summary, out));
    }
    Ok(exit(if summary.failures.is_empty() {
        OK
    } else {
        TROUBLE
    }))
}

/// One line: files and forms read, findings, files that could not be read, where it went.
fn summary_line(s: &collect::Summary, out: &Path) -> String {
    let c = s.counts();
    let mut line = evalsheet::t!(
        "collect-done",
        files = s.files,
        forms = s.forms.len(),
        findings = c.errors + c.warnings,
        errors = c.errors,
        warnings = c.warnings
    );
    if !s.failures.is_empty() {
        line.push_str(&evalsheet::t!(
            "collect-done-failed",
            failed = s.failures.len(),
            sheet = evalsheet::t!("collect-sheet-failures")
        ));
    }
    line.push_str(&evalsheet::t!(
        "collect-done-written",
        file = out.display().to_string()
    ));
    line
}
