//! CSV rendering of published tables: the machine names as the header,
//! values in their columns' formats.

use crate::core::escape::cell_text;
use crate::disclose::{Table, Val};

/// The table as CSV bytes: header row of the exact column names, then one
/// line per row; text cells that a spreadsheet would run as a formula are
/// neutralised.
pub fn table(t: &Table, symbol: &str) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(t.columns.iter().map(|c| c.name))?;
    for row in &t.rows {
        w.write_record(row.iter().zip(&t.columns).map(|(v, c)| match v {
            Val::Text(s) => cell_text(s),
            other => other.render(c.format, symbol),
        }))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclose::{Column, Format, Spec};

    #[test]
    fn formulas_are_neutralised_and_numbers_fixed() {
        let t = Spec::new("t", "T")
            .col(
                Column::key("name", "Name"),
                |r: &(&'static str, Val, Val)| Val::text(r.0),
            )
            .col(Column::count("n", "N"), |r| r.1.clone())
            .col(Column::stat("rate", "Rate", Format::Percent, &["n"]), |r| {
                r.2.clone()
            })
            .build([
                (
                    "=HYPERLINK(\"x\")",
                    Val::Count(12.0),
                    Val::stat(0.5, Some(12)),
                ),
                ("Men's Shed, Salford", Val::Suppressed, Val::Empty),
            ])
            .unwrap();
        let out = String::from_utf8(table(&t, "*").unwrap()).unwrap();
        assert_eq!(
            out,
            "name,n,rate\r\n\"'=HYPERLINK(\"\"x\"\")\",12,0.5000\r\n\"Men's Shed, Salford\",*,\r\n"
        );
    }
}
