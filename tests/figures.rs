//! Issue "Outcomes that mean something": trends over quarters, activity
//! types, indicators with Wilson intervals, follow-up completion and the
//! Parquet facts, on fixtures/small (2026/27 Q2) plus fixtures/small-q1
//! (SML-A's 2026/27 Q1 return), all worked out by hand.

mod common;

use common::{needle, read};
use std::path::Path;

fn report(extra: &[&str]) -> tempfile::TempDir {
    let mut args = vec!["fixtures/small", "fixtures/small-q1", "--no-suppression"];
    args.extend_from_slice(extra);
    common::report(&args)
}

/// Lines of a CSV that are not all-zero objective rows, for brevity.
fn nonzero(csv: &str) -> Vec<&str> {
    csv.lines().filter(|l| !l.ends_with(",0,0,,0,0")).collect()
}

// Q1 (SML-A only, Salford), WEMWBS: P01 40→44 (+4, meaningful ≥ 3), P02
//   38→39 (+1), P03 45→36 (−9, reliable deterioration ≥ 8), P04 no follow-up.
//   Objective 1: 3 paired, 1 improved → 0.3333; 1 deteriorated, which is
//   also reported under objective 5 (avoidable harm).
// Q2: as in tests/report.rs; deterioration: P06 WEMWBS −8 (objective 1) and
//   B03 PHQ-9 +8 (objective 2); both under objective 5: 2 in All areas.
const TRENDS: &[&str] = &[
    "quarter,area,objective,objective_name,n_people,n_improved,rate_improved,n_deteriorated,count_outcomes",
    "2026/27 Q1,All areas,1,More people will have good mental health,3,1,0.3333,1,0",
    "2026/27 Q1,All areas,5,Fewer people will suffer avoidable harm,0,0,,1,0",
    "2026/27 Q1,Salford,1,More people will have good mental health,3,1,0.3333,1,0",
    "2026/27 Q1,Salford,5,Fewer people will suffer avoidable harm,0,0,,1,0",
    "2026/27 Q2,All areas,1,More people will have good mental health,12,10,0.8333,1,0",
    "2026/27 Q2,All areas,2,More people with mental health problems will recover,3,1,0.3333,1,0",
    "2026/27 Q2,All areas,4,More people will have a positive experience of care and support,0,0,,0,9",
    "2026/27 Q2,All areas,5,Fewer people will suffer avoidable harm,0,0,,2,3",
    "2026/27 Q2,Salford,1,More people will have good mental health,9,8,0.8889,1,0",
    "2026/27 Q2,Salford,4,More people will have a positive experience of care and support,0,0,,0,9",
    "2026/27 Q2,Salford,5,Fewer people will suffer avoidable harm,0,0,,1,3",
    "2026/27 Q2,Stockport,1,More people will have good mental health,3,2,0.6667,0,0",
    "2026/27 Q2,Stockport,2,More people with mental health problems will recover,3,1,0.3333,1,0",
    "2026/27 Q2,Stockport,5,Fewer people will suffer avoidable harm,0,0,,1,0",
];

#[test]
fn trends_cover_every_quarter_up_to_the_report_quarter() {
    let out = report(&[]);
    let trends = read(out.path(), "tables/trends.csv");
    assert_eq!(nonzero(&trends), TRENDS);
    // The headline counts the report quarter's returns only (SML-A's Q1
    // return is in the trend, not in "read for 2026/27 Q2").
    let html = read(out.path(), "report.html");
    assert!(
        html.contains("2 files were read: 2 used, 0 replaced by a later return and 0 rejected"),
        "headline"
    );
    // Q1 has 2 areas (All areas, Salford) × 6 objectives; Q2 has 3 × 6.
    assert_eq!(trends.lines().count(), 1 + 12 + 18);

    // --quarter picks the report quarter; the trend stops there.
    let q1 = report(&["--quarter", "2026/27 Q1"]);
    let trends = read(q1.path(), "tables/trends.csv");
    assert_eq!(trends.lines().count(), 1 + 12);
    assert!(trends.lines().skip(1).all(|l| l.starts_with("2026/27 Q1,")));
    let objectives = read(q1.path(), "tables/objectives.csv");
    assert!(objectives.contains(
        "2026/27 Q1,All areas,1,More people will have good mental health,3,1,0.3333,0\r\n"
    ));
}

#[test]
fn activity_types_show_which_activities_shift_which_objectives() {
    let out = report(&[]);
    let t = read(out.path(), "tables/activity_types.csv");
    // Q2: SML-A's outcomes are all on A1 (physical activity), SML-B's on A1
    // (creative arts); SML-A's peer circle (A2) has no outcomes. Counts name
    // no activity, so they sit under "(no activity given)".
    assert_eq!(
        nonzero(&t),
        [
            "quarter,activity_type,objective,objective_name,n_people,n_improved,rate_improved,n_deteriorated,count_outcomes",
            "2026/27 Q2,(no activity given),4,More people will have a positive experience of care and support,0,0,,0,9",
            "2026/27 Q2,(no activity given),5,Fewer people will suffer avoidable harm,0,0,,0,3",
            "2026/27 Q2,creative arts,1,More people will have good mental health,3,2,0.6667,0,0",
            "2026/27 Q2,creative arts,2,More people with mental health problems will recover,3,1,0.3333,1,0",
            "2026/27 Q2,creative arts,5,Fewer people will suffer avoidable harm,0,0,,1,0",
            "2026/27 Q2,physical activity,1,More people will have good mental health,9,8,0.8889,1,0",
            "2026/27 Q2,physical activity,5,Fewer people will suffer avoidable harm,0,0,,1,0",
        ]
    );
    // Every type delivered appears, with all six objectives (4 types × 6).
    assert_eq!(t.lines().count(), 1 + 4 * 6);
}

#[test]
fn indicators_have_wilson_intervals_and_reductions() {
    let out = report(&[]);
    // FFT positive 9 of 10: Wilson 95 % = (0.9 + 0.19207)/1.38415 ±
    // 1.96 × √(0.009 + 0.0096037)/1.38415 = 0.78898 ± 0.19314 → 0.5958–0.9821.
    // A&E: 4 attendances before joining, 1 after → a reduction of 3.
    assert_eq!(
        read(out.path(), "tables/indicators.csv"),
        "quarter,area,project_id,indicator,indicator_name,kind,objective,numerator,denominator,baseline,proportion,ci_low,ci_high,reduction\r\n\
         2026/27 Q2,Salford,SML-A,AE-MH,A&E mental-health attendances,before_after,5,1,,4,,,,3\r\n\
         2026/27 Q2,Salford,SML-A,FFT-POSITIVE,Friends and Family Test positive,proportion,4,9,10,,0.9000,0.5958,0.9821,\r\n\
         2026/27 Q2,Salford,ALL,AE-MH,A&E mental-health attendances,before_after,5,1,,4,,,,3\r\n\
         2026/27 Q2,Salford,ALL,FFT-POSITIVE,Friends and Family Test positive,proportion,4,9,10,,0.9000,0.5958,0.9821,\r\n\
         2026/27 Q2,All areas,ALL,AE-MH,A&E mental-health attendances,before_after,5,1,,4,,,,3\r\n\
         2026/27 Q2,All areas,ALL,FFT-POSITIVE,Friends and Family Test positive,proportion,4,9,10,,0.9000,0.5958,0.9821,\r\n"
    );
}

#[test]
fn follow_up_completion_shows_attrition() {
    let out = report(&[]);
    // SML-A: P01–P10 have a baseline, P10 no follow-up → 9/10. SML-B: 3/3.
    // Total 12/13 = 0.9231. SML-A's People sheet has no Sessions attended
    // column and SML-B has no People sheet, so nobody ended early.
    assert_eq!(
        read(out.path(), "tables/followup.csv"),
        "quarter,project_id,area,n_baseline,n_followup,rate_followup,n_ended_early,sessions_recorded\r\n\
         2026/27 Q2,SML-A,Salford,10,9,0.9000,0,none\r\n\
         2026/27 Q2,SML-B,Stockport,3,3,1.0000,0,no People sheet\r\n\
         2026/27 Q2,TOTAL,All areas,13,12,0.9231,0,none\r\n"
    );
}

#[test]
fn facts_parquet_has_every_fact_and_no_participant_reference() {
    use polars_io::SerReader;
    use polars_io::parquet::read::ParquetReader;
    let out = report(&[]);
    let bytes = std::fs::read(out.path().join("tables/facts.parquet")).unwrap();
    let df = ParquetReader::new(std::io::Cursor::new(bytes))
        .finish()
        .unwrap();
    // Q1: 4 WEMWBS rows; Q2: 18 (SML-A) + 9 (SML-B) outcome rows.
    assert_eq!(df.height(), 4 + 18 + 9);
    let names: Vec<String> = df
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(names.contains(&"person".to_string()) && !names.iter().any(|n| n.contains("ref")));
    // No string column holds a participant reference (P01…, B01…).
    for c in df.columns() {
        if let Ok(s) = c.str() {
            let is_ref = |v: &str| {
                v.len() == 3
                    && (v.starts_with('P') || v.starts_with('B'))
                    && v[1..].bytes().all(|b| b.is_ascii_digit())
            };
            assert!(s.iter().flatten().all(|v| !is_ref(v)), "{}", c.name());
        }
    }
    // The published edition does not carry record-level data at all.
    let published = tempfile::tempdir().unwrap();
    let st = needle()
        .args(["report", "fixtures/small", "--out"])
        .arg(published.path())
        .output()
        .unwrap();
    assert!(st.status.success());
    assert!(!published.path().join("tables/facts.parquet").exists());
}

#[test]
fn a_commissioner_adds_a_measure_by_editing_config_only() {
    // Kessler K10 (10–50, lower is better), added to a copy of measures.toml.
    let cfg = tempfile::tempdir().unwrap();
    let builtin =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("config/measures.toml"))
            .unwrap();
    let k10 = r#"
[[measures]]
id = "K10"
name = "Kessler Psychological Distress Scale"
range = [10, 50]
integer = true
better = "lower"
objectives = [2]
source = "Added by a commissioner for this test."
licence = "Test only."
meaningful_change = { value = 5, assumption = true, source = "Test." }
"#;
    std::fs::write(cfg.path().join("measures.toml"), format!("{builtin}{k10}")).unwrap();
    let ret = tempfile::tempdir().unwrap();
    let dir = ret.path().join("K");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("About.csv"), "Field,Value\nProject ID,K-1\nProject name,K\nOrganisation,K\nOrganisation type,charity\nArea,Wigan\nQuarter,2026/27 Q2\n").unwrap();
    std::fs::write(dir.join("Activities.csv"), "Activity ID,Activity name,Activity type,Sessions,Participants,Cost\nA1,Group,peer support,4,2,100\n").unwrap();
    // 30→22 (−8: improved, meaningful ≥ 5); 25→24 (−1: improved only).
    std::fs::write(
        dir.join("Outcomes.csv"),
        "Participant ref,Activity ID,Measure,Baseline score,Baseline date,Follow-up score,Follow-up date\n\
         K1,A1,K10,30,01/07/2026,22,01/09/2026\nK2,A1,k10,25,01/07/2026,24,01/09/2026\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .arg("--config")
        .arg(cfg.path())
        .args(["report", "--no-suppression", "--out"])
        .arg(out.path())
        .arg(ret.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let m = read(out.path(), "tables/measures.csv");
    // Means 27.50 → 23.00, change −4.50; no reliable change or caseness
    // configured, so those columns are empty.
    assert!(
        m.contains("2026/27 Q2,K-1,K10,2,27.50,23.00,-4.50,2,1,,,,,\r\n"),
        "{m}"
    );
    let o = read(out.path(), "tables/objectives.csv");
    assert!(o.contains("2026/27 Q2,All areas,2,More people with mental health problems will recover,2,1,0.5000,0\r\n"), "{o}");
}
