//! The read-only floor: every workbook under the given folder opened with
//! calamine and every cell of every sheet touched, every CSV of a
//! CSV-folder return read record by record; files in parallel with rayon.
//! Nothing is checked, scored or written. It prints how many files, sheets
//! and non-empty cells it read, so that the work cannot be optimised away.

use calamine::{Data, Reader, open_workbook_auto};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

#[derive(Default)]
struct Tally {
    files: u64,
    sheets: u64,
    cells: u64,
    text_bytes: u64,
}

impl Tally {
    fn add(mut self, o: Tally) -> Tally {
        self.files += o.files;
        self.sheets += o.sheets;
        self.cells += o.cells;
        self.text_bytes += o.text_bytes;
        self
    }
}

fn returns(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.join("About.csv").exists() {
                out.push(p);
            } else {
                returns(&p, out);
            }
        } else if p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&e.to_ascii_lowercase().as_str())
        }) {
            out.push(p);
        }
    }
}

fn workbook(path: &Path) -> Tally {
    let mut t = Tally {
        files: 1,
        ..Tally::default()
    };
    let Ok(mut wb) = open_workbook_auto(path) else {
        return t;
    };
    for name in wb.sheet_names() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        t.sheets += 1;
        for cell in range.used_cells() {
            t.cells += 1;
            if let (_, _, Data::String(s)) = cell {
                t.text_bytes += s.len() as u64;
            }
        }
    }
    t
}

fn csv_folder(dir: &Path) -> Tally {
    let mut t = Tally {
        files: 1,
        ..Tally::default()
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return t;
    };
    for e in entries.flatten() {
        let Ok(mut r) = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(e.path())
        else {
            continue;
        };
        t.sheets += 1;
        for rec in r.records().flatten() {
            for field in rec.iter().filter(|f| !f.is_empty()) {
                t.cells += 1;
                t.text_bytes += field.len() as u64;
            }
        }
    }
    t
}

fn main() {
    let dir = std::env::args().nth(1).unwrap_or_else(|| ".".into());
    let mut paths = Vec::new();
    returns(Path::new(&dir), &mut paths);
    let t = paths
        .par_iter()
        .map(|p| {
            if p.is_dir() {
                csv_folder(p)
            } else {
                workbook(p)
            }
        })
        .reduce(Tally::default, Tally::add);
    println!(
        "floor: {} returns, {} sheets, {} non-empty cells, {} text bytes",
        t.files, t.sheets, t.cells, t.text_bytes
    );
}
