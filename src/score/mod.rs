//! Score: per-person facts from validated returns.
//!
//! Pure functions on typed records. Each outcome pair is scored against its
//! measure's published thresholds (config/measures.toml): change in the
//! measure's own units, improvement, meaningful and reliable change,
//! caseness, recovery. A pair without a follow-up is "not yet measured":
//! its change is None, never zero. Participant references stop here: facts
//! carry only a per-run number for each person.

mod chunks;
mod clinical;
mod judgement;
mod outcome;
mod period;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

pub use chunks::Chunks;
pub use clinical::{ClinicalFact, judge};
pub use judgement::{Judgement, each_judgement, judgements};
pub use outcome::{Scored, judge_scores, score_pair};
pub use period::period;

use crate::config::{Config, IndicatorKind};
use crate::contract::Return;
use crate::core::{Name, Objectives, Pseudonym, Quarter};

/// One project's return for one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectFact {
    pub quarter: Quarter,
    pub project_id: Name,
    pub project_name: Name,
    pub organisation: Name,
    pub organisation_type: Name,
    pub area: Name,
    pub file: Name,
    /// The store entries this project's facts were scored from (one for a
    /// quarter's return; a period's project has its quarters'): what a
    /// result kept in the store rests on, so it goes when they go. Empty
    /// without a store.
    pub origins: Vec<Name>,
}

/// One activity in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActivityFact {
    pub quarter: Quarter,
    pub project_id: Name,
    pub area: Name,
    pub activity_id: Name,
    /// Activity name as written (matched against a suppliers' menu).
    pub name: Name,
    pub activity_type: Name,
    pub supplier: Option<Name>,
    pub sessions: f64,
    pub hours: Option<f64>,
    pub participants: f64,
    pub attendances: Option<f64>,
    pub cost: f64,
    pub in_kind: f64,
    pub volunteer_hours: Option<f64>,
}

/// One person's result on one measure in one quarter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeFact {
    pub quarter: Quarter,
    pub project_id: Name,
    pub area: Name,
    pub activity_id: Name,
    pub activity_type: Name,
    /// Per-run person number; the participant reference never leaves contract.
    pub person: u32,
    pub measure_id: Name,
    /// Objectives the measure maps to (config).
    pub objectives: Objectives,
    pub scored: Scored,
    /// When the baseline and the follow-up were taken: a period's pair is
    /// the person's earliest baseline and latest follow-up (period.rs).
    pub baseline_date: NaiveDate,
    pub followup_date: Option<NaiveDate>,
    /// The measure has a clinical cut-off: the person's clinical result
    /// ([`ClinicalFact`]) judges it together with their other ones.
    pub clinical: bool,
    /// The person finished a course (their Sessions attended is at least
    /// the minimum, or not recorded): only then do their pairs count.
    pub finished: bool,
}

impl OutcomeFact {
    /// A pair that counts in the outcome figures: both scores, and a
    /// finished course.
    pub fn counted(&self) -> bool {
        self.scored.paired() && self.finished
    }
}

/// One person's equity details in one quarter (People sheet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonFact {
    pub quarter: Quarter,
    pub project_id: Name,
    pub area: Name,
    pub person: u32,
    pub age_band: Option<Name>,
    pub gender: Option<Name>,
    pub ethnicity: Option<Name>,
    pub imd_decile: Option<u8>,
    pub referral_source: Option<Name>,
    /// Sessions attended to date, when recorded.
    pub sessions_attended: Option<u32>,
    /// The problem descriptor (config's name), when given: it picks the
    /// measure judged with PHQ-9 over a period too.
    pub problem_descriptor: Option<Name>,
}

/// One Counts row with its indicator's objective and kind.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountFact {
    pub quarter: Quarter,
    pub project_id: Name,
    pub area: Name,
    /// The Activity ID the row names, if any.
    pub activity_id: Option<Name>,
    pub activity_type: Option<Name>,
    pub indicator_id: Name,
    pub objective: u8,
    pub kind: IndicatorKind,
    pub numerator: f64,
    pub denominator: Option<f64>,
    pub baseline: Option<f64>,
}

impl CountFact {
    /// What this row adds to its objective's `count_outcomes`: the numerator
    /// for proportions and counts; the reduction (baseline − numerator, which
    /// may be negative) for before/after counts.
    pub fn outcome_contribution(&self) -> f64 {
        match self.kind {
            IndicatorKind::BeforeAfter => self.baseline.unwrap_or(0.0) - self.numerator,
            _ => self.numerator,
        }
    }
}

/// A story whose Consent to publish is Yes. Stories without consent are
/// dropped here and never reach any output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoryFact {
    pub quarter: Quarter,
    pub project_id: Name,
    pub area: Name,
    /// The Activity ID the story names, if any.
    pub activity_id: Option<Name>,
    pub activity_type: Option<Name>,
    pub story_id: String,
    pub objectives: Vec<u8>,
    pub title: String,
    pub text: String,
}

/// Everything the later stages need, with no participant references.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facts {
    pub projects: Vec<ProjectFact>,
    pub activities: Vec<ActivityFact>,
    /// Kept as each return's pieces ([`Chunks`]).
    pub outcomes: Chunks<OutcomeFact>,
    /// One clinical result per person with a counted clinical pair.
    pub clinical: Vec<ClinicalFact>,
    pub people: Chunks<PersonFact>,
    pub counts: Vec<CountFact>,
    pub stories: Vec<StoryFact>,
    /// Each person's reference as the returns gave it to scoring, by person
    /// number: runs pseudonymise references once checked
    /// ([`crate::contract::Return::pseudonymise`]), so these are keyed
    /// pseudonyms, written only to the dataset (`needle report --dataset`).
    pub pseudonyms: Vec<Pseudonym>,
    /// A period's Participants by project, each person counted once, for
    /// the projects whose People sheets list everyone who took part in
    /// every quarter (score::period); empty for a quarter, and for
    /// projects whose quarterly counts are summed.
    pub participants_once: BTreeMap<String, f64>,
}

/// One return's facts, scored on their own: what scoring makes of a
/// return depends on that return and the config alone, so it is worked
/// out once, on the thread that checked the return, and the typed return
/// is dropped there. People are numbered within the return
/// (`people[n]` is local person `n`'s pseudonym) until [`assemble`] gives
/// them the run's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredReturn {
    pub project: Name,
    pub quarter: Quarter,
    pub file: Name,
    pub facts: Facts,
    /// Each local person number's pseudonym, in the order people first
    /// appear: Outcomes rows, then People rows.
    pub people: Vec<Pseudonym>,
}

impl crate::contract::ForQuarter for ScoredReturn {
    fn project_quarter(&self) -> (&str, Quarter) {
        (self.project.as_str(), self.quarter)
    }
}

/// The score stage's entry point: every return scored on its own
/// ([`score_one`]), then put together ([`assemble`]). It consumes the
/// returns: each is freed as soon as it is scored.
pub fn score(returns: Vec<Return>, config: &Config) -> Facts {
    let scored: Vec<ScoredReturn> = returns
        .into_par_iter()
        .map(|r| score_one(&r, config))
        .collect();
    assemble(scored)
}

/// Scores one return, numbering its people within it.
pub fn score_one(r: &Return, config: &Config) -> ScoredReturn {
    score_kept(r, config, None)
}

/// [`score_one`] for a return kept in the store under `origin`.
pub fn score_kept(r: &Return, config: &Config, origin: Option<&str>) -> ScoredReturn {
    let project = Name::new(&r.about.project_id);
    let mut keys: HashMap<Pseudonym, u32> = HashMap::new();
    let mut people = Vec::new();
    let refs = r
        .outcomes
        .iter()
        .map(|o| o.participant_ref.as_str())
        .chain(r.people.iter().map(|p| p.reference.as_str()));
    for x in refs {
        let p = Pseudonym::of(x);
        keys.entry(p).or_insert_with(|| {
            people.push(p);
            people.len() as u32 - 1
        });
    }
    let mut facts = score_return(r, config, &keys);
    if let Some(o) = origin {
        facts
            .projects
            .iter_mut()
            .for_each(|p| p.origins = vec![Name::new(o)]);
    }
    ScoredReturn {
        project,
        quarter: r.about.quarter,
        file: Name::new(&r.file),
        facts,
        people,
    }
}

/// The run's facts from every return's: each (project, pseudonym) gets one
/// person number, in the order people first appear with returns taken by
/// project, quarter and file (so a person keeps one number across
/// quarters, and numbers do not depend on the order files were read in);
/// then one list of each kind of fact, in the order the returns are given.
pub fn assemble(mut returns: Vec<ScoredReturn>) -> Facts {
    let mut order: Vec<usize> = (0..returns.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&returns[a], &returns[b]);
        (x.project, x.quarter, x.file).cmp(&(y.project, y.quarter, y.file))
    });
    let mut keys: HashMap<(Name, Pseudonym), u32> = HashMap::new();
    let mut pseudonyms = Vec::new();
    for i in order {
        let r = &mut returns[i];
        let global: Vec<u32> = r
            .people
            .iter()
            .map(|&p| {
                *keys.entry((r.project, p)).or_insert_with(|| {
                    pseudonyms.push(p);
                    pseudonyms.len() as u32 - 1
                })
            })
            .collect();
        renumber(&mut r.facts, &global);
        r.people = Vec::new();
    }
    let mut facts = merge(returns.into_iter().map(|r| r.facts).collect());
    facts.pseudonyms = pseudonyms;
    facts
}

/// Gives one return's facts the run's person numbers (`global[local]`).
/// Clinical results are kept in person order, as they are made.
fn renumber(facts: &mut Facts, global: &[u32]) {
    let to = |n: &mut u32| *n = global[*n as usize];
    facts.outcomes.iter_mut().for_each(|o| to(&mut o.person));
    facts.people.iter_mut().for_each(|p| to(&mut p.person));
    facts.clinical.iter_mut().for_each(|c| to(&mut c.person));
    facts.clinical.sort_by_key(|c| c.person);
}

/// One list of each kind of fact, in return order.
fn merge(per_return: Vec<Facts>) -> Facts {
    // Sized once: growing by doubling would briefly hold each list twice.
    let total = |f: fn(&Facts) -> usize| per_return.iter().map(f).sum::<usize>();
    let mut facts = Facts {
        projects: Vec::with_capacity(total(|f| f.projects.len())),
        activities: Vec::with_capacity(total(|f| f.activities.len())),
        outcomes: Chunks::default(),
        clinical: Vec::with_capacity(total(|f| f.clinical.len())),
        people: Chunks::default(),
        counts: Vec::with_capacity(total(|f| f.counts.len())),
        stories: Vec::with_capacity(total(|f| f.stories.len())),
        pseudonyms: Vec::new(),
        participants_once: BTreeMap::new(),
    };
    for f in per_return {
        facts.projects.extend(f.projects);
        facts.activities.extend(f.activities);
        facts.outcomes.push_part(f.outcomes.into_parts());
        facts.clinical.extend(f.clinical);
        facts.people.push_part(f.people.into_parts());
        facts.counts.extend(f.counts);
        facts.stories.extend(f.stories);
    }
    facts
}

/// One return's facts: one flat mapping per sheet (About, Activities,
/// Outcomes, People, Counts, Stories), kept in one function so that every
/// fact visibly takes the same quarter, project and area keys, and each
/// participant reference becomes the run's number for that person here.
fn score_return(r: &Return, config: &Config, keys: &HashMap<Pseudonym, u32>) -> Facts {
    let a = &r.about;
    // Each name is interned once per return; facts copy its id.
    let project = Name::new(&a.project_id);
    let area = Name::new(&a.area);
    let person = |reference: &str| keys[&Pseudonym::of(reference)];
    let acts: Vec<(Name, Name)> = r
        .activities
        .iter()
        .map(|x| (Name::new(&x.id), Name::new(&x.activity_type)))
        .collect();
    let activity_type = |id: &str| {
        acts.iter()
            .find(|(x, _)| *x == *id)
            .map(|(_, t)| *t)
            .unwrap_or_default()
    };
    let projects = vec![ProjectFact {
        quarter: a.quarter,
        project_id: project,
        project_name: Name::new(&a.project_name),
        organisation: Name::new(&a.organisation),
        organisation_type: Name::new(&a.organisation_type),
        area,
        file: Name::new(&r.file),
        origins: Vec::new(),
    }];
    let activities = r
        .activities
        .iter()
        .zip(&acts)
        .map(|(x, (id, activity_type))| ActivityFact {
            quarter: a.quarter,
            project_id: project,
            area,
            activity_id: *id,
            name: Name::new(&x.name),
            activity_type: *activity_type,
            supplier: x.supplier.as_deref().map(Name::new),
            sessions: x.sessions,
            hours: x.hours,
            participants: x.participants,
            attendances: x.attendances,
            cost: x.cost,
            in_kind: x.in_kind.unwrap_or(0.0),
            volunteer_hours: x.volunteer_hours,
        })
        .collect();
    // Each person's People row: a finished course (sessions attended at
    // least the minimum, or not recorded) and the problem descriptor.
    let min = config.finished_course.min_sessions;
    let people_rows: BTreeMap<u32, &crate::contract::Person> =
        r.people.iter().map(|p| (person(&p.reference), p)).collect();
    let finished = |n: u32| {
        people_rows
            .get(&n)
            .and_then(|p| p.sessions_attended)
            .is_none_or(|s| s >= min)
    };
    let mut outcomes: Vec<OutcomeFact> = Vec::with_capacity(r.outcomes.len());
    for o in &r.outcomes {
        let Some(m) = config.measure_by_id(&o.measure_id) else {
            continue;
        };
        let Some(scored) = score_pair(m, o.baseline, o.followup.map(|f| f.score)) else {
            continue;
        };
        let n = person(&o.participant_ref);
        outcomes.push(OutcomeFact {
            quarter: a.quarter,
            project_id: project,
            area,
            activity_id: Name::new(&o.activity_id),
            activity_type: activity_type(&o.activity_id),
            person: n,
            measure_id: Name::new(&m.id),
            objectives: Objectives::of(&m.objectives),
            scored,
            baseline_date: o.baseline_date,
            followup_date: o.followup.map(|f| f.date),
            clinical: m.clinical().is_some(),
            finished: finished(n),
        });
    }
    let clinical = clinical_results(&outcomes, config, |n| {
        people_rows
            .get(&n)
            .and_then(|p| p.problem_descriptor.as_deref())
    });
    let people: Vec<PersonFact> = r
        .people
        .iter()
        .map(|p| PersonFact {
            quarter: a.quarter,
            project_id: project,
            area,
            person: person(&p.reference),
            age_band: p.age_band.as_deref().map(Name::new),
            gender: p.gender.as_deref().map(Name::new),
            ethnicity: p.ethnicity.as_deref().map(Name::new),
            imd_decile: p.imd_decile,
            referral_source: p.referral_source.as_deref().map(Name::new),
            sessions_attended: p.sessions_attended,
            problem_descriptor: p.problem_descriptor.as_deref().map(Name::new),
        })
        .collect();
    let counts = r
        .counts
        .iter()
        .filter_map(|c| {
            let ind = config.indicator_by_id(&c.indicator_id)?;
            Some(CountFact {
                quarter: a.quarter,
                project_id: project,
                area,
                activity_id: c.activity_id.as_deref().map(Name::new),
                activity_type: c.activity_id.as_deref().map(activity_type),
                indicator_id: Name::new(&ind.id),
                objective: ind.objective,
                kind: ind.kind,
                numerator: c.numerator,
                denominator: c.denominator,
                baseline: c.baseline,
            })
        })
        .collect();
    let stories = r
        .stories
        .iter()
        .filter(|s| s.consent_to_publish)
        .map(|s| StoryFact {
            quarter: a.quarter,
            project_id: project,
            area,
            activity_id: s.activity_id.as_deref().map(Name::new),
            activity_type: s.activity_id.as_deref().map(activity_type),
            story_id: s.id.clone(),
            objectives: s.objectives.clone(),
            title: s.title.clone(),
            text: s.text.clone(),
        })
        .collect();
    Facts {
        projects,
        activities,
        outcomes: outcomes.into(),
        clinical,
        people: people.into(),
        counts,
        stories,
        pseudonyms: Vec::new(),
        participants_once: BTreeMap::new(),
    }
}

/// The clinical result of every person with a counted pair on a clinical
/// measure, by quarter, project and person number; `descriptor` gives a
/// person's problem descriptor (People sheet) by their number.
pub fn clinical_results<'o, 'd>(
    outcomes: impl IntoIterator<Item = &'o OutcomeFact>,
    config: &Config,
    descriptor: impl Fn(u32) -> Option<&'d str>,
) -> Vec<ClinicalFact> {
    let mut by_person: BTreeMap<(Quarter, &str, u32), Vec<&OutcomeFact>> = BTreeMap::new();
    for o in outcomes.into_iter().filter(|o| o.clinical && o.counted()) {
        by_person
            .entry((o.quarter, o.project_id.as_str(), o.person))
            .or_default()
            .push(o);
    }
    by_person
        .into_iter()
        .filter_map(|((_, _, n), facts)| judge(&facts, descriptor(n), config))
        .collect()
}
