//! The drawn form as data: which cell holds what, merged over which range, in which role.
//!
//! [`lay_out`] turns a [`Template`] and a [`Definition`] into a [`SheetLayout`]; the generator
//! only has to paint it, and tests can check positions without an .xlsx in between.

use rust_decimal::Decimal;

use crate::amount;
use crate::model::{Amounts, Definition, Indicator};
use crate::template::{Block, Column, FieldCell, FundLine, Place, Template, a1};

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Blank,
    Text(String),
    Number(Decimal),
    /// A formula (without the leading `=`) and its result, written as the cached value so that
    /// readers which do not recalculate show it (`None`: blank).
    Formula {
        formula: String,
        cached: Option<Cached>,
    },
}

/// The cached result of a formula.
#[derive(Debug, Clone, PartialEq)]
pub enum Cached {
    Number(Decimal),
    Text(String),
}

/// How a cell is drawn and whether the unit may edit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    /// A line under the title, such as （2021年度）.
    Subtitle,
    /// A fixed label or column header.
    Label,
    /// A value the issuing office decides (locked).
    Value,
    /// A text the unit fills in (unlocked).
    Input,
    /// An amount the issuing office decides (locked).
    Amount,
    /// An amount the unit fills in (unlocked).
    AmountInput,
    /// The 执行率 formula (a percentage).
    Rate,
    /// A computed score: 预算执行 得分, 总分 (locked).
    Score,
}

impl Role {
    pub fn is_input(self) -> bool {
        matches!(self, Role::Input | Role::AmountInput)
    }
}

/// One cell or merged range of the form.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    pub row: u32,
    pub col: u16,
    pub last_row: u32,
    pub last_col: u16,
    pub content: Content,
    pub role: Role,
    /// The definition field shown here, as a [`crate::field`] path (`project`,
    /// `funds.total.budget`, `indicators[2].actual` — indicators counted from 1), `None` for
    /// labels. An indicator value merged down a run of equal values names the run's first
    /// indicator; [`SheetLayout::cell_of`] finds the cell of any.
    pub field: Option<String>,
}

impl Placed {
    pub fn is_merged(&self) -> bool {
        self.row != self.last_row || self.col != self.last_col
    }
}

/// A whole sheet.
#[derive(Debug, Clone)]
pub struct SheetLayout {
    pub widths: Vec<f64>,
    pub row_heights: Vec<f64>,
    pub cells: Vec<Placed>,
    /// The 绩效指标 header row, repeated on every printed page.
    pub indicator_header: Option<u32>,
    /// Rows of the indicator table (first, count).
    pub indicator_rows: (u32, u32),
}

/// The input message and error of the data validation on amount cells.
pub const AMOUNT_ERROR_TITLE: &str = "金额有误";
pub const AMOUNT_ERROR: &str = "请输入不小于 0 的数字，单位为万元，例如 273.89。";
pub const AMOUNT_PROMPT_TITLE: &str = "金额（万元）";
pub const AMOUNT_PROMPT: &str = "请输入数字，单位为万元。";
/// The printed page footer.
pub const FOOTER: &str = "&C第 &P 页，共 &N 页";

/// Excel's limit on the text of one cell, in UTF-16 units.
pub const CELL_TEXT_MAX: usize = 32_767;

impl SheetLayout {
    /// The first cell whose text is longer than [`CELL_TEXT_MAX`], with its length.
    pub fn overlong(&self) -> Option<(&Placed, usize)> {
        self.cells.iter().find_map(|p| match &p.content {
            // A text of n bytes has at most n UTF-16 units.
            Content::Text(s) if s.len() > CELL_TEXT_MAX => {
                let units = s.encode_utf16().count();
                (units > CELL_TEXT_MAX).then_some((p, units))
            }
            _ => None,
        })
    }

    pub fn rows(&self) -> u32 {
        self.row_heights.len() as u32
    }

    /// The cell (or merged range) that shows the field at `path` (a [`crate::field`] path):
    /// for an indicator value merged down a run, the run that covers the indicator's row; for
    /// a whole indicator row, its 三级指标 (name); for the table as a whole, its label. `None`
    /// for a field the form does not show (`year` without a subtitle, `form`).
    ///
    /// This is the one mapping from fields to cells of the official layout: the generator
    /// draws from it and feedback marks findings through it.
    pub fn cell_of(&self, path: &str) -> Option<&Placed> {
        if let Some(p) = self.cells.iter().find(|p| p.field.as_deref() == Some(path)) {
            return Some(p);
        }
        if path == "indicators" {
            let row = self.indicator_rows.0;
            return self
                .cells
                .iter()
                .find(|p| p.role == Role::Label && p.col == 0 && p.row < row && row <= p.last_row);
        }
        let (i, value) = crate::field::indicator_of(path)?;
        if i >= self.indicator_rows.1 as usize {
            return None;
        }
        let value = if value.is_empty() { "name" } else { value };
        let row = self.indicator_rows.0 + i as u32;
        let suffix = format!("].{value}");
        self.cells.iter().find(|p| {
            p.row <= row
                && row <= p.last_row
                && p.field
                    .as_deref()
                    .is_some_and(|f| f.starts_with("indicators[") && f.ends_with(&suffix))
        })
    }

    /// The cell whose range covers (row, col).
    pub fn at(&self, row: u32, col: u16) -> Option<&Placed> {
        self.cells
            .iter()
            .find(|p| p.row <= row && row <= p.last_row && p.col <= col && col <= p.last_col)
    }
}

/// Lay out one definition. With `blank`, the unit's fields are left empty (说明 holds its
/// instruction).
pub fn lay_out(t: &Template, def: &Definition, blank: bool) -> SheetLayout {
    let issued;
    let def = if blank {
        issued = def.issued();
        &issued
    } else {
        def
    };
    let mut b = Builder::new(t, def);
    b.title();
    for block in &t.blocks {
        match block {
            Block::Fields { cells } => b.fields(cells),
            Block::Funds {
                label,
                line_label,
                columns,
                lines,
            } => b.funds(label, line_label, columns, lines),
            Block::Goal { label, columns } => b.goal(label, columns),
            Block::Indicators { label, columns } => b.indicators(label, columns),
            Block::Total {
                label,
                weight,
                score,
                grade,
            } => b.total(label, weight, score, grade),
        }
    }
    b.finish()
}

/// A sheet being laid out, band by band from the top: one method per kind of [`Block`], each
/// adding its rows below the ones before.
struct Builder<'a> {
    t: &'a Template,
    def: &'a Definition,
    /// The effective 分值 of budget execution and of each indicator ([`effective_weights`]).
    funds_weight: Decimal,
    weights: Vec<Decimal>,
    cells: Vec<Placed>,
    heights: Vec<f64>,
    indicator_header: Option<u32>,
    indicator_rows: (u32, u32),
    /// The 预算执行 得分 cell, the indicators' 得分 cells and all 分值 cells: what 总分 sums.
    funds_score: Option<String>,
    score_parts: Vec<String>,
    weight_parts: Vec<String>,
}

impl<'a> Builder<'a> {
    /// A sheet of no rows yet for `def` on template `t`.
    fn new(t: &'a Template, def: &'a Definition) -> Self {
        let (funds_weight, weights) = effective_weights(t, def);
        Builder {
            t,
            def,
            funds_weight,
            weights,
            cells: Vec::new(),
            heights: Vec::new(),
            indicator_header: None,
            indicator_rows: (0, 0),
            funds_score: None,
            score_parts: Vec::new(),
            weight_parts: Vec::new(),
        }
    }

    /// Add `n` rows of the minimum height below the sheet; returns the first one's index.
    fn add_rows(&mut self, n: u32) -> u32 {
        let first = self.heights.len() as u32;
        for _ in 0..n {
            self.heights.push(self.t.min_row_height);
        }
        first
    }

    /// The title over every column, and the subtitle with the year under it.
    fn title(&mut self) {
        let (t, w) = (self.t, self.t.width());
        self.heights.push(t.title_row_height);
        self.put(
            0,
            0,
            0,
            w - 1,
            Content::Text(t.title.clone()),
            Role::Title,
            None,
        );
        if let Some(sub) = &t.subtitle {
            let row = self.add_rows(1);
            let text = sub.replace("{year}", &self.def.year.to_string());
            self.put(
                row,
                0,
                row,
                w - 1,
                Content::Text(text),
                Role::Subtitle,
                Some("year".into()),
            );
        }
    }

    /// A `fields` row: fixed labels and single values.
    fn fields(&mut self, cells: &[FieldCell]) {
        let row = self.add_rows(1);
        for c in cells {
            let last = c.col + c.span - 1;
            match (&c.label, &c.field) {
                (Some(label), _) => self.label(row, c.col, row, last, label),
                (None, Some(field)) => {
                    let (text, role) = field_text(self.t, self.def, field);
                    self.text(row, c.col, row, last, text, role, field.clone());
                }
                (None, None) => {}
            }
        }
    }

    /// 项目资金: the label down the left, a header row, then one row per funding line.
    fn funds(&mut self, label: &Place, line_label: &Place, columns: &[Column], lines: &[FundLine]) {
        let n = lines.len() as u32;
        let row = self.add_rows(n + 1);
        self.label(
            row,
            label.col,
            row + n,
            label.col + label.span - 1,
            label.text.as_deref().unwrap_or(""),
        );
        self.put(
            row,
            line_label.col,
            row,
            line_label.col + line_label.span - 1,
            Content::Blank,
            Role::Label,
            None,
        );
        for c in columns {
            self.label(row, c.col, row, c.col + c.span - 1, &c.header);
        }
        for (i, line) in lines.iter().enumerate() {
            let r = row + 1 + i as u32;
            self.label(
                r,
                line_label.col,
                r,
                line_label.col + line_label.span - 1,
                &line.label,
            );
            let amounts = self.def.funds.line(&line.key).cloned().unwrap_or_default();
            for c in columns {
                self.fund_cell(r, c, columns, &line.key, &amounts);
            }
        }
    }

    /// The cell of funding line `key` (on row `r`) in column `c`: an amount, a dash where the
    /// column does not apply to the line (分值 and 得分 belong to the total), or a formula.
    fn fund_cell(&mut self, r: u32, c: &Column, columns: &[Column], key: &str, amounts: &Amounts) {
        let last = c.col + c.span - 1;
        let field = format!("funds.{}.{}", key, c.value);
        let total_line = key == "total";
        match c.value.as_str() {
            "budget" => self.amount(r, c.col, last, amounts.budget, Role::Amount, field),
            "initial_budget" => {
                self.amount(r, c.col, last, amounts.initial_budget, Role::Amount, field);
            }
            "executed" => self.amount(r, c.col, last, amounts.executed, Role::AmountInput, field),
            "weight" if total_line => {
                self.weight_parts.push(a1(r, c.col));
                let w = Some(self.funds_weight);
                self.amount(r, c.col, last, w, Role::Amount, field);
            }
            "score" if !total_line => self.label(r, c.col, r, last, "—"),
            "weight" => self.label(r, c.col, r, last, "—"),
            "rate" | "score" => self.fund_formula(r, c, columns, field, amounts),
            _ => {}
        }
    }

    /// The 执行率 (`rate`) or 预算执行 得分 (`score`) formula of the funding line on row `r`,
    /// over its budget and executed cells, with its result; nothing when the variant lacks a
    /// column the formula needs.
    fn fund_formula(
        &mut self,
        r: u32,
        c: &Column,
        columns: &[Column],
        field: String,
        amounts: &Amounts,
    ) {
        let col_of = |v: &str| columns.iter().find(|c| c.value == v).map(|c| c.col);
        let (Some(bc), Some(ec)) = (col_of("budget"), col_of("executed")) else {
            return;
        };
        let (a, e) = (a1(r, bc), a1(r, ec));
        let rate = amounts.rate();
        let (formula, cached, role) = if c.value == "rate" {
            (rate_formula(&a, &e, None), rate, Role::Rate)
        } else {
            let Some(wc) = col_of("weight") else { return };
            let w = a1(r, wc);
            self.funds_score = Some(a1(r, c.col));
            (
                rate_formula(&a, &e, Some(&w)),
                rate.map(|x| self.execution_score(x)),
                Role::Score,
            )
        };
        self.put(
            r,
            c.col,
            r,
            c.col + c.span - 1,
            Content::Formula {
                formula,
                cached: cached.map(Cached::Number),
            },
            role,
            Some(field),
        );
    }

    /// The 预算执行 得分 of a 执行率: MIN(rate, 1) × its 分值, to 2 decimals.
    fn execution_score(&self, rate: Decimal) -> Decimal {
        amount::round(rate.min(Decimal::ONE) * self.funds_weight, 2)
    }

    /// 年度总体目标: the label down two rows, a header row and a value row.
    fn goal(&mut self, label: &Place, columns: &[Column]) {
        let row = self.add_rows(2);
        self.label(
            row,
            label.col,
            row + 1,
            label.col + label.span - 1,
            label.text.as_deref().unwrap_or(""),
        );
        for c in columns {
            let last = c.col + c.span - 1;
            self.label(row, c.col, row, last, &c.header);
            let (text, role) = match c.value.as_str() {
                "target" => (self.def.goal.target.clone(), Role::Value),
                _ => (self.def.goal.actual.clone(), Role::Input),
            };
            self.text(
                row + 1,
                c.col,
                row + 1,
                last,
                text,
                role,
                format!("goal.{}", c.value),
            );
        }
    }

    /// 绩效指标: the label down the header and every indicator row, the header, and each
    /// column of the table.
    fn indicators(&mut self, label: &Place, columns: &[Column]) {
        let n = self.def.indicators.len() as u32;
        let row = self.add_rows(n + 1);
        self.indicator_header = Some(row);
        self.indicator_rows = (row + 1, n);
        self.label(
            row,
            label.col,
            row + n,
            label.col + label.span - 1,
            label.text.as_deref().unwrap_or(""),
        );
        for c in columns {
            self.label(row, c.col, row, c.col + c.span - 1, &c.header);
            self.indicator_column(row + 1, c);
        }
    }

    /// 总分: the label, the sum of the 分值, the sum of the 得分 and the grade. Comes after the
    /// blocks whose cells it sums.
    fn total(&mut self, label: &Place, weight: &Place, score: &Place, grade: &Place) {
        let row = self.add_rows(1);
        self.label(
            row,
            label.col,
            row,
            label.col + label.span - 1,
            label.text.as_deref().unwrap_or(""),
        );
        self.total_weight(row, weight);
        let total_score = self.total_score();
        self.total_score_cell(row, score, total_score);
        self.grade_cell(row, grade, &a1(row, score.col), total_score);
    }

    /// The sum of every 分值 on the form.
    fn total_weight(&mut self, row: u32, weight: &Place) {
        let total_weight = self
            .weights
            .iter()
            .fold(self.funds_weight, |acc, w| acc + *w);
        let weight_cells: Vec<String> = self
            .weight_parts
            .first()
            .cloned()
            .into_iter()
            .chain(as_range(self.weight_parts.get(1..).unwrap_or_default()))
            .collect();
        self.put(
            row,
            weight.col,
            row,
            weight.col + weight.span - 1,
            Content::Formula {
                formula: sum_formula(&weight_cells),
                cached: Some(Cached::Number(total_weight)),
            },
            Role::Score,
            Some("total.weight".into()),
        );
    }

    /// The 总分 as the form computes it: blank until the unit has scored an indicator.
    fn total_score(&self) -> Option<Decimal> {
        let def = self.def;
        let indicator_scores: Vec<Decimal> =
            def.indicators.iter().filter_map(|i| i.score).collect();
        (!indicator_scores.is_empty()).then(|| {
            let funds_score = def
                .funds
                .total
                .rate()
                .map(|x| self.execution_score(x))
                .unwrap_or_default();
            indicator_scores.iter().copied().sum::<Decimal>() + funds_score
        })
    }

    /// The 总分 cell: the sum of the 预算执行 and indicator 得分, blank while no indicator is
    /// scored.
    fn total_score_cell(&mut self, row: u32, score: &Place, total_score: Option<Decimal>) {
        let score_range = as_range(&self.score_parts);
        let all: Vec<String> = self
            .funds_score
            .iter()
            .cloned()
            .chain(score_range.iter().cloned())
            .collect();
        let parts = sum_formula(&all);
        let counted = if score_range.is_empty() {
            "0".to_string()
        } else {
            format!("COUNT({})", score_range.join(","))
        };
        self.put(
            row,
            score.col,
            row,
            score.col + score.span - 1,
            Content::Formula {
                formula: format!("IF({counted}=0,\"\",{parts})"),
                cached: total_score.map(Cached::Number),
            },
            Role::Score,
            Some("total.score".into()),
        );
    }

    /// The grade of the 总分 in `score_cell` ([`grade_of`] as a formula).
    fn grade_cell(
        &mut self,
        row: u32,
        grade: &Place,
        score_cell: &str,
        total_score: Option<Decimal>,
    ) {
        self.put(
            row,
            grade.col,
            row,
            grade.col + grade.span - 1,
            Content::Formula {
                formula: format!(
                    "IF({score_cell}=\"\",\"\",IF({score_cell}>=90,\"优\",IF({score_cell}>=80,\"良\",IF({score_cell}>=60,\"中\",\"差\"))))"
                ),
                cached: total_score.map(|v| Cached::Text(grade_of(v).to_string())),
            },
            Role::Value,
            Some("total.grade".into()),
        );
    }

    /// The finished sheet, its rows made tall enough for their texts.
    fn finish(self) -> SheetLayout {
        let mut layout = SheetLayout {
            widths: self.t.widths.clone(),
            row_heights: self.heights,
            cells: self.cells,
            indicator_header: self.indicator_header,
            indicator_rows: self.indicator_rows,
        };
        fit_heights(self.t, &mut layout);
        layout
    }
}

/// A SUM over cells or ranges, or `0` over none.
fn sum_formula(parts: &[String]) -> String {
    if parts.is_empty() {
        "0".to_string()
    } else {
        format!("SUM({})", parts.join(","))
    }
}

/// Cells of one column named as a range, `D13:D20` (SUM takes at most 255 arguments).
fn as_range(cells: &[String]) -> Vec<String> {
    match cells {
        [] => vec![],
        [one] => vec![one.clone()],
        [first, .., last] => vec![format!("{first}:{last}")],
    }
}

/// The text and role of a `fields` cell.
fn field_text(t: &Template, def: &Definition, field: &str) -> (String, Role) {
    match field {
        "project" => (def.project.clone(), Role::Value),
        "city_department" => (def.city_department.clone(), Role::Value),
        "local_department" => (def.local_department.clone(), Role::Value),
        "unit" => (def.unit.clone(), Role::Value),
        "contact" => (def.contact.clone(), Role::Input),
        "note" if def.note.is_empty() => (t.note_instruction.clone(), Role::Input),
        "note" => (def.note.clone(), Role::Input),
        _ => (String::new(), Role::Value),
    }
}

/// The value of an indicator column.
fn indicator_value<'a>(ind: &'a Indicator, value: &str) -> (&'a str, Role) {
    // weight and score are numbers, painted by `indicator_column`.
    match value {
        "level1" => (&ind.level1, Role::Value),
        "level2" => (&ind.level2, Role::Value),
        "name" => (&ind.name, Role::Value),
        "target" => (&ind.target, Role::Value),
        "actual" => (&ind.actual, Role::Input),
        _ => (&ind.reason, Role::Input),
    }
}

/// Placing cells.
impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn put(
        &mut self,
        row: u32,
        col: u16,
        last_row: u32,
        last_col: u16,
        content: Content,
        role: Role,
        field: Option<String>,
    ) {
        self.cells.push(Placed {
            row,
            col,
            last_row,
            last_col,
            content,
            role,
            field,
        });
    }

    fn label(&mut self, row: u32, col: u16, last_row: u32, last_col: u16, text: &str) {
        let content = if text.is_empty() {
            Content::Blank
        } else {
            Content::Text(text.to_string())
        };
        self.put(row, col, last_row, last_col, content, Role::Label, None);
    }

    #[allow(clippy::too_many_arguments)]
    fn text(
        &mut self,
        row: u32,
        col: u16,
        last_row: u32,
        last_col: u16,
        text: String,
        role: Role,
        field: String,
    ) {
        let content = if text.is_empty() {
            Content::Blank
        } else {
            Content::Text(text)
        };
        self.put(row, col, last_row, last_col, content, role, Some(field));
    }

    fn amount(
        &mut self,
        row: u32,
        col: u16,
        last_col: u16,
        v: Option<Decimal>,
        role: Role,
        field: String,
    ) {
        let content = v.map_or(Content::Blank, Content::Number);
        self.put(row, col, row, last_col, content, role, Some(field));
    }

    /// One column of the indicator table; with `runs`, equal consecutive values (within the
    /// run of the columns to their left) are merged. 分值 shows the effective weights.
    fn indicator_column(&mut self, first_row: u32, c: &Column) {
        let inds = &self.def.indicators;
        let last_col = c.col + c.span - 1;
        if c.value == "weight" || c.value == "score" {
            for (i, ind) in inds.iter().enumerate() {
                let r = first_row + i as u32;
                let field = crate::field::indicator(i, &c.value);
                if c.value == "weight" {
                    self.weight_parts.push(a1(r, c.col));
                    let w = self.weights.get(i).copied();
                    self.amount(r, c.col, last_col, w, Role::Amount, field);
                } else {
                    self.score_parts.push(a1(r, c.col));
                    self.amount(r, c.col, last_col, ind.score, Role::AmountInput, field);
                }
            }
            return;
        }
        let mut i = 0;
        while i < inds.len() {
            let (text, role) = indicator_value(&inds[i], &c.value);
            let mut j = i + 1;
            if c.runs && !text.is_empty() {
                while j < inds.len()
                    && indicator_value(&inds[j], &c.value).0 == text
                    && same_run_prefix(&inds[i], &inds[j], &c.value)
                {
                    j += 1;
                }
            }
            self.text(
                first_row + i as u32,
                c.col,
                first_row + j as u32 - 1,
                last_col,
                text.to_string(),
                role,
                crate::field::indicator(i, &c.value),
            );
            i = j;
        }
    }
}

/// The grade of a 总分: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below.
pub fn grade_of(score: Decimal) -> &'static str {
    if score >= Decimal::from(90) {
        "优"
    } else if score >= Decimal::from(80) {
        "良"
    } else if score >= Decimal::from(60) {
        "中"
    } else {
        "差"
    }
}

/// The 分值 of budget execution and of each indicator on a scored variant: what the
/// definition gives, else the variant's share for the indicator's 一级指标 spread evenly over
/// the indicators of that 一级指标 without a weight of their own (to 2 decimals, the last one
/// taking the remainder so the shares add up exactly). Indicators under a 一级指标 the variant
/// does not score get 0. Unscored variants give zeros.
pub fn effective_weights(t: &Template, def: &Definition) -> (Decimal, Vec<Decimal>) {
    if !t.scored() {
        return (Decimal::ZERO, vec![Decimal::ZERO; def.indicators.len()]);
    }
    let funds = def.funds.weight.unwrap_or(Decimal::TEN);
    let mut out: Vec<Decimal> = def
        .indicators
        .iter()
        .map(|i| i.weight.unwrap_or(Decimal::ZERO))
        .collect();
    for share in &t.weights {
        let members: Vec<usize> = def
            .indicators
            .iter()
            .enumerate()
            .filter(|(_, i)| i.level1 == share.level1)
            .map(|(k, _)| k)
            .collect();
        let explicit: Decimal = members
            .iter()
            .filter_map(|&k| def.indicators[k].weight)
            .sum();
        let open: Vec<usize> = members
            .into_iter()
            .filter(|&k| def.indicators[k].weight.is_none())
            .collect();
        if open.is_empty() {
            continue;
        }
        let remaining = (share.weight - explicit).max(Decimal::ZERO);
        let each = amount::round(remaining / Decimal::from(open.len()), 2);
        let mut given = Decimal::ZERO;
        for (n, &k) in open.iter().enumerate() {
            let w = if n + 1 == open.len() {
                remaining - given
            } else {
                each
            };
            out[k] = w;
            given += w;
        }
    }
    (funds, out)
}

/// 二级 runs stay inside their 一级 run.
fn same_run_prefix(a: &Indicator, b: &Indicator, value: &str) -> bool {
    match value {
        "level2" => a.level1 == b.level1,
        _ => true,
    }
}

/// Display width of text in Excel character units: a CJK or full-width character takes about
/// two, anything else about one.
pub fn text_units(s: &str) -> f64 {
    s.chars().map(char_units).sum()
}

fn char_units(c: char) -> f64 {
    if is_wide(c) { 1.85 } else { 1.0 }
}

/// Whether a character is drawn double width: East Asian wide and full-width characters
/// (CJK, full-width forms, emoji), as unicode-width tells them.
pub fn is_wide(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// 执行率 B/A as a formula over the A and B cells (no leading `=`): blank while A is blank or
/// zero or B is blank; with `weight`, the budget-execution score MIN(B/A, 1) × 分值.
pub fn rate_formula(a: &str, b: &str, weight: Option<&str>) -> String {
    let blank_if = format!("OR({a}=\"\",{a}=0,{b}=\"\")");
    match weight {
        None => format!("IF({blank_if},\"\",{b}/{a})"),
        Some(w) => format!("IF({blank_if},\"\",MIN({b}/{a},1)*{w})"),
    }
}

/// Lines a text needs in a cell `width` units wide (explicit newlines respected).
pub fn lines_needed(text: &str, width: f64) -> u32 {
    let usable = (width - 0.5).max(2.0);
    text.split('\n')
        .map(|line| ((text_units(line) / usable).ceil() as u32).max(1))
        .sum()
}

/// Excel does not auto-fit rows whose text sits in merged, wrapped cells: give every row the
/// height its tallest text needs. A text merged down several rows shares their heights.
fn fit_heights(t: &Template, l: &mut SheetLayout) {
    let line_pt = t.font_size * 1.5;
    let pad = 10.0;
    for p in &l.cells {
        let Content::Text(text) = &p.content else {
            continue;
        };
        if p.role == Role::Title {
            continue;
        }
        let width: f64 = l.widths[p.col as usize..=p.last_col as usize].iter().sum();
        let need = lines_needed(text, width) as f64 * line_pt + pad;
        let rows = (p.row..=p.last_row).map(|r| r as usize);
        let have: f64 = rows.clone().map(|r| l.row_heights[r]).sum();
        if need > have {
            let extra = (need - have) / (p.last_row - p.row + 1) as f64;
            for r in rows {
                // Excel's row height limit is 409 points.
                l.row_heights[r] = (l.row_heights[r] + extra).min(409.0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template;

    fn def() -> Definition {
        let mut d = Definition {
            year: 2021,
            form: "city".into(),
            project: "扫黑除恶专项斗争经费".into(),
            unit: "有组织犯罪侦查支队".into(),
            ..Default::default()
        };
        d.funds.total.budget = Some(Decimal::new(500, 0));
        d.funds.total.executed = Some(Decimal::new(450, 0));
        for (l1, l2, n) in [
            ("产出指标", "数量指标", "涉黑"),
            ("产出指标", "数量指标", "涉恶"),
            ("产出指标", "质量指标", "移诉"),
            ("效益指标", "质量指标", "x"),
        ] {
            d.indicators.push(Indicator {
                level1: l1.into(),
                level2: l2.into(),
                name: n.into(),
                ..Default::default()
            });
        }
        d
    }

    #[test]
    fn city_layout_places_labels_where_the_form_has_them() {
        let t = template::get("city").unwrap();
        let l = lay_out(t, &def(), false);
        let text_at = |r, c| match &l.at(r, c).unwrap().content {
            Content::Text(s) => s.clone(),
            _ => String::new(),
        };
        assert_eq!(text_at(0, 0), "项目支出绩效自评表");
        assert_eq!(l.at(0, 7).unwrap().col, 0);
        assert_eq!(text_at(1, 0), "项目资金名称");
        assert_eq!(text_at(1, 2), "扫黑除恶专项斗争经费");
        assert_eq!(text_at(4, 0), "项目资金（万元）");
        let funds = l.at(4, 0).unwrap();
        assert_eq!((funds.last_row, funds.last_col), (8, 1));
        assert_eq!(text_at(5, 2), "年度资金总额");
        assert_eq!(text_at(9, 0), "年度总体目标");
        assert_eq!(l.at(9, 0).unwrap().last_row, 10);
        assert_eq!(text_at(11, 0), "绩效指标");
        assert_eq!(l.at(11, 0).unwrap().last_row, 15);
        assert_eq!(l.indicator_header, Some(11));
        // 一级 产出指标 merged down its 3 rows, 二级 数量指标 down 2, 质量指标 not merged
        // across the 一级 boundary.
        let l1 = l.at(12, 1).unwrap();
        assert_eq!((l1.row, l1.last_row), (12, 14));
        let l2 = l.at(12, 2).unwrap();
        assert_eq!((l2.row, l2.last_row), (12, 13));
        assert_eq!(l.at(15, 2).unwrap().row, 15);
        assert_eq!(l.at(14, 2).unwrap().last_row, 14);
        assert_eq!(text_at(16, 0), "说明");
        assert_eq!(text_at(16, 1), t.note_instruction);
        assert_eq!(l.rows(), 17);
        match &l.at(5, 6).unwrap().content {
            Content::Formula { formula, cached } => {
                assert_eq!(*cached, Some(Cached::Number(Decimal::new(9, 1))));
                assert_eq!(formula, "IF(OR(D6=\"\",D6=0,E6=\"\"),\"\",E6/D6)");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn blank_clears_unit_fields() {
        let t = template::get("city").unwrap();
        let mut d = def();
        d.contact = "张三".into();
        d.note = "无".into();
        let l = lay_out(t, &d, true);
        assert_eq!(l.at(1, 5).unwrap().content, Content::Blank);
        assert_eq!(l.at(5, 4).unwrap().content, Content::Blank);
        assert_eq!(
            l.at(16, 1).unwrap().content,
            Content::Text(t.note_instruction.clone())
        );
        assert!(matches!(
            l.at(5, 6).unwrap().content,
            Content::Formula { cached: None, .. }
        ));
    }

    #[test]
    fn long_text_makes_rows_taller() {
        let t = template::get("city").unwrap();
        let mut d = def();
        d.goal.target = "完成".repeat(200);
        let l = lay_out(t, &d, false);
        assert!(l.row_heights[10] > 100.0, "{}", l.row_heights[10]);
        assert_eq!(l.row_heights[9], t.min_row_height);
    }

    #[test]
    fn widths_count_chinese_double() {
        assert_eq!(text_units("指标"), 3.7);
        assert_eq!(lines_needed("一二三四五", 12.0), 1);
        assert_eq!(lines_needed("一二三四五六七八", 12.0), 2);
        assert_eq!(lines_needed("a\nb", 12.0), 2);
    }
}
