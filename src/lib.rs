//! evalsheet: generate, import, diff and check 项目支出绩效自评表 — the project expenditure
//! performance self-evaluation forms that Chinese government finance offices issue every year.
//!
//! The domain model is [`model::Definition`]: one project's form for one year, as written in
//! YAML. [`template`] holds the form variants as data, [`layout`] turns a definition into the
//! cells of a sheet and [`generate`] paints them into an .xlsx workbook.

pub mod amount;
pub mod batch;
pub mod cellref;
pub mod check;
pub mod collect;
pub mod diff;
pub mod emit;
pub mod error;
pub mod field;
pub mod generate;
pub mod grid;
pub mod import;
pub mod input;
pub mod isolate;
pub mod layout;
pub mod load;
pub mod model;
pub mod names;
pub mod output;
pub mod package;
pub mod report;
pub mod stamp;
pub mod template;

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
