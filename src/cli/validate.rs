use anyhow::Result;
use needle::config::Config;
use needle::pipeline::check_paths;
use needle::publish::console::validation_text;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Return files or CSV-folder returns to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let checked = check_paths(&a.files, config)?;
    print!("{}", validation_text(&checked.reports));
    let errors: usize = checked.reports.iter().map(|r| r.errors()).sum();
    let warnings: usize = checked.reports.iter().map(|r| r.warnings()).sum();
    println!(
        "{} file(s) checked: {errors} error(s), {warnings} warning(s)",
        checked.reports.len()
    );
    Ok(if errors > 0 { 1 } else { 0 })
}
