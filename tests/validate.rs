//! `needle validate`: messages name file, sheet and cell; exit codes 0/1/2.

mod common;
use common::needle;

#[test]
fn clean_returns_exit_zero() {
    let out = needle()
        .args(["validate", "fixtures/small/SML-A", "fixtures/small/SML-B"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("fixtures/small/SML-A: accepted\n"), "{text}");
    assert!(
        text.contains("  Outcomes: 18 rows read, 18 accepted, 0 refused\n"),
        "{text}"
    );
    assert!(
        text.ends_with("2 files checked: 2 accepted, 0 accepted with errors, 0 rejected, 0 superseded; 0 errors, 0 warnings\n"),
        "{text}"
    );
}

#[test]
fn errors_are_printed_with_sheet_cell_and_hint_and_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    let ret = dir.path().join("BAD");
    std::fs::create_dir(&ret).unwrap();
    std::fs::write(
        ret.join("About.csv"),
        "Field,Value\nProject ID,BAD-1\nProject name,Bad\nOrganisation,Bad\nOrganisation type,charity\nArea,Salford\nQuarter,2026/27 Q2\n",
    )
    .unwrap();
    std::fs::write(
        ret.join("Activities.csv"),
        "Activity ID,Activity name,Activity type,Sessions,Participants,Cost\nA1,Walk,green care,4,3,100\n",
    )
    .unwrap();
    std::fs::write(
        ret.join("Outcomes.csv"),
        "Participant ref,Activity ID,Measure,Baseline score,Baseline date,Follow-up score,Follow-up date\n\
         X1,A1,GAD-7,5,01/07/2026,lots,01/09/2026\n",
    )
    .unwrap();
    let out = needle().arg("validate").arg(&ret).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("BAD: accepted with errors"), "{text}");
    // Follow-up score is column F of row 2; the issue sits under its sheet.
    assert!(
        text.contains(
            "  Outcomes: 1 row read, 0 accepted, 1 refused\n    F2 error[NOT_A_NUMBER]: "
        ),
        "{text}"
    );
    assert!(text.contains("      how to fix: "), "{text}");

    let json = needle()
        .args(["validate", "--format", "json"])
        .arg(&ret)
        .output()
        .unwrap();
    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let issue = &v["returns"][0]["issues"][0];
    assert_eq!(issue["code"], "NOT_A_NUMBER");
    assert_eq!(issue["sheet"], "Outcomes");
    assert_eq!(issue["cell"], "F2");
    assert_eq!(
        v["returns"][0]["rows"]["Outcomes"],
        serde_json::json!({"read": 1, "accepted": 0, "refused": 1})
    );
}

#[test]
fn a_missing_path_means_could_not_run() {
    let out = needle()
        .args(["validate", "no/such/return.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("no/such/return.xlsx: no such file or folder"),
        "{err}"
    );
}
