//! `evalsheet init`: start a year's desk — check the definitions, record them, issue the forms.

use std::path::PathBuf;

use evalsheet::desk::{Actor, Desk, InitOptions};
use evalsheet::generate::GroupBy;
use evalsheet::t;

use super::{OK, Outcome, exit, report, say};

#[derive(clap::Args)]
#[command(
    about = "Start a year's desk: check the definitions and issue the blank forms into it",
    long_about = "Start the desk of one year in the folder DESK: the definitions are checked \
(the office's findings are shown; errors stop it unless --allow-errors), recorded, and the blank \
forms issued into DESK/issued (per project or per unit, as generate does). Returns are then \
recorded with evalsheet receive.\n\nWith --rebuild, the ledger of an existing desk is built \
again from DESK/definitions and DESK/received (the damaged one is kept beside it).",
    after_help = "Examples:\n  evalsheet init 收表台2022 --year 2022 examples/2022\n  \
evalsheet init 收表台2022 新增项目.yaml --add\n  evalsheet init 收表台2022 --rebuild"
)]
pub struct Args {
    /// The desk's folder (new, or empty).
    #[arg(value_name = "DESK")]
    desk: PathBuf,
    /// The definitions to issue (files or folders).
    #[arg(value_name = "DEFS", required_unless_present = "rebuild")]
    defs: Vec<PathBuf>,
    /// The year of the desk.
    #[arg(long, required_unless_present_any = ["rebuild", "add"])]
    year: Option<i32>,
    /// Issue the forms of projects added during the year into an existing desk (补发).
    #[arg(long, conflicts_with_all = ["rebuild", "year", "rules", "by"])]
    add: bool,
    /// Issue the forms even when the definitions have errors.
    #[arg(long, id = "allow-errors")]
    allow_errors: bool,
    /// One workbook per project, or per unit.
    #[arg(long, value_enum, default_value = "project")]
    by: By,
    /// The office's audit rules (YAML): checked first, kept in the desk and applied to every
    /// return received.
    #[arg(long, value_name = "RULES.yaml", conflicts_with = "rebuild")]
    rules: Option<PathBuf>,
    /// Rebuild the ledger of an existing desk from its definitions and received files.
    #[arg(long, conflicts_with_all = ["defs", "year", "allow-errors"])]
    rebuild: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum By {
    Project,
    Unit,
}

pub fn run(a: Args) -> Outcome {
    let who = Actor::command_line();
    if a.rebuild {
        let desk = Desk::rebuild(&a.desk, &who)?;
        let status = desk.status()?;
        let files = desk.received_files()?;
        if !a.quiet {
            say(&t!(
                "desk-rebuilt",
                forms = status.forms.len() as i64,
                files = files as i64
            ));
        }
        return Ok(exit(OK));
    }
    let loaded = match super::load_definitions(&a.defs)? {
        Ok(l) => l,
        Err(code) => return Ok(code),
    };
    let defs: Vec<_> = loaded
        .into_iter()
        .map(|l| (l.from.file.clone(), l.def))
        .collect();
    let rules = match &a.rules {
        Some(p) => Some(evalsheet::rules::RuleSet::load(p)?),
        None => None,
    };
    let opts = InitOptions {
        allow_errors: a.allow_errors,
        rules: a.rules.clone(),
        by: match a.by {
            By::Project => GroupBy::Project,
            By::Unit => GroupBy::Unit,
        },
    };
    if a.add {
        let desk = Desk::open(&a.desk)?;
        let rules = desk.rules()?;
        for f in evalsheet::desk::check_definitions(&defs, rules.as_ref()) {
            report(&t!("desk-init-finding", line = f.finding.line()));
        }
        let r = desk.add(defs, a.allow_errors, &who)?;
        if !a.quiet {
            say(&t!(
                "desk-add-done",
                count = r.forms as i64,
                files = r.files.len() as i64,
                issued = desk
                    .root()
                    .join(evalsheet::desk::ISSUED)
                    .display()
                    .to_string()
            ));
        }
        return Ok(exit(OK));
    }
    let year = a.year.unwrap_or_default();
    // The office's findings first, whether or not they stop the desk.
    for f in evalsheet::desk::check_definitions(&defs, rules.as_ref()) {
        report(&t!("desk-init-finding", line = f.finding.line()));
    }
    let (desk, r) = Desk::init(&a.desk, year, defs, &opts, &who)?;
    if !a.quiet {
        say(&t!(
            "desk-init-done",
            year = year.to_string(),
            desk = desk.root().display().to_string(),
            count = r.forms as i64,
            files = r.files.len() as i64,
            issued = desk
                .root()
                .join(evalsheet::desk::ISSUED)
                .display()
                .to_string()
        ));
    }
    Ok(exit(OK))
}
