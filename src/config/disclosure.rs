//! Statistical disclosure control settings.

use serde::Deserialize;

use super::{ConfigError, parse_toml};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    pub suppress_up_to: u64,
    pub symbol: String,
    pub round_to: u64,
    pub min_people_for_statistic: u64,
    pub source: String,
}

pub(super) fn parse(file: &str, text: &str) -> Result<Disclosure, ConfigError> {
    let d: Disclosure = parse_toml(file, text)?;
    if d.round_to == 0 {
        return Err(ConfigError::new(
            file,
            "round_to",
            "must be 1 or more (1 = no rounding)",
        ));
    }
    if d.symbol.is_empty() {
        return Err(ConfigError::new(file, "symbol", "must not be empty"));
    }
    Ok(d)
}
