//! Form variants as data. Each variant is a YAML file under `templates/`, embedded in the
//! binary so the tool works with no files beside it. A template says which labels a form
//! carries, where (column and span), and how wide each column is; [`crate::layout`] turns a
//! template plus a [`crate::model::Definition`] into the cells of one sheet.

use serde::Deserialize;
use std::sync::OnceLock;

use crate::error::{Error, Result};

/// The variants shipped with evalsheet: (id, YAML text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("city", include_str!("../templates/city.yaml")),
    ("mof", include_str!("../templates/mof.yaml")),
];

/// One form variant.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    pub id: String,
    pub version: u32,
    /// The variant's Chinese name, for messages.
    pub name: String,
    /// The title over the whole form.
    pub title: String,
    /// A line under the title; `{year}` stands for the definition's year (`（{year}年度）`).
    #[serde(default)]
    pub subtitle: Option<String>,
    pub font: String,
    pub font_size: f64,
    pub title_font_size: f64,
    /// Column widths in Excel character units; their count is the form's width in columns.
    pub widths: Vec<f64>,
    pub min_row_height: f64,
    pub title_row_height: f64,
    /// What the 说明 cell of a blank form says.
    #[serde(default)]
    pub note_instruction: String,
    /// Shares of the 100-point score by 一级指标, for variants with scoring.
    #[serde(default)]
    pub weights: Vec<LevelWeight>,
    pub blocks: Vec<Block>,
}

/// One band of rows of the form.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Block {
    /// One row of fixed labels and single values.
    Fields { cells: Vec<FieldCell> },
    /// 项目资金: label down the left, a header row, one row per funding line.
    Funds {
        label: Place,
        line_label: Place,
        columns: Vec<Column>,
        lines: Vec<FundLine>,
    },
    /// 年度总体目标: label down two rows, a header row and a value row.
    Goal { label: Place, columns: Vec<Column> },
    /// 绩效指标: label down the header and every indicator row.
    Indicators { label: Place, columns: Vec<Column> },
    /// 总分: a label, the sum of the weights, the sum of the scores and the grade.
    Total {
        label: Place,
        weight: Place,
        score: Place,
        grade: Place,
    },
}

/// A 一级指标's share of the score.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelWeight {
    pub level1: String,
    pub weight: rust_decimal::Decimal,
}

/// A cell of a `fields` row: a fixed label or the value of a definition key.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldCell {
    #[serde(deserialize_with = "de_col")]
    pub col: u16,
    #[serde(default = "one")]
    pub span: u16,
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub field: Option<String>,
    /// Other wordings of the label that forms typed by hand use; read, never drawn.
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// A fixed place on a row, with optional text.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    #[serde(deserialize_with = "de_col")]
    pub col: u16,
    #[serde(default = "one")]
    pub span: u16,
    #[serde(default)]
    pub text: Option<String>,
}

/// A column of a table block: its header label and which value fills it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    #[serde(deserialize_with = "de_col")]
    pub col: u16,
    #[serde(default = "one")]
    pub span: u16,
    pub header: String,
    /// Other wordings of the header that forms typed by hand use; read, never drawn.
    #[serde(default)]
    pub aliases: Vec<String>,
    pub value: String,
    /// Merge equal consecutive values down their run (一级/二级指标).
    #[serde(default)]
    pub runs: bool,
}

/// A funding line: the model key and its label.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FundLine {
    pub key: String,
    pub label: String,
}

fn one() -> u16 {
    1
}

pub use crate::cellref::{a1, col_index, col_letters};

fn de_col<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<u16, D::Error> {
    let s = String::deserialize(d)?;
    col_index(&s)
        .ok_or_else(|| serde::de::Error::custom(format!("`{s}` is not a column letter (A, B, …)")))
}

/// Definition keys a `fields` cell may show.
pub const FIELD_KEYS: &[&str] = &[
    "project",
    "contact",
    "city_department",
    "local_department",
    "unit",
    "note",
];
/// Values a funds column may show.
pub const FUND_VALUES: &[&str] = &[
    "initial_budget",
    "budget",
    "executed",
    "rate",
    "weight",
    "score",
];
/// Values a goal column may show.
pub const GOAL_VALUES: &[&str] = &["target", "actual"];
/// Values an indicator column may show.
pub const INDICATOR_VALUES: &[&str] = &[
    "level1", "level2", "name", "target", "actual", "reason", "weight", "score",
];

impl Template {
    /// Parse and check a template.
    pub fn parse(id: &str, text: &str) -> Result<Template> {
        let t: Template = serde_saphyr::from_str(text).map_err(|e| Error::Template {
            id: id.to_string(),
            message: crate::error::yaml_message(&e),
        })?;
        t.validate()?;
        Ok(t)
    }

    /// The label this variant prints for a definition field (`project` → 项目资金名称 or
    /// 项目名称), for messages that quote the form's own words.
    pub fn label_of(&self, field: &str) -> Option<String> {
        for b in &self.blocks {
            match b {
                Block::Fields { cells } => {
                    for (i, c) in cells.iter().enumerate() {
                        if c.field.as_deref() == Some(field) {
                            return cells[..i].iter().rev().find_map(|c| c.label.clone());
                        }
                    }
                }
                Block::Funds { lines, columns, .. } => {
                    if let Some(key) = field.strip_prefix("funds.") {
                        if let Some(l) = lines.iter().find(|l| l.key == key) {
                            return Some(l.label.clone());
                        }
                        if let Some(c) = columns.iter().find(|c| c.value == key) {
                            return Some(c.header.clone());
                        }
                    }
                }
                Block::Goal { columns, .. } => {
                    if let Some(v) = field.strip_prefix("goal.")
                        && let Some(c) = columns.iter().find(|c| c.value == v)
                    {
                        return Some(c.header.clone());
                    }
                }
                Block::Indicators { columns, .. } => {
                    if let Some(c) = columns.iter().find(|c| c.value == field) {
                        return Some(c.header.clone());
                    }
                }
                Block::Total { .. } => {}
            }
        }
        None
    }

    /// The name of the field at `path` (a [`crate::field`] path) as a clerk reads it: the
    /// labels the form prints for it (`年度资金总额 全年预算数（A）`), and for an indicator its
    /// row (`第 3 行指标 年度指标值`). The form's labels are its own words in every language;
    /// what is added around them is the catalogue's.
    ///
    /// ```
    /// let t = evalsheet::template::get("city").unwrap();
    /// assert_eq!(t.field_name("funds.total.budget"), "年度资金总额 全年预算数（A）");
    /// assert_eq!(t.field_name("indicators[3].target"), "第 3 行指标 年度指标值");
    /// assert_eq!(t.field_name("project"), "项目资金名称");
    /// ```
    pub fn field_name(&self, path: &str) -> String {
        if let Some((i, value)) = crate::field::indicator_of(path) {
            let row = crate::t!("field-indicator-row", row = i + 1);
            return match self.label_of(value) {
                Some(l) if !value.is_empty() => {
                    crate::t!("field-indicator-value", row = row, label = l)
                }
                _ => row,
            };
        }
        let parts: Vec<&str> = path.split('.').collect();
        let label = match parts.as_slice() {
            ["indicators"] => self.indicators_label(),
            ["funds", "weight"] => Some(crate::t!("field-funds-weight")),
            ["year"] => Some(crate::t!("field-year")),
            ["form"] => Some(crate::t!("field-form")),
            ["funds", line, value] => {
                let line = self
                    .label_of(&format!("funds.{line}"))
                    .unwrap_or_else(|| crate::model::fund_line_label(line).to_string());
                let value = self.label_of(&format!("funds.{value}"));
                Some(match value {
                    Some(v) => format!("{line} {v}"),
                    None => line,
                })
            }
            _ => self.label_of(path),
        };
        label.unwrap_or_else(|| path.to_string())
    }

    /// The label of the 绩效指标 table.
    fn indicators_label(&self) -> Option<String> {
        self.blocks.iter().find_map(|b| match b {
            Block::Indicators { label, .. } => label.text.clone(),
            _ => None,
        })
    }

    /// The funding lines this variant shows, by key.
    pub fn fund_lines(&self) -> Vec<&str> {
        self.blocks
            .iter()
            .find_map(|b| match b {
                Block::Funds { lines, .. } => Some(lines.iter().map(|l| l.key.as_str()).collect()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Whether this variant scores the form (分值 and 得分 columns).
    pub fn scored(&self) -> bool {
        !self.weights.is_empty()
    }

    /// Number of columns of the form.
    pub fn width(&self) -> u16 {
        self.widths.len() as u16
    }

    fn validate(&self) -> Result<()> {
        let problem = if self.width() == 0 {
            Err("`widths` is empty".to_string())
        } else {
            self.blocks
                .iter()
                .enumerate()
                .try_for_each(|(i, b)| self.check_block(b, &format!("block {}", i + 1)))
        };
        problem.map_err(|message| Error::Template {
            id: self.id.clone(),
            message,
        })
    }

    /// The places of a row must lie inside the form and not overlap.
    fn check_places(&self, places: &[(u16, u16)], what: &str) -> std::result::Result<(), String> {
        let w = self.width();
        let mut used = vec![false; w as usize];
        for &(c, s) in places {
            if s == 0 || c + s > w {
                return Err(format!(
                    "{what}: column {} spanning {s} lies outside the {w} columns",
                    col_letters(c)
                ));
            }
            for u in &mut used[c as usize..(c + s) as usize] {
                if *u {
                    return Err(format!("{what}: column {} is used twice", col_letters(c)));
                }
                *u = true;
            }
        }
        Ok(())
    }

    /// One block: its places, and the keys of the values it shows.
    fn check_block(&self, b: &Block, what: &str) -> std::result::Result<(), String> {
        let place = |p: &Place| (p.col, p.span);
        let column = |c: &Column| (c.col, c.span);
        match b {
            Block::Fields { cells } => {
                for c in cells {
                    match (&c.label, &c.field) {
                        (Some(_), None) => {}
                        (None, Some(f)) if FIELD_KEYS.contains(&f.as_str()) => {}
                        (None, Some(f)) => return Err(format!("{what}: unknown field `{f}`")),
                        _ => {
                            return Err(format!(
                                "{what}: a cell needs exactly one of `label` and `field`"
                            ));
                        }
                    }
                }
                let places: Vec<_> = cells.iter().map(|c| (c.col, c.span)).collect();
                self.check_places(&places, what)
            }
            Block::Funds {
                label,
                line_label,
                columns,
                lines,
            } => {
                let mut places = vec![place(label), place(line_label)];
                places.extend(columns.iter().map(column));
                self.check_places(&places, what)?;
                check_values(columns, FUND_VALUES, what)?;
                if let Some(l) = lines
                    .iter()
                    .find(|l| !crate::model::FUND_LINES.contains(&l.key.as_str()))
                {
                    return Err(format!("{what}: unknown funding line `{}`", l.key));
                }
                let has = |v: &str| columns.iter().any(|c| c.value == v);
                if has("rate") && !(has("budget") && has("executed")) {
                    return Err(format!("{what}: a rate column needs budget and executed"));
                }
                if has("score") && !(has("budget") && has("executed") && has("weight")) {
                    return Err(format!(
                        "{what}: a score column needs budget, executed and weight"
                    ));
                }
                Ok(())
            }
            Block::Total {
                label,
                weight,
                score,
                grade,
            } => {
                let places: Vec<_> = [label, weight, score, grade].map(place).to_vec();
                self.check_places(&places, what)
            }
            Block::Goal { label, columns } | Block::Indicators { label, columns } => {
                let allowed = if matches!(b, Block::Goal { .. }) {
                    GOAL_VALUES
                } else {
                    INDICATOR_VALUES
                };
                let mut places = vec![place(label)];
                places.extend(columns.iter().map(column));
                self.check_places(&places, what)?;
                check_values(columns, allowed, what)
            }
        }
    }
}

/// Each column must show one of the values `allowed`.
fn check_values(
    columns: &[Column],
    allowed: &[&str],
    what: &str,
) -> std::result::Result<(), String> {
    match columns
        .iter()
        .find(|c| !allowed.contains(&c.value.as_str()))
    {
        Some(c) if allowed == FUND_VALUES => {
            Err(format!("{what}: unknown funds value `{}`", c.value))
        }
        Some(c) => Err(format!("{what}: unknown value `{}`", c.value)),
        None => Ok(()),
    }
}

/// The built-in variant with this id.
pub fn get(id: &str) -> Result<&'static Template> {
    static ALL: OnceLock<Vec<std::result::Result<Template, String>>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        BUILTIN
            .iter()
            .map(|(id, text)| Template::parse(id, text).map_err(|e| e.to_string()))
            .collect()
    });
    for ((bid, _), t) in BUILTIN.iter().zip(all) {
        if *bid == id {
            return t.as_ref().map_err(|m| Error::Template {
                id: id.to_string(),
                message: m.clone(),
            });
        }
    }
    Err(Error::UnknownForm {
        form: id.to_string(),
        known: ids().join(", "),
    })
}

/// Ids of the built-in variants.
pub fn ids() -> Vec<&'static str> {
    BUILTIN.iter().map(|(id, _)| *id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_parses_and_validates() {
        for id in ids() {
            let t = get(id).unwrap();
            assert_eq!(t.id, id);
        }
    }

    #[test]
    fn overlapping_places_are_rejected() {
        let text = include_str!("../templates/city.yaml").replace(
            "{col: C, span: 2, field: project}",
            "{col: B, span: 2, field: project}",
        );
        let err = Template::parse("broken", &text).unwrap_err().to_string();
        assert!(err.contains("used twice"), "{err}");
    }

    #[test]
    fn unknown_form_names_the_known_ones() {
        let err = get("nope").unwrap_err().to_string();
        assert!(err.contains("city"), "{err}");
    }
}
