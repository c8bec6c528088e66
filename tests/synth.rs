//! `needle synth`: deterministic for a seed, and what it writes passes the
//! contract in every format.

mod common;
use common::{all_bytes, needle};

use std::path::Path;

/// `needle synth ARGS --out OUT`.
fn synth_with(args: &[&str], out: &Path) -> std::process::Output {
    needle()
        .arg("synth")
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn synth(out: &Path, seed: &str) {
    let st = synth_with(&["--projects", "7", "--quarters", "2", "--seed", seed], out);
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

#[test]
fn people_sets_each_projects_size() {
    // --people 40-40: every project works with exactly 40 people, so the
    // People sheet has 40 rows; the measures a project uses vary, so
    // Outcomes has 40 × (measures used) rows, a multiple of 40.
    let out = tempfile::tempdir().unwrap();
    let st = synth_with(
        &[
            "--projects",
            "3",
            "--quarters",
            "1",
            "--seed",
            "5",
            "--people",
            "40-40",
        ],
        out.path(),
    );
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let v = needle()
        .args(["validate", "--format", "json"])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(v.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&v.stdout).unwrap();
    let returns = json["returns"].as_array().unwrap();
    assert_eq!(returns.len(), 3);
    for r in returns {
        assert_eq!(r["rows"]["People"]["accepted"], 40, "{r}");
        let outcomes = r["rows"]["Outcomes"]["accepted"].as_u64().unwrap();
        assert!(outcomes >= 40 && outcomes % 40 == 0, "{r}");
    }

    // A backwards or empty range is refused before anything is written.
    let bad = tempfile::tempdir().unwrap();
    let st = synth_with(&["--people", "30-10"], &bad.path().join("x"));
    assert_eq!(st.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&st.stderr).contains("1 <= MIN <= MAX <= 9999"),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    assert!(!bad.path().join("x").exists());
}
