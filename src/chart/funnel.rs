//! Funnel plots: each unit's proportion against its denominator, with
//! control limits around the pooled proportion.

use super::{DARK, GRID, MID, headings, text_style, tick};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A funnel plot: each unit's proportion against its denominator, with
/// control limits around the pooled proportion.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelChart {
    pub name: String,
    pub title: String,
    pub subtitle: String,
    pub x_label: String,
    pub y_label: String,
    pub pooled: f64,
    /// (label, denominator, proportion, denominator as published): the
    /// point sits at the exact denominator, so its place against the limits
    /// is right; the text gives the count as the tables publish it.
    pub points: Vec<(String, f64, f64, String)>,
    /// What the denominator counts, for the alt text: "12% of 30 people".
    pub counting: String,
}

/// Control limits for a proportion `p` at denominator `n` and `z`
/// (normal approximation, Spiegelhalter 2005): p ± z √(p(1 − p)/n),
/// clipped to [0, 1].
pub fn funnel_limits(p: f64, n: f64, z: f64) -> (f64, f64) {
    let se = (p * (1.0 - p) / n).sqrt();
    ((p - z * se).max(0.0), (p + z * se).min(1.0))
}

/// z for two-sided 95 % and 99.8 % limits.
pub const Z95: f64 = 1.959_963_984_540_054;
pub const Z998: f64 = 3.090_232_306_167_813;

impl FunnelChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, Shift>,
    ) -> Result<(), String> {
        let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
        headings(&root, &self.title, &self.subtitle)?;
        let label = text_style(13, false);
        let area = root.margin(70, 10, 10, 20);
        let n_max = self.points.iter().map(|p| p.1).fold(10.0, f64::max) * 1.15;
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(44)
            .y_label_area_size(60)
            .build_cartesian_2d(0.0..n_max, 0.0..100.0)
            .map_err(e)?;
        chart
            .configure_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_desc(self.x_label.clone())
            .y_desc(self.y_label.clone())
            .x_label_formatter(&|x: &f64| tick(*x))
            .y_label_formatter(&|y: &f64| tick(*y))
            .x_label_style(label.clone())
            .y_label_style(label.clone())
            .axis_desc_style(label.clone())
            .draw()
            .map_err(e)?;
        let p = self.pooled;
        chart
            .draw_series(LineSeries::new(
                vec![(1.0, p * 100.0), (n_max, p * 100.0)],
                DARK.stroke_width(2),
            ))
            .map_err(e)?;
        let steps: Vec<f64> = (0..=200)
            .map(|i| 1.0 + (n_max - 1.0) * i as f64 / 200.0)
            .collect();
        for (z, dash) in [(Z95, (6u32, 4u32)), (Z998, (2, 3))] {
            for upper in [false, true] {
                let curve: Vec<(f64, f64)> = steps
                    .iter()
                    .map(|&n| {
                        let (lo, hi) = funnel_limits(p, n, z);
                        (n, if upper { hi } else { lo } * 100.0)
                    })
                    .collect();
                chart
                    .draw_series(DashedLineSeries::new(
                        curve,
                        dash.0,
                        dash.1,
                        MID.stroke_width(1),
                    ))
                    .map_err(e)?;
            }
        }
        for (name, n, rate, _) in &self.points {
            chart
                .draw_series(std::iter::once(Circle::new(
                    (*n, rate * 100.0),
                    5,
                    DARK.filled(),
                )))
                .map_err(e)?;
            let at = chart.backend_coord(&(*n, rate * 100.0));
            root.draw(&Text::new(
                name.clone(),
                (at.0 + 7, at.1),
                label.clone().pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(e)?;
        }
        root.present().map_err(e)
    }

    pub(super) fn alt_text(&self) -> String {
        let parts: Vec<String> = self
            .points
            .iter()
            .map(|(name, n, r, n_shown)| {
                let (lo, hi) = funnel_limits(self.pooled, *n, Z95);
                let (lo2, hi2) = funnel_limits(self.pooled, *n, Z998);
                let verdict = if *r > hi2 || *r < lo2 {
                    "outside the 99.8% limits"
                } else if *r > hi || *r < lo {
                    "outside the 95% limits"
                } else {
                    "within the limits"
                };
                format!(
                    "{name}: {}% of {} {}, {verdict}",
                    tick((r * 1000.0).round() / 10.0),
                    n_shown,
                    self.counting
                )
            })
            .collect();
        format!(
            "{}. {}. Pooled rate {}%. {}",
            self.title,
            self.subtitle,
            tick((self.pooled * 1000.0).round() / 10.0),
            parts.join("; ")
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn funnel_limits_by_hand() {
        // Pooled 0.5, n = 25: standard error √(0.25/25) = 0.1.
        // 95 %: 0.5 ± 1.959964 × 0.1 = 0.304004 to 0.695996.
        let (lo, hi) = funnel_limits(0.5, 25.0, Z95);
        assert!(
            (lo - 0.304004).abs() < 1e-6 && (hi - 0.695996).abs() < 1e-6,
            "{lo} {hi}"
        );
        // 99.8 %: 0.5 ± 3.090232 × 0.1 = 0.190977 to 0.809023.
        let (lo, hi) = funnel_limits(0.5, 25.0, Z998);
        assert!(
            (lo - 0.190977).abs() < 1e-6 && (hi - 0.809023).abs() < 1e-6,
            "{lo} {hi}"
        );
        // Pooled 0.9, n = 4: 0.9 ± 1.96 × 0.15 = 0.606 to 1.194 → clipped to 1.
        let (lo, hi) = funnel_limits(0.9, 4.0, Z95);
        assert!((lo - 0.606005).abs() < 1e-6 && hi == 1.0);
    }
}
