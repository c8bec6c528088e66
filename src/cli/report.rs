use anyhow::{Context, Result};
use needle::config::Config;
use needle::core::escape::path_component;
use needle::core::{Period, Quarter};
use needle::output::{write, write_dataset};
use needle::runs::{DEFAULT_OUT, DEFAULT_RETURNS, Progress, ReportRequest, run_report};
use needle::store::DEFAULT_STORE;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Return files or folders of returns (default: fixtures/returns).
    paths: Vec<PathBuf>,
    /// Output folder (default: reports/<period>, e.g. reports/2026-27-Q2,
    /// reports/2026-27 for a year, reports/2026-27-Q1_2026-27-Q3).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    period: PeriodArgs,
    /// Write exact figures, without disclosure control: internal use only.
    #[arg(long)]
    no_suppression: bool,
    /// A payment-by-results tariff to test (TOML: £ per outcome type, with
    /// optional caps; see docs/methods.md): adds tables/pbr.csv.
    #[arg(long, value_name = "FILE")]
    tariff: Option<PathBuf>,
    /// Suppliers' menu of prices (CSV, xlsx or ods: Supplier, Activity,
    /// Unit, Price) to compare with what was paid: adds
    /// tables/menu_prices.csv.
    #[arg(long, value_name = "FILE")]
    menu: Option<PathBuf>,
    /// Where checked returns are kept, so that a rerun reads only new or
    /// changed files (default: reports/store). The person key behind the
    /// dataset's pseudonyms is kept there too.
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    /// Read and check every return afresh, and keep no return in the
    /// store (with --dataset, the person key is still kept there).
    #[arg(long)]
    no_store: bool,
    /// Also write the facts of the returns used as a Parquet dataset
    /// partitioned by quarter (DIR/quarter=2026-27-Q2/data.parquet) for
    /// DuckDB, polars, Spark or Databricks: see docs/dataset.md.
    #[arg(long, value_name = "DIR")]
    dataset: Option<PathBuf>,
}

impl Args {
    /// The report's own configuration files: --tariff and --menu.
    pub(super) fn config_files(&self) -> (Option<&Path>, Option<&Path>) {
        (self.tariff.as_deref(), self.menu.as_deref())
    }
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let paths = if a.paths.is_empty() {
        if !Path::new(DEFAULT_RETURNS).exists() {
            anyhow::bail!(
                "no returns were named, and there is no {DEFAULT_RETURNS} here (the synthetic returns in needle's source folder). Name yours: `needle report FOLDER` or `needle report FILE...`. To see a report made from synthetic returns first, run `needle demo`."
            );
        }
        vec![PathBuf::from(DEFAULT_RETURNS)]
    } else {
        a.paths.clone()
    };
    let period = a.period.period()?;
    let req = ReportRequest {
        paths,
        period,
        suppress: !a.no_suppression,
        store: a
            .store
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_STORE)),
        reuse: !a.no_store,
        dataset: a.dataset.is_some(),
    };
    let bar = super::progress::Bar::new();
    let run = run_report(&req, config, &bar)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT).join(path_component(&run.period.slug())));
    bar.stage("writing");
    write(&out, &run.artefacts)
        .with_context(|| format!("writing the report to {}", out.display()))?;
    if let Some(dir) = &a.dataset {
        write_dataset(dir, &run.dataset)
            .with_context(|| format!("writing the dataset to {}", dir.display()))?;
    }
    drop(bar);
    let errors: usize = run.checked.reports.iter().map(|r| r.errors()).sum();
    println!(
        "{}: {} return(s) used from {} file(s) read; {} issue(s) with errors listed in validation.json",
        run.period,
        run.used(),
        run.checked.reports.len(),
        errors
    );
    if let Some(s) = run.store {
        println!(
            "store {}: {} return(s) reused, {} read and kept, {} entr{} whose file has gone or changed deleted, {} kept for files not read this run",
            req.store.display(),
            s.reused,
            s.checked,
            s.deleted,
            if s.deleted == 1 { "y" } else { "ies" },
            s.kept
        );
        println!(
            "store {}: bootstrap intervals of {} project(s) reused, {} drawn and kept, {} deleted with their returns",
            req.store.display(),
            s.partials_reused,
            s.partials_made,
            s.partials_deleted
        );
    }
    if let Some(dir) = &a.dataset {
        println!(
            "wrote the dataset ({} quarter(s)) to {}",
            run.dataset.len(),
            dir.display()
        );
    }
    println!(
        "wrote {} files to {}{}",
        run.artefacts.len(),
        out.display(),
        if req.suppress {
            ""
        } else {
            " (exact figures: NOT for publication)"
        }
    );
    Ok(0)
}

/// `--year`, as a financial year: "2026/27".
pub(super) fn year(s: &str) -> Result<Period, String> {
    Period::parse_year(s)
        .ok_or_else(|| format!("'{s}' is not a financial year; write it like \"2026/27\""))
}

/// The period of a report or a menu page: a quarter, a financial year or
/// a run of quarters (default: the latest quarter with a return).
#[derive(clap::Args)]
pub struct PeriodArgs {
    /// A quarter, e.g. "2026/27 Q2" (default: the latest found).
    #[arg(long, conflicts_with_all = ["year", "from", "to"])]
    quarter: Option<Quarter>,
    /// A financial year, April to March, e.g. "2026/27": each person
    /// counted once, compared with the year before when the paths hold it.
    #[arg(long, value_parser = year, conflicts_with_all = ["from", "to"])]
    year: Option<Period>,
    /// A run of quarters from this one, e.g. "2026/27 Q1" (with --to).
    #[arg(long, requires = "to")]
    from: Option<Quarter>,
    /// The last quarter of the run (with --from).
    #[arg(long, requires = "from")]
    to: Option<Quarter>,
}

impl PeriodArgs {
    /// The period asked for, if any.
    pub fn period(&self) -> Result<Option<Period>> {
        Ok(match (self.quarter, self.year, self.from, self.to) {
            (Some(q), ..) => Some(Period::quarter(q)),
            (_, Some(y), ..) => Some(y),
            (_, _, Some(from), Some(to)) => Some(Period::new(from, to).ok_or_else(|| {
                anyhow::anyhow!(
                    "--from {from} comes after --to {to}: give the earlier quarter first"
                )
            })?),
            _ => None,
        })
    }
}
