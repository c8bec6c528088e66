//! A new user in an empty folder: what they type first must work, and a
//! command that cannot run must leave nothing behind.

mod common;

use std::path::Path;
use std::process::Command;

/// needle, run in `dir`.
fn needle_in(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_needle"));
    c.current_dir(dir);
    c
}

/// Every path under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(dir).unwrap().flatten() {
            let p = e.path();
            out.push(p.strip_prefix(root).unwrap().display().to_string());
            if p.is_dir() {
                walk(root, &p, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

#[test]
fn report_with_nothing_to_read_makes_nothing_and_offers_the_demo() {
    let empty = tempfile::tempdir().unwrap();
    let (code, text) = common::run(needle_in(empty.path()).arg("report"));
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("no returns were named"), "{text}");
    assert!(text.contains("needle demo"), "{text}");
    // No store, no person key, no reports folder.
    assert_eq!(tree(empty.path()), Vec::<String>::new());

    // A folder with no return in it: the same, naming the folder.
    std::fs::create_dir(empty.path().join("inbox")).unwrap();
    std::fs::write(empty.path().join("inbox/notes.txt"), "not a return").unwrap();
    let (code, text) = common::run(needle_in(empty.path()).args(["report", "inbox"]));
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("no return was found in inbox"), "{text}");
    assert!(text.contains("needle demo"), "{text}");
    assert_eq!(tree(empty.path()), ["inbox", "inbox/notes.txt"]);
}

#[test]
fn demo_writes_returns_and_their_published_report_and_says_where() {
    let empty = tempfile::tempdir().unwrap();
    let (code, text) = common::run(needle_in(empty.path()).arg("demo"));
    assert_eq!(code, 0, "{text}");
    // fixtures/returns' 15 projects over two quarters, less the one that
    // never sends its second return: the same files needle synth writes.
    let returns = empty.path().join("needle-demo/returns");
    let written = tree(&returns)
        .iter()
        .filter(|p| p.ends_with(".xlsx") || p.ends_with(".ods") || p.ends_with("About.csv"))
        .count();
    assert!(written >= 28, "{written} returns: {:?}", tree(&returns));
    assert!(
        text.contains("open needle-demo/report/report.html in a browser"),
        "{text}"
    );
    let report = empty.path().join("needle-demo/report");
    assert!(report.join("report.html").is_file());
    assert!(
        report.join("disclosure_audit.json").is_file(),
        "the published edition"
    );
    // Nothing outside its folder: no store, no key.
    assert_eq!(
        std::fs::read_dir(empty.path()).unwrap().count(),
        1,
        "{:?}",
        tree(empty.path())
    );
    // The demo's tables are fixtures/returns' published tables.
    let bundled = common::report(&["fixtures/returns", "--no-store"]);
    for table in ["objectives", "vfm", "measures"] {
        assert_eq!(
            common::read(&report, &format!("tables/{table}.csv")),
            common::read(bundled.path(), &format!("tables/{table}.csv")),
            "{table}"
        );
    }
}

/// `needle --version` names the commit and its date (SOURCE_DATE_EPOCH
/// or the commit's own), never the time of the build.
#[test]
fn version_names_the_commit_and_its_date() {
    let (code, text) = common::run(common::needle().arg("--version"));
    assert_eq!(code, 0, "{text}");
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TZ", "UTC")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    assert!(
        text.starts_with(&format!("needle {} (commit ", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    // Built from a clone: the commit and its date (UTC) as git gives them.
    if std::env::var_os("SOURCE_DATE_EPOCH").is_none()
        && let (Some(commit), Some(day)) = (
            git(&["rev-parse", "--short=12", "HEAD"]),
            git(&[
                "log",
                "-1",
                "--format=%cd",
                "--date=format-local:%Y-%m-%d",
                "HEAD",
            ]),
        )
    {
        assert_eq!(
            text.trim(),
            format!(
                "needle {} (commit {commit}, {day})",
                env!("CARGO_PKG_VERSION")
            )
        );
    }
}
