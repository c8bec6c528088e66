//! fixtures/bad: one return per refusal rule and leniency case (made by
//! examples/bad_fixtures.rs and LibreOffice, see fixtures/bad/make.sh).
//! Each test checks the issue's code, sheet and cell, and that every row is
//! accounted for: read = accepted + refused.

mod common;
use common::needle;

use serde_json::{Value, json};
use std::path::Path;

/// `needle validate --format json` on the given paths: (exit code, returns).
fn validate(paths: &[&str]) -> (i32, Vec<Value>) {
    let out = needle()
        .args(["validate", "--format", "json"])
        .args(paths)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{paths:?}: {e}: {}", String::from_utf8_lossy(&out.stderr)));
    (
        out.status.code().unwrap(),
        v["returns"].as_array().unwrap().clone(),
    )
}

fn rows(read: u64, accepted: u64, refused: u64) -> Value {
    json!({"read": read, "accepted": accepted, "refused": refused})
}

/// Rows of the valid base return, per sheet.
fn base_rows() -> Value {
    json!({
        "Activities": rows(2, 2, 0),
        "Counts": rows(2, 2, 0),
        "Outcomes": rows(3, 3, 0),
        "Stories": rows(1, 1, 0),
    })
}

fn every_row_accounted_for(r: &Value) {
    for (sheet, n) in r["rows"].as_object().unwrap() {
        let (read, acc, refd) = (
            n["read"].as_u64(),
            n["accepted"].as_u64(),
            n["refused"].as_u64(),
        );
        assert_eq!(
            read.unwrap(),
            acc.unwrap() + refd.unwrap(),
            "{sheet} of {}",
            r["file"]
        );
    }
}

/// One row refused with one error: (file, code, sheet, cell, words the
/// message must contain).
const ROW_RULES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "value-missing.xlsx",
        "VALUE_MISSING",
        "Outcomes",
        "D2",
        "Baseline score is empty",
    ),
    (
        "out-of-range.xlsx",
        "OUT_OF_RANGE",
        "Outcomes",
        "D2",
        "range of 14 to 70",
    ),
    (
        "not-a-number.xlsx",
        "NOT_A_NUMBER",
        "Outcomes",
        "F3",
        "'lots', which is not a number",
    ),
    (
        "followup-before-baseline.xlsx",
        "FOLLOWUP_BEFORE_BASELINE",
        "Outcomes",
        "G2",
        "before the baseline date 03/07/2026",
    ),
    (
        "date-after-quarter.xlsx",
        "DATE_AFTER_QUARTER",
        "Outcomes",
        "G2",
        "after the end of the quarter (30/09/2026)",
    ),
    (
        "not-a-date.xlsx",
        "NOT_A_DATE",
        "Outcomes",
        "E4",
        "not a date",
    ),
    (
        "activity-unknown.xlsx",
        "ACTIVITY_UNKNOWN",
        "Outcomes",
        "B3",
        "'A9' is not on the Activities sheet",
    ),
    (
        "measure-unknown.xlsx",
        "MEASURE_UNKNOWN",
        "Outcomes",
        "C2",
        "Did you mean 'WEMWBS'?",
    ),
    ("cell-error.xlsx", "CELL_ERROR", "Outcomes", "D2", "#DIV/0!"),
    (
        "libreoffice/cell-error-libreoffice.xlsx",
        "CELL_ERROR",
        "Outcomes",
        "D2",
        "#DIV/0!",
    ),
    (
        "libreoffice/cell-error.ods",
        "CELL_ERROR",
        "Outcomes",
        "D2",
        "#DIV/0!",
    ),
    (
        "libreoffice/out-of-range.xls",
        "OUT_OF_RANGE",
        "Outcomes",
        "D2",
        "range of 14 to 70",
    ),
    (
        "duplicate-outcome.xlsx",
        "DUPLICATE_OUTCOME",
        "Outcomes",
        "C3",
        "already has a WEMWBS row",
    ),
    (
        "privacy-nhs-number.xlsx",
        "PRIVACY_REFERENCE",
        "Outcomes",
        "A2",
        "looks like an NHS number",
    ),
    (
        "privacy-email.xlsx",
        "PRIVACY_REFERENCE",
        "Outcomes",
        "A3",
        "looks like an email address",
    ),
    (
        "privacy-phone.xlsx",
        "PRIVACY_REFERENCE",
        "Outcomes",
        "A4",
        "looks like a phone number",
    ),
    (
        "not-a-whole-number.xlsx",
        "NOT_A_WHOLE_NUMBER",
        "Activities",
        "D3",
        "must be a whole number",
    ),
    (
        "negative.xlsx",
        "NEGATIVE",
        "Activities",
        "G3",
        "cannot be below 0",
    ),
    (
        "not-allowed.xlsx",
        "NOT_ALLOWED",
        "Activities",
        "C3",
        "'knitting' is not one of the allowed values",
    ),
    (
        "activity-duplicate.xlsx",
        "ACTIVITY_DUPLICATE",
        "Activities",
        "A3",
        "used twice",
    ),
    (
        "indicator-unknown.xlsx",
        "INDICATOR_UNKNOWN",
        "Counts",
        "B2",
        "Did you mean 'Friends and Family Test positive'?",
    ),
    (
        "denominator-below-numerator.xlsx",
        "DENOMINATOR_BELOW_NUMERATOR",
        "Counts",
        "D2",
        "below Numerator (9)",
    ),
    (
        "too-long.xlsx",
        "TOO_LONG",
        "Stories",
        "E2",
        "3001 characters",
    ),
];

/// The finished-course and pairing rules, on the valid return with a
/// People sheet (fixtures/bad/valid-people.xlsx): (file, code, sheet, cell,
/// words the message must contain).
const COURSE_RULES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "sessions-not-whole.xlsx",
        "NOT_A_WHOLE_NUMBER",
        "People",
        "G2",
        "Sessions attended is 2.5; it must be a whole number",
    ),
    (
        "sessions-negative.xlsx",
        "NEGATIVE",
        "People",
        "G3",
        "Sessions attended is -1; it cannot be below 0",
    ),
    (
        "descriptor-unknown.xlsx",
        "NOT_ALLOWED",
        "People",
        "H4",
        "'social anxeity' is not one of the descriptors. Did you mean 'social anxiety'?",
    ),
    (
        "adsm-out-of-range.xlsx",
        "OUT_OF_RANGE",
        "Outcomes",
        "D4",
        "outside the SPIN range of 0 to 68",
    ),
];

/// Each case refuses one row with one error naming its code, sheet and
/// cell, with a hint; every other row of `base` is used.
fn one_row_refused(cases: &[(&str, &str, &str, &str, &str)], base: Value) {
    for &(file, code, sheet, cell, words) in cases {
        let path = format!("fixtures/bad/{file}");
        let (exit, returns) = validate(&[&path]);
        assert_eq!(exit, 1, "{file}");
        let r = &returns[0];
        assert_eq!(r["status"], "accepted_with_errors", "{file}");
        let errors: Vec<&Value> = r["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["severity"] == "error")
            .collect();
        assert_eq!(errors.len(), 1, "{file}: {errors:?}");
        let e = errors[0];
        assert_eq!(
            (e["code"].as_str(), e["sheet"].as_str(), e["cell"].as_str()),
            (Some(code), Some(sheet), Some(cell)),
            "{file}"
        );
        let message = e["message"].as_str().unwrap();
        assert!(message.contains(words), "{file}: {message}");
        assert!(
            !e["hint"].as_str().unwrap().is_empty(),
            "{file} has no hint"
        );
        // The one refused row is on the sheet named; every other row is used.
        let mut expected = base.clone();
        let n = expected[sheet]["read"].as_u64().unwrap();
        expected[sheet] = rows(n, n - 1, 1);
        assert_eq!(r["rows"], expected, "{file}");
    }
}

#[test]
fn each_row_rule_refuses_one_row_names_its_cell_and_keeps_the_rest() {
    one_row_refused(ROW_RULES, base_rows());
}

#[test]
fn each_course_rule_refuses_one_row_names_its_cell_and_keeps_the_rest() {
    let mut base = base_rows();
    base["People"] = rows(3, 3, 0);
    let (exit, valid) = validate(&["fixtures/bad/valid-people.xlsx"]);
    assert_eq!((exit, &valid[0]["rows"]), (0, &base));
    one_row_refused(COURSE_RULES, base);
}

#[test]
fn privacy_messages_never_repeat_the_reference() {
    for (file, value) in [
        ("privacy-nhs-number.xlsx", "943 476 5919"),
        ("privacy-email.xlsx", "jo.bloggs@example.com"),
        ("privacy-phone.xlsx", "07700 900123"),
    ] {
        let out = needle()
            .arg("validate")
            .arg(format!("fixtures/bad/{file}"))
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(!text.contains(value), "{file} echoes the reference");
        assert!(text.contains("pseudonymous"), "{file}: {text}");
    }
}

#[test]
fn whole_file_refusals_give_one_clear_reason() {
    for (file, code, words) in [
        ("not-a-return.xlsx", "NOT_A_RETURN", "no About sheet"),
        ("truncated.xlsx", "FILE_CORRUPT", "damaged"),
        ("password.xlsx", "FILE_PASSWORD", "password"),
        ("photo-not-a-spreadsheet.xlsx", "FILE_TYPE", "a PNG image"),
        ("sheet-missing.xlsx", "SHEET_MISSING", "no Activities sheet"),
        (
            "project-id-invalid.xlsx",
            "PROJECT_ID_INVALID",
            "'my project!' is not a valid ID",
        ),
        (
            "quarter-invalid.xlsx",
            "QUARTER_INVALID",
            "'Q5 2026' is not a financial-year quarter",
        ),
    ] {
        let (exit, returns) = validate(&[&format!("fixtures/bad/{file}")]);
        assert_eq!(exit, 1, "{file}");
        let r = &returns[0];
        assert_eq!(r["status"], "rejected", "{file}");
        let errors: Vec<&Value> = r["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["severity"] == "error")
            .collect();
        assert_eq!(errors.len(), 1, "{file}: {errors:?}");
        assert_eq!(errors[0]["code"], code, "{file}");
        assert!(
            errors[0]["message"].as_str().unwrap().contains(words),
            "{file}: {}",
            errors[0]["message"]
        );
        every_row_accounted_for(r);
    }
    // The password hint says what to do.
    let (_, r) = validate(&["fixtures/bad/password.xlsx"]);
    assert!(
        r[0]["issues"][0]["hint"]
            .as_str()
            .unwrap()
            .contains("without a password")
    );
}

#[test]
fn a_missing_column_or_header_refuses_the_sheet_and_counts_its_rows() {
    let (_, r) = validate(&["fixtures/bad/column-missing.xlsx"]);
    let e = &r[0]["issues"][0];
    assert_eq!(
        (e["code"].as_str(), e["sheet"].as_str(), e["cell"].as_str()),
        (Some("COLUMN_MISSING"), Some("Outcomes"), Some("G1"))
    );
    assert_eq!(r[0]["rows"]["Outcomes"], rows(3, 0, 3));
    assert_eq!(r[0]["rows"]["Activities"], rows(2, 2, 0));

    let (_, r) = validate(&["fixtures/bad/header-not-found.xlsx"]);
    assert_eq!(r[0]["issues"][0]["code"], "HEADER_NOT_FOUND");
    assert_eq!(r[0]["rows"]["Outcomes"], rows(1, 0, 1));
}

#[test]
fn over_the_size_limit_is_refused() {
    let cfg = tempfile::tempdir().unwrap();
    std::fs::write(
        cfg.path().join("limits.toml"),
        "max_file_bytes = 1000\nmax_uncompressed_bytes = 268435456\nmax_cells_per_sheet = 2000000\nmax_rows_per_sheet = 200000\n",
    )
    .unwrap();
    let out = needle()
        .arg("--config")
        .arg(cfg.path())
        .args(["validate", "--format", "json", "fixtures/bad/valid.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let e = &v["returns"][0]["issues"][0];
    assert_eq!(e["code"], "FILE_TOO_LARGE");
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("the limit is 1000 bytes"),
        "{e}"
    );
}

#[test]
fn macros_are_never_run_and_are_warned_about() {
    let (exit, r) = validate(&["fixtures/bad/macros.xlsm"]);
    assert_eq!(exit, 0);
    assert_eq!(r[0]["status"], "accepted");
    assert_eq!(r[0]["issues"][0]["code"], "MACROS_IGNORED");
    assert_eq!(r[0]["issues"][0]["severity"], "warning");
    assert_eq!(r[0]["rows"], base_rows());
}

#[test]
fn the_later_of_two_returns_for_a_quarter_supersedes_the_earlier() {
    let (exit, r) = validate(&[
        "fixtures/bad/supersede-first.xlsx",
        "fixtures/bad/supersede-second.xlsx",
    ]);
    assert_eq!(exit, 0);
    // Submission dates 10/10/2026 and 20/10/2026: the second wins.
    assert_eq!(
        (r[0]["status"].as_str(), r[1]["status"].as_str()),
        (Some("superseded"), Some("accepted"))
    );
    assert_eq!(r[0]["issues"][0]["code"], "SUPERSEDED");
}

/// `needle report --no-suppression` on one return; returns (measures, vfm).
fn tables(path: &str) -> (String, String) {
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .args(["report", path, "--no-suppression", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{path}: {}",
        String::from_utf8_lossy(&st.stderr)
    );
    let read = |f: &str| std::fs::read_to_string(out.path().join(f)).unwrap();
    (read("tables/measures.csv"), read("tables/vfm.csv"))
}

#[test]
fn the_same_return_saved_by_different_programs_gives_the_same_tables() {
    // valid.xlsx is rust_xlsxwriter's; the others LibreOffice's (ods, xls,
    // re-saved xlsx) and the 1904 date system variant.
    let (m0, v0) = tables("fixtures/bad/valid.xlsx");
    // R1 40→45, R2 41→44: mean baseline 40.50, follow-up 44.50, change 4.00;
    // both improved, both meaningful (≥ 3). GAD-7 R3 12→8: change −4.00,
    // meaningful and reliable (≥ 4), at caseness at baseline (≥ 8) and still
    // at caseness at follow-up (8), so not recovered.
    assert!(
        m0.contains("2026/27 Q2,BAD-01,WEMWBS,2,40.50,44.50,4.00,2,2,0,0,,,\r\n"),
        "{m0}"
    );
    assert!(
        m0.contains("2026/27 Q2,BAD-01,GAD-7,1,12.00,8.00,-4.00,1,1,1,0,1,0,0\r\n"),
        "{m0}"
    );
    for other in [
        "fixtures/bad/libreoffice/valid.ods",
        "fixtures/bad/libreoffice/valid.xls",
        "fixtures/bad/libreoffice/valid-libreoffice.xlsx",
        "fixtures/bad/dates-1904.xlsx",
        "fixtures/bad/quarter-fy-form.xlsx",
        "fixtures/bad/quarter-dash-form.xlsx",
        // Packaged as other writers package a workbook: its part found
        // through _rels/.rels rather than at xl/workbook.xml; part names with
        // back slashes and in lower case; saved as a template (.xltx). Each
        // was refused as "a zip archive with no workbook inside" (or, the
        // template, as the wrong type) before issue 20.
        "fixtures/bad/workbook-part-elsewhere.xlsx",
        "fixtures/bad/part-names-backslashed.xlsx",
        "fixtures/bad/saved-as-template.xltx",
    ] {
        let (m, v) = tables(other);
        assert_eq!(m, m0, "{other}");
        assert_eq!(v, v0, "{other}");
        let (exit, r) = validate(&[other]);
        assert_eq!(
            (exit, r[0]["issues"].as_array().unwrap().len()),
            (0, 0),
            "{other}: {r:?}"
        );
    }
}

#[test]
fn a_messy_hand_made_layout_is_read_correctly() {
    // Title rows with merged cells, the table starting at B4, sheet names in
    // other cases, synonyms and units in headers, money as "£1,234.50" text,
    // numbers and UK dates stored as text, quarter written "Q2 2026/27".
    let (exit, r) = validate(&["fixtures/bad/lenient-layout.xlsx"]);
    assert_eq!(exit, 0);
    assert_eq!(r[0]["rows"], base_rows());
    // The one warning: the extra Notes column (I4: table from column B, 8th
    // header) is kept out of the data.
    let issues = r[0]["issues"].as_array().unwrap();
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(
        (issues[0]["code"].as_str(), issues[0]["cell"].as_str()),
        (Some("COLUMN_UNKNOWN"), Some("I4"))
    );
    let (m, v) = tables("fixtures/bad/lenient-layout.xlsx");
    // Cost £1,234.50 + 600 = 1834.50; participants 12 + 8 = 20.
    assert!(v.contains(",Salford,1834.50,0.00,20,91.73,"), "{v}");
    assert!(
        m.contains("2026/27 Q2,BAD-01,WEMWBS,2,40.50,44.50,4.00,"),
        "{m}"
    );
    // The LibreOffice copy names the same absolute cell.
    let (_, r) = validate(&["fixtures/bad/libreoffice/lenient-layout.ods"]);
    assert_eq!(r[0]["issues"][0]["cell"], "I4");
    assert_eq!(r[0]["rows"], base_rows());
    let (m, _) = tables("fixtures/bad/libreoffice/lenient-layout.ods");
    assert!(
        m.contains("2026/27 Q2,BAD-01,WEMWBS,2,40.50,44.50,4.00,"),
        "{m}"
    );
}

#[test]
fn csv_folders_in_windows_1252_and_utf8_with_bom_keep_the_pound_sign() {
    for dir in ["fixtures/bad/csv-windows-1252", "fixtures/bad/csv-utf8-bom"] {
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(dir)
                .join("About.csv")
                .exists()
        );
        let (exit, r) = validate(&[dir]);
        assert_eq!(exit, 0, "{dir}: {r:?}");
        assert_eq!(r[0]["rows"], base_rows(), "{dir}");
        let (_, v) = tables(dir);
        // "£1,500.00" + 600 = 2100.00; the name keeps its é.
        assert!(
            v.contains(",BAD-01,Café Connect,Salford,2100.00,"),
            "{dir}: {v}"
        );
    }
    // The Windows-1252 file really is not UTF-8 (the £ is the byte 0xA3).
    let raw = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad/csv-windows-1252/Activities.csv"),
    )
    .unwrap();
    assert!(raw.contains(&0xA3) && std::str::from_utf8(&raw).is_err());
}
