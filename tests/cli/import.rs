//! `evalsheet import`: returned forms read back field for field.

use crate::support::*;
use evalsheet::{Definition, load};
use std::collections::BTreeMap;
use std::path::Path;

/// The definitions under a path, keyed by project and unit, without their source.
fn defs_in(path: &Path) -> BTreeMap<(String, String), Definition> {
    let (defs, errors) = load::load_all(&[path.to_path_buf()]).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    defs.into_iter()
        .map(|l| {
            let mut d = l.def;
            d.source = None;
            ((d.project.clone(), d.unit.clone()), d)
        })
        .collect()
}

#[test]
fn generated_examples_import_back_exactly() {
    let run = Run::new();
    let ex = examples("2021");
    assert_eq!(
        run.evalsheet(&["generate", &ex, "-o", "forms", "-q"]).code,
        0
    );
    let o = run.evalsheet(&["import", "forms", "-o", "defs"]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    assert_eq!(
        o.stderr,
        "evalsheet: imported 13 form(s) from 13 file(s).\n"
    );
    let want = defs_in(Path::new(&ex));
    let got = defs_in(&run.path("defs"));
    assert_eq!(want.len(), 13);
    for (k, w) in &want {
        assert_eq!(got.get(k), Some(w), "{k:?}");
    }
}
