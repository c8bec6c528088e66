//! How a published table is declared: once, with every column's machine
//! name, human label, format and disclosure role, the rows that add up to
//! totals, and how each value is read from a row of the stage before.
//!
//! Every writer (CSV, xlsx, HTML, charts) and the suppression engine read
//! the declaration, so a table or a column is added in one place. A name
//! that is not a column of the table (a statistic resting on a count that
//! is not there, a total keyed by a missing column) is refused when the
//! table is built, never skipped: a typo cannot switch suppression off.

use super::table::{Table, TotalGroup, Val};
use std::collections::BTreeMap;

/// How a column's numbers are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Names, codes and words.
    Text,
    /// A date, written YYYY-MM-DD.
    Date,
    /// A whole number (people, activities, returns).
    Count,
    /// Pounds, to the penny.
    Money,
    /// A share: a fraction from 0 to 1 (a percentage in the workbook).
    Percent,
    /// A mean score or change on a measure's own scale.
    Score,
    /// A ratio (benefit-cost ratio, payment ÷ cost), with these decimals.
    Ratio(u8),
    /// Any other number (hours, WELLBYs, days), with these decimals.
    Number(u8),
    /// Yes, no or not known (the record-level facts' flags).
    Flag,
}

impl Format {
    /// Decimals in the CSV (and in the workbook's number format).
    pub fn decimals(self) -> usize {
        match self {
            Format::Text | Format::Date | Format::Count | Format::Flag => 0,
            Format::Money | Format::Score => 2,
            Format::Percent => 4,
            Format::Ratio(d) | Format::Number(d) => d as usize,
        }
    }
}

/// What disclosure control does with a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Names or describes the row (quarter, area, project, a label): shown.
    Key,
    /// A number of people (or of events people are): 1 to 7 withheld,
    /// others rounded; where rows add up to a total, secondary suppression
    /// stops a withheld count being worked out from the rest.
    Count,
    /// A figure worked out from other published figures by a published
    /// rule (a share from its counts, money per head from money and a
    /// count, a fiscal value from a reduction and a unit cost): in the
    /// published edition it is worked out again from the figures as they
    /// are published, so it adds nothing to what they already tell.
    Derived(Rule),
    /// A statistic that cannot be worked out from published counts (a
    /// mean of scores, WELLBYs, a bootstrap interval of a mean): withheld
    /// when it rests on fewer people than the minimum, and with any column
    /// named here when that column's value is withheld. The audit
    /// (src/audit) models what it could tell and has it coarsened or
    /// withheld where it would pin a count.
    Statistic(&'static [&'static str]),
    /// Not about people (money spent, sessions, projects): shown as it is.
    Plain,
    /// A value about one person in the record-level facts, which only the
    /// internal edition writes: never published, so never disclosed.
    Record,
}

/// How a [`Role::Derived`] figure is worked out from published figures.
/// The stage before computes it from exact figures for the internal
/// edition; the published edition works it out again with `f` from the
/// figures as published. A test holds the two to the same definition.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The rule in words, for docs and for tests' messages
    /// ("n_improved ÷ n_people").
    pub text: &'static str,
    /// The columns of its own row it is worked out from: when one of them
    /// is withheld so is the figure, and when one is empty so is the
    /// figure (a share of nobody).
    pub from: &'static [&'static str],
    /// Other tables it reads (looked up through [`super::Inputs`]): they
    /// are disclosed and worked out first.
    pub reads: &'static [&'static str],
    /// The figure from the values of `from` (in that order) and anything
    /// else it looks up; None keeps the stage's value as a statistic
    /// (a table whose rows are of several kinds).
    pub f: fn(&[f64], &super::Inputs) -> Option<Val>,
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        (self.text, self.from, self.reads) == (other.text, other.from, other.reads)
    }
}

impl Eq for Rule {}

/// One declared column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// The machine name: the CSV header.
    pub name: &'static str,
    /// The human label: pages and workbooks.
    pub label: &'static str,
    pub format: Format,
    pub role: Role,
}

impl Column {
    /// A key column: text that names or describes the row.
    pub const fn key(name: &'static str, label: &'static str) -> Column {
        Column {
            name,
            label,
            format: Format::Text,
            role: Role::Key,
        }
    }

    /// A count of people.
    pub const fn count(name: &'static str, label: &'static str) -> Column {
        Column {
            name,
            label,
            format: Format::Count,
            role: Role::Count,
        }
    }

    /// A statistic resting on the people of its base and on the columns
    /// named in `rests_on`.
    pub const fn stat(
        name: &'static str,
        label: &'static str,
        format: Format,
        rests_on: &'static [&'static str],
    ) -> Column {
        Column {
            name,
            label,
            format,
            role: Role::Statistic(rests_on),
        }
    }

    /// A figure worked out from other published figures by `rule`.
    pub const fn derived(
        name: &'static str,
        label: &'static str,
        format: Format,
        rule: Rule,
    ) -> Column {
        Column {
            name,
            label,
            format,
            role: Role::Derived(rule),
        }
    }

    /// A number that is not about people.
    pub const fn plain(name: &'static str, label: &'static str, format: Format) -> Column {
        Column {
            name,
            label,
            format,
            role: Role::Plain,
        }
    }

    /// A value about one person, in the record-level facts.
    pub const fn record(name: &'static str, label: &'static str, format: Format) -> Column {
        Column {
            name,
            label,
            format,
            role: Role::Record,
        }
    }

    /// The columns a statistic rests on, or a derived figure is worked
    /// out from (none for other roles).
    pub fn rests_on(&self) -> &'static [&'static str] {
        match self.role {
            Role::Statistic(c) => c,
            Role::Derived(r) => r.from,
            _ => &[],
        }
    }

    /// Whether secondary suppression protects the column's values: counts
    /// only, since every other figure about people is either derived from
    /// the published counts or a statistic the audit models.
    pub fn adds_up(&self) -> bool {
        self.role == Role::Count
    }
}

/// Rows that add up to a total row, for secondary suppression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    /// Rows are grouped by these key columns' values...
    pub within: &'static [&'static str],
    /// ...and in each group the row whose `by` column reads `total` is
    /// the total of the others...
    pub by: &'static str,
    pub total: &'static str,
    /// ...all of them together, or (true) those of each value of `by` on
    /// their own, as each level of a VfM units table adds up to the total.
    pub each: bool,
}

impl Totals {
    /// In each group of rows with the same `within`, the rows add up to
    /// the one whose `by` column reads `total`.
    pub const fn sum(
        within: &'static [&'static str],
        by: &'static str,
        total: &'static str,
    ) -> Totals {
        Totals {
            within,
            by,
            total,
            each: false,
        }
    }

    /// In each group of rows with the same `within`, the rows of each value
    /// of `by` (each level) add up to the one whose `by` reads `total`.
    pub const fn each(
        within: &'static [&'static str],
        by: &'static str,
        total: &'static str,
    ) -> Totals {
        Totals {
            each: true,
            ..Totals::sum(within, by, total)
        }
    }
}

/// A declaration that cannot be used: a bug in needle, never in the data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeclarationError {
    #[error("table {table}: {what} '{name}', which is not a column of the table")]
    NoColumn {
        table: &'static str,
        what: String,
        name: &'static str,
    },
    #[error("table {table}: column {column} is declared twice")]
    Twice {
        table: &'static str,
        column: &'static str,
    },
    #[error("table {table}: {what}")]
    Role { table: &'static str, what: String },
}

/// How a column's value is read from a row `R` of the stage before.
pub type Read<R> = fn(&R) -> Val;

/// A table's declaration: name, caption, sheet, and its columns, each
/// with the function that reads its value from a row `R`.
pub struct Spec<R> {
    name: &'static str,
    title: String,
    sheet: Option<&'static str>,
    question: &'static str,
    written: bool,
    columns: Vec<(Column, Read<R>)>,
    totals: Vec<Totals>,
}

impl<R> Spec<R> {
    /// A table written as tables/NAME.csv, with a caption for pages.
    pub fn new(name: &'static str, title: &str) -> Spec<R> {
        Spec {
            name,
            title: title.to_string(),
            sheet: None,
            question: "",
            written: true,
            columns: Vec::new(),
            totals: Vec::new(),
        }
    }

    /// Also a sheet of vfm.xlsx, called `sheet`, answering `question` (the
    /// workbook's Read me lists each sheet with its question).
    pub fn sheet(mut self, sheet: &'static str, question: &'static str) -> Spec<R> {
        self.sheet = Some(sheet);
        self.question = question;
        self
    }

    /// Shown by a page or chart, not written as a CSV.
    pub fn unwritten(mut self) -> Spec<R> {
        self.written = false;
        // Nor is it a sheet: the workbook holds what the CSVs hold.
        self.sheet = None;
        self
    }

    /// The same table under another caption.
    pub fn titled(mut self, title: &str) -> Spec<R> {
        self.title = title.to_string();
        self
    }

    /// The same columns as another table, under a name and caption of its own.
    pub fn renamed(mut self, name: &'static str, title: &str) -> Spec<R> {
        self.name = name;
        self.titled(title)
    }

    /// The next column, and how its value is read from a row.
    pub fn col(mut self, column: Column, value: Read<R>) -> Spec<R> {
        self.columns.push((column, value));
        self
    }

    /// Rows that add up to totals.
    pub fn totals(mut self, t: Totals) -> Spec<R> {
        self.totals.push(t);
        self
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    pub fn columns(&self) -> impl Iterator<Item = &Column> {
        self.columns.iter().map(|(c, _)| c)
    }

    fn index(
        &self,
        what: impl Fn() -> String,
        name: &'static str,
    ) -> Result<usize, DeclarationError> {
        self.columns
            .iter()
            .position(|(c, _)| c.name == name)
            .ok_or_else(|| DeclarationError::NoColumn {
                table: self.name,
                what: what(),
                name,
            })
    }

    /// Checks that every name the declaration uses is one of its columns,
    /// of a role that makes sense there; returns the (statistic, column it
    /// rests on) pairs.
    pub fn check(&self) -> Result<Vec<(usize, usize)>, DeclarationError> {
        let role = |what: String| DeclarationError::Role {
            table: self.name,
            what,
        };
        for (i, (c, _)) in self.columns.iter().enumerate() {
            if self.columns[..i].iter().any(|(d, _)| d.name == c.name) {
                return Err(DeclarationError::Twice {
                    table: self.name,
                    column: c.name,
                });
            }
        }
        let mut derived = Vec::new();
        for (s, (c, _)) in self.columns.iter().enumerate() {
            if let Role::Derived(rule) = c.role {
                for &on in rule.from {
                    let k = self.index(|| format!("column {} is worked out from", c.name), on)?;
                    if k == s || self.columns[k].0.role == Role::Record {
                        return Err(role(format!(
                            "column {} is worked out from {on}, which is itself or a record",
                            c.name
                        )));
                    }
                }
                continue;
            }
            for &on in c.rests_on() {
                let k = self.index(|| format!("column {} rests on", c.name), on)?;
                if matches!(
                    self.columns[k].0.role,
                    Role::Key | Role::Plain | Role::Record
                ) {
                    return Err(role(format!(
                        "column {} rests on {on}, which is not withheld (a key, plain or record column)",
                        c.name
                    )));
                }
                derived.push((s, k));
            }
        }
        for t in &self.totals {
            for &name in t.within.iter().chain([&t.by]) {
                let k = self.index(|| "a total is grouped by".to_string(), name)?;
                if self.columns[k].0.role != Role::Key {
                    return Err(role(format!(
                        "a total is grouped by {name}, which is not a key column"
                    )));
                }
            }
        }
        Ok(derived)
    }

    /// Builds the table from its rows: each value read by its column's
    /// function, each checked against its column's role.
    pub fn build<I: IntoIterator<Item = R>>(self, rows: I) -> Result<Table, DeclarationError> {
        let derived = self.check()?;
        let columns: Vec<Column> = self.columns.iter().map(|(c, _)| *c).collect();
        let mut out = Vec::new();
        for r in rows {
            let row: Vec<Val> = self.columns.iter().map(|(_, f)| f(&r)).collect();
            for (c, v) in columns.iter().zip(&row) {
                fits(self.name, c, v)?;
            }
            out.push(row);
        }
        let mut t = Table {
            name: self.name,
            title: self.title,
            sheet: self.sheet,
            question: self.question,
            written: self.written,
            columns,
            rows: out,
            groups: Vec::new(),
            derived,
        };
        for totals in &self.totals {
            t.groups.extend(resolve(&t, totals));
        }
        Ok(t)
    }
}

/// Whether value `v` may sit in column `c`: a count only in a count
/// column, a statistic's base only where a base is read (a statistic or
/// derived figure), so that no value escapes the rule its column declares.
fn fits(table: &'static str, c: &Column, v: &Val) -> Result<(), DeclarationError> {
    let bad = |what: &str| {
        Err(DeclarationError::Role {
            table,
            what: format!("column {} ({:?}) holds {what}", c.name, c.role),
        })
    };
    match (v, c.role) {
        (Val::Count(_), Role::Count) => Ok(()),
        (Val::Count(_), _) => bad("a count, which only a count column may"),
        (Val::Num { base: Some(_), .. }, Role::Statistic(_) | Role::Derived(_)) => Ok(()),
        (Val::Num { base: Some(_), .. }, _) => {
            bad("a statistic's base, which only a statistic or derived column reads")
        }
        _ => Ok(()),
    }
}

/// The groups of rows that add up, for one [`Totals`] of a table.
fn resolve(t: &Table, totals: &Totals) -> Vec<TotalGroup> {
    // check() has made sure every name is a column.
    let Some(by) = t.col(totals.by) else {
        return Vec::new();
    };
    let within: Vec<usize> = totals.within.iter().filter_map(|k| t.col(k)).collect();
    let key_of = |row: &Vec<Val>| {
        within
            .iter()
            .map(|&k| row[k].render(t.columns[k].format, ""))
            .collect::<Vec<_>>()
    };
    let is_total = |row: &Vec<Val>| matches!(&row[by], Val::Text(s) if s == totals.total);
    let mut out = Vec::new();
    if totals.each {
        // Group → (first total row, rows of each value of `by`).
        type Levels = (Option<usize>, BTreeMap<String, Vec<usize>>);
        let mut groups: BTreeMap<Vec<String>, Levels> = BTreeMap::new();
        for (i, row) in t.rows.iter().enumerate() {
            let g = groups.entry(key_of(row)).or_default();
            if is_total(row) {
                g.0.get_or_insert(i);
            } else {
                let level = row[by].render(Format::Text, "");
                g.1.entry(level).or_default().push(i);
            }
        }
        for (total, levels) in groups.into_values() {
            let Some(total) = total else { continue };
            for parts in levels.into_values() {
                out.push(TotalGroup { total, parts });
            }
        }
    } else {
        let mut groups: BTreeMap<Vec<String>, (Option<usize>, Vec<usize>)> = BTreeMap::new();
        for (i, row) in t.rows.iter().enumerate() {
            let g = groups.entry(key_of(row)).or_default();
            if is_total(row) {
                g.0 = Some(i);
            } else {
                g.1.push(i);
            }
        }
        for (total, parts) in groups.into_values() {
            if let (Some(total), false) = (total, parts.is_empty()) {
                out.push(TotalGroup { total, parts });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Objectives-like rows: (area, people, improved, rate).
    type Row = (&'static str, u64, u64, f64);

    fn spec(rate: Column, totals: Totals) -> Spec<Row> {
        Spec::new("objectives", "T")
            .col(Column::key("area", "Area"), |r: &Row| Val::text(r.0))
            .col(Column::count("n_people", "People"), |r| Val::count(r.1))
            .col(Column::count("n_improved", "Improved"), |r| Val::count(r.2))
            .col(rate, |r| Val::stat(r.3, Some(r.1)))
            .totals(totals)
    }

    const RATE: Column = Column::stat(
        "rate_improved",
        "Share improved",
        Format::Percent,
        &["n_people", "n_improved"],
    );
    const BY_AREA: Totals = Totals::sum(&[], "area", "All areas");

    #[test]
    fn a_declaration_that_is_right_builds_with_its_totals_and_statistics() {
        let t = spec(RATE, BY_AREA)
            .build([
                ("A", 3, 1, 0.3333),
                ("B", 9, 6, 0.6667),
                ("All areas", 12, 7, 0.5833),
            ])
            .unwrap();
        assert_eq!(
            t.groups,
            [TotalGroup {
                total: 2,
                parts: vec![0, 1]
            }]
        );
        // rate_improved (column 3) rests on n_people (1) and n_improved (2).
        assert_eq!(t.derived, [(3, 1), (3, 2)]);
    }

    #[test]
    fn a_statistic_resting_on_a_missing_column_is_refused() {
        // A typo in a name: the table is refused, so it can never be
        // published with its suppression silently switched off.
        let typo = Column::stat("rate_improved", "Share", Format::Percent, &["n_peple"]);
        let e = spec(typo, BY_AREA).build([]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "table objectives: column rate_improved rests on 'n_peple', which is not a column of the table"
        );
    }

    #[test]
    fn a_total_by_a_missing_column_is_refused() {
        let e = spec(RATE, Totals::sum(&["quarter"], "area", "All areas"))
            .check()
            .unwrap_err();
        assert_eq!(
            e,
            DeclarationError::NoColumn {
                table: "objectives",
                what: "a total is grouped by".into(),
                name: "quarter"
            }
        );
        let e = spec(RATE, Totals::sum(&[], "aera", "All areas"))
            .check()
            .unwrap_err();
        assert!(
            e.to_string().contains("grouped by 'aera', which is not"),
            "{e}"
        );
    }

    #[test]
    fn roles_that_cannot_work_are_refused() {
        // A statistic resting on a key column would never be withheld with it.
        let on_key = Column::stat("rate_improved", "Share", Format::Percent, &["area"]);
        let e = spec(on_key, BY_AREA).check().unwrap_err();
        assert!(
            e.to_string()
                .contains("rests on area, which is not withheld"),
            "{e}"
        );
        // Totals grouped by a count column.
        let e = spec(RATE, Totals::sum(&["n_people"], "area", "All areas"))
            .check()
            .unwrap_err();
        assert!(e.to_string().contains("not a key column"), "{e}");
        // The same column twice.
        let twice = Spec::<Row>::new("t", "T")
            .col(Column::count("n", "N"), |r| Val::count(r.1))
            .col(Column::count("n", "N again"), |r| Val::count(r.2));
        assert_eq!(
            twice.check().unwrap_err(),
            DeclarationError::Twice {
                table: "t",
                column: "n"
            }
        );
    }

    #[test]
    fn a_value_that_escapes_its_columns_rule_is_refused() {
        // A count in a plain column would never be suppressed.
        let plain = Spec::<Row>::new("t", "T")
            .col(Column::plain("n", "N", Format::Count), |r| Val::count(r.1));
        let e = plain.build([("A", 3, 1, 0.0)]).unwrap_err();
        assert!(
            e.to_string().contains("column n (Plain) holds a count"),
            "{e}"
        );
        // A statistic's base in a plain column would never be read.
        let based = Spec::<Row>::new("t", "T").col(Column::plain("x", "X", Format::Money), |r| {
            Val::stat(r.3, Some(r.1))
        });
        let e = based.build([("A", 3, 1, 0.0)]).unwrap_err();
        assert!(e.to_string().contains("holds a statistic's base"), "{e}");
    }
}
