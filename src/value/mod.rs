//! Value: value-for-money tables from the aggregated tables.
//!
//! Figures and adjustments come from config/valuation.toml, every £ figure
//! uprated to the report price year with the GDP deflator. Definitions are
//! in docs/methods.md; in short:
//!
//! - WELLBYs = Σ change in ONS4 life satisfaction (paired people) × the
//!   persistence factor Σₜ (1 − drop-off)ᵗ / (1 + r)ᵗ over the duration;
//! - fiscal value = Σ reductions in before/after counts × uprated unit cost;
//! - social value = (WELLBYs × WELLBY value + fiscal value) × additionality,
//!   at the low, central and high WELLBY values;
//! - BCR = central social value ÷ (cost + in-kind value).

use crate::aggregate::{ProjectRow, Tables};
use crate::config::{Config, IndicatorKind};
use crate::contract::Quarter;
use crate::score::Facts;

/// The project id of the totals row in vfm.csv.
pub use crate::aggregate::TOTAL;

/// One row of tables/vfm.csv.
#[derive(Debug, Clone, PartialEq)]
pub struct VfmRow {
    pub quarter: Quarter,
    pub project_id: String,
    pub project_name: String,
    pub area: String,
    pub cost_gbp: f64,
    pub in_kind_gbp: f64,
    pub participants: f64,
    pub cost_per_participant: Option<f64>,
    pub outcomes: u64,
    pub cost_per_outcome: Option<f64>,
    pub wellbys: f64,
    pub value_low_gbp: f64,
    pub value_central_gbp: f64,
    pub value_high_gbp: f64,
    pub bcr_central: Option<f64>,
    /// Fiscal value before additionality (not a vfm.csv column).
    pub fiscal_gbp: f64,
    /// People with a paired life-satisfaction score, whom the WELLBYs rest
    /// on (not a vfm.csv column; disclosure control needs it).
    pub wellby_people: u64,
}

/// The value stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct Valued {
    pub vfm: Vec<VfmRow>,
    /// Report price year of every £ figure.
    pub price_year: String,
    /// WELLBY values (low, central, high) in the report price year.
    pub wellby_values: (f64, f64, f64),
}

#[derive(Debug, thiserror::Error)]
pub enum ValueError {
    #[error("valuation.toml: no deflator value for price year '{0}'")]
    NoDeflator(String),
}

/// Persistence of a one-year effect over `duration` years with drop-off and
/// discounting: Σ_{t=0}^{duration−1} (1 − drop_off)^t / (1 + rate)^t.
pub fn persistence_factor(duration: u32, drop_off: f64, rate: f64) -> f64 {
    (0..duration)
        .map(|t| (1.0 - drop_off).powi(t as i32) / (1.0 + rate).powi(t as i32))
        .sum()
}

/// Divides, or None when the divisor is 0 ("cost per X is empty when X is 0").
pub fn per(amount: f64, divisor: f64) -> Option<f64> {
    (divisor != 0.0).then(|| amount / divisor)
}

/// The value stage's entry point.
pub fn value(tables: &Tables, facts: &Facts, config: &Config) -> Result<Valued, ValueError> {
    let v = &config.valuation;
    let uprate = |year: &str| {
        v.uprate_factor(year)
            .ok_or_else(|| ValueError::NoDeflator(year.to_string()))
    };
    let w = uprate(&v.wellby.price_year)?;
    let wellby_values = (v.wellby.low * w, v.wellby.central * w, v.wellby.high * w);
    let a = &v.additionality;
    let persistence = persistence_factor(
        a.duration_years.value as u32,
        a.drop_off.value,
        v.discount_rate.value,
    );
    let additional = a.factor();

    // Fiscal value per project: reductions in before/after counts × uprated unit cost.
    let mut fiscal: std::collections::BTreeMap<&str, f64> = Default::default();
    for c in facts
        .counts
        .iter()
        .filter(|c| c.quarter == tables.quarter && c.kind == IndicatorKind::BeforeAfter)
    {
        let Some(ind) = config.indicator_by_id(&c.indicator_id) else {
            continue;
        };
        let Some(uc) = ind.unit_cost.as_ref().and_then(|k| v.unit_costs.get(k)) else {
            continue;
        };
        *fiscal.entry(c.project_id.as_str()).or_default() +=
            c.outcome_contribution() * uc.value * uprate(&uc.price_year)?;
    }

    let row = |p: &ProjectRow, fiscal_gbp: f64| {
        let wellbys = p.ls_change_sum * persistence;
        let value_at = |wv: f64| (wellbys * wv + fiscal_gbp) * additional;
        let central = value_at(wellby_values.1);
        VfmRow {
            quarter: tables.quarter,
            project_id: p.project_id.clone(),
            project_name: p.project_name.clone(),
            area: p.area.clone(),
            cost_gbp: p.cost,
            in_kind_gbp: p.in_kind,
            participants: p.participants,
            cost_per_participant: per(p.cost, p.participants),
            outcomes: p.outcomes,
            cost_per_outcome: per(p.cost, p.outcomes as f64),
            wellbys,
            value_low_gbp: value_at(wellby_values.0),
            value_central_gbp: central,
            value_high_gbp: value_at(wellby_values.2),
            bcr_central: per(central, p.cost + p.in_kind),
            fiscal_gbp,
            wellby_people: p.ls_paired,
        }
    };
    let mut vfm: Vec<VfmRow> = tables
        .projects
        .iter()
        .map(|p| row(p, fiscal.get(p.project_id.as_str()).copied().unwrap_or(0.0)))
        .collect();
    let total = ProjectRow {
        project_id: TOTAL.to_string(),
        project_name: "All projects".to_string(),
        area: crate::aggregate::ALL_AREAS.to_string(),
        cost: tables.projects.iter().map(|p| p.cost).sum(),
        in_kind: tables.projects.iter().map(|p| p.in_kind).sum(),
        participants: tables.projects.iter().map(|p| p.participants).sum(),
        outcomes: tables.projects.iter().map(|p| p.outcomes).sum(),
        ls_change_sum: tables.projects.iter().map(|p| p.ls_change_sum).sum(),
        ls_paired: tables.projects.iter().map(|p| p.ls_paired).sum(),
        ..ProjectRow::default()
    };
    vfm.push(row(&total, fiscal.values().sum()));
    Ok(Valued {
        vfm,
        price_year: v.report_price_year.clone(),
        wellby_values,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persistence_with_drop_off_and_discounting() {
        // One year: only year 0, undiscounted → 1.
        assert_eq!(persistence_factor(1, 0.5, 0.035), 1.0);
        // Three years, 50 % drop-off, 3.5 %: 1 + 0.5/1.035 + 0.25/1.071225
        // = 1 + 0.483092 + 0.233378 = 1.716470
        assert!((persistence_factor(3, 0.5, 0.035) - 1.716470).abs() < 1e-6);
    }

    #[test]
    fn per_is_empty_when_divisor_is_zero() {
        assert_eq!(per(100.0, 0.0), None);
        assert_eq!(per(100.0, 4.0), Some(25.0));
    }
}
