//! `needle demo`: a new user's first command. Writes synthetic returns
//! (the same as fixtures/returns) into a folder it names and runs the
//! published report on them, so the first thing they see is a real report
//! and where it is.

use anyhow::{Context, Result};
use needle::config::Config;
use needle::core::Quarter;
use needle::output::write;
use needle::runs::{Progress, ReportRequest, run_report};
use needle::synth::{Spec, synth};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Folder to write the demo into: its returns in DIR/returns, the
    /// report in DIR/report.
    #[arg(long, value_name = "DIR", default_value = "needle-demo")]
    out: PathBuf,
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let returns = a.out.join("returns");
    // fixtures/returns: `needle synth --projects 15 --quarters 2 --seed 2026`.
    let spec = Spec {
        projects: 15,
        quarters: 2,
        first: Quarter::new(2026, 1).expect("2026/27 Q1 is a quarter"),
        seed: 2026,
        people: (6, 28),
        continuing: false,
    };
    let written = synth(&spec, &returns)
        .with_context(|| format!("writing synthetic returns to {}", returns.display()))?;
    // No store and no person key: the demo leaves nothing behind but its
    // folder.
    let req = ReportRequest {
        paths: vec![returns.clone()],
        period: None,
        suppress: true,
        store: PathBuf::new(),
        reuse: false,
        dataset: false,
    };
    let bar = super::progress::Bar::new();
    let run = run_report(&req, config, &bar)?;
    let out = a.out.join("report");
    bar.stage("writing");
    write(&out, &run.artefacts)
        .with_context(|| format!("writing the report to {}", out.display()))?;
    drop(bar);
    println!(
        "wrote {} synthetic return(s) of {} made-up projects to {}",
        written.len(),
        spec.projects,
        returns.display()
    );
    println!(
        "wrote the published report for {} to {}: open {} in a browser",
        run.period,
        out.display(),
        out.join("report.html").display()
    );
    println!(
        "next: `needle template` writes the blank return for projects; `needle validate FILE` checks one; `needle report FOLDER` runs yours"
    );
    Ok(0)
}
