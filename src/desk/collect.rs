//! The desk's 汇总表: the counting version of each issued form (its latest return), with the
//! fields the office filled taken from what was issued.
//!
//! Sheets:
//!
//! - 汇总表: one row per returned form, by 主管部门 then 实施单位, a 小计 row after each unit,
//!   a 合计 row after each department and a 总计 row (SUBTOTAL formulas with their results,
//!   so that the subtotals are not counted twice); 全年预算数（A） as issued, the unit's value
//!   beside when it changed it, and every other office field it changed;
//! - 未交回: the 催报 list (unit, project, days since issue);
//! - 问题清单: the findings of each counted version with whose they are (单位 / 科室), and the
//!   office fields a unit changed;
//! - 收表情况: every issued form's state, versions and review comment, then the files not
//!   counted and why.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, Formula, Worksheet};
use std::path::Path;

use super::{Desk, State, Status};
use crate::amount;
use crate::check::Severity;
use crate::error::Result;
use crate::import::Imported;
use crate::model::{Definition, FUND_LINES, Party};
use crate::report::{
    self, Col, Formats, HEAD_ROW, XResult, clip, col, finish, fit_widths, head, sheet_err,
};
use crate::t;
use crate::template::a1;

pub const SUMMARY_SHEET: &str = crate::collect::SUMMARY_SHEET;
pub const MISSING_SHEET: &str = "未交回";
pub const FINDINGS_SHEET: &str = crate::collect::FINDINGS_SHEET;
pub const STATES_SHEET: &str = "收表情况";

/// What the desk's 汇总表 holds.
#[derive(Debug, Clone, Default)]
pub struct CollectReport {
    /// Forms counted (their latest version).
    pub counted: usize,
    /// Forms not returned.
    pub missing: usize,
    /// The 全年预算数（A） summed over the counted forms, as issued.
    pub budget: Decimal,
}

/// The definition a returned form is counted as: what the office issued, with what the unit
/// fills in taken from its return (indicators by position when the return has the same rows,
/// else by name).
pub fn counting_definition(issued: &Definition, returned: &Definition) -> Definition {
    let mut d = issued.clone();
    d.contact.clone_from(&returned.contact);
    d.note.clone_from(&returned.note);
    d.goal.actual.clone_from(&returned.goal.actual);
    for key in FUND_LINES {
        if let (Some(mine), Some(theirs)) = (d.funds.line_mut(key), returned.funds.line(key)) {
            mine.executed = theirs.executed;
        }
    }
    let same_rows = d.indicators.len() == returned.indicators.len();
    for (i, ind) in d.indicators.iter_mut().enumerate() {
        let theirs = if same_rows {
            returned.indicators.get(i)
        } else {
            returned
                .indicators
                .iter()
                .find(|r| r.name == ind.name && r.level2 == ind.level2)
        };
        if let Some(r) = theirs {
            ind.actual.clone_from(&r.actual);
            ind.reason.clone_from(&r.reason);
            ind.score = r.score;
        }
    }
    d
}

/// One counted form: what the sheets write of it, and nothing more (the definitions and
/// provenance read for it are dropped once its row is made, so that a year of 10,000 forms
/// is not held whole).
struct Counted {
    state: State,
    versions: usize,
    /// Its latest version was returned on an older issue of the form.
    stale: bool,
    /// The form's variant (`city`, `mof`), for the labels of its fields.
    form: String,
    /// The latest version's file (as received), its findings and the office fields changed.
    file: String,
    findings: Vec<super::DeskFinding>,
    forbidden: Vec<super::ForbiddenChange>,
    department: String,
    row: crate::collect::Row,
    /// The unit's 全年预算数（A）, when it differs from the issued one.
    unit_budget: Option<Option<Decimal>>,
    changed: String,
}

const SUMMARY_COLS: [Col; 18] = [
    col("desk-col-number", 5.0, 6.0),
    col("desk-col-department", 10.0, 18.0),
    col("desk-col-unit", 10.0, 18.0),
    col("desk-col-project", 16.0, 30.0),
    col("desk-col-state", 8.0, 12.0),
    col("desk-col-version", 5.0, 6.0),
    col("desk-col-budget", 12.0, 14.0),
    col("desk-col-budget-as-filled", 12.0, 16.0),
    col("desk-col-spent", 12.0, 14.0),
    col("desk-col-rate", 10.0, 12.0),
    col("desk-col-indicators", 6.0, 8.0),
    col("desk-col-completed", 6.0, 8.0),
    col("desk-col-not-completed", 6.0, 8.0),
    col("desk-col-errors", 5.0, 6.0),
    col("desk-col-warnings", 5.0, 6.0),
    col("desk-col-old-form", 6.0, 8.0),
    col("desk-col-office-fields-changed", 14.0, 40.0),
    col("desk-col-file", 16.0, 40.0),
];
const C_BUDGET: u16 = 6;
const C_EXECUTED: u16 = 8;
const C_RATE: u16 = 9;
const C_SUMS: [u16; 6] = [10, 11, 12, 13, 14, C_BUDGET];

/// Write the desk's 汇总表 to `out` (atomically; an existing file only with `force`).
pub fn write(desk: &Desk, out: &Path, force: bool) -> Result<CollectReport> {
    let status = desk.status()?;
    let mut counted = Vec::new();
    for f in status.forms.iter().filter(|f| f.state != State::Missing) {
        let mut detail = desk.form(f.id)?;
        let versions = detail.versions.len();
        let Some(latest) = detail.versions.pop() else {
            continue;
        };
        let def = counting_definition(&detail.issued, &latest.imported);
        let imp = Imported {
            def,
            from: latest.provenance.clone(),
            stamp: None,
            added_indicators: Vec::new(),
            warnings: Vec::new(),
        };
        let mut row = crate::collect::summarize(&imp).row;
        row.errors = f.errors as usize;
        row.warnings = f.warnings as usize;
        row.file.clone_from(&latest.file);
        let unit_budget = (latest.imported.funds.total.budget != detail.issued.funds.total.budget)
            .then_some(latest.imported.funds.total.budget);
        let changed = latest
            .forbidden_changes
            .iter()
            .map(|c| {
                format!(
                    "{}：{} → {}",
                    c.label,
                    c.issued.clone().unwrap_or_default(),
                    c.returned.clone().unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
            .join("\n");
        counted.push(Counted {
            state: detail.state,
            versions,
            stale: latest.stale,
            form: detail.issued.form.clone(),
            file: latest.file,
            findings: latest.findings,
            forbidden: latest.forbidden_changes,
            department: f.department.clone(),
            row,
            unit_budget,
            changed,
        });
    }
    let report = CollectReport {
        counted: counted.len(),
        missing: status.counts()[0],
        budget: counted.iter().filter_map(|c| c.row.budget).sum(),
    };
    let bytes = report::save(out, |wb| {
        let mut props = DocProperties::new().set_title(SUMMARY_SHEET);
        props = props.set_subject(format!("{}", status.year));
        wb.set_properties(&props);
        let f = Formats::new();
        let ws = wb.add_worksheet();
        summary_sheet(ws, &f, &status, &counted).map_err(sheet_err(SUMMARY_SHEET))?;
        let ws = wb.add_worksheet();
        missing_sheet(ws, &f, &status).map_err(sheet_err(MISSING_SHEET))?;
        let ws = wb.add_worksheet();
        findings_sheet(ws, &f, &status, &counted).map_err(sheet_err(FINDINGS_SHEET))?;
        let ws = wb.add_worksheet();
        states_sheet(ws, &f, desk, &status).map_err(sheet_err(STATES_SHEET))?;
        Ok(())
    })?;
    crate::output::write_atomic(out, &bytes, force)?;
    Ok(report)
}

fn number(
    ws: &mut Worksheet,
    row: u32,
    c: u16,
    v: Option<Decimal>,
    f: &rust_xlsxwriter::Format,
) -> XResult<()> {
    match v {
        Some(d) => ws.write_number_with_format(row, c, amount::to_cell_f64(d), f)?,
        None => ws.write_blank(row, c, f)?,
    };
    Ok(())
}

fn rate_formula(row: u32) -> String {
    let (a, b) = (a1(row, C_BUDGET), a1(row, C_EXECUTED));
    format!("=IF(N({a})=0,\"\",{b}/{a})")
}

/// The sums of a group of rows: (A, B, indicators, completed, not completed, errors, warnings).
#[derive(Default, Clone, Copy)]
struct Sums {
    a: Decimal,
    b: Decimal,
    n: [usize; 5],
}

impl Sums {
    fn add(&mut self, r: &crate::collect::Row) {
        self.a += r.budget.unwrap_or_default();
        self.b += r.executed.unwrap_or_default();
        for (s, v) in self.n.iter_mut().zip([
            r.indicators,
            r.completed,
            r.not_completed,
            r.errors,
            r.warnings,
        ]) {
            *s += v;
        }
    }

    /// Add the sums of a group inside this one (a unit's to its department's, …).
    fn add_sums(&mut self, other: &Sums) {
        self.a += other.a;
        self.b += other.b;
        for (s, v) in self.n.iter_mut().zip(other.n) {
            *s += v;
        }
    }
}

/// A 小计 / 合计 / 总计 row: SUBTOTAL(9, …) over `first..=last` with its result.
fn subtotal_row(
    ws: &mut Worksheet,
    f: &Formats,
    row: u32,
    label: &str,
    first: u32,
    last: u32,
    s: &Sums,
) -> XResult<()> {
    ws.merge_range(row, 0, row, 5, clip(label).as_ref(), &f.total_label)?;
    let sub = |c: u16, result: String| {
        Formula::new(format!("=SUBTOTAL(9,{}:{})", a1(first, c), a1(last, c))).set_result(result)
    };
    ws.write_formula_with_format(
        row,
        C_BUDGET,
        sub(C_BUDGET, amount::text(s.a)),
        &f.total_amount,
    )?;
    ws.write_formula_with_format(
        row,
        C_EXECUTED,
        sub(C_EXECUTED, amount::text(s.b)),
        &f.total_amount,
    )?;
    let mut rate = Formula::new(rate_formula(row));
    if let Some(r) = amount::rate(Some(s.a), Some(s.b)) {
        rate = rate.set_result(amount::text(r));
    }
    ws.write_formula_with_format(row, C_RATE, rate, &f.total_rate)?;
    for (c, n) in C_SUMS[..5].iter().zip(s.n) {
        ws.write_formula_with_format(row, *c, sub(*c, n.to_string()), &f.total_count)?;
    }
    for c in [7u16, 15, 16, 17] {
        ws.write_blank(row, c, &f.total_label)?;
    }
    Ok(())
}

fn summary_sheet(ws: &mut Worksheet, f: &Formats, s: &Status, counted: &[Counted]) -> XResult<()> {
    ws.set_name(SUMMARY_SHEET)?;
    let texts = counted.iter().map(|c| {
        vec![
            String::new(),
            c.department.clone(),
            c.row.unit.clone(),
            c.row.project.clone(),
            c.state.label(),
            String::new(),
            "0000000.00".into(),
            "0000000.00".into(),
            "0000000.00".into(),
            "100.00%".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            c.changed.clone(),
            c.row.file.clone(),
        ]
    });
    let widths = fit_widths(&SUMMARY_COLS, texts);
    let year = s.year.to_string();
    head(
        ws,
        f,
        &SUMMARY_COLS,
        &widths,
        &t!("desk-collect-title", year = year.clone()),
        &t!(
            "desk-collect-subtitle",
            total = s.forms.len() as i64,
            counted = counted.len() as i64,
            missing = s.counts()[0] as i64
        ),
    )?;
    let first_data = HEAD_ROW + 1;
    let mut row = first_data;
    let mut i = 0usize;
    let mut total = Sums::default();
    // Departments, then units within each (the status is sorted that way).
    let mut d = 0;
    while d < counted.len() {
        let dept = &counted[d].department;
        let d_end = counted[d..]
            .iter()
            .position(|c| &c.department != dept)
            .map_or(counted.len(), |n| d + n);
        let d_first = row;
        let mut dsum = Sums::default();
        let mut u = d;
        while u < d_end {
            let unit = &counted[u].row.unit;
            let u_end = counted[u..d_end]
                .iter()
                .position(|c| &c.row.unit != unit)
                .map_or(d_end, |n| u + n);
            let u_first = row;
            let mut usum = Sums::default();
            for c in &counted[u..u_end] {
                i += 1;
                form_row(ws, f, row, i, c)?;
                usum.add(&c.row);
                row += 1;
            }
            subtotal_row(
                ws,
                f,
                row,
                &t!("desk-collect-subtotal-unit", unit = unit.clone()),
                u_first,
                row - 1,
                &usum,
            )?;
            row += 1;
            dsum.add_sums(&usum);
            u = u_end;
        }
        subtotal_row(
            ws,
            f,
            row,
            &t!(
                "desk-collect-subtotal-department",
                department = dept.clone()
            ),
            d_first,
            row - 1,
            &dsum,
        )?;
        row += 1;
        total.add_sums(&dsum);
        d = d_end;
    }
    let last = row.saturating_sub(1).max(first_data);
    subtotal_row(
        ws,
        f,
        row,
        &t!("desk-collect-total"),
        first_data,
        last,
        &total,
    )?;
    finish(ws, SUMMARY_COLS.len(), row, 4)?;
    Ok(())
}

fn form_row(ws: &mut Worksheet, f: &Formats, row: u32, i: usize, c: &Counted) -> XResult<()> {
    ws.write_number_with_format(row, 0, i as f64, &f.center)?;
    let state = c.state.label();
    for (col, v) in [
        (1u16, c.department.as_str()),
        (2, c.row.unit.as_str()),
        (3, c.row.project.as_str()),
        (4, state.as_str()),
        (17, c.row.file.as_str()),
    ] {
        ws.write_string_with_format(row, col, clip(v).as_ref(), &f.text)?;
    }
    ws.write_number_with_format(row, 5, c.versions as f64, &f.count)?;
    number(ws, row, C_BUDGET, c.row.budget, &f.amount)?;
    match &c.unit_budget {
        Some(Some(v)) => ws.write_number_with_format(row, 7, amount::to_cell_f64(*v), &f.alarm)?,
        Some(None) => ws.write_string_with_format(row, 7, t!("desk-collect-blank"), &f.alarm)?,
        None => ws.write_blank(row, 7, &f.amount)?,
    };
    number(ws, row, C_EXECUTED, c.row.executed, &f.amount)?;
    let mut formula = Formula::new(rate_formula(row));
    if let Some(r) = amount::rate(c.row.budget, c.row.executed) {
        formula = formula.set_result(amount::text(r));
    }
    ws.write_formula_with_format(row, C_RATE, formula, &f.rate)?;
    for (col, n) in C_SUMS[..5].iter().zip([
        c.row.indicators,
        c.row.completed,
        c.row.not_completed,
        c.row.errors,
        c.row.warnings,
    ]) {
        ws.write_number_with_format(row, *col, n as f64, &f.count)?;
    }
    let stale = c.stale;
    ws.write_string_with_format(
        row,
        15,
        &if stale { t!("desk-yes") } else { String::new() },
        if stale { &f.error } else { &f.center },
    )?;
    ws.write_string_with_format(
        row,
        16,
        clip(&c.changed).as_ref(),
        if c.changed.is_empty() {
            &f.text
        } else {
            &f.alarm
        },
    )?;
    Ok(())
}

const MISSING_COLS: [Col; 6] = [
    col("desk-col-number", 5.0, 6.0),
    col("desk-col-department", 10.0, 20.0),
    col("desk-col-unit", 10.0, 20.0),
    col("desk-col-project", 16.0, 40.0),
    col("desk-col-issued-at", 12.0, 22.0),
    col("desk-col-days", 8.0, 10.0),
];

fn missing_sheet(ws: &mut Worksheet, f: &Formats, s: &Status) -> XResult<()> {
    ws.set_name(MISSING_SHEET)?;
    let missing: Vec<_> = s
        .forms
        .iter()
        .filter(|x| x.state == State::Missing)
        .collect();
    let texts = missing.iter().map(|x| {
        vec![
            String::new(),
            x.department.clone(),
            x.unit.clone(),
            x.project.clone(),
            "2022-12-01T00:00:00Z".into(),
            String::new(),
        ]
    });
    let widths = fit_widths(&MISSING_COLS, texts);
    head(
        ws,
        f,
        &MISSING_COLS,
        &widths,
        &t!("desk-collect-missing-title", year = s.year.to_string()),
        &t!(
            "desk-collect-missing-subtitle",
            count = missing.len() as i64
        ),
    )?;
    let mut row = HEAD_ROW;
    for (i, x) in missing.iter().enumerate() {
        row = HEAD_ROW + 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        for (c, v) in [
            (1u16, &x.department),
            (2, &x.unit),
            (3, &x.project),
            (4, &x.issued_at),
        ] {
            ws.write_string_with_format(row, c, clip(v).as_ref(), &f.text)?;
        }
        ws.write_number_with_format(row, 5, x.days_since_issue as f64, &f.count)?;
    }
    finish(ws, MISSING_COLS.len(), row, 0)?;
    Ok(())
}

const FINDING_COLS: [Col; 11] = [
    col("desk-col-number", 5.0, 6.0),
    col("desk-col-department", 10.0, 18.0),
    col("desk-col-unit", 10.0, 18.0),
    col("desk-col-project", 14.0, 28.0),
    col("desk-col-state", 8.0, 12.0),
    col("desk-col-cell", 6.0, 8.0),
    col("desk-col-field", 10.0, 24.0),
    col("desk-col-severity", 6.0, 8.0),
    col("desk-col-party", 6.0, 8.0),
    col("desk-col-message", 30.0, 60.0),
    col("desk-col-file", 14.0, 36.0),
];

struct FindingRow {
    texts: Vec<String>,
    error: bool,
}

fn finding_rows(counted: &[Counted]) -> Vec<FindingRow> {
    let mut out = Vec::new();
    for c in counted {
        let t = crate::template::get(&c.form).ok();
        let label = |path: &str| t.map_or_else(|| path.to_string(), |t| t.field_name(path));
        let base =
            |cell: Option<String>, field: String, sev: String, party: String, msg: String| {
                vec![
                    String::new(),
                    c.department.clone(),
                    c.row.unit.clone(),
                    c.row.project.clone(),
                    c.state.label(),
                    cell.unwrap_or_default(),
                    field,
                    sev,
                    party,
                    msg,
                    c.file.clone(),
                ]
            };
        for ch in &c.forbidden {
            out.push(FindingRow {
                texts: base(
                    ch.cell.clone(),
                    ch.label.clone(),
                    t!("desk-collect-error"),
                    t!("desk-party-unit"),
                    t!(
                        "desk-collect-changed",
                        value = ch.returned.clone().unwrap_or_default()
                    ) + t!(
                        "desk-collect-issued-as",
                        value = ch.issued.clone().unwrap_or_default()
                    )
                    .as_str(),
                ),
                error: true,
            });
        }
        for x in &c.findings {
            let error = x.finding.severity == Severity::Error;
            out.push(FindingRow {
                texts: base(
                    x.finding.cell.clone(),
                    label(&x.finding.field),
                    if error {
                        t!("desk-collect-error")
                    } else {
                        t!("desk-collect-warning")
                    },
                    match x.party() {
                        Party::Unit => t!("desk-party-unit"),
                        Party::Office => t!("desk-party-office"),
                    },
                    x.finding.message.clone(),
                ),
                error,
            });
        }
    }
    out
}

fn findings_sheet(ws: &mut Worksheet, f: &Formats, s: &Status, counted: &[Counted]) -> XResult<()> {
    ws.set_name(FINDINGS_SHEET)?;
    let rows = finding_rows(counted);
    let widths = fit_widths(&FINDING_COLS, rows.iter().map(|r| r.texts.clone()));
    head(
        ws,
        f,
        &FINDING_COLS,
        &widths,
        &t!("desk-collect-findings-title", year = s.year.to_string()),
        &t!("desk-collect-findings-subtitle"),
    )?;
    let mut row = HEAD_ROW;
    for (i, r) in rows.iter().enumerate() {
        row = HEAD_ROW + 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        for (c, v) in r.texts.iter().enumerate().skip(1) {
            let fmt = if c == 7 {
                if r.error { &f.error } else { &f.warning }
            } else {
                &f.text
            };
            ws.write_string_with_format(row, c as u16, clip(v).as_ref(), fmt)?;
        }
        // A long message wraps: the row as tall as its longest cell, as in collect's sheet.
        report::set_data_row_height(ws, row, report::row_height(&r.texts, &widths))?;
    }
    finish(ws, FINDING_COLS.len(), row, 0)?;
    Ok(())
}

const STATE_COLS: [Col; 9] = [
    col("desk-col-number", 5.0, 6.0),
    col("desk-col-department", 10.0, 18.0),
    col("desk-col-unit", 10.0, 18.0),
    col("desk-col-project", 14.0, 30.0),
    col("desk-col-state", 8.0, 12.0),
    col("desk-col-version", 5.0, 6.0),
    col("desk-col-received", 12.0, 22.0),
    col("desk-col-file", 14.0, 36.0),
    col("desk-col-comment", 14.0, 40.0),
];

fn states_sheet(ws: &mut Worksheet, f: &Formats, desk: &Desk, s: &Status) -> XResult<()> {
    ws.set_name(STATES_SHEET)?;
    let comment = |id: i64| {
        desk.form(id)
            .ok()
            .and_then(|d| d.comment)
            .unwrap_or_default()
    };
    let mut rows: Vec<Vec<String>> = s
        .forms
        .iter()
        .map(|x| {
            vec![
                String::new(),
                x.department.clone(),
                x.unit.clone(),
                x.project.clone(),
                x.state.label(),
                x.versions.to_string(),
                x.received.clone().unwrap_or_default(),
                x.file.clone().unwrap_or_default(),
                comment(x.id),
            ]
        })
        .collect();
    // The files not counted, below, with why.
    for u in &s.unmatched {
        rows.push(vec![
            String::new(),
            String::new(),
            u.unit.clone().unwrap_or_default(),
            u.project.clone().unwrap_or_default(),
            u.reason.label(),
            String::new(),
            String::new(),
            u.file.clone(),
            String::new(),
        ]);
    }
    let widths = fit_widths(&STATE_COLS, rows.iter().cloned());
    head(
        ws,
        f,
        &STATE_COLS,
        &widths,
        &t!("desk-collect-states-title", year = s.year.to_string()),
        &t!(
            "desk-status-title",
            year = s.year.to_string(),
            total = s.forms.len() as i64,
            missing = s.counts()[0] as i64,
            received = s.counts()[1] as i64,
            returned = s.counts()[2] as i64,
            accepted = s.counts()[3] as i64
        ),
    )?;
    let mut row = HEAD_ROW;
    for (i, r) in rows.iter().enumerate() {
        row = HEAD_ROW + 1 + i as u32;
        ws.write_number_with_format(row, 0, (i + 1) as f64, &f.center)?;
        for (c, v) in r.iter().enumerate().skip(1) {
            let fmt = if c == 4 && i >= s.forms.len() {
                &f.alarm
            } else {
                &f.text
            };
            ws.write_string_with_format(row, c as u16, clip(v).as_ref(), fmt)?;
        }
    }
    finish(ws, STATE_COLS.len(), row, 0)?;
    Ok(())
}
