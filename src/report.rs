//! Report workbooks: the 汇总表 of `collect`, the change report of `diff`, and the reports to
//! come. What makes them look alike is written here once: 宋体 (charset 134) at 11 points,
//! thin borders, grey header cells, the amount and percent formats, the colours of errors,
//! warnings and inline deletions and insertions, a title and subtitle over a header row, column
//! widths fitted to the content within each column's bounds, row heights from one estimate of
//! wrapped lines, and A4 landscape printing one page wide with the header repeated and
//! `第 N 页，共 M 页` in the footer.
//!
//! A sheet is described by a column table ([`Col`]) and filled row by row; rows may be
//! written in constant-memory mode, each flushed to a temporary file as the next starts.

use rust_xlsxwriter::{
    Color, Format, FormatAlign, FormatBorder, FormatUnderline, Workbook, Worksheet, XlsxError,
};
use std::borrow::Cow;
use std::path::Path;
use unicode_width::UnicodeWidthStr;

use crate::error::{Error, Result};
use crate::layout::CELL_TEXT_MAX;

/// Zero-based row of the column headers on every sheet (title and subtitle above it).
pub const HEAD_ROW: u32 = 2;

/// The page footer of every report, as of the forms: `第 N 页，共 M 页`.
pub use crate::layout::FOOTER;

/// Points per line of 11-point 宋体, and the padding of a row.
pub const LINE_PT: f64 = 14.5;
pub const ROW_PAD: f64 = 4.0;
/// Excel's largest row height.
pub const ROW_MAX_PT: f64 = 409.0;
/// The height of a row of one line: the sheets' default, so that only taller rows are
/// listed one by one (rust_xlsxwriter keeps every listed row's options until it saves).
pub const ONE_LINE_PT: f64 = LINE_PT + ROW_PAD;

pub type XResult<T> = std::result::Result<T, XlsxError>;

/// A column: its header's message in the catalogue (`locales/*/reports.ftl`), minimum and
/// maximum width in Excel character units.
#[derive(Debug, Clone, Copy)]
pub struct Col {
    pub id: &'static str,
    pub min: f64,
    pub max: f64,
}

/// A column of a table: `col("report-col-unit", 10.0, 20.0)` (实施单位).
pub const fn col(id: &'static str, min: f64, max: f64) -> Col {
    Col { id, min, max }
}

impl Col {
    /// The header in the current language.
    pub fn head(&self) -> String {
        crate::i18n::text(self.id, &[])
    }
}

/// The formats of a report.
pub struct Formats {
    pub title: Format,
    pub subtitle: Format,
    pub head: Format,
    pub text: Format,
    pub center: Format,
    pub count: Format,
    pub amount: Format,
    pub rate: Format,
    pub total_label: Format,
    pub total_count: Format,
    pub total_amount: Format,
    pub total_rate: Format,
    /// An error's severity, and text that must catch the eye (a forbidden change).
    pub error: Format,
    pub alarm: Format,
    pub warning: Format,
    /// Runs of an inline text diff: unchanged, deleted (red, struck through), inserted
    /// (green, underlined).
    pub run_same: Format,
    pub run_deleted: Format,
    pub run_inserted: Format,
}

/// The base font of every report.
pub fn font() -> Format {
    Format::new()
        .set_font_name("宋体")
        .set_font_charset(134)
        .set_font_size(11)
}

/// Red of errors and deletions, amber of warnings, green of insertions.
pub const RED: Color = Color::RGB(0xC00000);
pub const AMBER: Color = Color::RGB(0xB36200);
pub const GREEN: Color = Color::RGB(0x008000);

impl Formats {
    pub fn new() -> Formats {
        let cell = font()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let amount_fmt = "#,##0.00##";
        let total = cell
            .clone()
            .set_bold()
            .set_background_color(Color::RGB(0xF2F2F2));
        Formats {
            title: font()
                .set_font_size(16)
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: font()
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::VerticalCenter),
            head: cell
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(0xD9D9D9)),
            text: cell.clone().set_align(FormatAlign::Left),
            center: cell.clone().set_align(FormatAlign::Center),
            count: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0"),
            amount: cell
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format(amount_fmt),
            rate: cell
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format("0.00%"),
            total_label: total.clone().set_align(FormatAlign::Center),
            total_count: total
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0"),
            total_amount: total
                .clone()
                .set_align(FormatAlign::Right)
                .set_num_format(amount_fmt),
            total_rate: total.set_align(FormatAlign::Right).set_num_format("0.00%"),
            error: cell
                .clone()
                .set_align(FormatAlign::Center)
                .set_font_color(RED)
                .set_bold(),
            alarm: cell
                .clone()
                .set_align(FormatAlign::Left)
                .set_font_color(RED)
                .set_bold(),
            warning: cell.set_align(FormatAlign::Center).set_font_color(AMBER),
            run_same: font(),
            run_deleted: font().set_font_color(RED).set_font_strikethrough(),
            run_inserted: font()
                .set_font_color(GREEN)
                .set_underline(FormatUnderline::Single),
        }
    }
}

impl Default for Formats {
    fn default() -> Formats {
        Formats::new()
    }
}

/// Display width of a text in Excel character units: East Asian wide and ambiguous
/// characters count 2 (a Chinese font draws the curly quotes, dash and ellipsis the messages
/// use full-width), others 1.
pub fn units(s: &str) -> usize {
    s.width_cjk()
}

/// Lines a text takes in a column `width` units wide, wrapped.
pub fn lines(s: &str, width: f64) -> usize {
    // Office suites fit a little less than the nominal width on a line.
    let w = (width - 2.0).max(2.0);
    s.split('\n')
        .map(|l| ((units(l) as f64) / w).ceil().max(1.0) as usize)
        .sum()
}

/// Column widths fitting the header and the texts, within each column's bounds. The rows are
/// made one at a time (a 问题清单 can have tens of thousands).
pub fn fit_widths(cols: &[Col], rows: impl Iterator<Item = Vec<String>>) -> Vec<f64> {
    let mut w = Widths::new(cols);
    for r in rows {
        w.add(&r);
    }
    w.finish()
}

/// The widest text of each column so far, in width units.
pub struct Widths<'a> {
    cols: &'a [Col],
    content: Vec<usize>,
}

impl<'a> Widths<'a> {
    pub fn new(cols: &'a [Col]) -> Widths<'a> {
        Widths {
            cols,
            content: vec![0; cols.len()],
        }
    }

    /// Take a row's texts into account.
    pub fn add(&mut self, row: &[String]) {
        for (ci, t) in row.iter().enumerate().take(self.cols.len()) {
            let w = t.split('\n').map(units).max().unwrap_or(0);
            self.content[ci] = self.content[ci].max(w);
        }
    }

    /// The widths: content and header fitted, within each column's bounds.
    pub fn finish(self) -> Vec<f64> {
        self.cols
            .iter()
            .zip(self.content)
            .map(|(c, content)| {
                let content = content as f64 + 2.0;
                // A header may wrap onto two lines rather than widen its column; one that says
                // where to break keeps its lines whole.
                let h = c.head();
                let head = if h.contains('\n') {
                    h.split('\n').map(units).max().unwrap_or(0) as f64 + 2.0
                } else {
                    (units(&h) as f64 / 2.0).ceil() + 2.0
                };
                content.max(head).clamp(c.min, c.max)
            })
            .collect()
    }
}

/// Set a data row's height, unless it is the sheet's default.
pub fn set_data_row_height(ws: &mut Worksheet, row: u32, height: f64) -> XResult<()> {
    let px = |h: f64| (h * 4.0 / 3.0).round() as u32;
    if px(height) != px(ONE_LINE_PT) {
        ws.set_row_height(row, height)?;
    }
    Ok(())
}

/// Height of a row holding these texts in columns of these widths.
pub fn row_height(texts: &[String], widths: &[f64]) -> f64 {
    let n = texts
        .iter()
        .zip(widths)
        .map(|(t, w)| lines(t, *w))
        .max()
        .unwrap_or(1);
    (n as f64 * LINE_PT + ROW_PAD).min(ROW_MAX_PT)
}

/// Text cut to what one cell may hold (Excel counts UTF-16 units).
pub fn clip(s: &str) -> Cow<'_, str> {
    if s.len() <= CELL_TEXT_MAX {
        return Cow::Borrowed(s);
    }
    let mut units = 0;
    let mut out = String::new();
    for c in s.chars() {
        units += c.len_utf16();
        if units > CELL_TEXT_MAX - 1 {
            out.push('…');
            break;
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// The years as a title says them: `2021`, `2020、2021`.
pub fn years_text(years: &[i32]) -> String {
    years
        .iter()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
        .join("、")
}

/// Title, subtitle and header row of a sheet, and its column widths.
pub fn head(
    ws: &mut Worksheet,
    f: &Formats,
    cols: &[Col],
    widths: &[f64],
    title: &str,
    subtitle: &str,
) -> XResult<()> {
    head_over(ws, f, (cols, cols.len()), widths, title, subtitle)
}

/// [`head`] with the title and subtitle over the first `printed` columns only (those of
/// [`print_only`]).
pub fn head_over(
    ws: &mut Worksheet,
    f: &Formats,
    (cols, printed): (&[Col], usize),
    widths: &[f64],
    title: &str,
    subtitle: &str,
) -> XResult<()> {
    let last = (printed.clamp(1, cols.len()) - 1) as u16;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.merge_range(0, 0, 0, last, title, &f.title)?;
    ws.set_row_height(0, 30.0)?;
    ws.merge_range(1, 0, 1, last, clip(subtitle).as_ref(), &f.subtitle)?;
    let total: f64 = widths.iter().take(usize::from(last) + 1).sum();
    ws.set_row_height(1, lines(subtitle, total) as f64 * LINE_PT + ROW_PAD)?;
    let heads: Vec<String> = cols.iter().map(Col::head).collect();
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(HEAD_ROW, c as u16, h, &f.head)?;
    }
    ws.set_row_height(HEAD_ROW, row_height(&heads, widths))?;
    Ok(())
}

/// Freeze the header, filter on it, and print A4 landscape one page wide with the header on
/// every page.
pub fn finish(
    ws: &mut Worksheet,
    cols: usize,
    last_data_row: u32,
    freeze_cols: u16,
) -> XResult<()> {
    let last = (cols - 1) as u16;
    ws.autofilter(HEAD_ROW, 0, last_data_row.max(HEAD_ROW), last)?;
    ws.set_freeze_panes(HEAD_ROW + 1, freeze_cols)?;
    ws.set_repeat_rows(HEAD_ROW, HEAD_ROW)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_center_horizontally(true);
    ws.set_margins(0.4, 0.4, 0.5, 0.6, 0.3, 0.3);
    ws.set_footer(crate::t!("report-footer"));
    Ok(())
}

/// The printable width of an A4 landscape page within the margins of [`finish`] (0.4 inch
/// left and right), in pixels at 96 per inch, as Excel measures columns.
pub const PRINTABLE_PX: f64 = (11.69 - 0.8) * 96.0;

/// The smallest fit-to-width scale a report may print at: 11-point text prints at 9 points
/// or more.
pub const MIN_PRINT_SCALE: f64 = 9.0 / 11.0;

/// A column of `width` character units in pixels, as Excel draws it with the workbook's
/// default font (Calibri 11: 7 pixels a character, 5 of padding).
pub fn column_px(width: f64) -> f64 {
    (width * 7.0 + 5.0).floor()
}

/// The scale Excel prints columns of these widths at, fitted to one page wide (1 when they
/// fit unscaled).
pub fn print_scale(widths: &[f64]) -> f64 {
    let total: f64 = widths.iter().copied().map(column_px).sum();
    (PRINTABLE_PX / total).min(1.0)
}

/// Print only the first `printed` columns: the ones after them (a field's path, a rule's id)
/// are for machines and filters, on screen but not on paper.
pub fn print_only(ws: &mut Worksheet, printed: usize, last_data_row: u32) -> XResult<()> {
    ws.set_print_area(0, 0, last_data_row.max(HEAD_ROW), (printed - 1) as u16)?;
    Ok(())
}

/// A report's workbook built by `build` and saved to bytes; `path` names the file in errors.
/// rust_xlsxwriter's constant-memory writer panics when it cannot write its temporary files
/// (a full disk): that is answered as [`Error::TempFiles`], not a crash.
pub fn save(
    path: &Path,
    build: impl FnOnce(&mut Workbook) -> std::result::Result<(), (String, XlsxError)>,
) -> Result<Vec<u8>> {
    let xerr = |sheet: String, e: XlsxError| Error::Xlsx {
        path: path.to_path_buf(),
        sheet,
        message: e.to_string(),
    };
    let made = crate::without_panics(|| {
        let mut wb = Workbook::new();
        build(&mut wb).map_err(|(sheet, e)| xerr(sheet, e))?;
        wb.save_to_buffer().map_err(|e| xerr(String::new(), e))
    });
    made.unwrap_or_else(|message| {
        Err(Error::TempFiles {
            dir: std::env::temp_dir(),
            message,
        })
    })
}

/// Name the sheet an error came from: `sheet_err("汇总表")` maps an [`XlsxError`] for
/// [`save`].
pub fn sheet_err(sheet: &str) -> impl Fn(XlsxError) -> (String, XlsxError) + '_ {
    move |e| (sheet.to_string(), e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_chinese_and_curly_quotes_double() {
        assert_eq!(units("ab"), 2);
        assert_eq!(units("项目（A）"), 2 + 2 + 2 + 1 + 2);
        assert_eq!(units("“甲”—…"), 2 + 2 + 2 + 2 + 2);
        assert_eq!(lines("一二三四五六", 8.0), 2);
        assert_eq!(lines("一\n二", 20.0), 2);
    }

    #[test]
    fn long_text_is_clipped_to_a_cell() {
        let long = "长".repeat(CELL_TEXT_MAX + 10);
        let c = clip(&long);
        assert_eq!(c.encode_utf16().count(), CELL_TEXT_MAX);
        assert!(c.ends_with('…'));
        assert_eq!(clip("短"), "短");
    }
}
