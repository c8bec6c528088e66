//! Measures (scales) and their published thresholds.

use serde::Deserialize;

use super::{ConfigError, Objective, parse_toml};
use crate::core::text::normalise_key;

/// Which direction of change is an improvement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Better {
    Higher,
    Lower,
}

/// A threshold with its provenance.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub value: f64,
    pub assumption: bool,
    pub source: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CasenessRule {
    AtOrAbove,
    Above,
    AtOrBelow,
    Below,
}

/// What a measure's cut-off means. Every cut-off says which it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CutoffKind {
    /// A clinical threshold (NHS Talking Therapies caseness): at caseness
    /// at the start and not at follow-up is a recovery.
    Clinical,
    /// A band published to describe how scores spread (ONS4's low 0–4, a
    /// loneliness band): leaving it is a band movement, never a recovery.
    Band,
}

/// A measure's cut-off: the score range that is at caseness (clinical) or
/// in the band.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cutoff {
    pub kind: CutoffKind,
    pub rule: CasenessRule,
    pub threshold: f64,
    pub label: String,
    pub assumption: bool,
    pub source: String,
}

impl Cutoff {
    /// Whether a scored value is in the range (at caseness, in the band).
    pub fn is_case(&self, score: f64) -> bool {
        match self.rule {
            CasenessRule::AtOrAbove => score >= self.threshold,
            CasenessRule::Above => score > self.threshold,
            CasenessRule::AtOrBelow => score <= self.threshold,
            CasenessRule::Below => score < self.threshold,
        }
    }
}

/// The measure whose change converts to WELLBYs one for one (ONS4 life
/// satisfaction, 0–10).
pub const LIFE_SATISFACTION: &str = "ONS4-LS";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The entered score's [min, max].
    pub range: [f64; 2],
    #[serde(default)]
    pub integer: bool,
    /// Scored value for each entered whole number from range[0] to range[1].
    #[serde(default)]
    pub conversion: Option<Vec<f64>>,
    #[serde(default)]
    pub conversion_source: Option<String>,
    pub better: Better,
    pub objectives: Vec<u8>,
    pub source: String,
    pub licence: String,
    pub meaningful_change: Threshold,
    #[serde(default)]
    pub reliable_change: Option<Threshold>,
    /// `cutoff` in config (`caseness` is read as the same key).
    #[serde(default, alias = "caseness")]
    pub cutoff: Option<Cutoff>,
}

impl Measure {
    /// Normalised keys the measure may be written as on a return.
    pub fn keys(&self) -> impl Iterator<Item = String> + '_ {
        self.names().map(normalise_key)
    }

    /// Id, name and aliases as written in config.
    pub fn names(&self) -> impl Iterator<Item = &str> + '_ {
        std::iter::once(self.id.as_str())
            .chain(std::iter::once(self.name.as_str()))
            .chain(self.aliases.iter().map(String::as_str))
    }

    /// The scored value of an entered score, or None when the entered score
    /// has no scored value (outside the range, or not whole where a
    /// conversion table needs a whole number). Range checks with messages
    /// are the contract stage's job; this is the arithmetic.
    pub fn scored(&self, entered: f64) -> Option<f64> {
        let [lo, hi] = self.range;
        if !(lo..=hi).contains(&entered) {
            return None;
        }
        match &self.conversion {
            None => Some(entered),
            Some(table) => {
                if entered.fract() != 0.0 {
                    return None;
                }
                table.get((entered - lo) as usize).copied()
            }
        }
    }

    /// The clinical cut-off, if the measure has one: caseness, recovery
    /// and reliable recovery are judged on it.
    pub fn clinical(&self) -> Option<&Cutoff> {
        self.cutoff
            .as_ref()
            .filter(|c| c.kind == CutoffKind::Clinical)
    }

    /// The band, if the measure's cut-off is one (ONS4, UCLA-3).
    pub fn band(&self) -> Option<&Cutoff> {
        self.cutoff.as_ref().filter(|c| c.kind == CutoffKind::Band)
    }

    /// Change in the better direction (positive = improvement), scored units.
    pub fn improvement(&self, baseline: f64, followup: f64) -> f64 {
        match self.better {
            Better::Higher => followup - baseline,
            Better::Lower => baseline - followup,
        }
    }
}

/// Whom outcome figures count: people who finished a course (NHS Talking
/// Therapies counts at least two attended sessions).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FinishedCourse {
    /// A person whose Sessions attended is below this is left out of every
    /// paired outcome figure.
    pub min_sessions: u32,
    pub source: String,
}

/// A problem descriptor a People row may give, and the anxiety measure it
/// pairs with PHQ-9.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Descriptor {
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The anxiety-disorder-specific measure; None: the default anxiety
    /// measure (GAD-7).
    #[serde(default)]
    pub anxiety: Option<String>,
}

/// How a person with clinical measures is judged (NHS Talking Therapies).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pairing {
    /// The objective whose improvement is the clinical result.
    pub objective: u8,
    /// The depression measure of every pair (PHQ-9).
    pub depression: String,
    /// The anxiety measure when the descriptor gives none, or its measure
    /// is missing (GAD-7).
    pub anxiety: String,
    pub source: String,
    pub descriptors: Vec<Descriptor>,
}

impl Pairing {
    /// The descriptor written as `name` (name or alias, matched leniently).
    pub fn descriptor(&self, name: &str) -> Option<&Descriptor> {
        let key = normalise_key(name);
        self.descriptors.iter().find(|d| {
            std::iter::once(&d.name)
                .chain(&d.aliases)
                .any(|n| normalise_key(n) == key)
        })
    }

    /// The anxiety measure a person with `descriptor` is judged on.
    pub fn anxiety_for(&self, descriptor: Option<&str>) -> &str {
        descriptor
            .and_then(|d| self.descriptor(d))
            .and_then(|d| d.anxiety.as_deref())
            .unwrap_or(&self.anxiety)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    pairing: Pairing,
    finished_course: FinishedCourse,
    measures: Vec<Measure>,
}

/// What measures.toml holds.
pub(super) struct Parsed {
    pub measures: Vec<Measure>,
    pub pairing: Pairing,
    pub finished_course: FinishedCourse,
}

pub(super) fn parse(
    file: &str,
    text: &str,
    objectives: &[Objective],
) -> Result<Parsed, ConfigError> {
    let f: File = parse_toml(file, text)?;
    for m in &f.measures {
        let key = |k: &str| format!("measures.{}.{k}", m.id);
        let [lo, hi] = m.range;
        if !(lo.is_finite() && hi.is_finite() && lo < hi) {
            return Err(ConfigError::new(
                file,
                key("range"),
                "range must be [min, max] with min < max",
            ));
        }
        if let Some(table) = &m.conversion {
            let expected = (hi - lo) as usize + 1;
            if lo.fract() != 0.0 || hi.fract() != 0.0 || table.len() != expected {
                return Err(ConfigError::new(
                    file,
                    key("conversion"),
                    format!(
                        "a conversion table needs one value per whole score from {lo} to {hi} ({expected} values), found {}",
                        table.len()
                    ),
                ));
            }
            if table.windows(2).any(|w| w[1] <= w[0]) {
                return Err(ConfigError::new(
                    file,
                    key("conversion"),
                    "conversion values must increase",
                ));
            }
        }
        if m.meaningful_change.value <= 0.0 {
            return Err(ConfigError::new(
                file,
                key("meaningful_change"),
                "must be greater than 0",
            ));
        }
        if let Some(r) = &m.reliable_change
            && r.value <= 0.0
        {
            return Err(ConfigError::new(
                file,
                key("reliable_change"),
                "must be greater than 0",
            ));
        }
        if m.objectives.is_empty() {
            return Err(ConfigError::new(
                file,
                key("objectives"),
                "map the measure to at least one objective",
            ));
        }
        for o in &m.objectives {
            if !objectives.iter().any(|x| x.id == *o) {
                return Err(ConfigError::new(
                    file,
                    key("objectives"),
                    format!("no objective with id {o}"),
                ));
            }
        }
        if f.measures.iter().filter(|x| x.id == m.id).count() > 1 {
            return Err(ConfigError::new(
                file,
                key("id"),
                "two measures have this id",
            ));
        }
    }
    check_pairing(file, &f.pairing, &f.measures, objectives)?;
    Ok(Parsed {
        measures: f.measures,
        pairing: f.pairing,
        finished_course: f.finished_course,
    })
}

/// Every measure the pairing names is a clinical measure of the file, its
/// objective exists, and no descriptor name is written twice.
fn check_pairing(
    file: &str,
    p: &Pairing,
    measures: &[Measure],
    objectives: &[Objective],
) -> Result<(), ConfigError> {
    let clinical = |key: String, id: &str| match measures.iter().find(|m| m.id == id) {
        Some(m) if m.clinical().is_some() => Ok(()),
        Some(_) => Err(ConfigError::new(
            file,
            key,
            format!("'{id}' has no clinical cut-off, so it cannot decide a recovery"),
        )),
        None => Err(ConfigError::new(
            file,
            key,
            format!("no measure has id '{id}'"),
        )),
    };
    clinical("pairing.depression".into(), &p.depression)?;
    clinical("pairing.anxiety".into(), &p.anxiety)?;
    if !objectives.iter().any(|o| o.id == p.objective) {
        return Err(ConfigError::new(
            file,
            "pairing.objective",
            format!("no objective with id {}", p.objective),
        ));
    }
    let mut seen: Vec<(String, usize)> = Vec::new();
    for (i, d) in p.descriptors.iter().enumerate() {
        if let Some(a) = &d.anxiety {
            clinical(format!("pairing.descriptors[{i}].anxiety"), a)?;
        }
        for n in std::iter::once(&d.name).chain(&d.aliases) {
            let k = normalise_key(n);
            if seen.iter().any(|(s, j)| *s == k && *j != i) {
                return Err(ConfigError::new(
                    file,
                    format!("pairing.descriptors[{i}]"),
                    format!("the name '{n}' is given to two descriptors"),
                ));
            }
            seen.push((k, i));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::config::Config;

    #[test]
    fn swemwbs_raw_scores_convert_to_metric() {
        let c = Config::builtin().unwrap();
        let s = c.measure_by_id("SWEMWBS").unwrap();
        assert_eq!(s.scored(7.0), Some(7.00));
        // Raw 20 is the 14th entry of the table (raw 7 is the first).
        assert_eq!(s.scored(20.0), Some(18.59));
        assert_eq!(s.scored(22.0), Some(19.98));
        assert_eq!(s.scored(35.0), Some(35.00));
        assert_eq!(s.scored(20.5), None);
        assert_eq!(s.scored(36.0), None);
    }

    #[test]
    fn improvement_follows_direction() {
        let c = Config::builtin().unwrap();
        // PHQ-9: lower is better, 15 -> 8 is 7 points of improvement.
        assert_eq!(
            c.measure_by_id("PHQ-9").unwrap().improvement(15.0, 8.0),
            7.0
        );
        // WEMWBS: higher is better, 40 -> 45 is 5 points of improvement.
        assert_eq!(
            c.measure_by_id("WEMWBS").unwrap().improvement(40.0, 45.0),
            5.0
        );
    }

    #[test]
    fn caseness_rules() {
        let c = Config::builtin().unwrap();
        let phq = c
            .measure_by_id("PHQ-9")
            .unwrap()
            .clinical()
            .unwrap()
            .clone();
        assert!(phq.is_case(10.0) && !phq.is_case(9.0));
        let reqol = c
            .measure_by_id("ReQoL-10")
            .unwrap()
            .clinical()
            .unwrap()
            .clone();
        assert!(reqol.is_case(23.0) && !reqol.is_case(24.0));
        // ONS4 life satisfaction's low band (0-4) is a band, not caseness.
        let m = c.measure_by_id("ONS4-LS").unwrap();
        assert!(m.clinical().is_none());
        let ls = m.band().unwrap();
        assert!(ls.is_case(4.0) && !ls.is_case(5.0));
    }
}
