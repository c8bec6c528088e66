use anyhow::{Context, Result};
use needle::config::Config;
use needle::core::Quarter;
use needle::core::escape::path_component;
use needle::pipeline::{DEFAULT_OUT, DEFAULT_RETURNS, Progress, ReportRequest, run_report};
use needle::publish::write;
use std::path::PathBuf;

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

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let mut config = config.clone();
    if let Some(t) = &a.tariff {
        config
            .add_tariff(t)
            .context("the --tariff file is invalid")?;
    }
    if let Some(m) = &a.menu {
        add_menu(&mut config, m)?;
    }
    let config = &config;
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

/// Reads `--menu FILE` into the configuration. A menu with errors is
/// refused whole, every problem listed with its cell and fix; warnings are
/// printed and the run goes on.
fn add_menu(config: &mut Config, path: &std::path::Path) -> Result<()> {
    let name = path.display().to_string();
    let (wb, sha) = needle::ingest::read_table_file(path, &config.limits).map_err(|e| {
        let why = match e {
            needle::ingest::IngestError::WrongType(kind) => {
                format!("it is {kind}. Save the menu as a .csv, .xlsx or .ods file")
            }
            other => other.to_string(),
        };
        anyhow::anyhow!("the --menu file {name} could not be read: {why}")
    })?;
    let show = |i: &needle::core::Issue| {
        let mut at = name.clone();
        if !i.sheet.is_empty() {
            at.push_str(&format!(", sheet {}", i.sheet));
        }
        if !i.cell.is_empty() {
            at.push_str(&format!(", cell {}", i.cell));
        }
        format!("{at}: {} {}", i.message, i.hint)
    };
    match needle::contract::menu(&wb, &name) {
        Ok((items, warnings)) => {
            for w in &warnings {
                eprintln!("needle: warning: {}", show(w));
            }
            config.add_menu(needle::config::Menu { file: name, items }, sha);
            Ok(())
        }
        Err(issues) => {
            let list: Vec<String> = issues.iter().filter(|i| i.is_error()).map(show).collect();
            anyhow::bail!(
                "the --menu file has {} problem(s); nothing was written:\n  {}",
                list.len(),
                list.join("\n  ")
            )
        }
    }
}
