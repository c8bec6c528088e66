//! Value for money on fixtures/small (2026/27 Q2), worked out by hand, and
//! vfm.xlsx read back with calamine against the CSV tables.

use calamine::{Data, Reader, Xlsx, open_workbook};
mod common;

use common::{needle, read};
use std::path::Path;

fn report(extra: &[&str]) -> tempfile::TempDir {
    let mut args = vec!["fixtures/small"];
    args.extend_from_slice(extra);
    common::report(&args)
}

fn line<'a>(csv: &'a str, prefix: &str) -> &'a str {
    csv.lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line {prefix} in\n{csv}"))
}

/// A config folder holding config/valuation.toml with each (from, to)
/// replaced once; every `from` must be there.
fn valuation_with(changes: &[(&str, &str)]) -> tempfile::TempDir {
    let cfg = tempfile::tempdir().unwrap();
    let mut v = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("config/valuation.toml"),
    )
    .unwrap();
    for (from, to) in changes {
        assert!(v.contains(from), "valuation.toml has no {from:?}");
        v = v.replacen(from, to, 1);
    }
    std::fs::write(cfg.path().join("valuation.toml"), v).unwrap();
    cfg
}

/// `needle report fixtures/small <args>`, which must be refused (exit 2)
/// without writing its output folder; its stderr.
fn refused<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> String {
    let out = tempfile::tempdir().unwrap();
    let run = needle()
        .args(["report", "fixtures/small"])
        .args(args)
        .arg("--out")
        .arg(out.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(!out.path().join("out").exists());
    String::from_utf8_lossy(&run.stderr).into_owned()
}

#[test]
fn economy_efficiency_effectiveness_by_hand() {
    let out = report(&["--no-suppression"]);
    let p = "2026/27 Q2,project,SML-A,Small Walkers,Salford,";
    // Cost 1000 + 500 = 1500; 10 + 5 = 15 sessions → 100.00; 20 + 10 = 30
    // hours → 50.00.
    assert_eq!(
        line(&read(out.path(), "tables/vfm_economy.csv"), p),
        format!("{p}1500.00,200.00,15,30.0,100.00,50.00")
    );
    // 13 participants → 115.38; 60 + 15 = 75 attendances → 20.00.
    assert_eq!(
        line(&read(out.path(), "tables/vfm_efficiency.csv"), p),
        format!("{p}13,75,115.38,20.00")
    );
    // 9 paired, 8 outcomes → 187.50; no recoveries (SML-A has no clinical
    // measure: ONS4-LS P01 and P03 left its low band, which is not a
    // recovery) → no cost per recovery; 8 life-satisfaction pairs, Σ change
    // 9 × persistence 1 = 9.00
    // WELLBYs → 1500/9 = 166.67 per WELLBY, against a WELLBY value of
    // 13,000 × 112.375/90.3 = 16,178.02. Nobody judged on a clinical
    // measure: 0 at caseness, no recovery or reliable-change rates.
    assert_eq!(
        line(&read(out.path(), "tables/vfm_effectiveness.csv"), p),
        format!("{p}9,8,0,187.50,,0,0,,0,0,,0,,8,9.00,0.00,9.00,166.67,16178.02")
    );
    // SML-B: three people judged on PHQ-9 + GAD-7 as a pair (caseness 10
    // and 8, reliable change 6 and 4). B01 15→8 and 12→5: at caseness on
    // both at the start, on neither after, both reliably better:
    // recovered, reliably. B02 12→10 and 9→7: at caseness at the start and
    // still (PHQ-9 10 ≥ 10): not recovered, no reliable change. B03 8→16
    // and 6→6: not at caseness at the start (8 < 10, 6 < 8); PHQ-9 reliably
    // worse (+8 ≥ 6), GAD-7 not better: a reliable deterioration.
    // 3 judged, 2 at caseness, 1 recovered → 1/2 = 0.5000; 1 reliable
    // recovery; 1 reliable improvement and 1 deterioration of 3 → 0.3333.
    // Cost 2000 / 2 people improved (B01 on objective 2, B03 on SWEMWBS)
    // = 1000.00; 2000 / 1 recovery = 2000.00.
    let b = "2026/27 Q2,project,SML-B,";
    let effectiveness = read(out.path(), "tables/vfm_effectiveness.csv");
    let row = line(&effectiveness, b);
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(
        cells[7..18],
        [
            "1", "1000.00", "2000.00", "3", "2", "0.5000", "1", "1", "0.3333", "1", "0.3333"
        ],
        "{row}"
    );
    // Activity types: physical activity (A1, cost 1000) holds SML-A's
    // outcomes: 1000/8 = 125.00 per outcome, 1000/9 = 111.11 per WELLBY.
    let e = read(out.path(), "tables/vfm_effectiveness.csv");
    assert!(
        line(&e, "2026/27 Q2,activity_type,physical activity,")
            .ends_with(",9,8,0,125.00,,0,0,,0,0,,0,,8,9.00,0.00,9.00,111.11,16178.02")
    );
    // Total: 3500 / 10 outcomes = 350.00; recoveries 0 + 1 (SML-B's B01;
    // B02's GAD-7 left caseness but its PHQ-9 did not, so B02 has not
    // recovered) = 1 → 3500.00; SML-B's clinical results.
    assert!(line(&e, "2026/27 Q2,total,TOTAL,").ends_with(
        ",12,10,1,350.00,3500.00,3,2,0.5000,1,1,0.3333,1,0.3333,8,9.00,0.00,9.00,388.89,16178.02"
    ));
}

#[test]
fn fiscal_and_social_value_by_hand() {
    let out = report(&["--no-suppression"]);
    // A&E £109 in 2011-12 prices; deflator 2011-12 = (78.5 + 79.0 + 79.5 +
    // 79.8)/4 = 79.2, 2024-25 = (110.1 + 112.1 + 113.2 + 114.1)/4 = 112.375:
    // 109 × 112.375/79.2 = 154.66; 3 fewer attendances → 463.97.
    let f = read(out.path(), "tables/vfm_fiscal.csv");
    assert_eq!(
        line(&f, "2026/27 Q2,project,SML-A,"),
        "2026/27 Q2,project,SML-A,Small Walkers,Salford,AE-MH,A&E attendance,NHS,3,154.66,463.97"
    );
    // Wellbeing 9 × 16,178.0177 = 145,602.16. Additionality (1 − 0.2)(1 −
    // 0)(1 − 0.1) = 0.72. Central (145,602.16 + 463.97) × 0.72 = 105,167.62;
    // low 80,975.26; high 129,359.97. BCR ÷ (1500 + 200): 47.63, 61.86,
    // 76.09. Switching value 1 − 1/61.863 = 0.9838.
    let s = read(out.path(), "tables/vfm_social.csv");
    assert_eq!(
        line(&s, "2026/27 Q2,project,SML-A,"),
        "2026/27 Q2,project,SML-A,Small Walkers,Salford,145602.16,463.97,0.00,0.7200,80975.26,105167.62,129359.97,47.63,61.86,76.09,0.9838"
    );
    // SML-B has no value: BCR 0, no switching value.
    assert!(line(&s, "2026/27 Q2,project,SML-B,").ends_with(",0.00,0.00,0.00,0.00,0.00,0.00,"));
}

#[test]
fn drop_off_discounting_and_user_proxies_by_hand() {
    // Three years, 50 % drop-off, WELLBYs discounted at the health rate
    // 1.5 % (money's 3.5 % does not apply to them): persistence 1 +
    // 0.5/1.015 + 0.25/1.015² = 1 + 0.492611 + 0.242665 = 1.735276;
    // WELLBYs 9 × 1.735276 = 15.617486 → 15.62.
    let cfg = valuation_with(&[(
        "duration_years = { value = 1,",
        "duration_years = { value = 3,",
    )]);
    // A user proxy: £10 (2019 prices) per Friends and Family Test positive
    // response: 9 × 10 × 112.375/90.3 = 112.00.
    let proxies = cfg.path().join("mine.toml");
    std::fs::write(
        &proxies,
        "[[proxies]]\nlabel = \"Test proxy\"\nindicator = \"FFT-POSITIVE\"\nvalue = 10\nper = \"numerator\"\nprice_year = \"2019\"\nsource = \"Test\"\nlicence = \"Test\"\n",
    )
    .unwrap();
    let out = report(&[
        "--config",
        cfg.path().to_str().unwrap(),
        "--valuation",
        proxies.to_str().unwrap(),
        "--no-suppression",
    ]);
    // Wellbeing 15.617486 × 16,178.0177 = 252,659.97; central (252,659.97 +
    // 463.97 + 112.00) × 0.72 = 182,329.88; low 140,349.46; high 224,310.31;
    // BCR ÷ 1,700: 82.56, 107.25, 131.95; switching 1 − 1/107.2529 = 0.9907.
    let s = read(out.path(), "tables/vfm_social.csv");
    assert_eq!(
        line(&s, "2026/27 Q2,project,SML-A,"),
        "2026/27 Q2,project,SML-A,Small Walkers,Salford,252659.97,463.97,112.00,0.7200,140349.46,182329.88,224310.31,82.56,107.25,131.95,0.9907"
    );
    let e = read(out.path(), "tables/vfm_effectiveness.csv");
    // 1500 / 15.617486 = 96.05 per WELLBY.
    assert!(line(&e, "2026/27 Q2,project,SML-A,").ends_with(",8,15.62,0.00,15.62,96.05,16178.02"));
    // The workbook's method sheet lists the user's proxy as an assumption.
    let mut wb: Xlsx<_> = open_workbook(out.path().join("vfm.xlsx")).unwrap();
    let m = wb.worksheet_range("Method and assumptions").unwrap();
    assert!(
        m.rows()
            .any(|r| r[0].to_string().starts_with("User proxy: Test proxy") && r[5] == "yes")
    );
}

#[test]
fn a_bad_valuation_file_is_refused_with_file_key_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.toml");
    std::fs::write(&f, "[[proxies]]\nlabel = \"x\"\nindicator = \"NOPE\"\nvalue = 1\nper = \"numerator\"\nprice_year = \"2019\"\nsource = \"s\"\nlicence = \"l\"\n").unwrap();
    let out = needle()
        .args([
            "--valuation",
            f.to_str().unwrap(),
            "report",
            "fixtures/small",
            "--out",
        ])
        .arg(dir.path().join("out"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("proxies[0].indicator") && err.contains("'NOPE' is not an indicator id"),
        "{err}"
    );
}

#[test]
fn bootstrap_intervals_are_deterministic() {
    let a = report(&["--no-suppression"]);
    let b = report(&["--no-suppression"]);
    let u = read(a.path(), "tables/vfm_uncertainty.csv");
    assert_eq!(u, read(b.path(), "tables/vfm_uncertainty.csv"));
    // SML-A cost per outcome: 9 people, 8 with an outcome, cost 1500. A
    // resample has 6 to 9 outcomes in almost every draw, so the interval
    // lies between 1500/9 = 166.67 and 1500/6 = 250.00 and holds 187.50.
    let l = line(&u, "2026/27 Q2,SML-A,cost_per_outcome,");
    let f: Vec<&str> = l.split(',').collect();
    let (est, lo, hi): (f64, f64, f64) = (
        f[5].parse().unwrap(),
        f[6].parse().unwrap(),
        f[7].parse().unwrap(),
    );
    assert_eq!(est, 187.5);
    assert!(
        (166.67..=187.5).contains(&lo) && (187.5..=250.0).contains(&hi),
        "{l}"
    );
    // SML-B GAD-7 changes −7, −2, 0: every resample mean lies in [−7, 0].
    let l = line(&u, "2026/27 Q2,SML-B,mean_change,GAD-7,");
    assert!(
        l.starts_with("2026/27 Q2,SML-B,mean_change,GAD-7,3,-3.00,"),
        "{l}"
    );
}

/// A CSV cell and the xlsx cell must show the same figure.
fn same(csv: &str, x: &Data) -> bool {
    match x {
        Data::Empty => csv.is_empty(),
        Data::String(s) => s == csv,
        Data::Float(f) => csv.parse::<f64>().is_ok_and(|c| {
            let decimals = csv.split('.').nth(1).map_or(0, |d| d.len());
            (f - c).abs() <= 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9
        }),
        Data::Int(i) => csv.parse::<f64>().is_ok_and(|c| c == *i as f64),
        _ => false,
    }
}

#[test]
fn the_workbook_holds_the_same_figures_as_the_csv_tables() {
    let dir = tempfile::tempdir().unwrap();
    let tariff = dir.path().join("tariff.toml");
    std::fs::write(&tariff, TARIFF).unwrap();
    let t = tariff.to_str().unwrap();
    for args in [&["--no-suppression"][..], &[][..]] {
        let out = report(&[&["--tariff", t], args].concat());
        let mut wb: Xlsx<_> = open_workbook(out.path().join("vfm.xlsx")).unwrap();
        let sheets = [
            ("VfM", "vfm"),
            ("Economy", "vfm_economy"),
            ("Efficiency", "vfm_efficiency"),
            ("Effectiveness", "vfm_effectiveness"),
            ("Fiscal", "vfm_fiscal"),
            ("Fiscal by agency", "vfm_agency"),
            ("Social value", "vfm_social"),
            ("Equity", "vfm_equity"),
            ("Uncertainty", "vfm_uncertainty"),
            ("Suppliers", "suppliers"),
            ("VfM by supplier", "vfm_suppliers"),
            ("Organisation types", "org_types"),
            ("Objectives by organisation type", "org_type_objectives"),
            ("Payment by results", "pbr"),
            ("Measures", "measures"),
            ("Wellbeing bands", "bands"),
            ("Objectives", "objectives"),
            ("Trends", "trends"),
            ("Activity types", "activity_types"),
            ("Indicators", "indicators"),
            ("Follow-up", "followup"),
            ("Returns", "expected_returns"),
            ("Projects compared", "funnels"),
        ];
        let mut names = vec!["Read me"];
        names.extend(sheets.iter().map(|s| s.0));
        names.push("Method and assumptions");
        assert_eq!(wb.sheet_names(), names);
        for (sheet, file) in sheets {
            let csv = read(out.path(), &format!("tables/{file}.csv"));
            let range = wb.worksheet_range(sheet).unwrap();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(csv.as_bytes());
            let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
            assert_eq!(range.height(), records.len(), "{sheet} rows");
            // The header: a human label over each CSV column, never the
            // machine name (but where the two are one word, like Area).
            for (c, name) in records[0].iter().enumerate() {
                let label = range.get((0, c)).unwrap().to_string();
                assert!(
                    !label.is_empty() && !label.contains('_'),
                    "{sheet} column {name}: {label:?}"
                );
            }
            for (r, rec) in records.iter().enumerate().skip(1) {
                for (c, cell) in rec.iter().enumerate() {
                    let x = range.get((r, c)).unwrap_or(&Data::Empty);
                    assert!(
                        same(cell, x),
                        "{sheet} row {} column {}: csv {cell:?}, xlsx {x:?}",
                        r + 1,
                        c + 1
                    );
                }
            }
        }
        // The Read me lists every sheet, in order, with the question it
        // answers, under a "Sheet" heading.
        let readme = wb.worksheet_range("Read me").unwrap();
        let heading = (0..readme.height())
            .find(|&r| readme.get((r, 0)) == Some(&Data::String("Sheet".into())))
            .expect("an index of sheets");
        let listed: Vec<String> = (heading + 1..readme.height())
            .map(|r| readme.get((r, 0)).unwrap().to_string())
            .collect();
        assert_eq!(listed, names[1..], "the Read me's index");
        for r in heading + 1..readme.height() {
            assert!(!readme.get((r, 1)).unwrap().to_string().is_empty());
        }
        let edition = readme.get((2, 0)).unwrap().to_string();
        assert!(
            edition.starts_with(if args.is_empty() {
                "Published edition"
            } else {
                "Internal edition"
            }),
            "{edition}"
        );
    }
}

#[test]
fn equity_reach_by_hand() {
    let out = report(&["--no-suppression"]);
    // SML-A's People sheet: IMD deciles recorded for 9 of 10 (P06 blank);
    // deciles 1–2: P01 P02 P05 P09 P10 = 5/9 = 0.5556. Paired people are
    // P01–P09; with a decile 8, of them in deciles 1–2 P01 P02 P05 P09 = 4/8.
    // Ethnicity (all 10 recorded, 9 paired): White P01 P03 P05 P07 P10 = 5/10,
    // paired 4/9 = 0.4444; Asian P02 P09 = 2/10, paired 2/9 = 0.2222.
    let e = read(out.path(), "tables/vfm_equity.csv");
    assert_eq!(
        line(&e, "2026/27 Q2,SML-A,Salford,IMD"),
        "2026/27 Q2,SML-A,Salford,IMD deciles 1-2,9,5,0.5556,8,4,0.5000"
    );
    assert_eq!(
        line(&e, "2026/27 Q2,SML-A,Salford,Ethnicity: White"),
        "2026/27 Q2,SML-A,Salford,Ethnicity: White,10,5,0.5000,9,4,0.4444"
    );
    assert_eq!(
        line(&e, "2026/27 Q2,SML-A,Salford,Ethnicity: Asian"),
        "2026/27 Q2,SML-A,Salford,Ethnicity: Asian,10,2,0.2000,9,2,0.2222"
    );
    // SML-B has no People sheet, so the total equals SML-A.
    assert_eq!(
        line(&e, "2026/27 Q2,TOTAL,All areas,IMD"),
        "2026/27 Q2,TOTAL,All areas,IMD deciles 1-2,9,5,0.5556,8,4,0.5000"
    );
}

#[test]
fn spend_with_suppliers_by_hand() {
    // fixtures/small, with SML-A's walking group given no supplier and
    // SML-B's printmaking bought from "talk together  cic" (another
    // spelling of SML-A's peer-circle supplier):
    //   Talk Together CIC: SML-A A2 £500 + SML-B A1 £2,000 = £2,500, 2
    //     activities, 2 organisations; share 2,500 / 3,500 = 0.714286
    //   (no supplier given): SML-A A1 £1,000, 1 activity, 1 organisation;
    //     share 1,000 / 3,500 = 0.285714
    //   All activities: 3 activities, 2 organisations, £3,500, share 1.
    let dir = common::copied(
        &["SML-A", "SML-B"],
        &[
            ("SML-A", "Activities.csv", "Stride Out CIC", ""),
            (
                "SML-B",
                "Activities.csv",
                "Canal Street Creative CIC",
                "talk together  cic",
            ),
        ],
    );
    let expected = "quarter,supplier,activities,organisations,spend_gbp,share_of_spend\n\
        2026/27 Q2,Talk Together CIC,2,2,2500.00,0.7143\n\
        2026/27 Q2,(no supplier given),1,1,1000.00,0.2857\n\
        2026/27 Q2,All activities,3,2,3500.00,1.0000\n";
    // Money and organisations, not people: the published edition (default)
    // shows the same figures as the internal one, counts of 1 and 2
    // included.
    for extra in [&[][..], &["--no-suppression"][..]] {
        let mut args = vec![dir.path().as_os_str()];
        args.extend(extra.iter().map(std::ffi::OsStr::new));
        let out = common::report(&args);
        let csv = read(out.path(), "tables/suppliers.csv").replace("\r\n", "\n");
        assert_eq!(csv, expected, "{extra:?}");
        let html = read(out.path(), "report.html");
        assert!(html.contains("Spend with suppliers") && html.contains("Talk Together CIC"));
    }
}

/// fixtures/small with SML-A reporting fewer GP appointments and crisis
/// contacts, and a config in which (for this test only) GP appointments
/// are a local-authority cost and crisis contacts another agency's.
fn agency_case() -> (tempfile::TempDir, tempfile::TempDir) {
    let returns = common::copied(
        &["SML-A", "SML-B"],
        &[(
            "SML-A",
            "Counts.csv",
            ",A&E mental-health attendances,1,,4\n",
            ",A&E mental-health attendances,1,,4\n,GP appointments,20,,30\n,Crisis team contacts,1,,13\n",
        )],
    );
    let gp = "label = \"GP face-to-face consultation\"\nagency = \"NHS\"";
    let crisis = "label = \"Crisis team contact (one team-member hour)\"\nagency = \"NHS\"";
    let cfg = valuation_with(&[
        (gp, &gp.replace("\"NHS\"", "\"local authority\"")),
        (crisis, &crisis.replace("\"NHS\"", "\"other\"")),
    ]);
    (returns, cfg)
}

#[test]
fn fiscal_value_split_by_agency_by_hand() {
    let (returns, cfg) = agency_case();
    let args = |extra: &[&str]| {
        let mut a = vec![
            returns.path().to_str().unwrap().to_string(),
            "--config".into(),
            cfg.path().to_str().unwrap().into(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let out = common::report(&args(&["--no-suppression"]));
    // A&E (NHS): 4 − 1 = 3 fewer × £109 × 112.375/79.2 (2011-12 → 2024-25)
    //   = 3 × 154.6575 = 463.97.
    // GP (local authority here): 30 − 20 = 10 fewer × £38 × 112.375/82.175
    //   (2013-14 = (81.6 + 82.2 + 82.3 + 82.6)/4) = 10 × 51.9653 = 519.65.
    // Crisis (other here): 13 − 1 = 12 × 51.9653 = 623.58.
    // Total 463.9725 + 519.6532 + 623.5838 = 1,607.21.
    let a = read(out.path(), "tables/vfm_agency.csv");
    assert_eq!(
        a.lines().next().unwrap(),
        "quarter,level,key,name,area,fiscal_nhs_gbp,fiscal_local_authority_gbp,fiscal_other_gbp,fiscal_gbp"
    );
    assert_eq!(
        line(&a, "2026/27 Q2,project,SML-A,"),
        "2026/27 Q2,project,SML-A,Small Walkers,Salford,463.97,519.65,623.58,1607.21"
    );
    // SML-B reported no counts: every agency 0.
    assert_eq!(
        line(&a, "2026/27 Q2,project,SML-B,"),
        "2026/27 Q2,project,SML-B,Small Makers,Stockport,0.00,0.00,0.00,0.00"
    );
    assert!(line(&a, "2026/27 Q2,total,TOTAL,").ends_with(",463.97,519.65,623.58,1607.21"));
    // Each fiscal line names its agency.
    let f = read(out.path(), "tables/vfm_fiscal.csv");
    assert!(
        line(
            &f,
            "2026/27 Q2,project,SML-A,Small Walkers,Salford,GP-APPT,"
        )
        .ends_with(",GP face-to-face consultation,local authority,10,51.97,519.65")
    );

    // Published edition: the NHS figure rests on 3 attendances (1–7), which
    // are withheld, so it is, and the total that adds it. The others are
    // worked out from the published reductions and unit costs: 10 GP
    // appointments → 10 × £51.97 = 519.70; 12 crisis contacts → 10 ×
    // £51.97 = 519.70 (the exact 623.58 ÷ 51.97 would give 12 back).
    let out = common::report(&args(&[]));
    let a = read(out.path(), "tables/vfm_agency.csv");
    assert_eq!(
        line(&a, "2026/27 Q2,project,SML-A,"),
        "2026/27 Q2,project,SML-A,Small Walkers,Salford,*,519.70,519.70,*"
    );
    assert!(line(&a, "2026/27 Q2,total,TOTAL,").ends_with(",*,519.70,519.70,*"));
    // vfm_social's fiscal value is the same sum, withheld for the same
    // reason (it used to be shown whatever it rested on).
    let social = read(out.path(), "tables/vfm_social.csv");
    let cols: Vec<&str> = social.lines().next().unwrap().split(',').collect();
    let fiscal = cols.iter().position(|c| *c == "fiscal_gbp").unwrap();
    let sml_a: Vec<&str> = line(&social, "2026/27 Q2,project,SML-A,")
        .split(',')
        .collect();
    assert_eq!(sml_a[fiscal], "*");
    // The workbook and the report carry the table.
    let mut wb: Xlsx<_> = open_workbook(out.path().join("vfm.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Fiscal by agency").unwrap();
    // Headed with the column's label (the CSV keeps its machine name).
    assert_eq!(
        sheet.get((0, 6)),
        Some(&Data::String(
            "Fiscal value to local authorities (£)".into()
        ))
    );
    let html = read(out.path(), "report.html");
    assert!(
        html.contains("Who benefits")
            && html.contains("<th scope=\"col\">Fiscal value to local authorities (£)</th>")
            && !html.contains("fiscal_local_authority_gbp")
    );
}

#[test]
fn an_unknown_agency_is_refused_with_file_line_and_the_choices() {
    let cfg = valuation_with(&[("agency = \"NHS\"", "agency = \"council\"")]);
    let err = refused(&["--config".as_ref(), cfg.path().as_os_str()]);
    assert!(
        err.contains("valuation.toml")
            && err.contains("council")
            && err.contains("local authority"),
        "{err}"
    );
}

#[test]
fn value_for_money_by_supplier_and_organisation_type_by_hand() {
    // fixtures/small. SML-A (community group): A1 walking group, Stride Out
    // CIC, £1,000 + £200 in kind, 9 participants, holds all of SML-A's 9
    // paired people (8 with a meaningful improvement, none recovered: its
    // ONS4 band movements are not recoveries; Σ life-satisfaction change
    // 9); A2 peer circle, Talk Together CIC, £500,
    // 4 participants, no outcomes. SML-B (social enterprise / CIC): A1
    // printmaking, Canal Street Creative CIC, £2,000, 8 participants; 3
    // paired, 2 improved, 1 recovered (PHQ-9 + GAD-7 as a pair: see
    // economy_efficiency_effectiveness_by_hand), no life-satisfaction pairs.
    let out = report(&["--no-suppression"]);
    let s = read(out.path(), "tables/vfm_suppliers.csv").replace("\r\n", "\n");
    // Canal Street: 2000/8 = 250.00 per participant; 2/3 = 0.6667; 2000/2 =
    //   1000.00 per outcome; no WELLBYs, BCR 0/2000 = 0.00.
    // Stride Out: 1000/9 = 111.11; 8/9 = 0.8889; 1000/8 = 125.00; 9 WELLBYs
    //   × 16,178.0177 × 0.72 additionality = 104,833.55 ÷ (1000 + 200) =
    //   87.36. (The A&E count names no activity, so its fiscal value is in
    //   no supplier's row.)
    // Talk Together: 500/4 = 125.00; nobody paired: rate and cost per
    //   outcome empty, BCR 0/500 = 0.00.
    // All activities: 3500/21 = 166.67; 10/12 = 0.8333; 3500/10 = 350.00;
    //   (145,602.16 + 463.97) × 0.72 / 3,700 = 28.42.
    // Clinical results (Canal Street's 3, as SML-B's): 3 judged, 2 at
    //   caseness, 1 recovered (0.5000), 1 reliably; 1 reliably better and
    //   1 reliably worse of 3 (0.3333 each). Nobody else judged: rates empty.
    let expected = "quarter,supplier,projects,cost_gbp,participants,cost_per_participant_gbp,n_people_paired,outcomes,rate_outcome,cost_per_outcome_gbp,recoveries,n_clinical,n_caseness_baseline,recovery_rate,reliable_recoveries,n_reliable_improvement,reliable_improvement_rate,n_reliable_deterioration,reliable_deterioration_rate,wellbys,bcr_central\n\
        2026/27 Q2,Canal Street Creative CIC,1,2000.00,8,250.00,3,2,0.6667,1000.00,1,3,2,0.5000,1,1,0.3333,1,0.3333,0.00,0.00\n\
        2026/27 Q2,Stride Out CIC,1,1000.00,9,111.11,9,8,0.8889,125.00,0,0,0,,0,0,,0,,9.00,87.36\n\
        2026/27 Q2,Talk Together CIC,1,500.00,4,125.00,0,0,,,0,0,0,,0,0,,0,,0.00,0.00\n\
        2026/27 Q2,All activities,2,3500.00,21,166.67,12,10,0.8333,350.00,1,3,2,0.5000,1,1,0.3333,1,0.3333,9.00,28.42\n";
    assert_eq!(s, expected);
    // Organisation types: SML-A alone is the community group (1500/13 =
    // 115.38; 8/9; 1500/8 = 187.50; BCR 105,167.62/1,700 = 61.86 as in
    // vfm_social); SML-B the social enterprise.
    let o = read(out.path(), "tables/org_types.csv").replace("\r\n", "\n");
    let expected = "quarter,organisation_type,projects,cost_gbp,participants,cost_per_participant_gbp,n_people_paired,outcomes,rate_outcome,cost_per_outcome_gbp,recoveries,n_clinical,n_caseness_baseline,recovery_rate,reliable_recoveries,n_reliable_improvement,reliable_improvement_rate,n_reliable_deterioration,reliable_deterioration_rate,wellbys,bcr_central\n\
        2026/27 Q2,community group,1,1500.00,13,115.38,9,8,0.8889,187.50,0,0,0,,0,0,,0,,9.00,61.86\n\
        2026/27 Q2,social enterprise / CIC,1,2000.00,8,250.00,3,2,0.6667,1000.00,1,3,2,0.5000,1,1,0.3333,1,0.3333,0.00,0.00\n\
        2026/27 Q2,All organisation types,2,3500.00,21,166.67,12,10,0.8333,350.00,1,3,2,0.5000,1,1,0.3333,1,0.3333,9.00,28.42\n";
    assert_eq!(o, expected);
    // The objectives by organisation type: objective 1 (good mental
    // health) is SML-A's 9 people, 8 improved (8/9 = 0.8889), and SML-B's 3,
    // 2 improved; together 12 and 10, as objectives.csv's All areas row.
    let t = read(out.path(), "tables/org_type_objectives.csv");
    let good = "1,More people will have good mental health,";
    assert_eq!(
        line(&t, &format!("2026/27 Q2,community group,{good}")),
        format!("2026/27 Q2,community group,{good}9,8,0.8889,1,0")
    );
    assert!(
        line(&t, &format!("2026/27 Q2,social enterprise / CIC,{good}"))
            .ends_with(",3,2,0.6667,0,0")
    );
    assert!(
        line(&t, &format!("2026/27 Q2,All organisation types,{good}"))
            .ends_with(",12,10,0.8333,1,0")
    );
    let all = read(out.path(), "tables/objectives.csv");
    assert!(line(&all, &format!("2026/27 Q2,All areas,{good}")).ends_with(",12,10,0.8333,0"));

    // Published edition of the suppliers. Canal Street's 3 paired, 2
    // improved and 2 recovered are withheld; the total (12 paired, 10
    // improved) is shown, so the next smallest non-zero part, Stride Out's
    // 9 and 8, go too, with their rate and cost per outcome. Talk Together's
    // 4 participants are withheld, and so Canal Street's 8 (the smallest
    // other), with the cost per participant of each. Every other figure is
    // worked out from the published counts: Stride Out 1000/10 = 100.00 per
    // participant; all activities 3500/20 = 175.00, 10/10 = 1.0000 and
    // 3500/10 = 350.00. Nobody at Canal Street or Talk Together has a
    // life-satisfaction score: 0.00 WELLBYs tell nothing. The BCR is the
    // unit's in vfm_social: Stride Out (145,602.16 + 0 + 0) × 0.72 / 1,200
    // = 87.36; the total's adds the fiscal value, which rests on the 3 A&E
    // attendances (withheld), so it is withheld too.
    let out = report(&[]);
    let s = read(out.path(), "tables/vfm_suppliers.csv").replace("\r\n", "\n");
    let expected = "quarter,supplier,projects,cost_gbp,participants,cost_per_participant_gbp,n_people_paired,outcomes,rate_outcome,cost_per_outcome_gbp,recoveries,n_clinical,n_caseness_baseline,recovery_rate,reliable_recoveries,n_reliable_improvement,reliable_improvement_rate,n_reliable_deterioration,reliable_deterioration_rate,wellbys,bcr_central\n\
        2026/27 Q2,Canal Street Creative CIC,1,2000.00,*,*,*,*,*,*,*,*,*,*,*,*,*,*,*,0.00,0.00\n\
        2026/27 Q2,Stride Out CIC,1,1000.00,10,100.00,*,*,*,*,0,0,0,,0,0,,0,,9.00,87.36\n\
        2026/27 Q2,Talk Together CIC,1,500.00,*,*,0,0,,,0,0,0,,0,0,,0,,0.00,0.00\n\
        2026/27 Q2,All activities,2,3500.00,20,175.00,10,10,1.0000,350.00,*,*,*,*,*,*,*,*,*,9.00,*\n";
    assert_eq!(s, expected);

    // Published edition. Social enterprise: 3 paired, 2 improved and 1
    // recovered are 1–7, withheld, with the rate and cost per outcome
    // worked out from them. The total (12 paired, 10 improved) is shown,
    // so the community group's 9 and 8 are withheld too (12 − 9 would give
    // the 3 away). The community group has no recoveries (0, shown: the
    // total's 1 is withheld), nor anyone judged on a clinical measure.
    // Participants round to the nearest 5: 13 → 15, 8 → 10, 21 → 20, and
    // cost per participant is worked out from those: 1500/15 = 100.00,
    // 2000/10 = 200.00, 3500/20 = 175.00. The community group's and the
    // total's BCR add the withheld fiscal value: withheld.
    let o = read(out.path(), "tables/org_types.csv").replace("\r\n", "\n");
    let expected = "quarter,organisation_type,projects,cost_gbp,participants,cost_per_participant_gbp,n_people_paired,outcomes,rate_outcome,cost_per_outcome_gbp,recoveries,n_clinical,n_caseness_baseline,recovery_rate,reliable_recoveries,n_reliable_improvement,reliable_improvement_rate,n_reliable_deterioration,reliable_deterioration_rate,wellbys,bcr_central\n\
        2026/27 Q2,community group,1,1500.00,15,100.00,*,*,*,*,0,0,0,,0,0,,0,,9.00,*\n\
        2026/27 Q2,social enterprise / CIC,1,2000.00,10,200.00,*,*,*,*,*,*,*,*,*,*,*,*,*,0.00,0.00\n\
        2026/27 Q2,All organisation types,2,3500.00,20,175.00,10,10,1.0000,350.00,*,*,*,*,*,*,*,*,*,9.00,*\n";
    assert_eq!(o, expected);
    // The types add up to all types: with the social enterprise's 3
    // withheld, the community group's 9 goes too.
    let t = read(out.path(), "tables/org_type_objectives.csv");
    assert_eq!(
        line(&t, &format!("2026/27 Q2,community group,{good}")),
        format!("2026/27 Q2,community group,{good}*,*,*,*,0")
    );
    assert!(
        line(&t, &format!("2026/27 Q2,All organisation types,{good}"))
            .ends_with(",10,10,1.0000,*,0")
    );
    // The workbook and the report carry both tables; the chart is drawn.
    let mut wb: Xlsx<_> = open_workbook(out.path().join("vfm.xlsx")).unwrap();
    for sheet in [
        "VfM by supplier",
        "Organisation types",
        "Objectives by organisation type",
    ] {
        assert!(wb.worksheet_range(sheet).is_ok(), "{sheet}");
    }
    let html = read(out.path(), "report.html");
    assert!(html.contains("Value for money by supplier") && html.contains("Who delivers"));
    assert!(out.path().join("charts/org-types.svg").exists());
}

const TARIFF: &str = "name = \"Test tariff\"\nsource = \"Made up for needle's tests\"\ncap_per_project_gbp = 1000\n\n[[payments]]\noutcome = \"meaningful_improvement\"\ngbp = 100\ncap_people = 5\n\n[[payments]]\noutcome = \"recovery\"\ngbp = 250\n\n[[payments]]\noutcome = \"followup\"\ngbp = 20\n\n[[payments]]\noutcome = \"wellbeing_improvement\"\ngbp = 50\n";

#[test]
fn payment_by_results_under_a_tariff_with_caps_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let tariff = dir.path().join("tariff.toml");
    std::fs::write(&tariff, TARIFF).unwrap();
    let t = tariff.to_str().unwrap();
    let out = report(&["--tariff", t, "--no-suppression"]);
    // Tariff: £100 per meaningful improvement, at most 5 paid per project;
    // £250 per recovery; £20 per person followed up; £50 per wellbeing
    // improvement (objective 1: SML-A 8, SML-B 2, as in objectives.csv);
    // at most £1,000 per project.
    // SML-A (cost £1,500): 8 improved → 5 paid → £500; none recovered
    //   (its ONS4 band movements are not recoveries) → £0; 9 followed up →
    //   £180; 8 × £50 = £400; 1,080 capped at 1,000 → 1000/1500 = 0.6667.
    //   Follow-up 9 of 10 with a baseline = 0.9000.
    // SML-B (£2,000): 2 → £200; 1 recovered (B01; PHQ-9 and GAD-7 judged
    //   as a pair: B02's GAD-7 left caseness, 9 → 7, but its PHQ-9 did not,
    //   12 → 10) → £250; 3 → £60; 2 × £50 = £100; 610 (under the cap);
    //   610/2000 = 0.3050; 3 of 3 followed up.
    // TOTAL: 10 improved, 7 paid, £700; 1 recovered, £250; 12 followed
    //   up, £240; 10 wellbeing, £500; 1,000 + 610 = 1,610 of 3,500 =
    //   0.4600; 12 of 13 = 0.9231.
    let expected = "quarter,project_id,project_name,outcome,tariff_gbp,cap_people,people,people_paid,cap_gbp,payment_gbp,cost_gbp,payment_to_cost,n_baseline,followup_rate\n\
        2026/27 Q2,SML-A,Small Walkers,meaningful_improvement,100.00,5,8,5,,500.00,1500.00,0.3333,,\n\
        2026/27 Q2,SML-A,Small Walkers,recovery,250.00,,0,0,,0.00,1500.00,0.0000,,\n\
        2026/27 Q2,SML-A,Small Walkers,followup,20.00,,9,9,,180.00,1500.00,0.1200,,\n\
        2026/27 Q2,SML-A,Small Walkers,wellbeing_improvement,50.00,,8,8,,400.00,1500.00,0.2667,,\n\
        2026/27 Q2,SML-A,Small Walkers,all outcomes,,,,,1000.00,1000.00,1500.00,0.6667,10,0.9000\n\
        2026/27 Q2,SML-B,Small Makers,meaningful_improvement,100.00,5,2,2,,200.00,2000.00,0.1000,,\n\
        2026/27 Q2,SML-B,Small Makers,recovery,250.00,,1,1,,250.00,2000.00,0.1250,,\n\
        2026/27 Q2,SML-B,Small Makers,followup,20.00,,3,3,,60.00,2000.00,0.0300,,\n\
        2026/27 Q2,SML-B,Small Makers,wellbeing_improvement,50.00,,2,2,,100.00,2000.00,0.0500,,\n\
        2026/27 Q2,SML-B,Small Makers,all outcomes,,,,,1000.00,610.00,2000.00,0.3050,3,1.0000\n\
        2026/27 Q2,TOTAL,All projects,meaningful_improvement,100.00,5,10,7,,700.00,3500.00,0.2000,,\n\
        2026/27 Q2,TOTAL,All projects,recovery,250.00,,1,1,,250.00,3500.00,0.0714,,\n\
        2026/27 Q2,TOTAL,All projects,followup,20.00,,12,12,,240.00,3500.00,0.0686,,\n\
        2026/27 Q2,TOTAL,All projects,wellbeing_improvement,50.00,,10,10,,500.00,3500.00,0.1429,,\n\
        2026/27 Q2,TOTAL,All projects,all outcomes,,,,,1000.00,1610.00,3500.00,0.4600,13,0.9231\n";
    assert_eq!(
        read(out.path(), "tables/pbr.csv").replace("\r\n", "\n"),
        expected
    );

    // Published edition: a payment is worked out from the published number
    // paid × the price, so it is withheld with it. SML-B's 3 followed up is
    // withheld, and with it SML-A's 9 (12 − 9 would give it away), and both
    // payments; the programme's 12 → 10 is shown, and its payment is 10 ×
    // £20 = £200.00 (the exact £240 ÷ £20 would give 12 back), 200/3,500 =
    // 0.0571. SML-A's all-outcomes payment adds its withheld lines:
    // withheld.
    let out = report(&["--tariff", t]);
    let p = read(out.path(), "tables/pbr.csv");
    assert_eq!(
        line(&p, "2026/27 Q2,SML-A,Small Walkers,followup,"),
        "2026/27 Q2,SML-A,Small Walkers,followup,20.00,,*,*,,*,1500.00,*,,"
    );
    assert_eq!(
        line(&p, "2026/27 Q2,TOTAL,All projects,followup,"),
        "2026/27 Q2,TOTAL,All projects,followup,20.00,,10,10,,200.00,3500.00,0.0571,,"
    );
    assert_eq!(
        line(&p, "2026/27 Q2,SML-A,Small Walkers,all outcomes,"),
        "2026/27 Q2,SML-A,Small Walkers,all outcomes,,,,,1000.00,*,1500.00,*,*,*"
    );
    // The workbook holds the same table and lists the prices as assumptions.
    let mut wb: Xlsx<_> = open_workbook(out.path().join("vfm.xlsx")).unwrap();
    let sheet = wb.worksheet_range("Payment by results").unwrap();
    assert_eq!(sheet.get((0, 9)), Some(&Data::String("Payment (£)".into())));
    assert_eq!(sheet.height(), 16);
    let m = wb.worksheet_range("Method and assumptions").unwrap();
    assert!(m.rows().any(|r| r[0]
        == "Tariff 'Test tariff': £ per meaningful_improvement, at most 5 per project"
        && r[1] == 100.0));
    // The report shows each project's all-outcomes row and names the tariff.
    let html = read(out.path(), "report.html");
    assert!(html.contains("under the tariff <em>Test tariff</em>"));
    assert!(html.contains("all outcomes") && !html.contains(">meaningful_improvement<"));

    // Without a tariff: no table, and the report says how to add one.
    let out = report(&[]);
    assert!(!out.path().join("tables/pbr.csv").exists());
    assert!(read(out.path(), "report.html").contains("No tariff was given."));
}

#[test]
fn a_bad_tariff_is_refused_with_file_key_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    for (text, says) in [
        (
            TARIFF.replace("\"recovery\"", "\"wellbeing\""),
            "unknown variant `wellbeing`, expected one of `participant`, `followup`, `meaningful_improvement`, `wellbeing_improvement`, `recovery`",
        ),
        (
            TARIFF.replace("\"recovery\"", "\"followup\""),
            "payments[2].outcome: 'followup' is priced twice",
        ),
        (
            TARIFF.replace("gbp = 20", "gbp = -20"),
            "payments[2].gbp: must be an amount of £0 or more",
        ),
        (
            "name = \"x\"\nsource = \"y\"\npayments = []\n".to_string(),
            "needs at least one [[payments]] entry",
        ),
    ] {
        let f = dir.path().join("t.toml");
        std::fs::write(&f, &text).unwrap();
        let err = refused(&["--tariff".as_ref(), f.as_os_str()]);
        assert!(
            err.contains("the --tariff file is invalid")
                && err.contains("t.toml")
                && err.contains(says),
            "{err}"
        );
    }
}

/// Runs `needle report fixtures/small --menu FILE <extra>`.
fn with_menu(menu: &Path, extra: &[&str]) -> tempfile::TempDir {
    let mut args = vec!["--menu", menu.to_str().unwrap()];
    args.extend_from_slice(extra);
    report(&args)
}

#[test]
fn prices_paid_against_the_suppliers_menu_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let menu = dir.path().join("menu.csv");
    // Stride Out's walking group by name, £100 a session; Talk Together
    // (another spelling) per participant for any peer-support activity
    // (matched by type); Canal Street offers pottery only.
    std::fs::write(
        &menu,
        "Supplier,Activity,Unit,Price (£)\n\
         Stride Out CIC,Walking group,session,£100.00\n\
         talk together cic,peer support,per participant,100\n\
         Canal Street Creative CIC,Pottery,session,250\n",
    )
    .unwrap();
    let out = with_menu(&menu, &["--no-suppression"]);
    // SML-A A1: 10 sessions × £100 = £1,000 offered, £1,000 paid: as offered.
    // SML-A A2: 4 participants × £100 = £400 offered, £500 paid: £100 more.
    // SML-B A1 (printmaking, creative arts): Canal Street offers neither.
    let expected = "quarter,project_id,activity_id,activity,supplier,menu_activity,unit,price_gbp,units,offered_gbp,paid_gbp,difference_gbp,status\n\
        2026/27 Q2,SML-A,A1,Walking group,Stride Out CIC,Walking group,session,100.00,10,1000.00,1000.00,0.00,as offered\n\
        2026/27 Q2,SML-A,A2,Peer circle,Talk Together CIC,peer support,participant,100.00,4,400.00,500.00,100.00,paid more than offered\n\
        2026/27 Q2,SML-B,A1,Printmaking,Canal Street Creative CIC,,,,,,2000.00,,activity not on the supplier's menu\n";
    assert_eq!(
        read(out.path(), "tables/menu_prices.csv").replace("\r\n", "\n"),
        expected
    );
    // Published: A2's 4 participants are withheld, with the offered cost,
    // the difference and the status that would show them ("paid more"
    // than 100 × participants with £500 says fewer than 5; "as offered"
    // would say exactly how many); sessions are not people.
    let out = with_menu(&menu, &[]);
    let m = read(out.path(), "tables/menu_prices.csv");
    assert_eq!(
        line(&m, "2026/27 Q2,SML-A,A2,"),
        "2026/27 Q2,SML-A,A2,Peer circle,Talk Together CIC,peer support,participant,100.00,*,*,500.00,*,*"
    );
    assert!(line(&m, "2026/27 Q2,SML-A,A1,").ends_with(",10,1000.00,1000.00,0.00,as offered"));
    let html = read(out.path(), "report.html");
    assert!(html.contains("Of 3 activities: 1 as offered (within £1), 0 paid more, 0 paid less, 1 not on the supplier's menu and 0 from a supplier not on the menu. The status of 1 activity bought per participant is withheld (*) with the participants it rests on."), "{html}");
    let mut wb: Xlsx<_> = open_workbook(out.path().join("vfm.xlsx")).unwrap();
    assert_eq!(wb.worksheet_range("Menu prices").unwrap().height(), 4);
    // The menu is listed in manifest.json with its sha256.
    assert!(read(out.path(), "manifest.json").contains("\"file\": \"menu (user)\""));
    // Without a menu: no table, and the report says how to add one.
    let out = report(&[]);
    assert!(!out.path().join("tables/menu_prices.csv").exists());
    assert!(read(out.path(), "report.html").contains("No menu was given."));
}

#[test]
fn a_menu_workbook_with_a_title_row_paid_less_and_unknown_supplier() {
    // An xlsx menu with a title above the header, the columns in another
    // order and the sheet named "Price list".
    let dir = tempfile::tempdir().unwrap();
    let menu = dir.path().join("menu.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let s = wb.add_worksheet().set_name("Price list").unwrap();
    s.write(0, 0, "Menu of activities, 2026/27").unwrap();
    for (c, h) in ["Unit", "Price", "Supplier", "Activity"].iter().enumerate() {
        s.write(2, c as u16, *h).unwrap();
    }
    s.write(3, 0, "session").unwrap();
    s.write(3, 1, 260.0).unwrap();
    s.write(3, 2, "Canal Street Creative CIC").unwrap();
    s.write(3, 3, "Printmaking").unwrap();
    wb.save(&menu).unwrap();
    let out = with_menu(&menu, &["--no-suppression"]);
    let m = read(out.path(), "tables/menu_prices.csv");
    // SML-B A1: 8 sessions × £260 = £2,080 offered, £2,000 paid: £80 less.
    assert_eq!(
        line(&m, "2026/27 Q2,SML-B,A1,"),
        "2026/27 Q2,SML-B,A1,Printmaking,Canal Street Creative CIC,Printmaking,session,260.00,8,2080.00,2000.00,-80.00,paid less than offered"
    );
    // SML-A's suppliers are not on this menu at all.
    assert!(line(&m, "2026/27 Q2,SML-A,A1,").ends_with(",,,,,,1000.00,,supplier not on the menu"));
}

#[test]
fn a_bad_menu_is_refused_whole_naming_each_cell() {
    let dir = tempfile::tempdir().unwrap();
    let menu = dir.path().join("prices.csv");
    std::fs::write(
        &menu,
        "Supplier,Activity,Unit,Price\nA,B,hour,abc\nA,b ,session,5\n,C,session,\n",
    )
    .unwrap();
    let menu_arg = |f: &Path| refused(&["--menu".as_ref(), f.as_os_str()]);
    let err = menu_arg(&menu);
    for says in [
        "the --menu file has 5 problem(s); nothing was written",
        "sheet prices, cell C2: Unit 'hour' is not one of the allowed values. Use one of: session, participant.",
        "cell D2: Price is 'abc', which is not a number.",
        "cell A3: A offers 'b' twice on the menu (first at A2).",
        "cell A4: Supplier is empty.",
        "cell D4: Price is empty.",
    ] {
        assert!(err.contains(says), "{says} not in {err}");
    }
    // A menu without a Price column, and a file that is not a spreadsheet.
    std::fs::write(&menu, "Supplier,Activity,Unit\nA,B,session\n").unwrap();
    assert!(menu_arg(&menu).contains("The Menu sheet has no 'Price' column."));
    let pdf = dir.path().join("menu.pdf");
    std::fs::write(&pdf, b"%PDF-1.4 not a spreadsheet").unwrap();
    assert!(
        menu_arg(&pdf).contains("the --menu file menu.pdf could not be read")
            || menu_arg(&pdf).contains("could not be read")
    );
}

#[test]
fn the_programme_payment_is_the_sum_of_the_published_project_payments() {
    // fixtures/returns under the example tariff (without its recovery
    // line). Internal edition: the TOTAL all-outcomes payment is the sum of
    // the projects' capped payments. Published: every payment is worked out
    // from the published numbers paid, and the TOTAL's from the projects'
    // published payments, so it is shown only when every project's is (a
    // project's withheld payment could otherwise be worked back from it),
    // and then it is their sum.
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string("docs/tariff-example.toml").unwrap();
    let (before, after) = example
        .split_once("[[payments]]\noutcome = \"recovery\"")
        .unwrap();
    let rest = after
        .split_once("[[payments]]")
        .map_or(String::new(), |(_, r)| format!("[[payments]]{r}"));
    let path = dir.path().join("tariff.toml");
    std::fs::write(&path, format!("{before}{rest}")).unwrap();
    let tariff = path.to_str().unwrap();
    let internal = common::report(&["--tariff", tariff, "--no-suppression"]);
    let published = common::report(&["--tariff", tariff]);
    let rows = |dir: &Path| -> Vec<Vec<String>> {
        csv::Reader::from_reader(read(dir, "tables/pbr.csv").as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    // Columns: 1 project_id, 3 outcome, 4 tariff_gbp, 7 people_paid, 9
    // payment_gbp.
    for (edition, rows) in [
        ("internal", rows(internal.path())),
        ("published", rows(published.path())),
    ] {
        let all: Vec<&Vec<String>> = rows.iter().filter(|r| r[3] == "all outcomes").collect();
        let (total, projects) = all.split_last().unwrap();
        assert_eq!(total[1], "TOTAL");
        if projects.iter().any(|r| r[9] == "*") {
            assert_eq!(edition, "published");
            assert_eq!(total[9], "*", "{total:?}");
        } else {
            let sum: f64 = projects.iter().map(|r| r[9].parse::<f64>().unwrap()).sum();
            assert!(
                (sum - total[9].parse::<f64>().unwrap()).abs() < 0.005,
                "{edition}: {sum} vs {total:?}"
            );
        }
        // Every shown outcome line's payment is its number paid × price.
        for r in rows
            .iter()
            .filter(|r| r[3] != "all outcomes" && r[9] != "*")
        {
            let (paid, price): (f64, f64) = (r[7].parse().unwrap(), r[4].parse().unwrap());
            assert!(
                (paid * price - r[9].parse::<f64>().unwrap()).abs() < 0.005,
                "{r:?}"
            );
        }
    }
}

#[test]
fn a_fiscal_line_with_no_reduction_is_shown_as_zero() {
    // fixtures/returns, published: Ancoats Community Hub reported as many
    // crisis contacts before as during (reduction 0), which reveals
    // nothing, so its value is shown as 0.00 rather than withheld.
    let out = common::report::<&str>(&[]);
    let f = read(out.path(), "tables/vfm_fiscal.csv");
    assert_eq!(
        line(
            &f,
            "2026/27 Q2,project,PP-MAN-01,Ancoats Community Hub,Manchester,CRISIS-CONTACT,"
        ),
        "2026/27 Q2,project,PP-MAN-01,Ancoats Community Hub,Manchester,CRISIS-CONTACT,Crisis team contact (one team-member hour),NHS,0,51.97,0.00"
    );
}

#[test]
fn the_workbook_formats_each_column_as_its_declaration_says() {
    // Money as £, shares as %, counts of things with thousands separators,
    // whatever the column's name: the VfM sheet's cost per participant and
    // per outcome (no _gbp in their CSV names) were written as 1234.57, a
    // project count as 3 without a separator, the tariff's follow-up rate as
    // 0.9000 rather than 90.0%.
    let out = common::report(&[
        "fixtures/small",
        "--no-suppression",
        "--tariff",
        "docs/tariff-example.toml",
    ]);
    let wb = out.path().join("vfm.xlsx");
    let format = |sheet: &str, cell: &str| common::xlsx_number_format(&wb, sheet, cell);
    // VfM: H is cost_per_participant, J cost_per_outcome; E is cost_gbp.
    assert_eq!(format("VfM", "E2"), "£#,##0.00");
    assert_eq!(format("VfM", "H2"), "£#,##0.00");
    assert_eq!(format("VfM", "J2"), "£#,##0.00");
    // Economy: H is sessions (after the five keys, cost and in-kind value).
    assert_eq!(format("Economy", "H2"), "#,##0");
    // VfM by supplier: C is projects; I is rate_outcome, a share.
    assert_eq!(format("VfM by supplier", "C2"), "#,##0");
    // Whole percentages: the share rests on fewer than 1,000 people.
    assert_eq!(format("VfM by supplier", "I2"), "0%");
    // Payment by results: N is followup_rate, on the all-outcomes rows.
    let pbr = read(out.path(), "tables/pbr.csv");
    let row = pbr
        .lines()
        .position(|l| l.contains(",all outcomes,"))
        .unwrap()
        + 1;
    assert_eq!(format("Payment by results", &format!("N{row}")), "0%");
}

#[test]
fn the_workbook_prints_landscape_fitted_to_the_width_with_its_header_repeated() {
    let out = common::report(&["fixtures/small"]);
    let wb = out.path().join("vfm.xlsx");
    let workbook = common::xlsx_part(&wb, "xl/workbook.xml");
    let mut xl: Xlsx<_> = open_workbook(&wb).unwrap();
    let names = xl.sheet_names();
    assert!(names.len() > 20, "{names:?}");
    for name in &names {
        let xml = common::xlsx_sheet_xml(&wb, name);
        // Fitted to one page wide, as many down as it needs, on A4.
        assert!(xml.contains("<pageSetUpPr fitToPage=\"1\"/>"), "{name}");
        assert!(xml.contains("paperSize=\"9\""), "{name}");
        assert!(xml.contains("fitToHeight=\"0\""), "{name}");
        // The sheet's name and page numbers in the margins.
        assert!(
            xml.contains("<oddHeader>&amp;L&amp;A</oddHeader>"),
            "{name}"
        );
        assert!(xml.contains("orientation=\"landscape\""), "{name}");
        if *name != "Read me" {
            // A table: its header row on every printed page.
            let titles = format!(
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{}\">",
                names.iter().position(|n| n == name).unwrap()
            );
            assert!(workbook.contains(&titles), "{name}: no print titles");
        }
    }
    // The Read me's lines span both its columns and each row is as tall
    // as its wrapped text, so no text runs over another cell.
    let readme = common::xlsx_sheet_xml(&wb, "Read me");
    for r in 3..=7 {
        assert!(
            readme.contains(&format!("<mergeCell ref=\"A{r}:B{r}\"/>")),
            "row {r}"
        );
    }
    assert!(readme.contains("customHeight=\"1\""));
    // A column is at least as wide as its longest value: the VfM sheet's
    // project names (B) are never cut off.
    let vfm = xl.worksheet_range("VfM").unwrap();
    let longest = (1..vfm.height())
        .map(|r| vfm.get((r, 2)).unwrap().to_string().chars().count())
        .max()
        .unwrap();
    let vfm_xml = common::xlsx_sheet_xml(&wb, "VfM");
    let col = vfm_xml
        .split("<col ")
        .find(|t| t.starts_with("min=\"3\""))
        .expect("a width for column C");
    let width: f64 = col
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        width >= longest as f64,
        "column C is {width} wide for {longest} characters"
    );
}

#[test]
fn a_cell_whose_format_differs_from_its_columns_keeps_its_own() {
    // Numbers in a column's usual format are written without one and take
    // the column's (render::xlsx); the others must still carry their own:
    // a share of over 1,000 people shows one decimal, a value the audit
    // rounded shows its places, a withheld count its symbol.
    use needle::disclose::{Column, Format, Spec, Val};
    use needle::render::xlsx::{Sheet, Workbook, workbook};
    let t = Spec::new("formats", "Formats")
        .col(
            Column::key("name", "Name"),
            |r: &(&'static str, Val, Val)| Val::text(r.0),
        )
        .col(Column::count("n", "People"), |r| r.1.clone())
        .col(Column::stat("rate", "Rate", Format::Percent, &["n"]), |r| {
            r.2.clone()
        })
        .build([
            ("small", Val::count(12), Val::stat(0.5, Some(12))),
            ("large", Val::count(1500), Val::stat(0.25, Some(1500))),
            (
                "rounded",
                Val::Suppressed,
                Val::Num {
                    value: 0.123,
                    base: Some(12),
                    places: Some(1),
                },
            ),
        ])
        .unwrap();
    let bytes = workbook(&Workbook {
        title: "t".into(),
        symbol: "*",
        sheets: vec![Sheet::Table(&t)],
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let format = |cell: &str| common::xlsx_number_format(&path, "formats", cell);
    assert_eq!(format("B2"), "#,##0");
    assert_eq!(format("B3"), "#,##0");
    assert_eq!(format("C2"), "0%");
    assert_eq!(format("C3"), "0.0%");
    assert_eq!(format("C4"), "#,##0.0");
    // The withheld count is text in the General format, not a number.
    assert_eq!(format("B4"), "General");
    let mut xl: Xlsx<_> = open_workbook(&path).unwrap();
    let sheet = xl.worksheet_range("formats").unwrap();
    assert_eq!(sheet.get_value((3, 1)), Some(&Data::String("*".into())));
    assert_eq!(sheet.get_value((2, 1)), Some(&Data::Float(1500.0)));
}
