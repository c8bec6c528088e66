//! The store: every return needle has checked, kept so that a rerun reads
//! only what is new.
//!
//! A commissioner who drops one late return into a folder of 2,000 should
//! not wait for all 2,000 to be parsed, checked and scored again. Each
//! checked return (its report and issues as validation.json lists them,
//! the fingerprints of its files, and the return *scored*: its facts, as
//! [`crate::score::score_kept`] makes them) is kept as one entry, named by
//! a key made of the sha256 of every byte of its files, the file's name
//! (the messages name it), the sha256 of every config file that checked
//! and scored it and needle's version. A changed file, a renamed one, a
//! changed config or a new needle makes a new key, so a stale entry can
//! never be served: the return is read, checked and scored again.
//!
//! What is kept is each return's own result, before returns are weighed
//! against each other: supersession is still resolved afresh each run over
//! all returns, and the figures that combine returns (aggregates, value
//! for money, disclosure, the outputs) are made from the kept facts each
//! run, with each project's bootstrap kept beside them ([`partials`]).
//!
//! Participant references never reach the store: the run replaces each
//! with its keyed pseudonym first ([`crate::contract::Return::pseudonymise`]).
//! The key is kept here too ([`person_key`]).
//!
//! Layout (docs/architecture.md): `DIR/entries/<key>.entry`, each a header
//! line `needle-store-entry 3 <sha256 of the rest>`, a line saying where
//! the return was read from (JSON), and the entry in postcard, a compact
//! binary serde format ([`entry`]); `DIR/person.key`. An
//! entry is written to a partial name and renamed, and its hash is checked
//! whenever it is read, so an entry a killed run left half-written, or one
//! damaged on disk, is never used: the return is read again and the entry
//! rewritten.
//!
//! **Which entries a run deletes.** One store serves a quarter's runs and
//! a year's: a quarter's run over one folder must not throw away the other
//! quarters' entries that the year's run will want. So at the end of a run
//! an entry the run did not use is kept only while its file is still on
//! disk where it was read, with the very bytes it was checked from (its
//! key worked out afresh from the file matches), for this config and this
//! needle. Every other entry is deleted: a return whose file was deleted or
//! moved, a changed file's old entry, every entry of an old config or
//! needle. So a person erased from a return (the return edited or deleted,
//! to honour an erasure request) leaves the store on the next run, whatever
//! it reads.

mod entry;
mod key;
mod partials;

pub use key::person_key;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

use crate::config::{Config, Limits};
use crate::contract::CheckedSource;
use crate::core::PersonKey;
use crate::core::hash::sha256_hex;
use crate::ingest::{Loaded, Source};
use crate::score::ScoredReturn;

/// The ending of an entry's file name (`entries/<key>.entry`).
const ENTRY: &str = ".entry";

/// Where the store lives when no `--store` is given.
pub const DEFAULT_STORE: &str = "reports/store";

/// Why the store could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "could not use the store folder {path}: {source}; choose another with --store DIR, or run with --no-store"
    )]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the person key {path} is damaged (it should hold 64 hex digits); restore it from a backup, or delete it to start new pseudonyms (people will then not be linked to earlier datasets)"
    )]
    BadKey { path: String },
}

impl StoreError {
    fn io(path: &Path, source: std::io::Error) -> StoreError {
        StoreError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// A store opened for one run.
#[derive(Debug)]
pub struct Store {
    entries: PathBuf,
    /// Partial results beside the entries ([`partials`]).
    partials: PathBuf,
    /// Partials this run used (found or written): the others are kept
    /// only while their entries are.
    used_partials: Mutex<BTreeSet<String>>,
    partials_reused: AtomicU64,
    partials_made: AtomicU64,
    /// The sha256 of the config's files, part of every key.
    config: String,
    /// The config's limits, for reading a source again at the end.
    limits: Limits,
    /// Keys this run used (found or written): every other entry is deleted
    /// at the end.
    used: Mutex<BTreeSet<String>>,
    /// The first entry that could not be written, reported at the end.
    failed: Mutex<Option<StoreError>>,
    reused: AtomicU64,
    checked: AtomicU64,
}

/// What a run did with the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StoreSummary {
    /// Returns taken from the store, not read again.
    pub reused: u64,
    /// Returns read and checked (and kept for next time).
    pub checked: u64,
    /// Entries deleted because their file has gone or changed (or the
    /// config or needle has).
    pub deleted: u64,
    /// Entries this run did not use, kept because their file is still on
    /// disk, unchanged (another quarter's return, say).
    pub kept: u64,
    /// Partial results (a project's bootstrap intervals) taken from the
    /// store, not worked out again.
    pub partials_reused: u64,
    /// Partial results worked out and kept.
    pub partials_made: u64,
    /// Partial results deleted: their returns' entries have gone.
    pub partials_deleted: u64,
}

impl Store {
    /// Opens (creating, readable by its owner only) the store at `dir` for
    /// a run with `config`.
    pub fn open(dir: &Path, config: &Config) -> Result<Store, StoreError> {
        let entries = dir.join("entries");
        let partials = dir.join("partials");
        key::private_dir(dir)?;
        for d in [&entries, &partials] {
            std::fs::create_dir_all(d).map_err(|e| StoreError::io(d, e))?;
        }
        Ok(Store {
            entries,
            partials,
            used_partials: Mutex::new(BTreeSet::new()),
            partials_reused: AtomicU64::new(0),
            partials_made: AtomicU64::new(0),
            config: config_hash(config),
            limits: config.limits.clone(),
            used: Mutex::new(BTreeSet::new()),
            failed: Mutex::new(None),
            reused: AtomicU64::new(0),
            checked: AtomicU64::new(0),
        })
    }

    /// The key of a loaded source: its name, kind and files' fingerprints,
    /// the config and needle's version. None for a source whose bytes
    /// could not all be read (a missing or unreadable file may be a passing
    /// fault: it is always tried again).
    pub fn key(&self, loaded: &Loaded) -> Option<String> {
        if !loaded.is_read() {
            return None;
        }
        let mut text = format!(
            "needle-store 1\nneedle {}\nconfig {}\nname {}\nkind {:?}\n",
            env!("CARGO_PKG_VERSION"),
            self.config,
            loaded.source.name,
            loaded.source.kind
        );
        for f in &loaded.files {
            text.push_str(&format!("file {} {} {}\n", f.bytes, f.sha256, f.file));
        }
        Some(sha256_hex(text.as_bytes()))
    }

    /// The checked source kept under `key`, if a sound entry is there.
    pub fn get(&self, key: &str, source: &Source) -> Option<CheckedSource<ScoredReturn>> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let found = entry::decode(&bytes, source)?;
        self.used_key(key);
        self.reused.fetch_add(1, Ordering::Relaxed);
        Some(found)
    }

    /// Keeps `checked`, read from `source`, under `key` (written
    /// atomically). A failure is remembered and reported by
    /// [`Store::finish`]; the run goes on.
    pub fn put(&self, key: &str, checked: &CheckedSource<ScoredReturn>, source: &Source) {
        self.checked.fetch_add(1, Ordering::Relaxed);
        let path = self.path(key);
        match write_entry(&path, &entry::encode(checked, &entry::Origin::of(source))) {
            Ok(()) => self.used_key(key),
            Err(e) => {
                let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
                failed.get_or_insert(StoreError::io(&path, e));
            }
        }
    }

    /// Counts a return that could not be kept (its files not all read).
    pub fn not_kept(&self) {
        self.checked.fetch_add(1, Ordering::Relaxed);
    }

    /// Ends the run's reading: deletes every entry it did not use whose
    /// file has gone or changed (and any partial file a killed run left),
    /// and says what was reused. Called once every return is read, so an
    /// erased return's entry goes even if the run fails later; the run's
    /// partial results are swept at its end ([`Store::finish_partials`]).
    pub fn finish(&self) -> Result<StoreSummary, StoreError> {
        if let Some(e) = self.failed.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Err(e);
        }
        let used = std::mem::take(&mut *self.used.lock().unwrap_or_else(|p| p.into_inner()));
        let list =
            std::fs::read_dir(&self.entries).map_err(|e| StoreError::io(&self.entries, e))?;
        let mut unused: Vec<(PathBuf, String)> = Vec::new();
        let mut gone: Vec<(PathBuf, bool)> = Vec::new();
        for e in list.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if let Some(k) = name.strip_suffix(ENTRY) {
                if !used.contains(k) {
                    unused.push((e.path(), k.to_string()));
                }
            } else if name.ends_with(".json") && !name.starts_with('.') {
                // An entry of the layout before postcard (typed rows as
                // JSON): never read again, so it goes.
                gone.push((e.path(), true));
            } else if abandoned(&e) {
                gone.push((e.path(), false));
            }
        }
        // Each unused entry's file is read again (bytes and sha256 only,
        // never parsed), in parallel.
        let still: Vec<bool> = unused
            .par_iter()
            .map(|(path, key)| self.still_on_disk(path, key))
            .collect();
        let kept = still.iter().filter(|k| **k).count() as u64;
        gone.extend(
            unused
                .into_iter()
                .zip(still)
                .filter(|(_, keep)| !keep)
                .map(|((path, _), _)| (path, true)),
        );
        gone.sort();
        let mut deleted = 0;
        for (path, is_entry) in gone {
            if remove(&path)? {
                deleted += u64::from(is_entry);
            }
        }
        Ok(StoreSummary {
            reused: self.reused.load(Ordering::Relaxed),
            checked: self.checked.load(Ordering::Relaxed),
            deleted,
            kept,
            ..StoreSummary::default()
        })
    }

    /// Ends the run: every partial result it did not use whose entries are
    /// not all still in the store is deleted (a removed return's go with
    /// it), and `summary` (from [`Store::finish`]) is completed with what
    /// the run did with partial results.
    pub fn finish_partials(self, summary: StoreSummary) -> Result<StoreSummary, StoreError> {
        if let Some(e) = self.failed.lock().unwrap_or_else(|p| p.into_inner()).take() {
            return Err(e);
        }
        let live: BTreeSet<String> = std::fs::read_dir(&self.entries)
            .map_err(|e| StoreError::io(&self.entries, e))?
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(ENTRY).map(str::to_string)
            })
            .collect();
        let used =
            std::mem::take(&mut *self.used_partials.lock().unwrap_or_else(|p| p.into_inner()));
        let mut partials_deleted = 0;
        for path in partials::stale(&self.partials, &used, &live) {
            let is_partial = path.extension().is_some_and(|x| x == "json");
            if remove(&path)? {
                partials_deleted += u64::from(is_partial);
            }
        }
        Ok(StoreSummary {
            partials_deleted,
            partials_reused: self.partials_reused.into_inner(),
            partials_made: self.partials_made.into_inner(),
            ..summary
        })
    }

    /// Whether the entry at `path`, kept under `key`, is for a file still
    /// on disk where it was read, with the same bytes, for this config and
    /// this needle: its key worked out afresh is the same.
    fn still_on_disk(&self, path: &Path, key: &str) -> bool {
        let Some(origin) = read_head(path).and_then(|h| entry::origin(&h)) else {
            return false;
        };
        if !origin.path.exists() {
            return false;
        }
        let loaded = crate::ingest::load(origin.source(), &self.limits);
        self.key(&loaded).is_some_and(|k| k == key)
    }

    fn path(&self, key: &str) -> PathBuf {
        self.entries.join(format!("{key}{ENTRY}"))
    }

    fn used_key(&self, key: &str) {
        self.used
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.to_string());
    }
}

/// Kept partial results ([`partials`]): a project's bootstrap intervals.
impl crate::value::Partials for Store {
    fn get(&self, key: &str) -> Option<Vec<u8>> {
        let file = std::fs::read(self.partials.join(format!("{key}.json"))).ok()?;
        let (_, bytes) = partials::decode(&file)?;
        let bytes = bytes.to_vec();
        self.used_partial(key);
        self.partials_reused.fetch_add(1, Ordering::Relaxed);
        Some(bytes)
    }

    fn put(&self, key: &str, owners: &[crate::core::Name], bytes: &[u8]) {
        let path = self.partials.join(format!("{key}.json"));
        match write_entry(&path, &partials::encode(owners, bytes)) {
            Ok(()) => {
                self.used_partial(key);
                self.partials_made.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => {
                let mut failed = self.failed.lock().unwrap_or_else(|p| p.into_inner());
                failed.get_or_insert(StoreError::io(&path, e));
            }
        }
    }
}

impl Store {
    fn used_partial(&self, key: &str) {
        self.used_partials
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key.to_string());
    }
}

/// Deletes `path`; false when another run sharing the store got there
/// first.
fn remove(path: &Path) -> Result<bool, StoreError> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(StoreError::io(path, e)),
    }
}

/// The first two lines of the entry at `path` (its header and origin), at
/// most 64 KiB: enough to know where its return came from without reading
/// the whole entry.
fn read_head(path: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let first = head.iter().position(|b| *b == b'\n')?;
    let second = first + 1 + head[first + 1..].iter().position(|b| *b == b'\n')?;
    head.truncate(second);
    Some(head)
}

/// Writes an entry atomically: to a partial file named for this process
/// and write, then renamed, so neither a killed run nor two runs sharing the
/// store can leave a cut entry under a key's name.
fn write_entry(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static WRITES: AtomicU64 = AtomicU64::new(0);
    let n = WRITES.fetch_add(1, Ordering::Relaxed);
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let partial = path.with_file_name(format!(".{name}.{}-{n}.partial", std::process::id()));
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}

/// A file in the entries folder that is not an entry and was last written
/// over an hour ago: what a killed run left. (A younger one may be another
/// run's entry being written.)
fn abandoned(e: &std::fs::DirEntry) -> bool {
    e.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > std::time::Duration::from_secs(3600))
}

/// A person key for one run that keeps nothing (no store, no dataset):
/// random, and forgotten when the run ends.
pub fn run_key() -> Result<PersonKey, StoreError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Io {
        path: "the operating system's random number generator".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    Ok(PersonKey::new(bytes))
}

/// The sha256 of the config: each file's name and the sha256 of its text,
/// in order. Where a file came from does not matter; what it says does.
fn config_hash(config: &Config) -> String {
    let text: String = config
        .files
        .iter()
        .map(|f| format!("{} {}\n", f.sha256, f.file))
        .collect();
    sha256_hex(text.as_bytes())
}
