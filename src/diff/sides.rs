//! Reading one side of a comparison: a definition file, a workbook or a folder of either.
//! Large sides keep the first [`KEEP_WHOLE`] definitions whole and only what pairing needs of
//! the rest, which are read again, a chunk of pairs at a time, when they are compared.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::batch::Kept;
use crate::error::{Error, Result};
use crate::model::{Definition, Provenance};

/// One definition of a side and where it came from.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub def: Definition,
    pub from: Provenance,
}

impl Entry {
    pub fn new(def: Definition, from: Provenance) -> Entry {
        Entry { def, from }
    }
}

/// The definitions of one side, each with where it came from; on a large side, some reduced
/// to their names until they are compared.
pub type SideDefs = Kept<Entry>;

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

/// [`read_side`], keeping the first `keep` definitions whole, and every definition of a file
/// of several (a unit's workbook, a YAML list): its forms would be compared in different
/// chunks of pairs, and each would read the whole file again.
pub(super) fn read_side_keeping(
    files: &[PathBuf],
    tick: &(dyn Fn() + Sync),
    keep: usize,
) -> (SideDefs, Vec<Error>) {
    Kept::read(
        files.to_vec(),
        &read_one,
        &|_, before, in_file| before < keep || in_file > 1,
        &reduce,
        tick,
    )
}

/// Definitions of a side kept whole; those after them, each the only one of its file, keep
/// only what pairing needs and are read again when compared, so that a side of any number of
/// files fits in memory (a definition takes about 5 KB).
pub const KEEP_WHOLE: usize = 4096;

/// Keep only what pairing projects needs of a definition.
fn reduce(e: Entry) -> Entry {
    let def = Definition {
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
    Entry { def, from }
}

/// The whole definitions of the reduced entries among `wanted`, read again on all cores,
/// each file once.
pub(super) fn reread_all(side: &SideDefs, wanted: &[usize]) -> Result<HashMap<usize, Entry>> {
    side.reread(wanted, &read_one, &|key: &Entry, found: &Entry| {
        key.def.project == found.def.project && key.def.unit == found.def.unit
    })
}

/// The definitions of one file of a side.
fn read_one(f: &Path) -> Result<Vec<Entry>> {
    // A workbook is a returned form, unless it is a 项目清单 (the reader says so) or a flat
    // export with its column mapping beside it: those hold definitions.
    if crate::input::is_workbook(f) && crate::list::mapping_beside(f).is_none() {
        match import_workbook(f) {
            Err(Error::IsList { .. }) => {}
            r => return r,
        }
    }
    crate::load::load_file(f).map(|v| v.into_iter().map(|l| Entry::new(l.def, l.from)).collect())
}

/// The definitions of a returned workbook, each with the cells its fields were read from.
fn import_workbook(path: &Path) -> Result<Vec<Entry>> {
    let imported = crate::isolate::import_path(path)?;
    Ok(imported
        .into_iter()
        .map(|imp| Entry::new(imp.def, imp.from))
        .collect())
}
