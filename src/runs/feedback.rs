//! `needle validate FILE --html OUT`: one return checked for its
//! project's feedback page. When it has no errors it is scored, aggregated
//! and valued on its own, and its exact figures are shown beside the
//! programme's (read back from a report folder's published CSVs).

use super::{RunError, check_and_keep};
use crate::aggregate::aggregate;
use crate::config::Config;
use crate::contract::ReturnReport;
use crate::disclose::tables;
use crate::pages::feedback::{FeedbackInput, Programme, ProgrammeError, render};
use crate::score::score;
use crate::value::value;
use std::path::{Path, PathBuf};

/// The feedback page of one return, and the return's report.
#[derive(Debug)]
pub struct FeedbackRun {
    pub report: ReturnReport,
    /// The page, as HTML text.
    pub page: String,
}

/// Why the programme's figures could not be read from a report folder.
#[derive(Debug, thiserror::Error)]
pub enum ProgrammeReadError {
    #[error("reading {path} (--programme takes a folder written by `needle report`): {source}")]
    Unreadable {
        path: String,
        source: std::io::Error,
    },
    #[error("{dir} is not a report folder: {source}")]
    NotAReport { dir: String, source: ProgrammeError },
}

/// Checks one return and makes its feedback page; with `programme` (a
/// report folder) the page compares the return with the programme.
pub fn run_feedback(
    paths: &[PathBuf],
    config: &Config,
    programme: Option<&Path>,
) -> Result<FeedbackRun, RunError> {
    // A feedback page keeps no pseudonyms: a key for this run alone will do.
    let key = crate::store::run_key()?;
    let checked = check_and_keep(paths, config, &(), &key)?;
    if checked.reports.len() != 1 {
        return Err(RunError::NotOneReturn(checked.reports.len()));
    }
    let report = checked.reports[0].clone();
    let figures = match (report.errors(), checked.returns.into_iter().next()) {
        (0, Some(r)) => {
            let quarter = r.about.quarter;
            let facts = score(vec![r], config);
            let t = aggregate(&facts, config, quarter)?;
            let valued = value(&t, &facts, config, &())?;
            Some(tables::feedback(&t, &valued)?)
        }
        _ => None,
    };
    // A return refused before its quarter was read shows no figures, so
    // there is nothing to compare.
    let programme = match (programme, report.quarter) {
        (Some(dir), Some(quarter)) => Some(read_programme(dir, quarter)?),
        _ => None,
    };
    let page = render(&FeedbackInput {
        report: &report,
        figures: figures.as_ref(),
        programme: programme.as_ref(),
    });
    Ok(FeedbackRun { report, page })
}

/// The programme's published figures for `quarter` from a report folder's
/// tables/objectives.csv and tables/vfm.csv.
fn read_programme(
    dir: &Path,
    quarter: crate::core::Quarter,
) -> Result<Programme, ProgrammeReadError> {
    let read = |rel: &str| {
        let p = dir.join(rel);
        std::fs::read_to_string(&p).map_err(|source| ProgrammeReadError::Unreadable {
            path: p.display().to_string(),
            source,
        })
    };
    let shown = dir.display().to_string();
    Programme::from_csv(
        &shown,
        &read("tables/objectives.csv")?,
        &read("tables/vfm.csv")?,
        quarter,
    )
    .map_err(|source| ProgrammeReadError::NotAReport { dir: shown, source })
}
