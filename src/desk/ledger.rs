//! The ledger: every word of SQL of the desk, here and nowhere else, so that another database
//! can be put behind the same functions later.
//!
//! SQLite (rusqlite, bundled: nothing to install), in WAL mode with a busy timeout, so that the
//! command line and the web desk can use one ledger at once. The schema is versioned with
//! `PRAGMA user_version` and brought up to date by [`MIGRATIONS`] when the ledger is opened.
//! Every change runs in one transaction (`BEGIN IMMEDIATE`: writers queue, readers never wait)
//! together with its line in the `audit` table (when, who, what).

use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{Error, Result};

/// How long a command waits for another one that is writing to the ledger.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

/// The schema, one step per version: `MIGRATIONS[n]` takes a ledger from version `n` to
/// `n + 1`. In `versions`, the small columns come before the large JSON ones: SQLite reads a
/// row's columns in order, so the status never reads an imported definition.
pub const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
     CREATE TABLE forms(
        id INTEGER PRIMARY KEY,
        project TEXT NOT NULL,
        unit TEXT NOT NULL,
        department TEXT NOT NULL,
        project_key TEXT NOT NULL,
        unit_key TEXT NOT NULL,
        issued_hash TEXT NOT NULL,
        definition TEXT NOT NULL,
        issued_file TEXT NOT NULL,
        sheet TEXT NOT NULL,
        issued_at TEXT NOT NULL,
        state TEXT NOT NULL DEFAULT 'missing',
        comment TEXT,
        UNIQUE(project_key, unit_key));
     CREATE INDEX forms_hash ON forms(issued_hash);
     CREATE INDEX forms_unit ON forms(unit);
     CREATE TABLE files(
        hash TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        stored TEXT NOT NULL,
        received_at TEXT NOT NULL,
        who TEXT NOT NULL,
        reason TEXT,
        detail TEXT);
     CREATE TABLE versions(
        id INTEGER PRIMARY KEY,
        form INTEGER NOT NULL REFERENCES forms(id),
        file TEXT NOT NULL REFERENCES files(hash),
        sheet TEXT NOT NULL,
        received_at TEXT NOT NULL,
        stale INTEGER NOT NULL,
        forbidden INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        stale_what TEXT NOT NULL,
        changes TEXT NOT NULL,
        imported TEXT NOT NULL,
        provenance TEXT NOT NULL,
        findings TEXT NOT NULL);
     CREATE INDEX versions_form ON versions(form, id);
     CREATE TABLE unmatched(
        id INTEGER PRIMARY KEY,
        file TEXT NOT NULL REFERENCES files(hash),
        sheet TEXT,
        project TEXT,
        unit TEXT,
        year INTEGER,
        reason TEXT NOT NULL);
     CREATE INDEX unmatched_file ON unmatched(file);
     CREATE TABLE audit(
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        who TEXT NOT NULL,
        what TEXT NOT NULL);",
];

/// The ledger's file inside a desk.
pub const FILE: &str = "desk.sqlite";

/// An open ledger.
pub struct Ledger {
    conn: Connection,
    path: PathBuf,
}

/// An issued form as the ledger holds it.
#[derive(Debug, Clone)]
pub struct FormRecord {
    pub id: i64,
    pub project: String,
    pub unit: String,
    pub department: String,
    pub issued_hash: String,
    /// The issued definition, as JSON.
    pub definition: String,
    pub issued_file: String,
    pub sheet: String,
    pub issued_at: String,
    pub state: String,
    pub comment: Option<String>,
}

/// A new issued form.
pub struct NewForm<'a> {
    pub project: &'a str,
    pub unit: &'a str,
    pub department: &'a str,
    pub project_key: &'a str,
    pub unit_key: &'a str,
    pub issued_hash: &'a str,
    pub definition: &'a str,
    pub issued_file: &'a str,
    pub sheet: &'a str,
    /// `None`: now.
    pub issued_at: Option<&'a str>,
}

/// A received file.
pub struct NewFile<'a> {
    pub hash: &'a str,
    pub name: &'a str,
    pub stored: &'a str,
    /// `None`: now.
    pub received_at: Option<&'a str>,
    pub who: &'a str,
    /// Why none of its forms counts (`unreadable`, `not_a_form`), if so.
    pub reason: Option<&'a str>,
    pub detail: Option<&'a str>,
}

/// A version of an issued form read from a received file.
pub struct NewVersion {
    pub form: i64,
    pub sheet: String,
    pub imported: String,
    pub provenance: String,
    pub stale: bool,
    pub stale_what: String,
    pub forbidden: u32,
    pub changes: String,
    pub errors: u32,
    pub warnings: u32,
    pub findings: String,
}

/// A form of a received file that matches no issued form.
pub struct NewUnmatched {
    pub sheet: Option<String>,
    pub project: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub reason: &'static str,
}

/// A received version as the ledger holds it.
#[derive(Debug, Clone)]
pub struct VersionRecord {
    pub id: i64,
    pub form: i64,
    pub file_hash: String,
    pub file_name: String,
    pub stored: String,
    pub sheet: String,
    pub received_at: String,
    pub imported: String,
    pub provenance: String,
    pub stale: bool,
    pub stale_what: String,
    pub forbidden: u32,
    pub changes: String,
    pub errors: u32,
    pub warnings: u32,
    pub findings: String,
}

/// One row of the status: an issued form with its latest version's figures.
#[derive(Debug, Clone)]
pub struct StatusRecord {
    pub id: i64,
    pub project: String,
    pub unit: String,
    pub department: String,
    pub state: String,
    pub issued_at: String,
    pub file: Option<String>,
    pub versions: u32,
    pub stale: bool,
    pub forbidden: u32,
    pub errors: u32,
    pub warnings: u32,
    pub received: Option<String>,
    /// Whole days since the form was issued.
    pub days_since_issue: i64,
}

/// A received file listed apart, with why.
#[derive(Debug, Clone)]
pub struct UnmatchedRecord {
    pub file: String,
    pub hash: String,
    pub reason: String,
    pub sheet: Option<String>,
    pub project: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i32>,
    pub received_at: String,
}

fn sql_err(path: &Path, e: &rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let damaged = matches!(
        e.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    );
    let message = if damaged {
        let desk = path.parent().unwrap_or(path).display().to_string();
        crate::t!("desk-ledger-damaged", reason = e.to_string(), desk = desk)
    } else {
        e.to_string()
    };
    Error::Ledger {
        path: path.to_path_buf(),
        message,
    }
}

/// The time now as RFC 3339 (UTC, seconds).
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ','now')";

impl Ledger {
    /// Create a new ledger at `path` (which must not exist) with the current schema.
    pub fn create(path: &Path) -> Result<Ledger> {
        if path.exists() {
            return Err(Error::Exists {
                path: path.to_path_buf(),
            });
        }
        Ledger::connect(path, true)
    }

    /// Open an existing ledger and bring its schema up to date; a file that is not a ledger
    /// (damaged, or something else) is refused.
    pub fn open(path: &Path) -> Result<Ledger> {
        if !path.is_file() {
            return Err(Error::Ledger {
                path: path.to_path_buf(),
                message: crate::t!("desk-no-ledger"),
            });
        }
        let l = Ledger::connect(path, false)?;
        // A cheap look (the whole file is not read: a ledger of a large year is big): the
        // schema is there and the desk describes itself.
        let year: Option<String> = l.meta("year")?;
        if year.is_none() {
            return Err(Error::Ledger {
                path: path.to_path_buf(),
                message: crate::t!("desk-no-ledger"),
            });
        }
        Ok(l)
    }

    fn connect(path: &Path, create: bool) -> Result<Ledger> {
        use rusqlite::OpenFlags;
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if create {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags).map_err(|e| sql_err(path, &e))?;
        let l = Ledger {
            conn,
            path: path.to_path_buf(),
        };
        l.conn.busy_timeout(BUSY_TIMEOUT).map_err(|e| l.err(&e))?;
        l.conn
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(|e| l.err(&e))?;
        l.conn
            .pragma_update(None, "synchronous", "NORMAL")
            .map_err(|e| l.err(&e))?;
        l.conn
            .pragma_update(None, "foreign_keys", "ON")
            .map_err(|e| l.err(&e))?;
        l.migrate()?;
        Ok(l)
    }

    fn err(&self, e: &rusqlite::Error) -> Error {
        sql_err(&self.path, e)
    }

    /// The ledger's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The schema's version.
    pub fn version(&self) -> Result<u32> {
        self.conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(&e))
    }

    /// Run every migration the ledger has not had, each in its own transaction.
    fn migrate(&self) -> Result<()> {
        let have = self.version()? as usize;
        if have > MIGRATIONS.len() {
            return Err(Error::Ledger {
                path: self.path.clone(),
                message: crate::t!(
                    "desk-ledger-newer",
                    have = have as i64,
                    know = MIGRATIONS.len() as i64
                ),
            });
        }
        for (n, step) in MIGRATIONS.iter().enumerate().skip(have) {
            let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
                .map_err(|e| self.err(&e))?;
            // Another process may have migrated while this one waited.
            let now: u32 = tx
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .map_err(|e| self.err(&e))?;
            if now as usize > n {
                continue;
            }
            tx.execute_batch(step).map_err(|e| self.err(&e))?;
            tx.pragma_update(None, "user_version", (n + 1) as i64)
                .map_err(|e| self.err(&e))?;
            tx.commit().map_err(|e| self.err(&e))?;
        }
        Ok(())
    }

    /// Run `f` in one write transaction; committed when it returns `Ok`, rolled back
    /// otherwise.
    pub fn write<T>(&self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| self.err(&e))?;
        let t = Tx { tx, l: self };
        let out = f(&t)?;
        t.tx.commit().map_err(|e| self.err(&e))?;
        Ok(out)
    }

    /// A value of the desk's own description (`year`, `by`).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(|e| self.err(&e))
    }

    /// A setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()
            .map_err(|e| self.err(&e))
    }

    fn form_of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<FormRecord> {
        Ok(FormRecord {
            id: r.get(0)?,
            project: r.get(1)?,
            unit: r.get(2)?,
            department: r.get(3)?,
            issued_hash: r.get(4)?,
            definition: r.get(5)?,
            issued_file: r.get(6)?,
            sheet: r.get(7)?,
            issued_at: r.get(8)?,
            state: r.get(9)?,
            comment: r.get(10)?,
        })
    }

    const FORM_COLS: &'static str = "id, project, unit, department, issued_hash, definition, \
        issued_file, sheet, issued_at, state, comment";

    /// One issued form.
    pub fn form(&self, id: i64) -> Result<Option<FormRecord>> {
        let sql = format!("SELECT {} FROM forms WHERE id = ?1", Self::FORM_COLS);
        self.conn
            .query_row(&sql, [id], Self::form_of_row)
            .optional()
            .map_err(|e| self.err(&e))
    }

    /// Every issued form, by department, unit and project.
    pub fn forms(&self) -> Result<Vec<FormRecord>> {
        let sql = format!(
            "SELECT {} FROM forms ORDER BY department, unit, project, id",
            Self::FORM_COLS
        );
        self.query(&sql, [], Self::form_of_row)
    }

    /// The issued form with this issued hash.
    pub fn form_by_hash(&self, hash: &str) -> Result<Option<FormRecord>> {
        let sql = format!(
            "SELECT {} FROM forms WHERE issued_hash = ?1 ORDER BY id LIMIT 1",
            Self::FORM_COLS
        );
        self.conn
            .query_row(&sql, [hash], Self::form_of_row)
            .optional()
            .map_err(|e| self.err(&e))
    }

    /// The issued form of this project and unit (as [`crate::names::identity`] keys).
    pub fn form_by_names(&self, project_key: &str, unit_key: &str) -> Result<Option<FormRecord>> {
        let sql = format!(
            "SELECT {} FROM forms WHERE project_key = ?1 AND unit_key = ?2",
            Self::FORM_COLS
        );
        self.conn
            .query_row(&sql, [project_key, unit_key], Self::form_of_row)
            .optional()
            .map_err(|e| self.err(&e))
    }

    /// Issued forms whose project or unit, or `project/unit`, is exactly `text`.
    pub fn forms_named(&self, text: &str) -> Result<Vec<FormRecord>> {
        let sql = format!(
            "SELECT {} FROM forms WHERE project = ?1 OR unit = ?1 OR project || '/' || unit = ?1 \
             OR unit || '/' || project = ?1 ORDER BY id",
            Self::FORM_COLS
        );
        self.query(&sql, [text], Self::form_of_row)
    }

    /// The 实施单位, in order.
    pub fn units(&self) -> Result<Vec<String>> {
        self.query("SELECT DISTINCT unit FROM forms ORDER BY unit", [], |r| {
            r.get(0)
        })
    }

    /// The issued workbooks of a unit.
    pub fn issued_files(&self, unit: &str) -> Result<Vec<String>> {
        self.query(
            "SELECT DISTINCT issued_file FROM forms WHERE unit = ?1 ORDER BY issued_file",
            [unit],
            |r| r.get(0),
        )
    }

    /// When a file with this hash was received, if it was.
    pub fn file_received(&self, hash: &str) -> Result<Option<String>> {
        self.conn
            .query_row(
                "SELECT received_at FROM files WHERE hash = ?1",
                [hash],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.err(&e))
    }

    fn version_of_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VersionRecord> {
        Ok(VersionRecord {
            id: r.get(0)?,
            form: r.get(1)?,
            file_hash: r.get(2)?,
            file_name: r.get(3)?,
            stored: r.get(4)?,
            sheet: r.get(5)?,
            received_at: r.get(6)?,
            imported: r.get(7)?,
            provenance: r.get(8)?,
            stale: r.get(9)?,
            stale_what: r.get(10)?,
            forbidden: r.get(11)?,
            changes: r.get(12)?,
            errors: r.get(13)?,
            warnings: r.get(14)?,
            findings: r.get(15)?,
        })
    }

    const VERSION_SELECT: &'static str = "SELECT v.id, v.form, v.file, f.name, f.stored, \
        v.sheet, v.received_at, v.imported, v.provenance, v.stale, v.stale_what, v.forbidden, \
        v.changes, v.errors, v.warnings, v.findings FROM versions v JOIN files f ON f.hash = v.file";

    /// Every version of a form, oldest first.
    pub fn versions(&self, form: i64) -> Result<Vec<VersionRecord>> {
        let sql = format!("{} WHERE v.form = ?1 ORDER BY v.id", Self::VERSION_SELECT);
        self.query(&sql, [form], Self::version_of_row)
    }

    /// One version.
    pub fn version_by_id(&self, id: i64) -> Result<Option<VersionRecord>> {
        let sql = format!("{} WHERE v.id = ?1", Self::VERSION_SELECT);
        Ok(self
            .query(&sql, [id], Self::version_of_row)?
            .into_iter()
            .next())
    }

    /// The ids of the latest version of every form that has one, by form id.
    pub fn latest_version_ids(&self) -> Result<Vec<i64>> {
        self.query(
            "SELECT MAX(id) FROM versions GROUP BY form ORDER BY form",
            [],
            |r| r.get(0),
        )
    }

    /// The latest version of every form that has one, by form id.
    pub fn latest_versions(&self) -> Result<Vec<VersionRecord>> {
        let sql = format!(
            "{} WHERE v.id IN (SELECT MAX(id) FROM versions GROUP BY form) ORDER BY v.form",
            Self::VERSION_SELECT
        );
        self.query(&sql, [], Self::version_of_row)
    }

    /// The status: every issued form with its latest version's figures, by department,
    /// unit and project.
    pub fn status(&self) -> Result<Vec<StatusRecord>> {
        self.query(
            "WITH counts AS (SELECT form, COUNT(*) AS n, MAX(id) AS latest FROM versions GROUP BY form)
             SELECT f.id, f.project, f.unit, f.department, f.state, f.issued_at, fi.name,
                    COALESCE(c.n, 0), COALESCE(v.stale, 0), COALESCE(v.forbidden, 0),
                    COALESCE(v.errors, 0), COALESCE(v.warnings, 0), v.received_at,
                    CAST(julianday('now') - julianday(f.issued_at) AS INTEGER)
             FROM forms f
             LEFT JOIN counts c ON c.form = f.id
             LEFT JOIN versions v ON v.id = c.latest
             LEFT JOIN files fi ON fi.hash = v.file
             ORDER BY f.department, f.unit, f.project, f.id",
            [],
            |r| {
                Ok(StatusRecord {
                    id: r.get(0)?,
                    project: r.get(1)?,
                    unit: r.get(2)?,
                    department: r.get(3)?,
                    state: r.get(4)?,
                    issued_at: r.get(5)?,
                    file: r.get(6)?,
                    versions: r.get(7)?,
                    stale: r.get(8)?,
                    forbidden: r.get(9)?,
                    errors: r.get(10)?,
                    warnings: r.get(11)?,
                    received: r.get(12)?,
                    days_since_issue: r.get::<_, Option<i64>>(13)?.unwrap_or(0),
                })
            },
        )
    }

    /// The files and forms listed apart, in the order received.
    pub fn unmatched(&self) -> Result<Vec<UnmatchedRecord>> {
        self.query(
            "SELECT fi.name, fi.hash, COALESCE(u.reason, fi.reason), u.sheet, u.project, u.unit,
                    u.year, fi.received_at
             FROM files fi LEFT JOIN unmatched u ON u.file = fi.hash
             WHERE fi.reason IS NOT NULL OR u.id IS NOT NULL
             ORDER BY fi.rowid, u.id",
            [],
            |r| {
                Ok(UnmatchedRecord {
                    file: r.get(0)?,
                    hash: r.get(1)?,
                    reason: r.get(2)?,
                    sheet: r.get(3)?,
                    project: r.get(4)?,
                    unit: r.get(5)?,
                    year: r.get(6)?,
                    received_at: r.get(7)?,
                })
            },
        )
    }

    /// How many files were received.
    pub fn file_count(&self) -> Result<usize> {
        self.conn
            .query_row("SELECT COUNT(*) FROM files", [], |r| r.get::<_, i64>(0))
            .map(|n| n as usize)
            .map_err(|e| self.err(&e))
    }

    /// The audit trail, oldest first: (when, who, what).
    pub fn audit_trail(&self) -> Result<Vec<(String, String, String)>> {
        self.query("SELECT at, who, what FROM audit ORDER BY id", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
    }

    fn query<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        f: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut st = self.conn.prepare_cached(sql).map_err(|e| self.err(&e))?;
        let rows = st.query_map(params, f).map_err(|e| self.err(&e))?;
        rows.collect::<rusqlite::Result<Vec<T>>>()
            .map_err(|e| self.err(&e))
    }
}

/// A write transaction of the ledger (see [`Ledger::write`]).
pub struct Tx<'a> {
    tx: Transaction<'a>,
    l: &'a Ledger,
}

impl Tx<'_> {
    fn err(&self, e: &rusqlite::Error) -> Error {
        self.l.err(e)
    }

    /// Record an event in the audit table.
    pub fn audit(&self, who: &str, what: &str) -> Result<()> {
        self.tx
            .execute(
                &format!("INSERT INTO audit(at, who, what) VALUES ({NOW}, ?1, ?2)"),
                params![who, what],
            )
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<()> {
        self.put("meta", key, value)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.put("settings", key, value)
    }

    /// Set `key` to `value` in one of the ledger's key-value tables (`meta`, `settings`).
    fn put(&self, table: &'static str, key: &str, value: &str) -> Result<()> {
        self.tx
            .execute(
                &format!(
                    "INSERT INTO {table}(key, value) VALUES (?1, ?2)
                     ON CONFLICT(key) DO UPDATE SET value = excluded.value"
                ),
                params![key, value],
            )
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    /// Record an issued form; its id.
    pub fn add_form(&self, f: &NewForm<'_>) -> Result<i64> {
        self.tx
            .execute(
                &format!(
                    "INSERT INTO forms(project, unit, department, project_key, unit_key,
                        issued_hash, definition, issued_file, sheet, issued_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, COALESCE(?10, {NOW}))"
                ),
                params![
                    f.project,
                    f.unit,
                    f.department,
                    f.project_key,
                    f.unit_key,
                    f.issued_hash,
                    f.definition,
                    f.issued_file,
                    f.sheet,
                    f.issued_at
                ],
            )
            .map_err(|e| self.err(&e))?;
        Ok(self.tx.last_insert_rowid())
    }

    /// Whether a file with this hash is recorded (checked again inside the transaction: two
    /// receives of the same file at once record it once).
    pub fn has_file(&self, hash: &str) -> Result<bool> {
        self.tx
            .query_row("SELECT 1 FROM files WHERE hash = ?1", [hash], |_| Ok(()))
            .optional()
            .map(|o| o.is_some())
            .map_err(|e| self.err(&e))
    }

    /// Record a received file; the time it was recorded as received.
    pub fn add_file(&self, f: &NewFile<'_>) -> Result<String> {
        self.tx
            .execute(
                &format!(
                    "INSERT INTO files(hash, name, stored, received_at, who, reason, detail)
                     VALUES (?1, ?2, ?3, COALESCE(?4, {NOW}), ?5, ?6, ?7)"
                ),
                params![
                    f.hash,
                    f.name,
                    f.stored,
                    f.received_at,
                    f.who,
                    f.reason,
                    f.detail
                ],
            )
            .map_err(|e| self.err(&e))?;
        self.tx
            .query_row(
                "SELECT received_at FROM files WHERE hash = ?1",
                [f.hash],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))
    }

    /// Record a version of a form from the file `file` received at `at`; the form becomes
    /// 已交回待审 (received).
    pub fn add_version(&self, file: &str, at: &str, v: &NewVersion) -> Result<i64> {
        self.tx
            .execute(
                "INSERT INTO versions(form, file, sheet, received_at, imported, provenance, stale,
                    stale_what, forbidden, changes, errors, warnings, findings)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
                params![
                    v.form,
                    file,
                    v.sheet,
                    at,
                    v.imported,
                    v.provenance,
                    v.stale,
                    v.stale_what,
                    v.forbidden,
                    v.changes,
                    v.errors,
                    v.warnings,
                    v.findings
                ],
            )
            .map_err(|e| self.err(&e))?;
        let id = self.tx.last_insert_rowid();
        self.set_state(v.form, "received", None)?;
        Ok(id)
    }

    /// A version's findings and their counts, as checked again.
    pub fn set_findings(
        &self,
        version: i64,
        findings: &str,
        errors: u32,
        warnings: u32,
    ) -> Result<()> {
        self.tx
            .execute(
                "UPDATE versions SET findings = ?2, errors = ?3, warnings = ?4 WHERE id = ?1",
                params![version, findings, errors, warnings],
            )
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    /// How many versions a form has.
    pub fn version_count(&self, form: i64) -> Result<u32> {
        self.tx
            .query_row(
                "SELECT COUNT(*) FROM versions WHERE form = ?1",
                [form],
                |r| r.get(0),
            )
            .map_err(|e| self.err(&e))
    }

    /// Record a form of a received file that matches no issued form.
    pub fn add_unmatched(&self, file: &str, u: &NewUnmatched) -> Result<()> {
        self.tx
            .execute(
                "INSERT INTO unmatched(file, sheet, project, unit, year, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![file, u.sheet, u.project, u.unit, u.year, u.reason],
            )
            .map_err(|e| self.err(&e))?;
        Ok(())
    }

    /// Set a form's state, and its review comment when one is given.
    pub fn set_state(&self, form: i64, state: &str, comment: Option<&str>) -> Result<()> {
        let n = match comment {
            Some(c) => self.tx.execute(
                "UPDATE forms SET state = ?2, comment = ?3 WHERE id = ?1",
                params![form, state, c],
            ),
            None => self.tx.execute(
                "UPDATE forms SET state = ?2 WHERE id = ?1",
                params![form, state],
            ),
        }
        .map_err(|e| self.err(&e))?;
        if n == 0 {
            return Err(Error::Ledger {
                path: self.l.path.clone(),
                message: crate::t!("desk-no-such-form", form = form.to_string()),
            });
        }
        Ok(())
    }
}
