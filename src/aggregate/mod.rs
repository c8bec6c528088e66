//! Aggregate: the only stage that sees every return at once.
//!
//! Each project's outcome facts become its partial results (counts of
//! people and sums per measure, `partial`), which add up to every unit's;
//! clinical results, Counts and activities become polars DataFrames whose
//! group-bys by quarter, area, project, indicator and objective give the
//! rest of the published tables. Results come
//! back as typed rows, sorted by their leading key columns, for the value
//! and publish stages.

mod bands;
mod followup;
mod frames;
mod funnel;
mod indicators;
pub mod interval;
mod measures;
mod objectives;
mod partial;
mod receipts;
mod select;
mod suppliers;
mod units;

use polars::prelude::PolarsError;

pub use bands::BandRow;
pub use followup::FollowupRow;
pub use frames::NOT_GIVEN;
pub use funnel::{Limits, Position, limits};
pub use indicators::{ALL_PROJECTS, IndicatorRow};
pub use interval::{Direction, Interval, Z95, newcombe, wilson};
pub use measures::MeasureRow;
pub use objectives::{
    ALL_AREAS, GroupObjectiveRow, HARM_OBJECTIVE, ObjectiveRow, ProjectObjectiveRow,
};
pub use receipts::{
    DataQuality, IssueCodeRow, ParticipantsCounted, QuarterReturns, ReadRow, Receipt, ReceiptRow,
    data_quality,
};
pub use select::{NothingSelected, Selection, latest_projects, select, stories};
pub use suppliers::{
    ALL_ACTIVITIES, NO_SUPPLIER, SupplierRow, organisation_key, table as supplier_rows,
};
pub use units::{Level, UnitRow};

/// The label of the rows for every organisation type (org_types.csv,
/// org_type_objectives.csv).
pub const ALL_TYPES: &str = "All organisation types";

/// The key of programme-total rows (vfm.csv, followup.csv, the VfM units).
pub const TOTAL: &str = "TOTAL";

use crate::config::Config;
use crate::core::{Period, Quarter};
use crate::score::Facts;

#[derive(Debug, thiserror::Error)]
#[error("aggregation failed: {0}")]
pub struct AggregateError(#[from] PolarsError);

/// The aggregated tables of one report quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Tables {
    /// The quarter the group-bys label the period's facts with: its last.
    pub quarter: Quarter,
    /// What the tables cover: one quarter, a year or a run of quarters.
    pub period: Period,
    pub measures: Vec<MeasureRow>,
    pub objectives: Vec<ObjectiveRow>,
    /// objectives rows for every quarter found up to the report quarter.
    pub trends: Vec<ObjectiveRow>,
    pub activity_types: Vec<GroupObjectiveRow>,
    /// Organisation types × objectives, then all types.
    pub org_type_objectives: Vec<GroupObjectiveRow>,
    pub indicators: Vec<IndicatorRow>,
    pub followup: Vec<FollowupRow>,
    /// VfM units: projects, areas, activity types and the total.
    pub units: Vec<UnitRow>,
    /// Every project pooled, per measure (project_id `ALL`), for charts.
    pub measures_pooled: Vec<MeasureRow>,
    /// Projects × objectives, for funnel plots.
    pub project_objectives: Vec<ProjectObjectiveRow>,
    /// Spend with each supplier of activities.
    pub suppliers: Vec<SupplierRow>,
    /// Movements in and out of wellbeing bands (never recoveries).
    pub bands: Vec<BandRow>,
    /// The total unit of what the period is compared with (the quarter
    /// before, or the year before: `Period::compared_with`), when it has
    /// returns.
    pub previous: Option<UnitRow>,
}

/// The aggregate stage's entry point: tables for `quarter`.
pub fn aggregate(
    facts: &Facts,
    config: &Config,
    quarter: Quarter,
) -> Result<Tables, AggregateError> {
    let quarters: std::collections::BTreeSet<Quarter> = facts
        .projects
        .iter()
        .map(|p| p.quarter)
        .filter(|q| *q <= quarter)
        .collect();
    let fr = frames::QuarterFrames::new(facts, config, quarter, objectives::HARM_OBJECTIVE)?;
    let objectives = objectives::table(facts, config, &fr)?;
    let (trends, previous) = trend(
        facts,
        config,
        quarters,
        Some((quarter, &objectives)),
        Some(quarter.prev()),
    )?;
    Ok(Tables {
        quarter,
        period: Period::quarter(quarter),
        measures: measures::table(config, &fr)?,
        objectives,
        trends,
        activity_types: objectives::activity_types(facts, config, &fr)?,
        org_type_objectives: objectives::org_types(facts, config, &fr, ALL_TYPES)?,
        indicators: indicators::table(facts, config, quarter)?,
        followup: followup::table(facts, &fr)?,
        units: units::table(facts, config, &fr)?,
        project_objectives: objectives::by_project(&fr)?,
        measures_pooled: measures::pooled(config, &fr)?,
        suppliers: suppliers::table(facts, quarter),
        bands: bands::table(config, &fr)?,
        previous,
    })
}

/// The tables of `period`. A quarter's are [`aggregate`]'s. A longer
/// period's are made from its facts with each person counted once
/// ([`crate::score::period`]), with the objectives quarter by quarter as
/// its trend, and the same quarters a year before as what it is compared
/// with, when the facts have any of them.
pub fn over(facts: &Facts, config: &Config, period: Period) -> Result<Tables, AggregateError> {
    if let Some(q) = period.single() {
        return aggregate(facts, config, q);
    }
    over_merged(
        facts,
        &crate::score::period(facts, period, config),
        config,
        period,
    )
}

/// [`over`] for a longer period whose merged facts (`merged`) are made
/// already.
pub fn over_merged(
    facts: &Facts,
    merged: &Facts,
    config: &Config,
    period: Period,
) -> Result<Tables, AggregateError> {
    let mut t = aggregate(merged, config, period.to)?;
    t.period = period;
    let quarters = facts
        .projects
        .iter()
        .map(|p| p.quarter)
        .filter(|q| period.contains(*q))
        .collect();
    t.trends = trend(facts, config, quarters, None, None)?.0;
    let before = period.compared_with();
    t.previous = if facts.projects.iter().any(|p| before.contains(p.quarter)) {
        let earlier = crate::score::period(facts, before, config);
        let fr =
            frames::QuarterFrames::new(&earlier, config, before.to, objectives::HARM_OBJECTIVE)?;
        units::total(&earlier, config, &fr)?
    } else {
        None
    };
    Ok(t)
}

/// The objectives rows of every quarter in `quarters`, in order; a
/// quarter already counted (`done`) is not counted again. With the total
/// unit of the quarter `total_of`, when it is one of them (its frames are
/// built here anyway).
fn trend(
    facts: &Facts,
    config: &Config,
    quarters: std::collections::BTreeSet<Quarter>,
    done: Option<(Quarter, &[ObjectiveRow])>,
    total_of: Option<Quarter>,
) -> Result<(Vec<ObjectiveRow>, Option<UnitRow>), AggregateError> {
    let mut trends = Vec::new();
    let mut total = None;
    for q in quarters {
        if let Some((_, rows)) = done.filter(|d| d.0 == q) {
            trends.extend(rows.iter().cloned());
        } else {
            let fr = frames::QuarterFrames::new(facts, config, q, objectives::HARM_OBJECTIVE)?;
            trends.extend(objectives::table(facts, config, &fr)?);
            if total_of == Some(q) {
                total = units::total(facts, config, &fr)?;
            }
        }
    }
    Ok((trends, total))
}

/// The tables of an evidence pack over `span`: its quarters made one
/// period as a year's report makes them (each person counted once, with
/// one pair per measure: [`crate::score::period`]), with the objectives
/// quarter by quarter as its trend; only `objective`'s rows (and the
/// measures mapped to it) when one is chosen.
pub fn period(
    chosen: &Facts,
    config: &Config,
    span: Period,
    objective: Option<u8>,
) -> Result<Tables, AggregateError> {
    let mut tables = over(chosen, config, span)?;
    // A pack compares nothing with an earlier period.
    tables.previous = None;
    if let Some(k) = objective {
        tables.objectives.retain(|r| r.objective == k);
        tables.trends.retain(|r| r.objective == k);
        tables.measures_pooled.retain(|m| {
            config
                .measure_by_id(&m.measure)
                .is_some_and(|c| c.objectives.contains(&k))
        });
    }
    Ok(tables)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::{OutcomeFact, ProjectFact, score_pair};

    fn q() -> Quarter {
        Quarter::new(2026, 2).unwrap()
    }

    fn project(id: &str, area: &str) -> ProjectFact {
        ProjectFact {
            quarter: q(),
            project_id: id.into(),
            project_name: id.into(),
            organisation: id.into(),
            organisation_type: "charity".into(),
            area: area.into(),
            file: format!("{id}.xlsx").into(),
            origins: Vec::new(),
        }
    }

    fn outcome(
        c: &Config,
        project: &str,
        area: &str,
        person: u32,
        m: &str,
        b: f64,
        f: Option<f64>,
    ) -> OutcomeFact {
        let measure = c.measure_by_id(m).unwrap();
        OutcomeFact {
            quarter: q(),
            project_id: project.into(),
            area: area.into(),
            activity_id: "A1".into(),
            activity_type: "peer support".into(),
            person,
            measure_id: m.into(),
            objectives: crate::core::Objectives::of(&measure.objectives),
            scored: score_pair(measure, b, f).unwrap(),
            baseline_date: chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
            followup_date: f.map(|_| chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()),
            clinical: measure.clinical().is_some(),
            finished: true,
        }
    }

    #[test]
    fn a_person_counts_once_per_objective() {
        let c = Config::builtin().unwrap();
        // Person 1 improves meaningfully on both WEMWBS (+5 ≥ 3) and ONS4-LS
        // (+2 ≥ 1), both objective 1: one person, one improved.
        // Person 2 improves on neither (WEMWBS +1); person 3 has no follow-up.
        let facts = Facts {
            projects: vec![project("P1", "Salford")],
            outcomes: vec![
                outcome(&c, "P1", "Salford", 1, "WEMWBS", 40.0, Some(45.0)),
                outcome(&c, "P1", "Salford", 1, "ONS4-LS", 4.0, Some(6.0)),
                outcome(&c, "P1", "Salford", 2, "WEMWBS", 40.0, Some(41.0)),
                outcome(&c, "P1", "Salford", 3, "WEMWBS", 40.0, None),
            ]
            .into(),
            ..Facts::default()
        };
        let t = aggregate(&facts, &c, q()).unwrap();
        let o1: Vec<_> = t.objectives.iter().filter(|r| r.objective == 1).collect();
        // All areas first, then Salford; both: 2 paired people, 1 improved.
        assert_eq!(o1.len(), 2);
        for r in o1 {
            assert_eq!(
                (r.n_people, r.n_improved, r.rate_improved),
                (2, 1, Some(0.5)),
                "{}",
                r.area
            );
        }
        // WEMWBS: 2 pairs (40→45, 40→41): mean change (5 + 1)/2 = 3; person 3
        // is "not yet measured", never a zero change.
        let w = t.measures.iter().find(|m| m.measure == "WEMWBS").unwrap();
        assert_eq!(
            (w.n_paired, w.n_baseline_only, w.mean_change),
            (2, 1, Some(3.0))
        );
        assert_eq!((w.n_improved, w.n_meaningful_improvement), (2, 1));
        // Project: 2 people paired, 1 with an outcome; ONS4-LS change sum 2.
        let p = t
            .units
            .iter()
            .find(|u| u.level == Some(Level::Project))
            .unwrap();
        let (ls_paired, ls_change_sum) = p.changes["ONS4-LS"];
        assert_eq!(
            (p.n_people_paired, p.outcomes, ls_paired, ls_change_sum),
            (2, 1, 1, 2.0)
        );
    }

    #[test]
    fn other_quarters_are_left_out() {
        let c = Config::builtin().unwrap();
        let mut late = outcome(&c, "P1", "Salford", 1, "WEMWBS", 40.0, Some(50.0));
        late.quarter = q().next();
        let facts = Facts {
            projects: vec![project("P1", "Salford")],
            outcomes: vec![late].into(),
            ..Facts::default()
        };
        let t = aggregate(&facts, &c, q()).unwrap();
        assert!(t.measures.is_empty());
        assert!(t.objectives.iter().all(|r| r.n_people == 0));
    }
}
