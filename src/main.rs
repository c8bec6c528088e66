//! The `needle` command: parse arguments, load config, run, map errors to
//! exit codes. Everything else lives in the library.

mod cli;

/// mimalloc instead of the system allocator: a national run makes millions
/// of small allocations from two or more threads, where glibc's malloc both
/// spent about a tenth of the run and held far more memory than was in use
/// (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // A damaged workbook that makes a parser panic is refused with a plain
    // sentence in the report; keep the panic itself off the terminal.
    needle::ingest::quiet_parser_panics();
    std::process::exit(cli::run());
}
