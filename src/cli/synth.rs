use anyhow::{Context, Result};
use needle::contract::Quarter;
use needle::synth::{Spec, synth};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Number of projects.
    #[arg(long, default_value_t = 15)]
    projects: usize,
    /// Number of consecutive quarters.
    #[arg(long, default_value_t = 2)]
    quarters: usize,
    /// Random seed: the same seed always writes the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// First quarter, e.g. "2026/27 Q1".
    #[arg(long, default_value = "2026/27 Q1")]
    first: Quarter,
    /// Output folder; one subfolder per quarter is written inside it.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn run(a: &Args) -> Result<i32> {
    let spec = Spec {
        projects: a.projects,
        quarters: a.quarters,
        first: a.first,
        seed: a.seed,
    };
    let written = synth(&spec, &a.out)
        .with_context(|| format!("writing synthetic returns to {}", a.out.display()))?;
    println!(
        "wrote {} synthetic return(s) to {}",
        written.len(),
        a.out.display()
    );
    Ok(0)
}
