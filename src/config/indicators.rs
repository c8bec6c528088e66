//! Indicators counted by projects on the Counts sheet.

use serde::Deserialize;

use super::{ConfigError, Objective, Valuation, parse_toml};
use crate::core::text::normalise_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// Numerator of Denominator people.
    Proportion,
    /// A count of people or events.
    Count,
    /// Baseline (quarter before joining) vs Numerator (this quarter).
    BeforeAfter,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub objective: u8,
    pub kind: IndicatorKind,
    #[serde(default)]
    pub unit_cost: Option<String>,
    pub meaning: String,
}

impl Indicator {
    pub fn keys(&self) -> impl Iterator<Item = String> + '_ {
        self.names().map(normalise_key)
    }

    /// Id, name and aliases as written in config.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        std::iter::once(self.id.as_str())
            .chain(std::iter::once(self.name.as_str()))
            .chain(self.aliases.iter().map(String::as_str))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    indicators: Vec<Indicator>,
}

pub(super) fn parse(
    file: &str,
    text: &str,
    objectives: &[Objective],
    valuation: &Valuation,
) -> Result<Vec<Indicator>, ConfigError> {
    let f: File = parse_toml(file, text)?;
    for i in &f.indicators {
        let key = |k: &str| format!("indicators.{}.{k}", i.id);
        if !objectives.iter().any(|o| o.id == i.objective) {
            return Err(ConfigError::new(
                file,
                key("objective"),
                format!("no objective with id {}", i.objective),
            ));
        }
        match (&i.kind, &i.unit_cost) {
            (IndicatorKind::BeforeAfter, Some(c)) if !valuation.unit_costs.contains_key(c) => {
                return Err(ConfigError::new(
                    file,
                    key("unit_cost"),
                    format!("valuation.toml has no unit cost '{c}'"),
                ));
            }
            (IndicatorKind::BeforeAfter, _) => {}
            (_, Some(_)) => {
                return Err(ConfigError::new(
                    file,
                    key("unit_cost"),
                    "only before_after indicators have a unit cost",
                ));
            }
            (_, None) => {}
        }
        if f.indicators.iter().filter(|x| x.id == i.id).count() > 1 {
            return Err(ConfigError::new(
                file,
                key("id"),
                "two indicators have this id",
            ));
        }
    }
    Ok(f.indicators)
}
