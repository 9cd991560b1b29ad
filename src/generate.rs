//! Drawing forms into .xlsx workbooks.
//!
//! Each definition's [`crate::layout`] is drawn on its own sheet: merged cells, thin borders,
//! 宋体, wrapped centred text, computed row heights, the 执行率 formula with its cached result,
//! protection with the unit's cells unlocked, data validation on amounts, A4 print setup, and
//! a stamp that lets the importer recognise the form. [`reference_workbook_bytes`] paints it
//! through rust_xlsxwriter; [`workbook_bytes`], used by `generate`, writes the same package
//! part by part through [`crate::package`], several times faster, and is tested against the
//! reference. [`plan`] decides the file and sheet names; [`crate::output::write_atomic`] puts a file in place
//! without ever leaving half of it.

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties, Format,
    FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use std::collections::HashSet;
use std::path::Path;

use crate::amount;
use crate::error::{Error, Result};
use crate::layout::{Cached, Content, Role, SheetLayout, lay_out};
use crate::model::Definition;
use crate::names;
use crate::package;
use crate::template::{self, Template, a1};

/// Excel's limit on the text of one cell; the issued definition is split over cells of this
/// size at most.
pub use crate::layout::CELL_TEXT_MAX;

pub use crate::layout::{
    AMOUNT_ERROR, AMOUNT_ERROR_TITLE, AMOUNT_PROMPT, AMOUNT_PROMPT_TITLE, FOOTER,
};

/// How forms are issued.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Leave the unit's fields empty.
    pub blank: bool,
    /// Protect sheets with this password (protection is on either way unless `unprotected`).
    pub password: Option<String>,
    /// Do not protect sheets at all.
    pub unprotected: bool,
}

/// How definitions are grouped into workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// One workbook per project.
    #[default]
    Project,
    /// One workbook per 实施单位, one sheet per project.
    Unit,
}

/// One workbook to write: its file name and the definitions on its sheets (indices into the
/// caller's list), with their sheet names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub file_name: String,
    pub sheets: Vec<(usize, String)>,
}

/// Decide file and sheet names: safe, unique, deterministic.
///
/// With [`GroupBy::Unit`] the definitions are grouped by year and by the unit's name as people
/// read it ([`names::identity`]: NFC, trimmed) — never by what the name becomes as a file
/// name — and each group gets its own file name, made unique: `科信/支队`, `科信_支队` and
/// `科信:支队` are three units in three workbooks (`2021-科信_支队.xlsx`, `…-2.xlsx`,
/// `…-3.xlsx`), while a name typed with combining marks and the same name precomposed are one
/// unit. Two different groups never share a workbook or a file name.
pub fn plan(defs: &[&Definition], by: GroupBy) -> Vec<PlannedFile> {
    let mut taken_files = HashSet::new();
    let mut out: Vec<PlannedFile> = Vec::new();
    match by {
        GroupBy::Project => {
            for (i, d) in defs.iter().enumerate() {
                let stem = names::definition_stem(d, &mut taken_files);
                out.push(PlannedFile {
                    file_name: format!("{stem}.xlsx"),
                    sheets: vec![(i, names::sheet_name(&d.project))],
                });
            }
        }
        GroupBy::Unit => {
            // Groups in order of first appearance; the index finds a group by its key.
            let mut groups: Vec<(i32, String, Vec<usize>)> = Vec::new();
            let mut index: std::collections::HashMap<(i32, String), usize> = Default::default();
            for (i, d) in defs.iter().enumerate() {
                let key = (d.year, names::identity(&d.unit));
                match index.get(&key) {
                    Some(&g) => groups[g].2.push(i),
                    None => {
                        index.insert(key.clone(), groups.len());
                        groups.push((key.0, key.1, vec![i]));
                    }
                }
            }
            for (year, unit, members) in groups {
                let stem = names::unique(
                    names::file_stem(&format!("{year}-{}", names::file_stem(&unit))),
                    &mut taken_files,
                    names::Bound::Bytes(names::MAX_STEM_BYTES),
                );
                let mut taken_sheets = HashSet::from([crate::stamp::STAMP_SHEET.to_lowercase()]);
                let sheets = members
                    .into_iter()
                    .map(|i| {
                        let name = names::unique(
                            names::sheet_name(&defs[i].project),
                            &mut taken_sheets,
                            names::Bound::Utf16(names::MAX_SHEET_CHARS),
                        );
                        (i, name)
                    })
                    .collect();
                out.push(PlannedFile {
                    file_name: format!("{stem}.xlsx"),
                    sheets,
                });
            }
        }
    }
    out
}

/// Every planned file name that cannot be used as it is, with the reason (none, as
/// [`plan`] makes them; checked before anything is written all the same).
pub fn plan_problems(planned: &[PlannedFile]) -> Vec<(String, String)> {
    planned
        .iter()
        .filter_map(|p| names::file_name_problem(&p.file_name).map(|m| (p.file_name.clone(), m)))
        .collect()
}

const ROLES: [Role; 9] = [
    Role::Title,
    Role::Subtitle,
    Role::Label,
    Role::Value,
    Role::Input,
    Role::Amount,
    Role::AmountInput,
    Role::Rate,
    Role::Score,
];

fn role_index(role: Role) -> usize {
    ROLES.iter().position(|r| *r == role).unwrap_or(0)
}

/// The formats of one workbook, by role.
struct Formats {
    title: Format,
    subtitle: Format,
    label: Format,
    value: Format,
    input: Format,
    amount: Format,
    amount_input: Format,
    rate: Format,
    score: Format,
}

impl Formats {
    fn new(t: &Template) -> Formats {
        let base = Format::new()
            .set_font_name(t.font.as_str())
            .set_font_charset(134)
            .set_font_size(t.font_size)
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::Center)
            .set_align(FormatAlign::VerticalCenter)
            .set_text_wrap();
        let amount_fmt = "#,##0.00##";
        Formats {
            title: Format::new()
                .set_font_name(t.font.as_str())
                .set_font_charset(134)
                .set_font_size(t.title_font_size)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new()
                .set_font_name(t.font.as_str())
                .set_font_charset(134)
                .set_font_size(t.font_size + 1.0)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            label: base.clone(),
            value: base.clone(),
            input: base.clone().set_unlocked(),
            amount: base.clone().set_num_format(amount_fmt),
            amount_input: base.clone().set_num_format(amount_fmt).set_unlocked(),
            rate: base.clone().set_num_format("0.00%"),
            score: base.set_num_format("0.00"),
        }
    }

    /// Every role's format, in one fixed order. Registering them in this order first makes a
    /// workbook's styles the same whichever roles its forms use, so the package writer can take
    /// them from one skeleton.
    fn canonical(&self) -> [&Format; 9] {
        ROLES.map(|r| self.of(r))
    }

    /// The style (xf) index of each role in a workbook whose formats were registered in
    /// [`Formats::canonical`] order: 0 is the default style, equal formats share an index.
    fn xf_indices(&self) -> [u32; 9] {
        let all = self.canonical();
        let mut distinct: Vec<&Format> = Vec::new();
        all.map(|f| match distinct.iter().position(|d| *d == f) {
            Some(i) => i as u32 + 1,
            None => {
                distinct.push(f);
                distinct.len() as u32
            }
        })
    }

    fn of(&self, role: Role) -> &Format {
        match role {
            Role::Title => &self.title,
            Role::Subtitle => &self.subtitle,
            Role::Label => &self.label,
            Role::Value => &self.value,
            Role::Input => &self.input,
            Role::Amount => &self.amount,
            Role::AmountInput => &self.amount_input,
            Role::Rate => &self.rate,
            Role::Score => &self.score,
        }
    }
}

/// Build one workbook holding the given definitions, one sheet each, and return its bytes.
/// `path` is only used in error messages.
///
/// The parts are written by [`crate::package`]: the same package rust_xlsxwriter writes in
/// [`reference_workbook_bytes`], several times faster.
pub fn workbook_bytes(
    path: &Path,
    sheets: &[(&Definition, &str)],
    opts: &Options,
) -> Result<Vec<u8>> {
    let werr = |message: String| Error::Workbook {
        path: path.to_path_buf(),
        message,
    };
    // Check every sheet before drawing any, as rust_xlsxwriter does when it saves.
    let mut taken = HashSet::from([crate::stamp::STAMP_SHEET.to_lowercase()]);
    let mut templates = Vec::with_capacity(sheets.len());
    for (def, sheet_name) in sheets {
        templates.push(template::get(&def.form)?);
        let xerr = |e: XlsxError| Error::Xlsx {
            path: path.to_path_buf(),
            sheet: sheet_name.to_string(),
            message: e.to_string(),
        };
        rust_xlsxwriter::utility::check_sheet_name(sheet_name).map_err(xerr)?;
        // Excel compares sheet names without case.
        if !taken.insert(sheet_name.to_lowercase()) {
            return Err(xerr(XlsxError::SheetnameReused(sheet_name.to_string())));
        }
    }
    let Some(&t) = templates.last() else {
        return Err(werr("a workbook needs at least one form".into()));
    };
    let formats = Formats::new(t);
    let xf = formats.xf_indices();
    let skeleton = package::Skeleton::cached(&t.id, || skeleton_bytes(&formats)).map_err(werr)?;
    let protection = if opts.unprotected {
        package::Protection::None
    } else {
        package::Protection::Form(opts.password.as_deref().map(package::hash_password))
    };
    let mut book = package::BookWriter::new(&skeleton, sheets.len() + 1).map_err(werr)?;
    let mut stamp_rows: Vec<Vec<String>> = Vec::with_capacity(sheets.len());
    // Each form is laid out, written and dropped before the next: a workbook of many forms
    // holds one at a time.
    for ((def, sheet_name), t) in sheets.iter().zip(templates) {
        let l = lay_out(t, def, opts.blank);
        stamp_rows.push(crate::stamp::row(def, t, sheet_name, &l));
        let ws = form_sheet(path, sheet_name, &l, &xf, protection)?;
        book.add_sheet(&ws).map_err(werr)?;
    }
    let mut stamp = package::Sheet::new(crate::stamp::STAMP_SHEET);
    for (c, name) in crate::stamp::COLUMNS.iter().enumerate() {
        stamp.put(0, c as u16, 0, package::Value::Text(name));
    }
    for (r, row) in stamp_rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            stamp.put(r as u32 + 1, c as u16, 0, package::Value::Text(v));
        }
    }
    stamp.set_hidden_protected();
    book.add_sheet(&stamp).map_err(werr)?;
    let props = package::Properties {
        title: TITLE,
        author: AUTHOR,
        custom: custom_properties(sheets, &t.id),
    };
    book.finish(&props).map_err(werr)
}

/// One form's sheet for the package writer: what [`paint`] does on a rust_xlsxwriter sheet.
fn form_sheet<'a>(
    path: &Path,
    sheet_name: &'a str,
    l: &'a SheetLayout,
    xf: &[u32; 9],
    protection: package::Protection,
) -> Result<package::Sheet<'a>> {
    let mut ws = package::Sheet::new(sheet_name);
    for (c, w) in l.widths.iter().enumerate() {
        ws.set_width(c as u16, *w);
    }
    for (r, h) in l.row_heights.iter().enumerate() {
        ws.set_height(r as u32, *h);
    }
    if let Some((p, units)) = l.overlong() {
        return Err(Error::Cell {
            path: path.to_path_buf(),
            sheet: sheet_name.to_string(),
            cell: a1(p.row, p.col),
            message: format!(
                "{} is {units} characters long, more than the {CELL_TEXT_MAX} an Excel cell can \
                 hold",
                p.field.as_deref().unwrap_or("the text"),
            ),
        });
    }
    for p in &l.cells {
        let x = xf[role_index(p.role)];
        if p.is_merged() {
            let text = match &p.content {
                Content::Text(s) => s.as_str(),
                _ => "",
            };
            ws.merge(p.row, p.col, p.last_row, p.last_col, text, x);
        }
        let value = match &p.content {
            Content::Text(_) | Content::Blank if p.is_merged() => None,
            Content::Text(s) => Some(package::Value::Text(s)),
            Content::Blank => Some(package::Value::Blank),
            Content::Number(d) => Some(package::Value::Number(amount::to_cell_f64(*d))),
            Content::Formula { formula, cached } => Some(match cached {
                // A cached number is written as its decimal text, as the reference does.
                Some(Cached::Number(d)) => {
                    package::Value::Formula(formula, amount::text(*d).into())
                }
                Some(Cached::Text(t)) => package::Value::Formula(formula, t.as_str().into()),
                None => package::Value::Formula(formula, "".into()),
            }),
        };
        if let Some(v) = value {
            ws.put(p.row, p.col, x, v);
        }
    }
    for (r0, c0, r1, c1) in amount_runs(l) {
        ws.validate(r0, c0, r1, c1);
    }
    ws.set_form(l.indicator_header, protection);
    Ok(ws)
}

const TITLE: &str = "项目支出绩效自评表";
const AUTHOR: &str = "evalsheet";

/// The custom document properties: who made the workbook and, for a one-form workbook, which
/// form it is.
fn custom_properties(sheets: &[(&Definition, &str)], variant: &str) -> Vec<(&'static str, String)> {
    let mut props = vec![
        (
            "evalsheet.generator",
            concat!("evalsheet ", env!("CARGO_PKG_VERSION")).to_string(),
        ),
        ("evalsheet.variant", variant.to_string()),
        ("evalsheet.forms", sheets.len().to_string()),
    ];
    if let [(def, _)] = sheets {
        props.push(("evalsheet.year", def.year.to_string()));
        props.push(("evalsheet.project", def.project.clone()));
        props.push(("evalsheet.unit", def.unit.clone()));
        props.push(("evalsheet.issued_hash", def.issued_hash()));
    }
    props
}

/// A workbook rust_xlsxwriter saves with a template's formats registered in canonical order:
/// the source of the styles and theme every package of that template shares.
fn skeleton_bytes(formats: &Formats) -> std::result::Result<Vec<u8>, String> {
    let mut wb = Workbook::new();
    wb.set_zip_compression_level(1);
    let ws = wb.add_worksheet();
    for fmt in formats.canonical() {
        ws.write_blank(0, 0, fmt).map_err(|e| e.to_string())?;
    }
    wb.save_to_buffer().map_err(|e| e.to_string())
}

/// Build one workbook holding the given definitions, one sheet each, through rust_xlsxwriter,
/// and return its bytes. `path` is only used in error messages.
///
/// This is the reference drawing: [`workbook_bytes`] writes the same parts faster, and the
/// tests hold it to this one.
pub fn reference_workbook_bytes(
    path: &Path,
    sheets: &[(&Definition, &str)],
    opts: &Options,
) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    // Forms are small and text-heavy: the fastest deflate level costs a few KB per workbook
    // and saves a third of the time it takes to write one.
    wb.set_zip_compression_level(1);
    let mut stamp_rows: Vec<Vec<String>> = Vec::new();
    let mut variant = String::new();
    for (def, sheet_name) in sheets {
        let t = template::get(&def.form)?;
        variant = t.id.clone();
        let layout = lay_out(t, def, opts.blank);
        paint_sheet(
            &mut wb,
            path,
            sheet_name,
            t,
            &layout,
            opts,
            &Marks::default(),
        )?;
        stamp_rows.push(crate::stamp::row(def, t, sheet_name, &layout));
    }
    stamp_sheet(&mut wb, path, &stamp_rows)?;
    let mut props = DocProperties::new().set_title(TITLE).set_author(AUTHOR);
    for (name, value) in custom_properties(sheets, &variant) {
        props = props.set_custom_property(name, value.as_str());
    }
    wb.set_properties(&props);
    wb.save_to_buffer().map_err(|e| Error::Xlsx {
        path: path.to_path_buf(),
        sheet: String::new(),
        message: e.to_string(),
    })
}

/// Cells of a form drawn with a fill over their role's format, and the notes some of them
/// carry: what a feedback workbook adds to an issued form. Keyed by a cell's (or merged
/// range's) top-left corner.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub fill: Option<rust_xlsxwriter::Color>,
    /// Who the notes are from.
    pub author: String,
    pub cells: std::collections::BTreeMap<(u32, u16), String>,
}

/// Add a sheet named `sheet_name` to `wb` and draw the laid-out form on it, as an issued form
/// is drawn, with `marks` on top.
pub fn paint_sheet(
    wb: &mut Workbook,
    path: &Path,
    sheet_name: &str,
    t: &Template,
    layout: &SheetLayout,
    opts: &Options,
    marks: &Marks,
) -> Result<()> {
    let ws = wb.add_worksheet();
    let xerr = |e: XlsxError| Error::Xlsx {
        path: path.to_path_buf(),
        sheet: sheet_name.to_string(),
        message: e.to_string(),
    };
    ws.set_name(sheet_name).map_err(xerr)?;
    paint(ws, t, layout, opts, marks).map_err(|(cell, e)| match cell {
        Some(cell) => Error::Cell {
            path: path.to_path_buf(),
            sheet: sheet_name.to_string(),
            cell,
            message: e.to_string(),
        },
        None => xerr(e),
    })
}

/// Add the stamp: a hidden, protected sheet, one row per form sheet ([`crate::stamp::row`]).
pub fn stamp_sheet(wb: &mut Workbook, path: &Path, rows: &[Vec<String>]) -> Result<()> {
    let stamp = wb.add_worksheet();
    let xerr = |e: XlsxError| Error::Xlsx {
        path: path.to_path_buf(),
        sheet: crate::stamp::STAMP_SHEET.to_string(),
        message: e.to_string(),
    };
    stamp.set_name(crate::stamp::STAMP_SHEET).map_err(xerr)?;
    for (c, name) in crate::stamp::COLUMNS.iter().enumerate() {
        stamp.write_string(0, c as u16, *name).map_err(xerr)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            stamp
                .write_string(r as u32 + 1, c as u16, v.as_str())
                .map_err(xerr)?;
        }
    }
    stamp.set_hidden(true);
    stamp.protect();
    Ok(())
}

/// Split text into pieces of at most `max` UTF-16 units (Excel counts cell text in UTF-16).
type PaintResult = std::result::Result<(), (Option<String>, XlsxError)>;

/// Paint a laid-out form onto a worksheet.
fn paint(
    ws: &mut Worksheet,
    t: &Template,
    l: &SheetLayout,
    opts: &Options,
    marks: &Marks,
) -> PaintResult {
    let f = Formats::new(t);
    let plain = |e: XlsxError| (None, e);
    // Register every format in one order (A1 is then overwritten by the title).
    for fmt in f.canonical() {
        ws.write_blank(0, 0, fmt).map_err(plain)?;
    }
    for (c, w) in l.widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(plain)?;
    }
    for (r, h) in l.row_heights.iter().enumerate() {
        ws.set_row_height(r as u32, *h).map_err(plain)?;
    }
    // A formula without a known result shows blank, not 0, in readers that do not recalculate.
    ws.set_formula_result_default("");
    let validation = amount_validation().map_err(plain)?;
    for p in &l.cells {
        let at = |e: XlsxError| (Some(a1(p.row, p.col)), e);
        let marked;
        let fmt = match marks.fill {
            Some(fill) if marks.cells.contains_key(&(p.row, p.col)) => {
                marked = f.of(p.role).clone().set_background_color(fill);
                &marked
            }
            _ => f.of(p.role),
        };
        if p.is_merged() {
            let text = match &p.content {
                Content::Text(s) => s.as_str(),
                _ => "",
            };
            ws.merge_range(p.row, p.col, p.last_row, p.last_col, text, fmt)
                .map_err(at)?;
        }
        match &p.content {
            Content::Text(s) => {
                if !p.is_merged() {
                    ws.write_string_with_format(p.row, p.col, s.as_str(), fmt)
                        .map_err(at)?;
                }
            }
            Content::Blank => {
                if !p.is_merged() {
                    ws.write_blank(p.row, p.col, fmt).map_err(at)?;
                }
            }
            Content::Number(d) => {
                ws.write_number_with_format(p.row, p.col, amount::to_cell_f64(*d), fmt)
                    .map_err(at)?;
            }
            Content::Formula { formula, cached } => {
                let mut f = Formula::new(format!("={formula}"));
                match cached {
                    Some(Cached::Number(d)) => f = f.set_result(amount::text(*d)),
                    Some(Cached::Text(t)) => f = f.set_result(t.as_str()),
                    None => {}
                }
                ws.write_formula_with_format(p.row, p.col, f, fmt)
                    .map_err(at)?;
            }
        }
    }
    for ((r, c), text) in &marks.cells {
        let note = rust_xlsxwriter::Note::new(text.as_str())
            .set_author(marks.author.as_str())
            .set_font_name("宋体")
            .add_author_prefix(false)
            .set_width(360)
            .set_height(120);
        ws.insert_note(*r, *c, &note)
            .map_err(|e| (Some(a1(*r, *c)), e))?;
    }
    // One validation a run of amount cells, not one a cell: a form carries a dozen of them.
    for (r0, c0, r1, c1) in amount_runs(l) {
        ws.add_data_validation(r0, c0, r1, c1, &validation)
            .map_err(|e| (Some(a1(r0, c0)), e))?;
    }
    // Print: A4 portrait, one page wide, centred, the indicator header on every page.
    ws.set_paper_size(9);
    ws.set_portrait();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.5, 0.5, 0.6, 0.7, 0.3, 0.3);
    ws.set_footer(FOOTER);
    if let Some(h) = l.indicator_header {
        ws.set_repeat_rows(h, h).map_err(plain)?;
    }
    ws.set_screen_gridlines(false);
    if !opts.unprotected {
        let options = ProtectionOptions {
            format_rows: true,
            format_columns: true,
            insert_rows: true,
            ..ProtectionOptions::default()
        };
        ws.protect_with_options(&options);
        if let Some(pw) = &opts.password {
            ws.protect_with_password(pw);
            ws.protect_with_options(&options);
        }
    }
    Ok(())
}

/// The amount cells of a layout as runs down a column: the ranges that get one data
/// validation each.
fn amount_runs(l: &SheetLayout) -> Vec<(u32, u16, u32, u16)> {
    let mut runs = Ranges::default();
    for p in l
        .cells
        .iter()
        .filter(|p| matches!(p.role, Role::Amount | Role::AmountInput))
    {
        runs.add(p.row, p.col, p.last_row, p.last_col);
    }
    runs.0
}

/// Cell ranges, each cell added below the last one of the same columns joining it.
#[derive(Default)]
struct Ranges(Vec<(u32, u16, u32, u16)>);

impl Ranges {
    fn add(&mut self, row: u32, col: u16, last_row: u32, last_col: u16) {
        match self
            .0
            .iter_mut()
            .find(|r| r.1 == col && r.3 == last_col && r.2 + 1 == row)
        {
            Some(r) => r.2 = last_row,
            None => self.0.push((row, col, last_row, last_col)),
        }
    }
}

/// Amounts are decimals of at least zero.
fn amount_validation() -> std::result::Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        .set_error_style(DataValidationErrorStyle::Stop)
        .set_error_title(AMOUNT_ERROR_TITLE)?
        .set_error_message(AMOUNT_ERROR)?
        .set_input_title(AMOUNT_PROMPT_TITLE)?
        .set_input_message(AMOUNT_PROMPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(project: &str, unit: &str) -> Definition {
        Definition {
            year: 2021,
            form: "city".into(),
            project: project.into(),
            unit: unit.into(),
            ..Default::default()
        }
    }

    #[test]
    fn plan_by_project_names_files_safely_and_uniquely() {
        let a = def("扫黑除恶/专项", "支队");
        let b = def("扫黑除恶/专项", "支队");
        let c = def("..", "");
        let p = plan(&[&a, &b, &c], GroupBy::Project);
        assert_eq!(p[0].file_name, "2021-扫黑除恶_专项-支队.xlsx");
        assert_eq!(p[1].file_name, "2021-扫黑除恶_专项-支队-2.xlsx");
        assert_eq!(p[2].file_name, "2021-未命名.xlsx");
        assert_eq!(p[0].sheets, vec![(0, "扫黑除恶_专项".to_string())]);
    }

    #[test]
    fn plan_by_unit_groups_and_dedupes_sheet_names() {
        let long = "很".repeat(40);
        let a = def(&long, "禁毒支队");
        let b = def(&long, "禁毒支队");
        let c = def("x", "拘留所");
        let p = plan(&[&a, &b, &c], GroupBy::Unit);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].file_name, "2021-禁毒支队.xlsx");
        assert_eq!(p[0].sheets.len(), 2);
        assert_eq!(p[0].sheets[0].1.chars().count(), 31);
        assert_eq!(p[0].sheets[1].1.chars().count(), 31);
        assert_ne!(p[0].sheets[0].1, p[0].sheets[1].1);
        assert_eq!(p[1].sheets, vec![(2, "x".to_string())]);
    }

    #[test]
    fn plan_by_unit_never_merges_units_whose_file_names_clash() {
        let long = "长".repeat(299);
        let defs = [
            def("甲", "科信/支队"),
            def("乙", "科信_支队"),
            def("丙", "科信:支队"),
            def("丁", &format!("{long}一")),
            def("戊", &format!("{long}二")),
            def("己", "科信/支队"),
            // The same unit, typed with a combining mark (NFD) and precomposed (NFC), and
            // with blanks around it: one unit.
            def("庚", "Cafe\u{301}"),
            def("辛", " Caf\u{e9} "),
        ];
        let refs: Vec<&Definition> = defs.iter().collect();
        let p = plan(&refs, GroupBy::Unit);
        let members: Vec<Vec<usize>> = p
            .iter()
            .map(|f| f.sheets.iter().map(|s| s.0).collect())
            .collect();
        assert_eq!(
            members,
            vec![vec![0, 5], vec![1], vec![2], vec![3], vec![4], vec![6, 7]]
        );
        let files: Vec<&str> = p.iter().map(|f| f.file_name.as_str()).collect();
        assert_eq!(
            &files[..3],
            [
                "2021-科信_支队.xlsx",
                "2021-科信_支队-2.xlsx",
                "2021-科信_支队-3.xlsx"
            ]
        );
        assert_eq!(files[5], "2021-Caf\u{e9}.xlsx");
        let distinct: HashSet<String> = files.iter().map(|f| f.to_lowercase()).collect();
        assert_eq!(distinct.len(), files.len());
        assert!(files.iter().all(|f| f.len() <= 255), "{files:?}");
        assert!(plan_problems(&p).is_empty());
        // The same year and unit in another year is another workbook.
        let mut other_year = def("甲", "科信/支队");
        other_year.year = 2022;
        let p = plan(&[&defs[0], &other_year], GroupBy::Unit);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn plan_by_project_keeps_long_and_wide_names_within_bytes() {
        let long = "长".repeat(299);
        let defs = [
            def(&format!("{long}一"), "支队"),
            def(&format!("{long}二"), "支队"),
            def(&"😀".repeat(100), &"𠀀".repeat(100)),
            def("a\u{202E}gpj.exe", "x\u{200B}y"),
        ];
        let refs: Vec<&Definition> = defs.iter().collect();
        let p = plan(&refs, GroupBy::Project);
        assert_ne!(p[0].file_name, p[1].file_name);
        assert!(p[1].file_name.ends_with("-2.xlsx"));
        for f in &p {
            assert!(
                f.file_name.len() <= names::MAX_STEM_BYTES + 5,
                "{}",
                f.file_name
            );
        }
        assert_eq!(p[3].file_name, "2021-agpj.exe-xy.xlsx");
        assert_eq!(p[3].sheets[0].1, "agpj.exe");
        assert!(plan_problems(&p).is_empty());
    }

    #[test]
    fn a_text_too_long_for_its_cell_is_named_by_sheet_cell_and_field() {
        let mut d = def("长文本", "禁毒支队");
        d.goal.target = "长".repeat(40_000);
        let e =
            workbook_bytes(Path::new("x.xlsx"), &[(&d, "表")], &Options::default()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.xlsx, sheet 表, cell B11: goal.target is 40000 characters long, more than the \
             32767 an Excel cell can hold."
        );
    }
}
