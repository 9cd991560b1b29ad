//! `evalsheet generate`: YAML definitions become .xlsx forms.

use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use evalsheet::batch::Kept;
use evalsheet::generate::{self, GroupBy, Options, PlannedFile};
use evalsheet::{Definition, Error, grid, layout, load, template};

use super::{OK, Outcome, TROUBLE, exit, print, progress, refuse_outputs, report};

#[derive(clap::Args)]
#[command(
    about = "Draw the official form for every project definition",
    long_about = "Draw the official 项目支出绩效自评表 for every project definition.\n\n\
DEFS are YAML (or JSON) files or folders, searched recursively; a file holds one definition or \
a list of them. Every definition is checked before anything is written: if one is wrong, \
nothing is written and each problem is reported with its file, line and column.\n\n\
By default each project gets its own workbook, named YEAR-PROJECT-UNIT.xlsx; with --by unit, \
each 实施单位 (as written, after Unicode NFC and trimming) gets one workbook with one sheet per \
project, and two units never share one, whatever their names become as file names. File names \
are made safe: NFC, without bidirectional or zero-width characters, at most 180 bytes before \
.xlsx, unique (-2, -3). Existing files are never overwritten unless --force is given; files \
are written atomically.\n\n\
Issued forms are protected: only the cells the unit fills in (负责人及电话, 全年执行数, \
全年实际完成情况, 全年完成值, 未完成原因和改进措施, 说明) can be edited.",
    after_help = "Examples:\n  evalsheet generate examples/2021 -o out\n  \
evalsheet generate examples/2022 -o out/2022 --blank --by unit --password 1234"
)]
pub struct Args {
    /// Definition files or folders.
    #[arg(required = true, value_name = "DEFS")]
    defs: Vec<PathBuf>,
    /// Folder to write the workbooks to (created if missing).
    #[arg(short, long, value_name = "OUTDIR")]
    out: PathBuf,
    /// One workbook per project, or one per 实施单位 with a sheet per project.
    #[arg(long, value_enum, default_value = "project")]
    by: By,
    /// Issue the forms with the unit's fields empty (说明 shows its instruction).
    #[arg(long)]
    blank: bool,
    /// Protect the sheets with this password.
    #[arg(long, value_name = "PASSWORD")]
    password: Option<String>,
    /// Leave the sheets unprotected.
    #[arg(long, conflicts_with = "password")]
    unprotected: bool,
    /// Replace workbooks that already exist.
    #[arg(long)]
    force: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum By {
    Project,
    Unit,
}

/// Files whose definitions are kept from the first reading to the drawing; the definitions
/// of the files after them are read again (a definition takes a few KB).
const KEEP: usize = 4096;

/// The definitions of a file, each checked for a form import could not read back.
fn read_checked(f: &std::path::Path) -> Result<Vec<Definition>, Error> {
    let loaded = load::load_file(f)?;
    if let Some(e) = loaded.iter().find_map(too_long_to_read_back) {
        return Err(e);
    }
    Ok(loaded.into_iter().map(|l| l.def).collect())
}

/// Whether a definition read again is the one planned (its file may have changed since).
fn same_project(planned: &Definition, found: &Definition) -> bool {
    planned.project == found.project
}

/// A definition whose form `import` could not read back whole: it refuses a sheet of more
/// than [`grid::MAX_ROWS`] rows or [`grid::MAX_CELLS`] filled cells, so a longer form — over
/// a hundred thousand indicators — is refused before anything is written rather than issued
/// and later refused on its way back.
fn too_long_to_read_back(l: &load::Loaded) -> Option<Error> {
    // A form has a few dozen cells besides its indicators' four to nine each: only a long
    // one is laid out.
    if (l.def.indicators.len() + 100) * 9 < grid::MAX_CELLS {
        return None;
    }
    let t = template::get(&l.def.form).ok()?;
    let layout = layout::lay_out(t, &l.def, false);
    let rows = layout.row_heights.len();
    let cells = layout.cells.len();
    (rows > grid::MAX_ROWS as usize || cells > grid::MAX_CELLS).then(|| Error::Invalid {
        path: l.from.file.clone(),
        what: l.what(),
        message: evalsheet::t!(
            "generate-too-large",
            indicators = l.def.indicators.len(),
            rows = rows,
            cells = cells,
            max_rows = grid::MAX_ROWS,
            max_cells = grid::MAX_CELLS
        ),
    })
}

/// What planning the workbooks needs of a definition: its year, project and unit.
fn names_only(d: Definition) -> Definition {
    Definition {
        year: d.year,
        project: d.project,
        unit: d.unit,
        ..Definition::default()
    }
}

pub fn run(a: Args) -> Outcome {
    let by = match a.by {
        By::Project => GroupBy::Project,
        By::Unit => GroupBy::Unit,
    };
    // Pass 1: read and check every definition before anything is written. Planning the files
    // needs only each project's year, name and unit: the definitions of the first KEEP files
    // are kept whole, those of the others are read again when their forms are drawn, so
    // memory stays flat however many forms there are.
    let found = load::definition_files(&a.defs)?;
    super::report_skipped(&found, a.quiet);
    let (defs, errors) = Kept::read(
        found.files,
        &read_checked,
        &|n, _, _| n < KEEP,
        &names_only,
        &|| {},
    );
    if !errors.is_empty() {
        return Ok(super::report_unreadable(&errors));
    }
    let refs: Vec<&Definition> = defs.items().iter().collect();
    let planned = generate::plan(&refs, by);
    let paths: Vec<PathBuf> = planned.iter().map(|p| a.out.join(&p.file_name)).collect();
    if let Some(code) = refuse_outputs(
        &a.out,
        &paths,
        a.force,
        &evalsheet::t!("cmd-what-workbooks"),
    ) {
        return Ok(code);
    }
    let opts = Options {
        blank: a.blank,
        password: a.password.clone(),
        unprotected: a.unprotected,
    };
    let bar = progress(planned.len(), &evalsheet::t!("progress-generate"));
    let draw = |p: &PlannedFile, whole: &HashMap<usize, Definition>| -> Written {
        let sheets: Vec<(&Definition, &str)> = p
            .sheets
            .iter()
            .map(|(i, name)| (whole.get(i).unwrap_or(&defs.items()[*i]), name.as_str()))
            .collect();
        let path = a.out.join(&p.file_name);
        let bytes = generate::workbook_bytes(&path, &sheets, &opts)?;
        evalsheet::output::write_atomic(&path, &bytes, a.force)?;
        bar.inc(1);
        Ok((path, sheets.len()))
    };
    // Pass 2: each workbook drawn from its definitions, those not kept read again — for a
    // unit's workbook its members, by project a chunk of workbooks at a time — each file once.
    let results: Vec<Written> = match by {
        GroupBy::Unit => planned
            .par_iter()
            .map(|p| {
                let members: Vec<usize> = p.sheets.iter().map(|(i, _)| *i).collect();
                draw(p, &defs.reread(&members, &read_checked, &same_project)?)
            })
            .collect(),
        GroupBy::Project => {
            let mut results = Vec::with_capacity(planned.len());
            for chunk in planned.chunks(evalsheet::CHUNK) {
                let members: Vec<usize> = chunk.iter().map(|p| p.sheets[0].0).collect();
                match defs.reread(&members, &read_checked, &same_project) {
                    Ok(whole) => results.par_extend(chunk.par_iter().map(|p| draw(p, &whole))),
                    Err(e) => results.push(Err(e)),
                }
                evalsheet::release_free_memory();
            }
            results
        }
    };
    bar.finish_and_clear();
    Ok(closing(&a, &results))
}

/// A workbook written: its path and how many forms it holds.
type Written = Result<(PathBuf, usize), Error>;

/// Name every workbook written and every failure, then the closing line; the exit status.
fn closing(a: &Args, results: &[Written]) -> ExitCode {
    let (mut failed, mut written, mut forms) = (0, 0, 0);
    let mut list = String::new();
    for r in results {
        match r {
            Ok((p, n)) => {
                written += 1;
                forms += n;
                list.push_str(&format!("{}\n", p.display()));
            }
            Err(e) => {
                failed += 1;
                report(e);
            }
        }
    }
    if !a.quiet {
        // A reader of the list that went away does not undo the workbooks written.
        let _ = print(&list);
        let folder = a.out.display().to_string();
        report(&if failed > 0 {
            evalsheet::t!(
                "generate-done-failed",
                written = written,
                forms = forms,
                folder = folder,
                failed = failed
            )
        } else {
            evalsheet::t!(
                "generate-done",
                written = written,
                forms = forms,
                folder = folder
            )
        });
    }
    exit(if failed > 0 { TROUBLE } else { OK })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_import_would_refuse_is_refused_before_it_is_issued() {
        let ind = evalsheet::model::Indicator {
            level1: "产出指标".into(),
            level2: "数量指标".into(),
            name: "指标".into(),
            target: "1 起".into(),
            ..Default::default()
        };
        let mut def = Definition {
            year: 2021,
            form: "city".into(),
            project: "长表".into(),
            indicators: vec![ind; 20_000],
            ..Default::default()
        };
        let loaded = |def: &Definition| load::Loaded {
            def: def.clone(),
            from: evalsheet::model::Provenance::file("big.yaml", None),
        };
        assert!(too_long_to_read_back(&loaded(&def)).is_none());
        let more = def.indicators[0].clone();
        def.indicators.resize(250_000, more);
        let e = too_long_to_read_back(&loaded(&def)).unwrap().to_string();
        assert!(
            e.contains("250000 个指标") && e.contains("1000000 个单元格"),
            "{e}"
        );
    }
}
