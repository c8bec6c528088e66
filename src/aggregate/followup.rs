//! Follow-up completion (attrition): per project, people with a baseline
//! and how many of them have a follow-up on at least one measure; how many
//! ended their course early (their pairs do not count), and whether the
//! project records sessions attended at all.

use std::collections::BTreeMap;

use polars::prelude::*;

use super::TOTAL;
use super::frames::{QuarterFrames, Result, count_true, strs, u64s};
use super::objectives::ALL_AREAS;
use crate::core::Quarter;
use crate::score::Facts;

#[derive(Debug, Clone, PartialEq)]
pub struct FollowupRow {
    pub quarter: Quarter,
    pub project_id: String,
    pub area: String,
    /// Distinct people with a baseline score on any measure.
    pub n_baseline: u64,
    /// Of those, people with a follow-up on at least one measure.
    pub n_followup: u64,
    pub rate: Option<f64>,
    /// Of those with a baseline, people whose Sessions attended is below
    /// the finished-course minimum: none of their pairs count.
    pub n_ended_early: u64,
    /// People rows of the project, and how many give Sessions attended
    /// (not published: the report says whether sessions were recorded).
    pub people_rows: u64,
    pub sessions_recorded: u64,
}

impl FollowupRow {
    /// Whether the People rows give Sessions attended: "all", "some",
    /// "none" or "no People sheet".
    pub fn sessions_recorded_label(&self) -> &'static str {
        match (self.people_rows, self.sessions_recorded) {
            (0, _) => "no People sheet",
            (_, 0) => "none",
            (n, k) if k == n => "all",
            _ => "some",
        }
    }
}

pub(super) fn table(facts: &Facts, fr: &QuarterFrames) -> Result<Vec<FollowupRow>> {
    let quarter = fr.quarter;
    let people = fr
        .outcomes
        .clone()
        .lazy()
        .group_by_stable([col("project_id"), col("area"), col("person")])
        .agg([
            col("followed").any(true).alias("followed_up"),
            col("ended_early").any(true).alias("ended_early"),
        ])
        .collect()?;
    let by_project = people
        .clone()
        .lazy()
        .group_by_stable([col("project_id"), col("area")])
        .agg([
            len().cast(DataType::UInt64).alias("n"),
            count_true("followed_up").alias("k"),
            count_true("ended_early").alias("e"),
        ])
        .collect()?;
    let project = strs(&by_project, "project_id")?;
    let area = strs(&by_project, "area")?;
    let n = u64s(&by_project, "n")?;
    let k = u64s(&by_project, "k")?;
    let e = u64s(&by_project, "e")?;
    // People rows and recorded sessions, per project.
    let mut sessions: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for p in facts.people.iter().filter(|p| p.quarter == quarter) {
        let s = sessions.entry(&p.project_id).or_default();
        s.0 += 1;
        s.1 += u64::from(p.sessions_attended.is_some());
    }
    let row = |project_id: String, area: String, n: u64, k: u64, e: u64| {
        let (people_rows, sessions_recorded) = match project_id.as_str() {
            TOTAL => sessions
                .values()
                .fold((0, 0), |(a, b), (x, y)| (a + x, b + y)),
            p => sessions.get(p).copied().unwrap_or_default(),
        };
        FollowupRow {
            quarter,
            project_id,
            area,
            n_baseline: n,
            n_followup: k,
            rate: (n > 0).then(|| k as f64 / n as f64),
            n_ended_early: e,
            people_rows,
            sessions_recorded,
        }
    };
    let mut out: Vec<FollowupRow> = (0..by_project.height())
        .map(|i| row(project[i].clone(), area[i].clone(), n[i], k[i], e[i]))
        .collect();
    // By project ID's text (the frame holds names as ids).
    out.sort_by(|a, b| a.project_id.cmp(&b.project_id));
    // A person belongs to one project, so the total is the sum.
    out.push(row(
        TOTAL.into(),
        ALL_AREAS.into(),
        n.iter().sum(),
        k.iter().sum(),
        e.iter().sum(),
    ));
    Ok(out)
}
