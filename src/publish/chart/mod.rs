//! Charts: a chart is data (what to draw) plus one drawing function generic
//! over the plotters backend, rendered twice — SVG (text as outlines, see
//! [`svg`]) and PNG — so both outputs show the same picture. Every chart is
//! titled, labels its axes with units and n, and stays readable in
//! greyscale (one dark ink, marker shapes and dash patterns, not colours).

pub mod font;
pub mod svg;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Chart canvas size in pixels.
pub const SIZE: (u32, u32) = (900, 520);

/// Dark blue: 9:1 contrast on white; the light shade is distinct in greyscale.
const DARK: RGBColor = RGBColor(0x1F, 0x4E, 0x79);
const LIGHT: RGBColor = RGBColor(0x9D, 0xB9, 0xD3);
const GRID: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MID: RGBColor = RGBColor(0x77, 0x77, 0x77);

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

/// Any chart needle draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bar(BarChart),
    Line(LineChart),
    Funnel(FunnelChart),
}

#[derive(Debug, thiserror::Error)]
#[error("could not draw chart {chart}: {reason}")]
pub struct ChartError {
    pub chart: String,
    pub reason: String,
}

/// Axis numbers without needless decimals: 10, 12.5.
fn tick(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn text_style(size: u32, bold: bool) -> TextStyle<'static> {
    let f = (font::FAMILY, size).into_font();
    let f = if bold { f.style(FontStyle::Bold) } else { f };
    TextStyle::from(f).color(&INK)
}

fn headings<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    subtitle: &str,
) -> Result<(), String> {
    let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
    root.fill(&WHITE).map_err(e)?;
    root.draw(&Text::new(
        title.to_string(),
        (20, 14),
        text_style(22, true),
    ))
    .map_err(e)?;
    root.draw(&Text::new(
        subtitle.to_string(),
        (20, 44),
        text_style(14, false),
    ))
    .map_err(e)?;
    Ok(())
}

impl BarChart {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Result<(), String> {
        let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
        headings(&root, &self.title, &self.subtitle)?;
        let label = text_style(14, false);
        // Right margin: room for the note printed after a bar that reaches
        // the end of the axis (e.g. "93% of 30 people" at 93 of 100).
        let area = root.margin(70, 10, 10, 170);
        let n = self.bars.len().max(1);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(44)
            .y_label_area_size(220)
            .build_cartesian_2d(0.0..self.x_max, 0.0..n as f64)
            .map_err(e)?;
        let labels: Vec<String> = self.bars.iter().map(|b| b.label.clone()).collect();
        chart
            .configure_mesh()
            .disable_y_mesh()
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

    fn alt_text(&self) -> String {
        let parts: Vec<String> = self
            .bars
            .iter()
            .map(|b| format!("{}: {}", b.label, b.note))
            .collect();
        format!("{}. {}. {}", self.title, self.subtitle, parts.join("; "))
    }
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
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Result<(), String> {
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

    fn alt_text(&self) -> String {
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

impl FunnelChart {
    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Result<(), String> {
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

    fn alt_text(&self) -> String {
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
                    "{name}: {}% of {} people, {verdict}",
                    tick((r * 1000.0).round() / 10.0),
                    n_shown
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

impl Chart {
    pub fn name(&self) -> &str {
        match self {
            Chart::Bar(c) => &c.name,
            Chart::Line(c) => &c.name,
            Chart::Funnel(c) => &c.name,
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Chart::Bar(c) => &c.title,
            Chart::Line(c) => &c.title,
            Chart::Funnel(c) => &c.title,
        }
    }

    /// Text alternative for the chart, for alt text and screen readers.
    pub fn alt_text(&self) -> String {
        match self {
            Chart::Bar(c) => c.alt_text(),
            Chart::Line(c) => c.alt_text(),
            Chart::Funnel(c) => c.alt_text(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Result<(), String> {
        match self {
            Chart::Bar(c) => c.draw(root),
            Chart::Line(c) => c.draw(root),
            Chart::Funnel(c) => c.draw(root),
        }
    }

    /// The chart as a standalone SVG document.
    pub fn svg(&self) -> Result<String, ChartError> {
        font::ensure_registered();
        let mut body = String::new();
        self.draw(svg::SvgBackend::new(SIZE, &mut body).into_drawing_area())
            .map_err(|reason| self.error(reason))?;
        Ok(svg::document(SIZE, &self.alt_text(), &body))
    }

    /// The chart as PNG bytes.
    pub fn png(&self) -> Result<Vec<u8>, ChartError> {
        font::ensure_registered();
        let (w, h) = SIZE;
        let mut rgb = vec![255u8; (w * h * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, SIZE).into_drawing_area();
            self.draw(root).map_err(|reason| self.error(reason))?;
        }
        encode_png(&rgb, SIZE).map_err(|reason| self.error(reason))
    }

    fn error(&self, reason: String) -> ChartError {
        ChartError {
            chart: self.name().to_string(),
            reason,
        }
    }
}

fn encode_png(rgb: &[u8], (w, h): (u32, u32)) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgb);
        enc.set_depth(png::BitDepth::Eight);
        let mut writer = enc.write_header().map_err(|e| e.to_string())?;
        writer.write_image_data(rgb).map_err(|e| e.to_string())?;
    }
    Ok(out)
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
