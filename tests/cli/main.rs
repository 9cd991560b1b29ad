//! The integration tests: each runs the real `evalsheet` binary in a temporary folder and reads
//! what it wrote back with calamine (and, for what calamine cannot see, the workbook's XML).

mod check;
mod collect;
mod desk;
mod diff;
mod feedback;
mod fixtures;
mod generate;
mod help_language;
mod hostile;
mod hostile_names;
mod import;
mod language;
mod list;
mod mof;
mod roundtrip;
mod rules;
mod support;
mod web;
mod web_browser;
mod web_setup;
mod windows;
