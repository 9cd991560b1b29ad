//! Cell addresses in A1 notation (`A1`, `D12:E19`), zero-based in the code, through
//! rust_xlsxwriter's utilities.
//!
//! ```
//! use evalsheet::cellref;
//! assert_eq!(cellref::a1(11, 3), "D12");
//! assert_eq!(cellref::range(11, 3, 18, 4), "D12:E19");
//! assert_eq!(cellref::col_index("AA"), Some(26));
//! assert_eq!(cellref::col_letters(16_383), "XFD");
//! ```

use rust_xlsxwriter::utility;

/// Excel's last column, XFD.
pub const LAST_COL: u16 = 16_383;

/// A zero-based cell address in A1 notation.
pub fn a1(row: u32, col: u16) -> String {
    utility::row_col_to_cell(row, col)
}

/// `A1`, or `A1:B2` for a range of more than one cell.
pub fn range(r0: u32, c0: u16, r1: u32, c1: u16) -> String {
    utility::cell_range(r0, c0, r1, c1)
}

/// 0 → `A`, 26 → `AA`.
pub fn col_letters(col: u16) -> String {
    utility::column_number_to_name(col)
}

/// `A` → 0, `H` → 7, `AA` → 26; `None` for anything but one to three capital letters naming a
/// column of a sheet.
pub fn col_index(letters: &str) -> Option<u16> {
    let well_formed = (1..=3).contains(&letters.len())
        && letters.bytes().all(|b| b.is_ascii_uppercase())
        && (letters.len() < 3 || letters <= "XFD");
    well_formed.then(|| utility::column_name_to_number(letters))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_round_trip() {
        for c in [0u16, 25, 26, 701, 702, LAST_COL] {
            assert_eq!(col_index(&col_letters(c)), Some(c));
        }
        assert_eq!(col_letters(701), "ZZ");
        assert_eq!(col_index("a"), None);
        assert_eq!(col_index(""), None);
        assert_eq!(col_index("XFE"), None);
        assert_eq!(col_index("ABCD"), None);
        assert_eq!(range(0, 0, 0, 0), "A1");
    }
}
