//! The web desk (`evalsheet serve`) over HTTP: the server started as a process on a free port,
//! driven by a small blocking client (ureq, cookies and CSRF tokens handled by hand so that
//! each is asserted). The authorization matrix: the office, unit A's link, unit B's link and no
//! credentials against every route.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::time::Duration;

use crate::support::{Run, evalsheet_command, examples, files};

/// Unit A and unit B of the 2022 examples, and a project of each.
pub const UNIT_A: &str = "特巡警支队";
pub const UNIT_B: &str = "禁毒支队";
pub const PROJECT_A: &str = "特巡警支队伙食补助经费";
pub const PROJECT_B: &str = "禁毒专项经费";

/// A desk of the 2022 examples, with the 13 forms generated as returns in `returns/`.
pub struct Desk {
    pub run: Run,
}

impl Desk {
    pub fn new() -> Desk {
        let run = Run::new();
        let init = run.evalsheet(&[
            "init",
            "desk",
            "--year",
            "2022",
            &examples("2022"),
            "--allow-errors",
        ]);
        assert_eq!(init.code, 0, "{}", init.stderr);
        let made = run.evalsheet(&["generate", &examples("2022"), "-o", "returns"]);
        assert_eq!(made.code, 0, "{}", made.stderr);
        Desk { run }
    }

    /// The returns only, with no desk yet (to be started on the page).
    pub fn without_desk() -> Desk {
        let run = Run::new();
        let made = run.evalsheet(&["generate", &examples("2022"), "-o", "returns"]);
        assert_eq!(made.code, 0, "{}", made.stderr);
        Desk { run }
    }

    pub fn returns(&self) -> Vec<PathBuf> {
        files(&self.run.path("returns"))
    }

    /// The returned file of a unit's project.
    pub fn return_of(&self, project: &str) -> PathBuf {
        self.returns()
            .into_iter()
            .find(|p| p.file_name().unwrap().to_string_lossy().contains(project))
            .unwrap_or_else(|| panic!("no return for {project}"))
    }
}

/// A running `evalsheet serve`, stopped when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub base: String,
    /// The address it printed, with the office key.
    pub url: String,
}

impl Server {
    pub fn start(dir: &Path, extra: &[&str]) -> Server {
        Server::start_at(dir, "desk", extra)
    }

    /// `evalsheet serve FOLDER` (a desk, a folder to start one in, or a home of desks).
    pub fn start_at(dir: &Path, folder: &str, extra: &[&str]) -> Server {
        let mut cmd = evalsheet_command();
        cmd.args(["serve", folder, "--no-browser"])
            .args(extra)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if !extra.contains(&"--listen") {
            cmd.args(["--listen", "127.0.0.1:0"]);
        }
        let mut child = cmd.spawn().expect("start evalsheet serve");
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
        let english = extra.windows(2).any(|w| w == ["--lang", "en"]);
        let said = if english {
            "The web desk is running; open it in a browser: http://127.0.0.1:"
        } else {
            "网页收表台已启动，请在浏览器中打开：http://127.0.0.1:"
        };
        assert!(line.starts_with(said), "serve printed: {line:?}");
        let url = line.trim().rsplit(['：', ' ']).next().unwrap().to_string();
        let base = url.split("/login").next().unwrap().to_string();
        Server { child, base, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, headers we look at, body.
pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub cookies: Vec<String>,
    pub kind: String,
    pub disposition: String,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A browser without a browser: one session cookie and the page's CSRF token.
pub struct Client {
    agent: ureq::Agent,
    pub base: String,
    pub cookie: Option<String>,
    pub csrf: Option<String>,
}

impl Client {
    fn agent() -> ureq::Agent {
        ureq::Agent::config_builder()
            .max_redirects(0)
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into()
    }

    pub fn new(base: &str) -> Client {
        Client {
            agent: Client::agent(),
            base: base.to_string(),
            cookie: None,
            csrf: None,
        }
    }

    /// The office, signed in with the key of the printed address.
    pub fn office(server: &Server) -> Client {
        let mut c = Client::new(&server.base);
        let a = c.get(&server.url.replacen(&server.base, "", 1));
        assert_eq!(a.status, 303);
        assert!(c.cookie.is_some());
        c.page_token();
        c
    }

    /// A unit, through its link (`/u/TOKEN`).
    pub fn unit(server: &Server, link: &str) -> Client {
        let mut c = Client::new(&server.base);
        let a = c.get(link);
        assert_eq!(a.status, 303, "{}", a.text());
        c.page_token();
        c
    }

    /// Read the CSRF token off the dashboard.
    pub fn page_token(&mut self) {
        let page = self.get("/").text();
        self.csrf = page
            .split("name=\"csrf-token\" content=\"")
            .nth(1)
            .map(|r| r[..64].to_string());
        assert!(self.csrf.is_some(), "no token on {page}");
    }

    fn finish(&mut self, r: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
        let mut r = r.expect("HTTP request");
        let h = r.headers();
        let get = |k: &str| h.get(k).and_then(|v| v.to_str().ok()).map(str::to_string);
        let cookies: Vec<String> = h
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_string))
            .collect();
        for c in &cookies {
            if let Some(v) = c.strip_prefix("evalsheet_session=") {
                let v = v.split(';').next().unwrap_or("");
                self.cookie = (!v.is_empty()).then(|| v.to_string());
            }
        }
        let location = get("location");
        let kind = get("content-type").unwrap_or_default();
        let disposition = get("content-disposition").unwrap_or_default();
        let status = r.status().as_u16();
        let body = r
            .body_mut()
            .with_config()
            .limit(200 * 1024 * 1024)
            .read_to_vec()
            .unwrap_or_default();
        Answer {
            status,
            location,
            cookies,
            kind,
            disposition,
            body,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookie
            .as_ref()
            .map(|c| format!("evalsheet_session={c}"))
            .unwrap_or_default()
    }

    pub fn get(&mut self, path: &str) -> Answer {
        let mut req = self.agent.get(&format!("{}{path}", self.base));
        if self.cookie.is_some() {
            req = req.header("Cookie", &self.cookie_header());
        }
        let r = req.call();
        self.finish(r)
    }

    /// A GET as htmx sends it for the forms table.
    pub fn get_partial(&mut self, path: &str) -> Answer {
        let mut req = self
            .agent
            .get(&format!("{}{path}", self.base))
            .header("HX-Request", "true")
            .header("HX-Target", "forms");
        if self.cookie.is_some() {
            req = req.header("Cookie", &self.cookie_header());
        }
        let r = req.call();
        self.finish(r)
    }

    /// POST a form; the session's token is added unless `fields` has `_csrf`.
    pub fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let mut body: Vec<(String, String)> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        if !fields.iter().any(|(k, _)| *k == "_csrf")
            && let Some(t) = &self.csrf
        {
            body.push(("_csrf".into(), t.clone()));
        }
        let encoded: Vec<String> = body
            .iter()
            .map(|(k, v)| format!("{}={}", pct(k), pct(v)))
            .collect();
        let mut req = self
            .agent
            .post(&format!("{}{path}", self.base))
            .header("Content-Type", "application/x-www-form-urlencoded");
        if self.cookie.is_some() {
            req = req.header("Cookie", &self.cookie_header());
        }
        let r = req.send(encoded.join("&").as_bytes());
        self.finish(r)
    }

    /// Upload files as the page's script does (multipart, token in a header, JSON back).
    pub fn upload(&mut self, paths: &[PathBuf]) -> Answer {
        let parts: Vec<(String, Vec<u8>)> = paths
            .iter()
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(p).unwrap(),
                )
            })
            .collect();
        self.upload_bytes(&parts)
    }

    pub fn upload_bytes(&mut self, parts: &[(String, Vec<u8>)]) -> Answer {
        let r = self.send_upload(parts);
        self.finish(r)
    }

    /// An upload that the server may cut short (it refuses a body too large before reading
    /// all of it, and the client may see the connection closed under it).
    pub fn upload_refused(&mut self, parts: &[(String, Vec<u8>)]) -> Option<Answer> {
        let sent = self.send_upload(parts);
        // The server closes a connection whose body it refused: the next request starts a new
        // one rather than finding the kept one gone.
        self.agent = Client::agent();
        match sent {
            Ok(r) => Some(self.finish(Ok(r))),
            Err(_) => None,
        }
    }

    fn send_upload(
        &self,
        parts: &[(String, Vec<u8>)],
    ) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
        let parts: Vec<Part> = parts
            .iter()
            .map(|(name, bytes)| Part {
                field: "file".into(),
                file: Some(name.clone()),
                bytes: bytes.clone(),
            })
            .collect();
        self.send_multipart("/upload", &parts, true)
    }

    /// POST a multipart form as a browser sends it without script (the token among the fields).
    pub fn post_multipart(&mut self, path: &str, parts: &[Part]) -> Answer {
        let r = self.send_multipart(path, parts, false);
        self.finish(r)
    }

    fn send_multipart(
        &self,
        path: &str,
        parts: &[Part],
        token_in_header: bool,
    ) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
        let boundary = "----evalsheet-test-boundary-7d1f";
        let mut body = Vec::new();
        for p in parts {
            let file = p
                .file
                .as_ref()
                .map(|f| format!("; filename=\"{f}\""))
                .unwrap_or_default();
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"{file}\r\n\
                     Content-Type: application/octet-stream\r\n\r\n",
                    p.field
                )
                .as_bytes(),
            );
            body.extend_from_slice(&p.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let mut req = self.agent.post(&format!("{}{path}", self.base)).header(
            "Content-Type",
            &format!("multipart/form-data; boundary={boundary}"),
        );
        if token_in_header {
            req = req.header("Accept", "application/json");
            if let Some(t) = &self.csrf {
                req = req.header("X-CSRF-Token", t);
            }
        }
        if self.cookie.is_some() {
            req = req.header("Cookie", &self.cookie_header());
        }
        req.send(&body[..])
    }
}

/// One part of a multipart form: a field, or a file when `file` names it.
pub struct Part {
    pub field: String,
    pub file: Option<String>,
    pub bytes: Vec<u8>,
}

impl Part {
    pub fn field(name: &str, value: &str) -> Part {
        Part {
            field: name.into(),
            file: None,
            bytes: value.as_bytes().to_vec(),
        }
    }

    pub fn file(field: &str, path: &Path) -> Part {
        Part {
            field: field.into(),
            file: Some(path.file_name().unwrap().to_string_lossy().into_owned()),
            bytes: std::fs::read(path).unwrap(),
        }
    }
}

pub fn pct(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The answers of an upload: (class, line) per file.
pub fn answers(a: &Answer) -> Vec<(String, String)> {
    let v: serde_json::Value =
        serde_json::from_slice(&a.body).unwrap_or_else(|_| panic!("{}", a.text()));
    v["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["class"].as_str().unwrap().to_string(),
                x["line"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The ids of the forms in the table, in table order.
pub fn row_ids(html: &str) -> Vec<i64> {
    html.split("<tr data-id=\"")
        .skip(1)
        .map(|r| r.split('"').next().unwrap().parse().unwrap())
        .collect()
}

/// The form id of a project in the office's table.
pub fn form_id(office: &mut Client, project: &str) -> i64 {
    let html = office.get("/").text();
    for row in html.split("<tr data-id=\"").skip(1) {
        if row
            .split("</tr>")
            .next()
            .unwrap()
            .contains(&format!(">{project}</a>"))
        {
            return row.split('"').next().unwrap().parse().unwrap();
        }
    }
    panic!("no row for {project}");
}

/// The office makes a link for `unit`; its path `/u/TOKEN`.
pub fn make_link(office: &mut Client, unit: &str) -> String {
    let a = office.post("/links", &[("unit", unit), ("action", "make")]);
    assert_eq!(a.status, 303, "{}", a.text());
    let page = office.get("/links").text().replace("&#x2f;", "/");
    let row = page
        .split("<tr>")
        .find(|r| r.contains(&format!("<td>{unit}</td>")))
        .unwrap_or_else(|| panic!("no row for {unit}: {page}"));
    let token = row.split("/u/").nth(1).expect("a link")[..64].to_string();
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    format!("/u/{token}")
}

#[test]
fn serve_prints_its_address_and_lets_in_only_the_key() {
    let d = Desk::new();
    let server = Server::start(d.run.dir.path(), &[]);
    assert!(server.url.contains("/login?key="));
    let key = server.url.split("key=").nth(1).unwrap();
    assert_eq!(key.len(), 64, "a key of 256 bits: {key}");

    let mut none = Client::new(&server.base);
    let a = none.get("/");
    assert_eq!(a.status, 401);
    assert!(
        a.text().contains("请用启动收表台时显示的地址打开本页面"),
        "{}",
        a.text()
    );
    assert!(none.cookie.is_none());
    let wrong = none.get(&format!("/login?key={}", "0".repeat(64)));
    assert_eq!(wrong.status, 200);
    assert!(none.cookie.is_none());

    let mut office = Client::new(&server.base);
    let a = office.get(&server.url.replacen(&server.base, "", 1));
    assert_eq!(a.status, 303);
    assert_eq!(a.location.as_deref(), Some("/"));
    let cookie = a
        .cookies
        .iter()
        .find(|c| c.starts_with("evalsheet_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(
        !cookie.contains("Secure"),
        "no Secure cookie over plain loopback HTTP: {cookie}"
    );
    let page = office.get("/");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(
        html.contains("<h1>绩效自评表收表台 · 2022年度</h1>"),
        "{html}"
    );
    assert_eq!(row_ids(&html).len(), 13);
    assert!(
        html.contains(
            "<div class=\"count missing\" id=\"count-missing\"><div class=\"n\">13</div>"
        )
    );

    // Another name for this computer (DNS rebinding) is refused even with the cookie.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let r = agent
        .get(&format!("{}/", server.base))
        .header("Host", "evil.example")
        .header(
            "Cookie",
            &format!("evalsheet_session={}", office.cookie.clone().unwrap()),
        )
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[test]
fn dropped_files_are_received_and_the_table_filters_and_sorts() {
    let d = Desk::new();
    let server = Server::start(d.run.dir.path(), &[]);
    let mut office = Client::office(&server);
    let up = office.upload(&d.returns());
    assert_eq!(up.status, 200, "{}", up.text());
    let got = answers(&up);
    assert_eq!(got.len(), 13);
    for (class, line) in &got {
        assert_eq!(class, "ok", "{line}");
        assert!(line.contains("收到 1 张表"), "{line}");
    }
    // The same bytes again change nothing and say so.
    let again = answers(&office.upload(&d.returns()[..1]));
    assert_eq!(again[0].0, "odd", "{again:?}");

    let html = office.get("/").text();
    assert!(
        html.contains(
            "<div class=\"count received\" id=\"count-received\"><div class=\"n\">13</div>"
        ),
        "{html}"
    );
    assert!(html.contains("共下发 13 张，已交回 13 张，已通过 0 张。"));

    // Filters through htmx: only the table comes back.
    let part = office
        .get_partial(&format!("/?unit={}", pct(UNIT_A)))
        .text();
    assert!(!part.contains("<html"), "a partial, not a page");
    assert_eq!(row_ids(&part).len(), 3, "{part}");
    assert!(part.contains(PROJECT_A) && !part.contains(PROJECT_B));
    let none = office.get_partial("/?state=accepted").text();
    assert_eq!(row_ids(&none).len(), 0);
    assert!(none.contains("没有符合条件的表。"));
    let dept = office
        .get_partial(&format!("/table?department={}", pct("衡阳市公安局")))
        .text();
    assert_eq!(row_ids(&dept).len(), 11);

    // Sorting by errors, both ways.
    let errors_of = |html: &str| -> Vec<u32> {
        html.split("<tr data-id=")
            .skip(1)
            .map(|r| {
                let cells: Vec<&str> = r.split("<td class=\"num").collect();
                let e = cells[2]
                    .split('>')
                    .nth(1)
                    .unwrap()
                    .split('<')
                    .next()
                    .unwrap();
                e.parse().unwrap()
            })
            .collect()
    };
    let up = errors_of(&office.get_partial("/?sort=errors").text());
    let down = errors_of(&office.get_partial("/?sort=errors&dir=desc").text());
    assert_eq!(up.len(), 13);
    assert!(up.windows(2).all(|w| w[0] <= w[1]), "{up:?}");
    assert!(down.windows(2).all(|w| w[0] >= w[1]), "{down:?}");
}

/// What a route must answer to each party: (office, unit A, unit B, nobody).
struct Expect(u16, u16, u16, u16);

#[test]
fn authorization_matrix_every_route_by_every_party() {
    let d = Desk::new();
    let server = Server::start(d.run.dir.path(), &[]);
    let mut office = Client::office(&server);
    assert_eq!(answers(&office.upload(&d.returns())).len(), 13);
    let link_a = make_link(&mut office, UNIT_A);
    let link_b = make_link(&mut office, UNIT_B);
    let mut a = Client::unit(&server, &link_a);
    let mut b = Client::unit(&server, &link_b);
    let mut nobody = Client::new(&server.base);
    let id_a = form_id(&mut office, PROJECT_A);
    let id_b = form_id(&mut office, PROJECT_B);
    let ua = pct(UNIT_A);
    let ub = pct(UNIT_B);

    let gets: Vec<(String, Expect)> = vec![
        ("/".into(), Expect(200, 200, 200, 401)),
        ("/table".into(), Expect(200, 200, 200, 401)),
        (format!("/forms/{id_a}"), Expect(200, 200, 404, 401)),
        (format!("/forms/{id_b}"), Expect(200, 404, 200, 401)),
        (
            format!("/forms/{id_a}?against=issued"),
            Expect(200, 200, 404, 401),
        ),
        ("/forms/999999".into(), Expect(404, 404, 404, 401)),
        ("/downloads".into(), Expect(200, 200, 200, 401)),
        (
            format!("/download/blank?unit={ua}"),
            Expect(200, 200, 404, 401),
        ),
        (
            format!("/download/blank?unit={ub}"),
            Expect(200, 404, 200, 401),
        ),
        ("/download/summary".into(), Expect(200, 403, 403, 401)),
        ("/download/chase".into(), Expect(200, 403, 403, 401)),
        ("/links".into(), Expect(200, 403, 403, 401)),
        ("/rules".into(), Expect(200, 403, 403, 401)),
        ("/issue".into(), Expect(200, 403, 403, 401)),
        ("/no/such/page".into(), Expect(404, 404, 404, 401)),
        ("/assets/htmx.min.js".into(), Expect(200, 200, 200, 200)),
        ("/assets/app.css".into(), Expect(200, 200, 200, 200)),
    ];
    for (path, e) in &gets {
        let got = [office.get(path), a.get(path), b.get(path), nobody.get(path)];
        let statuses: Vec<u16> = got.iter().map(|x| x.status).collect();
        assert_eq!(statuses, vec![e.0, e.1, e.2, e.3], "GET {path}");
        // Unit A never sees unit B's data, nor B A's.
        if !path.starts_with("/assets") {
            assert!(
                !got[1].text().contains(PROJECT_B),
                "A saw B's project on {path}"
            );
            assert!(
                !got[1].text().contains(&format!("<td>{UNIT_B}</td>")),
                "A saw B on {path}"
            );
            assert!(
                !got[2].text().contains(PROJECT_A),
                "B saw A's project on {path}"
            );
            assert!(
                !got[3].text().contains(PROJECT_A),
                "nobody saw A's project on {path}"
            );
        }
    }
    // A's dashboard holds A's forms only.
    let html = a.get("/").text();
    assert_eq!(row_ids(&html).len(), 3);
    assert!(html.contains("特巡警支队的自评表"));
    assert!(!html.contains("/links"), "no office menu for a unit");

    // Feedback: each unit its own (present when the desk made one, never another unit's).
    let fa_office = office.get(&format!("/download/feedback?unit={ua}")).status;
    assert!(fa_office == 200 || fa_office == 404);
    assert_eq!(
        a.get(&format!("/download/feedback?unit={ua}")).status,
        fa_office
    );
    assert_eq!(b.get(&format!("/download/feedback?unit={ua}")).status, 404);
    assert_eq!(
        nobody.get(&format!("/download/feedback?unit={ua}")).status,
        401
    );

    // State changes: review is the office's only; every POST needs the token.
    let review = format!("/forms/{id_a}/review");
    let accept = [("decision", "accept")];
    assert_eq!(a.post(&review, &accept).status, 403);
    assert_eq!(b.post(&review, &accept).status, 403);
    assert_eq!(nobody.post(&review, &accept).status, 401);
    assert_eq!(
        office
            .post(&review, &[("decision", "accept"), ("_csrf", "x")])
            .status,
        403
    );
    assert_eq!(
        a.post("/links", &[("unit", UNIT_A), ("action", "make")])
            .status,
        403
    );
    assert_eq!(
        nobody
            .post("/links", &[("unit", UNIT_A), ("action", "make")])
            .status,
        401
    );
    assert_eq!(nobody.upload(&d.returns()[..1]).status, 401);
    // The state is unchanged by all that.
    assert!(
        office
            .get(&format!("/forms/{id_a}"))
            .text()
            .contains("已交回待审")
    );

    // A unit uploads its own form; another unit's is refused and not kept.
    let own = answers(&a.upload(&[d.return_of(PROJECT_A)]));
    assert_eq!(own[0].0, "odd", "already received: {own:?}");
    let foreign = answers(&a.upload(&[d.return_of(PROJECT_B)]));
    assert_eq!(foreign[0].0, "bad");
    assert!(
        foreign[0].1.contains("不是贵单位（特巡警支队）"),
        "{foreign:?}"
    );
    let tmp: Vec<_> = files(&d.run.path("desk/tmp"))
        .into_iter()
        .filter(|p| p.to_string_lossy().contains("upload-"))
        .collect();
    assert!(tmp.is_empty(), "uploads left behind: {tmp:?}");

    // The office reviews; a withdrawn link stops working at once.
    let done = office.post(&review, &accept);
    assert_eq!(done.status, 303);
    assert!(
        office
            .get(&format!("/forms/{id_a}?done=accepted"))
            .text()
            .contains("已通过")
    );
    assert_eq!(
        office
            .post("/links", &[("unit", UNIT_A), ("action", "withdraw")])
            .status,
        303
    );
    assert_eq!(a.get("/").status, 401);
    assert_eq!(Client::new(&server.base).get(&link_a).status, 401);
}

#[test]
fn returning_a_form_records_the_comment_and_who() {
    let d = Desk::new();
    let server = Server::start(d.run.dir.path(), &[]);
    let mut office = Client::office(&server);
    answers(&office.upload(&d.returns()));
    let id = form_id(&mut office, PROJECT_A);
    let page = office.get(&format!("/forms/{id}")).text();
    assert!(page.contains("<table class=\"sheet\">"), "the form drawn");
    assert!(page.contains("发现的问题（"), "findings listed");
    assert!(
        page.contains("class=\"mark error\""),
        "findings marked on cells"
    );

    let empty = office.post(
        &format!("/forms/{id}/review"),
        &[("decision", "return"), ("comment", " ")],
    );
    assert_eq!(empty.status, 400);
    assert!(empty.text().contains("退回修改时请写明要单位改什么。"));
    let r = office.post(
        &format!("/forms/{id}/review"),
        &[("decision", "return"), ("comment", "请填写全年执行数。")],
    );
    assert_eq!(r.status, 303);
    assert_eq!(
        r.location.as_deref(),
        Some(format!("/forms/{id}?done=returned").as_str())
    );
    let page = office.get(&format!("/forms/{id}")).text();
    assert!(
        page.contains("<span class=\"state returned_for_fixes\">退回修改</span>"),
        "{page}"
    );
    assert!(page.contains("退回意见：请填写全年执行数。"));

    let status = d.run.evalsheet(&["status", "desk", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    let row = v["forms"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["project"] == PROJECT_A)
        .unwrap();
    assert_eq!(row["state"], "returned_for_fixes");

    // Every change is in the audit table with who made it.
    let desk = evalsheet::desk::Desk::open(&d.run.path("desk")).unwrap();
    let trail = desk.audit_trail().unwrap();
    let by_office: Vec<&(String, String, String)> = trail
        .iter()
        .filter(|(_, who, _)| who == "网页:科室")
        .collect();
    assert!(
        by_office.len() >= 14,
        "sign-in, 13 receipts and the review: {trail:?}"
    );
    assert!(
        by_office
            .iter()
            .any(|(_, _, what)| what.contains("请填写全年执行数。")),
        "the review with its comment: {trail:?}"
    );
}

#[test]
fn downloads_hold_the_units_blank_forms_the_summary_and_the_chase_list() {
    let d = Desk::new();
    let server = Server::start(d.run.dir.path(), &[]);
    let mut office = Client::office(&server);
    // Nothing returned yet: all 13 on the chase list.
    let chase = office.get("/download/chase");
    assert_eq!(chase.status, 200);
    assert!(
        chase.disposition.contains("filename*=UTF-8''"),
        "{}",
        chase.disposition
    );
    let path = d.run.path("催报.xlsx");
    std::fs::write(&path, &chase.body).unwrap();
    let sheet = crate::support::first_sheet(&path);
    assert_eq!(sheet.text(0, 0), "2022年度自评表催报名单");
    assert_eq!(sheet.text(1, 0), "未交回 13 张，退回修改待重交 0 张");
    let heads: Vec<String> = (0..6).map(|c| sheet.text(2, c)).collect();
    assert_eq!(
        heads,
        [
            "主管部门",
            "实施单位",
            "项目",
            "状态",
            "下发日期",
            "下发后天数"
        ]
    );
    assert!(sheet.find(PROJECT_A).is_some() && sheet.find(PROJECT_B).is_some());
    for r in 3..16 {
        assert_eq!(sheet.text(r, 3), "未交回", "row {r}");
        assert_eq!(sheet.text(r, 4).len(), 10, "a date: {}", sheet.text(r, 4));
        assert_eq!(sheet.number(r, 5), Some(0.0), "issued today, row {r}");
    }
    assert_eq!(sheet.text(16, 0), "");

    answers(&office.upload(&d.returns()[..5]));
    answers(&office.upload(&[d.return_of(PROJECT_A)]));
    // A form returned for fixes is still owed: on the list, after the unit's missing ones.
    let id = form_id(&mut office, PROJECT_A);
    let a = office.post(
        &format!("/forms/{id}/review"),
        &[("decision", "return"), ("comment", "请补充说明")],
    );
    assert_eq!(a.status, 303, "{}", a.text());
    let chase = office.get("/download/chase");
    std::fs::write(&path, &chase.body).unwrap();
    let sheet = crate::support::first_sheet(&path);
    assert_eq!(sheet.text(1, 0), "未交回 7 张，退回修改待重交 1 张");
    let (r, _) = sheet.find(PROJECT_A).expect("the returned form");
    assert_eq!(sheet.text(r, 3), "退回修改");
    assert_eq!(sheet.text(r, 1), UNIT_A);
    let zip = office.get(&format!("/download/blank?unit={}", pct(UNIT_A)));
    assert_eq!(zip.status, 200);
    assert_eq!(zip.kind, "application/zip");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.clone())).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert!(!names.is_empty());
    assert!(names.iter().all(|n| n.ends_with(".xlsx")), "{names:?}");
    let mut first = Vec::new();
    archive
        .by_index(0)
        .unwrap()
        .read_to_end(&mut first)
        .unwrap();
    assert_eq!(&first[..2], b"PK", "a workbook in the zip");

    let summary = office.get("/download/summary");
    assert_eq!(summary.status, 200, "{}", summary.text());
    let path = d.run.path("汇总表.xlsx");
    std::fs::write(&path, &summary.body).unwrap();
    let names = crate::support::sheet_names(&path);
    assert!(names.iter().any(|n| n == "汇总表"), "{names:?}");
}

#[test]
fn a_desk_served_beyond_loopback_needs_a_password_and_secure_cookies() {
    let d = Desk::new();
    let refused = d
        .run
        .evalsheet(&["serve", "desk", "--no-browser", "--listen", "0.0.0.0:0"]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("--set-password"),
        "{}",
        refused.stderr
    );

    let mut set = evalsheet_command();
    set.args(["serve", "desk", "--set-password"])
        .current_dir(d.run.dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = set.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("short\n".as_bytes())
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(2));
    let mut child = set.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("春天的科室密码2022\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("科室密码已设置。"));

    // Behind a reverse proxy: --public on loopback.
    let server = Server::start(d.run.dir.path(), &["--public"]);
    let mut c = Client::new(&server.base);
    let page = c.get("/login");
    assert_eq!(page.status, 200);
    let html = page.text();
    assert!(html.contains("科室密码"));
    let token = html.split("name=\"_csrf\" value=\"").nth(1).unwrap()[..64].to_string();
    let pre = page
        .cookies
        .iter()
        .find(|x| x.starts_with("evalsheet_login="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let login = |password: &str| {
        agent
            .post(&format!("{}/login", server.base))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Cookie", &pre)
            .send(format!("_csrf={token}&password={}", pct(password)).as_bytes())
            .unwrap()
    };
    assert_eq!(login("wrong password").status().as_u16(), 401);
    let ok = login("春天的科室密码2022");
    assert_eq!(ok.status().as_u16(), 303);
    let cookie = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("evalsheet_session="))
        .unwrap();
    assert!(cookie.contains("; Secure"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    // The key of the printed address still works; a login without the form's token does not.
    let no_token = agent
        .post(&format!("{}/login", server.base))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .send("password=x".as_bytes())
        .unwrap();
    assert_eq!(no_token.status().as_u16(), 403);
}

#[test]
fn uploads_are_bounded_in_count_and_size() {
    let d = Desk::new();
    let server = Server::start(d.run.dir.path(), &[]);
    let mut office = Client::office(&server);
    let many: Vec<(String, Vec<u8>)> = (0..201)
        .map(|i| (format!("{i}.xlsx"), b"PK".to_vec()))
        .collect();
    let a = office.upload_bytes(&many);
    assert_eq!(a.status, 413, "{}", a.text());
    let big = vec![(String::from("big.xlsx"), vec![b'x'; 31 * 1024 * 1024])];
    if let Some(a) = office.upload_refused(&big) {
        assert_eq!(a.status, 413);
        assert!(a.text().contains("每个文件不超过 30 MB"), "{}", a.text());
    }
    // Nothing of it was kept, and the desk still answers.
    assert_eq!(office.get("/").status, 200);
    // A name that tries to climb out of the desk is only text.
    let sneaky = vec![(
        String::from("../../逃出.xlsx"),
        std::fs::read(&d.returns()[0]).unwrap(),
    )];
    let got = answers(&office.upload_bytes(&sneaky));
    assert_eq!(got[0].0, "ok", "{got:?}");
    assert!(
        !d.run.path("逃出.xlsx").exists()
            && !d
                .run
                .dir
                .path()
                .parent()
                .unwrap()
                .join("逃出.xlsx")
                .exists()
    );
    let left: Vec<_> = files(&d.run.path("desk/tmp"));
    assert!(
        left.iter()
            .all(|p| !p.to_string_lossy().contains("upload-")),
        "{left:?}"
    );
}

#[test]
fn the_office_changes_the_desks_rules_on_a_page() {
    let d = Desk::new();
    let server = Server::start(d.run.dir.path(), &[]);
    let mut office = Client::office(&server);
    let page = office.get("/rules");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("id=\"rules-none\""), "{}", page.text());
    let token = office.csrf.clone().unwrap();
    // A form received before there are rules: checked with the built-in checks only.
    answers(&office.upload(&[d.return_of(PROJECT_B)]));
    let id_b = form_id(&mut office, PROJECT_B);
    let builtin = |i: &String| evalsheet::finding::Rule::ALL.iter().any(|r| r.id() == i);
    let rule_ids = |id: i64| -> Vec<String> {
        let desk = evalsheet::desk::Desk::open(&d.run.path("desk")).unwrap();
        let form = desk.form(id).unwrap();
        form.versions
            .last()
            .unwrap()
            .findings
            .iter()
            .map(|f| f.finding.rule.id().to_string())
            .collect()
    };
    assert!(rule_ids(id_b).iter().all(builtin), "{:?}", rule_ids(id_b));

    // A rules file with a mistake: named as sent, with its line and column; nothing changes.
    let bad = d.run.write(
        "我们的规则.yaml",
        "rules:\n  - id: a\n    severity: error\n    when: 执行律 < 0.9\n    message: x\n",
    );
    let a = office.post_multipart(
        "/rules",
        &[
            Part::field("_csrf", &token),
            Part::field("action", "replace"),
            Part::file("rules", &bad),
        ],
    );
    assert_eq!(a.status, 422, "{}", a.text());
    let text = a.text();
    assert!(
        text.contains("“我们的规则.yaml”中有错误，规则没有更换"),
        "{text}"
    );
    assert!(text.contains("我们的规则.yaml:4:11"), "{text}");
    assert!(!text.contains("tmp/rules-"), "no temporary name: {text}");
    assert!(!d.run.path("desk/rules.yaml").exists());

    // The sample rules: kept in the desk, listed, applied to what comes in from now on.
    let sample = crate::support::root().join("examples/审核规则示例.yaml");
    // Without the token: refused.
    let a = office.post_multipart(
        "/rules",
        &[
            Part::field("action", "replace"),
            Part::file("rules", &sample),
        ],
    );
    assert_eq!(a.status, 403);
    let a = office.post_multipart(
        "/rules",
        &[
            Part::field("_csrf", &token),
            Part::field("action", "replace"),
            Part::file("rules", &sample),
        ],
    );
    assert_eq!(a.status, 200, "{}", a.text());
    let text = a.text();
    assert!(text.contains("id=\"rules-done\""), "{text}");
    assert!(text.contains("low-execution-rate"), "{text}");
    assert!(
        text.contains("执行率 &lt; 0.9") || text.contains("执行率 < 0.9"),
        "{text}"
    );
    assert_eq!(
        std::fs::read(d.run.path("desk/rules.yaml")).unwrap(),
        std::fs::read(&sample).unwrap()
    );
    answers(&office.upload(&[d.return_of(PROJECT_A)]));
    let id = form_id(&mut office, PROJECT_A);
    let ids = rule_ids(id);
    assert!(
        ids.iter().any(|i| !builtin(i)),
        "the desk's new rules applied to the return: {ids:?}"
    );
    // What came before keeps its findings until the office asks for them to be checked again.
    assert!(rule_ids(id_b).iter().all(builtin));
    let a = office.post_multipart(
        "/rules",
        &[
            Part::field("_csrf", &token),
            Part::field("action", "recheck"),
        ],
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(
        a.text().contains("已按现行规则重新审核 2 张已收到的表。"),
        "{}",
        a.text()
    );
    assert!(
        rule_ids(id_b).iter().any(|i| !builtin(i)),
        "{:?}",
        rule_ids(id_b)
    );
    assert_eq!(rule_ids(id), ids, "the same rules find the same again");

    // A unit may neither see nor change them.
    let link = make_link(&mut office, UNIT_A);
    let mut unit = Client::unit(&server, &link);
    let t = unit.csrf.clone().unwrap();
    let a = unit.post_multipart(
        "/rules",
        &[Part::field("_csrf", &t), Part::field("action", "remove")],
    );
    assert_eq!(a.status, 403);
    assert!(d.run.path("desk/rules.yaml").exists());

    // No rules: the file goes, the rules replaced are kept, and both changes are audited.
    let a = office.post_multipart(
        "/rules",
        &[
            Part::field("_csrf", &token),
            Part::field("action", "remove"),
        ],
    );
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(a.text().contains("已停用审核规则"), "{}", a.text());
    assert!(!d.run.path("desk/rules.yaml").exists());
    let kept = files(&d.run.path("desk/rules-replaced"));
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        std::fs::read(&kept[0]).unwrap(),
        std::fs::read(&sample).unwrap()
    );
    let desk = evalsheet::desk::Desk::open(&d.run.path("desk")).unwrap();
    let trail = desk.audit_trail().unwrap();
    assert!(
        trail
            .iter()
            .any(|(_, who, what)| who == "网页:科室" && what.starts_with("更换审核规则")),
        "{trail:?}"
    );
    assert!(
        trail
            .iter()
            .any(|(_, who, what)| who == "网页:科室" && what == "停用审核规则"),
        "{trail:?}"
    );
    assert!(
        trail
            .iter()
            .any(|(_, _, what)| what == "按现行审核规则重新审核已收到的表：2 张"),
        "{trail:?}"
    );
}

#[test]
fn forms_of_projects_added_during_the_year_are_issued_on_a_page() {
    let d = Desk::new();
    let server = Server::start(d.run.dir.path(), &[]);
    let mut office = Client::office(&server);
    let token = office.csrf.clone().unwrap();
    let page = office.get("/issue");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("补发表格"), "{}", page.text());
    // A project new in the year, of a unit that has forms already.
    let first = files(Path::new(&examples("2022")))
        .into_iter()
        .find(|f| f.to_string_lossy().contains(PROJECT_A))
        .unwrap();
    let yaml = std::fs::read_to_string(&first).unwrap().replace(
        &format!("project: \"{PROJECT_A}\""),
        "project: \"年内新增的项目\"",
    );
    assert!(yaml.contains("年内新增的项目"), "{yaml}");
    let new = d.run.write("新增项目.yaml", &yaml);
    let parts = |t: &str| {
        vec![
            Part::field("_csrf", t),
            Part::file("definitions", &new),
            Part::field("allow_errors", "1"),
        ]
    };
    let a = office.post_multipart("/issue", &parts(&token));
    assert_eq!(a.status, 200, "{}", a.text());
    assert!(
        a.text().contains("已补发 1 张表（1 个工作簿）"),
        "{}",
        a.text()
    );
    let dash = office.get("/").text();
    assert_eq!(row_ids(&dash).len(), 14, "{dash}");
    assert!(dash.contains("年内新增的项目"));
    let issued = files(&d.run.path("desk/issued"));
    assert_eq!(issued.len(), 14);
    assert!(
        issued
            .iter()
            .any(|p| p.to_string_lossy().contains("年内新增的项目"))
    );
    // Issued once only.
    let a = office.post_multipart("/issue", &parts(&token));
    assert_eq!(a.status, 422, "{}", a.text());
    assert!(a.text().contains("已经下发过，不能再补发"), "{}", a.text());
    assert!(
        a.text().contains("新增项目.yaml"),
        "named as sent: {}",
        a.text()
    );
    // The unit's blank forms now hold the new one.
    let zip = office.get(&format!("/download/blank?unit={}", pct(UNIT_A)));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.clone())).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("年内新增的项目")),
        "{names:?}"
    );
    // A unit's link may not issue forms; without the token nothing is issued.
    let link = make_link(&mut office, UNIT_A);
    let mut unit = Client::unit(&server, &link);
    let t = unit.csrf.clone().unwrap();
    assert_eq!(unit.post_multipart("/issue", &parts(&t)).status, 403);
    assert_eq!(
        office
            .post_multipart("/issue", &[Part::file("definitions", &new)])
            .status,
        403
    );
    let status = d.run.evalsheet(&["status", "desk", "--format", "json"]);
    assert_eq!(status.stdout.matches("\"project\":").count(), 14);
}
