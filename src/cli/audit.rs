use anyhow::{Context, Result};
use needle::config::Config;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A report folder (tables/*.csv, and vfm.xlsx when there is one), as
    /// `needle report` wrote it or as it was published.
    dir: PathBuf,
    /// text (default) or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

/// Attacks a published edition on disk as needle attacks its own before
/// writing it: exit 0 when no count can be worked out, 1 when one can.
pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let files = needle::runs::read_edition(&a.dir)
        .with_context(|| format!("reading {}", a.dir.display()))?;
    let audit = needle::audit::audit(&files, config, false).context("auditing")?;
    if a.format == "json" {
        println!(
            "{}",
            serde_json::to_string_pretty(&needle::runs::audit_json(&audit))?
        );
    } else {
        println!(
            "{}: {} hidden counts ({} cells), {} figures worked out again from the published counts",
            a.dir.display(),
            audit.counts,
            audit.count_cells,
            audit.recomputed
        );
        for f in &audit.findings {
            println!("  {}: {}", f.cell, f.why);
        }
        println!(
            "{}",
            if audit.passed() {
                "nothing can be worked out that the edition withholds".to_string()
            } else {
                format!("{} finding(s)", audit.findings.len())
            }
        );
    }
    Ok(if audit.passed() { 0 } else { 1 })
}
