//! The one font every chart uses, compiled into the binary.
//!
//! Charts must come out the same on every machine, so text is never left
//! to system fonts: the PNG backend rasterises DejaVu Sans through plotters'
//! ab_glyph support, and the SVG backend ([`super::svg`]) writes the same
//! glyph outlines as paths.

use ab_glyph::FontRef;
use plotters::style::FontStyle;
use std::sync::OnceLock;

/// Family name charts ask plotters for.
pub const FAMILY: &str = "sans-serif";

static REGULAR_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

struct Fonts {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        // The bytes are ours and checked by the tests; a failure here is a
        // build defect, not bad input.
        let regular =
            FontRef::try_from_slice(REGULAR_BYTES).expect("bundled DejaVuSans.ttf parses");
        let bold = FontRef::try_from_slice(BOLD_BYTES).expect("bundled DejaVuSans-Bold.ttf parses");
        // plotters keeps its own registry for layout and rasterising.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, REGULAR_BYTES);
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, BOLD_BYTES);
        Fonts { regular, bold }
    })
}

/// Registers the bundled font with plotters (idempotent).
pub fn ensure_registered() {
    fonts();
}

/// The bundled face for a style (bold, or regular for everything else).
pub fn face(style: FontStyle) -> &'static FontRef<'static> {
    let f = fonts();
    match style {
        FontStyle::Bold => &f.bold,
        _ => &f.regular,
    }
}
