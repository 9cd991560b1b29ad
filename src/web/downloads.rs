//! What the desk hands out: a unit's blank forms as a zip, a unit's feedback workbook, the
//! 汇总表, and the 催报 list (the forms not returned). Made in `DESK/tmp/` and sent as bytes.

use std::io::Write;

use super::server::App;
use crate::desk::State;
use crate::error::{Error, Result};
use crate::report;
use crate::t;

/// A temporary folder under `DESK/tmp/`, removed when dropped.
fn scratch(app: &App) -> Result<tempfile::TempDir> {
    let tmp = app.root.join("tmp");
    std::fs::create_dir_all(&tmp).map_err(|source| Error::Write {
        path: tmp.clone(),
        source,
    })?;
    tempfile::Builder::new()
        .prefix("web-")
        .tempdir_in(&tmp)
        .map_err(|source| Error::Write { path: tmp, source })
}

fn read(path: &std::path::Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// The blank forms issued to `unit`, zipped (name, bytes); `None` when none were.
pub fn blank_zip(app: &App, unit: &str) -> Result<Option<(String, Vec<u8>)>> {
    let files = app.desk().issued_files(unit)?;
    if files.is_empty() {
        return Ok(None);
    }
    let zerr = |e: zip::result::ZipError| Error::Write {
        path: app.root.join("issued"),
        source: std::io::Error::other(e.to_string()),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for f in &files {
        let name = f.file_name().map_or_else(
            || "form.xlsx".to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        zip.start_file(name, opts).map_err(zerr)?;
        zip.write_all(&read(f)?).map_err(|source| Error::Write {
            path: f.clone(),
            source,
        })?;
    }
    let cursor = zip.finish().map_err(zerr)?;
    let name = t!("web-dl-blank-name", unit = unit.to_string());
    Ok(Some((name, cursor.into_inner())))
}

/// `unit`'s feedback workbook (name, bytes); `None` when it has nothing to fix.
pub fn feedback(app: &App, unit: &str) -> Result<Option<(String, Vec<u8>)>> {
    let dir = scratch(app)?;
    let made = app.desk().feedback(dir.path(), Some(unit), true)?;
    let Some(first) = made.first() else {
        return Ok(None);
    };
    let name = first.file_name().map_or_else(
        || format!("{unit}_反馈表.xlsx"),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Some((name, read(first)?)))
}

/// The desk's 汇总表 (name, bytes).
pub fn summary(app: &App) -> Result<(String, Vec<u8>)> {
    let dir = scratch(app)?;
    let year = app.desk().year();
    let name = format!("{year}年度汇总表.xlsx");
    let path = dir.path().join(&name);
    app.desk().collect(&path, true)?;
    Ok((name, read(&path)?))
}

/// The 催报 list: every form still owed — not returned, or returned for fixes and not yet
/// handed in again — by department and unit, with when it was issued and how many days ago
/// (name, bytes).
pub fn chase(app: &App) -> Result<(String, Vec<u8>)> {
    let status = app.status()?;
    let year = status.year;
    let mut owed: Vec<&crate::desk::FormRow> = status
        .forms
        .iter()
        .filter(|f| matches!(f.state, State::Missing | State::ReturnedForFixes))
        .collect();
    owed.sort_by(|a, b| {
        (
            &a.department,
            &a.unit,
            a.state != State::Missing,
            &a.project,
        )
            .cmp(&(
                &b.department,
                &b.unit,
                b.state != State::Missing,
                &b.project,
            ))
    });
    let rows: Vec<[String; 5]> = owed
        .iter()
        .map(|f| {
            [
                f.department.clone(),
                f.unit.clone(),
                f.project.clone(),
                super::dashboard::state_label(f.state),
                f.issued_at.get(..10).unwrap_or(&f.issued_at).to_string(),
            ]
        })
        .collect();
    let sheet = t!("web-chase-sheet");
    let name = format!("{year}年度{sheet}.xlsx");
    let cols = [
        report::col("web-col-department", 12.0, 30.0),
        report::col("web-col-unit", 12.0, 30.0),
        report::col("web-col-project", 16.0, 50.0),
        report::col("web-col-state", 8.0, 12.0),
        report::col("web-chase-issued", 11.0, 12.0),
        report::col("web-chase-days", 9.0, 12.0),
    ];
    let widths = report::fit_widths(
        &cols,
        rows.iter().zip(&owed).map(|(r, f)| {
            let mut v = r.to_vec();
            v.push(f.days_since_issue.to_string());
            v
        }),
    );
    let title = t!("web-chase-title", year = year);
    let bytes = report::save(std::path::Path::new(&name), |wb| {
        let e = report::sheet_err(&sheet);
        let f = report::Formats::new();
        let ws = wb.add_worksheet();
        ws.set_name(&sheet).map_err(&e)?;
        let missing = owed.iter().filter(|f| f.state == State::Missing).count();
        let sub = t!(
            "web-chase-subtitle",
            missing = missing,
            returned = owed.len() - missing
        );
        report::head(ws, &f, &cols, &widths, &title, &sub).map_err(&e)?;
        let mut r = report::HEAD_ROW;
        for (row, form) in rows.iter().zip(&owed) {
            r += 1;
            for (c, v) in row.iter().enumerate() {
                ws.write_string_with_format(r, c as u16, v, &f.text)
                    .map_err(&e)?;
            }
            ws.write_number_with_format(r, 5, form.days_since_issue as f64, &f.count)
                .map_err(&e)?;
        }
        report::finish(ws, cols.len(), r, 0).map_err(&e)?;
        Ok(())
    })?;
    Ok((name, bytes))
}
