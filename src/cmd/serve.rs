//! `evalsheet serve DESK`: the collection desk in a browser (src/web/).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use evalsheet::desk::{Actor, Desk};
use evalsheet::t;
use evalsheet::web::setup::{self, Place, Setup, Target};
use evalsheet::web::{auth, server};

use super::{OK, Outcome, TROUBLE, exit, print, report, say};

#[derive(clap::Args)]
#[command(
    about = "Serve the collection desk in a browser",
    long_about = "Serve the desk's pages: the year at a glance, receiving files dropped on the \
page, each form with its findings and comparisons, review, downloads, and links for units to \
upload their own forms. Listens on 127.0.0.1 (this computer only) and opens the browser; the \
address printed carries a sign-in key.",
    after_help = "Examples:\n  evalsheet serve 2022收表台\n  evalsheet serve 2022收表台 --set-password\n  \
evalsheet serve 2022收表台 --public --listen 127.0.0.1:8470"
)]
pub struct Args {
    /// The desk folder (made by `evalsheet init`); a new or empty folder to start a desk in
    /// the browser; or a folder holding desks, to serve the latest year's.
    #[arg(value_name = "DESK")]
    desk: PathBuf,
    /// Address and port to listen on (port 0: any free port).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Do not open the browser.
    #[arg(long)]
    no_browser: bool,
    /// Set the office password (read from standard input) and stop.
    #[arg(long)]
    set_password: bool,
    /// Served to other computers through an HTTPS reverse proxy: a password is required and
    /// cookies are sent over HTTPS only.
    #[arg(long)]
    public: bool,
    /// Last year's definitions (or last year's desk), to compare each form with.
    #[arg(long, value_name = "PATH")]
    last_year: Option<PathBuf>,
}

/// The shortest office password taken.
const MIN_PASSWORD: usize = 8;

pub fn run(a: Args) -> Outcome {
    if a.set_password {
        return set_password(&Desk::open(&a.desk)?);
    }
    let Some(place) = setup::place(&a.desk) else {
        return Err(evalsheet::Error::Desk {
            path: a.desk.clone(),
            message: t!("web-serve-not-a-desk"),
        });
    };
    let options = Options {
        listen: a.listen,
        no_browser: a.no_browser,
        public: a.public,
        last_year: a.last_year,
        double_clicked: false,
    };
    serve(place, &options)
}

/// How a desk is served.
pub struct Options {
    pub listen: SocketAddr,
    pub no_browser: bool,
    pub public: bool,
    pub last_year: Option<PathBuf>,
    /// Started by a double-click: the console window is the server's, closed to stop it.
    pub double_clicked: bool,
}

/// Serve `place`: a desk, the set-up page of a desk to make, or a home of desks.
pub fn serve(place: Place, o: &Options) -> Outcome {
    let public = o.public || !o.listen.ip().is_loopback();
    let (desk_path, target) = match &place {
        Place::Desk(p) => (Some(p.clone()), None),
        Place::NewDesk(p) => (None, Some(Target::Folder(p.clone()))),
        Place::Home { home, latest } => (latest.clone(), Some(Target::Home(home.clone()))),
    };
    let desk = desk_path.as_deref().map(Desk::open).transpose()?;
    if public {
        let Some(desk) = &desk else {
            report(&t!("web-serve-setup-here"));
            return Ok(exit(TROUBLE));
        };
        if desk
            .setting(auth::PASSWORD_KEY)?
            .is_none_or(|h| h.is_empty())
        {
            report(&t!(
                "web-serve-need-password",
                addr = o.listen.to_string(),
                desk = desk.root().display().to_string()
            ));
            return Ok(exit(TROUBLE));
        }
    }
    let last_year = match &o.last_year {
        Some(p) => {
            let dir = if p.join("definitions").is_dir() {
                p.join("definitions")
            } else {
                p.clone()
            };
            match super::load_definitions(&[dir])? {
                Ok(loaded) => loaded.into_iter().map(|l| l.def).collect(),
                Err(code) => return Ok(code),
            }
        }
        None => Vec::new(),
    };
    let key = auth::token().map_err(|e| evalsheet::Error::Write {
        path: desk_path.clone().unwrap_or_default(),
        source: std::io::Error::other(e.to_string()),
    })?;
    let config = server::Config {
        listen: o.listen,
        secure: public,
    };
    let router = match (target, desk) {
        (Some(target), desk) => {
            let mut s = Setup::new(target, key.clone(), config.clone());
            s.last = last_year;
            if let Some(desk) = desk {
                s.serve_desk(desk);
            }
            setup::router(Arc::new(s))
        }
        (None, Some(desk)) => {
            let mut app = server::App::new(desk, key.clone(), &config);
            app.last = last_year;
            server::router(Arc::new(app))
        }
        (None, None) => return Ok(exit(TROUBLE)),
    };
    let no_browser = o.no_browser;
    let double_clicked = o.double_clicked;
    let served = server::serve_router(router, &config, |addr| {
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else if addr.is_ipv6() {
            format!("[{}]", addr.ip())
        } else {
            addr.ip().to_string()
        };
        let url = format!("http://{host}:{}/login?key={key}", addr.port());
        let _ = print(&format!("{}\n", t!("web-serve-url", url = url.clone())));
        say(&if double_clicked {
            t!("web-serve-stop-window")
        } else {
            t!("web-serve-stop")
        });
        if !no_browser && !open_browser(&url) {
            say(&t!("web-serve-browser-failed"));
        }
    });
    match served {
        Ok(()) => Ok(exit(OK)),
        Err(message) => {
            report(&message);
            Ok(exit(TROUBLE))
        }
    }
}

/// Read the office password from standard input and keep its argon2 hash in the desk.
fn set_password(desk: &Desk) -> Outcome {
    use std::io::BufRead;
    say(&t!("web-serve-password-prompt"));
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|source| evalsheet::Error::Read {
            path: PathBuf::from("standard input"),
            source,
        })?;
    let password = line.trim_end_matches(['\r', '\n']);
    if password.chars().count() < MIN_PASSWORD {
        report(&t!("web-serve-password-short"));
        return Ok(exit(TROUBLE));
    }
    let hash = auth::hash_password(password).map_err(|m| evalsheet::Error::Write {
        path: desk.root().to_path_buf(),
        source: std::io::Error::other(m),
    })?;
    desk.set_setting(auth::PASSWORD_KEY, &hash, &Actor::command_line())?;
    say(&t!("web-serve-password-set"));
    Ok(exit(OK))
}

/// Open `url` in the user's browser; whether it could be started.
fn open_browser(url: &str) -> bool {
    let mut c = if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/c", "start", ""]).arg(url.replace('&', "^&"));
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    c.stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}
