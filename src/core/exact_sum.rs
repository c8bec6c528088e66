//! A sum of scores that is exact, so it does not depend on the order the
//! scores are added in.
//!
//! Adding f64 values rounds at every step, so the same values added in
//! another order (by project, then across projects; one thread or two; a
//! store's partial results and a new return's) can give another last bit,
//! and a mean at a rounding boundary (18.055) then prints differently
//! (18.05 or 18.06). Instead each value is held as a whole number of
//! 2⁻⁷² (exact for every score from 2⁻²⁰ up to 2⁵⁵ in size: a score's
//! lowest bit is then at least 2⁻⁷²) and whole numbers add exactly in any
//! order. The total is rounded to f64 once, when it is read: the
//! correctly rounded true sum, so a mean is that ÷ the count, rounded
//! once more.

/// 2⁷², the number of parts a unit is held in.
const SCALE: f64 = 4_722_366_482_869_645_213_696.0;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExactSum(i128);

impl ExactSum {
    /// Adds one value. A value too small for 2⁻⁷² parts (below about
    /// 2⁻²⁰ in size, never a score) is rounded to them; one not finite
    /// (never a checked score) adds nothing.
    pub fn push(&mut self, v: f64) {
        if v.is_finite() {
            // × 2⁷² is exact (a power of two); the cast saturates far
            // beyond any score (2⁵⁵).
            self.0 = self.0.saturating_add((v * SCALE).round() as i128);
        }
    }

    /// Adds another sum: exactly.
    pub fn add(&mut self, other: ExactSum) {
        self.0 = self.0.saturating_add(other.0);
    }

    /// The sum, rounded to the nearest f64 (ties to even): an integer's
    /// conversion rounds once, and ÷ 2⁷² is exact.
    pub fn value(self) -> f64 {
        self.0 as f64 / SCALE
    }
}

impl FromIterator<f64> for ExactSum {
    fn from_iter<I: IntoIterator<Item = f64>>(values: I) -> ExactSum {
        let mut s = ExactSum::default();
        for v in values {
            s.push(v);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_of_adding_does_not_change_the_sum() {
        // 0.1 + 0.2 + 0.3 in f64: (0.1 + 0.2) + 0.3 = 0.6000000000000001,
        // 0.1 + (0.2 + 0.3) = 0.6. Held exactly, both orders give the f64
        // nearest the true sum of the three f64 values, which is 0.6.
        assert_ne!((0.1 + 0.2) + 0.3, 0.1 + (0.2 + 0.3));
        let a: ExactSum = [0.1, 0.2, 0.3].into_iter().collect();
        let b: ExactSum = [0.3, 0.2, 0.1].into_iter().collect();
        assert_eq!(a, b);
        assert_eq!(a.value(), 0.6);
        // Split in two and added: the same.
        let mut c: ExactSum = [0.1].into_iter().collect();
        c.add([0.3, 0.2].into_iter().collect());
        assert_eq!(c, a);
    }

    #[test]
    fn a_mean_at_a_rounding_boundary_is_the_true_sums() {
        // SWEMWBS metric scores (to 2 decimals): 18.59 + 17.98 + 17.43 +
        // 18.59 = 72.59 exactly, so the mean is 18.1475 (→ 18.15 at two
        // decimals, whatever the order).
        let v = [18.59, 17.98, 17.43, 18.59];
        let s: ExactSum = v.into_iter().collect();
        assert_eq!(s.value(), 72.59);
        let r: ExactSum = v.into_iter().rev().collect();
        assert_eq!(r.value(), 72.59);
        assert_eq!(format!("{:.2}", s.value() / 4.0), "18.15");
    }

    #[test]
    fn negative_changes_and_whole_scores_are_exact() {
        // 40 − 45 = −5, 41 − 40 = 1, 70 − 14 = 56: Σ = 52.
        let s: ExactSum = [-5.0, 1.0, 56.0].into_iter().collect();
        assert_eq!(s.value(), 52.0);
        let mut n = ExactSum::default();
        n.push(f64::NAN);
        assert_eq!(n.value(), 0.0);
    }
}
