//! A project's feedback page (`needle validate FILE --html OUT.html`): a
//! one-page read-back of one return. First what to fix, cell by cell; then,
//! when the return has no errors, its own headline figures beside the
//! programme's (from a report folder's tables, when one is given).
//!
//! The project's figures are exact: they come from the project's own
//! return and go back to the project, which already holds every row. The
//! page says so, and that it is not for publication. The programme's
//! figures are shown exactly as its report published them (suppressed
//! counts stay `*`).

use super::html as page;
use super::numbers;
use crate::aggregate::{ALL_AREAS, TOTAL};
use crate::contract::ReturnReport;
use crate::core::Quarter;
use crate::core::escape::html as esc;
use crate::core::{Issue, Severity};
use crate::disclose::tables::cols::*;
use crate::disclose::tables::{MEASURES, OBJECTIVES, VFM};
use crate::disclose::{Column, Published, Table, Val};
use crate::render::console::{by_sheet, status_word};
use std::collections::BTreeMap;
use std::fmt::Write;

/// What the feedback page is made of.
pub struct FeedbackInput<'a> {
    pub report: &'a ReturnReport,
    /// The return's own exact tables (objectives, measures, vfm), present
    /// only when it has no errors.
    pub figures: Option<&'a Published>,
    pub programme: Option<&'a Programme>,
}

/// The programme's published headline figures, read back from a report
/// folder's tables/objectives.csv and tables/vfm.csv. Values are kept as
/// the report wrote them.
#[derive(Debug, Clone, PartialEq)]
pub struct Programme {
    /// Where the figures came from (the report folder), for the page.
    pub source: String,
    pub quarter: String,
    /// objective id → (n_people, n_improved, rate_improved).
    pub objectives: BTreeMap<String, (String, String, String)>,
    pub participants: String,
    pub cost_per_participant: String,
    pub cost_per_outcome: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ProgrammeError {
    #[error("{file} is not a needle table: {reason}")]
    NotATable { file: String, reason: String },
}

/// Rows of a CSV as column-name → value maps.
fn csv_rows(file: &str, text: &str) -> Result<Vec<BTreeMap<String, String>>, ProgrammeError> {
    let bad = |reason: String| ProgrammeError::NotATable {
        file: file.to_string(),
        reason,
    };
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let headers = r.headers().map_err(|e| bad(e.to_string()))?.clone();
    let mut out = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| bad(e.to_string()))?;
        out.push(
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect(),
        );
    }
    Ok(out)
}

impl Programme {
    /// The programme's figures for `quarter` (or, when the report is for
    /// another quarter, the quarter it is for) from the text of a report's
    /// objectives.csv and vfm.csv.
    pub fn from_csv(
        source: &str,
        objectives_csv: &str,
        vfm_csv: &str,
        quarter: Quarter,
    ) -> Result<Programme, ProgrammeError> {
        let need = |file: &str, rows: &[BTreeMap<String, String>], cols: &[&str]| match rows.first()
        {
            None => Err(ProgrammeError::NotATable {
                file: file.to_string(),
                reason: "it has no rows".to_string(),
            }),
            Some(r) => match cols.iter().find(|c| !r.contains_key(**c)) {
                Some(c) => Err(ProgrammeError::NotATable {
                    file: file.to_string(),
                    reason: format!("it has no column '{c}'"),
                }),
                None => Ok(()),
            },
        };
        let obj = csv_rows("tables/objectives.csv", objectives_csv)?;
        need(
            "tables/objectives.csv",
            &obj,
            &[
                QUARTER.name,
                AREA.name,
                OBJECTIVE.name,
                N_PEOPLE.name,
                N_IMPROVED.name,
                RATE_IMPROVED.name,
            ],
        )?;
        let vfm = csv_rows("tables/vfm.csv", vfm_csv)?;
        need(
            "tables/vfm.csv",
            &vfm,
            &[
                QUARTER.name,
                PROJECT_ID.name,
                PARTICIPANTS.name,
                COST_PER_PARTICIPANT.name,
                COST_PER_OUTCOME.name,
            ],
        )?;
        let wanted = quarter.to_string();
        let q = if obj.iter().any(|r| r[QUARTER.name] == wanted) {
            wanted
        } else {
            obj.iter()
                .map(|r| r[QUARTER.name].clone())
                .max()
                .unwrap_or_default()
        };
        let objectives = obj
            .iter()
            .filter(|r| r[QUARTER.name] == q && r[AREA.name] == ALL_AREAS)
            .map(|r| {
                (
                    r[OBJECTIVE.name].clone(),
                    (
                        r[N_PEOPLE.name].clone(),
                        r[N_IMPROVED.name].clone(),
                        r[RATE_IMPROVED.name].clone(),
                    ),
                )
            })
            .collect();
        let total = vfm
            .iter()
            .find(|r| r[QUARTER.name] == q && r[PROJECT_ID.name] == TOTAL);
        let get = |c: &str| total.map(|r| r[c].clone()).unwrap_or_default();
        Ok(Programme {
            source: source.to_string(),
            quarter: q.clone(),
            objectives,
            participants: get(PARTICIPANTS.name),
            cost_per_participant: get(COST_PER_PARTICIPANT.name),
            cost_per_outcome: get(COST_PER_OUTCOME.name),
        })
    }
}

/// A rate (fraction 0–1, as the programme's CSV writes it) as a page
/// writes it ("71 %"); empty as a dash, anything else (`*`) as it is.
fn percent(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(v) => numbers::percent(v, None),
        Err(_) if s.is_empty() => numbers::NONE.to_string(),
        Err(_) => s.to_string(),
    }
}

/// Money from the programme's CSV in whole pounds ("£1,235").
fn money(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(v) => numbers::money(v),
        Err(_) if s.is_empty() => numbers::NONE.to_string(),
        Err(_) => s.to_string(),
    }
}

/// A count from the programme's CSV with separators ("1,250").
fn count(s: &str) -> String {
    match s.parse::<f64>() {
        Ok(v) => numbers::count(v),
        Err(_) => s.to_string(),
    }
}

fn issue_row(o: &mut String, i: &Issue) {
    let sev = match i.severity {
        Severity::Error => "Error",
        Severity::Warning => "Warning",
    };
    let _ = write!(
        o,
        "<tr><td>{}</td><td>{}</td><td>{sev}</td><td>{}</td><td>{}</td></tr>",
        esc(&i.sheet),
        esc(&i.cell),
        esc(&i.message),
        esc(&i.hint)
    );
}

/// The feedback page as HTML text.
pub fn render(f: &FeedbackInput) -> String {
    let r = f.report;
    let mut o = String::with_capacity(32 * 1024);
    let who = r.project_id.clone().unwrap_or_else(|| r.file.clone());
    let title = format!("Feedback on your return: {who}");
    page::open(
        &mut o,
        &title,
        "For your project: your figures are exact. Not for publication.",
        page::Print::RunOn,
    );
    your_return(r, &mut o);
    // What matters first: the cells to fix when there are errors, else
    // the return's own figures.
    match f.figures {
        None => {
            what_to_fix(r, &mut o);
            o.push_str("<section id=\"figures\"><h2>Your figures</h2><p>Your figures appear here once the errors above are fixed. Rows with errors are left out, so figures now would undercount what you did.</p></section>\n");
        }
        Some(fig) => {
            o.push_str("<section id=\"figures\"><h2>Your figures</h2>");
            figures(&mut o, fig, f.programme);
            o.push_str("</section>\n");
            what_to_fix(r, &mut o);
        }
    }
    page::close(&mut o);
    o
}

/// The file, its status and the rows read from each sheet.
fn your_return(r: &ReturnReport, o: &mut String) {
    let quarter = r.quarter.map(|q| q.to_string()).unwrap_or_default();
    let _ = write!(
        o,
        "<section id=\"summary\"><h2>Your return</h2><p>File <strong>{}</strong>{}{}: <strong>{}</strong>.</p>",
        esc(&r.file),
        r.project_id
            .as_deref()
            .map(|p| format!(", project {}", esc(p)))
            .unwrap_or_default(),
        if quarter.is_empty() {
            String::new()
        } else {
            format!(", {}", esc(&quarter))
        },
        esc(&status_word(r.status)),
    );
    if !r.rows.is_empty() {
        o.push_str("<table><caption>Rows read</caption><thead><tr><th scope=\"col\">Sheet</th><th scope=\"col\">Rows read</th><th scope=\"col\">Used</th><th scope=\"col\">Refused</th></tr></thead><tbody>");
        for (s, rows, _) in &by_sheet(r) {
            if let Some(x) = rows {
                let _ = write!(
                    o,
                    "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                    esc(s),
                    x.read,
                    x.accepted,
                    x.refused
                );
            }
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>\n");
}

/// Every issue, by sheet and cell, with how to fix it.
fn what_to_fix(r: &ReturnReport, o: &mut String) {
    o.push_str("<section id=\"fix\"><h2>What to fix</h2>");
    if r.issues.is_empty() {
        o.push_str("<p>Nothing to fix: every row of your return can be used. Thank you.</p>");
    } else {
        let _ = write!(
            o,
            "<p>{} error(s) and {} warning(s). Errors stop a row (or the whole file) being used; warnings are worth checking but do not stop anything. Fix the cells below in your spreadsheet and check it again.</p>",
            r.errors(),
            r.warnings()
        );
        o.push_str("<table><caption>Issues, by sheet and cell</caption><thead><tr><th scope=\"col\">Sheet</th><th scope=\"col\">Cell</th><th scope=\"col\">Kind</th><th scope=\"col\">What is wrong</th><th scope=\"col\">How to fix it</th></tr></thead><tbody>");
        for i in r.issues.iter().filter(|i| i.sheet.is_empty()) {
            issue_row(o, i);
        }
        for (_, _, issues) in &by_sheet(r) {
            for i in issues {
                issue_row(o, i);
            }
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>\n");
}

/// The value of column `name` in `row` of `t`, as a page shows it.
fn cell(t: &Table, row: &[Val], c: Column) -> String {
    page::Row {
        t,
        row,
        symbol: "*",
    }
    .show(c)
}

/// The return's own figures, beside the programme's when it is given.
fn figures(o: &mut String, fig: &Published, programme: Option<&Programme>) {
    let project = fig.get(VFM).and_then(|vfm| {
        let pi = vfm.index(PROJECT_ID)?;
        let row = vfm.rows.iter().find(|r| r[pi] != Val::text(TOTAL))?;
        Some((vfm, row.as_slice()))
    });
    if let Some((vfm, row)) = project {
        let _ = write!(
            o,
            "<p class=\"lead\">This quarter your return counts <strong>{}</strong> participants, of whom <strong>{}</strong> improved on at least one of the six objectives. You spent <strong>{}</strong> ({} per participant).</p>",
            esc(&cell(vfm, row, PARTICIPANTS)),
            esc(&cell(vfm, row, OUTCOMES)),
            esc(&cell(vfm, row, COST_GBP)),
            esc(&cell(vfm, row, COST_PER_PARTICIPANT)),
        );
    }
    if let Some(t) = fig.get(OBJECTIVES) {
        objectives(o, t, programme);
    }
    if let Some(m) = fig.get(MEASURES) {
        measures(o, m);
    }
    if let (Some((vfm, row)), Some(p)) = (project, programme) {
        cost(o, vfm, row, p);
    }
    match programme {
        Some(p) => {
            let _ = write!(
                o,
                "<p class=\"note\">Programme figures: all projects in the report for {} ({}), as published there; * means fewer than 8 people, withheld. Compare shares with care: small numbers swing a lot.</p>",
                esc(&p.quarter),
                esc(&p.source)
            );
        }
        None => o.push_str("<p class=\"note\">To compare with the whole programme, run again with --programme and the folder of the latest report.</p>"),
    }
}

/// Objectives: yours beside the programme's.
fn objectives(o: &mut String, t: &Table, programme: Option<&Programme>) {
    o.push_str("<table><caption>The six objectives: people with a before-and-after measure, and the share who improved meaningfully</caption><thead><tr><th scope=\"col\">Objective</th><th scope=\"col\">Your people</th><th scope=\"col\">Your people improved</th><th scope=\"col\">Your share improved</th>");
    if programme.is_some() {
        o.push_str("<th scope=\"col\">Programme people</th><th scope=\"col\">Programme share improved</th>");
    }
    o.push_str("</tr></thead><tbody>");
    let Some(ai) = t.index(AREA) else {
        return;
    };
    for row in t.rows.iter().filter(|r| r[ai] == Val::text(ALL_AREAS)) {
        let id = cell(t, row, OBJECTIVE);
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{} {}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
            esc(&id),
            esc(&cell(t, row, OBJECTIVE_NAME)),
            esc(&cell(t, row, N_PEOPLE)),
            esc(&cell(t, row, N_IMPROVED)),
            esc(&cell(t, row, RATE_IMPROVED))
        );
        if let Some(p) = programme {
            let (n, _, rate) = p.objectives.get(&id).cloned().unwrap_or_default();
            let _ = write!(
                o,
                "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                esc(&count(&n)),
                esc(&percent(&rate))
            );
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table>");
}

/// Distance travelled on each measure.
fn measures(o: &mut String, m: &Table) {
    o.push_str("<table><caption>Your measures: average score before and after</caption><thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">People with both scores</th><th scope=\"col\">Average before</th><th scope=\"col\">Average after</th><th scope=\"col\">Average change</th><th scope=\"col\">Meaningful improvement</th></tr></thead><tbody>");
    for row in &m.rows {
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&cell(m, row, MEASURE)),
            esc(&cell(m, row, N_PAIRED)),
            esc(&cell(m, row, MEAN_BASELINE)),
            esc(&cell(m, row, MEAN_FOLLOWUP)),
            esc(&cell(m, row, MEAN_CHANGE)),
            esc(&cell(m, row, N_MEANINGFUL_IMPROVEMENT)),
        );
    }
    o.push_str("</tbody></table><p class=\"note\">A change is negative when a lower score is better (PHQ-9, GAD-7, CORE-10, UCLA-3, ONS anxiety).</p>");
}

/// Cost: yours beside the programme's.
fn cost(o: &mut String, vfm: &Table, row: &[Val], p: &Programme) {
    o.push_str("<table><caption>Cost</caption><thead><tr><th scope=\"col\"></th><th scope=\"col\">Yours</th><th scope=\"col\">Programme</th></tr></thead><tbody>");
    for (label, yours, theirs) in [
        (
            "Participants",
            cell(vfm, row, PARTICIPANTS),
            count(&p.participants),
        ),
        (
            "Cost per participant",
            cell(vfm, row, COST_PER_PARTICIPANT),
            money(&p.cost_per_participant),
        ),
        (
            "Cost per person with a meaningful improvement",
            cell(vfm, row, COST_PER_OUTCOME),
            money(&p.cost_per_outcome),
        ),
    ] {
        let _ = write!(
            o,
            "<tr><th scope=\"row\">{label}</th><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&yours),
            esc(&theirs)
        );
    }
    o.push_str("</tbody></table>");
}

#[cfg(test)]
mod tests {
    use super::*;

    const OBJ: &str = "quarter,area,objective,objective_name,n_people,n_improved,rate_improved,count_outcomes\n\
        2026/27 Q2,All areas,1,Good mental health,120,85,0.7083,0\n\
        2026/27 Q2,Salford,1,Good mental health,40,30,0.7500,0\n\
        2026/27 Q2,All areas,3,Physical health,*,*,,0\n";
    const VFM: &str = "quarter,project_id,project_name,area,cost_gbp,in_kind_gbp,participants,cost_per_participant,outcomes,cost_per_outcome,wellbys,value_low_gbp,value_central_gbp,value_high_gbp,bcr_central\n\
        2026/27 Q2,P1,One,Salford,100.00,0.00,10,10.00,5,20.00,1,1,1,1,1\n\
        2026/27 Q2,TOTAL,All projects,All areas,5000.00,0.00,250,20.00,85,58.82,1,1,1,1,1\n";

    #[test]
    fn programme_figures_are_read_as_published() {
        let p = Programme::from_csv("r", OBJ, VFM, Quarter::new(2026, 2).unwrap()).unwrap();
        assert_eq!(p.quarter, "2026/27 Q2");
        assert_eq!(
            p.objectives["1"],
            ("120".into(), "85".into(), "0.7083".into())
        );
        assert_eq!(p.objectives["3"].0, "*");
        assert_eq!(
            (
                p.participants.as_str(),
                p.cost_per_participant.as_str(),
                p.cost_per_outcome.as_str()
            ),
            ("250", "20.00", "58.82")
        );
        // A return from another quarter is compared with the report's quarter.
        let p = Programme::from_csv("r", OBJ, VFM, Quarter::new(2026, 3).unwrap()).unwrap();
        assert_eq!(p.quarter, "2026/27 Q2");
        assert_eq!(percent("0.7083"), "71\u{a0}%");
        assert_eq!(percent("*"), "*");
        assert_eq!(percent(""), "–");
        assert_eq!(money("49547.54"), "£49,548");
        assert_eq!(count("1250"), "1,250");
    }

    #[test]
    fn a_folder_that_is_not_a_report_is_refused() {
        let e = Programme::from_csv("r", "a,b\n1,2\n", VFM, Quarter::new(2026, 2).unwrap())
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "tables/objectives.csv is not a needle table: it has no column 'quarter'"
        );
    }
}
