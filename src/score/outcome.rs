//! Scoring one outcome pair against its measure.

use crate::config::Measure;

/// Comparisons against thresholds allow for floating-point noise, so that a
/// change of exactly 3 on a metric scale (e.g. 23.21 − 20.21) counts as 3.
const EPS: f64 = 1e-9;

/// One scored pair, in the measure's scored units (SWEMWBS in metric units).
///
/// Every field that needs a follow-up is None when there is none ("not yet
/// measured"), and every field that needs a threshold the measure lacks is
/// None too: an undefined figure is never reported as 0.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Scored {
    pub baseline: f64,
    pub followup: Option<f64>,
    /// Follow-up minus baseline: negative when a lower-is-better measure improves.
    pub change: Option<f64>,
    /// Change in the better direction, > 0.
    pub improved: Option<bool>,
    /// Change in the better direction ≥ the measure's meaningful change.
    pub meaningful_improvement: Option<bool>,
    /// Change in the better direction ≥ the reliable change.
    pub reliable_improvement: Option<bool>,
    /// Change in the worse direction ≥ the reliable change.
    pub reliable_deterioration: Option<bool>,
    pub caseness_baseline: Option<bool>,
    pub caseness_followup: Option<bool>,
    /// At caseness at baseline and not at follow-up (NHS Talking Therapies).
    pub recovered: Option<bool>,
    /// Recovered and reliably improved.
    pub reliable_recovery: Option<bool>,
    /// In the measure's band (e.g. ONS4's low life satisfaction, 0–4) at
    /// the start and at follow-up; None for a measure with no band. A band
    /// is never caseness: leaving it is not a recovery.
    pub band_baseline: Option<bool>,
    pub band_followup: Option<bool>,
}

impl Scored {
    pub fn paired(&self) -> bool {
        self.followup.is_some()
    }
}

/// Scores entered baseline and follow-up values. None when an entered value
/// has no scored value (the contract stage refuses such rows first).
pub fn score_pair(m: &Measure, baseline: f64, followup: Option<f64>) -> Option<Scored> {
    let b = m.scored(baseline)?;
    let f = match followup {
        Some(x) => Some(m.scored(x)?),
        None => None,
    };
    Some(judge_scores(m, b, f))
}

/// Judges a baseline and follow-up already in the measure's scored units:
/// a period's pair is made from two rows' scores (score/period.rs).
pub fn judge_scores(m: &Measure, b: f64, f: Option<f64>) -> Scored {
    let caseness_baseline = m.clinical().map(|c| c.is_case(b));
    let band_baseline = m.band().map(|c| c.is_case(b));
    let Some(f) = f else {
        return Scored {
            baseline: b,
            followup: None,
            change: None,
            improved: None,
            meaningful_improvement: None,
            reliable_improvement: None,
            reliable_deterioration: None,
            caseness_baseline,
            caseness_followup: None,
            recovered: None,
            reliable_recovery: None,
            band_baseline,
            band_followup: None,
        };
    };
    let better = m.improvement(b, f);
    let reliable = m.reliable_change.as_ref().map(|r| r.value);
    let reliable_improvement = reliable.map(|r| better >= r - EPS);
    let reliable_deterioration = reliable.map(|r| -better >= r - EPS);
    let caseness_followup = m.clinical().map(|c| c.is_case(f));
    let recovered = match (caseness_baseline, caseness_followup) {
        (Some(cb), Some(cf)) => Some(cb && !cf),
        _ => None,
    };
    let reliable_recovery = match (recovered, reliable_improvement) {
        (Some(r), Some(ri)) => Some(r && ri),
        _ => None,
    };
    Scored {
        baseline: b,
        followup: Some(f),
        change: Some(f - b),
        improved: Some(better > EPS),
        meaningful_improvement: Some(better >= m.meaningful_change.value - EPS),
        reliable_improvement,
        reliable_deterioration,
        caseness_baseline,
        caseness_followup,
        recovered,
        reliable_recovery,
        band_baseline,
        band_followup: m.band().map(|c| c.is_case(f)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    fn m(id: &str) -> Measure {
        Config::builtin()
            .unwrap()
            .measure_by_id(id)
            .unwrap()
            .clone()
    }

    #[test]
    fn wemwbs_higher_is_better() {
        // 40 → 48: change +8 ≥ 3 meaningful, ≥ 8 reliable; no caseness.
        let s = score_pair(&m("WEMWBS"), 40.0, Some(48.0)).unwrap();
        assert_eq!(s.change, Some(8.0));
        assert_eq!(s.improved, Some(true));
        assert_eq!(s.meaningful_improvement, Some(true));
        assert_eq!(s.reliable_improvement, Some(true));
        assert_eq!(s.reliable_deterioration, Some(false));
        assert_eq!(s.caseness_baseline, None);
        assert_eq!(s.recovered, None);
        // 40 → 42: +2 is an improvement but under the meaningful 3.
        let s = score_pair(&m("WEMWBS"), 40.0, Some(42.0)).unwrap();
        assert_eq!(
            (s.improved, s.meaningful_improvement),
            (Some(true), Some(false))
        );
    }

    #[test]
    fn phq9_lower_is_better_with_recovery() {
        // 15 → 8: change −7; improvement 7 ≥ 6 reliable; caseness 15 ≥ 10
        // yes, 8 < 10 no → recovered and reliably recovered.
        let s = score_pair(&m("PHQ-9"), 15.0, Some(8.0)).unwrap();
        assert_eq!(s.change, Some(-7.0));
        assert_eq!(s.improved, Some(true));
        assert_eq!(s.reliable_improvement, Some(true));
        assert_eq!(s.caseness_baseline, Some(true));
        assert_eq!(s.caseness_followup, Some(false));
        assert_eq!(s.recovered, Some(true));
        assert_eq!(s.reliable_recovery, Some(true));
        // 11 → 9: recovered (below 10) but only 2 points: not reliable recovery.
        let s = score_pair(&m("PHQ-9"), 11.0, Some(9.0)).unwrap();
        assert_eq!(
            (s.recovered, s.reliable_recovery),
            (Some(true), Some(false))
        );
        // 5 → 12: worse by 7 ≥ 6 → reliable deterioration; not at caseness at start.
        let s = score_pair(&m("PHQ-9"), 5.0, Some(12.0)).unwrap();
        assert_eq!(s.reliable_deterioration, Some(true));
        assert_eq!(s.recovered, Some(false));
    }

    #[test]
    fn swemwbs_is_scored_in_metric_units() {
        // Raw 20 → 18.59 metric; raw 26 → 23.21 metric: change 4.62,
        // ≥ 1 meaningful and ≥ 3 reliable.
        let s = score_pair(&m("SWEMWBS"), 20.0, Some(26.0)).unwrap();
        assert_eq!(s.baseline, 18.59);
        assert_eq!(s.followup, Some(23.21));
        assert!((s.change.unwrap() - 4.62).abs() < 1e-9);
        assert_eq!(s.reliable_improvement, Some(true));
        // Raw 20 → 22: 18.59 → 19.98 = +1.39: meaningful, not reliable.
        let s = score_pair(&m("SWEMWBS"), 20.0, Some(22.0)).unwrap();
        assert_eq!(
            (s.meaningful_improvement, s.reliable_improvement),
            (Some(true), Some(false))
        );
    }

    #[test]
    fn missing_follow_up_is_not_yet_measured() {
        let s = score_pair(&m("GAD-7"), 12.0, None).unwrap();
        assert!(!s.paired());
        assert_eq!(s.change, None);
        assert_eq!(s.improved, None);
        assert_eq!(s.caseness_baseline, Some(true));
        assert_eq!(s.recovered, None);
    }

    #[test]
    fn measures_without_reliable_change_leave_it_undefined() {
        // ONS4 life satisfaction: no reliable change threshold in config.
        let s = score_pair(&m("ONS4-LS"), 4.0, Some(7.0)).unwrap();
        assert_eq!(s.reliable_improvement, None);
        assert_eq!(s.reliable_recovery, None);
    }

    #[test]
    fn leaving_a_wellbeing_band_is_not_a_recovery() {
        // ONS4 life satisfaction 4 → 7: out of ONS's low band (0–4), which
        // ONS publishes to describe spread, not as a clinical threshold.
        // No caseness, no recovery; the band movement is recorded as one.
        let s = score_pair(&m("ONS4-LS"), 4.0, Some(7.0)).unwrap();
        assert_eq!((s.caseness_baseline, s.recovered), (None, None));
        assert_eq!(
            (s.band_baseline, s.band_followup),
            (Some(true), Some(false))
        );
        // UCLA-3 5 → 7: into the loneliness band (6 or more).
        let s = score_pair(&m("UCLA-3"), 5.0, Some(7.0)).unwrap();
        assert_eq!(
            (s.band_baseline, s.band_followup),
            (Some(false), Some(true))
        );
        assert_eq!(s.recovered, None);
        // A clinical measure has no band.
        let s = score_pair(&m("PHQ-9"), 15.0, Some(8.0)).unwrap();
        assert_eq!((s.band_baseline, s.recovered), (None, Some(true)));
    }
}
