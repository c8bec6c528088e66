//! A payment-by-results tariff (`needle report --tariff FILE`): £ per
//! outcome of each type, with optional caps, so a commissioner can see what
//! each project would have been paid under it before using it. needle ships
//! no tariff: prices are a commissioner's decision, not a published figure.

use serde::Deserialize;

use super::{ConfigError, parse_toml};

/// What a tariff pays for, counted per project per quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutcomeType {
    /// Σ Participants on the Activities sheet (an engagement payment).
    Participant,
    /// A person with a follow-up score on at least one measure (a
    /// completed before-and-after measurement).
    Followup,
    /// A person with a meaningful improvement on at least one measure.
    MeaningfulImprovement,
    /// A person with a meaningful improvement on a wellbeing measure: one
    /// mapped to objective 1, good mental health (WEMWBS, SWEMWBS, ONS4).
    WellbeingImprovement,
    /// A person who recovered on at least one measure with caseness.
    Recovery,
}

impl OutcomeType {
    pub fn as_str(self) -> &'static str {
        match self {
            OutcomeType::Participant => "participant",
            OutcomeType::Followup => "followup",
            OutcomeType::MeaningfulImprovement => "meaningful_improvement",
            OutcomeType::WellbeingImprovement => "wellbeing_improvement",
            OutcomeType::Recovery => "recovery",
        }
    }
}

/// One price of a tariff.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payment {
    pub outcome: OutcomeType,
    /// £ per outcome.
    pub gbp: f64,
    /// At most this many outcomes paid per project per quarter.
    #[serde(default)]
    pub cap_people: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tariff {
    /// Shown in the report and the workbook, e.g. "Draft tariff, March".
    pub name: String,
    /// Where the prices come from (a paper, a board decision).
    pub source: String,
    /// At most this much paid to one project in a quarter, all outcomes
    /// together.
    #[serde(default)]
    pub cap_per_project_gbp: Option<f64>,
    pub payments: Vec<Payment>,
}

/// Reads and checks a tariff file.
pub(super) fn parse(file: &str, text: &str) -> Result<Tariff, ConfigError> {
    let t: Tariff = parse_toml(file, text)?;
    if t.payments.is_empty() {
        return Err(ConfigError::new(
            file,
            "payments",
            "needs at least one [[payments]] entry with outcome and gbp",
        ));
    }
    for (i, p) in t.payments.iter().enumerate() {
        if !(p.gbp.is_finite() && p.gbp >= 0.0) {
            return Err(ConfigError::new(
                file,
                format!("payments[{i}].gbp"),
                "must be an amount of £0 or more",
            ));
        }
        if t.payments[..i].iter().any(|q| q.outcome == p.outcome) {
            return Err(ConfigError::new(
                file,
                format!("payments[{i}].outcome"),
                format!(
                    "'{}' is priced twice: give each outcome one price",
                    p.outcome.as_str()
                ),
            ));
        }
    }
    if let Some(c) = t.cap_per_project_gbp
        && !(c.is_finite() && c >= 0.0)
    {
        return Err(ConfigError::new(
            file,
            "cap_per_project_gbp",
            "must be an amount of £0 or more",
        ));
    }
    Ok(t)
}
