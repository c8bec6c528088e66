//! The audit's reasoning: every hidden count a set of candidate values,
//! narrowed by every relation until nothing narrows any more (interval
//! propagation, with exact filtering of a count's candidates where a
//! relation is not linear). This is what tau-ARGUS's audit does for a
//! suppressed table with linear programming; tests/reference holds it to
//! an exact integer programme on the fixtures.

use std::collections::BTreeSet;

/// A count the audit solves for.
pub type Var = usize;

/// Larger than any count of people: "no upper bound".
pub const UNBOUNDED: i64 = 1_000_000_000_000;

/// A count's candidate values: `lo..=hi` less those ruled out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub lo: i64,
    pub hi: i64,
    pub out: BTreeSet<i64>,
}

impl Domain {
    pub fn new(lo: i64, hi: i64) -> Domain {
        Domain {
            lo,
            hi,
            out: BTreeSet::new(),
        }
    }

    /// How many candidates are left (saturating for an unbounded domain).
    pub fn size(&self) -> u64 {
        if self.hi < self.lo {
            return 0;
        }
        if self.hi >= UNBOUNDED {
            return u64::MAX;
        }
        let span = (self.hi - self.lo + 1) as u64;
        span - self.out.range(self.lo..=self.hi).count() as u64
    }

    pub fn contains(&self, v: i64) -> bool {
        v >= self.lo && v <= self.hi && !self.out.contains(&v)
    }

    /// Every candidate, when there are few enough to list.
    pub fn values(&self, at_most: u64) -> Option<Vec<i64>> {
        if self.hi >= UNBOUNDED || (self.hi - self.lo) as u64 >= at_most {
            return None;
        }
        Some(
            (self.lo..=self.hi)
                .filter(|v| !self.out.contains(v))
                .collect(),
        )
    }

    /// Moves the bounds past ruled-out values at the ends.
    fn normalise(&mut self) {
        while self.lo <= self.hi && self.out.contains(&self.lo) {
            self.lo += 1;
        }
        while self.hi >= self.lo && self.hi < UNBOUNDED && self.out.contains(&self.hi) {
            self.hi -= 1;
        }
    }

    /// The candidates as people read them: "8–12", "9, 12", "1 or more".
    pub fn describe(&self) -> String {
        if self.hi >= UNBOUNDED {
            return format!("{} or more", self.lo);
        }
        match self.values(20) {
            Some(v) if v.len() <= 6 && self.size() < (self.hi - self.lo + 1) as u64 => v
                .iter()
                .map(|x| x.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            _ if self.lo == self.hi => self.lo.to_string(),
            _ => format!("{}–{}", self.lo, self.hi),
        }
    }
}

/// A relation between hidden counts.
pub enum Relation {
    /// total = Σ parts.
    Sum { total: Var, parts: Vec<Var> },
    /// a ≤ b.
    Le(Var, Var),
    /// a = b − c.
    Diff { a: Var, b: Var, c: Var },
    /// lo ≤ k ÷ n ≤ hi, for n > 0.
    Ratio { k: Var, n: Var, lo: f64, hi: f64 },
    /// Only the values for which the test holds.
    Filter {
        x: Var,
        allowed: Box<dyn Fn(i64) -> bool + Send + Sync>,
    },
}

impl Relation {
    /// The counts it relates.
    pub fn vars(&self) -> Vec<Var> {
        match self {
            Relation::Sum { total, parts } => std::iter::once(*total)
                .chain(parts.iter().copied())
                .collect(),
            Relation::Le(a, b) => vec![*a, *b],
            Relation::Diff { a, b, c } => vec![*a, *b, *c],
            Relation::Ratio { k, n, .. } => vec![*k, *n],
            Relation::Filter { x, .. } => vec![*x],
        }
    }
}

/// The hidden counts, their candidates, the relations between them, and
/// which relation last narrowed each count.
pub struct Model {
    pub domains: Vec<Domain>,
    pub relations: Vec<Relation>,
    /// For each count, the relations that narrowed it.
    pub narrowed_by: Vec<BTreeSet<usize>>,
}

/// A relation that cannot hold on any candidates: the edition contradicts
/// itself (a bug in needle or in the audit's catalogue).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    pub relation: usize,
}

/// Candidates listed exactly up to this many.
const LIST: u64 = 100_000;

impl Default for Model {
    fn default() -> Model {
        Model::new()
    }
}

impl Model {
    pub fn new() -> Model {
        Model {
            domains: Vec::new(),
            relations: Vec::new(),
            narrowed_by: Vec::new(),
        }
    }

    /// A new hidden count with candidates `lo..=hi`.
    pub fn var(&mut self, lo: i64, hi: i64) -> Var {
        self.domains.push(Domain::new(lo, hi));
        self.narrowed_by.push(BTreeSet::new());
        self.domains.len() - 1
    }

    pub fn relate(&mut self, r: Relation) -> usize {
        self.relations.push(r);
        self.relations.len() - 1
    }

    /// Narrows every count until no relation narrows any further.
    pub fn solve(&mut self) -> Result<(), Contradiction> {
        let mut watch: Vec<Vec<usize>> = vec![Vec::new(); self.domains.len()];
        for (i, r) in self.relations.iter().enumerate() {
            for v in r.vars() {
                watch[v].push(i);
            }
        }
        let mut queue: std::collections::VecDeque<usize> = (0..self.relations.len()).collect();
        let mut queued = vec![true; self.relations.len()];
        let mut rounds = 0u64;
        while let Some(i) = queue.pop_front() {
            queued[i] = false;
            rounds += 1;
            // Bounds propagation converges; this only guards a slow crawl
            // of bounds on a large system.
            if rounds > 50_000_000 {
                break;
            }
            let changed = self.apply(i)?;
            for v in changed {
                self.narrowed_by[v].insert(i);
                for &j in &watch[v] {
                    if !queued[j] {
                        queued[j] = true;
                        queue.push_back(j);
                    }
                }
            }
        }
        Ok(())
    }

    /// Applies relation `i` once; returns the counts it narrowed.
    fn apply(&mut self, i: usize) -> Result<Vec<Var>, Contradiction> {
        let before: Vec<(Var, Domain)> = self.relations[i]
            .vars()
            .into_iter()
            .map(|v| (v, self.domains[v].clone()))
            .collect();
        let d = &mut self.domains;
        let bound = |x: &mut Domain, lo: i128, hi: i128| {
            let lo = lo.clamp(-(UNBOUNDED as i128), UNBOUNDED as i128) as i64;
            let hi = hi.clamp(-(UNBOUNDED as i128), UNBOUNDED as i128) as i64;
            if lo > x.lo {
                x.lo = lo;
            }
            if hi < x.hi {
                x.hi = hi;
            }
            x.normalise();
        };
        match &self.relations[i] {
            Relation::Sum { total, parts } => {
                let lo: i128 = parts.iter().map(|&p| d[p].lo as i128).sum();
                let hi: i128 = parts.iter().map(|&p| d[p].hi as i128).sum();
                bound(&mut d[*total], lo, hi);
                let (tlo, thi) = (d[*total].lo as i128, d[*total].hi as i128);
                for &p in parts {
                    let others_lo = lo - d[p].lo as i128;
                    let others_hi = hi - d[p].hi as i128;
                    bound(&mut d[p], tlo - others_hi, thi - others_lo);
                }
            }
            Relation::Le(a, b) => {
                let (alo, bhi) = (d[*a].lo as i128, d[*b].hi as i128);
                bound(&mut d[*b], alo, UNBOUNDED as i128);
                bound(&mut d[*a], -(UNBOUNDED as i128), bhi);
            }
            Relation::Diff { a, b, c } => {
                // a = b − c, b = a + c, c = b − a.
                let (blo, bhi, clo, chi) = (
                    d[*b].lo as i128,
                    d[*b].hi as i128,
                    d[*c].lo as i128,
                    d[*c].hi as i128,
                );
                bound(&mut d[*a], blo - chi, bhi - clo);
                let (alo, ahi) = (d[*a].lo as i128, d[*a].hi as i128);
                bound(&mut d[*b], alo + clo, ahi + chi);
                let (blo, bhi) = (d[*b].lo as i128, d[*b].hi as i128);
                bound(&mut d[*c], blo - ahi, bhi - alo);
            }
            Relation::Ratio { k, n, lo, hi } => {
                let (k, n, lo, hi) = (*k, *n, *lo, *hi);
                let (nlo, nhi) = (d[n].lo.max(1) as f64, d[n].hi as f64);
                bound(
                    &mut d[k],
                    (nlo * lo - 1e-9).ceil() as i128,
                    (nhi * hi + 1e-9).floor() as i128,
                );
                let (klo, khi) = (d[k].lo as f64, d[k].hi as f64);
                let nmin = if hi > 0.0 {
                    (klo / hi - 1e-9).ceil()
                } else {
                    1.0
                };
                let nmax = if lo > 0.0 {
                    (khi / lo + 1e-9).floor()
                } else {
                    UNBOUNDED as f64
                };
                bound(&mut d[n], nmin.max(1.0) as i128, nmax as i128);
                // Exactly, where both are few: each candidate needs a partner.
                if let (Some(ks), Some(ns)) = (d[k].values(LIST), d[n].values(LIST))
                    && (ks.len() as u64) * (ns.len() as u64) <= 4_000_000
                {
                    let fits = |kk: i64, nn: i64| {
                        nn > 0 && {
                            let r = kk as f64 / nn as f64;
                            r >= lo - 1e-12 && r <= hi + 1e-12
                        }
                    };
                    for kk in &ks {
                        if !ns.iter().any(|nn| fits(*kk, *nn)) {
                            d[k].out.insert(*kk);
                        }
                    }
                    for nn in &ns {
                        if !ks.iter().any(|kk| fits(*kk, *nn)) {
                            d[n].out.insert(*nn);
                        }
                    }
                    d[k].normalise();
                    d[n].normalise();
                }
            }
            Relation::Filter { x, allowed } => {
                if let Some(vs) = d[*x].values(LIST) {
                    for v in vs {
                        if !allowed(v) {
                            d[*x].out.insert(v);
                        }
                    }
                    d[*x].normalise();
                }
            }
        }
        let mut changed = Vec::new();
        for (v, was) in before {
            if self.domains[v].size() == 0 {
                return Err(Contradiction { relation: i });
            }
            if self.domains[v] != was {
                changed.push(v);
            }
        }
        Ok(changed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_alone_can_pin_a_sum() {
        // Four parts of 8 each publish as 10 (8–12); their total 32 as 30
        // (28–32). Σ parts ≥ 32 ≥ total: every part is 8, the total 32.
        let mut m = Model::new();
        let total = m.var(28, 32);
        let parts: Vec<Var> = (0..4).map(|_| m.var(8, 12)).collect();
        m.relate(Relation::Sum {
            total,
            parts: parts.clone(),
        });
        m.solve().unwrap();
        assert_eq!(m.domains[total], Domain::new(32, 32));
        for p in parts {
            assert_eq!(m.domains[p].describe(), "8");
        }
    }

    #[test]
    fn a_withheld_part_is_bounded_by_its_total() {
        // Total 10 (8–12) = 10 (8–12) + * (1 or more): the * is 1–4.
        let mut m = Model::new();
        let (total, shown, hidden) = (m.var(8, 12), m.var(8, 12), m.var(1, UNBOUNDED));
        m.relate(Relation::Sum {
            total,
            parts: vec![shown, hidden],
        });
        m.solve().unwrap();
        assert_eq!(m.domains[hidden].describe(), "1–4");
        assert_eq!(m.domains[total].describe(), "9–12");
    }

    #[test]
    fn a_rate_from_exact_counts_pins_both() {
        // "10 of 10, 0.9167": 11/12 = 0.91667 is the only k/n with k and n in
        // 8–12 that rounds to 0.9167.
        let mut m = Model::new();
        let (k, n) = (m.var(8, 12), m.var(8, 12));
        m.relate(Relation::Ratio {
            k,
            n,
            lo: 0.91665,
            hi: 0.91675,
        });
        m.solve().unwrap();
        assert_eq!(
            (m.domains[k].describe(), m.domains[n].describe()),
            ("11".into(), "12".into())
        );
    }

    #[test]
    fn a_filter_leaves_holes_and_contradictions_are_found() {
        let mut m = Model::new();
        let n = m.var(8, 12);
        m.relate(Relation::Filter {
            x: n,
            allowed: Box::new(|v| v % 3 == 0),
        });
        m.solve().unwrap();
        assert_eq!(m.domains[n].describe(), "9, 12");
        assert_eq!(m.domains[n].size(), 2);
        let mut m = Model::new();
        let (a, b) = (m.var(10, 12), m.var(1, 5));
        m.relate(Relation::Le(a, b));
        assert!(m.solve().is_err());
    }
}
