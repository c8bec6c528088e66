//! Published tables: named columns of typed values that disclosure control
//! understands and every writer (CSV, HTML, xlsx) renders the same way.

/// A published value. Writers render; they never compute.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(String),
    /// A count of people (or events): subject to small-number suppression
    /// and rounding.
    Count(f64),
    /// A statistic (mean, rate, money per person): shown with `decimals`
    /// places, withheld when it rests on fewer people than the disclosure
    /// minimum. `base` is the number of people it rests on (None: not about
    /// people, e.g. total cost).
    Num {
        value: f64,
        decimals: usize,
        base: Option<u64>,
    },
    Empty,
    /// Withheld by disclosure control.
    Suppressed,
}

impl Val {
    pub fn num(value: f64, decimals: usize, base: Option<u64>) -> Val {
        Val::Num {
            value,
            decimals,
            base,
        }
    }

    pub fn opt(value: Option<f64>, decimals: usize, base: Option<u64>) -> Val {
        value.map_or(Val::Empty, |v| Val::num(v, decimals, base))
    }

    pub fn count(n: u64) -> Val {
        Val::Count(n as f64)
    }

    pub fn opt_count(n: Option<u64>) -> Val {
        n.map_or(Val::Empty, Val::count)
    }

    /// The number behind the value, if it is shown.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Val::Count(n) => Some(*n),
            Val::Num { value, .. } => Some(*value),
            _ => None,
        }
    }

    /// The value as text, with the suppression symbol for withheld values.
    pub fn render(&self, symbol: &str) -> String {
        match self {
            Val::Text(s) => s.clone(),
            Val::Count(n) => format_fixed(*n, 0),
            Val::Num {
                value, decimals, ..
            } => format_fixed(*value, *decimals),
            Val::Empty => String::new(),
            Val::Suppressed => symbol.to_string(),
        }
    }
}

/// Fixed decimals with round-half-away-from-zero, never "-0.00".
pub fn format_fixed(v: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let rounded = (v * scale).round() / scale;
    let rounded = if rounded == 0.0 { 0.0 } else { rounded };
    format!("{rounded:.decimals$}")
}

/// A table as published.
#[derive(Debug, Clone, PartialEq)]
pub struct PubTable {
    /// File stem, e.g. `measures` for tables/measures.csv.
    pub name: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Val>>,
    /// Rows whose counts add up to a total row, for secondary suppression.
    pub totals: Vec<TotalGroup>,
    /// (statistic column, count column): a statistic that would reveal the
    /// count (cost ÷ cost-per-person = people) is withheld with it.
    pub derived: Vec<(usize, usize)>,
    /// Money columns that add up like counts (e.g. fiscal value, which
    /// shows the reduction it rests on): secondary suppression covers them.
    pub additive: Vec<usize>,
}

/// A total row and the rows that add up to it.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalGroup {
    pub total: usize,
    pub parts: Vec<usize>,
}

impl PubTable {
    pub fn new(name: &str, title: &str, columns: &[&str]) -> PubTable {
        PubTable {
            name: name.to_string(),
            title: title.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            totals: Vec::new(),
            derived: Vec::new(),
            additive: Vec::new(),
        }
    }

    /// Declares that rows `parts` add up to row `total`.
    pub fn total_of(&mut self, total: usize, parts: Vec<usize>) {
        if !parts.is_empty() {
            self.totals.push(TotalGroup { total, parts });
        }
    }

    /// Declares that statistic column `stat` would reveal count column `count`.
    pub fn derive(&mut self, stat: &str, count: &str) {
        if let (Some(s), Some(c)) = (self.col(stat), self.col(count)) {
            self.derived.push((s, c));
        }
    }

    /// Declares that money column `name` adds up across total groups.
    pub fn additive(&mut self, name: &str) {
        if let Some(c) = self.col(name) {
            self.additive.push(c);
        }
    }

    /// Groups rows by a key built from some columns and declares, for each
    /// group, that the rows whose `by` column is not `total_label` add up to
    /// the row whose `by` column is `total_label`.
    pub fn total_by(&mut self, key_cols: &[&str], by: &str, total_label: &str) {
        let Some(b) = self.col(by) else { return };
        let keys: Vec<usize> = key_cols.iter().filter_map(|k| self.col(k)).collect();
        let key_of = |row: &Vec<Val>| keys.iter().map(|&k| row[k].render("")).collect::<Vec<_>>();
        let mut groups: std::collections::BTreeMap<Vec<String>, (Option<usize>, Vec<usize>)> =
            Default::default();
        for (i, row) in self.rows.iter().enumerate() {
            let g = groups.entry(key_of(row)).or_default();
            if row[b] == Val::Text(total_label.to_string()) {
                g.0 = Some(i);
            } else {
                g.1.push(i);
            }
        }
        for (_, (total, parts)) in groups {
            if let Some(t) = total {
                self.total_of(t, parts);
            }
        }
    }

    /// The same table with only the rows whose column `name` shows one of
    /// `values` (every row when there is no such column).
    pub fn rows_where(&self, name: &str, values: &[&str]) -> PubTable {
        let Some(c) = self.col(name) else {
            return self.clone();
        };
        PubTable {
            rows: self
                .rows
                .iter()
                .filter(|r| values.iter().any(|v| r[c].render("") == *v))
                .cloned()
                .collect(),
            ..self.clone()
        }
    }

    pub fn push(&mut self, row: Vec<Val>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row width of {}", self.name);
        self.rows.push(row);
    }

    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_formatting() {
        assert_eq!(format_fixed(2.345, 2), "2.35");
        assert_eq!(format_fixed(-0.001, 2), "0.00");
        assert_eq!(format_fixed(12.0, 0), "12");
        assert_eq!(format_fixed(0.125, 4), "0.1250");
    }
}
