//! Building a sparse sheet from cells, with the size limits enforced.

use super::{Cell, IngestError, RawCell, RawRow, RawSheet};
use crate::config::Limits;

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
                    crate::text::a1(row, col),
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
