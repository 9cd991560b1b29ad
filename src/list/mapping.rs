//! Column mappings: how a budget system's flat export (one row per project, its own column
//! names, on a sheet of any name) is read as a list of projects.
//!
//! A mapping is a small YAML file that sits beside the workbook, named after it:
//! `预算导出.xlsx` is read through `预算导出.mapping.yaml` (or `.mapping.yml`) when there is
//! one. Its keys:
//!
//! ```yaml
//! sheet: 项目支出预算        # the sheet to read (default: the first)
//! header_row: 2             # the row of the column names, as Excel numbers rows (default:
//!                           # the first of the top 20 rows that names the project column)
//! year: 2023                # 年度 of every row, when the export has no year column
//! form: city                # 表样 of every row (city, mof, 市级, 财政部); default city
//! columns:                  # the export's column name → the field it holds
//!   项目名称: project
//!   预算单位: unit
//!   主管部门: city_department
//!   本年预算合计: funds.total.budget
//!   其中：市级财力: funds.city.budget
//!   绩效目标: goal.target
//! ```
//!
//! The fields are the definition's keys as `definition-format.md` names them: `year`, `form`,
//! `project`, `city_department`, `local_department`, `unit`, `contact`, `goal.target`,
//! `goal.actual`, `note`, `funds.weight`, and `funds.LINE.MEASURE` with LINE one of `total`,
//! `central_provincial`, `city`, `other`, `current_year`, `carryover` and MEASURE one of
//! `budget`, `initial_budget`, `executed`. Columns not named are ignored, and the 项目清单's
//! own headers are still recognised.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A column mapping, as read from its file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub header_row: Option<u32>,
    /// 年度 of every row, when the export has no year column.
    #[serde(default)]
    pub year: Option<i32>,
    /// 表样 of every row.
    #[serde(default)]
    pub form: Option<String>,
    /// Column name → field key.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
}

/// Values for every row, where the export has no column for them.
#[derive(Debug, Clone, Default)]
pub struct Defaults {
    pub year: Option<i32>,
    pub form: Option<String>,
}

impl Mapping {
    /// The values of every row.
    pub fn defaults(&self) -> Defaults {
        Defaults {
            year: self.year,
            form: self.form.clone(),
        }
    }
}

/// The mapping file beside a workbook, when there is one: `NAME.mapping.yaml` or
/// `NAME.mapping.yml` for `NAME.xlsx`.
pub fn mapping_beside(workbook: &Path) -> Option<PathBuf> {
    let stem = workbook.file_stem()?.to_string_lossy().into_owned();
    ["yaml", "yml"]
        .iter()
        .map(|ext| workbook.with_file_name(format!("{stem}.mapping.{ext}")))
        .find(|p| p.is_file())
}

pub use crate::input::is_mapping_file;

impl Mapping {
    /// Read and check a mapping file: every field it names must be one a list holds.
    pub fn read(path: &Path) -> Result<Mapping> {
        let bytes = std::fs::read(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let text = std::str::from_utf8(&bytes).map_err(|_| Error::NotText {
            path: path.to_path_buf(),
        })?;
        let text = text
            .trim_start_matches('\u{feff}')
            .replace("\r\n", "\n")
            .replace('\r', "\n");
        let mut m: Mapping = serde_saphyr::from_str(&text).map_err(|e| {
            let message = crate::error::yaml_message(&e);
            match e.location() {
                Some(loc) if loc.line() > 0 => Error::Yaml {
                    path: path.to_path_buf(),
                    line: loc.line(),
                    column: loc.column(),
                    message,
                },
                _ => Error::Syntax {
                    path: path.to_path_buf(),
                    message,
                },
            }
        })?;
        let known = super::project_keys();
        for (head, key) in &mut m.columns {
            *key = key.trim().to_string();
            if !known.iter().any(|k| k == key) {
                return Err(Error::Syntax {
                    path: path.to_path_buf(),
                    message: crate::t!(
                        "list-mapping-field",
                        column = head.clone(),
                        field = key.clone(),
                        fields = known.join(", ")
                    ),
                });
            }
        }
        if let Some(form) = &m.form {
            match super::form_of_label(form) {
                Some(id) => m.form = Some(id.to_string()),
                None => {
                    return Err(Error::Syntax {
                        path: path.to_path_buf(),
                        message: crate::t!(
                            "list-mapping-form",
                            value = form.clone(),
                            forms = crate::template::ids().join(", ")
                        ),
                    });
                }
            }
        }
        Ok(m)
    }
}
