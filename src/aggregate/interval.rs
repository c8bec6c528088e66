//! Confidence intervals for a share of people, and for the change in a
//! share between two quarters, by the methods OHID/PHE publish with
//! (Public Health England, "Technical guide: confidence intervals", and
//! PHEindicatormethods' `phe_proportion`): Wilson's score interval for a
//! proportion (Wilson 1927), and for a difference of two independent
//! proportions Newcombe's hybrid score interval built from the two Wilson
//! intervals (Newcombe 1998, Statistics in Medicine 17:873, method 10).
//!
//! Both keep inside 0–1 (−1–1 for a change) and behave at 0 and at n,
//! where the normal approximation gives a zero-width interval; at the
//! 8–30 people these projects have, that matters. Checked against
//! statsmodels' `proportion_confint(method="wilson")` and
//! `confint_proportions_2indep(method="newcomb")` in the tests below.

/// z for a two-sided 95 % interval: the 97.5th percentile of the
/// standard normal distribution.
pub const Z95: f64 = 1.959_963_984_540_054;

/// An interval around an estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

impl Interval {
    /// Which way the change goes, called only when the interval excludes
    /// no change (0); otherwise about the same.
    pub fn direction(&self) -> Direction {
        if self.low > 0.0 {
            Direction::Up
        } else if self.high < 0.0 {
            Direction::Down
        } else {
            Direction::AboutTheSame
        }
    }
}

/// How a figure moved between two quarters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    /// The interval of the change includes no change.
    AboutTheSame,
}

/// Wilson's score interval for `k` of `n` (people, or an indicator's
/// numerator of its denominator); None for nobody.
pub fn wilson(k: f64, n: f64, z: f64) -> Option<Interval> {
    if n <= 0.0 || k < 0.0 || k > n {
        return None;
    }
    let p = k / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denom;
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    // At k = 0 and k = n the limits are exactly 0 and 1; rounding must not
    // put them a hair outside.
    let low = if k == 0.0 { 0.0 } else { centre - half };
    let high = if k == n { 1.0 } else { centre + half };
    Some(Interval {
        estimate: p,
        low: low.clamp(0.0, 1.0),
        high: high.clamp(0.0, 1.0),
    })
}

/// Newcombe's hybrid score interval for the change `k1/n1 − k0/n0` (this
/// quarter's share less the quarter before's); None when either quarter
/// has nobody.
pub fn newcombe(k1: u64, n1: u64, k0: u64, n0: u64, z: f64) -> Option<Interval> {
    let (a, b) = (
        wilson(k1 as f64, n1 as f64, z)?,
        wilson(k0 as f64, n0 as f64, z)?,
    );
    let d = a.estimate - b.estimate;
    let low = d - ((a.estimate - a.low).powi(2) + (b.high - b.estimate).powi(2)).sqrt();
    let high = d + ((a.high - a.estimate).powi(2) + (b.estimate - b.low).powi(2)).sqrt();
    Some(Interval {
        estimate: d,
        low: low.max(-1.0),
        high: high.min(1.0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-12, "{a} against {b}");
    }

    /// Reference values from statsmodels 0.14
    /// (`proportion_confint(k, n, alpha=0.05, method="wilson")`; scipy's
    /// `binomtest(k, n).proportion_ci(method="wilson")` agrees).
    #[test]
    fn wilson_matches_statsmodels() {
        for (k, n, low, high) in [
            (20, 25, 0.608_690_496_304_596_6, 0.911_394_153_131_974_4),
            (0, 8, 0.0, 0.324_407_564_883_880_3),
            (8, 8, 0.675_592_435_116_119_8, 1.0),
            (1, 10, 0.017_876_213_095_072_924, 0.404_150_026_795_238_54),
            (125, 150, 0.765_534_135_830_992, 0.884_485_701_256_957_1),
            (6, 30, 0.095_051_071_772_898_73, 0.373_056_964_131_482_6),
        ] {
            let i = wilson(k as f64, n as f64, Z95).unwrap();
            close(i.estimate, k as f64 / n as f64);
            close(i.low, low);
            close(i.high, high);
        }
        assert_eq!(wilson(0.0, 0.0, Z95), None);
        assert_eq!(wilson(3.0, 2.0, Z95), None);
    }

    #[test]
    fn wilson_interval_by_hand() {
        // 9 of 10, z = 1.96: z² = 3.8415; denominator 1 + 0.38415 = 1.38415;
        // centre (0.9 + 0.19207)/1.38415 = 0.78898; half-width
        // 1.96 × √(0.009 + 0.0096037)/1.38415 = 0.19314 → 0.5958 to 0.9821.
        let i = wilson(9.0, 10.0, Z95).unwrap();
        assert!((i.low - 0.5958).abs() < 5e-5, "{}", i.low);
        assert!((i.high - 0.9821).abs() < 5e-5, "{}", i.high);
        // 0 of 5: lower bound 0, upper 3.8415/(5 + 3.8415) = 0.4345.
        let i = wilson(0.0, 5.0, Z95).unwrap();
        assert_eq!(i.low, 0.0);
        assert!((i.high - 0.4345).abs() < 5e-5, "{}", i.high);
    }

    /// Reference values from statsmodels 0.14
    /// (`confint_proportions_2indep(k1, n1, k0, n0, method="newcomb",
    /// compare="diff", alpha=0.05)`).
    #[test]
    fn newcombe_matches_statsmodels() {
        for (k1, n1, k0, n0, low, high) in [
            (
                20,
                25,
                15,
                25,
                -0.053_267_375_318_314_88,
                0.422_498_331_757_105_16,
            ),
            (
                125,
                150,
                135,
                160,
                -0.093_555_971_015_593_72,
                0.071_699_621_349_437_1,
            ),
            (
                6,
                30,
                3,
                12,
                -0.351_181_971_020_793_35,
                0.186_407_485_105_899_05,
            ),
            (8, 8, 0, 8, 0.541_218_422_004_786_6, 1.0),
        ] {
            let i = newcombe(k1, n1, k0, n0, Z95).unwrap();
            close(i.estimate, k1 as f64 / n1 as f64 - k0 as f64 / n0 as f64);
            close(i.low, low);
            close(i.high, high);
        }
        assert_eq!(newcombe(1, 2, 0, 0, Z95), None);
    }

    #[test]
    fn a_change_is_called_only_when_its_interval_excludes_none() {
        // 20/25 against 15/25: +20 points, but -0.053 to 0.422 includes 0.
        let i = newcombe(20, 25, 15, 25, Z95).unwrap();
        assert_eq!(i.direction(), Direction::AboutTheSame);
        // 8/8 against 0/8: 0.54 to 1.0 excludes 0.
        assert_eq!(
            newcombe(8, 8, 0, 8, Z95).unwrap().direction(),
            Direction::Up
        );
        assert_eq!(
            newcombe(0, 8, 8, 8, Z95).unwrap().direction(),
            Direction::Down
        );
    }
}
