//! What an office's rules cost: `check` of N synthetic forms (made from the 2021 examples)
//! with the built-in rules alone, and with 50 office rules (`--rules`) on top — form rules,
//! rules over each indicator and over each funding line, with derived values (数字, 数额,
//! 长度, counts). Prints the wall time of each on one core and on all cores, and what the
//! rules add.
//!
//! ```sh
//! cargo bench --bench rules              # N = 10000
//! cargo bench --bench rules -- 1000      # other sizes
//! ```

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::Instant;

use evalsheet::check;
use evalsheet::load;
use evalsheet::model::{Definition, Provenance};
use evalsheet::rules::RuleSet;

/// 50 rules: the kinds of examples/审核规则示例.yaml, thresholds varied.
fn rules_yaml() -> String {
    let mut s = String::from("rules:\n");
    for i in 0..10 {
        let t = 80 + i;
        s.push_str(&format!(
            "  - id: low-rate-{i}\n    severity: explain\n    when: 执行率 < 0.{t}\n    field: 执行率\n    message: 执行率 {{执行率}} 低于 {t}%\n    explain: {{field: 说明, min_chars: 10}}\n"
        ));
        s.push_str(&format!(
            "  - id: cost-{i}\n    severity: error\n    scope: indicator\n    level2: 成本指标\n    when: 已填(数额(年度指标值)) && 数额(年度指标值) > funds.total.budget * (1 + {i} / 100)\n    message: 成本指标“{{三级指标}}”写的 {{数额(年度指标值)}} 万元超过预算\n"
        ));
        s.push_str(&format!(
            "  - id: below-{i}\n    severity: explain\n    scope: indicator\n    when: 已填(数字(全年完成值)) && 已填(数字(年度指标值)) && 数字(全年完成值) < 数字(年度指标值) * 0.{t}\n    message: “{{三级指标}}”完成 {{全年完成值}}\n    explain: {{field: 未完成原因和改进措施, min_chars: 15}}\n"
        ));
        s.push_str(&format!(
            "  - id: line-{i}\n    severity: hint\n    scope: funds\n    when: 全年执行数 > 全年预算数 * (1 - {i} / 100)\n    message: \"{{资金名称}}结余 {{全年预算数 - 全年执行数}} 万元\"\n"
        ));
        s.push_str(&format!(
            "  - id: form-{i}\n    severity: error\n    require: 满意度指标数 >= 1 && 长度(说明) >= {i} && 产出指标数 > {i} - 10\n    message: 不符合第 {i} 条\n"
        ));
    }
    s
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(10_000);
    let examples = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/2021");
    let (loaded, errors) = load::load_all(&[examples]).expect("examples");
    assert!(errors.is_empty(), "{errors:?}");
    let base: Vec<Definition> = loaded.into_iter().map(|l| l.def).collect();
    let forms: Vec<Definition> = (0..n)
        .map(|i| {
            let mut d = base[i % base.len()].clone();
            d.project = format!("{} {i}", d.project);
            d
        })
        .collect();
    let started = Instant::now();
    let rules = RuleSet::parse(Path::new("bench.yaml"), &rules_yaml()).expect("rules");
    let load_ms = started.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(rules.rules.len(), 50);
    let from = Provenance::file("bench.yaml", None);

    println!(
        "{n} forms, {} rules (loaded and checked in {load_ms:.1} ms)",
        rules.rules.len()
    );
    println!(
        "{:<32} {:>8} {:>8} {:>10}",
        "job", "wall s", "CPU s", "findings"
    );
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let mut times = Vec::new();
    for (cores, pool) in [("1 core", Some(&one)), ("all cores", None)] {
        for (job, set) in [("built-in", None), ("built-in + 50 rules", Some(&rules))] {
            let run = || -> usize {
                forms
                    .par_iter()
                    .map(|d| check::check_with(d, &from, set).len())
                    .sum()
            };
            let (t, cpu) = (Instant::now(), cpu_seconds());
            let found = match pool {
                Some(p) => p.install(run),
                None => run(),
            };
            let secs = t.elapsed().as_secs_f64();
            let cpu = cpu_seconds() - cpu;
            println!(
                "{:<32} {secs:>8.3} {cpu:>8.2} {found:>10}",
                format!("{job}, {cores}")
            );
            times.push((secs, cpu));
        }
    }
    let added = times[1].1 - times[0].1;
    println!(
        "the 50 rules add {:.3} s wall on one core ({added:.2} s CPU, {:.1} µs a form), {:.3} s wall on all cores",
        times[1].0 - times[0].0,
        added / n as f64 * 1e6,
        times[3].0 - times[2].0,
    );
}

/// User + system CPU seconds of this process (all threads), from /proc/self/stat: on a busy
/// machine the wall time measures the neighbours too.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(") ").map_or("", |x| x.1);
    let f: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the command name.
    (ticks(11) + ticks(12)) / 100.0
}
