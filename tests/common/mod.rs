//! Helpers shared by the integration tests: run the binary from the
//! project folder, run a report into a temporary folder, read its files.
#![allow(dead_code)] // each test file uses some of these

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
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

/// A path under fixtures/.
pub fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(p)
}

/// Copies fixtures/small/SML-A to a temporary folder with one file changed.
pub fn altered(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let ret = dir.path().join("SML-A");
    std::fs::create_dir(&ret).unwrap();
    for e in std::fs::read_dir(fixture("small/SML-A")).unwrap() {
        let e = e.unwrap();
        let mut text = std::fs::read_to_string(e.path()).unwrap();
        if e.file_name() == file {
            assert!(text.contains(from), "{file} has no {from:?}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(ret.join(e.file_name()), text).unwrap();
    }
    dir
}
