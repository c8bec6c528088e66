//! Units of value-for-money analysis: every project, every area, every
//! activity type, every supplier, every organisation type and the
//! programme total, with what was spent and delivered,
//! who had outcomes, the change on each measure and the reductions in
//! before/after Counts. The value stage turns these into VfM tables.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::TOTAL;
use super::frames::{QuarterFrames, Result, f64s, strs};
use super::objectives::ALL_AREAS;
use super::partial::Scope;
use crate::config::{Config, IndicatorKind};
use crate::core::Name;
use crate::score::Facts;

/// The level a unit row summarises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Project,
    Area,
    ActivityType,
    /// The supplier of the activities (Activities' Supplier column).
    Supplier,
    /// The organisation type of the projects (About's Organisation type).
    OrganisationType,
    Total,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Project => "project",
            Level::Area => "area",
            Level::ActivityType => "activity_type",
            Level::Supplier => "supplier",
            Level::OrganisationType => "organisation_type",
            Level::Total => "total",
        }
    }

    /// The fact column that names the unit (None: everything is one unit).
    fn column(self) -> Option<&'static str> {
        match self {
            Level::Project => Some("project_id"),
            Level::Area => Some("area"),
            Level::ActivityType => Some("activity_type"),
            Level::Supplier => Some("supplier"),
            Level::OrganisationType => Some("organisation_type"),
            Level::Total => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitRow {
    pub level: Option<Level>,
    /// Project ID, area name, activity type, supplier, organisation type,
    /// or TOTAL.
    pub key: String,
    pub name: String,
    pub area: String,
    /// Distinct projects in the unit: of the quarter's About sheets for a
    /// project, area, organisation type or the total; with an activity of
    /// the type or supplier for those.
    pub projects: u64,
    pub cost: f64,
    pub in_kind: f64,
    pub sessions: f64,
    pub hours: f64,
    pub participants: f64,
    pub attendances: f64,
    /// Distinct people with at least one paired measure.
    pub n_people_paired: u64,
    /// Distinct people improved on at least one objective, each judged as
    /// [`crate::score::judgements`] says (objective 2 on their clinical
    /// result).
    pub outcomes: u64,
    /// Distinct people judged on a clinical measure (their clinical
    /// result): the denominator of the reliable-change rates.
    pub n_clinical: u64,
    /// Of those, at caseness at the start: the recovery rate's denominator.
    pub n_caseness_baseline: u64,
    /// Distinct people recovered, on their clinical result.
    pub recoveries: u64,
    /// Recovered with a reliable improvement.
    pub reliable_recoveries: u64,
    pub n_reliable_improvement: u64,
    pub n_reliable_deterioration: u64,
    /// Per measure id: (people paired, Σ change in the measure's units).
    pub changes: BTreeMap<String, (u64, f64)>,
    /// Per before/after indicator id: Σ (baseline − numerator).
    pub reductions: BTreeMap<String, f64>,
    /// Per indicator id: Σ numerator (for user proxies valued per unit).
    pub numerators: BTreeMap<String, f64>,
}

fn label(df: &DataFrame, level: Level) -> Result<Vec<String>> {
    match level.column() {
        Some(c) => strs(df, c),
        None => Ok(vec![TOTAL.to_string(); df.height()]),
    }
}

fn keys(level: Level, extra: &[&str]) -> Vec<Expr> {
    level
        .column()
        .into_iter()
        .chain(extra.iter().copied())
        .map(col)
        .collect()
}

fn unit<'a>(units: &'a mut BTreeMap<String, UnitRow>, level: Level, key: &str) -> &'a mut UnitRow {
    units.entry(key.to_string()).or_insert_with(|| UnitRow {
        level: Some(level),
        key: key.to_string(),
        ..UnitRow::default()
    })
}

/// What every level's units are counted from: the quarter's frames (paired
/// outcomes only) and each project's name and area.
struct Sources<'a> {
    facts: &'a Facts,
    config: &'a Config,
    quarter: crate::core::Quarter,
    activities: &'a DataFrame,
    /// The quarter's partial results and each project's organisation type.
    frames: &'a QuarterFrames,
    counts: &'a DataFrame,
    about: BTreeMap<&'a str, (&'a str, &'a str)>,
}

/// The VfM units of the quarter: every project, area, activity type,
/// supplier and organisation type, then the total.
pub(super) fn table(facts: &Facts, config: &Config, fr: &QuarterFrames) -> Result<Vec<UnitRow>> {
    of_levels(
        facts,
        config,
        fr,
        &[
            Level::Project,
            Level::Area,
            Level::ActivityType,
            Level::Supplier,
            Level::OrganisationType,
            Level::Total,
        ],
    )
}

/// The quarter's total unit alone: what the report compares the quarter
/// with, for the quarter before it.
pub(super) fn total(facts: &Facts, config: &Config, fr: &QuarterFrames) -> Result<Option<UnitRow>> {
    Ok(of_levels(facts, config, fr, &[Level::Total])?.pop())
}

/// The units of `levels`, in that order.
fn of_levels(
    facts: &Facts,
    config: &Config,
    fr: &QuarterFrames,
    levels: &[Level],
) -> Result<Vec<UnitRow>> {
    let quarter = fr.quarter;
    let s = Sources {
        facts,
        config,
        quarter,
        activities: &fr.activities,
        frames: fr,
        counts: &fr.counts,
        // Name and area of each project of the quarter, looked up once per unit.
        about: facts
            .projects
            .iter()
            .filter(|p| p.quarter == quarter)
            .map(|p| {
                (
                    p.project_id.as_str(),
                    (p.project_name.as_str(), p.area.as_str()),
                )
            })
            .collect(),
    };
    let mut out = Vec::new();
    for &level in levels {
        let mut units: BTreeMap<String, UnitRow> = BTreeMap::new();
        let members = s.members(level, &mut units)?;
        s.add_activities(level, &mut units)?;
        s.add_people(level, &mut units);
        s.add_changes(level, &mut units);
        s.add_counts(level, &mut units)?;
        for (key, mut u) in units {
            u.projects = members.get(&key).map_or(0, |p| p.len() as u64);
            (u.name, u.area) = s.name_and_area(level, &key);
            out.push(u);
        }
    }
    Ok(out)
}

impl Sources<'_> {
    /// The unit of `level` a project's partial results in `scope` are
    /// added to (None: that scope is not this level's).
    fn key(&self, level: Level, project: Name, scope: Scope) -> Option<String> {
        match (level, scope) {
            (Level::Project, Scope::Project) => Some(project.to_string()),
            (Level::Area, Scope::Area(a)) => Some(a.to_string()),
            (Level::ActivityType, Scope::ActivityType(t)) => Some(t.to_string()),
            (Level::Supplier, Scope::Supplier(s)) => Some(s.to_string()),
            (Level::OrganisationType, Scope::Project) => {
                Some(self.frames.org_type(project).to_string())
            }
            (Level::Total, Scope::Project) => Some(TOTAL.to_string()),
            _ => None,
        }
    }

    /// The projects in each unit of `level`; every unit with a project is
    /// listed, so a project, area or organisation type with no activity
    /// still has its row.
    fn members(
        &self,
        level: Level,
        units: &mut BTreeMap<String, UnitRow>,
    ) -> Result<BTreeMap<String, std::collections::BTreeSet<&str>>> {
        let pairs: Vec<(String, &str)> = match level {
            Level::ActivityType | Level::Supplier => {
                let af = self.activities;
                let (ids, keys) = (strs(af, "project_id")?, label(af, level)?);
                ids.iter()
                    .zip(keys)
                    .filter_map(|(id, key)| Some((key, *self.about.get_key_value(id.as_str())?.0)))
                    .collect()
            }
            _ => self
                .facts
                .projects
                .iter()
                .filter(|p| p.quarter == self.quarter)
                .map(|p| {
                    let key = match level {
                        Level::Project => &p.project_id,
                        Level::Area => &p.area,
                        Level::OrganisationType => &p.organisation_type,
                        _ => TOTAL,
                    };
                    (key.to_string(), p.project_id.as_str())
                })
                .collect(),
        };
        let mut members: BTreeMap<String, std::collections::BTreeSet<&str>> = BTreeMap::new();
        for (key, project) in pairs {
            unit(units, level, &key);
            members.entry(key).or_default().insert(project);
        }
        Ok(members)
    }

    /// Cost, in-kind value, sessions, hours, participants and attendances.
    fn add_activities(&self, level: Level, units: &mut BTreeMap<String, UnitRow>) -> Result<()> {
        let a = self
            .activities
            .clone()
            .lazy()
            .group_by_stable(keys(level, &[]))
            .agg([
                col("cost").sum(),
                col("in_kind").sum(),
                col("sessions").sum(),
                col("hours").sum(),
                col("participants").sum(),
                col("attendances").sum(),
            ])
            .collect()?;
        let names = label(&a, level)?;
        let v = |c: &str| f64s(&a, c);
        let (cost, in_kind, sessions, hours, participants, attendances) = (
            v("cost")?,
            v("in_kind")?,
            v("sessions")?,
            v("hours")?,
            v("participants")?,
            v("attendances")?,
        );
        for i in 0..a.height() {
            let u = unit(units, level, &names[i]);
            u.cost = cost[i].unwrap_or(0.0);
            u.in_kind = in_kind[i].unwrap_or(0.0);
            u.sessions = sessions[i].unwrap_or(0.0);
            u.hours = hours[i].unwrap_or(0.0);
            u.participants = participants[i].unwrap_or(0.0);
            u.attendances = attendances[i].unwrap_or(0.0);
        }
        // Over a period, a project whose People sheets list everyone counts
        // each person once (score::period): its project, area, organisation
        // type and total take that count in place of the quarters' sum.
        // Activity types and suppliers keep the sum: People rows do not say
        // which activity a person came to.
        for (project, once) in &self.facts.participants_once {
            let summed: f64 = self
                .facts
                .activities
                .iter()
                .filter(|a| a.quarter == self.quarter && &a.project_id == project)
                .map(|a| a.participants)
                .sum();
            let Some(p) = self
                .facts
                .projects
                .iter()
                .find(|p| p.quarter == self.quarter && &p.project_id == project)
            else {
                continue;
            };
            let key = match level {
                Level::Project => project.as_str(),
                Level::Area => p.area.as_str(),
                Level::OrganisationType => p.organisation_type.as_str(),
                Level::Total => TOTAL,
                Level::ActivityType | Level::Supplier => continue,
            };
            if let Some(u) = units.get_mut(key) {
                u.participants -= summed - once;
            }
        }
        Ok(())
    }

    /// People paired, improved on an objective, and their clinical
    /// results: a person counts once per unit however many measures,
    /// added up from each project's count ([`super::partial`]).
    fn add_people(&self, level: Level, units: &mut BTreeMap<String, UnitRow>) {
        let counted = self
            .frames
            .partials
            .by(|project, scope| self.key(level, project, scope));
        for (key, c) in counted.into_iter().filter(|(_, c)| c.counted()) {
            let u = unit(units, level, &key);
            u.n_people_paired = c.paired;
            u.outcomes = c.outcomes;
            u.n_clinical = c.clinical;
            u.n_caseness_baseline = c.caseness;
            u.recoveries = c.recovered;
            u.reliable_recoveries = c.reliable_recovery;
            u.n_reliable_improvement = c.reliable_improvement;
            u.n_reliable_deterioration = c.reliable_deterioration;
        }
    }

    /// People paired and the sum of their changes, per measure.
    fn add_changes(&self, level: Level, units: &mut BTreeMap<String, UnitRow>) {
        let sums = self
            .frames
            .partials
            .sums_by(|project, scope| self.key(level, project, scope));
        for ((key, measure), x) in sums.into_iter().filter(|(_, x)| x.paired > 0) {
            unit(units, level, &key)
                .changes
                .insert(measure.to_string(), (x.paired, x.change.value()));
        }
    }

    /// Counts indicators: numerators, and reductions of before/after ones.
    fn add_counts(&self, level: Level, units: &mut BTreeMap<String, UnitRow>) -> Result<()> {
        let k = self
            .counts
            .clone()
            .lazy()
            .group_by_stable(keys(level, &["indicator"]))
            .agg([
                col("numerator").sum().alias("num"),
                col("contribution").sum().alias("red"),
            ])
            .collect()?;
        let names = label(&k, level)?;
        let (ind, num, red) = (strs(&k, "indicator")?, f64s(&k, "num")?, f64s(&k, "red")?);
        for i in 0..k.height() {
            let u = unit(units, level, &names[i]);
            u.numerators.insert(ind[i].clone(), num[i].unwrap_or(0.0));
            if self
                .config
                .indicator_by_id(&ind[i])
                .is_some_and(|x| x.kind == IndicatorKind::BeforeAfter)
            {
                u.reductions.insert(ind[i].clone(), red[i].unwrap_or(0.0));
            }
        }
        Ok(())
    }

    /// A unit's name and area as the tables show them.
    fn name_and_area(&self, level: Level, key: &str) -> (String, String) {
        match level {
            Level::Project => self
                .about
                .get(key)
                .map(|(name, area)| (name.to_string(), area.to_string()))
                .unwrap_or_default(),
            Level::Area => (key.to_string(), key.to_string()),
            Level::ActivityType | Level::Supplier | Level::OrganisationType => {
                (key.to_string(), ALL_AREAS.to_string())
            }
            Level::Total => ("All projects".to_string(), ALL_AREAS.to_string()),
        }
    }
}
