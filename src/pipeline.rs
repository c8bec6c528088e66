//! The pipeline: the stages wired one way. File reading happens in ingest
//! and file writing in the caller, via [`crate::publish::write`].

use crate::aggregate::{AggregateError, aggregate, data_quality};
use crate::config::Config;
use crate::contract::{Checked, Quarter, Status, check_all};
use crate::ingest::{DiscoverError, discover, ingest};
use crate::publish::{self, Artefact, Inputs, Options, PublishError};
use crate::score::score;
use crate::value::{ValueError, value};
use std::path::PathBuf;

/// Where returns are read from when no path is given.
pub const DEFAULT_RETURNS: &str = "fixtures/returns";
/// Where reports are written when no --out is given.
pub const DEFAULT_OUT: &str = "reports";

#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error("no usable return was found in {0}; run `needle validate` on the files to see why")]
    NoReturns(String),
    #[error("no usable return is for {asked}; quarters found: {found}")]
    QuarterNotFound { asked: Quarter, found: String },
    #[error("aggregation failed: {0}")]
    Aggregate(#[from] AggregateError),
    #[error(transparent)]
    Value(#[from] ValueError),
    #[error(transparent)]
    Publish(#[from] PublishError),
    #[error(
        "the feedback page is for one return, but {0} file(s) or CSV folder(s) were given; give one"
    )]
    NotOneReturn(usize),
}

/// A `needle report` run.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub paths: Vec<PathBuf>,
    pub quarter: Option<Quarter>,
    pub suppress: bool,
}

/// What a report run produced.
#[derive(Debug)]
pub struct ReportRun {
    pub quarter: Quarter,
    pub checked: Checked,
    pub artefacts: Vec<Artefact>,
}

/// Reads and checks every return under `paths` (in parallel).
pub fn check_paths(paths: &[PathBuf], config: &Config) -> Result<Checked, DiscoverError> {
    let sources = discover(paths)?;
    Ok(check_all(ingest(sources, &config.limits), config))
}

/// Runs the whole pipeline for one report quarter; writes nothing.
pub fn run_report(req: &ReportRequest, config: &Config) -> Result<ReportRun, PipelineError> {
    let checked = check_paths(&req.paths, config)?;
    let quarters: std::collections::BTreeSet<Quarter> =
        checked.returns.iter().map(|r| r.about.quarter).collect();
    let quarter = match req.quarter {
        Some(q) if quarters.contains(&q) => q,
        Some(asked) => {
            let found: Vec<String> = quarters.iter().map(|q| q.to_string()).collect();
            let found = if found.is_empty() {
                "none".to_string()
            } else {
                found.join(", ")
            };
            return Err(PipelineError::QuarterNotFound { asked, found });
        }
        None => match quarters.last() {
            Some(q) => *q,
            None => {
                let paths: Vec<String> =
                    req.paths.iter().map(|p| p.display().to_string()).collect();
                return Err(PipelineError::NoReturns(paths.join(", ")));
            }
        },
    };
    let facts = score(&checked.returns, config);
    let tables = aggregate(&facts, config, quarter)?;
    let valued = value(&tables, &facts, config)?;
    let quality = data_quality(&checked.reports, &facts.projects, &config.expected, quarter);
    let artefacts = publish::publish(
        &Inputs {
            config,
            facts: &facts,
            returns: &checked.reports,
            quality: &quality,
            tables: &tables,
            valued: &valued,
        },
        Options {
            suppress: req.suppress,
        },
    )?;
    Ok(ReportRun {
        quarter,
        checked,
        artefacts,
    })
}

impl ReportRun {
    /// Returns used for the report quarter.
    pub fn used(&self) -> usize {
        self.checked
            .reports
            .iter()
            .filter(|r| r.quarter == Some(self.quarter))
            .filter(|r| matches!(r.status, Status::Accepted | Status::AcceptedWithErrors))
            .count()
    }
}

/// One return checked for its project's feedback page: its report, and,
/// when it has no errors, its own exact tables.
#[derive(Debug)]
pub struct FeedbackRun {
    pub report: crate::contract::ReturnReport,
    pub tables: Option<(crate::aggregate::Tables, crate::value::Valued)>,
}

/// Checks one return and, when it has no errors, scores, aggregates and
/// values it on its own.
pub fn run_feedback(paths: &[PathBuf], config: &Config) -> Result<FeedbackRun, PipelineError> {
    let checked = check_paths(paths, config)?;
    if checked.reports.len() != 1 {
        return Err(PipelineError::NotOneReturn(checked.reports.len()));
    }
    let report = checked.reports[0].clone();
    let tables = match (report.errors(), checked.returns.first()) {
        (0, Some(r)) => {
            let facts = score(std::slice::from_ref(r), config);
            let tables = aggregate(&facts, config, r.about.quarter)?;
            let valued = value(&tables, &facts, config)?;
            Some((tables, valued))
        }
        _ => None,
    };
    Ok(FeedbackRun { report, tables })
}
