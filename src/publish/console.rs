//! Plain-text validation results for `needle validate`: one block per
//! return, one line per issue naming sheet and cell, then how to fix it.

use crate::contract::{ReturnReport, Status};
use crate::issue::Severity;
use std::fmt::Write;

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Accepted => "accepted",
        Status::AcceptedWithErrors => "accepted with errors (the rows listed below were refused)",
        Status::Rejected => "rejected",
        Status::Superseded => "superseded by a later return for the same project and quarter",
    }
}

/// The validation results as text for a terminal.
pub fn validation_text(reports: &[ReturnReport]) -> String {
    let mut o = String::new();
    for r in reports {
        let _ = writeln!(o, "{}: {}", r.file, status_word(r.status));
        if let (Some(p), Some(q)) = (&r.project_id, r.quarter) {
            let _ = writeln!(o, "  project {p}, {q}");
        }
        for (sheet, rows) in &r.rows {
            let _ = writeln!(
                o,
                "  {sheet}: {} rows read, {} accepted, {} refused",
                rows.read, rows.accepted, rows.refused
            );
        }
        for i in &r.issues {
            let sev = match i.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let place = match (i.sheet.is_empty(), i.cell.is_empty()) {
                (true, _) => String::new(),
                (false, true) => format!(" in sheet {}", i.sheet),
                (false, false) => format!(" at {}!{}", i.sheet, i.cell),
            };
            let _ = writeln!(o, "  {sev} {}{place}: {}", i.code.as_str(), i.message);
            if !i.hint.is_empty() {
                let _ = writeln!(o, "    how to fix: {}", i.hint);
            }
        }
        let _ = writeln!(
            o,
            "  {} error(s), {} warning(s)\n",
            r.errors(),
            r.warnings()
        );
    }
    o
}
