//! Outcome tables: measures, the six objectives (by area, quarter, activity
//! type and organisation type), Counts indicators, and the projects a
//! funnel plot compares with their control limits.

use super::columns::*;
use super::rules;
use crate::aggregate::{
    ALL_AREAS, ALL_PROJECTS, ALL_TYPES, BandRow, GroupObjectiveRow, IndicatorRow, Limits,
    MeasureRow, ObjectiveRow, Position, ProjectObjectiveRow, limits,
};
use crate::config::IndicatorKind;
use crate::core::Quarter;
use crate::disclose::{Column, Format, Spec, Totals, Val};

pub const MEAN_CHANGE: Column = Column::stat("mean_change", "Average change", Format::Score, &[]);

pub const MEAN_FOLLOWUP: Column =
    Column::stat("mean_followup", "Average at follow-up", Format::Score, &[]);

pub const PROGRAMME_RATE: Column = Column::derived(
    "programme_rate",
    "Programme share improved",
    Format::Percent,
    rules::PROGRAMME_RATE,
);

pub const N_MEANINGFUL_IMPROVEMENT: Column =
    Column::count("n_meaningful_improvement", "Meaningful improvement");

pub const MEASURES: &str = "measures";
pub const MEASURES_POOLED: &str = "measures_pooled";
pub const BANDS: &str = "bands";
pub const OBJECTIVES: &str = "objectives";
pub const TRENDS: &str = "trends";
pub const ACTIVITY_TYPES: &str = "activity_types";
pub const ORG_TYPE_OBJECTIVES: &str = "org_type_objectives";
pub const INDICATORS: &str = "indicators";
pub const FUNNELS: &str = "funnels";

pub const POSITION_95: Column =
    position("position_95", "Against the 95% limits", rules::POSITION_95);
pub const POSITION_998: Column = position(
    "position_998",
    "Against the 99.8% limits",
    rules::POSITION_998,
);
pub const LOWER_998: Column = limit("lower_998", "Lower 99.8% limit", rules::LOWER_998);
pub const LOWER_95: Column = limit("lower_95", "Lower 95% limit", rules::LOWER_95);
pub const UPPER_95: Column = limit("upper_95", "Upper 95% limit", rules::UPPER_95);
pub const UPPER_998: Column = limit("upper_998", "Upper 99.8% limit", rules::UPPER_998);
pub const N_PAIRED: Column = Column::count("n_paired", "People with both scores");
pub const MEAN_BASELINE: Column =
    Column::stat("mean_baseline", "Average at the start", Format::Score, &[]);

/// tables/measures.csv: one row per project × measure. Means rest on the
/// people paired (withheld below the minimum); measures do not add up
/// across rows (a person can have several), so nothing is declared to.
pub fn measures<'a>() -> Spec<&'a MeasureRow> {
    Spec::<&'a MeasureRow>::new(MEASURES, "Measures: paired scores per project")
        .sheet("Measures", "For each project and measure: people with both scores, average change, improvement, recovery")
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(PROJECT_ID, |r| Val::text(&r.project_id))
        .col(MEASURE, |r| Val::text(&r.measure))
        .col(N_PAIRED, |r| {
            Val::count(r.n_paired)
        })
        .col(MEAN_BASELINE, |r| {
            Val::opt_stat(r.mean_baseline, Some(r.n_paired))
        })
        .col(
            MEAN_FOLLOWUP,
            |r| Val::opt_stat(r.mean_followup, Some(r.n_paired)),
        )
        .col(
            MEAN_CHANGE,
            |r| Val::opt_stat(r.mean_change, Some(r.n_paired)),
        )
        .col(
            Column::count("n_improved", "People whose score improved"),
            |r| Val::count(r.n_improved),
        )
        .col(
            N_MEANINGFUL_IMPROVEMENT,
            |r| Val::count(r.n_meaningful_improvement),
        )
        .col(
            Column::count("n_reliable_improvement", "Reliable improvement"),
            |r| Val::opt_count(r.n_reliable_improvement),
        )
        .col(
            Column::count("n_reliable_deterioration", "Reliable deterioration"),
            |r| Val::opt_count(r.n_reliable_deterioration),
        )
        .col(
            Column::count("n_caseness_baseline", "At caseness at the start"),
            |r| Val::opt_count(r.n_caseness_baseline),
        )
        .col(Column::count("n_recovered", "Recovered"), |r| {
            Val::opt_count(r.n_recovered)
        })
        .col(
            Column::count("n_reliable_recovery", "Reliable recovery"),
            |r| Val::opt_count(r.n_reliable_recovery),
        )
}

/// Every project pooled, per measure (project_id `ALL`), for the distance
/// travelled chart: measures.csv's columns, not written.
pub fn measures_pooled<'a>() -> Spec<&'a MeasureRow> {
    measures()
        .renamed(MEASURES_POOLED, "Measures: all projects pooled")
        .unwritten()
}

/// tables/bands.csv: people moving in and out of a measure's wellbeing
/// band (ONS4's low 0–4, a loneliness band), per project and then every
/// project (`ALL`). A band describes how scores spread: leaving it is
/// reported under its own name, never as a recovery. A person is in one
/// project, so the projects add up to `ALL`.
pub fn bands<'a>() -> Spec<&'a BandRow> {
    Spec::<&'a BandRow>::new(
        BANDS,
        "Wellbeing bands: people moving in and out (not recovery)",
    )
    .sheet(
        "Wellbeing bands",
        "How many people moved out of (or into) a wellbeing band such as ONS4's low life satisfaction? Not a recovery",
    )
    .col(QUARTER, |r| Val::text(r.quarter))
    .col(PROJECT_ID, |r| Val::text(&r.project_id))
    .col(MEASURE, |r| Val::text(&r.measure))
    .col(Column::key("band", "Band"), |r| Val::text(&r.band))
    .col(N_PAIRED, |r| {
        Val::count(r.n_paired)
    })
    .col(
        Column::count("n_in_band_baseline", "In the band at the start"),
        |r| Val::count(r.n_in_band_baseline),
    )
    .col(Column::count("n_left_band", "Left the band"), |r| {
        Val::count(r.n_left_band)
    })
    .col(Column::count("n_entered_band", "Entered the band"), |r| {
        Val::count(r.n_entered_band)
    })
    .totals(Totals::sum(&["measure"], "project_id", ALL_PROJECTS))
}

/// The figures every objectives table shares after its keys; trends and
/// the group tables also show who got worse.
fn objective_figures<'a, R: HasFigures + 'a>(s: Spec<&'a R>, deteriorated: bool) -> Spec<&'a R> {
    let s = s
        .col(OBJECTIVE, |r| Val::text(r.figures().objective))
        .col(OBJECTIVE_NAME, |r| Val::text(r.figures().name))
        .col(N_PEOPLE, |r| Val::count(r.figures().people))
        .col(N_IMPROVED, |r| Val::count(r.figures().improved))
        .col(RATE_IMPROVED, |r| {
            let f = r.figures();
            Val::opt_stat(f.rate, Some(f.people))
        });
    let s = if deteriorated {
        s.col(N_DETERIORATED, |r| Val::count(r.figures().deteriorated))
    } else {
        s
    };
    s.col(COUNT_OUTCOMES, |r| Val::Count(r.figures().counted))
}

/// An objective's figures, whichever grouping (area, activity type,
/// organisation type) the row is for.
pub struct Figures<'r> {
    pub objective: u8,
    pub name: &'r str,
    pub people: u64,
    pub improved: u64,
    pub rate: Option<f64>,
    pub deteriorated: u64,
    pub counted: f64,
}

/// A row that carries an objective's figures.
pub trait HasFigures {
    fn figures(&self) -> Figures<'_>;
}

/// Both kinds of objectives row carry the same figures under the same
/// field names.
macro_rules! has_figures {
    ($($row:ty),*) => {$(
        impl HasFigures for $row {
            fn figures(&self) -> Figures<'_> {
                Figures {
                    objective: self.objective,
                    name: &self.objective_name,
                    people: self.n_people,
                    improved: self.n_improved,
                    rate: self.rate_improved,
                    deteriorated: self.n_deteriorated,
                    counted: self.count_outcomes,
                }
            }
        }
    )*};
}
has_figures!(ObjectiveRow, GroupObjectiveRow);

/// Areas add up to All areas in every quarter and objective.
const BY_AREA: Totals = Totals::sum(&["quarter", "objective"], "area", ALL_AREAS);

/// tables/objectives.csv: one row per area × objective, plus All areas.
pub fn objectives<'a>() -> Spec<&'a ObjectiveRow> {
    let s = Spec::<&'a ObjectiveRow>::new(OBJECTIVES, "The six objectives: people improved")
        .sheet(
            "Objectives",
            "How many people improved on each of the six objectives, by area?",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(AREA, |r| Val::text(&r.area));
    objective_figures(s, false).totals(BY_AREA)
}

/// tables/trends.csv: every quarter up to the report's × area × objective.
pub fn trends<'a>() -> Spec<&'a ObjectiveRow> {
    let s = Spec::<&'a ObjectiveRow>::new(TRENDS, "Objectives by quarter")
        .sheet(
            "Trends",
            "How have the objectives moved, quarter by quarter?",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(AREA, |r| Val::text(&r.area));
    objective_figures(s, true).totals(BY_AREA)
}

/// tables/activity_types.csv: which kinds of activity shift which
/// objectives. A person in two types of activity counts in each, so the
/// types do not add up to a total.
pub fn activity_types<'a>() -> Spec<&'a GroupObjectiveRow> {
    let s = Spec::<&'a GroupObjectiveRow>::new(ACTIVITY_TYPES, "Objectives by activity type")
        .sheet(
            "Activity types",
            "Which kinds of activity (peer support, arts, green care...) did the people who improved take part in?",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(ACTIVITY_TYPE, |r| Val::text(&r.group));
    objective_figures(s, true)
}

/// tables/org_type_objectives.csv: the objectives by type of organisation.
/// Each project has one type, so the types add up to "All organisation
/// types" (secondary suppression).
pub fn org_type_objectives<'a>() -> Spec<&'a GroupObjectiveRow> {
    let s = Spec::<&'a GroupObjectiveRow>::new(
        ORG_TYPE_OBJECTIVES,
        "Objectives by type of organisation",
    )
    .sheet(
        "Objectives by organisation type",
        "How many people improved on each objective, by type of organisation?",
    )
    .col(QUARTER, |r| Val::text(r.quarter))
    .col(ORGANISATION_TYPE, |r| Val::text(&r.group));
    objective_figures(s, true).totals(Totals::sum(
        &["quarter", "objective"],
        "organisation_type",
        ALL_TYPES,
    ))
}

/// tables/indicators.csv: Counts indicators per project, area and overall.
/// Projects add up to their area, areas to all areas; a proportion and its
/// interval show the counts they rest on.
pub fn indicators<'a>() -> Spec<&'a IndicatorRow> {
    Spec::<&'a IndicatorRow>::new(INDICATORS, "Counts indicators")
        .sheet(
            "Indicators",
            "The Counts sheet's indicators (referrals, A&E attendances...) by project and area",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(AREA, |r| Val::text(&r.area))
        .col(PROJECT_ID, |r| Val::text(&r.project_id))
        .col(INDICATOR, |r| Val::text(&r.indicator))
        .col(Column::key("indicator_name", "Indicator name"), |r| {
            Val::text(&r.indicator_name)
        })
        .col(Column::key("kind", "Kind"), |r| {
            Val::text(match r.kind {
                IndicatorKind::Proportion => "proportion",
                IndicatorKind::Count => "count",
                IndicatorKind::BeforeAfter => "before_after",
            })
        })
        .col(OBJECTIVE, |r| Val::text(r.objective))
        .col(Column::count("numerator", "Number counted"), |r| {
            Val::Count(r.numerator)
        })
        .col(Column::count("denominator", "Out of"), |r| {
            r.denominator.map_or(Val::Empty, Val::Count)
        })
        .col(Column::count("baseline", "Before joining"), |r| {
            r.baseline.map_or(Val::Empty, Val::Count)
        })
        .col(
            Column::derived(
                "proportion",
                "Proportion",
                Format::Percent,
                rules::PROPORTION,
            ),
            |r| Val::opt_stat(r.proportion, r.denominator.map(|d| d as u64)),
        )
        .col(
            Column::derived(
                "ci_low",
                "95% interval, low",
                Format::Percent,
                rules::PROPORTION_LOW,
            ),
            |r| Val::opt_stat(r.ci_low, r.denominator.map(|d| d as u64)),
        )
        .col(
            Column::derived(
                "ci_high",
                "95% interval, high",
                Format::Percent,
                rules::PROPORTION_HIGH,
            ),
            |r| Val::opt_stat(r.ci_high, r.denominator.map(|d| d as u64)),
        )
        .col(Column::count("reduction", "Reduction"), |r| {
            r.reduction.map_or(Val::Empty, Val::Count)
        })
        .totals(Totals::sum(
            &["indicator", "area"],
            "project_id",
            ALL_PROJECTS,
        ))
        .totals(Totals::sum(&["indicator", "project_id"], "area", ALL_AREAS))
}

/// A project's row of a funnel plot, or the programme (`ALL`) row its
/// projects add up to.
pub struct FunnelRow<'a> {
    pub quarter: Quarter,
    pub objective: u8,
    pub project_id: &'a str,
    pub n_people: u64,
    pub n_improved: u64,
    pub rate_improved: Option<f64>,
    /// The programme's rate (All areas) and the people it rests on.
    pub programme_rate: Option<f64>,
    pub programme_people: u64,
    /// The control limits around the programme rate, at the number of
    /// people as the edition shows it (None for the `ALL` row).
    pub limits: Option<Limits>,
}

impl<'a> FunnelRow<'a> {
    /// Each project's row of every objective with a programme rate, by
    /// objective and project, then each objective's `ALL` row, with exact
    /// limits (the published edition works them out again from its own
    /// figures).
    pub fn all(
        projects: &'a [ProjectObjectiveRow],
        objectives: &'a [ObjectiveRow],
    ) -> Vec<FunnelRow<'a>> {
        let programme = |k: u8| {
            objectives
                .iter()
                .find(|r| r.area == ALL_AREAS && r.objective == k)
        };
        let mut rows: Vec<FunnelRow> = projects
            .iter()
            .filter_map(|r| {
                let all = programme(r.objective)?;
                Some(FunnelRow {
                    quarter: r.quarter,
                    objective: r.objective,
                    project_id: &r.project_id,
                    n_people: r.n_people,
                    n_improved: r.n_improved,
                    rate_improved: Some(r.rate_improved),
                    programme_rate: all.rate_improved,
                    programme_people: all.n_people,
                    limits: all
                        .rate_improved
                        .and_then(|theta| limits(theta, r.n_people)),
                })
            })
            .collect();
        rows.sort_by(|a, b| (a.objective, a.project_id).cmp(&(b.objective, b.project_id)));
        let with_projects: std::collections::BTreeSet<u8> =
            rows.iter().map(|r| r.objective).collect();
        rows.extend(
            objectives
                .iter()
                .filter(|r| r.area == ALL_AREAS && with_projects.contains(&r.objective))
                .map(|r| FunnelRow {
                    quarter: r.quarter,
                    objective: r.objective,
                    project_id: ALL_PROJECTS,
                    n_people: r.n_people,
                    n_improved: r.n_improved,
                    rate_improved: r.rate_improved,
                    programme_rate: r.rate_improved,
                    programme_people: r.n_people,
                    limits: None,
                }),
        );
        rows
    }

    /// A limit, or a position against the limits, of a project row: resting
    /// on its people (and withheld with its rate and the programme rate).
    fn at(&self, f: fn(&Limits) -> f64) -> Val {
        self.limits
            .map_or(Val::Empty, |l| Val::stat(f(&l), Some(self.n_people)))
    }

    fn position(&self, f: fn(&Limits, f64) -> Position) -> Val {
        match (self.limits, self.rate_improved) {
            (Some(l), Some(rate)) => Val::text(f(&l, rate).as_str()),
            _ => Val::Empty,
        }
    }
}

/// A limit column: a share (4 decimals in the CSV), worked out around the
/// published programme rate at the published number of people.
const fn limit(name: &'static str, label: &'static str, rule: crate::disclose::Rule) -> Column {
    Column::derived(name, label, Format::Percent, rule)
}

/// A position column: above, within or below a pair of limits, from the
/// published rate and limits.
const fn position(name: &'static str, label: &'static str, rule: crate::disclose::Rule) -> Column {
    Column::derived(name, label, Format::Text, rule)
}

/// tables/funnels.csv: each project's share of people improved on each
/// objective, against exact binomial control limits around the
/// programme's share (Spiegelhalter 2005). The funnel plots draw it: a
/// point withheld here is not drawn. The projects of an objective add up
/// to its `ALL` row, so with one project withheld the smallest other goes
/// too (secondary suppression).
pub fn funnels<'a>() -> Spec<FunnelRow<'a>> {
    Spec::<FunnelRow<'a>>::new(FUNNELS, "Projects compared: funnel limits")
        .sheet(
            "Projects compared",
            "Is a project's share improved better, similar or worse than the programme's (funnel limits at 95% and 99.8%)?",
        )
        .col(QUARTER, |r| Val::text(r.quarter))
        .col(OBJECTIVE, |r| Val::text(r.objective))
        .col(PROJECT_ID, |r| Val::text(r.project_id))
        .col(N_PEOPLE, |r| Val::count(r.n_people))
        .col(N_IMPROVED, |r| Val::count(r.n_improved))
        .col(RATE_IMPROVED, |r| {
            Val::opt_stat(r.rate_improved, Some(r.n_people))
        })
        .col(
            PROGRAMME_RATE,
            |r| Val::opt_stat(r.programme_rate, Some(r.programme_people)),
        )
        .col(
            LOWER_998,
            |r| r.at(|l| l.lower_998),
        )
        .col(
            LOWER_95,
            |r| r.at(|l| l.lower_95),
        )
        .col(
            UPPER_95,
            |r| r.at(|l| l.upper_95),
        )
        .col(
            UPPER_998,
            |r| r.at(|l| l.upper_998),
        )
        .col(
            POSITION_95,
            |r| r.position(Limits::position_95),
        )
        .col(
            POSITION_998,
            |r| r.position(Limits::position_998),
        )
        .totals(Totals::sum(
            &["quarter", "objective"],
            "project_id",
            ALL_PROJECTS,
        ))
}
