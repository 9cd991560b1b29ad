//! A sheet read from any workbook format as a sparse grid of values plus its merged ranges:
//! the one view of a returned form the importer works on, whatever suite saved it.
//!
//! Opening is defensive: the format is recognised from the bytes (not the name), zip
//! archives are measured before they are inflated, cells far outside any form are ignored,
//! encrypted workbooks are named as such, and a reader failure becomes an error, never a
//! crash.

use calamine::{Data, DataRef, Ods, Reader, SheetVisible, Sheets, Xls, Xlsx};
use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use crate::amount;
use crate::error::{Error, Result};

/// Largest workbook file read.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// Largest total size a workbook's zip may inflate to.
pub const MAX_INFLATED_BYTES: u64 = 512 * 1024 * 1024;
/// Most entries a workbook's zip may hold.
pub const MAX_ZIP_ENTRIES: usize = 20_000;
/// The rows and columns of a sheet (Excel's limits): a cell beyond them can only come from a
/// damaged or crafted file, which is refused.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLS: u32 = 16_384;
/// Most filled cells a sheet may hold. A form has a few hundred; one with 20,000 indicators
/// about 160,000. A sheet with more is refused, never read in part.
pub const MAX_CELLS: usize = 1_000_000;
/// Most merged ranges a sheet may hold (a form with 20,000 indicators has about 40,000).
pub const MAX_MERGES: usize = 250_000;
/// Most (row, merge) pairs the merge index may hold: a merged range counts once for every
/// row it spans within the sheet's filled rows.
pub const MAX_MERGE_ROWS: usize = 4_000_000;
/// Most sheets a workbook may hold.
pub const MAX_SHEETS: usize = 65_535;

/// A cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(String),
    Number(f64),
}

impl Val {
    /// The value as text: numbers in their shortest exact decimal form.
    pub fn text(&self) -> String {
        match self {
            Val::Text(s) => s.trim().to_string(),
            Val::Number(f) => amount::from_cell_f64(*f).map_or_else(|| f.to_string(), amount::text),
        }
    }
}

/// A merged range, zero-based and inclusive: ((first row, first col), (last row, last col)).
pub type Merge = ((u32, u32), (u32, u32));

/// One sheet.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub name: String,
    pub cells: HashMap<(u32, u32), Val>,
    /// Merged ranges, each within the sheet's filled area (see [`Grid::finish`]).
    pub merges: Vec<Merge>,
    /// Whether the format reports merges at all (.ods through calamine does not).
    pub merges_known: bool,
    pub max_row: u32,
    pub max_col: u32,
    /// For each row, the merges (indices into `merges`) that span it.
    by_row: HashMap<u32, Vec<u32>>,
    /// For each row, its filled columns in order.
    row_cols: HashMap<u32, Vec<u32>>,
    /// Why the sheet cannot be read whole, once something in it is beyond the limits.
    refused: Option<String>,
}

impl Grid {
    /// An empty sheet of this name.
    pub fn new(name: &str) -> Grid {
        Grid {
            name: name.to_string(),
            ..Default::default()
        }
    }

    pub fn get(&self, r: u32, c: u32) -> Option<&Val> {
        self.cells.get(&(r, c))
    }

    /// Text of a cell, trimmed; empty when blank.
    pub fn text(&self, r: u32, c: u32) -> String {
        self.get(r, c).map(Val::text).unwrap_or_default()
    }

    pub fn is_blank(&self, r: u32, c: u32) -> bool {
        self.text(r, c).is_empty()
    }

    /// The merge that covers (r, c), if any.
    pub fn merge_of(&self, r: u32, c: u32) -> Option<Merge> {
        self.by_row.get(&r)?.iter().find_map(|&i| {
            let m = self.merges[i as usize];
            (m.0.1 <= c && c <= m.1.1).then_some(m)
        })
    }

    /// The filled columns of row `r` from `from` to `to` (inclusive), in order: a search
    /// along a row costs what the row holds, not how wide the sheet is.
    pub fn cols_in(&self, r: u32, from: u32, to: u32) -> impl Iterator<Item = u32> + '_ {
        let cols = self.row_cols.get(&r).map_or(&[][..], Vec::as_slice);
        let start = cols.partition_point(|&c| c < from);
        cols[start..].iter().copied().take_while(move |&c| c <= to)
    }

    /// Whether some merge of at least two rows starts in column `col` below row `below`.
    pub fn has_run_merge(&self, col: u32, below: u32) -> bool {
        self.merges
            .iter()
            .any(|(a, b)| a.1 == col && a.0 > below && b.0 > a.0)
    }

    /// Take merged ranges as the reader reports them.
    pub fn set_merges(&mut self, merges: impl IntoIterator<Item = Merge>) {
        self.merges.clear();
        for m in merges {
            if self.merges.len() >= MAX_MERGES {
                self.refuse(format!(
                    "holds more than {MAX_MERGES} merged ranges; a form has far fewer"
                ));
                break;
            }
            self.merges.push(m);
        }
        self.merges_known = true;
    }

    fn set_calamine_merges(&mut self, dims: Vec<calamine::Dimensions>) {
        self.set_merges(dims.into_iter().map(|d| (d.start, d.end)));
    }

    /// Take every used cell of a sheet read whole (.xls, .ods), from the reader's sparse list
    /// of cells: a stray cell at (65535, 65535) must not make a dense range. As in a range,
    /// the last of several cells at one position is the one that counts.
    fn fill(&mut self, cells: &[calamine::Cell<Data>]) {
        let mut last = HashMap::with_capacity(cells.len());
        for cell in cells {
            last.insert(cell.get_position(), cell.get_value());
        }
        for ((r, c), v) in last {
            if let Some(v) = data_val(v) {
                self.insert(r, c, v);
            }
        }
    }

    /// Record a filled cell. A cell beyond the sheet's limits, or one too many, refuses the
    /// sheet: nothing of a sheet is ever read in part.
    pub fn insert(&mut self, r: u32, c: u32, v: Val) {
        if self.refused.is_some() {
            return;
        }
        if let Val::Text(s) = &v
            && s.trim().is_empty()
        {
            return;
        }
        if r >= MAX_ROWS || c >= MAX_COLS {
            self.refuse(crate::t!(
                "sheet-cell-beyond",
                row = u64::from(r) + 1,
                column = u64::from(c) + 1,
                max_rows = MAX_ROWS,
                max_cols = MAX_COLS
            ));
            return;
        }
        if self.cells.len() >= MAX_CELLS && !self.cells.contains_key(&(r, c)) {
            self.refuse(crate::t!("sheet-too-many-cells", max = MAX_CELLS));
            return;
        }
        self.max_row = self.max_row.max(r);
        self.max_col = self.max_col.max(c);
        self.cells.insert((r, c), v);
    }

    fn refuse(&mut self, why: String) {
        if self.refused.is_none() {
            self.refused = Some(why);
        }
    }

    /// Make the sheet ready to be searched, once every cell and merge is in: merges are
    /// clamped to the filled rows and the sheet's columns (a merge reaching past them, even to
    /// column ZZZZZZZ, covers nothing more), merges that hide a filled cell other than their first are dropped (no
    /// office suite makes one: a crafted merge must not hide a form's labels), and the merges
    /// of each row are indexed. Fails when the sheet was refused.
    pub fn finish(&mut self) -> std::result::Result<(), String> {
        if let Some(why) = self.refused.take() {
            return Err(why);
        }
        let mut row_cols: HashMap<u32, Vec<u32>> = HashMap::new();
        for &(r, c) in self.cells.keys() {
            row_cols.entry(r).or_default().push(c);
        }
        for v in row_cols.values_mut() {
            v.sort_unstable();
        }
        self.row_cols = row_cols;
        let (max_r, max_c) = (self.max_row, self.max_col);
        let mut merges: Vec<Merge> = std::mem::take(&mut self.merges)
            .into_iter()
            .filter_map(|(a, b)| {
                let (r0, c0) = (a.0.min(b.0), a.1.min(b.1));
                let (r1, c1) = (a.0.max(b.0).min(max_r), a.1.max(b.1).min(MAX_COLS - 1));
                (r0 <= max_r && c0 <= max_c && (r0, c0) != (r1, c1)).then_some(((r0, c0), (r1, c1)))
            })
            .collect();
        merges.sort_unstable();
        merges.dedup();
        let spanned = merges.iter().fold(0usize, |n, m| {
            n.saturating_add((m.1.0 - m.0.0) as usize + 1)
        });
        if spanned > MAX_MERGE_ROWS {
            return Err(crate::t!("sheet-merges", max = MAX_MERGE_ROWS));
        }
        self.merges = merges;
        self.index_merges();
        // A merge that hides a filled cell (not its first) is not one an office suite made.
        let bogus: std::collections::HashSet<Merge> = self
            .cells
            .keys()
            .filter_map(|&(r, c)| self.merge_of(r, c).filter(|m| m.0 != (r, c)))
            .collect();
        if !bogus.is_empty() {
            self.merges.retain(|m| !bogus.contains(m));
            self.index_merges();
        }
        Ok(())
    }

    fn index_merges(&mut self) {
        let mut by_row: HashMap<u32, Vec<u32>> = HashMap::new();
        for (i, m) in self.merges.iter().enumerate() {
            for r in m.0.0..=m.1.0 {
                by_row.entry(r).or_default().push(i as u32);
            }
        }
        self.by_row = by_row;
    }
}

/// Everything read from one workbook.
pub struct Book {
    pub sheets: Vec<Grid>,
    /// The stamp sheet's rows, when the workbook carries one.
    pub stamp: Option<Vec<Vec<String>>>,
}

fn data_val(d: &Data) -> Option<Val> {
    match d {
        Data::String(s) => Some(Val::Text(s.clone())),
        Data::Float(f) => Some(Val::Number(*f)),
        Data::Int(i) => Some(Val::Number(*i as f64)),
        Data::Bool(b) => Some(Val::Text(if *b { "TRUE" } else { "FALSE" }.into())),
        Data::DateTime(dt) => Some(Val::Number(dt.as_f64())),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(Val::Text(s.clone())),
        Data::Error(_) | Data::Empty => None,
    }
}

fn dataref_val(d: &DataRef) -> Option<Val> {
    match d {
        DataRef::String(s) => Some(Val::Text(s.clone())),
        DataRef::SharedString(s) => Some(Val::Text(s.to_string())),
        DataRef::Float(f) => Some(Val::Number(*f)),
        DataRef::Int(i) => Some(Val::Number(*i as f64)),
        DataRef::Bool(b) => Some(Val::Text(if *b { "TRUE" } else { "FALSE" }.into())),
        DataRef::DateTime(dt) => Some(Val::Number(dt.as_f64())),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Some(Val::Text(s.clone())),
        DataRef::Error(_) | DataRef::Empty => None,
    }
}

enum Kind {
    Xlsx,
    Ods,
    Xls,
}

/// The bytes of a workbook file, refused when the path is a folder, empty or too large.
pub fn read_file_bytes(path: &Path) -> Result<Vec<u8>> {
    let bad = |message: String| Error::Workbook {
        path: path.to_path_buf(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.is_dir() {
        return Err(bad(crate::t!("book-is-folder")));
    }
    if meta.len() == 0 {
        return Err(bad(crate::t!("book-empty")));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(bad(crate::t!(
            "book-too-large",
            size = meta.len() / (1024 * 1024),
            max = MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Read a workbook (.xlsx, .xls or .ods, recognised from its bytes): its visible sheets and,
/// when present, the evalsheet stamp.
pub fn read_book(path: &Path) -> Result<Book> {
    read_book_bytes(path, read_file_bytes(path)?)
}

/// Read a workbook from its bytes; `path` only names it in messages.
pub fn read_book_bytes(path: &Path, bytes: Vec<u8>) -> Result<Book> {
    let mut reader = open_bytes(path, bytes)?;
    let stamp = reader.stamp.take();
    let mut sheets = Vec::new();
    while let Some(g) = reader.next_sheet() {
        sheets.push(g?);
    }
    Ok(Book { sheets, stamp })
}

/// A workbook opened for reading one visible sheet at a time, so that a workbook of many
/// forms is never held whole. The stamp sheet, when there is one, is read on opening.
pub struct BookReader {
    path: std::path::PathBuf,
    sheets: Sheets<Cursor<Vec<u8>>>,
    /// The visible sheets still to read, in workbook order.
    names: std::collections::VecDeque<String>,
    ods_merges: Option<HashMap<String, Merges>>,
    /// The stamp sheet's rows, when the workbook carries one.
    pub stamp: Option<Vec<Vec<String>>>,
}

/// Open a workbook from its bytes (format recognised from them); `path` names it in messages.
pub fn open_bytes(path: &Path, bytes: Vec<u8>) -> Result<BookReader> {
    let bad = |message: String| Error::Workbook {
        path: path.to_path_buf(),
        message,
    };
    if bytes.is_empty() {
        return Err(bad(crate::t!("book-empty")));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(bad(crate::t!(
            "book-too-large",
            size = bytes.len() / (1024 * 1024),
            max = MAX_FILE_BYTES / (1024 * 1024)
        )));
    }
    let kind = sniff(&bytes).map_err(bad)?;
    guarded(|| open_kind(path, kind, bytes)).map_err(bad)
}

/// Run a reader step, turning a panic inside it (a reader bug met by a damaged file) into
/// this file's error.
fn guarded<T>(
    f: impl FnOnce() -> std::result::Result<T, String>,
) -> std::result::Result<T, String> {
    crate::without_panics(f).unwrap_or_else(|_| Err(crate::t!("book-damaged")))
}

/// Recognise the format from the first bytes, and measure a zip before anything inflates it.
fn sniff(bytes: &[u8]) -> std::result::Result<Kind, String> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        // An OLE container: an .xls, or an encrypted .xlsx.
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(crate::t!("book-encrypted"));
        }
        return Ok(Kind::Xls);
    }
    Err(sniff_text(bytes))
}

/// A zip archive: measured before anything inflates it, then an .xlsx or an .ods by its parts.
fn sniff_zip(bytes: &[u8]) -> std::result::Result<Kind, String> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| crate::t!("book-bad-zip", detail = e.to_string()))?;
    if z.len() > MAX_ZIP_ENTRIES {
        return Err(crate::t!("book-zip-entries", count = z.len()));
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(z.len());
    for i in 0..z.len() {
        let f = z
            .by_index_raw(i)
            .map_err(|e| crate::t!("book-damaged-zip", detail = e.to_string()))?;
        let name = f.name().map(|n| n.to_string()).unwrap_or_default();
        total = total.saturating_add(f.size());
        if f.size() > 64 * f.compressed_size().max(1) && f.size() > 64 * 1024 * 1024 {
            return Err(crate::t!(
                "book-zip-bomb-part",
                part = name,
                size = f.size() / (1024 * 1024),
                kb = f.compressed_size() / 1024
            ));
        }
        names.push(name);
    }
    if total > MAX_INFLATED_BYTES {
        return Err(crate::t!(
            "book-zip-bomb",
            size = total / (1024 * 1024),
            max = MAX_INFLATED_BYTES / (1024 * 1024)
        ));
    }
    if names.iter().any(|n| n == "xl/workbook.xml") {
        return Ok(Kind::Xlsx);
    }
    if names.iter().any(|n| n == "content.xml") {
        return Ok(Kind::Ods);
    }
    if names.iter().any(|n| n == "xl/workbook.bin") {
        return Err(crate::t!("book-xlsb"));
    }
    Err(crate::t!("book-zip-not-workbook"))
}

/// What a file that is not a zip or an OLE container is, said plainly.
fn sniff_text(bytes: &[u8]) -> String {
    let head = &bytes[..bytes.len().min(4096)];
    // The head may end inside a multi-byte character: that is still text.
    let text = match std::str::from_utf8(head) {
        Ok(t) => Some(t),
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok(),
        Err(_) => None,
    };
    if let Some(text) = text
        && !text.contains('\0')
    {
        let definition = text.lines().any(|l| {
            let l = l.trim_start_matches(['-', ' ', '{', '[', '"']);
            ["year", "project", "unit"].iter().any(|k| {
                l.strip_prefix(k)
                    .is_some_and(|rest| rest.trim_start_matches('"').trim_start().starts_with(':'))
            })
        });
        if definition {
            return crate::t!("book-is-definition");
        }
        let looks_tabular = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .take(5)
            .any(|l| l.contains(',') || l.contains('\t'));
        if looks_tabular {
            return crate::t!("book-csv");
        }
        return crate::t!("book-text");
    }
    crate::t!("book-unknown")
}

fn open_kind(path: &Path, kind: Kind, bytes: Vec<u8>) -> std::result::Result<BookReader, String> {
    // calamine does not report the merged ranges of an .ods: read them from content.xml.
    let ods_merges = match kind {
        Kind::Ods => ods_merges(&bytes),
        _ => None,
    };
    let cursor = Cursor::new(bytes);
    let msg = |e: &dyn std::fmt::Display| {
        let s = e.to_string();
        if s.to_lowercase().contains("password") {
            crate::t!("book-encrypted")
        } else {
            crate::t!("book-unreadable", detail = s)
        }
    };
    let sheets = match kind {
        Kind::Xlsx => Sheets::Xlsx(Xlsx::new(cursor).map_err(|e| msg(&e))?),
        Kind::Xls => Sheets::Xls(Xls::new(cursor).map_err(|e| msg(&e))?),
        Kind::Ods => Sheets::Ods(Ods::new(cursor).map_err(|e| msg(&e))?),
    };
    let meta = sheets.sheets_metadata();
    if meta.len() > MAX_SHEETS {
        return Err(crate::t!(
            "book-too-many-sheets",
            count = meta.len(),
            max = MAX_SHEETS
        ));
    }
    let stamp_listed = meta.iter().any(|m| m.name == crate::stamp::STAMP_SHEET);
    let names = meta
        .iter()
        .filter(|m| m.visible == SheetVisible::Visible && m.name != crate::stamp::STAMP_SHEET)
        .map(|m| m.name.clone())
        .collect();
    let mut reader = BookReader {
        path: path.to_path_buf(),
        sheets,
        names,
        ods_merges,
        stamp: None,
    };
    if stamp_listed {
        // The stamp has no merges to read.
        let grid = reader
            .read(crate::stamp::STAMP_SHEET, false)
            .map_err(|e| crate::t!("book-sheet", sheet = crate::stamp::STAMP_SHEET, message = e))?;
        reader.stamp = stamp_rows(&grid);
    }
    Ok(reader)
}

impl BookReader {
    /// The next visible sheet, or `None` after the last.
    pub fn next_sheet(&mut self) -> Option<Result<Grid>> {
        let name = self.names.pop_front()?;
        Some(self.read(&name, true).map_err(|e| Error::Workbook {
            path: self.path.clone(),
            message: crate::t!("book-sheet", sheet = name, message = e),
        }))
    }

    /// How many visible sheets are still to read.
    pub fn remaining(&self) -> usize {
        self.names.len()
    }

    fn read(&mut self, name: &str, merges: bool) -> std::result::Result<Grid, String> {
        let sheets = &mut self.sheets;
        let mut grid = guarded(|| read_sheet(sheets, name, merges))?;
        if let Some(m) = self.ods_merges.as_mut().and_then(|all| all.remove(name)) {
            grid.set_merges(m);
        }
        grid.finish()?;
        Ok(grid)
    }
}

fn read_sheet<RS: std::io::Read + std::io::Seek>(
    sheets: &mut Sheets<RS>,
    name: &str,
    merges: bool,
) -> std::result::Result<Grid, String> {
    let mut g = Grid::new(name);
    match sheets {
        Sheets::Xlsx(x) => {
            // Stream the cells: a stray cell at XFD1048576 must not make a dense range.
            {
                let mut reader = x.worksheet_cells_reader(name).map_err(|e| e.to_string())?;
                while let Some(cell) = reader.next_cell().map_err(|e| e.to_string())? {
                    let (r, c) = cell.get_position();
                    if let Some(v) = dataref_val(cell.get_value()) {
                        g.insert(r, c, v);
                    }
                }
            }
            if merges {
                g.set_calamine_merges(
                    x.merge_cells_by_sheet_name(name)
                        .map_err(|e| e.to_string())?,
                );
            }
        }
        Sheets::Xls(x) => {
            g.fill(&x.worksheet_cells(name).map_err(|e| e.to_string())?);
            g.set_calamine_merges(
                x.merge_cells_by_sheet_name(name)
                    .map_err(|e| e.to_string())?,
            );
        }
        Sheets::Ods(x) => {
            // calamine does not report the merges of an .ods; `ods_merges` does.
            g.fill(&x.worksheet_cells(name).map_err(|e| e.to_string())?);
            g.merges_known = false;
        }
        Sheets::Xlsb(_) => return Err(crate::t!("book-xlsb")),
    }
    Ok(g)
}

/// A sheet's merged ranges, zero-based and inclusive.
type Merges = Vec<((u32, u32), (u32, u32))>;

/// The merged ranges of every sheet of an .ods, from the spans of its cells in content.xml;
/// `None` when content.xml cannot be read (the sheets are then read as if unmerged).
fn ods_merges(bytes: &[u8]) -> Option<HashMap<String, Merges>> {
    use quick_xml::events::{BytesStart, Event};
    use std::io::Read;
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let mut part = z.by_name("content.xml").ok()?;
    // A form's content.xml is a few hundred KB; a far larger one is read as unmerged.
    if part.size() > 64 * 1024 * 1024 {
        return None;
    }
    let mut xml = String::new();
    part.read_to_string(&mut xml).ok()?;
    drop(part);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let attr = |e: &BytesStart, name: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| AsRef::<str>::as_ref(&a.key) == name)
            .and_then(|a| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(std::borrow::Cow::into_owned)
            })
    };
    let num = |e: &BytesStart, name: &str| -> u32 {
        attr(e, name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(1)
            .max(1)
    };
    let mut out = HashMap::new();
    let (mut sheet, mut merges): (Option<String>, Merges) = (None, Vec::new());
    let (mut row, mut col, mut row_repeat) = (0u32, 0u32, 1u32);
    loop {
        let (e, empty) = match reader.read_event() {
            Ok(Event::Start(e)) => (e, false),
            Ok(Event::Empty(e)) => (e, true),
            Ok(Event::End(e)) => {
                match AsRef::<str>::as_ref(&e.name()) {
                    "table:table-row" => row = row.saturating_add(row_repeat),
                    "table:table" => {
                        if let Some(name) = sheet.take() {
                            out.insert(name, std::mem::take(&mut merges));
                        }
                    }
                    _ => {}
                }
                continue;
            }
            Ok(Event::Eof) => break,
            Err(_) => return None,
            Ok(_) => continue,
        };
        let tag = e.name();
        match AsRef::<str>::as_ref(&tag) {
            "table:table" => {
                sheet = attr(&e, "table:name");
                merges.clear();
                row = 0;
            }
            "table:table-row" => {
                col = 0;
                row_repeat = num(&e, "table:number-rows-repeated");
                if empty {
                    row = row.saturating_add(row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let spans = (
                    num(&e, "table:number-rows-spanned"),
                    num(&e, "table:number-columns-spanned"),
                );
                if AsRef::<str>::as_ref(&e.name()) == "table:table-cell" && spans != (1, 1) {
                    merges.push((
                        (row, col),
                        (
                            row.saturating_add(spans.0 - 1),
                            col.saturating_add(spans.1 - 1),
                        ),
                    ));
                }
                col = col.saturating_add(num(&e, "table:number-columns-repeated"));
            }
            _ => {}
        }
    }
    Some(out)
}

/// Most columns a stamp row may use: the issued definition runs on over as many cells as it
/// needs, 32,767 characters each.
const MAX_STAMP_COLS: u32 = 1024;

/// The stamp sheet's rows, each as long as its last filled cell; `None` when the sheet is
/// beyond what evalsheet writes (one row per form, at most [`MAX_STAMP_COLS`] columns): such
/// a stamp is damaged and the workbook is read as if it had none.
fn stamp_rows(g: &Grid) -> Option<Vec<Vec<String>>> {
    if g.max_col >= MAX_STAMP_COLS || g.max_row as usize > MAX_SHEETS {
        return None;
    }
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); g.max_row as usize + 1];
    for (&(r, c), v) in &g.cells {
        let row = &mut rows[r as usize];
        if row.len() <= c as usize {
            row.resize(c as usize + 1, String::new());
        }
        row[c as usize] = match v {
            Val::Text(s) => s.clone(),
            v => v.text(),
        };
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ods_merges_are_read_from_content_xml() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/returned/national.ods");
        let book = read_book(&path).unwrap();
        let g = &book.sheets[0];
        assert!(g.merges_known);
        // The title over the national form's 10 columns, 项目资金（万元） down 5 rows.
        assert!(g.merges.contains(&((0, 0), (0, 9))), "{:?}", g.merges);
        assert!(g.merges.contains(&((4, 0), (8, 1))), "{:?}", g.merges);
        assert_eq!(g.merge_of(6, 1), Some(((4, 0), (8, 1))));
    }

    fn fixture(rel: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(rel)
    }

    /// The cells calamine's sparse `worksheet_cells` gives for an .xls or .ods are exactly the
    /// used cells of its dense `worksheet_range`, which `read_sheet` used before: normal files
    /// read as they did.
    #[test]
    fn sparse_cells_are_the_used_cells_of_the_range() {
        fn same(
            range: calamine::Range<Data>,
            cells: Vec<calamine::Cell<Data>>,
            what: &str,
        ) -> usize {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let dense: HashMap<(u32, u32), &Data> = range
                .used_cells()
                .map(|(r, c, v)| ((r as u32 + r0, c as u32 + c0), v))
                .collect();
            let sparse: HashMap<(u32, u32), &Data> = cells
                .iter()
                .map(|c| (c.get_position(), c.get_value()))
                .filter(|(_, v)| **v != Data::Empty)
                .collect();
            assert_eq!(dense, sparse, "{what}");
            dense.len()
        }
        let mut total = 0;
        for rel in ["returned/filled.xls", "returned/national.xls"] {
            let mut x: Xls<_> = calamine::open_workbook(fixture(rel)).unwrap();
            for name in x.sheet_names() {
                let cells = x.worksheet_cells(&name).unwrap();
                total += same(x.worksheet_range(&name).unwrap(), cells, rel);
            }
        }
        for rel in [
            "returned/filled.ods",
            "returned/national.ods",
            "handmade/no-merges.ods",
        ] {
            let mut x: Ods<_> = calamine::open_workbook(fixture(rel)).unwrap();
            for name in x.sheet_names() {
                let cells = x.worksheet_cells(&name).unwrap();
                total += same(x.worksheet_range(&name).unwrap(), cells, rel);
            }
        }
        assert!(total > 500, "{total} cells compared");
    }

    /// What reading a hostile workbook (tests/fixtures/hostile/, made by make-hostile.py) gives.
    enum Expect {
        /// Refused: the error names the damage thus.
        Refused(&'static str),
        /// Read: the cells and merges of this good fixture (which the file was made from), but
        /// for `missing` of its cells not found where they were and `extra` cells found where
        /// the fixture has none (a cell the mutation moved or added within the sheet's limits:
        /// read where it is, never dropped).
        Like(&'static str, usize, usize),
        /// Read, and holds no sheet.
        NoSheets,
    }
    use Expect::*;

    const HOSTILE: &[(&str, Expect)] = &[
        (
            "shared-strings-count.xlsx",
            Like("returned/filled-lo.xlsx", 0, 0),
        ),
        ("bad-dimension.xlsx", Like("returned/filled-lo.xlsx", 0, 0)),
        ("bad-row.xlsx", Refused("row number overflow")),
        ("bad-col.xlsx", Refused("column number overflow")),
        ("next-col.xlsx", Like("returned/filled-lo.xlsx", 0, 0)),
        ("next-row.xlsx", Like("returned/filled-lo.xlsx", 0, 0)),
        ("dimensions-huge.xls", Like("returned/filled.xls", 0, 0)),
        ("dimensions-inverted.xls", Like("returned/filled.xls", 0, 0)),
        (
            "far-cell.xls",
            Refused("超出了工作表的 1048576 行、16384 列"),
        ),
        ("far-cell-255.xls", Like("returned/filled.xls", 1, 1)),
        ("short-record.xls", Refused("Invalid BoundSheet8 length")),
        ("short-bof.xls", Refused("Invalid BOF length")),
        ("empty-codepage.xls", Refused("Codepage 0 not found")),
        (
            "short-sst.xls",
            Refused("Invalid rich extended string cRun length"),
        ),
        (
            "bad-sheet-offset.xls",
            Refused("BoundSheet8 stream position"),
        ),
        ("short-formula.xls", Like("returned/filled.xls", 0, 0)),
        ("truncated-formula.xls", Like("returned/filled.xls", 0, 0)),
        ("bad-formula-tokens.xls", Like("returned/filled.xls", 0, 0)),
        ("bad-merge.xls", Refused("Invalid MergeCells length")),
        ("bad-mulrk.xls", Refused("Invalid rk length")),
        ("short-lbl.xls", Refused("Invalid Lbl formula length")),
        ("short-externsheet.xls", Like("returned/filled.xls", 0, 0)),
        (
            "bad-sector.xls",
            Refused("Sector 32 points past end of file"),
        ),
        ("no-fat.xls", Refused("points past end of file")),
        ("fat-loop.xls", Refused("the FAT loops")),
        ("stream-loop.xls", Refused("the FAT loops")),
        ("truncated.xls", Refused("points past end of file")),
        ("continue-flood.xls", NoSheets),
        ("far-cell.ods", Like("returned/filled.ods", 0, 1)),
        ("repeat-bomb.ods", Refused("Cell limit exceeded")),
        ("repeat-empty.ods", Like("returned/filled.ods", 0, 6000)),
        ("wide-rows.ods", Like("returned/filled.ods", 0, 5000)),
        ("spaces-bomb.ods", Refused("Cell limit exceeded")),
        ("open-annotation.ods", Refused("'office:annotation' node")),
        ("cut-table.ods", Refused("'table:table' node")),
    ];

    /// Read one hostile workbook and check it gives what HOSTILE says, in good time.
    fn check_hostile(name: &str) {
        let expect = &HOSTILE.iter().find(|(n, _)| *n == name).unwrap().1;
        let start = std::time::Instant::now();
        let result = read_book(&fixture("hostile").join(name));
        let took = start.elapsed();
        // A debug build on a busy machine; each takes well under a second in release.
        assert!(took.as_secs() < 5, "{name}: took {took:?}");
        match (expect, result) {
            (Refused(what), Err(e)) => {
                let e = e.to_string();
                // "无法读取其中的内容" is how read_book reports a caught panic.
                assert!(
                    e.contains(what) && !e.contains("无法读取其中的内容"),
                    "{name}: {e}"
                );
            }
            (Like(good, missing, extra), Ok(book)) => {
                let good = read_book(&fixture(good)).unwrap();
                assert_eq!(book.stamp, good.stamp, "{name}");
                assert_eq!(book.sheets.len(), good.sheets.len(), "{name}");
                let (mut lost, mut added) = (0, 0);
                for (g, h) in good.sheets.iter().zip(&book.sheets) {
                    assert_eq!(g.name, h.name, "{name}");
                    assert_eq!(g.merges, h.merges, "{name}");
                    for (pos, v) in &h.cells {
                        match g.cells.get(pos) {
                            Some(w) => assert_eq!(w, v, "{name}: cell {pos:?}"),
                            None => added += 1,
                        }
                    }
                    lost += g.cells.keys().filter(|p| !h.cells.contains_key(p)).count();
                }
                assert_eq!(
                    (lost, added),
                    (*missing, *extra),
                    "{name}: cells missing, added"
                );
            }
            (NoSheets, Ok(book)) => assert!(book.sheets.is_empty(), "{name}"),
            (_, Err(e)) => panic!("{name}: refused: {e}"),
            (_, Ok(_)) => panic!("{name}: read, but it should have been refused"),
        }
    }

    /// Every hostile workbook is refused with a reason or read with its cells bounded, in good
    /// time, and none makes calamine panic (read_book would turn the panic into "could not be
    /// read", which no expected message matches).
    #[test]
    fn hostile_workbooks_are_refused_or_read_bounded() {
        let dir = fixture("hostile");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| !n.ends_with(".py"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = HOSTILE.iter().map(|(n, _)| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "every file in {} is listed", dir.display());
        for (name, _) in HOSTILE {
            check_hostile(name);
        }
    }

    /// The environment variable that makes `hostile_child` read a file.
    #[cfg(unix)]
    const CHILD_FILE: &str = "EVALSHEET_HOSTILE_CHILD";
    #[cfg(unix)]
    const CHILD_LIMIT: u64 = 600 * 1024 * 1024;

    /// The child of `hostile_workbooks_read_within_600_mb`: with CHILD_FILE set, reads that
    /// hostile workbook under a 600 MB address-space limit. Without it, it does nothing.
    #[cfg(unix)]
    #[test]
    fn hostile_child() {
        let Ok(name) = std::env::var(CHILD_FILE) else {
            return;
        };
        let limit = libc::rlimit {
            rlim_cur: CHILD_LIMIT as libc::rlim_t,
            rlim_max: CHILD_LIMIT as libc::rlim_t,
        };
        // SAFETY: setrlimit only reads the struct it is given.
        assert_eq!(unsafe { libc::setrlimit(libc::RLIMIT_AS, &limit) }, 0);
        check_hostile(&name);
    }

    /// Peak memory: each hostile workbook is read in a child process (this test binary run
    /// again on `hostile_child` alone) limited to 600 MB of address space. An allocation past
    /// the limit aborts the child (no catch_unwind can hide that), and the child must exit
    /// successfully, in time, without a panic message.
    #[cfg(unix)]
    #[test]
    fn hostile_workbooks_read_within_600_mb() {
        use std::process::{Command, Stdio};
        let exe = std::env::current_exe().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        for (name, _) in HOSTILE {
            let log = tmp.path().join(format!("{name}.log"));
            let out = std::fs::File::create(&log).unwrap();
            let mut child = Command::new(&exe)
                .args(["grid::tests::hostile_child", "--exact", "--test-threads=1"])
                .arg("--nocapture")
                .env(CHILD_FILE, name)
                .stdin(Stdio::null())
                .stdout(out.try_clone().unwrap())
                .stderr(out)
                .spawn()
                .unwrap();
            let start = std::time::Instant::now();
            let status = loop {
                if let Some(status) = child.try_wait().unwrap() {
                    break Some(status);
                }
                if start.elapsed().as_secs() >= 60 {
                    child.kill().unwrap();
                    child.wait().unwrap();
                    break None;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            };
            let output = std::fs::read_to_string(&log).unwrap();
            let status = status.unwrap_or_else(|| panic!("{name}: still reading after 60 s"));
            assert!(status.success(), "{name}: child {status}\n{output}");
            assert!(!output.contains("panicked at"), "{name}:\n{output}");
            assert!(
                output.contains("1 passed"),
                "{name}: the child ran no test\n{output}"
            );
        }
    }
}
