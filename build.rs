//! The message catalogue (`locales/`) is compiled into the binary by `fluent_templates::static_loader!`;
//! Cargo does not see those files as inputs, so a changed or added `.ftl` must rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=locales");
    println!("cargo:rerun-if-changed=build.rs");
}
