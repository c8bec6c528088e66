//! The browser checker's engine: the files a volunteer picked, checked
//! exactly as `needle validate` checks a file or a folder on disk — the
//! same ingest (limits, sniffing, calamine), the same contract, the same
//! console text and validation JSON. `checker/` compiles this to
//! WebAssembly for checker.html; the command line's tests call it natively.
//!
//! Nothing here touches a file system, a clock or a thread: the bytes come
//! in, the result goes out.

use serde::Serialize;

use crate::config::Config;
use crate::contract::{self, Return, ReturnReport};
use crate::ingest::{self, Source, SourceKind};
use crate::render;

/// One file a person picked: its name (no folders) and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct Upload<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// What the page shows for one return.
#[derive(Debug, Clone, Serialize)]
pub struct Checked {
    /// validation.json for this return, as `needle validate --format json`
    /// writes it.
    pub validation: serde_json::Value,
    /// The console text `needle validate` prints for it.
    pub text: String,
    /// What was read, when the return could be used.
    pub read: Option<WhatWeRead>,
}

/// A short account of what the return holds, so a volunteer can see that
/// what was read is what they meant to send.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WhatWeRead {
    pub project_id: String,
    pub project_name: String,
    pub quarter: String,
    pub activities: usize,
    pub people: usize,
    /// (measure id, scores at the start, of them with a follow-up), in
    /// measure order.
    pub measures: Vec<(String, usize, usize)>,
    pub counts: usize,
    pub stories: usize,
}

impl WhatWeRead {
    fn of(r: &Return) -> WhatWeRead {
        let mut measures: Vec<(String, usize, usize)> = Vec::new();
        for o in &r.outcomes {
            match measures.iter_mut().find(|m| m.0 == o.measure_id) {
                Some(m) => {
                    m.1 += 1;
                    m.2 += usize::from(o.followup.is_some());
                }
                None => measures.push((o.measure_id.clone(), 1, usize::from(o.followup.is_some()))),
            }
        }
        measures.sort();
        WhatWeRead {
            project_id: r.about.project_id.clone(),
            project_name: r.about.project_name.clone(),
            quarter: r.about.quarter.to_string(),
            activities: r.activities.len(),
            people: r.people.len(),
            measures,
            counts: r.counts.len(),
            stories: r.stories.len(),
        }
    }
}

/// How the page names a return made of CSV files (it has no folder name).
pub const CSV_RETURN: &str = "CSV files";

/// Checks one return: a workbook (one file), or the CSV files of one
/// folder return (every file a `.csv`).
pub fn check_upload(files: &[Upload], config: &Config) -> Checked {
    let limits = &config.limits;
    let csv = !files.is_empty()
        && files
            .iter()
            .all(|f| f.name.to_ascii_lowercase().ends_with(".csv"));
    let (name, kind, read) = match files {
        [one] if !csv => (
            one.name.to_string(),
            SourceKind::Workbook,
            ingest::read_named_workbook(one.name, one.bytes, limits),
        ),
        _ if csv => {
            let named: Vec<(&str, &[u8])> = files.iter().map(|f| (f.name, f.bytes)).collect();
            (
                CSV_RETURN.to_string(),
                SourceKind::CsvFolder,
                ingest::read_csv_files(&named, limits),
            )
        }
        _ => (
            "the files picked".to_string(),
            SourceKind::NotSpreadsheet,
            Err(ingest::IngestError::WrongType(
                "more than one file, not all of them CSV: pick one workbook, or every CSV file of one return".into(),
            )),
        ),
    };
    let source = Source {
        path: name.clone().into(),
        name,
        kind,
        modified: None,
    };
    let (ret, report) = contract::check_read(&source, &read, config);
    outcome(report, ret.as_ref())
}

fn outcome(report: ReturnReport, ret: Option<&Return>) -> Checked {
    let reports = std::slice::from_ref(&report);
    let validation = render::json::validation(reports)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(serde_json::Value::Null);
    Checked {
        validation,
        text: render::console::validation_text(reports),
        read: ret.map(WhatWeRead::of),
    }
}

/// The result a page shows when a file stopped the checker itself (a
/// parser aborted the WebAssembly module): the file is refused as
/// unreadable, in the same words as any unreadable file.
pub fn could_not_read(name: &str) -> Checked {
    let source = Source {
        path: name.into(),
        name: name.to_string(),
        kind: SourceKind::Workbook,
        modified: None,
    };
    let e = ingest::IngestError::Corrupt("the checker stopped while reading it".into());
    outcome(contract::refused(&source, &e), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::builtin().unwrap()
    }

    #[test]
    fn a_workbook_is_checked_as_validate_checks_it() {
        let bytes = std::fs::read("fixtures/bad/out-of-range.xlsx").unwrap();
        let c = check_upload(
            &[Upload {
                name: "out-of-range.xlsx",
                bytes: &bytes,
            }],
            &config(),
        );
        let r = &c.validation["returns"][0];
        assert_eq!(r["status"], "accepted_with_errors");
        let issue = &r["issues"][0];
        assert_eq!(
            (issue["sheet"].as_str(), issue["cell"].as_str()),
            (Some("Outcomes"), Some("D2"))
        );
        assert_eq!(issue["code"], "OUT_OF_RANGE");
        assert!(c.text.contains(
            "D2 error[OUT_OF_RANGE]: Baseline score 75 is outside the WEMWBS range of 14 to 70."
        ));
        let read = c.read.unwrap();
        assert_eq!(
            (read.project_id.as_str(), read.quarter.as_str()),
            ("BAD-01", "2026/27 Q2")
        );
        // Outcomes: 3 rows read, D2's refused: WEMWBS R2 and GAD-7 R3 kept.
        assert_eq!(read.measures.iter().map(|m| m.1).sum::<usize>(), 2);
    }

    #[test]
    fn the_csv_files_of_a_folder_return_are_one_return() {
        let dir = std::path::Path::new("fixtures/small/SML-A");
        let files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        let uploads: Vec<Upload> = files
            .iter()
            .map(|(n, b)| Upload { name: n, bytes: b })
            .collect();
        let c = check_upload(&uploads, &config());
        assert_eq!(c.validation["returns"][0]["status"], "accepted");
        let read = c.read.unwrap();
        assert_eq!(read.project_id, "SML-A");
        // SML-A's WEMWBS: 10 baselines, 9 with a follow-up.
        assert!(
            read.measures.contains(&("WEMWBS".to_string(), 10, 9)),
            "{:?}",
            read.measures
        );
    }

    #[test]
    fn a_document_or_a_mixture_is_refused_in_words() {
        let c = check_upload(
            &[Upload {
                name: "notes.docx",
                bytes: b"PK",
            }],
            &config(),
        );
        assert_eq!(c.validation["returns"][0]["issues"][0]["code"], "FILE_TYPE");
        let c = check_upload(
            &[
                Upload {
                    name: "a.xlsx",
                    bytes: b"PK",
                },
                Upload {
                    name: "About.csv",
                    bytes: b"",
                },
            ],
            &config(),
        );
        assert_eq!(c.validation["returns"][0]["status"], "rejected");
        assert!(c.text.contains("more than one file"));
        let c = could_not_read("odd.xlsx");
        assert!(
            c.text.contains("This file could not be read as a return"),
            "{}",
            c.text
        );
    }
}
