//! Audit: needle attacks its own published edition before writing it.
//!
//! It reads the edition as written (the tables' CSVs, the tables the
//! report's first page shows, and vfm.xlsx through calamine), takes each
//! hidden count's candidates from what is printed (a published 10 is
//! 8–12; a withheld count 1 or more), recomputes every figure about
//! people from the published counts by the published method (a match
//! tells nothing; a mismatch is a finding), and narrows the candidates
//! with every relation in its own catalogue: rows adding up, the same
//! people in linked tables, counts within a row, means of whole-number
//! scores and WELLBYs. A count is disclosed when its candidates shrink to
//! one value, or a withheld count's to fewer than disclosure.toml's
//! `min_candidates`. Each finding names the cell to withhold (or the
//! statistic to print with fewer decimals) and why; the report run
//! withholds it and audits again, and never writes an edition that fails
//! (docs/methods.md).
//!
//! The audit knows nothing of how needle declared or computed a table:
//! its catalogue (catalogue.rs) and arithmetic (recompute.rs) are its
//! own, so a wrong declaration cannot pass its own audit.

mod across;
mod catalogue;
mod edition;
mod recompute;
mod solve;

pub use across::Known;
pub use catalogue::{Figure, TABLES};
pub use edition::{Cell, Edition, Files, ReadError};
pub use solve::{Domain, Model, Relation, UNBOUNDED, Var};

use crate::config::Config;
use catalogue::{BOUNDS, GROUPS, InRow, LINKS, Side};
use recompute::{At, Method};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A cell of the edition: table, row (from 0, as its CSV lists them),
/// column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellRef {
    pub table: String,
    pub row: usize,
    pub column: String,
}

impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} row {} {}", self.table, self.row + 1, self.column)
    }
}

/// What to do about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fix {
    Withhold,
    /// Print with this many decimals.
    Decimals(u8),
    /// Nothing the published edition can do: a bug to mend.
    None,
}

/// A cell the edition must not print as it does, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub cell: CellRef,
    pub fix: Fix,
    pub why: String,
}

/// What an audit found and tried.
#[derive(Debug, Clone)]
pub struct Audit {
    pub findings: Vec<Finding>,
    /// Relations tried, by kind.
    pub relations: BTreeMap<&'static str, usize>,
    /// Hidden counts (linked cells count once) and cells of counts.
    pub counts: usize,
    pub count_cells: usize,
    /// Figures about people recomputed from the published figures.
    pub recomputed: usize,
    /// The published count with the fewest candidates left (not 0, not
    /// disclosed), and the withheld one: (cell, printed, candidates).
    pub narrowest_shown: Option<(CellRef, String, Domain)>,
    pub narrowest_withheld: Option<(CellRef, Domain)>,
    /// Every count cell's candidates as the audit left them.
    pub candidates: Vec<(CellRef, Domain)>,
    /// The count cells disclosed, and how.
    pub disclosed: Vec<(CellRef, String)>,
}

impl Audit {
    /// Whether the edition discloses nothing.
    pub fn passed(&self) -> bool {
        self.findings.is_empty()
    }
}

/// Why an edition could not be audited.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    Read(#[from] ReadError),
}

/// How a count cell is printed.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Shown {
    Zero,
    /// A rounded count (as the rule rounds).
    Rounded(i64),
    /// A number the rule would not print for people (not a multiple of
    /// the rounding): not about people (sessions where a menu prices per
    /// session), or the exact edition.
    Exact(i64),
    Withheld,
}

/// The workbook's sheets and the tables they hold.
fn sheets() -> Vec<(&'static str, &'static str)> {
    TABLES
        .iter()
        .filter_map(|t| Some((t.name, t.sheet?)))
        .collect()
}

/// Audits a published edition (`exact`: an internal edition, to check the
/// catalogue: every count is then known, and every relation must hold).
pub fn audit(files: &Files, config: &Config, exact: bool) -> Result<Audit, AuditError> {
    attack(files, config, exact, None)
}

/// Audits the published edition of a period longer than a quarter with
/// the quarterly editions of its quarters in hand (`known`: across.rs).
pub fn audit_with(files: &Files, config: &Config, known: &Known) -> Result<Audit, AuditError> {
    attack(files, config, false, Some((known, true)))
}

/// The audit, with the quarters known (and whether to assume the people
/// bounds between a period and its quarters) or not.
fn attack(
    files: &Files,
    config: &Config,
    exact: bool,
    known: Option<(&Known, bool)>,
) -> Result<Audit, AuditError> {
    let d = &config.disclosure;
    let ed = Edition::read(files, &d.symbol)?;
    let method = Method::of(config, !exact);
    let mut b = Builder::new(&ed, config, exact);
    // With the quarters in hand, the reader also knows whether any
    // project's participants are counted once (across.rs).
    b.participants_once = known.map(|(k, _)| k.any_counted_once());
    b.cells();
    b.links();
    b.domains();
    b.sums();
    b.in_rows();
    b.bounds();
    b.groups();
    b.figures(&method);
    b.means(config);
    b.wellbys(&method);
    if let Some((k, bounds)) = known {
        b.across(k, bounds);
    }
    if let (Some(wb), false) = (&files.workbook, exact) {
        for x in edition::workbook_differences(wb, &ed, &sheets(), &d.symbol)? {
            b.findings.push(Finding {
                cell: CellRef {
                    table: x.sheet,
                    row: x.row,
                    column: x.column,
                },
                fix: Fix::None,
                why: format!(
                    "vfm.xlsx holds {} where the CSV prints {}: the workbook must hold no more than the tables",
                    x.workbook, x.csv
                ),
            });
        }
    }
    let contradiction = b.model.solve().err();
    if let Some(c) = contradiction {
        let why = b.why[c.relation].clone();
        // A reader's assumption the published figures contradict is one
        // the reader drops: attack again without it.
        if let (Some((k, true)), across::PEOPLE_BOUND) = (known, why.kind) {
            return attack(files, config, exact, Some((k, false)));
        }
        b.findings.push(Finding {
            cell: why.cells.first().cloned().unwrap_or(CellRef {
                table: String::new(),
                row: 0,
                column: String::new(),
            }),
            fix: Fix::None,
            why: format!("the published figures contradict each other ({}): a bug in needle or in the audit's catalogue", why.kind),
        });
    }
    Ok(b.verdict(d.min_candidates))
}

/// A sum's group of rows: its total rows, and its parts by level.
type Group = (Vec<usize>, BTreeMap<String, Vec<usize>>);

/// Why a relation was made: its kind, the count cells it joins and the
/// figures (not counts) it rests on, which a remedy may coarsen or
/// withhold.
#[derive(Debug, Clone)]
struct Why {
    kind: &'static str,
    cells: Vec<CellRef>,
    figures: Vec<CellRef>,
}

struct Builder<'a> {
    ed: &'a Edition,
    config: &'a Config,
    exact: bool,
    /// Every count cell, and its index.
    cells: Vec<CellRef>,
    shown: Vec<Shown>,
    signed: Vec<bool>,
    id: HashMap<(usize, usize, usize), usize>,
    parent: Vec<usize>,
    /// Each cell's hidden count (after links).
    var: Vec<Var>,
    /// Each hidden count's cells.
    members: Vec<Vec<usize>>,
    model: Model,
    why: Vec<Why>,
    findings: Vec<Finding>,
    kinds: BTreeMap<&'static str, usize>,
    recomputed: usize,
    /// Figure cells and the decimals they are printed with.
    printed: HashMap<CellRef, u8>,
    /// For a mean of whole scores, the most decimals that let (nearly)
    /// every candidate of its count through ([`Builder::safe`]): a
    /// remedy goes straight there rather than one place a pass.
    safe_decimals: HashMap<CellRef, u8>,
    /// The quarters' counts a period's edition is joined to (across.rs).
    quarters: Vec<across::QuarterVar>,
    /// Whether a period's edition counts any project's participants once
    /// (None: not known, so it may).
    participants_once: Option<bool>,
}

fn find(parent: &mut [usize], mut i: usize) -> usize {
    while parent[i] != i {
        parent[i] = parent[parent[i]];
        i = parent[i];
    }
    i
}

impl<'a> Builder<'a> {
    fn new(ed: &'a Edition, config: &'a Config, exact: bool) -> Builder<'a> {
        Builder {
            ed,
            config,
            exact,
            cells: Vec::new(),
            shown: Vec::new(),
            signed: Vec::new(),
            id: HashMap::new(),
            parent: Vec::new(),
            var: Vec::new(),
            members: Vec::new(),
            model: Model::new(),
            why: Vec::new(),
            findings: Vec::new(),
            kinds: BTreeMap::new(),
            recomputed: 0,
            printed: HashMap::new(),
            safe_decimals: HashMap::new(),
            quarters: Vec::new(),
            participants_once: None,
        }
    }

    /// The catalogue's entries for the tables this edition has.
    fn tables(&self) -> impl Iterator<Item = (usize, &'static catalogue::Table)> + '_ {
        TABLES
            .iter()
            .filter_map(|t| Some((self.ed.index(t.name)?, t)))
    }

    /// Every count cell that is printed or withheld.
    fn cells(&mut self) {
        let round = self.config.disclosure.round_to as i64;
        let pairs: Vec<_> = self.tables().collect();
        for (si, t) in pairs {
            let sheet = &self.ed.sheets[si];
            for &name in t.counts {
                let Some(c) = sheet.col(name) else { continue };
                for (r, row) in sheet.rows.iter().enumerate() {
                    let shown = match &row[c] {
                        Cell::Num { value, .. } => {
                            let v = value.round() as i64;
                            if v == 0 {
                                Shown::Zero
                            } else if self.exact
                                || v % round != 0
                                || (*value - v as f64).abs() > 1e-9
                            {
                                Shown::Exact(v)
                            } else {
                                Shown::Rounded(v)
                            }
                        }
                        Cell::Withheld => Shown::Withheld,
                        _ => continue,
                    };
                    self.id.insert((si, r, c), self.cells.len());
                    self.parent.push(self.cells.len());
                    self.cells.push(CellRef {
                        table: sheet.name.clone(),
                        row: r,
                        column: name.to_string(),
                    });
                    self.shown.push(shown);
                    self.signed.push(t.signed.contains(&name));
                }
            }
        }
    }

    /// The cell of `table`'s `row` in column `name`, if it is a count cell.
    fn cell_id(&self, table: &str, row: usize, name: &str) -> Option<usize> {
        let si = self.ed.index(table)?;
        let c = self.ed.sheets[si].col(name)?;
        self.id.get(&(si, row, c)).copied()
    }

    /// Rows of a side, by their key texts.
    fn side_rows(&self, s: &Side) -> Vec<(Vec<String>, usize)> {
        let Some(sheet) = self.ed.get(s.table) else {
            return Vec::new();
        };
        sheet
            .rows_where(s.filter)
            .filter(|&r| s.except.is_none_or(|(c, v)| sheet.text(r, c) != v))
            .map(|r| {
                let key = s.keys.iter().map(|k| key_text(sheet, r, k)).collect();
                (key, r)
            })
            .collect()
    }

    /// Joins the cells of linked tables that count the same people.
    fn links(&mut self) {
        for l in LINKS {
            let b: HashMap<Vec<String>, usize> = self.side_rows(&l.b).into_iter().collect();
            for (key, ra) in self.side_rows(&l.a) {
                let Some(&rb) = b.get(&key) else { continue };
                for (ca, cb) in l.columns {
                    let (Some(x), Some(y)) = (
                        self.cell_id(l.a.table, ra, ca),
                        self.cell_id(l.b.table, rb, cb),
                    ) else {
                        continue;
                    };
                    *self.kinds.entry("same people in two tables").or_default() += 1;
                    let (x, y) = (find(&mut self.parent, x), find(&mut self.parent, y));
                    if x != y {
                        self.parent[x] = y;
                    }
                }
            }
        }
    }

    /// One hidden count per set of linked cells, its candidates those every
    /// one of its cells allows.
    fn domains(&mut self) {
        let d = &self.config.disclosure;
        let (small, half) = (d.suppress_up_to as i64, (d.round_to as i64 - 1) / 2);
        let mut root_var: HashMap<usize, Var> = HashMap::new();
        self.var = vec![0; self.cells.len()];
        for i in 0..self.cells.len() {
            let root = find(&mut self.parent, i);
            let v = *root_var.entry(root).or_insert_with(|| {
                self.members.push(Vec::new());
                self.model.var(-UNBOUNDED, UNBOUNDED)
            });
            self.var[i] = v;
            self.members[v].push(i);
            let dom = &mut self.model.domains[v];
            let (lo, hi) = match self.shown[i] {
                Shown::Zero => (0, 0),
                Shown::Exact(x) => (x, x),
                Shown::Rounded(x) if x > 0 => ((x - half).max(small + 1), x + half),
                Shown::Rounded(x) => (x - half, (x + half).min(-small - 1)),
                Shown::Withheld if self.signed[i] => {
                    dom.out.insert(0);
                    (-UNBOUNDED, UNBOUNDED)
                }
                Shown::Withheld => (1, UNBOUNDED),
            };
            dom.lo = dom.lo.max(lo);
            dom.hi = dom.hi.min(hi);
        }
    }

    fn relate(
        &mut self,
        kind: &'static str,
        r: Relation,
        cells: Vec<usize>,
        figures: Vec<CellRef>,
    ) {
        *self.kinds.entry(kind).or_default() += 1;
        self.model.relate(r);
        self.why.push(Why {
            kind,
            cells: cells.into_iter().map(|i| self.cells[i].clone()).collect(),
            figures,
        });
    }

    /// Rows adding up within a table.
    fn sums(&mut self) {
        let pairs: Vec<_> = self.tables().collect();
        for (si, t) in pairs {
            for s in t.sums {
                let sheet = &self.ed.sheets[si];
                // Group → (total rows, parts by level).
                let mut groups: BTreeMap<Vec<String>, Group> = BTreeMap::new();
                for r in 0..sheet.rows.len() {
                    let key: Vec<String> = s.within.iter().map(|k| key_text(sheet, r, k)).collect();
                    let g = groups.entry(key).or_default();
                    let by = key_text(sheet, r, s.by);
                    if by == s.total {
                        g.0.push(r);
                    } else {
                        let level = if s.each { by } else { String::new() };
                        g.1.entry(level).or_default().push(r);
                    }
                }
                let columns: Vec<&str> = if s.columns.is_empty() {
                    t.counts.to_vec()
                } else {
                    s.columns.to_vec()
                };
                for (totals, levels) in groups.values() {
                    let Some(&total) = totals.first() else {
                        continue;
                    };
                    for (level, parts) in levels {
                        let overlapping = s.overlapping.contains(&level.as_str());
                        for &col in &columns {
                            let Some(ti) = self.cell_id(t.name, total, col) else {
                                continue;
                            };
                            let ids: Option<Vec<usize>> = parts
                                .iter()
                                .map(|&p| self.cell_id(t.name, p, col))
                                .collect();
                            let Some(ids) = ids else { continue };
                            // Over a period, a project's participants may count
                            // each person once while its activity types' and
                            // suppliers' are the quarters' sums (docs/methods.md):
                            // those parts add up to at least the total, and
                            // one may exceed it. Where no project's are, they
                            // add up to it, as in a quarter.
                            let period =
                                crate::core::Quarter::parse(&key_text(sheet, total, "quarter"))
                                    .is_none();
                            let by_activity = s.by == "supplier"
                                || ["activity_type", "supplier"].contains(&level.as_str());
                            let once = self.participants_once != Some(false);
                            if col == "participants" && period && by_activity && once {
                                let sum = self.model.var(-UNBOUNDED, UNBOUNDED);
                                let parts = ids.iter().map(|&p| self.var[p]).collect();
                                self.relate(
                                    "a period's activities' participants adding up to at least their total",
                                    Relation::Sum { total: sum, parts },
                                    ids.clone(),
                                    Vec::new(),
                                );
                                let r = Relation::Le(self.var[ti], sum);
                                self.relate(
                                    "a period's activities' participants adding up to at least their total",
                                    r,
                                    vec![ti],
                                    Vec::new(),
                                );
                                continue;
                            }
                            if overlapping {
                                for &p in &ids {
                                    let r = Relation::Le(self.var[p], self.var[ti]);
                                    self.relate(
                                        "a part at most its total",
                                        r,
                                        vec![p, ti],
                                        Vec::new(),
                                    );
                                }
                            } else {
                                let r = Relation::Sum {
                                    total: self.var[ti],
                                    parts: ids.iter().map(|&p| self.var[p]).collect(),
                                };
                                let mut cells = vec![ti];
                                cells.extend(&ids);
                                self.relate("rows adding up to a total", r, cells, Vec::new());
                            }
                        }
                    }
                }
            }
        }
    }

    /// Counts of one table bounded by another's (catalogue::BOUNDS).
    fn bounds(&mut self) {
        use crate::core::text::normalise_key;
        let norm = |key: Vec<String>| key.iter().map(|k| normalise_key(k)).collect::<Vec<_>>();
        for bound in BOUNDS {
            let large: HashMap<Vec<String>, usize> = self
                .side_rows(&bound.large)
                .into_iter()
                .map(|(k, r)| (norm(k), r))
                .collect();
            for (key, rs) in self.side_rows(&bound.small) {
                let Some(&rl) = large.get(&norm(key)) else {
                    continue;
                };
                for (cs, cl) in bound.columns {
                    if let (Some(x), Some(y)) = (
                        self.cell_id(bound.small.table, rs, cs),
                        self.cell_id(bound.large.table, rl, cl),
                    ) {
                        let rel = Relation::Le(self.var[x], self.var[y]);
                        self.relate(
                            "a count at most another table's (some of its people)",
                            rel,
                            vec![x, y],
                            Vec::new(),
                        );
                    }
                }
            }
        }
    }

    /// Counts of one row bounding each other.
    fn in_rows(&mut self) {
        let pairs: Vec<_> = self.tables().collect();
        for (si, t) in pairs {
            let n = self.ed.sheets[si].rows.len();
            for rel in t.rows {
                for r in 0..n {
                    match *rel {
                        InRow::Le(a, b) => {
                            if let (Some(x), Some(y)) =
                                (self.cell_id(t.name, r, a), self.cell_id(t.name, r, b))
                            {
                                let rel = Relation::Le(self.var[x], self.var[y]);
                                self.relate(
                                    "a count at most another of its row",
                                    rel,
                                    vec![x, y],
                                    Vec::new(),
                                );
                            }
                        }
                        InRow::Diff(a, b, c) => {
                            if let (Some(x), Some(y), Some(z)) = (
                                self.cell_id(t.name, r, a),
                                self.cell_id(t.name, r, b),
                                self.cell_id(t.name, r, c),
                            ) {
                                let rel = Relation::Diff {
                                    a: self.var[x],
                                    b: self.var[y],
                                    c: self.var[z],
                                };
                                self.relate(
                                    "a count the difference of two others",
                                    rel,
                                    vec![x, y, z],
                                    Vec::new(),
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// Parts in one table adding up to totals in another (projects to
    /// their areas).
    fn groups(&mut self) {
        for g in GROUPS {
            let Some(parts_sheet) = self.ed.get(g.parts.table) else {
                continue;
            };
            let via: HashMap<String, String> = match g.via {
                Some((table, key, value)) => self
                    .ed
                    .get(table)
                    .map(|t| {
                        (0..t.rows.len())
                            .map(|r| (key_text(t, r, key), key_text(t, r, value)))
                            .collect()
                    })
                    .unwrap_or_default(),
                None => HashMap::new(),
            };
            let mut by_total: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
            for (mut key, r) in self.side_rows(&g.parts) {
                let group = key_text(parts_sheet, r, g.group);
                key.push(if g.via.is_some() {
                    match via.get(&group) {
                        Some(v) => v.clone(),
                        None => continue,
                    }
                } else {
                    group
                });
                by_total.entry(key).or_default().push(r);
            }
            for (key, rt) in self.side_rows(&g.totals) {
                let Some(parts) = by_total.get(&key) else {
                    continue;
                };
                for (cp, ct) in g.columns {
                    let Some(ti) = self.cell_id(g.totals.table, rt, ct) else {
                        continue;
                    };
                    let ids: Option<Vec<usize>> = parts
                        .iter()
                        .map(|&p| self.cell_id(g.parts.table, p, cp))
                        .collect();
                    let Some(ids) = ids else { continue };
                    let r = Relation::Sum {
                        total: self.var[ti],
                        parts: ids.iter().map(|&p| self.var[p]).collect(),
                    };
                    let mut cells = vec![ti];
                    cells.extend(&ids);
                    self.relate("projects adding up to their area", r, cells, Vec::new());
                }
            }
        }
    }

    /// Every figure about people worked out again from the published
    /// figures; a figure that reads otherwise is a finding, and the
    /// relation it would give an attacker (were it from the true counts)
    /// is added, so that the audit measures what it gives away.
    fn figures(&mut self, method: &Method) {
        let pairs: Vec<_> = self.tables().collect();
        for (si, t) in pairs {
            let sheet = &self.ed.sheets[si];
            for &(name, figure) in t.figures {
                let Some(c) = sheet.col(name) else { continue };
                for r in 0..sheet.rows.len() {
                    let printed = &sheet.rows[r][c];
                    if let Cell::Num { decimals, .. } = printed {
                        self.printed.insert(
                            CellRef {
                                table: t.name.into(),
                                row: r,
                                column: name.into(),
                            },
                            *decimals,
                        );
                    }
                    let at = At {
                        ed: self.ed,
                        sheet,
                        row: r,
                        col: name,
                        method,
                    };
                    let expect = at.figure(figure);
                    if expect == recompute::Expect::Unknown {
                        continue;
                    }
                    self.recomputed += 1;
                    if expect.allows(printed, self.exact) {
                        continue;
                    }
                    let cell = CellRef {
                        table: t.name.into(),
                        row: r,
                        column: name.into(),
                    };
                    self.findings.push(Finding {
                        cell: cell.clone(),
                        fix: Fix::Withhold,
                        why: format!("prints {} where the published figures give {expect:?}: it is not worked out from the published counts", print(printed)),
                    });
                    self.attack(t.name, r, figure, printed, cell);
                }
            }
        }
    }

    /// The relation a figure worked out from the true counts would give.
    fn attack(&mut self, table: &str, r: usize, f: Figure, printed: &Cell, cell: CellRef) {
        let Some(v) = printed.num() else { return };
        let h = printed.half_unit();
        let sheet = self.ed.get(table).expect("a table of the edition");
        match f {
            Figure::Share { k, n } => {
                if let (Some(x), Some(y)) = (self.cell_id(table, r, k), self.cell_id(table, r, n)) {
                    let rel = Relation::Ratio {
                        k: self.var[x],
                        n: self.var[y],
                        lo: v - h,
                        hi: v + h,
                    };
                    self.relate(
                        "a share printed from the true counts",
                        rel,
                        vec![x, y],
                        vec![cell],
                    );
                }
            }
            Figure::PerHead {
                money: catalogue::Money::Here(m),
                n,
            } => {
                let (Some(money), Some(y)) = (sheet.cell(r, m).num(), self.cell_id(table, r, n))
                else {
                    return;
                };
                let allowed = move |x: i64| x > 0 && ((money / x as f64) - v).abs() <= h + 1e-9;
                let rel = Relation::Filter {
                    x: self.var[y],
                    allowed: Box::new(allowed),
                };
                self.relate(
                    "money per head printed from the true count",
                    rel,
                    vec![y],
                    vec![cell],
                );
            }
            Figure::Product { count, price } => {
                let (Some(p), Some(y)) =
                    (sheet.cell(r, price).num(), self.cell_id(table, r, count))
                else {
                    return;
                };
                if p == 0.0 {
                    return;
                }
                // The price is known to its printed decimals only.
                let hp = sheet.cell(r, price).half_unit();
                let allowed =
                    move |x: i64| (x as f64 * p - v).abs() <= h + (x as f64).abs() * hp + 1e-9;
                let rel = Relation::Filter {
                    x: self.var[y],
                    allowed: Box::new(allowed),
                };
                self.relate(
                    "a value printed from the true count",
                    rel,
                    vec![y],
                    vec![cell],
                );
            }
            _ => {}
        }
    }

    /// Means of whole-number scores (and their bootstrap interval's ends,
    /// themselves means of resampled scores) admit only some numbers of
    /// people: for each, the sums of scores they need must be whole.
    fn means(&mut self, config: &Config) {
        for table in ["measures", "measures_pooled"] {
            self.means_of(config, table);
        }
    }

    fn means_of(&mut self, config: &Config, table: &'static str) {
        let Some(m) = self.ed.get(table) else {
            return;
        };
        let unc = self
            .ed
            .get("vfm_uncertainty")
            .filter(|_| table == "measures");
        for r in 0..m.rows.len() {
            let Some(n) = self.cell_id(table, r, "n_paired") else {
                continue;
            };
            let Some(scale) = scale(config, m.text(r, "measure")) else {
                continue;
            };
            let cell = |c: &str| CellRef {
                table: table.into(),
                row: r,
                column: c.into(),
            };
            let (b, f, c) = (
                m.cell(r, "mean_baseline"),
                m.cell(r, "mean_followup"),
                m.cell(r, "mean_change"),
            );
            let (bv, fv, cv) = (b.num(), f.num(), c.num());
            if bv.is_some() || fv.is_some() || cv.is_some() {
                let (bh, fh, ch) = (b.half_unit(), f.half_unit(), c.half_unit());
                let allowed = move |n: i64| {
                    means_fit(
                        n,
                        scale,
                        bv.map(|v| (v, bh)),
                        fv.map(|v| (v, fh)),
                        cv.map(|v| (v, ch)),
                    )
                };
                let figures: Vec<CellRef> = ["mean_baseline", "mean_followup", "mean_change"]
                    .iter()
                    .filter(|c| m.cell(r, c).num().is_some())
                    .map(|c| cell(c))
                    .collect();
                let printed = [b, f, c].map(|x| match x {
                    Cell::Num { value, decimals } => Some((*value, *decimals)),
                    _ => None,
                });
                let safe = self.safe(n, scale, printed);
                for f in &figures {
                    self.safe_decimals.insert(f.clone(), safe);
                }
                let rel = Relation::Filter {
                    x: self.var[n],
                    allowed: Box::new(allowed),
                };
                self.relate("means of whole-number scores", rel, vec![n], figures);
            }
            // The bootstrap interval of the mean change: each end is a mean
            // of n resampled changes.
            let Some(u) = unc else { continue };
            let keys = [
                ("project_id", m.text(r, "project_id")),
                ("statistic", "mean_change"),
                ("measure", m.text(r, "measure")),
            ];
            let Some(ur) = u.rows_where(&keys).next() else {
                continue;
            };
            for end in ["estimate", "ci_low", "ci_high"] {
                let e = u.cell(ur, end);
                let Some(v) = e.num() else { continue };
                let h = e.half_unit();
                let ucell = CellRef {
                    table: "vfm_uncertainty".into(),
                    row: ur,
                    column: end.into(),
                };
                self.printed.insert(
                    ucell.clone(),
                    match e {
                        Cell::Num { decimals, .. } => *decimals,
                        _ => 0,
                    },
                );
                let end_printed = match e {
                    Cell::Num { value, decimals } => Some((*value, *decimals)),
                    _ => None,
                };
                let safe = self.safe(n, scale, [None, None, end_printed]);
                self.safe_decimals.insert(ucell.clone(), safe);
                let allowed = move |n: i64| means_fit(n, scale, None, None, Some((v, h)));
                let rel = Relation::Filter {
                    x: self.var[n],
                    allowed: Box::new(allowed),
                };
                self.relate(
                    "a bootstrap interval of a mean of whole-number scores",
                    rel,
                    vec![n],
                    vec![ucell],
                );
            }
        }
    }

    /// The most decimals the means of count cell `n`'s people (baseline,
    /// follow-up, change: each printed value and its decimals) can be
    /// printed to and still let every candidate of the count through but
    /// one at most, and two at least (see `safe_decimals`), trying each
    /// number of decimals below the printed on the printed values rounded
    /// to it. Alone such a statistic pins nothing; with others it may, and
    /// the audit of the next pass says so. Candidates past the fewest 25
    /// are not tried.
    fn safe(&self, n: usize, scale: f64, printed: [Option<(f64, u8)>; 3]) -> u8 {
        let dom = &self.model.domains[self.var[n]];
        let (lo, hi) = (dom.lo.max(1), dom.hi.min(dom.lo.max(1) + 25));
        let most = printed.iter().flatten().map(|p| p.1).max().unwrap_or(0);
        (0..most)
            .rev()
            .find(|&k| {
                let at = |p: Option<(f64, u8)>| {
                    p.map(|(v, d)| {
                        let k = k.min(d);
                        let f = 10f64.powi(i32::from(k));
                        ((v * f).round() / f, 0.5 / f)
                    })
                };
                let [b, f, c] = printed.map(at);
                let admitted = (lo..=hi).filter(|&m| means_fit(m, scale, b, f, c)).count() as i64;
                admitted >= (hi - lo).max(1)
            })
            .unwrap_or(0)
    }

    /// A project's WELLBYs from life satisfaction are the sum of its
    /// people's whole-number changes (× the persistence factor): beside
    /// its mean change in life satisfaction, that sum ÷ the mean gives the
    /// people; alone, each change is at most 10 points.
    fn wellbys(&mut self, method: &Method) {
        let (Some(e), m) = (self.ed.get("vfm_effectiveness"), self.ed.get("measures")) else {
            return;
        };
        let p = method.persistence;
        if p <= 0.0 {
            return;
        }
        for r in e.rows_where(&[("level", "project")]).collect::<Vec<_>>() {
            let w = e.cell(r, "wellbys_life_satisfaction");
            let (Some(wv), Some(n)) = (
                w.num(),
                self.cell_id("vfm_effectiveness", r, "wellby_people"),
            ) else {
                continue;
            };
            let wh = w.half_unit();
            let (slo, shi) = (
                ((wv - wh) / p - 1e-9).ceil() as i64,
                ((wv + wh) / p + 1e-9).floor() as i64,
            );
            let wcells = vec![
                CellRef {
                    table: "vfm_effectiveness".into(),
                    row: r,
                    column: "wellbys_life_satisfaction".into(),
                },
                CellRef {
                    table: "vfm_effectiveness".into(),
                    row: r,
                    column: "wellbys".into(),
                },
            ];
            let mean = m.and_then(|m| {
                let mr = m
                    .rows_where(&[("project_id", e.text(r, "key")), ("measure", "ONS4-LS")])
                    .next()?;
                let c = m.cell(mr, "mean_change");
                Some((
                    c.num()?,
                    c.half_unit(),
                    CellRef {
                        table: "measures".into(),
                        row: mr,
                        column: "mean_change".into(),
                    },
                ))
            });
            let (allowed, figures): (Box<dyn Fn(i64) -> bool + Send + Sync>, Vec<CellRef>) =
                match mean {
                    Some((mv, mh, mcell)) => (
                        Box::new(move |n: i64| {
                            n > 0
                                && (slo..=shi)
                                    .take(1000)
                                    .any(|s| (s as f64 / n as f64 - mv).abs() <= mh + 1e-9)
                                && slo.abs().min(shi.abs()) <= 10 * n
                        }),
                        vec![mcell],
                    ),
                    None => (
                        Box::new(move |n: i64| slo.abs().min(shi.abs()) <= 10 * n.max(0)),
                        wcells,
                    ),
                };
            let rel = Relation::Filter {
                x: self.var[n],
                allowed,
            };
            self.relate(
                "WELLBYs: a sum of whole changes in life satisfaction",
                rel,
                vec![n],
                figures,
            );
        }
    }

    /// Which counts the edition discloses, and what to do about each.
    fn verdict(mut self, min_candidates: u64) -> Audit {
        let mut narrowest_shown: Option<(CellRef, String, Domain)> = None;
        let mut narrowest_withheld: Option<(CellRef, Domain)> = None;
        let mut fixes: BTreeMap<CellRef, (Fix, String)> = BTreeMap::new();
        let mut disclosed_cells = Vec::new();
        // The statistics (relations resting on printed figures) on each
        // hidden count, for remedies.
        let mut statistics: HashMap<Var, Vec<usize>> = HashMap::new();
        for (i, w) in self.why.iter().enumerate() {
            if !w.figures.is_empty() {
                for x in self.model.relations[i].vars() {
                    statistics.entry(x).or_default().push(i);
                }
            }
        }
        for v in 0..self.members.len() {
            let dom = self.model.domains[v].clone();
            let cells = &self.members[v];
            let shown: Vec<usize> = cells
                .iter()
                .copied()
                .filter(|&i| matches!(self.shown[i], Shown::Rounded(_)))
                .collect();
            let withheld: Vec<usize> = cells
                .iter()
                .copied()
                .filter(|&i| self.shown[i] == Shown::Withheld)
                .collect();
            if cells
                .iter()
                .any(|&i| matches!(self.shown[i], Shown::Zero | Shown::Exact(_)))
            {
                continue;
            }
            let disclosed = if !shown.is_empty() {
                dom.size() <= 1
            } else {
                dom.size() < min_candidates
            };
            if !disclosed {
                if let Some(&i) = shown.first() {
                    if narrowest_shown
                        .as_ref()
                        .is_none_or(|(_, _, d)| dom.size() < d.size())
                    {
                        narrowest_shown = Some((
                            self.cells[i].clone(),
                            print_shown(self.shown[i]),
                            dom.clone(),
                        ));
                    }
                } else if let Some(&i) = withheld.first()
                    && narrowest_withheld
                        .as_ref()
                        .is_none_or(|(_, d)| dom.size() < d.size())
                {
                    narrowest_withheld = Some((self.cells[i].clone(), dom.clone()));
                }
                continue;
            }
            let what = if shown.is_empty() {
                format!(
                    "withheld, but the published figures leave it only {}",
                    dom.describe()
                )
            } else {
                format!(
                    "published as {}, but the published figures pin it to {}",
                    print_shown(self.shown[shown[0]]),
                    dom.describe()
                )
            };
            for &i in cells {
                if matches!(self.shown[i], Shown::Rounded(_) | Shown::Withheld) {
                    disclosed_cells.push((self.cells[i].clone(), what.clone()));
                }
            }
            for (cell, fix, why) in self.remedy(v, &shown, &what, &statistics) {
                fixes.entry(cell).or_insert((fix, why));
            }
        }
        // A quarter's count, as its own edition left it, that this
        // edition narrows past the rule: the cell joined to it goes.
        for q in &self.quarters {
            let (before, after) = (q.known.domain.size(), self.model.domains[q.var].size());
            let disclosed = if q.known.withheld {
                after < min_candidates && before >= min_candidates
            } else {
                after <= 1 && before > 1
            };
            if !disclosed {
                continue;
            }
            let what = format!(
                "{} of {}, as its own edition left it {}, now {}",
                if q.known.withheld {
                    "a withheld count"
                } else {
                    "a published count"
                },
                q.known.at,
                q.known.domain.describe(),
                self.model.domains[q.var].describe()
            );
            let v = self.var[q.cell];
            let shown: Vec<usize> = self.members[v]
                .iter()
                .copied()
                .filter(|&i| matches!(self.shown[i], Shown::Rounded(_)))
                .collect();
            for (cell, fix, why) in self.remedy(v, &shown, &what, &statistics) {
                fixes.entry(cell).or_insert((fix, why));
            }
        }
        self.findings
            .extend(
                fixes
                    .into_iter()
                    .map(|(cell, (fix, why))| Finding { cell, fix, why }),
            );
        let candidates = self
            .cells
            .iter()
            .zip(&self.var)
            .map(|(c, &v)| (c.clone(), self.model.domains[v].clone()))
            .collect();
        Audit {
            findings: self.findings,
            relations: self.kinds,
            counts: self.members.len(),
            count_cells: self.cells.len(),
            recomputed: self.recomputed,
            narrowest_shown,
            narrowest_withheld,
            candidates,
            disclosed: disclosed_cells,
        }
    }

    /// What to withhold or coarsen for a disclosed count. The relations
    /// that narrowed it are followed back, nearest first, through the
    /// counts they narrowed in turn: a statistic among them is printed
    /// with a decimal fewer (withheld at none); else the count is withheld
    /// where it is published; else (already withheld) the smallest
    /// published count nearest it that took part.
    fn remedy(
        &self,
        v: Var,
        shown: &[usize],
        what: &str,
        statistics: &HashMap<Var, Vec<usize>>,
    ) -> Vec<(CellRef, Fix, String)> {
        let name = &self.cells[self.members[v][0]];
        // Breadth first over the relations that narrowed v.
        let mut seen_vars = BTreeSet::from([v]);
        let mut seen = BTreeSet::new();
        let mut layer: Vec<Var> = vec![v];
        let mut layers: Vec<Vec<usize>> = Vec::new();
        while !layer.is_empty() && seen.len() < 5000 {
            let mut rels = Vec::new();
            let mut next = Vec::new();
            for u in layer {
                for &i in &self.model.narrowed_by[u] {
                    if seen.insert(i) {
                        rels.push(i);
                        for w in self.model.relations[i].vars() {
                            if seen_vars.insert(w) {
                                next.push(w);
                            }
                        }
                    }
                }
            }
            if !rels.is_empty() {
                layers.push(rels);
            }
            layer = next;
        }
        let why_of =
            |rels: &[usize]| kinds(&rels.iter().map(|&i| &self.why[i]).collect::<Vec<_>>());
        // Every statistic on the counts a layer's statistics rest on, not
        // only those that narrowed first: the others (a bootstrap end
        // beside the mean it resamples) would narrow the count next pass.
        for rels in &layers {
            // A statistic beside them that alone lets every candidate
            // through (its safe decimals are those printed) stays as it is.
            let narrows = |f: &&CellRef| {
                self.safe_decimals
                    .get(*f)
                    .is_none_or(|&safe| safe < self.printed.get(*f).copied().unwrap_or(0))
            };
            let figures: BTreeSet<&CellRef> = rels
                .iter()
                .filter(|&&i| !self.why[i].figures.is_empty())
                .flat_map(|&i| self.model.relations[i].vars())
                .flat_map(|x| statistics.get(&x).into_iter().flatten())
                .flat_map(|&i| &self.why[i].figures)
                .filter(narrows)
                .chain(rels.iter().flat_map(|&i| &self.why[i].figures))
                .collect();
            if !figures.is_empty() {
                return figures
                    .into_iter()
                    .map(|f| {
                        let d = self.printed.get(f).copied().unwrap_or(0);
                        let fix = if d > 0 {
                            let safe = self.safe_decimals.get(f).copied().unwrap_or(d - 1);
                            Fix::Decimals(safe.min(d - 1))
                        } else {
                            Fix::Withhold
                        };
                        (
                            f.clone(),
                            fix,
                            format!("{name} is {what}; this statistic narrows it"),
                        )
                    })
                    .collect();
            }
        }
        let all: Vec<usize> = layers.iter().flatten().copied().collect();
        if !shown.is_empty() {
            return shown
                .iter()
                .map(|&i| {
                    (
                        self.cells[i].clone(),
                        Fix::Withhold,
                        format!("{what} ({})", why_of(&all)),
                    )
                })
                .collect();
        }
        for rels in &layers {
            let mut best: Option<(i64, &CellRef)> = None;
            for &r in rels {
                for c in &self.why[r].cells {
                    let Some(i) = self.cell_id(&c.table, c.row, &c.column) else {
                        continue;
                    };
                    if self.var[i] == v {
                        continue;
                    }
                    if let Shown::Rounded(x) = self.shown[i]
                        && best.is_none_or(|(b, _)| x.abs() < b)
                    {
                        best = Some((x.abs(), c));
                    }
                }
            }
            if let Some((_, c)) = best {
                return vec![(
                    c.clone(),
                    Fix::Withhold,
                    format!(
                        "{name} is {what} ({}); this count, beside it, is withheld too",
                        why_of(&all)
                    ),
                )];
            }
        }
        vec![(
            name.clone(),
            Fix::None,
            format!("{what}, and nothing beside it can be withheld"),
        )]
    }
}

/// The relations' kinds, in words.
fn kinds(by: &[&Why]) -> String {
    let k: BTreeSet<&str> = by.iter().map(|w| w.kind).collect();
    k.into_iter().collect::<Vec<_>>().join("; ")
}

fn key_text(sheet: &edition::Sheet, r: usize, k: &str) -> String {
    match sheet.cell(r, k) {
        Cell::Num { value, decimals } => format!("{value:.*}", usize::from(*decimals)),
        Cell::Text(s) => s.clone(),
        _ => String::new(),
    }
}

fn print(c: &Cell) -> String {
    match c {
        Cell::Num { value, decimals } => format!("{value:.*}", usize::from(*decimals)),
        Cell::Withheld => "*".into(),
        Cell::Blank => "nothing".into(),
        Cell::Text(s) => s.clone(),
    }
}

fn print_shown(s: Shown) -> String {
    match s {
        Shown::Zero => "0".into(),
        Shown::Rounded(x) | Shown::Exact(x) => x.to_string(),
        Shown::Withheld => "*".into(),
    }
}

/// How finely a measure's sums of scores are known: 1 for whole-number
/// scores, 100 for scores converted to two decimals; None when scores
/// may be any number (then a mean narrows nothing).
fn scale(config: &Config, measure: &str) -> Option<f64> {
    // A pair of measures (PHQ-9+GAD-7) has no mean.
    let m = config.measures.iter().find(|m| m.id == measure)?;
    match (&m.conversion, m.integer) {
        (None, true) => Some(1.0),
        (Some(_), _) => Some(100.0),
        (None, false) => None,
    }
}

/// Whether `n` people's whole sums (in units of 1/`scale`) can give the
/// printed means: baseline b, follow-up f and change c (each value and
/// half a unit of its last decimal).
fn means_fit(
    n: i64,
    scale: f64,
    b: Option<(f64, f64)>,
    f: Option<(f64, f64)>,
    c: Option<(f64, f64)>,
) -> bool {
    if n <= 0 {
        return false;
    }
    let n = n as f64 * scale;
    // The whole sums S with S / n within (v ± h): [ceil(n(v−h)), floor(n(v+h))].
    let range = |(v, h): (f64, f64)| -> (f64, f64) {
        (((v - h) * n - 1e-7).ceil(), ((v + h) * n + 1e-7).floor())
    };
    let full = (f64::NEG_INFINITY, f64::INFINITY);
    let (bl, bh) = b.map_or(full, range);
    let (fl, fh) = f.map_or(full, range);
    let (cl, ch) = c.map_or(full, range);
    if bl > bh || fl > fh || cl > ch {
        return false;
    }
    // Some S_f − S_b in [cl, ch] with S_b in [bl, bh] and S_f in [fl, fh].
    let (lo, hi) = (fl - bh, fh - bl);
    lo.max(cl) <= hi.min(ch)
}

#[cfg(test)]
mod leaks;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn means_of_whole_scores_admit_only_some_numbers_of_people() {
        // 14.33 at 2 decimals: 129/9 = 14.333 and 172/12 = 14.333 fit; of
        // 8–12 people, 8 (114/8 = 14.25, 115/8 = 14.375), 10 (143/10 = 14.3)
        // and 11 (158/11 = 14.36) do not.
        let fit = |n| means_fit(n, 1.0, Some((14.33, 0.005)), None, None);
        let ok: Vec<i64> = (8..=12).filter(|&n| fit(n)).collect();
        assert_eq!(ok, [9, 12]);
        // With one decimal, 14.3: every n from 10 up fits (a width of 0.1 × n
        // ≥ 1 holds a whole sum); 8 (114/8 = 14.25 to 14.35? 14.25 is the
        // edge, 115/8 = 14.375 out) — 114/8 = 14.25 ≥ 14.25: fits.
        let ok: Vec<i64> = (8..=12)
            .filter(|&n| means_fit(n, 1.0, Some((14.3, 0.05)), None, None))
            .collect();
        assert_eq!(ok, [8, 9, 10, 11, 12]);
        // Baseline 12.00, follow-up 13.50, change 1.50 on n: 2 people can
        // (24/2, 27/2); 3 cannot (13.5 × 3 = 40.5 is not whole).
        let fit = |n| {
            means_fit(
                n,
                1.0,
                Some((12.0, 0.005)),
                Some((13.5, 0.005)),
                Some((1.5, 0.005)),
            )
        };
        assert!(fit(2) && !fit(3) && fit(4));
    }
}
