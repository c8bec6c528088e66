use anyhow::{Context, Result};
use needle::config::Config;
use needle::render::console::{return_text, validation_text};
use needle::runs::{check_paths, run_feedback};
use std::path::{Path, PathBuf};

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
    /// Also write a one-page feedback page (HTML) for the return: what to
    /// fix and, when it has no errors, its figures. Takes one return.
    #[arg(long, value_name = "FILE")]
    html: Option<PathBuf>,
    /// With --html: a report folder (from `needle report`) whose tables give
    /// the programme's figures to compare with.
    #[arg(long, value_name = "DIR", requires = "html")]
    programme: Option<PathBuf>,
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    if let Some(out) = &a.html {
        return feedback(a, out, config);
    }
    let checked = check_paths(&a.files, config)?;
    match a.format {
        OutputFormat::Text => print!("{}", validation_text(&checked.reports)),
        OutputFormat::Json => println!("{}", needle::render::json::validation(&checked.reports)?),
    }
    let errors: usize = checked.reports.iter().map(|r| r.errors()).sum();
    Ok(if errors > 0 { 1 } else { 0 })
}

fn feedback(a: &Args, out: &Path, config: &Config) -> Result<i32> {
    let run = run_feedback(&a.files, config, a.programme.as_deref())?;
    needle::output::write_file(out, run.page.as_bytes())
        .with_context(|| format!("writing {}", out.display()))?;
    print!("{}", return_text(&run.report));
    println!("wrote the feedback page to {}", out.display());
    Ok(if run.report.errors() > 0 { 1 } else { 0 })
}
