//! Payment by results: what each project would have been paid under a
//! tariff (`--tariff FILE`), against what it cost, so a commissioner can
//! test a tariff before using it and a project can see the risk it moves
//! onto them (a project that follows few people up is paid for few).

use crate::aggregate::{Level, ProjectObjectiveRow, TOTAL, Tables, UnitRow};
use crate::config::{OutcomeType, Tariff};

/// One row of tables/pbr.csv: a project's (or the programme's) payment for
/// one outcome type, or, with `outcome` None, for all of them after the
/// project cap.
#[derive(Debug, Clone, PartialEq)]
pub struct PbrRow {
    pub project_id: String,
    pub project_name: String,
    pub outcome: Option<OutcomeType>,
    /// £ per outcome (outcome rows).
    pub tariff_gbp: Option<f64>,
    /// Most outcomes paid per project (outcome rows with a cap).
    pub cap_people: Option<u64>,
    /// Outcomes counted, and those paid after the cap (outcome rows).
    pub people: Option<u64>,
    pub people_paid: Option<u64>,
    /// The project cap (all-outcomes rows, when the tariff has one).
    pub cap_gbp: Option<f64>,
    pub payment_gbp: f64,
    pub cost_gbp: f64,
    /// payment ÷ cost; None when the cost is 0.
    pub payment_to_cost: Option<f64>,
    /// People with a baseline and the share followed up (all-outcomes
    /// rows): the risk a tariff on follow-up measures moves to a project.
    pub n_baseline: Option<u64>,
    pub followup_rate: Option<f64>,
    /// The smallest non-zero number of outcomes paid that the payment rests
    /// on (disclosure control).
    pub base: Option<u64>,
}

/// The objective whose improvements are wellbeing improvements: good
/// mental health, to which the wellbeing measures map.
const WELLBEING_OBJECTIVE: u8 = 1;

/// Outcomes of one type in a project's unit.
fn count(u: &UnitRow, objectives: &[ProjectObjectiveRow], outcome: OutcomeType) -> u64 {
    match outcome {
        OutcomeType::WellbeingImprovement => objectives
            .iter()
            .find(|r| r.project_id == u.key && r.objective == WELLBEING_OBJECTIVE)
            .map_or(0, |r| r.n_improved),
        OutcomeType::Participant => u.participants.max(0.0).round() as u64,
        OutcomeType::Followup => u.n_people_paired,
        OutcomeType::MeaningfulImprovement => u.outcomes,
        OutcomeType::Recovery => u.recoveries,
    }
}

/// Rows per project (in the units' order) then TOTAL: one per priced
/// outcome type, then all outcomes. The TOTAL rows sum the projects' rows,
/// each project capped on its own.
pub fn payments(tables: &Tables, tariff: &Tariff) -> Vec<PbrRow> {
    let (units, followup) = (&tables.units, &tables.followup);
    let mut out = Vec::new();
    let mut total: Vec<PbrRow> = Vec::new();
    for u in units.iter().filter(|u| u.level == Some(Level::Project)) {
        let mut rows: Vec<PbrRow> = tariff
            .payments
            .iter()
            .map(|p| {
                let people = count(u, &tables.project_objectives, p.outcome);
                let paid = p.cap_people.map_or(people, |c| people.min(c));
                PbrRow {
                    project_id: u.key.clone(),
                    project_name: u.name.clone(),
                    outcome: Some(p.outcome),
                    tariff_gbp: Some(p.gbp),
                    cap_people: p.cap_people,
                    people: Some(people),
                    people_paid: Some(paid),
                    cap_gbp: None,
                    payment_gbp: paid as f64 * p.gbp,
                    cost_gbp: u.cost,
                    payment_to_cost: None,
                    n_baseline: None,
                    followup_rate: None,
                    base: (paid > 0).then_some(paid),
                }
            })
            .collect();
        let sum: f64 = rows.iter().map(|r| r.payment_gbp).sum();
        let f = followup.iter().find(|f| f.project_id == u.key);
        rows.push(PbrRow {
            project_id: u.key.clone(),
            project_name: u.name.clone(),
            outcome: None,
            tariff_gbp: None,
            cap_people: None,
            people: None,
            people_paid: None,
            cap_gbp: tariff.cap_per_project_gbp,
            payment_gbp: tariff.cap_per_project_gbp.map_or(sum, |c| sum.min(c)),
            cost_gbp: u.cost,
            payment_to_cost: None,
            n_baseline: Some(f.map_or(0, |f| f.n_baseline)),
            followup_rate: f.and_then(|f| f.rate),
            base: rows.iter().filter_map(|r| r.base).min(),
        });
        add_to_total(&mut total, &rows);
        out.extend(rows);
    }
    // The programme's payment for an outcome type shows how many were paid
    // in all; its all-outcomes payment rests on each of those.
    for t in total.iter_mut().filter(|t| t.outcome.is_some()) {
        t.base = t.people_paid.filter(|p| *p > 0);
    }
    let base = total.iter().filter_map(|t| t.base).min();
    if let Some(all) = total.iter_mut().find(|t| t.outcome.is_none()) {
        all.base = base;
        let f = followup.iter().find(|f| f.project_id == TOTAL);
        all.n_baseline = Some(f.map_or(0, |f| f.n_baseline));
        all.followup_rate = f.and_then(|f| f.rate);
    }
    out.extend(total);
    for r in &mut out {
        r.payment_to_cost = crate::value::per(r.payment_gbp, r.cost_gbp);
    }
    out
}

/// Adds a project's payments, people and cost to the TOTAL rows (made
/// from the first project's rows).
fn add_to_total(total: &mut Vec<PbrRow>, rows: &[PbrRow]) {
    if total.is_empty() {
        total.extend(rows.iter().map(|r| PbrRow {
            project_id: TOTAL.to_string(),
            project_name: "All projects".to_string(),
            people: r.people.map(|_| 0),
            people_paid: r.people_paid.map(|_| 0),
            payment_gbp: 0.0,
            cost_gbp: 0.0,
            ..r.clone()
        }));
    }
    for (t, r) in total.iter_mut().zip(rows) {
        let add = |a: Option<u64>, b: Option<u64>| Some(a.unwrap_or(0) + b.unwrap_or(0));
        if t.outcome.is_some() {
            t.people = add(t.people, r.people);
            t.people_paid = add(t.people_paid, r.people_paid);
        }
        t.payment_gbp += r.payment_gbp;
        t.cost_gbp += r.cost_gbp;
    }
}
