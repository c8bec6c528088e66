//! Partial results kept beside the entries: what a later stage worked out
//! from one project's returns alone (today: its bootstrap intervals,
//! `value::uncertainty`), so a rerun works out only the new returns'.
//!
//! A partial is named by the sha256 of everything it rests on (the caller
//! makes the key from its inputs, every number by its exact bits, with
//! needle's version), so a partial can never be stale: a changed return, a
//! changed config or a new needle asks for a different key. It records the
//! store entries it was made from (its owners): at the end of a run a
//! partial the run did not use is kept only while every owner is still in
//! the store, so a removed or changed return's partials go with its entry
//! (the erasure promise).
//!
//! Layout: `DIR/partials/<key>.json`, a header line
//! `needle-store-partial 1 <sha256 of the rest>`, a line with the owners as
//! a JSON list, then the caller's bytes. Written to a partial name and
//! renamed; a file whose hash fails is never used (the result is worked
//! out again and the file rewritten).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::core::Name;
use crate::core::hash::sha256_hex;

const HEADER: &str = "needle-store-partial 1 ";

/// A partial's file bytes.
pub(super) fn encode(owners: &[Name], bytes: &[u8]) -> Vec<u8> {
    let owners: Vec<&str> = owners.iter().map(|o| o.as_str()).collect();
    let mut body = serde_json::to_vec(&owners).expect("a list of strings always serialises");
    body.push(b'\n');
    body.extend_from_slice(bytes);
    let mut out = format!("{HEADER}{}\n", sha256_hex(&body)).into_bytes();
    out.extend(body);
    out
}

/// The owners and the caller's bytes of a sound partial file.
pub(super) fn decode(file: &[u8]) -> Option<(Vec<String>, &[u8])> {
    let newline = file.iter().position(|b| *b == b'\n')?;
    let hash = std::str::from_utf8(&file[..newline])
        .ok()?
        .strip_prefix(HEADER)?;
    let body = &file[newline + 1..];
    if sha256_hex(body) != hash {
        return None;
    }
    let owners_end = body.iter().position(|b| *b == b'\n')?;
    let owners: Vec<String> = serde_json::from_slice(&body[..owners_end]).ok()?;
    Some((owners, &body[owners_end + 1..]))
}

/// The partial files in `dir` that this run did not use and whose owners
/// are not all among `live` entries (or that cannot be read as a
/// partial), to delete.
pub(super) fn stale(dir: &Path, used: &BTreeSet<String>, live: &BTreeSet<String>) -> Vec<PathBuf> {
    let Ok(list) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in list.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Some(key) = name.strip_suffix(".json") else {
            if super::abandoned(&e) {
                out.push(e.path());
            }
            continue;
        };
        if used.contains(key) {
            continue;
        }
        let sound = std::fs::read(e.path()).ok().and_then(|file| {
            decode(&file).map(|(owners, _)| owners.iter().all(|o| live.contains(o)))
        });
        if sound != Some(true) {
            out.push(e.path());
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_partial_reads_back_and_a_damaged_one_does_not() {
        let owners = [Name::new("aaa"), Name::new("bbb")];
        let file = encode(&owners, b"[1,2]");
        let (o, bytes) = decode(&file).unwrap();
        assert_eq!(
            (o, bytes),
            (vec!["aaa".to_string(), "bbb".into()], &b"[1,2]"[..])
        );
        let mut damaged = file.clone();
        let last = damaged.len() - 2;
        damaged[last] = b'3';
        assert!(decode(&damaged).is_none());
        assert!(decode(&file[..file.len() - 1]).is_none());
    }
}
