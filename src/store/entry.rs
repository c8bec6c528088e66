//! One store entry on disk: a header line with the sha256 of the rest, a
//! line saying where its return was read from ([`Origin`], JSON), then the
//! checked source with its return already scored, in postcard (a compact
//! binary serde format). Anything that does not check out (a cut or
//! damaged file, an entry from another layout) is not an entry: the return
//! is read again.
//!
//! The entry keeps the return *scored*, not its typed rows: what scoring
//! makes of a return depends on that return and the config alone, and the
//! key names both, so a kept return is never scored again (issue 30). At
//! 2,000 returns, decoding each kept return's rows as JSON and scoring it
//! again was about a quarter of a late return's rerun (BENCHMARKS.md).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::contract::{CheckedSource, ReturnReport};
use crate::core::hash::sha256_hex;
use crate::ingest::{InputFile, Source, SourceKind};
use crate::score::ScoredReturn;

const HEADER: &str = "needle-store-entry 3 ";

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
#[derive(Deserialize)]
struct Entry {
    scored: Option<ScoredReturn>,
    report: ReturnReport,
    submitted: Option<NaiveDate>,
    files: Vec<InputFile>,
}

/// [`Entry`] as it is written, borrowing the checked source (postcard
/// writes a borrowed value as the owned one reads).
#[derive(Serialize)]
struct EntryRef<'a> {
    scored: Option<&'a ScoredReturn>,
    report: &'a ReturnReport,
    submitted: Option<NaiveDate>,
    files: &'a [InputFile],
}

/// The entry's bytes.
pub(super) fn encode(c: &CheckedSource<ScoredReturn>, origin: &Origin) -> Vec<u8> {
    let entry = EntryRef {
        scored: c.ret.as_ref(),
        report: &c.report,
        submitted: c.report.submitted,
        files: &c.files,
    };
    let mut body = serde_json::to_vec(origin).expect("an origin always serialises");
    body.push(b'\n');
    let body = postcard::to_extend(&entry, body).expect("a checked source always serialises");
    let mut out = format!("{HEADER}{}\n", sha256_hex(&body)).into_bytes();
    out.extend(body);
    out
}

/// The checked source in `bytes`, if they are a sound entry; the file's
/// modification time (used by supersession, never stored) is `source`'s.
pub(super) fn decode(bytes: &[u8], source: &Source) -> Option<CheckedSource<ScoredReturn>> {
    let newline = bytes.iter().position(|b| *b == b'\n')?;
    let header = std::str::from_utf8(&bytes[..newline]).ok()?;
    let hash = header.strip_prefix(HEADER)?;
    let body = &bytes[newline + 1..];
    if sha256_hex(body) != hash {
        return None;
    }
    let after_origin = body.iter().position(|b| *b == b'\n')?;
    let (e, rest): (Entry, _) = postcard::take_from_bytes(&body[after_origin + 1..]).ok()?;
    if !rest.is_empty() {
        return None;
    }
    let mut report = e.report;
    report.submitted = e.submitted;
    report.modified = source.modified;
    Some(CheckedSource {
        ret: e.scored,
        report,
        files: e.files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::core::PersonKey;
    use std::path::PathBuf;

    /// fixtures/small's return, checked, pseudonymised and scored as a run
    /// keeps it, with its source.
    fn scored() -> (CheckedSource<ScoredReturn>, Source) {
        let config = Config::builtin().unwrap();
        let sources = crate::ingest::discover(&[PathBuf::from("fixtures/small")]).unwrap();
        let source = sources.into_iter().next().unwrap();
        let loaded = crate::ingest::load(source.clone(), &config.limits);
        let mut c =
            crate::contract::check_one(crate::ingest::parse(loaded, &config.limits), &config);
        c.ret
            .as_mut()
            .unwrap()
            .pseudonymise(&PersonKey::new([7; 32]));
        let c = c.map(|r| crate::score::score_kept(&r, &config, Some("the-key")));
        (c, source)
    }

    #[test]
    fn an_entry_reads_back_as_the_scored_return_it_kept() {
        let (c, source) = scored();
        let facts = &c.ret.as_ref().unwrap().facts;
        // fixtures/small: 18 outcome rows, people and activities scored.
        assert_eq!(facts.outcomes.len(), 18);
        assert!(!facts.people.is_empty() && !facts.activities.is_empty());
        let bytes = encode(&c, &Origin::of(&source));
        let back = decode(&bytes, &source).expect("a sound entry");
        assert_eq!(back.ret, c.ret);
        assert_eq!(back.files, c.files);
        assert_eq!(back.report.submitted, c.report.submitted);
        assert_eq!(
            serde_json::to_string(&back.report).unwrap(),
            serde_json::to_string(&c.report).unwrap()
        );
        assert_eq!(origin(&bytes), Some(Origin::of(&source)));
    }

    #[test]
    fn a_damaged_cut_or_older_entry_is_not_an_entry() {
        let (c, source) = scored();
        let bytes = encode(&c, &Origin::of(&source));
        // Cut short.
        assert!(decode(&bytes[..bytes.len() - 1], &source).is_none());
        // One bit flipped in the facts.
        let mut flipped = bytes.clone();
        let i = flipped.len() * 3 / 4;
        flipped[i] ^= 1;
        assert!(decode(&flipped, &source).is_none());
        // An entry of the layout before (typed rows as JSON), even with a
        // sound hash, is read again, not misread.
        let body = &bytes[bytes.iter().position(|b| *b == b'\n').unwrap() + 1..];
        let mut older = format!("needle-store-entry 2 {}\n", sha256_hex(body)).into_bytes();
        older.extend_from_slice(body);
        assert!(decode(&older, &source).is_none());
        // Bytes after the entry, with the hash made to fit, are refused.
        let mut longer = body.to_vec();
        longer.push(0);
        let mut trailing = format!("{HEADER}{}\n", sha256_hex(&longer)).into_bytes();
        trailing.extend_from_slice(&longer);
        assert!(decode(&trailing, &source).is_none());
    }
}
