//! Comparing two sets of project definitions: what a unit filled in and what it changed, or
//! what changed from one year to the next.
//!
//! Each side is a YAML (or JSON) definition file, a returned workbook (.xlsx, .xlsm, .xls,
//! .ods) or a folder of either, read by [`load_side`]. [`compare`] matches the projects of the
//! two sides and lists every change as a [`Change`]; [`render_text`], [`to_json`] and
//! [`xlsx_bytes`] present the resulting [`Report`].
//!
//! # Modes
//!
//! - **issued** (`issued vs returned`): the years of the two sides are equal. The old side is
//!   what the finance office issued, the new side what the unit returned. Fields the unit fills
//!   in (负责人及电话, 全年执行数, 全年实际完成情况, 全年完成值, 未完成原因和改进措施, 说明) are
//!   reported with kind `filled`; any change to a field the office decides (project name,
//!   departments, 实施单位, a 全年预算数, 年初设定目标, an indicator's 一级/二级/三级 or
//!   年度指标值, indicators added or removed) is reported with `"forbidden": true`.
//! - **yearly** (year over year): the years differ. Fields the unit fills in are ignored
//!   (they are blank in next year's issued definitions) unless `--all` is given.
//!
//! The mode is chosen automatically (issued when both sides hold the same set of years) and
//! can be forced with `--mode`.
//!
//! # Matching
//!
//! Projects are matched by project name and 实施单位: first exactly (ignoring white space and
//! full-width/half-width differences), then by character similarity of the project names
//! (`similar`'s ratio over characters): at least 0.6 within the same unit, at least 0.85
//! across units, best pairs first, the same unit preferred. A matched project whose name
//! differs is reported as renamed, with both names. Indicators are matched within a project
//! by 一级/二级/三级 exactly, then by similarity (a renamed 三级指标 under the same 一级/二级,
//! or the same 三级指标 whose 一级/二级 label changed).
//!
//! # JSON schema (`evalsheet diff --format json`), version `evalsheet-diff/1`
//!
//! One object. Keys are always present; a value that does not apply is `null`. New keys may
//! be added in later versions; existing keys keep their meaning.
//!
//! ```text
//! {
//!   "schema":  "evalsheet-diff/1",
//!   "mode":    "issued" | "yearly",
//!   "all":     bool,              // yearly mode: unit-filled fields compared too (--all)
//!   "old":     { "path": str, "years": [int], "projects": int },
//!   "new":     { "path": str, "years": [int], "projects": int },
//!   "summary": { "projects": int,   // rows of "projects"
//!                "matched": int, "renamed": int, "added": int, "removed": int,
//!                "unchanged": int, "changes": int, "forbidden": int, "filled": int },
//!   "projects": [ {                // one per project of either side: new side's order,
//!                                  // then projects only on the old side in their order
//!       "project": str, "unit": str,          // the new side's names (old side's if removed)
//!       "old_project": str|null, "old_unit": str|null,   // the old side's names, if matched
//!       "status": "unchanged" | "changed" | "renamed" | "added" | "removed",
//!       "old_source": str|null, "new_source": str|null,  // file (and sheet or list item)
//!       "changes": int, "forbidden": int, "filled": int } ],
//!   "changes": [ {                 // one per change, grouped by project in "projects" order,
//!                                  // in form order within a project
//!       "project": str, "unit": str,          // as in "projects"
//!       "path":  str,      // field path: "project", "unit", "city_department",
//!                          // "local_department", "contact", "form", "year",
//!                          // "funds.<line>.budget" | "funds.<line>.executed" |
//!                          // "funds.<line>.initial_budget" with <line> one of total,
//!                          // central_provincial, city, other, current_year, carryover;
//!                          // "funds.weight"; "goal.target", "goal.actual",
//!                          // "indicators[N]" (whole indicator),
//!                          // "indicators[N].level1|level2|name|target|actual|reason|weight|score",
//!                          // "note".
//!                          // N counts from 1 in form order, on the new side (on the old side
//!                          // for indicator_removed).
//!       "label": str,      // the field's label on the form, e.g. "年度资金总额 全年预算数"
//!       "kind":  "project_added" | "project_removed" | "project_renamed" |
//!                "indicator_added" | "indicator_removed" | "indicator_renamed" |
//!                "changed" | "filled",
//!       "forbidden": bool, // issued mode: the unit changed what the office decides
//!       "old": str|null, "new": str|null,   // the values as text; null when absent or blank;
//!                          // a whole indicator is "一级 / 二级 / 三级：年度指标值"
//!       "inline": str|null,// text changes: the unicode-word diff, e.g. "侦破 [-13][+10] 起"
//!       "delta":   str|null,  // budgets and 全年执行数: new − old in 万元, signed ("-100")
//!       "percent": str|null,  // budgets: (new − old) / old in percent, 2 decimals, signed
//!                             // ("-20", "+3.7"); rounded half away from zero; null if old is
//!                             // blank or zero
//!       "rate":    str|null,  // 全年执行数: the recomputed 执行率 B/A in percent ("100")
//!       "cell":    str|null,  // the cell of a returned workbook holding the new value ("F6")
//!       "note":    str|null } // a remark, e.g. a 执行率 typed on the form that disagrees
//!   ]
//! }
//! ```
//!
//! The exit status of `evalsheet diff` is 0 when `changes` is empty, 1 when it is not, and 2
//! on trouble.

use rust_decimal::Decimal;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::amount;
use crate::error::{Error, Result};
use crate::model::{Amounts, Definition, FUND_LINES, Indicator};

/// The version of the JSON schema documented above.
pub const SCHEMA: &str = "evalsheet-diff/1";

/// Two projects in the same 实施单位 are the same project renamed when their names are at
/// least this similar (similar's character ratio).
pub const PROJECT_SAME_UNIT_RATIO: f32 = 0.6;
/// Across 实施单位, the names must be at least this similar.
pub const PROJECT_OTHER_UNIT_RATIO: f32 = 0.85;
/// Under the same 一级/二级, a 三级指标 is renamed when the names are at least this similar…
pub const INDICATOR_NAME_RATIO: f32 = 0.5;
/// …or at least [`INDICATOR_WEAK_NAME_RATIO`] similar with 年度指标值 at least this similar.
pub const INDICATOR_TARGET_RATIO: f32 = 0.8;
pub const INDICATOR_WEAK_NAME_RATIO: f32 = 0.3;

/// The prefix of the 说明 instruction a blank form holds; a 说明 still holding it is blank.
const NOTE_INSTRUCTION_PREFIX: &str = "请在此处简要说明";

// ---------------------------------------------------------------------------------------------
// Loading

/// Where a compared definition came from.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub file: PathBuf,
    /// Position in a YAML list (0-based), when the file holds a list.
    pub index: Option<usize>,
    /// The sheet of a returned workbook.
    pub sheet: Option<String>,
    /// Field path → A1 cell, for returned workbooks.
    pub cells: Cells,
    /// 执行率 as found on a returned form, by funding line key (`total`, `city`, …).
    pub typed_rates: BTreeMap<String, Decimal>,
    /// Only the definition's year, form, project and unit were kept (a large side): the rest
    /// is read again from the file when the project is compared.
    pub reduced: bool,
}

/// Field path → A1 cell, packed into one string (`field\tcell\n` lines): a side of ten
/// thousand returned forms keeps sixty of these pairs a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells(String);

impl Cells {
    /// The cell a field was read from.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.lines().find_map(|line| {
            let (f, cell) = line.split_once('\t')?;
            (f == field).then_some(cell)
        })
    }
}

impl From<&BTreeMap<String, String>> for Cells {
    fn from(map: &BTreeMap<String, String>) -> Cells {
        let mut s = String::with_capacity(map.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
        for (k, v) in map {
            // Field paths and A1 cells hold neither tabs nor line breaks.
            s.push_str(k);
            s.push('\t');
            s.push_str(v);
            s.push('\n');
        }
        Cells(s)
    }
}

impl Origin {
    /// `file`, `file, definition N` or `file, sheet S`.
    pub fn place(&self) -> String {
        match (&self.sheet, self.index) {
            (Some(s), _) => format!("{}, sheet {s}", self.file.display()),
            (None, Some(i)) => format!("{}, definition {}", self.file.display(), i + 1),
            (None, None) => self.file.display().to_string(),
        }
    }
}

/// The definitions of one side, each with where it came from.
pub type SideDefs = Vec<(Definition, Origin)>;

/// A pairing of two sides' items by index: `(old, new)`, `None` on the side one is missing from.
pub type Pair = (Option<usize>, Option<usize>);

/// Every definition of one side: a definition file, a workbook, or a folder of either
/// (searched recursively, in name order). Fails on the first file that cannot be read.
pub fn load_side(path: &Path) -> Result<SideDefs> {
    let (defs, mut errors) = load_side_all(path)?;
    if errors.is_empty() {
        Ok(defs)
    } else {
        Err(errors.remove(0))
    }
}

/// Like [`load_side`], but reads every file and returns, separately, one error per file that
/// could not be read.
pub fn load_side_all(path: &Path) -> Result<(SideDefs, Vec<Error>)> {
    Ok(read_side(&side_files(path)?.files, &|| {}))
}

/// The files of one side: the file itself, or the definitions and workbooks under a folder
/// (see [`crate::input`]).
pub fn side_files(path: &Path) -> Result<crate::input::Found> {
    crate::input::expand(&[path.to_path_buf()], crate::input::Kind::Forms)
}

/// Read the files of one side on all cores, a chunk at a time, calling `tick` after each
/// file; the definitions keep the files' order, and each file that cannot be read gives one
/// error.
pub fn read_side(files: &[PathBuf], tick: &(dyn Fn() + Sync)) -> (SideDefs, Vec<Error>) {
    read_side_keeping(files, tick, KEEP_WHOLE)
}

/// [`read_side`], keeping the first `keep` definitions whole.
fn read_side_keeping(
    files: &[PathBuf],
    tick: &(dyn Fn() + Sync),
    keep: usize,
) -> (SideDefs, Vec<Error>) {
    let mut defs = Vec::new();
    let mut errors = Vec::new();
    crate::in_chunks(
        files,
        |f| {
            let r = read_one(f);
            tick();
            r
        },
        |_, results| {
            for r in results {
                match r {
                    Ok(v) => {
                        // A file of several forms (a unit's workbook, a YAML list) is kept
                        // whole: its forms would be compared in different chunks of pairs,
                        // and each would read the whole file again.
                        let several = v.len() > 1;
                        for (def, origin) in v {
                            if defs.len() < keep || several {
                                defs.push((def, origin));
                            } else {
                                defs.push(reduce(def, origin));
                            }
                        }
                    }
                    Err(e) => errors.push(e),
                }
            }
            true
        },
    );
    (defs, errors)
}

/// Definitions of a side kept whole; those after them, each the only one of its file, keep
/// only what pairing needs and are read again when compared, so that a side of any number of
/// files fits in memory (a definition takes about 5 KB).
pub const KEEP_WHOLE: usize = 4096;

/// Keep only what pairing projects needs of a definition.
fn reduce(def: Definition, origin: Origin) -> (Definition, Origin) {
    let key = Definition {
        year: def.year,
        form: def.form,
        project: def.project,
        unit: def.unit,
        ..Definition::default()
    };
    let origin = Origin {
        file: origin.file,
        index: origin.index,
        sheet: origin.sheet,
        reduced: true,
        ..Origin::default()
    };
    (key, origin)
}

/// Read the reduced definitions `entries` (indices into `side`), all from one file, again:
/// the whole definitions and their cells. The file is read once, however many of its forms
/// are wanted (a unit's workbook holds many).
fn reread_file(
    side: &[(Definition, Origin)],
    entries: &[usize],
) -> Result<Vec<(usize, (Definition, Origin))>> {
    let Some(&first) = entries.first() else {
        return Ok(Vec::new());
    };
    let mut found = read_one(&side[first].1.file)?;
    entries
        .iter()
        .map(|&i| {
            let (key, origin) = &side[i];
            let at = found
                .iter()
                .position(|(_, o)| o.index == origin.index && o.sheet == origin.sheet)
                .filter(|&k| found[k].0.project == key.project && found[k].0.unit == key.unit);
            match at {
                Some(k) => Ok((i, found.swap_remove(k))),
                None => Err(Error::Invalid {
                    path: origin.file.clone(),
                    what: match (&origin.sheet, origin.index) {
                        (Some(s), _) => format!("sheet {s}"),
                        (None, Some(i)) => format!("definition {}", i + 1),
                        (None, None) => "the definition".into(),
                    },
                    message: format!(
                        "{} ({}) is no longer there: the file changed while it was compared; \
                         run diff again",
                        key.project, key.unit
                    ),
                }),
            }
        })
        .collect()
}

/// The whole definitions of the reduced entries among `wanted`, read again on all cores,
/// each file once.
fn reread_all(
    side: &[(Definition, Origin)],
    wanted: &[usize],
) -> Result<HashMap<usize, (Definition, Origin)>> {
    use rayon::prelude::*;
    let mut by_file: BTreeMap<&Path, Vec<usize>> = BTreeMap::new();
    for &i in wanted.iter().filter(|&&i| side[i].1.reduced) {
        by_file.entry(side[i].1.file.as_path()).or_default().push(i);
    }
    let groups: Vec<Vec<usize>> = by_file.into_values().collect();
    let read: Vec<Vec<(usize, (Definition, Origin))>> = groups
        .par_iter()
        .map(|entries| reread_file(side, entries))
        .collect::<Result<_>>()?;
    Ok(read.into_iter().flatten().collect())
}

/// The definitions of one file of a side.
fn read_one(f: &Path) -> Result<SideDefs> {
    if crate::input::is_workbook(f) {
        return import_workbook(f);
    }
    crate::load::load_file(f).map(|v| {
        v.into_iter()
            .map(|l| {
                let origin = Origin {
                    file: l.path,
                    index: l.index,
                    ..Default::default()
                };
                (l.def, origin)
            })
            .collect()
    })
}

/// The definitions of a returned workbook, each with the cells its fields were read from.
fn import_workbook(path: &Path) -> Result<Vec<(Definition, Origin)>> {
    let imported = crate::import::import_path(path)?;
    Ok(imported
        .into_iter()
        .map(|imp| {
            let sheet = imp.def.source.as_ref().map(|s| s.sheet.clone());
            let origin = Origin {
                file: path.to_path_buf(),
                index: None,
                sheet,
                cells: Cells::from(&imp.cells),
                typed_rates: imp.typed_rates,
                reduced: false,
            };
            (imp.def, origin)
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------
// The report

/// Issued vs returned, or year over year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    Issued,
    Yearly,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Issued => "issued",
            Mode::Yearly => "yearly",
        }
    }
}

/// What kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    ProjectAdded,
    ProjectRemoved,
    ProjectRenamed,
    IndicatorAdded,
    IndicatorRemoved,
    IndicatorRenamed,
    Changed,
    Filled,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::ProjectAdded => "project_added",
            Kind::ProjectRemoved => "project_removed",
            Kind::ProjectRenamed => "project_renamed",
            Kind::IndicatorAdded => "indicator_added",
            Kind::IndicatorRemoved => "indicator_removed",
            Kind::IndicatorRenamed => "indicator_renamed",
            Kind::Changed => "changed",
            Kind::Filled => "filled",
        }
    }

    /// The kind in Chinese, for the workbook report.
    pub fn label(self, mode: Mode) -> &'static str {
        match (self, mode) {
            (Kind::ProjectAdded, Mode::Issued) => "未下发的项目",
            (Kind::ProjectRemoved, Mode::Issued) => "未交回",
            (Kind::ProjectAdded, Mode::Yearly) => "新增项目",
            (Kind::ProjectRemoved, Mode::Yearly) => "删除项目",
            (Kind::ProjectRenamed, _) => "项目更名",
            (Kind::IndicatorAdded, _) => "新增指标",
            (Kind::IndicatorRemoved, _) => "删除指标",
            (Kind::IndicatorRenamed, _) => "指标更名",
            (Kind::Changed, _) => "修改",
            (Kind::Filled, _) => "单位填写",
        }
    }
}

/// One change. See the JSON schema in the module documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Index of the project in [`Report::projects`]; not part of the JSON.
    #[serde(skip)]
    pub item: usize,
    pub project: String,
    pub unit: String,
    pub path: String,
    pub label: String,
    pub kind: Kind,
    pub forbidden: bool,
    pub old: Option<String>,
    pub new: Option<String>,
    pub inline: Option<String>,
    pub delta: Option<String>,
    pub percent: Option<String>,
    pub rate: Option<String>,
    pub cell: Option<String>,
    pub note: Option<String>,
}

/// How a project fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Unchanged,
    Changed,
    Renamed,
    Added,
    Removed,
}

impl Status {
    pub fn label(self, mode: Mode) -> &'static str {
        match (self, mode) {
            (Status::Unchanged, _) => "无变化",
            (Status::Changed, Mode::Issued) => "有填写或修改",
            (Status::Changed, Mode::Yearly) => "有变化",
            (Status::Renamed, _) => "更名",
            (Status::Added, Mode::Issued) => "未下发",
            (Status::Added, Mode::Yearly) => "新增",
            (Status::Removed, Mode::Issued) => "未交回",
            (Status::Removed, Mode::Yearly) => "删除",
        }
    }
}

/// One project of either side and its change counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProjectSummary {
    pub project: String,
    pub unit: String,
    pub old_project: Option<String>,
    pub old_unit: Option<String>,
    pub status: Status,
    pub old_source: Option<String>,
    pub new_source: Option<String>,
    pub changes: usize,
    pub forbidden: usize,
    pub filled: usize,
}

/// One side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub path: String,
    pub years: Vec<i32>,
    pub projects: usize,
}

/// Totals over the whole comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub projects: usize,
    pub matched: usize,
    pub renamed: usize,
    pub added: usize,
    pub removed: usize,
    pub unchanged: usize,
    pub changes: usize,
    pub forbidden: usize,
    pub filled: usize,
}

/// The whole comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub mode: Mode,
    pub all: bool,
    pub old: Side,
    pub new: Side,
    pub summary: Summary,
    pub projects: Vec<ProjectSummary>,
    pub changes: Vec<Change>,
}

impl Report {
    /// The changes of the project at `i` in [`Report::projects`].
    pub fn changes_of(&self, i: usize) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.item == i)
    }
}

/// How to compare.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Force a mode; `None` decides from the years.
    pub mode: Option<Mode>,
    /// Yearly mode: compare the unit-filled fields too.
    pub all: bool,
}

fn known_years(defs: &[(Definition, Origin)]) -> BTreeSet<i32> {
    defs.iter()
        .map(|(d, _)| d.year)
        .filter(|y| (1949..=2100).contains(y))
        .collect()
}

/// Issued when both sides hold the same set of years (or one side does not say its year),
/// yearly otherwise.
pub fn detect_mode(old: &[(Definition, Origin)], new: &[(Definition, Origin)]) -> Mode {
    let (o, n) = (known_years(old), known_years(new));
    // A returned form that does not say its year is compared as returned.
    if o.is_empty() || n.is_empty() || o == n {
        Mode::Issued
    } else {
        Mode::Yearly
    }
}

/// Compare two sides. `old_path` and `new_path` are how the user named them.
pub fn compare(
    old: &[(Definition, Origin)],
    new: &[(Definition, Origin)],
    old_path: &str,
    new_path: &str,
    opts: &Options,
) -> Result<Report> {
    let mode = opts.mode.unwrap_or_else(|| detect_mode(old, new));
    let old_defs: Vec<&Definition> = old.iter().map(|(d, _)| d).collect();
    let new_defs: Vec<&Definition> = new.iter().map(|(d, _)| d).collect();
    let pairs = match_projects(&old_defs, &new_defs);
    let ctx = Ctx {
        mode,
        unit_fields: mode == Mode::Issued || opts.all,
    };
    let mut projects = Vec::new();
    let mut changes = Vec::new();
    let mut summary = Summary::default();
    // Pairs a chunk at a time, the reduced definitions among them read again first.
    for chunk in pairs.chunks(crate::CHUNK) {
        let olds: Vec<usize> = chunk.iter().filter_map(|p| p.0).collect();
        let news: Vec<usize> = chunk.iter().filter_map(|p| p.1).collect();
        crate::release_free_memory();
        let (old_again, new_again) = (reread_all(old, &olds)?, reread_all(new, &news)?);
        let old = |i: usize| old_again.get(&i).unwrap_or(&old[i]);
        let new = |i: usize| new_again.get(&i).unwrap_or(&new[i]);
        for &(oi, ni) in chunk {
            let before = changes.len();
            let mut summary_row = match (oi, ni) {
                (Some(oi), Some(ni)) => {
                    let (od, oo) = old(oi);
                    let (nd, no) = new(ni);
                    compare_project(&ctx, od, nd, no, &mut changes);
                    summary.matched += 1;
                    let renamed = od.project != nd.project;
                    if renamed {
                        summary.renamed += 1;
                    }
                    ProjectSummary {
                        project: nd.project.clone(),
                        unit: nd.unit.clone(),
                        old_project: Some(od.project.clone()),
                        old_unit: Some(od.unit.clone()),
                        status: if renamed {
                            Status::Renamed
                        } else {
                            Status::Changed
                        },
                        old_source: Some(oo.place()),
                        new_source: Some(no.place()),
                        changes: 0,
                        forbidden: 0,
                        filled: 0,
                    }
                }
                (None, Some(ni)) => {
                    let (nd, no) = new(ni);
                    summary.added += 1;
                    changes.push(Change {
                        forbidden: mode == Mode::Issued,
                        new: Some(nd.project.clone()),
                        note: Some(project_outline(nd)),
                        ..change(nd, "project", "项目资金名称", Kind::ProjectAdded)
                    });
                    ProjectSummary {
                        project: nd.project.clone(),
                        unit: nd.unit.clone(),
                        old_project: None,
                        old_unit: None,
                        status: Status::Added,
                        old_source: None,
                        new_source: Some(no.place()),
                        changes: 0,
                        forbidden: 0,
                        filled: 0,
                    }
                }
                (Some(oi), None) => {
                    let (od, oo) = old(oi);
                    summary.removed += 1;
                    changes.push(Change {
                        old: Some(od.project.clone()),
                        note: Some(project_outline(od)),
                        ..change(od, "project", "项目资金名称", Kind::ProjectRemoved)
                    });
                    ProjectSummary {
                        project: od.project.clone(),
                        unit: od.unit.clone(),
                        old_project: None,
                        old_unit: None,
                        status: Status::Removed,
                        old_source: Some(oo.place()),
                        new_source: None,
                        changes: 0,
                        forbidden: 0,
                        filled: 0,
                    }
                }
                (None, None) => continue,
            };
            for c in &mut changes[before..] {
                c.item = projects.len();
            }
            let mine = &changes[before..];
            summary_row.changes = mine.len();
            summary_row.forbidden = mine.iter().filter(|c| c.forbidden).count();
            summary_row.filled = mine.iter().filter(|c| c.kind == Kind::Filled).count();
            if summary_row.changes == 0 {
                summary_row.status = Status::Unchanged;
                summary.unchanged += 1;
            }
            projects.push(summary_row);
        }
    }
    summary.projects = projects.len();
    summary.changes = changes.len();
    summary.forbidden = changes.iter().filter(|c| c.forbidden).count();
    summary.filled = changes.iter().filter(|c| c.kind == Kind::Filled).count();
    let side = |path: &str, defs: &[(Definition, Origin)]| Side {
        path: path.to_string(),
        years: known_years(defs).into_iter().collect(),
        projects: defs.len(),
    };
    Ok(Report {
        schema: SCHEMA,
        mode,
        all: opts.all,
        old: side(old_path, old),
        new: side(new_path, new),
        summary,
        projects,
        changes,
    })
}

/// `预算 120 万元，8 项指标` for projects added or removed.
fn project_outline(d: &Definition) -> String {
    let budget = match d.funds.total.budget {
        Some(b) => format!("预算 {} 万元", amount::text(b)),
        None => "预算空白".to_string(),
    };
    let n = d.indicators.iter().filter(|i| !i.is_empty()).count();
    format!("{budget}，{n} 项指标")
}

/// A change skeleton for definition `d` (its project and unit).
fn change(d: &Definition, path: &str, label: &str, kind: Kind) -> Change {
    Change {
        item: 0,
        project: d.project.clone(),
        unit: d.unit.clone(),
        path: path.to_string(),
        label: label.to_string(),
        kind,
        forbidden: false,
        old: None,
        new: None,
        inline: None,
        delta: None,
        percent: None,
        rate: None,
        cell: None,
        note: None,
    }
}

struct Ctx {
    mode: Mode,
    /// Compare the fields the unit fills in.
    unit_fields: bool,
}

/// Who decides a field.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    Office,
    Unit,
}

fn opt_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

impl Ctx {
    /// Kind and forbidden flag of a change to a field owned by `owner`; `None` when such
    /// fields are not compared.
    fn classify(&self, owner: Owner, kind: Kind) -> Option<(Kind, bool)> {
        match (owner, self.mode) {
            (Owner::Unit, _) if !self.unit_fields => None,
            (Owner::Unit, Mode::Issued) => Some((Kind::Filled, false)),
            (Owner::Unit, Mode::Yearly) => Some((kind, false)),
            (Owner::Office, Mode::Issued) => Some((kind, true)),
            (Owner::Office, Mode::Yearly) => Some((kind, false)),
        }
    }

    /// Compare one text field and push a change when it differs.
    #[allow(clippy::too_many_arguments)]
    fn text(
        &self,
        out: &mut Vec<Change>,
        nd: &Definition,
        no: &Origin,
        owner: Owner,
        kind: Kind,
        path: &str,
        label: &str,
        old: &str,
        new: &str,
    ) {
        if same_text(old, new) {
            return;
        }
        let Some((kind, forbidden)) = self.classify(owner, kind) else {
            return;
        };
        let (o, n) = (opt_text(old), opt_text(new));
        let inline = match (&o, &n) {
            (Some(o), Some(n)) => Some(inline_text(o, n)),
            _ => None,
        };
        out.push(Change {
            forbidden,
            old: o,
            new: n,
            inline,
            cell: cell_of(no, path),
            ..change(nd, path, label, kind)
        });
    }
}

/// The cell a returned workbook's field was read from. Field paths here count indicators from
/// 1, the importer's from 0.
fn cell_of(o: &Origin, path: &str) -> Option<String> {
    if let Some(rest) = path.strip_prefix("indicators[")
        && let Some((n, tail)) = rest.split_once(']')
        && let Ok(n) = n.parse::<usize>()
        && n > 0
    {
        return o
            .cells
            .get(&format!("indicators[{}]{tail}", n - 1))
            .map(str::to_string);
    }
    o.cells.get(path).map(str::to_string)
}

/// Text equal after trimming.
fn same_text(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

fn note_text(d: &Definition) -> &str {
    let n = d.note.trim();
    let instruction = crate::template::get(&d.form)
        .map(|t| t.note_instruction.as_str())
        .unwrap_or("");
    if n.starts_with(NOTE_INSTRUCTION_PREFIX) || (!instruction.is_empty() && n == instruction) {
        ""
    } else {
        n
    }
}

/// Chinese label of a funding line.
pub fn fund_label(key: &str) -> &'static str {
    crate::model::fund_line_label(key)
}

fn signed(d: Decimal) -> String {
    let t = amount::text(d);
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{t}")
    } else {
        t
    }
}

/// Change of a budget: new − old in 万元, and in percent of old (2 decimals, half away from
/// zero), `None` where it does not apply.
pub fn budget_change(
    old: Option<Decimal>,
    new: Option<Decimal>,
) -> (Option<Decimal>, Option<Decimal>) {
    match (old, new) {
        (Some(o), Some(n)) => {
            let delta = n - o;
            let pct = if o.is_zero() {
                None
            } else {
                (delta * Decimal::ONE_HUNDRED)
                    .checked_div(o)
                    .map(|p| amount::round(p, 2).normalize())
            };
            (Some(delta.normalize()), pct)
        }
        _ => (None, None),
    }
}

fn compare_amounts(
    ctx: &Ctx,
    out: &mut Vec<Change>,
    nd: &Definition,
    no: &Origin,
    key: &str,
    o: &Amounts,
    n: &Amounts,
) {
    let line = fund_label(key);
    if o.budget != n.budget
        && let Some((kind, forbidden)) = ctx.classify(Owner::Office, Kind::Changed)
    {
        let path = format!("funds.{key}.budget");
        let (delta, pct) = budget_change(o.budget, n.budget);
        out.push(Change {
            forbidden,
            old: o.budget.map(amount::text),
            new: n.budget.map(amount::text),
            delta: delta.map(signed),
            percent: pct.map(signed),
            cell: cell_of(no, &path),
            ..change(nd, &path, &format!("{line} 全年预算数"), kind)
        });
    }
    if o.executed != n.executed
        && let Some((kind, forbidden)) = ctx.classify(Owner::Unit, Kind::Changed)
    {
        let path = format!("funds.{key}.executed");
        let (delta, _) = budget_change(o.executed, n.executed);
        let budget = n.budget.or(o.budget);
        let rate = amount::rate(budget, n.executed);
        let mut note = None;
        let typed = no.typed_rates.get(key);
        if let (Some(t), Some(r)) = (typed, rate)
            && amount::round(*t, 4) != amount::round(r, 4)
        {
            note = Some(format!(
                "表上的执行率为 {}，按 B/A 重算为 {}",
                amount::percent_text(*t),
                amount::percent_text(r)
            ));
        }
        out.push(Change {
            forbidden,
            old: o.executed.map(amount::text),
            new: n.executed.map(amount::text),
            delta: if ctx.mode == Mode::Yearly {
                delta.map(signed)
            } else {
                None
            },
            rate: rate.map(|r| {
                amount::round(r * Decimal::ONE_HUNDRED, 2)
                    .normalize()
                    .to_string()
            }),
            cell: cell_of(no, &path),
            note,
            ..change(nd, &path, &format!("{line} 全年执行数"), kind)
        });
    }
}

/// `一级 / 二级 / 三级：年度指标值`, the whole of an indicator as one text.
pub fn indicator_text(i: &Indicator) -> String {
    let mut s = [i.level1.trim(), i.level2.trim(), i.name.trim()]
        .iter()
        .map(|p| if p.is_empty() { "（空）" } else { p })
        .collect::<Vec<_>>()
        .join(" / ");
    if !i.target.trim().is_empty() {
        s.push('：');
        s.push_str(i.target.trim());
    }
    s
}

/// A short name of an indicator for labels: `二级/三级`.
fn indicator_short(i: &Indicator) -> String {
    let l2 = i.level2.trim();
    let name = if i.name.trim().is_empty() {
        "（空）"
    } else {
        i.name.trim()
    };
    if l2.is_empty() {
        name.to_string()
    } else {
        format!("{l2}/{name}")
    }
}

fn compare_project(
    ctx: &Ctx,
    od: &Definition,
    nd: &Definition,
    no: &Origin,
    out: &mut Vec<Change>,
) {
    use Owner::{Office, Unit};
    if !same_text(&od.project, &nd.project)
        && let Some((_, forbidden)) = ctx.classify(Office, Kind::Changed)
    {
        out.push(Change {
            forbidden,
            old: Some(od.project.clone()),
            new: Some(nd.project.clone()),
            inline: Some(inline_text(&od.project, &nd.project)),
            cell: cell_of(no, "project"),
            ..change(nd, "project", "项目资金名称", Kind::ProjectRenamed)
        });
    }
    let known = |y: i32| (1949..=2100).contains(&y);
    if ctx.mode == Mode::Issued && od.year != nd.year && known(od.year) && known(nd.year) {
        ctx.text(
            out,
            nd,
            no,
            Office,
            Kind::Changed,
            "year",
            "年度",
            &od.year.to_string(),
            &nd.year.to_string(),
        );
    }
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "form",
        "表样",
        &od.form,
        &nd.form,
    );
    ctx.text(
        out,
        nd,
        no,
        Unit,
        Kind::Changed,
        "contact",
        "负责人及电话",
        &od.contact,
        &nd.contact,
    );
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "city_department",
        "市级主管部门",
        &od.city_department,
        &nd.city_department,
    );
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "local_department",
        "地方主管部门",
        &od.local_department,
        &nd.local_department,
    );
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "unit",
        "实施单位",
        &od.unit,
        &nd.unit,
    );
    for key in FUND_LINES {
        if let (Some(o), Some(n)) = (od.funds.line(key), nd.funds.line(key)) {
            compare_amounts(ctx, out, nd, no, key, o, n);
            let num = |v: Option<Decimal>| v.map(amount::text).unwrap_or_default();
            ctx.text(
                out,
                nd,
                no,
                Office,
                Kind::Changed,
                &format!("funds.{key}.initial_budget"),
                &format!("{} 年初预算数", fund_label(key)),
                &num(o.initial_budget),
                &num(n.initial_budget),
            );
        }
    }
    let num = |v: Option<Decimal>| v.map(amount::text).unwrap_or_default();
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "funds.weight",
        "预算执行率 分值",
        &num(od.funds.weight),
        &num(nd.funds.weight),
    );
    ctx.text(
        out,
        nd,
        no,
        Office,
        Kind::Changed,
        "goal.target",
        "年度总体目标 年初设定目标",
        &od.goal.target,
        &nd.goal.target,
    );
    ctx.text(
        out,
        nd,
        no,
        Unit,
        Kind::Changed,
        "goal.actual",
        "年度总体目标 全年实际完成情况",
        &od.goal.actual,
        &nd.goal.actual,
    );
    compare_indicators(ctx, od, nd, no, out);
    ctx.text(
        out,
        nd,
        no,
        Unit,
        Kind::Changed,
        "note",
        "说明",
        note_text(od),
        note_text(nd),
    );
}

fn compare_indicators(
    ctx: &Ctx,
    od: &Definition,
    nd: &Definition,
    no: &Origin,
    out: &mut Vec<Change>,
) {
    use Owner::{Office, Unit};
    // Blank rows on both sides are kept in the numbering but never reported on their own.
    let pairs = match_indicators(&od.indicators, &nd.indicators);
    for (oi, ni) in pairs {
        match (oi, ni) {
            (Some(oi), Some(ni)) => {
                let (o, n) = (&od.indicators[oi], &nd.indicators[ni]);
                let base = format!("indicators[{}]", ni + 1);
                let short = format!("指标 {} {}", ni + 1, indicator_short(n));
                let fields: [(&str, &str, Owner, &str, &str); 6] = [
                    ("level1", "一级指标", Office, &o.level1, &n.level1),
                    ("level2", "二级指标", Office, &o.level2, &n.level2),
                    ("name", "三级指标", Office, &o.name, &n.name),
                    ("target", "年度指标值", Office, &o.target, &n.target),
                    ("actual", "全年完成值", Unit, &o.actual, &n.actual),
                    ("reason", "未完成原因和改进措施", Unit, &o.reason, &n.reason),
                ];
                for (field, label, owner, ov, nv) in fields {
                    let kind = if field == "name" {
                        Kind::IndicatorRenamed
                    } else {
                        Kind::Changed
                    };
                    let label = if field == "name" {
                        format!("指标 {} 三级指标", ni + 1)
                    } else {
                        format!("{short} {label}")
                    };
                    ctx.text(
                        out,
                        nd,
                        no,
                        owner,
                        kind,
                        &format!("{base}.{field}"),
                        &label,
                        ov,
                        nv,
                    );
                }
                // The national variant's 分值 (the office's) and 得分 (the unit's).
                let num = |v: Option<Decimal>| v.map(amount::text).unwrap_or_default();
                let scores = [
                    ("weight", "分值", Office, num(o.weight), num(n.weight)),
                    ("score", "得分", Unit, num(o.score), num(n.score)),
                ];
                for (field, label, owner, ov, nv) in scores {
                    ctx.text(
                        out,
                        nd,
                        no,
                        owner,
                        Kind::Changed,
                        &format!("{base}.{field}"),
                        &format!("{short} {label}"),
                        &ov,
                        &nv,
                    );
                }
            }
            (None, Some(ni)) => {
                let n = &nd.indicators[ni];
                if n.is_empty() {
                    continue;
                }
                if let Some((kind, forbidden)) = ctx.classify(Office, Kind::IndicatorAdded) {
                    let path = format!("indicators[{}]", ni + 1);
                    out.push(Change {
                        forbidden,
                        new: Some(indicator_text(n)),
                        cell: cell_of(no, &path),
                        ..change(nd, &path, &format!("指标 {}", ni + 1), kind)
                    });
                }
            }
            (Some(oi), None) => {
                let o = &od.indicators[oi];
                if o.is_empty() {
                    continue;
                }
                if let Some((kind, forbidden)) = ctx.classify(Office, Kind::IndicatorRemoved) {
                    let path = format!("indicators[{}]", oi + 1);
                    out.push(Change {
                        forbidden,
                        old: Some(indicator_text(o)),
                        ..change(nd, &path, &format!("原指标 {}", oi + 1), kind)
                    });
                }
            }
            (None, None) => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Matching

/// Text for matching: no white space, full-width ASCII forms folded to ASCII.
pub fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Character similarity of two texts in 0..=1 (similar's ratio over characters, after
/// [`normalize`]). Two blank texts are identical.
pub fn similarity(a: &str, b: &str) -> f32 {
    let (a, b) = (normalize(a), normalize(b));
    if a == b {
        return 1.0;
    }
    TextDiff::from_chars(a.as_str(), b.as_str()).ratio()
}

/// Above this many unmatched (old, new) pairs, similar names are looked for within a unit only.
const MAX_SIMILARITY_PAIRS: usize = 1_000_000;

/// Pair the projects of two sides: `(old, new)` index pairs, `None` on the side a project is
/// missing from. Ordered by the new side, then projects only on the old side in their order.
pub fn match_projects(old: &[&Definition], new: &[&Definition]) -> Vec<Pair> {
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    // Exact project and unit: of the same form variant first (a side may hold a project in
    // both the city and the national layout), then of any. The old side's projects by key,
    // each list in side order, so that ten thousand projects a side pair up in one pass.
    let key = |d: &Definition| (normalize(&d.project), normalize(&d.unit));
    let mut old_by_key: HashMap<(String, String), Vec<usize>> = HashMap::new();
    for (oi, o) in old.iter().enumerate() {
        old_by_key.entry(key(o)).or_default().push(oi);
    }
    let new_keys: Vec<(String, String)> = new.iter().map(|n| key(n)).collect();
    for same_form in [true, false] {
        for (ni, n) in new.iter().enumerate() {
            if old_of_new[ni].is_some() {
                continue;
            }
            let Some(candidates) = old_by_key.get(&new_keys[ni]) else {
                continue;
            };
            if let Some(&oi) = candidates
                .iter()
                .find(|&&oi| !taken[oi] && (!same_form || old[oi].form == n.form))
            {
                taken[oi] = true;
                old_of_new[ni] = Some(oi);
            }
        }
    }
    // Similar names, best first; the same unit preferred. Between thousands of unmatched
    // projects on each side, only projects of the same unit are compared (every pair would
    // be millions of text comparisons).
    let unmatched_new = old_of_new.iter().filter(|o| o.is_none()).count();
    let unmatched_old = taken.iter().filter(|t| !**t).count();
    let same_unit_only = unmatched_new.saturating_mul(unmatched_old) > MAX_SIMILARITY_PAIRS;
    let mut old_by_unit: HashMap<&str, Vec<usize>> = HashMap::new();
    if same_unit_only {
        for ((_, unit), ois) in &old_by_key {
            old_by_unit.entry(unit.as_str()).or_default().extend(ois);
        }
        for v in old_by_unit.values_mut() {
            v.sort_unstable();
        }
    }
    let all_old: Vec<usize> = if same_unit_only {
        Vec::new()
    } else {
        (0..old.len()).collect()
    };
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (ni, n) in new.iter().enumerate() {
        if old_of_new[ni].is_some() {
            continue;
        }
        let candidates_old: &[usize] = if same_unit_only {
            old_by_unit
                .get(new_keys[ni].1.as_str())
                .map_or(&[], Vec::as_slice)
        } else {
            &all_old
        };
        for &oi in candidates_old {
            let o = old[oi];
            if taken[oi] {
                continue;
            }
            let same_unit = normalize(&o.unit) == new_keys[ni].1;
            let r = similarity(&o.project, &n.project);
            let ok = if same_unit {
                r >= PROJECT_SAME_UNIT_RATIO
            } else {
                r >= PROJECT_OTHER_UNIT_RATIO
            };
            if ok {
                let score = r + if same_unit { 0.2 } else { 0.0 };
                candidates.push((score, oi, ni));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, oi, ni) in candidates {
        if !taken[oi] && old_of_new[ni].is_none() {
            taken[oi] = true;
            old_of_new[ni] = Some(oi);
        }
    }
    let mut out: Vec<Pair> = old_of_new
        .iter()
        .enumerate()
        .map(|(ni, oi)| (*oi, Some(ni)))
        .collect();
    out.extend(
        (0..old.len())
            .filter(|&oi| !taken[oi])
            .map(|oi| (Some(oi), None)),
    );
    out
}

/// Pair the indicators of one project across two sides, in form order: matched and added
/// indicators in the new side's order, each removed one after the matched indicator that
/// preceded it on the old side.
pub fn match_indicators(old: &[Indicator], new: &[Indicator]) -> Vec<Pair> {
    let key = |i: &Indicator| {
        (
            normalize(&i.level1),
            normalize(&i.level2),
            normalize(&i.name),
        )
    };
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    // Pass 1: same 一级/二级/三级, first come first served.
    for (ni, n) in new.iter().enumerate() {
        let k = key(n);
        if let Some(oi) = (0..old.len()).find(|&oi| !taken[oi] && key(&old[oi]) == k) {
            taken[oi] = true;
            old_of_new[ni] = Some(oi);
        }
    }
    // Pass 2: similar, best first.
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (ni, n) in new.iter().enumerate() {
        if old_of_new[ni].is_some() || n.is_empty() {
            continue;
        }
        for (oi, o) in old.iter().enumerate() {
            if taken[oi] || o.is_empty() {
                continue;
            }
            let name = similarity(&o.name, &n.name);
            let target = similarity(&o.target, &n.target);
            let levels = similarity(
                &format!("{}{}", o.level1, o.level2),
                &format!("{}{}", n.level1, n.level2),
            );
            let same_levels = normalize(&o.level1) == normalize(&n.level1)
                && normalize(&o.level2) == normalize(&n.level2);
            let both_named = !o.name.trim().is_empty() && !n.name.trim().is_empty();
            let ok = (both_named && name == 1.0 && levels >= 0.5)
                || (same_levels
                    && (name >= INDICATOR_NAME_RATIO
                        || (name >= INDICATOR_WEAK_NAME_RATIO
                            && target >= INDICATOR_TARGET_RATIO)));
            if ok {
                candidates.push((0.6 * name + 0.2 * target + 0.2 * levels, oi, ni));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    for (_, oi, ni) in candidates {
        if !taken[oi] && old_of_new[ni].is_none() {
            taken[oi] = true;
            old_of_new[ni] = Some(oi);
        }
    }
    // Order: new side's order; a removed one after the new position of the matched old
    // indicator that preceded it.
    let mut new_of_old: Vec<Option<usize>> = vec![None; old.len()];
    for (ni, oi) in old_of_new.iter().enumerate() {
        if let Some(oi) = oi {
            new_of_old[*oi] = Some(ni);
        }
    }
    let mut keyed: Vec<((usize, usize), Pair)> = old_of_new
        .iter()
        .enumerate()
        .map(|(ni, oi)| ((2 * ni + 1, 0), (*oi, Some(ni))))
        .collect();
    for oi in (0..old.len()).filter(|&oi| !taken[oi]) {
        let after = (0..oi).rev().find_map(|j| new_of_old[j]);
        let k = match after {
            Some(nj) => 2 * nj + 2,
            None => 0,
        };
        keyed.push(((k, oi), (Some(oi), None)));
    }
    keyed.sort_by_key(|(k, _)| *k);
    keyed.into_iter().map(|(_, p)| p).collect()
}

// ---------------------------------------------------------------------------------------------
// Inline text diffs

/// A piece of an inline diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Same(String),
    Deleted(String),
    Inserted(String),
}

/// The inline diff of two texts at the grain that suits Chinese: similar's unicode words
/// (each Han character on its own, numbers and Latin words whole). Within each run of
/// changes, deletions come first, then insertions.
pub fn inline(old: &str, new: &str) -> Vec<Seg> {
    let diff = TextDiff::from_unicode_words(old, new);
    let mut out: Vec<Seg> = Vec::new();
    let (mut del, mut ins) = (String::new(), String::new());
    let flush = |out: &mut Vec<Seg>, del: &mut String, ins: &mut String| {
        if !del.is_empty() {
            out.push(Seg::Deleted(std::mem::take(del)));
        }
        if !ins.is_empty() {
            out.push(Seg::Inserted(std::mem::take(ins)));
        }
    };
    for ch in diff.iter_all_changes() {
        match ch.tag() {
            ChangeTag::Delete => del.push_str(ch.value()),
            ChangeTag::Insert => ins.push_str(ch.value()),
            ChangeTag::Equal => {
                flush(&mut out, &mut del, &mut ins);
                match out.last_mut() {
                    Some(Seg::Same(s)) => s.push_str(ch.value()),
                    _ => out.push(Seg::Same(ch.value().to_string())),
                }
            }
        }
    }
    flush(&mut out, &mut del, &mut ins);
    out
}

/// The inline diff as plain text: `预算[-500][+520.5]万元`.
pub fn inline_text(old: &str, new: &str) -> String {
    inline(old, new)
        .iter()
        .map(|s| match s {
            Seg::Same(t) => t.clone(),
            Seg::Deleted(t) => format!("[-{t}]"),
            Seg::Inserted(t) => format!("[+{t}]"),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Terminal report

/// Styling for the terminal report; plain markers when colour is off.
struct Paint {
    colour: bool,
}

impl Paint {
    fn style(&self, s: &str, style: owo_colors::Style) -> String {
        if self.colour {
            use owo_colors::OwoColorize;
            s.style(style).to_string()
        } else {
            s.to_string()
        }
    }
    fn bold(&self, s: &str) -> String {
        self.style(s, owo_colors::Style::new().bold())
    }
    fn alarm(&self, s: &str) -> String {
        self.style(s, owo_colors::Style::new().red().bold())
    }
    fn dim(&self, s: &str) -> String {
        self.style(s, owo_colors::Style::new().dimmed())
    }
    fn segs(&self, segs: &[Seg]) -> String {
        segs.iter()
            .map(|s| match (s, self.colour) {
                (Seg::Same(t), _) => t.clone(),
                (Seg::Deleted(t), false) => format!("[-{t}]"),
                (Seg::Inserted(t), false) => format!("[+{t}]"),
                (Seg::Deleted(t), true) => {
                    self.style(t, owo_colors::Style::new().red().strikethrough())
                }
                (Seg::Inserted(t), true) => {
                    self.style(t, owo_colors::Style::new().green().underline())
                }
            })
            .collect()
    }
    /// A whole text deleted: coloured, or as it is (the line's `-` says it all).
    fn deleted(&self, t: &str) -> String {
        self.style(t, owo_colors::Style::new().red().strikethrough())
    }
    /// A whole text inserted: coloured, or as it is.
    fn inserted(&self, t: &str) -> String {
        self.style(t, owo_colors::Style::new().green().underline())
    }
}

fn is_amount_path(path: &str) -> bool {
    path.starts_with("funds.")
}

/// The value part of a change line.
fn value_text(c: &Change, p: &Paint) -> String {
    let blank = "（空）";
    if is_amount_path(&c.path) {
        let mut s = match (&c.old, &c.new, c.kind) {
            (_, Some(n), Kind::Filled) => format!("{n} 万元"),
            (Some(o), Some(n), _) => format!("{o} → {n} 万元"),
            (None, Some(n), _) => format!("{blank} → {n} 万元"),
            (Some(o), None, _) => format!("{o} 万元 → {blank}"),
            (None, None, _) => blank.to_string(),
        };
        let mut extra = Vec::new();
        if let Some(d) = &c.delta {
            extra.push(format!("{d} 万元"));
        }
        if let Some(pc) = &c.percent {
            extra.push(format!("{pc}%"));
        }
        if let Some(r) = &c.rate {
            extra.push(format!("执行率 {r}%"));
        }
        if !extra.is_empty() {
            s.push_str(&format!("（{}）", extra.join("，")));
        }
        if let Some(n) = &c.note {
            s.push_str(&format!("；{n}"));
        }
        return s;
    }
    let s = match (&c.old, &c.new) {
        (Some(o), Some(n)) if c.kind == Kind::Filled && o.starts_with(NOTE_INSTRUCTION_PREFIX) => {
            n.clone()
        }
        (Some(o), Some(n)) => p.segs(&inline(o, n)),
        (None, Some(n)) if c.kind == Kind::Filled => n.clone(),
        (None, Some(n)) => format!("{blank} → {}", p.inserted(n)),
        (Some(o), None) => format!("{} → {blank}", p.deleted(o)),
        (None, None) => blank.to_string(),
    };
    match &c.note {
        Some(n) => format!("{s}；{n}"),
        None => s,
    }
}

/// The mark (`+`, `-`, `~`, or none for what the unit filled in) and the text of a change
/// inside a project's section.
fn change_parts(c: &Change, p: &Paint) -> (&'static str, String) {
    let value = value_text(c, p);
    let mut where_ = c.path.clone();
    if let Some(cell) = &c.cell {
        where_.push_str(&format!("，{cell}"));
    }
    let where_ = p.dim(&format!("（{where_}）"));
    match c.kind {
        Kind::IndicatorAdded => (
            "+",
            format!(
                "新增{}：{}  {where_}",
                c.label,
                p.inserted(c.new.as_deref().unwrap_or(""))
            ),
        ),
        Kind::IndicatorRemoved => (
            "-",
            format!(
                "删除{}：{}  {where_}",
                c.label,
                p.deleted(c.old.as_deref().unwrap_or(""))
            ),
        ),
        Kind::ProjectRenamed | Kind::IndicatorRenamed => {
            let what = if c.kind == Kind::ProjectRenamed {
                "项目".to_string()
            } else {
                c.label.clone()
            };
            (
                "~",
                format!(
                    "{what}更名：{} → {}  {where_}",
                    p.deleted(c.old.as_deref().unwrap_or("（空）")),
                    p.inserted(c.new.as_deref().unwrap_or("（空）"))
                ),
            )
        }
        Kind::Filled => ("", format!("{}：{value}  {where_}", c.label)),
        _ => ("~", format!("{}：{value}  {where_}", c.label)),
    }
}

/// One line for a change inside a project's section.
fn change_line(c: &Change, p: &Paint) -> String {
    match change_parts(c, p) {
        ("", body) => format!("    {body}"),
        (mark, body) => format!("  {mark} {body}"),
    }
}

fn project_name(project: &str, unit: &str) -> String {
    if unit.trim().is_empty() {
        project.to_string()
    } else {
        format!("{project}（{unit}）")
    }
}

fn years_text(years: &[i32]) -> String {
    match years {
        [] => "年度不明".to_string(),
        [y] => format!("{y} 年"),
        ys => format!(
            "{} 年",
            ys.iter()
                .map(|y| y.to_string())
                .collect::<Vec<_>>()
                .join("、")
        ),
    }
}

/// The terminal report. With `colour`, deletions are red and struck through and insertions
/// green; without, they are marked `[-…]` and `[+…]`.
pub fn render_text(r: &Report, colour: bool) -> String {
    let p = Paint { colour };
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let mode = match (r.mode, r.all) {
        (Mode::Issued, _) => "下发表与交回表对比（issued vs returned）",
        (Mode::Yearly, false) => "逐年对比（year over year；单位填写的栏目不比较，--all 可比较）",
        (Mode::Yearly, true) => "逐年对比（year over year，含单位填写的栏目）",
    };
    line(p.bold(&format!("evalsheet diff：{mode}")));
    line(format!(
        "旧：{}（{}，{} 个项目）",
        r.old.path,
        years_text(&r.old.years),
        r.old.projects
    ));
    line(format!(
        "新：{}（{}，{} 个项目）",
        r.new.path,
        years_text(&r.new.years),
        r.new.projects
    ));
    let s = &r.summary;
    let (added, removed) = match r.mode {
        Mode::Issued => ("未下发", "未交回"),
        Mode::Yearly => ("新增", "删除"),
    };
    line(format!(
        "项目：{} 个对应（其中 {} 个更名），{} 个{added}，{} 个{removed}；共 {} 处变化。",
        s.matched, s.renamed, s.added, s.removed, s.changes
    ));
    if r.mode == Mode::Issued {
        let projects = r.projects.iter().filter(|p| p.forbidden > 0).count();
        if s.forbidden > 0 {
            line(p.alarm(&format!(
                "!! 不应修改的内容：{} 处，涉及 {projects} 个项目（见下文 !! 标记）。",
                s.forbidden
            )));
        } else {
            line("不应修改的内容：无。".to_string());
        }
        line(format!("单位填写：{} 处。", s.filled));
    }
    if s.changes == 0 {
        line(String::new());
        line("两边一致，没有变化。".to_string());
        return out;
    }
    // Projects added and removed.
    for (status, title) in [(Status::Added, added), (Status::Removed, removed)] {
        let list: Vec<usize> = (0..r.projects.len())
            .filter(|&i| r.projects[i].status == status)
            .collect();
        if list.is_empty() {
            continue;
        }
        line(String::new());
        let alarm = r.mode == Mode::Issued && status == Status::Added;
        let head = format!("{title}项目（{}）", list.len());
        line(if alarm {
            p.alarm(&format!("!! {head}"))
        } else {
            p.bold(&head)
        });
        for i in list {
            let pr = &r.projects[i];
            let name = project_name(&pr.project, &pr.unit);
            let note = r
                .changes_of(i)
                .next()
                .and_then(|c| c.note.clone())
                .unwrap_or_default();
            let (mark, name) = if status == Status::Added {
                ("+", p.inserted(&name))
            } else {
                ("-", p.deleted(&name))
            };
            line(format!("  {mark} {name}：{note}"));
        }
    }
    // Per project.
    for (i, pr) in r.projects.iter().enumerate() {
        if !matches!(pr.status, Status::Changed | Status::Renamed) {
            continue;
        }
        let changes: Vec<&Change> = r.changes_of(i).collect();
        line(String::new());
        line(p.bold(&format!(
            "{}：{} 处变化",
            project_name(&pr.project, &pr.unit),
            changes.len()
        )));
        match r.mode {
            Mode::Yearly => {
                for c in changes {
                    line(change_line(c, &p));
                }
            }
            Mode::Issued => {
                let (bad, filled): (Vec<&Change>, Vec<&Change>) =
                    changes.into_iter().partition(|c| c.forbidden);
                if !bad.is_empty() {
                    line(p.alarm(&format!("  !! 不应修改的内容（{}）", bad.len())));
                    for c in bad {
                        let (_, body) = change_parts(c, &p);
                        line(format!("  {} {body}", p.alarm("!!")));
                    }
                }
                if !filled.is_empty() {
                    line(format!("  单位填写（{}）", filled.len()));
                    for c in filled {
                        line(change_line(c, &p));
                    }
                }
            }
        }
    }
    let same: Vec<String> = r
        .projects
        .iter()
        .filter(|p| p.status == Status::Unchanged)
        .map(|p| project_name(&p.project, &p.unit))
        .collect();
    if !same.is_empty() {
        line(String::new());
        line(format!("无变化（{}）：{}", same.len(), same.join("、")));
    }
    out
}

/// The report as pretty-printed JSON (schema in the module documentation), ending in a newline.
pub fn to_json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

// ---------------------------------------------------------------------------------------------
// Workbook report

/// Display width of a text: a CJK (wide) character counts 2, others 1.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| if crate::layout::is_wide(c) { 2 } else { 1 })
        .sum()
}

/// Lines a text takes in a column `width` units wide, wrapped.
fn wrapped_lines(s: &str, width: f64) -> usize {
    let w = (width - 1.0).max(4.0);
    s.split('\n')
        .map(|l| ((display_width(l) as f64) / w).ceil().max(1.0) as usize)
        .sum()
}

/// A column of the report: header, minimum and maximum width.
struct Col {
    head: &'static str,
    min: f64,
    max: f64,
}

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

/// A row of the workbook report: whether to mark it as forbidden, and its cells.
type Row = (bool, Vec<Cell>);

/// The .xlsx report: a summary sheet (汇总) with one row per project and its change counts,
/// and a sheet (变化明细) with every change, changed text inline (deletions red and struck
/// through, insertions green and underlined). 宋体, borders, wrapped text, widths set for
/// Chinese, printed A4 landscape one page wide. `path` names the file in errors.
pub fn xlsx_bytes(r: &Report, path: &Path) -> Result<Vec<u8>> {
    crate::without_panics(|| build_xlsx(r, path)).unwrap_or_else(|message| {
        Err(Error::TempFiles {
            dir: std::env::temp_dir(),
            message,
        })
    })
}

fn build_xlsx(r: &Report, path: &Path) -> Result<Vec<u8>> {
    use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatUnderline, Workbook};
    let font = || {
        Format::new()
            .set_font_name("宋体")
            .set_font_charset(134)
            .set_font_size(11)
    };
    let cell_fmt = font()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Top);
    let num_fmt = cell_fmt.clone().set_align(FormatAlign::Center);
    let head_fmt = font()
        .set_bold()
        .set_text_wrap()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9D9D9));
    let title_fmt = font().set_bold().set_font_size(14);
    let alarm_fmt = cell_fmt
        .clone()
        .set_font_color(Color::RGB(0xC00000))
        .set_bold();
    let plain_run = font();
    let del_run = font()
        .set_font_color(Color::RGB(0xC00000))
        .set_font_strikethrough();
    let ins_run = font()
        .set_font_color(Color::RGB(0x008000))
        .set_underline(FormatUnderline::Single);

    let mode_text = match r.mode {
        Mode::Issued => "下发表与交回表对比",
        Mode::Yearly => "逐年对比",
    };
    let subtitle = format!(
        "旧：{}（{}）  新：{}（{}）  共 {} 处变化",
        r.old.path,
        years_text(&r.old.years),
        r.new.path,
        years_text(&r.new.years),
        r.summary.changes
    );

    // Summary rows.
    let summary_cols = [
        Col {
            head: "序号",
            min: 6.0,
            max: 6.0,
        },
        Col {
            head: "项目资金名称",
            min: 16.0,
            max: 40.0,
        },
        Col {
            head: "实施单位",
            min: 10.0,
            max: 22.0,
        },
        Col {
            head: "状态",
            min: 8.0,
            max: 14.0,
        },
        Col {
            head: "原项目资金名称",
            min: 16.0,
            max: 40.0,
        },
        Col {
            head: "变化数",
            min: 8.0,
            max: 8.0,
        },
        Col {
            head: "资金",
            min: 6.0,
            max: 6.0,
        },
        Col {
            head: "指标",
            min: 6.0,
            max: 6.0,
        },
        Col {
            head: "不应修改",
            min: 10.0,
            max: 10.0,
        },
        Col {
            head: "单位填写",
            min: 10.0,
            max: 10.0,
        },
    ];
    let summary_rows: Vec<Row> = r
        .projects
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
                    Cell::Text(pr.status.label(r.mode).to_string()),
                    Cell::Text(old_name),
                    Cell::Number(pr.changes),
                    Cell::Number(funds),
                    Cell::Number(inds),
                    Cell::Number(pr.forbidden),
                    Cell::Number(pr.filled),
                ],
            )
        })
        .collect();

    // Change rows.
    let change_cols = [
        Col {
            head: "序号",
            min: 6.0,
            max: 6.0,
        },
        Col {
            head: "项目资金名称",
            min: 16.0,
            max: 30.0,
        },
        Col {
            head: "实施单位",
            min: 10.0,
            max: 16.0,
        },
        Col {
            head: "栏目",
            min: 12.0,
            max: 26.0,
        },
        Col {
            head: "类型",
            min: 10.0,
            max: 12.0,
        },
        Col {
            head: "不应修改",
            min: 10.0,
            max: 10.0,
        },
        Col {
            head: "对比（红色删除，绿色新增）",
            min: 20.0,
            max: 44.0,
        },
        Col {
            head: "原值",
            min: 10.0,
            max: 30.0,
        },
        Col {
            head: "新值",
            min: 10.0,
            max: 30.0,
        },
        Col {
            head: "附注",
            min: 10.0,
            max: 24.0,
        },
        Col {
            head: "字段",
            min: 10.0,
            max: 22.0,
        },
    ];
    let change_rows: Vec<Row> = r
        .changes
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let diff = match (c.kind, &c.old, &c.new) {
                (_, _, _) if is_amount_path(&c.path) => {
                    Cell::Text(value_text(c, &Paint { colour: false }))
                }
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
                notes.push(format!("单元格 {cell}"));
            }
            (
                c.forbidden,
                vec![
                    Cell::Number(i + 1),
                    Cell::Text(c.project.clone()),
                    Cell::Text(c.unit.clone()),
                    Cell::Text(c.label.clone()),
                    Cell::Text(c.kind.label(r.mode).to_string()),
                    Cell::Text(if c.forbidden {
                        "是".into()
                    } else {
                        String::new()
                    }),
                    diff,
                    Cell::Text(c.old.clone().unwrap_or_default()),
                    Cell::Text(c.new.clone().unwrap_or_default()),
                    Cell::Text(notes.join("；")),
                    Cell::Text(c.path.clone()),
                ],
            )
        })
        .collect();

    let mut wb = Workbook::new();
    let xerr = |sheet: &str, e: rust_xlsxwriter::XlsxError| Error::Xlsx {
        path: path.to_path_buf(),
        sheet: sheet.to_string(),
        message: e.to_string(),
    };
    let sheets: [(&str, String, &[Col], &[Row]); 2] = [
        (
            "汇总",
            format!("项目支出绩效自评表 {mode_text}：汇总"),
            &summary_cols,
            &summary_rows,
        ),
        (
            "变化明细",
            format!("项目支出绩效自评表 {mode_text}：变化明细"),
            &change_cols,
            &change_rows,
        ),
    ];
    for (name, title, cols, rows) in sheets {
        let e = |err| xerr(name, err);
        // Rows are written in order: each goes to a temporary file once the next starts.
        let ws = wb.add_worksheet_with_constant_memory().map_err(e)?;
        ws.set_name(name).map_err(e)?;
        ws.write_string_with_format(0, 0, &title, &title_fmt)
            .map_err(e)?;
        ws.write_string_with_format(1, 0, &subtitle, &font())
            .map_err(e)?;
        const HEAD: u32 = 2;
        // Widths from the content, within each column's bounds.
        let widths: Vec<f64> = cols
            .iter()
            .enumerate()
            .map(|(ci, col)| {
                let content = rows
                    .iter()
                    .map(|(_, cells)| {
                        cells[ci]
                            .plain()
                            .split('\n')
                            .map(display_width)
                            .max()
                            .unwrap_or(0)
                    })
                    .max()
                    .unwrap_or(0)
                    .max(display_width(col.head)) as f64
                    + 2.0;
                content.clamp(col.min, col.max)
            })
            .collect();
        for (ci, (col, w)) in cols.iter().zip(&widths).enumerate() {
            let c = ci as u16;
            ws.set_column_width(c, *w).map_err(e)?;
            ws.write_string_with_format(HEAD, c, col.head, &head_fmt)
                .map_err(e)?;
        }
        let head_lines = cols
            .iter()
            .zip(&widths)
            .map(|(c, w)| wrapped_lines(c.head, *w))
            .max()
            .unwrap_or(1);
        ws.set_row_height(HEAD, 15.0 * head_lines as f64)
            .map_err(e)?;
        for (ri, (alarm, cells)) in rows.iter().enumerate() {
            let row = HEAD + 1 + ri as u32;
            let mut lines = 1;
            for (ci, cell) in cells.iter().enumerate() {
                let c = ci as u16;
                lines = lines.max(wrapped_lines(&cell.plain(), widths[ci]));
                let fmt = if *alarm && ci != 0 {
                    &alarm_fmt
                } else {
                    &cell_fmt
                };
                match cell {
                    Cell::Number(n) => {
                        ws.write_number_with_format(row, c, *n as f64, &num_fmt)
                            .map_err(e)?;
                    }
                    Cell::Text(s) if s.is_empty() => {
                        ws.write_blank(row, c, fmt).map_err(e)?;
                    }
                    Cell::Text(s) => {
                        ws.write_string_with_format(row, c, s, fmt).map_err(e)?;
                    }
                    Cell::Diff(segs) => {
                        let runs: Vec<(&Format, &str)> = segs
                            .iter()
                            .filter_map(|s| {
                                let (f, t) = match s {
                                    Seg::Same(t) => (&plain_run, t),
                                    Seg::Deleted(t) => (&del_run, t),
                                    Seg::Inserted(t) => (&ins_run, t),
                                };
                                (!t.is_empty()).then_some((f, t.as_str()))
                            })
                            .collect();
                        if runs.is_empty() {
                            ws.write_blank(row, c, &cell_fmt).map_err(e)?;
                        } else {
                            ws.write_rich_string_with_format(row, c, &runs, &cell_fmt)
                                .map_err(e)?;
                        }
                    }
                }
            }
            ws.set_row_height(row, 15.0 * lines.min(27) as f64)
                .map_err(e)?;
        }
        let last_col = (cols.len() - 1) as u16;
        if !rows.is_empty() {
            ws.autofilter(HEAD, 0, HEAD + rows.len() as u32, last_col)
                .map_err(e)?;
        }
        ws.set_freeze_panes(HEAD + 1, 0).map_err(e)?;
        ws.set_repeat_rows(HEAD, HEAD).map_err(e)?;
        ws.set_paper_size(9);
        ws.set_landscape();
        ws.set_print_fit_to_pages(1, 0);
        ws.set_footer("&C第 &P 页，共 &N 页");
    }
    wb.save_to_buffer().map_err(|e| xerr("", e))
}

/// Write the .xlsx report atomically; an existing file is replaced only with `force`.
pub fn write_xlsx(r: &Report, path: &Path, force: bool) -> Result<()> {
    let bytes = xlsx_bytes(r, path)?;
    crate::generate::write_atomic(path, &bytes, force)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definitions_read_again_compare_as_if_kept_whole() {
        // A side beyond KEEP_WHOLE keeps only names and reads the rest again when compared:
        // the reports must be the same as with everything kept, for returned workbooks and
        // for YAML, issued and yearly.
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        let (loaded, _) = crate::load::load_all(&[root.join("examples/2021")]).unwrap();
        for (k, l) in loaded.iter().enumerate() {
            let path = dir.path().join(format!("{k:02}.xlsx"));
            let mut d = l.def.clone();
            if k == 3 {
                d.indicators[0].actual = "未完成".into();
                d.funds.total.executed = None;
            }
            let opts = crate::generate::Options::default();
            let bytes = crate::generate::workbook_bytes(&path, &[(&d, "表")], &opts).unwrap();
            std::fs::write(&path, bytes).unwrap();
        }
        let side = |p: &Path, keep: usize| {
            let (defs, errors) = read_side_keeping(&side_files(p).unwrap().files, &|| {}, keep);
            assert!(errors.is_empty(), "{errors:?}");
            defs
        };
        // And one workbook a unit: several forms read again from one file.
        let units = tempfile::tempdir().unwrap();
        let defs: Vec<&Definition> = loaded.iter().map(|l| &l.def).collect();
        for f in crate::generate::plan(&defs, crate::generate::GroupBy::Unit) {
            let path = units.path().join(&f.file_name);
            let sheets: Vec<(&Definition, &str)> = f
                .sheets
                .iter()
                .map(|(i, n)| (defs[*i], n.as_str()))
                .collect();
            let opts = crate::generate::Options::default();
            let bytes = crate::generate::workbook_bytes(&path, &sheets, &opts).unwrap();
            std::fs::write(&path, bytes).unwrap();
        }
        for (a, b, changed) in [
            (dir.path().to_path_buf(), root.join("examples/2021"), true),
            (
                units.path().to_path_buf(),
                root.join("examples/2021"),
                false,
            ),
            (root.join("examples/2021"), root.join("examples/2022"), true),
        ] {
            let opts = Options::default();
            let whole = compare(
                &side(&a, usize::MAX),
                &side(&b, usize::MAX),
                "a",
                "b",
                &opts,
            );
            let whole = whole.unwrap();
            let reduced_a = side(&a, 0);
            // Every definition alone in its file is reduced; those of a file of several are
            // kept whole.
            let in_file = |f: &Path| reduced_a.iter().filter(|(_, o)| o.file == f).count();
            assert!(
                reduced_a
                    .iter()
                    .all(|(_, o)| o.reduced == (in_file(&o.file) == 1))
            );
            assert!(reduced_a.iter().any(|(_, o)| o.reduced));
            let again = compare(&reduced_a, &side(&b, 5), "a", "b", &opts).unwrap();
            assert_eq!(!whole.changes.is_empty(), changed);
            assert_eq!(to_json(&again), to_json(&whole));
            assert_eq!(render_text(&again, false), render_text(&whole, false));
        }
    }

    #[test]
    fn thousands_of_renamed_projects_are_paired_within_their_unit() {
        // 1,100 projects a side, none with the same name: more unmatched pairs than are
        // compared across units, so similar names are looked for within each unit.
        let n = 1100;
        let old: Vec<Definition> = (0..n)
            .map(|i| {
                def(
                    &format!("治安巡逻经费第{i}号"),
                    &format!("第{}大队", i / 10),
                )
            })
            .collect();
        let new: Vec<Definition> = (0..n)
            .map(|i| {
                def(
                    &format!("治安巡逻经费第{i}号项目"),
                    &format!("第{}大队", i / 10),
                )
            })
            .collect();
        let (o, nw): (Vec<&Definition>, Vec<&Definition>) =
            (old.iter().collect(), new.iter().collect());
        let pairs = match_projects(&o, &nw);
        assert_eq!(pairs.len(), n);
        for (oi, ni) in pairs {
            let (oi, ni) = (oi.expect("paired"), ni.expect("paired"));
            assert_eq!(old[oi].unit, new[ni].unit);
        }
    }

    #[test]
    fn cells_pack_field_to_cell_pairs() {
        let map: BTreeMap<String, String> = [
            ("indicators[0].actual", "G14"),
            ("indicators[10].actual", "G24"),
            ("project", "C2"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let c = Cells::from(&map);
        assert_eq!(c.get("project"), Some("C2"));
        assert_eq!(c.get("indicators[10].actual"), Some("G24"));
        assert_eq!(c.get("indicators[1].actual"), None);
        assert_eq!(c.get("indicators[0]"), None);
        let o = Origin {
            cells: c,
            ..Origin::default()
        };
        // Paths in reports count indicators from 1, the importer's from 0.
        assert_eq!(cell_of(&o, "indicators[11].actual").as_deref(), Some("G24"));
        assert_eq!(cell_of(&o, "project").as_deref(), Some("C2"));
    }
    use std::str::FromStr;

    fn def(project: &str, unit: &str) -> Definition {
        Definition {
            year: 2021,
            project: project.into(),
            unit: unit.into(),
            form: "city".into(),
            ..Default::default()
        }
    }

    fn ind(l1: &str, l2: &str, name: &str, target: &str) -> Indicator {
        Indicator {
            level1: l1.into(),
            level2: l2.into(),
            name: name.into(),
            target: target.into(),
            ..Default::default()
        }
    }

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn the_same_project_in_both_layouts_matches_its_own_layout() {
        let city = def("禁毒专项经费", "禁毒支队");
        let mut mof = city.clone();
        mof.form = "mof".into();
        let pairs = match_projects(&[&city, &mof], &[&mof, &city]);
        assert!(pairs.contains(&(Some(0), Some(1))), "{pairs:?}");
        assert!(pairs.contains(&(Some(1), Some(0))), "{pairs:?}");
    }

    #[test]
    fn projects_match_exactly_then_by_similarity_preferring_the_unit() {
        let old = [
            def("禁毒驻滇、驻粤工作运行经费", "禁毒支队"),
            def("扫黑除恶专项斗争经费", "有组织犯罪侦查支队"),
            def("被拘留人员给养费", "拘留所"),
            def("社区警务室工作经费", "甲"),
        ];
        let new = [
            def("扫黑除恶专项斗争经费", "有组织犯罪侦查支队"),
            def("禁毒驻滇、驻粤工作站运行经费", "禁毒支队"),
            def("特巡警支队反恐处突装备购置经费", "特巡警支队"),
            def("社区警务室工作经费", "乙"),
        ];
        let o: Vec<&Definition> = old.iter().collect();
        let n: Vec<&Definition> = new.iter().collect();
        let pairs = match_projects(&o, &n);
        assert_eq!(
            pairs,
            vec![
                (Some(1), Some(0)),
                (Some(0), Some(1)),
                (None, Some(2)),
                (Some(3), Some(3)), // same name, unit changed
                (Some(2), None),
            ]
        );
    }

    #[test]
    fn dissimilar_projects_of_one_unit_are_not_a_rename() {
        let old = [def("强戒人员生理脱毒医疗费", "强戒所")];
        let new = [def("强戒人员教育、诊断评估费", "强戒所")];
        let pairs = match_projects(
            &old.iter().collect::<Vec<_>>(),
            &new.iter().collect::<Vec<_>>(),
        );
        assert_eq!(pairs, vec![(None, Some(0)), (Some(0), None)]);
        // Every pair of the 2021 examples of one unit stays apart.
        let (loaded, errors) = crate::load::load_all(&[PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/2021"
        ))])
        .unwrap();
        assert!(errors.is_empty());
        for a in &loaded {
            for b in &loaded {
                if a.path != b.path && a.def.unit == b.def.unit {
                    let r = similarity(&a.def.project, &b.def.project);
                    assert!(
                        r < PROJECT_SAME_UNIT_RATIO,
                        "{} ~ {}: {r}",
                        a.def.project,
                        b.def.project
                    );
                }
            }
        }
    }

    #[test]
    fn indicators_match_by_levels_and_recognise_renames() {
        let old = vec![
            ind(
                "产出指标",
                "数量指标",
                "收治人数",
                "完成全年 1500 名强戒人员收治目标",
            ),
            ind("产出指标", "质量指针", "重点工作完成情况", "100%"),
            ind("效益指标", "生态效益指标", "节省警力", "明显"),
            ind("满意度指标", "服务对象满意度指标", "群众满意度", "90%"),
        ];
        let new = vec![
            ind(
                "产出指标",
                "数量指标",
                "强戒人员收治人数",
                "完成全年 1400 名强戒人员收治目标",
            ),
            ind("产出指标", "质量指标", "重点工作完成情况", "100%"),
            ind("满意度指标", "服务对象满意度指标", "群众满意度", "90%"),
            ind("效益指标", "社会效益指标", "禁毒宣传教育覆盖面", "100%"),
        ];
        assert_eq!(
            match_indicators(&old, &new),
            vec![
                (Some(0), Some(0)),
                (Some(1), Some(1)),
                (Some(2), None),
                (Some(3), Some(2)),
                (None, Some(3)),
            ]
        );
    }

    #[test]
    fn inline_diff_keeps_numbers_whole_and_splits_han_characters() {
        assert_eq!(
            inline_text("预算500万元", "预算520.5万元"),
            "预算[-500][+520.5]万元"
        );
        assert_eq!(
            inline_text("侦破 13 起", "侦破 10 起"),
            "侦破 [-13][+10] 起"
        );
        assert_eq!(
            inline_text("禁毒驻滇、驻粤工作运行经费", "禁毒驻滇、驻粤工作站运行经费"),
            "禁毒驻滇、驻粤工作[+站]运行经费"
        );
        assert_eq!(inline_text("质量指针", "质量指标"), "质量指[-针][+标]");
        assert_eq!(
            inline(" a", "b"),
            vec![Seg::Deleted(" a".into()), Seg::Inserted("b".into())]
        );
    }

    #[test]
    fn budget_change_in_wan_yuan_and_percent_rounded_half_away_from_zero() {
        assert_eq!(
            budget_change(Some(d("500")), Some(d("400"))),
            (Some(d("-100")), Some(d("-20")))
        );
        // 12.6 / 273.89 = 4.6003… %
        assert_eq!(
            budget_change(Some(d("273.89")), Some(d("286.5"))),
            (Some(d("12.61")), Some(d("4.6")))
        );
        // 1 / 8 = 12.5 % exactly; 1/ 800 = 0.125 % → 0.13 (half away from zero, not banker's 0.12)
        assert_eq!(
            budget_change(Some(d("800")), Some(d("801"))).1,
            Some(d("0.13"))
        );
        assert_eq!(
            budget_change(Some(d("800")), Some(d("799"))).1,
            Some(d("-0.13"))
        );
        assert_eq!(
            budget_change(Some(d("0")), Some(d("5"))),
            (Some(d("5")), None)
        );
        assert_eq!(budget_change(None, Some(d("5"))), (None, None));
        assert_eq!(signed(d("12.61")), "+12.61");
        assert_eq!(signed(d("-3")), "-3");
    }

    #[test]
    fn issued_mode_separates_filled_from_forbidden() {
        let mut issued = def("扫黑除恶专项斗争经费", "有组织犯罪侦查支队");
        issued.funds.total.budget = Some(d("500"));
        issued.indicators = vec![ind("产出指标", "数量指标", "涉恶性质案件", "侦破 13 起")];
        let mut returned = issued.clone();
        returned.contact = "张三 13800000000".into();
        returned.funds.total.executed = Some(d("450"));
        returned.indicators[0].actual = "已完成".into();
        returned.indicators[0].target = "侦破 10 起".into();
        returned.note = "无".into();
        let o = [(issued.clone(), Origin::default())];
        let n = [(returned, Origin::default())];
        let r = compare(&o, &n, "a", "b", &Options::default()).unwrap();
        assert_eq!(r.mode, Mode::Issued);
        let forbidden: Vec<&str> = r
            .changes
            .iter()
            .filter(|c| c.forbidden)
            .map(|c| c.path.as_str())
            .collect();
        assert_eq!(forbidden, ["indicators[1].target"]);
        let filled: Vec<&str> = r
            .changes
            .iter()
            .filter(|c| c.kind == Kind::Filled)
            .map(|c| c.path.as_str())
            .collect();
        assert_eq!(
            filled,
            [
                "contact",
                "funds.total.executed",
                "indicators[1].actual",
                "note"
            ]
        );
        let ex = r
            .changes
            .iter()
            .find(|c| c.path == "funds.total.executed")
            .unwrap();
        assert_eq!(ex.rate.as_deref(), Some("90"));
        // The same pair compared as yearly ignores what the unit filled in.
        let r = compare(
            &o,
            &n,
            "a",
            "b",
            &Options {
                mode: Some(Mode::Yearly),
                all: false,
            },
        )
        .unwrap();
        assert_eq!(r.changes.len(), 1);
        assert!(!r.changes[0].forbidden);
        // Identical sides: nothing.
        let r = compare(&o, &o, "a", "a", &Options::default()).unwrap();
        assert!(r.changes.is_empty());
        assert_eq!(r.projects[0].status, Status::Unchanged);
    }

    #[test]
    fn note_instruction_counts_as_blank() {
        let mut a = def("p", "u");
        a.note = "请在此处简要说明各级监督检查中发现的问题及其所涉及的金额，如没有请填写无".into();
        let b = def("p", "u");
        let r = compare(
            &[(a, Origin::default())],
            &[(b, Origin::default())],
            "a",
            "b",
            &Options::default(),
        )
        .unwrap();
        assert!(r.changes.is_empty());
    }

    #[test]
    fn widths_count_cjk_twice() {
        assert_eq!(display_width("ab"), 2);
        assert_eq!(display_width("项目（A）"), 2 + 2 + 2 + 1 + 2);
    }
}
