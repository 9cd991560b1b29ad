//! Starting a desk from the browser (新建收表台): `evalsheet serve` on a folder that is not a
//! desk yet, and on a home of desks for the next year's.

use std::path::Path;

use crate::support::{Run, examples, files};
use crate::web::{Client, Part, Server};

/// The office signed in on a server that shows the set-up page; its CSRF token read off it.
fn office_on_setup(server: &Server) -> Client {
    let mut c = Client::new(&server.base);
    let a = c.get(&server.url.replacen(&server.base, "", 1));
    assert_eq!(a.status, 303);
    assert_eq!(a.location.as_deref(), Some("/setup"));
    let page = c.get("/setup");
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(text.contains("新建收表台"), "{text}");
    c.csrf = text
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .map(|r| r[..64].to_string());
    assert!(c.csrf.is_some());
    c
}

fn token(c: &Client) -> Part {
    Part::field("_csrf", c.csrf.as_deref().unwrap())
}

/// The text of a page with its tags taken out, for reading what it says.
fn words(html: &str) -> String {
    let mut out = String::new();
    let mut tag = false;
    for ch in html.chars() {
        match ch {
            '<' => tag = true,
            '>' => tag = false,
            c if !tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn a_desk_is_started_on_the_page_as_init_would() {
    let run = Run::new();
    let server = Server::start_at(run.dir.path(), "desk", &[]);
    // Nobody signed in: the sign-in page, nothing of the set-up.
    let mut nobody = Client::new(&server.base);
    let a = nobody.get("/");
    assert_eq!(a.status, 401);
    assert!(!a.text().contains("新建收表台"));
    assert_eq!(nobody.get("/setup").status, 401);

    let mut office = office_on_setup(&server);
    // Signed in, every other page leads to the set-up page while there is no desk.
    let a = office.get("/");
    assert_eq!((a.status, a.location.as_deref()), (303, Some("/setup")));

    // No CSRF token: refused, nothing made.
    let a = office.post_multipart("/setup", &[Part::field("year", "2022")]);
    assert_eq!(a.status, 403);
    // No definitions.
    let a = office.post_multipart("/setup", &[token(&office), Part::field("year", "2022")]);
    assert_eq!(a.status, 422);
    assert!(
        words(&a.text()).contains("还没有选择项目定义"),
        "{}",
        a.text()
    );
    // Not a definition file: named as sent.
    let doc = run.write("说明.docx", "x");
    let a = office.post_multipart("/setup", &[token(&office), Part::file("definitions", &doc)]);
    assert_eq!(a.status, 422);
    assert!(
        words(&a.text()).contains("“说明.docx”不是项目定义文件"),
        "{}",
        a.text()
    );
    assert!(!run.path("desk").join("desk.json").exists());

    // The 13 definitions of 2022, with errors the office made: listed, and no desk made.
    let mut parts = vec![token(&office)];
    for f in files(Path::new(&examples("2022"))) {
        if f.extension().is_some_and(|e| e == "yaml") {
            parts.push(Part::file("definitions", &f));
        }
    }
    assert_eq!(parts.len(), 14);
    let a = office.post_multipart("/setup", &parts);
    let text = words(&a.text());
    assert_eq!(a.status, 422, "{text}");
    assert!(text.contains("处错误（见下），收表台没有建立"), "{text}");
    // Findings name the files as they were sent, not the temporary copies.
    assert!(text.contains("01-扫黑除恶专项斗争经费.yaml"), "{text}");
    assert!(!text.contains("evalsheet-setup-"), "{text}");
    assert!(text.contains("沿用上次选择的 13 个文件"), "{text}");
    assert!(!run.path("desk").join("desk.json").exists());

    // Again, with the box ticked and the files kept from the last try: the desk is made.
    let a = office.post_multipart(
        "/setup",
        &[
            token(&office),
            Part::field("by", "project"),
            Part::field("allow_errors", "1"),
        ],
    );
    let text = words(&a.text());
    assert_eq!(a.status, 200, "{text}");
    assert!(
        text.contains("收表台已建立：2022 年度，发出 13 张自评表（13 个工作簿）"),
        "{text}"
    );
    assert!(run.path("desk").join("desk.json").is_file());
    assert_eq!(files(&run.path("desk/issued")).len(), 13);
    // The same address now serves the desk, and the office's sign-in goes on.
    let a = office.get("/");
    assert_eq!(a.status, 200);
    let dash = a.text();
    assert!(
        dash.contains("2022 年度") || dash.contains("2022年度"),
        "{dash}"
    );
    assert_eq!(crate::web::row_ids(&dash).len(), 13, "{dash}");
    // A folder holds one desk: no second set-up at the same address.
    let a = office.get("/setup");
    assert_eq!(a.status, 404);
    // The command line sees the same desk, and who made it.
    let status = run.evalsheet(&["status", "desk", "--format", "json"]);
    assert_eq!(status.code, 0, "{}", status.stderr);
    assert!(
        status.stdout.contains("\"year\": 2022,"),
        "{}",
        status.stdout
    );
    assert_eq!(
        status.stdout.matches("\"state\": \"missing\"").count(),
        13,
        "{}",
        status.stdout
    );
    let desk = evalsheet::desk::Desk::open(&run.path("desk")).unwrap();
    let trail = desk.audit_trail().unwrap();
    assert!(
        trail
            .iter()
            .any(|(_, who, what)| who == "网页:科室" && what.contains("13")),
        "{trail:?}"
    );
}

#[test]
fn a_home_serves_its_latest_desk_and_starts_the_next_year_from_a_project_list() {
    let run = Run::new();
    let init = run.evalsheet(&[
        "init",
        "home/2022年收表台",
        "--year",
        "2022",
        &examples("2022"),
        "--allow-errors",
        "-q",
    ]);
    assert_eq!(init.code, 0, "{}", init.stderr);
    // Next year's definitions as a 项目清单, as a clerk keeps them.
    let first = files(Path::new(&examples("2022")))
        .into_iter()
        .find(|f| f.extension().is_some_and(|e| e == "yaml"))
        .unwrap();
    let yaml = std::fs::read_to_string(&first)
        .unwrap()
        .replace("year: 2022", "year: 2023");
    assert!(yaml.contains("year: 2023"));
    let next = run.write("2023.yaml", &yaml);
    let listed = run.evalsheet(&["list", &next.to_string_lossy(), "-o", "项目清单2023.xlsx"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);

    let server = Server::start_at(run.dir.path(), "home", &[]);
    let mut office = Client::office(&server);
    let dash = office.get("/").text();
    assert!(
        dash.contains("href=\"/setup\""),
        "the new-year link: {dash}"
    );
    let page = office.get("/setup");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("年收表台"), "{}", page.text());
    let a = office.post_multipart(
        "/setup",
        &[
            token(&office),
            Part::file("definitions", &run.path("项目清单2023.xlsx")),
            Part::field("allow_errors", "1"),
        ],
    );
    let text = words(&a.text());
    assert_eq!(a.status, 200, "{text}");
    assert!(
        text.contains("收表台已建立：2023 年度，发出 1 张自评表"),
        "{text}"
    );
    assert!(run.path("home/2023年收表台/desk.json").is_file());
    // The address now serves 2023's desk; 2022's is untouched.
    let dash = office.get("/").text();
    assert_eq!(crate::web::row_ids(&dash).len(), 1, "{dash}");
    assert!(run.path("home/2022年收表台/desk.json").is_file());
    // Only the office starts a desk: a unit's link is refused, nobody is asked to sign in,
    // and the office's own try needs its token.
    let link = crate::web::make_link(&mut office, "有组织犯罪侦查支队");
    let mut unit = Client::unit(&server, &link);
    let mut nobody = Client::new(&server.base);
    let next = run.path("项目清单2023.xlsx");
    for (who, c) in [("unit", &mut unit), ("nobody", &mut nobody)] {
        let want = if who == "unit" { 403 } else { 401 };
        assert_eq!(c.get("/setup").status, want, "{who}");
        let t = c.csrf.clone().unwrap_or_default();
        let a = c.post_multipart(
            "/setup",
            &[Part::field("_csrf", &t), Part::file("definitions", &next)],
        );
        assert_eq!(a.status, want, "{who}");
    }
    let a = office.post_multipart("/setup", &[Part::file("definitions", &next)]);
    assert_eq!(a.status, 403, "no token");
    assert_eq!(std::fs::read_dir(run.path("home")).unwrap().count(), 2);
}

#[test]
fn the_pages_speak_english_on_request() {
    let run = Run::new();
    let server = Server::start_at(run.dir.path(), "desk", &["--lang", "en"]);
    let mut c = Client::new(&server.base);
    let a = c.get(&server.url.replacen(&server.base, "", 1));
    assert_eq!(a.location.as_deref(), Some("/setup"));
    let page = c.get("/setup").text();
    assert!(page.contains("<html lang=\"en\">"), "{page}");
    let text = words(&page);
    for said in [
        "Start a desk",
        "Definitions",
        "One workbook per project",
        "Audit rules (optional)",
    ] {
        assert!(text.contains(said), "{said}: {text}");
    }
    assert!(
        !text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "no Chinese on the English page: {text}"
    );
    // Started from the page, the desk speaks English too (the forms' own names stay Chinese).
    c.csrf = page
        .split("name=\"_csrf\" value=\"")
        .nth(1)
        .map(|r| r[..64].to_string());
    let a = c.post_multipart(
        "/setup",
        &[
            token(&c),
            Part::field("folder", &examples("2022")),
            Part::field("allow_errors", "1"),
        ],
    );
    let text = words(&a.text());
    assert_eq!(a.status, 200, "{text}");
    assert!(
        text.contains("The desk is started: 2022, 13 forms issued (13 workbooks)"),
        "{text}"
    );
    let dash = c.get("/").text();
    let text = words(&dash);
    for said in [
        "Overview",
        "Downloads",
        "Unit links",
        "Department",
        "not returned",
    ] {
        assert!(text.contains(said), "{said}: {text}");
    }
}
