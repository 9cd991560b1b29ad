//! The feedback workbook: what the office sends a unit whose returned forms need correcting.
//!
//! [`write_unit_feedback`] draws one workbook per 实施单位: a first sheet, [`SHEET`]
//! (审核结果), listing the findings (严重程度, 工作表, 单元格, 栏目, 说明) and the office's review
//! comments; then each of the unit's forms in the official layout, drawn exactly as an issued
//! form is drawn ([`crate::generate::paint_sheet`]: the same formats, protection with the
//! unit's cells unlocked, validation, print setup), holding the values the unit returned.
//! Every cell with a finding is filled light red and carries an Excel note with the
//! finding's message; the cell is found through the one mapping from fields to cells of the
//! layout, [`crate::layout::SheetLayout::cell_of`].
//!
//! The workbook is stamped ([`crate::stamp`]) with each form's **issued** definition, so that
//! importing the corrected workbook recognises every form as the issued one (same variant,
//! year and issued hash), as a return on the issued blank form would be. Since the forms are
//! drawn from imported values, this works whatever the return's original format was (.xlsx,
//! .xls, .ods, a layout typed by hand).
//!
//! ```no_run
//! use evalsheet::feedback::{FeedbackForm, write_unit_feedback};
//! # fn get() -> (evalsheet::Definition, evalsheet::Definition, Vec<evalsheet::check::Finding>) { unimplemented!() }
//! let (issued, returned, findings) = get();
//! let form = FeedbackForm {
//!     issued,
//!     returned,
//!     // Only the unit's findings: those of the fields `model::party_of` gives to the unit.
//!     findings,
//!     comment: Some("请补充未完成原因。".into()),
//! };
//! write_unit_feedback(std::path::Path::new("反馈-禁毒支队.xlsx"), "禁毒支队", &[form], false)?;
//! # Ok::<(), evalsheet::Error>(())
//! ```

use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::collections::HashSet;
use std::path::Path;

use crate::check::{Finding, Severity};
use crate::error::{Error, Result};
use crate::generate::{self, Marks};
use crate::layout::{SheetLayout, lay_out};
use crate::model::Definition;
use crate::names;
use crate::report;
use crate::t;
use crate::template::{self, Template, a1};

/// The name of the first sheet, the list of findings (the same in every language, so that a
/// program can find it).
pub const SHEET: &str = "审核结果";

/// The light red of a cell with a finding.
pub const FINDING_FILL: Color = Color::RGB(0xFFC7CE);

/// One of the unit's forms, as the feedback shows it.
#[derive(Debug, Clone)]
pub struct FeedbackForm {
    /// The definition as issued: its variant (`form`) gives the layout, and it is what the
    /// stamp records, so that the corrected return is recognised as this issued form.
    pub issued: Definition,
    /// The definition as the unit returned it (imported from whatever it sent): the values
    /// drawn on the form.
    pub returned: Definition,
    /// The findings to show, in order. Pass only the unit's (a finding on a cell the office
    /// filled is not the unit's to fix); each is listed on [`SHEET`] and, when the form shows
    /// its field, marked on its cell. `Finding::sheet` and `cell` (where it was in the returned
    /// file) are not used: the feedback names its own sheet and cell.
    pub findings: Vec<Finding>,
    /// The office's review comment on the form (退回修改 with a comment), if any.
    pub comment: Option<String>,
}

/// One listed finding: what [`SHEET`] shows on its row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub severity: Severity,
    pub sheet: String,
    /// The A1 cell on the feedback's form, `None` when the form does not show the field.
    pub cell: Option<String>,
    /// The field's Chinese label ([`Template::field_name`]).
    pub field: String,
    pub message: String,
}

/// Write the feedback workbook of `unit` to `path` (atomically; an existing file only with
/// `force`).
pub fn write_unit_feedback(
    path: &Path,
    unit: &str,
    forms: &[FeedbackForm],
    force: bool,
) -> Result<()> {
    let bytes = unit_feedback_bytes(path, unit, forms)?;
    crate::output::write_atomic(path, &bytes, force)
}

/// The feedback workbook of `unit` as bytes; `path` only names it in errors.
pub fn unit_feedback_bytes(path: &Path, unit: &str, forms: &[FeedbackForm]) -> Result<Vec<u8>> {
    if forms.is_empty() {
        return Err(Error::Workbook {
            path: path.to_path_buf(),
            message: t!("feedback-no-forms"),
        });
    }
    let drawn = draw(forms)?;
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(1);
    let rows: Vec<&Row> = drawn.iter().flat_map(|d| &d.rows).collect();
    let comments: Vec<(&str, &str)> = drawn
        .iter()
        .zip(forms)
        .filter_map(|(d, f)| {
            let c = f.comment.as_deref()?.trim();
            (!c.is_empty()).then_some((d.sheet.as_str(), c))
        })
        .collect();
    let ws = wb.add_worksheet();
    results_sheet(ws, unit, &rows, &comments).map_err(|e| Error::Xlsx {
        path: path.to_path_buf(),
        sheet: SHEET.to_string(),
        message: e.to_string(),
    })?;
    let opts = generate::Options::default();
    let mut stamp_rows = Vec::with_capacity(forms.len());
    for (d, f) in drawn.iter().zip(forms) {
        generate::paint_sheet(&mut wb, path, &d.sheet, d.t, &d.layout, &opts, &d.marks)?;
        stamp_rows.push(crate::stamp::row(&f.issued, d.t, &d.sheet, &d.layout));
    }
    generate::stamp_sheet(&mut wb, path, &stamp_rows)?;
    let props = DocProperties::new()
        .set_title(t!("feedback-title", unit = unit))
        .set_author("evalsheet")
        .set_custom_property(
            "evalsheet.generator",
            concat!("evalsheet ", env!("CARGO_PKG_VERSION")),
        )
        .set_custom_property("evalsheet.feedback", unit)
        .set_custom_property("evalsheet.forms", forms.len().to_string().as_str());
    wb.set_properties(&props);
    wb.save_to_buffer().map_err(|e| Error::Xlsx {
        path: path.to_path_buf(),
        sheet: String::new(),
        message: e.to_string(),
    })
}

/// A form laid out for the feedback, with its marks and its rows of [`SHEET`].
struct Drawn {
    t: &'static Template,
    sheet: String,
    layout: SheetLayout,
    marks: Marks,
    rows: Vec<Row>,
}

/// Lay out every form on a sheet of its own (named after its project, unique, never
/// [`SHEET`] or the stamp's), and find the cell of each finding.
fn draw(forms: &[FeedbackForm]) -> Result<Vec<Drawn>> {
    let mut taken: HashSet<String> = [SHEET, crate::stamp::STAMP_SHEET]
        .iter()
        .map(|s| s.to_lowercase())
        .collect();
    let author = t!("feedback-note-author");
    let mut out = Vec::with_capacity(forms.len());
    for f in forms {
        let t = template::get(&f.issued.form)?;
        let sheet = names::unique(
            names::sheet_name(&f.issued.project),
            &mut taken,
            names::Bound::Utf16(names::MAX_SHEET_CHARS),
        );
        let layout = lay_out(t, &f.returned, false);
        let mut marks = Marks {
            fill: Some(FINDING_FILL),
            author: author.clone(),
            ..Marks::default()
        };
        let mut rows = Vec::with_capacity(f.findings.len());
        for finding in &f.findings {
            let placed = layout.cell_of(&finding.field);
            if let Some(p) = placed {
                let line = t!(
                    "feedback-note-line",
                    severity = severity_text(finding.severity),
                    message = finding.message.as_str()
                );
                let note = marks.cells.entry((p.row, p.col)).or_default();
                if !note.is_empty() {
                    note.push('\n');
                }
                note.push_str(&line);
            }
            rows.push(Row {
                severity: finding.severity,
                sheet: sheet.clone(),
                cell: placed.map(|p| a1(p.row, p.col)),
                field: t.field_name(&finding.field),
                message: finding.message.clone(),
            });
        }
        out.push(Drawn {
            t,
            sheet,
            layout,
            marks,
            rows,
        });
    }
    Ok(out)
}

/// 错误 or 提示.
fn severity_text(s: Severity) -> String {
    match s {
        Severity::Error => t!("feedback-severity-error"),
        Severity::Warning => t!("feedback-severity-warning"),
        Severity::Explain => t!("feedback-severity-explain"),
    }
}

/// The rows of [`SHEET`] that a workbook written for these forms lists, in order: for tests
/// and for a caller that wants to say what it sent.
pub fn rows(forms: &[FeedbackForm]) -> Result<Vec<Row>> {
    Ok(draw(forms)?.into_iter().flat_map(|d| d.rows).collect())
}

/// Column widths of [`SHEET`]: 严重程度, 工作表, 单元格, 栏目, 说明.
const WIDTHS: [f64; 5] = [10.0, 20.0, 9.0, 28.0, 60.0];

/// [`SHEET`]: a title, the instruction, the header row, one row per finding (or a line saying
/// there is none), then the office's comments, one per form that has one.
fn results_sheet(
    ws: &mut Worksheet,
    unit: &str,
    rows: &[&Row],
    comments: &[(&str, &str)],
) -> std::result::Result<(), XlsxError> {
    let f = report::Formats::new();
    ws.set_name(SHEET)?;
    let last = (WIDTHS.len() - 1) as u16;
    for (c, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let title = t!("feedback-title", unit = unit);
    ws.merge_range(0, 0, 0, last, report::clip(&title).as_ref(), &f.title)?;
    ws.set_row_height(0, 30.0)?;
    let instruction = t!("feedback-instruction");
    ws.merge_range(1, 0, 1, last, &instruction, &f.subtitle)?;
    let total: f64 = WIDTHS.iter().sum();
    ws.set_row_height(
        1,
        report::lines(&instruction, total) as f64 * report::LINE_PT + report::ROW_PAD,
    )?;
    let heads = [
        t!("feedback-col-severity"),
        t!("feedback-col-sheet"),
        t!("feedback-col-cell"),
        t!("feedback-col-field"),
        t!("feedback-col-message"),
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(report::HEAD_ROW, c as u16, h, &f.head)?;
    }
    let mut r = report::HEAD_ROW + 1;
    if rows.is_empty() {
        ws.merge_range(r, 0, r, last, &t!("feedback-no-findings"), &f.text)?;
        r += 1;
    }
    for row in rows {
        let texts = [
            severity_text(row.severity),
            row.sheet.clone(),
            row.cell.clone().unwrap_or_else(|| t!("feedback-no-cell")),
            row.field.clone(),
            report::clip(&row.message).into_owned(),
        ];
        let sev = match row.severity {
            Severity::Error | Severity::Explain => &f.error,
            Severity::Warning => &f.warning,
        };
        for (c, text) in texts.iter().enumerate() {
            let fmt = match c {
                0 => sev,
                2 => &f.center,
                _ => &f.text,
            };
            ws.write_string_with_format(r, c as u16, text, fmt)?;
        }
        report::set_data_row_height(ws, r, report::row_height(&texts, &WIDTHS))?;
        r += 1;
    }
    if !comments.is_empty() {
        r += 1;
        let head: Format = f.head.clone().set_align(FormatAlign::Left);
        ws.merge_range(r, 0, r, last, &t!("feedback-comments"), &head)?;
        r += 1;
        for (sheet, comment) in comments {
            ws.write_string_with_format(r, 0, *sheet, &f.text)?;
            ws.merge_range(r, 1, r, last, report::clip(comment).as_ref(), &f.text)?;
            let texts = [sheet.to_string(), comment.to_string()];
            let widths = [WIDTHS[0], total - WIDTHS[0]];
            report::set_data_row_height(ws, r, report::row_height(&texts, &widths))?;
            r += 1;
        }
    }
    ws.set_repeat_rows(report::HEAD_ROW, report::HEAD_ROW)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3);
    ws.set_footer(report::FOOTER);
    Ok(())
}
