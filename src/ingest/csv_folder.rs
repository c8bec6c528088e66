//! Reading a CSV-folder return: one CSV file per sheet, named after it.
//!
//! Excel on Windows saves CSV as Windows-1252 (a `£` is byte 0xA3), newer
//! versions as UTF-8 with a byte-order mark, Google Sheets and LibreOffice as
//! plain UTF-8. The encoding is detected per file so that a `£` survives.
//! European Excel writes `;` as the separator; that is detected too.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};

use super::sheet::SheetBuilder;
use super::{Cell, IngestError, InputFile, RawSheet, Source, Workbook};
use crate::config::Limits;

pub(super) fn load(
    source: &Source,
    limits: &Limits,
    inputs: &mut Vec<InputFile>,
) -> Result<Vec<(String, Vec<u8>)>, IngestError> {
    let dir = source.path.as_path();
    let entries = std::fs::read_dir(dir).map_err(|e| IngestError::Unreadable(e.to_string()))?;
    let mut files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        })
        .collect();
    files.sort();
    // Read here (with each file's size checked before it is read), then
    // parsed as the browser checker's picked files are.
    let mut named = Vec::with_capacity(files.len());
    for f in files {
        let name = f
            .file_name()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        let size = std::fs::metadata(&f)
            .map_err(|e| IngestError::Unreadable(e.to_string()))?
            .len();
        let file = format!("{}/{name}", source.name.trim_end_matches('/'));
        if size > limits.max_file_bytes {
            inputs.extend(InputFile::of_file(&file, &f));
            return Err(too_large(&name, size, limits));
        }
        let bytes = std::fs::read(&f).map_err(|e| IngestError::Unreadable(e.to_string()))?;
        inputs.push(InputFile::of_bytes(&file, &bytes));
        named.push((name, bytes));
    }
    Ok(named)
}

/// A CSV file over the size limit.
fn too_large(file: &str, size: u64, limits: &Limits) -> IngestError {
    IngestError::TooLarge(format!(
        "{file} is {size} bytes, the limit is {} bytes",
        limits.max_file_bytes
    ))
}

/// A CSV-folder return from files held in memory, (file name, bytes): the
/// `.csv` ones, in name order, each a sheet named after it, with the same
/// size limit and parsing as a folder on disk.
pub(super) fn read_named(
    files: &[(&str, &[u8])],
    limits: &Limits,
) -> Result<Workbook, IngestError> {
    let mut csv: Vec<&(&str, &[u8])> = files
        .iter()
        .filter(|(n, _)| {
            std::path::Path::new(n)
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
        })
        .collect();
    csv.sort_by_key(|(n, _)| *n);
    let mut sheets = Vec::new();
    for (file, bytes) in csv {
        let name = std::path::Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("")
            .to_string();
        if bytes.len() as u64 > limits.max_file_bytes {
            return Err(too_large(file, bytes.len() as u64, limits));
        }
        sheets.push(parse_sheet(name, bytes, limits)?);
    }
    Ok(Workbook {
        sheets,
        has_macros: false,
    })
}

/// Decodes CSV bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM,
/// else Windows-1252.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return UTF_16LE.decode_with_bom_removal(bytes).0.into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return UTF_16BE.decode_with_bom_removal(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// `;` when the first lines hold more semicolons than commas, else `,`.
fn delimiter(text: &str) -> u8 {
    let head: Vec<&str> = text.lines().take(20).collect();
    let semis: usize = head.iter().map(|l| l.matches(';').count()).sum();
    let commas: usize = head.iter().map(|l| l.matches(',').count()).sum();
    if semis > commas { b';' } else { b',' }
}

pub(super) fn parse_sheet(
    name: String,
    bytes: &[u8],
    limits: &Limits,
) -> Result<RawSheet, IngestError> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut b = SheetBuilder::new(name.clone(), limits);
    // The csv crate skips blank lines; a spreadsheet shows them as rows. The
    // row is the record's line, less the extra lines taken by line breaks
    // inside quoted cells before it (a spreadsheet keeps those in one row).
    let mut extra_lines: u64 = 0;
    for record in reader.records() {
        let record = record.map_err(|e| IngestError::Corrupt(format!("{name}.csv: {e}")))?;
        // The csv crate records a position before it skips blank lines, so
        // count the line breaks it skipped.
        let line = record.position().map_or(1, |p| {
            let skipped = text
                .as_bytes()
                .get(p.byte() as usize..)
                .unwrap_or_default()
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .filter(|&&b| b == b'\n')
                .count() as u64;
            p.line() + skipped
        });
        let r = line.saturating_sub(1).saturating_sub(extra_lines);
        extra_lines += record
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum::<u64>();
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        for (c, field) in record.iter().enumerate() {
            let value = (!field.trim().is_empty()).then(|| Cell::Text(field.to_string()));
            b.push(r, c as u32, value)?;
        }
    }
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pound_sign_survives_every_encoding() {
        // Windows-1252: £ is the single byte 0xA3.
        assert_eq!(decode(b"Cost\n\xA3120\n"), "Cost\n£120\n");
        // UTF-8 with and without BOM.
        assert_eq!(decode("Cost\n£120\n".as_bytes()), "Cost\n£120\n");
        assert_eq!(decode(b"\xEF\xBB\xBFCost\n\xC2\xA3120\n"), "Cost\n£120\n");
        // UTF-16LE with BOM.
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("£1".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16), "£1");
    }

    #[test]
    fn rows_keep_their_spreadsheet_positions() {
        let s = parse_sheet(
            "Activities".into(),
            b"Title\n\nID;Cost\nA1;\"1,5\"\n",
            &Limits::default(),
        )
        .unwrap();
        // Blank line 2 is kept out, but row numbers stay as in the file.
        assert_eq!(s.rows.len(), 3);
        assert_eq!(s.rows[1].row, 2);
        assert_eq!(s.rows[2].get(1), Some(&Cell::Text("1,5".into())));
    }
}
