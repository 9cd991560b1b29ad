//! `evalsheet review`: accept a returned form, or return it to its unit for fixes.

use std::path::PathBuf;

use evalsheet::desk::{Actor, Decision, Desk, FormId};
use evalsheet::{Error, t};

use super::{OK, Outcome, exit, say};

#[derive(clap::Args)]
#[command(
    about = "Accept a returned form, or return it for fixes",
    long_about = "Record the review of a returned form in the desk DESK: --accept (已通过) or \
--return (退回修改) with a comment for the unit, which its feedback workbook shows. FORM is the \
form's number (see evalsheet status), or its project, unit, or project/unit, matching exactly \
one issued form.",
    after_help = "Examples:\n  evalsheet review 收表台2022 --accept 3\n  \
evalsheet review 收表台2022 --return 禁毒专项经费/禁毒支队 --comment 请补充未完成原因"
)]
#[command(group(clap::ArgGroup::new("decision").required(true).args(["accept", "return"])))]
pub struct Args {
    /// The desk's folder.
    #[arg(value_name = "DESK")]
    desk: PathBuf,
    /// The form: its number, project, unit, or project/unit.
    #[arg(value_name = "FORM")]
    form: String,
    /// Accept the form.
    #[arg(long)]
    accept: bool,
    /// Return the form to its unit for fixes.
    #[arg(long = "return", id = "return")]
    return_: bool,
    /// The comment for the unit (with --return).
    #[arg(long, value_name = "TEXT")]
    comment: Option<String>,
}

pub fn run(a: Args) -> Outcome {
    let desk = Desk::open(&a.desk)?;
    let id = one_form(&desk, &a.form)?;
    let decision = if a.accept {
        Decision::Accept
    } else {
        Decision::Return {
            comment: a.comment.clone().unwrap_or_default(),
        }
    };
    desk.review(id, &decision, &Actor::command_line())?;
    let f = desk.form(id)?;
    let (project, unit) = (f.issued.project, f.issued.unit);
    say(&if a.accept {
        t!("desk-reviewed-accept", project = project, unit = unit)
    } else {
        t!("desk-reviewed-return", project = project, unit = unit)
    });
    Ok(exit(OK))
}

/// The one issued form that `text` names.
pub fn one_form(desk: &Desk, text: &str) -> evalsheet::Result<FormId> {
    let ids = desk.find_forms(text)?;
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(Error::Desk {
            path: desk.root().to_path_buf(),
            message: t!("desk-form-not-found", text = text.to_string()),
        }),
        many => {
            let forms: Vec<String> = many
                .iter()
                .filter_map(|id| desk.form(*id).ok())
                .map(|f| format!("{} {}/{}", f.id, f.issued.project, f.issued.unit))
                .collect();
            Err(Error::Desk {
                path: desk.root().to_path_buf(),
                message: t!(
                    "desk-form-ambiguous",
                    text = text.to_string(),
                    count = many.len() as i64,
                    forms = forms.join("；")
                ),
            })
        }
    }
}
