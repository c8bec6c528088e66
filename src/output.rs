//! The one file output: every file needle writes (reports, packs, the
//! feedback page, the template, synthetic returns) goes through here, each
//! atomically, so an interrupted run never leaves a half-written file
//! under a real name. Runs build their files in memory as [`Artefact`]s
//! first, so what is written is testable and deterministic.

use crate::core::escape::path_component;
use std::path::Path;

/// One output file, in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Artefact {
    /// Relative path with `/` separators, e.g. `tables/vfm.csv`.
    pub path: String,
    pub bytes: Vec<u8>,
}

impl Artefact {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Artefact {
        Artefact {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("could not write {path}: {source}")]
pub struct OutputError {
    pub path: String,
    pub source: std::io::Error,
}

/// Writes the artefacts under `dir`, creating folders as needed; each file
/// atomically. Every part of an artefact's path is sanitised, so no path
/// can leave `dir`.
pub fn write(dir: &Path, artefacts: &[Artefact]) -> Result<(), OutputError> {
    for a in artefacts {
        let path = a
            .path
            .split('/')
            .fold(dir.to_path_buf(), |p, part| p.join(path_component(part)));
        write_file(&path, &a.bytes)?;
    }
    Ok(())
}

/// Writes a dataset's partitions (`quarter=…/data.parquet`) under `dir`,
/// then removes every `quarter=…/data.parquet` there that this run did not
/// write (and its folder, once empty): a quarter whose returns are gone
/// leaves the dataset, as it leaves the store. Nothing else in `dir` is
/// touched.
pub fn write_dataset(dir: &Path, artefacts: &[Artefact]) -> Result<(), OutputError> {
    write(dir, artefacts)?;
    let io = |path: &Path| {
        let path = path.display().to_string();
        move |source| OutputError { path, source }
    };
    let written: std::collections::BTreeSet<&str> =
        artefacts.iter().map(|a| a.path.as_str()).collect();
    for e in std::fs::read_dir(dir).map_err(io(dir))?.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.starts_with("quarter=") || !e.path().is_dir() {
            continue;
        }
        let file = e.path().join("data.parquet");
        if file.is_file() && !written.contains(format!("{name}/data.parquet").as_str()) {
            std::fs::remove_file(&file).map_err(io(&file))?;
            // Only an empty folder goes.
            let _ = std::fs::remove_dir(e.path());
        }
    }
    Ok(())
}

/// Writes one file atomically: to `.NAME.partial` in the same folder, then
/// renamed, so an interrupted run never leaves a half-written file under a
/// real name (a rename within one folder is atomic on POSIX and NTFS).
/// Creates the folder if needed.
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let io = |source| OutputError {
        path: path.display().to_string(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let partial = path.with_file_name(format!(".{name}.partial"));
    std::fs::write(&partial, bytes).map_err(io)?;
    std::fs::rename(&partial, path).map_err(io)?;
    Ok(())
}

/// Creates a folder (and its parents) for files written one by one.
pub fn create_dir(path: &Path) -> Result<(), OutputError> {
    std::fs::create_dir_all(path).map_err(|source| OutputError {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_land_under_their_folder_whatever_their_path_says() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            &[
                Artefact::new("tables/a.csv", b"x".to_vec()),
                Artefact::new("../escape.txt", b"y".to_vec()),
            ],
        )
        .unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("tables/a.csv")).unwrap(),
            b"x"
        );
        // ".." is sanitised to "_.", a folder inside `dir`.
        assert_eq!(
            std::fs::read(dir.path().join("_./escape.txt")).unwrap(),
            b"y"
        );
        let names: Vec<_> = std::fs::read_dir(dir.path().join("tables"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["a.csv"], "no .partial file is left behind");
    }
}
