//! The server: the shared state of a running web desk, the router, and the one place a request
//! is tied to a session (or refused).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use super::auth::{self, Role, Session, Sessions};
use super::{csrf, routes};
use crate::desk::{Desk, Status};

/// Largest file one upload may carry.
pub const MAX_FILE_BYTES: usize = 30 * 1024 * 1024;
/// Most files one upload request may carry.
pub const MAX_FILES: usize = 200;
/// Largest body of an upload request (the form without script sends all its files at once).
pub const MAX_UPLOAD_BODY: usize = 256 * 1024 * 1024;
/// Largest body of any other request (a review comment, a password).
pub const MAX_FORM_BODY: usize = 64 * 1024;

/// How a web desk is served.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where it listens (`127.0.0.1:0` picks a free port).
    pub listen: SocketAddr,
    /// Cookies only over HTTPS (served beyond loopback, behind a reverse proxy).
    pub secure: bool,
}

/// What every request shares.
pub struct App {
    pub root: PathBuf,
    /// The ledger, for reading and reviewing (one connection, one request at a time); uploads
    /// open their own so that files are received side by side.
    pub desk: Mutex<Desk>,
    /// Shared with the set-up page that made the desk, so that its sign-in goes on.
    pub sessions: Arc<Sessions>,
    /// The office key of the address `serve` prints (`/login?key=…`).
    pub key: String,
    pub secure: bool,
    /// Served on loopback only: requests must name this computer (127.0.0.1, localhost).
    pub loopback: bool,
    /// Last year's definitions, to compare each form with (`serve --last-year`).
    pub last: Vec<crate::Definition>,
    /// Served from a home of desks: the office may start the next year's desk (`/setup`).
    pub new_year: bool,
    status: Mutex<Option<(Stamp, Arc<Status>)>>,
}

/// When the ledger last changed, as its files say (the command line may change it too).
type Stamp = Vec<(u64, Option<SystemTime>)>;

impl App {
    pub fn new(desk: Desk, key: String, config: &Config) -> App {
        App::with_sessions(desk, key, config, Arc::default())
    }

    /// A web desk that keeps the sessions already started (by the set-up page).
    pub fn with_sessions(desk: Desk, key: String, config: &Config, sessions: Arc<Sessions>) -> App {
        App {
            root: desk.root().to_path_buf(),
            desk: Mutex::new(desk),
            sessions,
            key,
            secure: config.secure,
            loopback: config.listen.ip().is_loopback() && !config.secure,
            last: Vec::new(),
            new_year: false,
            status: Mutex::new(None),
        }
    }

    /// The desk, locked for this request.
    pub fn desk(&self) -> std::sync::MutexGuard<'_, Desk> {
        self.desk
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The year at a glance, read again only when the ledger changed since the last time.
    pub fn status(&self) -> crate::Result<Arc<Status>> {
        let stamp = ledger_stamp(&self.root);
        {
            let cache = self
                .status
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some((s, status)) = cache.as_ref()
                && *s == stamp
            {
                return Ok(Arc::clone(status));
            }
        }
        let status = Arc::new(self.desk().status()?);
        let mut cache = self
            .status
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *cache = Some((stamp, Arc::clone(&status)));
        Ok(status)
    }

    /// Forget the cached status (after a change made here).
    pub fn changed(&self) {
        let mut cache = self
            .status
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *cache = None;
    }

    /// The session of a request, if it has a live one and comes under an accepted name.
    pub fn session(&self, headers: &HeaderMap) -> Option<(String, Session)> {
        if !csrf::host_ok(headers, self.loopback) {
            return None;
        }
        let cookies = headers.get(header::COOKIE)?.to_str().ok()?;
        let id = auth::cookie(cookies, auth::COOKIE)?;
        let s = self.sessions.get(id)?;
        Some((id.to_string(), s))
    }

    /// The unit a link token stands for, if the link is live.
    pub fn link_unit(&self, token: &str) -> Option<String> {
        if !auth::looks_like_token(token) {
            return None;
        }
        let key = format!("{}{token}", auth::LINK_PREFIX);
        self.desk()
            .setting(&key)
            .ok()
            .flatten()
            .filter(|u| !u.is_empty())
    }

    /// Last year's form of the project of `issued`, if last year's definitions were given and
    /// one matches (by project and unit, then by similar names, as `diff` pairs them).
    pub fn last_year(&self, issued: &crate::Definition) -> Option<crate::Definition> {
        if self.last.is_empty() {
            return None;
        }
        let old: Vec<&crate::Definition> = self.last.iter().collect();
        crate::diff::match_projects(&old, &[issued])
            .into_iter()
            .find_map(|(o, n)| if n == Some(0) { o } else { None })
            .map(|i| self.last[i].clone())
    }

    /// Record an event in the ledger's audit table (a sign-in, a download).
    pub fn audit(&self, role: &Role, what: &str) {
        let _ = self.desk().audit(&crate::desk::Actor(role.actor()), what);
    }
}

/// The sizes and times of the ledger's files.
fn ledger_stamp(root: &Path) -> Stamp {
    ["desk.sqlite", "desk.sqlite-wal"]
        .iter()
        .map(|n| match std::fs::metadata(root.join(n)) {
            Ok(m) => (m.len(), m.modified().ok()),
            Err(_) => (0, None),
        })
        .collect()
}

/// The router of the web desk.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(routes::dashboard))
        .route("/table", get(routes::table))
        .route("/forms/{id}", get(routes::form))
        .route("/forms/{id}/review", post(routes::review))
        .route(
            "/upload",
            post(routes::upload).layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY)),
        )
        .route("/downloads", get(routes::downloads))
        .route("/download/blank", get(routes::download_blank))
        .route("/download/feedback", get(routes::download_feedback))
        .route("/download/summary", get(routes::download_summary))
        .route("/download/chase", get(routes::download_chase))
        .route("/links", get(routes::links).post(routes::change_link))
        .route(
            "/issue",
            get(super::setup::issue_page)
                .post(super::setup::issue_forms)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY)),
        )
        .route(
            "/rules",
            get(routes::rules_page)
                .post(routes::change_rules)
                .layer(DefaultBodyLimit::max(MAX_UPLOAD_BODY)),
        )
        .route("/login", get(routes::login_page).post(routes::login))
        .route("/logout", post(routes::logout))
        .route("/u/{token}", get(routes::unit_link))
        .route("/assets/{name}", get(routes::asset))
        .fallback(routes::not_found)
        .layer(DefaultBodyLimit::max(MAX_FORM_BODY))
        .layer(axum::middleware::map_response(harden))
        .with_state(app)
}

/// Headers on every answer: no framing by other sites, no guessing of types, no referrer
/// leaving the desk (a unit link is in the address), scripts only from the desk itself.
pub(crate) async fn harden(mut r: Response) -> Response {
    let h = r.headers_mut();
    let set = |h: &mut HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(h, "x-frame-options", "DENY");
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "same-origin");
    set(
        h,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; \
         script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    r
}

/// Run the web desk until the process is stopped. `ready` is called with the bound address
/// once it listens (to print the address and open the browser). `Err` holds the message (from
/// the catalogue) when it cannot listen.
pub fn run(
    app: Arc<App>,
    config: &Config,
    ready: impl FnOnce(SocketAddr),
) -> std::result::Result<(), String> {
    serve_router(router(app), config, ready)
}

/// Serve `app` (the web desk's router, or the set-up page's) until the process is stopped.
pub fn serve_router(
    app: Router,
    config: &Config,
    ready: impl FnOnce(SocketAddr),
) -> std::result::Result<(), String> {
    let fail = |addr: &dyn std::fmt::Display, e: std::io::Error| {
        crate::t!(
            "web-serve-listen-failed",
            addr = addr.to_string(),
            message = e.to_string()
        )
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| fail(&config.listen, e))?;
    rt.block_on(async {
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|e| fail(&config.listen, e))?;
        let addr = listener.local_addr().map_err(|e| fail(&config.listen, e))?;
        ready(addr);
        axum::serve(listener, app).await.map_err(|e| fail(&addr, e))
    })
}

/// A plain answer with a status.
pub fn status_only(code: StatusCode) -> Response {
    code.into_response()
}
