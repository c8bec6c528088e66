//! The combined PHQ-9 + GAD-7 rule of NHS Talking Therapies, for people who
//! have both measures paired in the same project and quarter.
//!
//! - at caseness when either measure is at caseness;
//! - improved: lower on at least one and reliably worse on neither;
//! - reliable improvement: at least one improves reliably and neither
//!   deteriorates reliably;
//! - reliable deterioration (the mirror rule): at least one deteriorates
//!   reliably and neither improves reliably;
//! - recovery: at caseness at baseline and at caseness on neither at
//!   follow-up; reliable recovery: recovery with reliable improvement.

use std::collections::BTreeMap;

use super::OutcomeFact;
use crate::core::Quarter;

/// How the combined measure is named in tables.
pub const COMBINED_ID: &str = "PHQ-9+GAD-7";

#[derive(Debug, Clone, PartialEq)]
pub struct CombinedFact {
    pub quarter: Quarter,
    pub project_id: String,
    pub area: String,
    pub person: u32,
    pub improved: bool,
    pub caseness_baseline: bool,
    pub caseness_followup: bool,
    pub reliable_improvement: bool,
    pub reliable_deterioration: bool,
    pub recovered: bool,
    pub reliable_recovery: bool,
}

/// (quarter, project, person number).
type PersonKey<'a> = (Quarter, &'a str, u32);

/// Combined facts for every person with paired PHQ-9 and GAD-7.
pub fn combine(outcomes: &[OutcomeFact]) -> Vec<CombinedFact> {
    let mut by_person: BTreeMap<PersonKey, (Option<&OutcomeFact>, Option<&OutcomeFact>)> =
        BTreeMap::new();
    for o in outcomes.iter().filter(|o| o.scored.paired()) {
        let e = by_person
            .entry((o.quarter, o.project_id.as_str(), o.person))
            .or_default();
        match o.measure_id.as_str() {
            "PHQ-9" => e.0 = Some(o),
            "GAD-7" => e.1 = Some(o),
            _ => {}
        }
    }
    by_person
        .into_values()
        .filter_map(|pair| {
            let (Some(p), Some(g)) = pair else {
                return None;
            };
            let (ps, gs) = (&p.scored, &g.scored);
            let t = |x: Option<bool>| x.unwrap_or(false);
            let caseness_baseline = t(ps.caseness_baseline) || t(gs.caseness_baseline);
            let caseness_followup = t(ps.caseness_followup) || t(gs.caseness_followup);
            let any_ri = t(ps.reliable_improvement) || t(gs.reliable_improvement);
            let any_rd = t(ps.reliable_deterioration) || t(gs.reliable_deterioration);
            let reliable_improvement = any_ri && !any_rd;
            let reliable_deterioration = any_rd && !any_ri;
            // Improved: lower on at least one and reliably worse on neither,
            // so that a reliable improvement is always an improvement.
            let better = |c: Option<f64>| c.is_some_and(|c| c < 0.0);
            let improved = (better(ps.change) || better(gs.change)) && !any_rd;
            let recovered = caseness_baseline && !caseness_followup;
            Some(CombinedFact {
                quarter: p.quarter,
                project_id: p.project_id.clone(),
                area: p.area.clone(),
                person: p.person,
                improved,
                caseness_baseline,
                caseness_followup,
                reliable_improvement,
                reliable_deterioration,
                recovered,
                reliable_recovery: recovered && reliable_improvement,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::score::score_pair;

    fn fact(measure: &str, person: u32, b: f64, f: f64) -> OutcomeFact {
        let c = Config::builtin().unwrap();
        let m = c.measure_by_id(measure).unwrap();
        OutcomeFact {
            quarter: Quarter::new(2026, 2).unwrap(),
            project_id: "P1".into(),
            area: "A".into(),
            activity_id: "A1".into(),
            activity_type: "peer support".into(),
            person,
            measure_id: measure.into(),
            objectives: m.objectives.clone(),
            scored: score_pair(m, b, Some(f)).unwrap(),
        }
    }

    #[test]
    fn combined_rule() {
        let facts = vec![
            // Person 1: PHQ-9 14 → 7 (−7, reliable, leaves caseness);
            // GAD-7 9 → 6 (−3, not reliable, leaves caseness 8).
            // At caseness at start (either), neither at end → recovered;
            // one reliable improvement, no deterioration → reliable recovery.
            fact("PHQ-9", 1, 14.0, 7.0),
            fact("GAD-7", 1, 9.0, 6.0),
            // Person 2: PHQ-9 12 → 5 (reliable improvement) but GAD-7
            // 4 → 9 (+5 ≥ 4: reliable deterioration) → no reliable
            // improvement; GAD-7 9 ≥ 8 at follow-up → not recovered.
            fact("PHQ-9", 2, 12.0, 5.0),
            fact("GAD-7", 2, 4.0, 9.0),
            // Person 3 has PHQ-9 only: no combined fact.
            fact("PHQ-9", 3, 12.0, 5.0),
        ];
        let c = combine(&facts);
        assert_eq!(c.len(), 2);
        assert!(c[0].caseness_baseline && !c[0].caseness_followup);
        assert!(c[0].recovered && c[0].reliable_improvement && c[0].reliable_recovery);
        assert!(!c[0].reliable_deterioration);
        assert!(c[1].caseness_baseline && c[1].caseness_followup);
        assert!(!c[1].reliable_improvement && !c[1].reliable_deterioration);
        assert!(!c[1].recovered && !c[1].improved);
    }
}
