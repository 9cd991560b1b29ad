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
use crate::model::Definition;

/// Larger definition files are refused rather than read: a province's definitions are kept
/// one project per file, and even a list of a thousand projects is a few MB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A definition and where it was read from.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub path: PathBuf,
    /// Position in the file's list (0-based), `None` when the file holds a single mapping.
    pub index: Option<usize>,
    pub def: Definition,
}

impl Loaded {
    /// `path` or `path, definition N` for messages.
    pub fn place(&self) -> String {
        match self.index {
            Some(i) => format!("{}, definition {}", self.path.display(), i + 1),
            None => self.path.display().to_string(),
        }
    }
}

/// Every definition file under the given files and folders, in a stable order. Files named
/// explicitly are taken whatever their extension; folders contribute `.yaml`, `.yml` and
/// `.json` files.
pub fn definition_files(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|source| Error::Read {
            path: input.clone(),
            source,
        })?;
        if meta.is_dir() {
            let before = out.len();
            walk(input, &mut out, &|p| {
                matches!(
                    ext_lower(p).as_deref(),
                    Some("yaml") | Some("yml") | Some("json")
                )
            })?;
            if out.len() == before {
                return Err(Error::NoDefinitions {
                    path: input.clone(),
                });
            }
        } else {
            out.push(input.clone());
        }
    }
    Ok(out)
}

/// Lower-case extension of a path.
pub fn ext_lower(p: &Path) -> Option<String> {
    p.extension()
        .and_then(|e| e.to_str())
        .map(|e| e.to_ascii_lowercase())
}

/// Recursively collect files under `dir` accepted by `keep`, sorted by path; hidden files and
/// folders (`.git`, `.~lock…`) and office lock files (`~$…`) are skipped.
pub fn walk(dir: &Path, out: &mut Vec<PathBuf>, keep: &dyn Fn(&Path) -> bool) -> Result<()> {
    let rd = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut entries: Vec<PathBuf> = Vec::new();
    for e in rd {
        let e = e.map_err(|source| Error::Read {
            path: dir.to_path_buf(),
            source,
        })?;
        entries.push(e.path());
    }
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if p.is_dir() {
            walk(&p, out, keep)?;
        } else if keep(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// Load every definition under the given files and folders. Returns the definitions read and,
/// separately, one error per file that could not be read; callers decide whether a bad file
/// stops the batch.
pub fn load_all(inputs: &[PathBuf]) -> Result<(Vec<Loaded>, Vec<Error>)> {
    use rayon::prelude::*;
    let files = definition_files(inputs)?;
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
            message: format!(
                "the file is {} MB, larger than the {} MB a definition file may be",
                meta.len() / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
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
    if is_blank_yaml(text) {
        return Err(Error::Empty {
            path: path.to_path_buf(),
        });
    }
    let parsed: OneOrMany = if ext_lower(path).as_deref() == Some("json") {
        serde_json::from_str(text).map_err(|e| Error::Yaml {
            path: path.to_path_buf(),
            line: e.line() as u64,
            column: e.column() as u64,
            message: json_message(&e),
        })?
    } else {
        serde_saphyr::from_str(text).map_err(|e| yaml_error(path, &e))?
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
            path: path.to_path_buf(),
            index: listed.then_some(i),
            def,
        };
        validate(&loaded)?;
        out.push(loaded);
    }
    Ok(out)
}

/// What a definition must satisfy beyond its YAML types.
pub fn validate(l: &Loaded) -> Result<()> {
    let what = match l.index {
        Some(i) if l.def.project.is_empty() => format!("definition {}", i + 1),
        Some(i) => format!("definition {} ({})", i + 1, l.def.project),
        None if l.def.project.is_empty() => "the definition".to_string(),
        None => format!("the definition of {}", l.def.project),
    };
    let invalid = |message: String| {
        Err(Error::Invalid {
            path: l.path.clone(),
            what: what.clone(),
            message,
        })
    };
    if !(1949..=2100).contains(&l.def.year) {
        return invalid(format!(
            "`year` (年度) is {}, expected a year such as 2021",
            l.def.year
        ));
    }
    if l.def.project.trim().is_empty() {
        return invalid("`project` (项目资金名称) is missing or blank".into());
    }
    let t = match crate::template::get(&l.def.form) {
        Ok(t) => t,
        Err(e) => return invalid(format!("`form`: {}", e.to_string().trim_end_matches('.'))),
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
    if texts + 1024 > CELL_TEXT_MAX
        && let Some((p, units)) = crate::layout::lay_out(t, d, false).overlong()
    {
        return invalid(format!(
            "`{}` is {units} characters long, more than the {CELL_TEXT_MAX} an Excel cell can \
             hold",
            p.field.as_deref().unwrap_or("a text")
        ));
    }
    Ok(())
}

fn is_blank_yaml(text: &str) -> bool {
    text.lines().all(|l| {
        let t = l.trim();
        t.is_empty() || t.starts_with('#') || t == "---" || t == "..."
    })
}

/// A one-line message for a serde-saphyr error, without its location prefix and snippet.
pub fn yaml_message(e: &serde_saphyr::Error) -> String {
    let s = e.without_snippet().to_string();
    let first = s.lines().next().unwrap_or("").trim();
    let first = first.strip_prefix("error: ").unwrap_or(first);
    // Drop the "line L column C: " prefix; the location is reported separately.
    let msg = match first.strip_prefix("line ") {
        Some(rest) => match rest.find(": ") {
            Some(i) => &rest[i + 2..],
            None => first,
        },
        None => first,
    };
    explain(msg)
}

fn yaml_error(path: &Path, e: &serde_saphyr::Error) -> Error {
    let message = yaml_message(e);
    match e.location() {
        Some(loc) if loc.line() > 0 => Error::Yaml {
            path: path.to_path_buf(),
            line: loc.line(),
            column: loc.column(),
            message,
        },
        _ => Error::Syntax {
            path: path.to_path_buf(),
            message,
        },
    }
}

fn json_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let msg = match s.rfind(" at line ") {
        Some(i) => &s[..i],
        None => &s,
    };
    explain(msg)
}

/// Make the parsers' wording speak of the form.
fn explain(msg: &str) -> String {
    let mut m = msg.trim().trim_end_matches('.').to_string();
    if let Some(rest) = m.strip_prefix("unknown field ") {
        m = format!("unknown key {rest} (a typo? keys are spelled as in definition-format)");
    }
    if m.starts_with("budget breached") {
        m = format!("the YAML expands to too many nodes (aliases or nesting), refused: {m}");
    }
    m
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
        assert_eq!(one[0].index, None);
        assert_eq!(one[0].def.form, "city");
        let many = parse("- {year: 2021, project: 甲}\n- {year: 2021, project: 乙}\n").unwrap();
        assert_eq!(many.len(), 2);
        assert_eq!(many[1].index, Some(1));
        assert_eq!(many[1].def.project, "乙");
    }

    #[test]
    fn amounts_are_exact_from_numbers_and_strings() {
        let d = &parse(
            "year: 2021\nproject: 甲\nfunds:\n  total: {budget: 0.30, executed: \"273.89\"}\n  city: {budget: 12345678901234567.891}\n",
        )
        .unwrap()[0]
            .def;
        assert_eq!(d.funds.total.budget.unwrap().to_string(), "0.30");
        assert_eq!(d.funds.total.executed.unwrap().to_string(), "273.89");
        assert_eq!(
            d.funds.city.budget.unwrap().to_string(),
            "12345678901234567.891"
        );
        assert_eq!(d.funds.other.budget, None);
    }

    #[test]
    fn unknown_key_names_line_and_column() {
        let e = parse("year: 2021\nprojct: 甲\n").unwrap_err().to_string();
        assert!(
            e.starts_with("t.yaml: line 2, column 1: unknown key `projct`"),
            "{e}"
        );
    }

    #[test]
    fn wrong_type_names_line_and_column() {
        let e = parse("year: 2021\nproject: 甲\nfunds:\n  total: {budget: 五百}\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 4, column"), "{e}");
        assert!(e.contains("not an amount"), "{e}");
        let e = parse("year: 二〇二一\nproject: 甲\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("line 1, column 7"), "{e}");
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
        assert!(e.contains("`year`"), "{e}");
        let e = parse("year: 2021\nproject: 甲\nform: national\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("national") && e.contains("city"), "{e}");
        let e = parse("year: 2021\n").unwrap_err().to_string();
        assert!(e.contains("`project`"), "{e}");
        let e = parse("just a string").unwrap_err().to_string();
        assert!(e.contains("expected a project definition"), "{e}");
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut y = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (i, c) in "bcdefghi".chars().enumerate() {
            let prev = (b'a' + i as u8) as char;
            y += &format!(
                "{c}: &{c} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
            );
        }
        let e = parse(&y).unwrap_err().to_string();
        assert!(
            e.contains("too many nodes") || e.contains("unknown key"),
            "{e}"
        );
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
}
