//! `needle report` end to end on fixture files, with figures worked out by
//! hand from fixtures/small (two CSV-folder returns, 2026/27 Q2).

mod common;

use common::{all_bytes, all_text, altered, fixture, has_token, needle, read};
use std::path::Path;

fn report(paths: &[&Path], extra: &[&str]) -> tempfile::TempDir {
    let args: Vec<&std::ffi::OsStr> = paths
        .iter()
        .map(|p| p.as_os_str())
        .chain(extra.iter().map(|e| e.as_ref()))
        .collect();
    common::report(&args)
}

// SML-A (Salford), WEMWBS, 9 pairs (P10 has no follow-up, so is not paired):
//   baselines 40+40+50+30+45+35+42+38+44 = 364 → 364/9 = 40.44
//   follow-ups 45+49+50+33+43+27+44+41+48 = 380 → 42.22; change 16/9 = 1.78
//   improved (> 0): P01 P02 P04 P07 P08 P09 = 6; meaningful (≥ 3): P01 P02
//   P04 P08 P09 = 5; reliable (≥ 8): P02 +9 = 1; reliable deterioration: P06 −8.
// SML-A ONS4-LS, 8 pairs: baselines 36/8 = 4.50, follow-ups 45/8 = 5.625 →
//   5.63, change 9/8 = 1.125 → 1.13; improved = meaningful (≥ 1) = 6
//   (all but P04 0 and P05 −1); caseness ≤ 4 at baseline: P01 P03 P05 P07 = 4;
//   recovered (> 4 at follow-up): P01 6, P03 5 = 2. No reliable change.
// SML-B (Stockport) SWEMWBS raw → metric: 14→15.32, 17→16.88, 20→18.59,
//   10→12.40, 12→14.08. Baseline (15.32+18.59+12.40)/3 = 15.44; follow-up
//   (16.88+18.59+14.08)/3 = 16.52; change (1.56+0+1.68)/3 = 1.08; meaningful
//   (≥ 1): B01, B03; reliable (≥ 3): none.
// SML-B PHQ-9: 15→8, 12→10, 8→16: means 35/3 = 11.67, 34/3 = 11.33, −1/3 =
//   −0.33; improved 2; meaningful = reliable (≥ 6) B01; deterioration B03;
//   caseness (≥ 10) B01 B02; recovered B01 (8); reliable recovery B01.
// SML-B GAD-7: 12→5, 9→7, 6→6: means 9.00, 6.00, −3.00; improved 2; reliable
//   (≥ 4) B01; caseness (≥ 8) B01 B02; recovered B01 (5) and B02 (7);
//   reliable recovery B01.
// Combined PHQ-9+GAD-7: improved B01 B02 (B03's PHQ-9 worsened); reliable
//   improvement B01; reliable deterioration B03; caseness B01 B02; recovered
//   B01 (B02's PHQ-9 of 10 is still at caseness); reliable recovery B01.
// ONS4-LS has a band (low, 0–4), not a clinical cut-off: its caseness and
// recovery columns are empty (the band's movements are in bands.csv).
const MEASURES: &str = "\
quarter,project_id,measure,n_paired,mean_baseline,mean_followup,mean_change,n_improved,n_meaningful_improvement,n_reliable_improvement,n_reliable_deterioration,n_caseness_baseline,n_recovered,n_reliable_recovery\r
2026/27 Q2,SML-A,ONS4-LS,8,4.50,5.63,1.13,6,6,,,,,\r
2026/27 Q2,SML-A,WEMWBS,9,40.44,42.22,1.78,6,5,1,1,,,\r
2026/27 Q2,SML-B,GAD-7,3,9.00,6.00,-3.00,2,1,1,0,2,2,1\r
2026/27 Q2,SML-B,PHQ-9,3,11.67,11.33,-0.33,2,1,1,1,2,1,1\r
2026/27 Q2,SML-B,PHQ-9+GAD-7,3,,,,2,1,1,1,2,1,1\r
2026/27 Q2,SML-B,SWEMWBS,3,15.44,16.52,1.08,2,2,0,0,,,\r
";

// Objective 1 (WEMWBS, SWEMWBS, ONS4-LS): Salford P01–P09 paired = 9; improved
//   meaningfully on at least one: WEMWBS {P01 P02 P04 P08 P09} ∪ ONS4-LS
//   {P01 P02 P03 P06 P07 P08} = 8 → 8/9 = 0.8889. Stockport 3 people, B01 and
//   B03 improved → 0.6667. All areas 12 people, 10 improved → 0.8333.
// Objective 2 (PHQ-9, GAD-7): Stockport 3 people, B01 only (B02 moved 2 on
//   each) → 0.3333. Counts: FFT positive 9 → objective 4; A&E attendances
//   before 4, after 1 → 3 fewer → objective 5.
const OBJECTIVES: &str = "\
quarter,area,objective,objective_name,n_people,n_improved,rate_improved,count_outcomes\r
2026/27 Q2,All areas,1,More people will have good mental health,12,10,0.8333,0\r
2026/27 Q2,All areas,2,More people with mental health problems will recover,3,1,0.3333,0\r
2026/27 Q2,All areas,3,More people with mental health problems will have good physical health,0,0,,0\r
2026/27 Q2,All areas,4,More people will have a positive experience of care and support,0,0,,9\r
2026/27 Q2,All areas,5,Fewer people will suffer avoidable harm,0,0,,3\r
2026/27 Q2,All areas,6,Fewer people will experience stigma and discrimination,0,0,,0\r
2026/27 Q2,Salford,1,More people will have good mental health,9,8,0.8889,0\r
2026/27 Q2,Salford,2,More people with mental health problems will recover,0,0,,0\r
2026/27 Q2,Salford,3,More people with mental health problems will have good physical health,0,0,,0\r
2026/27 Q2,Salford,4,More people will have a positive experience of care and support,0,0,,9\r
2026/27 Q2,Salford,5,Fewer people will suffer avoidable harm,0,0,,3\r
2026/27 Q2,Salford,6,Fewer people will experience stigma and discrimination,0,0,,0\r
2026/27 Q2,Stockport,1,More people will have good mental health,3,2,0.6667,0\r
2026/27 Q2,Stockport,2,More people with mental health problems will recover,3,1,0.3333,0\r
2026/27 Q2,Stockport,3,More people with mental health problems will have good physical health,0,0,,0\r
2026/27 Q2,Stockport,4,More people will have a positive experience of care and support,0,0,,0\r
2026/27 Q2,Stockport,5,Fewer people will suffer avoidable harm,0,0,,0\r
2026/27 Q2,Stockport,6,Fewer people will experience stigma and discrimination,0,0,,0\r
";

// SML-A: cost £1,000.00 + 500 = 1500; in-kind 200; participants 9 + 4 = 13 →
//   1500/13 = 115.38; outcomes 8 (objective 1 above) → 187.50.
//   WELLBYs: Σ life-satisfaction change 9 × persistence 1 (one year) = 9.00.
//   WELLBY value uprated from 2019 (deflator 90.3) to 2024-25 (mean of 2024 Q2
//   –2025 Q1: (110.1+112.1+113.2+114.1)/4 = 112.375): ×1.244463.
//   Central 13,000 → 16,178.0177; low 10,000 → 12,444.6290; high 16,000 →
//   19,911.4064. Fiscal: 3 fewer A&E attendances × £109 (2011-12, deflator
//   (78.5+79.0+79.5+79.8)/4 = 79.2) × 112.375/79.2 = 463.9725.
//   Additionality (1 − 0.2 deadweight)(1 − 0 attribution)(1 − 0.1
//   displacement) = 0.72. Central (9 × 16,178.0177 + 463.9725) × 0.72 =
//   105,167.62; low 80,975.26; high 129,359.97. BCR 105,167.62/1,700 = 61.86.
// SML-B: cost 2000, 8 participants → 250.00; outcomes B01, B03 → 1000.00; no
//   ONS4 or Counts → no value, BCR 0.00.
// TOTAL: 3500, 200, 21 → 166.67, 10 → 350.00, BCR 105,167.62/3,700 = 28.42.
const VFM: &str = "\
quarter,project_id,project_name,area,cost_gbp,in_kind_gbp,participants,cost_per_participant,outcomes,cost_per_outcome,wellbys,value_low_gbp,value_central_gbp,value_high_gbp,bcr_central\r
2026/27 Q2,SML-A,Small Walkers,Salford,1500.00,200.00,13,115.38,8,187.50,9.00,80975.26,105167.62,129359.97,61.86\r
2026/27 Q2,SML-B,Small Makers,Stockport,2000.00,0.00,8,250.00,2,1000.00,0.00,0.00,0.00,0.00,0.00\r
2026/27 Q2,TOTAL,All projects,All areas,3500.00,200.00,21,166.67,10,350.00,9.00,80975.26,105167.62,129359.97,28.42\r
";

#[test]
fn exact_tables_match_hand_worked_figures() {
    let out = report(&[&fixture("small")], &["--no-suppression"]);
    assert_eq!(read(out.path(), "tables/measures.csv"), MEASURES);
    assert_eq!(read(out.path(), "tables/objectives.csv"), OBJECTIVES);
    assert_eq!(read(out.path(), "tables/vfm.csv"), VFM);
    let manifest = read(out.path(), "manifest.json");
    assert!(manifest.contains("\"disclosure\": \"exact"), "{manifest}");
    let html = read(out.path(), "report.html");
    assert!(html.contains("Internal edition: exact figures, NOT for publication"));
}

#[test]
fn leaving_a_wellbeing_band_is_counted_as_a_band_movement_not_a_recovery() {
    // SML-A's ONS4 life satisfaction, low band 0–4: in it at the start P01
    // (4), P03 (3), P05 (4), P07 (2) = 4; left it P01 4→6, P03 3→5 = 2 (P05
    // 4→3 and P07 2→4 stayed); entered it none (P02 5→6, P04 6→6, P06 5→7,
    // P08 7→8). One project, so ALL is the same.
    let out = report(&[&fixture("small")], &["--no-suppression"]);
    assert_eq!(
        read(out.path(), "tables/bands.csv"),
        "quarter,project_id,measure,band,n_paired,n_in_band_baseline,n_left_band,n_entered_band\r\n\
         2026/27 Q2,SML-A,ONS4-LS,low life satisfaction (0-4),8,4,2,0\r\n\
         2026/27 Q2,ALL,ONS4-LS,low life satisfaction (0-4),8,4,2,0\r\n"
    );
    // Not a recovery anywhere: SML-A has no clinical measure, so none.
    let eff = read(out.path(), "tables/vfm_effectiveness.csv");
    let sml_a = eff.lines().find(|l| l.contains(",project,SML-A,")).unwrap();
    assert!(
        sml_a.contains(",9,8,0,"),
        "people paired 9, outcomes 8, recoveries 0: {sml_a}"
    );
    // Published: 8 → 10, 4 and 2 are withheld (1–7), 0 stays 0.
    let out = report(&[&fixture("small")], &[]);
    assert!(
        read(out.path(), "tables/bands.csv")
            .contains("2026/27 Q2,SML-A,ONS4-LS,low life satisfaction (0-4),10,*,*,0\r\n")
    );
}

#[test]
fn published_edition_suppresses_small_numbers() {
    let out = report(&[&fixture("small")], &[]);
    let vfm = read(out.path(), "tables/vfm.csv");
    // SML-B: 8 participants → 10; 2 outcomes → * (1–7), and cost per outcome
    // with it. SML-A: participants 13 → nearest 5 = 15. Cost per
    // participant is worked out from the published count: 1500 / 15 =
    // 100.00 (the exact 1500 / 13 = 115.38 would give 13 back); SML-B's
    // 2000 / 10 = 200.00 (not 250.00). WELLBYs rest on 8 people → shown.
    // SML-A's 8 outcomes would be 10 − 2 = recoverable from the TOTAL of
    // 10, so secondary suppression withholds them, and cost per outcome
    // with them. SML-A's fiscal value rests on a reduction of 1–7, which
    // is withheld (vfm_fiscal.csv), so its social value, which adds it, is
    // withheld too, and the benefit-cost ratio with it.
    let lines: Vec<&str> = vfm.lines().collect();
    assert_eq!(
        lines[1],
        "2026/27 Q2,SML-A,Small Walkers,Salford,1500.00,200.00,15,100.00,*,*,9.00,*,*,*,*"
    );
    assert_eq!(
        lines[2],
        "2026/27 Q2,SML-B,Small Makers,Stockport,2000.00,0.00,10,200.00,*,*,0.00,0.00,0.00,0.00,0.00"
    );
    let measures = read(out.path(), "tables/measures.csv");
    // SML-B PHQ-9 rests on 3 people: counts of 1–7 are *, means withheld.
    assert!(
        measures.contains("2026/27 Q2,SML-B,PHQ-9,*,*,*,*,*,*,*,*,*,*,*\r\n"),
        "{measures}"
    );
    let objectives = read(out.path(), "tables/objectives.csv");
    // All areas objective 1: 12 → 10, 10 → 10, and the rate worked out
    // from those, 10/10 = 1.0000 (the exact 10/12 = 0.8333 would pin 12).
    assert!(objectives.contains(
        "2026/27 Q2,All areas,1,More people will have good mental health,10,10,1.0000,0\r\n"
    ));
    let manifest = read(out.path(), "manifest.json");
    assert!(
        manifest.contains("\"disclosure\": \"suppressed"),
        "{manifest}"
    );
    let html = read(out.path(), "report.html");
    assert!(html.contains("Published edition: small numbers suppressed"));
}

#[test]
fn same_inputs_give_the_same_bytes() {
    let a = report(&[&fixture("small")], &[]);
    let b = report(&[&fixture("small")], &[]);
    for f in [
        "tables/measures.csv",
        "tables/objectives.csv",
        "tables/vfm.csv",
        "validation.json",
        "report.html",
        "charts/objectives.svg",
        "charts/objectives.png",
        "manifest.json",
    ] {
        let (x, y) = (
            std::fs::read(a.path().join(f)).unwrap(),
            std::fs::read(b.path().join(f)).unwrap(),
        );
        assert!(x == y, "{f} differs between two runs");
    }
}

#[test]
fn chart_is_svg_with_outlined_text_and_a_real_png() {
    let out = report(&[&fixture("small")], &[]);
    let svg = read(out.path(), "charts/objectives.svg");
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    // Text is drawn as glyph outlines: no <text>, no font-family.
    assert!(!svg.contains("<text") && !svg.contains("font-family"));
    assert!(
        svg.contains("1. Good mental health: 100% of 10 people"),
        "alt text in <title>"
    );
    let png = std::fs::read(out.path().join("charts/objectives.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (900, 520));
    // The chart is inline in the report.
    let html = read(out.path(), "report.html");
    assert!(html.contains(
        "<figure role=\"img\" aria-label=\"People with a meaningful improvement, by objective."
    ));
}

#[test]
fn validation_json_accounts_for_every_row() {
    let out = report(&[&fixture("small")], &[]);
    let v: serde_json::Value = serde_json::from_str(&read(out.path(), "validation.json")).unwrap();
    let returns = v["returns"].as_array().unwrap();
    assert_eq!(returns.len(), 2);
    let a = &returns[0];
    assert_eq!(a["project_id"], "SML-A");
    assert_eq!(a["quarter"], "2026/27 Q2");
    assert_eq!(a["status"], "accepted");
    // 10 WEMWBS + 8 ONS4-LS rows.
    assert_eq!(
        a["rows"]["Outcomes"],
        serde_json::json!({"read": 18, "accepted": 18, "refused": 0})
    );
    assert_eq!(
        a["rows"]["Activities"],
        serde_json::json!({"read": 2, "accepted": 2, "refused": 0})
    );
}

#[test]
fn spreadsheet_text_is_escaped_in_html_and_neutralised_in_csv() {
    let dir = altered(
        "About.csv",
        "Small Walkers\n",
        "=HYPERLINK(\"http://x\")<script>alert(1)</script>\n",
    );
    let out = report(&[dir.path()], &["--no-suppression"]);
    let html = read(out.path(), "report.html");
    assert!(!html.contains("<script>"));
    assert!(html.contains("=HYPERLINK(&quot;http://x&quot;)&lt;script&gt;alert(1)&lt;/script&gt;"));
    let vfm = read(out.path(), "tables/vfm.csv");
    // A leading = gets an apostrophe so a spreadsheet shows it as text.
    assert!(
        vfm.contains(",\"'=HYPERLINK(\"\"http://x\"\")<script>alert(1)</script>\",Salford,"),
        "{vfm}"
    );
}

#[test]
fn a_row_with_an_error_is_refused_and_the_rest_still_count() {
    // P01's WEMWBS baseline 40 → 75, outside 14–70.
    let dir = altered("Outcomes.csv", "P01,A1,WEMWBS,40,", "P01,A1,WEMWBS,75,");
    let out = report(&[dir.path()], &["--no-suppression"]);
    let v: serde_json::Value = serde_json::from_str(&read(out.path(), "validation.json")).unwrap();
    let r = &v["returns"][0];
    assert_eq!(r["status"], "accepted_with_errors");
    assert_eq!(
        r["rows"]["Outcomes"],
        serde_json::json!({"read": 18, "accepted": 17, "refused": 1})
    );
    let issue = &r["issues"][0];
    assert_eq!(issue["code"], "OUT_OF_RANGE");
    assert_eq!(issue["sheet"], "Outcomes");
    // Header in row 1, P01's WEMWBS row is row 2, Baseline score is column D.
    assert_eq!(issue["cell"], "D2");
    // WEMWBS now has 8 pairs: 364 − 40 = 324 → 40.50.
    let measures = read(out.path(), "tables/measures.csv");
    assert!(
        measures.contains("2026/27 Q2,SML-A,WEMWBS,8,40.50,"),
        "{measures}"
    );
}

#[test]
fn quarter_option_picks_the_report_quarter() {
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .args([
            "report",
            "fixtures/small",
            "--quarter",
            "2026/27 Q1",
            "--out",
        ])
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(st.status.code(), Some(2));
    let err = String::from_utf8_lossy(&st.stderr);
    assert!(
        err.contains("no usable return is for 2026/27 Q1; quarters found: 2026/27 Q2"),
        "{err}"
    );
}

#[test]
fn no_participant_reference_appears_in_any_output() {
    for extra in [&[][..], &["--no-suppression"][..]] {
        let out = report(&[&fixture("small")], extra);
        let refs: Vec<String> = (1..=10)
            .map(|i| format!("P{i:02}"))
            .chain((1..=3).map(|i| format!("B{i:02}")))
            .collect();
        let files = all_text(out.path());
        // The scan sees cell text: the workbook's table sheets hold their
        // strings inline (constant-memory mode), the project name among them.
        assert!(files.iter().any(
            |(n, t)| n.contains("vfm.xlsx:xl/worksheets/sheet") && t.contains("Small Walkers")
        ));
        assert!(files.len() > 20, "{} files", files.len());
        for (name, text) in files {
            if name.ends_with(".png") || name.ends_with(".parquet") {
                continue;
            }
            for r in &refs {
                assert!(!has_token(&text, r), "{r} appears in {name}");
            }
        }
    }
}

#[test]
fn formula_looking_names_are_text_in_the_workbook() {
    let dir = altered("About.csv", "Small Walkers\n", "=1+2\n");
    let out = report(&[dir.path()], &["--no-suppression"]);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.path().join("vfm.xlsx")).unwrap();
    use calamine::Reader;
    let r = wb.worksheet_range("VfM").unwrap();
    // Row 2, column C (project_name): the text itself, not a formula result.
    assert_eq!(r.get((1, 2)), Some(&calamine::Data::String("=1+2".into())));
    assert!(
        wb.worksheet_formula("VfM")
            .unwrap()
            .used_cells()
            .all(|(_, _, f)| f.is_empty())
    );
}

#[test]
fn every_chart_kind_is_drawn_and_funnels_hide_small_projects() {
    let exact = report(&[&fixture("small")], &["--no-suppression"]);
    let mut names: Vec<String> = std::fs::read_dir(exact.path().join("charts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".svg"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "cost-per-outcome.svg",
            "cost-per-wellby.svg",
            "distance.svg",
            "funnel-objective-1.svg",
            "funnel-objective-2.svg",
            "objectives.svg",
            "org-types.svg",
            "trends.svg"
        ]
    );
    // Objective 1 pooled: 10 of 12 = 83.3%. SML-A 8/9 = 88.9%: the exact
    // 95% limits at n = 9 around 0.8333 are 0.4901 to 0.9857 (scipy, by
    // tests/reference/funnel_limits.py's method). SML-B 2/3 = 66.7%: at
    // n = 3, 0.0978 to 0.9856.
    let svg = read(exact.path(), "charts/funnel-objective-1.svg");
    assert!(svg.contains("Pooled rate 83.3%. SML-A: 88.9% of 9 people, within the limits; SML-B: 66.7% of 3 people, within the limits"), "{svg:.400}");
    // Published edition: SML-B rests on 3 people and is left out; then
    // SML-A is left out too, since the pooled 10/12 less SML-A's 8/9 would
    // give SML-B's 2/3 (secondary suppression, as in the tables).
    let published = report(&[&fixture("small")], &[]);
    let svg = read(published.path(), "charts/funnel-objective-1.svg");
    assert!(svg.contains("2 project(s) not shown (fewer than 8 people, or hidden so that one cannot be worked out from the rest)"));
    assert!(!svg.contains("SML-B") && !svg.contains("SML-A"));
    // Objective 2's programme rate rests on 3 people (1 of 3 recovered,
    // objectives.csv shows *): a funnel around it would publish 33.3%, so
    // the published edition draws none; the exact edition does.
    assert!(read(exact.path(), "charts/funnel-objective-2.svg").contains("Pooled rate 33.3%"));
    assert!(
        !published
            .path()
            .join("charts/funnel-objective-2.svg")
            .exists()
    );
    assert!(
        !published
            .path()
            .join("charts/funnel-objective-2.png")
            .exists()
    );
    assert!(!read(published.path(), "report.html").contains("33.3%"));
}

#[test]
fn funnel_counts_are_published_counts() {
    // fixtures/returns, objective 1: every project shown gives its n as the
    // tables publish it, a multiple of 5 (PP-MAN-07: 16 of 16 = 100%,
    // shows as "of 15 people"; the limits are worked out at 15 too, and
    // 100% is above their upper 99.8% limit there, 0.9987). PP-SAL-02's 5
    // of 14 is not shown: its 5 improved is withheld, and 35.7% of about
    // 15 would give it away.
    let published = report(&[&fixture("returns")], &[]);
    let svg = read(published.path(), "charts/funnel-objective-1.svg");
    assert!(
        svg.contains("PP-MAN-07: 100% of 15 people, above the 99.8% limits"),
        "{svg:.1500}"
    );
    assert!(!svg.contains("PP-SAL-02"), "{svg:.1500}");
    let counts: Vec<u64> = svg
        .split(" people, ")
        .filter_map(|part| part.rsplit("of ").next()?.parse().ok())
        .collect();
    assert!(counts.len() >= 5, "{counts:?}");
    assert!(counts.iter().all(|n| n % 5 == 0), "{counts:?}");
    let exact = report(&[&fixture("returns")], &["--no-suppression"]);
    let svg = read(exact.path(), "charts/funnel-objective-1.svg");
    // Exact: 5/14 against the 99.8% limits at 14 around 0.82 (0.4164 to
    // 0.9989, funnels.csv) is below them.
    assert!(
        svg.contains("PP-SAL-02: 35.7% of 14 people, below the 99.8% limits"),
        "{svg:.1500}"
    );
}

#[test]
fn hostile_text_is_escaped_or_neutralised_in_every_output() {
    // A project name and an area that are markup and formulas at once.
    let name = "@SUM(1+1)<img src=x onerror=alert(1)>";
    let area = "-2+3<script>alert(2)</script>";
    let dir = altered("About.csv", "Small Walkers\n", &format!("{name}\n"));
    let about = dir.path().join("SML-A/About.csv");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(
        &about,
        text.replace("Area,Salford", &format!("Area,{area}")),
    )
    .unwrap();
    for extra in [&[][..], &["--no-suppression"][..]] {
        let out = report(&[dir.path()], extra);
        let mut csvs = 0;
        for (file, text) in all_text(out.path()) {
            if file.ends_with(".html") || file.ends_with(".svg") {
                assert!(
                    !text.contains("<img") && !text.contains("<script"),
                    "{file}"
                );
            }
            if file.ends_with(".csv") {
                csvs += 1;
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(text.as_bytes());
                for rec in r.records() {
                    for field in rec.unwrap().iter() {
                        let formula = field.starts_with(['=', '+', '-', '@', '\t', '\r'])
                            && field.parse::<f64>().is_err();
                        assert!(!formula, "{file}: {field:?} would run as a formula");
                    }
                }
            }
        }
        assert!(csvs >= 10, "{csvs} CSV files");
        let html = read(out.path(), "report.html");
        assert!(html.contains("@SUM(1+1)&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("-2+3&lt;script&gt;alert(2)&lt;/script&gt;"));
        let vfm = read(out.path(), "tables/vfm.csv");
        assert!(
            vfm.contains("'@SUM(1+1)<img src=x onerror=alert(1)>"),
            "{vfm}"
        );
        assert!(vfm.contains("'-2+3<script>alert(2)</script>"), "{vfm}");

        // The workbook holds the text as text: no cell is a formula.
        use calamine::Reader;
        let mut wb: calamine::Xlsx<_> =
            calamine::open_workbook(out.path().join("vfm.xlsx")).unwrap();
        let r = wb.worksheet_range("VfM").unwrap();
        assert_eq!(r.get((1, 2)), Some(&calamine::Data::String(name.into())));
        assert_eq!(r.get((1, 3)), Some(&calamine::Data::String(area.into())));
        for sheet in wb.sheet_names() {
            assert!(
                wb.worksheet_formula(&sheet)
                    .unwrap()
                    .used_cells()
                    .all(|(_, _, f)| f.is_empty()),
                "{sheet} has a formula"
            );
        }
    }
}

#[test]
fn chart_counts_are_rounded_like_the_tables_in_the_published_edition() {
    // Distance travelled, all projects: WEMWBS 9 pairs, ONS4-LS 8 (SML-A);
    // SML-B's measures have 3 pairs each. Published: 9 → 10, 8 → 10, and
    // the 3-pair means are withheld. Exact: the true n. ONS4-LS's means,
    // at one decimal beside SML-A's WELLBYs (a sum of whole changes in
    // life satisfaction), leave only 8 people: the audit has them
    // printed whole, and the chart follows the table.
    let published = report(&[&fixture("small")], &[]);
    let svg = read(published.path(), "charts/distance.svg");
    assert!(svg.contains("WEMWBS follow-up: 40.4 → 42.2 (n = 10, higher is better)"));
    assert!(
        svg.contains("ONS4-LS follow-up: 5 → 6 (n = 10, higher is better)"),
        "{svg}"
    );
    assert!(svg.contains("PHQ-9 follow-up: withheld: fewer than 8 people"));
    assert!(!svg.contains("n = 9") && !svg.contains("n = 3"));
    let exact = report(&[&fixture("small")], &["--no-suppression"]);
    let svg = read(exact.path(), "charts/distance.svg");
    assert!(svg.contains("WEMWBS follow-up: 40.4 → 42.2 (n = 9, higher is better)"));
    assert!(svg.contains("PHQ-9 follow-up: 11.7 → 11.3 (n = 3, lower is better)"));
}

#[test]
fn the_same_bytes_whatever_the_number_of_threads() {
    // fixtures/returns (30 returns, read in parallel, bootstrap in
    // parallel) with one thread and with four: every file identical.
    let run = |threads: &str| {
        let out = tempfile::tempdir().unwrap();
        let st = needle()
            .env("RAYON_NUM_THREADS", threads)
            .env("POLARS_MAX_THREADS", threads)
            .args(["report", "fixtures/returns", "--out"])
            .arg(out.path())
            .output()
            .unwrap();
        assert!(st.status.success());
        out
    };
    let (one, four) = (run("1"), run("4"));
    let (a, b) = (all_bytes(one.path()), all_bytes(four.path()));
    assert!(a.len() > 30, "{} files", a.len());
    // No partial file is left behind by the atomic writes.
    assert!(a.keys().all(|n| !n.ends_with(".partial")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        assert!(x == y, "{name} differs between 1 and 4 threads");
    }
}

#[test]
fn the_manifest_fingerprints_every_input_config_file_and_output() {
    use sha2::{Digest, Sha256};
    let hex = |b: &[u8]| -> String {
        Sha256::digest(b)
            .iter()
            .map(|x| format!("{x:02x}"))
            .collect()
    };
    let out = report(&[&fixture("small")], &[]);
    let m: serde_json::Value = serde_json::from_str(&read(out.path(), "manifest.json")).unwrap();
    // Inputs: the two CSV-folder returns, SML-A with five sheets and SML-B
    // with three (no Counts or People), sorted by name, each with the
    // sha256 of the file on disk.
    let inputs = m["inputs"].as_array().unwrap();
    assert_eq!(inputs.len(), 8, "{inputs:?}");
    let name = |i: &serde_json::Value| i["file"].as_str().unwrap().to_string();
    assert!(name(&inputs[0]).ends_with("fixtures/small/SML-A/About.csv"));
    assert!(name(&inputs[7]).ends_with("fixtures/small/SML-B/Outcomes.csv"));
    for i in inputs {
        // The names are the paths as given on the command line (absolute here).
        let bytes = std::fs::read(name(i)).unwrap();
        assert_eq!(i["sha256"], hex(&bytes), "{i}");
        assert_eq!(i["bytes"], bytes.len(), "{i}");
    }
    // Config: all seven files, built in, each the hash of config/ as built.
    let config = m["config"].as_array().unwrap();
    assert_eq!(config.len(), 7);
    let limits = config.iter().find(|c| c["file"] == "limits.toml").unwrap();
    assert_eq!(limits["from"], "built-in");
    assert_eq!(
        limits["sha256"],
        hex(&std::fs::read(fixture("../config/limits.toml")).unwrap())
    );
    // Outputs: every file written except the manifest itself, each matching
    // the bytes on disk.
    let outputs = m["outputs"].as_array().unwrap();
    let on_disk = all_bytes(out.path());
    assert_eq!(outputs.len(), on_disk.len() - 1);
    for o in outputs {
        let path = o["path"].as_str().unwrap();
        assert_ne!(path, "manifest.json");
        let bytes = &on_disk[path];
        assert_eq!(o["sha256"], hex(bytes), "{path}");
    }
}

#[test]
fn no_progress_bar_off_a_terminal_and_stage_timings_on_request() {
    // Tests run with stderr piped, as scripts and CI do: the progress bar
    // must never appear there, so stderr stays empty. (No store: the two
    // runs' stdout is compared, and a store shared with tests running
    // beside this one would say different things each time.)
    let out = tempfile::tempdir().unwrap();
    let st = needle()
        .args(["report", "fixtures/small", "--no-store", "--out"])
        .arg(out.path())
        .env_remove("NEEDLE_TIMINGS")
        .output()
        .unwrap();
    assert!(st.status.success());
    assert_eq!(String::from_utf8_lossy(&st.stderr), "");

    // NEEDLE_TIMINGS=1 lists every stage once, in pipeline order, with time
    // and memory; stdout is unchanged.
    let st2 = needle()
        .args(["report", "fixtures/small", "--no-store", "--out"])
        .arg(out.path())
        .env("NEEDLE_TIMINGS", "1")
        .output()
        .unwrap();
    assert!(st2.status.success());
    assert_eq!(st.stdout, st2.stdout);
    let err = String::from_utf8(st2.stderr).unwrap();
    let stages: Vec<&str> = err
        .lines()
        .map(|l| {
            assert!(l.starts_with("needle timings:") && l.contains(" s "), "{l}");
            l.rsplit("peak  ").next().unwrap()
        })
        .collect();
    assert_eq!(
        stages,
        [
            "reading returns",
            "scoring",
            "aggregating",
            "valuing",
            "publishing",
            "auditing the published edition",
            "writing",
            "done"
        ],
        "{err}"
    );
}

/// The summary's key figures on fixtures/small (Q2) against
/// fixtures/small-q1 (Q1, SML-A only).
fn summary_of(extra: &[&str]) -> String {
    let html = read(
        report(&[&fixture("small"), &fixture("small-q1")], extra).path(),
        "report.html",
    );
    let start = html.find("<section id=\"summary\">").unwrap();
    let end = html[start..].find("</section>").unwrap();
    html[start..start + end].to_string()
}

#[test]
fn the_first_page_gives_the_key_figures_with_intervals_and_changes() {
    let s = summary_of(&["--no-suppression"]);
    assert!(
        s.contains("<h2>Summary: July to September 2026 (2026/27 Q2)</h2>"),
        "{s}"
    );
    // Share improved: 10 of the 12 people with a paired score (vfm
    // outcomes ÷ n_people_paired). Wilson at z = 1.96: z² = 3.8415,
    // denominator 1 + 3.8415/12 = 1.32012, centre (0.83333 + 0.16006)/1.32012
    // = 0.75251, half-width 1.96 × √(0.011574 + 0.006669)/1.32012 = 0.20054
    // → 0.552 to 0.953: "55 % to 95 %". Q1: 1 of 3 = 33 %.
    assert!(s.contains("<tr><th scope=\"row\">Share of people improved</th><td class=\"n\">83\u{a0}% (10 of 12)</td><td class=\"n\">55\u{a0}% to 95\u{a0}%</td><td class=\"n\">33\u{a0}%</td><td>About the same (+50 points)</td></tr>"), "{s}");
    // The change, +0.5: Newcombe from Wilson(1, 3) = 0.0615 to 0.7923:
    // low 0.5 − √((0.8333 − 0.5520)² + (0.7923 − 0.3333)²) = 0.5 − 0.5384
    // = −0.038 (−4 points), high 0.5 + √((0.9531 − 0.8333)² + (0.3333 −
    // 0.0615)²) = 0.5 + 0.2970 = 0.797 (+80 points). −4 to +80 includes no
    // change, so +50 points is "about the same".
    assert!(s.contains("about the same as the quarter before (33\u{a0}%; the change, +50 points, has a 95\u{a0}% interval of −4 points to +80 points, which includes no change)"), "{s}");
    // Counts and money: 21 participants (Q1: 4), spend £3,500 (Q1: £800),
    // £3,500/21 = £166.67 → £167 per person taking part, £3,500/10 = £350
    // per person improved.
    assert!(s.contains("<tr><th scope=\"row\">People taking part</th><td class=\"n\">21</td><td class=\"n\">–</td><td class=\"n\">4</td><td>–</td></tr>"), "{s}");
    assert!(s.contains("<tr><th scope=\"row\">Spend</th><td class=\"n\">£3,500</td><td class=\"n\">–</td><td class=\"n\">£800</td><td>–</td></tr>"), "{s}");
    assert!(
        s.contains(
            "The quarter cost £3,500: £167 per person taking part and £350 per person improved."
        ),
        "{s}"
    );
    // Recovery: 1 of the 2 at caseness at the start; Q1 had no one, so no
    // change is worked out.
    assert!(s.contains("<tr><th scope=\"row\">Recovery rate</th><td class=\"n\">50\u{a0}% (1 of 2)</td><td class=\"n\">9\u{a0}% to 91\u{a0}%</td><td class=\"n\">–</td><td>–</td></tr>"), "{s}");
    // Returns: fixtures/small's projects are not on the built-in expected
    // list (which is fixtures/returns'), so all 16 listed are missing.
    assert!(s.contains("0 of the 16 projects expected sent a usable return; 16 missing, among them Ancoats Community Hub (PP-MAN-01)"), "{s}");
    assert!(
        s.contains("2 more came from projects not on the expected list"),
        "{s}"
    );
    assert!(s.contains("level 2 of 5 on the Maryland Scientific Methods Scale"));
}

#[test]
fn the_published_first_page_withholds_a_change_resting_on_few_people() {
    let s = summary_of(&[]);
    // Q2's 12 people show rounded to 10 and 10 improved rounds to 10; the
    // share and its interval are worked out from those: 10/10 = 100 %,
    // Wilson 95 % at k = n = 10: low n/(n + z²) = 10/13.84 = 72 %, high
    // 100 %. Q1's 3 people are withheld, so its share is, and so is the
    // change, which is worked out from both quarters.
    assert!(s.contains("<tr><th scope=\"row\">Share of people improved</th><td class=\"n\">100\u{a0}% (10 of 10)</td><td class=\"n\">72\u{a0}% to 100\u{a0}%</td><td class=\"n\">*</td><td>–</td></tr>"), "{s}");
    assert!(
        s.contains("too few people, this quarter or the one before, to compare the two"),
        "{s}"
    );
    // Recovery rests on 2 people: withheld, said in words.
    assert!(
        s.contains("Too few people were judged on a clinical measure")
            || s.contains("Too few people were at caseness at the start"),
        "{s}"
    );
}

#[test]
fn charts_of_more_projects_than_fit_on_a_page_show_areas() {
    // 40 synthetic projects in three areas: a bar per project would be 40
    // bars; the cost charts show the areas, and say why.
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = common::run(
        needle()
            .args([
                "synth",
                "--projects",
                "40",
                "--quarters",
                "1",
                "--seed",
                "3",
            ])
            .args(["--people", "6-8", "--out"])
            .arg(dir.path()),
    );
    assert_eq!(code, 0, "{text}");
    let out = report(&[dir.path()], &["--no-suppression"]);
    let svg = read(out.path(), "charts/cost-per-outcome.svg");
    let html = read(out.path(), "report.html");
    assert!(
        html.contains("Cost per person with a meaningful improvement, by area"),
        "title"
    );
    assert!(html.contains("projects are too many to read as bars (each is in tables/vfm.csv)"));
    // The bars are synth's three areas, not projects (the alt text lists
    // every bar: three, each an area).
    let alt = html
        .split("aria-label=\"Cost per person with a meaningful improvement, by area. ")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let bars: Vec<&str> = alt.rsplit(". ").next().unwrap().split("; ").collect();
    assert_eq!(bars.len(), 3, "{alt}");
    for (bar, area) in bars.iter().zip(["Manchester", "Stockport", "Salford"]) {
        assert!(bar.starts_with(area), "{alt}");
    }
    assert!(!svg.is_empty());
    let vfm = read(out.path(), "tables/vfm.csv");
    assert_eq!(
        vfm.lines().count(),
        1 + 40 + 1,
        "every project stays in the table"
    );
}
