//! Limits on input files.

use serde::Deserialize;

use super::{ConfigError, parse_toml};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    pub max_file_bytes: u64,
    pub max_uncompressed_bytes: u64,
    pub max_cells_per_sheet: u64,
    pub max_rows_per_sheet: u64,
}

pub(super) fn parse(file: &str, text: &str) -> Result<Limits, ConfigError> {
    let l: Limits = parse_toml(file, text)?;
    for (k, v) in [
        ("max_file_bytes", l.max_file_bytes),
        ("max_uncompressed_bytes", l.max_uncompressed_bytes),
        ("max_cells_per_sheet", l.max_cells_per_sheet),
        ("max_rows_per_sheet", l.max_rows_per_sheet),
    ] {
        if v == 0 {
            return Err(ConfigError::new(file, k, "must be greater than 0"));
        }
    }
    Ok(l)
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 50 * 1024 * 1024,
            max_uncompressed_bytes: 256 * 1024 * 1024,
            max_cells_per_sheet: 2_000_000,
            max_rows_per_sheet: 200_000,
        }
    }
}
