//! Clinical outcomes by NHS Talking Therapies' definitions, worked by hand
//! on fixtures/clinical/CLN-A: thirteen crafted people scoring PHQ-9 with
//! an anxiety measure. PHQ-9: caseness 10 or more, reliable change 6;
//! GAD-7: caseness 8, reliable change 4; SPIN: caseness 19, reliable
//! change 10 (config/measures.toml). Lower is better on all three.
//!
//! | person | sessions, descriptor | PHQ-9 | anxiety | judged on the pair |
//! |---|---|---|---|---|
//! | C01 | 8, depression | 15→8 | GAD-7 12→5 | case at start; neither at end: recovered; both reliably better: reliable recovery |
//! | C02 | 6, mixed | 14→6 | GAD-7 10→9 | recovered on PHQ-9 alone, but GAD-7 9 is still at caseness: NOT recovered; PHQ-9 −8 reliable, GAD-7 not worse: reliable improvement |
//! | C03 | 5, generalised | 8→3 | GAD-7 6→2 | not at caseness at the start (8 < 10, 6 < 8): not in the recovery count; GAD-7 −4: reliable improvement |
//! | C04 | 7, depression | 12→4 | GAD-7 9→15 | PHQ-9 reliably better, GAD-7 reliably worse (+6): neither a reliable improvement nor a deterioration; not recovered (GAD-7 15) |
//! | C05 | 9, depression | 11→18 | GAD-7 8→8 | PHQ-9 +7: reliable deterioration |
//! | C06 | 4, generalised | 16→11 | GAD-7 13→10 | changes −5 and −3: not reliable; still at caseness |
//! | C07 | 10, social anxiety | 13→7 (A1) | SPIN 40→15 (A2); GAD-7 10→9 | SPIN, as the descriptor says, not GAD-7: recovered, reliably; counts under A1, the PHQ-9 row's activity |
//! | C08 | 6, "social phobia" (social anxiety) | 12→5 | no SPIN: GAD-7 9→4 | GAD-7 as the fallback: recovered, reliably |
//! | C09 | 1, depression | 15→5 | GAD-7 12→3 | came once: not a finished course, left out of every outcome figure |
//! | C10 | blank | 10→4 | GAD-7 8→3 | not recorded counts: recovered, reliably |
//! | C11 | 6, none | 18→9 | — | PHQ-9 alone: recovered, reliably |
//! | C12 | 3, generalised | — | GAD-7 10→5 | GAD-7 alone: recovered, reliably |
//! | C13 | no People row | 9→9 | GAD-7 7→7 | counts; not at caseness, no change |
//!
//! Twelve people judged (C09 left out): 10 at caseness at the start (all
//! but C03 and C13); 6 recovered (C01, C07, C08, C10, C11, C12), every one
//! reliably; 8 reliable improvements (those six, C02 and C03); 1 reliable
//! deterioration (C05). Under the old per-measure count C02 (PHQ-9) and
//! C09 would have recovered too.

mod common;
use common::{fixture, read};

fn report(extra: &[&str]) -> tempfile::TempDir {
    let path = fixture("clinical");
    let mut args: Vec<&std::ffi::OsStr> = vec![path.as_os_str()];
    args.extend(extra.iter().map(|e| std::ffi::OsStr::new(*e)));
    common::report(&args)
}

/// The line of `csv` that starts with `start`.
fn line<'a>(csv: &'a str, start: &str) -> &'a str {
    csv.lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting {start:?} in\n{csv}"))
}

#[test]
fn the_pair_decides_recovery_and_reliable_change() {
    let out = report(&["--no-suppression"]);
    let m = read(out.path(), "tables/measures.csv");
    // PHQ-9 + GAD-7: C01–C06, C08, C10, C13 (9). Improved (better on one,
    // reliably worse on none): C01, C02, C03, C06, C08, C10 = 6 (C04 and
    // C05 are reliably worse on one, C13 unchanged). Reliable improvement
    // C01, C02, C03, C08, C10 = 5; deterioration C05 = 1; at caseness at
    // the start all but C03 and C13 = 7; recovered C01, C08, C10 = 3, all
    // reliably.
    assert_eq!(
        line(&m, "2026/27 Q2,CLN-A,PHQ-9+GAD-7,"),
        "2026/27 Q2,CLN-A,PHQ-9+GAD-7,9,,,,6,5,5,1,7,3,3"
    );
    // C07 alone is judged on PHQ-9 + SPIN: recovered, reliably.
    assert_eq!(
        line(&m, "2026/27 Q2,CLN-A,PHQ-9+SPIN,"),
        "2026/27 Q2,CLN-A,PHQ-9+SPIN,1,,,,1,1,1,0,1,1,1"
    );
    // VfM effectiveness, after n_people_paired, outcomes, recoveries and
    // their costs (£3,000 ÷ 8 improved = 375.00, ÷ 6 recovered = 500.00):
    // 12 judged, 10 at caseness, 6/10 = 0.6000 recovered, 6 reliably,
    // 8/12 = 0.6667 reliably better, 1/12 = 0.0833 reliably worse.
    let e = read(out.path(), "tables/vfm_effectiveness.csv");
    let row = line(&e, "2026/27 Q2,project,CLN-A,");
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(
        cells[5..18],
        [
            "12", "8", "6", "375.00", "500.00", "12", "10", "0.6000", "6", "8", "0.6667", "1",
            "0.0833"
        ],
        "{row}"
    );
    // C07's SPIN row names A2 (creative arts), but the pair counts under
    // the PHQ-9 row's A1 (peer support): creative arts has C07's SPIN pair
    // and nobody judged.
    let creative = line(&e, "2026/27 Q2,activity_type,creative arts,");
    assert!(
        creative.starts_with(
            "2026/27 Q2,activity_type,creative arts,creative arts,All areas,1,0,0,,,0,0,,0,0,,0,,"
        ),
        "{creative}"
    );
    // Objective 2 counts the pair's reliable improvement: 8 of 12; its
    // deterioration is objective 5's harm (1, C05; C04's is not one).
    let t = read(out.path(), "tables/trends.csv");
    assert!(
        line(&t, "2026/27 Q2,All areas,2,").ends_with(",12,8,0.6667,1,0"),
        "{t}"
    );
    assert!(
        line(&t, "2026/27 Q2,All areas,5,").ends_with(",0,0,,1,0"),
        "{t}"
    );
}

#[test]
fn a_person_who_came_once_is_left_out_but_not_knowing_counts() {
    let out = report(&["--no-suppression"]);
    // C09 (1 session) is left out of the pairs: PHQ-9 has 11 (C01–C08,
    // C10, C11, C13) and GAD-7 11 (C01–C08, C10, C12, C13). C10 (blank)
    // and C13 (no People row) count.
    let m = read(out.path(), "tables/measures.csv");
    assert!(line(&m, "2026/27 Q2,CLN-A,PHQ-9,").starts_with("2026/27 Q2,CLN-A,PHQ-9,11,"));
    assert!(line(&m, "2026/27 Q2,CLN-A,GAD-7,").starts_with("2026/27 Q2,CLN-A,GAD-7,11,"));
    // PHQ-9 baselines of the 11: 15+14+8+12+11+16+13+12+10+18+9 = 138 →
    // 12.55 (C09's 15 not among them).
    assert!(line(&m, "2026/27 Q2,CLN-A,PHQ-9,").starts_with("2026/27 Q2,CLN-A,PHQ-9,11,12.55,"));
    // Follow-up: all 13 have a baseline and a follow-up; 1 ended early;
    // 11 of the 12 People rows give Sessions attended (C10's is blank).
    let f = read(out.path(), "tables/followup.csv");
    assert_eq!(
        line(&f, "2026/27 Q2,CLN-A,"),
        "2026/27 Q2,CLN-A,Bolton,13,13,1.0000,1,some"
    );
    // The report says so in its data-quality section.
    let html = read(out.path(), "report.html");
    assert!(
        html.contains("0 project(s) recorded Sessions attended for everyone, 1 for some people, 0 for nobody and 0 have no People sheet; people without a record count as finished. 1 people with a baseline ended their course early"),
        "{html:.300}"
    );
}

#[test]
fn the_published_edition_withholds_the_new_columns_like_any_other() {
    let out = report(&[]);
    // Counts of 1–7 withheld, the rest rounded to 5: 12 judged → 10, 10 at
    // caseness → 10, 8 reliably better → 10; 6 recovered, 6 reliably and 1
    // worse are withheld, with the rates and the cost per recovery worked
    // out from them. Every figure is worked out from the published counts:
    // the reliable improvement rate is 10/10 = 1.0000 (the exact 8/12 =
    // 0.6667 beside "10 of 10" would pin 8 of 12), and the cost per person
    // improved £3,000 / 10 = 300.00 (the exact 3,000 / 8 = 375.00 would
    // give 8).
    let e = read(out.path(), "tables/vfm_effectiveness.csv");
    let row = line(&e, "2026/27 Q2,project,CLN-A,");
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(
        cells[5..18],
        [
            "10", "10", "*", "300.00", "*", "10", "10", "*", "*", "10", "1.0000", "*", "*"
        ],
        "{row}"
    );
    // followup.csv: the 1 who ended early is withheld.
    let f = read(out.path(), "tables/followup.csv");
    assert_eq!(
        line(&f, "2026/27 Q2,CLN-A,"),
        "2026/27 Q2,CLN-A,Bolton,15,15,1.0000,*,some"
    );
    // The pair rows of measures.csv: 9 → 10, the 1-person SPIN pair withheld.
    let m = read(out.path(), "tables/measures.csv");
    assert!(
        line(&m, "2026/27 Q2,CLN-A,PHQ-9+GAD-7,").starts_with("2026/27 Q2,CLN-A,PHQ-9+GAD-7,10,")
    );
    assert!(line(&m, "2026/27 Q2,CLN-A,PHQ-9+SPIN,").starts_with("2026/27 Q2,CLN-A,PHQ-9+SPIN,*,"));
}

#[test]
fn funnel_limits_are_exact_and_at_the_published_n_when_published() {
    // Objective 2: the programme is CLN-A alone, 8 of 12 = 0.6667. Exact
    // binomial limits with Spiegelhalter's interpolation around 2/3 (scipy,
    // tests/reference/funnel_limits.py's method): at n = 12, 99.8 %
    // 0.1781–0.9892 and 95 % 0.3442–0.8855. Published, every figure is
    // worked out from the published counts, 10 of 10: the programme's share
    // is 10/10 = 1, and around a share of 1 there is no spread, so every
    // limit is 1 and the project (at 1) is within them.
    let exact = report(&["--no-suppression"]);
    assert_eq!(
        read(exact.path(), "tables/funnels.csv"),
        "quarter,objective,project_id,n_people,n_improved,rate_improved,programme_rate,lower_998,lower_95,upper_95,upper_998,position_95,position_998\r\n\
         2026/27 Q2,2,CLN-A,12,8,0.6667,0.6667,0.1781,0.3442,0.8855,0.9892,within,within\r\n\
         2026/27 Q2,2,ALL,12,8,0.6667,0.6667,,,,,,\r\n"
    );
    let published = report(&[]);
    assert_eq!(
        read(published.path(), "tables/funnels.csv"),
        "quarter,objective,project_id,n_people,n_improved,rate_improved,programme_rate,lower_998,lower_95,upper_95,upper_998,position_95,position_998\r\n\
         2026/27 Q2,2,CLN-A,10,10,1.0000,1.0000,1.0000,1.0000,1.0000,1.0000,within,within\r\n\
         2026/27 Q2,2,ALL,10,10,1.0000,1.0000,,,,,,\r\n"
    );
    // The chart places the point at the published 10 too.
    let svg = read(published.path(), "charts/funnel-objective-2.svg");
    assert!(
        svg.contains("CLN-A: 100% of 10 people, within the limits"),
        "{svg:.800}"
    );
}
