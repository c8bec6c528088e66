//! The report's key figures, for its first page only (not written as
//! CSVs: every figure here is in vfm.csv and vfm_effectiveness.csv too,
//! but for the intervals and the quarter before).
//!
//! In the published edition the shares, their Wilson intervals and the
//! Newcombe changes are worked out from the published (rounded) counts,
//! as NHS Digital's rule has percentages worked out; a withheld count
//! withholds every figure worked out from it.

use super::columns::*;
use super::rules;
use crate::aggregate::Interval;
use crate::core::Period;
use crate::disclose::{Column, Format, Rule, Spec, Val};
use crate::value::{ShareRow, UnitValue};

pub const SUMMARY_QUARTERS: &str = "summary_quarters";
pub const SUMMARY_SHARES: &str = "summary_shares";

/// The report quarter's totals and the quarter before's, one row each.
pub fn quarters<'a>() -> Spec<&'a (Period, UnitValue)> {
    Spec::<&'a (Period, UnitValue)>::new(SUMMARY_QUARTERS, "This period and the one before")
        .unwritten()
        .col(QUARTER, |r| Val::text(r.0))
        .col(Column::plain("projects", "Projects", Format::Count), |r| {
            Val::plain(r.1.unit.projects as f64)
        })
        .col(PARTICIPANTS, |r| Val::Count(r.1.unit.participants))
        .col(COST_GBP, |r| Val::plain(r.1.unit.cost))
        .col(COST_PER_PARTICIPANT_GBP, |r| {
            Val::opt_stat(r.1.cost_per_participant, Some(r.1.unit.participants as u64))
        })
        .col(N_PEOPLE_PAIRED, |r| Val::count(r.1.unit.n_people_paired))
        .col(OUTCOMES, |r| Val::count(r.1.unit.outcomes))
        .col(COST_PER_OUTCOME_GBP, |r| {
            Val::opt_stat(r.1.cost_per_outcome, Some(r.1.unit.outcomes))
        })
}

/// A share, its interval or its change, worked out from the published
/// counts.
const fn share(name: &'static str, label: &'static str, rule: Rule) -> Column {
    Column::derived(name, label, Format::Percent, rule)
}

pub const SHARE: Column = Column::key("share", "Figure");
pub const K: Column = Column::count("k", "People with the result");
pub const N: Column = Column::count("n", "People it is a share of");
pub const RATE: Column = share("rate", "Share", rules::SHARE_K_N);
pub const LOW: Column = share("low", "95% interval, low", rules::WILSON_LOW);
pub const HIGH: Column = share("high", "95% interval, high", rules::WILSON_HIGH);
pub const RATE_BEFORE: Column = share(
    "rate_before",
    "The quarter before: share",
    rules::SHARE_BEFORE,
);
pub const CHANGE: Column = share("change", "Change", rules::CHANGE);
pub const CHANGE_LOW: Column = share("change_low", "Change: 95% interval, low", rules::CHANGE_LOW);
pub const CHANGE_HIGH: Column = share(
    "change_high",
    "Change: 95% interval, high",
    rules::CHANGE_HIGH,
);

/// The three key shares, each with its interval and its change since the
/// quarter before (Wilson and Newcombe, 95 %).
pub fn shares<'a>() -> Spec<&'a ShareRow> {
    fn at(i: Option<Interval>, f: fn(&Interval) -> f64, base: Option<u64>) -> Val {
        Val::opt_stat(i.as_ref().map(f), base)
    }
    // A change rests on the smaller of the two quarters' people.
    fn both(r: &ShareRow) -> Option<u64> {
        r.before.map(|(_, n0)| n0.min(r.n))
    }
    Spec::<&'a ShareRow>::new(SUMMARY_SHARES, "Key shares, with 95% intervals")
        .unwritten()
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(SHARE, |r| Val::text(r.share.as_str()))
        .col(K, |r| Val::count(r.k))
        .col(N, |r| Val::count(r.n))
        .col(RATE, |r| at(r.interval, |i| i.estimate, Some(r.n)))
        .col(LOW, |r| at(r.interval, |i| i.low, Some(r.n)))
        .col(HIGH, |r| at(r.interval, |i| i.high, Some(r.n)))
        .col(
            Column::count("k_before", "The quarter before: people with the result"),
            |r| Val::opt_count(r.before.map(|b| b.0)),
        )
        .col(
            Column::count("n_before", "The quarter before: people it is a share of"),
            |r| Val::opt_count(r.before.map(|b| b.1)),
        )
        .col(RATE_BEFORE, |r| {
            Val::opt_stat(r.rate_before, r.before.map(|b| b.1))
        })
        .col(CHANGE, |r| at(r.change, |i| i.estimate, both(r)))
        .col(CHANGE_LOW, |r| at(r.change, |i| i.low, both(r)))
        .col(CHANGE_HIGH, |r| at(r.change, |i| i.high, both(r)))
}
