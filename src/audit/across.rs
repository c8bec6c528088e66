//! A longer period's edition (a year's, or any run of quarters) attacked
//! with the quarterly editions of the same quarters in hand, as a reader
//! would have them (DISCLOSURE.md; docs/methods.md, "Disclosure control").
//!
//! What the reader knows of each quarter is what its own audit left: each
//! count's candidates after every relation within its edition. Against
//! the period's edition:
//!
//! - **trends repeat the quarters**: the period's trends row for a quarter
//!   is that quarter's own trends row, the same hidden count;
//! - **sums**: a period's participants, attendances, Counts-sheet outcomes
//!   and reductions are the sums of its quarters' (the Activities and
//!   Counts sheets are added up, docs/methods.md);
//!   (but a project whose participants the period counts each person
//!   once, and the totals and areas it is in, take the people bounds);
//! - **people**: a period's count of people lies between its largest
//!   quarter's and the sum of its quarters' (each person counted once).
//!   This one is what a reader would assume, not a rule: a person whose
//!   only follow-up is dated before the period, or who finished a course
//!   only by a later quarter, breaks it. Where the published figures
//!   contradict it, the audit drops it (as a reader would) and attacks
//!   again without it (`audit_with`).
//!
//! The quarters' counts are hidden counts of the model like any other,
//! so a withheld quarterly count that the period's edition narrows below
//! the rule is a finding too: the period's cell that narrowed it is
//! withheld.

use std::collections::HashMap;

use super::catalogue::{TABLES, Table};
use super::edition::{Cell, Edition, Files};
use super::solve::{Domain, Relation, UNBOUNDED, Var};
use super::{Audit, AuditError, Builder, key_text};

/// What the relation joining a period to its quarters' people is called.
pub(super) const PEOPLE_BOUND: &str =
    "a period's people between its largest quarter and the sum of its quarters";
const SUM: &str = "a period's count the sum of its quarters'";
const TREND: &str = "a quarter's trend as its own edition published it";

/// Counts a period adds up from its quarters.
const SUMMED: &[&str] = &[
    "participants",
    "attendances",
    "count_outcomes",
    "reduction",
    "numerator",
    "denominator",
];

/// One count of a quarterly edition as its audit left it.
#[derive(Debug, Clone)]
pub(super) struct KnownCount {
    pub domain: Domain,
    /// Withheld in every edition that has it.
    pub withheld: bool,
    /// Where it is published (table, quarter), for messages.
    pub at: String,
}

/// The quarterly editions a period's edition is attacked with.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// The period as its tables print it ("2026/27").
    label: String,
    /// Its quarters as the tables print them ("2026/27 Q1", ...).
    quarters: Vec<String>,
    /// The quarters whose edition is in hand (or that had no returns, so
    /// no edition and nothing to count).
    have: std::collections::BTreeSet<String>,
    /// By table, row key (its text columns but the quarter), column and
    /// quarter.
    counts: HashMap<(String, Vec<String>, String, String), KnownCount>,
    /// The projects whose participants the period counts each person once
    /// (the report names them), so not the sum of their quarters'.
    once: std::collections::BTreeSet<String>,
}

/// A row's key: its text columns (not counts, figures or plain numbers)
/// but the quarter, in the sheet's order.
fn row_key(t: &Table, sheet: &super::edition::Sheet, r: usize) -> Vec<String> {
    sheet
        .header
        .iter()
        .filter(|h| {
            h.as_str() != "quarter"
                && !t.counts.contains(&h.as_str())
                && !t.plain.contains(&h.as_str())
                && !t.figures.iter().any(|(f, _)| f == h)
        })
        .map(|h| key_text(sheet, r, h))
        .collect()
}

impl Known {
    /// Knowledge of the quarterly editions of `quarters`, for the edition
    /// of the period printed as `label`.
    pub fn new(label: &str, quarters: &[String]) -> Known {
        Known {
            label: label.to_string(),
            quarters: quarters.to_vec(),
            have: Default::default(),
            counts: HashMap::new(),
            once: Default::default(),
        }
    }

    /// The projects whose participants the period's edition counts each
    /// person once (manifest.json's `participants_counted_once`).
    pub fn counted_once(&mut self, projects: impl IntoIterator<Item = String>) {
        self.once.extend(projects);
    }

    /// Whether any project's participants are counted once.
    pub(super) fn any_counted_once(&self) -> bool {
        !self.once.is_empty()
    }

    /// Whether a row's participants are the sum of its quarters': rows of
    /// activity types and suppliers always are, a project's unless it is
    /// counted once, and a total or area's unless any project is.
    fn participants_summed(&self, t: &Table, sheet: &super::edition::Sheet, r: usize) -> bool {
        if self.once.is_empty() {
            return true;
        }
        let level = key_text(sheet, r, "level");
        if ["activity_type", "supplier"].contains(&level.as_str())
            || (t.name == "vfm_suppliers" && key_text(sheet, r, "supplier") != "All activities")
        {
            return true;
        }
        let project = match level.as_str() {
            "project" => Some(key_text(sheet, r, "key")),
            "" => Some(key_text(sheet, r, "project_id")).filter(|p| !p.is_empty() && p != "TOTAL"),
            _ => None,
        };
        project.is_some_and(|p| !self.once.contains(&p))
    }

    /// A quarter of the period that had no returns: it has no edition,
    /// and counts nothing.
    pub fn none(&mut self, quarter: &str) {
        self.have.insert(quarter.to_string());
    }

    /// Whether every quarter of the period is in hand: only then is a
    /// period's count the sum of the quarters' counts known here.
    fn complete(&self) -> bool {
        self.quarters.iter().all(|q| self.have.contains(q))
    }

    /// Adds `quarter`'s edition (as written) and the audit that passed it:
    /// its own rows, and its trends of the period's earlier quarters.
    pub fn add(
        &mut self,
        quarter: &str,
        files: &Files,
        audit: &Audit,
        symbol: &str,
    ) -> Result<(), AuditError> {
        self.have.insert(quarter.to_string());
        let ed = Edition::read(files, symbol)?;
        for (cell, domain) in &audit.candidates {
            let Some(t) = TABLES.iter().find(|t| t.name == cell.table) else {
                continue;
            };
            let Some(sheet) = ed.get(&cell.table) else {
                continue;
            };
            let row_quarter = key_text(sheet, cell.row, "quarter");
            let own = row_quarter == quarter;
            if !self.quarters.contains(&row_quarter) || !(own || cell.table == "trends") {
                continue;
            }
            let quarter = row_quarter;
            let withheld = *sheet.cell(cell.row, &cell.column) == Cell::Withheld;
            let key = (
                cell.table.clone(),
                row_key(t, sheet, cell.row),
                cell.column.clone(),
                quarter.clone(),
            );
            let at = format!("{} {quarter}", cell.table);
            // The same count in two editions (a quarter's trend in a later
            // quarter's edition): the reader has both.
            self.counts
                .entry(key)
                .and_modify(|k| {
                    k.domain.lo = k.domain.lo.max(domain.lo);
                    k.domain.hi = k.domain.hi.min(domain.hi);
                    k.domain.out.extend(domain.out.iter().copied());
                    k.withheld &= withheld;
                })
                .or_insert(KnownCount {
                    domain: domain.clone(),
                    withheld,
                    at,
                });
        }
        Ok(())
    }
}

/// A quarter's count in the period's model: its variable, what the reader
/// knew of it, and the period's cell it was joined to.
pub(super) struct QuarterVar {
    pub var: Var,
    pub known: KnownCount,
    pub cell: usize,
}

impl Builder<'_> {
    /// Joins the period's counts to its quarters' (module doc); the
    /// people bounds only with `bounds`.
    pub(super) fn across(&mut self, known: &Known, bounds: bool) {
        let pairs: Vec<_> = self.tables().collect();
        for (si, t) in pairs {
            let sheet = &self.ed.sheets[si];
            for r in 0..sheet.rows.len() {
                let quarter = key_text(sheet, r, "quarter");
                let key = row_key(t, sheet, r);
                for &col in t.counts {
                    let Some(cell) = self.cell_id(t.name, r, col) else {
                        continue;
                    };
                    let lookup = |q: &str| {
                        known
                            .counts
                            .get(&(
                                t.name.to_string(),
                                key.clone(),
                                col.to_string(),
                                q.to_string(),
                            ))
                            .cloned()
                    };
                    if t.name == "trends" {
                        if let Some(k) = lookup(&quarter) {
                            let q = self.quarter_var(k, cell);
                            let r = Relation::Sum {
                                total: self.var[cell],
                                parts: vec![q],
                            };
                            self.relate(TREND, r, vec![cell], Vec::new());
                        }
                        continue;
                    }
                    if quarter != known.label {
                        continue;
                    }
                    let found: Vec<KnownCount> =
                        known.quarters.iter().filter_map(|q| lookup(q)).collect();
                    if found.is_empty() {
                        continue;
                    }
                    let mut parts: Vec<Var> = found
                        .into_iter()
                        .map(|k| self.quarter_var(k, cell))
                        .collect();
                    let total = self.var[cell];
                    let complete = known.complete();
                    let summed = SUMMED.contains(&col)
                        && (col != "participants" || known.participants_summed(t, sheet, r));
                    if summed {
                        // The quarters not in hand add something unknown.
                        if !complete {
                            parts.push(self.model.var(-UNBOUNDED, UNBOUNDED));
                        }
                        let r = Relation::Sum { total, parts };
                        self.relate(SUM, r, vec![cell], Vec::new());
                    } else if bounds {
                        for &p in &parts {
                            self.relate(
                                PEOPLE_BOUND,
                                Relation::Le(p, total),
                                vec![cell],
                                Vec::new(),
                            );
                        }
                        if !complete {
                            continue;
                        }
                        let sum = self.model.var(-UNBOUNDED, UNBOUNDED);
                        self.relate(
                            PEOPLE_BOUND,
                            Relation::Sum { total: sum, parts },
                            vec![cell],
                            Vec::new(),
                        );
                        self.relate(
                            PEOPLE_BOUND,
                            Relation::Le(total, sum),
                            vec![cell],
                            Vec::new(),
                        );
                    }
                }
            }
        }
    }

    /// A variable for a quarter's count, with what the reader knew of it.
    fn quarter_var(&mut self, k: KnownCount, cell: usize) -> Var {
        let v = self.model.var(k.domain.lo, k.domain.hi);
        self.model.domains[v].out = k.domain.out.clone();
        self.quarters.push(QuarterVar {
            var: v,
            known: k,
            cell,
        });
        v
    }
}
