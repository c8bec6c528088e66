//! The `needle` command: parse arguments, load config, run, map errors to
//! exit codes. Everything else lives in the library.

mod cli;

fn main() {
    std::process::exit(cli::run());
}
