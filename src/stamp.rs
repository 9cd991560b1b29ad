//! The stamp: how a workbook evalsheet issued says what it is. Written by `generate`, read by
//! `import`, here in one place.
//!
//! Each issued workbook carries a hidden, protected sheet named [`STAMP_SHEET`]: a header row
//! of [`COLUMNS`], then one row per form sheet — the sheet's name, the layout variant and its
//! version, the year, project and unit, the SHA-256 hash of the issued definition (what the
//! office decided; see [`crate::model::Definition::issued_hash`]), the 绩效指标 header row and
//! the number of indicator rows, and the issued definition itself as JSON, split over as many
//! cells as it needs (32,767 characters each). The importer uses it to recognise the form and
//! to tell rows the unit inserted from the issued ones.

use std::collections::HashMap;

use crate::layout::{CELL_TEXT_MAX, SheetLayout};
use crate::model::Definition;
use crate::template::Template;

/// Name of the hidden sheet that carries the stamp.
pub const STAMP_SHEET: &str = "_evalsheet";

/// First row of the stamp sheet: the column names.
pub const COLUMNS: [&str; 10] = [
    "sheet",
    "variant",
    "variant_version",
    "year",
    "project",
    "unit",
    "issued_hash",
    "indicator_header_row",
    "indicator_rows",
    "issued_definition",
];

/// The stamp evalsheet writes into every generated workbook.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub variant: String,
    pub variant_version: u32,
    pub year: i32,
    pub issued_hash: String,
    /// The definition as issued (unit fields empty).
    pub issued: Option<Definition>,
}

/// The stamp sheet's row for one form, drawn as `layout` on the sheet `sheet_name`.
pub fn row(def: &Definition, t: &Template, sheet_name: &str, layout: &SheetLayout) -> Vec<String> {
    let json = serde_json::to_string(&def.issued()).unwrap_or_default();
    let mut row = vec![
        sheet_name.to_string(),
        t.id.clone(),
        t.version.to_string(),
        def.year.to_string(),
        def.project.clone(),
        def.unit.clone(),
        def.issued_hash(),
        layout.indicator_header.map_or(0, |r| r + 1).to_string(),
        layout.indicator_rows.1.to_string(),
    ];
    row.extend(chunks(&json, CELL_TEXT_MAX));
    row
}

/// A text cut into pieces of at most `max` UTF-16 units (a cell's limit), at least one.
fn chunks(s: &str, max: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut units = 0;
    for c in s.chars() {
        let n = c.len_utf16();
        if units + n > max {
            out.push(std::mem::take(&mut cur));
            units = 0;
        }
        cur.push(c);
        units += n;
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}

/// The stamp sheet's rows by the sheet they describe; each stamp is parsed when its sheet is
/// read.
#[derive(Default)]
pub struct Rows {
    rows: Vec<Vec<String>>,
    by_sheet: HashMap<String, usize>,
    /// Columns: sheet, variant, version, year, hash, definition.
    cols: Option<[usize; 6]>,
}

impl Rows {
    pub fn new(rows: Vec<Vec<String>>) -> Rows {
        let Some(header) = rows.first() else {
            return Rows::default();
        };
        let col = |name: &str| header.iter().position(|h| h == name);
        let cols = (|| {
            Some([
                col(COLUMNS[0])?,
                col(COLUMNS[1])?,
                col(COLUMNS[2])?,
                col(COLUMNS[3])?,
                col(COLUMNS[6])?,
                col(COLUMNS[9])?,
            ])
        })();
        let mut by_sheet = HashMap::new();
        if let Some(c) = cols {
            for (i, row) in rows.iter().enumerate().skip(1) {
                by_sheet.insert(row.get(c[0]).cloned().unwrap_or_default(), i);
            }
        }
        Rows {
            rows,
            by_sheet,
            cols,
        }
    }

    /// The stamp of a sheet, when the stamp sheet has a row for it.
    pub fn get(&self, sheet: &str) -> Option<Stamp> {
        let [_, variant, version, year, hash, def] = self.cols?;
        let row = &self.rows[*self.by_sheet.get(sheet)?];
        let get = |i: usize| row.get(i).cloned().unwrap_or_default();
        let json: String = row.iter().skip(def).cloned().collect();
        Some(Stamp {
            variant: get(variant),
            variant_version: get(version).trim().parse().unwrap_or(0),
            year: get(year).trim().trim_end_matches(".0").parse().unwrap_or(0),
            issued_hash: get(hash),
            issued: serde_json::from_str::<Definition>(&json).ok(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_respect_the_cell_limit() {
        let s = "中".repeat(70_000);
        let c = chunks(&s, CELL_TEXT_MAX);
        assert_eq!(c.len(), 3);
        assert_eq!(c.concat(), s);
        assert_eq!(chunks("", 10), vec![String::new()]);
    }

    #[test]
    fn a_row_written_is_read_back() {
        let t = crate::template::get("city").unwrap();
        let def = Definition {
            year: 2022,
            form: "city".into(),
            project: "甲".into(),
            unit: "乙".into(),
            note: "单位填的说明".into(),
            ..Default::default()
        };
        let layout = crate::layout::lay_out(t, &def, false);
        let header: Vec<String> = COLUMNS
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        let rows = Rows::new(vec![header, row(&def, t, "表一", &layout)]);
        let stamp = rows.get("表一").unwrap();
        assert_eq!(stamp.variant, "city");
        assert_eq!(stamp.year, 2022);
        assert_eq!(stamp.issued_hash, def.issued_hash());
        assert_eq!(stamp.issued, Some(def.issued()));
        assert!(rows.get("表二").is_none());
    }
}
