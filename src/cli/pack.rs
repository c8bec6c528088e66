use anyhow::{Context, Result};
use needle::aggregate::Selection;
use needle::config::Config;
use needle::core::Quarter;
use needle::core::escape::path_component;
use needle::output::write;
use needle::runs::{DEFAULT_OUT, DEFAULT_RETURNS, PackRequest, run_pack};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Return files or folders of returns (default: fixtures/returns).
    paths: Vec<PathBuf>,
    /// Only this objective (1–6): its figures, measures and stories.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=6))]
    objective: Option<u8>,
    /// Only projects in this area (as written on their About sheet).
    #[arg(long)]
    area: Option<String>,
    /// Only this activity type, e.g. "peer support".
    #[arg(long)]
    activity_type: Option<String>,
    /// Only projects run by this type of organisation: charity, social
    /// enterprise / CIC, user-led organisation, peer-support group,
    /// community group, NHS, local authority or other.
    #[arg(long, value_name = "TYPE", value_parser = org_type)]
    org_type: Option<String>,
    /// A financial year, e.g. "2026/27": shorthand for --from its Q1
    /// --to its Q4.
    #[arg(long, value_parser = super::report::year, conflicts_with_all = ["from", "to"])]
    year: Option<needle::core::Period>,
    /// First quarter, e.g. "2026/27 Q1" (default: the earliest found).
    #[arg(long)]
    from: Option<Quarter>,
    /// Last quarter (default: the latest found).
    #[arg(long)]
    to: Option<Quarter>,
    /// Output folder (default: reports/pack-…, named after the options).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(a: &Args, config: &Config) -> Result<i32> {
    let paths = if a.paths.is_empty() {
        vec![PathBuf::from(DEFAULT_RETURNS)]
    } else {
        a.paths.clone()
    };
    let req = PackRequest {
        paths,
        objective: a.objective,
        selection: Selection {
            from: a.year.map(|y| y.from).or(a.from),
            to: a.year.map(|y| y.to).or(a.to),
            area: a.area.clone(),
            activity_type: a.activity_type.clone(),
            org_type: a.org_type.clone(),
        },
    };
    let run = run_pack(&req, config, &super::progress::Bar::new())?;
    let out = a
        .out
        .clone()
        .unwrap_or_else(|| PathBuf::from(DEFAULT_OUT).join(path_component(&run.scope.slug)));
    write(&out, &run.artefacts)
        .with_context(|| format!("writing the pack to {}", out.display()))?;
    println!("{}", run.scope.title);
    println!(
        "wrote {} files to {} ({} stories with consent to publish; small numbers suppressed)",
        run.artefacts.len(),
        out.display(),
        run.stories
    );
    Ok(0)
}

/// `--org-type`, read as an About sheet's Organisation type is.
fn org_type(s: &str) -> Result<String, String> {
    needle::contract::organisation_type(s)
        .map(str::to_string)
        .map_err(|p| format!("{} {}", p.message, p.hint))
}
