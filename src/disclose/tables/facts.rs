//! tables/facts.parquet: the per-person × measure facts for analysts, in
//! the internal edition only. Participant references never reach it:
//! `person` is the run's own number for a person. A row whose person ended
//! their course early (`finished_course` false) is listed but counts in no
//! outcome figure.

use super::columns::{ACTIVITY_TYPE, AREA, MEASURE, PROJECT_ID, QUARTER};
use crate::disclose::{Column, Format, RecordSpec, Values};
use crate::score::{OutcomeFact, Scored};

pub const FACTS: &str = "facts";

/// Every row's text of one field.
fn text(rows: &[&OutcomeFact], f: fn(&OutcomeFact) -> String) -> Values {
    Values::Text(rows.iter().map(|o| f(o)).collect())
}

/// Every row's flag of one scored result.
fn flag(rows: &[&OutcomeFact], f: fn(&Scored) -> Option<bool>) -> Values {
    Values::Flag(rows.iter().map(|o| f(&o.scored)).collect())
}

/// One row per person × measure: where, who (a number), which measure, the
/// scores and every result scored from them.
pub fn facts() -> RecordSpec<OutcomeFact> {
    let flag_col = |name, label| Column::record(name, label, Format::Flag);
    RecordSpec::new(FACTS)
        .col(QUARTER, |r| text(r, |o| o.quarter.to_string()))
        .col(PROJECT_ID, |r| text(r, |o| o.project_id.clone()))
        .col(AREA, |r| text(r, |o| o.area.clone()))
        .col(Column::key("activity_id", "Activity ID"), |r| {
            text(r, |o| o.activity_id.clone())
        })
        .col(ACTIVITY_TYPE, |r| text(r, |o| o.activity_type.clone()))
        .col(
            Column::record("person", "Person (the run's number)", Format::Number(0)),
            |r| Values::Whole(r.iter().map(|o| o.person).collect()),
        )
        .col(MEASURE, |r| text(r, |o| o.measure_id.clone()))
        .col(
            Column::key("objectives", "Objectives the measure maps to"),
            |r| {
                text(r, |o| {
                    let ids: Vec<String> = o.objectives.iter().map(|x| x.to_string()).collect();
                    ids.join(";")
                })
            },
        )
        .col(
            Column::record("baseline", "Baseline score", Format::Score),
            |r| Values::Number(r.iter().map(|o| o.scored.baseline).collect()),
        )
        .col(
            Column::record("followup", "Follow-up score", Format::Score),
            |r| Values::Maybe(r.iter().map(|o| o.scored.followup).collect()),
        )
        .col(Column::record("change", "Change", Format::Score), |r| {
            Values::Maybe(r.iter().map(|o| o.scored.change).collect())
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
            |r| Values::Flag(r.iter().map(|o| Some(o.finished)).collect()),
        )
}
