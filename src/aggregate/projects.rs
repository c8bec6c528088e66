//! Per-project totals for one quarter: what was spent and delivered, and how
//! many people had outcomes. The value stage builds VfM tables on these.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::frames::{self, Result, count_true, f64s, strs, u64s};
use crate::contract::Quarter;
use crate::score::Facts;

pub use crate::config::LIFE_SATISFACTION;

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectRow {
    pub project_id: String,
    pub project_name: String,
    pub area: String,
    pub organisation_type: String,
    pub cost: f64,
    pub in_kind: f64,
    /// Sum of Activities' Participants.
    pub participants: f64,
    pub attendances: f64,
    pub sessions: f64,
    pub hours: f64,
    /// Distinct people with at least one paired measure.
    pub n_people_paired: u64,
    /// Distinct people with a meaningful improvement on at least one measure.
    pub outcomes: u64,
    /// Distinct people who recovered on at least one measure with caseness.
    pub recoveries: u64,
    /// People with a paired ONS4 life-satisfaction score, and their total change.
    pub ls_paired: u64,
    pub ls_change_sum: f64,
}

pub(super) fn table(facts: &Facts, quarter: Quarter) -> Result<Vec<ProjectRow>> {
    let mut rows: BTreeMap<String, ProjectRow> = facts
        .projects
        .iter()
        .filter(|p| p.quarter == quarter)
        .map(|p| {
            (
                p.project_id.clone(),
                ProjectRow {
                    project_id: p.project_id.clone(),
                    project_name: p.project_name.clone(),
                    area: p.area.clone(),
                    organisation_type: p.organisation_type.clone(),
                    ..ProjectRow::default()
                },
            )
        })
        .collect();

    let acts: Vec<_> = facts
        .activities
        .iter()
        .filter(|a| a.quarter == quarter)
        .collect();
    let a = frames::activities(&acts)?
        .lazy()
        .group_by_stable([col("project_id")])
        .agg([
            col("cost").sum(),
            col("in_kind").sum(),
            col("participants").sum(),
            col("attendances").sum(),
            col("sessions").sum(),
            col("hours").sum(),
        ])
        .collect()?;
    let ids = strs(&a, "project_id")?;
    let cols = [
        "cost",
        "in_kind",
        "participants",
        "attendances",
        "sessions",
        "hours",
    ]
    .map(|c| f64s(&a, c));
    let [cost, in_kind, participants, attendances, sessions, hours] = cols;
    let (cost, in_kind, participants, attendances, sessions, hours) = (
        cost?,
        in_kind?,
        participants?,
        attendances?,
        sessions?,
        hours?,
    );
    for i in 0..a.height() {
        if let Some(r) = rows.get_mut(&ids[i]) {
            r.cost = cost[i].unwrap_or(0.0);
            r.in_kind = in_kind[i].unwrap_or(0.0);
            r.participants = participants[i].unwrap_or(0.0);
            r.attendances = attendances[i].unwrap_or(0.0);
            r.sessions = sessions[i].unwrap_or(0.0);
            r.hours = hours[i].unwrap_or(0.0);
        }
    }

    let outs: Vec<_> = facts
        .outcomes
        .iter()
        .filter(|o| o.quarter == quarter)
        .collect();
    let o = frames::outcomes(&outs)?.lazy().filter(col("paired"));
    let people = o
        .clone()
        .group_by_stable([col("project_id"), col("person")])
        .agg([
            col("meaningful").any(true).alias("m"),
            col("recovered").any(true).alias("r"),
        ])
        .group_by_stable([col("project_id")])
        .agg([
            len().cast(DataType::UInt64).alias("n"),
            count_true("m").alias("m"),
            count_true("r").alias("r"),
        ])
        .collect()?;
    let ids = strs(&people, "project_id")?;
    let (n, m, rec) = (
        u64s(&people, "n")?,
        u64s(&people, "m")?,
        u64s(&people, "r")?,
    );
    for i in 0..people.height() {
        if let Some(r) = rows.get_mut(&ids[i]) {
            r.n_people_paired = n[i];
            r.outcomes = m[i];
            r.recoveries = rec[i];
        }
    }

    let ls = o
        .filter(col("measure").eq(lit(LIFE_SATISFACTION)))
        .group_by_stable([col("project_id")])
        .agg([
            len().cast(DataType::UInt64).alias("n"),
            col("change").sum().alias("s"),
        ])
        .collect()?;
    let ids = strs(&ls, "project_id")?;
    let (n, s) = (u64s(&ls, "n")?, f64s(&ls, "s")?);
    for i in 0..ls.height() {
        if let Some(r) = rows.get_mut(&ids[i]) {
            r.ls_paired = n[i];
            r.ls_change_sum = s[i].unwrap_or(0.0);
        }
    }
    Ok(rows.into_values().collect())
}
