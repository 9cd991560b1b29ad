//! The web desk: `evalsheet serve DESK`, the collection desk of one year in a browser.
//!
//! One module per concern: [`auth`] (sessions, the office key and password, unit links),
//! [`csrf`] (tokens and origins of state changes), [`pages`] (templates and the catalogue's
//! words in them), [`sheet`] (a form drawn as an HTML table), [`assets`] (the style sheet,
//! the upload script and htmx, embedded).

pub mod assets;
pub mod auth;
pub mod csrf;
pub mod pages;
pub mod sheet;
