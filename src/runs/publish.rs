//! The published edition, attacked before it is written: disclosure
//! control, then the audit (src/audit) on the tables as they would be
//! written, then whatever the audit asks withheld or coarsened, again and
//! again until the audit finds nothing. An edition the audit still faults
//! is never written.

use super::RunError;
use crate::audit::{self, Audit, Files, Fix};
use crate::config::Config;
use crate::disclose::{Action, Consts, Published, Remedy, Table};
use crate::render;

/// More passes than this and the run stops: each pass withholds at least
/// one more cell, so this is only reached by a bug.
const MAX_PASSES: usize = 100;

/// One pass of the audit: what it found and what was done.
#[derive(Debug, Clone)]
pub struct Pass {
    pub findings: usize,
    pub withheld: usize,
    pub coarsened: usize,
}

/// The published edition and the audit that passed it.
pub struct Audited {
    pub published: Published,
    /// The last (passing) audit.
    pub audit: Audit,
    pub passes: Vec<Pass>,
    /// Every cell withheld or coarsened beyond the rule, and why.
    pub remedies: Vec<(Remedy, String)>,
    /// The audited vfm.xlsx, to be written as it is.
    pub workbook: Option<Vec<u8>>,
}

/// Every table of the edition as the audit reads it: each as CSV, the
/// tables only a page shows too (they are published on it).
pub fn files(p: &Published, symbol: &str, workbook: Option<Vec<u8>>) -> Result<Files, RunError> {
    let mut files = Files::default();
    for t in p.iter() {
        files
            .tables
            .push((t.name.to_string(), render::csv::table(t, symbol)?));
    }
    files.workbook = workbook;
    Ok(files)
}

/// Discloses `exact`, audits, remedies and audits again until nothing is
/// found. Once the tables pass, `workbook` renders the edition's vfm.xlsx
/// (None for an edition without one), which is audited too and returned
/// to be written as it is. A longer period's edition is attacked with its
/// quarters' published editions in hand (`known`: audit/across.rs).
pub fn publish(
    exact: &[Table],
    config: &Config,
    consts: &Consts,
    known: Option<&audit::Known>,
    workbook: impl Fn(&Published) -> Result<Option<Vec<u8>>, RunError>,
) -> Result<Audited, RunError> {
    let attack = |files: &Files| match known {
        Some(k) => audit::audit_with(files, config, k),
        None => audit::audit(files, config, false),
    };
    let d = &config.disclosure;
    let mut remedies: Vec<(Remedy, String)> = Vec::new();
    let mut passes = Vec::new();
    for _ in 0..MAX_PASSES {
        let only: Vec<Remedy> = remedies.iter().map(|(r, _)| r.clone()).collect();
        let published = Published::disclosed(exact, d, consts, &only);
        let mut a = attack(&files(&published, &d.symbol, None)?)?;
        let mut wb = None;
        if a.passed() {
            wb = workbook(&published)?;
            if wb.is_some() {
                a = attack(&files(&published, &d.symbol, wb.clone())?)?;
            }
        }
        if a.passed() {
            return Ok(Audited {
                published,
                audit: a,
                passes,
                remedies,
                workbook: wb,
            });
        }
        passes.push(remedy(&a, &mut remedies)?);
    }
    Err(RunError::Unsafe(format!(
        "the audit still finds disclosed counts after {MAX_PASSES} passes"
    )))
}

/// Adds what the audit asks for to `remedies`; an error when it asks for
/// nothing new (withholding again would change nothing) or for what no
/// withholding can mend.
fn remedy(a: &Audit, remedies: &mut Vec<(Remedy, String)>) -> Result<Pass, RunError> {
    let mut pass = Pass {
        findings: a.findings.len(),
        withheld: 0,
        coarsened: 0,
    };
    for f in &a.findings {
        let action = match f.fix {
            Fix::Withhold => Action::Withhold,
            Fix::Decimals(k) => Action::Decimals(k),
            Fix::None => return Err(RunError::Unsafe(format!("{}: {}", f.cell, f.why))),
        };
        let r = Remedy {
            table: f.cell.table.clone(),
            row: f.cell.row,
            column: f.cell.column.clone(),
            action,
        };
        if remedies.iter().any(|(x, _)| *x == r) {
            continue;
        }
        match action {
            Action::Withhold => pass.withheld += 1,
            Action::Decimals(_) => pass.coarsened += 1,
        }
        remedies.push((r, format!("{}: {}", f.cell, f.why)));
    }
    if pass.withheld + pass.coarsened == 0 {
        let f = &a.findings[0];
        return Err(RunError::Unsafe(format!(
            "{}: {} (and withholding it again changes nothing)",
            f.cell, f.why
        )));
    }
    Ok(pass)
}

/// A report folder as the audit reads it: tables/*.csv by name, and
/// vfm.xlsx when there is one.
pub fn read_edition(dir: &std::path::Path) -> std::io::Result<Files> {
    let mut files = Files::default();
    let mut csvs: Vec<std::path::PathBuf> = std::fs::read_dir(dir.join("tables"))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    csvs.sort();
    for p in csvs {
        let name = p
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        files.tables.push((name, std::fs::read(&p)?));
    }
    let wb = dir.join("vfm.xlsx");
    if wb.is_file() {
        files.workbook = Some(std::fs::read(wb)?);
    }
    Ok(files)
}

/// What one audit found and tried, as JSON.
pub fn audit_json(au: &Audit) -> serde_json::Value {
    use serde_json::json;
    let cell =
        |c: &crate::audit::CellRef| json!({"table": c.table, "row": c.row + 1, "column": c.column});
    json!({
        "counts_checked": au.counts,
        "count_cells": au.count_cells,
        "figures_recomputed_from_published_counts": au.recomputed,
        "relations_tried": au.relations,
        "narrowest_published_count": au.narrowest_shown.as_ref().map(|(c, p, d)| json!({
            "cell": cell(c),
            "published": p,
            "candidates": d.describe(),
            "how_many": d.size(),
        })),
        "narrowest_withheld_count": au.narrowest_withheld.as_ref().map(|(c, d)| json!({
            "cell": cell(c),
            "candidates": d.describe(),
            "how_many": if d.size() == u64::MAX { serde_json::Value::Null } else { json!(d.size()) },
        })),
        "disclosed": au.disclosed.iter().map(|(c, how)| json!({
            "cell": cell(c),
            "how": how,
        })).collect::<Vec<_>>(),
        "findings": au.findings.iter().map(|f| json!({
            "cell": cell(&f.cell),
            "why": f.why,
        })).collect::<Vec<_>>(),
    })
}

/// disclosure_audit.json: what the audit tried, what it checked, the
/// narrowest candidates it found, and every cell withheld or coarsened
/// beyond the rule with the reason.
pub fn report_json(a: &Audited, min_candidates: u64) -> serde_json::Value {
    use serde_json::json;
    let mut out = json!({
        "result": "no count disclosed",
        "rule": format!("a published count is disclosed when the edition's figures leave it one value; a withheld count when they leave it fewer than {min_candidates}"),
    });
    if let (Some(o), serde_json::Value::Object(more)) = (out.as_object_mut(), audit_json(&a.audit))
    {
        o.extend(
            more.into_iter()
                .filter(|(k, _)| k != "findings" && k != "disclosed"),
        );
        o.insert(
            "passes".into(),
            a.passes
                .iter()
                .map(|p| json!({"findings": p.findings, "withheld": p.withheld, "coarsened": p.coarsened}))
                .collect(),
        );
        o.insert(
            "withheld_or_coarsened_beyond_the_rule".into(),
            a.remedies
                .iter()
                .map(|(r, why)| {
                    json!({
                        "table": r.table,
                        "row": r.row + 1,
                        "column": r.column,
                        "action": match r.action {
                            Action::Withhold => "withheld".to_string(),
                            Action::Decimals(k) => format!("printed with {k} decimal(s)"),
                        },
                        "why": why,
                    })
                })
                .collect(),
        );
    }
    out
}
