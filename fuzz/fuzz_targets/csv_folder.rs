//! Any bytes, split into the CSV sheets of a folder return and checked
//! against the contract: encodings, quoting, separators and every cell
//! parser on text. Same properties as `return_bytes`: no panic, and every
//! sheet's rows balance.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use needle::config::Config;
use needle::contract;
use needle::ingest::{self, Source, SourceKind};

fn setup() -> &'static (Config, PathBuf) {
    static SETUP: OnceLock<(Config, PathBuf)> = OnceLock::new();
    SETUP.get_or_init(|| {
        ingest::quiet_parser_panics();
        let dir = std::env::temp_dir().join(format!("needle-fuzz-csv-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        (Config::builtin().expect("the built-in config loads"), dir)
    })
}

fuzz_target!(|data: &[u8]| {
    let (config, dir) = setup();
    // Sheets are separated by the byte 0x1E (record separator).
    let names = ["About.csv", "Activities.csv", "Outcomes.csv", "People.csv"];
    let mut parts = data.split(|&b| b == 0x1E);
    for name in names {
        let path = dir.join(name);
        match parts.next() {
            Some(p) => std::fs::write(&path, p).expect("write a sheet"),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    let source = Source {
        path: dir.clone(),
        name: "fuzz".into(),
        kind: SourceKind::CsvFolder,
        modified: None,
    };
    let (_, report) = contract::check_read(&source, &ingest::read(&source, &config.limits), config);
    assert_eq!(report.unbalanced_sheet(), None, "row accounting does not balance");
});
