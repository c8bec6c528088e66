//! The fingerprint of every input file, for manifest.json.
//!
//! A commissioner who publishes a report must be able to say exactly which
//! files it was made from; the sha256 of each file read (each CSV of a
//! folder return too) does that, and shows later whether a file changed.
//! Hashing happens while the bytes are in memory for parsing, so no file is
//! read twice.

use std::io::Read;
use std::path::Path;

use serde::Serialize;
use sha2::{Digest, Sha256};

/// One file a run read, as manifest.json lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InputFile {
    /// The name shown to people (a return's name, or `folder/Sheet.csv`).
    pub file: String,
    pub bytes: u64,
    pub sha256: String,
}

/// The sha256 of `bytes`, in lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
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
        let mut f = std::fs::File::open(path).ok()?;
        let mut h = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut n = 0u64;
        loop {
            let k = f.read(&mut buf).ok()?;
            if k == 0 {
                break;
            }
            h.update(&buf[..k]);
            n += k as u64;
        }
        Some(InputFile {
            file: file.to_string(),
            bytes: n,
            sha256: hex(&h.finalize()),
        })
    }
}

fn hex(d: &[u8]) -> String {
    d.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        // FIPS 180-2 test vector, and the empty input.
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }
}
