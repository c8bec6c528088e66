//! One store entry on disk: a header line with the sha256 of the rest, then
//! the checked source as JSON. Anything that does not check out (a cut or
//! damaged file, an entry from another layout) is not an entry: the return
//! is read again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::contract::{CheckedSource, Return, ReturnReport};
use crate::core::hash::sha256_hex;
use crate::ingest::{InputFile, Source};

const HEADER: &str = "needle-store-entry 1 ";

/// What an entry holds. `submitted` is kept apart because validation.json
/// does not list it, but supersession needs it.
#[derive(Serialize, Deserialize)]
struct Entry {
    ret: Option<Return>,
    report: ReturnReport,
    submitted: Option<NaiveDate>,
    files: Vec<InputFile>,
}

/// The entry's bytes.
pub(super) fn encode(c: &CheckedSource) -> Vec<u8> {
    let entry = Entry {
        ret: c.ret.clone(),
        report: c.report.clone(),
        submitted: c.report.submitted,
        files: c.files.clone(),
    };
    let body = serde_json::to_vec(&entry).expect("a checked source always serialises");
    let mut out = format!("{HEADER}{}\n", sha256_hex(&body)).into_bytes();
    out.extend(body);
    out
}

/// The checked source in `bytes`, if they are a sound entry; the file's
/// modification time (used by supersession, never stored) is `source`'s.
pub(super) fn decode(bytes: &[u8], source: &Source) -> Option<CheckedSource> {
    let newline = bytes.iter().position(|b| *b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..newline]).ok()?;
    let hash = header.strip_prefix(HEADER)?;
    let body = &bytes[newline + 1..];
    if sha256_hex(body) != hash {
        return None;
    }
    let e: Entry = serde_json::from_slice(body).ok()?;
    let mut report = e.report;
    report.submitted = e.submitted;
    report.modified = source.modified;
    Some(CheckedSource {
        ret: e.ret,
        report,
        files: e.files,
    })
}
