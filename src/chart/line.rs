//! Line charts over categories (quarters), one marker shape per series so
//! that series are told apart without colour.

use super::{DARK, GRID, headings, text_style, tick};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A series of a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub label: String,
    /// (x index, y) points; gaps where a value was withheld.
    pub points: Vec<(usize, f64)>,
}

/// Lines over categories (quarters), y from 0 to `y_max`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    pub name: String,
    pub title: String,
    pub subtitle: String,
    pub x_labels: Vec<String>,
    pub y_label: String,
    pub y_max: f64,
    pub series: Vec<Series>,
}

/// Marker shapes for up to six series, told apart without colour.
fn marker<DB: DrawingBackend>(k: usize, at: (f64, f64)) -> DynElement<'static, DB, (f64, f64)> {
    let s = DARK.filled();
    match k % 6 {
        0 => Circle::new(at, 5, s).into_dyn(),
        1 => TriangleMarker::new(at, 6, s).into_dyn(),
        2 => Cross::new(at, 5, DARK.stroke_width(2)).into_dyn(),
        3 => Rectangle::new([(at.0, at.1), (at.0, at.1)], DARK.stroke_width(9)).into_dyn(),
        4 => Circle::new(at, 5, DARK.stroke_width(2)).into_dyn(),
        _ => TriangleMarker::new(at, 6, DARK.stroke_width(1)).into_dyn(),
    }
}

impl LineChart {
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, Shift>,
    ) -> Result<(), String> {
        let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
        headings(&root, &self.title, &self.subtitle)?;
        let label = text_style(13, false);
        let area = root.margin(70, 10, 10, 20);
        let (chart_area, legend_area) = area.split_horizontally(620);
        let nx = self.x_labels.len().max(1);
        let mut chart = ChartBuilder::on(&chart_area)
            .x_label_area_size(40)
            .y_label_area_size(60)
            .build_cartesian_2d(-0.5..(nx as f64 - 0.5), 0.0..self.y_max)
            .map_err(e)?;
        let xl = self.x_labels.clone();
        chart
            .configure_mesh()
            .disable_x_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_labels(nx)
            .x_label_formatter(&|x: &f64| {
                let k = x.round();
                if (x - k).abs() > 1e-6 || k < 0.0 {
                    String::new()
                } else {
                    xl.get(k as usize).cloned().unwrap_or_default()
                }
            })
            .y_desc(self.y_label.clone())
            .y_label_formatter(&|y: &f64| tick(*y))
            .x_label_style(label.clone())
            .y_label_style(label.clone())
            .axis_desc_style(label.clone())
            .draw()
            .map_err(e)?;
        for (k, s) in self.series.iter().enumerate() {
            let pts: Vec<(f64, f64)> = s.points.iter().map(|&(x, y)| (x as f64, y)).collect();
            chart
                .draw_series(LineSeries::new(pts.clone(), DARK.stroke_width(1)))
                .map_err(e)?;
            chart
                .draw_series(pts.iter().map(|&p| marker::<DB>(k, p)))
                .map_err(e)?;
        }
        // Legend: marker and label per series.
        for (k, s) in self.series.iter().enumerate() {
            let y = 20 + k as i32 * 26;
            let lg = legend_area.clone();
            let mut c = ChartBuilder::on(&lg.margin(y as u32, 0, 0, 0).split_vertically(24).0)
                .build_cartesian_2d(0.0..1.0, 0.0..1.0)
                .map_err(e)?;
            c.draw_series(std::iter::once(marker::<DB>(k, (0.04, 0.5))))
                .map_err(e)?;
            let at = c.backend_coord(&(0.1, 0.5));
            root.draw(&Text::new(
                s.label.clone(),
                at,
                label.clone().pos(Pos::new(HPos::Left, VPos::Center)),
            ))
            .map_err(e)?;
        }
        root.present().map_err(e)
    }

    pub(super) fn alt_text(&self) -> String {
        let parts: Vec<String> = self
            .series
            .iter()
            .map(|s| {
                let pts: Vec<String> = s
                    .points
                    .iter()
                    .map(|&(x, y)| {
                        format!(
                            "{} {}",
                            self.x_labels.get(x).cloned().unwrap_or_default(),
                            tick((y * 10.0).round() / 10.0)
                        )
                    })
                    .collect();
                format!(
                    "{}: {}",
                    s.label,
                    if pts.is_empty() {
                        "no figures shown".into()
                    } else {
                        pts.join(", ")
                    }
                )
            })
            .collect();
        format!("{}. {}. {}", self.title, self.subtitle, parts.join("; "))
    }
}
