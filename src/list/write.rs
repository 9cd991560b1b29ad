//! Writing a 项目清单: the 项目, 绩效指标 and 说明 sheets, with frozen and protected headers,
//! widths that fit, drop-down lists and amount validation.

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    FormatBorder, Formula, ProtectionOptions, Workbook, Worksheet, XlsxError,
};
use std::path::Path;

use super::{
    HELP, INDICATOR_COLUMNS, INDICATORS, PROJECTS, amount_of, form_label, project_header,
    project_keys, text_of, unit_filled,
};
use crate::error::Result;
use crate::model::Definition;
use crate::report::{self, XResult};

/// The last row a validation or a column's format reaches: all of them, so that rows a clerk
/// adds have them too.
const LAST_ROW: u32 = 1_048_575;
/// Columns given the unlocked format: every column, so that a whole row can be deleted on the
/// protected sheet (Excel refuses to delete a row that holds a locked cell).
const LAST_COL: u16 = 16_383;

struct Formats {
    head: Format,
    text: Format,
    number: Format,
    unlocked: Format,
    auto: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = report::font()
            .set_border(FormatBorder::Thin)
            .set_align(FormatAlign::VerticalCenter);
        Formats {
            head: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9D9D9)),
            text: cell.clone().set_text_wrap().set_unlocked(),
            number: cell.clone().set_unlocked().set_num_format("General"),
            unlocked: report::font().set_unlocked(),
            auto: cell
                .set_text_wrap()
                .set_unlocked()
                .set_font_color(Color::RGB(0x595959))
                .set_background_color(Color::RGB(0xF2F2F2)),
        }
    }
}

/// A column being written: its key, header and the widest text so far.
struct Col {
    key: String,
    head: String,
    kind: Kind,
    width: usize,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Amount,
    Whole,
    Form,
    Level1,
    Level2,
    Auto,
}

impl Col {
    fn new(key: &str, head: &str, kind: Kind) -> Col {
        Col {
            key: key.to_string(),
            head: head.to_string(),
            kind,
            width: 0,
        }
    }

    fn fit(&mut self, text: &str) {
        let w = text.split('\n').map(report::units).max().unwrap_or(0);
        self.width = self.width.max(w);
    }

    fn width(&self) -> f64 {
        let head = report::units(&self.head) as f64 + 2.0;
        let (min, max) = match self.kind {
            Kind::Amount => (10.0, 16.0),
            Kind::Whole | Kind::Form => (6.0, 10.0),
            Kind::Level1 | Kind::Level2 => (12.0, 20.0),
            _ => (10.0, 40.0),
        };
        (self.width as f64 + 2.0).max(head).clamp(min, max)
    }
}

/// The columns of the 项目 sheet for these definitions: the office's columns always (the
/// funding lines of the variants used, and any line that holds an amount), the unit's only
/// when a definition fills one in.
fn project_columns(defs: &[Definition]) -> Vec<Col> {
    let templates: Vec<&crate::template::Template> = {
        let mut ids: Vec<&str> = defs.iter().map(|d| d.form.as_str()).collect();
        ids.push(crate::model::DEFAULT_FORM);
        ids.sort_unstable();
        ids.dedup();
        ids.iter()
            .filter_map(|id| crate::template::get(id).ok())
            .collect()
    };
    let scored = templates.iter().any(|t| t.scored());
    let shown = |line: &str, measure: &str| {
        templates
            .iter()
            .any(|t| t.fund_lines().contains(&line) && (measure == "budget" || t.scored()))
    };
    project_keys()
        .into_iter()
        .filter(|key| {
            let any_value = defs.iter().any(|d| {
                amount_of(d, key).is_some_and(|a| a.is_some())
                    || text_of(d, key).is_some_and(|t| !t.is_empty())
            });
            if unit_filled(key) {
                return any_value;
            }
            if key == "funds.weight" {
                return scored || any_value;
            }
            match key
                .strip_prefix("funds.")
                .and_then(|rest| rest.split_once('.'))
            {
                Some((line, measure)) => any_value || shown(line, measure),
                None => true,
            }
        })
        .map(|key| {
            let kind = match key.as_str() {
                "no" | "year" => Kind::Whole,
                "form" => Kind::Form,
                k if k.starts_with("funds.") => Kind::Amount,
                _ => Kind::Text,
            };
            Col::new(&key, &project_header(&key), kind)
        })
        .collect()
}

/// The columns of the 绩效指标 sheet: 分值 where the national form is used or a weight is
/// given, the unit's columns only when filled in.
fn indicator_columns(defs: &[Definition]) -> Vec<Col> {
    let scored = defs
        .iter()
        .any(|d| crate::template::get(&d.form).is_ok_and(crate::template::Template::scored));
    let inds = || defs.iter().flat_map(|d| &d.indicators);
    INDICATOR_COLUMNS
        .iter()
        .filter(|(key, _)| match *key {
            "weight" => scored || inds().any(|i| i.weight.is_some()),
            "actual" => inds().any(|i| !i.actual.is_empty()),
            "reason" => inds().any(|i| !i.reason.is_empty()),
            "score" => inds().any(|i| i.score.is_some()),
            _ => true,
        })
        .map(|(key, head)| {
            let kind = match *key {
                "no" => Kind::Whole,
                "name_auto" => Kind::Auto,
                "level1" => Kind::Level1,
                "level2" => Kind::Level2,
                "weight" | "score" => Kind::Amount,
                _ => Kind::Text,
            };
            Col::new(key, head, kind)
        })
        .collect()
}

/// A value to write in a cell.
enum Cell {
    Blank,
    Text(String),
    Number(f64),
    Amount(rust_decimal::Decimal),
}

impl Cell {
    fn shown(&self) -> String {
        match self {
            Cell::Blank => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Amount(d) => crate::amount::text(*d),
        }
    }
}

fn project_cell(d: &Definition, no: usize, key: &str) -> Cell {
    match key {
        "no" => Cell::Number(no as f64),
        "year" => Cell::Number(f64::from(d.year)),
        "form" => Cell::Text(form_label(&d.form)),
        _ => {
            if let Some(t) = text_of(d, key) {
                return if t.is_empty() {
                    Cell::Blank
                } else {
                    Cell::Text(t.to_string())
                };
            }
            match amount_of(d, key).flatten() {
                Some(a) => Cell::Amount(a),
                None => Cell::Blank,
            }
        }
    }
}

fn indicator_cell(i: &crate::model::Indicator, no: usize, key: &str) -> Cell {
    let text = |s: &str| {
        if s.is_empty() {
            Cell::Blank
        } else {
            Cell::Text(s.to_string())
        }
    };
    let amount = |a: Option<rust_decimal::Decimal>| a.map_or(Cell::Blank, Cell::Amount);
    match key {
        "no" => Cell::Number(no as f64),
        "level1" => text(&i.level1),
        "level2" => text(&i.level2),
        "name" => text(&i.name),
        "target" => text(&i.target),
        "actual" => text(&i.actual),
        "reason" => text(&i.reason),
        "weight" => amount(i.weight),
        "score" => amount(i.score),
        _ => Cell::Blank,
    }
}

/// Write a cell: an amount as a number when its double reads back as the same decimal (every
/// amount a definition may hold), else as its exact text.
fn put(ws: &mut Worksheet, f: &Formats, r: u32, c: u16, cell: &Cell) -> XResult<()> {
    match cell {
        Cell::Blank => {}
        Cell::Text(s) => {
            ws.write_string_with_format(r, c, report::clip(s).as_ref(), &f.text)?;
        }
        Cell::Number(n) => {
            ws.write_number_with_format(r, c, *n, &f.number)?;
        }
        Cell::Amount(d) => {
            let x = crate::amount::to_cell_f64(*d);
            if crate::amount::from_cell_f64(x) == Some(*d) {
                ws.write_number_with_format(r, c, x, &f.number)?;
            } else {
                ws.write_string_with_format(r, c, crate::amount::text(*d), &f.number)?;
            }
        }
    }
    Ok(())
}

/// The workbook of a 项目清单 holding these definitions, in this order; `path` names it in
/// errors.
pub fn workbook_bytes(path: &Path, defs: &[Definition]) -> Result<Vec<u8>> {
    report::save(path, |wb| build(wb, defs))
}

fn build(wb: &mut Workbook, defs: &[Definition]) -> std::result::Result<(), (String, XlsxError)> {
    let f = Formats::new();
    let mut cols = project_columns(defs);
    let rows: Vec<Vec<Cell>> = defs
        .iter()
        .enumerate()
        .map(|(n, d)| {
            cols.iter()
                .map(|c| project_cell(d, n + 1, &c.key))
                .collect()
        })
        .collect();
    let ws = wb.add_worksheet();
    sheet(ws, &f, PROJECTS, &mut cols, &rows, None).map_err(report::sheet_err(PROJECTS))?;

    let mut icols = indicator_columns(defs);
    let no_col = cols.iter().position(|c| c.key == "no").unwrap_or(0);
    let name_col = cols.iter().position(|c| c.key == "project").unwrap_or(3);
    let irows: Vec<Vec<Cell>> = defs
        .iter()
        .enumerate()
        .flat_map(|(n, d)| {
            let icols = &icols;
            d.indicators.iter().map(move |i| {
                icols
                    .iter()
                    .map(|c| match c.key.as_str() {
                        "name_auto" => Cell::Text(d.project.clone()),
                        k => indicator_cell(i, n + 1, k),
                    })
                    .collect()
            })
        })
        .collect();
    let lookup = (no_col as u16, name_col as u16);
    let ws = wb.add_worksheet();
    sheet(ws, &f, INDICATORS, &mut icols, &irows, Some(lookup))
        .map_err(report::sheet_err(INDICATORS))?;

    let ws = wb.add_worksheet();
    help(ws).map_err(report::sheet_err(HELP))?;
    Ok(())
}

/// One data sheet: headers, rows, widths, validation, protection. `lookup` is the 项目
/// sheet's (项目编号, 项目资金名称) columns, for the formula column of the 绩效指标 sheet.
fn sheet(
    ws: &mut Worksheet,
    f: &Formats,
    name: &str,
    cols: &mut [Col],
    rows: &[Vec<Cell>],
    lookup: Option<(u16, u16)>,
) -> XResult<()> {
    ws.set_name(name)?;
    for row in rows {
        for (c, cell) in cols.iter_mut().zip(row) {
            c.fit(&cell.shown());
        }
    }
    let widths: Vec<f64> = cols.iter().map(Col::width).collect();
    ws.set_column_range_format(0, LAST_COL, &f.unlocked)?;
    for (c, (col, w)) in cols.iter().zip(&widths).enumerate() {
        let c = c as u16;
        ws.set_column_width(c, *w)?;
        let fmt = match col.kind {
            Kind::Amount | Kind::Whole => &f.number,
            Kind::Auto => &f.auto,
            _ => &f.text,
        };
        ws.set_column_format(c, fmt)?;
        ws.write_string_with_format(0, c, &col.head, &f.head)?;
        validate(ws, c, col)?;
    }
    let heads: Vec<String> = cols.iter().map(|c| c.head.clone()).collect();
    ws.set_row_height(0, report::row_height(&heads, &widths))?;
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, (col, cell)) in cols.iter().zip(row).enumerate() {
            let c = c as u16;
            match (col.kind, lookup) {
                (Kind::Auto, Some((no, project))) => auto_name(ws, f, r, c, no, project, cell)?,
                _ => put(ws, f, r, c, cell)?,
            }
        }
        let texts: Vec<String> = row.iter().map(Cell::shown).collect();
        report::set_data_row_height(ws, r, report::row_height(&texts, &widths))?;
    }
    ws.set_freeze_panes(1, 0)?;
    let options = ProtectionOptions {
        insert_rows: true,
        delete_rows: true,
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

/// The 项目资金名称（自动） cell: the project's name looked up by its 项目编号, with the name as
/// the cached result so that it shows before Excel recalculates.
fn auto_name(
    ws: &mut Worksheet,
    f: &Formats,
    r: u32,
    c: u16,
    no: u16,
    project: u16,
    cell: &Cell,
) -> XResult<()> {
    let col = |c: u16| rust_xlsxwriter::utility::column_number_to_name(c);
    let row = r + 1;
    let formula = format!(
        "=IFERROR(INDEX({PROJECTS}!${p}:${p},MATCH($A{row},{PROJECTS}!${n}:${n},0)),\"\")",
        p = col(project),
        n = col(no),
    );
    let result = cell.shown();
    ws.write_formula_with_format(r, c, Formula::new(formula).set_result(result), &f.auto)?;
    Ok(())
}

/// The data validation of a column: drop-down lists for 表样 and the 一级/二级指标 of the
/// standard vocabulary, numbers for amounts, whole numbers for 年度 and 项目编号.
fn validate(ws: &mut Worksheet, c: u16, col: &Col) -> XResult<()> {
    let dv = match col.kind {
        Kind::Form => {
            let labels: Vec<String> = crate::template::ids().into_iter().map(form_label).collect();
            DataValidation::new()
                .allow_list_strings(&labels)?
                .set_error_title(crate::t!("list-dv-title"))?
                .set_error_message(crate::t!("list-dv-form", forms = labels.join("、")))?
        }
        Kind::Level1 => DataValidation::new()
            .allow_list_strings(&crate::wording::level1_labels())?
            .set_error_title(crate::t!("list-dv-title"))?
            .set_error_message(crate::t!("list-dv-level1"))?,
        // Returned forms carry 二级指标 outside the vocabulary (typos kept from old forms):
        // the list offers the standard ones and warns about others.
        Kind::Level2 => DataValidation::new()
            .allow_list_strings(&crate::wording::level2_labels())?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_title(crate::t!("list-dv-title"))?
            .set_error_message(crate::t!("list-dv-level2"))?,
        Kind::Amount => DataValidation::new()
            .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
            .set_error_title(crate::t!("list-dv-title"))?
            .set_error_message(crate::t!("list-dv-amount"))?,
        Kind::Whole if col.key == "year" => DataValidation::new()
            .allow_whole_number(DataValidationRule::Between(1949, 2100))
            .set_error_title(crate::t!("list-dv-title"))?
            .set_error_message(crate::t!("list-dv-year"))?,
        _ => return Ok(()),
    };
    ws.add_data_validation(1, c, LAST_ROW, c, &dv)?;
    Ok(())
}

/// The 说明 sheet: how to fill the list in, one paragraph a row.
fn help(ws: &mut Worksheet) -> XResult<()> {
    ws.set_name(HELP)?;
    ws.set_column_width(0, 64.0)?;
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    let para = report::font().set_text_wrap().set_align(FormatAlign::Top);
    let title = report::font().set_bold().set_font_size(14);
    ws.write_string_with_format(0, 0, crate::t!("list-help-title"), &title)?;
    ws.set_row_height(0, 24.0)?;
    let forms: Vec<String> = crate::template::ids().into_iter().map(form_label).collect();
    let paras = [
        crate::t!("list-help-projects"),
        crate::t!("list-help-no"),
        crate::t!("list-help-form", forms = forms.join("、")),
        crate::t!("list-help-amounts"),
        crate::t!("list-help-indicators"),
        crate::t!(
            "list-help-vocabulary",
            level1 = crate::wording::level1_labels().join("、")
        ),
        crate::t!("list-help-edit"),
        crate::t!("list-help-use"),
    ];
    for (r, p) in paras.iter().enumerate() {
        let r = r as u32 + 2;
        ws.write_string_with_format(r, 0, p, &para)?;
        ws.set_row_height(r, report::row_height(std::slice::from_ref(p), &[58.0]))?;
    }
    ws.protect();
    Ok(())
}
