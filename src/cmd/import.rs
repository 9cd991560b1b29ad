//! `evalsheet import`: returned forms become definitions again.

use rayon::prelude::*;
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;

use evalsheet::emit::{self, Style};
use evalsheet::import::{self, Imported, Options};
use evalsheet::{Definition, Error, generate, names};

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

/// What is kept of an imported form once it has been handled.
struct Done {
    def: Definition,
    warnings: Vec<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Yaml,
    Json,
}

pub fn run(a: Args) -> u8 {
    let (files, others) = match import::folder_files(&a.files) {
        Ok(f) => f,
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
    let taken = Mutex::new(HashSet::new());
    // Each file is read (and, with -o, written) on its own; only what goes to stdout is kept.
    let results: Vec<Result<Vec<Done>, Error>> = files
        .par_iter()
        .map(|f| {
            let forms = import::import_path_with(f, &opts)?;
            if let Some(out) = &a.out {
                for imp in &forms {
                    write_one(out, imp, a.format, a.force, &taken)?;
                }
            }
            bar.inc(1);
            // With -o only the source and warnings are kept, so memory stays flat.
            Ok(forms
                .into_iter()
                .map(|imp| Done {
                    warnings: imp.warnings,
                    def: if a.out.is_some() {
                        Definition {
                            source: imp.def.source,
                            ..Definition::default()
                        }
                    } else {
                        imp.def
                    },
                })
                .collect())
        })
        .collect();
    bar.finish_and_clear();

    let mut defs = Vec::new();
    let mut failed = Vec::new();
    let mut forms = 0;
    for r in results {
        match r {
            Ok(v) => {
                for imp in v {
                    forms += 1;
                    if !a.quiet {
                        let src = imp.def.source.clone().unwrap_or_default();
                        for w in &imp.warnings {
                            anstream::eprintln!(
                                "evalsheet: {}, sheet {}: {w}.",
                                src.file,
                                src.sheet
                            );
                        }
                    }
                    if a.out.is_none() {
                        defs.push(imp.def);
                    }
                }
            }
            Err(e) => failed.push(e),
        }
    }
    if a.out.is_none() {
        let text = match a.format {
            Format::Json => {
                let mut s = serde_json::to_string_pretty(&defs).unwrap_or_else(|_| "[]".into());
                s.push('\n');
                s
            }
            Format::Yaml => emit::to_yaml_list(&defs, Style::default()),
        };
        let mut stdout = std::io::stdout().lock();
        if stdout.write_all(text.as_bytes()).is_err() {
            return TROUBLE;
        }
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

fn write_one(
    out: &std::path::Path,
    imp: &Imported,
    format: Format,
    force: bool,
    taken: &Mutex<HashSet<String>>,
) -> Result<(), Error> {
    let d = &imp.def;
    let ext = if format == Format::Json {
        "json"
    } else {
        "yaml"
    };
    let stem = {
        let mut t = taken.lock().unwrap_or_else(|p| p.into_inner());
        names::definition_stem(d, &mut t)
    };
    let path = out.join(format!("{stem}.{ext}"));
    let text = match format {
        Format::Json => serde_json::to_string_pretty(d).unwrap_or_default() + "\n",
        Format::Yaml => emit::to_yaml(d, Style::default()),
    };
    generate::write_atomic(&path, text.as_bytes(), force)
}
