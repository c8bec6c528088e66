//! The configuration a run uses, loaded in one place: the built-in
//! config/ or a folder of its files (`--config`), then a user's own
//! valuation figures (`--valuation`), a payment-by-results tariff
//! (`--tariff`) and a suppliers' menu of prices (`--menu`). Each file is
//! recorded with its sha256 for manifest.json.

use crate::config::{Config, ConfigError, Menu};
use crate::core::Issue;
use crate::ingest::{IngestError, read_table_file};
use std::path::Path;

/// The files a run's configuration comes from; each is optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConfigFiles<'a> {
    pub dir: Option<&'a Path>,
    pub valuation: Option<&'a Path>,
    pub tariff: Option<&'a Path>,
    pub menu: Option<&'a Path>,
}

/// A configuration that could not be loaded, and which file is to blame.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("the configuration is invalid: {0}")]
    Config(ConfigError),
    #[error("the --valuation file is invalid: {0}")]
    Valuation(ConfigError),
    #[error("the --tariff file is invalid: {0}")]
    Tariff(ConfigError),
    #[error("the --menu file {file} could not be read: {why}")]
    MenuUnreadable { file: String, why: String },
    /// Every error of the menu, each with its sheet, cell and fix.
    #[error("the --menu file has {} problem(s); nothing was written:\n  {}", .problems.len(), .problems.join("\n  "))]
    Menu { problems: Vec<String> },
}

/// A loaded configuration, and what is worth saying about it without
/// stopping (a menu's warnings), each line naming its file and cell.
#[derive(Debug)]
pub struct Loaded {
    pub config: Config,
    pub warnings: Vec<String>,
}

/// Loads the configuration from `files`.
pub fn load_config(files: &ConfigFiles) -> Result<Loaded, LoadError> {
    let mut config = Config::load(files.dir).map_err(LoadError::Config)?;
    if let Some(v) = files.valuation {
        config.add_user_valuation(v).map_err(LoadError::Valuation)?;
    }
    if let Some(t) = files.tariff {
        config.add_tariff(t).map_err(LoadError::Tariff)?;
    }
    let mut warnings = Vec::new();
    if let Some(m) = files.menu {
        warnings = add_menu(&mut config, m)?;
    }
    Ok(Loaded { config, warnings })
}

/// Reads a suppliers' menu with the return's layout rules. A menu with
/// errors is refused whole, every problem listed with its cell and fix;
/// its warnings are returned and the run goes on.
fn add_menu(config: &mut Config, path: &Path) -> Result<Vec<String>, LoadError> {
    let file = path.display().to_string();
    let (wb, sha) = read_table_file(path, &config.limits).map_err(|e| {
        let why = match e {
            IngestError::WrongType(kind) => {
                format!("it is {kind}. Save the menu as a .csv, .xlsx or .ods file")
            }
            other => other.to_string(),
        };
        LoadError::MenuUnreadable {
            file: file.clone(),
            why,
        }
    })?;
    let show = |i: &Issue| {
        let mut at = file.clone();
        if !i.sheet.is_empty() {
            at.push_str(&format!(", sheet {}", i.sheet));
        }
        if !i.cell.is_empty() {
            at.push_str(&format!(", cell {}", i.cell));
        }
        format!("{at}: {} {}", i.message, i.hint)
    };
    match crate::contract::menu(&wb, &file) {
        Ok((items, warnings)) => {
            let warnings = warnings.iter().map(show).collect();
            config.add_menu(Menu { file, items }, sha);
            Ok(warnings)
        }
        Err(issues) => Err(LoadError::Menu {
            problems: issues.iter().filter(|i| i.is_error()).map(show).collect(),
        }),
    }
}
