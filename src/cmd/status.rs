//! `evalsheet status`: the year at a glance.

use std::path::PathBuf;

use evalsheet::desk::{Desk, State, Status};
use evalsheet::t;

use super::{OK, Outcome, exit, print};

#[derive(clap::Args)]
#[command(
    about = "Show where each issued form of a desk stands",
    long_about = "Show the desk DESK at a glance: the number of forms in each state (未交回, \
已交回待审, 退回修改, 已通过), then one row per issued form (number, 主管部门, 实施单位, 项目, \
state, versions received, on an older issue, fields of the office changed, errors, warnings, \
when received), then the files listed apart and why.\n\nWith --format json, one JSON object of \
schema evalsheet-status/1 (see README).",
    after_help = "Examples:\n  evalsheet status 收表台2022\n  \
evalsheet status 收表台2022 --format json"
)]
pub struct Args {
    /// The desk's folder.
    #[arg(value_name = "DESK")]
    desk: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

pub fn run(a: Args) -> Outcome {
    let desk = Desk::open(&a.desk)?;
    let status = desk.status()?;
    match a.format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(&status).unwrap_or_default();
            s.push('\n');
            print(&s)?;
        }
        Format::Text => print(&text(&status))?,
    }
    Ok(exit(OK))
}

/// The status as a text table, columns aligned by display width.
fn text(s: &Status) -> String {
    let n = s.counts();
    let mut out = t!(
        "desk-status-title",
        year = s.year.to_string(),
        total = s.forms.len() as i64,
        missing = n[0] as i64,
        received = n[1] as i64,
        returned = n[2] as i64,
        accepted = n[3] as i64
    );
    out.push_str("\n\n");
    let yes_no = |b: bool| if b { t!("desk-yes") } else { t!("desk-no") };
    let mut rows: Vec<Vec<String>> = vec![
        t!("desk-status-head")
            .split('\t')
            .map(str::to_string)
            .collect(),
    ];
    for f in &s.forms {
        let returned = f.state != State::Missing;
        rows.push(vec![
            f.id.to_string(),
            f.department.clone(),
            f.unit.clone(),
            f.project.clone(),
            f.state.label(),
            f.versions.to_string(),
            if returned {
                yes_no(f.stale)
            } else {
                String::new()
            },
            if returned {
                f.forbidden_changes.to_string()
            } else {
                String::new()
            },
            if returned {
                f.errors.to_string()
            } else {
                String::new()
            },
            if returned {
                f.warnings.to_string()
            } else {
                String::new()
            },
            f.received.clone().unwrap_or_default(),
        ]);
    }
    out.push_str(&table(&rows));
    if !s.unmatched.is_empty() {
        out.push('\n');
        out.push_str(&t!("desk-status-apart", count = s.unmatched.len() as i64));
        out.push('\n');
        for u in &s.unmatched {
            out.push_str("  ");
            out.push_str(&t!(
                "desk-status-apart-line",
                file = u.file.clone(),
                reason = u.reason.label()
            ));
            out.push('\n');
        }
    }
    out
}

fn table(rows: &[Vec<String>]) -> String {
    use unicode_width::UnicodeWidthStr;
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for r in rows {
        let mut line = String::new();
        for (c, cell) in r.iter().enumerate() {
            line.push_str(cell);
            if c + 1 < r.len() {
                line.push_str(&" ".repeat(widths[c] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}
