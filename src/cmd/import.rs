//! `evalsheet import`: returned forms become definitions again.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;

use evalsheet::emit::{self, Style};
use evalsheet::import::{Imported, Options};
use evalsheet::{Definition, Error, names};

use super::{OK, TROUBLE, progress, report};

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

pub fn run(a: Args) -> u8 {
    let (files, others) =
        match evalsheet::input::expand(&a.files, evalsheet::input::Kind::Workbooks) {
            Ok(found) => {
                super::report_skipped(&found, a.quiet);
                (found.files, found.passed_over)
            }
            Err(e) => {
                report(&e);
                return TROUBLE;
            }
        };
    if !others.is_empty() && !a.quiet {
        let names: Vec<String> = others
            .iter()
            .take(5)
            .map(|p| p.display().to_string())
            .collect();
        let more = if others.len() > 5 { ", …" } else { "" };
        eprintln!(
            "evalsheet: passed over {} file(s) in the folders that are not workbooks (.xlsx, .xlsm, .xls, .ods): {}{more}",
            others.len(),
            names.join(", ")
        );
    }
    if let Some(out) = &a.out
        && let Err(e) = std::fs::create_dir_all(out)
    {
        report(&Error::Write {
            path: out.clone(),
            source: e,
        });
        return TROUBLE;
    }
    let opts = Options { year: a.year };
    let bar = progress(files.len(), "import");
    let mut taken = HashSet::new();
    let mut out = Output::new(a.format, a.out.is_none());
    let mut failed = Vec::new();
    let mut forms = 0;
    // Files are read a chunk at a time, each chunk on all cores; what goes to stdout is
    // written chunk by chunk, in file order, so memory stays flat however many forms there are.
    let mut broken = false;
    evalsheet::in_chunks(
        &files,
        |f| -> Result<Vec<Imported>, Error> {
            let forms = evalsheet::isolate::import_path_with(f, &opts)?;
            // A definition without its year could not be read back or drawn again.
            if let Some(imp) = forms.iter().find(|imp| imp.def.year == 0) {
                let sheet = imp
                    .def
                    .source
                    .as_ref()
                    .map(|s| s.sheet.as_str())
                    .unwrap_or("");
                return Err(Error::Workbook {
                    path: f.clone(),
                    message: format!(
                        "sheet {sheet}: the form does not say its year (no stamp, no （2022年度） \
                         above it, no year in the file name); give it with --year, e.g. \
                         --year 2022"
                    ),
                });
            }
            bar.inc(1);
            Ok(forms)
        },
        |_, results| {
            // With -o, the files' names are decided here, in input order (so that the same
            // returns always give the same names), and the chunk's files written on all cores.
            let results = match &a.out {
                Some(dir) => write_chunk(dir, results, a.format, a.force, &mut taken),
                None => results,
            };
            for r in results {
                match r {
                    Ok(v) => {
                        for imp in v {
                            forms += 1;
                            if !a.quiet {
                                let src = imp.def.source.clone().unwrap_or_default();
                                for w in &imp.warnings {
                                    bar.suspend(|| {
                                        anstream::eprintln!(
                                            "evalsheet: {}, sheet {}: {w}.",
                                            src.file,
                                            src.sheet
                                        )
                                    });
                                }
                            }
                            if out.push(&imp.def).is_err() {
                                broken = true;
                                return false;
                            }
                        }
                    }
                    Err(e) => failed.push(e),
                }
            }
            true
        },
    );
    if broken {
        return TROUBLE;
    }
    bar.finish_and_clear();
    if out.finish().is_err() {
        return TROUBLE;
    }
    if !a.quiet {
        eprintln!(
            "evalsheet: imported {forms} form(s) from {} file(s).",
            files.len() - failed.len()
        );
    }
    if !failed.is_empty() {
        for e in &failed {
            report(e);
        }
        report(&format!("{} file(s) could not be imported.", failed.len()));
        return TROUBLE;
    }
    OK
}

/// The definitions on standard output, written as they come: one YAML list or JSON array.
struct Output {
    format: Format,
    on: bool,
    written: usize,
    stdout: std::io::StdoutLock<'static>,
}

impl Output {
    fn new(format: Format, on: bool) -> Output {
        Output {
            format,
            on,
            written: 0,
            stdout: std::io::stdout().lock(),
        }
    }

    fn push(&mut self, d: &Definition) -> std::io::Result<()> {
        if !self.on {
            return Ok(());
        }
        let text = match self.format {
            Format::Yaml => emit::to_yaml_list(std::slice::from_ref(d), Style::default()),
            Format::Json => {
                // Exactly what serde_json's pretty printer makes of the whole array.
                let one = serde_json::to_string_pretty(d).unwrap_or_default();
                let body: Vec<String> = one.lines().map(|l| format!("  {l}")).collect();
                let lead = if self.written == 0 { "[\n" } else { ",\n" };
                format!("{lead}{}", body.join("\n"))
            }
        };
        self.written += 1;
        self.stdout.write_all(text.as_bytes())
    }

    fn finish(&mut self) -> std::io::Result<()> {
        if !self.on {
            return Ok(());
        }
        let tail = match (self.format, self.written) {
            (_, 0) => "[]\n",
            (Format::Json, _) => "\n]\n",
            (Format::Yaml, _) => "",
        };
        self.stdout.write_all(tail.as_bytes())?;
        self.stdout.flush()
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
