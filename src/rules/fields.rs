//! The names a rule may use: every field of the form by its definition key and by its Chinese
//! label, and the values derived from them (执行率, whether an indicator is completed, counts of
//! indicators, 总分 …), each with its type and the scope it belongs to.
//!
//! A rule sees three kinds of names:
//!
//! - **form** names, everywhere: `project`/`项目名称`, `note`/`说明`, `funds.city.executed`,
//!   `总分`, `满意度指标数` …;
//! - **line** names, the values of one funding line: in a rule over each funds line, that line;
//!   elsewhere, 年度资金总额 (`全年预算数` is `funds.total.budget` in a form rule);
//! - **indicator** names, only in a rule over each indicator: `年度指标值`, `全年完成值`,
//!   `已完成` ….

use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{Definition, FUND_LINES, Indicator};
use crate::template::Template;
use crate::wording::{self as check, Status};

/// The type of a value, as the rules' type check knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// An amount, a rate, a score or a count: an exact decimal (blank when not filled in).
    Num,
    /// A text.
    Text,
    /// Yes or no.
    Bool,
}

impl Ty {
    /// The type in words, for messages.
    pub fn words(self) -> String {
        match self {
            Ty::Num => crate::t!("rules-type-num"),
            Ty::Text => crate::t!("rules-type-text"),
            Ty::Bool => crate::t!("rules-type-bool"),
        }
    }
}

/// Where a name can be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Form,
    Line,
    Indicator,
}

/// How a field's value is read from a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Get {
    Year,
    FormId,
    Project,
    Contact,
    CityDepartment,
    LocalDepartment,
    Unit,
    GoalTarget,
    GoalActual,
    Note,
    /// A value of a named funding line (`funds.city.executed`).
    Funds(&'static str, &'static str),
    /// A value of the current funding line.
    Line(&'static str),
    LineLabel,
    FundsWeight,
    FundsScore,
    WeightsTotal,
    TotalScore,
    IndicatorCount,
    /// How many indicators have this 一级 or 二级指标.
    CountOf(&'static str),
    Returned,
    Scored,
    Level1,
    Level2,
    Name,
    Target,
    Actual,
    Reason,
    Weight,
    Score,
    Row,
    Who,
    Completed,
    NotCompleted,
    HasReason,
}

/// One name a rule may use.
#[derive(Debug, Clone)]
pub struct Field {
    /// The definition key (`note`, `funds.total.rate`, `target`), or a Chinese name for derived
    /// values that have no key.
    pub key: String,
    /// The Chinese label (`说明`, `执行率`, `年度指标值`).
    pub label: String,
    pub ty: Ty,
    pub kind: Kind,
    pub get: Get,
    /// The field path a finding about this value points at, relative to its scope: `note`,
    /// `funds.{line}.rate`, `indicators[{i}].target`; `None` for derived values.
    pub path: Option<&'static str>,
    /// A rate: quoted as a percentage in messages.
    pub rate: bool,
}

impl Field {
    /// The name as it stands in an expression: the key, dots made underscores
    /// (`funds.total.rate` is written so in a rule, and read as `funds_total_rate`).
    pub fn ident(&self) -> String {
        self.key.replace('.', "_")
    }
}

/// Every field, and each name (key, label, alias) mapped to one of them.
pub struct Catalogue {
    pub fields: Vec<Field>,
    pub by_name: HashMap<String, usize>,
}

/// The catalogue of names.
pub fn catalogue() -> &'static Catalogue {
    static C: OnceLock<Catalogue> = OnceLock::new();
    C.get_or_init(build)
}

/// The field a name (key, label or alias; dotted or with underscores) stands for.
pub fn lookup(name: &str) -> Option<&'static Field> {
    let c = catalogue();
    c.by_name.get(name).map(|&i| &c.fields[i])
}

/// Every name, for suggestions.
pub fn names() -> impl Iterator<Item = &'static str> {
    catalogue().by_name.keys().map(String::as_str)
}

fn build() -> Catalogue {
    let mut fields: Vec<(Field, Vec<&str>)> = Vec::new();
    let mut add = |key: &str,
                   label: &str,
                   aliases: &[&'static str],
                   ty: Ty,
                   kind: Kind,
                   get: Get,
                   path: Option<&'static str>| {
        fields.push((
            Field {
                key: key.to_string(),
                label: label.to_string(),
                ty,
                kind,
                get,
                path,
                rate: matches!(get, Get::Line("rate") | Get::Funds(_, "rate")),
            },
            aliases.to_vec(),
        ));
    };
    use Get as G;
    use Kind::{Form as F, Indicator as I, Line as L};
    use Ty::{Bool as B, Num as N, Text as T};
    add("year", "年度", &[], N, F, G::Year, Some("year"));
    add("form", "表样", &[], T, F, G::FormId, Some("form"));
    add(
        "project",
        "项目名称",
        &["项目资金名称"],
        T,
        F,
        G::Project,
        Some("project"),
    );
    add(
        "contact",
        "负责人及电话",
        &[],
        T,
        F,
        G::Contact,
        Some("contact"),
    );
    add(
        "city_department",
        "市级主管部门",
        &["主管部门"],
        T,
        F,
        G::CityDepartment,
        Some("city_department"),
    );
    add(
        "local_department",
        "地方主管部门",
        &[],
        T,
        F,
        G::LocalDepartment,
        Some("local_department"),
    );
    add("unit", "实施单位", &[], T, F, G::Unit, Some("unit"));
    add(
        "goal.target",
        "年初设定目标",
        &["预期目标"],
        T,
        F,
        G::GoalTarget,
        Some("goal.target"),
    );
    add(
        "goal.actual",
        "全年实际完成情况",
        &["实际完成情况"],
        T,
        F,
        G::GoalActual,
        Some("goal.actual"),
    );
    add("note", "说明", &[], T, F, G::Note, Some("note"));
    for line in FUND_LINES {
        for (value, path) in [
            ("initial_budget", "funds.{line}.initial_budget"),
            ("budget", "funds.{line}.budget"),
            ("executed", "funds.{line}.executed"),
            ("rate", "funds.{line}.rate"),
        ] {
            let key = format!("funds.{line}.{value}");
            let label = format!(
                "{}{}",
                crate::model::fund_line_label(line),
                value_label(value)
            );
            let _ = path;
            add(&key, &label, &[], N, F, G::Funds(line, value), None);
        }
    }
    add(
        "funds.weight",
        "预算执行分值",
        &[],
        N,
        F,
        G::FundsWeight,
        Some("funds.weight"),
    );
    add(
        "funds.score",
        "预算执行得分",
        &[],
        N,
        F,
        G::FundsScore,
        Some("funds.total.rate"),
    );
    add(
        "weights_total",
        "分值合计",
        &[],
        N,
        F,
        G::WeightsTotal,
        Some("indicators"),
    );
    add(
        "total_score",
        "总分",
        &[],
        N,
        F,
        G::TotalScore,
        Some("indicators"),
    );
    add(
        "indicator_count",
        "指标数",
        &[],
        N,
        F,
        G::IndicatorCount,
        Some("indicators"),
    );
    for (l1, l2s) in check::VOCABULARY {
        add(
            &format!("{l1}数"),
            &format!("{l1}数"),
            &[],
            N,
            F,
            G::CountOf(l1),
            Some("indicators"),
        );
        for l2 in l2s.iter().copied() {
            add(
                &format!("{l2}数"),
                &format!("{l2}数"),
                &[],
                N,
                F,
                G::CountOf(l2),
                Some("indicators"),
            );
        }
    }
    add("returned", "已回填", &[], B, F, G::Returned, None);
    add("scored", "计分表", &[], B, F, G::Scored, None);
    // The values of a funding line: the current line in a rule over each line, 年度资金总额 elsewhere.
    add("line", "资金名称", &[], T, L, G::LineLabel, None);
    add(
        "initial_budget",
        "年初预算数",
        &[],
        N,
        L,
        G::Line("initial_budget"),
        Some("funds.{line}.initial_budget"),
    );
    add(
        "budget",
        "全年预算数",
        &["预算数"],
        N,
        L,
        G::Line("budget"),
        Some("funds.{line}.budget"),
    );
    add(
        "executed",
        "全年执行数",
        &["执行数"],
        N,
        L,
        G::Line("executed"),
        Some("funds.{line}.executed"),
    );
    add(
        "rate",
        "执行率",
        &["预算执行率"],
        N,
        L,
        G::Line("rate"),
        Some("funds.{line}.rate"),
    );
    // One indicator.
    add(
        "level1",
        "一级指标",
        &[],
        T,
        I,
        G::Level1,
        Some("indicators[{i}].level1"),
    );
    add(
        "level2",
        "二级指标",
        &[],
        T,
        I,
        G::Level2,
        Some("indicators[{i}].level2"),
    );
    add(
        "name",
        "三级指标",
        &[],
        T,
        I,
        G::Name,
        Some("indicators[{i}].name"),
    );
    add(
        "target",
        "年度指标值",
        &["指标值"],
        T,
        I,
        G::Target,
        Some("indicators[{i}].target"),
    );
    add(
        "actual",
        "全年完成值",
        &["实际完成值", "完成值"],
        T,
        I,
        G::Actual,
        Some("indicators[{i}].actual"),
    );
    add(
        "reason",
        "未完成原因和改进措施",
        &["偏差原因分析及改进措施", "未完成原因", "偏差原因"],
        T,
        I,
        G::Reason,
        Some("indicators[{i}].reason"),
    );
    add(
        "weight",
        "分值",
        &[],
        N,
        I,
        G::Weight,
        Some("indicators[{i}].weight"),
    );
    add(
        "score",
        "得分",
        &[],
        N,
        I,
        G::Score,
        Some("indicators[{i}].score"),
    );
    add("row", "序号", &[], N, I, G::Row, None);
    add("who", "指标", &[], T, I, G::Who, None);
    add(
        "completed",
        "已完成",
        &[],
        B,
        I,
        G::Completed,
        Some("indicators[{i}].actual"),
    );
    add(
        "not_completed",
        "未完成",
        &[],
        B,
        I,
        G::NotCompleted,
        Some("indicators[{i}].actual"),
    );
    add(
        "has_reason",
        "有原因",
        &[],
        B,
        I,
        G::HasReason,
        Some("indicators[{i}].reason"),
    );

    let mut by_name = HashMap::new();
    let mut out = Vec::new();
    for (i, (f, aliases)) in fields.into_iter().enumerate() {
        by_name.insert(f.key.clone(), i);
        by_name.insert(f.ident(), i);
        by_name.insert(f.label.clone(), i);
        for a in aliases {
            by_name.insert(a.to_string(), i);
        }
        out.push(f);
    }
    Catalogue {
        fields: out,
        by_name,
    }
}

fn value_label(value: &str) -> &'static str {
    match value {
        "initial_budget" => "年初预算数",
        "budget" => "全年预算数",
        "executed" => "全年执行数",
        _ => "执行率",
    }
}

/// A value of a field on one form.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Num(Option<Decimal>),
    Text(String),
    Bool(bool),
}

/// What a rule is evaluated on: one form, and where in it (a funding line, an indicator).
pub struct Ctx<'a> {
    pub def: &'a Definition,
    pub t: &'a Template,
    /// The funding line the line names read (`total` outside a rule over each line).
    pub line: &'static str,
    /// The indicator (0-based) of a rule over each indicator.
    pub indicator: Option<usize>,
    /// 预算执行 分值 and each indicator's 分值, as the form shows them.
    pub weights: &'a (Decimal, Vec<Decimal>),
    pub returned: bool,
}

impl Ctx<'_> {
    fn ind(&self) -> Option<&Indicator> {
        self.indicator.and_then(|i| self.def.indicators.get(i))
    }

    /// The path of a field in this context: `funds.city.rate`, `indicators[3].target`.
    pub fn path(&self, f: &Field) -> Option<String> {
        let p = f.path?;
        if let Get::Funds(line, value) = f.get {
            return Some(crate::field::funds(line, value));
        }
        let p = p.replace("{line}", self.line);
        Some(match self.indicator {
            Some(i) => p.replace("{i}", &(i + 1).to_string()),
            None if p.contains("{i}") => return None,
            None => p,
        })
    }

    /// The value of a field here.
    pub fn value(&self, f: &Field) -> Value {
        let d = self.def;
        let text = |s: &str| Value::Text(s.trim().to_string());
        let ind_text = |g: fn(&Indicator) -> &str| {
            Value::Text(
                self.ind()
                    .map(|i| g(i).trim().to_string())
                    .unwrap_or_default(),
            )
        };
        let line = |key: &str, value: &str| -> Value {
            let l = d.funds.line(key);
            Value::Num(l.and_then(|l| match value {
                "initial_budget" => l.initial_budget,
                "budget" => l.budget,
                "executed" => l.executed,
                _ => l.rate(),
            }))
        };
        match f.get {
            Get::Year => Value::Num(Some(Decimal::from(d.year))),
            Get::FormId => text(&d.form),
            Get::Project => text(&d.project),
            Get::Contact => text(&d.contact),
            Get::CityDepartment => text(&d.city_department),
            Get::LocalDepartment => text(&d.local_department),
            Get::Unit => text(&d.unit),
            Get::GoalTarget => text(&d.goal.target),
            Get::GoalActual => text(&d.goal.actual),
            Get::Note => text(&d.note),
            Get::Funds(key, value) => line(key, value),
            Get::Line(value) => line(self.line, value),
            Get::LineLabel => {
                let l = crate::model::fund_line_label(self.line);
                Value::Text(l.strip_prefix("其中：").unwrap_or(l).to_string())
            }
            Get::FundsWeight => Value::Num(self.t.scored().then_some(self.weights.0)),
            Get::FundsScore => Value::Num(self.funds_score()),
            Get::WeightsTotal => Value::Num(Some(
                self.weights.1.iter().copied().sum::<Decimal>() + self.weights.0,
            )),
            Get::TotalScore => Value::Num(self.total_score()),
            Get::IndicatorCount => Value::Num(Some(Decimal::from(
                d.indicators.iter().filter(|i| !i.is_empty()).count(),
            ))),
            Get::CountOf(label) => Value::Num(Some(Decimal::from(
                d.indicators
                    .iter()
                    .filter(|i| i.level1.trim() == label || i.level2.trim() == label)
                    .count(),
            ))),
            Get::Returned => Value::Bool(self.returned),
            Get::Scored => Value::Bool(self.t.scored()),
            Get::Level1 => ind_text(|i| &i.level1),
            Get::Level2 => ind_text(|i| &i.level2),
            Get::Name => ind_text(|i| &i.name),
            Get::Target => ind_text(|i| &i.target),
            Get::Actual => ind_text(|i| &i.actual),
            Get::Reason => ind_text(|i| &i.reason),
            Get::Weight => Value::Num(
                self.indicator
                    .and_then(|i| self.weights.1.get(i).copied())
                    .filter(|_| self.t.scored())
                    .or_else(|| self.ind().and_then(|i| i.weight)),
            ),
            Get::Score => Value::Num(self.ind().and_then(|i| i.score)),
            Get::Row => Value::Num(self.indicator.map(|i| Decimal::from(i + 1))),
            Get::Who => Value::Text(match (self.indicator, self.ind()) {
                (Some(i), Some(ind)) if ind.name.trim().is_empty() => {
                    crate::t!("check-who-row", n = (i + 1) as i64)
                }
                (_, Some(ind)) => {
                    crate::t!("check-who-named", name = check::excerpt(ind.name.trim()))
                }
                _ => String::new(),
            }),
            Get::Completed => Value::Bool(
                self.ind()
                    .is_some_and(|i| check::status(&i.actual) == Status::Completed),
            ),
            Get::NotCompleted => Value::Bool(
                self.ind()
                    .is_some_and(|i| check::status(&i.actual) == Status::NotCompleted),
            ),
            Get::HasReason => {
                Value::Bool(self.ind().is_some_and(|i| check::gives_reason(&i.reason)))
            }
        }
    }

    /// 预算执行 得分: MIN(B/A, 1) × 分值, to 2 decimals, as the national form computes it.
    fn funds_score(&self) -> Option<Decimal> {
        if !self.t.scored() {
            return None;
        }
        let rate = self.def.funds.total.rate()?;
        Some(crate::amount::round(
            rate.min(Decimal::ONE) * self.weights.0,
            2,
        ))
    }

    /// 总分: 预算执行 得分 and every indicator's 得分; blank until one is scored.
    fn total_score(&self) -> Option<Decimal> {
        let scores: Vec<Decimal> = self.def.indicators.iter().filter_map(|i| i.score).collect();
        let funds = self.funds_score();
        if scores.is_empty() && funds.is_none() {
            return None;
        }
        Some(scores.iter().copied().sum::<Decimal>() + funds.unwrap_or_default())
    }
}
