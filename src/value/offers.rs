//! Each offer on a suppliers' menu with its record over a period (`needle
//! menu`): who bought it, what they paid against the menu price, the people
//! who took part and how many of them improved on the objectives the offer
//! serves. And each supplier's trade by quarter.
//!
//! An activity is an offer's when `menu::find` matches it (the supplier's
//! line whose Activity is the activity's name, else its type), as in
//! menu_prices.csv. A person is the offer's when they have an outcome on
//! one of its activities; over a period each person is one pair per
//! measure (`crate::score::period`), so a person measured in Q1 and Q3
//! counts once. People are linked only within a project.

use std::collections::{BTreeMap, BTreeSet};

use super::menu::find;
use crate::aggregate::{SupplierRow, organisation_key, supplier_rows};
use crate::config::{Config, Menu, MenuItem, MenuUnit};
use crate::core::Period;
use crate::score::{ActivityFact, Facts, StoryFact, judgements};

/// One menu line and what came of it over the period.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferRow {
    /// The line as the menu gives it.
    pub item: MenuItem,
    /// The group the page shows it under: the menu's Activity type, else
    /// the activity type its Activity names, else that of the activities
    /// bought under it (the first in order), else "other".
    pub activity_type: String,
    /// Activities (project-quarter rows) bought under it.
    pub activities: u64,
    /// Distinct organisations that bought it (organisation_key).
    pub organisations: u64,
    /// The areas of the projects that bought it, sorted.
    pub areas: Vec<String>,
    /// Σ sessions or participants, as the menu prices them.
    pub units: f64,
    /// Σ Sessions (not people).
    pub sessions: f64,
    /// Σ price × units.
    pub offered: f64,
    /// Σ Cost of those activities.
    pub paid: f64,
    /// Σ Participants of those activities (a sum of quarterly counts).
    pub participants: f64,
    /// People with a result on an objective the offer serves (every
    /// objective their measures map to, when the menu names none).
    pub n_people: u64,
    /// Of those, improved on at least one of those objectives.
    pub n_improved: u64,
    /// The objectives (of those it serves) on which at least one of its
    /// people has a result, sorted.
    pub reached: Vec<u8>,
}

/// Every offer of `menu` over `period`, in menu order. `facts` are the
/// run's facts; `of_period` the period's (the same for a single quarter),
/// whose outcomes count each person once.
pub fn offers(
    facts: &Facts,
    of_period: &Facts,
    period: Period,
    menu: &Menu,
    config: &Config,
) -> Vec<OfferRow> {
    // Activities of the period, each with its offer (the index of its
    // menu line). A project's activity ID may name activities in several
    // quarters, bought from different suppliers: a person of that ID
    // counts for each of its offers.
    let organisation: BTreeMap<(&str, crate::core::Quarter), String> = facts
        .projects
        .iter()
        .filter(|p| period.contains(p.quarter))
        .map(|p| ((p.project_id.as_str(), p.quarter), organisation_key(p)))
        .collect();
    let mut rows: Vec<OfferRow> = menu
        .items
        .iter()
        .map(|item| OfferRow {
            item: item.clone(),
            activity_type: item
                .activity_type
                .clone()
                .or_else(|| named_type(&item.activity))
                .unwrap_or_default(),
            activities: 0,
            organisations: 0,
            areas: Vec::new(),
            units: 0.0,
            sessions: 0.0,
            offered: 0.0,
            paid: 0.0,
            participants: 0.0,
            n_people: 0,
            n_improved: 0,
            reached: Vec::new(),
        })
        .collect();
    let mut orgs: Vec<BTreeSet<String>> = vec![BTreeSet::new(); rows.len()];
    let mut of_activity: BTreeMap<(&str, &str), BTreeSet<usize>> = BTreeMap::new();
    for a in facts
        .activities
        .iter()
        .filter(|a| period.contains(a.quarter))
    {
        let Some(i) = offer_of(menu, a) else {
            continue;
        };
        let item = &menu.items[i];
        let r = &mut rows[i];
        let units = match item.unit {
            MenuUnit::Session => a.sessions,
            MenuUnit::Participant => a.participants,
        };
        r.activities += 1;
        r.units += units;
        r.sessions += a.sessions;
        r.offered += units * item.price;
        r.paid += a.cost;
        r.participants += a.participants;
        if r.activity_type.is_empty() {
            r.activity_type = a.activity_type.to_string();
        }
        let org = organisation
            .get(&(a.project_id.as_str(), a.quarter))
            .cloned()
            .unwrap_or_else(|| crate::core::text::normalise_key(&a.project_id));
        orgs[i].insert(org);
        if !r.areas.iter().any(|x| *x == a.area) {
            r.areas.push(a.area.to_string());
        }
        of_activity
            .entry((a.project_id.as_str(), a.activity_id.as_str()))
            .or_default()
            .insert(i);
    }
    // Each person's results on the objectives each offer serves:
    // (offer, project, person) → improved on any.
    let mut people: BTreeMap<(usize, &str, u32), bool> = BTreeMap::new();
    let harm = crate::aggregate::HARM_OBJECTIVE;
    let clinical = config.pairing.objective;
    for j in judgements(of_period, Some(period.to), clinical, harm)
        .into_iter()
        .filter(|j| j.mapped)
    {
        let Some(offers) = of_activity.get(&(j.project_id.as_str(), j.activity_id.as_str())) else {
            continue;
        };
        for &i in offers {
            let served = &menu.items[i].objectives;
            if served.is_empty() || served.contains(&j.objective) {
                *people
                    .entry((i, j.project_id.as_str(), j.person))
                    .or_default() |= j.improved;
                if !rows[i].reached.contains(&j.objective) {
                    rows[i].reached.push(j.objective);
                }
            }
        }
    }
    for ((i, _, _), improved) in people {
        rows[i].n_people += 1;
        rows[i].n_improved += u64::from(improved);
    }
    for (r, o) in rows.iter_mut().zip(orgs) {
        r.organisations = o.len() as u64;
        r.areas.sort();
        r.reached.sort_unstable();
        if r.activity_type.is_empty() {
            r.activity_type = "other".into();
        }
    }
    rows
}

/// The menu line (its index) an activity was bought under: its Supplier's
/// line for its name, else its type (`menu::find`); None when it names no
/// supplier or none of its lines.
fn offer_of(menu: &Menu, a: &ActivityFact) -> Option<usize> {
    let supplier = a.supplier.as_deref().filter(|s| !s.trim().is_empty())?;
    let item = find(menu, supplier, &a.name, &a.activity_type).ok()?;
    menu.items.iter().position(|m| std::ptr::eq(m, item))
}

/// The activity type an offer's Activity names, if it is one ("peer
/// support" on a menu is an offer of any peer support).
fn named_type(activity: &str) -> Option<String> {
    let key = crate::core::text::normalise_key(activity);
    crate::contract::spec::ACTIVITY_TYPES
        .iter()
        .find(|t| crate::core::text::normalise_key(t) == key)
        .map(|t| t.to_string())
}

/// Each supplier's trade in each quarter of `period`, as suppliers.csv
/// gives it for that quarter (without its no-supplier and all-activities
/// rows): spend received and organisations buying.
pub fn trade(facts: &Facts, period: Period) -> Vec<SupplierRow> {
    period
        .quarters()
        .into_iter()
        .flat_map(|q| supplier_rows(facts, q))
        .filter(|r| {
            r.supplier != crate::aggregate::ALL_ACTIVITIES
                && r.supplier != crate::aggregate::NO_SUPPLIER
        })
        .collect()
}

/// The stories given with consent to publish, in the period, that name an
/// activity bought under an offer of the menu: (index of the menu line,
/// story), in quarter, project and story order.
pub fn stories(facts: &Facts, period: Period, menu: &Menu) -> Vec<(usize, StoryFact)> {
    let mut out = Vec::new();
    for st in facts.stories.iter().filter(|s| period.contains(s.quarter)) {
        let Some(id) = st.activity_id.as_deref() else {
            continue;
        };
        let bought = facts.activities.iter().find(|a| {
            a.quarter == st.quarter && a.project_id == st.project_id && a.activity_id == id
        });
        if let Some(i) = bought.and_then(|a| offer_of(menu, a)) {
            out.push((i, st.clone()));
        }
    }
    out.sort_by(|(_, a), (_, b)| {
        (a.quarter, &a.project_id, &a.story_id).cmp(&(b.quarter, &b.project_id, &b.story_id))
    });
    out
}
