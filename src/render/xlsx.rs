//! Workbooks (rust_xlsxwriter): sheets of text, grids and declared
//! tables, each table with its columns' number formats (£, %, counts),
//! a frozen header, an autofilter and widths. Deterministic: a fixed
//! document date. What goes in a workbook is the page's business
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
    /// Lines of text down one wide column, the first in bold.
    Text { name: &'a str, lines: Vec<String> },
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
    for sheet in &w.sheets {
        let ws = wb.add_worksheet();
        match sheet {
            Sheet::Text { name, lines } => text_sheet(ws, name, lines)?,
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

fn text_sheet(ws: &mut Worksheet, name: &str, lines: &[String]) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    ws.set_name(name)?;
    ws.set_column_width(0, 110)?;
    for (r, line) in lines.iter().enumerate() {
        let f = if r == 0 { &bold } else { &wrap };
        ws.write_string_with_format(r as u32, 0, line, f)?;
    }
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
    Ok(())
}

/// The number formats of a table sheet, one per kind of number.
struct Formats {
    money: Format,
    share: Format,
    count: Format,
    /// 0 to 4 decimals.
    dec: [Format; 5],
}

impl Formats {
    fn new() -> Formats {
        Formats {
            money: Format::new().set_num_format("£#,##0.00"),
            share: Format::new().set_num_format("0.0%"),
            count: Format::new().set_num_format("#,##0"),
            dec: [
                Format::new().set_num_format("0"),
                Format::new().set_num_format("0.0"),
                Format::new().set_num_format("0.00"),
                Format::new().set_num_format("0.000"),
                Format::new().set_num_format("0.0000"),
            ],
        }
    }

    /// A number's format in a column of `format`.
    fn of(&self, format: disclose::Format) -> &Format {
        use disclose::Format as F;
        match format {
            F::Money => &self.money,
            F::Percent => &self.share,
            F::Count => &self.count,
            other => &self.dec[other.decimals().min(4)],
        }
    }
}

fn table_sheet(ws: &mut Worksheet, t: &Table, symbol: &str) -> Result<(), XlsxError> {
    let head = Format::new()
        .set_bold()
        .set_background_color("#E8EEF4")
        .set_text_wrap();
    let formats = Formats::new();
    let withheld = Format::new().set_align(FormatAlign::Right);
    let quoted = Format::new().set_quote_prefix();
    for (c, col) in t.columns.iter().enumerate() {
        let name = col.name;
        ws.write_string_with_format(0, c as u16, name, &head)?;
        ws.set_column_width(c as u16, (name.len() as f64 * 0.9 + 2.0).clamp(10.0, 40.0))?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let col = c as u16;
            match v {
                Val::Text(s) => {
                    // Text that a spreadsheet would run as a formula is kept
                    // as text (quote prefix), exactly as typed.
                    if cell_text(s) != *s {
                        ws.write_string_with_format(r, col, s, &quoted)?;
                    } else {
                        ws.write_string(r, col, s)?;
                    }
                }
                Val::Count(n) => {
                    ws.write_number_with_format(r, col, *n, &formats.count)?;
                }
                Val::Num { value, .. } => {
                    ws.write_number_with_format(r, col, *value, formats.of(t.columns[c].format))?;
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
    Ok(())
}
