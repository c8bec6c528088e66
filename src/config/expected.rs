//! The expected-returns list: which projects owe a return each quarter and
//! when it is due. It lets the report name missing and late returns rather
//! than only the ones that arrived.

use serde::Deserialize;

use super::{ConfigError, parse_toml};
use crate::core::Quarter;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// A return is due this many days after the end of its quarter.
    pub due_days_after_quarter_end: u32,
    pub source: String,
    #[serde(default)]
    pub projects: Vec<ExpectedProject>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedProject {
    pub project_id: String,
    pub name: String,
    pub area: String,
    /// First quarter a return is owed, e.g. "2026/27 Q1" (default: always).
    #[serde(default, deserialize_with = "quarter")]
    pub first_quarter: Option<Quarter>,
    /// Last quarter a return is owed (default: no end).
    #[serde(default, deserialize_with = "quarter")]
    pub last_quarter: Option<Quarter>,
}

fn quarter<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Quarter>, D::Error> {
    let s = String::deserialize(d)?;
    Quarter::parse(&s).map(Some).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "'{s}' is not a quarter; write it like \"2026/27 Q2\""
        ))
    })
}

impl ExpectedProject {
    /// Whether this project owes a return for `q`.
    pub fn owes(&self, q: Quarter) -> bool {
        self.first_quarter.is_none_or(|f| f <= q) && self.last_quarter.is_none_or(|l| q <= l)
    }
}

impl Expected {
    /// The date a return for `q` is due.
    pub fn due(&self, q: Quarter) -> chrono::NaiveDate {
        q.end() + chrono::Days::new(u64::from(self.due_days_after_quarter_end))
    }
}

pub(super) fn parse(file: &str, text: &str) -> Result<Expected, ConfigError> {
    let e: Expected = parse_toml(file, text)?;
    let mut seen = std::collections::BTreeSet::new();
    for (i, p) in e.projects.iter().enumerate() {
        if !seen.insert(p.project_id.to_uppercase()) {
            return Err(ConfigError::new(
                file,
                format!("projects[{i}].project_id"),
                format!("'{}' is listed twice", p.project_id),
            ));
        }
        if let (Some(f), Some(l)) = (p.first_quarter, p.last_quarter)
            && l < f
        {
            return Err(ConfigError::new(
                file,
                format!("projects[{i}].last_quarter"),
                "is before first_quarter",
            ));
        }
    }
    Ok(e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_date_and_owed_quarters() {
        let e = parse(
            "expected.toml",
            "due_days_after_quarter_end = 30\nsource = \"x\"\n[[projects]]\nproject_id = \"P1\"\nname = \"n\"\narea = \"a\"\nfirst_quarter = \"2026/27 Q2\"\n",
        )
        .unwrap();
        let q2 = Quarter::new(2026, 2).unwrap();
        // Q2 ends 30 September 2026; 30 days later is 30 October 2026.
        assert_eq!(e.due(q2).to_string(), "2026-10-30");
        assert!(e.projects[0].owes(q2));
        assert!(!e.projects[0].owes(Quarter::new(2026, 1).unwrap()));
    }

    #[test]
    fn a_bad_quarter_and_a_duplicate_are_refused() {
        let err = parse(
            "expected.toml",
            "due_days_after_quarter_end = 30\nsource = \"x\"\n[[projects]]\nproject_id = \"P1\"\nname = \"n\"\narea = \"a\"\nfirst_quarter = \"summer\"\n",
        )
        .unwrap_err();
        assert!(err.reason.contains("'summer' is not a quarter"), "{err}");
        let err = parse(
            "expected.toml",
            "due_days_after_quarter_end = 30\nsource = \"x\"\n[[projects]]\nproject_id = \"P1\"\nname = \"n\"\narea = \"a\"\n[[projects]]\nproject_id = \"p1\"\nname = \"n\"\narea = \"a\"\n",
        )
        .unwrap_err();
        assert_eq!(err.key, "projects[1].project_id");
    }
}
