//! Reading definitions from YAML (or JSON) files and folders.
//!
//! A file holds one definition (a mapping) or a list of them. Folders are searched
//! recursively for `.yaml`, `.yml` and `.json` files, in name order. Errors name the file and
//! the line and column, and say what was expected.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::layout::CELL_TEXT_MAX;
use crate::model::{Definition, Provenance};

/// Larger definition files are refused rather than read: a province's definitions are kept
/// one project per file, and even a list of a thousand projects is a few MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub use crate::error::MAX_ALIAS_NODES;

/// A definition and where it was read from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub def: Definition,
    /// The file, and the position in its list when it holds one.
    pub from: Provenance,
}

impl Loaded {
    /// Which definition of its file this is, for messages: `the definition of 甲`,
    /// `definition 2 (乙)`, `definition 3` (no project yet), `the definition`.
    pub fn what(&self) -> String {
        let project = self.def.project.as_str();
        match self.from.item {
            Some(i) if project.is_empty() => crate::t!("definition-n", n = i + 1),
            Some(i) => crate::t!("definition-n-of", n = i + 1, project = project),
            None if project.is_empty() => crate::t!("definition-the"),
            None => crate::t!("definition-of", project = project),
        }
    }

    /// `path` or `path, definition N` for messages.
    pub fn place(&self) -> String {
        self.from.place()
    }
}

/// Every definition file under the given files and folders (see [`crate::input`]).
pub fn definition_files(inputs: &[PathBuf]) -> Result<crate::input::Found> {
    crate::input::expand(inputs, crate::input::Kind::Definitions)
}

/// Load every definition under the given files and folders. Returns the definitions read and,
/// separately, one error per file that could not be read; callers decide whether a bad file
/// stops the batch.
pub fn load_all(inputs: &[PathBuf]) -> Result<(Vec<Loaded>, Vec<Error>)> {
    use rayon::prelude::*;
    let files = definition_files(inputs)?.files;
    let results: Vec<Result<Vec<Loaded>>> = files.par_iter().map(|f| load_file(f)).collect();
    let mut defs = Vec::new();
    let mut errors = Vec::new();
    for r in results {
        match r {
            Ok(mut v) => defs.append(&mut v),
            Err(e) => errors.push(e),
        }
    }
    Ok((defs, errors))
}

/// Load the definitions of one file (YAML, or JSON when the name ends in `.json`).
pub fn load_file(path: &Path) -> Result<Vec<Loaded>> {
    let meta = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::Syntax {
            path: path.to_path_buf(),
            message: crate::t!(
                "definition-too-large",
                size = meta.len() / (1024 * 1024),
                max = MAX_FILE_BYTES / (1024 * 1024)
            ),
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    parse_bytes(path, &bytes)
}

/// Parse definitions from bytes that came from `path`.
pub fn parse_bytes(path: &Path, bytes: &[u8]) -> Result<Vec<Loaded>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| Error::NotText {
        path: path.to_path_buf(),
    })?;
    if text.contains('\0') {
        return Err(Error::NotText {
            path: path.to_path_buf(),
        });
    }
    // A file saved with old Mac line endings (`\r` alone) or Windows ones (`\r\n`) is read
    // as if its lines ended in `\n`, one line break for one, so that the line numbers in
    // messages stay the file's.
    let text = &*normalize_newlines(text);
    if is_blank_yaml(text) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let parsed: OneOrMany = if crate::input::ext_lower(path).as_deref() == Some("json") {
        serde_json::from_str(text).map_err(|e| Error::Yaml {
            path: path.to_path_buf(),
            line: e.line() as u64,
            column: e.column() as u64,
            message: json_message(&e, text),
        })?
    } else {
        serde_saphyr::from_str_with_options(text, yaml_options())
            .map_err(|e| yaml_error(path, text, &e))?
    };
    let (defs, listed) = match parsed {
        OneOrMany::One(d) => (vec![*d], false),
        OneOrMany::Many(v) => (v, true),
    };
    if defs.is_empty() {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut out = Vec::with_capacity(defs.len());
    for (i, def) in defs.into_iter().enumerate() {
        let loaded = Loaded {
            def,
            from: Provenance::file(path, listed.then_some(i)),
        };
        validate(&loaded)?;
        out.push(loaded);
    }
    Ok(out)
}

/// What a definition must satisfy beyond its YAML types.
pub fn validate(l: &Loaded) -> Result<()> {
    let what = l.what();
    let invalid = |message: String| {
        Err(Error::Invalid {
            path: l.from.file.clone(),
            what: what.clone(),
            message,
        })
    };
    if !(1949..=2100).contains(&l.def.year) {
        return invalid(crate::t!("definition-year-range", year = l.def.year));
    }
    if l.def.project.trim().is_empty() {
        return invalid(crate::t!("definition-project-blank"));
    }
    let t = match crate::template::get(&l.def.form) {
        Ok(t) => t,
        Err(e) => return invalid(crate::t!("definition-form", message = e.to_string())),
    };
    // A text must fit the cell it is drawn in. A cell shows one of the definition's texts,
    // perhaps with a label, so only a definition whose texts together come near the limit is
    // laid out to find out.
    let d = &l.def;
    let texts: usize = [
        &d.project,
        &d.contact,
        &d.city_department,
        &d.local_department,
        &d.unit,
        &d.goal.target,
        &d.goal.actual,
        &d.note,
    ]
    .iter()
    .map(|s| s.len())
    .sum::<usize>()
        + d.indicators
            .iter()
            .map(|i| {
                [
                    &i.level1, &i.level2, &i.name, &i.target, &i.actual, &i.reason,
                ]
                .iter()
                .map(|s| s.len())
                .sum::<usize>()
            })
            .sum::<usize>();
    // An amount must reach its cell exactly: a cell holds a double, which keeps 15
    // significant digits, and an amount of more would come back from a returned form changed.
    for (key, value) in amounts(d) {
        let digits = crate::amount::significant_digits(value);
        if digits > crate::amount::MAX_SIGNIFICANT_DIGITS {
            return invalid(crate::t!(
                "definition-digits",
                label = t.field_name(&key),
                key = key,
                value = value.to_string(),
                digits = digits,
                max = crate::amount::MAX_SIGNIFICANT_DIGITS
            ));
        }
    }
    if texts + 1024 > CELL_TEXT_MAX
        && let Some((p, units)) = crate::layout::lay_out(t, d, false).overlong()
    {
        let field = p.field.as_deref().map(|f| t.field_name(f));
        return invalid(crate::t!(
            "definition-overlong",
            field = field.unwrap_or_else(|| crate::t!("definition-a-text")),
            units = units,
            max = CELL_TEXT_MAX
        ));
    }
    Ok(())
}

/// The text with every line break as `\n`: `\r\n` and a lone `\r` become `\n`, one for one.
/// Borrowed when the text has no `\r`. YAML reads line breaks in any of the three spellings
/// as `\n` inside its values anyway; JSON allows none inside a string.
pub fn normalize_newlines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// How YAML definitions are read: the size of a file is bounded by [`MAX_FILE_BYTES`], so
/// the parser's own caps on nodes, events and text are lifted; what aliases expand to is
/// bounded by [`MAX_ALIAS_NODES`], however few or many aliases there are.
pub fn yaml_options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_events: usize::MAX,
            max_nodes: usize::MAX,
            max_total_scalar_bytes: usize::MAX,
            // Each alias is charged to the expansion bound below.
            max_aliases: usize::MAX,
            enforce_alias_anchor_ratio: false,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_NODES,
        },
    }
}

/// Every amount of a definition with its key (`funds.total.budget`, `indicators[3].score`,
/// indicators counted from 1 as `diff` counts them).
fn amounts(d: &Definition) -> Vec<(String, rust_decimal::Decimal)> {
    let mut out = Vec::new();
    for key in crate::model::FUND_LINES {
        if let Some(line) = d.funds.line(key) {
            for (field, v) in [
                ("initial_budget", line.initial_budget),
                ("budget", line.budget),
                ("executed", line.executed),
            ] {
                if let Some(v) = v {
                    out.push((format!("funds.{key}.{field}"), v));
                }
            }
        }
    }
    if let Some(w) = d.funds.weight {
        out.push(("funds.weight".to_string(), w));
    }
    for (n, i) in d.indicators.iter().enumerate() {
        for (field, v) in [("weight", i.weight), ("score", i.score)] {
            if let Some(v) = v {
                out.push((format!("indicators[{}].{field}", n + 1), v));
            }
        }
    }
    out
}

fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

fn yaml_error(path: &Path, text: &str, e: &serde_saphyr::Error) -> Error {
    let raw = crate::error::yaml_raw(e);
    match e.location() {
        Some(loc) if loc.line() > 0 => Error::Yaml {
            path: path.to_path_buf(),
            line: loc.line(),
            column: loc.column(),
            message: crate::error::explain(
                &raw,
                Some(&crate::error::Spot::at(text, loc.line(), loc.column())),
            ),
        },
        _ => Error::Syntax {
            path: path.to_path_buf(),
            message: crate::error::explain(&raw, None),
        },
    }
}

fn json_message(e: &serde_json::Error, text: &str) -> String {
    let s = e.to_string();
    let spot = crate::error::Spot::at(text, e.line() as u64, e.column() as u64);
    crate::error::explain(&s, Some(&spot))
}

/// A file holds one definition or a list of them.
enum OneOrMany {
    One(Box<Definition>),
    Many(Vec<Definition>),
}

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(OneOrManyVisitor)
    }
}

struct OneOrManyVisitor;

impl<'de> Visitor<'de> for OneOrManyVisitor {
    type Value = OneOrMany;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a project definition (a mapping with `year`, `project`, …) or a list of them")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Self::Value, A::Error> {
        Definition::deserialize(de::value::MapAccessDeserializer::new(map))
            .map(|d| OneOrMany::One(Box::new(d)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> std::result::Result<Self::Value, A::Error> {
        Vec::<Definition>::deserialize(de::value::SeqAccessDeserializer::new(seq))
            .map(OneOrMany::Many)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Loaded>> {
        parse_bytes(Path::new("t.yaml"), text.as_bytes())
    }

    #[test]
    fn one_or_many() {
        let one = parse("year: 2021\nproject: 甲\n").unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].from.item, None);
        assert_eq!(one[0].def.form, "city");
        let many = parse("- {year: 2021, project: 甲}\n- {year: 2021, project: 乙}\n").unwrap();
        assert_eq!(many.len(), 2);
        assert_eq!(many[1].from.item, Some(1));
        assert_eq!(many[1].def.project, "乙");
    }

    #[test]
    fn amounts_are_exact_from_numbers_and_strings() {
        let d = &parse(
            "year: 2021\nproject: 甲\nfunds:\n  total: {budget: 0.30, executed: \"273.89\"}\n  city: {budget: 1234567890123.45}\n",
        )
        .unwrap()[0]
            .def;
        assert_eq!(d.funds.total.budget.unwrap().to_string(), "0.30");
        assert_eq!(d.funds.total.executed.unwrap().to_string(), "273.89");
        assert_eq!(d.funds.city.budget.unwrap().to_string(), "1234567890123.45");
        assert_eq!(d.funds.other.budget, None);
    }

    #[test]
    fn amounts_a_cell_cannot_hold_are_refused_by_file_definition_and_key() {
        // 16 significant digits: a cell would round it.
        let e = parse("year: 2021\nproject: 甲\nfunds:\n  city: {budget: 1234567890123.456}\n")
            .unwrap_err();
        assert!(matches!(e, Error::Invalid { .. }), "{e:?}");
        let e = e.to_string();
        assert_eq!(
            e,
            "t.yaml，“甲”的定义：funds.city.budget（市级资金 全年预算数（A））为 \
             1234567890123.456，有 16 位有效数字，超过了 Excel 单元格能精确保存的 15 位；\
             请减少小数位数。"
        );
        let e = parse(
            "- {year: 2021, project: 甲}\n- year: 2021\n  project: 乙\n  indicators:\n    - {name: a}\n    - {name: b, score: \"0.1234567890123456\"}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("t.yaml，第 2 个定义（乙）：indicators[2].score（第 2 行指标）为 0.1234567890123456，有 16 位有效数字"),
            "{e}"
        );
        let e = parse(
            "year: 2021\nproject: 甲\nfunds:\n  total: {executed: 12345678901234567891234567890}\n",
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("funds.total.executed（") && e.contains("有 28 位有效数字"),
            "{e}"
        );
        // More digits than a decimal holds: refused where they are written, never rounded.
        for (amount, digits) in [
            ("1.00000000000000000000000000001", 30),
            ("123456789012345678901234567890123", 33),
            ("\"0.1234567890123456789012345678901\"", 31),
        ] {
            let e = parse(&format!(
                "year: 2021\nproject: 甲\nfunds:\n  city: {{budget: {amount}}}\n"
            ))
            .unwrap_err()
            .to_string();
            assert!(
                e.starts_with("t.yaml 第 4 行第") && e.contains(&format!("有 {digits} 位有效数字")),
                "{e}"
            );
        }
        let e = parse_bytes(
            Path::new("d.json"),
            br#"{"year": 2021, "project": "x", "funds": {"city": {"budget": 1.00000000000000000000000000001}}}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("有 30 位有效数字"), "{e}");
        // Zeros at either end are not significant: these load.
        parse("year: 2021\nproject: 甲\nfunds:\n  total: {budget: 100000000000000000000, executed: 0.000000000000000000001}\n  city: {budget: 123456789012345.000}\n")
            .unwrap();
    }

    #[test]
    fn old_mac_and_windows_line_endings_load_with_their_line_numbers() {
        let lf = "# 说明\nyear: 2021\nproject: 甲\ngoal:\n  target: |\n    第一行\n    第二行\n";
        let want = parse(lf).unwrap();
        for eol in ["\r", "\r\n"] {
            let text = lf.replace('\n', eol);
            let got = parse(&text).unwrap();
            assert_eq!(got[0].def, want[0].def, "{eol:?}");
            assert_eq!(got[0].def.goal.target, "第一行\n第二行\n");
            // An error on line 3 is reported on line 3.
            let bad = "# 说明\nyear: 2021\nprojct: 甲\n".replace('\n', eol);
            let e = parse(&bad).unwrap_err().to_string();
            assert_eq!(
                e, "t.yaml 第 3 行第 1 列：不认识的键 projct，是否应为 project（项目资金名称）？",
                "{eol:?}"
            );
            // JSON too.
            let json = "[\n{\"year\": 2021,\n\"projct\": \"甲\"}]".replace('\n', eol);
            let e = parse_bytes(Path::new("d.json"), json.as_bytes())
                .unwrap_err()
                .to_string();
            assert!(e.starts_with("d.json 第 3 行第"), "{eol:?}: {e}");
        }
        assert!(matches!(
            parse("# only\r# comments\r"),
            Err(Error::Empty { .. })
        ));
        assert_eq!(normalize_newlines("a\r\r\nb\n\rc"), "a\n\nb\n\nc");
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let e = parse("year: 2021\nprojct: 甲\n").unwrap_err().to_string();
        assert_eq!(
            e,
            "t.yaml 第 2 行第 1 列：不认识的键 projct，是否应为 project（项目资金名称）？"
        );
        // Far from every key: the keys of the place, each with its label.
        let e = parse(
            "year: 2021
project: 甲
funds:
  total: {budget: 1, xyzzy: 2}
",
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            e,
            "t.yaml 第 4 行第 22 列：不认识的键 xyzzy。这里可以写的键有：initial_budget（年初预算数）、\
             budget（全年预算数）、executed（全年执行数）。"
        );
    }

    #[test]
    fn wrong_type_names_line_and_column() {
        let e = parse("year: 2021\nproject: 甲\nfunds:\n  total: {budget: 五百}\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "t.yaml 第 4 行第 19 列：“五百”不是金额：budget（全年预算数）应为以万元为单位的数字，\
             如 273.89，不要写文字或单位。"
        );
        let e = parse("year: 二〇二一\nproject: 甲\n")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "t.yaml 第 1 行第 7 列：year（年度）应为四位数字的年份，如 2022，而不是“二〇二一”。"
        );
        let e = parse("year: 2021\nproject: [甲, 乙]\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("t.yaml 第 2 行第 10 列：project（项目资金名称）应为一段文字"),
            "{e}"
        );
    }

    #[test]
    fn empty_binary_and_bad_values_are_errors() {
        assert!(matches!(parse(""), Err(Error::Empty { .. })));
        assert!(matches!(
            parse("# only a comment\n"),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(parse("[]"), Err(Error::Empty { .. })));
        assert!(matches!(
            parse_bytes(Path::new("x.yaml"), b"\xff\xfe\x00a"),
            Err(Error::NotText { .. })
        ));
        let e = parse("year: 1800\nproject: 甲\n").unwrap_err().to_string();
        assert!(e.contains("year（年度）为 1800"), "{e}");
        let e = parse("year: 2021\nproject: 甲\nform: national\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("national") && e.contains("city"), "{e}");
        let e = parse("year: 2021\n").unwrap_err().to_string();
        assert!(e.contains("缺少 project（项目资金名称）"), "{e}");
        let e = parse("just a string").unwrap_err().to_string();
        assert!(e.contains("这不是项目定义"), "{e}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        // The classic bomb: nine levels of nine aliases, 9^9 nodes from a few hundred bytes.
        let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (i, c) in "bcdefghi".chars().enumerate() {
            let prev = (b'a' + i as u8) as char;
            y += &format!(
                "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            );
        }
        let e = parse(&y).unwrap_err().to_string();
        assert!(e.contains("不认识的键") || e.contains("别名"), "{e}");
        // The same as a list of definitions that type-checks all the way down: a form of a
        // thousand indicators, repeated by alias 20,000 times (140 million nodes from 300 KB).
        let mut y = String::from("- &f\n  year: 2021\n  project: 甲\n  indicators:\n");
        for n in 0..1000 {
            y += &format!(
                "    - {{level1: 产出指标, level2: 数量指标, name: 指标{n}, target: \"1\"}}\n"
            );
        }
        y += &"- *f\n".repeat(20_000);
        let t = std::time::Instant::now();
        let e = parse(&y).unwrap_err().to_string();
        assert!(
            e.contains("YAML 的别名（*名称）展开后超过 1000000 个节点，已拒绝读取"),
            "{e}"
        );
        assert!(e.starts_with("t.yaml 第 "), "{e}");
        assert!(t.elapsed().as_secs() < 10, "{:?}", t.elapsed());
        // A few aliases, used honestly, load.
        let v =
            parse("- &f {year: 2021, project: 甲, indicators: [{name: a}]}\n- *f\n- *f\n").unwrap();
        assert_eq!(v.len(), 3);
        assert_eq!(v[2].def.indicators[0].name, "a");
    }

    #[test]
    fn large_honest_files_load() {
        // A form of 20,000 indicators, and a list of 5,000 forms (the integration tests go to
        // 20,000): far beyond the parser's default node budget, no aliases.
        let mut y = String::from("year: 2021\nproject: 甲\nindicators:\n");
        for n in 0..20_000 {
            y += &format!(
                "  - {{level1: 产出指标, level2: 数量指标, name: 指标{n}, target: \"{n}\"}}\n"
            );
        }
        let v = parse(&y).unwrap();
        assert_eq!(v[0].def.indicators.len(), 20_000);
        assert_eq!(v[0].def.indicators[19_999].target, "19999");
        let mut y = String::new();
        for n in 0..5_000 {
            y += &format!(
                "- year: 2021\n  project: \"项目{n}\"\n  unit: 支队\n  funds:\n    total: {{budget: 100.50}}\n  indicators:\n    - {{level1: 产出指标, level2: 数量指标, name: a, target: \"1\"}}\n    - {{level1: 效益指标, level2: 社会效益指标, name: b, target: \"2\"}}\n"
            );
        }
        let v = parse(&y).unwrap();
        assert_eq!(v.len(), 5_000);
        assert_eq!(v[4_999].def.project, "项目4999");
        assert_eq!(v[4_999].from.item, Some(4_999));
    }

    #[test]
    fn json_definitions_load_too() {
        let v = parse_bytes(
            Path::new("d.json"),
            r#"[{"year": 2021, "project": "甲", "funds": {"total": {"budget": "273.89"}}}]"#
                .as_bytes(),
        )
        .unwrap();
        assert_eq!(v[0].def.funds.total.budget.unwrap().to_string(), "273.89");
    }

    #[test]
    fn json_amounts_may_be_numbers_kept_exact() {
        let v = parse_bytes(
            Path::new("d.json"),
            r#"{"year": 2021, "project": "甲", "funds": {"total": {"budget": 100, "executed": 100.50}, "city": {"budget": 0.30}}, "indicators": [{"name": "a", "weight": 12.5, "score": 10}]}"#
                .as_bytes(),
        )
        .unwrap();
        let d = &v[0].def;
        assert_eq!(d.funds.total.budget.unwrap().to_string(), "100");
        assert_eq!(d.funds.total.executed.unwrap().to_string(), "100.50");
        assert_eq!(d.funds.city.budget.unwrap().to_string(), "0.30");
        assert_eq!(d.indicators[0].weight.unwrap().to_string(), "12.5");
        assert_eq!(d.indicators[0].score.unwrap().to_string(), "10");
        // A JSON number of 16 significant digits is refused, not rounded on the way in.
        let e = parse_bytes(
            Path::new("d.json"),
            r#"{"year": 2021, "project": "甲", "funds": {"total": {"budget": 1234567890123.456}}}"#
                .as_bytes(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("funds.total.budget（年度资金总额 全年预算数（A））为 1234567890123.456，有 16 位有效数字"),
            "{e}"
        );
        let e = parse_bytes(
            Path::new("d.json"),
            "{\"year\": 2021,\n\"project\": \"甲\",\n\"funds\": {\"total\": {\"budget\": true}}}"
                .as_bytes(),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.starts_with("d.json 第 3 行第 35 列：“true”不是金额：budget（全年预算数）应为"),
            "{e}"
        );
    }
}
