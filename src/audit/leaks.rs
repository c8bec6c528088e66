//! Deliberately leaky editions, one for each kind of relation the audit
//! knows: each must be caught. The tables are written here as a reader
//! would find them (CSV), with only the columns each attack needs.

use super::*;

fn files(tables: &[(&str, &str)]) -> Files {
    Files {
        tables: tables
            .iter()
            .map(|(n, t)| {
                let lines: Vec<&str> = t.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
                (
                    n.to_string(),
                    format!("{}\n", lines.join("\n")).into_bytes(),
                )
            })
            .collect(),
        workbook: None,
    }
}

fn run(tables: &[(&str, &str)]) -> Audit {
    audit(&files(tables), &Config::builtin().unwrap(), false).unwrap()
}

/// The candidates the audit left a cell.
fn candidates(a: &Audit, table: &str, row: usize, column: &str) -> String {
    a.candidates
        .iter()
        .find(|(c, _)| c.table == table && c.row == row && c.column == column)
        .map(|(_, d)| d.describe())
        .unwrap_or_else(|| panic!("no count at {table} {row} {column}"))
}

/// Whether a finding names the cell, with the fix.
fn names(a: &Audit, table: &str, row: usize, column: &str, fix: Fix) -> bool {
    a.findings.iter().any(|f| {
        f.cell.table == table && f.cell.row == row && f.cell.column == column && f.fix == fix
    })
}

#[test]
fn rows_adding_up_to_a_total() {
    // Four areas of 8 people each publish as 10 (8–12); their 32 as 30
    // (28–32). The areas add up to at least 32, so each is 8 and the total
    // 32: every area is disclosed.
    let a = run(&[(
        "objectives",
        "quarter,area,objective,n_people
        Q,All areas,1,30
        Q,A,1,10
        Q,B,1,10
        Q,C,1,10
        Q,D,1,10
        ",
    )]);
    assert_eq!(candidates(&a, "objectives", 1, "n_people"), "8");
    assert_eq!(candidates(&a, "objectives", 0, "n_people"), "32");
    for row in 0..5 {
        assert!(
            names(&a, "objectives", row, "n_people", Fix::Withhold),
            "{:?}",
            a.findings
        );
    }
    // With a total of 40 (38–42) nothing is pinned: 8–12 each, 38–42.
    let a = run(&[(
        "objectives",
        "quarter,area,objective,n_people
        Q,All areas,1,40
        Q,A,1,10
        Q,B,1,10
        Q,C,1,10
        Q,D,1,10
        ",
    )]);
    assert!(a.passed(), "{:?}", a.findings);
    assert_eq!(candidates(&a, "objectives", 1, "n_people"), "8–12");
}

#[test]
fn a_withheld_count_bounded_by_its_total() {
    // Total 10 (8–12) = A 10 (8–12) + B *: B is 1–4, four candidates, not
    // disclosed at the default 3; A 10 and B * with a total of 15 (13–17)
    // leave B 1–9.
    let a = run(&[(
        "objectives",
        "quarter,area,objective,n_people
        Q,All areas,1,10
        Q,A,1,10
        Q,B,1,*
        ",
    )]);
    assert_eq!(candidates(&a, "objectives", 2, "n_people"), "1–4");
    assert!(a.passed(), "{:?}", a.findings);
}

#[test]
fn the_same_people_in_linked_tables() {
    // objectives withholds All areas, so its four areas of 10 say only that
    // it is 32–48. But trends.csv repeats the quarter, with All areas as
    // 30 (28–32): the same people, so 32, and every area 8.
    let objectives = "quarter,area,objective,n_people
        Q,All areas,1,*
        Q,A,1,10
        Q,B,1,10
        Q,C,1,10
        Q,D,1,10
        ";
    let a = run(&[("objectives", objectives)]);
    assert!(a.passed(), "{:?}", a.findings);
    assert_eq!(candidates(&a, "objectives", 0, "n_people"), "32–48");
    let a = run(&[
        ("objectives", objectives),
        (
            "trends",
            "quarter,area,objective,n_people
            Q,All areas,1,30
            ",
        ),
    ]);
    assert_eq!(candidates(&a, "objectives", 1, "n_people"), "8");
    assert!(names(&a, "objectives", 1, "n_people", Fix::Withhold));
}

#[test]
fn a_count_at_most_another_of_its_row() {
    // followup.csv: all projects' 25 followed up (23–27) are P's * and Q's
    // 10 (8–12), so P's is 11–19; but P's follow-ups are at most its 10
    // (8–12) with a baseline, so 11 or 12: two candidates, disclosed.
    let a = run(&[(
        "followup",
        "quarter,project_id,n_baseline,n_followup
        Q,P,10,*
        Q,Q,15,10
        Q,TOTAL,25,25
        ",
    )]);
    assert_eq!(candidates(&a, "followup", 0, "n_followup"), "11–12");
    assert!(!a.passed());
    // The smallest published count beside it is withheld too.
    assert!(
        a.findings
            .iter()
            .any(|f| f.fix == Fix::Withhold && f.cell.table == "followup"),
        "{:?}",
        a.findings
    );
}

#[test]
fn a_count_the_difference_of_two_others() {
    // indicators.csv: a reduction is the baseline less the numerator.
    // Numerator withheld, baseline 10 (8–12), reduction 0: the numerator
    // is the baseline, 8–12.
    let table = |row: &str| {
        format!(
            "quarter,area,project_id,indicator,numerator,baseline,reduction\nQ,A,P,AE-MH,{row}\n"
        )
    };
    let a = run(&[("indicators", &table("*,10,0"))]);
    assert_eq!(candidates(&a, "indicators", 0, "numerator"), "8–12");
    // Reduction 10 (8–12): the numerator is 8 − 12 to 12 − 8, and 1 or
    // more: 1–4 (four candidates: not disclosed at the default 3).
    let a = run(&[("indicators", &table("*,10,10"))]);
    assert_eq!(candidates(&a, "indicators", 0, "numerator"), "1–4");
    assert!(a.passed(), "{:?}", a.findings);
    // Reduction 15 (13–17) from a baseline of at most 12 leaves the
    // numerator below 0: the edition contradicts itself, a finding no
    // withholding mends.
    let a = run(&[("indicators", &table("*,10,15"))]);
    assert!(
        a.findings
            .iter()
            .any(|f| f.fix == Fix::None && f.why.contains("contradict")),
        "{:?}",
        a.findings
    );
}

#[test]
fn a_share_worked_out_from_the_true_counts() {
    // funnels.csv PP-SAL-11 (the issue): n 10, improved 10, share 0.9167.
    // Of 8–12 and 8–12 only 11 of 12 gives 0.9167: both pinned, and the
    // share is not 10/10 = 1.0000, worked out from the published counts.
    let a = run(&[(
        "funnels",
        "quarter,objective,project_id,n_people,n_improved,rate_improved
        Q,1,P,10,10,0.9167
        ",
    )]);
    assert_eq!(candidates(&a, "funnels", 0, "n_people"), "12");
    assert_eq!(candidates(&a, "funnels", 0, "n_improved"), "11");
    assert!(names(&a, "funnels", 0, "rate_improved", Fix::Withhold));
    // Worked out from the published counts it tells nothing.
    let a = run(&[(
        "funnels",
        "quarter,objective,project_id,n_people,n_improved,rate_improved
        Q,1,P,10,10,1.0000
        ",
    )]);
    assert!(a.passed(), "{:?}", a.findings);
    assert_eq!(candidates(&a, "funnels", 0, "n_people"), "8–12");
}

#[test]
fn money_per_head_and_a_value_from_the_true_count() {
    // vfm.csv: £1,000 ÷ 83.33 per participant = 12.0005: of 8–12, only 12
    // gives 83.33 to the penny (1000/11 = 90.91).
    let a = run(&[(
        "vfm",
        "quarter,project_id,cost_gbp,participants,cost_per_participant
        Q,P,1000.00,10,83.33
        ",
    )]);
    assert_eq!(candidates(&a, "vfm", 0, "participants"), "12");
    assert!(names(&a, "vfm", 0, "cost_per_participant", Fix::Withhold));
    // vfm_fiscal.csv (the issue): 623.58 ÷ £51.97 = 12, printed 10.
    let a = run(&[(
        "vfm_fiscal",
        "quarter,level,key,indicator,reduction,unit_cost_gbp,value_gbp
        Q,project,P,GP-APPT,10,51.97,623.58
        ",
    )]);
    assert_eq!(candidates(&a, "vfm_fiscal", 0, "reduction"), "12");
    assert!(names(&a, "vfm_fiscal", 0, "value_gbp", Fix::Withhold));
}

#[test]
fn means_of_whole_number_scores() {
    // WEMWBS over a published 10 (8–12): baseline 40.58, follow-up 41.58,
    // change 1.00 are whole sums over 12 only (487/12, 499/12, 12/12);
    // the audit has them printed with a decimal fewer.
    let a = run(&[(
        "measures",
        "quarter,project_id,measure,n_paired,mean_baseline,mean_followup,mean_change
        Q,P,WEMWBS,10,40.58,41.58,1.00
        ",
    )]);
    assert_eq!(candidates(&a, "measures", 0, "n_paired"), "12");
    for c in ["mean_baseline", "mean_followup", "mean_change"] {
        assert!(
            names(&a, "measures", 0, c, Fix::Decimals(1)),
            "{c}: {:?}",
            a.findings
        );
    }
    // With one decimal, 40.6, 41.6 and 1.0 fit every n from 8 to 12.
    let a = run(&[(
        "measures",
        "quarter,project_id,measure,n_paired,mean_baseline,mean_followup,mean_change
        Q,P,WEMWBS,10,40.6,41.6,1.0
        ",
    )]);
    assert!(a.passed(), "{:?}", a.findings);
    // The ends of a bootstrap interval of the mean change are means of
    // resampled changes: 0.42 is 5/12 alone of n/8–12 (3/8 = 0.375,
    // 4/9 = 0.444, 4/10, 5/11 = 0.455).
    let a = run(&[
        (
            "measures",
            "quarter,project_id,measure,n_paired,mean_baseline,mean_followup,mean_change
            Q,P,WEMWBS,10,40.6,41.6,1.0
            ",
        ),
        (
            "vfm_uncertainty",
            "quarter,project_id,statistic,measure,n,estimate,ci_low,ci_high
            Q,P,mean_change,WEMWBS,10,1.0,0.42,2.0
            ",
        ),
    ]);
    assert_eq!(candidates(&a, "measures", 0, "n_paired"), "12");
    assert!(names(&a, "vfm_uncertainty", 0, "ci_low", Fix::Decimals(1)));
}

#[test]
fn wellbys_beside_a_mean_change_in_life_satisfaction() {
    // 23.00 WELLBYs (persistence 1) are 23 points of change; a mean change
    // of 1.10 over a published 20 (18–22): 23/21 = 1.095 → 1.10 alone (23/20
    // = 1.15, 23/22 = 1.045); the project's people are pinned to 21.
    let a = run(&[
        (
            "vfm_effectiveness",
            "quarter,level,key,wellby_people,wellbys_life_satisfaction
            Q,project,P,20,23.00
            ",
        ),
        (
            "measures",
            "quarter,project_id,measure,n_paired,mean_change
            Q,P,ONS4-LS,20,1.10
            ",
        ),
    ]);
    assert_eq!(
        candidates(&a, "vfm_effectiveness", 0, "wellby_people"),
        "21"
    );
    assert!(names(&a, "measures", 0, "mean_change", Fix::Decimals(1)));
}

#[test]
fn projects_adding_up_to_their_area_across_tables() {
    // Four projects of 8 in area A publish as 10 each in funnels.csv (area
    // from vfm.csv); objectives.csv shows A as 30 (28–32): each project 8.
    let a = run(&[
        (
            "vfm",
            "quarter,project_id,area
            Q,P1,A
            Q,P2,A
            Q,P3,A
            Q,P4,A
            ",
        ),
        (
            "funnels",
            "quarter,objective,project_id,n_people
            Q,1,P1,10
            Q,1,P2,10
            Q,1,P3,10
            Q,1,P4,10
            ",
        ),
        (
            "objectives",
            "quarter,area,objective,n_people
            Q,A,1,30
            ",
        ),
    ]);
    assert_eq!(candidates(&a, "funnels", 0, "n_people"), "8");
    assert!(!a.passed());
}

#[test]
fn an_interval_or_a_rule_from_the_true_counts() {
    // indicators.csv: 10 of 10 published, with Wilson's interval of 11 of
    // 12 (0.6461–0.9851) rather than of 10 of 10 (0.7225–1.0000): a
    // finding, the interval withheld.
    let a = run(&[(
        "indicators",
        "quarter,area,project_id,indicator,numerator,denominator,proportion,ci_low,ci_high
        Q,A,P,FFT-POSITIVE,10,10,1.0000,0.6461,0.9851
        ",
    )]);
    assert!(names(&a, "indicators", 0, "ci_low", Fix::Withhold));
    assert!(names(&a, "indicators", 0, "ci_high", Fix::Withhold));
    assert!(!names(&a, "indicators", 0, "proportion", Fix::Withhold));
}

#[test]
fn a_workbook_more_precise_than_its_tables() {
    // The CSV prints 0.9167, the workbook holds 0.916666…: a finding no
    // withholding mends (the run then writes nothing).
    let csv = "quarter,objective,project_id,n_people,n_improved,rate_improved
        Q,1,P,10,10,1.0000
        ";
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet().set_name("Projects compared").unwrap();
    for (c, h) in [
        "Quarter",
        "Objective",
        "Project",
        "People",
        "Improved",
        "Share",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Q").unwrap();
    ws.write_string(1, 1, "1").unwrap();
    ws.write_string(1, 2, "P").unwrap();
    ws.write_number(1, 3, 10).unwrap();
    ws.write_number(1, 4, 10).unwrap();
    ws.write_number(1, 5, 11.0 / 12.0).unwrap();
    let mut f = files(&[("funnels", csv)]);
    f.workbook = Some(wb.save_to_buffer().unwrap());
    let a = audit(&f, &Config::builtin().unwrap(), false).unwrap();
    assert!(
        a.findings.iter().any(|x| x.fix == Fix::None
            && x.cell.column == "rate_improved"
            && x.why.contains("vfm.xlsx holds 0.9166")),
        "{:?}",
        a.findings
    );
}
