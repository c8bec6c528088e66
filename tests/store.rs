//! The store (src/store): a rerun reads only new or changed files, gives
//! the same bytes as a cold run, forgets returns taken out of the input,
//! never serves a damaged or stale entry, and never holds a participant
//! reference.

mod common;

use common::{fixture, needle};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every file under `dir`, by relative path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

/// The numbers a store line gives after its folder ("store DIR: 3
/// return(s) reused, 27 read and kept, ...").
fn numbers(line: &str) -> Vec<u64> {
    line.split(": ")
        .nth(1)
        .unwrap()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

/// What one run said about the store: (reused, read and kept, deleted).
type Said = (u64, u64, u64);

/// `needle report <returns> --no-suppression --out <out> <store args>`,
/// which must succeed; the store's summary line, parsed (None when the
/// run used no store).
fn report(returns: &Path, out: &Path, store: &[&str]) -> Option<Said> {
    let o = needle()
        .arg("report")
        .arg(returns)
        .args(["--no-suppression", "--out"])
        .arg(out)
        .args(store)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(
        o.status.success(),
        "report failed: {}{stdout}",
        String::from_utf8_lossy(&o.stderr)
    );
    let line = stdout.lines().find(|l| l.starts_with("store "))?;
    let n = numbers(line);
    Some((n[0], n[1], n[2]))
}

struct Setup {
    _tmp: tempfile::TempDir,
    returns: PathBuf,
    store: PathBuf,
    root: PathBuf,
}

/// fixtures/returns (30 files: 15 returns a quarter, two quarters) copied
/// to a temporary folder, with a store folder beside it.
fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    let returns = root.join("returns");
    copy_dir(&fixture("returns"), &returns);
    Setup {
        returns,
        store: root.join("store"),
        root,
        _tmp: tmp,
    }
}

impl Setup {
    fn run(&self, out: &str) -> Said {
        let store = self.store.to_str().unwrap();
        report(&self.returns, &self.root.join(out), &["--store", store]).unwrap()
    }

    fn cold(&self, out: &str) -> BTreeMap<String, Vec<u8>> {
        assert_eq!(
            report(&self.returns, &self.root.join(out), &["--no-store"]),
            None
        );
        tree(&self.root.join(out))
    }

    fn out(&self, out: &str) -> BTreeMap<String, Vec<u8>> {
        tree(&self.root.join(out))
    }

    fn entries(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = std::fs::read_dir(self.store.join("entries"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        v
    }
}

/// Asserts two report folders hold the same files, byte for byte.
fn same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (name, bytes) in a {
        assert!(bytes == &b[name], "{name} differs");
    }
}

#[test]
fn a_rerun_reads_nothing_and_gives_the_cold_runs_bytes() {
    let s = setup();
    // 30 files: every one read and kept on the first run.
    assert_eq!(s.run("first"), (0, 30, 0));
    assert_eq!(s.entries().len(), 30);
    // The second run reads none of them.
    assert_eq!(s.run("second"), (30, 0, 0));
    let cold = s.cold("cold");
    assert!(cold.len() > 40, "a whole report: {} files", cold.len());
    same(&cold, &s.out("first"));
    same(&cold, &s.out("second"));
}

#[test]
fn a_new_return_is_the_only_one_read_and_a_removed_one_leaves_the_store() {
    let s = setup();
    let late = s.returns.join("2026-27-Q2/PP-STO-09.xlsx");
    let aside = s.root.join("PP-STO-09.xlsx");
    std::fs::rename(&late, &aside).unwrap();
    assert_eq!(s.run("without"), (0, 29, 0));
    // The late return arrives: one file read, 29 reused.
    std::fs::rename(&aside, &late).unwrap();
    assert_eq!(s.run("with"), (29, 1, 0));
    same(&s.cold("cold"), &s.out("with"));
    // Taken out again (an erasure request): its entry is deleted at the
    // end of the run, and the report is a cold run's on the 29 left.
    std::fs::remove_file(&late).unwrap();
    assert_eq!(s.run("erased"), (29, 0, 1));
    assert_eq!(s.entries().len(), 29);
    same(&s.cold("cold-erased"), &s.out("erased"));
}

#[test]
fn a_changed_file_is_read_again_and_its_old_entry_deleted() {
    let s = setup();
    assert_eq!(s.run("first"), (0, 30, 0));
    // PP-MAN-07 is a CSV folder: change one score in one of its files.
    let outcomes = s.returns.join("2026-27-Q2/PP-MAN-07/Outcomes.csv");
    let text = std::fs::read_to_string(&outcomes).unwrap();
    let changed = text.replacen("SWEMWBS,20,", "SWEMWBS,21,", 1);
    assert_ne!(text, changed, "the fixture has a SWEMWBS baseline of 20");
    std::fs::write(&outcomes, changed).unwrap();
    assert_eq!(s.run("changed"), (29, 1, 1));
    same(&s.cold("cold"), &s.out("changed"));
}

#[test]
fn a_damaged_entry_is_never_used_but_rebuilt() {
    let s = setup();
    assert_eq!(s.run("first"), (0, 30, 0));
    let entries = s.entries();
    // One entry cut short, as a killed run might leave it; one with a
    // figure changed in place (a damaged disk, or a hand edit).
    let cut = &entries[0];
    let bytes = std::fs::read(cut).unwrap();
    std::fs::write(cut, &bytes[..bytes.len() / 2]).unwrap();
    // The entry's facts are binary (postcard): one bit flipped three
    // quarters of the way in, well past its two header lines, is in them.
    let edited = &entries[1];
    let mut bytes = std::fs::read(edited).unwrap();
    let i = bytes.len() * 3 / 4;
    bytes[i] ^= 1;
    std::fs::write(edited, &bytes).unwrap();
    // A partial file a killed run left.
    std::fs::write(s.store.join("entries/.abc.entry.1-0.partial"), b"cut").unwrap();
    // An entry of the layout before (typed rows as JSON) is deleted.
    let older = s.store.join("entries/0123abcd.json");
    std::fs::write(&older, b"needle-store-entry 2 0123\n{}\n{}").unwrap();
    assert_eq!(s.run("repaired"), (28, 2, 1));
    assert!(!older.exists());
    same(&s.cold("cold"), &s.out("repaired"));
    // Both entries are sound again: the next run reads nothing.
    assert_eq!(s.run("again"), (30, 0, 0));
}

#[test]
fn a_changed_config_checks_everything_again() {
    let s = setup();
    assert_eq!(s.run("first"), (0, 30, 0));
    let config = s.root.join("config");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("config"),
        &config,
    );
    let limits = config.join("limits.toml");
    let text = std::fs::read_to_string(&limits).unwrap();
    std::fs::write(&limits, format!("{text}\n# a comment changes the hash\n")).unwrap();
    // Every return checked again under the new config; the old entries go.
    let store = s.store.to_str().unwrap();
    let config = config.to_str().unwrap();
    assert_eq!(
        report(
            &s.returns,
            &s.root.join("other"),
            &["--store", store, "--config", config]
        ),
        Some((0, 30, 30))
    );
}

#[test]
fn the_store_holds_pseudonyms_never_references_and_its_key_stays_there() {
    let s = setup();
    // The first run writes the dataset too: its person keys are the
    // pseudonyms the store keeps (as 16 bytes each, the 32 hex digits'
    // value).
    let store = s.store.to_str().unwrap();
    let dataset = s.root.join("dataset");
    report(
        &s.returns,
        &s.root.join("first"),
        &["--store", store, "--dataset", dataset.to_str().unwrap()],
    );
    let key = std::fs::read_to_string(s.store.join("person.key")).unwrap();
    let key = key.trim();
    assert_eq!(key.len(), 64);
    let entries: Vec<Vec<u8>> = s
        .entries()
        .iter()
        .map(|e| std::fs::read(e).unwrap())
        .collect();
    assert_eq!(entries.len(), 30);
    // Every person key of the dataset is in an entry, as bytes.
    let mut keys = std::collections::BTreeSet::new();
    for q in ["2026-27-Q1", "2026-27-Q2"] {
        keys.extend(
            texts(&partition(&dataset, q), "person_key")
                .into_iter()
                .flatten(),
        );
    }
    assert!(keys.len() > 300, "{} people", keys.len());
    for k in &keys {
        let bytes: Vec<u8> = (0..16)
            .map(|i| u8::from_str_radix(&k[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        assert!(
            entries.iter().any(|e| e.windows(16).any(|w| w == bytes)),
            "{k} is in no entry"
        );
    }
    // The fixtures' references look like P261-001 (a P, three digits, a
    // dash, three digits): none is in any entry.
    let looks_like_a_reference = |w: &[u8]| {
        w[0] == b'P' && w[4] == b'-' && w[1..4].iter().chain(&w[5..8]).all(u8::is_ascii_digit)
    };
    for (e, bytes) in s.entries().iter().zip(&entries) {
        assert!(
            !bytes.windows(8).any(looks_like_a_reference),
            "{} holds a reference",
            e.display()
        );
    }
    // The pattern finds references where they are: in the CSV returns.
    let csv = std::fs::read(s.returns.join("2026-27-Q1/PP-SAL-14/Outcomes.csv")).unwrap();
    assert!(csv.windows(8).any(looks_like_a_reference));
    // The key is written nowhere but the store.
    for (name, bytes) in s.out("first") {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains(key), "{name} holds the key");
    }
}

/// One partition of a dataset, read back with polars.
fn partition(dataset: &Path, quarter: &str) -> polars::prelude::DataFrame {
    use polars_io::SerReader;
    use polars_io::parquet::read::ParquetReader;
    let bytes = std::fs::read(dataset.join(format!("quarter={quarter}/data.parquet")))
        .unwrap_or_else(|e| panic!("quarter={quarter}: {e}"));
    ParquetReader::new(std::io::Cursor::new(bytes))
        .finish()
        .unwrap()
}

fn texts(df: &polars::prelude::DataFrame, column: &str) -> Vec<Option<String>> {
    df.column(column)
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

#[test]
fn the_dataset_has_a_partition_a_quarter_and_links_people_by_their_key() {
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("returns");
    copy_dir(&fixture("small"), &returns.join("small"));
    copy_dir(&fixture("small-q1"), &returns.join("small-q1"));
    let store = tmp.path().join("store");
    let data = tmp.path().join("dataset");
    let run = |out: &str, store: &Path, data: &Path| {
        report(
            &returns,
            &tmp.path().join(out),
            &[
                "--store",
                store.to_str().unwrap(),
                "--dataset",
                data.to_str().unwrap(),
            ],
        )
    };
    run("first", &store, &data);
    let q1 = partition(&data, "2026-27-Q1");
    let q2 = partition(&data, "2026-27-Q2");
    // Q1: SML-A-Q1's 4 WEMWBS rows; Q2: 18 (SML-A) + 9 (SML-B) outcome
    // rows, as facts.parquet has them.
    assert_eq!((q1.height(), q2.height()), (4, 27));
    let names: Vec<String> = q2
        .get_column_names()
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(
        names[..9],
        [
            "project_id",
            "project_name",
            "organisation",
            "organisation_type",
            "area",
            "activity_id",
            "activity_type",
            "supplier",
            "person_key"
        ]
    );
    assert!(
        !names.iter().any(|n| n == "quarter" || n == "person"),
        "the quarter is the partition; the run's number is not linkable"
    );
    // SML-A's P01 in Q1 and in Q2 is one person: the same key. P01–P04 are
    // the Q1 people, each with one key of 32 hex digits.
    let keys1 = texts(&q1, "person_key");
    let keys2 = texts(&q2, "person_key");
    for k in keys1.iter().chain(&keys2) {
        let k = k.as_deref().unwrap();
        assert!(
            k.len() == 32 && k.chars().all(|c| c.is_ascii_hexdigit()),
            "{k}"
        );
    }
    let distinct1: std::collections::BTreeSet<_> = keys1.iter().collect();
    assert_eq!(distinct1.len(), 4);
    assert!(
        keys1.iter().all(|k| keys2.contains(k)),
        "every Q1 person of SML-A is in its Q2 return"
    );
    // No participant reference anywhere in the files.
    for df in [&q1, &q2] {
        for c in df.columns() {
            if let Ok(s) = c.str() {
                for v in s.iter().flatten() {
                    assert!(!(v.len() == 3 && v.starts_with('P')), "{v}");
                }
            }
        }
    }
    // The same store, the same bytes; a new store, a new key: the same
    // rows with other pseudonyms.
    let again = tmp.path().join("again");
    run("second", &store, &again);
    assert!(tree(&data) == tree(&again), "byte-identical dataset");
    let other = tmp.path().join("other-dataset");
    run("third", &tmp.path().join("other-store"), &other);
    let q2_other = partition(&other, "2026-27-Q2");
    assert_eq!(texts(&q2_other, "project_id"), texts(&q2, "project_id"));
    assert!(
        texts(&q2_other, "person_key")
            .iter()
            .all(|k| !keys2.contains(k))
    );
    // The Q1 return is taken out: its partition leaves the dataset.
    std::fs::remove_dir_all(returns.join("small-q1")).unwrap();
    std::fs::write(data.join("notes.txt"), "kept").unwrap();
    run("fourth", &store, &data);
    assert!(!data.join("quarter=2026-27-Q1").exists());
    assert!(data.join("quarter=2026-27-Q2/data.parquet").exists());
    assert!(data.join("notes.txt").exists(), "nothing else is touched");
}

#[test]
fn a_store_that_cannot_be_made_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    std::fs::write(&file, "not a folder").unwrap();
    let o = needle()
        .args(["report", "fixtures/small", "--out"])
        .arg(tmp.path().join("out"))
        .arg("--store")
        .arg(file.join("store"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("could not use the store folder")
            && stderr.contains("a-file/store")
            && stderr.contains("run with --no-store"),
        "{stderr}"
    );
    assert!(!tmp.path().join("out").exists(), "no half report");
}

#[test]
fn needle_timings_say_how_many_returns_came_from_the_store() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |out: &str| {
        let o = needle()
            .env("NEEDLE_TIMINGS", "1")
            .args(["report", "fixtures/small", "--out"])
            .arg(tmp.path().join(out))
            .arg("--store")
            .arg(tmp.path().join("store"))
            .output()
            .unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    // fixtures/small: SML-A and SML-B, both read on the first run and both
    // from the store on the second.
    assert!(!run("first").contains("from the store"));
    let second = run("second");
    assert!(
        second.contains("scoring (reading: 2 returns from the store, 0 read)"),
        "{second}"
    );
}

/// `needle report PATH --store STORE --out OUT ARGS` (exact figures): the
/// store's (reused, read and kept, deleted, kept for files not read).
fn run_with(path: &Path, store: &Path, out: &Path, args: &[&str]) -> (u64, u64, u64, u64) {
    let o = needle()
        .arg("report")
        .arg(path)
        .args(["--no-suppression", "--store"])
        .arg(store)
        .arg("--out")
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let line = stdout.lines().find(|l| l.starts_with("store ")).unwrap();
    let n = numbers(line);
    (n[0], n[1], n[2], n[3])
}

#[test]
fn a_quarters_run_keeps_the_years_entries_and_the_year_reads_only_what_changed() {
    // fixtures/year-small: 7 returns over the four quarters of 2026/27.
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("returns");
    copy_dir(&fixture("year-small"), &returns);
    let store = tmp.path().join("store");
    let out = |n: &str| tmp.path().join(n);
    let year = ["--year", "2026/27"];
    assert_eq!(run_with(&returns, &store, &out("y1"), &year), (0, 7, 0, 0));
    // A quarter's run over Q2's folder alone (1 return) uses one entry and
    // keeps the other 6: their files are still on disk, unchanged.
    let q2 = returns.join("2026-27-Q2");
    assert_eq!(run_with(&q2, &store, &out("q2"), &[]), (1, 0, 0, 6));
    // So the year's run reads nothing, and gives a cold run's bytes.
    assert_eq!(run_with(&returns, &store, &out("y2"), &year), (7, 0, 0, 0));
    let cold = out("cold");
    let o = needle()
        .arg("report")
        .arg(&returns)
        .args([
            "--no-suppression",
            "--no-store",
            "--year",
            "2026/27",
            "--out",
        ])
        .arg(&cold)
        .output()
        .unwrap();
    assert!(o.status.success());
    same(&tree(&cold), &tree(&out("y2")));
    // Each project's intervals, over the year and over each quarter (the
    // year's audit makes each quarter's edition), were kept by the first
    // year's run and the quarter's: the year draws none again.
    let store_arg = store.to_str().unwrap();
    let (reused, made, deleted) = bootstrap_said(
        &returns,
        &out("y2b"),
        &["--store", store_arg, "--year", "2026/27"],
    );
    assert!(reused > 0, "{reused} reused");
    assert_eq!((made, deleted), (0, 0));
    // A changed Q3 return: the year reads that one, and its old entry goes.
    let people = returns.join("2026-27-Q3/YR-A/People.csv");
    let text = std::fs::read_to_string(&people).unwrap();
    std::fs::write(&people, text.replace("A05,5", "A05,6")).unwrap();
    assert_eq!(run_with(&returns, &store, &out("y3"), &year), (6, 1, 1, 0));
    // An erased return leaves the store on the next run, even a run over
    // another quarter's folder: its file has gone.
    std::fs::remove_dir_all(returns.join("2026-27-Q4/YR-B")).unwrap();
    assert_eq!(run_with(&q2, &store, &out("q2b"), &[]), (1, 0, 1, 5));
    let entries = std::fs::read_dir(store.join("entries")).unwrap().count();
    assert_eq!(entries, 6);
}

/// What one run said about the bootstrap intervals it kept in the store:
/// (projects reused, drawn and kept, deleted with their returns).
fn bootstrap_said(returns: &Path, out: &Path, args: &[&str]) -> (u64, u64, u64) {
    let o = needle()
        .arg("report")
        .arg(returns)
        .args(["--no-suppression", "--out"])
        .arg(out)
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let line = stdout
        .lines()
        .find(|l| l.contains("bootstrap intervals of"))
        .unwrap_or_else(|| panic!("no bootstrap line: {stdout}"));
    let n = numbers(line);
    (n[0], n[1], n[2])
}

/// The projects with a bootstrap row in a report's vfm_uncertainty.csv.
fn projects_with_intervals(out: &Path) -> usize {
    let text = std::fs::read_to_string(out.join("tables/vfm_uncertainty.csv")).unwrap();
    let mut projects: Vec<&str> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    projects.sort();
    projects.dedup();
    projects.len()
}

#[test]
fn a_projects_bootstrap_is_drawn_once_kept_and_deleted_with_its_return() {
    let s = setup();
    let store = s.store.to_str().unwrap();
    let args = ["--store", store];
    let late = s.returns.join("2026-27-Q2/PP-STO-09.xlsx");
    let aside = s.root.join("PP-STO-09.xlsx");
    std::fs::rename(&late, &aside).unwrap();
    // The report quarter, 2026/27 Q2, without PP-STO-09: every project's
    // intervals drawn and kept, one partial result each.
    let (reused, made, deleted) = bootstrap_said(&s.returns, &s.root.join("without"), &args);
    let n = projects_with_intervals(&s.root.join("without"));
    assert!(n >= 10, "{n} projects with intervals");
    assert_eq!((reused, made, deleted), (0, n as u64, 0));
    assert_eq!(
        std::fs::read_dir(s.store.join("partials")).unwrap().count(),
        n
    );
    // The late return: only its project's intervals are drawn.
    std::fs::rename(&aside, &late).unwrap();
    assert_eq!(
        bootstrap_said(&s.returns, &s.root.join("with"), &args),
        (n as u64, 1, 0)
    );
    assert_eq!(projects_with_intervals(&s.root.join("with")), n + 1);
    same(&s.cold("cold"), &s.out("with"));
    // Nothing new: nothing drawn.
    assert_eq!(
        bootstrap_said(&s.returns, &s.root.join("again"), &args),
        (n as u64 + 1, 0, 0)
    );
    // Taken out (an erasure): its entry goes, and its intervals with it.
    std::fs::remove_file(&late).unwrap();
    assert_eq!(
        bootstrap_said(&s.returns, &s.root.join("erased"), &args),
        (n as u64, 0, 1)
    );
    assert_eq!(
        std::fs::read_dir(s.store.join("partials")).unwrap().count(),
        n
    );
    same(&s.cold("cold-erased"), &s.out("erased"));
}

#[test]
fn a_damaged_partial_result_is_drawn_again_and_rewritten() {
    let s = setup();
    let store = s.store.to_str().unwrap();
    let args = ["--store", store];
    let (_, n, _) = bootstrap_said(&s.returns, &s.root.join("first"), &args);
    let mut partials: Vec<PathBuf> = std::fs::read_dir(s.store.join("partials"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    partials.sort();
    // One cut short, one with a figure changed in place.
    let bytes = std::fs::read(&partials[0]).unwrap();
    std::fs::write(&partials[0], &bytes[..bytes.len() / 2]).unwrap();
    let mut bytes = std::fs::read(&partials[1]).unwrap();
    let last = bytes.len() - 3;
    bytes[last] = if bytes[last] == b'1' { b'2' } else { b'1' };
    std::fs::write(&partials[1], &bytes).unwrap();
    assert_eq!(
        bootstrap_said(&s.returns, &s.root.join("repaired"), &args),
        (n - 2, 2, 0)
    );
    same(&s.cold("cold"), &s.out("repaired"));
    // Both sound again.
    assert_eq!(
        bootstrap_said(&s.returns, &s.root.join("again"), &args),
        (n, 0, 0)
    );
}

#[test]
fn a_changed_bootstrap_setting_draws_every_interval_again() {
    let s = setup();
    let store = s.store.to_str().unwrap();
    let (_, n, _) = bootstrap_said(&s.returns, &s.root.join("first"), &["--store", store]);
    let config = s.root.join("config");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("config"),
        &config,
    );
    let valuation = config.join("valuation.toml");
    let text = std::fs::read_to_string(&valuation).unwrap();
    let seed = text
        .lines()
        .find(|l| l.trim_start().starts_with("seed"))
        .expect("valuation.toml sets the bootstrap seed")
        .to_string();
    std::fs::write(&valuation, text.replace(&seed, "seed = 8")).unwrap();
    let config = config.to_str().unwrap();
    // New seed: every project's intervals drawn again; the old ones rest on
    // entries of the old config, which go, so they go too.
    let args = ["--store", store, "--config", config];
    assert_eq!(
        bootstrap_said(&s.returns, &s.root.join("reseeded"), &args),
        (0, n, n)
    );
    let cold = s.root.join("cold");
    assert_eq!(
        report(&s.returns, &cold, &["--no-store", "--config", config]),
        None
    );
    same(&tree(&cold), &s.out("reseeded"));
    assert_ne!(
        std::fs::read(s.root.join("first/tables/vfm_uncertainty.csv")).unwrap(),
        std::fs::read(s.root.join("reseeded/tables/vfm_uncertainty.csv")).unwrap(),
        "another seed draws other intervals"
    );
}

#[test]
fn an_erased_returns_entry_goes_even_when_the_run_then_fails() {
    let s = setup();
    assert_eq!(s.run("first"), (0, 30, 0));
    std::fs::remove_file(s.returns.join("2026-27-Q2/PP-STO-09.xlsx")).unwrap();
    // A quarter with no return: the run stops after reading (exit 2), but
    // the store is swept once every return is read.
    let o = needle()
        .arg("report")
        .arg(&s.returns)
        .args(["--quarter", "2030/31 Q1", "--store"])
        .arg(&s.store)
        .arg("--out")
        .arg(s.root.join("none"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no usable return is for 2030/31 Q1"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(s.entries().len(), 29);
}

/// Every return of a folder of quarter folders: each quarter folder's
/// entries (a workbook, or a folder of CSV files), in order.
fn returns_in(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut quarters: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    quarters.sort();
    for q in quarters {
        let mut v: Vec<PathBuf> = std::fs::read_dir(&q)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        v.sort();
        out.extend(v);
    }
    out
}

/// What a run wrote: every file by path, with its bytes.
type Written = BTreeMap<String, Vec<u8>>;

/// Runs `fixture_name` with the returns `in_store` picks (cycled over the
/// returns) put in the store first, then every return (the store's and
/// the new ones), and returns what that run wrote, with what a cold run
/// wrote.
fn split_run(fixture_name: &str, args: &[&str], in_store: &[bool]) -> (Written, Written) {
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("returns");
    copy_dir(&fixture(fixture_name), &returns);
    let all = returns_in(&returns);
    let held = tmp.path().join("held");
    let mut moved = Vec::new();
    for (i, r) in all.iter().enumerate() {
        if !in_store[i % in_store.len()] {
            let to = held.join(i.to_string());
            std::fs::create_dir_all(&held).unwrap();
            std::fs::rename(r, &to).unwrap();
            moved.push((to, r.clone()));
        }
    }
    let store = tmp.path().join("store");
    let run = |out: &str, store_args: &[&str]| {
        let o = needle()
            .arg("report")
            .arg(&returns)
            .args(["--no-suppression", "--out"])
            .arg(tmp.path().join(out))
            .args(store_args)
            .args(args)
            .output()
            .unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        )
    };
    let store_args = ["--store", store.to_str().unwrap()];
    // The first run keeps what it reads in the store. It may fail when
    // none of the returns kept back is of the period (nothing to report);
    // the store still keeps them, which is all the rerun needs.
    if moved.len() < all.len() {
        run("first", &store_args);
    }
    for (from, to) in &moved {
        std::fs::rename(from, to).unwrap();
    }
    for (out, store_args) in [("rerun", &store_args[..]), ("cold", &["--no-store"][..])] {
        let (ok, stderr) = run(out, store_args);
        assert!(ok, "{out}: {stderr}");
    }
    (
        tree(&tmp.path().join("rerun")),
        tree(&tmp.path().join("cold")),
    )
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 3, ..Default::default() })]

    /// Partial results combine to the cold figures: returns split at
    /// random between the store (read on a first run) and new (read on the
    /// rerun) give a cold run's every byte, for a quarter and for a year.
    #[test]
    fn a_random_split_between_store_and_new_gives_a_cold_runs_bytes(
        quarter in proptest::collection::vec(proptest::bool::ANY, 30),
        year in proptest::collection::vec(proptest::bool::ANY, 7),
    ) {
        let (rerun, cold) = split_run("returns", &[], &quarter);
        same(&cold, &rerun);
        let (rerun, cold) = split_run("year-small", &["--year", "2026/27"], &year);
        same(&cold, &rerun);
    }
}
