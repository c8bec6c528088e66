//! The third-party corpus (../shared/corpus/calamine: 132 workbooks written
//! by many programs, encrypted, malformed and memory-exhausting ones among
//! them). `needle validate` must give every file a result or a clear error:
//! never a panic, a hang or unbounded memory.
//!
//! The corpus is read in place, never copied into this repository. Set
//! NEEDLE_CORPUS to point elsewhere.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn corpus() -> Option<PathBuf> {
    let dir = std::env::var_os("NEEDLE_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/calamine")
        });
    dir.is_dir().then_some(dir)
}

#[test]
fn every_corpus_file_gets_a_result_or_a_clear_error() {
    let Some(dir) = corpus() else {
        // CI machines carry ../shared; say loudly when it is missing.
        eprintln!("SKIPPED: corpus not found (../shared/corpus/calamine or NEEDLE_CORPUS)");
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 100,
        "expected the 132-file corpus, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for f in &files {
        // 2 GiB of address space at most: an allocation bomb fails inside
        // needle (and must be reported) rather than exhausting the machine.
        let mut child = Command::new("sh")
            .arg("-c")
            .arg("ulimit -v 2097152; exec \"$0\" validate --format json \"$1\"")
            .arg(env!("CARGO_BIN_EXE_needle"))
            .arg(f)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let start = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break Some(s);
            }
            if start.elapsed() > Duration::from_secs(60) {
                child.kill().ok();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let out = child.wait_with_output().unwrap();
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        match status.and_then(|s| s.code()) {
            None => failures.push(format!("{name}: hung or was killed")),
            Some(0 | 1) => {
                let v: serde_json::Value = match serde_json::from_slice(&out.stdout) {
                    Ok(v) => v,
                    Err(e) => {
                        failures.push(format!("{name}: output is not JSON: {e}"));
                        continue;
                    }
                };
                let r = &v["returns"][0];
                // Two valid packages calamine and spreadsheet programs open,
                // once refused as "no workbook inside": minimal_package.xlsx
                // (its workbook part is not at xl/workbook.xml; _rels/.rels
                // says where) and issue_530.xlsx (back slashes and lower case
                // in its part names). They are read now: not returns, but
                // read (the refusal names a missing About sheet).
                if ["minimal_package.xlsx", "issue_530.xlsx"].contains(&name.as_str()) {
                    let codes: Vec<&str> = r["issues"]
                        .as_array()
                        .map(|a| a.iter().filter_map(|i| i["code"].as_str()).collect())
                        .unwrap_or_default();
                    if codes.contains(&"FILE_CORRUPT") || !codes.contains(&"NOT_A_RETURN") {
                        failures.push(format!("{name}: not read as a workbook: {codes:?}"));
                    }
                }
                // A clear result: a status, and for anything not accepted at
                // least one error with a code and a message.
                let status = r["status"].as_str().unwrap_or("");
                let errors: Vec<&serde_json::Value> = r["issues"]
                    .as_array()
                    .map(|a| a.iter().filter(|i| i["severity"] == "error").collect())
                    .unwrap_or_default();
                if status.is_empty()
                    || (status == "rejected" && errors.is_empty())
                    || errors
                        .iter()
                        .any(|e| e["message"].as_str().unwrap_or("").is_empty())
                {
                    failures.push(format!("{name}: unclear result {r}"));
                }
            }
            Some(code) => failures.push(format!(
                "{name}: exit {code}: {}",
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .next()
                    .unwrap_or("")
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} files failed:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
