//! Contract: the submission contract applied to raw sheets.
//!
//! Pure: no I/O. Takes what ingest read and produces typed records plus a
//! list of issues, accounting for every row (rows read = accepted + refused,
//! per sheet). A return with row errors still contributes its valid rows;
//! only a whole-file problem (not a return, unreadable, no usable About or
//! Activities sheet) rejects it. Where two returns have the same Project ID
//! and Quarter, the later supersedes the earlier.

mod about;
pub mod coerce;
mod layout;
mod menu;
pub mod privacy;
mod sheets;
pub mod spec;
mod supersede;

use std::collections::BTreeMap;
use std::time::SystemTime;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use about::organisation_type;
pub use menu::{MENU, menu};
pub use sheets::gender_group;

use crate::config::Config;
use crate::core::{Code, Issue, PersonKey, Quarter, Severity};
use crate::ingest::{IngestError, Ingested, InputFile, Source, Workbook};

/// The About sheet, validated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct About {
    pub project_id: String,
    pub project_name: String,
    pub organisation: String,
    pub organisation_type: String,
    pub area: String,
    pub commissioner: Option<String>,
    pub quarter: Quarter,
    /// The return's own submission date, used to decide which of two
    /// returns for the same quarter is later. (Contact email is never kept.)
    pub submitted: Option<NaiveDate>,
}

/// One activity or service delivered this quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: String,
    pub name: String,
    pub activity_type: String,
    pub supplier: Option<String>,
    pub sessions: f64,
    pub hours: Option<f64>,
    pub participants: f64,
    pub attendances: Option<f64>,
    pub cost: f64,
    pub in_kind: Option<f64>,
    pub volunteer_hours: Option<f64>,
}

/// One participant, for equity analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub reference: String,
    pub age_band: Option<String>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub imd_decile: Option<u8>,
    pub referral_source: Option<String>,
    /// Sessions the person attended; None: not recorded.
    pub sessions_attended: Option<u32>,
    /// The problem descriptor as config names it.
    pub problem_descriptor: Option<String>,
}

/// A follow-up score and its date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub score: f64,
    pub date: NaiveDate,
}

/// One person's baseline and (maybe) follow-up on one measure, as entered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomePair {
    pub participant_ref: String,
    pub activity_id: String,
    /// A measure id from config/measures.toml.
    pub measure_id: String,
    pub baseline: f64,
    pub baseline_date: NaiveDate,
    /// None: not yet measured (never counted as zero change).
    pub followup: Option<FollowUp>,
}

/// One Counts row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountRecord {
    pub activity_id: Option<String>,
    /// An indicator id from config/indicators.toml.
    pub indicator_id: String,
    pub numerator: f64,
    pub denominator: Option<f64>,
    pub baseline: Option<f64>,
}

/// One case study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    pub id: String,
    pub activity_id: Option<String>,
    pub objectives: Vec<u8>,
    pub title: String,
    pub text: String,
    pub consent_to_publish: bool,
}

/// A validated return: every accepted row of every sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Return {
    pub file: String,
    pub about: About,
    pub activities: Vec<Activity>,
    pub people: Vec<Person>,
    pub outcomes: Vec<OutcomePair>,
    pub counts: Vec<CountRecord>,
    pub stories: Vec<Story>,
}

impl Return {
    /// Replaces every participant reference with its keyed pseudonym
    /// ([`PersonKey::pseudonym`]). Runs do this as soon as a return is
    /// checked, so nothing past the contract (the store, the facts, the
    /// dataset) ever holds a reference: people stay linked within and
    /// across quarters by their pseudonym alone.
    pub fn pseudonymise(&mut self, key: &PersonKey) {
        let project = self.about.project_id.as_str();
        // A person's reference is on each of their outcome rows and in the
        // people sheet: each reference is keyed once.
        let mut done: std::collections::HashMap<String, String> = Default::default();
        let mut of = |reference: &mut String| {
            let p = match done.get(reference.as_str()) {
                Some(p) => p.clone(),
                None => {
                    let p = key.pseudonym(project, reference);
                    done.insert(std::mem::take(reference), p.clone());
                    p
                }
            };
            *reference = p;
        };
        for o in &mut self.outcomes {
            of(&mut o.participant_ref);
        }
        for p in &mut self.people {
            of(&mut p.reference);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Accepted,
    AcceptedWithErrors,
    Rejected,
    Superseded,
}

impl Status {
    /// The status in plain words, as reports and the checker print it.
    pub fn label(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::AcceptedWithErrors => "accepted with errors",
            Status::Rejected => "rejected",
            Status::Superseded => "superseded",
        }
    }
}

/// Row accounting for one sheet: read = accepted + refused.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SheetRows {
    pub read: u64,
    pub accepted: u64,
    pub refused: u64,
}

/// What happened to one file: written to validation.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReturnReport {
    pub file: String,
    pub project_id: Option<String>,
    pub quarter: Option<Quarter>,
    pub status: Status,
    /// Per data sheet, by the contract's sheet name.
    pub rows: BTreeMap<String, SheetRows>,
    pub issues: Vec<Issue>,
    #[serde(skip)]
    pub modified: Option<SystemTime>,
    #[serde(skip)]
    pub submitted: Option<NaiveDate>,
}

impl ReturnReport {
    pub fn errors(&self) -> usize {
        self.issues.iter().filter(|i| i.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.issues.len() - self.errors()
    }

    /// The first sheet whose rows do not balance (read ≠ accepted +
    /// refused), if any: the invariant the fuzz targets and property tests
    /// check on every input.
    pub fn unbalanced_sheet(&self) -> Option<&str> {
        self.rows
            .iter()
            .find(|(_, r)| r.read != r.accepted + r.refused)
            .map(|(name, _)| name.as_str())
    }
}

/// All returns of a run after the contract: the usable ones and a report
/// for every file (sorted by file name).
#[derive(Debug, Clone)]
pub struct Checked<T = Return> {
    /// The returns used, in the order of their reports (by file): typed
    /// returns, or what a run made of each once checked (a report run's
    /// scored facts: [`crate::score::ScoredReturn`]).
    pub returns: Vec<T>,
    pub reports: Vec<ReturnReport>,
    /// Every file read, with its sha256, sorted by name (for manifest.json).
    pub inputs: Vec<InputFile>,
}

/// One source after the contract: its typed return (when one could be
/// read), its report, and every file read for it.
#[derive(Debug)]
pub struct CheckedSource<T = Return> {
    pub ret: Option<T>,
    pub report: ReturnReport,
    pub files: Vec<InputFile>,
}

impl<T> CheckedSource<T> {
    /// The same source with its return turned into something else (scored,
    /// say), on the thread that checked it.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> CheckedSource<U> {
        CheckedSource {
            ret: self.ret.map(f),
            report: self.report,
            files: self.files,
        }
    }
}

/// What supersession needs to know of a return, typed or scored: the
/// project and quarter it is for.
pub trait ForQuarter {
    fn project_quarter(&self) -> (&str, Quarter);
}

impl ForQuarter for Return {
    fn project_quarter(&self) -> (&str, Quarter) {
        (&self.about.project_id, self.about.quarter)
    }
}

/// Checks one ingested source. The raw workbook is consumed here, so a
/// caller that checks each file as soon as it is read (the pipeline does,
/// in parallel) never holds more than one raw workbook per thread.
pub fn check_one(ingested: Ingested, config: &Config) -> CheckedSource {
    let (ret, report) = check_read(&ingested.source, &ingested.result, config);
    CheckedSource {
        ret,
        report,
        files: ingested.files,
    }
}

/// The contract stage's entry point, given every source checked: resolves
/// returns that supersede one another and sorts reports by file.
pub fn settle<T: ForQuarter>(checked: Vec<CheckedSource<T>>) -> Checked<T> {
    let mut inputs: Vec<InputFile> = Vec::new();
    let mut pairs: Vec<(Option<T>, ReturnReport)> = Vec::with_capacity(checked.len());
    for c in checked {
        inputs.extend(c.files);
        pairs.push((c.ret, c.report));
    }
    inputs.sort();
    supersede::resolve(&mut pairs);
    pairs.sort_by(|a, b| a.1.file.cmp(&b.1.file));
    let mut returns = Vec::new();
    let mut reports = Vec::new();
    for (r, rep) in pairs {
        if let Some(r) = r
            && matches!(rep.status, Status::Accepted | Status::AcceptedWithErrors)
        {
            returns.push(r);
        }
        reports.push(rep);
    }
    Checked {
        returns,
        reports,
        inputs,
    }
}

/// Checks one source as ingest left it: the workbook against the contract,
/// or the reason it could not be read.
pub fn check_read(
    source: &Source,
    read: &Result<Workbook, IngestError>,
    config: &Config,
) -> (Option<Return>, ReturnReport) {
    match read {
        Ok(wb) => check(source, wb, config),
        Err(e) => (None, refused(source, e)),
    }
}

/// The report for a file ingest could not read.
pub fn refused(source: &Source, e: &IngestError) -> ReturnReport {
    let (code, hint) = match e {
        IngestError::Password => (Code::FilePassword, "Save a copy without a password (File > Info > Protect Workbook > Encrypt with Password, then clear it) and send that.".to_string()),
        IngestError::TooLarge(_) => (Code::FileTooLarge, "A return is normally well under 1 MB. Remove pictures and unused sheets, or check the file is the right one.".to_string()),
        IngestError::WrongType(_) => (Code::FileType, "Send the return as an Excel (.xlsx) or OpenDocument (.ods) workbook, or as a folder with one CSV file per sheet.".to_string()),
        IngestError::Corrupt(_) | IngestError::Unreadable(_) => (Code::FileCorrupt, "Open the file in your spreadsheet program and save it again; if it will not open, send it again from the original.".to_string()),
    };
    let message = format!("This file could not be read as a return: {e}.");
    ReturnReport {
        file: source.name.clone(),
        project_id: None,
        quarter: None,
        status: Status::Rejected,
        rows: BTreeMap::new(),
        issues: vec![Issue::error(code, message, hint).in_file(&source.name)],
        modified: source.modified,
        submitted: None,
    }
}

/// Checks one workbook against the contract.
pub fn check(source: &Source, wb: &Workbook, config: &Config) -> (Option<Return>, ReturnReport) {
    let file = source.name.as_str();
    let mut issues: Vec<Issue> = Vec::new();
    let mut rows: BTreeMap<String, SheetRows> = BTreeMap::new();
    let report = |issues: Vec<Issue>,
                  rows: BTreeMap<String, SheetRows>,
                  about: Option<&About>,
                  status: Status| ReturnReport {
        file: file.to_string(),
        project_id: about.map(|a| a.project_id.clone()),
        quarter: about.map(|a| a.quarter),
        status,
        rows,
        issues,
        modified: source.modified,
        submitted: about.and_then(|a| a.submitted),
    };

    if wb.has_macros {
        issues.push(
            Issue::warning(
                Code::MacrosIgnored,
                "The workbook contains macros. They were not run; only the cell values were read.",
                "Save the return as .xlsx (without macros) next time.",
            )
            .in_file(file),
        );
    }
    warn_unknown_sheets(file, wb, &mut issues);

    let Some(about_sheet) = layout::find_sheet(wb, spec::ABOUT_SHEET.iter().copied()) else {
        issues.push(Issue::error(Code::NotAReturn, "This file has no About sheet, so it is not a quarterly return.", "Use the return template (needle template): its About sheet names the project and the quarter.").in_file(file));
        return (None, report(issues, rows, None, Status::Rejected));
    };
    let Some(about) = about::read(file, about_sheet, &mut issues) else {
        return (None, report(issues, rows, None, Status::Rejected));
    };

    let Some(act_sheet) = layout::find_sheet(wb, spec::ACTIVITIES.names()) else {
        issues.push(Issue::error(Code::SheetMissing, "This return has no Activities sheet.", "Add the Activities sheet from the template: it lists what was delivered, to whom, and what it cost.").in_file(file));
        return (None, report(issues, rows, Some(&about), Status::Rejected));
    };
    let Ok(act_table) = layout::locate(file, act_sheet, &spec::ACTIVITIES, &mut issues) else {
        let n = data_row_estimate(act_sheet);
        rows.insert(
            "Activities".into(),
            SheetRows {
                read: n,
                accepted: 0,
                refused: n,
            },
        );
        return (None, report(issues, rows, Some(&about), Status::Rejected));
    };
    let (activities, r) = sheets::activities(&act_table, &mut issues);
    rows.insert("Activities".into(), r);
    let activity_ids: Vec<String> = activities.iter().map(|a| a.id.clone()).collect();

    let mut sheet = Optional {
        file,
        wb,
        rows: &mut rows,
    };
    let people = sheet.read(&spec::PEOPLE, &mut issues, |t, i| {
        sheets::people(t, config, i)
    });
    let outcomes = sheet.read(&spec::OUTCOMES, &mut issues, |t, i| {
        sheets::outcomes(t, &activity_ids, about.quarter, config, i)
    });
    if layout::find_sheet(wb, spec::OUTCOMES.names()).is_none()
        && layout::find_sheet(wb, spec::COUNTS.names()).is_none()
    {
        issues.push(Issue::error(Code::SheetMissing, "This return has no Outcomes sheet (and no Counts sheet).", "Add the Outcomes sheet from the template with each person's scores, or a Counts sheet if the project counts results rather than scoring them.").in_file(file));
    }
    let counts = sheet.read(&spec::COUNTS, &mut issues, |t, i| {
        sheets::counts(t, &activity_ids, config, i)
    });
    let stories = sheet.read(&spec::STORIES, &mut issues, |t, i| {
        sheets::stories(t, &activity_ids, i)
    });

    let status = if issues.iter().any(|i| i.severity == Severity::Error) {
        Status::AcceptedWithErrors
    } else {
        Status::Accepted
    };
    let ret = Return {
        file: file.to_string(),
        about: about.clone(),
        activities,
        people,
        outcomes,
        counts,
        stories,
    };
    (Some(ret), report(issues, rows, Some(&about), status))
}

/// The optional data sheets of a return being checked.
struct Optional<'a> {
    file: &'a str,
    wb: &'a Workbook,
    rows: &'a mut BTreeMap<String, SheetRows>,
}

impl Optional<'_> {
    /// The records of the sheet `spec` (none when the return has no such
    /// sheet), its rows accounted for: as `read` found them, or every row
    /// refused when the header cannot be used.
    fn read<T>(
        &mut self,
        spec: &'static spec::SheetSpec,
        issues: &mut Vec<Issue>,
        read: impl FnOnce(&layout::Table, &mut Vec<Issue>) -> (Vec<T>, SheetRows),
    ) -> Vec<T> {
        let Some(sheet) = layout::find_sheet(self.wb, spec.names()) else {
            return Vec::new();
        };
        match layout::locate(self.file, sheet, spec, issues) {
            Ok(t) => {
                let (records, r) = read(&t, issues);
                self.rows.insert(spec.name.into(), r);
                records
            }
            Err(()) => {
                self.rows.insert(spec.name.into(), all_refused(sheet));
                Vec::new()
            }
        }
    }
}

/// When a sheet's header cannot be used, every non-empty row below the
/// first is counted as read and refused (the sheet-level issue says why).
fn all_refused(sheet: &crate::ingest::RawSheet) -> SheetRows {
    let n = data_row_estimate(sheet);
    SheetRows {
        read: n,
        accepted: 0,
        refused: n,
    }
}

fn data_row_estimate(sheet: &crate::ingest::RawSheet) -> u64 {
    sheet.rows.len().saturating_sub(1) as u64
}

fn warn_unknown_sheets(file: &str, wb: &Workbook, issues: &mut Vec<Issue>) {
    use crate::core::text::normalise_key;
    let known: Vec<String> = spec::ABOUT_SHEET
        .iter()
        .copied()
        .chain(spec::ACTIVITIES.names())
        .chain(spec::PEOPLE.names())
        .chain(spec::OUTCOMES.names())
        .chain(spec::COUNTS.names())
        .chain(spec::STORIES.names())
        .chain(spec::IGNORED_SHEETS.iter().copied())
        .map(normalise_key)
        .collect();
    for s in &wb.sheets {
        if !known.contains(&normalise_key(&s.name)) && !s.rows.is_empty() {
            issues.push(
                Issue::warning(
                    Code::SheetUnknown,
                    format!("The sheet '{}' is not part of the return and was not read.", coerce::clip(&s.name)),
                    "That is fine for your own notes. If it holds return data, rename it to About, Activities, People, Outcomes, Counts or Stories.",
                )
                .in_file(file)
                .at(&s.name, ""),
            );
        }
    }
}
