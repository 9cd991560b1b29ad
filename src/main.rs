//! The `evalsheet` command. Each subcommand lives in `src/cmd/`; this file only starts them.

mod cmd;

fn main() -> std::process::ExitCode {
    cmd::main()
}
