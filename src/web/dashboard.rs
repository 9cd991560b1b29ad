//! The year at a glance: counts by state with progress, the table of issued forms (filtered
//! and sorted as asked), and the files listed apart. Drawn straight into a string — the table
//! of 10,000 forms is the page's heaviest part and is sent again on every filter.

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::sheet::escape_into;
use crate::desk::{FormRow, State, Status};
use crate::t;

/// The four states in the order of the year's work.
pub const STATES: [State; 4] = State::ALL;

/// A state's id (as in the status JSON).
pub fn state_id(s: State) -> &'static str {
    s.as_str()
}

/// A state's name on the page.
pub fn state_label(s: State) -> String {
    s.label()
}

/// What the table is asked for: filters and the sort column (`dir` = `desc` for descending).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Query {
    pub department: String,
    pub unit: String,
    pub state: String,
    pub sort: String,
    pub dir: String,
    /// Which page of the table (from 1); the first when missing.
    pub page: usize,
}

/// Rows on one page of the table: a page a browser draws at once, a year of 10,000 forms in 50.
pub const PAGE_ROWS: usize = 200;

/// The sortable columns: (id, catalogue message of the header).
const COLUMNS: [(&str, &str); 8] = [
    ("department", "web-col-department"),
    ("unit", "web-col-unit"),
    ("project", "web-col-project"),
    ("state", "web-col-state"),
    ("versions", "web-col-versions"),
    ("errors", "web-col-errors"),
    ("warnings", "web-col-warnings"),
    ("received", "web-col-received"),
];

impl Query {
    /// The query as the part of an address after `?`.
    pub fn to_query(&self) -> String {
        let mut parts = Vec::new();
        for (k, v) in [
            ("department", &self.department),
            ("unit", &self.unit),
            ("state", &self.state),
            ("sort", &self.sort),
            ("dir", &self.dir),
        ] {
            if !v.is_empty() {
                parts.push(format!("{k}={}", pct(v)));
            }
        }
        if self.page > 1 {
            parts.push(format!("page={}", self.page));
        }
        parts.join("&")
    }
}

/// Percent-encode a value for a query string.
pub fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The forms a session may see: all of them, or one unit's.
pub fn visible<'a>(
    status: &'a Status,
    only_unit: Option<&'a str>,
) -> impl Iterator<Item = &'a FormRow> {
    status
        .forms
        .iter()
        .filter(move |f| only_unit.is_none_or(|u| f.unit == u))
}

/// The counts, the table and the files apart, as HTML (the part of the page that filters
/// reload).
pub fn table(status: &Status, q: &Query, only_unit: Option<&str>) -> String {
    let mut counts = [0usize; 4];
    let mut total = 0usize;
    for f in visible(status, only_unit) {
        counts[STATES.iter().position(|s| *s == f.state).unwrap_or(0)] += 1;
        total += 1;
    }
    let mut rows: Vec<&FormRow> = visible(status, only_unit)
        .filter(|f| q.department.is_empty() || f.department == q.department)
        .filter(|f| q.unit.is_empty() || f.unit == q.unit)
        .filter(|f| q.state.is_empty() || state_id(f.state) == q.state)
        .collect();
    sort(&mut rows, &q.sort, q.dir == "desc");

    let mut s = String::with_capacity(600 + rows.len() * 420);
    // Counts and progress.
    s.push_str("<div class=\"counts\">");
    for (state, n) in STATES.iter().zip(counts) {
        let _ = write!(
            s,
            "<div class=\"count {id}\" id=\"count-{id}\"><div class=\"n\">{n}</div><div class=\"what\">",
            id = state_id(*state)
        );
        escape_into(&mut s, &state_label(*state));
        s.push_str("</div></div>");
    }
    s.push_str("</div><div class=\"progress\">");
    for (state, n) in STATES.iter().zip(counts).skip(1) {
        if total > 0 && n > 0 {
            let _ = write!(
                s,
                "<span class=\"{}\" style=\"width:{:.2}%\"></span>",
                state_id(*state),
                n as f64 * 100.0 / total as f64
            );
        }
    }
    s.push_str("</div><p class=\"muted\">");
    escape_into(
        &mut s,
        &t!(
            "web-counts-progress",
            issued = total,
            received = total - counts[0],
            accepted = counts[3]
        ),
    );
    s.push_str("</p>");

    // The table.
    s.push_str("<h2>");
    escape_into(&mut s, &t!("web-forms-title", count = rows.len()));
    s.push_str("</h2><table class=\"list\" id=\"forms-table\"><thead><tr>");
    for (id, msg) in COLUMNS {
        let on = q.sort == id;
        let desc = on && q.dir != "desc";
        let link = Query {
            sort: id.to_string(),
            dir: if desc { "desc".into() } else { String::new() },
            page: 1,
            ..q.clone()
        }
        .to_query();
        let class = match (on, q.dir == "desc") {
            (true, true) => " class=\"sorted desc\"",
            (true, false) => " class=\"sorted\"",
            _ => "",
        };
        let _ = write!(
            s,
            "<th><a href=\"/?{link}\" hx-get=\"/?{link}\" hx-target=\"#forms\" hx-push-url=\"true\" data-sort=\"{id}\"{class}>"
        );
        escape_into(&mut s, &crate::i18n::text(msg, &[]));
        s.push_str("</a></th>");
    }
    s.push_str("</tr></thead><tbody>");
    let labels: Vec<String> = STATES.iter().map(|st| state_label(*st)).collect();
    let stale = t!("web-flag-stale");
    let pages = rows.len().div_ceil(PAGE_ROWS).max(1);
    let page = q.page.clamp(1, pages);
    let shown = &rows[((page - 1) * PAGE_ROWS).min(rows.len())..(page * PAGE_ROWS).min(rows.len())];
    for f in shown {
        let si = STATES.iter().position(|x| *x == f.state).unwrap_or(0);
        let _ = write!(s, "<tr data-id=\"{}\"><td>", f.id);
        escape_into(&mut s, &f.department);
        s.push_str("</td><td>");
        escape_into(&mut s, &f.unit);
        let _ = write!(s, "</td><td><a href=\"/forms/{}\">", f.id);
        escape_into(&mut s, &f.project);
        s.push_str("</a>");
        if f.stale {
            s.push_str(" <span class=\"state returned_for_fixes\">");
            escape_into(&mut s, &stale);
            s.push_str("</span>");
        }
        if f.forbidden_changes > 0 {
            s.push_str(" <span class=\"state returned_for_fixes\">");
            escape_into(
                &mut s,
                &t!("web-flag-forbidden", count = f.forbidden_changes),
            );
            s.push_str("</span>");
        }
        let _ = write!(
            s,
            "</td><td><span class=\"state {}\">{}</span></td><td class=\"num\">{}</td>",
            state_id(f.state),
            labels[si],
            f.versions
        );
        let _ = write!(
            s,
            "<td class=\"num{}\">{}</td><td class=\"num{}\">{}</td><td>",
            if f.errors > 0 { " n-errors" } else { "" },
            f.errors,
            if f.warnings > 0 { " n-warnings" } else { "" },
            f.warnings
        );
        if let Some(r) = &f.received {
            escape_into(&mut s, &when(r));
        }
        s.push_str("</td></tr>");
    }
    s.push_str("</tbody></table>");
    if pages > 1 {
        pager(&mut s, q, page, pages, rows.len());
    }
    if rows.is_empty() {
        s.push_str("<p class=\"muted\">");
        escape_into(&mut s, &t!("web-forms-none"));
        s.push_str("</p>");
    }

    // The files apart: the office's only (they belong to no unit).
    if only_unit.is_none() && !status.unmatched.is_empty() {
        s.push_str("<h2>");
        escape_into(
            &mut s,
            &t!("web-apart-title", count = status.unmatched.len()),
        );
        s.push_str("</h2><table class=\"list\" id=\"apart\"><thead><tr><th>");
        escape_into(&mut s, &t!("web-col-file"));
        s.push_str("</th><th>");
        escape_into(&mut s, &t!("web-col-reason"));
        s.push_str("</th></tr></thead><tbody>");
        for u in &status.unmatched {
            s.push_str("<tr><td>");
            escape_into(&mut s, &u.file);
            s.push_str("</td><td>");
            escape_into(&mut s, &u.reason.label());
            s.push_str("</td></tr>");
        }
        s.push_str("</tbody></table>");
    }
    s
}

/// The links to the other pages of the table: the first, the last, and two either side of
/// this one, with 上一页 and 下一页.
fn pager(s: &mut String, q: &Query, page: usize, pages: usize, count: usize) {
    let link = |s: &mut String, to: usize, text: &str, class: &str| {
        let href = Query {
            page: to,
            ..q.clone()
        }
        .to_query();
        let _ = write!(
            s,
            "<a href=\"/?{href}\" hx-get=\"/?{href}\" hx-target=\"#forms\" hx-push-url=\"true\" data-page=\"{to}\" class=\"{class}\">"
        );
        escape_into(s, text);
        s.push_str("</a> ");
    };
    s.push_str("<nav class=\"pager\" id=\"pager\"><span class=\"muted\">");
    escape_into(
        s,
        &t!(
            "web-page-of",
            page = page,
            pages = pages,
            first = (page - 1) * PAGE_ROWS + 1,
            last = (page * PAGE_ROWS).min(count),
            count = count
        ),
    );
    s.push_str("</span> ");
    if page > 1 {
        link(s, page - 1, &t!("web-page-previous"), "step");
    }
    let mut last_shown = 0;
    for p in 1..=pages {
        if p == 1 || p == pages || p.abs_diff(page) <= 2 {
            if last_shown + 1 < p {
                s.push_str("<span class=\"gap\">…</span> ");
            }
            if p == page {
                let _ = write!(s, "<strong class=\"current\">{p}</strong> ");
            } else {
                link(s, p, &p.to_string(), "");
            }
            last_shown = p;
        }
    }
    if page < pages {
        link(s, page + 1, &t!("web-page-next"), "step");
    }
    s.push_str("</nav>");
}

/// An RFC 3339 time as a clerk reads it: `2022-03-01 14:05`.
pub fn when(rfc3339: &str) -> String {
    let s = rfc3339.replace('T', " ");
    s.get(..16).map_or(s.clone(), str::to_string)
}

fn sort(rows: &mut [&FormRow], by: &str, desc: bool) {
    let state_rank = |s: State| STATES.iter().position(|x| *x == s).unwrap_or(0);
    match by {
        "department" => rows.sort_by(|a, b| a.department.cmp(&b.department)),
        "unit" => rows.sort_by(|a, b| a.unit.cmp(&b.unit)),
        "project" => rows.sort_by(|a, b| a.project.cmp(&b.project)),
        "state" => rows.sort_by_key(|f| state_rank(f.state)),
        "versions" => rows.sort_by_key(|f| f.versions),
        "errors" => rows.sort_by_key(|f| f.errors),
        "warnings" => rows.sort_by_key(|f| f.warnings),
        "received" => rows.sort_by(|a, b| a.received.cmp(&b.received)),
        _ => rows.sort_by(|a, b| {
            (&a.department, &a.unit, &a.project).cmp(&(&b.department, &b.unit, &b.project))
        }),
    }
    if desc {
        rows.reverse();
    }
}

/// The departments and units of the visible forms, sorted and without repeats (the filters'
/// choices).
pub fn choices(status: &Status, only_unit: Option<&str>) -> (Vec<String>, Vec<String>) {
    let mut d: Vec<String> = visible(status, only_unit)
        .map(|f| f.department.clone())
        .collect();
    let mut u: Vec<String> = visible(status, only_unit).map(|f| f.unit.clone()).collect();
    d.sort();
    d.dedup();
    u.sort();
    u.dedup();
    (d, u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(n: usize) -> Status {
        let forms = (0..n)
            .map(|i| FormRow {
                id: i as i64 + 1,
                project: format!("项目{i:05}"),
                unit: format!("单位{:03}", i % 7),
                department: "市公安局".into(),
                state: if i % 3 == 0 {
                    State::Received
                } else {
                    State::Missing
                },
                file: None,
                versions: 0,
                stale: false,
                forbidden_changes: 0,
                errors: 0,
                warnings: 0,
                received: None,
                issued_at: "2022-03-01T00:00:00Z".into(),
                days_since_issue: 3,
            })
            .collect();
        Status {
            schema: "evalsheet-status/1",
            year: 2022,
            forms,
            unmatched: Vec::new(),
        }
    }

    fn ids(html: &str) -> Vec<i64> {
        html.split("<tr data-id=\"")
            .skip(1)
            .map(|r| r.split('"').next().unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn a_long_table_is_shown_a_page_at_a_time() {
        let st = status(450);
        let first = table(&st, &Query::default(), None);
        assert_eq!(ids(&first).len(), PAGE_ROWS);
        assert!(
            first.contains("第 1/3 页（第 1–200 张，共 450 张）"),
            "{first}"
        );
        assert!(first.contains("data-page=\"2\""));
        assert!(!first.contains("上一页"));
        let q = Query {
            page: 3,
            ..Default::default()
        };
        let last = table(&st, &q, None);
        assert_eq!(ids(&last).len(), 50);
        // The pages together are the whole table in its order (by department, unit, project).
        let mut all = ids(&first);
        all.extend(ids(&table(
            &st,
            &Query {
                page: 2,
                ..Default::default()
            },
            None,
        )));
        all.extend(ids(&last));
        let mut want: Vec<&FormRow> = st.forms.iter().collect();
        want.sort_by(|a, b| (&a.unit, &a.project).cmp(&(&b.unit, &b.project)));
        assert_eq!(all, want.iter().map(|f| f.id).collect::<Vec<_>>());
        assert!(last.contains("上一页") && !last.contains("下一页"));
        // A page past the end shows the last; the counts are of the whole year.
        let q = Query {
            page: 99,
            ..Default::default()
        };
        assert_eq!(ids(&table(&st, &q, None)), ids(&last));
        assert!(last.contains("共下发 450 张，已交回 150 张"), "{last}");
        // A filter or a sort starts from the first page; a page link keeps the filter.
        let q = Query {
            state: "missing".into(),
            page: 2,
            ..Default::default()
        };
        let filtered = table(&st, &q, None);
        assert_eq!(ids(&filtered).len(), 100);
        assert!(
            filtered.contains("href=\"/?state=missing&amp;sort=")
                || filtered.contains("href=\"/?state=missing&sort="),
            "{filtered}"
        );
        assert!(filtered.contains("data-page=\"1\""));
        // Thirteen forms: one page, no pager.
        assert!(!table(&status(13), &Query::default(), None).contains("id=\"pager\""));
    }
}
