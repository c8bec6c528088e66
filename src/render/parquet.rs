//! Parquet: a record-level table (declared in disclose, read column by
//! column) as one file, each column in the type its values have. A large
//! table is built and written one row group at a time ([`in_groups`]), so
//! a national run's millions of facts are never all held as cells.

use crate::disclose::{Records, Values};
use polars::prelude::*;
use polars_io::parquet::write::ParquetWriter;

/// The records as Parquet bytes, columns named by their machine names.
pub fn records(r: &Records) -> PolarsResult<Vec<u8>> {
    let mut df = frame(r)?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(&mut df)?;
    Ok(buf)
}

/// The rows of a row group, as polars' writer would cut `rows` rows
/// written at once: groups of about 512 × 512 rows, `rows / 512²` of them
/// (one when fewer), equal but the last, which takes the rest.
fn groups(rows: usize) -> Vec<std::ops::Range<usize>> {
    let n = rows / (512 * 512);
    if n <= 1 {
        return std::iter::once(0..rows).collect();
    }
    let size = rows / n;
    (0..n)
        .map(|i| i * size..if i + 1 == n { rows } else { (i + 1) * size })
        .collect()
}

/// `rows` records as Parquet bytes, built one row group at a time by
/// `build` (given each group's rows): the same bytes as [`records`] on
/// them all, with one group's cells in memory at a time.
pub fn in_groups<E: From<PolarsError>>(
    rows: usize,
    build: impl Fn(std::ops::Range<usize>) -> Result<Records, E>,
) -> Result<Vec<u8>, E> {
    let mut buf = Vec::new();
    let mut writer = None;
    for range in groups(rows) {
        let df = frame(&build(range)?)?;
        if writer.is_none() {
            writer = Some(ParquetWriter::new(&mut buf).batched(df.schema())?);
        }
        if let Some(w) = writer.as_mut() {
            w.write_batch(&df)?;
        }
    }
    if let Some(w) = writer {
        w.finish()?;
    }
    Ok(buf)
}

fn frame(r: &Records) -> PolarsResult<DataFrame> {
    let columns: Vec<Column> = r
        .columns
        .iter()
        .map(|(c, v)| {
            let name = c.name.into();
            match v {
                Values::Text(v) => Column::new(name, v),
                Values::MaybeText(v) => Column::new(name, v),
                Values::Whole(v) => Column::new(name, v),
                Values::Number(v) => Column::new(name, v),
                Values::Maybe(v) => Column::new(name, v),
                Values::Flag(v) => Column::new(name, v),
            }
        })
        .collect();
    DataFrame::new(r.rows, columns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::disclose::Column as Col;

    fn records(range: std::ops::Range<usize>) -> Records {
        let n = range.len();
        Records {
            name: "t",
            rows: n,
            columns: vec![
                (
                    Col::key("k", "K"),
                    Values::Whole(range.clone().map(|i| i as u32).collect()),
                ),
                (
                    Col::key("t", "T"),
                    Values::Text(range.map(|i| format!("row {}", i % 7)).collect()),
                ),
            ],
        }
    }

    #[test]
    fn row_groups_are_cut_as_polars_cuts_them() {
        // 600,000 rows: 600,000 / 262,144 = 2 groups of 300,000.
        assert_eq!(groups(600_000), [0..300_000, 300_000..600_000]);
        // 1,100,000: 4 groups of 275,000.
        assert_eq!(groups(1_100_000).len(), 4);
        assert_eq!(groups(1_100_001)[3], 825_000..1_100_001);
        assert_eq!((groups(10).len(), groups(10)[0].clone()), (1, 0..10));
        assert_eq!((groups(0).len(), groups(0)[0].clone()), (1, 0..0));
    }

    #[test]
    fn a_table_written_a_group_at_a_time_is_the_same_bytes() {
        for rows in [5, 600_000, 1_100_001] {
            let whole = super::records(&records(0..rows)).unwrap();
            let grouped = in_groups(rows, |r| Ok::<_, PolarsError>(records(r))).unwrap();
            assert!(whole == grouped, "{rows} rows");
        }
    }
}
