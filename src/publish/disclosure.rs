//! Statistical disclosure control, applied before anything is written.
//!
//! By default (config/disclosure.toml, after NHS Digital's HES/ECDS rules):
//! a count of 1–7 becomes the suppression symbol, every other count is
//! rounded to the nearest 5, and a statistic resting on fewer than 8 people
//! is withheld. `--no-suppression` skips this for internal use.

use super::table::{PubTable, Val};
use crate::config::Disclosure;

/// Applies primary suppression and rounding to one value.
pub fn disclose(v: &Val, d: &Disclosure) -> Val {
    match v {
        Val::Count(n) => {
            let abs = n.abs();
            if abs == 0.0 {
                Val::Count(0.0)
            } else if abs <= d.suppress_up_to as f64 {
                Val::Suppressed
            } else {
                let step = d.round_to as f64;
                Val::Count((n / step).round() * step)
            }
        }
        Val::Num { base: Some(b), .. } if *b < d.min_people_for_statistic => Val::Suppressed,
        other => other.clone(),
    }
}

/// Applies disclosure control to every cell of a table.
pub fn apply(t: &PubTable, d: &Disclosure) -> PubTable {
    PubTable {
        rows: t
            .rows
            .iter()
            .map(|r| r.iter().map(|v| disclose(v, d)).collect())
            .collect(),
        ..t.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn counts_are_suppressed_or_rounded() {
        let d = Config::builtin().unwrap().disclosure;
        assert_eq!(disclose(&Val::Count(0.0), &d), Val::Count(0.0));
        assert_eq!(disclose(&Val::Count(1.0), &d), Val::Suppressed);
        assert_eq!(disclose(&Val::Count(7.0), &d), Val::Suppressed);
        // 8 → nearest 5 is 10; 12 → 10; 13 → 15; 22.5 → 25 (half away from zero).
        assert_eq!(disclose(&Val::Count(8.0), &d), Val::Count(10.0));
        assert_eq!(disclose(&Val::Count(12.0), &d), Val::Count(10.0));
        assert_eq!(disclose(&Val::Count(13.0), &d), Val::Count(15.0));
        assert_eq!(disclose(&Val::Count(-3.0), &d), Val::Suppressed);
    }

    #[test]
    fn statistics_need_eight_people() {
        let d = Config::builtin().unwrap().disclosure;
        assert_eq!(disclose(&Val::num(0.5, 4, Some(7)), &d), Val::Suppressed);
        assert_eq!(
            disclose(&Val::num(0.5, 4, Some(8)), &d),
            Val::num(0.5, 4, Some(8))
        );
        assert_eq!(
            disclose(&Val::num(1234.0, 2, None), &d),
            Val::num(1234.0, 2, None)
        );
    }
}
