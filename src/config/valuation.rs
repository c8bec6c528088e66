//! Valuation figures: WELLBY value, unit costs, discounting, additionality,
//! and the GDP deflator that brings every £ figure to one price year.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{ConfigError, parse_toml};

/// A number with its provenance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub value: f64,
    pub assumption: bool,
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WellbyValue {
    pub central: f64,
    pub low: f64,
    pub high: f64,
    pub price_year: String,
    pub source: String,
    pub licence: String,
}

/// The agency whose budget bears a unit cost, and so feels the saving
/// when use of the service falls (HM Treasury local cost-benefit guidance;
/// the GMCA model splits fiscal value the same way).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
pub enum Agency {
    #[serde(rename = "NHS")]
    Nhs,
    #[serde(rename = "local authority")]
    LocalAuthority,
    #[serde(rename = "other")]
    Other,
}

impl Agency {
    pub const ALL: [Agency; 3] = [Agency::Nhs, Agency::LocalAuthority, Agency::Other];

    /// As written in config and in the published tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Agency::Nhs => "NHS",
            Agency::LocalAuthority => "local authority",
            Agency::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitCost {
    pub label: String,
    /// Who bears the cost: "NHS", "local authority" or "other".
    pub agency: Agency,
    pub value: f64,
    pub price_year: String,
    pub assumption: bool,
    pub source: String,
    pub licence: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Additionality {
    pub deadweight: Figure,
    pub attribution: Figure,
    pub displacement: Figure,
    pub drop_off: Figure,
    pub duration_years: Figure,
}

impl Additionality {
    /// The share of gross value that is additional:
    /// (1 − deadweight) × (1 − attribution) × (1 − displacement).
    pub fn factor(&self) -> f64 {
        (1.0 - self.deadweight.value)
            * (1.0 - self.attribution.value)
            * (1.0 - self.displacement.value)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Deflator {
    pub series: String,
    pub source: String,
    pub licence: String,
    /// Calendar-year index values, keyed "2019".
    pub annual: BTreeMap<String, f64>,
    /// Quarterly index values, keyed "2019 Q1".
    pub quarterly: BTreeMap<String, f64>,
}

impl Deflator {
    /// Index value for a price year: a calendar year ("2019") uses the
    /// annual value; a financial year ("2011-12", April to March) the mean of
    /// its four quarters (Q2, Q3, Q4 of the first year and Q1 of the next).
    pub fn index(&self, price_year: &str) -> Option<f64> {
        if let Some(v) = self.annual.get(price_year) {
            return Some(*v);
        }
        let (y, next) = parse_financial_year(price_year)?;
        let keys = [
            format!("{y} Q2"),
            format!("{y} Q3"),
            format!("{y} Q4"),
            format!("{next} Q1"),
        ];
        let mut sum = 0.0;
        for k in &keys {
            sum += self.quarterly.get(k)?;
        }
        Some(sum / 4.0)
    }
}

/// "2011-12" or "2011/12" → (2011, 2012).
fn parse_financial_year(s: &str) -> Option<(i32, i32)> {
    let (a, b) = s.split_once(['-', '/'])?;
    let y: i32 = a.trim().parse().ok()?;
    let b = b.trim();
    let next: i32 = match b.len() {
        2 => y / 100 * 100 + b.parse::<i32>().ok()?,
        4 => b.parse().ok()?,
        _ => return None,
    };
    let next = if next < y { next + 100 } else { next };
    (next == y + 1).then_some((y, next))
}

/// Bootstrap settings for the uncertainty intervals.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bootstrap {
    pub resamples: u32,
    pub seed: u64,
    pub confidence: f64,
}

/// A user-configured conversion of another measure's change into WELLBYs.
/// Never shipped; always labelled as an assumption in the outputs.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WellbyConversion {
    /// Measure id, e.g. "SWEMWBS".
    pub measure: String,
    /// WELLBYs per point of improvement in the measure's units (a
    /// lower-is-better measure's fall counts as improvement).
    pub wellby_per_point: f64,
    pub source: String,
}

/// What a proxy value is paid per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProxyBasis {
    /// Per unit of the indicator's numerator (e.g. per person volunteering).
    Numerator,
    /// Per unit of a before/after indicator's reduction.
    Reduction,
}

/// A user's own financial proxy for a Counts indicator (e.g. a HACT value
/// they are licensed to use). None are shipped.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proxy {
    pub label: String,
    /// Indicator id from indicators.toml.
    pub indicator: String,
    pub value: f64,
    pub per: ProxyBasis,
    pub price_year: String,
    pub source: String,
    pub licence: String,
}

/// The contents of a `--valuation FILE`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserValuation {
    #[serde(default)]
    pub proxies: Vec<Proxy>,
    #[serde(default)]
    pub wellby_conversions: Vec<WellbyConversion>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Valuation {
    pub report_price_year: String,
    /// Discounts money a year.
    pub discount_rate: Figure,
    /// Discounts WELLBYs a year (the health rate).
    pub wellby_discount_rate: Figure,
    pub wellby: WellbyValue,
    pub unit_costs: BTreeMap<String, UnitCost>,
    pub additionality: Additionality,
    pub bootstrap: Bootstrap,
    pub deflator: Deflator,
    #[serde(default)]
    pub proxies: Vec<Proxy>,
    #[serde(default)]
    pub wellby_conversions: Vec<WellbyConversion>,
}

impl Valuation {
    /// Multiplier that takes £ in `from` prices to the report price year.
    pub fn uprate_factor(&self, from: &str) -> Option<f64> {
        Some(self.deflator.index(&self.report_price_year)? / self.deflator.index(from)?)
    }
}

pub(super) fn parse(file: &str, text: &str) -> Result<Valuation, ConfigError> {
    let v: Valuation = parse_toml(file, text)?;
    let need = |key: &str, year: &str| -> Result<(), ConfigError> {
        if v.deflator.index(year).is_none() {
            return Err(ConfigError::new(
                file,
                key,
                format!(
                    "the deflator has no value for price year '{year}': add it under [deflator.annual] or [deflator.quarterly]"
                ),
            ));
        }
        Ok(())
    };
    need("report_price_year", &v.report_price_year)?;
    need("wellby.price_year", &v.wellby.price_year)?;
    for (k, c) in &v.unit_costs {
        need(&format!("unit_costs.{k}.price_year"), &c.price_year)?;
        if c.value < 0.0 {
            return Err(ConfigError::new(
                file,
                format!("unit_costs.{k}.value"),
                "must not be negative",
            ));
        }
    }
    if !(100..=100_000).contains(&v.bootstrap.resamples) {
        return Err(ConfigError::new(
            file,
            "bootstrap.resamples",
            "must be between 100 and 100000",
        ));
    }
    if !(v.bootstrap.confidence > 0.5 && v.bootstrap.confidence < 1.0) {
        return Err(ConfigError::new(
            file,
            "bootstrap.confidence",
            "must be between 0.5 and 1, e.g. 0.95",
        ));
    }
    if !(v.wellby.low <= v.wellby.central && v.wellby.central <= v.wellby.high) {
        return Err(ConfigError::new(
            file,
            "wellby",
            "needs low <= central <= high",
        ));
    }
    let a = &v.additionality;
    for (k, f) in [
        ("deadweight", &a.deadweight),
        ("attribution", &a.attribution),
        ("displacement", &a.displacement),
        ("drop_off", &a.drop_off),
    ] {
        if !(0.0..=1.0).contains(&f.value) {
            return Err(ConfigError::new(
                file,
                format!("additionality.{k}"),
                "must be a fraction from 0 to 1",
            ));
        }
    }
    let d = a.duration_years.value;
    if d < 1.0 || d.fract() != 0.0 || d > 30.0 {
        return Err(ConfigError::new(
            file,
            "additionality.duration_years",
            "must be a whole number of years from 1 to 30",
        ));
    }
    for (key, rate) in [
        ("discount_rate", &v.discount_rate),
        ("wellby_discount_rate", &v.wellby_discount_rate),
    ] {
        if !(0.0..1.0).contains(&rate.value) {
            return Err(ConfigError::new(
                file,
                key,
                "must be a fraction from 0 to 1",
            ));
        }
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn financial_years_average_their_quarters() {
        let v = Config::builtin().unwrap().valuation;
        // 2011-12 = mean(2011 Q2..Q4, 2012 Q1) = (78.5 + 79.0 + 79.5 + 79.8) / 4 = 79.2
        assert!((v.deflator.index("2011-12").unwrap() - 79.2).abs() < 1e-9);
        // 2024-25 = (110.1 + 112.1 + 113.2 + 114.1) / 4 = 449.5 / 4 = 112.375
        assert!((v.deflator.index("2024-25").unwrap() - 112.375).abs() < 1e-9);
        // A calendar year uses the annual value.
        assert_eq!(v.deflator.index("2019"), Some(90.3));
        assert_eq!(v.deflator.index("2031-32"), None);
    }

    #[test]
    fn uprating_to_the_report_year() {
        let v = Config::builtin().unwrap().valuation;
        // WELLBY £13,000 in 2019 prices to 2024-25: 13000 × 112.375 / 90.3 = 16,178.02
        let f = v.uprate_factor("2019").unwrap();
        assert!((13000.0 * f - 16178.02).abs() < 0.01, "{}", 13000.0 * f);
    }
}
