//! `evalsheet serve DESK`: the collection desk in a browser (src/web/).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use evalsheet::desk::{Actor, Desk};
use evalsheet::t;
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
    /// The desk folder (made by `evalsheet init`).
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
    let desk = Desk::open(&a.desk)?;
    if a.set_password {
        return set_password(&desk);
    }
    let public = a.public || !a.listen.ip().is_loopback();
    if public
        && desk
            .setting(auth::PASSWORD_KEY)?
            .is_none_or(|h| h.is_empty())
    {
        report(&t!(
            "web-serve-need-password",
            addr = a.listen.to_string(),
            desk = a.desk.display().to_string()
        ));
        return Ok(exit(TROUBLE));
    }
    let last_year = match &a.last_year {
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
        path: a.desk.clone(),
        source: std::io::Error::other(e.to_string()),
    })?;
    let config = server::Config {
        listen: a.listen,
        secure: public,
    };
    let mut app = server::App::new(desk, key.clone(), &config);
    app.last = last_year;
    let app = Arc::new(app);
    let no_browser = a.no_browser;
    let served = server::run(app, &config, |addr| {
        let host = if addr.ip().is_unspecified() {
            "127.0.0.1".to_string()
        } else if addr.is_ipv6() {
            format!("[{}]", addr.ip())
        } else {
            addr.ip().to_string()
        };
        let url = format!("http://{host}:{}/login?key={key}", addr.port());
        let _ = print(&format!("{}\n", t!("web-serve-url", url = url.clone())));
        say(&t!("web-serve-stop"));
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
