//! Configuration as data, with provenance.
//!
//! Everything a commissioner may change lives in TOML under `config/`:
//! objectives, measures, indicators, valuation figures, disclosure rules and
//! file limits. The repository's own `config/` is compiled into the binary as
//! the default, so `needle` runs anywhere; `--config DIR` reads another folder
//! (any file missing there falls back to the default). An invalid config fails
//! fast, naming the file, the key and the reason.

mod disclosure;
mod expected;
mod indicators;
mod limits;
mod measures;
mod menu;
mod objectives;
mod tariff;
mod valuation;

use std::path::{Path, PathBuf};

pub use disclosure::Disclosure;
pub use expected::{Expected, ExpectedProject};
pub use indicators::{Indicator, IndicatorKind};
pub use limits::Limits;
pub use measures::{
    Better, CasenessRule, Cutoff, CutoffKind, Descriptor, FinishedCourse, LIFE_SATISFACTION,
    Measure, Pairing, Threshold,
};
pub use menu::{Menu, MenuItem, MenuUnit};
pub use objectives::Objective;
pub use tariff::{OutcomeType, Payment, Tariff};
pub use valuation::{Additionality, Agency, Figure, UnitCost, Valuation, WellbyValue};
pub use valuation::{Bootstrap, Proxy, ProxyBasis, UserValuation, WellbyConversion};

use crate::core::text::{is_key_of, normalise_key};

/// A config that could not be used: which file, which key, and why.
#[derive(Debug, thiserror::Error)]
#[error("{file}: {key}: {reason}")]
pub struct ConfigError {
    pub file: String,
    pub key: String,
    pub reason: String,
}

impl ConfigError {
    fn new(file: &str, key: impl Into<String>, reason: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_owned(),
            key: key.into(),
            reason: reason.into(),
        }
    }
}

/// The whole configuration of a run.
#[derive(Debug, Clone)]
pub struct Config {
    pub objectives: Vec<Objective>,
    pub measures: Vec<Measure>,
    /// How a person with clinical measures is judged (measures.toml).
    pub pairing: Pairing,
    /// Whom outcome figures count (measures.toml's finished_course).
    pub finished_course: FinishedCourse,
    pub indicators: Vec<Indicator>,
    pub valuation: Valuation,
    pub disclosure: Disclosure,
    pub limits: Limits,
    /// Projects that owe a return each quarter (expected.toml).
    pub expected: Expected,
    /// A payment-by-results tariff to test (`--tariff FILE`); none shipped.
    pub tariff: Option<Tariff>,
    /// Suppliers' menu of activities and prices (`--menu FILE`).
    pub menu: Option<Menu>,
    /// Every config file used, where it came from and its sha256, so
    /// manifest.json says exactly which configuration made a report.
    pub files: Vec<ConfigFile>,
}

/// One configuration file a run used.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ConfigFile {
    /// Its name in config/ (e.g. `limits.toml`), or `valuation (user)`.
    pub file: String,
    /// `built-in`, or the path it was read from.
    pub from: String,
    /// The sha256 of its text.
    pub sha256: String,
}

impl ConfigFile {
    fn new(file: &str, from: &str, text: &str) -> ConfigFile {
        ConfigFile {
            file: file.to_string(),
            from: from.to_string(),
            sha256: crate::core::hash::sha256_hex(text.as_bytes()),
        }
    }
}

/// One config file's text, where it came from, and how errors name it.
struct Source {
    name: &'static str,
    /// How an error names the file (its path, or `config/NAME (built-in)`).
    shown: String,
    /// Where it came from, for manifest.json (a path, `built-in`, `given`).
    from: String,
    text: String,
}

impl Source {
    fn builtin(name: &'static str, text: &str) -> Source {
        Source {
            name,
            shown: format!("config/{name} (built-in)"),
            from: "built-in".into(),
            text: text.to_string(),
        }
    }

    /// Every file of [`EMBEDDED`], from `dir` where it has one, else built in.
    fn read(dir: Option<&Path>) -> Result<Vec<Source>, ConfigError> {
        let mut out = Vec::new();
        for (name, builtin) in EMBEDDED {
            let path: Option<PathBuf> = dir.map(|d| d.join(name)).filter(|p| p.is_file());
            out.push(match path {
                Some(p) => {
                    let shown = p.display().to_string();
                    let text = std::fs::read_to_string(&p)
                        .map_err(|e| ConfigError::new(&shown, "", format!("cannot read: {e}")))?;
                    Source {
                        name,
                        from: shown.clone(),
                        shown,
                        text,
                    }
                }
                None => Source::builtin(name, builtin),
            });
        }
        Ok(out)
    }
}

/// The built-in copy of config/, compiled into the binary.
const EMBEDDED: &[(&str, &str)] = &[
    (
        "objectives.toml",
        include_str!("../../config/objectives.toml"),
    ),
    ("measures.toml", include_str!("../../config/measures.toml")),
    (
        "indicators.toml",
        include_str!("../../config/indicators.toml"),
    ),
    (
        "valuation.toml",
        include_str!("../../config/valuation.toml"),
    ),
    (
        "disclosure.toml",
        include_str!("../../config/disclosure.toml"),
    ),
    ("limits.toml", include_str!("../../config/limits.toml")),
    ("expected.toml", include_str!("../../config/expected.toml")),
];

impl Config {
    /// The built-in configuration (the repository's config/ at build time).
    pub fn builtin() -> Result<Config, ConfigError> {
        Config::load(None)
    }

    /// Loads config from `dir` when given (falling back to the built-in copy
    /// file by file), else the built-in copy.
    pub fn load(dir: Option<&Path>) -> Result<Config, ConfigError> {
        Config::parse(Source::read(dir)?)
    }

    /// The text of every config file as [`Config::load`] would read it from
    /// `dir` (else the built-in copy), by file name: what a checker page
    /// carries so that it knows the commissioner's measures and limits.
    pub fn source_texts(dir: Option<&Path>) -> Result<Vec<(String, String)>, ConfigError> {
        Ok(Source::read(dir)?
            .into_iter()
            .map(|s| (s.name.to_string(), s.text))
            .collect())
    }

    /// The config made of `given` (file name such as `measures.toml`, its
    /// text), falling back to the built-in copy file by file: the config a
    /// checker page carries, parsed there exactly as `load` parses files.
    pub fn from_texts(given: &[(String, String)]) -> Result<Config, ConfigError> {
        let sources = EMBEDDED
            .iter()
            .map(
                |(name, builtin)| match given.iter().find(|(n, _)| n == name) {
                    Some((_, text)) => Source {
                        name,
                        shown: format!("config/{name}"),
                        from: "given".into(),
                        text: text.clone(),
                    },
                    None => Source::builtin(name, builtin),
                },
            )
            .collect();
        Config::parse(sources)
    }

    /// [`EMBEDDED`]'s files, in its order, parsed.
    fn parse(sources: Vec<Source>) -> Result<Config, ConfigError> {
        let files: Vec<ConfigFile> = sources
            .iter()
            .map(|s| ConfigFile::new(s.name, &s.from, &s.text))
            .collect();
        let get = |i: usize| (&sources[i].shown, sources[i].text.as_str());
        let (f, t) = get(0);
        let objectives = objectives::parse(f, t)?;
        let (f, t) = get(1);
        let measures::Parsed {
            measures,
            pairing,
            finished_course,
        } = measures::parse(f, t, &objectives)?;
        let (f, t) = get(3);
        let valuation = valuation::parse(f, t)?;
        let (f, t) = get(2);
        let indicators = indicators::parse(f, t, &objectives, &valuation)?;
        let (f, t) = get(4);
        let disclosure = disclosure::parse(f, t)?;
        let (f, t) = get(5);
        let limits = limits::parse(f, t)?;
        let (f, t) = get(6);
        let expected = expected::parse(f, t)?;
        check_names_unique(&measures, &indicators)?;
        Ok(Config {
            objectives,
            measures,
            pairing,
            finished_course,
            indicators,
            valuation,
            disclosure,
            limits,
            expected,
            tariff: None,
            menu: None,
            files,
        })
    }

    /// Adds a suppliers' menu read by `contract::menu`, recording the file
    /// and its sha256 for manifest.json.
    pub fn add_menu(&mut self, menu: Menu, sha256: String) {
        self.files.push(ConfigFile {
            file: "menu (user)".to_string(),
            from: menu.file.clone(),
            sha256,
        });
        self.menu = Some(menu);
    }

    /// Adds a payment-by-results tariff (`needle report --tariff FILE`).
    pub fn add_tariff(&mut self, path: &Path) -> Result<(), ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::new(&file, "", format!("cannot read: {e}")))?;
        self.tariff = Some(tariff::parse(&file, &text)?);
        self.files
            .push(ConfigFile::new("tariff (user)", &file, &text));
        Ok(())
    }

    /// Adds a user's own proxies and WELLBY conversions (`--valuation FILE`).
    /// Each is checked against the indicators, measures and deflator.
    pub fn add_user_valuation(&mut self, path: &Path) -> Result<(), ConfigError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError::new(&file, "", format!("cannot read: {e}")))?;
        let user: valuation::UserValuation = parse_toml(&file, &text)?;
        for (i, p) in user.proxies.iter().enumerate() {
            let key = |k: &str| format!("proxies[{i}].{k}");
            let Some(ind) = self.indicator_by_id(&p.indicator) else {
                return Err(ConfigError::new(
                    &file,
                    key("indicator"),
                    format!(
                        "'{}' is not an indicator id in indicators.toml",
                        p.indicator
                    ),
                ));
            };
            if p.per == valuation::ProxyBasis::Reduction && ind.kind != IndicatorKind::BeforeAfter {
                return Err(ConfigError::new(
                    &file,
                    key("per"),
                    "'reduction' needs a before_after indicator",
                ));
            }
            if self.valuation.deflator.index(&p.price_year).is_none() {
                return Err(ConfigError::new(
                    &file,
                    key("price_year"),
                    format!("no deflator value for '{}'", p.price_year),
                ));
            }
            if p.value < 0.0 {
                return Err(ConfigError::new(
                    &file,
                    key("value"),
                    "must not be negative",
                ));
            }
        }
        for (i, c) in user.wellby_conversions.iter().enumerate() {
            if self.measure_by_id(&c.measure).is_none() {
                return Err(ConfigError::new(
                    &file,
                    format!("wellby_conversions[{i}].measure"),
                    format!("'{}' is not a measure id in measures.toml", c.measure),
                ));
            }
            if c.measure == LIFE_SATISFACTION {
                return Err(ConfigError::new(
                    &file,
                    format!("wellby_conversions[{i}].measure"),
                    "life satisfaction already converts to WELLBYs one for one",
                ));
            }
        }
        self.valuation.proxies.extend(user.proxies);
        self.valuation
            .wellby_conversions
            .extend(user.wellby_conversions);
        self.files
            .push(ConfigFile::new("valuation (user)", &file, &text));
        Ok(())
    }

    /// The measure written as `name` on a return (id, name or alias, matched
    /// leniently).
    pub fn measure(&self, name: &str) -> Option<&Measure> {
        let key = normalise_key(name);
        self.measures
            .iter()
            .find(|m| m.names().any(|n| is_key_of(&key, n)))
    }

    /// The measure with exactly this id.
    pub fn measure_by_id(&self, id: &str) -> Option<&Measure> {
        self.measures.iter().find(|m| m.id == id)
    }

    /// The indicator written as `name` on a return.
    pub fn indicator(&self, name: &str) -> Option<&Indicator> {
        let key = normalise_key(name);
        self.indicators
            .iter()
            .find(|m| m.names().any(|n| is_key_of(&key, n)))
    }

    pub fn indicator_by_id(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|m| m.id == id)
    }

    pub fn objective(&self, id: u8) -> Option<&Objective> {
        self.objectives.iter().find(|o| o.id == id)
    }
}

/// Parses one TOML file into `T`, turning serde's message into a ConfigError
/// that names the file and the offending key.
fn parse_toml<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let reason = e.message().to_string();
        let key = match e.span() {
            Some(span) => {
                let line = text[..span.start].lines().count().max(1);
                format!("line {line}")
            }
            None => String::new(),
        };
        ConfigError::new(file, key, reason)
    })
}

/// A measure and an indicator must not share a name: a return's Outcomes and
/// Counts sheets are read with the same lenient matching.
fn check_names_unique(measures: &[Measure], indicators: &[Indicator]) -> Result<(), ConfigError> {
    let mut seen: Vec<(String, String)> = Vec::new();
    for m in measures {
        for k in m.keys() {
            if let Some((_, other)) = seen.iter().find(|(s, o)| *s == k && *o != m.id) {
                return Err(ConfigError::new(
                    "measures.toml",
                    format!("measures.{}.aliases", m.id),
                    format!("the name '{k}' is also used by measure {other}"),
                ));
            }
            seen.push((k, m.id.clone()));
        }
    }
    let mut seen_i: Vec<(String, String)> = Vec::new();
    for i in indicators {
        for k in i.keys() {
            if let Some((_, other)) = seen_i.iter().find(|(s, o)| *s == k && *o != i.id) {
                return Err(ConfigError::new(
                    "indicators.toml",
                    format!("indicators.{}.aliases", i.id),
                    format!("the name '{k}' is also used by indicator {other}"),
                ));
            }
            seen_i.push((k, i.id.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_config_loads_and_has_the_full_catalogue() {
        let c = Config::builtin().unwrap();
        assert_eq!(c.objectives.len(), 6);
        let ids: Vec<&str> = c.measures.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "WEMWBS", "SWEMWBS", "ONS4-LS", "ONS4-WW", "ONS4-HAP", "ONS4-ANX", "UCLA-3",
                "PHQ-9", "GAD-7", "CORE-10", "ReQoL-10", "RIBS", "SPIN", "IES-R", "MI", "OCI",
                "PDSS", "HAI"
            ]
        );
        assert_eq!(c.measure("phq9").unwrap().id, "PHQ-9");
        assert_eq!(c.measure("Short WEMWBS").unwrap().id, "SWEMWBS");
        assert_eq!(c.indicator("A&E attendances").unwrap().id, "AE-MH");
    }

    #[test]
    fn a_cut_off_that_does_not_say_what_it_is_is_refused_with_file_and_line() {
        // A commissioner's added measure with a cut-off but no kind: is it
        // clinical caseness or a descriptive band? needle will not guess.
        let builtin = include_str!("../../config/measures.toml");
        let added = "\n[[measures]]\nid = \"MY-SCALE\"\nname = \"My scale\"\nrange = [0, 20]\nbetter = \"lower\"\nobjectives = [2]\nsource = \"s\"\nlicence = \"l\"\nmeaningful_change = { value = 3, assumption = true, source = \"s\" }\ncutoff = { rule = \"at_or_above\", threshold = 10, label = \"high\", assumption = true, source = \"s\" }\n";
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("measures.toml"),
            format!("{builtin}{added}"),
        )
        .unwrap();
        let err = Config::load(Some(dir.path())).unwrap_err();
        let line = builtin.lines().count() + added.lines().count();
        assert!(err.file.ends_with("measures.toml"), "{err}");
        assert_eq!(err.key, format!("line {line}"), "{err}");
        assert!(err.reason.contains("missing field `kind`"), "{err}");
    }

    #[test]
    fn a_bad_file_names_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("objectives.toml"),
            "[[objectives]]\nid = 1\nname = \"x\"\nshort = \"x\"\ncolour = 3\n",
        )
        .unwrap();
        let err = Config::load(Some(dir.path())).unwrap_err();
        assert!(err.file.ends_with("objectives.toml"), "{err}");
        assert!(err.reason.contains("colour"), "{err}");
    }
}
