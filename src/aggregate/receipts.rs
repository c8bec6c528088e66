//! Data quality across the returns read: which expected returns arrived, on
//! time or late, which are missing, and how many issues of each code were
//! found. Computed here so the writers only render.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::config::Expected;
use crate::contract::{ReturnReport, Status};
use crate::core::{Period, Quarter};
use crate::score::ProjectFact;

/// Where an expected (or unexpected) return stands for the report quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Receipt {
    /// Received by the due date (from its own Submission date).
    OnTime,
    /// Received after the due date.
    Late,
    /// Received and used, but it gives no Submission date, so lateness is
    /// unknown (never guessed from file times, which copying changes).
    NoDate,
    /// Received but refused as a whole: the project still owes a usable return.
    Rejected,
    /// Expected and not received.
    Missing,
}

impl Receipt {
    pub fn label(self) -> &'static str {
        match self {
            Receipt::OnTime => "on time",
            Receipt::Late => "late",
            Receipt::NoDate => "received, no submission date",
            Receipt::Rejected => "received but rejected",
            Receipt::Missing => "missing",
        }
    }
}

/// One project's return for the report quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct ReceiptRow {
    pub quarter: Quarter,
    pub project_id: String,
    pub project_name: String,
    pub area: String,
    /// On the expected-returns list for this quarter.
    pub expected: bool,
    pub receipt: Receipt,
    pub submitted: Option<NaiveDate>,
    pub due: NaiveDate,
    /// Days after the due date (late returns only).
    pub days_late: Option<i64>,
}

/// Issues found, by code, across every return read.
#[derive(Debug, Clone, PartialEq)]
pub struct IssueCodeRow {
    pub code: String,
    pub errors: u64,
    pub warnings: u64,
}

/// One file read, with its rows and issues summed over its sheets.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadRow {
    pub file: String,
    pub project_id: Option<String>,
    pub quarter: Option<Quarter>,
    pub status: Status,
    pub read: u64,
    pub accepted: u64,
    pub refused: u64,
    pub errors: u64,
    pub warnings: u64,
}

/// The returns of the report quarter (and files that could not be placed
/// in any quarter, rejected before their About sheet was read), by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QuarterReturns {
    pub read: usize,
    /// Accepted, with or without errors.
    pub used: usize,
    pub superseded: usize,
    pub rejected: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct DataQuality {
    /// Expected projects first (sorted by project id), then returns from
    /// projects not on the list.
    pub receipts: Vec<ReceiptRow>,
    pub issues_by_code: Vec<IssueCodeRow>,
    /// Every file read, in the order read.
    pub returns_read: Vec<ReadRow>,
    pub quarter_returns: QuarterReturns,
    /// Over a period: how each project's participants were counted
    /// (score::period). None for a quarter.
    pub participants: Option<ParticipantsCounted>,
}

/// A period's projects by how their participants were counted: each
/// person once (the People sheets list everyone who took part in every
/// quarter), or the sum of the quarters' counts. (project id, name) in
/// project id order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParticipantsCounted {
    pub once: Vec<(String, String)>,
    pub summed: Vec<(String, String)>,
}

impl DataQuality {
    /// How many expected returns stand at `r`.
    pub fn expected_at(&self, r: Receipt) -> usize {
        self.receipts
            .iter()
            .filter(|x| x.expected && x.receipt == r)
            .count()
    }

    /// Expected returns for the quarter, and returns from projects not listed.
    pub fn expected_and_unlisted(&self) -> (usize, usize) {
        let e = self.receipts.iter().filter(|x| x.expected).count();
        (e, self.receipts.len() - e)
    }
}

/// Data quality for `period`, from every return read and the expected
/// list: each of its quarters' expected returns in turn, so that a year
/// lists a quarter's missing or late return. `projects` supplies names
/// and areas of received returns not on the list.
pub fn data_quality(
    reports: &[ReturnReport],
    projects: &[ProjectFact],
    expected: &Expected,
    period: Period,
) -> DataQuality {
    DataQuality {
        receipts: period
            .quarters()
            .into_iter()
            .flat_map(|q| receipts(reports, projects, expected, q))
            .collect(),
        returns_read: reports.iter().map(read_row).collect(),
        quarter_returns: quarter_returns(reports, period),
        issues_by_code: issues_by_code(reports),
        participants: None,
    }
}

/// Every expected project's return for the quarter (by project id), then
/// returns from projects not on the expected list.
fn receipts(
    reports: &[ReturnReport],
    projects: &[ProjectFact],
    expected: &Expected,
    quarter: Quarter,
) -> Vec<ReceiptRow> {
    let due = expected.due(quarter);
    // The return that counts for each project this quarter: a usable one
    // over a rejected one; superseded copies never count.
    let mut received: BTreeMap<String, &ReturnReport> = BTreeMap::new();
    for r in reports.iter().filter(|r| r.quarter == Some(quarter)) {
        let (Some(pid), false) = (&r.project_id, r.status == Status::Superseded) else {
            continue;
        };
        let key = pid.to_uppercase();
        let better = received
            .get(&key)
            .is_none_or(|old| old.status == Status::Rejected && r.status != Status::Rejected);
        if better {
            received.insert(key, r);
        }
    }
    let row = |pid: &str, name: &str, area: &str, expected: bool| {
        let got = received.get(&pid.to_uppercase());
        let submitted = got.and_then(|r| r.submitted);
        let receipt = match got {
            None => Receipt::Missing,
            Some(r) if r.status == Status::Rejected => Receipt::Rejected,
            Some(_) => match submitted {
                None => Receipt::NoDate,
                Some(d) if d > due => Receipt::Late,
                Some(_) => Receipt::OnTime,
            },
        };
        ReceiptRow {
            quarter,
            project_id: pid.to_string(),
            project_name: name.to_string(),
            area: area.to_string(),
            expected,
            receipt,
            submitted,
            due,
            days_late: (receipt == Receipt::Late)
                .then(|| submitted.map(|d| (d - due).num_days()))
                .flatten(),
        }
    };
    let mut owed: Vec<_> = expected
        .projects
        .iter()
        .filter(|p| p.owes(quarter))
        .collect();
    owed.sort_by(|a, b| a.project_id.cmp(&b.project_id));
    let mut out: Vec<ReceiptRow> = owed
        .iter()
        .map(|p| row(&p.project_id, &p.name, &p.area, true))
        .collect();
    let listed: std::collections::BTreeSet<String> = expected
        .projects
        .iter()
        .map(|p| p.project_id.to_uppercase())
        .collect();
    for (key, r) in &received {
        if listed.contains(key) {
            continue;
        }
        let pid = r.project_id.as_deref().unwrap_or(key);
        let fact = projects
            .iter()
            .find(|p| p.quarter == quarter && p.project_id.eq_ignore_ascii_case(pid));
        out.push(row(
            pid,
            fact.map_or("", |f| f.project_name.as_str()),
            fact.map_or("", |f| f.area.as_str()),
            false,
        ));
    }
    out
}

/// Issues of every return read, by code.
fn issues_by_code(reports: &[ReturnReport]) -> Vec<IssueCodeRow> {
    let mut by_code: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for i in reports.iter().flat_map(|r| &r.issues) {
        let e = by_code.entry(i.code.as_str()).or_default();
        if i.is_error() { e.0 += 1 } else { e.1 += 1 }
    }
    by_code
        .into_iter()
        .map(|(code, (errors, warnings))| IssueCodeRow {
            code,
            errors,
            warnings,
        })
        .collect()
}

/// The returns of the period's quarters (and files placed in no
/// quarter), by status: for a year, `used` is the project-quarters its
/// figures rest on.
fn quarter_returns(reports: &[ReturnReport], period: Period) -> QuarterReturns {
    let this_quarter: Vec<&ReturnReport> = reports
        .iter()
        .filter(|x| x.quarter.is_none_or(|q| period.contains(q)))
        .collect();
    let counted = |s: Status| this_quarter.iter().filter(|x| x.status == s).count();
    QuarterReturns {
        read: this_quarter.len(),
        used: counted(Status::Accepted) + counted(Status::AcceptedWithErrors),
        superseded: counted(Status::Superseded),
        rejected: counted(Status::Rejected),
    }
}

/// One file read, with its rows and issues summed over its sheets.
fn read_row(r: &ReturnReport) -> ReadRow {
    let (read, accepted, refused) = r.rows.values().fold((0, 0, 0), |(a, b, c), s| {
        (a + s.read, b + s.accepted, c + s.refused)
    });
    ReadRow {
        file: r.file.clone(),
        project_id: r.project_id.clone(),
        quarter: r.quarter,
        status: r.status,
        read,
        accepted,
        refused,
        errors: r.errors() as u64,
        warnings: r.warnings() as u64,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ExpectedProject;
    use crate::core::{Code, Issue};

    fn report(pid: &str, status: Status, submitted: Option<&str>) -> ReturnReport {
        ReturnReport {
            file: format!("{pid}.xlsx"),
            project_id: Some(pid.into()),
            quarter: Some(q()),
            status,
            rows: Default::default(),
            issues: vec![],
            modified: None,
            submitted: submitted.map(|s| s.parse().unwrap()),
        }
    }

    fn q() -> Quarter {
        Quarter::new(2026, 2).unwrap()
    }

    fn expect(ids: &[&str]) -> Expected {
        Expected {
            due_days_after_quarter_end: 30,
            source: String::new(),
            projects: ids
                .iter()
                .map(|id| ExpectedProject {
                    project_id: id.to_string(),
                    name: format!("{id} name"),
                    area: "Salford".into(),
                    first_quarter: None,
                    last_quarter: None,
                })
                .collect(),
        }
    }

    #[test]
    fn on_time_late_undated_rejected_missing_and_unexpected() {
        // Q2 2026/27 ends 30 Sep 2026; due 30 days later, 30 Oct 2026.
        let mut bad = report("P5", Status::Rejected, None);
        bad.issues = vec![
            Issue::error(Code::FileCorrupt, "m", "h"),
            Issue::warning(Code::ColumnUnknown, "m", "h"),
        ];
        let reports = vec![
            report("P1", Status::Accepted, Some("2026-10-30")),
            // 2 Nov is 3 days after 30 Oct.
            report("P2", Status::AcceptedWithErrors, Some("2026-11-02")),
            // The superseded copy is ignored; the later one is undated.
            report("P3", Status::Superseded, Some("2026-10-01")),
            report("P3", Status::Accepted, None),
            bad,
            report("X9", Status::Accepted, Some("2026-10-10")),
        ];
        let dq = data_quality(
            &reports,
            &[],
            &expect(&["P1", "P2", "P3", "P4", "P5"]),
            Period::quarter(q()),
        );
        let got: Vec<(&str, bool, Receipt, Option<i64>)> = dq
            .receipts
            .iter()
            .map(|r| (r.project_id.as_str(), r.expected, r.receipt, r.days_late))
            .collect();
        assert_eq!(
            got,
            [
                ("P1", true, Receipt::OnTime, None),
                ("P2", true, Receipt::Late, Some(3)),
                ("P3", true, Receipt::NoDate, None),
                ("P4", true, Receipt::Missing, None),
                ("P5", true, Receipt::Rejected, None),
                ("X9", false, Receipt::OnTime, None),
            ]
        );
        assert_eq!(dq.receipts[0].due.to_string(), "2026-10-30");
        let codes: Vec<(&str, u64, u64)> = dq
            .issues_by_code
            .iter()
            .map(|c| (c.code.as_str(), c.errors, c.warnings))
            .collect();
        assert_eq!(codes, [("COLUMN_UNKNOWN", 0, 1), ("FILE_CORRUPT", 1, 0)]);
        // Six files for the quarter: 4 used (P1, P2, P3, X9), 1 superseded,
        // 1 rejected; P5's row carries its error and warning.
        assert_eq!(
            dq.quarter_returns,
            QuarterReturns {
                read: 6,
                used: 4,
                superseded: 1,
                rejected: 1
            }
        );
        let p5 = dq
            .returns_read
            .iter()
            .find(|r| r.file == "P5.xlsx")
            .unwrap();
        assert_eq!((p5.errors, p5.warnings), (1, 1));
    }
}
