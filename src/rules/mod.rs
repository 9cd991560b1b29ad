//! Audit rules (审核公式) that an office writes: a YAML file of rules over the form's fields,
//! checked when loaded and applied to every form by `check`, `collect` and the desk.
//!
//! ```yaml
//! name: 某市财政局 2022 年度审核规则
//! rules:
//!   - id: low-execution-rate
//!     severity: explain              # error 强制 | explain 需说明 | hint 提示
//!     party: unit                    # unit 单位 | office 财政（默认：所指栏目由谁填写）
//!     scope: form                    # form 每张表 | indicator 每个指标 | funds 每行资金
//!     when: 执行率 < 0.9             # true → a finding (or `require:`, false → a finding)
//!     field: 执行率                  # the field the finding points at (default: the first one named)
//!     message: 执行率 {执行率} 低于 90%，请在说明中说明原因
//!     message_en: The execution rate {执行率} is below 90%; explain why in 说明
//!     explain: {field: 说明, min_chars: 10}
//! ```
//!
//! Fields are named by their definition keys or their Chinese labels
//! ([`fields`]); expressions are rhai over exact decimals ([`engine`]). [`RuleSet::load`]
//! reports every mistake of a file with its line and column before any form is read;
//! [`apply`] gives the findings of one form. The built-in rules that the language can
//! express are in `rules/default.yaml`, embedded ([`builtin`]).

pub mod engine;
pub mod fields;

use rhai::Dynamic;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_saphyr::Spanned;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::error::Error;
use crate::finding::{Finding, RuleId, Severity};
use crate::model::{Definition, Party, Provenance};
use crate::template::Template;
use engine::{Compiled, Mistake};
use fields::{Ctx, Field, Kind, Ty};

/// The built-in rules written in the rules language (the others are in `check.rs`).
pub const DEFAULT_RULES: &str = include_str!("../../rules/default.yaml");

/// A rules file, loaded and checked.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The file's `name`, or its file name.
    pub name: String,
    pub path: PathBuf,
    pub rules: Vec<AuditRule>,
    /// Every name the rules of each scope use, bound once per form, line or indicator.
    names: [Vec<(String, &'static Field)>; 3],
}

/// One rule.
#[derive(Debug, Clone)]
pub struct AuditRule {
    pub id: Arc<str>,
    pub severity: Severity,
    pub party: Option<Party>,
    pub scope: Kind,
    /// Only the indicators of this 一级指标 / 二级指标.
    pub level1: Option<String>,
    pub level2: Option<String>,
    /// Only these funding lines (keys), for a rule over each line.
    pub lines: Vec<&'static str>,
    /// `require:` rather than `when:`: a finding when the condition does NOT hold.
    pub require: bool,
    pub condition: Compiled,
    pub field: Option<&'static Field>,
    pub message: Message,
    pub message_en: Option<Message>,
    pub explain: Option<Explain>,
    /// The article or notice the rule follows.
    pub basis: Option<String>,
    /// Every name its condition and messages use.
    names: Vec<(String, &'static Field)>,
}

/// A 需说明 rule's explanation: the field and how many characters it must hold.
#[derive(Debug, Clone)]
pub struct Explain {
    pub field: &'static Field,
    pub min_chars: usize,
}

/// A message template: text, and `{expression}` placeholders that quote the form's values.
#[derive(Debug, Clone)]
pub struct Message {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
enum Part {
    Text(String),
    /// A value; `rate`: quoted as a percentage; `whole`: a text quoted whole (`指标`, which
    /// is already shortened), others shortened to 30 characters.
    Value {
        expr: Compiled,
        rate: bool,
        whole: bool,
    },
}

// ---------------------------------------------------------------------------------------
// The file as written.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    basis: Option<String>,
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    severity: Spanned<String>,
    #[serde(default)]
    party: Option<Spanned<String>>,
    #[serde(default)]
    scope: Option<Spanned<String>>,
    #[serde(default)]
    level1: Option<Spanned<String>>,
    #[serde(default)]
    level2: Option<Spanned<String>>,
    #[serde(default)]
    lines: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    when: Option<Spanned<String>>,
    #[serde(default)]
    require: Option<Spanned<String>>,
    #[serde(default)]
    field: Option<Spanned<String>>,
    message: Spanned<String>,
    #[serde(default)]
    message_en: Option<Spanned<String>>,
    #[serde(default)]
    explain: Option<Spanned<RawExplain>>,
    #[serde(default)]
    basis: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExplain {
    field: Spanned<String>,
    #[serde(default = "one")]
    min_chars: usize,
}

fn one() -> usize {
    1
}

/// The keys of a rules file, with their Chinese names, for suggestions.
const KEYS: &[(&str, &str)] = &[
    ("name", "规则集名称"),
    ("basis", "依据"),
    ("rules", "规则列表"),
    ("id", "规则编号"),
    ("severity", "严重程度"),
    ("party", "责任方"),
    ("scope", "适用范围"),
    ("level1", "一级指标"),
    ("level2", "二级指标"),
    ("lines", "资金行"),
    ("when", "条件：成立时报告"),
    ("require", "要求：不成立时报告"),
    ("field", "栏目"),
    ("message", "提示信息"),
    ("message_en", "英文提示信息"),
    ("explain", "说明要求"),
    ("min_chars", "最少字数"),
];

// ---------------------------------------------------------------------------------------
// Loading.

/// One mistake of a rules file, at a line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl RuleSet {
    /// Read and check a rules file. Every mistake is reported, each with its line and
    /// column, in one [`Error::Rules`].
    pub fn load(path: &Path) -> Result<RuleSet, Error> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = String::from_utf8(bytes).map_err(|_| Error::NotText {
            path: path.to_path_buf(),
        })?;
        RuleSet::parse(path, &text).map_err(|problems| Error::Rules {
            path: path.to_path_buf(),
            message: problems
                .iter()
                .map(|p| {
                    crate::t!(
                        "rules-at",
                        file = path.display().to_string(),
                        line = p.line,
                        column = p.column,
                        message = p.message.clone()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n"),
        })
    }

    /// Check the text of a rules file (named `path` in messages).
    pub fn parse(path: &Path, text: &str) -> Result<RuleSet, Vec<Problem>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let normalized = crate::load::normalize_newlines(text);
        let text = normalized.as_ref();
        let raw: RawFile = if text.trim().is_empty() {
            RawFile {
                name: None,
                basis: None,
                rules: Vec::new(),
            }
        } else {
            serde_saphyr::from_str_with_options(text, crate::load::yaml_options())
                .map_err(|e| vec![yaml_problem(&e)])?
        };
        let src: Vec<&str> = text.lines().collect();
        let mut problems = Vec::new();
        let mut rules: Vec<AuditRule> = Vec::new();
        for r in raw.rules {
            if let Some(rule) = build_rule(&src, r.value, &mut problems) {
                if rules.iter().any(|o| o.id == rule.id) {
                    problems.push(Problem {
                        line: r.referenced.line() as usize,
                        column: r.referenced.column() as usize,
                        message: crate::t!("rules-duplicate-id", id = rule.id.to_string()),
                    });
                }
                rules.push(rule);
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| (p.line, p.column));
            return Err(problems);
        }
        let _ = raw.basis;
        let name = raw.name.unwrap_or_else(|| {
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        });
        Ok(RuleSet::new(name, path.to_path_buf(), rules))
    }

    fn new(name: String, path: PathBuf, mut rules: Vec<AuditRule>) -> RuleSet {
        let mut names: [Vec<(String, &'static Field)>; 3] = Default::default();
        for r in &mut rules {
            let mut exprs = vec![&r.condition];
            for m in std::iter::once(&r.message).chain(&r.message_en) {
                exprs.extend(m.parts.iter().filter_map(|p| match p {
                    Part::Value { expr, .. } => Some(expr),
                    Part::Text(_) => None,
                }));
            }
            let mut own: Vec<(String, &'static Field)> = Vec::new();
            for e in exprs {
                for (n, f) in &e.names {
                    if !own.iter().any(|(m, _)| m == n) {
                        own.push((n.clone(), f));
                    }
                }
            }
            let slot = &mut names[r.scope as usize];
            for (n, f) in &own {
                if !slot.iter().any(|(m, _)| m == n) {
                    slot.push((n.clone(), f));
                }
            }
            r.names = own;
        }
        RuleSet {
            name,
            path,
            rules,
            names,
        }
    }

    /// The rule with this id.
    pub fn get(&self, id: &str) -> Option<&AuditRule> {
        self.rules.iter().find(|r| &*r.id == id)
    }
}

/// The built-in rules of `rules/default.yaml`.
pub fn builtin() -> &'static RuleSet {
    static B: OnceLock<RuleSet> = OnceLock::new();
    B.get_or_init(|| {
        RuleSet::parse(Path::new("rules/default.yaml"), DEFAULT_RULES).unwrap_or_else(|p| {
            // A unit test loads the file; a broken one never ships.
            RuleSet::new(format!("{p:?}"), PathBuf::new(), Vec::new())
        })
    })
}

fn yaml_problem(e: &serde_saphyr::Error) -> Problem {
    let (line, column) = e
        .location()
        .map_or((1, 1), |l| (l.line() as usize, l.column() as usize));
    let raw = crate::error::yaml_raw(e);
    let message = match raw
        .strip_prefix("unknown key `")
        .or_else(|| raw.strip_prefix("unknown field `"))
        .and_then(|r| r.split_once('`'))
    {
        Some((key, _)) => {
            let names: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
            match crate::wording::nearest(key, &names) {
                Some(k) => crate::t!(
                    "rules-key-unknown-suggest",
                    key = key,
                    suggestion = k,
                    label = KEYS.iter().find(|(n, _)| *n == k).map_or("", |(_, l)| *l)
                ),
                None => crate::t!("rules-key-unknown", key = key, known = names.join("、")),
            }
        }
        None => match raw
            .strip_prefix("missing field `")
            .and_then(|r| r.split_once('`'))
        {
            Some((key, _)) => crate::t!(
                "rules-key-missing",
                key = key,
                label = KEYS.iter().find(|(n, _)| *n == key).map_or("", |(_, l)| *l)
            ),
            None if raw.starts_with("expected string scalar") => crate::t!("rules-expected-text"),
            None if raw.starts_with("mapping values are not allowed") => {
                crate::t!("rules-colon-in-value")
            }
            None if raw.contains("unclosed quote") || raw.contains("quoted scalar") => {
                crate::t!("rules-unclosed-quote")
            }
            None => crate::t!("rules-yaml", message = without_place(&raw)),
        },
    };
    Problem {
        line,
        column,
        message,
    }
}

/// A parser's message without its own ` at line L, column C` (the place is reported once).
fn without_place(m: &str) -> String {
    match m.find(" at line ") {
        Some(i) => m[..i].to_string(),
        None => m.to_string(),
    }
}

/// Where the text of a scalar starts: after its quote; a block scalar's location is its
/// text's (or, should it be the `|`/`>`, the text starts on the next line).
struct Origin {
    line: usize,
    column: usize,
}

fn origin(src: &[&str], loc_line: usize, loc_col: usize) -> Origin {
    let first = src
        .get(loc_line.saturating_sub(1))
        .and_then(|l| l.chars().nth(loc_col.saturating_sub(1)));
    match first {
        Some('"' | '\'') => Origin {
            line: loc_line,
            column: loc_col + 1,
        },
        Some('|' | '>') => {
            let line = loc_line + 1;
            let indent = src
                .get(line - 1)
                .map_or(0, |l| l.chars().take_while(|c| *c == ' ').count());
            Origin {
                line,
                column: indent + 1,
            }
        }
        _ => Origin {
            line: loc_line,
            column: loc_col,
        },
    }
}

/// A position in a scalar's text (1-based line and column of the text) as a position in the
/// file.
fn in_file(o: &Origin, line: usize, column: usize) -> (usize, usize) {
    // The lines of a block scalar lose the indentation of its first line.
    (o.line + line.max(1) - 1, o.column - 1 + column)
}

fn at<T>(s: &Spanned<T>) -> (usize, usize) {
    (s.referenced.line() as usize, s.referenced.column() as usize)
}

fn problem<T>(s: &Spanned<T>, message: String) -> Problem {
    let (line, column) = at(s);
    Problem {
        line,
        column,
        message,
    }
}

/// Compile an expression written in the scalar `s`; a mistake at its place in the file.
fn compile_at(
    src: &[&str],
    s: &Spanned<String>,
    text: &str,
    offset: usize,
    kind: Kind,
) -> Result<Compiled, Problem> {
    engine::compile(text, kind).map_err(|m: Mistake| {
        let o = origin(src, at(s).0, at(s).1);
        let (line, column) = if m.line <= 1 {
            in_file(&o, 1, offset + m.column)
        } else {
            in_file(&o, m.line, m.column)
        };
        Problem {
            line,
            column,
            message: m.message,
        }
    })
}

fn build_rule(src: &[&str], r: RawRule, problems: &mut Vec<Problem>) -> Option<AuditRule> {
    let before = problems.len();
    let id = r.id.value.trim().to_string();
    if id.is_empty() {
        problems.push(problem(&r.id, crate::t!("rules-id-empty")));
    }
    let severity = match parse_severity(&r.severity.value) {
        Some(s) => s,
        None => {
            problems.push(problem(
                &r.severity,
                crate::t!("rules-severity-unknown", value = r.severity.value.clone()),
            ));
            Severity::Error
        }
    };
    let party = r.party.as_ref().and_then(|p| {
        let v = parse_party(&p.value);
        if v.is_none() {
            problems.push(problem(
                p,
                crate::t!("rules-party-unknown", value = p.value.clone()),
            ));
        }
        v
    });
    let scope = match &r.scope {
        None => Kind::Form,
        Some(s) => parse_scope(&s.value).unwrap_or_else(|| {
            problems.push(problem(
                s,
                crate::t!("rules-scope-unknown", value = s.value.clone()),
            ));
            Kind::Form
        }),
    };
    let mut level = |v: &Option<Spanned<String>>, labels: Vec<&'static str>| -> Option<String> {
        let v = v.as_ref()?;
        if scope != Kind::Indicator {
            problems.push(problem(v, crate::t!("rules-filter-needs-indicator")));
        }
        let t = v.value.trim();
        if !labels.contains(&t) {
            let m = match crate::wording::nearest(t, &labels) {
                Some(s) => crate::t!("rules-level-unknown-suggest", value = t, suggestion = s),
                None => crate::t!("rules-level-unknown", value = t, known = labels.join("、")),
            };
            problems.push(problem(v, m));
        }
        Some(t.to_string())
    };
    let level1 = level(&r.level1, crate::wording::level1_labels());
    let level2 = level(&r.level2, crate::wording::level2_labels());
    let mut lines = Vec::new();
    if let Some(l) = &r.lines {
        if scope != Kind::Line {
            problems.push(problem(l, crate::t!("rules-lines-need-funds")));
        }
        for name in &l.value {
            match line_key(name) {
                Some(k) => lines.push(k),
                None => problems.push(problem(
                    l,
                    crate::t!("rules-line-unknown", value = name.clone()),
                )),
            }
        }
    }
    let (cond_src, require) = match (&r.when, &r.require) {
        (Some(w), None) => (w, false),
        (None, Some(q)) => (q, true),
        (Some(w), Some(_)) => {
            problems.push(problem(w, crate::t!("rules-when-and-require")));
            (w, false)
        }
        (None, None) => {
            problems.push(problem(
                &r.id,
                crate::t!("rules-no-condition", id = id.clone()),
            ));
            return None;
        }
    };
    let condition = match compile_at(src, cond_src, &cond_src.value, 0, scope) {
        Ok(c) => {
            if let Some(t) = c.ty.filter(|t| *t != Ty::Bool) {
                problems.push(problem(
                    cond_src,
                    crate::t!("rules-condition-not-bool", found = t.words()),
                ));
            }
            Some(c)
        }
        Err(p) => {
            problems.push(p);
            None
        }
    };
    let field = r
        .field
        .as_ref()
        .and_then(|f| named_field(f, scope, problems));
    let message = template(src, &r.message, scope, problems);
    let message_en = r
        .message_en
        .as_ref()
        .and_then(|m| template(src, m, scope, problems));
    let explain = match (&r.explain, severity) {
        (Some(e), Severity::Explain) => {
            let f = named_field(&e.value.field, scope, problems);
            if let Some(f) = f.filter(|f| f.ty != Ty::Text) {
                problems.push(problem(
                    &e.value.field,
                    crate::t!("rules-explain-not-text", name = f.label.clone()),
                ));
            }
            f.map(|field| Explain {
                field,
                min_chars: e.value.min_chars,
            })
        }
        (Some(e), _) => {
            problems.push(problem(e, crate::t!("rules-explain-needs-explain")));
            None
        }
        (None, Severity::Explain) => {
            problems.push(problem(&r.severity, crate::t!("rules-explain-missing")));
            None
        }
        (None, _) => None,
    };
    if problems.len() > before {
        return None;
    }
    Some(AuditRule {
        id: id.into(),
        severity,
        party,
        scope,
        level1,
        level2,
        lines,
        require,
        condition: condition?,
        field,
        message: message?,
        message_en,
        explain,
        basis: r.basis,
        names: Vec::new(),
    })
}

fn named_field(
    s: &Spanned<String>,
    scope: Kind,
    problems: &mut Vec<Problem>,
) -> Option<&'static Field> {
    let name = s.value.trim();
    match fields::lookup(name) {
        Some(f) if engine::usable(f, scope) => Some(f),
        _ => {
            problems.push(problem(s, engine::unknown_name(name, Some(scope))));
            None
        }
    }
}

fn template(
    src: &[&str],
    s: &Spanned<String>,
    scope: Kind,
    problems: &mut Vec<Problem>,
) -> Option<Message> {
    let cs: Vec<char> = s.value.chars().collect();
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    let mut ok = true;
    while i < cs.len() {
        match cs[i] {
            '{' if cs.get(i + 1) == Some(&'{') => {
                text.push('{');
                i += 2;
            }
            '}' if cs.get(i + 1) == Some(&'}') => {
                text.push('}');
                i += 2;
            }
            '{' => {
                let Some(len) = cs[i + 1..].iter().position(|c| *c == '}') else {
                    let o = origin(src, at(s).0, at(s).1);
                    let (line, column) = in_file(&o, 1, i + 1);
                    problems.push(Problem {
                        line,
                        column,
                        message: crate::t!("rules-message-unclosed"),
                    });
                    return None;
                };
                let inner: String = cs[i + 1..i + 1 + len].iter().collect();
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                match compile_at(src, s, &inner, i + 1, scope) {
                    Ok(expr) => {
                        let name = inner.trim();
                        let f = fields::lookup(name);
                        parts.push(Part::Value {
                            expr,
                            rate: f.is_some_and(|f| f.rate),
                            whole: f.is_some_and(|f| f.get == fields::Get::Who),
                        });
                    }
                    Err(p) => {
                        problems.push(p);
                        ok = false;
                    }
                }
                i += len + 2;
            }
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    if !text.is_empty() {
        parts.push(Part::Text(text));
    }
    ok.then_some(Message { parts })
}

fn parse_severity(s: &str) -> Option<Severity> {
    match s.trim() {
        "error" | "强制" => Some(Severity::Error),
        "explain" | "需说明" => Some(Severity::Explain),
        "hint" | "提示" | "warning" => Some(Severity::Warning),
        _ => None,
    }
}

fn parse_party(s: &str) -> Option<Party> {
    match s.trim() {
        "unit" | "单位" | "填报单位" => Some(Party::Unit),
        "office" | "财政" | "主管部门" => Some(Party::Office),
        _ => None,
    }
}

fn parse_scope(s: &str) -> Option<Kind> {
    match s.trim() {
        "form" | "每张表" => Some(Kind::Form),
        "indicator" | "indicators" | "每个指标" => Some(Kind::Indicator),
        "funds" | "line" | "每行资金" => Some(Kind::Line),
        _ => None,
    }
}

/// A funding line by key or label (`city`, `市级资金`, `其中：中央、省补助`, `中央、省补助`).
fn line_key(name: &str) -> Option<&'static str> {
    let n = name.trim();
    crate::model::FUND_LINES.iter().copied().find(|k| {
        let l = crate::model::fund_line_label(k);
        *k == n || l == n || l.strip_prefix("其中：") == Some(n)
    })
}

// ---------------------------------------------------------------------------------------
// Applying.

/// What one rule found in one place: the field path, the message, whether explained.
pub struct Hit {
    pub field: String,
    pub message: String,
    pub explained: bool,
    /// The rule could not be evaluated on this form (the message says why): a 提示 for the
    /// office, whatever the rule's own grade and party.
    pub failed: bool,
}

/// The findings of a rule set on one form (a definition without provenance).
pub fn apply(rules: &RuleSet, def: &Definition, t: &Template) -> Vec<Finding> {
    apply_with(rules, def, &Provenance::default(), t)
}

/// The findings of a rule set on one form read from `from`: the form's rules, then each
/// funding line's, then each indicator's, each in the file's order.
pub fn apply_with(
    rules: &RuleSet,
    def: &Definition,
    from: &Provenance,
    t: &Template,
) -> Vec<Finding> {
    if rules.rules.is_empty() {
        return Vec::new();
    }
    let instruction = if t.note_instruction.is_empty() {
        crate::wording::NOTE_INSTRUCTION
    } else {
        &t.note_instruction
    };
    let returned = crate::wording::is_returned(def, from, instruction);
    let weights = crate::layout::effective_weights(t, def);
    let base = Ctx {
        def,
        t,
        line: "total",
        indicator: None,
        weights: &weights,
        returned,
    };
    let mut out = Vec::new();
    let mut emit = |r: &AuditRule, hit: Hit| {
        let mut f = crate::finding::finding(
            def,
            from,
            Some(t),
            hit.field,
            RuleId::Custom(r.id.clone()),
            hit.message,
        );
        f.severity = r.severity;
        f.explained = hit.explained;
        if let Some(p) = r.party {
            f.party = p;
        }
        if hit.failed {
            f.severity = crate::finding::Severity::Warning;
            f.party = crate::model::Party::Office;
        }
        out.push(f);
    };
    let of = |k: Kind| rules.rules.iter().filter(move |r| r.scope == k);
    if of(Kind::Form).next().is_some() {
        let mut scope = engine::scope_for(&rules.names[Kind::Form as usize], &base);
        for r in of(Kind::Form) {
            if let Some(hit) = run(r, &mut scope, &base) {
                emit(r, hit);
            }
        }
    }
    if of(Kind::Line).next().is_some() {
        for line in t.fund_lines() {
            let Some(line) = crate::model::FUND_LINES
                .iter()
                .copied()
                .find(|k| *k == line)
            else {
                continue;
            };
            let ctx = Ctx { line, ..base };
            let mut scope = engine::scope_for(&rules.names[Kind::Line as usize], &ctx);
            for r in of(Kind::Line).filter(|r| r.lines.is_empty() || r.lines.contains(&line)) {
                if let Some(hit) = run(r, &mut scope, &ctx) {
                    emit(r, hit);
                }
            }
        }
    }
    if of(Kind::Indicator).next().is_some() {
        for (i, ind) in def.indicators.iter().enumerate() {
            if ind.is_empty() {
                continue;
            }
            let ctx = Ctx {
                indicator: Some(i),
                ..base
            };
            let mut scope = engine::scope_for(&rules.names[Kind::Indicator as usize], &ctx);
            for r in of(Kind::Indicator).filter(|r| {
                r.level1.as_deref().is_none_or(|l| ind.level1.trim() == l)
                    && r.level2.as_deref().is_none_or(|l| ind.level2.trim() == l)
            }) {
                if let Some(hit) = run(r, &mut scope, &ctx) {
                    emit(r, hit);
                }
            }
        }
    }
    out
}

/// Evaluate one rule in a context (for the built-in rules that `check` places itself).
pub fn evaluate(r: &AuditRule, ctx: &Ctx) -> Option<Hit> {
    let mut scope = engine::scope_for(&r.names, ctx);
    run(r, &mut scope, ctx)
}

/// The values every rule of a set's `kind` uses, in a context: bind once, then
/// [`evaluate_in`] each rule of that kind.
pub fn bind(set: &RuleSet, kind: Kind, ctx: &Ctx) -> rhai::Scope<'static> {
    engine::scope_for(&set.names[kind as usize], ctx)
}

/// Evaluate one rule with values bound by [`bind`] for the same context and the rule's kind.
pub fn evaluate_in(r: &AuditRule, scope: &mut rhai::Scope, ctx: &Ctx) -> Option<Hit> {
    run(r, scope, ctx)
}

fn run(r: &AuditRule, scope: &mut rhai::Scope, ctx: &Ctx) -> Option<Hit> {
    let failed = match r.condition.try_eval(scope) {
        Ok(v) => {
            // The type check makes every condition true or false.
            if v.as_bool().ok()? == r.require {
                return None;
            }
            None
        }
        // A blank amount the rule computes with: nothing to judge here (the form's own checks
        // say what is blank).
        Err(_) if r.condition.uses_blank(scope) => return None,
        // Anything else (too many steps, a division by zero) is said, never passed over.
        Err(e) => Some(e),
    };
    let message = match (&failed, &r.message_en, crate::i18n::current()) {
        (Some(e), ..) => crate::t!(
            "rules-runtime-failed",
            id = r.id.to_string(),
            message = e.clone()
        ),
        (None, Some(en), crate::i18n::Lang::En) => en.render(scope),
        _ => r.message.render(scope),
    };
    let field = r
        .field
        .and_then(|f| ctx.path(f))
        .or_else(|| r.condition.names.iter().find_map(|(_, f)| ctx.path(f)))
        .or_else(|| ctx.indicator.map(crate::field::indicator_row))
        .unwrap_or_else(|| match r.scope {
            Kind::Line => format!("funds.{}", ctx.line),
            _ => "form".to_string(),
        });
    let explained = r.explain.as_ref().is_some_and(|e| explained(e, ctx));
    Some(Hit {
        field,
        message,
        explained: explained && failed.is_none(),
        failed: failed.is_some(),
    })
}

/// Whether the explanation field holds at least the characters asked for (the 说明's
/// instruction text does not count).
fn explained(e: &Explain, ctx: &Ctx) -> bool {
    let fields::Value::Text(t) = ctx.value(e.field) else {
        return false;
    };
    if e.field.key == "note" {
        let i = if ctx.t.note_instruction.is_empty() {
            crate::wording::NOTE_INSTRUCTION
        } else {
            &ctx.t.note_instruction
        };
        if crate::wording::is_instruction(&t, i) {
            return false;
        }
    }
    let meaningful = crate::wording::gives_reason(&t);
    meaningful && t.chars().filter(|c| !c.is_whitespace()).count() >= e.min_chars
}

impl Message {
    /// The message with its placeholders filled in.
    pub fn render(&self, scope: &mut rhai::Scope) -> String {
        let mut s = String::new();
        for p in &self.parts {
            match p {
                Part::Text(t) => s.push_str(t),
                Part::Value { expr, rate, whole } => {
                    let v = expr.eval(scope).unwrap_or(Dynamic::UNIT);
                    s.push_str(&quote(v, *rate, *whole));
                }
            }
        }
        s
    }
}

/// A value as a message quotes it: amounts without trailing zeros, rates as percentages,
/// long texts shortened, yes/no as 是/否, a blank as 空.
fn quote(v: Dynamic, rate: bool, whole: bool) -> String {
    if v.is_unit() {
        return crate::t!("rules-blank");
    }
    if let Some(d) = v.clone().try_cast::<Decimal>() {
        return if rate {
            crate::amount::percent_text(d)
        } else {
            crate::amount::text(d)
        };
    }
    if let Ok(i) = v.as_int() {
        return i.to_string();
    }
    if let Ok(b) = v.as_bool() {
        return if b {
            crate::t!("rules-yes")
        } else {
            crate::t!("rules-no")
        };
    }
    match v.into_immutable_string() {
        Ok(s) if whole => s.to_string(),
        Ok(s) => crate::wording::excerpt(&s),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Rule;

    fn parse(text: &str) -> Result<RuleSet, Vec<Problem>> {
        crate::i18n::set(crate::i18n::Lang::Zh);
        RuleSet::parse(Path::new("r.yaml"), text)
    }

    fn problems(text: &str) -> Vec<(usize, usize, String)> {
        parse(text)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|p| (p.line, p.column, p.message))
            .collect()
    }

    #[test]
    fn the_default_rules_load_and_are_built_in_rules_of_the_same_severity() {
        let set = RuleSet::parse(Path::new("rules/default.yaml"), DEFAULT_RULES).unwrap();
        assert_eq!(set.rules.len(), 7);
        for r in &set.rules {
            let b = Rule::ALL.iter().find(|b| b.id() == &*r.id).unwrap();
            assert_eq!(b.severity(), r.severity, "{}", r.id);
        }
        assert_eq!(builtin().rules.len(), 7);
    }

    #[test]
    fn mistakes_are_found_with_line_and_column() {
        let text =
            "rules:\n  - id: a\n    severity: error\n    when: 执行律 < 0.9\n    message: x\n";
        assert_eq!(
            problems(text),
            vec![(
                4,
                11,
                "没有名为“执行律”的栏目，是否应为 `rate`（执行率）？".to_string()
            )]
        );
        let text =
            "rules:\n  - id: a\n    severity: error\n    when: \"说明 > 0.9\"\n    message: x\n";
        let p = problems(text);
        assert_eq!((p[0].0, p[0].1), (4, 15), "{p:?}");
        assert!(p[0].2.contains("类型不符"), "{p:?}");
        let text =
            "rules:\n  - id: a\n    severity: 严重\n    when: 执行率 < 0.9\n    message: x\n";
        let p = problems(text);
        assert_eq!((p[0].0, p[0].1), (3, 15), "{p:?}");
        let text =
            "rules:\n  - id: a\n    severity: error\n    whne: 执行率 < 0.9\n    message: x\n";
        let p = problems(text);
        assert_eq!(
            p[0].2, "不认识的键“whne”，是否应为 `when`（条件：成立时报告）？",
            "{p:?}"
        );
        assert_eq!(p[0].0, 4, "{p:?}");
        let text = "rules:\n  - id: a\n    severity: error\n    when: |\n      执行率 < 0.9 &&\n        funds.totl.rate > 1\n    message: x\n";
        let p = problems(text);
        assert_eq!((p[0].0, p[0].1), (6, 9), "{p:?}");
        let text =
            "rules:\n  - id: a\n    severity: error\n    when: while true {}\n    message: x\n";
        let p = problems(text);
        assert!(p[0].2.contains("不允许使用循环"), "{p:?}");
        // Inside an `if`: the condition, the comparisons and the branches are checked too.
        for (when, says) in [
            ("if 说明 > 0.9 { true } else { false }", "类型不符"),
            ("if 执行率 { true } else { false }", "应是一个是/否的判断"),
            (
                "if 执行率 < 0.9 { 说明 } else { 执行率 }",
                "两个分支结果类型不同",
            ),
        ] {
            let text = format!(
                "rules:\n  - id: a\n    severity: error\n    when: \"{when}\"\n    message: x\n"
            );
            let p = problems(&text);
            assert!(!p.is_empty() && p[0].2.contains(says), "{when}: {p:?}");
            assert_eq!(p[0].0, 4, "{when}: {p:?}");
        }
        assert!(
            engine::compile(
                "if 执行率 < 0.9 { 长度(说明) < 10 } else { false }",
                Kind::Form
            )
            .is_ok()
        );
    }

    #[test]
    fn amounts_are_exact() {
        let c = engine::compile("0.1 + 0.2 == 0.3", Kind::Form).unwrap();
        let mut s = rhai::Scope::new();
        assert_eq!(c.eval(&mut s).unwrap().as_bool(), Ok(true));
    }
}
