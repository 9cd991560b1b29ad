//! `evalsheet generate`: YAML definitions become .xlsx forms.

use rayon::prelude::*;
use std::path::PathBuf;

use evalsheet::generate::{self, GroupBy, Options};
use evalsheet::{Definition, Error, grid, layout, load, template};

use super::{OK, TROUBLE, progress, report};

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

/// The full definitions of `members` (indices into `defs`): kept ones as they are, the others
/// read again from their files, each file once.
fn gather(
    files: &[PathBuf],
    offsets: &[usize],
    defs: &[Definition],
    members: &[usize],
    keep: usize,
) -> Result<Vec<Definition>, Error> {
    let file_of = |i: usize| offsets.partition_point(|&o| o <= i).saturating_sub(1);
    let mut read: std::collections::HashMap<usize, Vec<load::Loaded>> = Default::default();
    let mut out = Vec::with_capacity(members.len());
    for &i in members {
        let n = file_of(i);
        if n < keep {
            out.push(defs[i].clone());
            continue;
        }
        let loaded = match read.entry(n) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(load::load_file(&files[n])?),
        };
        let k = i - offsets[n];
        match loaded.get(k) {
            Some(l) if l.def.project == defs[i].project => out.push(l.def.clone()),
            _ => {
                return Err(Error::Invalid {
                    path: files[n].clone(),
                    what: format!("definition {}", k + 1),
                    message: "the file changed while the forms were drawn; run generate again"
                        .into(),
                });
            }
        }
    }
    Ok(out)
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
        message: format!(
            "its {} indicators make a form of {rows} rows and {cells} cells, more than the \
             {} rows or {} cells `import` reads of a sheet, so the returned form could not be \
             read back",
            l.def.indicators.len(),
            grid::MAX_ROWS,
            grid::MAX_CELLS
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

pub fn run(a: Args) -> u8 {
    let by = match a.by {
        By::Project => GroupBy::Project,
        By::Unit => GroupBy::Unit,
    };
    // Pass 1: read and check every definition before anything is written. Planning the files
    // needs only each project's year, name and unit: the definitions of the first KEEP files
    // are kept whole, those of the others are read again when their forms are drawn, so
    // memory stays flat however many forms there are.
    let files = match load::definition_files(&a.defs) {
        Ok(found) => {
            super::report_skipped(&found, a.quiet);
            found.files
        }
        Err(e) => {
            report(&e);
            return TROUBLE;
        }
    };
    let scanned: Vec<Result<Vec<Definition>, Error>> = files
        .par_iter()
        .enumerate()
        .map(|(n, f)| {
            let keep = n < KEEP;
            let loaded = load::load_file(f)?;
            if let Some(e) = loaded.iter().find_map(too_long_to_read_back) {
                return Err(e);
            }
            Ok(loaded
                .into_iter()
                .map(|l| if keep { l.def } else { names_only(l.def) })
                .collect())
        })
        .collect();
    let mut defs: Vec<Definition> = Vec::new();
    let mut offsets = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    for r in scanned {
        offsets.push(defs.len());
        match r {
            Ok(mut v) => defs.append(&mut v),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return super::report_unreadable(&errors);
    }
    let refs: Vec<&Definition> = defs.iter().collect();
    let planned = generate::plan(&refs, by);
    // Every name is checked before anything is written, so that a name the file system would
    // refuse never leaves some workbooks written and others not.
    let problems = generate::plan_problems(&planned);
    if !problems.is_empty() {
        for (name, message) in &problems {
            report(&Error::Write {
                path: a.out.join(name),
                source: std::io::Error::other(message.clone()),
            });
        }
        report(&"nothing was written.");
        return TROUBLE;
    }
    if let Err(e) = std::fs::create_dir_all(&a.out) {
        report(&Error::Write {
            path: a.out.clone(),
            source: e,
        });
        return TROUBLE;
    }
    if !a.force {
        let existing: Vec<_> = planned
            .iter()
            .map(|p| a.out.join(&p.file_name))
            .filter(|p| p.exists())
            .collect();
        if !existing.is_empty() {
            for p in existing.iter().take(10) {
                report(&Error::Exists { path: p.clone() });
            }
            if existing.len() > 10 {
                report(&format!("… and {} more.", existing.len() - 10));
            }
            report(&"nothing was written; use --force to replace existing workbooks.");
            return TROUBLE;
        }
    }
    let opts = Options {
        blank: a.blank,
        password: a.password.clone(),
        unprotected: a.unprotected,
    };
    let bar = progress(planned.len(), "generate");
    // A workbook written: its path and how many forms it holds.
    type Written = Result<(PathBuf, usize), Error>;
    let draw = |path: PathBuf, sheets: &[(&Definition, &str)]| -> Written {
        let bytes = generate::workbook_bytes(&path, sheets, &opts)?;
        evalsheet::output::write_atomic(&path, &bytes, a.force)?;
        bar.inc(1);
        Ok((path, sheets.len()))
    };
    let results: Vec<Written> = match by {
        // Pass 2: each unit's workbook gathers its forms, reading again the files beyond the
        // first KEEP (each once for the workbook).
        GroupBy::Unit => planned
            .par_iter()
            .map(|p| {
                let members: Vec<usize> = p.sheets.iter().map(|(i, _)| *i).collect();
                let forms = gather(&files, &offsets, &defs, &members, KEEP)?;
                let sheets: Vec<_> = forms
                    .iter()
                    .zip(&p.sheets)
                    .map(|(d, (_, name))| (d, name.as_str()))
                    .collect();
                draw(a.out.join(&p.file_name), &sheets)
            })
            .collect(),
        // Pass 2: each file read again, each of its forms drawn into its planned workbook.
        GroupBy::Project => files
            .par_iter()
            .zip(offsets.par_iter())
            .enumerate()
            .flat_map_iter(|(n, (f, &first))| {
                let reread = if n < KEEP {
                    let count = offsets.get(n + 1).copied().unwrap_or(defs.len()) - first;
                    Ok(defs[first..first + count]
                        .iter()
                        .map(|d| load::Loaded {
                            def: d.clone(),
                            from: evalsheet::model::Provenance::file(f, None),
                        })
                        .collect())
                } else {
                    load::load_file(f)
                };
                let out: Vec<Written> = match reread {
                    Err(e) => vec![Err(e)],
                    Ok(v) => v
                        .iter()
                        .enumerate()
                        .map(|(k, l)| {
                            let p = planned.get(first + k).filter(|p| {
                                p.sheets.first().map(|s| s.0) == Some(first + k)
                                    && defs[first + k].project == l.def.project
                            });
                            match p {
                                Some(p) => draw(
                                    a.out.join(&p.file_name),
                                    &[(&l.def, p.sheets[0].1.as_str())],
                                ),
                                None => Err(Error::Invalid {
                                    path: f.clone(),
                                    what: format!("definition {}", k + 1),
                                    message: "the file changed while the forms were drawn; run \
                                              generate again"
                                        .into(),
                                }),
                            }
                        })
                        .collect(),
                };
                out
            })
            .collect(),
    };
    bar.finish_and_clear();
    let mut failed = 0;
    let mut written = 0;
    let mut forms = 0;
    for r in &results {
        match r {
            Ok((p, n)) => {
                written += 1;
                forms += n;
                if !a.quiet {
                    println!("{}", p.display());
                }
            }
            Err(e) => {
                failed += 1;
                report(e);
            }
        }
    }
    if !a.quiet {
        let mut line = format!(
            "evalsheet: wrote {written} workbook(s) holding {forms} form(s) to {}",
            a.out.display()
        );
        if failed > 0 {
            line.push_str(&format!("; {failed} could not be written (see above)"));
        }
        eprintln!("{line}.");
    }
    if failed > 0 { TROUBLE } else { OK }
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
            e.contains("250000 indicators") && e.contains("1000000 cells"),
            "{e}"
        );
    }

    #[test]
    fn gather_reads_files_beyond_those_kept() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.yaml");
        let b = dir.path().join("b.yaml");
        std::fs::write(&a, "year: 2021\nproject: 甲\nunit: 一\nnote: 甲的说明\n").unwrap();
        std::fs::write(
            &b,
            "- {year: 2021, project: 乙, unit: 一, note: 乙的说明}\n- {year: 2021, project: 丙, unit: 一, note: 丙的说明}\n",
        )
        .unwrap();
        let files = vec![a, b];
        let mut defs: Vec<Definition> = Vec::new();
        let mut offsets = Vec::new();
        for f in &files {
            offsets.push(defs.len());
            defs.extend(
                load::load_file(f)
                    .unwrap()
                    .into_iter()
                    .map(|l| names_only(l.def)),
            );
        }
        // Nothing kept: every definition is read again, whole, in the order asked.
        let got = gather(&files, &offsets, &defs, &[2, 0, 1], 0).unwrap();
        let notes: Vec<&str> = got.iter().map(|d| d.note.as_str()).collect();
        assert_eq!(notes, ["丙的说明", "甲的说明", "乙的说明"]);
        // The first file kept: its slim definition is used as it is.
        let got = gather(&files, &offsets, &defs, &[0, 1], 1).unwrap();
        assert_eq!(got[0].note, "");
        assert_eq!(got[1].note, "乙的说明");
        // A file that changed in between is an error naming it.
        std::fs::write(&files[1], "year: 2021\nproject: 丁\n").unwrap();
        let e = gather(&files, &offsets, &defs, &[1], 0)
            .unwrap_err()
            .to_string();
        assert!(e.contains("b.yaml") && e.contains("changed"), "{e}");
    }
}
