//! evalsheet: generate, import, diff and check 项目支出绩效自评表 — the project expenditure
//! performance self-evaluation forms that Chinese government finance offices issue every year.
//!
//! The domain model is [`model::Definition`]: one project's form for one year, as written in
//! YAML. [`template`] holds the form variants as data, [`layout`] turns a definition into the
//! cells of a sheet and [`generate`] paints them into an .xlsx workbook.

pub mod amount;
pub mod check;
pub mod collect;
pub mod diff;
pub mod emit;
pub mod error;
pub mod generate;
pub mod grid;
pub mod import;
pub mod layout;
pub mod load;
pub mod model;
pub mod names;
pub mod package;
pub mod template;

pub use error::{Error, Result};
pub use model::Definition;
