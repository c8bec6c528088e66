//! tables/objectives.csv: one row per area × objective, plus All areas.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::frames::{self, Result, count_true, f64s, i32s, qkey, strs, u64s};
use crate::config::Config;
use crate::contract::Quarter;
use crate::score::Facts;

/// The area name of the programme-wide rows.
pub const ALL_AREAS: &str = "All areas";

#[derive(Debug, Clone, PartialEq)]
pub struct ObjectiveRow {
    pub quarter: Quarter,
    pub area: String,
    pub objective: u8,
    pub objective_name: String,
    /// Distinct people with a paired measure mapped to the objective.
    pub n_people: u64,
    /// Those with a meaningful improvement on at least one of them.
    pub n_improved: u64,
    pub rate_improved: Option<f64>,
    /// Sum of the Counts indicators mapped to the objective.
    pub count_outcomes: f64,
}

/// (n_people, n_improved) per (area, objective), from person × objective facts.
fn people_by(df: &DataFrame, by_area: bool) -> Result<BTreeMap<(String, i32), (u64, u64)>> {
    let person_keys: Vec<Expr> = if by_area {
        vec![col("area"), col("objective"), col("person")]
    } else {
        vec![col("objective"), col("person")]
    };
    let group_keys: Vec<Expr> = if by_area {
        vec![col("area"), col("objective")]
    } else {
        vec![col("objective")]
    };
    // A person counts once per objective however many measures they have.
    let out = df
        .clone()
        .lazy()
        .group_by_stable(person_keys)
        .agg([col("meaningful").any(true).alias("m")])
        .group_by_stable(group_keys)
        .agg([
            len().cast(DataType::UInt64).alias("n_people"),
            count_true("m").alias("n_improved"),
        ])
        .collect()?;
    let area = if by_area {
        strs(&out, "area")?
    } else {
        vec![super::ALL_AREAS.to_string(); out.height()]
    };
    let obj = i32s(&out, "objective")?;
    let n = u64s(&out, "n_people")?;
    let imp = u64s(&out, "n_improved")?;
    Ok((0..out.height())
        .map(|i| ((area[i].clone(), obj[i]), (n[i], imp[i])))
        .collect())
}

fn counts_by(df: &DataFrame, by_area: bool) -> Result<BTreeMap<(String, i32), f64>> {
    let keys: Vec<Expr> = if by_area {
        vec![col("area"), col("objective")]
    } else {
        vec![col("objective")]
    };
    let out = df
        .clone()
        .lazy()
        .group_by_stable(keys)
        .agg([col("contribution").sum().alias("total")])
        .collect()?;
    let area = if by_area {
        strs(&out, "area")?
    } else {
        vec![super::ALL_AREAS.to_string(); out.height()]
    };
    let obj = i32s(&out, "objective")?;
    let total = f64s(&out, "total")?;
    Ok((0..out.height())
        .map(|i| ((area[i].clone(), obj[i]), total[i].unwrap_or(0.0)))
        .collect())
}

pub(super) fn table(facts: &Facts, config: &Config, quarter: Quarter) -> Result<Vec<ObjectiveRow>> {
    let outcomes: Vec<_> = facts
        .outcomes
        .iter()
        .filter(|o| o.quarter == quarter)
        .collect();
    let po = frames::person_objectives(&outcomes)?;
    let counts: Vec<_> = facts
        .counts
        .iter()
        .filter(|c| c.quarter == quarter)
        .collect();
    let cf = frames::counts(&counts)?;
    debug_assert!(cf.height() == 0 || i32s(&cf, "quarter")?.iter().all(|&q| q == qkey(quarter)));

    let mut people = people_by(&po, true)?;
    people.extend(people_by(&po, false)?);
    let mut outcome_counts = counts_by(&cf, true)?;
    outcome_counts.extend(counts_by(&cf, false)?);

    let mut areas: Vec<String> = facts
        .projects
        .iter()
        .filter(|p| p.quarter == quarter)
        .map(|p| p.area.clone())
        .collect();
    areas.push(ALL_AREAS.to_string());
    areas.sort();
    areas.dedup();

    let mut rows = Vec::new();
    for area in &areas {
        for o in &config.objectives {
            let key = (area.clone(), o.id as i32);
            let (n_people, n_improved) = people.get(&key).copied().unwrap_or((0, 0));
            rows.push(ObjectiveRow {
                quarter,
                area: area.clone(),
                objective: o.id,
                objective_name: o.name.clone(),
                n_people,
                n_improved,
                rate_improved: (n_people > 0).then(|| n_improved as f64 / n_people as f64),
                count_outcomes: outcome_counts.get(&key).copied().unwrap_or(0.0),
            });
        }
    }
    Ok(rows)
}
