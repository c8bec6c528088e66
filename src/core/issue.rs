//! Issues: what is wrong with a return, where, and how to fix it.
//!
//! Every issue names the file, sheet and cell as the person sees them in
//! their spreadsheet, says what is wrong in plain English and how to fix it.
//! Codes are stable: documentation, the template and support use them.

use serde::{Deserialize, Serialize};

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The row (or file) is refused.
    Error,
    /// The row is accepted, but something looks wrong or was ignored.
    Warning,
}

/// Stable issue codes. The string form appears in validation.json and in
/// docs/submission-format.md; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Code {
    // Whole-file refusals.
    NotAReturn,
    FileCorrupt,
    FilePassword,
    FileType,
    FileTooLarge,
    SheetMissing,
    HeaderNotFound,
    ColumnMissing,
    // Warnings about layout.
    SheetUnknown,
    ColumnUnknown,
    MacrosIgnored,
    DateAsNumber,
    // About sheet.
    ProjectIdInvalid,
    QuarterInvalid,
    // Cell values.
    ValueMissing,
    CellError,
    NotANumber,
    NotAWholeNumber,
    Negative,
    OutOfRange,
    NotADate,
    NotAllowed,
    TooLong,
    // Rules across cells and rows.
    FollowupBeforeBaseline,
    DateAfterQuarter,
    ActivityUnknown,
    ActivityDuplicate,
    MeasureUnknown,
    IndicatorUnknown,
    DuplicateOutcome,
    DenominatorBelowNumerator,
    AttendancesBelowParticipants,
    PrivacyReference,
    // Between returns.
    Superseded,
}

impl Code {
    /// The code as written in outputs, e.g. `OUT_OF_RANGE`.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// One finding about a return.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    pub severity: Severity,
    pub code: Code,
    /// File (or CSV folder) name as given on the command line or found in a folder.
    pub file: String,
    /// Sheet name as written in the workbook; empty for whole-file issues.
    pub sheet: String,
    /// A1 reference as the person sees it; empty when no single cell applies.
    pub cell: String,
    pub message: String,
    pub hint: String,
}

impl Issue {
    pub fn error(code: Code, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Error,
            code,
            file: String::new(),
            sheet: String::new(),
            cell: String::new(),
            message: message.into(),
            hint: hint.into(),
        }
    }

    pub fn warning(code: Code, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Issue {
            severity: Severity::Warning,
            ..Issue::error(code, message, hint)
        }
    }

    pub fn in_file(mut self, file: &str) -> Self {
        self.file = file.to_owned();
        self
    }

    pub fn at(mut self, sheet: &str, cell: impl Into<String>) -> Self {
        self.sheet = sheet.to_owned();
        self.cell = cell.into();
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_have_stable_screaming_snake_names() {
        assert_eq!(Code::OutOfRange.as_str(), "OUT_OF_RANGE");
        assert_eq!(Code::PrivacyReference.as_str(), "PRIVACY_REFERENCE");
        assert_eq!(Code::NotAReturn.as_str(), "NOT_A_RETURN");
    }
}
