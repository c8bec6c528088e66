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
    // 9 paired, 8 outcomes → 187.50; recoveries (ONS4-LS P01, P03) = 2 →
    // 750.00; 8 life-satisfaction pairs, Σ change 9 × persistence 1 = 9.00
    // WELLBYs → 1500/9 = 166.67 per WELLBY, against a WELLBY value of
    // 13,000 × 112.375/90.3 = 16,178.02.
    assert_eq!(
        line(&read(out.path(), "tables/vfm_effectiveness.csv"), p),
        format!("{p}9,8,2,187.50,750.00,8,9.00,0.00,9.00,166.67,16178.02")
    );
    // Activity types: physical activity (A1, cost 1000) holds SML-A's
    // outcomes: 1000/8 = 125.00 per outcome, 1000/9 = 111.11 per WELLBY.
    let e = read(out.path(), "tables/vfm_effectiveness.csv");
    assert!(
        line(&e, "2026/27 Q2,activity_type,physical activity,")
            .ends_with(",9,8,2,125.00,500.00,8,9.00,0.00,9.00,111.11,16178.02")
    );
    // Total: 3500 / 10 outcomes = 350.00; recoveries 2 + 2 (SML-B: B01 on
    // PHQ-9 and GAD-7, B02 on GAD-7) = 4 → 875.00.
    assert!(
        line(&e, "2026/27 Q2,total,TOTAL,")
            .ends_with(",12,10,4,350.00,875.00,8,9.00,0.00,9.00,388.89,16178.02")
    );
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
        "2026/27 Q2,project,SML-A,Small Walkers,Salford,AE-MH,A&E attendance,3,154.66,463.97"
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
    // Three years, 50 % drop-off, 3.5 %: persistence 1 + 0.5/1.035 +
    // 0.25/1.035² = 1.716469; WELLBYs 9 × 1.716469 = 15.45.
    let cfg = tempfile::tempdir().unwrap();
    let v = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("config/valuation.toml"),
    )
    .unwrap();
    let one_year = "duration_years = { value = 1,";
    assert!(v.contains(one_year));
    std::fs::write(
        cfg.path().join("valuation.toml"),
        v.replace(one_year, "duration_years = { value = 3,"),
    )
    .unwrap();
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
    // Wellbeing 15.448225 × 16,178.0177 = 249,921.66; central (249,921.66 +
    // 463.97 + 112.00) × 0.72 = 180,358.30; low 138,832.85; high 221,883.74;
    // BCR 180,358.30/1,700 = 106.09; switching 1 − 1/106.09 = 0.9906.
    let s = read(out.path(), "tables/vfm_social.csv");
    assert_eq!(
        line(&s, "2026/27 Q2,project,SML-A,"),
        "2026/27 Q2,project,SML-A,Small Walkers,Salford,249921.66,463.97,112.00,0.7200,138832.85,180358.30,221883.74,81.67,106.09,130.52,0.9906"
    );
    let e = read(out.path(), "tables/vfm_effectiveness.csv");
    // 1500 / 15.448225 = 97.10 per WELLBY.
    assert!(line(&e, "2026/27 Q2,project,SML-A,").ends_with(",8,15.45,0.00,15.45,97.10,16178.02"));
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
    for args in [&["--no-suppression"][..], &[][..]] {
        let out = report(args);
        let mut wb: Xlsx<_> = open_workbook(out.path().join("vfm.xlsx")).unwrap();
        let names = wb.sheet_names();
        assert_eq!(
            names,
            [
                "Read me",
                "VfM",
                "Economy",
                "Efficiency",
                "Effectiveness",
                "Fiscal",
                "Social value",
                "Equity",
                "Uncertainty",
                "Suppliers",
                "Method and assumptions"
            ]
        );
        for (sheet, file) in [
            ("VfM", "vfm"),
            ("Economy", "vfm_economy"),
            ("Efficiency", "vfm_efficiency"),
            ("Effectiveness", "vfm_effectiveness"),
            ("Fiscal", "vfm_fiscal"),
            ("Social value", "vfm_social"),
            ("Equity", "vfm_equity"),
            ("Uncertainty", "vfm_uncertainty"),
            ("Suppliers", "suppliers"),
        ] {
            let csv = read(out.path(), &format!("tables/{file}.csv"));
            let range = wb.worksheet_range(sheet).unwrap();
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(csv.as_bytes());
            let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
            assert_eq!(range.height(), records.len(), "{sheet} rows");
            for (r, rec) in records.iter().enumerate() {
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
        let readme = wb.worksheet_range("Read me").unwrap();
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
