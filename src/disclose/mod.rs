//! Disclose: every published table declared once, and the one engine that
//! applies disclosure control to it before anything is written or drawn.
//!
//! A table is a declaration ([`Spec`]): its name (tables/NAME.csv), a
//! caption, its workbook sheet, and for each column the machine name, a
//! human label, a [`Format`] and a disclosure [`Role`], with the function
//! that reads the value from a row of the stage before. Built, it is a
//! [`Table`]; [`Published`] holds a run's tables after disclosure (or
//! exact, for `--no-suppression`). Renderers, pages and charts read only
//! what [`Published`] holds, so a chart can never show what a table
//! withholds.

mod declare;
mod derive;
mod engine;
mod records;
mod table;
#[cfg(feature = "report")]
pub mod tables;

pub use declare::{Column, DeclarationError, Format, Read, Role, Rule, Spec, Totals};
pub use derive::{Consts, Inputs, per_head, printed, share, sum};
pub use engine::{Action, Remedy, apply, disclose, primary, rules_against_stage};
pub use records::{ReadAll, RecordSpec, Records, Values};
pub use table::{Table, Val, format_fixed};

use crate::config::Disclosure;

/// A run's tables as they are published: disclosed (the published
/// edition) or exact (`--no-suppression`, or a project's own feedback).
#[derive(Debug, Clone)]
pub struct Published {
    tables: Vec<Table>,
    suppressed: bool,
}

impl Published {
    /// The published edition: disclosure control applied to every table,
    /// with the audit's `remedies`, and every derived figure worked out
    /// from the published figures.
    pub fn disclosed(
        tables: &[Table],
        d: &Disclosure,
        consts: &Consts,
        remedies: &[Remedy],
    ) -> Published {
        Published {
            tables: disclose(tables, d, consts, remedies),
            suppressed: true,
        }
    }

    /// Exact figures, for internal use or for the project they came from.
    pub fn exact(tables: Vec<Table>) -> Published {
        Published {
            tables,
            suppressed: false,
        }
    }

    /// Whether disclosure control was applied.
    pub fn suppressed(&self) -> bool {
        self.suppressed
    }

    /// The table declared as `name` (a name constant of [`tables`]), if
    /// the run has it.
    pub fn get(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }

    /// Every table, in the order declared.
    pub fn iter(&self) -> impl Iterator<Item = &Table> {
        self.tables.iter()
    }
}
