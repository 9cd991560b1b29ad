//! The report as a workbook: a summary sheet (汇总) with one row per project and its change
//! counts, and a sheet (变化明细) with every change, changed text inline (deletions red and
//! struck through, insertions green and underlined). Drawn by [`crate::report`].

use rust_xlsxwriter::{Format, Worksheet};
use std::path::Path;

use super::text::{is_amount_path, value_text};
use super::{Change, Kind, Mode, Report, Seg, inline};
use crate::error::Result;
use crate::report::{
    self, Col, Formats, HEAD_ROW, XResult, clip, col, finish, row_height, set_data_row_height,
    sheet_err,
};

/// 汇总 columns.
const SUMMARY_COLS: [Col; 10] = [
    col("report-col-number", 6.0, 6.0),
    col("report-col-project", 16.0, 40.0),
    col("report-col-unit", 10.0, 22.0),
    col("report-col-status", 8.0, 14.0),
    col("report-col-old-project", 16.0, 40.0),
    col("report-col-changes", 8.0, 8.0),
    col("report-col-funds", 6.0, 6.0),
    col("report-col-indicator-changes", 6.0, 6.0),
    col("report-col-forbidden", 10.0, 10.0),
    col("report-col-filled", 10.0, 10.0),
];

/// 变化明细 columns: the first [`CHANGE_PRINTED`] are printed; the old and new values whole
/// and the field's path follow, for filters and machines.
const CHANGE_COLS: [Col; 11] = [
    col("report-col-number", 6.0, 6.0),
    col("report-col-project", 14.0, 24.0),
    col("report-col-unit", 10.0, 14.0),
    col("report-col-label", 12.0, 22.0),
    col("report-col-kind", 8.0, 10.0),
    col("report-col-forbidden", 8.0, 8.0),
    col("report-col-diff", 24.0, 44.0),
    col("report-col-notes", 10.0, 20.0),
    col("report-col-old", 10.0, 30.0),
    col("report-col-new", 10.0, 30.0),
    col("report-col-field", 10.0, 22.0),
];
const CHANGE_PRINTED: usize = 8;

/// The cell of one report row: plain text, a number or an inline diff.
enum Cell {
    Text(String),
    Number(usize),
    Diff(Vec<Seg>),
}

impl Cell {
    fn plain(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Diff(segs) => segs
                .iter()
                .map(|s| match s {
                    Seg::Same(t) | Seg::Deleted(t) | Seg::Inserted(t) => t.as_str(),
                })
                .collect(),
        }
    }
}

/// A row of the report: whether to mark it as a forbidden change, and its cells.
type Row = (bool, Vec<Cell>);

/// The .xlsx report. `path` names the file in errors.
pub fn xlsx_bytes(r: &Report, path: &Path) -> Result<Vec<u8>> {
    let f = Formats::new();
    let mode_text = match r.mode {
        Mode::Issued => crate::t!("diff-mode-issued"),
        Mode::Yearly => crate::t!("diff-mode-yearly"),
    };
    let subtitle = crate::t!(
        "diff-subtitle",
        old = r.old.path.as_str(),
        old_years = years(&r.old.years),
        new = r.new.path.as_str(),
        new_years = years(&r.new.years),
        changes = r.summary.changes
    );
    let (summary_name, changes_name) = (
        crate::t!("diff-sheet-summary"),
        crate::t!("diff-sheet-changes"),
    );
    let sheets: [(&str, &[Col], usize, Vec<Row>); 2] = [
        (
            &summary_name,
            &SUMMARY_COLS,
            SUMMARY_COLS.len(),
            summary_rows(r),
        ),
        (&changes_name, &CHANGE_COLS, CHANGE_PRINTED, change_rows(r)),
    ];
    report::save(path, |wb| {
        for (name, cols, printed, rows) in &sheets {
            let e = sheet_err(name);
            // Rows are written in order: each goes to a temporary file once the next starts.
            let ws = wb.add_worksheet_with_constant_memory().map_err(&e)?;
            let title = crate::t!("diff-title", mode = mode_text.as_str(), sheet = *name);
            let s = Sheet {
                name,
                cols,
                printed: *printed,
                title: &title,
                subtitle: &subtitle,
            };
            sheet(ws, &f, &s, rows).map_err(&e)?;
        }
        Ok(())
    })
}

/// Write the .xlsx report atomically; an existing file is replaced only with `force`.
pub fn write_xlsx(r: &Report, path: &Path, force: bool) -> Result<()> {
    let bytes = xlsx_bytes(r, path)?;
    crate::output::write_atomic(path, &bytes, force)
}

/// One row per project: its status and change counts.
fn summary_rows(r: &Report) -> Vec<Row> {
    r.projects
        .iter()
        .enumerate()
        .map(|(i, pr)| {
            let ch: Vec<&Change> = r.changes_of(i).collect();
            let funds = ch.iter().filter(|c| is_amount_path(&c.path)).count();
            let inds = ch
                .iter()
                .filter(|c| c.path.starts_with("indicators["))
                .count();
            let old_name = match &pr.old_project {
                Some(o) if *o != pr.project => o.clone(),
                _ => String::new(),
            };
            (
                pr.forbidden > 0,
                vec![
                    Cell::Number(i + 1),
                    Cell::Text(pr.project.clone()),
                    Cell::Text(pr.unit.clone()),
                    Cell::Text(status_text(pr.status, r.mode)),
                    Cell::Text(old_name),
                    Cell::Number(pr.changes),
                    Cell::Number(funds),
                    Cell::Number(inds),
                    Cell::Number(pr.forbidden),
                    Cell::Number(pr.filled),
                ],
            )
        })
        .collect()
}

/// The years of a side as the subtitle says them: `2021 年`, `2020、2021 年`.
fn years(ys: &[i32]) -> String {
    if ys.is_empty() {
        return crate::t!("diff-years-unknown");
    }
    let list = ys
        .iter()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
        .join(&crate::t!("list-separator"));
    crate::t!("diff-years", years = list)
}

/// A project's status in the current language (the text and JSON reports keep
/// [`super::Status::label`]).
fn status_text(s: super::Status, mode: Mode) -> String {
    use super::Status;
    let id = match (s, mode) {
        (Status::Unchanged, _) => "diff-status-unchanged",
        (Status::Changed, Mode::Issued) => "diff-status-filled",
        (Status::Changed, Mode::Yearly) => "diff-status-changed",
        (Status::Renamed, _) => "diff-status-renamed",
        (Status::Added, Mode::Issued) => "diff-status-not-issued",
        (Status::Added, Mode::Yearly) => "diff-status-added",
        (Status::Removed, Mode::Issued) => "diff-status-not-returned",
        (Status::Removed, Mode::Yearly) => "diff-status-removed",
    };
    crate::i18n::text(id, &[])
}

/// A change's kind in the current language.
fn kind_text(k: Kind, mode: Mode) -> String {
    let id = match (k, mode) {
        (Kind::ProjectAdded, Mode::Issued) => "diff-kind-not-issued",
        (Kind::ProjectRemoved, Mode::Issued) => "diff-kind-not-returned",
        (Kind::ProjectAdded, Mode::Yearly) => "diff-kind-project-added",
        (Kind::ProjectRemoved, Mode::Yearly) => "diff-kind-project-removed",
        (Kind::ProjectRenamed, _) => "diff-kind-project-renamed",
        (Kind::IndicatorAdded, _) => "diff-kind-indicator-added",
        (Kind::IndicatorRemoved, _) => "diff-kind-indicator-removed",
        (Kind::IndicatorRenamed, _) => "diff-kind-indicator-renamed",
        (Kind::Changed, _) => "diff-kind-changed",
        (Kind::Filled, _) => "diff-kind-filled",
    };
    crate::i18n::text(id, &[])
}

/// One row per change, the changed text inline.
fn change_rows(r: &Report) -> Vec<Row> {
    r.changes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let diff = match (c.kind, &c.old, &c.new) {
                _ if is_amount_path(&c.path) => Cell::Text(value_text(c, false)),
                (Kind::Filled, _, Some(n)) => Cell::Text(n.clone()),
                (_, Some(o), Some(n)) => Cell::Diff(inline(o, n)),
                (_, None, Some(n)) => Cell::Diff(vec![Seg::Inserted(n.clone())]),
                (_, Some(o), None) => Cell::Diff(vec![Seg::Deleted(o.clone())]),
                (_, None, None) => Cell::Text(String::new()),
            };
            let mut notes = Vec::new();
            if !is_amount_path(&c.path)
                && let Some(n) = &c.note
            {
                notes.push(n.clone());
            }
            if let Some(cell) = &c.cell {
                notes.push(crate::t!("diff-note-cell", cell = cell.as_str()));
            }
            (
                c.forbidden,
                vec![
                    Cell::Number(i + 1),
                    Cell::Text(c.project.clone()),
                    Cell::Text(c.unit.clone()),
                    Cell::Text(c.label.clone()),
                    Cell::Text(kind_text(c.kind, r.mode)),
                    Cell::Text(if c.forbidden {
                        crate::t!("diff-forbidden-yes")
                    } else {
                        String::new()
                    }),
                    diff,
                    Cell::Text(notes.join("；")),
                    Cell::Text(c.old.clone().unwrap_or_default()),
                    Cell::Text(c.new.clone().unwrap_or_default()),
                    Cell::Text(c.path.clone()),
                ],
            )
        })
        .collect()
}

/// What a sheet is: its name, columns (the first `printed` of them printed), title and
/// subtitle.
struct Sheet<'a> {
    name: &'a str,
    cols: &'a [Col],
    printed: usize,
    title: &'a str,
    subtitle: &'a str,
}

/// One sheet: title, subtitle, header, the rows (a forbidden change in red), print setup.
fn sheet(ws: &mut Worksheet, f: &Formats, s: &Sheet, rows: &[Row]) -> XResult<()> {
    let (cols, title, subtitle) = (s.cols, s.title, s.subtitle);
    ws.set_name(s.name)?;
    ws.set_default_row_height(report::ONE_LINE_PT);
    let texts = |cells: &[Cell]| -> Vec<String> { cells.iter().map(Cell::plain).collect() };
    let widths = report::fit_widths(cols, rows.iter().map(|(_, cells)| texts(cells)));
    report::head_over(ws, f, (cols, s.printed), &widths, title, subtitle)?;
    for (ri, (alarm, cells)) in rows.iter().enumerate() {
        let row = HEAD_ROW + 1 + ri as u32;
        for (ci, cell) in cells.iter().enumerate() {
            let c = ci as u16;
            let fmt = if *alarm && ci != 0 { &f.alarm } else { &f.text };
            match cell {
                Cell::Number(n) => {
                    ws.write_number_with_format(row, c, *n as f64, &f.count)?;
                }
                Cell::Text(s) if s.is_empty() => {
                    ws.write_blank(row, c, fmt)?;
                }
                Cell::Text(s) => {
                    ws.write_string_with_format(row, c, clip(s).as_ref(), fmt)?;
                }
                Cell::Diff(segs) => {
                    let runs: Vec<(&Format, &str)> = segs
                        .iter()
                        .filter_map(|s| {
                            let (fm, t) = match s {
                                Seg::Same(t) => (&f.run_same, t),
                                Seg::Deleted(t) => (&f.run_deleted, t),
                                Seg::Inserted(t) => (&f.run_inserted, t),
                            };
                            (!t.is_empty()).then_some((fm, t.as_str()))
                        })
                        .collect();
                    if runs.is_empty() {
                        ws.write_blank(row, c, &f.text)?;
                    } else {
                        ws.write_rich_string_with_format(row, c, &runs, &f.text)?;
                    }
                }
            }
        }
        set_data_row_height(ws, row, row_height(&texts(cells), &widths))?;
    }
    let last = HEAD_ROW + rows.len() as u32;
    finish(ws, cols.len(), last, 0)?;
    report::print_only(ws, s.printed, last)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// At their widest, the printed columns print at 9 points or more.
    #[test]
    fn the_sheets_print_at_nine_points_or_more() {
        for (cols, printed) in [
            (&SUMMARY_COLS[..], SUMMARY_COLS.len()),
            (&CHANGE_COLS[..], CHANGE_PRINTED),
        ] {
            let widest: Vec<f64> = cols[..printed].iter().map(|c| c.max).collect();
            let scale = report::print_scale(&widest);
            assert!(scale >= report::MIN_PRINT_SCALE, "{scale}");
        }
    }
}
