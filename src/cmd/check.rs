//! `evalsheet check`: find the mistakes in project definitions and returned forms.

use std::path::{Path, PathBuf};

use evalsheet::check::{self, Counts, Finding};
use evalsheet::rules::RuleSet;
use evalsheet::{Error, load};

use super::{FINDINGS, OK, Outcome, TROUBLE, exit, print, progress, report};

#[derive(clap::Args)]
#[command(
    about = "Find the mistakes in definitions and returned forms",
    long_about = "Find the mistakes in project definitions (YAML/JSON) and returned forms \
(.xlsx, .xlsm, .xls, .ods): amounts that do not add up, a typed 执行率 that disagrees with B/A, \
a 成本指标 that quotes another amount than the budget, labels outside the standard indicator \
vocabulary, required cells left blank, numbers where text belongs, empty indicator rows, \
completion and reasons that contradict each other, a 说明 that still holds its instruction.\n\n\
FILES are files or folders (searched recursively). Each finding is printed on one line:\n\n  \
FILE[, definition N][: SHEET!CELL]: FIELD: SEVERITY[RULE]: MESSAGE\n\n\
grouped by file in input order, findings in form order, then a summary line. With --format \
json, one JSON array of {file, definition, project, sheet, cell, field, rule, severity, \
message} objects is printed instead (see docs/reference.md for the schema and the rule ids).\n\n\
Exit status: 0 when nothing or only warnings were found, 1 when at least one error was \
found, 2 when a file could not be read (the others are still checked).",
    after_help = "Examples:\n  evalsheet check examples/2021\n  \
evalsheet check returned/ --format json > findings.json"
)]
pub struct Args {
    /// Definition files, returned workbooks, or folders of them.
    #[arg(required = true, value_name = "FILES")]
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
    /// Print the findings only: no progress, no notes, no closing line.
    #[arg(short, long)]
    quiet: bool,
    /// An office's audit rules (YAML), checked on every form after the built-in ones.
    #[arg(long, value_name = "RULES.yaml")]
    rules: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

/// What checking one file gave.
struct Checked {
    forms: usize,
    findings: Vec<Finding>,
}

pub fn run(a: Args) -> Outcome {
    // The rules are checked before any form is read.
    let rules = match &a.rules {
        Some(p) => Some(evalsheet::rules::RuleSet::load(p)?),
        None => None,
    };
    let rules = rules.as_ref();
    let mut files = Vec::new();
    let mut trouble: Vec<Error> = Vec::new();
    for input in &a.inputs {
        match evalsheet::input::expand(std::slice::from_ref(input), evalsheet::input::Kind::Forms) {
            Ok(mut found) => {
                super::report_skipped(&found, a.quiet);
                files.append(&mut found.files);
            }
            Err(e) => trouble.push(e),
        }
    }
    let bar = progress(
        if a.quiet { 0 } else { files.len() },
        &evalsheet::t!("progress-check"),
    );
    let mut tally = Tally::default();
    let mut json = check::JsonArray::default();
    let mut failed = None;
    // Findings are printed a chunk of files at a time, in input order, before the next
    // chunk is read, so memory does not grow with the number of files.
    evalsheet::in_chunks(
        &files,
        |f| {
            let r = check_file(f, rules);
            bar.inc(1);
            r
        },
        |_, results| {
            let mut text = String::new();
            for r in results {
                match r {
                    Ok(c) => tally.add(&c, a.format, &mut json, &mut text),
                    Err(e) => trouble.push(e),
                }
            }
            let printed = bar.suspend(|| print(&text));
            failed = printed.err();
            failed.is_none()
        },
    );
    bar.finish_and_clear();
    if let Some(e) = failed {
        return Err(e);
    }
    match a.format {
        Format::Json => {
            let mut end = String::new();
            json.finish(&mut end);
            end.push('\n');
            print(&end)?;
        }
        Format::Text if a.quiet => {}
        Format::Text => print(&format!("{}\n", tally.summary(trouble.len())))?,
    }
    for e in &trouble {
        report(e);
    }
    Ok(exit(if !trouble.is_empty() {
        TROUBLE
    } else if tally.counts.must_act() {
        FINDINGS
    } else {
        OK
    }))
}

/// What was checked so far, and the findings printed.
#[derive(Default)]
struct Tally {
    read: usize,
    forms: usize,
    printed: usize,
    counts: Counts,
}

impl Tally {
    /// Count a file's findings and append them to `text` in the chosen format.
    fn add(&mut self, c: &Checked, format: Format, json: &mut check::JsonArray, text: &mut String) {
        self.read += 1;
        self.forms += c.forms;
        self.counts.add(Counts::of(&c.findings));
        for f in &c.findings {
            match format {
                Format::Text => {
                    text.push_str(&f.line());
                    text.push('\n');
                }
                Format::Json => json.push(text, f),
            }
            self.printed += 1;
        }
    }

    /// The closing line of the text report.
    fn summary(&self, unreadable: usize) -> String {
        let mut summary = evalsheet::t!("check-summary", files = self.read, forms = self.forms);
        if self.printed == 0 {
            summary.push_str(&evalsheet::t!("check-summary-clean"));
        } else {
            let c = &self.counts;
            if c.explain + c.explained > 0 {
                summary.push_str(&evalsheet::t!(
                    "check-summary-found-explain",
                    errors = c.errors,
                    explain = c.explain,
                    explained = c.explained,
                    warnings = c.warnings
                ));
            } else {
                summary.push_str(&evalsheet::t!(
                    "check-summary-found",
                    errors = c.errors,
                    warnings = c.warnings
                ));
            }
        }
        if unreadable > 0 {
            summary.push_str(&evalsheet::t!(
                "check-summary-unreadable",
                count = unreadable
            ));
        }
        summary
    }
}

fn check_file(path: &Path, rules: Option<&RuleSet>) -> Result<Checked, Error> {
    // A workbook is a returned form, unless it is a 项目清单 (the reader says so) or a flat
    // export with its column mapping beside it: those hold definitions.
    if evalsheet::input::is_workbook(path) && evalsheet::list::mapping_beside(path).is_none() {
        match check_workbook(path, rules) {
            Err(Error::IsList { .. }) => {}
            r => return r,
        }
    }
    let loaded = load::load_file(path)?;
    let findings = loaded
        .iter()
        .flat_map(|l| check::check_with(&l.def, &l.from, rules))
        .collect();
    Ok(Checked {
        forms: loaded.len(),
        findings,
    })
}

/// A returned workbook: every form the importer finds in it, with the cells it read them from
/// and the 执行率 typed in the form.
fn check_workbook(path: &Path, rules: Option<&RuleSet>) -> Result<Checked, Error> {
    let imported = evalsheet::isolate::import_path(path)?;
    let findings = imported
        .iter()
        .flat_map(|imp| check::check_with(&imp.def, &imp.from, rules))
        .collect();
    Ok(Checked {
        forms: imported.len(),
        findings,
    })
}
