//! The report's key figures: the programme's three shares of people (the
//! share improved, NHS Talking Therapies' recovery rate and reliable
//! improvement rate), each with its 95 % interval and its change since
//! the quarter before, and the quarter before's totals to compare with.
//!
//! Intervals are Wilson's and changes Newcombe's (aggregate::interval);
//! a page calls a change up or down only when its interval excludes no
//! change. Worked out here, from exact counts, so that pages only choose
//! and explain; the published edition withholds them as it withholds any
//! statistic (a change rests on both quarters' counts).

use crate::aggregate::{Interval, Level, UnitRow, Z95, newcombe, wilson};
use crate::core::Period;

use super::UnitValue;

/// Which share a key figure is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// People improved on at least one objective, of those with a paired
    /// score (vfm `outcomes` ÷ `n_people_paired`).
    Improved,
    /// Recovered, of those at caseness at the start (NHS Talking Therapies).
    Recovered,
    /// Reliably improved, of those judged on a clinical measure.
    ReliablyImproved,
}

impl Share {
    pub const ALL: [Share; 3] = [Share::Improved, Share::Recovered, Share::ReliablyImproved];

    /// The machine name a table's row keys on.
    pub fn as_str(self) -> &'static str {
        match self {
            Share::Improved => "improved",
            Share::Recovered => "recovered",
            Share::ReliablyImproved => "reliably_improved",
        }
    }

    /// How a page names it.
    pub fn label(self) -> &'static str {
        match self {
            Share::Improved => "Share of people improved",
            Share::Recovered => "Recovery rate",
            Share::ReliablyImproved => "Reliable improvement rate",
        }
    }

    /// (people with the result, people it is a share of) in a unit.
    fn of(self, u: &UnitRow) -> (u64, u64) {
        match self {
            Share::Improved => (u.outcomes, u.n_people_paired),
            Share::Recovered => (u.recoveries, u.n_caseness_baseline),
            Share::ReliablyImproved => (u.n_reliable_improvement, u.n_clinical),
        }
    }
}

/// One key share: this quarter's, with its interval, and the change since
/// the quarter before.
#[derive(Debug, Clone, PartialEq)]
pub struct ShareRow {
    pub quarter: Period,
    pub share: Share,
    /// People with the result, and the people it is a share of.
    pub k: u64,
    pub n: u64,
    pub interval: Option<Interval>,
    /// The quarter before's (k, n), when it had returns.
    pub before: Option<(u64, u64)>,
    /// The quarter before's share.
    pub rate_before: Option<f64>,
    /// This quarter's share less the quarter before's, with its interval.
    pub change: Option<Interval>,
}

/// The key figures of a report quarter.
#[derive(Debug, Clone, PartialEq)]
pub struct Headline {
    /// The valued total unit of the report quarter, and of the quarter
    /// before when it had returns: the quarters compared.
    pub quarters: Vec<(Period, UnitValue)>,
    pub shares: Vec<ShareRow>,
}

/// The key figures of `quarter`, from its valued units (the total among
/// them) and the valued total unit of the quarter before.
pub fn headline(quarter: Period, units: &[UnitValue], previous: Option<UnitValue>) -> Headline {
    let Some(total) = units.iter().find(|u| u.unit.level == Some(Level::Total)) else {
        return Headline {
            quarters: Vec::new(),
            shares: Vec::new(),
        };
    };
    let now = &total.unit;
    let shares = Share::ALL
        .iter()
        .map(|&share| {
            let (k, n) = share.of(now);
            let before = previous.as_ref().map(|p| share.of(&p.unit));
            ShareRow {
                quarter,
                share,
                k,
                n,
                interval: wilson(k as f64, n as f64, Z95),
                before,
                rate_before: before
                    .filter(|b| b.1 > 0)
                    .map(|(k0, n0)| k0 as f64 / n0 as f64),
                change: before.and_then(|(k0, n0)| newcombe(k, n, k0, n0, Z95)),
            }
        })
        .collect();
    let mut quarters = vec![(quarter, total.clone())];
    quarters.extend(previous.map(|p| (quarter.compared_with(), p)));
    Headline { quarters, shares }
}
