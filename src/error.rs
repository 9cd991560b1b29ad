//! The one error type of the library. Every message is a full sentence that names the file
//! and, where there is one, the sheet, cell or YAML line and column.

use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("Cannot read {}: {source}.", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("Cannot write {}: {source}.", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("{} already exists; evalsheet never overwrites a file unless told to (use --force).", path.display())]
    Exists { path: PathBuf },

    #[error("{} is not a UTF-8 text file, so it cannot be a YAML definition: if it is a definition saved in another encoding (GBK/ANSI or UTF-16, as Notepad or WPS may save on Chinese Windows), open it and save it again as UTF-8 (Notepad: 文件 → 另存为 → 编码 UTF-8).", path.display())]
    NotText { path: PathBuf },

    #[error("{} is empty: expected a project definition (a YAML mapping with `year`, `project`, …) or a list of them.", path.display())]
    Empty { path: PathBuf },

    #[error("{}: line {line}, column {column}: {message}.", path.display())]
    Yaml {
        path: PathBuf,
        line: u64,
        column: u64,
        message: String,
    },

    #[error("{}: {message}.", path.display())]
    Syntax { path: PathBuf, message: String },

    #[error("{}: {what}: {message}.", path.display())]
    Invalid {
        path: PathBuf,
        /// Which definition, e.g. `definition 2 (扫黑除恶专项斗争经费)`.
        what: String,
        message: String,
    },

    #[error("The form variant `{form}` is unknown; the variants are: {known}.")]
    UnknownForm { form: String, known: String },

    #[error("The built-in form variant `{id}` is broken: {message}.")]
    Template { id: String, message: String },

    #[error("Cannot draw {}, sheet {sheet}: {}.", path.display(), message.trim_end_matches('.'))]
    Xlsx {
        path: PathBuf,
        sheet: String,
        message: String,
    },

    #[error("{}: {}.", path.display(), message.trim_end_matches('.'))]
    Workbook { path: PathBuf, message: String },

    #[error("{}, sheet {sheet}, cell {cell}: {}.", path.display(), message.trim_end_matches('.'))]
    Cell {
        path: PathBuf,
        sheet: String,
        cell: String,
        message: String,
    },

    #[error("{}: no sheet holds a 项目支出绩效自评表 (no 项目资金名称 and 绩效指标 labels were found).", path.display())]
    NoForm { path: PathBuf },

    #[error("Cannot write the temporary files a report is built in, in {} (is the disk full? set TMPDIR to a folder with free space): {message}.", dir.display())]
    TempFiles { dir: PathBuf, message: String },

    #[error("No {wanted} were found in the folder {}.", path.display())]
    NothingFound { path: PathBuf, wanted: &'static str },

    /// Mistakes in a rules file, each on a line with its file, line and column, in the
    /// catalogue's language.
    #[error("{message}")]
    Rules { path: PathBuf, message: String },
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
            | Error::NothingFound { path, .. }
            | Error::Rules { path, .. } => Some(path),
            Error::TempFiles { dir, .. } => Some(dir),
            Error::UnknownForm { .. } | Error::Template { .. } => None,
        }
    }
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

/// How many nodes the aliases (`*name`) of one YAML file may expand to, all together. This is
/// the one bound on YAML beyond the size of the file: a file's own nodes, however many (a list
/// of 20,000 forms, a form of 20,000 indicators), are bounded by its size; what aliases
/// repeat is not, and a small file whose aliases repeat a large part many times over (an
/// "alias bomb") would take the memory and time of a huge one. Honest definitions rarely use
/// aliases at all; a million nodes is the indicators of some ten thousand forms.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// Make the parsers' wording speak of the form.
pub fn explain(msg: &str) -> String {
    let mut m = msg.trim().trim_end_matches('.').to_string();
    if let Some(rest) = m.strip_prefix("unknown field ") {
        m = format!("unknown key {rest} (a typo? keys are spelled as in definition-format)");
    }
    if m.starts_with("alias replay limit exceeded") {
        m = format!(
            "the YAML's aliases (`*name`) expand to more than {MAX_ALIAS_NODES} nodes, refused \
             (an alias bomb?): {m}"
        );
    } else if m.starts_with("alias replay stack depth exceeded") {
        m = format!("the YAML's aliases (`*name`) are nested too deeply, refused: {m}");
    } else if m.starts_with("budget breached") {
        m = format!("the YAML is nested too deeply or has too many anchors, refused: {m}");
    }
    m
}
