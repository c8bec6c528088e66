//! A period's facts: several quarters' facts made into one period's, each
//! person counted once.
//!
//! A person in a project keeps one number across quarters (the run's
//! person keys), and nobody is linked across projects. Over the period,
//! each person has one pair per measure: the earliest baseline among the
//! period's rows (whatever its date) and the latest follow-up dated within
//! the period, judged again as one pair. Sessions attended is a count to
//! date (docs/submission-format.md), so the finished-course rule takes the
//! most the person's People rows give in the period. Their clinical
//! result is judged again on those pairs, with the problem descriptor
//! their latest People row gives. Money, sessions, participants, Counts
//! and stories are the quarters' own rows, summed by the stages after:
//! they are about the quarter that reported them, not about a person.
//! docs/methods.md has a worked example.

use std::collections::BTreeMap;

use super::{Facts, OutcomeFact, PersonFact, clinical_results, judge_scores};
use crate::config::Config;
use crate::core::Period;

/// The facts of `period`, labelled with its last quarter so that the
/// group-bys treat it as one: one project row per project (its latest
/// details), one People row per person, one pair per person and measure.
/// The run's pseudonyms are kept.
pub fn period(facts: &Facts, period: Period, config: &Config) -> Facts {
    let label = period.to;
    let within = |q| period.contains(q);
    // Each person's People rows, latest quarter last.
    let mut people_of: BTreeMap<(&str, u32), Vec<&PersonFact>> = BTreeMap::new();
    for p in facts.people.iter().filter(|p| within(p.quarter)) {
        people_of
            .entry((p.project_id.as_str(), p.person))
            .or_default()
            .push(p);
    }
    let people: Vec<PersonFact> = people_of
        .values_mut()
        .map(|rows| {
            rows.sort_by_key(|p| p.quarter);
            let latest = rows[rows.len() - 1];
            PersonFact {
                quarter: label,
                // Sessions to date: the most any row gives.
                sessions_attended: rows.iter().filter_map(|p| p.sessions_attended).max(),
                problem_descriptor: rows.iter().rev().find_map(|p| p.problem_descriptor),
                ..latest.clone()
            }
        })
        .collect();
    let min = config.finished_course.min_sessions;
    let sessions: BTreeMap<(&str, u32), Option<u32>> = people
        .iter()
        .map(|p| ((p.project_id.as_str(), p.person), p.sessions_attended))
        .collect();
    let finished = |project: &str, person: u32| {
        sessions
            .get(&(project, person))
            .copied()
            .flatten()
            .is_none_or(|s| s >= min)
    };
    let mut rows_of: BTreeMap<(&str, u32, &str), Vec<&OutcomeFact>> = BTreeMap::new();
    for o in facts.outcomes.iter().filter(|o| within(o.quarter)) {
        rows_of
            .entry((o.project_id.as_str(), o.person, o.measure_id.as_str()))
            .or_default()
            .push(o);
    }
    let outcomes: Vec<OutcomeFact> = rows_of
        .into_iter()
        .filter_map(|((project, person, _), rows)| {
            let m = config.measure_by_id(&rows[0].measure_id)?;
            // The earliest baseline; on the same date, the earlier quarter's.
            let base = rows.iter().min_by_key(|o| (o.baseline_date, o.quarter))?;
            // The latest follow-up dated in the period; on the same date,
            // the later quarter's.
            let follow = rows
                .iter()
                .filter_map(|o| Some((o.followup_date?, o)))
                .filter(|(d, _)| period.contains_date(*d))
                .max_by_key(|(d, o)| (*d, o.quarter))
                .map(|(_, o)| *o);
            // The person is placed by the row whose follow-up is used (the
            // activity they were measured in), else by their baseline's.
            let at = follow.unwrap_or(base);
            Some(OutcomeFact {
                quarter: label,
                scored: judge_scores(
                    m,
                    base.scored.baseline,
                    follow.and_then(|o| o.scored.followup),
                ),
                baseline_date: base.baseline_date,
                followup_date: follow.and_then(|o| o.followup_date),
                finished: finished(project, person),
                ..(*at).clone()
            })
        })
        .collect();
    let descriptors: BTreeMap<u32, &str> = people
        .iter()
        .filter_map(|p| Some((p.person, p.problem_descriptor.as_deref()?)))
        .collect();
    let clinical = clinical_results(&outcomes, config, |n| descriptors.get(&n).copied());
    // One project row per project: the latest details in the period.
    let mut latest: Vec<_> = facts
        .projects
        .iter()
        .filter(|p| within(p.quarter))
        .collect();
    latest.sort_by(|a, b| (&a.project_id, b.quarter).cmp(&(&b.project_id, a.quarter)));
    latest.dedup_by(|b, a| a.project_id == b.project_id);
    // A period's project rests on every quarter's return of it.
    let mut origins: BTreeMap<&str, Vec<crate::core::Name>> = BTreeMap::new();
    for p in facts.projects.iter().filter(|p| within(p.quarter)) {
        origins
            .entry(p.project_id.as_str())
            .or_default()
            .extend(p.origins.iter().copied());
    }
    let projects = latest
        .into_iter()
        .map(|p| super::ProjectFact {
            quarter: label,
            origins: origins.remove(p.project_id.as_str()).unwrap_or_default(),
            ..p.clone()
        })
        .collect();
    let participants_once = participants_once(facts, period);
    Facts {
        participants_once,
        projects,
        activities: relabelled(&facts.activities, period, |a| &mut a.quarter),
        outcomes: outcomes.into(),
        clinical,
        people: people.into(),
        counts: relabelled(&facts.counts, period, |c| &mut c.quarter),
        stories: relabelled(&facts.stories, period, |s| &mut s.quarter),
        pseudonyms: facts.pseudonyms.clone(),
    }
}

/// Each person counted once in a project's Participants over `period`,
/// where its People sheets allow it: in every quarter of the period it
/// sent a return for, its People sheet lists as many different people as
/// its Activities sheet's Participants add up to, so the sheet lists
/// everyone who took part. Its participants are then the different people
/// on those sheets over the period (linked by reference within the
/// project, as the pairs are). Elsewhere (no People sheet, or one that
/// lists fewer people, or a person in two activities counted twice in
/// Participants) the quarters' counts are summed, and the report says
/// that a person may be counted twice. A single quarter is left as it is.
fn participants_once(facts: &Facts, period: Period) -> BTreeMap<String, f64> {
    use std::collections::BTreeSet;
    if period.single().is_some() {
        return BTreeMap::new();
    }
    // Per project and quarter: (Σ Participants, different people listed).
    type Quarters<'a> = BTreeMap<crate::core::Quarter, (f64, BTreeSet<u32>)>;
    let mut of: BTreeMap<&str, Quarters> = BTreeMap::new();
    for p in facts.projects.iter().filter(|p| period.contains(p.quarter)) {
        of.entry(&p.project_id)
            .or_default()
            .entry(p.quarter)
            .or_default();
    }
    for a in facts
        .activities
        .iter()
        .filter(|a| period.contains(a.quarter))
    {
        if let Some(q) = of.get_mut(a.project_id.as_str()) {
            q.entry(a.quarter).or_default().0 += a.participants;
        }
    }
    for p in facts.people.iter().filter(|p| period.contains(p.quarter)) {
        if let Some(q) = of.get_mut(p.project_id.as_str()) {
            q.entry(p.quarter).or_default().1.insert(p.person);
        }
    }
    of.into_iter()
        .filter(|(_, quarters)| {
            quarters.values().any(|(_, listed)| !listed.is_empty())
                && quarters
                    .values()
                    .all(|(n, listed)| listed.len() as f64 == *n)
        })
        .map(|(project, quarters)| {
            let once: BTreeSet<u32> = quarters.into_values().flat_map(|(_, l)| l).collect();
            (project.to_string(), once.len() as f64)
        })
        .collect()
}

/// The rows of `rows` in `period`, each labelled with its last quarter.
fn relabelled<T: Clone>(
    rows: &[T],
    period: Period,
    quarter: impl Fn(&mut T) -> &mut crate::core::Quarter,
) -> Vec<T> {
    rows.iter()
        .cloned()
        .filter_map(|mut r| {
            let q = quarter(&mut r);
            if !period.contains(*q) {
                return None;
            }
            *q = period.to;
            Some(r)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::Quarter;
    use crate::score::score_pair;
    use chrono::NaiveDate;

    fn q(n: u8) -> Quarter {
        Quarter::new(2026, n).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// A WEMWBS row of person `n` in project P1's return for quarter `qn`.
    fn row(
        c: &Config,
        qn: u8,
        n: u32,
        base: (f64, NaiveDate),
        follow: Option<(f64, NaiveDate)>,
    ) -> OutcomeFact {
        let m = c.measure_by_id("WEMWBS").unwrap();
        OutcomeFact {
            quarter: q(qn),
            project_id: "P1".into(),
            area: "Salford".into(),
            activity_id: format!("A{qn}").into(),
            activity_type: "peer support".into(),
            person: n,
            measure_id: m.id.as_str().into(),
            objectives: crate::core::Objectives::of(&m.objectives),
            scored: score_pair(m, base.0, follow.map(|f| f.0)).unwrap(),
            baseline_date: base.1,
            followup_date: follow.map(|f| f.1),
            clinical: false,
            finished: true,
        }
    }

    fn person(qn: u8, n: u32, sessions: Option<u32>) -> PersonFact {
        PersonFact {
            quarter: q(qn),
            project_id: "P1".into(),
            area: "Salford".into(),
            person: n,
            age_band: None,
            gender: None,
            ethnicity: None,
            imd_decile: None,
            referral_source: None,
            sessions_attended: sessions,
            problem_descriptor: None,
        }
    }

    /// docs/methods.md's worked example, and the rules at its edges.
    #[test]
    fn each_person_has_one_pair_over_the_year() {
        let c = Config::builtin().unwrap();
        let year = Period::year(2026).unwrap();
        let facts = Facts {
            outcomes: vec![
                // Person 0, measured in Q1, Q2 and Q4: baseline 40 on
                // 10 April (Q1 and Q2 repeat it), follow-ups 44 on 20 August
                // and 47 on 15 March 2027 (a new baseline of 41 in Q4 is
                // later than 10 April, so it is not used).
                row(&c, 1, 0, (40.0, d(2026, 4, 10)), None),
                row(
                    &c,
                    2,
                    0,
                    (40.0, d(2026, 4, 10)),
                    Some((44.0, d(2026, 8, 20))),
                ),
                row(
                    &c,
                    4,
                    0,
                    (41.0, d(2027, 1, 8)),
                    Some((47.0, d(2027, 3, 15))),
                ),
                // Person 1 stops after one session in Q1: a baseline only.
                row(&c, 1, 1, (35.0, d(2026, 5, 1)), None),
                // Person 2 had 1 session by the end of Q1 and 4 by the end
                // of Q2, when they were measured again: a finished course.
                row(&c, 1, 2, (30.0, d(2026, 6, 1)), None),
                row(&c, 2, 2, (30.0, d(2026, 6, 1)), Some((33.0, d(2026, 9, 1)))),
                // Person 3's only follow-up is dated March 2026, before the
                // year began (returned late in Q1): not a follow-up of the
                // year, so a baseline only.
                row(
                    &c,
                    1,
                    3,
                    (50.0, d(2026, 2, 1)),
                    Some((58.0, d(2026, 3, 20))),
                ),
            ]
            .into(),
            people: vec![
                person(1, 0, Some(3)),
                person(2, 0, Some(6)),
                person(4, 0, Some(10)),
                person(1, 1, Some(1)),
                person(1, 2, Some(1)),
                person(2, 2, Some(4)),
            ]
            .into(),
            ..Facts::default()
        };
        let y = period(&facts, year, &c);
        // One pair per person and measure, labelled with the year's last
        // quarter.
        assert_eq!(y.outcomes.len(), 4);
        assert!(y.outcomes.iter().all(|o| o.quarter == q(4)));
        let of = |n: u32| y.outcomes.iter().find(|o| o.person == n).unwrap();
        // Person 0: 40 → 47, change +7: meaningful (≥ 3), not reliable
        // (< 8); placed in the activity of the Q4 row (A4).
        let p0 = of(0);
        assert_eq!(
            (p0.scored.baseline, p0.scored.followup, p0.scored.change),
            (40.0, Some(47.0), Some(7.0))
        );
        assert_eq!(
            (
                p0.scored.meaningful_improvement,
                p0.scored.reliable_improvement
            ),
            (Some(true), Some(false))
        );
        assert_eq!(
            (p0.baseline_date, p0.followup_date, p0.activity_id.as_str()),
            (d(2026, 4, 10), Some(d(2027, 3, 15)), "A4")
        );
        assert!(p0.counted());
        // Person 1: not finished (most sessions 1 < 2), no follow-up.
        assert!(!of(1).finished && !of(1).scored.paired());
        // Person 2: finished over the year (4 ≥ 2), 30 → 33.
        assert!(of(2).finished && of(2).counted());
        assert_eq!(of(2).scored.change, Some(3.0));
        // Person 3: the follow-up before the year is not used.
        assert!(!of(3).scored.paired());
        assert_eq!(of(3).followup_date, None);
        // One People row per person: sessions to date, the most given.
        assert_eq!(y.people.len(), 3);
        let sessions: Vec<_> = y
            .people
            .iter()
            .map(|p| (p.person, p.sessions_attended))
            .collect();
        assert_eq!(sessions, vec![(0, Some(10)), (1, Some(1)), (2, Some(4))]);
    }

    #[test]
    fn quarters_outside_the_period_are_left_out() {
        let c = Config::builtin().unwrap();
        let facts = Facts {
            outcomes: vec![
                row(
                    &c,
                    1,
                    0,
                    (40.0, d(2026, 4, 10)),
                    Some((44.0, d(2026, 6, 1))),
                ),
                row(
                    &c,
                    3,
                    0,
                    (40.0, d(2026, 4, 10)),
                    Some((50.0, d(2026, 11, 1))),
                ),
            ]
            .into(),
            ..Facts::default()
        };
        let p = Period::new(q(1), q(2)).unwrap();
        let y = period(&facts, p, &c);
        assert_eq!(y.outcomes.len(), 1);
        assert_eq!(y.outcomes[0].scored.change, Some(4.0));
        assert_eq!(y.outcomes[0].quarter, q(2));
    }
}
