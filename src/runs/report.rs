//! `needle report`: a quarter's (or a year's, or any run of quarters')
//! returns to its published files — every
//! declared table as CSV, vfm.xlsx, the record-level facts (exact edition
//! only), validation.json, the charts, report.html and manifest.json.

use super::{Progress, RunError, check_and_score, publish};
use crate::aggregate::{data_quality, over_merged};
use crate::config::Config;
use crate::contract::{Checked, ForQuarter, Status};
use crate::core::{Period, Quarter};
use crate::disclose::{Published, tables};
use crate::output::Artefact;
use crate::pages::{self, charts};
use crate::render;
use crate::score::{Facts, ScoredReturn, assemble, score};
use crate::store::{Store, StoreSummary, person_key};
use crate::value::{Partials, value};
use std::path::PathBuf;

/// A `needle report` run.
#[derive(Debug, Clone)]
pub struct ReportRequest {
    pub paths: Vec<PathBuf>,
    /// The quarter, year or run of quarters to report (default: the
    /// latest quarter with a return).
    pub period: Option<Period>,
    pub suppress: bool,
    /// The store folder (docs/architecture.md): checked returns are kept
    /// there and reused when `reuse` is set; the person key behind the
    /// dataset's pseudonyms lives there either way.
    pub store: PathBuf,
    /// Take returns from the store and keep them there (off with
    /// `--no-store`).
    pub reuse: bool,
    /// Make the dataset (`--dataset DIR`, docs/dataset.md).
    pub dataset: bool,
}

/// What a report run produced.
#[derive(Debug)]
pub struct ReportRun {
    pub period: Period,
    /// The sources read, with the returns used, scored (emptied once
    /// their facts are put together).
    pub checked: Checked<ScoredReturn>,
    pub artefacts: Vec<Artefact>,
    /// The dataset's files, `quarter=…/data.parquet` (with `dataset` only).
    pub dataset: Vec<Artefact>,
    /// What the store did (with `reuse` only).
    pub store: Option<StoreSummary>,
}

impl ReportRun {
    /// Returns used for the report's period (a year's project-quarters).
    pub fn used(&self) -> usize {
        self.checked
            .reports
            .iter()
            .filter(|r| r.quarter.is_some_and(|q| self.period.contains(q)))
            .filter(|r| matches!(r.status, Status::Accepted | Status::AcceptedWithErrors))
            .count()
    }
}

/// How manifest.json names the published (suppressed) edition.
pub(super) const SUPPRESSED: &str =
    "suppressed: small numbers withheld, counts rounded (config/disclosure.toml)";

/// The report's period: the one asked for, when a usable return falls in
/// it, else the latest quarter with a usable return.
pub(super) fn report_period<T: ForQuarter>(
    req: &ReportRequest,
    checked: &Checked<T>,
) -> Result<Period, RunError> {
    let quarters: std::collections::BTreeSet<Quarter> = checked
        .returns
        .iter()
        .map(|r| r.project_quarter().1)
        .collect();
    match req.period {
        Some(p) if quarters.iter().any(|q| p.contains(*q)) => Ok(p),
        Some(asked) => {
            let found: Vec<String> = quarters.iter().map(|q| q.to_string()).collect();
            let found = if found.is_empty() {
                "none".to_string()
            } else {
                found.join(", ")
            };
            Err(RunError::QuarterNotFound { asked, found })
        }
        None => quarters
            .last()
            .copied()
            .map(Period::quarter)
            .ok_or_else(|| {
                let paths: Vec<String> =
                    req.paths.iter().map(|p| p.display().to_string()).collect();
                RunError::NoReturns(paths.join(", "))
            }),
    }
}

/// The record-level facts of every quarter up to the report's end, as
/// Parquet (internal edition only: docs/methods.md): each quarter's rows
/// as its return gave them, for a year too.
fn record_level(facts: &crate::score::Facts, period: Period) -> Result<Vec<u8>, RunError> {
    let rows: Vec<_> = facts
        .outcomes
        .iter()
        .filter(|o| o.quarter <= period.to)
        .collect();
    // Built and written a row group at a time (render::parquet::in_groups).
    render::parquet::in_groups(rows.len(), |range| {
        Ok::<_, RunError>(tables::facts().build(&rows[range])?)
    })
}

/// The dataset (docs/dataset.md): every used return's facts, one Parquet
/// file per quarter under `quarter=<slug>/`, as Hive partitioning names
/// them.
fn dataset(facts: &Facts) -> Result<Vec<Artefact>, RunError> {
    tables::DatasetRow::by_quarter(facts)
        .into_iter()
        .map(|(q, rows)| {
            let rows: Vec<&tables::DatasetRow> = rows.iter().collect();
            let bytes = render::parquet::in_groups(rows.len(), |range| {
                Ok::<_, RunError>(tables::dataset().build(&rows[range])?)
            })?;
            Ok(Artefact::new(
                format!("quarter={}/data.parquet", q.slug()),
                bytes,
            ))
        })
        .collect()
}

/// What the stages after scoring make of a period: its value for money,
/// its data quality, and every table of its report, exact.
pub struct Stages {
    pub valued: crate::value::Valued,
    pub quality: crate::aggregate::DataQuality,
    pub exact: Vec<crate::disclose::Table>,
    /// What the published edition's rules use besides the tables.
    pub consts: crate::disclose::Consts,
}

/// Aggregates, values and declares the report tables of `period`. A
/// period longer than a quarter is valued over its people, each counted
/// once (`crate::score::period`).
pub fn stages(
    facts: &Facts,
    reports: &[crate::contract::ReturnReport],
    config: &Config,
    period: Period,
    progress: &dyn Progress,
    kept: &dyn Partials,
) -> Result<Stages, RunError> {
    progress.stage("aggregating");
    let merged;
    let of_period = if period.single().is_some() {
        facts
    } else {
        merged = crate::score::period(facts, period, config);
        &merged
    };
    let t = if period.single().is_some() {
        crate::aggregate::aggregate(facts, config, period.to)?
    } else {
        over_merged(facts, of_period, config, period)?
    };
    progress.stage("valuing");
    let mut valued = value(&t, of_period, config, kept)?;
    if let Some(menu) = &config.menu {
        valued.offers = crate::value::offers(facts, of_period, period, menu, config);
        valued.trade = crate::value::trade(facts, period);
    }
    let mut quality = data_quality(reports, &facts.projects, &config.expected, period);
    if period.single().is_none() {
        let mut counted = crate::aggregate::ParticipantsCounted::default();
        for p in &of_period.projects {
            let named = (p.project_id.to_string(), p.project_name.to_string());
            match of_period
                .participants_once
                .contains_key(p.project_id.as_str())
            {
                true => counted.once.push(named),
                false => counted.summed.push(named),
            }
        }
        quality.participants = Some(counted);
    }
    let sources = tables::Sources {
        config,
        tables: &t,
        valued: &valued,
        quality: &quality,
    };
    let exact = tables::report(&sources)?;
    let consts = tables::consts(config, &valued);
    Ok(Stages {
        valued,
        quality,
        exact,
        consts,
    })
}

/// The exact tables of the latest quarter of the returns under `paths`,
/// with the constants the published edition's rules use (for tests and
/// tools that check the published edition against them).
pub fn exact_tables(
    paths: &[PathBuf],
    config: &Config,
) -> Result<(Vec<crate::disclose::Table>, crate::disclose::Consts), RunError> {
    let checked = super::check_paths(paths, config)?;
    let req = ReportRequest {
        paths: paths.to_vec(),
        period: None,
        suppress: false,
        store: PathBuf::new(),
        reuse: false,
        dataset: false,
    };
    let period = report_period(&req, &checked)?;
    let facts = score(checked.returns, config);
    let s = stages(&facts, &checked.reports, config, period, &(), &())?;
    Ok((s.exact, s.consts))
}

/// For a period longer than a quarter, what a reader holds besides its
/// edition: the published edition of each of its quarters with returns,
/// made as that quarter's own report makes it (tables only: the workbook
/// holds no more), and the candidates its audit left each count.
pub(super) fn quarters_published(
    facts: &Facts,
    reports: &[crate::contract::ReturnReport],
    config: &Config,
    period: Period,
    kept: &dyn Partials,
) -> Result<Option<crate::audit::Known>, RunError> {
    if period.single().is_some() {
        return Ok(None);
    }
    let found: std::collections::BTreeSet<Quarter> = facts
        .projects
        .iter()
        .map(|p| p.quarter)
        .filter(|q| period.contains(*q))
        .collect();
    let labels: Vec<String> = period.quarters().iter().map(|q| q.to_string()).collect();
    let mut known = crate::audit::Known::new(&period.to_string(), &labels);
    let symbol = &config.disclosure.symbol;
    for q in period.quarters() {
        if !found.contains(&q) {
            known.none(&q.to_string());
            continue;
        }
        let s = stages(facts, reports, config, Period::quarter(q), &(), kept)?;
        let a = publish(&s.exact, config, &s.consts, None, |_| Ok(None))?;
        let files = super::publish::files(&a.published, symbol, None)?;
        known.add(&q.to_string(), &files, &a.audit, symbol)?;
    }
    Ok(Some(known))
}

/// A period's projects whose participants count each person once: a
/// reader of the edition knows them from the report, and so does the
/// audit of it with its quarters (`needle audit --with`), which reads
/// them from manifest.json.
pub(super) fn with_counted_once(
    mut about: serde_json::Value,
    quality: &crate::aggregate::DataQuality,
) -> serde_json::Value {
    if let Some(c) = &quality.participants {
        about["participants_counted_once"] = c
            .once
            .iter()
            .map(|(id, _)| id.clone())
            .collect::<Vec<_>>()
            .into();
    }
    about
}

/// The audit's knowledge of a period's quarters (None for a quarter),
/// told which projects count participants once.
pub(super) fn known_quarters(
    facts: &Facts,
    reports: &[crate::contract::ReturnReport],
    config: &Config,
    period: Period,
    quality: &crate::aggregate::DataQuality,
    kept: &dyn Partials,
) -> Result<Option<crate::audit::Known>, RunError> {
    Ok(
        quarters_published(facts, reports, config, period, kept)?.map(|mut k| {
            if let Some(c) = &quality.participants {
                k.counted_once(c.once.iter().map(|(id, _)| id.clone()));
            }
            k
        }),
    )
}

/// Runs the whole pipeline for one report period, telling `progress`
/// (`&()` for none) where it has got to; writes nothing.
pub fn run_report(
    req: &ReportRequest,
    config: &Config,
    progress: &dyn Progress,
) -> Result<ReportRun, RunError> {
    // Nothing is made (no store, no person key, no folder) before a return
    // is found.
    if super::discover(&req.paths)?.is_empty() {
        let paths: Vec<String> = req.paths.iter().map(|p| p.display().to_string()).collect();
        return Err(RunError::NoReturnFiles(paths.join(", ")));
    }
    // The person key is read (or made) only when something keeps
    // pseudonyms: the store or the dataset. Otherwise a key made for this
    // run alone will do, since person numbers do not depend on it.
    let key = if req.reuse || req.dataset {
        person_key(&req.store)?
    } else {
        crate::store::run_key()?
    };
    let store = req
        .reuse
        .then(|| Store::open(&req.store, config))
        .transpose()?;
    let mut checked = check_and_score(&req.paths, config, progress, &key, store.as_ref())?;
    let swept = store.as_ref().map(Store::finish).transpose()?;
    // Each project's bootstrap intervals are kept in the store too; it is
    // swept once the run has asked for every one it needs.
    let kept: &dyn Partials = match &store {
        Some(s) => s,
        None => &(),
    };
    let period = report_period(req, &checked)?;
    // Each return was scored as it was checked, and its typed rows freed
    // there (a national run holds millions of rows); now the people are
    // given the run's numbers and the facts put in one list.
    progress.stage("scoring");
    let facts = assemble(std::mem::take(&mut checked.returns));
    let dataset = if req.dataset {
        progress.stage("writing the dataset");
        dataset(&facts)?
    } else {
        Vec::new()
    };
    let Stages {
        valued,
        quality,
        exact,
        consts,
    } = stages(&facts, &checked.reports, config, period, progress, kept)?;
    progress.stage("publishing");
    let workbook_of = |published: &Published| -> Result<Vec<u8>, RunError> {
        let report = pages::report::Report {
            config,
            quarter: period,
            published,
            quality: &quality,
            price_year: &valued.price_year,
        };
        Ok(render::xlsx::workbook(&pages::workbook::vfm(&report))?)
    };
    // The published edition is attacked before it is written.
    let (published, audit_json, audited_workbook) = if req.suppress {
        progress.stage("auditing the published edition");
        let known = known_quarters(&facts, &checked.reports, config, period, &quality, kept)?;
        let a = publish(&exact, config, &consts, known.as_ref(), |p| {
            workbook_of(p).map(Some)
        })?;
        let json = super::publish::report_json(&a, config.disclosure.min_candidates);
        (a.published, Some(json), a.workbook)
    } else {
        (Published::exact(exact), None, None)
    };
    let report = pages::report::Report {
        config,
        quarter: period,
        published: &published,
        quality: &quality,
        price_year: &valued.price_year,
    };
    let charts = charts::report(&published, config, period, valued.wellby_values.1);
    let symbol = config.disclosure.symbol.as_str();
    // The slow writers (the workbook, the parquet facts, each chart as SVG
    // and PNG) run in parallel; the artefacts are then listed in one fixed
    // order, so the output is the same on any number of threads.
    let (workbook, (facts_parquet, rendered)) = rayon::join(
        // The published edition's workbook is the one the audit read.
        || match audited_workbook {
            Some(bytes) => Ok(bytes),
            None => workbook_of(&published),
        },
        || {
            rayon::join(
                // Record-level data: internal edition only (docs/methods.md).
                || (!req.suppress).then(|| record_level(&facts, period)),
                || charts::render(charts),
            )
        },
    );
    let mut out = Vec::new();
    for t in published.iter().filter(|t| t.written) {
        out.push(Artefact::new(
            format!("tables/{}.csv", t.name),
            render::csv::table(t, symbol)?,
        ));
    }
    out.push(Artefact::new("vfm.xlsx", workbook?));
    if let Some(a) = &audit_json {
        let mut bytes = serde_json::to_vec_pretty(a)?;
        bytes.push(b'\n');
        out.push(Artefact::new("disclosure_audit.json", bytes));
    }
    if let Some(bytes) = facts_parquet {
        out.push(Artefact::new("tables/facts.parquet", bytes?));
    }
    let mut json = render::json::validation(&checked.reports)?.into_bytes();
    json.push(b'\n');
    out.push(Artefact::new("validation.json", json));
    let rendered = charts::artefacts(rendered?, &mut out);
    out.push(Artefact::new(
        "report.html",
        pages::report::render(&report, &rendered),
    ));
    let about = serde_json::json!({
        "needle_version": env!("CARGO_PKG_VERSION"),
        "quarter": period.to_string(),
        "disclosure": if req.suppress { SUPPRESSED } else { "exact: --no-suppression, internal use only, not for publication" },
        "price_year": valued.price_year,
    });
    let about = with_counted_once(about, &quality);
    let manifest = render::json::manifest(about, &checked.inputs, &config.files, &out)?;
    out.push(Artefact::new("manifest.json", manifest));
    let store = match (store, swept) {
        (Some(s), Some(summary)) => Some(s.finish_partials(summary)?),
        _ => None,
    };
    Ok(ReportRun {
        period,
        checked,
        artefacts: out,
        dataset,
        store,
    })
}
