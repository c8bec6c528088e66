//! The published tables, built from the aggregate and value stages' rows.
//! Column names and order are the contract of SUBMISSION.md.

use super::table::{PubTable, Val};
use crate::aggregate::{ALL_AREAS, ALL_TYPES, Tables};
use crate::config::IndicatorKind;
use crate::value::Valued;

/// Money, means: 2 decimals. Rates: 4 decimals (fractions 0–1).
const MONEY: usize = 2;
const MEAN: usize = 2;
const RATE: usize = 4;

pub const MEASURES_COLUMNS: &[&str] = &[
    "quarter",
    "project_id",
    "measure",
    "n_paired",
    "mean_baseline",
    "mean_followup",
    "mean_change",
    "n_improved",
    "n_meaningful_improvement",
    "n_reliable_improvement",
    "n_reliable_deterioration",
    "n_caseness_baseline",
    "n_recovered",
    "n_reliable_recovery",
];

pub const OBJECTIVES_COLUMNS: &[&str] = &[
    "quarter",
    "area",
    "objective",
    "objective_name",
    "n_people",
    "n_improved",
    "rate_improved",
    "count_outcomes",
];

pub const VFM_COLUMNS: &[&str] = &[
    "quarter",
    "project_id",
    "project_name",
    "area",
    "cost_gbp",
    "in_kind_gbp",
    "participants",
    "cost_per_participant",
    "outcomes",
    "cost_per_outcome",
    "wellbys",
    "value_low_gbp",
    "value_central_gbp",
    "value_high_gbp",
    "bcr_central",
];

fn text(s: impl ToString) -> Val {
    Val::Text(s.to_string())
}

/// tables/measures.csv: one row per project × measure.
pub fn measures(t: &Tables) -> PubTable {
    measure_rows(&t.measures, "Measures: paired scores per project")
}

/// A measures table (measures.csv's columns) from any measure rows, e.g.
/// the all-projects rows of an evidence pack (project_id `ALL`).
pub fn measure_rows(rows: &[crate::aggregate::MeasureRow], title: &str) -> PubTable {
    let mut out = PubTable::new("measures", title, MEASURES_COLUMNS);
    for r in rows {
        let base = Some(r.n_paired);
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.measure),
            Val::count(r.n_paired),
            Val::opt(r.mean_baseline, MEAN, base),
            Val::opt(r.mean_followup, MEAN, base),
            Val::opt(r.mean_change, MEAN, base),
            Val::count(r.n_improved),
            Val::count(r.n_meaningful_improvement),
            Val::opt_count(r.n_reliable_improvement),
            Val::opt_count(r.n_reliable_deterioration),
            Val::opt_count(r.n_caseness_baseline),
            Val::opt_count(r.n_recovered),
            Val::opt_count(r.n_reliable_recovery),
        ]);
    }
    out
}

/// The figures of an objective row, in the column order every objectives
/// table shares; the rate rests on the people counted. `n_deteriorated` is
/// left out of objectives.csv, whose columns are fixed by the contract.
fn objective_figures(
    n_people: u64,
    n_improved: u64,
    rate: Option<f64>,
    n_deteriorated: Option<u64>,
    count_outcomes: f64,
) -> Vec<Val> {
    let mut v = vec![
        Val::count(n_people),
        Val::count(n_improved),
        Val::opt(rate, RATE, Some(n_people)),
    ];
    v.extend(n_deteriorated.map(Val::count));
    v.push(Val::Count(count_outcomes));
    v
}

/// Areas add up to All areas, and the rate would reveal its counts.
fn objective_disclosure(out: &mut PubTable) {
    out.total_by(&["quarter", "objective"], "area", ALL_AREAS);
    out.derive("rate_improved", "n_people");
    out.derive("rate_improved", "n_improved");
}

/// tables/objectives.csv: one row per area × objective, plus All areas.
pub fn objectives(t: &Tables) -> PubTable {
    let mut out = PubTable::new(
        "objectives",
        "The six objectives: people improved",
        OBJECTIVES_COLUMNS,
    );
    for r in &t.objectives {
        let mut row = vec![
            text(r.quarter),
            text(&r.area),
            text(r.objective),
            text(&r.objective_name),
        ];
        row.extend(objective_figures(
            r.n_people,
            r.n_improved,
            r.rate_improved,
            None,
            r.count_outcomes,
        ));
        out.push(row);
    }
    objective_disclosure(&mut out);
    out
}

/// tables/vfm.csv: one row per project plus the TOTAL row.
pub fn vfm(v: &Valued) -> PubTable {
    let mut out = PubTable::new("vfm", "Value for money per project", VFM_COLUMNS);
    for r in &v.vfm {
        // Money totals are not about people; a per-person figure rests on
        // the people it divides by, so it is withheld with them.
        let value_base = (r.wellby_people > 0).then_some(r.wellby_people);
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.project_name),
            text(&r.area),
            Val::num(r.cost_gbp, MONEY, None),
            Val::num(r.in_kind_gbp, MONEY, None),
            Val::Count(r.participants),
            Val::opt(r.cost_per_participant, MONEY, Some(r.participants as u64)),
            Val::count(r.outcomes),
            Val::opt(r.cost_per_outcome, MONEY, Some(r.outcomes)),
            Val::num(r.wellbys, MEAN, value_base),
            Val::num(r.value_low_gbp, MONEY, value_base),
            Val::num(r.value_central_gbp, MONEY, value_base),
            Val::num(r.value_high_gbp, MONEY, value_base),
            Val::opt(r.bcr_central, MEAN, value_base),
        ]);
    }
    out.total_by(&[], "project_id", crate::aggregate::TOTAL);
    out.derive("cost_per_participant", "participants");
    out.derive("cost_per_outcome", "outcomes");
    out
}

pub const TRENDS_COLUMNS: &[&str] = &[
    "quarter",
    "area",
    "objective",
    "objective_name",
    "n_people",
    "n_improved",
    "rate_improved",
    "n_deteriorated",
    "count_outcomes",
];

/// tables/trends.csv: every quarter up to the report's × area × objective.
pub fn trends(t: &Tables) -> PubTable {
    let mut out = PubTable::new("trends", "Objectives by quarter", TRENDS_COLUMNS);
    for r in &t.trends {
        let mut row = vec![
            text(r.quarter),
            text(&r.area),
            text(r.objective),
            text(&r.objective_name),
        ];
        row.extend(objective_figures(
            r.n_people,
            r.n_improved,
            r.rate_improved,
            Some(r.n_deteriorated),
            r.count_outcomes,
        ));
        out.push(row);
    }
    objective_disclosure(&mut out);
    out
}

pub const ACTIVITY_TYPES_COLUMNS: &[&str] = &[
    "quarter",
    "activity_type",
    "objective",
    "objective_name",
    "n_people",
    "n_improved",
    "rate_improved",
    "n_deteriorated",
    "count_outcomes",
];

/// Groups × objectives (activity types, organisation types), with the
/// group in column `key`.
fn group_objectives(
    rows: &[crate::aggregate::GroupObjectiveRow],
    (name, title, key): (&str, &str, &str),
) -> PubTable {
    let mut cols = ACTIVITY_TYPES_COLUMNS.to_vec();
    cols[1] = key;
    let mut out = PubTable::new(name, title, &cols);
    for r in rows {
        let mut row = vec![
            text(r.quarter),
            text(&r.group),
            text(r.objective),
            text(&r.objective_name),
        ];
        row.extend(objective_figures(
            r.n_people,
            r.n_improved,
            r.rate_improved,
            Some(r.n_deteriorated),
            r.count_outcomes,
        ));
        out.push(row);
    }
    out.derive("rate_improved", "n_people");
    out.derive("rate_improved", "n_improved");
    out
}

/// tables/activity_types.csv: which kinds of activity shift which objectives.
pub fn activity_types(t: &Tables) -> PubTable {
    group_objectives(
        &t.activity_types,
        (
            "activity_types",
            "Objectives by activity type",
            "activity_type",
        ),
    )
}

/// tables/org_type_objectives.csv: the objectives by type of organisation.
/// Each project has one type, so the types add up to "All organisation
/// types" (secondary suppression).
pub fn org_type_objectives(t: &Tables) -> PubTable {
    let mut out = group_objectives(
        &t.org_type_objectives,
        (
            "org_type_objectives",
            "Objectives by type of organisation",
            "organisation_type",
        ),
    );
    out.total_by(&["quarter", "objective"], "organisation_type", ALL_TYPES);
    out
}

pub const INDICATORS_COLUMNS: &[&str] = &[
    "quarter",
    "area",
    "project_id",
    "indicator",
    "indicator_name",
    "kind",
    "objective",
    "numerator",
    "denominator",
    "baseline",
    "proportion",
    "ci_low",
    "ci_high",
    "reduction",
];

/// tables/indicators.csv: Counts indicators per project, area and overall.
pub fn indicators(t: &Tables) -> PubTable {
    let mut out = PubTable::new("indicators", "Counts indicators", INDICATORS_COLUMNS);
    for r in &t.indicators {
        let base = r.denominator.map(|d| d as u64);
        out.push(vec![
            text(r.quarter),
            text(&r.area),
            text(&r.project_id),
            text(&r.indicator),
            text(&r.indicator_name),
            text(match r.kind {
                IndicatorKind::Proportion => "proportion",
                IndicatorKind::Count => "count",
                IndicatorKind::BeforeAfter => "before_after",
            }),
            Val::Text(r.objective.to_string()),
            Val::Count(r.numerator),
            r.denominator.map_or(Val::Empty, Val::Count),
            r.baseline.map_or(Val::Empty, Val::Count),
            Val::opt(r.proportion, RATE, base),
            Val::opt(r.ci_low, RATE, base),
            Val::opt(r.ci_high, RATE, base),
            r.reduction.map_or(Val::Empty, Val::Count),
        ]);
    }
    out.total_by(
        &["indicator", "area"],
        "project_id",
        crate::aggregate::ALL_PROJECTS,
    );
    out.total_by(&["indicator", "project_id"], "area", ALL_AREAS);
    for stat in ["proportion", "ci_low", "ci_high"] {
        out.derive(stat, "numerator");
        out.derive(stat, "denominator");
    }
    out
}

pub const SUPPLIERS_COLUMNS: &[&str] = &[
    "quarter",
    "supplier",
    "activities",
    "organisations",
    "spend_gbp",
    "share_of_spend",
];

/// tables/suppliers.csv: spend with each supplier. Money and organisations,
/// not people: disclosure control does not apply.
pub fn suppliers(t: &Tables) -> PubTable {
    let mut out = PubTable::new(
        "suppliers",
        "Spend with suppliers of activities",
        SUPPLIERS_COLUMNS,
    );
    for r in &t.suppliers {
        out.push(vec![
            text(r.quarter),
            text(&r.supplier),
            Val::count(r.activities),
            Val::count(r.organisations),
            Val::num(r.spend, MONEY, None),
            Val::opt(r.share, RATE, None),
        ]);
    }
    out
}

/// The columns after the key of tables/vfm_suppliers.csv and
/// tables/org_types.csv.
const DELIVERY_COLUMNS: &[&str] = &[
    "projects",
    "cost_gbp",
    "participants",
    "cost_per_participant_gbp",
    "n_people_paired",
    "outcomes",
    "rate_outcome",
    "cost_per_outcome_gbp",
    "recoveries",
    "wellbys",
    "bcr_central",
];

/// Results and value for money of the units of one level (suppliers or
/// organisation types), one row each, then the programme total under
/// `total_label`. People are rounded and suppressed as everywhere; a
/// statistic is withheld with the count it would reveal, and the rows add
/// up to the total (secondary suppression).
fn delivery(
    v: &Valued,
    q: crate::core::Quarter,
    level: crate::aggregate::Level,
    (name, title, key): (&str, &str, &'static str),
    total_label: &str,
) -> PubTable {
    use crate::aggregate::Level;
    let cols: Vec<&str> = ["quarter", key]
        .into_iter()
        .chain(DELIVERY_COLUMNS.iter().copied())
        .collect();
    let mut out = PubTable::new(name, title, &cols);
    let rows = v
        .units
        .iter()
        .filter(|u| u.unit.level == Some(level))
        // A unit with no activity and no people (Counts rows that name no
        // activity) would be a row of zeros; its fiscal value is in
        // vfm_fiscal.csv and vfm_social.csv.
        .filter(|u| u.unit.projects > 0 || u.unit.n_people_paired > 0)
        .map(|u| (u, u.unit.key.as_str()))
        .chain(
            v.units
                .iter()
                .filter(|u| u.unit.level == Some(Level::Total))
                .map(|u| (u, total_label)),
        );
    for (u, label) in rows {
        let paired = u.unit.n_people_paired;
        let wb = (u.wellby_people > 0).then_some(u.wellby_people);
        out.push(vec![
            text(q),
            text(label),
            Val::num(u.unit.projects as f64, 0, None),
            Val::num(u.unit.cost, MONEY, None),
            Val::Count(u.unit.participants),
            Val::opt(
                u.cost_per_participant,
                MONEY,
                Some(u.unit.participants as u64),
            ),
            Val::count(paired),
            Val::count(u.unit.outcomes),
            Val::opt(u.rate_outcome, RATE, Some(paired)),
            Val::opt(u.cost_per_outcome, MONEY, Some(u.unit.outcomes)),
            Val::count(u.unit.recoveries),
            Val::num(u.wellbys, MEAN, Some(paired)),
            Val::opt(u.bcr_central, MEAN, wb),
        ]);
    }
    out.total_by(&["quarter"], key, total_label);
    out.derive("cost_per_participant_gbp", "participants");
    out.derive("rate_outcome", "outcomes");
    out.derive("rate_outcome", "n_people_paired");
    out.derive("cost_per_outcome_gbp", "outcomes");
    out
}

/// tables/vfm_suppliers.csv: value for money by supplier of activities.
pub fn vfm_suppliers(v: &Valued, q: crate::core::Quarter) -> PubTable {
    delivery(
        v,
        q,
        crate::aggregate::Level::Supplier,
        ("vfm_suppliers", "Value for money by supplier", "supplier"),
        crate::aggregate::ALL_ACTIVITIES,
    )
}

pub const PBR_COLUMNS: &[&str] = &[
    "quarter",
    "project_id",
    "project_name",
    "outcome",
    "tariff_gbp",
    "cap_people",
    "people",
    "people_paid",
    "cap_gbp",
    "payment_gbp",
    "cost_gbp",
    "payment_to_cost",
    "n_baseline",
    "followup_rate",
];

/// `outcome` of a project's all-outcomes row in tables/pbr.csv.
pub const ALL_OUTCOMES: &str = "all outcomes";

/// tables/pbr.csv: what each project would have been paid under the
/// `--tariff`, per outcome type and in all, against its cost. The payment
/// shows the number paid (× the published price), so it is withheld with
/// it; a project's outcome rows add up to its all-outcomes row and the
/// projects to TOTAL, for secondary suppression.
pub fn pbr(v: &Valued, q: crate::core::Quarter) -> PubTable {
    let mut out = PubTable::new(
        "pbr",
        "Payment by results: what the tariff would have paid",
        PBR_COLUMNS,
    );
    let mut lines = Vec::new();
    let mut groups = Vec::new();
    for (i, r) in v.pbr.iter().enumerate() {
        out.push(vec![
            text(q),
            text(&r.project_id),
            text(&r.project_name),
            text(r.outcome.map_or(ALL_OUTCOMES, |o| o.as_str())),
            Val::opt(r.tariff_gbp, MONEY, None),
            r.cap_people.map_or(Val::Empty, text),
            Val::opt_count(r.people),
            Val::opt_count(r.people_paid),
            Val::opt(r.cap_gbp, MONEY, None),
            Val::num(r.payment_gbp, MONEY, r.base),
            Val::num(r.cost_gbp, MONEY, None),
            Val::opt(r.payment_to_cost, RATE, r.base),
            Val::opt_count(r.n_baseline),
            Val::opt(r.followup_rate, RATE, r.n_baseline),
        ]);
        // Each project's outcome rows come just before its all-outcomes row.
        if r.outcome.is_none() {
            groups.push((i, std::mem::take(&mut lines)));
        } else {
            lines.push(i);
        }
    }
    for (total, parts) in groups {
        out.total_of(total, parts);
    }
    out.total_by(&["outcome"], "project_id", crate::aggregate::TOTAL);
    out.additive("payment_gbp");
    out.derive("payment_gbp", "people_paid");
    out.derive("payment_to_cost", "payment_gbp");
    out.derive("followup_rate", "n_baseline");
    out
}

pub const MENU_PRICES_COLUMNS: &[&str] = &[
    "quarter",
    "project_id",
    "activity_id",
    "activity",
    "supplier",
    "menu_activity",
    "unit",
    "price_gbp",
    "units",
    "offered_gbp",
    "paid_gbp",
    "difference_gbp",
    "status",
];

/// tables/menu_prices.csv: each activity bought from a named supplier,
/// what the menu offered it for and what was paid. Participants are people:
/// rounded and withheld like every count, with the offered cost and the
/// difference that would show them; sessions are not.
pub fn menu_prices(v: &Valued) -> PubTable {
    use crate::config::MenuUnit;
    let mut out = PubTable::new(
        "menu_prices",
        "Prices paid against the suppliers' menu",
        MENU_PRICES_COLUMNS,
    );
    for r in &v.menu {
        let per_person = r
            .item
            .as_ref()
            .is_some_and(|i| i.unit == MenuUnit::Participant);
        let base = per_person.then(|| r.units.unwrap_or(0.0).round() as u64);
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.activity_id),
            text(&r.activity),
            text(&r.supplier),
            r.item.as_ref().map_or(Val::Empty, |i| text(&i.activity)),
            r.item
                .as_ref()
                .map_or(Val::Empty, |i| text(i.unit.as_str())),
            Val::opt(r.item.as_ref().map(|i| i.price), MONEY, None),
            match (r.units, per_person) {
                (Some(n), true) => Val::Count(n),
                (Some(n), false) => Val::num(n, 0, None),
                (None, _) => Val::Empty,
            },
            Val::opt(r.offered_gbp, MONEY, base),
            Val::num(r.paid_gbp, MONEY, None),
            Val::opt(r.difference_gbp, MONEY, base),
            text(r.status.as_str()),
        ]);
    }
    out.derive("offered_gbp", "units");
    out.derive("difference_gbp", "units");
    out
}

/// tables/org_types.csv: results and value for money by the type of
/// organisation running the projects.
pub fn org_types(v: &Valued, q: crate::core::Quarter) -> PubTable {
    delivery(
        v,
        q,
        crate::aggregate::Level::OrganisationType,
        (
            "org_types",
            "Results by type of organisation",
            "organisation_type",
        ),
        ALL_TYPES,
    )
}

pub const FOLLOWUP_COLUMNS: &[&str] = &[
    "quarter",
    "project_id",
    "area",
    "n_baseline",
    "n_followup",
    "rate_followup",
];

/// tables/followup.csv: follow-up completion (attrition) per project.
pub fn followup(t: &Tables) -> PubTable {
    let mut out = PubTable::new("followup", "Follow-up completion", FOLLOWUP_COLUMNS);
    for r in &t.followup {
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.area),
            Val::count(r.n_baseline),
            Val::count(r.n_followup),
            Val::opt(r.rate, RATE, Some(r.n_baseline)),
        ]);
    }
    out.total_by(&[], "project_id", crate::aggregate::TOTAL);
    out.derive("rate_followup", "n_baseline");
    out.derive("rate_followup", "n_followup");
    out
}

pub const EXPECTED_RETURNS_COLUMNS: &[&str] = &[
    "quarter",
    "project_id",
    "project_name",
    "area",
    "expected",
    "status",
    "submitted",
    "due",
    "days_late",
];

/// tables/expected_returns.csv: every expected project's return for the
/// quarter (on time, late, undated, rejected or missing), then returns from
/// projects not on the expected list.
pub fn expected_returns(dq: &crate::aggregate::DataQuality) -> PubTable {
    let mut out = PubTable::new(
        "expected_returns",
        "Returns expected and received",
        EXPECTED_RETURNS_COLUMNS,
    );
    for r in &dq.receipts {
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.project_name),
            text(&r.area),
            text(if r.expected { "yes" } else { "no" }),
            text(r.receipt.label()),
            r.submitted
                .map_or(Val::Empty, |d| text(d.format("%Y-%m-%d"))),
            text(r.due.format("%Y-%m-%d")),
            r.days_late
                .map_or(Val::Empty, |d| Val::num(d as f64, 0, None)),
        ]);
    }
    out
}

/// The files read, for the report's data-quality section (the same facts
/// as validation.json, which has every issue).
pub fn returns_read(dq: &crate::aggregate::DataQuality) -> PubTable {
    let mut out = PubTable::new(
        "returns_read",
        "Returns read",
        &[
            "File",
            "Project",
            "Quarter",
            "Status",
            "Rows read",
            "Accepted",
            "Refused",
            "Errors",
            "Warnings",
        ],
    );
    let n = |v: u64| Val::num(v as f64, 0, None);
    for r in &dq.returns_read {
        out.push(vec![
            text(&r.file),
            text(r.project_id.as_deref().unwrap_or("")),
            text(r.quarter.map(|q| q.to_string()).unwrap_or_default()),
            text(r.status.label()),
            n(r.read),
            n(r.accepted),
            n(r.refused),
            n(r.errors),
            n(r.warnings),
        ]);
    }
    out
}

/// tables/issues_by_code.csv: issues found in the returns read, by code.
pub fn issues_by_code(dq: &crate::aggregate::DataQuality) -> PubTable {
    let mut out = PubTable::new(
        "issues_by_code",
        "Issues by code",
        &["code", "errors", "warnings"],
    );
    for r in &dq.issues_by_code {
        out.push(vec![
            text(&r.code),
            Val::num(r.errors as f64, 0, None),
            Val::num(r.warnings as f64, 0, None),
        ]);
    }
    out
}

// ---- Value for money: the fuller tables (tables/vfm_*.csv) ----

use crate::value::UnitValue;

const UNIT_KEYS: &[&str] = &["quarter", "level", "key", "name", "area"];

fn unit_keys(quarter: crate::core::Quarter, u: &UnitValue) -> Vec<Val> {
    vec![
        text(quarter),
        text(u.unit.level.map_or("", |l| l.as_str())),
        text(&u.unit.key),
        text(&u.unit.name),
        text(&u.unit.area),
    ]
}

/// In a units table, the rows of each level (projects, areas, activity
/// types, suppliers, organisation types) add up to the total row.
fn unit_totals(t: &mut PubTable) {
    let Some(level) = t.col("level") else { return };
    let rows_of = |t: &PubTable, l: &str| -> Vec<usize> {
        (0..t.rows.len())
            .filter(|&i| t.rows[i][level] == Val::Text(l.to_string()))
            .collect()
    };
    let Some(&total) = rows_of(t, "total").first() else {
        return;
    };
    for l in [
        "project",
        "area",
        "activity_type",
        "supplier",
        "organisation_type",
    ] {
        let parts = rows_of(t, l);
        t.total_of(total, parts);
    }
}

fn with_keys(cols: &[&'static str]) -> Vec<&'static str> {
    UNIT_KEYS.iter().chain(cols.iter()).copied().collect()
}

/// Economy: what was spent, per session and per delivery hour.
pub fn vfm_economy(v: &Valued, q: crate::core::Quarter) -> PubTable {
    let cols = with_keys(&[
        "cost_gbp",
        "in_kind_gbp",
        "sessions",
        "hours",
        "cost_per_session_gbp",
        "cost_per_hour_gbp",
    ]);
    let mut out = PubTable::new("vfm_economy", "Economy: spending less", &cols);
    for u in &v.units {
        let mut row = unit_keys(q, u);
        row.extend([
            Val::num(u.unit.cost, MONEY, None),
            Val::num(u.unit.in_kind, MONEY, None),
            Val::num(u.unit.sessions, 0, None),
            Val::num(u.unit.hours, 1, None),
            Val::opt(u.cost_per_session, MONEY, None),
            Val::opt(u.cost_per_hour, MONEY, None),
        ]);
        out.push(row);
    }
    out
}

/// Efficiency: participants and attendances, and their cost.
pub fn vfm_efficiency(v: &Valued, q: crate::core::Quarter) -> PubTable {
    let cols = with_keys(&[
        "participants",
        "attendances",
        "cost_per_participant_gbp",
        "cost_per_attendance_gbp",
    ]);
    let mut out = PubTable::new("vfm_efficiency", "Efficiency: spending well", &cols);
    for u in &v.units {
        let mut row = unit_keys(q, u);
        row.extend([
            Val::Count(u.unit.participants),
            Val::Count(u.unit.attendances),
            Val::opt(
                u.cost_per_participant,
                MONEY,
                Some(u.unit.participants as u64),
            ),
            Val::opt(
                u.cost_per_attendance,
                MONEY,
                Some(u.unit.attendances as u64),
            ),
        ]);
        out.push(row);
    }
    unit_totals(&mut out);
    out.derive("cost_per_participant_gbp", "participants");
    out.derive("cost_per_attendance_gbp", "attendances");
    out
}

/// Effectiveness: outcomes, recoveries and WELLBYs, and their cost.
pub fn vfm_effectiveness(v: &Valued, q: crate::core::Quarter) -> PubTable {
    let cols = with_keys(&[
        "n_people_paired",
        "outcomes",
        "recoveries",
        "cost_per_outcome_gbp",
        "cost_per_recovery_gbp",
        "wellby_people",
        "wellbys_life_satisfaction",
        "wellbys_converted_assumption",
        "wellbys",
        "cost_per_wellby_gbp",
        "wellby_value_central_gbp",
    ]);
    let mut out = PubTable::new("vfm_effectiveness", "Effectiveness: spending wisely", &cols);
    for u in &v.units {
        let wb = (u.wellby_people > 0).then_some(u.wellby_people);
        let mut row = unit_keys(q, u);
        row.extend([
            Val::count(u.unit.n_people_paired),
            Val::count(u.unit.outcomes),
            Val::count(u.unit.recoveries),
            Val::opt(u.cost_per_outcome, MONEY, Some(u.unit.outcomes)),
            Val::opt(u.cost_per_recovery, MONEY, Some(u.unit.recoveries)),
            Val::count(u.wellby_people),
            Val::num(u.wellbys_life_satisfaction, MEAN, wb),
            Val::num(u.wellbys_converted, MEAN, Some(u.unit.n_people_paired)),
            Val::num(u.wellbys, MEAN, Some(u.unit.n_people_paired)),
            Val::opt(u.cost_per_wellby, MONEY, Some(u.unit.n_people_paired)),
            Val::num(v.wellby_values.1, MONEY, None),
        ]);
        out.push(row);
    }
    unit_totals(&mut out);
    out.derive("cost_per_outcome_gbp", "outcomes");
    out.derive("cost_per_recovery_gbp", "recoveries");
    out
}

/// The disclosure base of a fiscal value: the smallest non-zero reduction
/// it rests on. With the unit cost published, a value shows its reduction,
/// so it is withheld when any of its reductions would be; None when every
/// reduction is 0, which reveals nothing.
fn fiscal_base<'a>(lines: impl Iterator<Item = &'a crate::value::FiscalLine>) -> Option<u64> {
    lines
        .map(|f| f.reduction.abs())
        .filter(|r| *r != 0.0)
        .map(|r| r.round() as u64)
        .min()
}

/// In a units table with one row per unit and `item`, the rows of each
/// level add up to the total row with the same `item`.
fn unit_totals_by(t: &mut PubTable, item: &str) {
    let (Some(level), Some(it)) = (t.col("level"), t.col(item)) else {
        return;
    };
    let mut groups: std::collections::BTreeMap<(String, String), Vec<usize>> = Default::default();
    for (i, r) in t.rows.iter().enumerate() {
        groups
            .entry((r[level].render(""), r[it].render("")))
            .or_default()
            .push(i);
    }
    for ((l, x), rows) in &groups {
        if l != "total" {
            continue;
        }
        for ((m, y), parts) in &groups {
            if m != "total" && y == x {
                t.total_of(rows[0], parts.clone());
            }
        }
    }
}

/// Fiscal: reductions in service use valued at uprated unit costs.
pub fn vfm_fiscal(v: &Valued, q: crate::core::Quarter) -> PubTable {
    let cols = with_keys(&[
        "indicator",
        "unit_cost_label",
        "agency",
        "reduction",
        "unit_cost_gbp",
        "value_gbp",
    ]);
    let mut out = PubTable::new(
        "vfm_fiscal",
        "Fiscal: reduced use of statutory services",
        &cols,
    );
    for u in &v.units {
        for f in &u.fiscal {
            let mut row = unit_keys(q, u);
            row.extend([
                text(&f.indicator),
                text(&f.unit_cost_label),
                text(f.agency.as_str()),
                Val::Count(f.reduction),
                Val::num(f.unit_cost_gbp, MONEY, None),
                // The value reveals the reduction, so it is withheld with it.
                Val::num(f.value_gbp, MONEY, fiscal_base(std::iter::once(f))),
            ]);
            out.push(row);
        }
    }
    unit_totals_by(&mut out, "indicator");
    out.additive("value_gbp");
    out.derive("value_gbp", "reduction");
    out
}

/// Who benefits: fiscal value by the agency that bears each cost.
pub fn vfm_agency(v: &Valued, q: crate::core::Quarter) -> PubTable {
    const AGENCY_COLUMNS: [&str; 3] = [
        "fiscal_nhs_gbp",
        "fiscal_local_authority_gbp",
        "fiscal_other_gbp",
    ];
    let mut cols = with_keys(&AGENCY_COLUMNS);
    cols.push("fiscal_gbp");
    let mut out = PubTable::new(
        "vfm_agency",
        "Who benefits: fiscal value by the agency that bears the cost",
        &cols,
    );
    for u in &v.units {
        let mut row = unit_keys(q, u);
        // One column per agency, in Agency::ALL order.
        for &(agency, value) in &u.fiscal_by_agency {
            let base = fiscal_base(u.fiscal.iter().filter(|f| f.agency == agency));
            row.push(Val::num(value, MONEY, base));
        }
        row.push(Val::num(u.fiscal_gbp, MONEY, fiscal_base(u.fiscal.iter())));
        out.push(row);
    }
    unit_totals(&mut out);
    out.additive("fiscal_gbp");
    for c in AGENCY_COLUMNS {
        out.additive(c);
        // With one agency withheld, the total less the others shows it.
        out.derive("fiscal_gbp", c);
    }
    out
}

/// Social value: wellbeing, fiscal and proxy value after additionality.
pub fn vfm_social(v: &Valued, q: crate::core::Quarter) -> PubTable {
    let cols = with_keys(&[
        "wellbeing_value_central_gbp",
        "fiscal_gbp",
        "proxy_gbp",
        "additionality_factor",
        "value_low_gbp",
        "value_central_gbp",
        "value_high_gbp",
        "bcr_low",
        "bcr_central",
        "bcr_high",
        "switching_value",
    ]);
    let mut out = PubTable::new("vfm_social", "Social value and benefit-cost ratios", &cols);
    for u in &v.units {
        let base = (u.wellby_people > 0).then_some(u.wellby_people);
        let mut row = unit_keys(q, u);
        row.extend([
            Val::num(u.wellbeing_central_gbp, MONEY, base),
            Val::num(u.fiscal_gbp, MONEY, fiscal_base(u.fiscal.iter())),
            Val::num(u.proxy_gbp, MONEY, None),
            Val::num(v.additionality, RATE, None),
            Val::num(u.value_low_gbp, MONEY, base),
            Val::num(u.value_central_gbp, MONEY, base),
            Val::num(u.value_high_gbp, MONEY, base),
            Val::opt(u.bcr_low, MEAN, base),
            Val::opt(u.bcr_central, MEAN, base),
            Val::opt(u.bcr_high, MEAN, base),
            Val::opt(u.switching_value, RATE, base),
        ]);
        out.push(row);
    }
    out
}

/// Equity: reach into the most deprived areas and by ethnicity group.
pub fn vfm_equity(v: &Valued) -> PubTable {
    let cols = [
        "quarter",
        "project_id",
        "area",
        "group",
        "n_recorded",
        "n_participants",
        "share_participants",
        "n_paired_recorded",
        "n_paired",
        "share_paired",
    ];
    let mut out = PubTable::new("vfm_equity", "Equity: spending fairly", &cols);
    for r in &v.equity {
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.area),
            text(&r.group),
            Val::count(r.n_recorded),
            Val::count(r.n_participants),
            Val::opt(r.share_participants, RATE, Some(r.n_recorded)),
            Val::count(r.n_paired_recorded),
            Val::count(r.n_paired),
            Val::opt(r.share_paired, RATE, Some(r.n_paired_recorded)),
        ]);
    }
    out.total_by(&["group"], "project_id", crate::aggregate::TOTAL);
    out.derive("share_participants", "n_participants");
    out.derive("share_paired", "n_paired");
    out
}

/// Uncertainty: bootstrap intervals for mean change and cost per outcome.
pub fn vfm_uncertainty(v: &Valued, confidence: f64) -> PubTable {
    let cols = [
        "quarter",
        "project_id",
        "statistic",
        "measure",
        "n",
        "estimate",
        "ci_low",
        "ci_high",
        "resamples",
        "confidence",
    ];
    let mut out = PubTable::new("vfm_uncertainty", "Bootstrap intervals", &cols);
    for r in &v.uncertainty {
        let base = Some(r.n);
        out.push(vec![
            text(r.quarter),
            text(&r.project_id),
            text(&r.statistic),
            text(&r.measure),
            Val::count(r.n),
            Val::opt(r.estimate, MONEY, base),
            Val::opt(r.interval.map(|i| i.low), MONEY, base),
            Val::opt(r.interval.and_then(|i| i.high), MONEY, base),
            Val::Text(r.resamples.to_string()),
            Val::num(confidence, 2, None),
        ]);
    }
    out
}
