//! The published rules of the derived figures: how each share, interval,
//! money per head and value is worked out from figures published beside
//! it. The published edition works every one out again from the figures
//! as published (src/disclose/derive.rs); the stage before computed the
//! exact edition's by the same definitions, which a test holds them to.

use crate::aggregate::{
    ALL_ACTIVITIES, ALL_AREAS, ALL_PROJECTS, ALL_TYPES, Limits, Position, TOTAL, Z95, limits,
    newcombe, wilson,
};
use crate::disclose::{Inputs, Rule, Val, per_head, share, sum};
use crate::value::MenuStatus;

use super::vfm::{VFM_AGENCY, VFM_ECONOMY, VFM_EFFECTIVENESS, VFM_FISCAL, VFM_SOCIAL};

/// A rule that reads only its own row.
const fn here(
    text: &'static str,
    from: &'static [&'static str],
    f: fn(&[f64], &Inputs) -> Option<Val>,
) -> Rule {
    Rule {
        text,
        from,
        reads: &[],
        f,
    }
}

/// k ÷ n, from [k, n].
pub fn ratio(v: &[f64], _: &Inputs) -> Option<Val> {
    Some(share(v[0], v[1]))
}

/// A share's rule: `k ÷ n` from the row's published counts.
macro_rules! share_rule {
    ($k:literal, $n:literal) => {
        here(concat!($k, " ÷ ", $n), &[$k, $n], ratio)
    };
}

pub const RATE_IMPROVED: Rule = share_rule!("n_improved", "n_people");
pub const RECOVERY_RATE: Rule = share_rule!("recoveries", "n_caseness_baseline");
pub const RELIABLE_IMPROVEMENT_RATE: Rule = share_rule!("n_reliable_improvement", "n_clinical");
pub const RELIABLE_DETERIORATION_RATE: Rule = share_rule!("n_reliable_deterioration", "n_clinical");
pub const RATE_OUTCOME: Rule = share_rule!("outcomes", "n_people_paired");
pub const RATE_FOLLOWUP: Rule = share_rule!("n_followup", "n_baseline");
pub const SHARE_PARTICIPANTS: Rule = share_rule!("n_participants", "n_recorded");
pub const SHARE_PAIRED: Rule = share_rule!("n_paired", "n_paired_recorded");
pub const PROPORTION: Rule = share_rule!("numerator", "denominator");

/// The VfM unit a row is about: (level, key) as the units tables key them.
pub fn unit<'a>(x: &Inputs<'a>) -> (&'a str, &'a str) {
    let level = x.text("level");
    if !level.is_empty() {
        return (level, x.text("key"));
    }
    let project = x.text("project_id");
    if !project.is_empty() {
        return match project {
            TOTAL => ("total", TOTAL),
            p => ("project", p),
        };
    }
    match (x.text("supplier"), x.text("organisation_type")) {
        (ALL_ACTIVITIES, _) | (_, ALL_TYPES) => ("total", TOTAL),
        ("", t) => ("organisation_type", t),
        (s, _) => ("supplier", s),
    }
}

/// A figure of the row's unit in a units table.
fn of_unit(x: &Inputs, table: &str, name: &str) -> Val {
    let (level, key) = unit(x);
    x.lookup(table, &[("level", level), ("key", key)], name)
        .unwrap_or(Val::Empty)
}

/// The row's cost: its own column, or its unit's in vfm_economy.
fn cost(x: &Inputs) -> Val {
    match x.val("cost_gbp") {
        Val::Empty => of_unit(x, VFM_ECONOMY, "cost_gbp"),
        v => v,
    }
}

/// Cost ÷ the row's published count `n` (money per head).
fn cost_per(v: &[f64], x: &Inputs) -> Option<Val> {
    Some(match cost(x) {
        Val::Suppressed => Val::Suppressed,
        c => c.as_f64().map_or(Val::Empty, |c| per_head(c, v[0])),
    })
}

/// Cost per head of the count named, the cost from the row or its unit.
macro_rules! cost_per_rule {
    ($n:literal) => {
        Rule {
            text: concat!("cost ÷ ", $n),
            from: &[$n],
            reads: &[VFM_ECONOMY],
            f: cost_per,
        }
    };
}

pub const COST_PER_PARTICIPANT: Rule = cost_per_rule!("participants");
pub const COST_PER_ATTENDANCE: Rule = cost_per_rule!("attendances");
pub const COST_PER_OUTCOME: Rule = cost_per_rule!("outcomes");
pub const COST_PER_RECOVERY: Rule = cost_per_rule!("recoveries");
pub const COST_PER_IMPROVED: Rule = cost_per_rule!("n_improved");

/// Cost ÷ WELLBYs as printed; empty unless there are some.
pub const COST_PER_WELLBY: Rule = Rule {
    text: "cost ÷ wellbys",
    from: &["wellbys"],
    reads: &[VFM_ECONOMY],
    f: |v, x| {
        if v[0] > 0.0 {
            cost_per(v, x).map(|c| match c {
                Val::Num { value, .. } => Val::plain(value),
                other => other,
            })
        } else {
            Some(Val::Empty)
        }
    },
};

/// A fiscal line's value: the published reduction × the unit cost.
pub const FISCAL_VALUE: Rule = here(
    "reduction × unit_cost_gbp",
    &["reduction", "unit_cost_gbp"],
    |v, _| Some(Val::plain(v[0] * v[1])),
);

/// The fiscal value of the row's unit borne by `agency` (every agency
/// when None): the sum of its lines' published values in vfm_fiscal.
fn fiscal_of(x: &Inputs, agency: Option<&str>) -> Val {
    let (level, key) = unit(x);
    let mut keys = vec![("level", level), ("key", key)];
    if let Some(a) = agency {
        keys.push(("agency", a));
    }
    sum(&x.lookup_all(VFM_FISCAL, &keys, "value_gbp"))
}

macro_rules! agency_rule {
    ($agency:literal) => {
        Rule {
            text: concat!(
                "Σ value_gbp of the unit's ",
                $agency,
                " lines in vfm_fiscal"
            ),
            from: &[],
            reads: &[VFM_FISCAL],
            f: |_, x| Some(fiscal_of(x, Some($agency))),
        }
    };
}

pub const FISCAL_NHS: Rule = agency_rule!("NHS");
pub const FISCAL_LOCAL_AUTHORITY: Rule = agency_rule!("local authority");
pub const FISCAL_OTHER: Rule = agency_rule!("other");
pub const FISCAL_ALL: Rule = Rule {
    text: "Σ value_gbp of the unit's lines in vfm_fiscal",
    from: &[],
    reads: &[VFM_FISCAL],
    f: |_, x| Some(fiscal_of(x, None)),
};

/// The unit's WELLBYs as vfm_effectiveness prints them.
fn wellbys(x: &Inputs) -> Val {
    of_unit(x, VFM_EFFECTIVENESS, "wellbys")
}

/// Wellbeing value at the central WELLBY value: the printed WELLBYs ×
/// the value of a WELLBY.
pub const WELLBEING_CENTRAL: Rule = Rule {
    text: "wellbys × the central value of a WELLBY",
    from: &[],
    reads: &[VFM_EFFECTIVENESS],
    f: |_, x| {
        Some(match wellbys(x) {
            Val::Num { value, .. } => Val::plain(value * x.consts().wellby_values.1),
            other => other,
        })
    },
};

/// The user's proxies for the row's unit, from the published numerators
/// and reductions of indicators.csv: only projects, areas and the total
/// have them there, so another unit's non-zero proxy value is withheld.
pub const PROXY: Rule = Rule {
    text: "Σ published numerator or reduction × the proxy's value",
    from: &[],
    reads: &[super::outcomes::INDICATORS],
    f: |_, x| {
        let proxies = &x.consts().proxies;
        if proxies.is_empty() {
            return None;
        }
        let (level, key) = unit(x);
        let (area, project) = match level {
            "project" => (None, key),
            "area" => (Some(key), ALL_PROJECTS),
            "total" => (Some(ALL_AREAS), ALL_PROJECTS),
            _ => {
                return Some(match x.val("proxy_gbp").as_f64() {
                    Some(v) if v != 0.0 => Val::Suppressed,
                    _ => Val::plain(0.0),
                });
            }
        };
        let mut parts = Vec::new();
        for (indicator, per_reduction, gbp) in proxies {
            let column = if *per_reduction {
                "reduction"
            } else {
                "numerator"
            };
            let mut keys = vec![("indicator", indicator.as_str()), ("project_id", project)];
            if let Some(a) = area {
                keys.push(("area", a));
            }
            for v in x.lookup_all(super::outcomes::INDICATORS, &keys, column) {
                parts.push(match v {
                    Val::Suppressed => Val::Suppressed,
                    v => Val::plain(v.as_f64().unwrap_or(0.0) * gbp),
                });
            }
        }
        Some(sum(&parts))
    },
};

/// Social value at a WELLBY value `w`: (printed WELLBYs × w + fiscal value
/// + proxy value) × additionality, from the row's own published figures.
fn social_value(x: &Inputs, w: f64) -> Val {
    let central = x.consts().wellby_values.1;
    let parts = [
        x.val("wellbeing_value_central_gbp"),
        x.val("fiscal_gbp"),
        x.val("proxy_gbp"),
        x.val("additionality_factor"),
    ];
    if parts.contains(&Val::Suppressed) {
        return Val::Suppressed;
    }
    let [wellbeing, fiscal, proxy, factor] = parts.map(|v| v.as_f64().unwrap_or(0.0));
    // The WELLBYs behind the central wellbeing value, at the value `w`.
    let wellbeing = if central == 0.0 {
        0.0
    } else {
        wellbeing / central * w
    };
    Val::plain((wellbeing + fiscal + proxy) * factor)
}

/// A social value: worked out in vfm_social, and elsewhere (vfm.csv) the
/// unit's value there.
macro_rules! value_rule {
    ($text:literal, $name:literal, $w:tt) => {
        Rule {
            text: $text,
            from: &[],
            reads: &[VFM_SOCIAL, VFM_EFFECTIVENESS, VFM_AGENCY],
            f: |_, x| {
                Some(if x.has("additionality_factor") {
                    social_value(x, x.consts().wellby_values.$w)
                } else {
                    of_unit(x, VFM_SOCIAL, $name)
                })
            },
        }
    };
}

pub const VALUE_LOW: Rule = value_rule!(
    "(wellbys × the low WELLBY value + fiscal + proxy) × additionality",
    "value_low_gbp",
    0
);
pub const VALUE_CENTRAL: Rule = value_rule!(
    "(wellbys × the central WELLBY value + fiscal + proxy) × additionality",
    "value_central_gbp",
    1
);
pub const VALUE_HIGH: Rule = value_rule!(
    "(wellbys × the high WELLBY value + fiscal + proxy) × additionality",
    "value_high_gbp",
    2
);

/// The unit's cost and in-kind value together (what a BCR divides by).
fn spent(x: &Inputs) -> Option<f64> {
    let get = |name| match x.val(name) {
        Val::Empty => of_unit(x, VFM_ECONOMY, name),
        v => v,
    };
    Some(get("cost_gbp").as_f64()? + get("in_kind_gbp").as_f64()?)
}

/// A benefit-cost ratio: the row's `value` ÷ (cost + in-kind).
fn bcr(x: &Inputs, value: Val) -> Val {
    match (value, spent(x)) {
        (Val::Suppressed, _) => Val::Suppressed,
        (v, Some(spent)) if spent != 0.0 => {
            v.as_f64().map_or(Val::Empty, |v| Val::plain(v / spent))
        }
        _ => Val::Empty,
    }
}

/// A benefit-cost ratio: the row's value ÷ (cost + in-kind), or where
/// the row has no value (the delivery tables) its unit's in vfm_social.
macro_rules! bcr_rule {
    ($text:literal, $value:literal, $name:literal) => {
        Rule {
            text: $text,
            from: &[],
            reads: &[VFM_ECONOMY, VFM_SOCIAL],
            f: |_, x| {
                Some(if x.has($value) {
                    bcr(x, x.val_printed($value))
                } else {
                    of_unit(x, VFM_SOCIAL, $name)
                })
            },
        }
    };
}

pub const BCR_LOW: Rule = bcr_rule!(
    "value_low_gbp ÷ (cost + in-kind)",
    "value_low_gbp",
    "bcr_low"
);
pub const BCR_CENTRAL: Rule = bcr_rule!(
    "value_central_gbp ÷ (cost + in-kind)",
    "value_central_gbp",
    "bcr_central"
);
pub const BCR_HIGH: Rule = bcr_rule!(
    "value_high_gbp ÷ (cost + in-kind)",
    "value_high_gbp",
    "bcr_high"
);

/// 1 − (cost + in-kind) ÷ central value, when that ratio is positive.
pub const SWITCHING_VALUE: Rule = Rule {
    text: "1 − 1 ÷ bcr_central",
    from: &[],
    reads: &[VFM_ECONOMY],
    f: |_, x| {
        Some(match bcr(x, x.val_printed("value_central_gbp")) {
            Val::Num { value, .. } if value > 0.0 => Val::plain(1.0 - 1.0 / value),
            Val::Suppressed => Val::Suppressed,
            _ => Val::Empty,
        })
    },
};

/// The unit's total fiscal value as vfm_agency gives it.
pub const FISCAL_OF_UNIT: Rule = Rule {
    text: "the unit's fiscal_gbp in vfm_agency",
    from: &[],
    reads: &[VFM_AGENCY],
    f: |_, x| Some(of_unit(x, VFM_AGENCY, "fiscal_gbp")),
};

/// Wilson's interval (95 %) of k of n, from [k, n].
fn wilson_at(v: &[f64], pick: fn(&crate::aggregate::Interval) -> f64) -> Option<Val> {
    Some(wilson(v[0], v[1], Z95).map_or(Val::Empty, |i| {
        Val::stat(pick(&i), Some(v[1].max(0.0) as u64))
    }))
}

pub const WILSON_LOW: Rule = here("Wilson 95% interval of k of n, low", &["k", "n"], |v, _| {
    wilson_at(v, |i| i.low)
});
pub const WILSON_HIGH: Rule = here(
    "Wilson 95% interval of k of n, high",
    &["k", "n"],
    |v, _| wilson_at(v, |i| i.high),
);
pub const SHARE_K_N: Rule = share_rule!("k", "n");
pub const IMPROVED_LOW: Rule = here(
    "Wilson 95% interval of n_improved of n_people, low",
    &["n_improved", "n_people"],
    |v, _| wilson_at(v, |i| i.low),
);
pub const IMPROVED_HIGH: Rule = here(
    "Wilson 95% interval of n_improved of n_people, high",
    &["n_improved", "n_people"],
    |v, _| wilson_at(v, |i| i.high),
);
pub const SHARE_BEFORE: Rule = share_rule!("k_before", "n_before");
pub const PROPORTION_LOW: Rule = here(
    "Wilson 95% interval of numerator of denominator, low",
    &["numerator", "denominator"],
    |v, _| wilson_at(v, |i| i.low),
);
pub const PROPORTION_HIGH: Rule = here(
    "Wilson 95% interval of numerator of denominator, high",
    &["numerator", "denominator"],
    |v, _| wilson_at(v, |i| i.high),
);

/// Newcombe's interval (95 %) of k/n − k_before/n_before.
fn change_at(v: &[f64], pick: fn(&crate::aggregate::Interval) -> f64) -> Option<Val> {
    let whole = |x: f64| x.max(0.0) as u64;
    let base = whole(v[1]).min(whole(v[3]));
    Some(
        newcombe(whole(v[0]), whole(v[1]), whole(v[2]), whole(v[3]), Z95)
            .map_or(Val::Empty, |i| Val::stat(pick(&i), Some(base))),
    )
}

const CHANGE_FROM: &[&str] = &["k", "n", "k_before", "n_before"];
pub const CHANGE: Rule = here("k ÷ n − k_before ÷ n_before", CHANGE_FROM, |v, _| {
    change_at(v, |i| i.estimate)
});
pub const CHANGE_LOW: Rule = here(
    "Newcombe 95% interval of the change, low",
    CHANGE_FROM,
    |v, _| change_at(v, |i| i.low),
);
pub const CHANGE_HIGH: Rule = here(
    "Newcombe 95% interval of the change, high",
    CHANGE_FROM,
    |v, _| change_at(v, |i| i.high),
);

/// The programme's share: the rate of the objective's `ALL` row.
pub const PROGRAMME_RATE: Rule = Rule {
    text: "rate_improved of the objective's ALL row",
    from: &[],
    reads: &[],
    f: |_, x| Some(x.total("rate_improved")),
};

/// The funnel limits around the programme's share (as published) at the
/// project's published number of people; empty on the ALL row.
fn limit_at(v: &[f64], x: &Inputs, pick: fn(&Limits) -> f64) -> Option<Val> {
    if x.text("project_id") == ALL_PROJECTS {
        return Some(Val::Empty);
    }
    let n = v[1].max(0.0) as u64;
    Some(limits(v[0], n).map_or(Val::Empty, |l| Val::stat(pick(&l), Some(n))))
}

macro_rules! limit_rule {
    ($text:literal, $pick:expr) => {
        here(
            concat!(
                "Spiegelhalter's exact binomial ",
                $text,
                " around programme_rate at n_people"
            ),
            &["programme_rate", "n_people"],
            |v, x| limit_at(v, x, $pick),
        )
    };
}

pub const LOWER_998: Rule = limit_rule!("lower 99.8% limit", |l| l.lower_998);
pub const LOWER_95: Rule = limit_rule!("lower 95% limit", |l| l.lower_95);
pub const UPPER_95: Rule = limit_rule!("upper 95% limit", |l| l.upper_95);
pub const UPPER_998: Rule = limit_rule!("upper 99.8% limit", |l| l.upper_998);

/// Above, within or below the limits, from the published rate and limits.
fn position(v: &[f64]) -> Option<Val> {
    Some(Val::text(Position::of(v[0], v[1], v[2]).as_str()))
}

pub const POSITION_95: Rule = here(
    "rate_improved against lower_95 and upper_95",
    &["rate_improved", "lower_95", "upper_95"],
    |v, _| position(v),
);
pub const POSITION_998: Rule = here(
    "rate_improved against lower_998 and upper_998",
    &["rate_improved", "lower_998", "upper_998"],
    |v, _| position(v),
);

/// Payment ÷ cost, from the row's published payment and cost.
pub const PAYMENT_TO_COST: Rule = here(
    "payment_gbp ÷ cost_gbp",
    &["payment_gbp", "cost_gbp"],
    |v, _| {
        Some(if v[1] == 0.0 {
            Val::Empty
        } else {
            Val::plain(v[0] / v[1])
        })
    },
);

/// What the menu offered: the price × the published sessions or
/// participants.
pub const OFFERED: Rule = here("price_gbp × units", &["price_gbp", "units"], |v, _| {
    Some(Val::plain(v[0] * v[1]))
});

/// Whether a purchase was as offered, from the published paid and offered
/// (paid − offered within £1): a per-participant line's offered rests on
/// its participants, which the published edition rounds or withholds, so
/// a status from the exact count would undo that (paid £360 "as offered"
/// at £60 a head is 6 people). Lines not on the menu keep their status.
pub const STATUS: Rule = Rule {
    text: "as offered when |paid_gbp − offered_gbp| ≤ £1, else paid more or paid less",
    from: &[],
    reads: &[],
    f: |_, x| match x.val("offered_gbp") {
        Val::Suppressed => Some(Val::Suppressed),
        offered => {
            let (offered, paid) = (offered.as_f64()?, x.val("paid_gbp").as_f64()?);
            Some(Val::text(
                MenuStatus::of_difference(paid - offered).as_str(),
            ))
        }
    },
};

/// Paid − offered, from the published figures.
pub const DIFFERENCE: Rule = here(
    "paid_gbp − offered_gbp",
    &["paid_gbp", "offered_gbp"],
    |v, _| Some(Val::plain(v[0] - v[1])),
);
