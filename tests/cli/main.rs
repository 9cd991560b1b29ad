//! The integration tests: each runs the real `evalsheet` binary in a temporary folder and reads
//! what it wrote back with calamine (and, for what calamine cannot see, the workbook's XML).

mod check;
mod collect;
mod diff;
mod fixtures;
mod generate;
mod hostile;
mod hostile_names;
mod import;
mod mof;
mod roundtrip;
mod rules;
mod support;
mod windows;
