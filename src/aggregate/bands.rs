//! tables/bands.csv: movements in and out of the wellbeing bands that some
//! measures publish (ONS4's low 0–4, a loneliness band). A band describes
//! how scores spread; leaving it is reported under its own name and is
//! never counted as a recovery.

use polars::prelude::*;

use super::ALL_PROJECTS;
use super::frames::{QuarterFrames, Result, count_true, strs, u64s};
use crate::config::Config;
use crate::core::Quarter;

#[derive(Debug, Clone, PartialEq)]
pub struct BandRow {
    pub quarter: Quarter,
    pub project_id: String,
    pub measure: String,
    /// The band as config names it, e.g. "low life satisfaction (0-4)".
    pub band: String,
    /// People with both scores on the measure.
    pub n_paired: u64,
    /// Of them, in the band at the start.
    pub n_in_band_baseline: u64,
    /// In the band at the start and out of it at follow-up.
    pub n_left_band: u64,
    /// Out of the band at the start and in it at follow-up.
    pub n_entered_band: u64,
}

/// Per project × band measure, then every project pooled (`ALL`) per
/// measure; a person is in one project, so the projects add up to it.
pub(super) fn table(config: &Config, fr: &QuarterFrames) -> Result<Vec<BandRow>> {
    let paired = fr
        .outcomes
        .clone()
        .lazy()
        .filter(col("paired").and(col("band_b").is_not_null()));
    let by_project = movements(paired.clone())?;
    let all =
        movements(paired.with_column(super::frames::lit_name(ALL_PROJECTS).alias("project_id")))?;
    let mut out = Vec::new();
    for df in [&by_project, &all] {
        let from = out.len();
        let (project, measure) = (strs(df, "project_id")?, strs(df, "measure")?);
        let [n, in_b, left, entered] = ["n", "in_b", "left", "entered"].map(|c| u64s(df, c));
        let (n, in_b, left, entered) = (n?, in_b?, left?, entered?);
        for i in 0..df.height() {
            let band = config
                .measure_by_id(&measure[i])
                .and_then(|m| m.band())
                .map_or(String::new(), |b| b.label.clone());
            out.push(BandRow {
                quarter: fr.quarter,
                project_id: project[i].clone(),
                measure: measure[i].clone(),
                band,
                n_paired: n[i],
                n_in_band_baseline: in_b[i],
                n_left_band: left[i],
                n_entered_band: entered[i],
            });
        }
        // By project and measure, by their text (the frame holds ids).
        out[from..].sort_by(|a, b| (&a.project_id, &a.measure).cmp(&(&b.project_id, &b.measure)));
    }
    Ok(out)
}

/// People paired, in the band at the start, leaving it and entering it,
/// per project and measure.
fn movements(paired: LazyFrame) -> Result<DataFrame> {
    let flag = |e: Expr| e.cast(DataType::UInt64).sum();
    paired
        .group_by_stable([col("project_id"), col("measure")])
        .agg([
            len().cast(DataType::UInt64).alias("n"),
            count_true("band_b").alias("in_b"),
            flag(col("band_b").and(col("band_f").not())).alias("left"),
            flag(col("band_b").not().and(col("band_f"))).alias("entered"),
        ])
        .collect()
}
