//! Columns that several tables share, declared once so that a column is
//! called, labelled, formatted and disclosed the same way wherever it
//! appears. A column only one table has is declared in that table.

use super::rules;
use crate::disclose::{Column, Format};

pub const QUARTER: Column = Column::key("quarter", "Quarter");
pub const AREA: Column = Column::key("area", "Area");
pub const PROJECT_ID: Column = Column::key("project_id", "Project");
pub const PROJECT_NAME: Column = Column::key("project_name", "Project name");
pub const MEASURE: Column = Column::key("measure", "Measure");
pub const OBJECTIVE: Column = Column::key("objective", "Objective");
pub const OBJECTIVE_NAME: Column = Column::key("objective_name", "Objective name");
pub const ACTIVITY_TYPE: Column = Column::key("activity_type", "Activity type");
pub const ORGANISATION_TYPE: Column = Column::key("organisation_type", "Type of organisation");
pub const SUPPLIER: Column = Column::key("supplier", "Supplier");
pub const INDICATOR: Column = Column::key("indicator", "Indicator");

/// People counted once per objective: those with a paired score on a
/// measure mapped to it.
pub const N_PEOPLE: Column = Column::count("n_people", "People with a paired score");
pub const N_IMPROVED: Column = Column::count("n_improved", "People improved");
pub const RATE_IMPROVED: Column = Column::derived(
    "rate_improved",
    "Share improved",
    Format::Percent,
    rules::RATE_IMPROVED,
);
pub const N_DETERIORATED: Column = Column::count("n_deteriorated", "People who got worse");
pub const COUNT_OUTCOMES: Column =
    Column::count("count_outcomes", "Outcomes counted on the Counts sheet");

pub const COST_GBP: Column = Column::plain("cost_gbp", "Cost (£)", Format::Money);
pub const IN_KIND_GBP: Column = Column::plain("in_kind_gbp", "In-kind value (£)", Format::Money);
pub const PARTICIPANTS: Column = Column::count("participants", "Participants");
pub const N_PEOPLE_PAIRED: Column = Column::count("n_people_paired", "People with a paired score");
pub const OUTCOMES: Column = Column::count("outcomes", "People with a meaningful improvement");
pub const RECOVERIES: Column = Column::count("recoveries", "People recovered");
pub const N_CLINICAL: Column = Column::count("n_clinical", "People judged on a clinical measure");
pub const N_CASENESS_BASELINE: Column =
    Column::count("n_caseness_baseline", "People at caseness at the start");
pub const RECOVERY_RATE: Column = Column::derived(
    "recovery_rate",
    "Recovery rate",
    Format::Percent,
    rules::RECOVERY_RATE,
);
pub const RELIABLE_RECOVERIES: Column =
    Column::count("reliable_recoveries", "People reliably recovered");
pub const N_RELIABLE_IMPROVEMENT: Column =
    Column::count("n_reliable_improvement", "People reliably improved");
pub const RELIABLE_IMPROVEMENT_RATE: Column = Column::derived(
    "reliable_improvement_rate",
    "Reliable improvement rate",
    Format::Percent,
    rules::RELIABLE_IMPROVEMENT_RATE,
);
pub const N_RELIABLE_DETERIORATION: Column =
    Column::count("n_reliable_deterioration", "People reliably worse");
pub const RELIABLE_DETERIORATION_RATE: Column = Column::derived(
    "reliable_deterioration_rate",
    "Reliable deterioration rate",
    Format::Percent,
    rules::RELIABLE_DETERIORATION_RATE,
);
/// The clinical results of a VfM unit, in their order (one declaration
/// for the effectiveness, supplier and organisation-type tables; pages
/// show them apart).
pub const CLINICAL_RESULTS: [Column; 8] = [
    N_CLINICAL,
    N_CASENESS_BASELINE,
    RECOVERY_RATE,
    RELIABLE_RECOVERIES,
    N_RELIABLE_IMPROVEMENT,
    RELIABLE_IMPROVEMENT_RATE,
    N_RELIABLE_DETERIORATION,
    RELIABLE_DETERIORATION_RATE,
];
pub const COST_PER_PARTICIPANT_GBP: Column = Column::derived(
    "cost_per_participant_gbp",
    "Cost per participant (£)",
    Format::Money,
    rules::COST_PER_PARTICIPANT,
);
pub const COST_PER_OUTCOME_GBP: Column = Column::derived(
    "cost_per_outcome_gbp",
    "Cost per person improved (£)",
    Format::Money,
    rules::COST_PER_OUTCOME,
);
/// WELLBYs: a sum of changes in life satisfaction (and of any configured
/// conversion), which no published count gives: a statistic.
pub const WELLBYS: Column = Column::stat("wellbys", "WELLBYs", Format::Number(2), &[]);
/// The central benefit-cost ratio: social value ÷ (cost + in-kind).
pub const BCR_CENTRAL: Column = Column::derived(
    "bcr_central",
    "Benefit-cost ratio (central)",
    Format::Ratio(2),
    rules::BCR_CENTRAL,
);
pub const VALUE_LOW_GBP: Column = Column::derived(
    "value_low_gbp",
    "Social value, low (£)",
    Format::Money,
    rules::VALUE_LOW,
);
pub const VALUE_CENTRAL_GBP: Column = Column::derived(
    "value_central_gbp",
    "Social value, central (£)",
    Format::Money,
    rules::VALUE_CENTRAL,
);
pub const VALUE_HIGH_GBP: Column = Column::derived(
    "value_high_gbp",
    "Social value, high (£)",
    Format::Money,
    rules::VALUE_HIGH,
);
pub const N_BASELINE: Column = Column::count("n_baseline", "People with a baseline score");
