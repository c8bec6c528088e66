use anyhow::{Context, Result};
use needle::core::Quarter;
use needle::synth::{Spec, synth};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Number of projects.
    #[arg(long, default_value_t = 15)]
    projects: usize,
    /// Number of consecutive quarters.
    #[arg(long, default_value_t = 2, conflicts_with = "year")]
    quarters: usize,
    /// A financial year's four quarters, e.g. "2026/27", in which people
    /// carry on from one quarter to the next (a baseline in one quarter, a
    /// follow-up in a later one; some stop), the last project joins in Q3
    /// and the fourth misses Q2: fixtures/year is made so.
    #[arg(long, value_parser = super::report::year, conflicts_with = "first")]
    year: Option<needle::core::Period>,
    /// Random seed: the same seed always writes the same files.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// First quarter, e.g. "2026/27 Q1".
    #[arg(long, default_value = "2026/27 Q1")]
    first: Quarter,
    /// People per project per quarter, as MIN-MAX (each project draws its
    /// size once). The default is the size of fixtures/returns; bench/run.sh
    /// uses 40-130 for about 200 outcome rows a return.
    #[arg(long, default_value = "6-28", value_parser = parse_people)]
    people: (usize, usize),
    /// Output folder; one subfolder per quarter is written inside it.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn run(a: &Args) -> Result<i32> {
    let spec = Spec {
        projects: a.projects,
        quarters: a.year.map_or(a.quarters, |y| y.quarters().len()),
        first: a.year.map_or(a.first, |y| y.from),
        seed: a.seed,
        people: a.people,
        continuing: a.year.is_some(),
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

/// Parses `MIN-MAX` people per project: 1 ≤ MIN ≤ MAX ≤ 9999.
fn parse_people(s: &str) -> Result<(usize, usize), String> {
    let bad = || format!("'{s}' is not MIN-MAX people per project, e.g. 6-28");
    let (lo, hi) = s.split_once('-').ok_or_else(bad)?;
    let lo: usize = lo.trim().parse().map_err(|_| bad())?;
    let hi: usize = hi.trim().parse().map_err(|_| bad())?;
    if lo == 0 || lo > hi || hi > 9999 {
        return Err(format!(
            "'{s}': people per project must be MIN-MAX with 1 <= MIN <= MAX <= 9999"
        ));
    }
    Ok((lo, hi))
}

#[cfg(test)]
mod tests {
    use super::parse_people;

    #[test]
    fn people_range() {
        assert_eq!(parse_people("6-28"), Ok((6, 28)));
        assert_eq!(parse_people("40 - 130"), Ok((40, 130)));
        assert!(parse_people("30-10").unwrap_err().contains("MIN <= MAX"));
        assert!(parse_people("0-5").is_err());
        assert!(parse_people("many").unwrap_err().contains("e.g. 6-28"));
    }
}
