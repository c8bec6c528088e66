use anyhow::{Context, Result};
use needle::config::Config;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// A report folder (tables/*.csv, and vfm.xlsx when there is one), as
    /// `needle report` wrote it or as it was published.
    dir: PathBuf,
    /// The published edition of one of the period's quarters, which a
    /// reader has too (repeat for each): a year's edition is then attacked
    /// with its quarters' in hand (docs/methods.md, "Disclosure control").
    #[arg(long = "with", value_name = "QUARTER_DIR")]
    with: Vec<PathBuf>,
    /// text (default) or json.
    #[arg(long, default_value = "text", value_parser = ["text", "json"])]
    format: String,
}

/// Attacks a published edition on disk as needle attacks its own before
/// writing it: exit 0 when no count can be worked out, 1 when one can.
pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let files = needle::runs::read_edition(&a.dir)
        .with_context(|| format!("reading {}", a.dir.display()))?;
    let audit = if a.with.is_empty() {
        needle::audit::audit(&files, config, false).context("auditing")?
    } else {
        let known = known(&a.dir, &a.with, config)?;
        needle::audit::audit_with(&files, config, &known).context("auditing")?
    };
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

/// What a report folder's manifest.json says it covers ("2026/27",
/// "2026/27 Q2").
fn covers(dir: &std::path::Path) -> Result<String> {
    let path = dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "reading {}: --with takes report folders as needle report wrote them",
            path.display()
        )
    })?;
    let json: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("reading {}", path.display()))?;
    json.get("about")
        .and_then(|a| a.get("quarter"))
        .or_else(|| json.get("quarter"))
        .and_then(|q| q.as_str())
        .map(str::to_string)
        .with_context(|| format!("{} does not say which quarter it covers", path.display()))
}

/// The projects whose participants a period's edition counts each person
/// once, as its manifest.json lists them (none in an older manifest).
fn counted_once(dir: &std::path::Path) -> Result<Vec<String>> {
    let path = dir.join("manifest.json");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path)?)
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(json
        .get("participants_counted_once")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

/// The quarterly editions in `with`, audited each on its own, as a reader
/// of the edition in `dir` holds them.
fn known(dir: &std::path::Path, with: &[PathBuf], config: &Config) -> Result<needle::audit::Known> {
    let label = covers(dir)?;
    let period = period_of(&label).with_context(|| {
        format!(
            "{} covers {label}, not a year or a run of quarters: --with is for a longer period's edition",
            dir.display()
        )
    })?;
    let quarters: Vec<String> = period.quarters().iter().map(|q| q.to_string()).collect();
    let mut known = needle::audit::Known::new(&label, &quarters);
    known.counted_once(counted_once(dir)?);
    for d in with {
        let q = covers(d)?;
        if !quarters.contains(&q) {
            anyhow::bail!(
                "{} covers {q}, which is not a quarter of {label}: give the editions of {}",
                d.display(),
                quarters.join(", ")
            );
        }
        let files =
            needle::runs::read_edition(d).with_context(|| format!("reading {}", d.display()))?;
        let audit = needle::audit::audit(&files, config, false).context("auditing")?;
        known.add(&q, &files, &audit, &config.disclosure.symbol)?;
    }
    Ok(known)
}

/// The period a longer edition's label names: "2026/27", or "2026/27 Q1
/// to 2026/27 Q3".
fn period_of(label: &str) -> Option<needle::core::Period> {
    if let Some((a, b)) = label.split_once(" to ") {
        return needle::core::Period::new(
            needle::core::Quarter::parse(a)?,
            needle::core::Quarter::parse(b)?,
        );
    }
    needle::core::Period::parse_year(label)
}
