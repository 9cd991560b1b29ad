//! Receiving uploaded files. The bytes of each file are written under `DESK/tmp/` with a
//! generated name (never the browser's, which is kept only as text for the ledger), bounded
//! in size and count, then handed to [`crate::desk::Desk::receive`], which reads them in the
//! isolation of [`crate::isolate`] and records them in one transaction. A unit's upload is
//! read first to make sure every form in it is that unit's; another unit's form is refused
//! and nothing of it is kept.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::Multipart;
use axum::http::HeaderMap;
use serde::Serialize;
use tokio::io::AsyncWriteExt;

use super::auth::{self, Role, Session};
use super::csrf;
use super::server::{App, MAX_FILE_BYTES, MAX_FILES};
use crate::desk::{Actor, Desk};
use crate::t;

/// Why an upload was refused as a whole.
#[derive(Debug)]
pub enum Refused {
    /// No valid CSRF token, or from another origin.
    Csrf,
    /// More files or bytes than allowed.
    TooMuch,
    Trouble(String),
}

/// The answer to one file: its name as sent, the one line of `receive`, and how it went
/// (`ok`, `odd` for a file kept but not counted or already had, `bad` for one refused).
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub name: String,
    pub line: String,
    pub class: &'static str,
}

/// A file saved under `DESK/tmp/`, removed when dropped.
struct Saved {
    path: PathBuf,
    name: String,
}

impl Drop for Saved {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// The extension to keep on a saved upload: one of the workbook kinds, else none.
fn extension(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("xlsx") => "xlsx",
        Some("xlsm") => "xlsm",
        Some("xls") => "xls",
        Some("ods") => "ods",
        _ => "bin",
    }
}

/// Write the file of a multipart field to `path`, at most [`MAX_FILE_BYTES`] of it.
pub(crate) async fn save_field(
    field: &mut axum::extract::multipart::Field<'_>,
    path: &Path,
) -> Result<(), Refused> {
    let mut out = tokio::fs::File::create(path)
        .await
        .map_err(|e| Refused::Trouble(e.to_string()))?;
    let mut size = 0usize;
    while let Some(chunk) = field.chunk().await.map_err(|_| Refused::TooMuch)? {
        size += chunk.len();
        if size > MAX_FILE_BYTES {
            return Err(Refused::TooMuch);
        }
        out.write_all(&chunk)
            .await
            .map_err(|e| Refused::Trouble(e.to_string()))?;
    }
    out.flush()
        .await
        .map_err(|e| Refused::Trouble(e.to_string()))
}

/// Save every file of a multipart upload, then receive each; one answer per file.
pub async fn receive_all(
    app: &Arc<App>,
    headers: &HeaderMap,
    s: &Session,
    mut mp: Multipart,
) -> Result<Vec<Answer>, Refused> {
    let by_header = headers.contains_key(csrf::HEADER);
    let mut allowed = csrf::origin_ok(headers) && csrf::token_ok(headers, None, &s.csrf);
    let tmp = app.root.join("tmp");
    tokio::fs::create_dir_all(&tmp)
        .await
        .map_err(|e| Refused::Trouble(e.to_string()))?;
    let mut saved: Vec<Saved> = Vec::new();
    while let Some(mut field) = mp.next_field().await.map_err(|_| Refused::TooMuch)? {
        match field.name() {
            Some(csrf::FIELD) if !by_header => {
                let v = field.text().await.map_err(|_| Refused::Csrf)?;
                allowed = csrf::origin_ok(headers) && auth::same_secret(&v, &s.csrf);
            }
            Some("file") => {
                if !allowed {
                    return Err(Refused::Csrf);
                }
                let name = field.file_name().unwrap_or("").trim().to_string();
                if name.is_empty() {
                    continue;
                }
                if saved.len() >= MAX_FILES {
                    return Err(Refused::TooMuch);
                }
                let token = auth::token().map_err(|e| Refused::Trouble(e.to_string()))?;
                let file = Saved {
                    path: tmp.join(format!("upload-{token}.{}", extension(&name))),
                    name,
                };
                save_field(&mut field, &file.path).await?;
                saved.push(file);
            }
            _ => {}
        }
    }
    if !allowed {
        return Err(Refused::Csrf);
    }
    // Each file on the blocking pool: files are received side by side, each through its own
    // connection to the ledger.
    let mut jobs = Vec::new();
    for file in saved {
        let root = app.root.clone();
        let role = s.role.clone();
        jobs.push(tokio::task::spawn_blocking(move || {
            receive_one(&root, &file.path, &file.name, &role)
        }));
    }
    let mut answers = Vec::new();
    for j in jobs {
        answers.push(j.await.map_err(|e| Refused::Trouble(e.to_string()))?);
    }
    Ok(answers)
}

/// Receive one saved file for `role`.
pub fn receive_one(root: &Path, path: &Path, name: &str, role: &Role) -> Answer {
    let answer = |line: String, class| Answer {
        name: name.to_string(),
        line,
        class,
    };
    if let Role::Unit(unit) = role
        && let Some(refusal) = not_this_units(path, name, unit)
    {
        return answer(refusal, "bad");
    }
    let received = Desk::open(root).and_then(|d| d.receive(path, name, &Actor(role.actor())));
    match received {
        Ok(r) => {
            let class = if r.unmatched.is_some() || r.already_had {
                "odd"
            } else {
                "ok"
            };
            answer(r.line, class)
        }
        Err(e) => answer(e.to_string(), "bad"),
    }
}

/// Why a unit may not hand in this file (a form of another unit, or no form at all).
fn not_this_units(path: &Path, name: &str, unit: &str) -> Option<String> {
    let mine = crate::diff::normalize(unit);
    match crate::isolate::import_path(path) {
        Ok(forms) if !forms.is_empty() => forms
            .iter()
            .find(|f| crate::diff::normalize(&f.def.unit) != mine)
            .map(|f| {
                t!(
                    "web-upload-not-yours",
                    file = name.to_string(),
                    found = f.def.unit.clone(),
                    unit = unit.to_string()
                )
            }),
        _ => Some(t!("web-upload-unreadable-unit", file = name.to_string())),
    }
}
