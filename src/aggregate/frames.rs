//! One quarter's facts made ready for the tables: outcome and clinical
//! facts as each project's partial results ([`Partials`]), clinical
//! results, Counts and activities as polars DataFrames (one row per
//! person, Counts row or activity: far fewer than outcome rows), and small
//! helpers to read results back.

use polars::prelude::*;

use std::collections::HashMap;

use super::partial::Partials;
use super::suppliers::{NO_SUPPLIER, SupplierNames};
use crate::config::Config;
use crate::core::{Name, Quarter};
use crate::score::{ActivityFact, ClinicalFact, CountFact, Facts, OutcomeFact};

pub(super) type Result<T> = std::result::Result<T, PolarsError>;

/// Activity type of a Counts row that names no activity.
pub const NOT_GIVEN: &str = "(no activity given)";

/// Sort key for a quarter as a single integer (year × 4 + q).
pub(super) fn qkey(q: Quarter) -> i32 {
    q.year * 4 + q.q as i32
}

/// The frames and partial results of one quarter's facts, built once and
/// shared by every table of that quarter.
pub(super) struct QuarterFrames {
    pub quarter: Quarter,
    /// The quarter's partial results, per project ([`Partials`]): every
    /// count of people and every measure's sums in the tables add these up.
    pub partials: Partials,
    /// Each project's organisation type (a name when the quarter has no
    /// About for the project, as for a frame's column).
    pub delivery_org_types: HashMap<Name, Name>,
    /// [`clinical`] results of the quarter, one per person.
    pub clinical: DataFrame,
    /// [`counts`] of the quarter.
    pub counts: DataFrame,
    /// [`activities`] of the quarter.
    pub activities: DataFrame,
}

impl QuarterFrames {
    pub fn new(
        facts: &Facts,
        config: &Config,
        quarter: Quarter,
        harm: u8,
    ) -> Result<QuarterFrames> {
        let outs: Vec<&OutcomeFact> = facts
            .outcomes
            .iter()
            .filter(|o| o.quarter == quarter)
            .collect();
        let results: Vec<&ClinicalFact> = facts
            .clinical
            .iter()
            .filter(|c| c.quarter == quarter)
            .collect();
        let cnts: Vec<&CountFact> = facts
            .counts
            .iter()
            .filter(|c| c.quarter == quarter)
            .collect();
        let acts: Vec<&ActivityFact> = facts
            .activities
            .iter()
            .filter(|a| a.quarter == quarter)
            .collect();
        let d = Delivery::new(facts, quarter, &acts);
        let partials = Partials::new(
            outs.iter().copied(),
            results.iter().copied(),
            quarter,
            config.pairing.objective,
            harm,
            &d,
        );
        Ok(QuarterFrames {
            quarter,
            partials,
            delivery_org_types: d.org_types(),
            clinical: clinical(&results, &d)?,
            counts: counts(&cnts, &d)?,
            activities: activities(&acts, &d)?,
        })
    }
}

impl QuarterFrames {
    /// A project's organisation type (the empty name when the quarter has
    /// no About for it, as in the frames' column).
    pub fn org_type(&self, project: Name) -> Name {
        self.delivery_org_types
            .get(&project)
            .copied()
            .unwrap_or_default()
    }
}

/// Who delivered a fact: the supplier of its activity (as
/// [`SupplierNames`] shows it) and its project's organisation type, for
/// the supplier and organisation-type units.
pub(super) struct Delivery<'a> {
    /// project → activity → the supplier's shown name, worked out once
    /// per activity rather than once per outcome row.
    supplier: HashMap<&'a str, HashMap<&'a str, Name>>,
    org_type: HashMap<&'a str, Name>,
    no_supplier: Name,
    not_given: Name,
}

impl<'a> Delivery<'a> {
    pub(super) fn new(
        facts: &'a Facts,
        quarter: Quarter,
        acts: &[&'a ActivityFact],
    ) -> Delivery<'a> {
        let names = SupplierNames::new(acts.iter().map(|a| a.supplier.as_deref()));
        let mut supplier: HashMap<&str, HashMap<&str, Name>> = HashMap::new();
        for a in acts {
            supplier
                .entry(&a.project_id)
                .or_default()
                .insert(&a.activity_id, Name::new(names.name(a.supplier.as_deref())));
        }
        Delivery {
            supplier,
            org_type: facts
                .projects
                .iter()
                .filter(|p| p.quarter == quarter)
                .map(|p| (p.project_id.as_str(), p.organisation_type))
                .collect(),
            no_supplier: Name::new(NO_SUPPLIER),
            not_given: Name::new(NOT_GIVEN),
        }
    }

    /// The supplier of a project's activity ([`NO_SUPPLIER`] for a blank
    /// Supplier); [`NOT_GIVEN`] for a Counts row that names no activity,
    /// as for its activity type.
    pub(super) fn supplier(&self, project: &str, activity: Option<&str>) -> Name {
        match activity {
            Some(a) => self
                .supplier
                .get(project)
                .and_then(|p| p.get(a))
                .copied()
                .unwrap_or(self.no_supplier),
            None => self.not_given,
        }
    }

    fn org_type(&self, project: &str) -> Name {
        self.org_type.get(project).copied().unwrap_or_default()
    }

    /// Each project's organisation type, for units counted from
    /// [`Partials`] (each project has one).
    fn org_types(&self) -> HashMap<Name, Name> {
        self.org_type
            .iter()
            .map(|(p, t)| (Name::new(p), *t))
            .collect()
    }

    /// The `supplier` and `organisation_type` columns of a frame of
    /// `facts`, from each fact's (project, activity).
    fn columns<T>(
        &self,
        facts: &[&T],
        of: impl for<'t> Fn(&'t T) -> (&'t str, Option<&'t str>),
    ) -> [Column; 2] {
        let (supplier, org_type): (Vec<u32>, Vec<u32>) = facts
            .iter()
            .map(|f| {
                let (project, activity) = of(f);
                (
                    self.supplier(project, activity).id(),
                    self.org_type(project).id(),
                )
            })
            .unzip();
        [
            Column::new("supplier".into(), supplier),
            Column::new("organisation_type".into(), org_type),
        ]
    }
}

/// A column of names, as their ids ([`Name::id`]): four bytes a row where
/// a text column took sixteen and more, and group-bys on integers. Read
/// back with [`strs`]; a table sorted by such a column is sorted by its
/// names' text afterwards, in Rust (an id's order is not the text's).
fn names<T>(name: &str, facts: &[&T], f: impl Fn(&T) -> Name) -> Column {
    Column::new(
        name.into(),
        facts.iter().map(|x| f(x).id()).collect::<Vec<u32>>(),
    )
}

/// One row per clinical result, with the unit columns of the activity it
/// counts under.
pub(super) fn clinical(results: &[&ClinicalFact], d: &Delivery) -> Result<DataFrame> {
    let [sup, org] = d.columns(results, |c| (&c.project_id, Some(&c.activity_id)));
    let b = |f: fn(&ClinicalFact) -> bool| results.iter().map(|c| f(c)).collect::<Vec<bool>>();
    DataFrame::new(
        results.len(),
        vec![
            names("project_id", results, |c| c.project_id),
            names("area", results, |c| c.area),
            names("activity_type", results, |c| c.activity_type),
            sup,
            org,
            Column::new(
                "person".into(),
                results.iter().map(|c| c.person).collect::<Vec<u32>>(),
            ),
            names("kind", results, |c| c.kind),
            Column::new("pair".into(), b(|c| c.is_pair())),
            Column::new("improved".into(), b(|c| c.improved)),
            Column::new("rel_imp".into(), b(|c| c.reliable_improvement)),
            Column::new("rel_det".into(), b(|c| c.reliable_deterioration)),
            Column::new("case_b".into(), b(|c| c.caseness_baseline)),
            Column::new("recovered".into(), b(|c| c.recovered)),
            Column::new("rel_rec".into(), b(|c| c.reliable_recovery)),
        ],
    )
}

pub(super) fn counts(facts: &[&CountFact], d: &Delivery) -> Result<DataFrame> {
    let [sup, org] = d.columns(facts, |c| (&c.project_id, c.activity_id.as_deref()));
    DataFrame::new(
        facts.len(),
        vec![
            Column::new(
                "quarter".into(),
                facts.iter().map(|c| qkey(c.quarter)).collect::<Vec<i32>>(),
            ),
            names("area", facts, |c| c.area),
            names("project_id", facts, |c| c.project_id),
            names("activity_type", facts, |c| {
                c.activity_type.unwrap_or(d.not_given)
            }),
            sup,
            org,
            Column::new(
                "objective".into(),
                facts
                    .iter()
                    .map(|c| c.objective as i32)
                    .collect::<Vec<i32>>(),
            ),
            names("indicator", facts, |c| c.indicator_id),
            Column::new(
                "numerator".into(),
                facts.iter().map(|c| c.numerator).collect::<Vec<f64>>(),
            ),
            Column::new(
                "contribution".into(),
                facts
                    .iter()
                    .map(|c| c.outcome_contribution())
                    .collect::<Vec<f64>>(),
            ),
        ],
    )
}

pub(super) fn activities(facts: &[&ActivityFact], d: &Delivery) -> Result<DataFrame> {
    let [sup, org] = d.columns(facts, |a| (&a.project_id, Some(&a.activity_id)));
    DataFrame::new(
        facts.len(),
        vec![
            Column::new(
                "quarter".into(),
                facts.iter().map(|a| qkey(a.quarter)).collect::<Vec<i32>>(),
            ),
            names("project_id", facts, |a| a.project_id),
            names("area", facts, |a| a.area),
            names("activity_type", facts, |a| a.activity_type),
            sup,
            org,
            Column::new(
                "cost".into(),
                facts.iter().map(|a| a.cost).collect::<Vec<f64>>(),
            ),
            Column::new(
                "in_kind".into(),
                facts.iter().map(|a| a.in_kind).collect::<Vec<f64>>(),
            ),
            Column::new(
                "participants".into(),
                facts.iter().map(|a| a.participants).collect::<Vec<f64>>(),
            ),
            Column::new(
                "sessions".into(),
                facts.iter().map(|a| a.sessions).collect::<Vec<f64>>(),
            ),
            Column::new(
                "hours".into(),
                facts
                    .iter()
                    .map(|a| a.hours.unwrap_or(0.0))
                    .collect::<Vec<f64>>(),
            ),
            Column::new(
                "attendances".into(),
                facts
                    .iter()
                    .map(|a| a.attendances.unwrap_or(0.0))
                    .collect::<Vec<f64>>(),
            ),
        ],
    )
}

/// Reads a column of text, or of names (their ids, [`names`]).
pub(super) fn strs(df: &DataFrame, name: &str) -> Result<Vec<String>> {
    let c = df.column(name)?;
    if c.dtype() == &DataType::UInt32 {
        return Ok(c
            .u32()?
            .iter()
            .map(|id| {
                id.and_then(Name::from_id)
                    .map_or_else(String::new, String::from)
            })
            .collect());
    }
    let c = c.cast(&DataType::String)?;
    Ok(c.str()?
        .iter()
        .map(|v| v.unwrap_or("").to_string())
        .collect())
}

/// Reads a numeric column as optional f64.
pub(super) fn f64s(df: &DataFrame, name: &str) -> Result<Vec<Option<f64>>> {
    let c = df.column(name)?.cast(&DataType::Float64)?;
    Ok(c.f64()?.iter().collect())
}

/// Reads a numeric column as u64 (nulls as 0).
pub(super) fn u64s(df: &DataFrame, name: &str) -> Result<Vec<u64>> {
    let c = df.column(name)?.cast(&DataType::UInt64)?;
    Ok(c.u64()?.iter().map(|v| v.unwrap_or(0)).collect())
}

/// Reads an integer column as i32.
pub(super) fn i32s(df: &DataFrame, name: &str) -> Result<Vec<i32>> {
    let c = df.column(name)?.cast(&DataType::Int32)?;
    Ok(c.i32()?.iter().map(|v| v.unwrap_or(0)).collect())
}

/// Sum of a boolean column as a count, ignoring nulls.
pub(super) fn count_true(name: &str) -> Expr {
    col(name).cast(DataType::UInt64).sum()
}
