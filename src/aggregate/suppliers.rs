//! tables/suppliers.csv: the programme's spend with each supplier named on
//! the Activities sheets, the trade the programme brings to the social
//! enterprises that sell activities to community organisations.
//!
//! Spend and organisations are not counts of people, so disclosure control
//! does not apply (as for expected_returns.csv). The table is tiny (a few
//! rows per return), so it is built with maps rather than a frame.

use std::collections::{BTreeMap, BTreeSet};

use crate::core::Quarter;
use crate::core::text::normalise_key;
use crate::score::Facts;

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

/// The name each supplier is shown under. Spellings that differ only in
/// case, spaces or punctuation are one supplier, shown under the first
/// spelling in sort order, so the name does not depend on file order; a
/// blank Supplier is [`NO_SUPPLIER`].
pub(super) struct SupplierNames(BTreeMap<String, String>);

impl SupplierNames {
    pub fn new<'a>(suppliers: impl Iterator<Item = Option<&'a str>>) -> SupplierNames {
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for name in suppliers.flatten().map(str::trim) {
            let key = normalise_key(name);
            if key.is_empty() {
                continue;
            }
            let shown = names.entry(key).or_insert_with(|| name.to_string());
            if name < shown.as_str() {
                *shown = name.to_string();
            }
        }
        SupplierNames(names)
    }

    /// The name `supplier` is shown under.
    pub fn name(&self, supplier: Option<&str>) -> &str {
        let key = normalise_key(supplier.unwrap_or(""));
        self.0.get(&key).map_or(NO_SUPPLIER, String::as_str)
    }
}

#[derive(Default)]
struct Tally {
    activities: u64,
    organisations: BTreeSet<String>,
    spend: f64,
}

/// Which organisation a project belongs to, for counting organisations
/// buying: About's Organisation ignoring case, spaces and punctuation, or
/// the project's ID when it is blank.
pub fn organisation_key(p: &crate::score::ProjectFact) -> String {
    if p.organisation.trim().is_empty() {
        normalise_key(&p.project_id)
    } else {
        normalise_key(&p.organisation)
    }
}

/// One row per supplier (see [`SupplierNames`]), sorted by name, then
/// activities with no supplier, then all activities.
pub fn table(facts: &Facts, quarter: Quarter) -> Vec<SupplierRow> {
    let organisation: BTreeMap<&str, String> = facts
        .projects
        .iter()
        .filter(|p| p.quarter == quarter)
        .map(|p| (p.project_id.as_str(), organisation_key(p)))
        .collect();
    let acts: Vec<_> = facts
        .activities
        .iter()
        .filter(|a| a.quarter == quarter)
        .collect();
    let names = SupplierNames::new(acts.iter().map(|a| a.supplier.as_deref()));
    let mut by_name: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut none = Tally::default();
    let mut all = Tally::default();
    for a in &acts {
        let org = organisation
            .get(a.project_id.as_str())
            .cloned()
            .unwrap_or_else(|| normalise_key(&a.project_id));
        let name = names.name(a.supplier.as_deref());
        let t = if name == NO_SUPPLIER {
            &mut none
        } else {
            by_name.entry(name).or_default()
        };
        for t in [t, &mut all] {
            t.activities += 1;
            t.organisations.insert(org.clone());
            t.spend += a.cost;
        }
    }
    let total = all.spend;
    let row = |supplier: &str, t: &Tally| SupplierRow {
        quarter,
        supplier: supplier.to_string(),
        activities: t.activities,
        organisations: t.organisations.len() as u64,
        spend: t.spend,
        share: (total != 0.0).then(|| t.spend / total),
    };
    let mut rows: Vec<SupplierRow> = by_name.iter().map(|(n, t)| row(n, t)).collect();
    if none.activities > 0 {
        rows.push(row(NO_SUPPLIER, &none));
    }
    if all.activities > 0 {
        rows.push(row(ALL_ACTIVITIES, &all));
    }
    rows
}
