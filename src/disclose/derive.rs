//! Working derived figures out again from the published edition's own
//! figures: what a [`super::Rule`] sees ([`Inputs`]) and the run's
//! constants it may use ([`Consts`]).
//!
//! A figure computed from published figures by a published rule adds
//! nothing to what those figures already tell: so in the published
//! edition every share, interval, money per head and value is worked out
//! here from the counts as published (rounded or withheld), the money as
//! printed and the statistics as printed, never from the exact counts
//! behind them (NHS Digital: "percentages are calculated from the rounded
//! numerator and denominator").

use super::declare::{Column, Role};
use super::table::{Table, Val, format_fixed};
use std::cell::RefCell;
use std::collections::HashMap;

/// What the published edition's rules use besides the tables: the run's
/// valuation, in the report price year (each figure also printed in the
/// report's method appendix and the workbook's method sheet).
#[derive(Debug, Clone)]
pub struct Consts {
    /// WELLBY values (low, central, high).
    pub wellby_values: (f64, f64, f64),
    /// The bootstrap's resamples, seed and confidence level.
    pub bootstrap: crate::config::Bootstrap,
    /// The user's proxies: (indicator, whether per reduction (else per
    /// numerator), £ per unit uprated).
    pub proxies: Vec<(String, bool, f64)>,
}

impl Consts {
    /// Constants for a run with no valuation (tests, packs, feedback).
    pub fn none() -> Consts {
        Consts {
            wellby_values: (0.0, 0.0, 0.0),
            bootstrap: crate::config::Bootstrap {
                resamples: 0,
                seed: 0,
                confidence: 0.95,
            },
            proxies: Vec::new(),
        }
    }
}

/// The row a rule works on, and the edition's other tables.
pub struct Inputs<'a> {
    pub(super) tables: &'a [Table],
    pub(super) table: usize,
    pub(super) row: usize,
    pub(super) consts: &'a Consts,
    /// Whether values are taken as printed (the published edition) or
    /// exact (a test holding a rule to the stage's definition).
    pub(super) printed: bool,
    pub(super) index: &'a Index,
}

/// Rows of other tables found by their key values, built once per table
/// and key.
#[derive(Default)]
pub struct Index {
    by: RefCell<HashMap<(usize, Vec<&'static str>), RowsByKey>>,
}

/// A table's rows by the text of some of its key columns.
type RowsByKey = HashMap<Vec<String>, Vec<usize>>;

impl<'a> Inputs<'a> {
    fn t(&self) -> &'a Table {
        &self.tables[self.table]
    }

    /// The run's constants.
    pub fn consts(&self) -> &'a Consts {
        self.consts
    }

    /// Whether the figures are the published edition's (else exact: a
    /// test holding a rule to the stage's definition).
    pub fn published(&self) -> bool {
        self.printed
    }

    /// The name of the table the row is in.
    pub fn table_name(&self) -> &'static str {
        self.t().name
    }

    /// Whether the row's table has a column `name`.
    pub fn has(&self, name: &str) -> bool {
        self.t().col(name).is_some()
    }

    /// The value of column `name` of this row, as the edition shows it:
    /// counts as published, money and statistics as printed (rounded to
    /// their decimals), derived figures as worked out (a function of
    /// published figures). Empty when the table has no such column.
    pub fn val(&self, name: &str) -> Val {
        self.at(self.table, self.row, name)
    }

    /// The value of column `name` of this row as printed, derived figures
    /// too: for a rule a reader works from the printed figure (a
    /// switching value, 1 − 1 ÷ BCR, is sensitive to the pence of the
    /// value it divides). Exact when rules are held to the stage's figures.
    pub fn val_printed(&self, name: &str) -> Val {
        if !self.printed {
            return self.val(name);
        }
        let t = self.t();
        t.col(name).map_or(Val::Empty, |c| {
            as_printed(&t.rows[self.row][c], &t.columns[c])
        })
    }

    /// The text of key column `name` of this row.
    pub fn text(&self, name: &str) -> &'a str {
        let t = self.t();
        match t.col(name).map(|c| &t.rows[self.row][c]) {
            Some(Val::Text(s)) => s,
            _ => "",
        }
    }

    /// The value of column `name` in the total row of this row's group
    /// (the row itself when it is a total).
    pub fn total(&self, name: &str) -> Val {
        let t = self.t();
        let total = t
            .groups
            .iter()
            .find(|g| g.total == self.row || g.parts.contains(&self.row))
            .map_or(self.row, |g| g.total);
        self.at(self.table, total, name)
    }

    /// The value of column `name` in the row of table `table` whose key
    /// columns read `keys` (column, text); None when there is no such
    /// table or row.
    pub fn lookup(&self, table: &str, keys: &[(&'static str, &str)], name: &str) -> Option<Val> {
        let ti = self.tables.iter().position(|t| t.name == table)?;
        let row = self.find(ti, keys)?;
        Some(self.at(ti, row, name))
    }

    /// Every row of table `table` whose key columns read `keys`, with the
    /// value of column `name` in each.
    pub fn lookup_all(&self, table: &str, keys: &[(&'static str, &str)], name: &str) -> Vec<Val> {
        let Some(ti) = self.tables.iter().position(|t| t.name == table) else {
            return Vec::new();
        };
        self.rows(ti, keys)
            .into_iter()
            .map(|r| self.at(ti, r, name))
            .collect()
    }

    /// The values of column `name` in every row of this table whose key
    /// columns read `keys`.
    pub fn here_all(&self, keys: &[(&'static str, &str)], name: &str) -> Vec<Val> {
        self.lookup_all(self.t().name, keys, name)
    }

    fn find(&self, ti: usize, keys: &[(&'static str, &str)]) -> Option<usize> {
        self.rows(ti, keys).first().copied()
    }

    /// The rows of table `ti` whose key columns read `keys`, in order.
    fn rows(&self, ti: usize, keys: &[(&'static str, &str)]) -> Vec<usize> {
        let t = &self.tables[ti];
        let names: Vec<&'static str> = keys.iter().map(|(k, _)| *k).collect();
        let mut by = self.index.by.borrow_mut();
        let map = by.entry((ti, names.clone())).or_insert_with(|| {
            let cols: Vec<Option<usize>> = names.iter().map(|k| t.col(k)).collect();
            let mut m: RowsByKey = HashMap::new();
            for (r, row) in t.rows.iter().enumerate() {
                // A row without every key column, or with a key that is not
                // text, matches nothing.
                let key: Option<Vec<String>> = cols
                    .iter()
                    .map(|c| match c.map(|c| &row[c]) {
                        Some(Val::Text(s)) => Some(s.clone()),
                        _ => None,
                    })
                    .collect();
                if let Some(key) = key {
                    m.entry(key).or_default().push(r);
                }
            }
            m
        });
        let key: Vec<String> = keys.iter().map(|(_, v)| v.to_string()).collect();
        map.get(&key).cloned().unwrap_or_default()
    }

    fn at(&self, ti: usize, row: usize, name: &str) -> Val {
        let t = &self.tables[ti];
        let Some(c) = t.col(name) else {
            return Val::Empty;
        };
        let (v, col) = (&t.rows[row][c], &t.columns[c]);
        match col.role {
            Role::Plain | Role::Statistic(_) if self.printed => as_printed(v, col),
            _ => v.clone(),
        }
    }
}

/// A value of column `col` as printed: a number rounded to its places (or
/// its column's), read back; anything else as it is.
pub fn as_printed(v: &Val, col: &Column) -> Val {
    match v {
        Val::Num {
            value,
            base,
            places,
        } => Val::Num {
            value: printed(*value, places.map_or(col.format.decimals(), usize::from)),
            base: *base,
            places: *places,
        },
        _ => v.clone(),
    }
}

/// `v` as printed with `decimals` decimals, read back.
pub fn printed(v: f64, decimals: usize) -> f64 {
    format_fixed(v, decimals).parse().unwrap_or(v)
}

/// A share `k` of `n`, resting on `n` people; empty for nobody.
pub fn share(k: f64, n: f64) -> Val {
    if n == 0.0 {
        Val::Empty
    } else {
        Val::stat(k / n, Some(n.max(0.0) as u64))
    }
}

/// Money per head: `money` ÷ `n`, resting on `n`; empty when there is
/// nobody ("cost per X is empty when X is 0").
pub fn per_head(money: f64, n: f64) -> Val {
    if n == 0.0 {
        Val::Empty
    } else {
        Val::stat(money / n, Some(n.abs() as u64))
    }
}

/// A sum of published values: withheld when any is, 0 for none.
pub fn sum(vals: &[Val]) -> Val {
    let mut total = 0.0;
    for v in vals {
        match v {
            Val::Suppressed => return Val::Suppressed,
            other => total += other.as_f64().unwrap_or(0.0),
        }
    }
    Val::plain(total)
}
