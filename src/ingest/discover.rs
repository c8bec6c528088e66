//! Finding returns in the paths given on the command line.

use std::path::{Path, PathBuf};

use super::{Source, SourceKind};

/// Workbook extensions needle reads (lower case).
/// Templates (.xltx, .xltm) are workbooks too: a project that filled in the
/// template without saving it as .xlsx has still sent a return.
pub const WORKBOOK_EXTENSIONS: &[&str] = &["xlsx", "xlsm", "xltx", "xltm", "xls", "xlsb", "ods"];

#[derive(Debug, thiserror::Error)]
pub enum DiscoverError {
    #[error("{0}: no such file or folder")]
    NotFound(String),
    #[error("{0}: cannot read the folder: {1}")]
    Unreadable(String, String),
}

/// Expands the given paths into candidate returns, sorted by name so that a
/// run is deterministic.
///
/// - a workbook file is a return;
/// - a folder holding `About.csv` (any case) is a CSV-folder return;
/// - any other folder is searched (recursively) for returns;
/// - any other file given by name, or found in a searched folder, is listed
///   as not a spreadsheet, so that it is reported rather than silently
///   skipped. Hidden files (`.name`), Office lock files (`~$name`) and
///   Markdown or text notes are the exceptions: they are never returns.
pub fn discover(paths: &[PathBuf]) -> Result<Vec<Source>, DiscoverError> {
    let mut out = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(DiscoverError::NotFound(p.display().to_string()));
        }
        if p.is_dir() {
            if is_csv_folder(p) {
                out.push(source(p, SourceKind::CsvFolder));
            } else {
                walk(p, &mut out)?;
            }
        } else {
            out.push(source(p, file_kind(p)));
        }
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.dedup_by(|a, b| a.path == b.path);
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<Source>) -> Result<(), DiscoverError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| DiscoverError::Unreadable(dir.display().to_string(), e.to_string()))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if p.is_dir() {
            if is_csv_folder(&p) {
                out.push(source(&p, SourceKind::CsvFolder));
            } else {
                walk(&p, out)?;
            }
        } else {
            let ext = extension(&p);
            if matches!(ext.as_str(), "md" | "txt") {
                continue;
            }
            out.push(source(&p, file_kind(&p)));
        }
    }
    Ok(())
}

fn extension(p: &Path) -> String {
    p.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase()
}

pub(super) fn file_kind(p: &Path) -> SourceKind {
    if WORKBOOK_EXTENSIONS.contains(&extension(p).as_str()) {
        SourceKind::Workbook
    } else {
        SourceKind::NotSpreadsheet
    }
}

/// A folder is a CSV-folder return when it holds an `About.csv`.
pub fn is_csv_folder(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok()).any(|e| {
                let name = e.file_name().to_string_lossy().to_lowercase();
                name == "about.csv" && e.path().is_file()
            })
        })
        .unwrap_or(false)
}

fn source(p: &Path, kind: SourceKind) -> Source {
    let modified = std::fs::metadata(p).and_then(|m| m.modified()).ok();
    Source {
        path: p.to_path_buf(),
        name: p.display().to_string().replace('\\', "/"),
        kind,
        modified,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_workbooks_csv_folders_and_other_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("b.xlsx"), b"x").unwrap();
        std::fs::write(d.join("a.ODS"), b"x").unwrap();
        std::fs::write(d.join("notes.docx"), b"x").unwrap();
        std::fs::write(d.join("README.md"), b"x").unwrap();
        std::fs::write(d.join("~$b.xlsx"), b"x").unwrap();
        std::fs::write(d.join(".DS_Store"), b"x").unwrap();
        std::fs::create_dir(d.join("c")).unwrap();
        std::fs::write(d.join("c").join("ABOUT.csv"), b"x").unwrap();
        std::fs::write(d.join("c").join("Activities.csv"), b"x").unwrap();
        let found = discover(&[d.to_path_buf()]).unwrap();
        let names: Vec<(String, SourceKind)> = found
            .iter()
            .map(|s| {
                (
                    s.path.file_name().unwrap().to_string_lossy().into_owned(),
                    s.kind,
                )
            })
            .collect();
        assert_eq!(
            names,
            [
                ("a.ODS".to_string(), SourceKind::Workbook),
                ("b.xlsx".to_string(), SourceKind::Workbook),
                ("c".to_string(), SourceKind::CsvFolder),
                ("notes.docx".to_string(), SourceKind::NotSpreadsheet),
            ]
        );
    }

    #[test]
    fn a_missing_path_is_an_error() {
        let err = discover(&[PathBuf::from("/no/such/place")]).unwrap_err();
        assert!(err.to_string().contains("no such file"));
    }
}
