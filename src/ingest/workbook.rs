//! Reading spreadsheet workbooks with calamine, safely.
//!
//! The file's bytes, not its extension, decide how it is read: a return
//! saved as `.xls` that is really an xlsx still opens. Before calamine sees a
//! zip-based workbook, its declared uncompressed size is checked against the
//! limits, and xlsx/xlsb sheets are streamed cell by cell so that one stray
//! cell at XFD1048576 cannot make us allocate the whole grid.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, DataRef, Ods, Reader, SheetType, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

use super::sheet::SheetBuilder;
use super::{Cell, IngestError, RawSheet, Workbook};
use super::{InputFile, Source, compound, guard, ods_scan};
use crate::config::Limits;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Xlsx,
    Xlsb,
    Ods,
    /// An OLE compound file: a legacy .xls, or an encrypted OOXML workbook.
    Compound,
}

pub(super) fn load(
    source: &Source,
    limits: &Limits,
    files: &mut Vec<InputFile>,
) -> Result<Vec<u8>, IngestError> {
    let path = source.path.as_path();
    let meta = std::fs::metadata(path).map_err(|e| IngestError::Unreadable(e.to_string()))?;
    if let Err(e) = check_size(meta.len(), limits) {
        files.extend(InputFile::of_file(&source.name, path));
        return Err(e);
    }
    let bytes = std::fs::read(path).map_err(|e| IngestError::Unreadable(e.to_string()))?;
    files.push(InputFile::of_bytes(&source.name, &bytes));
    Ok(bytes)
}

/// Refuses a file over `max_file_bytes` before it is read into memory.
pub(super) fn check_size(len: u64, limits: &Limits) -> Result<(), IngestError> {
    if len > limits.max_file_bytes {
        return Err(IngestError::TooLarge(format!(
            "{len} bytes, the limit is {} bytes",
            limits.max_file_bytes
        )));
    }
    Ok(())
}

/// Reads a workbook held in memory (the whole file). Every parse runs
/// inside [`guard::parse`], so a parser's panic refuses only this file.
pub(super) fn read_bytes(bytes: &[u8], limits: &Limits) -> Result<Workbook, IngestError> {
    guard::parse(|| parse(bytes, limits))
}

fn parse(bytes: &[u8], limits: &Limits) -> Result<Workbook, IngestError> {
    let (format, mut has_macros) = sniff(bytes, limits)?;
    let cursor = Cursor::new(bytes);
    let sheets = match format {
        Format::Xlsx => {
            let mut wb = Xlsx::new(cursor).map_err(xlsx_error)?;
            read_streamed_xlsx(&mut wb, limits)?
        }
        Format::Xlsb => {
            let mut wb = Xlsb::new(cursor).map_err(|e| match e {
                calamine::XlsbError::Password => IngestError::Password,
                e => IngestError::Corrupt(e.to_string()),
            })?;
            read_streamed_xlsb(&mut wb, limits)?
        }
        Format::Ods => {
            ods_scan::check(bytes, limits)?;
            let mut wb = Ods::new(cursor).map_err(|e| match e {
                calamine::OdsError::Password => IngestError::Password,
                e => IngestError::Corrupt(e.to_string()),
            })?;
            read_ranges(&mut wb, limits)?
        }
        Format::Compound => {
            let checked = compound::prepare(bytes, limits)?;
            has_macros = checked.has_macros;
            let mut wb = Xls::new(Cursor::new(checked.bytes)).map_err(|e| match e {
                calamine::XlsError::Password => IngestError::Password,
                e => IngestError::Corrupt(e.to_string()),
            })?;
            read_ranges(&mut wb, limits)?
        }
    };
    Ok(Workbook { sheets, has_macros })
}

fn xlsx_error(e: calamine::XlsxError) -> IngestError {
    match e {
        calamine::XlsxError::Password => IngestError::Password,
        e => IngestError::Corrupt(e.to_string()),
    }
}

/// Decides the format from the bytes and, for zip-based formats, checks the
/// declared uncompressed size and looks for a VBA project.
fn sniff(bytes: &[u8], limits: &Limits) -> Result<(Format, bool), IngestError> {
    const ZIP: &[u8] = b"PK\x03\x04";
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if bytes.starts_with(CFB) {
        return Ok((Format::Compound, false));
    }
    // Other kinds of file people attach by mistake, named by what they are.
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"{\\rtf", "an RTF document"),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Err(IngestError::WrongType((*what).into()));
    }
    if !bytes.starts_with(ZIP) {
        if bytes.is_empty() {
            return Err(IngestError::Corrupt("the file is empty".into()));
        }
        if looks_like_text(bytes) {
            return Err(IngestError::WrongType(
                "a text or CSV file, not a workbook: save it as .xlsx, or put one CSV per sheet in a folder".into(),
            ));
        }
        return Err(IngestError::Corrupt("it is not a spreadsheet file".into()));
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| IngestError::Corrupt(format!("broken zip archive: {e}")))?;
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| IngestError::Corrupt(format!("broken zip archive: {e}")))?;
        total = total.saturating_add(f.size());
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        // A zip bomb: a part that inflates far beyond anything a
        // spreadsheet's XML compresses to (Apache POI refuses below 1 %).
        if f.size() > BOMB_MIN_BYTES && f.compressed_size().saturating_mul(100) < f.size() {
            return Err(IngestError::TooLarge(format!(
                "its part {name} unpacks from {} to {} bytes, more than 100 times; a real workbook never does, so it is refused as a possible zip bomb",
                f.compressed_size(),
                f.size()
            )));
        }
        names.push(name);
    }
    if total > limits.max_uncompressed_bytes {
        return Err(IngestError::TooLarge(format!(
            "it unpacks to {total} bytes, the limit is {} bytes",
            limits.max_uncompressed_bytes
        )));
    }
    check_shared_strings(&mut zip, &names, limits)?;
    // Part names as calamine looks them up: any case, either slash.
    let normal: Vec<String> = names.iter().map(|n| part_key(n)).collect();
    let has = |n: &str| normal.iter().any(|x| x == n);
    let has_macros = normal.iter().any(|n| n.ends_with("vbaproject.bin"));
    // The workbook part is wherever the package's relationships say
    // (ECMA-376 Part 2, the officeDocument relationship of _rels/.rels);
    // xl/workbook.xml is only where most writers put it.
    let office = office_document(&mut zip, &names, &normal).filter(|t| has(t));
    match office.as_deref() {
        Some(t) if t.ends_with(".bin") => return Ok((Format::Xlsb, has_macros)),
        Some(_) => return Ok((Format::Xlsx, has_macros)),
        None => {}
    }
    if has("xl/workbook.xml") {
        return Ok((Format::Xlsx, has_macros));
    }
    if has("xl/workbook.bin") {
        return Ok((Format::Xlsb, has_macros));
    }
    if has("content.xml") {
        let mut mime = String::new();
        if let Ok(mut f) = zip.by_name("mimetype") {
            let _ = f.by_ref().take(200).read_to_string(&mut mime);
        }
        if mime.is_empty() || mime.contains("opendocument.spreadsheet") {
            return Ok((Format::Ods, false));
        }
        return Err(IngestError::WrongType(format!(
            "an OpenDocument file of type {}",
            mime.trim()
        )));
    }
    if has("word/document.xml") {
        return Err(IngestError::WrongType("a Word document".into()));
    }
    if has("ppt/presentation.xml") {
        return Err(IngestError::WrongType("a PowerPoint presentation".into()));
    }
    Err(IngestError::Corrupt(
        "a zip archive with no workbook inside".into(),
    ))
}

/// A zip part's name as calamine finds it: back slashes read as forward
/// ones (some writers use them), any case, no leading slash.
fn part_key(name: &str) -> String {
    name.replace('\\', "/")
        .trim_start_matches('/')
        .to_ascii_lowercase()
}

/// The workbook part named by the package's officeDocument relationship
/// (`_rels/.rels`), as a [`part_key`]; None when there is no such
/// relationship. Reads at most 64 KiB of the relationships part.
fn office_document<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    names: &[String],
    normal: &[String],
) -> Option<String> {
    let at = normal.iter().position(|n| n == "_rels/.rels")?;
    let mut text = String::new();
    let part = zip.by_name(&names[at]).ok()?;
    part.take(64 * 1024).read_to_string(&mut text).ok()?;
    text.split("<Relationship")
        .skip(1)
        .filter(|tag| {
            attribute(tag, "Type").is_some_and(|t| t.ends_with("/relationships/officeDocument"))
        })
        .find_map(|tag| attribute(tag, "Target"))
        .map(|target| part_key(&target))
}

/// The value of attribute `name` in the text of an XML tag, with the
/// five predefined entities read.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let tag = tag.split('>').next()?;
    let at = tag.match_indices(name).find_map(|(i, _)| {
        let before = tag[..i].chars().next_back();
        let rest = tag[i + name.len()..].trim_start();
        (before.is_some_and(char::is_whitespace) && rest.starts_with('=')).then_some(rest)
    })?;
    let rest = at[1..].trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = rest[1..].split(quote).next()?;
    Some(
        value
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

/// Parts smaller than this are not checked for their compression ratio:
/// small XML can legitimately compress very well.
const BOMB_MIN_BYTES: u64 = 1024 * 1024;

/// calamine reserves room for as many shared strings as the file says it
/// has (`uniqueCount` on the root element), before reading one: a file
/// claiming two billion aborts the process. So read the claim first, from
/// at most 64 KiB of each shared-strings part, and refuse one that the part
/// could not hold (each string takes at least 5 bytes, `<si/>`) or that is
/// beyond the cell limit.
fn check_shared_strings<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    names: &[String],
    limits: &Limits,
) -> Result<(), IngestError> {
    const HEAD: u64 = 64 * 1024;
    for name in names
        .iter()
        .filter(|n| n.to_lowercase().ends_with("sharedstrings.xml"))
    {
        let Ok(mut part) = zip.by_name(name) else {
            continue;
        };
        let size = part.size();
        if size > limits.max_shared_strings_bytes {
            return Err(IngestError::TooLarge(format!(
                "its shared-strings part {name} unpacks to {size} bytes, the limit is {} bytes",
                limits.max_shared_strings_bytes
            )));
        }
        let mut head = Vec::new();
        let _ = part.by_ref().take(HEAD).read_to_end(&mut head);
        let head = String::from_utf8_lossy(&head);
        // The root element, with or without a namespace prefix (<x:sst ...>).
        let root = head.match_indices("sst").find_map(|(i, _)| {
            let before = head[..i].chars().next_back();
            let after = head[i + 3..].chars().next();
            (matches!(before, Some('<' | ':'))
                && after.is_some_and(|c| c.is_whitespace() || c == '>'))
            .then(|| head[i..].split('>').next().unwrap_or(""))
        });
        let Some(tag) = root else {
            if size > HEAD {
                return Err(IngestError::Corrupt(format!(
                    "its shared-strings part {name} does not begin as a workbook's does"
                )));
            }
            continue;
        };
        let most = (size / 5).min(limits.max_cells_per_sheet);
        let claim = tag
            .split("uniqueCount=")
            .nth(1)
            .map(|v| v.trim_start_matches(['"', '\'']))
            .map(|v| {
                v.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
            });
        if let Some(digits) = claim {
            match digits.parse::<u64>() {
                Ok(n) if n <= most => {}
                _ => {
                    return Err(IngestError::Corrupt(format!(
                        "its shared-strings part claims {digits} different strings, but can hold at most {most}"
                    )));
                }
            }
        }
    }
    Ok(())
}

fn looks_like_text(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    !head.contains(&0)
        && head
            .iter()
            .filter(|b| b.is_ascii_graphic() || b.is_ascii_whitespace())
            .count()
            * 10
            >= head.len() * 9
}

/// Sheet names in workbook order, worksheets only (no chart sheets).
fn worksheet_names<R: Reader<RS>, RS: Read + Seek>(wb: &R) -> Vec<String> {
    wb.sheets_metadata()
        .iter()
        .filter(|s| matches!(s.typ, SheetType::WorkSheet))
        .map(|s| s.name.clone())
        .collect()
}

fn read_streamed_xlsx<RS: Read + Seek>(
    wb: &mut Xlsx<RS>,
    limits: &Limits,
) -> Result<Vec<RawSheet>, IngestError> {
    let mut out = Vec::new();
    for name in worksheet_names(wb) {
        let mut b = SheetBuilder::new(name.clone(), limits);
        let mut reader = wb.worksheet_cells_reader(&name).map_err(xlsx_error)?;
        while let Some(cell) = reader.next_cell().map_err(xlsx_error)? {
            let (r, c) = cell.get_position();
            b.push(r, c, from_data_ref(cell.get_value()))?;
        }
        out.push(b.finish()?);
    }
    Ok(out)
}

fn read_streamed_xlsb<RS: Read + Seek>(
    wb: &mut Xlsb<RS>,
    limits: &Limits,
) -> Result<Vec<RawSheet>, IngestError> {
    let mut out = Vec::new();
    for name in worksheet_names(wb) {
        let mut b = SheetBuilder::new(name.clone(), limits);
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| IngestError::Corrupt(e.to_string()))?;
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| IngestError::Corrupt(e.to_string()))?
        {
            let (r, c) = cell.get_position();
            b.push(r, c, from_data_ref(cell.get_value()))?;
        }
        out.push(b.finish()?);
    }
    Ok(out)
}

/// xls and ods are parsed whole by calamine when opened; read their ranges.
fn read_ranges<R: Reader<RS>, RS: Read + Seek>(
    wb: &mut R,
    limits: &Limits,
) -> Result<Vec<RawSheet>, IngestError>
where
    R::Error: std::fmt::Display,
{
    let mut out = Vec::new();
    for name in worksheet_names(wb) {
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| IngestError::Corrupt(e.to_string()))?;
        let mut b = SheetBuilder::new(name.clone(), limits);
        for (r, c, v) in range.used_cells() {
            let (sr, sc) = range.start().unwrap_or((0, 0));
            b.push(sr + r as u32, sc + c as u32, from_data(v))?;
        }
        out.push(b.finish()?);
    }
    Ok(out)
}

fn from_data(d: &Data) -> Option<Cell> {
    match d {
        Data::Int(i) => Some(Cell::Number(*i as f64)),
        Data::Float(f) => Some(Cell::Number(*f)),
        Data::String(s) => text(s),
        Data::Bool(b) => Some(Cell::Bool(*b)),
        Data::DateTime(dt) => Some(excel_date(dt)),
        Data::DateTimeIso(s) => Some(iso_date(s)),
        Data::DurationIso(s) => text(s),
        Data::Error(e) => Some(Cell::Error(e.to_string())),
        Data::Empty => None,
    }
}

fn from_data_ref(d: &DataRef<'_>) -> Option<Cell> {
    match d {
        DataRef::Int(i) => Some(Cell::Number(*i as f64)),
        DataRef::Float(f) => Some(Cell::Number(*f)),
        DataRef::String(s) => text(s),
        DataRef::SharedString(s) => text(s),
        DataRef::Bool(b) => Some(Cell::Bool(*b)),
        DataRef::DateTime(dt) => Some(excel_date(dt)),
        DataRef::DateTimeIso(s) => Some(iso_date(s)),
        DataRef::DurationIso(s) => text(s),
        DataRef::Error(e) => Some(Cell::Error(e.to_string())),
        DataRef::Empty => None,
    }
}

fn text(s: &str) -> Option<Cell> {
    (!s.trim().is_empty()).then(|| Cell::Text(s.to_string()))
}

/// A date-formatted cell: calamine resolves the 1900/1904 system.
fn excel_date(dt: &calamine::ExcelDateTime) -> Cell {
    if !dt.is_datetime() {
        return Cell::Number(dt.as_f64());
    }
    let (y, m, d, ..) = dt.to_ymd_hms_milli();
    match NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32) {
        Some(date) => Cell::Date(date),
        // Excel's phantom 1900-02-29: keep the serial so the contract can say so.
        None => Cell::Number(dt.as_f64()),
    }
}

/// An ODS date value such as `2026-07-14` or `2026-07-14T00:00:00`.
fn iso_date(s: &str) -> Cell {
    s.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map(Cell::Date)
        .unwrap_or_else(|| Cell::Text(s.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_pdf_and_empty_files_are_refused_with_a_reason() {
        let l = Limits::default();
        assert!(matches!(
            read_bytes(b"Field,Value\nProject ID,X\n", &l),
            Err(IngestError::WrongType(_))
        ));
        assert!(matches!(
            read_bytes(b"%PDF-1.7 ...", &l),
            Err(IngestError::WrongType(_))
        ));
        assert!(matches!(read_bytes(b"", &l), Err(IngestError::Corrupt(_))));
        assert!(matches!(
            read_bytes(&[0u8, 1, 2, 3, 255, 254], &l),
            Err(IngestError::Corrupt(_))
        ));
    }

    #[test]
    fn part_names_and_relationship_targets_are_read_as_calamine_reads_them() {
        assert_eq!(part_key("XL\\Workbook.XML"), "xl/workbook.xml");
        assert_eq!(part_key("/xl/book.xml"), "xl/book.xml");
        let tag = " Id='rId1' Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target = '/xl/a&amp;b.xml'/>";
        assert_eq!(attribute(tag, "Target").as_deref(), Some("/xl/a&b.xml"));
        assert!(attribute(tag, "Type").unwrap().ends_with("/officeDocument"));
        // TargetMode is not Target; a missing attribute is None.
        assert_eq!(attribute(" TargetMode=\"External\"/>", "Target"), None);
    }

    /// A package whose relationships name a workbook part that is not in
    /// it is still refused: the relationship is followed, never trusted.
    #[test]
    fn a_relationship_to_a_missing_part_is_no_workbook() {
        use std::io::Write;
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("_rels/.rels", o).unwrap();
        z.write_all(b"<Relationships><Relationship Id=\"r\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/nowhere.xml\"/></Relationships>").unwrap();
        let bytes = z.finish().unwrap().into_inner();
        match read_bytes(&bytes, &Limits::default()) {
            Err(IngestError::Corrupt(m)) => assert_eq!(m, "a zip archive with no workbook inside"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_truncated_zip_is_corrupt() {
        let l = Limits::default();
        assert!(matches!(
            read_bytes(b"PK\x03\x04\x14\x00\x00\x00", &l),
            Err(IngestError::Corrupt(_))
        ));
    }
}
