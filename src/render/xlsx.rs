//! Workbooks (rust_xlsxwriter): sheets of text, grids and declared
//! tables, each table with its columns' number formats (£, %, counts),
//! a frozen header, an autofilter and widths. Deterministic: a fixed
//! document date. Table and grid sheets are written in rust_xlsxwriter's
//! constant-memory mode (their strings inline, each row flushed to a
//! temporary file once the next begins), so a workbook of any size costs
//! about one row of memory per sheet. What goes in a workbook is the page's business
//! (pages/workbook.rs); this only lays it out.

use crate::core::escape::cell_text;
use crate::disclose::{self, Table, Val};
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, Workbook as Book, Worksheet, XlsxError,
};

/// A workbook to write.
pub struct Workbook<'a> {
    /// The document title (file properties).
    pub title: String,
    /// What a withheld value shows.
    pub symbol: &'a str,
    pub sheets: Vec<Sheet<'a>>,
}

/// One sheet.
pub enum Sheet<'a> {
    /// A title, lines of text, and an index of the other sheets: each with
    /// a link to it and the question it answers.
    ReadMe {
        name: &'a str,
        title: String,
        lines: Vec<String>,
        index: Vec<(&'a str, &'a str)>,
    },
    /// A published table, on the sheet its declaration names.
    Table(&'a Table),
    /// A header of (title, width) and rows of text; cells of the column
    /// `number_column` that read as numbers are written as numbers.
    Grid {
        name: &'a str,
        header: Vec<(&'a str, f64)>,
        rows: Vec<Vec<String>>,
        number_column: Option<usize>,
    },
}

/// The workbook's bytes.
pub fn workbook(w: &Workbook) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Book::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&w.title)
            .set_author("needle")
            .set_creation_datetime(&ExcelDateTime::from_ymd(2026, 4, 1)?),
    );
    // Deflate level 3, as Excel itself saves, not the zip crate's 6:
    // rust_xlsxwriter's own measurements (its `performance` docs) give
    // 0.71 of the time for 1.06 of the size, and compressing the sheets
    // was the largest part of writing vfm.xlsx (BENCHMARKS.md).
    wb.set_zip_compression_level(3);
    for sheet in &w.sheets {
        // Tables and grids are written row by row, top to bottom, so they
        // go straight to a temporary file as they are written ("constant
        // memory": a national run's sheets of thousands of projects never
        // sit in memory cell by cell). The Read me is small and sets its
        // rows' heights after their text, so it is kept whole.
        let ws = match sheet {
            Sheet::ReadMe { .. } => wb.add_worksheet(),
            _ => wb.add_worksheet_with_constant_memory()?,
        };
        match sheet {
            Sheet::ReadMe {
                name,
                title,
                lines,
                index,
            } => read_me(ws, name, title, lines, index)?,
            Sheet::Table(t) => {
                ws.set_name(t.sheet.unwrap_or(t.name))?;
                table_sheet(ws, t, w.symbol)?;
            }
            Sheet::Grid {
                name,
                header,
                rows,
                number_column,
            } => grid_sheet(ws, name, header, rows, *number_column)?,
        }
    }
    wb.save_to_buffer()
}

/// Widths of the Read me's two columns, in Excel's character units.
const READ_ME_WIDTHS: [f64; 2] = [30.0, 95.0];

/// The height, in points, of a row holding `text` wrapped in a cell
/// `width` characters wide: Excel does not grow a row for wrapped text
/// when it opens a file, so each row is given the lines it needs (about
/// 1.1 characters of running text fit one unit of width).
fn wrapped_height(text: &str, width: f64) -> f64 {
    let per_line = (width * 1.1).max(1.0);
    let lines = (text.chars().count() as f64 / per_line).ceil().max(1.0);
    15.0 * lines + 1.0
}

fn read_me(
    ws: &mut Worksheet,
    name: &str,
    title: &str,
    lines: &[String],
    index: &[(&str, &str)],
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let head = Format::new().set_bold().set_background_color("#E8EEF4");
    ws.set_name(name)?;
    for (c, w) in READ_ME_WIDTHS.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let both = READ_ME_WIDTHS.iter().sum::<f64>();
    ws.write_string_with_format(0, 0, title, &bold)?;
    let mut r = 2u32;
    // Each line across both columns, wrapped, on a row as tall as it needs:
    // no text runs over another cell.
    for line in lines {
        ws.merge_range(r, 0, r, 1, line, &wrap)?;
        ws.set_row_height(r, wrapped_height(line, both))?;
        r += 1;
    }
    r += 1;
    ws.write_string_with_format(r, 0, "Sheet", &head)?;
    ws.write_string_with_format(r, 1, "What it answers", &head)?;
    for (sheet, question) in index {
        r += 1;
        let link = rust_xlsxwriter::Url::new(format!("internal:'{sheet}'!A1")).set_text(*sheet);
        ws.write_url_with_format(r, 0, link, &wrap)?;
        ws.write_string_with_format(r, 1, *question, &wrap)?;
        ws.set_row_height(r, wrapped_height(question, READ_ME_WIDTHS[1]))?;
    }
    print_setup(ws, false)?;
    Ok(())
}

/// How every sheet prints: A4 landscape, fitted to the page width (as many
/// pages down as it needs), a table's header row on every page, the
/// sheet's name and page numbers in the margins.
fn print_setup(ws: &mut Worksheet, table: bool) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    if table {
        ws.set_repeat_rows(0, 0)?;
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_header("&L&A");
    ws.set_footer("&RPage &P of &N");
    Ok(())
}

fn grid_sheet(
    ws: &mut Worksheet,
    name: &str,
    header: &[(&str, f64)],
    rows: &[Vec<String>],
    number_column: Option<usize>,
) -> Result<(), XlsxError> {
    let head = Format::new().set_bold().set_background_color("#E8EEF4");
    let wrap = Format::new().set_text_wrap();
    ws.set_name(name)?;
    for (c, (h, w)) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &head)?;
        ws.set_column_width(c as u16, *w)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, col) = (r as u32 + 1, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if Some(c) == number_column => ws.write_number(r, col, n).map(|_| ())?,
                _ => ws
                    .write_string_with_format(r, col, cell_text(cell), &wrap)
                    .map(|_| ())?,
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    print_setup(ws, true)?;
    Ok(())
}

/// The number formats of a table sheet, one per kind of number.
struct Formats {
    money: Format,
    /// Whole percentages, and one decimal for a share of over 1,000
    /// people (as the pages write them).
    share: Format,
    share_fine: Format,
    count: Format,
    /// 0 to 4 decimals.
    dec: [Format; 5],
}

impl Formats {
    fn new() -> Formats {
        Formats {
            money: Format::new().set_num_format("£#,##0.00"),
            share: Format::new().set_num_format("0%"),
            share_fine: Format::new().set_num_format("0.0%"),
            count: Format::new().set_num_format("#,##0"),
            dec: [
                Format::new().set_num_format("#,##0"),
                Format::new().set_num_format("#,##0.0"),
                Format::new().set_num_format("#,##0.00"),
                Format::new().set_num_format("#,##0.000"),
                Format::new().set_num_format("#,##0.0000"),
            ],
        }
    }

    /// The format of most of a column's numbers (None: not a column of
    /// numbers).
    fn usual(&self, format: disclose::Format) -> Option<&Format> {
        use disclose::Format as F;
        match format {
            F::Text | F::Date | F::Flag => None,
            other => Some(self.of(other, None, None)),
        }
    }

    /// A number's format in a column of `format`, resting on `base` people.
    fn of(&self, format: disclose::Format, base: Option<u64>, places: Option<u8>) -> &Format {
        use disclose::Format as F;
        // Fewer decimals than the column's, where the audit asked for them.
        if let Some(p) = places {
            return &self.dec[usize::from(p).min(format.decimals()).min(4)];
        }
        match format {
            F::Money => &self.money,
            F::Percent if base.is_some_and(|b| b > 1000) => &self.share_fine,
            F::Percent => &self.share,
            F::Count => &self.count,
            other => &self.dec[other.decimals().min(4)],
        }
    }
}

/// The width a column needs: its longest value as the workbook shows it,
/// and its label wrapped on at most two lines, in Excel's character units.
fn column_width(t: &Table, c: usize, symbol: &str) -> f64 {
    let col = &t.columns[c];
    let label = col.label.chars().count();
    // Two lines of label, broken at a space near the middle.
    let label_width = if label > 14 {
        longest_half(col.label)
    } else {
        label
    };
    let widest = t
        .rows
        .iter()
        .map(|r| shown_width(&r[c], col.format, symbol))
        .max()
        .unwrap_or(0);
    (label_width.max(widest) as f64 + 2.0).clamp(8.0, 60.0)
}

/// The longer line of `label` broken in two at the space nearest its middle.
fn longest_half(label: &str) -> usize {
    let n = label.chars().count();
    let mid = n / 2;
    let best = label
        .char_indices()
        .filter(|(_, ch)| *ch == ' ')
        .map(|(i, _)| label[..i].chars().count())
        .min_by_key(|i| i.abs_diff(mid));
    best.map_or(n, |i| i.max(n - i - 1))
}

/// How many characters a value takes as the workbook shows it.
fn shown_width(v: &Val, format: disclose::Format, symbol: &str) -> usize {
    use disclose::Format as F;
    match v {
        Val::Text(s) => s.chars().count(),
        Val::Suppressed => symbol.chars().count(),
        Val::Empty => 0,
        Val::Count(n) => digits(*n, 0),
        Val::Num { value, .. } => match format {
            F::Money => digits(*value, 2) + 1,
            F::Percent => digits(*value * 100.0, 1) + 1,
            other => digits(*value, other.decimals()),
        },
    }
}

/// Characters of `v` written with separators and `decimals` decimals.
fn digits(v: f64, decimals: usize) -> usize {
    let whole = whole_digits(v.abs().trunc());
    whole + (whole - 1) / 3 + usize::from(v < 0.0) + if decimals > 0 { decimals + 1 } else { 0 }
}

/// How many characters `format!("{:.0}", w)` writes for a whole number
/// `w` ≥ 0, counted without writing it (this runs for every number of
/// every table). Below 2⁵³ the float is an exact integer, so its decimal
/// digits are the integer's; anything else is written out.
fn whole_digits(w: f64) -> usize {
    if (0.0..9_007_199_254_740_992.0).contains(&w) {
        (w as u64).checked_ilog10().map_or(1, |d| d as usize + 1)
    } else {
        format!("{w:.0}").len()
    }
}

fn table_sheet(ws: &mut Worksheet, t: &Table, symbol: &str) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_background_color("#E8EEF4")
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let formats = Formats::new();
    let withheld = Format::new().set_align(FormatAlign::Right);
    let quoted = Format::new().set_quote_prefix();
    let mut two_lines = false;
    // Each number column's usual format is the column's own, and a cell
    // written without one takes it. rust_xlsxwriter finds a cell's format
    // by hashing the whole `Format` (font, border, fill...), which was the
    // largest part of writing vfm.xlsx (BENCHMARKS.md); only a cell whose
    // format differs from its column's (a share of over 1,000 people, fewer
    // decimals, a withheld value) is written with its own.
    let usual: Vec<Option<&Format>> = t
        .columns
        .iter()
        .map(|col| formats.usual(col.format))
        .collect();
    for (c, col) in t.columns.iter().enumerate() {
        let width = column_width(t, c, symbol);
        two_lines |= col.label.chars().count() as f64 > width - 1.0;
        ws.write_string_with_format(0, c as u16, col.label, &head)?;
        ws.set_column_width(c as u16, width)?;
        if let Some(f) = usual[c] {
            ws.set_column_format(c as u16, f)?;
        }
    }
    if two_lines {
        ws.set_row_height(0, 31.0)?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let col = c as u16;
            // A number in its column's usual format is written without one.
            let mut number = |n: f64, f: &Format| match usual[c] {
                Some(u) if std::ptr::eq(u, f) => ws.write_number(r, col, n).map(|_| ()),
                _ => ws.write_number_with_format(r, col, n, f).map(|_| ()),
            };
            match v {
                Val::Count(n) => number(*n, &formats.count)?,
                Val::Num {
                    value,
                    base,
                    places,
                } => number(*value, formats.of(t.columns[c].format, *base, *places))?,
                Val::Text(s) => {
                    // Text that a spreadsheet would run as a formula is kept
                    // as text (quote prefix), exactly as typed.
                    if cell_text(s) != *s {
                        ws.write_string_with_format(r, col, s, &quoted)?;
                    } else {
                        ws.write_string(r, col, s)?;
                    }
                }
                Val::Suppressed => {
                    ws.write_string_with_format(r, col, symbol, &withheld)?;
                }
                Val::Empty => {}
            }
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !t.rows.is_empty() {
        ws.autofilter(0, 0, t.rows.len() as u32, t.columns.len() as u16 - 1)?;
    }
    print_setup(ws, true)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::whole_digits;

    #[test]
    fn whole_digits_counts_what_formatting_writes() {
        // Every power of ten and its neighbours up to 10^22, the edge of
        // exact integers (2^53) and the non-numbers: the count must equal
        // the length of the written number, as it did when it was written.
        let mut cases = vec![0.0, 1.0, 2.0f64.powi(53) - 1.0, 2.0f64.powi(53), 1e300];
        cases.extend([f64::NAN, f64::INFINITY]);
        for p in 0..=22 {
            let t = 10f64.powi(p);
            cases.extend([t - 1.0, t, t + 1.0]);
        }
        for w in cases {
            assert_eq!(whole_digits(w), format!("{w:.0}").len(), "{w}");
        }
        assert_eq!(whole_digits(999.0), 3);
        assert_eq!(whole_digits(1000.0), 4);
    }
}
