//! tables/indicators.csv: each Counts indicator per project, per area and
//! for all areas, with Wilson 95 % intervals for proportions.

use polars::prelude::*;

use super::frames::{Result, f64s, strs};
use super::interval::{Z95, wilson};
use super::objectives::ALL_AREAS;
use crate::config::{Config, IndicatorKind};
use crate::core::Quarter;
use crate::score::Facts;

/// The project id of area and All-areas total rows.
pub const ALL_PROJECTS: &str = "ALL";

/// z for a two-sided 95 % interval.

#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorRow {
    pub quarter: Quarter,
    pub area: String,
    pub project_id: String,
    pub indicator: String,
    pub indicator_name: String,
    pub kind: IndicatorKind,
    pub objective: u8,
    pub numerator: f64,
    /// Sum of denominators (proportions only).
    pub denominator: Option<f64>,
    /// Sum of baselines (before/after only).
    pub baseline: Option<f64>,
    /// numerator ÷ denominator, for proportions with a denominator.
    pub proportion: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// baseline − numerator, for before/after counts (a reduction is positive).
    pub reduction: Option<f64>,
}

pub(super) fn table(facts: &Facts, config: &Config, quarter: Quarter) -> Result<Vec<IndicatorRow>> {
    let rows: Vec<_> = facts
        .counts
        .iter()
        .filter(|c| c.quarter == quarter)
        .collect();
    let df = DataFrame::new(
        rows.len(),
        vec![
            Column::new(
                "area".into(),
                rows.iter().map(|c| c.area.as_str()).collect::<Vec<&str>>(),
            ),
            Column::new(
                "project_id".into(),
                rows.iter()
                    .map(|c| c.project_id.as_str())
                    .collect::<Vec<&str>>(),
            ),
            Column::new(
                "indicator".into(),
                rows.iter()
                    .map(|c| c.indicator_id.as_str())
                    .collect::<Vec<&str>>(),
            ),
            Column::new(
                "numerator".into(),
                rows.iter().map(|c| c.numerator).collect::<Vec<f64>>(),
            ),
            Column::new(
                "denominator".into(),
                rows.iter()
                    .map(|c| c.denominator)
                    .collect::<Vec<Option<f64>>>(),
            ),
            Column::new(
                "baseline".into(),
                rows.iter()
                    .map(|c| c.baseline)
                    .collect::<Vec<Option<f64>>>(),
            ),
        ],
    )?;
    let mut out = Vec::new();
    // Per project, per area, then all areas.
    let levels: [(&[&str], bool, bool); 3] = [
        (&["area", "project_id", "indicator"], true, true),
        (&["area", "indicator"], true, false),
        (&["indicator"], false, false),
    ];
    for (keys, has_area, has_project) in levels {
        let g = df
            .clone()
            .lazy()
            .group_by_stable(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())
            .agg([
                col("numerator").sum().alias("numerator"),
                col("denominator").sum().alias("denominator"),
                col("baseline").sum().alias("baseline"),
            ])
            .collect()?;
        let n = g.height();
        let area = if has_area {
            strs(&g, "area")?
        } else {
            vec![ALL_AREAS.to_string(); n]
        };
        let project = if has_project {
            strs(&g, "project_id")?
        } else {
            vec![ALL_PROJECTS.to_string(); n]
        };
        let ind = strs(&g, "indicator")?;
        let num = f64s(&g, "numerator")?;
        let den = f64s(&g, "denominator")?;
        let base = f64s(&g, "baseline")?;
        for i in 0..n {
            let Some(spec) = config.indicator_by_id(&ind[i]) else {
                continue;
            };
            let numerator = num[i].unwrap_or(0.0);
            let (denominator, baseline) = match spec.kind {
                IndicatorKind::Proportion => (den[i], None),
                IndicatorKind::BeforeAfter => (None, base[i]),
                IndicatorKind::Count => (None, None),
            };
            let proportion = denominator.filter(|d| *d > 0.0).map(|d| numerator / d);
            let ci = denominator.and_then(|d| wilson(numerator, d, Z95).map(|i| (i.low, i.high)));
            out.push(IndicatorRow {
                quarter,
                area: area[i].clone(),
                project_id: project[i].clone(),
                indicator: ind[i].clone(),
                indicator_name: spec.name.clone(),
                kind: spec.kind,
                objective: spec.objective,
                numerator,
                denominator,
                baseline,
                proportion,
                ci_low: ci.map(|c| c.0),
                ci_high: ci.map(|c| c.1),
                reduction: baseline.map(|b| b - numerator),
            });
        }
    }
    // Within an area: its projects, then the area total; All areas last.
    let rank = |r: &IndicatorRow| {
        (
            r.area == ALL_AREAS,
            r.area.clone(),
            r.project_id == ALL_PROJECTS,
            r.project_id.clone(),
            r.indicator.clone(),
        )
    };
    out.sort_by_key(rank);
    Ok(out)
}
