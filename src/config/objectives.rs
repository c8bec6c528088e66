//! The six objectives of "No Health Without Mental Health".

use serde::Deserialize;

use super::{ConfigError, parse_toml};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub id: u8,
    pub name: String,
    pub short: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    objectives: Vec<Objective>,
}

pub(super) fn parse(file: &str, text: &str) -> Result<Vec<Objective>, ConfigError> {
    let f: File = parse_toml(file, text)?;
    let ids: Vec<u8> = f.objectives.iter().map(|o| o.id).collect();
    if ids != [1, 2, 3, 4, 5, 6] {
        return Err(ConfigError::new(
            file,
            "objectives",
            format!("expected the six objectives with ids 1 to 6 in order, found ids {ids:?}"),
        ));
    }
    Ok(f.objectives)
}
