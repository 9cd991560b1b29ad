//! Starting a desk from the browser (新建收表台): what `evalsheet init` does, on a page.
//!
//! `evalsheet serve FOLDER` on a folder that holds no desk yet (missing or empty) serves this
//! page instead of the year at a glance: the office gives the year, the definitions (YAML files
//! or 项目清单 workbooks uploaded, or on this computer a folder), how the forms are issued and
//! the audit rules. The definitions are checked as `init` checks them; errors are listed and
//! stop it unless the office ticks the box that allows them. Once the desk is made, the same
//! address serves it ([`Setup::dispatch`]) and the office's sign-in goes on.
//!
//! A folder that holds desks (one per year, `2022年收表台` …) is served as a *home*: the latest
//! year's desk, and this page at `/setup` to start the next year's beside it. A double-click on
//! `evalsheet.exe` serves the home `evalsheet` in the user's Documents (src/cmd/launch.rs).
//!
//! Uploaded files are written into a temporary folder under generated names (never the
//! browser's), bounded in size and count; they are kept until the desk is made, so that a
//! second try after a correction need not choose them again.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Multipart, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::{Value, context};
use tower::ServiceExt;

use super::auth::{self, Role, Sessions};
use super::server::{self, App, Config, MAX_FILE_BYTES, MAX_UPLOAD_BODY};
use super::{csrf, pages, routes, upload};
use crate::desk::{self, Actor, Desk, InitOptions};
use crate::generate::GroupBy;
use crate::{Definition, t};

/// Most definition files one set-up may upload (more projects: a 项目清单, or a folder).
pub const MAX_DEFINITION_FILES: usize = 2000;

/// Where the desk is made.
#[derive(Debug, Clone)]
pub enum Target {
    /// In this folder (missing or empty).
    Folder(PathBuf),
    /// In a folder of its year (`2022年收表台`) inside this home.
    Home(PathBuf),
}

impl Target {
    /// The desk's folder for `year`.
    pub fn folder(&self, year: i32) -> PathBuf {
        match self {
            Target::Folder(p) => p.clone(),
            Target::Home(h) => h.join(desk_name(year)),
        }
    }

    /// The folder as shown on the page before the year is known.
    fn shown(&self) -> String {
        match self {
            Target::Folder(p) => p.display().to_string(),
            Target::Home(h) => h.join(desk_name_pattern()).display().to_string(),
        }
    }
}

/// The name of the desk of `year` in a home: `2022年收表台`.
pub fn desk_name(year: i32) -> String {
    t!("web-setup-desk-folder", year = year.to_string())
}

fn desk_name_pattern() -> String {
    t!(
        "web-setup-desk-folder",
        year = t!("web-setup-year-placeholder")
    )
}

/// What `serve FOLDER` serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A desk.
    Desk(PathBuf),
    /// The set-up page, the desk to be made in this folder.
    NewDesk(PathBuf),
    /// A home of desks: its latest year's desk (none yet: the set-up page), and the set-up
    /// page for the next year's.
    Home {
        home: PathBuf,
        latest: Option<PathBuf>,
    },
}

/// What `serve` makes of `folder`: a desk; a missing or empty folder (a desk to make); or a
/// folder holding desks (a home). `None` for a folder with other things and no desk.
pub fn place(folder: &Path) -> Option<Place> {
    // Named in full on the page and in the ledger, wherever serve was started.
    let folder: PathBuf = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let folder = folder.as_path();
    if desk::is_desk(folder) {
        return Some(Place::Desk(folder.to_path_buf()));
    }
    if !folder.exists() || is_empty_dir(folder) {
        return Some(Place::NewDesk(folder.to_path_buf()));
    }
    latest_desk(folder).map(|latest| Place::Home {
        home: folder.to_path_buf(),
        latest: Some(latest),
    })
}

fn is_empty_dir(p: &Path) -> bool {
    std::fs::read_dir(p).is_ok_and(|mut d| d.next().is_none())
}

/// The desk of the latest year among the folders of `home` (the later name when two desks
/// are of one year).
pub fn latest_desk(home: &Path) -> Option<PathBuf> {
    let mut desks: Vec<(i32, PathBuf)> = std::fs::read_dir(home)
        .ok()?
        .filter_map(std::result::Result::ok)
        .map(|e| e.path())
        .filter(|p| desk::is_desk(p))
        .filter_map(|p| Some((desk::year_of(&p)?, p)))
        .collect();
    desks.sort();
    desks.pop().map(|(_, p)| p)
}

/// The set-up page's state, and the desk once made.
pub struct Setup {
    pub target: Target,
    pub key: String,
    pub sessions: Arc<Sessions>,
    pub config: Config,
    /// Last year's definitions, handed on to the desk (`serve --last-year`).
    pub last: Vec<Definition>,
    /// The desk's router, once there is a desk.
    desk: RwLock<Option<Router>>,
    /// The files of the last try that did not make a desk.
    staged: Mutex<Option<Staged>>,
    /// One desk made at a time.
    busy: tokio::sync::Mutex<()>,
}

/// Uploaded files kept in a temporary folder: the definitions and the rules, each with the
/// name it was sent under (text for messages only).
struct Staged {
    dirs: Vec<tempfile::TempDir>,
    definitions: Vec<(PathBuf, String)>,
    rules: Option<(PathBuf, String)>,
}

impl Setup {
    /// The set-up page for `target`, with no desk served yet.
    pub fn new(target: Target, key: String, config: Config) -> Setup {
        Setup {
            target,
            key,
            sessions: Arc::default(),
            config,
            last: Vec::new(),
            desk: RwLock::new(None),
            staged: Mutex::new(None),
            busy: tokio::sync::Mutex::new(()),
        }
    }

    fn loopback(&self) -> bool {
        self.config.listen.ip().is_loopback() && !self.config.secure
    }

    fn desk_router(&self) -> Option<Router> {
        self.desk
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The session of a request, if it has a live one and comes under an accepted name.
    fn session(&self, headers: &HeaderMap) -> Option<auth::Session> {
        if !csrf::host_ok(headers, self.loopback()) {
            return None;
        }
        let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
        let id = auth::cookie(cookies, auth::COOKIE)?;
        self.sessions.get(id)
    }

    /// Whether the request comes from a signed-in office.
    fn office(&self, headers: &HeaderMap) -> Option<auth::Session> {
        self.session(headers).filter(|s| s.role.is_office())
    }

    /// The office's session, or the answer to anybody else: the sign-in page (401) without a
    /// session, 403 for a unit's link.
    fn office_or(&self, headers: &HeaderMap) -> Result<auth::Session, Box<Response>> {
        match self.session(headers) {
            Some(s) if s.role.is_office() => Ok(s),
            Some(_) => Err(Box::new(
                (StatusCode::FORBIDDEN, t!("web-error-forbidden")).into_response(),
            )),
            None => Err(Box::new(sign_in(StatusCode::UNAUTHORIZED, None))),
        }
    }

    /// Serve `desk` from now on (sharing this page's key and sessions); the set-up page stays
    /// at `/setup` for a home's next year.
    pub fn serve_desk(&self, desk: Desk) {
        let mut app = App::with_sessions(
            desk,
            self.key.clone(),
            &self.config,
            Arc::clone(&self.sessions),
        );
        app.last = self.last.clone();
        app.new_year = matches!(self.target, Target::Home(_));
        *self
            .desk
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Some(server::router(Arc::new(app)));
    }
}

/// The whole server: `/setup` (and, before there is a desk, everything) to the set-up page,
/// the rest to the desk.
pub fn router(setup: Arc<Setup>) -> Router {
    let own = Router::new()
        .route("/setup", get(page).post(make))
        .route("/login", get(login))
        .route("/assets/{name}", get(routes::asset))
        .fallback(elsewhere)
        .layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY))
        .layer(axum::middleware::map_response(server::harden))
        .with_state(Arc::clone(&setup));
    Router::new().fallback(move |req: Request| dispatch(Arc::clone(&setup), own.clone(), req))
}

/// Send a request to the desk, or to the set-up page.
async fn dispatch(setup: Arc<Setup>, own: Router, req: Request) -> Response {
    // A home starts its next year's desk at /setup; a folder holds one desk only.
    let to_setup = req.uri().path() == "/setup" && matches!(setup.target, Target::Home(_));
    let r = match setup.desk_router() {
        Some(desk) if !to_setup => desk.oneshot(req).await,
        _ => own.oneshot(req).await,
    };
    match r {
        Ok(r) => r.into_response(),
        Err(never) => match never {},
    }
}

type Shared = State<Arc<Setup>>;

fn sign_in(code: StatusCode, message: Option<String>) -> Response {
    routes::page(
        code,
        "login.html",
        context! { lang => pages::lang(), password => false, csrf => "", message => message },
    )
}

/// Before there is a desk: the office to the set-up page, everybody else to the sign-in page.
async fn elsewhere(State(setup): Shared, headers: HeaderMap) -> Response {
    if setup.office(&headers).is_some() {
        Redirect::to("/setup").into_response()
    } else {
        sign_in(StatusCode::UNAUTHORIZED, None)
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
struct KeyQuery {
    key: String,
}

/// `/login?key=…`: the office's key, as printed by `serve`, starts its session.
async fn login(
    State(setup): Shared,
    headers: HeaderMap,
    axum::extract::Query(q): axum::extract::Query<KeyQuery>,
) -> Response {
    if !csrf::host_ok(&headers, setup.loopback()) {
        return StatusCode::NOT_FOUND.into_response();
    }
    if q.key.is_empty() || !auth::same_secret(&q.key, &setup.key) {
        let msg = (!q.key.is_empty()).then(|| t!("web-error-not-found"));
        return sign_in(StatusCode::OK, msg);
    }
    let Ok(id) = setup.sessions.start(Role::Office) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut r = Redirect::to("/setup").into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::set_cookie(Some(&id), setup.config.secure)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// One finding of the definitions, as the page lists it.
#[derive(Debug, Clone, serde::Serialize)]
struct Item {
    file: String,
    project: String,
    /// The field as a clerk reads it.
    label: String,
    /// `error` or `warning`.
    severity: &'static str,
    severity_label: String,
    message: String,
}

/// The findings of the definitions, errors first, each file's in order.
fn items(checked: &[desk::DeskFinding], names: &[(PathBuf, String)]) -> Vec<Item> {
    let mut v: Vec<Item> = checked
        .iter()
        .map(|f| {
            let f = &f.finding;
            let error = f.severity == crate::finding::Severity::Error;
            Item {
                file: as_sent(&f.file, names),
                project: f.project.clone(),
                label: if f.label.is_empty() {
                    f.field.clone()
                } else {
                    f.label.clone()
                },
                severity: if error { "error" } else { "warning" },
                severity_label: if error {
                    t!("web-severity-error")
                } else {
                    t!("web-severity-warning")
                },
                message: f.message.clone(),
            }
        })
        .collect();
    v.sort_by_key(|i| i.severity != "error");
    v
}

/// What the page shows besides the form.
#[derive(Default)]
struct Shown {
    headline: Option<String>,
    problems: Vec<String>,
    findings: Vec<Item>,
    year: String,
    folder: String,
    by: String,
    done: Option<String>,
}

fn setup_page(setup: &Setup, csrf: &str, code: StatusCode, shown: Shown) -> Response {
    let kept = setup
        .staged
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .as_ref()
        .map(|s| {
            let names: Vec<&str> = s.definitions.iter().map(|(_, n)| n.as_str()).collect();
            let rules = s.rules.as_ref().map(|(_, n)| n.clone());
            (names.len(), shorten(&names), rules)
        });
    let (kept_count, kept_names, kept_rules) = match kept {
        Some((n, names, rules)) => (n, names, rules),
        None => (0, String::new(), None),
    };
    routes::page(
        code,
        "setup.html",
        context! {
            lang => pages::lang(),
            csrf => csrf,
            target => setup.target.shown(),
            local => setup.loopback(),
            new_year => setup.desk_router().is_some(),
            headline => shown.headline,
            problems => shown.problems,
            findings => Value::from(minijinja::value::Serde(&shown.findings)),
            year => shown.year,
            folder => shown.folder,
            by_unit => shown.by == "unit",
            kept_count => kept_count,
            kept_names => kept_names,
            kept_rules => kept_rules,
            done => shown.done,
            max_mb => MAX_FILE_BYTES / (1024 * 1024),
            max_files => MAX_DEFINITION_FILES,
        },
    )
}

/// The first names of a list, then how many more.
fn shorten(names: &[&str]) -> String {
    const SHOWN: usize = 5;
    let mut s = names
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join("、");
    if names.len() > SHOWN {
        s.push_str(&t!("web-setup-and-more", count = names.len() - SHOWN));
    }
    s
}

async fn page(State(setup): Shared, headers: HeaderMap) -> Response {
    let s = match setup.office_or(&headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    setup_page(&setup, &s.csrf, StatusCode::OK, Shown::default())
}

/// What the office asked for.
#[derive(Default)]
struct Asked {
    year: String,
    folder: String,
    by: String,
    allow_errors: bool,
}

/// Why a submission was refused before anything was read.
enum Refused {
    Csrf,
    TooMuch,
    NotADefinition(String),
    Trouble(String),
}

/// The extension kept on an uploaded definition file, or `None` for a file that is not one.
fn definition_extension(name: &str) -> Option<&'static str> {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("yaml") => Some("yaml"),
        Some("yml") => Some("yml"),
        Some("json") => Some("json"),
        Some("xlsx") => Some("xlsx"),
        _ => None,
    }
}

/// Read the multipart form: the fields, and the files saved into a new temporary folder.
async fn read_form(
    headers: &HeaderMap,
    csrf_token: &str,
    mut mp: Multipart,
) -> Result<(Asked, Option<Staged>), Refused> {
    let by_header = headers.contains_key(csrf::HEADER);
    let mut allowed = csrf::origin_ok(headers) && csrf::token_ok(headers, None, csrf_token);
    let dir = tempfile::Builder::new()
        .prefix("evalsheet-setup-")
        .tempdir()
        .map_err(|e| Refused::Trouble(e.to_string()))?;
    let mut asked = Asked::default();
    let mut definitions = Vec::new();
    let mut rules = None;
    let mut n = 0usize;
    while let Some(mut field) = mp.next_field().await.map_err(|_| Refused::TooMuch)? {
        let name = field.name().unwrap_or("").to_string();
        match name.as_str() {
            csrf::FIELD if !by_header => {
                let v = field.text().await.map_err(|_| Refused::Csrf)?;
                allowed = csrf::origin_ok(headers) && auth::same_secret(&v, csrf_token);
            }
            "year" | "folder" | "by" | "allow_errors" => {
                if !allowed {
                    return Err(Refused::Csrf);
                }
                let v = field.text().await.map_err(|_| Refused::TooMuch)?;
                let v = v.trim().to_string();
                match name.as_str() {
                    "year" => asked.year = v,
                    "folder" => asked.folder = v,
                    "by" => asked.by = v,
                    _ => asked.allow_errors = !v.is_empty(),
                }
            }
            "definitions" | "rules" => {
                if !allowed {
                    return Err(Refused::Csrf);
                }
                let sent = field.file_name().unwrap_or("").trim().to_string();
                if sent.is_empty() {
                    continue;
                }
                let ext = if name == "rules" {
                    "yaml"
                } else {
                    definition_extension(&sent).ok_or(Refused::NotADefinition(sent.clone()))?
                };
                if definitions.len() >= MAX_DEFINITION_FILES {
                    return Err(Refused::TooMuch);
                }
                n += 1;
                let path = dir.path().join(format!("{n:04}.{ext}"));
                upload::save_field(&mut field, &path)
                    .await
                    .map_err(|r| match r {
                        upload::Refused::TooMuch => Refused::TooMuch,
                        upload::Refused::Csrf => Refused::Csrf,
                        upload::Refused::Trouble(e) => Refused::Trouble(e),
                    })?;
                if name == "rules" {
                    rules = Some((path, sent));
                } else {
                    definitions.push((path, sent));
                }
            }
            _ => {}
        }
    }
    if !allowed {
        return Err(Refused::Csrf);
    }
    let staged = (!definitions.is_empty() || rules.is_some()).then_some(Staged {
        dirs: vec![dir],
        definitions,
        rules,
    });
    Ok((asked, staged))
}

/// How a try went.
enum Made {
    /// Not made: why, with the details and the definitions' findings.
    Refused {
        headline: String,
        problems: Vec<String>,
        findings: Vec<Item>,
    },
    Done {
        desk: Box<Desk>,
        report: desk::InitReport,
        findings: Vec<Item>,
    },
    /// Forms added to a desk (补发).
    Added {
        report: desk::InitReport,
        findings: Vec<Item>,
    },
}

/// The uploaded files' temporary paths replaced by the names they were sent under.
fn as_sent(text: &str, names: &[(PathBuf, String)]) -> String {
    let mut s = text.to_string();
    for (path, name) in names {
        s = s.replace(&path.display().to_string(), name);
    }
    s
}

/// The definitions the office gave: the files it sent (named as sent), or a folder on this
/// computer; or why there are none to use.
fn sent_definitions(
    asked: &Asked,
    definitions: &[(PathBuf, String)],
    names: &[(PathBuf, String)],
    local: bool,
) -> Result<Vec<(PathBuf, Definition)>, Made> {
    let refused = |headline: String, problems: Vec<String>| Made::Refused {
        headline,
        problems,
        findings: Vec::new(),
    };
    let inputs: Vec<PathBuf> = if !definitions.is_empty() {
        definitions.iter().map(|(p, _)| p.clone()).collect()
    } else if local && !asked.folder.is_empty() {
        vec![PathBuf::from(&asked.folder)]
    } else {
        return Err(refused(t!("web-setup-no-definitions"), Vec::new()));
    };
    let (loaded, errors) = match crate::load::load_all(&inputs) {
        Ok(x) => x,
        Err(e) => {
            return Err(refused(
                t!("web-setup-unreadable"),
                vec![as_sent(&e.to_string(), names)],
            ));
        }
    };
    if !errors.is_empty() {
        return Err(refused(
            t!("web-setup-unreadable"),
            errors
                .iter()
                .map(|e| as_sent(&e.to_string(), names))
                .collect(),
        ));
    }
    let defs: Vec<(PathBuf, Definition)> = loaded
        .into_iter()
        .map(|l| {
            let shown = PathBuf::from(as_sent(&l.from.file.display().to_string(), names));
            (shown, l.def)
        })
        .collect();
    if defs.is_empty() {
        return Err(refused(t!("desk-no-definitions"), Vec::new()));
    }
    Ok(defs)
}

/// Check the definitions and make the desk, as `init` does.
fn make_desk(
    target: &Target,
    asked: &Asked,
    definitions: &[(PathBuf, String)],
    rules: Option<&(PathBuf, String)>,
    local: bool,
) -> Made {
    let refused = |headline: String, problems: Vec<String>, findings: Vec<Item>| Made::Refused {
        headline,
        problems,
        findings,
    };
    let mut names: Vec<(PathBuf, String)> = definitions.to_vec();
    names.extend(rules.cloned());
    let defs = match sent_definitions(asked, definitions, &names, local) {
        Ok(defs) => defs,
        Err(made) => return made,
    };
    let year = if asked.year.is_empty() {
        let mut years: Vec<i32> = defs.iter().map(|(_, d)| d.year).collect();
        years.sort_unstable();
        years.dedup();
        match years.as_slice() {
            [y] => *y,
            _ => {
                let list: Vec<String> = years.iter().map(i32::to_string).collect();
                return refused(
                    t!("web-setup-years-differ", years = list.join("、")),
                    Vec::new(),
                    Vec::new(),
                );
            }
        }
    } else {
        match asked.year.parse::<i32>() {
            Ok(y) if (1900..=9999).contains(&y) => y,
            _ => {
                return refused(
                    t!("web-setup-bad-year", year = asked.year.clone()),
                    Vec::new(),
                    Vec::new(),
                );
            }
        }
    };
    let rule_set = match rules {
        Some((p, _)) => match crate::rules::RuleSet::load(p) {
            Ok(r) => Some(r),
            Err(e) => {
                return refused(
                    t!("web-setup-bad-rules"),
                    vec![as_sent(&e.to_string(), &names)],
                    Vec::new(),
                );
            }
        },
        None => None,
    };
    let checked = desk::check_definitions(&defs, rule_set.as_ref());
    let findings = items(&checked, &names);
    let errors = checked
        .iter()
        .filter(|f| f.finding.severity == crate::finding::Severity::Error)
        .count();
    if errors > 0 && !asked.allow_errors {
        return refused(
            t!("web-setup-has-errors", count = errors as i64),
            Vec::new(),
            findings,
        );
    }
    let opts = InitOptions {
        allow_errors: asked.allow_errors,
        rules: rules.map(|(p, _)| p.clone()),
        by: if asked.by == "unit" {
            GroupBy::Unit
        } else {
            GroupBy::Project
        },
    };
    let folder = target.folder(year);
    match Desk::init(&folder, year, defs, &opts, &Actor(Role::Office.actor())) {
        Ok((desk, report)) => Made::Done {
            desk: Box::new(desk),
            report,
            findings,
        },
        Err(e) => refused(
            t!("web-setup-failed"),
            vec![as_sent(&e.to_string(), &names)],
            findings,
        ),
    }
}

/// `POST /setup`: make the desk, or say why not.
async fn make(State(setup): Shared, headers: HeaderMap, mp: Multipart) -> Response {
    let s = match setup.office_or(&headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let Ok(_one) = setup.busy.try_lock() else {
        return refused_page(&setup, &s.csrf, t!("web-setup-busy"));
    };
    let (asked, staged) = match read_form(&headers, &s.csrf, mp).await {
        Ok(x) => x,
        Err(Refused::Csrf) => {
            return routes::page(
                StatusCode::FORBIDDEN,
                "login.html",
                context! { lang => pages::lang(), password => false, csrf => "", message => t!("web-error-csrf") },
            );
        }
        Err(Refused::TooMuch) => {
            let text = t!(
                "web-setup-too-big",
                mb = MAX_FILE_BYTES / (1024 * 1024),
                max = MAX_DEFINITION_FILES
            );
            return refused_page(&setup, &s.csrf, text);
        }
        Err(Refused::NotADefinition(name)) => {
            return refused_page(&setup, &s.csrf, t!("web-setup-not-definition", file = name));
        }
        Err(Refused::Trouble(e)) => {
            return refused_page(&setup, &s.csrf, t!("web-error-trouble", message = e));
        }
    };
    // New definitions replace those kept from the last try, a new rules file the kept one.
    if let Some(new) = staged {
        let mut kept = setup
            .staged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *kept = Some(match kept.take() {
            Some(mut old) => {
                if !new.definitions.is_empty() {
                    old.definitions = new.definitions;
                }
                if new.rules.is_some() {
                    old.rules = new.rules;
                }
                old.dirs.extend(new.dirs);
                old
            }
            None => new,
        });
    }
    let (definitions, rules) = {
        let kept = setup
            .staged
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match kept.as_ref() {
            Some(k) => (k.definitions.clone(), k.rules.clone()),
            None => (Vec::new(), None),
        }
    };
    let target = setup.target.clone();
    let local = setup.loopback();
    let asked_year = asked.year.clone();
    let asked_folder = asked.folder.clone();
    let asked_by = asked.by.clone();
    let made = tokio::task::spawn_blocking(move || {
        make_desk(&target, &asked, &definitions, rules.as_ref(), local)
    })
    .await;
    match made {
        Ok(Made::Done {
            desk,
            report,
            findings,
        }) => {
            let done = t!(
                "web-setup-done",
                year = desk.year().to_string(),
                count = report.forms as i64,
                files = report.files.len() as i64,
                folder = desk.root().display().to_string()
            );
            setup.serve_desk(*desk);
            *setup
                .staged
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
            setup_page(
                &setup,
                &s.csrf,
                StatusCode::OK,
                Shown {
                    done: Some(done),
                    findings,
                    ..Default::default()
                },
            )
        }
        Ok(Made::Refused {
            headline,
            problems,
            findings,
        }) => setup_page(
            &setup,
            &s.csrf,
            StatusCode::UNPROCESSABLE_ENTITY,
            Shown {
                headline: Some(headline),
                problems,
                findings,
                year: asked_year,
                folder: asked_folder,
                by: asked_by,
                done: None,
            },
        ),
        Ok(Made::Added { .. }) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Err(e) => refused_page(
            &setup,
            &s.csrf,
            t!("web-error-trouble", message = e.to_string()),
        ),
    }
}

fn refused_page(setup: &Setup, csrf: &str, headline: String) -> Response {
    setup_page(
        setup,
        csrf,
        StatusCode::UNPROCESSABLE_ENTITY,
        Shown {
            headline: Some(headline),
            ..Default::default()
        },
    )
}

// ---------------------------------------------------------------- forms added to a desk (补发)

/// `GET /issue`: the page that issues the forms of projects added during the year.
pub async fn issue_page(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    match office_of(&app, &headers) {
        Ok(s) => issue_view(&app, &s, StatusCode::OK, Shown::default()),
        Err(r) => *r,
    }
}

/// The office's session on the desk, or the answer to anybody else.
fn office_of(app: &App, headers: &HeaderMap) -> Result<auth::Session, Box<Response>> {
    match app.session(headers) {
        Some((_, s)) if s.role.is_office() => Ok(s),
        Some((_, s)) => Err(Box::new(routes::message(
            app,
            Some(&s),
            StatusCode::FORBIDDEN,
            "bad",
            &t!("web-error-forbidden"),
        ))),
        None => Err(Box::new(sign_in(StatusCode::UNAUTHORIZED, None))),
    }
}

fn issue_view(app: &App, s: &auth::Session, code: StatusCode, shown: Shown) -> Response {
    routes::page(
        code,
        "issue.html",
        context! { ..routes::base(app, s), ..context! {
            title => t!("web-issue-title"),
            local => app.loopback,
            headline => shown.headline,
            problems => shown.problems,
            findings => Value::from(minijinja::value::Serde(&shown.findings)),
            done => shown.done,
            max_mb => MAX_FILE_BYTES / (1024 * 1024),
            max_files => MAX_DEFINITION_FILES,
        } },
    )
}

/// `POST /issue`: check the definitions sent and issue their forms into the desk.
pub async fn issue_forms(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    mp: Multipart,
) -> Response {
    let s = match office_of(&app, &headers) {
        Ok(s) => s,
        Err(r) => return *r,
    };
    let refused = |text: String| {
        issue_view(
            &app,
            &s,
            StatusCode::UNPROCESSABLE_ENTITY,
            Shown {
                headline: Some(text),
                ..Default::default()
            },
        )
    };
    let (asked, staged) = match read_form(&headers, &s.csrf, mp).await {
        Ok(x) => x,
        Err(Refused::Csrf) => {
            return routes::message(
                &app,
                Some(&s),
                StatusCode::FORBIDDEN,
                "bad",
                &t!("web-error-csrf"),
            );
        }
        Err(Refused::TooMuch) => {
            return refused(t!(
                "web-setup-too-big",
                mb = MAX_FILE_BYTES / (1024 * 1024),
                max = MAX_DEFINITION_FILES
            ));
        }
        Err(Refused::NotADefinition(name)) => {
            return refused(t!("web-setup-not-definition", file = name));
        }
        Err(Refused::Trouble(e)) => return refused(t!("web-error-trouble", message = e)),
    };
    let definitions = staged
        .as_ref()
        .map(|st| st.definitions.clone())
        .unwrap_or_default();
    let local = app.loopback;
    let a = Arc::clone(&app);
    let who = Actor(s.role.actor());
    let made = tokio::task::spawn_blocking(move || {
        let _keep = staged;
        let defs = match sent_definitions(&asked, &definitions, &definitions, local) {
            Ok(defs) => defs,
            Err(made) => return made,
        };
        let desk = a.desk();
        let rules = desk.rules().ok().flatten();
        let findings = items(
            &desk::check_definitions(&defs, rules.as_ref()),
            &definitions,
        );
        match desk.add(defs, asked.allow_errors, &who) {
            Ok(report) => Made::Added { report, findings },
            Err(e) => Made::Refused {
                headline: t!("web-issue-failed"),
                problems: vec![as_sent(&e.to_string(), &definitions)],
                findings,
            },
        }
    })
    .await;
    app.changed();
    match made {
        Ok(Made::Added { report, findings }) => issue_view(
            &app,
            &s,
            StatusCode::OK,
            Shown {
                done: Some(t!(
                    "web-issue-done",
                    count = report.forms as i64,
                    files = report.files.len() as i64
                )),
                findings,
                ..Default::default()
            },
        ),
        Ok(Made::Refused {
            headline,
            problems,
            findings,
        }) => issue_view(
            &app,
            &s,
            StatusCode::UNPROCESSABLE_ENTITY,
            Shown {
                headline: Some(headline),
                problems,
                findings,
                ..Default::default()
            },
        ),
        Ok(Made::Done { .. }) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        Err(e) => refused(t!("web-error-trouble", message = e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_is_a_desk_a_desk_to_make_or_a_home() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("新的收表台");
        assert_eq!(place(&missing), Some(Place::NewDesk(missing.clone())));
        std::fs::create_dir(&missing).unwrap();
        assert_eq!(place(&missing), Some(Place::NewDesk(missing.clone())));
        std::fs::write(missing.join("别的文件.txt"), "x").unwrap();
        assert_eq!(
            place(&missing),
            None,
            "a folder of other things is not taken"
        );
    }

    #[test]
    fn the_set_up_names_the_files_as_sent() {
        let names = vec![(PathBuf::from("/tmp/x/0001.yaml"), "甲项目.yaml".to_string())];
        assert_eq!(
            as_sent("/tmp/x/0001.yaml 第 3 行", &names),
            "甲项目.yaml 第 3 行"
        );
        assert_eq!(definition_extension("清单.XLSX"), Some("xlsx"));
        assert_eq!(definition_extension("说明.docx"), None);
        assert_eq!(shorten(&["a", "b"]), "a、b");
    }
}
