//! The `needle` command: parse arguments, load config, run, map errors to
//! exit codes. Everything else lives in the library.

mod cli;

fn main() {
    // A damaged workbook that makes a parser panic is refused with a plain
    // sentence in the report; keep the panic itself off the terminal.
    needle::ingest::quiet_parser_panics();
    std::process::exit(cli::run());
}
