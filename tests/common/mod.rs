//! Helpers shared by the integration tests: run the binary from the
//! project folder, run a report into a temporary folder, read its files.
#![allow(dead_code)] // each test file uses some of these

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// The needle binary, run from the project folder (fixture paths are
/// relative to it).
pub fn needle() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_needle"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

/// `needle report <args> --out <temporary folder>`, which must succeed.
pub fn report<S: AsRef<OsStr>>(args: &[S]) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .arg("report")
        .args(args)
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "report failed: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    out
}

/// A report file as text.
pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}
