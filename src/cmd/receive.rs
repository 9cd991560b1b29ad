//! `evalsheet receive`: record returned files in a desk, one line of answer per file.

use std::path::PathBuf;

use evalsheet::desk::{Actor, Desk};
use evalsheet::t;

use super::{FINDINGS, OK, Outcome, TROUBLE, exit, print, report, say};

#[derive(clap::Args)]
#[command(
    about = "Record returned files in a desk",
    long_about = "Record returned files in the desk DESK. Each file is copied into DESK/received \
unaltered (by its content hash, with the name it came under and the time), read, and each form \
it holds matched to the form issued: by the stamp of the issued workbook, or by project and unit \
for forms without one. The same file received twice changes nothing. A form of another year, one \
never issued, a file that cannot be read or that holds no form are kept and listed apart (see \
evalsheet status), never counted. One line of answer per file.\n\n\
Exit status: 0 every file counted; 1 some file is listed apart, on an older issue, or changes a \
field the office filled; 2 a file could not be received.",
    after_help = "Examples:\n  evalsheet receive 收表台2022 邮件附件/*.xlsx\n  \
evalsheet receive 收表台2022 U盘/禁毒支队/"
)]
pub struct Args {
    /// The desk's folder.
    #[arg(value_name = "DESK")]
    desk: PathBuf,
    /// The files received (folders are searched for workbooks).
    #[arg(value_name = "FILES", required = true)]
    files: Vec<PathBuf>,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

pub fn run(a: Args) -> Outcome {
    let desk = Desk::open(&a.desk)?;
    let who = Actor::command_line();
    // Files named are received whatever they are; folders give their workbooks.
    let mut files = Vec::new();
    for f in &a.files {
        if f.is_dir() {
            let found = evalsheet::input::expand(
                std::slice::from_ref(f),
                evalsheet::input::Kind::Workbooks,
            )?;
            super::report_skipped(&found, a.quiet);
            files.extend(found.files);
            files.extend(found.passed_over);
        } else {
            files.push(f.clone());
        }
    }
    let (mut new, mut same, mut apart, mut failed, mut flagged) = (0, 0, 0, 0, false);
    for f in &files {
        let name = f.file_name().map_or_else(
            || f.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        match desk.receive(f, &name, &who) {
            Ok(r) => {
                if r.already_had {
                    same += 1;
                } else if r.unmatched.is_some() {
                    apart += 1;
                } else {
                    new += 1;
                }
                flagged |= r.unmatched.is_some() || r.flagged;
                print(&format!("{}\n", r.line))?;
            }
            Err(e) => {
                failed += 1;
                report(&t!(
                    "desk-receive-failed",
                    file = f.display().to_string(),
                    reason = e.to_string()
                ));
            }
        }
    }
    if !a.quiet {
        say(&t!(
            "desk-receive-done",
            files = files.len() as i64,
            new = new as i64,
            same = same as i64,
            apart = apart as i64
        ));
    }
    Ok(exit(if failed > 0 {
        TROUBLE
    } else if flagged {
        FINDINGS
    } else {
        OK
    }))
}
