//! Value-for-money tables: vfm.csv per project, and the fuller
//! tables/vfm_*.csv with a row for every unit (project, area, activity
//! type, supplier, organisation type and the total).

use super::columns::*;
use super::rules;
use crate::aggregate::TOTAL;
use crate::core::Quarter;
use crate::disclose::{Column, Format, Spec, Totals, Val};
use crate::value::{FiscalLine, UncertaintyRow, UnitValue, Valued, VfmRow};

pub const N_PAIRED_GROUP: Column = Column::count("n_paired", "People paired in the group");

pub const BCR_HIGH: Column = Column::derived(
    "bcr_high",
    "Benefit-cost ratio (high)",
    Format::Ratio(2),
    rules::BCR_HIGH,
);

pub const BCR_LOW: Column = Column::derived(
    "bcr_low",
    "Benefit-cost ratio (low)",
    Format::Ratio(2),
    rules::BCR_LOW,
);

pub const COST_PER_WELLBY_GBP: Column = Column::derived(
    "cost_per_wellby_gbp",
    "Cost per WELLBY (£)",
    Format::Money,
    rules::COST_PER_WELLBY,
);

pub const NAME: Column = Column::key("name", "Name");

pub const KEY: Column = Column::key("key", "Unit");

pub const LEVEL: Column = Column::key("level", "Level");

pub const COST_PER_OUTCOME: Column = Column::derived(
    "cost_per_outcome",
    "Cost per person improved (£)",
    Format::Money,
    rules::COST_PER_OUTCOME,
);

pub const COST_PER_PARTICIPANT: Column = Column::derived(
    "cost_per_participant",
    "Cost per participant (£)",
    Format::Money,
    rules::COST_PER_PARTICIPANT,
);

pub const VFM: &str = "vfm";
pub const VFM_ECONOMY: &str = "vfm_economy";
pub const VFM_EFFICIENCY: &str = "vfm_efficiency";
pub const VFM_EFFECTIVENESS: &str = "vfm_effectiveness";
pub const VFM_FISCAL: &str = "vfm_fiscal";
pub const VFM_AGENCY: &str = "vfm_agency";
pub const VFM_SOCIAL: &str = "vfm_social";
pub const VFM_EQUITY: &str = "vfm_equity";
pub const VFM_UNCERTAINTY: &str = "vfm_uncertainty";

/// tables/vfm.csv: one row per project plus the TOTAL row. Money totals
/// are not about people; a per-person figure is worked out from the
/// published count it divides by, WELLBYs rest on the people with a
/// life-satisfaction score (not a column here), and social value is the
/// project's in vfm_social.
pub fn vfm<'a>() -> Spec<&'a VfmRow> {
    fn base(r: &VfmRow) -> Option<u64> {
        (r.wellby_people > 0).then_some(r.wellby_people)
    }
    Spec::<&'a VfmRow>::new(VFM, "Value for money per project")
        .sheet(
            "VfM",
            "What did each project cost, and what did it achieve for the money?",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(PROJECT_ID, |r| Val::text(&r.project_id))
        .col(PROJECT_NAME, |r| Val::text(&r.project_name))
        .col(AREA, |r| Val::text(&r.area))
        .col(COST_GBP, |r| Val::plain(r.cost_gbp))
        .col(IN_KIND_GBP, |r| Val::plain(r.in_kind_gbp))
        .col(PARTICIPANTS, |r| Val::Count(r.participants))
        .col(COST_PER_PARTICIPANT, |r| {
            Val::opt_stat(r.cost_per_participant, Some(r.participants as u64))
        })
        .col(OUTCOMES, |r| Val::count(r.outcomes))
        .col(COST_PER_OUTCOME, |r| {
            Val::opt_stat(r.cost_per_outcome, Some(r.outcomes))
        })
        .col(WELLBYS, |r| Val::stat(r.wellbys, base(r)))
        .col(VALUE_LOW_GBP, |r| Val::stat(r.value_low_gbp, base(r)))
        .col(VALUE_CENTRAL_GBP, |r| {
            Val::stat(r.value_central_gbp, base(r))
        })
        .col(VALUE_HIGH_GBP, |r| Val::stat(r.value_high_gbp, base(r)))
        .col(BCR_CENTRAL, |r| Val::opt_stat(r.bcr_central, base(r)))
        .totals(Totals::sum(&[], "project_id", TOTAL))
}

/// A VfM unit, with what its rows need besides: the report quarter and the
/// run's valuation.
#[derive(Clone, Copy)]
pub struct UnitOf<'a> {
    pub quarter: Quarter,
    pub unit: &'a UnitValue,
    pub valued: &'a Valued,
}

impl<'a> UnitOf<'a> {
    /// Every unit of the run, in the value stage's order.
    pub fn all(quarter: Quarter, valued: &'a Valued) -> impl Iterator<Item = UnitOf<'a>> {
        valued.units.iter().map(move |unit| UnitOf {
            quarter,
            unit,
            valued,
        })
    }

    /// People with a life-satisfaction score, whom wellbeing value rests on.
    fn wellby_base(&self) -> Option<u64> {
        (self.unit.wellby_people > 0).then_some(self.unit.wellby_people)
    }

    /// The people the unit's WELLBYs rest on: those with a
    /// life-satisfaction score, and with converted WELLBYs (an assumption
    /// a user configures) the people with a paired score too.
    pub(super) fn wellbys_base(&self) -> Option<u64> {
        let u = self.unit;
        if u.wellbys_converted == 0.0 {
            return self.wellby_base();
        }
        let paired = u.unit.n_people_paired;
        Some(self.wellby_base().map_or(paired, |w| w.min(paired)))
    }
}

/// A row that belongs to a VfM unit (the unit itself, or one of its
/// fiscal lines).
pub trait OfUnit {
    fn of(&self) -> &UnitOf<'_>;
}

impl OfUnit for UnitOf<'_> {
    fn of(&self) -> &UnitOf<'_> {
        self
    }
}

/// The key columns of every units table: which unit a row is about.
fn unit_keys<R: OfUnit>(
    name: &'static str,
    title: &str,
    (sheet, question): (&'static str, &'static str),
) -> Spec<R> {
    Spec::<R>::new(name, title)
        .sheet(sheet, question)
        .col(QUARTER, |r| Val::text(r.of().quarter))
        .col(LEVEL, |r| {
            Val::text(r.of().unit.unit.level.map_or("", |l| l.as_str()))
        })
        .col(KEY, |r| Val::text(&r.of().unit.unit.key))
        .col(NAME, |r| Val::text(&r.of().unit.unit.name))
        .col(AREA, |r| Val::text(&r.of().unit.unit.area))
}

/// The clinical results of a unit, as NHS Talking Therapies publishes
/// them: people judged on a clinical measure, at caseness at the start,
/// recovered and reliably recovered, reliably improved and deteriorated,
/// each rate beside its numerator and denominator so that it is withheld
/// with them. Shared by the effectiveness, supplier and organisation-type
/// tables (one declaration, three tables).
pub(super) fn clinical_results<R: OfUnit>(spec: Spec<R>) -> Spec<R> {
    let reads: [crate::disclose::Read<R>; 8] = [
        |r| Val::count(r.of().unit.unit.n_clinical),
        |r| Val::count(r.of().unit.unit.n_caseness_baseline),
        |r| {
            let u = r.of().unit;
            Val::opt_stat(u.recovery_rate, Some(u.unit.n_caseness_baseline))
        },
        |r| Val::count(r.of().unit.unit.reliable_recoveries),
        |r| Val::count(r.of().unit.unit.n_reliable_improvement),
        |r| {
            let u = r.of().unit;
            Val::opt_stat(u.reliable_improvement_rate, Some(u.unit.n_clinical))
        },
        |r| Val::count(r.of().unit.unit.n_reliable_deterioration),
        |r| {
            let u = r.of().unit;
            Val::opt_stat(u.reliable_deterioration_rate, Some(u.unit.n_clinical))
        },
    ];
    CLINICAL_RESULTS
        .into_iter()
        .zip(reads)
        .fold(spec, |spec, (column, read)| spec.col(column, read))
}

/// In a units table, the rows of each level (projects, areas, activity
/// types, suppliers, organisation types) add up to the total row.
const EACH_LEVEL: Totals = Totals::each(&[], "level", "total");

/// Economy: what was spent, per session and per delivery hour.
pub fn economy<'a>() -> Spec<UnitOf<'a>> {
    unit_keys::<UnitOf<'a>>(
        VFM_ECONOMY,
        "Economy: spending less",
        (
            "Economy",
            "What was spent, per session and per delivery hour?",
        ),
    )
    .col(COST_GBP, |r| Val::plain(r.unit.unit.cost))
    .col(IN_KIND_GBP, |r| Val::plain(r.unit.unit.in_kind))
    .col(Column::plain("sessions", "Sessions", Format::Count), |r| {
        Val::plain(r.unit.unit.sessions)
    })
    .col(
        Column::plain("hours", "Delivery hours", Format::Number(1)),
        |r| Val::plain(r.unit.unit.hours),
    )
    .col(
        Column::plain(
            "cost_per_session_gbp",
            "Cost per session (£)",
            Format::Money,
        ),
        |r| Val::opt_plain(r.unit.cost_per_session),
    )
    .col(
        Column::plain("cost_per_hour_gbp", "Cost per hour (£)", Format::Money),
        |r| Val::opt_plain(r.unit.cost_per_hour),
    )
}

/// Efficiency: participants and attendances, and their cost.
pub fn efficiency<'a>() -> Spec<UnitOf<'a>> {
    unit_keys::<UnitOf<'a>>(
        VFM_EFFICIENCY,
        "Efficiency: spending well",
        (
            "Efficiency",
            "How many people took part, and at what cost per person and per attendance?",
        ),
    )
    .col(PARTICIPANTS, |r| Val::Count(r.unit.unit.participants))
    .col(Column::count("attendances", "Attendances"), |r| {
        Val::Count(r.unit.unit.attendances)
    })
    .col(COST_PER_PARTICIPANT_GBP, |r| {
        Val::opt_stat(
            r.unit.cost_per_participant,
            Some(r.unit.unit.participants as u64),
        )
    })
    .col(
        Column::derived(
            "cost_per_attendance_gbp",
            "Cost per attendance (£)",
            Format::Money,
            rules::COST_PER_ATTENDANCE,
        ),
        |r| {
            Val::opt_stat(
                r.unit.cost_per_attendance,
                Some(r.unit.unit.attendances as u64),
            )
        },
    )
    .totals(EACH_LEVEL)
}

/// Effectiveness: outcomes, recoveries and WELLBYs, and their cost.
pub fn effectiveness<'a>() -> Spec<UnitOf<'a>> {
    let spec = unit_keys::<UnitOf<'a>>(
        VFM_EFFECTIVENESS,
        "Effectiveness: spending wisely",
        (
            "Effectiveness",
            "How many people improved or recovered, and at what cost per outcome and per WELLBY?",
        ),
    )
    .col(N_PEOPLE_PAIRED, |r| Val::count(r.unit.unit.n_people_paired))
    .col(OUTCOMES, |r| Val::count(r.unit.unit.outcomes))
    .col(RECOVERIES, |r| Val::count(r.unit.unit.recoveries))
    .col(COST_PER_OUTCOME_GBP, |r| {
        Val::opt_stat(r.unit.cost_per_outcome, Some(r.unit.unit.outcomes))
    })
    .col(
        Column::derived(
            "cost_per_recovery_gbp",
            "Cost per person recovered (£)",
            Format::Money,
            rules::COST_PER_RECOVERY,
        ),
        |r| Val::opt_stat(r.unit.cost_per_recovery, Some(r.unit.unit.recoveries)),
    );
    clinical_results(spec)
        .col(
            Column::count("wellby_people", "People with a life-satisfaction score"),
            |r| Val::count(r.unit.wellby_people),
        )
        .col(
            Column::stat(
                "wellbys_life_satisfaction",
                "WELLBYs from life satisfaction",
                Format::Number(2),
                &[],
            ),
            |r| Val::stat(r.unit.wellbys_life_satisfaction, r.wellby_base()),
        )
        .col(
            Column::stat(
                "wellbys_converted_assumption",
                "WELLBYs converted from other measures (assumption)",
                Format::Number(2),
                &[],
            ),
            // None configured (needle ships none): 0, which tells nothing.
            |r| {
                let base = (r.unit.wellbys_converted != 0.0).then_some(r.unit.unit.n_people_paired);
                Val::stat(r.unit.wellbys_converted, base)
            },
        )
        .col(WELLBYS, |r| Val::stat(r.unit.wellbys, r.wellbys_base()))
        .col(COST_PER_WELLBY_GBP, |r| {
            Val::opt_stat(r.unit.cost_per_wellby, r.wellbys_base())
        })
        .col(
            Column::plain(
                "wellby_value_central_gbp",
                "Value of a WELLBY, central (£)",
                Format::Money,
            ),
            |r| Val::plain(r.valued.wellby_values.1),
        )
        .totals(EACH_LEVEL)
}

/// One fiscal line of a unit.
pub struct FiscalOf<'a> {
    pub unit: UnitOf<'a>,
    pub line: &'a FiscalLine,
}

impl<'a> FiscalOf<'a> {
    /// Every unit's fiscal lines, unit by unit.
    pub fn all(quarter: Quarter, valued: &'a Valued) -> impl Iterator<Item = FiscalOf<'a>> {
        UnitOf::all(quarter, valued).flat_map(|unit| {
            unit.unit
                .fiscal
                .iter()
                .map(move |line| FiscalOf { unit, line })
        })
    }
}

impl OfUnit for FiscalOf<'_> {
    fn of(&self) -> &UnitOf<'_> {
        &self.unit
    }
}

/// Fiscal: reductions in service use valued at uprated unit costs. The
/// value is worked out from the published reduction × the published unit
/// cost; each level's lines of an indicator add up to the total's line of
/// that indicator.
pub fn fiscal<'a>() -> Spec<FiscalOf<'a>> {
    unit_keys::<FiscalOf<'a>>(
        VFM_FISCAL,
        "Fiscal: reduced use of statutory services",
        (
            "Fiscal",
            "Which public services were used less, and what is that worth?",
        ),
    )
    .col(INDICATOR, |r| Val::text(&r.line.indicator))
    .col(Column::key("unit_cost_label", "Service"), |r| {
        Val::text(&r.line.unit_cost_label)
    })
    .col(Column::key("agency", "Who bears the cost"), |r| {
        Val::text(r.line.agency.as_str())
    })
    .col(Column::count("reduction", "Reduction in use"), |r| {
        Val::Count(r.line.reduction)
    })
    .col(
        Column::plain("unit_cost_gbp", "Unit cost (£)", Format::Money),
        |r| Val::plain(r.line.unit_cost_gbp),
    )
    .col(
        Column::derived(
            "value_gbp",
            "Fiscal value (£)",
            Format::Money,
            rules::FISCAL_VALUE,
        ),
        |r| Val::plain(r.line.value_gbp),
    )
    .totals(Totals::each(&["indicator"], "level", "total"))
}

/// A unit's fiscal value borne by `agency`.
fn agency_value(r: &UnitOf, agency: crate::config::Agency) -> Val {
    let value = r
        .unit
        .fiscal_by_agency
        .iter()
        .find(|(a, _)| *a == agency)
        .map_or(0.0, |(_, v)| *v);
    Val::plain(value)
}

/// Who benefits: fiscal value by the agency that bears each cost, each
/// the sum of the unit's published lines in vfm_fiscal.
pub fn agency<'a>() -> Spec<UnitOf<'a>> {
    use crate::config::Agency;
    unit_keys::<UnitOf<'a>>(
        VFM_AGENCY,
        "Who benefits: fiscal value by the agency that bears the cost",
        (
            "Fiscal by agency",
            "Whose budget (NHS, local authority, other) the fiscal value falls to",
        ),
    )
    .col(
        Column::derived(
            "fiscal_nhs_gbp",
            "Fiscal value to the NHS (£)",
            Format::Money,
            rules::FISCAL_NHS,
        ),
        |r| agency_value(r, Agency::Nhs),
    )
    .col(
        Column::derived(
            "fiscal_local_authority_gbp",
            "Fiscal value to local authorities (£)",
            Format::Money,
            rules::FISCAL_LOCAL_AUTHORITY,
        ),
        |r| agency_value(r, Agency::LocalAuthority),
    )
    .col(
        Column::derived(
            "fiscal_other_gbp",
            "Fiscal value to other agencies (£)",
            Format::Money,
            rules::FISCAL_OTHER,
        ),
        |r| agency_value(r, Agency::Other),
    )
    .col(
        Column::derived(
            "fiscal_gbp",
            "Fiscal value (£)",
            Format::Money,
            rules::FISCAL_ALL,
        ),
        |r| Val::plain(r.unit.fiscal_gbp),
    )
    .totals(EACH_LEVEL)
}

/// Social value: wellbeing, fiscal and proxy value after additionality,
/// and the benefit-cost ratios, each worked out from the published
/// WELLBYs (vfm_effectiveness), fiscal values (vfm_agency) and costs
/// (vfm_economy).
pub fn social<'a>() -> Spec<UnitOf<'a>> {
    unit_keys::<UnitOf<'a>>(
        VFM_SOCIAL,
        "Social value and benefit-cost ratios",
        (
            "Social value",
            "What is the social value, and the benefit-cost ratio at low, central and high values?",
        ),
    )
    .col(
        Column::derived(
            "wellbeing_value_central_gbp",
            "Wellbeing value, central (£)",
            Format::Money,
            rules::WELLBEING_CENTRAL,
        ),
        |r| Val::stat(r.unit.wellbeing_central_gbp, r.wellbys_base()),
    )
    .col(
        Column::derived(
            "fiscal_gbp",
            "Fiscal value (£)",
            Format::Money,
            rules::FISCAL_OF_UNIT,
        ),
        |r| Val::plain(r.unit.fiscal_gbp),
    )
    .col(
        Column::derived(
            "proxy_gbp",
            "Value from your own proxies (£)",
            Format::Money,
            rules::PROXY,
        ),
        |r| Val::plain(r.unit.proxy_gbp),
    )
    .col(
        Column::plain(
            "additionality_factor",
            "Additionality factor",
            Format::Number(4),
        ),
        |r| Val::plain(r.valued.additionality),
    )
    .col(VALUE_LOW_GBP, |r| {
        Val::stat(r.unit.value_low_gbp, r.wellbys_base())
    })
    .col(VALUE_CENTRAL_GBP, |r| {
        Val::stat(r.unit.value_central_gbp, r.wellbys_base())
    })
    .col(VALUE_HIGH_GBP, |r| {
        Val::stat(r.unit.value_high_gbp, r.wellbys_base())
    })
    .col(BCR_LOW, |r| Val::opt_stat(r.unit.bcr_low, r.wellbys_base()))
    .col(BCR_CENTRAL, |r| {
        Val::opt_stat(r.unit.bcr_central, r.wellbys_base())
    })
    .col(BCR_HIGH, |r| {
        Val::opt_stat(r.unit.bcr_high, r.wellbys_base())
    })
    .col(
        Column::derived(
            "switching_value",
            "Switching value",
            Format::Percent,
            rules::SWITCHING_VALUE,
        ),
        |r| Val::opt_stat(r.unit.switching_value, r.wellbys_base()),
    )
}

/// Equity: reach into the most deprived areas and by ethnicity group. The
/// projects add up to TOTAL in each group; a share shows its count.
pub fn equity<'a>() -> Spec<&'a crate::value::EquityRow> {
    Spec::<&'a crate::value::EquityRow>::new(VFM_EQUITY, "Equity: spending fairly")
        .sheet(
            "Equity",
            "Who is reached and who improves, by age, sex, ethnicity and deprivation",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(PROJECT_ID, |r| Val::text(&r.project_id))
        .col(AREA, |r| Val::text(&r.area))
        .col(Column::key("group", "Group"), |r| Val::text(&r.group))
        .col(
            Column::count("n_recorded", "People with this recorded"),
            |r| Val::count(r.n_recorded),
        )
        .col(
            Column::count("n_participants", "Participants in the group"),
            |r| Val::count(r.n_participants),
        )
        .col(
            Column::derived(
                "share_participants",
                "Share of participants",
                Format::Percent,
                rules::SHARE_PARTICIPANTS,
            ),
            |r| Val::opt_stat(r.share_participants, Some(r.n_recorded)),
        )
        .col(
            Column::count("n_paired_recorded", "People paired with this recorded"),
            |r| Val::count(r.n_paired_recorded),
        )
        .col(N_PAIRED_GROUP, |r| Val::count(r.n_paired))
        .col(
            Column::derived(
                "share_paired",
                "Share of people paired",
                Format::Percent,
                rules::SHARE_PAIRED,
            ),
            |r| Val::opt_stat(r.share_paired, Some(r.n_paired_recorded)),
        )
        .totals(Totals::sum(&["group"], "project_id", TOTAL))
}

/// A figure of a vfm_uncertainty row. A mean change and its interval rest
/// on the people paired (the stage's values, a statistic: withheld with
/// `n`); cost per outcome rests on the people with an outcome, so it is
/// worked out from vfm.csv's published cost and outcomes, and its
/// interval by the same seeded bootstrap from the published outcomes and
/// people (docs/methods.md).
fn uncertain(x: &crate::disclose::Inputs, which: Which) -> Option<Val> {
    if x.val("n") == Val::Suppressed {
        return Some(Val::Suppressed);
    }
    if x.text("statistic") != COST_PER_OUTCOME_STATISTIC {
        return None;
    }
    let project = x.text("project_id");
    let keys = [("project_id", project)];
    let (cost, k) = (
        x.lookup(VFM, &keys, "cost_gbp")?,
        x.lookup(VFM, &keys, "outcomes")?,
    );
    if k == Val::Suppressed {
        return Some(Val::Suppressed);
    }
    let (Some(cost), Some(k), Some(n)) = (cost.as_f64(), k.as_f64(), x.val("n").as_f64()) else {
        return Some(Val::Empty);
    };
    let estimate = (k > 0.0).then(|| cost / k);
    let (k, n) = (k.max(0.0) as u64, n.max(0.0) as u64);
    // Published counts that are equal (everyone with an outcome, as
    // rounded) would give an interval of no width, a certainty the exact
    // counts need not have: withheld.
    if x.published() && k >= n && which != Which::Estimate {
        return Some(Val::Suppressed);
    }
    let interval = crate::value::bootstrap_cost_per_outcome(
        cost,
        k.min(n),
        n,
        &x.consts().bootstrap,
        &format!("{COST_PER_OUTCOME_STATISTIC}|{project}"),
    );
    let v = match which {
        Which::Estimate => estimate,
        Which::Low => interval.map(|i| i.low),
        Which::High => interval.and_then(|i| i.high),
    };
    Some(v.map_or(Val::Empty, |v| Val::stat(v, Some(k))))
}

/// Which figure of a vfm_uncertainty row.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Estimate,
    Low,
    High,
}

/// The statistic of a vfm_uncertainty row that is cost per outcome.
const COST_PER_OUTCOME_STATISTIC: &str = "cost_per_outcome";

/// A column of vfm_uncertainty, worked out by [`uncertain`].
const fn uncertain_column(
    name: &'static str,
    label: &'static str,
    text: &'static str,
    f: fn(&[f64], &crate::disclose::Inputs) -> Option<Val>,
) -> Column {
    Column::derived(
        name,
        label,
        Format::Number(2),
        crate::disclose::Rule {
            text,
            from: &[],
            reads: &[VFM],
            f,
        },
    )
}

/// Uncertainty: bootstrap intervals for mean change and cost per outcome,
/// each row with the run's confidence level.
pub fn uncertainty<'a>() -> Spec<(&'a UncertaintyRow, f64)> {
    Spec::<(&'a UncertaintyRow, f64)>::new(VFM_UNCERTAINTY, "Bootstrap intervals")
        .sheet(
            "Uncertainty",
            "How sure are the key figures? Bootstrap intervals",
        )
        .col(QUARTER, |(r, _)| Val::text(r.quarter))
        .col(PROJECT_ID, |(r, _)| Val::text(&r.project_id))
        .col(Column::key("statistic", "Statistic"), |(r, _)| {
            Val::text(&r.statistic)
        })
        .col(MEASURE, |(r, _)| Val::text(&r.measure))
        .col(Column::count("n", "People"), |(r, _)| Val::count(r.n))
        .col(
            uncertain_column(
                "estimate",
                "Estimate",
                "mean change: the stage's; cost per outcome: vfm.csv's cost ÷ outcomes",
                |_, x| uncertain(x, Which::Estimate),
            ),
            |(r, _)| Val::opt_stat(r.estimate, Some(r.n)),
        )
        .col(
            uncertain_column(
                "ci_low",
                "Interval, low",
                "cost per outcome: the seeded bootstrap of vfm.csv's cost, outcomes and n",
                |_, x| uncertain(x, Which::Low),
            ),
            |(r, _)| Val::opt_stat(r.interval.map(|i| i.low), Some(r.n)),
        )
        .col(
            uncertain_column(
                "ci_high",
                "Interval, high",
                "cost per outcome: the seeded bootstrap of vfm.csv's cost, outcomes and n",
                |_, x| uncertain(x, Which::High),
            ),
            |(r, _)| Val::opt_stat(r.interval.and_then(|i| i.high), Some(r.n)),
        )
        .col(
            Column::plain("resamples", "Resamples", Format::Text),
            |(r, _)| Val::text(r.resamples),
        )
        .col(
            Column::plain("confidence", "Confidence level", Format::Number(2)),
            |(_, c)| Val::plain(*c),
        )
}
