//! Follow-up completion (attrition): per project, people with a baseline
//! and how many of them have a follow-up on at least one measure.

use polars::prelude::*;

use super::TOTAL;
use super::frames::{QuarterFrames, Result, count_true, strs, u64s};
use super::objectives::ALL_AREAS;
use crate::core::Quarter;

#[derive(Debug, Clone, PartialEq)]
pub struct FollowupRow {
    pub quarter: Quarter,
    pub project_id: String,
    pub area: String,
    /// Distinct people with a baseline score on any measure.
    pub n_baseline: u64,
    /// Of those, people with a follow-up on at least one measure.
    pub n_followup: u64,
    pub rate: Option<f64>,
}

pub(super) fn table(fr: &QuarterFrames) -> Result<Vec<FollowupRow>> {
    let quarter = fr.quarter;
    let people = fr
        .outcomes
        .clone()
        .lazy()
        .group_by_stable([col("project_id"), col("area"), col("person")])
        .agg([col("paired").any(true).alias("followed_up")])
        .collect()?;
    let by_project = people
        .clone()
        .lazy()
        .group_by_stable([col("project_id"), col("area")])
        .agg([
            len().cast(DataType::UInt64).alias("n"),
            count_true("followed_up").alias("k"),
        ])
        .sort(["project_id"], SortMultipleOptions::default())
        .collect()?;
    let project = strs(&by_project, "project_id")?;
    let area = strs(&by_project, "area")?;
    let n = u64s(&by_project, "n")?;
    let k = u64s(&by_project, "k")?;
    let row = |project_id: String, area: String, n: u64, k: u64| FollowupRow {
        quarter,
        project_id,
        area,
        n_baseline: n,
        n_followup: k,
        rate: (n > 0).then(|| k as f64 / n as f64),
    };
    let mut out: Vec<FollowupRow> = (0..by_project.height())
        .map(|i| row(project[i].clone(), area[i].clone(), n[i], k[i]))
        .collect();
    // A person belongs to one project, so the total is the sum.
    out.push(row(
        TOTAL.into(),
        ALL_AREAS.into(),
        n.iter().sum(),
        k.iter().sum(),
    ));
    Ok(out)
}
