//! One clinical result per person, as NHS Talking Therapies judges it.
//!
//! A person with PHQ-9 and an anxiety measure paired is judged on the pair
//! (Clark et al. 2018, Lancet 391:679, Table 2): the anxiety measure is the
//! one their problem descriptor names (SPIN for social anxiety, …), else
//! GAD-7, else another anxiety-disorder-specific measure they have (config
//! `pairing`). With PHQ-9 and no anxiety measure they are judged on PHQ-9
//! alone; without PHQ-9, on the clinical measures they have (usually one).
//! Over the measures judged together:
//!
//! - at caseness at the start when any is, at follow-up likewise;
//! - recovered: at caseness at the start and on none at follow-up;
//! - reliable improvement: at least one improves reliably and none
//!   deteriorates reliably;
//! - reliable deterioration: at least one deteriorates reliably and none
//!   improves reliably (the mirror rule, as NHS Digital's IAPT reports
//!   define it for the pair);
//! - reliable recovery: recovered with reliable improvement;
//! - improved: better on at least one and reliably worse on none.

use super::OutcomeFact;
use crate::config::Config;
use crate::core::{Name, Objectives, Quarter};

/// One person's clinical result in one project and quarter.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClinicalFact {
    pub quarter: Quarter,
    pub project_id: Name,
    pub area: Name,
    pub person: u32,
    /// The activity the result counts under: the PHQ-9 row's for a pair
    /// (whatever the anxiety row names), else the first judged measure's.
    pub activity_id: Name,
    pub activity_type: Name,
    /// The measures judged, joined by `+`: "PHQ-9+GAD-7", "PHQ-9", "CORE-10".
    pub kind: Name,
    /// The objectives those measures map to.
    pub objectives: Objectives,
    pub caseness_baseline: bool,
    pub caseness_followup: bool,
    pub improved: bool,
    pub reliable_improvement: bool,
    pub reliable_deterioration: bool,
    pub recovered: bool,
    pub reliable_recovery: bool,
}

impl ClinicalFact {
    /// Whether more than one measure was judged together (a pair).
    pub fn is_pair(&self) -> bool {
        self.kind.contains('+')
    }
}

/// The measures a person is judged on, from their counted, paired outcomes
/// on clinical measures (all of one project and quarter), in the order
/// they are named: the pair, or PHQ-9 alone, or every clinical measure.
fn judged<'a>(
    clinical: &[&'a OutcomeFact],
    descriptor: Option<&str>,
    config: &Config,
) -> Vec<&'a OutcomeFact> {
    let p = &config.pairing;
    let find = |id: &str| clinical.iter().copied().find(|o| o.measure_id == id);
    let Some(depression) = find(&p.depression) else {
        // No PHQ-9: every clinical measure, in config order.
        let mut all = clinical.to_vec();
        all.sort_by_key(|o| config.measures.iter().position(|m| m.id == o.measure_id));
        return all;
    };
    let anxiety = find(p.anxiety_for(descriptor))
        .or_else(|| find(&p.anxiety))
        .or_else(|| {
            // The descriptor's measure and GAD-7 are both missing: another
            // anxiety-disorder-specific measure the person has, in config order.
            p.descriptors
                .iter()
                .filter_map(|d| d.anxiety.as_deref())
                .find_map(find)
        });
    std::iter::once(depression).chain(anxiety).collect()
}

/// The person's clinical result, or None when they have no counted pair on
/// a clinical measure. `clinical` holds those outcomes (scored against
/// measures with a clinical cut-off).
pub fn judge(
    clinical: &[&OutcomeFact],
    descriptor: Option<&str>,
    config: &Config,
) -> Option<ClinicalFact> {
    let judged = judged(clinical, descriptor, config);
    let first = judged.first()?;
    let any =
        |f: fn(&super::Scored) -> Option<bool>| judged.iter().any(|o| f(&o.scored) == Some(true));
    let caseness_baseline = any(|s| s.caseness_baseline);
    let caseness_followup = any(|s| s.caseness_followup);
    let any_ri = any(|s| s.reliable_improvement);
    let any_rd = any(|s| s.reliable_deterioration);
    let reliable_improvement = any_ri && !any_rd;
    let recovered = caseness_baseline && !caseness_followup;
    let objectives = judged
        .iter()
        .fold(Objectives::default(), |a, o| a.union(o.objectives));
    Some(ClinicalFact {
        quarter: first.quarter,
        project_id: first.project_id,
        area: first.area,
        person: first.person,
        activity_id: first.activity_id,
        activity_type: first.activity_type,
        kind: judged
            .iter()
            .map(|o| o.measure_id.as_str())
            .collect::<Vec<_>>()
            .join("+")
            .into(),
        objectives,
        caseness_baseline,
        caseness_followup,
        // Better on at least one and reliably worse on none, so that a
        // reliable improvement is always an improvement.
        improved: any(|s| s.improved) && !any_rd,
        reliable_improvement,
        reliable_deterioration: any_rd && !any_ri,
        recovered,
        reliable_recovery: recovered && reliable_improvement,
    })
}
