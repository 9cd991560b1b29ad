//! Reading a 项目清单 (or a flat export through a column mapping) into definitions, every
//! mistake of the workbook found in one pass, each named by sheet, cell and the column's
//! header.

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::path::Path;

use super::mapping::Mapping;
use super::{
    INDICATOR_COLUMNS, INDICATORS, PROJECTS, amount_mut, form_label, form_of_label, norm_header,
    project_header, project_keys, text_mut,
};
use crate::error::Result;
use crate::grid::{Book, Grid, Val};
use crate::model::{Definition, Indicator};

/// The A1 address of a grid cell.
fn a1(r: u32, c: u32) -> String {
    crate::cellref::a1(r, u16::try_from(c).unwrap_or(u16::MAX))
}

/// How many rows from the top a header row is looked for in.
const HEADER_SEARCH_ROWS: u32 = 20;

/// One mistake of a list: the sheet, the cell (or `第 N 行`), the column's header, and what
/// is wrong. Shown as `项目!F7（全年预算数）：“约200”不是金额`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub sheet: String,
    pub cell: String,
    /// Zero-based (row, column) of the cell, for reading order.
    pub at: (u32, u32),
    pub header: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}!{}", self.sheet, self.cell)?;
        if !self.header.is_empty() {
            write!(f, "（{}）", self.header)?;
        }
        write!(f, "：{}", self.message)
    }
}

/// What a list holds: each project's definition with its row (1-based, as Excel numbers
/// rows) on the projects' sheet, and the mistakes found. The definitions are only to be used
/// when there are no mistakes.
#[derive(Debug, Clone, Default)]
pub struct Listed {
    pub sheet: String,
    pub defs: Vec<(Definition, u32)>,
    pub problems: Vec<Problem>,
}

/// Read the list at `path` (a 项目清单, or a flat export with a column mapping beside it).
pub fn read_path(path: &Path) -> Result<Listed> {
    let mapping = match super::mapping_beside(path) {
        Some(m) => Some(Mapping::read(&m)?),
        None => None,
    };
    let book = crate::grid::read_book(path)?;
    Ok(read_book(&book, mapping.as_ref()))
}

/// Whether a sheet is a list of projects rather than a form: one of its first rows holds the
/// headers 项目资金名称 (or 项目名称) and 实施单位 and a third column a list has (年度, a 预算
/// column, 项目编号…). A form has 项目资金名称 beside 负责人及电话, and 实施单位 on another row.
pub fn is_list_sheet(g: &Grid) -> bool {
    let table = project_table(None);
    (0..=g.max_row.min(HEADER_SEARCH_ROWS)).any(|r| {
        let keys: Vec<&str> = g
            .cols_in(r, 0, g.max_col)
            .filter_map(|c| table.get(&norm_header(&g.text(r, c))).map(String::as_str))
            .collect();
        keys.contains(&"project")
            && keys.contains(&"unit")
            && keys
                .iter()
                .any(|k| *k == "year" || *k == "no" || k.starts_with("funds."))
    })
}

/// Normalised header → project field key: the 项目清单's own headers and a few other
/// spellings, and a mapping's columns first.
fn project_table(mapping: Option<&Mapping>) -> HashMap<String, String> {
    let mut t: HashMap<String, String> = HashMap::new();
    for key in project_keys() {
        t.insert(norm_header(&project_header(&key)), key);
    }
    for (alias, key) in [
        ("项目名称", "project"),
        ("主管部门", "city_department"),
        ("年初设定目标", "goal.target"),
        ("预期目标", "goal.target"),
        ("表式", "form"),
        ("编号", "no"),
        ("全年预算数", "funds.total.budget"),
        ("预算数", "funds.total.budget"),
    ] {
        t.entry(norm_header(alias))
            .or_insert_with(|| key.to_string());
    }
    if let Some(m) = mapping {
        for (head, key) in &m.columns {
            t.insert(norm_header(head), key.clone());
        }
    }
    t
}

fn indicator_table() -> HashMap<String, String> {
    let mut t: HashMap<String, String> = INDICATOR_COLUMNS
        .iter()
        .map(|(k, h)| (norm_header(h), (*k).to_string()))
        .collect();
    for (alias, key) in [
        ("一级", "level1"),
        ("二级", "level2"),
        ("三级", "name"),
        ("年度目标值", "target"),
        ("指标值", "target"),
        ("项目资金名称", "name_auto"),
        ("编号", "no"),
    ] {
        t.entry(norm_header(alias))
            .or_insert_with(|| key.to_string());
    }
    t
}

/// A sheet's header row and its columns: field key → (column, header as written).
struct Header {
    row: u32,
    cols: Vec<(String, u32, String)>,
}

impl Header {
    fn col(&self, key: &str) -> Option<(u32, &str)> {
        self.cols
            .iter()
            .find(|(k, _, _)| k == key)
            .map(|(_, c, h)| (*c, h.as_str()))
    }
}

/// The first row among the top ones that holds `anchor`'s header, and the known columns on
/// it; a header written twice is a mistake.
fn find_header(
    g: &Grid,
    table: &HashMap<String, String>,
    anchor: &str,
    from: Option<u32>,
    problems: &mut Vec<Problem>,
) -> Option<Header> {
    let rows = match from {
        Some(r) => r..=r,
        None => 0..=g.max_row.min(HEADER_SEARCH_ROWS),
    };
    for r in rows {
        let found: Vec<(String, u32, String)> = g
            .cols_in(r, 0, g.max_col)
            .filter_map(|c| {
                let h = g.text(r, c);
                table.get(&norm_header(&h)).map(|k| (k.clone(), c, h))
            })
            .collect();
        if !found.iter().any(|(k, _, _)| k == anchor) {
            continue;
        }
        let mut cols: Vec<(String, u32, String)> = Vec::new();
        for (k, c, h) in found {
            if let Some((_, first, _)) = cols.iter().find(|(k2, _, _)| *k2 == k) {
                problems.push(Problem {
                    sheet: g.name.clone(),
                    cell: a1(r, c),
                    at: (r, c),
                    header: h,
                    message: crate::t!("list-duplicate-column", cell = a1(r, *first)),
                });
                continue;
            }
            cols.push((k, c, h));
        }
        return Some(Header { row: r, cols });
    }
    None
}

/// Reading one sheet's rows, with the mistakes found.
struct Rows<'a> {
    g: &'a Grid,
    header: Header,
    problems: &'a mut Vec<Problem>,
}

impl Rows<'_> {
    fn problem(&mut self, r: u32, key: &str, message: String) {
        let (c, h) = self.header.col(key).unwrap_or((0, ""));
        let header = h.trim().to_string();
        self.problems.push(Problem {
            sheet: self.g.name.clone(),
            cell: a1(r, c),
            at: (r, c),
            header,
            message,
        });
    }

    fn val(&self, r: u32, key: &str) -> Option<&Val> {
        let (c, _) = self.header.col(key)?;
        self.g.get(r, c)
    }

    /// A text cell as written (spaces and line breaks kept); a number as its shortest text.
    fn text(&self, r: u32, key: &str) -> String {
        match self.val(r, key) {
            Some(Val::Text(s)) => s.clone(),
            Some(v @ Val::Number(_)) => v.text(),
            None => String::new(),
        }
    }

    /// The trimmed text of a cell, for keys, years and choices.
    fn key(&self, r: u32, key: &str) -> String {
        self.val(r, key).map(Val::text).unwrap_or_default()
    }

    fn is_blank(&self, r: u32, except: &str) -> bool {
        self.header
            .cols
            .iter()
            .filter(|(k, _, _)| k != except)
            .all(|(_, c, _)| self.g.get(r, *c).is_none_or(|v| v.text().is_empty()))
    }

    /// An amount: a number as the decimal it shows, a text as people type amounts; anything
    /// else is a mistake.
    fn amount(&mut self, r: u32, key: &str) -> Option<Decimal> {
        match self.val(r, key)? {
            Val::Number(f) => {
                let f = *f;
                let d = crate::amount::from_cell_f64(f);
                if d.is_none() {
                    self.problem(r, key, crate::t!("list-not-amount", value = f.to_string()));
                }
                d
            }
            Val::Text(s)
                if crate::amount::parse(s).is_some_and(|d| {
                    crate::amount::significant_digits(d) > crate::amount::MAX_SIGNIFICANT_DIGITS
                }) =>
            {
                let s = s.trim().to_string();
                self.problem(
                    r,
                    key,
                    crate::t!(
                        "list-too-many-digits",
                        value = s,
                        digits = crate::amount::MAX_SIGNIFICANT_DIGITS
                    ),
                );
                None
            }
            Val::Text(s) => {
                let s = s.clone();
                if s.trim().is_empty() {
                    return None;
                }
                let d = crate::amount::parse(&s);
                if d.is_none() {
                    self.problem(r, key, crate::t!("list-not-amount", value = s.trim()));
                }
                d
            }
        }
    }

    fn year(&mut self, r: u32, default: Option<i32>) -> Option<i32> {
        let raw = self.key(r, "year");
        if raw.is_empty() {
            // Without the column at all, the missing column is the one mistake to report.
            if default.is_none() && self.header.col("year").is_some() {
                self.problem(r, "year", crate::t!("list-required"));
            }
            return default;
        }
        let y = raw
            .trim_end_matches(['年', '度'])
            .parse::<i32>()
            .ok()
            .filter(|y| (1949..=2100).contains(y));
        if y.is_none() {
            self.problem(r, "year", crate::t!("list-not-year", value = raw));
        }
        y
    }
}

/// Read a workbook as a list of projects. With a mapping, its sheet (or the first sheet) and
/// its columns; without, the 项目 and 绩效指标 sheets of a 项目清单.
pub fn read_book(book: &Book, mapping: Option<&Mapping>) -> Listed {
    let mut problems = Vec::new();
    let table = project_table(mapping);
    let wanted = mapping.and_then(|m| m.sheet.as_deref());
    let g = match wanted {
        Some(name) => book.sheets.iter().find(|g| g.name == name),
        None if mapping.is_some() => book.sheets.first(),
        None => book
            .sheets
            .iter()
            .find(|g| g.name == PROJECTS)
            .or_else(|| book.sheets.iter().find(|g| is_list_sheet(g))),
    };
    let Some(g) = g else {
        problems.push(Problem {
            sheet: wanted.unwrap_or(PROJECTS).to_string(),
            cell: "A1".into(),
            at: (0, 0),
            header: String::new(),
            message: crate::t!("list-no-sheet", sheet = wanted.unwrap_or(PROJECTS)),
        });
        return Listed {
            problems,
            ..Listed::default()
        };
    };
    let from = mapping
        .and_then(|m| m.header_row)
        .map(|r| r.saturating_sub(1));
    let Some(header) = find_header(g, &table, "project", from, &mut problems) else {
        problems.push(Problem {
            sheet: g.name.clone(),
            cell: a1(from.unwrap_or(0), 0),
            at: (from.unwrap_or(0), 0),
            header: String::new(),
            message: crate::t!("list-missing-column", header = project_header("project")),
        });
        return Listed {
            sheet: g.name.clone(),
            problems,
            ..Listed::default()
        };
    };
    let defaults = mapping.map(Mapping::defaults).unwrap_or_default();
    let mut rows = Rows {
        g,
        header,
        problems: &mut problems,
    };
    if rows.header.col("year").is_none() && defaults.year.is_none() {
        let r = rows.header.row;
        rows.problems.push(Problem {
            sheet: g.name.clone(),
            cell: a1(r, 0),
            at: (r, 0),
            header: String::new(),
            message: crate::t!("list-missing-column", header = project_header("year")),
        });
    }
    let mut defs = Vec::new();
    let mut by_no: HashMap<String, (usize, u32)> = HashMap::new();
    let mut by_name: HashMap<(i32, String, String), u32> = HashMap::new();
    let first = rows.header.row + 1;
    for r in first..=g.max_row {
        if rows.is_blank(r, "") {
            continue;
        }
        let d = project_row(&mut rows, r, &defaults);
        let no = rows.key(r, "no");
        if !no.is_empty() {
            if let Some((_, before)) = by_no.get(&no) {
                let before = *before + 1;
                rows.problem(
                    r,
                    "no",
                    crate::t!("list-duplicate-no", value = no.clone(), row = before),
                );
            } else {
                by_no.insert(no, (defs.len(), r));
            }
        }
        let key = (d.year, d.project.clone(), d.unit.clone());
        if !d.project.trim().is_empty() {
            if let Some(before) = by_name.get(&key) {
                let before = *before + 1;
                rows.problem(
                    r,
                    "project",
                    crate::t!("list-duplicate-project", row = before),
                );
            } else {
                by_name.insert(key, r);
            }
        }
        defs.push((d, r + 1));
    }
    let (header_row, has_no) = (rows.header.row, rows.header.col("no").is_some());
    if let Some(ig) = book.sheets.iter().find(|s| s.name == INDICATORS) {
        if !has_no {
            problems.push(Problem {
                sheet: g.name.clone(),
                cell: a1(header_row, 0),
                at: (header_row, 0),
                header: String::new(),
                message: crate::t!("list-missing-column", header = project_header("no")),
            });
        }
        indicators(ig, &by_no, &mut defs, &mut problems);
    }
    if defs.is_empty() && problems.is_empty() {
        problems.push(Problem {
            sheet: g.name.clone(),
            cell: a1(header_row + 1, 0),
            at: (header_row + 1, 0),
            header: String::new(),
            message: crate::t!("list-no-projects"),
        });
    }
    // In reading order: the projects' sheet first, then each sheet row by row.
    problems.sort_by_key(|p| (p.sheet != g.name, p.at));
    Listed {
        sheet: g.name.clone(),
        defs,
        problems,
    }
}

/// One project's row.
fn project_row(rows: &mut Rows, r: u32, defaults: &super::mapping::Defaults) -> Definition {
    let mut d = Definition {
        form: defaults
            .form
            .clone()
            .unwrap_or_else(|| crate::model::DEFAULT_FORM.to_string()),
        ..Definition::default()
    };
    d.year = rows.year(r, defaults.year).unwrap_or(0);
    let keys: Vec<String> = rows.header.cols.iter().map(|(k, _, _)| k.clone()).collect();
    for key in &keys {
        if key == "form" {
            let raw = rows.key(r, key);
            if raw.is_empty() && defaults.form.is_some() {
                continue;
            }
            match form_of_label(&raw) {
                Some(id) => d.form = id.to_string(),
                None => {
                    let forms: Vec<String> =
                        crate::template::ids().into_iter().map(form_label).collect();
                    rows.problem(
                        r,
                        key,
                        crate::t!("list-unknown-form", value = raw, forms = forms.join("、")),
                    );
                }
            }
        } else if text_mut(&mut d, key).is_some() {
            let t = rows.text(r, key);
            if let Some(s) = text_mut(&mut d, key) {
                *s = t;
            }
        } else if amount_mut(&mut d, key).is_some() {
            let a = rows.amount(r, key);
            if let Some(slot) = amount_mut(&mut d, key) {
                *slot = a;
            }
        }
    }
    if d.project.trim().is_empty() {
        rows.problem(r, "project", crate::t!("list-required"));
    }
    d
}

/// The 绩效指标 sheet: each row added to its project's indicators, in sheet order.
fn indicators(
    g: &Grid,
    by_no: &HashMap<String, (usize, u32)>,
    defs: &mut [(Definition, u32)],
    problems: &mut Vec<Problem>,
) {
    let table = indicator_table();
    let Some(header) = find_header(g, &table, "name", None, problems) else {
        problems.push(Problem {
            sheet: g.name.clone(),
            cell: "A1".into(),
            at: (0, 0),
            header: String::new(),
            message: crate::t!("list-missing-column", header = "三级指标"),
        });
        return;
    };
    let mut rows = Rows {
        g,
        header,
        problems,
    };
    let required = ["no", "level1", "level2", "target"];
    let mut missing = false;
    for key in required {
        if rows.header.col(key).is_none() {
            missing = true;
            let head = INDICATOR_COLUMNS
                .iter()
                .find(|(k, _)| *k == key)
                .map_or("", |(_, h)| *h);
            let r = rows.header.row;
            rows.problems.push(Problem {
                sheet: g.name.clone(),
                cell: a1(r, 0),
                at: (r, 0),
                header: String::new(),
                message: crate::t!("list-missing-column", header = head),
            });
        }
    }
    if missing {
        return;
    }
    let level1s = crate::wording::level1_labels();
    for r in rows.header.row + 1..=g.max_row {
        if rows.is_blank(r, "name_auto") {
            continue;
        }
        let no = rows.key(r, "no");
        let owner = if no.is_empty() {
            rows.problem(r, "no", crate::t!("list-no-missing"));
            None
        } else {
            let found = by_no.get(&no).map(|(i, _)| *i);
            if found.is_none() {
                rows.problem(r, "no", crate::t!("list-no-project", value = no));
            }
            found
        };
        let ind = Indicator {
            level1: rows.text(r, "level1"),
            level2: rows.text(r, "level2"),
            name: rows.text(r, "name"),
            target: rows.text(r, "target"),
            actual: rows.text(r, "actual"),
            reason: rows.text(r, "reason"),
            weight: rows.amount(r, "weight"),
            score: rows.amount(r, "score"),
        };
        let l1 = ind.level1.trim();
        if !l1.is_empty() && !level1s.contains(&l1) {
            rows.problem(
                r,
                "level1",
                crate::t!(
                    "list-level1",
                    value = l1.to_string(),
                    labels = level1s.join("、")
                ),
            );
        }
        if let Some(i) = owner {
            defs[i].0.indicators.push(ind);
        }
    }
}
