//! The published tables, built from the aggregate and value stages' rows.
//! Column names and order are the contract of SUBMISSION.md.

use super::table::{PubTable, Val};
use crate::aggregate::Tables;
use crate::config::IndicatorKind;
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

pub const TRENDS_COLUMNS: &[&str] = &[
    "quarter",
    "area",
    "objective",
    "objective_name",
    "n_people",
    "n_improved",
    "rate_improved",
    "n_deteriorated",
    "count_outcomes",
];

/// tables/trends.csv: every quarter up to the report's × area × objective.
pub fn trends(t: &Tables) -> PubTable {
    let mut out = PubTable::new("trends", "Objectives by quarter", TRENDS_COLUMNS);
    for r in &t.trends {
        out.push(vec![
            text(r.quarter),
            text(&r.area),
            Val::Text(r.objective.to_string()),
            text(&r.objective_name),
            Val::count(r.n_people),
            Val::count(r.n_improved),
            Val::opt(r.rate_improved, RATE, Some(r.n_people)),
            Val::count(r.n_deteriorated),
            Val::Count(r.count_outcomes),
        ]);
    }
    out
}

pub const ACTIVITY_TYPES_COLUMNS: &[&str] = &[
    "quarter",
    "activity_type",
    "objective",
    "objective_name",
    "n_people",
    "n_improved",
    "rate_improved",
    "n_deteriorated",
    "count_outcomes",
];

/// tables/activity_types.csv: which kinds of activity shift which objectives.
pub fn activity_types(t: &Tables) -> PubTable {
    let mut out = PubTable::new(
        "activity_types",
        "Objectives by activity type",
        ACTIVITY_TYPES_COLUMNS,
    );
    for r in &t.activity_types {
        out.push(vec![
            text(r.quarter),
            text(&r.activity_type),
            Val::Text(r.objective.to_string()),
            text(&r.objective_name),
            Val::count(r.n_people),
            Val::count(r.n_improved),
            Val::opt(r.rate_improved, RATE, Some(r.n_people)),
            Val::count(r.n_deteriorated),
            Val::Count(r.count_outcomes),
        ]);
    }
    out
}

pub const INDICATORS_COLUMNS: &[&str] = &[
    "quarter",
    "area",
    "project_id",
    "indicator",
    "indicator_name",
    "kind",
    "objective",
    "numerator",
    "denominator",
    "baseline",
    "proportion",
    "ci_low",
    "ci_high",
    "reduction",
];

/// tables/indicators.csv: Counts indicators per project, area and overall.
pub fn indicators(t: &Tables) -> PubTable {
    let mut out = PubTable::new("indicators", "Counts indicators", INDICATORS_COLUMNS);
    for r in &t.indicators {
        let base = r.denominator.map(|d| d as u64);
        out.push(vec![
            text(r.quarter),
            text(&r.area),
            text(&r.project_id),
            text(&r.indicator),
            text(&r.indicator_name),
            text(match r.kind {
                IndicatorKind::Proportion => "proportion",
                IndicatorKind::Count => "count",
                IndicatorKind::BeforeAfter => "before_after",
            }),
            Val::Text(r.objective.to_string()),
            Val::Count(r.numerator),
            r.denominator.map_or(Val::Empty, Val::Count),
            r.baseline.map_or(Val::Empty, Val::Count),
            Val::opt(r.proportion, RATE, base),
            Val::opt(r.ci_low, RATE, base),
            Val::opt(r.ci_high, RATE, base),
            r.reduction.map_or(Val::Empty, Val::Count),
        ]);
    }
    out
}

pub const FOLLOWUP_COLUMNS: &[&str] = &[
    "quarter",
    "project_id",
    "area",
    "n_baseline",
    "n_followup",
    "rate_followup",
];

/// tables/followup.csv: follow-up completion (attrition) per project.
pub fn followup(t: &Tables) -> PubTable {
    let mut out = PubTable::new("followup", "Follow-up completion", FOLLOWUP_COLUMNS);
    for r in &t.followup {
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.area),
            Val::count(r.n_baseline),
            Val::count(r.n_followup),
            Val::opt(r.rate, RATE, Some(r.n_baseline)),
        ]);
    }
    out
}
