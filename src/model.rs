//! The domain model: one project's 项目支出绩效自评表 for one year.
//!
//! [`Definition`] is the one type shared by the generator, the importer, the differ and the
//! checker. Its keys follow `docs/definition-format.md`: English keys, each mapping to one label of
//! the form. Amounts are exact decimals in 万元 read from their source text; a blank amount is
//! `None`, never zero.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The layout variant used when a definition does not name one.
pub const DEFAULT_FORM: &str = "city";

/// One project's form for one year.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    /// 年度
    pub year: i32,
    /// Which layout under `templates/` draws this form.
    #[serde(default = "default_form")]
    pub form: String,
    /// 项目资金名称
    #[serde(default)]
    pub project: String,
    /// 负责人及电话 (filled by the unit)
    #[serde(default)]
    pub contact: String,
    /// 市级主管部门
    #[serde(default)]
    pub city_department: String,
    /// 地方主管部门
    #[serde(default)]
    pub local_department: String,
    /// 实施单位
    #[serde(default)]
    pub unit: String,
    /// 项目资金（万元）
    #[serde(default)]
    pub funds: Funds,
    /// 年度总体目标
    #[serde(default)]
    pub goal: Goal,
    /// 绩效指标, in form order.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
    /// 说明 (filled by the unit). Empty while the unit has not filled it in.
    #[serde(default)]
    pub note: String,
    /// Where an imported definition came from. Never part of the form itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
}

fn default_form() -> String {
    DEFAULT_FORM.to_string()
}

/// The place an imported definition was read from, as `import` writes it beside the
/// definition (`source: {file, sheet}`). In memory, where a definition came from is its
/// [`Provenance`].
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    pub file: String,
    pub sheet: String,
}

/// Where a definition came from, and where each of its fields was read: the one answer to
/// "where is this?" for every report (file, list item or sheet, cell). Field paths are those
/// of [`crate::field`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The file, as found (named on the command line or found in a folder).
    pub file: PathBuf,
    /// Position in a file that holds a list of definitions, 0-based; `None` for a file of
    /// one definition and for workbooks.
    pub item: Option<usize>,
    /// The sheet of a returned workbook.
    pub sheet: Option<String>,
    /// Field path → the A1 cell it was read from (returned workbooks).
    pub cells: Cells,
    /// The 执行率 found in each funding line's rate cell (typed, or a formula's cached value),
    /// by line key, as a fraction. Never the rate itself: that is recomputed from A and B.
    pub typed_rates: BTreeMap<String, Decimal>,
    /// Field path → text found in a cell that takes a number but does not hold one
    /// (`约200万`); the field itself is blank.
    pub not_numbers: BTreeMap<String, String>,
}

impl Provenance {
    /// A definition file, or item `item` (0-based) of a file that holds a list.
    pub fn file(file: impl Into<PathBuf>, item: Option<usize>) -> Provenance {
        Provenance {
            file: file.into(),
            item,
            ..Default::default()
        }
    }

    /// Whether the definition was read from a workbook (a returned form).
    pub fn is_workbook(&self) -> bool {
        self.sheet.is_some()
    }

    /// The cell a field was read from.
    pub fn cell(&self, field: &str) -> Option<&str> {
        self.cells.get(field)
    }

    /// The 1-based position in a file's list, for messages and JSON.
    pub fn item_number(&self) -> Option<usize> {
        self.item.map(|i| i + 1)
    }

    /// `file`, `file, definition N` or `file, sheet S`.
    pub fn place(&self) -> String {
        match (&self.sheet, self.item) {
            (Some(s), _) => crate::t!(
                "place-sheet",
                file = self.file.display().to_string(),
                sheet = s.as_str()
            ),
            (None, Some(i)) => crate::t!(
                "place-definition",
                file = self.file.display().to_string(),
                n = i + 1
            ),
            (None, None) => self.file.display().to_string(),
        }
    }
}

/// Field path → A1 cell, packed into one string (`field\tcell\n` lines, sorted by field)
/// with the offset of each line: a large batch keeps sixty of these pairs a form, and one
/// string is a fraction of sixty map entries; a field is found by binary search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cells {
    text: String,
    starts: Vec<u32>,
}

impl Cells {
    /// The cell a field was read from.
    pub fn get(&self, field: &str) -> Option<&str> {
        let i = self
            .starts
            .binary_search_by(|&at| self.line(at).0.cmp(field))
            .ok()?;
        Some(self.line(self.starts[i]).1)
    }

    fn line(&self, at: u32) -> (&str, &str) {
        let rest = &self.text[at as usize..];
        let line = rest.split('\n').next().unwrap_or("");
        line.split_once('\t').unwrap_or((line, ""))
    }

    /// Every (field, cell) pair, by field.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.starts.iter().map(|&at| self.line(at))
    }

    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    fn from_text(text: String) -> Cells {
        let mut starts = Vec::new();
        let mut at = 0usize;
        for line in text.split_inclusive('\n') {
            if line.contains('\t') {
                starts.push(at as u32);
            }
            at += line.len();
        }
        Cells { text, starts }
    }
}

impl From<&BTreeMap<String, String>> for Cells {
    fn from(map: &BTreeMap<String, String>) -> Cells {
        let mut text = String::with_capacity(map.iter().map(|(k, v)| k.len() + v.len() + 2).sum());
        let mut starts = Vec::with_capacity(map.len());
        for (k, v) in map {
            // Field paths and A1 cells hold neither tabs nor line breaks.
            starts.push(text.len() as u32);
            text.push_str(k);
            text.push('\t');
            text.push_str(v);
            text.push('\n');
        }
        Cells { text, starts }
    }
}

impl Serialize for Cells {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for Cells {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Cells, D::Error> {
        String::deserialize(d).map(Cells::from_text)
    }
}

/// 项目资金（万元）: the funding lines of the form. The city variant shows `total`,
/// `central_provincial`, `city` and `other`; the national (财政部) variant shows `total`,
/// `current_year`, `carryover` and `other`. A variant ignores the lines it does not show.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funds {
    /// 年度资金总额
    #[serde(default)]
    pub total: Amounts,
    /// 其中：中央、省补助 (city variant)
    #[serde(default)]
    pub central_provincial: Amounts,
    /// 市级资金 (city variant)
    #[serde(default)]
    pub city: Amounts,
    /// 其他资金
    #[serde(default)]
    pub other: Amounts,
    /// 其中：当年财政拨款 (national variant)
    #[serde(default, skip_serializing_if = "Amounts::is_empty")]
    pub current_year: Amounts,
    /// 上年结转资金 (national variant)
    #[serde(default, skip_serializing_if = "Amounts::is_empty")]
    pub carryover: Amounts,
    /// 分值 of budget execution (national variant; 10 when absent).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::amount::serde_opt"
    )]
    pub weight: Option<Decimal>,
}

/// Who decides a field of the form: the issuing office, or the unit that fills the form in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Party {
    /// Decided by the finance office and locked on the issued form: year, layout, project,
    /// departments, unit, every 全年预算数 and 年初预算数, 分值, 年初设定目标, and each indicator's
    /// 一级/二级/三级指标 and 年度指标值.
    Office,
    /// Filled in by the unit: 负责人及电话, every 全年执行数 (and so 执行率), 全年实际完成情况,
    /// each 全年完成值, 未完成原因和改进措施 and 得分, and 说明.
    Unit,
}

/// Who decides the field at `path` (a path of [`crate::field`]). A whole indicator row and
/// the table as a whole are the office's.
///
/// ```
/// use evalsheet::model::{Party, party_of};
/// assert_eq!(party_of("funds.total.budget"), Party::Office);
/// assert_eq!(party_of("funds.city.executed"), Party::Unit);
/// assert_eq!(party_of("indicators[3].actual"), Party::Unit);
/// assert_eq!(party_of("indicators[3].target"), Party::Office);
/// ```
pub fn party_of(path: &str) -> Party {
    let value = path.rsplit('.').next().unwrap_or(path);
    let unit = match path.split(['.', '[']).next().unwrap_or("") {
        "contact" | "note" => true,
        "funds" => matches!(value, "executed" | "rate"),
        "goal" => value == "actual",
        "indicators" => path.contains('.') && matches!(value, "actual" | "reason" | "score"),
        _ => false,
    };
    if unit { Party::Unit } else { Party::Office }
}

/// Every funding line, by key, in form order (the city variant's lines first).
pub const FUND_LINES: [&str; 6] = [
    "total",
    "central_provincial",
    "city",
    "other",
    "current_year",
    "carryover",
];

/// The label of a funding line, as the forms print it.
pub fn fund_line_label(key: &str) -> &'static str {
    match key {
        "total" => "年度资金总额",
        "central_provincial" => "其中：中央、省补助",
        "city" => "市级资金",
        "other" => "其他资金",
        "current_year" => "其中：当年财政拨款",
        "carryover" => "上年结转资金",
        _ => "资金",
    }
}

impl Funds {
    /// The line with the given key (one of [`FUND_LINES`]).
    pub fn line(&self, key: &str) -> Option<&Amounts> {
        match key {
            "total" => Some(&self.total),
            "central_provincial" => Some(&self.central_provincial),
            "city" => Some(&self.city),
            "other" => Some(&self.other),
            "current_year" => Some(&self.current_year),
            "carryover" => Some(&self.carryover),
            _ => None,
        }
    }

    /// The line with the given key, mutably.
    pub fn line_mut(&mut self, key: &str) -> Option<&mut Amounts> {
        match key {
            "total" => Some(&mut self.total),
            "central_provincial" => Some(&mut self.central_provincial),
            "city" => Some(&mut self.city),
            "other" => Some(&mut self.other),
            "current_year" => Some(&mut self.current_year),
            "carryover" => Some(&mut self.carryover),
            _ => None,
        }
    }
}

/// One funding line: 全年预算数（A）, 全年执行数（B）, and in the national variant 年初预算数.
/// 执行率 is derived, never stored.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amounts {
    /// 年初预算数 (national variant), decided by the issuing office.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::amount::serde_opt"
    )]
    pub initial_budget: Option<Decimal>,
    /// 全年预算数（A）, decided by the issuing office.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::amount::serde_opt"
    )]
    pub budget: Option<Decimal>,
    /// 全年执行数（B）, filled by the unit.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::amount::serde_opt"
    )]
    pub executed: Option<Decimal>,
}

impl Amounts {
    /// 执行率 = B / A, or `None` while either is blank or A is zero.
    pub fn rate(&self) -> Option<Decimal> {
        crate::amount::rate(self.budget, self.executed)
    }

    pub fn is_empty(&self) -> bool {
        self.initial_budget.is_none() && self.budget.is_none() && self.executed.is_none()
    }
}

/// 年度总体目标
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// 年初设定目标, decided by the issuing office.
    #[serde(default)]
    pub target: String,
    /// 全年实际完成情况, filled by the unit.
    #[serde(default)]
    pub actual: String,
}

/// One row of the 绩效指标 table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// 一级指标
    #[serde(default)]
    pub level1: String,
    /// 二级指标
    #[serde(default)]
    pub level2: String,
    /// 三级指标
    #[serde(default)]
    pub name: String,
    /// 年度指标值
    #[serde(default)]
    pub target: String,
    /// 全年完成值 (filled by the unit)
    #[serde(default)]
    pub actual: String,
    /// 未完成原因和改进措施 (filled by the unit)
    #[serde(default)]
    pub reason: String,
    /// 分值 (national variant): the indicator's weight; its 一级指标's share of the score is
    /// spread evenly over the indicators without one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::amount::serde_opt"
    )]
    pub weight: Option<Decimal>,
    /// 得分 (national variant, filled by the unit).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "crate::amount::serde_opt"
    )]
    pub score: Option<Decimal>,
}

impl Indicator {
    /// True when no cell of the row holds anything.
    pub fn is_empty(&self) -> bool {
        [
            &self.level1,
            &self.level2,
            &self.name,
            &self.target,
            &self.actual,
            &self.reason,
        ]
        .iter()
        .all(|s| s.is_empty())
            && self.weight.is_none()
            && self.score.is_none()
    }
}

impl Definition {
    /// The same definition with every field the unit fills in cleared: what is issued.
    pub fn issued(&self) -> Definition {
        let mut d = self.clone();
        d.clear_unit_fields();
        d.source = None;
        d
    }

    /// Clear what the unit fills in: contact, every 全年执行数, 全年实际完成情况, each
    /// indicator's 全年完成值 and 未完成原因, and 说明.
    pub fn clear_unit_fields(&mut self) {
        self.contact.clear();
        for key in FUND_LINES {
            if let Some(line) = self.funds.line_mut(key) {
                line.executed = None;
            }
        }
        self.goal.actual.clear();
        for ind in &mut self.indicators {
            ind.actual.clear();
            ind.reason.clear();
            ind.score = None;
        }
        self.note.clear();
    }

    /// A stable hash of what the issuing office decides (unit fields and source excluded), as
    /// 64 lowercase hex digits. Stamped into every generated workbook.
    pub fn issued_hash(&self) -> String {
        let issued = self.issued();
        let json = serde_json::to_vec(&issued).unwrap_or_default();
        let digest = Sha256::digest(&json);
        digest.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// Trim every text field (leading and trailing whitespace, inner text kept as written).
    pub fn trim(&mut self) {
        for s in [
            &mut self.form,
            &mut self.project,
            &mut self.contact,
            &mut self.city_department,
            &mut self.local_department,
            &mut self.unit,
            &mut self.goal.target,
            &mut self.goal.actual,
            &mut self.note,
        ] {
            trim_in_place(s);
        }
        for ind in &mut self.indicators {
            for s in [
                &mut ind.level1,
                &mut ind.level2,
                &mut ind.name,
                &mut ind.target,
                &mut ind.actual,
                &mut ind.reason,
            ] {
                trim_in_place(s);
            }
        }
    }

    /// A short human name for messages: `project（unit）`.
    pub fn display_name(&self) -> String {
        match (self.project.is_empty(), self.unit.is_empty()) {
            (false, false) => format!("{}（{}）", self.project, self.unit),
            (false, true) => self.project.clone(),
            (true, false) => format!("（未命名项目）（{}）", self.unit),
            (true, true) => "（未命名项目）".to_string(),
        }
    }
}

fn trim_in_place(s: &mut String) {
    let t = s.trim();
    if t.len() != s.len() {
        *s = t.to_string();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_hash_ignores_unit_fields() {
        let mut d = Definition {
            year: 2021,
            project: "p".into(),
            ..Default::default()
        };
        d.funds.total.budget = Some(Decimal::new(500, 0));
        let h = d.issued_hash();
        d.contact = "张三 123".into();
        d.funds.total.executed = Some(Decimal::new(400, 0));
        d.note = "无".into();
        assert_eq!(h, d.issued_hash());
        d.funds.total.budget = Some(Decimal::new(501, 0));
        assert_ne!(h, d.issued_hash());
        assert_eq!(h.len(), 64);
    }

    #[test]
    fn cells_pack_field_to_cell_pairs_and_find_them_by_field() {
        let map: BTreeMap<String, String> = [
            ("indicators[1].actual", "G14"),
            ("indicators[11].actual", "G24"),
            ("project", "C2"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let c = Cells::from(&map);
        assert_eq!(c.get("project"), Some("C2"));
        assert_eq!(c.get("indicators[11].actual"), Some("G24"));
        assert_eq!(c.get("indicators[2].actual"), None);
        assert_eq!(c.get("indicators[1]"), None);
        assert_eq!(c.iter().count(), 3);
        // Through JSON (the reader workers send it so), the same.
        let back: Cells = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        assert_eq!(back.get("indicators[1].actual"), Some("G14"));
        let from = Provenance {
            cells: c,
            sheet: Some("表".into()),
            ..Provenance::default()
        };
        assert_eq!(from.cell("project"), Some("C2"));
        assert!(from.is_workbook());
        assert_eq!(from.place(), " 工作表“表”");
    }

    #[test]
    fn each_field_has_its_party() {
        let unit = [
            "contact",
            "note",
            "funds.total.executed",
            "funds.city.rate",
            "goal.actual",
            "indicators[1].actual",
            "indicators[12].reason",
            "indicators[2].score",
        ];
        let office = [
            "year",
            "form",
            "project",
            "city_department",
            "local_department",
            "unit",
            "funds.total.budget",
            "funds.current_year.initial_budget",
            "funds.weight",
            "goal.target",
            "indicators",
            "indicators[4]",
            "indicators[4].level1",
            "indicators[4].level2",
            "indicators[4].name",
            "indicators[4].target",
            "indicators[4].weight",
        ];
        assert!(unit.iter().all(|p| party_of(p) == Party::Unit));
        assert!(office.iter().all(|p| party_of(p) == Party::Office));
    }

    #[test]
    fn trim_keeps_inner_newlines() {
        let mut d = Definition {
            note: "  第一行\n第二行 \n".into(),
            ..Default::default()
        };
        d.trim();
        assert_eq!(d.note, "第一行\n第二行");
    }
}
