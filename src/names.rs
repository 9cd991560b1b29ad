//! Safe names: file names that work on Windows and Linux and never leave the output folder,
//! and sheet names that Excel accepts.

use std::collections::HashSet;

/// Longest file stem, in characters (a Chinese character is 3 bytes in UTF-8; 80 of them
/// stay well under the 255-byte limit of common file systems, extension and `-NN` included).
pub const MAX_STEM_CHARS: usize = 80;

/// Excel's limit on a sheet name.
pub const MAX_SHEET_CHARS: usize = 31;

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A file stem made from free text: no path separators, no characters Windows forbids, no
/// control characters, no leading or trailing dots or spaces, not a reserved device name, at
/// most [`MAX_STEM_CHARS`] characters, never empty.
pub fn file_stem(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_whitespace() => ' ',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    // Collapse runs of spaces; strip dots and spaces at both ends (Windows drops trailing ones,
    // and a name of dots would be `.` or `..`).
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s = s.trim_matches(|c| c == '.' || c == ' ').to_string();
    if s.chars().count() > MAX_STEM_CHARS {
        s = s.chars().take(MAX_STEM_CHARS).collect();
        s = s.trim_end_matches(['.', ' ']).to_string();
    }
    if s.is_empty() {
        s = "未命名".to_string();
    }
    let upper = s.to_ascii_uppercase();
    let base = upper.split('.').next().unwrap_or("");
    if RESERVED.contains(&base) {
        s = format!("_{s}");
    }
    s
}

/// The file stem of a definition's output: `YEAR-PROJECT-UNIT` (or `YEAR-PROJECT` without a
/// unit), each part made safe, unique among `taken`.
pub fn definition_stem(d: &crate::model::Definition, taken: &mut HashSet<String>) -> String {
    let stem = if d.unit.trim().is_empty() {
        format!("{}-{}", d.year, file_stem(&d.project))
    } else {
        format!(
            "{}-{}-{}",
            d.year,
            file_stem(&d.project),
            file_stem(&d.unit)
        )
    };
    unique(file_stem(&stem), taken, MAX_STEM_CHARS)
}

/// Make `stem` unique among `taken` (compared case-insensitively, as Windows does) by
/// appending `-2`, `-3`, …; records the result in `taken`.
pub fn unique(stem: String, taken: &mut HashSet<String>, max_chars: usize) -> String {
    let key = |s: &str| s.to_lowercase();
    if taken.insert(key(&stem)) {
        return stem;
    }
    for n in 2.. {
        let suffix = format!("-{n}");
        let room = max_chars.saturating_sub(suffix.chars().count());
        let base: String = stem.chars().take(room).collect();
        let candidate = format!("{base}{suffix}");
        if taken.insert(key(&candidate)) {
            return candidate;
        }
    }
    unreachable!("an unbounded counter always finds a free name")
}

/// A sheet name Excel accepts: none of `[]:*?/\`, not starting or ending with `'`, at most 31
/// characters, not empty, and not the reserved name `History`.
pub fn sheet_name(text: &str) -> String {
    let mut s: String = text
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s = s.trim_matches(|c| c == '\'' || c == ' ').to_string();
    if s.chars().count() > MAX_SHEET_CHARS {
        s = s.chars().take(MAX_SHEET_CHARS).collect();
        s = s.trim_end_matches(['\'', ' ']).to_string();
    }
    if s.is_empty() || s.eq_ignore_ascii_case("history") {
        s = format!("表{s}");
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_file_names_are_made_safe() {
        assert_eq!(file_stem("../../etc/passwd"), "_.._etc_passwd");
        assert_eq!(file_stem(".."), "未命名");
        assert_eq!(file_stem("CON"), "_CON");
        assert_eq!(file_stem("con.txt"), "_con.txt");
        assert_eq!(file_stem("a\\b:c*d?e\"f<g>h|i"), "a_b_c_d_e_f_g_h_i");
        assert_eq!(file_stem("  扫黑除恶\n经费. "), "扫黑除恶 经费");
        assert_eq!(file_stem("\u{0}\u{7}"), "__");
        let long = "项".repeat(300);
        assert_eq!(file_stem(&long).chars().count(), MAX_STEM_CHARS);
        assert!(file_stem(&long).len() < 255);
    }

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(sheet_name("a[b]c:d*e?f/g\\h"), "a_b_c_d_e_f_g_h");
        assert_eq!(sheet_name("'引号'"), "引号");
        assert_eq!(sheet_name(""), "表");
        assert_eq!(sheet_name("History"), "表History");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
    }

    #[test]
    fn unique_appends_counters_case_insensitively() {
        let mut taken = HashSet::new();
        assert_eq!(unique("Form".into(), &mut taken, 31), "Form");
        assert_eq!(unique("form".into(), &mut taken, 31), "form-2");
        assert_eq!(unique("Form".into(), &mut taken, 31), "Form-3");
        let long = "长".repeat(31);
        let mut taken = HashSet::new();
        unique(long.clone(), &mut taken, 31);
        let second = unique(long, &mut taken, 31);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with("-2"));
    }
}
