//! Throughput benchmark: generate, import and check N synthetic forms made from the bundled
//! 2021 examples, on all cores, and print forms/second, CPU time per form and peak memory for
//! each job.
//!
//! ```sh
//! cargo bench --bench forms              # N = 1000 and 10000
//! cargo bench --bench forms -- 500 2000  # other sizes
//! ```
//!
//! `draw` is the drawing alone, in memory; `draw-ref` the same workbooks drawn through
//! rust_xlsxwriter, the reference the package writer is tested against; `generate` draws and
//! writes the files. `import+feedback` reads each generated form back, checks it and writes a
//! feedback workbook for it (as for one unit per form), marking the unit's findings.
//!
//! Forms are made on the fly (example `i % 13` with a numbered project name), so nothing but
//! the job itself grows with N. Peak memory is the process's resident high-water mark, reset
//! before each job through /proc/self/clear_refs (Linux).

use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

use evalsheet::check;
use evalsheet::feedback::{self, FeedbackForm};
use evalsheet::generate::{self, Options};
use evalsheet::load;
use evalsheet::model::Definition;
use evalsheet::model::{Party, party_of};

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if args.is_empty() {
        vec![1000, 10_000]
    } else {
        args
    };
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/2021");
    let (loaded, errors) = load::load_all(&[examples]).expect("examples");
    assert!(errors.is_empty(), "{errors:?}");
    let base: Vec<Definition> = loaded.into_iter().map(|l| l.def).collect();
    println!(
        "machine: {} cores ({}), {}",
        rayon::current_num_threads(),
        cpu_model(),
        mem_total()
    );
    println!(
        "{:>7}  {:<12} {:>8} {:>10} {:>12} {:>9}",
        "forms", "job", "wall s", "forms/s", "CPU ms/form", "peak MB"
    );
    for n in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("forms");
        std::fs::create_dir_all(&out).expect("out dir");

        // Drawing alone, in memory: layout, XML and compression without the file system;
        // then the same workbooks through rust_xlsxwriter (the reference the package writer
        // is tested against), for comparison.
        let drawers: [(&str, Draw); 2] = [
            ("draw", generate::workbook_bytes),
            ("draw-ref", generate::reference_workbook_bytes),
        ];
        for (job, draw) in drawers {
            let m = measure(|| {
                let bytes: usize = (0..n)
                    .into_par_iter()
                    .map(|i| {
                        let d = synthetic(&base, i);
                        let path = out.join(format!("{i:06}.xlsx"));
                        draw(&path, &[(&d, "表")], &Options::default())
                            .unwrap()
                            .len()
                    })
                    .sum();
                assert!(bytes > n * 1000);
            });
            m.print(n, job);
        }

        let m = measure(|| {
            (0..n).into_par_iter().for_each(|i| {
                let d = synthetic(&base, i);
                let path = out.join(format!("{i:06}.xlsx"));
                let bytes =
                    generate::workbook_bytes(&path, &[(&d, "表")], &Options::default()).unwrap();
                evalsheet::output::write_atomic(&path, &bytes, false).unwrap();
            });
        });
        m.print(n, "generate");

        let files = evalsheet::input::expand(
            std::slice::from_ref(&out),
            evalsheet::input::Kind::Workbooks,
        )
        .unwrap()
        .files;
        assert_eq!(files.len(), n);
        let m = measure(|| {
            let forms: usize = files
                .par_iter()
                .map(|f| evalsheet::isolate::import_path(f).unwrap().len())
                .sum();
            assert_eq!(forms, n);
        });
        m.print(n, "import");

        let m = measure(|| {
            let findings: usize = files
                .par_iter()
                .map(|f| {
                    evalsheet::isolate::import_path(f)
                        .unwrap()
                        .iter()
                        .map(|imp| check::check(&imp.def, &imp.from).len())
                        .sum::<usize>()
                })
                .sum();
            assert!(findings > 0);
        });
        m.print(n, "import+check");

        // Feedback: one workbook per form (as for n units with one form each to fix), the
        // unit's findings of `check` marked on it, written to disk.
        let fb = dir.path().join("feedback");
        std::fs::create_dir_all(&fb).expect("feedback dir");
        let m = measure(|| {
            files.par_iter().enumerate().for_each(|(i, f)| {
                let imp = evalsheet::isolate::import_path(f).unwrap().remove(0);
                let findings = check::check(&imp.def, &imp.from)
                    .into_iter()
                    .filter(|x| party_of(&x.field) == Party::Unit)
                    .collect();
                let form = FeedbackForm {
                    issued: imp.def.issued(),
                    returned: imp.def,
                    findings,
                    comment: Some("请按批注修改后交回。".into()),
                };
                let path = fb.join(format!("{i:06}.xlsx"));
                feedback::write_unit_feedback(&path, "单位", &[form], false).unwrap();
            });
        });
        m.print(n, "import+feedback");
    }
}

/// A function that draws a workbook in memory.
type Draw = fn(&std::path::Path, &[(&Definition, &str)], &Options) -> evalsheet::Result<Vec<u8>>;

/// Example `i % 13`, renamed so that every form is different.
fn synthetic(base: &[Definition], i: usize) -> Definition {
    let mut d = base[i % base.len()].clone();
    d.project = format!("{}{i:06}", d.project);
    d
}

struct Measure {
    wall: f64,
    cpu: f64,
    peak_mb: f64,
}

impl Measure {
    fn print(&self, n: usize, job: &str) {
        println!(
            "{n:>7}  {job:<12} {:>8.2} {:>10.0} {:>12.3} {:>9.1}",
            self.wall,
            n as f64 / self.wall,
            self.cpu * 1000.0 / n as f64,
            self.peak_mb
        );
    }
}

fn measure(job: impl FnOnce()) -> Measure {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let cpu0 = cpu_seconds();
    let t0 = Instant::now();
    job();
    Measure {
        wall: t0.elapsed().as_secs_f64(),
        cpu: cpu_seconds() - cpu0,
        peak_mb: peak_rss_kb() as f64 / 1024.0,
    }
}

/// User + system CPU seconds of this process (all threads), from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(") ").map_or("", |x| x.1);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name.
    (ticks(11) + ticks(12)) / clock_ticks()
}

fn clock_ticks() -> f64 {
    100.0
}

fn peak_rss_kb() -> u64 {
    status_kb("VmHWM:")
}

fn status_kb(key: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map_or_else(|| "unknown CPU".into(), |x| x.1.trim().to_string())
}

fn mem_total() -> String {
    let kb = std::fs::read_to_string("/proc/meminfo")
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0);
    format!("{} GiB RAM", kb / (1024 * 1024))
}
