//! The report as JSON (schema `evalsheet-diff/1`, documented in the module `diff`).

use super::Report;

/// The report as pretty-printed JSON (schema in the module documentation), ending in a newline.
pub fn to_json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}
