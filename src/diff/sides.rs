//! Reading one side of a comparison: a definition file, a workbook or a folder of either.
//! Large sides keep the first [`KEEP_WHOLE`] definitions whole and only what pairing needs of
//! the rest, which are read again, a chunk of pairs at a time, when they are compared.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{Definition, Provenance};

/// One definition of a side and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub def: Definition,
    pub from: Provenance,
    /// Only the definition's year, form, project and unit were kept (a large side): the rest
    /// is read again from the file when the project is compared.
    pub reduced: bool,
}

impl Entry {
    /// A definition held whole.
    pub fn new(def: Definition, from: Provenance) -> Entry {
        Entry {
            def,
            from,
            reduced: false,
        }
    }
}

/// The definitions of one side, each with where it came from.
pub type SideDefs = Vec<Entry>;

/// Every definition of one side: a definition file, a workbook, or a folder of either
/// (searched recursively, in name order). Fails on the first file that cannot be read.
pub fn load_side(path: &Path) -> Result<SideDefs> {
    let (defs, mut errors) = load_side_all(path)?;
    if errors.is_empty() {
        Ok(defs)
    } else {
        Err(errors.remove(0))
    }
}

/// Like [`load_side`], but reads every file and returns, separately, one error per file that
/// could not be read.
pub fn load_side_all(path: &Path) -> Result<(SideDefs, Vec<Error>)> {
    Ok(read_side(&side_files(path)?.files, &|| {}))
}

/// The files of one side: the file itself, or the definitions and workbooks under a folder
/// (see [`crate::input`]).
pub fn side_files(path: &Path) -> Result<crate::input::Found> {
    crate::input::expand(&[path.to_path_buf()], crate::input::Kind::Forms)
}

/// Read the files of one side on all cores, a chunk at a time, calling `tick` after each
/// file; the definitions keep the files' order, and each file that cannot be read gives one
/// error.
pub fn read_side(files: &[PathBuf], tick: &(dyn Fn() + Sync)) -> (SideDefs, Vec<Error>) {
    read_side_keeping(files, tick, KEEP_WHOLE)
}

/// [`read_side`], keeping the first `keep` definitions whole.
pub(super) fn read_side_keeping(
    files: &[PathBuf],
    tick: &(dyn Fn() + Sync),
    keep: usize,
) -> (SideDefs, Vec<Error>) {
    let mut defs = Vec::new();
    let mut errors = Vec::new();
    crate::in_chunks(
        files,
        |f| {
            let r = read_one(f);
            tick();
            r
        },
        |_, results| {
            for r in results {
                match r {
                    Ok(v) => {
                        // A file of several forms (a unit's workbook, a YAML list) is kept
                        // whole: its forms would be compared in different chunks of pairs,
                        // and each would read the whole file again.
                        let several = v.len() > 1;
                        for entry in v {
                            if defs.len() < keep || several {
                                defs.push(entry);
                            } else {
                                defs.push(reduce(entry));
                            }
                        }
                    }
                    Err(e) => errors.push(e),
                }
            }
            true
        },
    );
    (defs, errors)
}

/// Definitions of a side kept whole; those after them, each the only one of its file, keep
/// only what pairing needs and are read again when compared, so that a side of any number of
/// files fits in memory (a definition takes about 5 KB).
pub const KEEP_WHOLE: usize = 4096;

/// Keep only what pairing projects needs of a definition.
fn reduce(e: Entry) -> Entry {
    let key = Definition {
        year: e.def.year,
        form: e.def.form,
        project: e.def.project,
        unit: e.def.unit,
        ..Definition::default()
    };
    let from = Provenance {
        file: e.from.file,
        item: e.from.item,
        sheet: e.from.sheet,
        ..Provenance::default()
    };
    Entry {
        def: key,
        from,
        reduced: true,
    }
}

/// Read the reduced definitions `entries` (indices into `side`), all from one file, again:
/// the whole definitions and their cells. The file is read once, however many of its forms
/// are wanted (a unit's workbook holds many).
fn reread_file(side: &[Entry], entries: &[usize]) -> Result<Vec<(usize, Entry)>> {
    let Some(&first) = entries.first() else {
        return Ok(Vec::new());
    };
    let mut found = read_one(&side[first].from.file)?;
    entries
        .iter()
        .map(|&i| {
            let (key, origin) = (&side[i].def, &side[i].from);
            let at = found
                .iter()
                .position(|e| e.from.item == origin.item && e.from.sheet == origin.sheet)
                .filter(|&k| found[k].def.project == key.project && found[k].def.unit == key.unit);
            match at {
                Some(k) => Ok((i, found.swap_remove(k))),
                None => Err(Error::Invalid {
                    path: origin.file.clone(),
                    what: match (&origin.sheet, origin.item) {
                        (Some(s), _) => format!("sheet {s}"),
                        (None, Some(i)) => format!("definition {}", i + 1),
                        (None, None) => "the definition".into(),
                    },
                    message: format!(
                        "{} ({}) is no longer there: the file changed while it was compared; \
                         run diff again",
                        key.project, key.unit
                    ),
                }),
            }
        })
        .collect()
}

/// The whole definitions of the reduced entries among `wanted`, read again on all cores,
/// each file once.
pub(super) fn reread_all(side: &[Entry], wanted: &[usize]) -> Result<HashMap<usize, Entry>> {
    use rayon::prelude::*;
    let mut by_file: BTreeMap<&Path, Vec<usize>> = BTreeMap::new();
    for &i in wanted.iter().filter(|&&i| side[i].reduced) {
        by_file
            .entry(side[i].from.file.as_path())
            .or_default()
            .push(i);
    }
    let groups: Vec<Vec<usize>> = by_file.into_values().collect();
    let read: Vec<Vec<(usize, Entry)>> = groups
        .par_iter()
        .map(|entries| reread_file(side, entries))
        .collect::<Result<_>>()?;
    Ok(read.into_iter().flatten().collect())
}

/// The definitions of one file of a side.
fn read_one(f: &Path) -> Result<SideDefs> {
    if crate::input::is_workbook(f) {
        return import_workbook(f);
    }
    crate::load::load_file(f).map(|v| v.into_iter().map(|l| Entry::new(l.def, l.from)).collect())
}

/// The definitions of a returned workbook, each with the cells its fields were read from.
fn import_workbook(path: &Path) -> Result<SideDefs> {
    let imported = crate::isolate::import_path(path)?;
    Ok(imported
        .into_iter()
        .map(|imp| Entry::new(imp.def, imp.from))
        .collect())
}
