//! The wording of a form's texts as the checks and the rules read them: the standard
//! indicator vocabulary, what a 全年完成值 says, whether a reason is given, numbers and
//! amounts found in a text, and texts shortened for quoting.

use rust_decimal::Decimal;

use crate::amount;
use crate::model::{Definition, FUND_LINES, Provenance};

/// The standard indicator vocabulary: each 一级指标 with its 二级指标.
pub const VOCABULARY: [(&str, &[&str]); 3] = [
    (
        "产出指标",
        &["数量指标", "质量指标", "时效指标", "成本指标"],
    ),
    (
        "效益指标",
        &[
            "经济效益指标",
            "社会效益指标",
            "生态效益指标",
            "可持续影响指标",
        ],
    ),
    ("满意度指标", &["服务对象满意度指标"]),
];

/// Character-level edit distance (Levenshtein over characters, by strsim).
pub fn distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(a, b)
}

pub fn chars(s: &str) -> Vec<char> {
    s.chars().collect()
}

/// What a 全年完成值 says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Blank,
    Completed,
    NotCompleted,
    /// A figure or a description that says neither.
    Other,
}

const NOT_DONE: &[&str] = &[
    "未完成",
    "部分完成",
    "没有完成",
    "没完成",
    "未全部完成",
    "未达到",
    "未达标",
    "未实现",
    "尚未",
    "未按时",
    "未能",
    "进行中",
    "正在",
];
const DONE: &[&str] = &["完成", "达到", "达标", "实现", "落实"];

/// Usual wordings of a 全年完成值, for spotting typos in them.
const COMPLETION_WORDS: &[&str] = &[
    "已完成",
    "按时完成",
    "按期完成",
    "如期完成",
    "提前完成",
    "全部完成",
    "基本完成",
    "超额完成",
    "全面完成",
    "未完成",
    "部分完成",
    "已达到",
    "已达标",
    "已实现",
];

/// The usual wording a short completion text was probably meant to be (`按时按成` →
/// `按时完成`): same length, one character different, no digits.
pub fn completion_typo(text: &str) -> Option<&'static str> {
    let t = strip_end_punct(text.trim());
    let len = t.chars().count();
    if len < 3 || t.chars().any(|c| c.is_ascii_digit()) || COMPLETION_WORDS.contains(&t) {
        return None;
    }
    COMPLETION_WORDS
        .iter()
        .copied()
        .find(|w| w.chars().count() == len && distance(t, w) == 1)
}

/// What a 全年完成值 (or any completion text) says, reading through a typo.
pub fn status(text: &str) -> Status {
    let t = text.trim();
    if t.is_empty() {
        return Status::Blank;
    }
    let t = completion_typo(t).unwrap_or(t);
    if NOT_DONE.iter().any(|w| t.contains(w)) {
        Status::NotCompleted
    } else if DONE.iter().any(|w| t.contains(w)) || t == "是" {
        Status::Completed
    } else {
        Status::Other
    }
}

/// Whether a 未完成原因和改进措施 actually gives one (`无`, `/`, `-` do not).
pub fn gives_reason(reason: &str) -> bool {
    let r = strip_end_punct(reason.trim());
    !matches!(
        r,
        "" | "无" | "没有" | "/" | "／" | "-" | "—" | "——" | "不适用" | "无未完成情况"
    )
}

pub fn strip_end_punct(s: &str) -> &str {
    s.trim_end_matches(['。', '.', '，', ',', '；', ';', '！', '!'])
}

/// A text that is nothing but a number /// A text that is nothing but a number (`550`, `54.6`, `５００`, `1,234`).
pub fn bare_number(s: &str) -> Option<Decimal> {
    if is_bare_number(s) {
        amount::parse(s.trim())
    } else {
        None
    }
}

/// Whether a text is only a number: digits (half- or full-width) and separators, however
/// long (a number too long for an amount is still not a name).
pub fn is_bare_number(s: &str) -> bool {
    let t = s.trim();
    t.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
        && t.chars().all(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | '．' | ',' | '，')
        })
}

/// Amounts in 万元 quoted in a text: `450 万`, `40万元`, `4,000,000 元` (as 400 万元),
/// `1.2 亿` (as 12000 万元). Full-width digits are read too.
pub fn quoted_amounts(text: &str) -> Vec<Decimal> {
    let cs: Vec<char> = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            c => c,
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        if !cs[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < cs.len()
            && (cs[i].is_ascii_digit()
                || ((cs[i] == '.' || cs[i] == ',')
                    && cs.get(i + 1).is_some_and(char::is_ascii_digit)))
        {
            i += 1;
        }
        let num: String = cs[start..i].iter().filter(|c| **c != ',').collect();
        let mut j = i;
        while j < cs.len() && (cs[j] == ' ' || cs[j] == '\u{3000}') {
            j += 1;
        }
        let Ok(d) = num.parse::<Decimal>() else {
            continue;
        };
        let scaled = match cs.get(j) {
            Some('万') => Some(d),
            Some('亿') => d.checked_mul(Decimal::from(10_000)),
            Some('元') => d.checked_div(Decimal::from(10_000)),
            _ => None,
        };
        if let Some(v) = scaled {
            out.push(v);
        }
    }
    out
}

/// A long text shortened for quoting in a message.
pub fn excerpt(s: &str) -> String {
    let cs = chars(s.trim());
    if cs.len() <= 30 {
        cs.into_iter().collect()
    } else {
        let mut t: String = cs[..28].iter().collect();
        t.push('…');
        t
    }
}

/// Whether the unit has filled the form in (see the module docs).
pub fn is_returned(def: &Definition, from: &Provenance, instruction: &str) -> bool {
    from.is_workbook()
        || !def.contact.trim().is_empty()
        || FUND_LINES
            .iter()
            .any(|k| def.funds.line(k).is_some_and(|l| l.executed.is_some()))
        || !def.goal.actual.trim().is_empty()
        || def
            .indicators
            .iter()
            .any(|i| !i.actual.trim().is_empty() || !i.reason.trim().is_empty())
        || (!def.note.trim().is_empty() && !is_instruction(&def.note, instruction))
}

/// Whether a 说明 is the instruction of a blank form or a variant of it (`填写无`, `金額`,
/// `所涉及金额`, …): it starts like it, or differs from it in at most a fifth of its characters.
pub fn is_instruction(note: &str, instruction: &str) -> bool {
    let n: String = note.chars().filter(|c| !c.is_whitespace()).collect();
    let i: String = instruction.chars().filter(|c| !c.is_whitespace()).collect();
    if n.is_empty() {
        return false;
    }
    if n.starts_with("请在此处") {
        return true;
    }
    distance(&n, &i) * 5 <= i.chars().count().max(n.chars().count())
}

/// The 说明 instruction of a blank form, used when the form's variant cannot be found.
pub const NOTE_INSTRUCTION: &str =
    "请在此处简要说明各级监督检查中发现的问题及其所涉及的金额，如没有请填无";

/// The standard label nearest to `text` among `candidates`, when at least half of its
/// characters agree (edit distance at most half the longer label).
pub fn nearest<'l>(text: &str, candidates: &[&'l str]) -> Option<&'l str> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t_len = t.chars().count();
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        let d = distance(&t, cand);
        if d * 2 <= t_len.max(cand.chars().count()) && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

/// Every standard 一级指标.
pub fn level1_labels() -> Vec<&'static str> {
    VOCABULARY.iter().map(|(l1, _)| *l1).collect()
}

/// Every standard 二级指标.
pub fn level2_labels() -> Vec<&'static str> {
    VOCABULARY
        .iter()
        .flat_map(|(_, l2)| l2.iter().copied())
        .collect()
}

/// The 一级指标 a standard 二级指标 belongs to.
pub fn level1_of(level2: &str) -> Option<&'static str> {
    VOCABULARY
        .iter()
        .find(|(_, l2)| l2.contains(&level2))
        .map(|(l1, _)| *l1)
}
