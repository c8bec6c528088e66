//! Value-for-money tables: vfm.csv per project, and the fuller
//! tables/vfm_*.csv with a row for every unit (project, area, activity
//! type, supplier, organisation type and the total).

use super::columns::*;
use crate::aggregate::TOTAL;
use crate::core::Quarter;
use crate::disclose::{Column, Format, Spec, Totals, Val};
use crate::value::{FiscalLine, UncertaintyRow, UnitValue, Valued, VfmRow};

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
/// are not about people; a per-person figure rests on the people it
/// divides by, and social value on the people with a life-satisfaction
/// score (not a column here), so each is withheld with them.
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
        .col(
            Column::stat(
                "cost_per_participant",
                "Cost per participant (£)",
                Format::Money,
                &["participants"],
            ),
            |r| Val::opt_stat(r.cost_per_participant, Some(r.participants as u64)),
        )
        .col(OUTCOMES, |r| Val::count(r.outcomes))
        .col(
            Column::stat(
                "cost_per_outcome",
                "Cost per person improved (£)",
                Format::Money,
                &["outcomes"],
            ),
            |r| Val::opt_stat(r.cost_per_outcome, Some(r.outcomes)),
        )
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
        .col(Column::key("level", "Level"), |r| {
            Val::text(r.of().unit.unit.level.map_or("", |l| l.as_str()))
        })
        .col(Column::key("key", "Unit"), |r| {
            Val::text(&r.of().unit.unit.key)
        })
        .col(Column::key("name", "Name"), |r| {
            Val::text(&r.of().unit.unit.name)
        })
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
        Column::stat(
            "cost_per_attendance_gbp",
            "Cost per attendance (£)",
            Format::Money,
            &["attendances"],
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
        Column::stat(
            "cost_per_recovery_gbp",
            "Cost per person recovered (£)",
            Format::Money,
            &["recoveries"],
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
            |r| Val::stat(r.unit.wellbys_converted, Some(r.unit.unit.n_people_paired)),
        )
        .col(WELLBYS, |r| {
            Val::stat(r.unit.wellbys, Some(r.unit.unit.n_people_paired))
        })
        .col(
            Column::stat(
                "cost_per_wellby_gbp",
                "Cost per WELLBY (£)",
                Format::Money,
                &[],
            ),
            |r| Val::opt_stat(r.unit.cost_per_wellby, Some(r.unit.unit.n_people_paired)),
        )
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

/// The disclosure base of a fiscal value: the smallest non-zero reduction
/// it rests on. With the unit cost published, a value shows its reduction,
/// so it is withheld when any of its reductions would be; None when every
/// reduction is 0, which reveals nothing.
fn fiscal_base<'a>(lines: impl Iterator<Item = &'a FiscalLine>) -> Option<u64> {
    lines
        .map(|f| f.reduction.abs())
        .filter(|r| *r != 0.0)
        .map(|r| r.round() as u64)
        .min()
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
/// value shows the reduction (× the published unit cost), so it is
/// withheld with it; each level's lines of an indicator add up to the
/// total's line of that indicator.
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
        Column::additive("value_gbp", "Fiscal value (£)", &["reduction"]),
        |r| Val::stat(r.line.value_gbp, fiscal_base(std::iter::once(r.line))),
    )
    .totals(Totals::each(&["indicator"], "level", "total"))
}

/// A unit's fiscal value borne by `agency`, withheld with the reductions
/// it rests on.
fn agency_value(r: &UnitOf, agency: crate::config::Agency) -> Val {
    let value = r
        .unit
        .fiscal_by_agency
        .iter()
        .find(|(a, _)| *a == agency)
        .map_or(0.0, |(_, v)| *v);
    let base = fiscal_base(r.unit.fiscal.iter().filter(|f| f.agency == agency));
    Val::stat(value, base)
}

/// Who benefits: fiscal value by the agency that bears each cost. Each
/// agency's value adds up across units, and with one agency withheld the
/// row's total less the others would show it.
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
        Column::additive("fiscal_nhs_gbp", "Fiscal value to the NHS (£)", &[]),
        |r| agency_value(r, Agency::Nhs),
    )
    .col(
        Column::additive(
            "fiscal_local_authority_gbp",
            "Fiscal value to local authorities (£)",
            &[],
        ),
        |r| agency_value(r, Agency::LocalAuthority),
    )
    .col(
        Column::additive(
            "fiscal_other_gbp",
            "Fiscal value to other agencies (£)",
            &[],
        ),
        |r| agency_value(r, Agency::Other),
    )
    .col(
        Column::additive(
            "fiscal_gbp",
            "Fiscal value (£)",
            &[
                "fiscal_nhs_gbp",
                "fiscal_local_authority_gbp",
                "fiscal_other_gbp",
            ],
        ),
        |r| Val::stat(r.unit.fiscal_gbp, fiscal_base(r.unit.fiscal.iter())),
    )
    .totals(EACH_LEVEL)
}

/// Social value: wellbeing, fiscal and proxy value after additionality,
/// and the benefit-cost ratios; each rests on the people with a
/// life-satisfaction score.
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
        Column::stat(
            "wellbeing_value_central_gbp",
            "Wellbeing value, central (£)",
            Format::Money,
            &[],
        ),
        |r| Val::stat(r.unit.wellbeing_central_gbp, r.wellby_base()),
    )
    .col(
        Column::stat("fiscal_gbp", "Fiscal value (£)", Format::Money, &[]),
        |r| Val::stat(r.unit.fiscal_gbp, fiscal_base(r.unit.fiscal.iter())),
    )
    .col(
        Column::plain(
            "proxy_gbp",
            "Value from your own proxies (£)",
            Format::Money,
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
        Val::stat(r.unit.value_low_gbp, r.wellby_base())
    })
    .col(VALUE_CENTRAL_GBP, |r| {
        Val::stat(r.unit.value_central_gbp, r.wellby_base())
    })
    .col(VALUE_HIGH_GBP, |r| {
        Val::stat(r.unit.value_high_gbp, r.wellby_base())
    })
    .col(
        Column::stat("bcr_low", "Benefit-cost ratio (low)", Format::Ratio(2), &[]),
        |r| Val::opt_stat(r.unit.bcr_low, r.wellby_base()),
    )
    .col(BCR_CENTRAL, |r| {
        Val::opt_stat(r.unit.bcr_central, r.wellby_base())
    })
    .col(
        Column::stat(
            "bcr_high",
            "Benefit-cost ratio (high)",
            Format::Ratio(2),
            &[],
        ),
        |r| Val::opt_stat(r.unit.bcr_high, r.wellby_base()),
    )
    .col(
        Column::stat("switching_value", "Switching value", Format::Percent, &[]),
        |r| Val::opt_stat(r.unit.switching_value, r.wellby_base()),
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
            Column::stat(
                "share_participants",
                "Share of participants",
                Format::Percent,
                &["n_participants"],
            ),
            |r| Val::opt_stat(r.share_participants, Some(r.n_recorded)),
        )
        .col(
            Column::count("n_paired_recorded", "People paired with this recorded"),
            |r| Val::count(r.n_paired_recorded),
        )
        .col(
            Column::count("n_paired", "People paired in the group"),
            |r| Val::count(r.n_paired),
        )
        .col(
            Column::stat(
                "share_paired",
                "Share of people paired",
                Format::Percent,
                &["n_paired"],
            ),
            |r| Val::opt_stat(r.share_paired, Some(r.n_paired_recorded)),
        )
        .totals(Totals::sum(&["group"], "project_id", TOTAL))
}

/// Uncertainty: bootstrap intervals for mean change and cost per outcome,
/// each row with the run's confidence level.
pub fn uncertainty<'a>() -> Spec<(&'a UncertaintyRow, f64)> {
    const ESTIMATE: Format = Format::Number(2);
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
            Column::stat("estimate", "Estimate", ESTIMATE, &[]),
            |(r, _)| Val::opt_stat(r.estimate, Some(r.n)),
        )
        .col(
            Column::stat("ci_low", "Interval, low", ESTIMATE, &[]),
            |(r, _)| Val::opt_stat(r.interval.map(|i| i.low), Some(r.n)),
        )
        .col(
            Column::stat("ci_high", "Interval, high", ESTIMATE, &[]),
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
