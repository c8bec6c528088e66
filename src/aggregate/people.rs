//! Counts of people, made per project and added up.
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

use std::collections::HashMap;

use rayon::prelude::*;

use super::frames::Delivery;
use crate::core::{Name, Quarter};
use crate::score::{ClinicalFact, Judgement, OutcomeFact, each_judgement};

/// What a person counts under within their project. A person can be in
/// two activity types, two suppliers (and, over a period, two areas), so
/// each is counted on its own; the project as a whole counts them once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// People with at least one counted pair.
    pub paired: u64,
    /// People improved on at least one objective (judged as
    /// [`crate::score::judgements`] says).
    pub outcomes: u64,
    /// People with a clinical result, and of those: at caseness at the
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
    pub fn add(&mut self, o: &Counts) {
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

/// The people of one quarter: each project's counts per scope.
#[derive(Debug, Default)]
pub(super) struct People {
    counts: Vec<(Name, Scope, Counts)>,
}

impl People {
    /// Counts the people of `quarter`'s facts, project by project (in
    /// parallel: a project's count needs no other project's facts).
    pub fn new<'a>(
        outcomes: impl Iterator<Item = &'a OutcomeFact>,
        clinical: impl Iterator<Item = &'a ClinicalFact>,
        quarter: Quarter,
        clinical_objective: u8,
        harm: u8,
        d: &Delivery,
    ) -> People {
        let mut projects: HashMap<Name, (Vec<&OutcomeFact>, Vec<&ClinicalFact>)> = HashMap::new();
        for o in outcomes.filter(|o| o.quarter == quarter && o.counted()) {
            projects.entry(o.project_id).or_default().0.push(o);
        }
        for c in clinical.filter(|c| c.quarter == quarter) {
            projects.entry(c.project_id).or_default().1.push(c);
        }
        let projects: Vec<_> = projects.into_iter().collect();
        let counts = projects
            .par_iter()
            .flat_map_iter(|(project, (outs, clins))| {
                project_counts(*project, outs, clins, clinical_objective, harm, d)
            })
            .collect();
        People { counts }
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
    d: &Delivery,
) -> Vec<(Name, Scope, Counts)> {
    let mut people: HashMap<(u32, Scope), Flags> = HashMap::new();
    let flags = |person: u32, area: Name, activity: Name, activity_type: Name| {
        let supplier = d.supplier(&project, Some(&activity));
        [
            Scope::Project,
            Scope::Area(area),
            Scope::ActivityType(activity_type),
            Scope::Supplier(supplier),
        ]
        .map(|s| (person, s))
    };
    let mut mark = |keys: [(u32, Scope); 4], f: &dyn Fn(&mut Flags)| {
        for k in keys {
            f(people.entry(k).or_default());
        }
    };
    for o in outcomes {
        mark(
            flags(o.person, o.area, o.activity_id, o.activity_type),
            &|f| f.paired = true,
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
    let mut by: HashMap<Scope, Counts> = HashMap::new();
    for ((_, scope), f) in &people {
        by.entry(*scope).or_default().count(f);
    }
    by.into_iter().map(|(s, c)| (project, s, c)).collect()
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
                // People are numbered across the run: never shared by projects.
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
            let people = People::new(f.outcomes.iter(), f.clinical.iter(), q(), co, harm, &d);
            // The whole quarter's distinct people, per unit and figure.
            let mut whole: BTreeMap<(String, &str), BTreeSet<u32>> = BTreeMap::new();
            let mut add = |units: [String; 5], figure: &'static str, person: u32| {
                for u in units {
                    whole.entry((u, figure)).or_default().insert(person);
                }
            };
            for o in f.outcomes.iter().filter(|o| o.counted()) {
                add(units(&d, o.project_id, o.area, o.activity_id, o.activity_type), "paired", o.person);
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
        let people = People::new(f.outcomes.iter(), f.clinical.iter(), q(), 2, 5, &d);
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
