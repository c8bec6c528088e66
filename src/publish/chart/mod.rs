//! Charts: a chart is data (what to draw) plus one drawing function generic
//! over the plotters backend, rendered twice — SVG (text as outlines, see
//! [`svg`]) and PNG — so both outputs show the same picture.

pub mod font;
pub mod svg;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;
use plotters::style::text_anchor;

/// Chart canvas size in pixels.
pub const SIZE: (u32, u32) = (900, 520);

/// Dark blue: 9:1 contrast on white and distinct in greyscale.
const BAR: RGBColor = RGBColor(0x1F, 0x4E, 0x79);
const GRID: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// Bar length in the x unit; None draws no bar (withheld or no data).
    pub value: Option<f64>,
    /// Printed at the end of the bar, e.g. "42% of n = 60".
    pub note: String,
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
}

#[derive(Debug, thiserror::Error)]
#[error("could not draw chart {chart}: {reason}")]
pub struct ChartError {
    pub chart: String,
    pub reason: String,
}

impl BarChart {
    /// Text alternative for the chart, for alt text and screen readers.
    pub fn alt_text(&self) -> String {
        let parts: Vec<String> = self
            .bars
            .iter()
            .map(|b| format!("{}: {}", b.label, b.note))
            .collect();
        format!("{}. {}. {}", self.title, self.subtitle, parts.join("; "))
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Result<(), String> {
        let e = |x: DrawingAreaErrorKind<DB::ErrorType>| x.to_string();
        root.fill(&WHITE).map_err(e)?;
        let title =
            TextStyle::from((font::FAMILY, 22).into_font().style(FontStyle::Bold)).color(&INK);
        let sub = TextStyle::from((font::FAMILY, 14).into_font()).color(&INK);
        let label = TextStyle::from((font::FAMILY, 14).into_font()).color(&INK);
        root.draw(&Text::new(self.title.clone(), (20, 14), title))
            .map_err(e)?;
        root.draw(&Text::new(self.subtitle.clone(), (20, 44), sub.clone()))
            .map_err(e)?;
        let area = root.margin(70, 10, 10, 40);
        let n = self.bars.len().max(1);
        let mut chart = ChartBuilder::on(&area)
            .x_label_area_size(44)
            .y_label_area_size(200)
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
            .x_label_formatter(&|x: &f64| table_fmt(*x))
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
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, y0), (end, y1)],
                        BAR.filled(),
                    )))
                    .map_err(e)?;
            }
            let at = chart.backend_coord(&(end, (y0 + y1) / 2.0));
            let note = label.clone().pos(text_anchor::Pos::new(
                text_anchor::HPos::Left,
                text_anchor::VPos::Center,
            ));
            root.draw(&Text::new(bar.note.clone(), (at.0 + 8, at.1), note))
                .map_err(e)?;
        }
        root.present().map_err(e)?;
        Ok(())
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
            chart: self.name.clone(),
            reason,
        }
    }
}

/// Axis numbers without needless decimals: 10, 12.5.
fn table_fmt(x: f64) -> String {
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
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
