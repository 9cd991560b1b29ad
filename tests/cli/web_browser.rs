//! The web desk driven in a real browser as a clerk would: Debian's chromium through
//! chromedriver (the W3C WebDriver protocol, spoken here over HTTP with ureq). Starts the desk
//! on the page (新建收表台) with the 13 definitions of 2022, opens the dashboard, drops the 13 returned forms of the 2022 examples on it, waits for the table,
//! opens a form with findings, returns it with a comment, downloads the unit's feedback
//! workbook and the 汇总表 and reads them back. A screenshot of each step is saved under
//! `target/web-screenshots/`.
//!
//! Where chromium or chromedriver is missing the test says SKIPPED loudly and passes, unless
//! `EVALSHEET_REQUIRE_BROWSER=1` (as in CI), where that is a failure.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::web::{Desk, Server};
use crate::support::root;

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn find_program(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// chromedriver on a free port, stopped when dropped.
struct Driver {
    child: Child,
    base: String,
    agent: ureq::Agent,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self
            .agent
            .delete(&format!("{}/session/{}", self.base, self.session))
            .call();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(chromium: &Path, chromedriver: &Path, downloads: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let base = format!("http://127.0.0.1:{port}");
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(120)))
            .build()
            .into();
        let started = Instant::now();
        loop {
            if let Ok(mut r) = agent.get(&format!("{base}/status")).call() {
                let v: Value =
                    serde_json::from_str(&r.body_mut().read_to_string().unwrap_or_default())
                        .unwrap_or(Value::Null);
                if v["value"]["ready"] == true {
                    break;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut d = Driver {
            child,
            base,
            agent,
            session: String::new(),
        };
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.display().to_string(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1400,1300", "--lang=zh-CN", "--hide-scrollbars"],
                "prefs": {
                    "download.default_directory": downloads.display().to_string(),
                    "download.prompt_for_download": false,
                    "intl.accept_languages": "zh-CN,zh"
                }
            }
        }}});
        let v = d.call("POST", "/session", Some(caps));
        d.session = v["sessionId"].as_str().expect("a session").to_string();
        // Let downloads go to the folder in headless mode too.
        let _ = d.call(
            "POST",
            &format!("/session/{}/goog/cdp/execute", d.session),
            Some(json!({"cmd": "Browser.setDownloadBehavior",
                        "params": {"behavior": "allow", "downloadPath": downloads.display().to_string()}})),
        );
        d
    }

    /// A WebDriver command; the answer's `value` (or the whole answer for a new session).
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let r = match (method, body) {
            ("GET", _) => self.agent.get(&url).call(),
            ("DELETE", _) => self.agent.delete(&url).call(),
            (_, b) => self
                .agent
                .post(&url)
                .header("Content-Type", "application/json")
                .send(b.unwrap_or(json!({})).to_string().as_bytes()),
        };
        let mut r = r.expect("WebDriver request");
        let text = r
            .body_mut()
            .with_config()
            .limit(100 * 1024 * 1024)
            .read_to_string()
            .unwrap();
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert!(
            v["value"]["error"].is_null(),
            "WebDriver {method} {path}: {}",
            &text[..text.len().min(600)]
        );
        v["value"].clone()
    }

    fn s(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    fn go(&self, url: &str) {
        self.call("POST", &self.s("/url"), Some(json!({ "url": url })));
    }

    fn script(&self, js: &str, args: Value) -> Value {
        self.call(
            "POST",
            &self.s("/execute/sync"),
            Some(json!({ "script": js, "args": args })),
        )
    }

    fn find(&self, css: &str) -> String {
        let v = self.call(
            "POST",
            &self.s("/element"),
            Some(json!({"using": "css selector", "value": css})),
        );
        v[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("no element {css}: {v}"))
            .to_string()
    }

    fn type_into(&self, el: &str, text: &str) {
        self.call(
            "POST",
            &self.s(&format!("/element/{el}/value")),
            Some(json!({ "text": text })),
        );
    }

    fn click(&self, el: &str) {
        self.call(
            "POST",
            &self.s(&format!("/element/{el}/click")),
            Some(json!({})),
        );
    }

    /// Wait until the script returns true.
    fn wait_for(&self, js: &str, what: &str) {
        let started = Instant::now();
        loop {
            if self.script(js, json!([])) == Value::Bool(true) {
                return;
            }
            if started.elapsed() > Duration::from_secs(90) {
                let shot = root()
                    .join("target")
                    .join("web-screenshots")
                    .join("failed.png");
                self.screenshot(&shot);
                let text = self.script(
                    "return location.href + ' ' + document.body.innerText;",
                    json!([]),
                );
                panic!(
                    "waited 90 s for {what}; the page ({}): {text}",
                    shot.display()
                );
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn screenshot(&self, to: &Path) {
        // The whole page: the window made as tall as the page first.
        let h = self
            .script(
                "return Math.max(document.body.scrollHeight, 800);",
                json!([]),
            )
            .as_u64()
            .unwrap_or(1300)
            .min(6000);
        self.call(
            "POST",
            &self.s("/window/rect"),
            Some(json!({"width": 1400, "height": h + 140})),
        );
        let b64 = self.call("GET", &self.s("/screenshot"), None);
        let png = base64_decode(b64.as_str().unwrap());
        assert_eq!(&png[1..4], b"PNG");
        std::fs::write(to, png).unwrap();
    }
}

/// Standard base64, as WebDriver sends screenshots.
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes() {
        let Some(v) = val(c) else { continue };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Wait for a file ending in `ext` to appear whole in `dir`; its path.
fn downloaded(dir: &Path, ext: &str, not: &[PathBuf]) -> PathBuf {
    let started = Instant::now();
    loop {
        if let Ok(rd) = std::fs::read_dir(dir) {
            for e in rd.flatten() {
                let p = e.path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                if name.ends_with(ext) && !not.contains(&p) {
                    return p;
                }
            }
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no {ext} downloaded into {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[test]
fn a_clerk_receives_reviews_and_downloads_in_chromium() {
    let required = std::env::var("EVALSHEET_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let chromium = find_program(&["chromium", "chromium-browser", "google-chrome"]);
    let driver = find_program(&["chromedriver"]);
    let (Some(chromium), Some(chromedriver)) = (chromium, driver) else {
        let msg = "SKIPPED web_browser::a_clerk_receives_reviews_and_downloads_in_chromium: \
                   chromium and chromedriver are not installed (apt-get install chromium chromium-driver)";
        assert!(!required, "{msg}, and EVALSHEET_REQUIRE_BROWSER=1");
        eprintln!("\n!!!!!!!!!! {msg} !!!!!!!!!!\n");
        return;
    };
    let shots = root().join("target").join("web-screenshots");
    std::fs::create_dir_all(&shots).unwrap();
    let d = Desk::without_desk();
    let downloads = d.run.path("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    let last_year = crate::support::examples("2021");
    let server = Server::start(d.run.dir.path(), &["--last-year", &last_year]);
    let b = Driver::start(&chromium, &chromedriver, &downloads);

    // 0. No desk yet: the clerk starts one on the page, choosing the 13 definitions of 2022
    // (errors the office made are allowed) — what `evalsheet init` does.
    b.go(&server.url);
    b.wait_for(
        "return document.querySelector('#setup-submit') !== null;",
        "the set-up page",
    );
    let defs: Vec<String> = crate::support::files(Path::new(&crate::support::examples("2022")))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(defs.len(), 13);
    let input = b.find("#definitions");
    b.type_into(&input, &defs.join("\n"));
    b.click(&b.find("input[name=allow_errors]"));
    b.screenshot(&shots.join("0-setup.png"));
    b.click(&b.find("#setup-submit"));
    b.wait_for(
        "const d = document.querySelector('#setup-done'); return d !== null && d.textContent.includes('发出 13 张自评表');",
        "the desk started",
    );
    b.screenshot(&shots.join("0-setup-done.png"));
    b.click(&b.find("#setup-open"));

    // 1. The dashboard: 13 issued, none returned.
    b.wait_for(
        "return document.querySelector('#count-missing .n') !== null && document.querySelector('#count-missing .n').textContent === '13';",
        "the dashboard",
    );
    b.screenshot(&shots.join("1-dashboard.png"));

    // 2. Drop the 13 returned forms on the page (a drop event carrying the files, as a drag
    // from the file manager gives).
    b.script(
        "const i = document.createElement('input'); i.type = 'file'; i.multiple = true; \
         i.id = 'dropsrc'; document.body.appendChild(i);",
        json!([]),
    );
    let src = b.find("#dropsrc");
    let paths: Vec<String> = d
        .returns()
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    b.type_into(&src, &paths.join("\n"));
    b.script(
        "const dt = new DataTransfer(); for (const f of document.getElementById('dropsrc').files) dt.items.add(f); \
         document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true})); \
         document.getElementById('dropsrc').remove();",
        json!([]),
    );
    b.wait_for(
        "return document.querySelectorAll('#uploads li.ok').length === 13;",
        "13 files answered",
    );
    b.wait_for(
        "const n = document.querySelector('#count-received .n'); return n !== null && n.textContent === '13';",
        "the table to show 13 received",
    );
    let lines = b.script(
        "return Array.from(document.querySelectorAll('#uploads li .answer')).map(e => e.textContent);",
        json!([]),
    );
    for l in lines.as_array().unwrap() {
        assert!(l.as_str().unwrap().contains("收到 1 张表"), "{l}");
    }
    b.screenshot(&shots.join("2-received.png"));

    // 3. Filter by unit through htmx.
    b.script(
        "const s = document.querySelector('select[name=unit]'); s.value = '有组织犯罪侦查支队'; \
         s.dispatchEvent(new Event('change', {bubbles: true}));",
        json!([]),
    );
    b.wait_for(
        "return document.querySelectorAll('#forms-table tbody tr').length === 4;",
        "the filtered table",
    );
    assert!(
        b.script("return location.search;", json!([]))
            .as_str()
            .unwrap()
            .contains("unit=")
    );
    b.screenshot(&shots.join("3-filtered.png"));

    // 4. Open a form with findings (one whose unit also changed a field the office decides).
    let href = b.script(
        "for (const tr of document.querySelectorAll('#forms-table tbody tr')) { \
           const a = tr.querySelector('a'); \
           if (tr.querySelector('td.n-errors') && a.textContent === '公安强戒人员生活补助经费') return a.getAttribute('href'); } \
         return null;",
        json!([]),
    );
    let href = href.as_str().expect("a form with errors").to_string();
    b.go(&format!("{}{href}", server.base));
    b.wait_for(
        "return document.querySelector('table.sheet') !== null;",
        "the form",
    );
    let marked = b.script(
        "return document.querySelectorAll('table.sheet td.has-error').length;",
        json!([]),
    );
    assert!(marked.as_u64().unwrap() > 0, "findings marked on cells");
    let listed = b.script(
        "return document.querySelectorAll('ol.findings li.error').length;",
        json!([]),
    );
    assert!(listed.as_u64().unwrap() > 0);
    let unit = b
        .script(
            "return document.querySelector('p.muted').textContent;",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    assert!(unit.contains("有组织犯罪侦查支队"), "{unit}");
    b.screenshot(&shots.join("4-form.png"));

    // 5. Compare with what was issued.
    b.go(&format!("{}{href}?against=issued", server.base));
    b.wait_for(
        "return document.querySelector('table.sheet') !== null;",
        "the comparison",
    );
    b.screenshot(&shots.join("5-against-issued.png"));
    b.go(&format!("{}{href}?against=last_year", server.base));
    b.wait_for(
        "return document.querySelector('table.sheet') !== null;",
        "last year's comparison",
    );
    let legend = b.script(
        "return document.body.textContent.includes('与上年的表对比');",
        json!([]),
    );
    assert_eq!(
        legend,
        Value::Bool(true),
        "last year's form found for the project"
    );
    let changed = b.script(
        "return document.querySelectorAll('table.sheet del, table.sheet ins').length;",
        json!([]),
    );
    assert!(
        changed.as_u64().unwrap() > 0,
        "last year's values shown struck through"
    );
    b.screenshot(&shots.join("5-against-last-year.png"));
    b.go(&format!("{}{href}", server.base));
    b.wait_for(
        "return document.querySelector('#comment') !== null;",
        "the review box",
    );

    // 6. Return it with a comment.
    let comment = b.find("#comment");
    b.type_into(&comment, "请补填全年执行数和各项指标的全年完成值。");
    let ret = b.find("#do-return");
    b.click(&ret);
    b.wait_for(
        "return document.querySelector('h2 .state') !== null && document.querySelector('h2 .state').textContent === '退回修改';",
        "the form returned",
    );
    let note = b.script("return document.body.textContent.includes('退回意见：请补填全年执行数和各项指标的全年完成值。');", json!([]));
    assert_eq!(note, Value::Bool(true));
    b.screenshot(&shots.join("6-returned.png"));

    // 7. Download the unit's feedback workbook and the 汇总表 from the downloads page.
    b.go(&format!("{}/downloads", server.base));
    b.wait_for(
        "return document.querySelector('#dl-summary') !== null;",
        "the downloads page",
    );
    b.screenshot(&shots.join("7-downloads.png"));
    let link = b.script(
        "for (const a of document.querySelectorAll('a')) { if (a.href.includes('/download/feedback') && \
           decodeURIComponent(a.href).includes('有组织犯罪侦查支队')) { a.click(); return a.href; } } return null;",
        json!([]),
    );
    assert!(link.is_string(), "a feedback link for the unit");
    let feedback = downloaded(&downloads, ".xlsx", &[]);
    let summary_link = b.find("#dl-summary");
    b.click(&summary_link);
    let summary = downloaded(&downloads, ".xlsx", std::slice::from_ref(&feedback));
    std::thread::sleep(Duration::from_millis(300));

    let (feedback, summary) = if feedback.to_string_lossy().contains("汇总表") {
        (summary, feedback)
    } else {
        (feedback, summary)
    };
    let names = crate::support::sheet_names(&feedback);
    assert_eq!(
        names.first().map(String::as_str),
        Some("审核结果"),
        "{names:?}"
    );
    let first = crate::support::read_sheet(&feedback, "审核结果");
    assert!(
        first
            .find("请补填全年执行数和各项指标的全年完成值。")
            .is_some(),
        "the comment in the feedback workbook"
    );
    let sheets = crate::support::sheet_names(&summary);
    assert!(sheets.iter().any(|n| n == "汇总表"), "{sheets:?}");
    let s = crate::support::read_sheet(&summary, "汇总表");
    assert!(
        s.find("特巡警支队伙食补助经费").is_some(),
        "a returned form in the 汇总表"
    );
}
