//! Saving synthetic returns as xlsx (rust_xlsxwriter), ODS (a minimal
//! OpenDocument spreadsheet written directly) or a CSV folder. Every format
//! is written deterministically: fixed document dates, fixed zip times.

use super::model::{Cell, Format, Sheet, SynthReturn};
use crate::core::escape::{html as xml_escape, path_component};
use crate::output::{OutputError, create_dir, write_file};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format as XlsxFormat, Workbook, XlsxError};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error(transparent)]
    Io(#[from] OutputError),
    #[error("could not build the xlsx file {path}: {source}")]
    Xlsx { path: String, source: XlsxError },
    #[error("could not build the ods file {path}: {source}")]
    Zip {
        path: String,
        source: zip::result::ZipError,
    },
}

/// Writes one return under `out/<quarter slug>/`; returns its path.
pub fn write_return(r: &SynthReturn, out: &Path) -> Result<PathBuf, WriteError> {
    let dir = out.join(r.quarter.slug());
    create_dir(&dir)?;
    let stem = path_component(&r.project_id);
    let path = match r.format {
        Format::Xlsx => dir.join(format!("{stem}.xlsx")),
        Format::Ods => dir.join(format!("{stem}.ods")),
        Format::CsvFolder => dir.join(&stem),
    };
    save(&r.sheets, r.format, &path)?;
    Ok(path)
}

/// Saves sheets as one return at `path` (a file, or a folder for CSV).
pub fn save(sheets: &[Sheet], format: Format, path: &Path) -> Result<(), WriteError> {
    let shown = || path.display().to_string();
    match format {
        Format::Xlsx => {
            let bytes = xlsx(sheets).map_err(|source| WriteError::Xlsx {
                path: shown(),
                source,
            })?;
            Ok(write_file(path, &bytes)?)
        }
        Format::Ods => {
            let bytes = ods(sheets).map_err(|source| WriteError::Zip {
                path: shown(),
                source,
            })?;
            Ok(write_file(path, &bytes)?)
        }
        Format::CsvFolder => {
            create_dir(path)?;
            for s in sheets {
                write_file(&path.join(format!("{}.csv", s.name)), &csv(s))?;
            }
            Ok(())
        }
    }
}

/// The sheets as xlsx bytes (rust_xlsxwriter), for callers that adjust them.
pub fn xlsx_bytes(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    xlsx(sheets)
}

fn xlsx(sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 4, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("needle synth")
            .set_creation_datetime(&created),
    );
    let date = XlsxFormat::new().set_num_format("dd/mm/yyyy");
    let bold = XlsxFormat::new().set_bold();
    for s in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(&s.name)?;
        let (mut row, c0) = s.offset;
        if let Some(t) = &s.title {
            // A title merged across the table, as real templates have.
            let last = c0 + (s.header.len().max(2) as u16) - 1;
            ws.merge_range(row, c0, row, last, t, &bold)?;
            row += 2;
        }
        for (c, h) in s.header.iter().enumerate() {
            ws.write_string_with_format(row, c0 + c as u16, h, &bold)?;
            ws.set_column_width(c0 + c as u16, 18)?;
        }
        for r in &s.rows {
            row += 1;
            for (c, cell) in r.iter().enumerate() {
                let c = c0 + c as u16;
                match cell {
                    Cell::Text(t) => {
                        ws.write_string(row, c, t)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number(row, c, *n)?;
                    }
                    Cell::Date(d) => {
                        use chrono::Datelike;
                        let dt = ExcelDateTime::from_ymd(
                            d.year() as u16,
                            d.month() as u8,
                            d.day() as u8,
                        )?;
                        ws.write_datetime_with_format(row, c, &dt, &date)?;
                    }
                    Cell::Error(e) => {
                        let formula = match e.as_str() {
                            "#DIV/0!" => "=1/0",
                            "#N/A" => "=NA()",
                            "#VALUE!" => "=\"a\"+1",
                            _ => "=#REF!",
                        };
                        ws.write_formula(
                            row,
                            c,
                            rust_xlsxwriter::Formula::new(formula).set_result(e),
                        )?;
                    }
                    Cell::Empty => {}
                }
            }
        }
    }
    wb.save_to_buffer()
}

fn ods(sheets: &[Sheet]) -> Result<Vec<u8>, zip::result::ZipError> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime, ZipWriter};
    let stored = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .last_modified_time(DateTime::default());
    let deflated = stored.compression_method(CompressionMethod::Deflated);
    let mut z = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // The mimetype entry must come first and be stored uncompressed.
    z.start_file("mimetype", stored)?;
    z.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    z.start_file("META-INF/manifest.xml", deflated)?;
    z.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
 <manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>
"#,
    )?;
    z.start_file("content.xml", deflated)?;
    z.write_all(ods_content(sheets).as_bytes())?;
    Ok(z.finish()?.into_inner())
}

fn ods_content(sheets: &[Sheet]) -> String {
    let mut o = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>"#,
    );
    let text_cell = |s: &str| {
        format!(
            "<table:table-cell office:value-type=\"string\"><text:p>{}</text:p></table:table-cell>",
            xml_escape(s)
        )
    };
    for s in sheets {
        o.push_str(&format!(
            "<table:table table:name=\"{}\">",
            xml_escape(&s.name)
        ));
        if let Some(t) = &s.title {
            o.push_str(&format!(
                "<table:table-row>{}</table:table-row>",
                text_cell(t)
            ));
            o.push_str("<table:table-row><table:table-cell/></table:table-row>");
        }
        o.push_str("<table:table-row>");
        for h in &s.header {
            o.push_str(&text_cell(h));
        }
        o.push_str("</table:table-row>");
        for r in &s.rows {
            o.push_str("<table:table-row>");
            for c in r {
                match c {
                    Cell::Text(t) => o.push_str(&text_cell(t)),
                    Cell::Number(n) => o.push_str(&format!(
                        "<table:table-cell office:value-type=\"float\" office:value=\"{n}\"><text:p>{n}</text:p></table:table-cell>"
                    )),
                    Cell::Date(d) => o.push_str(&format!(
                        "<table:table-cell office:value-type=\"date\" office:date-value=\"{}\"><text:p>{}</text:p></table:table-cell>",
                        d.format("%Y-%m-%d"),
                        d.format("%d/%m/%Y")
                    )),
                    Cell::Error(e) => o.push_str(&text_cell(e)),
                    Cell::Empty => o.push_str("<table:table-cell/>"),
                }
            }
            o.push_str("</table:table-row>");
        }
        o.push_str("</table:table>");
    }
    o.push_str("</office:spreadsheet></office:body></office:document-content>\n");
    o
}

/// A sheet as UTF-8 CSV with UK dates, as a spreadsheet's "Save as CSV" gives.
fn csv(s: &Sheet) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut put = |rec: Vec<String>| {
        // Writing to a Vec cannot fail.
        let _ = w.write_record(rec);
    };
    if let Some(t) = &s.title {
        put(vec![t.clone()]);
        put(vec![String::new()]);
    }
    put(s.header.clone());
    for r in &s.rows {
        put(r
            .iter()
            .map(|c| match c {
                Cell::Text(t) => t.clone(),
                Cell::Number(n) => n.to_string(),
                Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
                Cell::Error(e) => e.clone(),
                Cell::Empty => String::new(),
            })
            .collect());
    }
    w.into_inner().unwrap_or_default()
}
