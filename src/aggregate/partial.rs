//! The quarter's partial results: each project's counts of people and
//! sums of its measures, made per project and added up.
//!
//! Every count of people in the tables (people paired, improved on an
//! objective, deteriorated, their clinical results) counts a person once
//! per unit, however many measures they have. A person belongs to one
//! project (people are matched within a project, never across), so a
//! unit's count is the sum of its projects' counts: each project's people
//! are counted within the project once ([`Counts`], per [`Scope`]), and a
//! unit adds up the counts of the projects (or the project's activity
//! types, suppliers or areas) it is made of. Integers add exactly, in any
//! order, so the tables are the same whatever order projects are counted
//! in, on any number of threads.
//!
//! This replaces a frame of every judgement of the quarter (millions of
//! rows at national scale) and two polars group-bys over it per unit: the
//! largest block of memory the aggregation held. Only one project's people
//! are held at a time.
//!
//! A measure's results (people paired, mean scores and change, people
//! improved, in a band) are sums and counts of its pairs ([`Sums`]), kept
//! per project, scope and measure and added up the same way. Sums of
//! scores are held exactly ([`ExactSum`]), so they too add up to the same
//! bits in any order and any split between projects, store and new
//! returns.

use std::collections::HashMap;

use rayon::prelude::*;

use super::frames::Delivery;
use crate::core::{ExactSum, FastMap, Name, Quarter};
use crate::score::{ClinicalFact, Judgement, OutcomeFact, each_judgement};

/// What a person counts under within their project. A person can be in
/// two activity types, two suppliers (and, over a period, two areas), so
/// each is counted on its own; the project as a whole counts them once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Scope {
    /// The project: its own units, and its organisation type's and the
    /// programme's (a project has one organisation type).
    Project,
    Area(Name),
    ActivityType(Name),
    Supplier(Name),
}

/// One project's (or unit's) people in one scope. Objective-indexed arrays
/// are indexed by objective id (1 to 6, config/objectives.toml).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Counts {
    /// Partials with an outcome row (a baseline), those followed up on at
    /// least one measure, and those who ended their course early
    /// (follow-up completion).
    pub baseline: u64,
    pub followed: u64,
    pub ended_early: u64,
    /// Partials with at least one counted pair.
    pub paired: u64,
    /// Partials improved on at least one objective (judged as
    /// [`crate::score::judgements`] says).
    pub outcomes: u64,
    /// Partials with a clinical result, and of those: at caseness at the
    /// start, recovered, reliably recovered, reliably improved, reliably
    /// deteriorated.
    pub clinical: u64,
    pub caseness: u64,
    pub recovered: u64,
    pub reliable_recovery: u64,
    pub reliable_improvement: u64,
    pub reliable_deterioration: u64,
    /// Per objective: people with a measure mapped to it, those improved
    /// on one, and people with a reliable deterioration counted under it.
    pub mapped: [u64; 8],
    pub improved: [u64; 8],
    pub deteriorated: [u64; 8],
}

impl Counts {
    /// Whether anyone here has a counted pair or a clinical result: what
    /// the units and objectives count (people with only a baseline count
    /// in follow-up completion alone).
    pub fn counted(&self) -> bool {
        self.paired > 0 || self.clinical > 0
    }

    pub fn add(&mut self, o: &Counts) {
        self.baseline += o.baseline;
        self.followed += o.followed;
        self.ended_early += o.ended_early;
        self.paired += o.paired;
        self.outcomes += o.outcomes;
        self.clinical += o.clinical;
        self.caseness += o.caseness;
        self.recovered += o.recovered;
        self.reliable_recovery += o.reliable_recovery;
        self.reliable_improvement += o.reliable_improvement;
        self.reliable_deterioration += o.reliable_deterioration;
        for k in 0..8 {
            self.mapped[k] += o.mapped[k];
            self.improved[k] += o.improved[k];
            self.deteriorated[k] += o.deteriorated[k];
        }
    }

    fn count(&mut self, f: &Flags) {
        let n = |b: bool| u64::from(b);
        self.baseline += n(f.baseline);
        self.followed += n(f.followed);
        self.ended_early += n(f.ended_early);
        self.paired += n(f.paired);
        self.outcomes += n(f.improved != 0);
        self.clinical += n(f.clinical);
        self.caseness += n(f.caseness);
        self.recovered += n(f.recovered);
        self.reliable_recovery += n(f.reliable_recovery);
        self.reliable_improvement += n(f.reliable_improvement);
        self.reliable_deterioration += n(f.reliable_deterioration);
        for k in 0..8 {
            self.mapped[k] += n(f.mapped & (1 << k) != 0);
            self.improved[k] += n(f.improved & (1 << k) != 0);
            self.deteriorated[k] += n(f.deteriorated & (1 << k) != 0);
        }
    }
}

/// What one person has in one scope (objectives as bit sets).
#[derive(Debug, Clone, Copy, Default)]
struct Flags {
    baseline: bool,
    followed: bool,
    ended_early: bool,
    paired: bool,
    clinical: bool,
    caseness: bool,
    recovered: bool,
    reliable_recovery: bool,
    reliable_improvement: bool,
    reliable_deterioration: bool,
    mapped: u8,
    improved: u8,
    deteriorated: u8,
}

/// One project's (or unit's) outcome rows on one measure in one scope:
/// what every table of a measure's results is made from.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Sums {
    /// Outcome rows, and those with both scores (counted or not).
    pub rows: u64,
    pub followed: u64,
    /// Counted pairs (both scores, a finished course), and the sums of
    /// their baselines, follow-ups and changes.
    pub paired: u64,
    pub baseline: ExactSum,
    pub followup: ExactSum,
    pub change: ExactSum,
    /// Counted pairs improved, meaningfully, reliably; reliably
    /// deteriorated; at caseness at the start; recovered; reliably so.
    pub improved: u64,
    pub meaningful: u64,
    pub reliable_improvement: u64,
    pub reliable_deterioration: u64,
    pub caseness: u64,
    pub recovered: u64,
    pub reliable_recovery: u64,
    /// Counted pairs on a measure with a band; in it at the start; leaving
    /// it; entering it.
    pub band_paired: u64,
    pub in_band: u64,
    pub left_band: u64,
    pub entered_band: u64,
}

impl Sums {
    pub fn add(&mut self, o: &Sums) {
        self.rows += o.rows;
        self.followed += o.followed;
        self.paired += o.paired;
        self.baseline.add(o.baseline);
        self.followup.add(o.followup);
        self.change.add(o.change);
        self.improved += o.improved;
        self.meaningful += o.meaningful;
        self.reliable_improvement += o.reliable_improvement;
        self.reliable_deterioration += o.reliable_deterioration;
        self.caseness += o.caseness;
        self.recovered += o.recovered;
        self.reliable_recovery += o.reliable_recovery;
        self.band_paired += o.band_paired;
        self.in_band += o.in_band;
        self.left_band += o.left_band;
        self.entered_band += o.entered_band;
    }

    fn count(&mut self, o: &OutcomeFact) {
        let s = &o.scored;
        let yes = |b: Option<bool>| u64::from(b == Some(true));
        self.rows += 1;
        self.followed += u64::from(s.paired());
        if !o.counted() {
            return;
        }
        self.paired += 1;
        self.baseline.push(s.baseline);
        self.followup.push(s.followup.unwrap_or(0.0));
        self.change.push(s.change.unwrap_or(0.0));
        self.improved += yes(s.improved);
        self.meaningful += yes(s.meaningful_improvement);
        self.reliable_improvement += yes(s.reliable_improvement);
        self.reliable_deterioration += yes(s.reliable_deterioration);
        self.caseness += yes(s.caseness_baseline);
        self.recovered += yes(s.recovered);
        self.reliable_recovery += yes(s.reliable_recovery);
        if let Some(b) = s.band_baseline {
            self.band_paired += 1;
            self.in_band += u64::from(b);
            self.left_band += u64::from(b && s.band_followup == Some(false));
            self.entered_band += u64::from(!b && s.band_followup == Some(true));
        }
    }

    /// Sum ÷ count, when anyone is paired: the exact sum rounded, then
    /// divided (two roundings, whatever order the pairs were added in).
    pub fn mean(&self, sum: ExactSum) -> Option<f64> {
        (self.paired > 0).then(|| sum.value() / self.paired as f64)
    }
}

/// The partial results of one quarter: each project's counts of people
/// and sums per measure, per scope, in order of project (by its text),
/// scope and measure.
#[derive(Debug, Default)]
pub(super) struct Partials {
    counts: Vec<(Name, Scope, Counts)>,
    sums: Vec<(Name, Scope, Name, Sums)>,
}

impl Partials {
    /// Counts the people of `quarter`'s facts, project by project (in
    /// parallel: a project's count needs no other project's facts).
    pub fn new<'a>(
        outcomes: impl Iterator<Item = &'a OutcomeFact>,
        clinical: impl Iterator<Item = &'a ClinicalFact>,
        quarter: Quarter,
        clinical_objective: u8,
        harm: u8,
        d: &Delivery,
    ) -> Partials {
        let mut projects: HashMap<Name, (Vec<&OutcomeFact>, Vec<&ClinicalFact>)> = HashMap::new();
        for o in outcomes.filter(|o| o.quarter == quarter) {
            projects.entry(o.project_id).or_default().0.push(o);
        }
        for c in clinical.filter(|c| c.quarter == quarter) {
            projects.entry(c.project_id).or_default().1.push(c);
        }
        let mut projects: Vec<_> = projects.into_iter().collect();
        projects.sort_unstable_by_key(|(p, _)| *p);
        let each: Vec<_> = projects
            .par_iter()
            .map(|(project, (outs, clins))| {
                let sup = Suppliers::of(*project, outs, clins, d);
                (
                    project_counts(*project, outs, clins, clinical_objective, harm, &sup),
                    project_sums(*project, outs, &sup),
                )
            })
            .collect();
        let mut p = Partials::default();
        for (counts, sums) in each {
            p.counts.extend(counts);
            p.sums.extend(sums);
        }
        p
    }

    /// Every unit's sums per measure: `unit` names the unit a project's
    /// scope is added to (None: none). Added in the partials' order, so
    /// the same facts give the same bits.
    pub fn sums_by<K: Ord>(
        &self,
        unit: impl Fn(Name, Scope) -> Option<K>,
    ) -> std::collections::BTreeMap<(K, Name), Sums> {
        let mut out = std::collections::BTreeMap::new();
        for (project, scope, measure, s) in &self.sums {
            if let Some(k) = unit(*project, *scope) {
                out.entry((k, *measure))
                    .or_insert_with(Sums::default)
                    .add(s);
            }
        }
        out
    }

    /// Every unit's counts: `unit` names the unit a project's scope is
    /// added to (None: none), keyed by the unit's name.
    pub fn by<K: Eq + std::hash::Hash>(
        &self,
        unit: impl Fn(Name, Scope) -> Option<K>,
    ) -> HashMap<K, Counts> {
        let mut out: HashMap<K, Counts> = HashMap::new();
        for (project, scope, c) in &self.counts {
            if let Some(k) = unit(*project, *scope) {
                out.entry(k).or_default().add(c);
            }
        }
        out
    }
}

/// One project's counts in every scope its people are in.
fn project_counts(
    project: Name,
    outcomes: &[&OutcomeFact],
    clinical: &[&ClinicalFact],
    clinical_objective: u8,
    harm: u8,
    sup: &Suppliers,
) -> Vec<(Name, Scope, Counts)> {
    let mut people: FastMap<(u32, Scope), Flags> = FastMap::default();
    let flags = |person: u32, area: Name, activity: Name, activity_type: Name| {
        scopes(area, activity, activity_type, sup).map(|s| (person, s))
    };
    let mut mark = |keys: [(u32, Scope); 4], f: &dyn Fn(&mut Flags)| {
        for k in keys {
            f(people.entry(k).or_default());
        }
    };
    for o in outcomes {
        mark(
            flags(o.person, o.area, o.activity_id, o.activity_type),
            &|f| {
                f.baseline = true;
                f.followed |= o.scored.paired();
                f.ended_early |= !o.finished;
                f.paired |= o.counted();
            },
        );
    }
    for c in clinical {
        mark(
            flags(c.person, c.area, c.activity_id, c.activity_type),
            &|f| {
                f.clinical = true;
                f.caseness |= c.caseness_baseline;
                f.recovered |= c.recovered;
                f.reliable_recovery |= c.reliable_recovery;
                f.reliable_improvement |= c.reliable_improvement;
                f.reliable_deterioration |= c.reliable_deterioration;
            },
        );
    }
    each_judgement(
        outcomes.iter().copied(),
        clinical.iter().copied(),
        clinical_objective,
        harm,
        |j: Judgement| {
            let bit = 1u8 << j.objective.min(7);
            mark(
                flags(j.person, j.area, j.activity_id, j.activity_type),
                &|f| {
                    if j.mapped {
                        f.mapped |= bit;
                        if j.improved {
                            f.improved |= bit;
                        }
                    }
                    if j.deteriorated {
                        f.deteriorated |= bit;
                    }
                },
            );
        },
    );
    let mut by: FastMap<Scope, Counts> = FastMap::default();
    for ((_, scope), f) in &people {
        by.entry(*scope).or_default().count(f);
    }
    let mut by: Vec<_> = by.into_iter().map(|(s, c)| (project, s, c)).collect();
    by.sort_unstable_by_key(|x| x.1);
    by
}

/// The supplier of each of a project's activities, worked out once per
/// project: a project has a handful of activities, so a short list
/// searched in turn beats a hash per fact.
pub(super) struct Suppliers(Vec<(Name, Name)>);

impl Suppliers {
    fn of(
        project: Name,
        outcomes: &[&OutcomeFact],
        clinical: &[&ClinicalFact],
        d: &Delivery,
    ) -> Suppliers {
        let mut v: Vec<(Name, Name)> = Vec::new();
        let activities = outcomes
            .iter()
            .map(|o| o.activity_id)
            .chain(clinical.iter().map(|c| c.activity_id));
        for a in activities {
            if !v.iter().any(|(x, _)| *x == a) {
                v.push((a, d.supplier(&project, Some(&a))));
            }
        }
        Suppliers(v)
    }

    fn get(&self, activity: Name) -> Name {
        self.0
            .iter()
            .find(|(a, _)| *a == activity)
            .map(|(_, s)| *s)
            .unwrap_or_default()
    }
}

/// The scopes an outcome row counts under in its project.
fn scopes(area: Name, activity: Name, activity_type: Name, sup: &Suppliers) -> [Scope; 4] {
    [
        Scope::Project,
        Scope::Area(area),
        Scope::ActivityType(activity_type),
        Scope::Supplier(sup.get(activity)),
    ]
}

/// One project's sums per scope and measure, each added up in fact order.
fn project_sums(
    project: Name,
    outcomes: &[&OutcomeFact],
    sup: &Suppliers,
) -> Vec<(Name, Scope, Name, Sums)> {
    let mut by: FastMap<(Scope, Name), Sums> = FastMap::default();
    for o in outcomes {
        for s in scopes(o.area, o.activity_id, o.activity_type, sup) {
            by.entry((s, o.measure_id)).or_default().count(o);
        }
    }
    // In order of scope and measure by their text: the sums are exact, so
    // the order is for the reader of `Partials`, not for the bits.
    let mut v: Vec<_> = by
        .into_iter()
        .map(|((s, m), x)| (project, s, m, x))
        .collect();
    v.sort_unstable_by_key(|x| (x.1, x.2));
    v
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;

    use super::*;
    use crate::config::Config;
    use crate::score::{
        ActivityFact, Facts, ProjectFact, clinical_results, judgements, score_pair,
    };

    fn q() -> Quarter {
        Quarter::new(2026, 2).unwrap()
    }

    /// Projects P0..P3 (areas A0/A1 alternately; P3 has no About, so no
    /// organisation type), each with activities a0..a2 of types T0/T1 and
    /// suppliers S0, s-0 (one supplier) or none. A row: (project, person
    /// within it, activity, measure, baseline, follow-up).
    type Row = (u8, u8, u8, u8, f64, Option<f64>, bool);

    const MEASURES: [&str; 4] = ["WEMWBS", "PHQ-9", "GAD-7", "ONS4-LS"];

    fn facts(c: &Config, rows: &[Row]) -> Facts {
        let mut f = Facts::default();
        for p in 0..3u8 {
            f.projects.push(ProjectFact {
                quarter: q(),
                project_id: format!("P{p}").as_str().into(),
                project_name: "x".into(),
                organisation: "x".into(),
                organisation_type: if p == 0 { "charity" } else { "CIC" }.into(),
                area: format!("A{}", p % 2).as_str().into(),
                file: "x.xlsx".into(),
                origins: Vec::new(),
            });
        }
        for p in 0..4u8 {
            for a in 0..3u8 {
                f.activities.push(ActivityFact {
                    quarter: q(),
                    project_id: format!("P{p}").as_str().into(),
                    area: format!("A{}", p % 2).as_str().into(),
                    activity_id: format!("a{a}").as_str().into(),
                    name: "x".into(),
                    activity_type: format!("T{}", a % 2).as_str().into(),
                    supplier: [Some("S0"), Some("s-0"), None][usize::from(a)].map(Name::new),
                    sessions: 1.0,
                    hours: None,
                    participants: 1.0,
                    attendances: None,
                    cost: 1.0,
                    in_kind: 0.0,
                    volunteer_hours: None,
                });
            }
        }
        for &(p, person, a, m, b, fu, finished) in rows {
            let measure = c.measure_by_id(MEASURES[usize::from(m)]).unwrap();
            let [lo, hi] = measure.range;
            let at = |x: f64| (lo + (hi - lo) * x).round();
            let Some(scored) = score_pair(measure, at(b), fu.map(at)) else {
                continue;
            };
            f.outcomes.push(crate::score::OutcomeFact {
                quarter: q(),
                project_id: format!("P{p}").as_str().into(),
                area: format!("A{}", p % 2).as_str().into(),
                activity_id: format!("a{a}").as_str().into(),
                activity_type: format!("T{}", a % 2).as_str().into(),
                // Partials are numbered across the run: never shared by projects.
                person: u32::from(p) * 100 + u32::from(person),
                measure_id: measure.id.as_str().into(),
                objectives: crate::core::Objectives::of(&measure.objectives),
                scored,
                baseline_date: chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
                followup_date: None,
                clinical: measure.clinical().is_some(),
                finished,
            });
        }
        f.clinical = clinical_results(f.outcomes.iter(), c, |_| None);
        f
    }

    /// The unit of a judgement (or counted pair, or clinical result) under
    /// each grouping, as a whole-quarter count would group it.
    fn units(d: &Delivery, project: Name, area: Name, activity: Name, t: Name) -> [String; 5] {
        [
            format!("project {project}"),
            format!("area {area}"),
            format!("type {t}"),
            format!("supplier {}", d.supplier(&project, Some(&activity))),
            "total".to_string(),
        ]
    }

    fn scope_unit(project: Name, s: Scope, d: &Delivery) -> Vec<String> {
        match s {
            Scope::Project => vec![format!("project {project}"), "total".to_string()],
            Scope::Area(a) => vec![format!("area {a}")],
            Scope::ActivityType(t) => vec![format!("type {t}")],
            Scope::Supplier(s) => {
                let _ = d;
                vec![format!("supplier {s}")]
            }
        }
    }

    proptest! {
        /// Counting each project's people and adding the projects up gives
        /// the distinct people a count over the whole quarter gives, in
        /// every unit, for every figure: people in two activity types or
        /// suppliers, with several measures, with clinical results, ended
        /// early or not followed up.
        #[test]
        fn projects_add_up_to_the_whole_quarter(
            rows in proptest::collection::vec(
                (0..4u8, 0..6u8, 0..3u8, 0..4u8, 0.0..=1.0f64,
                 proptest::option::weighted(0.8, 0.0..=1.0f64), proptest::bool::weighted(0.9)),
                0..60,
            )
        ) {
            let c = Config::builtin().unwrap();
            let f = facts(&c, &rows);
            let acts: Vec<&ActivityFact> = f.activities.iter().collect();
            let d = Delivery::new(&f, q(), &acts);
            let (co, harm) = (c.pairing.objective, super::super::HARM_OBJECTIVE);
            let people = Partials::new(f.outcomes.iter(), f.clinical.iter(), q(), co, harm, &d);
            // The whole quarter's distinct people, per unit and figure.
            let mut whole: BTreeMap<(String, &str), BTreeSet<u32>> = BTreeMap::new();
            let mut add = |units: [String; 5], figure: &'static str, person: u32| {
                for u in units {
                    whole.entry((u, figure)).or_default().insert(person);
                }
            };
            for o in f.outcomes.iter() {
                let u = || units(&d, o.project_id, o.area, o.activity_id, o.activity_type);
                add(u(), "baseline", o.person);
                if o.scored.paired() { add(u(), "followed", o.person); }
                if !o.finished { add(u(), "ended_early", o.person); }
                if o.counted() { add(u(), "paired", o.person); }
            }
            for x in &f.clinical {
                let u = || units(&d, x.project_id, x.area, x.activity_id, x.activity_type);
                add(u(), "clinical", x.person);
                if x.recovered { add(u(), "recovered", x.person); }
                if x.reliable_deterioration { add(u(), "rel_det", x.person); }
            }
            for j in judgements(&f, Some(q()), co, harm) {
                let u = || units(&d, j.project_id, j.area, j.activity_id, j.activity_type);
                let fig = |k: &str| -> &'static str { Box::leak(format!("{k}{}", j.objective).into_boxed_str()) };
                if j.mapped { add(u(), fig("mapped"), j.person); }
                if j.mapped && j.improved {
                    add(u(), fig("improved"), j.person);
                    add(u(), "outcomes", j.person);
                }
                if j.deteriorated { add(u(), fig("deteriorated"), j.person); }
            }
            // The same from the projects' counts, added up.
            let mut summed: BTreeMap<(String, &str), u64> = BTreeMap::new();
            for (project, scope, n) in &people.counts {
                for u in scope_unit(*project, *scope, &d) {
                    let mut put = |figure: &'static str, k: u64| {
                        if k > 0 {
                            *summed.entry((u.clone(), figure)).or_default() += k;
                        }
                    };
                    put("baseline", n.baseline);
                    put("followed", n.followed);
                    put("ended_early", n.ended_early);
                    put("paired", n.paired);
                    put("clinical", n.clinical);
                    put("recovered", n.recovered);
                    put("rel_det", n.reliable_deterioration);
                    put("outcomes", n.outcomes);
                    for k in 1..8usize {
                        let fig = |x: &str| -> &'static str { Box::leak(format!("{x}{k}").into_boxed_str()) };
                        put(fig("mapped"), n.mapped[k]);
                        put(fig("improved"), n.improved[k]);
                        put(fig("deteriorated"), n.deteriorated[k]);
                    }
                }
            }
            let whole: BTreeMap<(String, &str), u64> =
                whole.into_iter().map(|(k, v)| (k, v.len() as u64)).collect();
            prop_assert_eq!(summed, whole);
        }
    }

    #[test]
    fn a_person_in_two_activity_types_counts_once_in_the_project() {
        let c = Config::builtin().unwrap();
        // Person P0/1: WEMWBS in a0 (type T0, supplier S0) 40 → 50 (+10,
        // meaningful) and ONS4-LS in a1 (type T1, supplier s-0, which is
        // S0 by its key); person P0/2: WEMWBS in a0, 40 → 41 (not
        // meaningful). Both objective 1.
        let wem = c.measure_by_id("WEMWBS").unwrap();
        let ls = c.measure_by_id("ONS4-LS").unwrap();
        // Rows as fractions of each measure's range (14..70, 0..10).
        let w = |x: f64| (x - wem.range[0]) / (wem.range[1] - wem.range[0]);
        let l = |x: f64| (x - ls.range[0]) / (ls.range[1] - ls.range[0]);
        let f = facts(
            &c,
            &[
                (0, 1, 0, 0, w(40.0), Some(w(50.0)), true),
                (0, 1, 1, 3, l(4.0), Some(l(8.0)), true),
                (0, 2, 0, 0, w(40.0), Some(w(41.0)), true),
            ],
        );
        let acts: Vec<&ActivityFact> = f.activities.iter().collect();
        let d = Delivery::new(&f, q(), &acts);
        let people = Partials::new(f.outcomes.iter(), f.clinical.iter(), q(), 2, 5, &d);
        let by = |s: fn(Scope) -> Option<String>| people.by(|_, scope| s(scope));
        let project = by(|s| matches!(s, Scope::Project).then(String::new));
        // The project: 2 people paired, 2 mapped to objective 1, 1 improved.
        let p = &project[""];
        assert_eq!(
            (p.paired, p.mapped[1], p.improved[1], p.outcomes),
            (2, 2, 1, 1)
        );
        // Types: T0 has both people (1 improved); T1 has person 1 alone
        // (improved on ONS4-LS: +4 ≥ 1). 2 + 1 = 3 > 2: types overlap.
        let types = by(|s| match s {
            Scope::ActivityType(t) => Some(t.to_string()),
            _ => None,
        });
        assert_eq!((types["T0"].mapped[1], types["T0"].improved[1]), (2, 1));
        assert_eq!((types["T1"].mapped[1], types["T1"].improved[1]), (1, 1));
        // Suppliers: S0 and s-0 are one supplier, so person 1 counts once:
        // both people, 1 improved.
        let suppliers = by(|s| match s {
            Scope::Supplier(x) => Some(x.to_string()),
            _ => None,
        });
        assert_eq!(suppliers.len(), 1);
        assert_eq!(
            (suppliers["S0"].mapped[1], suppliers["S0"].improved[1]),
            (2, 1)
        );
    }
}
