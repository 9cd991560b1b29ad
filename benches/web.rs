//! The web desk at the scale of a large year: a desk of N issued forms (1,000 units, a tenth
//! of them returned), served in-process on loopback, asked as a browser asks.
//!
//! ```sh
//! cargo bench --bench web             # N = 10000
//! cargo bench --bench web -- 2000     # another size
//! ```
//!
//! Timed from the client on loopback (so the server's time plus a loopback round trip):
//! the dashboard's HTML (the whole page) the first time after a change (the ledger's status
//! read again) and again (from the status kept in memory); filtering and sorting as htmx
//! asks (the table only); and 100 returned workbooks dropped on the page, sent as the page's
//! script sends them (one file a request, four at a time), until the last is answered. The
//! workbooks are read in reader workers, as `evalsheet serve` reads them.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use evalsheet::desk::Actor;
use evalsheet::generate::{self, Options};
use evalsheet::web::server::{self, App, Config};

mod support;

const DROPPED: usize = 100;

fn main() {
    let n = support::size();
    evalsheet::isolate::enable(PathBuf::from(env!("CARGO_BIN_EXE_evalsheet")));
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("desk");
    let who = Actor("bench".into());
    let (desk, defs, secs) = support::issued_desk(&root, n);
    println!("desk of {n} issued forms made in {secs:.1} s");

    // A tenth returned before the clerk opens the page; 100 more to drop on it.
    let returns = dir.path().join("returns");
    std::fs::create_dir_all(&returns).unwrap();
    let write = |i: usize| -> PathBuf {
        let d = support::filled(&defs[i].1, false);
        let path = returns.join(format!("{i}.xlsx"));
        let bytes = generate::workbook_bytes(&path, &[(&d, "表")], &Options::default()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let t = Instant::now();
    for i in (0..n).step_by(10).skip(DROPPED) {
        let p = write(i);
        desk.receive(&p, &format!("{i}.xlsx"), &who)
            .expect("receive");
    }
    println!(
        "{} returns received in {:.1} s",
        n / 10 - DROPPED.min(n / 10),
        t.elapsed().as_secs_f64()
    );
    let dropped: Vec<PathBuf> = (0..n).step_by(10).take(DROPPED).map(write).collect();

    // Serve it.
    let config = Config {
        listen: "127.0.0.1:0".parse().unwrap(),
        secure: false,
    };
    let key = evalsheet::web::auth::token().unwrap();
    let app = Arc::new(App::new(desk, key.clone(), &config));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = server::run(app, &config, move |addr| {
            let _ = tx.send(addr);
        });
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("server up");
    let base_url = format!("http://{addr}");
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .max_redirects(0)
        .http_status_as_error(false)
        .build()
        .into();
    let signed = agent
        .get(&format!("{base_url}/login?key={key}"))
        .call()
        .unwrap();
    let cookie = signed
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string();
    let get = |path: &str, partial: bool| -> (f64, String) {
        let t = Instant::now();
        let mut req = agent
            .get(&format!("{base_url}{path}"))
            .header("Cookie", &cookie);
        if partial {
            req = req
                .header("HX-Request", "true")
                .header("HX-Target", "forms");
        }
        let mut r = req.call().unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
        let body = r
            .body_mut()
            .with_config()
            .limit(200 << 20)
            .read_to_string()
            .unwrap();
        (t.elapsed().as_secs_f64() * 1000.0, body)
    };

    println!("{:<44} {:>9} {:>9}", "request", "ms", "KB");
    let (ms, page) = get("/", false);
    println!(
        "{:<44} {ms:>9.1} {:>9}",
        "dashboard, first (status read)",
        page.len() / 1024
    );
    // The table a page at a time; the pager names the whole year.
    let rows = page.matches("<tr data-id=").count();
    assert_eq!(rows, n.min(evalsheet::web::dashboard::PAGE_ROWS));
    assert!(n <= rows || page.contains(&format!("共 {n} 张）")));
    let mut warm = Vec::new();
    for _ in 0..5 {
        warm.push(get("/", false).0);
    }
    warm.sort_by(f64::total_cmp);
    println!(
        "{:<44} {:>9.1} {:>9}",
        "dashboard, again (median of 5)",
        warm[2],
        page.len() / 1024
    );
    let csrf = page
        .split("name=\"csrf-token\" content=\"")
        .nth(1)
        .map(|r| r[..64].to_string())
        .unwrap();
    for (what, path) in [
        (
            "filter: one unit",
            "/?unit=%E5%8D%95%E4%BD%8D0007".to_string(),
        ),
        ("filter: state received", "/?state=received".to_string()),
        (
            "filter: department, sorted by errors desc",
            format!(
                "/?department={}&sort=errors&dir=desc",
                evalsheet::web::dashboard::pct(&defs[0].1.city_department)
            ),
        ),
        ("sort: by project", "/?sort=project".to_string()),
        (
            "the last page, sorted by project",
            "/?sort=project&page=50".to_string(),
        ),
    ] {
        let mut times: Vec<f64> = (0..5).map(|_| get(&path, true).0).collect();
        times.sort_by(f64::total_cmp);
        let (_, body) = get(&path, true);
        println!(
            "{:<44} {:>9.1} {:>9}",
            format!("{what} (median of 5)"),
            times[2],
            body.len() / 1024
        );
    }

    // 100 files dropped: one request each, four at a time, as app.js sends them.
    let t = Instant::now();
    let queue = Arc::new(std::sync::Mutex::new(dropped));
    let mut workers = Vec::new();
    for _ in 0..4 {
        let queue = Arc::clone(&queue);
        let agent = agent.clone();
        let (base_url, cookie, csrf) = (base_url.clone(), cookie.clone(), csrf.clone());
        workers.push(std::thread::spawn(move || {
            let mut ok = 0;
            loop {
                let next = queue.lock().unwrap().pop();
                let Some(path) = next else { break };
                let bytes = std::fs::read(&path).unwrap();
                let boundary = "----bench-boundary";
                let mut body = format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\r\n",
                    path.file_name().unwrap().to_string_lossy()
                )
                .into_bytes();
                body.extend_from_slice(&bytes);
                body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
                let mut r = agent
                    .post(&format!("{base_url}/upload"))
                    .header("Content-Type", &format!("multipart/form-data; boundary={boundary}"))
                    .header("Accept", "application/json")
                    .header("X-CSRF-Token", &csrf)
                    .header("Cookie", &cookie)
                    .send(&body[..])
                    .unwrap();
                let text = r.body_mut().read_to_string().unwrap();
                if text.contains("\"class\":\"ok\"") {
                    ok += 1;
                }
            }
            ok
        }));
    }
    let ok: usize = workers.into_iter().map(|w| w.join().unwrap()).sum();
    let dropped_s = t.elapsed().as_secs_f64();
    println!(
        "{:<44} {:>9.1}",
        format!("{DROPPED} files dropped, all answered ({ok} ok)"),
        dropped_s * 1000.0
    );
    let (ms, _) = get("/", false);
    println!("{:<44} {ms:>9.1}", "dashboard after the drop (status read)");
    // The server runs in this process (with the client and the desk's set-up): its resident
    // high-water mark bounds the web desk's.
    if let Some(mb) = support::peak_mb() {
        println!(
            "{:<44} {mb:>9.1}",
            "peak memory, MB (server, client and set-up)"
        );
    }
}
