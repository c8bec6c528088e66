//! Value: value-for-money tables from the aggregated tables.
//!
//! Figures and adjustments come from config/valuation.toml (and a user's
//! `--valuation FILE`), every £ figure uprated to the report price year with
//! the GDP deflator. Definitions are in docs/methods.md; in short:
//!
//! - WELLBYs = Σ change in ONS4 life satisfaction (paired people), plus any
//!   user-configured conversion of another measure, × the persistence
//!   factor Σₜ (1 − drop-off)ᵗ / (1 + r)ᵗ over the duration;
//! - fiscal value = Σ reductions in before/after counts × uprated unit cost,
//!   also split by the agency that bears each cost (NHS, local authority,
//!   other);
//! - social value = (WELLBYs × WELLBY value + fiscal value + proxy value) ×
//!   additionality, at the low, central and high WELLBY values;
//! - BCR = social value ÷ (cost + in-kind value); switching value = 1 − 1/BCR.

mod bootstrap;
mod equity;
mod headline;
mod menu;
mod offers;
mod tariff;

pub use bootstrap::{
    Interval, Partials, UncertaintyRow, bootstrap_cost_per_outcome, bootstrap_mean, uncertainty,
};
pub use equity::{EquityRow, equity};
pub use headline::{Headline, Share, ShareRow, headline};
pub use menu::{MenuRow, MenuStatus, TOLERANCE_GBP, compare};
pub use offers::{OfferRow, offers, stories as offer_stories, trade};
pub use tariff::{PbrRow, payments};

use crate::aggregate::{Level, Tables, UnitRow};
use crate::config::{Agency, Config, LIFE_SATISFACTION, ProxyBasis};
use crate::core::Quarter;
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

/// One fiscal line: a before/after indicator valued at its unit cost.
#[derive(Debug, Clone, PartialEq)]
pub struct FiscalLine {
    pub indicator: String,
    pub unit_cost_label: String,
    /// Whose budget bears the unit cost.
    pub agency: Agency,
    pub reduction: f64,
    /// Unit cost uprated to the report price year.
    pub unit_cost_gbp: f64,
    pub value_gbp: f64,
}

/// Every VfM figure of one unit (project, area, activity type or total).
#[derive(Debug, Clone, PartialEq)]
pub struct UnitValue {
    pub unit: UnitRow,
    pub cost_per_session: Option<f64>,
    pub cost_per_hour: Option<f64>,
    pub cost_per_participant: Option<f64>,
    pub cost_per_attendance: Option<f64>,
    pub cost_per_outcome: Option<f64>,
    pub cost_per_recovery: Option<f64>,
    /// Outcomes ÷ people with a paired measure.
    pub rate_outcome: Option<f64>,
    /// Recoveries ÷ people at caseness at the start (NHS Talking Therapies'
    /// recovery rate).
    pub recovery_rate: Option<f64>,
    /// Reliable improvements and deteriorations ÷ people judged on a
    /// clinical measure.
    pub reliable_improvement_rate: Option<f64>,
    pub reliable_deterioration_rate: Option<f64>,
    /// People with a paired life-satisfaction score.
    pub wellby_people: u64,
    /// WELLBYs from life satisfaction, and from user conversions (assumption).
    pub wellbys_life_satisfaction: f64,
    pub wellbys_converted: f64,
    pub wellbys: f64,
    pub cost_per_wellby: Option<f64>,
    pub fiscal: Vec<FiscalLine>,
    pub fiscal_gbp: f64,
    /// Fiscal value by the agency that bears the cost, every agency of
    /// [`Agency::ALL`] in that order (0 where none of its services fell).
    pub fiscal_by_agency: Vec<(Agency, f64)>,
    /// Value from the user's own proxies (before additionality).
    pub proxy_gbp: f64,
    /// Wellbeing value before additionality at the central WELLBY value.
    pub wellbeing_central_gbp: f64,
    pub value_low_gbp: f64,
    pub value_central_gbp: f64,
    pub value_high_gbp: f64,
    pub bcr_low: Option<f64>,
    pub bcr_central: Option<f64>,
    pub bcr_high: Option<f64>,
    /// How far the central value could fall before the BCR drops below 1:
    /// 1 − 1/BCR (negative when the BCR is already below 1).
    pub switching_value: Option<f64>,
}

/// The value stage's output.
#[derive(Debug, Clone, PartialEq)]
pub struct Valued {
    pub vfm: Vec<VfmRow>,
    /// The report's key figures, against the quarter before.
    pub headline: Headline,
    pub units: Vec<UnitValue>,
    pub equity: Vec<EquityRow>,
    pub uncertainty: Vec<UncertaintyRow>,
    /// Payment by results under `--tariff` (empty without one).
    pub pbr: Vec<PbrRow>,
    /// Prices paid against the suppliers' menu under `--menu` (empty
    /// without one).
    pub menu: Vec<MenuRow>,
    /// Each menu offer's record over the period, and the suppliers' trade
    /// by quarter (`needle menu`; empty without a menu). Set by the run,
    /// which holds every quarter's facts (`crate::runs::stages`).
    pub offers: Vec<OfferRow>,
    pub trade: Vec<crate::aggregate::SupplierRow>,
    /// Report price year of every £ figure.
    pub price_year: String,
    /// WELLBY values (low, central, high) in the report price year.
    pub wellby_values: (f64, f64, f64),
    pub persistence: f64,
    pub additionality: f64,
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

/// Switching value: the share by which value could fall before the
/// benefit–cost ratio drops below 1 (1 − 1/BCR); None without a positive BCR.
pub fn switching_value(bcr: Option<f64>) -> Option<f64> {
    bcr.filter(|b| *b > 0.0).map(|b| 1.0 - 1.0 / b)
}

/// The run's valuation, worked out once for every unit.
struct Rates<'a> {
    config: &'a Config,
    /// WELLBY values (low, central, high) in the report price year.
    wellby_values: (f64, f64, f64),
    persistence: f64,
    additional: f64,
}

/// The factor that uprates a `year` price to the report price year.
fn uprate(v: &crate::config::Valuation, year: &str) -> Result<f64, ValueError> {
    v.uprate_factor(year)
        .ok_or_else(|| ValueError::NoDeflator(year.to_string()))
}

/// The value stage's entry point. Each project's bootstrap intervals are
/// taken from `partials` when kept there, and kept there when drawn
/// (`&()` keeps nothing).
pub fn value(
    tables: &Tables,
    facts: &Facts,
    config: &Config,
    partials: &dyn Partials,
) -> Result<Valued, ValueError> {
    let v = &config.valuation;
    let w = uprate(v, &v.wellby.price_year)?;
    let a = &v.additionality;
    let rates = Rates {
        config,
        wellby_values: (v.wellby.low * w, v.wellby.central * w, v.wellby.high * w),
        persistence: persistence_factor(
            a.duration_years.value as u32,
            a.drop_off.value,
            v.wellby_discount_rate.value,
        ),
        additional: a.factor(),
    };
    let units = tables
        .units
        .iter()
        .map(|u| rates.unit(u))
        .collect::<Result<Vec<_>, _>>()?;
    // The quarter before, valued the same way, for the summary's changes.
    let previous = tables
        .previous
        .as_ref()
        .map(|u| rates.unit(u))
        .transpose()?;
    let menu = config
        .menu
        .as_ref()
        .map(|m| compare(facts, tables.quarter, m))
        .unwrap_or_default();
    Ok(Valued {
        vfm: vfm_rows(&units, tables.quarter),
        headline: headline(tables.period, &units, previous),
        equity: equity(facts, tables.quarter),
        uncertainty: uncertainty(
            facts,
            tables,
            &v.bootstrap,
            config.pairing.objective,
            partials,
        ),
        pbr: config
            .tariff
            .as_ref()
            .map(|t| payments(tables, t))
            .unwrap_or_default(),
        menu,
        offers: Vec::new(),
        trade: Vec::new(),
        units,
        price_year: v.report_price_year.clone(),
        wellby_values: rates.wellby_values,
        persistence: rates.persistence,
        additionality: rates.additional,
    })
}

/// vfm.csv's rows: the project units, then the total.
fn vfm_rows(units: &[UnitValue], quarter: Quarter) -> Vec<VfmRow> {
    units
        .iter()
        .filter(|x| matches!(x.unit.level, Some(Level::Project) | Some(Level::Total)))
        .map(|x| VfmRow {
            quarter,
            // The total unit's key is TOTAL already.
            project_id: x.unit.key.clone(),
            project_name: x.unit.name.clone(),
            area: x.unit.area.clone(),
            cost_gbp: x.unit.cost,
            in_kind_gbp: x.unit.in_kind,
            participants: x.unit.participants,
            cost_per_participant: x.cost_per_participant,
            outcomes: x.unit.outcomes,
            cost_per_outcome: x.cost_per_outcome,
            wellbys: x.wellbys,
            value_low_gbp: x.value_low_gbp,
            value_central_gbp: x.value_central_gbp,
            value_high_gbp: x.value_high_gbp,
            bcr_central: x.bcr_central,
            fiscal_gbp: x.fiscal_gbp,
            wellby_people: x.wellby_people,
        })
        .collect()
}

impl Rates<'_> {
    /// WELLBYs from life satisfaction, and from the user's conversions of
    /// other measures (an assumption).
    fn wellbys(&self, u: &UnitRow) -> (f64, f64) {
        let (_, ls_sum) = u
            .changes
            .get(LIFE_SATISFACTION)
            .copied()
            .unwrap_or((0, 0.0));
        let mut converted = 0.0;
        for c in &self.config.valuation.wellby_conversions {
            let Some(m) = self.config.measure_by_id(&c.measure) else {
                continue;
            };
            let (_, sum) = u.changes.get(&c.measure).copied().unwrap_or((0, 0.0));
            // Σ change as improvement in the better direction (Σ(f − b)
            // taken as one change from 0).
            let improvement = m.improvement(0.0, sum);
            converted += improvement * c.wellby_per_point * self.persistence;
        }
        (ls_sum * self.persistence, converted)
    }

    /// Each before/after reduction with a unit cost, valued at it.
    fn fiscal(&self, u: &UnitRow) -> Result<Vec<FiscalLine>, ValueError> {
        let v = &self.config.valuation;
        let mut fiscal = Vec::new();
        for (ind_id, reduction) in &u.reductions {
            let Some(ind) = self.config.indicator_by_id(ind_id) else {
                continue;
            };
            let Some(uc) = ind.unit_cost.as_ref().and_then(|k| v.unit_costs.get(k)) else {
                continue;
            };
            let unit_cost_gbp = uc.value * uprate(v, &uc.price_year)?;
            fiscal.push(FiscalLine {
                indicator: ind_id.clone(),
                unit_cost_label: uc.label.clone(),
                agency: uc.agency,
                reduction: *reduction,
                unit_cost_gbp,
                value_gbp: reduction * unit_cost_gbp,
            });
        }
        Ok(fiscal)
    }

    /// Value from the user's own proxies (before additionality).
    fn proxies(&self, u: &UnitRow) -> Result<f64, ValueError> {
        let v = &self.config.valuation;
        let mut proxy_gbp = 0.0;
        for p in &v.proxies {
            let amount = match p.per {
                ProxyBasis::Numerator => u.numerators.get(&p.indicator).copied().unwrap_or(0.0),
                ProxyBasis::Reduction => u.reductions.get(&p.indicator).copied().unwrap_or(0.0),
            };
            proxy_gbp += amount * p.value * uprate(v, &p.price_year)?;
        }
        Ok(proxy_gbp)
    }

    /// Every VfM figure of one unit.
    fn unit(&self, u: &UnitRow) -> Result<UnitValue, ValueError> {
        let (wellbys_life_satisfaction, wellbys_converted) = self.wellbys(u);
        let wellbys = wellbys_life_satisfaction + wellbys_converted;
        let fiscal = self.fiscal(u)?;
        let fiscal_gbp: f64 = fiscal.iter().map(|f| f.value_gbp).sum();
        let fiscal_by_agency = Agency::ALL
            .iter()
            .map(|&a| {
                let lines = fiscal.iter().filter(|f| f.agency == a);
                (a, lines.map(|f| f.value_gbp).sum())
            })
            .collect();
        let proxy_gbp = self.proxies(u)?;
        let wv = self.wellby_values;
        let value_at = |w: f64| (wellbys * w + fiscal_gbp + proxy_gbp) * self.additional;
        let total_cost = u.cost + u.in_kind;
        let (low, central, high) = (value_at(wv.0), value_at(wv.1), value_at(wv.2));
        let bcr_central = per(central, total_cost);
        Ok(UnitValue {
            unit: u.clone(),
            cost_per_session: per(u.cost, u.sessions),
            cost_per_hour: per(u.cost, u.hours),
            cost_per_participant: per(u.cost, u.participants),
            cost_per_attendance: per(u.cost, u.attendances),
            cost_per_outcome: per(u.cost, u.outcomes as f64),
            cost_per_recovery: per(u.cost, u.recoveries as f64),
            rate_outcome: per(u.outcomes as f64, u.n_people_paired as f64),
            recovery_rate: per(u.recoveries as f64, u.n_caseness_baseline as f64),
            reliable_improvement_rate: per(u.n_reliable_improvement as f64, u.n_clinical as f64),
            reliable_deterioration_rate: per(
                u.n_reliable_deterioration as f64,
                u.n_clinical as f64,
            ),
            wellby_people: u.changes.get(LIFE_SATISFACTION).map_or(0, |c| c.0),
            wellbys_life_satisfaction,
            wellbys_converted,
            wellbys,
            cost_per_wellby: if wellbys > 0.0 {
                per(u.cost, wellbys)
            } else {
                None
            },
            fiscal,
            fiscal_gbp,
            fiscal_by_agency,
            proxy_gbp,
            wellbeing_central_gbp: wellbys * wv.1,
            value_low_gbp: low,
            value_central_gbp: central,
            value_high_gbp: high,
            bcr_low: per(low, total_cost),
            bcr_central,
            bcr_high: per(high, total_cost),
            switching_value: switching_value(bcr_central),
        })
    }
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

    #[test]
    fn switching_value_by_hand() {
        // BCR 4: value could fall by 1 − 1/4 = 75 % before the ratio is 1.
        assert_eq!(switching_value(Some(4.0)), Some(0.75));
        // BCR 0.5: it would have to double (−100 %).
        assert_eq!(switching_value(Some(0.5)), Some(-1.0));
        assert_eq!(switching_value(Some(0.0)), None);
        assert_eq!(switching_value(None), None);
    }
}
