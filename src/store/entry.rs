//! One store entry on disk: a header line with the sha256 of the rest, a
//! line saying where its return was read from ([`Origin`]), then the
//! checked source as JSON. Anything that does not check out (a cut or
//! damaged file, an entry from another layout) is not an entry: the return
//! is read again.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::contract::{CheckedSource, Return, ReturnReport};
use crate::core::hash::sha256_hex;
use crate::ingest::{InputFile, Source, SourceKind};

const HEADER: &str = "needle-store-entry 2 ";

/// Where an entry's return was read from: enough to find it on disk again
/// and work out its key afresh, so that the end of a run can tell an
/// entry whose file is still there, unchanged, from one whose file has
/// gone or changed (store/mod.rs, `Store::finish`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(super) struct Origin {
    /// The source's path, absolute.
    pub path: std::path::PathBuf,
    /// Its name as the run gave it (part of the key).
    pub name: String,
    pub kind: SourceKind,
}

impl Origin {
    pub fn of(source: &Source) -> Origin {
        let path = std::fs::canonicalize(&source.path).unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|d| d.join(&source.path))
                .unwrap_or_else(|_| source.path.clone())
        });
        Origin {
            path,
            name: source.name.clone(),
            kind: source.kind,
        }
    }

    /// The source as a run would find it (its modification time unread:
    /// the key does not use it).
    pub fn source(&self) -> Source {
        Source {
            path: self.path.clone(),
            name: self.name.clone(),
            kind: self.kind,
            modified: None,
        }
    }
}

/// The origin line of an entry's bytes, read without checking the rest:
/// None for anything that is not a sound line.
pub(super) fn origin(head: &[u8]) -> Option<Origin> {
    let mut lines = head.split(|b| *b == b'\n');
    std::str::from_utf8(lines.next()?)
        .ok()?
        .strip_prefix(HEADER)?;
    serde_json::from_slice(lines.next()?).ok()
}

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
pub(super) fn encode(c: &CheckedSource, origin: &Origin) -> Vec<u8> {
    let entry = Entry {
        ret: c.ret.clone(),
        report: c.report.clone(),
        submitted: c.report.submitted,
        files: c.files.clone(),
    };
    let mut body = serde_json::to_vec(origin).expect("an origin always serialises");
    body.push(b'\n');
    serde_json::to_writer(&mut body, &entry).expect("a checked source always serialises");
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
    let after_origin = body.iter().position(|b| *b == b'\n')?;
    let e: Entry = serde_json::from_slice(&body[after_origin + 1..]).ok()?;
    let mut report = e.report;
    report.submitted = e.submitted;
    report.modified = source.modified;
    Some(CheckedSource {
        ret: e.ret,
        report,
        files: e.files,
    })
}
