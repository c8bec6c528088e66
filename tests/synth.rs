//! `needle synth`: deterministic for a seed, and what it writes passes the
//! contract in every format.

mod common;
use common::{all_bytes, needle};

use std::path::Path;

fn synth(out: &Path, seed: &str) {
    let st = needle()
        .args([
            "synth",
            "--projects",
            "7",
            "--quarters",
            "2",
            "--seed",
            seed,
            "--out",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
}

#[test]
fn same_seed_writes_the_same_bytes_and_every_return_is_valid() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    synth(a.path(), "42");
    synth(b.path(), "42");
    synth(c.path(), "43");
    let (fa, fb, fc) = (
        all_bytes(a.path()),
        all_bytes(b.path()),
        all_bytes(c.path()),
    );
    assert!(fa == fb, "same seed, different files");
    assert!(fa != fc, "different seeds, same files");
    // 7 projects: index 5 is ODS, 6 a CSV folder, the other 5 xlsx; × 2 quarters.
    let count = |ext: &str| fa.keys().filter(|k| k.ends_with(ext)).count();
    assert_eq!(count(".xlsx"), 10);
    assert_eq!(count(".ods"), 2);
    assert_eq!(count("About.csv"), 2);
    assert!(
        fa.keys().any(|k| k.starts_with("2026-27-Q1"))
            && fa.keys().any(|k| k.starts_with("2026-27-Q2"))
    );

    let v = needle().arg("validate").arg(a.path()).output().unwrap();
    let text = String::from_utf8(v.stdout).unwrap();
    assert_eq!(v.status.code(), Some(0), "{text}");
    assert!(
        text.ends_with("14 files checked: 14 accepted, 0 accepted with errors, 0 rejected, 0 superseded; 0 errors, 0 warnings\n"),
        "{text}"
    );
}
