//! Finding a sheet, its header row and its columns, leniently; then reading
//! each row's cells with their A1 positions.
//!
//! People put title rows above the header, leave blank rows and columns,
//! write headers in any case with units like "(£)", and add their own
//! columns. The header row is the one (within the first rows) that matches
//! the most known column names.

use chrono::NaiveDate;

use super::coerce::{self, DateSource, Problem};
use super::spec::{ColumnSpec, SheetSpec};
use crate::core::text::{a1, column_letters, is_key_of, normalise_key};
use crate::core::{Code, Issue, Severity};
use crate::ingest::{Cell, RawRow, RawSheet, Workbook};

/// How many rows from the top are searched for the header.
const HEADER_SEARCH_ROWS: usize = 30;

/// The sheet matching `spec`'s names, if any.
pub fn find_sheet(wb: &Workbook, names: impl Iterator<Item = &'static str>) -> Option<&RawSheet> {
    let keys: Vec<String> = names.map(normalise_key).collect();
    wb.sheets
        .iter()
        .find(|s| keys.iter().any(|k| is_key_of(k, &s.name)))
}

/// A located table: header row, column positions, data rows.
pub struct Table<'a> {
    pub file: &'a str,
    pub sheet: &'a RawSheet,
    pub spec: &'static SheetSpec,
    /// Absolute column of each spec column (same order as spec.columns).
    pub columns: Vec<Option<u32>>,
    /// Non-empty rows below the header that hold a value in a known column.
    pub rows: Vec<&'a RawRow>,
}

/// Whether a header cell's key (from [`header_key`]) names the column.
fn matches_column(key: Option<&str>, spec: &ColumnSpec) -> bool {
    key.is_some_and(|k| spec.names().any(|n| is_key_of(k, n)))
}

/// A cell's key for header matching: None for a non-text or blank cell.
fn header_key(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Text(t) => Some(normalise_key(t)).filter(|k| !k.is_empty()),
        _ => None,
    }
}

/// Locates the header and columns. Problems that make the sheet unreadable
/// come back as Err (with the issues already pushed).
pub fn locate<'a>(
    file: &'a str,
    sheet: &'a RawSheet,
    spec: &'static SheetSpec,
    issues: &mut Vec<Issue>,
) -> Result<Table<'a>, ()> {
    let at = |i: Issue, cell: String| i.in_file(file).at(&sheet.name, cell);
    let Some(hi) = header_row(sheet, spec) else {
        let expected: Vec<&str> = spec
            .columns
            .iter()
            .filter(|c| c.required)
            .map(|c| c.header)
            .collect();
        issues.push(at(
            Issue::error(
                Code::HeaderNotFound,
                format!("Could not find the header row of the {} sheet.", spec.name),
                format!(
                    "Put the column headers in one row above the data, e.g. {}.",
                    expected.join(", ")
                ),
            ),
            String::new(),
        ));
        return Err(());
    };
    let header = &sheet.rows[hi];
    let columns = map_columns(header, spec, &mut |i, cell| issues.push(at(i, cell)));
    let mut missing = false;
    for (i, c) in spec.columns.iter().enumerate() {
        if c.required && columns[i].is_none() {
            missing = true;
            let after = header.cells.last().map_or(0, |c| c.col + 1);
            issues.push(at(
                Issue::error(
                    Code::ColumnMissing,
                    format!("The {} sheet has no '{}' column.", spec.name, c.header),
                    format!(
                        "Add a column headed '{}' to the header row ({}).",
                        c.header, c.rule
                    ),
                ),
                a1(header.row, after),
            ));
        }
    }
    let rows = data_rows(sheet, hi, &columns, &mut |i, cell| issues.push(at(i, cell)));
    if missing {
        return Err(());
    }
    Ok(Table {
        file,
        sheet,
        spec,
        columns,
        rows,
    })
}

/// The row (of the first few) that names most of the sheet's columns, at
/// least two of them.
fn header_row(sheet: &RawSheet, spec: &SheetSpec) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None; // (row index in sheet.rows, matches)
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let keys: Vec<Option<String>> = row.cells.iter().map(|c| header_key(&c.value)).collect();
        let n = spec
            .columns
            .iter()
            .filter(|c| keys.iter().any(|k| matches_column(k.as_deref(), c)))
            .count();
        if n >= 2 && best.is_none_or(|(_, b)| n > b) {
            best = Some((i, n));
        }
        if n == spec.columns.len() {
            break; // no later row can match more
        }
    }
    best.map(|(i, _)| i)
}

/// The sheet column of each of the spec's columns (None: not there),
/// warning (through `warn`, with the cell) about second copies and
/// columns that are not part of the return.
fn map_columns(
    header: &RawRow,
    spec: &SheetSpec,
    warn: &mut dyn FnMut(Issue, String),
) -> Vec<Option<u32>> {
    let mut columns: Vec<Option<u32>> = vec![None; spec.columns.len()];
    for cell in &header.cells {
        let key = header_key(&cell.value);
        let found = spec
            .columns
            .iter()
            .position(|c| matches_column(key.as_deref(), c));
        let at = a1(header.row, cell.col);
        match found {
            Some(i) if columns[i].is_none() => columns[i] = Some(cell.col),
            Some(i) => warn(
                Issue::warning(
                    Code::ColumnUnknown,
                    format!(
                        "A second '{}' column was found; only the first (column {}) is read.",
                        spec.columns[i].header,
                        column_letters(columns[i].unwrap_or(0))
                    ),
                    "Delete or rename the duplicate column.",
                ),
                at,
            ),
            None => {
                let name = coerce::text(&cell.value, "Header").unwrap_or_default();
                warn(
                    Issue::warning(
                        Code::ColumnUnknown,
                        format!(
                            "The column '{}' is not part of the return and was not read.",
                            coerce::clip(&name)
                        ),
                        format!(
                            "That is fine if it holds your own notes. If it should be one of the return's columns, rename it to one of: {}.",
                            spec.columns
                                .iter()
                                .map(|c| c.header)
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    ),
                    at,
                );
            }
        }
    }
    columns
}

/// The rows below the header that hold a value in one of the return's
/// columns, warning about rows with values only elsewhere and about
/// values in columns with no header.
fn data_rows<'a>(
    sheet: &'a RawSheet,
    header: usize,
    columns: &[Option<u32>],
    warn: &mut dyn FnMut(Issue, String),
) -> Vec<&'a RawRow> {
    let known: Vec<u32> = columns.iter().flatten().copied().collect();
    let header_cols: Vec<u32> = sheet.rows[header].cells.iter().map(|c| c.col).collect();
    let mut rows = Vec::new();
    let mut warned_cols: Vec<u32> = Vec::new();
    for row in &sheet.rows[header + 1..] {
        if row.cells.iter().any(|c| known.contains(&c.col)) {
            rows.push(row);
        } else if !row.cells.is_empty() {
            warn(
                Issue::warning(
                    Code::ColumnUnknown,
                    format!(
                        "Row {} has values only outside the return's columns; it was not read.",
                        row.row + 1
                    ),
                    "Move notes off the table, or put the values under the right headers.",
                ),
                a1(row.row, row.cells[0].col),
            );
        }
        for c in &row.cells {
            if !header_cols.contains(&c.col) && !warned_cols.contains(&c.col) {
                warned_cols.push(c.col);
                warn(
                    Issue::warning(
                        Code::ColumnUnknown,
                        format!(
                            "Column {} holds values but has no header; it was not read.",
                            column_letters(c.col)
                        ),
                        "Give the column one of the return's headers, or move the values off the table.",
                    ),
                    a1(row.row, c.col),
                );
            }
        }
    }
    rows
}

/// Reads one row's cells by column header, collecting the row's issues.
pub struct RowCtx<'t, 'a> {
    table: &'t Table<'a>,
    pub row: &'a RawRow,
    pub issues: Vec<Issue>,
}

impl<'t, 'a> RowCtx<'t, 'a> {
    pub fn new(table: &'t Table<'a>, row: &'a RawRow) -> Self {
        RowCtx {
            table,
            row,
            issues: Vec::new(),
        }
    }

    fn index(&self, header: &str) -> usize {
        self.table
            .spec
            .columns
            .iter()
            .position(|c| c.header == header)
            .expect("header is part of the contract")
    }

    fn spec(&self, header: &str) -> &'static ColumnSpec {
        &self.table.spec.columns[self.index(header)]
    }

    /// The cell under `header` in this row, if the column exists and the cell is filled.
    pub fn cell(&self, header: &str) -> Option<&'a Cell> {
        let col = self.table.columns[self.index(header)]?;
        self.row.get(col)
    }

    /// A1 reference of this row's cell under `header` (the first cell of the
    /// row when the column is absent).
    pub fn a1(&self, header: &str) -> String {
        let col = self.table.columns[self.index(header)]
            .or_else(|| self.row.cells.first().map(|c| c.col))
            .unwrap_or(0);
        a1(self.row.row, col)
    }

    pub fn push(&mut self, header: &str, severity: Severity, p: Problem) {
        let issue = Issue {
            severity,
            code: p.code,
            file: self.table.file.to_string(),
            sheet: self.table.sheet.name.clone(),
            cell: self.a1(header),
            message: p.message,
            hint: p.hint,
        };
        self.issues.push(issue);
    }

    pub fn error(
        &mut self,
        header: &str,
        code: Code,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(header, Severity::Error, Problem::new(code, message, hint));
    }

    pub fn warn(
        &mut self,
        header: &str,
        code: Code,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        self.push(header, Severity::Warning, Problem::new(code, message, hint));
    }

    pub fn has_errors(&self) -> bool {
        self.issues.iter().any(Issue::is_error)
    }

    /// The cell, or an error when the column is required and the cell empty.
    fn present(&mut self, header: &str) -> Option<&'a Cell> {
        let cell = self.cell(header);
        if cell.is_none() && self.spec(header).required {
            let spec = self.spec(header);
            self.error(
                header,
                Code::ValueMissing,
                format!("{header} is empty."),
                format!("Fill it in: {}", spec.rule),
            );
        }
        cell
    }

    pub fn text(&mut self, header: &str) -> Option<String> {
        let cell = self.present(header)?;
        match coerce::text(cell, header) {
            Ok(t) => Some(t),
            Err(p) => {
                self.push(header, Severity::Error, p);
                None
            }
        }
    }

    /// A number ≥ 0; whole when `whole`.
    pub fn count(&mut self, header: &str, example: &str, whole: bool) -> Option<f64> {
        let v = self.number(header, example)?;
        if v < 0.0 {
            self.error(
                header,
                Code::Negative,
                format!(
                    "{header} is {}; it cannot be below 0.",
                    coerce::format_number(v)
                ),
                format!("Enter 0 or more, e.g. {example}."),
            );
            return None;
        }
        if whole && v.fract() != 0.0 {
            self.error(
                header,
                Code::NotAWholeNumber,
                format!("{header} is {v}; it must be a whole number."),
                format!("Enter a whole number, e.g. {example}."),
            );
            return None;
        }
        Some(v)
    }

    pub fn number(&mut self, header: &str, example: &str) -> Option<f64> {
        let cell = self.present(header)?;
        match coerce::number(cell, header, example) {
            Ok(v) => Some(v),
            Err(p) => {
                self.push(header, Severity::Error, p);
                None
            }
        }
    }

    pub fn date(&mut self, header: &str) -> Option<NaiveDate> {
        let cell = self.present(header)?;
        match coerce::date(cell, header) {
            Ok((d, DateSource::SerialNumber)) => {
                self.warn(
                    header,
                    Code::DateAsNumber,
                    format!(
                        "{header} was a plain number; it was read as the date {}.",
                        d.format("%d/%m/%Y")
                    ),
                    "Format the cell as a date so that it shows as one.",
                );
                Some(d)
            }
            Ok((d, _)) => Some(d),
            Err(p) => {
                self.push(header, Severity::Error, p);
                None
            }
        }
    }

    /// One or more objective numbers (1 to 6) in one cell, e.g. "1", "1, 2"
    /// or "2 and 5", sorted and each once. An empty cell of an optional
    /// column is no objectives; a number outside 1 to 6 is an error.
    pub fn objectives(&mut self, header: &str) -> Option<Vec<u8>> {
        if self.cell(header).is_none() && !self.spec(header).required {
            return Some(Vec::new());
        }
        let t = self.text(header)?;
        let mut ids: Vec<u8> = Vec::new();
        for p in t
            .split([',', ';', ' ', '/', '&'])
            .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("and"))
        {
            match p.parse::<u8>() {
                Ok(n) if (1..=6).contains(&n) => {
                    if !ids.contains(&n) {
                        ids.push(n)
                    }
                }
                _ => {
                    self.error(
                        header,
                        Code::NotAllowed,
                        format!("{header} '{}' is not one of 1 to 6.", coerce::clip(&t)),
                        "Enter one or more objective numbers from 1 to 6, e.g. 1 or 1, 2.",
                    );
                    return None;
                }
            }
        }
        ids.sort_unstable();
        (!ids.is_empty()).then_some(ids)
    }

    /// An activity type from the contract's list, read leniently (e.g.
    /// "arts" is creative arts).
    pub fn activity_type(&mut self, header: &str) -> Option<&'static str> {
        self.choice(
            header,
            super::spec::ACTIVITY_TYPES,
            super::spec::ACTIVITY_TYPE_ALIASES,
        )
    }

    pub fn choice(
        &mut self,
        header: &str,
        options: &'static [&'static str],
        aliases: &[(&str, &'static str)],
    ) -> Option<&'static str> {
        let cell = self.present(header)?;
        match coerce::choice(cell, header, options, aliases) {
            Ok(v) => Some(v),
            Err(p) => {
                self.push(header, Severity::Error, p);
                None
            }
        }
    }
}
