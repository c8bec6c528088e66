//! Funnel-plot control limits: exact binomial limits with Spiegelhalter's
//! interpolation (Spiegelhalter 2005, "Funnel plots for comparing
//! institutional performance", Stat Med 24:1185, appendix A.1.1), as
//! OHID Fingertips and PHEindicatormethods draw them for proportions.
//!
//! The normal approximation p ± z√(p(1 − p)/n) misplaces the limits at
//! the sizes community projects have (8–30 people): at θ = 0.6 and n = 8
//! it gives 0.261–0.939 at 95 % against the exact 0.175–0.864, and an
//! upper 99.8 % limit above 1. The exact limit at tail probability p is
//! (r_p − α)/n, where r_p is the smallest r with P(R ≤ r) ≥ p for
//! R ~ Binomial(n, θ) and α = (P(R ≤ r_p) − p) / P(R = r_p): the
//! interpolation turns the binomial's steps into a smooth funnel.

/// Tail probabilities of the four limits: 99.8 % (0.001, 0.999) and 95 %
/// (0.025, 0.975), two-sided.
const LOWER_998: f64 = 0.001;
const LOWER_95: f64 = 0.025;
const UPPER_95: f64 = 0.975;
const UPPER_998: f64 = 0.999;

/// The four control limits around a target proportion at one n.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    pub lower_998: f64,
    pub lower_95: f64,
    pub upper_95: f64,
    pub upper_998: f64,
}

/// Where a proportion lies against a pair of limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Above,
    Within,
    Below,
}

impl Position {
    pub fn as_str(self) -> &'static str {
        match self {
            Position::Above => "above",
            Position::Within => "within",
            Position::Below => "below",
        }
    }

    /// A proportion on a limit is within it (Fingertips flags only those
    /// beyond).
    pub fn of(rate: f64, lower: f64, upper: f64) -> Position {
        if rate > upper {
            Position::Above
        } else if rate < lower {
            Position::Below
        } else {
            Position::Within
        }
    }
}

impl Limits {
    /// Position against the 95 % limits.
    pub fn position_95(&self, rate: f64) -> Position {
        Position::of(rate, self.lower_95, self.upper_95)
    }

    /// Position against the 99.8 % limits.
    pub fn position_998(&self, rate: f64) -> Position {
        Position::of(rate, self.lower_998, self.upper_998)
    }
}

/// The control limits around `theta` for `n` people (None for n = 0).
pub fn limits(theta: f64, n: u64) -> Option<Limits> {
    if n == 0 || !theta.is_finite() {
        return None;
    }
    let theta = theta.clamp(0.0, 1.0);
    if theta == 0.0 || theta == 1.0 {
        // Every project must then be at θ: no spread, no funnel.
        return Some(Limits {
            lower_998: theta,
            lower_95: theta,
            upper_95: theta,
            upper_998: theta,
        });
    }
    let cdf = Cdf::new(theta, n);
    Some(Limits {
        lower_998: cdf.limit(LOWER_998),
        lower_95: cdf.limit(LOWER_95),
        upper_95: cdf.limit(UPPER_95),
        upper_998: cdf.limit(UPPER_998),
    })
}

/// The Binomial(n, θ) distribution's probabilities, worked out once for
/// all four limits. Each P(R = r) is computed in log space (ln C(n, r) +
/// r ln θ + (n − r) ln(1 − θ)) so that (1 − θ)ⁿ cannot underflow to 0 and
/// take every later term with it at a national project's n.
struct Cdf {
    n: u64,
    pmf: Vec<f64>,
    cdf: Vec<f64>,
}

impl Cdf {
    fn new(theta: f64, n: u64) -> Cdf {
        let (lp, lq) = (theta.ln(), (1.0 - theta).ln());
        let mut ln_choose = 0.0; // ln C(n, 0)
        let mut pmf = Vec::with_capacity(n as usize + 1);
        for r in 0..=n {
            if r > 0 {
                ln_choose += ((n - r + 1) as f64).ln() - (r as f64).ln();
            }
            // 0 × ln 0 is 0: at θ = 0 all the mass is on r = 0, at θ = 1 on n.
            let a = if r == 0 { 0.0 } else { r as f64 * lp };
            let b = if r == n { 0.0 } else { (n - r) as f64 * lq };
            pmf.push((ln_choose + a + b).exp());
        }
        let mut total = 0.0;
        let cdf = pmf
            .iter()
            .map(|p| {
                total += p;
                total
            })
            .collect();
        Cdf { n, pmf, cdf }
    }

    /// The interpolated limit at tail probability `p`, in [0, 1].
    fn limit(&self, p: f64) -> f64 {
        // The smallest r with P(R ≤ r) ≥ p; n when rounding keeps the sum
        // a hair below p.
        let r = self
            .cdf
            .iter()
            .position(|&c| c >= p)
            .unwrap_or(self.n as usize);
        let alpha = if self.pmf[r] > 0.0 {
            (self.cdf[r] - p) / self.pmf[r]
        } else {
            0.0
        };
        ((r as f64 - alpha) / self.n as f64).clamp(0.0, 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rounds to 4 decimals, as funnels.csv publishes limits.
    fn r4(x: f64) -> f64 {
        (x * 1e4).round() / 1e4
    }

    fn four(l: Limits) -> [f64; 4] {
        [l.lower_998, l.lower_95, l.upper_95, l.upper_998].map(r4)
    }

    #[test]
    fn the_worked_case_by_hand() {
        // θ = 0.6, n = 8. P(R=0) = 0.4⁸ = 0.00065536; P(R=1) = 8 × 0.6 ×
        // 0.4⁷ = 0.00786432 (cumulative 0.00851968); P(R=2) = 28 × 0.36 ×
        // 0.4⁶ = 0.04128768 (cumulative 0.04980736).
        // Lower 95 % (p = 0.025): r = 2; α = (0.04980736 − 0.025) /
        // 0.04128768 = 0.600842; (2 − 0.600842)/8 = 0.174895.
        // Lower 99.8 % (p = 0.001): r = 1; α = (0.00851968 − 0.001) /
        // 0.00786432 = 0.956177; (1 − 0.956177)/8 = 0.005478.
        let l = limits(0.6, 8).unwrap();
        assert!((l.lower_95 - 0.174895).abs() < 1e-6, "{l:?}");
        assert!((l.lower_998 - 0.005478).abs() < 1e-6, "{l:?}");
        // MEASURES.md's worked case: 0.175–0.864 and 0.005–0.993.
        assert_eq!(
            [l.lower_998, l.lower_95, l.upper_95, l.upper_998].map(|x| (x * 1e3).round() / 1e3),
            [0.005, 0.175, 0.864, 0.993]
        );
    }

    /// Checked against an independent computation: scipy.stats.binom.cdf
    /// with the same interpolation, by `python3
    /// tests/reference/funnel_limits.py` (scipy 1.17.1), whose output
    /// these are, to 4 decimals.
    #[test]
    fn limits_match_scipy_at_small_n() {
        let cases: [(f64, u64, [f64; 4]); 9] = [
            (0.6, 8, [0.0055, 0.1749, 0.8636, 0.9926]),
            (0.6, 15, [0.1625, 0.3093, 0.8064, 0.9258]),
            (0.6, 30, [0.3024, 0.4047, 0.7568, 0.8475]),
            (0.25, 8, [0.0000, 0.0000, 0.5125, 0.7299]),
            (0.25, 15, [0.0000, 0.0116, 0.4536, 0.5960]),
            (0.25, 30, [0.0153, 0.0845, 0.3961, 0.4969]),
            (0.9, 8, [0.3905, 0.5755, 0.9927, 0.9997]),
            (0.9, 15, [0.5570, 0.6858, 0.9919, 0.9997]),
            (0.9, 30, [0.6783, 0.7651, 0.9803, 0.9992]),
        ];
        for (theta, n, want) in cases {
            assert_eq!(
                four(limits(theta, n).unwrap()),
                want,
                "θ = {theta}, n = {n}"
            );
        }
    }

    #[test]
    fn limits_narrow_as_n_grows_and_stay_in_0_1() {
        let mut last = 1.0;
        for n in 1..=2000 {
            let l = limits(0.37, n).unwrap();
            assert!(0.0 <= l.lower_998 && l.lower_998 <= l.lower_95);
            assert!(l.lower_95 <= l.upper_95 && l.upper_95 <= l.upper_998);
            assert!(l.upper_998 <= 1.0);
            if n % 50 == 0 {
                let width = l.upper_95 - l.lower_95;
                assert!(width < last, "n = {n}: {width} ≥ {last}");
                last = width;
            }
        }
        // A national project: (1 − θ)ⁿ underflows in linear space, not here.
        let l = limits(0.4, 100_000).unwrap();
        assert!((l.lower_95 - 0.397).abs() < 1e-3 && (l.upper_95 - 0.403).abs() < 1e-3);
    }

    #[test]
    fn extreme_targets_and_no_people() {
        assert_eq!(limits(0.5, 0), None);
        assert_eq!(four(limits(0.0, 10).unwrap()), [0.0; 4]);
        assert_eq!(four(limits(1.0, 10).unwrap()), [1.0; 4]);
    }

    #[test]
    fn positions_are_beyond_a_limit_only() {
        let l = limits(0.6, 8).unwrap();
        assert_eq!(l.position_95(0.1), Position::Below);
        assert_eq!(l.position_998(0.1), Position::Within);
        assert_eq!(l.position_95(0.6), Position::Within);
        assert_eq!(l.position_95(1.0), Position::Above);
        assert_eq!(l.position_998(1.0), Position::Above);
    }
}
