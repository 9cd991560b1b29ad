//! AFL++ target: evalsheet_fuzz::load_definition on every input (see ../README.md).
//!
//! Every panic is a crash, even one that evalsheet itself catches (grid::read_book_bytes turns
//! a reader's panic into an error): a panic in a reader is a bug to fix, not an answer. Set
//! EVALSHEET_FUZZ_CAUGHT_PANICS_OK=1 to let caught panics pass, as the product does; replay.sh
//! uses it to tell the two apart.

fn main() {
    if std::env::var_os("EVALSHEET_FUZZ_CAUGHT_PANICS_OK").is_some() {
        afl::fuzz_nohook!(|data: &[u8]| evalsheet_fuzz::load_definition(data));
    } else {
        afl::fuzz!(|data: &[u8]| evalsheet_fuzz::load_definition(data));
    }
}
