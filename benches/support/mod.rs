//! What the desk and web benchmarks share: a desk of N issued forms made from the 2022
//! examples (example `i % 13` as project `i` of unit `i % 1000`), and what a unit fills in.
//! Each benchmark is its own program and uses part of this.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use evalsheet::desk::{Actor, Desk, InitOptions};
use evalsheet::load;
use evalsheet::model::{Definition, FUND_LINES};

/// The units the forms are spread over.
pub const UNITS: usize = 1000;

/// The size asked for on the command line (`cargo bench --bench desk -- 2000`), else 10,000.
pub fn size() -> usize {
    std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000)
}

/// A desk of `n` issued forms in `root`: the desk, its definitions, and the seconds it took.
pub fn issued_desk(root: &Path, n: usize) -> (Desk, Vec<(PathBuf, Definition)>, f64) {
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/2022");
    let (loaded, errors) = load::load_all(&[examples]).expect("examples");
    assert!(errors.is_empty(), "{errors:?}");
    let base: Vec<Definition> = loaded.into_iter().map(|l| l.def).collect();
    let defs: Vec<(PathBuf, Definition)> = (0..n)
        .map(|i| (PathBuf::from(format!("{i}.yaml")), synthetic(&base, i)))
        .collect();
    let t = Instant::now();
    let opts = InitOptions {
        allow_errors: true,
        ..Default::default()
    };
    let (desk, _) =
        Desk::init(root, 2022, defs.clone(), &opts, &Actor("bench".into())).expect("init");
    (desk, defs, t.elapsed().as_secs_f64())
}

/// Example `i % 13` as project `i` of unit `i % 1000`.
pub fn synthetic(base: &[Definition], i: usize) -> Definition {
    let mut d = base[i % base.len()].issued();
    d.project = format!("{}{i:06}", d.project);
    d.unit = format!("单位{:04}", i % UNITS);
    d
}

/// What a unit fills in; with `leave_note`, 说明 is left blank, so that the unit has
/// something to fix.
pub fn filled(d: &Definition, leave_note: bool) -> Definition {
    let mut d = d.clone();
    d.contact = "张三 0734-8888888".into();
    for key in FUND_LINES {
        if let Some(line) = d.funds.line_mut(key) {
            line.executed = line.budget;
        }
    }
    d.goal.actual = "全年目标已完成。".into();
    for ind in &mut d.indicators {
        ind.actual = "已完成".into();
    }
    d.note = if leave_note {
        String::new()
    } else {
        "无".into()
    };
    d
}

/// The number a synthetic project ends with.
pub fn project_number(d: &Definition) -> usize {
    let digits: String = d.project.chars().rev().take(6).collect();
    digits
        .chars()
        .rev()
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

/// This process's resident high-water mark in MB (VmHWM, Linux).
pub fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: u64 = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()?;
    Some(kb as f64 / 1024.0)
}
