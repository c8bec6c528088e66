//! tables/suppliers.csv: the programme's spend with each supplier named on
//! the Activities sheets, the trade the programme brings to the social
//! enterprises that sell activities to community organisations.
//!
//! Spend and organisations are not counts of people, so disclosure control
//! does not apply (as for expected_returns.csv). The table is tiny (a few
//! rows per return), so it is built with maps rather than a frame.

use std::collections::{BTreeMap, BTreeSet};

use crate::contract::Quarter;
use crate::score::Facts;
use crate::text::normalise_key;

/// Supplier of activities whose Supplier cell is blank.
pub const NO_SUPPLIER: &str = "(no supplier given)";
/// The last row: every activity of the quarter.
pub const ALL_ACTIVITIES: &str = "All activities";

#[derive(Debug, Clone, PartialEq)]
pub struct SupplierRow {
    pub quarter: Quarter,
    pub supplier: String,
    /// Activities bought from the supplier.
    pub activities: u64,
    /// Distinct organisations (About's Organisation, matched ignoring case,
    /// spaces and punctuation) with an activity from the supplier.
    pub organisations: u64,
    /// Σ Cost of those activities.
    pub spend: f64,
    /// spend ÷ the cost of every activity of the quarter; None when that is 0.
    pub share: Option<f64>,
}

#[derive(Default)]
struct Tally {
    /// Every spelling of a supplier's name seen; the table shows the first
    /// in sort order, so the name does not depend on file order.
    names: BTreeSet<String>,
    activities: u64,
    organisations: BTreeSet<String>,
    spend: f64,
}

/// One row per supplier (spellings that differ only in case, spaces or
/// punctuation are one supplier), sorted by name, then activities with no
/// supplier, then all activities.
pub(super) fn table(facts: &Facts, quarter: Quarter) -> Vec<SupplierRow> {
    let organisation: BTreeMap<&str, String> = facts
        .projects
        .iter()
        .filter(|p| p.quarter == quarter)
        .map(|p| {
            let org = if p.organisation.trim().is_empty() {
                &p.project_id
            } else {
                &p.organisation
            };
            (p.project_id.as_str(), normalise_key(org))
        })
        .collect();
    let mut by_key: BTreeMap<String, Tally> = BTreeMap::new();
    let mut none = Tally::default();
    let mut all = Tally::default();
    for a in facts.activities.iter().filter(|a| a.quarter == quarter) {
        let org = organisation
            .get(a.project_id.as_str())
            .cloned()
            .unwrap_or_else(|| normalise_key(&a.project_id));
        let name = a.supplier.as_deref().map(str::trim).unwrap_or("");
        let key = normalise_key(name);
        let t = if key.is_empty() {
            &mut none
        } else {
            let t = by_key.entry(key).or_default();
            t.names.insert(name.to_string());
            t
        };
        for t in [t, &mut all] {
            t.activities += 1;
            t.organisations.insert(org.clone());
            t.spend += a.cost;
        }
    }
    let total = all.spend;
    let row = |supplier: String, t: &Tally| SupplierRow {
        quarter,
        supplier,
        activities: t.activities,
        organisations: t.organisations.len() as u64,
        spend: t.spend,
        share: (total != 0.0).then(|| t.spend / total),
    };
    let mut rows: Vec<SupplierRow> = by_key
        .values()
        .map(|t| row(t.names.first().cloned().unwrap_or_default(), t))
        .collect();
    rows.sort_by(|a, b| a.supplier.cmp(&b.supplier));
    if none.activities > 0 {
        rows.push(row(NO_SUPPLIER.to_string(), &none));
    }
    if all.activities > 0 {
        rows.push(row(ALL_ACTIVITIES.to_string(), &all));
    }
    rows
}
