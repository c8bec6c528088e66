//! Charts: a chart is data (what to draw) plus one drawing function generic
//! over the plotters backend, rendered twice — SVG (text as outlines, see
//! [`svg`]) and PNG — so both outputs show the same picture. Every chart is
//! titled, labels its axes with units and n, and stays readable in
//! greyscale (one dark ink, marker shapes and dash patterns, not colours).

mod bar;
pub mod font;
mod funnel;
mod line;
pub mod svg;

pub use bar::{Bar, BarChart};
pub use funnel::{FunnelChart, FunnelMark};
pub use line::{LineChart, Series};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::FontStyle;

/// Chart canvas size in pixels.
pub const SIZE: (u32, u32) = (900, 520);

/// The width of a short chart: small beside text, its labels still
/// readable when printed in half a page's width.
pub const SHORT_WIDTH: u32 = 600;

/// Dark blue: 9:1 contrast on white; the light shade is distinct in greyscale.
const DARK: RGBColor = RGBColor(0x1F, 0x4E, 0x79);
const LIGHT: RGBColor = RGBColor(0x9D, 0xB9, 0xD3);
const GRID: RGBColor = RGBColor(0xD9, 0xD9, 0xD9);
const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
const MID: RGBColor = RGBColor(0x77, 0x77, 0x77);

/// Any chart needle draws.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Bar(BarChart),
    /// A bar chart with few bars (a supplier's quarters) on a canvas as
    /// short as they need, to sit small on a page.
    Short(BarChart),
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

impl Chart {
    pub fn name(&self) -> &str {
        match self {
            Chart::Bar(c) | Chart::Short(c) => &c.name,
            Chart::Line(c) => &c.name,
            Chart::Funnel(c) => &c.name,
        }
    }

    pub fn title(&self) -> &str {
        match self {
            Chart::Bar(c) | Chart::Short(c) => &c.title,
            Chart::Line(c) => &c.title,
            Chart::Funnel(c) => &c.title,
        }
    }

    /// Text alternative for the chart, for alt text and screen readers.
    pub fn alt_text(&self) -> String {
        match self {
            Chart::Bar(c) | Chart::Short(c) => c.alt_text(),
            Chart::Line(c) => c.alt_text(),
            Chart::Funnel(c) => c.alt_text(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: DrawingArea<DB, Shift>) -> Result<(), String> {
        match self {
            Chart::Bar(c) => c.draw(root, None),
            Chart::Short(c) => c.draw(root, Some(4)),
            Chart::Line(c) => c.draw(root),
            Chart::Funnel(c) => c.draw(root),
        }
    }

    /// The canvas in pixels: [`SIZE`], or for a short chart
    /// [`SHORT_WIDTH`] and as tall as its bars need (the title, the axis
    /// and 44 px a bar).
    pub fn size(&self) -> (u32, u32) {
        match self {
            Chart::Short(c) => (SHORT_WIDTH, 120 + 44 * c.bars.len().max(1) as u32),
            _ => SIZE,
        }
    }

    /// The chart as a standalone SVG document.
    pub fn svg(&self) -> Result<String, ChartError> {
        font::ensure_registered();
        let mut body = String::new();
        let size = self.size();
        self.draw(svg::SvgBackend::new(size, &mut body).into_drawing_area())
            .map_err(|reason| self.error(reason))?;
        Ok(svg::document(size, &self.alt_text(), &body))
    }

    /// The chart as PNG bytes.
    pub fn png(&self) -> Result<Vec<u8>, ChartError> {
        font::ensure_registered();
        let (w, h) = self.size();
        let mut rgb = vec![255u8; (w * h * 3) as usize];
        {
            let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
            self.draw(root).map_err(|reason| self.error(reason))?;
        }
        encode_png(&rgb, (w, h)).map_err(|reason| self.error(reason))
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
