//! `evalsheet list`: definitions into one 项目清单 workbook a clerk edits in Excel (or, back,
//! a 项目清单 into YAML).

use std::path::{Path, PathBuf};

use evalsheet::emit::{self, Style};
use evalsheet::{Definition, Error};

use super::{OK, Outcome, TROUBLE, exit, report};

#[derive(clap::Args)]
#[command(
    about = "Write definitions into a 项目清单 workbook to edit in Excel",
    long_about = "Write project definitions into one 项目清单 workbook made for editing in \
Excel or WPS: a sheet 项目 (one row per project), a sheet 绩效指标 (one row per indicator, \
with its project's 项目编号) and a sheet 说明 on how to fill it in. Headers are frozen and \
protected; rows can be edited, inserted and deleted; 表样 and 一级/二级指标 have drop-down \
lists, amounts are checked as numbers.\n\n\
Wherever evalsheet takes definitions (generate, check, diff, rollover), a 项目清单 is taken \
too. With -o ending in .yaml or .yml, the definitions are written as one YAML list instead \
(a 项目清单 turned back into YAML). The output is never overwritten unless --force is given, \
and is written atomically.",
    after_help = "Examples:\n  evalsheet list examples/2022 -o 项目清单.xlsx\n  \
evalsheet generate 项目清单.xlsx -o 表格\n  evalsheet list 项目清单.xlsx -o 项目.yaml"
)]
pub struct Args {
    /// Definition files or folders, or 项目清单 workbooks.
    #[arg(required = true, value_name = "DEFS")]
    defs: Vec<PathBuf>,
    /// The 项目清单 to write (.xlsx), or a YAML file (.yaml, .yml).
    #[arg(short, long, value_name = "FILE")]
    out: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    force: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// The bytes of the output file for these definitions: a 项目清单, or a YAML list.
pub fn bytes_for(path: &Path, defs: &[Definition]) -> evalsheet::Result<Vec<u8>> {
    match evalsheet::input::ext_lower(path).as_deref() {
        Some("yaml" | "yml") => Ok(emit::to_yaml_list(defs, Style::default()).into_bytes()),
        Some("xlsx") => evalsheet::list::workbook_bytes(path, defs),
        _ => Err(Error::Write {
            path: path.to_path_buf(),
            source: std::io::Error::other(evalsheet::t!("list-out-extension")),
        }),
    }
}

/// Write `defs` to `path` (a 项目清单 or YAML); the exit status.
pub fn write(path: &Path, defs: &[Definition], force: bool, quiet: bool) -> Outcome {
    let bytes = bytes_for(path, defs)?;
    match evalsheet::output::write_atomic(path, &bytes, force) {
        Ok(()) => {
            if !quiet {
                report(&evalsheet::t!(
                    "list-wrote",
                    count = defs.len(),
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

pub fn run(a: Args) -> Outcome {
    let loaded = match super::load_definitions(&a.defs)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let defs: Vec<Definition> = loaded.into_iter().map(|l| l.def).collect();
    write(&a.out, &defs, a.force, a.quiet)
}
