//! The 项目清单: definitions in one workbook made for a clerk to edit in Excel or WPS.
//!
//! A 项目清单 has three sheets:
//!
//! - **项目**: one row per project. Columns: 项目编号 (the key the indicators point at, so
//!   that a project can be renamed or moved without losing its indicators), 年度, 表样 (the
//!   layout variant by its Chinese name: 市级, 财政部), 项目资金名称, 市级主管部门, 地方主管部门,
//!   实施单位, one column per funding line and measure (`年度资金总额·全年预算数`,
//!   `中央、省补助·年初预算数`…), 预算执行分值, 年度总体目标, and the fields the unit fills in when
//!   any definition has them (负责人及电话, `…·全年执行数`, 全年实际完成情况, 说明).
//! - **绩效指标**: one row per indicator: 项目编号, 项目资金名称（自动） (a formula, for the eye;
//!   never read), 一级指标, 二级指标, 三级指标, 年度指标值, 分值 (where the national form is
//!   used), and 全年完成值, 未完成原因和改进措施, 得分 when any definition has them. A project's
//!   indicators are its rows in sheet order.
//! - **说明**: how to fill it in.
//!
//! Columns are found by their headers (in any order; a column evalsheet does not know is
//! ignored), so a clerk may move, hide or add columns. Amounts are written as numbers: every
//! amount a definition may hold has at most 15 significant digits (`load` refuses more), and
//! such a decimal goes into a cell's double and comes back unchanged
//! ([`crate::amount::to_cell_f64`], [`crate::amount::from_cell_f64`]). An amount typed as
//! text (`1,234.5`, `273.89万元`) is read as [`crate::amount::parse`] reads it; anything else
//! (`约200`) is refused with its cell. Texts are written and read as they are, spaces and line
//! breaks included; a text of nothing but spaces and line breaks is a blank cell, read back
//! empty, as in a form. A carriage return is written as Excel writes one (`_x000D_`).
//!
//! A flat export of a budget system (one row per project, its own column names, on a sheet of
//! any name) is read the same way through a column mapping ([`mapping`]), a small YAML file
//! beside the workbook.

pub mod mapping;
mod read;
mod write;

pub use mapping::{Mapping, mapping_beside};
pub use read::{Listed, Problem, is_list_sheet, read_book, read_path};
pub use write::workbook_bytes;

use crate::model::{Definition, FUND_LINES};

/// The sheet of projects.
pub const PROJECTS: &str = "项目";
/// The sheet of indicators.
pub const INDICATORS: &str = "绩效指标";
/// The sheet that says how to fill the list in.
pub const HELP: &str = "说明";

/// The measures of a funding line, by field, with their headers.
pub const MEASURES: [(&str, &str); 3] = [
    ("initial_budget", "年初预算数"),
    ("budget", "全年预算数"),
    ("executed", "全年执行数"),
];

/// A funding line's label in a header: the form's label without `其中：`.
pub fn line_label(key: &str) -> &'static str {
    let l = crate::model::fund_line_label(key);
    l.strip_prefix("其中：").unwrap_or(l)
}

/// The header of a column of the 项目 sheet for a field key (see [`project_keys`]).
pub fn project_header(key: &str) -> String {
    if let Some(rest) = key.strip_prefix("funds.")
        && let Some((line, measure)) = rest.split_once('.')
        && let Some((_, m)) = MEASURES.iter().find(|(k, _)| *k == measure)
    {
        return format!("{}·{m}", line_label(line));
    }
    match key {
        "no" => "项目编号",
        "year" => "年度",
        "form" => "表样",
        "project" => "项目资金名称",
        "city_department" => "市级主管部门",
        "local_department" => "地方主管部门",
        "unit" => "实施单位",
        "contact" => "负责人及电话",
        "funds.weight" => "预算执行分值",
        "goal.target" => "年度总体目标",
        "goal.actual" => "全年实际完成情况",
        "note" => "说明",
        _ => "",
    }
    .to_string()
}

/// Every field key a column of the 项目 sheet may hold, in the order they are written.
pub fn project_keys() -> Vec<String> {
    let mut keys: Vec<String> = [
        "no",
        "year",
        "form",
        "project",
        "city_department",
        "local_department",
        "unit",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    for m in ["initial_budget", "budget"] {
        keys.extend(FUND_LINES.iter().map(|l| format!("funds.{l}.{m}")));
    }
    keys.push("funds.weight".into());
    keys.push("goal.target".into());
    keys.push("contact".into());
    keys.extend(FUND_LINES.iter().map(|l| format!("funds.{l}.executed")));
    keys.push("goal.actual".into());
    keys.push("note".into());
    keys
}

/// The columns of the 绩效指标 sheet: field key and header, in the order they are written.
/// `name_auto` is the formula column that shows the project's name; it is never read.
pub const INDICATOR_COLUMNS: [(&str, &str); 10] = [
    ("no", "项目编号"),
    ("name_auto", "项目资金名称（自动）"),
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("name", "三级指标"),
    ("target", "年度指标值"),
    ("weight", "分值"),
    ("actual", "全年完成值"),
    ("reason", "未完成原因和改进措施"),
    ("score", "得分"),
];

/// Whether a project key is filled in by the unit (written only when a definition has it).
fn unit_filled(key: &str) -> bool {
    crate::model::party_of(key) == crate::model::Party::Unit
}

/// The Chinese short name of a layout variant (`市级`, `财政部`): its name without the form's
/// title.
pub fn form_label(id: &str) -> String {
    match crate::template::get(id) {
        Ok(t) => t
            .name
            .strip_suffix("项目支出绩效自评表")
            .filter(|s| !s.is_empty())
            .unwrap_or(&t.name)
            .to_string(),
        Err(_) => id.to_string(),
    }
}

/// The variant a 表样 cell names: its short name (`市级`), its full name or its id (`city`);
/// blank is the default variant.
pub fn form_of_label(text: &str) -> Option<&'static str> {
    let t = text.trim();
    if t.is_empty() {
        return crate::template::ids()
            .into_iter()
            .find(|id| *id == crate::model::DEFAULT_FORM);
    }
    crate::template::ids().into_iter().find(|id| {
        *id == t || form_label(id) == t || crate::template::get(id).is_ok_and(|tpl| tpl.name == t)
    })
}

/// The value of a text field of a definition by key.
fn text_of<'a>(d: &'a Definition, key: &str) -> Option<&'a str> {
    Some(match key {
        "project" => &d.project,
        "city_department" => &d.city_department,
        "local_department" => &d.local_department,
        "unit" => &d.unit,
        "contact" => &d.contact,
        "goal.target" => &d.goal.target,
        "goal.actual" => &d.goal.actual,
        "note" => &d.note,
        _ => return None,
    })
}

/// A text field of a definition by key, to set.
fn text_mut<'a>(d: &'a mut Definition, key: &str) -> Option<&'a mut String> {
    Some(match key {
        "project" => &mut d.project,
        "city_department" => &mut d.city_department,
        "local_department" => &mut d.local_department,
        "unit" => &mut d.unit,
        "contact" => &mut d.contact,
        "goal.target" => &mut d.goal.target,
        "goal.actual" => &mut d.goal.actual,
        "note" => &mut d.note,
        _ => return None,
    })
}

/// An amount field of a definition by key (`funds.city.budget`, `funds.weight`).
fn amount_of(d: &Definition, key: &str) -> Option<Option<rust_decimal::Decimal>> {
    if key == "funds.weight" {
        return Some(d.funds.weight);
    }
    let (line, measure) = key.strip_prefix("funds.")?.split_once('.')?;
    let a = d.funds.line(line)?;
    match measure {
        "initial_budget" => Some(a.initial_budget),
        "budget" => Some(a.budget),
        "executed" => Some(a.executed),
        _ => None,
    }
}

/// An amount field of a definition by key, to set.
fn amount_mut<'a>(
    d: &'a mut Definition,
    key: &str,
) -> Option<&'a mut Option<rust_decimal::Decimal>> {
    if key == "funds.weight" {
        return Some(&mut d.funds.weight);
    }
    let (line, measure) = key.strip_prefix("funds.")?.split_once('.')?;
    let a = d.funds.line_mut(line)?;
    match measure {
        "initial_budget" => Some(&mut a.initial_budget),
        "budget" => Some(&mut a.budget),
        "executed" => Some(&mut a.executed),
        _ => None,
    }
}

/// A header as compared: without spaces and a required-field star, brackets and the middle
/// dot in one spelling.
pub fn norm_header(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            '.' | '・' | '•' | '-' | '－' | '—' | '_' => '·',
            ':' => '：',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests;
