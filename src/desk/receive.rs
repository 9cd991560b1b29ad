//! Receiving one file into a desk: copied in unaltered, read through the isolated readers,
//! each form matched to the form issued, and all of it recorded in one transaction.

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

use super::ledger::{FormRecord, NewFile, NewUnmatched, NewVersion};
use super::{Actor, Desk, DeskFinding, ForbiddenChange, FormId, RECEIVED, Reason, Receipt, keys};
use crate::batch::Kept;
use crate::check::{self, Severity};
use crate::diff::{self, Entry, Mode};
use crate::error::{Error, Result};
use crate::import::{Imported, Options};
use crate::model::{Definition, Provenance};
use crate::t;

/// Set to `1`, a receive fails after the file is copied in and its forms are written to the
/// ledger's transaction, just before it commits: for the tests of an interrupted receive.
pub const FAIL_BEFORE_COMMIT: &str = "EVALSHEET_DESK_FAIL_BEFORE_COMMIT";
/// Set to a number of milliseconds, a receive waits that long inside its transaction before
/// it commits: for the tests of a receive killed midway and of two at once.
pub const PAUSE_BEFORE_COMMIT: &str = "EVALSHEET_DESK_PAUSE_BEFORE_COMMIT_MS";

/// How one form of the file was matched (one at a time: its size does not matter).
#[allow(clippy::large_enum_variant)]
enum Match {
    Form {
        form: FormRecord,
        /// What the stamp says was issued, when it differs from what is issued now.
        stale: Option<Box<Definition>>,
    },
    Apart(Reason),
}

/// The SHA-256 of bytes, as 64 lowercase hex digits.
pub fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A name as received made into a safe file name (its last component; unsafe characters
/// replaced), keeping its extension.
fn safe_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let (stem, ext) = match last.rsplit_once('.') {
        Some((s, e))
            if !s.is_empty() && e.len() <= 8 && e.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            (s, Some(e.to_ascii_lowercase()))
        }
        _ => (last, None),
    };
    let stem = crate::names::file_stem(stem);
    match ext {
        Some(e) => format!("{stem}.{e}"),
        None => stem,
    }
}

/// Copy the bytes into `received/<hash>/`, unless they are there already; the stored path
/// relative to the desk.
fn store(desk: &Desk, file: &Path, name: &str, hash: &str, bytes: &[u8]) -> Result<String> {
    let dir = desk.root().join(RECEIVED).join(hash);
    // Already in the desk (an interrupted receive, or a rebuild reading the desk itself).
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                && std::fs::read(&p).is_ok_and(|b| b == bytes)
            {
                return Ok(relative(&p, desk.root()));
            }
        }
    }
    let _ = file;
    std::fs::create_dir_all(&dir).map_err(|source| Error::Write {
        path: dir.clone(),
        source,
    })?;
    let path = dir.join(safe_name(name));
    match crate::output::write_atomic(&path, bytes, false) {
        Ok(()) => {}
        // Another receive of the same bytes under the same name got there first: its copy is
        // the same file (the folder is named by the content's hash).
        Err(Error::Exists { .. }) if std::fs::read(&path).is_ok_and(|b| b == bytes) => {}
        // The same bytes received under another name while a copy exists: keep that copy.
        Err(Error::Exists { .. }) => {
            let other = dir.join(format!("{}-{}", &hash[..8], safe_name(name)));
            crate::output::write_atomic(&other, bytes, true)?;
            return Ok(relative(&other, desk.root()));
        }
        Err(e) => return Err(e),
    }
    Ok(relative(&path, desk.root()))
}

fn relative(p: &Path, root: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Receive one file (see [`Desk::receive`]); `at` is the time of receipt when it is not now
/// (a rebuild).
pub(super) fn receive(
    desk: &Desk,
    file: &Path,
    name: &str,
    who: &Actor,
    at: Option<&str>,
) -> Result<Receipt> {
    let bytes = std::fs::read(file).map_err(|source| Error::Read {
        path: file.to_path_buf(),
        source,
    })?;
    let hash = hash(&bytes);
    let ledger = desk.ledger();
    if let Some(when) = ledger.file_received(&hash)? {
        return Ok(already(name, &hash, &when));
    }
    let stored = store(desk, file, name, &hash, &bytes)?;
    let stored_path: PathBuf = desk.root().join(&stored);
    let opts = Options {
        year: Some(desk.year()),
    };
    let mut forms: Vec<Imported> = Vec::new();
    let read = crate::isolate::read_bytes(&stored_path, bytes, &opts, &mut |imp| forms.push(imp));
    let (file_reason, detail) = match &read {
        Ok(_) => (None, None),
        Err(Error::NoForm { .. }) => (Some(Reason::NotAForm), None),
        Err(e) => (
            Some(Reason::Unreadable),
            Some(one_line(
                &e.to_string()
                    .replace(&format!("{}: ", stored_path.display()), ""),
            )),
        ),
    };
    if read.is_err() {
        forms.clear();
    }
    // Match each form and work out its version outside the transaction: only the writing
    // happens inside it.
    let mut versions: Vec<(NewVersion, String, String)> = Vec::new();
    let mut apart: Vec<NewUnmatched> = Vec::new();
    let rules = if forms.is_empty() {
        None
    } else {
        desk.rules()?
    };
    for imp in &forms {
        match match_form(desk, imp)? {
            Match::Form { form, stale } => {
                versions.push((
                    version(&form, stale.as_deref(), imp, rules.as_ref())?,
                    form.unit,
                    form.project,
                ));
            }
            Match::Apart(reason) => apart.push(NewUnmatched {
                sheet: imp.from.sheet.clone(),
                project: Some(imp.def.project.clone()),
                unit: Some(imp.def.unit.clone()),
                year: Some(
                    imp.stamp
                        .as_ref()
                        .map(|s| s.year)
                        .filter(|y| *y != 0)
                        .unwrap_or(imp.def.year),
                ),
                reason: reason.as_str(),
            }),
        }
    }
    let what = t!(
        "desk-audit-receive",
        file = name.to_string(),
        hash = hash.clone()
    );
    let recorded = ledger.write(|tx| {
        // Two receives of the same bytes at once: the second finds the first's here.
        if tx.has_file(&hash)? {
            return Ok(None);
        }
        let when = tx.add_file(&NewFile {
            hash: &hash,
            name,
            stored: &stored,
            received_at: at,
            who: &who.0,
            reason: file_reason.map(Reason::as_str),
            detail: detail.as_deref(),
        })?;
        let mut numbers = Vec::new();
        for (v, _, _) in &versions {
            tx.add_version(&hash, &when, v)?;
            numbers.push(tx.version_count(v.form)?);
        }
        for u in &apart {
            tx.add_unmatched(&hash, u)?;
        }
        tx.audit(&who.0, &what)?;
        if std::env::var(FAIL_BEFORE_COMMIT).is_ok_and(|v| v == "1") {
            return Err(Error::Desk {
                path: file.to_path_buf(),
                message: "failure injected before commit".into(),
            });
        }
        if let Some(ms) = std::env::var(PAUSE_BEFORE_COMMIT)
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            std::thread::sleep(std::time::Duration::from_millis(ms));
        }
        Ok(Some(numbers))
    })?;
    let Some(numbers) = recorded else {
        let when = ledger.file_received(&hash)?.unwrap_or_default();
        return Ok(already(name, &hash, &when));
    };
    let mut pieces = Vec::new();
    let mut list = Vec::new();
    for ((v, unit, project), n) in versions.iter().zip(&numbers) {
        pieces.push(form_piece(v, unit, project, *n));
        list.push((Some(v.form as FormId), unit.clone(), project.clone()));
    }
    for u in &apart {
        list.push((
            None,
            u.unit.clone().unwrap_or_default(),
            u.project.clone().unwrap_or_default(),
        ));
    }
    let first_apart = apart
        .first()
        .and_then(|u| Reason::parse(u.reason))
        .or(file_reason);
    let line = if let Some(r) = file_reason {
        match r {
            Reason::NotAForm => t!("desk-receive-not-a-form", file = name.to_string()),
            _ => t!(
                "desk-receive-unreadable",
                file = name.to_string(),
                reason = detail.clone().unwrap_or_default()
            ),
        }
    } else if versions.is_empty() {
        apart_line(name, &apart, desk.year())
    } else {
        let mut l = t!(
            "desk-receive-forms",
            file = name.to_string(),
            count = versions.len() as i64,
            forms = pieces.join("；")
        );
        if !apart.is_empty() {
            l.push_str(&t!("desk-receive-some-apart", count = apart.len() as i64));
        }
        l
    };
    Ok(Receipt {
        file: name.to_string(),
        hash,
        already_had: false,
        line,
        forms: list,
        unmatched: if versions.is_empty() {
            first_apart
        } else {
            None
        },
        flagged: versions.iter().any(|(v, _, _)| v.stale || v.forbidden > 0),
    })
}

fn already(name: &str, hash: &str, when: &str) -> Receipt {
    Receipt {
        file: name.to_string(),
        hash: hash.to_string(),
        already_had: true,
        line: t!(
            "desk-receive-already",
            file = name.to_string(),
            when = when.to_string()
        ),
        forms: Vec::new(),
        unmatched: None,
        flagged: false,
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The line for a file none of whose forms counts.
fn apart_line(name: &str, apart: &[NewUnmatched], year: i32) -> String {
    let Some(u) = apart.first() else {
        return t!("desk-receive-not-a-form", file = name.to_string());
    };
    let project = u.project.clone().unwrap_or_default();
    let unit = u.unit.clone().unwrap_or_default();
    match Reason::parse(u.reason) {
        Some(Reason::WrongYear) => t!(
            "desk-receive-wrong-year",
            file = name.to_string(),
            project = project,
            year = u.year.unwrap_or(0).to_string(),
            desk = year.to_string()
        ),
        _ => t!(
            "desk-receive-not-issued",
            file = name.to_string(),
            project = project,
            unit = unit
        ),
    }
}

/// One form of the answer: unit/project, which version, and what is wrong with it.
fn form_piece(v: &NewVersion, unit: &str, project: &str, n: u32) -> String {
    let mut s = t!(
        "desk-receive-form",
        unit = unit.to_string(),
        project = project.to_string(),
        version = i64::from(n)
    );
    if v.stale {
        let what: Vec<String> = serde_json::from_str(&v.stale_what).unwrap_or_default();
        s.push_str(&t!("desk-flag-stale", what = what.join("、")));
    }
    if v.forbidden > 0 {
        s.push_str(&t!("desk-flag-forbidden", count = i64::from(v.forbidden)));
    }
    if v.errors + v.warnings > 0 {
        s.push_str(&t!(
            "desk-flag-findings",
            errors = i64::from(v.errors),
            warnings = i64::from(v.warnings)
        ));
    }
    s
}

/// Which issued form an imported form is: by its stamp's issued hash; a stamp of another
/// issue of the same project and unit makes it stale; without a stamp, by project and unit.
fn match_form(desk: &Desk, imp: &Imported) -> Result<Match> {
    let ledger = desk.ledger();
    let year = imp
        .stamp
        .as_ref()
        .map(|s| s.year)
        .filter(|y| *y != 0)
        .unwrap_or(imp.def.year);
    if year != desk.year() {
        return Ok(Match::Apart(Reason::WrongYear));
    }
    if let Some(stamp) = &imp.stamp {
        if let Some(form) = ledger.form_by_hash(&stamp.issued_hash)? {
            return Ok(Match::Form { form, stale: None });
        }
        let then = stamp.issued.clone().unwrap_or_else(|| imp.def.issued());
        let (p, u) = keys(&then);
        if let Some(form) = ledger.form_by_names(&p, &u)? {
            return Ok(Match::Form {
                form,
                stale: Some(Box::new(then)),
            });
        }
    }
    let (p, u) = keys(&imp.def);
    match ledger.form_by_names(&p, &u)? {
        Some(form) => Ok(Match::Form { form, stale: None }),
        None => Ok(Match::Apart(Reason::NotIssued)),
    }
}

/// The changes from `old` to `new` (one form each), as diff finds them in `mode`.
pub(crate) fn changes(
    old: &Definition,
    new: &Definition,
    new_from: &Provenance,
    mode: Mode,
) -> Result<Vec<diff::Change>> {
    let side = |d: &Definition, p: &Provenance| Kept::whole(vec![Entry::new(d.clone(), p.clone())]);
    let opts = diff::Options {
        mode: Some(mode),
        all: false,
    };
    let r = diff::compare(
        &side(old, &Provenance::default()),
        &side(new, new_from),
        "issued",
        "returned",
        &opts,
    )?;
    Ok(r.changes)
}

/// The version a form of the file makes of the issued form.
fn version(
    form: &FormRecord,
    stale: Option<&Definition>,
    imp: &Imported,
    rules: Option<&crate::rules::RuleSet>,
) -> Result<NewVersion> {
    let issued: Definition = serde_json::from_str(&form.definition).map_err(|e| Error::Ledger {
        path: PathBuf::from(super::LEDGER),
        message: e.to_string(),
    })?;
    // What differs between the issue the unit filled in and the one issued now.
    let stale_what: Vec<String> = match stale {
        Some(then) => {
            let mut w: Vec<String> = changes(&issued, then, &Provenance::default(), Mode::Issued)?
                .into_iter()
                .map(|c| c.label)
                .collect();
            w.dedup();
            w
        }
        None => Vec::new(),
    };
    // Office-side fields changed by the unit: against the issue it filled in.
    let against = stale.unwrap_or(&issued);
    let forbidden: Vec<ForbiddenChange> = changes(against, &imp.def, &imp.from, Mode::Issued)?
        .into_iter()
        .filter(|c| c.forbidden)
        .map(|c| ForbiddenChange {
            path: c.path,
            label: c.label,
            issued: c.old,
            returned: c.new,
            cell: c.cell,
        })
        .collect();
    let (findings, errors, warnings) = findings_of(&imp.def, &imp.from, &forbidden, rules);
    Ok(NewVersion {
        form: form.id,
        sheet: imp.from.sheet.clone().unwrap_or_default(),
        imported: json(&imp.def),
        provenance: json(&imp.from),
        stale: stale.is_some(),
        stale_what: json(&stale_what),
        forbidden: forbidden.len() as u32,
        changes: json(&forbidden),
        errors,
        warnings,
        findings: json(&findings),
    })
}

/// The findings of a returned form, with the numbers of errors and of the rest. A finding in
/// a field the office filled is the office's, unless the unit changed that field: then it is
/// the unit's to put back.
pub(super) fn findings_of(
    def: &Definition,
    from: &Provenance,
    forbidden: &[ForbiddenChange],
    rules: Option<&crate::rules::RuleSet>,
) -> (Vec<DeskFinding>, u32, u32) {
    let findings: Vec<DeskFinding> = check::check_with(def, from, rules)
        .into_iter()
        .map(|f| {
            let changed = forbidden.iter().any(|c| c.path == f.field);
            let mut d = DeskFinding::new(f);
            if changed {
                d.finding.party = crate::model::Party::Unit;
            }
            d
        })
        .collect();
    let errors = findings
        .iter()
        .filter(|f| f.finding.severity == Severity::Error)
        .count() as u32;
    let warnings = findings.len() as u32 - errors;
    (findings, errors, warnings)
}

/// Check the latest version of every form received again, with the built-in checks and the
/// desk's rules as they are now; how many were checked. One transaction.
pub(super) fn recheck(desk: &Desk, who: &Actor) -> Result<usize> {
    let rules = desk.rules()?;
    let ledger = desk.ledger();
    let bad = |e: serde_json::Error| Error::Ledger {
        path: PathBuf::from(super::LEDGER),
        message: e.to_string(),
    };
    let mut updates = Vec::new();
    for id in ledger.latest_version_ids()? {
        let Some(v) = ledger.version_by_id(id)? else {
            continue;
        };
        let def: Definition = serde_json::from_str(&v.imported).map_err(bad)?;
        let from: Provenance = serde_json::from_str(&v.provenance).map_err(bad)?;
        let forbidden: Vec<ForbiddenChange> = serde_json::from_str(&v.changes).map_err(bad)?;
        let (findings, errors, warnings) = findings_of(&def, &from, &forbidden, rules.as_ref());
        updates.push((id, json(&findings), errors, warnings));
    }
    ledger.write(|tx| {
        for (id, findings, errors, warnings) in &updates {
            tx.set_findings(*id, findings, *errors, *warnings)?;
        }
        tx.audit(
            &who.0,
            &crate::t!("desk-audit-recheck", count = updates.len() as i64),
        )
    })?;
    Ok(updates.len())
}

/// Anything serialisable as JSON text.
fn json<T: serde::Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_received_are_made_safe() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\交回\\禁毒 支队.XLSX"), "禁毒 支队.xlsx");
        assert_eq!(safe_name("a:b?.xls"), "a_b_.xls");
        assert_eq!(safe_name(""), "未命名");
    }
}
