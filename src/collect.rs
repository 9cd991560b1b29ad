//! Consolidating a year's returned forms into one 汇总表 workbook.
//!
//! [`collect`] imports every workbook (all cores), checks each form it holds and keeps only a
//! [`Row`] of figures and the form's check [`Finding`]s: the imported forms themselves are
//! dropped as soon as they are summarised, so memory stays flat however many forms come back.
//! A workbook that cannot be read becomes a [`Failure`]. [`workbook_bytes`] paints the result:
//!
//! - 汇总表: one row per form (序号, 实施单位, 项目资金名称, 全年预算数（A）, 全年执行数（B）,
//!   执行率（B/A） as a formula with its cached result, indicator counts, error and warning
//!   counts, source file and sheet, a note on duplicates), sorted by unit then project, and a
//!   合计 row of SUM formulas;
//! - 问题清单: one row per check finding;
//! - 未能读取: one row per workbook that could not be read, with the reason.
//!
//! Every input workbook is in 汇总表 (one row per form it held) or in 未能读取.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Formula, Worksheet, XlsxError};
use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::amount;
use crate::check::{self, Counts, Finding, Severity, Status};
use crate::error::{Error, Result};
use crate::import::{self, Imported};
pub use crate::report::HEAD_ROW;
use crate::report::{
    self, Col, Formats, LINE_PT, ONE_LINE_PT, ROW_PAD, Widths, XResult, clip, col, finish,
    fit_widths, head, head_over, print_only, row_height, set_data_row_height, sheet_err,
    years_text,
};
use crate::template::a1;

/// Name of the summary sheet.
pub const SUMMARY_SHEET: &str = "汇总表";
/// Name of the sheet listing every check finding.
pub const FINDINGS_SHEET: &str = "问题清单";
/// Name of the sheet listing the files that could not be read.
pub const FAILURES_SHEET: &str = "未能读取";

/// One form's line in the 汇总表.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Row {
    /// The workbook, as it is shown (the path as found).
    pub file: String,
    /// The sheet the form was read from.
    pub sheet: String,
    pub year: i32,
    /// 实施单位
    pub unit: String,
    /// 项目资金名称
    pub project: String,
    /// 年度资金总额 全年预算数（A）
    pub budget: Option<Decimal>,
    /// 年度资金总额 全年执行数（B）
    pub executed: Option<Decimal>,
    /// Indicator rows that hold anything.
    pub indicators: usize,
    /// … whose 全年完成值 says completed,
    pub completed: usize,
    /// … says not (or only partly) completed,
    pub not_completed: usize,
    /// … is blank,
    pub blank: usize,
    /// … says neither (a figure, a description): to be verified by hand.
    pub unclear: usize,
    /// Check findings of severity error.
    pub errors: usize,
    /// Check findings of severity warning.
    pub warnings: usize,
}

/// One form: its summary line and its check findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    pub row: Row,
    /// The findings, unless [`collect`] has moved them to its temporary file (then empty: ask
    /// [`Summary::findings_of`]).
    pub findings: Vec<Finding>,
    /// Where in the summary's temporary file the findings went: (offset, length).
    spilled: Option<(u64, usize)>,
}

/// A workbook that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The file, as it is shown.
    pub file: String,
    /// What went wrong, in a few words of Chinese.
    pub kind: String,
    /// The full error, on one line.
    pub reason: String,
}

impl Failure {
    pub fn new(file: &Path, e: &Error) -> Failure {
        Failure {
            file: file.display().to_string(),
            kind: failure_kind(e),
            reason: one_line(&e.to_string()),
        }
    }
}

/// A file or folder among the returns that was skipped on purpose (a hidden file, an office
/// suite's lock file, a link seen before), and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub file: String,
    pub reason: String,
}

impl Skipped {
    pub fn new(file: &Path, why: crate::input::Skip) -> Skipped {
        use crate::input::Skip;
        let reason = match why {
            Skip::Hidden => crate::t!("collect-skip-hidden"),
            Skip::LockFile => crate::t!("collect-skip-lock-file"),
            Skip::Loop => crate::t!("collect-skip-loop"),
            Skip::Repeated => crate::t!("collect-skip-repeated"),
            Skip::Mapping => crate::t!("collect-skip-mapping"),
        };
        Skipped {
            file: file.display().to_string(),
            reason,
        }
    }
}

/// Everything collected.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// Every form read, in 汇总表 order once [`Summary::sort`] has run.
    pub forms: Vec<Form>,
    /// Every workbook that could not be read.
    pub failures: Vec<Failure>,
    /// Files skipped on purpose, listed under the failures.
    pub skipped: Vec<Skipped>,
    /// How many workbooks were read.
    pub files: usize,
    /// A temporary file holding the findings of forms read in bulk, so that memory does not
    /// grow with their number (a form has a few KB of them).
    spill: Option<Arc<Mutex<std::fs::File>>>,
    spill_len: u64,
}

impl PartialEq for Summary {
    fn eq(&self, other: &Summary) -> bool {
        self.forms == other.forms
            && self.failures == other.failures
            && self.skipped == other.skipped
            && self.files == other.files
    }
}

impl Eq for Summary {}

impl Summary {
    /// Record what reading one workbook gave.
    pub fn add(&mut self, file: &Path, result: Result<Vec<Form>>) {
        match result {
            Ok(mut forms) => {
                self.files += 1;
                self.forms.append(&mut forms);
            }
            Err(e) => self.failures.push(Failure::new(file, &e)),
        }
    }

    /// Order forms by unit, then project (blank units last), then year, file and sheet; and
    /// failures by file.
    pub fn sort(&mut self) {
        self.forms
            .sort_by(|a, b| sort_key(&a.row).cmp(&sort_key(&b.row)));
        self.failures
            .sort_by(|a, b| a.file.cmp(&b.file).then(a.reason.cmp(&b.reason)));
    }

    /// Every finding, in 汇总表 order.
    pub fn findings(&self) -> std::io::Result<Vec<Finding>> {
        let mut out = Vec::new();
        for f in &self.forms {
            out.append(&mut self.findings_of(f)?);
        }
        Ok(out)
    }

    /// One form's findings, read back from the temporary file if they were moved there.
    pub fn findings_of(&self, form: &Form) -> std::io::Result<Vec<Finding>> {
        use std::io::{Read, Seek, SeekFrom};
        let (Some((offset, len)), Some(spill)) = (form.spilled, &self.spill) else {
            return Ok(form.findings.clone());
        };
        let mut file = spill
            .lock()
            .map_err(|_| std::io::Error::other("the findings file is unusable"))?;
        file.seek(SeekFrom::Start(offset))?;
        let mut buf = vec![0; len];
        file.read_exact(&mut buf)?;
        serde_json::from_slice(&buf).map_err(std::io::Error::other)
    }

    /// Move the findings of the forms from `first` on to the temporary file. If no
    /// temporary file can be made, they stay in memory.
    fn spill_from(&mut self, first: usize) {
        use std::io::Write;
        if self.spill.is_none() {
            match tempfile::tempfile() {
                Ok(f) => self.spill = Some(Arc::new(Mutex::new(f))),
                Err(_) => return,
            }
        }
        let Some(spill) = self.spill.clone() else {
            return;
        };
        let Ok(mut file) = spill.lock() else {
            return;
        };
        for form in self.forms.iter_mut().skip(first) {
            if form.findings.is_empty() || form.spilled.is_some() {
                continue;
            }
            let Ok(bytes) = serde_json::to_vec(&form.findings) else {
                continue;
            };
            if file.write_all(&bytes).is_err() {
                // Left in memory; the file is not used again.
                drop(file);
                self.spill = None;
                return;
            }
            form.spilled = Some((self.spill_len, bytes.len()));
            self.spill_len += bytes.len() as u64;
            form.findings = Vec::new();
        }
    }

    /// Errors and warnings over all forms.
    pub fn counts(&self) -> Counts {
        let (errors, warnings) = self
            .forms
            .iter()
            .fold((0, 0), |(e, w), f| (e + f.row.errors, w + f.row.warnings));
        Counts {
            errors,
            warnings,
            ..Counts::default()
        }
    }

    /// The years the forms are for, ascending (unknown years left out).
    pub fn years(&self) -> Vec<i32> {
        let set: BTreeSet<i32> = self
            .forms
            .iter()
            .map(|f| f.row.year)
            .filter(|y| *y > 0)
            .collect();
        set.into_iter().collect()
    }

    /// For each form (by position), the 1-based 序号 of the forms for the same year, unit and
    /// project, itself included (empty when it is the only one): a form returned twice, whose
    /// amounts the totals would count twice. Groups are shared, so this stays linear however
    /// many copies there are.
    pub fn duplicates(&self) -> Vec<Option<Arc<Vec<usize>>>> {
        let mut by_key: HashMap<(i32, &str, &str), Vec<usize>> = HashMap::new();
        for (i, f) in self.forms.iter().enumerate() {
            if !f.row.project.is_empty() {
                by_key
                    .entry((f.row.year, f.row.unit.as_str(), f.row.project.as_str()))
                    .or_default()
                    .push(i);
            }
        }
        let mut out = vec![None; self.forms.len()];
        for group in by_key.into_values().filter(|g| g.len() > 1) {
            let shared = Arc::new(group.iter().map(|j| j + 1).collect::<Vec<usize>>());
            for &i in &group {
                out[i] = Some(shared.clone());
            }
        }
        out
    }
}

fn sort_key(r: &Row) -> (bool, &str, bool, &str, i32, &str, &str) {
    (
        r.unit.is_empty(),
        r.unit.as_str(),
        r.project.is_empty(),
        r.project.as_str(),
        r.year,
        r.file.as_str(),
        r.sheet.as_str(),
    )
}

/// Summarise and check one imported form.
pub fn summarize(imp: &Imported) -> Form {
    summarize_with(imp, None)
}

/// [`summarize`], with an office's rules checked after the built-in ones.
pub fn summarize_with(imp: &Imported, rules: Option<&crate::rules::RuleSet>) -> Form {
    let findings = check::check_with(&imp.def, &imp.from, rules);
    let counts = Counts::of(&findings);
    let def = &imp.def;
    let mut row = Row {
        file: imp.from.file.display().to_string(),
        sheet: imp.from.sheet.clone().unwrap_or_default(),
        year: def.year,
        unit: def.unit.clone(),
        project: def.project.clone(),
        budget: def.funds.total.budget,
        executed: def.funds.total.executed,
        // A 需说明 finding not yet explained counts with the errors; an explained one with the
        // warnings: every finding is counted once.
        errors: counts.errors + counts.explain,
        warnings: counts.warnings + counts.explained,
        ..Row::default()
    };
    for ind in def.indicators.iter().filter(|i| !i.is_empty()) {
        row.indicators += 1;
        match check::status(&ind.actual) {
            Status::Completed => row.completed += 1,
            Status::NotCompleted => row.not_completed += 1,
            Status::Blank => row.blank += 1,
            Status::Other => row.unclear += 1,
        }
    }
    Form {
        row,
        findings,
        spilled: None,
    }
}

/// Import one workbook and summarise every form in it; the imported forms are dropped here.
pub fn read_file(path: &Path) -> Result<Vec<Form>> {
    read_file_with(path, None)
}

/// [`read_file`], with an office's rules.
pub fn read_file_with(path: &Path, rules: Option<&crate::rules::RuleSet>) -> Result<Vec<Form>> {
    let mut forms = Vec::new();
    crate::isolate::read_forms(path, &import::Options::default(), &mut |imp| {
        forms.push(summarize_with(&imp, rules));
    })?;
    Ok(forms)
}

/// Read every workbook on all cores, calling `tick` after each, and return the sorted
/// summary. A file that cannot be read is a [`Failure`], never dropped.
pub fn collect(files: &[PathBuf], tick: &(dyn Fn() + Sync)) -> Summary {
    collect_with(files, None, tick)
}

/// [`collect`], with an office's rules (`--rules`) checked on every form.
pub fn collect_with(
    files: &[PathBuf],
    rules: Option<&crate::rules::RuleSet>,
    tick: &(dyn Fn() + Sync),
) -> Summary {
    let mut s = Summary::default();
    // A chunk of files at a time, and the memory their reading freed handed back after each:
    // what is kept of a form (its row and findings) is made while workbooks are being read,
    // lands between the reading's large buffers and keeps the allocator from giving them
    // back, so memory would grow by tens of KB a file instead of the few KB kept.
    crate::in_chunks(
        files,
        |f| {
            let r = read_file_with(f, rules);
            tick();
            r
        },
        |chunk, results| {
            let first = s.forms.len();
            for (f, r) in chunk.iter().zip(results) {
                s.add(f, r);
            }
            s.spill_from(first);
            true
        },
    );
    s.sort();
    s
}

/// A few words saying why a file could not be read.
fn failure_kind(e: &Error) -> String {
    let id = match e {
        Error::Read { .. } => "collect-kind-unopened",
        Error::NoForm { .. } => "collect-kind-no-form",
        Error::Workbook { message, .. } => {
            let m = message.to_lowercase();
            // The reason in either language of the catalogue.
            if m.contains("password") || m.contains("encrypted") || m.contains("密码") {
                "collect-kind-password"
            } else if m.contains("empty") || m.contains("是空的") {
                "collect-kind-empty"
            } else if m.contains("folder") || m.contains("文件夹") {
                "collect-kind-folder"
            } else {
                "collect-kind-damaged"
            }
        }
        _ => "collect-kind-other",
    };
    crate::i18n::text(id, &[])
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// The workbook

/// 汇总表 columns. The formulas below refer to D (A), E (B) and F (rate) by letter.
const SUMMARY_COLS: [Col; 16] = [
    col("report-col-number", 6.0, 6.0),
    col("report-col-unit", 10.0, 16.0),
    col("report-col-project", 16.0, 26.0),
    col("report-col-budget", 12.0, 14.0),
    col("report-col-executed", 12.0, 14.0),
    col("report-col-rate", 9.0, 9.0),
    col("report-col-indicators", 5.0, 5.0),
    col("report-col-completed", 5.0, 5.0),
    col("report-col-not-completed", 5.0, 5.0),
    col("report-col-blank", 5.0, 5.0),
    col("report-col-unclear", 5.0, 5.0),
    col("report-col-errors", 5.0, 5.0),
    col("report-col-warnings", 5.0, 5.0),
    col("report-col-source-file", 14.0, 22.0),
    col("report-col-sheet", 8.0, 14.0),
    col("report-col-remark", 8.0, 14.0),
];
const C_BUDGET: u16 = 3;
const C_EXECUTED: u16 = 4;
const C_RATE: u16 = 5;
/// The count columns, G to M.
const C_COUNTS: std::ops::RangeInclusive<u16> = 6..=12;

const FINDING_COLS: [Col; 11] = [
    col("report-col-number", 6.0, 6.0),
    col("report-col-unit", 10.0, 16.0),
    col("report-col-project", 14.0, 26.0),
    col("report-col-source-file", 14.0, 24.0),
    col("report-col-sheet", 8.0, 14.0),
    col("report-col-cell", 7.0, 8.0),
    col("report-col-label", 10.0, 24.0),
    col("report-col-severity", 9.0, 9.0),
    col("report-col-message", 24.0, 44.0),
    col("report-col-field", 10.0, 24.0),
    col("report-col-rule", 10.0, 26.0),
];
/// The printed columns of the 问题清单: the field's path and the rule's id after them are
/// for filters and machines.
const FINDING_PRINTED: usize = 9;

const FAILURE_COLS: [Col; 4] = [
    col("report-col-number", 6.0, 6.0),
    col("report-col-file", 16.0, 44.0),
    col("report-col-reason", 14.0, 26.0),
    col("report-col-detail", 30.0, 70.0),
];

/// 执行率 as on the forms: blank while A is blank or zero or B is blank.
fn rate_formula(row: u32) -> String {
    let a = a1(row, C_BUDGET);
    let b = a1(row, C_EXECUTED);
    format!("={}", crate::layout::rate_formula(&a, &b, None))
}

/// The summary workbook: 汇总表, 问题清单 and 未能读取. `summary` should be sorted. `path`
/// only names the file in errors.
pub fn workbook_bytes(summary: &Summary, path: &Path) -> Result<Vec<u8>> {
    let f = Formats::new();
    let years = summary.years();
    let year_prefix = if years.is_empty() {
        String::new()
    } else {
        crate::t!("collect-year-prefix", years = years_text(&years))
    };
    let (summary_name, findings_name, failures_name) = (
        crate::t!("collect-sheet-summary"),
        crate::t!("collect-sheet-findings"),
        crate::t!("collect-sheet-failures"),
    );
    report::save(path, |wb| {
        // The sheets are written row by row in order, so each row goes to a temporary file as
        // soon as the next one starts: a summary of ten thousand forms and their findings is
        // not held in memory a second time.
        let e = sheet_err(&summary_name);
        let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
        summary_sheet(ws, &f, summary, &year_prefix).map_err(&e)?;
        let e = sheet_err(&findings_name);
        let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
        findings_sheet(ws, &f, summary, &year_prefix).map_err(&e)?;
        let e = sheet_err(&failures_name);
        let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
        failures_sheet(ws, &f, summary).map_err(&e)?;
        let props = DocProperties::new()
            .set_title(crate::t!("collect-title-summary", prefix = year_prefix.as_str()).as_str())
            .set_author("evalsheet")
            .set_custom_property(
                "evalsheet.generator",
                concat!("evalsheet ", env!("CARGO_PKG_VERSION")),
            )
            .set_custom_property("evalsheet.forms", summary.forms.len().to_string())
            .set_custom_property("evalsheet.failures", summary.failures.len().to_string());
        wb.set_properties(&props);
        Ok(())
    })
}

/// The texts of a form's row of the 汇总表, as its widths are measured.
fn summary_texts(i: usize, r: &Row, note: &str) -> Vec<String> {
    let amt = |d: Option<Decimal>| d.map(amount::text).unwrap_or_default();
    vec![
        (i + 1).to_string(),
        r.unit.clone(),
        r.project.clone(),
        amt(r.budget),
        amt(r.executed),
        "100.00%".into(),
        r.indicators.to_string(),
        r.completed.to_string(),
        r.not_completed.to_string(),
        r.blank.to_string(),
        r.unclear.to_string(),
        r.errors.to_string(),
        r.warnings.to_string(),
        r.file.clone(),
        r.sheet.clone(),
        note.to_string(),
    ]
}

/// The 汇总表's subtitle: what was read, found, left out.
fn summary_subtitle(s: &Summary) -> String {
    let counts = s.counts();
    let mut subtitle = crate::t!(
        "collect-subtitle",
        files = s.files,
        forms = s.forms.len(),
        findings = counts.errors + counts.warnings,
        errors = counts.errors,
        warnings = counts.warnings,
        sheet = crate::t!("collect-sheet-findings")
    );
    if s.failures.is_empty() {
        subtitle.push_str(&crate::t!("collect-subtitle-all-read"));
    } else {
        subtitle.push_str(&crate::t!(
            "collect-subtitle-failed",
            count = s.failures.len()
        ));
    }
    if !s.skipped.is_empty() {
        subtitle.push_str(&crate::t!(
            "collect-subtitle-skipped",
            count = s.skipped.len()
        ));
    }
    if s.failures.is_empty() && s.skipped.is_empty() {
        subtitle.push_str(&crate::t!("collect-subtitle-end"));
    } else {
        subtitle.push_str(&crate::t!(
            "collect-subtitle-see",
            sheet = crate::t!("collect-sheet-failures")
        ));
    }
    subtitle.push_str(&crate::t!("collect-subtitle-unit"));
    subtitle
}

/// The counts of a row, in the order of the count columns.
fn row_counts(r: &Row) -> [usize; 7] {
    [
        r.indicators,
        r.completed,
        r.not_completed,
        r.blank,
        r.unclear,
        r.errors,
        r.warnings,
    ]
}

fn summary_sheet(ws: &mut Worksheet, f: &Formats, s: &Summary, year_prefix: &str) -> XResult<()> {
    ws.set_name(crate::t!("collect-sheet-summary"))?;
    ws.set_default_row_height(ONE_LINE_PT);
    // A formula whose result is not known shows blank, not 0, in readers that do not
    // recalculate.
    ws.set_formula_result_default("");
    let notes: Vec<String> = s
        .duplicates()
        .iter()
        .enumerate()
        .map(|(i, d)| {
            d.as_deref()
                .map(|g| duplicate_note(g, i + 1))
                .unwrap_or_default()
        })
        .collect();
    let texts = |i: usize| summary_texts(i, &s.forms[i].row, &notes[i]);
    let widths = fit_widths(&SUMMARY_COLS, (0..s.forms.len()).map(texts));
    let title = crate::t!("collect-title-summary", prefix = year_prefix);
    head(ws, f, &SUMMARY_COLS, &widths, &title, &summary_subtitle(s))?;
    let first = HEAD_ROW + 1;
    for (i, (form, note)) in s.forms.iter().zip(&notes).enumerate() {
        let row = first + i as u32;
        summary_row(ws, f, row, i, &form.row, note)?;
        set_data_row_height(ws, row, row_height(&texts(i), &widths))?;
    }
    let total = first + s.forms.len() as u32;
    total_row(ws, f, s, first, total)?;
    finish(ws, SUMMARY_COLS.len(), total.saturating_sub(1), 3)
}

/// One form's row of the 汇总表: amounts as numbers, 执行率 as a formula with its result.
fn summary_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    i: usize,
    r: &Row,
    note: &str,
) -> XResult<()> {
    ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
    for (c, v) in [(1, &r.unit), (2, &r.project), (13, &r.file), (14, &r.sheet)] {
        ws.write_string_with_format(row, c, clip(v).as_ref(), &f.text)?;
    }
    ws.write_string_with_format(row, 15, clip(note).as_ref(), &f.text)?;
    for (c, v) in [(C_BUDGET, r.budget), (C_EXECUTED, r.executed)] {
        match v {
            Some(d) => ws.write_number_with_format(row, c, amount::to_cell_f64(d), &f.amount)?,
            None => ws.write_blank(row, c, &f.amount)?,
        };
    }
    let mut formula = Formula::new(rate_formula(row));
    if let Some(rate) = amount::rate(r.budget, r.executed) {
        formula = formula.set_result(amount::text(rate));
    }
    ws.write_formula_with_format(row, C_RATE, formula, &f.rate)?;
    for (c, n) in C_COUNTS.zip(row_counts(r)) {
        ws.write_number_with_format(row, c, n as f64, &f.count)?;
    }
    Ok(())
}

/// The 合计 row: SUM formulas over the forms' rows, each with its result.
fn total_row(ws: &mut Worksheet, f: &Formats, s: &Summary, first: u32, total: u32) -> XResult<()> {
    let last_col = (SUMMARY_COLS.len() - 1) as u16;
    ws.merge_range(
        total,
        0,
        total,
        2,
        &crate::t!("collect-total"),
        &f.total_label,
    )?;
    let sum_a: Decimal = s.forms.iter().filter_map(|x| x.row.budget).sum();
    let sum_b: Decimal = s.forms.iter().filter_map(|x| x.row.executed).sum();
    let sum_formula = |c: u16, result: String| {
        if s.forms.is_empty() {
            Formula::new("=0").set_result("0")
        } else {
            Formula::new(format!("=SUM({}:{})", a1(first, c), a1(total - 1, c))).set_result(result)
        }
    };
    for (c, sum) in [(C_BUDGET, sum_a), (C_EXECUTED, sum_b)] {
        ws.write_formula_with_format(total, c, sum_formula(c, amount::text(sum)), &f.total_amount)?;
    }
    let mut rate = Formula::new(rate_formula(total));
    if let Some(r) = amount::rate(Some(sum_a), Some(sum_b)) {
        rate = rate.set_result(amount::text(r));
    }
    ws.write_formula_with_format(total, C_RATE, rate, &f.total_rate)?;
    let mut sums = [0usize; 7];
    for x in &s.forms {
        for (sum, n) in sums.iter_mut().zip(row_counts(&x.row)) {
            *sum += n;
        }
    }
    for (c, n) in C_COUNTS.zip(sums) {
        ws.write_formula_with_format(total, c, sum_formula(c, n.to_string()), &f.total_count)?;
    }
    for c in (*C_COUNTS.end() + 1)..=last_col {
        ws.write_blank(total, c, &f.total_label)?;
    }
    ws.set_row_height(total, LINE_PT + ROW_PAD + 4.0)?;
    Ok(())
}

fn findings_sheet(ws: &mut Worksheet, f: &Formats, s: &Summary, year_prefix: &str) -> XResult<()> {
    ws.set_name(crate::t!("collect-sheet-findings"))?;
    ws.set_default_row_height(ONE_LINE_PT);
    let counts = s.counts();
    // A field named as the city form labels it; a path the form has no label for stays a path.
    let template = crate::template::get("city").ok();
    let text_of = |i: usize, x: &Finding, unit: &str| -> Vec<String> {
        vec![
            (i + 1).to_string(),
            unit.to_string(),
            x.project.clone(),
            x.file.clone(),
            x.sheet.clone().unwrap_or_default(),
            x.cell.clone().unwrap_or_default(),
            template.map_or_else(|| x.field.clone(), |t| t.field_name(&x.field)),
            severity_text(x.severity),
            x.message.clone(),
            x.field.clone(),
            x.rule.id().to_string(),
        ]
    };
    let read = |form: &Form| {
        s.findings_of(form)
            .map_err(|e| XlsxError::ParameterError(format!("cannot read back the findings: {e}")))
    };
    // Two passes over the forms, their findings read one form at a time: the widths, then
    // the rows (the unit of each finding is its form's).
    let mut n = 0;
    let mut widths = Widths::new(&FINDING_COLS);
    for form in &s.forms {
        for x in read(form)? {
            widths.add(&text_of(n, &x, &form.row.unit));
            n += 1;
        }
    }
    let widths = widths.finish();
    let title = crate::t!("collect-title-findings", prefix = year_prefix);
    let subtitle = if n == 0 {
        crate::t!("collect-findings-none")
    } else {
        crate::t!(
            "collect-findings-subtitle",
            count = n,
            errors = counts.errors,
            warnings = counts.warnings
        )
    };
    head_over(
        ws,
        f,
        (&FINDING_COLS, FINDING_PRINTED),
        &widths,
        &title,
        &subtitle,
    )?;
    let first = HEAD_ROW + 1;
    let mut i = 0;
    for (k, form) in s.forms.iter().enumerate() {
        if k % 1024 == 1023 {
            crate::release_free_memory();
        }
        for x in read(form)? {
            let row = first + i as u32;
            let text = text_of(i, &x, &form.row.unit);
            ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
            for (c, v) in text.iter().enumerate().skip(1) {
                let fmt = match c {
                    5 => &f.center,
                    7 if x.severity == Severity::Error => &f.error,
                    7 => &f.warning,
                    _ => &f.text,
                };
                ws.write_string_with_format(row, c as u16, clip(v).as_ref(), fmt)?;
            }
            set_data_row_height(ws, row, row_height(&text, &widths))?;
            i += 1;
        }
    }
    let last = first + n as u32 - 1;
    finish(ws, FINDING_COLS.len(), last, 0)?;
    print_only(ws, FINDING_PRINTED, last)
}

fn failures_sheet(ws: &mut Worksheet, f: &Formats, s: &Summary) -> XResult<()> {
    ws.set_name(crate::t!("collect-sheet-failures"))?;
    ws.set_default_row_height(ONE_LINE_PT);
    let texts: Vec<Vec<String>> = s
        .failures
        .iter()
        .map(|x| (x.file.clone(), x.kind.clone(), x.reason.clone()))
        .chain(s.skipped.iter().map(|x| {
            (
                x.file.clone(),
                crate::t!("collect-skipped"),
                x.reason.clone(),
            )
        }))
        .enumerate()
        .map(|(i, (file, kind, reason))| vec![(i + 1).to_string(), file, kind, reason])
        .collect();
    let widths = fit_widths(&FAILURE_COLS, texts.iter().cloned());
    let mut subtitle = if s.failures.is_empty() {
        crate::t!("collect-failures-none", files = s.files)
    } else {
        crate::t!(
            "collect-failures-subtitle",
            count = s.failures.len(),
            sheet = crate::t!("collect-sheet-summary")
        )
    };
    if !s.skipped.is_empty() {
        subtitle.push_str(&crate::t!(
            "collect-failures-skipped",
            count = s.skipped.len()
        ));
    }
    head(
        ws,
        f,
        &FAILURE_COLS,
        &widths,
        &crate::t!("collect-title-failures"),
        &subtitle,
    )?;
    let first = HEAD_ROW + 1;
    for (i, text) in texts.iter().enumerate() {
        let row = first + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        for (c, v) in text.iter().enumerate().skip(1) {
            ws.write_string_with_format(row, c as u16, clip(v).as_ref(), &f.text)?;
        }
        set_data_row_height(ws, row, row_height(text, &widths))?;
    }
    finish(ws, FAILURE_COLS.len(), first + texts.len() as u32 - 1, 0)
}

/// The note on a form returned more than once: the first few other 序号 of its group and how
/// many there are in all (a group of thousands does not make thousands of long notes).
fn duplicate_note(group: &[usize], me: usize) -> String {
    const SHOWN: usize = 5;
    let others: Vec<String> = group
        .iter()
        .filter(|&&n| n != me)
        .take(SHOWN)
        .map(std::string::ToString::to_string)
        .collect();
    let rest = group.len() - 1;
    if rest > SHOWN {
        crate::t!(
            "collect-duplicate-more",
            rows = others.join(&crate::t!("list-separator")),
            count = rest
        )
    } else {
        crate::t!(
            "collect-duplicate",
            rows = others.join(&crate::t!("list-separator"))
        )
    }
}

fn severity_text(s: Severity) -> String {
    match s {
        Severity::Error => crate::t!("collect-severity-error"),
        Severity::Warning => crate::t!("collect-severity-warning"),
        Severity::Explain => crate::t!("collect-severity-explain"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Definition, Indicator, Source};
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ind(actual: &str) -> Indicator {
        Indicator {
            level1: "产出指标".into(),
            level2: "数量指标".into(),
            name: "n".into(),
            target: "t".into(),
            actual: actual.into(),
            ..Default::default()
        }
    }

    fn imported(
        file: &str,
        unit: &str,
        project: &str,
        a: Option<&str>,
        b: Option<&str>,
    ) -> Imported {
        let mut def = Definition {
            year: 2021,
            unit: unit.into(),
            project: project.into(),
            indicators: vec![
                ind("已完成"),
                ind("按时按成"),
                ind("部分完成"),
                ind(""),
                ind("93%"),
                Indicator::default(),
            ],
            source: Some(Source {
                file: "x.xlsx".into(),
                sheet: "Sheet1".into(),
            }),
            ..Default::default()
        };
        def.funds.total.budget = a.map(d);
        def.funds.total.executed = b.map(d);
        Imported {
            def,
            from: crate::model::Provenance {
                file: file.into(),
                sheet: Some("Sheet1".into()),
                ..Default::default()
            },
            stamp: None,
            added_indicators: Vec::new(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn findings_moved_to_disk_come_back_the_same() {
        // Workbooks of the 2021 examples, collected in bulk: every form's findings go to the
        // temporary file and read back as they were found.
        let dir = tempfile::tempdir().unwrap();
        let ex = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/2021");
        let (loaded, _) = crate::load::load_all(&[ex]).unwrap();
        let mut files = Vec::new();
        for (k, l) in loaded.iter().enumerate() {
            let path = dir.path().join(format!("{k:02}.xlsx"));
            let opts = crate::generate::Options::default();
            let bytes = crate::generate::workbook_bytes(&path, &[(&l.def, "表")], &opts).unwrap();
            std::fs::write(&path, bytes).unwrap();
            files.push(path);
        }
        let s = collect(&files, &|| {});
        assert_eq!(s.forms.len(), 13);
        assert!(s.spill.is_some(), "nothing was moved to disk");
        let mut total = 0;
        for form in &s.forms {
            assert!(form.findings.is_empty() || form.spilled.is_none());
            let back = s.findings_of(form).unwrap();
            let fresh: Vec<Finding> = read_file(Path::new(&form.row.file))
                .unwrap()
                .into_iter()
                .flat_map(|f| f.findings)
                .collect();
            assert_eq!(back, fresh, "{}", form.row.file);
            assert_eq!(back.len(), form.row.errors + form.row.warnings);
            total += back.len();
        }
        assert_eq!(s.findings().unwrap().len(), total);
        assert!(total > 50);
        // The JSON of findings reads back as the same findings.
        let all = s.findings().unwrap();
        let json = crate::check::to_json(&all);
        assert_eq!(serde_json::from_str::<Vec<Finding>>(&json).unwrap(), all);
    }

    fn summary() -> Summary {
        let mut s = Summary::default();
        s.add(
            Path::new("b.xlsx"),
            Ok(vec![
                summarize(&imported(
                    "b.xlsx",
                    "乙单位",
                    "丙项目",
                    Some("100"),
                    Some("80.5"),
                )),
                summarize(&imported(
                    "b.xlsx",
                    "甲单位",
                    "乙项目",
                    Some("273.89"),
                    Some("273.89"),
                )),
            ]),
        );
        s.add(
            Path::new("a.xlsx"),
            Ok(vec![
                summarize(&imported("a.xlsx", "甲单位", "甲项目", None, Some("5"))),
                summarize(&imported("a.xlsx", "", "无单位项目", Some("0"), Some("0"))),
            ]),
        );
        s.add(
            Path::new("bad.xlsx"),
            Err(Error::NoForm {
                path: PathBuf::from("bad.xlsx"),
            }),
        );
        s.sort();
        s
    }

    fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes)).unwrap()
    }

    #[test]
    fn a_form_is_counted_and_checked() {
        let f = summarize(&imported("f.xlsx", "甲", "乙", Some("10"), Some("8")));
        let r = &f.row;
        assert_eq!((r.indicators, r.completed, r.not_completed), (5, 2, 1));
        assert_eq!((r.blank, r.unclear), (1, 1));
        assert_eq!((r.file.as_str(), r.sheet.as_str()), ("f.xlsx", "Sheet1"));
        assert_eq!(r.errors + r.warnings, f.findings.len());
        assert!(!f.findings.is_empty());
        assert!(f.findings.iter().all(|x| x.file == "f.xlsx"));
        assert_eq!(r.errors, Counts::of(&f.findings).errors);
    }

    #[test]
    fn forms_sort_by_unit_then_project_blank_unit_last() {
        let s = summary();
        let order: Vec<(&str, &str)> = s
            .forms
            .iter()
            .map(|f| (f.row.unit.as_str(), f.row.project.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("乙单位", "丙项目"),
                ("甲单位", "乙项目"),
                ("甲单位", "甲项目"),
                ("", "无单位项目")
            ]
        );
        assert_eq!(s.files, 2);
        assert_eq!(s.failures.len(), 1);
        assert_eq!(s.failures[0].kind, "文件中没有找到自评表");
        assert!(
            s.failures[0]
                .reason
                .starts_with("bad.xlsx 中没有项目支出绩效自评表"),
            "{}",
            s.failures[0].reason
        );
    }

    #[test]
    fn duplicates_name_each_other() {
        let mut s = Summary::default();
        let x = summarize(&imported("1.xlsx", "甲", "项目", Some("1"), None));
        let y = summarize(&imported("2.xlsx", "甲", "项目", Some("1"), None));
        let z = summarize(&imported("3.xlsx", "甲", "别的", Some("1"), None));
        s.add(Path::new("1.xlsx"), Ok(vec![x, y, z]));
        s.sort();
        let dups: Vec<Option<Vec<usize>>> = s
            .duplicates()
            .into_iter()
            .map(|g| g.map(|g| g.to_vec()))
            .collect();
        assert_eq!(dups, vec![None, Some(vec![2, 3]), Some(vec![2, 3])]);
        assert_eq!(duplicate_note(&[2, 3], 2), "与第 3 行重复，合计中重复计算");
        let many: Vec<usize> = (1..=5000).collect();
        assert_eq!(
            duplicate_note(&many, 1),
            "与第 2、3、4、5、6 行等 4999 行重复，合计中重复计算"
        );
    }

    #[test]
    fn workbook_has_rows_formulas_totals_findings_and_failures() {
        let s = summary();
        let mut wb = open(workbook_bytes(&s, Path::new("out.xlsx")).unwrap());
        assert_eq!(
            wb.sheet_names(),
            [SUMMARY_SHEET, FINDINGS_SHEET, FAILURES_SHEET]
        );
        let cells = wb.worksheet_range(SUMMARY_SHEET).unwrap();
        let formulas = wb.worksheet_formula(SUMMARY_SHEET).unwrap();
        let at = |r: u32, c: u32| cells.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        let fx = |r: u32, c: u32| formulas.get_value((r, c)).cloned().unwrap_or_default();
        assert_eq!(
            at(0, 0),
            Data::String("2021年度项目支出绩效自评汇总表".into())
        );
        assert_eq!(
            at(HEAD_ROW, 3),
            Data::String("全年预算数（A）\n（万元）".into())
        );
        let first = HEAD_ROW + 1;
        // 乙单位 丙项目: 80.5 / 100.
        assert_eq!(at(first, 1), Data::String("乙单位".into()));
        assert_eq!(at(first, 3), Data::Float(100.0));
        assert_eq!(at(first, 4), Data::Float(80.5));
        assert_eq!(fx(first, 5), "IF(OR(D4=\"\",D4=0,E4=\"\"),\"\",E4/D4)");
        assert_eq!(at(first, 5), Data::Float(0.805));
        // 甲单位 甲项目: A blank, so the rate is blank.
        assert_eq!(at(first + 2, 2), Data::String("甲项目".into()));
        assert_eq!(at(first + 2, 3), Data::Empty);
        assert!(!fx(first + 2, 5).is_empty());
        assert!(
            matches!(at(first + 2, 5), Data::Empty)
                || at(first + 2, 5) == Data::String(String::new())
        );
        // A zero budget gives a blank rate too.
        assert!(
            matches!(at(first + 3, 5), Data::Empty)
                || at(first + 3, 5) == Data::String(String::new())
        );
        // Counts.
        assert_eq!(at(first, 6), Data::Float(5.0));
        assert_eq!(at(first, 7), Data::Float(2.0));
        // 合计
        let total = first + 4;
        assert_eq!(at(total, 0), Data::String("合计".into()));
        assert_eq!(fx(total, 3), "SUM(D4:D7)");
        assert_eq!(at(total, 3), Data::Float(373.89));
        assert_eq!(at(total, 4), Data::Float(359.39));
        assert_eq!(fx(total, 6), "SUM(G4:G7)");
        assert_eq!(at(total, 6), Data::Float(20.0));
        match at(total, 5) {
            Data::Float(r) => assert!((r - 359.39 / 373.89).abs() < 1e-12),
            other => panic!("total rate {other:?}"),
        }

        let findings = wb.worksheet_range(FINDINGS_SHEET).unwrap();
        let n = s.findings().unwrap().len();
        assert!(n > 0);
        assert_eq!(findings.height() as u32, HEAD_ROW + 1 + n as u32);
        let sev = findings.get_value((HEAD_ROW + 1, 7)).cloned();
        assert!(matches!(sev, Some(Data::String(ref t)) if t == "错误" || t == "警告"));

        let failures = wb.worksheet_range(FAILURES_SHEET).unwrap();
        assert_eq!(
            failures.get_value((HEAD_ROW + 1, 1)),
            Some(&Data::String("bad.xlsx".into()))
        );
    }

    #[test]
    fn an_empty_summary_still_makes_a_workbook() {
        let s = Summary::default();
        let mut wb = open(workbook_bytes(&s, Path::new("out.xlsx")).unwrap());
        let cells = wb.worksheet_range(SUMMARY_SHEET).unwrap();
        assert_eq!(
            cells.get_value((0, 0)),
            Some(&Data::String("项目支出绩效自评汇总表".into()))
        );
        assert_eq!(
            cells.get_value((HEAD_ROW + 1, 0)),
            Some(&Data::String("合计".into()))
        );
    }
}

#[cfg(test)]
mod print_tests {
    use super::*;

    /// At their widest, the printed columns of every sheet print at 9 points or more.
    #[test]
    fn the_sheets_print_at_nine_points_or_more() {
        for (cols, printed) in [
            (&SUMMARY_COLS[..], SUMMARY_COLS.len()),
            (&FINDING_COLS[..], FINDING_PRINTED),
            (&FAILURE_COLS[..], FAILURE_COLS.len()),
        ] {
            let widest: Vec<f64> = cols[..printed].iter().map(|c| c.max).collect();
            let scale = report::print_scale(&widest);
            assert!(scale >= report::MIN_PRINT_SCALE, "{}: {scale}", cols[1].id);
        }
    }
}
