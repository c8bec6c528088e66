//! A built table: the declared columns and the rows of values that
//! disclosure control and every renderer read.

use super::declare::{Column, Format};

/// One published value. Renderers format it by its column's [`Format`];
/// they never compute.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Text(String),
    /// A count of people (or of events that people are): in a count
    /// column, subject to small-number suppression and rounding.
    Count(f64),
    /// Any other number. `base` is the number of people a statistic rests
    /// on: the value is withheld when that is below the disclosure minimum
    /// (None: not about people, e.g. money spent).
    Num {
        value: f64,
        base: Option<u64>,
        /// Fewer decimals than the column's, where the audit found that
        /// its decimals would pin a count (a mean of a few whole scores).
        places: Option<u8>,
    },
    Empty,
    /// Withheld by disclosure control.
    Suppressed,
}

impl Val {
    pub fn text(s: impl ToString) -> Val {
        Val::Text(s.to_string())
    }

    /// A number that is not about people (money spent, sessions, hours).
    pub fn plain(value: f64) -> Val {
        Val::Num {
            value,
            base: None,
            places: None,
        }
    }

    /// A statistic resting on `base` people.
    pub fn stat(value: f64, base: Option<u64>) -> Val {
        Val::Num {
            value,
            base,
            places: None,
        }
    }

    /// [`Val::stat`], or empty when there is no value (e.g. a rate of 0 people).
    pub fn opt_stat(value: Option<f64>, base: Option<u64>) -> Val {
        value.map_or(Val::Empty, |v| Val::stat(v, base))
    }

    /// [`Val::plain`], or empty.
    pub fn opt_plain(value: Option<f64>) -> Val {
        value.map_or(Val::Empty, Val::plain)
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

    /// The value as text in `format`, with `symbol` for a withheld value.
    /// Counts are whole numbers whatever the column's format.
    pub fn render(&self, format: Format, symbol: &str) -> String {
        match self {
            Val::Text(s) => s.clone(),
            Val::Count(n) => format_fixed(*n, 0),
            Val::Num { value, places, .. } => {
                format_fixed(*value, places.map_or(format.decimals(), usize::from))
            }
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

/// A total row and the rows that add up to it.
#[derive(Debug, Clone, PartialEq)]
pub struct TotalGroup {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// A table as published, built from its declaration ([`super::Spec`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The declared name: tables/NAME.csv when the table is written.
    pub name: &'static str,
    /// The caption pages show above it.
    pub title: String,
    /// Its sheet of vfm.xlsx, if it has one...
    pub sheet: Option<&'static str>,
    /// ...and the question the sheet answers.
    pub question: &'static str,
    /// False for a table that only a page or chart shows.
    pub written: bool,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Val>>,
    /// Which rows add up to which (secondary suppression), resolved from
    /// the declaration's totals when the table was built.
    pub(crate) groups: Vec<TotalGroup>,
    /// (statistic column, column it rests on): the statistic is withheld
    /// when that column's value is.
    pub(crate) derived: Vec<(usize, usize)>,
}

impl Table {
    /// The index of the column called `name`.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c.name == name)
    }

    /// The value in column `c` of `row` as text, in the column's format
    /// (`symbol` for a withheld value).
    pub fn cell(&self, row: &[Val], c: usize, symbol: &str) -> String {
        row[c].render(self.columns[c].format, symbol)
    }

    /// The index of a declared column in this table. Pages read published
    /// values through the declared [`Column`] constants, so a misspelt name
    /// does not compile; asking a table for a column it does not declare
    /// fails every test run (a debug assertion) and reads as absent.
    pub fn index(&self, c: Column) -> Option<usize> {
        let i = self.col(c.name);
        debug_assert!(i.is_some(), "{} has no column {}", self.name, c.name);
        i
    }

    /// The value in `row` of column `c` as text (`symbol` for a withheld
    /// value); empty when the table has no such column.
    pub fn text(&self, row: &[Val], c: Column, symbol: &str) -> String {
        self.index(c)
            .map(|i| self.cell(row, i, symbol))
            .unwrap_or_default()
    }

    /// The same table with only the rows whose column `c` shows one of
    /// `values` (every row when there is no such column). For showing only:
    /// the result carries no totals, so disclose before choosing rows.
    pub fn rows_where(&self, c: Column, values: &[&str]) -> Table {
        let Some(c) = self.index(c) else {
            return self.clone();
        };
        let keep = |r: &&Vec<Val>| matches!(&r[c], Val::Text(s) if values.contains(&s.as_str()));
        Table {
            rows: self.rows.iter().filter(keep).cloned().collect(),
            groups: Vec::new(),
            derived: Vec::new(),
            ..self.clone()
        }
    }

    /// The same table with only the columns `keep` chooses, in the table's
    /// order, under another caption: a page shows a wide table in two
    /// parts. For showing only, like [`Table::rows_where`].
    pub fn columns_where(&self, title: &str, keep: impl Fn(&Column) -> bool) -> Table {
        let chosen: Vec<usize> = (0..self.columns.len())
            .filter(|&c| keep(&self.columns[c]))
            .collect();
        Table {
            title: title.to_string(),
            columns: chosen.iter().map(|&c| self.columns[c]).collect(),
            rows: self
                .rows
                .iter()
                .map(|r| chosen.iter().map(|&c| r[c].clone()).collect())
                .collect(),
            groups: Vec::new(),
            derived: Vec::new(),
            ..self.clone()
        }
    }

    /// Writes `text` into every row's column `name` (an evidence pack's
    /// pooled tables cover a span of quarters, not the quarter their rows
    /// were counted in). False when there is no such column.
    pub fn set_text(&mut self, name: &str, text: &str) -> bool {
        let Some(c) = self.col(name) else {
            return false;
        };
        for r in &mut self.rows {
            r[c] = Val::text(text);
        }
        true
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

    #[test]
    fn values_render_in_their_column_format() {
        assert_eq!(
            Val::stat(0.5, Some(12)).render(Format::Percent, "*"),
            "0.5000"
        );
        assert_eq!(Val::plain(1250.0).render(Format::Money, "*"), "1250.00");
        assert_eq!(Val::plain(7.25).render(Format::Number(1), "*"), "7.3");
        assert_eq!(Val::Count(12.0).render(Format::Money, "*"), "12");
        assert_eq!(Val::Suppressed.render(Format::Count, "*"), "*");
        assert_eq!(Val::Empty.render(Format::Count, "*"), "");
    }
}
