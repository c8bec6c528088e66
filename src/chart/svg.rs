//! A plotters drawing backend that writes SVG with text as glyph outlines.
//!
//! plotters' own SVG backend writes `<text font-family=...>`, which a
//! browser renders with whatever font the reader's machine has. Here every
//! glyph is drawn as a `<path>` from the bundled font, so the SVG looks the
//! same everywhere, matches the PNG, and needs no network or font files.
//! Text is placed exactly as plotters' ab_glyph rasteriser places it
//! (baseline at half the font size below the layout box's top), so both
//! outputs share one layout.

use super::font;
use ab_glyph::{Font, OutlineCurve, ScaleFont};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontTransform,
};
use std::fmt::Write;

/// Writes SVG elements into a caller's string (plotters owns the backend
/// while drawing); [`document`] wraps them into a file.
pub struct SvgBackend<'a> {
    size: (u32, u32),
    body: &'a mut String,
}

#[derive(Debug, thiserror::Error)]
#[error("SVG rendering failed")]
pub struct SvgError;

type Res = Result<(), DrawingErrorKind<SvgError>>;

impl<'a> SvgBackend<'a> {
    pub fn new(size: (u32, u32), body: &'a mut String) -> SvgBackend<'a> {
        SvgBackend { size, body }
    }
}

/// A standalone SVG document; `title` is read by screen readers.
pub fn document((w, h): (u32, u32), title: &str, body: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\">\n<title>{}</title>\n{body}</svg>\n",
        crate::core::escape::html(title)
    )
}

fn colour(c: &BackendColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.rgb.0, c.rgb.1, c.rgb.2)
}

fn opacity(attr: &str, c: &BackendColor) -> String {
    if c.alpha >= 1.0 {
        String::new()
    } else {
        format!(" {attr}=\"{:.3}\"", c.alpha)
    }
}

/// Paint attributes for a filled shape.
fn fill(c: &BackendColor) -> String {
    format!("fill=\"{}\"{}", colour(c), opacity("fill-opacity", c))
}

/// Paint attributes for an outline.
fn stroke(c: &BackendColor, width: u32) -> String {
    format!(
        "fill=\"none\" stroke=\"{}\" stroke-width=\"{width}\"{}",
        colour(c),
        opacity("stroke-opacity", c)
    )
}

fn paint<S: BackendStyle>(style: &S, filled: bool) -> String {
    if filled {
        fill(&style.color())
    } else {
        stroke(&style.color(), style.stroke_width())
    }
}

fn points(pts: impl IntoIterator<Item = BackendCoord>) -> String {
    pts.into_iter()
        .map(|(x, y)| format!("{x},{y}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Two decimals are plenty for screen units and keep output stable.
fn n(v: f32) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

impl DrawingBackend for SvgBackend<'_> {
    type ErrorType = SvgError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Res {
        Ok(())
    }

    fn present(&mut self) -> Res {
        Ok(())
    }

    fn draw_pixel(&mut self, p: BackendCoord, c: BackendColor) -> Res {
        if c.alpha > 0.0 {
            let _ = writeln!(
                self.body,
                "<rect x=\"{}\" y=\"{}\" width=\"1\" height=\"1\" {}/>",
                p.0,
                p.1,
                fill(&c)
            );
        }
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Res {
        if style.color().alpha > 0.0 {
            let _ = writeln!(
                self.body,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" {}/>",
                from.0,
                from.1,
                to.0,
                to.1,
                paint(style, false)
            );
        }
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        ul: BackendCoord,
        br: BackendCoord,
        style: &S,
        filled: bool,
    ) -> Res {
        if style.color().alpha > 0.0 {
            let (x, y) = (ul.0.min(br.0), ul.1.min(br.1));
            let (w, h) = ((br.0 - ul.0).abs(), (br.1 - ul.1).abs());
            let _ = writeln!(
                self.body,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"{h}\" {}/>",
                paint(style, filled)
            );
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Res {
        if style.color().alpha > 0.0 {
            let _ = writeln!(
                self.body,
                "<polyline points=\"{}\" {}/>",
                points(path),
                paint(style, false)
            );
        }
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        filled: bool,
    ) -> Res {
        if style.color().alpha > 0.0 {
            let _ = writeln!(
                self.body,
                "<circle cx=\"{}\" cy=\"{}\" r=\"{radius}\" {}/>",
                center.0,
                center.1,
                paint(style, filled)
            );
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Res {
        if style.color().alpha > 0.0 {
            let _ = writeln!(
                self.body,
                "<polygon points=\"{}\" {}/>",
                points(vert),
                paint(style, true)
            );
        }
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Res {
        let c = style.color();
        if c.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        } - min_x;
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        } - min_y;
        let rotate = match style.transform() {
            FontTransform::None => 0,
            FontTransform::Rotate90 => 90,
            FontTransform::Rotate180 => 180,
            FontTransform::Rotate270 => 270,
        };
        let size = style.size() as f32;
        let path = glyph_path(text, style.style(), size, dx as f32, dy as f32 + size / 2.0);
        if path.is_empty() {
            return Ok(());
        }
        let transform = if rotate == 0 {
            format!("translate({} {})", pos.0, pos.1)
        } else {
            format!("translate({} {}) rotate({rotate})", pos.0, pos.1)
        };
        let _ = writeln!(
            self.body,
            "<path transform=\"{transform}\" d=\"{path}\" {}/>",
            fill(&c)
        );
        Ok(())
    }
}

/// SVG path data for `text` set in the bundled font at `size` px, with the
/// pen starting at (`x`, `baseline`).
pub fn glyph_path(
    text: &str,
    style: plotters::style::FontStyle,
    size: f32,
    x: f32,
    baseline: f32,
) -> String {
    let face = font::face(style);
    let scaled = face.as_scaled(size);
    let (sx, sy) = (scaled.h_scale_factor(), scaled.v_scale_factor());
    let mut d = String::new();
    let mut pen = x;
    let mut prev = None;
    for ch in text.chars() {
        let id = scaled.glyph_id(ch);
        if let Some(p) = prev {
            pen += scaled.kern(p, id);
        }
        prev = Some(id);
        if let Some(outline) = face.outline(id) {
            let map = |p: ab_glyph::Point| (pen + p.x * sx, baseline - p.y * sy);
            let mut last: Option<ab_glyph::Point> = None;
            for curve in &outline.curves {
                let start = match curve {
                    OutlineCurve::Line(a, _)
                    | OutlineCurve::Quad(a, _, _)
                    | OutlineCurve::Cubic(a, _, _, _) => *a,
                };
                if last != Some(start) {
                    if last.is_some() {
                        d.push('Z');
                    }
                    let (px, py) = map(start);
                    let _ = write!(d, "M{} {}", n(px), n(py));
                }
                match curve {
                    OutlineCurve::Line(_, b) => {
                        let (bx, by) = map(*b);
                        let _ = write!(d, "L{} {}", n(bx), n(by));
                        last = Some(*b);
                    }
                    OutlineCurve::Quad(_, b, e) => {
                        let ((bx, by), (ex, ey)) = (map(*b), map(*e));
                        let _ = write!(d, "Q{} {} {} {}", n(bx), n(by), n(ex), n(ey));
                        last = Some(*e);
                    }
                    OutlineCurve::Cubic(_, b, c2, e) => {
                        let ((bx, by), (cx, cy), (ex, ey)) = (map(*b), map(*c2), map(*e));
                        let _ = write!(
                            d,
                            "C{} {} {} {} {} {}",
                            n(bx),
                            n(by),
                            n(cx),
                            n(cy),
                            n(ex),
                            n(ey)
                        );
                        last = Some(*e);
                    }
                }
            }
            if last.is_some() {
                d.push('Z');
            }
        }
        pen += scaled.h_advance(id);
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::FontStyle;

    #[test]
    fn text_becomes_outlines_not_text_elements() {
        font::ensure_registered();
        let d = glyph_path("Ab", FontStyle::Normal, 20.0, 0.0, 10.0);
        assert!(d.starts_with('M'), "{d}");
        // "A" has two contours (outer and the counter), "b" two: four closes.
        assert_eq!(d.matches('Z').count(), 4, "{d}");
        // Nothing is drawn for a space.
        assert_eq!(glyph_path(" ", FontStyle::Normal, 20.0, 0.0, 10.0), "");
    }
}
