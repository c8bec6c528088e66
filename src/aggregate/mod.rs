//! Aggregate: the only stage that sees every return at once.
//!
//! Per-person facts become polars DataFrames; group-bys by quarter, area,
//! project, measure and objective give the published tables. Results come
//! back as typed rows, sorted by their leading key columns, for the value
//! and publish stages.

mod frames;
mod measures;
mod objectives;
mod projects;

use polars::prelude::PolarsError;

pub use measures::MeasureRow;
pub use objectives::{ALL_AREAS, ObjectiveRow};
pub use projects::ProjectRow;

use crate::config::Config;
use crate::contract::Quarter;
use crate::score::Facts;

#[derive(Debug, thiserror::Error)]
#[error("aggregation failed: {0}")]
pub struct AggregateError(#[from] PolarsError);

/// The aggregated tables of one report quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Tables {
    pub quarter: Quarter,
    pub measures: Vec<MeasureRow>,
    pub objectives: Vec<ObjectiveRow>,
    pub projects: Vec<ProjectRow>,
}

/// The aggregate stage's entry point: tables for `quarter`.
pub fn aggregate(
    facts: &Facts,
    config: &Config,
    quarter: Quarter,
) -> Result<Tables, AggregateError> {
    Ok(Tables {
        quarter,
        measures: measures::table(facts, config, quarter)?,
        objectives: objectives::table(facts, config, quarter)?,
        projects: projects::table(facts, quarter)?,
    })
}
