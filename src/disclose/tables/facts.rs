//! tables/facts.parquet: the per-person × measure facts for analysts, in
//! the internal edition only. Participant references never reach it:
//! `person` is the run's own number for a person. A row whose person ended
//! their course early (`finished_course` false) is listed but counts in no
//! outcome figure. The dataset (`needle report --dataset`) is declared here
//! too, from the same result columns.

use super::columns::{
    ACTIVITY_TYPE, AREA, MEASURE, ORGANISATION_TYPE, PROJECT_ID, PROJECT_NAME, QUARTER, SUPPLIER,
};
use crate::disclose::{Column, Format, RecordSpec, Values};
use std::collections::{BTreeMap, HashMap};

use crate::core::Quarter;
use crate::score::{Facts, OutcomeFact, ProjectFact, Scored};

pub const OBJECTIVES_MAPPED: Column = Column::key("objectives", "Objectives the measure maps to");

pub const FACTS: &str = "facts";
/// The dataset's table (`needle report --dataset`, docs/dataset.md).
pub const DATASET: &str = "dataset";

/// A row of a record-level table: one person's result on one measure.
pub trait Outcome {
    fn outcome(&self) -> &OutcomeFact;
}

impl Outcome for OutcomeFact {
    fn outcome(&self) -> &OutcomeFact {
        self
    }
}

/// A row of the dataset: an outcome fact with what an analyst joins it to
/// (its project, its activity's supplier) and its person's pseudonym.
#[derive(Debug, Clone, Copy)]
pub struct DatasetRow<'a> {
    pub fact: &'a OutcomeFact,
    pub project: &'a ProjectFact,
    pub supplier: Option<&'a str>,
    pub person_key: crate::core::Pseudonym,
}

impl<'a> DatasetRow<'a> {
    /// Every outcome fact joined to its project and its activity's
    /// supplier, with its person's pseudonym, by quarter; rows keep the
    /// order of facts.parquet.
    pub fn by_quarter(facts: &'a Facts) -> BTreeMap<Quarter, Vec<DatasetRow<'a>>> {
        let projects: HashMap<(Quarter, &str), &ProjectFact> = facts
            .projects
            .iter()
            .map(|p| ((p.quarter, p.project_id.as_str()), p))
            .collect();
        let suppliers: HashMap<(Quarter, &str, &str), &str> = facts
            .activities
            .iter()
            .filter_map(|a| {
                let s = a.supplier.as_deref()?;
                Some((
                    (a.quarter, a.project_id.as_str(), a.activity_id.as_str()),
                    s,
                ))
            })
            .collect();
        let mut out: BTreeMap<Quarter, Vec<DatasetRow>> = BTreeMap::new();
        for o in &facts.outcomes {
            // Every fact's return has its project fact (score makes both).
            let Some(project) = projects.get(&(o.quarter, o.project_id.as_str())) else {
                continue;
            };
            out.entry(o.quarter).or_default().push(DatasetRow {
                fact: o,
                project,
                supplier: suppliers
                    .get(&(o.quarter, o.project_id.as_str(), o.activity_id.as_str()))
                    .copied(),
                person_key: facts.pseudonyms[o.person as usize],
            });
        }
        out
    }
}

impl Outcome for DatasetRow<'_> {
    fn outcome(&self) -> &OutcomeFact {
        self.fact
    }
}

/// Every row's text of one field.
fn text<R: Outcome>(rows: &[&R], f: fn(&OutcomeFact) -> String) -> Values {
    Values::Text(rows.iter().map(|o| f(o.outcome())).collect())
}

/// Every row's flag of one scored result.
fn flag<R: Outcome>(rows: &[&R], f: fn(&Scored) -> Option<bool>) -> Values {
    Values::Flag(rows.iter().map(|o| f(&o.outcome().scored)).collect())
}

/// One row per person × measure: where, who (a number), which measure, the
/// scores and every result scored from them.
pub fn facts() -> RecordSpec<OutcomeFact> {
    let spec = RecordSpec::<OutcomeFact>::new(FACTS)
        .col(QUARTER, |r| text(r, |o| o.quarter.to_string()))
        .col(PROJECT_ID, |r| text(r, |o| o.project_id.to_string()))
        .col(AREA, |r| text(r, |o| o.area.to_string()))
        .col(ACTIVITY_ID, |r| text(r, |o| o.activity_id.to_string()))
        .col(ACTIVITY_TYPE, |r| text(r, |o| o.activity_type.to_string()))
        .col(
            Column::record("person", "Person (the run's number)", Format::Number(0)),
            |r| Values::Whole(r.iter().map(|o| o.person).collect()),
        );
    results(spec)
}

/// The dataset (docs/dataset.md): the facts of facts.parquet with their
/// project's name, organisation and type and their activity's supplier, and
/// each person as a keyed pseudonym that links them across quarters instead
/// of the run's number. The quarter is the dataset's partition, so it is
/// not a column of its files.
pub fn dataset<'a>() -> RecordSpec<DatasetRow<'a>> {
    let spec = RecordSpec::new(DATASET)
        .col(PROJECT_ID, |r| text(r, |o| o.project_id.to_string()))
        .col(PROJECT_NAME, |r| project(r, |p| &p.project_name))
        .col(ORGANISATION, |r| project(r, |p| &p.organisation))
        .col(ORGANISATION_TYPE, |r| project(r, |p| &p.organisation_type))
        .col(AREA, |r| text(r, |o| o.area.to_string()))
        .col(ACTIVITY_ID, |r| text(r, |o| o.activity_id.to_string()))
        .col(ACTIVITY_TYPE, |r| text(r, |o| o.activity_type.to_string()))
        .col(SUPPLIER, |r| {
            Values::MaybeText(r.iter().map(|x| x.supplier.map(str::to_string)).collect())
        })
        .col(Column::key("person_key", "Person (keyed pseudonym)"), |r| {
            Values::Text(r.iter().map(|x| x.person_key.to_string()).collect())
        });
    results(spec)
}

/// Every row's text of one field of its project.
fn project(rows: &[&DatasetRow], f: fn(&ProjectFact) -> &str) -> Values {
    Values::Text(rows.iter().map(|x| f(x.project).to_string()).collect())
}

const ACTIVITY_ID: Column = Column::key("activity_id", "Activity ID");
const ORGANISATION: Column = Column::key("organisation", "Organisation");

/// The columns both record-level tables share: which measure, the scores
/// and every result scored from them.
fn results<R: Outcome>(spec: RecordSpec<R>) -> RecordSpec<R> {
    let flag_col = |name, label| Column::record(name, label, Format::Flag);
    spec.col(MEASURE, |r| text(r, |o| o.measure_id.to_string()))
        .col(OBJECTIVES_MAPPED, |r| {
            text(r, |o| {
                let ids: Vec<String> = o.objectives.iter().map(|x| x.to_string()).collect();
                ids.join(";")
            })
        })
        .col(
            Column::record("baseline", "Baseline score", Format::Score),
            |r| Values::Number(r.iter().map(|o| o.outcome().scored.baseline).collect()),
        )
        .col(
            Column::record("followup", "Follow-up score", Format::Score),
            |r| Values::Maybe(r.iter().map(|o| o.outcome().scored.followup).collect()),
        )
        .col(Column::record("change", "Change", Format::Score), |r| {
            Values::Maybe(r.iter().map(|o| o.outcome().scored.change).collect())
        })
        .col(flag_col("improved", "Improved"), |r| {
            flag(r, |s| s.improved)
        })
        .col(
            flag_col("meaningful_improvement", "Meaningful improvement"),
            |r| flag(r, |s| s.meaningful_improvement),
        )
        .col(
            flag_col("reliable_improvement", "Reliable improvement"),
            |r| flag(r, |s| s.reliable_improvement),
        )
        .col(
            flag_col("reliable_deterioration", "Reliable deterioration"),
            |r| flag(r, |s| s.reliable_deterioration),
        )
        .col(
            flag_col("caseness_baseline", "At caseness at the start"),
            |r| flag(r, |s| s.caseness_baseline),
        )
        .col(
            flag_col("caseness_followup", "At caseness at follow-up"),
            |r| flag(r, |s| s.caseness_followup),
        )
        .col(flag_col("recovered", "Recovered"), |r| {
            flag(r, |s| s.recovered)
        })
        .col(flag_col("reliable_recovery", "Reliable recovery"), |r| {
            flag(r, |s| s.reliable_recovery)
        })
        .col(
            flag_col("finished_course", "Finished a course (counts)"),
            |r| Values::Flag(r.iter().map(|o| Some(o.outcome().finished)).collect()),
        )
}
