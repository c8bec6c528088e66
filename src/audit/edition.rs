//! The audit's own reading of an edition: the bytes of each published
//! table as written (tables/NAME.csv, and the tables a page shows, as CSV)
//! and the workbook (vfm.xlsx, through calamine), as a reader of the
//! published files would see them. Nothing here knows how needle declared
//! or computed a table.

use std::collections::HashMap;
use std::sync::OnceLock;

/// One value as printed.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A number, with the decimals it is printed with.
    Num {
        value: f64,
        decimals: u8,
    },
    /// The disclosure symbol: withheld.
    Withheld,
    /// Nothing printed.
    Blank,
    Text(String),
}

impl Cell {
    fn read(s: &str, symbol: &str) -> Cell {
        let t = s.trim();
        if t.is_empty() {
            return Cell::Blank;
        }
        if t == symbol {
            return Cell::Withheld;
        }
        let numeric = t
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || b == b'.' || (i == 0 && b == b'-'));
        match (numeric, t.parse::<f64>()) {
            (true, Ok(value)) => Cell::Num {
                value,
                decimals: t.split_once('.').map_or(0, |(_, f)| f.len()) as u8,
            },
            _ => Cell::Text(t.to_string()),
        }
    }

    /// The number, when one is printed.
    pub fn num(&self) -> Option<f64> {
        match self {
            Cell::Num { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The text as printed (numbers as they read).
    pub fn text(&self) -> &str {
        match self {
            Cell::Text(s) => s,
            _ => "",
        }
    }

    /// Half a unit of the last decimal printed: how far the true value
    /// may lie from the printed one.
    pub fn half_unit(&self) -> f64 {
        match self {
            Cell::Num { decimals, .. } => 0.5 * 10f64.powi(-i32::from(*decimals)),
            _ => 0.0,
        }
    }
}

/// One published table as read.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// Each cell's text as written.
    raw: Vec<Vec<String>>,
    index: HashMap<String, usize>,
    /// Each column's rows by their text, built the first time the column
    /// is looked up: the catalogue looks rows up by key for every row of
    /// another table, which must not cost a scan at 2,000 returns.
    by_text: Vec<OnceLock<HashMap<String, Vec<usize>>>>,
}

impl Sheet {
    /// The column called `name`.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// The cell of `row` in column `name` (blank when there is none).
    pub fn cell(&self, row: usize, name: &str) -> &Cell {
        const BLANK: Cell = Cell::Blank;
        self.col(name).map_or(&BLANK, |c| &self.rows[row][c])
    }

    /// The text of `row` in column `name` as written ("" when there is
    /// no such column).
    pub fn text(&self, row: usize, name: &str) -> &str {
        self.col(name).map_or("", |c| self.raw[row][c].as_str())
    }

    /// The rows whose column `c` reads `text`, in order.
    fn rows_with(&self, c: usize, text: &str) -> &[usize] {
        let index = self.by_text[c].get_or_init(|| {
            let mut m: HashMap<String, Vec<usize>> = HashMap::new();
            for (r, row) in self.raw.iter().enumerate() {
                m.entry(row[c].clone()).or_default().push(r);
            }
            m
        });
        index.get(text).map_or(&[], Vec::as_slice)
    }

    /// Rows whose columns read the given texts, in order. Starts from the
    /// key that leaves fewest rows; a key naming no column matches only
    /// the empty text, as [`Sheet::text`] reads it.
    pub fn rows_where<'a>(
        &'a self,
        keys: &'a [(&'a str, &'a str)],
    ) -> impl Iterator<Item = usize> + 'a {
        let start: Option<&[usize]> = keys
            .iter()
            .filter_map(|(k, v)| Some(self.rows_with(self.col(k)?, v)))
            .min_by_key(|rows| rows.len());
        let rows: Box<dyn Iterator<Item = usize> + 'a> = match start {
            Some(rows) => Box::new(rows.iter().copied()),
            None => Box::new(0..self.rows.len()),
        };
        rows.filter(move |&r| keys.iter().all(|(k, v)| self.text(r, k) == *v))
    }
}

/// Why an edition could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{file}: {why}")]
    Csv { file: String, why: String },
    #[error("vfm.xlsx: {0}")]
    Workbook(String),
}

/// An edition as written: each table's CSV bytes by table name, and the
/// workbook's bytes.
#[derive(Debug, Clone, Default)]
pub struct Files {
    pub tables: Vec<(String, Vec<u8>)>,
    pub workbook: Option<Vec<u8>>,
}

/// An edition as a reader has it.
#[derive(Debug, Clone)]
pub struct Edition {
    pub sheets: Vec<Sheet>,
    by_name: HashMap<String, usize>,
}

impl Edition {
    /// Reads every table's CSV (`symbol` marks a withheld value).
    pub fn read(files: &Files, symbol: &str) -> Result<Edition, ReadError> {
        let mut sheets = Vec::new();
        for (name, bytes) in &files.tables {
            let bad = |why: String| ReadError::Csv {
                file: format!("{name}.csv"),
                why,
            };
            let mut r = csv::ReaderBuilder::new().from_reader(bytes.as_slice());
            let header: Vec<String> = r
                .headers()
                .map_err(|e| bad(e.to_string()))?
                .iter()
                .map(str::to_string)
                .collect();
            let (mut rows, mut raw) = (Vec::new(), Vec::new());
            for rec in r.records() {
                let rec = rec.map_err(|e| bad(e.to_string()))?;
                rows.push(rec.iter().map(|s| Cell::read(s, symbol)).collect());
                raw.push(rec.iter().map(str::to_string).collect());
            }
            let index = header
                .iter()
                .enumerate()
                .map(|(i, h)| (h.clone(), i))
                .collect();
            sheets.push(Sheet {
                name: name.clone(),
                by_text: header.iter().map(|_| OnceLock::new()).collect(),
                header,
                rows,
                raw,
                index,
            });
        }
        let by_name = sheets
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name.clone(), i))
            .collect();
        Ok(Edition { sheets, by_name })
    }

    /// The table called `name`, when the edition has it.
    pub fn get(&self, name: &str) -> Option<&Sheet> {
        self.by_name.get(name).map(|&i| &self.sheets[i])
    }

    /// The index of the table called `name`.
    pub fn index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }
}

/// A workbook cell that is not what its CSV prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    pub sheet: String,
    pub row: usize,
    pub column: String,
    pub csv: String,
    pub workbook: String,
}

/// Every number in the workbook's sheet that is not the number its CSV
/// prints in the same place. The workbook must hold no figure, and no
/// decimal, that the CSVs do not.
pub fn workbook_differences(
    bytes: &[u8],
    edition: &Edition,
    sheets: &[(&str, &str)],
    symbol: &str,
) -> Result<Vec<Difference>, ReadError> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb =
        Xlsx::new(std::io::Cursor::new(bytes)).map_err(|e| ReadError::Workbook(e.to_string()))?;
    let mut out = Vec::new();
    for &(table, sheet) in sheets {
        let Some(t) = edition.get(table) else {
            continue;
        };
        let range = wb
            .worksheet_range(sheet)
            .map_err(|e| ReadError::Workbook(format!("sheet {sheet}: {e}")))?;
        for (r, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let got = range.get((r + 1, c)).cloned().unwrap_or(Data::Empty);
                let same = match (cell, &got) {
                    (Cell::Num { value, .. }, Data::Float(x)) => {
                        (value - x).abs() <= 1e-9 * value.abs().max(1.0)
                    }
                    (Cell::Num { value, .. }, Data::Int(x)) => *value == *x as f64,
                    // A code or a count written as text (an objective, resamples).
                    (Cell::Num { value, .. }, Data::String(s)) => {
                        s.parse::<f64>().ok() == Some(*value)
                    }
                    (Cell::Withheld, Data::String(s)) => s == symbol,
                    (Cell::Blank, Data::Empty) => true,
                    (Cell::Blank, Data::String(s)) => s.is_empty(),
                    // Words are not figures (and a CSV neutralises a formula
                    // that the workbook keeps as text).
                    (Cell::Text(_), Data::String(_)) => true,
                    _ => false,
                };
                if !same {
                    let printed = match cell {
                        Cell::Num { value, decimals } => {
                            format!("{value:.*}", usize::from(*decimals))
                        }
                        Cell::Withheld => symbol.to_string(),
                        Cell::Blank => String::new(),
                        Cell::Text(s) => s.clone(),
                    };
                    out.push(Difference {
                        sheet: sheet.to_string(),
                        row: r,
                        column: t.header[c].clone(),
                        csv: printed,
                        workbook: got.to_string(),
                    });
                }
            }
        }
    }
    Ok(out)
}
