//! Building a sparse sheet from cells, with the size limits enforced.

use super::{Cell, IngestError, RawCell, RawRow, RawSheet};
use crate::config::Limits;
use crate::core::text::a1;

/// The rows and columns a sheet's filled cells span, inclusive (0-based).
/// calamine builds .xls and .ods sheets as a dense grid over this span, so
/// `compound` and `ods_scan` measure it and refuse a sheet over the cell
/// limit before calamine runs.
#[derive(Debug, Default)]
pub(super) struct Extent {
    rows: Option<(u64, u64)>,
    cols: Option<(u64, u64)>,
}

impl Extent {
    /// Widens the span to take in `rows` × `cols` (each first, last).
    pub(super) fn add(&mut self, rows: (u64, u64), cols: (u64, u64)) {
        let widen = |span: &mut Option<(u64, u64)>, (lo, hi): (u64, u64)| {
            *span = Some(match *span {
                Some((a, b)) => (a.min(lo), b.max(hi.max(lo))),
                None => (lo, hi.max(lo)),
            });
        };
        widen(&mut self.rows, rows);
        widen(&mut self.cols, cols);
    }

    /// Cells in the span, counting the empty ones between.
    pub(super) fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => (r1 - r0 + 1).saturating_mul(c1 - c0 + 1),
            _ => 0,
        }
    }

    /// Refuses a span over `max_cells_per_sheet`, naming its corners.
    /// `kind` is the file type as people know it (".xls", ".ods").
    pub(super) fn check(
        &self,
        sheet: &str,
        kind: &str,
        limits: &Limits,
    ) -> Result<(), IngestError> {
        let max = limits.max_cells_per_sheet;
        if self.cells() <= max {
            return Ok(());
        }
        let (r0, r1) = self.rows.unwrap_or_default();
        let (c0, c1) = self.cols.unwrap_or_default();
        let corner =
            |r: u64, c: u64| a1(r.min(u32::MAX as u64) as u32, c.min(u32::MAX as u64) as u32);
        Err(IngestError::TooLarge(format!(
            "sheet '{sheet}' has cells from {} to {}, {} cells in all counting the empty ones between; needle reads at most {max} from one sheet of an {kind} file. Delete stray or repeated cells far from the table, or save the workbook as .xlsx",
            corner(r0, c0),
            corner(r1, c1),
            self.cells()
        )))
    }
}

/// Collects cells into sparse rows, enforcing limits as it goes.
pub(super) struct SheetBuilder<'l> {
    name: String,
    cells: Vec<(u32, u32, Cell)>,
    limits: &'l Limits,
}

impl<'l> SheetBuilder<'l> {
    pub(super) fn new(name: String, limits: &'l Limits) -> Self {
        SheetBuilder {
            name,
            cells: Vec::new(),
            limits,
        }
    }

    pub(super) fn push(
        &mut self,
        row: u32,
        col: u32,
        value: Option<Cell>,
    ) -> Result<(), IngestError> {
        let Some(value) = value else { return Ok(()) };
        if let Cell::Text(t) = &value {
            let max = self.limits.max_cell_chars;
            if t.len() as u64 > max && t.chars().count() as u64 > max {
                return Err(IngestError::TooLarge(format!(
                    "cell {} of sheet '{}' holds {} characters, and a spreadsheet cell holds at most {max}; shorten it, or put long stories in several rows",
                    crate::core::text::a1(row, col),
                    self.name,
                    t.chars().count()
                )));
            }
        }
        if self.cells.len() as u64 >= self.limits.max_cells_per_sheet {
            return Err(IngestError::TooLarge(format!(
                "sheet '{}' has more than {} filled cells",
                self.name, self.limits.max_cells_per_sheet
            )));
        }
        self.cells.push((row, col, value));
        Ok(())
    }

    pub(super) fn finish(mut self) -> Result<RawSheet, IngestError> {
        self.cells.sort_by_key(|(r, c, _)| (*r, *c));
        let mut rows: Vec<RawRow> = Vec::new();
        for (r, c, v) in self.cells {
            match rows.last_mut() {
                Some(last) if last.row == r => last.cells.push(RawCell { col: c, value: v }),
                _ => rows.push(RawRow {
                    row: r,
                    cells: vec![RawCell { col: c, value: v }],
                }),
            }
        }
        if rows.len() as u64 > self.limits.max_rows_per_sheet {
            return Err(IngestError::TooLarge(format!(
                "sheet '{}' has {} filled rows, the limit is {}",
                self.name,
                rows.len(),
                self.limits.max_rows_per_sheet
            )));
        }
        Ok(RawSheet {
            name: self.name,
            rows,
        })
    }
}
