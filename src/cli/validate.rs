use anyhow::{Context, Result};
use needle::config::Config;
use needle::pipeline::{check_paths, run_feedback};
use needle::publish::console::{return_text, validation_text};
use needle::publish::feedback::{self, FeedbackInput, Programme, ProjectFigures};
use needle::publish::tables;
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
        OutputFormat::Json => println!("{}", needle::publish::validation_json(&checked.reports)?),
    }
    let errors: usize = checked.reports.iter().map(|r| r.errors()).sum();
    Ok(if errors > 0 { 1 } else { 0 })
}

fn feedback(a: &Args, out: &Path, config: &Config) -> Result<i32> {
    let run = run_feedback(&a.files, config)?;
    // A return refused before its quarter was read shows no figures, so
    // there is nothing to compare.
    let programme = match (&a.programme, run.report.quarter) {
        (Some(dir), Some(quarter)) => {
            let read = |rel: &str| {
                let p = dir.join(rel);
                std::fs::read_to_string(&p).with_context(|| {
                    format!(
                        "reading {} (--programme takes a folder written by `needle report`)",
                        p.display()
                    )
                })
            };
            Some(
                Programme::from_csv(
                    &dir.display().to_string(),
                    &read("tables/objectives.csv")?,
                    &read("tables/vfm.csv")?,
                    quarter,
                )
                .with_context(|| format!("{} is not a report folder", dir.display()))?,
            )
        }
        _ => None,
    };
    let tables = run
        .tables
        .as_ref()
        .map(|(t, v)| (tables::objectives(t), tables::measures(t), tables::vfm(v)));
    let html = feedback::render(&FeedbackInput {
        report: &run.report,
        figures: tables.as_ref().map(|(o, m, v)| ProjectFigures {
            objectives: o,
            measures: m,
            vfm: v,
        }),
        programme: programme.as_ref(),
    });
    needle::publish::write_file(out, html.as_bytes())
        .with_context(|| format!("writing {}", out.display()))?;
    print!("{}", return_text(&run.report));
    println!("wrote the feedback page to {}", out.display());
    Ok(if run.report.errors() > 0 { 1 } else { 0 })
}
