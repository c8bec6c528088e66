//! Checks what headless Chromium made of needle's HTML pages, for
//! .ci/browser-check:
//!
//!     cargo run --example render_check -- png FILE.png
//!     cargo run --example render_check -- pdf FILE.pdf MIN_PAGES MAX_PAGES
//!
//! `png` fails when the screenshot is blank: fewer than 2 % of its pixels
//! differ from the background (the top-left pixel) or the drawn part spans
//! less than a third of the height. `pdf` fails when the printed page count
//! is outside MIN..=MAX (the report and packs start each section on a new
//! page; the feedback page prints on one or two). Prints what it measured.

use std::process::ExitCode;

fn png(path: &str) -> Result<String, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut decoder = png::Decoder::new(std::io::BufReader::new(file));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(|e| format!("{path}: {e}"))?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("{path}: {e}"))?;
    let channels = info.color_type.samples();
    let (w, h) = (info.width as usize, info.height as usize);
    let px = |x: usize, y: usize| {
        let i = (y * w + x) * channels;
        &buf[i..i + channels.min(3)]
    };
    let background = px(0, 0).to_vec();
    let (mut drawn, mut first, mut last) = (0usize, h, 0usize);
    for y in 0..h {
        for x in 0..w {
            if px(x, y) != background.as_slice() {
                drawn += 1;
                first = first.min(y);
                last = last.max(y);
            }
        }
    }
    let share = drawn as f64 / (w * h) as f64;
    let span = if drawn == 0 { 0 } else { last - first + 1 };
    let msg = format!(
        "{path}: {w}×{h}, {:.1}% of pixels drawn, rows {first}–{last}",
        share * 100.0
    );
    if share < 0.02 || span * 3 < h {
        Err(format!("{msg}: the page looks blank"))
    } else {
        Ok(msg)
    }
}

/// The page count of a PDF: the largest /Count of its page tree.
fn pdf(path: &str, min: usize, max: usize) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let text = String::from_utf8_lossy(&bytes);
    let pages = text
        .match_indices("/Count ")
        .filter_map(|(i, m)| {
            text[i + m.len()..]
                .split(|c: char| !c.is_ascii_digit())
                .next()?
                .parse::<usize>()
                .ok()
        })
        .max()
        .unwrap_or(0);
    let msg = format!("{path}: {pages} printed page(s), expected {min} to {max}");
    if (min..=max).contains(&pages) {
        Ok(msg)
    } else {
        Err(msg)
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["png", path] => png(path),
        ["pdf", path, min, max] => match (min.parse(), max.parse()) {
            (Ok(a), Ok(b)) => pdf(path, a, b),
            _ => Err("MIN_PAGES and MAX_PAGES are numbers".to_string()),
        },
        _ => Err("usage: render_check png FILE | pdf FILE MIN_PAGES MAX_PAGES".to_string()),
    };
    match result {
        Ok(m) => {
            println!("ok: {m}");
            ExitCode::SUCCESS
        }
        Err(m) => {
            eprintln!("FAILED: {m}");
            ExitCode::FAILURE
        }
    }
}
