//! Properties of the aggregate tables that must hold for any returns.

use needle::aggregate::{ALL_AREAS, aggregate};
use needle::config::Config;
use needle::core::Quarter;
use needle::score::{Facts, OutcomeFact, ProjectFact, score_pair};
use proptest::prelude::*;

const AREAS: &[&str] = &["Bolton", "Salford", "Wigan"];
const MEASURES: &[&str] = &[
    "WEMWBS", "SWEMWBS", "PHQ-9", "GAD-7", "ONS4-LS", "UCLA-3", "CORE-10",
];

/// (project 0–4, person 0–29, measure, baseline fraction, follow-up fraction or none).
fn row() -> impl Strategy<Value = (usize, u32, usize, f64, Option<f64>)> {
    (
        0..5usize,
        0..30u32,
        0..MEASURES.len(),
        0.0..=1.0f64,
        proptest::option::of(0.0..=1.0f64),
    )
}

fn facts(config: &Config, rows: &[(usize, u32, usize, f64, Option<f64>)]) -> Facts {
    let q = Quarter::new(2026, 2).unwrap();
    let mut f = Facts::default();
    for p in 0..5 {
        f.projects.push(ProjectFact {
            quarter: q,
            project_id: format!("P{p}").into(),
            project_name: format!("Project {p}").into(),
            organisation: "Org".into(),
            organisation_type: "charity".into(),
            area: AREAS[p % 3].into(),
            file: format!("p{p}.xlsx").into(),
            origins: Vec::new(),
        });
    }
    let mut seen = std::collections::BTreeSet::new();
    for &(p, person, m, b, fu) in rows {
        // One row per person per measure, as the contract enforces.
        if !seen.insert((p, person, m)) {
            continue;
        }
        let measure = config.measure_by_id(MEASURES[m]).unwrap();
        let [lo, hi] = measure.range;
        let at = |x: f64| (lo + x * (hi - lo)).round();
        f.outcomes.push(OutcomeFact {
            quarter: q,
            project_id: format!("P{p}").into(),
            area: AREAS[p % 3].into(),
            activity_id: "A1".into(),
            activity_type: "peer support".into(),
            person: p as u32 * 1000 + person,
            measure_id: measure.id.as_str().into(),
            objectives: needle::core::Objectives::of(&measure.objectives),
            scored: score_pair(measure, at(b), fu.map(at)).unwrap(),
            baseline_date: chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            followup_date: fu.map(|_| chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()),
            clinical: measure.clinical().is_some(),
            finished: true,
        });
    }
    f.clinical = needle::score::clinical_results(&f.outcomes, config, |_| None);
    f
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn counts_are_ordered_and_areas_add_up(rows in proptest::collection::vec(row(), 0..120)) {
        let config = Config::builtin().unwrap();
        let t = aggregate(&facts(&config, &rows), &config, Quarter::new(2026, 2).unwrap()).unwrap();
        for m in &t.measures {
            // Every threshold is above 0, so a meaningful improvement is an
            // improvement.
            prop_assert!(m.n_meaningful_improvement <= m.n_improved);
            prop_assert!(m.n_improved <= m.n_paired);
            prop_assert!(m.n_meaningful_improvement <= m.n_paired);
            let measure = config.measure_by_id(&m.measure);
            let ordered = measure.is_some_and(|x| {
                x.reliable_change.as_ref().is_some_and(|r| r.value >= x.meaningful_change.value)
            });
            if let (true, Some(r)) = (ordered, m.n_reliable_improvement) {
                prop_assert!(r <= m.n_meaningful_improvement, "{:?}", m);
            }
            if let (Some(c), Some(rec)) = (m.n_caseness_baseline, m.n_recovered) {
                prop_assert!(rec <= c, "{:?}", m);
                if let Some(rr) = m.n_reliable_recovery {
                    prop_assert!(rr <= rec);
                }
            }
        }
        for obj in 1..=6u8 {
            let rows: Vec<_> = t.objectives.iter().filter(|r| r.objective == obj).collect();
            let all = rows.iter().find(|r| r.area == ALL_AREAS).unwrap();
            let areas: Vec<_> = rows.iter().filter(|r| r.area != ALL_AREAS).collect();
            prop_assert_eq!(areas.iter().map(|r| r.n_people).sum::<u64>(), all.n_people);
            prop_assert_eq!(areas.iter().map(|r| r.n_improved).sum::<u64>(), all.n_improved);
            prop_assert_eq!(areas.iter().map(|r| r.n_deteriorated).sum::<u64>(), all.n_deteriorated);
            prop_assert!(all.n_improved <= all.n_people);
        }
    }
}

mod row_accounting {
    //! Random defects in a valid return: whatever is done to its cells, no
    //! row goes missing between the sheet and the report.
    use needle::config::Config;
    use needle::contract::{self, Return};
    use needle::core::Code;
    use needle::ingest::{self, Cell, RawCell, RawRow, Source, SourceKind, Workbook};
    use proptest::prelude::*;

    const SHEETS: &[&str] = &["Activities", "Outcomes", "Counts", "Stories"];

    /// One defect, applied to a data row (never the header) of one sheet.
    #[derive(Debug, Clone)]
    enum Defect {
        /// Replace (or add) the cell in column `col` with `value`.
        Set { col: u32, value: Cell },
        /// Remove the row's cell in column `col`, if any.
        Clear { col: u32 },
        /// Append a copy of the row at the end of the sheet.
        Duplicate,
        /// Append a row with one value far outside the table's columns.
        Stray { col: u32 },
    }

    fn value() -> impl Strategy<Value = Cell> {
        prop_oneof![
            prop::sample::select(vec![
                "",
                " ",
                "n/a",
                "=1+1",
                "Total",
                "-5",
                "abc",
                "2026-13-45",
                "12/07/2026",
                "1,5",
                "£1,200",
                "yes",
                "P01",
                "WEMWBS",
                "peer support",
                "jo.bloggs@example.org",
                "943 476 5919",
            ])
            .prop_map(|s| Cell::Text(s.to_string())),
            prop::sample::select(vec![-1.0, 0.0, 0.5, 1.0, 7.0, 70.0, 1e300, f64::NAN])
                .prop_map(Cell::Number),
            any::<bool>().prop_map(Cell::Bool),
            Just(Cell::Error("#DIV/0!".into())),
            (0u32..400).prop_map(|d| Cell::Date(
                chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                    + chrono::Duration::days(d as i64)
            )),
        ]
    }

    fn defect() -> impl Strategy<Value = (usize, usize, Defect)> {
        (
            0..SHEETS.len(),
            0..8usize,
            prop_oneof![
                4 => (0u32..10, value()).prop_map(|(col, value)| Defect::Set { col, value }),
                2 => (0u32..10).prop_map(|col| Defect::Clear { col }),
                1 => Just(Defect::Duplicate),
                1 => (20u32..16_000).prop_map(|col| Defect::Stray { col }),
            ],
        )
    }

    fn base() -> Workbook {
        let bytes = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad/valid.xlsx"),
        )
        .unwrap();
        ingest::read_workbook_bytes(&bytes, &Config::builtin().unwrap().limits).unwrap()
    }

    fn apply(wb: &mut Workbook, (sheet, row, d): &(usize, usize, Defect)) {
        let s = wb
            .sheets
            .iter_mut()
            .find(|s| s.name == SHEETS[*sheet])
            .unwrap();
        // Row 0 is the header; data rows are 1.. (defects wrap around them).
        let data = s.rows.len() - 1;
        if data == 0 {
            return;
        }
        let i = 1 + row % data;
        let next = s.rows.last().unwrap().row + 1;
        match d {
            Defect::Set { col, value } => {
                let r = &mut s.rows[i];
                r.cells.retain(|c| c.col != *col);
                r.cells.push(RawCell {
                    col: *col,
                    value: value.clone(),
                });
                r.cells.sort_by_key(|c| c.col);
            }
            Defect::Clear { col } => {
                s.rows[i].cells.retain(|c| c.col != *col);
                if s.rows[i].cells.is_empty() {
                    s.rows.remove(i);
                }
            }
            Defect::Duplicate => {
                let mut copy = s.rows[i].clone();
                copy.row = next;
                s.rows.push(copy);
            }
            Defect::Stray { col } => s.rows.push(RawRow {
                row: next,
                cells: vec![RawCell {
                    col: *col,
                    value: Cell::Text("note".into()),
                }],
            }),
        }
    }

    fn records(r: &Return, sheet: &str) -> usize {
        match sheet {
            "Activities" => r.activities.len(),
            "Outcomes" => r.outcomes.len(),
            "Counts" => r.counts.len(),
            "Stories" => r.stories.len(),
            _ => unreachable!(),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn every_row_is_accepted_refused_or_reported(
            defects in prop::collection::vec(defect(), 0..12)
        ) {
            let config = Config::builtin().unwrap();
            let mut wb = base();
            for d in &defects {
                apply(&mut wb, d);
            }
            let source = Source {
                path: "random.xlsx".into(),
                name: "random.xlsx".into(),
                kind: SourceKind::Workbook,
                modified: None,
            };
            let (ret, report) = contract::check(&source, &wb, &config);
            for name in SHEETS {
                let sheet = wb.sheets.iter().find(|s| s.name == *name).unwrap();
                let Some(rows) = report.rows.get(*name) else {
                    // Only when the whole return was refused before this sheet.
                    prop_assert!(ret.is_none(), "{name} has no row count");
                    continue;
                };
                // Read = accepted + refused, always.
                prop_assert_eq!(rows.read, rows.accepted + rows.refused, "{}", name);
                // Every non-empty row below the header was read, or named in
                // a warning as lying outside the table's columns.
                let below_header = sheet.rows.len() as u64 - 1;
                let outside = report
                    .issues
                    .iter()
                    .filter(|i| i.code == Code::ColumnUnknown && i.sheet == *name
                        && i.message.starts_with("Row "))
                    .count() as u64;
                prop_assert_eq!(below_header, rows.read + outside, "{}: {:?}", name, report.issues);
                // Every accepted row is a record in the return.
                if let Some(r) = &ret {
                    prop_assert_eq!(rows.accepted, records(r, name) as u64, "{}", name);
                }
                // Every refused row has an error naming a cell in that row,
                // unless the sheet as a whole was refused by an error with
                // no single cell.
                let errors: Vec<_> = report
                    .issues
                    .iter()
                    .filter(|i| i.is_error() && i.sheet == *name)
                    .collect();
                let sheet_level = errors.iter().any(|i| i.cell.is_empty());
                let error_rows: std::collections::BTreeSet<&str> = errors
                    .iter()
                    .map(|i| i.cell.trim_start_matches(|c: char| c.is_ascii_uppercase()))
                    .filter(|r| !r.is_empty())
                    .collect();
                prop_assert!(
                    sheet_level || error_rows.len() as u64 >= rows.refused,
                    "{}: {} refused, errors at rows {:?}", name, rows.refused, error_rows
                );
            }
        }
    }
}

mod csv_returns {
    //! CSV-folder returns are the other way in. Random bytes spliced into
    //! real sheets (odd quotes, separators, BOMs, invalid UTF-8, formulas,
    //! very long fields) must never panic, and every sheet's rows balance.
    use needle::config::Config;
    use needle::contract;
    use needle::ingest::{self, Source, SourceKind};
    use proptest::prelude::*;

    fn fragment() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            prop::sample::select(vec![
                &b","[..],
                b";",
                b"\"",
                b"\"\"",
                b"\n",
                b"\r\n",
                b"\r",
                b"\xEF\xBB\xBF",
                b"\xFF\xFE",
                b"\xFF",
                b"\xC3",
                b"=HYPERLINK(\"x\")",
                b"\t",
                b"\0",
                b"-1",
                b"1e999",
                b"NaN",
                b"2026-02-30",
                b"P01",
                b"WEMWBS",
                b"Total",
            ])
            .prop_map(|b| b.to_vec()),
            prop::collection::vec(any::<u8>(), 0..20),
            (1usize..40_000).prop_map(|n| vec![b'x'; n]),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(60))]

        #[test]
        fn random_bytes_in_csv_sheets_never_panic_and_rows_balance(
            sheet in 0usize..3,
            at in 0usize..2_000,
            pieces in prop::collection::vec(fragment(), 1..6),
        ) {
            let config = Config::builtin().unwrap();
            let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/small/SML-A");
            let dir = tempfile::tempdir().unwrap();
            let target = ["About.csv", "Activities.csv", "Outcomes.csv"][sheet];
            for e in std::fs::read_dir(&src).unwrap() {
                let e = e.unwrap();
                let mut bytes = std::fs::read(e.path()).unwrap();
                if e.file_name() == target {
                    let at = at % (bytes.len() + 1);
                    let insert: Vec<u8> = pieces.concat();
                    bytes.splice(at..at, insert);
                }
                std::fs::write(dir.path().join(e.file_name()), bytes).unwrap();
            }
            let source = Source {
                path: dir.path().to_path_buf(),
                name: "random".into(),
                kind: SourceKind::CsvFolder,
                modified: None,
            };
            let (_, report) =
                contract::check_read(&source, &ingest::read(&source, &config.limits), &config);
            prop_assert!(!report.issues.is_empty() || report.status != contract::Status::Rejected);
            prop_assert_eq!(report.unbalanced_sheet(), None);
        }
    }
}

mod disclosure {
    //! Random small tables through disclosure and the audit: the edition
    //! needle publishes pins no count, and every candidate set the audit
    //! finds holds the true count (its reasoning is sound).

    use needle::aggregate::{MeasureRow, ObjectiveRow};
    use needle::audit::audit;
    use needle::config::Config;
    use needle::core::Quarter;
    use needle::disclose::tables::outcomes::{measures, objectives};
    use needle::disclose::{Consts, Val};
    use needle::runs::{audit_files, publish};
    use proptest::prelude::*;

    /// Areas' (people, improved) and projects' WEMWBS pairs (people, sum
    /// of baselines, sum of follow-ups).
    type Case = (Vec<(u64, u64)>, Vec<(u64, u64, u64)>);

    fn case() -> impl Strategy<Value = Case> {
        (
            prop::collection::vec((0u64..40).prop_flat_map(|n| (Just(n), 0..=n)), 2..6),
            prop::collection::vec(
                (1u64..30).prop_flat_map(|n| (Just(n), 14 * n..=70 * n, 14 * n..=70 * n)),
                1..5,
            ),
        )
    }

    fn tables(c: &Case) -> Vec<needle::disclose::Table> {
        let q = Quarter::new(2026, 2).unwrap();
        let area = |name: String, n: u64, k: u64| ObjectiveRow {
            quarter: q,
            area: name,
            objective: 1,
            objective_name: "More people will have good mental health".into(),
            n_people: n,
            n_improved: k,
            rate_improved: (n > 0).then(|| k as f64 / n as f64),
            count_outcomes: 0.0,
            n_deteriorated: 0,
        };
        let (n, k) = c.0.iter().fold((0, 0), |(a, b), (n, k)| (a + n, b + k));
        let mut rows = vec![area("All areas".into(), n, k)];
        rows.extend(
            c.0.iter()
                .enumerate()
                .map(|(i, &(n, k))| area(format!("Area {i}"), n, k)),
        );
        let m: Vec<MeasureRow> =
            c.1.iter()
                .enumerate()
                .map(|(i, &(n, b, f))| MeasureRow {
                    quarter: q,
                    project_id: format!("P{i}"),
                    measure: "WEMWBS".into(),
                    n_paired: n,
                    n_baseline_only: 0,
                    mean_baseline: Some(b as f64 / n as f64),
                    mean_followup: Some(f as f64 / n as f64),
                    mean_change: Some((f as f64 - b as f64) / n as f64),
                    n_improved: 0,
                    n_meaningful_improvement: 0,
                    n_reliable_improvement: Some(0),
                    n_reliable_deterioration: Some(0),
                    n_caseness_baseline: None,
                    n_recovered: None,
                    n_reliable_recovery: None,
                })
                .collect();
        vec![
            objectives().build(&rows).unwrap(),
            measures().build(&m).unwrap(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn the_published_edition_pins_no_count_and_the_audit_is_sound(c in case()) {
            let config = Config::builtin().unwrap();
            let exact = tables(&c);
            let a = publish(&exact, &config, &Consts::none(), None, |_| Ok(None)).unwrap();
            let again = audit(&audit_files(&a.published, "*", None).unwrap(), &config, false).unwrap();
            prop_assert!(again.passed(), "{:?}", again.findings);
            for (cell, dom) in &again.candidates {
                let t = exact.iter().find(|t| t.name == cell.table).unwrap();
                let col = t.col(&cell.column).unwrap();
                if let Val::Count(x) = t.rows[cell.row][col] {
                    prop_assert!(dom.contains(x as i64), "{cell}: true {x}, candidates {}", dom.describe());
                }
            }
        }
    }
}
