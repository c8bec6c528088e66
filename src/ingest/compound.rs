//! Legacy `.xls` workbooks (OLE compound files), made safe before calamine
//! parses them.
//!
//! calamine reads an xls file whole when it opens it, with two weaknesses
//! that fuzzing found (docs/architecture.md, "Hostile workbooks"):
//!
//! - its compound-file reader trusts sector numbers, so a damaged file can
//!   make it grow a buffer to hundreds of MiB or index past its end;
//! - it reserves room for every cell a sheet's DIMENSIONS record declares,
//!   and builds each sheet as a dense grid spanning its first and last
//!   cells, so one stray cell at IV65536 means 16.7 million cells.
//!
//! So needle reads the container with the `cfb` crate, which checks its
//! structure, copies the workbook stream into a fresh, well-formed compound
//! file, and walks the stream's records exactly as calamine will (same
//! record framing, same sheet offsets), refusing any sheet whose declared or
//! actual extent is over the cell limit. Only then does calamine see it.

use std::io::{Cursor, Read, Write};

use super::IngestError;
use super::sheet::Extent;
use crate::config::Limits;

/// What the container held, once checked.
pub(super) struct Compound {
    /// A fresh compound file holding only the workbook stream.
    pub bytes: Vec<u8>,
    pub has_macros: bool,
}

/// Checks and rebuilds a compound file holding an xls workbook.
pub(super) fn prepare(bytes: &[u8], limits: &Limits) -> Result<Compound, IngestError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| IngestError::Corrupt(format!("broken compound file: {e}")))?;
    if cf.exists("/EncryptedPackage") {
        // An encrypted xlsx is a compound file holding "EncryptedPackage".
        return Err(IngestError::Password);
    }
    let Some(name) = ["Workbook", "Book"]
        .into_iter()
        .find(|n| cf.is_stream(format!("/{n}")))
    else {
        return Err(if cf.exists("/WordDocument") {
            IngestError::WrongType("a Word 97-2003 document".into())
        } else if cf.exists("/PowerPoint Document") {
            IngestError::WrongType("a PowerPoint 97-2003 presentation".into())
        } else {
            IngestError::Corrupt("an OLE file with no workbook inside".into())
        });
    };
    let has_macros = cf.exists("/_VBA_PROJECT_CUR");
    let mut stream = cf
        .open_stream(format!("/{name}"))
        .map_err(|e| IngestError::Corrupt(format!("broken compound file: {e}")))?;
    if stream.len() > limits.max_uncompressed_bytes {
        return Err(IngestError::TooLarge(format!(
            "its workbook stream is {} bytes, the limit is {} bytes",
            stream.len(),
            limits.max_uncompressed_bytes
        )));
    }
    let mut data = Vec::new();
    stream
        .by_ref()
        .take(limits.max_uncompressed_bytes)
        .read_to_end(&mut data)
        .map_err(|e| IngestError::Corrupt(format!("broken compound file: {e}")))?;
    drop(stream);
    check_records(&data, limits)?;
    Ok(Compound {
        bytes: rebuild(name, &data)?,
        has_macros,
    })
}

/// A compound file with one stream, written by the `cfb` crate.
fn rebuild(name: &str, data: &[u8]) -> Result<Vec<u8>, IngestError> {
    let fail = |e: std::io::Error| IngestError::Corrupt(format!("broken compound file: {e}"));
    let mut out = cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new()))
        .map_err(fail)?;
    {
        let mut s = out.create_stream(format!("/{name}")).map_err(fail)?;
        s.write_all(data).map_err(fail)?;
    }
    out.flush().map_err(fail)?;
    Ok(out.into_inner().into_inner())
}

/// One BIFF record: its type and its own data (CONTINUE records, which
/// calamine folds into the record before them, carry no cells and are
/// skipped here).
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
}

/// Walks records as calamine's `RecordIter` does; stops where it would fail.
fn records(mut stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        loop {
            if stream.len() < 4 {
                return None;
            }
            let typ = u16::from_le_bytes([stream[0], stream[1]]);
            let len = u16::from_le_bytes([stream[2], stream[3]]) as usize;
            if stream.len() < len + 4 {
                return None;
            }
            let data = &stream[4..4 + len];
            stream = &stream[4 + len..];
            if typ != 0x003C {
                return Some(Record { typ, data });
            }
        }
    })
}

fn u16_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]) as u32)
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    d.get(i..i + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A sheet named in the workbook globals: where its records start.
struct BoundSheet {
    pos: usize,
    name: String,
}

/// Checks every sheet calamine will build, from the same offsets.
fn check_records(stream: &[u8], limits: &Limits) -> Result<(), IngestError> {
    let mut sheets = Vec::new();
    // BIFF8 (Excel 97 onwards) unless the first BOF says BIFF5.
    let mut biff8 = true;
    for (i, r) in records(stream).enumerate() {
        match r.typ {
            0x0809 if i == 0 => biff8 = u16_at(r.data, 0) == Some(0x0600),
            // FilePass: the rest is encrypted.
            0x002F if u16_at(r.data, 0).is_some_and(|v| v != 0) => {
                return Err(IngestError::Password);
            }
            // BoundSheet8: a sheet's offset and name.
            0x0085 => {
                if let Some(pos) = u32_at(r.data, 0) {
                    let n = sheets.len() + 1;
                    sheets.push(BoundSheet {
                        pos: pos as usize,
                        name: sheet_name(r.data, biff8).unwrap_or_else(|| format!("number {n}")),
                    });
                }
            }
            _ => {}
        }
    }
    for sheet in &sheets {
        let Some(records_from) = stream.get(sheet.pos..) else {
            return Err(IngestError::Corrupt(format!(
                "sheet '{}' is said to start past the end of the workbook",
                sheet.name
            )));
        };
        check_sheet(records_from, &sheet.name, limits)?;
    }
    Ok(())
}

/// The sheet name in a BoundSheet record, best effort: only messages use it.
/// BIFF8 has a flags byte (bit 0: UTF-16) before the characters; BIFF5 not.
fn sheet_name(d: &[u8], biff8: bool) -> Option<String> {
    let cch = *d.get(6)? as usize;
    let (wide, chars) = if biff8 {
        (d.get(7)? & 1 == 1, d.get(8..)?)
    } else {
        (false, d.get(7..)?)
    };
    let name: String = if wide {
        let units: Vec<u16> = chars
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        chars.iter().take(cch).map(|&b| b as char).collect()
    };
    let name = name.replace('\0', "");
    (!name.trim().is_empty()).then_some(name)
}

fn check_sheet(stream: &[u8], name: &str, limits: &Limits) -> Result<(), IngestError> {
    let max = limits.max_cells_per_sheet;
    let mut extent = Extent::default();
    let mut seen_bof = false;
    let mut depth = 0usize;
    for r in records(stream) {
        // Nested substreams (embedded charts) are skipped, as calamine does.
        if depth > 0 {
            match r.typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        match r.typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // Dimensions: calamine reserves room for the declared area.
            0x0200 => {
                let Some(declared) = declared_cells(r.data) else {
                    return Err(IngestError::Corrupt(format!(
                        "sheet '{name}' declares a size that cannot be (its last row or column comes before its first)"
                    )));
                };
                if declared > max {
                    return Err(IngestError::TooLarge(format!(
                        "sheet '{name}' declares {declared} cells; needle reads at most {max} from one sheet of an .xls file. Delete stray cells far from the table, or save the workbook as .xlsx"
                    )));
                }
            }
            // Cells with a value, and formulas: row, column first.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                if let (Some(row), Some(col)) = (u16_at(r.data, 0), u16_at(r.data, 2)) {
                    extent.add((row.into(), row.into()), (col.into(), col.into()));
                }
            }
            // MulRk: row, first column, ..., last column.
            0x00BD if r.data.len() >= 6 => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(r.data, 0),
                    u16_at(r.data, 2),
                    u16_at(r.data, r.data.len() - 2),
                ) {
                    extent.add((row.into(), row.into()), (first.into(), last.into()));
                }
            }
            _ => {}
        }
        extent.check(name, ".xls", limits)?;
    }
    Ok(())
}

/// The number of cells a DIMENSIONS record makes calamine reserve, worked
/// out as calamine does; `None` where calamine's arithmetic would wrap.
fn declared_cells(d: &[u8]) -> Option<u64> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (u16_at(d, 0)?, u16_at(d, 2)?, u16_at(d, 4)?, u16_at(d, 6)?),
        14 | 16 => (u32_at(d, 0)?, u32_at(d, 4)?, u16_at(d, 8)?, u16_at(d, 10)?),
        // calamine refuses other lengths itself.
        _ => return Some(0),
    };
    if 0xFF < cf || cl < cf {
        cf = 0;
    }
    if rl < 1 || cl < 1 {
        return Some(1);
    }
    let (last_row, last_col) = (rl - 1, cl - 1);
    if last_row < rf || last_col < cf {
        return None;
    }
    Some((last_row - rf + 1) as u64 * (last_col - cf + 1) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    /// Globals naming one sheet at `pos`, then the sheet's records.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        let mut biff8 = [0u8; 16];
        biff8[1] = 0x06;
        let bof = record(0x0809, &biff8);
        let eof = record(0x000A, &[]);
        let mut bound = vec![0u8; 6];
        bound.extend([1u8, 0, b'S']);
        let globals_len = bof.len() + record(0x0085, &bound).len() + eof.len();
        bound[..4].copy_from_slice(&(globals_len as u32).to_le_bytes());
        let mut s = [bof.clone(), record(0x0085, &bound), eof.clone(), bof].concat();
        for r in sheet {
            s.extend(r);
        }
        s.extend(eof);
        s
    }

    #[test]
    fn a_stray_cell_far_away_is_refused_by_the_extent_it_makes() {
        let l = Limits::default();
        // A1 and IV65536: 65,536 rows × 256 columns = 16,777,216 cells.
        let s = stream(&[number(0, 0), number(65535, 255)]);
        match check_records(&s, &l) {
            Err(IngestError::TooLarge(m)) => {
                assert!(m.contains("sheet 'S' has cells from A1 to IV65536"), "{m}");
                assert!(m.contains("16777216 cells"), "{m}");
            }
            other => panic!("{other:?}"),
        }
        // A1 and J200: 200 × 10 = 2,000 cells, fine.
        assert!(check_records(&stream(&[number(0, 0), number(199, 9)]), &l).is_ok());
    }

    #[test]
    fn declared_dimensions_are_checked_before_calamine_reserves_them() {
        let l = Limits::default();
        // BIFF8: rows 0..4,000,000 (u32), columns 0..200: 800,000,000 cells.
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend(4_000_000u32.to_le_bytes());
        d.extend(0u16.to_le_bytes());
        d.extend(200u16.to_le_bytes());
        d.extend([0, 0]);
        let s = stream(&[record(0x0200, &d)]);
        assert!(
            matches!(check_records(&s, &l), Err(IngestError::TooLarge(m)) if m.contains("declares 800000000 cells"))
        );
        // Last row before the first: calamine's subtraction would wrap.
        let mut d = 10u32.to_le_bytes().to_vec();
        d.extend(5u32.to_le_bytes());
        d.extend([0, 0, 3, 0, 0, 0]);
        let s = stream(&[record(0x0200, &d)]);
        assert!(matches!(
            check_records(&s, &l),
            Err(IngestError::Corrupt(_))
        ));
    }

    #[test]
    fn a_sheet_offset_past_the_end_and_an_encrypted_stream_are_named() {
        let l = Limits::default();
        let mut s = stream(&[number(0, 0)]);
        let at = 4 + 16 + 4;
        s[at..at + 4].copy_from_slice(&9_999u32.to_le_bytes());
        assert!(
            matches!(check_records(&s, &l), Err(IngestError::Corrupt(m)) if m.contains("past the end"))
        );
        let s = [record(0x0809, &[0u8; 16]), record(0x002F, &[1, 0])].concat();
        assert_eq!(check_records(&s, &l), Err(IngestError::Password));
    }
}
