use anyhow::{Context, Result};
use needle::config::Config;
use needle::core::Quarter;
use needle::core::escape::path_component;
use needle::output::write;
use needle::runs::{DEFAULT_OUT, DEFAULT_RETURNS, Progress, ReportRequest, run_report};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Return files or folders of returns (default: fixtures/returns).
    paths: Vec<PathBuf>,
    /// Output folder (default: reports/<quarter>, e.g. reports/2026-27-Q2).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Report quarter, e.g. "2026/27 Q2" (default: the latest found).
    #[arg(long)]
    quarter: Option<Quarter>,
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
}

impl Args {
    /// The report's own configuration files: --tariff and --menu.
    pub(super) fn config_files(&self) -> (Option<&Path>, Option<&Path>) {
        (self.tariff.as_deref(), self.menu.as_deref())
    }
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_RETURNS)]
    } else {
        a.paths.clone()
    };
    let req = ReportRequest {
        paths,
        quarter: a.quarter,
        suppress: !a.no_suppression,
    };
    let bar = super::progress::Bar::new();
    let run = run_report(&req, config, &bar)?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT).join(path_component(&run.quarter.slug())));
    bar.stage("writing");
    write(&out, &run.artefacts)
        .with_context(|| format!("writing the report to {}", out.display()))?;
    drop(bar);
    let errors: usize = run.checked.reports.iter().map(|r| r.errors()).sum();
    println!(
        "{}: {} return(s) used from {} file(s) read; {} issue(s) with errors listed in validation.json",
        run.quarter,
        run.used(),
        run.checked.reports.len(),
        errors
    );
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
