//! The web desk: `evalsheet serve DESK`, the collection desk of one year in a browser.
//!
//! One module per concern: [`server`] (the shared state, the router, running it), [`routes`]
//! (one handler per page or action), [`auth`] (sessions, the office key and password, unit
//! links), [`csrf`] (tokens and origins of state changes), [`dashboard`] (the year at a
//! glance), [`form_page`] (one form), [`sheet`] (a form drawn as an HTML table), [`upload`]
//! (receiving dropped files), [`downloads`] (zips and workbooks handed out), [`pages`]
//! (templates and the catalogue's words in them), [`setup`] (starting a desk: 新建收表台), [`assets`] (the style sheet, the upload
//! script and htmx, embedded). Everything the desk records goes through
//! [`crate::desk::Desk`]; nothing here speaks SQL.

pub mod assets;
pub mod auth;
pub mod csrf;
pub mod dashboard;
pub mod downloads;
pub mod form_page;
pub mod pages;
pub mod routes;
pub mod server;
pub mod setup;
pub mod sheet;
pub mod upload;
