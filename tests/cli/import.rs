//! `evalsheet import`: returned forms read back field for field.

use crate::support::*;
use std::path::Path;

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
    let want = defs_by_project(Path::new(&ex));
    let got = defs_by_project(&run.path("defs"));
    assert_eq!(want.len(), 13);
    for (k, w) in &want {
        assert_eq!(got.get(k), Some(w), "{k:?}");
    }
}
