//! The desk at the scale of a large year: N issued forms (1,000 units), N + N/10 files
//! received (every form once, one in ten twice), then the commands a clerk runs on it.
//!
//! ```sh
//! cargo bench --bench desk             # N = 10000
//! cargo bench --bench desk -- 2000     # another size
//! ```
//!
//! The desk is built for real through the library: `init` issues the N forms, and every
//! return is a real workbook received with `Desk::receive` (read, hashed, copied in,
//! matched, checked and recorded one transaction each), on all cores. Then the command line
//! (the release binary, one process each, as a clerk runs it) is timed: `status --format
//! json`, `receive` of one more file, `collect`, and `feedback` for every unit. Peak memory
//! of a command is its resident high-water mark (VmHWM, Linux).

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use evalsheet::desk::{Actor, Desk};
use evalsheet::generate::{self, Options};

mod support;

fn main() {
    let n = support::size();
    let exe = PathBuf::from(env!("CARGO_BIN_EXE_evalsheet"));
    println!("machine: {} cores", rayon::current_num_threads());
    println!(
        "{:>7}  {:<22} {:>8} {:>9}  note",
        "forms", "job", "wall s", "peak MB"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("desk");
    let who = Actor("bench".into());
    let (desk, defs, secs) = support::issued_desk(&root, n);
    drop(desk);
    row(n, "init (issue N forms)", secs, None, "");

    // The returns: every form once, one in ten a second time (corrected).
    let returns = dir.path().join("returns");
    std::fs::create_dir_all(&returns).unwrap();
    let extra = n / 10;
    let t = Instant::now();
    let files: Vec<PathBuf> = (0..n + extra)
        .into_par_iter()
        .map(|k| {
            let i = if k < n { k } else { (k - n) * 10 };
            let d = &defs[i].1;
            let mut d = support::filled(d, k < n && support::project_number(d).is_multiple_of(3));
            if k >= n {
                d.note = "已按要求改正。".into();
            }
            let path = returns.join(format!("{k:06}.xlsx"));
            let bytes =
                generate::workbook_bytes(&path, &[(&d, "表")], &Options::default()).unwrap();
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect();
    row(
        n + extra,
        "make returns",
        t.elapsed().as_secs_f64(),
        None,
        "",
    );

    let t = Instant::now();
    let (firsts, seconds) = files.split_at(n);
    for batch in [firsts, seconds] {
        batch.par_iter().for_each_init(
            || Desk::open(&root).expect("open"),
            |desk, f| {
                let name = f.file_name().unwrap().to_string_lossy().into_owned();
                let r = desk.receive(f, &name, &who).expect("receive");
                assert!(!r.already_had && r.unmatched.is_none(), "{}", r.line);
            },
        );
    }
    let wall = t.elapsed().as_secs_f64();
    row(
        n + extra,
        "receive (library)",
        wall,
        None,
        &format!("{:.1} files/s", (n + extra) as f64 / wall),
    );

    let (wall, mb, out) = cli(
        &exe,
        &["status", &root.display().to_string(), "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out).expect("status JSON");
    assert_eq!(v["forms"].as_array().unwrap().len(), n);
    row(
        n,
        "status --format json",
        wall,
        Some(mb),
        "limit 2 s, 200 MB",
    );
    let (wall, mb, _) = cli(&exe, &["status", &root.display().to_string()]);
    row(n, "status (text)", wall, Some(mb), "");

    let one = dir.path().join("one more.xlsx");
    let mut d = support::filled(&defs[1].1, false);
    d.note = "再次改正。".into();
    std::fs::write(
        &one,
        generate::workbook_bytes(&one, &[(&d, "表")], &Options::default()).unwrap(),
    )
    .unwrap();
    let (wall, mb, _) = cli(
        &exe,
        &[
            "receive",
            &root.display().to_string(),
            &one.display().to_string(),
        ],
    );
    row(n, "receive one more (CLI)", wall, Some(mb), "limit 0.3 s");

    let out = dir.path().join("汇总表.xlsx");
    let (wall, mb, _) = cli(
        &exe,
        &[
            "collect",
            &root.display().to_string(),
            "-o",
            &out.display().to_string(),
        ],
    );
    row(n, "collect DESK", wall, Some(mb), "");

    let fb = dir.path().join("feedback");
    let (wall, mb, _) = cli(
        &exe,
        &[
            "feedback",
            &root.display().to_string(),
            "-o",
            &fb.display().to_string(),
            "-q",
        ],
    );
    let written = std::fs::read_dir(&fb).map_or(0, Iterator::count);
    row(
        n,
        "feedback",
        wall,
        Some(mb),
        &format!("{written} units; limit 10 s for 1,000"),
    );
}

fn row(n: usize, job: &str, wall: f64, mb: Option<f64>, note: &str) {
    let mb = mb.map_or_else(|| "-".to_string(), |m| format!("{m:.1}"));
    println!("{n:>7}  {job:<22} {wall:>8.2} {mb:>9}  {note}");
}

/// Run the command line; wall seconds, peak resident MB of the process (its VmHWM, read
/// every few milliseconds until it ends: getrusage would count the bench's own memory, which
/// the child holds between fork and exec), its standard output.
fn cli(exe: &Path, args: &[&str]) -> (f64, f64, Vec<u8>) {
    let out_path = std::env::temp_dir().join(format!("evalsheet-bench-{}.out", std::process::id()));
    let out_file = std::fs::File::create(&out_path).expect("output file");
    let t = Instant::now();
    let mut child = Command::new(exe)
        .args(args)
        .stdout(out_file)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run evalsheet");
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(text) = std::fs::read_to_string(&status_file)
            && let Some(kb) = text
                .lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
        {
            peak_kb = peak_kb.max(kb);
        }
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    };
    let wall = t.elapsed().as_secs_f64();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "{args:?} failed: {status}"
    );
    let stdout = std::fs::read(&out_path).unwrap_or_default();
    let _ = std::fs::remove_file(&out_path);
    (wall, peak_kb as f64 / 1024.0, stdout)
}
