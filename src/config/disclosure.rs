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
    /// The audit (src/audit) calls a withheld count disclosed when what
    /// the edition publishes leaves it fewer candidate values than this.
    #[serde(default = "three")]
    pub min_candidates: u64,
    pub source: String,
}

fn three() -> u64 {
    3
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
    if d.min_candidates < 2 {
        return Err(ConfigError::new(
            file,
            "min_candidates",
            "must be 2 or more (a withheld count with one candidate is disclosed)",
        ));
    }
    if d.symbol.is_empty() {
        return Err(ConfigError::new(file, "symbol", "must not be empty"));
    }
    Ok(d)
}
