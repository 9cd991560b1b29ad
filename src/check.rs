//! Checking a form for the mistakes people make when they fill one in.
//!
//! [`check`] looks at one [`Definition`] — read from YAML/JSON, or imported from a returned
//! workbook — and returns its [`Finding`]s in form order. Each finding names a stable rule id
//! (English, kebab-case), a severity, a plain message in Chinese that quotes the form's own
//! labels and values, and where the mistake is: file, sheet and cell (for workbooks, when the
//! importer knows them) and the field path (`indicators[5].level2`, `funds.city.executed`).
//!
//! Field paths use the keys of `docs/definition-format.md`; indicator positions count from 1 in
//! form order (`indicators[1]` is the first 绩效指标 row), as `evalsheet diff` counts them.
//!
//! # What is checked
//!
//! A form is *returned* when the unit has filled in anything (负责人及电话, a 全年执行数,
//! 全年实际完成情况, a 全年完成值 or 未完成原因, or a 说明 that is not the instruction) or when
//! it was read from a workbook. The unit's fields are only required in a returned form; an
//! issued (blank) definition is checked for what the issuing office decides.
//!
//! | rule id | severity | what it finds |
//! |---|---|---|
//! | `rate-mismatch` | error | a 执行率 typed in the form disagrees with 全年执行数（B）÷ 全年预算数（A） (only for workbooks, whose typed rates the importer passes in) |
//! | `sources-sum` | error | 中央、省补助 + 市级资金 + 其他资金 ≠ 年度资金总额, for the budgets (A) and, when every line that has a budget has its executed amount, for B |
//! | `executed-over-budget` | error | 全年执行数（B） greater than 全年预算数（A） on a funding line |
//! | `executed-without-budget` | error | a 全年执行数（B） on a line whose 全年预算数（A） is blank |
//! | `cost-target-mismatch` | error | an amount in 万元 quoted in a 成本指标's 年度指标值 (`专项投入控制 450 万`) that is not the 年度资金总额 budget A |
//! | `required-blank` | error | a required field left blank: 项目资金名称, 市级主管部门, 实施单位, 年度资金总额 A, 年初设定目标, an indicator's 一级/二级/三级指标 and 年度指标值; in a returned form also each 全年执行数 whose A is given, 全年实际完成情况, each 全年完成值 and 说明 |
//! | `number-in-text-field` | error | a number where text belongs (a 主管部门, 实施单位, 项目资金名称 or 三级指标 that reads `550`) |
//! | `empty-indicator` | error | an indicator row with neither 三级指标 nor 年度指标值 |
//! | `value-in-wrong-cell` | error | 全年完成值 blank while 未完成原因和改进措施 says it was completed (`已完成` typed one cell too far right) |
//! | `not-completed-without-reason` | error | 全年完成值 says 未完成/部分完成/… and no 未完成原因和改进措施 is given |
//! | `note-is-instruction` | error | in a returned form, 说明 still holds its instruction `请在此处简要说明…如没有请填无` or a variant of it |
//! | `nonstandard-label` | warning | a 一级 or 二级指标 outside the standard vocabulary; the nearest standard label (character-level edit distance) is suggested |
//! | `level2-under-wrong-level1` | warning | a standard 二级指标 under the wrong 一级指标 (可持续影响指标 under 产出指标) |
//! | `level1-missing` | warning | a standard 一级指标 (产出/效益/满意度指标) with no indicator at all |
//! | `name-is-label` | warning | a 三级指标 that only repeats a label of the vocabulary (`可持续影响指标`, `社会公众或服务对象满意度指标`) |
//! | `duplicate-indicator` | warning | a 三级指标 that contains another row's (`戒毒学员伙食满意率` and `学员伙食满意率`): the same measure counted twice; identical names under different 二级指标 are usual and not reported |
//! | `completed-with-reason` | warning | 全年完成值 says completed, yet a 未完成原因和改进措施 is given |
//! | `completion-typo` | warning | a 全年完成值 one character away from a usual wording (`按时按成` → `按时完成`) |
//! | `target-without-unit` | warning | a 年度指标值 that is a bare number (`270`: 人? 起? 万元?) |
//! | `trailing-punctuation` | warning | an issued text that ends in `，`, `、`, `；` or `：`, as if cut off |
//! | `stray-space` | warning | a space between two Chinese characters or punctuation marks in an issued text |
//!
//! `executed-over-budget`, `executed-without-budget`, `target-without-unit`,
//! `completed-with-reason`, `not-completed-without-reason`, `weights-sum` and
//! `score-over-weight` are written in the rules language, in `rules/default.yaml`; the checker
//! evaluates each at its place. An office's rules ([`check_with`]) come after these.
//!
//! Errors are what makes the form wrong as a record: arithmetic that does not add up, required
//! cells left blank, values in the wrong cell. Warnings are what a reviewer should look at:
//! vocabulary, structure and wording.
//!
//! # JSON schema (stable)
//!
//! `evalsheet check --format json` prints one JSON array; each element is one finding:
//!
//! ```json
//! {
//!   "file": "examples/2021/03-特巡警支队伙食补助经费.yaml",
//!   "definition": null,
//!   "project": "特巡警支队伙食补助经费",
//!   "sheet": null,
//!   "cell": null,
//!   "field": "indicators[5].level2",
//!   "label": "第 5 行指标 二级指标",
//!   "rule": "nonstandard-label",
//!   "severity": "warning",
//!   "party": "office",
//!   "message": "二级指标“服务对象满意度指针”不在标准指标体系中，是否应为“服务对象满意度指标”？"
//! }
//! ```
//!
//! - `file` (string): the input file as given on the command line (or found in a folder).
//! - `definition` (number or null): 1-based position of the definition in a file that holds a
//!   YAML/JSON list of them; null when the file holds one definition or is a workbook.
//! - `project` (string): the form's 项目资金名称, to tell findings apart at a glance.
//! - `sheet` (string or null): the workbook sheet, null for definitions.
//! - `cell` (string or null): the A1 address of the cell, when known (workbooks only).
//! - `field` (string): the field path; `indicators` for findings about the table as a whole.
//! - `label` (string): the field as a clerk reads it, in the form's own words.
//! - `rule` (string): one of the rule ids above (ids are never renamed), or the id of a rule of
//!   an office's rules file (`--rules`).
//! - `severity` (string): `error`, `warning`, or `explain` (需说明, from a rules file).
//! - `party` (string): who must act, `unit` or `office`.
//! - `message` (string): the finding in Chinese.
//! - `explained` (true, present only then): a 需说明 finding the unit has explained (已说明).
//!
//! New keys may be added; existing keys keep their meaning.

use rust_decimal::Decimal;

use crate::amount;
pub use crate::finding::finding;
pub use crate::finding::{Counts, Finding, JsonArray, Rule, RuleId, Severity, to_json};
use crate::model::{Definition, FUND_LINES, Indicator, Provenance};
use crate::template::Template;
pub use crate::wording::{
    NOTE_INSTRUCTION, Status, VOCABULARY, bare_number, chars, completion_typo, distance, excerpt,
    gives_reason, is_bare_number, is_instruction, is_returned, level1_labels, level1_of,
    level2_labels, nearest, quoted_amounts, status, strip_end_punct,
};

/// Check one form. Findings come in form order: header, funds, goal, each indicator row, the
/// table as a whole, 说明.
pub fn check(def: &Definition, from: &Provenance) -> Vec<Finding> {
    check_with(def, from, None)
}

/// Check one form with the built-in rules and, after them, an office's rules (`--rules`): the
/// office's findings come after the built-in ones, the form's own rules first, then each
/// funding line's, then each indicator's.
pub fn check_with(
    def: &Definition,
    from: &Provenance,
    rules: Option<&crate::rules::RuleSet>,
) -> Vec<Finding> {
    let t = crate::template::get(&def.form)
        .or_else(|_| crate::template::get(crate::model::DEFAULT_FORM))
        .ok();
    let instruction = t
        .map(|t| t.note_instruction.as_str())
        .filter(|i| !i.is_empty())
        .unwrap_or(NOTE_INSTRUCTION);
    let weights = match t {
        Some(t) => crate::layout::effective_weights(t, def),
        None => (Decimal::ZERO, Vec::new()),
    };
    let mut c = Checker {
        def,
        from,
        t,
        out: Vec::new(),
        returned: is_returned(def, from, instruction),
        instruction,
        weights,
        bound: None,
    };
    c.header();
    c.funds();
    c.goal();
    c.indicators();
    c.scores();
    c.note();
    if let (Some(rules), Some(t)) = (rules, t) {
        c.out.extend(crate::rules::apply_with(rules, def, from, t));
    }
    c.out
}

/// The hint that a number in a text field is one of the form's amounts, when it reads as one.
fn number_hint(checker: &Checker, s: &str) -> String {
    bare_number(s)
        .map(|n| checker.amount_hint(n))
        .unwrap_or_default()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3001..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF01..=0xFFEF)
}

/// The first whitespace run between two Chinese characters or marks, with a little context.
fn stray_space(s: &str) -> Option<String> {
    let cs = chars(s);
    let mut i = 0;
    while i < cs.len() {
        if cs[i].is_whitespace() && i > 0 && is_cjk(cs[i - 1]) {
            let mut j = i;
            while j < cs.len() && cs[j].is_whitespace() && cs[j] != '\n' {
                j += 1;
            }
            if j < cs.len() && is_cjk(cs[j]) && !cs[i..j].contains(&'\n') {
                let from = i.saturating_sub(3);
                let to = (j + 3).min(cs.len());
                return Some(cs[from..to].iter().collect());
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// A sum of amounts, `None` on overflow.
fn checked_sum(mut values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    values.try_fold(Decimal::ZERO, rust_decimal::Decimal::checked_add)
}

/// A rate as a percentage (`96.67%`), without overflowing on absurd input.
fn pct(rate: Decimal) -> String {
    match rate.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", amount::round(p, 2).normalize()),
        None => amount::text(rate),
    }
}

fn money(d: Decimal) -> String {
    format!("{} 万元", amount::text(d))
}

fn line_label(key: &str) -> &'static str {
    let l = crate::model::fund_line_label(key);
    l.strip_prefix("其中：").unwrap_or(l)
}

/// A label of the form as a message names it: as printed in Chinese, quoted in English.
fn lbl(label: &str) -> String {
    crate::t!("check-label", label = label.to_string())
}

/// One row of the 绩效指标 table as the checks read it: its texts trimmed, and how the row is
/// named in messages.
struct Row<'a> {
    i: usize,
    level1: &'a str,
    level2: &'a str,
    name: &'a str,
    target: &'a str,
    actual: &'a str,
    reason: &'a str,
    who: String,
}

impl<'a> Row<'a> {
    fn of(i: usize, ind: &'a Indicator) -> Row<'a> {
        let name = ind.name.trim();
        Row {
            i,
            level1: ind.level1.trim(),
            level2: ind.level2.trim(),
            name,
            target: ind.target.trim(),
            actual: ind.actual.trim(),
            reason: ind.reason.trim(),
            who: if name.is_empty() {
                crate::t!("check-who-row", n = (i + 1) as i64)
            } else {
                crate::t!("check-who-named", name = excerpt(name))
            },
        }
    }

    /// The path of one of the row's values.
    fn path(&self, value: &str) -> String {
        crate::field::indicator(self.i, value)
    }
}

/// What the built-in rules' values were bound for: the kind of rule, the funding line, the
/// indicator.
type Bound = (crate::rules::fields::Kind, &'static str, Option<usize>);

struct Checker<'d, 'c> {
    def: &'d Definition,
    from: &'c Provenance,
    /// The form's variant: which fields and funding lines it shows, and their labels.
    t: Option<&'static Template>,
    out: Vec<Finding>,
    returned: bool,
    instruction: &'d str,
    /// 预算执行 分值 and each indicator's 分值, as the form shows them.
    weights: (Decimal, Vec<Decimal>),
    /// The values the built-in rules use, bound for the last funding line or indicator they
    /// were evaluated on (several rules are evaluated on each).
    bound: Option<(Bound, rhai::Scope<'static>)>,
}

impl<'c> Checker<'_, 'c> {
    /// Evaluate the built-in rule `rule` of `rules/default.yaml` on a funding line or an
    /// indicator (or the form, with neither), and report what it finds at `field`. Whether it
    /// found something.
    fn builtin(
        &mut self,
        rule: Rule,
        line: Option<&'static str>,
        indicator: Option<usize>,
        field: String,
    ) -> bool {
        let (Some(r), Some(t)) = (crate::rules::builtin().get(rule.id()), self.t) else {
            return false;
        };
        let ctx = crate::rules::fields::Ctx {
            def: self.def,
            t,
            line: line.unwrap_or("total"),
            indicator,
            weights: &self.weights,
            returned: self.returned,
        };
        let set = crate::rules::builtin();
        let key = (r.scope, ctx.line, indicator);
        let mut bound = match self.bound.take() {
            Some((k, scope)) if k == key => scope,
            _ => crate::rules::bind(set, r.scope, &ctx),
        };
        let hit = crate::rules::evaluate_in(r, &mut bound, &ctx);
        self.bound = Some((key, bound));
        match hit {
            Some(hit) => {
                self.push(rule, field, hit.message);
                true
            }
            None => false,
        }
    }

    /// The label the form prints for a field, or `fallback`; `None` when the variant has no
    /// such field (the national form has no 地方主管部门 or 说明).
    fn label(&self, field: &str, fallback: &str) -> Option<String> {
        match self.t {
            Some(t) => t.label_of(field),
            None => Some(fallback.to_string()),
        }
    }

    /// Messages are worded with the city form's labels; on another variant, each label is
    /// replaced by the one that variant prints for the same field (全年完成值 → 实际完成值).
    fn in_variant_words(&self, message: String) -> String {
        let Some(t) = self.t else { return message };
        let Ok(city) = crate::template::get(crate::model::DEFAULT_FORM) else {
            return message;
        };
        if t.id == city.id {
            return message;
        }
        const FIELDS: [&str; 10] = [
            "project",
            "city_department",
            "funds.budget",
            "funds.executed",
            "funds.rate",
            "goal.target",
            "goal.actual",
            "target",
            "actual",
            "reason",
        ];
        let mut m = message;
        for f in FIELDS {
            if let (Some(from), Some(to)) = (city.label_of(f), t.label_of(f))
                && from != to
            {
                // `全年预算数（A）405` reads well; `全年预算数405` needs its space back.
                let mut out = String::with_capacity(m.len());
                let mut rest = m.as_str();
                while let Some(i) = rest.find(&from) {
                    out.push_str(&rest[..i]);
                    out.push_str(&to);
                    rest = &rest[i + from.len()..];
                    if rest.starts_with(|c: char| c.is_ascii_digit()) {
                        out.push(' ');
                    }
                }
                out.push_str(rest);
                m = out;
            }
        }
        m
    }

    /// The funding lines the form shows.
    fn lines(&self) -> Vec<&'static str> {
        match self.t {
            Some(t) => FUND_LINES
                .iter()
                .copied()
                .filter(|k| t.fund_lines().contains(k))
                .collect(),
            None => FUND_LINES[..4].to_vec(),
        }
    }

    /// 分值 that add up to 100, and 得分 within 0..=分值, on a scored variant.
    fn scores(&mut self) {
        if !self.t.is_some_and(Template::scored) {
            return;
        }
        // 分值 that do not add up to 100 (rules/default.yaml).
        self.builtin(Rule::WeightsSum, None, None, "indicators".into());
        for (i, ind) in self.def.indicators.iter().enumerate() {
            for (value, column) in [("weight", "分值"), ("score", "得分")] {
                let field = format!("indicators[{}].{value}", i + 1);
                if let Some(text) = self.not_number(&field) {
                    let message = crate::t!(
                        "check-score-not-number",
                        name = excerpt(&ind.name),
                        column = lbl(column),
                        text = excerpt(text)
                    );
                    self.push(Rule::NotANumber, field, message);
                }
            }
            // 得分 outside 0–分值 (rules/default.yaml).
            self.builtin(
                Rule::ScoreOverWeight,
                None,
                Some(i),
                format!("indicators[{}].score", i + 1),
            );
        }
    }

    fn push(&mut self, rule: Rule, field: impl Into<String>, message: String) {
        let field = field.into();
        let message = self.in_variant_words(message);
        let mut f = finding(self.def, self.from, self.t, field, rule.into(), message);
        f.severity = rule.severity();
        self.out.push(f);
    }

    /// The hint that a number is one of the form's amounts.
    fn amount_hint(&self, n: Decimal) -> String {
        for key in FUND_LINES {
            if let Some(l) = self.def.funds.line(key) {
                if l.budget == Some(n) {
                    return crate::t!(
                        "check-hint-same-budget",
                        line = lbl(line_label(key)),
                        amount = money(n)
                    );
                }
                if l.executed == Some(n) {
                    return crate::t!(
                        "check-hint-same-executed",
                        line = lbl(line_label(key)),
                        amount = money(n)
                    );
                }
            }
        }
        String::new()
    }

    fn text_hygiene(&mut self, field: &str, what: &str, text: &str) {
        let t = text.trim();
        let last = t
            .chars()
            .last()
            .filter(|c| matches!(c, '，' | ',' | '、' | '；' | ';' | '：' | ':'));
        if let Some(last) = last {
            self.push(
                Rule::TrailingPunctuation,
                field,
                crate::t!(
                    "check-trailing-punctuation",
                    what = what.to_string(),
                    text = excerpt(t),
                    last = last.to_string()
                ),
            );
        }
        if let Some(around) = stray_space(t) {
            self.push(
                Rule::StraySpace,
                field,
                crate::t!(
                    "check-stray-space",
                    what = what.to_string(),
                    around = around.clone()
                ),
            );
        }
    }

    fn header(&mut self) {
        let d = self.def;
        let fields: [(&str, &str, &str, bool); 4] = [
            ("project", "项目资金名称", &d.project, true),
            ("city_department", "市级主管部门", &d.city_department, true),
            (
                "local_department",
                "地方主管部门",
                &d.local_department,
                false,
            ),
            ("unit", "实施单位", &d.unit, true),
        ];
        for (field, fallback, value, required) in fields {
            let Some(label) = self.label(field, fallback) else {
                continue;
            };
            let label = lbl(&label);
            if value.trim().is_empty() {
                if required {
                    self.push(
                        Rule::RequiredBlank,
                        field,
                        crate::t!("check-blank", label = label),
                    );
                }
                continue;
            }
            if is_bare_number(value) {
                let hint = number_hint(self, value);
                self.push(
                    Rule::NumberInTextField,
                    field,
                    crate::t!(
                        "check-number-for-name",
                        label = label,
                        value = value.trim().to_string(),
                        hint = hint
                    ),
                );
                continue;
            }
            self.text_hygiene(field, &label, value);
        }
    }

    /// The text typed in a cell that takes a number, when it is not one.
    fn not_number(&self, field: &str) -> Option<&'c str> {
        self.from.not_numbers.get(field).map(String::as_str)
    }

    /// A finding for each amount cell of the funding table that holds text, not a number;
    /// the fields reported, so that they are not reported again as blank.
    fn funds_not_numbers(&mut self) -> Vec<String> {
        let mut fields = Vec::new();
        for key in self.lines() {
            for (value, column) in [
                ("initial_budget", "年初预算数"),
                ("budget", "全年预算数（A）"),
                ("executed", "全年执行数（B）"),
                ("weight", "分值"),
            ] {
                let field = format!("funds.{key}.{value}");
                let Some(text) = self.not_number(&field) else {
                    continue;
                };
                let message = crate::t!(
                    "check-amount-not-number",
                    line = lbl(line_label(key)),
                    column = lbl(column),
                    text = excerpt(text)
                );
                self.push(Rule::NotANumber, field.clone(), message);
                fields.push(field);
            }
        }
        fields
    }

    fn funds(&mut self) {
        let reported = self.funds_not_numbers();
        let f = &self.def.funds;
        if f.total.budget.is_none() && !reported.iter().any(|r| r == "funds.total.budget") {
            self.push(
                Rule::RequiredBlank,
                "funds.total.budget",
                crate::t!("check-total-budget-blank"),
            );
        }
        for key in self.lines() {
            let Some(l) = self.def.funds.line(key) else {
                continue;
            };
            let label = lbl(line_label(key));
            let (budget, executed) = (l.budget, l.executed);
            let field = format!("funds.{key}.executed");
            // 全年执行数（B） greater than A, or given without A (rules/default.yaml).
            let found = self.builtin(Rule::ExecutedOverBudget, Some(key), None, field.clone())
                || self.builtin(Rule::ExecutedWithoutBudget, Some(key), None, field.clone());
            if let (Some(a), None) = (budget, executed)
                && !found
                && self.returned
                && !a.is_zero()
                && !reported.contains(&field)
            {
                self.push(
                    Rule::RequiredBlank,
                    field,
                    crate::t!(
                        "check-executed-blank",
                        label = label.clone(),
                        budget = money(a)
                    ),
                );
            }
            if let Some(typed) = self.from.typed_rates.get(key).copied() {
                self.rate(key, &label, budget, executed, typed);
            }
        }
        self.sources_sum();
    }

    fn rate(
        &mut self,
        key: &str,
        label: &str,
        a: Option<Decimal>,
        b: Option<Decimal>,
        typed: Decimal,
    ) {
        let field = format!("funds.{key}.rate");
        match amount::rate(a, b) {
            Some(r) if !rate_agrees(typed, r) => {
                let (a, b) = (a.unwrap_or_default(), b.unwrap_or_default());
                self.push(
                    Rule::RateMismatch,
                    field,
                    crate::t!(
                        "check-rate-mismatch",
                        label = label.to_string(),
                        typed = pct(typed),
                        b = amount::text(b),
                        a = amount::text(a),
                        rate = pct(r)
                    ),
                );
            }
            Some(_) => {}
            None if !typed.is_zero() => self.push(
                Rule::RateMismatch,
                field,
                crate::t!(
                    "check-rate-without-amounts",
                    label = label.to_string(),
                    typed = pct(typed)
                ),
            ),
            None => {}
        }
    }

    fn sources_sum(&mut self) {
        let f = &self.def.funds;
        let sources: Vec<(&str, &crate::model::Amounts)> = self
            .lines()
            .into_iter()
            .filter(|k| *k != "total")
            .filter_map(|k| f.line(k).map(|l| (k, l)))
            .collect();
        // Budgets.
        if let Some(total) = f.total.budget {
            let given: Vec<_> = sources
                .iter()
                .filter_map(|(k, l)| l.budget.map(|v| (*k, v)))
                .collect();
            if !given.is_empty() {
                let sum = checked_sum(given.iter().map(|(_, v)| *v));
                if let Some(sum) = sum.filter(|s| *s != total) {
                    let msg = sum_message(&given, sum, "全年预算数（A）", total);
                    self.push(Rule::SourcesSum, "funds.total.budget", msg);
                }
            }
        }
        // Executed amounts, when every line with a budget has one.
        if let Some(total) = f.total.executed {
            let complete = sources
                .iter()
                .all(|(_, l)| l.budget.is_none() || l.executed.is_some());
            let given: Vec<_> = sources
                .iter()
                .filter_map(|(k, l)| l.executed.map(|v| (*k, v)))
                .collect();
            if complete && !given.is_empty() {
                let sum = checked_sum(given.iter().map(|(_, v)| *v));
                if let Some(sum) = sum.filter(|s| *s != total) {
                    let msg = sum_message(&given, sum, "全年执行数（B）", total);
                    self.push(Rule::SourcesSum, "funds.total.executed", msg);
                }
            }
        }
    }

    fn goal(&mut self) {
        let g = &self.def.goal;
        if g.target.trim().is_empty() {
            self.push(
                Rule::RequiredBlank,
                "goal.target",
                crate::t!("check-goal-target-blank"),
            );
        } else {
            self.text_hygiene("goal.target", &lbl("年初设定目标"), &g.target);
        }
        if g.actual.trim().is_empty() {
            if self.returned {
                self.push(
                    Rule::RequiredBlank,
                    "goal.actual",
                    crate::t!("check-goal-actual-blank"),
                );
            }
        } else if let Some(w) = completion_typo(&g.actual) {
            self.push(
                Rule::CompletionTypo,
                "goal.actual",
                crate::t!(
                    "check-goal-actual-typo",
                    text = g.actual.trim().to_string(),
                    word = w.to_string()
                ),
            );
        }
    }

    fn indicators(&mut self) {
        let inds = &self.def.indicators;
        if inds.is_empty() {
            self.push(
                Rule::RequiredBlank,
                "indicators",
                crate::t!("check-no-indicators"),
            );
            return;
        }
        for (i, ind) in inds.iter().enumerate() {
            self.indicator(i, ind);
        }
        // The same measure counted twice: one name inside another, longer one.
        for (i, ind) in inds.iter().enumerate() {
            let name = ind.name.trim();
            let other = inds.iter().enumerate().find(|(j, o)| {
                let o = o.name.trim();
                *j != i && o.chars().count() >= 4 && o != name && name.contains(o)
            });
            if let Some((j, o)) = other {
                self.push(
                    Rule::DuplicateIndicator,
                    format!("indicators[{}].name", i + 1),
                    crate::t!(
                        "check-duplicate-indicator",
                        name = excerpt(name),
                        row = (j + 1) as i64,
                        other = excerpt(o.name.trim())
                    ),
                );
            }
        }
        // Each standard 一级指标 should have at least one indicator.
        let rows: Vec<&Indicator> = inds
            .iter()
            .filter(|i| !(i.name.trim().is_empty() && i.target.trim().is_empty()))
            .collect();
        let l1s = level1_labels();
        for (l1, l2s) in VOCABULARY {
            let present = rows.iter().any(|r| {
                let t = r.level1.trim();
                t == l1 || (!l1s.contains(&t) && nearest(t, &l1s) == Some(l1))
            });
            if present || rows.is_empty() {
                continue;
            }
            let misplaced = rows
                .iter()
                .find(|r| l2s.contains(&r.level2.trim()) && !r.level1.trim().is_empty());
            let hint = match misplaced {
                Some(r) => crate::t!(
                    "check-level1-missing-hint",
                    level2 = r.level2.trim().to_string(),
                    level1 = r.level1.trim().to_string()
                ),
                None => String::new(),
            };
            self.push(
                Rule::Level1Missing,
                "indicators",
                crate::t!("check-level1-missing", level1 = l1.to_string(), hint = hint),
            );
        }
    }

    /// One row of the 绩效指标 table: an empty row, its 一级/二级, 三级, 年度指标值, and on a
    /// returned form what the unit filled in.
    fn indicator(&mut self, i: usize, ind: &Indicator) {
        let row = Row::of(i, ind);
        if row.name.is_empty() && row.target.is_empty() {
            self.empty_row(&row);
            return;
        }
        self.levels(&row);
        self.indicator_name(&row);
        self.indicator_target(&row);
        if self.returned {
            self.indicator_filled(&row);
        }
    }

    /// A row with neither 三级指标 nor 年度指标值.
    fn empty_row(&mut self, row: &Row) {
        let under = if row.level2.is_empty() {
            String::new()
        } else {
            crate::t!("check-empty-row-under", level2 = row.level2.to_string())
        };
        let actual = if row.actual.is_empty() {
            String::new()
        } else {
            crate::t!("check-empty-row-actual", actual = excerpt(row.actual))
        };
        let m = crate::t!(
            "check-empty-row",
            n = (row.i + 1) as i64,
            under = under,
            actual = actual
        );
        self.push(Rule::EmptyIndicator, row.path("name"), m);
    }

    /// 一级 and 二级: present, standard, and in the right place.
    fn levels(&mut self, row: &Row) {
        let (level1, level2, who) = (row.level1, row.level2, &row.who);
        let l1s = level1_labels();
        let l2s = level2_labels();
        if level1.is_empty() {
            self.push(
                Rule::RequiredBlank,
                row.path("level1"),
                crate::t!("check-level1-blank", who = who.clone()),
            );
        } else if !l1s.contains(&level1) {
            let m = match nearest(level1, &l1s) {
                Some(s) => crate::t!(
                    "check-level1-nonstandard-suggest",
                    level1 = level1.to_string(),
                    suggest = s.to_string()
                ),
                None => crate::t!(
                    "check-level1-nonstandard",
                    level1 = level1.to_string(),
                    list = quoted_list(&l1s)
                ),
            };
            self.push(Rule::NonstandardLabel, row.path("level1"), m);
        }
        if level2.is_empty() {
            self.push(
                Rule::RequiredBlank,
                row.path("level2"),
                crate::t!("check-level2-blank", who = who.clone()),
            );
        } else if !l2s.contains(&level2) {
            // Prefer the labels of this row's 一级指标 when two are equally near.
            let own: Vec<&str> = VOCABULARY
                .iter()
                .find(|(l1, _)| *l1 == level1)
                .map(|(_, v)| v.to_vec())
                .unwrap_or_default();
            let mut ordered = own.clone();
            ordered.extend(l2s.iter().filter(|l| !own.contains(l)));
            let m = match nearest(level2, &ordered) {
                Some(s) => crate::t!(
                    "check-level2-nonstandard-suggest",
                    level2 = level2.to_string(),
                    suggest = s.to_string()
                ),
                None if !own.is_empty() => crate::t!(
                    "check-level2-nonstandard-under",
                    level2 = level2.to_string(),
                    level1 = level1.to_string(),
                    list = quoted_list(&own)
                ),
                None => crate::t!("check-level2-nonstandard", level2 = level2.to_string()),
            };
            self.push(Rule::NonstandardLabel, row.path("level2"), m);
        } else if let Some(belongs) =
            level1_of(level2).filter(|b| l1s.contains(&level1) && *b != level1)
        {
            self.push(
                Rule::Level2UnderWrongLevel1,
                row.path("level1"),
                crate::t!(
                    "check-level2-under-wrong-level1",
                    level2 = level2.to_string(),
                    belongs = belongs.to_string(),
                    level1 = level1.to_string()
                ),
            );
        }
    }

    /// 三级指标: present, a name rather than a number or a vocabulary label, tidy.
    fn indicator_name(&mut self, row: &Row) {
        let (name, who) = (row.name, &row.who);
        if name.is_empty() {
            self.push(
                Rule::RequiredBlank,
                row.path("name"),
                crate::t!(
                    "check-name-blank",
                    who = who.clone(),
                    target = excerpt(row.target)
                ),
            );
        } else if is_bare_number(name) {
            let hint = number_hint(self, name);
            self.push(
                Rule::NumberInTextField,
                row.path("name"),
                crate::t!(
                    "check-number-for-indicator",
                    name = name.to_string(),
                    hint = hint
                ),
            );
        } else if is_label(name) {
            self.push(
                Rule::NameIsLabel,
                row.path("name"),
                crate::t!("check-name-is-label", name = name.to_string()),
            );
        } else {
            self.text_hygiene(&row.path("name"), &lbl("三级指标"), name);
        }
    }

    /// 年度指标值: present, with a unit, and for a 成本指标 the amount of the budget.
    fn indicator_target(&mut self, row: &Row) {
        let (target, who) = (row.target, &row.who);
        if target.is_empty() {
            self.push(
                Rule::RequiredBlank,
                row.path("target"),
                crate::t!("check-target-blank", who = who.clone()),
            );
            return;
        }
        // A bare number (rules/default.yaml).
        self.builtin(
            Rule::TargetWithoutUnit,
            None,
            Some(row.i),
            row.path("target"),
        );
        let level2 = row.level2;
        let is_cost = level2.contains("成本")
            || (!level2.is_empty() && nearest(level2, &level2_labels()) == Some("成本指标"));
        if is_cost {
            let named = if row.name.is_empty() {
                who.clone()
            } else {
                format!("“{}”", excerpt(row.name))
            };
            self.cost_target(row.i, &named, target);
        }
        self.text_hygiene(
            &row.path("target"),
            &crate::t!("check-target-of", who = who.clone()),
            target,
        );
    }

    /// What the unit filled in: a 全年完成值, in the right cell, with a reason when not
    /// completed and none when completed.
    fn indicator_filled(&mut self, row: &Row) {
        let (actual, reason, who) = (row.actual, row.reason, &row.who);
        let st = status(actual);
        if st == Status::Blank {
            let (rule, field, message) = if status(reason) == Status::Completed {
                (
                    Rule::ValueInWrongCell,
                    "reason",
                    crate::t!(
                        "check-value-in-reason",
                        who = who.clone(),
                        reason = excerpt(reason)
                    ),
                )
            } else if gives_reason(reason) {
                (
                    Rule::RequiredBlank,
                    "actual",
                    crate::t!("check-actual-blank", who = who.clone()),
                )
            } else {
                (
                    Rule::RequiredBlank,
                    "actual",
                    crate::t!("check-actual-and-reason-blank", who = who.clone()),
                )
            };
            self.push(rule, row.path(field), message);
            return;
        }
        if let Some(w) = completion_typo(actual) {
            self.push(
                Rule::CompletionTypo,
                row.path("actual"),
                crate::t!(
                    "check-actual-typo",
                    who = who.clone(),
                    actual = actual.to_string(),
                    word = w.to_string()
                ),
            );
        }
        // Completed with a reason, or not completed without one (rules/default.yaml).
        let field = row.path("reason");
        let _ = self.builtin(Rule::CompletedWithReason, None, Some(row.i), field.clone())
            || self.builtin(Rule::NotCompletedWithoutReason, None, Some(row.i), field);
    }

    /// `named`: the indicator's name in quotes, or the row (`第 3 行绩效指标`) when it has none.
    fn cost_target(&mut self, i: usize, named: &str, target: &str) {
        let Some(budget) = self.def.funds.total.budget else {
            return;
        };
        // Per-unit costs (人均, 每…, 单价) are not the project's total.
        if ["每", "人均", "单价", "平均", "/", "／"]
            .iter()
            .any(|w| target.contains(w))
        {
            return;
        }
        let amounts = quoted_amounts(target);
        if amounts.is_empty() || amounts.contains(&budget) {
            return;
        }
        let Some(sum) = checked_sum(amounts.iter().copied()) else {
            return;
        };
        if amounts.len() > 1 && sum == budget {
            return;
        }
        let quoted = if amounts.len() == 1 {
            money(amounts[0])
        } else {
            crate::t!(
                "check-amounts-together",
                amounts = amounts
                    .iter()
                    .map(|a| money(*a))
                    .collect::<Vec<_>>()
                    .join(&crate::t!("check-list-separator")),
                sum = money(sum)
            )
        };
        self.push(
            Rule::CostTargetMismatch,
            format!("indicators[{}].target", i + 1),
            crate::t!(
                "check-cost-target-mismatch",
                named = named.to_string(),
                target = excerpt(target),
                quoted = quoted,
                budget = money(budget)
            ),
        );
    }

    fn note(&mut self) {
        if !self.returned || self.label("note", "说明").is_none() {
            return;
        }
        let note = self.def.note.trim();
        if note.is_empty() {
            self.push(Rule::RequiredBlank, "note", crate::t!("check-note-blank"));
        } else if is_instruction(note, self.instruction) {
            self.push(
                Rule::NoteIsInstruction,
                "note",
                crate::t!("check-note-is-instruction", text = excerpt(note)),
            );
        }
    }
}

/// A 三级指标 that is only a label of the vocabulary, or generic wording around one
/// (`社会公众或服务对象满意度指标`).
fn is_label(name: &str) -> bool {
    let labels: Vec<&str> = level1_labels().into_iter().chain(level2_labels()).collect();
    labels.contains(&name)
        || (name.ends_with("指标") && level2_labels().iter().any(|l| name.contains(l)))
}

fn quoted_list(labels: &[&str]) -> String {
    labels
        .iter()
        .map(|l| format!("“{l}”"))
        .collect::<Vec<_>>()
        .join(&crate::t!("check-list-separator"))
}

fn sum_message(given: &[(&str, Decimal)], sum: Decimal, what: &str, total: Decimal) -> String {
    let parts: Vec<String> = given
        .iter()
        .map(|(k, v)| format!("{} {}", lbl(line_label(k)), amount::text(*v)))
        .collect();
    crate::t!(
        "check-sources-sum",
        what = lbl(what),
        sum = money(sum),
        parts = parts.join(" + "),
        total = money(total)
    )
}

/// Whether a typed 执行率 agrees with the computed one, allowing for the precision it was
/// typed with: `98%` agrees with 98.33% and 97.5%…98.49%, `98.3%` with 98.25%…98.349%, and a
/// figure cut off rather than rounded agrees too.
pub fn rate_agrees(typed: Decimal, computed: Decimal) -> bool {
    let t = typed.normalize();
    // A rate with this many decimals was not typed: it is a formula's result, cached by an
    // office suite as a binary float of about 15 significant digits (0.962820512820513 for
    // 150.2 ÷ 156). It agrees when it is B/A to within that float's precision.
    if t.scale() >= 10 {
        return (t - computed).abs() <= Decimal::new(1, 10);
    }
    let scale = t.scale().max(2);
    amount::round(computed, scale) == t
        || computed.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::ToZero) == t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amounts, Goal};
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn ind(l1: &str, l2: &str, name: &str, target: &str, actual: &str) -> Indicator {
        Indicator {
            level1: l1.into(),
            level2: l2.into(),
            name: name.into(),
            target: target.into(),
            actual: actual.into(),
            reason: String::new(),
            ..Default::default()
        }
    }

    /// A clean, fully filled, consistent returned form.
    fn clean() -> Definition {
        let mut def = Definition {
            year: 2021,
            form: "city".into(),
            project: "社区警务室工作经费".into(),
            contact: "王敏 0734-8123456".into(),
            city_department: "衡阳市公安局".into(),
            local_department: String::new(),
            unit: "社区管理办公室".into(),
            goal: Goal {
                target: "保障全市社区警务室正常运转".into(),
                actual: "全市社区警务室全年正常运转".into(),
            },
            note: "无".into(),
            ..Default::default()
        };
        def.funds.total = Amounts {
            budget: Some(d("66.6")),
            executed: Some(d("64")),
            ..Default::default()
        };
        def.funds.city = Amounts {
            budget: Some(d("60")),
            executed: Some(d("58")),
            ..Default::default()
        };
        def.funds.other = Amounts {
            budget: Some(d("6.6")),
            executed: Some(d("6")),
            ..Default::default()
        };
        def.indicators = vec![
            ind(
                "产出指标",
                "数量指标",
                "规范化社区警务室",
                "120 个",
                "120 个",
            ),
            ind(
                "产出指标",
                "成本指标",
                "成本控制",
                "专项投入控制 66.6 万",
                "64 万元",
            ),
            ind(
                "效益指标",
                "社会效益指标",
                "可防性案件",
                "同比下降 5%",
                "已完成",
            ),
            ind(
                "满意度指标",
                "服务对象满意度指标",
                "居民满意度",
                "90%以上",
                "93%",
            ),
        ];
        def
    }

    fn run(def: &Definition) -> Vec<Finding> {
        check(def, &Provenance::file("t.yaml", None))
    }

    fn rules(def: &Definition) -> Vec<(&'static str, String)> {
        run(def)
            .into_iter()
            .map(|f| match f.rule {
                RuleId::Builtin(r) => (r.id(), f.field),
                RuleId::Custom(_) => ("custom", f.field),
            })
            .collect()
    }

    #[test]
    fn clean_form_has_no_findings() {
        assert_eq!(run(&clean()), vec![]);
        // Issued (nothing filled by the unit): no findings either.
        assert_eq!(run(&clean().issued()), vec![]);
    }

    #[test]
    fn rule_ids_are_unique_and_kebab_case() {
        let mut ids: Vec<_> = Rule::ALL.iter().map(|r| r.id()).collect();
        assert!(ids.iter().all(|i| {
            i.chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
        }));
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Rule::ALL.len());
    }

    #[test]
    fn nearest_label_by_characters() {
        let l2 = level2_labels();
        assert_eq!(
            nearest("服务对象满意度指针", &l2),
            Some("服务对象满意度指标")
        );
        assert_eq!(nearest("质量指针", &l2), Some("质量指标"));
        assert_eq!(nearest("财务指标", &l2), Some("数量指标"));
        assert_eq!(nearest("完全无关的文字内容", &l2), None);
        assert_eq!(distance("按时按成", "按时完成"), 1);
    }

    #[test]
    fn labels_outside_the_vocabulary_and_misplaced() {
        let mut def = clean();
        def.indicators[3].level2 = "服务对象满意度指针".into();
        def.indicators[2].level1 = "产出指标".into();
        def.indicators[2].level2 = "可持续影响指标".into();
        let f = run(&def);
        let msgs: Vec<_> = f
            .iter()
            .map(|f| (f.rule.id(), f.message.as_str()))
            .collect();
        assert!(msgs.contains(&(
            "nonstandard-label",
            "二级指标“服务对象满意度指针”不在标准指标体系中，是否应为“服务对象满意度指标”？"
        )));
        assert!(msgs.contains(&(
            "level2-under-wrong-level1",
            "二级指标“可持续影响指标”属于一级指标“效益指标”，却放在了“产出指标”下。"
        )));
        assert!(msgs.contains(&(
            "level1-missing",
            "绩效指标中没有一级指标“效益指标”（其二级指标“可持续影响指标”被放在了“产出指标”下）。"
        )));
    }

    #[test]
    fn arithmetic() {
        let mut def = clean();
        def.funds.city.budget = Some(d("61"));
        def.funds.other.executed = Some(d("7"));
        def.funds.total.executed = Some(d("70"));
        let r = rules(&def);
        assert!(r.contains(&("sources-sum", "funds.total.budget".into())));
        assert!(r.contains(&("sources-sum", "funds.total.executed".into())));
        assert!(r.contains(&("executed-over-budget", "funds.other.executed".into())));
        assert!(r.contains(&("executed-over-budget", "funds.total.executed".into())));
        // An executed sum is only compared when every line with a budget has its B.
        let mut def = clean();
        def.funds.other.executed = None;
        let r = rules(&def);
        assert!(!r.iter().any(|(id, _)| *id == "sources-sum"), "{r:?}");
        assert!(r.contains(&("required-blank", "funds.other.executed".into())));
        // B without A.
        let mut def = clean();
        def.funds.central_provincial.executed = Some(d("1"));
        assert!(rules(&def).contains(&(
            "executed-without-budget",
            "funds.central_provincial.executed".into()
        )));
    }

    #[test]
    fn typed_rates_and_cells() {
        let def = clean();
        let cells = std::collections::BTreeMap::from([
            ("funds.total.rate".to_string(), "G6".to_string()),
            ("funds.city.rate".to_string(), "G8".to_string()),
        ]);
        // 64 / 66.6 = 96.096…%; 58 / 60 = 96.666…%.
        let rates = std::collections::BTreeMap::from([
            ("total".to_string(), d("0.96")),
            ("city".to_string(), d("0.9")),
            ("other".to_string(), d("0.9091")),
        ]);
        let from = Provenance {
            file: "r.xlsx".into(),
            sheet: Some("Sheet 1".into()),
            cells: crate::model::Cells::from(&cells),
            typed_rates: rates,
            ..Default::default()
        };
        let f = check(&def, &from);
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, Rule::RateMismatch);
        assert_eq!(f[0].cell.as_deref(), Some("G8"));
        assert_eq!(f[0].sheet.as_deref(), Some("Sheet 1"));
        assert_eq!(
            f[0].line(),
            "r.xlsx: 'Sheet 1'!G8: funds.city.rate: error[rate-mismatch]: 市级资金的执行率（B/A）填的是 90%，但全年执行数（B）58 ÷ 全年预算数（A）60 应为 96.67%。"
        );
        assert!(rate_agrees(d("0.97"), d("58") / d("60")));
        assert!(rate_agrees(d("0.966"), d("58") / d("60")));
        assert!(rate_agrees(d("0.9667"), d("58") / d("60")));
        assert!(!rate_agrees(d("0.95"), d("58") / d("60")));
        assert!(rate_agrees(d("1"), d("1")));
    }

    #[test]
    fn cost_targets() {
        assert_eq!(quoted_amounts("专项投入控制 450 万"), vec![d("450")]);
        assert_eq!(quoted_amounts("40万全部用于伙食补助"), vec![d("40")]);
        assert_eq!(
            quoted_amounts("４０万元；3,000,000 元"),
            vec![d("40"), d("300")]
        );
        assert_eq!(quoted_amounts("截止 12 月 31 日前"), vec![]);
        let mut def = clean();
        def.indicators[1].target = "专项投入控制 450 万".into();
        let f = run(&def);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "成本指标“成本控制”的年度指标值“专项投入控制 450 万”写的是 450 万元，与年度资金总额的全年预算数（A）66.6 万元不一致。"
        );
        def.indicators[1].target = "伙食费 60 万元，其他 6.6 万元".into();
        assert_eq!(run(&def), vec![]);
        def.indicators[1].target = "人均不超过 0.5 万元".into();
        assert_eq!(run(&def), vec![]);
    }

    #[test]
    fn blanks_numbers_and_empty_rows() {
        let mut def = clean();
        def.city_department.clear();
        def.local_department = "550".into();
        def.funds.total.budget = Some(d("550"));
        def.funds.city.budget = Some(d("543.4"));
        def.goal.target.clear();
        def.indicators
            .insert(1, ind("产出指标", "数量指标", "", "", "已完成"));
        def.indicators[0].target = "270".into();
        def.indicators[2].actual.clear();
        def.indicators[2].target = "专项投入控制 550 万".into();
        let f = run(&def);
        let r: Vec<_> = f.iter().map(|f| (f.rule.id(), f.field.as_str())).collect();
        assert_eq!(
            r,
            vec![
                ("required-blank", "city_department"),
                ("number-in-text-field", "local_department"),
                ("required-blank", "goal.target"),
                ("target-without-unit", "indicators[1].target"),
                ("empty-indicator", "indicators[2].name"),
                ("required-blank", "indicators[3].actual"),
            ]
        );
        assert_eq!(
            f[1].message,
            "地方主管部门应填名称，却填了数字“550”，与年度资金总额的全年预算数（A）550 万元相同，像是金额填错了位置。"
        );
        assert_eq!(
            f[4].message,
            "第 2 行绩效指标（二级指标“数量指标”下）既没有三级指标，也没有年度指标值，却填了全年完成值“已完成”；请补全或删除这一行。"
        );
    }

    #[test]
    fn completion_and_reasons() {
        assert_eq!(status("按时按成"), Status::Completed);
        assert_eq!(status("部分完成"), Status::NotCompleted);
        assert_eq!(status("未完成"), Status::NotCompleted);
        assert_eq!(status("93%"), Status::Other);
        assert_eq!(completion_typo("按时按成"), Some("按时完成"));
        assert_eq!(completion_typo("己完成"), Some("已完成"));
        assert_eq!(completion_typo("按期完成"), None);
        let mut def = clean();
        def.indicators[0].actual = "按时按成".into();
        def.indicators[0].reason = "因疫情推迟".into();
        def.indicators[2].actual = "部分完成".into();
        def.indicators[3].actual.clear();
        def.indicators[3].reason = "已完成".into();
        let r = rules(&def);
        assert_eq!(
            r,
            vec![
                ("completion-typo", "indicators[1].actual".into()),
                ("completed-with-reason", "indicators[1].reason".into()),
                (
                    "not-completed-without-reason",
                    "indicators[3].reason".into()
                ),
                ("value-in-wrong-cell", "indicators[4].reason".into()),
            ]
        );
        // 无 is no reason.
        let mut def = clean();
        def.indicators[0].reason = "无".into();
        assert_eq!(run(&def), vec![]);
    }

    #[test]
    fn note_instruction_and_its_variants() {
        for v in [
            NOTE_INSTRUCTION,
            "请在此处简要说明各级监督检查中发现的问题及其所涉及的金额，如没有请填写无",
            "请在此处简要说明各级监督检查中发现的问题及其所涉及的金額，如没有请填无",
            "请在此处简要说明各级监督检查中发现的问题及其所涉及金额，如没有请填无",
            "简要说明各级监督检查中发现的问题及其所涉及的金额，如没有请填无",
        ] {
            assert!(is_instruction(v, NOTE_INSTRUCTION), "{v}");
        }
        assert!(!is_instruction("无", NOTE_INSTRUCTION));
        assert!(!is_instruction(
            "审计发现 2 万元票据不规范，已整改",
            NOTE_INSTRUCTION
        ));
        let mut def = clean();
        def.note = "请在此处简要说明各级监督检查中发现的问题及其所涉及的金額，如没有请填无".into();
        assert_eq!(rules(&def), vec![("note-is-instruction", "note".into())]);
        // In an issued form the instruction is no finding, nor is a blank 说明.
        let mut issued = clean().issued();
        issued.note = NOTE_INSTRUCTION.into();
        assert_eq!(run(&issued), vec![]);
        let mut def = clean();
        def.note.clear();
        assert_eq!(rules(&def), vec![("required-blank", "note".into())]);
    }

    #[test]
    fn wording() {
        let mut def = clean();
        def.goal.target = "完成 15 个警务平台（含车辆等） 开支".into();
        def.indicators[0].name = "打击毒品犯罪，清源断流，".into();
        def.indicators[2].name = "可持续影响指标".into();
        def.indicators[3].name = "社会公众或服务对象满意度指标".into();
        let r = rules(&def);
        assert_eq!(
            r,
            vec![
                ("stray-space", "goal.target".into()),
                ("trailing-punctuation", "indicators[1].name".into()),
                ("name-is-label", "indicators[3].name".into()),
                ("name-is-label", "indicators[4].name".into()),
            ]
        );
        assert!(stray_space("侦破 2 起").is_none());
        assert!(stray_space("满意度 ≥95%").is_none());
    }

    #[test]
    fn hostile_input_gets_findings_not_a_panic() {
        let mut def = clean();
        def.indicators.push(Indicator::default());
        def.indicators[0].target = "9".repeat(200) + "万";
        def.indicators[1].target =
            "１２３４５６７８９０１２３４５６７８９０１２３４５６７８９０万".into();
        def.local_department = "99999999999999999999999999999999999".into();
        def.funds.total.budget = Some(Decimal::MAX);
        def.funds.total.executed = Some(Decimal::MAX);
        let found = rules(&def);
        // Each oddity is found for what it is: a department that is a number too long to be an
        // amount, the empty row, sources that do not add up to the largest total a decimal
        // holds.
        for (rule, field) in [
            ("number-in-text-field", "local_department"),
            ("empty-indicator", "indicators[5].name"),
            ("sources-sum", "funds.total.budget"),
            ("sources-sum", "funds.total.executed"),
        ] {
            assert!(
                found
                    .iter()
                    .any(|(r, f)| *r == rule && f.starts_with(field)),
                "{rule} {field}: {found:?}"
            );
        }
        // A form with nothing in it: every required field is reported blank, and nothing else
        // is made up.
        let empty = rules(&Definition::default());
        assert!(!empty.is_empty());
        assert!(
            empty
                .iter()
                .all(|(r, _)| *r == "required-blank" || *r == "level1-missing"),
            "{empty:?}"
        );
        for field in [
            "project",
            "city_department",
            "unit",
            "funds.total.budget",
            "goal.target",
        ] {
            assert!(empty.iter().any(|(_, f)| f == field), "{field}: {empty:?}");
        }
    }

    #[test]
    fn json_array_written_piece_by_piece_is_the_pretty_printed_array() {
        let mut def = clean();
        def.city_department.clear();
        def.note.clear();
        let findings = run(&def);
        assert!(findings.len() >= 2);
        let pretty = |f: &[Finding]| serde_json::to_string_pretty(f).unwrap();
        assert_eq!(to_json(&findings), pretty(&findings));
        assert_eq!(to_json(&findings[..1]), pretty(&findings[..1]));
        assert_eq!(to_json(&[]), "[]");
    }

    #[test]
    fn json_schema_keys() {
        let mut def = clean();
        def.city_department.clear();
        let json = to_json(&run(&def));
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        let o = v[0].as_object().unwrap();
        let mut keys: Vec<_> = o.keys().cloned().collect();
        keys.sort();
        assert_eq!(
            keys,
            [
                "cell",
                "definition",
                "field",
                "file",
                "label",
                "message",
                "party",
                "project",
                "rule",
                "severity",
                "sheet"
            ]
        );
        assert_eq!(o["label"], "市级主管部门");
        assert_eq!(o["party"], "office");
    }
}
