//! Horizontal bar charts: one bar per category, a note after each bar,
//! an optional reference line.

use super::{DARK, GRID, LIGHT, MID, headings, text_style, tick};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// Bar length in the x unit; None draws no bar (withheld or no data).
    pub value: Option<f64>,
    /// Printed at the end of the bar, e.g. "42% of n = 60".
    pub note: String,
    /// Draw in the light shade (e.g. "before" of a before/after pair).
    pub light: bool,
}

/// A horizontal bar chart with a fixed x range.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// File stem under charts/.
    pub name: String,
    pub title: String,
    pub subtitle: String,
    pub x_label: String,
    pub x_max: f64,
    pub bars: Vec<Bar>,
    /// A vertical reference line and its label (e.g. the WELLBY value).
    pub reference: Option<(f64, String)>,
}

impl BarChart {
    /// Draws the chart; `x_ticks` sets how many numbers the x axis has
    /// (None: plotters' choice, for a chart of full width).
    pub(super) fn draw<DB: DrawingBackend>(
        &self,
        root: DrawingArea<DB, Shift>,
        x_ticks: Option<usize>,
    ) -> Result<(), String> {
        let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
        headings(&root, &self.title, &self.subtitle)?;
        let label = text_style(14, false);
        // Right margin: room for the note printed after a bar that reaches
        // the end of the axis (e.g. a note "93% of 30" after a bar at 93 of 100).
        let area = root.margin(70, 10, 10, 170);
        let n = self.bars.len().max(1);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(44)
            .y_label_area_size(220)
            .build_cartesian_2d(0.0..self.x_max, 0.0..n as f64)
            .map_err(e)?;
        let labels: Vec<String> = self.bars.iter().map(|b| b.label.clone()).collect();
        let mut mesh = chart.configure_mesh();
        if let Some(n) = x_ticks {
            mesh.x_labels(n);
        }
        mesh.disable_y_mesh()
            .light_line_style(TRANSPARENT)
            .bold_line_style(GRID)
            .x_desc(self.x_label.clone())
            .x_label_style(label.clone())
            .x_label_formatter(&|x: &f64| tick(*x))
            .axis_desc_style(label.clone())
            .y_labels(n * 2 + 1)
            .y_label_style(label.clone())
            .y_label_formatter(&|y: &f64| {
                // Labels sit at bar centres (k + 0.5), counted from the top.
                let k = (y - 0.5).round();
                if (y - 0.5 - k).abs() > 1e-6 || k < 0.0 {
                    return String::new();
                }
                let i = n as i64 - 1 - k as i64;
                labels.get(i as usize).cloned().unwrap_or_default()
            })
            .draw()
            .map_err(e)?;
        for (i, bar) in self.bars.iter().enumerate() {
            let y0 = (n - 1 - i) as f64 + 0.2;
            let y1 = y0 + 0.6;
            let end = bar.value.unwrap_or(0.0).clamp(0.0, self.x_max);
            if bar.value.is_some() {
                let fill = if bar.light { LIGHT } else { DARK };
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y0), (end, y1)],
                        fill.filled(),
                    )))
                    .map_err(e)?;
            }
            let at = chart.backend_coord(&(end, (y0 + y1) / 2.0));
            let note = label.clone().pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new(bar.note.clone(), (at.0 + 8, at.1), note))
                .map_err(e)?;
        }
        if let Some((x, text)) = &self.reference {
            let x = x.clamp(0.0, self.x_max);
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(x, 0.0), (x, n as f64)],
                    6,
                    4,
                    MID.stroke_width(2),
                ))
                .map_err(e)?;
            let top = chart.backend_coord(&(x, n as f64));
            let style = label.pos(Pos::new(HPos::Right, VPos::Bottom));
            root.draw(&Text::new(text.clone(), (top.0 - 4, top.1 - 2), style))
                .map_err(e)?;
        }
        root.present().map_err(e)
    }

    pub(super) fn alt_text(&self) -> String {
        let parts: Vec<String> = self
            .bars
            .iter()
            .map(|b| format!("{}: {}", b.label, b.note))
            .collect();
        format!("{}. {}. {}", self.title, self.subtitle, parts.join("; "))
    }
}
