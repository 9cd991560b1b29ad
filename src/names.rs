//! Safe names: file names that work on Windows and Linux and never leave the output folder,
//! and sheet names that Excel accepts.
//!
//! Every name is first made **honest** ([`clean`]): normalised to Unicode NFC, so that a name
//! typed with combining marks (NFD, as macOS writes it) and the same name precomposed give the
//! same file; and stripped of the invisible characters that could make one name look like
//! another — the bidirectional controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069;
//! `a\u{202E}gpj.exe` would show as `aexe.jpg`) and the zero-width characters (U+200B–U+200D,
//! U+2060, U+FEFF).
//!
//! File stems are bounded in **bytes** of UTF-8 ([`MAX_STEM_BYTES`]), not characters: file
//! systems limit a name to 255 bytes (ext4, and most others) or 255 UTF-16 units (NTFS), and
//! an emoji or a CJK Extension-B character is 4 bytes. A stem is cut on a character boundary,
//! and the `-2`, `-3` that [`unique`] appends stays within the same bound, so a stem with its
//! counter and an extension such as `.xlsx` always fits.

use std::collections::HashSet;
use unicode_normalization::UnicodeNormalization;

/// Longest file stem, in bytes of UTF-8, counter included: with `.xlsx` or `.yaml` a file
/// name is at most 185 bytes, well under the 255 bytes (or 255 UTF-16 units, never more than
/// the UTF-8 bytes) a file system allows.
pub const MAX_STEM_BYTES: usize = 180;

/// Longest file name, in bytes, that file systems accept (ext4, XFS, btrfs; NTFS allows 255
/// UTF-16 units, which a name of 255 UTF-8 bytes never exceeds).
pub const MAX_FILE_NAME_BYTES: usize = 255;

/// Excel's limit on a sheet name, in UTF-16 units as Excel counts them (a character outside
/// the Basic Multilingual Plane, such as an emoji, counts twice).
pub const MAX_SHEET_CHARS: usize = 31;

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// A character that changes how text is shown without being seen: a bidirectional control
/// or a zero-width character.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Text as a name is made of: NFC, without bidirectional controls and zero-width characters.
pub fn clean(text: &str) -> String {
    text.nfc().filter(|c| !is_invisible(*c)).collect()
}

/// The identity of a 实施单位 (or any name compared as people read it): NFC and trimmed. Two
/// units whose names are equal after this are the same unit — a name typed with combining
/// marks and the same name precomposed are one unit — whatever their file names clean to;
/// two units that differ here are different units, even if their file names would be equal.
pub fn identity(text: &str) -> String {
    text.nfc().collect::<String>().trim().to_string()
}

/// The longest prefix of `s` of at most `max` bytes, cut on a character boundary.
pub fn cut_bytes(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The longest prefix of `s` of at most `max` UTF-16 units, cut on a character boundary.
fn cut_utf16(s: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &s[..i];
        }
    }
    s
}

/// A file stem made from free text: [`clean`]ed, no path separators, no characters Windows
/// forbids, no control characters, no leading or trailing dots or spaces, not a reserved device
/// name, at most [`MAX_STEM_BYTES`] bytes, never empty.
pub fn file_stem(text: &str) -> String {
    let mut s: String = clean(text)
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
    if s.len() > MAX_STEM_BYTES {
        s = cut_bytes(&s, MAX_STEM_BYTES)
            .trim_end_matches(['.', ' '])
            .to_string();
    }
    if s.is_empty() {
        s = "未命名".to_string();
    }
    let upper = s.to_ascii_uppercase();
    let base = upper.split('.').next().unwrap_or("");
    if RESERVED.contains(&base) {
        s = format!("_{}", cut_bytes(&s, MAX_STEM_BYTES - 1));
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
    unique(file_stem(&stem), taken, Bound::Bytes(MAX_STEM_BYTES))
}

/// How long a name may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// At most this many bytes of UTF-8 (file stems).
    Bytes(usize),
    /// At most this many UTF-16 units (sheet names, as Excel counts them).
    Utf16(usize),
}

impl Bound {
    fn cut(self, s: &str) -> &str {
        match self {
            Bound::Bytes(n) => cut_bytes(s, n),
            Bound::Utf16(n) => cut_utf16(s, n),
        }
    }
}

/// Make `stem` unique among `taken` (compared case-insensitively, as Windows and Excel do) by
/// appending `-2`, `-3`, …, cutting the stem so that it and its counter stay within `bound`;
/// records the result in `taken`.
pub fn unique(stem: String, taken: &mut HashSet<String>, bound: Bound) -> String {
    let key = |s: &str| s.to_lowercase();
    let stem = bound.cut(&stem).to_string();
    if taken.insert(key(&stem)) {
        return stem;
    }
    for n in 2.. {
        let suffix = format!("-{n}");
        let room = match bound {
            Bound::Bytes(b) => Bound::Bytes(b.saturating_sub(suffix.len())),
            Bound::Utf16(u) => Bound::Utf16(u.saturating_sub(suffix.len())),
        };
        let candidate = format!("{}{suffix}", room.cut(&stem));
        if taken.insert(key(&candidate)) {
            return candidate;
        }
    }
    unreachable!("an unbounded counter always finds a free name")
}

/// Why a file name planned for OUTDIR cannot be used as it is, or `None` when it can: a
/// single path component that is not `.` or `..`, holds no separator, NUL or control
/// character, and is at most [`MAX_FILE_NAME_BYTES`] bytes. Names made by [`file_stem`] always
/// pass; commands check every planned name before writing anything.
pub fn file_name_problem(name: &str) -> Option<String> {
    if name.is_empty() || name == "." || name == ".." {
        return Some(crate::t!("name-empty"));
    }
    if name.len() > MAX_FILE_NAME_BYTES {
        return Some(crate::t!(
            "name-too-long",
            size = name.len(),
            max = MAX_FILE_NAME_BYTES
        ));
    }
    if name
        .chars()
        .any(|c| matches!(c, '/' | '\\') || c.is_control() || is_invisible(c))
    {
        return Some(crate::t!("name-bad-character"));
    }
    None
}

/// A sheet name Excel accepts: [`clean`]ed, none of `[]:*?/\`, not starting or ending with
/// `'`, at most 31 UTF-16 units, not empty, and not the reserved name `History`.
pub fn sheet_name(text: &str) -> String {
    let mut s: String = clean(text)
        .chars()
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s = s.trim_matches(|c| c == '\'' || c == ' ').to_string();
    if s.encode_utf16().count() > MAX_SHEET_CHARS {
        s = cut_utf16(&s, MAX_SHEET_CHARS)
            .trim_end_matches(['\'', ' '])
            .to_string();
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
        assert_eq!(file_stem(&long), "项".repeat(60));
        assert!(file_stem(&long).len() <= MAX_STEM_BYTES);
    }

    #[test]
    fn stems_are_bounded_in_bytes_and_cut_between_characters() {
        // Emoji and CJK Extension-B characters are 4 bytes each: 100 of them are 400 bytes.
        for text in [
            "😀".repeat(100),
            "𠀀".repeat(100),
            format!("a{}", "😀".repeat(100)),
        ] {
            let s = file_stem(&text);
            assert!(s.len() <= MAX_STEM_BYTES, "{} bytes", s.len());
            assert!(s.len() > MAX_STEM_BYTES - 4, "{} bytes", s.len());
            assert!(text.starts_with(&s));
        }
        // The counter stays within the bound too, and the name with `.xlsx` within 255 bytes.
        let mut taken = HashSet::new();
        let stem = file_stem(&"😀".repeat(100));
        let first = unique(stem.clone(), &mut taken, Bound::Bytes(MAX_STEM_BYTES));
        for n in 2..=120 {
            let next = unique(stem.clone(), &mut taken, Bound::Bytes(MAX_STEM_BYTES));
            assert!(next.ends_with(&format!("-{n}")), "{next}");
            assert!(next.len() <= MAX_STEM_BYTES);
            assert_eq!(file_name_problem(&format!("{next}.xlsx")), None);
        }
        assert_eq!(first, stem);
        assert_eq!(cut_bytes("a😀", 4), "a");
        assert_eq!(cut_bytes("a😀", 5), "a😀");
    }

    #[test]
    fn invisible_characters_are_removed_and_names_are_nfc() {
        // Right-to-left override: `a\u{202E}gpj.exe` shows as `aexe.jpg`.
        assert_eq!(file_stem("a\u{202E}gpj.exe"), "agpj.exe");
        assert_eq!(sheet_name("a\u{202E}gpj.exe"), "agpj.exe");
        for c in [
            '\u{200E}', '\u{200F}', '\u{061C}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200B}', '\u{200C}',
            '\u{200D}', '\u{2060}', '\u{FEFF}',
        ] {
            let text = format!("科信{c}支队");
            assert_eq!(file_stem(&text), "科信支队", "U+{:04X}", c as u32);
            assert_eq!(sheet_name(&text), "科信支队", "U+{:04X}", c as u32);
        }
        // Café typed with a combining accent (NFD) and precomposed (NFC): one name.
        let nfd = "Cafe\u{301}";
        let nfc = "Caf\u{e9}";
        assert_ne!(nfd, nfc);
        assert_eq!(file_stem(nfd), nfc);
        assert_eq!(sheet_name(nfd), nfc);
        assert_eq!(identity(nfd), identity(nfc));
        assert_eq!(identity(" 科信支队 "), "科信支队");
        // Names that only clean alike stay different identities.
        assert_ne!(identity("科信/支队"), identity("科信_支队"));
    }

    #[test]
    fn planned_file_names_are_checked() {
        assert_eq!(file_name_problem("2021-甲-乙.xlsx"), None);
        assert!(file_name_problem("").is_some());
        assert!(file_name_problem("..").is_some());
        assert!(file_name_problem("a/b.xlsx").is_some());
        assert!(file_name_problem("a\u{202E}b.xlsx").is_some());
        let long = format!("{}.xlsx", "😀".repeat(63));
        assert!(file_name_problem(&long).unwrap().contains("字节"));
    }

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(sheet_name("a[b]c:d*e?f/g\\h"), "a_b_c_d_e_f_g_h");
        assert_eq!(sheet_name("'引号'"), "引号");
        assert_eq!(sheet_name(""), "表");
        assert_eq!(sheet_name("History"), "表History");
        assert_eq!(sheet_name(&"长".repeat(40)).chars().count(), 31);
        // An emoji is two UTF-16 units, as Excel counts it.
        assert_eq!(sheet_name(&"😀".repeat(40)), "😀".repeat(15));
    }

    #[test]
    fn unique_appends_counters_case_insensitively() {
        let mut taken = HashSet::new();
        let b = Bound::Utf16(31);
        assert_eq!(unique("Form".into(), &mut taken, b), "Form");
        assert_eq!(unique("form".into(), &mut taken, b), "form-2");
        assert_eq!(unique("Form".into(), &mut taken, b), "Form-3");
        let long = "长".repeat(31);
        let mut taken = HashSet::new();
        unique(long.clone(), &mut taken, b);
        let second = unique(long, &mut taken, b);
        assert_eq!(second.chars().count(), 31);
        assert!(second.ends_with("-2"));
        // Two long names that differ only at the end get two names.
        let mut taken = HashSet::new();
        let a = unique(
            file_stem(&format!("{}甲", "项".repeat(299))),
            &mut taken,
            Bound::Bytes(MAX_STEM_BYTES),
        );
        let z = unique(
            file_stem(&format!("{}乙", "项".repeat(299))),
            &mut taken,
            Bound::Bytes(MAX_STEM_BYTES),
        );
        assert_ne!(a.to_lowercase(), z.to_lowercase());
        assert!(z.ends_with("-2") && z.len() <= MAX_STEM_BYTES);
    }
}
