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
    /// Longest text in one cell, in characters. Excel itself stops at
    /// 32,767, so a longer cell was made by a program, not a person.
    #[serde(default = "default_max_cell_chars")]
    pub max_cell_chars: u64,
    /// Largest shared-strings part of an xlsx, uncompressed. calamine holds
    /// every shared string in memory at once (about 2.5 times the part's
    /// size), unlike the sheets, which needle streams.
    #[serde(default = "default_max_shared_strings_bytes")]
    pub max_shared_strings_bytes: u64,
}

fn default_max_cell_chars() -> u64 {
    32_767
}

fn default_max_shared_strings_bytes() -> u64 {
    64 * 1024 * 1024
}

pub(super) fn parse(file: &str, text: &str) -> Result<Limits, ConfigError> {
    let l: Limits = parse_toml(file, text)?;
    for (k, v) in [
        ("max_file_bytes", l.max_file_bytes),
        ("max_uncompressed_bytes", l.max_uncompressed_bytes),
        ("max_cells_per_sheet", l.max_cells_per_sheet),
        ("max_rows_per_sheet", l.max_rows_per_sheet),
        ("max_cell_chars", l.max_cell_chars),
        ("max_shared_strings_bytes", l.max_shared_strings_bytes),
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
            max_cell_chars: default_max_cell_chars(),
            max_shared_strings_bytes: default_max_shared_strings_bytes(),
        }
    }
}
