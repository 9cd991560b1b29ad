//! Comparing two sets of project definitions: what a unit filled in and what it changed, or
//! what changed from one year to the next.
//!
//! Each side is a YAML (or JSON) definition file, a returned workbook (.xlsx, .xlsm, .xls,
//! .ods) or a folder of either, read by [`load_side`]. [`compare`] matches the projects of the
//! two sides and lists every change as a [`Change`]; [`render_text`], [`to_json`] and
//! [`xlsx_bytes`] present the resulting [`Report`].
//!
//! The module is a folder of its concerns: [`sides`] (reading a side, keeping what is small
//! and reading the rest again), [`matching`] (pairing projects and indicators), `compare`
//! (the changes of one pair), [`inline`] (inline text diffs), and the reports: `text`, `json`,
//! `xlsx`.
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

use serde::Serialize;

mod compare;
pub mod inline;
mod json;
pub mod matching;
pub mod sides;
mod text;
mod xlsx;

pub use compare::{budget_change, compare, detect_mode, fund_label, indicator_text};
pub use inline::{Seg, inline, inline_text};
pub use json::to_json;
pub use matching::{Pair, match_indicators, match_projects, normalize, similarity};
pub use sides::{Entry, KEEP_WHOLE, SideDefs, load_side, load_side_all, read_side, side_files};
pub use text::render_text;
pub use xlsx::{write_xlsx, xlsx_bytes};

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

#[cfg(test)]
mod tests;
