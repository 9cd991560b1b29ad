//! `evalsheet new`: a blank definition to start from, every key labelled in Chinese.

use std::path::PathBuf;

use evalsheet::check::VOCABULARY;
use evalsheet::emit::{self, Style};
use evalsheet::model::{DEFAULT_FORM, Indicator};
use evalsheet::{Definition, Error};

use super::{OK, Outcome, TROUBLE, exit, print, report};

#[derive(clap::Args)]
#[command(
    about = "Write a blank definition with every key and its Chinese label",
    long_about = "Write a blank project definition to start from: every key of the format, \
each with its label on the form (项目资金名称, 全年预算数（A）, 一级指标, …) as a comment, and \
one indicator row for each 二级指标 of the standard vocabulary (delete the ones the project \
does not need). Fill it in, then `evalsheet generate` draws the form.\n\n\
Without -o the definition is printed; with -o it is written to FILE (never over an existing \
file unless --force is given).",
    after_help = "Examples:\n  evalsheet new > 项目.yaml\n  \
evalsheet new --year 2022 --project 禁毒专项经费 -o 禁毒专项经费.yaml\n  \
evalsheet new --form mof > 国家表样.yaml"
)]
pub struct Args {
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// The year (年度); this year when not given.
    #[arg(long, value_parser = clap::value_parser!(i32).range(1949..=2100))]
    year: Option<i32>,
    /// The project name (项目资金名称), left blank when not given.
    #[arg(long, value_name = "NAME", default_value = "")]
    project: String,
    /// The layout variant: city (the default) or mof (the national form, with scoring).
    #[arg(long, value_name = "FORM", default_value = DEFAULT_FORM)]
    form: String,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

const HEADER: &str = "\
# 项目支出绩效自评表 — 项目定义（由 evalsheet new 生成）
# 每个键后面的注释是它在表上的栏目名称。标有“单位填写”的栏目由实施单位填写，下达时留空。
# 金额以万元为单位，可带小数（如 273.89）；不填的金额留空，不要写 0。
# 绩效指标按标准指标体系各列一行，不需要的行请删除，需要的行可以复制。
";

/// The blank definition `new` writes.
pub fn blank(year: i32, project: &str, form: &str) -> Definition {
    let indicators = VOCABULARY
        .iter()
        .flat_map(|(l1, l2s)| {
            l2s.iter().map(move |l2| Indicator {
                level1: (*l1).to_string(),
                level2: (*l2).to_string(),
                ..Default::default()
            })
        })
        .collect();
    Definition {
        year,
        form: form.to_string(),
        project: project.to_string(),
        indicators,
        ..Default::default()
    }
}

/// This year, from the system clock (UTC).
fn this_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Civil year from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    i32::try_from(year).unwrap_or(2021)
}

pub fn run(a: Args) -> Outcome {
    evalsheet::template::get(&a.form)?;
    let def = blank(a.year.unwrap_or_else(this_year), a.project.trim(), &a.form);
    let text = format!("{HEADER}{}", emit::to_yaml(&def, Style { labels: true }));
    let Some(path) = &a.out else {
        print(&text)?;
        return Ok(exit(OK));
    };
    match evalsheet::output::write_atomic(path, text.as_bytes(), a.force) {
        Ok(()) => {
            if !a.quiet {
                report(&evalsheet::t!(
                    "new-done",
                    file = path.display().to_string()
                ));
            }
            Ok(exit(OK))
        }
        Err(e @ Error::Exists { .. }) => {
            report(&e);
            report(&evalsheet::t!("new-nothing-written"));
            Ok(exit(TROUBLE))
        }
        Err(e) => Err(e),
    }
}
