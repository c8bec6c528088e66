use anyhow::{Context, Result};
use needle::config::Config;
use needle::core::escape::path_component;
use needle::output::write;
use needle::runs::{DEFAULT_OUT, DEFAULT_RETURNS, MenuRequest, run_menu};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Return files or folders of returns (default: fixtures/returns).
    paths: Vec<PathBuf>,
    /// The suppliers' menu (CSV, xlsx or ods: Supplier, Activity, Unit,
    /// Price, and optionally Activity type, Objectives, Description, Web
    /// page). `needle template --menu` writes a blank one.
    #[arg(long, value_name = "FILE", required = true)]
    pub(super) menu: Option<PathBuf>,
    #[command(flatten)]
    period: super::report::PeriodArgs,
    /// Output folder (default: reports/menu-<period>).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_RETURNS)]
    } else {
        a.paths.clone()
    };
    let period = a.period.period()?;
    let req = MenuRequest { paths, period };
    let run = run_menu(&req, config, &super::progress::Bar::new())?;
    let out = a.out.clone().unwrap_or_else(|| {
        PathBuf::from(DEFAULT_OUT).join(path_component(&format!("menu-{}", run.period.slug())))
    });
    write(&out, &run.artefacts)
        .with_context(|| format!("writing the menu page to {}", out.display()))?;
    println!(
        "The suppliers' menu with its record, {}: {} offers, {} bought in the period",
        run.period, run.offers, run.bought
    );
    println!(
        "wrote {} files to {} (menu.html; small numbers suppressed)",
        run.artefacts.len(),
        out.display()
    );
    Ok(0)
}
