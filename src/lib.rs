//! evalsheet: generate, import, diff and check 项目支出绩效自评表 — the project expenditure
//! performance self-evaluation forms that Chinese government finance offices issue every year.
//!
//! The domain model is [`model::Definition`]: one project's form for one year, as written in
//! YAML. [`template`] holds the form variants as data, [`layout`] turns a definition into the
//! cells of a sheet and [`generate`] paints them into an .xlsx workbook; [`import`] reads a
//! returned workbook back, [`check`] finds its mistakes, [`diff`] compares two sets of forms
//! and [`collect`] consolidates them. `ARCHITECTURE.md` maps the modules.
//!
//! A form issued, filled in by nobody, read back and checked:
//!
//! ```
//! use evalsheet::{check, generate, import, load};
//! use std::path::Path;
//!
//! let yaml = "year: 2022\nproject: 示例项目\nunit: 示例支队\ncity_department: 示例市公安局\n\
//!             funds:\n  total: {budget: 100}\n  city: {budget: 100}\n\
//!             goal: {target: 全年完成示例工作。}\nindicators:\n  \
//!             - {level1: 产出指标, level2: 数量指标, name: 完成数量, target: 10 件}\n";
//! let defs = load::parse_bytes(Path::new("示例.yaml"), yaml.as_bytes())?;
//! let path = Path::new("示例.xlsx");
//! let opts = generate::Options::default();
//! let bytes = generate::workbook_bytes(path, &[(&defs[0].def, "示例项目")], &opts)?;
//!
//! let forms = import::import_bytes(path, bytes, &import::Options::default())?;
//! assert_eq!(forms[0].def.project, "示例项目");
//! assert_eq!(forms[0].from.cell("project"), Some("C2"));
//!
//! // Returned as issued: the unit has filled nothing in, and check says where.
//! let findings = check::check(&forms[0].def, &forms[0].from);
//! let blank: Vec<&str> = findings
//!     .iter()
//!     .filter(|f| f.rule == check::Rule::RequiredBlank)
//!     .map(|f| f.field.as_str())
//!     .collect();
//! assert!(blank.contains(&"indicators[1].actual"));
//! # Ok::<(), evalsheet::Error>(())
//! ```

pub mod amount;
pub mod batch;
pub mod cellref;
pub mod check;
pub mod collect;
pub mod desk;
pub mod diff;
pub mod emit;
pub mod error;
pub mod feedback;
pub mod field;
pub mod finding;
pub mod generate;
pub mod grid;
pub mod i18n;
pub mod import;
pub mod input;
pub mod isolate;
pub mod layout;
pub mod list;
pub mod load;
pub mod model;
pub mod names;
pub mod output;
pub mod package;
pub mod report;
pub mod rules;
pub mod stamp;
pub mod template;
pub mod web;
pub mod wording;

pub use error::{Error, Result};

pub use batch::{CHUNK, in_chunks, release_free_memory};
pub use model::Definition;

thread_local! {
    /// Set while [`without_panics`] runs: the panic hook then prints nothing.
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `f`, turning a panic inside it into `Err` with the panic's message, printed nowhere:
/// for crates that panic on a failure they should return (rust_xlsxwriter's constant-memory
/// writer when its temporary file cannot be written).
pub fn without_panics<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    let was = QUIET_PANICS.with(|q| q.replace(true));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET_PANICS.with(|q| q.set(was));
    r.map_err(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(std::string::ToString::to_string)
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        // `…: Os { code: 28, kind: StorageFull, message: "No space left on device" }` says
        // what it means in its message.
        match what.split_once("message: \"") {
            Some((_, rest)) => rest.split('"').next().unwrap_or(rest).to_string(),
            None => what,
        }
    })
}

/// Make a panic print one line naming it as a fault of evalsheet (or nothing inside
/// [`without_panics`]) instead of Rust's panic text.
pub fn install_panic_hook() {
    // Rust's own hook is kept for nothing: every panic is answered here.
    std::panic::set_hook(Box::new(|info| {
        if QUIET_PANICS.with(std::cell::Cell::get) {
            return;
        }
        let what = info
            .payload()
            .downcast_ref::<&str>()
            .map(std::string::ToString::to_string)
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info
            .location()
            .map(|l| format!(" ({}:{})", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "evalsheet: internal error{place}: {what}. This is a fault of evalsheet, not of your \
             files; please report it."
        );
    }));
}
