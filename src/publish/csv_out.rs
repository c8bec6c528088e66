//! CSV rendering of published tables.

use super::table::PubTable;
use crate::core::escape::cell_text;

/// The table as CSV bytes: header row of the exact column names, then one
/// line per row; text cells that a spreadsheet would run as a formula are
/// neutralised.
pub fn render(t: &PubTable, symbol: &str) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(&t.columns)?;
    for row in &t.rows {
        w.write_record(row.iter().map(|v| match v {
            super::table::Val::Text(s) => cell_text(s),
            other => other.render(symbol),
        }))?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::table::Val;

    #[test]
    fn formulas_are_neutralised_and_numbers_fixed() {
        let mut t = PubTable::new("t", "T", &["name", "n", "rate"]);
        t.push(vec![
            Val::Text("=HYPERLINK(\"x\")".into()),
            Val::Count(12.0),
            Val::num(0.5, 4, Some(12)),
        ]);
        t.push(vec![
            Val::Text("Men's Shed, Salford".into()),
            Val::Suppressed,
            Val::Empty,
        ]);
        let out = String::from_utf8(render(&t, "*").unwrap()).unwrap();
        assert_eq!(
            out,
            "name,n,rate\r\n\"'=HYPERLINK(\"\"x\"\")\",12,0.5000\r\n\"Men's Shed, Salford\",*,\r\n"
        );
    }
}
