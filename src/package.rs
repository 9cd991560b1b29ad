//! The .xlsx package of issued forms, written part by part.
//!
//! [`crate::generate::reference_workbook_bytes`] draws a workbook through rust_xlsxwriter.
//! Drawing one form that way costs about 0.8 ms, most of it fixed per workbook: a thread per
//! worksheet, a fresh deflate stream per part, the theme compressed again each time. A
//! province issues tens of thousands of forms, one workbook each, so the batch path writes the
//! same parts here instead, in about 0.25 ms: the styles and theme come once from
//! rust_xlsxwriter (a skeleton workbook per template, compressed once and copied raw into
//! every package), and the sheets, shared strings, workbook and document properties are
//! written as rust_xlsxwriter writes them. The tests hold the two to the same parts (all but
//! the numbering of shared strings and the creation time) on every example, both variants,
//! every option and property-generated definitions, so what Excel, WPS and LibreOffice open is
//! what rust_xlsxwriter would have written.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex, OnceLock};

use rust_xlsxwriter::utility::quote_sheet_name;

use crate::cellref::{col_letters, range};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Parts smaller than this are stored: a deflate stream costs more to start than it saves.
const STORE_BELOW: usize = 1024;

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The parts every package of one template shares: styles.xml and theme1.xml, deflated once.
pub(crate) struct Skeleton {
    archive: ZipArchive<Cursor<Arc<[u8]>>>,
    styles: usize,
    theme: usize,
}

impl Skeleton {
    /// Build (once per template and process) from a workbook rust_xlsxwriter saved.
    pub(crate) fn cached(
        key: &str,
        build: impl FnOnce() -> Result<Vec<u8>, String>,
    ) -> Result<Arc<Skeleton>, String> {
        static CACHE: OnceLock<Mutex<HashMap<String, Arc<Skeleton>>>> = OnceLock::new();
        let cache = CACHE.get_or_init(Default::default);
        if let Some(s) = cache.lock().map_err(|e| e.to_string())?.get(key) {
            return Ok(s.clone());
        }
        let bytes: Arc<[u8]> = build()?.into();
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let find = |name: &str| {
            archive
                .index_for_name(name)
                .ok_or_else(|| format!("the skeleton workbook has no {name}"))
        };
        let skeleton = Arc::new(Skeleton {
            styles: find("xl/styles.xml")?,
            theme: find("xl/theme/theme1.xml")?,
            archive,
        });
        cache
            .lock()
            .map_err(|e| e.to_string())?
            .insert(key.to_string(), skeleton.clone());
        Ok(skeleton)
    }
}

/// What a cell holds.
pub(crate) enum Value<'a> {
    Blank,
    Text(&'a str),
    Number(f64),
    /// Formula (without `=`) and cached result.
    Formula(&'a str, Cow<'a, str>),
}

struct Cell<'a> {
    xf: u32,
    value: Value<'a>,
}

/// How a sheet is protected.
#[derive(Clone, Copy)]
pub(crate) enum Protection {
    None,
    /// Protected with no options (the stamp).
    Plain,
    /// The form's: formatting rows and columns and inserting rows allowed, optional password.
    Form(Option<u16>),
}

/// One worksheet, built cell by cell with rust_xlsxwriter's semantics (a later write to a cell
/// replaces the earlier one).
pub(crate) struct Sheet<'a> {
    name: &'a str,
    rows: Vec<Vec<Option<Cell<'a>>>>,
    /// Row heights in pixels.
    heights: Vec<Option<u32>>,
    /// Column widths in pixels.
    widths: Vec<Option<u32>>,
    merges: Vec<(u32, u16, u32, u16)>,
    validations: Vec<(u32, u16, u32, u16)>,
    /// A printed form: no gridlines, fit to width, A4, centred, footer.
    form: bool,
    hidden: bool,
    protection: Protection,
    repeat_row: Option<u32>,
}

impl<'a> Sheet<'a> {
    pub(crate) fn new(name: &'a str) -> Sheet<'a> {
        Sheet {
            name,
            rows: Vec::new(),
            heights: Vec::new(),
            widths: Vec::new(),
            merges: Vec::new(),
            validations: Vec::new(),
            form: false,
            hidden: false,
            protection: Protection::None,
            repeat_row: None,
        }
    }

    pub(crate) fn set_form(&mut self, repeat_row: Option<u32>, protection: Protection) {
        self.form = true;
        self.repeat_row = repeat_row;
        self.protection = protection;
    }

    pub(crate) fn set_hidden_protected(&mut self) {
        self.hidden = true;
        self.protection = Protection::Plain;
    }

    /// As `Worksheet::set_column_width`.
    pub(crate) fn set_width(&mut self, col: u16, width: f64) {
        let px = if width == 0.0 {
            0
        } else if width < 1.0 {
            (width * 12.0).round() as u32
        } else {
            (width * 7.0).round() as u32 + 5
        };
        let c = col as usize;
        if self.widths.len() <= c {
            self.widths.resize(c + 1, None);
        }
        self.widths[c] = Some(px.min(1790));
    }

    /// As `Worksheet::set_row_height`.
    pub(crate) fn set_height(&mut self, row: u32, height: f64) {
        let px = (height * 4.0 / 3.0).round() as u32;
        let r = row as usize;
        if self.heights.len() <= r {
            self.heights.resize(r + 1, None);
        }
        self.heights[r] = Some(px);
    }

    pub(crate) fn put(&mut self, row: u32, col: u16, xf: u32, value: Value<'a>) {
        // rust_xlsxwriter writes an empty string as a blank cell.
        let value = match value {
            Value::Text("") => Value::Blank,
            v => v,
        };
        let (r, c) = (row as usize, col as usize);
        if self.rows.len() <= r {
            self.rows.resize_with(r + 1, Vec::new);
        }
        let cells = &mut self.rows[r];
        if cells.len() <= c {
            cells.resize_with(c + 1, || None);
        }
        cells[c] = Some(Cell { xf, value });
    }

    /// As `Worksheet::merge_range`: the text in the first cell, formatted blanks in the rest.
    pub(crate) fn merge(&mut self, r0: u32, c0: u16, r1: u32, c1: u16, text: &'a str, xf: u32) {
        self.put(r0, c0, xf, Value::Text(text));
        for c in c0 + 1..=c1 {
            self.put(r0, c, xf, Value::Blank);
        }
        for r in r0 + 1..=r1 {
            for c in c0..=c1 {
                self.put(r, c, xf, Value::Blank);
            }
        }
        self.merges.push((r0, c0, r1, c1));
    }

    pub(crate) fn validate(&mut self, r0: u32, c0: u16, r1: u32, c1: u16) {
        self.validations.push((r0, c0, r1, c1));
    }

    fn dimension(&self) -> String {
        let last_row = self.rows.len().max(self.heights.len());
        let last_col = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        if last_row == 0 || last_col == 0 {
            return "A1".into();
        }
        range(0, 0, last_row as u32 - 1, last_col as u16 - 1)
    }

    /// The sheet's XML, shared strings added to `sst`.
    fn xml(&self, out: &mut String, sst: &mut Sst, selected: bool) {
        out.push_str(XML_DECL);
        let _ = write!(out, "<worksheet xmlns=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\">");
        if self.form {
            out.push_str("<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>");
        }
        let _ = write!(out, "<dimension ref=\"{}\"/>", self.dimension());
        out.push_str("<sheetViews><sheetView");
        if self.form {
            out.push_str(" showGridLines=\"0\"");
        }
        if selected {
            out.push_str(" tabSelected=\"1\"");
        }
        out.push_str(
            " workbookViewId=\"0\"/></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>",
        );
        self.cols_xml(out);
        self.data_xml(out, sst);
        match self.protection {
            Protection::None => {}
            Protection::Plain => {
                out.push_str("<sheetProtection sheet=\"1\" objects=\"1\" scenarios=\"1\"/>");
            }
            Protection::Form(hash) => {
                out.push_str("<sheetProtection");
                if let Some(h) = hash {
                    let _ = write!(out, " password=\"{h:X}\"");
                }
                out.push_str(
                    " sheet=\"1\" objects=\"1\" scenarios=\"1\" formatColumns=\"0\" \
                     formatRows=\"0\" insertRows=\"0\"/>",
                );
            }
        }
        if !self.merges.is_empty() {
            let _ = write!(out, "<mergeCells count=\"{}\">", self.merges.len());
            for &(r0, c0, r1, c1) in &self.merges {
                let _ = write!(out, "<mergeCell ref=\"{}\"/>", range(r0, c0, r1, c1));
            }
            out.push_str("</mergeCells>");
        }
        if !self.validations.is_empty() {
            // Kept, like rust_xlsxwriter, in the order of their range's text.
            let mut ranges: Vec<String> = self
                .validations
                .iter()
                .map(|&(r0, c0, r1, c1)| range(r0, c0, r1, c1))
                .collect();
            ranges.sort();
            ranges.dedup();
            let _ = write!(out, "<dataValidations count=\"{}\">", ranges.len());
            for sqref in &ranges {
                let _ = write!(
                    out,
                    "<dataValidation type=\"decimal\" operator=\"greaterThanOrEqual\" \
                     allowBlank=\"1\" showInputMessage=\"1\" showErrorMessage=\"1\" \
                     errorTitle=\"{}\" error=\"{}\" promptTitle=\"{}\" prompt=\"{}\" \
                     sqref=\"{}\"><formula1>0</formula1></dataValidation>",
                    crate::layout::AMOUNT_ERROR_TITLE,
                    crate::layout::AMOUNT_ERROR,
                    crate::layout::AMOUNT_PROMPT_TITLE,
                    crate::layout::AMOUNT_PROMPT,
                    sqref
                );
            }
            out.push_str("</dataValidations>");
        }
        if self.form {
            out.push_str(
                "<printOptions horizontalCentered=\"1\"/><pageMargins left=\"0.5\" \
                 right=\"0.5\" top=\"0.6\" bottom=\"0.7\" header=\"0.3\" footer=\"0.3\"/>\
                 <pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"portrait\" \
                 horizontalDpi=\"200\" verticalDpi=\"200\"/><headerFooter><oddFooter>",
            );
            escape_data(out, crate::layout::FOOTER);
            out.push_str("</oddFooter></headerFooter>");
        } else {
            out.push_str(
                "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" \
                 header=\"0.3\" footer=\"0.3\"/>",
            );
        }
        out.push_str("</worksheet>");
    }

    fn cols_xml(&self, out: &mut String) {
        let cols: Vec<(usize, u32)> = self
            .widths
            .iter()
            .enumerate()
            .filter_map(|(c, w)| w.map(|w| (c, w)))
            .collect();
        if cols.is_empty() {
            return;
        }
        out.push_str("<cols>");
        let mut i = 0;
        while i < cols.len() {
            let (first, w) = cols[i];
            let mut last = first;
            while i + 1 < cols.len() && cols[i + 1].0 == last + 1 && cols[i + 1].1 == w {
                i += 1;
                last = cols[i].0;
            }
            let width = f64::from(w * 256 / 7) / 256.0;
            let _ = write!(
                out,
                "<col min=\"{}\" max=\"{}\" width=\"{width}\"",
                first + 1,
                last + 1
            );
            if w != 64 {
                out.push_str(" customWidth=\"1\"");
            }
            out.push_str("/>");
            i += 1;
        }
        out.push_str("</cols>");
    }

    fn data_xml(&self, out: &mut String, sst: &mut Sst) {
        let nrows = self.rows.len().max(self.heights.len());
        if nrows == 0 {
            out.push_str("<sheetData/>");
            return;
        }
        out.push_str("<sheetData>");
        // Spans: the first and last used column of each block of 16 rows.
        let mut spans: Vec<Option<(usize, usize)>> = vec![None; nrows.div_ceil(16)];
        for (r, cells) in self.rows.iter().enumerate() {
            for (c, cell) in cells.iter().enumerate() {
                if cell.is_some() {
                    let s = spans[r / 16].get_or_insert((c, c));
                    s.0 = s.0.min(c);
                    s.1 = s.1.max(c);
                }
            }
        }
        let mut name = String::new();
        for r in 0..nrows {
            let cells = self.rows.get(r).filter(|c| c.iter().any(Option::is_some));
            let height = self.heights.get(r).copied().flatten();
            if cells.is_none() && height.is_none() {
                continue;
            }
            let _ = write!(out, "<row r=\"{}\"", r + 1);
            if let Some((a, b)) = spans[r / 16] {
                let _ = write!(out, " spans=\"{}:{}\"", a + 1, b + 1);
            }
            if let Some(px) = height.filter(|&px| px != 20) {
                let _ = write!(out, " ht=\"{}\" customHeight=\"1\"", f64::from(px) * 0.75);
            }
            let Some(cells) = cells else {
                out.push_str("/>");
                continue;
            };
            out.push('>');
            for (c, cell) in cells.iter().enumerate() {
                let Some(cell) = cell else { continue };
                name.clear();
                name.push_str(&col_letters(c as u16));
                let row = r + 1;
                let xf = cell.xf;
                match &cell.value {
                    Value::Blank => {
                        if xf > 0 {
                            let _ = write!(out, "<c r=\"{name}{row}\" s=\"{xf}\"/>");
                        }
                    }
                    Value::Text(s) => {
                        let id = sst.id(s);
                        if xf > 0 {
                            let _ = write!(out, "<c r=\"{name}{row}\" s=\"{xf}\" t=\"s\">");
                        } else {
                            let _ = write!(out, "<c r=\"{name}{row}\" t=\"s\">");
                        }
                        let _ = write!(out, "<v>{id}</v></c>");
                    }
                    Value::Number(n) => {
                        let _ = write!(out, "<c r=\"{name}{row}\" s=\"{xf}\"><v>{n}</v></c>");
                    }
                    Value::Formula(f, result) => {
                        let result: &str = result;
                        let _ = write!(out, "<c r=\"{name}{row}\" s=\"{xf}\"");
                        if result.parse::<f64>().is_err() {
                            out.push_str(match result {
                                "#DIV/0!" | "#N/A" | "#NAME?" | "#NULL!" | "#NUM!" | "#REF!"
                                | "#VALUE!" | "#GETTING_DATA" => " t=\"e\"",
                                "TRUE" | "FALSE" => " t=\"b\"",
                                _ => " t=\"str\"",
                            });
                        }
                        out.push_str("><f>");
                        escape_data(out, f);
                        out.push_str("</f><v>");
                        match result {
                            "TRUE" => out.push('1'),
                            "FALSE" => out.push('0'),
                            r => escape_data(out, r),
                        }
                        out.push_str("</v></c>");
                    }
                }
            }
            out.push_str("</row>");
        }
        out.push_str("</sheetData>");
    }
}

/// The shared strings table: ids in order of first use.
#[derive(Default)]
struct Sst {
    ids: HashMap<Arc<str>, u32>,
    strings: Vec<Arc<str>>,
    count: u32,
}

impl Sst {
    fn id(&mut self, s: &str) -> u32 {
        self.count += 1;
        if let Some(id) = self.ids.get(s) {
            return *id;
        }
        let id = self.strings.len() as u32;
        let s: Arc<str> = s.into();
        self.ids.insert(s.clone(), id);
        self.strings.push(s);
        id
    }

    fn xml(&self, out: &mut String) {
        out.push_str(XML_DECL);
        let _ = write!(
            out,
            "<sst xmlns=\"{NS_MAIN}\" count=\"{}\" uniqueCount=\"{}\">",
            self.count,
            self.strings.len()
        );
        for s in &self.strings {
            out.push_str("<si><t");
            if s.starts_with(['\t', '\n', ' ']) || s.ends_with(['\t', '\n', ' ']) {
                out.push_str(" xml:space=\"preserve\"");
            }
            out.push('>');
            escape_data(out, &escape_escapes(s));
            out.push_str("</t></si>");
        }
        out.push_str("</sst>");
    }
}

/// Document properties of the package.
pub(crate) struct Properties<'a> {
    pub title: &'a str,
    pub author: &'a str,
    pub custom: Vec<(&'a str, String)>,
}

/// A workbook being written: the parts that only need the number of sheets first, then each
/// sheet as it is drawn (so a workbook of a thousand forms never holds them all), then the
/// parts that list the sheets and their strings.
pub(crate) struct BookWriter {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    buf: String,
    sst: Sst,
    sheet_count: usize,
    /// Name and hidden flag of each sheet written.
    sheets: Vec<(String, bool)>,
    /// Print titles: sheet index, defined name text, quoted sheet name.
    titles: Vec<(usize, String, String)>,
}

fn zerr(e: zip::result::ZipError) -> String {
    e.to_string()
}

impl BookWriter {
    pub(crate) fn new(skeleton: &Skeleton, sheet_count: usize) -> Result<BookWriter, String> {
        let mut w = BookWriter {
            zip: ZipWriter::new(Cursor::new(Vec::with_capacity(16 * 1024))),
            buf: String::with_capacity(32 * 1024),
            sst: Sst::default(),
            sheet_count,
            sheets: Vec::with_capacity(sheet_count),
            titles: Vec::new(),
        };
        content_types(&mut w.buf, sheet_count);
        add(&mut w.zip, "[Content_Types].xml", &w.buf)?;
        w.buf.clear();
        root_rels(&mut w.buf);
        add(&mut w.zip, "_rels/.rels", &w.buf)?;
        w.buf.clear();
        workbook_rels(&mut w.buf, sheet_count);
        add(&mut w.zip, "xl/_rels/workbook.xml.rels", &w.buf)?;
        let mut archive = skeleton.archive.clone();
        for index in [skeleton.theme, skeleton.styles] {
            let file = archive.by_index_raw(index).map_err(zerr)?;
            w.zip.raw_copy_file(file).map_err(zerr)?;
        }
        Ok(w)
    }

    /// Write the next sheet.
    pub(crate) fn add_sheet(&mut self, sheet: &Sheet<'_>) -> Result<(), String> {
        let i = self.sheets.len();
        if i >= self.sheet_count {
            return Err(format!(
                "more sheets than the {} announced",
                self.sheet_count
            ));
        }
        self.buf.clear();
        sheet.xml(&mut self.buf, &mut self.sst, i == 0);
        add(
            &mut self.zip,
            &format!("xl/worksheets/sheet{}.xml", i + 1),
            &self.buf,
        )?;
        self.sheets.push((sheet.name.to_string(), sheet.hidden));
        if let Some(r) = sheet.repeat_row {
            let quoted = quote_sheet_name(sheet.name);
            self.titles
                .push((i, format!("{quoted}!${}:${}", r + 1, r + 1), quoted));
        }
        Ok(())
    }

    /// Write the remaining parts and return the package.
    pub(crate) fn finish(mut self, props: &Properties<'_>) -> Result<Vec<u8>, String> {
        if self.sheets.len() != self.sheet_count {
            return Err(format!(
                "{} sheets announced, {} written",
                self.sheet_count,
                self.sheets.len()
            ));
        }
        // Excel keeps defined names sorted.
        self.titles.sort_by(|a, b| a.1.cmp(&b.1));
        self.buf.clear();
        self.workbook_xml();
        add(&mut self.zip, "xl/workbook.xml", &self.buf)?;
        if !self.sst.strings.is_empty() {
            self.buf.clear();
            self.sst.xml(&mut self.buf);
            add(&mut self.zip, "xl/sharedStrings.xml", &self.buf)?;
        }
        self.buf.clear();
        core_xml(&mut self.buf, props);
        add(&mut self.zip, "docProps/core.xml", &self.buf)?;
        self.buf.clear();
        self.app_xml();
        add(&mut self.zip, "docProps/app.xml", &self.buf)?;
        if !props.custom.is_empty() {
            self.buf.clear();
            custom_xml(&mut self.buf, props);
            add(&mut self.zip, "docProps/custom.xml", &self.buf)?;
        }
        Ok(self.zip.finish().map_err(zerr)?.into_inner())
    }

    fn workbook_xml(&mut self) {
        let out = &mut self.buf;
        out.push_str(XML_DECL);
        let _ = write!(
            out,
            "<workbook xmlns=\"{NS_MAIN}\" xmlns:r=\"{NS_REL}\"><fileVersion appName=\"xl\" \
             lastEdited=\"4\" lowestEdited=\"4\" rupBuild=\"4505\"/><workbookPr \
             defaultThemeVersion=\"124226\"/><bookViews><workbookView xWindow=\"240\" \
             yWindow=\"15\" windowWidth=\"16095\" windowHeight=\"9660\"/></bookViews><sheets>"
        );
        for (i, (name, hidden)) in self.sheets.iter().enumerate() {
            out.push_str("<sheet name=\"");
            escape_attr(out, name);
            let _ = write!(out, "\" sheetId=\"{}\"", i + 1);
            if *hidden {
                out.push_str(" state=\"hidden\"");
            }
            let _ = write!(out, " r:id=\"rId{}\"/>", i + 1);
        }
        out.push_str("</sheets>");
        if !self.titles.is_empty() {
            out.push_str("<definedNames>");
            for (i, range, _) in &self.titles {
                let _ = write!(
                    out,
                    "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{i}\">"
                );
                escape_data(out, range);
                out.push_str("</definedName>");
            }
            out.push_str("</definedNames>");
        }
        out.push_str("<calcPr calcId=\"124519\" fullCalcOnLoad=\"1\"/></workbook>");
    }

    fn app_xml(&mut self) {
        let out = &mut self.buf;
        out.push_str(XML_DECL);
        out.push_str(
            "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
             xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
             <Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>\
             <ScaleCrop>false</ScaleCrop><HeadingPairs>",
        );
        let n = self.sheets.len();
        if self.titles.is_empty() {
            let _ = write!(
                out,
                "<vt:vector size=\"2\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets\
                 </vt:lpstr></vt:variant><vt:variant><vt:i4>{n}</vt:i4></vt:variant></vt:vector>"
            );
        } else {
            let _ = write!(
                out,
                "<vt:vector size=\"4\" baseType=\"variant\"><vt:variant><vt:lpstr>Worksheets\
                 </vt:lpstr></vt:variant><vt:variant><vt:i4>{n}</vt:i4></vt:variant><vt:variant>\
                 <vt:lpstr>Named Ranges</vt:lpstr></vt:variant><vt:variant><vt:i4>{}</vt:i4>\
                 </vt:variant></vt:vector>",
                self.titles.len()
            );
        }
        let _ = write!(
            out,
            "</HeadingPairs><TitlesOfParts><vt:vector size=\"{}\" baseType=\"lpstr\">",
            n + self.titles.len()
        );
        for (name, _) in &self.sheets {
            out.push_str("<vt:lpstr>");
            escape_data(out, name);
            out.push_str("</vt:lpstr>");
        }
        for (_, _, quoted) in &self.titles {
            out.push_str("<vt:lpstr>");
            escape_data(out, quoted);
            out.push_str("!Print_Titles</vt:lpstr>");
        }
        out.push_str(
            "</vt:vector></TitlesOfParts><Company></Company><LinksUpToDate>false</LinksUpToDate>\
             <SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>\
             <AppVersion>12.0000</AppVersion></Properties>",
        );
    }
}

fn add<W: Write + std::io::Seek>(
    zip: &mut ZipWriter<W>,
    name: &str,
    text: &str,
) -> Result<(), String> {
    let options = SimpleFileOptions::default()
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o600);
    let options = if text.len() < STORE_BELOW {
        options.compression_method(CompressionMethod::Stored)
    } else {
        options
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(1))
    };
    zip.start_file(name, options).map_err(|e| e.to_string())?;
    zip.write_all(text.as_bytes()).map_err(|e| e.to_string())
}

fn content_types(out: &mut String, sheets: usize) {
    const PRE: &str = "application/vnd.openxmlformats-officedocument.";
    out.push_str(XML_DECL);
    let _ = write!(
        out,
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"{PRE}extended-properties+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/xl/styles.xml\" ContentType=\"{PRE}spreadsheetml.styles+xml\"/>\
         <Override PartName=\"/xl/theme/theme1.xml\" ContentType=\"{PRE}theme+xml\"/>\
         <Override PartName=\"/xl/workbook.xml\" ContentType=\"{PRE}spreadsheetml.sheet.main+xml\"/>"
    );
    for i in 1..=sheets {
        let _ = write!(
            out,
            "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" ContentType=\"{PRE}spreadsheetml.worksheet+xml\"/>"
        );
    }
    let _ = write!(
        out,
        "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"{PRE}spreadsheetml.sharedStrings+xml\"/>\
         <Override PartName=\"/docProps/custom.xml\" ContentType=\"{PRE}custom-properties+xml\"/></Types>"
    );
}

fn root_rels(out: &mut String) {
    out.push_str(XML_DECL);
    out.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
         <Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/>\
         </Relationships>",
    );
}

fn workbook_rels(out: &mut String, sheets: usize) {
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    out.push_str(XML_DECL);
    out.push_str(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
    );
    for i in 1..=sheets {
        let _ = write!(
            out,
            "<Relationship Id=\"rId{i}\" Type=\"{REL}worksheet\" Target=\"worksheets/sheet{i}.xml\"/>"
        );
    }
    let _ = write!(
        out,
        "<Relationship Id=\"rId{}\" Type=\"{REL}theme\" Target=\"theme/theme1.xml\"/>\
         <Relationship Id=\"rId{}\" Type=\"{REL}styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rId{}\" Type=\"{REL}sharedStrings\" Target=\"sharedStrings.xml\"/>\
         </Relationships>",
        sheets + 1,
        sheets + 2,
        sheets + 3
    );
}

fn core_xml(out: &mut String, props: &Properties<'_>) {
    out.push_str(XML_DECL);
    out.push_str(
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    out.push_str("<dc:title>");
    escape_data(out, props.title);
    out.push_str("</dc:title><dc:creator>");
    escape_data(out, props.author);
    out.push_str("</dc:creator><cp:lastModifiedBy>");
    escape_data(out, props.author);
    let now = utc_now();
    let _ = write!(
        out,
        "</cp:lastModifiedBy><dcterms:created xsi:type=\"dcterms:W3CDTF\">{now}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{now}</dcterms:modified></cp:coreProperties>"
    );
}

fn custom_xml(out: &mut String, props: &Properties<'_>) {
    out.push_str(XML_DECL);
    out.push_str(
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">",
    );
    for (i, (name, value)) in props.custom.iter().enumerate() {
        let _ = write!(
            out,
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{}\" name=\"",
            i + 2
        );
        escape_attr(out, name);
        out.push_str("\"><vt:lpwstr>");
        escape_data(out, value);
        out.push_str("</vt:lpwstr></property>");
    }
    out.push_str("</Properties>");
}

/// The current time as W3CDTF (`2026-11-27T10:41:18Z`).
pub(crate) fn utc_now() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Excel's legacy sheet-protection password hash.
pub(crate) fn hash_password(password: &str) -> u16 {
    if password.is_empty() {
        return 0;
    }
    let mut hash: u16 = 0;
    for byte in password.as_bytes().iter().rev() {
        hash = ((hash >> 14) & 0x01) | ((hash << 1) & 0x7FFF);
        hash ^= u16::from(*byte);
    }
    hash = ((hash >> 14) & 0x01) | ((hash << 1) & 0x7FFF);
    hash ^= password.len() as u16;
    hash ^ 0xCE4B
}

/// Text in element data, as Excel writes it: `&<>` escaped, control characters as `_xHHHH_`.
fn escape_data(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' | '\n' => out.push(ch),
            '\x00'..='\x1F' | '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "_x{:04X}_", ch as u32);
            }
            _ => out.push(ch),
        }
    }
}

fn escape_attr(out: &mut String, s: &str) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' => out.push_str("&#xA;"),
            _ => out.push(ch),
        }
    }
}

/// A literal `_xHHHH_` in a string would read back as an escaped character: Excel escapes its
/// underscore (`_x005F_xHHHH_`).
fn escape_escapes(s: &str) -> Cow<'_, str> {
    if !s.contains("_x") {
        return s.into();
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 12);
    let mut last = 0;
    for (i, _) in s.match_indices("_x") {
        let is_escape = i + 7 <= b.len()
            && b[i + 6] == b'_'
            && b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit);
        if is_escape {
            out.push_str(&s[last..i]);
            out.push_str("_x005F");
            last = i;
        }
    }
    out.push_str(&s[last..]);
    out.into()
}

/// Test support: whether two packages hold the same parts. Shared strings may be numbered
/// differently (rust_xlsxwriter numbers them in the order its sheet threads finish), so cells
/// are compared by their text; the creation time is ignored. Returns the first difference.
#[doc(hidden)]
pub fn same_parts(a: &[u8], b: &[u8]) -> Result<(), String> {
    use std::io::Read;
    fn parts(bytes: &[u8]) -> Result<Vec<(String, String)>, String> {
        let mut z = ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let mut out = Vec::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).map_err(|e| e.to_string())?;
            let mut s = String::new();
            f.read_to_string(&mut s).map_err(|e| e.to_string())?;
            let name = f.name().map_err(|e| e.to_string())?.to_string();
            out.push((name, s));
        }
        out.sort();
        Ok(out)
    }
    fn strings(parts: &[(String, String)]) -> Vec<String> {
        parts
            .iter()
            .find(|(n, _)| n == "xl/sharedStrings.xml")
            .map(|(_, x)| {
                x.split("<si>")
                    .skip(1)
                    .map(|s| s.trim_end_matches("</sst>").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }
    fn resolve(xml: &str, sst: &[String]) -> String {
        let mut out = String::new();
        let mut rest = xml;
        while let Some(i) = rest.find("t=\"s\"><v>") {
            let start = i + 10;
            out.push_str(&rest[..start]);
            let end = rest[start..].find('<').map_or(rest.len(), |e| start + e);
            let id: usize = rest[start..end].parse().unwrap_or(usize::MAX);
            out.push_str(sst.get(id).map_or("?", String::as_str));
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    }
    fn mask_times(xml: &str) -> String {
        let mut out = String::new();
        for (i, piece) in xml.split("W3CDTF\">").enumerate() {
            if i > 0 {
                out.push_str("W3CDTF\">");
                out.push_str(piece.get(20..).unwrap_or(piece));
            } else {
                out.push_str(piece);
            }
        }
        out
    }
    let (pa, pb) = (parts(a)?, parts(b)?);
    let names = |p: &[(String, String)]| p.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    if names(&pa) != names(&pb) {
        return Err(format!(
            "parts differ: {:?} vs {:?}",
            names(&pa),
            names(&pb)
        ));
    }
    let (sa, sb) = (strings(&pa), strings(&pb));
    for ((name, xa), (_, xb)) in pa.iter().zip(&pb) {
        let (xa, xb) = if name.starts_with("xl/worksheets/") {
            (resolve(xa, &sa), resolve(xb, &sb))
        } else if name == "xl/sharedStrings.xml" {
            let (mut a, mut b) = (sa.clone(), sb.clone());
            a.sort();
            b.sort();
            let head = |x: &str| x.split("<si>").next().unwrap_or("").to_string();
            (format!("{}{a:?}", head(xa)), format!("{}{b:?}", head(xb)))
        } else if name == "docProps/core.xml" {
            (mask_times(xa), mask_times(xb))
        } else {
            (xa.clone(), xb.clone())
        };
        if xa != xb {
            let at = xa
                .bytes()
                .zip(xb.bytes())
                .position(|(x, y)| x != y)
                .unwrap_or(xa.len().min(xb.len()));
            let from = at.saturating_sub(120);
            let cut = |s: &str| {
                let mut f = from;
                while !s.is_char_boundary(f) {
                    f -= 1;
                }
                let mut t = (at + 200).min(s.len());
                while !s.is_char_boundary(t) {
                    t -= 1;
                }
                s[f..t].to_string()
            };
            return Err(format!(
                "{name} differs at byte {at}:\n  {}\n  {}",
                cut(&xa),
                cut(&xb)
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{self, Options};
    use crate::model::Definition;

    fn examples(dir: &str) -> Vec<Definition> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let (loaded, errors) = crate::load::load_all(&[path]).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        loaded.into_iter().map(|l| l.def).collect()
    }

    fn assert_same(defs: &[(&Definition, &str)], opts: &Options) {
        let p = std::path::Path::new("x.xlsx");
        let fast = generate::workbook_bytes(p, defs, opts).unwrap();
        let reference = generate::reference_workbook_bytes(p, defs, opts).unwrap();
        if let Err(e) = same_parts(&fast, &reference) {
            panic!("{}: {e}", defs[0].0.project);
        }
    }

    #[test]
    fn every_example_is_drawn_as_rust_xlsxwriter_draws_it() {
        let options = [
            Options::default(),
            Options {
                blank: true,
                ..Options::default()
            },
            Options {
                password: Some("secret".into()),
                ..Options::default()
            },
            Options {
                unprotected: true,
                ..Options::default()
            },
        ];
        for dir in ["examples/2021", "examples/2022", "examples/2021-mof"] {
            let defs = examples(dir);
            for opts in &options {
                for d in &defs {
                    assert_same(&[(d, &crate::names::sheet_name(&d.project))], opts);
                }
            }
            // One workbook a unit: many form sheets, print titles sorted, one stamp.
            let plan = generate::plan(&defs.iter().collect::<Vec<_>>(), generate::GroupBy::Unit);
            for f in plan {
                let sheets: Vec<(&Definition, &str)> = f
                    .sheets
                    .iter()
                    .map(|(i, n)| (&defs[*i], n.as_str()))
                    .collect();
                assert_same(&sheets, &options[0]);
            }
        }
    }

    #[test]
    fn escapes_as_excel_does() {
        let mut s = String::new();
        escape_data(&mut s, "a&b<c>\"d\"\n\t\x01\u{FFFE}");
        assert_eq!(s, "a&amp;b&lt;c&gt;\"d\"\n\t_x0001__xFFFE_");
        assert_eq!(escape_escapes("x_x00aF_y_x12_"), "x_x005F_x00aF_y_x12_");
        let mut a = String::new();
        escape_attr(&mut a, "a\"b\nc");
        assert_eq!(a, "a&quot;b&#xA;c");
    }

    #[test]
    fn password_hash_matches_excel() {
        // Excel's hash of "password" is 83AF.
        assert_eq!(hash_password("password"), 0x83AF);
        assert_eq!(hash_password(""), 0);
    }

    #[test]
    fn utc_now_is_w3cdtf() {
        let now = utc_now();
        assert_eq!(now.len(), 20, "{now}");
        assert!(now.starts_with("20") && now.ends_with('Z'), "{now}");
        assert_eq!(&now[10..11], "T");
    }
}
