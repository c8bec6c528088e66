//! Record-level tables: declared like every published table (machine
//! name, label, format, role for each column) but read column by column,
//! because they hold a row per person × measure (about 400,000 in a
//! national run, too many to keep as table cells) and are never disclosed:
//! only the internal edition writes them.

use super::declare::{Column, DeclarationError, Role};

/// One column's values, all at once, in the type a columnar file keeps.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    Text(Vec<String>),
    /// Text that may be missing (a null, not an empty string).
    MaybeText(Vec<Option<String>>),
    Whole(Vec<u32>),
    Number(Vec<f64>),
    Maybe(Vec<Option<f64>>),
    Flag(Vec<Option<bool>>),
}

impl Values {
    fn len(&self) -> usize {
        match self {
            Values::Text(v) => v.len(),
            Values::MaybeText(v) => v.len(),
            Values::Whole(v) => v.len(),
            Values::Number(v) => v.len(),
            Values::Maybe(v) => v.len(),
            Values::Flag(v) => v.len(),
        }
    }
}

/// How a column's values are read from the rows.
pub type ReadAll<R> = fn(&[&R]) -> Values;

/// A record-level table's declaration.
pub struct RecordSpec<R> {
    name: &'static str,
    columns: Vec<(Column, ReadAll<R>)>,
}

/// A record-level table, read: each declared column with its values.
#[derive(Debug, Clone, PartialEq)]
pub struct Records {
    pub name: &'static str,
    pub rows: usize,
    pub columns: Vec<(Column, Values)>,
}

impl<R> RecordSpec<R> {
    pub fn new(name: &'static str) -> RecordSpec<R> {
        RecordSpec {
            name,
            columns: Vec::new(),
        }
    }

    /// The next column, and how its values are read from the rows.
    pub fn col(mut self, column: Column, values: ReadAll<R>) -> RecordSpec<R> {
        self.columns.push((column, values));
        self
    }

    /// Reads every column from `rows`. Columns must be record or key
    /// columns (nothing here is disclosed) and named once each.
    pub fn build(self, rows: &[&R]) -> Result<Records, DeclarationError> {
        let mut columns: Vec<(Column, Values)> = Vec::with_capacity(self.columns.len());
        for (c, read) in self.columns {
            if columns.iter().any(|(d, _)| d.name == c.name) {
                return Err(DeclarationError::Twice {
                    table: self.name,
                    column: c.name,
                });
            }
            if !matches!(c.role, Role::Record | Role::Key) {
                return Err(DeclarationError::Role {
                    table: self.name,
                    what: format!(
                        "column {} is {:?}, but a record-level table is never disclosed",
                        c.name, c.role
                    ),
                });
            }
            let values = read(rows);
            debug_assert_eq!(values.len(), rows.len(), "{}.{}", self.name, c.name);
            columns.push((c, values));
        }
        Ok(Records {
            name: self.name,
            rows: rows.len(),
            columns,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclose::Format;

    #[test]
    fn a_record_level_table_is_read_column_by_column_and_never_disclosed() {
        let rows = [("a", 1.5), ("b", 2.0)];
        let refs: Vec<&(&str, f64)> = rows.iter().collect();
        let r = RecordSpec::new("r")
            .col(Column::key("k", "Key"), |r: &[&(&str, f64)]| {
                Values::Text(r.iter().map(|x| x.0.to_string()).collect())
            })
            .col(Column::record("v", "Value", Format::Score), |r| {
                Values::Number(r.iter().map(|x| x.1).collect())
            })
            .build(&refs)
            .unwrap();
        assert_eq!(r.rows, 2);
        assert_eq!(r.columns[1].1, Values::Number(vec![1.5, 2.0]));
        // A count column in a table that is never disclosed would pretend
        // to be suppressed: refused.
        let e = RecordSpec::<(&str, f64)>::new("r")
            .col(Column::count("n", "People"), |r| {
                Values::Number(r.iter().map(|x| x.1).collect())
            })
            .build(&refs)
            .unwrap_err();
        assert!(e.to_string().contains("never disclosed"), "{e}");
    }
}
