//! Any bytes, read as a workbook and checked against the contract.
//!
//! What must hold for every input: no panic, no abort, and the row
//! accounting of every sheet balances (read = accepted + refused), so a
//! file can never lose a row between what was read and what was reported.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use needle::config::Config;
use needle::contract;
use needle::ingest::{self, Source, SourceKind};

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        // Panics that needle catches inside a parser refuse the file; only
        // the rest reach libFuzzer's hook (which aborts, a finding).
        ingest::quiet_parser_panics();
        Config::builtin().expect("the built-in config loads")
    })
}

fuzz_target!(|data: &[u8]| {
    let config = config();
    let source = Source {
        path: PathBuf::from("fuzz.xlsx"),
        name: "fuzz.xlsx".into(),
        kind: SourceKind::Workbook,
        modified: None,
    };
    let (_, report) = contract::check_read(&source, &ingest::read_workbook_bytes(data, &config.limits), config);
    assert_eq!(report.unbalanced_sheet(), None, "row accounting does not balance");
    assert!(!report.issues.is_empty() || report.status != contract::Status::Rejected);
});
