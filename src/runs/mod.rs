//! Runs: the stages wired one way, once for each thing needle makes — a
//! quarter's report, an evidence pack, a project's feedback page, the
//! browser checker — and the
//! configuration they run with, loaded in one place. A run reads files
//! through ingest and returns its outputs in memory; only the caller writes
//! them, through [`crate::output`].

#[cfg(feature = "report")]
mod checker;
mod config;
#[cfg(feature = "report")]
mod feedback;
#[cfg(feature = "report")]
mod menu;
#[cfg(feature = "report")]
mod pack;
#[cfg(feature = "report")]
mod publish;
#[cfg(feature = "report")]
mod report;

#[cfg(feature = "report")]
pub use checker::{CheckerError, checker_page, wasm_module};
pub use config::{ConfigFiles, LoadError, Loaded, load_config};
#[cfg(feature = "report")]
pub use feedback::{FeedbackRun, ProgrammeReadError, run_feedback};
#[cfg(feature = "report")]
pub use menu::{MenuRequest, MenuRun, run_menu};
#[cfg(feature = "report")]
pub use pack::{PackRequest, PackRun, run_pack};
#[cfg(feature = "report")]
pub use publish::{Audited, Pass, audit_json, files as audit_files, publish, read_edition};
#[cfg(feature = "report")]
pub use report::{ReportRequest, ReportRun, Stages, exact_tables, run_report, stages};

use crate::config::Config;
use crate::contract::{Checked, CheckedSource, ForQuarter, check_one, settle};
use crate::ingest::{self, DiscoverError, discover, load, parse};
use std::path::PathBuf;

/// Where returns are read from when no path is given.
pub const DEFAULT_RETURNS: &str = "fixtures/returns";
/// Where reports are written when no --out is given.
pub const DEFAULT_OUT: &str = "reports";

/// Where a long run has got to, for a progress bar. The library never
/// draws one itself: the command line decides whether the terminal wants it.
pub trait Progress: Sync {
    /// `total` returns are about to be read.
    fn reading(&self, _total: u64) {}
    /// One more return has been read and checked (called from any thread).
    fn read_one(&self) {}
    /// One more return was taken from the store, not read again (called
    /// from any thread).
    fn reused_one(&self) {}
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
    check_each(paths, config, progress, |loaded| {
        let c = check_one(parse(loaded, &config.limits), config);
        progress.read_one();
        c
    })
}

/// Finds the sources under `paths` and turns each, once its bytes are
/// loaded, into a checked source with `each` (in parallel: a national run
/// holds one raw workbook per thread, not all of them), then settles them.
fn check_each<T: ForQuarter + Send>(
    paths: &[PathBuf],
    config: &Config,
    progress: &dyn Progress,
    each: impl Fn(ingest::Loaded) -> CheckedSource<T> + Sync,
) -> Result<Checked<T>, DiscoverError> {
    use rayon::prelude::*;
    let sources = discover(paths)?;
    progress.reading(sources.len() as u64);
    let checked: Vec<CheckedSource<T>> = sources
        .into_par_iter()
        .map(|source| each(load(source, &config.limits)))
        .collect();
    Ok(settle(checked))
}

/// Reads and checks every return under `paths` as [`check_paths_with`]
/// does, pseudonymising each return's participant references with `key` as
/// soon as it is checked.
#[cfg(feature = "report")]
pub fn check_and_keep(
    paths: &[PathBuf],
    config: &Config,
    progress: &dyn Progress,
    key: &crate::core::PersonKey,
) -> Result<Checked, DiscoverError> {
    check_each(paths, config, progress, |loaded| {
        let c = check_pseudonymised(loaded, config, key);
        progress.read_one();
        c
    })
}

/// One loaded source parsed and checked, its participant references
/// replaced by their keyed pseudonyms at once.
#[cfg(feature = "report")]
fn check_pseudonymised(
    loaded: ingest::Loaded,
    config: &Config,
    key: &crate::core::PersonKey,
) -> CheckedSource {
    let mut c = check_one(parse(loaded, &config.limits), config);
    if let Some(r) = &mut c.ret {
        r.pseudonymise(key);
    }
    c
}

/// [`check_and_keep`], each return scored as soon as it is checked, on the
/// same thread: the typed return is dropped there, so a national run never
/// holds every typed return at once. Given a store, each return whose very
/// bytes it has checked before (with this config and this needle) is taken
/// from it already scored, neither read nor scored again, and each one read
/// is kept there scored. Each source's files are read and fingerprinted
/// first; only a source the store does not have is parsed and checked.
#[cfg(feature = "report")]
pub fn check_and_score(
    paths: &[PathBuf],
    config: &Config,
    progress: &dyn Progress,
    key: &crate::core::PersonKey,
    store: Option<&crate::store::Store>,
) -> Result<Checked<crate::score::ScoredReturn>, DiscoverError> {
    check_each(paths, config, progress, |loaded| {
        let id = store.and_then(|s| s.key(&loaded).map(|k| (s, k)));
        if let Some((s, k)) = &id
            && let Some(found) = s.get(k, &loaded.source)
        {
            progress.reused_one();
            return found;
        }
        let source = id.is_some().then(|| loaded.source.clone());
        let kept = id.as_ref().map(|(_, k)| k.as_str());
        let c = check_pseudonymised(loaded, config, key)
            .map(|r| crate::score::score_kept(&r, config, kept));
        match (&id, store, &source) {
            (Some((s, k)), _, Some(source)) => s.put(k, &c, source),
            (_, Some(s), _) => s.not_kept(),
            _ => {}
        }
        progress.read_one();
        c
    })
}

/// Why a run could not finish.
#[cfg(feature = "report")]
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Discover(#[from] DiscoverError),
    #[error("no usable return was found in {0}; run `needle validate` on the files to see why")]
    NoReturns(String),
    #[error(
        "no return was found in {0}: needle reads .xlsx, .xlsm, .xls, .xlsb and .ods workbooks, and folders holding one return's CSV files (About.csv, Activities.csv, ...). To see a report made from synthetic returns, run `needle demo`"
    )]
    NoReturnFiles(String),
    #[error("no usable return is for {asked}; quarters found: {found}")]
    QuarterNotFound {
        asked: crate::core::Period,
        found: String,
    },
    #[error("aggregation failed: {0}")]
    Aggregate(#[from] crate::aggregate::AggregateError),
    #[error(transparent)]
    Value(#[from] crate::value::ValueError),
    #[error(transparent)]
    NothingSelected(#[from] crate::aggregate::NothingSelected),
    #[error("--from {from} is after --to {to}")]
    BackwardsSpan {
        from: crate::core::Quarter,
        to: crate::core::Quarter,
    },
    #[error(
        "the feedback page is for one return, but {0} file(s) or CSV folder(s) were given; give one"
    )]
    NotOneReturn(usize),
    #[error(transparent)]
    Programme(#[from] ProgrammeReadError),
    /// The audit still finds a disclosed count that withholding more
    /// cannot mend: a bug, and the edition is not written.
    #[error(
        "the published edition could not be made safe, so nothing was written: {0}. Run with --no-suppression for the internal edition, and report this as a bug"
    )]
    Unsafe(String),
    #[error("the audit could not read the edition: {0}")]
    Audit(#[from] crate::audit::AuditError),
    /// A table declaration needle cannot use: a bug, never bad input.
    #[error("internal error: {0}")]
    Declaration(#[from] crate::disclose::DeclarationError),
    #[error(transparent)]
    Chart(#[from] crate::chart::ChartError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not write vfm.xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("could not write Parquet: {0}")]
    Parquet(#[from] polars::prelude::PolarsError),
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// `needle menu` without a menu.
    #[error(
        "needle menu needs the suppliers' menu: add --menu FILE (a CSV or workbook of Supplier, Activity, Unit, Price; `needle template --menu` writes a blank one)"
    )]
    NoMenu,
}
