//! `evalsheet feedback`: one workbook per unit with what it has to fix.

use std::path::PathBuf;

use evalsheet::desk::Desk;
use evalsheet::t;

use super::{OK, Outcome, exit, say};

#[derive(clap::Args)]
#[command(
    about = "Write each unit's feedback workbook: its forms with every finding marked",
    long_about = "For each unit with something to fix in the desk DESK (a form returned for \
fixes, or received with findings in cells the unit fills), write one workbook into OUTDIR that \
it can correct and send back: a first sheet 审核结果 listing the findings and the office's \
review comment, then its forms in the official layout with the values it returned, each cell \
with a finding filled light red and carrying a note. Only the unit's findings are shown. The \
workbook is stamped, so that evalsheet receive knows the corrected return for the form issued.",
    after_help = "Examples:\n  evalsheet feedback 收表台2022 -o 反馈\n  \
evalsheet feedback 收表台2022 -o 反馈 --unit 禁毒支队"
)]
pub struct Args {
    /// The desk's folder.
    #[arg(value_name = "DESK")]
    desk: PathBuf,
    /// The folder to write the workbooks into (made if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    out: PathBuf,
    /// Only this 实施单位.
    #[arg(long, value_name = "UNIT")]
    unit: Option<String>,
    /// Replace workbooks that exist.
    #[arg(long)]
    force: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(a: Args) -> Outcome {
    let desk = Desk::open(&a.desk)?;
    let written = desk.feedback(&a.out, a.unit.as_deref(), a.force)?;
    if !a.quiet {
        if written.is_empty() {
            say(&t!("desk-feedback-nothing"));
        } else {
            for p in &written {
                say(&p.display());
            }
            say(&t!(
                "desk-feedback-done",
                units = written.len() as i64,
                dir = a.out.display().to_string()
            ));
        }
    }
    Ok(exit(OK))
}
