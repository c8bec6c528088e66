//! The pipeline: the stages wired one way. File reading happens in ingest
//! and file writing in the caller, via [`crate::publish::write`].

use crate::aggregate::{AggregateError, aggregate, data_quality};
use crate::config::Config;
use crate::contract::{Checked, Status, check_one, settle};
use crate::core::Quarter;
use crate::ingest::{DiscoverError, discover, ingest_then};
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
    #[error("no usable return matches {what}; {found}")]
    NothingSelected { what: String, found: String },
    #[error("--from {from} is after --to {to}")]
    BackwardsSpan { from: Quarter, to: Quarter },
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

/// Where a long run has got to, for a progress bar. The library never
/// draws one itself: the command line decides whether the terminal wants it.
pub trait Progress: Sync {
    /// `total` returns are about to be read.
    fn reading(&self, _total: u64) {}
    /// One more return has been read and checked (called from any thread).
    fn read_one(&self) {}
    /// A later stage has started, e.g. "scoring".
    fn stage(&self, _name: &str) {}
}

/// No progress shown.
impl Progress for () {}

/// Reads and checks every return under `paths` (in parallel).
pub fn check_paths(paths: &[PathBuf], config: &Config) -> Result<Checked, DiscoverError> {
    check_paths_with(paths, config, &())
}

/// [`check_paths`], telling `progress` as each return is done. Each file is
/// checked on the thread that read it, straight after reading, so its raw
/// cells are dropped at once and checking runs in parallel too.
pub fn check_paths_with(
    paths: &[PathBuf],
    config: &Config,
    progress: &dyn Progress,
) -> Result<Checked, DiscoverError> {
    let sources = discover(paths)?;
    progress.reading(sources.len() as u64);
    let checked = ingest_then(sources, &config.limits, |i| {
        let c = check_one(i, config);
        progress.read_one();
        c
    });
    Ok(settle(checked))
}

/// Runs the whole pipeline for one report quarter, telling `progress`
/// (`&()` for none) where it has got to; writes nothing.
pub fn run_report(
    req: &ReportRequest,
    config: &Config,
    progress: &dyn Progress,
) -> Result<ReportRun, PipelineError> {
    let mut checked = check_paths_with(&req.paths, config, progress)?;
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
    progress.stage("scoring");
    // The typed returns are not needed past scoring: each is freed as it is
    // scored (a national run holds millions of rows).
    let facts = score(std::mem::take(&mut checked.returns), config);
    progress.stage("aggregating");
    let tables = aggregate(&facts, config, quarter)?;
    progress.stage("valuing");
    let valued = value(&tables, &facts, config)?;
    let quality = data_quality(&checked.reports, &facts.projects, &config.expected, quarter);
    progress.stage("publishing");
    let artefacts = publish::publish(
        &Inputs {
            config,
            facts: &facts,
            returns: &checked.reports,
            quality: &quality,
            tables: &tables,
            valued: &valued,
            inputs: &checked.inputs,
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
    let tables = match (report.errors(), checked.returns.into_iter().next()) {
        (0, Some(r)) => {
            let quarter = r.about.quarter;
            let facts = score(vec![r], config);
            let tables = aggregate(&facts, config, quarter)?;
            let valued = value(&tables, &facts, config)?;
            Some((tables, valued))
        }
        _ => None,
    };
    Ok(FeedbackRun { report, tables })
}

/// A `needle pack` run: which returns, and which part of them.
#[derive(Debug, Clone, Default)]
pub struct PackRequest {
    pub paths: Vec<PathBuf>,
    pub objective: Option<u8>,
    pub selection: crate::aggregate::Selection,
}

/// What a pack run produced.
#[derive(Debug)]
pub struct PackRun {
    pub title: String,
    pub scope: String,
    /// A file-name-safe name for the pack's folder.
    pub slug: String,
    pub artefacts: Vec<Artefact>,
    pub stories: usize,
}

/// Runs the pipeline for an evidence pack, telling `progress` (`&()` for
/// none) where it has got to; writes nothing.
pub fn run_pack(
    req: &PackRequest,
    config: &Config,
    progress: &dyn Progress,
) -> Result<PackRun, PipelineError> {
    use crate::aggregate::{pool, select};
    use crate::publish::pack::{PackInput, PackProject};
    let s = &req.selection;
    if let (Some(from), Some(to)) = (s.from, s.to)
        && from > to
    {
        return Err(PipelineError::BackwardsSpan { from, to });
    }
    let checked = check_paths_with(&req.paths, config, progress)?;
    progress.stage("scoring");
    let facts = score(checked.returns, config);
    let chosen = select(&facts, s);
    let found = |what: &str, values: std::collections::BTreeSet<String>| {
        let v: Vec<String> = values.into_iter().collect();
        if v.is_empty() {
            format!("no {what} found")
        } else {
            format!("{what} found: {}", v.join(", "))
        }
    };
    let Some(last) = chosen.projects.iter().map(|p| p.quarter).max() else {
        let mut what = Vec::new();
        let mut seen = Vec::new();
        if let Some(a) = &s.area {
            what.push(format!("area '{a}'"));
            seen.push(found(
                "areas",
                facts.projects.iter().map(|p| p.area.clone()).collect(),
            ));
        }
        if let Some(a) = &s.activity_type {
            what.push(format!("activity type '{a}'"));
            seen.push(found(
                "activity types",
                facts
                    .activities
                    .iter()
                    .map(|a| a.activity_type.clone())
                    .collect(),
            ));
        }
        if let Some(t) = &s.org_type {
            what.push(format!("organisation type '{t}'"));
            seen.push(found(
                "organisation types",
                facts
                    .projects
                    .iter()
                    .map(|p| p.organisation_type.clone())
                    .collect(),
            ));
        }
        if s.from.is_some() || s.to.is_some() {
            what.push("the quarters asked for".to_string());
        }
        seen.push(found(
            "quarters",
            facts
                .projects
                .iter()
                .map(|p| p.quarter.to_string())
                .collect(),
        ));
        return Err(PipelineError::NothingSelected {
            what: if what.is_empty() {
                "the paths given".to_string()
            } else {
                what.join(" and ")
            },
            found: seen.join("; "),
        });
    };
    let first = chosen
        .projects
        .iter()
        .map(|p| p.quarter)
        .min()
        .unwrap_or(last);

    // The period pooled into one, plus the quarter-by-quarter trend.
    let mut tables = aggregate(&pool(&chosen, last), config, last)?;
    tables.trends = aggregate(&chosen, config, last)?.trends;
    let mut stories = chosen.stories.clone();
    if let Some(k) = req.objective {
        tables.objectives.retain(|r| r.objective == k);
        tables.trends.retain(|r| r.objective == k);
        tables.measures_pooled.retain(|m| {
            config
                .measure_by_id(&m.measure)
                .is_some_and(|c| c.objectives.contains(&k))
        });
        stories.retain(|st| st.objectives.contains(&k));
    }
    stories.sort_by(|a, b| {
        (a.quarter, &a.project_id, &a.story_id).cmp(&(b.quarter, &b.project_id, &b.story_id))
    });

    let mut projects: Vec<PackProject> = Vec::new();
    let mut latest = chosen.projects.clone();
    latest.sort_by(|a, b| (&a.project_id, b.quarter).cmp(&(&b.project_id, a.quarter)));
    for p in latest {
        if projects.last().is_none_or(|x| x.project_id != p.project_id) {
            projects.push(PackProject {
                project_id: p.project_id,
                name: p.project_name,
                area: p.area,
            });
        }
    }

    let span = if first == last {
        first.to_string()
    } else {
        format!("{first} to {last}")
    };
    let mut parts: Vec<String> = Vec::new();
    let mut slug: Vec<String> = vec!["pack".into()];
    if let Some(k) = req.objective {
        let name = config
            .objective(k)
            .map_or(String::new(), |o| o.name.clone());
        parts.push(format!("objective {k} ({name})"));
        slug.push(format!("objective-{k}"));
    }
    // Areas and activity types as the returns spell them.
    if let Some(p) = projects.first().filter(|_| s.area.is_some()) {
        parts.push(p.area.clone());
        slug.push(p.area.clone());
    }
    if let Some(t) = &s.activity_type {
        let spelt = chosen
            .activities
            .first()
            .map_or(t.clone(), |a| a.activity_type.clone());
        parts.push(spelt.clone());
        slug.push(spelt);
    }
    if let Some(t) = &s.org_type {
        parts.push(format!("{t} projects"));
        slug.push(t.replace(" / ", "-"));
    }
    if s.area.is_none() {
        parts.push("all areas".into());
    }
    parts.push(span.clone());
    slug.push(first.slug());
    if first != last {
        slug.push("to".into());
        slug.push(last.slug());
    }
    let scope = parts.join(", ");
    let title = format!("Evidence pack: {scope}");
    let filters = serde_json::json!({
        "objective": req.objective,
        "area": s.area,
        "activity_type": s.activity_type,
        "org_type": s.org_type,
        "from": s.from.map(|q| q.to_string()),
        "to": s.to.map(|q| q.to_string()),
    });
    let returns = chosen.projects.len();
    progress.stage("publishing");
    let artefacts = crate::publish::pack::publish(&PackInput {
        config,
        title: title.clone(),
        scope: scope.clone(),
        period: span.clone(),
        tables: &tables,
        stories: &stories,
        projects: &projects,
        inputs: &checked.inputs,
        returns,
        filters,
    })?;
    Ok(PackRun {
        title,
        scope,
        slug: slug.join("-").replace(' ', "-"),
        artefacts,
        stories: stories.len(),
    })
}
