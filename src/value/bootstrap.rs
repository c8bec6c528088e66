//! Bootstrap percentile intervals for mean change (per project × measure)
//! and cost per outcome (per project). People are resampled with
//! replacement; each group has its own ChaCha8 stream seeded from the
//! configured seed and the group's key, so results are identical run to run
//! and do not depend on how rayon schedules the groups. For cost per
//! outcome, the resampled count of people with an outcome is drawn straight
//! from its exact distribution, Binomial(n, k/n), rather than person by
//! person; tests/reference/bootstrap_check.py checks both intervals against
//! scipy.stats.bootstrap.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, OnceLock};

use crate::aggregate::{HARM_OBJECTIVE, Level, Tables};
use crate::config::Bootstrap;
use crate::core::{FastMap, Name, Quarter};
use crate::score::{Facts, judgements};

/// A percentile interval; `high` is None when it is unbounded (e.g. cost
/// per outcome when some resamples have no outcome).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    pub low: f64,
    pub high: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UncertaintyRow {
    pub quarter: Quarter,
    pub project_id: String,
    /// "mean_change" or "cost_per_outcome".
    pub statistic: String,
    /// Measure id for mean change; empty for cost per outcome.
    pub measure: String,
    /// People the statistic rests on.
    pub n: u64,
    pub estimate: Option<f64>,
    pub interval: Option<Interval>,
    pub resamples: u32,
}

/// FNV-1a: a stable hash of a group key (std's hasher is not stable).
fn fnv(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

fn percentiles(mut stats: Vec<f64>, confidence: f64) -> Option<Interval> {
    if stats.is_empty() {
        return None;
    }
    stats.sort_by(f64::total_cmp);
    // Percentile method with B resamples: the ⌊B·α/2⌋-th and
    // ⌈B·(1 − α/2)⌉-th smallest statistics (0-based: minus one for the upper),
    // computed on values rounded to 1e-9 so float noise cannot move an index.
    let n = stats.len() as f64;
    let tail = (1.0 - confidence) / 2.0;
    let snap = |x: f64| (x * 1e9).round() / 1e9;
    let lo = (snap(n * tail).floor() as usize).min(stats.len() - 1);
    let hi = (snap(n * (1.0 - tail)).ceil() as usize)
        .saturating_sub(1)
        .min(stats.len() - 1);
    let (low, high) = (stats[lo], stats[hi]);
    Some(Interval {
        low,
        high: high.is_finite().then_some(high),
    })
}

/// The group's own random stream: seeded from the configured seed and the
/// group's key, so a group's interval does not depend on which thread
/// draws it or in what order.
fn stream(b: &Bootstrap, key: &str) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(b.seed ^ fnv(key))
}

/// Bootstrap interval for the mean of `values`: each resample draws `n`
/// values with replacement (one 32-bit draw each, by Lemire's method in
/// `rand`, unbiased) and takes their mean.
pub fn bootstrap_mean(values: &[f64], b: &Bootstrap, key: &str) -> Option<Interval> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    // A group never holds 2^32 people; the range is drawn as u32 so each
    // index costs one 32-bit draw, not a 64-bit one.
    let range = 0..u32::try_from(n).ok()?;
    let mut rng = stream(b, key);
    let stats: Vec<f64> = (0..b.resamples)
        .map(|_| {
            (0..n)
                .map(|_| values[rng.random_range(range.clone()) as usize])
                .sum::<f64>()
                / n as f64
        })
        .collect();
    percentiles(stats, b.confidence)
}

/// Bootstrap interval for `cost / k`, where `k` of `n` people had an
/// outcome. Resampling `n` people with replacement and counting outcomes
/// gives a count that is exactly Binomial(n, k/n), so each resample draws
/// that count once (rand_distr's BTPE or inversion sampler) instead of `n`
/// people: the same distribution, in one draw rather than `n`. A resample
/// with no outcome has no finite cost per outcome (the upper limit is then
/// unbounded).
pub fn bootstrap_cost_per_outcome(
    cost: f64,
    k: u64,
    n: u64,
    b: &Bootstrap,
    key: &str,
) -> Option<Interval> {
    if n == 0 {
        return None;
    }
    // The same interval is asked for again and again: by the stage, by
    // each pass of the published edition's rules and by its audit. It
    // depends only on these inputs, so each is drawn once a process.
    type Key = (u64, u64, u64, u32, u64, u64, String);
    static DRAWN: OnceLock<Mutex<HashMap<Key, Option<Interval>>>> = OnceLock::new();
    let id: Key = (
        cost.to_bits(),
        k,
        n,
        b.resamples,
        b.seed,
        b.confidence.to_bits(),
        key.to_string(),
    );
    let drawn = DRAWN.get_or_init(Default::default);
    if let Some(hit) = drawn.lock().ok().and_then(|m| m.get(&id).copied()) {
        return hit;
    }
    let binomial = Binomial::new(n, k as f64 / n as f64).ok()?;
    let mut rng = stream(b, key);
    let stats: Vec<f64> = (0..b.resamples)
        .map(|_| match binomial.sample(&mut rng) {
            0 => f64::INFINITY,
            k => cost / k as f64,
        })
        .collect();
    let interval = percentiles(stats, b.confidence);
    if let Ok(mut m) = drawn.lock() {
        m.insert(id, interval);
    }
    interval
}

/// Results kept between runs, so that a rerun draws only the intervals
/// of what changed (the store implements it: `crate::store::Store`). A
/// project's intervals are kept under the digest of everything they rest
/// on ([`project_key`]), with the store entries of the returns they came
/// from (`owners`), which the store deletes them with.
pub trait Partials: Sync {
    /// The bytes kept under `key`, if sound.
    fn get(&self, key: &str) -> Option<Vec<u8>>;
    /// Keeps `bytes` under `key`, resting on the entries `owners`.
    fn put(&self, key: &str, owners: &[Name], bytes: &[u8]);
}

/// Nothing kept: every interval is drawn.
impl Partials for () {
    fn get(&self, _: &str) -> Option<Vec<u8>> {
        None
    }
    fn put(&self, _: &str, _: &[Name], _: &[u8]) {}
}

/// What one project's intervals rest on: its changes per measure (in fact
/// order, which the resampling indexes), its people with an outcome among
/// those paired, and its cost.
struct ProjectInputs<'f> {
    project: Name,
    changes: Vec<(Name, &'f [f64])>,
    /// People paired and, of them, with an outcome; None when the project
    /// has no judged person (no cost per outcome row).
    people: Option<(u64, u64)>,
    cost: f64,
    owners: Vec<Name>,
}

/// Bootstrap intervals for each project's mean change per measure and its
/// cost per outcome, over counted pairs (both scores, a finished course);
/// a person's outcome is as the tables count it: improved on at least one
/// objective ([`crate::score::judgements`], objective `clinical_objective`
/// on their clinical result). Each project's are a function of its own
/// facts and the config, so they are drawn once and kept in `partials`
/// (when its facts came from the store), and a rerun draws only the new
/// returns' projects'.
pub fn uncertainty(
    facts: &Facts,
    tables: &Tables,
    b: &Bootstrap,
    clinical_objective: u8,
    partials: &dyn Partials,
) -> Vec<UncertaintyRow> {
    let q = tables.quarter;
    // Changes per (project, measure), and per project each paired person's
    // "improved on an objective" flag.
    // Grouped by id (a hash of two u32s), then put in order of the names'
    // text once per group: a map ordered by text compared two names' text
    // for every fact, the largest part of valuing a rerun (BENCHMARKS.md).
    let mut changes: FastMap<(Name, Name), Vec<f64>> = FastMap::default();
    for o in facts
        .outcomes
        .iter()
        .filter(|o| o.quarter == q && o.counted())
    {
        if let Some(c) = o.scored.change {
            changes
                .entry((o.project_id, o.measure_id))
                .or_default()
                .push(c);
        }
    }
    let mut changes: Vec<((Name, Name), Vec<f64>)> = changes.into_iter().collect();
    changes.sort_unstable_by_key(|a| a.0);
    let mut people: FastMap<Name, FastMap<u32, bool>> = FastMap::default();
    for j in judgements(facts, Some(q), clinical_objective, HARM_OBJECTIVE) {
        *people
            .entry(j.project_id)
            .or_default()
            .entry(j.person)
            .or_default() |= j.mapped && j.improved;
    }
    let costs: BTreeMap<&str, f64> = tables
        .units
        .iter()
        .filter(|u| u.level == Some(Level::Project))
        .map(|u| (u.key.as_str(), u.cost))
        .collect();
    let owners: HashMap<Name, &[Name]> = facts
        .projects
        .iter()
        .filter(|p| p.quarter == q)
        .map(|p| (p.project_id, p.origins.as_slice()))
        .collect();
    let projects: std::collections::BTreeSet<Name> = changes
        .iter()
        .map(|((p, _), _)| *p)
        .chain(people.keys().copied())
        .collect();
    let mut inputs: BTreeMap<Name, ProjectInputs> = projects
        .into_iter()
        .map(|project| {
            let p = ProjectInputs {
                project,
                changes: Vec::new(),
                people: None,
                cost: costs.get(project.as_str()).copied().unwrap_or(0.0),
                owners: owners.get(&project).map(|o| o.to_vec()).unwrap_or_default(),
            };
            (project, p)
        })
        .collect();
    for ((project, measure), values) in &changes {
        if let Some(p) = inputs.get_mut(project) {
            p.changes.push((*measure, values.as_slice()));
        }
    }
    for (project, flags) in &people {
        let k = flags.values().filter(|f| **f).count() as u64;
        if let Some(p) = inputs.get_mut(project) {
            p.people = Some((flags.len() as u64, k));
        }
    }
    let inputs: Vec<ProjectInputs> = inputs.into_values().collect();
    let mut rows: Vec<UncertaintyRow> = inputs
        .par_iter()
        .flat_map_iter(|p| {
            let rows = match p.owners.is_empty() {
                true => draw(p, b),
                false => kept(p, q, b, partials),
            };
            rows.into_iter().map(|r| r.of(q, p.project, b))
        })
        .collect();
    rows.sort_by(|a, b| {
        (&a.project_id, &a.statistic, &a.measure).cmp(&(&b.project_id, &b.statistic, &b.measure))
    });
    rows
}

/// One row of a project's intervals, as kept: the quarter, project and
/// resamples are the caller's, and every number is its exact bits.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
struct Drawn {
    statistic: String,
    measure: String,
    n: u64,
    estimate: Option<u64>,
    low: Option<u64>,
    high: Option<u64>,
    /// Whether there is an interval (`high` may be unbounded within one).
    interval: bool,
}

impl Drawn {
    fn of(self, quarter: Quarter, project: Name, b: &Bootstrap) -> UncertaintyRow {
        UncertaintyRow {
            quarter,
            project_id: project.to_string(),
            statistic: self.statistic,
            measure: self.measure,
            n: self.n,
            estimate: self.estimate.map(f64::from_bits),
            interval: self.interval.then(|| Interval {
                low: f64::from_bits(self.low.unwrap_or(0)),
                high: self.high.map(f64::from_bits),
            }),
            resamples: b.resamples,
        }
    }
}

/// A project's intervals from the store when kept there under the digest
/// of its inputs, else drawn and kept.
fn kept(p: &ProjectInputs, q: Quarter, b: &Bootstrap, partials: &dyn Partials) -> Vec<Drawn> {
    let key = project_key(p, q, b);
    if let Some(rows) = partials
        .get(&key)
        .and_then(|bytes| serde_json::from_slice::<Vec<Drawn>>(&bytes).ok())
    {
        return rows;
    }
    let rows = draw(p, b);
    if let Ok(bytes) = serde_json::to_vec(&rows) {
        partials.put(&key, &p.owners, &bytes);
    }
    rows
}

/// The sha256 of everything a project's intervals rest on: needle's
/// version (the method), the bootstrap settings, the quarter and project
/// (the seeds' keys), each measure's changes in order, the people paired
/// and improved, and the cost, every number by its exact bits. Any change
/// to any of them is a new key, so a kept result is never stale.
fn project_key(p: &ProjectInputs, q: Quarter, b: &Bootstrap) -> String {
    use std::fmt::Write;
    let mut text = format!(
        "needle-bootstrap 1\nneedle {}\n{} {} {:x}\n{q}\n{}\n{:x}\n{:?}\n",
        env!("CARGO_PKG_VERSION"),
        b.resamples,
        b.seed,
        b.confidence.to_bits(),
        p.project,
        p.cost.to_bits(),
        p.people,
    );
    for (measure, values) in &p.changes {
        let _ = write!(text, "{measure} {}", values.len());
        for v in *values {
            let _ = write!(text, " {:x}", v.to_bits());
        }
        text.push('\n');
    }
    crate::core::hash::sha256_hex(text.as_bytes())
}

/// Draws a project's intervals: mean change per measure, then cost per
/// outcome.
fn draw(p: &ProjectInputs, b: &Bootstrap) -> Vec<Drawn> {
    let mut rows: Vec<Drawn> = p
        .changes
        .iter()
        .map(|(measure, values)| {
            let interval =
                bootstrap_mean(values, b, &format!("mean_change|{}|{measure}", p.project));
            Drawn {
                statistic: "mean_change".into(),
                measure: measure.to_string(),
                n: values.len() as u64,
                estimate: Some((values.iter().sum::<f64>() / values.len() as f64).to_bits()),
                low: interval.map(|i| i.low.to_bits()),
                high: interval.and_then(|i| i.high).map(f64::to_bits),
                interval: interval.is_some(),
            }
        })
        .collect();
    if let Some((n, k)) = p.people {
        let interval =
            bootstrap_cost_per_outcome(p.cost, k, n, b, &format!("cost_per_outcome|{}", p.project));
        rows.push(Drawn {
            statistic: "cost_per_outcome".into(),
            measure: String::new(),
            n,
            estimate: (k > 0).then(|| (p.cost / k as f64).to_bits()),
            low: interval.map(|i| i.low.to_bits()),
            high: interval.and_then(|i| i.high).map(f64::to_bits),
            interval: interval.is_some(),
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(resamples: u32) -> Bootstrap {
        Bootstrap {
            resamples,
            seed: 7,
            confidence: 0.95,
        }
    }

    #[test]
    fn same_seed_same_interval_and_it_brackets_the_mean() {
        let values = [1.0, 2.0, 3.0, 4.0, 10.0];
        let x = bootstrap_mean(&values, &b(2000), "k").unwrap();
        let y = bootstrap_mean(&values, &b(2000), "k").unwrap();
        assert_eq!(x, y);
        // Mean 4; the interval lies within [min, max] = [1, 10] and holds 4.
        assert!(x.low >= 1.0 && x.low < 4.0, "{x:?}");
        let hi = x.high.unwrap();
        assert!(hi > 4.0 && hi <= 10.0, "{x:?}");
        // Another key draws another stream (values spread enough that two
        // streams cannot give the same percentiles by chance).
        let spread: Vec<f64> = (0..40).map(|i| f64::from(i * i)).collect();
        assert_ne!(
            bootstrap_mean(&spread, &b(2000), "k"),
            bootstrap_mean(&spread, &b(2000), "other")
        );
    }

    #[test]
    fn constant_values_give_a_point_interval() {
        // Every resample of [3, 3, 3] has mean 3.
        let x = bootstrap_mean(&[3.0, 3.0, 3.0], &b(500), "k").unwrap();
        assert_eq!((x.low, x.high), (3.0, Some(3.0)));
        assert_eq!(bootstrap_mean(&[], &b(500), "k"), None);
    }

    /// Both intervals against scipy.stats.bootstrap (percentile method,
    /// 200,000 resamples): tests/reference/bootstrap_check.py made these
    /// figures. Each limit may differ by 6 % of scipy's width, four Monte
    /// Carlo standard errors of a 2,000-resample percentile (the script
    /// says why).
    #[test]
    fn intervals_agree_with_scipy() {
        let close = |got: Interval, want: (f64, Option<f64>), what: &str| {
            let width = want.1.unwrap_or(want.0 * 2.0) - want.0;
            assert!(
                (got.low - want.0).abs() <= 0.06 * width,
                "{what}: low {} against scipy's {}",
                got.low,
                want.0
            );
            match (got.high, want.1) {
                (Some(g), Some(w)) => assert!(
                    (g - w).abs() <= 0.06 * width,
                    "{what}: high {g} against scipy's {w}"
                ),
                (None, None) => {}
                (g, w) => panic!("{what}: high {g:?} against scipy's {w:?}"),
            }
        };
        let means: [(&str, Vec<f64>, (f64, f64)); 3] = [
            ("five", vec![1.0, 2.0, 3.0, 4.0, 10.0], (1.8, 7.2)),
            (
                "ons4_eight",
                vec![-2.0, 0.0, 1.0, 1.0, 2.0, 3.0, 3.0, 5.0],
                (0.25, 3.0),
            ),
            (
                "forty",
                (0..40).map(|i| f64::from((i * 7) % 23 - 8)).collect(),
                (1.075, 5.225),
            ),
        ];
        for (name, values, (low, high)) in means {
            let got = bootstrap_mean(&values, &b(2000), name).unwrap();
            close(got, (low, Some(high)), name);
        }
        // (cost, people with an outcome, people, scipy's interval)
        let costs = [
            (
                "twelve_of_thirty",
                10_000.0,
                12,
                30,
                (588.2353, Some(1428.5714)),
            ),
            // 0.7^10 = 2.8 % of resamples have no outcome: more than the
            // 2.5 % tail, so the upper limit is unbounded.
            ("three_of_ten", 5_000.0, 3, 10, (833.3333, None)),
            (
                "fifty_of_eighty",
                24_000.0,
                50,
                80,
                (413.7931, Some(585.3659)),
            ),
        ];
        for (name, cost, k, n, want) in costs {
            let got = bootstrap_cost_per_outcome(cost, k, n, &b(2000), name).unwrap();
            close(got, want, name);
        }
        // Nobody: no interval; nobody with an outcome: every resample
        // unbounded.
        assert_eq!(bootstrap_cost_per_outcome(100.0, 0, 0, &b(2000), "k"), None);
        let none = bootstrap_cost_per_outcome(100.0, 0, 5, &b(2000), "k").unwrap();
        assert_eq!((none.low, none.high), (f64::INFINITY, None));
    }

    #[test]
    fn percentile_positions() {
        // 101 sorted values 0..=100 at 95 %: lower ⌊101 × 0.025⌋ = ⌊2.525⌋ = 2,
        // upper ⌈101 × 0.975⌉ − 1 = ⌈98.475⌉ − 1 = 98.
        let stats: Vec<f64> = (0..=100).map(f64::from).collect();
        assert_eq!(
            percentiles(stats, 0.95),
            Some(Interval {
                low: 2.0,
                high: Some(98.0)
            })
        );
        // 2000 values 1..=2000: indices ⌊50⌋ = 50 and ⌈1950⌉ − 1 = 1949,
        // i.e. the values 51 and 1950.
        let stats: Vec<f64> = (1..=2000).map(f64::from).collect();
        assert_eq!(
            percentiles(stats, 0.95),
            Some(Interval {
                low: 51.0,
                high: Some(1950.0)
            })
        );
        // An infinite upper percentile means unbounded.
        let mut stats: Vec<f64> = (0..100).map(f64::from).collect();
        stats.extend([f64::INFINITY; 10]);
        assert_eq!(percentiles(stats, 0.95).unwrap().high, None);
    }
}
