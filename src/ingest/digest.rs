//! The fingerprint of every input file, for manifest.json.
//!
//! A commissioner who publishes a report must be able to say exactly which
//! files it was made from; the sha256 of each file read (each CSV of a
//! folder return too) does that, and shows later whether a file changed.
//! Hashing happens while the bytes are in memory for parsing, so no file is
//! read twice.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::core::hash::{sha256_hex, sha256_reader};

/// One file a run read, as manifest.json lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InputFile {
    /// The name shown to people (a return's name, or `folder/Sheet.csv`).
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
}

impl InputFile {
    /// A file whose bytes are in memory for parsing.
    pub(super) fn of_bytes(file: &str, bytes: &[u8]) -> InputFile {
        InputFile {
            file: file.to_string(),
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        }
    }

    /// A file read in pieces (one too large to parse, or not a spreadsheet
    /// at all); `None` when it cannot be read.
    pub(super) fn of_file(file: &str, path: &Path) -> Option<InputFile> {
        let (bytes, sha256) = sha256_reader(std::fs::File::open(path).ok()?).ok()?;
        Some(InputFile {
            file: file.to_string(),
            bytes,
            sha256,
        })
    }
}
