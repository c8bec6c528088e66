//! Data quality: follow-up completion, the returns expected and received,
//! the files read and the issues found in them.

use super::columns::*;
use crate::aggregate::{FollowupRow, IssueCodeRow, ReadRow, ReceiptRow, TOTAL};
use crate::disclose::{Column, Format, Spec, Totals, Val};

pub const RETURN_STATUS: Column = Column::key("status", "Status");

pub const SESSIONS_RECORDED: Column =
    Column::key("sessions_recorded", "Sessions attended recorded");

pub const N_ENDED_EARLY: Column =
    Column::count("n_ended_early", "People who ended their course early");

pub const DAYS_LATE: Column = Column::plain("days_late", "Days late", Format::Number(0));

pub const FOLLOWUP: &str = "followup";
pub const EXPECTED_RETURNS: &str = "expected_returns";
pub const RETURNS_READ: &str = "returns_read";
pub const ISSUES_BY_CODE: &str = "issues_by_code";

/// tables/followup.csv: follow-up completion (attrition) per project; the
/// projects add up to TOTAL.
pub fn followup<'a>() -> Spec<&'a FollowupRow> {
    Spec::<&'a FollowupRow>::new(FOLLOWUP, "Follow-up completion")
        .sheet(
            "Follow-up",
            "How many people with a score at the start were followed up, and how many ended early?",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(PROJECT_ID, |r| Val::text(&r.project_id))
        .col(AREA, |r| Val::text(&r.area))
        .col(N_BASELINE, |r| Val::count(r.n_baseline))
        .col(Column::count("n_followup", "People followed up"), |r| {
            Val::count(r.n_followup)
        })
        .col(
            Column::derived(
                "rate_followup",
                "Share followed up",
                Format::Percent,
                super::rules::RATE_FOLLOWUP,
            ),
            |r| Val::opt_stat(r.rate, Some(r.n_baseline)),
        )
        .col(N_ENDED_EARLY, |r| Val::count(r.n_ended_early))
        .col(SESSIONS_RECORDED, |r| {
            Val::text(r.sessions_recorded_label())
        })
        .totals(Totals::sum(&[], "project_id", TOTAL))
}

/// tables/expected_returns.csv: every expected project's return for the
/// quarter (on time, late, undated, rejected or missing), then returns from
/// projects not on the expected list. Returns, not people: nothing is
/// withheld.
pub fn expected_returns<'a>() -> Spec<&'a ReceiptRow> {
    let date = |name, label| Column {
        format: Format::Date,
        ..Column::key(name, label)
    };
    Spec::<&'a ReceiptRow>::new(EXPECTED_RETURNS, "Returns expected and received")
        .sheet(
            "Returns",
            "Which projects sent their return, on time or late, and which are missing?",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(PROJECT_ID, |r| Val::text(&r.project_id))
        .col(PROJECT_NAME, |r| Val::text(&r.project_name))
        .col(AREA, |r| Val::text(&r.area))
        .col(Column::key("expected", "Expected"), |r| {
            Val::text(if r.expected { "yes" } else { "no" })
        })
        .col(RETURN_STATUS, |r| Val::text(r.receipt.label()))
        .col(date("submitted", "Submitted"), |r| {
            r.submitted
                .map_or(Val::Empty, |d| Val::text(d.format("%Y-%m-%d")))
        })
        .col(date("due", "Due"), |r| Val::text(r.due.format("%Y-%m-%d")))
        .col(DAYS_LATE, |r| {
            r.days_late.map_or(Val::Empty, |d| Val::plain(d as f64))
        })
}

/// The files read, for the report's data-quality section (the same facts
/// as validation.json, which has every issue). Shown, not written; its
/// names are the page's headers.
pub fn returns_read<'a>() -> Spec<&'a ReadRow> {
    let n = |name| Column::plain(name, name, Format::Count);
    Spec::<&'a ReadRow>::new(RETURNS_READ, "Returns read")
        .unwritten()
        .col(Column::key("File", "File"), |r| Val::text(&r.file))
        .col(Column::key("Project", "Project"), |r| {
            Val::text(r.project_id.as_deref().unwrap_or(""))
        })
        .col(Column::key("Quarter", "Quarter"), |r| {
            Val::text(r.quarter.map(|q| q.to_string()).unwrap_or_default())
        })
        .col(Column::key("Status", "Status"), |r| {
            Val::text(r.status.label())
        })
        .col(n("Rows read"), |r| Val::plain(r.read as f64))
        .col(n("Accepted"), |r| Val::plain(r.accepted as f64))
        .col(n("Refused"), |r| Val::plain(r.refused as f64))
        .col(n("Errors"), |r| Val::plain(r.errors as f64))
        .col(n("Warnings"), |r| Val::plain(r.warnings as f64))
}

/// tables/issues_by_code.csv: issues found in the returns read, by code.
pub fn issues_by_code<'a>() -> Spec<&'a IssueCodeRow> {
    Spec::<&'a IssueCodeRow>::new(ISSUES_BY_CODE, "Issues by code")
        .col(Column::key("code", "Issue code"), |r| Val::text(&r.code))
        .col(Column::plain("errors", "Errors", Format::Count), |r| {
            Val::plain(r.errors as f64)
        })
        .col(Column::plain("warnings", "Warnings", Format::Count), |r| {
            Val::plain(r.warnings as f64)
        })
}
