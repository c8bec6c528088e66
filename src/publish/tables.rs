//! The published tables, built from the aggregate and value stages' rows.
//! Column names and order are the contract of SUBMISSION.md.

use super::table::{PubTable, Val};
use crate::aggregate::Tables;
use crate::value::Valued;

/// Money, means: 2 decimals. Rates: 4 decimals (fractions 0–1).
const MONEY: usize = 2;
const MEAN: usize = 2;
const RATE: usize = 4;

pub const MEASURES_COLUMNS: &[&str] = &[
    "quarter",
    "project_id",
    "measure",
    "n_paired",
    "mean_baseline",
    "mean_followup",
    "mean_change",
    "n_improved",
    "n_meaningful_improvement",
    "n_reliable_improvement",
    "n_reliable_deterioration",
    "n_caseness_baseline",
    "n_recovered",
    "n_reliable_recovery",
];

pub const OBJECTIVES_COLUMNS: &[&str] = &[
    "quarter",
    "area",
    "objective",
    "objective_name",
    "n_people",
    "n_improved",
    "rate_improved",
    "count_outcomes",
];

pub const VFM_COLUMNS: &[&str] = &[
    "quarter",
    "project_id",
    "project_name",
    "area",
    "cost_gbp",
    "in_kind_gbp",
    "participants",
    "cost_per_participant",
    "outcomes",
    "cost_per_outcome",
    "wellbys",
    "value_low_gbp",
    "value_central_gbp",
    "value_high_gbp",
    "bcr_central",
];

fn text(s: impl ToString) -> Val {
    Val::Text(s.to_string())
}

/// tables/measures.csv: one row per project × measure.
pub fn measures(t: &Tables) -> PubTable {
    let mut out = PubTable::new(
        "measures",
        "Measures: paired scores per project",
        MEASURES_COLUMNS,
    );
    for r in &t.measures {
        let base = Some(r.n_paired);
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.measure),
            Val::count(r.n_paired),
            Val::opt(r.mean_baseline, MEAN, base),
            Val::opt(r.mean_followup, MEAN, base),
            Val::opt(r.mean_change, MEAN, base),
            Val::count(r.n_improved),
            Val::count(r.n_meaningful_improvement),
            Val::opt_count(r.n_reliable_improvement),
            Val::opt_count(r.n_reliable_deterioration),
            Val::opt_count(r.n_caseness_baseline),
            Val::opt_count(r.n_recovered),
            Val::opt_count(r.n_reliable_recovery),
        ]);
    }
    out
}

/// tables/objectives.csv: one row per area × objective, plus All areas.
pub fn objectives(t: &Tables) -> PubTable {
    let mut out = PubTable::new(
        "objectives",
        "The six objectives: people improved",
        OBJECTIVES_COLUMNS,
    );
    for r in &t.objectives {
        out.push(vec![
            text(r.quarter),
            text(&r.area),
            Val::Text(r.objective.to_string()),
            text(&r.objective_name),
            Val::count(r.n_people),
            Val::count(r.n_improved),
            Val::opt(r.rate_improved, RATE, Some(r.n_people)),
            Val::Count(r.count_outcomes),
        ]);
    }
    out
}

/// tables/vfm.csv: one row per project plus the TOTAL row.
pub fn vfm(v: &Valued) -> PubTable {
    let mut out = PubTable::new("vfm", "Value for money per project", VFM_COLUMNS);
    for r in &v.vfm {
        // Money totals are not about people; a per-person figure rests on
        // the people it divides by, so it is withheld with them.
        let value_base = (r.wellby_people > 0).then_some(r.wellby_people);
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.project_name),
            text(&r.area),
            Val::num(r.cost_gbp, MONEY, None),
            Val::num(r.in_kind_gbp, MONEY, None),
            Val::Count(r.participants),
            Val::opt(r.cost_per_participant, MONEY, Some(r.participants as u64)),
            Val::count(r.outcomes),
            Val::opt(r.cost_per_outcome, MONEY, Some(r.outcomes)),
            Val::num(r.wellbys, MEAN, value_base),
            Val::num(r.value_low_gbp, MONEY, value_base),
            Val::num(r.value_central_gbp, MONEY, value_base),
            Val::num(r.value_high_gbp, MONEY, value_base),
            Val::opt(r.bcr_central, MEAN, value_base),
        ]);
    }
    out
}
