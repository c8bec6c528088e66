//! Render: a declared table, a checked return or a run's manifest into
//! bytes or text. Renderers format; they never compute, and never decide
//! what is shown (disclosure has already done that).
//!
//! `csv`, `json` and `console` need only what the checker needs (ingest,
//! contract, core) and build without the `report` feature; the workbook
//! (rust_xlsxwriter) and Parquet (polars) renderers need it.

pub mod console;
pub mod csv;
pub mod json;
#[cfg(feature = "report")]
pub mod parquet;
#[cfg(feature = "report")]
pub mod xlsx;
