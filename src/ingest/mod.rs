//! Ingest: find returns and turn every sheet into a raw table of cells that
//! remember where they came from.
//!
//! This stage knows nothing of the submission contract. It opens workbooks
//! with calamine (or CSV folders with the csv crate), enforces the size
//! limits that keep a hostile file from exhausting memory, and keeps each
//! cell's absolute position so that later stages can name the cell (A1) the
//! person sees in their spreadsheet. Runs read files in parallel (rayon),
//! each loaded ([`load`]) then parsed ([`parse`]).

mod compound;
mod csv_folder;
mod digest;
mod discover;
mod guard;
mod ods_scan;
mod sheet;
mod workbook;

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::NaiveDate;

use crate::config::Limits;
use crate::core::hash::sha256_hex;

pub use digest::InputFile;
pub use discover::{DiscoverError, discover};
pub use guard::quiet_parser_panics;

/// What a found path is, decided by its name and (for workbooks) its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum SourceKind {
    /// A spreadsheet workbook (xlsx, xlsm, xls, xlsb or ods).
    Workbook,
    /// A folder holding one CSV file per sheet.
    CsvFolder,
    /// A file that cannot be a return (e.g. a .docx or .pdf).
    NotSpreadsheet,
}

/// A candidate return found on disk.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: PathBuf,
    /// The name shown to people: the path as given or found, with `/`.
    pub name: String,
    pub kind: SourceKind,
    pub modified: Option<SystemTime>,
}

/// A cell value as read. Empty cells are not stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Bool(bool),
    /// A real spreadsheet date (from a date-formatted cell or an ODS date),
    /// already resolved against the workbook's 1900 or 1904 date system.
    Date(NaiveDate),
    /// A spreadsheet error value such as `#DIV/0!`.
    Error(String),
}

/// One non-empty cell with its absolute 0-based column.
#[derive(Debug, Clone, PartialEq)]
pub struct RawCell {
    pub col: u32,
    pub value: Cell,
}

/// One row holding at least one non-empty cell, with its absolute 0-based
/// row index (row 0 is spreadsheet row 1).
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    pub row: u32,
    pub cells: Vec<RawCell>,
}

impl RawRow {
    pub fn get(&self, col: u32) -> Option<&Cell> {
        self.cells.iter().find(|c| c.col == col).map(|c| &c.value)
    }
}

/// One sheet: its name as written and its non-empty rows in order.
#[derive(Debug, Clone, PartialEq)]
pub struct RawSheet {
    pub name: String,
    pub rows: Vec<RawRow>,
}

/// The sheets of one return.
#[derive(Debug, Clone, PartialEq)]
pub struct Workbook {
    pub sheets: Vec<RawSheet>,
    /// The workbook carries a VBA project (xlsm). Macros are never run.
    pub has_macros: bool,
}

/// Why a whole file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IngestError {
    #[error("the file could not be opened: {0}")]
    Unreadable(String),
    #[error("the file is damaged or is not really a spreadsheet ({0})")]
    Corrupt(String),
    #[error("the file is protected with a password")]
    Password,
    #[error("this kind of file cannot hold a return ({0})")]
    WrongType(String),
    #[error("the file is over the size limit: {0}")]
    TooLarge(String),
}

/// The outcome of reading one source.
#[derive(Debug)]
pub struct Ingested {
    pub source: Source,
    pub result: Result<Workbook, IngestError>,
    /// Every file read for this source, with its sha256 (one for a
    /// workbook, one per CSV for a folder), whether or not it parsed.
    pub files: Vec<InputFile>,
}

/// Reads one source.
pub fn read(source: &Source, limits: &Limits) -> Result<Workbook, IngestError> {
    parse(load(source.clone(), limits), limits).result
}

/// One source's bytes, read from disk and fingerprinted but not yet parsed:
/// the store ([`crate::store`]) knows from the fingerprints whether it has
/// checked these very bytes before, and parsing (most of a read's cost)
/// can then be skipped.
#[derive(Debug)]
pub struct Loaded {
    pub source: Source,
    /// Every file read for this source, with its sha256 (one for a
    /// workbook, one per CSV for a folder), whether or not it can be parsed.
    pub files: Vec<InputFile>,
    content: Result<Content, IngestError>,
}

impl Loaded {
    /// Every byte of the source was read (its parse may still fail).
    pub fn is_read(&self) -> bool {
        self.content.is_ok()
    }
}

/// What a source's bytes are, once read.
#[derive(Debug)]
enum Content {
    Workbook(Vec<u8>),
    /// Each CSV file's name (without its folder) and bytes.
    Csv(Vec<(String, Vec<u8>)>),
}

/// Reads one source's bytes (with every size limit checked before a file
/// is read) and fingerprints each file.
pub fn load(source: Source, limits: &Limits) -> Loaded {
    let mut files = Vec::new();
    let content = match source.kind {
        SourceKind::Workbook => workbook::load(&source, limits, &mut files).map(Content::Workbook),
        SourceKind::CsvFolder => csv_folder::load(&source, limits, &mut files).map(Content::Csv),
        SourceKind::NotSpreadsheet => {
            files.extend(InputFile::of_file(&source.name, &source.path));
            Err(IngestError::WrongType(describe_extension(&source.path)))
        }
    };
    Loaded {
        source,
        files,
        content,
    }
}

/// Parses a loaded source into its sheets.
pub fn parse(loaded: Loaded, limits: &Limits) -> Ingested {
    let result = match &loaded.content {
        Ok(Content::Workbook(bytes)) => workbook::read_bytes(bytes, limits),
        Ok(Content::Csv(named)) => {
            let named: Vec<(&str, &[u8])> = named
                .iter()
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .collect();
            csv_folder::read_named(&named, limits)
        }
        Err(e) => Err(e.clone()),
    };
    Ingested {
        source: loaded.source,
        result,
        files: loaded.files,
    }
}

/// Reads a workbook from its bytes, with every limit and pre-parse check that
/// reading it from disk gets (bar the file-size check, which the caller has
/// already passed by holding the bytes). The fuzz target enters here.
pub fn read_workbook_bytes(bytes: &[u8], limits: &Limits) -> Result<Workbook, IngestError> {
    workbook::check_size(bytes.len() as u64, limits)?;
    workbook::read_bytes(bytes, limits)
}

/// Reads one workbook held in memory under the file name a person gave
/// it, as [`read`] reads one from disk: a name that is not a workbook's
/// (a .docx, a .pdf) is refused by its extension, as `discover` refuses it.
pub fn read_named_workbook(
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Workbook, IngestError> {
    let path = Path::new(name);
    if discover::file_kind(path) != SourceKind::Workbook {
        return Err(IngestError::WrongType(describe_extension(path)));
    }
    read_workbook_bytes(bytes, limits)
}

/// Reads a CSV-folder return from files held in memory, (file name,
/// bytes), as [`read`] reads a folder on disk (the browser checker, which
/// has no folders, enters here).
pub fn read_csv_files(files: &[(&str, &[u8])], limits: &Limits) -> Result<Workbook, IngestError> {
    csv_folder::read_named(files, limits)
}

/// Reads one table file that is not a return (a commissioner's menu of
/// prices): a `.csv` file becomes a one-sheet workbook named after the
/// file; anything else is read as a workbook, with the same limits and
/// checks as a return. Also gives the file's sha256, for manifest.json.
pub fn read_table_file(path: &Path, limits: &Limits) -> Result<(Workbook, String), IngestError> {
    let bytes = std::fs::read(path).map_err(|e| IngestError::Unreadable(e.to_string()))?;
    let sha = sha256_hex(&bytes);
    let is_csv = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let wb = if is_csv {
        workbook::check_size(bytes.len() as u64, limits)?;
        let name = path.file_stem().map_or_else(
            || "Sheet1".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        Workbook {
            sheets: vec![csv_folder::parse_sheet(name, &bytes, limits)?],
            has_macros: false,
        }
    } else {
        read_workbook_bytes(&bytes, limits)?
    };
    Ok((wb, sha))
}

fn describe_extension(path: &Path) -> String {
    match path.extension().and_then(|e| e.to_str()) {
        Some(ext) => format!(".{} file", ext.to_lowercase()),
        None => "a file with no extension".to_string(),
    }
}
