//! Funnel plots: each unit's proportion against its denominator, with
//! control limits around the pooled proportion.

use super::{DARK, GRID, MID, headings, text_style, tick};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A funnel plot: each unit's proportion against its denominator, with
/// control limits around the pooled proportion. The chart draws what it
/// is given: the limits are worked out by whoever builds it.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelChart {
    pub name: String,
    pub title: String,
    pub subtitle: String,
    pub x_label: String,
    pub y_label: String,
    pub pooled: f64,
    /// The limits drawn as curves: at each denominator from 1 to the x
    /// axis' end, (denominator, [lower 99.8 %, lower 95 %, upper 95 %,
    /// upper 99.8 %]) as proportions.
    pub limits: Vec<(f64, [f64; 4])>,
    pub points: Vec<FunnelMark>,
    /// What the denominator counts, for the alt text: "12% of 30 people".
    pub counting: String,
}

/// One unit on a funnel plot.
#[derive(Debug, Clone, PartialEq)]
pub struct FunnelMark {
    pub label: String,
    /// Where the point sits: its denominator and proportion.
    pub n: f64,
    pub rate: f64,
    /// The denominator as the text gives it.
    pub n_shown: String,
    /// Its place against the limits, for the alt text: "within the limits".
    pub verdict: String,
}

impl FunnelChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, Shift>,
    ) -> Result<(), String> {
        let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
        headings(&root, &self.title, &self.subtitle)?;
        let label = text_style(13, false);
        let area = root.margin(70, 10, 10, 20);
        let n_max = self
            .limits
            .last()
            .map_or(10.0, |l| l.0)
            .max(self.points.iter().map(|p| p.n).fold(1.0, f64::max));
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
        // Dashed: 95 %; dotted: 99.8 %.
        for (i, dash) in [
            (0usize, (2u32, 3u32)),
            (1, (6, 4)),
            (2, (6, 4)),
            (3, (2, 3)),
        ] {
            let curve: Vec<(f64, f64)> = self
                .limits
                .iter()
                .map(|(n, l)| (*n, l[i] * 100.0))
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
        for FunnelMark {
            label: name,
            n,
            rate,
            ..
        } in &self.points
        {
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
            .map(|p| {
                format!(
                    "{}: {}% of {} {}, {}",
                    p.label,
                    tick((p.rate * 1000.0).round() / 10.0),
                    p.n_shown,
                    self.counting,
                    p.verdict
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
