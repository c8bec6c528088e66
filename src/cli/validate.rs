use anyhow::Result;
use needle::config::Config;
use needle::pipeline::check_paths;
use needle::publish::console::validation_text;
use std::path::PathBuf;

#[derive(Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    /// Grouped by file and sheet, for people.
    Text,
    /// The same structure as validation.json, for programs.
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// Return files, CSV-folder returns, or folders of returns to check.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let checked = check_paths(&a.files, config)?;
    match a.format {
        OutputFormat::Text => print!("{}", validation_text(&checked.reports)),
        OutputFormat::Json => println!("{}", needle::publish::validation_json(&checked.reports)?),
    }
    let errors: usize = checked.reports.iter().map(|r| r.errors()).sum();
    Ok(if errors > 0 { 1 } else { 0 })
}
