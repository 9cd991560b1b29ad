//! Reading returned forms back into definitions.
//!
//! A returned form may be one of ours filled in, re-saved by another office suite (.xlsx,
//! .xls, .ods; cached formula values stale or gone, styles rewritten), or typed by hand in the
//! official layout (another starting row or column, a subtitle, half-width brackets, the
//! seed's 指针 for 指标, no merges at all). Fields are therefore found by their labels and the
//! table's structure, never by fixed addresses: the labels come from the variant's template,
//! so a new variant is read by the same code.

use rust_decimal::Decimal;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;
use std::sync::OnceLock;

use crate::amount;
use crate::error::{Error, Result};
use crate::field;
use crate::grid::{self, Grid, Val};
use crate::model::{Cells, Definition, Indicator, Provenance, Source};
use crate::stamp::{self, Stamp};
use crate::template::{self, Block, Template, a1};

/// One form read from a sheet.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Imported {
    /// The definition, with `source` set to the file and sheet (as `import` writes it).
    pub def: Definition,
    /// The file and sheet, and where each field was read (`project`, `funds.total.executed`,
    /// `indicators[3].actual`, `funds.total.rate` → A1 cell), the 执行率 typed on the form, and
    /// the cells that should hold a number but hold text.
    pub from: Provenance,
    /// What the sheet's stamp says, when it carries one.
    pub stamp: Option<Stamp>,
    /// Indicators (indices into `def.indicators`) that are not in the issued form: rows the
    /// unit inserted. Known only for stamped forms.
    pub added_indicators: Vec<usize>,
    /// Things read but doubtful: a non-number in an amount cell, an unknown year.
    pub warnings: Vec<String>,
}

/// What reading one form gathers beside its definition.
#[derive(Default)]
struct Reading {
    cells: BTreeMap<String, String>,
    typed_rates: BTreeMap<String, Decimal>,
    not_numbers: BTreeMap<String, String>,
    warnings: Vec<String>,
    stamped: bool,
}

impl Reading {
    fn put_cell(&mut self, field: String, at: (u32, u32)) {
        self.cells.insert(field, a1(at.0, at.1 as u16));
    }
}

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The year to use when the form does not say (no stamp, no `（2021年度）`).
    pub year: Option<i32>,
}

/// Import every form of a workbook given as bytes, in this process; `path` only names it in
/// messages.
pub fn import_bytes(path: &Path, bytes: Vec<u8>, opts: &Options) -> Result<Vec<Imported>> {
    let mut out = Vec::new();
    forms_of_bytes(path, bytes, opts, &mut |imp| out.push(imp))?;
    Ok(out)
}

/// [`read_forms`] in this process: the reader itself.
pub fn forms_of_bytes(
    path: &Path,
    bytes: Vec<u8>,
    opts: &Options,
    each: &mut dyn FnMut(Imported),
) -> Result<usize> {
    let mut reader = grid::open_bytes(path, bytes)?;
    let stamps = reader
        .stamp
        .take()
        .map(stamp::Rows::new)
        .unwrap_or_default();
    let mut count = 0;
    let mut structureless: Option<String> = None;
    while let Some(g) = reader.next_sheet() {
        let g = g?;
        let stamp = stamps.get(&g.name);
        count += forms_of_sheet(path, &g, stamp, opts, &mut structureless, each)?;
    }
    if count == 0 {
        return Err(match structureless {
            Some(sheet) => Error::Workbook {
                path: path.to_path_buf(),
                message: crate::t!("import-a-list", sheet = sheet),
            },
            None => Error::NoForm {
                path: path.to_path_buf(),
            },
        });
    }
    Ok(count)
}

/// Every form of one sheet, handed to `each`; the count. A sheet with the anchor label but
/// not the form's structure is named in `structureless`.
fn forms_of_sheet(
    path: &Path,
    g: &Grid,
    stamp: Option<Stamp>,
    opts: &Options,
    structureless: &mut Option<String>,
    each: &mut dyn FnMut(Imported),
) -> Result<usize> {
    let index = Index::new(g);
    // A stamped sheet says its variant; any other is recognised by its labels.
    let t = match stamp.as_ref().map(|s| template::get(&s.variant)) {
        Some(Ok(t)) => t,
        _ => detect_variant(&index)?,
    };
    let starts = anchors(&index, t);
    let label_cells: HashSet<(u32, u32)> =
        all_labels(t).iter().flat_map(|l| index.cells(l)).collect();
    let mut count = 0;
    for (k, &anchor) in starts.iter().enumerate() {
        let last = starts
            .get(k + 1)
            .map_or(g.max_row, |a| a.0.saturating_sub(1))
            .max(anchor.0);
        let region = Region {
            g,
            index: &index,
            first: anchor.0,
            last,
            label_cells: &label_cells,
        };
        if !has_structure(&region, t) {
            structureless.get_or_insert_with(|| g.name.clone());
            continue;
        }
        let mut imp = read_form(path, &region, t, stamp.clone(), opts)?;
        if let Some(issued) = imp.stamp.as_ref().and_then(|s| s.issued.as_ref()) {
            imp.added_indicators = added_rows(&issued.indicators, &imp.def.indicators);
            for &i in &imp.added_indicators {
                let cell = imp
                    .from
                    .cell(&field::indicator(i, "name"))
                    .unwrap_or_default()
                    .to_string();
                imp.warnings.push(crate::t!(
                    "import-added-row",
                    cell = cell,
                    n = i + 1,
                    name = imp.def.indicators[i].name.as_str()
                ));
            }
        }
        count += 1;
        each(imp);
    }
    Ok(count)
}

/// Whether a form's region has the form's tables below its anchor: the header row of the
/// funding table below the anchor, and the header row of the indicator table below that. A
/// list with a 项目资金名称 column has its headers on one row.
fn has_structure(region: &Region, t: &Template) -> bool {
    fn first_header(b: &Block) -> Option<&template::Column> {
        match b {
            Block::Funds { columns, .. } | Block::Indicators { columns, .. } => columns.first(),
            _ => None,
        }
    }
    let mut after = region.first;
    for b in t
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Funds { .. } | Block::Indicators { .. }))
    {
        let Some(col) = first_header(b) else { continue };
        match region.find_any(header_names(col), after + 1) {
            Some((r, _)) => after = r,
            None => return false,
        }
    }
    true
}

/// A label as compared: no spaces, half-width brackets and colons, the seed's 指针 read as 指标.
pub fn norm(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            '／' => '/',
            '，' => ',',
            'Ａ' => 'A',
            'Ｂ' => 'B',
            c => c,
        })
        .collect();
    t.replace("指针", "指标")
}

/// A label without its bracketed part and trailing colon: `全年预算数(A)` → `全年预算数`.
fn bare(s: &str) -> String {
    bare_of_norm(&norm(s))
}

/// [`bare`] of a text already [`norm`]alised.
fn bare_of_norm(n: &str) -> String {
    let mut out = String::with_capacity(n.len());
    let mut depth = 0;
    for c in n.chars() {
        match c {
            '(' => depth += 1,
            ')' if depth > 0 => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.trim_end_matches(':').to_string()
}

fn label_matches(cell: &str, label: &str) -> bool {
    if cell.is_empty() {
        return false;
    }
    let (a, b) = (norm(cell), norm(label));
    a == b || a.trim_end_matches(':') == b || {
        let (x, y) = (bare(cell), bare(label));
        !y.is_empty() && x == y
    }
}

/// The template's labels in reading order: what a value scan stops at.
fn all_labels(t: &Template) -> &'static [String] {
    static ALL: OnceLock<Vec<(String, Vec<String>)>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        template::ids()
            .into_iter()
            .filter_map(|id| template::get(id).ok())
            .map(|t| (t.id.clone(), labels_of(t)))
            .collect()
    });
    match all.iter().find(|(id, _)| *id == t.id) {
        Some((_, v)) => v,
        None => &[],
    }
}

fn labels_of(t: &Template) -> Vec<String> {
    let mut v = vec![t.title.clone()];
    for b in &t.blocks {
        match b {
            Block::Fields { cells } => {
                for c in cells {
                    v.extend(c.label.clone());
                    v.extend(c.aliases.iter().cloned());
                }
            }
            Block::Funds {
                label,
                columns,
                lines,
                ..
            } => {
                v.extend(label.text.clone());
                v.extend(columns.iter().flat_map(header_names).map(str::to_string));
                v.extend(lines.iter().map(|l| l.label.clone()));
            }
            Block::Goal { label, columns } | Block::Indicators { label, columns } => {
                v.extend(label.text.clone());
                v.extend(columns.iter().flat_map(header_names).map(str::to_string));
            }
            Block::Total { label, .. } => v.extend(label.text.clone()),
        }
    }
    v
}

/// A column's header and its other wordings, the header first.
fn header_names(c: &template::Column) -> impl Iterator<Item = &str> {
    std::iter::once(c.header.as_str()).chain(c.aliases.iter().map(String::as_str))
}

/// Every short text cell of a sheet under the keys [`label_matches`] compares — its text
/// normalised, and without its bracketed part — so that a label is found, or a cell compared
/// with one, without normalising the same text again.
struct Index {
    by_key: HashMap<String, Vec<(u32, u32)>>,
    /// (normalised text without a trailing colon, bare text) of each short text cell.
    cell_keys: HashMap<(u32, u32), (String, String)>,
}

/// A label's keys: its normalised text without a trailing colon, and its bare text as it is
/// filed in [`Index::by_key`] (after a NUL, so that the two kinds never meet), empty if none.
type LabelKey = Rc<(String, String)>;

thread_local! {
    /// The keys of the labels asked about so far on this thread: a template has a few dozen
    /// labels, asked about on every sheet.
    static LABEL_KEYS: RefCell<HashMap<String, LabelKey>> = RefCell::new(HashMap::new());
}

/// Longest text, in characters, that can still be a label.
const MAX_LABEL_CHARS: usize = 40;

impl Index {
    fn new(g: &Grid) -> Index {
        let mut by_key: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
        let mut cell_keys = HashMap::new();
        for (&(r, c), v) in &g.cells {
            let Val::Text(s) = v else { continue };
            if s.len() > MAX_LABEL_CHARS * 2 * 4 || s.chars().count() > MAX_LABEL_CHARS * 2 {
                continue;
            }
            let n = norm(s);
            if n.is_empty() || n.chars().count() > MAX_LABEL_CHARS {
                continue;
            }
            let b = bare_of_norm(&n);
            let trimmed = n.trim_end_matches(':').to_string();
            by_key.entry(trimmed.clone()).or_default().push((r, c));
            if !b.is_empty() {
                by_key.entry(format!("\u{0}{b}")).or_default().push((r, c));
            }
            cell_keys.insert((r, c), (trimmed, b));
        }
        for v in by_key.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        Index { by_key, cell_keys }
    }

    fn key(&self, label: &str) -> LabelKey {
        LABEL_KEYS.with(|keys| {
            if let Some(k) = keys.borrow().get(label) {
                return k.clone();
            }
            let n = norm(label);
            let b = bare_of_norm(&n);
            let k = Rc::new((
                n.trim_end_matches(':').to_string(),
                if b.is_empty() { b } else { format!("\u{0}{b}") },
            ));
            keys.borrow_mut().insert(label.to_string(), k.clone());
            k
        })
    }

    /// Whether the cell at (r, c) holds `label` (as [`label_matches`] decides).
    fn is(&self, r: u32, c: u32, label: &str) -> bool {
        let Some((n, b)) = self.cell_keys.get(&(r, c)) else {
            return false;
        };
        let k = self.key(label);
        *n == k.0 || (!k.1.is_empty() && b.as_str() == &k.1[1..])
    }

    /// Cells matching `label`, in row-major order.
    fn cells(&self, label: &str) -> Vec<(u32, u32)> {
        let k = self.key(label);
        let exact = self.by_key.get(&k.0);
        let bare = (!k.1.is_empty()).then(|| self.by_key.get(&k.1)).flatten();
        match (exact, bare) {
            (Some(v), None) | (None, Some(v)) => v.clone(),
            (None, None) => Vec::new(),
            (Some(a), Some(b)) => {
                let mut out: Vec<(u32, u32)> = a.iter().chain(b).copied().collect();
                out.sort_unstable();
                out.dedup();
                out
            }
        }
    }

    /// Whether any cell matches `label`.
    fn has(&self, label: &str) -> bool {
        let k = self.key(label);
        self.by_key.contains_key(&k.0) || (!k.1.is_empty() && self.by_key.contains_key(&k.1))
    }
}

/// The first label of the first `fields` row (项目资金名称): where each form starts.
fn anchor_label(t: &Template) -> Option<&str> {
    t.blocks.iter().find_map(|b| match b {
        Block::Fields { cells } => cells.iter().find_map(|c| c.label.as_deref()),
        _ => None,
    })
}

/// Cells holding the anchor label, one per form, in row order.
fn anchors(index: &Index, t: &Template) -> Vec<(u32, u32)> {
    let Some(label) = anchor_label(t) else {
        return Vec::new();
    };
    let mut v = index.cells(label);
    // One form per row band: two anchors on one row would be a typo, keep the first.
    v.dedup_by_key(|k| k.0);
    v
}

/// A form's rows: from its anchor to the next form's anchor (exclusive).
struct Region<'a> {
    g: &'a Grid,
    index: &'a Index,
    first: u32,
    last: u32,
    /// Cells holding any of the template's labels.
    label_cells: &'a HashSet<(u32, u32)>,
}

impl Region<'_> {
    /// The first cell (row-major) in rows `from..=last` whose text matches `label`.
    fn find(&self, label: &str, from: u32) -> Option<(u32, u32)> {
        self.index
            .cells(label)
            .into_iter()
            .find(|&(r, _)| from <= r && r <= self.last)
    }

    /// The first of `names` found (in their order) in rows `from..=last`.
    fn find_any<'n>(
        &self,
        mut names: impl Iterator<Item = &'n str>,
        from: u32,
    ) -> Option<(u32, u32)> {
        names.find_map(|n| self.find(n, from))
    }

    fn is_label(&self, r: u32, c: u32) -> bool {
        self.label_cells.contains(&(r, c))
    }

    /// The first column right of a label (past its merge).
    fn after(&self, r: u32, c: u32) -> u32 {
        match self.g.merge_of(r, c) {
            Some((_, end)) => end.1 + 1,
            None => c + 1,
        }
    }

    /// The value right of the label at (r, c): the first non-blank cell before the next label.
    /// Returns the value (or nothing) and the cell it was (or would be) in.
    fn value_right(&self, r: u32, c: u32) -> (Option<Val>, (u32, u32)) {
        let start = self.after(r, c);
        for cc in self.g.cols_in(r, start, u32::MAX) {
            if self.is_label(r, cc) {
                break;
            }
            if let Some(v) = self.g.get(r, cc) {
                return (Some(v.clone()), (r, cc));
            }
        }
        (None, (r, start))
    }

    /// The columns a header cell stands over: its merge, or up to the next header.
    fn span(&self, r: u32, c: u32) -> (u32, u32) {
        if let Some((a, b)) = self.g.merge_of(r, c) {
            return (a.1, b.1);
        }
        // Up to the next filled cell of the row, or the last column of the sheet.
        let end = match self.g.cols_in(r, c + 1, u32::MAX).next() {
            Some(next) => next - 1,
            None => self.g.max_col.max(c),
        };
        (c, end)
    }

    /// The first non-blank value in row `r` within columns `span`.
    fn value_in(&self, r: u32, span: (u32, u32)) -> (Option<Val>, (u32, u32)) {
        for c in self.g.cols_in(r, span.0, span.1) {
            if let Some(v) = self.g.get(r, c) {
                return (Some(v.clone()), (r, c));
            }
        }
        (None, (r, span.0))
    }
}

fn text_of(v: &Option<Val>) -> String {
    v.as_ref().map(Val::text).unwrap_or_default()
}

/// Read the form of `region`: each block of the template in turn, by its labels, then the
/// year; 分值 the variant would derive anyway are left unstated.
fn read_form(
    path: &Path,
    region: &Region,
    t: &Template,
    stamp: Option<Stamp>,
    opts: &Options,
) -> Result<Imported> {
    let g = region.g;
    let mut def = Definition {
        form: t.id.clone(),
        source: Some(Source {
            file: path.display().to_string(),
            sheet: g.name.clone(),
        }),
        ..Default::default()
    };
    let mut rd = Reading {
        stamped: stamp.is_some(),
        ..Default::default()
    };
    for block in &t.blocks {
        match block {
            Block::Fields { cells } => read_fields(region, t, cells, &mut def, &mut rd),
            Block::Funds { columns, lines, .. } => {
                read_funds(region, columns, lines, &mut def, &mut rd);
            }
            Block::Goal { columns, .. } => read_goal(region, columns, &mut def, &mut rd),
            Block::Indicators { columns, .. } => {
                read_indicators(region, t, columns, &mut def, &mut rd);
            }
            Block::Total { .. } => {}
        }
    }
    def.year = year_of(path, g, region, stamp.as_ref(), opts, &mut rd.warnings);
    default_weights(t, &mut def);
    def.trim();
    Ok(Imported {
        def,
        from: Provenance {
            file: path.to_path_buf(),
            item: None,
            sheet: Some(g.name.clone()),
            cells: Cells::from(&rd.cells),
            typed_rates: rd.typed_rates,
            not_numbers: rd.not_numbers,
        },
        stamp,
        added_indicators: Vec::new(),
        warnings: rd.warnings,
    })
}

/// A `fields` row: each label, found anywhere in the form, is paired with the field cell that
/// follows it in the template row; its value is the first cell right of it.
fn read_fields(
    region: &Region,
    t: &Template,
    cells: &[template::FieldCell],
    def: &mut Definition,
    rd: &mut Reading,
) {
    for (i, c) in cells.iter().enumerate() {
        let Some(label) = &c.label else { continue };
        let Some(field) = cells[i + 1..].iter().find_map(|f| f.field.clone()) else {
            continue;
        };
        let names = std::iter::once(label.as_str()).chain(c.aliases.iter().map(String::as_str));
        let Some((r, cc)) = region.find_any(names, region.first) else {
            continue;
        };
        let (v, at) = region.value_right(r, cc);
        let text = text_of(&v);
        rd.put_cell(field.clone(), at);
        set_field(def, t, &field, text);
    }
}

/// 项目资金: the header row, found by its first column; each column by its header on that
/// row; each funding line by its label left of the amount columns, on the rows just below.
fn read_funds(
    region: &Region,
    columns: &[template::Column],
    lines: &[template::FundLine],
    def: &mut Definition,
    rd: &mut Reading,
) {
    let Some(first_col) = columns.first() else {
        return;
    };
    let Some((h, _)) = region.find_any(header_names(first_col), region.first) else {
        return;
    };
    let spans = header_spans(region, h, columns);
    let min_col = spans.iter().map(|s| s.1.0).min().unwrap_or(0);
    let last_row = (h + 2 + lines.len() as u32).min(region.last);
    for line in lines {
        // 其中：中央、省补助 is also written without its 其中：.
        let short = line.label.strip_prefix("其中：").unwrap_or(&line.label);
        let Some(r) = (h + 1..=last_row).find(|&r| {
            (0..min_col).any(|c| region.index.is(r, c, &line.label) || region.index.is(r, c, short))
        }) else {
            continue;
        };
        for (c, span) in &spans {
            let value = c.value.as_str();
            let (v, at) = region.value_in(r, *span);
            let field = format!("funds.{}.{}", line.key, value);
            rd.put_cell(field.clone(), at);
            let parsed = fund_amount(&v, at, &field, rd);
            set_fund(def, rd, &line.key, value, parsed);
        }
    }
}

/// The amount of a funding cell: a number, or text that reads as one; nothing for a blank
/// cell or a dash. Other text is nothing too, noted as a warning and as not a number.
fn fund_amount(v: &Option<Val>, at: (u32, u32), field: &str, rd: &mut Reading) -> Option<Decimal> {
    match v {
        None => None,
        Some(Val::Number(f)) => amount::from_cell_f64(*f),
        Some(Val::Text(s)) if is_dash(s) => None,
        Some(Val::Text(s)) => match amount::parse(s) {
            Some(d) => Some(d),
            None => {
                rd.warnings.push(crate::t!(
                    "import-not-a-number",
                    cell = a1(at.0, at.1 as u16),
                    text = s.trim(),
                    field = crate::template::get("city")
                        .map_or_else(|_| field.to_string(), |t| t.field_name(field))
                ));
                rd.not_numbers
                    .insert(field.to_string(), s.trim().to_string());
                None
            }
        },
    }
}

/// Store the amount read in column `value` of funding line `key`. The 执行率 typed on the
/// form is kept aside (the definition computes its own); a line the model does not know is
/// left out.
fn set_fund(
    def: &mut Definition,
    rd: &mut Reading,
    key: &str,
    value: &str,
    parsed: Option<Decimal>,
) {
    let Some(amounts) = def.funds.line_mut(key) else {
        return;
    };
    match value {
        "initial_budget" => amounts.initial_budget = parsed,
        "weight" if key == "total" => def.funds.weight = parsed,
        "budget" => amounts.budget = parsed,
        "executed" => amounts.executed = parsed,
        "rate" => {
            if let Some(d) = parsed {
                rd.typed_rates.insert(key.to_string(), d);
            }
        }
        _ => {}
    }
}

/// 年度总体目标: each value under its header, on the row below the header's merge.
fn read_goal(
    region: &Region,
    columns: &[template::Column],
    def: &mut Definition,
    rd: &mut Reading,
) {
    let g = region.g;
    for c in columns {
        let Some((r, cc)) = region.find_any(header_names(c), region.first) else {
            continue;
        };
        let span = region.span(r, cc);
        let row = match g.merge_of(r, cc) {
            Some((_, end)) => end.0 + 1,
            None => r + 1,
        };
        // A goal row left out entirely: the next row is already the indicator table.
        let (v, at) = if region.is_label(row, span.0)
            || (span.0..=span.1).any(|cc| region.is_label(row, cc))
        {
            (None, (row, span.0))
        } else {
            region.value_in(row, span)
        };
        let field = format!("goal.{}", c.value);
        rd.put_cell(field, at);
        match c.value.as_str() {
            "target" => def.goal.target = text_of(&v),
            _ => def.goal.actual = text_of(&v),
        }
    }
}

/// The variant whose labels the sheet holds most of (the default variant on a tie).
fn detect_variant(index: &Index) -> Result<&'static Template> {
    let mut best: Option<(&'static Template, usize)> = None;
    for id in template::ids() {
        let t = template::get(id)?;
        let Some(anchor) = anchor_label(t) else {
            continue;
        };
        if !index.has(anchor) {
            continue;
        }
        let found = all_labels(t).iter().filter(|l| index.has(l)).count();
        if best.is_none_or(|(_, n)| found > n) {
            best = Some((t, found));
        }
    }
    match best {
        Some((t, _)) => Ok(t),
        None => template::get(crate::model::DEFAULT_FORM),
    }
}

/// A cell that says "not applicable": — or /.
fn is_dash(s: &str) -> bool {
    matches!(s.trim(), "—" | "——" | "-" | "–" | "/" | "／")
}

/// On a scored variant the form shows every 分值; where they are exactly what the variant
/// would derive for this definition, the definition does not state them (as issued).
fn default_weights(t: &Template, def: &mut Definition) {
    if !t.scored() {
        return;
    }
    let mut probe = def.clone();
    probe.funds.weight = None;
    for i in &mut probe.indicators {
        i.weight = None;
    }
    let (funds, derived) = crate::layout::effective_weights(t, &probe);
    if def.funds.weight == Some(funds) {
        def.funds.weight = None;
    }
    let all_derived = def
        .indicators
        .iter()
        .zip(&derived)
        .all(|(i, d)| i.weight == Some(*d));
    if all_derived {
        for i in &mut def.indicators {
            i.weight = None;
        }
    }
}

/// A number read from a cell: a number cell, or text that reads as one.
fn number(v: &Option<Val>, text: &str) -> Option<Decimal> {
    match v {
        Some(Val::Number(f)) => amount::from_cell_f64(*f),
        _ => amount::parse(text),
    }
}

/// The cell of row `r` holding a column's header (or one of its other wordings).
fn find_in_row(region: &Region, r: u32, col: &template::Column) -> Option<(u32, u32)> {
    header_names(col).find_map(|name| {
        region
            .g
            .cols_in(r, 0, u32::MAX)
            .find(|&c| region.index.is(r, c, name))
            .map(|c| (r, c))
    })
}

fn set_field(def: &mut Definition, t: &Template, field: &str, text: String) {
    match field {
        "project" => def.project = text,
        "contact" => def.contact = text,
        "city_department" => def.city_department = text,
        "local_department" => def.local_department = text,
        "unit" => def.unit = text,
        "note" => {
            def.note = if norm(&text) == norm(&t.note_instruction) {
                String::new()
            } else {
                text
            }
        }
        _ => {}
    }
}

/// 绩效指标: the table below its header row, read row by row until the first label of the
/// blocks after it; a row with no value of its own, or a header repeated at the top of a
/// printed page, is no indicator.
fn read_indicators(
    region: &Region,
    t: &Template,
    columns: &[template::Column],
    def: &mut Definition,
    rd: &mut Reading,
) {
    let Some(first) = columns.first() else { return };
    let Some((h, _)) = region.find_any(header_names(first), region.first) else {
        return;
    };
    let table = IndicatorTable::new(region, t, columns, h, rd.stamped);
    // The indicators read from this table so far: the last is the row above's.
    let start = def.indicators.len();
    for r in table.header_end + 1..=region.last {
        if table.ends_at(r) {
            break;
        }
        let row = table.read_row(r, def.indicators[start..].last());
        if row.own_blank {
            continue;
        }
        // A header repeated at the top of a printed page.
        if label_matches(&row.ind.level1, &first.header) {
            continue;
        }
        let i = def.indicators.len();
        for (value, text) in row.typed_texts {
            rd.not_numbers.insert(field::indicator(i, &value), text);
        }
        for (value, at) in row.cells {
            rd.put_cell(field::indicator(i, &value), at);
        }
        def.indicators.push(row.ind);
    }
}

/// The indicator table of a form as found on the sheet.
struct IndicatorTable<'a> {
    region: &'a Region<'a>,
    /// The columns found on the header row, with the columns each stands over.
    spans: Vec<(&'a template::Column, (u32, u32))>,
    /// The leftmost column of the table.
    min_col: u32,
    /// The last row of the header (its merge).
    header_end: u32,
    /// The labels of the blocks after the table ([`end_labels`]).
    end_labels: Vec<String>,
    /// By first column of a span: whether its blank cells take the value above
    /// ([`blanks_inherit`]).
    inherits: HashMap<u32, bool>,
}

/// One row of the indicator table as read.
struct IndicatorRow {
    ind: Indicator,
    /// No cell of the row has a value of its own (cells merged down from above do not count).
    own_blank: bool,
    /// 分值 and 得分 cells holding text that is not a number: (column value, text).
    typed_texts: Vec<(String, String)>,
    /// Where each column's value was read: (column value, cell).
    cells: Vec<(String, (u32, u32))>,
}

impl<'a> IndicatorTable<'a> {
    /// The table whose header row is `h`.
    fn new(
        region: &'a Region<'a>,
        t: &Template,
        columns: &'a [template::Column],
        h: u32,
        stamped: bool,
    ) -> Self {
        let g = region.g;
        let spans = header_spans(region, h, columns);
        let min_col = spans.iter().map(|s| s.1.0).min().unwrap_or(0);
        let end_labels = end_labels(t);
        let header_end = g
            .merge_of(h, spans.first().map_or(0, |s| s.1.0))
            .map_or(h, |m| m.1.0);
        let inherits = spans
            .iter()
            .map(|(_, span)| (span.0, blanks_inherit(g, span.0, header_end, stamped)))
            .collect();
        IndicatorTable {
            region,
            spans,
            min_col,
            header_end,
            end_labels,
            inherits,
        }
    }

    /// Whether row `r` is past the table: one of the end labels in its first columns.
    fn ends_at(&self, r: u32) -> bool {
        (0..=self.min_col.max(1)).any(|c| {
            self.end_labels
                .iter()
                .any(|l| self.region.index.is(r, c, l))
        })
    }

    /// Whether blank cells of the column starting at `span.0` take the value above.
    fn inherit(&self, span: (u32, u32)) -> bool {
        self.inherits.get(&span.0).copied().unwrap_or(false)
    }

    /// Row `r` of the table; `prev` is the indicator of the row above, if any.
    fn read_row(&self, r: u32, prev: Option<&Indicator>) -> IndicatorRow {
        let g = self.region.g;
        let mut row = IndicatorRow {
            ind: Indicator::default(),
            own_blank: true,
            typed_texts: Vec::new(),
            cells: Vec::new(),
        };
        for &(c, span) in &self.spans {
            // A cell inside a merge that starts higher up in the same column.
            let covered = g
                .merge_of(r, span.0)
                .filter(|(a, _)| a.0 < r && a.1 == span.0);
            let (v, at) = match covered {
                Some((top, _)) => (g.get(top.0, top.1).cloned(), top),
                None => {
                    let (v, at) = self.region.value_in(r, span);
                    if v.is_some() {
                        row.own_blank = false;
                    }
                    (v, at)
                }
            };
            let mut text = text_of(&v);
            if text.is_empty()
                && c.runs
                && covered.is_none()
                && self.inherit(span)
                && let Some(above) = self.inherited(r, c, &row.ind, prev)
            {
                text = above;
            }
            row.cells.push((c.value.clone(), at));
            set_indicator_value(&mut row, c, &v, text);
        }
        row
    }

    /// What a blank 一级/二级 cell of row `r` reads as on a table that writes a run's label
    /// only on its first row: the label of the row above, unless the cell is a 二级 on a row
    /// that starts a 一级 run of its own (`ind` holds the columns of the row read so far).
    fn inherited(
        &self,
        r: u32,
        c: &template::Column,
        ind: &Indicator,
        prev: Option<&Indicator>,
    ) -> Option<String> {
        let level1_own = c.value == "level2" && !ind.level1.is_empty() && {
            let s = self.spans.iter().find(|s| s.0.value == "level1");
            s.is_some_and(|s| !self.region.g.is_blank(r, s.1.0))
        };
        let p = prev.filter(|_| !level1_own)?;
        Some(match c.value.as_str() {
            "level1" => p.level1.clone(),
            _ => p.level2.clone(),
        })
    }
}

/// Whether blank 一级/二级 cells below a value, in the column starting at `col`, mean
/// "same as above" (a form typed without merges) or really blank (a form whose runs are
/// merged).
///
/// A stamped form is ours: where merges are known they are authoritative. A form typed by
/// hand without merges (or read from .ods, whose merges calamine does not report) writes a
/// run's label only on its first row.
fn blanks_inherit(g: &Grid, col: u32, header_end: u32, stamped: bool) -> bool {
    !g.merges_known || (!stamped && !g.has_run_merge(col, header_end))
}

/// Store the text read in column `c` of an indicator row; a 分值 or 得分 that is neither a
/// number nor a dash is noted as typed text.
fn set_indicator_value(
    row: &mut IndicatorRow,
    c: &template::Column,
    v: &Option<Val>,
    text: String,
) {
    let ind = &mut row.ind;
    match c.value.as_str() {
        "level1" => ind.level1 = text,
        "level2" => ind.level2 = text,
        "name" => ind.name = text,
        "target" => ind.target = text,
        "actual" => ind.actual = text,
        "reason" => ind.reason = text,
        "weight" | "score" => {
            let n = number(v, &text);
            if n.is_none() && !text.is_empty() && !is_dash(&text) {
                row.typed_texts.push((c.value.clone(), text.clone()));
            }
            if c.value == "weight" {
                ind.weight = n;
            } else {
                ind.score = n;
            }
        }
        _ => {}
    }
}

/// The labels of the blocks after the indicator table (说明, 总分): the first of them met
/// ends the table.
fn end_labels(t: &Template) -> Vec<String> {
    t.blocks
        .iter()
        .skip_while(|b| !matches!(b, Block::Indicators { .. }))
        .skip(1)
        .flat_map(|b| match b {
            Block::Fields { cells } => cells.iter().filter_map(|c| c.label.clone()).collect(),
            Block::Total { label, .. } => label.text.iter().cloned().collect(),
            Block::Funds { label, .. }
            | Block::Goal { label, .. }
            | Block::Indicators { label, .. } => label.text.iter().cloned().collect::<Vec<_>>(),
        })
        .collect()
}

/// The columns of a table found on its header row `h`, each with the columns it stands over;
/// a column whose header is not on the row is left out.
fn header_spans<'c>(
    region: &Region,
    h: u32,
    columns: &'c [template::Column],
) -> Vec<(&'c template::Column, (u32, u32))> {
    columns
        .iter()
        .filter_map(|c| {
            let (r, cc) = find_in_row(region, h, c)?;
            Some((c, region.span(r, cc)))
        })
        .collect()
}

/// The year: the stamp's, else a subtitle such as （2021年度） above the form, else the
/// option, else a year in the file name.
fn year_of(
    path: &Path,
    g: &Grid,
    region: &Region,
    stamp: Option<&Stamp>,
    opts: &Options,
    warnings: &mut Vec<String>,
) -> i32 {
    if let Some(s) = stamp {
        return s.year;
    }
    let from = region.first.saturating_sub(4);
    for r in from..=region.first.min(region.last) {
        for c in g.cols_in(r, 0, u32::MAX) {
            if let Some(Val::Text(s)) = g.get(r, c)
                && let Some(y) = year_in(s, true)
            {
                return y;
            }
        }
    }
    if let Some(y) = opts.year {
        return y;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if let Some(y) = year_in(name, false) {
        return y;
    }
    warnings.push(crate::t!("import-year-unknown"));
    0
}

/// A year 1949–2100 in text: followed by 年 when `with_nian`, else any four digits alone.
fn year_in(s: &str, with_nian: bool) -> Option<i32> {
    let chars: Vec<char> = s.chars().collect();
    for i in 0..chars.len().saturating_sub(3) {
        let w = &chars[i..i + 4];
        if !w.iter().all(char::is_ascii_digit) {
            continue;
        }
        let before = i.checked_sub(1).is_some_and(|j| chars[j].is_ascii_digit());
        let after = chars.get(i + 4).copied();
        if before || after.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        if with_nian && after != Some('年') {
            continue;
        }
        let y: i32 = w.iter().collect::<String>().parse().ok()?;
        if (1949..=2100).contains(&y) {
            return Some(y);
        }
    }
    None
}

/// Indicators of `now` that are not in `issued`: rows inserted by the unit.
fn added_rows(issued: &[Indicator], now: &[Indicator]) -> Vec<usize> {
    use similar::{Algorithm, DiffOp, capture_diff_slices};
    let key = |i: &Indicator| {
        (
            i.level1.clone(),
            i.level2.clone(),
            i.name.clone(),
            i.target.clone(),
        )
    };
    let a: Vec<_> = issued.iter().map(key).collect();
    let b: Vec<_> = now.iter().map(key).collect();
    let mut out = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Insert {
                new_index, new_len, ..
            } => out.extend(new_index..new_index + new_len),
            DiffOp::Replace {
                old_len,
                new_index,
                new_len,
                ..
            } if new_len > old_len => out.extend(new_index + old_len..new_index + new_len),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_match_across_brackets_spaces_and_typos() {
        assert!(label_matches("全年预算数(A)", "全年预算数（A）"));
        assert!(label_matches("全年预算数 (A)", "全年预算数（A）"));
        assert!(label_matches("执行率（B / A）", "执行率（B/A）"));
        assert!(label_matches("服务对象满意度指针", "服务对象满意度指标"));
        assert!(label_matches("项目资金名称：", "项目资金名称"));
        assert!(label_matches("全年预算数", "全年预算数（A）"));
        assert!(!label_matches("项目资金", "项目资金名称"));
        assert!(!label_matches("", "说明"));
    }

    #[test]
    fn years_are_found_in_subtitles_and_names() {
        assert_eq!(year_in("（2021年度）", true), Some(2021));
        // The city form's title line.
        assert_eq!(year_in("2022年度项目支出绩效自评表", true), Some(2022));
        assert_eq!(year_in("项目支出绩效自评表", true), None);
        assert_eq!(year_in("12021年", true), None);
        assert_eq!(year_in("returns-2022-禁毒.xlsx", false), Some(2022));
        assert_eq!(year_in("3000", false), None);
    }

    #[test]
    fn inserted_rows_are_found() {
        let ind = |n: &str| Indicator {
            name: n.into(),
            ..Default::default()
        };
        let issued = vec![ind("a"), ind("b"), ind("c")];
        assert_eq!(
            added_rows(&issued, &[ind("a"), ind("x"), ind("b"), ind("c")]),
            vec![1]
        );
        assert_eq!(added_rows(&issued, &issued), Vec::<usize>::new());
        assert_eq!(
            added_rows(&issued, &[ind("a"), ind("b"), ind("c"), ind("d"), ind("e")]),
            vec![3, 4]
        );
    }
}
