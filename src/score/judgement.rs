//! What every count of people rests on: one person's result on one
//! objective, read from one outcome pair or from their clinical result.
//!
//! - A person with a clinical result is judged on it for the clinical
//!   objective (`pairing.objective`, objective 2): improved when the result
//!   is a reliable improvement, deteriorated when it is a reliable
//!   deterioration. Their single outcome pairs do not count there again.
//! - Every other objective a measure maps to: improved when the pair is a
//!   meaningful improvement, deteriorated when a reliable deterioration.
//! - The harm objective (objective 5, avoidable harm) also counts every
//!   person who reliably deteriorated: on their clinical result when they
//!   have one, else on any other measure.
//!
//! Only counted pairs (both scores, a finished course) give judgements.

use std::collections::HashSet;

use super::{ClinicalFact, Facts, OutcomeFact};
use crate::core::{Name, Quarter};

/// One person's result on one objective. A national run makes millions
/// (one per counted pair and objective), so they hold names as ids: 32
/// bytes each, where four borrowed strings took 80.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Judgement {
    pub quarter: Quarter,
    pub project_id: Name,
    pub area: Name,
    pub activity_id: Name,
    pub activity_type: Name,
    pub person: u32,
    pub objective: u8,
    /// False for a harm row of an objective the measures are not mapped
    /// to: the person counts there for deterioration only.
    pub mapped: bool,
    pub improved: bool,
    pub deteriorated: bool,
}

/// Every judgement of the facts of `quarter` (every quarter when None):
/// outcome pairs first, in fact order, then clinical results.
pub fn judgements(
    facts: &Facts,
    quarter: Option<Quarter>,
    clinical_objective: u8,
    harm: u8,
) -> Vec<Judgement> {
    let in_quarter = |q: Quarter| quarter.is_none_or(|x| x == q);
    let mut out = Vec::new();
    each_judgement(
        facts.outcomes.iter().filter(|o| in_quarter(o.quarter)),
        facts.clinical.iter().filter(|c| in_quarter(c.quarter)),
        clinical_objective,
        harm,
        |j| out.push(j),
    );
    out
}

/// Each judgement of `outcomes` and `clinical` in turn, handed to `f`
/// rather than collected (the aggregation counts one project's people at
/// a time): outcome pairs first, in the order given, then clinical
/// results. Outcomes that are not counted pairs give none.
pub fn each_judgement<'a, C>(
    outcomes: impl IntoIterator<Item = &'a OutcomeFact>,
    clinical: C,
    clinical_objective: u8,
    harm: u8,
    mut f: impl FnMut(Judgement),
) where
    C: IntoIterator<Item = &'a ClinicalFact> + Clone,
{
    // People whose clinical result decides the clinical objective.
    let judged: HashSet<(Quarter, Name, u32)> = clinical
        .clone()
        .into_iter()
        .filter(|c| c.objectives.contains(clinical_objective))
        .map(|c| (c.quarter, c.project_id, c.person))
        .collect();
    for o in outcomes.into_iter().filter(|o| o.counted()) {
        let row = |objective, mapped, improved, deteriorated| Judgement {
            quarter: o.quarter,
            project_id: o.project_id,
            area: o.area,
            activity_id: o.activity_id,
            activity_type: o.activity_type,
            person: o.person,
            objective,
            mapped,
            improved,
            deteriorated,
        };
        let s = &o.scored;
        let rd = s.reliable_deterioration.unwrap_or(false);
        let by_result = judged.contains(&(o.quarter, o.project_id, o.person));
        for obj in o.objectives.iter() {
            if obj == clinical_objective && by_result {
                continue;
            }
            f(row(
                obj,
                true,
                s.meaningful_improvement.unwrap_or(false),
                rd,
            ));
        }
        // A clinical measure's harm is its person's clinical result's.
        if !o.clinical && !o.objectives.contains(harm) {
            f(row(harm, false, false, rd));
        }
    }
    for c in clinical {
        let row = |objective, mapped, improved| Judgement {
            quarter: c.quarter,
            project_id: c.project_id,
            area: c.area,
            activity_id: c.activity_id,
            activity_type: c.activity_type,
            person: c.person,
            objective,
            mapped,
            improved,
            deteriorated: c.reliable_deterioration,
        };
        if c.objectives.contains(clinical_objective) {
            f(row(clinical_objective, true, c.reliable_improvement));
        }
        if !c.objectives.contains(harm) {
            f(row(harm, false, false));
        }
    }
}
