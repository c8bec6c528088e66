//! Properties of the aggregate tables that must hold for any returns.

use needle::aggregate::{ALL_AREAS, aggregate};
use needle::config::Config;
use needle::contract::Quarter;
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
            project_id: format!("P{p}"),
            project_name: format!("Project {p}"),
            organisation: "Org".into(),
            organisation_type: "charity".into(),
            area: AREAS[p % 3].into(),
            file: format!("p{p}.xlsx"),
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
            project_id: format!("P{p}"),
            area: AREAS[p % 3].into(),
            activity_id: "A1".into(),
            activity_type: "peer support".into(),
            person: p as u32 * 1000 + person,
            measure_id: measure.id.clone(),
            objectives: measure.objectives.clone(),
            scored: score_pair(measure, at(b), fu.map(at)).unwrap(),
        });
    }
    f.combined = needle::score::combine(&f.outcomes);
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
