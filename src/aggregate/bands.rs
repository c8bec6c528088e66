//! tables/bands.csv: movements in and out of the wellbeing bands that some
//! measures publish (ONS4's low 0–4, a loneliness band). A band describes
//! how scores spread; leaving it is reported under its own name and is
//! never counted as a recovery.

use super::ALL_PROJECTS;
use super::frames::{QuarterFrames, Result};
use super::partial::Scope;
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
    let mut out = Vec::new();
    for by_project in [true, false] {
        // By project (or every project) and measure, by their text.
        let sums = fr.partials.sums_by(|project, scope| match scope {
            Scope::Project if by_project => Some(project.to_string()),
            Scope::Project => Some(ALL_PROJECTS.to_string()),
            _ => None,
        });
        for ((project, measure), x) in sums.into_iter().filter(|(_, x)| x.band_paired > 0) {
            let band = config
                .measure_by_id(&measure)
                .and_then(|m| m.band())
                .map_or(String::new(), |b| b.label.clone());
            out.push(BandRow {
                quarter: fr.quarter,
                project_id: project,
                measure: measure.to_string(),
                band,
                n_paired: x.band_paired,
                n_in_band_baseline: x.in_band,
                n_left_band: x.left_band,
                n_entered_band: x.entered_band,
            });
        }
    }
    Ok(out)
}
