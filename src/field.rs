//! Field paths: how a value of a definition is named wherever it is reported — by the
//! importer (which cell it was read from), the checker (what is wrong) and the differ (what
//! changed). One notation, as users read it:
//!
//! - `project`, `contact`, `city_department`, `local_department`, `unit`, `note`, `year`,
//!   `form`;
//! - `funds.<line>.<value>` with `<line>` one of `total`, `central_provincial`, `city`,
//!   `other`, `current_year`, `carryover` and `<value>` one of `initial_budget`, `budget`,
//!   `executed`, `rate`, `weight`; and `funds.weight`;
//! - `goal.target`, `goal.actual`;
//! - `indicators[N]` (a whole indicator row) and `indicators[N].<value>` with `<value>` one of
//!   `level1`, `level2`, `name`, `target`, `actual`, `reason`, `weight`, `score`. **N counts
//!   from 1**, in form order, as the rows are numbered for a reader;
//! - `indicators`: the table as a whole.
//!
//! ```
//! use evalsheet::field;
//! assert_eq!(field::indicator(0, "target"), "indicators[1].target");
//! assert_eq!(field::funds("total", "budget"), "funds.total.budget");
//! assert_eq!(field::indicator_of("indicators[12].actual"), Some((11, "actual")));
//! ```

/// The path of a value of the indicator at `index` (0-based, as stored).
pub fn indicator(index: usize, value: &str) -> String {
    format!("indicators[{}].{value}", index + 1)
}

/// The path of the whole indicator at `index` (0-based, as stored).
pub fn indicator_row(index: usize) -> String {
    format!("indicators[{}]", index + 1)
}

/// The path of a value of a funding line.
pub fn funds(line: &str, value: &str) -> String {
    format!("funds.{line}.{value}")
}

/// The indicator a path is about: its index (0-based, as stored) and the value named (empty
/// for the whole row); `None` for a path that is not about one indicator.
pub fn indicator_of(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("indicators[")?;
    let (n, tail) = rest.split_once(']')?;
    let n: usize = n.parse().ok()?;
    let value = match tail {
        "" => "",
        t => t.strip_prefix('.')?,
    };
    n.checked_sub(1).map(|i| (i, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indicator_paths_count_from_one_and_read_back() {
        assert_eq!(indicator_row(4), "indicators[5]");
        assert_eq!(indicator_of("indicators[5]"), Some((4, "")));
        assert_eq!(indicator_of("indicators[0].name"), None);
        assert_eq!(indicator_of("indicators"), None);
        assert_eq!(indicator_of("indicators[x].name"), None);
        assert_eq!(indicator_of("funds.total.budget"), None);
        for i in [0, 9, 19_999] {
            let p = indicator(i, "reason");
            assert_eq!(indicator_of(&p), Some((i, "reason")));
        }
    }
}
