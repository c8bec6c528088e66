//! Plain-text validation results for `needle validate`, laid out like a
//! good compiler's: per file, grouped by sheet in workbook order, each issue
//! with its cell, what is wrong and how to fix it; then a one-line summary.

use crate::contract::{ReturnReport, SheetRows, Status};
use crate::core::{Issue, Severity};
use std::fmt::Write;

/// The status with what it means for the rows, for the person fixing it.
pub fn status_word(s: Status) -> String {
    let consequence = match s {
        Status::Accepted => "",
        Status::AcceptedWithErrors => ": the rows below were refused, the rest are used",
        Status::Rejected => ": nothing in this file is used",
        Status::Superseded => " by a later return for the same project and quarter",
    };
    format!("{}{consequence}", s.label())
}

/// (row, column) of an A1 reference, for sorting; None for no cell.
fn cell_order(a1: &str) -> (u64, u64) {
    let letters: String = a1.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digits = &a1[letters.len()..];
    let col = letters.chars().fold(0u64, |n, c| {
        n * 26 + (c.to_ascii_uppercase() as u64 - 'A' as u64 + 1)
    });
    (digits.parse().unwrap_or(0), col)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn issue_lines(o: &mut String, i: &Issue, indent: &str) {
    let sev = match i.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let cell = if i.cell.is_empty() {
        String::new()
    } else {
        format!("{} ", i.cell)
    };
    let _ = writeln!(o, "{indent}{cell}{sev}[{}]: {}", i.code.as_str(), i.message);
    if !i.hint.is_empty() {
        let _ = writeln!(o, "{indent}  how to fix: {}", i.hint);
    }
}

/// A return's issues grouped by sheet: sheets in the order their issues
/// first appear (workbook order for the contract's checks), then data
/// sheets that had no issues; within a sheet, issues in cell order.
/// Whole-file issues (no sheet) are not included.
pub fn by_sheet(r: &ReturnReport) -> Vec<(&str, Option<&SheetRows>, Vec<&Issue>)> {
    let mut sheets: Vec<&str> = Vec::new();
    for i in r.issues.iter().filter(|i| !i.sheet.is_empty()) {
        if !sheets.contains(&i.sheet.as_str()) {
            sheets.push(&i.sheet);
        }
    }
    for s in r.rows.keys() {
        if !sheets.contains(&s.as_str()) {
            sheets.push(s);
        }
    }
    sheets
        .into_iter()
        .map(|s| {
            let mut issues: Vec<&Issue> = r.issues.iter().filter(|i| i.sheet == s).collect();
            issues.sort_by_key(|i| cell_order(&i.cell));
            (s, r.rows.get(s), issues)
        })
        .collect()
}

/// One return's block.
pub fn return_text(r: &ReturnReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}: {}", r.file, status_word(r.status));
    if let (Some(p), Some(q)) = (&r.project_id, r.quarter) {
        let _ = writeln!(o, "  project {p}, {q}");
    }
    let whole: Vec<&Issue> = r.issues.iter().filter(|i| i.sheet.is_empty()).collect();
    for i in whole {
        issue_lines(&mut o, i, "  ");
    }
    for (s, rows, issues) in by_sheet(r) {
        match rows {
            Some(rows) => {
                let _ = writeln!(
                    o,
                    "  {s}: {} read, {} accepted, {} refused",
                    plural(rows.read as usize, "row", "rows"),
                    rows.accepted,
                    rows.refused
                );
            }
            None => {
                let _ = writeln!(o, "  {s}:");
            }
        }
        for i in issues {
            issue_lines(&mut o, i, "    ");
        }
    }
    o
}

/// All results as text for a terminal, ending with a one-line summary.
pub fn validation_text(reports: &[ReturnReport]) -> String {
    let mut o = String::new();
    for r in reports {
        o.push_str(&return_text(r));
        o.push('\n');
    }
    let errors: usize = reports.iter().map(|r| r.errors()).sum();
    let warnings: usize = reports.iter().map(|r| r.warnings()).sum();
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    let _ = writeln!(
        o,
        "{} checked: {} accepted, {} accepted with errors, {} rejected, {} superseded; {}, {}",
        plural(reports.len(), "file", "files"),
        count(Status::Accepted),
        count(Status::AcceptedWithErrors),
        count(Status::Rejected),
        count(Status::Superseded),
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings")
    );
    o
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Code;

    #[test]
    fn issues_are_grouped_by_sheet_and_sorted_by_cell() {
        let mut rows = std::collections::BTreeMap::new();
        rows.insert(
            "Outcomes".to_string(),
            SheetRows {
                read: 3,
                accepted: 1,
                refused: 2,
            },
        );
        let r = ReturnReport {
            file: "r.xlsx".into(),
            project_id: Some("AB-1".into()),
            quarter: crate::core::Quarter::new(2026, 2),
            status: Status::AcceptedWithErrors,
            rows,
            issues: vec![
                Issue::error(Code::NotANumber, "F10 is not a number.", "Type a number.")
                    .at("Outcomes", "F10"),
                Issue::error(Code::OutOfRange, "D9 is out of range.", "Use 14 to 70.")
                    .at("Outcomes", "D9"),
                Issue::warning(Code::ColumnUnknown, "Column 'Notes' is not used.", "")
                    .at("Outcomes", "H1"),
            ],
            modified: None,
            submitted: None,
        };
        assert_eq!(
            validation_text(&[r]),
            "r.xlsx: accepted with errors: the rows below were refused, the rest are used\n\
             \x20 project AB-1, 2026/27 Q2\n\
             \x20 Outcomes: 3 rows read, 1 accepted, 2 refused\n\
             \x20   H1 warning[COLUMN_UNKNOWN]: Column 'Notes' is not used.\n\
             \x20   D9 error[OUT_OF_RANGE]: D9 is out of range.\n\
             \x20     how to fix: Use 14 to 70.\n\
             \x20   F10 error[NOT_A_NUMBER]: F10 is not a number.\n\
             \x20     how to fix: Type a number.\n\
             \n\
             1 file checked: 0 accepted, 1 accepted with errors, 0 rejected, 0 superseded; 2 errors, 1 warning\n"
        );
    }
}
