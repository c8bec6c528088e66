//! Funnel plots: each unit's proportion against its denominator, with
//! control limits around the pooled proportion.

use super::{DARK, GRID, MID, headings, text_style, tick};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
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
    /// The limits drawn as curves, joined in order of denominator:
    /// (denominator, [lower 99.8 %, lower 95 %, upper 95 %, upper 99.8 %])
    /// as proportions. A report gives the limits its funnels table
    /// publishes, at the denominators it publishes.
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
        // Room below the axis for the legend.
        let area = root.margin(70, LEGEND_HEIGHT, 10, 20);
        // Room to the right of the largest unit.
        let n_max = self
            .limits
            .last()
            .map_or(10.0, |l| l.0)
            .max(self.points.iter().map(|p| p.n).fold(1.0, f64::max))
            * 1.15;
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
        let mut placed: Vec<Rect> = Vec::new();
        let plot = chart.plotting_area().get_pixel_range();
        // Points first, so that no label is placed over one.
        for p in &self.points {
            let at = chart.backend_coord(&(p.n, p.rate * 100.0));
            chart
                .draw_series(std::iter::once(Circle::new(
                    (p.n, p.rate * 100.0),
                    5,
                    DARK.filled(),
                )))
                .map_err(e)?;
            placed.push(Rect::around(at, 6));
        }
        // Then each label beside its point, at the first place that
        // overlaps no point and no other label; with more points than can
        // be told apart (national scale), none: the alt text and
        // funnels.csv name every project.
        let labelled = if self.points.len() <= MAX_LABELS {
            &self.points[..]
        } else {
            &[]
        };
        for p in labelled {
            let at = chart.backend_coord(&(p.n, p.rate * 100.0));
            let (rect, anchor) = place_label(at, label_width(&p.label), &placed, &plot);
            placed.push(rect);
            root.draw(&Text::new(
                p.label.clone(),
                anchor.0,
                label.clone().pos(anchor.1),
            ))
            .map_err(e)?;
        }
        self.legend(&root)?;
        root.present().map_err(e)
    }

    /// The legend under the plot: what the solid, dashed and dotted lines
    /// and the points are.
    fn legend<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
        let style = text_style(13, false).pos(Pos::new(HPos::Left, VPos::Center));
        let y = root.dim_in_pixel().1 as i32 - LEGEND_HEIGHT as i32 / 2;
        let mut x = 90;
        let sample = 28;
        for (text, dash) in [
            ("Programme share", None),
            ("95% limits", Some((6, 4))),
            ("99.8% limits", Some((2, 3))),
        ] {
            let line = [(x, y), (x + sample, y)];
            match dash {
                None => root.draw(&PathElement::new(line, DARK.stroke_width(2))),
                Some((size, gap)) => root.draw(&DashedPathElement::new(
                    line,
                    size,
                    gap,
                    MID.stroke_width(1),
                )),
            }
            .map_err(e)?;
            root.draw(&Text::new(text, (x + sample + 6, y), style.clone()))
                .map_err(e)?;
            x += sample + 6 + label_width(text) + 24;
        }
        root.draw(&Circle::new((x + 5, y), 5, DARK.filled()))
            .map_err(e)?;
        root.draw(&Text::new("A project", (x + 16, y), style))
            .map_err(e)?;
        Ok(())
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

/// A funnel with more points than this is drawn without their labels.
pub const MAX_LABELS: usize = 40;

/// Pixels below the plot for the legend.
const LEGEND_HEIGHT: u32 = 34;

/// A box on the drawing, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rect {
    x0: i32,
    y0: i32,
    x1: i32,
    y1: i32,
}

impl Rect {
    fn around((x, y): (i32, i32), r: i32) -> Rect {
        Rect {
            x0: x - r,
            y0: y - r,
            x1: x + r,
            y1: y + r,
        }
    }

    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }

    fn inside(&self, (xs, ys): &(std::ops::Range<i32>, std::ops::Range<i32>)) -> bool {
        self.x0 >= xs.start && self.x1 <= xs.end && self.y0 >= ys.start && self.y1 <= ys.end
    }
}

/// Width in pixels of a label in the 13 px chart font (DejaVu Sans
/// averages about 7.5 px a character at that size).
fn label_width(text: &str) -> i32 {
    (text.chars().count() as f64 * 7.5).ceil() as i32
}

/// Where a label of `width` goes beside the point at `at`: right, left,
/// above or below it, then further up or down in steps, at the first
/// place that overlaps nothing already `placed` and stays in the plot;
/// if there is none, to the right. Returns its box and where the text is
/// anchored.
fn place_label(
    at: (i32, i32),
    width: i32,
    placed: &[Rect],
    plot: &(std::ops::Range<i32>, std::ops::Range<i32>),
) -> (Rect, ((i32, i32), Pos)) {
    const H: i32 = 16;
    let left = Pos::new(HPos::Left, VPos::Center);
    let right = Pos::new(HPos::Right, VPos::Center);
    let centre = Pos::new(HPos::Center, VPos::Center);
    let (x, y) = at;
    let mut candidates = vec![
        ((x + 8, y), left),
        ((x - 8, y), right),
        ((x, y - 14), centre),
        ((x, y + 14), centre),
    ];
    for step in 1..=6 {
        let dy = step * H;
        candidates.extend([
            ((x + 8, y - dy), left),
            ((x + 8, y + dy), left),
            ((x - 8, y - dy), right),
            ((x - 8, y + dy), right),
        ]);
    }
    let rect_of = |((ax, ay), pos): ((i32, i32), Pos)| {
        let x0 = match pos.h_pos {
            HPos::Left => ax,
            HPos::Right => ax - width,
            HPos::Center => ax - width / 2,
        };
        Rect {
            x0,
            y0: ay - H / 2,
            x1: x0 + width,
            y1: ay + H / 2,
        }
    };
    for c in &candidates {
        let r = rect_of(*c);
        if r.inside(plot) && !placed.iter().any(|p| p.overlaps(&r)) {
            return (r, *c);
        }
    }
    (rect_of(candidates[0]), candidates[0])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_points_close_together_do_not_overlap() {
        let plot = (0..600, 0..400);
        // Three points a few pixels apart, as projects of the same size
        // and share are.
        let points = [(300, 200), (302, 204), (305, 198)];
        let mut placed: Vec<Rect> = points.iter().map(|&p| Rect::around(p, 6)).collect();
        let mut labels = Vec::new();
        for &p in &points {
            let (r, _) = place_label(p, label_width("PP-MAN-07"), &placed, &plot);
            placed.push(r);
            labels.push(r);
        }
        for (i, a) in labels.iter().enumerate() {
            assert!(a.inside(&plot));
            for b in &labels[i + 1..] {
                assert!(!a.overlaps(b), "{a:?} overlaps {b:?}");
            }
            for p in &points {
                assert!(!a.overlaps(&Rect::around(*p, 6)), "{a:?} covers a point");
            }
        }
    }

    #[test]
    fn a_label_near_the_right_edge_goes_left() {
        let plot = (0..600, 0..400);
        let (r, (_, pos)) = place_label((590, 200), 60, &[], &plot);
        assert!(r.inside(&plot));
        assert!(matches!(pos.h_pos, HPos::Right));
    }
}
