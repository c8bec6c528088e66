//! Payment by results: what each project would have been paid under a
//! tariff (`--tariff FILE`), against what it cost, so a commissioner can
//! test a tariff before using it and a project can see the risk it moves
//! onto them (a project that follows few people up is paid for few).

use crate::aggregate::{FollowupRow, Level, ProjectObjectiveRow, TOTAL, Tables, UnitRow};
use crate::config::{OutcomeType, Payment, Tariff};

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
    let followup = |key: &str| tables.followup.iter().find(|f| f.project_id == key);
    let mut out = Vec::new();
    // Per priced outcome: (people, people paid, payment) over the projects.
    let mut sums = vec![(0u64, 0u64, 0.0f64); tariff.payments.len()];
    let (mut paid_in_all, mut cost_in_all, mut projects) = (0.0, 0.0, 0);
    for u in tables
        .units
        .iter()
        .filter(|u| u.level == Some(Level::Project))
    {
        let mut lines = Vec::with_capacity(tariff.payments.len());
        for (p, sum) in tariff.payments.iter().zip(&mut sums) {
            let people = count(u, &tables.project_objectives, p.outcome);
            let paid = p.cap_people.map_or(people, |c| people.min(c));
            let payment = paid as f64 * p.gbp;
            *sum = (sum.0 + people, sum.1 + paid, sum.2 + payment);
            lines.push(line(&u.key, &u.name, p, (people, paid, payment), u.cost));
        }
        let sum: f64 = lines.iter().map(|r| r.payment_gbp).sum();
        let payment = tariff.cap_per_project_gbp.map_or(sum, |c| sum.min(c));
        (paid_in_all, cost_in_all, projects) =
            (paid_in_all + payment, cost_in_all + u.cost, projects + 1);
        let all = all_outcomes(
            (&u.key, &u.name),
            &lines,
            payment,
            tariff,
            u.cost,
            followup(&u.key),
        );
        out.extend(lines);
        out.push(all);
    }
    if projects > 0 {
        let lines: Vec<PbrRow> = tariff
            .payments
            .iter()
            .zip(sums)
            .map(|(p, sum)| line(TOTAL, "All projects", p, sum, cost_in_all))
            .collect();
        let all = all_outcomes(
            (TOTAL, "All projects"),
            &lines,
            paid_in_all,
            tariff,
            cost_in_all,
            followup(TOTAL),
        );
        out.extend(lines);
        out.push(all);
    }
    out
}

/// A unit's row for one priced outcome: (people, people paid, payment).
fn line(
    key: &str,
    name: &str,
    p: &Payment,
    (people, paid, payment): (u64, u64, f64),
    cost: f64,
) -> PbrRow {
    PbrRow {
        project_id: key.to_string(),
        project_name: name.to_string(),
        outcome: Some(p.outcome),
        tariff_gbp: Some(p.gbp),
        cap_people: p.cap_people,
        people: Some(people),
        people_paid: Some(paid),
        cap_gbp: None,
        payment_gbp: payment,
        cost_gbp: cost,
        payment_to_cost: crate::value::per(payment, cost),
        n_baseline: None,
        followup_rate: None,
        // The payment shows how many were paid.
        base: (paid > 0).then_some(paid),
    }
}

/// A unit's all-outcomes row after its outcome `lines`; its payment rests
/// on each of theirs.
fn all_outcomes(
    (key, name): (&str, &str),
    lines: &[PbrRow],
    payment: f64,
    tariff: &Tariff,
    cost: f64,
    followup: Option<&FollowupRow>,
) -> PbrRow {
    PbrRow {
        project_id: key.to_string(),
        project_name: name.to_string(),
        outcome: None,
        tariff_gbp: None,
        cap_people: None,
        people: None,
        people_paid: None,
        cap_gbp: tariff.cap_per_project_gbp,
        payment_gbp: payment,
        cost_gbp: cost,
        payment_to_cost: crate::value::per(payment, cost),
        n_baseline: Some(followup.map_or(0, |f| f.n_baseline)),
        followup_rate: followup.and_then(|f| f.rate),
        base: lines.iter().filter_map(|r| r.base).min(),
    }
}
