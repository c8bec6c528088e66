//! Equity ("spending fairly"): who the projects reach, from the optional
//! People sheet — the share of participants from the most deprived areas
//! (IMD deciles 1–2) and by ethnicity group — set against the people with a
//! paired measure, so a commissioner sees whether outcomes reach everyone.

use std::collections::{BTreeMap, BTreeSet};

use crate::aggregate::{ALL_AREAS, TOTAL};
use crate::contract::spec::ETHNICITY_GROUPS;
use crate::core::Quarter;
use crate::score::Facts;

#[derive(Debug, Clone, PartialEq)]
pub struct EquityRow {
    pub quarter: Quarter,
    pub project_id: String,
    pub area: String,
    /// "IMD deciles 1-2" or "Ethnicity: <group>".
    pub group: String,
    /// People on the People sheet with this dimension recorded.
    pub n_recorded: u64,
    pub n_participants: u64,
    pub share_participants: Option<f64>,
    /// Of them, people who also have a paired measure.
    pub n_paired_recorded: u64,
    pub n_paired: u64,
    pub share_paired: Option<f64>,
}

pub const IMD_GROUP: &str = "IMD deciles 1-2";

fn share(k: u64, n: u64) -> Option<f64> {
    (n > 0).then(|| k as f64 / n as f64)
}

/// Equity rows per project (projects with a People sheet) and in total.
pub fn equity(facts: &Facts, quarter: Quarter) -> Vec<EquityRow> {
    let paired: BTreeSet<(&str, u32)> = facts
        .outcomes
        .iter()
        .filter(|o| o.quarter == quarter && o.counted())
        .map(|o| (o.project_id.as_str(), o.person))
        .collect();
    // (project, area) → the People rows of that project, each with whether
    // the person has a paired measure (looked up once per person, not once
    // per person per row of the table).
    type Person<'a> = (&'a crate::score::PersonFact, bool);
    let mut by_project: BTreeMap<(&str, &str), Vec<Person>> = BTreeMap::new();
    for p in facts.people.iter().filter(|p| p.quarter == quarter) {
        let is_paired = paired.contains(&(p.project_id.as_str(), p.person));
        by_project
            .entry((p.project_id.as_str(), p.area.as_str()))
            .or_default()
            .push((p, is_paired));
    }
    let all: Vec<Person> = by_project.values().flatten().copied().collect();
    let mut groups: Vec<((String, String), Vec<Person>)> = by_project
        .into_iter()
        .map(|((p, a), v)| ((p.to_string(), a.to_string()), v))
        .collect();
    if !all.is_empty() {
        groups.push(((TOTAL.to_string(), ALL_AREAS.to_string()), all));
    }

    let mut out = Vec::new();
    for ((project_id, area), people) in groups {
        let row = |group: String,
                   recorded: &[&Person],
                   hit: &dyn Fn(&crate::score::PersonFact) -> bool| {
            let n_recorded = recorded.len() as u64;
            let n_participants = recorded.iter().filter(|(p, _)| hit(p)).count() as u64;
            let paired_recorded: Vec<_> = recorded.iter().filter(|(_, paired)| *paired).collect();
            let n_paired = paired_recorded.iter().filter(|(p, _)| hit(p)).count() as u64;
            EquityRow {
                quarter,
                project_id: project_id.clone(),
                area: area.clone(),
                group,
                n_recorded,
                n_participants,
                share_participants: share(n_participants, n_recorded),
                n_paired_recorded: paired_recorded.len() as u64,
                n_paired,
                share_paired: share(n_paired, paired_recorded.len() as u64),
            }
        };
        let imd: Vec<_> = people
            .iter()
            .filter(|(p, _)| p.imd_decile.is_some())
            .collect();
        out.push(row(IMD_GROUP.to_string(), &imd, &|p| {
            p.imd_decile.is_some_and(|d| d <= 2)
        }));
        let eth: Vec<_> = people.iter().collect();
        for g in ETHNICITY_GROUPS {
            let hit = |p: &crate::score::PersonFact| {
                p.ethnicity
                    .as_deref()
                    .unwrap_or("not known")
                    .eq_ignore_ascii_case(g)
            };
            out.push(row(format!("Ethnicity: {g}"), &eth, &hit));
        }
    }
    out
}
