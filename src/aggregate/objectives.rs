//! tables/objectives.csv: one row per area × objective, plus All areas.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::frames::{self, QuarterFrames, Result, f64s, i32s, qkey, strs};
use super::partial::Scope;
use crate::config::Config;
use crate::core::Quarter;
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
    /// Distinct people with a reliable deterioration on a measure mapped to
    /// the objective; for the harm objective (5), on any measure. Not a
    /// column of objectives.csv; published in trends and activity types.
    pub n_deteriorated: u64,
}

/// One group × objective: tables/activity_types.csv (activity types) and
/// tables/org_type_objectives.csv (organisation types).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupObjectiveRow {
    pub quarter: Quarter,
    /// Activity type or organisation type.
    pub group: String,
    pub objective: u8,
    pub objective_name: String,
    pub n_people: u64,
    pub n_improved: u64,
    pub rate_improved: Option<f64>,
    pub n_deteriorated: u64,
    pub count_outcomes: f64,
}

/// Reliable deterioration on any measure is reported under this objective
/// ("Fewer people will suffer avoidable harm") as well as under the
/// measure's own objectives.
pub const HARM_OBJECTIVE: u8 = 5;

fn counts_by(df: &DataFrame, group: Option<&str>) -> Result<BTreeMap<(String, i32), f64>> {
    let mut keys = vec![col("objective")];
    if let Some(g) = group {
        keys.insert(0, col(g));
    }
    let out = df
        .clone()
        .lazy()
        .group_by_stable(keys)
        .agg([col("contribution").sum().alias("total")])
        .collect()?;
    let labels = match group {
        Some(g) => strs(&out, g)?,
        None => vec![ALL_AREAS.to_string(); out.height()],
    };
    let obj = i32s(&out, "objective")?;
    let total = f64s(&out, "total")?;
    Ok((0..out.height())
        .map(|i| ((labels[i].clone(), obj[i]), total[i].unwrap_or(0.0)))
        .collect())
}

/// Everything per (group label, objective) for one quarter.
struct Grid {
    people: BTreeMap<(String, i32), (u64, u64)>,
    /// People deteriorated, per (group, objective).
    harm: BTreeMap<(String, i32), u64>,
    counts: BTreeMap<(String, i32), f64>,
}

fn grid(fr: &QuarterFrames, groups: &[Option<&str>]) -> Result<Grid> {
    let cf = &fr.counts;
    debug_assert!(cf.height() == 0 || i32s(cf, "quarter")?.iter().all(|&q| q == qkey(fr.quarter)));
    let mut g = Grid {
        people: BTreeMap::new(),
        harm: BTreeMap::new(),
        counts: BTreeMap::new(),
    };
    for &group in groups {
        // The unit each project's scope counts under in this grouping.
        let counted = fr.partials.by(|project, scope| match (group, scope) {
            (None, Scope::Project) => Some(ALL_AREAS.to_string()),
            (Some("area"), Scope::Area(a)) => Some(a.to_string()),
            (Some("activity_type"), Scope::ActivityType(t)) => Some(t.to_string()),
            (Some("project_id"), Scope::Project) => Some(project.to_string()),
            (Some("organisation_type"), Scope::Project) => Some(fr.org_type(project).to_string()),
            _ => None,
        });
        for (label, c) in counted {
            for k in 1..8u8 {
                let i = usize::from(k);
                let key = (label.clone(), i32::from(k));
                // A (group, objective) with nobody mapped to it has no row,
                // as a group-by over the people mapped to it gave none.
                if c.mapped[i] > 0 {
                    g.people.insert(key.clone(), (c.mapped[i], c.improved[i]));
                }
                g.harm.insert(key, c.deteriorated[i]);
            }
        }
        g.counts.extend(counts_by(cf, group)?);
    }
    Ok(g)
}

impl Grid {
    /// (n_people, n_improved, rate, n_deteriorated, count_outcomes).
    fn get(&self, label: &str, objective: u8) -> (u64, u64, Option<f64>, u64, f64) {
        let key = (label.to_string(), objective as i32);
        let (n, imp) = self.people.get(&key).copied().unwrap_or((0, 0));
        let det = self.harm.get(&key).copied().unwrap_or(0);
        let rate = (n > 0).then(|| imp as f64 / n as f64);
        (
            n,
            imp,
            rate,
            det,
            self.counts.get(&key).copied().unwrap_or(0.0),
        )
    }
}

/// Areas × objectives for one quarter, plus All areas (listed first, then
/// areas alphabetically; every objective in every area, zeros included).
pub(super) fn table(
    facts: &Facts,
    config: &Config,
    fr: &QuarterFrames,
) -> Result<Vec<ObjectiveRow>> {
    let quarter = fr.quarter;
    let g = grid(fr, &[Some("area"), None])?;
    let mut areas: Vec<String> = facts
        .projects
        .iter()
        .filter(|p| p.quarter == quarter)
        .map(|p| p.area.to_string())
        .collect();
    areas.push(ALL_AREAS.to_string());
    areas.sort();
    areas.dedup();
    let mut rows = Vec::new();
    for area in &areas {
        for o in &config.objectives {
            let (n_people, n_improved, rate_improved, n_deteriorated, count_outcomes) =
                g.get(area, o.id);
            rows.push(ObjectiveRow {
                quarter,
                area: area.clone(),
                objective: o.id,
                objective_name: o.name.clone(),
                n_people,
                n_improved,
                rate_improved,
                count_outcomes,
                n_deteriorated,
            });
        }
    }
    Ok(rows)
}

/// Every group × objective, zeros included, from the `column` of the
/// frames; `total`, when given, adds the All-areas figures under that
/// label (for groups that split people, so they add up to it).
fn by_group(
    config: &Config,
    fr: &QuarterFrames,
    column: &str,
    mut groups: Vec<String>,
    total: Option<&str>,
) -> Result<Vec<GroupObjectiveRow>> {
    let g = if total.is_some() {
        grid(fr, &[Some(column), None])?
    } else {
        grid(fr, &[Some(column)])?
    };
    groups.sort();
    groups.dedup();
    let mut rows = Vec::new();
    let labels = groups
        .iter()
        .map(|x| (x.as_str(), x.as_str()))
        .chain(total.map(|t| (t, ALL_AREAS)));
    for (shown, key) in labels {
        for o in &config.objectives {
            let (n_people, n_improved, rate_improved, n_deteriorated, count_outcomes) =
                g.get(key, o.id);
            rows.push(GroupObjectiveRow {
                quarter: fr.quarter,
                group: shown.to_string(),
                objective: o.id,
                objective_name: o.name.clone(),
                n_people,
                n_improved,
                rate_improved,
                n_deteriorated,
                count_outcomes,
            });
        }
    }
    Ok(rows)
}

/// Activity types × objectives for one quarter, for the types delivered
/// that quarter (and Counts rows that name no activity). A person can be in
/// two types, so types do not add up and have no total.
pub(super) fn activity_types(
    facts: &Facts,
    config: &Config,
    fr: &QuarterFrames,
) -> Result<Vec<GroupObjectiveRow>> {
    let mut types: Vec<String> = facts
        .activities
        .iter()
        .filter(|a| a.quarter == fr.quarter)
        .map(|a| a.activity_type.to_string())
        .collect();
    // Counts rows that name no activity have a type of their own.
    if fr.counts.height() > 0
        && strs(&fr.counts, "activity_type")?
            .iter()
            .any(|t| t == frames::NOT_GIVEN)
    {
        types.push(frames::NOT_GIVEN.to_string());
    }
    by_group(config, fr, "activity_type", types, None)
}

/// Organisation types × objectives for one quarter, then every type
/// (`total`): each project has one type, so the types add up to it.
pub(super) fn org_types(
    facts: &Facts,
    config: &Config,
    fr: &QuarterFrames,
    total: &str,
) -> Result<Vec<GroupObjectiveRow>> {
    let types: Vec<String> = facts
        .projects
        .iter()
        .filter(|p| p.quarter == fr.quarter)
        .map(|p| p.organisation_type.to_string())
        .collect();
    by_group(config, fr, "organisation_type", types, Some(total))
}

/// One project's people and improvements on one objective (funnel plots).
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectObjectiveRow {
    pub quarter: Quarter,
    pub project_id: String,
    pub objective: u8,
    pub n_people: u64,
    pub n_improved: u64,
    /// n_improved ÷ n_people (never empty: rows exist only with people).
    pub rate_improved: f64,
}

/// Projects × objectives for one quarter (only where the project has people).
pub(super) fn by_project(fr: &QuarterFrames) -> Result<Vec<ProjectObjectiveRow>> {
    let quarter = fr.quarter;
    let g = grid(fr, &[Some("project_id")])?;
    Ok(g.people
        .iter()
        .map(|((project, obj), &(n, k))| ProjectObjectiveRow {
            quarter,
            project_id: project.clone(),
            objective: *obj as u8,
            n_people: n,
            n_improved: k,
            rate_improved: k as f64 / n as f64,
        })
        .collect())
}
