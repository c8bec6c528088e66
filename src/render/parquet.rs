//! Parquet: a record-level table (declared in disclose, read column by
//! column) as one file, each column in the type its values have.

use crate::disclose::{Records, Values};
use polars::prelude::*;
use polars_io::parquet::write::ParquetWriter;

/// The records as Parquet bytes, columns named by their machine names.
pub fn records(r: &Records) -> PolarsResult<Vec<u8>> {
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
    let mut df = DataFrame::new(r.rows, columns)?;
    let mut buf = Vec::new();
    ParquetWriter::new(&mut buf).finish(&mut df)?;
    Ok(buf)
}
