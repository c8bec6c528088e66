use anyhow::{Context, Result};
use needle::config::Config;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Where to write the blank return.
    #[arg(
        long,
        value_name = "FILE",
        default_value = "needle-return-template.xlsx"
    )]
    out: PathBuf,
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let bytes = needle::template::xlsx(config).context("building the template")?;
    needle::output::write_file(&a.out, &bytes)
        .with_context(|| format!("writing {}", a.out.display()))?;
    println!("wrote the blank return to {}", a.out.display());
    Ok(0)
}
