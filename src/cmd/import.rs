//! `evalsheet import`: returned forms become definitions again.

use std::collections::HashSet;
use std::path::PathBuf;

use evalsheet::emit::{self, Style};
use evalsheet::import::{Imported, Options};
use evalsheet::{Definition, Error, names};

use super::{OK, Outcome, TROUBLE, exit, print, progress, report};

#[derive(clap::Args)]
#[command(
    about = "Read returned forms (.xlsx, .xls, .ods) back into definitions",
    long_about = "Read returned forms back into project definitions.\n\n\
FILES are workbooks (.xlsx, .xlsm, .xls, .ods) or folders, searched recursively for them (other \
files in a folder are named on stderr as passed over). Every visible \
sheet holding a 项目支出绩效自评表 becomes one definition; a sheet may hold several forms one \
below the other. Fields are found by their labels, so forms re-saved by WPS or LibreOffice and \
forms typed by hand in the official layout are read too.\n\n\
Without -o the definitions go to standard output: a YAML list, or with --format json one JSON \
array, each definition carrying `source: {file, sheet}`. With -o each definition is written to \
its own file in OUTDIR (never overwriting one unless --force).\n\n\
A file that cannot be read does not stop the others: it is listed at the end and the exit \
status is 2.",
    after_help = "Examples:\n  evalsheet import returns/ -o defs/\n  \
evalsheet import 扫黑除恶.xlsx --format json"
)]
pub struct Args {
    /// Workbooks or folders of workbooks.
    #[arg(required = true, value_name = "FILES")]
    files: Vec<PathBuf>,
    /// Write one file per definition into this folder instead of standard output.
    #[arg(short, long, value_name = "OUTDIR")]
    out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "yaml")]
    format: Format,
    /// The year of forms that do not say theirs.
    #[arg(long)]
    year: Option<i32>,
    /// Replace files that already exist in OUTDIR.
    #[arg(long)]
    force: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Yaml,
    Json,
}

pub fn run(a: Args) -> Outcome {
    let found = evalsheet::input::expand(&a.files, evalsheet::input::Kind::Workbooks)?;
    super::report_skipped(&found, a.quiet);
    if !found.passed_over.is_empty() && !a.quiet {
        report_passed_over(&found.passed_over);
    }
    let files = found.files;
    if let Some(out) = &a.out {
        std::fs::create_dir_all(out).map_err(|source| Error::Write {
            path: out.clone(),
            source,
        })?;
    }
    let opts = Options { year: a.year };
    let bar = progress(files.len(), &evalsheet::t!("progress-import"));
    let mut taken = HashSet::new();
    let mut out = Output::new(a.format, a.out.is_none());
    let mut failed = Vec::new();
    let mut forms = 0;
    let mut broken = None;
    // Files are read a chunk at a time, each chunk on all cores; what goes to stdout is
    // written chunk by chunk, in file order, so memory stays flat however many forms there are.
    evalsheet::in_chunks(
        &files,
        |f| {
            let r = read_one(f, &opts);
            bar.inc(1);
            r
        },
        |_, results| {
            // With -o, the files' names are decided here, in input order (so that the same
            // returns always give the same names), and the chunk's files written on all cores.
            let results = match &a.out {
                Some(dir) => write_chunk(dir, results, a.format, a.force, &mut taken),
                None => results,
            };
            let mut text = String::new();
            for r in results {
                match r {
                    Ok(v) => {
                        for imp in v {
                            forms += 1;
                            if !a.quiet {
                                bar.suspend(|| report_warnings(&imp));
                            }
                            out.push(&imp.def, &mut text);
                        }
                    }
                    Err(e) => failed.push(e),
                }
            }
            broken = bar.suspend(|| print(&text)).err();
            broken.is_none()
        },
    );
    bar.finish_and_clear();
    if let Some(e) = broken {
        return Err(e);
    }
    print(&out.finish())?;
    if !a.quiet {
        report(&evalsheet::t!(
            "import-done",
            forms = forms,
            files = files.len() - failed.len()
        ));
    }
    if failed.is_empty() {
        return Ok(exit(OK));
    }
    for e in &failed {
        report(e);
    }
    report(&evalsheet::t!("import-failed", count = failed.len()));
    Ok(exit(TROUBLE))
}

/// The files in the folders that are not workbooks, named (the first five) on stderr.
fn report_passed_over(others: &[PathBuf]) {
    let names: Vec<String> = others
        .iter()
        .take(5)
        .map(|p| p.display().to_string())
        .collect();
    let list = names.join(&evalsheet::t!("list-separator"));
    report(&if others.len() > 5 {
        evalsheet::t!("import-passed-over-more", count = others.len(), list = list)
    } else {
        evalsheet::t!("import-passed-over", count = others.len(), list = list)
    });
}

/// What is doubtful about a form that was read, one line each.
fn report_warnings(imp: &Imported) {
    let src = imp.def.source.clone().unwrap_or_default();
    for w in &imp.warnings {
        report(&evalsheet::t!(
            "import-warning",
            file = src.file.as_str(),
            sheet = src.sheet.as_str(),
            warning = w.trim_end_matches(['.', '。'])
        ));
    }
}

/// The forms of one workbook; a form that does not say its year is refused with the file, as
/// a definition without its year could not be read back or drawn again.
fn read_one(f: &std::path::Path, opts: &Options) -> Result<Vec<Imported>, Error> {
    let forms = evalsheet::isolate::import_path_with(f, opts)?;
    if let Some(imp) = forms.iter().find(|imp| imp.def.year == 0) {
        let sheet = imp.from.sheet.as_deref().unwrap_or("");
        return Err(Error::Workbook {
            path: f.to_path_buf(),
            message: evalsheet::t!("import-no-year", sheet = sheet),
        });
    }
    Ok(forms)
}

/// The definitions on standard output, written as they come: one YAML list or JSON array.
struct Output {
    format: Format,
    on: bool,
    written: usize,
}

impl Output {
    fn new(format: Format, on: bool) -> Output {
        Output {
            format,
            on,
            written: 0,
        }
    }

    /// Append a definition's text to `text`.
    fn push(&mut self, d: &Definition, text: &mut String) {
        if !self.on {
            return;
        }
        match self.format {
            Format::Yaml => {
                text.push_str(&emit::to_yaml_list(
                    std::slice::from_ref(d),
                    Style::default(),
                ));
            }
            Format::Json => {
                // Exactly what serde_json's pretty printer makes of the whole array.
                let one = serde_json::to_string_pretty(d).unwrap_or_default();
                let body: Vec<String> = one.lines().map(|l| format!("  {l}")).collect();
                text.push_str(if self.written == 0 { "[\n" } else { ",\n" });
                text.push_str(&body.join("\n"));
            }
        }
        self.written += 1;
    }

    /// The end of the list or array.
    fn finish(&self) -> String {
        if !self.on {
            return String::new();
        }
        match (self.format, self.written) {
            (_, 0) => "[]\n",
            (Format::Json, _) => "\n]\n",
            (Format::Yaml, _) => "",
        }
        .to_string()
    }
}

/// Write every form of a chunk's files into `dir`, one file each, named in input order; a
/// file whose forms cannot all be written becomes that error.
fn write_chunk(
    dir: &std::path::Path,
    results: Vec<Result<Vec<Imported>, Error>>,
    format: Format,
    force: bool,
    taken: &mut HashSet<String>,
) -> Vec<Result<Vec<Imported>, Error>> {
    use rayon::prelude::*;
    let ext = if format == Format::Json {
        "json"
    } else {
        "yaml"
    };
    /// A file's forms and the paths they go to.
    type Planned = Result<(Vec<Imported>, Vec<PathBuf>), Error>;
    let planned: Vec<Planned> = results
        .into_iter()
        .map(|r| {
            r.map(|forms| {
                let paths = forms
                    .iter()
                    .map(|imp| {
                        let stem = names::definition_stem(&imp.def, taken);
                        dir.join(format!("{stem}.{ext}"))
                    })
                    .collect();
                (forms, paths)
            })
        })
        .collect();
    planned
        .into_par_iter()
        .map(|r| {
            let (forms, paths) = r?;
            for (imp, path) in forms.iter().zip(&paths) {
                let d = &imp.def;
                let text = match format {
                    Format::Json => serde_json::to_string_pretty(d).unwrap_or_default() + "\n",
                    Format::Yaml => emit::to_yaml(d, Style::default()),
                };
                evalsheet::output::write_atomic(path, text.as_bytes(), force)?;
            }
            Ok(forms)
        })
        .collect()
}
