//! The audit's own catalogue of what a reader of the published edition
//! knows about its figures: which columns count people, which rows add
//! up, which tables count the same people, and how each other figure
//! about people is made. Written by hand from the published tables'
//! documentation (docs/methods.md, SUBMISSION.md), never read from
//! needle's declarations: a declaration that is wrong cannot then pass
//! its own audit. A test checks that every numeric column of every
//! published table is in here, as a count, a figure or "not about people";
//! another that every relation holds on the exact edition.

/// One published table as the audit reads it.
pub struct Table {
    pub name: &'static str,
    /// Its sheet of vfm.xlsx, if it has one.
    pub sheet: Option<&'static str>,
    /// Counts of people (or of events people are): the hidden counts.
    pub counts: &'static [&'static str],
    /// Of those, the ones that may be below 0 (a reduction can be a rise).
    pub signed: &'static [&'static str],
    /// Figures about people, and how each is made.
    pub figures: &'static [(&'static str, Figure)],
    /// Numbers that are not about people (money spent, sessions, prices,
    /// projects, a confidence level).
    pub plain: &'static [&'static str],
    /// Rows that add up.
    pub sums: &'static [Sum],
    /// Relations between the counts of one row.
    pub rows: &'static [InRow],
}

/// How a figure about people is made, as the method says.
#[derive(Debug, Clone, Copy)]
pub enum Figure {
    /// k ÷ n of the row.
    Share { k: &'static str, n: &'static str },
    /// The share k ÷ n of the row's group's total row (the programme rate).
    TotalShare { k: &'static str, n: &'static str },
    /// Wilson's 95 % interval of k of n (the low or the high end).
    Wilson {
        k: &'static str,
        n: &'static str,
        high: bool,
    },
    /// The change k/n − k_before/n_before, or an end of Newcombe's 95 %
    /// interval of it (0 estimate, 1 low, 2 high).
    Newcombe(u8),
    /// Money ÷ a count: the money in the row, or in the row's unit of
    /// vfm_economy, or in vfm.csv's row of the project.
    PerHead { money: Money, n: &'static str },
    /// A count × a price of the row.
    Product {
        count: &'static str,
        price: &'static str,
    },
    /// A mean of the row's measure over `n` people's scores (or changes).
    Mean { n: &'static str },
    /// Σ changes in life satisfaction (× persistence), for the people
    /// counted in `n`.
    Wellbys { n: &'static str },
    /// A statistic the audit models elsewhere or cannot narrow a count
    /// with (WELLBYs converted from other measures by a user's own rate).
    Modelled,
    /// Worked out by one of the published rules the audit recomputes in
    /// recompute.rs (limits, positions, values, payments, bootstrap).
    Rule(Rule),
}

/// Where money per head takes its money from.
#[derive(Debug, Clone, Copy)]
pub enum Money {
    Here(&'static str),
    /// The row's unit (level, key) in vfm_economy.
    Unit(&'static str),
}

/// The published rules recompute.rs works out again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Limit,
    Position,
    AgencySum,
    WellbeingValue,
    FiscalOfUnit,
    Proxy,
    SocialValue,
    Bcr,
    Switching,
    FromSocial,
    CostPerWellby,
    Uncertainty,
    Payment,
    PaymentToCost,
    FollowupRate,
    Offered,
    Difference,
}

/// Rows of a table that add up: grouped by the `within` columns, the row
/// whose `by` column reads `total` is the sum of the others (`each`: of
/// the others with the same `by`, level by level). `exact` false: a
/// person can be in several parts, so the parts add up to at least the
/// total and each is at most it.
#[derive(Debug, Clone, Copy)]
pub struct Sum {
    pub within: &'static [&'static str],
    pub by: &'static str,
    pub total: &'static str,
    pub each: bool,
    /// The columns that add up (every count when empty).
    pub columns: &'static [&'static str],
    /// Levels of `by` (with `each`) whose parts only bound the total.
    pub overlapping: &'static [&'static str],
}

/// A relation between two or three counts of one row.
#[derive(Debug, Clone, Copy)]
pub enum InRow {
    /// a ≤ b.
    Le(&'static str, &'static str),
    /// a = b − c (where all three are printed).
    Diff(&'static str, &'static str, &'static str),
}

const fn sum(within: &'static [&'static str], by: &'static str, total: &'static str) -> Sum {
    Sum {
        within,
        by,
        total,
        each: false,
        columns: &[],
        overlapping: &[],
    }
}

/// Each level of a units table adds up to the total; a person can be in
/// several activity types, and so with several suppliers.
const LEVELS: Sum = Sum {
    within: &[],
    by: "level",
    total: "total",
    each: true,
    columns: &[],
    overlapping: &["activity_type", "supplier"],
};

const OBJECTIVE_COUNTS: &[&str] = &["n_people", "n_improved", "count_outcomes"];
const OBJECTIVE_COUNTS_WORSE: &[&str] =
    &["n_people", "n_improved", "n_deteriorated", "count_outcomes"];
const RATE: (&str, Figure) = (
    "rate_improved",
    Figure::Share {
        k: "n_improved",
        n: "n_people",
    },
);
/// (Objective 5 reports reliable deterioration on any measure, so its
/// people who got worse are not among its people.)
const OBJECTIVE_ROWS: &[InRow] = &[InRow::Le("n_improved", "n_people")];

const CLINICAL_FIGURES: [(&str, Figure); 3] = [
    (
        "recovery_rate",
        Figure::Share {
            k: "recoveries",
            n: "n_caseness_baseline",
        },
    ),
    (
        "reliable_improvement_rate",
        Figure::Share {
            k: "n_reliable_improvement",
            n: "n_clinical",
        },
    ),
    (
        "reliable_deterioration_rate",
        Figure::Share {
            k: "n_reliable_deterioration",
            n: "n_clinical",
        },
    ),
];
const CLINICAL_ROWS: &[InRow] = &[
    InRow::Le("outcomes", "n_people_paired"),
    InRow::Le("n_clinical", "n_people_paired"),
    InRow::Le("n_caseness_baseline", "n_clinical"),
    InRow::Le("recoveries", "n_caseness_baseline"),
    InRow::Le("reliable_recoveries", "recoveries"),
    InRow::Le("reliable_recoveries", "n_reliable_improvement"),
    InRow::Le("n_reliable_improvement", "n_clinical"),
    InRow::Le("n_reliable_deterioration", "n_clinical"),
];

/// The delivery tables (by supplier, by organisation type): a unit's
/// results, the total under its own name.
const fn delivery(name: &'static str, sheet: &'static str, sums: &'static [Sum]) -> Table {
    Table {
        name,
        sheet: Some(sheet),
        counts: &[
            "participants",
            "n_people_paired",
            "outcomes",
            "recoveries",
            "n_clinical",
            "n_caseness_baseline",
            "reliable_recoveries",
            "n_reliable_improvement",
            "n_reliable_deterioration",
        ],
        signed: &[],
        figures: &[
            (
                "cost_per_participant_gbp",
                Figure::PerHead {
                    money: Money::Here("cost_gbp"),
                    n: "participants",
                },
            ),
            (
                "rate_outcome",
                Figure::Share {
                    k: "outcomes",
                    n: "n_people_paired",
                },
            ),
            (
                "cost_per_outcome_gbp",
                Figure::PerHead {
                    money: Money::Here("cost_gbp"),
                    n: "outcomes",
                },
            ),
            CLINICAL_FIGURES[0],
            CLINICAL_FIGURES[1],
            CLINICAL_FIGURES[2],
            ("wellbys", Figure::Modelled),
            ("bcr_central", Figure::Rule(Rule::FromSocial)),
        ],
        plain: &["projects", "cost_gbp"],
        sums,
        rows: CLINICAL_ROWS,
    }
}

/// The delivery tables' participants add up to their total (each
/// activity has one supplier and each project one type); their people
/// need not (a person may take part in several activities).
const fn participants(by: &'static str, total: &'static str) -> Sum {
    Sum {
        within: &["quarter"],
        by,
        total,
        each: false,
        columns: &["participants"],
        overlapping: &[],
    }
}
const BY_SUPPLIER: &[Sum] = &[participants("supplier", "All activities")];
const BY_TYPE: &[Sum] = &[participants("organisation_type", "All organisation types")];

/// Every published table (the report's CSVs and the key-figures tables
/// its first page shows).
pub const TABLES: &[Table] = &[
    Table {
        name: "vfm",
        sheet: Some("VfM"),
        counts: &["participants", "outcomes"],
        signed: &[],
        figures: &[
            (
                "cost_per_participant",
                Figure::PerHead {
                    money: Money::Here("cost_gbp"),
                    n: "participants",
                },
            ),
            (
                "cost_per_outcome",
                Figure::PerHead {
                    money: Money::Here("cost_gbp"),
                    n: "outcomes",
                },
            ),
            ("wellbys", Figure::Modelled),
            ("value_low_gbp", Figure::Rule(Rule::FromSocial)),
            ("value_central_gbp", Figure::Rule(Rule::FromSocial)),
            ("value_high_gbp", Figure::Rule(Rule::FromSocial)),
            ("bcr_central", Figure::Rule(Rule::FromSocial)),
        ],
        plain: &["cost_gbp", "in_kind_gbp"],
        sums: &[sum(&[], "project_id", "TOTAL")],
        rows: &[],
    },
    Table {
        name: "vfm_economy",
        sheet: Some("Economy"),
        counts: &[],
        signed: &[],
        figures: &[],
        plain: &[
            "cost_gbp",
            "in_kind_gbp",
            "sessions",
            "hours",
            "cost_per_session_gbp",
            "cost_per_hour_gbp",
        ],
        sums: &[],
        rows: &[],
    },
    Table {
        name: "vfm_efficiency",
        sheet: Some("Efficiency"),
        counts: &["participants", "attendances"],
        signed: &[],
        figures: &[
            (
                "cost_per_participant_gbp",
                Figure::PerHead {
                    money: Money::Unit("cost_gbp"),
                    n: "participants",
                },
            ),
            (
                "cost_per_attendance_gbp",
                Figure::PerHead {
                    money: Money::Unit("cost_gbp"),
                    n: "attendances",
                },
            ),
        ],
        plain: &[],
        sums: &[Sum {
            overlapping: &[],
            ..LEVELS
        }],
        rows: &[],
    },
    Table {
        name: "vfm_effectiveness",
        sheet: Some("Effectiveness"),
        counts: &[
            "n_people_paired",
            "outcomes",
            "recoveries",
            "n_clinical",
            "n_caseness_baseline",
            "reliable_recoveries",
            "n_reliable_improvement",
            "n_reliable_deterioration",
            "wellby_people",
        ],
        signed: &[],
        figures: &[
            (
                "cost_per_outcome_gbp",
                Figure::PerHead {
                    money: Money::Unit("cost_gbp"),
                    n: "outcomes",
                },
            ),
            (
                "cost_per_recovery_gbp",
                Figure::PerHead {
                    money: Money::Unit("cost_gbp"),
                    n: "recoveries",
                },
            ),
            CLINICAL_FIGURES[0],
            CLINICAL_FIGURES[1],
            CLINICAL_FIGURES[2],
            (
                "wellbys_life_satisfaction",
                Figure::Wellbys { n: "wellby_people" },
            ),
            ("wellbys_converted_assumption", Figure::Modelled),
            ("wellbys", Figure::Modelled),
            ("cost_per_wellby_gbp", Figure::Rule(Rule::CostPerWellby)),
        ],
        plain: &["wellby_value_central_gbp"],
        sums: &[LEVELS],
        rows: CLINICAL_ROWS,
    },
    Table {
        name: "vfm_fiscal",
        sheet: Some("Fiscal"),
        counts: &["reduction"],
        signed: &["reduction"],
        figures: &[(
            "value_gbp",
            Figure::Product {
                count: "reduction",
                price: "unit_cost_gbp",
            },
        )],
        plain: &["unit_cost_gbp"],
        sums: &[Sum {
            within: &["indicator"],
            overlapping: &[],
            ..LEVELS
        }],
        rows: &[],
    },
    Table {
        name: "vfm_agency",
        sheet: Some("Fiscal by agency"),
        counts: &[],
        signed: &[],
        figures: &[
            ("fiscal_nhs_gbp", Figure::Rule(Rule::AgencySum)),
            ("fiscal_local_authority_gbp", Figure::Rule(Rule::AgencySum)),
            ("fiscal_other_gbp", Figure::Rule(Rule::AgencySum)),
            ("fiscal_gbp", Figure::Rule(Rule::AgencySum)),
        ],
        plain: &[],
        sums: &[],
        rows: &[],
    },
    Table {
        name: "vfm_social",
        sheet: Some("Social value"),
        counts: &[],
        signed: &[],
        figures: &[
            (
                "wellbeing_value_central_gbp",
                Figure::Rule(Rule::WellbeingValue),
            ),
            ("fiscal_gbp", Figure::Rule(Rule::FiscalOfUnit)),
            ("proxy_gbp", Figure::Rule(Rule::Proxy)),
            ("value_low_gbp", Figure::Rule(Rule::SocialValue)),
            ("value_central_gbp", Figure::Rule(Rule::SocialValue)),
            ("value_high_gbp", Figure::Rule(Rule::SocialValue)),
            ("bcr_low", Figure::Rule(Rule::Bcr)),
            ("bcr_central", Figure::Rule(Rule::Bcr)),
            ("bcr_high", Figure::Rule(Rule::Bcr)),
            ("switching_value", Figure::Rule(Rule::Switching)),
        ],
        plain: &["additionality_factor"],
        sums: &[],
        rows: &[],
    },
    Table {
        name: "vfm_equity",
        sheet: Some("Equity"),
        counts: &[
            "n_recorded",
            "n_participants",
            "n_paired_recorded",
            "n_paired",
        ],
        signed: &[],
        figures: &[
            (
                "share_participants",
                Figure::Share {
                    k: "n_participants",
                    n: "n_recorded",
                },
            ),
            (
                "share_paired",
                Figure::Share {
                    k: "n_paired",
                    n: "n_paired_recorded",
                },
            ),
        ],
        plain: &[],
        sums: &[sum(&["group"], "project_id", "TOTAL")],
        rows: &[
            InRow::Le("n_participants", "n_recorded"),
            InRow::Le("n_paired", "n_paired_recorded"),
            InRow::Le("n_paired", "n_participants"),
            InRow::Le("n_paired_recorded", "n_recorded"),
        ],
    },
    Table {
        name: "vfm_uncertainty",
        sheet: Some("Uncertainty"),
        counts: &["n"],
        signed: &[],
        figures: &[
            ("estimate", Figure::Rule(Rule::Uncertainty)),
            ("ci_low", Figure::Rule(Rule::Uncertainty)),
            ("ci_high", Figure::Rule(Rule::Uncertainty)),
        ],
        plain: &["resamples", "confidence"],
        sums: &[],
        rows: &[],
    },
    Table {
        name: "suppliers",
        sheet: Some("Suppliers"),
        counts: &[],
        signed: &[],
        figures: &[],
        plain: &["activities", "organisations", "spend_gbp", "share_of_spend"],
        sums: &[],
        rows: &[],
    },
    delivery("vfm_suppliers", "VfM by supplier", BY_SUPPLIER),
    delivery("org_types", "Organisation types", BY_TYPE),
    Table {
        name: "org_type_objectives",
        sheet: Some("Objectives by organisation type"),
        counts: OBJECTIVE_COUNTS_WORSE,
        signed: &[],
        figures: &[RATE],
        plain: &[],
        sums: &[sum(
            &["quarter", "objective"],
            "organisation_type",
            "All organisation types",
        )],
        rows: OBJECTIVE_ROWS,
    },
    Table {
        name: "menu_prices",
        sheet: Some("Menu prices"),
        counts: &["units"],
        signed: &[],
        figures: &[
            ("offered_gbp", Figure::Rule(Rule::Offered)),
            ("difference_gbp", Figure::Rule(Rule::Difference)),
            // Text from the printed paid and offered (within £1 or not):
            // it tells no more than they do.
            ("status", Figure::Modelled),
        ],
        plain: &["price_gbp", "paid_gbp"],
        sums: &[],
        rows: &[],
    },
    Table {
        name: "menu_offers",
        sheet: Some("Menu offers"),
        counts: &["n_people", "n_improved"],
        signed: &[],
        figures: &[
            (
                "rate_improved",
                Figure::Share {
                    k: "n_improved",
                    n: "n_people",
                },
            ),
            (
                "rate_low",
                Figure::Wilson {
                    k: "n_improved",
                    n: "n_people",
                    high: false,
                },
            ),
            (
                "rate_high",
                Figure::Wilson {
                    k: "n_improved",
                    n: "n_people",
                    high: true,
                },
            ),
            (
                "cost_per_improved_gbp",
                Figure::PerHead {
                    money: Money::Here("cost_gbp"),
                    n: "n_improved",
                },
            ),
        ],
        plain: &[
            "price_gbp",
            "purchases",
            "organisations",
            "sessions",
            "cost_gbp",
            "paid_per_session_gbp",
        ],
        sums: &[],
        rows: &[InRow::Le("n_improved", "n_people")],
    },
    Table {
        name: "supplier_trade",
        sheet: Some("Trade by quarter"),
        counts: &[],
        signed: &[],
        figures: &[],
        plain: &["activities", "organisations", "spend_gbp", "share_of_spend"],
        sums: &[],
        rows: &[],
    },
    Table {
        name: "pbr",
        sheet: Some("Payment by results"),
        counts: &["people", "people_paid", "n_baseline"],
        signed: &[],
        figures: &[
            ("payment_gbp", Figure::Rule(Rule::Payment)),
            ("payment_to_cost", Figure::Rule(Rule::PaymentToCost)),
            ("followup_rate", Figure::Rule(Rule::FollowupRate)),
        ],
        plain: &["tariff_gbp", "cap_people", "cap_gbp", "cost_gbp"],
        sums: &[Sum {
            columns: &["people", "people_paid"],
            ..sum(&["outcome"], "project_id", "TOTAL")
        }],
        rows: &[InRow::Le("people_paid", "people")],
    },
    Table {
        name: "measures",
        sheet: Some("Measures"),
        counts: &[
            "n_paired",
            "n_improved",
            "n_meaningful_improvement",
            "n_reliable_improvement",
            "n_reliable_deterioration",
            "n_caseness_baseline",
            "n_recovered",
            "n_reliable_recovery",
        ],
        signed: &[],
        figures: &[
            ("mean_baseline", Figure::Mean { n: "n_paired" }),
            ("mean_followup", Figure::Mean { n: "n_paired" }),
            ("mean_change", Figure::Mean { n: "n_paired" }),
        ],
        plain: &[],
        sums: &[],
        rows: &[
            InRow::Le("n_improved", "n_paired"),
            InRow::Le("n_meaningful_improvement", "n_improved"),
            InRow::Le("n_reliable_improvement", "n_paired"),
            InRow::Le("n_reliable_deterioration", "n_paired"),
            InRow::Le("n_caseness_baseline", "n_paired"),
            InRow::Le("n_recovered", "n_caseness_baseline"),
            InRow::Le("n_reliable_recovery", "n_recovered"),
        ],
    },
    Table {
        name: "measures_pooled",
        sheet: None,
        counts: &[
            "n_paired",
            "n_improved",
            "n_meaningful_improvement",
            "n_reliable_improvement",
            "n_reliable_deterioration",
            "n_caseness_baseline",
            "n_recovered",
            "n_reliable_recovery",
        ],
        signed: &[],
        figures: &[
            ("mean_baseline", Figure::Mean { n: "n_paired" }),
            ("mean_followup", Figure::Mean { n: "n_paired" }),
            ("mean_change", Figure::Mean { n: "n_paired" }),
        ],
        plain: &[],
        sums: &[],
        rows: &[
            InRow::Le("n_improved", "n_paired"),
            InRow::Le("n_meaningful_improvement", "n_improved"),
            InRow::Le("n_reliable_improvement", "n_paired"),
            InRow::Le("n_reliable_deterioration", "n_paired"),
            InRow::Le("n_caseness_baseline", "n_paired"),
            InRow::Le("n_recovered", "n_caseness_baseline"),
            InRow::Le("n_reliable_recovery", "n_recovered"),
        ],
    },
    Table {
        name: "bands",
        sheet: Some("Wellbeing bands"),
        counts: &[
            "n_paired",
            "n_in_band_baseline",
            "n_left_band",
            "n_entered_band",
        ],
        signed: &[],
        figures: &[],
        plain: &[],
        sums: &[sum(&["measure", "band"], "project_id", "ALL")],
        rows: &[
            InRow::Le("n_in_band_baseline", "n_paired"),
            InRow::Le("n_left_band", "n_in_band_baseline"),
            InRow::Le("n_entered_band", "n_paired"),
        ],
    },
    Table {
        name: "objectives",
        sheet: Some("Objectives"),
        counts: OBJECTIVE_COUNTS,
        signed: &[],
        figures: &[RATE],
        plain: &[],
        sums: &[sum(&["quarter", "objective"], "area", "All areas")],
        rows: OBJECTIVE_ROWS,
    },
    Table {
        name: "trends",
        sheet: Some("Trends"),
        counts: OBJECTIVE_COUNTS_WORSE,
        signed: &[],
        figures: &[RATE],
        plain: &[],
        sums: &[sum(&["quarter", "objective"], "area", "All areas")],
        rows: OBJECTIVE_ROWS,
    },
    Table {
        name: "activity_types",
        sheet: Some("Activity types"),
        counts: OBJECTIVE_COUNTS_WORSE,
        signed: &[],
        figures: &[RATE],
        plain: &[],
        sums: &[],
        rows: OBJECTIVE_ROWS,
    },
    Table {
        name: "indicators",
        sheet: Some("Indicators"),
        counts: &["numerator", "denominator", "baseline", "reduction"],
        signed: &["reduction"],
        figures: &[
            (
                "proportion",
                Figure::Share {
                    k: "numerator",
                    n: "denominator",
                },
            ),
            (
                "ci_low",
                Figure::Wilson {
                    k: "numerator",
                    n: "denominator",
                    high: false,
                },
            ),
            (
                "ci_high",
                Figure::Wilson {
                    k: "numerator",
                    n: "denominator",
                    high: true,
                },
            ),
        ],
        plain: &[],
        sums: &[
            sum(&["indicator", "area"], "project_id", "ALL"),
            sum(&["indicator", "project_id"], "area", "All areas"),
        ],
        rows: &[
            InRow::Le("numerator", "denominator"),
            InRow::Diff("reduction", "baseline", "numerator"),
        ],
    },
    Table {
        name: "followup",
        sheet: Some("Follow-up"),
        counts: &["n_baseline", "n_followup", "n_ended_early"],
        signed: &[],
        figures: &[(
            "rate_followup",
            Figure::Share {
                k: "n_followup",
                n: "n_baseline",
            },
        )],
        plain: &[],
        sums: &[sum(&[], "project_id", "TOTAL")],
        rows: &[InRow::Le("n_followup", "n_baseline")],
    },
    Table {
        name: "expected_returns",
        sheet: Some("Returns"),
        counts: &[],
        signed: &[],
        figures: &[],
        plain: &["days_late"],
        sums: &[],
        rows: &[],
    },
    Table {
        name: "returns_read",
        sheet: None,
        counts: &[],
        signed: &[],
        figures: &[],
        plain: &["Rows read", "Accepted", "Refused", "Errors", "Warnings"],
        sums: &[],
        rows: &[],
    },
    Table {
        name: "issues_by_code",
        sheet: None,
        counts: &[],
        signed: &[],
        figures: &[],
        plain: &["errors", "warnings"],
        sums: &[],
        rows: &[],
    },
    Table {
        name: "funnels",
        sheet: Some("Projects compared"),
        counts: &["n_people", "n_improved"],
        signed: &[],
        figures: &[
            RATE,
            (
                "programme_rate",
                Figure::TotalShare {
                    k: "n_improved",
                    n: "n_people",
                },
            ),
            ("lower_998", Figure::Rule(Rule::Limit)),
            ("lower_95", Figure::Rule(Rule::Limit)),
            ("upper_95", Figure::Rule(Rule::Limit)),
            ("upper_998", Figure::Rule(Rule::Limit)),
            ("position_95", Figure::Rule(Rule::Position)),
            ("position_998", Figure::Rule(Rule::Position)),
        ],
        plain: &[],
        sums: &[sum(&["quarter", "objective"], "project_id", "ALL")],
        rows: &[InRow::Le("n_improved", "n_people")],
    },
    Table {
        name: "summary_quarters",
        sheet: None,
        counts: &["participants", "n_people_paired", "outcomes"],
        signed: &[],
        figures: &[
            (
                "cost_per_participant_gbp",
                Figure::PerHead {
                    money: Money::Here("cost_gbp"),
                    n: "participants",
                },
            ),
            (
                "cost_per_outcome_gbp",
                Figure::PerHead {
                    money: Money::Here("cost_gbp"),
                    n: "outcomes",
                },
            ),
        ],
        plain: &["projects", "cost_gbp"],
        sums: &[],
        rows: &[InRow::Le("outcomes", "n_people_paired")],
    },
    Table {
        name: "summary_shares",
        sheet: None,
        counts: &["k", "n", "k_before", "n_before"],
        signed: &[],
        figures: &[
            ("rate", Figure::Share { k: "k", n: "n" }),
            (
                "low",
                Figure::Wilson {
                    k: "k",
                    n: "n",
                    high: false,
                },
            ),
            (
                "high",
                Figure::Wilson {
                    k: "k",
                    n: "n",
                    high: true,
                },
            ),
            (
                "rate_before",
                Figure::Share {
                    k: "k_before",
                    n: "n_before",
                },
            ),
            ("change", Figure::Newcombe(0)),
            ("change_low", Figure::Newcombe(1)),
            ("change_high", Figure::Newcombe(2)),
        ],
        plain: &[],
        sums: &[],
        rows: &[InRow::Le("k", "n"), InRow::Le("k_before", "n_before")],
    },
];

/// Rows of one table matched to rows of another: those passing `filter`
/// whose `keys` read the same (in order) as the other side's.
#[derive(Debug, Clone, Copy)]
pub struct Side {
    pub table: &'static str,
    pub filter: &'static [(&'static str, &'static str)],
    /// Rows kept where this column does not read this text.
    pub except: Option<(&'static str, &'static str)>,
    pub keys: &'static [&'static str],
}

const fn side(
    table: &'static str,
    filter: &'static [(&'static str, &'static str)],
    keys: &'static [&'static str],
) -> Side {
    Side {
        table,
        filter,
        except: None,
        keys,
    }
}

/// Two tables counting the same people: each pair of columns holds the
/// same count in matched rows.
#[derive(Debug, Clone, Copy)]
pub struct Link {
    pub a: Side,
    pub b: Side,
    pub columns: &'static [(&'static str, &'static str)],
}

const UNIT_COUNTS: &[(&str, &str)] = &[
    ("n_people_paired", "n_people_paired"),
    ("outcomes", "outcomes"),
    ("recoveries", "recoveries"),
    ("n_clinical", "n_clinical"),
    ("n_caseness_baseline", "n_caseness_baseline"),
    ("reliable_recoveries", "reliable_recoveries"),
    ("n_reliable_improvement", "n_reliable_improvement"),
    ("n_reliable_deterioration", "n_reliable_deterioration"),
];
const SAME_OBJECTIVE: &[(&str, &str)] = &[("n_people", "n_people"), ("n_improved", "n_improved")];

/// The same people in two tables.
pub const LINKS: &[Link] = &[
    // Every quarter of trends is that quarter's objectives.
    Link {
        a: side("objectives", &[], &["quarter", "area", "objective"]),
        b: side("trends", &[], &["quarter", "area", "objective"]),
        columns: &[
            ("n_people", "n_people"),
            ("n_improved", "n_improved"),
            ("count_outcomes", "count_outcomes"),
        ],
    },
    // The programme of an objective: all areas, all projects, all types.
    Link {
        a: side(
            "objectives",
            &[("area", "All areas")],
            &["quarter", "objective"],
        ),
        b: side(
            "funnels",
            &[("project_id", "ALL")],
            &["quarter", "objective"],
        ),
        columns: SAME_OBJECTIVE,
    },
    Link {
        a: side(
            "trends",
            &[("area", "All areas")],
            &["quarter", "objective"],
        ),
        b: side(
            "org_type_objectives",
            &[("organisation_type", "All organisation types")],
            &["quarter", "objective"],
        ),
        columns: &[
            ("n_people", "n_people"),
            ("n_improved", "n_improved"),
            ("n_deteriorated", "n_deteriorated"),
        ],
    },
    // A project's row in vfm.csv is its unit's.
    Link {
        a: side("vfm", &[], &["project_id"]),
        b: side("vfm_efficiency", &[("level", "project")], &["key"]),
        columns: &[("participants", "participants")],
    },
    Link {
        a: side("vfm", &[], &["project_id"]),
        b: side("vfm_effectiveness", &[("level", "project")], &["key"]),
        columns: &[("outcomes", "outcomes")],
    },
    Link {
        a: side("vfm", &[("project_id", "TOTAL")], &[]),
        b: side("vfm_efficiency", &[("level", "total")], &[]),
        columns: &[("participants", "participants")],
    },
    Link {
        a: side("vfm", &[("project_id", "TOTAL")], &[]),
        b: side("vfm_effectiveness", &[("level", "total")], &[]),
        columns: &[("outcomes", "outcomes")],
    },
    // The delivery tables are the units tables' supplier and type rows.
    Link {
        a: Side {
            except: Some(("supplier", "All activities")),
            ..side("vfm_suppliers", &[], &["supplier"])
        },
        b: side("vfm_effectiveness", &[("level", "supplier")], &["key"]),
        columns: UNIT_COUNTS,
    },
    Link {
        a: Side {
            except: Some(("supplier", "All activities")),
            ..side("vfm_suppliers", &[], &["supplier"])
        },
        b: side("vfm_efficiency", &[("level", "supplier")], &["key"]),
        columns: &[("participants", "participants")],
    },
    Link {
        a: side("vfm_suppliers", &[("supplier", "All activities")], &[]),
        b: side("vfm_effectiveness", &[("level", "total")], &[]),
        columns: UNIT_COUNTS,
    },
    Link {
        a: Side {
            except: Some(("organisation_type", "All organisation types")),
            ..side("org_types", &[], &["organisation_type"])
        },
        b: side(
            "vfm_effectiveness",
            &[("level", "organisation_type")],
            &["key"],
        ),
        columns: UNIT_COUNTS,
    },
    Link {
        a: Side {
            except: Some(("organisation_type", "All organisation types")),
            ..side("org_types", &[], &["organisation_type"])
        },
        b: side(
            "vfm_efficiency",
            &[("level", "organisation_type")],
            &["key"],
        ),
        columns: &[("participants", "participants")],
    },
    Link {
        a: side(
            "org_types",
            &[("organisation_type", "All organisation types")],
            &[],
        ),
        b: side("vfm_effectiveness", &[("level", "total")], &[]),
        columns: UNIT_COUNTS,
    },
    Link {
        a: side(
            "org_types",
            &[("organisation_type", "All organisation types")],
            &[],
        ),
        b: side("vfm_efficiency", &[("level", "total")], &[]),
        columns: &[("participants", "participants")],
    },
    // A project's people with a life-satisfaction score are its ONS4-LS
    // pairs; a project × measure's pairs are its uncertainty row's and its
    // wellbeing band's.
    Link {
        a: side("vfm_effectiveness", &[("level", "project")], &["key"]),
        b: side("measures", &[("measure", "ONS4-LS")], &["project_id"]),
        columns: &[("wellby_people", "n_paired")],
    },
    Link {
        a: side("measures", &[], &["project_id", "measure"]),
        b: side(
            "vfm_uncertainty",
            &[("statistic", "mean_change")],
            &["project_id", "measure"],
        ),
        columns: &[("n_paired", "n")],
    },
    Link {
        a: side("measures", &[], &["project_id", "measure"]),
        b: Side {
            except: Some(("project_id", "ALL")),
            ..side("bands", &[], &["project_id", "measure"])
        },
        columns: &[("n_paired", "n_paired")],
    },
    Link {
        a: side("vfm_effectiveness", &[("level", "project")], &["key"]),
        b: side(
            "vfm_uncertainty",
            &[("statistic", "cost_per_outcome")],
            &["project_id"],
        ),
        columns: &[("n_people_paired", "n")],
    },
    // A unit's fiscal reductions are its indicators' (projects, areas and
    // the total).
    Link {
        a: side("vfm_fiscal", &[("level", "project")], &["key", "indicator"]),
        b: Side {
            except: Some(("project_id", "ALL")),
            ..side("indicators", &[], &["project_id", "indicator"])
        },
        columns: &[("reduction", "reduction")],
    },
    Link {
        a: side("vfm_fiscal", &[("level", "area")], &["key", "indicator"]),
        b: side(
            "indicators",
            &[("project_id", "ALL")],
            &["area", "indicator"],
        ),
        columns: &[("reduction", "reduction")],
    },
    Link {
        a: side("vfm_fiscal", &[("level", "total")], &["indicator"]),
        b: side(
            "indicators",
            &[("project_id", "ALL"), ("area", "All areas")],
            &["indicator"],
        ),
        columns: &[("reduction", "reduction")],
    },
    // The key figures are the total unit's (this quarter's row).
    Link {
        a: side("summary_shares", &[("share", "improved")], &[]),
        b: side("vfm_effectiveness", &[("level", "total")], &[]),
        columns: &[("k", "outcomes"), ("n", "n_people_paired")],
    },
    Link {
        a: side("summary_shares", &[("share", "recovered")], &[]),
        b: side("vfm_effectiveness", &[("level", "total")], &[]),
        columns: &[("k", "recoveries"), ("n", "n_caseness_baseline")],
    },
    Link {
        a: side("summary_shares", &[("share", "reliably_improved")], &[]),
        b: side("vfm_effectiveness", &[("level", "total")], &[]),
        columns: &[("k", "n_reliable_improvement"), ("n", "n_clinical")],
    },
    Link {
        a: side("summary_quarters", &[], &["quarter"]),
        b: side("summary_shares", &[("share", "improved")], &["quarter"]),
        columns: &[("outcomes", "k"), ("n_people_paired", "n")],
    },
    // Payment by results counts the units' people.
    Link {
        a: side(
            "pbr",
            &[("outcome", "meaningful_improvement")],
            &["project_id"],
        ),
        b: side("vfm", &[], &["project_id"]),
        columns: &[("people", "outcomes")],
    },
    Link {
        a: side("pbr", &[("outcome", "all outcomes")], &["project_id"]),
        b: side("followup", &[], &["project_id"]),
        columns: &[("n_baseline", "n_baseline")],
    },
];

/// Counts of one table at most those of another (some of the same
/// people): in rows whose keys match, ignoring case, spaces and
/// punctuation (a menu may spell a supplier otherwise than the returns).
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    pub small: Side,
    pub large: Side,
    pub columns: &'static [(&'static str, &'static str)],
}

/// An offer's people are some of its supplier's: those with a result on
/// the objectives it serves, from the activities bought under it
/// (docs/methods.md, menu_offers.csv).
pub const BOUNDS: &[Bound] = &[Bound {
    small: side("menu_offers", &[], &["supplier"]),
    large: Side {
        except: Some(("supplier", "All activities")),
        ..side("vfm_suppliers", &[], &["supplier"])
    },
    columns: &[("n_people", "n_people_paired"), ("n_improved", "outcomes")],
}];

/// Rows of one table that add up to rows of another (or the same): the
/// parts, grouped by their `group` column's text (or that of the row of
/// `via` whose first column reads the part's `group`), add up to the
/// total row whose keys read the parts' keys and group.
#[derive(Debug, Clone, Copy)]
pub struct Group {
    pub parts: Side,
    pub group: &'static str,
    pub via: Option<(&'static str, &'static str, &'static str)>,
    pub totals: Side,
    pub columns: &'static [(&'static str, &'static str)],
}

const MEASURE_COUNTS: &[(&str, &str)] = &[
    ("n_paired", "n_paired"),
    ("n_improved", "n_improved"),
    ("n_meaningful_improvement", "n_meaningful_improvement"),
    ("n_reliable_improvement", "n_reliable_improvement"),
    ("n_reliable_deterioration", "n_reliable_deterioration"),
    ("n_caseness_baseline", "n_caseness_baseline"),
    ("n_recovered", "n_recovered"),
    ("n_reliable_recovery", "n_reliable_recovery"),
];

/// Projects add up to their areas, across tables; a measure's projects
/// to the measure pooled (the report's distance-travelled chart).
pub const GROUPS: &[Group] = &[
    Group {
        parts: side("measures", &[], &[]),
        group: "measure",
        via: None,
        totals: side("measures_pooled", &[], &["measure"]),
        columns: MEASURE_COUNTS,
    },
    Group {
        parts: side("vfm_effectiveness", &[("level", "project")], &[]),
        group: "area",
        via: None,
        totals: side("vfm_effectiveness", &[("level", "area")], &["key"]),
        columns: &[
            ("n_people_paired", "n_people_paired"),
            ("outcomes", "outcomes"),
            ("recoveries", "recoveries"),
            ("n_clinical", "n_clinical"),
            ("n_caseness_baseline", "n_caseness_baseline"),
            ("reliable_recoveries", "reliable_recoveries"),
            ("n_reliable_improvement", "n_reliable_improvement"),
            ("n_reliable_deterioration", "n_reliable_deterioration"),
            ("wellby_people", "wellby_people"),
        ],
    },
    Group {
        parts: side("vfm_efficiency", &[("level", "project")], &[]),
        group: "area",
        via: None,
        totals: side("vfm_efficiency", &[("level", "area")], &["key"]),
        columns: &[
            ("participants", "participants"),
            ("attendances", "attendances"),
        ],
    },
    // A funnel's projects, by the area vfm.csv gives each, add up to the
    // objective's area in objectives.csv.
    Group {
        parts: Side {
            except: Some(("project_id", "ALL")),
            ..side("funnels", &[], &["quarter", "objective"])
        },
        group: "project_id",
        via: Some(("vfm", "project_id", "area")),
        totals: Side {
            except: Some(("area", "All areas")),
            ..side("objectives", &[], &["quarter", "objective", "area"])
        },
        columns: SAME_OBJECTIVE,
    },
];
