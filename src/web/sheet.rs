//! A form drawn as an HTML table in the official layout: the cells, merges and roles of
//! [`crate::layout`] (the same as the workbook), with findings marked on their cells and,
//! against another version of the form, the changed values shown as inline diffs (deletions
//! struck through in red, insertions in green) through [`crate::diff::inline`].

use std::collections::HashMap;
use std::fmt::Write;

use rust_decimal::Decimal;

use crate::diff::inline::{Seg, inline};
use crate::layout::{Cached, Content, Placed, Role, SheetLayout, lay_out};
use crate::model::Definition;
use crate::template;

/// A finding to mark on its cell: its number in the list beside the form and its severity
/// (`error` or `warning`).
#[derive(Debug, Clone)]
pub struct Mark {
    pub number: usize,
    pub severity: &'static str,
}

/// The form `def` as an HTML table. `marks` holds the findings by field path; `against`, the
/// other version whose values the changed cells are compared with (office-decided cells only:
/// what the unit fills in is not a change).
pub fn html(
    def: &Definition,
    marks: &HashMap<String, Vec<Mark>>,
    against: Option<&Definition>,
) -> String {
    let Ok(t) = template::get(&def.form) else {
        return String::new();
    };
    let layout = lay_out(t, def, false);
    let aligned = against.map(|o| aligned(o, def));
    let old: HashMap<String, String> = aligned
        .as_ref()
        .map(|o| {
            lay_out(t, o, false)
                .cells
                .iter()
                .filter_map(|p| Some((p.field.clone()?, text(p))))
                .collect()
        })
        .unwrap_or_default();
    draw(&layout, marks, against.map(|_| &old))
}

/// `old` with its indicators moved to the rows of the indicators of `new` they pair with (as
/// `diff` pairs them: by 一级/二级/三级, then by similar names), so that a row inserted or
/// removed does not make every row below it a change; an indicator new this time faces a
/// blank one (all inserted).
fn aligned(old: &Definition, new: &Definition) -> Definition {
    let mut out = old.clone();
    out.indicators = vec![crate::model::Indicator::default(); new.indicators.len()];
    for (o, n) in crate::diff::match_indicators(&old.indicators, &new.indicators) {
        if let (Some(o), Some(n)) = (o, n) {
            out.indicators[n] = old.indicators[o].clone();
        }
    }
    out
}

fn draw(
    layout: &SheetLayout,
    marks: &HashMap<String, Vec<Mark>>,
    old: Option<&HashMap<String, String>>,
) -> String {
    let cols = layout.widths.len();
    let rows = layout.rows() as usize;
    // Which cell starts at each position, and which positions a merge covers.
    let mut owner: Vec<Option<usize>> = vec![None; rows * cols];
    let mut covered = vec![false; rows * cols];
    for (i, p) in layout.cells.iter().enumerate() {
        let (r, c) = (p.row as usize, p.col as usize);
        if r >= rows || c >= cols {
            continue;
        }
        owner[r * cols + c] = Some(i);
        for rr in r..=(p.last_row as usize).min(rows - 1) {
            for cc in c..=(p.last_col as usize).min(cols - 1) {
                if (rr, cc) != (r, c) {
                    covered[rr * cols + cc] = true;
                }
            }
        }
    }
    let total: f64 = layout.widths.iter().sum();
    let mut s = String::with_capacity(16 * 1024);
    s.push_str("<table class=\"sheet\"><colgroup>");
    for w in &layout.widths {
        let _ = write!(s, "<col style=\"width:{:.2}%\">", w / total * 100.0);
    }
    s.push_str("</colgroup><tbody>");
    for r in 0..rows {
        s.push_str("<tr>");
        for c in 0..cols {
            let k = r * cols + c;
            if covered[k] {
                continue;
            }
            match owner[k] {
                Some(i) => cell(&mut s, &layout.cells[i], marks, old),
                None => s.push_str("<td class=\"blank\"></td>"),
            }
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

fn cell(
    s: &mut String,
    p: &Placed,
    marks: &HashMap<String, Vec<Mark>>,
    old: Option<&HashMap<String, String>>,
) {
    let mut class = String::from(match p.role {
        Role::Title => "title",
        Role::Subtitle => "subtitle",
        Role::Legend => "legend",
        Role::Label => "label",
        Role::Value => "value",
        Role::Input => "input",
        Role::Amount => "amount",
        Role::AmountInput => "amount input",
        Role::Rate => "amount rate",
        Role::Score => "amount score",
    });
    let field = p.field.clone();
    let found = field.as_ref().and_then(|f| marks.get(f));
    if let Some(found) = found {
        class.push_str(if found.iter().any(|m| m.severity == "error") {
            " has-error"
        } else {
            " has-warning"
        });
    }
    s.push_str("<td class=\"");
    s.push_str(&class);
    s.push('"');
    if p.last_row > p.row {
        let _ = write!(s, " rowspan=\"{}\"", p.last_row - p.row + 1);
    }
    if p.last_col > p.col {
        let _ = write!(s, " colspan=\"{}\"", p.last_col - p.col + 1);
    }
    if let Some(f) = &field {
        s.push_str(" data-field=\"");
        escape_into(s, f);
        s.push('"');
    }
    s.push('>');
    let now = text(p);
    let before = match (old, &field) {
        (Some(old), Some(f)) if !p.role.is_input() => Some(old.get(f).map_or("", String::as_str)),
        _ => None,
    };
    match before {
        Some(b) if b != now => segments(s, &inline(b, &now)),
        _ => escape_into(s, &now),
    }
    for m in found.into_iter().flatten() {
        let _ = write!(
            s,
            "<a class=\"mark {}\" href=\"#finding-{n}\">{n}</a>",
            m.severity,
            n = m.number
        );
    }
    s.push_str("</td>");
}

/// An inline diff as HTML: `<del>` for what was taken out, `<ins>` for what was put in.
pub fn segments(s: &mut String, segs: &[Seg]) {
    for seg in segs {
        match seg {
            Seg::Same(t) => escape_into(s, t),
            Seg::Deleted(t) => {
                s.push_str("<del>");
                escape_into(s, t);
                s.push_str("</del>");
            }
            Seg::Inserted(t) => {
                s.push_str("<ins>");
                escape_into(s, t);
                s.push_str("</ins>");
            }
        }
    }
}

/// What a cell shows, as the workbook shows it.
pub fn text(p: &Placed) -> String {
    match &p.content {
        Content::Blank => String::new(),
        Content::Text(t) => t.clone(),
        Content::Number(n) => number(*n, p.role),
        Content::Formula { cached, .. } => match cached {
            Some(Cached::Number(n)) => number(*n, p.role),
            Some(Cached::Text(t)) => t.clone(),
            None => String::new(),
        },
    }
}

/// A number as the form formats it: amounts `#,##0.00##`, 执行率 as a percentage, scores with
/// two decimals.
fn number(n: Decimal, role: Role) -> String {
    match role {
        Role::Rate => format!(
            "{}%",
            grouped(crate::amount::round(n * Decimal::ONE_HUNDRED, 2), 2, 2)
        ),
        Role::Score => grouped(crate::amount::round(n, 2), 2, 2),
        _ => grouped(n, 2, 4),
    }
}

/// `n` with thousands separators and between `min` and `max` decimals.
fn grouped(n: Decimal, min: u32, max: u32) -> String {
    let n = crate::amount::round(n, max).normalize();
    let mut digits = n.abs().to_string();
    let frac = match digits.find('.') {
        Some(i) => {
            let f = digits[i + 1..].to_string();
            digits.truncate(i);
            f
        }
        None => String::new(),
    };
    let mut frac = frac;
    while (frac.len() as u32) < min {
        frac.push('0');
    }
    let mut int = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            int.push(',');
        }
        int.push(ch);
    }
    let sign = if n.is_sign_negative() && !n.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
}

/// Append `t` escaped for HTML text and attribute values.
pub fn escape_into(s: &mut String, t: &str) {
    for ch in t.chars() {
        match ch {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            '\'' => s.push_str("&#39;"),
            '\n' => s.push_str("<br>"),
            _ => s.push(ch),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def() -> Definition {
        let yaml = "year: 2022\nproject: 示例<项目>\nunit: 示例支队\ncity_department: 示例市公安局\n\
                    funds:\n  total: {budget: 1234.5}\n  city: {budget: 1234.5}\n\
                    goal: {target: 全年完成示例工作。}\nindicators:\n  \
                    - {level1: 产出指标, level2: 数量指标, name: 完成数量, target: 10 件}\n";
        crate::load::parse_bytes(std::path::Path::new("a.yaml"), yaml.as_bytes())
            .unwrap()
            .remove(0)
            .def
    }

    #[test]
    fn the_form_is_a_table_with_the_workbooks_merges_and_escaped_values() {
        let d = def();
        let h = html(&d, &HashMap::new(), None);
        assert!(h.starts_with("<table class=\"sheet\">"));
        assert!(h.contains("示例&lt;项目&gt;"), "{h}");
        assert!(h.contains("1,234.50"));
        let t = template::get(&d.form).unwrap();
        let merges = lay_out(t, &d, false)
            .cells
            .iter()
            .filter(|p| p.is_merged())
            .count();
        let spans = h.matches("colspan=").count() + h.matches("rowspan=").count();
        assert!(spans >= merges, "{spans} spans for {merges} merges");
        assert!(
            h.contains("data-field=\"indicators[1].target\">10 件"),
            "{h}"
        );
    }

    #[test]
    fn findings_are_marked_and_changes_shown_inline() {
        let issued = def();
        let mut returned = def();
        returned.goal.target = "全年完成示范工作。".into();
        let mut marks = HashMap::new();
        marks.insert(
            "goal.target".to_string(),
            vec![Mark {
                number: 2,
                severity: "error",
            }],
        );
        let h = html(&returned, &marks, Some(&issued));
        assert!(h.contains("has-error"));
        assert!(h.contains("href=\"#finding-2\""));
        assert!(h.contains("<del>例</del><ins>范</ins>"), "{h}");
    }

    #[test]
    fn an_indicator_added_above_does_not_shift_the_comparison() {
        let last = def();
        let mut now = def();
        let mut added = now.indicators[0].clone();
        added.name = "新增指标".into();
        added.target = "5 次".into();
        now.indicators.insert(0, added);
        let h = html(&now, &HashMap::new(), Some(&last));
        assert!(h.contains("<ins>新增指标</ins>"), "{h}");
        assert!(
            h.contains("data-field=\"indicators[2].name\">完成数量<"),
            "unchanged row: {h}"
        );
    }

    #[test]
    fn numbers_are_formatted_as_on_the_form() {
        assert_eq!(grouped(Decimal::new(12345678, 1), 2, 4), "1,234,567.80");
        assert_eq!(grouped(Decimal::new(-5, 0), 2, 4), "-5.00");
        assert_eq!(grouped(Decimal::new(123456, 5), 2, 4), "1.2346");
    }
}
