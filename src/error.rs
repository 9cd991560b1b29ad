//! The one error type of the library. Every message is a full sentence that names the file
//! and, where there is one, the sheet, cell or YAML line and column.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug)]
pub enum Error {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    Exists {
        path: PathBuf,
    },

    NotText {
        path: PathBuf,
    },

    Empty {
        path: PathBuf,
    },

    Yaml {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },

    Syntax {
        path: PathBuf,
        message: String,
    },

    Invalid {
        path: PathBuf,
        /// Which definition, e.g. `第 2 个定义（扫黑除恶专项斗争经费）`.
        what: String,
        message: String,
    },

    UnknownForm {
        form: String,
        known: String,
    },

    Template {
        id: String,
        message: String,
    },

    Xlsx {
        path: PathBuf,
        sheet: String,
        message: String,
    },

    Workbook {
        path: PathBuf,
        message: String,
    },

    Cell {
        path: PathBuf,
        sheet: String,
        cell: String,
        message: String,
    },

    NoForm {
        path: PathBuf,
    },

    TempFiles {
        dir: PathBuf,
        message: String,
    },

    /// A 项目清单 with mistakes: every one of them, each `SHEET!CELL（HEADER）：what is wrong`.
    List {
        path: PathBuf,
        problems: Vec<String>,
    },

    /// A 项目清单 (definitions) given where returned forms are read.
    IsList {
        path: PathBuf,
    },

    NothingFound {
        path: PathBuf,
        wanted: Wanted,
    },

    /// The desk's ledger cannot be used: damaged, newer than this evalsheet, or not a ledger.
    Ledger {
        path: PathBuf,
        message: String,
    },

    /// A desk refuses what was asked (not a desk, a form that is not issued, …).
    Desk {
        path: PathBuf,
        message: String,
    },

    /// Mistakes in a rules file, each on a line with its file, line and column, in the
    /// catalogue's language.
    Rules {
        path: PathBuf,
        message: String,
    },
}

/// What a command reads from folders (`input::Kind`, where its rules are).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    /// Definition files (.yaml, .yml, .json).
    Definitions,
    /// Workbooks (.xlsx, .xlsm, .xls, .ods).
    Workbooks,
    /// Either: definitions and returned workbooks (check, diff).
    Forms,
}

/// A message of another part of the program, inside one of ours: without its closing stop,
/// which the catalogue's message puts back.
fn inner(message: &str) -> String {
    message
        .trim_end()
        .trim_end_matches(['.', '。', '；', ';'])
        .to_string()
}

/// What the system said about a file, in the words of the catalogue. A reason evalsheet gave
/// itself (an `io::Error` made from a message) is already in them.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    if e.raw_os_error().is_none()
        && let Some(inner_error) = e.get_ref()
    {
        return inner(&inner_error.to_string());
    }
    #[cfg(windows)]
    if matches!(e.raw_os_error(), Some(32 | 33)) {
        return crate::t!("io-in-use");
    }
    let id = match e.kind() {
        K::NotFound => "io-not-found",
        K::PermissionDenied => "io-permission-denied",
        K::AlreadyExists => "io-already-exists",
        K::IsADirectory => "io-is-a-directory",
        K::NotADirectory => "io-not-a-directory",
        K::StorageFull => "io-storage-full",
        K::QuotaExceeded => "io-quota-exceeded",
        K::ReadOnlyFilesystem => "io-read-only",
        K::FileTooLarge => "io-file-too-large",
        K::InvalidFilename => "io-invalid-filename",
        K::DirectoryNotEmpty => "io-directory-not-empty",
        K::ResourceBusy | K::ExecutableFileBusy => "io-busy",
        K::TimedOut => "io-timed-out",
        K::Interrupted => "io-interrupted",
        K::UnexpectedEof => "io-unexpected-eof",
        K::InvalidData => "io-invalid-data",
        K::OutOfMemory => "io-out-of-memory",
        K::CrossesDevices => "io-crosses-devices",
        K::TooManyLinks => "io-loop",
        K::StaleNetworkFileHandle
        | K::NetworkDown
        | K::NetworkUnreachable
        | K::HostUnreachable
        | K::ConnectionReset
        | K::ConnectionAborted
        | K::NotConnected
        | K::BrokenPipe => "io-network",
        _ => {
            let detail = e.to_string();
            return crate::t!("io-other", detail = detail);
        }
    };
    crate::i18n::text(id, &[])
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::t;
        use std::io::ErrorKind as K;
        let file = |p: &std::path::Path| p.display().to_string();
        let s = match self {
            Error::Read { path, source } => match source.kind() {
                K::NotFound if source.raw_os_error().is_some() => {
                    t!("error-read-not-found", file = file(path))
                }
                K::PermissionDenied if source.raw_os_error().is_some() => {
                    t!("error-read-denied", file = file(path))
                }
                _ => t!("error-read", file = file(path), reason = io_reason(source)),
            },
            Error::Write { path, source } => match source.kind() {
                K::PermissionDenied if source.raw_os_error().is_some() => {
                    t!("error-write-denied", file = file(path))
                }
                K::StorageFull | K::QuotaExceeded => {
                    t!(
                        "error-write-full",
                        file = file(path),
                        reason = io_reason(source)
                    )
                }
                _ => t!("error-write", file = file(path), reason = io_reason(source)),
            },
            Error::Exists { path } => t!("error-exists", file = file(path)),
            Error::NotText { path } => t!("error-not-text", file = file(path)),
            Error::Empty { path } => t!("error-empty", file = file(path)),
            Error::Yaml {
                path,
                line,
                column,
                message,
            } => t!(
                "error-yaml",
                file = file(path),
                line = *line,
                column = *column,
                message = inner(message)
            ),
            Error::Syntax { path, message } => {
                t!("error-syntax", file = file(path), message = inner(message))
            }
            Error::Invalid {
                path,
                what,
                message,
            } => t!(
                "error-invalid",
                file = file(path),
                what = what.as_str(),
                message = inner(message)
            ),
            Error::UnknownForm { form, known } => {
                t!(
                    "error-unknown-form",
                    form = form.as_str(),
                    known = known.as_str()
                )
            }
            Error::Template { id, message } => {
                t!("error-template", id = id.as_str(), message = inner(message))
            }
            Error::Xlsx {
                path,
                sheet,
                message,
            } => t!(
                "error-xlsx",
                file = file(path),
                sheet = sheet.as_str(),
                message = inner(message)
            ),
            Error::Workbook { path, message } => {
                t!(
                    "error-workbook",
                    file = file(path),
                    message = inner(message)
                )
            }
            Error::Cell {
                path,
                sheet,
                cell,
                message,
            } => t!(
                "error-cell",
                file = file(path),
                sheet = sheet.as_str(),
                cell = cell.as_str(),
                message = inner(message)
            ),
            Error::NoForm { path } => t!("error-no-form", file = file(path)),
            Error::List { path, problems } => t!(
                "list-errors",
                file = file(path),
                count = problems.len(),
                problems = problems
                    .iter()
                    .map(|p| format!("  {p}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            Error::IsList { path } => t!("list-is-list", file = file(path)),
            Error::TempFiles { dir, message } => {
                t!(
                    "error-temp-files",
                    folder = file(dir),
                    message = inner(message)
                )
            }
            Error::NothingFound { path, wanted } => {
                let folder = file(path);
                match wanted {
                    Wanted::Definitions => {
                        t!("error-nothing-found-definitions", folder = folder)
                    }
                    Wanted::Workbooks => {
                        t!("error-nothing-found-workbooks", folder = folder)
                    }
                    Wanted::Forms => t!("error-nothing-found-forms", folder = folder),
                }
            }
            // The desk's own messages come from the catalogue already (src/desk/).
            // Each mistake of a rules file already names its file, line and column.
            Error::Rules { message, .. } => message.clone(),
            Error::Ledger { path, message } | Error::Desk { path, message } => {
                t!("error-desk", file = file(path), message = inner(message))
            }
        };
        // A message that asks a question ends with its question mark alone.
        f.write_str(&s.replace("？。", "？").replace("?.", "?"))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Read { source, .. } | Error::Write { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl Error {
    /// The file the error is about, where there is one.
    pub fn path(&self) -> Option<&std::path::Path> {
        match self {
            Error::Read { path, .. }
            | Error::Write { path, .. }
            | Error::Exists { path }
            | Error::NotText { path }
            | Error::Empty { path }
            | Error::Yaml { path, .. }
            | Error::Syntax { path, .. }
            | Error::Invalid { path, .. }
            | Error::Xlsx { path, .. }
            | Error::Workbook { path, .. }
            | Error::Cell { path, .. }
            | Error::NoForm { path }
            | Error::Ledger { path, .. }
            | Error::Desk { path, .. }
            | Error::List { path, .. }
            | Error::IsList { path }
            | Error::NothingFound { path, .. }
            | Error::Rules { path, .. } => Some(path),
            Error::TempFiles { dir, .. } => Some(dir),
            Error::UnknownForm { .. } | Error::Template { .. } => None,
        }
    }
}

/// The parser's own one-line message for a serde-saphyr error, without its location (prefix
/// and suffix) and snippet.
pub fn yaml_raw(e: &serde_saphyr::Error) -> String {
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
    strip_location(msg).to_string()
}

/// A message without the ` at line L, column C` that parsers end it with.
fn strip_location(msg: &str) -> &str {
    let m = msg.trim().trim_end_matches('.');
    match m.rfind(" at line ") {
        Some(i) => &m[..i],
        None => m,
    }
}

/// A one-line message for a serde-saphyr error in the words of the catalogue, without its
/// location (reported separately) and snippet.
pub fn yaml_message(e: &serde_saphyr::Error) -> String {
    explain(&yaml_raw(e), None)
}

/// How many nodes the aliases (`*name`) of one YAML file may expand to, all together. This is
/// the one bound on YAML beyond the size of the file: a file's own nodes, however many (a list
/// of 20,000 forms, a form of 20,000 indicators), are bounded by its size; what aliases
/// repeat is not, and a small file whose aliases repeat a large part many times over (an
/// "alias bomb") would take the memory and time of a huge one. Honest definitions rarely use
/// aliases at all; a million nodes is the indicators of some ten thousand forms.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// What was written where a parser stopped, for its message: the key on that line before the
/// column (`budget` in `total: {budget: 约400}`), and the value from the column on.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Spot {
    pub key: Option<String>,
    pub value: String,
}

impl Spot {
    /// The spot at `line` and `column` (both from 1) of `text`.
    pub fn at(text: &str, line: u64, column: u64) -> Spot {
        let Some(l) = text.lines().nth(line.saturating_sub(1) as usize) else {
            return Spot::default();
        };
        let chars: Vec<char> = l.chars().collect();
        let c = (column.saturating_sub(1) as usize).min(chars.len());
        let left: String = chars[..c].iter().collect();
        let key = left.rfind(':').and_then(|i| {
            let before = left[..i].trim_end().trim_end_matches(['"', '\'']);
            let name: String = before
                .chars()
                .rev()
                .take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            (!name.is_empty()).then_some(name)
        });
        let flow = left.contains(['{', '[']);
        let mut value: String = chars[c..].iter().collect();
        if flow && let Some(i) = value.find([',', '}', ']']) {
            value.truncate(i);
        }
        if let Some(i) = value.find(" #") {
            value.truncate(i);
        }
        let value = value
            .trim()
            .trim_matches(['"', '\''])
            .trim()
            .chars()
            .take(40)
            .collect();
        Spot { key, value }
    }
}

/// The keys of a definition by what their values are.
const AMOUNT_KEYS: &[&str] = &["initial_budget", "budget", "executed", "weight", "score"];
const MAPPING_KEYS: &[&str] = &[
    "funds",
    "goal",
    "source",
    "total",
    "central_provincial",
    "city",
    "other",
    "current_year",
    "carryover",
];

/// The label of a definition's key (`project` → 项目资金名称), from the catalogue.
pub fn key_label(key: &str) -> String {
    let id = format!("key-{key}");
    let l = crate::i18n::text(&id, &[]);
    if l == id { String::new() } else { l }
}

/// `key（label）`, or the key alone when it has no label.
fn key_with_label(key: &str) -> String {
    match key_label(key) {
        l if l.is_empty() => key.to_string(),
        l => crate::t!("yaml-key-label", key = key, label = l),
    }
}

/// The number of single-character edits between two words.
fn edits(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The known key nearest to an unknown one, when it is near enough to be a typo.
pub fn nearest_key<'a>(unknown: &str, known: &[&'a str]) -> Option<&'a str> {
    let u = unknown.to_ascii_lowercase().replace('-', "_");
    known
        .iter()
        .map(|k| (edits(&u, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(2))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// `unknown field `x`, expected one of `a`, `b`` (serde's words, with or without backticks)
/// → the unknown key and the keys expected.
fn unknown_key(m: &str) -> Option<(String, Vec<String>)> {
    let rest = m.strip_prefix("unknown field ")?;
    let (name, expected) = match rest.find(", expected") {
        Some(i) => (&rest[..i], &rest[i + ", expected".len()..]),
        None => (rest, ""),
    };
    let name = name.trim().trim_matches('`').to_string();
    let expected = expected
        .trim()
        .strip_prefix("one of")
        .unwrap_or(expected)
        .split([',', ' '])
        .map(|k| k.trim().trim_matches('`'))
        .filter(|k| {
            !k.is_empty()
                && *k != "or"
                && *k != "there"
                && *k != "are"
                && *k != "no"
                && *k != "fields"
        })
        .map(str::to_string)
        .collect();
    Some((name, expected))
}

/// Make a parser's message speak of the form, in the words of the catalogue: unknown keys with
/// the nearest known one and its label, values of the wrong type with what the key expects
/// (when `spot` says which key), and the commonest YAML mistakes with how to mend them.
pub fn explain(msg: &str, spot: Option<&Spot>) -> String {
    use crate::t;
    let m = strip_location(msg);
    let spot = spot.cloned().unwrap_or_default();
    let mut value = spot.value.clone();
    if value.is_empty()
        && let Some(i) = m.find(": string \"")
    {
        let rest = &m[i + ": string \"".len()..];
        value = rest.split('"').next().unwrap_or("").to_string();
    }
    if let Some((name, expected)) = unknown_key(m) {
        let known: Vec<&str> = expected.iter().map(String::as_str).collect();
        return match nearest_key(&name, &known) {
            Some(k) => t!(
                "yaml-unknown-key-suggest",
                key = name,
                suggestion = k,
                label = key_label(k)
            ),
            None => {
                let list: Vec<String> = known.iter().map(|k| key_with_label(k)).collect();
                let sep = t!("list-separator");
                t!("yaml-unknown-key", key = name, known = list.join(&sep))
            }
        };
    }
    if let Some(rest) = m.strip_prefix("duplicate mapping key") {
        let k = rest
            .trim_start_matches([':', ' '])
            .split([',', ' '])
            .next()
            .unwrap_or("")
            .trim_matches('`');
        return t!("yaml-duplicate-key", key = key_with_label(k));
    }
    if m.starts_with("alias replay limit exceeded") {
        return t!("yaml-alias-bomb", max = MAX_ALIAS_NODES);
    }
    if m.starts_with("alias replay stack depth exceeded") {
        return t!("yaml-alias-deep");
    }
    if m.starts_with("budget breached") {
        return t!("yaml-too-deep");
    }
    let type_error = [
        "invalid i32",
        "invalid type",
        "invalid value",
        "invalid digit",
        "expected ",
    ]
    .iter()
    .any(|p| m.starts_with(p))
        || m.contains("number too large")
        || m.contains("out of range");
    if m.contains("a project definition") {
        return t!("yaml-not-definition");
    }
    if type_error {
        return match spot.key.as_deref() {
            Some("year") => t!("yaml-year", value = value),
            Some(k) if AMOUNT_KEYS.contains(&k) => {
                t!("yaml-amount", key = key_with_label(k), value = value)
            }
            Some(k) if MAPPING_KEYS.contains(&k) => {
                t!("yaml-mapping", key = key_with_label(k), value = value)
            }
            Some("indicators") => t!(
                "yaml-list",
                key = key_with_label("indicators"),
                value = value
            ),
            Some(k) if !key_label(k).is_empty() => {
                t!("yaml-text", key = key_with_label(k), value = value)
            }
            _ => {
                let expected = if m.contains("sequence") {
                    t!("yaml-expected-list")
                } else if m.contains("mapping") || m.contains("struct") || m.contains("map") {
                    t!("yaml-expected-mapping")
                } else if m.contains("i32") || m.contains("integer") || m.contains("u64") {
                    t!("yaml-expected-number")
                } else {
                    t!("yaml-expected-text")
                };
                t!("yaml-wrong-type", value = value, expected = expected)
            }
        };
    }
    let syntax = [
        ("unclosed quote", "yaml-unclosed-quote"),
        ("found a tab", "yaml-tab"),
        (
            "found character that cannot start any token",
            "yaml-bad-character",
        ),
        ("mapping values are not allowed", "yaml-colon"),
        ("did not find expected key", "yaml-indent"),
        ("did not find expected", "yaml-indent"),
        ("trailing content after", "yaml-after-quote"),
        ("EOF while parsing", "yaml-eof"),
        ("unexpected end", "yaml-eof"),
        ("key must be a string", "yaml-json-key"),
        ("trailing comma", "yaml-trailing-comma"),
    ];
    if let Some((_, id)) = syntax.iter().find(|(p, _)| m.contains(p)) {
        return crate::i18n::text(id, &[]);
    }
    // One of ours (an amount that is not one), said of its key.
    let not_amount = t!("amount-not-an-amount", value = "\u{0}");
    if let Some(k) = spot.key.as_deref()
        && AMOUNT_KEYS.contains(&k)
        && let Some((pre, post)) = not_amount.split_once('\u{0}')
        && let Some(v) = m.strip_prefix(pre).and_then(|r| r.strip_suffix(post))
    {
        return t!("yaml-amount", key = key_with_label(k), value = v);
    }
    if !m.is_ascii() {
        return match spot.key.as_deref() {
            Some(k) => t!("yaml-of-key", key = key_with_label(k), message = m),
            None => m.to_string(),
        };
    }
    t!("yaml-other", detail = m)
}
