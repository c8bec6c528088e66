//! `needle pack`: the returns an advocate chose, pooled over their span,
//! to a publishable evidence pack — pack.html, its charts, CSVs of exactly
//! the figures it shows, and manifest.json. Always disclosed.

use super::report::SUPPRESSED;
use super::{Progress, RunError, check_and_score};
use crate::aggregate::{Selection, latest_projects, period, select, stories};
use crate::config::Config;
use crate::disclose::tables;
use crate::output::Artefact;
use crate::pages::charts;
use crate::pages::pack::{Pack, Scope, render};
use crate::render;
use crate::score::assemble;
use std::path::PathBuf;

/// A `needle pack` run: which returns, and which part of them.
#[derive(Debug, Clone, Default)]
pub struct PackRequest {
    pub paths: Vec<PathBuf>,
    pub objective: Option<u8>,
    pub selection: Selection,
}

/// What a pack run produced.
#[derive(Debug)]
pub struct PackRun {
    pub scope: Scope,
    pub artefacts: Vec<Artefact>,
    pub stories: usize,
}

/// Runs the pipeline for an evidence pack, telling `progress` (`&()` for
/// none) where it has got to; writes nothing.
pub fn run_pack(
    req: &PackRequest,
    config: &Config,
    progress: &dyn Progress,
) -> Result<PackRun, RunError> {
    let s = &req.selection;
    if let (Some(from), Some(to)) = (s.from, s.to)
        && from > to
    {
        return Err(RunError::BackwardsSpan { from, to });
    }
    // A pack keeps no pseudonyms: a key for this run alone will do.
    let key = crate::store::run_key()?;
    let checked = check_and_score(&req.paths, config, progress, &key, None)?;
    progress.stage("scoring");
    let facts = assemble(checked.returns);
    let chosen = select(&facts, s);
    let quarters = chosen.projects.iter().map(|p| p.quarter);
    let (Some(first), Some(last)) = (quarters.clone().min(), quarters.max()) else {
        return Err(s.nothing_matched(&facts).into());
    };
    // The earliest and latest quarters found: `first <= last`.
    let span = crate::core::Period {
        from: first,
        to: last,
    };
    let t = period(&chosen, config, span, req.objective)?;
    let stories = stories(&chosen, req.objective);
    let projects = latest_projects(&chosen);
    let scope = Scope::new(
        config,
        (req.objective, s),
        &chosen,
        &projects,
        (first, last),
    );
    progress.stage("publishing");
    // Attacked before it is written, as a report's published edition is.
    let audited = super::publish(
        &tables::pack(&t, &scope.period)?,
        config,
        &crate::disclose::Consts::none(),
        None,
        |_| Ok(None),
    )?;
    let published = audited.published;
    let symbol = config.disclosure.symbol.as_str();
    let mut out = Vec::new();
    for t in published.iter().filter(|t| t.written) {
        out.push(Artefact::new(
            format!("tables/{}.csv", t.name),
            render::csv::table(t, symbol)?,
        ));
    }
    let drawn = charts::pack(&published, config, t.quarter, &scope.scope);
    let rendered = charts::artefacts(charts::render(drawn)?, &mut out);
    let page = Pack {
        config,
        scope: &scope,
        published: &published,
        stories: &stories,
        projects: &projects,
        returns: chosen.projects.len(),
    };
    out.push(Artefact::new("pack.html", render(&page, &rendered)));
    let about = serde_json::json!({
        "needle_version": env!("CARGO_PKG_VERSION"),
        "pack": scope.title,
        "scope": scope.scope,
        "options": {
            "objective": req.objective,
            "area": s.area,
            "activity_type": s.activity_type,
            "org_type": s.org_type,
            "from": s.from.map(|q| q.to_string()),
            "to": s.to.map(|q| q.to_string()),
        },
        "disclosure": SUPPRESSED,
        "stories": stories.len(),
    });
    let manifest = render::json::manifest(about, &checked.inputs, &config.files, &out)?;
    out.push(Artefact::new("manifest.json", manifest));
    Ok(PackRun {
        scope,
        artefacts: out,
        stories: stories.len(),
    })
}
