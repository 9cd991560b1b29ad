//! The desk: one year's collection of forms — what was issued, every file received, and a
//! ledger of where each issued form stands.
//!
//! A desk is a folder:
//!
//! - `desk.sqlite`: the ledger ([`ledger`]; all its SQL is there);
//! - `desk.json`: the year and how the forms were issued (per project or per unit);
//! - `definitions/`: the issued definitions as YAML, one file per form (`<id>.yaml`);
//! - `issued/`: the blank workbooks issued;
//! - `received/`: every file received, copied in unaltered, by content hash
//!   (`received/<sha256>/<name as received>`), never renamed over or deleted;
//! - `tmp/`: uploads land here before they are received.
//!
//! Each issued form has one [`State`]: 未交回 (`missing`), 已交回待审 (`received`), 退回修改
//! (`returned_for_fixes`) or 已通过 (`accepted`). [`Desk::receive`] records a file: which
//! forms it holds and which issued form each is (by its stamp's issued hash; by project and
//! unit for forms without a stamp). The latest version received counts; a return on an
//! older issue of a form is stale; a changed office-side field (the `!!` of diff) is counted;
//! a form of another year or one never issued is kept and listed apart. Every finding carries
//! its [`Party`]: who must act on it.
//!
//! The ledger can be rebuilt from `definitions/` and `received/` ([`Desk::rebuild`]).

pub mod collect;
pub mod ledger;
mod receive;

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use crate::check::{self, Finding, Severity};
use crate::error::{Error, Result};
use crate::generate::{self, GroupBy};
use crate::model::{Definition, Party, Provenance};
use crate::t;
use ledger::{Ledger, NewForm};

/// The ledger's file, the desk's description and its folders.
pub const LEDGER: &str = ledger::FILE;
pub const DESCRIPTION: &str = "desk.json";
/// The office's audit rules the desk applies, copied in by `init --rules`.
pub const RULES: &str = "rules.yaml";
/// The folder keeping the rules a desk used before (see [`Desk::set_rules`]).
pub const RULES_REPLACED: &str = "rules-replaced";
pub const DEFINITIONS: &str = "definitions";
pub const ISSUED: &str = "issued";
pub const RECEIVED: &str = "received";
pub const TMP: &str = "tmp";

/// The schema name of [`Status`] as JSON.
pub const STATUS_SCHEMA: &str = "evalsheet-status/1";

/// An issued form's id in the ledger.
pub type FormId = i64;

/// Where an issued form stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// 未交回
    Missing,
    /// 已交回待审
    Received,
    /// 退回修改
    ReturnedForFixes,
    /// 已通过
    Accepted,
}

impl State {
    pub const ALL: [State; 4] = [
        State::Missing,
        State::Received,
        State::ReturnedForFixes,
        State::Accepted,
    ];

    /// The state's name in the ledger and in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Missing => "missing",
            State::Received => "received",
            State::ReturnedForFixes => "returned_for_fixes",
            State::Accepted => "accepted",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// The state as the office says it (未交回, 已交回待审, 退回修改, 已通过).
    pub fn label(self) -> String {
        match self {
            State::Missing => t!("desk-state-missing"),
            State::Received => t!("desk-state-received"),
            State::ReturnedForFixes => t!("desk-state-returned"),
            State::Accepted => t!("desk-state-accepted"),
        }
    }
}

/// Who did something: `命令行:<user>`, `网页:科室`, `网页:单位:<实施单位>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor(pub String);

impl Actor {
    /// The user running the command line.
    pub fn command_line() -> Actor {
        let user = std::env::var("USER")
            .or_else(|_| std::env::var("USERNAME"))
            .unwrap_or_default();
        Actor(format!("命令行:{user}"))
    }
}

/// Why a received form (or file) is listed apart and not counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    WrongYear,
    NotIssued,
    Unreadable,
    NotAForm,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::WrongYear => "wrong_year",
            Reason::NotIssued => "not_issued",
            Reason::Unreadable => "unreadable",
            Reason::NotAForm => "not_a_form",
        }
    }

    pub fn parse(s: &str) -> Option<Reason> {
        [
            Reason::WrongYear,
            Reason::NotIssued,
            Reason::Unreadable,
            Reason::NotAForm,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }

    /// The reason in words.
    pub fn label(self) -> String {
        match self {
            Reason::WrongYear => t!("desk-reason-wrong-year"),
            Reason::NotIssued => t!("desk-reason-not-issued"),
            Reason::Unreadable => t!("desk-reason-unreadable"),
            Reason::NotAForm => t!("desk-reason-not-a-form"),
        }
    }
}

/// A check finding with whose it is to act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskFinding {
    /// The finding, whose `party` says who must act: the check's (the field's party, or an
    /// office rule's own), or the unit's where the unit changed a field the office filled.
    #[serde(flatten)]
    pub finding: Finding,
}

impl DeskFinding {
    pub fn new(finding: Finding) -> DeskFinding {
        DeskFinding { finding }
    }

    /// Who must act on it.
    pub fn party(&self) -> Party {
        self.finding.party
    }
}

/// A change of an office-side field in a returned form (the `!!` of diff).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForbiddenChange {
    pub path: String,
    pub label: String,
    pub issued: Option<String>,
    pub returned: Option<String>,
    pub cell: Option<String>,
}

/// How to start a desk.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// Issue the forms even when the definitions have errors.
    pub allow_errors: bool,
    /// The office's audit rules (`--rules`): checked before anything is written, copied into
    /// the desk as [`RULES`] and applied to the definitions and to every return received.
    pub rules: Option<PathBuf>,
    /// One workbook per project, or per unit.
    pub by: GroupBy,
}

/// What [`Desk::init`] did.
#[derive(Debug, Clone, Default)]
pub struct InitReport {
    /// How many forms were issued.
    pub forms: usize,
    /// The workbooks written into `issued/`.
    pub files: Vec<PathBuf>,
    /// The findings of the definitions (all the office's to act on).
    pub findings: Vec<DeskFinding>,
}

/// A review decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Accept,
    Return { comment: String },
}

/// What receiving one file did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// The name as received.
    pub file: String,
    /// SHA-256 of its bytes.
    pub hash: String,
    /// The same bytes were received before: nothing changed.
    pub already_had: bool,
    /// The one-line answer, from the catalogue.
    pub line: String,
    /// Each form the file holds: the issued form it is (when it is one), unit and project.
    pub forms: Vec<(Option<FormId>, String, String)>,
    /// Why the file (or its forms) is not counted, when none of its forms counts.
    pub unmatched: Option<Reason>,
    /// Some form of it is on an older issue, or changes a field the office filled.
    pub flagged: bool,
}

/// The year at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub schema: &'static str,
    pub year: i32,
    pub forms: Vec<FormRow>,
    pub unmatched: Vec<Unmatched>,
}

impl Status {
    /// How many forms are in each state, in [`State::ALL`] order.
    pub fn counts(&self) -> [usize; 4] {
        let mut n = [0; 4];
        for f in &self.forms {
            n[State::ALL.iter().position(|s| *s == f.state).unwrap_or(0)] += 1;
        }
        n
    }
}

/// One issued form in the status.
#[derive(Debug, Clone, Serialize)]
pub struct FormRow {
    /// Not part of the JSON (the schema names a form by project and unit).
    #[serde(skip)]
    pub id: FormId,
    pub project: String,
    pub unit: String,
    pub department: String,
    pub state: State,
    /// The latest file received for it, by the name it was received under.
    pub file: Option<String>,
    pub versions: u32,
    pub stale: bool,
    pub forbidden_changes: u32,
    pub errors: u32,
    pub warnings: u32,
    /// When the latest version was received (RFC 3339).
    pub received: Option<String>,
    /// When the form was issued (RFC 3339), and whole days since. Not part of the JSON.
    #[serde(skip)]
    pub issued_at: String,
    #[serde(skip)]
    pub days_since_issue: i64,
}

/// A received file, or a form of one, listed apart.
#[derive(Debug, Clone, Serialize)]
pub struct Unmatched {
    pub file: String,
    pub reason: Reason,
    /// The sheet, project, unit and year of the form listed apart (`None` for a file that
    /// could not be read or holds no form). Not part of the JSON.
    #[serde(skip)]
    pub sheet: Option<String>,
    #[serde(skip)]
    pub project: Option<String>,
    #[serde(skip)]
    pub unit: Option<String>,
    #[serde(skip)]
    pub year: Option<i32>,
}

/// One version of a form: a received file's form.
#[derive(Debug, Clone)]
pub struct Version {
    pub id: i64,
    /// The name the file was received under, and where it is kept in the desk.
    pub file: String,
    pub stored: PathBuf,
    pub sheet: String,
    pub received: String,
    /// The definition read from it.
    pub imported: Definition,
    /// Where each field of it was read.
    pub provenance: Provenance,
    pub findings: Vec<DeskFinding>,
    /// Returned on an older issue of the form, and what differs from what is issued now.
    pub stale: bool,
    pub stale_what: Vec<String>,
    pub forbidden_changes: Vec<ForbiddenChange>,
}

/// One issued form with its history.
#[derive(Debug, Clone)]
pub struct FormDetail {
    pub id: FormId,
    pub issued: Definition,
    pub issued_file: PathBuf,
    pub sheet: String,
    pub issued_at: String,
    pub state: State,
    pub comment: Option<String>,
    /// Oldest first; the last counts.
    pub versions: Vec<Version>,
}

/// Whether `path` is a desk's folder.
pub fn is_desk(path: &Path) -> bool {
    path.join(DESCRIPTION).is_file()
}

/// The year of the desk in `path`, as its description says; `None` for no desk.
pub fn year_of(path: &Path) -> Option<i32> {
    read_description(path).ok().map(|d| d.year)
}

/// One form's latest return compared (see [`Desk::diff`]).
#[derive(Debug, Clone, Serialize)]
pub struct FormDiff {
    pub project: String,
    pub unit: String,
    pub state: State,
    pub versions: u32,
    /// The latest version against what was issued (mode issued: what the unit filled in,
    /// and, `forbidden`, what it changed of the office's).
    pub vs_issued: Vec<crate::diff::Change>,
    /// The latest version against the one before, with when that one was received.
    pub vs_previous: Option<(String, Vec<crate::diff::Change>)>,
}

/// What the desk says about itself in `desk.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Description {
    year: i32,
    by: String,
}

/// An open desk.
pub struct Desk {
    root: PathBuf,
    year: i32,
    by: GroupBy,
    ledger: Ledger,
}

fn io_write(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Write {
        path: path.to_path_buf(),
        source,
    }
}

fn by_name(by: GroupBy) -> &'static str {
    match by {
        GroupBy::Project => "project",
        GroupBy::Unit => "unit",
    }
}

impl Desk {
    /// Start the desk of `year` in `root` (a new or empty folder): check the definitions
    /// (errors stop it unless `opts.allow_errors`), record them, and issue the blank forms
    /// into `issued/`.
    pub fn init(
        root: &Path,
        year: i32,
        defs: Vec<(PathBuf, Definition)>,
        opts: &InitOptions,
        who: &Actor,
    ) -> Result<(Desk, InitReport)> {
        if root.join(LEDGER).exists() || root.join(DESCRIPTION).exists() {
            return Err(Error::Desk {
                path: root.to_path_buf(),
                message: t!("desk-exists"),
            });
        }
        new_forms_allowed(root, year, &defs, |_| Ok(false))?;
        let rules = match &opts.rules {
            Some(p) => Some(crate::rules::RuleSet::load(p)?),
            None => None,
        };
        let mut report = InitReport {
            findings: issuable_findings(root, &defs, rules.as_ref(), opts.allow_errors)?,
            ..Default::default()
        };
        for dir in [DEFINITIONS, ISSUED, RECEIVED, TMP] {
            std::fs::create_dir_all(root.join(dir)).map_err(io_write(&root.join(dir)))?;
        }
        if let Some(p) = &opts.rules {
            let bytes = std::fs::read(p).map_err(|source| Error::Read {
                path: p.clone(),
                source,
            })?;
            crate::output::write_atomic(&root.join(RULES), &bytes, true)?;
        }
        // The blank forms, written before the ledger records them: a desk whose ledger is
        // missing is started again from nothing; one whose files are missing would lie.
        let (files, placed) = write_blank_forms(root, &defs, opts.by, true)?;
        report.files = files;
        let desc = Description {
            year,
            by: by_name(opts.by).to_string(),
        };
        let desc_json = serde_json::to_string_pretty(&desc).unwrap_or_default();
        crate::output::write_atomic(&root.join(DESCRIPTION), desc_json.as_bytes(), true)?;
        let ledger = Ledger::create(&root.join(LEDGER))?;
        let issued: Vec<Definition> = defs.iter().map(|(_, d)| d.issued()).collect();
        let ids = ledger.write(|tx| {
            tx.set_meta("year", &year.to_string())?;
            tx.set_meta("by", by_name(opts.by))?;
            let mut ids = Vec::new();
            for (d, (file, sheet)) in issued.iter().zip(&placed) {
                ids.push(add_form(tx, d, file, sheet, None)?);
            }
            tx.audit(
                &who.0,
                &t!(
                    "desk-audit-init",
                    year = year.to_string(),
                    count = ids.len() as i64
                ),
            )?;
            Ok(ids)
        })?;
        write_definitions(root, &ids, &issued)?;
        report.forms = ids.len();
        let desk = Desk {
            root: root.to_path_buf(),
            year,
            by: opts.by,
            ledger,
        };
        Ok((desk, report))
    }

    /// Issue more forms into this desk: projects added during the year (补发). The definitions
    /// are checked as [`Desk::init`] checks them (errors stop it unless `allow_errors`), each
    /// must be of the desk's year and not issued already; their blank forms are written into
    /// `issued/` beside the others and recorded in one transaction.
    pub fn add(
        &self,
        defs: Vec<(PathBuf, Definition)>,
        allow_errors: bool,
        who: &Actor,
    ) -> Result<InitReport> {
        new_forms_allowed(&self.root, self.year, &defs, |(p, u)| {
            Ok(self.ledger.form_by_names(p, u)?.is_some())
        })?;
        let rules = self.rules()?;
        let mut report = InitReport {
            findings: issuable_findings(&self.root, &defs, rules.as_ref(), allow_errors)?,
            ..Default::default()
        };
        let (files, placed) = write_blank_forms(&self.root, &defs, self.by, false)?;
        report.files = files;
        let issued: Vec<Definition> = defs.iter().map(|(_, d)| d.issued()).collect();
        let ids = self.ledger.write(|tx| {
            let mut ids = Vec::new();
            for (d, (file, sheet)) in issued.iter().zip(&placed) {
                ids.push(add_form(tx, d, file, sheet, None)?);
            }
            tx.audit(&who.0, &t!("desk-audit-add", count = ids.len() as i64))?;
            Ok(ids)
        })?;
        write_definitions(&self.root, &ids, &issued)?;
        report.forms = ids.len();
        Ok(report)
    }

    /// Open the desk in `root`. A damaged ledger is refused with how to rebuild it.
    pub fn open(root: &Path) -> Result<Desk> {
        let desc = read_description(root)?;
        let by = if desc.by == "unit" {
            GroupBy::Unit
        } else {
            GroupBy::Project
        };
        let ledger = Ledger::open(&root.join(LEDGER)).map_err(|e| match e {
            Error::Ledger { path, message } if !message.contains("--rebuild") => Error::Ledger {
                path,
                message: t!(
                    "desk-ledger-damaged",
                    reason = message,
                    desk = root.display().to_string()
                ),
            },
            other => other,
        })?;
        Ok(Desk {
            root: root.to_path_buf(),
            year: desc.year,
            by,
            ledger,
        })
    }

    /// Build the ledger again from `definitions/` and `received/`: the damaged one (if any)
    /// is kept beside as `desk.sqlite.damaged-N`. Received files are taken in the order of
    /// their modification times (the time they were copied in), and that is their time of
    /// receipt. Review decisions are not in the files: every form with a version becomes
    /// 已交回待审 again.
    pub fn rebuild(root: &Path, who: &Actor) -> Result<Desk> {
        let desc = read_description(root)?;
        let by = if desc.by == "unit" {
            GroupBy::Unit
        } else {
            GroupBy::Project
        };
        let lpath = root.join(LEDGER);
        if lpath.exists() {
            let mut n = 1;
            let aside = loop {
                let p = root.join(format!("{LEDGER}.damaged-{n}"));
                if !p.exists() {
                    break p;
                }
                n += 1;
            };
            std::fs::rename(&lpath, &aside).map_err(io_write(&aside))?;
            for ext in ["-wal", "-shm"] {
                let side = root.join(format!("{LEDGER}{ext}"));
                if side.exists() {
                    let to = PathBuf::from(format!("{}{ext}", aside.display()));
                    std::fs::rename(&side, &to).map_err(io_write(&to))?;
                }
            }
        }
        // The issued definitions, by id.
        let dir = root.join(DEFINITIONS);
        let mut defs: Vec<(i64, PathBuf)> = std::fs::read_dir(&dir)
            .map_err(|source| Error::Read {
                path: dir.clone(),
                source,
            })?
            .filter_map(|e| {
                let p = e.ok()?.path();
                let id = p.file_stem()?.to_str()?.parse().ok()?;
                Some((id, p))
            })
            .collect();
        defs.sort();
        let mut loaded = Vec::new();
        for (id, p) in &defs {
            let d = crate::load::load_file(p)?
                .into_iter()
                .next()
                .ok_or_else(|| Error::Empty { path: p.clone() })?;
            loaded.push((*id, d.def.issued()));
        }
        let refs: Vec<&Definition> = loaded.iter().map(|(_, d)| d).collect();
        let planned = generate::plan(&refs, by);
        let mut placed = vec![(String::new(), String::new()); refs.len()];
        for p in &planned {
            for (i, s) in &p.sheets {
                placed[*i] = (p.file_name.clone(), s.clone());
            }
        }
        let ledger = Ledger::create(&lpath)?;
        ledger.write(|tx| {
            tx.set_meta("year", &desc.year.to_string())?;
            tx.set_meta("by", &desc.by)?;
            for ((id, d), (file, sheet)) in loaded.iter().zip(&placed) {
                let at = modified_rfc3339(&dir.join(format!("{id}.yaml")));
                let new = add_form(tx, d, file, sheet, at.as_deref())?;
                if new != *id {
                    return Err(Error::Desk {
                        path: dir.join(format!("{id}.yaml")),
                        message: t!("desk-rebuild-ids"),
                    });
                }
            }
            tx.audit(&who.0, &t!("desk-audit-rebuild"))
        })?;
        let desk = Desk {
            root: root.to_path_buf(),
            year: desc.year,
            by,
            ledger,
        };
        // The received files, oldest first.
        let rdir = root.join(RECEIVED);
        let mut files: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
        if let Ok(entries) = std::fs::read_dir(&rdir) {
            for e in entries.flatten() {
                let Ok(inner) = std::fs::read_dir(e.path()) else {
                    continue;
                };
                for f in inner.flatten() {
                    let p = f.path();
                    let t = f
                        .metadata()
                        .and_then(|m| m.modified())
                        .unwrap_or(std::time::UNIX_EPOCH);
                    files.push((t, p));
                }
            }
        }
        files.sort();
        for (_, p) in files {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let at = modified_rfc3339(&p);
            receive::receive(&desk, &p, &name, who, at.as_deref())?;
        }
        Ok(desk)
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// How the forms were issued.
    pub fn grouped_by(&self) -> GroupBy {
        self.by
    }

    pub(crate) fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Receive one file: copied in unaltered, hashed, matched; one transaction. `name` is
    /// the name as received (for uploads: the browser's file name, used only as text, never
    /// as a path).
    pub fn receive(&self, file: &Path, name: &str, who: &Actor) -> Result<Receipt> {
        receive::receive(self, file, name, who, None)
    }

    /// Accept a form, or return it to its unit for fixes with a comment.
    pub fn review(&self, form: FormId, decision: &Decision, who: &Actor) -> Result<()> {
        let rec = self.form_record(form)?;
        let (state, comment, what) = match decision {
            Decision::Accept => (
                State::Accepted,
                None,
                t!(
                    "desk-audit-accept",
                    project = rec.project.clone(),
                    unit = rec.unit.clone()
                ),
            ),
            Decision::Return { comment } => (
                State::ReturnedForFixes,
                Some(comment.as_str()),
                t!(
                    "desk-audit-return",
                    project = rec.project.clone(),
                    unit = rec.unit.clone(),
                    comment = comment.clone()
                ),
            ),
        };
        if rec.state == State::Missing.as_str() {
            return Err(Error::Desk {
                path: self.root.clone(),
                message: t!(
                    "desk-review-missing",
                    project = rec.project,
                    unit = rec.unit
                ),
            });
        }
        self.ledger.write(|tx| {
            tx.set_state(form, state.as_str(), comment.or(Some("")))?;
            tx.audit(&who.0, &what)
        })
    }

    /// The issued forms whose project, unit, or `project/unit` (`unit/project`) is exactly
    /// `text`, or whose id it is.
    pub fn find_forms(&self, text: &str) -> Result<Vec<FormId>> {
        if let Ok(id) = text.trim().parse::<FormId>()
            && self.ledger.form(id)?.is_some()
        {
            return Ok(vec![id]);
        }
        Ok(self
            .ledger
            .forms_named(text.trim())?
            .into_iter()
            .map(|f| f.id)
            .collect())
    }

    /// The year at a glance.
    pub fn status(&self) -> Result<Status> {
        let forms = self
            .ledger
            .status()?
            .into_iter()
            .map(|r| FormRow {
                id: r.id,
                project: r.project,
                unit: r.unit,
                department: r.department,
                state: State::parse(&r.state).unwrap_or(State::Missing),
                file: r.file,
                versions: r.versions,
                stale: r.stale,
                forbidden_changes: r.forbidden,
                errors: r.errors,
                warnings: r.warnings,
                received: r.received,
                issued_at: r.issued_at,
                days_since_issue: r.days_since_issue,
            })
            .collect();
        let unmatched = self
            .ledger
            .unmatched()?
            .into_iter()
            .map(|u| Unmatched {
                file: u.file,
                reason: Reason::parse(&u.reason).unwrap_or(Reason::Unreadable),
                sheet: u.sheet,
                project: u.project,
                unit: u.unit,
                year: u.year,
            })
            .collect();
        Ok(Status {
            schema: STATUS_SCHEMA,
            year: self.year,
            forms,
            unmatched,
        })
    }

    fn form_record(&self, form: FormId) -> Result<ledger::FormRecord> {
        self.ledger.form(form)?.ok_or_else(|| Error::Desk {
            path: self.root.clone(),
            message: t!("desk-no-such-form", form = form.to_string()),
        })
    }

    /// One issued form with its whole history.
    pub fn form(&self, form: FormId) -> Result<FormDetail> {
        let rec = self.form_record(form)?;
        let versions = self
            .ledger
            .versions(form)?
            .into_iter()
            .map(|v| self.version_of(v))
            .collect::<Result<Vec<_>>>()?;
        Ok(FormDetail {
            id: rec.id,
            issued: self.json(&rec.definition)?,
            issued_file: self.root.join(ISSUED).join(&rec.issued_file),
            sheet: rec.sheet,
            issued_at: rec.issued_at,
            state: State::parse(&rec.state).unwrap_or(State::Missing),
            comment: rec.comment.filter(|c| !c.is_empty()),
            versions,
        })
    }

    /// Every issued form with its history, by department, unit and project.
    pub fn forms(&self) -> Result<Vec<FormDetail>> {
        self.ledger
            .forms()?
            .into_iter()
            .map(|r| self.form(r.id))
            .collect()
    }

    fn version_of(&self, v: ledger::VersionRecord) -> Result<Version> {
        Ok(Version {
            id: v.id,
            file: v.file_name,
            stored: self.root.join(&v.stored),
            sheet: v.sheet,
            received: v.received_at,
            imported: self.json(&v.imported)?,
            provenance: self.json(&v.provenance)?,
            findings: self.json(&v.findings)?,
            stale: v.stale,
            stale_what: self.json(&v.stale_what)?,
            forbidden_changes: self.json(&v.changes)?,
        })
    }

    fn json<T: serde::de::DeserializeOwned>(&self, text: &str) -> Result<T> {
        serde_json::from_str(text).map_err(|e| Error::Ledger {
            path: self.ledger.path().to_path_buf(),
            message: t!(
                "desk-ledger-damaged",
                reason = e.to_string(),
                desk = self.root.display().to_string()
            ),
        })
    }

    /// The 实施单位 names.
    pub fn units(&self) -> Result<Vec<String>> {
        self.ledger.units()
    }

    /// The blank forms issued to a unit.
    pub fn issued_files(&self, unit: &str) -> Result<Vec<PathBuf>> {
        Ok(self
            .ledger
            .issued_files(unit)?
            .into_iter()
            .map(|f| self.root.join(ISSUED).join(f))
            .collect())
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        self.ledger.setting(key)
    }

    /// Change a setting (audited; the value itself is not written to the audit table).
    pub fn set_setting(&self, key: &str, value: &str, who: &Actor) -> Result<()> {
        self.ledger.write(|tx| {
            tx.set_setting(key, value)?;
            tx.audit(&who.0, &t!("desk-audit-setting", key = key.to_string()))
        })
    }

    /// Record an event in the audit table.
    pub fn audit(&self, who: &Actor, what: &str) -> Result<()> {
        self.ledger.write(|tx| tx.audit(&who.0, what))
    }

    /// The audit trail, oldest first: (when, who, what).
    pub fn audit_trail(&self) -> Result<Vec<(String, String, String)>> {
        self.ledger.audit_trail()
    }

    /// Each issued form's latest return against what was issued and against its previous
    /// version, by department, unit and project; forms not returned have no changes.
    pub fn diff(&self) -> Result<Vec<FormDiff>> {
        use crate::diff::Mode;
        let mut out = Vec::new();
        for f in self.forms()? {
            let mut d = FormDiff {
                project: f.issued.project.clone(),
                unit: f.issued.unit.clone(),
                state: f.state,
                versions: f.versions.len() as u32,
                vs_issued: Vec::new(),
                vs_previous: None,
            };
            if let Some(last) = f.versions.last() {
                d.vs_issued =
                    receive::changes(&f.issued, &last.imported, &last.provenance, Mode::Issued)?;
                if let Some(prev) = f.versions.len().checked_sub(2).map(|i| &f.versions[i]) {
                    let mut c = receive::changes(
                        &prev.imported,
                        &last.imported,
                        &last.provenance,
                        Mode::Issued,
                    )?;
                    // Between two returns, the unit's own changes are changes, not filling in.
                    for x in &mut c {
                        if x.kind == crate::diff::Kind::Filled {
                            x.kind = crate::diff::Kind::Changed;
                        }
                    }
                    d.vs_previous = Some((prev.received.clone(), c));
                }
            }
            out.push(d);
        }
        Ok(out)
    }

    /// What each unit has to fix, by unit: the forms returned for fixes, and those received
    /// with findings of the unit's; each with only the unit's findings and the office's
    /// review comment. `only_unit` keeps one unit.
    pub fn feedback_forms(
        &self,
        only_unit: Option<&str>,
    ) -> Result<Vec<(String, Vec<crate::feedback::FeedbackForm>)>> {
        let mut out: Vec<(String, Vec<crate::feedback::FeedbackForm>)> = Vec::new();
        for f in self.forms()? {
            if only_unit.is_some_and(|u| u != f.issued.unit) {
                continue;
            }
            let Some(last) = f.versions.last() else {
                continue;
            };
            let findings: Vec<Finding> = last
                .findings
                .iter()
                .filter(|x| x.party() == Party::Unit)
                .map(|x| x.finding.clone())
                .collect();
            let to_fix = f.state == State::ReturnedForFixes
                || (f.state == State::Received && !findings.is_empty());
            if !to_fix {
                continue;
            }
            let form = crate::feedback::FeedbackForm {
                issued: f.issued.clone(),
                returned: last.imported.clone(),
                findings,
                comment: if f.state == State::ReturnedForFixes {
                    f.comment.clone()
                } else {
                    None
                },
            };
            match out.iter_mut().find(|(u, _)| *u == f.issued.unit) {
                Some((_, forms)) => forms.push(form),
                None => out.push((f.issued.unit.clone(), vec![form])),
            }
        }
        Ok(out)
    }

    /// Write one feedback workbook per unit with something to fix into `out_dir`
    /// (`反馈-<实施单位>.xlsx`); the files written. An existing file is replaced only with
    /// `force`.
    pub fn feedback(
        &self,
        out_dir: &Path,
        only_unit: Option<&str>,
        force: bool,
    ) -> Result<Vec<PathBuf>> {
        let units = self.feedback_forms(only_unit)?;
        std::fs::create_dir_all(out_dir).map_err(io_write(out_dir))?;
        let mut taken = std::collections::HashSet::new();
        let mut written = Vec::new();
        for (unit, forms) in &units {
            let stem = crate::names::unique(
                crate::names::file_stem(&format!("反馈-{unit}")),
                &mut taken,
                crate::names::Bound::Bytes(crate::names::MAX_STEM_BYTES),
            );
            let path = out_dir.join(format!("{stem}.xlsx"));
            crate::feedback::write_unit_feedback(&path, unit, forms, force)?;
            written.push(path);
        }
        Ok(written)
    }

    /// How many files were received.
    pub fn received_files(&self) -> Result<usize> {
        self.ledger.file_count()
    }

    /// The office's audit rules this desk applies (`init --rules`), if any.
    pub fn rules(&self) -> Result<Option<crate::rules::RuleSet>> {
        let p = self.root().join(RULES);
        if p.is_file() {
            Ok(Some(crate::rules::RuleSet::load(&p)?))
        } else {
            Ok(None)
        }
    }

    /// Replace the desk's audit rules with the rules file `file` (checked first), or, with
    /// `None`, use none. The rules replaced are kept in `rules-replaced/`, named by the time
    /// they were replaced. The rules apply to the returns received from then on; what was
    /// received before keeps the findings it was received with.
    pub fn set_rules(
        &self,
        file: Option<&Path>,
        who: &Actor,
    ) -> Result<Option<crate::rules::RuleSet>> {
        let set = file.map(crate::rules::RuleSet::load).transpose()?;
        let current = self.root().join(RULES);
        if current.is_file() {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            let stamp: String = rfc3339(secs)
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect();
            let dir = self.root().join(RULES_REPLACED);
            std::fs::create_dir_all(&dir).map_err(io_write(&dir))?;
            let bytes = std::fs::read(&current).map_err(|source| Error::Read {
                path: current.clone(),
                source,
            })?;
            crate::output::write_atomic(&dir.join(format!("{stamp}.yaml")), &bytes, true)?;
        }
        let what = match (file, &set) {
            (Some(f), Some(set)) => {
                let bytes = std::fs::read(f).map_err(|source| Error::Read {
                    path: f.to_path_buf(),
                    source,
                })?;
                crate::output::write_atomic(&current, &bytes, true)?;
                t!(
                    "desk-audit-rules-set",
                    name = set.name.clone(),
                    count = set.rules.len() as i64
                )
            }
            _ => {
                if current.is_file() {
                    std::fs::remove_file(&current).map_err(io_write(&current))?;
                }
                t!("desk-audit-rules-removed")
            }
        };
        self.audit(who, &what)?;
        Ok(set)
    }

    /// Check the latest version of every form received again, with the desk's rules as they
    /// are now (after [`Desk::set_rules`]); how many forms were checked. Review states stay
    /// as they are.
    pub fn recheck(&self, who: &Actor) -> Result<usize> {
        receive::recheck(self, who)
    }

    /// The desk's 汇总表 written to `out`.
    pub fn collect(&self, out: &Path, force: bool) -> Result<collect::CollectReport> {
        collect::write(self, out, force)
    }
}

/// The office's findings in definitions about to be issued (a definition's unit fields are
/// blank, so only the office's are reported).
pub fn check_definitions(
    defs: &[(PathBuf, Definition)],
    rules: Option<&crate::rules::RuleSet>,
) -> Vec<DeskFinding> {
    let mut out = Vec::new();
    for (path, d) in defs {
        let from = Provenance::file(path, None);
        out.extend(
            check::check_with(d, &from, rules)
                .into_iter()
                .map(DeskFinding::new)
                .filter(|f| f.party() == Party::Office),
        );
    }
    out
}

/// The identity of a form: its project and unit as people read them.
pub(crate) fn keys(d: &Definition) -> (String, String) {
    (
        crate::names::identity(&d.project),
        crate::names::identity(&d.unit),
    )
}

/// The department a form is counted under: 市级主管部门, else 地方主管部门.
pub(crate) fn department(d: &Definition) -> String {
    if d.city_department.trim().is_empty() {
        d.local_department.trim().to_string()
    } else {
        d.city_department.trim().to_string()
    }
}

/// Whether the forms of `defs` may be issued into the desk of `year` in `root`: some are given,
/// each is of that year, each project is given once per unit, and none is `issued` already
/// (by its project and unit keys).
fn new_forms_allowed(
    root: &Path,
    year: i32,
    defs: &[(PathBuf, Definition)],
    issued: impl Fn(&(String, String)) -> Result<bool>,
) -> Result<()> {
    let desk_err = |message: String| Error::Desk {
        path: root.to_path_buf(),
        message,
    };
    if defs.is_empty() {
        return Err(desk_err(t!("desk-no-definitions")));
    }
    let mut seen = std::collections::HashSet::new();
    for (path, d) in defs {
        let said = |id: &str| {
            crate::i18n::text(
                id,
                &[
                    ("file", crate::i18n::arg(path.display().to_string())),
                    ("project", crate::i18n::arg(d.project.clone())),
                    ("unit", crate::i18n::arg(d.unit.clone())),
                    ("year", crate::i18n::arg(d.year.to_string())),
                    ("desk", crate::i18n::arg(year.to_string())),
                ],
            )
        };
        if d.year != year {
            return Err(desk_err(said("desk-definition-wrong-year")));
        }
        let k = keys(d);
        if issued(&k)? {
            return Err(desk_err(said("desk-definition-issued-already")));
        }
        if !seen.insert(k) {
            return Err(desk_err(said("desk-definition-twice")));
        }
    }
    Ok(())
}

/// The office's findings in the definitions to issue; an error when they hold errors and
/// `allow_errors` is not given.
fn issuable_findings(
    root: &Path,
    defs: &[(PathBuf, Definition)],
    rules: Option<&crate::rules::RuleSet>,
    allow_errors: bool,
) -> Result<Vec<DeskFinding>> {
    let findings = check_definitions(defs, rules);
    let errors = findings
        .iter()
        .filter(|f| f.finding.severity == Severity::Error)
        .count();
    if errors > 0 && !allow_errors {
        return Err(Error::Desk {
            path: root.to_path_buf(),
            message: t!("desk-definitions-have-errors", count = errors as i64),
        });
    }
    Ok(findings)
}

/// Where a form was issued: its workbook's file name and its sheet.
type Placed = (String, String);

/// Write the blank forms of `defs` into `root/issued/`, grouped `by` project or unit; the
/// files written, and each definition's (file, sheet). With `replace` (a desk being started,
/// perhaps again after an interruption) a file of the same name is replaced; without (forms
/// added), the name is one no issued workbook has yet (a unit's second: `…-2.xlsx`).
fn write_blank_forms(
    root: &Path,
    defs: &[(PathBuf, Definition)],
    by: GroupBy,
    replace: bool,
) -> Result<(Vec<PathBuf>, Vec<Placed>)> {
    let refs: Vec<&Definition> = defs.iter().map(|(_, d)| d).collect();
    let planned = generate::plan(&refs, by);
    let gopts = generate::Options {
        blank: true,
        ..Default::default()
    };
    let mut placed = vec![(String::new(), String::new()); defs.len()];
    let mut files = Vec::new();
    for p in &planned {
        let mut name = p.file_name.clone();
        let stem = name.trim_end_matches(".xlsx").to_string();
        let mut n = 1;
        while !replace && root.join(ISSUED).join(&name).exists() {
            n += 1;
            name = format!("{stem}-{n}.xlsx");
        }
        let path = root.join(ISSUED).join(&name);
        let sheets: Vec<(&Definition, &str)> = p
            .sheets
            .iter()
            .map(|(i, s)| (refs[*i], s.as_str()))
            .collect();
        let bytes = generate::workbook_bytes(&path, &sheets, &gopts)?;
        crate::output::write_atomic(&path, &bytes, replace)?;
        for (i, s) in &p.sheets {
            placed[*i] = (name.clone(), s.clone());
        }
        files.push(path);
    }
    Ok((files, placed))
}

/// Keep each issued definition as `definitions/<form id>.yaml`.
fn write_definitions(root: &Path, ids: &[i64], issued: &[Definition]) -> Result<()> {
    for (id, d) in ids.iter().zip(issued) {
        let path = root.join(DEFINITIONS).join(format!("{id}.yaml"));
        let yaml = crate::emit::to_yaml(d, crate::emit::Style::default());
        crate::output::write_atomic(&path, yaml.as_bytes(), true)?;
    }
    Ok(())
}

fn add_form(
    tx: &ledger::Tx<'_>,
    d: &Definition,
    file: &str,
    sheet: &str,
    at: Option<&str>,
) -> Result<i64> {
    let (pk, uk) = keys(d);
    let json = serde_json::to_string(d).unwrap_or_default();
    tx.add_form(&NewForm {
        project: &d.project,
        unit: &d.unit,
        department: &department(d),
        project_key: &pk,
        unit_key: &uk,
        issued_hash: &d.issued_hash(),
        definition: &json,
        issued_file: file,
        sheet,
        issued_at: at,
    })
}

fn read_description(root: &Path) -> Result<Description> {
    let p = root.join(DESCRIPTION);
    let text = std::fs::read_to_string(&p).map_err(|_| Error::Desk {
        path: root.to_path_buf(),
        message: t!("desk-not-a-desk"),
    })?;
    serde_json::from_str(&text).map_err(|e| Error::Desk {
        path: p.clone(),
        message: e.to_string(),
    })
}

/// A file's modification time as RFC 3339 (UTC, seconds).
fn modified_rfc3339(p: &Path) -> Option<String> {
    let t = std::fs::metadata(p).ok()?.modified().ok()?;
    let secs = t.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs() as i64;
    Some(rfc3339(secs))
}

/// Seconds since 1970 as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's days-to-civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_669_852_800), "2022-12-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400 + 3_661), "2000-02-29T01:01:01Z");
    }

    #[test]
    fn states_and_reasons_round_trip() {
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
        assert_eq!(Reason::parse("not_a_form"), Some(Reason::NotAForm));
        assert_eq!(
            serde_json::to_string(&Reason::WrongYear).unwrap(),
            "\"wrong_year\""
        );
    }
}
