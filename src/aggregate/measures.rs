//! tables/measures.csv: one row per project × measure.

use polars::prelude::*;

use super::frames::{QuarterFrames, Result, count_true, strs, u64s};
use super::partial::Scope;
use crate::config::Config;
use crate::core::Quarter;

#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRow {
    pub quarter: Quarter,
    pub project_id: String,
    pub measure: String,
    /// People with both scores.
    pub n_paired: u64,
    /// Rows with a baseline only ("not yet measured"): not a published
    /// column of measures.csv, used for follow-up completion.
    pub n_baseline_only: u64,
    pub mean_baseline: Option<f64>,
    pub mean_followup: Option<f64>,
    pub mean_change: Option<f64>,
    pub n_improved: u64,
    pub n_meaningful_improvement: u64,
    /// None where the measure has no reliable-change threshold.
    pub n_reliable_improvement: Option<u64>,
    pub n_reliable_deterioration: Option<u64>,
    /// None where the measure has no caseness threshold.
    pub n_caseness_baseline: Option<u64>,
    pub n_recovered: Option<u64>,
    pub n_reliable_recovery: Option<u64>,
}

pub(super) fn table(config: &Config, fr: &QuarterFrames) -> Result<Vec<MeasureRow>> {
    table_by(config, fr, true)
}

/// Every project pooled, per measure (project_id `ALL`), for charts.
pub(super) fn pooled(config: &Config, fr: &QuarterFrames) -> Result<Vec<MeasureRow>> {
    table_by(config, fr, false)
}

fn table_by(config: &Config, fr: &QuarterFrames, by_project: bool) -> Result<Vec<MeasureRow>> {
    let quarter = fr.quarter;
    // Each project's sums (or every project's, added up), by project and
    // measure.
    let sums = fr.partials.sums_by(|project, scope| match scope {
        Scope::Project if by_project => Some(project.to_string()),
        Scope::Project => Some(super::ALL_PROJECTS.to_string()),
        _ => None,
    });
    let mut table = Vec::with_capacity(sums.len());
    for ((project, measure), x) in sums {
        let m = config.measure_by_id(&measure);
        let has_rc = m.is_some_and(|m| m.reliable_change.is_some());
        let has_case = m.is_some_and(|m| m.clinical().is_some());
        table.push(MeasureRow {
            quarter,
            project_id: project,
            measure: measure.to_string(),
            n_paired: x.paired,
            n_baseline_only: x.rows - x.followed,
            mean_baseline: x.mean(x.baseline),
            mean_followup: x.mean(x.followup),
            mean_change: x.mean(x.change),
            n_improved: x.improved,
            n_meaningful_improvement: x.meaningful,
            n_reliable_improvement: has_rc.then_some(x.reliable_improvement),
            n_reliable_deterioration: has_rc.then_some(x.reliable_deterioration),
            n_caseness_baseline: has_case.then_some(x.caseness),
            n_recovered: has_case.then_some(x.recovered),
            n_reliable_recovery: (has_case && has_rc).then_some(x.reliable_recovery),
        });
    }
    if by_project {
        table.extend(pairs(fr)?);
    }
    table.sort_by(|a, b| (&a.project_id, &a.measure).cmp(&(&b.project_id, &b.measure)));
    Ok(table)
}

/// Rows for each kind of pair judged together (`PHQ-9+GAD-7`,
/// `PHQ-9+SPIN`, …): people whose clinical result rests on a pair, per
/// project. Means are empty: two scales cannot be averaged together.
fn pairs(fr: &QuarterFrames) -> Result<Vec<MeasureRow>> {
    let quarter = fr.quarter;
    let out = fr
        .clinical
        .clone()
        .lazy()
        .filter(col("pair"))
        .group_by_stable([col("project_id"), col("kind")])
        .agg([
            len().cast(DataType::UInt64).alias("n"),
            count_true("improved").alias("improved"),
            count_true("rel_imp").alias("rel_imp"),
            count_true("rel_det").alias("rel_det"),
            count_true("case_b").alias("case_b"),
            count_true("recovered").alias("recovered"),
            count_true("rel_rec").alias("rel_rec"),
        ])
        .collect()?;
    let kind = strs(&out, "kind")?;
    let project = strs(&out, "project_id")?;
    let n = u64s(&out, "n")?;
    let [imp, ri, rd, cb, rec, rr] = [
        "improved",
        "rel_imp",
        "rel_det",
        "case_b",
        "recovered",
        "rel_rec",
    ]
    .map(|c| u64s(&out, c));
    let (imp, ri, rd, cb, rec, rr) = (imp?, ri?, rd?, cb?, rec?, rr?);
    Ok((0..out.height())
        .map(|i| MeasureRow {
            quarter,
            project_id: project[i].clone(),
            measure: kind[i].clone(),
            n_paired: n[i],
            n_baseline_only: 0,
            mean_baseline: None,
            mean_followup: None,
            mean_change: None,
            n_improved: imp[i],
            // For a pair the meaningful change is the reliable improvement
            // (objective 2 counts it).
            n_meaningful_improvement: ri[i],
            n_reliable_improvement: Some(ri[i]),
            n_reliable_deterioration: Some(rd[i]),
            n_caseness_baseline: Some(cb[i]),
            n_recovered: Some(rec[i]),
            n_reliable_recovery: Some(rr[i]),
        })
        .collect())
}
