//! OpenDocument spreadsheets: the extent of every sheet, checked before
//! calamine builds it.
//!
//! calamine reads an .ods whole when it opens it and builds each sheet as a
//! dense grid spanning its first and last filled cells. ODS compresses
//! repeats into one element (`table:number-rows-repeated`,
//! `table:number-columns-repeated`), so a file of a few hundred bytes can
//! ask for a grid of millions of cells. This pass streams `content.xml`
//! once, counting repeats as calamine does (capped at 1,048,576 rows and
//! 16,384 columns), and refuses a sheet whose filled cells span more than
//! the cell limit.

use std::io::{BufReader, Cursor};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::IngestError;
use super::sheet::Extent;
use crate::config::Limits;

const MAX_ROWS: u64 = 1_048_576;
const MAX_COLS: u64 = 16_384;

/// One sheet being scanned.
struct Table {
    name: String,
    /// The next row's index, counting repeats.
    row: u64,
    /// How many times the current row repeats.
    row_repeat: u64,
    /// The next cell's column in the current row.
    col: u64,
    extent: Extent,
}

/// Checks every sheet of an .ods held in memory.
pub(super) fn check(bytes: &[u8], limits: &Limits) -> Result<(), IngestError> {
    let broken =
        |e: &dyn std::fmt::Display| IngestError::Corrupt(format!("broken zip archive: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| broken(&e))?;
    let content = zip.by_name("content.xml").map_err(|e| broken(&e))?;
    let mut xml = Reader::from_reader(BufReader::new(content));
    let mut buf = Vec::new();
    let mut table: Option<Table> = None;
    loop {
        let event = match xml.read_event_into(&mut buf) {
            Ok(e) => e,
            // calamine will refuse broken XML with its own message.
            Err(_) => return Ok(()),
        };
        match event {
            Event::Eof => return Ok(()),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "table:table" => {
                table = Some(Table {
                    name: attr(&e, "table:name").unwrap_or_default(),
                    row: 0,
                    row_repeat: 1,
                    col: 0,
                    extent: Extent::default(),
                });
            }
            Event::Start(ref e) | Event::Empty(ref e) if e.name().as_ref() == "table:table-row" => {
                if let Some(t) = table.as_mut() {
                    t.row_repeat = repeat(e, "table:number-rows-repeated");
                    t.col = 0;
                    if matches!(event, Event::Empty(_)) {
                        t.row = (t.row + t.row_repeat).min(MAX_ROWS);
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == "table:table-row" => {
                if let Some(t) = table.as_mut() {
                    t.row = (t.row + t.row_repeat).min(MAX_ROWS);
                }
            }
            Event::Start(ref e) | Event::Empty(ref e)
                if matches!(
                    e.name().as_ref(),
                    "table:table-cell" | "table:covered-table-cell"
                ) =>
            {
                let Some(t) = table.as_mut() else { continue };
                let n = repeat(e, "table:number-columns-repeated");
                // A cell with a value type, or with content inside it.
                let filled = matches!(event, Event::Start(_))
                    || e.try_get_attribute("office:value-type")
                        .ok()
                        .flatten()
                        .is_some();
                if filled {
                    // Past the caps counts as at the last row or column: a
                    // filled cell there still widens calamine's grid.
                    let (row, col) = (t.row.min(MAX_ROWS - 1), t.col.min(MAX_COLS - 1));
                    let last_row = (row + t.row_repeat - 1).min(MAX_ROWS - 1);
                    let last_col = (col + n - 1).min(MAX_COLS - 1);
                    t.extent.add((row, last_row), (col, last_col));
                    t.extent.check(&t.name, ".ods", limits)?;
                }
                t.col = (t.col + n).min(MAX_COLS);
            }
            _ => {}
        }
        buf.clear();
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e.try_get_attribute(name).ok().flatten()?;
    Some(a.value.into_owned())
}

/// A repeat count: at least 1, whatever the file says.
fn repeat(e: &BytesStart<'_>, name: &str) -> u64 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}
