//! Follow-up completion (attrition): per project, people with a baseline
//! and how many of them have a follow-up on at least one measure; how many
//! ended their course early (their pairs do not count), and whether the
//! project records sessions attended at all.

use std::collections::BTreeMap;

use super::TOTAL;
use super::frames::{QuarterFrames, Result};
use super::objectives::ALL_AREAS;
use super::partial::Scope;
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
    // Each project's people in each of its areas (one, but for a period
    // whose quarters put the project in two), from their project's count.
    let mut by_project: Vec<((String, String), super::partial::Counts)> = fr
        .partials
        .by(|project, scope| match scope {
            Scope::Area(a) => Some((project.to_string(), a.to_string())),
            _ => None,
        })
        .into_iter()
        .filter(|(_, c)| c.baseline > 0)
        .collect();
    // By project ID's text, then area.
    by_project.sort_by(|a, b| a.0.cmp(&b.0));
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
    let (n, k, e) = by_project.iter().fold((0, 0, 0), |(n, k, e), (_, c)| {
        (n + c.baseline, k + c.followed, e + c.ended_early)
    });
    let mut out: Vec<FollowupRow> = by_project
        .into_iter()
        .map(|((project, area), c)| row(project, area, c.baseline, c.followed, c.ended_early))
        .collect();
    // A person belongs to one project, so the total is the sum.
    out.push(row(TOTAL.into(), ALL_AREAS.into(), n, k, e));
    Ok(out)
}
