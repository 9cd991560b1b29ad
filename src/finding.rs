//! What the checks and the rules find: a [`Finding`] (where, which rule, how serious, who must
//! act, what to do), the ids of the built-in rules, counts, and the JSON array of findings.

use serde::{Deserialize, Serialize};

use crate::model::{Definition, Party, Provenance};
use crate::template::Template;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// 强制: must be fixed.
    Error,
    /// 需说明: passes once explained (the explanation field named by the rule holds enough
    /// characters); such a finding is then shown as explained (已说明).
    Explain,
    /// 提示: may be ignored (an office rule's `hint`).
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Explain => "explain",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! rules {
    ($($variant:ident => $id:literal, $sev:ident, $doc:literal;)*) => {
        /// A check. Its [`id`](Rule::id) is stable: scripts and the JSON output rely on it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = $doc] $variant,)*
        }

        impl Rule {
            /// Every rule, in the order of the table in the module docs.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable rule id, English kebab-case.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// The severity of every finding of this rule.
            pub fn severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* }
            }

            /// One line of English saying what the rule finds.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $doc,)* }
            }
        }
    };
}

rules! {
    RateMismatch => "rate-mismatch", Error, "A typed 执行率 disagrees with B/A.";
    SourcesSum => "sources-sum", Error, "The funding sources do not add up to 年度资金总额.";
    ExecutedOverBudget => "executed-over-budget", Error, "全年执行数（B） is greater than 全年预算数（A）.";
    ExecutedWithoutBudget => "executed-without-budget", Error, "A 全年执行数（B） is given on a line without 全年预算数（A）.";
    CostTargetMismatch => "cost-target-mismatch", Error, "An amount quoted in a 成本指标 target disagrees with the budget A.";
    RequiredBlank => "required-blank", Error, "A required field is blank.";
    NumberInTextField => "number-in-text-field", Error, "A number stands where text belongs.";
    EmptyIndicator => "empty-indicator", Error, "An indicator row has neither 三级指标 nor 年度指标值.";
    ValueInWrongCell => "value-in-wrong-cell", Error, "The 全年完成值 was typed in the 未完成原因 cell.";
    NotCompletedWithoutReason => "not-completed-without-reason", Error, "Not completed, and no reason given.";
    NoteIsInstruction => "note-is-instruction", Error, "说明 still holds its instruction text.";
    NotANumber => "not-a-number", Error, "A cell that takes an amount or a score holds text that is not a number (约200万).";
    NonstandardLabel => "nonstandard-label", Warning, "A 一级/二级指标 label is outside the standard vocabulary.";
    Level2UnderWrongLevel1 => "level2-under-wrong-level1", Warning, "A 二级指标 sits under the wrong 一级指标.";
    Level1Missing => "level1-missing", Warning, "A standard 一级指标 has no indicator.";
    NameIsLabel => "name-is-label", Warning, "A 三级指标 only repeats a vocabulary label.";
    DuplicateIndicator => "duplicate-indicator", Warning, "A 三级指标 contains another row's 三级指标: the same measure counted twice.";
    CompletedWithReason => "completed-with-reason", Warning, "Completed, yet a reason for not completing is given.";
    CompletionTypo => "completion-typo", Warning, "A completion wording with a typo (按时按成).";
    TargetWithoutUnit => "target-without-unit", Warning, "A 年度指标值 is a bare number without a unit.";
    TrailingPunctuation => "trailing-punctuation", Warning, "A text ends in a comma or colon, as if cut off.";
    StraySpace => "stray-space", Warning, "A space between two Chinese characters.";
    WeightsSum => "weights-sum", Warning, "The 分值 of a scored form do not add up to 100.";
    ScoreOverWeight => "score-over-weight", Warning, "An 得分 exceeds its 分值, or is negative.";
}

impl Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for Rule {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rule, D::Error> {
        let id = String::deserialize(d)?;
        Rule::ALL
            .iter()
            .copied()
            .find(|r| r.id() == id)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown rule `{id}`")))
    }
}

/// One mistake found in a form. See the module docs for the JSON schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub file: String,
    pub definition: Option<usize>,
    pub project: String,
    pub sheet: Option<String>,
    pub cell: Option<String>,
    pub field: String,
    /// The field as a clerk reads it (`年度资金总额 全年执行数（B）`, `第 3 行指标 年度指标值`).
    #[serde(default)]
    pub label: String,
    pub rule: RuleId,
    pub severity: Severity,
    /// Who must act: the unit that filled the form in, or the office that issued it.
    #[serde(default = "unit")]
    pub party: Party,
    pub message: String,
    /// A 需说明 finding the unit has explained (已说明).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub explained: bool,
}

fn unit() -> Party {
    Party::Unit
}

/// The id of the rule behind a finding: a built-in [`Rule`], or a rule of a rules file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RuleId {
    Builtin(Rule),
    Custom(std::sync::Arc<str>),
}

impl RuleId {
    /// The id as printed: `required-blank`, or the rules file's own id.
    pub fn id(&self) -> &str {
        match self {
            RuleId::Builtin(r) => r.id(),
            RuleId::Custom(s) => s,
        }
    }
}

impl From<Rule> for RuleId {
    fn from(r: Rule) -> RuleId {
        RuleId::Builtin(r)
    }
}

impl PartialEq<Rule> for RuleId {
    fn eq(&self, other: &Rule) -> bool {
        *self == RuleId::Builtin(*other)
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RuleId, D::Error> {
        let id = String::deserialize(d)?;
        Ok(match Rule::ALL.iter().copied().find(|r| r.id() == id) {
            Some(r) => RuleId::Builtin(r),
            None => RuleId::Custom(id.into()),
        })
    }
}

impl Finding {
    /// The finding as one line of text:
    /// `FILE[, definition N][: SHEET[!CELL]]: FIELD: SEVERITY[RULE]: MESSAGE`.
    pub fn line(&self) -> String {
        let mut s = self.file.clone();
        if let Some(n) = self.definition {
            s.push_str(&format!(", definition {n}"));
        }
        match (&self.sheet, &self.cell) {
            (Some(sheet), Some(cell)) => s.push_str(&format!(": {}!{cell}", sheet_ref(sheet))),
            (Some(sheet), None) => s.push_str(&format!(": {}", sheet_ref(sheet))),
            (None, Some(cell)) => s.push_str(&format!(": {cell}")),
            (None, None) => {}
        }
        format!(
            "{s}: {}: {}[{}]{}: {}",
            self.field,
            self.severity.as_str(),
            self.rule.id(),
            if self.explained {
                "（已说明）"
            } else {
                ""
            },
            self.message
        )
    }
}

/// A sheet name as Excel writes it in a reference: quoted when it holds anything but letters,
/// digits and `_`.
fn sheet_ref(name: &str) -> String {
    if !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        name.to_string()
    } else {
        format!("'{}'", name.replace('\'', "''"))
    }
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    /// 需说明 findings not explained yet.
    pub explain: usize,
    /// 需说明 findings explained (已说明).
    pub explained: usize,
}

impl Counts {
    pub fn of(findings: &[Finding]) -> Counts {
        let mut c = Counts::default();
        for f in findings {
            match (f.severity, f.explained) {
                (Severity::Error, _) => c.errors += 1,
                (Severity::Warning, _) => c.warnings += 1,
                (Severity::Explain, false) => c.explain += 1,
                (Severity::Explain, true) => c.explained += 1,
            }
        }
        c
    }

    /// Add another's counts.
    pub fn add(&mut self, other: Counts) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.explain += other.explain;
        self.explained += other.explained;
    }

    /// Whether something must still be done: an error, or a 需说明 finding not explained.
    pub fn must_act(&self) -> bool {
        self.errors + self.explain > 0
    }
}

/// Findings as one JSON array (the schema in the module docs).
pub fn to_json(findings: &[Finding]) -> String {
    let mut out = String::new();
    let mut array = JsonArray::default();
    for f in findings {
        array.push(&mut out, f);
    }
    array.finish(&mut out);
    out
}

/// [`to_json`]'s array written piece by piece, for findings that come a few at a time: the
/// pieces together are the pretty-printed array.
#[derive(Debug, Default)]
pub struct JsonArray {
    items: usize,
}

impl JsonArray {
    /// Append one finding (and what goes before it) to `out`.
    pub fn push(&mut self, out: &mut String, finding: &Finding) {
        out.push_str(if self.items == 0 { "[\n" } else { ",\n" });
        let item = serde_json::to_string_pretty(finding).unwrap_or_else(|_| "{}".to_string());
        // One level in: JSON strings hold no raw line breaks, so every line is the object's.
        for (i, line) in item.lines().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str("  ");
            out.push_str(line);
        }
        self.items += 1;
    }

    /// Append the end of the array.
    pub fn finish(self, out: &mut String) {
        out.push_str(if self.items == 0 { "[]" } else { "\n]" });
    }
}

/// A finding about `field` of a form, with its cell, its label as the form names it and the
/// party that must act (who decides the field), as a warning until told otherwise.
pub fn finding(
    def: &Definition,
    from: &Provenance,
    t: Option<&Template>,
    field: String,
    rule: RuleId,
    message: String,
) -> Finding {
    let cell = from.cell(&field).map(str::to_string);
    Finding {
        file: from.file.display().to_string(),
        definition: from.item_number(),
        project: def.project.clone(),
        sheet: from.sheet.clone(),
        cell,
        label: t.map_or_else(|| field.clone(), |t| t.field_name(&field)),
        party: crate::model::party_of(&field),
        field,
        rule,
        severity: Severity::Warning,
        message,
        explained: false,
    }
}
