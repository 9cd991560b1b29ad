//! The pages and actions of the web desk, one handler each. Every handler begins by asking
//! who is there ([`App::session`]); a state change also checks the CSRF token and the origin.
//! The library's blocking work (the ledger, reading workbooks) runs on tokio's blocking pool.
//!
//! Answers to the unauthorised: no session → 401 with the sign-in page; a unit asking for an
//! office page or action → 403; a unit asking for another unit's form or files → 404 (the
//! same as a form that does not exist, so that nothing is learnt of other units).

use std::sync::Arc;

use axum::Form;
use axum::body::Body;
use axum::extract::{Multipart, Path as UrlPath, Query as UrlQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;

use super::auth::{self, Role, Session};
use super::dashboard::{self, Query};
use super::server::{App, MAX_FILE_BYTES, MAX_FILES};
use super::{assets, csrf, form_page, pages, upload};
use crate::desk::Actor;
use crate::t;

type Shared = State<Arc<App>>;

/// A page, or the page that says what went wrong.
pub(crate) fn page(code: StatusCode, name: &str, ctx: Value) -> Response {
    match pages::render(name, ctx) {
        Ok(html) => (code, Html(html)).into_response(),
        Err(e) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            t!("web-error-trouble", message = e),
        )
            .into_response(),
    }
}

/// The context every page shares.
pub(crate) fn base(app: &App, s: &Session) -> Value {
    let who = match &s.role {
        Role::Office => t!("web-who-office"),
        Role::Unit(u) => t!("web-who-unit", unit = u.clone()),
    };
    let year = app.desk().year();
    context! {
        lang => pages::lang(),
        csrf => s.csrf.clone(),
        who => who,
        year => year,
        office => s.role.is_office(),
        unit => s.role.unit(),
        new_year => app.new_year && s.role.is_office(),
    }
}

/// A page saying one thing (an error, a result), with a link back.
pub fn message(
    app: &App,
    s: Option<&Session>,
    code: StatusCode,
    class: &str,
    text: &str,
) -> Response {
    match s {
        Some(s) => page(
            code,
            "message.html",
            context! { ..base(app, s), ..context! {
            title => text, message => text, class => class, back => "/" } },
        ),
        None => (code, text.to_string()).into_response(),
    }
}

fn not_found_for(app: &App, s: &Session) -> Response {
    message(
        app,
        Some(s),
        StatusCode::NOT_FOUND,
        "bad",
        &t!("web-error-not-found"),
    )
}

fn forbidden(app: &App, s: &Session) -> Response {
    message(
        app,
        Some(s),
        StatusCode::FORBIDDEN,
        "bad",
        &t!("web-error-forbidden"),
    )
}

fn trouble(app: &App, s: &Session, e: &dyn std::fmt::Display) -> Response {
    message(
        app,
        Some(s),
        StatusCode::INTERNAL_SERVER_ERROR,
        "bad",
        &t!("web-error-trouble", message = e.to_string()),
    )
}

/// No session: the sign-in page, with 401.
fn sign_in(app: &App, message: Option<String>) -> Response {
    login_response(app, StatusCode::UNAUTHORIZED, message)
}

fn login_response(app: &App, code: StatusCode, message: Option<String>) -> Response {
    let has_password = app
        .desk()
        .setting(auth::PASSWORD_KEY)
        .ok()
        .flatten()
        .is_some_and(|h| !h.is_empty());
    let Ok(token) = auth::token() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let mut r = page(
        code,
        "login.html",
        context! { lang => pages::lang(), password => has_password, csrf => token.clone(), message => message },
    );
    let secure = if app.secure { "; Secure" } else { "" };
    if let Ok(v) = HeaderValue::from_str(&format!(
        "{LOGIN_COOKIE}={token}; Path=/login; HttpOnly; SameSite=Strict{secure}"
    )) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

/// The cookie that carries the sign-in form's CSRF token before there is a session.
const LOGIN_COOKIE: &str = "evalsheet_login";

/// The session, or the answer to give instead.
macro_rules! session {
    ($app:expr, $headers:expr) => {
        match $app.session(&$headers) {
            Some((_, s)) => s,
            None => return sign_in(&$app, None),
        }
    };
}

/// Whether a state change may go ahead: same origin and the session's token.
fn change_ok(headers: &HeaderMap, form_token: Option<&str>, s: &Session) -> bool {
    csrf::origin_ok(headers) && csrf::token_ok(headers, form_token, &s.csrf)
}

fn csrf_refused(app: &App, s: &Session) -> Response {
    message(
        app,
        Some(s),
        StatusCode::FORBIDDEN,
        "bad",
        &t!("web-error-csrf"),
    )
}

/// Run blocking work of the library off the async threads.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

// ---------------------------------------------------------------- the year at a glance

pub async fn dashboard(
    State(app): Shared,
    headers: HeaderMap,
    UrlQuery(q): UrlQuery<Query>,
) -> Response {
    let s = session!(app, headers);
    let partial = headers.get("hx-request").is_some()
        && headers.get("hx-target").and_then(|v| v.to_str().ok()) == Some("forms");
    let a = Arc::clone(&app);
    let role = s.role.clone();
    let asked = q.clone();
    let made = blocking(
        move || -> crate::Result<(String, Vec<String>, Vec<String>)> {
            let status = a.status()?;
            let table = dashboard::table(&status, &asked, role.unit());
            if partial {
                return Ok((table, Vec::new(), Vec::new()));
            }
            let (d, u) = dashboard::choices(&status, role.unit());
            Ok((table, d, u))
        },
    )
    .await;
    let (table, departments, units) = match made {
        Some(Ok(x)) => x,
        Some(Err(e)) => return trouble(&app, &s, &e),
        None => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    if partial {
        return Html(table).into_response();
    }
    let states: Vec<Value> = dashboard::STATES
        .iter()
        .map(|st| context! { id => dashboard::state_id(*st), label => dashboard::state_label(*st) })
        .collect();
    let words = context! {
        waiting => t!("web-upload-waiting"),
        sending => t!("web-upload-sending"),
        failed => t!("web-upload-failed"),
        too_big => t!("web-upload-too-big", mb = MAX_FILE_BYTES / (1024 * 1024)),
        too_many => t!("web-upload-too-many", max = MAX_FILES),
    };
    page(
        StatusCode::OK,
        "dashboard.html",
        context! { ..base(&app, &s), ..context! {
            title => t!("web-nav-dashboard"),
            table => table,
            departments => departments,
            units => units,
            states => states,
            q => Value::from(minijinja::value::Serde(&q)),
            max_bytes => MAX_FILE_BYTES,
            max_mb => MAX_FILE_BYTES / (1024 * 1024),
            max_files => MAX_FILES,
            upload_words => words,
        } },
    )
}

/// The counts and the table alone (what htmx reloads).
pub async fn table(
    State(app): Shared,
    headers: HeaderMap,
    UrlQuery(q): UrlQuery<Query>,
) -> Response {
    let s = session!(app, headers);
    let a = Arc::clone(&app);
    let role = s.role.clone();
    match blocking(move || a.status().map(|st| dashboard::table(&st, &q, role.unit()))).await {
        Some(Ok(html)) => Html(html).into_response(),
        Some(Err(e)) => trouble(&app, &s, &e),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

// ---------------------------------------------------------------- one form

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FormQuery {
    /// Which comparison: `issued`, `last_year`, or none.
    pub against: String,
    /// Which version (from 1), the latest by default.
    pub v: Option<u32>,
    /// What was just done (`accepted`, `returned`).
    pub done: String,
}

pub async fn form(
    State(app): Shared,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
    UrlQuery(q): UrlQuery<FormQuery>,
) -> Response {
    let s = session!(app, headers);
    let Ok(id) = id.parse::<i64>() else {
        return not_found_for(&app, &s);
    };
    let a = Arc::clone(&app);
    let role = s.role.clone();
    let made = blocking(move || form_page::view(&a, id, &role, &q)).await;
    match made {
        Some(Ok(Some(ctx))) => page(
            StatusCode::OK,
            "form.html",
            context! { ..base(&app, &s), ..ctx },
        ),
        Some(Ok(None)) => not_found_for(&app, &s),
        Some(Err(e)) => trouble(&app, &s, &e),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReviewForm {
    #[serde(rename = "_csrf")]
    pub csrf: String,
    pub decision: String,
    pub comment: String,
}

pub async fn review(
    State(app): Shared,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
    Form(f): Form<ReviewForm>,
) -> Response {
    let s = session!(app, headers);
    if !change_ok(&headers, Some(&f.csrf), &s) {
        return csrf_refused(&app, &s);
    }
    if !s.role.is_office() {
        return forbidden(&app, &s);
    }
    let Ok(id) = id.parse::<i64>() else {
        return not_found_for(&app, &s);
    };
    let decision = match f.decision.as_str() {
        "accept" => crate::desk::Decision::Accept,
        "return" if f.comment.trim().is_empty() => {
            return message(
                &app,
                Some(&s),
                StatusCode::BAD_REQUEST,
                "bad",
                &t!("web-review-need-comment"),
            );
        }
        "return" => crate::desk::Decision::Return {
            comment: f.comment.trim().to_string(),
        },
        _ => {
            return message(
                &app,
                Some(&s),
                StatusCode::BAD_REQUEST,
                "bad",
                &t!("web-error-forbidden"),
            );
        }
    };
    let done = if matches!(decision, crate::desk::Decision::Accept) {
        "accepted"
    } else {
        "returned"
    };
    let a = Arc::clone(&app);
    let who = Actor(s.role.actor());
    let r = blocking(move || {
        let desk = a.desk();
        // A form that is not in the ledger is answered as not found.
        if desk.form(id).is_err() {
            return Ok(false);
        }
        desk.review(id, &decision, &who).map(|()| true)
    })
    .await;
    app.changed();
    match r {
        Some(Ok(true)) => Redirect::to(&format!("/forms/{id}?done={done}")).into_response(),
        Some(Ok(false)) => not_found_for(&app, &s),
        Some(Err(e)) => message(&app, Some(&s), StatusCode::CONFLICT, "bad", &e.to_string()),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

// ---------------------------------------------------------------- receiving files

pub async fn upload(State(app): Shared, headers: HeaderMap, multipart: Multipart) -> Response {
    let s = session!(app, headers);
    let json = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"));
    let answers = match upload::receive_all(&app, &headers, &s, multipart).await {
        Ok(a) => a,
        Err(upload::Refused::Csrf) => return csrf_refused(&app, &s),
        Err(upload::Refused::TooMuch) => {
            let text = t!(
                "web-error-too-big",
                mb = MAX_FILE_BYTES / (1024 * 1024),
                max = MAX_FILES
            );
            if json {
                return (
                    StatusCode::PAYLOAD_TOO_LARGE,
                    axum::Json(serde_json::json!({ "message": text })),
                )
                    .into_response();
            }
            return message(&app, Some(&s), StatusCode::PAYLOAD_TOO_LARGE, "bad", &text);
        }
        Err(upload::Refused::Trouble(e)) => return trouble(&app, &s, &e),
    };
    app.changed();
    if json {
        return axum::Json(serde_json::json!({ "answers": answers })).into_response();
    }
    let text = if answers.is_empty() {
        t!("web-upload-none")
    } else {
        t!("web-upload-results", count = answers.len())
    };
    page(
        if answers.is_empty() {
            StatusCode::BAD_REQUEST
        } else {
            StatusCode::OK
        },
        "message.html",
        context! { ..base(&app, &s), ..context! {
        title => text.clone(), message => text, class => "ok", back => "/",
        answers => Value::from(minijinja::value::Serde(&answers)) } },
    )
}

// ---------------------------------------------------------------- downloads

pub async fn downloads(State(app): Shared, headers: HeaderMap) -> Response {
    let s = session!(app, headers);
    let units: Vec<String> = match &s.role {
        Role::Office => match app.desk().units() {
            Ok(u) => u,
            Err(e) => return trouble(&app, &s, &e),
        },
        Role::Unit(u) => vec![u.clone()],
    };
    let units: Vec<Value> = units.into_iter().map(|u| context! { name => u }).collect();
    page(
        StatusCode::OK,
        "downloads.html",
        context! { ..base(&app, &s), ..context! { title => t!("web-downloads-title"), units => units } },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct UnitQuery {
    pub unit: String,
}

/// Whether the session may have the files of `unit` (the office: any unit the desk knows).
fn may_have(app: &App, s: &Session, unit: &str) -> bool {
    match &s.role {
        Role::Office => app
            .desk()
            .units()
            .is_ok_and(|us| us.iter().any(|u| u == unit)),
        Role::Unit(u) => u == unit,
    }
}

/// A file to save: its bytes under a (Chinese) name.
fn attachment(bytes: Vec<u8>, name: &str, kind: &'static str) -> Response {
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_name(name),
        dashboard::pct(name)
    );
    let mut r = Response::new(Body::from(bytes));
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    r
}

/// A file name's stand-in for old browsers: ASCII only.
fn ascii_name(name: &str) -> String {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
    let ext: String = ext.chars().filter(char::is_ascii_alphanumeric).collect();
    format!("evalsheet.{ext}")
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

pub async fn download_blank(
    State(app): Shared,
    headers: HeaderMap,
    UrlQuery(q): UrlQuery<UnitQuery>,
) -> Response {
    let what = UnitFile {
        make: super::downloads::blank_zip,
        audit: "web-audit-blank",
        none: "web-dl-no-blank",
        class: "",
    };
    unit_file(app, headers, q.unit, what).await
}

pub async fn download_feedback(
    State(app): Shared,
    headers: HeaderMap,
    UrlQuery(q): UrlQuery<UnitQuery>,
) -> Response {
    let what = UnitFile {
        make: super::downloads::feedback,
        audit: "web-audit-feedback",
        none: "web-dl-no-feedback",
        class: "ok",
    };
    unit_file(app, headers, q.unit, what).await
}

/// A download with its file name, if there is one.
type Download = crate::Result<Option<(String, Vec<u8>)>>;

/// A unit's download: what makes it (its file name and bytes, `None` when the unit has none),
/// the catalogue's messages for the audit and for none, and the class of that message.
struct UnitFile {
    make: fn(&App, &str) -> Download,
    audit: &'static str,
    none: &'static str,
    class: &'static str,
}

/// A file of one unit: for the office, or for that unit's own link; another unit's is not
/// found. Made on the blocking pool, audited, sent as an attachment.
async fn unit_file(app: Arc<App>, headers: HeaderMap, unit: String, what: UnitFile) -> Response {
    let s = session!(app, headers);
    if !may_have(&app, &s, &unit) {
        return not_found_for(&app, &s);
    }
    let a = Arc::clone(&app);
    let u = unit.clone();
    let make = what.make;
    let said = |id: &str| crate::i18n::text(id, &[("unit", crate::i18n::arg(unit.clone()))]);
    match blocking(move || make(&a, &u)).await {
        Some(Ok(Some((name, bytes)))) => {
            app.audit(&s.role, &said(what.audit));
            let kind = if name.ends_with(".zip") {
                "application/zip"
            } else {
                XLSX
            };
            attachment(bytes, &name, kind)
        }
        Some(Ok(None)) => message(
            &app,
            Some(&s),
            StatusCode::NOT_FOUND,
            what.class,
            &said(what.none),
        ),
        Some(Err(e)) => trouble(&app, &s, &e),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

pub async fn download_summary(State(app): Shared, headers: HeaderMap) -> Response {
    office_workbook(app, headers, super::downloads::summary, "web-audit-summary").await
}

pub async fn download_chase(State(app): Shared, headers: HeaderMap) -> Response {
    office_workbook(app, headers, super::downloads::chase, "web-audit-chase").await
}

/// What makes a download: its file name and bytes.
type MakeWorkbook = fn(&App) -> crate::Result<(String, Vec<u8>)>;

/// A workbook only the office may download (the 汇总表, the 催报 list): made on the blocking
/// pool, the download audited with the catalogue's `audit` message, sent as an attachment.
async fn office_workbook(
    app: Arc<App>,
    headers: HeaderMap,
    make: MakeWorkbook,
    audit: &'static str,
) -> Response {
    let s = session!(app, headers);
    if !s.role.is_office() {
        return forbidden(&app, &s);
    }
    let a = Arc::clone(&app);
    match blocking(move || make(&a)).await {
        Some(Ok((name, bytes))) => {
            app.audit(&s.role, &crate::i18n::text(audit, &[]));
            attachment(bytes, &name, XLSX)
        }
        Some(Err(e)) => trouble(&app, &s, &e),
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

// ---------------------------------------------------------------- unit links

/// The setting naming a unit's current link token.
fn link_of(unit: &str) -> String {
    format!("web.link-of.{unit}")
}

pub async fn links(State(app): Shared, headers: HeaderMap) -> Response {
    let s = session!(app, headers);
    if !s.role.is_office() {
        return forbidden(&app, &s);
    }
    let rows: crate::Result<Vec<Value>> = (|| {
        let desk = app.desk();
        desk.units()?
            .into_iter()
            .map(|u| {
                let link = desk.setting(&link_of(&u))?.filter(|t| !t.is_empty());
                Ok(context! { name => u, link => link.map(|t| format!("/u/{t}")) })
            })
            .collect()
    })();
    let rows = match rows {
        Ok(r) => r,
        Err(e) => return trouble(&app, &s, &e),
    };
    let base_url = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(|h| format!("{}://{h}", if app.secure { "https" } else { "http" }))
        .unwrap_or_default();
    page(
        StatusCode::OK,
        "links.html",
        context! { ..base(&app, &s), ..context! { title => t!("web-links-title"), units => rows, base => base_url } },
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LinkForm {
    #[serde(rename = "_csrf")]
    pub csrf: String,
    pub unit: String,
    pub action: String,
}

pub async fn change_link(
    State(app): Shared,
    headers: HeaderMap,
    Form(f): Form<LinkForm>,
) -> Response {
    let s = session!(app, headers);
    if !change_ok(&headers, Some(&f.csrf), &s) {
        return csrf_refused(&app, &s);
    }
    if !s.role.is_office() {
        return forbidden(&app, &s);
    }
    if !may_have(&app, &s, &f.unit) {
        return not_found_for(&app, &s);
    }
    let who = Actor(s.role.actor());
    let r: crate::Result<()> = (|| {
        let desk = app.desk();
        // The old link, if any, stops working either way.
        if let Some(old) = desk.setting(&link_of(&f.unit))?.filter(|t| !t.is_empty()) {
            desk.set_setting(&format!("{}{old}", auth::LINK_PREFIX), "", &who)?;
            desk.set_setting(&link_of(&f.unit), "", &who)?;
        }
        if f.action == "make" {
            let token = auth::token().map_err(|e| crate::Error::Write {
                path: app.root.clone(),
                source: std::io::Error::other(e.to_string()),
            })?;
            desk.set_setting(&format!("{}{token}", auth::LINK_PREFIX), &f.unit, &who)?;
            desk.set_setting(&link_of(&f.unit), &token, &who)?;
        }
        Ok(())
    })();
    if f.action != "make" {
        app.sessions.end_unit(&f.unit);
    }
    match r {
        Ok(()) => Redirect::to("/links").into_response(),
        Err(e) => trouble(&app, &s, &e),
    }
}

/// A unit's link: a session for that unit, then its page.
pub async fn unit_link(
    State(app): Shared,
    headers: HeaderMap,
    UrlPath(token): UrlPath<String>,
) -> Response {
    if !csrf::host_ok(&headers, app.loopback) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let Some(unit) = app.link_unit(&token) else {
        return sign_in(&app, Some(t!("web-error-not-found")));
    };
    start_session(&app, Role::Unit(unit), "/")
}

fn start_session(app: &App, role: Role, to: &str) -> Response {
    let Ok(id) = app.sessions.start(role.clone()) else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    app.audit(&role, &t!("web-audit-sign-in"));
    let mut r = Redirect::to(to).into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::set_cookie(Some(&id), app.secure)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

// ---------------------------------------------------------------- the desk's audit rules

/// What the rules page shows besides the table.
#[derive(Default)]
struct RulesShown {
    problem: Option<String>,
    details: Vec<String>,
    done: Option<String>,
}

fn rules_view(app: &App, s: &Session, code: StatusCode, shown: RulesShown) -> Response {
    use crate::finding::Severity;
    use crate::rules::fields::Kind;
    let set = match app.desk().rules() {
        Ok(set) => set,
        Err(e) => return trouble(app, s, &e),
    };
    let rules: Vec<Value> = set
        .iter()
        .flat_map(|set| set.rules.iter())
        .map(|r| {
            context! {
                id => r.id.to_string(),
                severity => match r.severity {
                    Severity::Error => t!("web-rules-severity-error"),
                    Severity::Explain => t!("web-rules-severity-explain"),
                    Severity::Warning => t!("web-rules-severity-hint"),
                },
                party => match r.party {
                    Some(crate::model::Party::Unit) => t!("desk-party-unit"),
                    Some(crate::model::Party::Office) => t!("desk-party-office"),
                    None => t!("web-rules-party-any"),
                },
                scope => match r.scope {
                    Kind::Form => t!("web-rules-scope-form"),
                    Kind::Indicator => t!("web-rules-scope-indicator"),
                    Kind::Line => t!("web-rules-scope-line"),
                },
                condition => r.condition.source.clone(),
            }
        })
        .collect();
    page(
        code,
        "rules.html",
        context! { ..base(app, s), ..context! {
            title => t!("web-rules-title"),
            name => set.as_ref().map(|x| x.name.clone()),
            rules => rules,
            problem => shown.problem,
            details => shown.details,
            done => shown.done,
        } },
    )
}

pub async fn rules_page(State(app): Shared, headers: HeaderMap) -> Response {
    let s = session!(app, headers);
    if !s.role.is_office() {
        return forbidden(&app, &s);
    }
    rules_view(&app, &s, StatusCode::OK, RulesShown::default())
}

/// `POST /rules`: a new rules file (checked first), or no rules, or the forms received checked
/// again with the rules in use.
pub async fn change_rules(State(app): Shared, headers: HeaderMap, mut mp: Multipart) -> Response {
    let s = session!(app, headers);
    if !s.role.is_office() {
        return forbidden(&app, &s);
    }
    let by_header = headers.contains_key(csrf::HEADER);
    let mut allowed = csrf::origin_ok(&headers) && csrf::token_ok(&headers, None, &s.csrf);
    let mut action = String::new();
    let mut saved: Option<(std::path::PathBuf, String)> = None;
    let tmp = app.root.join("tmp");
    let refused = |app: &App, s: &Session, text: String| {
        rules_view(
            app,
            s,
            StatusCode::UNPROCESSABLE_ENTITY,
            RulesShown {
                problem: Some(text),
                ..Default::default()
            },
        )
    };
    loop {
        let field = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(_) => {
                return refused(
                    &app,
                    &s,
                    t!(
                        "web-error-too-big",
                        mb = MAX_FILE_BYTES / (1024 * 1024),
                        max = 1
                    ),
                );
            }
        };
        let mut field = field;
        match field.name().unwrap_or("") {
            csrf::FIELD if !by_header => {
                let v = field.text().await.unwrap_or_default();
                allowed = csrf::origin_ok(&headers) && auth::same_secret(&v, &s.csrf);
            }
            _ if !allowed => return csrf_refused(&app, &s),
            "action" => action = field.text().await.unwrap_or_default(),
            "rules" => {
                let sent = field.file_name().unwrap_or("").trim().to_string();
                if sent.is_empty() {
                    continue;
                }
                let Ok(token) = auth::token() else {
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                };
                if let Err(e) = tokio::fs::create_dir_all(&tmp).await {
                    return trouble(&app, &s, &e);
                }
                let path = tmp.join(format!("rules-{token}.yaml"));
                if upload::save_field(&mut field, &path).await.is_err() {
                    let _ = std::fs::remove_file(&path);
                    return refused(
                        &app,
                        &s,
                        t!(
                            "web-error-too-big",
                            mb = MAX_FILE_BYTES / (1024 * 1024),
                            max = 1
                        ),
                    );
                }
                saved = Some((path, sent));
            }
            _ => {}
        }
    }
    if !allowed {
        return csrf_refused(&app, &s);
    }
    if action == "recheck" {
        let a = Arc::clone(&app);
        let role = s.role.clone();
        let made = blocking(move || a.desk().recheck(&Actor(role.actor()))).await;
        app.changed();
        return match made {
            Some(Ok(n)) => rules_view(
                &app,
                &s,
                StatusCode::OK,
                RulesShown {
                    done: Some(t!("web-rules-rechecked", count = n)),
                    ..Default::default()
                },
            ),
            Some(Err(e)) => trouble(&app, &s, &e),
            None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        };
    }
    let remove = action == "remove";
    if !remove && saved.is_none() {
        return refused(&app, &s, t!("web-rules-no-file"));
    }
    let a = Arc::clone(&app);
    let role = s.role.clone();
    let file = saved.clone();
    let made = blocking(move || {
        let path = if remove {
            None
        } else {
            file.as_ref().map(|(p, _)| p.as_path())
        };
        a.desk().set_rules(path, &Actor(role.actor()))
    })
    .await;
    if let Some((p, _)) = &saved {
        let _ = std::fs::remove_file(p);
    }
    match made {
        Some(Ok(Some(set))) => rules_view(
            &app,
            &s,
            StatusCode::OK,
            RulesShown {
                done: Some(t!(
                    "web-rules-replaced",
                    name = set.name.clone(),
                    count = set.rules.len()
                )),
                ..Default::default()
            },
        ),
        Some(Ok(None)) => rules_view(
            &app,
            &s,
            StatusCode::OK,
            RulesShown {
                done: Some(t!("web-rules-removed")),
                ..Default::default()
            },
        ),
        Some(Err(e)) => {
            let (path, sent) = saved.unwrap_or_default();
            let text = e.to_string().replace(&path.display().to_string(), &sent);
            rules_view(
                &app,
                &s,
                StatusCode::UNPROCESSABLE_ENTITY,
                RulesShown {
                    problem: Some(t!("web-rules-bad", file = sent)),
                    details: text.lines().map(str::to_string).collect(),
                    done: None,
                },
            )
        }
        None => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

// ---------------------------------------------------------------- signing in and out

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct KeyQuery {
    pub key: String,
    /// Where to go once signed in (a path of this server).
    pub next: String,
}

pub async fn login_page(
    State(app): Shared,
    headers: HeaderMap,
    UrlQuery(q): UrlQuery<KeyQuery>,
) -> Response {
    if !csrf::host_ok(&headers, app.loopback) {
        return StatusCode::NOT_FOUND.into_response();
    }
    if !q.key.is_empty() && auth::same_secret(&q.key, &app.key) {
        let local = q.next.starts_with('/') && !q.next.starts_with("//") && !q.next.contains('\\');
        return start_session(&app, Role::Office, if local { &q.next } else { "/" });
    }
    let msg = (!q.key.is_empty()).then(|| t!("web-error-not-found"));
    login_response(&app, StatusCode::OK, msg)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct LoginForm {
    #[serde(rename = "_csrf")]
    pub csrf: String,
    pub password: String,
}

pub async fn login(State(app): Shared, headers: HeaderMap, Form(f): Form<LoginForm>) -> Response {
    if !csrf::host_ok(&headers, app.loopback) {
        return StatusCode::NOT_FOUND.into_response();
    }
    let pre = headers
        .get(header::COOKIE)
        .and_then(|c| c.to_str().ok())
        .and_then(|c| auth::cookie(c, LOGIN_COOKIE))
        .unwrap_or("");
    if !csrf::origin_ok(&headers) || pre.is_empty() || !auth::same_secret(pre, &f.csrf) {
        return (StatusCode::FORBIDDEN, t!("web-error-csrf")).into_response();
    }
    let hash = app
        .desk()
        .setting(auth::PASSWORD_KEY)
        .ok()
        .flatten()
        .unwrap_or_default();
    let a = f.password.clone();
    let ok = !hash.is_empty()
        && blocking(move || auth::verify_password(&a, &hash))
            .await
            .unwrap_or(false);
    if !ok {
        app.audit(&Role::Office, &t!("web-audit-wrong-password"));
        return login_response(&app, StatusCode::UNAUTHORIZED, Some(t!("web-login-wrong")));
    }
    start_session(&app, Role::Office, "/")
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PlainForm {
    #[serde(rename = "_csrf")]
    pub csrf: String,
}

pub async fn logout(State(app): Shared, headers: HeaderMap, Form(f): Form<PlainForm>) -> Response {
    let Some((id, s)) = app.session(&headers) else {
        return sign_in(&app, None);
    };
    if !change_ok(&headers, Some(&f.csrf), &s) {
        return csrf_refused(&app, &s);
    }
    app.sessions.end(&id);
    let mut r = Redirect::to("/login").into_response();
    if let Ok(v) = HeaderValue::from_str(&auth::set_cookie(None, app.secure)) {
        r.headers_mut().append(header::SET_COOKIE, v);
    }
    r
}

// ---------------------------------------------------------------- the rest

pub async fn asset(UrlPath(name): UrlPath<String>) -> Response {
    match assets::get(&name) {
        Some((bytes, kind)) => {
            let mut r = Response::new(Body::from(bytes));
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, max-age=3600"),
            );
            r
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

pub async fn not_found(State(app): Shared, headers: HeaderMap) -> Response {
    let s = session!(app, headers);
    not_found_for(&app, &s)
}
